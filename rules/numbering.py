"""Numbering rules (NUM): item, sub-item, chapter, section and contents numbers.

Scope of a sequence, found on the 2020 booklet: items ``(1)…`` are numbered
per page topic (the topic node, which the parser merges across continuation
pages), so a new topic starts again at (1). Some sections instead number their
items through several topics (section 11: (1)(2) on one topic, (3)(4) on the
next; section 19: (1), then (2)); a topic whose first item continues the
previous topic of the same section is therefore accepted. Sub-items
``(a)…`` are numbered per item and always start again at (a).

An item repeated at the top of a continuation page (same number, same title)
is the same item: the parser keeps it as a running header of the item, and a
non-adjacent repeat with the same title is treated the same way. The same
number with a different title is a real duplicate.

How a number is valued and printed ((3), (c), III) is the booklet profile's
(``Document.profile``): a booklet numbered differently is configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.analysis.headings import is_continuation_variant
from checker.i18n import kind_term, msg
from checker.hookspecs import hookimpl
from checker.booklet.model import CHAPTER, ITEM, SECTION, SUBITEM, TOPIC, Node, TocEntry
from checker.booklet.profile import Profile
from checker.lint.rule import Option, Rule
from checker.booklet.text import normalize, normalize_title

KIND_LABEL = {kind: kind_term(kind) for kind in (ITEM, SUBITEM, CHAPTER, SECTION)}


def _shown(node: Node, profile: Profile) -> str:
    return f"{profile.printed_number(node.kind, profile.number_value(node.kind, node.number) or 0)} {node.title}".strip()


@dataclass
class NumberedRun:
    """The item or sub-item nodes of one scope, in document order."""

    scope: Node
    kind: str
    nodes: list[Node]
    continues_from: int | None = None  # last number of the previous scope, if this run continues it


def numbered_runs(root: Node, profile: Profile, allow_continued: bool = True) -> list[NumberedRun]:
    """Every item and sub-item sequence of the tree, one per scope and kind."""
    runs: list[NumberedRun] = []

    def visit(node: Node) -> None:
        if not node.children:
            return  # most nodes are leaves
        for kind in (ITEM, SUBITEM):
            members = [child for child in node.children if child.kind == kind]
            if members:
                runs.append(NumberedRun(node, kind, members))
        for child in node.children:
            visit(child)

    visit(root)
    if allow_continued:
        _mark_continuations(root, runs, profile)
    return runs


def _shared_runs(rule: Rule, allow_continued: bool = True) -> list[NumberedRun]:
    """``numbered_runs`` of the rule's document, made once for the NUM rules (which only read them)."""
    document = rule.document
    return rule.analysis.shared(("numbered-runs", allow_continued),
                                lambda: numbered_runs(document.root, document.profile, allow_continued))


def _mark_continuations(root: Node, runs: list[NumberedRun], profile: Profile) -> None:
    """A topic's items may continue the numbering of the topic before it in the
    same section (the booklet does so in some sections)."""
    by_scope = {(id(run.scope), run.kind): run for run in runs}
    for parent in root.walk():
        if not parent.children:
            continue  # a leaf: most nodes
        topics = [child for child in parent.children if child.kind == TOPIC]
        for before, after in zip(topics, topics[1:]):
            first = by_scope.get((id(after), ITEM))
            last = by_scope.get((id(before), ITEM))
            if first is None or last is None:
                continue
            last_value = max((profile.number_value(ITEM, node.number) or 0) for node in last.nodes)
            if profile.number_value(ITEM, first.nodes[0].number) == last_value + 1:
                first.continues_from = last_value


def _same_title(one: Node, other: Node) -> bool:
    return normalize_title(one.title) == normalize_title(other.title)


