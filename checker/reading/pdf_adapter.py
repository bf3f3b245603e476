"""The one module that talks to pdfminer.six: a PDF to ``SourceLine`` records.

pdfminer's layout analysis groups characters into text boxes and orders the
boxes (``boxes_flow``), which keeps a two-column contents page in column order.
Within a box, a line that runs to the box's right edge was wrapped by the
typesetter, so the next line is joined to it; any other line break is kept.
A line alone near the top or bottom edge holding only a number is the printed
page number.

Extraction runs in a worker process under a time and memory limit
(``checker.reading.sandbox``), and every failure of the library is turned into one
clear ``InputError``.
"""

from __future__ import annotations

import zlib

from checker.errors import InputError
from checker.reading.records import RawDocument, SourceLine

# Edge bands (fraction of page height) where a lone number is a page label.
PAGE_LABEL_BAND = 0.12
# A line ending within this many character widths of the box's right edge wrapped.
WRAP_SLACK_CHARS = 1.6


def extract_pdf_pages(path: str, password: str = "") -> list[dict]:
    """Run pdfminer on the file: per page, its size and its text lines with boxes.

    Returns plain data (picklable) so it can cross from the worker process.
    """
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextBoxHorizontal, LTTextLineHorizontal

    laparams = LAParams(line_margin=0.5, char_margin=2.0, boxes_flow=0.5)
    pages: list[dict] = []
    for layout in extract_pages(path, password=password, laparams=laparams):
        boxes = []
        for element in layout:
            if isinstance(element, LTTextBoxHorizontal):
                box_lines = []
                for line in element:
                    if isinstance(line, LTTextLineHorizontal):
                        text = line.get_text().rstrip("\n")
                        if text.strip():
                            box_lines.append((text, tuple(round(v, 2) for v in line.bbox), _char_width(line)))
                if box_lines:
                    boxes.append({"bbox": tuple(round(v, 2) for v in element.bbox), "lines": box_lines})
        pages.append({"width": layout.width, "height": layout.height, "boxes": boxes})
    return pages


def _char_width(line) -> float:
    width = line.x1 - line.x0
    count = max(1, len(line.get_text().strip()))
    return width / count


def join_box_lines(box: dict, starts_line=None, ends_line=None) -> list[tuple[str, tuple, tuple[int, ...]]]:
    """Join lines the typesetter wrapped; keep the line breaks the author made.

    A line that reaches the box's right edge wrapped, unless it is complete by
    its own shape (``ends_line``: a contents entry ending in its page number)
    or the next line starts something (``starts_line``: a heading, bullet,
    budget marker or note). Each joined line comes with the offsets in its
    text where a printed line after the first begins.
    """
    right_edge = box["bbox"][2]
    logical: list[tuple[str, tuple, tuple[int, ...]]] = []
    previous_wrapped = False
    for text, bbox, char_width in box["lines"]:
        stripped = text.strip()
        starts_new = bool(starts_line and starts_line(stripped))
        if logical and previous_wrapped and not starts_new:
            joined_text, joined_bbox, breaks = logical[-1]
            merged_bbox = (
                min(joined_bbox[0], bbox[0]),
                min(joined_bbox[1], bbox[1]),
                max(joined_bbox[2], bbox[2]),
                max(joined_bbox[3], bbox[3]),
            )
            logical[-1] = (joined_text + text.strip(), merged_bbox, (*breaks, len(joined_text)))
        else:
            logical.append((text.strip(), bbox, ()))
        previous_wrapped = (
            bbox[2] >= right_edge - WRAP_SLACK_CHARS * char_width
            and len(box["lines"]) > 1
            and not (ends_line and ends_line(stripped))
        )
    return logical


