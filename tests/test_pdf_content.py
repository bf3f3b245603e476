"""The fast content-stream reader (``checker.reading.pdf_content``) against pdfminer's own.

pdfminer is the reference: for every content it must give exactly the objects
``PDFContentParser`` gives, or decline (``None``) so pdfminer reads it. Checked
on every fixture PDF, the layout samples, hand-written edge cases, streams split
at every position, and randomly mutated streams; the interpreter built on it must
record the same glyphs and shapes as pdfminer's.
"""

from __future__ import annotations

import pathlib
import random
import sys

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFContentParser, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, list_value, resolve1, stream_value
from pdfminer.psexceptions import PSEOF
from pdfminer.psparser import PSKeyword, PSLiteral

from checker.reading import pdf_adapter
from checker.reading.pdf_content import FastContentInterpreter, content_objects

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
FIXTURE_PDFS = sorted(path for path in (ROOT / "fixtures").rglob("*.pdf") if path.stat().st_size < 2_000_000)
SAMPLES = ("form_only", "image_only", "vertical", "table", "gaps", "panels", "zero_width", "off_page", "turned_pages")


def _plain(value):
    """Objects in a comparable form (names and keywords by name and type, streams by content)."""
    if isinstance(value, PDFStream):
        return ("stream", _plain(value.attrs), value.rawdata)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (PSLiteral, PSKeyword)):
        return (type(value).__name__, value.name)
    return (type(value).__name__, value)


def _pdfminer_reading(streams: list):
    """What pdfminer's parser reads: ("ok", objects) or ("error", exception type)."""
    parser = PDFContentParser(streams)
    objects = []
    try:
        while True:
            objects.append(parser.nextobject()[1])
    except PSEOF:
        return "ok", _plain(objects)
    except Exception as error:  # noqa: BLE001 - a failure is part of pdfminer's reading
        return "error", type(error).__name__


def _streams(*parts: bytes) -> list:
    return [PDFStream({}, part) for part in parts]


def _assert_same_or_declined(streams: list) -> bool:
    """Ours equals pdfminer's reading, or ours declines; True when ours read it."""
    ours = content_objects(streams)
    status, reference = _pdfminer_reading(streams)
    if ours is None:
        return False
    assert status == "ok", f"pdfminer fails ({reference}) where the fast reader read {ours!r}"
    assert _plain(ours) == reference
    return True


# Edge cases the fast reader must read itself, identically.
READ_FAST = [
    b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET",
    b"(a\\101b\\12c\\0d\\377e) Tj",  # octal escapes, one to three digits
    b"(\\n\\r\\t\\b\\f\\\\\\(\\)) Tj",  # every named escape
    b"(line\\\ncontinued) Tj",  # backslash-newline: both dropped
    b"(\\q\\8unknown) Tj",  # an unknown escape: pdfminer drops backslash and byte
    b"(outer (inner (deep)) after) Tj",  # nested parentheses
    b"(esc \\( open) (a\\)b) Tj",
    b"() Tj ( ) Tj",
    b"<48656c6c6f> Tj <48 65 6C\n6c 6f> Tj <4> Tj <414> Tj <> Tj",  # hex strings: spaces, odd digits, empty
    b"<41>> <<>> <4G> Tj",  # a hex string followed by '>>'; a hex string cut short
    b"-.5 +3 1. .25 -0 007 1.2.3 - . +. -- 5-3 Td",  # numbers as pdfminer reads them
    b"/Name /A#42C /#41 /A#4 /A##41 /A#g / /\xe3\x81\x82 /\xff\xfe Tf",  # names: escapes, empty, UTF-8, bytes
    b"% a comment\n1 0 0 1 0 0 cm % another\r0 g",
    b"q [1 2 (three) /Four [5] << /K 6 >>] 0 d Q",  # nested arrays and a dictionary
    b"/P << /MCID 0 /Lang (ja) /Nested << /A [1 2] >> >> BDC EMC",
    b"] ] >> } 1 2 re",  # closers without openers: ignored
    b"[ 1 >> 2 ] TJ",  # a mismatched closer inside an array: ignored
    b"{ 1 2 add } pop",  # procedures
    b"true false null Tz",
    b"1 0 0 RG 0.5 w 10 10 m 20 20 l S ' \" * # ;",  # one-byte keywords
    b"BT\x00/F1\x0012 Tf\x0c(a)Tj\tET",  # NUL and form feed between tokens
    b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\xff EI Q",  # an inline image
    b"BI /W 1 /H 1 /F /AHx ID 41>EI\nQ",
    b"BI /W 4 /H 1 ID abEIxEI \n1 g",  # 'EI' inside the data, not followed by whitespace
    b"BI /W 4 /H 1 /F /A85 ID 9jqo~>\nEI 1 g",  # ASCII85: ends at '~>'
    b"BI /W 2 /H 1 ID \r\n\x01\x02\r\nEI\r\n",
    b"(x)Tj(y)'(z)\"",
    b"Tj5 12abc 1.5.x",  # a keyword with digits; a number running into a keyword
    b"",
    b"   \n  ",
]

