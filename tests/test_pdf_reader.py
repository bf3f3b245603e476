"""The PDF path: the generated PDF gives the same tree as the text, and TOC
faults injected into the text show up in the PDF made from it."""

import sys

import pytest
from conftest import FIXTURES, PDF_2020, TEXT_2020

from checker.lint.engine import run_rules
from checker.api import parse_file
from checker.booklet.text import normalize

sys.path.insert(0, str(FIXTURES / "tools"))
import make_pdf  # noqa: E402
from rulecheck import all_builtin_rules, variant_registry  # noqa: E402


def structure(document):
    rows = []
    for node in document.root.walk():
        if node.kind in ("document", "page_label"):
            continue
        if node.kind in ("chapter", "section", "topic", "item", "subitem"):
            rows.append((node.kind, node.number, normalize(node.title), len(node.headers)))
        else:
            rows.append((node.kind, normalize(node.text)))
    return rows


def ledger(document):
    return [(normalize(e.name), e.amount, e.prior_amount, sorted(e.flags), e.section) for e in document.ledger.entries]


@pytest.fixture(scope="module")
def from_text():
    return parse_file(str(TEXT_2020))


@pytest.fixture(scope="module")
def from_pdf():
    return parse_file(str(PDF_2020))


def test_pdf_and_text_give_the_same_tree(from_text, from_pdf):
    assert structure(from_pdf) == structure(from_text)
    assert ledger(from_pdf) == ledger(from_text)
    assert [(e.level, e.number, normalize(e.title), e.page) for e in from_pdf.toc] == [
        (e.level, e.number, normalize(e.title), e.page) for e in from_text.toc
    ]


def test_pdf_pages_and_printed_numbers(from_pdf):
    assert from_pdf.raw.page_count == 116
    labels = [node for node in from_pdf.root.children if node.kind == "page_label"]
    assert len(labels) >= 110  # every numbered page; cover and contents carry none
    first_topic = next(from_pdf.root.find("topic"))
    assert first_topic.first_line.printed_page == 4
    assert from_pdf.unclassified() == []


def toc_findings(path):
    rules = [rule for rule in all_builtin_rules() if rule.code.startswith("TOC")]
    findings, _ = run_rules([parse_file(str(path))], rules)
    return findings


def test_clean_pdf_has_only_the_real_title_slips():
    findings = toc_findings(PDF_2020)
    assert [(f.rule, f.excerpt) for f in findings] == [
        ("TOC002", "地方の一般財源総額の確保等"),
        ("TOC002", "地域や組織の枠を超えた連携の推進"),
    ]


def render_variant(name, tmp_path):
    text = variant_registry.make(name, TEXT_2020.read_text(encoding="utf-8"))
    path = tmp_path / f"{name}.pdf"
    make_pdf.render_pdf(text, path)
    return path


def test_consistent_pdf_has_no_toc_finding(tmp_path):
    assert toc_findings(render_variant("toc-consistent", tmp_path)) == []


@pytest.mark.parametrize(
    "variant, code, needle",
    [
        ("toc-wrong-page", "TOC001", "contents give page 22 for 「キャッシュレス化・情報銀行等によるデータ流通・活用の推進」, but its heading starts on page 19"),
        ("toc-title-changed", "TOC002", "地域の基幹産業を中心とした地域経済[-活性-]化"),
        ("toc-extra-entry", "TOC003", "架空の施策による地域振興モデルの構築"),
        ("toc-entry-removed", "TOC004", "has no entry in the table of contents"),
        ("toc-page-backwards", "TOC005", "comes after page"),
    ],
)
def test_injected_toc_fault_is_found_in_the_pdf(tmp_path, variant, code, needle):
    findings = [f for f in toc_findings(render_variant(variant, tmp_path)) if f.rule == code]
    from checker.booklet.text import marked_difference

    # The differing characters are not in the message; reports mark them from expected and excerpt.
    shown = [f.message + (marked_difference(f.expected, f.excerpt) if f.expected is not None else "") for f in findings]
    assert any(needle in text for text in shown), shown
    assert all(f.location.page is not None for f in findings)


def test_synthetic_2019_pdf_matches_its_text_and_is_reproducible(tmp_path):
    text_path = FIXTURES / "synthetic-2019-soumu-juten-shisaku.txt"
    pdf_path = FIXTURES / "synthetic-2019-soumu-juten-shisaku.pdf"
    from_text, from_pdf = parse_file(str(text_path)), parse_file(str(pdf_path))
    assert structure(from_pdf) == structure(from_text)
    assert ledger(from_pdf) == ledger(from_text)
    regenerated = tmp_path / "again.pdf"
    make_pdf.render_pdf(text_path.read_text(encoding="utf-8"), regenerated)
    assert regenerated.read_bytes() == pdf_path.read_bytes()