def pages_to_lines(pages: list[dict], profile) -> list[SourceLine]:
    page_number_pattern = profile.compiled("page_number")
    line_starts = [profile.compiled(name) for name in ("chapter", "section", "item", "subitem", "bullet", "note", "budget_marker")]
    leader = profile.compiled("toc_leader")

    def starts_line(text: str) -> bool:
        return any(pattern.match(text) for pattern in line_starts)

    def ends_line(text: str) -> bool:
        return bool(leader.match(text))

    lines: list[SourceLine] = []
    for page_index, page in enumerate(pages):
        height = page["height"]
        page_lines: list[tuple[str, tuple, tuple[int, ...]]] = []
        for box in page["boxes"]:
            page_lines.extend(join_box_lines(box, starts_line, ends_line))
        label_index, printed_page = None, None
        for index, (text, bbox, _) in enumerate(page_lines):
            near_edge = bbox[1] < height * PAGE_LABEL_BAND or bbox[3] > height * (1 - PAGE_LABEL_BAND)
            match = page_number_pattern.match(text)
            if near_edge and match:
                label_index, printed_page = index, int(match["page"])
                break
        row_of = page_rows(page)
        for index, (text, bbox, breaks) in enumerate(page_lines):
            lines.append(
                SourceLine(
                    number=len(lines) + 1,
                    text=text,
                    page_index=page_index,
                    printed_page=printed_page,
                    bbox=bbox,
                    role="page_number" if index == label_index else "",
                    line_on_page=row_of(bbox[3]),
                    row_breaks=breaks,
                )
            )
    return lines


