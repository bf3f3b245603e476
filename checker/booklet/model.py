"""The plain data model every part of checker shares.

Readers turn a file into ``SourceLine`` records; the parser turns those into a
tree of ``Node`` objects and a ``Ledger`` of budget entries. Rules, the diff and
reports read these objects and nothing else: they never see pdfminer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

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


@dataclass(frozen=True)
class Location:
    """Where a finding or node is: page is the printed page where known."""

    path: str
    page: int | None
    line: int | None
    # Where in a PowerPoint or Word file ("slide 5, shape 'テキスト 3', paragraph 2").
    source_ref: str | None = None
    # The page is an estimate (a Word file records no layout).
    page_estimated: bool = False

    def to_dict(self) -> dict:
        data = {"path": self.path, "page": self.page, "line": self.line}
        if self.source_ref is not None:
            data["source_ref"] = self.source_ref
        if self.page_estimated:
            data["page_estimated"] = True
        return data

    def __str__(self) -> str:
        where = self.path
        if self.page is not None:
            where += f" p.{self.page}" + (" (est.)" if self.page_estimated else "")
        if self.line is not None:
            where += f":{self.line}"
        if self.source_ref is not None:
            where += f" [{self.source_ref}]"
        return where


@dataclass
class Node:
    """A node of the document tree.

    ``lines`` are the verbatim source lines the node owns (its heading line for a
    heading node, its text for a content node). ``title`` is the heading text
    without its number, verbatim; ``number`` the heading number as printed.
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

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def first_line(self) -> SourceLine | None:
        return self.lines[0] if self.lines else None

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

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

    def location(self, line: SourceLine | None) -> Location:
        if line is None:
            return Location(self.path, None, None)
        page = page_of(line)
        return Location(
            self.path, page, line.number, line.source_ref, page_estimated=self.raw.page_estimated and page is not None
        )

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
