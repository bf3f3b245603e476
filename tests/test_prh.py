"""textlint prh dictionaries: loading (patterns, specs, imports), matching as
prh does, and NOT004 reporting their matches; configured under [notation]."""

import json
import pathlib
import subprocess
import sys

import pytest
from rulecheck import document_from_text, run_rule, variant_document

from checker.booklet.prh import load_prh
from checker.errors import UsageError

PRH = pathlib.Path(__file__).parent / "prh"
TEXT_2020 = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "soumu-juten-shisaku-2020.txt"


def _rules_by_expected(path=PRH / "house.yml"):
    return {rule.expected: rule for rule in load_prh(str(path))}


def test_rules_come_from_the_file_and_its_imports_merged_as_prh_merges():
    rules = load_prh(str(PRH / "house.yml"))
    assert [(rule.expected, pathlib.Path(rule.source).name) for rule in rules] == [
        ("サーバー", "house.yml"), ("（$1）", "house.yml"), ("情報通信", "house.yml"), ("ICT", "house.yml"), ("＿", "house.yml"),
        ("ウェブサイト", "terms.yml"),  # terms.yml's own サーバー rule loses to house.yml's
        ("インターフェース", "loanwords.yml"),  # コンピューター and エンジン are ignored by the import
    ]


def test_matches_follow_prh():
    rules = _rules_by_expected()
    assert [(m.found, m.replacement) for m in rules["（$1）"].matches("予算(案)と(参考)")] == [("(案)", "（案）"), ("(参考)", "（参考）")]
    assert rules["サーバー"].apply("サーバとサーバー") == "サーバーとサーバー"
    assert rules["情報通信"].matches("電気通信情報") == []  # regexpMustEmpty: group 1 is not empty
    assert rules["ICT"].apply("ict化とPICTURE") == "ICT化とPICTURE"  # ASCII word boundaries, as in JavaScript
    assert rules["ICT"].matches("ICT") == []  # already the expected text
    assert rules["＿"].apply("a\u3000\u3000b c") == "a＿b c"  # \s takes the ideographic space, as in JavaScript
    assert rules["ウェブサイト"].apply("ホームページとウエブサイト") == "ウェブサイトとウェブサイト"


@pytest.mark.parametrize(("name", "message"), [
    ("broken/failing-spec.yml", "failing-spec.yml: rule 'JavaScript': spec failed: 'JAVASCRIPT' should become 'JavaScprit' but becomes 'JavaScript'"),
    ("cycle/a.yml", "import cycle a.yml -> b.yml -> a.yml"),
    ("missing.yml", "missing.yml not found"),
])
def test_bad_dictionaries_are_configuration_errors(name, message):
    with pytest.raises(UsageError) as error:
        load_prh(str(PRH / name))
    assert message in str(error.value)


@pytest.mark.parametrize(("text", "message"), [
    ("version: 2\nrules: []\n", "version 2 is not supported"),
    ("rules:\n  - expected: a\n    spec: []\n", "rule 1 has unknown key(s) spec"),
    ("rules:\n  - pattern: a\n", "rule 1 needs 'expected' text"),
    ("rules:\n  - expected: a\n    pattern: /(/\n", "rule 'a': bad pattern"),
    ("rules:\n  - expected: a\n    pattern: ''\n", "pattern can't be empty"),
    ("rules:\n  - expected: a\n    pattern: /b/\n    regexpMustEmpty: '1'\n", "regexpMustEmpty must name a group"),
    ("rules: [a\n", "is not valid YAML"),
    ("imports:\n  - path: x.yml\n    disable: true\n", "unknown key(s) disable"),
])
def test_malformed_rules_name_the_file_and_the_rule(tmp_path, text, message):
    path = tmp_path / "prh.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as error:
        load_prh(str(path))
    assert message in str(error.value) and "prh.yml" in str(error.value)


def test_notation_rule_reports_prh_matches_in_the_2020_text():
    findings = run_rule("NOT004", variant_document("clean"), options={"use-default": False, "prh": [str(PRH / "house.yml")]})
    server = [f for f in findings if "prescribes 「サーバー」" in f.message]
    assert [f.location.line for f in server] == [1201, 1201, 1215, 1223, 1223, 1223]
    assert server[0].expected.count("サーバー") == 1 and "外来語の表記" in server[0].message
    # The text writes its item numbers and notes in half-width brackets: (1), (総務省重点施策2020).
    brackets = [f for f in findings if f not in server]
    assert brackets and all(f.message.startswith("「(") and "house.yml prescribes 「（" in f.message for f in brackets)


def test_prh_matches_inside_quotations_and_excluded_names_are_not_reported():
    text = variant_text_with("- ホームページと「ホームページ作成講座」と(仮称)ホームページ機構")
    findings = run_rule("NOT004", document_from_text(text), options={
        "use-default": False, "prh": [str(PRH / "terms.yml")], "exclude": ["(仮称)ホームページ機構"]})
    assert [f.message.split("」")[0] for f in findings if "ホームページ" in f.message] == ["「ホームページ"]


def variant_text_with(line: str) -> str:
    lines = TEXT_2020.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if text.startswith("- ") and i > 200)
    return "\n".join(lines[:index] + [line] + lines[index:])


def test_prh_paths_in_the_config_are_relative_to_the_config_file(tmp_path):
    config_dir = tmp_path / "config"
    (config_dir / "dictionaries").mkdir(parents=True)
    for name in ("house.yml", "terms.yml", "loanwords.yml"):
        (config_dir / "dictionaries" / name).write_text((PRH / name).read_text(encoding="utf-8"), encoding="utf-8")
    config = config_dir / "checker.toml"
    config.write_text('select = ["NOT004"]\n[notation]\nuse-default = false\nprh = ["dictionaries/house.yml"]\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "checker", "check", str(TEXT_2020), "--config", str(config), "--format", "json"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    findings = json.loads(run.stdout)["findings"]
    assert run.returncode == 0 and len([f for f in findings if "「サーバー」" in f["message"]]) == 6
    (config_dir / "dictionaries" / "house.yml").write_text("rules:\n  - expected: A\n    specs: [{from: a, to: b}]\n", encoding="utf-8")
    broken = subprocess.run([sys.executable, "-m", "checker", "check", str(TEXT_2020), "--config", str(config)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert broken.returncode == 2
    assert broken.stderr.count("\n") == 1 and "house.yml: rule 'A': spec failed" in broken.stderr
