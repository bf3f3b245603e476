"""The result cache: a re-check of unchanged files with unchanged settings is answered
from the findings kept by the last run, byte for byte as a fresh check; anything its
findings follow from changes the answer."""

import gzip
import json
import os
import shutil

import pytest

import checker.api
from checker import result_cache
from checker.cli import main
from checker.i18n import Message, msg
from checker.plugins import collect_output_formats, make_plugin_manager
from conftest import FIXTURES, PDF_2020, TEXT_2020

SYNTHETIC_2019 = FIXTURES / "synthetic-2019-soumu-juten-shisaku.txt"
FORMATS = sorted(collect_output_formats(make_plugin_manager()))


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(folder))
    return folder


def _entries(cache_dir) -> list:
    results = cache_dir / "results"
    return sorted(results.glob("*.json.gz")) if results.is_dir() else []


def _run(arguments: list[str], capsys) -> tuple[int, str, str]:
    code = main(arguments)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _no_rules_may_run(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the rules ran: the result cache did not answer")

    monkeypatch.setattr(checker.api, "check", refuse)


def _outputs(tmp_path, tag: str) -> list[str]:
    arguments = []
    for name in FORMATS:
        arguments += ["-o", f"{name}:{tmp_path / f'{tag}.{name}'}"]
    return arguments


def _read_outputs(tmp_path, tag: str) -> dict[str, bytes]:
    return {name: (tmp_path / f"{tag}.{name}").read_bytes() for name in FORMATS}


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("files", [[str(TEXT_2020)], [str(PDF_2020)], [str(TEXT_2020), str(SYNTHETIC_2019)],
                                   [str(TEXT_2020), "--previous", str(SYNTHETIC_2019)]], ids=["text", "pdf", "two-files", "previous"])
def test_a_hit_gives_every_format_byte_for_byte_as_a_fresh_check(files, lang, cache_dir, tmp_path, capsys, monkeypatch):
    common = ["check", *files, "--lang", lang, "--fail-on", "warning", "--no-images"]
    fresh = _run([*common, "--no-cache", *_outputs(tmp_path, "fresh")], capsys)
    assert _entries(cache_dir) == []  # --no-cache keeps nothing
    stored = _run([*common, *_outputs(tmp_path, "stored")], capsys)
    assert len(_entries(cache_dir)) == 1
    _no_rules_may_run(monkeypatch)
    answered = _run([*common, *_outputs(tmp_path, "answered")], capsys)
    assert fresh[0] == stored[0] == answered[0] == 1
    assert fresh[2] == stored[2] == answered[2]  # the same warnings on standard error
    expected = _read_outputs(tmp_path, "fresh")
    assert _read_outputs(tmp_path, "stored") == expected
    assert _read_outputs(tmp_path, "answered") == expected


def test_standard_output_and_exit_code_of_a_hit(cache_dir, capsys, monkeypatch):
    fresh = _run(["check", str(TEXT_2020), "--no-cache"], capsys)
    _run(["check", str(TEXT_2020)], capsys)
    _no_rules_may_run(monkeypatch)
    assert _run(["check", str(TEXT_2020)], capsys) == fresh
    assert _run(["check", str(TEXT_2020), "--fail-on", "never"], capsys)[0] == 0  # --fail-on is applied to the answer


def test_configuration_suppressions_apply_to_a_hit(cache_dir, tmp_path, capsys, monkeypatch):
    config = tmp_path / "checker.toml"
    config.write_text('[[suppress]]\nrule = "NOT004"\ntext = "あり方"\n', encoding="utf-8")
    fresh = _run(["check", str(TEXT_2020), "--config", str(config), "--format", "json", "--no-cache"], capsys)
    _run(["check", str(TEXT_2020), "--config", str(config), "--format", "json"], capsys)
    _no_rules_may_run(monkeypatch)
    assert _run(["check", str(TEXT_2020), "--config", str(config), "--format", "json"], capsys) == fresh
    assert '"suppressed_by_config"' in fresh[1]


def _findings_json(arguments, capsys) -> str:
    return _run(["check", *arguments, "--format", "json", "--fail-on", "never"], capsys)[1]


@pytest.mark.parametrize("change", [
    ["--select", "NOT"], ["--ignore", "NOT004"], ["--severity", "NOT004=error"], ["--lang", "ja"], ["--engine", "pdfium"],
], ids=["select", "ignore", "severity", "lang", "engine"])
def test_a_changed_setting_is_a_miss(change, cache_dir, capsys):
    def report(arguments):  # the text report: in the chosen language, with severities
        return _run(["check", str(TEXT_2020), *arguments, "--fail-on", "never"], capsys)[1]

    base = report([])
    assert len(_entries(cache_dir)) == 1
    changed = report(change)
    assert len(_entries(cache_dir)) == 2  # a second entry, not the first answer
    assert changed == report([*change, "--no-cache"])
    if change[0] != "--engine":  # the engine reads PDFs only: a text file's findings are the same
        assert changed != base


def test_an_edited_file_is_a_miss(cache_dir, tmp_path, capsys):
    booklet = tmp_path / "booklet.txt"
    shutil.copyfile(TEXT_2020, booklet)
    before = _findings_json([str(booklet)], capsys)
    text = booklet.read_text(encoding="utf-8")
    booklet.write_text(text.replace("更なる", "さらなる", 1), encoding="utf-8")
    after = _findings_json([str(booklet)], capsys)
    assert after != before
    assert after == _findings_json([str(booklet), "--no-cache"], capsys)


def test_rule_options_and_the_files_a_rule_reads_are_part_of_the_answer(cache_dir, tmp_path, capsys):
    dictionary = tmp_path / "words.toml"
    dictionary.write_text('[[entry]]\npreferred = "施策"\nvariants = ["政策"]\n', encoding="utf-8")
    config = tmp_path / "checker.toml"
    config.write_text('[notation]\ndictionary = "words.toml"\n', encoding="utf-8")
    arguments = [str(TEXT_2020), "--config", str(config), "--select", "NOT004"]
    first = _findings_json(arguments, capsys)
    assert "「政策」" in first
    dictionary.write_text('[[entry]]\npreferred = "政策"\nvariants = ["施策"]\n', encoding="utf-8")
    second = _findings_json(arguments, capsys)
    assert second != first and "「施策」" in second
    assert second == _findings_json([*arguments, "--no-cache"], capsys)
    entry = _entries(cache_dir)[-1]
    with gzip.open(entry, "rt", encoding="utf-8") as handle:
        assert str(dictionary) in handle.read()  # the dependency is named in the entry


def test_a_baseline_is_part_of_the_answer(cache_dir, tmp_path, capsys):
    baseline = tmp_path / "baseline.json"
    everything = json.loads(_findings_json([str(TEXT_2020)], capsys))
    _run(["check", str(TEXT_2020), "--write-baseline", str(baseline)], capsys)
    with_baseline = json.loads(_findings_json([str(TEXT_2020), "--baseline", str(baseline)], capsys))
    assert with_baseline["findings"] == [] and with_baseline["summary"]["suppressed_by_baseline"] == len(everything["findings"]) > 0
    baseline.write_text(json.dumps({"findings": []}), encoding="utf-8")  # an emptied baseline: everything again
    assert json.loads(_findings_json([str(TEXT_2020), "--baseline", str(baseline)], capsys))["findings"] == everything["findings"]


def test_a_tampered_entry_is_ignored_and_rewritten(cache_dir, capsys, monkeypatch):
    fresh = _run(["check", str(TEXT_2020), "--no-cache"], capsys)
    _run(["check", str(TEXT_2020)], capsys)
    (entry,) = _entries(cache_dir)
    blob = gzip.decompress(entry.read_bytes())
    entry.write_bytes(gzip.compress(blob.replace("NOT004".encode(), "NOT005".encode(), 1)))
    assert _run(["check", str(TEXT_2020)], capsys) == fresh  # the digest no longer matches: checked afresh
    _no_rules_may_run(monkeypatch)
    assert _run(["check", str(TEXT_2020)], capsys) == fresh  # and the entry was rewritten
    entry.write_bytes(b"not gzip at all")
    monkeypatch.undo()
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(cache_dir))
    assert _run(["check", str(TEXT_2020)], capsys) == fresh


