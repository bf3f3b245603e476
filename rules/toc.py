"""Table-of-contents rules (TOC): the contents page against the headings.

Each TOC entry is matched once to the heading it names (shared analysis,
``checker.analysis.contents``); the rules compare what was matched.
"""

from __future__ import annotations

from checker.analysis.contents import DEFAULT_TITLE_THRESHOLD
from checker.analysis.headings import first_of_variants, neighbouring_variants, reference_form, title_copies
from checker.booklet.model import CHAPTER, SECTION, TOPIC, Node, TocEntry, page_of
from checker.booklet.text import marked_difference, normalize
from checker.hookspecs import hookimpl
from checker.i18n import kind_term, msg
from checker.lint.rule import Option, Rule


def _entry_label(entry: TocEntry) -> str:
    number = f"{entry.number} " if entry.number else ""
    return f"{number}{entry.title}"


def _heading_page(node: Node) -> int | None:
    """Page where a heading starts: the printed number, or the physical page
    when the pages carry no printed numbers (text with form feeds only). A
    chapter without a heading line starts where its first section does."""
    while node is not None and not node.lines:
        node = next((child for child in node.children if child.kind == SECTION), None)
    if node is None or node.first_line is None:
        return None
    return page_of(node.first_line)


class TocPageMismatch(Rule):
    """What it does:
    Compares each table-of-contents entry's page number with the printed page
    number of the page where the heading it names (chapter, section or topic)
    starts.

    Why is this bad?
    A reader who turns to the page the contents give and finds another topic
    stops trusting the booklet. Page numbers go stale whenever pages are
    added or moved late in editing.

    Example:
    The contents say `- 4K・8K放送の推進…………… 43` but the topic
    「4K・8K放送の推進」 begins on the page printed 44. A topic begins on the
    first of its pages, also when that page's header has a slip (HDR002).
    The rule needs page information: a PDF, or text with form feeds.
    """

    code = "TOC001"
    needs_body = True
    name = "toc-page-mismatch"
    severity = "error"
    needs_pages = True

    def check(self):
        siblings = {id(child): [other for other in parent.children if other.kind == TOPIC]
                    for parent in self.document.root.walk() for child in parent.children if child.kind == TOPIC}
        for match in self.analysis.toc_matches():
            entry = match.entry
            if match.node is None or entry.page is None:
                continue
            actual = _heading_page(first_of_variants(match.node, siblings.get(id(match.node), [])))
            if actual is None or actual == entry.page:
                continue
            yield self.draft(
                msg("contents give page {listed} for 「{entry}」, but its heading starts on page {actual}", listed=entry.page, entry=_entry_label(entry), actual=actual),
                self.at_line(entry.lines[-1]),
                related=(self.at_node(match.node),),
                excerpt=entry.lines[-1].text.strip(),
                key=f"{entry.level}:{normalize(entry.title)}",
            )


class TocTitleMismatch(Rule):
    """What it does:
    Compares each table-of-contents title with the heading it points to,
    after folding character widths (（ and (, Ⅲ and III) and white space,
    and reports the characters that differ.

    Why is this bad?
    A contents title that says something else than the page it leads to
    (超えた in the contents, 越えた on the page) is a proofreading slip the
    reader sees at once, and it breaks search and cross-references.
    When the contents agree with the form most copies of a chapter or
    section title share (its heading line, running headers and contents
    entry; on a tie, the contents decide), the heading line is the odd one
    out and HDR001 reports it there instead: one slip, one finding.

    Example:
    Contents: `11 地方の一般財源総額の確保等`; section heading:
    `11 安定的な地方税財政基盤の確保`.
    """

    code = "TOC002"
    needs_body = True
    name = "toc-title-mismatch"
    severity = "warning"
    options = {"threshold": Option(DEFAULT_TITLE_THRESHOLD, "similarity (0–100) below which a title names no heading")}

    def check(self):
        matches = self.analysis.toc_matches(self.config["threshold"])
        for match in matches:
            if match.node is None or match.how == "part":
                continue
            entry, node = match.entry, match.node
            if normalize(entry.title) == normalize(node.title):
                continue
            if node.kind in (CHAPTER, SECTION) and normalize(entry.title) == reference_form(title_copies(matches, node)):
                continue  # the contents agree with the other copies: the heading line is the slip (HDR001)
            yield self.draft(
                msg("contents title differs from the {kind} heading", kind=kind_term(node.kind)),
                self.at_line(entry.lines[0]),
                related=(self.at_node(node),),
                excerpt=entry.title,
                expected=node.title,
                key=f"{entry.level}:{normalize(entry.title)}:{normalize(node.title)}",
            )


