"""The plugin contract: every hook checker calls, typed and documented.

Hooks are few and coarse. A plugin is a module (or object) whose functions are
marked with ``checker.hookspecs.hookimpl`` and named like a spec below; the
plugin manager rejects any marked function that names no spec.
"""

from __future__ import annotations

import pluggy

PROJECT = "checker"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def checker_rules() -> list[type]:
    """Return rule classes (subclasses of ``checker.lint.rule.Rule``) this plugin adds.

    Each class has a unique ``code`` (family prefix + 3 digits), a kebab-case
    ``name``, a default ``severity`` and a docstring with the sections
    *What it does*, *Why is this bad?* and *Example*.
    """


@hookspec
def checker_output_formats() -> list:
    """Return ``checker.outputs.OutputFormat`` records: a name and a pure renderer.

    A renderer takes ``(findings, context)`` and returns ``str`` or ``bytes``;
    it never writes files (the command line does).
    """


@hookspec
def checker_readers() -> list:
    """Return ``checker.reading.readers.Reader`` records for further input formats.

    A reader says whether it can read a file (by content, not by name) and turns
    it into a ``RawDocument`` of verbatim lines. Built-in: PDF and text.
    """
