#!/usr/bin/env bash
# Run this repository's pre-commit hook the way a user's repository would:
# `pre-commit try-repo` on a scratch git repository holding a copy of the 2020
# text. pre-commit builds the hook's environment with pip, so this needs the
# package index (not run by the offline test suite; run it by hand or in CI).
#
#   tests/check_precommit.sh [PRE_COMMIT]   (default: pre-commit on PATH)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
pre_commit=${1:-pre-commit}
# A path given relative to the caller stays valid after the cd below.
if [[ "$pre_commit" == */* ]]; then pre_commit=$(cd "$(dirname "$pre_commit")" && pwd)/$(basename "$pre_commit"); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"

cd "$work" && git init -q scratch && cd scratch
cp "$repo/fixtures/soumu-juten-shisaku-2020.paged.txt" booklet.txt
echo "notes" > notes.md
git add booklet.txt notes.md

# The 2020 text has errors (NUM001, DAT002): the hook must fail and show them.
set +e
"$pre_commit" try-repo "$repo" checker --files booklet.txt > out.txt 2>&1
status=$?
set -e
grep -q "NUM001" out.txt || { cat out.txt; echo "check_precommit: the hook showed no findings" >&2; exit 1; }
[[ $status -eq 1 ]] || { cat out.txt; echo "check_precommit: expected exit 1, got $status" >&2; exit 1; }
# A file the hook does not take is skipped.
"$pre_commit" try-repo "$repo" checker --files notes.md > skipped.txt 2>&1
grep -q "Skipped" skipped.txt || { cat skipped.txt; echo "check_precommit: notes.md was not skipped" >&2; exit 1; }
echo "check_precommit: the hook failed on booklet.txt with its findings and skipped notes.md"
