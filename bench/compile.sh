#!/usr/bin/env bash
# Compile benchmark (issue 3): wall time and peak memory of
# `planforge compile` on generated specs of 10, 100 and 1,000 agents with
# 10x as many tasks. Not run in CI. Usage: bench/compile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-8s %-8s %-10s %-12s %-12s\n' agents tasks spec_KiB wall_ms peak_MiB
for n in 10 100 1000; do
  python3 bench/gen_spec.py "$n" > "$work/spec-$n.yaml"
  best=""
  for run in 1 2 3; do
    rm -rf "$work/out-$n"
    /usr/bin/time -f '%e %M' -o "$work/time" target/release/planforge compile "$work/spec-$n.yaml" -o "$work/out-$n" > /dev/null
    read -r secs kib < "$work/time"
    ms=$(python3 -c "print(int(float('$secs')*1000))")
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; peak=$kib; fi
  done
  size=$(( $(stat -c %s "$work/spec-$n.yaml") / 1024 ))
  printf '%-8s %-8s %-10s %-12s %-12s\n' "$n" "$((n * 10))" "$size" "$best" "$((peak / 1024))"
done
