"""Repeats (再掲): every copy paired with the original it repeats, and compared.

A repeat is a topic, item or sub-item whose title carries （再掲）, or a budget
line marked 【再掲】/（再掲）. Everything under a marked heading is part of the
repeat, marked or not: a page topic titled （再掲） often leaves its items
unmarked.

Matching (``analyse_repeats``):

- Originals are unmarked nodes outside any marked heading.
- A marked topic is matched to an unmarked topic (or to one of the titles of
  a page topic that joins several with ／); a marked item or sub-item under an
  unmarked topic to an unmarked item or sub-item, anywhere in the document.
  The unmarked topic such an item stands under is not a repeat itself: it is
  the page it was copied onto. First the same normalised bare title (widths,
  white space and the （再掲） marker do not count), else the most similar
  title by rapidfuzz ratio at or above ``title-threshold`` (default 80 of
  100: a repeat title that lost or gained a few characters, not another
  programme's title).
- The headings inside a matched repeat are matched to the headings inside its
  original first (same title, then similar), then anywhere in the document,
  then reported as having no original.
- A budget line marked 再掲 outside a marked heading is matched to an unmarked
  budget line (same normalised name and component, else similar name).

Comparison of a matched pair looks at each heading's own content (its child
headings are compared as pairs of their own): prose (paragraphs, bullets,
notes) as one normalised text, so bullets, line wrapping and bracket widths do
not count; figure text (short caption lines) as a set of lines, separately and
at a lower severity; and every budget line, by name, amounts and flags.
Which lines are prose and which figure text is the kind of the paragraph
they stand in (``checker.booklet.paragraphs``): a short line that wraps the
end of an unfinished prose sentence is prose, though the parser calls it a
caption.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex
from rapidfuzz import fuzz

from checker.booklet.amounts import same_amount
from checker.i18n import N_, kind_term, msg
from checker.booklet.model import (
    BUDGET,
    CAPTION,
    ITEM,
    SUBITEM,
    TOPIC,
    BudgetEntry,
    Document,
    Location,
    Node,
    SourceLine,
)
from checker.analysis.entries import entry_excerpt, entry_line, verbatim
from checker.booklet.text import char_diff, normalize, normalize_title

# Below this similarity (0–100, rapidfuzz ratio of normalised titles) a title
# names another heading or programme, not the original of the repeat.
DEFAULT_TITLE_THRESHOLD = 80.0
# A heading this much below the threshold is still named as the closest
# candidate when a repeat has no original; a less similar one would be noise.
NEAR_MISS = 30.0
JOINED_TITLE_SEPARATOR = regex.compile(r"[／/]")
# Two caption lines at least this similar are one caption changed, not one
# removed and one added.
CAPTION_PAIR_THRESHOLD = 60.0
# Differences closer than this many characters are reported as one.
MERGE_GAP = 8
# Flags whose difference between a repeat and its original is a difference of
# the budget line (the 再掲 marker itself is expected to differ).
COMPARED_FLAGS = ("new", "item_request", "part_of", "prior_part_of", "prior_item_request")
FLAG_WORDS = {
    "new": "新規",
    "item_request": "事項要求",
    "part_of": "の内数",
    "prior_part_of": "前年度の内数",
    "prior_item_request": "前年度の事項要求",
}
HEADING_KINDS_MATCHED = (TOPIC, ITEM, SUBITEM)


# ----------------------------------------------------------------- matching
@dataclass
class HeadingPair:
    """A repeated heading and its original (None when none was found)."""

    repeat: Node
    original: Node | None
    score: float  # 100 for the same normalised title
    how: str  # "exact", "similar" or "none"
    scope: str  # where the original was found: "document" or "original heading"
    closest: Node | None = None  # the most similar heading, when none was close enough
    closest_score: float = 0.0


@dataclass
class EntryPair:
    """A budget line marked 再掲 (outside marked headings) and its original."""

    repeat: BudgetEntry
    original: BudgetEntry | None
    score: float
    how: str
    closest: BudgetEntry | None = None
    closest_score: float = 0.0


@dataclass
class RepeatAnalysis:
    heading_pairs: list[HeadingPair] = field(default_factory=list)
    entry_pairs: list[EntryPair] = field(default_factory=list)
    # Budget block id -> the outermost marked heading it sits under.
    block_context: dict[int, Node] = field(default_factory=dict)

    def entry_in_repeat(self, entry: BudgetEntry) -> bool:
        """A budget line that is a copy: marked itself, or under a marked heading."""
        return "repeat" in entry.flags or entry.block_id in self.block_context


def _bare(title: str) -> str:
    return normalize_title(title)


def _entry_key(entry: BudgetEntry) -> tuple[str, str | None]:
    return (normalize_title(entry.name), entry.component)


def _best_similar(wanted: str, candidates: list, key, threshold: float):
    """(match, closest, score): the most similar candidate and its score, and
    that candidate again as ``match`` when the score reaches the threshold."""
    best, best_score = None, 0.0
    for candidate in candidates:
        score = fuzz.ratio(wanted, key(candidate))
        if score > best_score:
            best, best_score = candidate, score
    return (best if best_score >= threshold else None), best, best_score


def _title_keys(node: Node) -> list[str]:
    """A heading's comparison titles: the whole, and for a page topic that joins
    several titles with ／, each of them (a repeat may copy one of the pages)."""
    whole = _bare(node.title)
    if node.kind != TOPIC:
        return [whole]
    parts = [_bare(part) for part in JOINED_TITLE_SEPARATOR.split(node.title) if part.strip()]
    return [whole] + (parts if len(parts) > 1 else [])


def _match_heading(node: Node, pools: list[tuple[str, list[Node]]], threshold: float) -> HeadingPair:
    wanted = _bare(node.title)
    for scope, pool in pools:
        for candidate in pool:
            if wanted in _title_keys(candidate):
                return HeadingPair(node, candidate, 100.0, "exact", scope)
    closest, closest_score = None, 0.0
    for scope, pool in pools:
        found, best, score = _best_similar(wanted, pool, lambda candidate: _title_keys(candidate)[0], threshold)
        if found is not None:
            return HeadingPair(node, found, score, "similar", scope)
        if score > closest_score:
            closest, closest_score = best, score
    return HeadingPair(node, None, 0.0, "none", "document", closest, closest_score)


def _child_headings(node: Node) -> list[Node]:
    return [child for child in node.children if child.kind in HEADING_KINDS_MATCHED]


def analyse_repeats(document: Document, threshold: float = DEFAULT_TITLE_THRESHOLD) -> RepeatAnalysis:
    """Match every repeat to its original."""
    analysis = RepeatAnalysis()
    marked_roots: list[Node] = []
    original_topics: list[Node] = []
    original_items: list[Node] = []

    def visit(node: Node, context: Node | None) -> None:
        if context is None and node.kind in HEADING_KINDS_MATCHED and node.is_repeat:
            context = node
            marked_roots.append(node)
        if context is not None:
            if node.kind == BUDGET and node.block_id is not None:
                analysis.block_context[node.block_id] = context
        elif node.kind == TOPIC:
            original_topics.append(node)
        elif node.kind in (ITEM, SUBITEM):
            original_items.append(node)
        for child in node.children:
            visit(child, context)

    visit(document.root, None)

    def match_tree(repeat: Node, pools: list[tuple[str, list[Node]]]) -> None:
        pair = _match_heading(repeat, pools, threshold)
        analysis.heading_pairs.append(pair)
        for child in _child_headings(repeat):
            inner = [("original heading", _child_headings(pair.original))] if pair.original is not None else []
            match_tree(child, inner + [("document", original_items)])

    for root in marked_roots:
        match_tree(root, [("document", original_topics if root.kind == TOPIC else original_items)])

    originals = [e for e in document.ledger.entries if not ("repeat" in e.flags or e.block_id in analysis.block_context)]
    by_key: dict[tuple, BudgetEntry] = {}
    for entry in originals:
        by_key.setdefault(_entry_key(entry), entry)
    for entry in document.ledger.entries:
        if "repeat" not in entry.flags or entry.block_id in analysis.block_context:
            continue
        exact = by_key.get(_entry_key(entry))
        if exact is not None:
            analysis.entry_pairs.append(EntryPair(entry, exact, 100.0, "exact"))
            continue
        same_component = [e for e in originals if e.component == entry.component]
        found, best, score = _best_similar(
            normalize_title(entry.name), same_component, lambda e: normalize_title(e.name), threshold
        )
        if found is not None:
            analysis.entry_pairs.append(EntryPair(entry, found, score, "similar"))
        else:
            analysis.entry_pairs.append(EntryPair(entry, None, 0.0, "none", best, score))
    return analysis


# --------------------------------------------------------------- comparing
@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    line: SourceLine


@dataclass
class ContentParts:
    prose: str
    prose_segments: list[Segment]
    captions: list[tuple[str, SourceLine]]  # (normalised text, line)
    budget_nodes: list[Node]


def split_content(node: Node) -> ContentParts:
    """A heading's own content, separated into prose, figure text and budget.

    Prose and figure text are the node's paragraphs (``Node.paragraphs``),
    whose one kind decides: a short caption line that wraps the end of an
    unfinished prose sentence is already part of that prose paragraph. Figure
    text is compared line by line (labels in a diagram are a set).
    """
    prose_parts: list[str] = []
    segments: list[Segment] = []
    captions: list[tuple[str, SourceLine]] = []
    offset = 0
    for paragraph in node.paragraphs:
        for line in paragraph.lines:
            text = normalize(line.text)
            if not text:
                continue
            if paragraph.kind == CAPTION:
                captions.append((text, line))
                continue
            prose_parts.append(text)
            segments.append(Segment(offset, offset + len(text), line))
            offset += len(text)
    budget_nodes = [child for child in node.children if child.kind == BUDGET]
    return ContentParts("".join(prose_parts), segments, captions, budget_nodes)


def _line_at(segments: list[Segment], position: int) -> SourceLine | None:
    if not segments:
        return None
    for segment in segments:
        if segment.start <= position < segment.end:
            return segment.line
    return segments[-1].line if position >= segments[-1].end else segments[0].line


def _lines_between(segments: list[Segment], start: int, end: int) -> list[SourceLine]:
    if start == end:
        line = _line_at(segments, start)
        return [line] if line else []
    return [s.line for s in segments if s.start < end and s.end > start]


@dataclass(frozen=True)
class Hunk:
    original_start: int
    original_end: int
    repeat_start: int
    repeat_end: int


def text_hunks(original: str, repeat: str) -> list[Hunk]:
    """Differences between two normalised texts, close ones merged."""
    hunks: list[Hunk] = []
    original_position = repeat_position = 0
    for tag, original_part, repeat_part in char_diff(original, repeat):
        next_original = original_position + len(original_part)
        next_repeat = repeat_position + len(repeat_part)
        if tag != "equal":
            if hunks and original_position - hunks[-1].original_end < MERGE_GAP and repeat_position - hunks[-1].repeat_end < MERGE_GAP:
                last = hunks.pop()
                hunks.append(Hunk(last.original_start, next_original, last.repeat_start, next_repeat))
            else:
                hunks.append(Hunk(original_position, next_original, repeat_position, next_repeat))
        original_position, repeat_position = next_original, next_repeat
    return hunks


@dataclass(frozen=True)
class Difference:
    """One difference between a repeat and its original, for one rule."""

    kind: str  # "no_original", "title", "text", "caption", "budget"
    message: str
    location: Location
    related: tuple[Location, ...]
    excerpt: str
    expected: str | None
    key: str


def _heading_label(node: Node) -> str:
    return _bare(node.title) if node.kind != BUDGET else node.title


def _amount_text(value) -> str:
    return "—" if value is None else f"{value:,}億円"


class _Comparer:
    def __init__(self, document: Document, threshold: float, max_differences: int) -> None:
        self.document = document
        self.threshold = threshold
        self.max_differences = max_differences
        self.blocks = {block.block_id: block for block in document.ledger.blocks}
        self.differences: list[Difference] = []
        # (id(repeat entry), id(original entry)) pairs compared here, for the budget rules.
        self.compared_entries: set[tuple[int, int]] = set()

    def at(self, line: SourceLine | None) -> Location:
        return self.document.location(line)

    def add(self, kind, message, location, related, excerpt, expected, key) -> None:
        self.differences.append(Difference(kind, message, location, tuple(related), excerpt, expected, key))

    # Headings -------------------------------------------------------------
    def heading_pair(self, pair: HeadingPair) -> None:
        repeat = pair.repeat
        title = _heading_label(repeat)
        if pair.original is None:
            related: tuple[Location, ...] = ()
            marked = msg("marked 再掲") if repeat.is_repeat else msg("under a heading marked 再掲")
            kind, other = kind_term(repeat.kind), kind_term(repeat.kind if repeat.kind == TOPIC else "item")
            message = msg("{kind} 「{title}」 is {marked} but no unmarked {other} has this title",
                          kind=kind, title=title, marked=marked, other=other)
            if pair.closest is not None and pair.closest_score >= self.threshold - NEAR_MISS:
                message = msg("{kind} 「{title}」 is {marked} but no unmarked {other} has this title; "
                              "the closest {closest_kind} is 「{closest}」 ({score:.0f} < {threshold:.0f})",
                              kind=kind, title=title, marked=marked, other=other, closest_kind=kind_term(pair.closest.kind),
                              closest=_heading_label(pair.closest), score=pair.closest_score, threshold=self.threshold)
                related = (self.document.node_location(pair.closest),)
            self.add(
                "no_original",
                message,
                self.document.node_location(repeat),
                related,
                repeat.first_line.text.strip() if repeat.first_line else repeat.title,
                None,
                f"{repeat.kind}:{title}",
            )
            return
        original = pair.original
        if pair.how == "similar":
            self.add(
                "title",
                msg("{kind} title differs from its original's", kind=kind_term(repeat.kind)),
                self.document.node_location(repeat),
                (self.document.node_location(original),),
                repeat.title,
                original.title,
                f"{repeat.kind}:{title}:{_bare(original.title)}",
            )
        repeat_parts, original_parts = split_content(repeat), split_content(original)
        self.prose(pair, repeat_parts, original_parts)
        self.captions(pair, repeat_parts, original_parts)
        self.budget(pair, repeat_parts, original_parts)

    def prose(self, pair: HeadingPair, repeat_parts: ContentParts, original_parts: ContentParts) -> None:
        if repeat_parts.prose == original_parts.prose:
            return
        title = _heading_label(pair.repeat)
        hunks = text_hunks(original_parts.prose, repeat_parts.prose)
        for index, hunk in enumerate(hunks):
            repeat_lines = _lines_between(repeat_parts.prose_segments, hunk.repeat_start, hunk.repeat_end)
            original_lines = _lines_between(original_parts.prose_segments, hunk.original_start, hunk.original_end)
            where = self.at(repeat_lines[0]) if repeat_lines else self.document.node_location(pair.repeat)
            related = self.at(original_lines[0]) if original_lines else self.document.node_location(pair.original)
            if index == self.max_differences:
                self.add(
                    "text",
                    msg("text of 「{title}」 has {count} more differences from its original", title=title, count=len(hunks) - index),
                    where, (related,), verbatim(repeat_lines), verbatim(original_lines), f"{title}:more",
                )
                break
            removed = original_parts.prose[hunk.original_start:hunk.original_end]
            added = repeat_parts.prose[hunk.repeat_start:hunk.repeat_end]
            self.add(
                "text",
                msg("text of 「{title}」 differs from its original", title=title),
                where,
                (related,),
                verbatim(repeat_lines),
                verbatim(original_lines),
                f"{title}:{removed}:{added}",
            )

    # Long (67 lines, radon 25): pairs two multisets of caption lines (exact, then similar) and reports
    # each leftover; the three phases share the counters.
    def captions(self, pair: HeadingPair, repeat_parts: ContentParts, original_parts: ContentParts) -> None:
        title = _heading_label(pair.repeat)
        original_left = Counter(text for text, _ in original_parts.captions)
        repeat_matched: list[bool] = []
        for text, _ in repeat_parts.captions:
            if original_left[text] > 0:
                original_left[text] -= 1
                repeat_matched.append(True)
            else:
                repeat_matched.append(False)
        # Which of the original's captions found a counterpart, in order.
        seen = Counter(text for text, _ in repeat_parts.captions)
        original_matched = []
        for text, _ in original_parts.captions:
            if seen[text] > 0:
                seen[text] -= 1
                original_matched.append(True)
            else:
                original_matched.append(False)
        unmatched_repeat = [i for i, ok in enumerate(repeat_matched) if not ok]
        unmatched_original = [i for i, ok in enumerate(original_matched) if not ok]
        # A caption changed rather than removed and added: pair the most similar.
        for r_index in list(unmatched_repeat):
            r_text, r_line = repeat_parts.captions[r_index]
            best, best_score = None, 0.0
            for o_index in unmatched_original:
                score = fuzz.ratio(r_text, original_parts.captions[o_index][0])
                if score > best_score:
                    best, best_score = o_index, score
            if best is None or best_score < CAPTION_PAIR_THRESHOLD:
                continue
            o_text, o_line = original_parts.captions[best]
            unmatched_repeat.remove(r_index)
            unmatched_original.remove(best)
            self.add(
                "caption",
                msg("figure text in 「{title}」 differs from its original", title=title),
                self.at(r_line), (self.at(o_line),), r_line.text.strip(), o_line.text.strip(), f"{title}:{o_text}:{r_text}",
            )
        # Captions the repeat leaves out, grouped into runs of the original's order.
        runs: list[list[int]] = []
        for o_index in unmatched_original:
            if runs and runs[-1][-1] == o_index - 1:
                runs[-1].append(o_index)
            else:
                runs.append([o_index])
        for run in runs:
            texts = [original_parts.captions[i][1].text.strip() for i in run]
            anchor = self._repeat_anchor(run[0], original_matched, original_parts, repeat_parts, pair.repeat)
            quoted = "".join(f"「{text}」" for text in texts[:3])
            if len(texts) > 3:
                quoted = msg("{quoted} and {count} more", quoted=quoted, count=len(texts) - 3)
            self.add(
                "caption",
                msg("repeat of 「{title}」 leaves out {count} line(s) of figure text its original has: {quoted}",
                    title=title, count=len(texts), quoted=quoted),
                anchor,
                (self.at(original_parts.captions[run[0]][1]),),
                "",
                "\n".join(texts),
                f"{title}:omitted:{''.join(original_parts.captions[i][0] for i in run)}",
            )
        for r_index in unmatched_repeat:
            r_text, r_line = repeat_parts.captions[r_index]
            self.add(
                "caption",
                msg("repeat of 「{title}」 has figure text its original lacks: 「{text}」", title=title, text=r_line.text.strip()),
                self.at(r_line), (self.document.node_location(pair.original),), r_line.text.strip(), None,
                f"{title}:added:{r_text}",
            )

    def _repeat_anchor(self, original_index, original_matched, original_parts, repeat_parts, repeat_node) -> Location:
        """Where in the repeat an omitted run of captions would stand: after the
        repeat's copy of the last original caption before the run."""
        before = [i for i in range(original_index) if original_matched[i]]
        if before:
            wanted = original_parts.captions[before[-1]][0]
            for text, line in repeat_parts.captions:
                if text == wanted:
                    return self.at(line)
        return self.document.node_location(repeat_node)

    # Budget ---------------------------------------------------------------
    def _entries(self, parts: ContentParts) -> list[tuple[BudgetEntry, Node]]:
        entries = []
        for node in parts.budget_nodes:
            block = self.blocks.get(node.block_id)
            if block is not None:
                entries.extend((entry, node) for entry in block.entries)
        return entries

    def budget(self, pair: HeadingPair, repeat_parts: ContentParts, original_parts: ContentParts) -> None:
        repeat_entries = self._entries(repeat_parts)
        original_entries = self._entries(original_parts)
        title = _heading_label(pair.repeat)
        unmatched = list(original_entries)
        leftovers = []
        for entry, node in repeat_entries:
            found = next((item for item in unmatched if _entry_key(item[0]) == _entry_key(entry)), None)
            if found is None:
                leftovers.append((entry, node))
                continue
            unmatched.remove(found)
            self.entry_pair(entry, found[0], renamed=False)
        for entry, node in leftovers:
            candidates = [item for item in unmatched if item[0].component == entry.component]
            found, _, _ = _best_similar(normalize_title(entry.name), candidates, lambda item: normalize_title(item[0].name), self.threshold)
            if found is not None:
                unmatched.remove(found)
                self.entry_pair(entry, found[0], renamed=True)
                continue
            self.add(
                "budget",
                msg("repeat of 「{title}」 lists programme 「{name}」 {amount}, which its original does not",
                    title=title, name=entry.name, amount=_amount_text(entry.amount)),
                self.at(entry_line(entry)), (self.document.node_location(pair.original),),
                entry_excerpt(entry), None, f"{title}:extra:{normalize_title(entry.name)}",
            )
        for entry, node in unmatched:
            self.add(
                "budget",
                msg("repeat of 「{title}」 leaves out programme 「{name}」 {amount} that its original lists",
                    title=title, name=entry.name, amount=_amount_text(entry.amount)),
                self.document.node_location(pair.repeat), (self.at(entry_line(entry)),),
                "", entry_excerpt(entry), f"{title}:missing:{normalize_title(entry.name)}",
            )

    def entry_pair(self, repeat: BudgetEntry, original: BudgetEntry, renamed: bool) -> None:
        self.compared_entries.add((id(repeat), id(original)))
        where = self.at(entry_line(repeat))
        related = (self.at(entry_line(original)),)
        excerpt = entry_excerpt(repeat)
        expected = entry_excerpt(original)
        name = normalize_title(repeat.name)
        if renamed:
            self.add(
                "budget",
                msg("programme name differs from its original"),
                where, related, excerpt, expected, f"{name}:name:{normalize_title(original.name)}",
            )
        differences = []
        if not same_amount(repeat.amount, repeat.amount_text, original.amount, original.amount_text):
            differences.append(msg("amount {amount} where the original has {original}",
                                   amount=_amount_text(repeat.amount), original=_amount_text(original.amount)))
        if not same_amount(repeat.prior_amount, repeat.prior_text, original.prior_amount, original.prior_text):
            differences.append(
                msg("prior-year amount {amount} where the original has {original}",
                    amount=_amount_text(repeat.prior_amount), original=_amount_text(original.prior_amount))
            )
        for flag in COMPARED_FLAGS:
            if (flag in repeat.flags) != (flag in original.flags):
                template = N_("has 「{flag}」 unlike the original") if flag in repeat.flags else N_("lacks 「{flag}」 unlike the original")
                differences.append(msg(template, flag=FLAG_WORDS[flag]))
        if dict(repeat.supplementary) != dict(original.supplementary):
            differences.append(msg("its supplementary-budget figures differ from the original's"))
        for difference in differences:
            self.add(
                "budget",
                msg("repeated programme 「{name}」: {difference}", name=repeat.name, difference=difference),
                where, related, excerpt, expected, f"{name}:{difference}",
            )


