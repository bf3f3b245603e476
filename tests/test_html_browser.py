"""The HTML reports in a real browser (headless Chromium).

Each report is loaded from a file with a small test hook injected around it:
one script before everything records script errors, console errors and
Content-Security-Policy violations; one after the report's own script clicks
the sort buttons, filters and outline controls and writes what it saw into the
page. ``--dump-dom`` then gives the DOM after all of that, which the test
reads with lxml. A screenshot of each unmodified report is saved under
build/screenshots/ (or $CHECKER_SCREENSHOTS) for a person to look at.

The browser tests are skipped, with the reason, when no Chromium is installed
(CI installs the Debian package ``chromium``); the checks of the markup itself
(self-contained, escaped, registered as an output format) always run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html as lxml_html

from checker.diff import diff_documents
from checker.booklet.model import Location
from checker.api import parse_file
from checker.reports.html import render_diff_html, render_findings_html

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TEXT_2020 = FIXTURES / "soumu-juten-shisaku-2020.txt"
SYNTHETIC_2019 = FIXTURES / "synthetic-2019-soumu-juten-shisaku.txt"
SCREENSHOTS = Path(os.environ.get("CHECKER_SCREENSHOTS", ROOT / "build" / "screenshots"))


def _find_chromium() -> str | None:
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


CHROMIUM = _find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium found (install the Debian package 'chromium', or set $CHROMIUM)"
)

BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--log-level=0",
]

ERROR_HOOK = """<script>
window.__checkerErrors = [];
window.addEventListener("error", function (event) { window.__checkerErrors.push("error: " + event.message); });
window.addEventListener("securitypolicyviolation", function (event) {
  window.__checkerErrors.push("csp: " + event.violatedDirective + " " + event.blockedURI);
});
["error", "warn"].forEach(function (level) {
  var original = console[level];
  console[level] = function () {
    window.__checkerErrors.push("console." + level + ": " + Array.prototype.join.call(arguments, " "));
    original.apply(console, arguments);
  };
});
</script>"""

INTERACTION_HOOK = """<script>
(function () {
  var out = {ready: document.documentElement.getAttribute("data-ready")};
  var column = function (table, index) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (row) { return row.cells[index].getAttribute("data-sort"); });
  };
  var table = document.getElementById("budget-table");
  if (table) {
    var heads = table.tHead.rows[0].cells;
    var index = function (key) { return Array.prototype.findIndex.call(heads, function (th) { return th.getAttribute("data-key") === key; }); };
    var click = function (key) { heads[index(key)].querySelector("button").click(); };
    click("change");
    out.change_ascending = column(table, index("change"));
    out.aria_after_one_click = heads[index("change")].getAttribute("aria-sort");
    click("change");
    out.change_descending = column(table, index("change"));
    out.aria_after_two_clicks = heads[index("change")].getAttribute("aria-sort");
    click("programme");
    out.names_ascending = column(table, index("programme"));
    click("status");
    out.status_ascending = column(table, index("status"));
    var visible = function () { return table.querySelectorAll("tbody tr:not(.filtered-out)").length; };
    var unchanged = document.querySelector("[data-filter-table] input[value=unchanged]");
    unchanged.click();
    out.visible_without_unchanged = visible();
    unchanged.click();
    out.visible_again = visible();
    var mismatch = document.querySelector("[data-filter-table] input[data-mismatch-only]");
    mismatch.click();
    out.visible_mismatch_only = visible();
    mismatch.click();
  }
  var collapse = document.querySelector("[data-action=collapse]");
  if (collapse) {
    collapse.click();
    out.open_after_collapse = document.querySelectorAll("#outline-tree details[open]").length;
    document.querySelector("[data-action=expand]").click();
    out.open_after_expand = document.querySelectorAll("#outline-tree details[open]").length;
    out.details = document.querySelectorAll("#outline-tree details").length;
    var changedOnly = document.getElementById("changed-only");
    changedOnly.click();
    out.hidden_when_changed_only = Array.prototype.filter.call(document.querySelectorAll("#outline-tree .node"), function (node) {
      return node.offsetParent === null;
    }).length;
    out.quiet_nodes = document.querySelectorAll("#outline-tree .node.quiet").length;
    changedOnly.click();
  }
  var toolbar = document.getElementById("findings-toolbar");
  if (toolbar) {
    var fire = function (control) { control.dispatchEvent(new Event("change")); };
    var shown = function () { return parseInt(document.getElementById("shown-count").getAttribute("data-shown"), 10); };
    var visibleRules = function () {
      return Array.prototype.map.call(document.querySelectorAll("article.finding:not([hidden])"), function (a) { return a.getAttribute("data-rule"); });
    };
    out.shown_initially = shown();
    var warning = toolbar.querySelector("input[data-filter=severity][value=warning]");
    warning.checked = false; fire(warning);
    out.shown_without_warnings = shown();
    out.severities_without_warnings = Array.prototype.map.call(document.querySelectorAll("article.finding:not([hidden])"), function (a) { return a.getAttribute("data-severity"); });
    warning.checked = true; fire(warning);
    var rule = toolbar.querySelector("select[data-filter=rule]");
    rule.value = "NOT004"; fire(rule);
    out.rules_when_not004 = visibleRules();
    rule.value = ""; fire(rule);
    var page = toolbar.querySelector("input[data-filter=page]");
    page.value = "56"; fire(page);
    out.pages_when_56 = Array.prototype.map.call(document.querySelectorAll("article.finding:not([hidden])"), function (a) { return a.getAttribute("data-page"); });
    out.open_pages_when_56 = document.querySelectorAll("details.page:not([hidden])").length;
    page.value = ""; fire(page);
    var sort = document.getElementById("sort-findings");
    sort.value = "severity"; fire(sort);
    out.severity_order = Array.prototype.map.call(document.querySelectorAll(".flat-list article.finding"), function (a) { return a.getAttribute("data-severity"); });
    sort.value = "rule"; fire(sort);
    out.rule_order = Array.prototype.map.call(document.querySelectorAll(".flat-list article.finding"), function (a) { return a.getAttribute("data-rule"); });
    sort.value = "page"; fire(sort);
    out.in_pages_after_sorting_back = document.querySelectorAll("details.page article.finding").length;
    out.articles = document.querySelectorAll("article.finding").length;
  }
  out.resources = performance.getEntriesByType("resource").length;
  out.errors = window.__checkerErrors;
  var pre = document.createElement("pre");
  pre.id = "test-results";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def _with_hooks(page: bytes) -> bytes:
    text = page.decode("utf-8")
    assert text.count("<head>") == 1 and text.count("</body>") == 1
    text = text.replace("<head>", "<head>" + ERROR_HOOK, 1).replace("</body>", INTERACTION_HOOK + "</body>", 1)
    return text.encode("utf-8")


