"""What ``checker`` does, as plain functions: the CLI is a thin shell over these,
and tests call them too.

Every function reads through the plugin readers and renders through the
plugin formats of a plugin manager: the one given, or the default one (every
installed plugin, loaded once per process).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import pluggy

from checker.booklet.model import Document
from checker.errors import InputError, UsageError
from checker.i18n import msg
from checker.lint.engine import EngineSettings, run_rules
from checker.lint.findings import Finding, Summary
from checker.plugins import (
    collect_diff_formats,
    collect_document_formats,
    collect_readers,
    collect_rules,
    make_plugin_manager,
)
from checker.reading.readers import ReadOptions, read_with


@functools.lru_cache(maxsize=1)
def default_manager() -> pluggy.PluginManager:
    """Every installed plugin (entry points), loaded once."""
    return make_plugin_manager()


def _manager(manager: pluggy.PluginManager | None) -> pluggy.PluginManager:
    return manager if manager is not None else default_manager()


def choose(name: str, known: dict, what: str = "format"):
    """The entry ``name`` of ``known``; an unknown name is an error listing the known ones."""
    if name not in known:
        raise UsageError(msg("unknown {what} {name!r}; known: {known}", what=msg(what), name=name, known=", ".join(known)))
    return known[name]


def parse_file(path: str, options: ReadOptions | None = None, manager: pluggy.PluginManager | None = None) -> Document:
    """Read a booklet with the plugin readers and parse it with the options' profile.

    A configured profile (any other than the default object) is used as is;
    otherwise the numbering styles are detected from the document.
    """
    from checker.booklet.parser import parse
    from checker.booklet.profile import DEFAULT_PROFILE

    options = options or ReadOptions()
    configured = options.profile if options.profile is not DEFAULT_PROFILE else None
    return parse(read_with(collect_readers(_manager(manager)), path, options), configured)


@dataclass(frozen=True)
class ParsedFile:
    """One of several files to check: its document, or why it could not be read."""

    path: str
    document: Document | None = None
    error: InputError | None = None


def parse_files(
    paths: list[str], options: ReadOptions | None = None, manager: pluggy.PluginManager | None = None, jobs: int = 1
) -> list[ParsedFile]:
    """Parse each of ``paths``, in their order; a file that cannot be read keeps its
    error and the others go on.

    ``jobs`` > 1 (0: one per usable core) parses up to that many files at once, each in
    a worker process under the options' time and memory limits (per file). A PDF's
    pages are then read one after another inside its file's worker, so ``jobs`` bounds
    all the processes of the batch: files and pages never multiply. With one job (or
    one file) files are parsed in turn, each PDF's pages by one worker per core. The
    documents are the same either way.
    """
    from checker.reading.sandbox import run_limited_each

    options = options or ReadOptions()
    manager = _manager(manager)
    jobs = effective_jobs(jobs, len(paths))
    if jobs <= 1:
        return [_parse_or_error(path, options, manager) for path in paths]
    options = replace(options, workers=1)  # in place in the file's worker: one part, its pages listed once
    calls = [(_parse_in_worker, (path, options, manager), path) for path in paths]
    answers = run_limited_each(calls, jobs=jobs, timeout=options.timeout, max_memory=options.max_memory)
    return [_parsed(path, answer) for path, answer in zip(paths, answers)]


def effective_jobs(jobs: int, files: int) -> int:
    """How many files ``parse_files`` parses at once: ``jobs`` (0: one per usable core), at most one per file."""
    from checker.reading.sandbox import usable_cores

    return max(1, min(jobs if jobs > 0 else usable_cores(), files))


def _parse_or_error(path: str, options: ReadOptions, manager) -> ParsedFile:
    try:
        return ParsedFile(path, document=parse_file(path, options, manager))
    except InputError as error:
        return ParsedFile(path, error=error)


def _parse_in_worker(path: str, options: ReadOptions, manager) -> ParsedFile:
    """Worker entry point: a ``ParsedFile``; ``MemoryError`` goes on to the sandbox, which
    names the --max-memory limit, and a usage error comes back to be raised by the caller."""
    try:
        return _parse_or_error(path, options, manager)
    except UsageError as error:
        return ParsedFile(path, error=error)  # type: ignore[arg-type] - raised again by _parsed


def _parsed(path: str, answer) -> ParsedFile:
    if isinstance(answer, ParsedFile):
        if isinstance(answer.error, UsageError):
            raise answer.error
        return answer
    return ParsedFile(path, error=answer)  # the sandbox's InputError: a limit, a crash


def render_document(document: Document, command: str, fmt: str, manager: pluggy.PluginManager | None = None) -> str | bytes:
    """``checker parse`` (command ``parse``) or ``checker ledger`` output of a parsed document."""
    return document_format(command, fmt, manager).render(document)


def document_format(command: str, fmt: str, manager: pluggy.PluginManager | None = None):
    return choose(fmt, collect_document_formats(_manager(manager), command))


def diff_format(fmt: str, manager: pluggy.PluginManager | None = None):
    return choose(fmt, collect_diff_formats(_manager(manager)))


def check(
    documents: list[Document],
    settings: EngineSettings = EngineSettings(),
    previous: Document | None = None,
    manager: pluggy.PluginManager | None = None,
    rules: list[type] | None = None,
) -> tuple[list[Finding], Summary]:
    """Run the plugin rules ``settings`` selects (or exactly ``rules``) on parsed documents."""
    from checker.lint.engine import select_rules

    chosen = rules if rules is not None else select_rules(collect_rules(_manager(manager)), settings)
    return run_rules(documents, chosen, settings, previous)


def diff_files(old_path: str, new_path: str, options: ReadOptions | None = None, manager: pluggy.PluginManager | None = None):
    """Parse two editions and align them: the ``EditionDiff``."""
    from checker.diff import diff_documents

    return diff_documents(parse_file(old_path, options, manager), parse_file(new_path, options, manager))


def run_diff(
    old_path: str, new_path: str, fmt: str = "text", options: ReadOptions | None = None, manager: pluggy.PluginManager | None = None
) -> bytes:
    """Parse two booklets and render their diff: what ``checker diff`` prints.

    An unknown ``fmt`` raises ``UsageError`` listing the known ones (before any
    file is read). ``options`` are the ``ReadOptions`` for both files.
    """
    renderer = diff_format(fmt, manager)
    result = renderer.render(diff_files(old_path, new_path, options, manager))
    return result if isinstance(result, bytes) else result.encode("utf-8")
