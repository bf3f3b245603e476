"""Choose a document's numbering styles from its own lines.

Every catalogued style (``numbering_styles``) is tried on every short line;
a style explains a level well when its numbers count up (1, 2, 3 …, starting
again at 1, a repeat being a running header) and rarely jump. The contents
(目次), where present, are the strongest evidence: a chapter or section style
they list wins, and a style seen only in the body may not claim a level the
contents number otherwise — so a diagram label or a body line that starts
with a number does not turn a document's sections into something else.

Levels are chosen top down (chapter, section, item, sub-item), each style at
one level only; a style that usually numbers a higher level (``①`` for items)
may number a lower one only where its lines stand under the level above.
A level without convincing evidence keeps the base profile's style. When the
choice equals the defaults, the result *is* the default profile.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

import regex

from checker.booklet.numbering_styles import CHAPTER, ITEM, LEVELS, SECTION, SUBITEM, NumberStyle, candidates
from checker.booklet.profile import Profile
from checker.reading.records import SourceLine

# Lines longer than this, or ending a sentence, are prose: never evidence.
MAX_MARK_LINE = 120
SENTENCE_END = ("。",)
# The contents lie within this many lines of the top; they end after this many
# non-blank lines without a leader.
TOC_SEARCH_LINES = 80
TOC_GAP_LINES = 30
# Evidence is read from this many lines at most (a booklet has a few thousand):
# detection stays a small part of reading even for a hostile 200,000-line file.
MAX_DETECTION_LINES = 20_000
# A lone chapter mark must be followed by a section within this many lines.
CHAPTER_TO_SECTION_LINES = 3
# How far past the highest number reached by counting up a heading may still be one.
SKIP_ALLOWANCE = 3
# Where the contents number a level, their evidence counts this many times a body line's.
CONTENTS_WEIGHT = 3
# A higher level's mark numbers a lower level only in this many groups, this many counting from 1.
MIN_GROUPS = 3
GROUP_SHARE = 0.9


@dataclass
class _Sightings:
    """Where one style matched: line positions, values and titles, contents and body apart."""

    style: NumberStyle
    body: list[tuple[int, int, str]] = field(default_factory=list)  # (line index, value, title)
    contents: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Evidence:
    consistent: int
    inconsistent: int
    steps: int  # times a number was followed by the next one
    contents_values: int  # distinct numbers the contents list in an unbroken run from 1
    highest: int

    @property
    def score(self) -> int:
        return self.consistent - 2 * self.inconsistent + CONTENTS_WEIGHT * self.contents_values


def detect_profile(lines: list[SourceLine], base: Profile) -> Profile:
    """The profile whose numbering styles explain ``lines`` best (``base`` elsewhere)."""
    texts, leader_lines = _candidate_texts(lines[:MAX_DETECTION_LINES], base)
    contents_range = _contents_range(texts, leader_lines, base)
    sightings = _sightings(texts, contents_range)
    chosen: dict[str, NumberStyle] = {}
    taken: set[str] = set()
    for level in LEVELS:
        style = _choose(level, sightings, chosen, taken, contents_range is not None)
        if style is not None:
            chosen[level] = style
            taken.add(style.name)
    if CHAPTER not in chosen and SECTION in chosen:
        style = _chapter_above_sections(sightings, chosen[SECTION], taken)
        if style is not None:
            chosen[CHAPTER] = style
    return _profile_from(chosen, sightings, base)


def _chapter_above_sections(sightings: dict[str, _Sightings], section: NumberStyle, taken: set[str]) -> NumberStyle | None:
    """Too few chapters to count up (an outline of one chapter): a chapter mark that
    counts from 1 without a jump, each followed directly by a section, is accepted."""
    section_lines = sorted(index for index, _, _ in sightings[section.name].body)
    for style in candidates(CHAPTER):
        seen = sightings[style.name]
        if style.name in taken or seen.contents or not seen.body:
            continue
        values = [value for _, value, _ in seen.body]
        if values[0] != 1 or any(value not in (previous, previous + 1) for previous, value in zip(values, values[1:])):
            continue
        if all(_section_follows(section_lines, index) for index, _, _ in seen.body):
            return style
    return None


def _section_follows(section_lines: list[int], index: int) -> bool:
    """A section line (``section_lines`` sorted) comes within a few lines after line ``index``."""
    at = bisect.bisect_right(section_lines, index)
    return at < len(section_lines) and section_lines[at] - index <= CHAPTER_TO_SECTION_LINES


def _candidate_texts(lines: list[SourceLine], base: Profile) -> tuple[list[str], set[int]]:
    """Each line's text as evidence ("" for lines that cannot be a heading), and
    which lines end in a contents leader (cut from their text)."""
    leader = base.compiled("toc_leader")
    texts: list[str] = []
    leader_lines: set[int] = set()
    for line in lines:
        text = line.text.strip().replace("**", "")
        if line.role == "page_number" or len(text) > MAX_MARK_LINE or text.endswith(SENTENCE_END):
            texts.append("")
            continue
        found = leader.match(text)
        if found:
            leader_lines.add(len(texts))
        texts.append(found["title"].strip() if found else text)
    return texts, leader_lines


def _contents_range(texts: list[str], leader_lines: set[int], base: Profile) -> range | None:
    """From the 目次 line to its last leader line (None without contents)."""
    marker = base.compiled("toc_marker")
    start = next((i for i, text in enumerate(texts[:TOC_SEARCH_LINES]) if text and marker.search(text)), None)
    if start is None:
        return None
    last = start
    quiet = 0
    for index in range(start + 1, len(texts)):
        if not texts[index]:
            continue
        if index in leader_lines:
            last, quiet = index, 0
            continue
        quiet += 1
        if quiet > TOC_GAP_LINES:
            break
    return range(start, last + 1)


def _sightings(texts: list[str], contents: range | None) -> dict[str, _Sightings]:
    """Every style's matches; a line is tried only on the styles its first character can start."""
    found = {style.name: _Sightings(style) for level in LEVELS for style in candidates(level)}
    patterns = {name: regex.compile(seen.style.pattern) for name, seen in found.items()}
    by_first: dict[str, list[_Sightings]] = {}
    for index, text in enumerate(texts):
        if not text:
            continue
        first = text[0]
        options = by_first.get(first)
        if options is None:
            options = by_first[first] = [seen for seen in found.values() if seen.style.can_start(first)]
        for seen in options:
            match = patterns[seen.style.name].match(text)
            value = seen.style.value(match["number"]) if match else None
            if value is None:
                continue
            target = seen.contents if contents is not None and index in contents else seen.body
            target.append((index, value, match["title"]))
    return found


