"""Benchmark (not a test): page-image rendering time and HTML report size for the
116-page booklet, beside the time to read the same PDF.

    python tests/bench_render.py [--runs 3]

Rows (min / median / max seconds over the runs, each step in the same limited
worker the CLI uses):
- read: the PDF to lines (pdfminer), as every command does;
- render findings pages: the pages ``check --format html`` shows;
- render diff pages: every page of both editions small, the changed ones large;
- render every page: all 116 pages at report resolution (the worst case);
then the size of each report with and without images.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF_2020 = ROOT / "fixtures" / "soumu-juten-shisaku-2020.pdf"
PDF_2019 = ROOT / "fixtures" / "synthetic-2019-soumu-juten-shisaku.pdf"
DECK = ROOT / "fixtures" / "office" / "soumu-2020-deck.pdf"  # 16:9 slides in colour: the heaviest pages we have
LIMITS = dict(timeout=300.0, max_memory=2048 * 1024 * 1024)


def timed(function, runs: int) -> tuple[list[float], object]:
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def row(label: str, seconds: list[float], note: str = "") -> None:
    print(f"{label:<34} {min(seconds):7.2f} {statistics.median(seconds):7.2f} {max(seconds):7.2f}  {note}")


def render_all(raw, requests) -> tuple[int, int]:
    from checker.reading.render import render_pages

    outcome = render_pages(raw.path, requests, **LIMITS)
    assert outcome.error is None, outcome.error
    return len(outcome.images), sum(len(image.data) for image in outcome.images.values())


def report_size(args: list[str], directory: str) -> int:
    from checker.cli import main

    target = Path(directory) / "report.html"
    assert main([*args, "--format", "html", "-o", str(target)]) == 0
    return target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    runs = max(3, args.runs)

    from checker.booklet.parser import parse
    from checker.diff import diff_documents
    from checker.lint.engine import EngineSettings, run_rules, select_rules
    from checker.plugins import collect_rules, make_plugin_manager
    from checker.reading.pdf_reading import read_pdf
    from checker.reading.readers import ReadOptions
    from checker.reading.render import PAGE_SCALE
    from checker.reports.page_images import diff_requests, findings_requests

    options = ReadOptions()
    print(f"{PDF_2020.name}: {runs} runs; seconds min / median / max")
    seconds, raw = timed(lambda: read_pdf(str(PDF_2020), options), runs)
    row("read (pdfminer, in the worker)", seconds, f"{raw.page_count} pages")
    old_raw = read_pdf(str(PDF_2019), options)
    document, old_document = parse(raw), parse(old_raw)
    settings = EngineSettings()
    findings, _ = run_rules([document], select_rules(collect_rules(make_plugin_manager()), settings), settings)
    wanted = findings_requests(findings, [raw])[raw.path]
    seconds, (count, size) = timed(lambda: render_all(raw, wanted), runs)
    row("render findings pages", seconds, f"{count} pages, {size / 1e6:.2f} MB of WebP")
    both = diff_requests(diff_documents(old_document, document), old_raw, raw)
    seconds, counts = timed(lambda: [render_all(r, both[r.path]) for r in (old_raw, raw)], runs)
    row("render diff pages (both editions)", seconds, ", ".join(f"{c} images {s / 1e6:.2f} MB" for c, s in counts))
    every = [(index, PAGE_SCALE) for index in range(raw.page_count)]
    seconds, (count, size) = timed(lambda: render_all(raw, every), runs)
    row("render every page", seconds, f"{count} pages, {size / 1e6:.2f} MB, {size / count / 1e3:.0f} kB a page")

    with tempfile.TemporaryDirectory() as directory:
        check = ["check", str(PDF_2020), "--fail-on", "never"]
        diff = ["diff", str(PDF_2019), str(PDF_2020)]
        print()
        print(f"{'report':<34} {'bytes':>12}")
        for label, arguments in (
            ("check --format html", check),
            ("check --format html --no-images", [*check, "--no-images"]),
            ("diff --format html", diff),
            ("diff --format html --no-images", [*diff, "--no-images"]),
            ("diff 2019 -> office deck (html)", ["diff", str(PDF_2019), str(DECK)]),
        ):
            print(f"{label:<34} {report_size(arguments, directory):>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
