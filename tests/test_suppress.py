"""Suppression by rule and quoted text in the configuration ([[suppress]])."""

import json
import pathlib
import subprocess
import sys

import pytest

from checker.booklet.model import Location
from checker.errors import UsageError
from checker.lint.findings import Finding, Summary
from checker.lint.suppress import Suppression, apply_suppressions, parse_suppressions

TEXT_2020 = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "soumu-juten-shisaku-2020.txt"


def _finding(rule, excerpt, message="m", severity="warning"):
    return Finding(rule, "name", severity, message, Location("b.txt", 1, 1), (), excerpt)


def test_a_suppression_matches_rule_prefix_and_quoted_text():
    suppression = Suppression("NOT", "子ども統計")
    assert suppression.matches(_finding("NOT004", "子ども統計プログラミング教室"))
    assert not suppression.matches(_finding("BRK001", "子ども統計プログラミング教室"))
    assert not suppression.matches(_finding("NOT004", "子ども"))
    assert Suppression("REP003", "産学金官").matches(_finding("REP003", "", "differs: 産学金官の連携"))


def test_suppressed_findings_leave_the_counts():
    findings = [_finding("NOT004", "a", severity="warning"), _finding("NOT004", "b", severity="info")]
    summary = Summary(files=1, counts={"error": 0, "warning": 1, "info": 1})
    kept = apply_suppressions(findings, summary, [Suppression("NOT004", "a")])
    assert kept == findings[1:]
    assert summary.counts == {"error": 0, "warning": 0, "info": 1} and summary.to_dict()["suppressed_by_config"] == 1


@pytest.mark.parametrize(("raw", "message"), [
    ({"rule": "NOT004"}, "needs 'rule'"),
    ({"rule": "NOT004", "text": "x", "why": "y"}, "unknown key(s) why"),
    ("NOT004", "is not a table"),
])
def test_bad_entries_are_configuration_errors(raw, message):
    with pytest.raises(UsageError) as error:
        parse_suppressions([raw], "checker.toml")
    assert message in str(error.value) and "checker.toml" in str(error.value)


def test_the_configuration_suppresses_a_finding_of_the_2020_text(tmp_path):
    def check():
        run = subprocess.run([sys.executable, "-m", "checker", "check", str(TEXT_2020), "--select", "NOT004", "--format", "json"],
                             capture_output=True, text=True, cwd=tmp_path, timeout=300)
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout)

    before = check()
    assert any("子ども統計" in f["excerpt"] for f in before["findings"])
    (tmp_path / "checker.toml").write_text(
        '[[suppress]]\nrule = "NOT004"\ntext = "子ども統計"\nreason = "a programme\'s proper name"\n', encoding="utf-8")
    after = check()
    assert not any("子ども統計" in f["excerpt"] for f in after["findings"])
    assert len(after["findings"]) == len(before["findings"]) - 1
    assert after["summary"]["suppressed_by_config"] == 1
