"""A second glyph source: PDFium (pypdfium2) in place of pdfminer, same layout after.

Selected with ``--engine pdfium`` (``ReadOptions.engine``); pdfminer stays the
default and the reference. This module produces the same plain data as
``checker.reading.pdf_adapter`` (``Glyph``, ``Box`` and ``Rule`` records in
pdfminer's page space) and hands them to the same ``lay_out_page``, so lines,
blocks, reading order and tables are decided by one piece of code whichever
library decoded the page. What pdfminer computes and PDFium does not expose is
rebuilt from what it does:

- Glyph boxes: pdfminer's box runs from the origin along the advance, from the
  font's descent up one font size. PDFium's "loose" box has the same advance,
  so its sides are kept; bottom and top are the descent and one font size
  above it, in the glyph's own text space (``_descent`` says which descent).
- Order: PDFium's text page may reorder text objects (vertical writing); the
  glyphs are put back in content-stream order (the page's objects, Form
  XObjects walked in place), the order pdfminer numbers them in. Characters
  PDFium generates (blanks and line breaks it infers) are left out.
- Writing axis: PDFium does not say whether a font writes vertically; a text
  object whose upright glyphs step straight down is vertical writing.
- Page space: PDFium's coordinates are the PDF's user space; pdfminer moves the
  media box's corner to the origin and turns the page by its /Rotate, so the
  same transform is applied here.
- Blanks: PDFium's text page leaves out a text object of zero width, which is
  how office suites write a lone blank between words; each such object is
  taken to be one blank (``_skipped_blanks``).
- A hyphen that ends a line, which PDFium reports as code 2, is "-" again.
- Drawn boxes and rulings: path objects' subpaths, classified as pdfminer's
  ``paint_path`` does (a line, a rectangle, a closed path on its bounding box).

On every fixture PDF the tree, ledger, findings and glyph accounting are
pdfminer's (tests/test_pdfium_engine.py). Known difference: glyphs of zero
width (horizontal scaling 0, a font whose widths are 0) are never decoded by
PDFium, so a page with them counts, and shows, fewer glyphs; the accounting
still holds for what PDFium decoded.
"""

from __future__ import annotations

import ctypes
import math

from checker.reading.glyphs import HORIZONTAL, Box, Glyph, Rule
from checker.reading.pdf_adapter import CORNER_SLACK, MIN_BOX_SIDE, _count_page, _count_total, _shape, axis_and_angle

_TEXT, _PATH, _FORM = 1, 2, 5  # FPDF_PAGEOBJ_TEXT, _PATH, _FORM
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2  # FPDF_SEGMENT_*
# Upright glyphs of one text object stepping down by less than this sideways are vertical writing.
VERTICAL_DRIFT = 0.01
# PDFium reports a hyphen (- or soft hyphen) ending a line as this code (FPDFText_IsHyphen).
_HYPHEN_MARK = 0x02
# The width of a blank PDFium skipped, in ems (see ``_skipped_blanks``).
BLANK_EM = 0.5


def extract_pdfium_pages(path: str, password: str = "", part: int = 0, parts: int = 1, counter=None) -> list:
    """Per page, its layout (``PageLayout``) from PDFium's glyphs; as ``extract_pdf_pages``
    (``counter``, a ``checker.reading.sandbox.PageCounter``, hears of each page read)."""
    import pypdfium2

    from checker.reading.layout import lay_out_page
    from checker.reading.pdf_adapter import _NoPages

    document = pypdfium2.PdfDocument(path, password=password or None)
    try:
        count = len(document)
        if count == 0:
            raise _NoPages("empty")
        _count_total(counter, count)
        pages = []
        for index in range(part, count, max(parts, 1)):  # every n-th page, as extract_pdf_pages shares them
            page = document[index]
            try:
                glyphs, boxes, rules, width, height = page_items(page)
            finally:
                page.close()
            pages.append(lay_out_page(glyphs, boxes, rules, width, height))
            _count_page(counter)
        return pages
    finally:
        document.close()


def page_items(page) -> tuple[list[Glyph], list[Box], list[Rule], float, float]:
    """Glyphs, boxes and rulings of one page as PDFium reads it, in pdfminer's page space."""
    import pypdfium2.raw as raw

    transform, width, height = _page_space(page.raw, raw)
    object_order, paths = _walk_objects(page.raw, raw)
    textpage = raw.FPDFText_LoadPage(page.raw)
    try:
        glyphs = _glyphs(textpage, raw, transform, object_order)
    finally:
        raw.FPDFText_ClosePage(textpage)
    boxes: list[Box] = []
    rules: list[Rule] = []
    for path, matrix in paths:
        _path_shapes(path, _compose(matrix, transform), raw, boxes, rules)
    return glyphs, boxes, rules, width, height


