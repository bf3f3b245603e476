"""textlint's prh dictionaries (``prh.yml``) read into rules we can match.

The format is prh's (github.com/prh/prh, ``lib/raw.ts``)::

    version: 1
    imports:                        # a path, or a list of paths or tables
      - other.yml
      - path: more.yml
        disableImports: true        # do not follow more.yml's own imports
        ignoreRules:                # drop imported rules by pattern or expected
          - /a/
          - expected: b
    rules:
      - Cookie                      # a bare string: expected, matched loosely
      - expected: デフォルト
        pattern: ディフォルト           # pattern or patterns: literal text ...
      - expected: （$1）
        pattern: /\\(([^)]+)\\)/      # ... or /regex/flags, a JavaScript regex
        regexpMustEmpty: $1         # a match whose group 1 is not empty is skipped
        options: {wordBoundary: true}
        specs:                      # tests: from must become to
          - {from: (そのとおり), to: （そのとおり）}

As in prh: a rule without a pattern matches its expected text with Latin
letters and digits in either case and width; every match that is not already
the expected text is a finding, replaced by ``expected`` with ``$1``… filled
from the match; imported rules whose expected text the importing file already
has are dropped; import paths are relative to the importing file. ``specs``
run when the file loads and a failing one is a configuration error naming the
file and the rule, as is an import cycle. A rule's ``prh`` key (its note, as
textlint shows it) is shown with its findings. ``targets`` (which parts of
which source files prh checks) has no meaning for a booklet and ``meta``
(reviewers, links) none for matching: both are read and not used. Any other
key is an error, so a misspelt ``spec:`` does not silently skip its tests.

JavaScript and Python regexes differ in a few places; patterns are compiled
with ASCII ``\\b``, ``\\w`` and ``\\d`` as in JavaScript, and ``\\s`` keeps
JavaScript's Unicode white space (the ideographic space included).
"""

from __future__ import annotations

from checker.i18n import msg

import os
from dataclasses import dataclass

import regex

from checker.errors import UsageError

SUPPORTED_VERSION = 1
FILE_KEYS = {"version", "imports", "rules", "targets", "meta"}
RULE_KEYS = {"expected", "pattern", "patterns", "regexpMustEmpty", "options", "specs", "prh"}
IMPORT_KEYS = {"path", "disableImports", "ignoreRules"}
JS_REGEX = regex.compile(r"^/(.*)/([gimuy]*)$", flags=regex.DOTALL)
JS_WHITE_SPACE = "\\s" + "\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
HALF_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
FULL_ALPHANUMERIC = "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ０１２３４５６７８９"
JS_SPECIAL = regex.compile(r"[\\*+.?{}()|^$\[\]/-]")  # what prh escapes in a literal pattern
GROUP_REFERENCE = regex.compile(r"\$([0-9]{1,2})")


@dataclass(frozen=True)
class PrhMatch:
    start: int
    end: int
    found: str
    replacement: str


@dataclass(frozen=True)
class PrhRule:
    expected: str
    pattern: regex.Pattern
    shown_pattern: str  # as prh prints it, /source/flags: what ignoreRules name
    must_be_empty: int | None  # regexpMustEmpty's group number
    source: str  # the file that defines the rule
    note: str = ""  # the rule's own explanation (its prh key), shown with findings

    def matches(self, text: str) -> list[PrhMatch]:
        """Every match that is not already the expected text, with its replacement."""
        found = []
        for match in self.pattern.finditer(text):
            if match.start() == match.end():
                continue
            if self.must_be_empty is not None and match.group(self.must_be_empty):
                continue
            if match.group(0) == self.expected:
                continue
            found.append(PrhMatch(match.start(), match.end(), match.group(0), self._replacement(match)))
        return found

    def _replacement(self, match: regex.Match) -> str:
        def group(reference: regex.Match) -> str:
            index = int(reference.group(1))
            if index == 0 or index > len(match.groups()):
                return reference.group(0)
            return match.group(index) or ""

        return GROUP_REFERENCE.sub(group, self.expected)

    def apply(self, text: str) -> str:
        pieces, last = [], 0
        for found in self.matches(text):
            pieces.append(text[last:found.start] + found.replacement)
            last = found.end
        return "".join(pieces) + text[last:]


def load_prh(path: str) -> list[PrhRule]:
    """The rules of a prh file and of everything it imports, specs verified."""
    return _load(os.path.abspath(path), follow_imports=True, chain=())


