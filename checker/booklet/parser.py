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

from dataclasses import dataclass, replace

from checker.booklet import budget
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
    TOC,
    TOC_ENTRY,
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
from checker.booklet.profile import DEFAULT_PROFILE, Profile
from checker.booklet.text import fold_width, has_repeat_marker, normalize, normalize_title

# A plain line this long, or ending a sentence, is prose; a shorter one is a
# figure label or caption (diagram text interleaved by the extraction).
CAPTION_MAX_CHARS = 40
SENTENCE_END = ("。", "．")
# How many blank lines a budget block may span between its name and amounts.
BUDGET_MAX_BLANKS = 3
# No heading, marker or contents entry is longer than this; longer lines are
# prose and are not offered to the (user-configurable) heading patterns, which
# keeps a hostile 10 MB line from costing more than one linear scan.
MAX_STRUCTURE_CHARS = 2000
# Blank lines a wrapped contents entry may span before its leader line.
TOC_MAX_BLANKS = 8
# How far (in lines) the TOC may lie from the top of the document.
TOC_SEARCH_LINES = 80


@dataclass
class _Heading:
    kind: str
    number: str
    title: str


def parse(raw: RawDocument, profile: Profile = DEFAULT_PROFILE) -> Document:
    """Parse a reader's output into a ``Document`` (tree, TOC, ledger)."""
    return _TreeBuilder(raw, profile).build()


def parse_file(path: str, options=None) -> Document:
    from checker.reading.readers import ReadOptions, read_document

    options = options or ReadOptions()
    return parse(read_document(path, options), options.profile)


