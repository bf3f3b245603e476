"""Guard (not a test): the fast content-stream reader against pdfminer's own, on
every PDF of a folder — public corpora the project cannot ship, read where they are.

    python tests/check_content_reader.py DIR [--seconds 60]

For each ``DIR/*.pdf`` (and below): every page's content streams and every Form
XObject are read by ``checker.reading.pdf_content`` and by pdfminer's
``PDFContentParser``, and must give the same objects (or ours hands them back to
pdfminer); then every page is interpreted with ``FastContentInterpreter`` and with
pdfminer's ``PDFPageInterpreter`` into our glyph device, and the glyphs and shapes
recorded (or the error raised) must be the same. Prints each difference and the
totals; exits 1 on any difference. A file pdfminer cannot open (no password, not a
PDF) is counted and skipped; a file that takes longer than ``--seconds`` is named.
"""

from __future__ import annotations

import argparse
import pathlib
import signal
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_pdf_content as reference  # noqa: E402 - the comparisons the tests make on the fixtures

from checker.reading.pdf_content import FastContentInterpreter, content_objects  # noqa: E402


class _TooLong(Exception):
    pass


def _alarm(signum, frame):
    raise _TooLong()


def _streams_differ(path: pathlib.Path, totals: dict) -> list[str]:
    differences = []
    for streams in reference._page_content_streams(path):
        try:
            for stream in streams:
                stream.get_data()
        except Exception:  # noqa: BLE001 - a damaged stream is pdfminer's to read and fail on
            continue
        if not streams:
            continue  # no content: pdfminer's interpreter returns before parsing
        ours = content_objects(streams)
        if ours is None:
            totals["handed back"] += 1
            continue
        status, theirs = reference._pdfminer_reading(streams)
        if status == "ok" and reference._plain(ours) == theirs:
            totals["streams same"] += 1
        else:
            differences.append(f"{path.name}: a content stream reads differently (pdfminer: {status})")
    return differences


def _outcome(path: pathlib.Path, interpreter_class) -> tuple:
    try:
        return ("ok", reference._recorded(path, interpreter_class))
    except _TooLong:
        raise
    except Exception as error:  # noqa: BLE001 - an error is part of the reading to compare
        return ("error", type(error).__name__)


def check_file(path: pathlib.Path, totals: dict) -> list[str]:
    try:
        differences = _streams_differ(path, totals)
    except _TooLong:
        raise
    except Exception:  # noqa: BLE001 - pdfminer cannot open it (password, not a PDF)
        totals["not opened"] += 1
        return []
    fast, plain = _outcome(path, FastContentInterpreter), _outcome(path, reference.PDFPageInterpreter)
    if fast != plain:
        differences.append(f"{path.name}: pages recorded differently ({fast[0]} {fast[1] if fast[0] != 'ok' else ''} "
                           f"vs pdfminer's {plain[0]} {plain[1] if plain[0] != 'ok' else ''})")
    else:
        totals["files same" if fast[0] == "ok" else "files failing alike"] += 1
    return differences


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=pathlib.Path)
    parser.add_argument("--seconds", type=int, default=60, help="time allowed per file (default 60)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    totals = dict.fromkeys(("files same", "files failing alike", "not opened", "too long", "streams same", "handed back"), 0)
    differences: list[str] = []
    for path in sorted(args.folder.rglob("*.pdf")):
        signal.alarm(args.seconds)
        try:
            found = check_file(path, totals)
        except _TooLong:
            totals["too long"] += 1
            found = []
            print(f"{path.name}: over {args.seconds} s, not compared")
        finally:
            signal.alarm(0)
        for line in found:
            print(line)
        differences += found
    print(", ".join(f"{name}: {count}" for name, count in totals.items()) + f", differences: {len(differences)}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
