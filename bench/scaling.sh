#!/usr/bin/env bash
# Scaling benchmark for the issue-9 repros: each input at 1x, 10x and 100x,
# timed with a release build. The times should grow about linearly (10x per
# step); a quadratic cost shows as ~100x per step.
#
#   bench/scaling.sh            # builds `cargo build --release` first
#   PLANFORGE=path/to/bin bench/scaling.sh
#
# Inputs are generated in a temporary directory (awk only, no other tools).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${PLANFORGE:-}" ]]; then
  cargo build --release --quiet
  PLANFORGE=target/release/planforge
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# seconds (3 decimals) of one run; output and exit status are ignored
timed() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

# suppressions N: N suppression comments, each followed by a finding that a
# different rule's comment does not suppress (every finding meets every comment)
gen_suppressions() {
  awk -v n="$1" 'BEGIN { print "# Guide\n"; for (i = 0; i < n; i++) printf "<!-- planforge-disable-next-line todo-marker -->\nOwner: [OWNER_NAME_%d]\n\n", i }'
}
# long-line N: N placeholders on one line
gen_long_line() {
  awk -v n="$1" 'BEGIN { printf "# Guide\n\n"; for (i = 0; i < n; i++) printf "[OWNER_NAME] "; print "" }'
}
# lone-tags N: N lone `<br>` tags (each once searched for its closing tag)
gen_lone_tags() {
  awk -v n="$1" 'BEGIN { print "# Guide\n"; for (i = 0; i < n; i++) printf "Line %d<br>\n", i }'
}
spec_head() {
  printf 'project:\n  name: Bench\n  date: 2026-01-05\nagents:\n  - id: dev\n    name: Dev\n    role: Implementation\n'
}
# unknown-refs N: N tasks, each depending on an id that does not exist
gen_unknown_refs() {
  spec_head
  awk -v n="$1" 'BEGIN { print "tasks:"; for (i = 0; i < n; i++) printf "  - id: T%d\n    name: Task %d\n    agent: dev\n    duration: 1d\n    depends_on: [X%d]\n", i, i, i }'
}
# unknown-keys N: N unknown keys in `project`
gen_unknown_keys() {
  awk -v n="$1" 'BEGIN { print "project:\n  name: Bench\n  date: 2026-01-05"; for (i = 0; i < n; i++) printf "  extra_key_%d: 1\n", i }'
}
# non-ascii-flow N: one non-ASCII character, then a flow sequence of N items
gen_non_ascii_flow() {
  spec_head | sed 's/name: Bench/name: Bénch/'
  awk -v n="$1" 'BEGIN { printf "tasks:\n  - id: T1\n    name: T\n    agent: dev\n    duration: 1d\n    supporting: ["; for (i = 0; i < n; i++) printf "%sdev", (i ? ", " : ""); print "]" }'
}

run_case() {
  local name=$1 base=$2 ext=$3 cmd=$4
  printf '%-16s' "$name"
  for mult in 1 10 100; do
    local n=$((base * mult)) file="$work/$name-$mult.$ext"
    "gen_${name//-/_}" "$n" >"$file"
    printf '  %3dx (n=%-7d %7s KiB) %8ss' "$mult" "$n" "$(($(wc -c <"$file") / 1024))" \
      "$(timed "$PLANFORGE" $cmd --max-size 1G "$file")"
  done
  echo
}

echo "planforge: $("$PLANFORGE" --version)"
run_case suppressions 1000 md lint
run_case long-line 1600 md lint
run_case lone-tags 1000 md lint
run_case unknown-refs 100 yaml check
run_case unknown-keys 1000 yaml check
run_case non-ascii-flow 1000 yaml check