def page_rows(page: dict):
    """A function from a line's top edge to its row on the page (1 = topmost),
    rows being the printed lines from the top, a line of each column in one row
    when they stand side by side: what an editor counts on paper."""
    visual = sorted({round(bbox[3], 1) for box in page["boxes"] for _, bbox, _ in box["lines"]}, reverse=True)
    heights = sorted(bbox[3] - bbox[1] for box in page["boxes"] for _, bbox, _ in box["lines"])
    tolerance = heights[len(heights) // 2] / 2 if heights else 1.0
    rows: list[float] = []  # the top edge of each row, from the top
    for top in visual:
        if not rows or rows[-1] - top > tolerance:
            rows.append(top)

    def row_of(top: float) -> int:
        return 1 + sum(1 for row in rows if row - top > tolerance)

    return row_of


def describe_failure(error: BaseException, path: str, password_given: bool = False) -> str:
    """One line for the user, naming the failure class, for any pdfminer failure."""
    from pdfminer.pdfdocument import (
        PDFEncryptionError,
        PDFNoValidXRef,
        PDFPasswordIncorrect,
        PDFTextExtractionNotAllowed,
    )
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSEOF, PSException

    if isinstance(error, PDFPasswordIncorrect):
        if password_given:
            return f"{path}: encrypted PDF, and the password given with --password is wrong"
        return f"{path}: encrypted PDF; give its password with --password"
    if isinstance(error, PDFTextExtractionNotAllowed):
        return f"{path}: encrypted PDF whose owner forbids text extraction; ask for an unrestricted copy"
    if isinstance(error, PDFEncryptionError):
        return f"{path}: encrypted PDF with a method that cannot be decrypted here ({_short(error)}); ask for an unencrypted copy"
    if isinstance(error, RecursionError):
        return f"{path}: damaged PDF: its object structure is cyclic or nested too deeply"
    if isinstance(error, MemoryError):
        return f"{path}: reading needs more memory than --max-memory allows; raise --max-memory"
    if isinstance(error, zlib.error):
        return f"{path}: damaged PDF: a compressed stream cannot be decompressed ({_short(error)})"
    if isinstance(error, PSEOF) or isinstance(error, PDFException) and "EOF" in str(error):
        return f"{path}: truncated or damaged PDF: the file ends unexpectedly"
    if isinstance(error, PDFNoValidXRef):
        return f"{path}: damaged PDF: no valid cross-reference table"
    if isinstance(error, PDFSyntaxError):
        return f"{path}: damaged PDF: {_short(error)}"
    if isinstance(error, PSException):
        return f"{path}: damaged or unreadable PDF ({error.__class__.__name__}: {_short(error)})"
    if isinstance(error, OSError):
        return f"{path}: cannot read ({error.strerror or _short(error)})"
    # Any other exception is pdfminer tripping over a malformed file.
    return f"{path}: damaged PDF that pdfminer cannot read ({error.__class__.__name__}: {_short(error)})"


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 160 else text[:157] + "..."


def _decompress_corrupted_linear(data: bytes) -> bytes:
    """pdfminer's ``decompress_corrupted`` without its quadratic cost.

    pdfminer feeds a Flate stream that fails its checksum or was cut short to
    zlib one byte at a time and grows the result by concatenation, which takes
    minutes for a few MB. This gives the same result, and raises the same way:
    an error before the last three bytes (the checksum) is raised, one within
    them ends the stream with what was decoded.
    """
    decompressor = zlib.decompressobj()
    body, tail = data[:-3], data[-3:]
    parts = [decompressor.decompress(body)] if body else []
    try:
        for index in range(len(tail)):
            parts.append(decompressor.decompress(tail[index:index + 1]))
    except zlib.error:
        pass
    return b"".join(parts)


def _resolve1_without_cycles(x: object, default: object = None) -> object:
    """pdfminer's ``resolve1``, refusing a reference cycle instead of looping forever.

    ``2 0 obj 2 0 R endobj`` (an object that is a reference to itself) makes
    pdfminer's loop spin until the time limit.
    """
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.pdftypes import PDFObjRef

    seen: set = set()
    while isinstance(x, PDFObjRef):
        if x.objid in seen:
            raise PDFSyntaxError(f"object {x.objid} is a reference to itself (a reference cycle)")
        seen.add(x.objid)
        x = x.resolve(default=default)
    return x


def _harden_pdfminer() -> None:
    """Worker-side settings: pdfminer's warnings off stderr; linear decompression and
    cycle-safe reference resolution in place of pdfminer's own."""
    import logging
    import sys

    import pdfminer.high_level  # noqa: F401 - loads the modules patched below
    import pdfminer.pdftypes

    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
    pdfminer.pdftypes.decompress_corrupted = _decompress_corrupted_linear
    original = getattr(pdfminer.pdftypes, "_checker_original_resolve1", pdfminer.pdftypes.resolve1)
    pdfminer.pdftypes._checker_original_resolve1 = original
    for name, module in list(sys.modules.items()):
        if name.startswith("pdfminer") and getattr(module, "resolve1", None) is original:
            module.resolve1 = _resolve1_without_cycles


def extract_or_describe(path: str, password: str = "") -> tuple[str, object]:
    """Worker entry point: ("ok", pages) or ("error", message).

    ``MemoryError`` is raised on, so the sandbox reports it naming the limit.
    """
    try:
        _harden_pdfminer()
        return "ok", extract_pdf_pages(path, password)
    except MemoryError:
        raise
    except BaseException as error:  # noqa: BLE001 - every failure becomes a message
        return "error", describe_failure(error, path, password_given=bool(password))


def read_pdf(path: str, options) -> RawDocument:
    from checker.reading.sandbox import run_limited

    status, payload = run_limited(
        extract_or_describe,
        path,
        options.password,
        timeout=options.timeout,
        max_memory=options.max_memory,
        what=path,
    )
    if status == "error":
        raise InputError(str(payload))
    pages = payload
    if not pages:
        raise InputError(f"{path}: PDF has no pages")
    lines = pages_to_lines(pages, options.profile)
    if not any(line.text.strip() for line in lines):
        raise InputError(
            f"{path}: PDF has no text layer ({len(pages)} page(s) of images or drawings only, a scan?); "
            "OCR is needed: run OCR on it and read the result"
        )
    return RawDocument(path=path, lines=lines, source_kind="pdf", has_pages=True, page_count=len(pages))
