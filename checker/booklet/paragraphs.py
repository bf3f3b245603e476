"""Paragraphs: which content lines of a heading read on as one running text.

The parser gives every logical line its own content node (prose, caption,
bullet, note). Rules that read sentences (brackets, dates, notation), the
repeat comparison and the diff all need the text as a reader reads it, across
the lines; this module decides once, for all of them, which lines read on:

- Only content lines of one parent read on: a heading, a budget block or
  anything else between two lines ends the paragraph, and so does a blank
  line (the text reader numbers it, so the two lines are not adjacent) or a
  page break.
- A bullet or a note starts a paragraph, as does a line that starts with a
  list or diagram mark (arrow, shape, circled number): each begins with its
  own marker.
- A line reads on only from a line left unfinished. Prose (paragraph,
  bullet, note, text before any heading) is unfinished when it does not end
  a sentence (。．): the author broke a long sentence, or the reader kept a
  wrapped row as a line. A caption, the parser's name for a short line
  without a sentence end (a figure or diagram label), is unfinished when it
  leaves a bracket open or ends with a comma: the label is set over several
  lines; otherwise the next label is another label. Either goes on into a
  line that begins by closing a bracket or with punctuation, and a Latin
  word broken at a space (Latin on both sides) goes on.
- So a caption is not joined with prose: after prose it is the wrapped end of
  an unfinished sentence (and is prose) or a label of its own; after a
  caption a prose line always starts a paragraph.
- With geometry (a layout reader gives ``bbox`` and ``font_size``), a line
  that is not the next row of the same column (more than a line's gap below,
  above it, or beside it) or is set in another font size starts a paragraph
  however the line before ends: a label beside the text, a box below it. The
  same block says the rows belong together. A first-line indent is not used:
  a paragraph's first line follows a finished sentence anyway, and a hanging
  or continued line (a contents entry, a label) is indented too. Wrapped rows
  within a block are joined into one logical line before the parser runs
  (``checker.booklet.lines``: where a row ends against its block's right
  edge); the rules here apply between logical lines, so text, PDF and
  office readings that give the same lines give the same paragraphs except
  where the page shows a gap, a column or a size the text cannot.
- The text: each line stripped, joined directly (Japanese has no word
  spaces), with one space between two Latin letters or digits (a Latin word
  wrapped at a space).
"""

from __future__ import annotations

from checker.booklet.lines import LIST_MARK
from checker.booklet.model import (
    BULLET,
    CAPTION,
    FRONT_MATTER,
    NOTE,
    PARAGRAPH,
    UNCLASSIFIED,
    Node,
    Paragraph,
    SourceLine,
)
from checker.booklet.patterns import SENTENCE_END
from checker.reading.glyphs import is_latin

PROSE_KINDS = (PARAGRAPH, BULLET, NOTE, UNCLASSIFIED)
PARAGRAPH_CONTENT_KINDS = PROSE_KINDS + (CAPTION,)
# Kinds that begin with their own marker: always the first line of a paragraph.
OWN_START_KINDS = (BULLET, NOTE)
# A line this much larger or smaller than the line before is set apart (a label).
FONT_SIZE_RATIO = 1.15
# Brackets a label may leave open at the end of a line (it goes on below).
OPENING_BRACKETS = "(（[［{｛「『【〔〈《<＜"
CLOSING_BRACKETS = ")）]］}｝」』】〕〉》>＞"
# Endings that leave a sentence open: commas, case particles, continuative forms.
TRAILING_CONTINUATIONS = tuple("、，,のをにがはとでやもへしてつ")
LEADING_CONTINUATIONS = tuple(CLOSING_BRACKETS + "、。，．,")
# Rows of one paragraph stand at most this many font sizes apart (white space
# between them); a blank line or a box border leaves more.
LINE_GAP_EM = 1.5


def attach_paragraphs(root: Node) -> None:
    """Give every node of the tree its paragraphs (``Node.paragraphs``)."""
    for node in root.walk():
        if node.kind == FRONT_MATTER:
            node.paragraphs = front_matter_paragraphs(node)
        else:
            node.paragraphs = content_paragraphs(node)