class TocEntryWithoutHeading(Rule):
    """What it does:
    Reports a table-of-contents entry that names no chapter, section or topic
    heading in the body (no heading with that number, or no topic title
    similar enough).

    Why is this bad?
    The contents promise a page that does not exist: a topic was removed or
    merged and the contents were not updated.

    Example:
    The contents list `- 郵便局の利便性の向上…… 101` but no page has that
    topic.
    """

    code = "TOC003"
    needs_body = True
    name = "toc-entry-without-heading"
    severity = "error"
    options = {"threshold": Option(DEFAULT_TITLE_THRESHOLD, "similarity (0–100) below which a title names no heading")}

    def check(self):
        for match in self.analysis.toc_matches(self.config["threshold"]):
            if match.node is not None:
                continue
            entry = match.entry
            yield self.draft(
                msg("contents entry 「{entry}」 names no {kind} heading in the body", entry=_entry_label(entry), kind=kind_term(entry.level)),
                self.at_line(entry.lines[0]),
                excerpt=entry.title,
                key=f"{entry.level}:{normalize(entry.title)}",
            )


class HeadingWithoutTocEntry(Rule):
    """What it does:
    Reports a section or page-topic heading in the body that no
    table-of-contents entry points to.

    Why is this bad?
    A topic missing from the contents cannot be found by a reader who starts
    from the contents, which is how these booklets are read.

    Example:
    The body has a page 「避難所等の公衆無線LAN環境整備」 in section 15 but the
    contents of section 15 do not list it. A page whose topic header nearly
    repeats the listed topic beside it is that topic's page with a slip in
    its header: HDR002 reports it, not this rule.
    """

    code = "TOC004"
    needs_body = True
    name = "heading-without-toc-entry"
    severity = "warning"
    options = {"threshold": Option(DEFAULT_TITLE_THRESHOLD, "similarity (0–100) below which a title names no heading")}

    def check(self):
        if not self.document.toc:
            return
        matched = {id(match.node) for match in self.analysis.toc_matches(self.config["threshold"]) if match.node is not None}
        for parent in self.document.root.walk():
            if not parent.children:
                continue  # a leaf: most nodes
            topics = [child for child in parent.children if child.kind == TOPIC]
            # A continuation page whose topic header has a slip is its topic's page (HDR002 reports it).
            matched |= {id(node) for node in topics if id(node) not in matched and any(id(other) in matched for other in neighbouring_variants(node, topics))}
        for node in self.document.root.walk():
            if node.kind in (SECTION, TOPIC) and id(node) not in matched:
                yield self.draft(
                    msg("{kind} heading 「{heading}」 has no entry in the table of contents", kind=kind_term(node.kind), heading=node.label()),
                    self.at_node(node),
                    excerpt=node.first_line.text.strip() if node.first_line else node.title,
                    key=f"{node.kind}:{normalize(node.label())}",
                )


class TocPageOrder(Rule):
    """What it does:
    Checks that table-of-contents page numbers never go backwards in document
    order: sections in their numbered order, and the entries of a section in
    the order the contents list them. The order in which a two-column contents
    page delivers its lines is not document order and is not checked.

    Why is this bad?
    A page number lower than the one before it is a typo (14 for 41) or a
    sign that entries were moved without renumbering.

    Example:
    In section 4: `…技術開発・標準化…… 20`, then `多言語翻訳の普及推進…… 16`.
    """

    code = "TOC005"
    name = "toc-page-order"
    severity = "error"

    def check(self):
        by_section: dict[tuple[int, int], list[TocEntry]] = {}
        for entry in self.document.toc:
            key = self.document.profile.section_key(entry.section_number, entry.chapter_number)
            if entry.level == TOPIC and entry.page is not None and key is not None:
                by_section.setdefault(key, []).append(entry)
        previous: TocEntry | None = None
        for number in sorted(by_section):
            for entry in by_section[number]:
                if previous is not None and entry.page < previous.page:
                    yield self.draft(
                        msg("contents page {page} of 「{title}」 comes after page {previous_page} of 「{previous_title}」", page=entry.page, title=entry.title, previous_page=previous.page, previous_title=previous.title),
                        self.at_line(entry.lines[-1]),
                        related=(self.at_line(previous.lines[-1]),),
                        excerpt=entry.lines[-1].text.strip(),
                        key=f"{normalize(entry.title)}:{normalize(previous.title)}",
                    )
                previous = entry


RULES = [TocPageMismatch, TocTitleMismatch, TocEntryWithoutHeading, HeadingWithoutTocEntry, TocPageOrder]


@hookimpl
def checker_rules() -> list[type[Rule]]:
    return RULES