def _evidence(seen: _Sightings) -> _Evidence:
    consistent = inconsistent = steps = 0
    previous = 0
    highest = 0
    for _, value, _ in seen.body:
        if value in (1, previous, previous + 1):
            consistent += 1
            if value == previous + 1 and value >= 2:
                steps += 1
                highest = max(highest, value)
        else:
            inconsistent += 1
        previous = value
    # A number or two skipped near the top is still the sequence (NUM004 reports the gap).
    highest = max([highest] + [value for _, value, _ in seen.body if value <= highest + SKIP_ALLOWANCE])
    # The contents may list entries column by column: count the unbroken run 1, 2, 3 … they hold.
    listed = {value for _, value, _ in seen.contents}
    run = 0
    while run + 1 in listed:
        run += 1
    if run >= 2:
        highest = max(highest, run)
    return _Evidence(consistent, inconsistent, steps, run, highest)


def _convincing(evidence: _Evidence, in_contents: bool, strict: bool) -> bool:
    if in_contents:
        return evidence.contents_values >= 1 and evidence.inconsistent <= evidence.consistent + evidence.contents_values
    needed_steps = 2 if strict else 1
    return evidence.consistent >= 2 and evidence.steps >= needed_steps and evidence.consistent >= 2 * evidence.inconsistent


