"""Benchmark (not a test): the REP and BUD rules plus the ledger totals on the
parsed 116-page 2020 edition. Budget: under 0.2 s.

    python tests/bench_rules.py [FILE] [--previous OLD] [--runs 7] [--all]

Parsing is not timed. Each run parses afresh first, so the matching the rules
cache on a document is computed inside the timed part every time, and the
caches a process keeps (``functools`` caches of checker's modules: the notation
dictionary, table cell readings) are emptied, so every run pays what a fresh
``checker check`` pays. With
``--previous`` the cross-edition rule runs too (the previous edition is parsed
outside the timer). Prints min / median / max; exits 1 when the median is over budget.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "fixtures" / "soumu-juten-shisaku-2020.txt"
BUDGET_SECONDS = 0.2


def forget_process_caches() -> None:
    """Empty every functools cache of checker's modules, as a fresh process has them."""
    for name, module in list(sys.modules.items()):
        if name.startswith("checker") and module is not None:
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == name:
                    value.cache_clear()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--previous", help="previous edition, to include the cross-edition rule")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--all", action="store_true", help="time every built-in rule, not only REP and BUD")
    args = parser.parse_args(argv)

    from checker import rules as builtin
    from checker.lint.engine import EngineSettings, run_rules
    from checker.booklet.ledger import ledger_totals
    from checker.api import parse_file
    from checker.plugins import collect_rules, make_plugin_manager

    manager = make_plugin_manager(load_entry_points=False, plugins=[builtin.builtin_plugins])
    chosen = [rule for rule in collect_rules(manager) if args.all or rule.code.startswith(("REP", "BUD"))]
    previous = parse_file(args.previous) if args.previous else None
    timings = []
    cpu_timings = []  # on a shared machine wall time waits for other processes; CPU time does not
    findings = []
    for _ in range(args.runs):
        forget_process_caches()  # before the parse, which fills some of them as in a fresh process
        document = parse_file(args.file)
        start, cpu = time.perf_counter(), time.process_time()
        findings, _summary = run_rules([document], chosen, EngineSettings(), previous)
        totals = ledger_totals(document.ledger)
        timings.append(time.perf_counter() - start)
        cpu_timings.append(time.process_time() - cpu)
    median = statistics.median(timings)
    print(
        f"{pathlib.Path(args.file).name}: {len(chosen)} rules ({'all' if args.all else 'REP, BUD'}{', cross-edition' if previous else ''}) + ledger totals "
        f"({len(document.ledger.entries)} entries, {len(totals)} totals), {len(findings)} findings: "
        f"wall min {min(timings) * 1000:.1f} / median {median * 1000:.1f} / max {max(timings) * 1000:.1f} ms, "
        f"CPU min {min(cpu_timings) * 1000:.1f} / median {statistics.median(cpu_timings) * 1000:.1f} / max {max(cpu_timings) * 1000:.1f} ms over {args.runs} runs "
        f"(budget {BUDGET_SECONDS * 1000:.0f} ms)"
    )
    return 0 if median < BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
