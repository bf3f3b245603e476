"""Notation rules (NOT): one way of writing the same thing throughout a document.

- NOT001: a marker such as 【新規】 always in the same brackets;
- NOT002, NOT003: spacing inside amounts and between Japanese and Latin
  text, measured against the document's own dominant form (no house style
  is assumed: a document that writes `0.9 億円` throughout is consistent);
- NOT004: 表記ゆれ, two spellings of one word from a notation dictionary.

The notation dictionary is TOML: ``rules/notation_default.toml`` (shipped as
package data) plus the user's entries. Rule options of NOT004 carry the
user's settings; the configuration table ``[tool.checker.notation]`` has the
same keys and is turned into those options by ``options_from_config``::

    [tool.checker.notation]
    dictionary = "house-notation.toml"   # more entries, same schema as the default
    use-default = true                   # false: only the user's entries
    exclude = ["子ども統計プログラミング教室"]  # proper names: never checked
    exclude-quotations = true            # text inside 「」 and 『』 is not checked
    skip-budget-names = true             # programme names in 【予算】 blocks are names
    prh = ["prh.yml"]                    # textlint prh dictionaries (checker.booklet.prh)

    [[tool.checker.notation.entry]]
    preferred = "子ども"
    variants = ["子供"]
"""

from __future__ import annotations

from checker.i18n import msg

import array
import bisect
import functools
import itertools
import os
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import regex

from checker.config import ConfigTable
from checker.errors import UsageError
from checker.dependencies import record as record_dependency
from checker.hookspecs import hookimpl
from checker.booklet.model import BUDGET, TOC_ENTRY
from checker.booklet.prh import PrhRule, load_prh
from checker.lint.fixes import unit_edit
from checker.lint.rule import Option, Rule
from checker.analysis.text_units import TextUnit
from checker.booklet.text import fold_width

JAPANESE = r"[\p{Han}\p{Hiragana}\p{Katakana}ー々〆]"
LATIN = r"[A-Za-zＡ-Ｚａ-ｚ]"
SPACE = r"[ \u3000]"
MASK = "\0"

# ------------------------------------------------------------------ helpers


def _title_start(unit: TextUnit) -> int:
    """Where a numbered heading's title begins: `I 東京…`, `12 2040年…` and
    `(3) …` put their number and a space before it, which is layout."""
    node = unit.node
    if node is None or node.number is None or not node.title:
        return 0
    position = unit.text.find(node.title.strip())
    return position if position > 0 else 0


def _excerpt_pair(unit: TextUnit, start: int, end: int, replacement: str, margin: int = 12) -> tuple[str, str]:
    """The text around [start, end), and the same text with that span replaced."""
    left = max(0, start - margin)
    right = min(len(unit.text), end + margin)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(unit.text) else ""
    before, after = unit.text[left:start], unit.text[end:right]
    return (
        f"{prefix}{before}{unit.text[start:end]}{after}{suffix}",
        f"{prefix}{before}{replacement}{after}{suffix}",
    )


def _dominant(counts: Counter, order: list) -> object:
    """The most frequent key; on a tie the one seen first."""
    top = max(counts.values())
    return next(key for key in order if counts[key] == top)


# ------------------------------------------------------------------ NOT001

MARKER_BRACKETS = "【】[]［］()（）〔〕<>＜＞《》〈〉{}｛｝"


MARKER_PARTNER = dict(zip(MARKER_BRACKETS[0::2], MARKER_BRACKETS[1::2]))


# regex's \s (the Unicode White_Space characters) spelt out, so that re, which
# counts \x1c-\x1f as white space too, reads the marker pattern as regex would
# (a test compares the two over every character).
WHITE_SPACE_CHARACTERS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


