"""The command line: ``checker parse|ledger|check|diff|rules``.

The CLI owns files and exit codes: 0 nothing at or above --fail-on, 1 findings
at or above it, 2 usage or input errors (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from dataclasses import dataclass, replace

from checker import __version__
from checker.errors import InputError, UsageError
from checker.i18n import LANGUAGES, N_, _, active, msg, resolve_language, set_language
from checker.reports.display import SEVERITY_NAMES, pad

EXIT_OK, EXIT_ERROR = 0, 2  # 1 (findings at or above --fail-on) comes from checker.lint.engine.exit_code


# A Japanese line may not begin with closing punctuation, nor end with an opening bracket.
_NO_LINE_START = frozenset("、。，．・：；？！）」』】〕〉》ー～,.:;?!)]}")
_NO_LINE_END = frozenset("（「『【〔〈《([{")


def wrap_by_display_width(text: str, width: int) -> list[str]:
    """Help text wrapped to ``width`` terminal columns: a full-width character takes
    two (argparse's textwrap counts characters, so Japanese help ran to twice the
    terminal's width); Japanese breaks between any two characters, Latin at spaces."""
    from checker.reports.display import display_width

    pieces: list[str] = []
    for char in " ".join(text.split()):
        wide = display_width(char) == 2
        joins_previous = pieces and pieces[-1] != " " and (char in _NO_LINE_START or pieces[-1][-1] in _NO_LINE_END)
        if char != " " and (joins_previous or (pieces and not wide and pieces[-1] != " " and display_width(pieces[-1][-1]) == 1)):
            pieces[-1] += char
        else:
            pieces.append(char)
    lines, line = [], ""
    for piece in pieces:
        if piece == " ":
            line += " " if line else ""
        elif line.strip() and display_width(line.rstrip() + piece) > width:
            lines.append(line.rstrip())
            line = piece
        else:
            line += piece
    return [*lines, line.rstrip()] if line.strip() else lines or [""]


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, wrapping by terminal columns where the text is Japanese."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        if text.isascii():
            return super()._split_lines(text, width)
        return wrap_by_display_width(text, width)

    def _format_usage(self, usage, actions, groups, prefix) -> str:
        # The usage line is wrapped by character count after its prefix; a
        # translated prefix ("使い方：") is wider on the terminal than it is long.
        from checker.reports.display import display_width

        shown = prefix if prefix is not None else argparse._("usage: ")
        extra = display_width(shown) - len(shown)
        self._width -= extra
        try:
            usage_text = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width += extra
        # argparse indents the continuation lines by the prefix's length in characters;
        # they line up under the first option only when indented by its width on screen.
        first, *rest = usage_text.split("\n")
        return "\n".join([first, *(" " * extra + line if line.startswith(" ") else line for line in rest)])

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.isascii():
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap_by_display_width(text, width - len(indent)))


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # one line, exit 2, as for every other error
        raise UsageError(msg("{message} (see '{prog} --help')", message=message, prog=self.prog))


# Formats chosen from the output file's extension when --format is absent.
EXTENSION_FORMATS = {".html": "html", ".htm": "html", ".json": "json", ".sarif": "sarif", ".xml": "junit",
                     ".txt": "text", ".csv": "csv"}
EXIT_CODES_HELP = N_("exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; "
                     "2 usage or input error (one line on standard error), also when one of several files "
                     "cannot be read (the others are checked); 2 wins over 1")
DOCUMENT_EXIT_HELP = N_("exit codes: 0 done; 2 usage or input error (one line on standard error)")
LANG_HELP = N_("language of messages and reports: ja or en (default: the lang config key, then the locale: "
               "LC_ALL, LC_MESSAGES or LANG starting with ja gives Japanese, else English)")


