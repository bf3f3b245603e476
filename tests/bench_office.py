"""Benchmark (not a test): `checker parse` on Office files, hostile and real.

    python tests/bench_office.py [--large 10]

Writes the hostile Office cases of ``fixtures/tools/make_hostile.py`` to a
temporary folder and runs ``checker parse`` on each in a fresh interpreter,
then on the committed decks and documents, and (``--large N``, needs the
``fixtures`` extra) on a deck and a document of the 2020 pages repeated N
times. Prints per file: exit code, wall time, the peak RSS of the command
(the reading worker is forked and reaped by it, so it is counted), and the
start of the error message.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
COMMITTED = [
    ROOT / "fixtures" / "office" / name
    for name in ("soumu-2020-deck.pptx", "soumu-2020-doc.docx", "reader-2020-deck.pptx", "reader-2020-doc.docx")
]


def measure(path: pathlib.Path) -> str:
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "parse", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT
    )
    _, status, usage = os.wait4(process.pid, 0)
    error = process.stderr.read().decode("utf-8", "replace").strip()
    seconds = time.monotonic() - start
    message = error.removeprefix(f"checker: error: {path}: ")[:70] if error else ""
    code = os.waitstatus_to_exitcode(status)
    return f"{path.name:28} exit {code}  {seconds:5.2f} s  peak {usage.ru_maxrss / 1024:5.0f} MiB  {message}"


GENERATE = r"""
import pathlib, sys
sys.path.insert(0, sys.argv[1])
import make_hostile
folder, times = pathlib.Path(sys.argv[2]), int(sys.argv[3])
make_hostile.generate(folder, list(make_hostile.OFFICE_GENERATORS))
if times:
    import make_office_reader
    pages = make_office_reader.read_pages() * times
    make_office_reader.build_deck(pages, folder / f"zz-large-{len(pages)}-slides.pptx")
    make_office_reader.build_doc(pages, folder / f"zz-large-{len(pages)}-pages.docx")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=0, metavar="N", help="also a deck and a document of the pages repeated N times")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # Generated in another process: a child's peak RSS starts from its parent's size.
        subprocess.run([sys.executable, "-c", GENERATE, str(ROOT / "fixtures" / "tools"), folder, str(args.large)], check=True)
        generated = sorted(pathlib.Path(folder).iterdir())
        for path in [p for p in generated if not p.name.startswith("zz-")] + COMMITTED + [p for p in generated if p.name.startswith("zz-")]:
            print(measure(path), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
