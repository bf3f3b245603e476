"""Splits, merges and moves of topics, in SYNTHETIC edition pairs made by
fixtures/tools/make_regrouped_editions.py: each reported once as what it is,
its items moved with it (never added or removed), linked both ways in HTML."""

import sys
from collections import Counter
from pathlib import Path

import pytest
from lxml import html as lxml_html

from checker.api import parse_file
from checker.booklet.parser import parse
from checker.diff import ADDED, MERGED, MOVED, REMOVED, RENAMED, SPLIT, diff_documents
from checker.reading.readers import text_to_raw
from checker.reports.diff_formats import render_diff_text
from checker.reports.html import render_diff_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures" / "tools"))
import make_regrouped_editions as regrouped  # noqa: E402

A, B, T = regrouped.FIRST, regrouped.SECOND, regrouped.JOINED_ANEW


@pytest.fixture(scope="module")
def diffs():
    text = regrouped.TEXT_2020.read_text(encoding="utf-8")
    return {
        name: diff_documents(parse(text_to_raw(old, f"{name}-old.txt")), parse(text_to_raw(new, f"{name}-new.txt")))
        for name, (old, new) in regrouped.editions(text).items()
    }


def _titles(refs) -> list[str]:
    return [ref.title for ref in refs]


def _heading_changes(diff) -> Counter:
    return Counter(change.kind for change in diff.changes() if change.level != "budget" and not change.implied)


@pytest.mark.parametrize("pair, kind, olds, news", [
    ("split", SPLIT, [A], [A, B]),
    ("merge", MERGED, [A, B], [A]),
    ("split-renamed", SPLIT, [T], [A, B]),
])
def test_a_regrouping_is_reported_once_as_what_it_is(diffs, pair, kind, olds, news):
    diff = diffs[pair]
    assert [(r.kind, _titles(r.olds), _titles(r.news)) for r in diff.regroupings] == [(kind, olds, news)]
    counts = diff.heading_counts()
    assert counts[kind] == 1
    assert all(counts[other] == 0 for other in (ADDED, REMOVED, MOVED, RENAMED, SPLIT, MERGED) if other != kind)
    assert _heading_changes(diff) == Counter({kind: 1})


@pytest.mark.parametrize("pair", ["split", "merge", "split-renamed"])
def test_the_items_move_with_the_regrouping(diffs, pair):
    diff = diffs[pair]
    (regrouping,) = diff.regroupings
    moved = diff.moved_with(regrouping)
    assert moved and all(node.status == MOVED and node.follows_regrouping for node in moved)
    implied = [change for change in diff.changes() if change.implied and change.level != "budget"]
    assert implied and all(change.kind == MOVED for change in implied)
    # Nothing is added or removed: every programme stays, every heading is paired or regrouped.
    assert not [row for row in diff.budget if row.status != "unchanged"]
    assert not [node for node in diff.headings() if node.status in (ADDED, REMOVED)]


def test_a_topic_moved_with_its_items_is_one_move(diffs):
    diff = diffs["move"]
    assert diff.regroupings == ()
    assert _heading_changes(diff) == Counter({MOVED: 1})
    moved = next(node for node in diff.headings() if MOVED in node.aspects)
    assert moved.new.title == regrouped.MOVED and all(child.status == "unchanged" for child in moved.children)
    assert "moved    topic    過疎対策の推進" in render_diff_text(diff, "en")


def test_no_regrouping_in_the_bundled_synthetic_pair_or_an_edition_against_itself():
    fixtures = ROOT / "fixtures"
    new = parse_file(str(fixtures / "soumu-juten-shisaku-2020.txt"))
    assert diff_documents(parse_file(str(fixtures / "synthetic-2019-soumu-juten-shisaku.txt")), new).regroupings == ()
    assert diff_documents(new, new).regroupings == ()


@pytest.mark.parametrize("pair, label", [("split", "分割"), ("merge", "統合"), ("split-renamed", "分割")])
def test_html_shows_the_regrouping_with_links_both_ways(diffs, pair, label):
    diff = diffs[pair]
    dom = lxml_html.fromstring(render_diff_html(diff))
    (regrouping,) = diff.regroupings
    anchors = set(regrouping.old_anchors + regrouping.new_anchors)
    row = dom.get_element_by_id(f"r-{regrouping.anchor}")
    assert label in row.text_content()
    assert anchors <= {a.get("href")[1:] for a in row.xpath(".//a")}
    for anchor in anchors:
        node = dom.get_element_by_id(anchor)
        badges = [badge.text_content() for badge in node.xpath("./summary//*[contains(@class,'badge')] | ./div[@class='row']//*[contains(@class,'badge')]")]
        assert label in badges
        links = {a.get("href")[1:] for a in node.xpath(".//*[contains(@class,'regrouped')]//a")}
        assert links == anchors - {anchor}  # every other heading of the regrouping, and not itself


@pytest.mark.parametrize("pair, kind", [("split", "split"), ("merge", "merged"), ("split-renamed", "split")])
def test_the_text_diff_reports_regroupings_as_the_html_does(diffs, pair, kind):
    text = render_diff_text(diffs[pair], "en")
    structure = text.split("structure:\n")[1].split("\n\n")[0].splitlines()
    assert structure[0].startswith(f"  {kind:<8} topic    ")
    assert [line.split(":")[0].strip() for line in structure[1:]] == ["moved with it"]


@pytest.mark.parametrize("pair", ["split", "merge", "split-renamed"])
def test_contents_changes_of_a_regrouping_name_it(diffs, pair):
    diff = diffs[pair]
    (regrouping,) = diff.regroupings
    changed = [change for change in diff.contents if change.status != "unchanged"]
    assert changed and all(diff.contents_regrouping(change) == regrouping for change in changed)
    assert "part of the" in render_diff_text(diff, "en").split("contents:")[1].split("\n\n")[0]
    table = lxml_html.fromstring(render_diff_html(diff)).get_element_by_id("contents-table")
    assert {a.get("href") for a in table.xpath(".//a")} == {f"#r-{regrouping.anchor}"}
