"""A result cache: the findings of a check, kept for the next run of the same check.

A booklet re-checked unchanged, with the same settings and the same code, has
the same findings; like linters that keep their results between runs, ``checker
check`` then answers from this cache instead of reading, parsing and running the
rules again. The parse cache (``checker.reading.cache``) still serves a check
whose settings changed.

- Key: sha256 over this format's name and the checker version; the installed
  plugins (entry points with their distributions' versions) and a fingerprint
  of their code and of the checker package (each file's name, size and
  modification time, so a rule edited in an editable install is a miss); each
  checked file's path as given and sha256 of its bytes, and the --previous
  file's; the reading options that change what is read (encoding, password,
  engine, profile); the rule settings (select, ignore, severities, rule options
  and tables with the configuration's folder, the baseline's fingerprints);
  the language (the reports carry the rules' documentation in it).
- Files a rule read besides the documents (a notation dictionary, prh files
  and their imports: ``checker.dependencies``) are stored with their sha256;
  an entry is answered only while they are unchanged.
- Not kept: a check with a file that could not be read, or with a rule that
  sets ``cacheable = False``. Not asked: ``--fix``, an HTML report with page
  images (both need the documents themselves), ``--no-cache`` or ``cache =
  false``.
- Stored as data (gzip'd JSON in the parse cache's entry format: never pickle;
  a corrupt, foreign or altered entry is ignored and rewritten); messages keep
  their English template and arguments, so a report translates them as it
  would fresh ones. Size-bounded like the parse cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, fields
from decimal import Decimal

from checker import __version__
from checker.i18n import Message
from checker.lint.findings import Finding, Summary
from checker.lint.fixes import Edit
from checker.booklet.location import Location
from checker.outputs import RuleInfo

FORMAT = "checker-result-cache/1"
MAX_RESULT_BYTES = 50 * 1024 * 1024


class NotData(TypeError):
    """A value the cache cannot keep as data (the result is then not kept)."""


@dataclass(frozen=True)
class CheckedFile:
    """What the reports need of a checked document besides its findings."""

    path: str
    lines: tuple[str, ...]  # the verbatim lines, for reports that quote context
    is_synthetic: bool
    structure_recognised: bool
    source_kind: str
    notes: tuple[str, ...]

    @classmethod
    def of(cls, document) -> "CheckedFile":
        raw = document.raw
        return cls(document.path, tuple(line.text for line in raw.lines), document.is_synthetic,
                   document.structure_recognised, raw.source_kind, tuple(raw.notes))


@dataclass(frozen=True)
class CheckResult:
    """A check's outcome: findings and summary before the configuration's suppressions."""

    findings: tuple[Finding, ...]
    summary: Summary
    rules: tuple[RuleInfo, ...]
    files: tuple[CheckedFile, ...]
    previous: CheckedFile | None


def results_directory() -> str:
    """Beside the parse cache's entries (``$CHECKER_CACHE_DIR/results`` when that is set)."""
    given = os.environ.get("CHECKER_CACHE_DIR")
    if given:
        return os.path.join(given, "results")
    from checker.reading import cache as store

    return os.path.join(os.path.dirname(store.cache_directory()), "results")


# Key --------------------------------------------------------------------------------