def _add_read_options(parser: argparse.ArgumentParser) -> None:
    from checker.reading.sandbox import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT, MIB

    group = parser.add_argument_group(_("reading"))
    group.add_argument("--encoding", help=_("text encoding (default: detect UTF-8 with or without BOM, or CP932)"))
    group.add_argument("--password", default="", help=_("password of an encrypted PDF"))
    group.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                       help=active().format(N_("seconds allowed to read one PDF (default {seconds})"), seconds=f"{DEFAULT_TIMEOUT:g}"))
    group.add_argument("--max-memory", type=int, default=DEFAULT_MAX_MEMORY // MIB, metavar="MB",
                       help=active().format(N_("memory allowed to read one PDF, in MiB (default {mib})"), mib=DEFAULT_MAX_MEMORY // MIB))
    group.add_argument("--engine", choices=("pdfminer", "pdfium"), default=None,
                       help=_("library that decodes a PDF's text: pdfminer (the reference) or pdfium (faster on dense office PDFs, "
                              "reads some damaged files; the same tree on the bundled PDFs); default: the engine config key, else pdfminer"))
    group.add_argument("--no-cache", action="store_true",
                       help=_("do not use or write the parse and result caches (read every file afresh and run every rule)"))
    group.add_argument("--config", help=_("configuration file (default: checker.toml or [tool.checker] in pyproject.toml, found upward)"))
    group.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_(LANG_HELP))
    group.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                       help=_("no progress display and no notes on standard error; the text report leaves out its legend and summary"))


def _add_output(parser: argparse.ArgumentParser, formats: list[str], default: str) -> None:
    parser.add_argument("--format", "-f", help=active().format(N_("output format: {formats} (default {default}, or from the extension of -o)"), formats=", ".join(formats), default=default))
    parser.add_argument("-o", "--output", action="append", default=[], metavar="[FORMAT:]PATH",
                        help=_("write to this file (atomically) instead of standard output; the format comes from "
                               "FORMAT:, else --format, else the extension (.html, .json, .sarif, .xml for junit, .csv, .txt); "
                               "repeat for several outputs from one run"))


def _add_image_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(_("page images (html format, PDF input)"))
    group.add_argument("--no-images", action="store_true", help=_("text only: no page images in the report"))
    group.add_argument("--image-dir", metavar="DIR", help=_("write the page images to DIR, beside the report, instead of embedding them"))


def _page_images(args, options, raws: list, requests: dict, report_path: str | None):
    """Page images for an HTML report, rendered under the reading limits; a PDF
    that cannot be drawn is named on stderr and the report goes on without it."""
    from checker.reports.page_images import load_page_images

    try:
        images = load_page_images(raws, requests, options, image_dir=args.image_dir, report_path=report_path)
    except OSError as error:
        raise UsageError(msg("cannot write page images to {path}: {error}", path=args.image_dir, error=error.strerror or error)) from None
    for document in images.documents.values():
        if document.error:
            print(active().format(N_("checker: warning: {error} (the report shows no page images of it)"), error=document.error), file=sys.stderr)
    return images


def _command(commands, name: str, help_text: str, epilog: str):
    return commands.add_parser(name, help=help_text, description=help_text, epilog=epilog)


