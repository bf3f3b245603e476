"""The command line: ``checker parse|ledger|check|diff|rules``.

The CLI owns files and exit codes: 0 nothing at or above --fail-on, 1 findings
at or above it, 2 usage or input errors (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from checker import __version__
from checker.errors import InputError, UsageError

EXIT_OK, EXIT_ERROR = 0, 2  # 1 (findings at or above --fail-on) comes from checker.lint.engine.exit_code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, as for every other error
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _add_read_options(parser: argparse.ArgumentParser) -> None:
    from checker.reading.sandbox import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT, MIB

    group = parser.add_argument_group("reading")
    group.add_argument("--encoding", help="text encoding (default: detect UTF-8 with or without BOM, or CP932)")
    group.add_argument("--password", default="", help="password of an encrypted PDF")
    group.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help=f"seconds allowed to read one PDF (default {DEFAULT_TIMEOUT:g})")
    group.add_argument("--max-memory", type=int, default=DEFAULT_MAX_MEMORY // MIB, metavar="MB", help=f"memory allowed to read one PDF, in MiB (default {DEFAULT_MAX_MEMORY // MIB})")
    group.add_argument("--config", help="configuration file (default: checker.toml or [tool.checker] in pyproject.toml, found upward)")


def _add_output(parser: argparse.ArgumentParser, formats: list[str] | None, default: str) -> None:
    parser.add_argument("--format", "-f", default=default, help=f"output format: {', '.join(formats) if formats else 'see --help'} (default {default})")
    parser.add_argument("-o", "--output", help="write to this file (atomically) instead of standard output")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="checker", description="Parse, check and diff Japanese government policy and budget booklets.")
    parser.add_argument("--version", action="version", version=f"checker {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    parse = commands.add_parser("parse", help="parse a booklet and print its outline or tree")
    parse.add_argument("file")
    _add_output(parse, ["text", "json"], "text")
    _add_read_options(parse)

    ledger = commands.add_parser("ledger", help="print the budget ledger and totals")
    ledger.add_argument("file")
    _add_output(ledger, ["text", "csv", "json"], "text")
    _add_read_options(ledger)

    check = commands.add_parser("check", help="run the rules on booklets")
    check.add_argument("files", nargs="+", metavar="FILE")
    _add_output(check, None, "text")
    check.add_argument("--select", action="append", default=[], metavar="CODES", help="rule codes or prefixes to run (comma-separated; repeatable)")
    check.add_argument("--ignore", action="append", default=[], metavar="CODES", help="rule codes or prefixes to skip")
    check.add_argument("--fail-on", choices=["error", "warning", "info", "never"], help="lowest severity that makes the exit code 1 (default error); never: always 0")
    check.add_argument("--severity", action="append", default=[], metavar="CODE=LEVEL", help="override a rule's severity")
    check.add_argument("--previous", metavar="OLD", help="the previous edition, for cross-edition rules")
    check.add_argument("--baseline", metavar="FILE", help="suppress findings whose fingerprints this file lists")
    check.add_argument("--write-baseline", metavar="FILE", help="write the current findings' fingerprints to FILE")
    check.add_argument("--fix", action="store_true", help="text input: write the text with mechanical findings fixed to FILE.fixed.txt (or -o); the report goes to standard output")
    check.add_argument("--diff", action="store_true", help="with --fix: print the fixes as a unified diff instead of writing a file")
    check.add_argument("--in-place", action="store_true", help="with --fix: overwrite the input file")
    _add_read_options(check)

    diff = commands.add_parser("diff", help="compare two editions")
    diff.add_argument("old")
    diff.add_argument("new")
    _add_output(diff, ["html", "json", "text"], "text")
    _add_read_options(diff)

    rules = commands.add_parser("rules", help="list the rules, or print one rule's documentation")
    rules.add_argument("code", nargs="?")
    rules.add_argument("--format", "-f", default="text", choices=["text", "json"])
    return parser


def _split_codes(values: list[str]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _read_options(args, config):
    from checker.booklet.profile import DEFAULT_PROFILE
    from checker.reading.readers import ReadOptions

    if args.timeout <= 0 or args.max_memory <= 0:
        raise UsageError("--timeout and --max-memory must be positive")
    profile = DEFAULT_PROFILE.with_overrides(config.profile) if config.profile else DEFAULT_PROFILE
    return ReadOptions(
        encoding=args.encoding,
        password=args.password,
        timeout=args.timeout,
        max_memory=args.max_memory * 1024 * 1024,
        profile=profile,
    )


def _parse(path: str, options, manager):
    from checker.api import parse_file

    return parse_file(path, options, manager)


def _emit(data: str | bytes, output: str | None, inputs=()) -> None:
    if output:
        from checker.atomic import write_atomic

        try:
            write_atomic(output, data, inputs=inputs)
        except OSError as error:
            raise UsageError(f"cannot write {output}: {error.strerror or error}") from None
        return
    if isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)


def _choose(name: str, known: dict, what: str):
    from checker.api import choose

    return choose(name, known, what)


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except (InputError, UsageError) as error:
        print(f"checker: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("checker: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - never a traceback for the user; CHECKER_DEBUG shows one
        if os.environ.get("CHECKER_DEBUG"):
            raise
        print(f"checker: internal error: {error.__class__.__name__}: {error} (set CHECKER_DEBUG=1 for a traceback)", file=sys.stderr)
        return EXIT_ERROR


def _main(argv: list[str] | None) -> int:
    from checker.config import load_config
    from checker.plugins import collect_config_tables, make_plugin_manager

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    manager = make_plugin_manager()
    tables = collect_config_tables(manager)
    config = load_config(getattr(args, "config", None), tables=[table.name for table in tables])
    handler = {"parse": run_parse, "ledger": run_ledger, "check": run_check, "diff": run_diff, "rules": run_rules_command}[args.command]
    return handler(args, config, manager)


def run_parse(args, config, manager) -> int:
    return _render_document("parse", args, config, manager)


def run_ledger(args, config, manager) -> int:
    return _render_document("ledger", args, config, manager)


def _render_document(command: str, args, config, manager) -> int:
    from checker.api import document_format

    output_format = document_format(command, args.format, manager)
    document = _parse(args.file, _read_options(args, config), manager)
    _emit(output_format.render(document), args.output, inputs=[args.file])
    return EXIT_OK


def _severity_overrides(values: list[str]) -> dict[str, str]:
    overrides = {}
    for value in values:
        code, sep, level = value.partition("=")
        if not sep:
            raise UsageError(f"--severity takes CODE=LEVEL, got {value!r}")
        overrides[code.strip().upper()] = level.strip()
    return overrides


def rule_infos(rules) -> tuple:
    from checker.outputs import RuleInfo

    infos = []
    for rule in rules:
        sections = rule.doc_sections()
        summary = " ".join(sections.get("What it does", "").split())
        help_text = "\n\n".join(f"{name}\n{text}" for name, text in sections.items())
        infos.append(RuleInfo(rule.code, rule.name, rule.severity, summary, help_text))
    return tuple(infos)


# Branchy (radon 26): it wires every check option (config, baseline, severities, formats, --fix,
# suppressions) in one visible place; each branch is one option. Moving the option handling into
# checker.api (an options record the CLI fills) is the next split.
def run_check(args, config, manager) -> int:
    from checker.api import check
    from checker.lint.engine import EngineSettings, exit_code, select_rules
    from checker.outputs import RenderContext
    from checker.plugins import collect_config_tables, collect_output_formats, collect_rules

    formats = collect_output_formats(manager)
    output_format = _choose(args.format, formats, "format")
    fail_on = args.fail_on or config.fail_on or "error"
    if fail_on != "never":
        from checker.lint.findings import check_severity

        check_severity(fail_on)
    baseline_path = args.baseline or config.baseline
    baseline = _load_baseline(baseline_path) if baseline_path and not args.write_baseline else frozenset()
    severity = {**config.severity, **_severity_overrides(args.severity)}
    rule_options = config.rule_options(collect_config_tables(manager))
    settings = EngineSettings(
        select=_split_codes(args.select) or tuple(config.select),
        ignore=_split_codes(args.ignore) or tuple(config.ignore),
        severity=severity,
        rule_options=rule_options,
        baseline=baseline,
    )
    rules = select_rules(collect_rules(manager), settings)
    options = _read_options(args, config)
    documents = [_parse(path, options, manager) for path in args.files]
    previous = _parse(args.previous, options, manager) if args.previous else None
    from checker.fixing import check_fix_arguments, run_fix

    check_fix_arguments(args, documents)
    findings, summary = check(documents, settings, previous, manager, rules=rules)
    from checker.lint.suppress import apply_suppressions

    findings = apply_suppressions(findings, summary, config.suppress)
    if args.write_baseline:
        _write_baseline(args.write_baseline, findings)
    if args.fix:
        findings = run_fix(args, documents, findings, summary)
        if args.diff:
            return exit_code(findings, fail_on)
    context = RenderContext(
        tool_version=__version__,
        paths=tuple(args.files),
        rules=rule_infos(rules),
        summary=summary,
        fail_on=fail_on,
        sources={document.path: [line.text for line in document.raw.lines] for document in documents},
        synthetic_paths=tuple(document.path for document in documents + ([previous] if previous else []) if document.is_synthetic),
        extracted_paths=tuple(document.path for document in documents + ([previous] if previous else []) if document.raw.source_kind != "text"),
        reader_notes=tuple((document.path, note) for document in documents for note in document.raw.notes),
    )
    report_path = None if args.fix else args.output  # with --fix, -o names the fixed text
    _emit(output_format.render(findings, context), report_path, inputs=[*args.files, *([args.previous] if args.previous else [])])
    return exit_code(findings, fail_on)


def _load_baseline(path: str) -> frozenset[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return frozenset(item["fingerprint"] for item in data["findings"])
    except FileNotFoundError:
        raise UsageError(f"baseline {path} not found (create it with --write-baseline)") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UsageError(f"baseline {path} is not a checker baseline: {error}") from None


def _write_baseline(path: str, findings) -> None:
    from checker.atomic import write_atomic

    data = {
        "version": 1,
        "tool": f"checker {__version__}",
        "findings": [
            {"fingerprint": f.fingerprint, "rule": f.rule, "message": f.message, "location": f.location.to_dict()}
            for f in findings
        ],
    }
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def run_diff(args, config, manager) -> int:
    from checker.api import diff_format, run_diff as diff_and_render

    diff_format(args.format, manager)  # an unknown format is refused before the options are checked
    options = _read_options(args, config)
    _emit(diff_and_render(args.old, args.new, args.format, options, manager), args.output, inputs=[args.old, args.new])
    return EXIT_OK


def run_rules_command(args, config, manager) -> int:
    from checker.plugins import collect_rules

    rules = collect_rules(manager)
    if args.code:
        matching = [rule for rule in rules if rule.code == args.code.upper() or rule.name == args.code]
        if not matching:
            raise UsageError(f"no rule {args.code!r}; see 'checker rules'")
        rule = matching[0]
        import inspect

        options = "".join(f"\n  {key} (default {option.default!r}): {option.help}" for key, option in rule.options.items())
        flags = ", ".join(f for f, on in (("needs page information", rule.needs_pages), ("cross-edition (--previous)", rule.cross_edition)) if on)
        text = f"{rule.code} {rule.name} (default severity: {rule.severity}{'; ' + flags if flags else ''})\n\n{inspect.cleandoc(rule.__doc__ or '')}\n"
        if options:
            text += f"\nOptions:{options}\n"
        _emit(text, None)
        return EXIT_OK
    if args.format == "json":
        _emit(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity, "summary": i.summary} for r, i in zip(rules, rule_infos(rules))], ensure_ascii=False, indent=2) + "\n", None)
        return EXIT_OK
    lines = [f"{r.code}  {r.name:<36} {r.severity:<8} {i.summary[:90]}" for r, i in zip(rules, rule_infos(rules))]
    _emit("\n".join(lines) + "\n", None)
    return EXIT_OK
