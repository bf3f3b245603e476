"""事項要求 and other amounts without a figure of their own (の内数): left out of
both years' / both editions' comparable totals, counted on a line of their own,
listed with a note, never given a change or a rate; 再掲 copies counted once."""

from decimal import Decimal
from pathlib import Path

import pytest
from lxml import html as lxml_html
from rulecheck import variant_document

from checker.api import parse_file
from checker.booklet.ledger import is_comparable, ledger_totals, programmes_without_figure
from checker.diff import ITEM_REQUEST, PART_OF, diff_documents
from checker.reports.diff_formats import render_diff_json, render_diff_text
from checker.reports.document_formats import render_ledger_text
from checker.reports.html import render_diff_html

PROGRAMME = "震災復興特別交付税"  # 3,250億円 in the previous year, 事項要求 in 2020
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def synthetic_diff():
    """The bundled SYNTHETIC 2019 edition against 2020: new programmes, some reprinted under 再掲."""
    return diff_documents(
        parse_file(str(FIXTURES / "synthetic-2019-soumu-juten-shisaku.txt")),
        parse_file(str(FIXTURES / "soumu-juten-shisaku-2020.txt")),
    )


@pytest.fixture(scope="module")
def edition_diff():
    """The previous edition (every amount set to the 2020 prior-year figure) against 2020."""
    return diff_documents(variant_document("previous-edition"), variant_document("clean"))


def _chapter(totals, numeral: str):
    return next(total for total in totals if (total.label if hasattr(total, "label") else total.key).startswith(numeral))


def test_ledger_totals_leave_item_requests_out_of_both_years():
    ledger = variant_document("clean").ledger
    document_total = ledger_totals(ledger)[0]
    counted = [entry for entry in ledger.entries if entry.counts_in_totals]
    comparable = [entry for entry in counted if is_comparable(entry)]
    assert document_total.prior_amount == sum((e.prior_amount or Decimal(0) for e in comparable), Decimal(0))
    assert document_total.amount + document_total.set_aside_amount == sum((e.amount or Decimal(0) for e in counted), Decimal(0))
    unfixed = programmes_without_figure(ledger)
    assert document_total.without_figure == len(unfixed) == len(counted) - len(comparable)
    assert PROGRAMME in [entry.name for entry in unfixed]
    chapter_iv = next(total for total in ledger_totals(ledger) if total.scope == "chapter" and total.key == "IV")
    assert chapter_iv.set_aside_prior_amount >= Decimal(3250)
    assert chapter_iv.prior_amount < Decimal(3250)  # not 3,437.5 against 146.6
    assert document_total.part_of == sum(1 for e in ledger.entries if "part_of" in e.flags and "repeat" not in e.flags) > 0


def test_ledger_text_gives_programmes_without_a_figure_their_own_line():
    text = render_ledger_text(variant_document("clean"), "en")
    chapter_iv = text.split("chapter Ⅳ")[1].splitlines()[1].split()
    assert chapter_iv[:2] == ["0", "3,293.1"] and "2 without a figure (2 事項要求)," in " ".join(chapter_iv)
    listed = text.split("Programmes without a figure, not in the totals (")[1]
    assert PROGRAMME in listed and "事項要求" in listed


def test_chapter_totals_compare_only_programmes_with_figures_in_both_editions(edition_diff):
    chapter_iv = _chapter(edition_diff.totals, "IV")
    assert chapter_iv.old_total < Decimal(3250) and chapter_iv.rate is not None and chapter_iv.rate > Decimal("-0.5")
    assert chapter_iv.old_set_aside == chapter_iv.new_set_aside == 2
    assert chapter_iv.old_set_aside_amount == Decimal("3293.1") and chapter_iv.new_set_aside_amount == 0
    row = next(row for row in edition_diff.budget if row.programme == PROGRAMME)
    assert row.set_aside and row.without_figure == ITEM_REQUEST
    assert row.change is None and row.rate is None and not row.counts_in_totals
    assert row in edition_diff.largest_changes(3)


def test_part_of_on_one_side_is_set_aside_not_a_change(edition_diff):
    rows = [row for row in edition_diff.budget if row.without_figure == PART_OF and row.set_aside]
    assert rows and all(row.change is None and row.rate is None for row in rows)


def test_summaries_count_programmes_once_and_the_set_aside_apart(synthetic_diff):
    counts = synthetic_diff.budget_counts()
    counted = synthetic_diff.counted_budget()
    assert counts["new"] == sum(1 for row in counted if row.status == "new")
    copies = [row for row in synthetic_diff.budget if row.is_repeat and row.status == "new"]
    originals = {row.programme for row in synthetic_diff.budget if not row.is_repeat}
    copies_of_counted = [row for row in copies if row.programme in originals]
    assert copies_of_counted  # 2020 reprints new programmes under 再掲 topics
    # Every 再掲 copy of a new programme is left out: 45 new rows, of which 6 copies (the figures).
    assert sum(1 for row in synthetic_diff.budget if row.status == "new") == 45 and len(copies) == 6
    assert counts["new"] == 45 - len(copies) == 39
    # A 再掲 line whose original prints no budget line is the programme's only line: counted once.
    lone = [row for row in copies if row.programme not in originals]
    assert lone and not [row for row in lone if row in counted]  # 火山噴火…: its original is printed under a shorter name
    apart = synthetic_diff.budget_apart_counts()
    assert apart["repeats"] == len(synthetic_diff.budget) - len(counted)
    assert apart["without_figure"] == len(synthetic_diff.set_aside_rows()) > 0
    assert set(counts) == {"new", "ended", "changed", "unchanged", "prior_mismatch"}  # changes only


def test_every_report_shows_the_set_aside(edition_diff):
    text = render_diff_text(edition_diff, "en")
    assert "without a figure in an edition, not in either total" in text
    largest = text.split("largest changes:")[1].split("\n\n")[0]
    assert f"事項要求  {PROGRAMME}  (3,250億円 -> 事項要求)" in largest  # padded by display width
    data = render_diff_json(edition_diff)
    assert '"without_figure": ' in data and '"set_aside": true' in data
    dom = lxml_html.fromstring(render_diff_html(edition_diff))
    listed = dom.get_element_by_id("set-aside").text_content()
    assert PROGRAMME in listed and "事項要求" in listed
    largest_status = [row.xpath("./td")[-1].text_content() for row in dom.get_element_by_id("largest").xpath(".//tbody/tr")]
    assert "事項要求" in largest_status


def test_the_text_diff_marks_repeat_copies(synthetic_diff):
    text = render_diff_text(synthetic_diff, "en")
    repeated = next(row for row in synthetic_diff.budget if row.is_repeat and row.status == "new")
    assert f"new       {repeated.programme}（再掲）:" in text
    assert "再掲 copies not counted" in text.split("\n\n")[1]
