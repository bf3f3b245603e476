"""Renderers of findings for CI systems beyond SARIF and GitHub: reviewdog's
Reviewdog Diagnostic Format (``rdjson``), GitLab Code Quality (``gitlab``) and
Checkstyle XML (``checkstyle``). Pure functions: findings and a
``RenderContext`` in, text out.

A PDF has no lines of its own: the line numbers of a finding in a PDF count the
extracted text lines. Formats that point into files therefore never claim a
line of a PDF. ``rdjson`` leaves the range out (the format allows it); GitLab
Code Quality and Checkstyle require a line, so a PDF finding points at line 1.
Every message carries the printed page, ``(p.N)``, where it is known.
"""

from __future__ import annotations

import hashlib
import json

from checker.hookspecs import hookimpl
from checker.lint.findings import Finding
from checker.lint.fixes import column, describe as describe_fix
from checker.i18n import N_, Translator
from checker.reports.display import STRUCTURE_NOTICE, STRUCTURE_NOTICE_ID, unreported_structure_paths, where
from checker.outputs import OutputFormat, RenderContext

TOOL_NAME = "checker"
TOOL_URI = "https://github.com/checker-booklets/checker"
RDJSON_SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
# GitLab's scale is info < minor < major < critical < blocker. A booklet error
# (a wrong total, a broken contents page) must be fixed before printing but does
# not stop the document being read: major. A warning is a slip a reader notices.
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
CHECKSTYLE_SEVERITY = {"error": "error", "warning": "warning", "info": "info"}
CHECKSTYLE_VERSION = "4.3"  # the Checkstyle report version other linters write


def _message_with_page(finding: Finding, context: RenderContext) -> str:
    """The message in the report's language; a PDF finding names its printed
    page and the line on that page, a text finding with pages its page."""
    translate = Translator(getattr(context, "lang", "en"))
    location = finding.location
    if location.path in context.extracted_paths and location.in_pdf:
        return translate.text(finding.message) + translate.format(N_(" ({place})"), place=where(location, translate))
    return translate.text(finding.message) + (f" (p.{location.page})" if location.page is not None else "")


def _message_with_fix(finding: Finding, context: RenderContext) -> str:
    fix = ""
    if finding.fix:
        fix = Translator(getattr(context, "lang", "en")).format(N_(" (fix: {fix})"), fix=describe_fix(finding.fix))
    return _message_with_page(finding, context) + fix


def _file_line(location, context: RenderContext) -> int | None:
    """The line to show in a file, or None when it is not a line of the file."""
    if location.path in context.extracted_paths:
        return None
    return location.line


def _describe(location, context: RenderContext) -> str:
    if location.path in context.extracted_paths:
        return location.path + (f" p.{location.page}" if location.page is not None else "")
    return str(location)


def _notice_text(context: RenderContext) -> str:
    return Translator(getattr(context, "lang", "en"))(STRUCTURE_NOTICE)


# ------------------------------------------------------------------ rdjson


def _rdjson_location(location, context: RenderContext) -> dict:
    data: dict = {"path": location.path}
    line = _file_line(location, context)
    if line is not None:
        data["range"] = {"start": {"line": line}}  # no column: the whole line
    return data


def _rdjson_diagnostic(finding: Finding, context: RenderContext) -> dict:
    diagnostic = {
        "message": _message_with_page(finding, context),
        "location": _rdjson_location(finding.location, context),
        "severity": RDJSON_SEVERITY[finding.severity],
        "source": {"name": TOOL_NAME, "url": TOOL_URI},
        "code": {"value": finding.rule},
    }
    if finding.fix:
        if finding.location.path in context.extracted_paths:
            diagnostic["message"] = _message_with_fix(finding, context)
        else:
            diagnostic["suggestions"] = [_rdjson_suggestion(edit, finding, context) for edit in finding.fix]
    if finding.related:
        diagnostic["related_locations"] = [
            {"message": _describe(related, context), "location": _rdjson_location(related, context)} for related in finding.related
        ]
    return diagnostic


def _rdjson_suggestion(edit, finding: Finding, context: RenderContext) -> dict:
    lines = context.sources.get(finding.location.path, [])
    text = lines[edit.line - 1] if 0 < edit.line <= len(lines) else edit.before
    start = {"line": edit.line, "column": column(text, edit.start, "utf-8")}
    end = {"line": edit.line, "column": column(text, edit.end, "utf-8")}
    return {"range": {"start": start, "end": end}, "text": edit.after}


