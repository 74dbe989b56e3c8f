#!/usr/bin/env bash
# Benchmark `planforge fill` (issue 13): seed 000 (the JAEGIS framework
# template, ~25 KB, ~150 slots) filled from a completed skeleton, the
# skeleton itself, and seed 000 filled 100 times over as a directory.
# Target: seed 000 fills in under 5 ms (whole process). Not run in CI.
#
# Usage: bench/fill.sh            Needs: python3, hyperfine.
# Env: BENCH_DIR (default /tmp/planforge-bench-fill), RUNS (default 50).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in python3 hyperfine; do
  command -v "$tool" >/dev/null || { echo "bench/fill.sh needs $tool" >&2; exit 2; }
done
dir=${BENCH_DIR:-/tmp/planforge-bench-fill}
runs=${RUNS:-50}
rm -rf "$dir" && mkdir -p "$dir/templates"
cargo build --release --quiet
pf="$PWD/target/release/planforge"
seed=tests/fixtures/fill/seeds/000-jaegis-framework.md
cp "$seed" "$dir/seed.md"
"$pf" fill "$dir/seed.md" --skeleton > "$dir/skeleton.yaml"
# Complete the skeleton: every "" becomes text naming its key.
python3 - "$dir/skeleton.yaml" "$dir/values.yaml" <<'PY'
import re, sys
out = []
for line in open(sys.argv[1]):
    m = re.match(r'^(\s*(?:- )?)([a-z0-9_]+): ""$', line.rstrip("\n"))
    out.append(f'{m.group(1)}{m.group(2)}: "Filled {m.group(2)}"\n' if m else line)
open(sys.argv[2], "w").write("".join(out))
PY
for i in $(seq -w 1 100); do cp "$seed" "$dir/templates/seed-$i.md"; done
"$pf" fill "$dir/seed.md" --values "$dir/values.yaml" -o "$dir/out.md"
"$pf" lint --no-config "$dir/out.md" > /dev/null
# `--version` is the cost of starting the process at all; `-o` adds the
# atomic write (temporary file, fsync, rename).
hyperfine --warmup 5 --runs "$runs" -N \
  -n "planforge --version (process start)" "$pf --version" \
  -n "fill seed 000 to stdout" "$pf fill $dir/seed.md --values $dir/values.yaml" \
  -n "fill seed 000 -o (atomic write)" "$pf fill $dir/seed.md --values $dir/values.yaml -o $dir/out.md" \
  -n "skeleton seed 000" "$pf fill $dir/seed.md --skeleton" \
  -n "lint the filled seed" "$pf lint --no-config $dir/out.md" \
  -n "fill 100 x seed 000 (directory)" "$pf fill $dir/templates --values $dir/values.yaml -o $dir/out"
