"""The check findings as one self-contained HTML page, in the reader's language.

Grouped by file and page; each finding names its place on paper (printed page,
line on that page) and links a PDF page (``booklet.pdf#page=N``); expected and
found text side by side with the differing characters marked, and a legend;
one problem reported on several lines of a page is one entry with its
occurrences. A toolbar filters by severity, rule and page and sorts by page,
severity or rule. Built with the helpers of ``checker.reports.html`` (an lxml
tree, so every document string is escaped).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from typing import Iterable

from lxml import etree

from checker.hookspecs import hookimpl
from checker.i18n import N_, Translator
from checker.reports.display import SEVERITY_ORDER, STRUCTURE_LABEL, STRUCTURE_NOTICE, difference, group_occurrences, page_heading, severity_name, sort_for_page, where
from checker.reports import page_images as page_figures
from checker.reports.html import _count_card, _page, _serialise, _synthetic_banner, add, el

LEGEND_ITEMS = (
    ("side old", N_("Expected"), N_("the form the document uses elsewhere, or the original of a repeat")),
    ("side new", N_("Found"), N_("the text at this place")),
)


def render_findings_html(findings, documents: Iterable = (), *, synthetic_paths: Iterable[str] = (), skipped_rules: Iterable = (),
                         lang: str = "ja", links: dict | None = None, page_images=None, unrecognised_paths: Iterable[str] = ()) -> bytes:
    """Check findings as one self-contained HTML page.

    ``findings`` are ``checker.lint.findings.Finding`` records; ``documents`` the
    checked booklets (``Document`` objects, or plain paths), used to list every
    file, even one without findings, and to say which is synthetic;
    ``skipped_rules`` (code, reason) pairs shown under the summary; ``links``
    maps a path to the href that opens it from where the report is written
    (default: the path as given); with ``page_images``
    (``checker.reports.page_images.PageImages``) each finding shows its page with its line outlined;
    ``unrecognised_paths`` are files in which no booklet structure was recognised (a banner says so).
    """
    translate = Translator(lang)
    findings = list(findings)
    paths, synthetic = _paths(findings, documents, synthetic_paths)
    unrecognised = [path for path in paths if path in set(unrecognised_paths)]
    header = el(
        "header",
        el("h1", translate(N_("Check report"))),
        _synthetic_banner([(translate(N_("Checked file")), path, label) for path, label in synthetic.items()], translate),
        _structure_banner(unrecognised, translate),
        _file_list(paths, findings, synthetic, translate, unrecognised),
        el("nav", el("a", translate(N_("Summary")), href="#summary"),
           [el("a", os.path.basename(path), href=f"#f-{index + 1}") for index, path in enumerate(paths)],
           class_="jump", aria_label=translate(N_("Contents"))),
        class_="report-head",
    )
    main = el("main", _summary(findings, skipped_rules, translate), _legend(translate), _toolbar(findings, translate))
    for index, path in enumerate(paths):
        file_findings = [f for f in findings if f.location.path == path]
        section = _file_section(path, file_findings, index + 1, path in synthetic, translate, (links or {}).get(path, path), page_images)
        if path in unrecognised:
            section.find("h2").append(_unrecognised_badge(translate))
        add(main, section)
    title = translate(N_("Check report")) + "：" + "、".join(os.path.basename(path) for path in paths)
    return _serialise(_page(title, "findings-report", header, main, lang=lang, script_extra=FINDINGS_SCRIPT, images=page_images))


def _paths(findings, documents, synthetic_paths) -> tuple[list[str], dict[str, str]]:
    paths: list[str] = []
    synthetic: dict[str, str] = {path: os.path.basename(path) for path in synthetic_paths}
    for document in documents:
        path = document if isinstance(document, str) else document.path
        if path not in paths:
            paths.append(path)
        if not isinstance(document, str):
            label = document.synthetic_label
            if label:
                synthetic[path] = label
    for finding in findings:
        if finding.location.path not in paths:
            paths.append(finding.location.path)
    return paths, synthetic


def _synthetic_badge(translate: Translator):
    return el("span", translate(N_("synthetic data")), class_="badge synthetic")


def _unrecognised_badge(translate: Translator):
    return el("span", translate(STRUCTURE_LABEL), class_="badge unrecognised")


def _structure_banner(paths: list[str], translate: Translator) -> etree._Element | None:
    """The notice that a file's structure was not recognised, above everything else."""
    if not paths:
        return None
    banner = el("div", el("strong", translate(STRUCTURE_LABEL)), class_="structure-banner", role="alert", id="structure-banner")
    for path in paths:
        add(banner, el("p", el("code", path), "：", translate(STRUCTURE_NOTICE)))
    return banner


