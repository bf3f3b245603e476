"""Renderers of findings: text for people; JSON, JUnit XML, SARIF 2.1.0 and
GitHub workflow annotations for machines. Pure functions: findings and a
``RenderContext`` in, text out."""

from __future__ import annotations

import json
from collections import defaultdict


from checker.lint.findings import SEVERITY_RANK, Finding
from checker.lint.fixes import column, describe as describe_fix
from checker.hookspecs import hookimpl
from checker.outputs import OutputFormat, RenderContext
from checker.i18n import N_, Translator
from checker.reports.display import (
    LEGEND, STRUCTURE_LABEL, STRUCTURE_NOTICE, STRUCTURE_NOTICE_ID, difference, group_occurrences, marked, one_line, page_heading,
    severity_name, sort_for_page, unreported_structure_paths, where,
)

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
TOOL_URI = "https://github.com/checker-booklets/checker"


def render_text(findings: list[Finding], context: RenderContext) -> str:
    """For people: grouped by file and page, each finding with its place on the
    page, its excerpt, or the expected and found text with the differing
    characters marked (a legend says how). One problem reported on several
    lines of a page is one entry with its occurrences."""
    translate = Translator(context.lang)
    out: list[str] = []
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_path[finding.location.path].append(finding)
    if not context.quiet and any(finding.expected is not None and finding.excerpt for finding in findings):
        out.append(translate(LEGEND))
    paths = list(context.paths) + sorted(path for path in by_path if path not in context.paths)  # e.g. --previous
    for path in paths:
        path_findings = by_path.pop(path, [])
        label = translate(N_("  (SYNTHETIC edition)")) if path in context.synthetic_paths else ""
        if path in context.unrecognised_paths:
            label += translate.format(N_("  ({notice})"), notice=translate(STRUCTURE_LABEL))
        out.append(translate.format(N_("{path}{label}: {count} finding(s)"), path=path, label=label, count=len(path_findings)))
        out.extend(_text_for_path(path_findings, translate))
    if not context.quiet:
        out.append("")
        out.extend(_text_summary(context, translate))
    return "\n".join(out) + "\n"


def _text_summary(context: RenderContext, translate: Translator) -> list[str]:
    summary = context.summary
    counts = translate.format(N_("{errors} error(s), {warnings} warning(s), {infos} info"),
                              errors=summary.counts["error"], warnings=summary.counts["warning"], infos=summary.counts["info"])
    line = translate.format(N_("{count} finding(s): {counts}"), count=sum(summary.counts.values()), counts=counts)
    if summary.suppressed_by_baseline:
        line += translate.format(N_("; {count} suppressed by the baseline"), count=summary.suppressed_by_baseline)
    if getattr(summary, "suppressed_by_config", 0):
        line += translate.format(N_("; {count} suppressed by the configuration"), count=summary.suppressed_by_config)
    out = [line]
    for path in context.unrecognised_paths:
        out.append(translate.format(N_("note: {path}: {note}"), path=path, note=translate(STRUCTURE_NOTICE)))
    for code, reason in summary.skipped_rules:
        out.append(translate.format(N_("note: {code} skipped: {reason}"), code=code, reason=translate.text(reason)))
    for path, note in getattr(context, "reader_notes", ()):
        out.append(translate.format(N_("note: {path}: {note}"), path=path, note=translate.text(note)))
    for path in context.synthetic_paths:
        if path not in context.paths:
            out.append(translate.format(N_("note: {path} (compared as the previous edition) is a SYNTHETIC edition, not a real booklet"), path=path))
    return out


def _text_for_path(findings: list[Finding], translate: Translator) -> list[str]:
    lines: list[str] = []
    by_page: dict = defaultdict(list)
    for finding in findings:
        by_page[finding.location.page].append(finding)
    for page in sorted(by_page, key=lambda p: (p is None, p or 0)):
        lines.append("  " + page_heading(page, translate))
        for group in group_occurrences(sort_for_page(by_page[page])):
            lines.extend(_text_for_group(group, translate))
    return lines


def _text_for_group(group: list[Finding], translate: Translator) -> list[str]:
    first = group[0]
    head = f"{first.rule} {severity_name(first.severity, translate)}  {one_line(translate.text(first.message))}"
    if len(group) == 1:
        return [f"    {where(first.location, translate)}  {head}", *_text_details(first, translate, "        ")]
    lines = [f"    {head}  " + translate.format(N_("({count} occurrences)"), count=len(group))]
    for finding in group:
        lines.append(f"      - {where(finding.location, translate)}")
        lines.extend(_text_details(finding, translate, "        "))
    return lines