def _load(path: str, follow_imports: bool, chain: tuple[str, ...]) -> list[PrhRule]:
    if path in chain:
        cycle = " -> ".join(os.path.basename(item) for item in (*chain[chain.index(path):], path))
        raise UsageError(msg("prh dictionary {chain}: import cycle {cycle}", chain=chain[-1], cycle=cycle))
    data = _read_yaml(path)
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise UsageError(msg("prh dictionary {path}: unknown key(s) {unknown}; known: {known}", path=path, unknown=', '.join(unknown), known=', '.join(sorted(FILE_KEYS))))
    version = data.get("version", SUPPORTED_VERSION)
    if version != SUPPORTED_VERSION:
        raise UsageError(msg("prh dictionary {path}: version {version!r} is not supported (only version 1)", path=path, version=version))
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise UsageError(msg("prh dictionary {path}: 'rules' must be a list", path=path))
    rules = [_rule(raw, path, index) for index, raw in enumerate(raw_rules, 1)]
    if follow_imports:
        for spec in _import_specs(data.get("imports"), path):
            imported = _load(spec["path"], not spec["disableImports"], (*chain, path))
            imported = [rule for rule in imported if not _ignored(rule, spec["ignoreRules"])]
            rules = _merge(rules, imported)
    return rules


