"""Renderers of a parsed document: the outline/tree (``checker parse``) and the
budget ledger (``checker ledger``). Pure functions from a Document to text,
registered through the ``checker_document_formats`` hook."""

from __future__ import annotations

import csv
import io
import json

from checker.booklet.ledger import EXCLUSION_NOTE, ledger_totals
from checker.booklet.model import BudgetEntry, Document, Node, page_of
from checker.hookspecs import hookimpl
from checker.outputs import DocumentFormat

TREE_SCHEMA_VERSION = 1


def _where(document: Document, node: Node) -> str:
    line = node.first_line
    if line is None:
        return "(no heading line)"
    page = page_of(line)
    return f"p.{page} l.{line.number}" if page is not None else f"l.{line.number}"


def render_outline(document: Document) -> str:
    """Indented outline of headings with page and line; content counted, not shown."""
    pages = "pages estimated" if document.raw.page_estimated else "pages known" if document.has_pages else "pages unknown"
    out = [f"{document.path} ({document.raw.source_kind}, {pages})"]
    out.extend(f"note: {note}" for note in document.raw.notes)
    out.append(f"table of contents: {len(document.toc)} entries")
    for entry in document.toc:
        indent = {"chapter": "  ", "section": "    ", "topic": "      "}[entry.level]
        number = f"{entry.number} " if entry.number else ""
        page = f" …… {entry.page}" if entry.page is not None else ""
        out.append(f"{indent}{number}{entry.title}{page}  [l.{entry.lines[0].number}]")
    out.append("body:")

    def visit(node: Node, depth: int) -> None:
        for child in node.children:
            if child.kind in ("chapter", "section", "topic", "item", "subitem"):
                content = sum(1 for c in child.children if c.kind not in ("chapter", "section", "topic", "item", "subitem"))
                repeat = " [再掲]" if child.is_repeat else ""
                implicit = " (named by the TOC; no heading in the body)" if child.attrs.get("implicit") else ""
                headers = f", {len(child.headers)} running header(s)" if child.headers else ""
                out.append(f"{'  ' * depth}{child.kind} {child.label()}{repeat}{implicit}  [{_where(document, child)}; {content} content node(s){headers}]")
                visit(child, depth + 1)
            elif child.kind == "unclassified":
                out.append(f"{'  ' * depth}UNCLASSIFIED [{_where(document, child)}] {child.text[:60]}")

    visit(document.root, 1)
    unclassified = document.unclassified()
    lines_in = sum(1 for line in document.raw.lines if line.text.strip())
    out.append(
        f"summary: {len(document.chapters())} chapters, {len(document.sections())} sections, "
        f"{sum(1 for _ in document.root.find('topic'))} topics, {sum(1 for _ in document.root.find('item'))} items, "
        f"{len(document.ledger.blocks)} budget blocks ({len(document.ledger.entries)} entries, "
        f"{len(document.ledger.unparsed)} unparsed), {lines_in} non-blank lines, {len(unclassified)} unclassified"
    )
    out.extend(_reading_summary(document))
    return "\n".join(out) + "\n"


def _reading_summary(document: Document) -> list[str]:
    """Glyph accounting of a PDF: characters placed in lines / characters on the pages."""
    raw = document.raw
    if raw.chars_total is None:
        return []
    # Japanese for the i18n catalogue: 行に配置した文字数 / ページ上の文字数
    rows = [f"characters placed / characters on the pages: {raw.chars_placed} / {raw.chars_total}"]
    for page_index, description in raw.unplaced:
        rows.append(f"  not placed, page {page_index + 1}: {description}")
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
    if node.headers:
        data["headers"] = [node_to_dict(header) for header in node.headers]
    if node.children:
        data["children"] = [node_to_dict(child) for child in node.children]
    return data


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
        "encoding": document.raw.encoding,
        "reading": reading_dict(document),
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
    return json.dumps(ledger_dict(document), ensure_ascii=False, indent=2) + "\n"


def render_ledger_csv(document: Document) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["chapter", "section", "name", "amount", "prior_amount", "unit", "flags", "parent", "component", "page", "line"])
    for entry in document.ledger.entries:
        location = document.location(entry.lines[0])
        writer.writerow([
            entry.chapter or "", entry.section or "", entry.name,
            "" if entry.amount is None else str(entry.amount),
            "" if entry.prior_amount is None else str(entry.prior_amount),
            entry.unit, " ".join(sorted(entry.flags)), entry.parent or "", entry.component or "",
            "" if location.page is None else location.page, location.line,
        ])
    return buffer.getvalue()


def _amount(value) -> str:
    return "—" if value is None else f"{value:,}"


def render_ledger_text(document: Document) -> str:
    out = [f"{document.path}: {len(document.ledger.entries)} budget entries in {len(document.ledger.blocks)} blocks (unit 億円)"]
    for entry in document.ledger.entries:
        location = document.location(entry.lines[0])
        flags = f" [{', '.join(sorted(entry.flags))}]" if entry.flags else ""
        name = entry.name + (f" ({entry.component})" if entry.component else "")
        parent = f" (うち, of {entry.parent})" if entry.parent else ""
        out.append(f"  §{entry.section or '?':>2} {_amount(entry.amount):>10} {_amount(entry.prior_amount):>10}  {name}{parent}{flags}  [{location}]")
    out.append("")
    out.append("totals (amount / prior / change; counted entries, of them new; excluded):")
    for total in ledger_totals(document.ledger):
        label = {"document": "document", "chapter": f"chapter {total.key}", "section": f"section {total.key}"}[total.scope]
        out.append(
            f"  {label:<12} {_amount(total.amount):>12} {_amount(total.prior_amount):>12} {total.change:>+12,}  "
            f"{total.entries} counted, {total.new} new, {total.ended} ended, {total.item_requests} 事項要求; {total.excluded} excluded"
        )
    out.append(EXCLUSION_NOTE)
    if document.ledger.unparsed:
        out.append(f"UNPARSED budget blocks: {len(document.ledger.unparsed)}")
        for block in document.ledger.unparsed:
            out.append(f"  [{document.node_location(block.node)}] {'; '.join(block.problems)}")
    else:
        out.append("unparsed budget blocks: 0")
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
