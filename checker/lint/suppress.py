"""Suppression in the document's own terms: the configuration names a rule and
the text a finding quotes, instead of a fingerprint from a baseline file::

    [[tool.checker.suppress]]          # [[suppress]] in checker.toml
    rule = "NOT004"                    # a code, or a prefix such as "NOT"
    text = "子ども統計プログラミング教室"    # quoted in the finding's excerpt or message
    reason = "the programme's proper name"   # optional, for the reader of the file

A finding is suppressed when its code starts with ``rule`` and ``text``
occurs in its excerpt, its expected text or its message.
"""

from __future__ import annotations

from checker.i18n import msg

from dataclasses import dataclass

from checker.errors import UsageError
from checker.lint.findings import SEVERITIES, Finding

KEYS = {"rule", "text", "reason"}


@dataclass(frozen=True)
class Suppression:
    rule: str
    text: str
    reason: str = ""

    def matches(self, finding: Finding) -> bool:
        if not finding.rule.startswith(self.rule):
            return False
        return any(self.text in field for field in (finding.excerpt, finding.expected or "", finding.message))


def parse_suppressions(raw: object, where: str) -> list[Suppression]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise UsageError(msg("{where}: 'suppress' must be an array of tables ([[suppress]] with rule and text)", where=where))
    suppressions = []
    for index, table in enumerate(raw, 1):
        if not isinstance(table, dict):
            raise UsageError(msg("{where}: suppress entry {index} is not a table", where=where, index=index))
        unknown = sorted(set(table) - KEYS)
        if unknown:
            raise UsageError(msg("{where}: suppress entry {index} has unknown key(s) {unknown}; known: {known}", where=where, index=index, unknown=', '.join(unknown), known=', '.join(sorted(KEYS))))
        rule, text, reason = table.get("rule"), table.get("text"), table.get("reason", "")
        if not isinstance(rule, str) or not rule.strip() or not isinstance(text, str) or not text:
            raise UsageError(msg("{where}: suppress entry {index} needs 'rule' (a code or prefix) and 'text' (the quoted text)", where=where, index=index))
        if not isinstance(reason, str):
            raise UsageError(msg("{where}: suppress entry {index}: 'reason' must be text", where=where, index=index))
        suppressions.append(Suppression(rule.strip().upper(), text, reason))
    return suppressions


def apply_suppressions(findings: list[Finding], summary, suppressions: list[Suppression]) -> list[Finding]:
    """The findings no suppression matches; the summary counts follow them."""
    if not suppressions:
        return findings
    kept = [finding for finding in findings if not any(s.matches(finding) for s in suppressions)]
    summary.suppressed_by_config = len(findings) - len(kept)
    summary.counts.update({severity: sum(1 for f in kept if f.severity == severity) for severity in SEVERITIES})
    return kept