@functools.lru_cache(maxsize=8)
def _marker_pattern(max_length: int) -> re.Pattern:
    """A word in any opening and any closing bracket; the caller keeps the pairs
    that belong together. The same matches as one alternative per pair (the word
    holds no bracket, so a mismatched pair hides no match), compiled in a
    fraction of the time, which every check pays; re, whose scan for the
    opening brackets is quicker than regex's, reads it the same way."""
    word = f"[^{WHITE_SPACE_CHARACTERS}{re.escape(MARKER_BRACKETS)}]{{1,{max_length}}}"
    opening, closing = (re.escape("".join(MARKER_BRACKETS[start::2])) for start in (0, 1))
    return re.compile(f"(?P<open>[{opening}])(?P<inner>{word})(?P<close>[{closing}])")


# A number, a letter or a note mark in brackets is numbering, not a marker.
NOT_A_MARKER = regex.compile(r"^[0-9０-９A-Za-zＡ-Ｚａ-ｚ※＊*\-－.．・、,，:：/／]+$|^[①-⑳ア-ン]$")


class MarkerStyleMixed(Rule):
    """What it does:
    Finds markers — a short word in brackets such as 【新規】, 【予算】 or
    （再掲） — and reports each place where a marker the document uses at
    least `min-count` times in one bracket style is written in another
    style. Brackets that differ only in width count as the same style unless
    `ignore-width` is false. Numbers and letters in brackets are numbering,
    not markers.

    Why is this bad?
    Markers are scanned, not read: a reader looking for every new programme
    searches for 【新規】 and misses the one written （新規）.

    Example:
    The budget lines write `0.1億円【新規】` 44 times, and once
    `1.2億円（新規）`.
    """

    code = "NOT001"
    name = "marker-style-mixed"
    severity = "warning"
    options = {
        "min-count": Option(3, "how often a marker must appear in one style before other styles are reported"),
        "max-length": Option(8, "the longest bracketed word (in characters) read as a marker"),
        "ignore-width": Option(True, "brackets differing only in width (（） and ()) are the same style"),
    }

    def check(self):
        pattern = _marker_pattern(self.config["max-length"])
        by_word: dict[str, list[tuple[TextUnit, re.Match, str]]] = defaultdict(list)
        for unit in self.analysis.text_units:
            for match in pattern.finditer(unit.text):
                inner = match["inner"]
                if match["close"] != MARKER_PARTNER[match["open"]] or NOT_A_MARKER.match(inner):
                    continue
                style = match["open"] + match["close"]
                if self.config["ignore-width"]:
                    style = fold_width(style)
                by_word[fold_width(inner)].append((unit, match, style))
        for word, occurrences in by_word.items():
            styles = Counter(style for _, _, style in occurrences)
            if len(styles) < 2:
                continue
            dominant = _dominant(styles, [style for _, _, style in occurrences])
            if styles[dominant] < self.config["min-count"] or styles[dominant] * 2 <= len(occurrences):
                continue
            model = next(match for _, match, style in occurrences if style == dominant)
            shown = model.group(0)
            for unit, match, style in occurrences:
                if style == dominant:
                    continue
                replacement = model["open"] + match["inner"] + model["close"]
                excerpt, expected = _excerpt_pair(unit, match.start(), match.end(), replacement)
                yield self.draft(
                    msg("marker 「{marker}」 is bracketed unlike the document's 「{usual}」 ({count}×)", marker=match.group(0), usual=shown, count=styles[dominant]),
                    self.at_line(unit.line_at(match.start())),
                    excerpt=excerpt,
                    expected=expected,
                    key=f"{word}:{style}:{excerpt}",
                    fix=unit_edit(unit, match.start(), match.end(), replacement),
                )


# ------------------------------------------------------------------ NOT002 / NOT003

AMOUNT = regex.compile(
    rf"(?<![\d.,，．])(?P<number>\d+(?:(?:[,，.．]{SPACE}*)\d+)*)(?P<space>{SPACE}*)(?P<unit>兆円|億円|千万円|百万円|万円|千円|円)"
)
SPACE_CHARACTER = regex.compile(SPACE)
LATIN_CHARACTER = re.compile(LATIN)  # explicit ranges mean the same to re, which finds them sooner
SPACED_NUMBER = regex.compile(rf"[,，.．]{SPACE}+\d")
LATIN_RUN = re.compile(f"{LATIN}+")
JAPANESE_CHARACTER = regex.compile(JAPANESE)
SPACE_CHARACTERS = " \u3000"  # SPACE's


