"""The rule base class: a stable code, a name, a default severity, options, docs.

A rule reads one parsed ``Document`` (and, for cross-edition rules, the
previous edition) and yields ``Draft`` findings; the engine stamps them with
the rule's code, name and configured severity. Views several rules share
(text units, contents matches, repeat pairs, stated totals) come from
``self.analysis``, which the engine computes once per document.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable

import regex

from checker.analysis import Analysis
from checker.i18n import N_, msg
from checker.booklet.model import Document, Location, Node, SourceLine
from checker.lint.findings import SEVERITIES, Draft

CODE_PATTERN = regex.compile(r"^[A-Z]{2,5}[0-9]{3}$")
NAME_PATTERN = regex.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
DOC_SECTIONS = (N_("What it does"), N_("Why is this bad?"), N_("Example"))


def split_doc_sections(docstring: str) -> dict[str, str]:
    """A rule docstring split into *What it does / Why is this bad? / Example*."""
    text = inspect.cleandoc(docstring)
    sections: dict[str, str] = {}
    current = None
    lines: list[str] = []
    for line in text.splitlines():
        heading = line.strip().rstrip(":")
        if heading in DOC_SECTIONS:
            if current:
                sections[current] = "\n".join(lines).strip()
            current, lines = heading, []
        elif current:
            lines.append(line)
    if current:
        sections[current] = "\n".join(lines).strip()
    return sections


@dataclass(frozen=True)
class Option:
    """A rule option: its default, type and what it does."""

    default: Any
    help: str

    def coerce(self, value: Any, where: str) -> Any:
        expected = type(self.default)
        if expected is float and isinstance(value, int):
            return float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            from checker.errors import UsageError

            raise UsageError(msg("{where}: expected {type}, got {value!r}", where=where, type=expected.__name__, value=value))
        return value


class Rule:
    """Base class of all rules. Subclasses set the class attributes and ``check``."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    options: ClassVar[dict[str, Option]] = {}
    # Rules that compare printed page numbers cannot run without page information.
    needs_pages: ClassVar[bool] = False
    # Rules that must not run on estimated pages (a Word file's, from its recorded breaks).
    needs_exact_pages: ClassVar[bool] = False
    # Rules that compare the body (headings with their text, running headers, budget
    # blocks) cannot run on an outline or a contents page alone.
    needs_body: ClassVar[bool] = False
    # Cross-edition rules run only when a previous edition is given (--previous).
    cross_edition: ClassVar[bool] = False
    # The result cache may answer a re-check with this rule's earlier findings: true of a
    # rule whose findings follow from the documents, its options and the files it names
    # with checker.dependencies.record. A rule reading anything else sets it false.
    cacheable: ClassVar[bool] = True

    def __init__(
        self,
        document: Document,
        previous: Document | None = None,
        options: dict | None = None,
        analysis: Analysis | None = None,
        previous_analysis: Analysis | None = None,
    ) -> None:
        self.document = document
        self.previous = previous
        # The engine passes one Analysis per document to every rule; a rule made alone makes its own.
        self.analysis = analysis if analysis is not None else Analysis(document)
        self.previous_analysis = previous_analysis if previous_analysis is not None or previous is None else Analysis(previous)
        self.config = {key: option.default for key, option in self.options.items()}
        self.config.update(options or {})

    def check(self) -> Iterable[Draft]:
        raise NotImplementedError

    # Helpers for rules -----------------------------------------------------
    def at_line(self, line: SourceLine | None, document: Document | None = None) -> Location:
        return (document or self.document).location(line)

    def at_node(self, node: Node, document: Document | None = None) -> Location:
        return (document or self.document).node_location(node)

    def draft(self, message: str, where: Location, **kwargs) -> Draft:
        return Draft(message=message, location=where, **kwargs)

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring split into its named sections (English)."""
        return split_doc_sections(cls.__doc__ or "")

    @classmethod
    def localized_doc_sections(cls, translate) -> dict[str, str]:
        """The sections in a language: ``translate`` is a ``checker.i18n.Translator``.

        Each section's English text is its catalog message id (extracted by
        ``checker.i18n_extract``); a section without a translation stays English.
        """
        return {translate(name): translate(text) for name, text in cls.doc_sections().items()}

    @classmethod
    def metadata_problems(cls) -> list[str]:
        """What is missing or malformed in this rule's metadata (empty if fine)."""
        problems = []
        where = f"{cls.__module__}.{cls.__qualname__}"
        if not CODE_PATTERN.match(cls.code or ""):
            problems.append(f"{where}: code {cls.code!r} is not a family prefix + 3 digits")
        if not NAME_PATTERN.match(cls.name or ""):
            problems.append(f"{where}: name {cls.name!r} is not kebab-case")
        if cls.severity not in SEVERITIES:
            problems.append(f"{where}: severity {cls.severity!r} is not one of {SEVERITIES}")
        sections = cls.doc_sections()
        for section in DOC_SECTIONS:
            if not sections.get(section):
                problems.append(f"{where}: docstring lacks a non-empty '{section}' section")
        for key, option in cls.options.items():
            if not isinstance(option, Option) or not option.help:
                problems.append(f"{where}: option {key!r} lacks a default and help")
        return problems
