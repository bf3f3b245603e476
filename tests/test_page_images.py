"""Page images in the HTML reports: rendering, box placement, the CLI options, hostile
PDFs, and both reports in headless Chromium.

Where a line's outline lands is checked two ways: against the ink PDFium drew
(for every /Rotate and a crop box, so the mapping from the reader's coordinates
is right), and in the browser, where the outline's rendered rectangle is
compared with the reader's box scaled by hand to the displayed page.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, PDF_2020, TEXT_2020
from lxml import html as lxml_html

from checker.api import parse_file
from checker.cli import main
from checker.reading.pdf_reading import read_pdf
from checker.reading.readers import ReadOptions
from checker.reading.render import PAGE_SCALE, render_pages

from test_html_browser import CLASS, SCREENSHOTS, _chromium, _console_problems, _with_hooks, needs_chromium

PDF_2019 = FIXTURES / "synthetic-2019-soumu-juten-shisaku.pdf"
LIMITS = dict(timeout=60.0, max_memory=1024 * 1024 * 1024)


# ------------------------------------------------------------ placement
def _one_page(source: Path, page_index: int, target: Path, rotation: int = 0, crop: bool = False) -> Path:
    import pypdfium2

    original = pypdfium2.PdfDocument(str(source))
    single = pypdfium2.PdfDocument.new()
    single.import_pages(original, [page_index])
    page = single[0]
    if crop:
        x0, y0, x1, y1 = page.get_mediabox()
        page.set_cropbox(x0 + 40, y0 + 30, x1 - 20, y1 - 50)
    page.set_rotation(rotation)
    single.save(str(target))
    return target


def _ink_box(picture, box, margin: float = 2.0):
    """The bounding box of dark pixels inside ``box`` (grown by ``margin``), in page pixels."""
    left, top, right, bottom = (int(box[0] - margin), int(box[1] - margin), int(box[2] + margin + 1), int(box[3] + margin + 1))
    found = picture.crop((left, top, right, bottom)).point(lambda value: 255 if value < 140 else 0).getbbox()
    return None if found is None else (found[0] + left, found[1] + top, found[2] + left, found[3] + top)


# The glyph reader turns a page whose text runs sideways upright (a /Rotate page's text
# runs sideways on the page as displayed); its boxes are in that upright frame, and it
# records the turn per page, which the mapping to the rendered (rotated) image undoes.
@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("crop", [False, True], ids=["media-box", "crop-box"])
def test_a_line_box_lands_on_the_ink_of_its_line(tmp_path, rotation, crop):
    from PIL import Image

    path = _one_page(PDF_2020, 5, tmp_path / "page.pdf", rotation, crop)
    raw = parse_file(str(path)).raw  # read as the CLI reads it
    outcome = render_pages(str(path), [(0, PAGE_SCALE)], **LIMITS)
    assert outcome.error is None
    image = outcome.images[(0, PAGE_SCALE)]
    picture = Image.open(io.BytesIO(image.data)).convert("L")
    assert picture.size == (image.width, image.height)
    inside = lambda box: box[0] >= 0 and box[1] >= 0 and box[2] <= image.width and box[3] <= image.height  # noqa: E731
    boxes = [(line.text, image.box_to_pixels(line.bbox, raw.page_sizes[0], raw.page_turns[0])) for line in raw.lines if line.bbox and len(line.text) > 12]
    boxes = [(text, box) for text, box in boxes if inside(box)][:6]  # a crop box cuts some lines off
    assert len(boxes) >= 4
    along, across = (0, 1) if rotation in (0, 180) else (1, 0)
    for text, box in boxes:
        ink = _ink_box(picture, box)
        assert ink is not None, (text, box)
        # Across the line, the glyphs reach the box's two edges within a few pixels: the
        # outline's own margin (3 pt), which the report draws around the box, so the ink is
        # always inside the outline. (The box spans the font's em, descent included, which
        # leaves 2 pt of air under kanji; PDFium rasterises a turned page up to 2 px off.)
        # Along the line, they fill most of the box (a closing bracket leaves some air).
        margin = 3 * PAGE_SCALE
        assert abs(ink[across] - box[across]) <= margin and abs(ink[across + 2] - box[across + 2]) <= margin, (text, box, ink)
        assert ink[along + 2] - ink[along] >= 0.85 * (box[along + 2] - box[along]), (text, box, ink)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_user_space_to_pixels_agrees_with_pdfium(tmp_path, rotation):
    """PDFium's own page-to-device transform, for a page with a crop box, is ours."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium_c

    from checker.reading.render import PageFrame

    path = _one_page(PDF_2020, 5, tmp_path / "page.pdf", rotation, crop=True)
    page = pypdfium2.PdfDocument(str(path))[0]
    frame = PageFrame(tuple(page.get_mediabox()), tuple(page.get_cropbox()), page.get_rotation())
    width, height = (round(side * PAGE_SCALE) for side in page.get_size())
    for u, v in ((60.0, 50.0), (400.5, 300.25), (800.0, 540.0)):
        device_x, device_y = ctypes.c_int(), ctypes.c_int()
        assert pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, width, height, 0, u, v, device_x, device_y)
        x, y = frame.user_to_pixels(u, v, PAGE_SCALE)
        assert abs(x - device_x.value) <= 1 and abs(y - device_y.value) <= 1, ((u, v), (x, y), (device_x.value, device_y.value))


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_the_reader_records_page_sizes_in_its_coordinate_space(tmp_path, rotation):
    """A landscape A4 page shown turned by /Rotate: its text runs sideways (or upside
    down) on the page as displayed; the reader turns it back by the opposite quarter
    turn, says so, and its page size and boxes are in that upright frame."""
    path = _one_page(PDF_2020, 5, tmp_path / "rotated.pdf", rotation=rotation)
    raw = parse_file(str(path)).raw  # read as the CLI reads it
    width, height = raw.page_sizes[0]
    assert raw.page_turns == ((360 - rotation) % 360,)
    assert (round(width), round(height)) == (842, 595)  # the page's text upright again: landscape
    assert all(0 <= line.bbox[0] <= line.bbox[2] <= width and 0 <= line.bbox[1] <= line.bbox[3] <= height for line in raw.lines)


