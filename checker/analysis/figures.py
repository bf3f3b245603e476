"""Printed figures and the intervals of values they stand for.

Amounts are compared as printed figures (checker.booklet.amounts): a figure
shown with d decimal places stands for every value that rounds to it, the
half-open interval [x − ½·10⁻ᵈ, x + ½·10⁻ᵈ) (14.5 stands for [14.45, 14.55)).
A stated total, change or rate is consistent with its parts when the interval
computed from the parts (a sum of n figures carries n such intervals) shares a
value with the stated figure's interval: the rounding rule of XBRL
Calculation 1.1, with half-open intervals.
"""

from __future__ import annotations

from decimal import Decimal

from checker.booklet.amounts import Figure, amount_figure, intervals_meet, read_figure, sum_interval
from checker.i18n import msg


# The printed figure, its half-open rounding interval and how two figures
# compare live in checker.booklet.amounts; re-exported here for the views.
__all__ = ["Figure", "amount_figure", "intervals_meet", "read_figure", "sum_interval", "quotient_interval", "format_value", "rounding_interval"]


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
