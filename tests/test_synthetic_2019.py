"""The synthetic 2019 edition and its manifest (fixtures/tools/make_synthetic_2019.py).

The manifest is the oracle for ``checker diff``: these tests check that it is
exact (each entry's text really is where it says, on the side it says) and
complete (every line that differs between the editions is accounted for).
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
TOOL_PATH = FIXTURES / "tools" / "make_synthetic_2019.py"
TEXT_2020_PATH = FIXTURES / "soumu-juten-shisaku-2020.txt"
TEXT_2019_PATH = FIXTURES / "synthetic-2019-soumu-juten-shisaku.txt"
MANIFEST_PATH = FIXTURES / "synthetic-2019-changes.json"

KINDS = {"added", "removed", "renamed", "moved", "reworded", "amount_changed", "amount_mismatch"}
LEVELS = {"chapter", "section", "topic", "item", "budget", "paragraph"}


def load_tool():
    # fixtures/tools is not a package; register the module so dataclasses work.
    spec = importlib.util.spec_from_file_location("make_synthetic_2019", TOOL_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


tool = load_tool()


@pytest.fixture(scope="module")
def text_2020() -> str:
    return TEXT_2020_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def text_2019() -> str:
    return TEXT_2019_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def changes(manifest) -> list[dict]:
    return manifest["changes"]


@pytest.fixture(scope="module")
def doc_2020(text_2020):
    return tool.parse_document(text_2020)


@pytest.fixture(scope="module")
def doc_2019(text_2019):
    return tool.parse_document(text_2019)


def programme_at(doc, line_number: int):
    """The programme whose amount is printed on 1-based line ``line_number``."""
    found = [p for p in doc.programmes if p.amount.line + 1 == line_number]
    assert len(found) == 1, f"no single programme on line {line_number}"
    return found[0]


def topic_titles(doc, section: int) -> list[str]:
    return [t.title for t in doc.topics if t.section == section]


def item_titles(doc, section: int, topic_title: str) -> list[str]:
    titles = []
    for topic in doc.topics:
        if topic.section == section and topic.title == topic_title:
            for item in topic.items:
                titles += [item.title] + [sub.title for sub in item.children]
    return titles


def value(amount: str) -> tuple:
    return tool.amount_value(amount)


# -- generation ----------------------------------------------------------------


def test_regenerating_gives_the_committed_files_byte_for_byte(tmp_path):
    text_out, manifest_out = tmp_path / "synthetic.txt", tmp_path / "changes.json"
    subprocess.run(
        [sys.executable, str(TOOL_PATH), "--source", str(TEXT_2020_PATH),
         "--text-out", str(text_out), "--manifest-out", str(manifest_out)],
        check=True, capture_output=True,
    )
    assert text_out.read_bytes() == TEXT_2019_PATH.read_bytes()
    assert manifest_out.read_bytes() == MANIFEST_PATH.read_bytes()


def test_make_synthetic_returns_the_text_and_the_changes(text_2020, text_2019, changes):
    text, returned_changes = tool.make_synthetic(text_2020)
    assert text == text_2019
    assert returned_changes == changes


def test_first_line_labels_the_text_as_synthetic(text_2019):
    first_line = text_2019.split("\n")[0]
    assert first_line.startswith("【SYNTHETIC／合成データ】総務省重点施策2019")
    assert "実在の2019年版ではない" in first_line


def test_manifest_records_the_source_it_was_made_from(manifest):
    import hashlib

    assert manifest["new_file_sha256"] == hashlib.sha256(TEXT_2020_PATH.read_bytes()).hexdigest()


# -- manifest shape ----------------------------------------------------------------


def test_every_change_has_the_schema_keys_and_known_kind_and_level(changes):
    ids = [c["id"] for c in changes]
    assert len(ids) == len(set(ids))
    for change in changes:
        assert tuple(change) == tool.CHANGE_KEYS
        assert change["kind"] in KINDS
        assert change["level"] in LEVELS


def test_counts_match_the_changes(manifest, changes):
    for kind, count in manifest["counts"].items():
        assert count == sum(1 for c in changes if c["kind"] == kind)
    assert manifest["counts_not_implied"] == sum(1 for c in changes if c["implied_by"] is None)


def test_implied_entries_point_at_an_enclosing_entry_of_the_same_kind(changes):
    by_id = {c["id"]: c for c in changes}
    for change in changes:
        if change["implied_by"]:
            parent = by_id[change["implied_by"]]
            assert parent["kind"] == change["kind"]
            assert ["topic", "item", "budget"].index(parent["level"]) < ["topic", "item", "budget"].index(
                change["level"]
            )


def test_the_brief_s_hand_made_changes_are_all_there(manifest):
    counts = manifest["counts"]
    assert 3 <= counts["renamed"] <= 4
    assert counts["moved"] == 1
    assert 4 <= counts["reworded"] <= 6
    assert 1 <= counts["amount_mismatch"] <= 2
    removed = [c for c in manifest["changes"] if c["kind"] == "removed"]
    assert sum(1 for c in removed if c["level"] == "topic") == 1
    assert 3 <= sum(1 for c in removed if c["level"] == "budget" and c["implied_by"] is None) <= 5


# -- each entry is true on both sides -----------------------------------------------


def test_old_side_is_in_2019_and_new_side_in_2020(changes, text_2019, text_2020):
    lines = {"old": text_2019.split("\n"), "new": text_2020.split("\n")}
    for change in changes:
        for side in ("old", "new"):
            number = change[f"{side}_line"]
            if number is None:
                assert (change["kind"], side) in {("added", "old"), ("removed", "new")}, change["id"]
                continue
            line = lines[side][number - 1]
            if change["level"] == "budget":
                assert change[f"{side}_amount"] in line, change["id"]
            elif change["level"] == "paragraph":
                assert change[f"{side}_text"] == line, change["id"]
            else:
                assert change[f"{side}_title"] in line, change["id"]


def test_added_units_do_not_exist_in_2019(changes, doc_2019, doc_2020):
    keys_2019 = {tool.programme_key(p.name) for p in doc_2019.programmes}
    for change in (c for c in changes if c["kind"] == "added"):
        section = change["new_section"]
        if change["level"] == "topic":
            assert change["new_title"] in topic_titles(doc_2020, section)
            assert change["new_title"] not in topic_titles(doc_2019, section)
        elif change["level"] == "item":
            assert change["new_title"] in item_titles(doc_2020, section, change["new_topic"])
            assert change["new_title"] not in item_titles(doc_2019, section, change["new_topic"])
        else:
            assert tool.programme_key(programme_at(doc_2020, change["new_line"]).name) == tool.programme_key(
                change["name"]
            )
            assert tool.programme_key(change["name"]) not in keys_2019, change["id"]


def test_removed_units_do_not_exist_in_2020(changes, doc_2019, doc_2020):
    keys_2020 = {tool.programme_key(p.name) for p in doc_2020.programmes}
    for change in (c for c in changes if c["kind"] == "removed"):
        section = change["old_section"]
        if change["level"] == "topic":
            assert change["old_title"] in topic_titles(doc_2019, section)
            assert change["old_title"] not in topic_titles(doc_2020, section)
            assert change["old_title"] in [e.title for e in doc_2019.toc_entries]
        elif change["level"] == "item":
            assert change["old_title"] in item_titles(doc_2019, section, change["old_topic"])
            assert not any(change["old_title"] in item_titles(doc_2020, s, t.title)
                           for s in range(1, 21) for t in doc_2020.topics)
        else:
            programme = programme_at(doc_2019, change["old_line"])
            assert tool.programme_key(programme.name) == tool.programme_key(change["name"])
            assert tool.programme_key(change["name"]) not in keys_2020


def test_renamed_topics_carry_the_old_title_in_2019_only(changes, doc_2019, doc_2020):
    for change in (c for c in changes if c["kind"] == "renamed"):
        section = change["old_section"]
        assert change["old_title"] in topic_titles(doc_2019, section)
        assert change["old_title"] not in topic_titles(doc_2020, section)
        assert change["new_title"] in topic_titles(doc_2020, section)
        assert change["new_title"] not in topic_titles(doc_2019, section)
        assert change["old_title"] in [e.title for e in doc_2019.toc_entries]
        assert change["new_title"] not in [e.title for e in doc_2019.toc_entries]


def test_moved_item_sits_under_its_old_topic_in_2019_and_new_topic_in_2020(changes, doc_2019, doc_2020):
    for change in (c for c in changes if c["kind"] == "moved"):
        assert change["old_section"] != change["new_section"]
        title = change["old_title"]
        assert title in item_titles(doc_2019, change["old_section"], change["old_topic"])
        assert title not in item_titles(doc_2019, change["new_section"], change["new_topic"])
        assert title in item_titles(doc_2020, change["new_section"], change["new_topic"])
        assert title not in item_titles(doc_2020, change["old_section"], change["old_topic"])


def test_reworded_lines_exist_on_one_side_only(changes, text_2019, text_2020):
    lines_2019, lines_2020 = set(text_2019.split("\n")), set(text_2020.split("\n"))
    for change in (c for c in changes if c["kind"] == "reworded"):
        assert change["old_text"] != change["new_text"]
        assert change["old_text"] in lines_2019 and change["old_text"] not in lines_2020
        assert change["new_text"] in lines_2020 and change["new_text"] not in lines_2019


def test_amount_entries_match_the_parsed_programmes(changes, doc_2019, doc_2020):
    for change in (c for c in changes if c["kind"] in ("amount_changed", "amount_mismatch")):
        old, new = programme_at(doc_2019, change["old_line"]), programme_at(doc_2020, change["new_line"])
        assert tool.programme_key(old.name) == tool.programme_key(new.name) == tool.programme_key(change["name"])
        assert (old.amount.text, old.prior_value.text) == (change["old_amount"], change["old_prior_amount"])
        assert (new.amount.text, new.prior_value.text) == (change["new_amount"], change["new_prior_amount"])
        if change["kind"] == "amount_changed":
            assert value(change["old_amount"]) != value(change["new_amount"])
        else:
            assert value(change["old_amount"]) != value(change["new_prior_amount"])


def test_each_mismatch_is_also_an_amount_change(changes):
    changed_lines = {c["new_line"] for c in changes if c["kind"] == "amount_changed"}
    for change in (c for c in changes if c["kind"] == "amount_mismatch"):
        assert change["new_line"] in changed_lines


# -- budget rules ------------------------------------------------------------------------


def test_no_programme_new_in_2020_is_in_2019(doc_2019, doc_2020):
    new_in_2020 = {tool.programme_key(p.name) for p in doc_2020.programmes if p.is_new}
    assert new_in_2020
    assert not new_in_2020 & {tool.programme_key(p.name) for p in doc_2019.programmes}


def test_every_programme_is_accounted_for_exactly_once(manifest, doc_2019, doc_2020):
    for doc, side, own_kind in ((doc_2020, "new", "added"), (doc_2019, "old", "removed")):
        lines = [c[f"{side}_line"] for c in manifest["changes"]
                 if c["level"] == "budget" and c["kind"] in (own_kind, "amount_changed")]
        lines += [u[f"{side}_line"] for u in manifest["unchanged_amounts"]]
        assert sorted(lines) == sorted(p.amount.line + 1 for p in doc.programmes), side


def test_2019_amounts_are_2020_prior_year_figures_unless_a_mismatch(changes, doc_2019, doc_2020, manifest):
    mismatched = {c["new_line"] for c in changes if c["kind"] == "amount_mismatch"}
    pairs = [(c["old_line"], c["new_line"]) for c in changes if c["kind"] == "amount_changed"]
    pairs += [(u["old_line"], u["new_line"]) for u in manifest["unchanged_amounts"]]
    for old_line, new_line in pairs:
        old, new = programme_at(doc_2019, old_line), programme_at(doc_2020, new_line)
        assert tool.programme_key(old.name) == tool.programme_key(new.name)
        if new_line not in mismatched:
            assert old.amount.text == new.prior_value.text
        assert old.prior_label.text == "30年度" and new.prior_label.text == "元年度"


def test_invented_prior_year_figures_are_within_30_percent(doc_2019):
    for programme in (p for p in doc_2019.programmes if p.prior):
        amounts, priors = value(programme.amount.text)[-1], value(programme.prior_value.text)[-1]
        for amount, prior in zip(amounts, priors):
            tolerance = Decimal("0.05") if "." in programme.amount.text else Decimal("0.5")
            assert amount * Decimal("0.7") - tolerance <= prior <= amount * Decimal("1.3") + tolerance


def test_reprinted_programmes_have_the_same_figures_in_2019(doc_2019):
    figures: dict[str, set] = {}
    for programme in (p for p in doc_2019.programmes if p.prior):
        figures.setdefault(tool.programme_key(programme.name), set()).add(
            (value(programme.amount.text)[-1], value(programme.prior_value.text)[-1])
        )
    reprinted = [key for key, found in figures.items()
                 if sum(1 for p in doc_2019.programmes if tool.programme_key(p.name) == key) > 1]
    assert reprinted
    for key in reprinted:
        assert len(figures[key]) == 1, key


# -- contents ----------------------------------------------------------------------------


def test_2019_contents_match_the_2020_contents_through_the_manifest(manifest, doc_2019, doc_2020):
    changes = manifest["changes"]
    added = {c["new_title"] for c in changes if c["kind"] == "added" and c["level"] == "topic"}
    renamed = {c["new_title"]: c["old_title"] for c in changes if c["kind"] == "renamed"}
    invented = [c["old_title"] for c in changes if c["kind"] == "removed" and c["level"] == "topic"]
    pages = {(p["section"], p["title"]): p["old_page"] for p in manifest["toc_page_changes"]}
    expected = [
        (e.section, renamed.get(e.topic.title, e.title), pages.get((e.section, e.title), e.page))
        for e in doc_2020.toc_entries if e.topic.title not in added
    ]
    actual = [(e.section, e.title, e.page) for e in doc_2019.toc_entries]
    assert [entry for entry in actual if entry[1] not in invented] == expected
    assert sorted(t for _, t, _ in actual if t in invented) == sorted(invented)


def test_2019_contents_list_every_2019_topic_in_page_order(doc_2019):
    listed = {id(e.topic) for e in doc_2019.toc_entries}
    assert all(id(topic) in listed for topic in doc_2019.topics)
    in_body_order = sorted(doc_2019.toc_entries, key=lambda e: e.topic.pages[0].start)
    assert [e.page for e in in_body_order] == sorted(e.page for e in in_body_order)


# -- nothing else differs -----------------------------------------------------------------


def test_line_accounting_adds_up(manifest, text_2019, text_2020):
    accounting = manifest["line_accounting"]
    assert accounting["lines_2020"] == len(text_2020.split("\n"))
    assert accounting["lines_2019"] == len(text_2019.split("\n"))
    assert accounting["lines_2019"] == (
        accounting["lines_2020"] - accounting["lines_deleted"] + accounting["lines_inserted"]
        + accounting["label_lines"]
    )


def unit_lines(doc, section: int, topic_title: str, title: str | None) -> set[int]:
    """0-based lines of a topic's pages (title None) or of an item's headings."""
    lines: set[int] = set()
    for topic in doc.topics:
        if topic.section != section or topic.title != topic_title:
            continue
        if title is None:
            for page in topic.pages:
                lines.update(range(page.start, page.end))
        for item in topic.items:
            for unit in [item, *item.children]:
                if unit.title == title:
                    for heading in unit.headings:
                        lines.update(range(heading.line, heading.end))
    return lines


def explained_lines(doc, manifest: dict, side: str) -> set[int]:
    """0-based lines of one edition that the manifest says may differ."""
    own = "added" if side == "new" else "removed"
    lines: set[int] = set(range(doc.body_start))  # contents: checked on their own above
    records = manifest["changes"] + manifest["renumbered"] + manifest["unchanged_amounts"]
    lines.update(r[f"{side}_line"] - 1 for r in records if r[f"{side}_line"])
    for block in doc.blocks:  # every amount changes; budget entries are checked on their own
        lines.update(range(block.start, block.end))
    for change in manifest["changes"]:
        if change["kind"] in (own, "moved") and change["level"] in ("topic", "item"):
            title = None if change["level"] == "topic" else change[f"{side}_title"]
            lines |= unit_lines(doc, change[f"{side}_section"], change[f"{side}_topic"], title)
    renamed = {(c[f"{side}_section"], c[f"{side}_title"]) for c in manifest["changes"] if c["kind"] == "renamed"}
    lines.update(page.topic_line for page in doc.pages if (page.section, page.topic_title) in renamed)
    for page in doc.pages:  # a page left with nothing but explained lines
        content = range(page.topic_line + 1, page.end)
        if all(i in lines or not doc.lines[i].strip() for i in content):
            lines.update(range(page.start, page.end))
    return lines


def test_every_line_that_differs_is_in_the_manifest(manifest, text_2019, text_2020, doc_2019, doc_2020):
    lines_2019, lines_2020 = text_2019.split("\n"), text_2020.split("\n")
    matcher = difflib.SequenceMatcher(None, lines_2019, lines_2020, autojunk=False)
    differing_2019, differing_2020 = set(), set()
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag != "equal":
            differing_2019.update(range(old_start, old_end))
            differing_2020.update(range(new_start, new_end))
    for differing, lines, doc, side in (
        (differing_2019, lines_2019, doc_2019, "old"),
        (differing_2020, lines_2020, doc_2020, "new"),
    ):
        explained = explained_lines(doc, manifest, side)
        # When a page goes, difflib may pair its running header with the next
        # page's identical one and call the latter different: such a line is
        # fine if an identical explained line was matched instead.
        swappable = Counter(lines[i] for i in explained if i not in differing)
        unexplained = []
        for i in sorted(differing):
            if not lines[i].strip() or i in explained:
                continue
            if swappable[lines[i]]:
                swappable[lines[i]] -= 1
            else:
                unexplained.append(i + 1)
        assert not unexplained, f"{side} lines not in the manifest: {unexplained[:10]}"
