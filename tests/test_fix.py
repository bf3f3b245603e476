"""checker check --fix: faults injected into a copy of the 2020 text by the
fixture scripts are fixed, the re-check has none of the fixed findings and no
new ones, and nothing but the fixed spans changes."""

import json
from collections import Counter
import pathlib

import pytest
from rulecheck import variant_registry

from checker.cli import main
from checker.lint.fixes import Edit, apply_edits, line_spans
from checker.reading.readers import text_to_raw

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEXT_2020 = ROOT / "fixtures" / "soumu-juten-shisaku-2020.txt"
FAULTS = ("brk-width-mismatch", "not-amount-space", "not-marker-style", "not-notation-mixed")


def _inject(text: str) -> str:
    for name in FAULTS:
        text = variant_registry.VARIANTS[name].transform(text)
    return text


def _check(path, capsys, *extra) -> tuple[int, list[dict]]:
    capsys.readouterr()
    code = main(["check", str(path), "--format", "json", "--fail-on", "never", *extra])
    return code, json.loads(capsys.readouterr().out)["findings"]


def _changed_lines(before: str, after: str) -> list[int]:
    old, new = before.split("\n"), after.split("\n")
    assert len(old) == len(new)
    return [number for number, (a, b) in enumerate(zip(old, new), start=1) if a != b]


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fix")
    original = TEXT_2020.read_text(encoding="utf-8")
    path = folder / "booklet.txt"
    path.write_text(_inject(original), encoding="utf-8")
    return path, original


def test_fix_undoes_the_injected_faults_and_changes_nothing_else(injected, capsys):
    path, original = injected
    faulty = path.read_text(encoding="utf-8")
    _, before = _check(path, capsys)
    fixable = [f for f in before if f.get("fix")]
    assert {f["rule"] for f in fixable} >= {"BRK002", "NOT001", "NOT002", "NOT004"}

    target = path.with_name("out.txt")
    _check(path, capsys, "--fix", "-o", str(target))
    fixed = target.read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8") == faulty, "the input is never written without --in-place"

    # Nothing else changed: every changed line is a line a fix names, and the fixes
    # recorded in the findings, made again, give exactly the fixed text.
    fix_lines = {edit["line"] for f in fixable for edit in f["fix"]}
    assert set(_changed_lines(faulty, fixed)) == fix_lines
    edits = [Edit(**edit) for f in fixable for edit in f["fix"]]
    assert apply_edits(faulty, edits)[0] == fixed

    # Each injected fault is undone exactly: the fixed text differs from the
    # published one only where the published text itself has a fixable finding.
    _, published = _check(TEXT_2020, capsys)
    published_fix_lines = {edit["line"] for f in published if f.get("fix") for edit in f["fix"]}
    assert set(_changed_lines(original, fixed)) <= published_fix_lines
    assert set(_changed_lines(original, faulty)) - published_fix_lines, "the faults are on other lines"

    # The re-check: none of the fixed findings, no new ones. A finding the fault
    # caused elsewhere may go with it: the injected 取り組み also made a 再掲
    # repeat differ from its original (REP003), and the fix makes them agree again.
    _, after = _check(target, capsys)
    left = Counter((f["rule"], f["location"]["line"]) for f in after)
    unfixed = Counter((f["rule"], f["location"]["line"]) for f in before if not f.get("fix"))
    assert not left - unfixed, "new findings after fixing"
    assert not any(f.get("fix") for f in after)
    assert sorted((unfixed - left).elements()) == [("REP003", 1019)]


def test_fix_diff_prints_a_unified_diff_and_writes_nothing(injected, capsys, tmp_path):
    path, _ = injected
    capsys.readouterr()
    code = main(["check", str(path), "--fix", "--diff", "--fail-on", "never"])
    output = capsys.readouterr()
    assert code == 0
    assert output.out.startswith(f"--- {path}\n+++ {path} (fixed)\n")
    assert "-・（仮称）" not in output.out and "+" in output.out
    assert "fixed" in output.err and not path.with_name("booklet.fixed.txt").exists()
    removed = [line for line in output.out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in output.out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == len(added) > 0


def test_fix_default_target_and_in_place(tmp_path, capsys):
    path = tmp_path / "booklet.txt"
    path.write_text(_inject(TEXT_2020.read_text(encoding="utf-8")), encoding="utf-8")
    main(["check", str(path), "--fix", "--fail-on", "never", "--select", "NOT001"])
    assert (tmp_path / "booklet.fixed.txt").is_file()
    copy = tmp_path / "copy.txt"
    copy.write_bytes(path.read_bytes())
    main(["check", str(copy), "--fix", "--in-place", "--fail-on", "never", "--select", "NOT001"])
    assert copy.read_bytes() == (tmp_path / "booklet.fixed.txt").read_bytes() != path.read_bytes()


def test_fix_keeps_the_encoding_and_line_ends(tmp_path, capsys):
    text = _inject(TEXT_2020.read_text(encoding="utf-8")).replace("\n", "\r\n")
    path = tmp_path / "booklet.txt"
    path.write_bytes(text.encode("cp932"))
    main(["check", str(path), "--fix", "--fail-on", "never"])
    fixed = (tmp_path / "booklet.fixed.txt").read_bytes()
    decoded = fixed.decode("cp932")
    assert decoded.count("\r\n") == text.count("\r\n")
    assert "取組を" in decoded and decoded != text


@pytest.mark.parametrize(("args", "message"), [
    (["--diff"], "--diff and --in-place go with --fix"),
    (["--fix", "--diff", "--in-place"], "not both"),
    (["--fix", "--in-place", "-o", "x.txt"], "-o names another file"),
])
def test_fix_argument_errors(args, message, capsys):
    assert main(["check", str(TEXT_2020), *args]) == 2
    assert message in capsys.readouterr().err


def test_fix_refuses_a_pdf_and_pdf_reports_carry_the_suggestion(capsys):
    pdf = ROOT / "fixtures" / "soumu-juten-shisaku-2020.pdf"
    assert main(["check", str(pdf), "--fix", "--select", "NOT004"]) == 2
    assert "a PDF's fixes are shown as suggestions" in capsys.readouterr().err
    code, findings = _check(pdf, capsys, "--select", "NOT004")
    assert findings and all(f["fix"] for f in findings)


def test_line_spans_number_lines_as_the_reader_does():
    for text in ("a\nb\n\fc\n\nd\f", "a\r\nb\r\n", "a\rb\rc", "\fa\n\f\fb\n", "a\n\n\n"):
        lines = text_to_raw(text, "x").lines
        spans = line_spans(text)
        assert [text[start:end] for start, end in (spans[line.number] for line in lines)] == [line.text for line in lines]


def test_apply_edits_refuses_stale_and_overlapping_edits():
    text = "取り組みを進める\nさらなる推進"
    edits = [Edit(1, 0, 4, "取り組み", "取組"), Edit(1, 1, 3, "り組", "X"), Edit(2, 0, 4, "さらに", "更に")]
    fixed, applied = apply_edits(text, edits)
    assert fixed == "取組を進める\nさらなる推進" and applied == [edits[0]]
