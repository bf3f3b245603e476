"""Languages: the catalogs, how the language is chosen, and what an editor reads.

The Japanese catalog is ``checker/locale/ja/LC_MESSAGES/checker.po`` (English
message ids); its compiled ``.mo`` is committed, so these tests check that it
matches the ``.po`` and that the ``.po`` covers every message in the source.
"""

from __future__ import annotations

import ast
import gettext
import io
import json
import os
import re
import subprocess
import sys

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import PDF_2020, ROOT, TEXT_2020
from rulecheck import assert_snapshot

from checker.i18n import Message, Translator, msg, resolve_language

PO = ROOT / "checker" / "locale" / "ja" / "LC_MESSAGES" / "checker.po"
MO = PO.with_suffix(".mo")
# The extraction command of the README ("Languages"), as Babel's command line runs it.
EXTRACT = ["extract", "-F", "babel.toml", "-k", "msg", "-k", "N_", "-k", "Option:2", "-k", "_", "--no-wrap", "--no-location", "--omit-header"]
BRACE = re.compile(r"(?<!\{)\{([a-z_0-9]*)(?:![rsa])?(?::[^{}]*)?\}")
PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]?\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")


def run_cli(args, env=None):
    environment = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=ROOT, env=environment, timeout=300)


@pytest.fixture(scope="module")
def catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


# ------------------------------------------------------------------ catalogs
def test_every_message_has_a_japanese_translation(catalog):
    untranslated = [message.id for message in catalog if message.id and (not message.string or message.fuzzy)]
    assert untranslated == []
    assert len(catalog) > 400


def test_placeholders_match_between_languages(catalog):
    for message in catalog:
        if not message.id:
            continue
        assert set(BRACE.findall(message.id)) == set(BRACE.findall(message.string)), message.id
        assert sorted(PERCENT.findall(message.id)) == sorted(PERCENT.findall(message.string)), message.id


def test_the_catalog_covers_every_message_in_the_source(tmp_path, catalog):
    from babel.messages.frontend import CommandLineInterface

    template = tmp_path / "checker.pot"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(["pybabel", "-q", *EXTRACT, "-o", str(template), "."])
    finally:
        os.chdir(cwd)
    with template.open("rb") as handle:
        extracted = {message.id for message in read_po(handle) if message.id}
    translated = {message.id for message in catalog if message.id}
    assert sorted(extracted - translated) == [], "run the catalog update of the README"
    assert sorted(translated - extracted) == [], "the catalog has messages the source no longer uses"
    # The rule documentation is in it, section by section.
    from checker.plugins import collect_rules, make_plugin_manager

    for rule in collect_rules(make_plugin_manager()):
        for text in rule.doc_sections().values():
            assert text in extracted, (rule.code, text[:40])


def _error_texts_written_in_place() -> list[tuple[str, str]]:
    """(where, text) of every UsageError / InputError raised with a string literal or
    an f-string instead of msg(): each placeholder of an f-string shown as X."""
    found = []
    for folder in ("checker", "rules", "reports"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in ("UsageError", "InputError") and node.args):
                    continue
                text = node.args[0]
                if isinstance(text, ast.Constant) and isinstance(text.value, str):
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text.value))
                elif isinstance(text, ast.JoinedStr):
                    shown = "".join(part.value if isinstance(part, ast.Constant) else "X" for part in text.values)
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", shown))
    return found


def test_every_error_written_without_msg_is_a_plain_template_the_catalog_translates():
    """An error a user reads is a msg() (translated where it is shown), or, in the
    reading layer whose messages cross a process boundary as plain text, matches one of
    ``checker.i18n.PLAIN_TEMPLATES``; anything else would reach a Japanese editor in English."""
    from checker.i18n import _translate_plain

    japanese = Translator("ja")
    written = _error_texts_written_in_place()
    assert written, "the scan found the reading layer's plain errors"
    untranslated = [(where, text) for where, text in written if not JAPANESE.search(_translate_plain(text, japanese))]
    assert untranslated == []


def test_the_committed_mo_matches_the_po(catalog):
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    with MO.open("rb") as handle:
        committed = gettext.GNUTranslations(handle)
    fresh = gettext.GNUTranslations(compiled)
    assert committed._catalog == fresh._catalog, "recompile: pybabel compile -d checker/locale -D checker"