class _TreeBuilder:
    def __init__(self, raw: RawDocument, profile: Profile) -> None:
        self.raw = raw
        self.profile = profile
        self.chapter_re = profile.compiled("chapter")
        self.section_re = profile.compiled("section")
        self.item_re = profile.compiled("item")
        self.subitem_re = profile.compiled("subitem")
        self.bullet_re = profile.compiled("bullet")
        self.note_re = profile.compiled("note")
        self.budget_re = profile.compiled("budget_marker")
        self.toc_marker_re = profile.compiled("toc_marker")
        self.toc_leader_re = profile.compiled("toc_leader")
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
        self.section_chapter: dict[str, str] = {}  # section number -> chapter numeral, from the TOC
        self.expecting_topic = False
        self.page_header_chapter: Node | None = None
        self.toc_entry_context: list[tuple[str | None, str | None]] = []

    # ------------------------------------------------------------------ matching
    def match_chapter(self, text: str) -> _Heading | None:
        if len(text) > MAX_STRUCTURE_CHARS:
            return None
        match = self.chapter_re.match(text)
        if not match or self.profile.chapter_number(match["number"]) is None:
            return None
        if self.toc_leader_re.match(text):
            return None
        return _Heading(CHAPTER, match["number"], match["title"])

    def match_section(self, text: str) -> _Heading | None:
        if len(text) > MAX_STRUCTURE_CHARS:
            return None
        match = self.section_re.match(text)
        if not match or not 1 <= int(match["number"]) <= self.profile.max_section:
            return None
        title = match["title"]
        if title.endswith(SENTENCE_END) or len(title) > 60 or self.toc_leader_re.match(text):
            return None
        return _Heading(SECTION, match["number"], title)

    def is_structural(self, text: str) -> bool:
        """A line that starts something else: a heading, marker, bullet or note."""
        if len(text) > MAX_STRUCTURE_CHARS:
            return bool(self.budget_re.match(text) or self.note_re.match(text) or self.bullet_re.match(text))
        return bool(
            self.budget_re.match(text)
            or self.item_re.match(text)
            or self.subitem_re.match(text)
            or self.note_re.match(text)
            or self.bullet_re.match(text)
            or self.match_section(text)
            or self.match_chapter(text)
        )

    # --------------------------------------------------------------------- build
    def build(self) -> Document:
        lines = [line for line in self.raw.lines]
        content: list[SourceLine] = []
        for line in lines:
            if line.role == "page_number":
                self.root.children.append(Node(kind=PAGE_LABEL, lines=[line], title=line.text.strip()))
            else:
                content.append(line)
        toc_start = self.find_toc_start(content)
        body_start = 0
        if toc_start is not None:
            front = [line for line in content[:toc_start] if line.text.strip()]
            if front:
                self.root.children.insert(0, Node(kind=FRONT_MATTER, lines=front, title=front[0].text.strip()))
            body_start = self.parse_toc(content, toc_start)
        self.parse_body(content[body_start:])
        # Page labels first in the list are noise for readers: keep them, last.
        labels = [node for node in self.root.children if node.kind == PAGE_LABEL]
        others = [node for node in self.root.children if node.kind != PAGE_LABEL]
        self.root.children = others + labels
        return Document(path=self.raw.path, root=self.root, toc=self.toc_entries, ledger=self.ledger, raw=self.raw)

    # ----------------------------------------------------------------------- TOC
    def find_toc_start(self, content: list[SourceLine]) -> int | None:
        for index, line in enumerate(content[:TOC_SEARCH_LINES]):
            text = line.text.strip()
            if text and len(text) <= 120 and self.toc_marker_re.search(text):
                return index
        return None

    def parse_toc(self, content: list[SourceLine], start: int) -> int:
        """Read TOC entries from ``start``; return the index where the body begins."""
        toc = Node(kind=TOC, title=content[start].text.strip())
        self.root.children.append(toc)
        entries: list[tuple[str, list[SourceLine], str | None, str, int | None]] = []
        last_entry_end = start
        index = start
        chapter_numeral: str | None = None
        section_number: str | None = None
        pending_headings: list[SourceLine] = []  # chapter/section lines waiting for their entries
        pending_wrapped: list[SourceLine] = []  # title lines of an entry whose leader is still to come

        def flush_headings() -> None:
            nonlocal chapter_numeral, section_number
            for heading_line in pending_headings:
                chapter_numeral, section_number = self._toc_heading(heading_line, entries, chapter_numeral, section_number)
            pending_headings.clear()

        while index < len(content):
            line = content[index]
            text = line.text.strip()
            if not text:
                index += 1
                continue
            if self.toc_marker_re.search(text) and len(text) <= 120:
                # A contents page's header: what was pending belongs to the contents.
                flush_headings()
                for orphan in pending_wrapped:
                    toc.children.append(Node(kind=UNCLASSIFIED, lines=[orphan]))
                pending_wrapped.clear()
                toc.headers.append(Node(kind=RUNNING_HEADER, lines=[line], title=text))
                last_entry_end = index
                index += 1
                continue
            leader = self.toc_leader_re.match(text) if len(text) <= MAX_STRUCTURE_CHARS else None
            if leader:
                flush_headings()
                title = "".join(part.text.strip() for part in pending_wrapped) + leader["title"].strip()
                title = self.bullet_re.sub("", title, count=1).strip()
                entries.append((TOPIC, pending_wrapped + [line], None, title, int(leader["page"])))
                self.toc_entry_context.append((section_number, chapter_numeral))
                pending_wrapped = []
                last_entry_end = index
                index += 1
                continue
            if self.match_chapter(text) or self.match_section(text):
                # A heading belongs to the contents only if an entry follows it.
                if pending_wrapped:
                    break
                pending_headings.append(line)
                index += 1
                continue
            # A title line without leader: a wrapped entry, if a leader line follows soon.
            if len(pending_wrapped) >= self.profile.toc_max_wrap or not self._leader_follows(content, index):
                break
            pending_wrapped.append(line)
            index += 1
        # Headings read after the last entry are the body's first running header.
        self._finish_toc(toc, entries)
        self.section_chapter = _chapters_of_sections(self.toc_entries)
        return last_entry_end + 1

    def _leader_follows(self, content: list[SourceLine], index: int) -> bool:
        seen = blanks = 0
        for position in range(index + 1, len(content)):
            text = content[position].text.strip()
            if not text:
                blanks += 1
                if blanks > TOC_MAX_BLANKS:
                    return False
                continue
            if len(text) <= MAX_STRUCTURE_CHARS and self.toc_leader_re.match(text):
                return True
            if self.is_structural(text):  # headings included
                return False
            seen += 1
            if seen >= self.profile.toc_max_wrap:
                return False
        return False

    def _toc_heading(self, line: SourceLine, entries: list, chapter_numeral, section_number):
        chapter = self.match_chapter(line.text)
        if chapter:
            entries.append((CHAPTER, [line], chapter.number, chapter.title, None))
            self.toc_entry_context.append((None, chapter.number))
            return chapter.number, None
        section = self.match_section(line.text)
        entries.append((SECTION, [line], section.number, section.title, None))
        self.toc_entry_context.append((section.number, chapter_numeral))
        return chapter_numeral, section.number

    def _finish_toc(self, toc: Node, entries: list) -> None:
        for (level, title_lines, number, title, page), (section_number, chapter_numeral) in zip(entries, self.toc_entry_context):
            entry = TocEntry(
                level=level,
                number=number,
                title=title,
                page=page,
                lines=tuple(title_lines),
                section_number=section_number,
                chapter_number=chapter_numeral,
            )
            self.toc_entries.append(entry)
            toc.children.append(
                Node(kind=TOC_ENTRY, lines=list(title_lines), title=title, number=number, is_repeat=entry.is_repeat,
                     attrs={"level": level, "page": page, "section": section_number, "chapter": chapter_numeral})
            )

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
                end = self.collect_budget(lines, index)
                self.add_budget(lines[index:end])
                index = end
                continue
            chapter = self.match_chapter(text)
            if chapter:
                self.on_chapter(line, chapter)
                index += 1
                continue
            section = self.match_section(text)
            if section:
                self.on_section(line, section)
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
            if self.expecting_topic and short and not self.note_re.match(text) and not self.bullet_re.match(text):
                self.on_topic(line, text)
                index += 1
                continue
            self.expecting_topic = False
            self.page_header_chapter = None
            self.add_content(Node(kind=self.content_kind(text), lines=[line]))
            index += 1

    def content_kind(self, text: str) -> str:
        if self.note_re.match(text):
            return NOTE
        if self.bullet_re.match(text) and self.bullet_re.match(text).end() < len(text):
            return BULLET
        plain = text.replace("**", "")
        if len(plain) >= CAPTION_MAX_CHARS or plain.endswith(SENTENCE_END):
            return PARAGRAPH
        return CAPTION

    def on_chapter(self, line: SourceLine, heading: _Heading) -> None:
        value = self.profile.chapter_number(heading.number)
        existing = self.chapters_by_number.get(value)
        if existing is not None and existing is self.chapter:
            existing.headers.append(Node(kind=RUNNING_HEADER, lines=[line], title=heading.title, number=heading.number))
        else:
            self.open_chapter(heading.number, heading.title, [line])
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

    def on_section(self, line: SourceLine, heading: _Heading) -> None:
        if self.section is not None and _same_number(self.section.number, heading.number):
            self.section.headers.append(Node(kind=RUNNING_HEADER, lines=[line], title=heading.title, number=heading.number))
        else:
            self.open_section(line, heading)
        self.page_header_chapter = None
        self.expecting_topic = True

    def open_section(self, line: SourceLine, heading: _Heading) -> None:
        numeral = self.section_chapter.get(heading.number)
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
    def collect_budget(self, lines: list[SourceLine], start: int) -> int:
        """Index just past the last line of the budget block that starts at ``start``."""
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
            if self.is_structural(text) and not text.startswith(("(", "（")):
                break
            if self.item_re.match(text) or self.subitem_re.match(text):
                break
            if budget.is_amountish(text) or budget.SUB_PROGRAMME.match(text) or self._name_wraps_to_amount(lines, index):
                index += 1
                end = index
                continue
            break
        return end

    def _name_wraps_to_amount(self, lines: list[SourceLine], index: int) -> bool:
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
            if budget.SUB_PROGRAMME.match(following):
                continue
            return budget.starts_with_amount(following)
        return False

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
        node.attrs["block_id"] = block_id
        self.ledger.blocks.append(BudgetBlock(block_id=block_id, node=node, entries=entries, problems=problems))
        self.expecting_topic = False
        parent = self.container()
        parent.children.append(node)


def _same_number(first: str | None, second: str | None) -> bool:
    """Heading numbers compared as printed numbers: １２ and 12 are the same."""
    return first is not None and second is not None and fold_width(first) == fold_width(second)


def _chapters_of_sections(entries: list[TocEntry]) -> dict[str, str]:
    """Section number -> chapter numeral, by numbering rather than line order.

    A two-column contents page delivers its entries in column order, so a
    section may follow the wrong chapter heading in the text; a chapter instead
    starts at the section listed right after it, and runs to the next chapter's.
    """
    starts: list[tuple[int, str]] = []
    for index, entry in enumerate(entries):
        if entry.level != CHAPTER:
            continue
        following = next((e for e in entries[index + 1:] if e.level in (SECTION, CHAPTER)), None)
        if following is not None and following.level == SECTION:
            starts.append((int(following.number), entry.number))
    starts.sort()
    mapping: dict[str, str] = {}
    for entry in entries:
        if entry.level != SECTION:
            continue
        owner = [numeral for first, numeral in starts if first <= int(entry.number)]
        if owner:
            mapping[entry.number] = owner[-1]
    return mapping


def _with_place(entry, chapter, section):
    return replace(entry, chapter=chapter, section=section)
