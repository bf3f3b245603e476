"""Repeat rules (REP): every 再掲 copy against the original it repeats.

The pairing and the comparison are shared analysis
(``checker.analysis.repeats``), computed once per document; each rule here
reports one kind of the differences found there.
"""

from __future__ import annotations

from checker.analysis.repeats import DEFAULT_TITLE_THRESHOLD
from checker.i18n import N_, kind_term, msg
from checker.hookspecs import hookimpl
from checker.lint.rule import Option, Rule


# ------------------------------------------------------------------ rules
THRESHOLD_OPTION = Option(DEFAULT_TITLE_THRESHOLD, "similarity (0–100) at or above which a differently titled heading or programme is taken as a repeat's original")
MAX_DIFFERENCES_OPTION = Option(10, "differences reported per repeated heading before the rest are summed up in one finding")


class _RepeatRule(Rule):
    needs_body = True
    kind = ""
    options = {"title-threshold": THRESHOLD_OPTION, "max-differences": MAX_DIFFERENCES_OPTION}

    def check(self):
        comparer = self.analysis.repeat_differences(self.config["title-threshold"], self.config["max-differences"])
        for difference in comparer.differences:
            if difference.kind != self.kind:
                continue
            yield self.draft(
                difference.message,
                difference.location,
                related=difference.related,
                excerpt=difference.excerpt,
                expected=difference.expected,
                key=difference.key,
            )


class RepeatWithoutOriginal(_RepeatRule):
    """What it does:
    Reports a repeat that has no original: a topic, item or sub-item titled
    （再掲） (or an unmarked heading inside such a topic), or a budget line
    marked 再掲, for which no unmarked heading or budget line has the same
    normalised title, nor one similar enough (``title-threshold``). A marked
    topic is looked for among topics; an item among items and sub-items, first
    inside the original of the topic it stands in, then anywhere.

    Why is this bad?
    A repeat promises that the reader has seen this text elsewhere. When the
    original was renamed beyond recognition or removed, the copy is stale or
    orphaned, and nobody will update it with the original.

    Example:
    `(2) 地域の防災力強化（再掲）` in section 15, while no page of the booklet
    has an unmarked item of that title.
    """

    code = "REP001"
    name = "repeat-without-original"
    severity = "error"
    kind = "no_original"


class RepeatTitleChanged(_RepeatRule):
    """What it does:
    Reports a repeat whose title (or a repeated budget line whose programme
    name) is not the same as its original's, but similar enough that the
    original was identified by similarity (rapidfuzz ratio at or above
    ``title-threshold``). The differing characters are marked.

    Why is this bad?
    A repeat is a copy: readers and search rely on the same title leading to
    the same programme. A title changed in one place only is usually an edit
    that did not reach the other copy.

    Example:
    Original budget line `降灰が消防活動や危険物施設に与える影響評価 0.2億円`;
    repeat `火山噴火に伴う降灰が消防活動や危険物施設に与える影響評価（再掲）
    0.2億円`.
    """

    code = "REP002"
    name = "repeat-title-changed"
    severity = "warning"
    kind = "title"


class RepeatTextChanged(_RepeatRule):
    """What it does:
    Compares the prose (paragraphs, bullets and notes) of each repeated topic,
    item or sub-item with its original's, after normalisation (bullets, line
    wrapping, white space and bracket widths do not count), and reports each
    difference with both locations and the differing characters marked.

    Why is this bad?
    The repeat is meant to say exactly what the original says. A sentence
    edited in one place only makes the booklet contradict itself, and the
    reader cannot tell which version is meant.

    Example:
    Original: `産学金官の連携により…`; repeat: `産学官の連携により…`.
    """

    code = "REP003"
    name = "repeat-text-changed"
    severity = "warning"
    kind = "text"


class RepeatFigureTextChanged(_RepeatRule):
    """What it does:
    Compares the figure text (short caption and diagram lines without a
    sentence end) of each repeated heading with its original's, as a set of
    lines, and reports captions that differ, that the repeat leaves out, or
    that it adds.

    Why is this bad?
    A repeated page whose figure was cut down or relabelled no longer shows
    what the original shows. This is a lesser finding than changed prose: a
    repeat often reprints a figure smaller, with fewer labels, on purpose.

    Example:
    The original figure of 「自治体行政スマートプロジェクト」 has the labels
    `学習データが少なく、AIの質が低い` and two more; the repeat's figure lacks
    them.
    """

    code = "REP004"
    name = "repeat-figure-text-changed"
    severity = "info"
    kind = "caption"


class RepeatBudgetChanged(_RepeatRule):
    """What it does:
    Compares every budget line of a repeat with the matching line (same
    programme name, else a similar one) of its original: amount, prior-year
    amount, supplementary figures and the 新規, 事項要求 and の内数 marks; and
    reports programmes the repeat lists that the original does not, or leaves
    out.

    Why is this bad?
    A repeated amount that differs from the original's is a wrong figure in a
    budget document, and the reader has no way to tell which one is right.

    Example:
    Original: `地域経済循環創造事業交付金 14.5億円（元年度 10.0億円）`;
    repeat: `地域経済循環創造事業交付金 15.5億円（元年度 10.0億円）`.
    """

    code = "REP005"
    name = "repeat-budget-changed"
    severity = "error"
    kind = "budget"


RULES = [RepeatWithoutOriginal, RepeatTitleChanged, RepeatTextChanged, RepeatFigureTextChanged, RepeatBudgetChanged]


@hookimpl
def checker_rules() -> list[type[Rule]]:
    return RULES
