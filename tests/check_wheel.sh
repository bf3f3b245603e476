#!/usr/bin/env bash
# Build the wheel, install it by its distribution name into a fresh venv and
# run `checker check` on the bundled PDF. Offline: the wheel is built without
# build isolation (setuptools comes from the calling environment), and the
# fresh venv reaches the dependencies already installed in the calling
# environment through a .pth file instead of fetching them from the index.
#
#   tests/check_wheel.sh [PYTHON]     (default: python3; use the project venv's)
#
# Prints the wheel's name and the commands' output; exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-python3}
distribution=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["name"])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$python" -m pip wheel . --no-deps --no-build-isolation --no-index -q -w "$work/wheels"
ls "$work/wheels"

"$python" -m venv "$work/venv"
dependencies=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
new_site=$("$work/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# Appended after the fresh venv's own site-packages, so the installed wheel wins.
echo "$dependencies" > "$new_site/zz-dependencies.pth"

# --ignore-installed: the calling environment may hold an editable install of
# the same distribution, which would otherwise count as "already satisfied".
"$work/venv/bin/python" -m pip install -q --no-index --find-links "$work/wheels" --no-deps --ignore-installed "$distribution"
"$work/venv/bin/python" -m pip check
location=$(cd "$work" && "$work/venv/bin/python" -c 'import checker; print(checker.__file__)')
case "$location" in
  "$work/venv/"*) ;;
  *) echo "check_wheel: checker imported from $location, not from the fresh venv" >&2; exit 1 ;;
esac
"$work/venv/bin/$distribution" --version
"$work/venv/bin/checker" check fixtures/soumu-juten-shisaku-2020.pdf --format json --fail-on never -o "$work/findings.json"
"$python" -c 'import json, sys; data = json.load(open(sys.argv[1])); print("findings:", data["summary"]["findings"], "files:", data["summary"]["files"])' "$work/findings.json"
