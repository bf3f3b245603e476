"""Reading rules (RDG): each fires on its fixture and stays silent on the clean one."""

import pytest
from rulecheck import RuleCase, check_case, variant_document

CASES = [
    RuleCase("RDG001", fires="reading-glyphs-unplaced", silent="reading-all-placed"),
    RuleCase("RDG002", fires="reading-no-structure", silent="clean"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.code)
def test_rule_fires_and_stays_silent(case):
    check_case(case)


def test_unplaced_fixture_keeps_its_lines():
    """The firing fixture differs from the silent one only in the glyph accounting."""
    lost, placed = variant_document("reading-glyphs-unplaced"), variant_document("reading-all-placed")
    assert [line.text for line in lost.raw.lines] == [line.text for line in placed.raw.lines]
    assert lost.raw.chars_total - lost.raw.chars_placed == 3
    assert placed.raw.chars_total == placed.raw.chars_placed