def _page_space(handle, raw):
    """pdfminer's page transform (media box corner to the origin, /Rotate applied), and the page's size."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPage_GetMediaBox(handle, left, bottom, right, top):
        left.value, bottom.value = 0.0, 0.0
        right.value, top.value = raw.FPDF_GetPageWidthF(handle), raw.FPDF_GetPageHeightF(handle)
    x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
    rotation = raw.FPDFPage_GetRotation(handle) % 4
    if rotation == 1:
        matrix = (0, -1, 1, 0, -y0, x1)
    elif rotation == 2:
        matrix = (-1, 0, 0, -1, x1, y1)
    elif rotation == 3:
        matrix = (0, 1, -1, 0, y1, -x0)
    else:
        matrix = (1, 0, 0, 1, -x0, -y0)
    ax, ay = _apply(matrix, x0, y0)
    bx, by = _apply(matrix, x1, y1)
    return matrix, abs(ax - bx), abs(ay - by)


def _apply(matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _compose(first, then):
    """The matrix applying ``first``, then ``then`` (PDF row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = then
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _object_matrix(handle, raw):
    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(handle, matrix):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _walk_objects(page_handle, raw):
    """Text objects by address: (content-stream position, handle, matrix of the Form
    XObjects around it); path objects with their matrices to page space; Form XObjects
    walked in place at any depth."""
    order: dict[int, tuple] = {}
    paths: list = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack = [(lambda i: raw.FPDFPage_GetObject(page_handle, i), raw.FPDFPage_CountObjects(page_handle), 0, identity)]
    while stack:
        get, count, index, outer = stack[-1]
        if index >= count:
            stack.pop()
            continue
        stack[-1] = (get, count, index + 1, outer)
        handle = get(index)
        kind = raw.FPDFPageObj_GetType(handle)
        if kind == _TEXT:
            order[ctypes.cast(handle, ctypes.c_void_p).value] = (len(order), handle, outer)
        elif kind == _PATH:
            paths.append((handle, _compose(_object_matrix(handle, raw), outer)))
        elif kind == _FORM:
            inner = _compose(_object_matrix(handle, raw), outer)
            stack.append((lambda i, form=handle: raw.FPDFFormObj_GetObject(form, i), raw.FPDFFormObj_CountObjects(handle), 0, inner))
    return order, paths


def _glyphs(textpage, raw, transform, object_order: dict[int, tuple]) -> list[Glyph]:
    """The text page's decoded (not generated) characters as glyphs, numbered in content order."""
    found = []
    objects: dict[int, tuple] = {}
    fonts: dict[tuple, tuple] = {}
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    loose = raw.FS_RECTF()
    get_unicode, get_origin, get_loose = raw.FPDFText_GetUnicode, raw.FPDFText_GetCharOrigin, raw.FPDFText_GetLooseCharBox
    object_of = _address_function("FPDFText_GetTextObject", raw.FPDFText_GetTextObject)
    shift_only = transform[:4] == (1, 0, 0, 1)
    count = raw.FPDFText_CountChars(textpage)
    index = 0
    while index < count:
        address = object_of(textpage, index)
        if not address:  # generated by PDFium (a blank or line break it inferred): no text object
            index += 1
            continue
        code = get_unicode(textpage, index)
        step = 1
        if code == _HYPHEN_MARK:  # PDFium's mark for a hyphen that ends a line
            code = 0x2D
        elif 0xD800 <= code < 0xDC00 and index + 1 < count:  # a surrogate pair is one glyph
            low = get_unicode(textpage, index + 1)
            if 0xDC00 <= low < 0xE000:
                code, step = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), 2
        state = objects.get(address)
        if state is None:
            state = objects[address] = _object_state(textpage, raw, index, address, transform, object_order, fonts, shift_only)
        if not get_loose(textpage, index, loose):
            _tight_box(textpage, raw, index, loose)
        if state[6]:  # upright on an unturned page: one baseline for the object (see _object_state)
            ox, oy = None, state[7]
        else:
            get_origin(textpage, index, origin_x, origin_y)
            ox, oy = origin_x.value, origin_y.value
        found.append((state[0], index, chr(code) if code else "", state, ox, oy, loose.left, loose.bottom, loose.right, loose.top))
        index += step
    found.extend(_skipped_blanks(object_order, {item[0] for item in found}, raw, transform))
    found.sort(key=_content_order)
    vertical = _vertical_objects(found)
    glyphs = []
    for number, item in enumerate(found):
        upright_vertical = item[0] in vertical
        if upright_vertical and item[1] >= 0:  # each glyph of vertical writing has its own origin
            get_origin(textpage, item[1], origin_x, origin_y)
            item = item[:4] + (origin_x.value, origin_y.value) + item[6:]
        glyphs.append(_glyph(item, upright_vertical, number, transform))
    return glyphs


