"""Renderers of an edition diff: JSON for machines, text for people.

Pure functions from an ``EditionDiff`` to text; the HTML report lives in
``checker.reports.html``. All three are registered through the
``checker_diff_formats`` hook; ``render_diff`` picks a built-in one by name
and returns bytes.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Callable

from checker.hookspecs import hookimpl
from checker.outputs import DiffFormat
from checker.diff import (
    ADDED,
    BUDGET_CHANGED,
    BUDGET_ENDED,
    BUDGET_NEW,
    CHANGE_KINDS,
    MODIFIED,
    MOVED,
    REMOVED,
    RENAMED,
    EditionDiff,
)

JSON_FORMAT_VERSION = 1


def render_diff_json(diff: EditionDiff) -> str:
    """Everything the HTML report shows, as JSON (amounts as exact decimal strings)."""
    data = {"format": "checker-edition-diff", "version": JSON_FORMAT_VERSION, **diff.to_dict()}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _amount(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return f"{value:,}"


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return f"{value:+,}"


def _rate(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return f"{value * 100:+.1f}%"


def _where(location) -> str:
    if location is None:
        return ""
    parts = []
    if location.page is not None:
        parts.append(f"p.{location.page}" + (" (est.)" if getattr(location, "page_estimated", False) else ""))
    if location.line is not None:
        parts.append(f"line {location.line}")
    if getattr(location, "source_ref", None):
        parts.append(f"({location.source_ref})")
    return " ".join(parts)


def _marked(ops) -> str:
    """A character diff on one line: [-deleted-]{+inserted+}, long equal runs shortened."""
    parts = []
    for tag, old_part, new_part in ops:
        if tag == "equal":
            parts.append(old_part if len(old_part) <= 24 else old_part[:10] + "…" + old_part[-10:])
            continue
        if old_part:
            parts.append(f"[-{old_part}-]")
        if new_part:
            parts.append(f"{{+{new_part}+}}")
    return "".join(parts)


# Long (81 lines, radon 31): the text report's sections in order; each section is a short loop over
# the diff.
def render_diff_text(diff: EditionDiff) -> str:
    """A readable summary: counts, every structural and text change, the budget."""
    out: list[str] = []
    out.append(f"old: {diff.old_path}  ({diff.old_title})")
    out.append(f"new: {diff.new_path}  ({diff.new_title})")
    for side, label in (("old", diff.old_synthetic_label), ("new", diff.new_synthetic_label)):
        if label:
            out.append(f"*** the {side} edition is SYNTHETIC, not a real booklet: {label}")
    out.append("")
    counts = diff.heading_counts()
    out.append("headings: " + ", ".join(f"{counts[kind]} {kind}" for kind in CHANGE_KINDS))
    text = diff.text_counts()
    out.append(f"text: {text[MODIFIED]} reworded, {text[ADDED]} added, {text[REMOVED]} removed")
    budget = diff.budget_counts()
    out.append(
        f"programmes: {budget['new']} new, {budget['ended']} ended, {budget['changed']} changed, "
        f"{budget['unchanged']} unchanged; {budget['prior_mismatch']} prior-year mismatch(es)"
    )
    if not diff.prior_year_compared:
        out.append("  (prior-year figures not compared: NEW does not look like the edition after OLD)")

    structural = [node for node in diff.counted_headings() if node.status != "unchanged"]
    if structural:
        out.append("")
        out.append("structure:")
        for node in structural:
            ref = node.ref
            if node.status in (ADDED, REMOVED):
                out.append(f"  {node.status:<8} {node.kind:<8} {ref.label}  [{_where(ref.location)}]")
                continue
            for aspect in (MOVED, RENAMED):
                if aspect not in node.aspects:
                    continue
                if aspect == RENAMED:
                    detail = _marked(node.title_ops)
                else:
                    detail = f"{' > '.join(node.old.path)}  ->  {' > '.join(node.new.path)}"
                out.append(f"  {aspect:<8} {node.kind:<8} {node.new.label}: {detail}  [{_where(node.new.location)}]")
    changes = diff.text_changes()
    if changes:
        out.append("")
        out.append("text:")
        for node, change in changes:
            where = _where(change.new_location or change.old_location)
            out.append(f"  {node.ref.label}  [{where}]")
            if change.status == MODIFIED:
                out.append(f"    ~ {_marked(change.ops)}")
            elif change.status == ADDED:
                out.append(f"    + {change.new_text}")
            else:
                out.append(f"    - {change.old_text}")

    out.append("")
    out.append(f"budget totals per chapter ({diff.old_unit}; 再掲, の内数 and 財投 not summed):")
    width = max([len(total.label) for total in diff.totals] + [5])
    for total in diff.totals:
        out.append(
            f"  {total.label:<{width}} {_amount(total.old_total):>14} {_amount(total.new_total):>14} "
            f"{_signed(total.change):>14} {_rate(total.rate):>8}"
        )
    out.append(
        f"  {'total':<{width}} {_amount(diff.old_grand_total):>14} {_amount(diff.new_grand_total):>14} "
        f"{_signed(diff.new_grand_total - diff.old_grand_total):>14}"
    )
    largest = diff.largest_changes(10)
    if largest:
        out.append("")
        out.append("largest changes:")
        for row in largest:
            out.append(f"  {_signed(row.change):>12} {_rate(row.rate):>8}  {row.status:<9} {row.programme}")
    listed = [row for row in diff.budget if row.status in (BUDGET_NEW, BUDGET_ENDED, BUDGET_CHANGED) or row.prior_mismatch]
    if listed:
        out.append("")
        out.append("programmes (old -> new, new's prior-year figure):")
        for row in listed:
            mark = "  ! prior-year figure differs from old amount" if row.prior_mismatch else ""
            old = row.old_amount_text or "-"
            new = row.new_amount_text or "-"
            prior = _amount(row.new_prior_amount) if row.new_prior_amount is not None else "-"
            out.append(f"  {row.status:<9} {row.programme}: {old} -> {new} (prior {prior}){mark}")
    return "\n".join(out) + "\n"


DIFF_FORMATS: dict[str, Callable[[EditionDiff], str | bytes]] = {}


def _html(diff: EditionDiff) -> bytes:
    from checker.reports.html import render_diff_html

    return render_diff_html(diff)


DIFF_FORMATS.update({"html": _html, "json": render_diff_json, "text": render_diff_text})


DESCRIPTIONS = {
    "html": "a self-contained HTML report (Japanese labels)",
    "json": "everything the HTML report shows, as JSON",
    "text": "a plain-text summary for people",
}


@hookimpl
def checker_diff_formats() -> list[DiffFormat]:
    return [DiffFormat(name, DESCRIPTIONS.get(name, ""), render) for name, render in DIFF_FORMATS.items()]


def render_diff(diff: EditionDiff, fmt: str) -> bytes:
    """Render a diff in the named format, as UTF-8 bytes."""
    if fmt not in DIFF_FORMATS:
        from checker.errors import UsageError

        raise UsageError(f"unknown format {fmt!r}; known: {', '.join(DIFF_FORMATS)}")
    result = DIFF_FORMATS[fmt](diff)
    return result if isinstance(result, bytes) else result.encode("utf-8")
