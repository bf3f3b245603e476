"""Page images in the HTML reports: the page an editor would look at, the lines outlined.

Each page image is stored once per report, as an SVG ``<image>`` in a hidden
library of ``<defs>``; every figure that shows the page draws it with
``<use href="#…">`` and lays its outline boxes over it in the image's own
pixels, so boxes stay on their lines at any display size and a page shown by
ten findings costs its bytes once. Images are data the browser decodes
(``data:image/webp;base64,…``), or files beside the report when the editor
asks for a folder; nothing is fetched from the network.

Everything here but ``load_page_images`` is a pure function from images and
boxes to lxml elements; ``load_page_images`` renders (in the limited worker)
and, when asked, writes the image files: the CLI calls it, the renderers do not.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field, replace

from lxml import etree

from checker.reading.render import PAGE_SCALE, THUMBNAIL_SCALE, render_pages

LANGUAGE = "ja"  # when the active language has no labels here
# Every label this module shows, in both languages, for the i18n catalogue.
LABELS = {
    "ja": {
        "toggle": "クリックで拡大・縮小",
        "page": "p.{page}",
        "alt": "{where}のページ画像",
        "text_input": "テキスト入力のため、ページ画像はありません。",
        "not_pdf": "PDF 以外の入力（{kind}）のため、ページ画像はありません。PDF に書き出したものを検査すると表示されます。",
        "failed": "ページ画像を表示できません：{error}",
        "finding": "指摘箇所",
        "related": "関連箇所",
        "deleted": "旧版で削除・修正された行",
        "inserted": "新版で追加・修正された行",
        "heading": "見出しの行",
        "old": "旧版",
        "new": "新版",
        "absent": "（この版にはありません）",
        "pages": "ページの対照",
        "pages_note": "変更のある見出しごとに旧版と新版のページを並べ、削除・修正された行を赤、追加・修正された行を緑の枠で示します。画像をクリックすると拡大します。",
        "strip": "ページ一覧",
        "strip_note": "両版の全ページです。変更のあるページを色の枠で示し、クリックするとその変更に移ります。",
        "to_pages": "ページ画像で見る",
        "to_text": "↑ 本文の変更",
        "to_outline": "↑ 構成の対照",
    },
    "en": {
        "toggle": "Click to enlarge or reduce",
        "page": "p.{page}",
        "alt": "page image of {where}",
        "text_input": "Text input: there are no page images.",
        "not_pdf": "Not a PDF ({kind}): there are no page images; check the file exported to PDF to see them.",
        "failed": "Page images cannot be shown: {error}",
        "finding": "finding",
        "related": "related location",
        "deleted": "line deleted or changed in the old edition",
        "inserted": "line added or changed in the new edition",
        "heading": "heading line",
        "old": "Old edition",
        "new": "New edition",
        "absent": "(not in this edition)",
        "pages": "Pages side by side",
        "pages_note": "For each changed heading, the old and new pages side by side: deleted or changed lines framed in red, added or changed lines in green. Click an image to enlarge it.",
        "strip": "All pages",
        "strip_note": "Every page of both editions; changed pages are framed in colour; click one to go to its change.",
        "to_pages": "see the pages",
        "to_text": "↑ text changes",
        "to_outline": "↑ outline",
    },
}
# Outline kinds, and the CSS class that colours each.
FINDING, RELATED, DELETED, INSERTED = "finding", "related", "deleted", "inserted"
# A unit's outline stops after this many lines, whatever its text length says.
MAX_UNIT_LINES = 40


def label(key: str, **values) -> str:
    # In the command's language (set by the CLI), as the reports around these
    # figures are; both languages are kept side by side in LABELS.
    from checker.i18n import active

    lang = active().lang if active().lang in LABELS else LANGUAGE
    return LABELS[lang][key].format(**values)


@dataclass(frozen=True)
class DocumentPages:
    """One document's lines and whatever page images were rendered for it."""

    path: str
    number: int  # 1-based, unique in the report: element ids use it
    source_kind: str  # "pdf" or "text"
    lines: tuple = ()
    page_sizes: tuple = ()
    images: dict = field(default_factory=dict)  # (page_index, scale) -> PageImage
    hrefs: dict = field(default_factory=dict)  # (page_index, scale) -> file beside the report
    error: str | None = None
    page_turns: tuple = ()  # the reader's quarter turn per page (RawDocument.page_turns)

    def line(self, number: int | None):
        if number is None or not 1 <= number <= len(self.lines):
            return None
        line = self.lines[number - 1]
        return line if line.number == number else next((x for x in self.lines if x.number == number), None)

    def image(self, page_index: int | None, scale: float = PAGE_SCALE):
        return self.images.get((page_index, scale))

    def image_id(self, page_index: int, scale: float) -> str:
        return f"pimg-{self.number}-{page_index}-{'t' if scale == THUMBNAIL_SCALE else 'p'}"

    def status_note(self) -> str | None:
        """Why this document shows no images, when it shows none."""
        if self.source_kind == "text":
            return label("text_input")
        if self.source_kind != "pdf":
            return label("not_pdf", kind=self.source_kind.upper())
        if self.error:
            return label("failed", error=self.error)
        return None


