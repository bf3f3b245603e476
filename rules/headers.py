"""Running-header rules (HDR): every page of a chapter, section or topic
repeats its title, and all the copies must agree.

The parser opens a chapter or section node at its first heading line and keeps
later heading lines with the same number as the node's ``headers``. A topic
(or item) header that differs from the page before opens a new node instead,
so a differing continuation header shows up as two neighbouring nodes with
nearly the same title. Titles are compared in ``normalize`` form, so a
difference of width alone (（ and (, Ⅲ and III, ／ and /) is never a finding.
"""

from __future__ import annotations

from collections import Counter

from rapidfuzz import fuzz

from checker.analysis.headings import DEFAULT_SIMILARITY, is_continuation_variant, reference_form, title_copies
from checker.hookspecs import hookimpl
from checker.i18n import kind_term, msg
from checker.booklet.model import CHAPTER, ITEM, SECTION, SUBITEM, TOPIC, Node
from checker.lint.rule import Option, Rule
from checker.booklet.text import marked_difference, normalize, normalize_title



class RunningHeaderMismatch(Rule):
    """What it does:
    Compares every copy of a chapter or section title — the heading, the
    running header of each later page, and the contents entry — and reports
    each page whose copy differs from the form most copies share (on a tie,
    the contents decide), marking the differing characters. Differences of
    character width or spacing alone are not reported. A contents entry that
    is the odd one out is left to TOC002.

    Why is this bad?
    The running header tells the reader where they are; one page whose
    header says something else looks like a page from another booklet, and
    it is a slip a proofreader is expected to catch.

    Example:
    Chapter IV is headed `IV 防災・減災／復旧・復興` on two pages and in the
    contents, but `IV 防災・減災、復旧・復興` on another.
    """

    code = "HDR001"
    needs_body = True
    name = "running-header-mismatch"
    severity = "warning"

    def check(self):
        for node in self.document.root.walk():
            if node.kind not in (CHAPTER, SECTION):
                continue
            copies = title_copies(self.analysis.toc_matches(), node)
            if len(copies) < 2:
                continue
            reference = reference_form(copies)
            model = next(copy for copy in copies if copy.form == reference)
            for copy in copies:
                if copy.in_contents or copy.form == reference:
                    continue
                yield self.draft(
                    msg("{kind} 「{number}」 title on this page differs from its other pages", kind=kind_term(node.kind), number=node.number or ""),
                    self.at_line(copy.line),
                    related=(self.at_line(model.line),),
                    excerpt=copy.title,
                    expected=model.title,
                    key=f"{node.kind}:{node.number}:{copy.form}",
                )


class TopicHeaderMismatch(Rule):
    """What it does:
    Reports a page topic whose header differs only slightly from the topic
    next to it in the same section (similarity at least `similarity`, but
    not the same after width folding): a continuation page whose topic
    header was mistyped, which the parser therefore reads as a new topic.
    Of neighbouring pages that name one topic, the form most pages print is
    taken as right and each page printing another form is reported. A 再掲
    marker present on one page and missing on the next counts too.

    Why is this bad?
    The topic header names the policy on every page of it; a variant on one
    page reads as a separate policy, breaks the link to its contents entry
    and is a visible proofreading slip.

    Example:
    The first page of a topic is headed
    `量子暗号、ネットワーク高度化、AI・自然言語処理等の技術開発・標準化`, the next
    page `量子暗号、ネットワーク高度化、AI・自然言語処理の技術開発・標準化`.
    """

    code = "HDR002"
    needs_body = True
    name = "topic-header-mismatch"
    severity = "warning"
    options = {"similarity": Option(DEFAULT_SIMILARITY, "similarity (0–100) from which two neighbouring topic titles are one topic")}

    def check(self):
        threshold = self.config["similarity"]
        for parent in self.document.root.walk():
            if not parent.children:
                continue  # a leaf: most nodes
            topics = [child for child in parent.children if child.kind == TOPIC]
            for cluster in _similar_runs(topics, threshold):
                # Each page votes for its node's form; the odd ones out are reported.
                votes = Counter()
                for node in cluster:
                    votes[normalize(node.title)] += 1 + len(node.headers)
                top = max(votes.values())
                reference = next(normalize(node.title) for node in cluster if votes[normalize(node.title)] == top)
                model = next(node for node in cluster if normalize(node.title) == reference)
                for node in cluster:
                    if normalize(node.title) == reference:
                        continue
                    yield self.draft(
                        msg("topic header differs from its other pages"),
                        self.at_node(node),
                        related=(self.at_node(model),),
                        excerpt=node.title,
                        expected=model.title,
                        key=f"topic:{normalize(model.title)}:{normalize(node.title)}",
                    )


def _similar_runs(nodes: list[Node], threshold: float) -> list[list[Node]]:
    """Runs of neighbouring nodes whose titles are nearly the same, with at
    least two different forms."""
    runs: list[list[Node]] = []
    current: list[Node] = []
    for node in nodes:
        if current and fuzz.ratio(normalize_title(current[-1].title), normalize_title(node.title)) >= threshold:
            current.append(node)
            continue
        if len({normalize(member.title) for member in current}) > 1:
            runs.append(current)
        current = [node]
    if len({normalize(member.title) for member in current}) > 1:
        runs.append(current)
    return runs


class ContinuedItemHeaderMismatch(Rule):
    """What it does:
    Reports an item `(n)` or sub-item `(x)` repeated at the top of a
    continuation page with the same number but a slightly different title
    (similarity at least `similarity`, not the same after width folding).

    Why is this bad?
    The repeated item header tells the reader the page continues the item;
    a variant title makes it look like a new item with a duplicate number.

    Example:
    `(2) 消防の広域化の推進等消防防災体制の充実強化` on one page and
    `(2) 消防の広域化の推進等消防防災体制の充実` on the next.
    """

    code = "HDR003"
    needs_body = True
    name = "continued-item-header-mismatch"
    severity = "warning"
    options = {"similarity": Option(DEFAULT_SIMILARITY, "similarity (0–100) from which two items with one number are one item")}

    def check(self):
        threshold = self.config["similarity"]
        for parent in self.document.root.walk():
            if not parent.children:
                continue  # a leaf: most nodes
            for kind in (ITEM, SUBITEM):
                members = [child for child in parent.children if child.kind == kind]
                for index, node in enumerate(members):
                    earlier = next((m for m in members[:index] if m.number == node.number), None)
                    if earlier is None or (normalize_title(earlier.title) == normalize_title(node.title) and earlier.is_repeat == node.is_repeat):
                        continue
                    if not is_continuation_variant(earlier, node, threshold):
                        continue
                    yield self.draft(
                        msg("repeated {kind} header differs from the page before", kind=kind_term(kind)),
                        self.at_node(node),
                        related=(self.at_node(earlier),),
                        excerpt=node.title,
                        expected=earlier.title,
                        key=f"{kind}:{node.number}:{normalize(earlier.title)}:{normalize(node.title)}",
                    )


RULES = [RunningHeaderMismatch, TopicHeaderMismatch, ContinuedItemHeaderMismatch]


@hookimpl
def checker_rules() -> list[type[Rule]]:
    return RULES
