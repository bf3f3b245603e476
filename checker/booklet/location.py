"""Where a finding or node is: a small module of its own, so findings and the reports
that print them do not import the document model (its patterns and profile) with it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a finding or node is.

    ``page`` is the printed page where known, else the physical page. ``line``
    is the reader's line number: the file's line for text input, a position in
    the whole extraction for a PDF, which matches nothing on paper; so a PDF
    location also carries ``line_on_page`` (the line counted from the top of
    that page) and ``physical_page`` (1-based), and reports show those.
    """

    path: str
    page: int | None
    line: int | None
    # Where in a PowerPoint or Word file ("slide 5, shape 'テキスト 3', paragraph 2").
    source_ref: str | None = None
    # The page is an estimate (a Word file records no layout).
    page_estimated: bool = False
    line_on_page: int | None = None
    physical_page: int | None = None

    @property
    def in_pdf(self) -> bool:
        return self.line_on_page is not None

    def to_dict(self) -> dict:
        """JSON: ``line`` is the line an editor can find: on the page for a PDF
        (``line_scope: "page"``), in the file for text (``"file"``)."""
        data = {"path": self.path, "page": self.page,
                "line": self.line_on_page if self.in_pdf else self.line,
                "line_scope": "page" if self.in_pdf else "file"}
        if self.physical_page is not None:
            data["physical_page"] = self.physical_page
        if self.source_ref is not None:
            data["source_ref"] = self.source_ref
        if self.page_estimated:
            data["page_estimated"] = True
        return data

    def __str__(self) -> str:
        where = self.path
        if self.page is not None:
            where += f" p.{self.page}" + (" (est.)" if self.page_estimated else "")
        line = self.line_on_page if self.in_pdf else self.line
        if line is not None:
            where += f":{line}"
        if self.source_ref is not None:
            where += f" [{self.source_ref}]"
        return where
