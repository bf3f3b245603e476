"""Benchmark (not a test): every speed goal of issue 15 beside its baseline, in one run.

    python tests/bench_goals.py [--runs 5] [--large-runs 5] [--no-large]

Whole commands in fresh processes (start-up included), the rows of a round
run one after another and rounds repeated, so load on the machine hits every
row alike; min / median / max of the runs; ratios of medians measured in the
same run. Rows and goals:

- cold ``checker check`` of the 116-page PDF (``--no-cache``) beside
  pdfminer's bare ``extract_pages``: goal <= 0.7x;
- warm re-check beside ``pdftotext``: goal <= 3x; answered from the result
  cache (the same check ran before), and with the parse cache only (result
  cache emptied before each run: the booklet parse and the rules run);
- ``checker check`` of the plain text (``--no-cache``: the rules run): goal
  <= 0.3 s; and its re-check answered from the result cache;
- all built-in rules on the parsed edition, timed inside a fresh interpreter
  (the rules only: start-up and parse excluded): goal <= 50 ms;
- ``checker check --engine pdfium`` cold, beside ``pdftotext``: goal <= 5x
  ("not available" when the option does not exist);
- a ~1,000-page PDF (made into a temporary folder by ``fixtures/tools/make_pdf.py``
  from the 2020 text, body repeated): cold check time per page beside the
  116-page PDF's (goal: linear, about 1x) and peak memory of all the
  command's processes together (goal < 300 MB);
- ``checker check --jobs 2`` of four fixture PDFs beside ``--jobs 1``.

The common rows come from ``tests/bench_check.py`` (its commands, timer and
rules timing). Prints the machine (CPU, cores, Python, load) and a Markdown
table for the README. Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench_check  # noqa: E402 - a sibling script, not a package

ROOT = bench_check.ROOT
PDF, TEXT = bench_check.PDF, bench_check.TEXT
JOBS_PDFS = [ROOT / "fixtures" / "soumu-juten-shisaku-2020.pdf", ROOT / "fixtures" / "synthetic-2019-soumu-juten-shisaku.pdf",
             ROOT / "fixtures" / "office" / "soumu-2020-doc.pdf", ROOT / "fixtures" / "office" / "soumu-2020-deck.pdf"]
MIB = 1024 * 1024


@dataclass
class Row:
    what: str
    values: list[float]  # seconds (or MiB, or ms: see unit)
    unit: str = "s"
    baseline: str = ""
    baseline_values: list[float] | None = None
    goal: str = ""
    ratio: float | None = None  # measured median / baseline median, when it has one


# ----------------------------------------------------------------------------- the machine
def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), model)
    except OSError:
        pass
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (f"{model}; {os.cpu_count()} cores; Python {platform.python_version()} ({platform.system()}); "
            f"load average {load} (1 / 5 / 15 min)")


# ----------------------------------------------------------------------------- memory of a process tree
def _tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in bytes (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status", "rb") as status:
                total += next((int(line.split()[1]) * 1024 for line in status if line.startswith(b"VmRSS:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue  # the process ended meanwhile
    return total


def run_sampling_memory(command: list[str], env: dict, interval: float = 0.02) -> tuple[float, float]:
    """Wall seconds of ``command`` and the peak of its processes' summed resident memory, in MiB."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    return seconds, peak / MIB


# ----------------------------------------------------------------------------- the 1,000-page PDF
def make_large_pdf(directory: pathlib.Path, repeat_body: int = 9) -> tuple[pathlib.Path, int]:
    """The 2020 booklet with its body repeated (9 times: ~1,020 pages), written into ``directory``."""
    sys.path.insert(0, str(ROOT / "fixtures" / "tools"))
    import make_pdf

    path = directory / "large.pdf"
    info = make_pdf.render_pdf(TEXT.read_text(encoding="utf-8"), path, repeat_body=repeat_body)
    return path, int(info.get("pages") or 0)


def pdf_pages(path: pathlib.Path) -> int:
    from pdfminer.pdfpage import PDFPage

    with open(path, "rb") as handle:
        return sum(1 for _ in PDFPage.get_pages(handle))


# ----------------------------------------------------------------------------- the rows
def pdfium_command(check: list[str], env: dict) -> tuple[list[str] | None, str]:
    """The cold check with the pdfium engine, or None and why not."""
    help_text = subprocess.run([*check[:4], "--help"], capture_output=True, text=True, env=env).stdout
    if "--engine" not in help_text:
        return None, "not available (no --engine option)"
    command = [*check, "--no-cache", "--engine", "pdfium", str(PDF)]
    trial = subprocess.run(command, capture_output=True, text=True, env=env)
    if trial.returncode not in (0, 1):
        return None, f"not available ({trial.stderr.strip().splitlines()[-1] if trial.stderr.strip() else trial.returncode})"
    return command, ""


def timed_rounds(rows: dict[str, list[str]], runs: int, env: dict) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(runs):
        for name, command in rows.items():
            timings[name].append(bench_check.wall(command, bench_check.prepare(name, env)))
    return timings


def command_rows(env: dict) -> tuple[dict[str, list[str]], str]:
    rows = bench_check.commands(PDF, TEXT)
    check = rows["check PDF, warm (cache)"][:-1]
    engine, engine_note = pdfium_command(check, env)
    if engine:
        rows["check PDF, cold, --engine pdfium"] = engine
    cold = [*check, "--no-cache"]
    jobs_files = [str(path) for path in JOBS_PDFS]
    rows["check 4 PDFs, --jobs 1"] = [*cold, "--jobs", "1", *jobs_files]
    rows["check 4 PDFs, --jobs 2"] = [*cold, "--jobs", "2", *jobs_files]
    return rows, engine_note


