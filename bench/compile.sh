#!/usr/bin/env bash
# Compile benchmark (issues 3 and 10): wall time and peak memory of
# `planforge compile` and `planforge plan --format json` on generated specs
# of 10, 100 and 1,000 agents with 10x as many tasks, agent capacity on
# (see gen_spec.py). Not run in CI. Usage: bench/compile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-8s %-8s %-8s %-10s %-12s %-12s\n' command agents tasks spec_KiB wall_ms peak_MiB
best_of_3() { # prints "ms kib" of the fastest of three runs of "$@"
  local best="" peak=""
  for run in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" > /dev/null
    read -r secs kib < "$work/time"
    ms=$(python3 -c "print(int(float('$secs')*1000))")
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; peak=$kib; fi
  done
  echo "$best $peak"
}
for n in 10 100 1000; do
  python3 bench/gen_spec.py "$n" > "$work/spec-$n.yaml"
  size=$(( $(stat -c %s "$work/spec-$n.yaml") / 1024 ))
  rm -rf "$work/out-$n"
  read -r ms kib < <(best_of_3 target/release/planforge compile "$work/spec-$n.yaml" -o "$work/out-$n" --force)
  printf '%-8s %-8s %-8s %-10s %-12s %-12s\n' compile "$n" "$((n * 10))" "$size" "$ms" "$((kib / 1024))"
  read -r ms kib < <(best_of_3 target/release/planforge plan "$work/spec-$n.yaml" --format json)
  printf '%-8s %-8s %-8s %-10s %-12s %-12s\n' plan "$n" "$((n * 10))" "$size" "$ms" "$((kib / 1024))"
done
