"""PowerPoint (PPTX) to ``SourceLine`` records: a slide is a page.

Shapes are read in the order a reader's eye takes them on a booklet slide: the
title placeholder (the title bar) first, then the rest by position, cut
recursively into bands (``checker.reading.slide_order``): a strip across the
top, then panels left to right, each read top to bottom. Group shapes are
flattened through their transforms; a table is read row by row, its cells
joined by TAB; speaker notes are not read. Runs are joined exactly as typed,
and the author's paragraphs and line breaks (``a:br``) are kept as lines.

A slide's page label is what its slide-number placeholder prints (the
``slidenum`` field computed as PowerPoint does, with the text around it), else
the slide's number. Hidden slides are skipped, and the document says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.errors import InputError
from checker.reading.ooxml import Package, local_name, message
from checker.reading.records import RawDocument, SourceLine
from checker.reading.slide_order import Box, reading_order

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"a": A, "p": P, "r": R, "mc": MC}

TITLE_TYPES = ("title", "ctrTitle")
# A lone number this near (fraction of the slide's height) the top or bottom edge is a page label.
EDGE_BAND = 0.12
FOOTER_TYPES = ("sldNum", "ftr", "dt")
# Master placeholders are found by a coarser type than the slide's.
MASTER_TYPE = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}


@dataclass
class _Block:
    """A shape's text, where it stands, and how to name its lines."""

    name: str
    box: Box | None
    placeholder: str | None  # placeholder type ("title", "sldNum", ...) or None
    lines: list[tuple[str, str]] = field(default_factory=list)  # (text, where in the shape)
    prints_slide_number: bool = False  # holds a slidenum field


@dataclass(frozen=True)
class _Affine:
    """Child coordinates to slide coordinates: x' = sx * x + dx, y' = sy * y + dy."""

    sx: float = 1.0
    dx: float = 0.0
    sy: float = 1.0
    dy: float = 0.0

    def box(self, x: float, y: float, cx: float, cy: float) -> Box:
        return Box(self.sx * x + self.dx, self.sy * y + self.dy, self.sx * (x + cx) + self.dx, self.sy * (y + cy) + self.dy)

    def then_group(self, xfrm) -> _Affine:
        """Compose with a group's transform (its child frame mapped onto its frame)."""
        off, ext, child_off, child_ext = (_pair(xfrm, tag) for tag in ("a:off", "a:ext", "a:chOff", "a:chExt"))
        if None in (off, ext):
            return self
        child_off = child_off or (0.0, 0.0)
        child_ext = child_ext if child_ext and child_ext[0] and child_ext[1] else ext
        scale_x, scale_y = ext[0] / child_ext[0] if child_ext[0] else 1.0, ext[1] / child_ext[1] if child_ext[1] else 1.0
        inner = _Affine(scale_x, off[0] - child_off[0] * scale_x, scale_y, off[1] - child_off[1] * scale_y)
        return _Affine(self.sx * inner.sx, self.sx * inner.dx + self.dx, self.sy * inner.sy, self.sy * inner.dy + self.dy)


def _pair(xfrm, tag: str) -> tuple[float, float] | None:
    node = xfrm.find(tag, NS) if xfrm is not None else None
    if node is None:
        return None
    first, second = ("x", "y") if node.get("x") is not None else ("cx", "cy")
    try:
        return float(node.get(first, "0")), float(node.get(second, "0"))
    except ValueError:
        return None


def _xfrm_box(xfrm, transform: _Affine) -> Box | None:
    off, ext = _pair(xfrm, "a:off"), _pair(xfrm, "a:ext")
    if off is None or ext is None:
        return None
    return transform.box(off[0], off[1], ext[0], ext[1])