def compare_repeats(
    document: Document, analysis: RepeatAnalysis, threshold: float = DEFAULT_TITLE_THRESHOLD, max_differences: int = 10
) -> _Comparer:
    """Every difference between the repeats ``analysis`` paired and their originals."""
    comparer = _Comparer(document, threshold, max_differences)
    for pair in analysis.heading_pairs:
        comparer.heading_pair(pair)
    for pair in analysis.entry_pairs:
        if pair.original is None:
            related: tuple[Location, ...] = ()
            message = msg("budget line 「{name}」 is marked 再掲 but no unmarked budget line names this programme", name=pair.repeat.name)
            if pair.closest is not None and pair.closest_score >= threshold - NEAR_MISS:
                message = msg("budget line 「{name}」 is marked 再掲 but no unmarked budget line names this programme; "
                              "the closest is 「{closest}」 ({score:.0f} < {threshold:.0f})",
                              name=pair.repeat.name, closest=pair.closest.name, score=pair.closest_score, threshold=threshold)
                related = (document.location(entry_line(pair.closest)),)
            comparer.add(
                "no_original",
                message,
                document.location(entry_line(pair.repeat)), related, entry_excerpt(pair.repeat), None,
                f"budget:{normalize_title(pair.repeat.name)}",
            )
            continue
        if pair.how == "similar":
            comparer.add(
                "title",
                msg("programme name of a 再掲 budget line differs from its original's"),
                document.location(entry_line(pair.repeat)), (document.location(entry_line(pair.original)),),
                pair.repeat.name, pair.original.name,
                f"budget:{normalize_title(pair.repeat.name)}:{normalize_title(pair.original.name)}",
            )
        comparer.entry_pair(pair.repeat, pair.original, renamed=False)
    return comparer
