"""Page images: the pages of a PDF as pictures, and where a line's box lands on them.

Rendering is native code (PDFium, through pypdfium2) running on untrusted input,
so it runs in the same limited worker as reading (``checker.reading.sandbox``):
a page that loops, inflates or crashes the renderer ends with one line naming
the limit or the failure, never with a traceback, and the caller carries on
without images.

Coordinates: a reader's line box is ``(x0, y0, x1, y1)`` in PDF points on the
page as displayed (its /Rotate applied), origin at the bottom-left of the
media box (pdfminer's layout space), or of the crop box when the reader says
its page is the crop box's size; then turned by the quarter turn the reader
applied to set sideways text upright (``RawDocument.page_turns``). PDFium
draws the crop box, rotated. ``PageFrame`` holds the boxes and the rotation
PDFium reported, and maps one to the other.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from checker.errors import InputError
from checker.reading.layout.turn import displayed_point

# 144 dpi: 8-pt text is 16 px tall, enough for kanji to stay legible when a
# page is shown at its natural size. The overview strip needs only a glimpse.
PAGE_SCALE = 2.0
THUMBNAIL_SCALE = 0.25
# No side of a rendered page may exceed this, whatever the page claims to
# measure: a hostile 200-inch page would otherwise ask for a gigapixel bitmap.
MAX_SIDE_PIXELS = 4000
IMAGE_FORMAT = "webp"  # about a third of JPEG's size for pages of text at the same legibility
IMAGE_QUALITY = 70
# libwebp's effort (0-6): 2 encodes a page of text twice as fast as the default 4
# for 4 % more bytes (tests/bench_render.py).
WEBP_METHOD = 2
MIME_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg"}
# Two reader page sizes within this many points are the same size.
SIZE_TOLERANCE = 1.0


@dataclass(frozen=True)
class PageFrame:
    """A page's geometry as PDFium sees it: boxes in PDF user space, /Rotate in degrees."""

    media_box: tuple[float, float, float, float]
    crop_box: tuple[float, float, float, float]
    rotation: int = 0

    def displayed_size(self, box: tuple[float, float, float, float]) -> tuple[float, float]:
        width, height = box[2] - box[0], box[3] - box[1]
        return (height, width) if self.rotation in (90, 270) else (width, height)

    def reader_origin_box(self, reader_size: tuple[float, float] | None) -> tuple[float, float, float, float]:
        """The box whose lower-left corner is the reader's origin: the media box
        (pdfminer), or the crop box when the reader's page has the crop box's size."""
        if reader_size and not _same_size(reader_size, self.displayed_size(self.media_box)):
            if _same_size(reader_size, self.displayed_size(self.crop_box)):
                return self.crop_box
        return self.media_box

    def reader_to_user(self, x: float, y: float, origin_box) -> tuple[float, float]:
        """A reader point (rotated, box-relative) back to PDF user space: the
        inverse of the transformation pdfminer applies for each /Rotate."""
        x0, y0, x1, y1 = origin_box
        if self.rotation == 90:
            return x1 - y, x + y0
        if self.rotation == 180:
            return x1 - x, y1 - y
        if self.rotation == 270:
            return y + x0, y1 - x
        return x + x0, y + y0

    def user_to_pixels(self, u: float, v: float, scale: float) -> tuple[float, float]:
        """A user-space point to pixels of the rendered crop box (origin top-left)."""
        cx0, cy0, cx1, cy1 = self.crop_box
        if self.rotation == 90:
            return (v - cy0) * scale, (u - cx0) * scale
        if self.rotation == 180:
            return (cx1 - u) * scale, (v - cy0) * scale
        if self.rotation == 270:
            return (cy1 - v) * scale, (cx1 - u) * scale
        return (u - cx0) * scale, (cy1 - v) * scale

    def box_to_pixels(self, bbox, scale: float, reader_size=None, turn: int = 0) -> tuple[float, float, float, float]:
        """A reader's line box as (left, top, right, bottom) pixels of the page image.

        ``reader_size`` is the size of the reader's page, ``turn`` the quarter
        turn it applied to the page as displayed (its boxes are in that frame).
        """
        origin = self.reader_origin_box(_before_turn(reader_size, turn) if reader_size else None)
        width, height = self.displayed_size(origin)  # PDFium's exact size (the reader's is rounded)
        corners = []
        for x in (bbox[0], bbox[2]):
            for y in (bbox[1], bbox[3]):
                shown = displayed_point(turn, x, y, width, height)
                corners.append(self.user_to_pixels(*self.reader_to_user(*shown, origin), scale))
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        # Rounded far below a pixel: a box on the crop box's edge stays on it, not 1e-13 outside.
        return round(min(xs), 6), round(min(ys), 6), round(max(xs), 6), round(max(ys), 6)