def code_fingerprint(plugins) -> str:
    """sha256 over the installed plugins and the names, sizes and modification times
    of the files of the checker package and of every plugin's module."""
    import checker

    roots = {os.path.abspath(folder) for folder in checker.__path__}
    for plugin in plugins:
        try:
            roots.update(_module_roots(plugin.module))
        except ValueError:
            continue  # a malformed entry point: loading it fails with its own message
    digest = hashlib.sha256()
    for plugin in plugins:
        digest.update(f"{plugin.group}\0{plugin.name}\0{plugin.value}\0{plugin.distribution}\0{plugin.version}\n".encode())
    for root in sorted(roots):
        for entry in _files_under(root):
            digest.update(entry.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _module_roots(module: str) -> list[str]:
    """The folder(s) of a package, or the file of a module (its parents are imported to find it)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return []
    if spec is None:
        return []
    if spec.submodule_search_locations:
        return [os.path.abspath(folder) for folder in spec.submodule_search_locations]
    return [os.path.abspath(spec.origin)] if spec.origin and os.path.exists(spec.origin) else []


def _files_under(root: str) -> list[str]:
    """``path size mtime`` of every file under ``root`` (or of ``root`` itself), byte code left out."""
    if os.path.isfile(root):
        status = os.stat(root)
        return [f"{root} {status.st_size} {status.st_mtime_ns}\n"]
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__" and not name.startswith("."))
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            try:
                status = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            found.append(f"{os.path.relpath(os.path.join(folder, name), root)} {status.st_size} {status.st_mtime_ns}\n")
    return found


def check_key(code: str, files: list[tuple[str, str]], previous: tuple[str, str] | None, reading: dict, settings: dict, lang: str) -> str:
    """The entry name of a check. ``files`` and ``previous``: (path as given, sha256 of the
    bytes); ``reading`` and ``settings``: JSON-able values of everything else findings follow from."""
    parts = {"format": FORMAT, "version": __version__, "code": code, "files": files, "previous": previous,
             "reading": reading, "settings": settings, "lang": lang}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=_key_value).encode("utf-8")).hexdigest()


def _key_value(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise NotData(f"{type(value).__name__} in a result cache key")


def dependency_digests(paths) -> list[list[str]] | None:
    """[[path, sha256]] of the files a check read besides its documents, None if one is gone."""
    from checker.reading import cache as store

    try:
        return [[path, store.file_digest(path)] for path in sorted(paths)]
    except OSError:
        return None


# Lookup and store ---------------------------------------------------------------------


def load(key: str, directory: str | None = None) -> CheckResult | None:
    """The result kept for ``key`` while the files it depended on are unchanged, else None."""
    from checker.reading import cache as store  # the entry format is the parse cache's

    return store.load_payload(key, directory or results_directory(), FORMAT, _current_result)


def _current_result(payload: dict) -> CheckResult | None:
    dependencies = payload["dependencies"]
    if dependency_digests(path for path, _digest in dependencies) != dependencies:
        raise ValueError("a file the rules read has changed")
    return result_from_data(payload)


def save(key: str, result: CheckResult, dependencies, directory: str | None = None) -> bool:
    """Keep ``result`` under ``key``; False (nothing written) when it holds what is not data
    or a dependency cannot be read."""
    digests = dependency_digests(dependencies)
    if digests is None:
        return False
    try:
        payload = {**result_to_data(result), "dependencies": digests}
    except NotData:
        return False
    from checker.reading import cache as store

    store.store_payload(key, payload, directory or results_directory(), FORMAT, MAX_RESULT_BYTES)
    return True


# Data ---------------------------------------------------------------------------------


def encode(value):
    """A value of a finding as JSON data: messages keep their template and arguments."""
    if isinstance(value, Message):
        return {"message": value.template, "args": {name: encode(item) for name, item in value.args.items()}}
    if value is None or type(value) in (str, bool, int, float):  # exactly: a str subclass may behave otherwise
        return value
    if type(value) is Decimal:  # budget amounts: the string keeps every digit and the exponent
        return {"decimal": str(value)}
    if isinstance(value, tuple):
        return {"tuple": [encode(item) for item in value]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    raise NotData(f"{type(value).__name__} in a finding")


def decode(data):
    if isinstance(data, dict):
        if data.keys() == {"message", "args"}:
            return Message(data["message"], **{name: decode(item) for name, item in data["args"].items()})
        if data.keys() == {"tuple"}:
            return tuple(decode(item) for item in data["tuple"])
        if data.keys() == {"decimal"}:
            return Decimal(data["decimal"])
        raise ValueError("not a cached value")
    if isinstance(data, list):
        return [decode(item) for item in data]
    return data


def _record_to_data(record) -> dict:
    return {field.name: encode(getattr(record, field.name)) for field in fields(record)}


def _record_from_data(cls, data: dict):
    if data.keys() != {field.name for field in fields(cls)}:
        raise ValueError(f"not a {cls.__name__}")
    return cls(**{name: decode(value) for name, value in data.items()})


# Finding fields that hold records (rebuilt as Location and Edit), not values.
_FINDING_RECORDS = {"location", "related", "fix"}


def _finding_to_data(finding: Finding) -> dict:
    data = {field.name: encode(getattr(finding, field.name)) for field in fields(Finding) if field.name not in _FINDING_RECORDS}
    data["location"] = _record_to_data(finding.location)
    data["related"] = [_record_to_data(location) for location in finding.related]
    data["fix"] = [_record_to_data(edit) for edit in finding.fix]
    return data


def _finding_from_data(data: dict) -> Finding:
    if data.keys() != {field.name for field in fields(Finding)}:
        raise ValueError("not a finding")
    values = {name: decode(value) for name, value in data.items() if name not in _FINDING_RECORDS}
    return Finding(**values, location=_record_from_data(Location, data["location"]),
                   related=tuple(_record_from_data(Location, item) for item in data["related"]),
                   fix=tuple(_record_from_data(Edit, item) for item in data["fix"]))


def result_to_data(result: CheckResult) -> dict:
    summary = result.summary
    return {
        "findings": [_finding_to_data(finding) for finding in result.findings],
        "summary": {"files": summary.files, "rules_run": summary.rules_run, "counts": dict(summary.counts),
                    "suppressed_by_baseline": summary.suppressed_by_baseline,
                    "suppressed_by_config": summary.suppressed_by_config,
                    "skipped_rules": [[code, encode(reason)] for code, reason in summary.skipped_rules]},
        "rules": [_record_to_data(info) for info in result.rules],
        "files": [_record_to_data(item) for item in result.files],
        "previous": _record_to_data(result.previous) if result.previous else None,
    }


def result_from_data(data: dict) -> CheckResult:
    summary = data["summary"]
    return CheckResult(
        findings=tuple(_finding_from_data(item) for item in data["findings"]),
        summary=Summary(files=int(summary["files"]), rules_run=int(summary["rules_run"]),
                        counts={str(name): int(count) for name, count in summary["counts"].items()},
                        suppressed_by_baseline=int(summary["suppressed_by_baseline"]),
                        suppressed_by_config=int(summary["suppressed_by_config"]),
                        skipped_rules=[(str(code), decode(reason)) for code, reason in summary["skipped_rules"]]),
        rules=tuple(_record_from_data(RuleInfo, item) for item in data["rules"]),
        files=tuple(_record_from_data(CheckedFile, item) for item in data["files"]),
        previous=_record_from_data(CheckedFile, data["previous"]) if data["previous"] else None,
    )
