"""The parse cache: a hit gives the identical result; bad entries are ignored and
rewritten; --no-cache and ``cache = false`` write nothing. Every test has its
own cache directory (``CHECKER_CACHE_DIR``), never the user's."""

import gzip
import json
import os
import pathlib

import pytest
from conftest import PDF_2020

from checker import cli
from checker.reading import cache
from checker.reading.readers import PDF_READER, ReadOptions

SMALL_PDF = PDF_2020.parent / "synthetic-2019-soumu-juten-shisaku.pdf"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(folder))
    return folder


def entries(folder: pathlib.Path) -> list[pathlib.Path]:
    return sorted(folder.glob("*" + cache.SUFFIX)) if folder.exists() else []


def check_json(path, *extra) -> tuple[int, str]:
    out = path.parent / f"out-{len(list(path.parent.glob('out-*')))}.json"
    code = cli.main(["check", str(SMALL_PDF), "--format", "json", "-o", str(out), "--fail-on", "never", "-q", *extra])
    return code, out.read_text(encoding="utf-8")


def parse_json(tmp_path, *extra) -> str:
    out = tmp_path / "tree.json"
    assert cli.main(["parse", str(SMALL_PDF), "--format", "json", "-o", str(out), "-q", *extra]) == 0
    return out.read_text(encoding="utf-8")


def test_hit_gives_identical_tree_and_findings(cache_dir, tmp_path):
    tree_cold = parse_json(tmp_path)
    assert len(entries(cache_dir)) == 1
    stored = entries(cache_dir)[0]
    # The second run must read the entry, not the PDF: make the reader fail.
    original = PDF_READER.read
    object.__setattr__(PDF_READER, "read", lambda *a: pytest.fail("read the PDF despite a cache entry"))
    try:
        tree_warm = parse_json(tmp_path)
        _, findings_warm = check_json(tmp_path)
    finally:
        object.__setattr__(PDF_READER, "read", original)
    assert tree_warm == tree_cold
    _, findings_cold = check_json(tmp_path, "--no-cache")
    assert json.loads(findings_warm) == json.loads(findings_cold)
    assert entries(cache_dir) == [stored]


def test_raw_document_round_trips(cache_dir):
    options = ReadOptions()
    document = PDF_READER.read(str(SMALL_PDF), options)
    key = cache.cache_key(cache.file_digest(str(SMALL_PDF)), "pdf", None, "")
    cache.store(key, document)
    again = cache.load(key, document.path)
    assert again == document
    assert again.lines[0].bbox == document.lines[0].bbox and isinstance(again.lines[0].bbox, tuple)


def test_page_turns_round_trip_and_a_bad_turn_is_refused(cache_dir):
    """The quarter turn the reader applied per page (page images need it) survives the cache."""
    from dataclasses import replace

    document = replace(PDF_READER.read(str(SMALL_PDF), ReadOptions()), page_turns=(90,))
    cache.store("turned", document)
    assert cache.load("turned", document.path).page_turns == (90,)
    cache.store("askew", replace(document, page_turns=(45,)))
    assert cache.load("askew", document.path) is None


def _rewrite_entry(entry: pathlib.Path, change) -> None:
    data = json.loads(gzip.decompress(entry.read_bytes()))
    change(data)
    entry.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False).encode("utf-8")))


@pytest.mark.parametrize(
    "tamper",
    [
        lambda data: data["document"]["lines"][0].update(text="改ざんされた行"),
        lambda data: data.update(key="0" * 64),
        lambda data: data.update(format="pickle"),
    ],
    ids=["altered-line", "foreign-key", "foreign-format"],
)
def test_tampered_entry_is_ignored_and_rewritten(cache_dir, tmp_path, tamper):
    tree = parse_json(tmp_path)
    (entry,) = entries(cache_dir)
    _rewrite_entry(entry, tamper)
    assert parse_json(tmp_path) == tree
    assert "改ざんされた行" not in gzip.decompress(entry.read_bytes()).decode("utf-8")
    assert cache.load(entry.name[: -len(cache.SUFFIX)], str(SMALL_PDF)) is not None


def test_entry_altered_in_place_is_ignored(cache_dir, tmp_path):
    """A byte of a line's text changed where it stands (the JSON still well formed,
    the header untouched): the digest of the payload's bytes no longer matches."""
    parse_json(tmp_path)
    (entry,) = entries(cache_dir)
    blob = gzip.decompress(entry.read_bytes())
    first_text = json.loads(blob)["document"]["lines"][0]["text"]
    altered = first_text[:-1] + ("X" if first_text[-1] != "X" else "Y")
    quoted = json.dumps(first_text, ensure_ascii=False).encode("utf-8")
    assert quoted in blob
    entry.write_bytes(gzip.compress(blob.replace(quoted, json.dumps(altered, ensure_ascii=False).encode("utf-8"), 1)))
    key = entry.name[: -len(cache.SUFFIX)]
    assert cache.load(key, str(SMALL_PDF)) is None
    entry.write_bytes(gzip.compress(blob))  # the entry as written loads
    assert cache.load(key, str(SMALL_PDF)).lines[0].text == first_text


def test_corrupt_entry_is_ignored_and_rewritten(cache_dir, tmp_path):
    tree = parse_json(tmp_path)
    (entry,) = entries(cache_dir)
    entry.write_bytes(b"\x1f\x8b not gzip at all")
    assert parse_json(tmp_path) == tree
    assert cache.load(entry.name[: -len(cache.SUFFIX)], str(SMALL_PDF)) is not None


def test_no_cache_writes_nothing(cache_dir, tmp_path):
    parse_json(tmp_path, "--no-cache")
    check_json(tmp_path, "--no-cache")
    assert entries(cache_dir) == []


def test_config_cache_false_writes_nothing(cache_dir, tmp_path):
    config = tmp_path / "checker.toml"
    config.write_text("cache = false\n", encoding="utf-8")
    parse_json(tmp_path, "--config", str(config))
    assert entries(cache_dir) == []


def test_config_cache_must_be_boolean(tmp_path, capsys):
    config = tmp_path / "checker.toml"
    config.write_text('cache = "no"\n', encoding="utf-8")
    assert cli.main(["parse", str(SMALL_PDF), "--config", str(config)]) == 2
    assert "cache must be true or false" in capsys.readouterr().err


def test_other_options_miss_the_cache():
    digest = "ab" * 32
    keys = {cache.cache_key(digest, "pdf", None, ""), cache.cache_key(digest, "pdf", None, "secret"),
            cache.cache_key(digest, "pdf", "cp932", ""), cache.cache_key("cd" * 32, "pdf", None, ""),
            cache.cache_key(digest, "docx", None, "")}
    assert len(keys) == 5


def test_least_recently_used_entries_go_first(tmp_path):
    for number, age in enumerate([300, 100, 200]):
        entry = tmp_path / f"{number}{cache.SUFFIX}"
        entry.write_bytes(b"x" * 1000)
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))
    cache.prune(str(tmp_path), limit=2000)
    assert sorted(path.name for path in entries(tmp_path)) == [f"0{cache.SUFFIX}", f"2{cache.SUFFIX}"]
