"""Find and load plugins: built-in rule families and reporters load exactly as a
third party's do, through entry points (groups ``checker.rules``,
``checker.reports`` and ``checker.reading.readers``).

Finding is separate from loading (as flake8 does it): entry points are listed
and sorted for a deterministic order, then loaded; a load failure names the
distribution that shipped the plugin.
"""

from __future__ import annotations

from checker.i18n import msg

import functools
import importlib
import os
import re
import sys
import types
from dataclasses import dataclass
from typing import Iterable, Iterator

import pluggy

from checker import hookspecs
from checker.errors import UsageError

ENTRY_POINT_GROUPS = ("checker.rules", "checker.reports", "checker.reading.readers")
# The object reference of an entry point (the packaging specification's form).
OBJECT_REFERENCE = re.compile(r"(?P<module>[\w.]+)\s*(?::\s*(?P<attr>[\w.]+)\s*)?(?:\[.*\]\s*)?$")
METADATA_FILES = {".dist-info": "METADATA", ".egg-info": "PKG-INFO"}


@dataclass(frozen=True)
class FoundPlugin:
    group: str
    name: str
    value: str
    distribution: str
    version: str

    def _reference(self) -> re.Match:
        match = OBJECT_REFERENCE.match(self.value)
        if match is None:
            raise ValueError(f"malformed entry point {self.value!r}")
        return match

    @property
    def module(self) -> str:
        """The module the entry point names (its object may be an attribute of it)."""
        return self._reference()["module"]

    def load(self):
        """Import the module the entry point names and return the object it names."""
        match = self._reference()
        loaded = importlib.import_module(match["module"])
        for attribute in match["attr"].split(".") if match["attr"] else ():
            loaded = getattr(loaded, attribute)
        return loaded


class LazyPlugin:
    """A plugin that stands for module ``module`` and imports it on the first call of
    one of ``hooks`` (the hooks the module implements). The built-in rule and report
    families register this way, so a command imports only the families whose hooks
    it calls: ``checker parse`` no rule, a check answered from the result cache
    neither rule nor analysis."""

    def __init__(self, module: str, hooks: tuple[str, ...]) -> None:
        from checker.hookspecs import hookimpl

        self.__name__ = module
        for hook in hooks:
            setattr(self, hook, hookimpl(self._forward(hook)))

    def _forward(self, hook: str):
        def call():
            return getattr(importlib.import_module(self.__name__), hook)()

        call.__name__ = hook
        return call


# importlib.metadata would do the same job, but importing it (with email,
# zipfile, csv and socket behind it) costs more than all the rules of a text
# check; a distribution's entry points are two small text files in its
# .dist-info (or .egg-info) folder on sys.path, read here directly.
def _installed_distributions() -> Iterator[tuple[str, str, str]]:
    """(name, version, entry_points.txt text) of each distribution on sys.path
    that declares entry points, in sys.path order (a zip on sys.path is not searched)."""
    for folder in sys.path:
        try:
            children = sorted(os.listdir(folder or "."))
        except OSError:
            continue
        for child in children:
            suffix = os.path.splitext(child)[1].lower()
            if suffix not in METADATA_FILES:
                continue
            base = os.path.join(folder or ".", child)
            text = _read_text(os.path.join(base, "entry_points.txt"))
            if text is None:
                continue
            name, version = _name_and_version(_read_text(os.path.join(base, METADATA_FILES[suffix])) or "")
            yield name or child.rsplit("-", 1)[0], version or "?", text


def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _name_and_version(metadata_text: str) -> tuple[str, str]:
    """Name and Version from the header of a METADATA / PKG-INFO file."""
    fields: dict[str, str] = {}
    for line in metadata_text.splitlines():
        if not line.strip():
            break  # the header ends at the first blank line; the description follows
        key, sep, value = line.partition(":")
        if sep and key in ("Name", "Version"):
            fields.setdefault(key, value.strip())
    return fields.get("Name", ""), fields.get("Version", "")


def _entry_points(text: str) -> Iterator[tuple[str, str, str]]:
    """(group, name, value) of an entry_points.txt (INI: [group], name = value)."""
    group = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1].strip()
            continue
        name, sep, value = line.partition("=")
        if sep and group is not None:
            yield group, name.strip(), value.strip()


def find_plugins(groups: Iterable[str] = ENTRY_POINT_GROUPS) -> list[FoundPlugin]:
    """The installed plugins of ``groups``, sorted (the folders on sys.path are read once per process)."""
    wanted = set(groups)
    return [plugin for plugin in _all_plugins(tuple(sys.path)) if plugin.group in wanted]


