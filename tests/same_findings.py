"""Check (not a test) that a change left every finding as it was.

    python tests/same_findings.py record DIR   # before the change
    python tests/same_findings.py compare DIR  # after it; exits 1 on any difference

Runs ``checker check --format json`` (in this process, through ``checker.cli.main``)
on every fixture the tests read: ``fixtures/**/*.txt``, ``*.pdf``, ``*.pptx`` and
``*.docx``, every variant that ``fixtures/tools/variants*.py`` makes (on its own
base text), the cross-edition pairs, and each PDF three times — read afresh
(``--no-cache``), filling the parse cache and from it — and stores or compares the
JSON byte for byte. A speed change must not change one byte of it.
"""

from __future__ import annotations

import contextlib
import io
import os
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
sys.path.insert(0, str(FIXTURES / "tools"))

import variants as variant_registry  # noqa: E402 - found through the path above


def fixture_files() -> list[pathlib.Path]:
    found = [path for pattern in ("*.txt", "*.pdf", "*.pptx", "*.docx") for path in FIXTURES.rglob(pattern)]
    return sorted(path for path in found if ".expected." not in path.name)


def cases(workdir: pathlib.Path) -> dict[str, list[str]]:
    """Case name -> arguments after ``check``; variants are written into workdir."""
    runs: dict[str, list[str]] = {}
    for path in fixture_files():
        name = str(path.relative_to(ROOT))
        if path.suffix == ".pdf":
            runs[f"{name} (no cache)"] = ["--no-cache", str(path)]
            runs[f"{name} (cache filled)"] = [str(path)]
            runs[f"{name} (cache hit)"] = [str(path)]
        else:
            runs[name] = [str(path)]
    for name, chosen in sorted(variant_registry.load_all().items()):
        target = workdir / f"{name}.txt"
        target.write_text(variant_registry.make(name), encoding="utf-8")
        runs[f"variant {name}"] = [str(target)]
    text_2020 = str(FIXTURES / "soumu-juten-shisaku-2020.txt")
    runs["2020 --previous synthetic 2019"] = [text_2020, "--previous", str(FIXTURES / "synthetic-2019-soumu-juten-shisaku.txt")]
    for fired, previous in (("prior-amount-changed", "previous-edition"), ("clean", "previous-edition")):
        edition = text_2020 if fired == "clean" else str(workdir / f"{fired}.txt")
        runs[f"{fired} --previous {previous}"] = [edition, "--previous", str(workdir / f"{previous}.txt")]
    return runs


def run_check(arguments: list[str], output: pathlib.Path) -> str:
    from checker.cli import main

    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        code = main(["check", *arguments, "--format", "json", "--fail-on", "never", "-q", "-o", f"json:{output}"])
    text = output.read_text(encoding="utf-8") if output.exists() else ""
    return f"exit {code}\nstderr {errors.getvalue()}\n{text}"


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("record", "compare"):
        print(__doc__)
        return 2
    mode, store = argv[0], pathlib.Path(argv[1])
    store.mkdir(parents=True, exist_ok=True)
    differing = []
    with tempfile.TemporaryDirectory(prefix="same-findings-") as scratch:
        workdir = pathlib.Path(scratch)
        os.environ["CHECKER_CACHE_DIR"] = str(workdir / "cache")  # a fresh cache: the first PDF run fills it
        runs = cases(workdir)
        for index, (name, arguments) in enumerate(runs.items()):
            result = run_check(arguments, workdir / f"out-{index}.json").replace(str(workdir), "<work>")
            recorded = store / (name.replace("/", "__").replace(" ", "_") + ".out")
            if mode == "record":
                recorded.write_text(result, encoding="utf-8")
            elif not recorded.exists() or recorded.read_text(encoding="utf-8") != result:
                differing.append(name)
    print(f"{len(runs)} runs; {mode}ed" if mode == "record" else f"{len(runs)} runs; {len(differing)} differ")
    for name in differing:
        print(f"  differs: {name}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
