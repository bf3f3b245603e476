"""A parse cache: what a reader returned for a file, kept as data for the next run.

Reading a PDF is the slow part of ``checker check``; re-checking an unchanged
file should not pay for it again. What is cached is the reader's output (the
``RawDocument``: lines with their geometry, and the glyph accounting), so the
booklet layer and the rules still run with the current profile and rules.

- Key: sha256 of the file's bytes, the checker version, the reader's name and
  the reading options that change what is read (encoding, password, and for a
  PDF the glyph engine, ``--engine``). A file
  edited in place, a new checker release or other options miss the cache.
- Stored as data only: gzip'd JSON, never pickle, so a cache file cannot run
  code. Each entry names its key and carries a sha256 of its payload's bytes
  as written (the payload is the entry's last member, so a hit checks it
  without serialising the document again); an entry that is corrupt, foreign
  (another key or format) or altered is ignored and rewritten.
- Where: ``$CHECKER_CACHE_DIR`` when set (the tests use it), else the user's
  cache directory (``platformdirs``, ``$XDG_CACHE_HOME`` on Linux).
- Size-bounded: past ``MAX_CACHE_BYTES`` the least recently used entries (by
  modification time, refreshed on every hit) are removed.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os

from checker import __version__
from checker.reading.records import PageAccount, RawDocument, SourceLine

# 3: page_turns stored, and the digest covers the payload's bytes as written
# (two branches each called their change 2; 3 keeps their entries apart).
FORMAT = "checker-parse-cache/3"
MAX_CACHE_BYTES = 200 * 1024 * 1024
SUFFIX = ".json.gz"
_TUPLE_FIELDS = ("bbox", "row_breaks", "page_size")


def cache_directory() -> str:
    """Where cache entries live (not created here)."""
    given = os.environ.get("CHECKER_CACHE_DIR")
    if given:
        return given
    try:
        import platformdirs

        return os.path.join(platformdirs.user_cache_dir("booklet-checker", appauthor=False), "parse")
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return os.path.join(base, "booklet-checker", "parse")


def file_digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cache_key(content_digest: str, reader: str, encoding: str | None, password: str, engine: str = "pdfminer") -> str:
    """The entry name: everything that changes what a reader returns for the file."""
    parts = [FORMAT, __version__, reader, content_digest, encoding or "", hashlib.sha256(password.encode("utf-8")).hexdigest()]
    if engine != "pdfminer":  # the default engine keeps the keys it always had
        parts.append(engine)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


PAYLOAD_MEMBER = b',"document":'  # the header's values (a format name, hex digests) cannot contain it
_LINE_FIELDS = frozenset(field.name for field in dataclasses.fields(SourceLine))


def _entry_bytes(key: str, payload: dict, format_name: str = FORMAT) -> bytes:
    """The entry's JSON: the header members, then the payload, whose exact bytes the digest covers."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = json.dumps({"format": format_name, "key": key, "sha256": hashlib.sha256(body).hexdigest()}, separators=(",", ":"))
    return header.encode("utf-8")[:-1] + PAYLOAD_MEMBER + body + b"}"


def _checked_payload(blob: bytes, key: str, format_name: str = FORMAT) -> dict | None:
    """The payload of an entry written by ``_entry_bytes`` for ``key``; None for anything else."""
    split = blob.find(PAYLOAD_MEMBER)
    if split < 0 or not blob.endswith(b"}"):
        return None
    header = json.loads(blob[:split] + b"}")
    body = blob[split + len(PAYLOAD_MEMBER):-1]
    if header.get("format") != format_name or header.get("key") != key or header.get("sha256") != hashlib.sha256(body).hexdigest():
        return None
    return json.loads(body)


def document_to_data(document: RawDocument) -> dict:
    return {
        "path": document.path,
        "source_kind": document.source_kind,
        "has_pages": document.has_pages,
        "encoding": document.encoding,
        "page_count": document.page_count,
        "page_estimated": document.page_estimated,
        "notes": list(document.notes),
        "pages": [[p.chars_total, p.chars_placed, list(p.unplaced)] for p in document.pages],
        "page_sizes": [list(size) for size in document.page_sizes],
        "page_turns": list(document.page_turns),
        "lines": [_line_to_data(line) for line in document.lines],
    }


def _line_to_data(line: SourceLine) -> dict:
    data = dict(vars(line))
    for name in _TUPLE_FIELDS:
        if data[name] is not None:
            data[name] = list(data[name])
    return data