@dataclass(frozen=True)
class PageImages:
    """Page images for a report, by document path."""

    documents: dict  # path -> DocumentPages

    def get(self, path: str) -> DocumentPages | None:
        return self.documents.get(path)


@dataclass(frozen=True)
class Mark:
    """An outline to draw: a reader's line box, its kind, and a tooltip."""

    bbox: tuple[float, float, float, float]
    kind: str
    title: str = ""


# ---------------------------------------------------------------- planning
def unit_lines(document: DocumentPages, first_line: int | None, text: str | None = None) -> list:
    """The source lines of a text unit that starts at ``first_line``: the line
    itself, and the lines after it on its page until the unit's text is covered."""
    first = document.line(first_line)
    if first is None:
        return []
    wanted = len("".join((text or "").split()))
    lines, covered = [first], len("".join(first.text.split()))
    index = document.lines.index(first) + 1
    while covered < wanted and index < len(document.lines) and len(lines) < MAX_UNIT_LINES:
        line = document.lines[index]
        if line.page_index != first.page_index or line.role:
            break
        lines.append(line)
        covered += len("".join(line.text.split()))
        index += 1
    return lines


def marks_for(document: DocumentPages, first_line: int | None, kind: str, text: str | None = None, title: str = "") -> tuple[int | None, list[Mark]]:
    """(page index, outlines) for a unit that starts at ``first_line``."""
    lines = [line for line in unit_lines(document, first_line, text) if line.bbox]
    if not lines:
        return None, []
    return lines[0].page_index, [Mark(tuple(line.bbox), kind, title) for line in lines]


# ---------------------------------------------------------------- elements
def _el(tag: str, *children, **attributes) -> etree._Element:
    node = etree.Element(tag)
    for name, value in attributes.items():
        if value is not None:
            node.set(name.rstrip("_").replace("_", "-"), str(value))
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            if len(node):
                node[-1].tail = (node[-1].tail or "") + child
            else:
                node.text = (node.text or "") + child
        else:
            node.append(child)
    return node


def image_library(page_images: PageImages | None) -> etree._Element | None:
    """The hidden SVG that holds every page image of the report once."""
    if page_images is None:
        return None
    defs = _el("defs")
    for document in page_images.documents.values():
        for (page_index, scale), image in sorted(document.images.items(), key=lambda item: item[0]):
            href = document.hrefs.get((page_index, scale)) or f"data:{image.mime};base64,{base64.b64encode(image.data).decode('ascii')}"
            defs.append(_el("image", id=document.image_id(page_index, scale), href=href, width=image.width, height=image.height, decoding="async", preserveAspectRatio="none"))
    if not len(defs):
        return None
    return _el("svg", defs, class_="image-library", width="0", height="0", aria_hidden="true", focusable="false")


def _where(document: DocumentPages, page_index: int) -> str:
    printed = next((line.printed_page for line in document.lines if line.page_index == page_index and line.printed_page is not None), None)
    # As a finding's location does: the printed number, else the physical page's.
    return label("page", page=printed if printed is not None else page_index + 1)