# ---------------------------------------------------------------------- text
def paragraph_lines(paragraph, slide_number: int) -> list[str]:
    """A paragraph's runs joined as typed; ``a:br`` starts a new line."""
    lines = [""]
    for child in paragraph:
        name = local_name(child)
        if name == "r":
            lines[-1] += "".join(node.text or "" for node in child.iterfind("a:t", NS))
        elif name == "br":
            lines.append("")
        elif name == "fld":
            if child.get("type") == "slidenum":
                lines[-1] += str(slide_number)
            else:
                lines[-1] += "".join(node.text or "" for node in child.iterfind("a:t", NS))
    return lines


def text_body_lines(body, slide_number: int) -> list[tuple[str, int]]:
    """(line, paragraph number) for a text body; trailing empty paragraphs dropped."""
    result: list[tuple[str, int]] = []
    for index, paragraph in enumerate(body.iterfind("a:p", NS), start=1):
        result.extend((line, index) for line in paragraph_lines(paragraph, slide_number))
    while result and not result[-1][0].strip():
        result.pop()
    return result


def table_rows(table, slide_number: int) -> list[tuple[str, int]]:
    """(row line, row number): cells joined by TAB; a cell's k-th line with the others' k-th."""
    rows = []
    for row_number, row in enumerate(table.iterfind("a:tr", NS), start=1):
        cells = []
        for cell in row.iterfind("a:tc", NS):
            if cell.get("hMerge") in ("1", "true"):
                continue  # covered by the cell to its left
            if cell.get("vMerge") in ("1", "true"):
                cells.append([""])
                continue
            body = cell.find("a:txBody", NS)
            lines = [text for text, _ in text_body_lines(body, slide_number)] if body is not None else []
            cells.append(lines or [""])
        depth = max((len(lines) for lines in cells), default=0)
        for k in range(depth):
            rows.append(("\t".join(lines[k] if k < len(lines) else "" for lines in cells), row_number))
    return rows


# -------------------------------------------------------------------- shapes
class _SlideReader:
    """One slide's shapes as blocks of lines, placeholders positioned from layout and master."""

    def __init__(self, package: Package, slide_part: str, slide_number: int, templates: dict) -> None:
        self.package = package
        self.slide_part = slide_part
        self.slide_number = slide_number
        self.root = package.xml(slide_part)
        self.templates = templates  # layout or master part -> _Template, shared by the slides
        self.unread_graphics = 0  # SmartArt diagrams and charts: their text lives in other parts
        self.inherited = self._inherited_placeholders()

    def hidden(self) -> bool:
        return self.root.get("show") in ("0", "false")

    def _inherited_placeholders(self) -> list[dict]:
        """Placeholder boxes of the slide's layout, then of its master."""
        found = []
        layouts = self.package.related(self.slide_part, "/slideLayout")
        if layouts:
            found.append(self._template(layouts[0]).boxes)
            masters = self.package.related(layouts[0], "/slideMaster")
            if masters:
                found.append(self._template(masters[0]).boxes)
        return found

    def _template(self, part: str) -> _Template:
        if part not in self.templates:
            root = self.package.xml(part)
            self.templates[part] = _Template(_placeholder_boxes(root), _has_static_text(root))
        return self.templates[part]

    def placeholder_box(self, placeholder) -> Box | None:
        kind = placeholder.get("type", "obj")
        index = placeholder.get("idx")
        for level, boxes in enumerate(self.inherited):
            for key in (("idx", index), ("type", kind), ("type", MASTER_TYPE.get(kind, kind))):
                if (level == 0 or key[0] == "type") and key in boxes:
                    return boxes[key]
        return None

    def blocks(self) -> list[_Block]:
        tree = self.root.find("p:cSld/p:spTree", NS)
        blocks: list[_Block] = []
        if tree is not None:
            self._walk(tree, _Affine(), blocks)
        return blocks

    def _walk(self, container, transform: _Affine, blocks: list[_Block]) -> None:
        for shape in container:
            name = local_name(shape)
            if name == "AlternateContent":
                chosen = shape.find("mc:Fallback", NS)
                if chosen is None:
                    chosen = shape.find("mc:Choice", NS)
                if chosen is not None:
                    self._walk(chosen, transform, blocks)
            elif name == "grpSp":
                if not _is_hidden(shape, "p:nvGrpSpPr"):
                    self._walk(shape, transform.then_group(shape.find("p:grpSpPr/a:xfrm", NS)), blocks)
            elif name == "sp" and not _is_hidden(shape, "p:nvSpPr"):
                block = self._shape_block(shape, transform)
                if block.lines:
                    blocks.append(block)
            elif name == "graphicFrame" and not _is_hidden(shape, "p:nvGraphicFramePr"):
                block = self._table_block(shape, transform)
                if block is not None and block.lines:
                    blocks.append(block)

    def _shape_block(self, shape, transform: _Affine) -> _Block:
        shape_name = _shape_name(shape, "p:nvSpPr")
        placeholder = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
        box = _xfrm_box(shape.find("p:spPr/a:xfrm", NS), transform)
        if box is None and placeholder is not None:
            box = self.placeholder_box(placeholder)
        block = _Block(shape_name, box, placeholder.get("type", "obj") if placeholder is not None else None)
        body = shape.find("p:txBody", NS)
        if body is not None:
            block.prints_slide_number = body.find(".//a:fld[@type='slidenum']", NS) is not None
            for text, paragraph in text_body_lines(body, self.slide_number):
                block.lines.append((text, f"shape '{shape_name}', paragraph {paragraph}"))
        return block

    def _table_block(self, frame, transform: _Affine) -> _Block | None:
        table = frame.find("a:graphic/a:graphicData/a:tbl", NS)
        if table is None:
            data = frame.find("a:graphic/a:graphicData", NS)
            if data is not None and data.get("uri", "").endswith(("/diagram", "/chart")):
                self.unread_graphics += 1
            return None
        name = _shape_name(frame, "p:nvGraphicFramePr")
        block = _Block(name, _xfrm_box(frame.find("p:xfrm", NS), transform), None)
        for text, row in table_rows(table, self.slide_number):
            block.lines.append((text, f"table '{name}', row {row}"))
        return block