def build_parser(check_formats: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser, its help in the active language (``checker.i18n.set_language``)."""
    check_formats = check_formats or ["text", "json", "junit", "sarif", "github", "html"]
    parser = _Parser(prog="checker", description=_("Parse, check and diff Japanese government policy and budget booklets."),
                     epilog=_(EXIT_CODES_HELP))
    parser.add_argument("--version", action="version", version=f"checker {__version__}")
    parser.add_argument("--lang", choices=LANGUAGES, help=_(LANG_HELP))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, title=_("commands"))

    parse = _command(commands, "parse", _("parse a booklet and print its outline or tree"), _(DOCUMENT_EXIT_HELP))
    parse.add_argument("file", help=_("the booklet: a PDF or its text"))
    _add_output(parse, ["text", "json"], "text")
    _add_read_options(parse)

    ledger = _command(commands, "ledger", _("print the budget ledger and totals"), _(DOCUMENT_EXIT_HELP))
    ledger.add_argument("file", help=_("the booklet: a PDF or its text"))
    _add_output(ledger, ["text", "csv", "json"], "text")
    ledger.add_argument("--no-bom", action="store_true",
                        help=_("CSV without the UTF-8 byte-order mark (by default it has one, so Excel reads the Japanese)"))
    _add_read_options(ledger)

    check = _command(commands, "check", _("run the rules on booklets"), _(EXIT_CODES_HELP))
    check.add_argument("files", nargs="+", metavar="FILE", help=_("the booklets: PDFs or their text"))
    _add_output(check, check_formats, "text")
    check.add_argument("--select", action="append", default=[], metavar="CODES", help=_("rule codes or prefixes to run (comma-separated; repeatable)"))
    check.add_argument("--ignore", action="append", default=[], metavar="CODES", help=_("rule codes or prefixes to skip"))
    check.add_argument("--fail-on", choices=["error", "warning", "info", "never"], help=_("lowest severity that makes the exit code 1 (default error); never: always 0"))
    check.add_argument("--severity", action="append", default=[], metavar="CODE=LEVEL", help=_("override a rule's severity"))
    check.add_argument("--previous", metavar="OLD", help=_("the previous edition, for cross-edition rules"))
    check.add_argument("--baseline", metavar="FILE", help=_("suppress findings whose fingerprints this file lists"))
    check.add_argument("--write-baseline", metavar="FILE", help=_("write the current findings' fingerprints to FILE, say so, and exit 0"))
    check.add_argument("--fix", action="store_true", help=_("text input: write the text with mechanical findings fixed to FILE.fixed.txt "
                                                             "(or to the one -o PATH); the report goes to standard output"))
    check.add_argument("--diff", action="store_true", help=_("with --fix: print the fixes as a unified diff instead of writing a file"))
    check.add_argument("--in-place", action="store_true", help=_("with --fix: overwrite the input file"))
    check.add_argument("--jobs", "-j", type=_jobs_argument, metavar="N",
                       help=_("check N files at once, each read in its own worker process (0 or auto: one per core; "
                              "default 1, or the jobs config key); each PDF's pages are then read one after another, "
                              "and --timeout and --max-memory apply to each file"))
    _add_read_options(check)
    _add_image_options(check)

    diff = _command(commands, "diff", _("compare two editions"), _(DOCUMENT_EXIT_HELP))
    diff.add_argument("old", help=_("the older edition"))
    diff.add_argument("new", help=_("the newer edition"))
    _add_output(diff, ["html", "json", "text"], "text")
    _add_read_options(diff)
    _add_image_options(diff)

    rules = _command(commands, "rules", _("list the rules, or print the documentation of the rules a code or prefix names"), _(DOCUMENT_EXIT_HELP))
    rules.add_argument("code", nargs="?", help=_("a rule code, a prefix (TOC) or a rule name"))
    rules.add_argument("--format", "-f", default="text", choices=["text", "json"], help=_("output format: text or json (default text)"))
    rules.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_(LANG_HELP))
    return parser


def _jobs_argument(value: str) -> int:
    if value == "auto":
        return 0
    if not value.isdigit():
        raise argparse.ArgumentTypeError(active().format(N_("expected a number of processes or auto, got {value!r}"), value=value))
    return int(value)


def _split_codes(values: list[str]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _read_options(args, config):
    from checker.booklet.profile import DEFAULT_PROFILE
    from checker.reading.readers import ReadOptions

    _check_limits(args)
    profile = DEFAULT_PROFILE.with_overrides(config.profile) if config.profile else DEFAULT_PROFILE
    return ReadOptions(
        encoding=args.encoding,
        password=args.password,
        timeout=args.timeout,
        max_memory=args.max_memory * 1024 * 1024,
        profile=profile,
        cache=_cache_wanted(args, config),
        engine=_engine_choice(args, config),
    )


def _check_limits(args) -> None:
    if args.timeout <= 0 or args.max_memory <= 0:
        raise UsageError(msg("--timeout and --max-memory must be positive"))


def _cache_wanted(args, config) -> bool:
    """The parse and result caches are used unless --no-cache or ``cache = false``."""
    return config.cache and not args.no_cache


def _engine_choice(args, config) -> str:
    return getattr(args, "engine", None) or config.engine or "pdfminer"


def _parse(path: str, options, manager, quiet: bool = True):
    from checker.api import parse_file

    progress = _Progress(path, quiet)
    if progress.shown:
        options = replace(options, progress=progress.pages)
    try:
        document = parse_file(path, options, manager)
    finally:
        progress.done()
    if not quiet and not document.structure_recognised:
        _note_structure(document.path)
    return document


def _note_structure(path: str) -> None:
    """A document without recognised structure is said so on stderr, whatever the output format."""
    from checker.reports.display import STRUCTURE_NOTICE

    print(active().format(N_("checker: warning: {path}: {notice}"), path=path, notice=active()(STRUCTURE_NOTICE)), file=sys.stderr)


class _Progress:
    """A status line on standard error while a file is read, only on a terminal:
    the file, then (a PDF) the pages its reader workers have read so far."""

    def __init__(self, path: str, quiet: bool, line: str | None = None) -> None:
        self.path = path
        self.shown = not quiet and sys.stderr.isatty()
        self._last: tuple[int, int] | None = None
        if self.shown:
            sys.stderr.write(line or active().format(N_("reading {path} …"), path=path))
            sys.stderr.flush()

    def pages(self, done: int, total: int) -> None:
        """The reader's count (``ReadOptions.progress``): rewrite the line when it changed."""
        if not self.shown or not total or (done, total) == self._last:
            return
        self._last = (done, total)
        line = active().format(N_("{path}: reading page {page}/{pages} …"), path=self.path, page=min(done + 1, total), pages=total)
        sys.stderr.write("\r\033[K" + line)
        sys.stderr.flush()

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _outputs(args, known: list[str], default: str) -> list[tuple[str, str | None]]:
    """(format, path) pairs: ``-o FORMAT:PATH`` or ``-o PATH`` (format from
    --format, else the extension), repeatable; standard output when none."""
    if not args.output:
        return [(args.format or default, None)]
    outputs = []
    for value in args.output:
        prefix, sep, rest = value.partition(":")
        if sep and prefix in known and rest:
            outputs.append((prefix, rest))
            continue
        extension = os.path.splitext(value)[1].lower()
        guessed = EXTENSION_FORMATS.get(extension) if EXTENSION_FORMATS.get(extension) in known else None
        outputs.append((args.format or guessed or default, value))
    return outputs


def _emit(data: str | bytes, output: str | None, inputs=()) -> None:
    if output:
        from checker.atomic import write_atomic

        try:
            write_atomic(output, data, inputs=inputs)
        except OSError as error:
            raise UsageError(msg("cannot write {output}: {error}", output=output, error=error.strerror or error)) from None
        return
    if isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)


