"""Bracket rules (BRK): every bracket closes, with a partner of its own width.

Brackets are checked within a unit of running text, never across units.
``text_units`` builds these units from the tree (the date and notation rules
use them too): a heading line is a unit; a content node (paragraph, bullet,
note, caption) is a unit, and a paragraph or caption line that follows on the
very next source line (no blank line between) continues it — that is a
wrapped line, or a figure caption set over several lines. A bullet or note
always starts a new unit, since it starts with its own marker. A budget
block and a contents entry are one unit each. Running headers are copies of
their heading and are left out, so one slip is reported once.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

import regex

from checker.hookspecs import hookimpl
from checker.booklet.model import (
    BUDGET,
    CAPTION,
    FRONT_MATTER,
    HEADING_KINDS,
    NOTE,
    PAGE_LABEL,
    PARAGRAPH,
    TOC_ENTRY,
    UNCLASSIFIED,
    BULLET,
    Document,
    Node,
    SourceLine,
)
from checker.lint.fixes import unit_edit
from checker.lint.rule import Option, Rule
from checker.booklet.text import fold_width

# Lines that continue the unit above them when they follow it directly.
CONTINUING_KINDS = (PARAGRAPH, CAPTION, UNCLASSIFIED)
CONTENT_KINDS = (PARAGRAPH, BULLET, NOTE, CAPTION, UNCLASSIFIED)

FULL_WIDTH_SHIFT = 0xFEE0  # ( -> （: the full-width forms of ASCII punctuation
DEFAULT_PAIRS = "()（）[]［］{}｛｝<>＜＞「」｢｣『』【】〔〕〈〉《》“”"
# A list marker such as `1)`, `a)`, `ア)` or `①)` opens with no bracket.
LIST_MARKER = regex.compile(r"(?:^|(?<=[\s・]))(?:\d{1,2}|[A-Za-z]|[ァ-ヶ]|[①-⑳])[)）]")


@dataclass(frozen=True)
class TextUnit:
    """A stretch of running text: its lines joined without separators (a
    wrapped Japanese line continues without a space), each line stripped of
    its leading and trailing white space."""

    text: str
    lines: tuple[SourceLine, ...]
    starts: tuple[int, ...]  # offset in ``text`` where each line begins
    kind: str  # the kind of the node the unit starts with
    node: Node | None = None

    def line_at(self, offset: int) -> SourceLine:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[max(index, 0)]

    def excerpt(self, start: int, end: int, margin: int = 12) -> str:
        """The text around [start, end) on one line, with … where cut."""
        left = max(0, start - margin)
        right = min(len(self.text), end + margin)
        prefix = "…" if left > 0 else ""
        suffix = "…" if right < len(self.text) else ""
        return prefix + self.text[left:right] + suffix


def _unit(lines: list[SourceLine], kind: str, node: Node | None) -> TextUnit:
    parts, starts, offset = [], [], 0
    for line in lines:
        piece = line.text.strip()
        starts.append(offset)
        parts.append(piece)
        offset += len(piece)
    return TextUnit("".join(parts), tuple(lines), tuple(starts), kind, node)


def text_units(document: Document) -> list[TextUnit]:
    """The units of running text of a document, in reading order (cached)."""
    cached = document.__dict__.get("_text_units")
    if cached is not None:
        return cached
    units: list[TextUnit] = []
    pending: list[SourceLine] = []
    pending_kind = ""
    pending_node: Node | None = None
    pending_parent: Node | None = None

    def flush() -> None:
        nonlocal pending
        if pending:
            units.append(_unit(pending, pending_kind, pending_node))
        pending = []

    def visit(node: Node, parent: Node | None) -> None:
        nonlocal pending, pending_kind, pending_node, pending_parent
        lines = [line for line in node.lines if line.text.strip()]
        if node.kind == PAGE_LABEL or not lines and node.kind != FRONT_MATTER:
            pass
        elif node.kind in CONTENT_KINDS:
            follows = (
                pending
                and node.kind in CONTINUING_KINDS
                and pending_kind in CONTENT_KINDS
                and parent is pending_parent
                and lines[0].number == pending[-1].number + 1
            )
            if not follows:
                flush()
                pending_kind, pending_node, pending_parent = node.kind, node, parent
            pending = pending + lines
        elif node.kind == FRONT_MATTER:
            flush()
            for line in lines:
                if pending and line.number == pending[-1].number + 1:
                    pending.append(line)
                else:
                    flush()
                    pending, pending_kind, pending_node, pending_parent = [line], FRONT_MATTER, node, parent
            flush()
        elif node.kind in (BUDGET, TOC_ENTRY) or node.kind in HEADING_KINDS:
            flush()
            units.append(_unit(lines, node.kind, node))
        else:
            flush()
            if lines:
                units.append(_unit(lines, node.kind, node))
        for child in node.children:
            visit(child, node)
        if node.kind in HEADING_KINDS:
            flush()

    visit(document.root, None)
    flush()
    units.sort(key=lambda unit: unit.lines[0].number)
    document.__dict__["_text_units"] = units
    return units


@dataclass(frozen=True)
class BracketProblem:
    kind: str  # "unclosed", "unopened", "width"
    unit: TextUnit
    offset: int  # of the bracket the problem is about
    char: str
    partner_offset: int | None = None
    partner_char: str = ""


def _pair_maps(pairs: str) -> tuple[dict[str, str], dict[str, str]]:
    if len(pairs) % 2:
        from checker.errors import UsageError

        raise UsageError(f"bracket pairs must come in twos, got {pairs!r}")
    openers = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    closers = {close: open_ for open_, close in openers.items()}
    return openers, closers


def bracket_problems(unit: TextUnit, pairs: str = DEFAULT_PAIRS) -> list[BracketProblem]:
    """Unclosed and unopened brackets, and pairs whose halves differ in width."""
    openers, closers = _pair_maps(pairs)
    skip = {match.end() - 1 for match in LIST_MARKER.finditer(unit.text)}
    stack: list[tuple[str, int]] = []
    problems: list[BracketProblem] = []
    for offset, char in enumerate(unit.text):
        if char in openers and not (char in closers and stack and fold_width(stack[-1][0]) == fold_width(closers[char])):
            stack.append((char, offset))
            continue
        if char not in closers or offset in skip:
            continue
        wanted = fold_width(closers[char])
        depth = next((index for index in range(len(stack) - 1, -1, -1) if fold_width(stack[index][0]) == wanted), None)
        if depth is None:
            problems.append(BracketProblem("unopened", unit, offset, char))
            continue
        for open_char, open_offset in stack[depth + 1:]:
            problems.append(BracketProblem("unclosed", unit, open_offset, open_char))
        open_char, open_offset = stack[depth]
        del stack[depth:]
        if open_char != closers[char]:
            problems.append(BracketProblem("width", unit, open_offset, open_char, offset, char))
    for open_char, open_offset in stack:
        problems.append(BracketProblem("unclosed", unit, open_offset, open_char))
    return sorted(problems, key=lambda problem: problem.offset)


def _problems(rule: Rule) -> list[BracketProblem]:
    return [problem for unit in text_units(rule.document) for problem in bracket_problems(unit, rule.config["pairs"])]


PAIRS_OPTION = Option(DEFAULT_PAIRS, "the bracket pairs checked, as opening and closing characters one after the other")


class UnbalancedBracket(Rule):
    """What it does:
    Reports an opening bracket that is never closed, and a closing bracket
    that was never opened, within one unit of running text: a paragraph
    with its wrapped lines, a bullet, a heading, a budget block, a contents
    entry, or a figure caption set over several lines. `1)`-style list
    markers are not brackets.

    Why is this bad?
    A bracket left open makes the reader look for where the aside ends;
    it usually means a word was cut or an edit deleted one half.

    Example:
    `地域における多様な主体（※を包摂し、連携させる…` — the `（` is never closed.
    """

    code = "BRK001"
    name = "unbalanced-bracket"
    severity = "error"
    options = {"pairs": PAIRS_OPTION}

    def check(self):
        for problem in _problems(self):
            if problem.kind == "width":
                continue
            unit = problem.unit
            what = "is never closed" if problem.kind == "unclosed" else "closes a bracket that was never opened"
            yield self.draft(
                f"「{problem.char}」 {what}",
                self.at_line(unit.line_at(problem.offset)),
                excerpt=unit.excerpt(problem.offset, problem.offset + 1),
                key=f"{problem.kind}:{problem.char}:{unit.excerpt(problem.offset, problem.offset + 1, 8)}",
            )


class BracketWidthMismatch(Rule):
    """What it does:
    Reports a bracket pair whose halves differ in width, such as a
    half-width `(` closed by a full-width `）`.

    Why is this bad?
    Mixed halves are visible in print (the spacing of the two sides
    differs) and betray text pasted together from two sources.

    Example:
    `マイナポイント(仮称）` — opened half width, closed full width.
    """

    code = "BRK002"
    name = "bracket-width-mismatch"
    severity = "warning"
    options = {"pairs": PAIRS_OPTION}

    def check(self):
        counts = Counter(char for unit in text_units(self.document) for char in unit.text)
        for problem in _problems(self):
            if problem.kind != "width":
                continue
            unit = problem.unit
            yield self.draft(
                f"「{problem.char}」 is closed by 「{problem.partner_char}」 of another width",
                self.at_line(unit.line_at(problem.offset)),
                related=(self.at_line(unit.line_at(problem.partner_offset)),)
                if unit.line_at(problem.partner_offset) is not unit.line_at(problem.offset)
                else (),
                excerpt=unit.text[problem.offset:problem.partner_offset + 1]
                if problem.partner_offset - problem.offset <= 40
                else unit.excerpt(problem.offset, problem.offset + 1),
                key=f"width:{unit.text[problem.offset:problem.partner_offset + 1]}",
                fix=_width_edit(problem, counts),
            )


def _width_edit(problem: BracketProblem, counts: Counter) -> tuple:
    """The edit giving the odd half the width the document writes such
    brackets in most often (full width on a tie: the 公用文 norm)."""
    halves = ((problem.offset, problem.char), (problem.partner_offset, problem.partner_char))
    narrow = [(offset, char) for offset, char in halves if "!" <= char <= "~"]
    if len(narrow) != 1:
        return ()
    offset, char = narrow[0]
    other_offset, other_char = next(half for half in halves if half[0] != offset)
    full = counts[chr(ord(char) + FULL_WIDTH_SHIFT)] + counts[other_char]
    half = counts[char] + counts[fold_width(other_char)]
    if full >= half:
        return unit_edit(problem.unit, offset, offset + 1, chr(ord(char) + FULL_WIDTH_SHIFT))
    return unit_edit(problem.unit, other_offset, other_offset + 1, fold_width(other_char))


RULES = [UnbalancedBracket, BracketWidthMismatch]


@hookimpl
def checker_rules() -> list[type[Rule]]:
    return RULES
