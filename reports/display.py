"""What every findings report shows the same way: places, expected/found, occurrences.

Pure functions shared by the text and HTML renderers (and any new one):

- ``where``: a place an editor can find on paper. For a PDF the printed page
  and the line counted on that page (and the physical page when the printed
  number differs), never the line of the whole extraction; for text the file
  line.
- ``difference``: an expected/found pair split into runs, the differing runs
  marked. An amount (``1,990.6億円``) is one unit, so a changed figure is shown
  whole, as a number, never as scattered digits.
- ``group_occurrences``: the same problem reported by one rule on several lines
  of one page becomes one entry with its occurrences.
"""

from __future__ import annotations

from dataclasses import dataclass

import re  # the stdlib engine: its \d is Unicode digits as regex's is, and importing regex costs ~7 ms of a cached re-check

from checker.i18n import N_, Translator

SEVERITY_ORDER = ("error", "warning", "info")
SEVERITY_NAMES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
# Marks around the differing characters of an expected/found pair in plain text.
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
LEGEND = N_("Expected: the form the document uses elsewhere (or the original); Found: the text at this place; "
            "⟦ ⟧ marks the characters that differ.")
# The notice on a document in which no booklet structure was recognised: a fact about the reading,
# shown by every report whether or not the rule RDG002 ran, so "0 findings" never reads as a clean booklet.
STRUCTURE_NOTICE_ID = "structure-not-recognised"
STRUCTURE_LABEL = N_("structure not recognised")
STRUCTURE_NOTICE = N_("structure not recognised: no table of contents, chapter, section or topic was found, so the checks "
                      "that rely on the booklet's structure (contents, numbering, running headers, repeats, budget totals) "
                      "had nothing to check; this is not a clean result. "
                      "Is this a booklet of the configured kind (see [tool.checker.profile])?")


def unreported_structure_paths(findings, unrecognised_paths) -> list[str]:
    """Files whose structure was not recognised and that no finding of the same name (the rule
    RDG002) already reports: for formats whose only place for a notice is an issue or annotation."""
    reported = {finding.location.path for finding in findings if finding.name == STRUCTURE_NOTICE_ID}
    return [path for path in unrecognised_paths if path not in reported]


# A number, signed, with separators and decimals: one unit of comparison, so a
# changed amount shows as the whole figure, not as scattered digits.
NUMBER = re.compile(r"[+＋▲△−-]?\d[\d,，]*(?:[.．]\d+)?")


def where(location, translate: Translator) -> str:
    """The place of a finding in the reader's language."""
    if location is None:
        return ""
    if getattr(location, "source_ref", None):  # PowerPoint or Word: the slide, shape and paragraph
        page = ""
        if location.page is not None:
            page = translate.format(N_("p. {page}"), page=location.page)
            if location.page_estimated:
                page += translate(N_(" (estimated)"))
            page += " "
        return page + f"[{location.source_ref}]"
    if location.in_pdf:
        text = translate.format(N_("p. {page}, line {line}"), page=location.page, line=location.line_on_page)
        if location.physical_page is not None and location.physical_page != location.page:
            text += translate.format(N_(" (PDF page {physical})"), physical=location.physical_page)
        return text
    if location.page is not None and location.line is not None:
        return translate.format(N_("p. {page} (file line {line})"), page=location.page, line=location.line)
    if location.line is not None:
        return translate.format(N_("line {line}"), line=location.line)
    if location.page is not None:
        return translate.format(N_("p. {page}"), page=location.page)
    return translate(N_("place unknown"))


def page_heading(page, translate: Translator) -> str:
    return translate.format(N_("Page {page}"), page=page) if page is not None else translate(N_("Page unknown"))


def severity_name(severity: str, translate: Translator) -> str:
    return translate(SEVERITY_NAMES.get(severity, severity))


@dataclass(frozen=True)
class Run:
    text: str
    changed: bool


def difference(expected: str, found: str) -> tuple[list[Run], list[Run]]:
    """Expected and found split into runs, the runs that differ marked.

    Amounts and other numbers are compared as whole tokens: each is replaced by
    one private-use character before the character diff, then restored.
    """
    from checker.booklet.char_diff import readable_char_diff  # not checker.diff: a text check must not load the diff

    tokens: dict[str, str] = {}

    def encode(text: str) -> str:
        def token(match) -> str:
            return tokens.setdefault(match.group(0), chr(0xF0000 + len(tokens)))
        return NUMBER.sub(token, text)

    old, new = encode(expected), encode(found)
    decode_map = {code: text for text, code in tokens.items()}

    def decode(text: str) -> str:
        return "".join(decode_map.get(char, char) for char in text)

    expected_runs, found_runs = [], []
    for tag, old_part, new_part in readable_char_diff(old, new):
        if old_part:
            expected_runs.append(Run(decode(old_part), tag != "equal"))
        if new_part:
            found_runs.append(Run(decode(new_part), tag != "equal"))
    return expected_runs, found_runs


def marked(runs: list[Run]) -> str:
    return "".join(f"{MARK_OPEN}{run.text}{MARK_CLOSE}" if run.changed else run.text for run in runs)


def one_line(text: str) -> str:
    return " ⏎ ".join(part.strip() for part in text.splitlines() if part.strip())


def group_occurrences(findings: list) -> list[list]:
    """Findings of one page, the same rule and message grouped (first one leads)."""
    groups: dict[tuple, list] = {}
    for finding in findings:
        key = (finding.location.path, finding.location.page, finding.rule, finding.severity, str(finding.message))
        groups.setdefault(key, []).append(finding)
    return list(groups.values())


def sort_for_page(findings: list) -> list:
    """Top of the page down (an editor works through a page in order); on one
    line errors first."""
    return sorted(findings, key=lambda f: (f.location.line or 0, SEVERITY_ORDER.index(f.severity) if f.severity in SEVERITY_ORDER else 9, f.rule))


def display_width(text: str) -> int:
    """Columns a terminal gives the text: East Asian wide and full-width characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """``text`` padded to ``width`` display columns (``<`` left, ``>`` right)."""
    fill = " " * max(0, width - display_width(text))
    return text + fill if align == "<" else fill + text


def table(rows: list[list[str]], aligns: str) -> list[str]:
    """Rows as lines of columns aligned by display width (the last column unpadded)."""
    widths = [max(display_width(row[index]) for row in rows) for index in range(len(aligns))]
    lines = []
    for row in rows:
        cells = [pad(cell, widths[index], aligns[index]) if index < len(row) - 1 else cell for index, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return lines


def chapter_numeral(numeral: str | None) -> str:
    """A chapter numeral in the booklet's printed style, Ⅰ–Ⅻ, however it was
    extracted (``II`` in Latin letters or ``Ⅱ``); anything else unchanged."""
    from checker.booklet.profile import roman_to_int

    value = roman_to_int(numeral or "")
    return chr(0x2160 + value - 1) if value and 1 <= value <= 12 else (numeral or "")


def chapter_label(label: str) -> str:
    """A chapter title led by its numeral (``II Society 5.0…``) in the printed style."""
    numeral, sep, rest = label.partition(" ")
    return chapter_numeral(numeral) + sep + rest
