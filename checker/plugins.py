"""Find and load plugins: built-in rule families and reporters load exactly as a
third party's do, through entry points (groups ``checker.rules``,
``checker.reports`` and ``checker.reading.readers``).

Finding is separate from loading (as flake8 does it): entry points are listed
and sorted for a deterministic order, then loaded; a load failure names the
distribution that shipped the plugin.
"""

from __future__ import annotations

from checker.i18n import msg

import types
from dataclasses import dataclass
from importlib import metadata
from typing import Iterable

import pluggy

from checker import hookspecs
from checker.errors import UsageError

ENTRY_POINT_GROUPS = ("checker.rules", "checker.reports", "checker.reading.readers")


@dataclass(frozen=True)
class FoundPlugin:
    group: str
    name: str
    value: str
    distribution: str
    version: str
    entry_point: metadata.EntryPoint


def find_plugins(groups: Iterable[str] = ENTRY_POINT_GROUPS) -> list[FoundPlugin]:
    found = []
    for distribution in metadata.distributions():
        dist_name = distribution.metadata["Name"] or "?"
        for entry_point in distribution.entry_points:
            if entry_point.group in groups:
                found.append(
                    FoundPlugin(entry_point.group, entry_point.name, entry_point.value, dist_name, distribution.version, entry_point)
                )
    # Several installs of one distribution (e.g. an editable and a stale one) list twice.
    unique = {(p.group, p.name, p.value): p for p in found}
    return sorted(unique.values(), key=lambda p: (p.group, p.distribution, p.name))


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
    from checker.reading import readers

    manager.register(readers, name="checker.reading.readers")
    if load_entry_points:
        for plugin in find_plugins():
            try:
                objects = _plugin_objects(plugin.entry_point.load())
            except Exception as error:  # noqa: BLE001 - named and re-raised as a usage error
                raise UsageError(
                    f"plugin {plugin.name!r} ({plugin.group}) from distribution {plugin.distribution} "
                    f"{plugin.version} failed to load: {error.__class__.__name__}: {error}"
                ) from None
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
                raise UsageError(f"configuration table [{table.name}] is declared twice: by {other.rule} and {table.rule}")
            tables.setdefault(table.name, table)
    return sorted(tables.values(), key=lambda table: table.name)
