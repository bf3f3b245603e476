"""HTML reports for editors: the edition diff and the check findings.

Each report is one self-contained file: inline CSS, one small inline script
(sorting, filtering, expanding), no network requests. The page is built as an
lxml tree, so every piece of document text is escaped by the serialiser,
never pasted into markup. Labels are English message ids (``N_``) translated
at output time into the report's language (``checker.i18n.Translator``).
Both renderers are pure functions returning UTF-8 bytes.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Iterable

from lxml import etree
from lxml import html as lxml_html

from checker.diff.numbering import numbering_note
from checker.i18n import KIND_TERMS, N_, Translator
from checker.diff import (
    ADDED,
    BUDGET_CHANGED,
    BUDGET_ENDED,
    BUDGET_NEW,
    BUDGET_STATUSES,
    BUDGET_UNCHANGED,
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
    BudgetRow,
    EditionDiff,
    NodeDiff,
    TextChange,
    readable_char_diff,
)
from checker.hookspecs import hookimpl
from checker.reports import page_images as pages
from checker.reports.display import where

CHANGE_LABELS = {
    UNCHANGED: N_("unchanged"),
    MODIFIED: N_("modified"),
    RENAMED: N_("renamed"),
    MOVED: N_("moved"),
    ADDED: N_("added"),
    REMOVED: N_("removed"),
    SPLIT: N_("split"),
    MERGED: N_("merged"),
}
TEXT_STATUS_LABELS = {MODIFIED: N_("reworded"), ADDED: N_("sentence added"), REMOVED: N_("sentence removed")}
BUDGET_LABELS = {BUDGET_NEW: N_("new"), BUDGET_ENDED: N_("ended"), BUDGET_CHANGED: N_("changed"), BUDGET_UNCHANGED: N_("same amount")}
SEVERITY_LABELS = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
# The booklet's own notation for a programme without a figure, named as printed in both languages.
WITHOUT_FIGURE_LABELS = {ITEM_REQUEST: "事項要求", PART_OF: "の内数", NO_AMOUNT: N_("no amount")}
SET_ASIDE_LABEL = N_("programmes without a figure (not in the totals)")
SET_ASIDE_NOTE = N_(
    "Programmes without a figure of their own in either edition (事項要求, の内数 and the like) are left out of both "
    "totals and counted apart (the amounts left out in brackets). No change or rate is computed for them."
)
REPEAT_COUNT_LABEL = N_("再掲 (not counted)")
REGROUP_LINK_LABELS = {SPLIT: (N_("split from"), N_("split into")), MERGED: (N_("merged from"), N_("merged into"))}
CONTENTS_LABELS = {"added": N_("added"), "removed": N_("removed"), "retitled": N_("retitled"), "moved": N_("moved")}
PAGE_CHANGE_LABEL = N_("page numbers changed (for information)")
CONTENTS_HEADING = N_("Contents compared")
CONTENTS_COLUMNS = (N_("Change"), N_("Level"), N_("Old edition"), N_("New edition"), N_("Page (old → new)"))
SET_ASIDE_CELL = N_("{count} not in the total")
MOVED_WITH_LABEL = N_("moved with it: {count}")
TO_STRUCTURE_LIST = N_("See in the list of heading changes")
LARGEST_CAPTION = N_("Unit: {unit}. Largest absolute change first (a programme without a figure is ranked by the figure it has).")
SEVERITY_ORDER = ("error", "warning", "info")
UNIT = "億円"  # the booklet's unit, printed as the booklet prints it
COUNT = N_("{count} programme(s)")

# Characters XML cannot carry (control characters, lone surrogates): shown as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


# ---------------------------------------------------------------- tree helpers
def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def el(tag: str, *children, **attributes) -> etree._Element:
    """An element: ``class_`` sets class, ``data_x`` sets data-x; text children are escaped."""
    node = etree.Element(tag)
    for name, value in attributes.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        node.set(name, "" if value is True else _clean(str(value)))
    add(node, *children)
    return node


def add(node: etree._Element, *children) -> etree._Element:
    for child in children:
        if child is None or child is False:
            continue
        if isinstance(child, (list, tuple)):
            add(node, *child)
        elif isinstance(child, str):
            text = _clean(child)
            if len(node):
                node[-1].tail = (node[-1].tail or "") + text
            else:
                node.text = (node.text or "") + text
        else:
            node.append(child)
    return node


def _serialise(root: etree._Element) -> bytes:
    return lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8", method="html") + b"\n"


def _page(title: str, body_class: str, *content, lang: str = "ja", script_extra: str = "", images=None) -> etree._Element:
    root = el("html", lang=lang)
    head = el(
        "head",
        el("meta", charset="utf-8"),
        el("meta", name="viewport", content="width=device-width, initial-scale=1"),
        el("meta", name="color-scheme", content="light"),
        # No request may leave the page, even by accident.
        el("meta", http_equiv="Content-Security-Policy", content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; " + pages.image_policy(images)),
        el("title", title),
        el("style", CSS + (pages.CSS if images is not None else "")),
    )
    body = el("body", class_=body_class)
    add(body, pages.image_library(images), *content)
    add(body, el("script", SCRIPT + script_extra))
    add(root, head, body)
    return root


def _marked(ops, side: str) -> list:
    """One side of a character diff: equal text plain, the other side's changes marked."""
    parts: list = []
    for tag, old_part, new_part in ops:
        if tag == "equal":
            parts.append(old_part)
        elif side == "old" and old_part:
            parts.append(el("del", old_part))
        elif side == "new" and new_part:
            parts.append(el("ins", new_part))
    return parts


def _amount(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,}"


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    if value == 0:
        return "±0"
    return f"{value:+,}"


def _rate(value: Decimal | None) -> str:
    if value is None:
        return "—"
    if value == 0:
        return "±0%"
    return f"{value * 100:+,.1f}%"


