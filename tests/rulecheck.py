"""Test harness for rules: run one rule alone on a named variant of the 2020
text, compare with the clean text, and snapshot what it found.

Expected findings are data: ``tests/snapshots/rules/<variant>.json``. Set
``UPDATE_SNAPSHOTS=1`` to (re)write them after checking the change by eye.
"""

from __future__ import annotations

import functools
import json
import os
import pathlib
import sys
from dataclasses import dataclass

from checker.lint.engine import EngineSettings, run_rules
from checker.lint.findings import Finding
from checker.booklet.model import Document
from checker.booklet.parser import parse
from checker.plugins import collect_rules, make_plugin_manager
from checker.reading.readers import text_to_raw

ROOT = pathlib.Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "tests" / "snapshots"
sys.path.insert(0, str(ROOT / "fixtures" / "tools"))
import variants as variant_registry  # noqa: E402

variant_registry.load_all()


@dataclass(frozen=True)
class RuleCase:
    """A rule's firing and silent fixtures, both variants made by script."""

    code: str
    fires: str  # variant name
    silent: str  # variant name ("clean" for the published text itself)
    previous: str | None = None  # variant used as the previous edition (cross-edition rules)


def all_builtin_rules() -> list[type]:
    from checker import rules as builtin

    manager = make_plugin_manager(load_entry_points=False, plugins=[builtin.builtin_plugins])
    return collect_rules(manager)


def rule_by_code(code: str) -> type:
    matches = [rule for rule in all_builtin_rules() if rule.code == code]
    assert matches, f"no built-in rule {code}"
    return matches[0]


@functools.lru_cache(maxsize=64)
def variant_text(name: str) -> str:
    if name in ("clean", "clean-paged"):
        return variant_registry.base_text("paged" if name == "clean-paged" else "text")
    return variant_registry.make(name)


@functools.lru_cache(maxsize=64)
def variant_document(name: str) -> Document:
    chosen = variant_registry.VARIANTS.get(name)
    if chosen is not None and chosen.reader is not None:
        return parse(chosen.reader(variant_text(name), "booklet.txt"))
    return document_from_text(variant_text(name), "booklet.txt")  # one name: fingerprints include it


def document_from_text(text: str, path: str = "variant.txt") -> Document:
    return parse(text_to_raw(text, path))


def run_rule(code: str, document: Document, previous: Document | None = None, options: dict | None = None) -> list[Finding]:
    settings = EngineSettings(rule_options={code: options} if options else {})
    findings, _ = run_rules([document], [rule_by_code(code)], settings, previous)
    return findings


def base_of(name: str) -> str:
    if name.startswith("clean"):
        return name
    return "clean-paged" if variant_registry.VARIANTS[name].base == "paged" else "clean"


def new_findings(code: str, variant: str, previous: str | None = None) -> list[Finding]:
    """Findings on the variant that the clean base text does not have."""
    prev_doc = variant_document(previous) if previous else None
    before = {f.fingerprint for f in run_rule(code, variant_document(base_of(variant)), prev_doc)}
    return [f for f in run_rule(code, variant_document(variant), prev_doc) if f.fingerprint not in before]


def finding_rows(findings: list[Finding]) -> list[dict]:
    return [
        {
            "rule": f.rule,
            "severity": f.severity,
            "page": f.location.page,
            "line": f.location.line,
            "message": f.message,
            "related": [[r.page, r.line] for r in f.related],
        }
        for f in findings
    ]


def assert_snapshot(name: str, rows) -> None:
    path = SNAPSHOTS / f"{name}.json"
    rendered = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
        return
    # A missing snapshot fails: passing while writing it would accept whatever the code does today.
    assert path.exists(), f"snapshot {path} is missing; run the tests with UPDATE_SNAPSHOTS=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert rendered == expected, f"snapshot {path.name} differs:\n--- expected\n{expected}\n--- got\n{rendered}"


def check_case(case: RuleCase) -> None:
    """The firing variant raises new findings of the rule (snapshotted); the
    silent variant raises none at all."""
    fired = new_findings(case.code, case.fires, case.previous)
    assert fired, f"{case.code} did not fire on variant {case.fires!r}"
    assert all(f.rule == case.code for f in fired)
    assert_snapshot(f"rules/{case.code}-{case.fires}", finding_rows(fired))
    prev_doc = variant_document(case.previous) if case.previous else None
    silent = run_rule(case.code, variant_document(case.silent), prev_doc)
    assert not silent, f"{case.code} fired on its silent fixture {case.silent!r}: " + "; ".join(
        f"{f.location}: {f.message}" for f in silent
    )
