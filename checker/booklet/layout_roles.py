"""Structure from layout and contents: which heading-like lines are headings.

Patterns alone cannot tell a section heading from a body line that happens to
start with a number (``3 自治体…`` in a list, ``12 通信インフラ`` as a label in a
diagram). Two further witnesses decide here, and the parser asks them:

- **Layout** (PDF and Office readings, which carry geometry): a line in
  small print (not larger than the body text) repeated at the same place near
  the top or bottom edge on many pages, with text that recurs from page to
  page (a chapter name, a document title; a varying page number allowed), is
  a *running header*; a line in the page's top band drawn larger than the
  document's body text is the page's *title bar* (a section line repeated on
  every page is one too). A heading stands in such a place, or is drawn
  larger than the body: a candidate in the middle of a page at body size is
  not a heading.
- **Contents** (目次), when the booklet has them, are the authority on which
  chapters and sections exist (``ContentsAuthority``).

A reading without geometry (plain text) has no layout witness: its place is
judged by the numbering sequence and, where pages are known, by whether the
line opens its page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import regex
from rapidfuzz import fuzz, process

from checker.booklet.model import CHAPTER, SECTION, SourceLine, TocEntry
from checker.booklet.patterns import Heading
from checker.booklet.profile import Profile
from checker.booklet.text import normalize_title

# Band (fraction of the page height) at the top and bottom edge where running
# headers and footers stand.
EDGE_BAND = 0.12
# Band at the top of a page where a heading or title bar stands.
HEADING_BAND = 0.15
# Two lines on different pages stand "at the same place" when their outer edges
# fall in the same or neighbouring bands this fraction of the page height tall.
SLOT_TOLERANCE = 0.012
# A running header stands in its place on at least this share of the pages (and on 3 pages at least) ...
RECURRENCE_SHARE = 0.4
MIN_RECURRING_PAGES = 3
# ... and its text recurs: distinct texts (digits masked) per occurrence at most this.
DISTINCT_TEXT_SHARE = 0.5
# A line drawn this much larger than the body text is a heading by its size.
HEADING_SIZE_RATIO = 1.1
DIGITS = regex.compile(r"[0-9０-９]+")


@dataclass(frozen=True)
class LayoutRoles:
    """What the page layout says of the lines (by line number); empty without geometry."""

    running: frozenset[int] = frozenset()  # running headers and footers
    titles: frozenset[int] = frozenset()  # title bars: top band, larger than body text
    page_openers: frozenset[int] = frozenset()  # first text line of each page (pages known)
    body_size: float | None = None  # the document's dominant font size (points)

    def heading_position(self, line: SourceLine) -> bool | None:
        """Whether the line stands where a heading stands: None when its reading has no geometry.

        Without geometry, a line that opens its page is in heading position
        (True); otherwise nothing is known (None).
        """
        if line.bbox is None or line.page_size is None:
            return True if line.number in self.page_openers else None
        if line.number in self.running or line.number in self.titles:
            return True
        if line.bbox[3] >= line.page_size[1] * (1 - HEADING_BAND):
            return True
        return bool(self.body_size and line.font_size and line.font_size >= self.body_size * HEADING_SIZE_RATIO)


def layout_roles(lines: list[SourceLine]) -> LayoutRoles:
    """Running headers, title bars and page openers of a reading's lines."""
    placed = [line for line in lines if line.text.strip() and line.role != "page_number"]
    openers = _page_openers(placed)
    measured = [line for line in placed if line.bbox is not None and line.page_size is not None and line.page_index is not None]
    if not measured:
        return LayoutRoles(page_openers=openers)
    body_size = _body_size(measured)

    def title_sized(line: SourceLine) -> bool:
        return bool(body_size and line.font_size and line.font_size >= body_size * HEADING_SIZE_RATIO)

    running = _running_lines([line for line in measured if not title_sized(line)], pages=len({line.page_index for line in measured}))
    titles = frozenset(line.number for line in measured if title_sized(line) and line.bbox[3] >= line.page_size[1] * (1 - HEADING_BAND))
    return LayoutRoles(running=running, titles=titles, page_openers=openers, body_size=body_size)


