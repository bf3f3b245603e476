"""The PowerPoint and Word readers, offered through the ``checker_readers`` hook.

They are registered the way a third party's reader is: an entry point in the
``checker.reading.readers`` group names this module. A reader is chosen by
content: a ZIP whose content types say presentation or word-processing
document. Reading runs in the limited worker (``checker.reading.sandbox``), as
PDF reading does, so a hostile package is bounded in time and memory as well
as by the ZIP limits of ``checker.reading.ooxml``.
"""

from __future__ import annotations

from checker.errors import InputError
from checker.hookspecs import hookimpl
from checker.reading.records import Reader


def _extract_or_describe(function, path: str, profile) -> tuple[str, object]:
    """Worker entry point: ("ok", RawDocument) or ("error", message)."""
    try:
        return "ok", function(path, profile)
    except InputError as error:
        return "error", str(error)


def _read_limited(function, path: str, options):
    from checker.reading.sandbox import run_limited

    status, payload = run_limited(
        _extract_or_describe, function, path, options.profile,
        timeout=options.timeout, max_memory=options.max_memory, what=path,
    )
    if status == "error":
        raise InputError(str(payload))
    return payload


def read_pptx(path: str, options):
    from checker.reading.pptx import extract_pptx

    return _read_limited(extract_pptx, path, options)


def read_docx(path: str, options):
    from checker.reading.docx import extract_docx

    return _read_limited(extract_docx, path, options)


# The first bytes of a ZIP or of an OLE compound file (an encrypted Office file):
# only such files are handed to ``office_kind``, whose module loads lxml, so a
# check of a text or PDF file does not pay for that import.
_PACKAGE_HEADS = (b"PK", b"\xd0\xcf\x11\xe0")


def _office_kind(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError:
        return None
    if not head.startswith(_PACKAGE_HEADS):
        return None
    from checker.reading.ooxml import office_kind

    return office_kind(path)


PPTX_READER = Reader("pptx", 20, lambda path: _office_kind(path) == "pptx", read_pptx)
DOCX_READER = Reader("docx", 21, lambda path: _office_kind(path) == "docx", read_docx)


@hookimpl
def checker_readers() -> list[Reader]:
    return [PPTX_READER, DOCX_READER]
