"""Coverage-guided fuzzing of the PDF path with atheris (by hand, not in CI).

    pip install atheris
    python fixtures/tools/make_hostile.py /tmp/pdf-corpus      # seeds (and the suite)
    cp fixtures/*.pdf /tmp/pdf-corpus/
    mkdir -p /tmp/pdf-findings
    python tests/fuzz/atheris_pdf.py /tmp/pdf-corpus -timeout=20 -rss_limit_mb=3072 -max_len=200000 \
        -artifact_prefix=/tmp/pdf-findings/ [-max_total_time=3600] [--sandbox] [--pdfminer-bugs]

What is expected and what is a bug, as pdfminer.six's own OSS-Fuzz harnesses
see it, one level up: every failure of pdfminer must become one ``InputError``
line (``describe_failure``), and everything after extraction (line joining,
page labels, the tree builder, the budget grammar) must take whatever
pdfminer returns. So:

- expected: pdfminer raising anything, provided its message is one line
  naming the file; ``MemoryError`` (libFuzzer's -rss_limit_mb bounds memory);
- a bug: a message with a line break or without the path, and any exception
  from ``pages_to_lines``, ``parse`` or our own code; libFuzzer also reports
  a hang (-timeout) or a crash of the interpreter.

``--sandbox`` runs each input through ``read_document`` (the worker process
with its limits) instead: slower, but it covers the sandbox too. Only
``InputError`` is expected there. ``--pdfminer-bugs`` also stops at pdfminer
exceptions outside its own ``PSException`` family (``KeyError``,
``TypeError``...), which are pdfminer bugs worth reporting upstream, though
we turn them into a clean message.
"""

from __future__ import annotations

import os
import pathlib
import sys
import tempfile

import atheris

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    from checker.reading import pdf_adapter
    from checker.errors import InputError
    from checker.booklet.parser import parse
    from checker.booklet.profile import DEFAULT_PROFILE
    from checker.reading.readers import ReadOptions, read_document
    from pdfminer.psexceptions import PSException
    import pdfminer.high_level  # noqa: F401 - imported here to be instrumented (it is imported lazily)
    import pdfminer.layout  # noqa: F401

SANDBOX = "--sandbox" in sys.argv
PDFMINER_BUGS = "--pdfminer-bugs" in sys.argv
ARGV = [argument for argument in sys.argv if argument not in ("--sandbox", "--pdfminer-bugs")]
WORKDIR = tempfile.mkdtemp(prefix="checker-atheris-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
INPUT = os.path.join(WORKDIR, "input.pdf")
OPTIONS = ReadOptions(timeout=15, max_memory=1024 * 1024 * 1024)


class FuzzFinding(Exception):
    """Raised so libFuzzer records the input: something a user must never see."""


def check_message(message: str) -> None:
    if "\n" in message or not message.startswith(INPUT):
        raise FuzzFinding(f"not one line naming the file: {message!r}")


def fuzz_in_process(data: bytes) -> None:
    try:
        pages = pdf_adapter.extract_pdf_pages(INPUT)
    except MemoryError:
        return
    except Exception as error:  # noqa: BLE001 - pdfminer failing is expected; its message is checked
        check_message(pdf_adapter.describe_failure(error, INPUT))
        if PDFMINER_BUGS and not isinstance(error, (PSException, RecursionError, AssertionError)):
            raise
        return
    lines, accounts = pdf_adapter.pages_to_lines(pages)
    from checker.booklet.model import RawDocument

    for account in accounts:
        if account.chars_placed > account.chars_total:
            raise FuzzFinding(f"more glyphs placed than decoded: {account}")
    raw = RawDocument(path=INPUT, lines=lines, source_kind="pdf", has_pages=True, page_count=len(pages), pages=accounts)
    parse(raw, DEFAULT_PROFILE)


def fuzz_sandboxed(data: bytes) -> None:
    try:
        parse(read_document(INPUT, OPTIONS))
    except InputError as error:
        check_message(str(error))


def test_one_input(data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        data = b"%PDF-1.7\n" + data  # keep the fuzzer on the PDF path, not the text reader
    with open(INPUT, "wb") as handle:
        handle.write(data)
    (fuzz_sandboxed if SANDBOX else fuzz_in_process)(data)


def main() -> None:
    pdf_adapter._harden_pdfminer()  # as the worker does: quiet logging, linear decompression
    atheris.Setup(ARGV, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