def _before_turn(size: tuple[float, float], turn: int) -> tuple[float, float]:
    """The displayed page's size, from the size of the page the reader turned by ``turn``."""
    return (size[1], size[0]) if turn in (90, 270) else (size[0], size[1])


def _same_size(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= SIZE_TOLERANCE and abs(a[1] - b[1]) <= SIZE_TOLERANCE


@dataclass(frozen=True)
class PageImage:
    """One rendered page: encoded bytes, pixel size, and the geometry to place boxes."""

    page_index: int  # 0-based physical page
    scale: float  # pixels per point actually used (lower than asked for an oversized page)
    width: int
    height: int
    mime: str
    data: bytes
    frame: PageFrame

    def box_to_pixels(self, bbox, reader_size=None, turn: int = 0) -> tuple[float, float, float, float]:
        return self.frame.box_to_pixels(bbox, self.scale, reader_size, turn)


@dataclass(frozen=True)
class RenderOutcome:
    """What rendering gave: images keyed by (page index, requested scale), or why none."""

    images: dict
    error: str | None = None


def render_pages(path: str, requests, *, password: str = "", timeout: float, max_memory: int, draw_scale: float | None = None) -> RenderOutcome:
    """Render the requested ``(page_index, scale)`` pairs of a PDF in a limited worker.

    ``draw_scale``, when given, is the scale the ``PAGE_SCALE`` requests are drawn
    at instead (to keep a report within its size budget); they keep their key.

    Never raises for a bad document: a failure, a limit reached or a crash of
    the renderer comes back as ``RenderOutcome.error``, one line, and no images.
    """
    from checker.reading.sandbox import run_limited

    requests = tuple(sorted(set(requests)))
    if not requests:
        return RenderOutcome({})
    try:
        status, payload = run_limited(
            render_or_describe, path, password, requests, draw_scale,
            timeout=timeout, max_memory=max_memory, what=f"{path} (page images)",
        )
    except InputError as error:
        return RenderOutcome({}, str(error))
    if status == "error":
        return RenderOutcome({}, str(payload))
    return RenderOutcome({(image.page_index, scale): image for scale, image in payload})


def render_or_describe(path: str, password: str, requests, draw_scale: float | None = None) -> tuple[str, object]:
    """Worker entry point: ("ok", [(requested scale, PageImage)]) or ("error", one line).

    ``MemoryError`` is raised on, so the sandbox reports it naming the limit.
    """
    try:
        return "ok", _render(path, password, requests, draw_scale)
    except MemoryError:
        raise
    except BaseException as error:  # noqa: BLE001 - every failure becomes a message
        return "error", f"{path}: page images cannot be drawn ({error.__class__.__name__}: {_short(error)})"


def _render(path: str, password: str, requests, draw_scale: float | None = None) -> list:
    import pypdfium2

    document = pypdfium2.PdfDocument(path, password=password or None)
    try:
        page_count = len(document)
        rendered = []
        for page_index, scale in requests:
            if 0 <= page_index < page_count:
                drawn = draw_scale if draw_scale and scale == PAGE_SCALE else scale
                rendered.append((scale, _render_page(document, page_index, drawn)))
        return rendered
    finally:
        document.close()


def _render_page(document, page_index: int, scale: float) -> PageImage:
    page = document[page_index]
    try:
        frame = PageFrame(tuple(page.get_mediabox()), tuple(page.get_cropbox()), page.get_rotation() % 360)
        width, height = page.get_size()
        scale = min(scale, MAX_SIDE_PIXELS / max(width, height, 1.0))
        bitmap = page.render(scale=scale, may_draw_forms=True)
        picture = bitmap.to_pil().convert("RGB")
        bitmap.close()
    finally:
        page.close()
    buffer = io.BytesIO()
    picture.save(buffer, IMAGE_FORMAT.upper(), quality=IMAGE_QUALITY, **({"method": WEBP_METHOD} if IMAGE_FORMAT == "webp" else {}))
    return PageImage(page_index, scale, picture.width, picture.height, MIME_TYPES[IMAGE_FORMAT], buffer.getvalue(), frame)


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 160 else text[:157] + "..."
