"""Output formats: a name, a description and a pure renderer.

Three kinds, each registered through its own hook (``checker.hookspecs``):
``OutputFormat`` renders findings (``checker check``), ``DiffFormat`` an
edition diff (``checker diff``), ``DocumentFormat`` a parsed document
(``checker parse`` and ``checker ledger``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from checker.lint.findings import Finding, Summary

if TYPE_CHECKING:
    from checker.booklet.model import Document


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    severity: str
    summary: str
    help: str


@dataclass(frozen=True)
class RenderContext:
    """What a renderer may know beside the findings."""

    tool_version: str
    paths: tuple[str, ...]
    rules: tuple[RuleInfo, ...]
    summary: Summary
    fail_on: str = "error"
    # path -> the document's verbatim lines, for renderers that show context.
    sources: dict[str, list[str]] = field(default_factory=dict)
    synthetic_paths: tuple[str, ...] = ()
    # Checked files in which no booklet structure was recognised (Document.structure_recognised):
    # every format says so, whether or not the rule RDG002 ran.
    unrecognised_paths: tuple[str, ...] = ()
    # Read from PDF or an Office file: their line numbers count extracted text lines, not lines of
    # the file, so formats that point into files give the page instead.
    extracted_paths: tuple[str, ...] = ()
    # (path, note): what a reader left out or estimated (hidden slides, estimated pages).
    reader_notes: tuple[tuple[str, str], ...] = ()
    lang: str = "en"  # the language of labels and messages (checker.i18n.LANGUAGES)
    quiet: bool = False  # --quiet: text reports leave out their legend and summary
    # path -> how a report written to its output location links the file (relative path).
    links: dict[str, str] = field(default_factory=dict)
    # Page images for reports that show pages (checker.reports.page_images.PageImages), or None.
    page_images: object | None = None


@dataclass(frozen=True)
class OutputFormat:
    name: str
    description: str
    render: Callable[[list[Finding], RenderContext], str | bytes]


@dataclass(frozen=True)
class DiffFormat:
    """A renderer of an edition diff (``checker.diff.EditionDiff``)."""

    name: str
    description: str
    render: Callable[[Any], str | bytes]


# The commands that render a parsed document.
DOCUMENT_COMMANDS = ("parse", "ledger")


@dataclass(frozen=True)
class DocumentFormat:
    """A renderer of a parsed document for ``checker parse`` or ``checker ledger``."""

    command: str  # one of DOCUMENT_COMMANDS
    name: str
    description: str
    render: Callable[["Document"], str | bytes]
