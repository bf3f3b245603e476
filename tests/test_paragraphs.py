"""Paragraphs as part of the tree (``Node.paragraphs``, ``checker.booklet.paragraphs``).

One decision which content lines read on as one text, made by the parser, read by the
text units (bracket, date and notation rules), the repeat comparison and the diff.
"""

from __future__ import annotations

import json
import pathlib

import jsonschema
import pytest
from conftest import FIXTURES, PDF_2020, TEXT_2020
from rulecheck import document_from_text, run_rule

from checker.api import parse_file
from checker.booklet.model import CAPTION, PARAGRAPH, RawDocument, SourceLine
from checker.booklet.paragraphs import PARAGRAPH_CONTENT_KINDS
from checker.booklet.parser import parse
from checker.reading.readers import read_document
from checker.reports.document_formats import render_tree_json

SCHEMAS = pathlib.Path(__file__).resolve().parent / "schemas"


def paragraphs(document):
    return [paragraph for node in document.root.walk() for paragraph in node.paragraphs]


def kinds_and_texts(document):
    return [(paragraph.kind, paragraph.text) for paragraph in paragraphs(document)]


# ------------------------------------------------------------------ shape (text)
BRACKET_OVER_TWO_LINES = """(1) 地域運営組織の形成
- ・地域における多様な主体（自治会、
町内会など）を包摂し、連携させる地域運営組織の形成を支援
"""


def test_a_bracket_closed_on_the_next_line_is_one_paragraph_and_no_finding():
    document = document_from_text(BRACKET_OVER_TWO_LINES)
    assert kinds_and_texts(document) == [
        ("bullet", "- ・地域における多様な主体（自治会、町内会など）を包摂し、連携させる地域運営組織の形成を支援")
    ]
    assert run_rule("BRK001", document) == []


def test_a_blank_line_ends_the_paragraph_so_the_same_bracket_is_reported():
    """The control: the same lines apart are two paragraphs, and the bracket rule fires."""
    document = document_from_text(BRACKET_OVER_TWO_LINES.replace("自治会、\n", "自治会、\n\n"))
    assert len(paragraphs(document)) == 2
    assert sorted(finding.location.line for finding in run_rule("BRK001", document)) == [2, 4]


CAPTION_BETWEEN_PROSE = """(1) IT人材育成の推進
地方におけるIT人材育成や雇用創出を図るため、都市部のIT系企業と連携した職業訓練の実施を支援
地域ICTクラブ
学校にとらわれず、地域各地で子供たちにプログラミング演習の機会を提供する取組を全国に展開
"""


def test_a_caption_is_not_joined_with_prose_before_or_after_it():
    document = document_from_text(CAPTION_BETWEEN_PROSE)
    assert [paragraph.kind for paragraph in paragraphs(document)] == [PARAGRAPH, CAPTION, PARAGRAPH]
    assert paragraphs(document)[1].text == "地域ICTクラブ"


def test_a_short_line_ending_an_unfinished_sentence_is_prose():
    """The parser calls the short last line a caption; it is the wrapped end of the sentence."""
    text = CAPTION_BETWEEN_PROSE.replace("職業訓練の実施を支援\n地域ICTクラブ", "職業訓練の実施を\n支援")
    document = document_from_text(text)
    first = paragraphs(document)[0]
    assert first.kind == PARAGRAPH and first.text.endswith("職業訓練の実施を支援")
    assert [line.number for line in first.lines] == [2, 3]


def test_latin_words_broken_over_two_lines_get_their_space_back():
    document = document_from_text("(1) 項目\n国際標準化の推進にあたり、Society\n5.0 の実現に向けた取組を支援\n")
    assert paragraphs(document)[0].text == "国際標準化の推進にあたり、Society 5.0 の実現に向けた取組を支援"


