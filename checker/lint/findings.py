"""Findings: what a rule reports, as frozen dataclasses with a stable order."""

from __future__ import annotations

from checker.i18n import msg

import hashlib
from dataclasses import dataclass, field, replace

from checker.booklet.location import Location
from checker.lint.fixes import Edit

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


def check_severity(value: str) -> str:
    if value not in SEVERITY_RANK:
        from checker.errors import UsageError

        raise UsageError(msg("unknown severity {value!r}; known: {known}", value=value, known=', '.join(SEVERITIES)))
    return value


def exit_code(findings: list["Finding"], fail_on: str) -> int:
    """1 when a finding reaches the --fail-on severity, else 0 (always 0 for ``never``)."""
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[check_severity(fail_on)]
    return 1 if any(SEVERITY_RANK[finding.severity] >= threshold for finding in findings) else 0


@dataclass(frozen=True)
class Finding:
    """One problem a rule found.

    ``message`` never contains the code. ``excerpt`` quotes the original text at
    ``location`` verbatim; ``expected`` is the text it should match (the TOC
    title, the original of a repeat), so reports can mark the differing
    characters. ``fingerprint`` does not depend on line numbers, so it survives
    edits elsewhere in the document (baselines rely on this).
    """

    rule: str
    name: str
    severity: str
    message: str
    location: Location
    related: tuple[Location, ...] = ()
    excerpt: str = ""
    expected: str | None = None
    fingerprint: str = ""
    fix: tuple[Edit, ...] = ()  # a mechanical fix (checker.lint.fixes); empty when it needs judgement

    @property
    def sort_key(self) -> tuple:
        loc = self.location
        return (
            loc.path,
            loc.page if loc.page is not None else -1,
            loc.line if loc.line is not None else -1,
            self.rule,
            self.message,
        )

    def to_dict(self) -> dict:
        data = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.to_dict(),
            "related": [related.to_dict() for related in self.related],
            "excerpt": self.excerpt,
            "fingerprint": self.fingerprint,
        }
        if self.expected is not None:
            data["expected"] = self.expected
        if self.fix:
            data["fix"] = [edit.to_dict() for edit in self.fix]
        return data


@dataclass(frozen=True)
class Draft:
    """What a rule yields; the engine adds code, name, severity and fingerprint."""

    message: str
    location: Location
    related: tuple[Location, ...] = ()
    excerpt: str = ""
    expected: str | None = None
    key: str = ""  # what identifies this finding for its fingerprint; default: excerpt + message
    severity: str | None = None  # a rule may lower or raise one finding (e.g. captions)
    fix: tuple[Edit, ...] = ()  # only for findings that need no judgement


def fingerprint_findings(findings: list[Finding], keys: list[str]) -> list[Finding]:
    """Give each finding a fingerprint from (rule, key, occurrence).

    The file's name and path are left out, so a baseline survives renaming
    案.pdf to 最終版.pdf and applies to the booklet's text as to its PDF;
    occurrences are still counted per file.
    """
    seen: dict[tuple, int] = {}
    result = []
    for finding, key in zip(findings, keys):
        base = (finding.rule, key)
        counter = (finding.location.path, *base)
        occurrence = seen.get(counter, 0)
        seen[counter] = occurrence + 1
        digest = hashlib.sha256("\x1f".join([*base, str(occurrence)]).encode("utf-8")).hexdigest()[:20]
        result.append(replace(finding, fingerprint=digest))
    return result


@dataclass
class Summary:
    files: int = 0
    rules_run: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {severity: 0 for severity in SEVERITIES})
    suppressed_by_baseline: int = 0
    suppressed_by_config: int = 0  # [[suppress]] entries of the configuration
    skipped_rules: list[tuple[str, str]] = field(default_factory=list)  # (code, reason)

    def to_dict(self) -> dict:
        return {
            "files": self.files,
            "rules_run": self.rules_run,
            "findings": sum(self.counts.values()),
            "by_severity": dict(self.counts),
            "suppressed_by_baseline": self.suppressed_by_baseline,
            **({"suppressed_by_config": self.suppressed_by_config} if self.suppressed_by_config else {}),
            "skipped_rules": [{"rule": code, "reason": reason} for code, reason in self.skipped_rules],
        }
