"""The packaged notation dictionary (rules/notation_default.toml): every entry
names its source, and every entry fires on a document that mixes its
spellings. That the whole dictionary stays silent on the published 2020 text
except where it really writes one word two ways is asserted in
tests/test_rules_style.py (test_real_2020_text_style_findings)."""

import pathlib
import tomllib

import pytest
from rulecheck import document_from_text, run_rule

from checker.rules.notation import default_dictionary, read_plain_entry_toml

ROOT = pathlib.Path(__file__).resolve().parent.parent
RAW = tomllib.loads((ROOT / "rules" / "notation_default.toml").read_text(encoding="utf-8"))["entry"]
SOURCE_NAMES = ("漢字使用2010", "法令漢字使用2010", "考え方2022", "外来語の表記1991")


def test_the_dictionary_has_grown_toward_the_official_conventions():
    assert len(default_dictionary()) >= 200


def test_the_plain_reader_reads_the_shipped_dictionary_as_tomllib_does():
    text = (ROOT / "rules" / "notation_default.toml").read_text(encoding="utf-8")
    assert read_plain_entry_toml(text) == tomllib.loads(text)


@pytest.mark.parametrize(
    "text",
    [
        '[[entry]]\npreferred = "a\\u3042"\nvariants = ["b"]\n',  # an escape
        '[[entry]]\npreferred = "a"  # a comment after the value\nvariants = ["b"]\n',
        '[[entry]]\npreferred = "a"\nvariants = [\n  "b",\n]\n',  # an array over several lines
        '[[entry]]\npreferred = "a"\npreferred = "b"\n',  # a duplicate key: tomllib's error
        'preferred = "a"\n',  # a key outside any [[entry]]
        "[[entry]]\npreferred = 'a'\nvariants = ['b']\n",  # literal strings
        '[entry]\npreferred = "a"\n',
    ],
)
def test_the_plain_reader_leaves_anything_else_to_tomllib(text):
    assert read_plain_entry_toml(text) is None


def test_the_plain_reader_reads_the_plain_form():
    text = '# c\n\n[[entry]]\npreferred = "子ども"\nvariants = ["子供", "こども"]\nnot-followed-by = []\n\n[[entry]]\npreferred = "x"\nvariants = ["y"]\n'
    assert read_plain_entry_toml(text) == tomllib.loads(text)
    assert read_plain_entry_toml(text)["entry"][0]["variants"] == ["子供", "こども"]


def test_every_entry_names_a_known_source():
    for entry in RAW:
        assert entry.get("source", "").startswith(SOURCE_NAMES), entry["preferred"]


def test_no_spelling_belongs_to_two_entries():
    seen: dict[str, str] = {}
    for entry in RAW:
        for form in (entry["preferred"], *entry["variants"]):
            assert form not in seen, f"{form} in {seen.get(form)} and {entry['preferred']}"
            seen[form] = entry["preferred"]


@pytest.fixture(scope="module")
def mixed_findings():
    """The 2020 text with two bullets per entry, one in each spelling."""
    lines = (ROOT / "fixtures" / "soumu-juten-shisaku-2020.txt").read_text(encoding="utf-8").split("\n")
    at = next(index for index, line in enumerate(lines) if index > 200 and line.startswith("- "))
    injected = []
    for entry in RAW:
        injected += [f"- ・{entry['preferred']}を確認する", f"- ・{entry['variants'][0]}を確認する"]
    document = document_from_text("\n".join(lines[:at] + injected + lines[at:]))
    first, last = at + 1, at + len(injected)
    return [f for f in run_rule("NOT004", document) if first <= f.location.line <= last], first


@pytest.mark.parametrize("index", range(len(RAW)), ids=[entry["preferred"] for entry in RAW])
def test_every_entry_fires_on_mixed_spellings(mixed_findings, index):
    findings, first = mixed_findings
    entry = RAW[index]
    variant_line = first + 2 * index + 1
    here = [f for f in findings if f.location.line == variant_line]
    assert any(f.message.startswith(f"「{entry['variants'][0]}」") for f in here), here
    assert not [f for f in findings if f.location.line == variant_line - 1 and entry["preferred"] in f.message.split("」")[0]]
