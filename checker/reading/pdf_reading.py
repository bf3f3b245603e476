"""A PDF read by either glyph engine: the pages shared among worker processes, each
read under the sandbox's limits, merged in page order and turned into lines.

Engine-neutral: ``checker.reading.pdf_adapter`` (pdfminer, the reference) and
``checker.reading.pdfium_adapter`` (PDFium) each lay out their share of the
pages; this module chooses the engine and joins the shares.
"""

from __future__ import annotations

import os

from checker.errors import InputError
from checker.reading.pdf_adapter import extract_or_describe, pages_to_lines
from checker.reading.records import RawDocument


def reading_workers(requested: int = 0) -> int:
    """How many worker processes read one PDF: ``requested``, or one per usable core."""
    if requested > 0:
        return requested
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def read_pdf_pages(path: str, options) -> list:
    """Every page's layout, the pages read by workers in parallel, merged in page order.

    Each worker lists the pages and lays out its share (every n-th page), under
    the sandbox limits of one reading; the first failure (by worker) is raised.
    """
    from checker.reading.sandbox import PageCounter, run_limited_many

    parts = reading_workers(getattr(options, "workers", 0))
    extract = extract_or_describe
    if getattr(options, "engine", "pdfminer") == "pdfium":
        from checker.reading.pdfium_adapter import extract_or_describe as extract
    progress = getattr(options, "progress", None)
    counter = PageCounter() if progress is not None else None
    calls = [(extract, (path, options.password, part, parts, counter)) for part in range(parts)]
    on_wait = (lambda: progress(*counter.read())) if counter is not None else None
    outcomes = run_limited_many(calls, timeout=options.timeout, max_memory=options.max_memory, what=path, on_wait=on_wait)
    if on_wait is not None:
        on_wait()  # the last word: every page read
    shares: list = []
    for status, payload in outcomes:
        if status == "error":
            raise InputError(str(payload))
        shares.append(payload)
    total = sum(len(share) for share in shares)
    return [shares[index % parts][index // parts] for index in range(total)]


def read_pdf(path: str, options) -> RawDocument:
    pages = read_pdf_pages(path, options)
    lines, accounts = pages_to_lines(pages)
    # "No text layer" only when no page has a glyph with text, placed or not
    # (text only in Form XObjects is text; glyphs off the page are reported, not ignored).
    if not any(line.text.strip() for line in lines) and all(a.chars_placed == a.chars_total for a in accounts):
        raise InputError(
            f"{path}: PDF has no text layer ({len(pages)} page(s) of images or drawings only, a scan?); "
            "OCR is needed: run OCR on it and read the result"
        )
    # The size of the space the line boxes are in, for drawing them on page images.
    page_sizes = tuple((float(page.width), float(page.height)) for page in pages)
    return RawDocument(path=path, lines=lines, source_kind="pdf", has_pages=True, page_count=len(pages), pages=accounts,
                       page_sizes=page_sizes, page_turns=tuple(page.turn for page in pages))