def test_offsets_map_back_to_the_lines_of_a_text_paragraph():
    document = document_from_text(BRACKET_OVER_TWO_LINES)
    paragraph = paragraphs(document)[0]
    offset = paragraph.text.index("町内会")
    assert paragraph.line_at(offset).number == 3
    assert paragraph.line_at(offset).text[paragraph.offset_in_line(offset):].startswith("町内会")
    assert document.paragraph_location(paragraph, offset).line == 3
    assert document.paragraph_location(paragraph, paragraph.text.index("主体")).line == 2


# ------------------------------------------------------------------ geometry (PDF)
def pdf_line(number, text, block, box, size=10.0, wraps=False, row=None):
    return SourceLine(number=number, text=text, page_index=0, bbox=box, font_size=size, block=block,
                      wraps=wraps, line_on_page=row or number, page_size=(595.0, 842.0))


def geometry_document():
    """An item, a bullet wrapped over two printed rows with a bracket across the break,
    a prose line left unfinished, and a label in a smaller font right under it."""
    lines = [
        pdf_line(1, "(1) 地域運営組織の形成", 0, (50, 780, 200, 790)),
        pdf_line(2, "- ・地域における多様な主体（自治会、町内会、", 1, (50, 760, 500, 770), wraps=True),
        pdf_line(3, "ＮＰＯなど）を包摂し、連携させる取組を支援", 1, (50, 745, 300, 755)),
        pdf_line(4, "住民による取組体制の確立のため、地域の多様な主体が参加して地域の課題解決に取り組む組織の", 2, (50, 720, 500, 730)),
        pdf_line(5, "運営を支援", 3, (50, 706, 90, 714), size=8.0),
    ]
    raw = RawDocument(path="geometry.pdf", lines=lines, source_kind="pdf", has_pages=True, page_count=1,
                      page_sizes=((595.0, 842.0),))
    return parse(raw)


def test_wrapped_printed_rows_are_one_paragraph_and_offsets_find_the_row():
    document = geometry_document()
    bullet = paragraphs(document)[0]
    assert bullet.text == "- ・地域における多様な主体（自治会、町内会、ＮＰＯなど）を包摂し、連携させる取組を支援"
    assert run_rule("BRK001", document) == []
    assert len(bullet.lines) == 1 and bullet.lines[0].row_breaks  # one logical line of two rows
    assert document.paragraph_location(bullet, bullet.text.index("主体")).line_on_page == 2
    assert document.paragraph_location(bullet, bullet.text.index("ＮＰＯ")).line_on_page == 3


def test_a_label_in_another_font_size_is_not_joined_with_prose():
    """By shape alone the label would end the unfinished sentence; the page shows otherwise."""
    document = geometry_document()
    assert [(paragraph.kind, paragraph.text) for paragraph in paragraphs(document)[1:]] == [
        (PARAGRAPH, "住民による取組体制の確立のため、地域の多様な主体が参加して地域の課題解決に取り組む組織の"),
        (CAPTION, "運営を支援"),
    ]


# ------------------------------------------------------------------ fixtures
def test_offsets_of_pdf_paragraphs_map_back_to_the_printed_rows():
    """Every printed row of every paragraph of the reportlab PDF: the location of its first
    character names the page row where the glyph reader found exactly that text."""
    document = parse_file(str(PDF_2020))
    rows = {(line.page_index, line.line_on_page): line.text.strip() for line in read_document(str(PDF_2020)).lines}
    checked = 0
    for paragraph in paragraphs(document):
        for index, line in enumerate(paragraph.lines):
            breaks = (0, *line.row_breaks, len(line.text.strip()))
            for row in range(len(breaks) - 1):
                offset = paragraph.starts[index] + breaks[row]
                location = document.paragraph_location(paragraph, offset)
                printed = rows.get((line.page_index, location.line_on_page))
                assert printed == line.text.strip()[breaks[row]:breaks[row + 1]].strip(), (location, paragraph.text)
                checked += 1
    assert checked > 500