def _choose(name: str, known: dict, what: str = N_("format")):
    if name not in known:
        raise UsageError(msg("unknown {what} {name!r}; known: {known}", what=msg(what), name=name, known=', '.join(known)))
    return known[name]


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except (InputError, UsageError) as error:
        _print_error(error)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(active()(N_("checker: interrupted")), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - never a traceback for the user; CHECKER_DEBUG shows one
        if os.environ.get("CHECKER_DEBUG"):
            raise
        print(active().format(N_("checker: internal error: {kind}: {error} (set CHECKER_DEBUG=1 for a traceback)"),
                              kind=error.__class__.__name__, error=error), file=sys.stderr)
        return EXIT_ERROR


def _print_error(error: Exception) -> None:
    print(active().format(N_("checker: error: {message}"), message=_error_text(error)), file=sys.stderr)


def _error_text(error: Exception) -> str:
    message = error.args[0] if error.args else str(error)
    return active().text(message)


def _language_arguments(argv: list[str]) -> tuple[str | None, str | None]:
    """--lang and --config, looked up before parsing: the help itself is translated."""
    found = {"--lang": None, "--config": None}
    for index, argument in enumerate(argv):
        for option in found:
            if argument == option and index + 1 < len(argv):
                found[option] = argv[index + 1]
            elif argument.startswith(option + "="):
                found[option] = argument.split("=", 1)[1]
    return found["--lang"], found["--config"]


def _choose_language(argv: list[str], tables):
    """The configuration, and the language set from --lang, its lang key or the locale."""
    from checker.config import load_config
    from checker.i18n import resolve_language, set_language

    given, config_path = _language_arguments(argv)
    if given and given not in LANGUAGES:
        given = None  # argparse reports the bad choice, in the locale's language
    set_language(resolve_language(given, None))  # for errors in the configuration itself
    config = load_config(config_path, tables=tables)
    set_language(resolve_language(given, config.lang))
    return config


def _main(argv: list[str] | None) -> int:
    from checker.plugins import collect_config_tables, make_plugin_manager

    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(resolve_language())  # plugin errors, before the configuration is read
    manager = make_plugin_manager()
    config = _choose_language(argv, lambda: [table.name for table in collect_config_tables(manager)])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    args.quiet = getattr(args, "quiet", False)
    args.lang = active().lang
    handler = {"parse": run_parse, "ledger": run_ledger, "check": run_check, "diff": run_diff, "rules": run_rules_command}[args.command]
    return handler(args, config, manager)


def run_parse(args, config, manager) -> int:
    return _render_document("parse", args, config, manager)


def run_ledger(args, config, manager) -> int:
    return _render_document("ledger", args, config, manager)


def _render_document(command: str, args, config, manager) -> int:
    from checker.plugins import collect_document_formats

    formats = collect_document_formats(manager, command)
    outputs = _outputs(args, list(formats), "text")
    for name, _path in outputs:
        _choose(name, formats)
    document = _parse(args.file, _read_options(args, config), manager, args.quiet)
    for name, path in outputs:
        data = formats[name].render(document)  # renderers speak the active language (checker.i18n.set_language)
        if name == "csv" and getattr(args, "no_bom", False) and isinstance(data, str):
            data = data.removeprefix("\ufeff")
        _emit(data, path, inputs=[args.file])
    return EXIT_OK


def _severity_overrides(values: list[str]) -> dict[str, str]:
    overrides = {}
    for value in values:
        code, sep, level = value.partition("=")
        if not sep:
            raise UsageError(msg("--severity takes CODE=LEVEL, got {value!r}", value=value))
        overrides[code.strip().upper()] = level.strip()
    return overrides


def rule_infos(rules, lang: str = "en") -> tuple:
    """What reports say about each rule, its documentation in ``lang``."""
    from checker.i18n import Translator
    from checker.outputs import RuleInfo

    translate = Translator(lang)
    infos = []
    for rule in rules:
        sections = rule.localized_doc_sections(translate)
        summary = " ".join(sections.get(translate("What it does"), "").split())
        help_text = "\n\n".join(f"{name}\n{text}" for name, text in sections.items())
        infos.append(RuleInfo(rule.code, rule.name, rule.severity, summary, help_text))
    return tuple(infos)


def run_check(args, config, manager) -> int:
    from checker.lint.findings import exit_code
    from checker.outputs import RenderContext
    from checker.plugins import collect_output_formats

    formats = collect_output_formats(manager)
    outputs = _outputs(args, list(formats), "text")
    for name, _path in outputs:
        _choose(name, formats)
    fail_on = args.fail_on or config.fail_on or "error"
    if fail_on != "never":
        from checker.lint.findings import check_severity

        check_severity(fail_on)
    from checker.fixing import check_fix_arguments

    check_fix_arguments(args, [])  # the arguments alone (--diff without --fix, ...), before any answer
    if args.fix:  # with --fix, -o names the fixed text and the report goes to standard output
        if len(args.output) > 1:
            raise UsageError(msg("with --fix, -o names the fixed text: give it once"))
        args.output, outputs = (args.output[0] if args.output else None), [(name, None) for name, _path in outputs[:1]]
    baseline_path = args.baseline or config.baseline
    baseline = _load_baseline(baseline_path) if baseline_path and not args.write_baseline else frozenset()
    _check_limits(args)
    wants_images = any(name == "html" for name, _path in outputs) and not args.no_images
    # The result cache is asked before ReadOptions are made: building the reading profile
    # (regex, the booklet patterns) costs more than answering from the cache.
    key = _result_key(args, config, baseline) if _cache_wanted(args, config) and not args.fix and not wants_images else None
    result = None
    if key:
        from checker import result_cache

        result = result_cache.load(key)
    fresh = None
    if result is None:
        fresh = _fresh_check(args, config, _read_options(args, config), manager, baseline, key)
        if fresh is None:
            return EXIT_ERROR  # nothing to report, or a fix or baseline that would leave a file out
        result = fresh.result
    elif not args.quiet:
        for item in result.files:
            if not item.structure_recognised:
                _note_structure(item.path)
    findings, summary = list(result.findings), replace(result.summary, counts=dict(result.summary.counts))
    from checker.lint.suppress import apply_suppressions

    findings = apply_suppressions(findings, summary, config.suppress)
    inputs = [*args.files, *([args.previous] if args.previous else [])]
    if args.write_baseline:
        _write_baseline(args.write_baseline, findings, inputs)
        print(active().format(N_("wrote {count} fingerprint(s) to {path}; later runs with --baseline {path} report only new findings"),
                              count=len(findings), path=args.write_baseline), file=sys.stderr)
        return EXIT_OK
    if args.fix:
        from checker.fixing import run_fix

        findings = run_fix(args, fresh.documents, findings, summary)
        if args.diff:
            return exit_code(findings, fail_on)
    page_images = None
    html_paths = [path for name, path in outputs if name == "html"]
    if html_paths and wants_images:
        from checker.reports.page_images import findings_requests

        raws = [document.raw for document in fresh.documents + ([fresh.previous] if fresh.previous else [])]
        page_images = _page_images(args, fresh.options, raws, findings_requests(findings, raws), html_paths[0])
    files = result.files + ((result.previous,) if result.previous else ())
    context = RenderContext(
        tool_version=__version__,
        paths=tuple(item.path for item in result.files),  # a file that could not be read is named on stderr
        rules=result.rules,
        summary=summary,
        fail_on=fail_on,
        sources={item.path: list(item.lines) for item in result.files},
        synthetic_paths=tuple(item.path for item in files if item.is_synthetic),
        unrecognised_paths=tuple(item.path for item in result.files if not item.structure_recognised),
        extracted_paths=tuple(item.path for item in files if item.source_kind != "text"),
        reader_notes=tuple((item.path, note) for item in result.files for note in item.notes),
        lang=args.lang,
        quiet=args.quiet,
        page_images=page_images,
    )
    for name, path in outputs:
        linked = replace(context, links=_links(context.paths, path))
        _emit(formats[name].render(findings, linked), path, inputs=inputs)
    return EXIT_ERROR if fresh is not None and fresh.unread else exit_code(findings, fail_on)


@dataclass(frozen=True)
class _FreshCheck:
    """A check run now: its result, and the documents --fix and page images need."""

    result: object  # checker.result_cache.CheckResult
    documents: list
    previous: object | None
    unread: list[str]
    options: object  # the ReadOptions the files were read with


def _fresh_check(args, config, options, manager, baseline, key: str | None) -> _FreshCheck | None:
    """Read, parse and run the rules; keep the result under ``key`` (when given, every
    file was read and every rule is cacheable). None: nothing to report."""
    from checker.api import check
    from checker.dependencies import recording
    from checker.lint.engine import EngineSettings, select_rules
    from checker.plugins import collect_config_tables, collect_rules
    from checker.result_cache import CheckedFile, CheckResult, save

    select, ignore, severity = _rule_choices(args, config)
    settings = EngineSettings(
        select=select,
        ignore=ignore,
        severity=severity,
        rule_options=config.rule_options(collect_config_tables(manager) if config.tables else ()),
        baseline=baseline,
    )
    rules = select_rules(collect_rules(manager), settings)
    documents, unread, previous = _parse_checked_files(args, config, options, manager)
    if not documents or (unread and (args.fix or args.write_baseline)):
        return None
    if previous is not None and previous.error is not None:
        raise previous.error
    previous = previous.document if previous is not None else None
    from checker.fixing import check_fix_arguments

    check_fix_arguments(args, documents)
    with recording() as dependencies:
        findings, summary = check(documents, settings, previous, manager, rules=rules)
    result = CheckResult(tuple(findings), summary, rule_infos(rules, args.lang), tuple(CheckedFile.of(document) for document in documents),
                         CheckedFile.of(previous) if previous is not None else None)
    # Kept only if the files are still what the key was made of (one edited while it was
    # read would otherwise be answered with findings of other bytes).
    if key and not unread and all(rule.cacheable for rule in rules) and _result_key(args, config, baseline) == key:
        save(key, result, dependencies)
    return _FreshCheck(result, documents, previous, unread, options)


def _rule_choices(args, config) -> tuple[tuple[str, ...], tuple[str, ...], dict[str, str]]:
    """select, ignore and severities: the command line's over the configuration's."""
    return (_split_codes(args.select) or tuple(config.select), _split_codes(args.ignore) or tuple(config.ignore),
            {**config.severity, **_severity_overrides(args.severity)})


def _result_key(args, config, baseline: frozenset[str]) -> str | None:
    """The result cache's key of this check; None when a file cannot be read (the
    check then names it) or a setting is not data."""
    import hashlib

    from checker.plugins import find_plugins
    from checker.reading.cache import file_digest
    from checker.result_cache import NotData, check_key, code_fingerprint

    paths = [*args.files, *([args.previous] if args.previous else [])]
    try:
        # Only regular files are hashed here: a named pipe or a device would block or never
        # end; the reader refuses those with its own one-line error.
        if not all(stat.S_ISREG(os.stat(path).st_mode) for path in paths):
            return None
        digests = [(path, file_digest(path)) for path in paths]
    except OSError:
        return None
    reading = {"encoding": args.encoding, "engine": _engine_choice(args, config), "profile": config.profile,
               "password": hashlib.sha256(args.password.encode("utf-8")).hexdigest()}
    select, ignore, severity = _rule_choices(args, config)
    settings = {"select": select, "ignore": ignore, "severity": severity, "options": config.options,
                "tables": config.tables, "baseline": baseline,
                # relative paths in rule options and tables are taken from the configuration's folder
                "folder": os.path.dirname(os.path.abspath(config.path)) if config.path else None}
    try:
        return check_key(code_fingerprint(find_plugins()), digests[:len(args.files)], digests[len(args.files)] if args.previous else None,
                         reading, settings, args.lang)
    except NotData:
        return None


def _parse_checked_files(args, config, options, manager) -> tuple[list, list[str], object]:
    """The documents of the files to check that could be read, in argument order; the
    paths of those that could not, each named in one line on standard error (in
    argument order, whatever order the workers finish in) while the others are
    checked (exit code 2 then, else 1 or 0 by --fail-on); and the ``ParsedFile`` of
    --previous (read in the same batch), or None."""
    from checker.api import effective_jobs, parse_files

    paths = [*args.files, *([args.previous] if args.previous else [])]
    jobs = effective_jobs(next(value for value in (args.jobs, config.jobs, 1) if value is not None), len(paths))
    if jobs == 1:
        parsed = []
        for path in paths:
            progress = _Progress(path, args.quiet)
            try:
                parsed += parse_files([path], replace(options, progress=progress.pages) if progress.shown else options, manager)
            finally:
                progress.done()
    else:
        progress = _Progress("", args.quiet, active().format(N_("reading {count} files, {jobs} at a time …"), count=len(paths), jobs=jobs))
        try:
            parsed = parse_files(paths, options, manager, jobs)
        finally:
            progress.done()
    checked, previous = parsed[:len(args.files)], (parsed[-1] if args.previous else None)
    for item in checked:
        if item.error is not None:
            _print_error(item.error)
        elif not args.quiet and not item.document.structure_recognised:
            _note_structure(item.path)
    documents = [item.document for item in checked if item.document is not None]
    return documents, [item.path for item in checked if item.error is not None], previous


def _links(paths, output: str | None) -> dict[str, str]:
    """How a report written to ``output`` (or read from the working directory)
    links each checked file: a relative path, with forward slashes."""
    from urllib.parse import quote

    start = os.path.dirname(os.path.abspath(output)) if output else os.getcwd()
    links = {}
    for path in paths:
        try:
            relative = os.path.relpath(os.path.abspath(path), start)
        except ValueError:  # another drive on Windows
            relative = os.path.abspath(path)
        links[path] = quote(relative.replace(os.sep, "/"))
    return links


def _load_baseline(path: str) -> frozenset[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return frozenset(item["fingerprint"] for item in data["findings"])
    except FileNotFoundError:
        raise UsageError(msg("baseline {path} not found (create it with --write-baseline)", path=path)) from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UsageError(msg("baseline {path} is not a checker baseline: {error}", path=path, error=error)) from None


def _write_baseline(path: str, findings, inputs=()) -> None:
    data = {
        "version": 1,
        "tool": f"checker {__version__}",
        "findings": [
            {"fingerprint": f.fingerprint, "rule": f.rule, "message": f.message, "location": f.location.to_dict()}
            for f in findings
        ],
    }
    _emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", path, inputs=inputs)


def run_diff(args, config, manager) -> int:
    from checker.diff import diff_documents
    from checker.plugins import collect_diff_formats

    formats = collect_diff_formats(manager)
    outputs = _outputs(args, list(formats), "text")
    for name, _path in outputs:
        _choose(name, formats)  # an unknown format is refused before anything is read
    options = _read_options(args, config)
    # Both editions are read as parse and check read a file: the status line
    # counts pages, and an edition whose structure is not recognised is said so.
    old, new = (_parse(path, options, manager, args.quiet) for path in (args.old, args.new))
    html_paths = [path for name, path in outputs if name == "html"]
    if html_paths and not args.no_images:
        result, page_images = _diff_with_images(args, options, old, new, html_paths[0])
    else:
        result, page_images = diff_documents(old, new), None
    for name, path in outputs:
        if name == "html" and page_images is not None:
            from checker.reports.html import render_diff_html

            data = render_diff_html(result, page_images, lang=args.lang)  # the diff-format hook renders from the diff alone
        else:
            data = formats[name].render(result)  # renderers speak the active language (checker.i18n.set_language)
        _emit(data.encode("utf-8") if isinstance(data, str) else data, path, inputs=[args.old, args.new])
    return EXIT_OK


def _diff_with_images(args, options, old, new, report_path: str | None):
    """The diff, and both editions' changed pages drawn for the HTML report."""
    from checker.diff import diff_documents
    from checker.reports.page_images import diff_requests

    result = diff_documents(old, new)
    return result, _page_images(args, options, [old.raw, new.raw], diff_requests(result, old.raw, new.raw), report_path)


def run_rules_command(args, config, manager) -> int:
    from checker.i18n import Translator
    from checker.plugins import collect_rules

    translate = Translator(args.lang)
    rules = collect_rules(manager)
    if args.code:
        wanted = args.code.upper()
        rules = [rule for rule in rules if rule.code.startswith(wanted) or rule.name == args.code]
        if not rules:
            raise UsageError(msg("no rule {code!r}; see 'checker rules'", code=args.code))
        if args.format == "text":
            _emit("\n".join(_rule_documentation(rule, translate) for rule in rules), None)
            return EXIT_OK
    infos = rule_infos(rules, args.lang)
    if args.format == "json":
        _emit(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity, "summary": i.summary} for r, i in zip(rules, infos)], ensure_ascii=False, indent=2) + "\n", None)
        return EXIT_OK
    lines = [f"{r.code}  {r.name:<36} {pad(translate(SEVERITY_NAMES[r.severity]), 8)} {i.summary}" for r, i in zip(rules, infos)]
    _emit("\n".join(lines) + "\n", None)
    return EXIT_OK


def _rule_documentation(rule, translate) -> str:
    flags = [translate(text) for text, on in ((N_("needs page information"), rule.needs_pages),
                                              (N_("cross-edition (--previous)"), rule.cross_edition)) if on]
    head = translate.format(N_("{code} {name} (default severity: {severity})"), code=rule.code, name=rule.name,
                            severity=translate(SEVERITY_NAMES[rule.severity]))
    if flags:
        head += " — " + ", ".join(flags)
    body = "\n\n".join(translate.format(N_("{section}:"), section=name) + f"\n{text}" for name, text in rule.localized_doc_sections(translate).items())
    text = f"{head}\n\n{body}\n"
    if rule.options:
        text += "\n" + translate(N_("Options:")) + "".join(
            "\n  " + translate.format(N_("{key} (default {default!r}): {help}"), key=key, default=option.default, help=translate(option.help))
            for key, option in rule.options.items()) + "\n"
    return text


if __name__ == "__main__":  # python -m checker.cli (python -m checker goes through __main__.py)
    sys.exit(main())