def japanese_latin_joins(text: str, begin: int = 0) -> list[tuple[int, int]]:
    """[start, end) of each join of Japanese and Latin text, either way round,
    from ``begin`` on, in order of their start (Japanese–Japanese and
    Latin–Latin joins are no samples): the matches of
    ``{JAPANESE}{SPACE}*{LATIN}|{LATIN}{SPACE}*{JAPANESE}`` found with
    ``overlapped=True`` (a test holds the two together). A join is a run of
    Latin letters' first letter with the Japanese character before it, or its
    last letter with the one after it, spaces between, so only the two ends of
    each run are looked at, not every character with the Unicode classes."""
    joins = []
    for run in LATIN_RUN.finditer(text, begin):
        left = run.start()
        while left > begin and text[left - 1] in SPACE_CHARACTERS:
            left -= 1
        if left > begin and JAPANESE_CHARACTER.match(text, left - 1):
            joins.append((left - 1, run.start() + 1))
        right = run.end()
        while right < len(text) and text[right] in SPACE_CHARACTERS:
            right += 1
        if JAPANESE_CHARACTER.match(text, right):
            joins.append((run.end() - 1, right + 1))
    return joins


SHARE_OPTION = Option(0.75, "the share (0–1) the dominant form must have before the other form is reported")


@dataclass(frozen=True)
class SpacingSample:
    unit: TextUnit
    start: int
    end: int
    spaced: bool
    unspaced_text: str  # the same text without its spaces


def _report_minority(rule: Rule, samples: list[SpacingSample], describe, fixable: bool = False):
    """Report the samples written unlike the dominant form; ``fixable``: a
    spaced sample in an unspaced document gets the edit that removes its spaces."""
    if not samples:
        return
    spaced = sum(1 for sample in samples if sample.spaced)
    unspaced = len(samples) - spaced
    if not spaced or not unspaced:
        return
    document_spaces = spaced > unspaced
    if max(spaced, unspaced) / len(samples) < rule.config["min-share"]:
        return
    dominant_count = max(spaced, unspaced)
    for sample in samples:
        if sample.spaced == document_spaces:
            continue
        text = sample.unit.text[sample.start:sample.end]
        excerpt, expected = _excerpt_pair(sample.unit, sample.start, sample.end, sample.unspaced_text, margin=8)
        yield rule.draft(
            describe(text, sample.spaced, dominant_count),
            rule.at_line(sample.unit.line_at(sample.start)),
            excerpt=excerpt,
            expected=expected if sample.spaced else None,
            key=f"{text}:{excerpt}",
            fix=unit_edit(sample.unit, sample.start, sample.end, sample.unspaced_text) if fixable and sample.spaced else (),
        )


class SpaceInAmount(Rule):
    """What it does:
    Compares how the document writes amounts of money: without a space
    between the number and its unit (`0.9億円`) or with one (`0.9 億円`), and
    without spaces inside the number (`1,680.9`). When one form makes at
    least `min-share` of all amounts, each amount written the other way is
    reported.

    Why is this bad?
    An amount with a stray space reads as two things, can break across a
    line, and does not match a search for the amount; mixed forms look
    careless in a budget document.

    Example:
    339 amounts read `0.9億円`; one line reads
    `0.9 億円（元年度 0.9 億円）`.
    """

    code = "NOT002"
    name = "space-in-amount"
    severity = "warning"
    options = {"min-share": SHARE_OPTION}

    def check(self):
        samples = []
        for unit in self.analysis.text_units:
            if "円" not in unit.text:
                continue  # every amount ends in 円: most units are scanned no further
            for match in AMOUNT.finditer(unit.text):
                spaced = bool(match["space"]) or bool(SPACED_NUMBER.search(match["number"]))
                compact = SPACE_CHARACTER.sub("", match.group(0))
                samples.append(SpacingSample(unit, match.start(), match.end(), spaced, compact))

        def describe(text, spaced, count):
            if spaced:
                return msg("amount 「{text}」 has a space the document's other amounts do not have ({count}× without)", text=text, count=count)
            return msg("amount 「{text}」 lacks the space the document's other amounts have ({count}× with)", text=text, count=count)

        yield from _report_minority(self, samples, describe, fixable=True)


