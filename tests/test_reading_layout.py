"""The layout reader: PDFs read as faithfully as their text, nothing lost.

(a) The reportlab fixture reads as it always did: same findings (snapshot
    taken before the reader was rewritten); tree and ledger are covered by
    ``test_pdf_reader.py``.
(b) Each office-exported fixture (``fixtures/office/*.pdf``) reads as its
    paged text: the same lines page by page, and the same tree, ledger and
    findings as parsing that text.
(c) Every glyph is accounted for on every fixture PDF; text only in Form
    XObjects reads fully; an image-only PDF is still "no text layer";
    vertical text reads right to left; a table reads as tab-separated rows;
    no space is invented at an exporter's gap.
"""

from __future__ import annotations

import json
import pathlib

import layout_samples
import pytest
from conftest import FIXTURES, PDF_2020
from rulecheck import all_builtin_rules

from checker.api import parse_file
from checker.booklet.parser import parse
from checker.booklet.text import normalize
from checker.errors import InputError
from checker.lint.engine import run_rules
from checker.reading.readers import ReadOptions, read_document, read_text

SNAPSHOTS = pathlib.Path(__file__).resolve().parent / "snapshots" / "reading"
OFFICE = sorted((FIXTURES / "office").glob("*.pdf"))
ALL_FIXTURE_PDFS = sorted(FIXTURES.glob("**/*.pdf"))


def findings_of(document, previous=None):
    findings, _ = run_rules([document], all_builtin_rules(), previous=previous)
    return findings


# ------------------------------------------------------------------ (a) parity
def test_reportlab_fixture_findings_are_unchanged():
    """Same findings as the LAParams reader gave (snapshot taken before the rewrite):
    rule, printed page, message, excerpt and fingerprint. Line numbers are left out:
    the old reader split contents entries that make_pdf wraps before their leader,
    the new one joins them as the text has them, so later line numbers move by up to 3."""
    rows = [
        {"rule": f.rule, "page": f.location.page, "message": f.message, "excerpt": f.excerpt, "fingerprint": f.fingerprint}
        for f in findings_of(parse_file(str(PDF_2020)))
    ]
    expected = json.loads((SNAPSHOTS / "soumu-juten-shisaku-2020.pdf-findings.json").read_text(encoding="utf-8"))
    assert rows == expected


# ------------------------------------------------------------------ (b) parity
def page_lines(document) -> list[list[str]]:
    pages: dict[int, list[str]] = {}
    for line in document.raw.lines:
        if line.text.strip():
            pages.setdefault(line.page_index, []).append(line.text.strip())
    return [pages[index] for index in sorted(pages)]


def structure(document):
    rows = []
    for node in document.root.walk():
        if node.kind in ("document", "page_label"):
            continue
        if node.kind in ("chapter", "section", "topic", "item", "subitem"):
            rows.append((node.kind, node.number, normalize(node.title)))
        else:
            rows.append((node.kind, normalize(node.text)))
    return rows


def ledger(document):
    return [(normalize(e.name), e.amount, e.prior_amount, sorted(e.flags), e.section) for e in document.ledger.entries]


def contents(document):
    return [(e.level, e.number, normalize(e.title), e.page) for e in document.toc]


def office_pair(pdf: pathlib.Path):
    paged = pdf.with_suffix(".paged.txt")
    assert paged.exists(), f"{pdf.name} has no paged text beside it"
    return parse_file(str(pdf)), parse_file(str(paged))


@pytest.mark.parametrize("pdf", OFFICE, ids=lambda path: path.name)
def test_office_fixture_reads_as_its_paged_text(pdf):
    from_pdf, from_text = office_pair(pdf)
    assert page_lines(from_pdf) == page_lines(from_text)


@pytest.mark.parametrize("pdf", OFFICE, ids=lambda path: path.name)
def test_office_fixture_gives_the_tree_ledger_and_findings_of_its_text(pdf):
    from_pdf, from_text = office_pair(pdf)
    assert contents(from_pdf) == contents(from_text)
    assert structure(from_pdf) == structure(from_text)
    assert ledger(from_pdf) == ledger(from_text)
    pdf_findings = sorted((f.rule, f.message) for f in findings_of(from_pdf))
    text_findings = sorted((f.rule, f.message) for f in findings_of(from_text))
    assert pdf_findings == text_findings


