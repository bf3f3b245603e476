"""Rounded amounts at the boundary: same precision means printed the same;
different precisions mean the coarse interval [x − u/2, x + u/2) holds the fine figure."""

from decimal import Decimal

import pytest

from checker.booklet.amounts import (
    Figure,
    amount_figure,
    intervals_meet,
    printed_figure,
    read_figure,
    same_amount,
    same_figure,
    sum_interval,
)


def figure(text: str) -> Figure:
    found = read_figure(text)
    assert found is not None
    return found


@pytest.mark.parametrize("left, right, same", [
    ("0.8", "0.9", False),  # one unit apart at 0.1: closed intervals touch at 0.85, half-open ones do not
    ("5.0", "5.1", False),
    ("3,250", "3,251", False),  # one unit apart at 1
    ("3,250", "3,250", True),
    ("3,250", "3,250.4", True),  # different precisions within rounding
    ("3,250", "3,250.5", False),  # the upper end is excluded
    ("3,250", "3,249.5", True),  # the lower end is included
    ("3,250", "3,249.4", False),
    ("3,250.0", "3,250", True),
    ("14.5", "14.50", True),
    ("14.5", "14.55", False),
    ("▲3.2", "▲3.25", False),  # negatives round half away from zero: (−3.25, −3.15]
    ("▲3.2", "▲3.15", True),
])
def test_same_figure_at_the_boundary(left, right, same):
    assert same_figure(figure(left), figure(right)) is same
    assert same_figure(figure(right), figure(left)) is same


def test_precision_of_amounts_in_other_units():
    trillion = amount_figure("1.6兆円")
    assert trillion == Figure(Decimal("16000.0"), -3)
    assert same_figure(trillion, amount_figure("16,253億円"))
    assert not same_figure(trillion, amount_figure("16,500億円"))
    assert amount_figure("250百万円") == Figure(Decimal("2.50"), 2)


def test_printed_figure_takes_the_precision_of_the_matching_amount():
    assert printed_figure(Decimal("10.0"), "（元年度 平成30年度補正 3億円、10.0億円）") == Figure(Decimal("10.0"), 1)
    assert printed_figure(Decimal("3"), "（元年度 平成30年度補正 3億円、10.0億円）") == Figure(Decimal("3"), 0)
    assert printed_figure(None, "事項要求") is None
    assert printed_figure(Decimal("2.50"), "") == Figure(Decimal("2.50"), 2)  # the decimal's own places


def test_same_amount_of_ledger_values():
    assert same_amount(Decimal("3250"), "3,250億円", Decimal("3250.4"), "3,250.4億円")
    assert not same_amount(Decimal("0.8"), "0.8億円", Decimal("0.9"), "0.9億円")
    assert same_amount(None, "事項要求", None, "事項要求")
    assert not same_amount(None, "事項要求", Decimal("0"), "0億円")


def test_intervals_meet_is_strict_at_touching_ends():
    one_part = sum_interval([figure("0.8")])
    assert not intervals_meet(*one_part, figure("0.9"))
    assert intervals_meet(*one_part, figure("0.8"))
    # 1.0 + 2.0 may be 3.08, which prints as 3.1: a sum carries its parts' rounding.
    two_parts = sum_interval([figure("1.0"), figure("2.0")])
    assert intervals_meet(*two_parts, figure("3.1"))
    assert not intervals_meet(*two_parts, figure("3.2"))
