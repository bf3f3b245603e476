"""Pages read by several worker processes give exactly what one worker gives."""

import dataclasses

import pytest
from conftest import PDF_2020

from checker.reading.pdf_adapter import read_pdf, reading_workers
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
