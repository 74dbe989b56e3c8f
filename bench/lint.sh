#!/usr/bin/env bash
# Benchmark `planforge lint` against reading the bytes (rg), rumdl and
# markdownlint-cli2 on the same generated corpus, in one run.
#
# Usage: bench/lint.sh [FILES]        (default 2300 files, about 18 MB)
#
# The corpus holds about 24,000 findings (mostly placeholders, at the
# density of half-finished docs); every output format is timed on it against
# rules-off. Then, on a second corpus of 2,000 small half-filled templates
# with about 58,000 findings (bench/gen_findings.py, 29 per file: a stress
# test of the per-finding cost), every format against rules-off and rg.
#
# Needs: python3, hyperfine, rg; rumdl and markdownlint-cli2 are compared
# when installed (apt-get install ripgrep hyperfine; pip install rumdl;
# npm install -g markdownlint-cli2). Not run in CI.
# Env: BENCH_DIR (default /tmp/planforge-bench), RUNS (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

files=${1:-2300}
dir=${BENCH_DIR:-/tmp/planforge-bench}
runs=${RUNS:-10}
corpus="$dir/corpus"

for tool in python3 hyperfine rg; do
  command -v "$tool" >/dev/null || { echo "bench/lint.sh needs $tool" >&2; exit 2; }
done

rm -rf "$corpus" "$dir/findings" && mkdir -p "$dir"
python3 bench/gen_corpus.py "$corpus" "$files"
python3 bench/gen_findings.py "$dir/findings" 2000
cargo build --release --quiet
pf="$PWD/target/release/planforge"
mb=$(find "$corpus" -name 'doc*.md' -printf '%s\n' | awk '{s += $1} END {print s / 1e6}')
small="$dir/small.md"
mv "$corpus/small.md" "$small"   # timed on its own, not part of the corpus
cd "$dir"   # no planforge.toml, .rumdl.toml or .markdownlint* around
# Every rule off: what reading, walking and the one Markdown parse cost.
{ echo "[lint.rules]"; "$pf" lint --list-rules | awk '{print $1 " = \"off\""}'; } > rules-off.toml

cmds=(
  -n rg          "rg -c --no-messages '\\[[A-Z][A-Z0-9_%]+\\]|\\{\\{|\\[\\[LLM:' corpus"
  -n planforge   "$pf lint corpus"
  -n "planforge, rules off" "$pf lint --config rules-off.toml corpus"
  -n "planforge, json"  "$pf lint --format json corpus"
  -n "planforge, sarif" "$pf lint --format sarif corpus"
  -n "planforge, github" "$pf lint --format github corpus"
)
command -v rumdl >/dev/null && cmds+=(-n rumdl "rumdl check --no-cache --no-config corpus")
hyperfine -N -i --warmup 2 --runs "$runs" --export-json corpus.json "${cmds[@]}" >/dev/null

if command -v markdownlint-cli2 >/dev/null; then
  hyperfine -N -i --runs 1 --export-json mdl.json \
    -n markdownlint-cli2 "markdownlint-cli2 'corpus/**/*.md'" >/dev/null
fi
many=(
  -n "findings: rg"        "rg -c --no-messages '\\[[A-Z][A-Z0-9_%]+\\]|\\{\\{|\\[\\[LLM:' findings"
  -n "findings: rules off" "$pf lint --config rules-off.toml findings"
  -n "findings: human"     "$pf lint findings"
  -n "findings: json"      "$pf lint --format json findings"
  -n "findings: sarif"     "$pf lint --format sarif findings"
  -n "findings: github"    "$pf lint --format github findings"
)
hyperfine -N -i --warmup 2 --runs "$runs" --export-json findings.json "${many[@]}" >/dev/null
hyperfine -N -i --warmup 10 --runs 200 --export-json small.json \
  -n "planforge (1 small file)" "$pf lint $small" >/dev/null

echo "planforge found: $("$pf" lint corpus | tail -n 1)"
echo "findings corpus: $("$pf" lint findings | tail -n 1)"
python3 - "$files" "$mb" <<'PY'
import json, os, sys
files, mb = int(sys.argv[1]), float(sys.argv[2])
results = json.load(open("corpus.json"))["results"]
if os.path.exists("mdl.json"):
    results += json.load(open("mdl.json"))["results"]
rg = next(r["mean"] for r in results if r["command"] == "rg")
off = next(r["mean"] for r in results if r["command"] == "planforge, rules off")
print(f"corpus: {files} files, {mb:.1f} MB, {os.cpu_count()} cores")
print(f"{'tool':<24}{'wall (s)':>10}{'files/s':>12}{'MB/s':>10}{'x rg':>8}{'x rules off':>13}")
for r in results:
    m = r["mean"]
    x_off = f"{m / off:>13.2f}" if r["command"].startswith("planforge") else ""
    print(f"{r['command']:<24}{m:>10.3f}{files / m:>12.0f}{mb / m:>10.1f}{m / rg:>8.1f}{x_off}")
many = json.load(open("findings.json"))["results"]
off = next(r["mean"] for r in many if r["command"] == "findings: rules off")
print(f"{'many findings':<24}{'wall (s)':>10}{'x rules off':>14}")
for r in many:
    print(f"{r['command']:<24}{r['mean']:>10.3f}{r['mean'] / off:>14.2f}")
s = json.load(open("small.json"))["results"][0]
print(f"one small file: {s['mean'] * 1000:.2f} ms mean, {s['median'] * 1000:.2f} ms median wall")
PY
