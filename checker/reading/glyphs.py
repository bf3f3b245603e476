"""Glyphs and drawn boxes: what the PDF adapter hands to the layout, in plain data.

A ``Glyph`` is one character pdfminer decoded, where it stands on the page
(PDF points, origin bottom left), its size and font, the order it came in the
content stream, and its writing axis. A ``Box`` is a drawn rectangle (a border,
a filled bar, a table cell) that may enclose text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

HORIZONTAL = "h"  # upright, left to right
VERTICAL = "v"  # 縦書き: a vertical-writing font, top to bottom
ROTATED = "r"  # turned by the text matrix (a sideways label)


@dataclass(slots=True)
class Glyph:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # font size in points as drawn (the text matrix applied)
    font: str
    order: int  # position in the page's content stream, figures included
    axis: str = HORIZONTAL
    container: int = -1  # index of the innermost Box holding it; -1: the page
    angle: int = 0  # direction of the baseline, counter-clockwise: 0, 90, 180 or 270 degrees
    em: float = 0.0  # the font size, never below 1 (a glyph drawn at size 0 still has a place)
    height: float = 0.0  # never zero

    def __post_init__(self) -> None:
        self.em = self.size if self.size > 1.0 else 1.0
        self.height = self.y1 - self.y0 if self.y1 - self.y0 > 0.01 else 0.01


@dataclass(frozen=True, slots=True)
class Box:
    """A drawn axis-aligned rectangle: a border, a bar, a cell."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.y1 - self.y0)

    def holds(self, x0: float, y0: float, x1: float, y1: float, slack: float = 1.0) -> bool:
        return x0 >= self.x0 - slack and x1 <= self.x1 + slack and y0 >= self.y0 - slack and y1 <= self.y1 + slack


@dataclass(frozen=True, slots=True)
class Rule:
    """A drawn straight line (or a hairline rectangle): a table or column ruling."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.y1 - self.y0)


def is_space(text: str) -> bool:
    return text.isspace()


def is_wide(text: str) -> bool:
    """A full-width (Japanese, Chinese, full-width form) character."""
    return bool(text) and _wide_character(text[0])


@lru_cache(maxsize=4096)
def _wide_character(character: str) -> bool:
    # Asked for every glyph, several times: a booklet uses a few thousand characters.
    return unicodedata.east_asian_width(character) in "WF"


def is_latin(text: str) -> bool:
    """A letter or digit of a script written with word spaces (not wide)."""
    return bool(text) and not is_wide(text) and text[0].isalnum()