READINGS = [
    ("soumu-juten-shisaku-2020.txt", "soumu-juten-shisaku-2020.paged.txt"),
    ("soumu-juten-shisaku-2020.paged.txt", "soumu-juten-shisaku-2020.pdf"),
    ("synthetic-2019-soumu-juten-shisaku.txt", "synthetic-2019-soumu-juten-shisaku.pdf"),
    ("office/soumu-2020-deck.paged.txt", "office/soumu-2020-deck.pdf"),
    ("office/soumu-2020-doc.paged.txt", "office/soumu-2020-doc.pdf"),
    ("office/soumu-2020-deck.paged.txt", "office/soumu-2020-deck.pptx"),
    ("office/soumu-2020-doc.paged.txt", "office/soumu-2020-doc.docx"),
]


@pytest.mark.parametrize("first, second", READINGS, ids=lambda name: pathlib.Path(name).name)
def test_every_reading_of_a_booklet_gives_the_same_paragraphs(first, second):
    """White space is compared folded: a table row's cells are tab-separated in the text
    and space-separated on the reportlab page."""

    def folded(path):
        return [(kind, " ".join(text.split())) for kind, text in kinds_and_texts(parse_file(str(FIXTURES / path)))]

    assert folded(first) == folded(second)


@pytest.mark.parametrize("name", ["soumu-juten-shisaku-2020.txt", "soumu-juten-shisaku-2020.pdf", "office/soumu-2020-deck.pdf"])
def test_every_content_line_is_in_exactly_one_paragraph_of_its_node(name):
    document = parse_file(str(FIXTURES / name))
    for node in document.root.walk():
        content = [child for child in node.children if child.kind in PARAGRAPH_CONTENT_KINDS and child.text.strip()]
        grouped = [child for paragraph in node.paragraphs for child in paragraph.nodes]
        assert [id(child) for child in grouped] == [id(child) for child in content]
        for paragraph in node.paragraphs:
            assert list(paragraph.lines) == [line for child in paragraph.nodes for line in child.lines if line.text.strip()] or not paragraph.nodes
    assert sum(len(paragraph.lines) for paragraph in paragraphs(document)) > 500


@pytest.mark.parametrize("path", [TEXT_2020, PDF_2020], ids=lambda path: path.name)
def test_parse_json_lists_paragraphs_and_follows_the_schema(path):
    data = json.loads(render_tree_json(parse_file(str(path))))
    jsonschema.validate(data, json.loads((SCHEMAS / "tree.schema.json").read_text(encoding="utf-8")))

    def walk(node):
        yield node
        for child in node.get("children", []):
            yield from walk(child)

    listed = [paragraph for node in walk(data["tree"]) for paragraph in node.get("paragraphs", [])]
    assert listed and all(len(paragraph["lines"]) == len(paragraph["starts"]) for paragraph in listed)
    assert any(len(paragraph["lines"]) > 1 for paragraph in listed)


# ------------------------------------------------------------------ diff
def test_the_diff_compares_a_rewrapped_paragraph_as_one_unit():
    """A sentence set on one line in the old edition and broken over two in the new one,
    with one word changed: one modified paragraph, its whole text on both sides."""
    from checker.diff import diff_documents

    heading = "1 地域の活性化\n\n地域資源の活用\n\n(1) 地域経済循環の創造\n"
    old = document_from_text(heading + "地域の資源を活用して、雇用吸収力の大きい地域密着型事業の立ち上げを支援し、地域の雇用創出を推進\n")
    new = document_from_text(heading + "地域の資源を活用して、雇用吸収力の大きい地域密着型事業の立ち上げを支援し、\n地域の雇用創出を更に推進\n")
    changes = [change for _, change in diff_documents(old, new).text_changes()]
    assert [(change.status, change.new_text) for change in changes] == [
        ("modified", "地域の資源を活用して、雇用吸収力の大きい地域密着型事業の立ち上げを支援し、地域の雇用創出を更に推進")
    ]
