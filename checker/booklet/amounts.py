"""Rounded amounts: a printed figure, its precision and the values it stands for.

A figure printed with unit u in its last place (0.1 for `14.5`, 1 for
`3,250`, 1,000億円 for `1.6兆円`) stands for the values that round to it, the
half-open interval [x − u/2, x + u/2) (mirrored for negative figures, which
round half away from zero). Two consequences every comparison must respect:

- Two figures printed at the same precision are the same figure only when they
  print the same: 0.8 and 0.9 are different figures, although their closed
  intervals touch at 0.85.
- Figures printed at different precisions are the same figure when the less
  precise one's interval contains the more precise one: 3,250 and 3,250.4 are
  the same, 3,250 and 3,250.5 are not.

Sums, differences and quotients of figures carry intervals too (a sum of n
figures carries n); they agree with a stated figure when the two intervals
share a value, which for half-open intervals means strict inequalities.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import regex

from checker.booklet.budget import AMOUNT, UNIT_FACTORS


@dataclass(frozen=True)
class Figure:
    """A printed number (in 億円 for amounts) and the interval of values it stands for."""

    value: Decimal
    decimals: int  # places after the point; negative when the last place is 10, 100 …

    @property
    def unit(self) -> Decimal:
        return Decimal(10) ** -self.decimals

    @property
    def half(self) -> Decimal:
        return self.unit / 2

    @property
    def low(self) -> Decimal:
        return self.value - self.half

    @property
    def high(self) -> Decimal:
        return self.value + self.half

    def contains(self, value: Decimal) -> bool:
        """Whether ``value`` rounds to this figure (half-open interval)."""
        offset = value - self.value
        if self.value < 0 or (self.value == 0 and value < 0):
            return -self.half < offset <= self.half
        return -self.half <= offset < self.half

    def text(self) -> str:
        return f"{self.value:,.{max(self.decimals, 0)}f}"


def same_figure(left: Figure, right: Figure) -> bool:
    """Whether two printings can stand for the same amount (see the module docstring)."""
    if left.decimals == right.decimals:
        return left.value == right.value
    coarse, fine = (left, right) if left.decimals < right.decimals else (right, left)
    return coarse.contains(fine.value)


def intervals_meet(low: Decimal, high: Decimal, figure: Figure) -> bool:
    """Whether the values between ``low`` and ``high`` (the interval computed
    from other figures, its upper end excluded) include one that rounds to
    ``figure``. Touching ends do not meet: [0.75, 0.85) and [0.85, 0.95) share
    no value."""
    return low < figure.high and figure.low < high


def sum_interval(figures: list[Figure]) -> tuple[Decimal, Decimal]:
    return sum((f.low for f in figures), Decimal(0)), sum((f.high for f in figures), Decimal(0))


# ------------------------------------------------------------------ reading
NEGATIVE_SIGNS = "▲△−-－"
FIGURE = regex.compile(r"^(?P<sign>[▲△−\-－+＋])?(?P<number>\d[\d,]*(?:\.\d+)?)(?P<percent>%)?$")


def _decimals(digits: str) -> int:
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def read_figure(text: str) -> Figure | None:
    """A table cell or signed figure (▲ and △ are minus) as a Figure."""
    folded = unicodedata.normalize("NFKC", text).replace("，", ",").replace(" ", "")
    match = FIGURE.match(folded)
    if not match:
        return None
    digits = match["number"].replace(",", "")
    value = Decimal(digits)
    if match["sign"] and match["sign"] in NEGATIVE_SIGNS:
        value = -value
    return Figure(value, _decimals(digits))


def _amount_match_figure(match) -> Figure:
    digits = unicodedata.normalize("NFKC", match["number"]).replace(",", "")
    factor = UNIT_FACTORS[match["unit"]]
    # A figure in 兆円 with one decimal is precise to 0.1兆円 = 1,000億円.
    return Figure(Decimal(digits) * factor, _decimals(digits) - factor.adjusted())


def amount_figure(text: str) -> Figure | None:
    """The first amount printed in a budget text (億円 and 兆円 converted to 億円)."""
    match = AMOUNT.search(text or "")
    return _amount_match_figure(match) if match else None


def printed_figure(value: Decimal | None, text: str) -> Figure | None:
    """``value`` (an amount of the ledger) at the precision ``text`` prints it.

    The printed amount whose value is ``value`` gives the precision; if the
    text prints no such amount, the decimal's own exponent does."""
    if value is None:
        return None
    for match in AMOUNT.finditer(text or ""):
        figure = _amount_match_figure(match)
        if figure.value == value:
            return figure
    return Figure(value, -value.as_tuple().exponent)


def same_amount(left: Decimal | None, left_text: str, right: Decimal | None, right_text: str) -> bool:
    """Whether two ledger amounts, as printed in their texts, are the same figure.

    No amount (事項要求, none printed) equals only no amount."""
    if left is None or right is None:
        return left is None and right is None
    return same_figure(printed_figure(left, left_text), printed_figure(right, right_text))
