"""What readers deliver: lines in reading order with where they stood on the page.

The lowest layer of the model: the booklet model (``checker.booklet.model``)
builds on these records and re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Libraries that can decode a PDF's glyphs (``ReadOptions.engine``); the first is the default.
ENGINES = ("pdfminer", "pdfium")


@dataclass(frozen=True)
class SourceLine:
    """One line as the reader delivered it, verbatim, with where it stood."""

    number: int  # 1-based position in the reader's line sequence
    text: str
    page_index: int | None = None  # 0-based physical page; None when pages are unknown
    printed_page: int | None = None  # the number printed on that page, when it has one
    bbox: tuple[float, float, float, float] | None = None  # PDF position (x0, y0, x1, y1)
    role: str = ""  # "page_number" for a footer/header page label, else ""
    # Where an editor finds the line in the source file, when the page alone does
    # not say: "slide 5, shape 'テキスト 3', paragraph 2" (PPTX), "paragraph 143" (DOCX).
    source_ref: str | None = None
    # The outline level the source itself gives the line (DOCX heading styles), 1-based.
    heading_level: int | None = None
    # PDF: the row of the page, counted from the top, where this line's first
    # printed line stands (a wrapped line spans several rows; two columns share rows).
    line_on_page: int | None = None
    row_breaks: tuple[int, ...] = ()  # offsets in ``text`` where a further printed line begins
    font_size: float | None = None  # points; the size most of its glyphs are drawn at
    block: int | None = None  # the laid-out block (text frame, box, table row) it belongs to
    wraps: bool = False  # runs to its block's right edge and the block goes on (a geometric hint)
    page_size: tuple[float, float] | None = None  # (width, height) of its page, in points


_LINE_FIELDS = frozenset(SourceLine.__dataclass_fields__)


def replace_line(line: SourceLine, **changes) -> SourceLine:
    """``dataclasses.replace`` for a SourceLine, at a fraction of its cost (the
    PDF path copies every line several times): the fields are copied as they
    are, which is what ``replace`` does for a frozen dataclass without
    ``__post_init__``; an unknown field name is an error as there."""
    unknown = changes.keys() - _LINE_FIELDS
    if unknown:
        raise TypeError(f"SourceLine has no field(s) {', '.join(sorted(unknown))}")
    copy = object.__new__(SourceLine)
    copy.__dict__.update(line.__dict__)
    copy.__dict__.update(changes)
    return copy


@dataclass(frozen=True)
class PageAccount:
    """Glyph accounting of one page: every glyph decoded is placed in a line or listed."""

    chars_total: int  # glyphs pdfminer decoded on the page, Form XObjects included
    chars_placed: int  # glyphs that landed in a line (white space included)
    unplaced: tuple[str, ...] = ()  # descriptions of (at most some of) the others


@dataclass
class RawDocument:
    """What a reader returns: lines in reading order, and what it knows of pages."""

    path: str
    lines: list[SourceLine]
    source_kind: str  # "pdf", "text", "pptx" or "docx"
    has_pages: bool
    encoding: str | None = None
    page_count: int | None = None
    # Per physical page, the (width, height) in points of the space the line boxes
    # are in (the page as displayed, turned by page_turns); empty when the reader knows no geometry.
    page_sizes: tuple[tuple[float, float], ...] = ()
    # Per physical PDF page, the quarter turn (degrees) the reader applied to the page as displayed to
    # set its text upright; the line boxes and page_sizes are in that upright frame. Empty: no turns.
    page_turns: tuple[int, ...] = ()
    # Pages inferred from recorded breaks, not laid out (DOCX): numbers are estimates.
    page_estimated: bool = False
    # What the reader left out or could not honour, for every output to say.
    notes: tuple[str, ...] = ()
    pages: list[PageAccount] = field(default_factory=list)  # per physical page; empty for text

    @property
    def chars_total(self) -> int | None:
        """Glyphs decoded on all pages; None when the reader has no glyphs (text)."""
        return sum(page.chars_total for page in self.pages) if self.pages else None

    @property
    def chars_placed(self) -> int | None:
        return sum(page.chars_placed for page in self.pages) if self.pages else None

    @property
    def unplaced(self) -> list[tuple[int, str]]:
        """(0-based page, description) of glyphs not placed in any line."""
        return [(index, text) for index, page in enumerate(self.pages) for text in page.unplaced]


@dataclass(frozen=True)
class Reader:
    """An input format: whether it can read a file (by content), and how."""

    name: str
    priority: int  # lower is asked first
    can_read: object  # Callable[[str], bool]
    read: object  # Callable[[str, ReadOptions], RawDocument]; offered through the checker_readers hook
