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

from checker.diff.numbering import numbering_note
from checker.hookspecs import hookimpl
from checker.outputs import DiffFormat
from checker.diff import (
    ADDED,
    BUDGET_CHANGED,
    BUDGET_ENDED,
    BUDGET_NEW,
    CHANGE_KINDS,
    ITEM_REQUEST,
    MERGED,
    MODIFIED,
    MOVED,
    NO_AMOUNT,
    PART_OF,
    REMOVED,
    RENAMED,
    SPLIT,
    UNCHANGED,
    EditionDiff,
    regrouping_detail,
)
from checker.diff.contents import CONTENTS_KINDS, RETITLED

from checker.i18n import KIND_TERMS, N_, Translator, active, msg
from checker.reports.display import MARK_CLOSE, MARK_OPEN, chapter_label, pad, table, where

JSON_FORMAT_VERSION = 1

# The text report's labels for programmes without a figure, and its 再掲 mark.
WITHOUT_FIGURE_WORDS = {ITEM_REQUEST: "事項要求", PART_OF: "の内数", NO_AMOUNT: N_("no amount")}
SET_ASIDE_NOTE = N_("without a figure in an edition, not in either total")
REPEAT_MARK = "（再掲）"


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


def _sides(ops) -> tuple[str, str]:
    """Both sides of a character diff, the differing characters between ⟦ ⟧
    (the legend of every findings report), long equal runs shortened."""
    old, new = [], []
    for tag, old_part, new_part in ops:
        if tag == "equal":
            shown = old_part if len(old_part) <= 24 else old_part[:10] + "…" + old_part[-10:]
            old.append(shown)
            new.append(shown)
            continue
        if old_part:
            old.append(f"{MARK_OPEN}{old_part}{MARK_CLOSE}")
        if new_part:
            new.append(f"{MARK_OPEN}{new_part}{MARK_CLOSE}")
    return "".join(old), "".join(new)


STATUS_WORDS = {
    UNCHANGED: N_("unchanged"), MODIFIED: N_("modified"), RENAMED: N_("renamed"), MOVED: N_("moved"),
    ADDED: N_("added"), REMOVED: N_("removed"), BUDGET_NEW: N_("new"), BUDGET_ENDED: N_("ended"), BUDGET_CHANGED: N_("changed"),
    SPLIT: N_("split"), MERGED: N_("merged"), RETITLED: N_("retitled"),
}


def render_diff_text(diff: EditionDiff, lang: str | None = None) -> str:
    """A readable summary: counts, every structural and text change, the budget
    (``lang`` defaults to the command line's language)."""
    translate = Translator(lang or active().lang)
    out: list[str] = [translate.format(N_("old: {path}  ({title})"), path=diff.old_path, title=diff.old_title),
                      translate.format(N_("new: {path}  ({title})"), path=diff.new_path, title=diff.new_title)]
    for side, label in ((N_("old edition"), diff.old_synthetic_label), (N_("new edition"), diff.new_synthetic_label)):
        if label:
            out.append(translate.format(N_("*** the {side} is SYNTHETIC, not a real booklet: {label}"), side=msg(side), label=label))
    out.append(translate(N_("⟦ ⟧ marks the characters that differ between the editions.")))
    out.append("")
    out.extend(_diff_counts(diff, translate))
    out.extend(_diff_structure(diff, translate))
    out.extend(_diff_contents(diff, translate))
    out.extend(_diff_text_changes(diff, translate))
    out.extend(_diff_budget(diff, translate))
    return "\n".join(out) + "\n"


def _word(status: str, translate: Translator, width: int = 0) -> str:
    return pad(translate(STATUS_WORDS.get(status, status)), width)


def _diff_counts(diff: EditionDiff, translate: Translator) -> list[str]:
    counts, text, budget = diff.heading_counts(), diff.text_counts(), diff.budget_counts()
    items = translate(N_(", ")).join(translate.format(N_("{count} {status}"), count=counts[kind], status=msg(STATUS_WORDS[kind]))
                                     for kind in CHANGE_KINDS)
    out = [translate.format(N_("headings: {counts}"), counts=items),
           translate.format(N_("text: {modified} reworded, {added} added, {removed} removed"),
                            modified=text[MODIFIED], added=text[ADDED], removed=text[REMOVED]),
           translate.format(N_("programmes: {new} new, {ended} ended, {changed} changed, {unchanged} unchanged; {mismatch} prior-year mismatch(es)"),
                            new=budget["new"], ended=budget["ended"], changed=budget["changed"], unchanged=budget["unchanged"],
                            mismatch=budget["prior_mismatch"])]
    apart = diff.budget_apart_counts()
    out.append("  " + translate.format(N_("{count} programme(s) {note}; {repeats} 再掲 copies not counted"),
                                       count=apart["without_figure"], note=msg(SET_ASIDE_NOTE), repeats=apart["repeats"]))
    if not diff.prior_year_compared:
        out.append("  " + translate(N_("(prior-year figures not compared: NEW does not look like the edition after OLD)")))
    if diff.numbering:
        out.append(numbering_note(diff.numbering, translate))
    return out


