"""The plugin contract: rules' metadata, hook validation, entry-point discovery."""

import os
import subprocess
import sys
import textwrap

import pluggy
import pytest
from rulecheck import all_builtin_rules, variant_document

from checker.lint.engine import EngineSettings, exit_code, run_rules, select_rules
from checker.errors import UsageError
from checker.hookspecs import hookimpl
from checker.plugins import collect_rules, make_plugin_manager
from checker.lint.rule import Rule


def test_every_registered_rule_has_complete_metadata():
    rules = all_builtin_rules()
    assert rules, "built-in rules are registered"
    problems = [problem for rule in rules for problem in rule.metadata_problems()]
    assert problems == []
    codes = [rule.code for rule in rules]
    assert len(codes) == len(set(codes))


def test_metadata_check_catches_a_bad_rule():
    class Bad(Rule):
        """What it does:
        something."""

        code = "toc1"
        name = "Bad_Name"
        severity = "fatal"

    problems = Bad.metadata_problems()
    assert any("code" in p for p in problems) and any("kebab" in p for p in problems)
    assert any("severity" in p for p in problems) and any("Why is this bad?" in p for p in problems)


def test_unknown_hook_is_rejected():
    class Misspelt:
        @hookimpl
        def checker_rule(self):  # no such hook
            return []

    with pytest.raises(UsageError, match="checker_rule"):
        make_plugin_manager(load_entry_points=False, plugins=[Misspelt()])


def test_entry_points_load_the_builtin_families():
    manager = make_plugin_manager()
    codes = {rule.code for rule in collect_rules(manager)}
    assert {"TOC001", "TOC002", "TOC003", "TOC004", "TOC005"} <= codes


class ExampleRule(Rule):
    """What it does:
    Reports every section.

    Why is this bad?
    It is not; it is a test.

    Example:
    `1 地方への新しい人の流れの創出`
    """

    code = "EXA001"
    name = "example-section"
    severity = "info"

    def check(self):
        for section in self.document.sections():
            yield self.draft("a section", self.at_node(section), key=section.number)


def test_select_ignore_and_severity_override():
    rules = [ExampleRule]
    assert select_rules(rules, EngineSettings(select=("EXA",))) == rules
    assert select_rules(rules, EngineSettings(ignore=("EXA001",))) == []
    assert select_rules(rules, EngineSettings(select=("EXA001",), ignore=("EXA",))) == rules
    with pytest.raises(UsageError, match="no rule matches"):
        select_rules(rules, EngineSettings(select=("ZZZ",)))
    findings, summary = run_rules([variant_document("clean")], rules, EngineSettings(severity={"EXA001": "error"}))
    assert len(findings) == 20 and {f.severity for f in findings} == {"error"}
    assert exit_code(findings, "error") == 1 and summary.counts["error"] == 20


def test_fingerprints_survive_unrelated_edits():
    clean = variant_document("clean")
    from rulecheck import document_from_text, variant_text

    shifted = document_from_text("\n\n\n" + variant_text("clean").replace("（元年度", "（元年度 ", 3), "booklet.txt")
    before, _ = run_rules([clean], [ExampleRule])
    after, _ = run_rules([shifted], [ExampleRule])
    assert [f.location.line for f in before] != [f.location.line for f in after]
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]


def test_findings_are_sorted_deterministically():
    findings, _ = run_rules([variant_document("clean")], [ExampleRule])
    assert findings == sorted(findings, key=lambda f: f.sort_key)


EXTERNAL_PLUGIN = '''
from checker.hookspecs import hookimpl
from checker.lint.rule import Rule


class TitleMentionsSociety(Rule):
    """What it does:
    Reports section titles that mention Society 5.0.

    Why is this bad?
    A third-party house rule, for the test.

    Example:
    `3 Society 5.0を支えるICTインフラ整備`
    """

    code = "EXT001"
    name = "society-in-title"
    severity = "warning"

    def check(self):
        for section in self.document.sections():
            if "Society" in section.title:
                yield self.draft("section title mentions Society 5.0", self.at_node(section), excerpt=section.title)


@hookimpl
def checker_rules():
    return [TitleMentionsSociety]
'''


@pytest.fixture()
def external_plugin(tmp_path):
    """Install a tiny third-party distribution the way pip would lay it out."""
    (tmp_path / "checker_ext_example.py").write_text(textwrap.dedent(EXTERNAL_PLUGIN), encoding="utf-8")
    dist_info = tmp_path / "checker_ext_example-0.1.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: checker-ext-example\nVersion: 0.1\n", encoding="utf-8")
    (dist_info / "entry_points.txt").write_text("[checker.rules]\nexample = checker_ext_example\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return env


def run_cli(args, env=None):
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, env=env, timeout=120)


def test_external_plugin_is_listed_selected_and_run(external_plugin):
    from conftest import TEXT_2020

    listed = run_cli(["rules"], env=external_plugin)
    assert listed.returncode == 0 and "EXT001  society-in-title" in listed.stdout
    checked = run_cli(["check", str(TEXT_2020), "--select", "EXT001", "--format", "json"], env=external_plugin)
    assert checked.returncode == 0, checked.stderr  # warnings do not fail the default --fail-on error
    import json

    data = json.loads(checked.stdout)
    assert {f["rule"] for f in data["findings"]} == {"EXT001"}
    assert [f["location"]["line"] for f in data["findings"]] == [332, 1431]  # sections 3 and 9
    failing = run_cli(["check", str(TEXT_2020), "--select", "EXT001", "--fail-on", "warning"], env=external_plugin)
    assert failing.returncode == 1


def test_broken_plugin_names_its_distribution(tmp_path):
    (tmp_path / "broken_ext.py").write_text("raise ImportError('boom')\n", encoding="utf-8")
    dist_info = tmp_path / "broken_ext-0.2.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-ext\nVersion: 0.2\n", encoding="utf-8")
    (dist_info / "entry_points.txt").write_text("[checker.rules]\nbroken = broken_ext\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    result = run_cli(["rules"], env=env)
    assert result.returncode == 2
    assert "broken-ext 0.2" in result.stderr and "Traceback" not in result.stderr
