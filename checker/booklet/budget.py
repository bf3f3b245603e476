"""The budget grammar: which lines form a `【予算】` block, and its entries.

A block is its marker line plus the lines that carry its names and amounts:
amount lines, prior-year lines, and name lines that wrap onto an amount line.
Inside a block, tokens are found in order (amount, 事項要求, prior-year bracket,
新規, 再掲) and the text between them is a programme name. Amounts are kept as
exact decimals in 億円 (兆円 converted). What the grammar cannot place is
reported as a problem of the block, never dropped.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import regex

from checker.booklet.model import BudgetEntry, SourceLine
from checker.booklet.patterns import SENTENCE_END, LinePatterns

UNIT = "億円"
UNIT_FACTORS = {"億円": Decimal(1), "億": Decimal(1), "兆円": Decimal(10000), "百万円": Decimal("0.01")}

NUMBER = r"\d[\d,，]*(?:[.．]\d+)?"
# An amount never starts inside a longer number: without the look-behind a
# long run of digits would be rescanned from every position (quadratic).
AMOUNT = regex.compile(rf"(?<![\d,，.．])(?P<number>{NUMBER})\s*(?P<unit>兆円|億円|百万円|億(?![\p{{Han}}]))(?P<part_of>\s*の内数)?")
ITEM_REQUEST = regex.compile(r"事項要求")
PRIOR_YEAR = r"(?:(?:令和|平成)?(?:元|\d{1,2})年度|前年度|前年)"
PRIOR_BRACKET = regex.compile(rf"[（(]\s*+(?P<label>{PRIOR_YEAR})\s*+[：:]?\s*+(?P<body>[^()（）]*+)[)）]")
NEW_FLAG = regex.compile(r"[【（(\[［]\s*新規\s*[】）)\]］]")
REPEAT_FLAG = regex.compile(r"[【（(\[［]\s*再掲\s*[】）)\]］]")
SUPPLEMENTARY = regex.compile(rf"(?P<label>(?:令和|平成)?(?:元|\d{{1,2}})年度\s*補正(?:予算)?)\s*(?P<amount>{NUMBER})\s*(?P<unit>兆円|億円)")
COMPONENT = regex.compile(r"(?P<component>産業投資|政府保証|財政融資)")
SUB_PROGRAMME = regex.compile(r"^\s*うち\s*")
TOKEN = regex.compile(
    "|".join(
        [
            f"(?P<prior>{PRIOR_BRACKET.pattern})",
            f"(?P<new>{NEW_FLAG.pattern})",
            f"(?P<repeat>{REPEAT_FLAG.pattern})",
            f"(?P<item_request>{ITEM_REQUEST.pattern})",
            f"(?P<amount>{AMOUNT.pattern})",
        ]
    )
)
# How many blank lines a budget block may span between its name and amounts.
BUDGET_MAX_BLANKS = 3
QUOTED_REFERENCE = regex.compile(r"^.*「(?P<name>[^「」]+)」$")
NAME_TRIM = " 　\t\n、,，:：*"


def parse_amount(number: str, unit: str) -> Decimal:
    digits = number.replace(",", "").replace("，", "").replace("．", ".")
    try:
        return Decimal(digits) * UNIT_FACTORS[unit]
    except (InvalidOperation, KeyError):
        raise ValueError(f"not an amount: {number}{unit}") from None


def is_amountish(text: str) -> bool:
    """A line that carries an amount, 事項要求 or a prior-year bracket."""
    if AMOUNT.search(text) or ITEM_REQUEST.search(text):
        return True
    return any(AMOUNT.search(match["body"]) for match in PRIOR_BRACKET.finditer(text))


def starts_with_amount(text: str) -> bool:
    stripped = text.strip().lstrip("*")
    return bool(AMOUNT.match(stripped) or ITEM_REQUEST.match(stripped) or PRIOR_BRACKET.match(stripped))


def collect_block(lines: list[SourceLine], start: int, patterns: LinePatterns) -> int:
    """Index just past the last line of the budget block whose marker is ``lines[start]``."""
    end = start + 1
    index = start + 1
    blanks = 0
    while index < len(lines):
        text = lines[index].text.strip()
        if not text:
            blanks += 1
            if blanks > BUDGET_MAX_BLANKS:
                break
            index += 1
            continue
        blanks = 0
        if patterns.is_structural(text) and not text.startswith(("(", "（")):
            break
        if patterns.item_re.match(text) or patterns.subitem_re.match(text):
            break
        if is_amountish(text) or SUB_PROGRAMME.match(text) or _name_wraps_to_amount(lines, index):
            index += 1
            end = index
            continue
        break
    return end


def _name_wraps_to_amount(lines: list[SourceLine], index: int) -> bool:
    """A name line whose amount stands on a following line (past うち lines)."""
    text = lines[index].text.strip()
    if text.endswith(SENTENCE_END) or len(text) > 120:
        return False
    blanks = 0
    for position in range(index + 1, len(lines)):
        following = lines[position].text.strip()
        if not following:
            blanks += 1
            if blanks > BUDGET_MAX_BLANKS:
                return False
            continue
        if SUB_PROGRAMME.match(following):
            continue
        return starts_with_amount(following)
    return False


@dataclass
class _Draft:
    name: str
    flags: set[str] = field(default_factory=set)
    amount: Decimal | None = None
    prior_amount: Decimal | None = None
    parent: str | None = None
    component: str | None = None
    supplementary: list[tuple[str, Decimal]] = field(default_factory=list)
    amount_text: str = ""
    prior_text: str = ""
    line_index: int = 0


# Long and branchy (125 lines, radon 33): one left-to-right scan over the block's tokens whose state
# (drafts, pending flags, carried name) every branch shares; the fuzz tests
# (tests/test_fuzz_parser.py) pin its behaviour before it is split into a class.
def parse_block(lines: list[SourceLine], marker_pattern, block_id: int) -> tuple[list[BudgetEntry], list[str]]:
    """Parse one block's lines into entries; return (entries, problems)."""
    first = lines[0].text
    marker = marker_pattern.match(first)
    marker_kind = marker["kind"] if marker else "予算"
    body_lines = [first[marker.end():] if marker else first] + [line.text for line in lines[1:]]
    text = "\n".join(line.replace("**", "") for line in body_lines)
    block_flags = {"fiscal_investment"} if "財投" in marker_kind else set()

    drafts: list[_Draft] = []
    problems: list[str] = []
    pending_flags: set[str] = set()
    buffer_start = 0
    last_programme = ""

    def take_name(buffer: str) -> tuple[str, str | None, str | None]:
        """(name, parent, component) from the text before an amount."""
        nonlocal last_programme
        segments = [segment.strip(NAME_TRIM) for segment in buffer.split("\n")]
        segments = [segment for segment in segments if segment]
        component = None
        if segments:
            # 産業投資450億円、政府保証270億円: the word before an amount may name a component.
            head, _, last_word = segments[-1].rpartition("、") if "、" in segments[-1] else ("", "", segments[-1])
            if COMPONENT.fullmatch(last_word.strip(NAME_TRIM)):
                component = last_word.strip(NAME_TRIM)
                segments[-1] = head.strip(NAME_TRIM)
                segments = [segment for segment in segments if segment]
        parent = None
        sub_index = next((i for i, segment in enumerate(segments) if SUB_PROGRAMME.match(segment)), None)
        if sub_index is not None:
            parent = "".join(segments[:sub_index]) or last_programme or None
            name = SUB_PROGRAMME.sub("", "".join(segments[sub_index:]))
        else:
            name = "".join(segments)
        if component and not name:
            name = last_programme
        if name and not component:
            last_programme = parent or name
        elif name and component:
            last_programme = name
        return name, parent, component

    line_starts = [0]  # offset in ``text`` where each block line begins
    for line in body_lines[:-1]:
        line_starts.append(line_starts[-1] + len(line.replace("**", "")) + 1)
    carried = ""  # a name interrupted by 新規/再掲 before its amount
    for match in TOKEN.finditer(text):
        buffer = carried + text[buffer_start:match.start()]
        carried = ""
        buffer_start = match.end()
        kind = match.lastgroup
        has_name = bool(buffer.strip(NAME_TRIM))
        if kind in ("amount", "item_request"):
            if not has_name and drafts and drafts[-1].amount is None and "item_request" not in drafts[-1].flags:
                draft = drafts[-1]
            else:
                name, parent, component = take_name(buffer)
                if not name:
                    problems.append(f"amount {match.group(0).strip()!r} has no programme name")
                draft = _Draft(name=name, parent=parent, component=component, flags=set(block_flags))
                if parent:
                    draft.flags.add("sub_programme")
                if component:
                    draft.flags.add("fiscal_investment")
                drafts.append(draft)
            draft.flags |= pending_flags
            pending_flags = set()
            draft.line_index = bisect.bisect_right(line_starts, match.start()) - 1
            if kind == "item_request":
                draft.flags.add("item_request")
                draft.amount_text = match.group(0)
            else:
                draft.amount = parse_amount(match["number"], match["unit"])
                draft.amount_text = match.group(0).strip()
                if match["part_of"]:
                    draft.flags.add("part_of")
        elif kind == "prior":
            if has_name:
                problems.append(f"text {buffer.strip()!r} before a prior-year bracket is not a programme")
            if not drafts:
                problems.append(f"prior-year bracket {match.group(0)!r} has no programme")
                continue
            _apply_prior(match, drafts, problems)
        else:  # 新規 or 再掲
            flag = "new" if kind == "new" else "repeat"
            if has_name or not drafts:
                # 事業名（再掲） 1.0億円: the flag marks the name still being read.
                pending_flags.add(flag)
                carried = buffer
            else:
                drafts[-1].flags.add(flag)
    text_after = (carried + text[buffer_start:]).strip(NAME_TRIM + "等")
    if text_after:
        problems.append(f"text after the last amount is not understood: {text_after!r}")
    if not drafts:
        problems.append("no amount, 事項要求 or programme found in the budget block")
    for draft in drafts:
        if draft.amount is None and "item_request" not in draft.flags:
            problems.append(f"programme {draft.name!r} has no amount")
    for draft in drafts:
        quoted = QUOTED_REFERENCE.match(draft.name)
        if quoted and "part_of" in draft.flags:
            # 「X」 9.7億円の内数: the amount is programme X's, the words around it are prose.
            draft.name = quoted["name"]
    shared_lines = tuple(lines)  # one tuple for all entries of the block, not a copy each
    entries = [
        BudgetEntry(
            name=draft.name,
            amount=draft.amount,
            prior_amount=draft.prior_amount,
            unit=UNIT,
            flags=frozenset(draft.flags),
            lines=shared_lines,
            parent=draft.parent,
            component=draft.component,
            supplementary=tuple(draft.supplementary),
            block_id=block_id,
            amount_text=draft.amount_text,
            prior_text=draft.prior_text,
            amount_line_index=draft.line_index,
        )
        for draft in drafts
    ]
    return entries, problems