def _page_openers(lines: list[SourceLine]) -> frozenset[int]:
    firsts: dict[int, int] = {}
    for line in lines:
        if line.page_index is not None:
            firsts.setdefault(line.page_index, line.number)
    return frozenset(firsts.values()) if len(firsts) > 1 else frozenset()


def _body_size(lines: list[SourceLine]) -> float | None:
    """The font size most characters are drawn at: the body text's."""
    sizes: Counter[float] = Counter()
    for line in lines:
        if line.font_size:
            sizes[round(line.font_size * 2) / 2] += len(line.text.strip())
    return sizes.most_common(1)[0][0] if sizes else None


def _edge(line: SourceLine) -> tuple[str, float] | None:
    """("top" | "bottom", the line's outer edge as a fraction of the page height), or None mid-page."""
    height = line.page_size[1]
    if height <= 0:
        return None
    if line.bbox[3] >= height * (1 - EDGE_BAND):
        return "top", line.bbox[3] / height
    if line.bbox[1] <= height * EDGE_BAND:
        return "bottom", line.bbox[1] / height
    return None


def _outermost(lines: list[SourceLine]) -> list[tuple[SourceLine, str, float]]:
    """Per page, the topmost line of its top band and the lowest of its bottom band."""
    best: dict[tuple[int, str], tuple[SourceLine, float]] = {}
    for line in lines:
        edge = _edge(line)
        if edge is None:
            continue
        side, place = edge
        key = (line.page_index, side)
        current = best.get(key)
        further = current is None or (place > current[1] if side == "top" else place < current[1])
        if further:
            best[key] = (line, place)
    return [(line, side, place) for (_, side), (line, place) in best.items()]


def _running_lines(lines: list[SourceLine], pages: int) -> frozenset[int]:
    """Lines outermost at an edge, at a place many pages share, with recurring text.

    Decided by position and recurrence, not wording: of the lines not drawn
    larger than the body (a title bar also recurs in place; it is the page's
    title), the page's outermost line at its top (or bottom) edge, standing
    where such a line stands on at least ``RECURRENCE_SHARE`` of the ``pages``,
    whose text (digits masked, so a page number may vary) another page repeats
    there, in a place where few texts recur (``DISTINCT_TEXT_SHARE``: a chapter
    name may change from chapter to chapter; the first line of flowing text,
    which differs on every page, is no running header).
    """
    edges = _outermost(lines)
    slots: dict[tuple[str, int], list[SourceLine]] = defaultdict(list)
    for line, side, place in edges:
        slots[(side, round(place / SLOT_TOLERANCE))].append(line)
    places: dict[tuple[str, int], tuple[int, Counter[str]]] = {}  # slot -> (pages, masked texts) around it
    running: set[int] = set()
    for line, side, place in edges:
        slot = (side, round(place / SLOT_TOLERANCE))
        if slot not in places:
            near = [other for step in (-1, 0, 1) for other in slots.get((side, slot[1] + step), ())]
            places[slot] = (len({other.page_index for other in near}), Counter(_masked(other.text) for other in near))
        on_pages, texts = places[slot]
        if on_pages < max(MIN_RECURRING_PAGES, RECURRENCE_SHARE * pages):
            continue
        if len(texts) <= DISTINCT_TEXT_SHARE * sum(texts.values()) and texts[_masked(line.text)] > 1:
            running.add(line.number)
    return frozenset(running)


def _masked(text: str) -> str:
    return DIGITS.sub("#", text.strip())


@dataclass(frozen=True)
class Verdict:
    """A candidate heading accepted: the number it is known by, and the printed one if that differs."""

    number: str
    printed_number: str | None = None  # the heading line's own number, when the contents give another


# A heading whose title is this similar (0–100) to a contents entry of another
# number is that entry's heading with a slip in its number.
RENUMBERED_SIMILARITY = 90.0
# A heading under an entry's number is that entry's when its title is this similar.
TITLE_SIMILARITY = 70.0
# Numbers a new heading may take after the current one (the current: a running
# header; +1: the next; +2: one heading missing from the body).
SEQUENCE_STEPS = (0, 1, 2)
# Bounds on the similarity search, far above any booklet (a few dozen chapters
# and sections, each heading repeated on its pages), so a hostile document
# costs a bounded number of comparisons: the contents titles of one level
# compared, and the distinct candidate titles compared at all (beyond it a
# candidate is judged by its number and place alone).
MAX_COMPARED_TITLES = 200
MAX_JUDGED_TITLES = 2000


