"""Built-in output renderers, installed as ``checker.reports``.

Each family's module is imported only when one of its hooks is called, so
``checker check`` does not import the diff engine (for the diff formats) and
``checker diff`` not the findings reporters: the names of the hooks each module
implements are listed here (``tests/test_fast_start.py`` keeps the list true).
"""

from __future__ import annotations

from checker.plugins import LazyPlugin

# module -> the hooks it implements
BUILTIN_HOOKS = {
    "findings_formats": ("checker_output_formats",),
    "ci_formats": ("checker_output_formats",),
    "findings_page": ("checker_output_formats",),  # the html format; imports findings_html to render
    "diff_formats": ("checker_diff_formats",),
    "document_formats": ("checker_document_formats",),
}


def builtin_plugins() -> tuple:
    """The entry point of the built-in reporters: one (lazy) plugin per family."""
    return tuple(LazyPlugin(f"checker.reports.{module}", hooks) for module, hooks in BUILTIN_HOOKS.items())