class DuplicateItemNumber(Rule):
    """What it does:
    Reports an item `(n)` or sub-item `(x)` whose number was already used in
    the same scope (items: the page topic; sub-items: the item) by an item
    with a different title. An item repeated with the same number and the
    same title at the top of a continuation page is the same item and is not
    reported.

    Why is this bad?
    Two different items with one number make every reference to "(1)"
    ambiguous and usually mean that a page was inserted or moved without
    renumbering.

    Example:
    In the topic 「行政手続に関する一連の業務プロセスをデジタルで行うための仕組みの整備」,
    `(1) 地方公共団体のオンライン利用の推進` is followed on the next page by
    `(1) デジタル・ガバメントの実現を支えるBPRの推進`.
    """

    code = "NUM001"
    name = "duplicate-item-number"
    severity = "error"
    options = {
        "continuation-similarity": Option(
            80.0,
            "title similarity (0–100) from which a repeated number is a continuation page with a mistyped header (HDR003), not a duplicate",
        )
    }

    def check(self):
        # Numbers are valued and printed as the booklet's profile says (Roman chapters by default).
        number_value, printed = self.document.profile.number_value, self.document.profile.printed_number
        for run in _shared_runs(self):
            seen: dict[int, Node] = {}
            for node in run.nodes:
                value = number_value(run.kind, node.number)
                if value is None:
                    continue
                earlier = seen.get(value)
                if earlier is None:
                    seen[value] = node
                    continue
                if _same_title(earlier, node):
                    continue  # a continuation page repeating the same item
                if is_continuation_variant(earlier, node, self.config["continuation-similarity"]):
                    continue  # the same item with a mistyped header: HDR003
                label = KIND_LABEL[run.kind]
                yield self.draft(
                    msg("{kind} number {number} is used twice in 「{scope}」: 「{first}」 and 「{second}」",
                        kind=label, number=printed(run.kind, value), scope=run.scope.label(), first=earlier.title, second=node.title),
                    self.at_node(node),
                    related=(self.at_node(earlier),),
                    excerpt=node.first_line.text.strip() if node.first_line else node.title,
                    key=f"{run.kind}:{normalize(run.scope.label())}:{value}:{normalize_title(node.title)}",
                )


class ItemNumberOutOfSequence(Rule):
    """What it does:
    Checks that the items `(1) (2) (3)…` and sub-items `(a) (b) (c)…` of one
    scope follow each other without a gap and without going backwards.
    Repeats of an item on a continuation page, and duplicates (reported by
    NUM001), are not counted again.

    Why is this bad?
    A missing number makes the reader look for an item that is not there;
    a number going backwards shows that items were reordered without
    renumbering.

    Example:
    `(1) 医療・介護…` and `(2) 4K・8K放送の推進` are followed by
    `(4) 衛星放送用受信環境整備事業`: (3) is missing.
    """

    code = "NUM002"
    name = "item-number-out-of-sequence"
    severity = "warning"

    def check(self):
        # Numbers are valued and printed as the booklet's profile says (Roman chapters by default).
        number_value, printed = self.document.profile.number_value, self.document.profile.printed_number
        for run in _shared_runs(self):
            seen: set[int] = set()
            previous: Node | None = None
            previous_value: int | None = None
            for node in run.nodes:
                value = number_value(run.kind, node.number)
                if value is None:
                    continue
                if value in seen:
                    continue  # a continuation or a duplicate (NUM001)
                seen.add(value)
                if previous is not None and value != previous_value + 1:
                    label = KIND_LABEL[run.kind]
                    if value > previous_value + 1:
                        missing = ", ".join(printed(run.kind, v) for v in range(previous_value + 1, value))
                        message = msg("{kind} {number} follows {previous}: {missing} missing in 「{scope}」", kind=label,
                                      number=printed(run.kind, value), previous=printed(run.kind, previous_value),
                                      scope=run.scope.label(), missing=missing)
                    else:
                        message = msg("{kind} {number} follows {previous}: numbers go backwards in 「{scope}」", kind=label,
                                      number=printed(run.kind, value), previous=printed(run.kind, previous_value),
                                      scope=run.scope.label())
                    yield self.draft(
                        message,
                        self.at_node(node),
                        related=(self.at_node(previous),),
                        excerpt=node.first_line.text.strip() if node.first_line else node.title,
                        key=f"{run.kind}:{normalize(run.scope.label())}:{previous_value}->{value}",
                    )
                previous, previous_value = node, value


class ItemNumberingNotFromFirst(Rule):
    """What it does:
    Reports a scope whose first item is not `(1)`, or whose first sub-item
    is not `(a)`. A topic whose items continue the numbering of the topic
    just before it in the same section is accepted (option
    `allow-continued-numbering`).

    Why is this bad?
    A list that starts at (2) has lost its first item, or was copied from
    another page without renumbering.

    Example:
    The topic 「スマートシティの推進」 starts with
    `(2) データ利活用型スマートシティの推進`.
    """

    code = "NUM003"
    name = "item-numbering-not-from-first"
    severity = "warning"
    options = {
        "allow-continued-numbering": Option(
            True, "accept a topic whose first item continues the numbering of the previous topic in its section"
        )
    }

    def check(self):
        # Numbers are valued and printed as the booklet's profile says (Roman chapters by default).
        number_value, printed = self.document.profile.number_value, self.document.profile.printed_number
        for run in _shared_runs(self, self.config["allow-continued-numbering"]):
            first = run.nodes[0]
            value = number_value(run.kind, first.number)
            if value is None or value == 1 or run.continues_from is not None:
                continue
            label = KIND_LABEL[run.kind]
            yield self.draft(
                msg("the {kind} numbers of 「{scope}」 start at {first}, not {one}", kind=label, scope=run.scope.label(),
                    first=printed(run.kind, value), one=printed(run.kind, 1)),
                self.at_node(first),
                related=(self.at_node(run.scope),) if run.scope.first_line else (),
                excerpt=first.first_line.text.strip() if first.first_line else first.title,
                key=f"{run.kind}:{normalize(run.scope.label())}:{value}",
            )


