"""Every registered rule has a firing and a silent fixture, run in its family's tests."""

import importlib
import pathlib

from rulecheck import all_builtin_rules, variant_registry

HERE = pathlib.Path(__file__).resolve().parent


def declared_cases():
    cases = []
    for path in sorted(HERE.glob("test_rules_*.py")):
        module = importlib.import_module(path.stem)
        cases.extend(getattr(module, "CASES", []))
    return cases


def test_every_rule_has_a_firing_and_a_silent_variant():
    cases = declared_cases()
    covered = {case.code for case in cases}
    missing = sorted(rule.code for rule in all_builtin_rules() if rule.code not in covered)
    assert missing == [], f"rules without a firing/silent case: {missing}"


def test_cases_name_registered_variants():
    known = set(variant_registry.VARIANTS) | {"clean", "clean-paged"}
    for case in declared_cases():
        for name in (case.fires, case.silent, case.previous):
            assert name is None or name in known, f"{case.code}: unknown variant {name!r}"
