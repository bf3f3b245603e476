"""Word (DOCX) to ``SourceLine`` records: paragraphs, tables and estimated pages.

A paragraph is a line (its runs joined as typed; a line break ``w:br`` or
``w:cr`` starts a new one); a table row is a line of TAB-joined cells. Each
line carries its outline level when its paragraph or style gives one.

Word does not store its layout, so pages are estimated from what the file
records: explicit page breaks (``w:br w:type="page"``, *page break before*,
section breaks that start a new page) and the ``w:lastRenderedPageBreak``
marks Word leaves where its last layout broke pages. The document says so
(``page_estimated``); with no break at all, pages are unknown.

Headers and footers are not part of the body (the document notes what was
left out); tracked deletions and field instructions are not text. A table of
contents field is read from its cached entries, each entry's TAB before the
page number written as a leader (``……``), as the printed contents shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from checker.errors import InputError
from checker.reading.ooxml import Package, local_name, message
from checker.reading.records import RawDocument, SourceLine

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W, "mc": MC}
WVAL = f"{{{W}}}val"

# Subtrees of a paragraph that hold no text of it: properties, deleted and
# moved-away revisions, text boxes (read as paragraphs of their own), and the
# fallback copy of alternate content.
SKIPPED = {"pPr", "rPr", "del", "moveFrom", "txbxContent", "Fallback", "delText", "sectPr"}
HEADING_STYLE = regex.compile(r"^(?:heading|見出し)\s*(?P<level>[1-9])$", regex.IGNORECASE)
TOC_STYLE = regex.compile(r"^(?:toc|目次)\s*\d*$", regex.IGNORECASE)
TOC_ENTRY_PAGE = regex.compile(r"^(?P<title>.*\S)\s*\t\s*(?P<page>\d{1,4})\s*$")
TOC_LEADER = "……"
NEW_PAGE_SECTIONS = ("nextPage", "oddPage", "evenPage")


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    outline_level: int | None = None
    page_break_before: bool = False


def read_styles(package: Package, document_part: str) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    parts = package.related(document_part, "/styles")
    if not parts or not package.has(parts[0]):
        return styles
    for node in package.xml(parts[0]).iterfind("w:style", NS):
        name = node.find("w:name", NS)
        based = node.find("w:basedOn", NS)
        level = node.find("w:pPr/w:outlineLvl", NS)
        styles[node.get(f"{{{W}}}styleId", "")] = _Style(
            name=name.get(WVAL, "") if name is not None else "",
            based_on=based.get(WVAL) if based is not None else None,
            outline_level=_int(level.get(WVAL)) if level is not None else None,
            page_break_before=_on(node.find("w:pPr/w:pageBreakBefore", NS)),
        )
    return styles


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _on(node) -> bool:
    return node is not None and node.get(WVAL, "true") not in ("0", "false", "off")


def _style_chain(styles: dict[str, _Style], style_id: str | None):
    seen = set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        yield styles[style_id]
        style_id = styles[style_id].based_on


def heading_level(paragraph, styles: dict[str, _Style]) -> int | None:
    """1-based outline level from the paragraph, its style chain, or a Heading N style name."""
    direct = paragraph.find("w:pPr/w:outlineLvl", NS)
    if direct is not None:
        level = _int(direct.get(WVAL))
        return level + 1 if level is not None and level < 9 else None
    for style in _style_chain(styles, _style_id(paragraph)):
        if style.outline_level is not None:
            return style.outline_level + 1 if style.outline_level < 9 else None
        match = HEADING_STYLE.match(style.name)
        if match:
            return int(match["level"])
    return None


def _style_id(paragraph) -> str | None:
    node = paragraph.find("w:pPr/w:pStyle", NS)
    return node.get(WVAL) if node is not None else None


@dataclass
class _Line:
    text: str
    ref: str
    level: int | None = None
    page: int = 0
    section: int = 0


@dataclass
class _Pager:
    """Page index as breaks arrive.

    Word writes a ``lastRenderedPageBreak`` right after an explicit break too,
    so a rendered break on a page nothing has been written to yet counts once
    with the break before it; explicit breaks always count (an empty page is a page).
    """

    page: int = 0
    fresh: bool = True  # nothing written on this page since it began
    started: bool = False  # anything written at all
    breaks: int = 0

    def new_page(self, explicit: bool = True) -> None:
        self.breaks += 1
        if (explicit and self.started) or not self.fresh:
            self.page += 1
            self.fresh = True

    def wrote(self, text: str) -> None:
        if text.strip():
            self.fresh = False
            self.started = True


@dataclass
class _FieldState:
    """Complex fields (begin / separate / end) across runs and paragraphs."""

    stack: list[list] = field(default_factory=list)  # [instruction, in_result]

    def visible(self) -> bool:
        return all(in_result for _, in_result in self.stack)

    def in_toc(self) -> bool:
        return any(instruction.strip().upper().startswith("TOC") and in_result for instruction, in_result in self.stack)


class _BodyReader:
    """The body's block content in order, as lines with their page estimates."""

    def __init__(self, styles: dict[str, _Style], section_types: list[str]) -> None:
        self.styles = styles
        self.section_types = section_types
        self.section = 0
        self.pager = _Pager()
        self.fields = _FieldState()
        self.lines: list[_Line] = []
        self.paragraphs = 0
        self.tables = 0
        self.current_ref = ""
        self.split_by_page = False
        self.current_level: int | None = None

    def blocks(self, container) -> None:
        for child in container:
            name = local_name(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            elif name in ("sdt", "customXml"):
                content = child.find("w:sdtContent", NS) if name == "sdt" else child
                if content is not None:
                    self.blocks(content)

    # ---------------------------------------------------------------- paragraphs
    def paragraph(self, paragraph, ref: str | None = None) -> None:
        self.paragraphs += 1
        ref = ref or f"paragraph {self.paragraphs}"
        if self._breaks_before(paragraph):
            self.pager.new_page()
        toc_before = self.fields.in_toc()
        self.current_ref, self.current_level = ref, heading_level(paragraph, self.styles)
        level = self.current_level
        pieces: list[str] = [""]
        boxes: list = []
        self.split_by_page = False
        self._runs(paragraph, pieces, boxes)
        if self.split_by_page and pieces == [""]:
            pieces = []  # the paragraph only held the page break
        in_toc = toc_before or self.fields.in_toc() or any(TOC_STYLE.match(s.name) for s in _style_chain(self.styles, _style_id(paragraph)))
        for text in pieces:
            if in_toc:
                text = _toc_entry(text)
            self._emit(text, ref, level)
        for box in boxes:
            for inner in box.iterfind("w:p", NS):
                self.paragraph(inner, ref=f"{ref}, text box")
        if paragraph.find("w:pPr/w:sectPr", NS) is not None:
            self.section += 1
            if self.section < len(self.section_types) and self.section_types[self.section] in NEW_PAGE_SECTIONS:
                self.pager.new_page()

    def _breaks_before(self, paragraph) -> bool:
        direct = paragraph.find("w:pPr/w:pageBreakBefore", NS)
        if direct is not None:
            return _on(direct)
        return any(style.page_break_before for style in _style_chain(self.styles, _style_id(paragraph)))

    def _emit(self, text: str, ref: str, level: int | None) -> None:
        self.pager.wrote(text)
        self.lines.append(_Line(text, ref, level, self.pager.page, self.section))

    def _runs(self, node, pieces: list[str], boxes: list) -> None:
        """Walk a paragraph's content in document order, collecting its visible text."""
        for child in node:
            name = local_name(child)
            if name in SKIPPED:
                if name == "txbxContent":
                    boxes.append(child)
                continue
            if name == "fldChar":
                self._field_char(child.get(f"{{{W}}}fldCharType"))
            elif name == "instrText":
                if self.fields.stack:
                    self.fields.stack[-1][0] += child.text or ""
            elif name == "t":
                if self.fields.visible():
                    pieces[-1] += child.text or ""
            elif name in ("tab", "ptab") and self.fields.visible():
                pieces[-1] += "\t"
            elif name in ("br", "cr"):
                self._line_break(child, pieces)
            elif name == "lastRenderedPageBreak":
                self._rendered_break(pieces)
            elif name == "noBreakHyphen" and self.fields.visible():
                pieces[-1] += "\u2011"
            elif name == "AlternateContent":
                choice = child.find("mc:Choice", NS)
                if choice is not None:
                    self._runs(choice, pieces, boxes)
            elif name == "fldSimple" and child.get(f"{{{W}}}instr", "").strip().upper().startswith("TOC"):
                self.fields.stack.append([child.get(f"{{{W}}}instr", ""), True])
                self._runs(child, pieces, boxes)
                self.fields.stack.pop()
            else:
                self._runs(child, pieces, boxes)

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.stack.append(["", False])
        elif kind == "separate" and self.fields.stack:
            self.fields.stack[-1][1] = True
        elif kind == "end" and self.fields.stack:
            self.fields.stack.pop()

    def _line_break(self, node, pieces: list[str]) -> None:
        kind = node.get(f"{{{W}}}type")
        if kind == "page":
            self._split_for_page(pieces)
        else:  # a line break, or a column break (read as one)
            pieces.append("")

    def _split_for_page(self, pieces: list[str], explicit: bool = True) -> None:
        """An explicit page break inside a paragraph: the text before stays on this page."""
        if any(pieces):
            for text in pieces:
                self._emit(text, self.current_ref, self.current_level)
        self.split_by_page = True
        pieces[:] = [""]
        self.pager.new_page(explicit)

    def _rendered_break(self, pieces: list[str]) -> None:
        """Word broke the page here last time: before any text, the paragraph starts the page."""
        if not any(piece for piece in pieces):
            self.pager.new_page(explicit=False)
        else:
            self._split_for_page(pieces, explicit=False)

    # -------------------------------------------------------------------- tables
    def table(self, table) -> None:
        self.tables += 1
        table_number = self.tables
        for row_number, row in enumerate(table.iterfind("w:tr", NS), start=1):
            cells = [self._cell_lines(cell) for cell in row.iterfind("w:tc", NS)]
            depth = max((len(lines) for lines in cells), default=0)
            for k in range(depth):
                self._emit("\t".join(lines[k] if k < len(lines) else "" for lines in cells), f"table {table_number}, row {row_number}", None)

    def _cell_lines(self, cell) -> list[str]:
        """A cell's paragraphs (and nested tables) as lines, read by a reader of their own."""
        inner = _BodyReader(self.styles, [])
        inner.fields = self.fields
        inner.blocks(cell)
        return [line.text for line in inner.lines] or [""]


def _toc_entry(text: str) -> str:
    match = TOC_ENTRY_PAGE.match(text)
    return f"{match['title']}{TOC_LEADER}{match['page']}" if match else text


def _section_types(body) -> list[str]:
    """How each section starts, in order (the sectPr ending it says so)."""
    kinds = []
    for sect in body.iter(f"{{{W}}}sectPr"):
        node = sect.find("w:type", NS)
        kinds.append(node.get(WVAL, "nextPage") if node is not None else "nextPage")
    return kinds


def _section_number_starts(body) -> list[int | None]:
    """Where each section restarts its page numbers (``w:pgNumType w:start``), in order."""
    return [_int(sect.find("w:pgNumType", NS).get(f"{{{W}}}start")) if sect.find("w:pgNumType", NS) is not None else None
            for sect in body.iter(f"{{{W}}}sectPr")]


def printed_pages(lines: list[_Line], starts: list[int | None]) -> list[int | None]:
    """The page number Word prints on each line's page, where a section restarts numbering.

    Numbering runs on from section to section unless a section gives a start; a
    section that begins on the page where the last one ended (a continuous
    break) shares its number. Without any restart, nothing is known beyond the
    physical page, so every line gets None.
    """
    if not any(start is not None for start in starts):
        return [None] * len(lines)
    first_page: dict[int, int] = {}
    last_page: dict[int, int] = {}
    for line in lines:
        first_page.setdefault(line.section, line.page)
        last_page[line.section] = line.page
    first_number: dict[int, int] = {}
    previous = None
    for section in sorted(first_page):
        start = starts[section] if section < len(starts) else None
        if start is not None:
            first_number[section] = start
        elif previous is None:
            first_number[section] = first_page[section] + 1
        else:
            previous_last = first_number[previous] + last_page[previous] - first_page[previous]
            first_number[section] = previous_last + first_page[section] - last_page[previous]
        previous = section
    return [first_number[line.section] + line.page - first_page[line.section] for line in lines]


def _notes(package: Package, document_part: str, has_pages: bool) -> tuple[str, ...]:
    notes = [message("note_pages_estimated") if has_pages else message("note_no_page_breaks")]
    headers = package.related(document_part, "/header") + package.related(document_part, "/footer")
    if headers:
        notes.append(message("note_headers_left_out", count=len(headers)))
    if any(package.related(document_part, suffix) for suffix in ("/footnotes", "/endnotes", "/comments")):
        notes.append(message("note_footnotes_left_out"))
    return tuple(notes)


def extract_docx(path: str, profile=None) -> RawDocument:
    """Read a Word document (in the limited worker): the body, in order."""
    with Package(path) as package:
        document_part = package.main_part()
        root = package.xml(document_part)
        body = root.find("w:body", NS)
        if body is None:
            raise InputError(message("bad_xml", path=path, part=document_part, detail="no w:body"))
        reader = _BodyReader(read_styles(package, document_part), _section_types(body))
        reader.blocks(body)
        numbering = printed_pages(reader.lines, _section_number_starts(body))
        has_pages = reader.pager.breaks > 0
        notes = _notes(package, document_part, has_pages)
    if not any(line.text.strip() for line in reader.lines):
        raise InputError(message("no_text", path=path, kind="Word document"))
    pages = reader.pager.page + 1
    lines = [
        SourceLine(
            number=number,
            text=line.text,
            page_index=line.page if has_pages else None,
            printed_page=printed if has_pages else None,
            source_ref=line.ref,
            heading_level=line.level,
        )
        for number, (line, printed) in enumerate(zip(reader.lines, numbering), start=1)
    ]
    return RawDocument(
        path=path,
        lines=lines,
        source_kind="docx",
        has_pages=has_pages,
        page_count=pages if has_pages else None,
        page_estimated=has_pages,
        notes=notes,
    )
