// Runs markdownlint-cli2 (default rules, MD013 and MD033 off: see
// compiled.markdownlint-cli2.jsonc) on compiled documents: the given directories, or by
// default every golden output directory of a compiled spec (those holding a
// manifest.json) under ../golden. Exit 0 when clean, 1 on findings.
//
// Usage: node scripts/check-markdownlint.mjs [DIR...]
// Needs `npm ci` in scripts/ (markdownlint-cli2, under scripts/node_modules).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "markdownlint-cli2";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");

function compiledDirs(dir) {
  if (existsSync(join(dir, "manifest.json"))) return [dir];
  return readdirSync(dir)
    .sort()
    .map((name) => join(dir, name))
    .filter((p) => statSync(p).isDirectory())
    .flatMap(compiledDirs);
}

const args = process.argv.slice(2);
const dirs = args.length ? args.map((p) => resolve(p)) : compiledDirs(join(repo, "golden"));
const globs = dirs.map((d) => `${relative(repo, d).split("\\").join("/") || "."}/**/*.md`);
const code = await main({
  directory: repo,
  argv: ["--config", join(here, "compiled.markdownlint-cli2.jsonc"), ...globs],
  logMessage: (m) => console.log(m),
  logError: (m) => console.log(m),
});
console.log(`markdownlint-cli2 on ${dirs.length} compiled output directories: ${code === 0 ? "clean" : "findings above"}`);
process.exit(code);
