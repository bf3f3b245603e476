"""Date rules (DAT): era dates that exist, and that agree with what stands beside them.

Recognised forms (digits of either width, kanji numerals, 元 for year 1):

- era dates: 令和元年5月1日, 平成31年4月, 令和2年; fiscal years 令和2年度,
  元年度 (a fiscal year is no calendar date: only its era year is checked —
  平成 has no 32nd year either);
- abbreviated era dates: H31.4, H30.7月, R1.5.1, S64.1.7;
- Western dates: 2019年6月, 2019年12月1日, 2019.6.27, 2019/6/27, and the
  two-digit form 19.1.11 (read as a date only when its month is 1–12);
- month and day without a year (昨年12月1日, 本年5月), checked for the month
  and day alone;
- a Western year beside an era date, 令和2年（2020年） or 2020年（令和2年）,
  and a weekday after a date, 2019年12月1日（日）.

Era boundaries (Gregorian): 大正 1912-07-30 to 1926-12-25, 昭和 1926-12-25 to
1989-01-07, 平成 1989-01-08 to 2019-04-30, 令和 from 2019-05-01.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import regex

from checker.i18n import msg
from checker.hookspecs import hookimpl
from checker.lint.rule import Rule
from checker.analysis.text_units import TextUnit


@dataclass(frozen=True)
class Era:
    name: str
    offset: int  # Western year = era year + offset
    start: datetime.date
    end: datetime.date | None

    @property
    def last_year(self) -> int | None:
        return self.end.year - self.offset if self.end else None

    def label(self, day: datetime.date) -> str:
        year = day.year - self.offset
        return f"{self.name}{'元' if year == 1 else year}年{day.month}月{day.day}日"


ERAS = {
    "明治": Era("明治", 1867, datetime.date(1868, 1, 25), datetime.date(1912, 7, 29)),
    "大正": Era("大正", 1911, datetime.date(1912, 7, 30), datetime.date(1926, 12, 24)),
    "昭和": Era("昭和", 1925, datetime.date(1926, 12, 25), datetime.date(1989, 1, 7)),
    "平成": Era("平成", 1988, datetime.date(1989, 1, 8), datetime.date(2019, 4, 30)),
    "令和": Era("令和", 2018, datetime.date(2019, 5, 1), None),
}
ERA_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
WEEKDAYS = "月火水木金土日"
KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# Full-width digits and letters to ASCII, one character for one, so offsets hold.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20

NUM = r"(?:\d{1,4}|[〇一二三四五六七八九十]{1,3}|元)"
OPEN = r"[(（]"
CLOSE = r"[)）]"
ERA_NAMES = "|".join(ERAS)
ERA_DATE = regex.compile(
    rf"(?P<era>{ERA_NAMES})\s*(?P<year>{NUM})\s*"
    rf"(?:{OPEN}\s*(?P<western_inside>\d{{4}})\s*{CLOSE}\s*)?年"
    rf"(?:(?P<fiscal>度)|\s*(?:(?P<month>{NUM})\s*月(?:\s*(?P<day>{NUM})\s*日)?)?)"
)
WESTERN_AFTER = regex.compile(rf"\s*{OPEN}\s*(?:西暦)?\s*(?P<year>\d{{4}})\s*年?\s*{CLOSE}")
WESTERN_BEFORE = regex.compile(rf"(?<!\d)(?P<year>\d{{4}})\s*年?\s*{OPEN}\s*$")
WEEKDAY_AFTER = regex.compile(rf"\s*{OPEN}\s*(?P<weekday>[{WEEKDAYS}])(?:曜日?)?\s*{CLOSE}")
# A second year number right after an era year: 令和元年30年6月21日.
DOUBLE_YEAR = regex.compile(rf"(?P<era>{ERA_NAMES})\s*{NUM}\s*年\s*{NUM}\s*年(?!度)(?:\s*{NUM}\s*月(?:\s*{NUM}\s*日)?)?")
# An era with no year number before its month, or a month with no 年: 令和年6月, 令和2月3日.
MISSING_YEAR = regex.compile(rf"(?P<era>{ERA_NAMES})\s*(?:年\s*{NUM}\s*月(?:\s*{NUM}\s*日)?|{NUM}\s*月\s*{NUM}\s*日)")
ABBREVIATED_ERA = regex.compile(
    r"(?<![A-Za-z0-9.])(?P<letter>[HRS])\s?(?P<year>\d{1,2})[.．/](?P<month>\d{1,2})(?:[.．/](?P<day>\d{1,2}))?(?![0-9.])"
)
WESTERN_DATE = regex.compile(
    r"(?<![\d.])(?P<year>\d{4})\s*年(?!度)(?:\s*(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*日)?)?"
)
WESTERN_NUMERIC = regex.compile(r"(?<![\d.,/])(?P<year>\d{4}|\d{2})(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d.,/])")
MONTH_DAY = regex.compile(r"(?<![\d年.])(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*日)?")
# 年 or 月 (era, Western and month–day dates), or the separator of a numeric or
# abbreviated date (., /, either width).
DATE_MARKS = ("年", "月", ".", "/", "．", "／")
DATE_MARK = re.compile("[" + re.escape("".join(DATE_MARKS)) + "]")  # one search, not six
ERA_NAME = re.compile("|".join(ERAS))
WESTERN_BEFORE_WINDOW = 24  # characters: "2019年（" and some space
DAY_RANGE_END = regex.compile(r"\s*[～〜~\-－]\s*(?P<day>\d{1,2})\s*日")
MONTH_AFTER = regex.compile(r"\s*月")
CLOSING_AFTER = regex.compile(rf"\s*{CLOSE}")


_FOLDED = re.compile("[\uff01-\uff5e\u3000]")  # a plain class: re is quicker


def fold_digits(text: str) -> str:
    # The same as text.translate(_FOLD), at a third of the cost: translate looks
    # every character up, while a text holds only a few full-width ones.
    return _FOLDED.sub(lambda wide: chr(_FOLD[ord(wide[0])]), text)


def number(text: str | None) -> int | None:
    """元 → 1; 12 and １２ → 12; 十二 → 12; None when absent or unreadable."""
    if text is None:
        return None
    if text == "元":
        return 1
    if text.isdigit():
        return int(text)
    if all(ch in KANJI_DIGITS or ch == "十" for ch in text):
        if "十" in text:
            tens, _, units = text.partition("十")
            if "十" in units or len(tens) > 1 or len(units) > 1:
                return None
            return (KANJI_DIGITS[tens] if tens else 1) * 10 + (KANJI_DIGITS[units] if units else 0)
        return int("".join(str(KANJI_DIGITS[ch]) for ch in text)) if len(text) <= 2 else None
    return None


@dataclass(frozen=True)
class DateProblem:
    kind: str  # "impossible", "malformed", "year", "weekday"
    unit: TextUnit
    start: int
    end: int
    message: str
    expected: str | None = None


def _era_year_text(era: Era, year: int) -> str:
    return f"{era.name}{'元' if year == 1 else year}年"


DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_days(year: int | None, month: int) -> int:
    # Without a year, 2月29日 may be right (a leap year). (calendar.monthrange, without importing calendar.)
    if not 1 <= month <= 12:
        raise ValueError(f"bad month number {month}; must be 1-12")
    year = year if year is not None else 2000
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else DAYS_IN_MONTH[month - 1]


# Radon 33: the calendar cases of an era date (first and last year of an era, month lengths, fiscal
# years), one early return each.
def check_era_date(era: Era, year: int, month: int | None, day: int | None, fiscal: bool = False) -> tuple[str | None, str | None]:
    """Why this era date cannot exist (and what it may have meant), or (None, None)."""
    if year < 1:
        return msg("{name} has no year {year}", name=era.name, year=year), None
    western = year + era.offset
    last = era.last_year
    if last is not None and year > last:
        successor = next((other for other in ERAS.values() if other.start.year <= western and (other.end is None or other.end.year >= western) and other is not era), None)
        known = successor is not None and western - successor.offset >= 1
        expected = _era_year_text(successor, western - successor.offset) + ("度" if fiscal else "") if known else None
        if known:
            return msg("{name} ended on {end} ({western} is {successor})", name=era.name, end=era.label(era.end),
                       western=western, successor=_era_year_text(successor, western - successor.offset)), expected
        return msg("{name} ended on {end}", name=era.name, end=era.label(era.end)), expected
    if western < era.start.year:
        return msg("{name} began in {year} ({start})", name=era.name, year=era.start.year, start=era.label(era.start)), None
    if fiscal or month is None:
        return None, None
    if not 1 <= month <= 12:
        return msg("there is no month {month}", month=month), None
    if day is not None and not 1 <= day <= _month_days(western, month):
        return msg("{month}月 of {western} has {days} days", month=month, western=western, days=_month_days(western, month)), None
    first = datetime.date(western, month, day or 1)
    last_day = datetime.date(western, month, day or _month_days(western, month))
    if last_day < era.start:
        predecessor = next((other for other in ERAS.values() if other.end is not None and other.end < era.start and other.end >= first), None)
        expected = predecessor.label(first) if predecessor is not None and day else None
        return msg("{name} began on {start}", name=era.name, start=era.label(era.start)), expected
    if era.end is not None and first > era.end:
        successor = next(other for other in ERAS.values() if other.start > era.end)
        expected = successor.label(first) if day else None
        return msg("{name} ended on {end}", name=era.name, end=era.label(era.end)), expected
    return None, None


def _weekday_problem(unit, match_end, western, month, day):
    weekday = WEEKDAY_AFTER.match(unit.text, match_end)
    if not weekday or day is None:
        return None
    try:
        actual = WEEKDAYS[datetime.date(western, month, day).weekday()]
    except ValueError:
        return None
    if weekday["weekday"] == actual:
        return None
    return weekday, actual


# Long and branchy (124 lines; radon 61 when last measured): one scan of a text unit by several date patterns whose
# matches must not overlap (is_covered); each pattern's block is a separate check. Splitting it into
# one function per pattern is the next step (tests/test_rules_style.py pins it).
def date_problems(unit: TextUnit) -> list[DateProblem]:
    """Every date slip in one unit of text."""
    if not DATE_MARK.search(unit.text):
        return []  # every pattern below needs one of them: most units hold no date
    text = fold_digits(unit.text)
    problems: list[DateProblem] = []
    covered: list[tuple[int, int]] = []

    def add(kind, start, end, message, expected=None):
        problems.append(DateProblem(kind, unit, start, end, message, expected))

    # Each pattern below needs a word of its own (an era name, H/R/S, 年, 月, a
    # separator); a unit without it is not scanned by that pattern.
    has_era = ERA_NAME.search(text) is not None
    for match in DOUBLE_YEAR.finditer(text) if has_era else ():
        add("malformed", match.start(), match.end(), msg("「{date}」 has two year numbers", date=match.group(0)), None)
        covered.append((match.start(), match.end()))
    for match in MISSING_YEAR.finditer(text) if has_era else ():
        add("malformed", match.start(), match.end(), msg("「{date}」 has no year number after {era}", date=match.group(0), era=match['era']), None)
        covered.append((match.start(), match.end()))

    def is_covered(start: int) -> bool:
        return any(low <= start < high for low, high in covered)

    for match in ERA_DATE.finditer(text) if has_era else ():
        if is_covered(match.start()):
            continue
        era = ERAS[match["era"]]
        year, month, day = number(match["year"]), number(match["month"]), number(match["day"])
        covered.append((match.start(), match.end()))
        if year is None or (match["month"] and month is None) or (match["day"] and day is None):
            add("malformed", match.start(), match.end(), msg("the numbers of this date cannot be read"))
            continue
        reason, expected = check_era_date(era, year, month, day, fiscal=bool(match["fiscal"]))
        if reason:
            add("impossible", match.start(), match.end(), msg("「{date}」 cannot exist: {reason}", date=match.group(0).strip(), reason=reason), expected)
            continue
        western = year + era.offset
        given = match["western_inside"]
        after = WESTERN_AFTER.match(text, match.end()) if not match["fiscal"] else None
        # A Western year printed before the era date stands right before it;
        # looking further back would rescan the whole text for every date.
        before = WESTERN_BEFORE.search(text, max(0, match.start() - WESTERN_BEFORE_WINDOW), match.start())
        if given is None and after is not None:
            given = after["year"]
        if given is None and before is not None:
            given = before["year"]
        if given is not None and int(given) != western:
            label = match.group(0).strip()
            start = before.start() if before is not None and match["western_inside"] is None and after is None else match.start()
            end = after.end() if after is not None and match["western_inside"] is None else match.end()
            if start < match.start():
                closing = CLOSING_AFTER.match(text, end)
                end = closing.end() if closing else end
            quoted = unit.text[start:end]
            add("year", start, end, msg("「{label}」 is {western}, but {given} stands beside it", label=label, western=western, given=given),
                quoted.replace(given, str(western)) if quoted.count(given) == 1 else str(western))
        if month is not None and day is not None and not match["fiscal"]:
            end = after.end() if after is not None else match.end()
            mismatch = _weekday_problem(unit, end, western, month, day)
            if mismatch:
                weekday, actual = mismatch
                add("weekday", match.start(), weekday.end(),
                    msg("「{date}」 is a {actual}曜日, not {printed}曜日", date=match.group(0).strip(), actual=actual, printed=weekday['weekday']),
                    _with_weekday(unit.text, match.start(), weekday, actual))
        if month is not None and day is not None and not match["fiscal"]:
            problems.extend(_range_end(unit, text, match.end(), western, month))

    for match in ABBREVIATED_ERA.finditer(text) if any(letter in text for letter in "HRS") else ():
        if is_covered(match.start()):
            continue
        covered.append((match.start(), match.end()))
        era = ERAS[ERA_LETTERS[match["letter"]]]
        year, month = int(match["year"]), int(match["month"])
        day = int(match["day"]) if match["day"] else None
        reason, expected = check_era_date(era, year, month, day)
        if reason:
            add("impossible", match.start(), match.end(), msg("「{date}」 ({name}) cannot exist: {reason}", date=match.group(0), name=era.name, reason=reason), expected)

    for match in WESTERN_DATE.finditer(text) if "年" in text else ():
        if is_covered(match.start()):
            continue
        covered.append((match.start(), match.end()))
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        if month is None:
            continue
        if not 1 <= month <= 12:
            add("impossible", match.start(), match.end(), msg("「{date}」 cannot exist: there is no month {month}", date=match.group(0), month=month))
        elif day is not None and not 1 <= day <= _month_days(year, month):
            add("impossible", match.start(), match.end(),
                msg("「{date}」 cannot exist: {month}月 of {year} has {days} days", date=match.group(0), month=month, year=year, days=_month_days(year, month)))
        elif day is not None:
            mismatch = _weekday_problem(unit, match.end(), year, month, day)
            if mismatch:
                weekday, actual = mismatch
                add("weekday", match.start(), weekday.end(), msg("「{date}」 is a {actual}曜日, not {printed}曜日", date=match.group(0), actual=actual, printed=weekday['weekday']),
                    _with_weekday(unit.text, match.start(), weekday, actual))
            problems.extend(_range_end(unit, text, match.end(), year, month))

    for match in WESTERN_NUMERIC.finditer(text) if "." in text or "/" in text else ():
        if is_covered(match.start()):
            continue
        year_text, month, day = match["year"], int(match["month"]), int(match["day"])
        year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
        if len(year_text) == 2 and not 1 <= month <= 12:
            continue  # not read as a date: a version or section number
        covered.append((match.start(), match.end()))
        if not 1 <= month <= 12:
            add("impossible", match.start(), match.end(), msg("「{date}」 cannot exist: there is no month {month}", date=match.group(0), month=month))
        elif not 1 <= day <= _month_days(year, month):
            add("impossible", match.start(), match.end(), msg("「{date}」 cannot exist: month {month} has at most {days} days", date=match.group(0), month=month, days=_month_days(year, month)))

    for match in MONTH_DAY.finditer(text) if "月" in text else ():
        if is_covered(match.start()):
            continue
        month = int(match["month"])
        day = int(match["day"]) if match["day"] else None
        if not 1 <= month <= 12:
            add("impossible", match.start(), match.end(), msg("「{date}」 cannot exist: there is no month {month}", date=match.group(0), month=month))
        elif day is not None and not 1 <= day <= _month_days(None, month):
            add("impossible", match.start(), match.end(), msg("「{date}」 cannot exist: {month}月 has {days} days at most", date=match.group(0), month=month, days=_month_days(None, month)))
    return sorted(problems, key=lambda problem: problem.start)


def _with_weekday(text: str, start: int, weekday, actual: str) -> str:
    """The date as quoted, with its weekday corrected."""
    position = weekday.start("weekday")
    return text[start:position] + actual + text[position + 1:weekday.end()]


def _range_end(unit: TextUnit, text: str, end: int, year: int, month: int) -> list[DateProblem]:
    """The bare day closing a range in the same month: 8月10日～28日."""
    tail = DAY_RANGE_END.match(text, end)
    if not tail or MONTH_AFTER.match(text, tail.end()):
        return []
    day = int(tail["day"])
    if 1 <= day <= _month_days(year, month):
        return []
    return [DateProblem("impossible", unit, tail.start("day"), tail.end(),
                        msg("「{month}月{day}日」 cannot exist: {month}月 of {year} has {days} days", month=month, day=day, year=year, days=_month_days(year, month)))]


def _report(rule: Rule, kinds: tuple[str, ...]):
    # The four date rules share one scan of the text.
    every_unit = rule.analysis.shared(("dates",), lambda: [(unit, date_problems(unit)) for unit in rule.analysis.text_units])
    for unit, problems in every_unit:
        for problem in problems:
            if problem.kind not in kinds:
                continue
            quoted = unit.text[problem.start:problem.end]
            yield rule.draft(
                problem.message,
                rule.at_line(unit.line_at(problem.start)),
                excerpt=quoted,
                expected=problem.expected,
                key=f"{problem.kind}:{unit.excerpt(problem.start, problem.end, 8)}",
            )


class ImpossibleDate(Rule):
    """What it does:
    Reports a date that cannot exist: a month above 12, a day the month
    does not have (2月30日), an era date outside its era — 平成 ran until
    平成31年4月30日 and 令和 began on 令和元年5月1日 (元年 is year 1), so
    令和元年4月1日 and 平成32年 never were. Abbreviated (H31.4, 19.1.11) and
    Western dates are checked too. A fiscal year (令和2年度, 元年度) is not a
    calendar date: only its era year is checked.

    Why is this bad?
    A date that never was is a typo the reader cannot resolve: the decision
    it cites, or the deadline it sets, cannot be found.

    Example:
    `令和元年4月1日に施行` — 令和 had not begun; `平成32年度` should be `令和2年度`.
    """

    code = "DAT001"
    name = "impossible-date"
    severity = "error"

    def check(self):
        yield from _report(self, ("impossible",))


class MalformedDate(Rule):
    """What it does:
    Reports era dates that do not read as a date at all: two year numbers
    in one date (令和元年30年6月21日), or an era with no year before the month
    (令和年6月, 令和2月3日).

    Why is this bad?
    The reader cannot tell which date is meant; usually an old date was
    only half replaced by the new one.

    Example:
    `(令和元年30年6月21日閣議決定)` — 平成30年 was half replaced by 令和元年.
    """

    code = "DAT002"
    name = "malformed-date"
    severity = "error"

    def check(self):
        yield from _report(self, ("malformed",))


class DateYearMismatch(Rule):
    """What it does:
    Where a Western year stands beside an era date — `令和2年（2020年）`,
    `2020年（令和2年）`, `令和2（2020）年` — checks that both name the same year.

    Why is this bad?
    One of the two is wrong, and the reader cannot know which.

    Example:
    `令和2年（2019年）` — 令和2年 is 2020.
    """

    code = "DAT003"
    name = "date-year-mismatch"
    severity = "error"

    def check(self):
        yield from _report(self, ("year",))


class DateWeekdayMismatch(Rule):
    """What it does:
    Where a weekday follows a full date — `令和元年12月1日（日）`,
    `2019年12月2日（月）` — checks that the date falls on that weekday.

    Why is this bad?
    A wrong weekday sends people to an event on the wrong day; one of the
    two is a typo.

    Example:
    `令和2年1月20日（火）` — 20 January 2020 was a Monday.
    """

    code = "DAT004"
    name = "date-weekday-mismatch"
    severity = "error"

    def check(self):
        yield from _report(self, ("weekday",))


RULES = [ImpossibleDate, MalformedDate, DateYearMismatch, DateWeekdayMismatch]


@hookimpl
def checker_rules() -> list[type[Rule]]:
    return RULES
