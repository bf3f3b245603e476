"""Printed figures and the intervals of values they stand for.

Amounts are compared as printed figures: a figure shown with d decimal places
stands for every value that rounds to it, the interval [x − ½·10⁻ᵈ, x + ½·10⁻ᵈ]
(14.5 stands for [14.45, 14.55]). A stated total, change or rate is consistent
with its parts when the interval computed from the parts (a sum of n figures
carries n such intervals) overlaps the stated figure's interval: the rounding
rule of XBRL Calculation 1.1.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import regex

from checker.i18n import msg
from checker.booklet.budget import AMOUNT, UNIT_FACTORS


@dataclass(frozen=True)
class Figure:
    """A printed number and the interval of values it stands for."""

    value: Decimal
    decimals: int

    @property
    def half(self) -> Decimal:
        return Decimal(5) * Decimal(10) ** -(self.decimals + 1)

    @property
    def low(self) -> Decimal:
        return self.value - self.half

    @property
    def high(self) -> Decimal:
        return self.value + self.half

    def text(self) -> str:
        return f"{self.value:,.{max(self.decimals, 0)}f}"


NEGATIVE_SIGNS = "▲△−-－"
FIGURE = regex.compile(r"^(?P<sign>[▲△−\-－+＋])?(?P<number>\d[\d,]*(?:\.\d+)?)(?P<percent>%)?$")


def read_figure(text: str) -> Figure | None:
    """A table cell or signed figure (▲ and △ are minus) as a Figure."""
    folded = unicodedata.normalize("NFKC", text).replace("，", ",").replace(" ", "")
    match = FIGURE.match(folded)
    if not match:
        return None
    digits = match["number"].replace(",", "")
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    value = Decimal(digits)
    if match["sign"] and match["sign"] in NEGATIVE_SIGNS:
        value = -value
    return Figure(value, decimals)


def amount_figure(text: str) -> Figure | None:
    """The first amount printed in a budget text (億円 and 兆円 converted to 億円)."""
    match = AMOUNT.search(text or "")
    if not match:
        return None
    digits = unicodedata.normalize("NFKC", match["number"]).replace(",", "")
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    factor = UNIT_FACTORS[match["unit"]]
    value = Decimal(digits) * factor
    # A figure in 兆円 with one decimal is precise to 0.1兆円 = 1,000億円.
    exponent = factor.adjusted()
    return Figure(value, decimals - exponent)


def overlaps(low: Decimal, high: Decimal, figure: Figure) -> bool:
    return low <= figure.high and figure.low <= high


def sum_interval(figures: list[Figure]) -> tuple[Decimal, Decimal]:
    return sum((f.low for f in figures), Decimal(0)), sum((f.high for f in figures), Decimal(0))


def quotient_interval(numerator: tuple[Decimal, Decimal], denominator: tuple[Decimal, Decimal]) -> tuple[Decimal, Decimal] | None:
    """Range of a/b over two intervals; None when b's interval reaches zero."""
    if denominator[0] <= 0 <= denominator[1]:
        return None
    corners = [a / b for a in numerator for b in denominator]
    return min(corners), max(corners)


def format_value(value: Decimal, decimals: int) -> str:
    return f"{value:,.{max(decimals, 0)}f}"


def rounding_interval(low: Decimal, high: Decimal, decimals: int) -> str:  # a Message
    """An interval shown with one more place than its figure, or as many as
    it takes for its ends to differ (a rate of large amounts is a narrow one)."""
    places = max(decimals, 0) + 1
    while format_value(low, places) == format_value(high, places) and places < 8:
        places += 1
    return msg("rounding allows {low} to {high}", low=format_value(low, places), high=format_value(high, places))
