"""What readers deliver: lines in reading order with where they stood on the page.

The lowest layer of the model: the booklet model (``checker.booklet.model``)
builds on these records and re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass


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


@dataclass
class RawDocument:
    """What a reader returns: lines in reading order, and what it knows of pages."""

    path: str
    lines: list[SourceLine]
    source_kind: str  # "pdf", "text", "pptx" or "docx"
    has_pages: bool
    encoding: str | None = None
    page_count: int | None = None
    # Pages inferred from recorded breaks, not laid out (DOCX): numbers are estimates.
    page_estimated: bool = False
    # What the reader left out or could not honour, for every output to say.
    notes: tuple[str, ...] = ()
