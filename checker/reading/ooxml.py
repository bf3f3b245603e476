"""Office Open XML packages (PPTX, DOCX): a ZIP read safely, its parts as XML.

An Office file is a ZIP of XML parts. A hostile one can be a ZIP bomb (a small
file that inflates without bound), carry a DTD whose entities expand
exponentially, or be an encrypted package (an OLE compound file, not a ZIP).
This module is the only place that opens the ZIP or parses a part:

- the central directory is checked before anything is decompressed (member
  count, each declared size, their total, each member's compression ratio);
- a member is then inflated in chunks, and the same limits are enforced on the
  bytes that actually come out, so a directory that lies cannot get past them;
- parts are parsed by lxml with entity resolution, DTD loading and network
  access off, and a part that declares a DTD at all is refused (no Office
  application writes one);
- macros (``vbaProject.bin`` in .pptm/.docm) are never opened: only XML parts
  are read, as data.

Which application wrote the package is read from its content types, never
from the file name.
"""

from __future__ import annotations

import os
import posixpath
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from checker.i18n import N_, msg
from checker.errors import InputError

MIB = 1024 * 1024
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML file is an OLE compound file with this stream (its name in UTF-16LE).
ENCRYPTED_PACKAGE_STREAM = "EncryptedPackage".encode("utf-16-le")
# How much of an OLE file is searched for that stream name (directory sectors of
# a small file lie within it; a larger OLE file is an old .doc/.ppt in any case).
OLE_SCAN_BYTES = 16 * MIB

NS = {
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
OFFICE_DOCUMENT_REL = "/officeDocument"  # the end of the relationship type URIs (strict and transitional)

# User-facing messages and notes of the Office readers, in one place for the i18n catalogue.
MESSAGES = {
    "note_hidden_slides": N_("slide {numbers} hidden: skipped (as a PDF export skips it)"),
    "note_speaker_notes": N_("speaker notes are not read"),
    "note_graphics": N_("SmartArt diagrams and charts are not read (slide {numbers}): check their text in PowerPoint"),
    "note_template_text": N_("text that slide layouts or masters print on every slide (logos, running footers) is not read"),
    "note_pages_estimated": N_("page numbers are estimates from the page breaks the file records (Word does not store its layout)"),
    "note_no_page_breaks": N_("the file records no page breaks: pages are unknown"),
    "note_headers_left_out": N_("headers and footers ({count} part(s)) are not part of the body and were left out"),
    "note_footnotes_left_out": N_("footnotes, endnotes and comments are not read"),
    "corrupt_zip": N_("{path}: damaged Office file: not a readable ZIP archive ({detail})"),
    "damaged_member": N_("{path}: damaged Office file: member {part} cannot be decompressed ({detail})"),
    "zip_limit": N_("{path}: refused as a possible ZIP bomb: {detail}"),
    "missing_part": N_("{path}: damaged Office file: part {part} is missing"),
    "bad_xml": N_("{path}: damaged Office file: part {part} is not well-formed XML ({detail})"),
    "dtd": N_("{path}: refused: part {part} declares a DTD (entity expansion); Office files never do"),
    "encrypted": N_("{path}: password-protected Office file; save an unprotected copy (or export a PDF) and check that"),
    "no_text": N_("{path}: {kind} has no text to check"),
}


def message(key: str, **values) -> str:
    """The English message, which keeps its template so reports translate it (checker.i18n)."""
    return msg(MESSAGES[key], **values)


@dataclass(frozen=True)
class ZipLimits:
    """What a package may hold. A 1,000-slide deck's XML is a few tens of MB."""

    max_members: int = 10_000
    max_member_bytes: int = 256 * MIB  # one XML part, inflated
    max_total_bytes: int = 1024 * MIB  # every member together, as declared
    max_read_bytes: int = 1024 * MIB  # what the reader inflates, together
    max_ratio: float = 200.0  # inflated / compressed, for members past RATIO_FLOOR
    ratio_floor: int = 1 * MIB  # small members may compress better than this harmlessly


DEFAULT_LIMITS = ZipLimits()
CHUNK = 1 * MIB
# What the content-type sniff may inflate of one part ([Content_Types].xml, _rels/.rels).
SNIFF_PART_BYTES = 4 * MIB
MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError, OSError)
# A DTD stands before the root element, in a part's first bytes.
DTD_SCAN_BYTES = 64 * 1024

