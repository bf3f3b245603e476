"""The rule engine: choose rules, run them on documents, stamp the findings."""

from __future__ import annotations

from checker.i18n import msg

from dataclasses import dataclass, field

from checker.analysis import Analysis
from checker.booklet.model import Document
from checker.errors import UsageError
from checker.lint.findings import Finding, Summary, check_severity, fingerprint_findings
from checker.lint.findings import exit_code  # noqa: F401 - its old home; callers may import it from here
from checker.lint.rule import Rule


@dataclass(frozen=True)
class EngineSettings:
    select: tuple[str, ...] = ()  # codes or prefixes; empty means all
    ignore: tuple[str, ...] = ()
    severity: dict = field(default_factory=dict)  # code -> severity
    rule_options: dict = field(default_factory=dict)  # code -> {option: value}
    baseline: frozenset[str] = frozenset()  # fingerprints to suppress


def _matches(code: str, patterns: tuple[str, ...]) -> bool:
    return any(code.startswith(pattern.upper()) for pattern in patterns)


# Radon 16 counts the generator conditions of the select-beats-ignore rule; the logic is the one
# documented rule of ruff's.
def select_rules(rules: list[type[Rule]], settings: EngineSettings) -> list[type[Rule]]:
    known = {rule.code for rule in rules}
    for pattern in (*settings.select, *settings.ignore, *settings.severity, *settings.rule_options):
        if not any(code.startswith(pattern.upper()) for code in known):
            raise UsageError(msg("no rule matches {pattern!r}; see 'checker rules' for the codes", pattern=pattern))
    chosen = [rule for rule in rules if not settings.select or _matches(rule.code, settings.select)]
    # A more specific select beats a broader ignore (ruff's convention): --select TOC001 --ignore TOC.
    return [
        rule
        for rule in chosen
        if not _matches(rule.code, settings.ignore)
        or (settings.select and max(len(p) for p in settings.select if rule.code.startswith(p.upper()))
            > max(len(p) for p in settings.ignore if rule.code.startswith(p.upper())))
    ]


def _rule_options(rule: type[Rule], settings: EngineSettings) -> dict:
    given = settings.rule_options.get(rule.code, {})
    options = {}
    for key, value in given.items():
        if key not in rule.options:
            raise UsageError(msg("rule {code} has no option {key!r}; options: {options}", code=rule.code, key=key, options=', '.join(rule.options) or 'none'))
        options[key] = rule.options[key].coerce(value, f"option {key} of {rule.code}")
    return options


# Branchy (radon 20): the per-rule skip reasons, severity overrides and baseline filtering are one
# pass over the findings; splitting them would walk the findings three times.
def run_rules(
    documents: list[Document],
    rules: list[type[Rule]],
    settings: EngineSettings = EngineSettings(),
    previous: Document | None = None,
) -> tuple[list[Finding], Summary]:
    """Run each rule on each document; return sorted findings and a summary."""
    summary = Summary(files=len(documents))
    findings: list[Finding] = []
    keys: list[str] = []
    for severity in settings.severity.values():
        check_severity(severity)
    # Shared views are computed once per document, whichever rule asks first.
    analyses = [Analysis(document) for document in documents]
    previous_analysis = Analysis(previous) if previous is not None else None
    has_body = [document.has_body for document in documents]  # a walk of the tree: once, not once per rule
    for rule_class in rules:
        options = _rule_options(rule_class, settings)
        severity = settings.severity.get(rule_class.code, rule_class.severity)
        if rule_class.cross_edition and previous is None:
            summary.skipped_rules.append((rule_class.code, msg("needs the previous edition (--previous OLD)")))
            continue
        ran = False
        for document, analysis, document_has_body in zip(documents, analyses, has_body):
            reason = _page_skip_reason(rule_class, document)
            if reason:
                summary.skipped_rules.append((rule_class.code, reason))
                continue
            if rule_class.needs_body and not document_has_body:
                summary.skipped_rules.append((rule_class.code, msg("{path} has no body (an outline or a contents page alone)", path=document.path)))
                continue
            ran = True
            rule = rule_class(document, previous, options, analysis=analysis, previous_analysis=previous_analysis)
            for draft in rule.check():
                finding_severity = draft.severity or severity
                if draft.severity and rule_class.code in settings.severity:
                    finding_severity = settings.severity[rule_class.code]
                findings.append(
                    Finding(
                        rule=rule_class.code,
                        name=rule_class.name,
                        severity=finding_severity,
                        message=draft.message,
                        location=document.pinpoint(draft.location, draft.excerpt),
                        related=tuple(draft.related),
                        excerpt=draft.excerpt,
                        expected=draft.expected,
                        fix=tuple(draft.fix),
                    )
                )
                keys.append(draft.key or f"{draft.message}\x1f{draft.excerpt}")
        summary.rules_run += int(ran)
    order = sorted(range(len(findings)), key=lambda index: findings[index].sort_key)
    findings = fingerprint_findings([findings[i] for i in order], [keys[i] for i in order])
    kept = [finding for finding in findings if finding.fingerprint not in settings.baseline]
    summary.suppressed_by_baseline = len(findings) - len(kept)
    for finding in kept:
        summary.counts[finding.severity] += 1
    return kept, summary


def _page_skip_reason(rule_class, document) -> str | None:
    """Why a page rule cannot run on this document, or None when it can."""
    needs = rule_class.needs_pages or rule_class.needs_exact_pages
    if needs and not document.has_pages:
        if document.raw.source_kind == "docx":
            return msg("{path} has no page information (a Word file that records no page breaks); use the PDF", path=document.path)
        return msg("{path} has no page information (text without form feeds); use the PDF", path=document.path)
    if rule_class.needs_exact_pages and document.raw.page_estimated:
        return msg("{path} has estimated page numbers only (a Word file); use the PDF", path=document.path)
    return None