def _choose(level: str, sightings: dict[str, _Sightings], chosen: dict[str, NumberStyle], taken: set[str], has_contents: bool) -> NumberStyle | None:
    options = [style for style in candidates(level) if style.name not in taken]
    listed = [style for style in options if sightings[style.name].contents] if level in (CHAPTER, SECTION) else []
    # The contents are the authority for the levels they number.
    pool = listed or options
    strict = has_contents and level in (CHAPTER, SECTION) and not listed
    best: tuple[int, int, NumberStyle] | None = None
    for order, style in enumerate(pool):
        seen = sightings[style.name]
        evidence = _evidence(seen)
        if not _convincing(evidence, bool(listed), strict):
            continue
        if style.levels[0] != level and not _nested(level, seen, sightings, chosen):
            continue
        rank = (evidence.score, -order)
        if best is None or rank > best[:2]:
            best = (*rank, style)
    return best[2] if best else None


def _nested(level: str, seen: _Sightings, sightings: dict[str, _Sightings], chosen: dict[str, NumberStyle]) -> bool:
    """A mark borrowed from a higher level (``①`` as sub-item) numbers lists under
    the level just above: grouped by the heading they follow, nearly every
    group counts 1, 2, 3 … from 1. Diagram labels (a lone ③) fail this."""
    above = LEVELS[LEVELS.index(level) - 1]
    if above not in chosen or not seen.body:
        return False
    heading_at: dict[int, str] = {}
    for chosen_level, style in chosen.items():
        for index, _, _ in sightings[style.name].body:
            heading_at[index] = chosen_level
    groups: dict[int, list[int]] = {}
    for index, value, _ in seen.body:
        owner = next((i for i in range(index - 1, -1, -1) if i in heading_at), None)
        if owner is None or heading_at[owner] != above:
            return False
        groups.setdefault(owner, []).append(value)
    counting = sum(1 for values in groups.values() if _counts_from_one(values))
    return len(groups) >= MIN_GROUPS and counting >= GROUP_SHARE * len(groups)


def _counts_from_one(values: list[int]) -> bool:
    previous = 0
    for value in values:
        if value not in (previous, previous + 1):
            return False
        previous = value
    return True


def _profile_from(chosen: dict[str, NumberStyle], sightings: dict[str, _Sightings], base: Profile) -> Profile:
    changes: dict = {}
    for level, style in chosen.items():
        changes[level] = style.pattern
        changes[f"{level}_numbering"] = style.numeral
        changes[f"{level}_printed"] = style.template
    for level, limit in ((CHAPTER, "max_chapter"), (SECTION, "max_section")):
        if level in chosen:
            highest = _evidence(sightings[chosen[level].name]).highest
            changes[limit] = max(getattr(base, limit), min(highest, 99))
    if SECTION in chosen and _sections_restart(chosen[SECTION], chosen.get(CHAPTER), sightings):
        changes["section_scope"] = "chapter"
    profile = replace(base, **changes)
    return base if profile == base else profile


def _sections_restart(style: NumberStyle, chapters: NumberStyle | None, sightings: dict[str, _Sightings]) -> bool:
    """Sections start again at 1 in each chapter: the style says so, or a chapter
    after the first opens with section 1 (in the contents or the body)."""
    if style.restarts:
        return True
    if chapters is None:
        return False
    for part in ("contents", "body"):
        marks = [(index, CHAPTER, value) for index, value, _ in getattr(sightings[chapters.name], part)]
        marks += [(index, SECTION, value) for index, value, _ in getattr(sightings[style.name], part)]
        marks.sort()
        chapter_seen = 0
        for (_, level, value), (_, next_level, next_value) in zip(marks, marks[1:]):
            if level == CHAPTER:
                chapter_seen += 1
                if chapter_seen > 1 and next_level == SECTION and next_value == 1:
                    return True
    return False
