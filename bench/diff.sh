#!/usr/bin/env bash
# Benchmark: `planforge diff` against `git diff --no-index` on generated
# Markdown revision pairs of about 100,000 lines each. Not run in CI.
#
#   bench/diff.sh            # generate, build release, time both (hyperfine if installed)
#   LINES=200000 bench/diff.sh
#
# The pair is deterministic (awk, no randomness): 2,000 sections of ~50 lines
# in a three-level heading tree. The new revision edits a line in every 7th
# section, renames every 97th heading, drops every 151st section, adds a
# section after every 211th and moves one chapter to the end, so every kind
# of section change is exercised. Files go to target/bench-diff/.
set -euo pipefail
cd "$(dirname "$0")/.."

lines=${LINES:-100000}
dir=target/bench-diff
mkdir -p "$dir"

generate() { # $1 = old|new
  awk -v rev="$1" -v total="$lines" '
    function section(n, title,   i) {
      if (rev == "new" && n % 151 == 0) return
      if (rev == "new" && n % 97 == 0) title = title " (revised)"
      level = (n % 10 == 0) ? "## " : "### "
      if (n % 50 == 0) print "# Chapter " n / 50 "\n"
      print level title "\n"
      print "| Agent | Task | Duration | Status |"
      print "|-------|------|----------|--------|"
      for (i = 1; i <= per - 8; i++) {
        cell = (rev == "new" && n % 7 == 0 && i == 5) ? "in review" : "planned"
        printf "| agent-%d | T%05d-%d | %dh | %s |\n", (n * 7 + i) % 13, n, i, (n + i) % 9 + 1, cell
      }
      print ""
      print "Notes for section " n ": coordinate through the lead orchestrator."
      print ""
      if (rev == "new" && n % 211 == 0) {
        print "### Added after section " n "\n"
        print "A new checkpoint: [CHECKPOINT_OWNER] confirms the handoff.\n"
      }
    }
    BEGIN {
      per = 50; count = int(total / per)
      print "# Execution Plan: Benchmark\n"
      for (n = 1; n <= count; n++) {
        if (rev == "new" && n >= 101 && n <= 150) continue
        section(n, "Section " n)
      }
      if (rev == "new") for (n = 101; n <= 150; n++) section(n, "Section " n)
    }'
}

generate old > "$dir/old.md"
generate new > "$dir/new.md"
# The worst case for a section diff: the same text without headings is one
# section, so everything rests on one 100,000-line diff.
grep -v '^#' "$dir/old.md" > "$dir/flat-old.md"
grep -v '^#' "$dir/new.md" > "$dir/flat-new.md"
# A realistic pair (bench/gen_diff_pair.py): varied prose, lists, tables,
# code and quotes in chapters and sections, revised as people revise
# documentation; real-flat-* is the same text without headings.
python3 bench/gen_diff_pair.py "$dir" "$lines"
for f in old.md real-old.md real-flat-old.md; do
  echo "$f: $(wc -l < "$dir/$f") lines, ${f/old/new}: $(wc -l < "$dir/${f/old/new}") lines"
done

cargo build --release --quiet
bin=target/release/planforge

for pair in real- real-flat- "" flat-; do
  old="$dir/${pair}old.md" new="$dir/${pair}new.md"
  echo
  echo "== $old → $new"
  # Both tools exit 1 when the files differ.
  if command -v hyperfine > /dev/null; then
    hyperfine -N --ignore-failure --warmup 2 --runs "${RUNS:-10}" \
      -n "planforge diff" "$bin diff $old $new" \
      -n "planforge diff --stat" "$bin diff --stat $old $new" \
      -n "git diff --no-index" "git diff --no-index --no-color $old $new"
  else
    for cmd in "$bin diff $old $new" "$bin diff --stat $old $new" "git diff --no-index --no-color $old $new"; do
      echo "$cmd"
      for _ in 1 2 3 4 5; do /usr/bin/time -f "  %e s, %M KB" $cmd > /dev/null || true; done
    done
  fi
done
