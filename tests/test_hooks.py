"""The plugin contract: every hook is typed, documented and implemented by a
built-in plugin, and every command's output goes through a hook, so a third
party's format is used exactly like a built-in one."""

import inspect
import json
import pathlib

import pytest

from checker import api, hookspecs
from checker import reports as builtin_reports
from checker import rules as builtin_rules
from checker.config import ConfigTable, load_config
from checker.errors import UsageError
from checker.hookspecs import hookimpl
from checker.outputs import DiffFormat, DocumentFormat
from checker.plugins import collect_config_tables, make_plugin_manager

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEXT_2020 = ROOT / "fixtures" / "soumu-juten-shisaku-2020.txt"
SPECS = sorted(name for name, value in vars(hookspecs).items() if name.startswith("checker_") and callable(value))


def builtin_manager(*extra):
    return make_plugin_manager(load_entry_points=False, plugins=[builtin_rules.builtin_plugins, builtin_reports.builtin_plugins, *extra])


@pytest.mark.parametrize("name", SPECS)
def test_every_hook_is_typed_documented_and_implemented(name):
    spec = getattr(hookspecs, name)
    assert inspect.getdoc(spec) and len(inspect.getdoc(spec)) > 80, f"{name} lacks documentation"
    assert inspect.signature(spec).return_annotation is not inspect.Signature.empty, f"{name} has no return type"
    implementations = getattr(builtin_manager().hook, name).get_hookimpls()
    assert implementations, f"no built-in plugin implements {name}"


def test_the_hooks_cover_every_output_surface():
    assert {"checker_output_formats", "checker_diff_formats", "checker_document_formats", "checker_readers", "checker_rules", "checker_config_tables"} <= set(SPECS)


class CountingFormats:
    """A third party's plugin: one diff format, one parse format, one config table."""

    @hookimpl
    def checker_diff_formats(self):
        return [DiffFormat("count", "how many budget rows", lambda diff: f"{len(diff.budget)} budget rows\n")]

    @hookimpl
    def checker_document_formats(self):
        return [DocumentFormat("parse", "count", "how many budget entries", lambda document: f"{len(document.ledger.entries)} entries\n")]

    @hookimpl
    def checker_config_tables(self):
        return [ConfigTable("counting", "TOC002", lambda table, base: {"threshold": float(table["level"])})]


def test_a_plugin_diff_format_is_used_by_the_api():
    manager = builtin_manager(CountingFormats())
    output = api.run_diff(str(TEXT_2020), str(TEXT_2020), "count", manager=manager)
    rows = len(api.diff_files(str(TEXT_2020), str(TEXT_2020), manager=manager).budget)
    assert rows > 100 and output == f"{rows} budget rows\n".encode()
    with pytest.raises(UsageError, match=r"unknown format 'count'; known: html, json, text"):
        api.run_diff(str(TEXT_2020), str(TEXT_2020), "count", manager=builtin_manager())


def test_a_plugin_document_format_is_used_by_the_api():
    manager = builtin_manager(CountingFormats())
    document = api.parse_file(str(TEXT_2020), manager=manager)
    assert api.render_document(document, "parse", "count", manager) == f"{len(document.ledger.entries)} entries\n"
    assert len(document.ledger.entries) > 100
    with pytest.raises(UsageError, match=r"known: text, csv, json"):
        api.render_document(document, "ledger", "count", manager)


def test_builtin_document_formats_match_the_renderers():
    from checker.reports.document_formats import render_ledger_json

    document = api.parse_file(str(TEXT_2020), manager=builtin_manager())
    assert api.render_document(document, "ledger", "json", builtin_manager()) == render_ledger_json(document)
    assert json.loads(api.render_document(document, "parse", "json", builtin_manager()))["path"] == str(TEXT_2020)


def test_a_rule_declares_its_own_configuration_table(tmp_path):
    manager = builtin_manager(CountingFormats())
    tables = collect_config_tables(manager)
    assert [(table.name, table.rule) for table in tables] == [("counting", "TOC002"), ("notation", "NOT004")]
    config_path = tmp_path / "checker.toml"
    config_path.write_text("[counting]\nlevel = 55\n[options.TOC002]\n", encoding="utf-8")
    config = load_config(str(config_path), tables=[table.name for table in tables])
    assert config.rule_options(tables) == {"TOC002": {"threshold": 55.0}}
    with pytest.raises(UsageError, match="unknown setting"):
        load_config(str(config_path), tables=["notation"])


def _code_strings(path: pathlib.Path) -> set[str]:
    """String constants of a module's code, its docstrings left out (they may cite a rule as an example)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
        and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    }


def test_config_and_cli_know_no_rule_by_name():
    for module in ("checker/config.py", "checker/cli.py"):
        strings = _code_strings(ROOT / module)
        assert not [text for text in strings if "NOT004" in text or "notation" in text], module
        assert "checker.rules" not in (ROOT / module).read_text(encoding="utf-8"), module
