"""Structure from layout and contents (issue 10): which heading-like lines are headings.

Faults are injected by script (fixtures/tools/variants_structure.py) into the
published text and its paged form; the PDFs are drawn with reportlab
(tests/structure_samples.py). A numbered body line or diagram label never
becomes a section; a heading line with a slip stays the section and gives
exactly one finding at that line; running headers are recognised by place and
recurrence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from rulecheck import all_builtin_rules, document_from_text, variant_registry

import structure_samples
from checker.api import parse_file
from checker.booklet.layout_roles import ContentsAuthority, LayoutRoles, layout_roles
from checker.booklet.model import CAPTION, CHAPTER, RUNNING_HEADER, SECTION, TOPIC, SourceLine, TocEntry
from checker.booklet.patterns import Heading
from checker.booklet.profile import DEFAULT_PROFILE
from checker.lint.engine import run_rules

BASES = ("text", "paged")
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _variant(name: str, base: str) -> tuple[str, str]:
    """(clean text, variant text) of a registered variant on the given base text."""
    clean = variant_registry.base_text(base)
    return clean, variant_registry.VARIANTS[name].transform(clean)


def _sections(document) -> list[tuple[str, str]]:
    return [(node.number, node.title) for node in document.root.walk() if node.kind == SECTION]


def _new_findings(clean_text: str, changed_text: str):
    """Every rule's findings on the changed text that the clean text does not have."""
    rules = all_builtin_rules()
    before = {finding.fingerprint for finding in run_rules([document_from_text(clean_text, "booklet.txt")], rules)[0]}
    changed = document_from_text(changed_text, "booklet.txt")
    return changed, [finding for finding in run_rules([changed], rules)[0] if finding.fingerprint not in before]


def _line_of(text: str, wanted: str) -> int:
    """1-based number of the line that differs from the clean text and holds ``wanted``."""
    return next(number for number, line in enumerate(text.split("\n"), start=1) if line.strip() == wanted)


@pytest.mark.parametrize("base", BASES)
def test_numbered_body_lines_are_no_sections(base):
    clean, changed = _variant("structure-numbered-body-lines", base)
    document, new = _new_findings(clean, changed)
    assert _sections(document) == _sections(document_from_text(clean))
    assert len(_sections(document)) == 20
    assert new == [], [(f.rule, f.location.line, f.message) for f in new]
    inserted = {"3 自治体の取組を支援する体制", "12 通信インフラ"}
    holders = [node for node in document.root.walk() if any(line.text.strip() in inserted for line in node.lines)]
    assert len(holders) == 2 and all(node.kind == CAPTION for node in holders)


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize(
    ("name", "rule", "slipped"),
    [
        ("structure-section-title-slip", "HDR001", "5 海外展開・国際的政策連携"),
        ("structure-topic-title-slip", "HDR002", "量子暗号、ネットワーク高度化、AI・自然言語処理の技術開発・標準化"),
    ],
)
def test_title_slip_gives_one_finding_at_its_line(base, name, rule, slipped):
    clean, changed = _variant(name, base)
    document, new = _new_findings(clean, changed)
    assert [(f.rule, f.location.line) for f in new] == [(rule, _line_of(changed, slipped))]
    assert [number for number, _ in _sections(document)] == [number for number, _ in _sections(document_from_text(clean))]


@pytest.mark.parametrize("base", BASES)
def test_section_number_slip_gives_one_finding_and_keeps_the_sections(base):
    clean, changed = _variant("structure-section-number-slip", base)
    document, new = _new_findings(clean, changed)
    assert [(f.rule, f.location.line) for f in new] == [("NUM004", _line_of(changed, "7 海外展開・国際的な政策連携"))]
    assert "prints 7" in new[0].message
    assert _sections(document) == _sections(document_from_text(clean))