class JapaneseLatinSpacing(Rule):
    """What it does:
    Compares how the document joins Japanese and Latin text: directly
    (`ICT機器`) or with a space (`ICT 機器`). When one form makes at least
    `min-share` of all such joins, each join written the other way is
    reported. A heading's number (`I 東京…`) is layout and is not counted;
    digits are not Latin text.

    Why is this bad?
    A space that appears in one place only looks like a slip (often a
    deleted word or a line-break artifact) and breaks searches for the term.

    Example:
    The document writes `ICT機器` and `ICT分野`, but `高齢者・障害者向けICT 機器`.
    """

    code = "NOT003"
    name = "japanese-latin-spacing-mixed"
    severity = "warning"
    options = {"min-share": SHARE_OPTION}

    def check(self):
        samples = []
        for unit in self.analysis.text_units:
            if not LATIN_CHARACTER.search(unit.text):
                continue  # no join without Latin text: most units are Japanese alone
            begin = _title_start(unit)
            for start, end in japanese_latin_joins(unit.text, begin):
                samples.append(SpacingSample(unit, start, end, end - start > 2, unit.text[start] + unit.text[end - 1]))

        def describe(text, spaced, count):
            if spaced:
                return msg("a space between Japanese and Latin text in 「{text}」, which the document otherwise joins directly ({count}×)", text=text, count=count)
            return msg("no space between Japanese and Latin text in 「{text}」, which the document otherwise separates ({count}×)", text=text, count=count)

        yield from _report_minority(self, samples, describe)


# ------------------------------------------------------------------ NOT004


@dataclass(frozen=True)
class NotationEntry:
    preferred: str
    variants: tuple[str, ...]
    not_followed_by: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.preferred, *self.variants)


ENTRY_KEYS = {"preferred", "variants", "not-followed-by", "source"}
CONFIG_KEYS = {"dictionary", "use-default", "entry", "exclude", "exclude-quotations", "skip-budget-names", "prh"}


def parse_entries(raw: object, where: str) -> list[NotationEntry]:
    """Entries from a TOML array of tables, checked; errors name ``where``."""
    if not isinstance(raw, list):
        raise UsageError(msg("{where}: 'entry' must be an array of tables ([[entry]])", where=where))
    entries = []
    for index, table in enumerate(raw, 1):
        if not isinstance(table, dict):
            raise UsageError(msg("{where}: entry {index} is not a table", where=where, index=index))
        unknown = sorted(set(table) - ENTRY_KEYS)
        if unknown:
            raise UsageError(msg("{where}: entry {index} has unknown key(s) {unknown}; known: {known}", where=where, index=index, unknown=', '.join(unknown), known=', '.join(sorted(ENTRY_KEYS))))
        preferred = table.get("preferred")
        variants = table.get("variants")
        following = table.get("not-followed-by", [])
        if not isinstance(preferred, str) or not preferred:
            raise UsageError(msg("{where}: entry {index} needs a non-empty 'preferred' string", where=where, index=index))
        if not isinstance(variants, list) or not variants or not all(isinstance(v, str) and v for v in variants):
            raise UsageError(msg("{where}: entry {index} ({preferred}) needs 'variants', a non-empty list of strings", where=where, index=index, preferred=preferred))
        if not isinstance(following, list) or not all(isinstance(v, str) and v for v in following):
            raise UsageError(msg("{where}: entry {index} ({preferred}): 'not-followed-by' must be a list of strings", where=where, index=index, preferred=preferred))
        entries.append(NotationEntry(preferred, tuple(variants), tuple(following)))
    return entries


def load_dictionary(path: str) -> list[NotationEntry]:
    record_dependency(path)  # the result cache ties a check's findings to this file's bytes
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise UsageError(msg("notation dictionary {path} not found", path=path)) from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(msg("notation dictionary {path} is not valid TOML: {error}", path=path, error=error)) from None
    unknown = sorted(set(data) - {"entry"})
    if unknown:
        raise UsageError(msg("notation dictionary {path}: unknown key(s) {unknown}; known: entry", path=path, unknown=', '.join(unknown)))
    return parse_entries(data.get("entry", []), path)


