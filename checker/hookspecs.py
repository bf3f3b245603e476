"""The plugin contract: every hook checker calls, typed and documented.

Hooks are few and coarse. A plugin is a module (or object) whose functions are
marked with ``checker.hookspecs.hookimpl`` and named like a spec below; the
plugin manager rejects any marked function that names no spec.

Grouped by what they extend: reading (``checker_readers``), checking
(``checker_rules``, ``checker_config_tables``) and output
(``checker_output_formats``, ``checker_diff_formats``,
``checker_document_formats``). Every command's output goes through one of the
output hooks; the command line hard-wires none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from checker.config import ConfigTable
    from checker.outputs import DiffFormat, DocumentFormat, OutputFormat
    from checker.reading.records import Reader

PROJECT = "checker"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# ------------------------------------------------------------------ checking
@hookspec
def checker_rules() -> list[type]:
    """Return rule classes (subclasses of ``checker.lint.rule.Rule``) this plugin adds.

    Each class has a unique ``code`` (family prefix + 3 digits), a kebab-case
    ``name``, a default ``severity`` and a docstring with the sections
    *What it does*, *Why is this bad?* and *Example*.
    """


@hookspec
def checker_config_tables() -> list[ConfigTable]:
    """Return ``checker.config.ConfigTable`` records: configuration tables of a rule.

    A rule that takes more than flat options (a dictionary, a list of
    entries) declares a table of its own, ``[tool.checker.<name>]``; the
    configuration accepts that key and the table's ``to_options(table,
    base_dir)`` turns it into the rule's options (``base_dir`` is the folder
    of the configuration file, for relative paths). Options given under
    ``[tool.checker.options.<CODE>]`` win over the table's.
    """


# -------------------------------------------------------------------- output
@hookspec
def checker_output_formats() -> list[OutputFormat]:
    """Return ``checker.outputs.OutputFormat`` records: a name and a pure renderer.

    A renderer takes ``(findings, context)`` and returns ``str`` or ``bytes``;
    it never writes files (the command line does).
    """


@hookspec
def checker_diff_formats() -> list[DiffFormat]:
    """Return ``checker.outputs.DiffFormat`` records for ``checker diff``.

    A renderer takes a ``checker.diff.EditionDiff`` and returns ``str`` or
    ``bytes``. The first record registered under a name wins.
    """


@hookspec
def checker_document_formats() -> list[DocumentFormat]:
    """Return ``checker.outputs.DocumentFormat`` records for ``checker parse`` and ``checker ledger``.

    Each record names its command (``parse`` or ``ledger``); a renderer takes
    a parsed ``checker.booklet.model.Document`` and returns ``str`` or ``bytes``.
    """


# ------------------------------------------------------------------- reading
@hookspec
def checker_readers() -> list[Reader]:
    """Return ``checker.reading.readers.Reader`` records for further input formats.

    A reader says whether it can read a file (by content, not by name) and turns
    it into a ``RawDocument`` of verbatim lines. Built-in: PDF and text.
    """