def _content_order(item: tuple) -> tuple:
    return item[0], item[1]


def _address_function(name: str, function):
    """The raw function returning a plain address (an int: hashable, comparable) for a handle."""
    try:
        from pypdfium2_raw.bindings import _libs

        plain = _libs["pdfium"][name]  # a new function object: pypdfium2's own is left as it is
        plain.argtypes, plain.restype = function.argtypes, ctypes.c_void_p
        return plain
    except (ImportError, KeyError, AttributeError):
        return lambda *args: ctypes.cast(function(*args), ctypes.c_void_p).value


def _skipped_blanks(object_order: dict, seen: set, raw, transform) -> list:
    """A glyph for each text object PDFium's text page left out: a blank.

    PDFium skips a text object whose glyphs have no width, and office suites
    write a lone blank between words as a text object of its own; pdfminer
    counts that blank, and the layout uses it (a space between words). The
    object's text cannot be asked for, so it is taken to be one blank, half an
    em wide, standing on its baseline (documented in the module docstring).
    """
    blanks = []
    for position, handle, outer in object_order.values():
        if position in seen:
            continue
        size = ctypes.c_float()
        if not raw.FPDFTextObj_GetFontSize(handle, size) or size.value <= 0:
            continue
        own = _compose(_object_matrix(handle, raw), outer)
        a, b, c, d, e, f = own
        width, height = size.value * BLANK_EM, size.value
        corners = [(e, f), (e + a * width, f + b * width), (e + c * height, f + d * height)]
        xs, ys = [x for x, _ in corners] + [e + a * width + c * height], [y for _, y in corners] + [f + b * width + d * height]
        state = (position, own, _compose(own, transform), size.value, "", 0.0, False, f)
        blanks.append((position, -1, " ", state, e, f, min(xs), min(ys), max(xs), max(ys)))
    return blanks


def _tight_box(textpage, raw, index: int, rect) -> None:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    raw.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
    rect.left, rect.right, rect.bottom, rect.top = left.value, right.value, bottom.value, top.value


def _object_state(textpage, raw, index: int, address, transform, object_order: dict, fonts: dict, shift_only: bool) -> tuple:
    """(content position, own matrix, matrix to page space, font size, font name, descent,
    upright, baseline) of the glyph's text object.

    Upright: unturned text (its matrix neither turns nor mirrors it) on a page
    that is not turned; all its glyphs then stand on one baseline (a text
    object holds one text state), taken from its first glyph's origin.
    """
    matrix = raw.FS_MATRIX()
    if raw.FPDFText_GetMatrix(textpage, index, matrix):
        own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
    else:
        own = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    size = raw.FPDFText_GetFontSize(textpage, index)
    name, descent = "", 0.0
    font = raw.FPDFTextObj_GetFont(ctypes.cast(address, raw.FPDF_PAGEOBJECT)) if address else None
    if font:
        key = (ctypes.cast(font, ctypes.c_void_p).value, size)
        if key not in fonts:
            fonts[key] = _font_name(font, raw), _descent(font, size, raw)
        name, descent = fonts[key]
    position = object_order[address][0] if address in object_order else len(object_order)
    upright = shift_only and own[1] == 0 and own[2] == 0 and own[0] > 0 and own[3] > 0
    baseline = 0.0
    if upright:
        x, y = ctypes.c_double(), ctypes.c_double()
        raw.FPDFText_GetCharOrigin(textpage, index, x, y)
        baseline = y.value
    return position, own, _compose(own, transform), size, name, descent, upright, baseline


def _font_name(font, raw) -> str:
    base_font_name = getattr(raw, "FPDFFont_GetBaseFontName", None)  # PDFium builds of 2024 on
    if base_font_name is None:
        return ""
    length = base_font_name(font, None, 0)
    if length <= 0:
        return ""
    buffer = ctypes.create_string_buffer(length)
    base_font_name(font, buffer, length)
    return buffer.value.decode("utf-8", "replace")