def content_paragraphs(node: Node) -> list[Paragraph]:
    """The node's own content children, grouped into paragraphs in reading order."""
    runs: list[tuple[str, list[Node]]] = []
    open_run = False
    for child in node.children:
        if child.kind not in PARAGRAPH_CONTENT_KINDS or not _text_lines(child.lines):
            open_run = False
            continue
        if open_run and reads_on(runs[-1][0], _text_lines(runs[-1][1][-1].lines)[-1], child):
            runs[-1][1].append(child)
        else:
            runs.append((child.kind, [child]))
            open_run = True
    return [make_paragraph(kind, [line for child in nodes for line in _text_lines(child.lines)], nodes) for kind, nodes in runs]


def front_matter_paragraphs(node: Node) -> list[Paragraph]:
    """A front matter's lines (title page, foreword) grouped as prose is."""
    runs: list[list[SourceLine]] = []
    for line in _text_lines(node.lines):
        previous = runs[-1][-1] if runs else None
        if previous and adjacent(previous, line) and (runs_on(previous.text) or closes_line_before(line.text)):
            runs[-1].append(line)
        else:
            runs.append([line])
    return [make_paragraph(FRONT_MATTER, lines, ()) for lines in runs]


def reads_on(run_kind: str, previous: SourceLine, following: Node) -> bool:
    """Whether the content node ``following`` continues a paragraph of ``run_kind``
    whose last line is ``previous``: the one prose/caption decision."""
    first = _text_lines(following.lines)[0]
    if following.kind in OWN_START_KINDS or LIST_MARK.match(first.text):
        return False
    if not adjacent(previous, first):
        return False
    if run_kind == CAPTION and following.kind != CAPTION:
        return False  # a label is not joined with the prose below it
    return runs_on(previous.text) or closes_line_before(first.text) or _latin_word_wrap(previous.text, first.text)


def runs_on(text: str) -> bool:
    """A line that stops mid-sentence: it leaves a bracket open, or ends with a
    comma, a particle or a continuative form (…の, …を, …し, …て), none of
    which ends a sentence, a heading-like bullet (体言止め) or a label."""
    text = text.replace("**", "").rstrip()
    if not text or text.endswith(SENTENCE_END):
        return False
    if text.endswith(TRAILING_CONTINUATIONS):
        return True
    depth = 0
    for char in text:
        if char in OPENING_BRACKETS:
            depth += 1
        elif char in CLOSING_BRACKETS and depth:
            depth -= 1
    return depth > 0


def _latin_word_wrap(text: str, following: str) -> bool:
    """A Latin word or number broken at a space: Latin on both sides of the break."""
    text, following = text.rstrip(), following.lstrip()
    return bool(text and following) and is_latin(text[-1]) and is_latin(following[0])


def closes_line_before(text: str) -> bool:
    """A line that cannot begin anything: it starts by closing a bracket or with punctuation."""
    return text.strip().startswith(LEADING_CONTINUATIONS)


def adjacent(previous: SourceLine, following: SourceLine) -> bool:
    """Next to each other on the page: no blank line, no page break, and with
    geometry no gap of more than a line, no other column, no other font size."""
    if following.number != previous.number + 1:
        return False
    if previous.page_index != following.page_index:
        return False
    if previous.bbox is None or following.bbox is None or not previous.font_size:
        return True
    if following.font_size:
        ratio = max(previous.font_size, following.font_size) / min(previous.font_size, following.font_size)
        if ratio > FONT_SIZE_RATIO:
            return False
    return _below(previous, following)


def _below(previous: SourceLine, following: SourceLine) -> bool:
    """The next row of the same column: under the line, no more than a line's gap
    away, overlapping it across. The layout's block says so when it is the same;
    blocks alone are not enough, since a reader may give widely spaced rows a
    block each."""
    if previous.block is not None and previous.block == following.block:
        return True
    size = previous.font_size
    gap = previous.bbox[1] - following.bbox[3]  # PDF y grows upwards
    overlaps = following.bbox[0] < previous.bbox[2] and previous.bbox[0] < following.bbox[2]
    return -0.5 * size <= gap <= LINE_GAP_EM * size and overlaps


def make_paragraph(kind: str, lines: list[SourceLine], nodes) -> Paragraph:
    """Lines stripped and joined: directly, or with a space between Latin words."""
    text, starts = "", []
    for line in lines:
        piece = line.text.strip()
        if text and is_latin(text[-1]) and is_latin(piece[0]):
            text += " "
        starts.append(len(text))
        text += piece
    return Paragraph(kind=kind, lines=tuple(lines), text=text, starts=tuple(starts), nodes=tuple(nodes))


def _text_lines(lines: list[SourceLine]) -> list[SourceLine]:
    return [line for line in lines if line.text.strip()]
