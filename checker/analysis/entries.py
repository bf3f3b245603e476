"""How a budget entry is printed: the line of its amount and its verbatim lines."""

from __future__ import annotations

from checker.booklet.model import BudgetEntry, SourceLine
from checker.booklet.text import normalize


def verbatim(lines: list[SourceLine]) -> str:
    return "\n".join(line.text.strip() for line in lines)


def entry_line(entry: BudgetEntry) -> SourceLine:
    """The line of a block where this entry's amount stands (after its name)."""
    return entry.amount_line


def entry_excerpt(entry: BudgetEntry) -> str:
    """The lines of a block that print this entry: from the line where its name
    begins to the line of its prior-year figure (or its amount), verbatim."""
    lines = entry.lines
    end = start = min(entry.amount_line_index, len(lines) - 1)
    prior = normalize(entry.prior_text)
    if prior:
        end = next((i for i in range(end, min(end + 3, len(lines))) if prior in normalize(lines[i].text)), end)
    name_head = normalize(entry.name)[:4]
    # The name begins at most a few lines above its amount (wrapped names, うち lines).
    floor = max(0, start - 4)
    while start > floor and name_head not in normalize(lines[start].text):
        start -= 1
    return verbatim(lines[start:end + 1])