def _descent(font, size: float, raw) -> float:
    """The font's descent at ``size`` (text space), where every glyph box of the font
    starts, as in pdfminer.

    pdfminer takes the font descriptor's /Descent, 0 when absent or 0. PDFium
    reports the descriptor's value too, but makes one up from the glyphs of an
    embedded font whose descriptor gives 0 (office suites write 0 for the
    subsets they embed), and that made-up value differs between the subsets of
    one font on one line. So an embedded font's boxes start on the baseline, as
    pdfminer's do for those subsets; a font that is not embedded (no glyphs to
    make a value up from) keeps the descriptor's.
    """
    if raw.FPDFFont_GetIsEmbedded(font):
        return 0.0
    value = ctypes.c_float()
    if raw.FPDFFont_GetDescent(font, size, value) and -abs(size) <= value.value <= 0:
        return value.value
    return 0.0


def _vertical_objects(found: list) -> set[int]:
    """Text objects (by content order) whose upright glyphs step straight down (their
    boxes' left edges in line, each lower than the last): vertical writing."""
    by_object: dict[int, list] = {}
    for item in found:
        by_object.setdefault(item[0], []).append(item)
    vertical = set()
    for position, items in by_object.items():
        a, b, c, d, _, _ = items[0][3][1]
        if len(items) < 2 or b != 0 or c != 0 or a <= 0 or d <= 0:
            continue
        if all(abs(after[6] - before[6]) < VERTICAL_DRIFT and after[7] < before[7] for before, after in zip(items, items[1:])):
            vertical.add(position)
    return vertical


def _glyph(item: tuple, vertical: bool, order: int, transform) -> Glyph:
    """A glyph with pdfminer's box, size, axis and angle."""
    _, _, text, state, ox, oy, left, bottom, right, top = item
    _, own, matrix, size, font, descent, upright, _ = state
    d = own[3]
    if upright and not vertical:
        # The common case, upright and unturned on an unturned page: the box straight
        # from the loose box's advance and the baseline (what _pdfminer_box computes).
        y0 = oy + descent * d + transform[5]
        y1 = y0 + size * d
        return Glyph(text, left + transform[4], y0, right + transform[4], y1, y1 - y0, font, order, HORIZONTAL, angle=0)
    x0, y0, x1, y1 = _pdfminer_box(own, (ox, oy), (left, bottom, right, top), size, descent, vertical, transform)
    a, b, c, d, _, _ = matrix
    axis, angle = axis_and_angle(matrix, a * d > 0 and b * c <= 0, vertical)
    glyph_size = (x1 - x0) if vertical else (y1 - y0)
    return Glyph(text, x0, y0, x1, y1, glyph_size, font, order, axis, angle=angle)


def _pdfminer_box(own, origin, box, size: float, descent: float, vertical: bool, transform) -> tuple[float, float, float, float]:
    """pdfminer's glyph box in page space: the advance of PDFium's loose box, from
    the font's descent up one font size.

    The loose box is taken back into the glyph's text space (the inverse of its
    matrix, about the origin) for its advance; the box is built there and turned forward.
    """
    a, b, c, d, _, _ = own
    ox, oy = origin
    if vertical:  # PDFium's origin of a vertical glyph is the bottom of its cell, one font size tall
        return _bounds(transform, [(box[0], oy), (box[2], oy + size * d)])
    det = a * d - b * c
    if not det or not math.isfinite(det):
        return _bounds(transform, [(box[0], box[1]), (box[2], box[3])])
    us = []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - ox, y - oy
        us.append((d * dx - c * dy) / det)
    u0, u1 = min(us), max(us)
    v0, v1 = descent, descent + size
    corners = [(ox + a * u + c * v, oy + b * u + d * v) for u in (u0, u1) for v in (v0, v1)]
    return _bounds(transform, corners)


def _bounds(transform, points) -> tuple[float, float, float, float]:
    moved = [_apply(transform, x, y) for x, y in points]
    xs = [p[0] for p in moved]
    ys = [p[1] for p in moved]
    return min(xs), min(ys), max(xs), max(ys)


def _path_shapes(handle, matrix, raw, boxes: list, rules: list) -> None:
    """The path's subpaths as boxes and rulings, classified as pdfminer's ``paint_path`` does."""
    for points, closed in _subpaths(handle, raw):
        moved = [_apply(matrix, x, y) for x, y in points]
        if closed:
            moved.append(moved[0])
        if len(moved) > 3 and closed and _same(moved[-2], moved[0]):
            moved.pop(-2)  # a redundant line back to the start before the close
        xs = [p[0] for p in moved]
        ys = [p[1] for p in moved]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        segments = len(moved) - (1 if closed else 0)
        if segments == 2:  # one straight line ("ml" or "mlh"): a ruling when thin
            x0, x1 = sorted((moved[0][0], moved[1][0]))
            y0, y1 = sorted((moved[0][1], moved[1][1]))
            if min(x1 - x0, y1 - y0) < MIN_BOX_SIDE:
                _shape(x0, y0, x1, y1, boxes, rules)
        elif len(moved) >= 4 and _on_bounds(moved, x0, y0, x1, y1):
            _shape(x0, y0, x1, y1, boxes, rules)


