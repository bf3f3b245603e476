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


def test_variants_declare_the_cases_that_use_them():
    """A variant's ``fires``/``silent`` declaration matches the cases that run it,
    so ``variants.py --list`` tells the truth about each fixture."""
    fires: dict[str, set[str]] = {}
    silent: dict[str, set[str]] = {}
    for case in declared_cases():
        fires.setdefault(case.fires, set()).add(case.code)
        silent.setdefault(case.silent, set()).add(case.code)
    wrong = []
    for name, variant in sorted(variant_registry.VARIANTS.items()):
        if fires.get(name, set()) - set(variant.fires):
            wrong.append(f"{name}: fires {sorted(fires[name])} in the tests, declares {list(variant.fires)}")
        if silent.get(name, set()) - set(variant.silent):
            wrong.append(f"{name}: silent for {sorted(silent[name])} in the tests, declares {list(variant.silent)}")
    assert wrong == []


def test_a_missing_snapshot_fails_unless_asked_to_write_it(monkeypatch, tmp_path):
    import pytest
    import rulecheck

    monkeypatch.setattr(rulecheck, "SNAPSHOTS", tmp_path)
    monkeypatch.delenv("UPDATE_SNAPSHOTS", raising=False)
    with pytest.raises(AssertionError, match="is missing"):
        rulecheck.assert_snapshot("rules/new-case", [{"rule": "TOC001"}])
    assert not (tmp_path / "rules" / "new-case.json").exists()
    monkeypatch.setenv("UPDATE_SNAPSHOTS", "1")
    rulecheck.assert_snapshot("rules/new-case", [{"rule": "TOC001"}])
    monkeypatch.delenv("UPDATE_SNAPSHOTS")
    rulecheck.assert_snapshot("rules/new-case", [{"rule": "TOC001"}])
    with pytest.raises(AssertionError, match="differs"):
        rulecheck.assert_snapshot("rules/new-case", [{"rule": "TOC002"}])
