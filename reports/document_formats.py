"""Renderers of a parsed document: the outline/tree (``checker parse``) and the
budget ledger (``checker ledger``). Pure functions from a Document to text,
registered through the ``checker_document_formats`` hook."""

from __future__ import annotations

import csv
import io
import json

from checker.booklet.ledger import EXCLUSION_NOTE, has_figure, has_prior_figure, ledger_totals, programmes_without_figure
from checker.booklet.model import BudgetEntry, Document, Node, Paragraph, page_of
from checker.hookspecs import hookimpl
from checker.outputs import DocumentFormat
from checker.i18n import KIND_TERMS, N_, Translator, active, kind_term, msg
from checker.reports.display import STRUCTURE_NOTICE, chapter_numeral, table, where

TREE_SCHEMA_VERSION = 1


def _place(document: Document, line, translate: Translator, node: Node | None = None) -> str:
    if line is None and node is not None and node.attrs.get("from_contents"):
        return translate.format(N_("from the contents, line {line}"), line=node.attrs["line"])
    if line is None:
        return translate(N_("(no heading line)"))
    return where(document.location(line), translate)


PROFILE_SOURCES = {"detected": N_("detected"), "configured": N_("configured"), "default": N_("default")}


def numbering_line(document: Document, translate: Translator) -> str:
    """What numbering the document was read with, and whether it was detected or configured."""
    described = document.profile.describe()
    marks = [
        translate.format(N_("{level} {example} ({style})"), level=kind_term(level), example=described[level]["example"], style=described[level]["style"])
        for level in ("chapter", "section", "item", "subitem")
    ]
    if described["section_scope"] == "chapter":
        marks.append(translate(N_("sections numbered in each chapter")))
    return translate.format(N_("numbering ({source}): {marks}"), source=msg(PROFILE_SOURCES[document.profile_source]), marks=" · ".join(marks))


def render_outline(document: Document, lang: str | None = None) -> str:
    """Indented outline of headings with their place; content counted, not shown.
    ``lang`` defaults to the command line's language (``checker.i18n.set_language``)."""
    translate = Translator(lang or active().lang)
    if document.raw.page_estimated:
        pages = translate(N_("pages estimated"))
    else:
        pages = translate(N_("pages known")) if document.has_pages else translate(N_("pages unknown"))
    out = [f"{document.path} ({document.raw.source_kind}, {pages})"]
    out.extend(translate.format(N_("note: {note}"), note=translate.text(note)) for note in document.raw.notes)
    out.extend(_structure_lines(document, translate))
    out.append(numbering_line(document, translate))
    out.append(translate.format(N_("table of contents: {count} entries"), count=len(document.toc)))
    for entry in document.toc:
        indent = {"chapter": "  ", "section": "    ", "topic": "      "}[entry.level]
        number = f"{entry.number} " if entry.number else ""
        page = f" …… {entry.page}" if entry.page is not None else ""
        out.append(f"{indent}{number}{entry.title}{page}  [{_place(document, entry.lines[0], translate)}]")
    out.append(translate(N_("body:")))
    _outline_body(document, document.root, 1, out, translate)
    lines_in = sum(1 for line in document.raw.lines if line.text.strip())
    out.append(translate.format(
        N_("summary: {chapters} chapters, {sections} sections, {topics} topics, {items} items, {blocks} budget blocks "
           "({entries} entries, {unparsed} unparsed), {lines} non-blank lines, {unclassified} unclassified"),
        chapters=len(document.chapters()), sections=len(document.sections()), topics=sum(1 for _ in document.root.find("topic")),
        items=sum(1 for _ in document.root.find("item")), blocks=len(document.ledger.blocks), entries=len(document.ledger.entries),
        unparsed=len(document.ledger.unparsed), lines=lines_in, unclassified=len(document.unclassified())))
    out.extend(_reading_summary(document, translate))
    out.extend(_structure_lines(document, translate))
    return "\n".join(out) + "\n"