def _shape_name(shape, properties: str) -> str:
    node = shape.find(f"{properties}/p:cNvPr", NS)
    return node.get("name", "") if node is not None else ""


def _is_hidden(shape, properties: str) -> bool:
    node = shape.find(f"{properties}/p:cNvPr", NS)
    return node is not None and node.get("hidden") in ("1", "true")


@dataclass(frozen=True)
class _Template:
    """A layout or master: its placeholders' boxes, and whether it prints text of its own."""

    boxes: dict
    static_text: bool


def _has_static_text(root) -> bool:
    """Text in a shape that is no placeholder (a logo, a running footer): shown on every slide."""
    for shape in root.iter(f"{{{P}}}sp"):
        if shape.find("p:nvSpPr/p:nvPr/p:ph", NS) is None and "".join(shape.itertext()).strip():
            return True
    return False


def _placeholder_boxes(root) -> dict:
    boxes: dict = {}
    for shape in root.iter(f"{{{P}}}sp"):
        placeholder = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
        box = _xfrm_box(shape.find("p:spPr/a:xfrm", NS), _Affine())
        if placeholder is None or box is None:
            continue
        if placeholder.get("idx") is not None:
            boxes.setdefault(("idx", placeholder.get("idx")), box)
        boxes.setdefault(("type", placeholder.get("type", "obj")), box)
    return boxes


# ------------------------------------------------------------------- the deck
def ordered_blocks(blocks: list[_Block], slide_width: float, slide_height: float) -> list[_Block]:
    """Title placeholders, then the body by position, then footer placeholders."""
    titles = [block for block in blocks if block.placeholder in TITLE_TYPES]
    footers = [block for block in blocks if block.placeholder in FOOTER_TYPES]
    rest = [block for block in blocks if block.placeholder not in TITLE_TYPES + FOOTER_TYPES]
    placed = [block for block in rest if block.box is not None]
    unplaced = [block for block in rest if block.box is None]
    order = reading_order([block.box for block in placed], slide_width, slide_height)
    return titles + [placed[index] for index in order] + unplaced + footers


