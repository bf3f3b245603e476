"""The plain data model every part of checker shares.

Readers turn a file into ``SourceLine`` records; the parser turns those into a
tree of ``Node`` objects and a ``Ledger`` of budget entries. Rules, the diff and
reports read these objects and nothing else: they never see pdfminer.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Iterator

from checker.booklet.location import Location  # noqa: F401 - part of the model
from checker.booklet.profile import DEFAULT_PROFILE, Profile
from checker.reading.records import RawDocument, SourceLine  # noqa: F401 - part of the model

# Node kinds, from the top of the tree down.
DOCUMENT = "document"
FRONT_MATTER = "front_matter"
TOC = "toc"
TOC_ENTRY = "toc_entry"
CHAPTER = "chapter"
SECTION = "section"
TOPIC = "topic"
ITEM = "item"
SUBITEM = "subitem"
PARAGRAPH = "paragraph"
BULLET = "bullet"
BUDGET = "budget"
NOTE = "note"
CAPTION = "caption"
RUNNING_HEADER = "running_header"
PAGE_LABEL = "page_label"
UNCLASSIFIED = "unclassified"

HEADING_KINDS = (CHAPTER, SECTION, TOPIC, ITEM, SUBITEM)
CONTENT_KINDS = (PARAGRAPH, BULLET, BUDGET, NOTE, CAPTION)
# What makes a body: an outline or a contents page has none of these (the contents hold toc entries).
BODY_KINDS = CONTENT_KINDS


@dataclass(frozen=True)
class Paragraph:
    """A stretch of running text: consecutive content lines of one heading read as one.

    The parser gives every logical line its own content node (prose, caption,
    bullet, note); a paragraph groups the nodes that read on from one another,
    decided once in ``checker.booklet.paragraphs`` so that the rules, the
    repeat comparison and the diff read the same text. ``text`` is the lines,
    each stripped, joined directly (Japanese has no word spaces) or with one
    space between two Latin words; ``starts`` is where each line begins in it,
    so an offset maps back to its line (``line_at``) and, through the line's
    ``row_breaks``, to the printed row of the page (``row_at``).

    ``kind`` is the paragraph's one kind: ``PARAGRAPH`` (prose), ``BULLET``,
    ``NOTE``, ``CAPTION`` (a figure or diagram label), ``UNCLASSIFIED`` (text
    before any heading) or ``FRONT_MATTER``.
    """

    kind: str
    lines: tuple[SourceLine, ...]
    text: str
    starts: tuple[int, ...]
    # The content nodes (one per logical line) it groups; empty for front matter.
    nodes: tuple["Node", ...] = field(default=(), compare=False, repr=False)

    def line_index_at(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def line_at(self, offset: int) -> SourceLine:
        """The line holding ``offset`` (a separator belongs to the line before it)."""
        return self.lines[self.line_index_at(offset)]

    def offset_in_line(self, offset: int) -> int:
        """``offset`` as a position in its line's own (unstripped) text."""
        index = self.line_index_at(offset)
        line = self.lines[index]
        indent = len(line.text) - len(line.text.lstrip())
        return offset - self.starts[index] + indent

    def row_at(self, offset: int) -> int:
        """How many printed rows below its line's first row ``offset`` stands
        (0 unless the reader joined wrapped rows into the line)."""
        line = self.line_at(offset)
        position = self.offset_in_line(offset)
        return sum(1 for start in line.row_breaks if start <= position)


