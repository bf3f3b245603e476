"""Readers: a file on disk to a ``RawDocument`` of verbatim lines.

The text reader lives here; the PDF reader is ``checker.reading.pdf_adapter``, the only
module that imports pdfminer. Both are offered to the engine through the
``checker_readers`` hook, so a DOCX or PPTX reader can be a plugin.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field

from checker.errors import InputError
from checker.reading.records import ENGINES, RawDocument, Reader, SourceLine  # noqa: F401 - ENGINES and Reader are part of this module's interface
from checker.reading.sandbox import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT
from checker.booklet.profile import DEFAULT_PROFILE, Profile

# Files larger than this are refused before reading: a booklet's text is a few
# hundred kilobytes, and a 1,000-page one a few megabytes.
DEFAULT_MAX_TEXT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    encoding: str | None = None
    password: str = ""
    timeout: float = DEFAULT_TIMEOUT  # seconds, for PDF extraction
    max_memory: int = DEFAULT_MAX_MEMORY  # bytes, for PDF extraction
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES
    profile: Profile = DEFAULT_PROFILE
    # Keep what readers (other than the plain-text one) return in the parse
    # cache (``checker.reading.cache``) and reuse it. Off for library callers;
    # the CLI turns it on unless --no-cache or ``cache = false``.
    cache: bool = False
    # Worker processes that read one PDF's pages in parallel; 0: one per usable core.
    # The result is the same for any number (tested), so it is not part of the cache key.
    workers: int = 0
    # The library that decodes a PDF's glyphs: "pdfminer" (the default and the
    # reference) or "pdfium" (faster; same layout code after). Part of the cache key.
    engine: str = ENGINES[0]
    # Called as progress(pages read, pages in all) while a PDF is read (the total is 0 until known);
    # a display only: not part of the cache key or of equality.
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)


def check_readable_file(path: str) -> int:
    """Refuse what is not a readable, non-empty regular file; return its size."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory, not a booklet file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file ({_file_kind(info.st_mode)}); give a PDF or text file")
    if not os.access(path, os.R_OK):
        raise InputError(f"{path}: permission denied")
    if info.st_size == 0:
        raise InputError(f"{path}: empty file (0 bytes)")
    return info.st_size


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "a special file"