def _file_list(paths, findings, synthetic, translate: Translator, unrecognised=()) -> etree._Element:
    files = el("ul", class_="files")
    for index, path in enumerate(paths):
        count = sum(1 for finding in findings if finding.location.path == path)
        add(files, el("li", el("a", el("code", path), href=f"#f-{index + 1}"), "　",
                      translate.format(N_("{count} finding(s)"), count=count), " ",
                      _synthetic_badge(translate) if path in synthetic else None,
                      [" ", _unrecognised_badge(translate)] if path in unrecognised else None))
    return files


def _summary(findings, skipped_rules, translate: Translator) -> etree._Element:
    by_severity = Counter(finding.severity for finding in findings)
    items = [(severity, severity_name(severity, translate), by_severity.get(severity, 0), f"sev-{severity}") for severity in SEVERITY_ORDER]
    by_rule = Counter((finding.rule, finding.name, finding.severity) for finding in findings)
    table = el("table", class_="numbers rules", id="rules")
    add(table, el("thead", el("tr", *[el("th", translate(label), scope="col") for label in (N_("Rule"), N_("Name"), N_("Severity"), N_("Findings"))])))
    body = el("tbody")
    # Errors first, then by rule code.
    for (code, name, severity), count in sorted(by_rule.items(), key=lambda item: (SEVERITY_ORDER.index(item[0][2]), item[0][0])):
        add(body, el("tr", el("td", el("code", code)), el("td", name), el("td", severity_name(severity, translate)), el("td", str(count))))
    add(table, body)
    return el(
        "section",
        el("h2", translate(N_("Summary"))),
        el("div", _count_card(translate(N_("Findings by severity")), items, "count-severity"), class_="cards"),
        table if by_rule else el("p", translate(N_("No findings.")), class_="empty"),
        [el("p", translate.format(N_("{code} was not run: {reason}"), code=code, reason=translate.text(reason)), class_="note skipped")
         for code, reason in skipped_rules],
        id="summary",
    )


def _legend(translate: Translator) -> etree._Element:
    items = el("dl", class_="legend-items")
    for css, term, meaning in LEGEND_ITEMS:
        add(items, el("dt", el("span", translate(term), class_=f"legend-swatch {css}")), el("dd", translate(meaning)))
    add(items, el("dt", el("del", translate(N_("abc")))), el("dd", translate(N_("characters the expected text has and the found text lacks"))))
    add(items, el("dt", el("ins", translate(N_("abc")))), el("dd", translate(N_("characters the found text has instead"))))
    return el("section", el("h2", translate(N_("How to read the findings"))), items,
              el("p", translate(N_("Places are the printed page and the line counted from the top of that page; "
                                   "in a PDF the page number opens the page.")), class_="note"),
              class_="legend", id="legend")


def _toolbar(findings, translate: Translator) -> etree._Element:
    severities = [el("label", el("input", type="checkbox", value=severity, checked=True, data_filter="severity"), " ",
                     severity_name(severity, translate)) for severity in SEVERITY_ORDER]
    rules = el("select", data_filter="rule", aria_label=translate(N_("Rule")))
    add(rules, el("option", translate(N_("all rules")), value=""))
    for code in sorted({finding.rule for finding in findings}):
        add(rules, el("option", code, value=code))
    sort = el("select", id="sort-findings", aria_label=translate(N_("Sort by")))
    for value, label in (("page", N_("page")), ("severity", N_("severity")), ("rule", N_("rule"))):
        add(sort, el("option", translate(label), value=value))
    return el(
        "div",
        el("span", translate(N_("Show:")), class_="toolbar-label"), severities,
        el("label", translate(N_("Rule")), " ", rules),
        el("label", translate(N_("Page")), " ", el("input", type="number", min="1", data_filter="page", size="4", placeholder=translate(N_("all")))),
        el("label", translate(N_("Sort by")), " ", sort),
        el("span", "", class_="shown-count", id="shown-count", data_template=translate(N_("{shown} of {total} shown"))),
        class_="controls findings-toolbar", id="findings-toolbar",
    )


