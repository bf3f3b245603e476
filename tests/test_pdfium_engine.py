"""The optional PDFium engine (``--engine pdfium``) gives the tree pdfminer gives.

What must be identical, engine for engine, on every fixture PDF, is every
output a user sees: the whole ``parse --format json`` (texts, roles, node
structure, pages and printed page numbers, the glyph accounting "characters
placed / on the pages"), the ledger (``ledger --format json``), the findings
(``check --format json``) and the exit codes; and, below them, each page's
glyph accounting. Line boxes are in none of those outputs: the glyph boxes
they come from agree to within a point (PDFium's coordinates are 32-bit
floats; an embedded font whose descriptor gives no descent) and are not
compared. Where PDFium cannot give the same (glyphs it never decodes), the
test says so as a strict xfail with the reason.

Bad input: the same one line and exit code 2 where both libraries refuse a
file; PDFium repairs some damage pdfminer refuses, and those cases are
specified here one by one.
"""

from __future__ import annotations

import json
import pathlib
import sys

import pytest
from conftest import FIXTURES

from checker import cli
from checker.reading.readers import ReadOptions, read_document

sys.path.insert(0, str(FIXTURES / "tools"))
import make_hostile  # noqa: E402

PARITY = sorted(
    [FIXTURES / "soumu-juten-shisaku-2020.pdf", FIXTURES / "synthetic-2019-soumu-juten-shisaku.pdf"]
    + sorted((FIXTURES / "office").glob("*.pdf"))
    + [path for path in sorted((FIXTURES / "layout").glob("*.pdf")) if path.stem not in ("zero-width", "scan")]
)
ZERO_WIDTH = FIXTURES / "layout" / "zero-width.pdf"
ZERO_WIDTH_REASON = (
    "PDFium's text page leaves out glyphs of zero width (horizontal scaling 0, a font whose widths are 0), "
    "and no other PDFium call gives their text; pdfminer reads them"
)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    """One parse cache for the module: each file is read once per engine, then
    ledger and check reuse that reading (the engine is part of the cache key)."""
    folder = tmp_path_factory.mktemp("engine-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("CHECKER_CACHE_DIR", str(folder))
    yield folder
    patch.undo()


def outputs(path: pathlib.Path, engine: str, folder: pathlib.Path) -> dict[str, object]:
    """Exit code and JSON output of parse, ledger and check with this engine."""
    result: dict[str, object] = {}
    commands = {"parse": ["parse"], "ledger": ["ledger"], "check": ["check", "--fail-on", "never"]}
    for name, command in commands.items():
        out = folder / f"{path.stem}.{engine}.{name}.json"
        code = cli.main([*command, str(path), "--format", "json", "-o", str(out), "-q", "--engine", engine])
        result[name] = (code, json.loads(out.read_text(encoding="utf-8")))
    return result


@pytest.mark.parametrize("path", PARITY, ids=[path.stem for path in PARITY])
def test_pdfium_gives_the_same_tree_ledger_and_findings(path, cache_dir, tmp_path):
    reference = outputs(path, "pdfminer", tmp_path)
    fast = outputs(path, "pdfium", tmp_path)
    for name in ("parse", "ledger", "check"):
        assert fast[name] == reference[name], f"{name} of {path.name} differs between the engines"
    assert reference["parse"][1]["reading"]["chars_total"] > 0  # the outputs hold the text read


@pytest.mark.parametrize("path", PARITY, ids=[path.stem for path in PARITY])
def test_pdfium_accounts_for_every_glyph_page_by_page(path, cache_dir):
    reference = read_document(str(path), ReadOptions(cache=True))
    fast = read_document(str(path), ReadOptions(cache=True, engine="pdfium"))
    assert fast.pages == reference.pages
    for page in fast.pages:  # each glyph placed in a line, or described (at most 20 a page)
        assert len(page.unplaced) == min(20, page.chars_total - page.chars_placed)


@pytest.mark.xfail(strict=True, reason=ZERO_WIDTH_REASON)
def test_pdfium_reads_zero_width_glyphs(cache_dir, tmp_path):
    assert outputs(ZERO_WIDTH, "pdfium", tmp_path)["parse"] == outputs(ZERO_WIDTH, "pdfminer", tmp_path)["parse"]


def test_zero_width_glyphs_are_the_only_difference(cache_dir):
    """Everything else on the zero-width sample is read alike, and PDFium's
    accounting holds for the glyphs it decodes."""
    reference = read_document(str(ZERO_WIDTH), ReadOptions(cache=True))
    fast = read_document(str(ZERO_WIDTH), ReadOptions(cache=True, engine="pdfium"))
    zero_width = {"水平比率0の行", "幅0のフォントの行"}
    expected = [line.text for line in reference.lines if line.text not in zero_width]
    texts = [line.text for line in fast.lines]
    assert [text for text in texts if text in expected] == expected
    assert len(texts) <= len(expected) + 1  # at most the zero-width font's line, missing its zero-width glyph
    assert fast.chars_placed == fast.chars_total < reference.chars_total


def test_scan_has_no_text_layer_with_either_engine(capsys):
    messages = []
    for engine in ("pdfminer", "pdfium"):
        assert cli.main(["parse", str(FIXTURES / "layout" / "scan.pdf"), "-q", "--no-cache", "--engine", engine]) == 2
        messages.append(capsys.readouterr().err)
    assert messages[0] == messages[1]
    assert "no text layer" in messages[0] and len(messages[0].splitlines()) == 1


def test_the_engine_is_part_of_the_cache_key(tmp_path, monkeypatch):
    from checker.reading import cache

    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path))
    path = FIXTURES / "layout" / "table.pdf"
    read_document(str(path), ReadOptions(cache=True))
    assert len(list(tmp_path.glob("*" + cache.SUFFIX))) == 1
    read_document(str(path), ReadOptions(cache=True, engine="pdfium"))
    assert len(list(tmp_path.glob("*" + cache.SUFFIX))) == 2


