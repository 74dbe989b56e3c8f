// Parses every ```mermaid block of the given Markdown files or directories
// (default: ../golden) with the real mermaid parser, running under jsdom.
// Beyond "it parses", a gantt must show every task line as a task and keep
// its title, and a flowchart every node and edge line: a task id such as
// `section` or `title` parses, but as a statement, and the chart then shows
// fewer tasks. Exit 0 when every block passes, 1 otherwise, 2 on setup errors.
//
// Usage: node scripts/check-mermaid.mjs [PATH...]
// Needs `npm ci` in scripts/ (mermaid, jsdom; installed under scripts/node_modules).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
for (const key of ["window", "document", "navigator", "Element", "HTMLElement", "SVGElement", "DOMParser", "MutationObserver"]) {
  if (!(key in globalThis)) {
    Object.defineProperty(globalThis, key, { value: key === "window" ? dom.window : dom.window[key], configurable: true });
  }
}
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

function markdownFiles(path) {
  const st = statSync(path);
  if (st.isFile()) return path.endsWith(".md") ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => markdownFiles(join(path, name)));
}

function mermaidBlocks(text) {
  const blocks = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^(`{3,}|~{3,})\s*mermaid\s*$/);
    if (!open) continue;
    const body = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].startsWith(open[1])) body.push(lines[j++]);
    blocks.push({ line: i + 1, body: body.join("\n") + "\n" });
    i = j;
  }
  return blocks;
}

// What the chart must contain, read from the lines planforge writes.
function expected(body) {
  const lines = body.split("\n");
  return {
    kind: lines[0].trim().split(/\s+/)[0],
    tasks: lines.filter((l) => / : (?:[a-z]+, )*t\d+, /.test(l)).length,
    taskTitles: lines
      .filter((l) => / : (?:[a-z]+, )*t\d+, /.test(l))
      .map((l) => decodeEntities(l.slice(0, l.lastIndexOf(" : ")).trim())),
    title: (lines.find((l) => /^\s+title /.test(l)) || "").trim().slice("title ".length),
    nodes: lines.filter((l) => /^\s+[ti]\d+\["/.test(l)).length,
    edges: lines.filter((l) => /^\s+[ti]\d+ --> [ti]\d+$/.test(l)).length,
  };
}

function decodeEntities(text) {
  return text.replace(/#(\w+);/g, (m, name) => {
    if (/^\d+$/.test(name)) return String.fromCodePoint(Number(name));
    return { quot: '"', lt: "<", gt: ">", amp: "&" }[name] ?? m;
  });
}

function mermaidUnplaceholder(text) {
  return text.replace(/ﬂ°°(\d+)¶ß/g, "#$1;").replace(/ﬂ°(\w+)¶ß/g, "#$1;");
}

async function check(body) {
  await mermaid.parse(body); // throws on a syntax error
  const want = expected(body);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(body);
  const db = diagram.db;
  const problems = [];
  if (want.kind === "gantt") {
    const shown = db.getTasks();
    const tasks = shown.length;
    if (tasks !== want.tasks) problems.push(`shows ${tasks} of ${want.tasks} tasks`);
    const titles = shown.map((t) => decodeEntities(mermaidUnplaceholder(t.task)).trim());
    want.taskTitles.forEach((title, i) => {
      if (titles[i] !== undefined && titles[i] !== title) {
        problems.push(`task ${i + 1} reads ${JSON.stringify(titles[i])}, not ${JSON.stringify(title)}`);
      }
    });
    // The db holds mermaid's placeholders for entity codes (decoded only
    // when drawing): undo both sides to compare the text a reader sees.
    const title = decodeEntities(mermaidUnplaceholder(db.getDiagramTitle()));
    if (title !== decodeEntities(want.title).trim()) {
      problems.push(`title is ${JSON.stringify(title)}`);
    }
  } else if (want.kind === "flowchart") {
    const nodes = db.getVertices().size;
    const edges = db.getEdges().length;
    if (nodes !== want.nodes) problems.push(`shows ${nodes} of ${want.nodes} nodes`);
    if (edges !== want.edges) problems.push(`shows ${edges} of ${want.edges} edges`);
  }
  return problems;
}

const args = process.argv.slice(2);
const roots = (args.length ? args : [join(repo, "golden")]).map((p) => resolve(p));
let files = 0;
let blocks = 0;
let failed = 0;
for (const root of roots) {
  for (const file of markdownFiles(root)) {
    const found = mermaidBlocks(readFileSync(file, "utf8"));
    if (found.length) files++;
    for (const block of found) {
      blocks++;
      let problems;
      try {
        problems = await check(block.body);
      } catch (e) {
        problems = [String(e && e.message ? e.message : e).split("\n").slice(0, 3).join(" ")];
      }
      if (problems.length) {
        failed++;
        console.log(`${relative(repo, file)}:${block.line}: ${problems.join("; ")}`);
      }
    }
  }
}
const version = JSON.parse(readFileSync(join(here, "node_modules/mermaid/package.json"), "utf8")).version;
console.log(`mermaid ${version}: ${blocks - failed} of ${blocks} blocks in ${files} files parse and show every task, node and edge`);
process.exit(failed ? 1 : blocks ? 0 : 2);