def page_figure(document: DocumentPages, page_index: int | None, marks: list[Mark], caption: str = "", scale: float = PAGE_SCALE) -> etree._Element | None:
    """A page image with outlines, shown small; a click on it enlarges it (``<details>``)."""
    image = document.image(page_index, scale)
    if image is None:
        return None
    where = _where(document, page_index)
    reader_size = document.page_sizes[page_index] if page_index < len(document.page_sizes) else None
    turn = document.page_turns[page_index] if page_index < len(document.page_turns) else 0
    svg = _el("svg", class_="shot", viewBox=f"0 0 {image.width} {image.height}", role="img", aria_label=label("alt", where=where),
              style=f"--natural-width: {image.width}px")
    svg.append(_el("use", href="#" + document.image_id(page_index, scale)))
    for mark in marks:
        left, top, right, bottom = image.box_to_pixels(mark.bbox, reader_size, turn)
        pad = 3 * image.scale  # a few points of air around the glyphs
        rect = _el(
            "rect", class_=f"mark mark-{mark.kind}", x=f"{left - pad:.1f}", y=f"{top - pad:.1f}",
            width=f"{right - left + 2 * pad:.1f}", height=f"{bottom - top + 2 * pad:.1f}", rx=f"{pad:.1f}",
            data_bbox=" ".join(f"{value:g}" for value in mark.bbox),
        )
        if mark.title:
            rect.append(_el("title", mark.title))
        svg.append(rect)
    toggle = _el("details", _el("summary", svg, title=label("toggle")), class_="shot-toggle")
    return _el("figure", toggle, _el("figcaption", " ".join(part for part in (caption, where) if part)), class_="page-shot", data_page_index=page_index)


def figures(document: DocumentPages | None, placed: list[tuple[int | None, str, str | None, str]]) -> list[etree._Element]:
    """Figures for (first line, mark kind, unit text, caption) entries, one per page:
    marks on the same page share one figure, in the order the pages first appear."""
    if document is None:
        return []
    pages: dict = {}
    for first_line, kind, text, caption in placed:
        page_index, marks = marks_for(document, first_line, kind, text, caption)
        if page_index is None:
            continue
        entry = pages.setdefault(page_index, ([], caption))
        entry[0].extend(marks)
    found = [page_figure(document, page_index, marks, caption) for page_index, (marks, caption) in pages.items()]
    return [figure for figure in found if figure is not None]


def status_note(document: DocumentPages | None) -> etree._Element | None:
    note = document.status_note() if document is not None else None
    return _el("p", note, class_="note page-images-note") if note else None


def overview_strip(sides: list[tuple[str, DocumentPages | None, dict]]) -> etree._Element | None:
    """Every page of each edition as a small picture; changed pages framed and linked.

    ``sides`` are (heading, document, {page_index: anchor of its first change}).
    """
    rows = []
    for heading, document, changed in sides:
        if document is None:
            continue
        strip = _el("div", class_="strip")
        for (page_index, scale) in sorted(key for key in document.images if key[1] == THUMBNAIL_SCALE):
            image = document.images[(page_index, scale)]
            svg = _el("svg", _el("use", href="#" + document.image_id(page_index, scale)), viewBox=f"0 0 {image.width} {image.height}", class_="thumb", role="img", aria_label=label("alt", where=_where(document, page_index)))
            caption = _el("span", _where(document, page_index))
            anchor = changed.get(page_index)
            if anchor:
                strip.append(_el("a", svg, caption, href=f"#{anchor}", class_="strip-page changed", data_page_index=page_index))
            else:
                strip.append(_el("span", svg, caption, class_="strip-page", data_page_index=page_index))
        if len(strip):
            rows.append(_el("div", _el("h3", heading), strip, class_="strip-row"))
    if not rows:
        return None
    return _el("div", _el("h3", label("strip")), _el("p", label("strip_note"), class_="note"), *rows, class_="page-strip", id="page-strip")