# ------------------------------------------------------------ messages
def test_a_message_is_its_english_text_and_translates_at_output():
    message = msg("contents title differs from the {kind} heading", kind=msg("section"))
    assert message == "contents title differs from the section heading" and isinstance(message, str)
    assert Translator("ja").text(message) == "目次の題名が節の見出しと異なる"
    assert Translator("en").text(message) == message
    # Document text in arguments is never translated.
    quoted = msg("「{char}」 is never closed", char="section")
    assert Translator("ja").text(quoted) == "「section」が閉じられていない"


def test_a_message_survives_pickling():
    import pickle

    message = pickle.loads(pickle.dumps(msg("{path}: no such file", path="a.pdf")))
    assert isinstance(message, Message) and Translator("ja").text(message) == "a.pdf：ファイルがない"


def test_plain_reader_messages_are_recognised():
    assert Translator("ja").text("booklet.pdf: empty file (0 bytes)") == "booklet.pdf：空のファイル（0バイト）"
    assert Translator("ja").text("something unforeseen") == "something unforeseen"


@pytest.mark.parametrize(
    "given, configured, environ, expected",
    [
        ("en", "ja", {"LANG": "ja_JP.UTF-8"}, "en"),
        (None, "ja", {"LANG": "C"}, "ja"),
        (None, None, {"LANG": "ja_JP.UTF-8"}, "ja"),
        (None, None, {"LC_ALL": "en_US.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
        (None, None, {"LC_MESSAGES": "ja_JP.eucJP"}, "ja"),
        (None, None, {}, "en"),
    ],
)
def test_the_language_is_chosen_by_option_then_config_then_locale(given, configured, environ, expected):
    assert resolve_language(given, configured, environ) == expected


def test_the_lang_config_key(tmp_path):
    (tmp_path / "checker.toml").write_text('lang = "ja"\nselect = ["TOC002"]\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "checker", "check", str(TEXT_2020)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert "目次の題名が節の見出しと異なる" in result.stdout
    english = subprocess.run([sys.executable, "-m", "checker", "check", str(TEXT_2020), "--lang", "en"], capture_output=True, text=True,
                             cwd=tmp_path, timeout=300)
    assert "contents title differs from the section heading" in english.stdout
    (tmp_path / "checker.toml").write_text('lang = "fr"\n', encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "checker", "check", str(TEXT_2020)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert bad.returncode == 2 and "lang must be one of en, ja" in bad.stderr


# ----------------------------------------------- the real 2020 findings
@pytest.fixture(scope="module")
def reports():
    japanese = run_cli(["check", "fixtures/soumu-juten-shisaku-2020.pdf", "--fail-on", "never"], env={"LANG": "ja_JP.UTF-8", "LC_ALL": ""})
    english = run_cli(["check", "fixtures/soumu-juten-shisaku-2020.pdf", "--fail-on", "never", "--lang", "en"], env={"LANG": "ja_JP.UTF-8"})
    assert japanese.returncode == 0 and english.returncode == 0, japanese.stderr + english.stderr
    return {"ja": japanese.stdout, "en": english.stdout}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_snapshot_of_the_real_2020_findings(reports, lang):
    assert_snapshot(f"i18n/check-2020-pdf.{lang}", reports[lang].splitlines())


QUOTED = re.compile(r"「[^「」]*」|『[^『』]*』|⟦[^⟦⟧]*⟧")
DOCUMENT_LINE = re.compile(r"^\s*(?:期待|実際|本文|Expected|Found|Text)[：:]")  # the excerpt lines quote the document
PATH = re.compile(r"\S*soumu-juten-shisaku-2020\.pdf")
CODE = re.compile(r"\b[A-Z]{3}\d{3}\b|--[a-z-]+(?: [A-Z]+)?|\bPDF\b|\b[a-z]+(?:-[a-z]+)+\b")  # rule codes and names, options, the file type


def _outside_quotes(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if DOCUMENT_LINE.match(line):
            continue
        lines.append(CODE.sub(" ", PATH.sub(" ", QUOTED.sub(" ", line))))
    return lines


def test_japanese_locale_prints_japanese_only(reports):
    """LANG=ja_JP.UTF-8: no English word outside quoted document text, codes and paths."""
    english_words = [(line, re.findall(r"[A-Za-z]{2,}", line)) for line in _outside_quotes(reports["ja"])]
    assert [item for item in english_words if item[1]] == []
    assert "凡例" in reports["ja"] and re.search(r"^指摘\d+件：エラー\d+件、警告\d+件、情報\d+件$", reports["ja"], re.M)


# The booklet's own notation that English messages name as printed (a unit, markers, date parts).
DOCUMENT_TERMS = re.compile(r"億円|新規|再掲|の内数|事項要求|曜日|\d+月|\d+年|元年度")


def test_lang_en_prints_english_only(reports):
    leftovers = [line for line in _outside_quotes(reports["en"]) if JAPANESE.search(DOCUMENT_TERMS.sub(" ", line))]
    assert leftovers == []
    assert "Expected: " in reports["en"] and re.search(r"^\d+ finding\(s\): \d+ error\(s\), \d+ warning\(s\), \d+ info$", reports["en"], re.M)


def test_json_is_language_neutral():
    japanese = run_cli(["check", str(TEXT_2020), "--format", "json", "--select", "TOC"], env={"LANG": "ja_JP.UTF-8"})
    english = run_cli(["check", str(TEXT_2020), "--format", "json", "--select", "TOC", "--lang", "en"])
    assert japanese.stdout == english.stdout
    finding = json.loads(japanese.stdout)["findings"][0]
    assert finding["message"].startswith("contents title differs") and finding["message_ja"].startswith("目次の題名が")


# --------------------------------------------------- places on paper
def _printed_rows(pdf, physical_page: int) -> list[str]:
    """The page's printed lines from the top, read back with pdfminer alone
    (lines side by side in two columns share a row), as an editor counts them."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextBox, LTTextLine

    layout = next(extract_pages(str(pdf), page_numbers=[physical_page - 1]))
    lines = sorted((line for box in layout if isinstance(box, LTTextBox) for line in box if isinstance(line, LTTextLine)),
                   key=lambda line: -line.y1)
    tolerance = sorted(line.height for line in lines)[len(lines) // 2] / 2
    rows: list[list] = []
    for line in lines:
        if rows and rows[-1][0] - line.y1 <= tolerance:
            rows[-1][1].append(line.get_text().strip())
        else:
            rows.append([line.y1, [line.get_text().strip()]])
    return ["".join(texts).replace(" ", "") for _, texts in rows]


def test_every_pdf_finding_names_a_line_on_its_page_that_holds_the_quoted_text():
    import difflib

    data = json.loads(run_cli(["check", str(PDF_2020), "--format", "json", "--fail-on", "never"]).stdout)
    checked = 0
    for finding in data["findings"]:
        location = finding["location"]
        assert location["line_scope"] == "page" and location["physical_page"] >= 1
        if not finding["excerpt"]:
            continue  # a finding about missing text quotes nothing
        rows = _printed_rows(PDF_2020, location["physical_page"])
        row = rows[location["line"] - 1]
        quoted = max(finding["excerpt"].split("\n")[0].split("…"), key=len).replace(" ", "")
        shared = difflib.SequenceMatcher(None, quoted, row).find_longest_match().size
        assert shared >= min(4, len(row)), (finding["rule"], location, quoted, row)
        checked += 1
    assert checked >= 35


def test_text_input_keeps_file_lines():
    data = json.loads(run_cli(["check", str(TEXT_2020), "--format", "json", "--select", "TOC002"]).stdout)
    location = data["findings"][0]["location"]
    lines = TEXT_2020.read_text(encoding="utf-8").split("\n")
    assert location["line_scope"] == "file" and data["findings"][0]["excerpt"] in lines[location["line"] - 1]


# ------------------------------------------------------- CLI conventions
def test_output_format_from_the_extension_and_several_outputs(tmp_path):
    html, sarif, json_path = tmp_path / "r.html", tmp_path / "r.sarif", tmp_path / "data.out"
    result = run_cli(["check", str(TEXT_2020), "--select", "TOC", "--fail-on", "never", "-o", str(html), "-o", str(sarif),
                      "--output", f"json:{json_path}"])
    assert result.returncode == 0 and result.stdout == "", result.stderr
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert len(json.loads(json_path.read_text(encoding="utf-8"))["findings"]) == 2


def test_help_is_complete_in_both_languages():
    english = run_cli(["check", "--help"], env={"LANG": "C"}).stdout
    japanese = run_cli(["check", "--help", "--lang", "ja"]).stdout
    for option in ("--format", "--output", "--select", "--ignore", "--fail-on", "--severity", "--previous", "--baseline",
                   "--write-baseline", "--quiet", "--lang", "--encoding", "--timeout", "--max-memory", "--config"):
        assert option in english and option in japanese
    assert "exit codes: 0" in english and "html" in english and "sarif" in english
    assert japanese.startswith("使い方：") and "終了コード" in japanese and "出力形式" in japanese
    assert "show this help message" not in japanese


def test_usage_errors_speak_the_language():
    result = run_cli(["check"], env={"LANG": "ja_JP.UTF-8"})
    assert result.returncode == 2 and result.stderr.startswith("checker: エラー：次の引数が必要") and len(result.stderr.splitlines()) == 1
    missing = run_cli(["parse", "/nonexistent/案.pdf", "--lang", "ja"])
    assert missing.stderr.strip() == "checker: エラー：/nonexistent/案.pdf：ファイルがない"


def test_rules_accepts_a_prefix_and_never_truncates():
    listing = run_cli(["rules"]).stdout
    from checker.plugins import collect_rules, make_plugin_manager

    longest = max(collect_rules(make_plugin_manager()), key=lambda rule: len(rule.doc_sections()["What it does"]))
    assert " ".join(longest.doc_sections()["What it does"].split()) in listing
    toc = run_cli(["rules", "TOC", "--lang", "ja"]).stdout
    assert [line.split()[0] for line in toc.splitlines() if re.match(r"TOC\d{3} ", line)] == [f"TOC00{n}" for n in range(1, 6)]
    assert "内容：" in toc and "問題点：" in toc and "例：" in toc and "目次の各項目のページ番号" in toc


def test_quiet_leaves_out_legend_and_summary():
    result = run_cli(["check", str(TEXT_2020), "--select", "TOC", "--quiet", "--fail-on", "never"])
    assert result.stdout.splitlines()[0].endswith("2 finding(s)") and "finding(s):" not in result.stdout


# ------------------------------------------------------------- baseline
def test_a_baseline_survives_renaming_the_file(tmp_path):
    draft, final = tmp_path / "案.txt", tmp_path / "最終版.txt"
    draft.write_bytes(TEXT_2020.read_bytes())
    final.write_bytes(TEXT_2020.read_bytes())
    baseline = tmp_path / "baseline.json"
    written = run_cli(["check", str(draft), "--write-baseline", str(baseline)])
    assert written.returncode == 0 and "wrote" in written.stderr
    result = run_cli(["check", str(final), "--baseline", str(baseline), "--format", "json", "--fail-on", "warning"])
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["findings"] == [] and data["summary"]["suppressed_by_baseline"] > 30


# --------------------------------------------------------------- ledger
def test_ledger_csv_for_excel():
    japanese = run_cli(["ledger", str(TEXT_2020), "--format", "csv", "--lang", "ja"]).stdout
    assert japanese.startswith("\ufeff章,節,事業名,予算額,前年度額,単位")
    rows = japanese.splitlines()
    assert "168000.0" in japanese and not any(re.search(r"\d,\d{3}", row.split(",")[3]) for row in rows[1:])  # plain numbers
    assert {row.split(",")[0] for row in rows[1:]} <= {"Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", ""}
    plain = run_cli(["ledger", str(TEXT_2020), "--format", "csv", "--no-bom"]).stdout
    assert plain.startswith("chapter,section,name,amount,prior-year amount")


def test_text_tables_align_by_display_width():
    from checker.reports.display import display_width

    text = run_cli(["ledger", str(TEXT_2020), "--lang", "ja"]).stdout
    totals = [line for line in text.splitlines() if line.startswith("  第") and "章" in line]
    assert len(totals) == 5
    columns = {display_width(line[: line.index(".", line.index("章")) + 2]) for line in totals}  # the end of the amount
    assert len(columns) == 1, totals


# ------------------------------------------------------- the edition-diff HTML
SYNTHETIC_2019 = ROOT / "fixtures" / "synthetic-2019-soumu-juten-shisaku.txt"
# The marker the project prints on synthetic data in every language.
MARKERS = re.compile(r"\bSYNTHETIC\b")
# Besides DOCUMENT_TERMS, the booklet's mark of fiscal investment and loans, named as printed.
FISCAL_INVESTMENT = re.compile(r"財政投融資|財投")


def _document_strings(diff) -> list[str]:
    """Every string the diff carries (titles, programme names, amounts as printed,
    paths, sentences): document text, never translated. Longest first."""
    found: set[str] = {os.path.basename(diff.old_path), os.path.basename(diff.new_path)}
    seen: set[int] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            if value.strip():
                found.add(value.strip())
            return
        if id(value) in seen or isinstance(value, (int, float)) or value is None:
            return
        seen.add(id(value))
        if isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item)
        elif hasattr(value, "__dict__") or hasattr(value, "__slots__"):
            names = list(getattr(value, "__dict__", {})) + list(getattr(value, "__slots__", ()))
            for name in names:
                walk(getattr(value, name, None))

    walk(diff)
    return sorted(found, key=len, reverse=True)


def _report_text(page: bytes, document: list[str]) -> list[str]:
    """What an editor reads on the page (text, tooltips, labels), document text and quotes taken out."""
    from lxml import html as lxml_html

    dom = lxml_html.fromstring(page)
    for node in dom.xpath("//script | //style"):
        node.drop_tree()
    pieces = [text for text in dom.xpath("//text()")]
    pieces += dom.xpath("//@title | //@aria-label")
    exact = set(document)
    shown = []
    for piece in (str(piece).strip() for piece in pieces):
        if not piece or piece in exact:
            continue
        if JAPANESE.search(piece) or re.search(r"[A-Za-z]{2,}", piece):
            for text in document:  # a label with document text inside it
                if len(text) > 1 and text in piece:
                    piece = piece.replace(text, " ")
        shown.append(CODE.sub(" ", QUOTED.sub(" ", MARKERS.sub(" ", piece))))
    return shown


@pytest.fixture(scope="module")
def diff_pages(tmp_path_factory):
    from checker.api import parse_file
    from checker.diff import diff_documents

    folder = tmp_path_factory.mktemp("diff-html")
    pages = {}
    for lang in ("en", "ja"):
        target = folder / f"diff.{lang}.html"
        # Without page images: their labels (checker.reports.page_images.LABELS) are not in the catalog yet.
        result = run_cli(["diff", str(SYNTHETIC_2019), str(TEXT_2020), "--format", "html", "--lang", lang, "--no-images", "-o", str(target)])
        assert result.returncode == 0, result.stderr
        pages[lang] = target.read_bytes()
    diff = diff_documents(parse_file(str(SYNTHETIC_2019)), parse_file(str(TEXT_2020)))
    return pages, _document_strings(diff)


def test_the_english_diff_html_has_no_japanese_outside_document_text(diff_pages):
    pages, document = diff_pages
    assert b'<html lang="en">' in pages["en"]
    leftovers = [piece for piece in _report_text(pages["en"], document) if JAPANESE.search(DOCUMENT_TERMS.sub(" ", FISCAL_INVESTMENT.sub(" ", piece)))]
    assert leftovers == []
    assert b"Budget totals by chapter" in pages["en"] and b"Outline side by side" in pages["en"]


def test_the_japanese_diff_html_has_no_english_label_words(diff_pages):
    pages, document = diff_pages
    assert b'<html lang="ja">' in pages["ja"]
    words = [(piece, re.findall(r"[A-Za-z]{2,}", piece)) for piece in _report_text(pages["ja"], document)]
    assert [item for item in words if item[1]] == []
    assert "章別の予算合計" in pages["ja"].decode("utf-8") and "構成の対照" in pages["ja"].decode("utf-8")


def test_node_kinds_have_one_name_in_every_output():
    """One table names node kinds (checker.i18n.KIND_TERMS): the text diff, the outline, rule
    messages and the HTML diff say the same word for a kind, in both languages."""
    from checker.booklet import model
    from checker.i18n import KIND_TERMS, Translator
    from checker.reports import html

    kinds = (*model.HEADING_KINDS, *model.CONTENT_KINDS, model.UNCLASSIFIED)
    assert set(kinds) <= set(KIND_TERMS)
    for lang, budget in (("en", "budget line"), ("ja", "予算の行")):
        translate = Translator(lang)
        assert [html._kind(kind, translate) for kind in kinds] == [translate(KIND_TERMS[kind]) for kind in kinds]
        assert html._kind(model.BUDGET, translate) == budget
    assert Translator("ja")(KIND_TERMS[model.UNCLASSIFIED]) == "未分類の行"