def _apply_prior(match, drafts: list[_Draft], problems: list[str]) -> None:
    body = match["body"]
    components = list(COMPONENT.finditer(body))
    if components:
        # （元年度：産業投資267億円、政府保証85億円）: one prior per component.
        for component_match in components:
            amount_match = AMOUNT.search(body, component_match.end())
            target = next((d for d in reversed(drafts) if d.component == component_match["component"]), None)
            if amount_match is None or target is None:
                problems.append(f"prior-year {component_match['component']} in {match.group(0)!r} has no matching programme")
                continue
            target.prior_amount = parse_amount(amount_match["number"], amount_match["unit"])
            target.prior_text = f"{component_match['component']}{amount_match.group(0)}"
        return
    draft = drafts[-1]
    draft.prior_text = match.group(0)
    for supplementary in SUPPLEMENTARY.finditer(body):
        draft.supplementary.append((supplementary["label"], parse_amount(supplementary["amount"], supplementary["unit"])))
        draft.flags.add("supplementary")
    main_body = SUPPLEMENTARY.sub("", body)
    amount_match = AMOUNT.search(main_body)
    if amount_match:
        draft.prior_amount = parse_amount(amount_match["number"], amount_match["unit"])
        if amount_match["part_of"]:
            draft.flags.add("prior_part_of")
    elif ITEM_REQUEST.search(main_body):
        draft.flags.add("prior_item_request")
    else:
        problems.append(f"prior-year bracket {match.group(0)!r} has no amount")