def test_office_fixtures_are_present():
    """The office-exported fixtures are the acceptance test; their absence is a failure."""
    assert OFFICE, "no fixtures/office/*.pdf"


def test_wrong_contents_page_in_the_exported_deck_is_toc001():
    """The deck exported with one contents page number wrong (fixtures/office/*--toc-wrong-page.pdf)."""
    variants = [path for path in OFFICE if path.stem.endswith("--toc-wrong-page")]
    assert variants
    for pdf in variants:
        found = [f for f in findings_of(parse_file(str(pdf))) if f.rule == "TOC001"]
        assert found, pdf.name


# ------------------------------------------------------------- (c) nothing lost
@pytest.mark.parametrize("pdf", ALL_FIXTURE_PDFS, ids=lambda path: str(path.relative_to(FIXTURES)))
def test_every_glyph_is_placed(pdf):
    try:
        raw = read_document(str(pdf))
    except InputError as error:
        assert "no text layer" in str(error)  # a scan fixture has no glyphs to place
        return
    assert raw.chars_total > 0
    assert raw.chars_placed == raw.chars_total, raw.unplaced


LAYOUT = sorted((FIXTURES / "layout").glob("*.pdf"))


@pytest.mark.parametrize("pdf", LAYOUT, ids=lambda path: path.name)
def test_layout_fixture_reads_as_expected(pdf):
    """fixtures/layout: each small PDF reads as its expected text (form feeds there separate pages)."""
    text = pdf.with_suffix(".expected.txt").read_text(encoding="utf-8").replace("\f", "\n")
    expected = [line for line in text.split("\n") if line.strip()]
    if not expected:
        with pytest.raises(InputError, match="no text layer"):
            read_document(str(pdf))
        return
    raw = read_document(str(pdf))
    assert [line.text for line in raw.lines] == expected
    assert raw.chars_placed == raw.chars_total


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    directory = tmp_path_factory.mktemp("layout")
    made = {}
    for name, make in layout_samples.SAMPLES.items():
        path = directory / f"{name}.pdf"
        made[name] = (path, make(path))
    return made


@pytest.mark.parametrize("name", sorted(layout_samples.SAMPLES))
def test_sample_reads_as_drawn(samples, name):
    path, expected = samples[name]
    raw = read_document(str(path))
    assert [line.text for line in raw.lines] == expected
    assert raw.chars_placed == raw.chars_total


def test_text_only_in_form_xobjects_reads_fully(samples):
    path, expected = samples["form-only"]
    document = parse_file(str(path))
    assert [line.text for line in document.raw.lines] == expected
    assert document.raw.chars_total == sum(len(text) for text in expected)


def test_vertical_text_reads_right_to_left(samples):
    path, _ = samples["vertical"]
    texts = [line.text for line in read_document(str(path)).lines]
    assert texts.index("縦書きの見出し") < texts.index("二行目（左）")
    assert texts.index("右の列です") < texts.index("左の列です")


def test_table_reads_as_tab_separated_rows(samples):
    path, _ = samples["table"]
    texts = [line.text for line in read_document(str(path)).lines]
    assert "交付金\t5.0億円\t4.0億円" in texts


def test_no_space_is_invented_at_an_exporters_gap(samples):
    path, _ = samples["gaps"]
    document = parse_file(str(path))
    texts = [line.text for line in document.raw.lines]
    assert texts[:3] == ["（1）地域経済", "5テラビット級", "**【予算】"]
    assert next(document.root.find("item")).number == "1"
    assert "Society 5.0の実現" in texts  # a Latin word gap without a space glyph is a space
    assert "tight words and kerning" in texts  # TeX's tightest word gap is one, a kerning gap is not
    assert "うち 地方創生 0.9 億円" in texts  # real space glyphs are kept


def test_panels_read_down_one_after_the_other(samples):
    path, expected = samples["panels"]
    document = parse_file(str(path))
    assert [line.text for line in document.raw.lines] == expected
    labels = [node for node in document.root.children if node.kind == "page_label"]
    assert [node.title for node in labels] == ["4"]


