"""The PowerPoint and Word readers: the 2020 booklet as a deck and as a document
gives the tree, ledger, contents and findings of its expected text; faults
injected into the deck are found on their slide; the OOXML details (reading
order, groups, tables, hidden slides, fields, styles, page breaks) one by one."""

from __future__ import annotations

import json
import sys
import zipfile

import pytest
from conftest import FIXTURES

from checker.api import parse_file
from checker.booklet.parser import parse
from checker.booklet.text import normalize
from checker.errors import InputError
from checker.lint.engine import run_rules
from checker.reading.ooxml import Package, ZipLimits
from checker.reading.readers import ReadOptions, read_document
from checker.reading.slide_order import Box, reading_order

sys.path.insert(0, str(FIXTURES / "tools"))
import make_hostile  # noqa: E402
import variants_office  # noqa: E402
from rulecheck import all_builtin_rules  # noqa: E402

OFFICE = FIXTURES / "office"
DECK = OFFICE / "soumu-2020-deck.pptx"
DOC = OFFICE / "soumu-2020-doc.docx"
DECK_TEXT = OFFICE / "soumu-2020-deck.paged.txt"
DOC_TEXT = OFFICE / "soumu-2020-doc.paged.txt"
PAGED_TEXT = FIXTURES / "soumu-juten-shisaku-2020.paged.txt"
# The reader's own fixtures (fixtures/tools/make_office_reader.py): a grouped box under
# a scaling transform, layout-positioned slide numbers with stale cached fields; a TOC
# field, three kinds of page break, empty paragraphs for the text's blank lines.
READER_DECK = OFFICE / "reader-2020-deck.pptx"
READER_DOC = OFFICE / "reader-2020-doc.docx"

PAIRS = [(DECK, DECK_TEXT), (DOC, DOC_TEXT), (READER_DECK, DECK_TEXT), (READER_DOC, PAGED_TEXT)]


def structure(document):
    """Headings, content and budget nodes; page labels and the contents' own text
    (a Word TOC field's leader is ``……``, not the typed dots) are left out."""
    rows = []
    for node in document.root.walk():
        if node.kind in ("document", "page_label", "toc", "toc_entry"):
            continue
        if node.kind in ("chapter", "section", "topic", "item", "subitem"):
            rows.append((node.kind, node.number, normalize(node.title), len(node.headers)))
        else:
            rows.append((node.kind, normalize(node.text)))
    return rows


def ledger(document):
    return [(normalize(e.name), e.amount, e.prior_amount, sorted(e.flags), e.section) for e in document.ledger.entries]


def contents(document):
    return [(e.level, e.number, normalize(e.title), e.page) for e in document.toc]


def findings(document):
    found, _ = run_rules([document], all_builtin_rules())
    return sorted(
        (f.rule, f.severity, f.location.page, f.message, f.excerpt, tuple(r.page for r in f.related)) for f in found
    )


_PARSED: dict = {}


def parsed(path):
    if path not in _PARSED:
        _PARSED[path] = parse_file(str(path))
    return _PARSED[path]


# ------------------------------------------------------------------ the 2020 booklet
@pytest.mark.parametrize("source, expected", PAIRS, ids=[pair[0].name for pair in PAIRS])
def test_office_file_gives_the_tree_ledger_contents_and_findings_of_its_text(source, expected):
    office, text = parsed(source), parsed(expected)
    assert structure(office) == structure(text)
    assert ledger(office) == ledger(text)
    assert contents(office) == contents(text)
    assert findings(office) == findings(text)


def test_deck_pages_are_slides_labelled_by_their_slide_number_fields():
    raw = parsed(DECK).raw
    assert raw.source_kind == "pptx" and raw.has_pages and not raw.page_estimated
    assert raw.page_count == 116
    labels = {line.page_index: line.text for line in raw.lines if line.role == "page_number"}
    assert labels[3] == "4" and labels[115] == "116"
    assert all(line.printed_page == line.page_index + 1 for line in raw.lines)


