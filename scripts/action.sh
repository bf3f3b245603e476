#!/usr/bin/env bash
# The GitHub Action's check step (action.yml), kept here so that a test runs the
# same logic. Reads its inputs from the environment:
#   CHECKER_FILES     files or glob patterns, separated by white space (required)
#   CHECKER_FAIL_ON   error | warning | info | never (default error)
#   CHECKER_BASELINE  a baseline file (optional)
#   CHECKER_SARIF     where to write the SARIF report (default checker.sarif)
#   CHECKER           the command to run (default checker)
# Writes the SARIF report (never failing on findings), then prints workflow
# annotations with the real --fail-on and exits with that run's exit code
# (0 clean, 1 findings at or above fail-on, 2 usage or input error). Sets the
# step outputs sarif-file and exit-code when GITHUB_OUTPUT is set.
set -uo pipefail

checker=${CHECKER:-checker}
fail_on=${CHECKER_FAIL_ON:-error}
sarif=${CHECKER_SARIF:-checker.sarif}

if [[ -z "${CHECKER_FILES:-}" ]]; then
  echo "::error title=checker::the input 'files' is empty" >&2
  exit 2
fi
# Word splitting and glob expansion are wanted here: the input lists patterns.
# shellcheck disable=SC2206
files=(${CHECKER_FILES})
options=()
if [[ -n "${CHECKER_BASELINE:-}" ]]; then
  options+=(--baseline "$CHECKER_BASELINE")
fi

set_output() {
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
    echo "$1=$2" >> "$GITHUB_OUTPUT"
  fi
}

"$checker" check "${files[@]}" "${options[@]}" --format sarif --output "$sarif" --fail-on never
status=$?
if [[ $status -ne 0 ]]; then
  set_output exit-code "$status"
  exit "$status"
fi
set_output sarif-file "$sarif"

"$checker" check "${files[@]}" "${options[@]}" --format github --fail-on "$fail_on"
status=$?
set_output exit-code "$status"
exit "$status"