def document_from_data(data: dict, path: str) -> RawDocument:
    """The cached document, read as ``path``; raises on any data that is not as written."""
    lines = [_line_from_data(item) for item in data["lines"]]
    pages = [PageAccount(int(total), int(placed), tuple(str(text) for text in unplaced)) for total, placed, unplaced in data["pages"]]
    document = RawDocument(
        path=path,
        lines=lines,
        source_kind=str(data["source_kind"]),
        has_pages=bool(data["has_pages"]),
        encoding=data["encoding"],
        page_count=data["page_count"],
        page_estimated=bool(data["page_estimated"]),
        notes=tuple(str(note) for note in data["notes"]),
        pages=pages,
        page_sizes=tuple((float(width), float(height)) for width, height in data["page_sizes"]),
        page_turns=tuple(_turn(turn) for turn in data["page_turns"]),
    )
    return document


def _turn(value) -> int:
    if value not in (0, 90, 180, 270) or isinstance(value, bool):
        raise ValueError("not a quarter turn")
    return int(value)


def _line_from_data(item: dict) -> SourceLine:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or item.keys() != _LINE_FIELDS:
        raise ValueError("not a line")  # every field, written by _line_to_data, and no other
    for name in _TUPLE_FIELDS:
        if item[name] is not None:
            item[name] = tuple(item[name])
    # The fields are checked above; filling the instance's dictionary skips the
    # frozen dataclass's __init__ (one object.__setattr__ per field), the
    # larger part of rebuilding a cached document.
    line = object.__new__(SourceLine)
    line.__dict__.update(item)
    return line


# What a damaged or foreign entry can raise while it is read and rebuilt: it is then a miss.
UNREADABLE_ENTRY = (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError, IndexError, gzip.BadGzipFile)


def load_payload(key: str, directory: str, format_name: str = FORMAT, rebuild=lambda payload: payload):
    """``rebuild(payload)`` of the entry for ``key``, or None (missing, corrupt, foreign,
    altered, or data ``rebuild`` rejects by raising); a hit marks the entry most recently used."""
    entry = os.path.join(directory, key + SUFFIX)
    try:
        with gzip.open(entry, "rb") as handle:
            payload = _checked_payload(handle.read(), key, format_name)
        if payload is None:
            return None
        value = rebuild(payload)
    except UNREADABLE_ENTRY:
        return None
    try:
        os.utime(entry)  # most recently used
    except OSError:
        pass  # a read-only cache still answers
    return value


def load(key: str, path: str, directory: str | None = None) -> RawDocument | None:
    """The cached document for ``key``, or None (missing, corrupt, foreign or altered)."""
    return load_payload(key, directory or cache_directory(), FORMAT, lambda payload: document_from_data(payload, path))


def store(key: str, document: RawDocument, directory: str | None = None, limit: int = MAX_CACHE_BYTES) -> None:
    """Write the entry atomically, then prune; a cache that cannot be written is skipped."""
    store_payload(key, document_to_data(document), directory or cache_directory(), FORMAT, limit)


def store_payload(key: str, payload: dict, directory: str, format_name: str = FORMAT, limit: int = MAX_CACHE_BYTES) -> None:
    """Write an entry holding ``payload`` atomically, then prune; a cache that cannot be written is skipped."""
    import tempfile  # only when writing: a cache hit does not need it (nor shutil behind it)

    blob = gzip.compress(_entry_bytes(key, payload, format_name), compresslevel=5, mtime=0)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temporary, os.path.join(directory, key + SUFFIX))
        except BaseException:
            _remove(temporary)
            raise
        prune(directory, limit)
    except OSError:
        pass  # a read-only or full cache directory must not fail the check


def prune(directory: str, limit: int = MAX_CACHE_BYTES) -> None:
    """Remove the least recently used entries until the directory holds at most ``limit`` bytes."""
    entries = []
    with os.scandir(directory) as listing:
        for item in listing:
            if item.name.endswith(SUFFIX) and item.is_file(follow_symlinks=False):
                status = item.stat(follow_symlinks=False)
                entries.append((status.st_mtime, status.st_size, item.path))
    total = sum(size for _, size, _ in entries)
    for _, size, entry in sorted(entries):
        if total <= limit:
            break
        _remove(entry)
        total -= size


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def read_cached(reader, path: str, options) -> RawDocument:
    """``reader.read(path, options)``, through the cache."""
    engine = getattr(options, "engine", "pdfminer") if reader.name == "pdf" else "pdfminer"
    key = cache_key(file_digest(path), reader.name, options.encoding, options.password, engine)
    document = load(key, path)
    if document is None:
        document = reader.read(path, options)
        store(key, document)
    return document