@dataclass
class Node:
    """A node of the document tree.

    ``lines`` are the verbatim source lines the node owns (its heading line for a
    heading node, its text for a content node). ``title`` is the heading text
    without its number, verbatim; ``number`` the heading number as printed.
    ``paragraphs`` group the node's own content children (or a front matter's
    lines) into running text; every content child is in exactly one of them.
    """

    kind: str
    lines: list[SourceLine] = field(default_factory=list)
    title: str = ""
    number: str | None = None
    children: list[Node] = field(default_factory=list)
    is_repeat: bool = False  # marked 再掲
    headers: list[Node] = field(default_factory=list)  # running headers / continuation headings
    attrs: dict = field(default_factory=dict)
    block_id: int | None = None  # a budget node's block in the ledger (``BudgetBlock.block_id``)
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def first_line(self) -> SourceLine | None:
        return self.lines[0] if self.lines else None

    def walk(self) -> Iterator[Node]:
        """This node and its descendants, depth first, parents before children."""
        # A stack of child iterators, not nested generators: a recursive ``yield from``
        # passes every node up through each ancestor's generator (rules walk the tree often).
        yield self
        stack = [iter(self.children)]
        while stack:
            for child in stack[-1]:
                yield child
                stack.append(iter(child.children))
                break
            else:
                stack.pop()

    def find(self, kind: str) -> Iterator[Node]:
        return (node for node in self.walk() if node.kind == kind)

    def all_lines(self) -> Iterator[SourceLine]:
        """Every source line owned by this node, its headers and its descendants."""
        yield from self.lines
        for header in self.headers:
            yield from header.all_lines()
        for child in self.children:
            yield from child.all_lines()

    @property
    def bare_title(self) -> str:
        from checker.booklet.text import strip_repeat_marker

        return strip_repeat_marker(self.title)

    def label(self) -> str:
        if self.number is not None:
            return f"{self.number} {self.title}".strip()
        return self.title or self.text.split("\n", 1)[0]


@dataclass(frozen=True)
class TocEntry:
    """A table-of-contents entry: level, number, title and the printed page it names."""

    level: str  # CHAPTER, SECTION or TOPIC
    number: str | None
    title: str  # verbatim, wrapped lines joined
    page: int | None
    lines: tuple[SourceLine, ...]
    section_number: str | None = None  # the section a topic entry is listed under
    chapter_number: str | None = None

    @property
    def is_repeat(self) -> bool:
        from checker.booklet.text import has_repeat_marker

        return has_repeat_marker(self.title)


@dataclass(frozen=True)
class BudgetEntry:
    """One programme of a budget block, amounts as exact decimals in ``unit``."""

    name: str
    amount: Decimal | None
    prior_amount: Decimal | None
    unit: str  # always 億円 after conversion
    flags: frozenset[str]
    lines: tuple[SourceLine, ...]
    parent: str | None = None  # the programme a うち sub-programme belongs to
    component: str | None = None  # 産業投資 / 政府保証 for fiscal investment
    supplementary: tuple[tuple[str, Decimal], ...] = ()  # e.g. (("平成30年度補正", 14.5),)
    block_id: int = 0
    chapter: str | None = None
    section: str | None = None
    amount_text: str = ""  # the amount as printed, for notation rules
    prior_text: str = ""
    amount_line_index: int = 0  # which of ``lines`` prints the amount

    @property
    def amount_line(self) -> SourceLine:
        return self.lines[self.amount_line_index] if self.amount_line_index < len(self.lines) else self.lines[0]

    @property
    def counts_in_totals(self) -> bool:
        return not (self.flags & {"part_of", "repeat", "fiscal_investment"})


@dataclass
class BudgetBlock:
    """A `【予算】` block and what the grammar made of it."""

    block_id: int
    node: Node
    entries: list[BudgetEntry]
    problems: list[str]


@dataclass
class Ledger:
    blocks: list[BudgetBlock] = field(default_factory=list)

    @property
    def entries(self) -> list[BudgetEntry]:
        return [entry for block in self.blocks for entry in block.entries]

    @property
    def unparsed(self) -> list[BudgetBlock]:
        return [block for block in self.blocks if block.problems]