def default_dictionary() -> list[NotationEntry]:
    return list(_default_entries())


@functools.lru_cache(maxsize=1)
def _default_entries() -> tuple[NotationEntry, ...]:
    """The shipped dictionary, read once per process (entries are frozen)."""
    text = _package_text("notation_default.toml")
    data = read_plain_entry_toml(text)
    if data is None:  # the file left the plain form: the full TOML reader
        data = tomllib.loads(text)
    return tuple(parse_entries(data.get("entry", []), "notation_default.toml"))


# The shipped dictionary is written in a plain subset of TOML: comments, [[entry]]
# headers, and one `key = "string"` or `key = ["string", …]` per line, strings
# without escapes. tomllib, pure Python, spends ~4 ms of every check on its 47 kB;
# these patterns read the subset in a fraction of that. The TOML file stays the one
# source: anything outside the subset is read by tomllib, and a test compares the two.
PLAIN_STRING = r'"[^"\\\x00-\x1f\x7f]*"'
PLAIN_KEY_VALUE = re.compile(rf"([A-Za-z0-9_-]+) = ({PLAIN_STRING}|\[(?:{PLAIN_STRING}(?:, {PLAIN_STRING})*)?\])")
PLAIN_ARRAY_ITEM = re.compile(PLAIN_STRING)


def read_plain_entry_toml(text: str) -> dict | None:
    """``{"entry": [tables]}`` from TOML in the plain subset above; None when any
    line is outside it (a duplicate key included), so tomllib decides."""
    entries: list[dict] = []
    for line in text.split("\n"):  # TOML's line ends only (str.splitlines knows more)
        line = line.removesuffix("\r")
        if not line or line.startswith("#"):
            continue
        if line == "[[entry]]":
            entries.append({})
            continue
        match = PLAIN_KEY_VALUE.fullmatch(line)
        if match is None or not entries or match[1] in entries[-1]:
            return None
        value = match[2]
        if value.startswith("["):
            entries[-1][match[1]] = [item[1:-1] for item in PLAIN_ARRAY_ITEM.findall(value)]
        else:
            entries[-1][match[1]] = value[1:-1]
    return {"entry": entries}