def test_stale_cached_slide_numbers_are_computed_and_placeholders_positioned_from_the_layout():
    raw = parsed(READER_DECK).raw
    labels = [line for line in raw.lines if line.role == "page_number"]
    assert len(labels) == 115  # every slide but the cover
    assert labels[0].text == "- 2 -" and labels[-1].text == "- 116 -"  # the file caches ‹#›
    assert all(line.bbox is not None for line in labels)
    assert labels[0] is [line for line in raw.lines if line.page_index == 1][-1]  # read last on its slide


def test_grouped_box_is_read_where_its_transform_puts_it():
    raw = parsed(READER_DECK).raw
    grouped = [line for line in raw.lines if "'Left lower'" in (line.source_ref or "")]
    assert grouped
    upper = [line for line in raw.lines if "'Left upper'" in (line.source_ref or "") and line.page_index == grouped[0].page_index]
    assert upper and upper[-1].number < grouped[0].number
    x0, y0, x1, y1 = grouped[0].bbox
    assert x0 == 457200 and x1 - x0 == 4000000 and y0 > upper[-1].bbox[1]


def test_word_pages_are_estimates_said_everywhere():
    document = parsed(DOC)
    assert document.raw.page_estimated and document.has_pages
    location = document.location(document.sections()[0].first_line)
    assert location.page_estimated and location.to_dict()["page_estimated"] is True
    assert "(est.)" in str(location)
    assert any("estimates" in note for note in document.raw.notes)


def test_word_headings_carry_their_outline_levels():
    raw = parsed(READER_DOC).raw
    levels = {line.text: line.heading_level for line in raw.lines}
    assert levels["1 地方への新しい人の流れの創出"] == 2  # Heading 2
    assert levels["豊かなライフスタイルの提示による地方への人の流れの創出"] == 3
    assert levels["(1) 豊かなライフスタイルの提示による地方への人の流れの創出"] is None


def test_word_heading_levels_from_style_chain_and_outline_level(tmp_path):
    styles = (
        f'<?xml version="1.0"?><w:styles xmlns:w="{make_hostile.W_NS}">'
        '<w:style w:type="paragraph" w:styleId="Midashi1"><w:name w:val="見出し 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Shoutai"><w:name w:val="章題"/><w:basedOn w:val="Midashi1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Koumoku"><w:name w:val="項目"/><w:pPr><w:outlineLvl w:val="3"/></w:pPr></w:style>'
        "</w:styles>"
    )
    body = (
        _wp("章", properties='<w:pPr><w:pStyle w:val="Shoutai"/></w:pPr>')
        + _wp("項", properties='<w:pPr><w:pStyle w:val="Koumoku"/></w:pPr>')
        + _wp("直接", properties='<w:pPr><w:pStyle w:val="Koumoku"/><w:outlineLvl w:val="1"/></w:pPr>')
        + _wp("本文", properties='<w:pPr><w:outlineLvl w:val="9"/></w:pPr>')
    )
    members = make_hostile.docx_members(make_hostile.document_xml(body)) + [
        ("word/styles.xml", styles),
        ("word/_rels/document.xml.rels", make_hostile._rels([("rId1", f"{make_hostile.R_NS}/styles", "styles.xml")])),
    ]
    raw = read_document(_write(tmp_path, "styled.docx", members), ReadOptions())
    assert [(line.text, line.heading_level) for line in raw.lines] == [("章", 1), ("項", 4), ("直接", 2), ("本文", None)]


def test_word_contents_come_from_the_toc_field_cached_entries():
    raw = parsed(READER_DOC).raw
    assert "- 豊かなライフスタイルの提示による地方への人の流れの創出……4" in [line.text for line in raw.lines]
    assert not any("TOC \\o" in line.text for line in raw.lines)  # the field instruction is no text


# ------------------------------------------------------------------ injected faults
FAULTS = [
    ("toc-wrong-page", "TOC001"),
    ("repeat-amount-changed", "REP005"),
    ("item-number-duplicated", "NUM001"),
]


@pytest.mark.parametrize("fault, code", FAULTS)
def test_fault_injected_into_the_deck_is_found_on_its_slide(tmp_path, fault, code):
    target = tmp_path / f"{fault}.pptx"
    slide = variants_office.inject(DECK, target, fault)
    before = {(f.rule, f.message) for f in run_rules([parsed(DECK)], all_builtin_rules())[0]}
    found, _ = run_rules([parse_file(str(target))], all_builtin_rules())
    new = [f for f in found if (f.rule, f.message) not in before and f.rule == code]
    assert new, [(f.rule, f.message) for f in found if (f.rule, f.message) not in before]
    assert any(f.location.page == slide and f.location.source_ref.startswith(f"slide {slide}, shape ") for f in new)