def _structure_lines(document: Document, translate: Translator) -> list[str]:
    """The notice that no booklet structure was recognised (said at the top and again under the summary)."""
    if document.structure_recognised:
        return []
    return [translate.format(N_("note: {note}"), note=translate(STRUCTURE_NOTICE))]


def _outline_body(document: Document, node: Node, depth: int, out: list[str], translate: Translator) -> None:
    headings = ("chapter", "section", "topic", "item", "subitem")
    for child in node.children:
        if child.kind in headings:
            content = sum(1 for c in child.children if c.kind not in headings)
            repeat = " [再掲]" if child.is_repeat else ""
            implicit = translate(N_(" (named by the TOC; no heading in the body)")) if child.attrs.get("implicit") else ""
            details = translate.format(N_("{count} content node(s)"), count=content)
            if child.headers:
                details += translate.format(N_(", {count} running header(s)"), count=len(child.headers))
            kind = translate(KIND_TERMS.get(child.kind, child.kind))
            out.append(f"{'  ' * depth}{kind} {child.label()}{repeat}{implicit}  [{_place(document, child.first_line, translate, child)}; {details}]")
            _outline_body(document, child, depth + 1, out, translate)
        elif child.kind == "unclassified":
            out.append(f"{'  ' * depth}{translate(N_('UNCLASSIFIED'))} [{_place(document, child.first_line, translate)}] {child.text[:60]}")


def _reading_summary(document: Document, translate: Translator) -> list[str]:
    """Glyph accounting of a PDF: characters placed in lines / characters on the pages."""
    raw = document.raw
    if raw.chars_total is None:
        return []
    rows = [translate.format(N_("characters placed / characters on the pages: {placed} / {total}"),
                             placed=raw.chars_placed, total=raw.chars_total)]
    for page_index, description in raw.unplaced:
        rows.append("  " + translate.format(N_("not placed, page {page}: {glyph}"), page=page_index + 1, glyph=description))
    return rows


def reading_dict(document: Document) -> dict | None:
    raw = document.raw
    if raw.chars_total is None:
        return None
    return {
        "chars_placed": raw.chars_placed,
        "chars_total": raw.chars_total,
        "unplaced": [{"page_index": page_index, "glyph": description} for page_index, description in raw.unplaced],
    }


def _line_dict(line) -> dict:
    data = {"line": line.number, "page": page_of(line), "text": line.text}
    if line.page_index is not None:
        data["page_index"] = line.page_index
    if line.source_ref is not None:
        data["source_ref"] = line.source_ref
    return data


def node_to_dict(node: Node) -> dict:
    data: dict = {"kind": node.kind}
    if node.number is not None:
        data["number"] = node.number
    if node.title:
        data["title"] = node.title
    if node.is_repeat:
        data["repeat"] = True
    attrs = dict(node.attrs)
    if node.block_id is not None:
        attrs["block_id"] = node.block_id  # a typed field of the node, kept in "attrs" for the JSON schema
    if attrs:
        data["attrs"] = attrs
    data["lines"] = [_line_dict(line) for line in node.lines]
    if node.paragraphs:
        data["paragraphs"] = [paragraph_to_dict(paragraph) for paragraph in node.paragraphs]
    if node.headers:
        data["headers"] = [node_to_dict(header) for header in node.headers]
    if node.children:
        data["children"] = [node_to_dict(child) for child in node.children]
    return data


def paragraph_to_dict(paragraph: Paragraph) -> dict:
    """A paragraph: its kind, text, the reader's numbers of its lines and where each begins in the text."""
    return {
        "kind": paragraph.kind,
        "text": paragraph.text,
        "lines": [line.number for line in paragraph.lines],
        "starts": list(paragraph.starts),
    }