# ---------------------------------------------------------------- findings
def finding_figures(finding, page_images: PageImages | None) -> etree._Element | None:
    """The finding's page with its line outlined, and beside it each related
    location's page (the 再掲 original, the contents entry); one figure per page."""
    if page_images is None:
        return None
    placed_by_path: dict = {}
    location = finding.location
    placed_by_path.setdefault(location.path, []).append((location.line, FINDING, finding.excerpt or None, label("finding")))
    for related in finding.related:
        placed_by_path.setdefault(related.path, []).append((related.line, RELATED, None, label("related")))
    shots = [figure for path, placed in placed_by_path.items() for figure in figures(page_images.get(path), placed)]
    return _el("div", *shots, class_="shots") if shots else None


def image_policy(page_images: PageImages | None) -> str:
    """The Content-Security-Policy's image source: decoded data only, or the
    report's own folder too when the images were written beside it."""
    uses_files = page_images is not None and any(document.hrefs for document in page_images.documents.values())
    return "img-src data: 'self'" if uses_files else "img-src data:"


CSS = """
.image-library { position: absolute; width: 0; height: 0; overflow: hidden; }
.shots { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; align-items: flex-start; }
figure.page-shot { margin: 0; max-width: 100%; overflow-x: auto; }
figure.page-shot:has(details[open]) { flex-basis: 100%; }
.shot-toggle > summary { list-style: none; cursor: zoom-in; display: block; }
.shot-toggle > summary::-webkit-details-marker { display: none; }
.shot-toggle[open] > summary { cursor: zoom-out; }
svg.shot { display: block; width: 280px; height: auto; border: 1px solid var(--line); background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.shot-toggle[open] svg.shot { width: var(--natural-width, 100%); max-width: none; }
figure.page-shot figcaption { font-size: 0.8rem; color: var(--muted); margin-top: 2px; }
.mark { fill-opacity: 0.12; stroke-width: 2px; vector-effect: non-scaling-stroke; }
.mark-finding { stroke: #cf222e; fill: #ff8182; }
.mark-related { stroke: #0969da; fill: #54aeff; }
.mark-deleted { stroke: var(--removed); fill: var(--removed); }
.mark-inserted { stroke: var(--added); fill: var(--added); }
.mark-heading { stroke: #8c959f; fill: none; stroke-dasharray: 6 4; }
.page-sides:has(details[open]) { grid-template-columns: 1fr; }
.page-sides .side { min-width: 0; }
article.page-pair { margin: 18px 0; }
article.page-pair h3 { font-size: 1rem; }
.page-strip .strip { display: flex; flex-wrap: wrap; gap: 4px; }
.strip-page { display: inline-flex; flex-direction: column; align-items: center; width: 66px; font-size: 10px; color: var(--muted); border: 2px solid transparent; border-radius: 3px; text-decoration: none; }
.strip-page.changed { border-color: #bf8700; background: #fff8c5; color: var(--ink); }
svg.thumb { width: 60px; height: auto; border: 1px solid var(--line); background: #fff; }
@media print { .shot-toggle svg.shot { width: 100%; } .page-strip { display: none; } }
"""


# ---------------------------------------------------------------- loading
def page_requests(document_lines, first_lines, scale: float = PAGE_SCALE) -> set:
    """The (page index, scale) pairs that show the given first lines."""
    by_number = {line.number: line for line in document_lines}
    return {(by_number[n].page_index, scale) for n in first_lines if n in by_number and by_number[n].page_index is not None}


# Embedded page images may take this many bytes (base64 adds a third, the page
# itself a little): the report of a 116-page booklet stays near 15 MB at most.
EMBEDDED_BUDGET = 10_000_000
# Pages are never drawn smaller than this to meet the budget: 8-pt text 10 px tall.
MIN_PAGE_SCALE = 1.25
# WebP bytes of a page of text grow about as the scale to this power (measured).
SIZE_EXPONENT = 1.3