def test_engine_from_the_config_file_and_the_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "checker.toml").write_text('engine = "pdfium"\n', encoding="utf-8")
    from checker.config import load_config

    assert load_config().engine == "pdfium"
    parser = cli.build_parser()
    args = parser.parse_args(["parse", "x.pdf"])
    assert cli._read_options(args, load_config()).engine == "pdfium"
    args = parser.parse_args(["parse", "x.pdf", "--engine", "pdfminer"])
    assert cli._read_options(args, load_config()).engine == "pdfminer"
    (tmp_path / "checker.toml").write_text('engine = "mupdf"\n', encoding="utf-8")
    from checker.errors import UsageError

    with pytest.raises(UsageError, match="engine must be one of pdfminer, pdfium"):
        load_config()


def test_unknown_engine_on_the_command_line(capsys):
    assert cli.main(["parse", str(FIXTURES / "layout" / "table.pdf"), "--engine", "mupdf"]) == 2
    assert "invalid choice: 'mupdf'" in capsys.readouterr().err


# ------------------------------------------------------------------ bad input
@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> pathlib.Path:
    directory = tmp_path_factory.mktemp("hostile-engines")
    make_hostile.generate(directory)
    return directory


def run(path: pathlib.Path, engine: str, capsys, *options: str) -> tuple[int, str, str]:
    code = cli.main(["parse", str(path), "-q", "--no-cache", "--engine", engine, *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


SAME_REFUSAL = ["encrypted-rc4.pdf", "encrypted-aes.pdf", "truncated.pdf", "no-page-tree.pdf", "not-a-pdf.pdf",
                "empty.pdf", "no-text.pdf"]


@pytest.mark.parametrize("name", SAME_REFUSAL)
@pytest.mark.parametrize("password", ["", "not-the-password"], ids=["no-password", "wrong-password"])
def test_the_same_one_line_refusal_with_either_engine(cases, capsys, name, password):
    options = ("--password", password) if password else ()
    reference = run(cases / name, "pdfminer", capsys, *options)
    fast = run(cases / name, "pdfium", capsys, *options)
    assert reference[0] == fast[0] == 2
    assert fast[2] == reference[2]
    assert len(fast[2].splitlines()) == 1 and fast[2].startswith("checker: error: ")


@pytest.mark.parametrize("name", ["encrypted-rc4.pdf", "encrypted-aes.pdf"])
def test_encrypted_with_the_password_reads_alike(cases, capsys, name):
    reference = run(cases / name, "pdfminer", capsys, "--password", make_hostile.PASSWORD, "--format", "json")
    fast = run(cases / name, "pdfium", capsys, "--password", make_hostile.PASSWORD, "--format", "json")
    assert reference[0] == fast[0] == 0
    assert "Encrypted booklet" in fast[1]
    assert json.loads(fast[1]) == json.loads(reference[1])


def test_wrong_password_in_japanese(cases, capsys):
    code, _, err = run(cases / "encrypted-aes.pdf", "pdfium", capsys, "--password", "x", "--lang", "ja")
    assert code == 2
    assert err.strip() == f"checker: エラー：{cases / 'encrypted-aes.pdf'}：暗号化された PDF だが、--password で指定したパスワードが違う"


# PDFium repairs these (pdfminer refuses them): read, as a viewer shows them.
REPAIRED = ["malformed-dict.pdf", "xref-prev-loop.pdf"]


@pytest.mark.parametrize("name", REPAIRED)
def test_damage_pdfium_repairs_is_read(cases, capsys, name):
    assert run(cases / name, "pdfminer", capsys)[0] == 2
    code, out, err = run(cases / name, "pdfium", capsys)
    assert (code, err) == (0, "")
    assert "Hostile input" in out


# Refused by PDFium in other words than pdfminer's, still one line and exit 2:
# PDFium follows no page tree through a self-reference (pdfminer names the
# cycle); it cannot decode /BrotliDecode and so finds no text; it does not
# survive Form XObjects that draw each other (the worker's limits end it).
OTHER_REFUSAL = {
    "self-reference.pdf": "damaged PDF: its page tree is missing or broken",
    "brotli-stream.pdf": "no text layer",
    "cyclic-xobjects.pdf": "the reader process",
}


@pytest.mark.parametrize("name", sorted(OTHER_REFUSAL))
def test_other_refusals_are_one_line(cases, capsys, name):
    code, out, err = run(cases / name, "pdfium", capsys, "--timeout", "20", "--max-memory", "400")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("checker: error: ")
    assert OTHER_REFUSAL[name] in err
    assert "Traceback" not in err and "Error" not in err
