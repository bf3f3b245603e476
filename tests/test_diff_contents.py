"""The contents (目次) of two editions compared: entries added, removed,
retitled and moved; page-number changes counted apart, as information."""

import json
import sys
from pathlib import Path

import pytest

from checker.api import parse_file
from checker.booklet.parser import parse
from checker.diff.contents import ADDED, MOVED, REMOVED, RETITLED, compare_contents, contents_counts
from checker.reading.readers import text_to_raw

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
sys.path.insert(0, str(FIXTURES / "tools"))
import make_regrouped_editions as regrouped  # noqa: E402


@pytest.fixture(scope="module")
def pairs():
    return {
        name: (parse(text_to_raw(old, f"{name}-old.txt")), parse(text_to_raw(new, f"{name}-new.txt")))
        for name, (old, new) in regrouped.editions(regrouped.TEXT_2020.read_text(encoding="utf-8")).items()
    }


def test_the_synthetic_2019_contents_against_2020_agree_with_the_manifest():
    manifest = json.loads((FIXTURES / "synthetic-2019-changes.json").read_text(encoding="utf-8"))
    changes = compare_contents(
        parse_file(str(FIXTURES / "synthetic-2019-soumu-juten-shisaku.txt")),
        parse_file(str(FIXTURES / "soumu-juten-shisaku-2020.txt")),
    )
    topics = [change for change in manifest["changes"] if change["level"] == "topic"]
    expected = {
        kind: sorted(c["new_title"] if kind != REMOVED else c["old_title"] for c in topics if c["kind"] == manifest_kind)
        for kind, manifest_kind in ((ADDED, "added"), (REMOVED, "removed"), (RETITLED, "renamed"))
    }
    found = {kind: sorted(c.ref.title for c in changes if c.status == kind) for kind in (ADDED, REMOVED, RETITLED)}

    def folded(titles):
        return sorted(title.replace("(", "（").replace(")", "）") for title in titles)

    assert {k: folded(v) for k, v in found.items()} == {k: folded(v) for k, v in expected.items()}
    assert contents_counts(changes)["page_changed"] == len(manifest["toc_page_changes"])
    assert contents_counts(changes)[MOVED] == 0


def test_an_edition_against_itself_has_no_contents_change(pairs):
    old, _ = pairs["merge"]
    assert all(change.status == "unchanged" and not change.page_changed for change in compare_contents(old, old))


@pytest.mark.parametrize("pair, expected", [
    ("split", {ADDED: [regrouped.SECOND]}),
    ("merge", {REMOVED: [regrouped.SECOND]}),
    ("move", {MOVED: [regrouped.MOVED]}),
])
def test_regrouped_contents(pairs, pair, expected):
    changes = compare_contents(*pairs[pair])
    found = {}
    for change in changes:
        if change.status != "unchanged":
            found.setdefault(change.status, []).append(change.ref.title)
    assert found == expected


def test_a_moved_entry_names_both_parents(pairs):
    change = next(c for c in compare_contents(*pairs["move"]) if c.status == MOVED)
    assert "地方への新しい人の流れ" in change.old.parent
    assert "地域を支える人づくり" in change.new.parent
