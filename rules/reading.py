"""Reading rules (RDG): what the reader could not do, said as findings.

A checker that reads less than the document holds, or finds no structure in
it, would otherwise report a clean result for text it never saw. These rules
turn the reader's own accounting into findings, so no shortfall is silent.
"""

from __future__ import annotations

from collections.abc import Iterable

from checker.hookspecs import hookimpl
from checker.i18n import msg
from checker.lint.findings import Draft
from checker.lint.rule import Rule

class TextNotPlaced(Rule):
    """Characters decoded on a PDF page that landed in no line of the document.

    What it does:
        Compares, per page, the glyphs the PDF reader decoded (Form XObjects,
        vertical and zero-width glyphs included) with those it placed in a
        line, and reports every page where some were not placed, with an
        example (a glyph outside the page, for instance).

    Why is this bad?
        Every rule checks only the lines it is given. Text that never reached
        a line is text no rule looked at; a clean result would hide it.

    Example:
        A page whose diagram labels stand outside the page box (cropped off
        in the viewer, still in the file): "3 of 412 characters on this page
        were decoded but not placed in any line".
    """

    code = "RDG001"
    name = "text-not-placed"
    severity = "warning"

    def check(self) -> Iterable[Draft]:
        raw = self.document.raw
        first_line = {}
        for line in raw.lines:
            first_line.setdefault(line.page_index, line)
        examples: dict[int, str] = {}
        for page_index, description in raw.unplaced:
            examples.setdefault(page_index, description)
        for page_index, page in enumerate(raw.pages):
            missing = page.chars_total - page.chars_placed
            if missing <= 0:
                continue
            if page_index in examples:
                message = msg(
                    "{missing} of {total} characters on this page were decoded but not placed in any line, "
                    "so no rule checked them (for example {example})",
                    missing=missing, total=page.chars_total, example=examples[page_index])
            else:
                message = msg(
                    "{missing} of {total} characters on this page were decoded but not placed in any line, "
                    "so no rule checked them", missing=missing, total=page.chars_total)
            where = self.at_line(first_line.get(page_index))
            yield self.draft(message, where, excerpt=examples.get(page_index, ""), key=f"page {page_index + 1}")


class StructureNotRecognised(Rule):
    """A document in which no booklet structure was recognised at all.

    What it does:
        Fires once when the parser found no table of contents and no chapter,
        section or topic heading in the whole document.

    Why is this bad?
        Most checks compare contents with headings, numbers with numbers,
        repeats with their originals. On a document without recognised
        structure they have nothing to compare and stay silent, and "0
        findings" would read as a clean booklet. This notice says the checks
        did not run, not that the document passed them.

    Example:
        A PDF of a different kind (a paper, a form), or a booklet numbered
        differently from the configured profile: "no table of contents,
        chapter, section or topic was recognised …".
    """

    code = "RDG002"
    name = "structure-not-recognised"
    severity = "warning"

    def check(self) -> Iterable[Draft]:
        document = self.document
        if document.structure_recognised:
            return
        first = next((line for line in document.raw.lines if line.text.strip()), None)
        message = msg(
            "no table of contents, chapter, section or topic was recognised, so the checks that rely on the "
            "booklet's structure (contents, numbering, running headers, repeats, budget totals) found nothing to check; "
            "is this a booklet of the configured kind (see [tool.checker.profile])?")
        yield self.draft(message, self.at_line(first), excerpt=first.text.strip()[:80] if first else "", key="document")


RULES = [TextNotPlaced, StructureNotRecognised]


@hookimpl
def checker_rules() -> list[type[Rule]]:
    return RULES
