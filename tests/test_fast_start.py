"""Fast start: a command imports what it needs, and the lazy report plugins say
truly which hooks their modules implement."""

import importlib
import os
import pkgutil
import subprocess
import sys

import pytest

import checker.reports
import checker.rules
from checker.reports import BUILTIN_HOOKS, builtin_plugins
from checker.rules import BUILTIN_HOOKS as RULE_HOOKS
from conftest import PDF_2020, ROOT, TEXT_2020

# Modules a check of a text file must not load: the diff and its renderers, the
# HTML pages, the XML formats' and Office reader's lxml, the PDF readers and page
# images, the parse cache, the worker processes (multiprocessing, pickle), and
# importlib.metadata (with email and zipfile behind it: entry points are read
# from the files themselves).
NOT_FOR_A_TEXT_CHECK = ("lxml", "checker.reports.html", "checker.reports.diff_formats", "checker.reports.findings_html",
                        "checker.reports.document_formats", "checker.reading.ooxml", "pdfminer", "checker.diff",
                        "pypdfium2", "PIL", "checker.reading.pdf_adapter", "checker.reading.render", "checker.reading.cache",
                        "multiprocessing", "pickle", "importlib.metadata", "email", "zipfile", "yaml")


def _hooks_of(module) -> set[str]:
    return {name for name in dir(module) if name.startswith("checker_") and hasattr(getattr(module, name), "checker_impl")}


def test_lazy_plugins_name_the_hooks_their_modules_implement():
    for name, hooks in BUILTIN_HOOKS.items():
        assert _hooks_of(importlib.import_module(f"checker.reports.{name}")) == set(hooks), name


def test_lazy_rule_plugins_name_the_hooks_their_modules_implement():
    for name, hooks in RULE_HOOKS.items():
        assert _hooks_of(importlib.import_module(f"checker.rules.{name}")) == set(hooks), name


def test_every_rule_module_with_hooks_is_registered():
    for info in pkgutil.iter_modules(checker.rules.__path__):
        if _hooks_of(importlib.import_module(f"checker.rules.{info.name}")):
            assert info.name in RULE_HOOKS, info.name


def test_lazy_rule_plugins_give_the_rules_and_tables_of_their_modules():
    from checker.plugins import collect_config_tables, collect_rules, make_plugin_manager
    from checker.rules import notation, toc

    manager = make_plugin_manager(load_entry_points=False, plugins=[checker.rules.builtin_plugins])
    codes = {rule.code for rule in collect_rules(manager)}
    assert {rule.code for rule in toc.checker_rules() + notation.checker_rules()} <= codes
    assert [table.name for table in collect_config_tables(manager)] == [table.name for table in notation.checker_config_tables()]


def test_every_report_module_with_hooks_is_registered():
    registered = set(BUILTIN_HOOKS)
    for info in pkgutil.iter_modules(checker.reports.__path__):
        hooks = _hooks_of(importlib.import_module(f"checker.reports.{info.name}"))
        # findings_html keeps its hook for direct registration; findings_page stands for it.
        if hooks and info.name != "findings_html":
            assert info.name in registered, info.name


def test_lazy_plugin_answers_as_its_module():
    from checker.reports import findings_formats

    (plugin,) = [p for p in builtin_plugins() if p.__name__ == "checker.reports.findings_formats"]
    assert plugin.checker_output_formats() == findings_formats.checker_output_formats()