def test_image_only_pdf_is_still_a_scan(tmp_path):
    path = tmp_path / "scan.pdf"
    layout_samples.image_only(path)
    with pytest.raises(InputError, match="no text layer"):
        read_document(str(path))


def test_glyphs_outside_the_page_are_reported(tmp_path):
    path = tmp_path / "off-page.pdf"
    expected = layout_samples.off_page(path)
    document = parse_file(str(path))
    assert [line.text for line in document.raw.lines] == expected
    assert (document.raw.chars_total, document.raw.chars_placed) == (9, 6)
    found = [f for f in findings_of(document) if f.rule == "RDG001"]
    assert len(found) == 1 and "3 of 9 characters" in found[0].message


def test_parse_output_counts_the_characters(samples, capsys):
    from checker import cli

    path, expected = samples["gaps"]
    assert cli.main(["parse", str(path)]) == 0
    total = sum(len(text) for text in expected) - 4  # four word spaces are gaps, not glyphs
    assert f"characters placed / characters on the pages: {total} / {total}" in capsys.readouterr().out
    assert cli.main(["parse", str(path), "--format", "json"]) == 0
    reading = json.loads(capsys.readouterr().out)["reading"]
    assert (reading["chars_placed"], reading["chars_total"], reading["unplaced"]) == (total, total, [])


def test_text_reader_has_no_glyph_accounting(tmp_path):
    path = tmp_path / "booklet.txt"
    path.write_text("目次\n1 見出し\n", encoding="utf-8")
    raw = read_text(str(path), ReadOptions())
    assert raw.chars_total is None and raw.chars_placed is None
    assert parse(raw).raw.lines == raw.lines  # the booklet layer passes text lines through


# ------------------------------------------------------------------- messages
def test_library_errors_are_described_in_plain_words():
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfminer.pdfexceptions import PDFNotImplementedError
    from pdfminer.psexceptions import PSSyntaxError

    from checker.reading.pdf_adapter import describe_failure

    malformed = describe_failure(PSSyntaxError("Invalid dictionary construct: [/'BaseFont', /'Type', 12]"), "a.pdf")
    assert malformed == "a.pdf: damaged PDF: an object in the file is malformed"
    crypt = describe_failure(PDFEncryptionError("Unsupported crypt filter: {'CFM': /'AESV9'}"), "a.pdf")
    assert "{" not in crypt and "encrypted PDF" in crypt
    brotli = describe_failure(PDFNotImplementedError("Unsupported filter: /'BrotliDecode'"), "a.pdf")
    assert "Brotli" in brotli and "not supported" in brotli
    other = describe_failure(PDFNotImplementedError("Unsupported filter: /'LZWXDecode'"), "a.pdf")
    assert "compression (/LZWXDecode) that is not supported" in other
    for message in (malformed, crypt, brotli, other, describe_failure(KeyError("Kids"), "a.pdf")):
        assert "Error" not in message and "Exception" not in message and "'" not in message.split(": ", 1)[1]


CLEAN_OFFICE = [path for path in OFFICE if "--" not in path.stem]  # NAME--VARIANT.pdf carry a fault


@pytest.mark.parametrize("pdf", CLEAN_OFFICE, ids=lambda path: path.name)
def test_contents_page_off_by_two_is_caught_on_the_pdf(pdf):
    """The PDF's own lines, with one contents entry's page number raised by two
    (as an editor's slip would print it), give TOC001 at that entry."""
    from dataclasses import replace

    raw = read_document(str(pdf))
    target = next(line for line in raw.lines if "5G・光ファイバ等の全国展開支援" in line.text and line.text.rstrip().endswith("12"))
    slipped = [replace(line, text=line.text.rstrip()[:-2] + "14") if line is target else line for line in raw.lines]
    document = parse(replace(raw, lines=slipped))
    found = [f for f in findings_of(document) if f.rule == "TOC001"]
    assert any("5G・光ファイバ等の全国展開支援" in f.message and "14" in f.message for f in found), [f.message for f in found]
    assert not [f for f in findings_of(parse(raw)) if f.rule == "TOC001"]
