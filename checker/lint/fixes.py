"""Mechanical fixes: a finding may carry the exact edit that resolves it.

Only rules whose findings need no judgement attach edits (a notation variant
replaced by the preferred spelling, a bracket made the width of its partner,
a marker put in the document's brackets, a stray space taken out of an
amount). An edit names a line by its number in the reader's sequence and a
span of that line's verbatim text in characters, and keeps the text it
replaces, so applying it to a file that changed since is refused, not
guessed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    line: int  # SourceLine.number
    start: int  # 0-based character offset in the line's verbatim text
    end: int
    before: str  # the text at [start, end) when the finding was made
    after: str

    def to_dict(self) -> dict:
        return {"line": self.line, "start": self.start, "end": self.end, "before": self.before, "after": self.after}


def unit_edit(unit, start: int, end: int, replacement: str) -> tuple[Edit, ...]:
    """The edit replacing [start, end) of a text unit, or none when the span
    crosses a line break (joined lines are not one line of the file)."""
    if end <= start:
        return ()
    first, last = unit.line_at(start), unit.line_at(end - 1)
    if first is not last:
        return ()
    index = unit.lines.index(first)
    indent = len(first.text) - len(first.text.lstrip())
    column = start - unit.starts[index] + indent
    before = first.text[column:column + end - start]
    if before != unit.text[start:end]:
        return ()
    return (Edit(first.number, column, column + end - start, before, replacement),)


def describe(edits: tuple[Edit, ...]) -> str:
    """The fix as a reader sees it: 「before」→「after」, for reports of any input."""
    return "; ".join(f"「{edit.before}」→「{edit.after}」" for edit in edits)


def column(line_text: str, offset: int, unit: str) -> int:
    """The 1-based column of a character offset, counted in ``unit``: "utf-16"
    (SARIF's default) or "utf-8" (reviewdog's bytes)."""
    encoded = line_text[:offset].encode("utf-16-le" if unit == "utf-16" else "utf-8")
    return len(encoded) // (2 if unit == "utf-16" else 1) + 1


def line_spans(text: str) -> dict[int, tuple[int, int]]:
    """Line number -> (start, end) offsets in ``text``, numbered exactly as
    ``checker.reading.readers.text_to_raw`` numbers them."""
    separator = "\r" if "\r" in text and "\n" not in text else "\n"
    has_pages = "\f" in text
    pages, offset = [], 0
    for page in text.split("\f") if has_pages else [text]:
        pages.append((offset, page))
        offset += len(page) + 1
    if has_pages and pages and not pages[-1][1].strip():
        pages.pop()
    spans: dict[int, tuple[int, int]] = {}
    for page_offset, page in pages:
        parts, position = [], page_offset
        for part in page.split(separator):
            length = len(part) - (1 if separator == "\n" and part.endswith("\r") else 0)
            parts.append((position, position + length, part))
            position += len(part) + 1
        if parts and parts[-1][2] == "":
            parts.pop()
        for start, end, _ in parts:
            spans[len(spans) + 1] = (start, end)
    return spans


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
    """The text with the edits made, and the edits made. An edit whose line
    no longer holds its ``before`` text, or that overlaps an edit made
    before it, is left out."""
    spans = line_spans(text)
    placed: list[tuple[int, int, Edit]] = []
    for edit in sorted(set(edits), key=lambda e: (e.line, e.start, e.end)):
        span = spans.get(edit.line)
        if span is None:
            continue
        start, end = span[0] + edit.start, span[0] + edit.end
        if end > span[1] or text[start:end] != edit.before:
            continue
        if placed and start < placed[-1][1]:
            continue
        placed.append((start, end, edit))
    for start, end, edit in reversed(placed):
        text = text[:start] + edit.after + text[end:]
    return text, [edit for _, _, edit in placed]