class HeadingNumberOutOfSequence(Rule):
    """What it does:
    Checks the chapter numbers (I, II, III…) and section numbers (1, 2, 3…)
    of the body in reading order: the first is 1, each next one is one more
    (section numbers run through the whole booklet), and no number is used
    by two different headings.

    Why is this bad?
    Section numbers are how the booklet is cited ("II 8"); a gap or a repeat
    means a section was dropped, duplicated or mislabelled on its pages.

    Example:
    Section `6 豊かなライフスタイルに資する生活支援` is followed by
    `8 デジタル・ガバメントによる行政の高度化・効率化`: section 7 is missing.
    A heading line whose number is a slip (`7 海外展開・国際的な政策連携`
    where the contents and the other pages give 5) is reported once, at that
    line; the sections after it are not reported again.
    """

    code = "NUM004"
    name = "heading-number-out-of-sequence"
    severity = "error"

    def check(self):
        # Headings read from a contents page alone are the contents' numbers: NUM005 checks them.
        headings = [node for node in self.document.root.walk() if not node.attrs.get("from_contents")]
        yield from self._printed_slips(headings)
        chapters = [node for node in headings if node.kind == CHAPTER]
        yield from self._check_sequence(CHAPTER, chapters)
        if self.document.profile.section_scope == "chapter":
            # Sections numbered again from 1 in every chapter: one sequence per chapter.
            for chapter in chapters:
                sections = [node for node in chapter.walk() if node.kind == SECTION]
                yield from self._check_sequence(SECTION, sections, scope=f"{chapter.number}:")
            return
        yield from self._check_sequence(SECTION, [node for node in headings if node.kind == SECTION])

    def _printed_slips(self, headings: list[Node]):
        """Heading lines whose printed number is not the one the contents and title give.

        The parser knows such a line by its contents entry (``attrs.printed_number``
        keeps what was printed), so the sequence checked below holds and the slip
        is one finding at its line (the first one, when every page of the
        section prints the same wrong number).
        """
        for node in headings:
            if node.kind not in (CHAPTER, SECTION):
                continue
            reported: set[str] = set()
            for copy in [node, *node.headers]:
                printed = copy.attrs.get("printed_number")
                if printed is None or copy.first_line is None or printed in reported:
                    continue  # one slip printed on every page of the section is one finding, at its first page
                reported.add(printed)
                yield self.draft(
                    msg("{kind} 「{title}」 is numbered {number} in the contents, but this heading prints {printed}",
                        kind=KIND_LABEL[node.kind], title=node.title, number=node.number, printed=printed),
                    self.at_line(copy.first_line),
                    related=(self._where(node),) if copy is not node else (),
                    excerpt=copy.first_line.text.strip(),
                    key=f"printed:{node.kind}:{node.number}:{printed}",
                )

    def _check_sequence(self, kind: str, nodes: list[Node], scope: str = ""):
        # Numbers are valued and printed as the booklet's profile says (Roman chapters by default).
        number_value, printed = self.document.profile.number_value, self.document.profile.printed_number
        label = KIND_LABEL[kind]
        seen: dict[int, Node] = {}
        previous_value = 0
        previous: Node | None = None
        for node in nodes:
            value = number_value(kind, node.number)
            if value is None:
                continue
            where = self._where(node)
            if value in seen:
                yield self.draft(
                    msg("{kind} number {number} is used again: 「{first}」 and 「{second}」", kind=label, number=printed(kind, value),
                        first=_shown(seen[value], self.document.profile), second=_shown(node, self.document.profile)),
                    where,
                    related=(self._where(seen[value]),),
                    excerpt=node.first_line.text.strip() if node.first_line else node.label(),
                    key=f"dup:{scope}{kind}:{value}:{normalize(node.title)}",
                )
                continue
            seen[value] = node
            if value != previous_value + 1:
                if previous is None:
                    message = msg("the first {kind} is {number}, not {one}", kind=label, number=printed(kind, value), one=printed(kind, 1))
                elif value > previous_value + 1:
                    missing = ", ".join(printed(kind, v) for v in range(previous_value + 1, value))
                    message = msg("{kind} {number} follows {previous}: {missing} missing", kind=label,
                                  number=printed(kind, value), previous=printed(kind, previous_value), missing=missing)
                else:
                    message = msg("{kind} {number} follows {previous}: numbers go backwards", kind=label,
                                  number=printed(kind, value), previous=printed(kind, previous_value))
                yield self.draft(
                    message,
                    where,
                    related=(self._where(previous),) if previous is not None else (),
                    excerpt=node.first_line.text.strip() if node.first_line else node.label(),
                    key=f"seq:{scope}{kind}:{previous_value}->{value}",
                )
            previous_value, previous = max(previous_value, value), node

    def _where(self, node: Node):
        """A chapter without a heading line in the body is placed at its first section."""
        while node is not None and not node.lines:
            node = next((child for child in node.children if child.lines), None)
        return self.at_node(node) if node is not None else self.at_line(None)


