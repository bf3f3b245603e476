"""``checker check --fix``: apply the mechanical fixes findings carry to text input.

The corrected text goes to a new file (``booklet.txt`` -> ``booklet.fixed.txt``,
or ``-o``), or as a unified diff to standard output (``--diff``); the input is
written only with ``--in-place``. Findings that need judgement carry no fix
and are never touched. A PDF cannot be rewritten: its fixes are shown as
suggestions in the reports instead.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from checker.i18n import N_, active, msg
from checker.errors import UsageError
from checker.lint.findings import SEVERITIES, Finding
from checker.lint.fixes import Edit, apply_edits

MESSAGES = {
    "modifiers_without_fix": N_("--diff and --in-place go with --fix"),
    "diff_and_in_place": N_("--fix takes --diff or --in-place, not both"),
    "output_and_in_place": N_("--fix --in-place writes the input; -o names another file"),
    "output_for_many": N_("--fix -o takes one input file; without -o each FILE is fixed into FILE.fixed.txt"),
    "pdf": N_("{path}: --fix rewrites text files only; a PDF's fixes are shown as suggestions in the report"),
    "office": N_("{path}: --fix rewrites text files only; make a PowerPoint or Word file's fixes in PowerPoint or Word (the report shows them as suggestions)"),
    "fixed": N_("checker: {path}: fixed {count} finding(s){target}"),
}


@dataclass(frozen=True)
class FixedText:
    path: str
    original: str
    fixed: str
    encoding: str
    applied: tuple[Edit, ...]


def check_fix_arguments(args, documents) -> None:
    if not args.fix:
        if args.diff or args.in_place:
            raise UsageError(msg(MESSAGES["modifiers_without_fix"]))
        return
    if args.diff and args.in_place:
        raise UsageError(msg(MESSAGES["diff_and_in_place"]))
    if args.output and args.in_place:
        raise UsageError(msg(MESSAGES["output_and_in_place"]))
    if args.output and len(documents) > 1:
        raise UsageError(msg(MESSAGES["output_for_many"]))
    for document in documents:
        if document.raw.source_kind in ("pptx", "docx"):
            raise UsageError(msg(MESSAGES["office"], path=document.path))
        if document.raw.source_kind != "text":
            raise UsageError(msg(MESSAGES["pdf"], path=document.path))


def fix_text(document, findings: list[Finding]) -> FixedText:
    """The document's file with the edits of its findings made."""
    from checker.reading.readers import decode_text

    with open(document.path, "rb") as handle:
        data = handle.read()
    original, encoding = decode_text(data, document.path, document.raw.encoding)
    edits = [edit for finding in findings if finding.location.path == document.path for edit in finding.fix]
    fixed, applied = apply_edits(original, edits)
    return FixedText(document.path, original, fixed, encoding, tuple(applied))


def fixed_path(path: str) -> str:
    stem, suffix = os.path.splitext(path)
    return f"{stem}.fixed{suffix or '.txt'}"


def unified_diff(result: FixedText) -> str:
    import difflib  # only --fix --diff needs it

    return "".join(difflib.unified_diff(
        result.original.splitlines(keepends=True), result.fixed.splitlines(keepends=True),
        fromfile=result.path, tofile=f"{result.path} (fixed)",
    ))


def run_fix(args, documents, findings: list[Finding], summary) -> list[Finding]:
    """Fix each document as the arguments say; return the findings left unfixed
    (the summary's counts follow them)."""
    from checker.atomic import write_atomic

    applied: set[Edit] = set()
    for document in documents:
        result = fix_text(document, findings)
        applied.update(result.applied)
        if args.diff:
            sys.stdout.write(unified_diff(result))
            target = ""
        else:
            target_path = document.path if args.in_place else (args.output or fixed_path(document.path))
            write_atomic(target_path, result.fixed.encode(result.encoding), inputs=[] if args.in_place else [d.path for d in documents])
            target = f" -> {target_path}"
        count = sum(1 for f in findings if f.location.path == document.path and f.fix and set(f.fix) <= set(result.applied))
        print(active().format(MESSAGES["fixed"], path=document.path, count=count, target=target), file=sys.stderr)
    remaining = [finding for finding in findings if not (finding.fix and set(finding.fix) <= applied)]
    summary.counts.update({severity: sum(1 for f in remaining if f.severity == severity) for severity in SEVERITIES})
    return remaining