# Content types of the main part, by the kind of document they make.
KIND_MARKERS = (
    ("pptx", ("presentationml.", "ms-powerpoint.")),
    ("docx", ("wordprocessingml.document", "wordprocessingml.template", "ms-word.")),
    ("xlsx", ("spreadsheetml.", "ms-excel.")),
)
KIND_NAMES = {
    "pptx": "a PowerPoint presentation",
    "docx": "a Word document",
    "xlsx": "a ZIP archive (an Excel workbook)",
    "zip": "a ZIP archive (not an Office document)",
}


def describe_zip(path: str) -> str:
    """What a ZIP that no reader took is, for the refusal message ("a ZIP archive (an Excel workbook)")."""
    try:
        return KIND_NAMES.get(office_kind(path) or "zip", KIND_NAMES["zip"])
    except InputError:
        return KIND_NAMES["zip"]


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
    )


class Package:
    """An open OOXML package: its parts by name, read under ``ZipLimits``."""

    def __init__(self, path: str, limits: ZipLimits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.limits = limits
        self.bytes_read = 0
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as error:
            raise InputError(message("corrupt_zip", path=path, detail=_short(error))) from None
        except OSError as error:
            raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
        self.members = {info.filename.lstrip("/"): info for info in self._checked_directory()}
        self._content_types: tuple[dict, dict] | None = None
        # Set while sniffing in the calling process (outside the limited worker).
        self.part_limit: int | None = None

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _checked_directory(self) -> list[zipfile.ZipInfo]:
        """The central directory, refused when it declares more than the limits allow."""
        infos = self.zip.infolist()
        limits = self.limits
        if len(infos) > limits.max_members:
            self._refuse(f"{len(infos)} members (the limit is {limits.max_members})")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > limits.max_member_bytes and not info.filename.lower().endswith(MEDIA_SUFFIXES):
                self._refuse(f"member {info.filename} declares {info.file_size} bytes (the limit is {limits.max_member_bytes})")
            if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                self._refuse(
                    f"member {info.filename} inflates {info.file_size / max(info.compress_size, 1):.0f}-fold "
                    f"(the limit is {limits.max_ratio:.0f})"
                )
        if total > limits.max_total_bytes:
            self._refuse(f"members declare {total} bytes together (the limit is {limits.max_total_bytes})")
        return infos

    def _refuse(self, detail: str):
        raise InputError(message("zip_limit", path=self.path, detail=detail))

    # ------------------------------------------------------------------ parts
    def has(self, part: str) -> bool:
        return part.lstrip("/") in self.members

    def read(self, part: str) -> bytes:
        """A member's bytes, inflated in chunks under the limits."""
        info = self.members.get(part.lstrip("/"))
        if info is None:
            raise InputError(message("missing_part", path=self.path, part=part))
        limit = min(self.limits.max_member_bytes, self.limits.max_read_bytes - self.bytes_read, self.part_limit or self.limits.max_member_bytes)
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(info) as stream:
                while True:
                    chunk = stream.read(CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        self._refuse(f"member {info.filename} inflates past {limit} bytes")
                    if size > self.limits.ratio_floor and size > self.limits.max_ratio * max(info.compress_size, 1):
                        self._refuse(f"member {info.filename} inflates more than {self.limits.max_ratio:.0f}-fold")
                    chunks.append(chunk)
        except MEMBER_ERRORS as error:  # a damaged member: bad CRC, bad deflate data, cut short
            raise InputError(message("damaged_member", path=self.path, part=info.filename, detail=_short(error))) from None
        self.bytes_read += size
        return b"".join(chunks)

    def xml(self, part: str) -> etree._Element:
        """A part parsed as XML, safely; a DTD is refused."""
        data = self.read(part)
        if b"<!DOCTYPE" in data[:DTD_SCAN_BYTES]:  # before the parser sees any entity
            raise InputError(message("dtd", path=self.path, part=part))
        try:
            root = etree.fromstring(data, parser=_safe_parser())
        except etree.XMLSyntaxError as error:
            raise InputError(message("bad_xml", path=self.path, part=part, detail=_short(error))) from None
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            raise InputError(message("dtd", path=self.path, part=part))
        return root

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """``rId -> (type, target part)`` for a part (internal targets only)."""
        directory, name = posixpath.split(part.lstrip("/"))
        rels_part = posixpath.join(directory, "_rels", name + ".rels")
        if not self.has(rels_part):
            return {}
        result = {}
        for rel in self.xml(rels_part).iterfind("rel:Relationship", NS):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(directory, target))
            result[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
        return result

    def related(self, part: str, type_suffix: str) -> list[str]:
        return [target for rel_type, target in self.relationships(part).values() if rel_type.endswith(type_suffix)]

    def content_type(self, part: str) -> str:
        if self._content_types is None:
            root = self.xml("[Content_Types].xml")
            overrides = {node.get("PartName", "").lstrip("/").lower(): node.get("ContentType", "") for node in root.iterfind("ct:Override", NS)}
            defaults = {node.get("Extension", "").lower(): node.get("ContentType", "") for node in root.iterfind("ct:Default", NS)}
            self._content_types = (overrides, defaults)
        overrides, defaults = self._content_types
        name = part.lstrip("/").lower()
        if name in overrides:
            return overrides[name]
        return defaults.get(posixpath.splitext(name)[1].lstrip("."), "")

    def main_part(self) -> str | None:
        targets = self.related("", OFFICE_DOCUMENT_REL)
        return targets[0] if targets else None

    def kind(self) -> str | None:
        """"pptx", "docx", "xlsx" or None, from the main part's content type."""
        if not self.has("[Content_Types].xml"):
            return None
        main = self.main_part()
        if main is None:
            return None
        content_type = self.content_type(main)
        for kind, markers in KIND_MARKERS:
            if any(marker in content_type for marker in markers):
                return kind
        return None


# Media are never inflated, so their declared size is only counted in the total.
MEDIA_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf", ".tif", ".tiff", ".bmp", ".svg", ".mp4", ".wav", ".m4a", ".bin")


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split()) or error.__class__.__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _head(path: str, size: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None


def is_encrypted_office_file(path: str) -> bool:
    """An OLE compound file holding an ``EncryptedPackage`` stream (a protected .docx/.pptx/.xlsx)."""
    head = _head(path, OLE_SCAN_BYTES)
    return head.startswith(OLE_SIGNATURE) and ENCRYPTED_PACKAGE_STREAM in head


_KIND_CACHE: dict[tuple, str | None] = {}


def office_kind(path: str) -> str | None:
    """What Office package ``path`` is: "pptx", "docx", "xlsx", "zip" (another ZIP), or None (no ZIP).

    Raises ``InputError`` for an encrypted Office file or a damaged or hostile
    ZIP. Another ZIP is left to other readers (a plugin may read it); the text
    reader names it when nothing does. The answer is cached by path, size and
    modification time, since each Office reader asks.
    """
    try:
        info = os.stat(path)
    except OSError:
        return None
    key = (os.path.abspath(path), info.st_size, info.st_mtime_ns)
    if key in _KIND_CACHE:
        return _KIND_CACHE[key]
    head = _head(path, 8)
    if head.startswith(OLE_SIGNATURE):
        if is_encrypted_office_file(path):
            raise InputError(message("encrypted", path=path))
        return None
    if not head.startswith(ZIP_SIGNATURES):
        return None
    with Package(path) as package:
        package.part_limit = SNIFF_PART_BYTES  # this runs in the caller, not the limited worker
        kind = package.kind() or "zip"
    _KIND_CACHE.clear()
    _KIND_CACHE[key] = kind
    return kind


def element_text(element: etree._Element, tag: str) -> str:
    """The concatenated text of every ``tag`` descendant (e.g. a:t), in order."""
    return "".join(node.text or "" for node in element.iter(tag))


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
