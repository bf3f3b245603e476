"""Pages read by several worker processes give exactly what one worker gives."""

import dataclasses

import pytest
from conftest import PDF_2020

from checker.reading.pdf_reading import read_pdf, reading_workers
from checker.reading.readers import ReadOptions

SMALL_PDF = PDF_2020.parent / "synthetic-2019-soumu-juten-shisaku.pdf"


def _read(path, workers: int):
    return read_pdf(str(path), ReadOptions(workers=workers))


@pytest.mark.parametrize("path", [PDF_2020, SMALL_PDF], ids=["2020", "synthetic-2019"])
def test_parallel_and_serial_reading_are_identical(path):
    serial = _read(path, 1)
    assert serial.page_count > 3
    for workers in (2, 3):
        parallel = _read(path, workers)
        assert parallel.lines == serial.lines
        assert parallel.pages == serial.pages
        assert dataclasses.asdict(parallel) == dataclasses.asdict(serial)


def test_more_workers_than_pages(tmp_path):
    serial = _read(SMALL_PDF, 1)
    many = _read(SMALL_PDF, serial.page_count + 2)
    assert many.lines == serial.lines


def test_default_is_one_worker_per_core():
    assert reading_workers(0) >= 1
    assert reading_workers(5) == 5


def test_pdfium_engine_shares_pages_as_the_merge_expects():
    """Both engines give each worker every n-th page; the merge puts them back in order."""
    serial = read_pdf(str(SMALL_PDF), ReadOptions(workers=1, engine="pdfium"))
    for workers in (2, 3):
        parallel = read_pdf(str(SMALL_PDF), ReadOptions(workers=workers, engine="pdfium"))
        assert [line.page_index for line in parallel.lines] == [line.page_index for line in serial.lines]
        assert dataclasses.asdict(parallel) == dataclasses.asdict(serial)


def _five_pages(target):
    import pypdfium2

    original = pypdfium2.PdfDocument(str(PDF_2020))
    document = pypdfium2.PdfDocument.new()
    document.import_pages(original, [0, 1, 2, 3, 4])
    document.save(str(target))
    return target


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_counts_the_pages_read(tmp_path, monkeypatch, workers):
    from checker.reading import sandbox

    monkeypatch.setattr(sandbox, "PROGRESS_SECONDS", 0.01)
    path = _five_pages(tmp_path / "five.pdf")
    heard = []
    raw = read_pdf(str(path), ReadOptions(workers=workers, progress=lambda done, total: heard.append((done, total))))
    assert heard[-1] == (5, 5)
    assert all(total in (0, 5) and 0 <= done <= 5 for done, total in heard)
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)
    assert raw.lines == _read(path, workers).lines  # counting changes nothing read


class _Terminal:
    """Standard error as a terminal (the status line is shown only there)."""

    def __init__(self):
        self.written = []

    def isatty(self):
        return True

    def write(self, text):
        self.written.append(text)

    def flush(self):
        pass


@pytest.mark.parametrize("lang, expected", [("en", "five.pdf: reading page 5/5 …"), ("ja", "five.pdf：ページ 5/5 を読み取り中…")])
def test_the_status_line_counts_pages_on_a_terminal(tmp_path, monkeypatch, capsys, lang, expected):
    from checker import cli

    path = _five_pages(tmp_path / "five.pdf")
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert cli.main(["parse", str(path), "--no-cache", "--lang", lang]) == 0
    lines = "".join(terminal.written).split("\r\033[K")
    assert any(line.endswith(expected) for line in lines), lines
    assert lines[-1] == ""  # the status line is cleared before the output
    monkeypatch.undo()
    assert cli.main(["parse", str(path), "--no-cache", "-q"]) == 0
    assert "reading page" not in capsys.readouterr().err