def _sort_number(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def _sign_class(value: Decimal | None) -> str | None:
    if value is None or value == 0:
        return None
    return "up" if value > 0 else "down"


def _badge(status: str, label: str, prefix: str = "k") -> etree._Element:
    return el("span", label, class_=f"badge {prefix}-{status}")


def _place(location, t: Translator) -> str:
    """Where a heading or sentence is printed; nothing when the reader knows no place."""
    if location is None or (location.page is None and location.line is None and not getattr(location, "source_ref", None)):
        return ""
    return where(location, t)


def _change_badge(status: str, t: Translator) -> etree._Element:
    return _badge(status, t(CHANGE_LABELS.get(status, status)))


def _kind(kind: str, t: Translator) -> str:
    return t(KIND_TERMS[kind]) if kind in KIND_TERMS else kind


def _without_figure(row: BudgetRow, t: Translator) -> str:
    return t(WITHOUT_FIGURE_LABELS[row.without_figure])


# ------------------------------------------------------------------ the diff
def render_diff_html(diff: EditionDiff, page_images: pages.PageImages | None = None, *, lang: str = "ja") -> bytes:
    """The edition diff as one self-contained HTML page (UTF-8 bytes), labels in ``lang``;
    with ``page_images``, the changed pages of both editions side by side as well."""
    t = Translator(lang)
    with_pages = page_images is not None
    title = t.format(N_("Edition diff: {old} → {new}"), old=os.path.basename(diff.old_path), new=os.path.basename(diff.new_path))
    root = _page(
        title,
        "diff-report",
        _diff_header(diff, t, with_pages),
        el(
            "main",
            _diff_summary(diff, t),
            _diff_structure_list(diff, t, with_pages),
            _diff_contents(diff, t),
            _diff_outline(diff, t),
            _diff_text(diff, t, with_pages),
            pages.diff_pages_section(diff, page_images),
            _diff_budget(diff, t),
        ),
        el(
            "footer",
            el("p", t(N_("Headings are paired level by level (chapter, section, topic, item) by the likeness of their names, "
                         "the agreement of their contents and their order. Page numbers and line breaks are not compared, "
                         "so a place where only the page break or the line wrapping changed is not shown as a change."))),
            el("p", t(N_("Amounts in 億円. The totals leave out programmes marked 再掲, の内数 or 財政投融資, "
                         "and programmes printed again under a (再掲) heading."))),
        ),
        lang=lang,
        images=page_images,
    )
    return _serialise(root)


def _synthetic_banner(labels: list[tuple[str, str, str]], t: Translator | None = None) -> etree._Element | None:
    """The warning that a report shows synthetic data: (side, path, label line) per synthetic file."""
    if not labels:
        return None
    t = t or Translator("ja")
    banner = el("div", class_="synthetic-banner", role="alert", id="synthetic-banner")
    add(banner, el("strong", t(N_("This report contains SYNTHETIC data"))))
    for side, path, label in labels:
        label_line = None if label == os.path.basename(path) else [el("br"), el("span", t(N_("First line: ")), label, class_="label-line")]
        add(banner, el("p", t.format(N_("{side} “{name}” is not a real booklet but synthetic data generated by a program."),
                                     side=side, name=os.path.basename(path)), label_line))
    return banner


def _diff_header(diff: EditionDiff, t: Translator, with_pages: bool = False) -> etree._Element:
    old_label, new_label = t(N_("Old edition")), t(N_("New edition"))
    synthetic = []
    if diff.old_synthetic_label:
        synthetic.append((old_label, diff.old_path, diff.old_synthetic_label))
    if diff.new_synthetic_label:
        synthetic.append((new_label, diff.new_path, diff.new_synthetic_label))
    editions = el("table", class_="editions")
    for label, path, doc_title, is_synthetic in (
        (old_label, diff.old_path, diff.old_title, diff.old_synthetic),
        (new_label, diff.new_path, diff.new_title, diff.new_synthetic),
    ):
        add(
            editions,
            el(
                "tr",
                el("th", label, scope="row"),
                el("td", doc_title, " ", el("span", t(N_("synthetic data")), class_="badge synthetic") if is_synthetic else None),
                el("td", el("code", path)),
            ),
        )
    nav = el(
        "nav",
        el("a", t(N_("Summary")), href="#summary"),
        el("a", t(N_("Heading changes")), href="#structure"),
        el("a", t(N_("Outline side by side")), href="#outline"),
        el("a", t(N_("Text changes")), href="#text"),
        el("a", pages.label("pages"), href="#pages") if with_pages else None,
        el("a", t(N_("Budget table")), href="#budget"),
        class_="jump",
        aria_label=t(N_("Contents")),
    )
    return el("header", el("h1", t(N_("Edition diff"))), _synthetic_banner(synthetic, t), editions, nav, class_="report-head")


def _count_card(title: str, items: list[tuple[str, str, int, str]], card_id: str) -> etree._Element:
    """A card of counts: (key, label, count, css class) per line."""
    listing = el("ul", class_="counts")
    for key, label, count, css in items:
        add(listing, el("li", el("span", label, class_=f"badge {css}"), el("span", str(count), class_="count", data_kind=key, data_count=count), class_="zero" if count == 0 else None))
    return el("div", el("h3", title), listing, class_="card", id=card_id)


def _diff_summary(diff: EditionDiff, t: Translator) -> etree._Element:
    headings = diff.heading_counts()
    text = diff.text_counts()
    budget = diff.budget_counts()
    heading_items = [(kind, t(CHANGE_LABELS[kind]), headings[kind], f"k-{kind}") for kind in (SPLIT, MERGED, RENAMED, MOVED, ADDED, REMOVED, MODIFIED, UNCHANGED)]
    text_items = [(status, t(TEXT_STATUS_LABELS[status]), text[status], f"k-{status}") for status in (MODIFIED, ADDED, REMOVED)]
    budget_items = [(status, t(BUDGET_LABELS[status]), budget[status], f"b-{status}") for status in (BUDGET_NEW, BUDGET_ENDED, BUDGET_CHANGED, BUDGET_UNCHANGED)]
    budget_items.append(("prior_mismatch", t(N_("prior-year figure mismatch")), budget["prior_mismatch"], "b-mismatch"))
    apart = diff.budget_apart_counts()
    budget_items.append(("without_figure", t(SET_ASIDE_LABEL), apart["without_figure"], "b-set-aside"))
    budget_items.append(("repeats", t(REPEAT_COUNT_LABEL), apart["repeats"], "b-repeat"))
    cards = el(
        "div",
        _count_card(t(N_("Headings (chapter, section, topic, item)")), heading_items, "count-headings"),
        _count_card(t(N_("Text")), text_items, "count-text"),
        _count_card(t(N_("Budget programmes")), budget_items, "count-budget"),
        class_="cards",
    )
    notes = [el("p", t(N_("Headings inside an added or removed heading are not counted; only the outermost one is.")), class_="note")]
    if not diff.prior_year_compared:
        notes.append(el("p", t(N_("The new edition does not look like the edition after the old one (both are for the same year), "
                                  "so its prior-year figures are not compared with the old edition's amounts.")), class_="note warn"))
    if diff.numbering:
        notes.append(el("p", numbering_note(diff.numbering, t), class_="note numbering", id="numbering-note"))
    return el(
        "section",
        el("h2", t(N_("Summary"))),
        cards,
        notes,
        el("h3", t(N_("Budget totals by chapter"))),
        _totals_table(diff, t),
        _set_aside_list(diff, t),
        el("h3", t(N_("Largest changes (top 10)"))),
        _largest_table(diff, t),
        id="summary",
    )


def _counted(count: int, t: Translator) -> etree._Element:
    return el("small", t.format(N_("({count} programme(s))"), count=count))


def _number_columns(first: str, t: Translator, *more: str) -> etree._Element:
    labels = (first, N_("Old edition"), N_("New edition"), N_("Difference"), N_("Rate"), *more)
    return el("thead", el("tr", *[el("th", t(label), scope="col") for label in labels]))


def _totals_table(diff: EditionDiff, t: Translator) -> etree._Element:
    table = el("table", class_="numbers totals", id="totals")
    add(
        table,
        el("caption", t.format(N_("Unit: {unit}. The count is the number of programmes in the total."), unit=UNIT)),
        _number_columns(N_("Chapter"), t),
    )
    body = el("tbody")
    for total in diff.totals:
        add(
            body,
            el(
                "tr",
                el("th", total.label, scope="row"),
                el("td", _amount(total.old_total), _counted(total.old_count, t), _set_aside_cell(total.old_set_aside, total.old_set_aside_amount, t)),
                el("td", _amount(total.new_total), _counted(total.new_count, t), _set_aside_cell(total.new_set_aside, total.new_set_aside_amount, t)),
                el("td", _signed(total.change), class_=_sign_class(total.change)),
                el("td", _rate(total.rate), class_=_sign_class(total.change)),
            ),
        )
    change = diff.new_grand_total - diff.old_grand_total
    rate = None if diff.old_grand_total <= 0 else change / diff.old_grand_total
    add(
        table,
        body,
        el(
            "tfoot",
            el(
                "tr",
                el("th", t(N_("total")), scope="row"),
                el("td", _amount(diff.old_grand_total)),
                el("td", _amount(diff.new_grand_total)),
                el("td", _signed(change), class_=_sign_class(change)),
                el("td", _rate(rate), class_=_sign_class(change)),
            ),
            _set_aside_total_row(diff, t),
        ),
    )
    return table


def _set_aside_total_row(diff: EditionDiff, t: Translator) -> etree._Element | None:
    """The programmes left out of both totals, on a line of their own (no change, no rate)."""
    old_count = sum(total.old_set_aside for total in diff.totals)
    new_count = sum(total.new_set_aside for total in diff.totals)
    if not (old_count or new_count):
        return None
    old_amount = sum((total.old_set_aside_amount for total in diff.totals), Decimal(0))
    new_amount = sum((total.new_set_aside_amount for total in diff.totals), Decimal(0))
    return el(
        "tr",
        el("th", t(SET_ASIDE_LABEL), scope="row"),
        el("td", _amount(old_amount), _counted(old_count, t)),
        el("td", _amount(new_amount), _counted(new_count, t)),
        el("td", "—"),
        el("td", "—"),
        class_="set-aside-total",
    )


def _set_aside_cell(count: int, amount: Decimal, t: Translator) -> etree._Element | None:
    if not count:
        return None
    excluded = t(N_(", ")) + _amount(amount) if amount else ""
    return el("div", t.format(SET_ASIDE_CELL, count=count) + excluded, class_="sub set-aside")


def _set_aside_list(diff: EditionDiff, t: Translator) -> list:
    rows = diff.set_aside_rows()
    if not rows:
        return []
    listing = el("ul", class_="set-aside-list", id="set-aside")
    for row in rows:
        amounts = t.format(N_("old {old} → new {new}"), old=row.old_amount_text or "—", new=row.new_amount_text or "—")
        add(listing, el("li", _badge(row.without_figure, _without_figure(row, t), "b"), " ", row.programme, el("span", "　" + amounts, class_="sub")))
    heading = t.format(N_("{label}: {count}"), label=t(SET_ASIDE_LABEL), count=len(rows))
    return [el("h4", heading), el("p", t(SET_ASIDE_NOTE), class_="note"), listing]


def _status_badge(row: BudgetRow, t: Translator) -> etree._Element:
    if row.set_aside:
        return _badge(row.without_figure, _without_figure(row, t), "b")
    return _badge(row.status, t(BUDGET_LABELS[row.status]), "b")


def _largest_table(diff: EditionDiff, t: Translator) -> etree._Element:
    rows = diff.largest_changes(10)
    if not rows:
        return el("p", t(N_("No programme's amount changed.")), class_="empty")
    table = el("table", class_="numbers largest", id="largest")
    add(table, el("caption", t.format(LARGEST_CAPTION, unit=UNIT)), _number_columns(N_("Programme"), t, N_("Status")))
    body = el("tbody")
    for row in rows:
        add(
            body,
            el(
                "tr",
                el("th", row.programme, el("div", row.heading, class_="sub"), scope="row"),
                el("td", row.old_amount_text or "—" if row.set_aside else _amount(row.old_amount)),
                el("td", _amount(row.new_amount) if row.new_amount is not None and not row.set_aside else row.new_amount_text or "—"),
                el("td", _signed(row.change), class_=_sign_class(row.change)),
                el("td", _rate(row.rate), class_=_sign_class(row.change)),
                el("td", _status_badge(row, t)),
            ),
        )
    add(table, body)
    return table


# ------------------------------------------------------------ structure list
def _diff_structure_list(diff: EditionDiff, t: Translator, with_pages: bool = False) -> etree._Element:
    """Every renamed, moved, added and removed heading in one table, linked to the outline."""
    section = el("section", el("h2", t(N_("Heading changes"))), id="structure")
    nodes = [node for node in diff.counted_headings() if node.aspects & {RENAMED, MOVED, ADDED, REMOVED, SPLIT, MERGED}]
    if not nodes:
        add(section, el("p", t(N_("No heading was renamed, moved, added or removed.")), class_="empty"))
        return section
    add(section, el("p", t(N_("Headings under an added or removed heading are left out of this table (the outline shows them).")), class_="note"))
    table = el("table", class_="numbers structure", id="structure-table")
    columns = (N_("Change"), N_("Level"), N_("Old edition"), N_("New edition"), N_("Position (old → new)"))
    add(table, el("thead", el("tr", *[el("th", t(label), scope="col") for label in columns])))
    body = el("tbody")
    for node in nodes:
        add(body, _regrouping_row(diff, node, t) if node.regrouping is not None else _structure_row(node, t, with_pages))
    add(table, body)
    add(section, el("div", table, class_="table-wrap"))
    return section


def _structure_row(node: NodeDiff, t: Translator, with_pages: bool = False) -> etree._Element:
    badges = [(_change_badge(aspect, t), " ") for aspect in (MOVED, RENAMED, ADDED, REMOVED, MODIFIED) if aspect in node.aspects]
    old_cell = el("td", class_="text")
    new_cell = el("td", class_="text")
    for cell, ref, side in ((old_cell, node.old, "old"), (new_cell, node.new, "new")):
        if ref is None:
            add(cell, el("span", "—", class_="absent"))
            continue
        if ref.number:
            add(cell, el("span", ref.number, class_="number"), " ")
        add(cell, _marked(node.title_ops, side) if node.title_ops else ref.title)
    position = el("td", class_="text")
    if MOVED in node.aspects:
        add(position, el("div", " › ".join(node.old.path), class_="sub"), el("div", "→ ", " › ".join(node.new.path), class_="sub"))
    else:
        add(position, el("div", " › ".join(node.ref.path), class_="sub"))
    add(position, el("a", t(N_("See in the outline")), href=f"#{node.anchor}", class_="to-outline"))
    if with_pages:
        add(position, " ", el("a", pages.label("to_pages"), href=f"#{pages.pages_anchor(node)}", class_="to-pages"))
    return el("tr", el("td", badges, class_="text"), el("td", _kind(node.kind, t), class_="text"), old_cell, new_cell, position, data_status=node.status)


def _ref_links(refs, anchors, skip: str | None = None) -> list:
    links = []
    for ref, anchor in zip(refs, anchors):
        # This very heading (the kept pair of a split or merge) is named, not linked.
        links.append((el("span", ref.label, class_="this") if anchor == skip else el("a", ref.label, href=f"#{anchor}"), " "))
    return links


def _regrouping_row(diff: EditionDiff, node: NodeDiff, t: Translator) -> etree._Element:
    """One split or merge: its headings on both sides, linked, and what moved with it."""
    regrouping = node.regrouping
    old_cell = el("td", _ref_links(regrouping.olds, regrouping.old_anchors), class_="text")
    new_cell = el("td", _ref_links(regrouping.news, regrouping.new_anchors), class_="text")
    position = el("td", el("div", " › ".join((regrouping.news + regrouping.olds)[0].path), class_="sub"), class_="text")
    moved = diff.moved_with(regrouping)
    if moved:
        add(position, el("div", t.format(MOVED_WITH_LABEL, count=len(moved)), class_="sub"))
        add(position, el("ul", [el("li", el("a", child.new.label, href=f"#{child.anchor}")) for child in moved], class_="moved-with"))
    add(position, el("a", t(N_("See in the outline")), href=f"#{node.anchor}", class_="to-outline"))
    return el("tr", el("td", _change_badge(regrouping.kind, t), class_="text"), el("td", _kind(node.kind, t), class_="text"),
              old_cell, new_cell, position, data_status=regrouping.kind, id=f"r-{regrouping.anchor}")


def _regrouping_extra(node: NodeDiff, t: Translator) -> etree._Element:
    """Under a heading taking part in a split or merge: links to the other headings, both ways."""
    regrouping = node.regrouping
    before, after = REGROUP_LINK_LABELS[regrouping.kind]
    return el(
        "div",
        t(CHANGE_LABELS[regrouping.kind]), "　", t.format(N_("{label}: "), label=t(before)),
        _ref_links(regrouping.olds, regrouping.old_anchors, node.anchor),
        t(N_(" / ")), t.format(N_("{label}: "), label=t(after)), _ref_links(regrouping.news, regrouping.new_anchors, node.anchor),
        class_="regrouped",
    )


def _diff_contents(diff: EditionDiff, t: Translator) -> etree._Element:
    """The contents (目次) compared entry by entry; page numbers apart, as information."""
    section = el("section", el("h2", t(CONTENTS_HEADING)), id="contents")
    counts = diff.contents_counts()
    add(section, el("p", t.format(N_("{added} added, {removed} removed, {retitled} retitled, {moved} moved. {pages} with a changed page number (for information)."),
                                  added=counts["added"], removed=counts["removed"], retitled=counts["retitled"], moved=counts["moved"],
                                  pages=counts["page_changed"]), class_="note"))
    changed = [change for change in diff.contents if change.status != "unchanged"]
    if changed:
        table = el("table", class_="numbers contents-table", id="contents-table")
        add(table, el("thead", el("tr", *[el("th", t(label), scope="col") for label in CONTENTS_COLUMNS])))
        body = el("tbody")
        for change in changed:
            cells = [el("td", _contents_entry(ref), class_="text") for ref in (change.old, change.new)]
            pages = el("td", f"{_page_of(change.old)} → {_page_of(change.new)}")
            regrouping = diff.contents_regrouping(change)
            status = [_badge(change.status, t(CONTENTS_LABELS[change.status]))]
            if regrouping is not None:
                status += [" ", el("a", _change_badge(regrouping.kind, t), href=f"#r-{regrouping.anchor}", title=t(TO_STRUCTURE_LIST))]
            add(body, el("tr", el("td", status, class_="text"), el("td", _kind(change.ref.level, t), class_="text"), *cells, pages,
                         data_status=change.status))
        add(table, body)
        add(section, el("div", table, class_="table-wrap"))
    moved_pages = [change for change in diff.contents if change.status == "unchanged" and change.page_changed]
    if moved_pages:
        listing = el("ul", [el("li", t.format(N_("{title}: {old} → {new}"), title=change.new.title, old=change.old.page, new=change.new.page))
                            for change in moved_pages], class_="page-changes")
        summary = t.format(N_("{label}: {count}"), label=t(PAGE_CHANGE_LABEL), count=len(moved_pages))
        add(section, el("details", el("summary", summary), listing))
    return section


def _contents_entry(ref) -> list:
    if ref is None:
        return [el("span", "—", class_="absent")]
    head = [el("span", ref.number, class_="number"), " "] if ref.number else []
    return head + [ref.title, el("div", ref.parent, class_="sub") if ref.parent else None]


def _page_of(ref) -> str:
    return "—" if ref is None or ref.page is None else str(ref.page)


# ------------------------------------------------------------------- outline
def _diff_outline(diff: EditionDiff, t: Translator) -> etree._Element:
    controls = el(
        "div",
        el("label", el("input", type="checkbox", id="changed-only", data_action="changed-only"), " ", t(N_("Show changed headings only"))),
        el("button", t(N_("Expand all")), type="button", data_action="expand"),
        el("button", t(N_("Collapse all")), type="button", data_action="collapse"),
        class_="controls",
    )
    legend = el("p", t(N_("Legend: ")), [(_change_badge(kind, t), " ") for kind in (SPLIT, MERGED, RENAMED, MOVED, ADDED, REMOVED, MODIFIED, UNCHANGED)],
                class_="legend")
    head = el("div", el("div", t(N_("Old edition")), class_="cell old"), el("div", t(N_("Change")), class_="cell kind"),
              el("div", t(N_("New edition")), class_="cell new"), class_="outline-head", aria_hidden="true")
    tree = el("div", head, class_="outline", id="outline-tree")
    for child in diff.root.children:
        add(tree, _outline_node(child, 0, t))
    return el(
        "section",
        el("h2", t(N_("Outline side by side (old ↔ new)"))),
        el("p", t(N_("The headings of both editions side by side. Click a heading's row to open or close the levels below it. "
                     "Parts without changes start closed.")), class_="note"),
        controls,
        legend,
        tree,
        id="outline",
    )


def _heading_cell(node: NodeDiff, side: str, t: Translator) -> etree._Element:
    ref = node.old if side == "old" else node.new
    if ref is None:
        return el("div", el("span", "—", class_="absent"), class_=f"cell {side} empty")
    cell = el("div", class_=f"cell {side}")
    add(cell, el("span", _kind(ref.kind, t), class_="kind-label"))
    if ref.number:
        add(cell, el("span", ref.number, class_="number"), " ")
    if RENAMED in node.aspects and node.title_ops:
        add(cell, el("span", _marked(node.title_ops, side), class_="title"))
    else:
        add(cell, el("span", ref.title, class_="title"))
    add(cell, " ", el("span", _place(ref.location, t), class_="where"))
    return cell


def _outline_extra(node: NodeDiff, t: Translator) -> list:
    extra = []
    if node.regrouping is not None:
        extra.append(_regrouping_extra(node, t))
    if MOVED in node.aspects and node.old and node.new:
        extra.append(el("div", t(N_("Moved from: ")), " › ".join(node.old.path) or t(N_("(top level)")), class_="moved-from"))
    if node.text_changes:
        extra.append(el("a", t.format(N_("See {count} text change(s) ↓"), count=len(node.text_changes)), href=f"#t-{node.anchor}", class_="to-text"))
    return extra


# Radon 19: one row of the outline, one branch per status badge and side.
def _outline_node(node: NodeDiff, depth: int, t: Translator) -> etree._Element:
    kind_cell = el("div", class_="cell kind")
    for aspect in (SPLIT, MERGED, MOVED, RENAMED, MODIFIED, ADDED, REMOVED):
        if aspect in node.aspects and not (node.regrouping and aspect in (ADDED, REMOVED)):
            add(kind_cell, _change_badge(aspect, t))
    if not node.aspects:
        if node.changed_within:
            add(kind_cell, el("span", t(N_("changes below")), class_="within", title=t(N_("The levels under this heading have changes"))))
        else:
            add(kind_cell, _change_badge(UNCHANGED, t))
    row = el("div", _heading_cell(node, "old", t), kind_cell, _heading_cell(node, "new", t), class_="row")
    extra = _outline_extra(node, t)
    classes = [f"node depth-{depth} s-{node.status}", "quiet" if not node.changed_within else "changed"]
    attributes = dict(id=node.anchor, data_status=node.status, data_kind=node.kind, class_=" ".join(classes))
    if not node.children:
        return el("div", row, el("div", extra, class_="extra") if extra else None, **attributes)
    details = el("details", open=node.changed_within, **attributes)
    add(details, el("summary", row), el("div", extra, class_="extra") if extra else None)
    children = el("div", class_="children")
    notes = {}
    for note in node.moved_away:
        notes.setdefault(note.position, []).append(note)
    for position, child in enumerate(node.children):
        add(children, [_moved_away_row(note, depth + 1, t) for note in notes.pop(position, [])])
        add(children, _outline_node(child, depth + 1, t))
    add(children, [_moved_away_row(note, depth + 1, t) for position in sorted(notes) for note in notes[position]])
    add(details, children)
    return details


def _moved_away_row(note, depth: int, t: Translator) -> etree._Element:
    """In the old column, where a heading stood before it moved elsewhere."""
    old = el("div", el("span", _kind(note.old.kind, t), class_="kind-label"), class_="cell old")
    if note.old.number:
        add(old, el("span", note.old.number, class_="number"), " ")
    add(old, el("span", note.old.title, class_="title"), " ", el("span", _place(note.old.location, t), class_="where"))
    new = el(
        "div",
        "→ ", t(N_("Moved to: ")),
        el("a", " › ".join(note.new.path + (note.new.label,)), href=f"#{note.anchor}"),
        class_="cell new moved-to",
    )
    row = el("div", old, el("div", _badge(MOVED, t(N_("moved (former place)"))), class_="cell kind"), new, class_="row")
    return el("div", row, class_=f"stub depth-{depth} s-moved changed")


# ---------------------------------------------------------------------- text
def _diff_text(diff: EditionDiff, t: Translator, with_pages: bool = False) -> etree._Element:
    section = el("section", el("h2", t(N_("Text changes"))), id="text")
    nodes = [node for node in diff.headings() if node.text_changes]
    if not nodes:
        add(section, el("p", t(N_("The text (paragraphs, bullets, notes, captions) has not changed.")), class_="empty"))
        return section
    add(section, el("p", t(N_("Where the wording changed under matching headings, both versions are shown side by side: "
                             "removed characters struck through in red, added characters underlined in green.")), class_="note"))
    for node in nodes:
        ref = node.ref
        path = " › ".join(ref.path)
        article = el("article", class_="text-node", id=f"t-{node.anchor}")
        add(
            article,
            el("h3", el("span", path, class_="path"), el("br"), ref.label, " ", [_change_badge(a, t) for a in (MOVED, RENAMED) if a in node.aspects]),
            el("a", t(N_("Back to the outline ↑")), href=f"#{node.anchor}", class_="back") if node.kind != "document" else None,
            el("a", pages.label("to_pages"), href=f"#{pages.pages_anchor(node)}", class_="back to-pages") if with_pages else None,
        )
        for change in node.text_changes:
            add(article, _text_pair(change, t))
        add(section, article)
    return section


def _text_pair(change: TextChange, t: Translator) -> etree._Element:
    head = el("div", _badge(change.status, t(TEXT_STATUS_LABELS[change.status])), " ", el("span", _kind(change.unit_kind, t), class_="kind-label"),
              class_="pair-head")
    old = el("div", class_="side old")
    new = el("div", class_="side new")
    for side, label, location in ((old, N_("Old edition"), change.old_location), (new, N_("New edition"), change.new_location)):
        add(side, el("div", t(label), " ", el("span", _place(location, t), class_="where"), class_="side-label"))
    absent = t(N_("(none)"))
    if change.status == MODIFIED:
        add(old, el("p", _marked(change.ops, "old")))
        add(new, el("p", _marked(change.ops, "new")))
    elif change.status == ADDED:
        add(old, el("p", absent, class_="absent"))
        add(new, el("p", el("ins", change.new_text or "")))
    else:
        add(old, el("p", el("del", change.old_text or "")))
        add(new, el("p", absent, class_="absent"))
    return el("div", head, el("div", old, new, class_="pair"), class_=f"change t-{change.status}")


# -------------------------------------------------------------------- budget
BUDGET_COLUMNS = (
    ("programme", N_("Programme name"), "text"),
    ("chapter", N_("Chapter"), "text"),
    ("heading", N_("Printed under"), "text"),
    ("old", N_("Old amount"), "number"),
    ("new", N_("New amount"), "number"),
    ("prior", N_("New edition's prior-year figure"), "number"),
    ("change", N_("Difference"), "number"),
    ("rate", N_("Rate"), "number"),
    ("status", N_("Status"), "text"),
    ("check", N_("Check"), "text"),
)
MISMATCH = N_("⚠ mismatch")
# The booklet's own marks of a programme left out of the totals, named as printed.
FLAG_MARKS = (("part_of", "の内数"), ("repeat", "再掲"), ("fiscal_investment", "財投"))


def _diff_budget(diff: EditionDiff, t: Translator) -> etree._Element:
    counts = Counter(row.status for row in diff.budget)  # rows of this table, 再掲 copies included
    filters = el("div", t(N_("Show: ")), class_="controls filters", data_filter_table="budget-table")
    for status in BUDGET_STATUSES:
        add(filters, el("label", el("input", type="checkbox", checked=True, value=status), " ", _badge(status, t(BUDGET_LABELS[status]), "b"),
                        " ", t.format(N_("{count} programme(s)"), count=counts[status])))
    add(filters, el("label", el("input", type="checkbox", value="mismatch-only", data_mismatch_only="1"), " ", t(N_("prior-year mismatches only"))))
    table = el("table", class_="numbers sortable budget", id="budget-table")
    head_row = el("tr")
    for key, label, sort_type in BUDGET_COLUMNS:
        add(head_row, el("th", el("button", t(label), type="button", title=t(N_("Click to sort"))), scope="col", data_type=sort_type, data_key=key))
    caption = t.format(N_("Unit: {unit}. Click a column heading to sort (again for the reverse order)."), unit=UNIT)
    add(table, el("caption", caption), el("thead", head_row))
    body = el("tbody")
    for row in diff.budget:
        add(body, _budget_row(row, t))
    add(table, body)
    return el(
        "section",
        el("h2", t(N_("Budget table"))),
        el(
            "p",
            t(N_("“New edition's prior-year figure” is the prior year's amount the new edition prints, as in (元年度 …). "
                 "A programme whose old amount differs from it is marked ")),
            el("span", t(MISMATCH), class_="mismatch"),
            t(N_(" in the check column. The rate is the change relative to the old amount.")),
            class_="note",
        ),
        filters,
        el("div", table, class_="table-wrap"),
        id="budget",
    )


def _budget_marks(row: BudgetRow, t: Translator) -> list[str]:
    """The marks that keep a programme out of the totals, as the booklet prints them."""
    flags = row.new_flags | row.old_flags
    marks = [mark for flag, mark in FLAG_MARKS if flag in flags]
    if row.is_repeat and not marks:
        marks.append(t(N_("再掲 copy")))
    if row.set_aside and _without_figure(row, t) not in marks:
        marks.append(_without_figure(row, t))
    return marks


def _amount_cell(value, text, side_flags, part_of_flag="part_of") -> etree._Element:
    if value is None:
        shown = "事項要求" if "事項要求" in (text or "") else "—"
    else:
        shown = f"{value:,}" + ("の内数" if part_of_flag in side_flags else "")
    return el("td", shown, data_sort=_sort_number(value), title=text or None)


def _budget_row(row: BudgetRow, t: Translator) -> etree._Element:
    name_cell = el("th", row.programme, scope="row", data_sort=row.programme)
    if row.parent:
        add(name_cell, el("div", t.format(N_("(part of {parent})"), parent=row.parent), class_="sub"))
    if row.old_name and row.new_name and row.old_name != row.new_name:
        add(name_cell, el("div", t(N_("Old edition's name: ")), row.old_name, class_="sub"))
    marks = _budget_marks(row, t)
    if marks:
        add(name_cell, " ", [el("span", mark, class_="flag", title=t(N_("not in the totals"))) for mark in marks])
    check = el("td", data_sort="1" if row.prior_mismatch else "")
    if row.prior_mismatch:
        title = t.format(N_("The new edition's prior-year figure {prior}{unit} does not match the old edition's amount {old}"),
                         prior=_amount(row.new_prior_amount), unit=UNIT, old=row.old_amount_text)
        add(check, el("span", t(MISMATCH), class_="mismatch", title=title))
    return el(
        "tr",
        name_cell,
        el("td", _chapter_number(row.chapter), data_sort=row.chapter, title=row.chapter, class_="chapter-cell"),
        el("td", row.heading, data_sort=row.heading, class_="heading-cell"),
        _amount_cell(row.old_amount, row.old_amount_text, row.old_flags),
        _amount_cell(row.new_amount, row.new_amount_text, row.new_flags),
        _amount_cell(row.new_prior_amount, "事項要求" if "prior_item_request" in row.new_flags else "", row.new_flags, "prior_part_of"),
        el("td", _signed(row.change), data_sort=_sort_number(row.change), class_=_sign_class(row.change)),
        el("td", _rate(row.rate), data_sort=_sort_number(row.rate), class_=_sign_class(row.change)),
        el("td", _badge(row.status, t(BUDGET_LABELS[row.status]), "b"), data_sort=str(BUDGET_STATUSES.index(row.status))),
        check,
        data_status=row.status,
        data_mismatch="1" if row.prior_mismatch else None,
        class_=f"b-row-{row.status}",
    )


def _chapter_number(label: str) -> str:
    """The chapter's numeral (I, II, Ⅲ …): the full title is the cell's tooltip."""
    return label.split(" ", 1)[0] if label else "—"


# ------------------------------------------------------------------ findings
def render_findings_html(*args, **kwargs) -> bytes:
    """The findings page: see ``checker.reports.findings_html`` (kept here for old imports)."""
    from checker.reports.findings_html import render_findings_html as render

    return render(*args, **kwargs)


# ----------------------------------------------------------------- resources
CSS = """
:root {
  --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --paper: #ffffff; --shade: #f6f8fa;
  --added: #1a7f37; --added-bg: #dafbe1; --removed: #b42318; --removed-bg: #ffebe9;
  --renamed: #0b5cad; --renamed-bg: #ddf4ff; --moved: #6f42c1; --moved-bg: #fbefff;
  --modified: #8a5a00; --modified-bg: #fff8c5; --warn: #9a3412; --warn-bg: #fff1e5;
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body {
  margin: 0; color: var(--ink); background: var(--paper); line-height: 1.6;
  font-family: "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Noto Sans CJK JP", "Noto Sans JP",
    "IPAexGothic", "IPAGothic", "Yu Gothic", "Meiryo", sans-serif;
}
header.report-head { padding: 20px 32px 12px; border-bottom: 1px solid var(--line); background: var(--shade); }
h1 { font-size: 1.6rem; margin: 0 0 10px; }
h2 { font-size: 1.3rem; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 20px 0 8px; }
main { padding: 0 32px 24px; max-width: 1500px; }
footer { padding: 12px 32px 32px; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
a { color: var(--renamed); }
.note { color: var(--muted); font-size: 0.9rem; margin: 6px 0; }
.note.warn { color: var(--warn); }
.empty { color: var(--muted); font-style: italic; }
.synthetic-banner {
  border: 3px solid #b42318; background: repeating-linear-gradient(135deg, #fff1f0, #fff1f0 12px, #ffe4e1 12px, #ffe4e1 24px);
  color: #7a1010; padding: 10px 16px; margin: 0 0 12px; border-radius: 6px;
}
.synthetic-banner strong { font-size: 1.15rem; display: block; }
.synthetic-banner p { margin: 4px 0 0; }
.synthetic-banner .label-line { font-size: 0.85rem; }
.structure-banner { border: 3px solid #9a6700; background: #fff8c5; color: #4d2d00; padding: 10px 16px; margin: 0 0 12px; border-radius: 6px; }
.structure-banner strong { font-size: 1.15rem; display: block; }
.structure-banner p { margin: 4px 0 0; }
table.editions { border-collapse: collapse; margin: 4px 0 8px; }
table.editions th { text-align: left; padding: 2px 12px 2px 0; white-space: nowrap; }
table.editions td { padding: 2px 12px 2px 0; }
table.editions code { color: var(--muted); }
nav.jump { display: flex; gap: 18px; font-size: 0.95rem; flex-wrap: wrap; }
.badge {
  display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 0.78rem; line-height: 1.55;
  border: 1px solid currentColor; white-space: nowrap; background: var(--paper);
}
.badge.synthetic { color: #b42318; background: #ffebe9; font-weight: bold; }
.badge.unrecognised { color: #9a6700; background: #fff8c5; font-weight: bold; }
.k-unchanged, .b-unchanged { color: var(--muted); }
.k-modified { color: var(--modified); background: var(--modified-bg); }
.k-renamed { color: var(--renamed); background: var(--renamed-bg); }
.k-moved { color: var(--moved); background: var(--moved-bg); }
.k-added, .b-new { color: var(--added); background: var(--added-bg); }
.k-removed, .b-ended { color: var(--removed); background: var(--removed-bg); }
.b-changed { color: var(--renamed); background: var(--renamed-bg); }
.b-mismatch { color: var(--warn); background: var(--warn-bg); }
.k-split, .k-merged { color: var(--renamed); background: var(--renamed-bg); font-weight: bold; }
.regrouped { margin: 2px 0; }
.b-set-aside, .b-item_request, .b-part_of, .b-no_amount, .b-repeat { color: var(--muted, #555); background: #eee; }
.sev-error { color: var(--removed); background: var(--removed-bg); }
.sev-warning { color: var(--warn); background: var(--warn-bg); }
.sev-info { color: var(--renamed); background: var(--renamed-bg); }
.cards { display: flex; gap: 16px; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 260px; max-width: 460px; flex: 1 1 260px; background: var(--paper); }
.card h3 { margin: 0 0 6px; font-size: 0.95rem; color: var(--muted); }
ul.counts { list-style: none; margin: 0; padding: 0; }
ul.counts li { display: flex; justify-content: space-between; align-items: center; padding: 3px 0; border-bottom: 1px dotted var(--line); }
ul.counts li:last-child { border-bottom: 0; }
ul.counts .count { font-size: 1.25rem; font-weight: bold; font-variant-numeric: tabular-nums; }
ul.counts li.zero .count { color: var(--muted); font-weight: normal; }
table.numbers { border-collapse: collapse; margin: 6px 0 12px; font-variant-numeric: tabular-nums; }
table.numbers caption { caption-side: top; text-align: left; color: var(--muted); font-size: 0.85rem; padding-bottom: 4px; }
table.numbers th, table.numbers td { border: 1px solid var(--line); padding: 4px 10px; vertical-align: top; }
table.numbers thead th { background: var(--shade); text-align: center; white-space: nowrap; }
table.numbers td { text-align: right; white-space: nowrap; }
table.numbers tbody th { text-align: left; font-weight: normal; }
table.numbers tfoot th, table.numbers tfoot td { font-weight: bold; background: var(--shade); }
table.numbers small { color: var(--muted); margin-left: 4px; }
.up { color: var(--added); }
.down { color: var(--removed); }
.sub { color: var(--muted); font-size: 0.8rem; }
.controls { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 8px 0; font-size: 0.9rem; }
.controls button { font: inherit; padding: 2px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--shade); cursor: pointer; }
.controls label { cursor: pointer; }
.legend { font-size: 0.85rem; color: var(--muted); }
.outline { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.outline-head, .outline .row { display: grid; grid-template-columns: minmax(0, 1fr) 9.5em minmax(0, 1fr); }
.outline-head { background: var(--shade); font-weight: bold; border-bottom: 1px solid var(--line); }
.outline-head .cell { padding: 6px 10px; }
.outline .cell { padding: 3px 10px; }
.outline .cell.kind { text-align: center; }
.outline .cell.kind .badge { margin: 1px; }
.outline details > summary { list-style: none; cursor: pointer; }
.outline details > summary::-webkit-details-marker { display: none; }
.outline .node { border-top: 1px solid #eaeef2; }
.outline .node .node { border-top: 1px dotted #eaeef2; }
.outline details > summary .cell.old::before, .outline details > summary .cell.new::before {
  content: "▸"; display: inline-block; width: 1em; color: var(--muted);
}
.outline details[open] > summary .cell.old::before, .outline details[open] > summary .cell.new::before { content: "▾"; }
.outline div.node > .row .cell.old::before, .outline div.node > .row .cell.new::before { content: ""; display: inline-block; width: 1em; }
.outline .row .cell.empty::before { content: "" !important; }
.outline .row .cell.empty { background: repeating-linear-gradient(135deg, #fafbfc, #fafbfc 6px, #f1f3f5 6px, #f1f3f5 12px); }
.outline .cell.kind .k-unchanged { border-color: transparent; color: #aab2bb; }
.outline .within { font-size: 0.72rem; color: var(--modified); white-space: nowrap; }
.outline .depth-0 > summary .row, .outline .depth-0 > .row { background: #eef1f4; font-weight: bold; }
.outline .depth-1 > summary .row, .outline .depth-1 > .row { font-weight: bold; }
.outline .depth-1 .cell.old, .outline .depth-1 .cell.new { padding-left: 24px; }
.outline .cell.kind { padding-left: 4px !important; }
.outline .depth-2 .cell.old, .outline .depth-2 .cell.new { padding-left: 44px; }
.outline .depth-3 .cell.old, .outline .depth-3 .cell.new { padding-left: 64px; }
.outline .depth-4 .cell.old, .outline .depth-4 .cell.new { padding-left: 84px; }
.outline .s-added > summary .cell.new, .outline div.s-added > .row .cell.new { background: var(--added-bg); }
.outline .s-removed > summary .cell.old, .outline div.s-removed > .row .cell.old { background: var(--removed-bg); }
.outline .s-moved > summary .row, .outline div.s-moved > .row { background: var(--moved-bg); }
.outline .s-renamed > summary .row, .outline div.s-renamed > .row { background: var(--renamed-bg); }
.outline .s-modified > summary .row, .outline div.s-modified > .row { background: #fffbe6; }
.outline .kind-label { font-size: 0.7rem; color: var(--muted); border: 1px solid var(--line); border-radius: 3px; padding: 0 3px; margin-right: 6px; font-weight: normal; vertical-align: 1px; }
.outline .number { color: var(--muted); }
.outline .absent { color: #aab2bb; }
.where { color: var(--muted); font-size: 0.75rem; font-weight: normal; white-space: nowrap; }
.outline .extra { padding: 0 10px 4px calc(50% + 4.75em + 10px); font-size: 0.85rem; }
.outline .moved-from { color: var(--moved); }
.outline .stub { border-top: 1px dotted #eaeef2; }
.outline .stub > .row { background: repeating-linear-gradient(135deg, #fbefff, #fbefff 8px, #f6e6fb 8px, #f6e6fb 16px); }
.outline .stub .cell.old .title { color: var(--muted); }
.outline .stub .cell.old::before, .outline .stub .cell.new::before { content: ""; display: inline-block; width: 1em; }
.outline .moved-to { font-size: 0.85rem; color: var(--moved); }
.outline .moved-to a { color: var(--moved); }
.changed-only .outline .quiet { display: none; }
del { background: #ffcecb; color: #82071e; text-decoration: line-through; text-decoration-color: #cf222e; }
ins { background: #aceebb; color: #044f1e; text-decoration: underline; text-decoration-color: #1a7f37; }
article.text-node { border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px 12px; margin: 14px 0; }
article.text-node h3 { margin: 4px 0; }
article.text-node .path { color: var(--muted); font-size: 0.8rem; font-weight: normal; }
article.text-node .back { font-size: 0.8rem; }
.change { margin-top: 10px; }
.pair-head { margin-bottom: 4px; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.side { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; background: var(--paper); }
.side.old { border-left: 4px solid var(--removed); }
.side.new { border-left: 4px solid var(--added); }
.side-label { font-size: 0.8rem; color: var(--muted); }
.side p { margin: 2px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.side p.absent { color: var(--muted); }
.kind-label { font-size: 0.75rem; color: var(--muted); }
.table-wrap { overflow-x: auto; }
table.budget { width: 100%; font-size: 0.88rem; }
table.budget tbody th { min-width: 18em; white-space: normal; }
table.budget td.heading-cell { white-space: normal; text-align: left; min-width: 14em; max-width: 26em; color: var(--muted); font-size: 0.8rem; }
table.budget td.chapter-cell { text-align: center; color: var(--muted); }
table.budget thead th { position: sticky; top: 0; z-index: 1; padding: 0; }
table.budget thead th button {
  font: inherit; font-weight: bold; border: 0; background: transparent; padding: 6px 18px 6px 8px; width: 100%; cursor: pointer; position: relative; white-space: nowrap;
}
table.budget thead th button::after { content: "⇅"; position: absolute; right: 4px; color: #aab2bb; }
table.budget thead th[aria-sort="ascending"] button::after { content: "▲"; color: var(--ink); }
table.budget thead th[aria-sort="descending"] button::after { content: "▼"; color: var(--ink); }
table.budget tr.b-row-new th { box-shadow: inset 4px 0 0 var(--added); }
table.budget tr.b-row-ended th { box-shadow: inset 4px 0 0 var(--removed); }
table.budget tr.b-row-ended td, table.budget tr.b-row-ended th { background: #fff7f6; }
table.budget tr.b-row-new td, table.budget tr.b-row-new th { background: #f4fdf6; }
table.budget tr[data-mismatch] td:last-child { background: var(--warn-bg); }
.flag { font-size: 0.7rem; border: 1px solid var(--line); border-radius: 3px; padding: 0 3px; color: var(--muted); }
.mismatch { color: var(--warn); font-weight: bold; white-space: nowrap; }
.filters label { white-space: nowrap; }
tr.filtered-out { display: none; }
ul.files { margin: 4px 0 8px; padding-left: 1.2em; }
section.file h2 small { color: var(--muted); font-weight: normal; font-size: 0.9rem; }
details.page { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; }
details.page > summary { cursor: pointer; padding: 6px 12px; background: var(--shade); border-radius: 8px; font-weight: bold; }
details.page > summary .count { color: var(--muted); font-weight: normal; }
article.finding { padding: 8px 14px 10px; border-top: 1px solid var(--line); border-left: 5px solid var(--line); }
article.finding.f-error { border-left-color: var(--removed); }
article.finding.f-warning { border-left-color: #d97706; }
article.finding.f-info { border-left-color: var(--renamed); }
table.rules td { text-align: left; }
table.numbers td.text { text-align: left; white-space: normal; }
table.structure { width: 100%; font-size: 0.9rem; }
table.structure td:nth-child(3), table.structure td:nth-child(4) { width: 28%; }
table.structure .number { color: var(--muted); }
table.structure .to-outline { font-size: 0.8rem; }
table.rules td:last-child { text-align: right; }
article.finding .message { margin: 4px 0; }
article.finding[hidden], details.page[hidden] { display: none; }
.findings-toolbar { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 12px; margin: 12px 0;
  border: 1px solid var(--line); border-radius: 8px; background: var(--shade); position: sticky; top: 0; z-index: 2; }
.findings-toolbar .shown-count { color: var(--muted); margin-left: auto; }
.findings-toolbar input[type=number] { width: 5em; }
section.legend { border: 1px solid var(--line); border-radius: 8px; padding: 4px 14px 8px; margin: 12px 0; }
section.legend h2 { font-size: 1rem; margin: 6px 0; }
dl.legend-items { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 4px 0; }
dl.legend-items dd { margin: 0; }
.legend-swatch { display: inline-block; padding: 0 8px; border: 1px solid var(--line); border-radius: 4px; }
.legend-swatch.side.old { border-left: 4px solid var(--removed); }
.legend-swatch.side.new { border-left: 4px solid var(--added); }
a.page-link { font-weight: bold; }
ol.occurrences { margin: 4px 0; padding-left: 1.6em; }
ol.occurrences > li { margin: 6px 0; }
.flat-list article.finding { border: 1px solid var(--line); border-left-width: 5px; border-radius: 6px; margin: 8px 0; }
article.finding .rule-name { color: var(--muted); font-size: 0.85rem; }
blockquote.excerpt { margin: 4px 0; padding: 6px 10px; background: var(--shade); border-left: 4px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
.related-wrap { font-size: 0.85rem; color: var(--muted); }
ul.related { display: inline; padding: 0; margin: 0; }
ul.related li { display: inline; margin-right: 12px; }
@media (max-width: 900px) {
  main, header.report-head, footer { padding-left: 12px; padding-right: 12px; }
  .pair { grid-template-columns: 1fr; }
  .outline-head, .outline .row { grid-template-columns: minmax(0, 1fr) 6em minmax(0, 1fr); }
}
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  html { font-size: 9.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav.jump, .controls, .to-text, .back, script { display: none !important; }
  header.report-head { background: none; padding: 0 0 8px; }
  main, footer { padding: 0; max-width: none; }
  h2, h3, table.numbers caption { break-after: avoid; }
  .outline { overflow: visible; border-radius: 0; }
  .outline .row, .outline .extra, .outline-head, .change, table tr, .card, article.finding { break-inside: avoid; }
  table.totals, table.largest, .cards { break-inside: avoid; }
  table.numbers tfoot { display: table-row-group; }
  article.text-node h3 { break-after: avoid; }
  .outline details > summary .cell.old::before, .outline details > summary .cell.new::before { content: ""; }
  table.budget thead th { position: static; }
  table.budget thead th button::after { content: ""; }
  tr.filtered-out { display: table-row; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  // Sort a table by the clicked column; empty cells stay last, ties keep document order.
  each(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    each(body.rows, function (row, index) { row.setAttribute("data-order", index); });
    each(heads, function (th, column) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        each(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-type") === "number";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute("data-sort") || "";
          var y = b.cells[column].getAttribute("data-sort") || "";
          var order = a.getAttribute("data-order") - b.getAttribute("data-order");
          if (x === "" || y === "") { return x === y ? order : (x === "" ? 1 : -1); }
          var result = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "ja");
          if (result === 0) { return order; }
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  // Status filters above a table.
  each(document.querySelectorAll("[data-filter-table]"), function (bar) {
    var table = document.getElementById(bar.getAttribute("data-filter-table"));
    var boxes = bar.querySelectorAll("input[type=checkbox]");
    var apply = function () {
      var shown = {}, mismatchOnly = false;
      each(boxes, function (box) {
        if (box.hasAttribute("data-mismatch-only")) { mismatchOnly = box.checked; }
        else { shown[box.value] = box.checked; }
      });
      each(table.tBodies[0].rows, function (row) {
        var visible = shown[row.getAttribute("data-status")] && (!mismatchOnly || row.hasAttribute("data-mismatch"));
        row.classList.toggle("filtered-out", !visible);
      });
    };
    each(boxes, function (box) { box.addEventListener("change", apply); });
  });
  // Outline: expand or collapse everything; show changed headings only.
  var outline = document.getElementById("outline-tree");
  each(document.querySelectorAll("[data-action=expand], [data-action=collapse]"), function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-action") === "expand";
      each(outline.querySelectorAll("details"), function (details) { details.open = open; });
    });
  });
  var changedOnly = document.getElementById("changed-only");
  if (changedOnly) {
    changedOnly.addEventListener("change", function () {
      document.body.classList.toggle("changed-only", changedOnly.checked);
    });
  }
  // A link into a closed part of the outline opens it.
  var reveal = function () {
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
  };
  window.addEventListener("hashchange", reveal);
  reveal();
  // Paper gets everything: open every section before printing, restore after.
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    each(document.querySelectorAll("details:not([open])"), function (details) { details.open = true; reopened.push(details); });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (details) { details.open = false; });
    reopened = [];
  });
  document.documentElement.setAttribute("data-ready", "1");
})();
"""