def render_rdjson(findings: list[Finding], context: RenderContext) -> str:
    """Reviewdog Diagnostic Format, one DiagnosticResult (``reviewdog -f=rdjson``)."""
    data = {
        "source": {"name": TOOL_NAME, "url": TOOL_URI},
        "diagnostics": [
            *({"message": _notice_text(context), "location": {"path": path}, "severity": "WARNING",
               "source": {"name": TOOL_NAME, "url": TOOL_URI}, "code": {"value": STRUCTURE_NOTICE_ID}}
              for path in unreported_structure_paths(findings, context.unrecognised_paths)),
            *(_rdjson_diagnostic(finding, context) for finding in findings),
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ GitLab


def _gitlab_fingerprints(findings: list[Finding]) -> list[str]:
    """Unique per issue (GitLab shows only the first issue of a fingerprint), and
    as stable as the findings' own fingerprints, which leave line numbers out."""
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        base = "\x1f".join((finding.location.path, finding.rule, finding.fingerprint or finding.message))
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        result.append(hashlib.sha256(f"{base}\x1f{occurrence}".encode("utf-8")).hexdigest()[:32])
    return result


def render_gitlab(findings: list[Finding], context: RenderContext) -> str:
    """GitLab Code Quality: the subset of the Code Climate issue format GitLab reads
    (description, check_name, fingerprint, severity, location.path, location.lines.begin)."""
    issues = [{
        "description": _notice_text(context),
        "check_name": STRUCTURE_NOTICE_ID,
        "fingerprint": hashlib.sha256(f"{path}\x1f{STRUCTURE_NOTICE_ID}".encode("utf-8")).hexdigest()[:32],
        "severity": GITLAB_SEVERITY["warning"],
        "location": {"path": path, "lines": {"begin": 1}},
    } for path in unreported_structure_paths(findings, context.unrecognised_paths)]
    for finding, fingerprint in zip(findings, _gitlab_fingerprints(findings)):
        line = _file_line(finding.location, context)
        issues.append({
            "description": f"{finding.rule} {finding.name}: {_message_with_fix(finding, context)}",
            "check_name": finding.rule,
            "fingerprint": fingerprint,
            "severity": GITLAB_SEVERITY[finding.severity],
            "location": {"path": finding.location.path, "lines": {"begin": line if line is not None else 1}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ Checkstyle


def render_checkstyle(findings: list[Finding], context: RenderContext) -> bytes:
    """Checkstyle XML: a <file> per checked file (and per other file with findings),
    an <error> per finding with line, severity, message and source."""
    from lxml import etree  # only this format needs it: not imported on every check

    root = etree.Element("checkstyle", version=CHECKSTYLE_VERSION)
    paths = list(context.paths) + sorted({f.location.path for f in findings} - set(context.paths))
    notices = unreported_structure_paths(findings, context.unrecognised_paths)
    for path in paths:
        file_element = etree.SubElement(root, "file", name=path)
        if path in notices:
            etree.SubElement(file_element, "error", line="1", severity=CHECKSTYLE_SEVERITY["warning"],
                             message=_notice_text(context), source=f"{TOOL_NAME}.{STRUCTURE_NOTICE_ID}")
        for finding in (f for f in findings if f.location.path == path):
            line = _file_line(finding.location, context)
            etree.SubElement(
                file_element,
                "error",
                line=str(line if line is not None else 1),
                severity=CHECKSTYLE_SEVERITY[finding.severity],
                message=_message_with_fix(finding, context),
                source=f"{TOOL_NAME}.{finding.rule}",
            )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


FORMATS = [
    OutputFormat("rdjson", N_("Reviewdog Diagnostic Format JSON (reviewdog -f=rdjson)"), render_rdjson),
    OutputFormat("gitlab", N_("GitLab Code Quality report (artifacts:reports:codequality)"), render_gitlab),
    OutputFormat("checkstyle", N_("Checkstyle XML, read by many CI tools"), render_checkstyle),
]


@hookimpl
def checker_output_formats() -> list[OutputFormat]:
    return FORMATS
