"""Benchmark (not a test): time to diff two editions after parsing, and report sizes.

    python tests/bench_diff.py [--runs 7] [--text]

Parses the synthetic 2019 and the 2020 edition once (the 116-page PDFs, or the
texts with --text), then times ``diff_documents`` alone over several runs and
the three renderers once each. Target: the diff under 1 s.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TARGET_SECONDS = 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="diff runs to time (default 7)")
    parser.add_argument("--text", action="store_true", help="use the text editions instead of the PDFs")
    args = parser.parse_args(argv)

    from checker.diff import diff_documents
    from checker.api import parse_file
    from checker.reports.diff_formats import render_diff_json, render_diff_text
    from checker.reports.html import render_diff_html

    suffix = "txt" if args.text else "pdf"
    old_path = FIXTURES / f"synthetic-2019-soumu-juten-shisaku.{suffix}"
    new_path = FIXTURES / f"soumu-juten-shisaku-2020.{suffix}"
    start = time.perf_counter()
    old = parse_file(str(old_path))
    new = parse_file(str(new_path))
    parse_seconds = time.perf_counter() - start
    pages = [document.raw.page_count for document in (old, new)]

    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        diff = diff_documents(old, new)
        timings.append(time.perf_counter() - start)
    renders = {}
    for name, render in (("html", render_diff_html), ("json", render_diff_json), ("text", render_diff_text)):
        start = time.perf_counter()
        output = render(diff)
        elapsed = time.perf_counter() - start
        size = len(output if isinstance(output, bytes) else output.encode("utf-8"))
        renders[name] = (elapsed, size)

    print(f"old: {old_path.name} ({pages[0] or '-'} pages)   new: {new_path.name} ({pages[1] or '-'} pages)")
    print(f"parse both (not part of the diff): {parse_seconds:.2f} s")
    print(
        f"diff after parsing: median {statistics.median(timings) * 1000:.0f} ms, "
        f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms over {args.runs} runs "
        f"(target < {TARGET_SECONDS:.0f} s: {'met' if max(timings) < TARGET_SECONDS else 'MISSED'})"
    )
    for name, (elapsed, size) in renders.items():
        print(f"render {name:<4}: {elapsed * 1000:5.0f} ms, {size:,} bytes ({size / 1024:.0f} KiB)")
    counts = diff.heading_counts()
    print(
        "changes: "
        + ", ".join(f"{counts[kind]} {kind}" for kind in counts)
        + f"; {len(diff.text_changes())} text; {len(diff.budget)} programme rows"
    )
    return 0 if max(timings) < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
