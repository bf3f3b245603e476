"""The one module that talks to pdfminer.six: a PDF to positioned lines.

pdfminer runs without its layout analysis (``laparams=None``): this module
takes every glyph it decodes (inside Form XObjects too, at any depth), every
drawn rectangle and ruling, and hands them to ``checker.reading.layout``,
which builds lines, blocks, reading order and tables from them (its module
docstring says why). What comes back is geometry only: text, box, font size,
block and whether the line runs to its block's edge; what a line *is* (a
page number, a heading) is decided by the booklet layer.

Extraction runs in a worker process under a time and memory limit
(``checker.reading.sandbox``), and every failure of the library is turned into one
clear ``InputError`` in plain words.
"""

from __future__ import annotations

import io
import math
import os
import zlib

from checker.errors import InputError
from checker.reading.glyphs import HORIZONTAL, ROTATED, VERTICAL, Box, Glyph, Rule
from checker.reading.records import PageAccount, RawDocument, SourceLine

# Viewers accept bytes before the %PDF- header within the first kilobyte.
HEADER_SEARCH_BYTES = 1024
# A text matrix turned more than this (sine of the angle) is sideways text.
TURNED = 0.2
# A drawn path whose corners lie this close to its bounding box is a rectangle.
CORNER_SLACK = 0.6
MIN_BOX_SIDE = 3.0


def _open_from_header(path: str):
    """The file, from its %PDF- header on (junk before it skipped as viewers do).

    Offsets in a PDF count from the header, so a file with bytes before it is
    read from memory, starting at the header; the file itself is never changed.
    """
    handle = open(path, "rb")
    head = handle.read(HEADER_SEARCH_BYTES)
    offset = head.find(b"%PDF-")
    if offset <= 0:
        handle.seek(0)
        return handle
    handle.seek(offset)
    data = handle.read()
    handle.close()
    return io.BytesIO(data)