@dataclass
class Document:
    """A parsed booklet: the tree, its table of contents and its budget ledger."""

    path: str
    root: Node
    toc: list[TocEntry]
    ledger: Ledger
    raw: RawDocument
    # The booklet family it was parsed as: how its headings are numbered and printed.
    profile: Profile = DEFAULT_PROFILE
    # "detected" (from its own lines), "configured" or "default".
    profile_source: str = "default"

    @property
    def has_pages(self) -> bool:
        return self.raw.has_pages

    @property
    def title(self) -> str:
        from checker.booklet.provenance import booklet_title

        return booklet_title(self.raw)

    @property
    def synthetic_label(self) -> str | None:
        """The line (or file name) saying this edition is synthetic; None for a real one."""
        from checker.booklet.provenance import synthetic_label

        return synthetic_label(self.raw)

    @property
    def is_synthetic(self) -> bool:
        return self.synthetic_label is not None

    @property
    def has_body(self) -> bool:
        """Text, budget blocks or notes under the headings: not an outline or a contents page alone.

        Lines of a document with neither headings nor contents are all unclassified: that is a body too.
        """
        nodes = list(self.root.walk())
        if any(node.kind in BODY_KINDS for node in nodes):
            return True
        has_outline = self.toc or any(node.kind in HEADING_KINDS for node in nodes)
        return not has_outline and any(node.kind == UNCLASSIFIED for node in nodes)

    @property
    def structure_recognised(self) -> bool:
        """A table of contents, or a chapter, section or topic heading, was found.

        Without any of them the checks that compare structure have nothing to
        compare: reports say so, so an empty result does not read as a clean one.
        """
        if self.toc:
            return True
        return any(next(self.root.find(kind), None) is not None for kind in (CHAPTER, SECTION, TOPIC))

    def location(self, line: SourceLine | None) -> Location:
        if line is None:
            return Location(self.path, None, None)
        page = page_of(line)
        physical = line.page_index + 1 if line.page_index is not None else None
        place = dict(source_ref=line.source_ref, page_estimated=self.raw.page_estimated and page is not None, physical_page=physical)
        if self.raw.source_kind != "pdf" or line.page_index is None:
            return Location(self.path, page, line.number, **place)
        on_page = line.line_on_page or self._lines_on_page().get(line.number)
        return Location(self.path, page, line.number, line_on_page=on_page, **place)

    def pinpoint(self, location: Location, excerpt: str) -> Location:
        """A PDF location moved to the printed line of a wrapped line that holds
        the middle of ``excerpt`` (the text a finding quotes), so the editor is
        sent to the row on paper, not to where the wrapped sentence begins."""
        if not location.in_pdf or not excerpt or location.line is None or location.path != self.path:
            return location
        line = self._line_by_number().get(location.line)
        if line is None or not line.row_breaks:
            return location
        quoted = max((part for part in excerpt.split("\n")[0].split("…")), key=len).strip()
        # An excerpt may run on into the next line: the longest head of it found here counts.
        length, start = len(quoted), -1
        while length >= 2 and start < 0:
            start = line.text.find(quoted[:length])
            length = length if start >= 0 else length * 2 // 3
        if start < 0:
            return location
        middle = start + length // 2
        rows_before = sum(1 for offset in line.row_breaks if offset <= middle)
        return replace(location, line_on_page=location.line_on_page + rows_before)

    def _line_by_number(self) -> dict:
        cache = self.__dict__.get("_line_by_number_cache")
        if cache is None:
            cache = self.__dict__["_line_by_number_cache"] = {line.number: line for line in self.raw.lines}
        return cache

    def _lines_on_page(self) -> dict[int, int]:
        """Reader line number -> its place among the lines of its page (cached):
        for a reader that does not give ``line_on_page``."""
        cache = self.__dict__.get("_line_on_page")
        if cache is None:
            cache, counts = {}, {}
            for line in self.raw.lines:
                counts[line.page_index] = counts.get(line.page_index, 0) + 1
                cache[line.number] = counts[line.page_index]
            self.__dict__["_line_on_page"] = cache
        return cache

    def paragraph_location(self, paragraph: Paragraph, offset: int = 0) -> Location:
        """Where ``offset`` of a paragraph stands: its line, and for a PDF the printed row."""
        location = self.location(paragraph.line_at(offset))
        if not location.in_pdf:
            return location
        return replace(location, line_on_page=location.line_on_page + paragraph.row_at(offset))

    def node_location(self, node: Node) -> Location:
        return self.location(node.first_line)

    def unclassified(self) -> list[Node]:
        return list(self.root.find(UNCLASSIFIED))

    def sections(self) -> list[Node]:
        return list(self.root.find(SECTION))

    def chapters(self) -> list[Node]:
        return list(self.root.find(CHAPTER))


def page_of(line: SourceLine) -> int | None:
    """The page to show a reader: printed number when known, else physical page."""
    if line.printed_page is not None:
        return line.printed_page
    if line.page_index is not None:
        return line.page_index + 1
    return None