def test_text_report_and_json_name_slide_and_shape(tmp_path):
    from checker import cli

    target = tmp_path / "fault.pptx"
    slide = variants_office.inject(DECK, target, "item-number-duplicated")
    text_out, json_out = tmp_path / "out.txt", tmp_path / "out.json"
    assert cli.main(["check", str(target), "--select", "NUM001", "-o", str(text_out)]) == 1
    assert f"[slide {slide}, shape 'TextBox" in text_out.read_text(encoding="utf-8")
    assert cli.main(["check", str(target), "--select", "NUM001", "--format", "json", "-o", str(json_out)]) == 1
    data = json.loads(json_out.read_text(encoding="utf-8"))
    assert any(f["location"].get("source_ref", "").startswith(f"slide {slide},") for f in data["findings"])
    assert {"path": str(target), "note": "speaker notes are not read"} in data["reader_notes"]


def test_word_check_output_says_pages_are_estimates(tmp_path):
    from checker import cli

    out = tmp_path / "out.json"
    assert cli.main(["check", str(DOC), "--select", "TOC002", "--format", "json", "-o", str(out), "--fail-on", "never"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["findings"] and all(f["location"]["page_estimated"] for f in data["findings"])
    assert all(f["location"]["source_ref"].startswith("paragraph ") for f in data["findings"])
    outline = tmp_path / "outline.txt"
    assert cli.main(["parse", str(DOC), "-o", str(outline)]) == 0
    assert "(docx, pages estimated)" in outline.read_text(encoding="utf-8")


def _no_change(diff_json: str) -> dict:
    summary = json.loads(diff_json)["summary"]
    changed = {key: value for key, value in summary["headings"].items() if key != "unchanged" and value}
    changed.update({key: value for key, value in summary["text"].items() if value})
    changed.update({key: value for key, value in summary["budget"].items() if key != "unchanged" and value})
    return changed


def test_diff_between_the_deck_and_its_expected_text_reports_no_change():
    from checker.diff import diff_documents
    from checker.reports.diff_formats import render_diff

    diff_json = render_diff(diff_documents(parsed(DECK), parsed(DECK_TEXT)), "json")
    assert json.loads(diff_json)["summary"]["headings"]["unchanged"] == 262
    assert _no_change(diff_json) == {}


@pytest.mark.parametrize("source", [DECK, DOC], ids=["deck", "doc"])
def test_diff_between_the_office_file_and_its_pdf_reports_no_change(source):
    from checker.diff import diff_documents
    from checker.reports.diff_formats import render_diff

    diff_json = render_diff(diff_documents(parsed(source), parse_file(str(source.with_suffix(".pdf")))), "json")
    assert _no_change(diff_json) == {}


# ------------------------------------------------------------------ small packages
def _write(tmp_path, name: str, members) -> str:
    path = tmp_path / name
    path.write_bytes(make_hostile._zip(members))
    return str(path)


P, A = make_hostile.P_NS, make_hostile.A_NS


def _shape(shape_id: int, name: str, box: tuple[int, int, int, int], paragraphs: str, extra: str = "") -> str:
    x, y, cx, cy = box
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr>{extra}</p:nvPr></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm></p:spPr>'
        f"<p:txBody><a:bodyPr/>{paragraphs}</p:txBody></p:sp>"
    )


def _slide(shapes: str, show: str = "") -> str:
    return f'<?xml version="1.0"?><p:sld xmlns:p="{P}" xmlns:a="{A}"{show}><p:cSld><p:spTree>{shapes}</p:spTree></p:cSld></p:sld>'


def _para(*runs: str) -> str:
    return "<a:p>" + "".join(runs) + "</a:p>"


def _run(text: str) -> str:
    return f"<a:r><a:t>{text}</a:t></a:r>"


def _deck(tmp_path, *slides: str, extra_members=()) -> str:
    members = make_hostile.pptx_members(slides[0])
    if len(slides) > 1:
        rels = [("rId2", f"{make_hostile.R_NS}/slide", "slides/slide1.xml")]
        ids = '<p:sldId id="256" r:id="rId2"/>'
        for number, slide in enumerate(slides[1:], start=2):
            rels.append((f"rId{number + 1}", f"{make_hostile.R_NS}/slide", f"slides/slide{number}.xml"))
            ids += f'<p:sldId id="{255 + number}" r:id="rId{number + 1}"/>'
            members.append((f"ppt/slides/slide{number}.xml", slide))
        members = [(name, data) for name, data in members if name not in ("ppt/presentation.xml", "ppt/_rels/presentation.xml.rels")]
        members.append(("ppt/presentation.xml", f'<?xml version="1.0"?><p:presentation xmlns:p="{P}" xmlns:r="{make_hostile.R_NS}"><p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/></p:presentation>'))
        members.append(("ppt/_rels/presentation.xml.rels", make_hostile._rels(rels)))
    return _write(tmp_path, "deck.pptx", members + list(extra_members))


def test_panels_are_read_left_to_right_each_to_its_end():
    title = Box(0, 0, 100, 10)
    strip = Box(5, 12, 95, 18)
    left_title, left_text = Box(5, 20, 45, 25), Box(5, 27, 45, 60)
    right_title, right_text = Box(55, 20, 95, 25), Box(55, 27, 95, 40)
    left_budget = Box(5, 62, 45, 70)
    note = Box(5, 80, 95, 90)
    boxes = [note, right_text, left_budget, strip, right_title, left_text, title, left_title]
    order = [boxes[index] for index in reading_order(boxes, 100, 100)]
    assert order == [title, strip, left_title, left_text, left_budget, right_title, right_text, note]


def test_grid_of_boxes_is_read_column_by_column():
    boxes = [Box(55, 50, 95, 90), Box(5, 50, 45, 90), Box(55, 5, 95, 45), Box(5, 5, 45, 45)]
    assert reading_order(boxes, 100, 100) == [3, 1, 2, 0]


def test_runs_are_joined_as_typed_and_breaks_kept(tmp_path):
    shapes = _shape(2, "本文", (0, 0, 9000000, 6000000), _para(_run("総務"), _run("省"), "<a:br/>", _run("重点施策")) + _para(_run("2020")))
    raw = read_document(_deck(tmp_path, _slide(shapes)), ReadOptions())
    assert [line.text for line in raw.lines] == ["総務省", "重点施策", "2020"]
    assert [line.source_ref for line in raw.lines] == [
        "slide 1, shape '本文', paragraph 1", "slide 1, shape '本文', paragraph 1", "slide 1, shape '本文', paragraph 2"
    ]


def test_title_placeholder_is_read_first_and_tables_row_by_row(tmp_path):
    table = (
        '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="5" name="表 1"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>'
        '<p:xfrm><a:off x="0" y="3000000"/><a:ext cx="9000000" cy="1000000"/></p:xfrm><a:graphic><a:graphicData><a:tbl>'
        '<a:tr><a:tc><a:txBody><a:p><a:r><a:t>事業</a:t></a:r></a:p></a:txBody></a:tc><a:tc gridSpan="2"><a:txBody><a:p><a:r><a:t>予算額</a:t></a:r></a:p></a:txBody></a:tc><a:tc hMerge="1"><a:txBody><a:p/></a:txBody></a:tc></a:tr>'
        '<a:tr><a:tc><a:txBody><a:p><a:r><a:t>交付金</a:t></a:r></a:p></a:txBody></a:tc><a:tc><a:txBody><a:p><a:r><a:t>5.8億円</a:t></a:r></a:p></a:txBody></a:tc><a:tc><a:txBody><a:p><a:r><a:t>2.9億円</a:t></a:r></a:p></a:txBody></a:tc></a:tr>'
        "</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
    )
    body = _shape(2, "本文", (0, 1000000, 9000000, 1000000), _para(_run("本文")))
    title = _shape(3, "タイトル 1", (0, 5000000, 9000000, 500000), _para(_run("見出し")), '<p:ph type="title"/>')
    raw = read_document(_deck(tmp_path, _slide(table + body + title)), ReadOptions())
    assert [line.text for line in raw.lines] == ["見出し", "本文", "事業\t予算額", "交付金\t5.8億円\t2.9億円"]
    assert raw.lines[3].source_ref == "slide 1, table '表 1', row 2"


def test_hidden_slides_are_skipped_and_said_so_and_notes_are_not_read(tmp_path):
    visible = _slide(_shape(2, "本文", (0, 0, 9000000, 6000000), _para(_run("見える"))))
    hidden = _slide(_shape(2, "本文", (0, 0, 9000000, 6000000), _para(_run("隠し"))), show=' show="0"')
    notes = ("ppt/notesSlides/notesSlide1.xml", _slide(_shape(2, "ノート", (0, 0, 1, 1), _para(_run("発表者メモ")))))
    raw = read_document(_deck(tmp_path, hidden, visible, visible, extra_members=[notes]), ReadOptions())
    assert [line.text for line in raw.lines] == ["見える", "見える"]
    assert [(line.page_index, line.printed_page) for line in raw.lines] == [(0, 2), (1, 3)]
    assert "slide 1 hidden: skipped (as a PDF export skips it)" in raw.notes
    assert raw.page_count == 2


def _docx(tmp_path, body: str, name: str = "doc.docx") -> str:
    return _write(tmp_path, name, make_hostile.docx_members(make_hostile.document_xml(body)))


def _wp(text: str, inner: str = "", properties: str = "") -> str:
    return f"<w:p>{properties}{inner}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def test_word_revisions_fields_and_text_boxes(tmp_path):
    body = (
        '<w:p><w:r><w:t>残す</w:t></w:r><w:del><w:r><w:delText>消した</w:delText></w:r></w:del>'
        "<w:ins><w:r><w:t>加えた</w:t></w:r></w:ins></w:p>"
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:tab/><w:t>頁</w:t><w:br/><w:t>次の行</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>本文</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>囲み</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>事業</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>0.4億円</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    raw = read_document(_docx(tmp_path, body), ReadOptions())
    assert [line.text for line in raw.lines] == ["残す加えた", "7\t頁", "次の行", "本文", "囲み", "事業\t0.4億円"]
    assert [line.source_ref for line in raw.lines][-2:] == ["paragraph 3, text box", "table 1, row 1"]
    assert not raw.has_pages and raw.page_count is None
    assert "the file records no page breaks: pages are unknown" in raw.notes


def test_word_page_breaks_explicit_before_rendered_and_collapsed(tmp_path):
    body = (
        _wp("一頁")
        + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        + _wp("二頁", "<w:r><w:lastRenderedPageBreak/></w:r>")  # Word's mark after the break: the same page
        + _wp("三頁", properties="<w:pPr><w:pageBreakBefore/></w:pPr>")
        + _wp("続き")
        + _wp("四頁", "<w:r><w:lastRenderedPageBreak/></w:r>")  # a soft break Word recorded
        + '<w:p><w:r><w:t>五頁の前</w:t><w:br w:type="page"/><w:t>五頁</w:t></w:r></w:p>'
    )
    raw = read_document(_docx(tmp_path, body), ReadOptions())
    pages = {line.text: line.page_index for line in raw.lines if line.text}
    assert pages == {"一頁": 0, "二頁": 1, "三頁": 2, "続き": 2, "四頁": 3, "五頁の前": 3, "五頁": 4}
    assert raw.has_pages and raw.page_estimated and raw.page_count == 5


def test_word_without_page_breaks_skips_page_rules_saying_why(tmp_path):
    document = parse(read_document(_docx(tmp_path, _wp("目次") + _wp("1 見出し……4") + _wp("1 見出し")), ReadOptions()))
    _, summary = run_rules([document], all_builtin_rules())
    reasons = dict(summary.skipped_rules)
    assert "a Word file that records no page breaks" in reasons["TOC001"]


# ------------------------------------------------------------------ choosing and limits
def test_chosen_by_content_not_by_name(tmp_path):
    deck = tmp_path / "deck.txt"
    deck.write_bytes(make_hostile._zip(make_hostile.pptx_members()))
    assert read_document(str(deck), ReadOptions()).source_kind == "pptx"
    text = tmp_path / "notes.pptx"
    text.write_text("総務省重点施策2020\n", encoding="utf-8")
    assert read_document(str(text), ReadOptions()).source_kind == "text"


def test_readers_come_through_the_hook():
    from checker.plugins import collect_readers, find_plugins, make_plugin_manager
    from checker.reading import office

    assert any(p.group == "checker.reading.readers" and p.value == "checker.reading.office" for p in find_plugins())
    with_office = make_plugin_manager(load_entry_points=False, plugins=[office])
    assert [reader.name for reader in collect_readers(with_office)] == ["pdf", "pptx", "docx", "text"]
    assert [reader.name for reader in collect_readers(make_plugin_manager(load_entry_points=False))] == ["pdf", "text"]


def test_limits_are_enforced_on_what_is_inflated(tmp_path):
    path = _write(tmp_path, "doc.docx", make_hostile.docx_members() + [("word/a.xml", "x" * 5000), ("word/b.xml", "y" * 5000)])
    with Package(path, ZipLimits(max_read_bytes=8000)) as package:
        package.read("word/a.xml")
        with pytest.raises(InputError, match="possible ZIP bomb: member word/b.xml inflates past"):
            package.read("word/b.xml")


def test_macros_are_never_inflated(tmp_path, monkeypatch):
    from checker.reading import pptx

    members = make_hostile.pptx_members(main_type=make_hostile.PPTM_MAIN) + [("ppt/vbaProject.bin", b"\x00" * 4096)]
    path = _write(tmp_path, "m.pptm", members)
    inflated = []
    original = Package.read
    monkeypatch.setattr(Package, "read", lambda self, part: inflated.append(part) or original(self, part))
    raw = pptx.extract_pptx(path, ReadOptions().profile)
    assert [line.text for line in raw.lines] == [make_hostile.OFFICE_TEXT]
    assert inflated and not [part for part in inflated if not part.endswith((".xml", ".rels"))]


def test_reader_fixtures_regenerate_byte_for_byte(tmp_path):
    pytest.importorskip("pptx")
    pytest.importorskip("docx")
    import make_office_reader

    deck, doc = tmp_path / "deck.pptx", tmp_path / "doc.docx"
    make_office_reader.main(["--deck", str(deck), "--doc", str(doc)])
    assert deck.read_bytes() == READER_DECK.read_bytes()
    assert doc.read_bytes() == READER_DOC.read_bytes()
    assert zipfile.ZipFile(deck).testzip() is None


def test_placeholders_take_their_position_from_the_layout_whose_own_text_is_noted(tmp_path):
    layout = _slide(
        _shape(2, "本文 1", (0, 1000000, 4000000, 5000000), _para(_run("テキストを入力")), '<p:ph type="body" idx="1"/>')
        + _shape(3, "ロゴ", (8000000, 6500000, 1000000, 300000), _para(_run("総務省")))
    ).replace("p:sld ", "p:sldLayout ").replace("</p:sld>", "</p:sldLayout>")
    body = (
        '<p:sp><p:nvSpPr><p:cNvPr id="2" name="本文 1"/><p:cNvSpPr/><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr>'
        "<p:spPr/><p:txBody><a:bodyPr/>" + _para(_run("左の本文")) + "</p:txBody></p:sp>"
    )
    right = _shape(3, "右", (5000000, 1000000, 4000000, 5000000), _para(_run("右の本文")))
    members = make_hostile.pptx_members(_slide(right + body)) + [
        ("ppt/slideLayouts/slideLayout1.xml", layout),
        ("ppt/slides/_rels/slide1.xml.rels", make_hostile._rels([("rId1", f"{make_hostile.R_NS}/slideLayout", "../slideLayouts/slideLayout1.xml")])),
    ]
    raw = read_document(_write(tmp_path, "layout.pptx", members), ReadOptions())
    assert [line.text for line in raw.lines] == ["左の本文", "右の本文"]
    assert raw.lines[0].bbox == (0, 1000000, 4000000, 6000000)
    assert any("layouts or masters" in note for note in raw.notes)


def test_word_page_numbers_follow_section_restarts(tmp_path):
    section_break = '<w:pPr><w:sectPr><w:pgNumType w:fmt="lowerRoman"/></w:sectPr></w:pPr>'
    body = (
        _wp("表紙")
        + _wp("目次", "<w:r><w:br w:type=\"page\"/></w:r>", properties=section_break)
        + _wp("本文一")
        + _wp("本文二", "<w:r><w:lastRenderedPageBreak/></w:r>")
        + '<w:sectPr><w:pgNumType w:start="1"/></w:sectPr>'
    )
    raw = read_document(_docx(tmp_path, body), ReadOptions())
    pages = {line.text: (line.page_index, line.printed_page) for line in raw.lines if line.text}
    assert pages == {"表紙": (0, 1), "目次": (1, 2), "本文一": (2, 1), "本文二": (3, 2)}


@pytest.mark.parametrize(
    "output_format, estimated",
    [("text", "(estimated)"), ("json", '"page_estimated": true'), ("sarif", '"page_estimated": true'),
     ("github", "estimated)"), ("junit", "(estimated)"), ("html", "(estimated)")],  # html and junit follow --lang (en here)
)
def test_every_findings_format_says_word_pages_are_estimates(tmp_path, output_format, estimated):
    from checker import cli

    out = tmp_path / "out"
    assert cli.main(["check", str(DOC), "--select", "TOC002", "--format", output_format, "-o", str(out), "--fail-on", "never"]) == 0
    text = out.read_text(encoding="utf-8")
    assert estimated in text
    assert "paragraph " in text  # where in the document, for the editor


def test_diff_of_two_decks_names_the_slide_of_a_change(tmp_path):
    from checker.diff import diff_documents
    from checker.reports.diff_formats import render_diff

    target = tmp_path / "changed.pptx"
    slide = variants_office.inject(DECK, target, "repeat-amount-changed")
    data = json.loads(render_diff(diff_documents(parsed(DECK), parse_file(str(target))), "json"))
    changed = [row for row in data["budget"] if row.get("status") == "changed"]
    assert len(changed) == 1
    assert changed[0]["new_location"]["source_ref"].startswith(f"slide {slide}, shape ")


def test_another_zip_is_left_to_other_readers_and_named_when_none_takes_it(tmp_path):
    from checker.hookspecs import hookimpl
    from checker.plugins import collect_readers, make_plugin_manager
    from checker.reading import office
    from checker.reading.readers import Reader, read_with
    from checker.reading.records import RawDocument, SourceLine

    class OpenDocumentPlugin:  # a third party's reader of another ZIP format
        @staticmethod
        @hookimpl
        def checker_readers():
            def read(path, options):
                return RawDocument(path, [SourceLine(1, "odt text")], "odt", has_pages=False)

            return [Reader("odt", 50, lambda path: zipfile.is_zipfile(path), read)]

    odt = tmp_path / "booklet.odt"
    odt.write_bytes(make_hostile._zip([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")]))
    with_plugin = collect_readers(make_plugin_manager(load_entry_points=False, plugins=[office, OpenDocumentPlugin]))
    assert read_with(with_plugin, str(odt), ReadOptions()).source_kind == "odt"
    without = collect_readers(make_plugin_manager(load_entry_points=False, plugins=[office]))
    with pytest.raises(InputError, match=r"a ZIP archive \(not an Office document\), not a text file or PDF"):
        read_with(without, str(odt), ReadOptions())


def test_smartart_and_charts_are_noted_as_not_read(tmp_path):
    frame = (
        '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="図表 1"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>'
        '<p:xfrm><a:off x="0" y="3000000"/><a:ext cx="9000000" cy="1000000"/></p:xfrm><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"/></a:graphic></p:graphicFrame>'
    )
    text = _shape(2, "本文", (0, 0, 9000000, 1000000), _para(_run("本文")))
    raw = read_document(_deck(tmp_path, _slide(text), _slide(text + frame)), ReadOptions())
    assert "SmartArt diagrams and charts are not read (slide 2): check their text in PowerPoint" in raw.notes


def test_fix_refuses_office_files_by_name(capsys):
    from checker import cli

    assert cli.main(["check", str(DECK), "--fix"]) == 2
    assert "make a PowerPoint or Word file's fixes in PowerPoint or Word" in capsys.readouterr().err