def _diff_structure(diff: EditionDiff, translate: Translator) -> list[str]:
    structural = [node for node in diff.counted_headings() if node.status != "unchanged"]
    if not structural:
        return []
    out = ["", translate(N_("structure:"))]
    for node in structural:
        ref = node.ref
        kind = pad(translate(msg(KIND_TERMS.get(node.kind, node.kind))), 8)
        if node.regrouping is not None:
            out.extend(_regrouping_lines(diff, node, kind, translate))
            continue
        if node.status in (ADDED, REMOVED):
            out.append(f"  {_word(node.status, translate, 8)} {kind} {ref.label}  [{where(ref.location, translate)}]")
            continue
        for aspect in (MOVED, RENAMED):
            if aspect not in node.aspects:
                continue
            if aspect == MOVED:
                detail = f"{' > '.join(node.old.path)}  ->  {' > '.join(node.new.path)}"
                out.append(f"  {_word(aspect, translate, 8)} {kind} {node.new.label}: {detail}  [{where(node.new.location, translate)}]")
                continue
            out.append(f"  {_word(aspect, translate, 8)} {kind} {node.new.label}  [{where(node.new.location, translate)}]")
            out.extend(_old_new(node.title_ops, translate))
    return out


def _regrouping_lines(diff: EditionDiff, node, kind: str, translate: Translator) -> list[str]:
    """A split or merge on one line, then each heading that moved with it."""
    regrouping = node.regrouping
    first = (regrouping.news + regrouping.olds)[0]
    out = [f"  {_word(regrouping.kind, translate, 8)} {kind} {regrouping_detail(regrouping)}  [{where(first.location, translate)}]"]
    for moved in diff.moved_with(regrouping):
        out.append("           " + translate.format(N_("moved with it: {old} -> {new}"), old=moved.old.label, new=moved.new.label)
                   + f"  [{where(moved.new.location, translate)}]")
    return out


def _diff_contents(diff: EditionDiff, translate: Translator) -> list[str]:
    """The contents compared: counts, then each changed entry (page numbers only counted)."""
    counts = diff.contents_counts()
    out = ["", translate.format(N_("contents: {added} added, {removed} removed, {retitled} retitled, {moved} moved; "
                                   "{pages} page number(s) changed (information)"),
                                added=counts["added"], removed=counts["removed"], retitled=counts["retitled"],
                                moved=counts["moved"], pages=counts["page_changed"])]
    for change in diff.contents:
        if change.status == UNCHANGED:
            continue
        old, new = change.old, change.new
        detail = change.ref.title
        if old is not None and new is not None:
            detail = f"{old.title} -> {new.title}" if RETITLED in change.aspects else new.title
            if MOVED in change.aspects:
                detail += "  " + translate.format(N_("(under {old} -> {new})"), old=old.parent, new=new.parent)
        regrouping = diff.contents_regrouping(change)
        if regrouping is not None:
            detail += "  " + translate.format(N_("(part of the {kind} {detail})"), kind=msg(STATUS_WORDS[regrouping.kind]),
                                              detail=regrouping_detail(regrouping))
        level = pad(translate(msg(KIND_TERMS.get(change.ref.level, change.ref.level))), 8)
        out.append(f"  {_word(change.status, translate, 8)} {level} {detail}  [{where(change.ref.location, translate)}]")
    return out


def _diff_text_changes(diff: EditionDiff, translate: Translator) -> list[str]:
    changes = diff.text_changes()
    if not changes:
        return []
    out = ["", translate(N_("text:"))]
    for node, change in changes:
        out.append(f"  {node.ref.label}  [{where(change.new_location or change.old_location, translate)}]")
        if change.status == MODIFIED:
            out.extend(_old_new(change.ops, translate))
        elif change.status == ADDED:
            out.append(f"    + {change.new_text}")
        else:
            out.append(f"    - {change.old_text}")
    return out


def _old_new(ops, translate: Translator) -> list[str]:
    old, new = _sides(ops)
    return ["    " + translate.format(N_("old: {text}"), text=old), "    " + translate.format(N_("new: {text}"), text=new)]


