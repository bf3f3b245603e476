"""Benchmark (not a test): the two glyph engines beside the bare libraries, in one run.

    python tests/bench_engines.py [--runs 5] [--pdf FILE]

Whole commands in fresh processes (start-up included), runs interleaved so
load on the machine hits every row alike; min / median / max of the runs:

- cold ``checker check --engine pdfium --no-cache`` (every page read, by one
  worker per core) and the same with the default engine, pdfminer;
- ``pdftotext -layout`` (poppler) and pdfminer's bare ``extract_pages``
  (default LAParams), the baselines, on the same file;
- pypdfium2's bare text extraction (every page's text), what PDFium alone costs.

Wall-clock seconds, and CPU seconds (user + system of the command and every
process it waited for, its reading workers included), which a machine busy
with other work stretches far less than wall-clock time.

Figures only: nothing here passes or fails. Goal (issue 15): the pdfium cold
check within 5x pdftotext.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import statistics
import sys
import tempfile

import bench_check  # beside this script: its timer and spread are the same here
from bench_check import spread, wall_and_cpu as measure

ROOT = pathlib.Path(__file__).resolve().parent.parent
PDF = ROOT / "fixtures" / "soumu-juten-shisaku-2020.pdf"
PDFMINER = "import sys\nfrom pdfminer.high_level import extract_pages\nfrom pdfminer.layout import LAParams\nsum(1 for _ in extract_pages(sys.argv[1], laparams=LAParams()))"
PYPDFIUM2 = ("import sys, pypdfium2\ndocument = pypdfium2.PdfDocument(sys.argv[1])\n"
             "sum(len(document[i].get_textpage().get_text_range()) for i in range(len(document)))")


def commands(pdf: pathlib.Path) -> dict[str, list[str]]:
    check = [sys.executable, "-m", "checker", "check", "--fail-on", "never", "-q", "-o", os.devnull, "--no-cache"]
    rows = {
        "check --engine pdfium": [*check, "--engine", "pdfium", str(pdf)],
        "check --engine pdfminer": [*check, "--engine", "pdfminer", str(pdf)],
        "pdfminer extract_pages": [sys.executable, "-c", PDFMINER, str(pdf)],
        "pypdfium2 text": [sys.executable, "-c", PYPDFIUM2, str(pdf)],
    }
    if shutil.which("pdftotext"):
        rows["pdftotext -layout"] = ["pdftotext", "-layout", str(pdf), os.devnull]
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", type=pathlib.Path, default=PDF)
    args = parser.parse_args(argv)
    print(bench_check.compile_as_installed())
    rows = commands(args.pdf)
    timings: dict[str, list[float]] = {name: [] for name in rows}
    cpu: dict[str, list[float]] = {name: [] for name in rows}
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        env = {**os.environ, "CHECKER_CACHE_DIR": cache}  # --no-cache: nothing is written there
        for _ in range(args.runs):
            for name, command in rows.items():
                seconds, cpu_seconds = measure(command, env)
                timings[name].append(seconds)
                cpu[name].append(cpu_seconds)
    print(f"{args.pdf.name}; {os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}; {args.runs} runs; min median max")
    for title, table in (("wall-clock seconds", timings), ("CPU seconds", cpu)):
        print(f" {title}")
        for name, values in table.items():
            print(f"  {name:26} {spread(values)}")
        median = {name: statistics.median(values) for name, values in table.items()}
        pdfium = median["check --engine pdfium"]
        print(f"  pdfium check / pdfminer check:  {pdfium / median['check --engine pdfminer']:.2f}x")
        print(f"  pdfium check / extract_pages:   {pdfium / median['pdfminer extract_pages']:.2f}x")
        if "pdftotext -layout" in median:
            print(f"  pdfium check / pdftotext:       {pdfium / median['pdftotext -layout']:.2f}x (goal <= 5)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