# Content pdfminer reads by its parser's internals (or fails on): the fast reader declines.
DECLINED = [
    _streams(b"(never closed Tj"),
    _streams(b"<4142"),
    _streams(b"(\\777) Tj"),  # an octal escape past 255: pdfminer stops on an assertion
    _streams(b"<< /A 1 /B >> BDC"),  # an odd dictionary: pdfminer raises
    _streams(b"(a\\\r\nb) Tj"),  # a line continuation with CR: read by pdfminer's buffers
    _streams(b"BT /F1 12 Tf (Hel", b"lo) Tj ET"),  # a string across streams
    _streams(b"q /", b"F1 12 Tf"),  # a bare '/' at a stream's end
    _streams(b"<< /A 1 >", b"> BDC"),  # '>' '>' across streams
    _streams(b"/A#4", b"1 Tf"),  # a name escape across streams
    _streams(b"1 g /A#41"),  # an escaped name at the very end: pdfminer loses it
    _streams(b"ID 1 2"),  # ID without BI
    _streams(b"[ BI /W 1 ID x EI ]"),  # an inline image inside an array
    _streams(b"BI /W ID x EI"),  # an odd inline-image dictionary
    _streams(b"BI /W 1 /H 1 ID xx"),  # inline image data never ended
]


@pytest.mark.parametrize("content", READ_FAST, ids=range(len(READ_FAST)))
def test_edge_cases_read_fast_and_identically(content):
    assert _assert_same_or_declined(_streams(content)), "the fast reader declined a case it should read"


@pytest.mark.parametrize("streams", DECLINED, ids=range(len(DECLINED)))
def test_content_read_by_pdfminer_internals_is_declined(streams):
    assert content_objects(streams) is None


def test_tokens_ended_by_a_stream_end_read_fast():
    # pdfminer ends a name, number or keyword at a stream's end as if a newline followed.
    for parts in ([b"1 0 0 RG /Na", b"me Tf"], [b"1 2", b"3 re"], [b"q 1 0 0 1 0 0 c", b"m"], [b"% note", b"Q"]):
        assert _assert_same_or_declined(_streams(*parts)), parts


def test_streams_split_anywhere_read_as_pdfminer_reads_them():
    content = b"".join(READ_FAST[:20])
    read = 0
    for cut in range(len(content) + 1):
        read += _assert_same_or_declined(_streams(content[:cut], content[cut:]))
    assert read > len(content) // 2  # most splits fall between or cleanly inside tokens


def test_mutated_streams_read_as_pdfminer_reads_them():
    randomness = random.Random(15)
    pieces = [b"(", b")", b"\\", b"<", b">", b"/", b"#", b"%", b"[", b"]", b"\n", b"\r", b" ", b"1", b".", b"-", b"E", b"I", b"ID", b"BI", b"7"]
    read = 0
    for _ in range(600):
        content = bytearray(randomness.choice(READ_FAST))
        for _ in range(randomness.randint(1, 4)):
            content[randomness.randint(0, len(content)):0] = randomness.choice(pieces)
        read += _assert_same_or_declined(_streams(bytes(content)))
    assert read > 100


