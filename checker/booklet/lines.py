"""From laid-out lines to the booklet's lines: wrapped lines joined, page labels found.

The PDF reader delivers geometry only: each physical line with its box, font
size, block and whether it runs to its block's right edge (``wraps``). What a
line *is* depends on the booklet's profile, so these decisions are made here:

- A line that wraps is continued by the next line of its block, unless the
  next line starts something of its own (a heading, item, bullet, note or
  budget marker) or the line is complete by its shape (a contents entry ending
  in its page number, a budget line ending in its amount). Japanese has no
  word spaces, so the two parts join directly; a space the page shows at the
  break is kept, and a Latin word wrapped at a space gets its space back (the
  line ended with room for another glyph, so the break was at a word
  boundary, not inside a word or number broken glyph by glyph).
- A line alone near the top or bottom edge holding only a number is the
  page's printed number (role ``page_number``).

Readers without geometry (the text reader) are passed through unchanged.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from checker.reading.glyphs import is_latin
from checker.reading.records import RawDocument, SourceLine, replace_line

# Edge bands (fraction of page height) where a lone number is a page label.
PAGE_LABEL_BAND = 0.12
# Room (font sizes) left at the end of a wrapped Latin line that shows the
# break was a word space: a Latin glyph is about half an em wide.
WORD_BREAK_ROOM_EM = 0.5
# Sizes of two rows of one wrapped line differ by less than this ratio (rounding, a
# row of mostly full-width punctuation); a label or a heading in another size does not.
WRAP_SIZE_RATIO = 1.15
# A budget line ending in its amount (and its prior-year bracket) is complete.
AMOUNT_AT_END = regex.compile(r"(?:兆円|億円|百万円|千円|万円)(?:の内数)?\s*(?:[（(][^()（）]*[)）])?\s*$")
# ... unless the prior year's figure follows on the next line: （元年度 1.2億円）.
PRIOR_YEAR_START = regex.compile(r"^[（(]\s*(?:前年度|(?:令和|平成)?\s*(?:元|\d{1,2})\s*年度)")
# Marks that begin a line of a list or a diagram label (arrows, circled numbers,
# shapes), beside the profile's own bullets: a wrapped line does not start so.
LIST_MARK = regex.compile(r"^\s*[⇒⇨→➡▶▷►◆◇■□●○◎★☆※①-⑳㉑-㉟㊱-㊿❶-❿➀-➓]")
STARTS = ("chapter", "section", "item", "subitem", "bullet", "note", "budget_marker")


def assemble_lines(raw: RawDocument, profile) -> RawDocument:
    """The booklet's logical lines from a layout reader's physical lines."""
    if raw.source_kind != "pdf" or not any(line.block is not None for line in raw.lines):
        return raw
    joiner = _Joiner(profile)
    lines: list[SourceLine] = []
    for page_lines in _by_page(raw.lines):
        logical = joiner.join(page_lines)
        label_index, printed_page = _page_label(logical, profile.compiled("page_number"))
        for index, line in enumerate(logical):
            role = "page_number" if index == label_index else line.role
            lines.append(replace_line(line, number=len(lines) + 1, printed_page=printed_page, role=role))
    return replace(raw, lines=lines)


def _by_page(lines: list[SourceLine]) -> list[list[SourceLine]]:
    pages: list[list[SourceLine]] = []
    for line in lines:
        if not pages or pages[-1][0].page_index != line.page_index:
            pages.append([])
        pages[-1].append(line)
    return pages


class _Joiner:
    def __init__(self, profile) -> None:
        self.starts = [profile.compiled(name) for name in STARTS]
        self.leader = profile.compiled("toc_leader")

    def starts_line(self, text: str) -> bool:
        return bool(LIST_MARK.match(text)) or any(pattern.match(text) for pattern in self.starts)

    def ends_line(self, text: str) -> bool:
        """Complete by its shape: a contents entry's leader and page, or an amount at the end."""
        return bool(self.leader.match(text) or AMOUNT_AT_END.search(text))

    def join(self, page_lines: list[SourceLine]) -> list[SourceLine]:
        right_edges: dict[int | None, float] = {}
        for line in page_lines:
            if line.bbox is not None:
                right_edges[line.block] = max(right_edges.get(line.block, line.bbox[2]), line.bbox[2])
        logical: list[SourceLine] = []
        continues, word_break, trailing_space, amount_ended = False, False, False, False
        for line in page_lines:
            text = line.text.strip()
            goes_on = continues or (amount_ended and PRIOR_YEAR_START.match(text))
            if logical and goes_on and logical[-1].block == line.block and _same_size(logical[-1], line) and not self.starts_line(text):
                space_shown = trailing_space or line.text[:1].isspace()
                logical[-1] = _joined(logical[-1], line, word_break, space_shown)
            else:
                logical.append(replace_line(line, text=text))
            continues = line.wraps and not self.ends_line(text)
            amount_ended = line.wraps and bool(AMOUNT_AT_END.search(text))
            room = right_edges.get(line.block, 0.0) - line.bbox[2] if line.bbox else 0.0
            word_break = room >= WORD_BREAK_ROOM_EM * (line.font_size or 0.0)
            trailing_space = line.text[-1:].isspace()
        return logical


def _same_size(first: SourceLine, second: SourceLine) -> bool:
    """A wrapped line goes on in the size it started in: a line drawn markedly smaller or
    larger (a label under a heading, a title bar after a section line) starts anew."""
    if not first.font_size or not second.font_size:
        return True  # no sizes known (a text reading): the shape alone decides
    return max(first.font_size, second.font_size) <= min(first.font_size, second.font_size) * WRAP_SIZE_RATIO


def _joined(first: SourceLine, second: SourceLine, word_break: bool, space_shown: bool) -> SourceLine:
    """Two parts of one wrapped line: directly in Japanese, with a space where the
    page shows one at the break, or between Latin words broken at a space."""
    left, right = first.text, second.text.strip()
    latin = left and right and is_latin(left[-1]) and is_latin(right[0])
    separator = " " if space_shown or (latin and word_break) else ""
    box = first.bbox
    if box and second.bbox:
        box = (min(box[0], second.bbox[0]), min(box[1], second.bbox[1]), max(box[2], second.bbox[2]), max(box[3], second.bbox[3]))
    # Where each printed line after the first begins in the joined text (for
    # locations on paper: the row of the page that holds a quoted passage).
    offset = len(left) + len(separator)
    breaks = (*first.row_breaks, offset, *(offset + inner for inner in second.row_breaks))
    return replace_line(first, text=left + separator + right, bbox=box, wraps=second.wraps, row_breaks=breaks)


def _page_label(lines: list[SourceLine], pattern) -> tuple[int | None, int | None]:
    """The first line near the top or bottom edge that is only a page number."""
    for index, line in enumerate(lines):
        if line.bbox is None or line.page_size is None:
            continue
        height = line.page_size[1]
        near_edge = line.bbox[1] < height * PAGE_LABEL_BAND or line.bbox[3] > height * (1 - PAGE_LABEL_BAND)
        match = pattern.match(line.text)
        if near_edge and match:
            return index, int(match["page"])
    return None, None