def sniff_is_pdf(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError as error:  # unreadable since it was checked
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    return b"%PDF-" in head


# Formats an editor may send by mistake, by their first bytes.
BINARY_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (as a .docx, .xlsx or .pptx is)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc, .xls or .ppt)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ZIP_SIGNATURE = BINARY_SIGNATURES[0][0]


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or CP932; return (text, encoding used).

    A file that is UTF-8 in some lines and not in others mixes encodings (an
    editor pasted a CP932 line into a UTF-8 file): it is refused with the
    place of the first bad byte, since reading it as CP932 would garble every
    UTF-8 line without a word. ``--encoding`` reads the whole file strictly in
    the encoding given, and names the first byte that is not.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"{path}: unknown encoding {encoding!r} (given with --encoding)") from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            raise InputError(
                f"{path}: not valid {encoding} at byte {error.start} (line {_line_of(data, error.start)})"
            ) from None
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            if signature == ZIP_SIGNATURE:  # an Office file no reader took: name what it is
                from checker.reading.ooxml import describe_zip

                kind = describe_zip(path)
            raise InputError(f"{path}: {kind}, not a text file or PDF; save the booklet as PDF or plain text")
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise InputError(f"{path}: starts with a UTF-16 byte-order mark but is not valid UTF-16 at byte {error.start}") from None
    if b"\x00" in data[:65536]:
        raise InputError(f"{path}: binary data, not a text file (NUL bytes found)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            offset = error.start + 3
            raise InputError(
                f"{path}: starts with a UTF-8 BOM but is not valid UTF-8 at byte {offset} (line {_line_of(data, offset)}); "
                "the file mixes encodings? Convert it to UTF-8, or give --encoding"
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        utf8_line = _first_utf8_line(data)
        if utf8_line is not None:
            raise InputError(
                f"{path}: mixes encodings: line {utf8_line} is UTF-8 but byte {utf8_error.start} "
                f"(line {_line_of(data, utf8_error.start)}) is not; convert that line to UTF-8 "
                "(the file is refused rather than read with one encoding garbled)"
            ) from None
        try:
            return data.decode("cp932"), "cp932"
        except UnicodeDecodeError as cp932_error:
            raise InputError(
                f"{path}: neither UTF-8 (bad byte at {utf8_error.start}, line {_line_of(data, utf8_error.start)}) "
                f"nor CP932/Shift_JIS (bad byte at {cp932_error.start}); binary data, or give the encoding with --encoding"
            ) from None


def _first_utf8_line(data: bytes) -> int | None:
    """The number of the first line with Japanese (non-ASCII) text that is valid UTF-8.

    A CP932 line is practically never valid UTF-8 (none of the 2020 booklet's
    2,814 lines is), so one such line in a file that is not UTF-8 as a whole
    means two encodings are mixed.
    """
    for number, line in enumerate(data.split(b"\n"), start=1):
        if max(line, default=0) < 0x80:
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if sum(1 for ch in text if ord(ch) >= 0x3000) >= 2:
            return number
    return None


CONTROL_CODES = tuple(code for code in range(32) if chr(code) not in "\n\r\t\f")


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    # Control characters other than \t \n \f \r, counted by str.count (a loop over 64 KiB in Python costs ~10 ms).
    controls = sum(sample.count(chr(code)) for code in CONTROL_CODES)
    return controls / len(sample)


def read_text(path: str, options: ReadOptions = ReadOptions()) -> RawDocument:
    """Read a UTF-8 or CP932 text. Form feeds separate pages, as pdftotext writes them.

    A page's last non-blank line that is only a number is taken as its printed page
    number (role ``page_number``); without form feeds, pages are unknown.
    """
    size = check_readable_file(path)
    limit = options.max_text_bytes
    if size > limit:
        raise InputError(f"{path}: {size} bytes is over the text size limit of {limit} bytes; not a booklet text?")
    data = _read_bytes(path, limit)
    text, encoding = decode_text(data, path, options.encoding)
    if _control_ratio(text) > 0.01:
        raise InputError(f"{path}: binary data, not a text file (control characters found)")
    if not text.strip():
        raise InputError(f"{path}: no text (only white space)")
    return text_to_raw(text, path, options.profile, encoding=encoding)


def _read_bytes(path: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file, opened read-only.

    Opened without blocking and checked again after opening, so a file swapped
    for a named pipe or device after the first check cannot hang the reader,
    and read with a bound, so a file that grows meanwhile cannot exhaust memory.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise InputError(f"{path}: not a regular file; give a PDF or text file")
        with os.fdopen(descriptor, "rb", closefd=True) as handle:
            descriptor = -1
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    if len(data) > limit:
        raise InputError(f"{path}: over the text size limit of {limit} bytes (it grew while being read)")
    return data


def text_to_raw(text: str, path: str, profile: Profile = DEFAULT_PROFILE, encoding: str | None = None) -> RawDocument:
    """Split decoded text into source lines; form feeds separate pages."""
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line ends: CR alone
    has_pages = "\f" in text
    pages = text.split("\f") if has_pages else [text]
    if has_pages and pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends with a form feed
    page_pattern = profile.compiled("page_number")
    lines: list[SourceLine] = []
    for page_index, page_text in enumerate(pages):
        # Only \n (and \r\n) end a line: str.splitlines would also split on
        # U+2028 or \x1c and shift every line number an editor sees.
        page_lines = [part[:-1] if part.endswith("\r") else part for part in page_text.split("\n")]
        if page_lines and page_lines[-1] == "":
            page_lines.pop()
        printed_page = None
        label_index = None
        if has_pages:
            label_index, printed_page = _find_page_label(page_lines, page_pattern)
        for index, line_text in enumerate(page_lines):
            lines.append(
                SourceLine(
                    number=len(lines) + 1,
                    text=line_text,
                    page_index=page_index if has_pages else None,
                    printed_page=printed_page,
                    role="page_number" if index == label_index else "",
                )
            )
    return RawDocument(
        path=path,
        lines=lines,
        source_kind="text",
        has_pages=has_pages,
        encoding=encoding,
        page_count=len(pages) if has_pages else None,
    )


def _find_page_label(page_lines: list[str], page_pattern) -> tuple[int | None, int | None]:
    """The footer (last) or header (first) line that is only a page number."""
    non_blank = [index for index, text in enumerate(page_lines) if text.strip()]
    for index in (non_blank[-1:] + non_blank[:1]) if non_blank else []:
        match = page_pattern.match(page_lines[index])
        if match:
            return index, int(match["page"])
    return None, None


def read_document(path: str, options: ReadOptions = ReadOptions()) -> RawDocument:
    """Read with the built-in readers, chosen by content (not by name)."""
    from checker.reading.office import DOCX_READER, PPTX_READER  # a plugin module that imports this one

    return read_with([PDF_READER, PPTX_READER, DOCX_READER, TEXT_READER], path, options)


def _read_pdf(path: str, options: ReadOptions) -> RawDocument:
    from checker.reading.pdf_reading import read_pdf

    return read_pdf(path, options)


def _text_can_read(path: str) -> bool:
    if path.lower().endswith(".pdf"):
        raise InputError(f"{path}: named .pdf but is not a PDF (no %PDF- header)")
    return True


PDF_READER = Reader("pdf", 10, sniff_is_pdf, _read_pdf)
TEXT_READER = Reader("text", 100, _text_can_read, read_text)

from checker.hookspecs import hookimpl  # noqa: E402 - the hook marks the readers above


@hookimpl
def checker_readers() -> list[Reader]:
    return [PDF_READER, TEXT_READER]


def read_with(readers: list[Reader], path: str, options: ReadOptions) -> RawDocument:
    """Read ``path`` with the first reader that says it can."""
    check_readable_file(path)
    for reader in readers:
        if reader.can_read(path):
            if options.cache and reader.name != "text":  # text is read faster than a cache entry
                from checker.reading.cache import read_cached

                return read_cached(reader, path, options)
            return reader.read(path, options)
    raise InputError(f"{path}: no reader for this kind of file (readers: {', '.join(r.name for r in readers)})")
