"""Renderers of findings: text for people; JSON, JUnit XML, SARIF 2.1.0 and
GitHub workflow annotations for machines. Pure functions: findings and a
``RenderContext`` in, text out."""

from __future__ import annotations

import json
from collections import defaultdict

from lxml import etree

from checker.lint.findings import SEVERITY_RANK, Finding
from checker.lint.fixes import column, describe as describe_fix
from checker.hookspecs import hookimpl
from checker.outputs import OutputFormat, RenderContext
from checker.booklet.text import marked_difference

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
TOOL_URI = "https://github.com/checker-booklets/checker"


def render_text(findings: list[Finding], context: RenderContext) -> str:
    """For people: grouped by file and page, each finding with its excerpt and the
    differing characters marked as [-deleted-]{+inserted+}."""
    out: list[str] = []
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_path[finding.location.path].append(finding)
    for path in context.paths:
        path_findings = by_path.pop(path, [])
        label = "  (SYNTHETIC edition)" if path in context.synthetic_paths else ""
        out.append(f"{path}{label}: {len(path_findings)} finding(s)")
        out.extend(_text_for_path(path_findings))
    for path, path_findings in sorted(by_path.items()):  # findings on other files (e.g. --previous)
        out.append(f"{path}: {len(path_findings)} finding(s)")
        out.extend(_text_for_path(path_findings))
    summary = context.summary
    counts = ", ".join(f"{summary.counts[s]} {s}" for s in ("error", "warning", "info"))
    out.append("")
    out.append(f"{sum(summary.counts.values())} finding(s): {counts}" + (
        f"; {summary.suppressed_by_baseline} suppressed by the baseline" if summary.suppressed_by_baseline else "") + (
        f"; {summary.suppressed_by_config} suppressed by the configuration" if summary.suppressed_by_config else ""))
    for code, reason in summary.skipped_rules:
        out.append(f"info: {code} skipped: {reason}")
    for path, note in context.reader_notes:
        out.append(f"note: {path}: {note}")
    for path in context.synthetic_paths:
        if path not in context.paths:
            out.append(f"note: {path} (compared as the previous edition) is a SYNTHETIC edition, not a real booklet")
    return "\n".join(out) + "\n"


def _text_for_path(findings: list[Finding]) -> list[str]:
    lines: list[str] = []
    by_page: dict = defaultdict(list)
    for finding in findings:
        by_page[finding.location.page].append(finding)
    for page in sorted(by_page, key=lambda p: (p is None, p or 0)):
        estimated = " (estimated)" if any(f.location.page_estimated for f in by_page[page]) else ""
        lines.append(f"  page {page}{estimated}" if page is not None else "  (page unknown)")
        for finding in by_page[page]:
            where = f"line {finding.location.line}" if finding.location.line else ""
            lines.append(f"    {where:>10}  {finding.rule} {finding.severity:<7} {_one_line(finding.message)}")
            if finding.location.source_ref:
                lines.append(f"                at {finding.location.source_ref}")
            if finding.excerpt:
                lines.append(f"                > {_one_line(finding.excerpt)}")
            if finding.expected is not None and finding.excerpt:
                lines.append(f"                ~ {marked_difference(_one_line(finding.expected), _one_line(finding.excerpt))}")
            if finding.fix:
                lines.append(f"                fix {describe_fix(finding.fix)}")
            for related in finding.related:
                lines.append(f"                see {related}")
    return lines


def _one_line(text: str) -> str:
    return " ⏎ ".join(part.strip() for part in text.splitlines() if part.strip())


