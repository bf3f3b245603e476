"""Benchmark (not a test): what a user waits for, beside the baselines, in one run.

    python tests/bench_check.py [--runs 5] [--pdf FILE] [--text FILE]

Whole commands in fresh processes (start-up included), runs interleaved so
load on the machine hits every row alike; min / median / max of the runs:

- cold ``checker check`` of the PDF (``--no-cache``: every page read, by one
  worker per core) beside pdfminer's bare ``extract_pages`` (default LAParams,
  same interpreter start-up);
- warm ``checker check`` beside ``pdftotext``: answered from the result cache
  (the same check ran before), and with the parse cache only (the result
  cache emptied before each run, outside the timer: the file is not read
  again, the booklet parse and the rules run);
- ``checker check`` of the plain text (``--no-cache``: the rules run) beside
  the interpreter's own start-up (``python -c pass``), and its re-check
  answered from the result cache;
- all built-in rules on the parsed edition, each run in a fresh interpreter
  (parsing and imports not timed; what a rule reads or compiles once per
  process, such as the notation dictionary, is).

The load average is printed before and after: the machine may be shared.
Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import resource
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
        "check PDF, warm (parse cache only)": [*check, str(pdf)],
        "check text": [*check, "--no-cache", str(text)],
        "check text, warm (cache)": [*check, str(text)],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    if shutil.which("pdftotext"):
        rows["pdftotext"] = ["pdftotext", "-layout", str(pdf), os.devnull]
    return rows


PARSE_CACHE_ONLY = "check PDF, warm (parse cache only)"


def prepare(name: str, env: dict) -> dict:
    """The environment of a row's timed run. The parse-cache-only row has a cache folder
    of its own whose result cache is emptied before each run (outside the timer), so
    the check is not answered from it while the other rows keep theirs."""
    if name != PARSE_CACHE_ONLY:
        return env
    own = os.path.join(env["CHECKER_CACHE_DIR"], "parse-cache-only")
    shutil.rmtree(os.path.join(own, "results"), ignore_errors=True)
    return {**env, "CHECKER_CACHE_DIR": own}


def fill_caches(rows: dict[str, list[str]], env: dict) -> None:
    """One untimed run of each warm row, so every timed run finds its cache filled."""
    for name in ("check PDF, warm (cache)", PARSE_CACHE_ONLY, "check text, warm (cache)"):
        subprocess.run(rows[name], check=True, env=prepare(name, env), stdout=subprocess.DEVNULL)


def wall(command: list[str], env: dict) -> float:
    return wall_and_cpu(command, env)[0]


def wall_and_cpu(command: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds, and CPU seconds (user + system, worker processes included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# One run of all rules in a fresh interpreter: the parse (through the cache, which
# the warm row filled) and imports are outside the timer; prints seconds.
RULES_RUN = """
import sys, time
from checker import rules as builtin
from checker.api import parse_file
from checker.lint.engine import EngineSettings, run_rules
from checker.plugins import collect_rules, make_plugin_manager
from checker.reading.readers import ReadOptions
chosen = collect_rules(make_plugin_manager(load_entry_points=False, plugins=[builtin.builtin_plugins]))
document = parse_file(sys.argv[1], ReadOptions(cache=True))
start, cpu = time.perf_counter(), time.process_time()
run_rules([document], chosen, EngineSettings())
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def rules_seconds(path: pathlib.Path, runs: int, env: dict | None = None) -> list[float]:
    """Wall seconds of all rules, one fresh interpreter per run."""
    return rules_wall_and_cpu(path, runs, env)[0]


def rules_wall_and_cpu(path: pathlib.Path, runs: int, env: dict | None = None) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of all rules, one fresh interpreter per run."""
    command = [sys.executable, "-c", RULES_RUN, str(path)]
    pairs = [subprocess.run(command, check=True, env=env, capture_output=True, text=True).stdout.split() for _ in range(runs)]
    return [float(wall) for wall, _ in pairs], [float(cpu) for _, cpu in pairs]


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "?"


def spread(values: list[float]) -> str:
    return f"{min(values):7.3f} {statistics.median(values):7.3f} {max(values):7.3f}"


def compile_as_installed() -> str:
    """Write the package's byte code first, as installing a wheel does (pip compiles
    it), so no timed run compiles source: a run with PYTHONDONTWRITEBYTECODE set, or
    the first after an edit, would otherwise spend ~80 ms compiling ~60 modules."""
    import compileall

    for folder in ("checker", "rules", "reports"):
        compileall.compile_dir(str(ROOT / folder), quiet=1)
    return "byte code compiled first (as an installed wheel has it)"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", type=pathlib.Path, default=PDF)
    parser.add_argument("--text", type=pathlib.Path, default=TEXT)
    args = parser.parse_args(argv)
    print(compile_as_installed())
    print(f"{os.cpu_count()} cores; load average before: {load_average()}")
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        env = {**os.environ, "CHECKER_CACHE_DIR": cache}
        rows = commands(args.pdf, args.text)
        fill_caches(rows, env)
        timings: dict[str, list[float]] = {name: [] for name in rows}
        cpu: dict[str, list[float]] = {name: [] for name in rows}
        for _ in range(args.runs):
            for name, command in rows.items():
                elapsed, used = wall_and_cpu(command, prepare(name, env))
                timings[name].append(elapsed)
                cpu[name].append(used)
        rules = {path: rules_wall_and_cpu(path, args.runs, env) for path in (args.text, args.pdf)}
    median = {name: statistics.median(values) for name, values in timings.items()}
    print(f"{args.runs} runs, interleaved; seconds, wall: min median max | CPU (a loaded machine inflates wall, not CPU): min median max")
    for name, values in timings.items():
        print(f"  {name:34} {spread(values)} | {spread(cpu[name])}")
    cpu_median = {name: statistics.median(values) for name, values in cpu.items()}
    print(f"  cold check / pdfminer:     {median['check PDF, cold'] / median['pdfminer extract_pages']:.2f}x (goal <= 0.7)")
    if "pdftotext" in median:
        for name in ("check PDF, warm (cache)", "check PDF, warm (parse cache only)"):
            print(f"  {name} / pdftotext: {median[name] / median['pdftotext']:.2f}x wall, "
                  f"{cpu_median[name] / max(cpu_median['pdftotext'], 1e-3):.2f}x CPU (goal <= 3)")
    print(f"  check text:                {median['check text']:.3f} s wall, {cpu_median['check text']:.3f} s CPU (goal <= 0.3); "
          f"{median['check text'] - median['python -c pass']:.3f} s wall over the interpreter's start-up")
    for path, (values, cpu_values) in rules.items():
        print(f"  all rules, {path.name:30} {spread(values)} | {spread(cpu_values)} (goal <= 0.050 on the 116-page edition)")
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
