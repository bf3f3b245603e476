"""Budget summary tables as ministries print them, read from the text layer.

A table is a heading (one to four lines) naming its figure columns, then rows
of a label and one cell per column, then footnotes. What a column *means* is
read from its heading, not from one document's words:

- an amount column is headed by a word for a sum of money (要求額, 要求・要望額,
  予定額, 予算額, 予算額（案）, 決定額, 補正後予算額, 当初予算, 政府案 …); a
  difference column by 増減 / 差引 / 差額; a rate column by 率 or 比;
- which amount is this year's and which last year's comes from a formula
  (``(A)-(B)``, ``C=B-A``), else the years printed (``平成30年度予定額`` against
  ``平成29年度予算額``), else 前年 in a heading, else their order;
- a rate headed by a formula ``(C)/(B)`` is a change rate, ``(A)/(B)`` a ratio.

Cells may be a figure (``1,234``, ``▲309``, ``△ 0.4``), a figure plus an unfixed
part (``164,246+事項要求``: the figure is checked, the rest noted), 事項要求 alone,
皆増 / 皆減 (a rate against zero), or a dash for an empty cell (``-`` ``－`` ``―``
``ー``). Rows come as the text layer gives them: TAB-separated cells (the PDF
reader's table rows, where an empty cell keeps its place) or cells separated by
spaces (labels printed with spaced-out characters are joined). Indentation is
kept where the text has it. The unit comes from the caption (``（単位：百万円）``)
or a heading; a footnote saying figures are truncated (切り捨て) changes the
rounding convention, otherwise each cell is taken as rounded on its own
(四捨五入), as 「計数はそれぞれ四捨五入しているため、計が一致しない場合がある」 says.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import regex

from checker.booklet.amounts import Figure, read_figure
from checker.booklet.model import SourceLine

CURRENT, PRIOR, CHANGE, RATE, RATIO, AMOUNT = "current", "prior", "change", "rate", "ratio", "amount"
RATE_OR_RATIO = "rate_or_ratio"
SUMMED_ROLES = (CURRENT, PRIOR, CHANGE, AMOUNT)

_RATE_WORD = (
    r"(?:比較|対前年度?|前年度?比較)?(?:増[△▲]?減(?:率|比)|伸び?率|増加率|減少率)"
    r"|対前年度?(?:比(?!較)|伸び?率)|前年度?比(?!較)|比率"
)
_CHANGE_WORD = r"(?:比較|対前年度?|前年度?比較|差引)?増[△▲]?減[△▲]?額?|差引(?:額)?|差額"
_AMOUNT_WORD = (
    r"(?:概算)?要求(?:・要望)?額|要望額|予定額|決定額|計上額|概算額|決算額|見込額|所要額|政府案"
    r"|(?:補正後|当初|修正)?予算(?:額(?:\(案\))?|案|\(案\)|(?![\p{Han}\p{Hiragana}\p{Katakana}])|(?=[対前比増差令平昭]))"
)
COLUMN_WORD = regex.compile(rf"(?P<rate>{_RATE_WORD})|(?P<change>{_CHANGE_WORD})|(?P<amount>{_AMOUNT_WORD})")
# Every word above holds one of 率比増差額案予 (rates 率 or 比, changes 増 or 差,
# amounts 額, 案 or 予算), and NFKC makes these only of themselves and of three
# compatibility forms (⽐ U+2F50, 率 U+F961 and U+F9DB): a line without any of the ten
# is no heading, found without folding it or trying COLUMN_WORD's many alternatives
# at every position (tests hold the characters to the words and to NFKC).
COLUMN_WORD_CHARACTERS = "率比増差額案予"
COLUMN_WORD_CHARACTER = re.compile(f"[{COLUMN_WORD_CHARACTERS}\u2f50\uf961\uf9db]")  # a plain class: re is quicker
LABEL_TOKEN = r"[(（]?(?:[A-Z][=＝])?[A-Z](?:\)?[-−－/÷]\(?[A-Z])?[)）]?(?:[×x]100)?%?"
COLUMN_SUFFIX = regex.compile(rf"(?:{LABEL_TOKEN})*")
LABEL_LINE = regex.compile(rf"^(?:{LABEL_TOKEN}|[%％]|[(（][%％][)）]|\s)+$")
STUB_HEADING = regex.compile(r"^.*?(?:区分|事項|項目|組織|事業名?|主要経費|科目|名称|所管)(?=.)")
YEAR = regex.compile(r"(?P<era>令和|平成|昭和|R|H)?(?P<year>元|\d{1,4})年度?")
ERA_BASE = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925}
MINUS_FORMULA = regex.compile(r"([A-Z])\)?[-−－]\(?([A-Z])")
DIVIDE_FORMULA = regex.compile(r"([A-Z])\)?[/÷]\(?([A-Z])")
UNIT = regex.compile(r"(?:単位[:：]?\s*|[（(])(?P<unit>千円|百万円|億円|兆円)")
TRUNCATED = regex.compile(r"切り?捨て")
ROUNDED = regex.compile(r"四捨五入")
FOOTNOTE = regex.compile(r"^\s*(?:※|\*|＊|\(?注|（注|注[)）\d:：])")
TOTAL_LABEL = regex.compile(r"^(?:計|合計|総計|小計|総合計|累計)$|(?:合計|総計|小計|所管計)$|(?:会計|勘定)計$")
SUBTOTAL_LABEL = regex.compile(r"小計$")
BREAKDOWN_LABEL = regex.compile(r"^[【〔\[(（]?(?:うち|内訳|内数)")
CAPTION_LABEL = regex.compile(r"^(?:第[0-9一二三四五六七八九十]+|[【〔\[]).{0,30}$|(?:会計|勘定)$")
BLANK_CELL = regex.compile(r"^(?:[-‐―ー—–−…･・]|－)$")
BRACKETED = regex.compile(r"^[【〔\[(（](.+)[】〕\])）]$")
SIGN_ONLY = regex.compile(r"^[▲△−\-－+＋]$")
ITEM_REQUEST = "事項要求"
ALL_NEW, ALL_GONE = "皆増", "皆減"
MAX_HEADER_LINES = 4
MAX_BLANKS_IN_TABLE = 2
FOOTNOTE_REACH = 8
UNIT_IN_OKU = {"千円": "0.00001", "百万円": "0.01", "億円": "1", "兆円": "10000"}


# Compiled once: a pattern given as a string is looked up in regex's cache on every call.
WHITE_SPACE = regex.compile(r"\s+")
OWN_LETTER_DEFINED = regex.compile(r"([A-Z])[=＝]")
OWN_LETTER = regex.compile(r"([A-Z])")
RATE_HEADING = regex.compile(r"増減率|伸び?率|増加率|減少率")
TRAILING_BRACKETS = regex.compile(r"[(（][^()（）]*[)）]$")


# A table's lines are read several times (could it be a heading? a data row? how
# wide?); the readings are pure functions of the text, so each is made once.
@functools.lru_cache(maxsize=16384)
def compact(text: str) -> str:
    """Width-folded text without white space: how headings and labels compare."""
    folded = unicodedata.normalize("NFKC", text)
    if folded.isprintable():  # then its only white space is " " (a test proves it): no regex needed
        return folded.replace(" ", "")
    return WHITE_SPACE.sub("", folded)


# ------------------------------------------------------------------- cells
@dataclass(frozen=True)
class Cell:
    """One printed cell: its text, the figure in it (if any) and what else it says."""

    text: str
    figure: Figure | None = None
    note: str = ""  # 事項要求, 皆増, 皆減, or "-" for a dash

    @property
    def counts_as_zero(self) -> bool:
        """A dash or a bare 事項要求 adds nothing to a sum of figures."""
        return self.figure is None and self.note in ("-", ITEM_REQUEST)


def read_cell(text: str) -> Cell | None:
    """A cell, or None when the text is not one (a label)."""
    folded = compact(text)
    if not folded:
        return None
    if BLANK_CELL.match(folded):
        return Cell(text, note="-")
    if folded in (ALL_NEW, ALL_GONE, ITEM_REQUEST):
        return Cell(text, note=folded)
    note = ""
    inner = BRACKETED.match(folded)
    if inner:  # 【306】: a share printed in brackets under a うち row
        figure = read_figure(inner[1])
        return Cell(text, figure, "()") if figure is not None else None
    if folded.endswith(ITEM_REQUEST) and folded[: -len(ITEM_REQUEST)].endswith("+"):
        folded, note = folded[: -len(ITEM_REQUEST) - 1], ITEM_REQUEST
    figure = read_figure(folded[:-1] if folded.endswith("%") else folded)
    if figure is None:
        return None
    return Cell(text, figure, note)


def _merge_tokens(tokens: list[str]) -> list[str]:
    """Glue what spacing split: ``▲ 309``, ``皆 増``, ``164,246 + 事項要求``, ``事項 要求``."""
    merged: list[str] = []
    for token in tokens:
        if merged and _glued(merged[-1], token):
            merged[-1] = merged[-1] + token
            continue
        merged.append(token)
    return merged


WHOLE_WORDS = (ALL_NEW, ALL_GONE, ITEM_REQUEST)


def _glued(previous: str, token: str) -> bool:
    """Whether ``token`` continues the cell ``previous`` began.

    The two folded together (NFKC over what may be a long line of prose) are
    folded only where a test needs them. The whole words need them only for
    two tokens of at most four characters: the words are ideographs that no
    composition makes or takes in, and every character a token can hold folds
    to at least one that is not white space (a test proves it), so longer
    text cannot fold to one of them."""
    last = compact(previous)
    if SIGN_ONLY.match(last) and read_figure(compact(previous + token).rstrip("%")) is not None:
        return True
    if len(previous) + len(token) <= max(map(len, WHOLE_WORDS)) and compact(previous + token) in WHOLE_WORDS:
        return True
    if last.endswith("+") and read_figure(last[:-1]) is not None:
        return True
    if compact(token).startswith("+") and read_cell(compact(previous + token)) is not None and read_figure(last) is not None:
        return True
    return last in ("皆", "事項", "事項要") and read_cell(compact(previous + token)) is not None


def _indent(text: str) -> int:
    width = 0
    for char in text:
        if char == " ":
            width += 1
        elif char == "\u3000":
            width += 2
        elif char == "\t":
            width += 4
        else:
            break
    return width


@dataclass(frozen=True)
class RowText:
    """A line split into its label and cells."""

    label: str
    cells: tuple[Cell | None, ...]  # None: an empty place (TAB-separated rows only)
    indent: int
    placed: bool  # cells keep their column places (TAB-separated)


@functools.lru_cache(maxsize=16384)
def split_row(text: str) -> RowText:  # frozen results, so one may be shared
    if "\t" in text:
        return _split_tabbed(text)
    tokens = _merge_tokens(text.split())
    cells: list[Cell] = []
    while tokens:
        cell = read_cell(tokens[-1])
        if cell is None:
            break
        cells.insert(0, cell)
        tokens.pop()
    return RowText(_join_label(tokens), tuple(cells), _indent(text), False)


def split_rows(text: str, width: int) -> list[RowText]:
    """Several rows a text layer ran into one line (label, cells, label, cells …):
    each full set of ``width`` cells followed by a label starts a new row."""
    if "\t" in text:
        return [_split_tabbed(text)]
    tokens = _merge_tokens(text.split())
    rows: list[RowText] = []
    label: list[str] = []
    cells: list[Cell] = []
    for token in tokens:
        cell = read_cell(token)
        if cell is None and len(cells) == width:
            rows.append(RowText(_join_label(label), tuple(cells), _indent(text) if not rows else 0, False))
            label, cells = [], []
        if cell is None and cells:
            return [split_row(text)]  # text between figures: read as one row
        if cell is None:
            label.append(token)
        else:
            cells.append(cell)
    rows.append(RowText(_join_label(label), tuple(cells), _indent(text) if not rows else 0, False))
    return rows if len(rows) > 1 and all(row.label for row in rows) else [split_row(text)]


def _split_tabbed(text: str) -> RowText:
    parts = text.split("\t")
    leading = 0
    while leading < len(parts) - 1 and not parts[leading].strip():
        leading += 1
    indent = leading * 4 + _indent(parts[leading])
    label_parts: list[str] = []
    cells: list[Cell | None] = []
    for part in parts[leading:]:
        cell = read_cell(part)
        if cell is None and part.strip() and not cells:
            label_parts.append(part.strip())
        elif cell is None and not part.strip():
            cells.append(None) if cells or label_parts else None
        elif cell is None:
            return RowText(text.strip(), (), indent, True)  # text after the figures: not a row
        else:
            cells.append(cell)
    while cells and cells[-1] is None:
        cells.pop()
    return RowText(_join_label(label_parts), tuple(cells), indent, True)


def _join_label(tokens: list[str]) -> str:
    """Tokens of a label, joined without the spaces of spaced-out characters."""
    label = ""
    for token in tokens:
        if label and label[-1].isascii() and label[-1].isalnum() and token[0].isascii() and token[0].isalnum():
            label += " "
        label += token
    return label


# ------------------------------------------------------------------ columns
@dataclass(frozen=True)
class Column:
    role: str
    heading: str
    label: str | None = None  # A, B, C … as printed in the heading
    formula: tuple[str, str, str] | None = None  # ("-", "A", "B") for (A)-(B)
    year: int | None = None


def _year(text: str) -> int | None:
    """The year printed nearest the column's word (a title's year may precede it)."""
    matches = list(YEAR.finditer(text))
    if not matches:
        return None
    match = matches[-1]
    number = 1 if match["year"] == "元" else int(match["year"])
    return number + ERA_BASE.get(match["era"] or "", 0)


def _column(kind: str, heading: str, suffix: str) -> Column:
    formula = None
    rest = suffix
    for operator, pattern in (("-", MINUS_FORMULA), ("/", DIVIDE_FORMULA)):
        match = pattern.search(suffix)
        if match:
            formula = (operator, match[1], match[2])
            rest = suffix[: match.start()] + suffix[match.end():]
            break
    own = OWN_LETTER_DEFINED.search(suffix) or OWN_LETTER.search(rest)
    return Column(kind, heading, own[1] if own else None, formula, _year(heading))


def columns_from_text(text: str) -> list[Column]:
    """Figure columns named in a compact heading text, left to right."""
    return list(_columns_from_text(text))


# A heading's lines are read again for each line range tried above a table's first
# row, and in each pairing of year lines with word lines; the columns are frozen.
@functools.lru_cache(maxsize=4096)
def _columns_from_text(text: str) -> tuple[Column, ...]:
    columns: list[Column] = []
    start = 0
    for match in COLUMN_WORD.finditer(text):
        if match.start() < start:
            continue
        kind = match.lastgroup
        suffix = COLUMN_SUFFIX.match(text, match.end())[0]
        end = match.end() + len(suffix)
        heading = text[start:end]
        if not columns:
            heading = STUB_HEADING.sub("", heading)
        columns.append(_column(kind, heading, suffix))
        start = end
    return tuple(columns)


def _header_cells(lines: list[str]) -> list[str] | None:
    """Column headings of TAB-separated heading lines, merged place by place."""
    if not lines or not all("\t" in line for line in lines):
        return None
    rows = [line.split("\t") for line in lines]
    width = max(len(row) for row in rows)
    return ["".join(compact(row[i]) if i < len(row) else "" for row in rows) for i in range(width)]


def read_columns(lines: list[str]) -> list[Column]:
    """The figure columns of a heading of one or more lines, with their roles."""
    return list(_read_columns(tuple(lines)))


# The same line ranges are tried for neighbouring heading candidates (each line of
# a three-line heading starts a try); the columns are frozen.
@functools.lru_cache(maxsize=4096)
def _read_columns(lines: tuple[str, ...]) -> tuple[Column, ...]:
    label_lines = [line for line in lines if LABEL_LINE.match(compact(line)) and compact(line)]
    word_lines = [line for line in lines if line not in label_lines]
    cells = _header_cells(word_lines)
    if cells is not None:
        columns = []
        for cell in cells:
            columns.extend(columns_from_text(cell))
    else:
        columns = columns_from_text("".join(_years_joined_to_amounts([compact(line) for line in word_lines])))
    columns = _apply_label_lines(columns, label_lines)
    return tuple(assign_roles(columns))


def _years_joined_to_amounts(texts: list[str]) -> list[str]:
    """``令和2年度 令和元年度`` over (or under) ``要求額 予算額 比較増減額 増減率``:
    the years printed on a line of their own belong, in order, to the amount
    words without a year on another line."""
    for index, text in enumerate(texts):
        years = list(YEAR.finditer(text))
        own = columns_from_text(text)
        if len(years) < 2 or any(column.role == AMOUNT for column in own):
            continue
        for other, words in enumerate(texts):
            columns = columns_from_text(words)
            amounts = [i for i, column in enumerate(columns) if column.role == AMOUNT and not column.year]
            if other == index or len(amounts) != len(years):
                continue
            texts = list(texts)
            if own and len(amounts) == len(columns):  # 令和2年度 令和元年度 比較増減額 増減率 / 要求額 予算額
                joined = text
                for year, column in reversed(list(zip(years, columns))):
                    joined = joined[: year.end()] + column.heading + joined[year.end():]
                texts[index], texts[other] = joined, ""
            elif not own:  # 令和2年度 令和元年度 / 区分 要求額 予算額 比較増減額 増減率
                dated = iter(match[0] for match in years)
                texts[index] = ""
                texts[other] = "".join((next(dated) if i in amounts else "") + c.heading for i, c in enumerate(columns))
            else:
                continue
            return texts
    return texts


def _apply_label_lines(columns: list[Column], label_lines: list[str]) -> list[Column]:
    """(A) (B) (A)-(B) … printed on a line of their own, one per column."""
    for line in label_lines:
        tokens = [token for token in line.split() if compact(token) not in ("%", "(%)", "（%）")]
        if len(tokens) != len(columns):
            continue
        columns = [
            column if column.label or column.formula else _column(column.role, column.heading, compact(token))
            for column, token in zip(columns, tokens)
        ]
    return columns


def assign_roles(columns: list[Column]) -> list[Column]:
    """Which amount column is this year's and which last year's; rate or ratio."""
    amounts = [i for i, column in enumerate(columns) if column.role == AMOUNT]
    by_label = {column.label: i for i, column in enumerate(columns) if column.label}
    current = prior = None
    for column in columns:
        if column.role == CHANGE and column.formula and column.formula[0] == "-":
            left, right = by_label.get(column.formula[1]), by_label.get(column.formula[2])
            if left in amounts and right in amounts:
                current, prior = left, right
    years = [(columns[i].year, i) for i in amounts if columns[i].year is not None]
    if current is None and len({year for year, _ in years}) >= 2:
        current = max(years)[1]
        prior = max((year, i) for year, i in years if year < columns[current].year)[1]
    if current is None:
        marked = [i for i in amounts if "前年" in columns[i].heading]
        others = [i for i in amounts if i not in marked]
        if marked and others:
            current, prior = others[0], marked[0]
        elif len(amounts) >= 2:
            current, prior = amounts[0], amounts[1]
        elif amounts:
            current = amounts[0]
    change_label = next((c.label for c in columns if c.role == CHANGE and c.label), None)
    roles = []
    for i, column in enumerate(columns):
        role = column.role
        if i == current:
            role = CURRENT
        elif i == prior:
            role = PRIOR
        elif role == "rate":
            role = _rate_role(column, change_label, columns[current].label if current is not None else None)
        roles.append(Column(role, column.heading, column.label, column.formula, column.year))
    return roles


def _rate_role(column: Column, change_label: str | None, current_label: str | None) -> str:
    if column.formula and column.formula[0] == "/":
        if column.formula[1] == change_label:
            return RATE
        if column.formula[1] == current_label:
            return RATIO
    heading = column.heading
    if RATE_HEADING.search(heading):
        return RATE
    return RATE_OR_RATIO


def is_table_heading(columns: list[Column]) -> bool:
    roles = {column.role for column in columns}
    return CURRENT in roles and bool(roles & {PRIOR, CHANGE, RATE, RATIO, RATE_OR_RATIO})


# ------------------------------------------------------------------- tables
ROW, TOTAL, BREAKDOWN, CAPTION = "row", "total", "breakdown", "caption"


@dataclass
class TableRow:
    line: SourceLine
    label: str
    cells: list[Cell | None]  # one per column; None where nothing is printed
    indent: int
    kind: str  # ROW, TOTAL, BREAKDOWN or CAPTION

    @property
    def name(self) -> str:
        """The label as a reader names the row."""
        return compact(self.label)


@dataclass
class BudgetTable:
    heading: list[SourceLine]
    columns: list[Column]
    rows: list[TableRow] = field(default_factory=list)
    unit: str | None = None  # 億円, 百万円, 千円 …
    truncated: bool = False  # a footnote says figures are truncated, not rounded

    def column(self, role: str) -> int | None:
        return next((i for i, column in enumerate(self.columns) if column.role == role), None)


def _row_kind(label: str) -> str:
    name = TRAILING_BRACKETS.sub("", compact(label)) or compact(label)  # 計(A), 合計（C）
    if BREAKDOWN_LABEL.match(name):
        return BREAKDOWN
    if TOTAL_LABEL.search(name):
        return TOTAL
    return ROW


def _could_be_heading(text: str) -> bool:
    if not COLUMN_WORD_CHARACTER.search(text):
        return False
    return bool(COLUMN_WORD.search(compact(text))) and not split_row(text).cells


# Every figure has a decimal digit, and compact()'s NFKC only adds digits (① -> 1,
# ２ -> 2; no canonical composition takes one in or out), so a line whose compact text
# has none is no data row: most prose lines are decided without splitting them.
HAS_DIGIT = regex.compile(r"\d")


def _could_start_table(lines: list[SourceLine], index: int) -> bool:
    """Whether a heading can begin at ``index``. Its words stand on this line and
    the MAX_HEADER_LINES after it (its first row comes within MAX_HEADER_LINES + 1
    lines), and a heading names two columns at least, each a word holding a
    COLUMN_WORD_CHARACTER: where these lines hold fewer than two, nothing else
    is read (most 予算 lines of a booklet's budget blocks)."""
    if not COLUMN_WORD_CHARACTER.search(lines[index].text):
        return False
    window = lines[index:index + MAX_HEADER_LINES + 1]
    if sum(len(COLUMN_WORD_CHARACTER.findall(line.text)) for line in window) < 2:
        return False
    return _could_be_heading(lines[index].text)


def _is_data_row(text: str) -> bool:
    if not HAS_DIGIT.search(compact(text)):
        return False
    row = split_row(text)
    return any(cell is not None and cell.figure is not None for cell in row.cells) and (bool(row.label) or len(row.cells) >= 2)


def _label_takes_extra_cells(row: RowText, width: int) -> RowText:
    """``Society 5.0 1,234 …``: a label ending in a number gives one cell too many."""
    extra = len(row.cells) - width
    if row.placed or extra <= 0 or not row.label:
        return row
    label = _join_label([row.label, *(cell.text for cell in row.cells[:extra])])
    return RowText(label, row.cells[extra:], row.indent, row.placed)


def _unbracketed(cells: list[Cell | None], label: str) -> list[Cell | None]:
    """A figure in brackets is a share under a うち row; elsewhere its meaning
    (a negative? a note?) is unknown, so it is not checked."""
    if _row_kind(label) == BREAKDOWN:
        return cells
    return [Cell(cell.text, None, "()") if cell is not None and cell.note == "()" else cell for cell in cells]


def _place_cells(row: RowText, width: int) -> list[Cell | None] | None:
    cells = list(row.cells)
    if len(cells) > width:
        return None
    if not row.placed and len(cells) < width and len(cells) < 2 and any(c.figure is not None for c in cells):
        return None  # one figure under several columns: its place is unknown
    return cells + [None] * (width - len(cells))


def _heading_for(lines: list[SourceLine], start: int, first_row: int, width: int) -> tuple[int, list[Column]] | None:
    # Each column is a word of its own holding a COLUMN_WORD_CHARACTER (reading a
    # heading moves words but adds none), and a heading has two columns at least:
    # lines with fewer such characters than that are not read.
    needed = max(width, 2)
    characters = 0
    for begin in range(first_row - 1, start - 1, -1):
        characters += len(COLUMN_WORD_CHARACTER.findall(lines[begin].text))
        if characters < needed:
            continue
        texts = [line.text for line in lines[begin:first_row] if line.text.strip()]
        columns = read_columns(texts)
        if is_table_heading(columns) and len(columns) == width:
            return begin, columns
    return None


def _extended_upward(lines: list[SourceLine], begin: int, columns: list[Column], first_row: int) -> tuple[int, list[Column]]:
    """Lines of years or (A)/(B) labels printed above the heading's words belong to it."""
    while begin > 0 and first_row - begin < MAX_HEADER_LINES:
        text = lines[begin - 1].text
        folded = compact(text)
        if not folded or UNIT.search(folded) or split_row(text).cells or not (YEAR.search(folded) or LABEL_LINE.match(folded)):
            break
        wider = read_columns([line.text for line in lines[begin - 1:first_row] if line.text.strip()])
        if len(wider) != len(columns) or not is_table_heading(wider):
            break
        begin, columns = begin - 1, wider
    return begin, columns


def _width(lines: list[SourceLine], first_row: int) -> int:
    widths = []
    for line in lines[first_row:first_row + 6]:
        if _is_data_row(line.text):
            widths.append(len(split_row(line.text).cells))
    if not widths:
        return 0
    counts = Counter(widths)  # the most rows agree; a label ending in a number gives one more
    return max(counts, key=lambda width: (counts[width], width))


def _read_rows(table: BudgetTable, lines: list[SourceLine], index: int) -> int:
    """Rows from ``index`` on; the index just past the table."""
    blanks = 0
    width = len(table.columns)
    while index < len(lines):
        text = lines[index].text
        if not text.strip():
            blanks += 1
            if blanks > MAX_BLANKS_IN_TABLE:
                break
            index += 1
            continue
        if FOOTNOTE.match(text):
            break
        several = split_rows(text, width)
        if len(several) > 1:
            for row in several:
                table.rows.append(TableRow(lines[index], row.label, _place_cells(row, width), row.indent, _row_kind(row.label)))
            blanks, index = 0, index + 1
            continue
        row = _label_takes_extra_cells(several[0], width)
        cells = _place_cells(row, width) if row.cells else None
        if cells is not None:
            table.rows.append(TableRow(lines[index], row.label, _unbracketed(cells, row.label), row.indent, _row_kind(row.label)))
        elif BREAKDOWN_LABEL.match(compact(text)) and not row.cells:
            table.rows.append(TableRow(lines[index], row.label, [None] * width, row.indent, BREAKDOWN))
        elif row.cells or len(compact(text)) > 30 or compact(text).endswith("。") or _could_be_heading(text):
            break
        else:
            kind = CAPTION if CAPTION_LABEL.search(compact(text)) else BREAKDOWN
            table.rows.append(TableRow(lines[index], row.label, [None] * width, row.indent, kind))
        blanks = 0
        index += 1
    while table.rows and table.rows[-1].kind in (CAPTION, BREAKDOWN) and not any(table.rows[-1].cells):
        table.rows.pop()
    return index


def _notes(table: BudgetTable, lines: list[SourceLine], begin: int, end: int) -> None:
    before = " ".join(line.text for line in lines[max(0, begin - 3):begin])
    heading = " ".join(line.text for line in table.heading)
    after = " ".join(line.text for line in lines[end:end + FOOTNOTE_REACH])
    for text in (heading, before, after):
        match = UNIT.search(unicodedata.normalize("NFKC", text))
        if match:
            table.unit = match["unit"]
            break
    table.truncated = bool(TRUNCATED.search(after)) and not ROUNDED.search(after)


def find_budget_tables(lines: list[SourceLine]) -> list[BudgetTable]:
    """Every budget summary table in the lines, in order."""
    tables: list[BudgetTable] = []
    index = 0
    while index < len(lines):
        if not _could_start_table(lines, index):
            index += 1
            continue
        first_row = index + 1
        while first_row < len(lines) and first_row <= index + MAX_HEADER_LINES and not _is_data_row(lines[first_row].text):
            first_row += 1
        if first_row >= len(lines) or not _is_data_row(lines[first_row].text):
            index += 1
            continue
        found = _heading_for(lines, index, first_row, _width(lines, first_row))
        if found is None:
            index += 1
            continue
        begin, columns = _extended_upward(lines, *found, first_row)
        table = BudgetTable([line for line in lines[begin:first_row] if line.text.strip()], columns)
        end = _read_rows(table, lines, first_row)
        _notes(table, lines, begin, end)
        if any(row.kind in (ROW, TOTAL) for row in table.rows):
            tables.append(table)
        index = max(end, index + 1)
    return tables