def render_json(findings: list[Finding], context: RenderContext) -> str:
    data = {
        "tool": {"name": "checker", "version": context.tool_version},
        "files": list(context.paths),
        "synthetic_files": list(context.synthetic_paths),
        "findings": [finding.to_dict() for finding in findings],
        "summary": {**context.summary.to_dict(), "fail_on": context.fail_on},
    }
    if context.reader_notes:
        data["reader_notes"] = [{"path": path, "note": note} for path, note in context.reader_notes]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_junit(findings: list[Finding], context: RenderContext) -> bytes:
    """One test suite per file, one test case per rule: it fails when the rule
    found something at or above the fail-on severity."""
    threshold = SEVERITY_RANK.get(context.fail_on, len(SEVERITY_RANK) + 1)  # never: nothing fails
    root = etree.Element("testsuites", name="checker")
    total_tests = total_failures = 0
    for path in context.paths:
        suite = etree.SubElement(root, "testsuite", name=path)
        tests = failures = 0
        path_findings = [f for f in findings if f.location.path == path]
        for rule in context.rules:
            rule_findings = [f for f in path_findings if f.rule == rule.code]
            case = etree.SubElement(suite, "testcase", classname=f"checker.{rule.code}", name=f"{rule.code} {rule.name}")
            tests += 1
            failing = [f for f in rule_findings if SEVERITY_RANK[f.severity] >= threshold]
            details = "\n".join(f"{f.location}: {f.severity}: {f.message}" + (f"\n  > {_one_line(f.excerpt)}" if f.excerpt else "")
                                + (f"\n  fix {describe_fix(f.fix)}" if f.fix else "") for f in rule_findings)
            if failing:
                failures += 1
                failure = etree.SubElement(case, "failure", message=f"{len(failing)} finding(s) at or above {context.fail_on}", type=rule.code)
                failure.text = details
            elif rule_findings:
                etree.SubElement(case, "system-out").text = details
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        total_tests += tests
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def render_sarif(findings: list[Finding], context: RenderContext) -> str:
    rule_index = {rule.code: index for index, rule in enumerate(context.rules)}
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.summary},
            "help": {"text": rule.help},
            "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        }
        for rule in context.rules
    ]
    results = []
    for finding in findings:
        result = {
            "ruleId": finding.rule,
            "level": SARIF_LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [_sarif_location(finding.location, finding.excerpt)],
            "partialFingerprints": {"checkerFingerprint/v1": finding.fingerprint},
        }
        if finding.rule in rule_index:
            result["ruleIndex"] = rule_index[finding.rule]
        if finding.related:
            result["relatedLocations"] = [
                {**_sarif_location(related), "id": index + 1, "message": {"text": "related"}}
                for index, related in enumerate(finding.related)
            ]
        if finding.location.page is not None:
            result["properties"] = {"page": finding.location.page}
            if finding.location.page_estimated:
                result["properties"]["page_estimated"] = True
        if finding.location.source_ref:
            result.setdefault("properties", {})["source_ref"] = finding.location.source_ref
        if finding.fix:
            _sarif_fix(result, finding, context)
        results.append(result)
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "checker", "version": context.tool_version, "informationUri": TOOL_URI, "rules": rules}},
                "artifacts": [{"location": {"uri": _uri(path)}} for path in context.paths],
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _sarif_fix(result: dict, finding: Finding, context: RenderContext) -> None:
    """A SARIF fix where the edit's lines are lines of the file; for a PDF the
    suggestion is a property (its lines are extracted text)."""
    if finding.location.path in context.extracted_paths:
        result.setdefault("properties", {})["fix"] = describe_fix(finding.fix)
        return
    lines = context.sources.get(finding.location.path, [])
    replacements = []
    for edit in finding.fix:
        text = lines[edit.line - 1] if 0 < edit.line <= len(lines) else edit.before
        region = {"startLine": edit.line, "startColumn": column(text, edit.start, "utf-16"), "endColumn": column(text, edit.end, "utf-16")}
        replacements.append({"deletedRegion": region, "insertedContent": {"text": edit.after}})
    result["fixes"] = [{
        "description": {"text": describe_fix(finding.fix)},
        "artifactChanges": [{"artifactLocation": {"uri": _uri(finding.location.path)}, "replacements": replacements}],
    }]


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace("\\", "/"))


def _sarif_location(location, excerpt: str = "") -> dict:
    physical: dict = {"artifactLocation": {"uri": _uri(location.path)}}
    if location.line is not None:
        region: dict = {"startLine": location.line}
        if excerpt:
            region["snippet"] = {"text": excerpt}
        physical["region"] = region
    return {"physicalLocation": physical}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def render_github(findings: list[Finding], context: RenderContext) -> str:
    lines = []
    for finding in findings:
        properties = [f"file={_escape_property(finding.location.path)}"]
        if finding.location.line is not None:
            properties.append(f"line={finding.location.line}")
        properties.append(f"title={_escape_property(f'{finding.rule} {finding.name}')}")
        page = f" (p.{finding.location.page}{', estimated' if finding.location.page_estimated else ''})" if finding.location.page is not None else ""
        if finding.location.source_ref:
            page += f" [{finding.location.source_ref}]"
        fix = f" (fix: {describe_fix(finding.fix)})" if finding.fix else ""
        lines.append(f"::{GITHUB_COMMAND[finding.severity]} {','.join(properties)}::{_escape_data(finding.message + page + fix)}")
    return "\n".join(lines) + ("\n" if lines else "")


FORMATS = [
    OutputFormat("text", "for people: grouped by page, excerpts, differing characters marked", render_text),
    OutputFormat("json", "all findings and a summary as JSON", render_json),
    OutputFormat("junit", "JUnit XML: a test suite per file, a test case per rule", render_junit),
    OutputFormat("sarif", "SARIF 2.1.0 for code-scanning dashboards", render_sarif),
    OutputFormat("github", "GitHub Actions workflow annotations", render_github),
]


@hookimpl
def checker_output_formats() -> list[OutputFormat]:
    return FORMATS
