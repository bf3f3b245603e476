"""The PDF fixture is reproducible and faithful to the booklet text.

Regenerates the PDF with fixtures/tools/make_pdf.py, compares it byte for byte with
the committed fixture, and reads it back with pdfminer.six: every source line must be
extractable in order, and footer page numbers must agree with the table of contents.
"""

import functools
import importlib.util
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextBox

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SOURCE = FIXTURES / "soumu-juten-shisaku-2020.txt"
COMMITTED_PDF = FIXTURES / "soumu-juten-shisaku-2020.pdf"
COMMITTED_PAGED = FIXTURES / "soumu-juten-shisaku-2020.paged.txt"
FOOTER_RE = re.compile(r"-(\d+)-")  # "- 12 -" once whitespace is removed


@functools.cache
def load_make_pdf():
    # fixtures/tools is a script folder, not a package; dataclasses need sys.modules.
    spec = importlib.util.spec_from_file_location("make_pdf", FIXTURES / "tools" / "make_pdf.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def normalize(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def source_text() -> str:
    return SOURCE.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("pdf")
    pdf_path = out_dir / "booklet.pdf"
    paged_path = out_dir / "booklet.paged.txt"
    figures = load_make_pdf().render_pdf(source_text(), pdf_path, text_out=paged_path)
    return figures, pdf_path, paged_path


@pytest.fixture(scope="module")
def extracted(rendered):
    """Per page: its text boxes (pdfminer's order) and its footer number, if any."""
    _, pdf_path, _ = rendered
    pages = []
    for layout in extract_pages(pdf_path):
        boxes, footer = [], None
        for element in layout:
            if not isinstance(element, LTTextBox):
                continue
            text = element.get_text()
            match = FOOTER_RE.fullmatch(normalize(text))
            if match and element.y1 < 40:
                footer = int(match.group(1))
            else:
                boxes.append(text)
        pages.append((boxes, footer))
    return pages


def test_pdf_is_byte_identical_to_committed_fixture(rendered):
    _, pdf_path, _ = rendered
    fresh, committed = pdf_path.read_bytes(), COMMITTED_PDF.read_bytes()
    producer = re.compile(rb"/Producer \((.*?)\)")
    assert fresh == committed, (
        f"fixture made by {producer.search(committed).group(1)!r}, this run by "
        f"{producer.search(fresh).group(1)!r}; regenerate with: python fixtures/tools/make_pdf.py "
        "fixtures/soumu-juten-shisaku-2020.txt fixtures/soumu-juten-shisaku-2020.pdf "
        "--text-out fixtures/soumu-juten-shisaku-2020.paged.txt")


def test_every_source_line_is_extracted_in_order(extracted):
    document = "".join(normalize(box) for boxes, _ in extracted for box in boxes)
    position = 0
    for number, line in enumerate(source_text().split("\n"), start=1):
        wanted = normalize(line)
        if not wanted:
            continue
        found = document.find(wanted, position)
        assert found >= 0, f"line {number} not found (in order) in the PDF text: {line!r}"
        position = found + len(wanted)


def test_exact_characters_survive_extraction(extracted):
    # Stronger than NFKC: look-alikes such as U+FF0D/U+2212 or U+FF5E/U+301C must not swap.
    extracted_chars = {ch for boxes, _ in extracted for box in boxes for ch in box}
    missing = sorted(set(source_text()) - extracted_chars - set(" \t\n\u3000"))
    assert missing == []


def test_each_body_line_is_its_own_text_box(rendered, extracted):
    figures, _, _ = rendered
    body_boxes = [box for boxes, _ in extracted[figures["front_pages"]:] for box in boxes]
    booklet = load_make_pdf().parse_booklet(source_text())
    first_body_line = booklet.chunks[0].start
    body_lines = [line for line in booklet.lines[first_body_line:] if line.strip()]
    assert [normalize(b) for b in body_boxes] == [normalize(line) for line in body_lines]


def test_footer_numbers_agree_with_toc_anchors(rendered, extracted):
    figures, _, _ = rendered
    assert figures["anchors_total"] == 68
    assert figures["anchors_agreeing"] == 68 and figures["disagreeing"] == []
    page_by_footer = {footer: boxes for boxes, footer in extracted if footer is not None}
    for anchor in figures["agreeing"]:
        boxes = page_by_footer[anchor["toc_page"]]
        page_text = "".join(normalize(box) for box in boxes)
        assert normalize(anchor["topic"]) in page_text, anchor
        if anchor["match"] == "exact":
            assert normalize(anchor["title"]) in page_text, anchor


def test_footers_number_every_body_page_consecutively(rendered, extracted):
    figures, _, _ = rendered
    front = figures["front_pages"]
    assert all(footer is None for _, footer in extracted[:front])
    footers = [footer for _, footer in extracted[front:]]
    assert footers == list(range(front + 1, len(extracted) + 1))
    fillers = [footer for boxes, footer in extracted[front:] if not boxes]
    assert len(fillers) == figures["filler_pages"]


def test_paged_text_matches_committed_and_source(rendered, extracted):
    _, _, paged_path = rendered
    paged = paged_path.read_bytes()
    assert paged == COMMITTED_PAGED.read_bytes()
    text = paged.decode("utf-8")
    assert text.replace("\f", "") == source_text()
    assert text.count("\f") + 1 == len(extracted)


def test_repeat_body_continues_page_numbers(tmp_path):
    figures = load_make_pdf().render_pdf(source_text(), tmp_path / "twice.pdf", repeat_body=2)
    assert figures["pages"] == figures["front_pages"] + 2 * figures["body_pages_per_copy"]
    last_page = list(extract_pages(tmp_path / "twice.pdf", page_numbers=[figures["pages"] - 1]))[0]
    footers = [normalize(e.get_text()) for e in last_page if isinstance(e, LTTextBox) and e.y1 < 40]
    assert footers == [f"-{figures['pages']}-"]