def entry_to_dict(entry: BudgetEntry, document: Document) -> dict:
    location = document.location(entry.lines[0])
    data = {
        "name": entry.name,
        "amount": str(entry.amount) if entry.amount is not None else None,
        "prior_amount": str(entry.prior_amount) if entry.prior_amount is not None else None,
        "unit": entry.unit,
        "flags": sorted(entry.flags),
        "location": location.to_dict(),
        "block": entry.block_id,
        "chapter": entry.chapter,
        "section": entry.section,
        "amount_text": entry.amount_text,
        "prior_text": entry.prior_text,
    }
    if entry.parent:
        data["parent"] = entry.parent
    if entry.component:
        data["component"] = entry.component
    if entry.supplementary:
        data["supplementary"] = [{"label": label, "amount": str(amount)} for label, amount in entry.supplementary]
    return data


def render_tree_json(document: Document) -> str:
    data = {
        "schema_version": TREE_SCHEMA_VERSION,
        "path": document.path,
        "source": document.raw.source_kind,
        "has_pages": document.has_pages,
        "page_estimated": document.raw.page_estimated,
        "reader_notes": list(document.raw.notes),
        "structure_recognised": document.structure_recognised,
        "encoding": document.raw.encoding,
        "reading": reading_dict(document),
        "profile": {"source": document.profile_source, **document.profile.describe()},
        "toc": [
            {
                "level": entry.level,
                "number": entry.number,
                "title": entry.title,
                "page": entry.page,
                "section": entry.section_number,
                "chapter": entry.chapter_number,
                "lines": [_line_dict(line) for line in entry.lines],
            }
            for entry in document.toc
        ],
        "tree": node_to_dict(document.root),
        "ledger": ledger_dict(document),
        "unclassified": [_line_dict(line) for node in document.unclassified() for line in node.lines],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def ledger_dict(document: Document) -> dict:
    return {
        "entries": [entry_to_dict(entry, document) for entry in document.ledger.entries],
        "totals": [total.to_dict() for total in ledger_totals(document.ledger)],
        "totals_note": EXCLUSION_NOTE,
        "unparsed": [
            {"block": block.block_id, "location": document.node_location(block.node).to_dict(), "text": block.node.text, "problems": block.problems}
            for block in document.ledger.unparsed
        ],
    }


def render_ledger_json(document: Document) -> str:
    return json.dumps({**ledger_dict(document), "structure_recognised": document.structure_recognised}, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (N_("chapter"), N_("section"), N_("name"), N_("amount"), N_("prior-year amount"), N_("unit"), N_("flags"),
               N_("parent"), N_("component"), N_("page"), N_("line"))
BOM = "\ufeff"


def render_ledger_csv(document: Document, lang: str | None = None, bom: bool = True) -> str:
    """The ledger for a spreadsheet: headers in ``lang``, amounts as plain
    numbers (no separators, unit in its own column), and a UTF-8 byte-order
    mark by default so Excel on Japanese Windows reads the text as UTF-8."""
    translate = Translator(lang or active().lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([translate(column) for column in CSV_COLUMNS])
    for entry in document.ledger.entries:
        location = document.location(entry.lines[0])
        writer.writerow([
            chapter_numeral(entry.chapter), entry.section or "", entry.name,
            "" if entry.amount is None else str(entry.amount),
            "" if entry.prior_amount is None else str(entry.prior_amount),
            entry.unit, " ".join(sorted(entry.flags)), entry.parent or "", entry.component or "",
            "" if location.page is None else location.page,
            location.line_on_page if location.in_pdf else location.line,
        ])
    return (BOM if bom else "") + buffer.getvalue()


def _amount(value) -> str:
    return "—" if value is None else f"{value:,}"


WITHOUT_FIGURE_COUNTS = N_("set aside, not in the totals: {count} without a figure ({item_requests} 事項要求), {part_of} の内数")
WITHOUT_FIGURE_LIST = N_("Programmes without a figure, not in the totals ({count}):")


def _without_figure_lines(document: Document, translate: Translator) -> list[str]:
    """Each programme left out of the totals, with what it prints for each year."""
    entries = programmes_without_figure(document.ledger)
    if not entries:
        return []
    rows = [[_printed(entry.amount, has_figure(entry), "item_request" in entry.flags),
             _printed(entry.prior_amount, has_prior_figure(entry), "prior_item_request" in entry.flags),
             where(document.location(entry.amount_line), translate), entry.name] for entry in entries]
    return [translate.format(WITHOUT_FIGURE_LIST, count=len(entries))] + ["  " + line for line in table(rows, ">><<")]


def _printed(amount, is_figure: bool, item_request: bool) -> str:
    if is_figure:
        return _amount(amount)
    return "事項要求" if item_request else f"{_amount(amount)}の内数"


def render_ledger_text(document: Document, lang: str | None = None) -> str:
    """Every entry, then totals per chapter and section; columns aligned by
    display width (Japanese characters take two columns)."""
    translate = Translator(lang or active().lang)
    out = [translate.format(N_("{path}: {entries} budget entries in {blocks} blocks (unit 億円)"), path=document.path,
                            entries=len(document.ledger.entries), blocks=len(document.ledger.blocks))]
    out.extend(_structure_lines(document, translate))
    rows = [[translate(N_("section")), translate(N_("amount")), translate(N_("prior-year amount")), translate(N_("place")), translate(N_("programme"))]]
    for entry in document.ledger.entries:
        flags = f" [{', '.join(sorted(entry.flags))}]" if entry.flags else ""
        name = entry.name + (f" ({entry.component})" if entry.component else "")
        parent = translate.format(N_(" (part of {parent})"), parent=entry.parent) if entry.parent else ""
        rows.append([entry.section or "?", _amount(entry.amount), _amount(entry.prior_amount),
                     where(document.location(entry.lines[0]), translate), f"{name}{parent}{flags}"])
    out.extend("  " + line for line in table(rows, "<>><<"))
    out.append("")
    out.append(translate(N_("Totals:")))
    rows = [[translate(N_("scope")), translate(N_("amount")), translate(N_("prior-year amount")), translate(N_("change")), translate(N_("entries"))]]
    for total in ledger_totals(document.ledger):
        label = {"document": N_("document"), "chapter": N_("chapter {key}"), "section": N_("section {key}")}[total.scope]
        counts = translate.format(N_("{entries} counted, {new} new, {ended} ended, {item_requests} 事項要求; {excluded} excluded"),
                                  entries=total.entries, new=total.new, ended=total.ended, item_requests=total.item_requests, excluded=total.excluded)
        rows.append([translate.format(label, key=chapter_numeral(total.key) if total.scope == "chapter" else total.key), _amount(total.amount), _amount(total.prior_amount), f"{total.change:+,}", counts])
        if total.without_figure or total.part_of:
            rows.append(["", _amount(total.set_aside_amount), _amount(total.set_aside_prior_amount), "", translate.format(
                WITHOUT_FIGURE_COUNTS, count=total.without_figure, item_requests=total.item_requests, part_of=total.part_of)])
    out.extend("  " + line for line in table(rows, "<>>><"))
    out.append(translate(EXCLUSION_NOTE))
    out.extend(_without_figure_lines(document, translate))
    if document.ledger.unparsed:
        out.append(translate.format(N_("UNPARSED budget blocks: {count}"), count=len(document.ledger.unparsed)))
        for block in document.ledger.unparsed:
            out.append(f"  [{where(document.node_location(block.node), translate)}] {'; '.join(block.problems)}")
    else:
        out.append(translate(N_("unparsed budget blocks: 0")))
    return "\n".join(out) + "\n"


FORMATS = [
    DocumentFormat("parse", "text", "the outline: headings with page and line", render_outline),
    DocumentFormat("parse", "json", "the whole tree, contents and ledger as JSON", render_tree_json),
    DocumentFormat("ledger", "text", "every budget entry, then totals", render_ledger_text),
    DocumentFormat("ledger", "csv", "every budget entry as CSV", render_ledger_csv),
    DocumentFormat("ledger", "json", "entries, totals and unparsed blocks as JSON", render_ledger_json),
]


@hookimpl
def checker_document_formats() -> list[DocumentFormat]:
    return FORMATS
