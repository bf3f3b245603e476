"""Read a booklet's table of contents (目次) into entries and a contents node.

The contents run from the 目次 marker line to the last entry: leader lines
(``title …… page``), possibly wrapped over several title lines, and the
chapter and section headings they are listed under. What follows the last
entry is the body.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.booklet.model import CHAPTER, RUNNING_HEADER, SECTION, TOC, TOC_ENTRY, TOPIC, UNCLASSIFIED, Node, SourceLine, TocEntry
from checker.booklet.patterns import MAX_STRUCTURE_CHARS, LinePatterns
from checker.booklet.profile import Profile
from checker.booklet.text import normalize_title

# Blank lines a wrapped contents entry may span before its leader line.
TOC_MAX_BLANKS = 8
# How far (in lines) the TOC may lie from the top of the document.
TOC_SEARCH_LINES = 80


@dataclass
class Contents:
    """What the contents reader found: the node, its entries, where the body starts."""

    node: Node
    entries: list[TocEntry]
    body_start: int  # index (into the content lines) of the body's first line
    section_chapter: dict[str, str] = field(default_factory=dict)  # section number -> chapter numeral


def find_toc_start(content: list[SourceLine], patterns: LinePatterns) -> int | None:
    for index, line in enumerate(content[:TOC_SEARCH_LINES]):
        text = line.text.strip()
        if text and len(text) <= 120 and patterns.toc_marker_re.search(text):
            return index
    return None


def read_contents(content: list[SourceLine], start: int, patterns: LinePatterns) -> Contents:
    """Read TOC entries from ``start``; the result says where the body begins."""
    return _ContentsReader(content, patterns).read(start)


# One entry as read, before it becomes a TocEntry: level, lines, number, title, page.
_RawEntry = tuple[str, list[SourceLine], str | None, str, int | None]


class _ContentsReader:
    def __init__(self, content: list[SourceLine], patterns: LinePatterns) -> None:
        self.content = content
        self.patterns = patterns
        self.entries: list[_RawEntry] = []
        # (section number, chapter numeral) each entry is listed under, in step with ``entries``.
        self.entry_context: list[tuple[str | None, str | None]] = []
        self.chapter_numeral: str | None = None
        self.section_number: str | None = None
        self.pending_headings: list[SourceLine] = []  # chapter/section lines waiting for their entries

    def read(self, start: int) -> Contents:
        patterns, content = self.patterns, self.content
        toc = Node(kind=TOC, title=content[start].text.strip())
        last_entry_end = start
        index = start
        pending_wrapped: list[SourceLine] = []  # title lines of an entry whose leader is still to come
        while index < len(content):
            line = content[index]
            text = line.text.strip()
            if not text:
                index += 1
                continue
            if patterns.toc_marker_re.search(text) and len(text) <= 120:
                # A contents page's header: what was pending belongs to the contents.
                self.flush_headings()
                for orphan in pending_wrapped:
                    toc.children.append(Node(kind=UNCLASSIFIED, lines=[orphan]))
                pending_wrapped.clear()
                toc.headers.append(Node(kind=RUNNING_HEADER, lines=[line], title=text))
                last_entry_end = index
                index += 1
                continue
            leader = patterns.toc_leader_re.match(text) if len(text) <= MAX_STRUCTURE_CHARS else None
            if leader:
                self.flush_headings()
                title = "".join(part.text.strip() for part in pending_wrapped) + leader["title"].strip()
                title = patterns.bullet_re.sub("", title, count=1).strip()
                self.entries.append((TOPIC, pending_wrapped + [line], None, title, int(leader["page"])))
                self.entry_context.append((self.section_number, self.chapter_numeral))
                pending_wrapped = []
                last_entry_end = index
                index += 1
                continue
            if patterns.match_chapter(text) or patterns.match_section(text):
                # A heading belongs to the contents only if an entry follows it.
                if pending_wrapped:
                    break
                self.pending_headings.append(line)
                index += 1
                continue
            # A title line without leader: a wrapped entry, if a leader line follows soon.
            if len(pending_wrapped) >= patterns.profile.toc_max_wrap or not self.leader_follows(index):
                break
            pending_wrapped.append(line)
            index += 1
        # Headings read after the last entry are the body's first running header.
        entries = self.finish(toc)
        return Contents(node=toc, entries=entries, body_start=last_entry_end + 1, section_chapter=chapters_of_sections(entries, patterns.profile))

    def flush_headings(self) -> None:
        for heading_line in self.pending_headings:
            self.add_heading(heading_line)
        self.pending_headings.clear()

    def leader_follows(self, index: int) -> bool:
        seen = blanks = 0
        for position in range(index + 1, len(self.content)):
            text = self.content[position].text.strip()
            if not text:
                blanks += 1
                if blanks > TOC_MAX_BLANKS:
                    return False
                continue
            if len(text) <= MAX_STRUCTURE_CHARS and self.patterns.toc_leader_re.match(text):
                return True
            if self.patterns.is_structural(text):  # headings included
                return False
            seen += 1
            if seen >= self.patterns.profile.toc_max_wrap:
                return False
        return False

    def add_heading(self, line: SourceLine) -> None:
        chapter = self.patterns.match_chapter(line.text)
        if chapter:
            self.entries.append((CHAPTER, [line], chapter.number, chapter.title, None))
            self.entry_context.append((None, chapter.number))
            self.chapter_numeral, self.section_number = chapter.number, None
            return
        section = self.patterns.match_section(line.text)
        self.entries.append((SECTION, [line], section.number, section.title, None))
        self.entry_context.append((section.number, self.chapter_numeral))
        self.section_number = section.number

    def finish(self, toc: Node) -> list[TocEntry]:
        entries: list[TocEntry] = []
        for (level, title_lines, number, title, page), (section_number, chapter_numeral) in zip(self.entries, self.entry_context):
            entry = TocEntry(
                level=level,
                number=number,
                title=title,
                page=page,
                lines=tuple(title_lines),
                section_number=section_number,
                chapter_number=chapter_numeral,
            )
            entries.append(entry)
            toc.children.append(
                Node(kind=TOC_ENTRY, lines=list(title_lines), title=title, number=number, is_repeat=entry.is_repeat,
                     attrs={"level": level, "page": page, "section": section_number, "chapter": chapter_numeral})
            )
        return entries


def title_key(title: str) -> str:
    """How a section restarting its numbering in each chapter is looked up: by title."""
    return "title:" + normalize_title(title)


def chapters_of_sections(entries: list[TocEntry], profile: Profile) -> dict[str, str]:
    """Section number -> chapter numeral, by numbering rather than line order.

    A two-column contents page delivers its entries in column order, so a
    section may follow the wrong chapter heading in the text; a chapter instead
    starts at the section listed right after it, and runs to the next chapter's.
    Sections numbered again in every chapter name no chapter by their number:
    they are found by title (``title_key``), under the chapter listed above them.
    """
    if profile.section_scope != "document":
        return {title_key(entry.title): entry.chapter_number for entry in entries if entry.level == SECTION and entry.chapter_number}

    def value(entry: TocEntry) -> int:
        return profile.number_value(SECTION, entry.number) or 0

    starts: list[tuple[int, str]] = []
    for index, entry in enumerate(entries):
        if entry.level != CHAPTER:
            continue
        following = next((e for e in entries[index + 1:] if e.level in (SECTION, CHAPTER)), None)
        if following is not None and following.level == SECTION:
            starts.append((value(following), entry.number))
    starts.sort()
    mapping: dict[str, str] = {}
    for entry in entries:
        if entry.level != SECTION:
            continue
        owner = [numeral for first, numeral in starts if first <= value(entry)]
        if owner:
            mapping[entry.number] = owner[-1]
    return mapping