def _modules_after(arguments: list[str], env: dict | None = None) -> list[str]:
    """The modules loaded by ``checker.cli.main(arguments)`` in a fresh interpreter."""
    probe = (
        "import sys\nfrom checker.cli import main\n"
        f"main({arguments!r})\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True, env=environment).stdout.split()


def _unwanted(loaded: list[str]) -> list[str]:
    """The modules of NOT_FOR_A_TEXT_CHECK (or inside them) among ``loaded``."""
    inside = tuple(f"{name}." for name in NOT_FOR_A_TEXT_CHECK)
    return [name for name in loaded if name in NOT_FOR_A_TEXT_CHECK or name.startswith(inside)]


def test_text_check_imports_only_what_it_needs():
    loaded = _modules_after(["check", str(TEXT_2020), "--fail-on", "never", "-q", "-o", "/dev/null", "--no-cache"])
    assert "checker.rules.notation" in loaded  # the probe did run the check
    assert _unwanted(loaded) == []


def test_text_check_with_text_and_json_reports_imports_only_what_it_needs():
    # The text report's Expected / Found display diffs characters: through checker.booklet.text, not checker.diff.
    loaded = _modules_after(["check", str(TEXT_2020), "--fail-on", "never", "-q", "-o", "text:/dev/null", "-o", "json:/dev/null", "--no-cache"])
    assert "checker.reports.display" in loaded and "checker.reports.findings_formats" in loaded
    assert _unwanted(loaded) == []


# What a check answered from the result cache must not load: no rule, no analysis view,
# no parser, no reader (the file is not read), no worker process, no reading profile's regex.
NOT_FOR_A_CACHED_CHECK = ("checker.rules.", "checker.analysis", "checker.booklet.parser", "checker.booklet.model",
                          "checker.reading.readers", "checker.reading.pdf_adapter", "pdfminer", "multiprocessing", "regex", "lxml")


@pytest.mark.parametrize("path", [TEXT_2020, PDF_2020], ids=["text", "pdf"])
def test_a_check_answered_from_the_result_cache_imports_no_rule_parser_or_reader(path, tmp_path):
    arguments = ["check", str(path), "--fail-on", "never", "-o", "json:/dev/null", "-o", "text:/dev/null"]
    stored = _modules_after(arguments, env={"CHECKER_CACHE_DIR": str(tmp_path)})
    assert "checker.rules.notation" in stored and "checker.booklet.parser" in stored  # the first run checked
    answered = _modules_after(arguments, env={"CHECKER_CACHE_DIR": str(tmp_path)})
    assert "checker.result_cache" in answered
    assert [name for name in answered if name.startswith(NOT_FOR_A_CACHED_CHECK)] == []


@pytest.mark.parametrize("command", ["parse", "ledger"])
def test_parse_and_ledger_import_no_rule(command):
    loaded = _modules_after([command, str(TEXT_2020), "-q", "-o", "/dev/null"])
    assert "checker.booklet.parser" in loaded  # the probe did parse
    assert [name for name in loaded if name.startswith("checker.rules.")] == []


def test_a_configuration_with_a_rule_table_still_loads_the_rule_that_declares_it(tmp_path):
    config = tmp_path / "checker.toml"
    config.write_text('[notation]\nuse-default = false\n', encoding="utf-8")
    loaded = _modules_after(["parse", str(TEXT_2020), "-q", "-o", "/dev/null", "--config", str(config)])
    assert "checker.rules.notation" in loaded  # the table is known (no "unknown setting" error)


def test_the_probe_sees_heavy_modules_when_a_command_needs_them():
    """The checks above can fail: reading a PDF starts worker processes (the PDF
    reader itself is imported in the workers only)."""
    from conftest import PDF_2020

    loaded = _modules_after(["parse", str(PDF_2020), "-q", "--no-cache", "-o", "/dev/null"])
    assert "multiprocessing" in _unwanted(loaded)


def test_entry_points_read_from_files_match_importlib_metadata():
    from importlib import metadata

    from checker.plugins import ENTRY_POINT_GROUPS, find_plugins

    expected = set()
    for distribution in metadata.distributions():
        for entry_point in distribution.entry_points:
            if entry_point.group in ENTRY_POINT_GROUPS:
                expected.add((entry_point.group, entry_point.name, entry_point.value, distribution.metadata["Name"], distribution.version))
    found = {(p.group, p.name, p.value, p.distribution, p.version) for p in find_plugins()}
    assert found == expected
    assert {("checker.rules", "builtin"), ("checker.reports", "builtin")} <= {(p.group, p.name) for p in find_plugins()}


def test_found_plugin_loads_module_and_attribute():
    from checker import rules
    from checker.plugins import FoundPlugin

    assert FoundPlugin("checker.rules", "builtin", "checker.rules:builtin_plugins", "d", "1").load() is rules.builtin_plugins
    assert FoundPlugin("checker.rules", "builtin", "checker.rules", "d", "1").load() is rules
    assert FoundPlugin("g", "n", "checker.rules : builtin_plugins [extra]", "d", "1").load() is rules.builtin_plugins


def test_python_m_checker_and_python_m_checker_cli_run_the_command_line():
    for module in ("checker", "checker.cli"):
        result = subprocess.run([sys.executable, "-m", module, "rules", "TOC001"], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0 and "TOC001" in result.stdout, (module, result.stderr)