def _package_text(name: str) -> str:
    """A data file shipped beside this module; importlib.resources (which
    imports tempfile, shutil and zipfile) only when the package is not a folder."""
    try:
        with open(os.path.join(os.path.dirname(__file__), name), encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        from importlib import resources

        return resources.files("checker.rules").joinpath(name).read_text(encoding="utf-8")


def merge_entries(base: list[NotationEntry], extra: list[NotationEntry]) -> list[NotationEntry]:
    """``extra`` wins: a base entry sharing any spelling with an extra entry goes."""
    taken = {form for entry in extra for form in entry.forms}
    return [entry for entry in base if not taken & set(entry.forms)] + extra


def options_from_config(table: dict, base_dir: str | None = None) -> dict:
    """NOT004 options from the configuration's ``[tool.checker.notation]`` table.

    Keys are the option names; a relative ``dictionary`` path is taken from
    the directory of the configuration file.
    """
    unknown = sorted(set(table) - CONFIG_KEYS)
    if unknown:
        raise UsageError(msg("[tool.checker.notation]: unknown key(s) {unknown}; known: {known}", unknown=', '.join(unknown), known=', '.join(sorted(CONFIG_KEYS))))
    options = dict(table)
    dictionary = options.get("dictionary")
    if isinstance(dictionary, str) and dictionary and base_dir and not os.path.isabs(dictionary):
        options["dictionary"] = os.path.join(base_dir, dictionary)
    if "entry" in options:
        parse_entries(options["entry"], "[tool.checker.notation]")
    if "prh" in options:
        options["prh"] = _prh_paths(options["prh"], base_dir)
    return options


def _prh_paths(value: object, base_dir: str | None) -> list[str]:
    """prh dictionary paths, relative ones taken from the configuration's folder."""
    paths = [value] if isinstance(value, str) else value
    if not isinstance(paths, list) or not all(isinstance(path, str) and path for path in paths):
        raise UsageError(msg("[tool.checker.notation]: 'prh' must be a list of paths to prh.yml files"))
    return [os.path.join(base_dir, path) if base_dir and not os.path.isabs(path) else path for path in paths]


QUOTATION_PAIRS = {"「": "」", "『": "』", "｢": "｣"}
QUOTATION_MARK = re.compile("[" + "".join(QUOTATION_PAIRS) + "".join(QUOTATION_PAIRS.values()) + "]")  # literal: re is quicker


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every outermost 「…」 or 『…』 quotation, brackets included."""
    spans = []
    stack: list[tuple[str, int]] = []
    for found in QUOTATION_MARK.finditer(text):  # only the marks matter: no walk over every character
        offset, char = found.start(), found.group()
        if char in QUOTATION_PAIRS:
            stack.append((char, offset))
        elif stack and char == QUOTATION_PAIRS[stack[-1][0]]:
            _, start = stack.pop()
            if not stack:
                spans.append((start, offset + 1))
    return spans


def masked_text(unit: TextUnit, exclude: list[str], quotations: bool) -> str:
    """The unit's text with excluded names and quotations blanked out (same length)."""
    text = unit.text
    spans = quotation_spans(text) if quotations else []
    for phrase in exclude:
        start = text.find(phrase)
        while phrase and start >= 0:
            spans.append((start, start + len(phrase)))
            start = text.find(phrase, start + 1)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


class Occurrence(NamedTuple):
    """One spelling found (a named tuple, not a frozen dataclass: one is made for
    every spelling in the text, a tuple in a third of the time)."""

    entry: NotationEntry
    form: str
    unit: TextUnit
    start: int


def find_occurrences(entries: list[NotationEntry], units: list[TextUnit], texts: list[str]) -> list[Occurrence]:
    """Each spelling of each entry in the (masked) texts of the units; longer
    spellings first, so サーバ is not found again inside サーバー.

    Entry by entry, unit by unit, spelling by spelling, in text order — the
    order of a search unit by unit. The texts are joined and cut into stretches
    of a few thousand characters; each spelling is searched only in the
    stretches where each pair of its adjacent characters occurs: most
    spellings of a dictionary are absent from any document, and most of the
    rest from most stretches.
    """
    joined = "\0".join(texts)
    offsets = list(itertools.accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
    stretches = _stretches(joined, offsets)
    found: list[tuple[int, int, int, int, Occurrence]] = []  # (entry, unit, spelling rank, start): the search order
    for entry_index, entry in enumerate(entries):
        claimed: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for rank, form in enumerate(sorted(entry.forms, key=len, reverse=True)):
            needed = _spelling_pairs(form)
            for low, high, pairs in stretches:
                if not pairs.issuperset(needed):
                    continue
                position = joined.find(form, low, high)
                while position >= 0:
                    unit_index = bisect.bisect_right(offsets, position) - 1
                    text = texts[unit_index]
                    start = position - offsets[unit_index]
                    end = start + len(form)
                    if end <= len(text) and _claims(claimed[unit_index], entry, text, start, end):
                        found.append((entry_index, unit_index, rank, start, Occurrence(entry, form, units[unit_index], start)))
                    position = joined.find(form, position + 1, high)
    found.sort(key=lambda item: item[:4])
    return [item[4] for item in found]


STRETCH_LENGTH = 3000  # characters: shorter ones cost more pair checks than they save searching


def _stretches(joined: str, offsets: list[int]) -> list[tuple[int, int, frozenset[int]]]:
    """[low, high) of stretches of ``joined`` that begin where a unit begins (no
    spelling crosses the NUL between two units), each with its adjacent pairs."""
    bounds = [0]
    for offset in offsets[1:]:
        if offset - bounds[-1] >= STRETCH_LENGTH:
            bounds.append(offset)
    bounds.append(len(joined))
    return [(low, high, _adjacent_pairs(joined[low:high])) for low, high in zip(bounds, bounds[1:])]


# Four bytes: two UTF-16 code units (unsigned int on every common platform).
PAIR_TYPECODE = next(code for code in "IL" if array.array(code).itemsize == 4)


def _pair_arrays(text: str) -> tuple[array.array, array.array]:
    """Every two adjacent UTF-16 code units of ``text``, each pair as one number:
    the pairs at even offsets, then those at odd offsets. Read through
    ``array``, they cost a fraction of pairing characters in Python."""
    data = text.encode("utf-16-le")
    even = data[: len(data) - len(data) % 4]
    odd = data[2:][: max(len(data) - 2, 0) - max(len(data) - 2, 0) % 4]
    return array.array(PAIR_TYPECODE, even), array.array(PAIR_TYPECODE, odd)


def _adjacent_pairs(text: str) -> frozenset[int]:
    """The pairs of adjacent characters of ``text`` (see _pair_arrays): a
    spelling can occur in a text only if each of its pairs occurs there."""
    even, odd = _pair_arrays(text)
    return frozenset(even).union(odd)


@functools.lru_cache(maxsize=4096)
def _spelling_pairs(form: str) -> tuple[int, ...]:
    """A spelling's pairs, numbered as _adjacent_pairs numbers them; a tuple,
    quicker to make than a set, since a spelling has few and issuperset takes any."""
    even, odd = _pair_arrays(form)
    return (*even, *odd)


def _claims(claimed: list[tuple[int, int]], entry: NotationEntry, text: str, start: int, end: int) -> bool:
    """Whether the spelling at [start, end) counts: it overlaps no longer
    spelling found before and is not followed by a word the entry excludes."""
    for low, high in claimed:  # a loop, not any(): called for every occurrence
        if low < end and start < high:
            return False
    if entry.not_followed_by and text.startswith(entry.not_followed_by, end):
        return False
    claimed.append((start, end))
    return True


class NotationVariantsMixed(Rule):
    """What it does:
    Looks up every entry of a notation dictionary (preferred spelling and
    its variants, such as 更なる/さらなる, 子供/子ども, 取組/取り組み) and reports
    a document that uses two spellings of one entry: each occurrence of a
    spelling other than the preferred one (or, when the preferred spelling
    is not used or `follow` is "majority", other than the most frequent one). The dictionary is the
    default for official documents (`rules/notation_default.toml`) merged
    with `dictionary` and `entry`; proper names listed in `exclude`, text
    inside 「」 and 『』 (`exclude-quotations`) and programme names in budget
    blocks (`skip-budget-names`) are not checked. The contents page and
    running headers repeat the headings and are not checked twice.

    textlint's prh dictionaries (`prh`: paths of `prh.yml` files) are
    read as textlint reads them: every match of a rule's pattern that is not
    already its expected text is reported, with the expected text as the
    replacement, whether or not the document uses it elsewhere.

    Why is this bad?
    表記ゆれ makes a document look assembled rather than edited, breaks
    searches, and in an official document departs from 公用文 rules.

    Example:
    `地域おこし協力隊の更なる拡充` on one page, `さらなる利活用を推し進める` on another.
    """

    code = "NOT004"
    name = "notation-variants-mixed"
    severity = "warning"
    options = {
        "dictionary": Option("", "path of a TOML notation dictionary added to the default ([[entry]] preferred/variants)"),
        "use-default": Option(True, "include the default dictionary for official documents"),
        "entry": Option([], "more entries, as tables with preferred, variants and optional not-followed-by"),
        "exclude": Option([], "phrases (proper names, titles) whose text is never checked"),
        "exclude-quotations": Option(True, "do not check text inside 「」 and 『』 (quoted titles and names)"),
        "skip-budget-names": Option(True, "do not check programme names in budget blocks (they are proper names)"),
        "follow": Option("dictionary", "which spelling the others are measured against: 'dictionary' (the preferred one, when used) or 'majority'"),
        "prh": Option([], "paths of textlint prh.yml dictionaries; each match not already the expected text is reported"),
    }

    def entries(self) -> list[NotationEntry]:
        entries = default_dictionary() if self.config["use-default"] else []
        if self.config["dictionary"]:
            entries = merge_entries(entries, load_dictionary(self.config["dictionary"]))
        if self.config["entry"]:
            entries = merge_entries(entries, parse_entries(self.config["entry"], f"option entry of {self.code}"))
        return entries

    def check(self):
        if self.config["follow"] not in ("dictionary", "majority"):
            raise UsageError(msg("option follow of {code}: expected 'dictionary' or 'majority', got {follow!r}", code=self.code, follow=self.config['follow']))
        entries = self.entries()
        prh_rules = [rule for path in _prh_paths(self.config["prh"], None) for rule in load_prh(path)]
        exclude = [phrase for phrase in self.config["exclude"] if isinstance(phrase, str)]
        occurrences: dict[NotationEntry, list[Occurrence]] = defaultdict(list)
        units, texts = [], []
        for unit in self.analysis.text_units:
            if unit.kind == TOC_ENTRY or (unit.kind == BUDGET and self.config["skip-budget-names"]):
                continue
            text = masked_text(unit, exclude, self.config["exclude-quotations"])
            units.append(unit)
            texts.append(text)
            if prh_rules:  # no generator per unit when there are none (the default)
                yield from self._prh_findings(prh_rules, unit, text)
        # Grouped run by run (they come entry by entry): an entry's hash, a tuple of
        # its spellings, is then computed once per entry, not once per occurrence.
        found_all = find_occurrences(entries, units, texts) if units else []
        for entry, group in itertools.groupby(found_all, key=lambda occurrence: occurrence.entry):
            occurrences[entry].extend(group)
        for entry in entries:
            found = sorted(occurrences.get(entry, []), key=lambda o: (o.unit.lines[0].number, o.start))
            counts = Counter(occurrence.form for occurrence in found)
            if len(counts) < 2:
                continue
            if counts[entry.preferred] and self.config["follow"] == "dictionary":
                reference = entry.preferred
                why = msg("the preferred spelling")
            else:
                reference = _dominant(counts, [occurrence.form for occurrence in found])
                why = msg("the document's most frequent spelling")
            for occurrence in found:
                if occurrence.form == reference:
                    continue
                unit, start = occurrence.unit, occurrence.start
                excerpt, expected = _excerpt_pair(unit, start, start + len(occurrence.form), reference)
                yield self.draft(
                    msg("「{form}」 here, but 「{reference}」 elsewhere ({count}×, {why})", form=occurrence.form, reference=reference, count=counts[reference], why=why),
                    self.at_line(unit.line_at(start)),
                    excerpt=excerpt,
                    expected=expected,
                    key=f"{entry.preferred}:{occurrence.form}:{excerpt}",
                    fix=unit_edit(unit, start, start + len(occurrence.form), reference),
                )


    def _prh_findings(self, prh_rules: list[PrhRule], unit: TextUnit, text: str):
        for prh_rule in prh_rules:
            for match in prh_rule.matches(text):
                if MASK in match.found:
                    continue  # reaches into an excluded name or a quotation
                excerpt, expected = _excerpt_pair(unit, match.start, match.end, match.replacement)
                note = f" ({prh_rule.note})" if prh_rule.note else ""
                yield self.draft(
                    f"「{match.found}」: {os.path.basename(prh_rule.source)} prescribes 「{match.replacement}」{note}",
                    self.at_line(unit.line_at(match.start)),
                    excerpt=excerpt,
                    expected=expected,
                    key=f"prh:{prh_rule.expected}:{match.found}:{excerpt}",
                    fix=unit_edit(unit, match.start, match.end, match.replacement),
                )


RULES = [MarkerStyleMixed, SpaceInAmount, JapaneseLatinSpacing, NotationVariantsMixed]


@hookimpl
def checker_config_tables() -> list[ConfigTable]:
    # [tool.checker.notation] configures the notation dictionary rule.
    return [ConfigTable("notation", NotationVariantsMixed.code, options_from_config)]


@hookimpl
def checker_rules() -> list[type[Rule]]:
    return RULES