def _chromium(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="checker-chromium-") as profile:
        return subprocess.run(
            [CHROMIUM, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args],
            cwd=cwd,
            capture_output=True,
            timeout=180,
        )


def load_in_browser(page: bytes, tmp_path: Path) -> tuple[lxml_html.HtmlElement, dict, str]:
    """(DOM after the hooks ran, what the hooks recorded, the browser's log)."""
    path = tmp_path / "report-under-test.html"
    path.write_bytes(_with_hooks(page))
    result = _chromium(["--dump-dom", path.as_uri()], tmp_path)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    dom = lxml_html.fromstring(result.stdout)
    results = dom.get_element_by_id("test-results")
    return dom, json.loads(results.text_content()), result.stderr.decode("utf-8", "replace")


def screenshot(page: bytes, name: str, tmp_path: Path) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    source = tmp_path / f"{name}.html"
    source.write_bytes(page)
    target = SCREENSHOTS / f"{name}.png"
    result = _chromium([f"--screenshot={target}", "--window-size=1400,2000", source.as_uri()], tmp_path)
    assert result.returncode == 0 and target.exists() and target.stat().st_size > 10_000, result.stderr.decode("utf-8", "replace")[-2000:]
    return target


def CLASS(name: str) -> str:
    """An XPath predicate: the element has this class."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _console_problems(log: str) -> list[str]:
    # Chromium logs page console messages as "CONSOLE(...)" / ":INFO:CONSOLE" lines.
    return [line for line in log.splitlines() if "CONSOLE" in line and ("Uncaught" in line or "Refused" in line or "Error" in line)]


def _section_only(page: bytes, section: str) -> bytes:
    """The report with only one section showing, for a screenshot of that section."""
    style = f"<style>header.report-head, main > section:not(#{section}), footer {{ display: none !important; }}</style>"
    return page.replace(b"</head>", style.encode("utf-8") + b"</head>", 1)


# ------------------------------------------------------------------ the diff
@pytest.fixture(scope="module")
def edition_diff():
    new = parse_file(str(TEXT_2020))
    if SYNTHETIC_2019.exists():
        return diff_documents(parse_file(str(SYNTHETIC_2019)), new)
    pytest.skip("fixtures/synthetic-2019-soumu-juten-shisaku.txt is not in fixtures/ yet")


@needs_chromium
def test_the_diff_report_in_a_browser(edition_diff, tmp_path):
    page = render_diff_html(edition_diff)
    dom, seen, log = load_in_browser(page, tmp_path)
    assert seen["errors"] == [] and _console_problems(log) == []
    assert seen["ready"] == "1"
    assert seen["resources"] == 0  # nothing fetched: the page is self-contained

    # Summary counts as the diff has them.
    counts = {
        (card.get("id"), span.get("data-kind")): int(span.get("data-count"))
        for card in dom.xpath(f"//div[{CLASS('card')}]")
        for span in card.xpath(".//*[@data-count]")
    }
    for kind, count in edition_diff.heading_counts().items():
        assert counts[("count-headings", kind)] == count
    for status, count in {**edition_diff.budget_counts(), **edition_diff.budget_apart_counts()}.items():
        assert counts[("count-budget", status)] == count
    for status, count in edition_diff.text_counts().items():
        assert counts[("count-text", status)] == count
    assert dom.get_element_by_id("synthetic-banner") is not None

    # Tables and outline: one row per programme, per chapter, per heading.
    rows = dom.xpath("//table[@id='budget-table']/tbody/tr")
    assert len(rows) == len(edition_diff.budget)
    assert len(dom.xpath("//table[@id='totals']/tbody/tr")) == len(edition_diff.totals)
    structural = [node for node in edition_diff.counted_headings() if node.status not in ("unchanged", "modified")]
    assert len(dom.xpath("//table[@id='structure-table']/tbody/tr")) == len(structural) == 30
    assert len(dom.xpath(f"//*[@id='outline-tree']//*[{CLASS('node')}]")) == sum(1 for _ in edition_diff.headings())
    assert len(dom.xpath(f"//*[@id='text']//*[{CLASS('change')}]")) == len(edition_diff.text_changes())
    assert dom.xpath("//*[@id='text']//del") and dom.xpath("//*[@id='text']//ins")

    # Sorting: numbers ascending then descending, empty cells last both ways.
    def numbers(values):
        return [float(value) for value in values if value]

    ascending = numbers(seen["change_ascending"])
    assert ascending == sorted(ascending) and len(ascending) > 100
    descending = numbers(seen["change_descending"])
    assert descending == sorted(descending, reverse=True)
    assert seen["change_descending"][-1] in ("", None) or all(seen["change_descending"])
    assert seen["aria_after_one_click"] == "ascending" and seen["aria_after_two_clicks"] == "descending"
    # Names sort by the browser's Japanese collation: a permutation of the rows, not their document order.
    document_order = [row.xpath("./th")[0].get("data-sort") for row in rows]
    assert sorted(seen["names_ascending"]) == sorted(document_order) and seen["names_ascending"] != document_order
    status_order = [int(value) for value in seen["status_ascending"]]
    assert status_order == sorted(status_order)

    # Filters and outline controls.
    # The table has a row per printing (再掲 copies too), unlike the summary's programme counts.
    unchanged_rows = sum(1 for row in edition_diff.budget if row.status == "unchanged")
    assert seen["visible_without_unchanged"] == len(rows) - unchanged_rows
    assert seen["visible_again"] == len(rows)
    assert seen["visible_mismatch_only"] == sum(1 for row in edition_diff.budget if row.prior_mismatch)
    assert seen["open_after_collapse"] == 0 and seen["open_after_expand"] == seen["details"] > 0
    assert seen["hidden_when_changed_only"] >= seen["quiet_nodes"] > 0

    target = screenshot(page, "diff-report", tmp_path)
    for section in ("structure", "outline", "text", "budget"):
        screenshot(_section_only(page, section), f"diff-report-{section}", tmp_path)
    assert target.exists()


@needs_chromium
def test_a_diff_report_of_an_edition_against_itself(tmp_path):
    document = parse_file(str(TEXT_2020))
    page = render_diff_html(diff_documents(document, parse_file(str(TEXT_2020))))
    dom, seen, log = load_in_browser(page, tmp_path)
    assert seen["errors"] == [] and _console_problems(log) == []
    assert not dom.xpath("//*[@id='synthetic-banner']")
    assert [int(span.get("data-count")) for span in dom.xpath("//*[@id='count-headings']//*[@data-count]")][:5] == [0, 0, 0, 0, 0]
    assert dom.xpath(f"//*[@id='text']//*[{CLASS('empty')}]")


@needs_chromium
def test_hostile_document_text_is_escaped(tmp_path):
    """Text that looks like markup stays text: no element, no script runs."""
    document = parse_file(str(TEXT_2020))
    hostile_lines = []
    for line in document.raw.lines:
        text = line.text
        if "豊かなライフスタイルの提示による地方への人の流れの創出" in text and not text.startswith("-"):
            text = text + "<script>window.__pwned=1;console.error('pwned')</script><img src=x onerror=alert(1)>"
        hostile_lines.append(type(line)(number=line.number, text=text, page_index=line.page_index, printed_page=line.printed_page))
    from checker.booklet.model import RawDocument
    from checker.booklet.parser import parse

    hostile = parse(RawDocument(path="hostile\u0007<b>.txt", lines=hostile_lines, source_kind="text", has_pages=False))
    page = render_diff_html(diff_documents(document, hostile))
    dom, seen, log = load_in_browser(page, tmp_path)
    assert seen["errors"] == [] and _console_problems(log) == []
    assert not dom.xpath("//img") and len(dom.xpath("//script")) == 3  # the two hooks and the report's own
    assert "<script>window.__pwned" in dom.text_content()


# ------------------------------------------------------------------ findings
@dataclass(frozen=True)
class _Finding:
    """The fields of checker.lint.findings.Finding that the renderer reads."""

    rule: str
    name: str
    severity: str
    message: str
    location: Location
    related: tuple = ()
    excerpt: str = ""
    expected: str | None = None
    fingerprint: str = ""


def _findings(path: str) -> list:
    try:
        from checker.lint.findings import Finding
    except ImportError:  # the findings module lands on main with the rule engine
        Finding = _Finding
    return [
        Finding("TOC001", "toc-page-mismatch", "error", "contents entry names page 12, the topic is on page 13",
                Location(path, 2, 21), (Location(path, 13, 334),), "5G・光ファイバ等の全国展開支援……………12", None, "a1"),
        Finding("TOC002", "toc-title-mismatch", "warning", "contents title differs from the heading",
                Location(path, 2, 15), (Location(path, 5, 178),), "地域との多様な関わりの創出(関係人口の創出・拡大等)",
                "地域との多様な関わりの創出（関係人口の創出・拡大）", "a2"),
        Finding("REP001", "repeat-differs", "warning", "the 再掲 copy differs from the original",
                Location(path, 45, 1004), (Location(path, 26, 633),), "多言語翻訳の普及推進<script>alert(1)</script>",
                "多言語翻訳の普及推進", "a3"),
        Finding("BUD003", "budget-total-mismatch", "info", "the block total is not the sum of its programmes",
                Location(path, None, None), (), "", None, "a4"),
    ]


@needs_chromium
def test_the_findings_report_in_a_browser(tmp_path):
    document = parse_file(str(TEXT_2020))
    findings = _findings(document.path)
    page = render_findings_html(findings, [document], synthetic_paths=["other-synthetic.txt"])
    dom, seen, log = load_in_browser(page, tmp_path)
    assert seen["errors"] == [] and _console_problems(log) == []
    assert seen["resources"] == 0
    assert len(dom.xpath(f"//article[{CLASS('finding')}]")) == len(findings)
    pages = [details.get("data-page") for details in dom.xpath(f"//details[{CLASS('page')}]")]
    assert pages == ["2", "45", ""]  # by page, unknown page last
    counts = {span.get("data-kind"): int(span.get("data-count")) for span in dom.xpath("//*[@id='count-severity']//*[@data-count]")}
    assert counts == {"error": 1, "warning": 2, "info": 1}
    # Differing characters marked on both sides.
    pair = dom.xpath(f"//article[@data-rule='TOC002']//*[{CLASS('pair')}]")[0]
    assert [node.text_content() for node in pair.xpath(".//del")] == ["（", "）"]
    assert [node.text_content() for node in pair.xpath(".//ins")] == ["(", "等)"]
    assert "<script>alert(1)</script>" in dom.xpath("//article[@data-rule='REP001']")[0].text_content()
    assert dom.xpath("//*[@id='synthetic-banner']")
    screenshot(page, "findings-report", tmp_path)


@needs_chromium
def test_the_japanese_findings_report_of_the_real_pdf_in_a_browser(tmp_path):
    """The report an editor opens: Japanese labels and messages, page links
    into the PDF, the legend, filters and sorting that work, no console errors."""
    import sys

    from conftest import PDF_2020

    report = tmp_path / "report.html"
    result = subprocess.run([sys.executable, "-m", "checker", "check", str(PDF_2020), "--lang", "ja", "--fail-on", "never",
                             "-o", str(report)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    page = report.read_bytes()
    dom, seen, log = load_in_browser(page, tmp_path)
    assert seen["errors"] == [] and _console_problems(log) == []
    assert seen["resources"] == 0
    assert dom.get("lang") == "ja"
    assert dom.xpath("//h1")[0].text_content() == "検査結果レポート"
    assert dom.get_element_by_id("legend").xpath(".//h2")[0].text_content() == "指摘の見方"
    labels = [label.text_content().strip() for label in dom.xpath("//*[@id='findings-toolbar']//label")]
    assert labels[:3] == ["エラー", "警告", "情報"]
    messages = [p.text_content() for p in dom.xpath(f"//p[{CLASS('message')}]")]
    assert "目次の題名が節の見出しと異なる" in messages
    # Page links open the PDF at the physical page; their text names the printed page and the line on it.
    links = dom.xpath("//a[contains(@href, '#page=')]")
    assert links and all(link.get("href").split("#")[0].endswith("soumu-juten-shisaku-2020.pdf") for link in links)
    assert any(link.text_content() == "3ページ3行目" and link.get("href").endswith("#page=3") for link in links)
    # Filters: severity, rule, page; sorting by severity puts errors first, back to pages restores all.
    data = json.loads(subprocess.run([sys.executable, "-m", "checker", "check", str(PDF_2020), "--format", "json", "--fail-on", "never"],
                                     capture_output=True, text=True, timeout=300).stdout)
    by_severity = data["summary"]["by_severity"]
    assert seen["shown_initially"] == len(data["findings"]) > 30
    assert "warning" not in seen["severities_without_warnings"]
    assert seen["shown_without_warnings"] == by_severity["error"] + by_severity["info"]
    assert set(seen["rules_when_not004"]) == {"NOT004"}
    assert set(seen["pages_when_56"]) == {"56"} and seen["open_pages_when_56"] == 1
    order = {"error": 0, "warning": 1, "info": 2}
    assert [order[s] for s in seen["severity_order"]] == sorted(order[s] for s in seen["severity_order"])
    assert seen["rule_order"] == sorted(seen["rule_order"]) and len(seen["rule_order"]) == seen["articles"]
    assert seen["in_pages_after_sorting_back"] == seen["articles"]
    # Six サーバ findings on page 56 are one entry with six occurrences.
    server = [a for a in dom.xpath("//article[@data-rule='NOT004'][@data-page='56']") if "「サーバ」" in a.text_content()]
    assert len(server) == 1 and len(server[0].xpath(".//ol[@class='occurrences']/li")) == 6
    screenshot(page, "findings-report-ja", tmp_path)


# --------------------------------------------------- the markup, no browser
def _external_references(page: bytes) -> list[str]:
    """Every URL the page could fetch: src/href/action attributes, CSS url() and @import."""
    dom = lxml_html.fromstring(page)
    found = []
    for element in dom.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("src", "href", "action", "poster", "data", "srcset"):
            value = element.get(attribute)
            if value is not None and not value.startswith("#"):
                if element.tag == "a" and attribute == "href" and "#page=" in value:
                    continue  # a link the reader clicks to open the checked PDF's page, not a fetched resource
                found.append(f"{element.tag}@{attribute}={value}")
        if element.tag == "link":
            found.append("link element")
    for style in dom.iter("style"):
        if "url(" in (style.text or "") or "@import" in (style.text or ""):
            found.append("CSS url()/@import")
    return found


def test_the_reports_are_self_contained(edition_diff):
    diff_page = render_diff_html(edition_diff)
    findings_page = render_findings_html(_findings(edition_diff.new_path), [edition_diff.new_path])
    for page in (diff_page, findings_page):
        assert page.startswith(b"<!DOCTYPE html>")
        assert _external_references(page) == []
        dom = lxml_html.fromstring(page)
        assert dom.get("lang") == "ja"
        assert [script.get("src") for script in dom.iter("script")] == [None]
        policy = dom.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert policy and "default-src 'none'" in policy[0]


def test_control_characters_and_markup_in_document_text_are_escaped():
    from checker.booklet.model import RawDocument, SourceLine
    from checker.booklet.parser import parse

    def document(text):
        lines = ["I 章の見出し", "1 節の見出し", "施策の見出し", "(1) 項目の見出し", text]
        return parse(RawDocument(path="x.txt", lines=[SourceLine(i + 1, t) for i, t in enumerate(lines)], source_kind="text", has_pages=False))

    old = document("- ・本文に</p><script>alert(1)</script>と制御文字\x0cと\x00を含む文であり、十分に長い一行の本文である。")
    new = document("- ・本文に</p><script>alert(2)</script>と制御文字\x0cと\x00を含む文であり、十分に長い一行の本文である。")
    page = render_diff_html(diff_documents(old, new))
    dom = lxml_html.fromstring(page)
    assert len(dom.xpath("//script")) == 1
    text = dom.xpath("//*[@id='text']")[0].text_content()
    assert "<script>alert(" in text and "\ufffd" in text


def test_the_findings_format_is_registered_as_a_plugin():
    from checker.outputs import RenderContext
    from checker.plugins import collect_output_formats, make_plugin_manager
    from checker.lint.findings import Summary
    from checker.reports import findings_html

    manager = make_plugin_manager(load_entry_points=False, plugins=[findings_html])
    formats = collect_output_formats(manager)
    assert "html" in formats
    context = RenderContext(tool_version="test", paths=("a.txt",), rules=(), summary=Summary(), synthetic_paths=("a.txt",))
    page = formats["html"].render(_findings("a.txt"), context)
    dom = lxml_html.fromstring(page)
    assert len(dom.xpath(f"//article[{CLASS('finding')}]")) == 4
    assert dom.xpath("//*[@id='synthetic-banner']")