def _text_details(finding: Finding, translate: Translator, indent: str) -> list[str]:
    lines = []
    if finding.expected is not None and finding.excerpt:
        expected, found = difference(one_line(finding.expected), one_line(finding.excerpt))
        lines.append(indent + translate.format(N_("Expected: {text}"), text=marked(expected)))
        lines.append(indent + translate.format(N_("Found:    {text}"), text=marked(found)))
    elif finding.excerpt:
        lines.append(indent + translate.format(N_("Text: {text}"), text=one_line(finding.excerpt)))
    if getattr(finding, "fix", None):
        lines.append(indent + translate.format(N_("Fix: {fix}"), fix=describe_fix(finding.fix)))
    for related in finding.related:
        place = where(related, translate)
        if related.path != finding.location.path:
            place = f"{related.path} {place}"
        lines.append(indent + translate.format(N_("See also: {place}"), place=place))
    return lines


def _one_line(text: str) -> str:
    return one_line(text)


def render_json(findings: list[Finding], context: RenderContext) -> str:
    data = {
        "tool": {"name": "checker", "version": context.tool_version},
        "files": list(context.paths),
        "synthetic_files": list(context.synthetic_paths),
        # "message" stays English (as before); "message_ja" is the same message in Japanese,
        # so the JSON is the same whatever language the run was in.
        "findings": [{**finding.to_dict(), "message_ja": Translator("ja").text(finding.message)} for finding in findings],
        "summary": {**context.summary.to_dict(), "fail_on": context.fail_on},
    }
    if context.unrecognised_paths:
        data["notices"] = [{"path": path, "notice": STRUCTURE_NOTICE_ID, "message": STRUCTURE_NOTICE,
                            "message_ja": Translator("ja")(STRUCTURE_NOTICE)} for path in context.unrecognised_paths]
    if context.reader_notes:
        data["reader_notes"] = [{"path": path, "note": note} for path, note in context.reader_notes]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_junit(findings: list[Finding], context: RenderContext) -> bytes:
    """One test suite per file, one test case per rule: it fails when the rule
    found something at or above the fail-on severity."""
    threshold = SEVERITY_RANK.get(context.fail_on, len(SEVERITY_RANK) + 1)  # never: nothing fails
    translate = Translator(context.lang)
    from lxml import etree  # only this format needs it: not imported on every check

    root = etree.Element("testsuites", name="checker")
    total_tests = total_failures = total_skipped = 0
    for path in context.paths:
        suite = etree.SubElement(root, "testsuite", name=path)
        tests = failures = skipped = 0
        if path in context.unrecognised_paths:
            _junit_structure_notice(suite, translate)
            tests, skipped = 1, 1
        path_findings = [f for f in findings if f.location.path == path]
        for rule in context.rules:
            rule_findings = [f for f in path_findings if f.rule == rule.code]
            case = etree.SubElement(suite, "testcase", classname=f"checker.{rule.code}", name=f"{rule.code} {rule.name}")
            tests += 1
            failing = [f for f in rule_findings if SEVERITY_RANK[f.severity] >= threshold]
            details = "\n".join(
                f"{path} {where(f.location, translate)}: {severity_name(f.severity, translate)}: {translate.text(f.message)}"
                + (f"\n  > {one_line(f.excerpt)}" if f.excerpt else "")
                + ("\n  " + translate.format(N_("Fix: {fix}"), fix=describe_fix(f.fix)) if f.fix else "") for f in rule_findings)
            if failing:
                failures += 1
                failure = etree.SubElement(case, "failure", message=translate.format(N_("{count} finding(s) at or above {severity}"), count=len(failing), severity=context.fail_on), type=rule.code)
                failure.text = details
            elif rule_findings:
                etree.SubElement(case, "system-out").text = details
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        if skipped:
            suite.set("skipped", str(skipped))
        total_tests += tests
        total_failures += failures
        total_skipped += skipped
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    if total_skipped:
        root.set("skipped", str(total_skipped))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _junit_structure_notice(suite, translate: Translator) -> None:
    """A property of the suite and a skipped test case: CI pages show a skipped
    case, and the structure checks indeed did not run."""
    from lxml import etree

    properties = etree.SubElement(suite, "properties")
    etree.SubElement(properties, "property", name=f"checker.{STRUCTURE_NOTICE_ID}", value=translate(STRUCTURE_NOTICE))
    case = etree.SubElement(suite, "testcase", classname="checker.structure", name=translate(STRUCTURE_LABEL))
    etree.SubElement(case, "skipped", message=translate(STRUCTURE_NOTICE))