def _file_section(path: str, findings: list, number: int, synthetic: bool, translate: Translator, link: str, page_images=None) -> etree._Element:
    section = el(
        "section",
        el("h2", el("code", path), " ", _synthetic_badge(translate) if synthetic else None,
           el("small", "　" + translate.format(N_("{count} finding(s)"), count=len(findings)))),
        class_="file", id=f"f-{number}",
    )
    add(section, page_figures.status_note(page_images.get(path)) if page_images else None)
    if not findings:
        add(section, el("p", translate(N_("No findings.")), class_="empty"))
        return section
    by_page: dict = defaultdict(list)
    for finding in findings:
        by_page[finding.location.page].append(finding)
    order = 0
    for page in sorted(by_page, key=lambda p: (p is None, p or 0)):
        groups = group_occurrences(sort_for_page(by_page[page]))
        severities = Counter(finding.severity for finding in by_page[page])
        details = el("details", open=True, class_="page", data_page="" if page is None else page)
        add(details, el("summary", el("span", page_heading(page, translate), class_="page-label"), " ",
                        el("span", translate.format(N_("{count} finding(s)"), count=len(by_page[page])), class_="count"), " ",
                        [(el("span", f"{severity_name(s, translate)} {severities[s]}", class_=f"badge sev-{s}"), " ") for s in SEVERITY_ORDER if severities[s]]))
        for group in groups:
            add(details, _finding(group, translate, link, order, page_images))
            order += 1
        add(section, details)
    add(section, el("div", class_="flat-list", hidden=True))
    return section


def _place(location, translate: Translator, link: str):
    text = where(location, translate)
    if location.in_pdf and location.physical_page is not None:
        return el("a", text, href=f"{link}#page={location.physical_page}", class_="page-link", target="_blank", rel="noopener")
    return text


def _finding(group: list, translate: Translator, link: str, order: int, page_images=None) -> etree._Element:
    first = group[0]
    head = el(
        "div",
        el("span", severity_name(first.severity, translate), class_=f"badge sev-{first.severity}"), " ",
        el("code", first.rule, class_="rule"), " ",
        el("span", first.name, class_="rule-name"), " ",
        el("span", _place(first.location, translate, link), class_="where") if len(group) == 1 else
        el("span", translate.format(N_("({count} occurrences)"), count=len(group)), class_="where"),
        class_="finding-head",
    )
    article = el("article", head, el("p", translate.text(first.message), class_="message"),
                 class_=f"finding f-{first.severity}", data_rule=first.rule, data_severity=first.severity,
                 data_page="" if first.location.page is None else first.location.page,
                 data_line=first.location.line or 0, data_order=order, data_count=len(group),
                 data_fingerprint=first.fingerprint or None)
    if len(group) == 1:
        add(article, _details(first, translate, link), page_figures.finding_figures(first, page_images))
        return article
    occurrences = el("ol", class_="occurrences")
    for finding in group:
        add(occurrences, el("li", el("div", _place(finding.location, translate, link), class_="where"), _details(finding, translate, link),
                            page_figures.finding_figures(finding, page_images)))
    add(article, occurrences)
    return article


def _details(finding, translate: Translator, link: str) -> list:
    parts = []
    if finding.expected is not None and finding.excerpt:
        expected, found = difference(finding.expected, finding.excerpt)
        parts.append(el(
            "div",
            el("div", el("div", translate(N_("Expected")), class_="side-label"), el("p", _runs(expected, "del")), class_="side old"),
            el("div", el("div", translate(N_("Found")), class_="side-label"), el("p", _runs(found, "ins")), class_="side new"),
            class_="pair",
        ))
    elif finding.excerpt:
        parts.append(el("blockquote", finding.excerpt, class_="excerpt"))
    if getattr(finding, "fix", None):
        from checker.lint.fixes import describe as describe_fix

        parts.append(el("p", translate(N_("Suggested fix:")), " ", describe_fix(finding.fix), class_="fix"))
    if finding.related:
        related = el("ul", class_="related")
        for location in finding.related:
            name = os.path.basename(location.path)
            same_file = location.path == finding.location.path
            add(related, el("li", None if same_file else el("code", name), " ", _place(location, translate, link if same_file else location.path)))
        parts.append(el("div", translate(N_("See also:")), " ", related, class_="related-wrap"))
    return parts