def test_cache_false_in_the_configuration_keeps_nothing(cache_dir, tmp_path, capsys):
    config = tmp_path / "checker.toml"
    config.write_text("cache = false\n", encoding="utf-8")
    _run(["check", str(TEXT_2020), "--config", str(config)], capsys)
    assert _entries(cache_dir) == []


def test_a_rule_that_is_not_cacheable_keeps_the_result_out(cache_dir, capsys, monkeypatch):
    from checker.plugins import collect_rules

    rule = next(rule for rule in collect_rules(make_plugin_manager()) if rule.code == "NOT004")
    monkeypatch.setattr(rule, "cacheable", False)
    _run(["check", str(TEXT_2020)], capsys)
    assert _entries(cache_dir) == []
    _run(["check", str(TEXT_2020), "--ignore", "NOT004"], capsys)
    assert len(_entries(cache_dir)) == 1  # without that rule, the result is kept


def test_a_file_that_cannot_be_read_keeps_the_result_out(cache_dir, tmp_path, capsys):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    code, _out, err = _run(["check", str(TEXT_2020), str(broken)], capsys)
    assert code == 2 and "broken.pdf" in err
    assert _entries(cache_dir) == []


def test_fix_and_page_images_do_not_ask_the_cache(cache_dir, tmp_path, capsys, monkeypatch):
    _run(["check", str(TEXT_2020)], capsys)
    monkeypatch.setattr(result_cache, "load", lambda *args, **kwargs: pytest.fail("the cache was asked"))
    copy = tmp_path / "copy.txt"
    shutil.copyfile(TEXT_2020, copy)
    _run(["check", str(copy), "--fix", "--diff"], capsys)
    _run(["check", str(TEXT_2020), "-o", f"html:{tmp_path / 'report.html'}"], capsys)
    assert (tmp_path / "report.html").is_file()