def _same(p, q) -> bool:
    return abs(p[0] - q[0]) < 1e-4 and abs(p[1] - q[1]) < 1e-4


def _on_bounds(points, x0: float, y0: float, x1: float, y1: float) -> bool:
    for x, y in points:
        on_side = abs(x - x0) <= CORNER_SLACK or abs(x - x1) <= CORNER_SLACK
        on_edge = abs(y - y0) <= CORNER_SLACK or abs(y - y1) <= CORNER_SLACK
        if not (on_side or on_edge):
            return False
    return True


def _subpaths(handle, raw):
    """(end points, closed) of each subpath; a Bézier curve contributes its end point only."""
    x, y = ctypes.c_float(), ctypes.c_float()
    result = []
    points: list = []
    closed = False
    pending_bezier = 0
    for index in range(raw.FPDFPath_CountSegments(handle)):
        segment = raw.FPDFPath_GetPathSegment(handle, index)
        kind = raw.FPDFPathSegment_GetType(segment)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        if kind == _MOVETO:
            if points:
                result.append((points, closed))
            points, closed, pending_bezier = [(x.value, y.value)], False, 0
        elif kind == _BEZIERTO:
            pending_bezier = (pending_bezier + 1) % 3
            if pending_bezier == 0:
                points.append((x.value, y.value))
        elif kind == _LINETO:
            points.append((x.value, y.value))
        if raw.FPDFPathSegment_GetClose(segment):
            closed = True
    if points:
        result.append((points, closed))
    return result


def extract_or_describe(path: str, password: str = "", part: int = 0, parts: int = 1, counter=None) -> tuple[str, object]:
    """Worker entry point for ``--engine pdfium``: ("ok", pages) or ("error", message)."""
    try:
        return "ok", extract_pdfium_pages(path, password, part, parts, counter)
    except MemoryError:
        raise
    except BaseException as error:  # noqa: BLE001 - every failure becomes a message
        return "error", describe_pdfium_failure(error, path, password_given=bool(password))


# PDFium's load errors (FPDF_GetLastError), FPDF_ERR_*; "success" is a load that found no pages.
_ERR_SUCCESS, _ERR_FILE, _ERR_FORMAT, _ERR_PASSWORD, _ERR_SECURITY = 0, 2, 3, 4, 5
# A complete PDF ends with %%EOF within its last kilobyte.
_TAIL_BYTES = 1024


def describe_pdfium_failure(error: BaseException, path: str, password_given: bool = False) -> str:
    """One line for an editor, in the words ``describe_failure`` uses for pdfminer's failures.

    PDFium repairs more than pdfminer (a broken cross-reference table, a malformed
    dictionary), so some files pdfminer refuses are read; what it refuses is
    named here as pdfminer's reader names the same fault.
    """
    from checker.reading.pdf_adapter import _NoPages, describe_failure

    if isinstance(error, (_NoPages, RecursionError, MemoryError, OSError)):
        return describe_failure(error, path, password_given)
    code = getattr(error, "err_code", None)
    if code == _ERR_SUCCESS:  # loaded nothing, and no error to name: no page tree PDFium could follow
        return describe_failure(_NoPages("damaged"), path, password_given)
    if code == _ERR_FORMAT and not _ends_complete(path):
        return f"{path}: truncated or damaged PDF: the file ends unexpectedly"
    if code == _ERR_PASSWORD:
        if password_given:
            return f"{path}: encrypted PDF, and the password given with --password is wrong"
        return f"{path}: encrypted PDF; give its password with --password"
    if code == _ERR_SECURITY:
        return f"{path}: encrypted PDF with a method that cannot be decrypted here; ask for an unencrypted copy"
    if code == _ERR_FILE:
        return f"{path}: cannot read (input/output error)"
    if code == _ERR_FORMAT:
        return f"{path}: damaged PDF: no valid cross-reference table"
    return f"{path}: damaged PDF: an object in the file is malformed"


def _ends_complete(path: str) -> bool:
    """Whether the file ends as a complete PDF does (%%EOF near its end)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            handle.seek(max(0, handle.tell() - _TAIL_BYTES))
            return b"%%EOF" in handle.read()
    except OSError:
        return True
