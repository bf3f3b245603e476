"""Small PDFs drawn with reportlab for the layout reader's tests, each with the
text it must read as. Built into a temporary folder by the tests (nothing is
downloaded; reportlab is a test extra). Each maker returns the expected lines.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

GOTHIC = "HeiseiKakuGo-W5"
VERTICAL = "HeiseiMin-W3"  # registered with its vertical (-V) encoding only
WIDTH, HEIGHT = landscape(A4)


def _canvas(path) -> canvas.Canvas:
    if GOTHIC not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(GOTHIC))
    if VERTICAL not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(VERTICAL, isVertical=True))
    return canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT), invariant=1)


def _glyphs(pdf: canvas.Canvas, x: float, y: float, text: str, size: float, gaps: dict[int, float]) -> None:
    """Draw ``text`` glyph by glyph; ``gaps`` adds room (in em) before glyph i, as exporters do."""
    for index, char in enumerate(text):
        x += gaps.get(index, 0.0) * size
        pdf.drawString(x, y, char)
        x += pdfmetrics.stringWidth(char, GOTHIC, size)


def form_only(path) -> list[str]:
    """All text inside Form XObjects, one nested in another, drawn twice."""
    pdf = _canvas(path)
    pdf.beginForm("inner")
    pdf.setFont(GOTHIC, 12)
    pdf.drawString(60, 400, "5テラビット級光伝送技術")
    pdf.drawString(60, 380, "（1）地域の基幹産業")
    pdf.endForm()
    pdf.beginForm("outer")
    pdf.doForm("inner")
    pdf.setFont(GOTHIC, 12)
    pdf.drawString(60, 300, "図の説明")
    pdf.endForm()
    pdf.doForm("outer")
    pdf.saveState()
    pdf.translate(400, 0)
    pdf.doForm("inner")
    pdf.restoreState()
    pdf.showPage()
    pdf.save()
    return ["5テラビット級光伝送技術", "（1）地域の基幹産業", "図の説明", "5テラビット級光伝送技術", "（1）地域の基幹産業"]


def image_only(path) -> list[str]:
    from reportlab.lib.utils import ImageReader  # noqa: F401 - reportlab draws raw images too

    pdf = _canvas(path)
    pdf.setFillColorRGB(0.2, 0.4, 0.8)
    pdf.rect(100, 100, 300, 200, stroke=1, fill=1)
    pdf.drawInlineImage(_tiny_image(), 120, 120, 100, 100)
    pdf.showPage()
    pdf.save()
    return []


def _tiny_image():
    from PIL import Image

    return Image.new("RGB", (4, 4), (200, 10, 10))


def vertical(path) -> list[str]:
    """Two columns of vertical text: one in a vertical-writing font, one set
    glyph by glyph; each page reads right to left."""
    pdf = _canvas(path)
    pdf.setFont(VERTICAL, 14)
    pdf.drawString(500, 500, "縦書きの見出し")
    pdf.drawString(480, 500, "二行目（左）")
    pdf.showPage()
    pdf.setFont(GOTHIC, 14)
    for column, text in ((300, "右の列です"), (280, "左の列です")):
        for index, char in enumerate(text):
            pdf.drawString(column, 500 - index * 14, char)
    pdf.showPage()
    pdf.save()
    return ["縦書きの見出し", "二行目（左）", "右の列です", "左の列です"]


def table(path) -> list[str]:
    """A ruled 3 x 3 grid (lines only, as a Word table draws its borders)."""
    pdf = _canvas(path)
    rows = [["区分", "令和2年度", "令和元年度"], ["交付金", "5.0億円", "4.0億円"], ["補助金", "1.2億円", "1.0億円"]]
    left, top, cell_width, cell_height = 100, 450, 120, 24
    for row in range(4):
        pdf.line(left, top - row * cell_height, left + 3 * cell_width, top - row * cell_height)
    for column in range(4):
        pdf.line(left + column * cell_width, top, left + column * cell_width, top - 3 * cell_height)
    pdf.setFont(GOTHIC, 11)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            pdf.drawString(left + c * cell_width + 6, top - (r + 1) * cell_height + 7, text)
    pdf.setFont(GOTHIC, 11)
    pdf.drawString(100, 500, "表の前の文")
    pdf.showPage()
    pdf.save()
    return ["表の前の文"] + ["\t".join(cells) for cells in rows]


def gaps(path) -> list[str]:
    """Exporter gaps: a quarter em at Japanese/Latin boundaries (no space), a
    word gap between Latin words without a space glyph, and real space glyphs."""
    pdf = _canvas(path)
    pdf.setFont(GOTHIC, 12)
    _glyphs(pdf, 60, 500, "（1）地域経済", 12, {1: 0.25, 2: 0.25})
    _glyphs(pdf, 60, 480, "5テラビット級", 12, {1: 0.25})
    _glyphs(pdf, 60, 460, "**【予算】", 12, {2: 0.25})
    _glyphs(pdf, 60, 440, "Society5.0の実現", 12, {7: 0.33, 10: 0.25})
    _glyphs(pdf, 60, 420, "うち 地方創生 0.9 億円", 12, {})
    _glyphs(pdf, 60, 400, "tightwordsandkerning", 12, {5: 0.22, 10: 0.22, 13: 0.22, **{i: 0.02 for i in range(14, 20)}})
    pdf.showPage()
    pdf.save()
    return ["（1）地域経済", "5テラビット級", "**【予算】", "Society 5.0の実現", "うち 地方創生 0.9 億円", "tight words and kerning"]


def panels(path) -> list[str]:
    """A title bar, two bordered panels side by side whose lines share baselines,
    and a centred page number: the panels read down, one after the other."""
    pdf = _canvas(path)
    pdf.setFillColorRGB(0.8, 0.85, 1)
    pdf.rect(0, HEIGHT - 60, WIDTH, 60, stroke=0, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(GOTHIC, 20)
    pdf.drawString(40, HEIGHT - 40, "1 地域の活性化")
    pdf.setFont(GOTHIC, 12)
    for left, lines in ((40, ["（1）左の施策", "・左の一行目", "・左の二行目"]), (440, ["（2）右の施策", "・右の一行目", "・右の二行目"])):
        pdf.rect(left - 10, 300, 380, 200, stroke=1, fill=0)
        for row, text in enumerate(lines):
            pdf.drawString(left, 470 - row * 16, text)
    pdf.setFont(GOTHIC, 10)
    pdf.drawCentredString(WIDTH / 2, 20, "4")
    pdf.showPage()
    pdf.save()
    return ["1 地域の活性化", "（1）左の施策", "・左の一行目", "・左の二行目", "（2）右の施策", "・右の一行目", "・右の二行目", "4"]


def zero_width(path) -> list[str]:
    """A line drawn with horizontal scaling 0: every glyph has zero width, at one point."""
    pdf = _canvas(path)
    text = pdf.beginText(60, 500)
    text.setFont(GOTHIC, 12)
    text.setHorizScale(0)
    text.textOut("見えない文字列")
    pdf.drawText(text)
    pdf.setFont(GOTHIC, 12)
    pdf.drawString(60, 460, "普通の行")
    pdf.showPage()
    pdf.save()
    return ["見えない文字列", "普通の行"]


def off_page(path) -> list[str]:
    """Three glyphs outside the page box (cropped off, still in the file)."""
    pdf = _canvas(path)
    pdf.setFont(GOTHIC, 12)
    pdf.drawString(60, 500, "ページ内の行")
    pdf.drawString(-200, 500, "枠外字")
    pdf.showPage()
    pdf.save()
    return ["ページ内の行"]


SAMPLES = {
    "form-only": form_only,
    "vertical": vertical,
    "table": table,
    "gaps": gaps,
    "panels": panels,
    "zero-width": zero_width,
}


def turned_pages(path) -> list[str]:
    """Two pages of a landscape table inserted sideways: one drawn turned by its
    content (the text matrix rotated 90°), one upright but shown turned (/Rotate 90).
    Both read as upright text, top to bottom."""
    pdf = _canvas(path)
    pdf.saveState()
    pdf.translate(WIDTH, 0)
    pdf.rotate(90)
    pdf.setFont(GOTHIC, 12)
    pdf.drawString(40, 500, "横向きの表題")
    pdf.drawString(40, 480, "（1）横向きの本文です")
    pdf.restoreState()
    pdf.showPage()
    pdf.setPageRotation(90)
    pdf.setFont(GOTHIC, 12)
    pdf.drawString(40, 500, "回転ページの表題")
    pdf.drawString(40, 480, "（2）回転ページの本文")
    pdf.showPage()
    pdf.save()
    return ["横向きの表題", "（1）横向きの本文です", "回転ページの表題", "（2）回転ページの本文"]


SAMPLES["turned-pages"] = turned_pages
