"""Benchmark (not a test): what a user waits for, beside the baselines, in one run.

    python tests/bench_check.py [--runs 5] [--pdf FILE] [--text FILE]

Whole commands in fresh processes (start-up included), runs interleaved so
load on the machine hits every row alike; min / median / max of the runs:

- cold ``checker check`` of the PDF (``--no-cache``: every page read, by one
  worker per core) beside pdfminer's bare ``extract_pages`` (default LAParams,
  same interpreter start-up);
- warm ``checker check`` (the parse cache filled) beside ``pdftotext``;
- ``checker check`` of the plain text;
- all built-in rules on the parsed edition (in process, parsing not timed).

Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
PDF = ROOT / "fixtures" / "soumu-juten-shisaku-2020.pdf"
TEXT = ROOT / "fixtures" / "soumu-juten-shisaku-2020.txt"
PDFMINER = "import sys\nfrom pdfminer.high_level import extract_pages\nfrom pdfminer.layout import LAParams\nsum(1 for _ in extract_pages(sys.argv[1], laparams=LAParams()))"


def commands(pdf: pathlib.Path, text: pathlib.Path) -> dict[str, list[str]]:
    check = [sys.executable, "-m", "checker", "check", "--fail-on", "never", "-q", "-o", os.devnull]
    rows = {
        "check PDF, cold": [*check, "--no-cache", str(pdf)],
        "pdfminer extract_pages": [sys.executable, "-c", PDFMINER, str(pdf)],
        "check PDF, warm (cache)": [*check, str(pdf)],
        "check text": [*check, str(text)],
    }
    if shutil.which("pdftotext"):
        rows["pdftotext"] = ["pdftotext", "-layout", str(pdf), os.devnull]
    return rows


def wall(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def rules_seconds(path: pathlib.Path, runs: int) -> list[float]:
    from checker import rules as builtin
    from checker.api import parse_file
    from checker.lint.engine import EngineSettings, run_rules
    from checker.plugins import collect_rules, make_plugin_manager

    chosen = collect_rules(make_plugin_manager(load_entry_points=False, plugins=[builtin.builtin_plugins]))
    timings = []
    for _ in range(runs):
        document = parse_file(str(path))  # afresh, so what rules cache on a document is timed
        start = time.perf_counter()
        run_rules([document], chosen, EngineSettings())
        timings.append(time.perf_counter() - start)
    return timings


def spread(values: list[float]) -> str:
    return f"{min(values):7.3f} {statistics.median(values):7.3f} {max(values):7.3f}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", type=pathlib.Path, default=PDF)
    parser.add_argument("--text", type=pathlib.Path, default=TEXT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        env = {**os.environ, "CHECKER_CACHE_DIR": cache}
        rows = commands(args.pdf, args.text)
        subprocess.run(rows["check PDF, warm (cache)"], check=True, env=env, stdout=subprocess.DEVNULL)  # fills the cache
        timings: dict[str, list[float]] = {name: [] for name in rows}
        for _ in range(args.runs):
            for name, command in rows.items():
                timings[name].append(wall(command, env))
    median = {name: statistics.median(values) for name, values in timings.items()}
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; {args.runs} runs; seconds: min median max")
    for name, values in timings.items():
        print(f"  {name:26} {spread(values)}")
    print(f"  cold check / pdfminer:     {median['check PDF, cold'] / median['pdfminer extract_pages']:.2f}x (goal <= 0.7)")
    if "pdftotext" in median:
        print(f"  warm check / pdftotext:    {median['check PDF, warm (cache)'] / median['pdftotext']:.2f}x (goal <= 3)")
    for path in (args.text, args.pdf):
        values = rules_seconds(path, args.runs)
        print(f"  all rules, {path.name:30} {spread(values)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