def extract_pdf_pages(path: str, password: str = "", part: int = 0, parts: int = 1, counter=None) -> list:
    """Run pdfminer on the file: per page, its layout (``PageLayout``), plain data.

    With ``parts`` > 1, only every ``parts``-th page from page ``part`` on is
    laid out (the others are listed, not read), so workers can share a file;
    interleaved rather than in ranges, because a booklet's dense pages (tables,
    diagrams) come in runs and one worker would get them all.
    Returns plain data (picklable) so it can cross from the worker process.
    ``counter`` (``checker.reading.sandbox.PageCounter``) hears of each page read.
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    from checker.reading.layout import lay_out_page
    from checker.reading.pdf_content import FastContentInterpreter

    with _open_from_header(path) as handle:
        document = PDFDocument(PDFParser(handle), password=password)
        resources = PDFResourceManager(caching=True)
        device = _glyph_device(resources)
        interpreter = FastContentInterpreter(resources, device)
        all_pages = PDFPage.create_pages(document)
        if parts > 1 or counter is not None:
            listed = list(all_pages)
            all_pages = listed[part::parts]
            if not listed:
                raise _NoPages(_page_tree_state(document))
            _count_total(counter, len(listed))
        pages = []
        for page in all_pages:
            interpreter.process_page(page)
            boxes, rules = _page_shapes(device.page)
            pages.append(lay_out_page(device.glyphs, boxes, rules, device.page.width, device.page.height))
            _count_page(counter)
        if not pages and parts == 1:
            raise _NoPages(_page_tree_state(document))
    return pages


def _count_total(counter, total: int) -> None:
    if counter is not None:
        counter.set_total(total)


def _count_page(counter) -> None:
    if counter is not None:
        counter.page_done()


class _NoPages(Exception):
    """No page could be found; the argument says whether the page tree is damaged."""


def _page_tree_state(document) -> str:
    from pdfminer.psparser import LIT
    from pdfminer.pdftypes import resolve1

    try:
        tree = resolve1(document.catalog.get("Pages"))
    except Exception:  # noqa: BLE001 - a damaged reference is a damaged tree
        tree = None
    if isinstance(tree, dict) and tree.get("Type") is LIT("Pages") and tree.get("Kids") is not None:
        return "empty"
    return "damaged"


def _glyph_device(resources):
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.utils import apply_matrix_rect

    class GlyphDevice(PDFLayoutAnalyzer):
        """pdfminer's analyzer with layout analysis off, that records each glyph
        straight as our ``Glyph`` (in content-stream order, Form XObjects
        included) instead of building pdfminer's ``LTChar`` and walking for it:
        a tenth of the reading time on glyph-dense pages. The box is computed
        as ``LTChar`` computes it, with pdfminer's own functions (or the same
        expressions in the same order), so every coordinate is the same float;
        drawn shapes still go to the page tree."""

        page = None
        glyphs: list = []

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            # Per font, each character code's text and width: what pdfminer's font
            # looks up anew for every glyph (a few hundred codes make a booklet).
            self._known: dict = {}

        def begin_page(self, page, ctm) -> None:
            super().begin_page(page, ctm)
            self.glyphs = []

        def _text_and_width(self, font, cid: int) -> tuple[str, float]:
            known = self._known.get(font)
            if known is None:
                known = self._known[font] = {}
            entry = known.get(cid)
            if entry is None:
                try:
                    text = font.to_unichr(cid)
                    assert isinstance(text, str), str(type(text))
                except PDFUnicodeNotDefined:
                    text = self.handle_undefined_char(font, cid)
                entry = known[cid] = (text, font.char_width(cid))
            return entry

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            text, textwidth = self._text_and_width(font, cid)
            textdisp = font.char_disp(cid)
            advance = textwidth * fontsize * scaling
            vertical = font.is_vertical()
            if vertical:
                assert isinstance(textdisp, tuple)
                vx, vy = textdisp
                vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
                vy = (1000 - vy) * fontsize * 0.001
                bbox = (-vx, vy + rise + advance, -vx + fontsize, vy + rise)
            else:
                descent = font.get_descent() * fontsize
                bbox = (0, descent + rise, advance, descent + rise + fontsize)
            a, b, c, d, _, _ = matrix
            upright = a * d * scaling > 0 and b * c <= 0
            x0, y0, x1, y1 = apply_matrix_rect(matrix, bbox)
            if x1 < x0:
                x0, x1 = x1, x0
            if y1 < y0:
                y0, y1 = y1, y0
            size = x1 - x0 if vertical else y1 - y0
            self.glyphs.append(_glyph(text, (x0, y0, x1, y1), size, font.fontname, matrix, upright, vertical, len(self.glyphs)))
            return advance

        def render_string_horizontal(self, seq, matrix, pos, font, fontsize, scaling, charspace, wordspace, rise, dxscale,
                                     ncs, graphicstate):
            """pdfminer's ``PDFTextDevice.render_string_horizontal`` with ``render_char``
            inlined: what is the same for every glyph of the string (axis, angle,
            descent, the products that do not involve the glyph) is worked out once.
            Every sum is formed from the same operands in the same order as
            pdfminer's ``translate_matrix`` and ``apply_matrix_rect`` form it (the box
            is ``apply_matrix_rect`` of ``(0, bottom, advance, top)``: four corners,
            min and max), so every coordinate is the same float."""
            x, y = pos
            a, b, c, d, e, f = matrix
            axis, angle = axis_and_angle(matrix, a * d * scaling > 0 and b * c <= 0, False)
            bottom = font.get_descent() * fontsize + rise
            top = bottom + fontsize
            yc, yd = y * c, y * d  # translate_matrix: x * a + y * c + e, x * b + y * d + f
            cb, ct, db, dt = c * bottom, c * top, d * bottom, d * top
            left_bottom, left_top = a * 0 + cb, a * 0 + ct  # the box's left side is at 0
            bottom_left, top_left = b * 0 + db, b * 0 + dt
            fontname, glyphs, text_and_width = font.fontname, self.glyphs, self._text_and_width
            needcharspace = False
            for obj in seq:
                if isinstance(obj, (int, float)):
                    x -= obj * dxscale
                    needcharspace = True
                elif isinstance(obj, bytes):
                    for cid in font.decode(obj):
                        if needcharspace:
                            x += charspace
                        text, textwidth = text_and_width(font, cid)
                        advance = textwidth * fontsize * scaling
                        ex, fy = x * a + yc + e, x * b + yd + f
                        aw, bw = a * advance, b * advance
                        x0, x1 = _min_max(left_bottom + ex, left_top + ex, aw + cb + ex, aw + ct + ex)
                        y0, y1 = _min_max(bottom_left + fy, bw + db + fy, bw + dt + fy, top_left + fy)
                        glyphs.append(Glyph(text, x0, y0, x1, y1, y1 - y0, fontname, len(glyphs), axis, angle=angle))
                        x += advance
                        if cid == 32 and wordspace:
                            x += wordspace
                        needcharspace = True
                # pdfminer logs and skips anything else in the sequence (its log is off in the worker)
            return (x, y)

        def receive_layout(self, ltpage) -> None:
            self.page = ltpage

    return GlyphDevice(resources, laparams=None)


def _min_max(first: float, second: float, third: float, fourth: float) -> tuple[float, float]:
    """``(min(...), max(...))`` of the four, chosen as the built-ins choose (the first of
    equals: 0.0 and -0.0 stay apart as pdfminer has them), in one call instead of two."""
    low = high = first
    for value in (second, third, fourth):
        if value < low:
            low = value
        if value > high:
            high = value
    return low, high


def _page_shapes(ltpage) -> tuple[list[Box], list[Rule]]:
    """Every box and ruling on the page, Form XObjects (figures) walked to any depth."""
    from pdfminer.layout import LTContainer, LTCurve, LTLine, LTRect

    boxes: list[Box] = []
    rules: list[Rule] = []
    stack = [iter(ltpage)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, LTLine):
            if min(item.x1 - item.x0, item.y1 - item.y0) < MIN_BOX_SIDE:
                _shape(item.x0, item.y0, item.x1, item.y1, boxes, rules)
        elif isinstance(item, LTRect):
            _shape(item.x0, item.y0, item.x1, item.y1, boxes, rules)
        elif isinstance(item, LTCurve):
            if _is_rectangle(item):
                _shape(item.x0, item.y0, item.x1, item.y1, boxes, rules)
        elif isinstance(item, LTContainer):
            stack.append(iter(item))
    return boxes, rules


def _glyph(text: str, bbox: tuple, size: float, font: str, matrix: tuple, upright: bool, vertical: bool, order: int) -> Glyph:
    """One decoded glyph (its box and size as pdfminer's ``LTChar`` has them) as a ``Glyph``."""
    axis, angle = axis_and_angle(matrix, upright, vertical)
    x0, y0, x1, y1 = bbox
    return Glyph(text, x0, y0, x1, y1, size, font, order, axis, angle=angle)


def axis_and_angle(matrix: tuple, upright: bool, vertical: bool) -> tuple[str, int]:
    """A glyph's writing axis and baseline angle (a quarter turn) from its text matrix;
    both glyph engines decide them here, so they agree."""
    a, b, c, d, _, _ = matrix
    if vertical:
        axis = VERTICAL
    elif b == 0 and c == 0 and a > 0 and upright:  # the common case: upright, unturned
        axis = HORIZONTAL
    else:
        scale = max(abs(a), abs(b), abs(c), abs(d), 1e-9)
        turned = abs(b) / scale > TURNED or abs(c) / scale > TURNED or a < 0 or not upright
        axis = ROTATED if turned else HORIZONTAL
    if b == 0:
        angle = 180 if a < 0 else 0
    elif math.isfinite(a) and math.isfinite(b):
        angle = round(math.degrees(math.atan2(b, a)) / 90) % 4 * 90
    else:
        angle = 0
    return axis, angle


def _shape(x0: float, y0: float, x1: float, y1: float, boxes: list, rules: list) -> None:
    if x1 - x0 >= MIN_BOX_SIDE and y1 - y0 >= MIN_BOX_SIDE:
        boxes.append(Box(x0, y0, x1, y1))
    elif x1 - x0 < MIN_BOX_SIDE <= y1 - y0 or y1 - y0 < MIN_BOX_SIDE <= x1 - x0:
        rules.append(Rule(x0, y0, x1, y1))


def _is_rectangle(curve) -> bool:
    """A closed path whose points all lie on its bounding box (a border drawn as a path)."""
    points = curve.pts
    if len(points) < 4:
        return False
    for x, y in points:
        on_side = abs(x - curve.x0) <= CORNER_SLACK or abs(x - curve.x1) <= CORNER_SLACK
        on_edge = abs(y - curve.y0) <= CORNER_SLACK or abs(y - curve.y1) <= CORNER_SLACK
        if not (on_side or on_edge):
            return False
    return True


def pages_to_lines(pages: list) -> tuple[list[SourceLine], list[PageAccount]]:
    """Pages' laid-out lines as ``SourceLine`` records, blocks numbered across the document."""
    lines: list[SourceLine] = []
    accounts: list[PageAccount] = []
    block_base = 0
    for page_index, page in enumerate(pages):
        top_block = -1
        row_of = page_rows([laid.bbox for laid in page.lines])
        for laid in page.lines:
            lines.append(
                SourceLine(
                    number=len(lines) + 1,
                    text=laid.text,
                    page_index=page_index,
                    bbox=laid.bbox,
                    font_size=laid.size,
                    block=block_base + laid.block,
                    wraps=laid.wraps,
                    page_size=(page.width, page.height),
                    line_on_page=row_of(laid.bbox[3]),
                )
            )
            top_block = max(top_block, laid.block)
        block_base += top_block + 1
        accounts.append(PageAccount(page.chars_total, page.chars_placed, tuple(page.unplaced)))
    return lines, accounts


def page_rows(boxes: list[tuple[float, float, float, float]]):
    """A function from a line's top edge to its row on the page (1 = topmost),
    rows being the printed lines from the top, a line of each column in one row
    when they stand side by side: what an editor counts on paper."""
    visual = sorted({round(box[3], 1) for box in boxes}, reverse=True)
    heights = sorted(box[3] - box[1] for box in boxes)
    tolerance = heights[len(heights) // 2] / 2 if heights else 1.0
    rows: list[float] = []  # the top edge of each row, from the top
    for top in visual:
        if not rows or rows[-1] - top > tolerance:
            rows.append(top)

    def row_of(top: float) -> int:
        return 1 + sum(1 for row in rows if row - top > tolerance)

    return row_of


def describe_failure(error: BaseException, path: str, password_given: bool = False) -> str:
    """One line for an editor, in plain words, for any failure of the PDF library.

    Never a Python class name or an object's repr: pdfminer's own messages are
    passed on only when they are plain text (see ``_plain``).
    """
    from pdfminer.pdfdocument import PDFEncryptionError, PDFNoValidXRef, PDFPasswordIncorrect, PDFTextExtractionNotAllowed
    from pdfminer.pdfexceptions import PDFException, PDFNotImplementedError
    from pdfminer.psexceptions import PSEOF, PSException

    if isinstance(error, _NoPages):
        if error.args and error.args[0] == "empty":
            return f"{path}: PDF without pages (its page tree is empty)"
        return f"{path}: damaged PDF: its page tree is missing or broken, and no page could be found"
    if isinstance(error, PDFPasswordIncorrect):
        if password_given:
            return f"{path}: encrypted PDF, and the password given with --password is wrong"
        return f"{path}: encrypted PDF; give its password with --password"
    if isinstance(error, PDFTextExtractionNotAllowed):
        return f"{path}: encrypted PDF whose owner forbids text extraction; ask for an unrestricted copy"
    if isinstance(error, PDFEncryptionError):
        return f"{path}: encrypted PDF with a method that cannot be decrypted here{_plain(error, ' (', ')')}; ask for an unencrypted copy"
    if isinstance(error, RecursionError):
        return f"{path}: damaged PDF: its object structure is cyclic or nested too deeply"
    if isinstance(error, MemoryError):
        return f"{path}: reading needs more memory than --max-memory allows; raise --max-memory"
    if isinstance(error, zlib.error):
        return f"{path}: damaged PDF: a compressed stream cannot be decompressed"
    if isinstance(error, PDFNotImplementedError):
        return f"{path}: {_unsupported(error)}"
    if isinstance(error, PSEOF) or isinstance(error, PDFException) and "EOF" in str(error):
        return f"{path}: truncated or damaged PDF: the file ends unexpectedly"
    if isinstance(error, PDFNoValidXRef):
        return f"{path}: damaged PDF: no valid cross-reference table"
    if isinstance(error, (PDFException, PSException)):
        return f"{path}: damaged PDF: {_plain(error) or 'an object in the file is malformed'}"
    if isinstance(error, OSError):
        return f"{path}: cannot read ({error.strerror or 'input/output error'})"
    # Any other exception is the library tripping over a malformed file.
    return f"{path}: damaged PDF: an object in the file is malformed"


def _unsupported(error: BaseException) -> str:
    """A feature pdfminer does not implement: named (a compression, a predictor)."""
    text = str(error)
    if "Brotli" in text:
        return "PDF uses Brotli compression (/BrotliDecode), which is not supported here; save it again with standard (Flate) compression"
    if "filter" in text.lower():
        name = text.rsplit("/", 1)[-1].strip("'\" >)") if "/" in text else ""
        named = f" (/{name})" if name.isalnum() else ""
        return f"PDF uses a compression{named} that is not supported here; save it again with standard (Flate) compression"
    return "PDF uses a feature that is not supported here; save it again as a standard PDF"


# pdfminer's messages we pass on: our own cycle message, and short plain sentences.
_REPR_MARKS = ("{", "}", "[/", "<", ">", "'", "\"", "PDF", "PS")


def _plain(error: BaseException, before: str = "", after: str = "") -> str:
    """The library's message when it is a plain sentence (no repr, no class name), else ''."""
    text = " ".join(str(error).split())
    if "is a reference to itself" in text:
        return before + text + after
    if not text or len(text) > 120 or any(mark in text for mark in _REPR_MARKS):
        return ""
    return before + text + after


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
    from pdfminer.pdftypes import PDFObjRef

    if not isinstance(x, PDFObjRef):  # most calls: nothing to resolve
        return x
    from pdfminer.pdfparser import PDFSyntaxError

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
    silence = not os.environ.get("CHECKER_DEBUG")
    for name, module in list(sys.modules.items()):
        if not name.startswith("pdfminer"):
            continue
        if getattr(module, "resolve1", None) is original:
            module.resolve1 = _resolve1_without_cycles
        for attribute in ("log", "logger"):
            if silence and isinstance(getattr(module, attribute, None), logging.Logger):
                setattr(module, attribute, _SILENT_LOG)


class _SilentLog:
    """Stands in for pdfminer's module loggers in the worker, whose messages nobody
    sees (its stderr goes nowhere): the tokenizer logs about 30 debug messages per
    glyph, and a call on a disabled logger costs twice this no-op (~9% of reading)."""

    @staticmethod
    def _ignore(*args, **kwargs) -> None:
        return None

    debug = info = warning = error = exception = critical = _ignore


_SILENT_LOG = _SilentLog()


def extract_or_describe(path: str, password: str = "", part: int = 0, parts: int = 1, counter=None) -> tuple[str, object]:
    """Worker entry point: ("ok", pages) or ("error", message).

    ``MemoryError`` is raised on, so the sandbox reports it naming the limit.
    """
    try:
        _harden_pdfminer()
        return "ok", extract_pdf_pages(path, password, part, parts, counter)
    except MemoryError:
        raise
    except BaseException as error:  # noqa: BLE001 - every failure becomes a message
        return "error", describe_failure(error, path, password_given=bool(password))
