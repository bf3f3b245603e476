"""A booklet numbered differently is configuration only: the profile on the
Document tells the numbering and contents rules how numbers are valued and
printed (fixtures/tools/renumber.py makes such a booklet from the 2020 text)."""

import json
import pathlib
import sys

import pytest
from rulecheck import all_builtin_rules

from checker.booklet.parser import parse
from checker.booklet.profile import DEFAULT_PROFILE
from checker.cli import main
from checker.errors import UsageError
from checker.lint.engine import run_rules
from checker.reading.readers import text_to_raw

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGED_2020 = ROOT / "fixtures" / "soumu-juten-shisaku-2020.paged.txt"
sys.path.insert(0, str(ROOT / "fixtures" / "tools"))
import renumber  # noqa: E402

PROFILE = DEFAULT_PROFILE.with_overrides(renumber.PROFILE)


def _findings(text: str, profile=DEFAULT_PROFILE):
    document = parse(text_to_raw(text, "booklet.txt", profile), profile)
    findings, _ = run_rules([document], all_builtin_rules())
    return document, findings


@pytest.fixture(scope="module")
def renumbered() -> str:
    return renumber.renumber(PAGED_2020.read_text(encoding="utf-8"))


def test_renumbered_booklet_with_its_profile_finds_what_the_original_does(renumbered):
    assert "第3章 安定的な地方行財政基盤の確保" in renumbered and "(ア) 日本規格に適合した" in renumbered
    original_document, original = _findings(PAGED_2020.read_text(encoding="utf-8"))
    document, found = _findings(renumbered, PROFILE)
    assert document.profile is PROFILE
    values = [PROFILE.number_value("chapter", c.number) for c in document.chapters()]
    assert values == [DEFAULT_PROFILE.number_value("chapter", c.number) for c in original_document.chapters()] == [1, 2, 3, 4, 5]
    assert [(f.rule, f.location.line) for f in found] == [(f.rule, f.location.line) for f in original]
    assert len(found) > 10


def test_without_its_profile_the_renumbered_booklet_is_misread(renumbered):
    _, found = _findings(renumbered)
    assert sum(1 for f in found if f.rule == "NUM004") > 10


def test_numbering_rules_print_numbers_in_the_profiles_style(renumbered):
    broken = renumbered.replace("(イ) 消防用機器等の国際動向への対応", "(ウ) 消防用機器等の国際動向への対応", 1)
    broken = broken.replace("第4章 防災・減災", "第5章 防災・減災", 1)  # in the contents
    _, found = _findings(broken, PROFILE)
    (sequence,) = [f.message for f in found if f.rule == "NUM002"]
    assert sequence.startswith("sub-item (ウ) follows (ア): (イ) missing in 「")
    assert [f.message for f in found if f.rule == "NUM005"] == [
        "the contents list no chapter 第4章 (numbers run up to 第5章)",
        "the contents list chapter 第5章 twice: 「防災・減災/復旧・復興」 and 「持続可能な社会基盤の確保」",
    ]


def test_the_profile_is_read_from_the_configuration(renumbered, tmp_path, capsys):
    (tmp_path / "booklet.txt").write_text(renumbered, encoding="utf-8")
    (tmp_path / "checker.toml").write_text(renumber.profile_toml(), encoding="utf-8")
    assert main(["check", str(tmp_path / "booklet.txt"), "--config", str(tmp_path / "checker.toml"), "--select", "NUM,TOC", "--format", "json", "--fail-on", "never"]) == 0
    rules = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    _, original = _findings(PAGED_2020.read_text(encoding="utf-8"))
    assert rules == [f.rule for f in original if f.rule.startswith(("NUM", "TOC"))]


def test_unknown_numbering_style_and_bad_template_are_refused():
    with pytest.raises(UsageError, match="not a numbering style"):
        DEFAULT_PROFILE.with_overrides({"item_numbering": "hebrew"})
    with pytest.raises(UsageError, match="must contain"):
        DEFAULT_PROFILE.with_overrides({"item_printed": "no number"})


def test_default_profile_values_and_prints_as_before():
    profile = DEFAULT_PROFILE
    assert [profile.number_value("chapter", n) for n in ("Ⅲ", "III", "IV", "X")] == [3, 3, 4, 10]
    assert profile.number_value("item", "１２") == 12 and profile.number_value("subitem", "ｃ") == 3
    assert [profile.printed_number(level, 3) for level in ("chapter", "section", "item", "subitem")] == ["III", "3", "(3)", "(c)"]
    assert profile.printed_number("subitem", 27) == "(#27)"