def test_without_contents_the_text_is_read_from_its_patterns():
    """No contents: every section heading of the published text is still a section."""
    text = variant_registry.base_text("text")
    lines = text.split("\n")
    start = next(index for index, line in enumerate(lines) if "目次" in line)
    body = next(index for index, line in enumerate(lines) if index > start + 100 and line == "1 地方への新しい人の流れの創出")
    document = document_from_text("\n".join(lines[:start] + lines[body:]))
    assert not document.toc
    assert [number for number, _ in _sections(document)] == [str(value) for value in range(1, 21)]


# PDFs: layout decides ----------------------------------------------------------


@pytest.fixture(scope="module", params=[True, False], ids=["contents", "no-contents"])
def sample(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("structure") / "booklet.pdf"
    structure_samples.booklet(path, contents=request.param)
    return parse_file(str(path))


def test_diagram_labels_in_a_panel_are_no_sections(sample):
    """Labels at body size in the middle of a page (one even numbered as the next section) stay text."""
    sections = [(node.number, node.title) for node in sample.root.walk() if node.kind == SECTION]
    assert sections == [("1", "地域の活性化"), ("2", "地域経済の活性化"), ("3", "防災の強化")]
    labels = {label for page in structure_samples.PAGES for label in page.labels}
    holders = [node for node in sample.root.walk() if any(line.text.strip() in labels for line in node.lines)]
    assert len(holders) == len(labels) and all(node.kind == CAPTION for node in holders)


def test_running_chapter_names_are_running_headers_not_text(sample):
    names = {page.chapter_name for page in structure_samples.PAGES}
    holders = [node for node in sample.root.walk() if any(line.text.strip() in names for line in node.lines)]
    assert len(holders) == len(structure_samples.PAGES)
    assert all(node.kind == RUNNING_HEADER for node in holders)
    topics = [node.title for node in sample.root.walk() if node.kind == TOPIC]
    assert topics == ["地域おこしの推進", "関係人口の創出", "地域経済の循環", "消防力の強化"]


def test_a_running_header_is_read_once_per_distinct_text(sample):
    """The chapter name printed on every page is one text unit per wording, so a
    slip in it is one finding, not one per page; a copy that differs is read too."""
    from checker.analysis.text_units import text_units

    names = Counter(page.chapter_name for page in structure_samples.PAGES)
    assert max(names.values()) > 1  # the sample repeats them, or this proves nothing
    read = Counter(unit.text.strip() for unit in text_units(sample) if unit.text.strip() in names)
    assert read == Counter(set(names))


def test_running_headers_and_title_bars_by_place_and_size(sample):
    roles = layout_roles(sample.raw.lines)
    by_number = {line.number: line.text for line in sample.raw.lines}
    assert roles.body_size == structure_samples.BODY_SIZE
    assert sorted(by_number[number] for number in roles.running) == sorted(page.chapter_name for page in structure_samples.PAGES)
    topics = {page.topic for page in structure_samples.PAGES}
    assert topics <= {by_number[number] for number in roles.titles}


def test_a_small_label_over_the_title_bar_takes_neither_the_topic_nor_the_section_line(tmp_path):
    """The page topic is the title bar, not a short label drawn before it; and a line in
    another size is no wrapped continuation of the section line above it."""
    plain_path, labelled_path = tmp_path / "plain.pdf", tmp_path / "labelled.pdf"
    structure_samples.booklet(plain_path)
    structure_samples.booklet(labelled_path, pages=tuple(replace(page, over_title="施策の概要") for page in structure_samples.PAGES))
    plain, labelled = parse_file(str(plain_path)), parse_file(str(labelled_path))

    def headings(document):
        return [(node.kind, node.number, node.title) for node in document.root.walk() if node.kind in (SECTION, TOPIC)]

    assert headings(labelled) == headings(plain)
    assert {title for kind, _number, title in headings(plain) if kind == TOPIC} == {page.topic for page in structure_samples.PAGES}
    labels = [node for node in labelled.root.walk() if node.text.strip() == "施策の概要"]
    assert len(labels) == len(structure_samples.PAGES) and {node.kind for node in labels} <= {CAPTION, "paragraph"}
    rules = all_builtin_rules()
    assert {(f.rule, f.message) for f in run_rules([labelled], rules)[0]} == {(f.rule, f.message) for f in run_rules([plain], rules)[0]}


def test_a_title_bar_the_contents_list_opens_its_topic_without_a_section_line(tmp_path):
    """A section's later page need not repeat the section line: its title bar, listed in the
    contents under that section, is still the page's topic (no false TOC003 or NUM001)."""
    plain_path, bare_path = tmp_path / "plain.pdf", tmp_path / "bare.pdf"
    pages = structure_samples.PAGES
    assert pages[1].section == pages[0].section and pages[1].topic != pages[0].topic  # a later page of section 1, a new topic
    structure_samples.booklet(plain_path)
    structure_samples.booklet(bare_path, pages=(pages[0], replace(pages[1], section_shown=False), *pages[2:]))
    plain, bare = parse_file(str(plain_path)), parse_file(str(bare_path))

    def topics(document):
        return [(node.title, node.first_line.page_index) for node in document.root.walk() if node.kind == TOPIC]

    assert topics(bare) == topics(plain)
    rules = all_builtin_rules()
    assert {(f.rule, f.message) for f in run_rules([bare], rules)[0]} == {(f.rule, f.message) for f in run_rules([plain], rules)[0]}


def test_a_title_bar_the_contents_do_not_list_stays_text_without_a_section_line(tmp_path):
    """Without the contents' word, a title bar on a page with no section line opens no topic."""
    path = tmp_path / "bare.pdf"
    pages = structure_samples.PAGES
    structure_samples.booklet(path, contents=False, pages=(pages[0], replace(pages[1], section_shown=False), *pages[2:]))
    document = parse_file(str(path))
    assert pages[1].topic not in [node.title for node in document.root.walk() if node.kind == TOPIC]


def test_a_label_in_the_top_band_or_larger_is_in_heading_position():
    roles = LayoutRoles(body_size=10.0)
    size = (800.0, 600.0)
    top = SourceLine(1, "1 見出し", page_index=0, bbox=(40, 570, 200, 582), font_size=10.0, page_size=size)
    middle = SourceLine(2, "1 見出し", page_index=0, bbox=(40, 300, 200, 312), font_size=10.0, page_size=size)
    large = SourceLine(3, "1 見出し", page_index=0, bbox=(40, 300, 200, 316), font_size=14.0, page_size=size)
    text = SourceLine(4, "1 見出し")
    assert [roles.heading_position(line) for line in (top, middle, large, text)] == [True, False, True, None]


# The contents as authority -------------------------------------------------------


def _entry(level: str, number: str, title: str) -> TocEntry:
    return TocEntry(level=level, number=number, title=title, page=None, lines=(SourceLine(1, f"{number} {title}"),))


@pytest.mark.parametrize(
    ("printed", "current", "expected"),
    [
        ("4 産業の高度化・新規産業の創出", "3", ("4", None)),  # listed: a heading
        ("4 産業の高度化・新規産業の創設", "3", ("4", None)),  # title slip, listed number
        ("7 産業の高度化・新規産業の創出", "3", ("4", "7")),  # number slip: known by its title
        ("5 海外の事業者との連携強化", "4", ("5", None)),  # another title, next in sequence (TOC002 tells)
        ("3 自治体の取組を支援する体制", "8", None),  # a list line: neither title nor sequence fit
        ("12 通信インフラ", "5", None),  # not listed at all
    ],
)
def test_contents_decide_which_candidates_are_sections(printed, current, expected):
    entries = [_entry(SECTION, "3", "Society 5.0を支えるICTインフラ整備"), _entry(SECTION, "4", "産業の高度化・新規産業の創出"),
               _entry(SECTION, "5", "海外展開・国際的な政策連携"), _entry(SECTION, "8", "デジタル・ガバメントによる行政の高度化・効率化")]
    authority = ContentsAuthority(entries, DEFAULT_PROFILE, LayoutRoles())
    number, title = re.match(r"(\d+) (.*)", printed).groups()
    verdict = authority.judge(Heading(SECTION, number, title), SourceLine(10, printed), current)
    assert (verdict and (verdict.number, verdict.printed_number)) == expected if expected else verdict is None


def test_chapters_are_judged_by_the_contents_too():
    authority = ContentsAuthority([_entry(CHAPTER, "I", "東京一極集中の是正と地域の活性化")], DEFAULT_PROFILE, LayoutRoles())
    assert authority.judge(Heading(CHAPTER, "III", "型の施策"), SourceLine(5, "III 型の施策"), "I") is None
    assert authority.judge(Heading(CHAPTER, "I", "東京一極集中の是正と地域の活性化"), SourceLine(5, "x"), None).number == "I"


# The bundled PDFs: a label injected into a panel of a real page --------------------

FIXTURE_PDFS = ["soumu-juten-shisaku-2020.pdf", "office/soumu-2020-deck.pdf", "office/soumu-2020-doc.pdf"]
LABEL = "3 自治体の取組を支援する体制"


def _with_label(raw):
    """The reading with a diagram label (body size, middle of the page) added after an item of section 8."""
    from dataclasses import replace

    anchor = next(index for index, line in enumerate(raw.lines) if "政府共通プラットフォームの見直し" in line.text)
    line = raw.lines[anchor]
    sizes = Counter(round(other.font_size * 2) / 2 for other in raw.lines if other.font_size for _ in other.text)
    width, height = line.page_size
    label = replace(line, text=LABEL, bbox=(width * 0.55, height * 0.45, width * 0.8, height * 0.47),
                    font_size=sizes.most_common(1)[0][0], block=10_000, wraps=False, row_breaks=())
    return replace(raw, lines=raw.lines[:anchor + 1] + [label] + raw.lines[anchor + 1:])


@pytest.mark.parametrize("name", FIXTURE_PDFS)
def test_a_numbered_label_on_a_bundled_pdf_page_is_no_section(name):
    from checker.api import default_manager
    from checker.booklet.parser import parse
    from checker.plugins import collect_readers
    from checker.reading.readers import ReadOptions, read_with

    raw = read_with(collect_readers(default_manager()), str(FIXTURES / name), ReadOptions())
    clean, changed = parse(raw), parse(_with_label(raw))
    assert _sections(changed) == _sections(clean) and len(_sections(clean)) == 20
    (holder,) = [node for node in changed.root.walk() if any(line.text == LABEL for line in node.lines)]
    assert holder.kind == CAPTION
    rules = all_builtin_rules()
    before = {finding.fingerprint for finding in run_rules([clean], rules)[0]}
    new = [finding for finding in run_rules([changed], rules)[0] if finding.fingerprint not in before]
    assert new == [], [(f.rule, f.location.line, f.message) for f in new]


@pytest.mark.parametrize(
    ("slipped", "rule"),
    [("3 地域の活性化", "NUM004"), ("1 地域の活発化", "HDR001")],
    ids=["number", "title"],
)
def test_a_heading_slip_on_a_pdf_page_is_one_finding(tmp_path, slipped, rule):
    """The second page of section 1 prints its section line with a slip: one finding at that line."""
    from dataclasses import replace

    clean_path, slipped_path = tmp_path / "clean.pdf", tmp_path / "slipped.pdf"
    structure_samples.booklet(clean_path)
    structure_samples.booklet(slipped_path, pages=(structure_samples.PAGES[0], replace(structure_samples.PAGES[1], section=slipped),
                                                   *structure_samples.PAGES[2:]))
    clean, changed = parse_file(str(clean_path)), parse_file(str(slipped_path))
    assert [node.number for node in changed.root.walk() if node.kind == SECTION] == ["1", "2", "3"]
    rules = all_builtin_rules()
    before = {(finding.rule, finding.message) for finding in run_rules([clean], rules)[0]}
    new = [finding for finding in run_rules([changed], rules)[0] if (finding.rule, finding.message) not in before]
    slipped_line = next(line for line in changed.raw.lines if line.text == slipped)
    assert [(finding.rule, finding.location.line) for finding in new] == [(rule, slipped_line.number)]
