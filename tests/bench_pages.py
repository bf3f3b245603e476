"""Benchmark (not a test): how reading scales with pages, in time and memory.

    python tests/bench_pages.py [--runs 5] [--pages 250 500 1000] [--pdf FILE]

Builds PDFs of the given page counts at run time by repeating the pages of
the 116-page fixture (pypdfium2 copies them; nothing is committed or
downloaded) and times, in fresh processes, runs interleaved:

- cold ``checker check`` (``--no-cache``: every page read by one worker per core);
- pdfminer's bare ``extract_pages`` (default ``LAParams``) on the same file.

Prints min / median / max seconds of the runs, milliseconds per page
(medians) of wall time and of CPU time (all the command's processes: the
load-proof view of linearity on a shared machine), and the peak memory of all the command's processes together: the sum over
the process and its workers, sampled from ``/proc`` every few milliseconds,
as RSS (pages shared after the fork are counted once per process) and as
PSS (shared pages split between the processes sharing them: the honest
total). Time linear in pages shows as a flat seconds-per-page column.
Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
PDF = ROOT / "fixtures" / "soumu-juten-shisaku-2020.pdf"
PDFMINER = "import sys\nfrom pdfminer.high_level import extract_pages\nfrom pdfminer.layout import LAParams\nsum(1 for _ in extract_pages(sys.argv[1], laparams=LAParams()))"
SAMPLE_SECONDS = 0.01


def build_pdf(source: pathlib.Path, pages: int, target: pathlib.Path) -> None:
    """``pages`` pages: the source's pages repeated in order, cut at ``pages``."""
    import pypdfium2

    original = pypdfium2.PdfDocument(str(source))
    built = pypdfium2.PdfDocument.new()
    try:
        while len(built) < pages:
            count = min(len(original), pages - len(built))
            built.import_pages(original, pages=list(range(count)))
        built.save(str(target))
    finally:
        built.close()
        original.close()


def _kib(path: str, field: bytes) -> int:
    try:
        with open(path, "rb") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _descendants(root: int) -> list[int]:
    """The process and all its descendants, from /proc (parent ids)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        parent = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


class MemorySampler(threading.Thread):
    """Peak summed RSS and PSS (KiB) of a process tree while it runs."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_rss, self.peak_pss, self.done = pid, 0, 0, False

    def run(self) -> None:
        while not self.done:
            pids = _descendants(self.pid)
            self.peak_rss = max(self.peak_rss, sum(_kib(f"/proc/{p}/status", b"VmRSS:") for p in pids))
            self.peak_pss = max(self.peak_pss, sum(_kib(f"/proc/{p}/smaps_rollup", b"Pss:") for p in pids))
            time.sleep(SAMPLE_SECONDS)


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_sampled(command: list[str]) -> tuple[float, int, int, float]:
    """(wall seconds, peak summed RSS KiB, peak summed PSS KiB, CPU seconds of
    all its processes) of one command."""
    cpu = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    sampler = MemorySampler(process.pid)
    sampler.start()
    process.wait()
    elapsed = time.perf_counter() - start
    sampler.done = True
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, sampler.peak_rss, sampler.peak_pss, _children_cpu() - cpu


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, nargs="+", default=[250, 500, 1000])
    parser.add_argument("--pdf", type=pathlib.Path, default=PDF, help="the pages to repeat")
    args = parser.parse_args(argv)
    check = [sys.executable, "-m", "checker", "check", "--no-cache", "--fail-on", "never", "-q", "-o", os.devnull]
    print(f"{os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}; {args.runs} runs; pages from {args.pdf.name}")
    print(f"{'pages':>6} {'tool':24} {'min s':>7} {'median s':>9} {'max s':>7} {'ms/page':>8} {'CPU ms/page':>11} {'RSS MiB':>8} {'PSS MiB':>8}")
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as directory:
        for pages in args.pages:
            path = pathlib.Path(directory) / f"{pages}.pdf"
            build_pdf(args.pdf, pages, path)
            rows = {"checker check, cold": [*check, str(path)], "pdfminer extract_pages": [sys.executable, "-c", PDFMINER, str(path)]}
            results: dict[str, list[tuple[float, int, int, float]]] = {name: [] for name in rows}
            for _ in range(args.runs):
                for name, command in rows.items():
                    results[name].append(run_sampled(command))
            for name, runs in results.items():
                seconds = [run[0] for run in runs]
                median = statistics.median(seconds)
                rss = max(run[1] for run in runs) / 1024
                pss = max(run[2] for run in runs) / 1024
                cpu = statistics.median(run[3] for run in runs)
                print(f"{pages:>6} {name:24} {min(seconds):7.2f} {median:9.2f} {max(seconds):7.2f} {1000 * median / pages:8.2f} "
                      f"{1000 * cpu / pages:11.2f} {rss:8.1f} {pss:8.1f}")
    print(f"load after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