def test_oversized_pages_are_drawn_at_a_bounded_size(tmp_path):
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    document.new_page(14400, 14400)  # the largest page PDF allows: 200 inches square
    document.save(str(tmp_path / "huge.pdf"))
    outcome = render_pages(str(tmp_path / "huge.pdf"), [(0, PAGE_SCALE)], **LIMITS)
    image = outcome.images[(0, PAGE_SCALE)]
    assert max(image.width, image.height) <= 4000 and image.scale < PAGE_SCALE


# ------------------------------------------------------------ the CLI
def _run(*args: str) -> int:
    return main(list(args))


@pytest.fixture(scope="module")
def findings_report(tmp_path_factory) -> tuple[bytes, dict]:
    directory = tmp_path_factory.mktemp("findings")
    report, listing = directory / "report.html", directory / "findings.json"
    assert _run("check", str(PDF_2020), "--format", "html", "-o", str(report), "--fail-on", "never") == 0
    assert _run("check", str(PDF_2020), "--format", "json", "-o", str(listing), "--fail-on", "never") == 0
    return report.read_bytes(), json.loads(listing.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def diff_report(tmp_path_factory) -> bytes:
    report = tmp_path_factory.mktemp("diff") / "diff.html"
    assert _run("diff", str(PDF_2019), str(PDF_2020), "--format", "html", "-o", str(report)) == 0
    return report.read_bytes()


def _library(page: bytes) -> list:
    return lxml_html.fromstring(page).xpath(f"//svg[{CLASS('image-library')}]//image")


def test_each_finding_shows_its_page_and_each_page_is_embedded_once(findings_report):
    page, listing = findings_report
    dom = lxml_html.fromstring(page)
    images = _library(page)
    hrefs = [image.get("href") for image in images]
    assert hrefs and all(href.startswith("data:image/webp;base64,") for href in hrefs)
    assert len(set(hrefs)) == len(hrefs)  # one copy per page
    ids = {image.get("id") for image in images}
    uses = [use.get("href") for use in dom.xpath("//use")]
    assert uses and all(href[1:] in ids for href in uses)
    # Every finding with a line on a page shows a figure with that line outlined.
    located = [finding for finding in listing["findings"] if finding["location"]["line"]]
    articles = dom.xpath(f"//article[{CLASS('finding')}]")  # repeated occurrences share one article
    assert sum(int(article.get("data-count")) for article in articles) == len(listing["findings"])
    outlined = dom.xpath(f"//figure[.//*[{CLASS('mark-finding')}]]")  # one figure per finding holds its line
    assert len(outlined) == len(located)
    related = [finding for finding in located if finding["related"]]
    assert len(dom.xpath(f"//*[{CLASS('mark-related')}]")) >= len(related) > 0
    policy = dom.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "img-src data:" in policy and "default-src 'none'" in policy


def test_no_images_gives_the_text_report(tmp_path):
    report = tmp_path / "report.html"
    assert _run("check", str(PDF_2020), "--format", "html", "--no-images", "-o", str(report), "--fail-on", "never") == 0
    page = report.read_bytes()
    assert not _library(page) and b"data:image" not in page and b"page-shot" not in page


def test_text_input_says_it_has_no_page_images(tmp_path):
    report = tmp_path / "report.html"
    # The note is in the report's language: Japanese with --lang ja, English with --lang en.
    for lang, expected in (("ja", "テキスト入力のため、ページ画像はありません。"), ("en", "Text input: there are no page images.")):
        assert _run("check", str(TEXT_2020), "--format", "html", "-o", str(report), "--fail-on", "never", "--lang", lang) == 0
        dom = lxml_html.fromstring(report.read_bytes())
        notes = [note.text_content() for note in dom.xpath(f"//*[{CLASS('page-images-note')}]")]
        assert notes == [expected]
        assert not dom.xpath("//image")


def test_image_dir_writes_the_pages_beside_the_report(tmp_path):
    report, folder = tmp_path / "out" / "report.html", tmp_path / "out" / "pages"
    report.parent.mkdir()
    assert _run("check", str(PDF_2020), "--format", "html", "--image-dir", str(folder), "-o", str(report), "--fail-on", "never") == 0
    page = report.read_bytes()
    hrefs = [image.get("href") for image in _library(page)]
    assert hrefs and all(href.startswith("pages/") for href in hrefs)
    for href in hrefs:
        assert (report.parent / href).read_bytes()[8:12] == b"WEBP"
    assert b"data:image" not in page and len(page) < 300_000


def test_the_diff_report_shows_changed_pages_and_an_overview(diff_report):
    dom = lxml_html.fromstring(diff_report)
    section = dom.get_element_by_id("pages")
    pairs = section.xpath(f".//article[{CLASS('page-pair')}]")
    assert len(pairs) > 20
    assert section.xpath(f".//*[{CLASS('mark-deleted')}]") and section.xpath(f".//*[{CLASS('mark-inserted')}]")
    strips = section.xpath(f".//*[{CLASS('strip')}]")
    assert [len(strip.xpath(f"./*[{CLASS('strip-page')}]")) for strip in strips] == [101, 116]
    # Every link into the page section, from the strip, the change list and the text, has a target.
    targets = {element.get("id") for element in dom.xpath("//*[@id]")}
    links = [link.get("href")[1:] for link in dom.xpath("//a[starts-with(@href, '#pg-')]")]
    assert len(links) > len(pairs) and set(links) <= targets
    assert dom.xpath(f"//*[@id='structure']//a[{CLASS('to-pages')}]") and dom.xpath(f"//*[@id='text']//a[{CLASS('to-pages')}]")


# ------------------------------------------------------------ failures
def _fail_in_worker(kind: str):
    def render(*arguments):
        if kind == "crash":
            os.kill(os.getpid(), signal.SIGSEGV)
        import time

        time.sleep(30)

    return render


@pytest.mark.parametrize("kind, expected", [("crash", r"crashed \(SIGSEGV"), ("hang", r"took longer than --timeout allows \(5 s\)")])
def test_a_renderer_that_fails_leaves_a_report_without_images(tmp_path, monkeypatch, capsys, kind, expected):
    import checker.reading.render as render

    monkeypatch.setattr(render, "_render", _fail_in_worker(kind))  # the forked worker inherits it
    # One page of the booklet, so reading ends well within the limit that stops the renderer.
    old, new = _one_page(PDF_2020, 5, tmp_path / "old.pdf"), _one_page(PDF_2020, 5, tmp_path / "new.pdf")
    report = tmp_path / "report.html"
    code = _run("diff", str(old), str(new), "--format", "html", "--timeout", "5", "-o", str(report), "--lang", "ja")
    assert code == 0
    warnings = capsys.readouterr().err.strip().splitlines()
    assert len(warnings) == 2 and all(re.search(expected, w) and "Traceback" not in w for w in warnings)  # one line per edition
    dom = lxml_html.fromstring(report.read_bytes())
    notes = [note.text_content() for note in dom.xpath(f"//*[{CLASS('page-images-note')}]")]
    assert len(notes) == 2 and all(note.startswith("ページ画像を表示できません：") and re.search(expected, note) for note in notes)
    assert not dom.xpath("//image") and dom.xpath("//*[@id='budget']")


def _hostile_cases(tmp_path_factory):
    sys.path.insert(0, str(FIXTURES / "tools"))
    import make_hostile

    directory = tmp_path_factory.mktemp("hostile-render")
    return make_hostile.generate(directory, [name for name in make_hostile.GENERATORS if name.endswith(".pdf")])


def test_hostile_pdfs_render_within_the_limits_or_fail_in_one_line(tmp_path_factory):
    cases = _hostile_cases(tmp_path_factory)
    outcomes = {}
    for name, path in cases.items():
        password = "hostile-pass" if name.startswith("encrypted") else ""
        outcome = render_pages(str(path), [(0, PAGE_SCALE), (1, PAGE_SCALE)], password=password, timeout=30, max_memory=512 * 1024 * 1024)
        outcomes[name] = outcome
        if outcome.error is not None:
            assert "\n" not in outcome.error and outcome.error.startswith(str(path)) and not outcome.images, (name, outcome.error)
        else:
            assert outcome.images and all(image.data[8:12] == b"WEBP" for image in outcome.images.values()), name
    failed = {name for name, outcome in outcomes.items() if outcome.error}
    assert {"empty.pdf", "not-a-pdf.pdf", "truncated.pdf"} <= failed
    assert "plain.pdf" not in failed


# ------------------------------------------------------------ the browser
IMAGE_HOOK = """<script>
window.addEventListener("load", function () {
  var out = {decoded: [], failed: [], marks: {}};
  var images = document.querySelectorAll(".image-library image");
  var pending = images.length;
  var measure = function () {
    document.querySelectorAll("[data-measure]").forEach(function (rect) {
      var figure = rect.closest("figure");
      figure.querySelector("details").open = true;
      var svg = rect.ownerSVGElement, box = rect.getBoundingClientRect(), page = svg.getBoundingClientRect();
      out.marks[rect.getAttribute("data-measure")] = {
        rect: [box.left - page.left, box.top - page.top, box.right - page.left, box.bottom - page.top],
        svg: [page.width, page.height], viewBox: svg.getAttribute("viewBox")
      };
    });
    out.errors = window.__checkerErrors;
    var pre = document.createElement("pre");
    pre.id = "image-results";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  };
  if (!pending) { measure(); }
  images.forEach(function (image) {
    var probe = new Image();
    probe.onload = function () { out.decoded.push(probe.naturalWidth); if (--pending === 0) { measure(); } };
    probe.onerror = function () { out.failed.push(image.id); if (--pending === 0) { measure(); } };
    probe.src = image.getAttribute("href");
  });
});
</script>"""


def _open_in_browser(page: bytes, tmp_path: Path) -> tuple[dict, str]:
    source = tmp_path / "report-with-images.html"
    source.write_bytes(_with_hooks(page).replace(b"</body>", IMAGE_HOOK.encode() + b"</body>", 1))
    result = _chromium(["--virtual-time-budget=20000", "--dump-dom", source.as_uri()], tmp_path)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    dom = lxml_html.fromstring(result.stdout)
    return json.loads(dom.get_element_by_id("image-results").text_content()), result.stderr.decode("utf-8", "replace")


def _mark_to_measure(page: bytes, selector_xpath: str, key: str) -> bytes:
    """The report with one outline tagged for the hook to measure (found by XPath)."""
    dom = lxml_html.fromstring(page)
    rect = dom.xpath(selector_xpath)[0]
    bbox = rect.get("data-bbox")
    # Tag the first outline drawn for this box: a plain text edit, so the rest of the page is untouched.
    needle = f'data-bbox="{bbox}"'.encode()
    assert needle in page
    return page.replace(needle, needle + f' data-measure="{key}"'.encode(), 1), tuple(float(v) for v in bbox.split())


def _expected_css_rect(bbox, page_size, measured) -> tuple:
    """Where the reader's box should appear on the displayed page: points scaled by
    the displayed width over the page width, y flipped (an unrotated page whose crop
    box is its media box, as the bundled PDFs are), the outline's 3-pt padding added."""
    width, height = page_size
    per_point = measured["svg"][0] / width
    pad = 3
    return (
        (bbox[0] - pad) * per_point,
        (height - bbox[3] - pad) * per_point,
        (bbox[2] + pad) * per_point,
        (height - bbox[1] + pad) * per_point,
    )


def _screenshot_of(page: bytes, name: str, tmp_path: Path, keep: str) -> Path:
    """A screenshot with only ``keep`` (a CSS selector) showing, its page images enlarged."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    style = f"<style>header.report-head, main > section, footer {{ display: none !important; }} {keep} {{ display: block !important; }}</style>"
    text = page.replace(b"</head>", style.encode() + b"</head>", 1).replace(b' decoding="async"', b"")
    source = tmp_path / f"{name}.html"
    source.write_bytes(text)
    target = SCREENSHOTS / f"{name}.png"
    result = _chromium(["--virtual-time-budget=20000", f"--screenshot={target}", "--window-size=1400,1600", source.as_uri()], tmp_path)
    assert result.returncode == 0 and target.exists() and target.stat().st_size > 10_000
    return target


OFFICE = FIXTURES / "office"
BROWSER_CHECKS = {
    "booklet": PDF_2020,
    "office-doc": OFFICE / "soumu-2020-doc.pdf",  # A4 portrait, exported by LibreOffice Writer
    "office-deck": OFFICE / "soumu-2020-deck.pdf",  # 16:9 slides, exported by LibreOffice Impress
}


def _report_for(arguments: list[str], tmp_path: Path) -> bytes:
    report = tmp_path / "report.html"
    assert _run(*arguments, "--format", "html", "-o", str(report)) == 0
    return report.read_bytes()


@needs_chromium
@pytest.mark.parametrize("name", list(BROWSER_CHECKS))
def test_the_findings_report_with_page_images_in_a_browser(name, tmp_path):
    pdf = BROWSER_CHECKS[name]
    if not pdf.exists():
        pytest.skip(f"{pdf.relative_to(FIXTURES)} is not in fixtures/ yet")
    page = _report_for(["check", str(pdf), "--fail-on", "never"], tmp_path)
    # A contents-title finding: its line is a contents entry, a short line on a busy page.
    # The line number is the finding's, as the report records it; its box comes from the reader.
    article = lxml_html.fromstring(page).xpath("//article[@data-rule='TOC002']")[0]
    raw = parse_file(str(pdf)).raw  # read as the CLI reads it
    line = next(line for line in raw.lines if line.number == int(article.get("data-line")))
    box = " ".join(f"{value:g}" for value in line.bbox)
    tagged, _ = _mark_to_measure(page, f"//article[@data-rule='TOC002']//*[{CLASS('mark-finding')}][@data-bbox='{box}']", "toc")
    seen, log = _open_in_browser(tagged, tmp_path)
    assert seen["errors"] == [] and _console_problems(log) == []
    assert seen["failed"] == [] and len(seen["decoded"]) == len(_library(page)) and min(seen["decoded"]) > 0
    measured = seen["marks"]["toc"]
    expected = _expected_css_rect(line.bbox, raw.page_sizes[line.page_index], measured)
    # Enlarged, the page is shown at its natural size: 2 CSS pixels a point.
    assert abs(measured["svg"][0] / raw.page_sizes[line.page_index][0] - PAGE_SCALE) < 0.01
    assert all(abs(got - want) <= 3 for got, want in zip(measured["rect"], expected)), (measured, expected)
    _screenshot_of(page, f"findings-report-pages-{name}", tmp_path, "section.file")


@needs_chromium
@pytest.mark.parametrize("name", ["booklet", "office-deck"])
def test_the_diff_report_with_page_images_in_a_browser(name, tmp_path):
    pdf = BROWSER_CHECKS[name]
    if not pdf.exists():
        pytest.skip(f"{pdf.relative_to(FIXTURES)} is not in fixtures/ yet")
    page = _report_for(["diff", str(PDF_2019), str(pdf)], tmp_path)
    new_raw = parse_file(str(pdf)).raw  # read as the CLI reads it
    # The first line outlined as inserted on a new page: it must be a line the reader
    # delivered on that page, and the outline must stand where the reader's box is.
    figure = lxml_html.fromstring(page).xpath(f"//*[@id='pages']//figure[.//*[{CLASS('mark-inserted')}]]")[0]
    outlined = figure.xpath(f".//*[{CLASS('mark-inserted')}]")[0].get("data-bbox")
    page_index = int(figure.get("data-page-index"))
    line = next(line for line in new_raw.lines if line.page_index == page_index and line.bbox and " ".join(f"{v:g}" for v in line.bbox) == outlined)
    box = " ".join(f"{value:g}" for value in line.bbox)
    tagged, _ = _mark_to_measure(page, f"//*[@id='pages']//*[{CLASS('mark-inserted')}][@data-bbox='{box}']", "inserted")
    seen, log = _open_in_browser(tagged, tmp_path)
    assert seen["errors"] == [] and _console_problems(log) == []
    assert seen["failed"] == [] and len(seen["decoded"]) == len(_library(page)) and min(seen["decoded"]) > 0
    measured = seen["marks"]["inserted"]
    expected = _expected_css_rect(line.bbox, new_raw.page_sizes[line.page_index], measured)
    assert all(abs(got - want) <= 3 for got, want in zip(measured["rect"], expected)), (measured, expected)
    _screenshot_of(page, f"diff-report-pages-{name}", tmp_path, "section#pages")


@needs_chromium
def test_images_written_beside_the_report_load_under_its_policy(tmp_path):
    report = tmp_path / "report.html"
    assert _run("check", str(PDF_2020), "--format", "html", "--image-dir", str(tmp_path / "pages"), "-o", str(report), "--fail-on", "never") == 0
    page = report.read_bytes()
    seen, log = _open_in_browser(page, tmp_path)  # written beside report.html, so the relative paths hold
    assert seen["errors"] == [] and _console_problems(log) == []
    assert seen["failed"] == [] and len(seen["decoded"]) == len(_library(page)) > 0 and min(seen["decoded"]) > 0


def test_a_diff_with_a_hostile_pdf_still_gives_a_report(tmp_path_factory, tmp_path, capsys):
    """Two form XObjects that draw each other: pdfminer reads the page, PDFium may
    abort on it. Either way the diff report is written, with the other edition's pages."""
    cases = _hostile_cases(tmp_path_factory)
    report = tmp_path / "diff.html"
    code = _run("diff", str(cases["plain.pdf"]), str(cases["cyclic-xobjects.pdf"]), "--format", "html",
                "--max-memory", "512", "--timeout", "30", "-o", str(report))
    warning = capsys.readouterr().err.strip()
    assert code == 0 and len(warning.splitlines()) <= 1 and "Traceback" not in warning
    dom = lxml_html.fromstring(report.read_bytes())
    assert any(image.get("id").startswith("pimg-1-") for image in _library(report.read_bytes()))
    notes = [note.text_content() for note in dom.xpath(f"//*[{CLASS('page-images-note')}]")]
    if warning:
        assert "cyclic-xobjects.pdf (page images)" in warning and len(notes) == 1 and "cyclic-xobjects.pdf" in notes[0]
    else:
        assert notes == []


def test_embedded_pages_past_the_budget_are_drawn_smaller(tmp_path, monkeypatch):
    from checker.reports import page_images

    report = tmp_path / "report.html"
    monkeypatch.setattr(page_images, "EMBEDDED_BUDGET", 600_000)
    assert _run("check", str(PDF_2020), "--format", "html", "-o", str(report), "--fail-on", "never") == 0
    images = _library(report.read_bytes())
    full_size = [image for image in images if image.get("id").endswith("-p")]
    widths = {int(image.get("width")) for image in full_size}
    # One smaller scale for every page, no smaller than the legibility floor (842 pt wide pages).
    assert len(widths) == 1
    width = widths.pop()
    assert page_images.MIN_PAGE_SCALE * 842 - 1 <= width < PAGE_SCALE * 842 - 100
    embedded = sum(len(image.get("href")) for image in full_size) * 3 / 4
    assert embedded < 600_000 * 1.25 or abs(width - page_images.MIN_PAGE_SCALE * 842) <= 1.5
    # Outlines follow the smaller scale: the finding's box is still on the page.
    dom = lxml_html.fromstring(report.read_bytes())
    for rect in dom.xpath(f"//*[{CLASS('mark-finding')}]")[:5]:
        width = float(rect.getparent().get("viewbox").split()[2])  # lxml.html lowercases attribute names
        assert 0 <= float(rect.get("x")) + float(rect.get("width")) <= width + 10


def test_office_input_says_it_has_no_page_images(tmp_path):
    deck = FIXTURES / "office" / "soumu-2020-deck.pptx"
    if not deck.exists():
        pytest.skip("fixtures/office/soumu-2020-deck.pptx is not in fixtures/ yet")
    report = tmp_path / "report.html"
    assert _run("check", str(deck), "--format", "html", "-o", str(report), "--fail-on", "never", "--lang", "ja") == 0
    dom = lxml_html.fromstring(report.read_bytes())
    notes = [note.text_content() for note in dom.xpath(f"//*[{CLASS('page-images-note')}]")]
    assert len(notes) == 1 and notes[0].startswith("PDF 以外の入力（PPTX）のため") and not dom.xpath("//image")
