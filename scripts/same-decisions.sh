#!/usr/bin/env bash
# Proves that a change keeps every decision: runs `jawab ask --json` over the
# questions of every labelled set in tests/data, with this tree's binary and
# knowledge and with those of a base revision, and compares the output byte
# for byte.
#
#   scripts/same-decisions.sh [BASE]     BASE defaults to HEAD
#
# `jawab check`'s output is compared the same way.
#
# Prints one line per set (questions, sha256, same or DIFFERENT) and exits 1
# if any set differs, showing the first differing lines. The base revision is
# built in a git worktree under target/same-decisions (kept, so the next run
# only rebuilds what changed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
base=${1:-HEAD}
rev=$(git rev-parse --verify "$base^{commit}")
work=$root/target/same-decisions
mkdir -p "$work"

cargo build --release --locked --quiet --bin jawab
after=$root/target/release/jawab

tree=$work/tree
if [ ! -e "$tree/.git" ]; then
  rm -rf "$tree"
  git worktree add --detach "$tree" "$rev" >/dev/null
else
  git -C "$tree" checkout --quiet --detach "$rev"
fi
CARGO_TARGET_DIR=$work/target cargo build --release --locked --quiet --bin jawab --manifest-path "$tree/Cargo.toml"
before=$work/target/release/jawab

different=0
for set in tests/data/*.tsv tests/data/*/*.tsv; do
  name=$(echo "${set#tests/data/}" | sed 's|/|-|g; s|\.tsv$||')
  # The question is everything before a line's last tab; comments and blank lines are not questions.
  questions=$work/$name.questions
  grep -v '^#' "$set" | grep -v '^[[:space:]]*$' | sed 's/\t[^\t]*$//' >"$questions"
  (cd "$tree" && "$before" --knowledge knowledge ask --json <"$questions" >"$work/$name.before" || [ $? -eq 1 ])
  ("$after" --knowledge knowledge ask --json <"$questions" >"$work/$name.after" || [ $? -eq 1 ])
  n=$(wc -l <"$questions")
  sum=$(sha256sum <"$work/$name.after" | cut -c1-16)
  if cmp -s "$work/$name.before" "$work/$name.after"; then
    echo "$name: $n questions, sha256 $sum, same"
  else
    echo "$name: $n questions, sha256 $sum, DIFFERENT from $(git rev-parse --short "$rev")"
    diff "$work/$name.before" "$work/$name.after" | head -20 || true
    different=1
  fi
done
# `jawab check` reports the same problems and warnings too.
(cd "$tree" && "$before" check knowledge >"$work/check.before" 2>&1 || true)
("$after" check knowledge >"$work/check.after" 2>&1 || true)
if cmp -s "$work/check.before" "$work/check.after"; then
  echo "check: $(wc -l <"$work/check.after") lines, same"
else
  echo "check: DIFFERENT"
  diff "$work/check.before" "$work/check.after" | head -20 || true
  different=1
fi
exit $different