def load_page_images(raws: list, requests: dict, options, image_dir: str | None = None, report_path: str | None = None) -> PageImages:
    """Render what each document needs (``requests``: path -> {(page, scale)}),
    in the limited worker; write the files to ``image_dir`` when given.

    ``raws`` are the documents' ``RawDocument`` records, in report order.
    Embedded pages that would pass ``EMBEDDED_BUDGET`` are drawn again, smaller.
    """
    unique = list({raw.path: raw for raw in raws}.values())
    outcomes = {raw.path: _render_document(raw, requests, options) for raw in unique}
    if image_dir is None:
        outcomes = _within_budget(unique, requests, options, outcomes)
    documents = {}
    for number, raw in enumerate(unique, start=1):
        images, error = outcomes[raw.path]
        pages = DocumentPages(raw.path, number, raw.source_kind, tuple(raw.lines), tuple(raw.page_sizes), images, {}, error,
                              tuple(raw.page_turns))
        if image_dir and images:
            pages = replace(pages, hrefs=_write_images(pages, images, image_dir, report_path))
        documents[raw.path] = pages
    return PageImages(documents)


def _render_document(raw, requests: dict, options, draw_scale: float | None = None) -> tuple[dict, str | None]:
    if raw.source_kind != "pdf":
        return {}, None
    wanted = requests.get(raw.path, ())
    if draw_scale is not None:
        wanted = [request for request in wanted if request[1] == PAGE_SCALE]
    outcome = render_pages(raw.path, wanted, password=options.password, timeout=options.timeout, max_memory=options.max_memory, draw_scale=draw_scale)
    return outcome.images, outcome.error


def _within_budget(raws: list, requests: dict, options, outcomes: dict) -> dict:
    """Draw the full-size pages again at the scale that fits them in the budget."""
    total = sum(len(image.data) for images, _ in outcomes.values() for key, image in images.items() if key[1] == PAGE_SCALE)
    if total <= EMBEDDED_BUDGET:
        return outcomes
    scale = max(MIN_PAGE_SCALE, PAGE_SCALE * 0.95 * (EMBEDDED_BUDGET / total) ** (1 / SIZE_EXPONENT))
    redrawn = dict(outcomes)
    for raw in raws:
        images, error = outcomes[raw.path]
        smaller, smaller_error = _render_document(raw, requests, options, draw_scale=scale)
        if images and not smaller_error:
            redrawn[raw.path] = ({**images, **smaller}, error)
    return redrawn


def _write_images(document: DocumentPages, images: dict, image_dir: str, report_path: str | None) -> dict:
    from checker.atomic import write_atomic

    os.makedirs(image_dir, exist_ok=True)
    base = os.path.dirname(os.path.abspath(report_path)) if report_path else os.getcwd()
    stem = f"{document.number}-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in os.path.splitext(os.path.basename(document.path))[0])[:60]
    hrefs = {}
    for (page_index, scale), image in images.items():
        name = f"{stem}-p{page_index + 1:04d}{'-thumb' if scale == THUMBNAIL_SCALE else ''}.{image.mime.split('/')[1]}"
        target = os.path.join(image_dir, name)
        write_atomic(target, image.data)
        hrefs[(page_index, scale)] = os.path.relpath(os.path.abspath(target), base).replace(os.sep, "/")
    return hrefs


# ---------------------------------------------------------------- the diff
HEADING = "heading"


def diff_placements(diff) -> list[tuple]:
    """Per changed heading: (node, old placements, new placements), in report order.

    A placement is (first line, mark kind, unit text, caption). A heading that
    was renamed, moved, added or removed is outlined itself; each changed prose
    unit is outlined on its side. A side with nothing outlined shows the
    heading's own page, its line framed lightly, so the editor sees where the
    change would stand.
    """
    from checker.diff import ADDED, MODIFIED, MOVED, REMOVED, RENAMED

    structural = {RENAMED, MOVED, ADDED, REMOVED}
    counted = {id(node) for node in diff.counted_headings() if node.aspects & structural}
    result = []
    for node in diff.root.walk():
        if not (node.text_changes or id(node) in counted):
            continue
        old, new = [], []
        if id(node) in counted:
            if node.old is not None and node.aspects & {RENAMED, MOVED, REMOVED}:
                old.append((node.old.location.line, DELETED, None, label("heading")))
            if node.new is not None and node.aspects & {RENAMED, MOVED, ADDED}:
                new.append((node.new.location.line, INSERTED, None, label("heading")))
        for change in node.text_changes:
            if change.status in (MODIFIED, REMOVED) and change.old_location is not None:
                old.append((change.old_location.line, DELETED, change.old_text, label("deleted")))
            if change.status in (MODIFIED, ADDED) and change.new_location is not None:
                new.append((change.new_location.line, INSERTED, change.new_text, label("inserted")))
        for placements, ref in ((old, node.old), (new, node.new)):
            if not placements and ref is not None and node.kind != "document":
                placements.append((ref.location.line, HEADING, None, label("heading")))
        result.append((node, old, new))
    return result


