"""Configuration: ``[tool.checker]`` in pyproject.toml or a checker.toml.

Found upward from the working directory (or given with ``--config``)::

    [tool.checker]              # in checker.toml: top-level keys, no table
    select = ["TOC", "REP"]
    ignore = ["STY004"]
    fail-on = "warning"
    lang = "ja"                 # messages and reports in Japanese (or "en")
    baseline = "checker-baseline.json"
    cache = false               # no parse cache (as --no-cache)
    jobs = 4                    # check files 4 at a time (0 or "auto": one per core), as --jobs
    engine = "pdfium"           # PDF glyphs decoded by PDFium (as --engine pdfium)

    [tool.checker.severity]
    TOC002 = "error"

    [tool.checker.options.REP001]
    title-threshold = 90.0

    [tool.checker.profile]      # patterns of a differently numbered booklet
    max_section = 30

    [[tool.checker.suppress]]           # a finding accepted by rule and quoted text
    rule = "NOT004"
    text = "子ども統計プログラミング教室"

A rule may declare a table of its own (hook ``checker_config_tables``), such
as ``[tool.checker.notation]`` of the notation dictionary rule.
"""

from __future__ import annotations

from checker.i18n import msg

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from checker.errors import UsageError

KNOWN_KEYS = {"select", "ignore", "fail-on", "baseline", "severity", "options", "profile", "suppress", "lang", "cache", "jobs",
              "engine"}


@dataclass(frozen=True)
class ConfigTable:
    """A configuration table a rule declares: ``[tool.checker.<name>]`` sets rule ``rule``'s options."""

    name: str
    rule: str  # the code of the rule the table configures
    to_options: Callable[[dict, str | None], dict]  # (table, folder of the config file) -> options


@dataclass
class Config:
    path: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    baseline: str | None = None
    severity: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict] = field(default_factory=dict)
    profile: dict = field(default_factory=dict)
    suppress: list = field(default_factory=list)  # checker.lint.suppress.Suppression records
    lang: str | None = None  # "ja" or "en"; --lang wins, the locale decides when unset
    cache: bool = True  # the parse cache; ``cache = false`` turns it off like --no-cache
    jobs: int | None = None  # files checked at once (0: one per core); --jobs wins, 1 when unset
    engine: str | None = None  # "pdfminer" or "pdfium"; --engine wins, pdfminer when unset
    tables: dict[str, dict] = field(default_factory=dict)  # rule-declared tables by name

    def rule_options(self, tables: Iterable[ConfigTable] = ()) -> dict[str, dict]:
        """Options per rule code: rule-declared tables first, ``options.<CODE>`` over them."""
        options = {code.upper(): dict(values) for code, values in self.options.items()}
        base = os.path.dirname(os.path.abspath(self.path)) if self.path else None
        for table in tables:
            if self.tables.get(table.name):
                options[table.rule] = {**table.to_options(self.tables[table.name], base), **options.get(table.rule, {})}
        return options


def find_config(start: str | None = None) -> str | None:
    directory = Path(start or os.getcwd()).resolve()
    for folder in (directory, *directory.parents):
        checker_toml = folder / "checker.toml"
        if checker_toml.is_file():
            return str(checker_toml)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_checker_table(pyproject):
            return str(pyproject)
    return None


def _has_checker_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False
    return "checker" in data.get("tool", {})


def load_config(path: str | None = None, *, search: bool = True,
                tables: Iterable[str] | Callable[[], Iterable[str]] = ()) -> Config:
    """Read the configuration; ``tables`` names the tables rules declared (accepted as
    keys), or is a function returning those names, called only when the file has keys
    beyond the core's (asking the rules loads their modules)."""
    if path is None and search:
        path = find_config()
    if path is None:
        return Config()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(msg("config file {path} not found", path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(msg("config file {path} cannot be read: {error}", path=path, error=error)) from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(msg("config file {path} is not valid TOML: {error}", path=path, error=error)) from None
    table = data.get("tool", {}).get("checker", {}) if path.endswith("pyproject.toml") else data
    if callable(tables):
        tables = tables() if set(table) - KNOWN_KEYS else ()
    known = KNOWN_KEYS | set(tables)
    unknown = sorted(set(table) - known)
    if unknown:
        raise UsageError(msg("{path}: unknown setting(s) {unknown}; known: {known}", path=path, unknown=", ".join(unknown), known=", ".join(sorted(known))))
    base = os.path.dirname(os.path.abspath(path))
    baseline = table.get("baseline")
    return Config(
        path=path,
        select=_string_list(table, "select", path),
        ignore=_string_list(table, "ignore", path),
        fail_on=table.get("fail-on"),
        baseline=os.path.join(base, baseline) if baseline else None,
        severity=dict(table.get("severity", {})),
        options={code: dict(values) for code, values in table.get("options", {}).items()},
        profile=dict(table.get("profile", {})),
        suppress=_suppressions(table, path),
        tables={name: dict(table[name]) for name in sorted(set(tables) & set(table))},
        lang=_language(table, path),
        cache=_boolean(table, "cache", path),
        jobs=_jobs(table, path),
        engine=_engine(table, path),
    )


def _suppressions(table: dict, path: str) -> list:
    from checker.lint.suppress import parse_suppressions

    return parse_suppressions(table.get("suppress"), path)


def _language(table: dict, path: str) -> str | None:
    from checker.i18n import LANGUAGES

    return _one_of(table, "lang", path, LANGUAGES)


def _one_of(table: dict, key: str, path: str, known) -> str | None:
    """The value of ``key`` (None when unset), which must be one of ``known``."""
    value = table.get(key)
    if value is not None and value not in known:
        raise UsageError(msg("{path}: {key} must be one of {known}, got {value!r}", path=path, key=key, known=", ".join(known), value=value))
    return value


def _jobs(table: dict, path: str) -> int | None:
    value = table.get("jobs")
    if value is None:
        return None
    if value == "auto":
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(msg("{path}: jobs must be a number of processes (0 or \"auto\": one per core), got {value!r}", path=path, value=value))
    return value


def _engine(table: dict, path: str) -> str | None:
    from checker.reading.records import ENGINES  # not readers: it imports the hooks, which import this module

    return _one_of(table, "engine", path, ENGINES)


def _boolean(table: dict, key: str, path: str, default: bool = True) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise UsageError(msg("{path}: {key} must be true or false", path=path, key=key))
    return value


def _string_list(table: dict, key: str, path: str) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(msg("{path}: {key} must be a list of rule codes or prefixes", path=path, key=key))
    return value
