"""The glyph reader records each glyph straight from pdfminer's ``render_char``
(no ``LTChar`` objects): every record must equal what pdfminer's own ``LTChar``
says of the same glyph (text, box, size, font, writing axis, angle), in the
same order, on PDFs with horizontal, vertical, rotated, turned-page and
Form XObject text."""

from __future__ import annotations

import math

import layout_samples
import pytest
from conftest import FIXTURES

from checker.reading import pdf_adapter
from checker.reading.glyphs import HORIZONTAL, ROTATED, VERTICAL

SAMPLES = ["form_only", "vertical", "table", "turned_pages", "off_page", "gaps", "zero_width", "panels"]


def _axis_and_angle(char, vertical: bool) -> tuple[str, int]:
    """Writing axis and baseline angle of an ``LTChar``, as the reader defines them."""
    a, b, c, d, _, _ = char.matrix
    if vertical:
        axis = VERTICAL
    else:
        scale = max(abs(a), abs(b), abs(c), abs(d), 1e-9)
        turned = abs(b) / scale > pdf_adapter.TURNED or abs(c) / scale > pdf_adapter.TURNED or a < 0 or not char.upright
        axis = ROTATED if turned else HORIZONTAL
    if b == 0:
        angle = 180 if a < 0 else 0
    elif math.isfinite(a) and math.isfinite(b):
        angle = round(math.degrees(math.atan2(b, a)) / 90) % 4 * 90
    else:
        angle = 0
    return axis, angle


def _pdfminer_chars(path) -> list[list[tuple]]:
    """Per page, every ``LTChar`` pdfminer builds (Form XObjects walked), in stream order."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    class Marking(PDFPageAggregator):
        def render_char(self, matrix, font, *args):
            advance = super().render_char(matrix, font, *args)
            self.cur_item._objs[-1].vertical_font = font.is_vertical()
            return advance

    pages = []
    with open(path, "rb") as handle:
        resources = PDFResourceManager(caching=True)
        device = Marking(resources, laparams=None)
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.create_pages(PDFDocument(PDFParser(handle))):
            interpreter.process_page(page)
            chars, stack = [], [iter(device.get_result())]
            while stack:
                item = next(stack[-1], None)
                if item is None:
                    stack.pop()
                elif isinstance(item, LTChar):
                    axis, angle = _axis_and_angle(item, item.vertical_font)
                    chars.append((item.get_text(), item.x0, item.y0, item.x1, item.y1, item.size, item.fontname, len(chars), axis, angle))
                elif isinstance(item, LTContainer):
                    stack.append(iter(item))
            pages.append(chars)
    return pages


def _reader_glyphs(path) -> list[list[tuple]]:
    """Per page, the glyphs the reader hands to the layout (layout itself skipped)."""
    captured = []

    def capture(glyphs, boxes, rules, width, height):
        captured.append([(g.text, g.x0, g.y0, g.x1, g.y1, g.size, g.font, g.order, g.axis, g.angle) for g in glyphs])

    import checker.reading.layout as layout

    saved = layout.lay_out_page  # extract_pdf_pages imports it at each call
    layout.lay_out_page = capture
    try:
        pdf_adapter.extract_pdf_pages(str(path))
    finally:
        layout.lay_out_page = saved
    return captured


def _sample(tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    getattr(layout_samples, name)(path)
    return path


@pytest.mark.parametrize("name", SAMPLES)
def test_glyphs_equal_pdfminer_chars_on_samples(tmp_path, name):
    path = _sample(tmp_path, name)
    expected = _pdfminer_chars(path)
    assert any(expected), "the sample draws text"
    assert _reader_glyphs(path) == expected


@pytest.mark.parametrize("relative", ["layout/vertical.pdf", "layout/form-xobjects.pdf", "office/soumu-2020-doc.pdf", "soumu-juten-shisaku-2020.pdf"])
def test_glyphs_equal_pdfminer_chars_on_fixtures(relative):
    path = FIXTURES / relative
    expected = _pdfminer_chars(path)
    assert sum(len(page) for page in expected) > 10
    assert _reader_glyphs(path) == expected
