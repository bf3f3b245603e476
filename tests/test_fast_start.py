"""Fast start: a command imports what it needs, and the lazy report plugins say
truly which hooks their modules implement."""

import importlib
import pkgutil
import subprocess
import sys

import checker.reports
from checker.reports import BUILTIN_HOOKS, builtin_plugins
from conftest import ROOT, TEXT_2020

# Modules a check of a text file must not load: the diff renderers, the HTML
# pages, the XML formats' and Office reader's lxml, the PDF reader.
NOT_FOR_A_TEXT_CHECK = ("lxml", "checker.reports.html", "checker.reports.diff_formats", "checker.reports.findings_html",
                        "checker.reports.document_formats", "checker.reading.ooxml", "pdfminer")


def _hooks_of(module) -> set[str]:
    return {name for name in dir(module) if name.startswith("checker_") and hasattr(getattr(module, name), "checker_impl")}


def test_lazy_plugins_name_the_hooks_their_modules_implement():
    for name, hooks in BUILTIN_HOOKS.items():
        assert _hooks_of(importlib.import_module(f"checker.reports.{name}")) == set(hooks), name


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


def test_text_check_imports_only_what_it_needs():
    probe = (
        "import sys\nfrom checker.cli import main\n"
        f"main(['check', {str(TEXT_2020)!r}, '--fail-on', 'never', '-q', '-o', '/dev/null'])\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    assert "checker.rules.notation" in loaded  # the probe did run the check
    unwanted = [name for name in loaded if name.startswith(NOT_FOR_A_TEXT_CHECK)]
    assert unwanted == []
