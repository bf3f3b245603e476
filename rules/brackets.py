"""Bracket rules (BRK): every bracket closes, with a partner of its own width.

Brackets are checked within a unit of running text, never across units (see
``checker.analysis.text_units``).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

import regex

from checker.analysis.text_units import TextUnit
from checker.lint.fixes import unit_edit
from checker.booklet.text import fold_width
from checker.hookspecs import hookimpl
from checker.i18n import N_, msg
from checker.lint.rule import Option, Rule

FULL_WIDTH_SHIFT = 0xFEE0  # ( -> （: the full-width forms of ASCII punctuation
DEFAULT_PAIRS = "()（）[]［］{}｛｝<>＜＞「」｢｣『』【】〔〕〈〉《》“”"
# A list marker such as `1)`, `a)`, `ア)` or `①)` opens with no bracket: at the
# start or after white space or ・, `(?:\d{1,2}|[A-Za-z]|[ァ-ヶ]|[①-⑳])[)）]`.
LIST_MARKER_BODY = regex.compile(r"\d{1,2}|[A-Za-z]|[ァ-ヶ]|[①-⑳]")
LIST_MARKER_BEFORE = regex.compile(r"[\s・]")


def list_marker_ends(text: str, brackets: list[tuple[int, str]]) -> set[int]:
    """Offsets of the ``)`` and ``）`` among ``brackets`` that close a list marker.

    A marker is one or two characters before its parenthesis, so each
    parenthesis is tried with the one or two before it: not the whole text at
    every position, as a search for the marker's pattern would."""
    ends = set()
    for offset, char in brackets:
        if char not in ")）":
            continue
        for start in (offset - 1, offset - 2):
            if start >= 0 and LIST_MARKER_BODY.fullmatch(text, start, offset) and (start == 0 or LIST_MARKER_BEFORE.match(text, start - 1)):
                ends.add(offset)
                break
    return ends


@dataclass(frozen=True)
class BracketProblem:
    kind: str  # "unclosed", "unopened", "width"
    unit: TextUnit
    offset: int  # of the bracket the problem is about
    char: str
    partner_offset: int | None = None
    partner_char: str = ""


@functools.lru_cache(maxsize=8)
def _pair_maps(pairs: str) -> tuple[dict[str, str], dict[str, str]]:
    if len(pairs) % 2:
        from checker.errors import UsageError

        raise UsageError(msg("bracket pairs must come in twos, got {pairs!r}", pairs=pairs))
    openers = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    closers = {close: open_ for open_, close in openers.items()}
    return openers, closers


@functools.lru_cache(maxsize=8)
def _bracket_pattern(pairs: str) -> re.Pattern:
    """Any one bracket of ``pairs``: the scan visits brackets, not every character.
    A class of literal characters means the same to re as to regex; re finds
    them in about half the time."""
    return re.compile("[" + "".join(re.escape(char) for char in sorted(set(pairs))) + "]")


@functools.lru_cache(maxsize=8)
def _folded(pairs: str) -> dict[str, str]:
    """Each bracket of ``pairs`` folded to its width-free form, folded once."""
    return {char: fold_width(char) for char in pairs}


def bracket_problems(unit: TextUnit, pairs: str = DEFAULT_PAIRS) -> list[BracketProblem]:
    """Unclosed and unopened brackets, and pairs whose halves differ in width."""
    openers, closers = _pair_maps(pairs)  # first: odd pairs are an error even in a text without brackets
    brackets = [(match.start(), match.group()) for match in _bracket_pattern(pairs).finditer(unit.text)]
    if not brackets:
        return []  # most units
    folded = _folded(pairs)
    stack: list[tuple[str, int]] = []
    problems: list[BracketProblem] = []
    skip = list_marker_ends(unit.text, brackets)
    for offset, char in brackets:
        if char in openers and not (char in closers and stack and folded[stack[-1][0]] == folded[closers[char]]):
            stack.append((char, offset))
            continue
        if char not in closers or offset in skip:
            continue
        wanted = folded[closers[char]]
        depth = next((index for index in range(len(stack) - 1, -1, -1) if folded[stack[index][0]] == wanted), None)
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
    pairs = rule.config["pairs"]
    # BRK001 and BRK002 share one scan of the text per set of pairs.
    return rule.analysis.shared(
        ("brackets", pairs), lambda: [problem for unit in rule.analysis.text_units for problem in bracket_problems(unit, pairs)]
    )


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
            template = N_("「{char}」 is never closed") if problem.kind == "unclosed" else N_("「{char}」 closes a bracket that was never opened")
            yield self.draft(
                msg(template, char=problem.char),
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
        counts = None  # the document's characters, counted only when a width problem needs them
        for problem in _problems(self):
            if problem.kind != "width":
                continue
            if counts is None:
                counts = Counter(char for unit in self.analysis.text_units for char in unit.text)
            unit = problem.unit
            yield self.draft(
                msg("「{char}」 is closed by 「{partner}」 of another width", char=problem.char, partner=problem.partner_char),
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