def _runs(runs, tag: str) -> list:
    return [el(tag, run.text) if run.changed else run.text for run in runs]


def render_findings_html_for_context(findings, context) -> bytes:
    """The renderer for the ``html`` output format: ``(findings, RenderContext)``."""
    summary = getattr(context, "summary", None)
    return render_findings_html(
        findings,
        tuple(getattr(context, "paths", ())),
        synthetic_paths=tuple(getattr(context, "synthetic_paths", ())),
        skipped_rules=tuple(getattr(summary, "skipped_rules", ()) or ()),
        lang=getattr(context, "lang", "ja"),
        links=dict(getattr(context, "links", {}) or {}),
        page_images=getattr(context, "page_images", None),
        unrecognised_paths=tuple(getattr(context, "unrecognised_paths", ())),
    )


@hookimpl
def checker_output_formats() -> list:
    """``checker check --format html``: the findings as a page for editors."""
    from checker.outputs import OutputFormat

    from checker.reports.findings_page import DESCRIPTION

    return [OutputFormat("html", DESCRIPTION, render_findings_html_for_context)]


# Filters (severity, rule, page) and sorting (page, severity, rule) of the findings.
FINDINGS_SCRIPT = r"""
(function () {
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var bar = document.getElementById("findings-toolbar");
  if (!bar) { return; }
  var articles = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var homes = articles.map(function (article) { return article.parentNode; });
  var rank = {error: 0, warning: 1, info: 2};
  var counter = document.getElementById("shown-count");
  var apply = function () {
    var severities = {};
    each(bar.querySelectorAll("input[data-filter=severity]"), function (box) { severities[box.value] = box.checked; });
    var rule = bar.querySelector("select[data-filter=rule]").value;
    var page = bar.querySelector("input[data-filter=page]").value;
    var shown = 0, total = 0;
    articles.forEach(function (article) {
      var visible = severities[article.getAttribute("data-severity")] &&
        (!rule || article.getAttribute("data-rule") === rule) &&
        (!page || article.getAttribute("data-page") === page);
      article.hidden = !visible;
      var count = parseInt(article.getAttribute("data-count"), 10);
      total += count;
      if (visible) { shown += count; }
    });
    each(document.querySelectorAll("details.page"), function (details) {
      details.hidden = !details.querySelector("article.finding:not([hidden])");
    });
    counter.textContent = counter.getAttribute("data-template").replace("{shown}", shown).replace("{total}", total);
    counter.setAttribute("data-shown", shown);
  };
  var sortBy = function (key) {
    var byPage = key === "page";
    each(document.querySelectorAll("section.file"), function (section) {
      var flat = section.querySelector(".flat-list");
      if (!flat) { return; }
      var mine = articles.filter(function (article) { return section.contains(article); });
      mine.sort(function (a, b) {
        var order = a.getAttribute("data-order") - b.getAttribute("data-order");
        if (key === "severity") { return (rank[a.getAttribute("data-severity")] - rank[b.getAttribute("data-severity")]) || order; }
        if (key === "rule") { return a.getAttribute("data-rule").localeCompare(b.getAttribute("data-rule")) || order; }
        return order;
      });
      mine.forEach(function (article) {
        if (byPage) { homes[articles.indexOf(article)].appendChild(article); } else { flat.appendChild(article); }
      });
      flat.hidden = byPage;
      each(section.querySelectorAll("details.page"), function (details) { details.style.display = byPage ? "" : "none"; });
    });
    document.body.setAttribute("data-sort", key);
  };
  each(bar.querySelectorAll("[data-filter]"), function (control) {
    control.addEventListener("change", apply);
    control.addEventListener("input", apply);
  });
  document.getElementById("sort-findings").addEventListener("change", function (event) { sortBy(event.target.value); });
  apply();
})();
"""