def _is_page_label(block: _Block, page_pattern, slide_height: float):
    """The match of a one-line block that prints the page number: a slide-number or
    footer placeholder, a slidenum field, or a lone number near the top or bottom edge."""
    if len(block.lines) != 1:
        return None
    match = page_pattern.match(block.lines[0][0])
    if match is None:
        return None
    near_edge = block.box is not None and (
        block.box.y1 <= slide_height * EDGE_BAND or block.box.y0 >= slide_height * (1 - EDGE_BAND)
    )
    if block.placeholder in ("sldNum", "ftr") or block.prints_slide_number or near_edge:
        return match
    return None


def slide_lines(blocks: list[_Block], page_index: int, slide_number: int, page_pattern, first_number: int, slide_height: float) -> list[SourceLine]:
    """A slide's lines; the block that prints the page number labels the page."""
    printed_page = slide_number
    label_text = None
    for block in blocks:
        match = _is_page_label(block, page_pattern, slide_height)
        if match:
            printed_page, label_text = int(match["page"]), block.lines[0]
            break
    lines = []
    for block in blocks:
        for text, where in block.lines:
            lines.append(
                SourceLine(
                    number=first_number + len(lines),
                    text=text,
                    page_index=page_index,
                    printed_page=printed_page,
                    bbox=block.box.as_tuple() if block.box else None,
                    role="page_number" if (text, where) == label_text else "",
                    source_ref=f"slide {slide_number}, {where}",
                )
            )
    return lines


def _slide_parts(package: Package, presentation_part: str, presentation) -> list[str]:
    relationships = package.relationships(presentation_part)
    parts = []
    for slide_id in presentation.iterfind("p:sldIdLst/p:sldId", NS):
        rel = relationships.get(slide_id.get(f"{{{R}}}id", ""))
        if rel is not None:
            parts.append(rel[1])
    return parts


def _slide_size(presentation) -> tuple[float, float]:
    size = presentation.find("p:sldSz", NS)
    if size is None:
        return 12192000.0, 6858000.0  # PowerPoint's 16:9 default
    return float(size.get("cx", "12192000")), float(size.get("cy", "6858000"))


def extract_pptx(path: str, profile) -> RawDocument:
    """Read a deck (in the limited worker): every visible slide, in order."""
    with Package(path) as package:
        presentation_part = package.main_part()
        presentation = package.xml(presentation_part)
        width, height = _slide_size(presentation)
        first_number = int(presentation.get("firstSlideNum", "1") or 1)
        page_pattern = profile.compiled("page_number")
        lines: list[SourceLine] = []
        hidden: list[int] = []
        with_graphics: list[int] = []
        templates: dict = {}
        page_index = 0
        for position, part in enumerate(_slide_parts(package, presentation_part, presentation)):
            slide_number = first_number + position
            slide = _SlideReader(package, part, slide_number, templates)
            if slide.hidden():
                hidden.append(slide_number)
                continue
            blocks = ordered_blocks(slide.blocks(), width, height)
            if slide.unread_graphics:
                with_graphics.append(slide_number)
            lines.extend(slide_lines(blocks, page_index, slide_number, page_pattern, len(lines) + 1, height))
            page_index += 1
    if not any(line.text.strip() for line in lines):
        raise InputError(message("no_text", path=path, kind="PowerPoint presentation"))
    notes = [message("note_speaker_notes")]
    if with_graphics:
        notes.append(message("note_graphics", numbers=", ".join(map(str, with_graphics))))
    if any(template.static_text for template in templates.values()):
        notes.append(message("note_template_text"))
    if hidden:
        notes.insert(0, message("note_hidden_slides", numbers=", ".join(map(str, hidden))))
    return RawDocument(
        path=path, lines=lines, source_kind="pptx", has_pages=True, page_count=page_index, notes=tuple(notes)
    )

