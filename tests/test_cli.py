"""The command line as editors and CI use it: outputs, exit codes, config, baseline."""

import json
import os
import pathlib
import subprocess
import sys

import pytest
from conftest import TEXT_2020


def run_cli(args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_parse_prints_outline_and_counts():
    result = run_cli(["parse", str(TEXT_2020)])
    assert result.returncode == 0, result.stderr
    assert "summary: 5 chapters, 20 sections" in result.stdout
    assert "174 budget blocks" in result.stdout and "0 unparsed" in result.stdout and "0 unclassified" in result.stdout


def test_parse_json_tree_has_every_line():
    result = run_cli(["parse", str(TEXT_2020), "--format", "json"])
    data = json.loads(result.stdout)
    numbers = []

    def visit(node):
        numbers.extend(line["line"] for line in node["lines"])
        for header in node.get("headers", []):
            visit(header)
        for child in node.get("children", []):
            visit(child)

    visit(data["tree"])
    non_blank = [i + 1 for i, line in enumerate(TEXT_2020.read_text(encoding="utf-8").split("\n")) if line.strip()]
    assert sorted(numbers) == non_blank
    assert data["schema_version"] == 1 and len(data["ledger"]["entries"]) == 194


def test_ledger_formats():
    as_json = json.loads(run_cli(["ledger", str(TEXT_2020), "--format", "json"]).stdout)
    entry = as_json["entries"][0]
    assert set(entry) >= {"name", "amount", "prior_amount", "unit", "flags", "location"}
    assert as_json["unparsed"] == [] and as_json["totals"][0]["scope"] == "document"
    as_csv = run_cli(["ledger", str(TEXT_2020), "--format", "csv"]).stdout.splitlines()
    assert len(as_csv) == 195 and as_csv[0].startswith("\ufeffchapter,section,name,amount")  # BOM for Excel
    text = run_cli(["ledger", str(TEXT_2020)]).stdout
    assert "Totals exclude entries flagged part_of" in text and "unparsed budget blocks: 0" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["parse", "/nonexistent/booklet.pdf"], "no such file"),
        (["parse", "/tmp"], "is a directory"),
        (["check", str(TEXT_2020), "--format", "pdf"], "unknown format 'pdf'; known:"),
        (["check", str(TEXT_2020), "--select", "NOPE"], "no rule matches 'NOPE'"),
        (["rules", "XYZ999"], "no rule 'XYZ999'"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_errors_are_one_line_and_exit_2(args, message):
    result = run_cli(args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_empty_and_fake_pdf_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf", encoding="utf-8")
    for path, message in ((empty, "empty file"), (fake, "not a PDF")):
        result = run_cli(["parse", str(path)])
        assert result.returncode == 2 and message in result.stderr


def test_cp932_and_bom_inputs(tmp_path):
    text = TEXT_2020.read_text(encoding="utf-8")
    sjis = tmp_path / "sjis.txt"
    sjis.write_bytes(text.encode("cp932", errors="strict"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    outputs = [run_cli(["ledger", str(path), "--format", "csv"]).stdout for path in (TEXT_2020, sjis, bom)]
    assert outputs[0] == outputs[1] == outputs[2]


def test_exit_codes_follow_fail_on():
    clean = run_cli(["check", str(TEXT_2020), "--select", "TOC"])
    assert clean.returncode == 0, clean.stdout  # the real text has TOC warnings, no errors
    strict = run_cli(["check", str(TEXT_2020), "--select", "TOC", "--fail-on", "warning"])
    assert strict.returncode == 1
    raised = run_cli(["check", str(TEXT_2020), "--select", "TOC", "--severity", "TOC002=error"])
    assert raised.returncode == 1


def test_config_file_is_found_upward(tmp_path):
    (tmp_path / "checker.toml").write_text('select = ["TOC002"]\nfail-on = "warning"\n[severity]\nTOC002 = "info"\n', encoding="utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    result = run_cli(["check", str(TEXT_2020), "--format", "json"], cwd=nested)
    data = json.loads(result.stdout)
    assert {f["rule"] for f in data["findings"]} == {"TOC002"}
    assert {f["severity"] for f in data["findings"]} == {"info"}
    assert result.returncode == 0  # info is below fail-on warning


def test_bad_config_is_a_usage_error(tmp_path):
    (tmp_path / "checker.toml").write_text("selekt = [1]\n", encoding="utf-8")
    result = run_cli(["check", str(TEXT_2020)], cwd=tmp_path)
    assert result.returncode == 2 and "unknown setting(s) selekt" in result.stderr


def test_baseline_suppresses_known_findings(tmp_path):
    baseline = tmp_path / "baseline.json"
    written = run_cli(["check", str(TEXT_2020), "--select", "TOC", "--fail-on", "warning", "--write-baseline", str(baseline)])
    assert written.returncode == 0 and baseline.exists()  # writing the baseline is the job; it succeeded
    assert f"wrote 2 fingerprint(s) to {baseline}" in written.stderr
    assert len(json.loads(baseline.read_text(encoding="utf-8"))["findings"]) == 2
    accepted = run_cli(["check", str(TEXT_2020), "--select", "TOC", "--fail-on", "warning", "--baseline", str(baseline)])
    assert accepted.returncode == 0
    assert "2 suppressed by the baseline" in accepted.stdout


def test_output_file_is_written_and_input_untouched(tmp_path):
    before = (TEXT_2020.stat().st_mtime_ns, TEXT_2020.read_bytes())
    target = tmp_path / "report.sarif"
    result = run_cli(["check", str(TEXT_2020), "--format", "sarif", "-o", str(target), "--fail-on", "never"])
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert (TEXT_2020.stat().st_mtime_ns, TEXT_2020.read_bytes()) == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"], "no temporary file left behind"


def test_rules_command_prints_docs():
    listing = run_cli(["rules"])
    assert "TOC001  toc-page-mismatch" in listing.stdout
    doc = run_cli(["rules", "TOC002"])
    for section in ("What it does", "Why is this bad?", "Example"):
        assert section in doc.stdout


def test_notation_dictionary_from_the_config(tmp_path):
    (tmp_path / "checker.toml").write_text(
        'select = ["NOT004"]\n[notation]\nuse-default = false\n[[notation.entry]]\npreferred = "推進"\nvariants = ["促進"]\n',
        encoding="utf-8",
    )
    result = run_cli(["check", str(TEXT_2020), "--format", "json"], cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert findings and all("促進" in f["message"] or "促進" in f["excerpt"] for f in findings)
    (tmp_path / "checker.toml").write_text('select = ["NOT004"]\n[notation]\nspelling = 1\n', encoding="utf-8")
    broken = run_cli(["check", str(TEXT_2020)], cwd=tmp_path)
    assert broken.returncode == 2 and "unknown key(s) spelling" in broken.stderr


def test_diff_command_formats_and_errors(tmp_path):
    from conftest import FIXTURES

    old = FIXTURES / "synthetic-2019-soumu-juten-shisaku.txt"
    text = run_cli(["diff", str(old), str(TEXT_2020)])
    assert text.returncode == 0 and "SYNTHETIC" in text.stdout and "renamed" in text.stdout
    report = tmp_path / "diff.html"
    html = run_cli(["diff", str(old), str(TEXT_2020), "--format", "html", "-o", str(report)])
    assert html.returncode == 0 and report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    data = json.loads(run_cli(["diff", str(TEXT_2020), str(TEXT_2020), "--format", "json"]).stdout)
    assert json.dumps(data, ensure_ascii=False).count('"unchanged"') >= 1
    bad = run_cli(["diff", str(old), str(TEXT_2020), "--format", "pdf"])
    assert bad.returncode == 2 and "known: html, json, text" in bad.stderr


def test_check_html_output(tmp_path):
    report = tmp_path / "findings.html"
    result = run_cli(["check", str(TEXT_2020), "--select", "TOC", "--format", "html", "-o", str(report)])
    assert result.returncode == 0
    page = report.read_text(encoding="utf-8")
    assert "TOC002" in page and "<script src" not in page


def test_markup_in_document_text_is_escaped_in_every_html_report(tmp_path):
    from conftest import FIXTURES

    generated = tmp_path / "cases"
    subprocess.run([sys.executable, str(FIXTURES / "tools" / "make_hostile.py"), str(generated)], check=True, capture_output=True)
    booklet = generated / "markup.txt"
    assert "<script>alert(1)</script>" in booklet.read_text(encoding="utf-8")
    reports = [
        ["check", str(booklet), "--format", "html", "--fail-on", "never", "-o", str(tmp_path / "check.html")],
        ["diff", str(TEXT_2020), str(booklet), "--format", "html", "-o", str(tmp_path / "diff.html")],
    ]
    for args in reports:
        result = run_cli(args)
        assert result.returncode == 0, result.stderr
        page = pathlib.Path(args[-1]).read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x" not in page and 'href="javascript:' not in page and "<b>関係人口" not in page
    # The diff shows the added topic, so its title is there, as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (tmp_path / "diff.html").read_text(encoding="utf-8")
