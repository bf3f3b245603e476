"""Small booklet PDFs drawn with reportlab for the structure tests (issue 10).

Each page of the body is laid out as the booklets are: a running chapter name
in small print at the top edge, the section line, a title bar (the page topic,
drawn larger than the body), an item, body text, and a diagram panel whose
labels start with numbers as section headings do; a page number at the foot.
Built into a temporary folder by the tests (reportlab is a test extra).
"""

from __future__ import annotations

from dataclasses import dataclass

from layout_samples import GOTHIC, HEIGHT, WIDTH, _canvas

BODY_SIZE = 10.5


@dataclass(frozen=True)
class BodyPage:
    chapter_name: str  # the running header at the top edge (names no chapter by the profile's pattern)
    section: str  # "1 地域の活性化"
    topic: str
    item: str
    labels: tuple[str, ...] = ()  # diagram labels in a panel in the middle of the page
    body_line: str = "・地域の取組を支援する。"
    over_title: str = ""  # a small label between the section line and the title bar (「施策の概要」)
    section_shown: bool = True  # False: a section's later page without its section line


PAGES = (
    BodyPage("東京一極集中の是正と地域の活性化", "1 地域の活性化", "地域おこしの推進", "(1) 地域おこし協力隊の推進", ("2 地域の拠点", "3 連携の仕組み")),
    BodyPage("東京一極集中の是正と地域の活性化", "1 地域の活性化", "関係人口の創出", "(1) 関係人口の創出・拡大"),
    BodyPage("東京一極集中の是正と地域の活性化", "2 地域経済の活性化", "地域経済の循環", "(1) 地域経済循環の創造", ("1 地域の資源", "4 消費の拡大")),
    BodyPage("防災・減災、復旧・復興", "3 防災の強化", "消防力の強化", "(1) 緊急消防援助隊の充実"),
    BodyPage("防災・減災、復旧・復興", "3 防災の強化", "消防力の強化", "(2) 消防団の充実強化"),
)
CONTENTS = (
    "目次",
    "1 地域の活性化",
    "- 地域おこしの推進…… 2",
    "- 関係人口の創出…… 3",
    "2 地域経済の活性化",
    "- 地域経済の循環…… 4",
    "3 防災の強化",
    "- 消防力の強化…… 5",
)


def booklet(path, *, contents: bool = True, pages: tuple[BodyPage, ...] = PAGES) -> None:
    """A contents page (optional) and the body pages, numbered from 2 as the contents say."""
    pdf = _canvas(path)
    if contents:
        for row, text in enumerate(CONTENTS):
            pdf.setFont(GOTHIC, 14 if row == 0 else 11)
            pdf.drawString(60, HEIGHT - 60 - row * 24, text)
        pdf.showPage()
    for number, page in enumerate(pages, start=2):
        _body_page(pdf, page, number)
    pdf.save()


def _body_page(pdf, page: BodyPage, number: int) -> None:
    pdf.setFont(GOTHIC, 9)
    pdf.drawString(WIDTH - 220, HEIGHT - 18, page.chapter_name)
    pdf.setFont(GOTHIC, 12.5)
    if page.section_shown:
        pdf.drawString(40, HEIGHT - 45, page.section)
    if page.over_title:
        pdf.setFont(GOTHIC, 9)
        pdf.drawString(40, HEIGHT - 58, page.over_title)
    pdf.setFont(GOTHIC, 16)
    pdf.drawString(40, HEIGHT - 75, page.topic)
    pdf.setFont(GOTHIC, 12)
    pdf.drawString(40, HEIGHT - 105, page.item)
    pdf.setFont(GOTHIC, BODY_SIZE)
    pdf.drawString(40, HEIGHT - 130, page.body_line)
    pdf.drawString(40, HEIGHT - 150, "・関係機関と連携して進める。")
    if page.labels:
        pdf.rect(300, 220, 300, 120, stroke=1, fill=0)
        for row, label in enumerate(page.labels):
            pdf.drawString(320, 310 - row * 40, label)
    pdf.setFont(GOTHIC, 9)
    pdf.drawString(WIDTH / 2 - 4, 20, str(number))
    pdf.showPage()
