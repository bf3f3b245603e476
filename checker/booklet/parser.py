"""Build the document tree and budget ledger from a reader's lines.

The booklet is read top to bottom once. A page begins with its running header
(chapter line, section line, page topic); the first time a chapter, section or
topic appears it opens a node, later appearances are kept as that node's
running headers (rules compare them). An item repeated at the top of a
continuation page (same number, same title) continues the same node.

Nothing is lost: every non-blank line lands in exactly one node, and a line
the recogniser cannot place becomes an ``unclassified`` node.
"""

from __future__ import annotations

from dataclasses import replace

from checker.booklet import budget
from checker.booklet.contents import find_toc_start, read_contents, title_key
from checker.booklet.layout_roles import ContentsAuthority, Verdict, layout_roles
from checker.booklet.model import (
    BUDGET,
    BULLET,
    CAPTION,
    CHAPTER,
    DOCUMENT,
    FRONT_MATTER,
    ITEM,
    NOTE,
    PAGE_LABEL,
    PARAGRAPH,
    RUNNING_HEADER,
    SECTION,
    SUBITEM,
    TOPIC,
    UNCLASSIFIED,
    BudgetBlock,
    Document,
    Ledger,
    Node,
    RawDocument,
    SourceLine,
    TocEntry,
)
from checker.booklet.lines import assemble_lines
from checker.booklet.numbering_detection import detect_profile
from checker.booklet.paragraphs import attach_paragraphs
from checker.booklet.patterns import MAX_STRUCTURE_CHARS, SENTENCE_END, Heading, LinePatterns
from checker.booklet.profile import DEFAULT_PROFILE, Profile
from checker.booklet.text import fold_width, has_repeat_marker, normalize, normalize_title

# A plain line this long, or ending a sentence, is prose; a shorter one is a
# figure label or caption (diagram text interleaved by the extraction).
CAPTION_MAX_CHARS = 40


def parse(raw: RawDocument, profile: Profile | None = None) -> Document:
    """Parse a reader's output into a ``Document`` (tree, TOC, ledger).

    A layout reader's physical lines are first joined into the booklet's lines
    (``checker.booklet.lines``); a text reader's pass through unchanged.
    Without a profile the numbering styles are detected from the document
    (``numbering_detection``); a given profile (configuration) is used as is.
    """
    if profile is None:
        assembled = assemble_lines(raw, DEFAULT_PROFILE)
        detected = detect_profile(assembled.lines, DEFAULT_PROFILE)
        if detected is not DEFAULT_PROFILE:
            # Joining wrapped lines asks whether the next line starts a heading:
            # ask again in the document's own numbering.
            assembled = assemble_lines(raw, detected)
        document = _TreeBuilder(assembled, detected).build()
        document.profile_source = "detected"
        return document
    document = _TreeBuilder(assemble_lines(raw, profile), profile).build()
    document.profile_source = "configured"
    return document


# How far ahead a title bar is looked for when a short line would take the page topic.
TITLE_BAR_LOOKAHEAD = 3