class TocNumberOutOfSequence(Rule):
    """What it does:
    Checks the chapter and section numbers listed in the table of contents:
    each number appears once, they start at 1 (I) and none is skipped. The
    order of the entries is not checked, because a two-column contents page
    delivers its entries column by column.

    Why is this bad?
    A contents page that lists section 12 twice, or no section 7, sends the
    reader to the wrong place and hides a section.

    Example:
    The contents list `11 地方の一般財源総額の確保等` and then
    `13 東日本大震災等からの復興…` but no section 12 anywhere.
    """

    code = "NUM005"
    name = "toc-number-out-of-sequence"
    severity = "warning"

    def check(self):
        yield from self._check_entries(CHAPTER, [entry for entry in self.document.toc if entry.level == CHAPTER])
        sections = [entry for entry in self.document.toc if entry.level == SECTION]
        if self.document.profile.section_scope == "chapter":
            # Sections numbered again in every chapter: the entries listed under each chapter.
            by_chapter: dict[str | None, list[TocEntry]] = {}
            for entry in sections:
                by_chapter.setdefault(entry.chapter_number, []).append(entry)
            for chapter, entries in by_chapter.items():
                yield from self._check_entries(SECTION, entries, scope=f"{chapter}:")
            return
        yield from self._check_entries(SECTION, sections)

    def _check_entries(self, kind: str, entries: list[TocEntry], scope: str = ""):
        # Numbers are valued and printed as the booklet's profile says (Roman chapters by default).
        number_value, printed = self.document.profile.number_value, self.document.profile.printed_number
        if not entries:
            return
        label = KIND_LABEL[kind]
        first_seen: dict[int, TocEntry] = {}
        for entry in entries:
            value = number_value(kind, entry.number)
            if value is None:
                continue
            if value in first_seen:
                yield self.draft(
                    msg("the contents list {kind} {number} twice: 「{first}」 and 「{second}」", kind=label,
                        number=printed(kind, value), first=first_seen[value].title, second=entry.title),
                    self.at_line(entry.lines[0]),
                    related=(self.at_line(first_seen[value].lines[0]),),
                    excerpt=entry.lines[0].text.strip(),
                    key=f"dup:{scope}{kind}:{value}:{normalize(entry.title)}",
                )
                continue
            first_seen[value] = entry
        if not first_seen:
            return
        highest = max(first_seen)
        missing = [value for value in range(1, highest + 1) if value not in first_seen]
        if missing:
            # Reported at the entry listed after the first gap in number order.
            after = min(value for value in first_seen if value > missing[0])
            entry = first_seen[after]
            yield self.draft(
                msg("the contents list no {kind} {missing} (numbers run up to {highest})", kind=label,
                    missing=", ".join(printed(kind, value) for value in missing), highest=printed(kind, highest)),
                self.at_line(entry.lines[0]),
                excerpt=entry.lines[0].text.strip(),
                key=f"gap:{scope}{kind}:{','.join(map(str, missing))}",
            )


RULES = [DuplicateItemNumber, ItemNumberOutOfSequence, ItemNumberingNotFromFirst, HeadingNumberOutOfSequence, TocNumberOutOfSequence]


@hookimpl
def checker_rules() -> list[type[Rule]]:
    return RULES