def diff_requests(diff, old_raw, new_raw) -> dict:
    """What to render for a diff report: every page small, the changed ones large."""
    old_lines, new_lines = [], []
    for _, old, new in diff_placements(diff):
        old_lines.extend(first for first, *_ in old)
        new_lines.extend(first for first, *_ in new)
    requests: dict = {}
    for raw, lines in ((old_raw, old_lines), (new_raw, new_lines)):
        wanted = requests.setdefault(raw.path, set())
        wanted |= page_requests(raw.lines, lines)
        wanted |= {(index, THUMBNAIL_SCALE) for index in range(raw.page_count or 0)}
    return requests


def pages_anchor(node) -> str:
    return f"pg-{node.anchor or 'root'}"


def diff_pages_section(diff, page_images: PageImages | None) -> etree._Element | None:
    """The section that shows, per changed heading, the old and new pages side by side."""
    if page_images is None:
        return None
    old_doc, new_doc = page_images.get(diff.old_path), page_images.get(diff.new_path)
    section = _el("section", _el("h2", label("pages")), id="pages")
    same = old_doc is new_doc  # an edition against itself: say it once
    notes = [note for note in (status_note(old_doc), None if same else status_note(new_doc)) if note is not None]
    for note in notes:
        section.append(note)
    placements = diff_placements(diff)
    changed_old, changed_new = {}, {}
    for node, old, new in placements:
        for document, placed, changed in ((old_doc, old, changed_old), (new_doc, new, changed_new)):
            for first_line, kind, *_ in placed:
                line = document.line(first_line) if document else None
                if line is not None and kind != HEADING:
                    changed.setdefault(line.page_index, pages_anchor(node))
    strip = overview_strip([(label("old"), old_doc, changed_old), (label("new"), new_doc, changed_new)])
    if strip is not None:
        section.append(strip)
    if not any(document and document.images for document in (old_doc, new_doc)):
        return section
    section.append(_el("p", label("pages_note"), class_="note"))
    for node, old, new in placements:
        section.append(_diff_node_pages(node, old_doc, old, new_doc, new))
    return section


def _diff_node_pages(node, old_doc, old, new_doc, new) -> etree._Element:
    ref = node.ref
    title = " › ".join((*ref.path, ref.label)) if node.kind != "document" else ""
    article = _el("article", _el("h3", title), class_="page-pair", id=pages_anchor(node))
    links = _el("p", class_="back")
    if node.text_changes:
        links.append(_el("a", label("to_text"), href=f"#t-{node.anchor}"))
    if node.anchor:
        if len(links):
            links[-1].tail = "　"
        links.append(_el("a", label("to_outline"), href=f"#{node.anchor}"))
    article.append(links)
    row = _el("div", class_="pair page-sides")
    for heading, document, placed, side in ((label("old"), old_doc, old, "old"), (label("new"), new_doc, new, "new")):
        cell = _el("div", _el("div", heading, class_="side-label"), class_=f"side {side}")
        shots = figures(document, placed)
        if shots:
            cell.append(_el("div", *shots, class_="shots"))
        elif not placed:
            cell.append(_el("p", label("absent"), class_="absent"))
        row.append(cell)
    article.append(row)
    return article


def findings_requests(findings, raws) -> dict:
    """What to render for a findings report: the pages of each finding and its related locations."""
    first_lines: dict = {}
    for finding in findings:
        for location in (finding.location, *finding.related):
            first_lines.setdefault(location.path, []).append(location.line)
    return {raw.path: page_requests(raw.lines, first_lines.get(raw.path, ())) for raw in raws}