def _read_yaml(path: str) -> dict:
    import yaml

    from checker.dependencies import record

    record(path)  # the result cache ties a check's findings to this file's bytes (imports too)

    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except FileNotFoundError:
        raise UsageError(msg("prh dictionary {path} not found", path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(msg("prh dictionary {path} cannot be read: {error}", path=path, error=error)) from None
    except yaml.YAMLError as error:
        raise UsageError(msg("prh dictionary {path} is not valid YAML: {error}", path=path, error=' '.join(str(error).split()))) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(msg("prh dictionary {path}: expected a mapping with 'rules'", path=path))
    return data


def _merge(rules: list[PrhRule], imported: list[PrhRule]) -> list[PrhRule]:
    """prh's merge: an imported rule whose expected text is already there goes."""
    known = {rule.expected for rule in rules}
    return rules + [rule for rule in imported if rule.expected not in known]


def _import_specs(raw: object, path: str) -> list[dict]:
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        raise UsageError(msg("prh dictionary {path}: 'imports' must be a path or a list", path=path))
    specs = []
    for item in items:
        spec = {"path": item} if isinstance(item, str) else item
        if not isinstance(spec, dict) or not isinstance(spec.get("path"), str) or not spec["path"]:
            raise UsageError(msg("prh dictionary {path}: each import needs a path", path=path))
        unknown = sorted(set(spec) - IMPORT_KEYS)
        if unknown:
            raise UsageError(msg("prh dictionary {path}: import {import_path} has unknown key(s) {unknown}", path=path, import_path=spec['path'], unknown=', '.join(unknown)))
        ignore = [{"pattern": rule} if isinstance(rule, str) else rule for rule in spec.get("ignoreRules") or []]
        if not all(isinstance(rule, dict) for rule in ignore):
            raise UsageError(msg("prh dictionary {path}: ignoreRules of {import_path} must be patterns or tables", path=path, import_path=spec['path']))
        specs.append({
            "path": os.path.normpath(os.path.join(os.path.dirname(path), spec["path"])),
            "disableImports": bool(spec.get("disableImports", False)),
            "ignoreRules": ignore,
        })
    return specs


def _ignored(rule: PrhRule, ignore_rules: list[dict]) -> bool:
    return any(
        (ignore.get("pattern") is not None and ignore["pattern"] == rule.shown_pattern)
        or (ignore.get("expected") is not None and ignore["expected"] == rule.expected)
        for ignore in ignore_rules
    )


def _rule(raw: object, path: str, index: int) -> PrhRule:
    if isinstance(raw, str):
        raw = {"expected": raw}
    if not isinstance(raw, dict):
        raise UsageError(msg("prh dictionary {path}: rule {index} is not a table", path=path, index=index))
    unknown = sorted(set(raw) - RULE_KEYS)
    if unknown:
        raise UsageError(msg("prh dictionary {path}: rule {index} has unknown key(s) {unknown}; known: {known}", path=path, index=index, unknown=', '.join(unknown), known=', '.join(sorted(RULE_KEYS))))
    expected = raw.get("expected")
    if not isinstance(expected, str):
        raise UsageError(msg("prh dictionary {path}: rule {index} needs 'expected' text", path=path, index=index))
    where = f"prh dictionary {path}: rule {expected!r}"
    options = raw.get("options") or {}
    if not isinstance(options, dict) or set(options) - {"wordBoundary"}:
        raise UsageError(msg("{where}: options may only hold wordBoundary", where=where))
    word_boundary = bool(options.get("wordBoundary", False))
    pattern = raw.get("pattern") if raw.get("pattern") is not None else raw.get("patterns")
    try:
        source, shown, flags = _pattern_source(pattern, expected, word_boundary)
        compiled = regex.compile(source, flags | regex.ASCII)  # \b, \w, \d as in JavaScript
    except (regex.error, ValueError) as error:
        raise UsageError(msg("{where}: bad pattern: {error}", where=where, error=error)) from None
    note = raw.get("prh") or ""
    if not isinstance(note, str):
        raise UsageError(msg("{where}: 'prh' (the rule's note) must be text", where=where))
    rule = PrhRule(expected, compiled, _shown(shown, flags), _must_be_empty(raw.get("regexpMustEmpty"), where), path, note)
    _check_specs(rule, raw.get("specs") or [], where)
    return rule


def _pattern_source(pattern: object, expected: str, word_boundary: bool) -> tuple[str, str, int]:
    """A prh pattern (text, /regex/flags or a list) as (Python source, the
    JavaScript source prh shows, flags)."""
    if pattern is None:
        source = shown = _spread_alphanumeric(expected)
        flags = 0
    elif isinstance(pattern, str):
        if not pattern:
            raise ValueError("pattern can't be empty")
        source, shown, flags = _from_javascript(pattern)
    elif isinstance(pattern, list) and pattern and all(isinstance(item, str) for item in pattern):
        parts = [_pattern_source(item, expected, word_boundary) for item in pattern]
        if len({flags for _, _, flags in parts}) > 1:
            raise ValueError("patterns combine different flags")
        return ("(?:" + "|".join(part[0] for part in parts) + ")", "(?:" + "|".join(part[1] for part in parts) + ")", parts[0][2])
    else:
        raise ValueError(f"unexpected pattern {pattern!r}")
    if word_boundary:
        source, shown = rf"\b{source}\b", rf"\b{shown}\b"
    return source, shown, flags


def _from_javascript(pattern: str) -> tuple[str, str, int]:
    written = JS_REGEX.match(pattern)
    if not written:
        return regex.escape(pattern), JS_SPECIAL.sub(r"\\\g<0>", pattern), 0
    source, js_flags = written.groups()
    if "y" in js_flags:
        raise ValueError("the sticky flag y has no meaning here")
    flags = (regex.IGNORECASE if "i" in js_flags else 0) | (regex.MULTILINE if "m" in js_flags else 0)
    return _javascript_white_space(source), source, flags


def _javascript_white_space(source: str) -> str:
    r"""``\s`` and ``\S`` as JavaScript has them, under Python's ASCII mode."""
    out, index, in_class = [], 0, False
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            escaped = source[index + 1]
            if escaped == "s":
                out.append(JS_WHITE_SPACE if in_class else f"[{JS_WHITE_SPACE}]")
            elif escaped == "S" and not in_class:
                out.append(f"[^{JS_WHITE_SPACE}]")
            else:
                out.append(char + escaped)
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


def _spread_alphanumeric(expected: str) -> str:
    """prh's default pattern: the expected text, Latin letters and digits in
    either case and width."""
    parts = []
    for char in expected:
        upper, lower = HALF_ALPHANUMERIC.find(char.upper()), HALF_ALPHANUMERIC.find(char.lower())
        if upper == -1 and lower == -1:
            parts.append(regex.escape(char))
        elif upper == lower:
            parts.append(f"[{char}{FULL_ALPHANUMERIC[upper]}]")
        else:
            parts.append(f"[{char.upper()}{char.lower()}{FULL_ALPHANUMERIC[upper]}{FULL_ALPHANUMERIC[lower]}]")
    return "".join(parts)


def _shown(source: str, flags: int) -> str:
    return f"/{source}/gmu" + ("i" if flags & regex.IGNORECASE else "")


def _must_be_empty(raw: object, where: str) -> int | None:
    if raw is None:
        return None
    written = regex.fullmatch(r"\$([0-9]+)", str(raw))
    if not written:
        raise UsageError(msg("{where}: regexpMustEmpty must name a group as $1", where=where))
    return int(written.group(1))


def _check_specs(rule: PrhRule, specs: object, where: str) -> None:
    if not isinstance(specs, list):
        raise UsageError(msg("{where}: specs must be a list of from/to tables", where=where))
    for spec in specs:
        if not isinstance(spec, dict) or not isinstance(spec.get("from"), str) or not isinstance(spec.get("to"), str):
            raise UsageError(msg("{where}: each spec needs 'from' and 'to' text", where=where))
        try:
            result = rule.apply(spec["from"])
        except IndexError:
            raise UsageError(msg("{where}: regexpMustEmpty names a group the pattern does not have", where=where)) from None
        if result != spec["to"]:
            raise UsageError(msg("{where}: spec failed: {before!r} should become {after!r} but becomes {result!r}", where=where, before=spec["from"], after=spec["to"], result=result))