class ContentsAuthority:
    """Decides whether a chapter or section heading candidate is a heading.

    With contents, a candidate is a heading when
    1. the contents list its number with a similar title (``TITLE_SIMILARITY``,
       rapidfuzz ratio of the normalised titles): the heading as printed;
    2. its title is nearly that of an entry with another number
       (``RENUMBERED_SIMILARITY``): the entry's heading, its number a slip
       (kept as ``printed_number`` for NUM004 to report at that line, so the
       sections after it keep their numbers);
    3. the contents list its number, the title differs (a slip in the title,
       reported by TOC002 or HDR001), and it stands where a heading stands: by
       layout, or, without geometry, it opens its page or its number continues
       the current heading's (same, next, or one further);
    4. the contents do not list it, but layout puts it in heading position or
       size (TOC004 then reports the heading missing from the contents).
    Anything else (a list line or diagram label that begins with a number) is
    not a heading. Without contents, only layout can refuse a candidate: one
    at body size in the middle of a page.
    """

    def __init__(self, entries: list[TocEntry], profile: Profile, roles: LayoutRoles) -> None:
        self.profile = profile
        self.roles = roles
        # Per level: normalised title -> {number value: the number as the contents print it}
        # (a booklet lists a title once; a hostile contents may list thousands).
        self.titles: dict[str, dict[str, dict[int | None, str]]] = {CHAPTER: {}, SECTION: {}}
        for entry in entries:
            if entry.level in self.titles and entry.number:
                numbers = self.titles[entry.level].setdefault(normalize_title(entry.title), {})
                numbers.setdefault(profile.number_value(entry.level, entry.number), entry.number)
        self.numbers = {level: {value for numbers in titles.values() for value in numbers} for level, titles in self.titles.items()}
        self.by_title: dict[tuple[str, str], list[tuple[str, float]]] = {}  # cache: (level, title) -> similar entry titles

    def judge(self, heading: Heading, line: SourceLine, current: str | None) -> Verdict | None:
        placed = self.roles.heading_position(line)
        titles = self.titles.get(heading.kind)
        if not titles:
            return None if placed is False else Verdict(heading.number)
        value = self.profile.number_value(heading.kind, heading.number)
        similar = self._similar_titles(heading.kind, normalize_title(heading.title))
        if any(value in titles[title] and score >= TITLE_SIMILARITY for title, score in similar):
            return Verdict(heading.number)
        renamed = next((title for title, score in similar if score >= RENUMBERED_SIMILARITY and value not in titles[title]), None)
        if renamed is not None:
            listed_as = titles[renamed][min(titles[renamed], key=lambda number: (number is None, number or 0))]
            return Verdict(listed_as, printed_number=heading.number)
        listed = value in self.numbers[heading.kind]
        if listed and (placed or (placed is None and self._continues(heading.kind, value, current))):
            return Verdict(heading.number)
        return Verdict(heading.number) if placed else None

    def _similar_titles(self, level: str, title: str) -> list[tuple[str, float]]:
        """Entry titles at least ``TITLE_SIMILARITY`` like ``title``, best first (cached per title)."""
        key = (level, title)
        if key not in self.by_title:
            if len(self.by_title) >= MAX_JUDGED_TITLES:
                return []
            choices = list(self.titles[level])[:MAX_COMPARED_TITLES]
            found = process.extract(title, choices, scorer=fuzz.ratio, processor=None,
                                    score_cutoff=TITLE_SIMILARITY, limit=8)
            self.by_title[key] = [(choice, score) for choice, score, _ in found]
        return self.by_title[key]

    def _continues(self, kind: str, value: int | None, current: str | None) -> bool:
        if value is None:
            return False
        current_value = self.profile.number_value(kind, current)
        if current_value is None:
            return True
        return value - current_value in SEQUENCE_STEPS or (kind == SECTION and self.profile.section_scope == "chapter" and value == 1)