@functools.lru_cache(maxsize=4)
def _all_plugins(search_path: tuple[str, ...]) -> tuple[FoundPlugin, ...]:
    """Every entry point of our groups on ``search_path`` (keyed by it: a changed sys.path reads again)."""
    wanted = set(ENTRY_POINT_GROUPS)
    unique: dict[tuple[str, str, str], FoundPlugin] = {}
    for dist_name, version, text in _installed_distributions():
        for group, name, value in _entry_points(text):
            # Several installs of one distribution (e.g. an editable and a stale one) list twice:
            # the first on sys.path is the one Python imports, so it names the plugin.
            if group in wanted:
                unique.setdefault((group, name, value), FoundPlugin(group, name, value, dist_name, version))
    return tuple(sorted(unique.values(), key=lambda p: (p.group, p.distribution, p.name)))


def _plugin_objects(loaded) -> list:
    """An entry point may name a plugin module/object, or a callable returning several."""
    if isinstance(loaded, types.ModuleType):
        return [loaded]
    if callable(loaded) and not isinstance(loaded, type):
        result = loaded()
        return list(result) if isinstance(result, (list, tuple)) else [result]
    return [loaded]


def make_plugin_manager(*, load_entry_points: bool = True, plugins: Iterable = ()) -> pluggy.PluginManager:
    """A plugin manager with our specs, the core readers, and the chosen plugins.

    Tests pass ``load_entry_points=False`` and exactly the plugins they want.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    # The core readers, lazily like the built-in families: a check answered from the result
    # cache reads no file (and needs no reading profile behind the readers).
    manager.register(LazyPlugin("checker.reading.readers", ("checker_readers",)), name="checker.reading.readers")
    if load_entry_points:
        for plugin in find_plugins():
            try:
                objects = _plugin_objects(plugin.load())
            except Exception as error:  # noqa: BLE001 - named and re-raised as a usage error
                raise UsageError(msg(
                    "plugin {name!r} ({group}) from distribution {distribution} {version} failed to load: {kind}: {error}",
                    name=plugin.name, group=plugin.group, distribution=plugin.distribution, version=plugin.version,
                    kind=error.__class__.__name__, error=error,
                )) from None
            for index, obj in enumerate(objects):
                name = f"{plugin.distribution}:{plugin.name}:{getattr(obj, '__name__', index)}"
                if manager.get_plugin(name) is None and not manager.is_registered(obj):
                    manager.register(obj, name=name)
    for obj in plugins:
        for item in _plugin_objects(obj):
            if not manager.is_registered(item):
                manager.register(item)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        raise UsageError(msg("plugin error: {error}", error=error)) from None
    return manager


def collect_rules(manager: pluggy.PluginManager) -> list[type]:
    rules = []
    seen: dict[str, type] = {}
    for batch in manager.hook.checker_rules():
        for rule in batch:
            other = seen.get(rule.code)
            if other is not None and other is not rule:
                raise UsageError(msg("rule code {code} is registered twice: {first} and {second}", code=rule.code, first=other.__module__, second=rule.__module__))
            if other is None:
                seen[rule.code] = rule
                rules.append(rule)
    return sorted(rules, key=lambda rule: rule.code)


def collect_output_formats(manager: pluggy.PluginManager) -> dict:
    formats = {}
    for batch in manager.hook.checker_output_formats():
        for output_format in batch:
            formats.setdefault(output_format.name, output_format)
    return dict(sorted(formats.items()))


def collect_readers(manager: pluggy.PluginManager) -> list:
    readers = [reader for batch in manager.hook.checker_readers() for reader in batch]
    return sorted(readers, key=lambda reader: (reader.priority, reader.name))


def collect_diff_formats(manager: pluggy.PluginManager) -> dict:
    """Diff formats by name, in registration order (the first of a name wins)."""
    formats: dict = {}
    for batch in reversed(manager.hook.checker_diff_formats()):
        for diff_format in batch:
            formats.setdefault(diff_format.name, diff_format)
    return formats


def collect_document_formats(manager: pluggy.PluginManager, command: str) -> dict:
    """The formats of ``checker parse`` or ``checker ledger`` by name, in registration order."""
    formats: dict = {}
    for batch in reversed(manager.hook.checker_document_formats()):
        for document_format in batch:
            if document_format.command == command:
                formats.setdefault(document_format.name, document_format)
    return formats


def collect_config_tables(manager: pluggy.PluginManager) -> list:
    tables: dict = {}
    for batch in manager.hook.checker_config_tables():
        for table in batch:
            other = tables.get(table.name)
            if other is not None and other.rule != table.rule:
                raise UsageError(msg("configuration table [{table}] is declared twice: by {first} and {second}",
                                     table=table.name, first=other.rule, second=table.rule))
            tables.setdefault(table.name, table)
    return sorted(tables.values(), key=lambda table: table.name)