def _sarif_notifications(context: RenderContext, translate: Translator) -> list[dict]:
    """Run-level notifications: what the tool says about its run, not a result about the file."""
    return [{
        "level": "warning",
        "message": {"text": translate(STRUCTURE_NOTICE)},
        "descriptor": {"id": STRUCTURE_NOTICE_ID},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path)}}}],
    } for path in context.unrecognised_paths]


def render_sarif(findings: list[Finding], context: RenderContext) -> str:
    """SARIF 2.1.0. A PDF is binary: its results claim no region (no line of the
    file); the place is in the message (printed page, line on that page) and in
    the location's properties (``page``, ``lineOnPage``, ``physicalPage``)."""
    translate = Translator(context.lang)
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
        text = translate.text(finding.message)
        if finding.location.in_pdf:
            text += translate.format(N_(" ({place})"), place=where(finding.location, translate))
        result = {
            "ruleId": finding.rule,
            "level": SARIF_LEVEL[finding.severity],
            "message": {"text": text},
            "locations": [_sarif_location(finding.location, finding.excerpt)],
            "partialFingerprints": {"checkerFingerprint/v1": finding.fingerprint},
        }
        if finding.rule in rule_index:
            result["ruleIndex"] = rule_index[finding.rule]
        if finding.related:
            result["relatedLocations"] = [
                {**_sarif_location(related), "id": index + 1, "message": {"text": f"{translate(N_('related'))}: {where(related, translate)}"}}
                for index, related in enumerate(finding.related)
            ]
        if finding.location.page is not None:
            result["properties"] = {"page": finding.location.page}
            if finding.location.page_estimated:
                result["properties"]["page_estimated"] = True
        if finding.location.source_ref:
            result.setdefault("properties", {})["source_ref"] = finding.location.source_ref
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
                "language": "ja-JP" if context.lang == "ja" else "en-US",
            }
        ],
    }
    notifications = _sarif_notifications(context, translate)
    if notifications:
        sarif["runs"][0]["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": notifications}]
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
    result: dict = {"physicalLocation": physical}
    if location.in_pdf:
        result["properties"] = {key: value for key, value in (("page", location.page), ("lineOnPage", location.line_on_page),
                                                              ("physicalPage", location.physical_page)) if value is not None}
    elif location.line is not None:
        region: dict = {"startLine": location.line}
        if excerpt:
            region["snippet"] = {"text": excerpt}
        physical["region"] = region
    return result


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def render_github(findings: list[Finding], context: RenderContext) -> str:
    """Workflow annotations. For a PDF no ``line=`` (it would point into a binary
    file): the annotation names the file, and the message the printed page and
    the line on that page."""
    translate = Translator(context.lang)
    lines = [f"::warning file={_escape_property(path)},title={_escape_property(translate(STRUCTURE_LABEL))}::"
             f"{_escape_data(translate(STRUCTURE_NOTICE))}" for path in unreported_structure_paths(findings, context.unrecognised_paths)]
    for finding in findings:
        location = finding.location
        properties = [f"file={_escape_property(location.path)}"]
        if location.line is not None and not location.in_pdf:
            properties.append(f"line={location.line}")
        properties.append(f"title={_escape_property(f'{finding.rule} {finding.name}')}")
        place = translate.format(N_(" ({place})"), place=where(location, translate)) if location.page is not None else ""
        fix = translate.format(N_(" (fix: {fix})"), fix=describe_fix(finding.fix)) if finding.fix else ""
        lines.append(f"::{GITHUB_COMMAND[finding.severity]} {','.join(properties)}::{_escape_data(translate.text(finding.message) + place + fix)}")
    return "\n".join(lines) + ("\n" if lines else "")


FORMATS = [
    OutputFormat("text", N_("for people: grouped by page, expected and found text with the differing characters marked"), render_text),
    OutputFormat("json", N_("all findings and a summary as JSON (message in English, message_ja in Japanese)"), render_json),
    OutputFormat("junit", N_("JUnit XML: a test suite per file, a test case per rule"), render_junit),
    OutputFormat("sarif", N_("SARIF 2.1.0 for code-scanning dashboards"), render_sarif),
    OutputFormat("github", N_("GitHub Actions workflow annotations"), render_github),
]


@hookimpl
def checker_output_formats() -> list[OutputFormat]:
    return FORMATS