def _page_content_streams(path: pathlib.Path):
    """Each page's content streams and each Form XObject's, as pdfminer reads them."""
    with open(path, "rb") as handle:
        document = PDFDocument(PDFParser(handle))
        seen: set = set()
        for page in PDFPage.create_pages(document):
            yield [stream_value(stream) for stream in list_value(page.contents)]
            yield from _forms(resolve1(page.resources or {}), seen)


def _forms(resources, seen: set):
    objects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    for reference in (objects or {}).values():
        form = stream_value(reference)
        if form.objid in seen or getattr(form.get("Subtype"), "name", None) != "Form":
            continue
        seen.add(form.objid)
        yield [form]
        yield from _forms(resolve1(form.get("Resources") or {}), seen)


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=[str(path.relative_to(ROOT)) for path in FIXTURE_PDFS])
def test_every_fixture_content_stream_read_fast_and_identically(path):
    read = declined = 0
    for streams in _page_content_streams(path):
        try:
            for stream in streams:
                stream.get_data()
        except Exception:  # noqa: BLE001 - a damaged stream: pdfminer's to read (and fail on)
            assert content_objects(streams) is None
            continue
        if _assert_same_or_declined(streams):
            read += 1
        else:
            declined += 1
    assert read, "no content stream read"
    assert not declined, f"{declined} content stream(s) of a fixture left to pdfminer"


def _recorded(path: pathlib.Path, interpreter_class) -> list:
    """Every page's glyphs and drawn shapes, read with ``interpreter_class``."""
    pdf_adapter._harden_pdfminer()
    pages = []
    with open(path, "rb") as handle:
        document = PDFDocument(PDFParser(handle))
        resources = PDFResourceManager(caching=True)
        device = pdf_adapter._glyph_device(resources)
        interpreter = interpreter_class(resources, device)
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            pages.append((list(device.glyphs), pdf_adapter._page_shapes(device.page)))
    return pages


def _sample_pdfs(directory: pathlib.Path) -> list[pathlib.Path]:
    import layout_samples

    made = []
    for name in SAMPLES:
        path = directory / f"{name}.pdf"
        getattr(layout_samples, name)(path)
        made.append(path)
    return made


def test_interpreter_records_what_pdfminer_records(tmp_path):
    paths = [ROOT / "fixtures" / "soumu-juten-shisaku-2020.pdf", *sorted((ROOT / "fixtures" / "layout").glob("*.pdf")),
             *_sample_pdfs(tmp_path)]
    for path in paths:
        assert _recorded(path, FastContentInterpreter) == _recorded(path, PDFPageInterpreter), path.name


def test_strict_pdfminer_reads_itself(monkeypatch):
    from pdfminer import settings

    monkeypatch.setattr(settings, "STRICT", True)
    assert content_objects(_streams(b"] 1 g")) is None


def _state_after(interpreter_class, content: bytes) -> tuple:
    """What running ``content`` leaves in an interpreter: its operand stack, text and graphics state."""
    from pdfminer.pdfdevice import PDFDevice

    resources = PDFResourceManager()
    interpreter = interpreter_class(resources, PDFDevice(resources))
    interpreter.init_resources({})
    interpreter.init_state((1, 0, 0, 1, 0, 0))
    stream = PDFStream({}, content)
    stream.set_objid(1, 0)
    interpreter.execute([stream])
    text, graphics = interpreter.textstate, interpreter.graphicstate
    return (_plain(interpreter.argstack), text.charspace, text.wordspace, text.scaling, text.leading, text.rise,
            text.matrix, text.linematrix, graphics.linewidth, graphics.dash, interpreter.ctm, len(interpreter.gstack))


def test_operators_run_as_pdfminer_runs_them():
    # Unknown operators, operators short of operands, leftover operands, nesting of q/Q.
    content = (b"Td 5 Td 2 Tc 3 Tw 90 Tz 12 TL 1 Ts q 2 0 0 2 5 5 cm 0.5 w [3 1] 0 d Q q 7 w "
               b"1 2 Td 4 T* 1 xyzzy 5 Td BT 1 0 0 1 9 9 Tm ET 8 9 Tc 1 2 3")
    assert _state_after(FastContentInterpreter, content) == _state_after(PDFPageInterpreter, content)
