"""Benchmark (not a test): parse time and peak memory, beside pdfminer's own
``extract_pages`` (and ``pdftotext`` when installed) timed in the same run.

    python tests/bench_parse.py [--repeat-body 9] [--runs 5] [--office-only]

Each measurement runs in a fresh interpreter so its peak RSS is its own; the
peak is that of the process or of its largest PDF worker, whichever is larger
(``tests/bench_pages.py`` sums all processes). The tools take turns, run by
run, so load on the machine hits them alike. Prints one row per (file, tool): the
minimum, median and maximum of the runs, and the ratio of medians to
pdfminer's bare ``extract_pages`` (default ``LAParams``) on the same file in
the same run. The office-exported fixtures (``fixtures/office/*.pdf``) come
first: the layout reader's goal is at most 1.2 times pdfminer's time there.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures" / "tools"))

MEASURE = r"""
import json, resource, sys, time
path, tool = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if tool == "checker":
    from checker.api import parse_file
    document = parse_file(path)
    count = len(document.ledger.entries)
elif tool == "pdfminer":
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    count = sum(1 for _ in extract_pages(path, laparams=LAParams()))
elif tool == "text":
    from checker.api import parse_file
    count = len(parse_file(path).ledger.entries)
elapsed = time.perf_counter() - start
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": elapsed, "peak_mib": peak / 1024, "count": count}))
"""


def measure_once(path: pathlib.Path, tool: str) -> dict:
    if tool == "pdftotext":
        import resource
        import time

        start = time.perf_counter()
        subprocess.run(["pdftotext", "-layout", str(path), "/dev/null"], check=True)
        return {"seconds": time.perf_counter() - start, "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "count": 0}
    output = subprocess.run([sys.executable, "-c", MEASURE, str(path), tool], capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


def measure(path: pathlib.Path, tools: list[str], runs: int) -> dict[str, dict]:
    """Each tool ``runs`` times, the tools taking turns, so load hits them alike."""
    timings: dict[str, list[dict]] = {tool: [] for tool in tools}
    for _ in range(runs):
        for tool in tools:
            timings[tool].append(measure_once(path, tool))
    return {tool: summary(results) for tool, results in timings.items()}


def summary(results: list[dict]) -> dict:
    return {
        "min": min(r["seconds"] for r in results),
        "max": max(r["seconds"] for r in results),
        "seconds": statistics.median(r["seconds"] for r in results),
        "peak_mib": max(r["peak_mib"] for r in results),
        "count": results[0]["count"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat-body", type=int, default=9, help="body copies for the large PDF (9 gives ~1,000 pages)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--office-only", action="store_true", help="time only the office-exported fixtures")
    args = parser.parse_args()
    import make_pdf

    text = (ROOT / "fixtures" / "soumu-juten-shisaku-2020.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as directory:
        files = [(path.name[:24], path, ["pdfminer", "checker"]) for path in sorted((ROOT / "fixtures" / "office").glob("*.pdf"))]
        if not args.office_only:
            large = pathlib.Path(directory) / "large.pdf"
            info = make_pdf.render_pdf(text, large, repeat_body=args.repeat_body)
            files += [
                ("2020 text", ROOT / "fixtures" / "soumu-juten-shisaku-2020.txt", ["text"]),
                ("116-page PDF", ROOT / "fixtures" / "soumu-juten-shisaku-2020.pdf", ["pdfminer", "checker", "pdftotext"]),
                (f"{info.get('pages', '?')}-page PDF", large, ["pdfminer", "checker", "pdftotext"]),
            ]
        print(f"{args.runs} runs, tools alternating; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'file':<24} {'tool':<26} {'min s':>7} {'median s':>9} {'max s':>7} {'peak MiB':>9} {'ratio':>6}")
        for label, path, tools in files:
            baseline = None
            if "pdftotext" in tools and not shutil.which("pdftotext"):
                print(f"{label:<24} {'pdftotext (not installed)':<26}")
                tools = [tool for tool in tools if tool != "pdftotext"]
            for tool, result in measure(path, tools, args.runs).items():
                if tool == "pdfminer":
                    baseline = result["seconds"]
                ratio = f"{result['seconds'] / baseline:.2f}" if baseline and tool != "pdfminer" else ""
                name = {"pdfminer": "pdfminer extract_pages", "checker": "checker parse (tree+ledger)", "text": "checker parse (text)"}.get(tool, tool)
                print(f"{label:<24} {name:<26} {result['min']:>7.3f} {result['seconds']:>9.3f} {result['max']:>7.3f} {result['peak_mib']:>9.1f} {ratio:>6}")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