def _diff_budget(diff: EditionDiff, translate: Translator) -> list[str]:
    out = ["", translate.format(N_("budget totals per chapter ({unit}; 再掲, の内数 and 財投 not summed):"), unit=diff.old_unit)]
    set_aside = "  " + translate(SET_ASIDE_NOTE)
    rows = []
    for total in diff.totals:
        rows.append([chapter_label(total.label), _amount(total.old_total), _amount(total.new_total), _signed(total.change), _rate(total.rate)])
        if total.old_set_aside or total.new_set_aside:
            rows.append([set_aside, _set_aside(total.old_set_aside, total.old_set_aside_amount),
                         _set_aside(total.new_set_aside, total.new_set_aside_amount), "", ""])
    rows.append([translate(N_("total")), _amount(diff.old_grand_total), _amount(diff.new_grand_total),
                 _signed(diff.new_grand_total - diff.old_grand_total), ""])
    old_count, new_count = sum(t.old_set_aside for t in diff.totals), sum(t.new_set_aside for t in diff.totals)
    if old_count or new_count:
        rows.append([set_aside, _set_aside(old_count, sum((t.old_set_aside_amount for t in diff.totals), Decimal(0))),
                     _set_aside(new_count, sum((t.new_set_aside_amount for t in diff.totals), Decimal(0))), "", ""])
    out.extend("  " + line for line in table(rows, "<>>>>"))  # aligned by display width
    out.extend(_set_aside_lines(diff, translate))
    largest = diff.largest_changes(10)
    if largest:
        out += ["", translate(N_("largest changes:"))]
        out.extend(f"  {_signed(row.change):>12} {_rate(row.rate):>8}  {_row_status(row, translate)} {row.programme}{_values(row)}"
                   for row in largest)
    listed = [row for row in diff.budget if row.status in (BUDGET_NEW, BUDGET_ENDED, BUDGET_CHANGED) or row.prior_mismatch]
    if listed:
        out += ["", translate(N_("programmes (old -> new, new's prior-year figure):"))]
        for row in listed:
            mark = translate(N_("  ! prior-year figure differs from old amount")) if row.prior_mismatch else ""
            prior = _amount(row.new_prior_amount) if row.new_prior_amount is not None else "-"
            repeat = REPEAT_MARK if row.is_repeat else ""
            out.append(f"  {_word(row.status, translate, 9)} {row.programme}{repeat}: {row.old_amount_text or '-'} -> {row.new_amount_text or '-'} "
                       + translate.format(N_("(prior {prior})"), prior=prior) + mark)
    return out


def _set_aside(count: int, amount: Decimal) -> str:
    return f"{count} ({amount:,})" if amount else str(count)


def _row_status(row, translate: Translator) -> str:
    if row.set_aside:
        return pad(translate(WITHOUT_FIGURE_WORDS[row.without_figure]), 9)
    return _word(row.status, translate, 9)


def _values(row) -> str:
    """For a programme set aside: what each edition prints, since no change is computed."""
    return f"  ({row.old_amount_text or '-'} -> {row.new_amount_text or '-'})" if row.set_aside else ""


def _set_aside_lines(diff: EditionDiff, translate: Translator) -> list[str]:
    rows = diff.set_aside_rows()
    if not rows:
        return []
    out = ["", translate.format(N_("programmes {note} ({count}):"), note=msg(SET_ASIDE_NOTE), count=len(rows))]
    out.extend(f"  {_row_status(row, translate)} {row.programme}: {row.old_amount_text or '-'} -> {row.new_amount_text or '-'}" for row in rows)
    return out


DIFF_FORMATS: dict[str, Callable[[EditionDiff], str | bytes]] = {}


def _html(diff: EditionDiff, lang: str | None = None) -> bytes:
    """The HTML report, labels in ``lang`` (default: the command line's language)."""
    from checker.reports.html import render_diff_html

    return render_diff_html(diff, lang=lang or active().lang)


DIFF_FORMATS.update({"html": _html, "json": render_diff_json, "text": render_diff_text})


DESCRIPTIONS = {
    "html": "a self-contained HTML report for editors",
    "json": "everything the HTML report shows, as JSON",
    "text": "a plain-text summary for people",
}


@hookimpl
def checker_diff_formats() -> list[DiffFormat]:
    return [DiffFormat(name, DESCRIPTIONS.get(name, ""), render) for name, render in DIFF_FORMATS.items()]


def render_diff(diff: EditionDiff, fmt: str, lang: str | None = None) -> bytes:
    """Render a diff in the named format, as UTF-8 bytes."""
    if fmt not in DIFF_FORMATS:
        from checker.errors import UsageError

        raise UsageError(msg("unknown format {fmt!r}; known: {known}", fmt=fmt, known=', '.join(DIFF_FORMATS)))
    result = DIFF_FORMATS[fmt](diff) if fmt == "json" else DIFF_FORMATS[fmt](diff, lang)
    return result if isinstance(result, bytes) else result.encode("utf-8")