def test_the_code_fingerprint_follows_the_plugins_files(tmp_path, monkeypatch):
    from checker.plugins import FoundPlugin

    package = tmp_path / "fingerprinted_rules"
    package.mkdir()
    module = package / "__init__.py"
    module.write_text("RULES = []\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    plugin = FoundPlugin("checker.rules", "x", "fingerprinted_rules", "fingerprinted-rules", "1.0")
    first = result_cache.code_fingerprint([plugin])
    assert result_cache.code_fingerprint([plugin]) == first
    module.write_text("RULES = [1]\n", encoding="utf-8")
    os.utime(module, ns=(1, 1))
    assert result_cache.code_fingerprint([plugin]) != first
    assert result_cache.code_fingerprint([FoundPlugin("checker.rules", "x", "fingerprinted_rules", "fingerprinted-rules", "1.1")]) \
        != result_cache.code_fingerprint([plugin])


def test_messages_keep_their_template_and_arguments():
    from decimal import Decimal

    message = msg("{what} of {count} in {where}: {amount}", what=msg("the {kind}", kind="表"), count=3, where=("a", 1.5, None, True),
                  amount=Decimal("2.60"))
    again = result_cache.decode(result_cache.encode(message))
    assert isinstance(again, Message) and again == message
    assert again.template == message.template and again.args["what"].args == {"kind": "表"}
    assert again.args["where"] == ("a", 1.5, None, True)
    assert str(again.args["amount"]) == "2.60" and again == "the 表 of 3 in ('a', 1.5, None, True): 2.60"


@pytest.mark.parametrize("value", [{"a": 1}, {1, 2}, b"bytes", type("S", (str,), {})("x")])
def test_what_is_not_data_is_refused(value):
    with pytest.raises(result_cache.NotData):
        result_cache.encode(value)


def test_a_cache_that_cannot_be_written_or_touched_still_checks(tmp_path, capsys, monkeypatch):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(not_a_folder))
    fresh = _run(["check", str(TEXT_2020), "--no-cache"], capsys)
    assert _run(["check", str(TEXT_2020)], capsys) == fresh  # nothing kept, nothing broken

    folder = tmp_path / "cache"
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(folder))
    _run(["check", str(TEXT_2020)], capsys)

    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(os, "utime", refuse)  # a read-only cache: the entry cannot be marked as used
    _no_rules_may_run(monkeypatch)
    assert _run(["check", str(TEXT_2020)], capsys) == fresh


def test_a_file_edited_while_it_is_checked_is_not_kept(cache_dir, tmp_path, capsys, monkeypatch):
    booklet = tmp_path / "booklet.txt"
    shutil.copyfile(TEXT_2020, booklet)
    real_check = checker.api.check

    def edit_then_check(*args, **kwargs):
        with booklet.open("a", encoding="utf-8") as handle:
            handle.write("\n追記された行\n")  # the editor saves while the rules run
        return real_check(*args, **kwargs)

    monkeypatch.setattr(checker.api, "check", edit_then_check)
    _run(["check", str(booklet)], capsys)
    assert _entries(cache_dir) == []  # the findings are of the bytes before the edit: not kept under either key