class _TreeBuilder:
    """Builds the body tree; the contents and budget blocks are read by their own modules."""

    def __init__(self, raw: RawDocument, profile: Profile) -> None:
        self.raw = raw
        self.profile = profile
        self.patterns = LinePatterns(profile)
        self.item_re = self.patterns.item_re
        self.subitem_re = self.patterns.subitem_re
        self.bullet_re = self.patterns.bullet_re
        self.note_re = self.patterns.note_re
        self.budget_re = self.patterns.budget_re
        # A number alone (a contents page's page number, a footer) names no page topic.
        self.page_number_re = profile.compiled("page_number")
        self.root = Node(kind=DOCUMENT, title=raw.path)
        self.toc_entries: list[TocEntry] = []
        self.ledger = Ledger()
        # Current position in the tree.
        self.chapter: Node | None = None
        self.section: Node | None = None
        self.topic: Node | None = None
        self.item: Node | None = None
        self.subitem: Node | None = None
        self.chapters_by_number: dict[int, Node] = {}
        self.section_chapter: dict[str, str] = {}  # section number (or title_key) -> chapter numeral, from the TOC
        self.expecting_topic = False
        self.page_header_chapter: Node | None = None
        # Layout and contents decide which heading-like lines are headings (layout_roles).
        self.roles = layout_roles(raw.lines)
        # What a chapter line in the body interrupted: (section, topic, item, subitem).
        self.interrupted: tuple | None = None
        self.authority = ContentsAuthority([], profile, self.roles)

    # --------------------------------------------------------------------- build
    def build(self) -> Document:
        content: list[SourceLine] = []
        for line in self.raw.lines:
            if line.role == "page_number":
                self.root.children.append(Node(kind=PAGE_LABEL, lines=[line], title=line.text.strip()))
            else:
                content.append(line)
        toc_start = find_toc_start(content, self.patterns)
        body_start = 0
        if toc_start is not None:
            front = [line for line in content[:toc_start] if line.text.strip()]
            if front:
                self.root.children.insert(0, Node(kind=FRONT_MATTER, lines=front, title=front[0].text.strip()))
            contents = read_contents(content, toc_start, self.patterns)
            self.root.children.append(contents.node)
            self.toc_entries = contents.entries
            self.section_chapter = contents.section_chapter
            body_start = contents.body_start
            self.authority = ContentsAuthority(self.toc_entries, self.profile, self.roles)
        self.parse_body(content[body_start:])
        if self.toc_entries and not any(node.kind in (CHAPTER, SECTION, TOPIC, ITEM) for node in self.root.walk()):
            self.outline_from_contents()
        # Page labels and running headers first in the list are noise for readers: keep them, last.
        labels = [node for node in self.root.children if node.kind in (PAGE_LABEL, RUNNING_HEADER)]
        others = [node for node in self.root.children if node.kind not in (PAGE_LABEL, RUNNING_HEADER)]
        self.root.children = others + labels
        attach_paragraphs(self.root)
        return Document(path=self.raw.path, root=self.root, toc=self.toc_entries, ledger=self.ledger, raw=self.raw, profile=self.profile)

    def outline_from_contents(self) -> None:
        """A contents page alone: its entries become the heading tree (no body).

        The entries keep their lines in the contents node; the headings carry
        ``attrs.from_contents`` and the line of their entry.
        """
        chapter = section = None
        for entry in self.toc_entries:
            node = Node(kind=entry.level, title=entry.title, number=entry.number, is_repeat=entry.is_repeat,
                        attrs={"from_contents": True, "line": entry.lines[0].number})
            if entry.level == CHAPTER:
                self.root.children.append(node)
                chapter, section = node, None
            elif entry.level == SECTION:
                (chapter or self.root).children.append(node)
                section = node
            else:
                (section or chapter or self.root).children.append(node)

    # ---------------------------------------------------------------------- body
    def container(self) -> Node:
        return self.subitem or self.item or self.topic or self.section or self.root

    def add_content(self, node: Node) -> None:
        parent = self.container()
        if parent is self.root:
            node.kind = UNCLASSIFIED if node.kind != BUDGET else node.kind
        parent.children.append(node)

    def parse_body(self, lines: list[SourceLine]) -> None:
        index = 0
        while index < len(lines):
            line = lines[index]
            text = line.text.strip()
            if not text:
                index += 1
                continue
            if self.budget_re.match(text):
                end = budget.collect_block(lines, index, self.patterns)
                self.add_budget(lines[index:end])
                index = end
                continue
            if self.on_heading_candidate(line, text):
                index += 1
                continue
            if line.number in self.roles.running:
                # A running header that names no chapter or section (a document
                # title, a chapter name): kept, never taken for a topic or text.
                self.root.children.append(Node(kind=RUNNING_HEADER, lines=[line], title=text))
                index += 1
                continue
            short = len(text) <= MAX_STRUCTURE_CHARS
            item = self.item_re.match(text) if short else None
            self.page_header_chapter = None
            if item:
                self.on_item(line, ITEM, item["number"], item["title"])
                index += 1
                continue
            subitem = self.subitem_re.match(text) if short else None
            if subitem:
                self.on_item(line, SUBITEM, subitem["number"], subitem["title"])
                index += 1
                continue
            if self.expecting_topic and short and not self.note_re.match(text) and not self.bullet_re.match(text) and not self.page_number_re.match(text):
                if self.title_bar_follows(lines, index):
                    # A label drawn before the page's title bar (「施策の概要」 over the title):
                    # the title bar is the topic; the label stays on the page as a caption.
                    self.add_content(Node(kind=CAPTION, lines=[line]))
                    index += 1
                    continue
                self.on_topic(line, text)
                index += 1
                continue
            if short and self.names_a_listed_topic(line, text):
                self.on_topic(line, text)
                index += 1
                continue
            self.expecting_topic = False
            self.page_header_chapter = None
            self.add_content(Node(kind=self.content_kind(text), lines=[line]))
            index += 1

    def names_a_listed_topic(self, line: SourceLine, text: str) -> bool:
        """A title bar whose text is a topic the contents list under the current section:
        the page's topic, though no section line came before it (a section's later
        pages need not repeat it). Without contents, or for any other title, nothing
        is assumed."""
        if line.number not in self.roles.titles or self.section is None or not self.toc_entries:
            return False
        key = normalize_title(text)
        return any(entry.level == TOPIC and normalize_title(entry.title) == key
                   and (entry.section_number is None or _same_number(entry.section_number, self.section.number))
                   for entry in self.toc_entries)

    def title_bar_follows(self, lines: list[SourceLine], index: int) -> bool:
        """Whether ``lines[index]``, itself no title bar, is followed on its page by a title
        bar before any other text of the page: the page's topic is then that title bar."""
        line = lines[index]
        if line.number in self.roles.titles or line.page_index is None:
            return False
        for later in lines[index + 1:index + 1 + TITLE_BAR_LOOKAHEAD]:
            if later.page_index != line.page_index:
                return False
            if later.text.strip():
                return later.number in self.roles.titles
        return False

    def content_kind(self, text: str) -> str:
        if self.note_re.match(text):
            return NOTE
        if self.bullet_re.match(text) and self.bullet_re.match(text).end() < len(text):
            return BULLET
        plain = text.replace("**", "")
        if len(plain) >= CAPTION_MAX_CHARS or plain.endswith(SENTENCE_END):
            return PARAGRAPH
        return CAPTION

    def on_heading_candidate(self, line: SourceLine, text: str) -> bool:
        """A line the chapter or section pattern matches, if layout and contents accept it.

        A candidate they refuse (a list line or diagram label starting with a
        number) is left to the caller as body text.
        """
        for heading, current in ((self.patterns.match_chapter(text), self.chapter), (self.patterns.match_section(text), self.section)):
            if heading is None:
                continue
            verdict = self.authority.judge(heading, line, current.number if current is not None else None)
            if verdict is None:
                continue
            known = Heading(heading.kind, verdict.number, heading.title)
            if heading.kind == CHAPTER:
                self.on_chapter(line, known, verdict)
            else:
                self.on_section(line, known, verdict)
            return True
        return False

    def on_chapter(self, line: SourceLine, heading: Heading, verdict: Verdict | None = None) -> None:
        value = self.profile.chapter_number(heading.number)
        existing = self.chapters_by_number.get(value)
        if existing is not None and existing is self.chapter:
            existing.headers.append(_printed(Node(kind=RUNNING_HEADER, lines=[line], title=heading.title, number=heading.number), verdict))
        else:
            interrupted = (self.section, self.topic, self.item, self.subitem)
            _printed(self.open_chapter(heading.number, heading.title, [line]), verdict)
            self.interrupted = interrupted
        self.page_header_chapter = self.chapter
        self.expecting_topic = False

    def open_chapter(self, numeral: str, title: str, lines: list[SourceLine]) -> Node:
        chapter = Node(kind=CHAPTER, lines=lines, title=title, number=numeral)
        if not lines:
            chapter.attrs["implicit"] = True  # no heading in the body; named by the TOC
        self.root.children.append(chapter)
        value = self.profile.chapter_number(numeral)
        if value is not None:
            self.chapters_by_number[value] = chapter
        self.chapter, self.section, self.topic, self.item, self.subitem = chapter, None, None, None, None
        return chapter

    def on_section(self, line: SourceLine, heading: Heading, verdict: Verdict | None = None) -> None:
        self.resume_interrupted_section(heading)
        if self.section is not None and _same_number(self.section.number, heading.number):
            self.section.headers.append(_printed(Node(kind=RUNNING_HEADER, lines=[line], title=heading.title, number=heading.number), verdict))
        else:
            self.open_section(line, heading)
            _printed(self.section, verdict)
        self.page_header_chapter = None
        self.expecting_topic = True

    def resume_interrupted_section(self, heading: Heading) -> None:
        """A chapter line that heads a page in the middle of a section opens no new section.

        Without contents to say which chapter a section is in, the first page
        header naming the chapter may stand on a later page of the section;
        when the section line under it repeats the section just left (number
        and title), that section (with its topic and items) moves into the
        chapter and goes on.
        """
        interrupted, self.interrupted = self.interrupted, None
        if interrupted is None or self.page_header_chapter is not self.chapter or self.section is not None:
            return
        section, topic, item, subitem = interrupted
        if section is None or not _same_number(section.number, heading.number) or normalize_title(section.title) != normalize_title(heading.title):
            return  # a new section (numbered again from 1 in each chapter, or another title)
        for node in self.root.walk():  # by identity: nodes compare equal by value
            node.children = [child for child in node.children if child is not section]
        self.chapter.children.append(section)
        self.section, self.topic, self.item, self.subitem = section, topic, item, subitem

    def open_section(self, line: SourceLine, heading: Heading) -> None:
        numeral = self.section_chapter.get(heading.number) or self.section_chapter.get(title_key(heading.title))
        value = self.profile.chapter_number(numeral) if numeral else None
        if self.page_header_chapter is None and value is not None and (
            self.chapter is None or self.profile.chapter_number(self.chapter.number or "") != value
        ):
            # The body has no chapter heading here; the TOC says which chapter it is.
            existing = self.chapters_by_number.get(value)
            if existing is not None:
                self.chapter = existing
            else:
                toc_chapter = next((e for e in self.toc_entries if e.level == CHAPTER and e.number == numeral), None)
                self.open_chapter(numeral, toc_chapter.title if toc_chapter else "", [])
        section = Node(kind=SECTION, lines=[line], title=heading.title, number=heading.number)
        (self.chapter or self.root).children.append(section)
        self.section, self.topic, self.item, self.subitem = section, None, None, None

    def on_topic(self, line: SourceLine, text: str) -> None:
        self.expecting_topic = False
        if self.topic is not None and normalize(text) == normalize(self.topic.title):
            self.topic.headers.append(Node(kind=RUNNING_HEADER, lines=[line], title=text))
            return
        topic = Node(kind=TOPIC, lines=[line], title=text, is_repeat=has_repeat_marker(text))
        (self.section or self.root).children.append(topic)
        self.topic, self.item, self.subitem = topic, None, None

    def on_item(self, line: SourceLine, kind: str, number: str, title: str) -> None:
        self.expecting_topic = False
        current = self.item if kind == ITEM else self.subitem
        if current is not None and _same_number(current.number, number) and normalize_title(title) == normalize_title(current.title) and current.is_repeat == has_repeat_marker(title):
            current.headers.append(Node(kind=RUNNING_HEADER, lines=[line], title=title, number=number))
            return
        node = Node(kind=kind, lines=[line], title=title, number=number, is_repeat=has_repeat_marker(title))
        if kind == ITEM:
            (self.topic or self.section or self.root).children.append(node)
            self.item, self.subitem = node, None
        else:
            (self.item or self.topic or self.section or self.root).children.append(node)
            self.subitem = node

    # -------------------------------------------------------------------- budget
    def add_budget(self, block_lines: list[SourceLine]) -> None:
        non_blank = [line for line in block_lines if line.text.strip()]
        block_id = len(self.ledger.blocks) + 1
        node = Node(kind=BUDGET, lines=non_blank, title=non_blank[0].text.strip())
        entries, problems = budget.parse_block(non_blank, self.budget_re, block_id)
        chapter = self.chapter.number if self.chapter else None
        section = self.section.number if self.section else None
        entries = [_with_place(entry, chapter, section) for entry in entries]
        if any(heading is not None and heading.is_repeat for heading in (self.topic, self.item, self.subitem)):
            # Under a 再掲 heading every budget line is a reprint, marked or not:
            # counting it again would double the section's totals.
            entries = [replace(entry, flags=entry.flags | {"repeat"}) for entry in entries]
            node.attrs["under_repeat"] = True
        node.is_repeat = any("repeat" in entry.flags for entry in entries) or has_repeat_marker(node.text)
        node.block_id = block_id
        self.ledger.blocks.append(BudgetBlock(block_id=block_id, node=node, entries=entries, problems=problems))
        self.expecting_topic = False
        parent = self.container()
        parent.children.append(node)


def _printed(node: Node, verdict: Verdict | None) -> Node:
    """Keep the number a heading line printed when the contents know it by another (NUM004 reports it)."""
    if verdict is not None and verdict.printed_number is not None:
        node.attrs["printed_number"] = verdict.printed_number
    return node


def _same_number(first: str | None, second: str | None) -> bool:
    """Heading numbers compared as printed numbers: １２ and 12 are the same."""
    return first is not None and second is not None and fold_width(first) == fold_width(second)


def _with_place(entry, chapter, section):
    return replace(entry, chapter=chapter, section=section)