def goal_rows(timings: dict[str, list[float]], engine_note: str) -> list[Row]:
    median = {name: statistics.median(values) for name, values in timings.items()}

    def ratio(name: str, baseline: str) -> float | None:
        return median[name] / median[baseline] if baseline in median and name in median else None

    pdftotext = timings.get("pdftotext")
    rows = [
        Row("cold `check`, 116-page PDF", timings["check PDF, cold"], baseline="pdfminer `extract_pages`",
            baseline_values=timings["pdfminer extract_pages"], goal="≤ 0.7×", ratio=ratio("check PDF, cold", "pdfminer extract_pages")),
        Row("warm re-check (result cache)", timings["check PDF, warm (cache)"], baseline="`pdftotext`" if pdftotext else "pdftotext not installed",
            baseline_values=pdftotext, goal="≤ 3×", ratio=ratio("check PDF, warm (cache)", "pdftotext")),
        Row("warm re-check (parse cache only: parse and rules run)", timings["check PDF, warm (parse cache only)"],
            baseline="`pdftotext`" if pdftotext else "pdftotext not installed",
            baseline_values=pdftotext, goal="≤ 3×", ratio=ratio("check PDF, warm (parse cache only)", "pdftotext")),
        Row("`check` of the text (`--no-cache`)", timings["check text"], goal="≤ 0.3 s"),
        Row("re-check of the text (result cache)", timings["check text, warm (cache)"], goal="—"),
    ]
    if "check PDF, cold, --engine pdfium" in timings:
        rows.append(Row("cold `check --engine pdfium`", timings["check PDF, cold, --engine pdfium"], baseline="`pdftotext`",
                        baseline_values=pdftotext, goal="≤ 5×", ratio=ratio("check PDF, cold, --engine pdfium", "pdftotext")))
    else:
        rows.append(Row(f"cold `check --engine pdfium`: {engine_note}", [], goal="≤ 5×"))
    rows.append(Row("`check --jobs 2`, 4 fixture PDFs", timings["check 4 PDFs, --jobs 2"], baseline="`--jobs 1`",
                    baseline_values=timings["check 4 PDFs, --jobs 1"], goal="< 1×", ratio=ratio("check 4 PDFs, --jobs 2", "check 4 PDFs, --jobs 1")))
    return rows


def rules_rows(runs: int) -> list[Row]:
    rows = []
    for path, label in ((PDF, "116-page PDF"), (TEXT, "text")):
        milliseconds = [seconds * 1000 for seconds in bench_check.rules_seconds(path, runs)]
        rows.append(Row(f"all rules, parsed edition ({label}), fresh interpreter", milliseconds, unit="ms", goal="≤ 50 ms"))
    return rows


def large_rows(runs: int, env: dict, small_cold: list[float]) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-goals-") as directory:
        path, pages = make_large_pdf(pathlib.Path(directory))
        pages = pages or pdf_pages(path)
        command = [sys.executable, "-m", "checker", "check", "--fail-on", "never", "-q", "-o", os.devnull, "--no-cache", str(path)]
        measured = [run_sampling_memory(command, env) for _ in range(runs)]
    small_pages = pdf_pages(PDF)
    per_page = [seconds / pages * 1000 for seconds, _peak in measured]
    small_per_page = [seconds / small_pages * 1000 for seconds in small_cold]
    return [
        Row(f"cold `check`, {pages:,}-page PDF, per page", per_page, unit="ms", baseline="116-page PDF, per page",
            baseline_values=small_per_page, goal="linear (≈ 1×)", ratio=statistics.median(per_page) / statistics.median(small_per_page)),
        Row(f"peak memory, {pages:,}-page PDF, all processes", [peak for _seconds, peak in measured], unit="MiB", goal="< 300 MB"),
    ]


# ----------------------------------------------------------------------------- printing
def _figure(value: float, unit: str) -> str:
    return f"{value:.0f}" if unit == "MiB" else f"{value:.1f}" if unit == "ms" else f"{value:.2f}"


def _spread(values: list[float] | None, unit: str) -> str:
    if not values:
        return "—"
    return " / ".join(_figure(value, unit) for value in (min(values), statistics.median(values), max(values))) + f" {unit}"


def markdown(rows: list[Row]) -> str:
    lines = ["| what | min / median / max | baseline | baseline min / median / max | ratio of medians | goal |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        lines.append(f"| {row.what} | {_spread(row.values, row.unit)} | {row.baseline or '—'} | "
                     f"{_spread(row.baseline_values, row.unit)} | {ratio} | {row.goal} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of every row (default 5)")
    parser.add_argument("--large-runs", type=int, default=5, help="runs of the ~1,000-page check (default 5)")
    parser.add_argument("--no-large", action="store_true", help="leave out the ~1,000-page PDF (it takes minutes)")
    args = parser.parse_args(argv)
    compiled = bench_check.compile_as_installed()
    before = machine()
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        env = {**os.environ, "CHECKER_CACHE_DIR": cache}
        commands, engine_note = command_rows(env)
        bench_check.fill_caches(commands, env)
        timings = timed_rounds(commands, args.runs, env)
        rows = goal_rows(timings, engine_note) + rules_rows(args.runs)
        if not args.no_large:
            rows += large_rows(args.large_runs, env, timings["check PDF, cold"])
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {args.runs} runs ({args.large_runs} of the large PDF)")
    print(f"machine at start: {before}")
    print(f"machine at end:   {machine()}")
    print(compiled)
    print()
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
