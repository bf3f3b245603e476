"""A faster reading of PDF content streams for the pdfminer glyph reader.

Most of the time pdfminer spends on a booklet page goes to tokenizing its
content stream: ``PSBaseParser`` walks it with a state machine, one Python
call per token state (a string's escape costs a call per character), and
``PDFPageInterpreter.execute`` looks every operator up by building its method
name anew. This module reads a stream with one compiled regular expression
over the whole decoded stream, builds the same objects (numbers, names,
strings, arrays, dictionaries, inline images, keywords) and runs them through
a dispatch table made once per interpreter class.

pdfminer stays the reference: ``content_objects`` gives exactly the objects
``PDFContentParser.nextobject`` would, in the same order, or ``None`` when the
content has anything whose pdfminer reading depends on its parser's internals
(where pdfminer's buffers or stream changes split a token, a string left open
at the end of a stream, a malformed inline image, an odd dictionary, an octal
escape past 255); the interpreter then lets pdfminer's own parser read it.
``tests/test_pdf_content.py`` compares both readings on every fixture PDF and
on hand-written edge cases.
"""

from __future__ import annotations

import binascii
import codecs
import re

from pdfminer import settings
from pdfminer.pdfinterp import PDFInterpreterError, PDFPageInterpreter
from pdfminer.pdftypes import LITERALS_ASCII85_DECODE, PDFStream, stream_value
from pdfminer.psparser import KWD, LIT, PSKeyword, PSLiteral, literal_name

# One token per match, after the whitespace and NUL bytes before it (skipped
# possessively: a run of blanks costs one pass, however long, and a match never
# fails, so the search never steps byte by byte); the first byte decides the
# kind, as pdfminer's ``_parse_main`` does. ``\s`` is the same class pdfminer
# uses (Python's, for bytes). Trailing blanks make a match without a group.
_TOKEN = re.compile(
    rb"[\s\x00]*+(?:"
    rb"([-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*)"  # 1 number (pdfminer's _parse_number / _parse_float)
    rb"|/([^/%\[\]()<>{}\s]*)"  # 2 name; '#xx' escapes decoded apart
    rb"|([A-Za-z][^#/%\[\]()<>{}\s]*)"  # 3 keyword (true/false are booleans)
    rb"|\(([^()\\]*(?:\\.[^()\\]*)*)\)"  # 4 string without nested parentheses (escapes skipped over)
    rb"|(\()"  # 5 a string with nested parentheses (or left open)
    rb"|(<<)"  # 6
    rb"|<([0-9A-Fa-f\s]*)"  # 7 hex string; its end ('>') is left to the next match, as pdfminer does
    rb"|(>>)"  # 8
    rb"|(>)"  # 9 a lone '>' makes no token
    rb"|(%)[^\r\n]*"  # 10 comment
    rb"|([^\s\x00])"  # 11 any other byte: a one-byte keyword ('[', ']', '{', '}', "'", ...)
    rb"|\Z)",  # the stream's end
    re.DOTALL,  # an escaped newline in a string
)
_STRING_END = re.compile(rb"[()\\]")
# Escapes Python's bytes-escape decoder reads as pdfminer does (octal up to
# \377, \n \r \t \b \f \\, backslash-newline dropped); a string with any other
# (\(, \), an unknown one pdfminer drops, an octal past 255) is read by hand.
_OTHER_ESCAPE = re.compile(rb"\\(?:[^0-7nrtbf\\\n]|[4-7][0-7][0-7])")
_OCTAL = re.compile(rb"[0-7]{1,3}")
_SPACE = re.compile(rb"\s")
_HEX_DIGITS = re.compile(rb"[0-9A-Fa-f]{1,2}")
_STRING_ESCAPES = {ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("f"): 12, ord("r"): 13, ord("("): 40, ord(")"): 41, ord("\\"): 92}
_TRAILING_EOL = re.compile(rb"(\x0d\x0a|[\x0d\x0a])$")  # pdfminer's, as get_inline_data applies it
# pdfminer reads a stream in 4,096-byte chunks, and a line continuation in a string
# (backslash, CR, LF) reads differently when the CR ends a chunk: content with a
# backslash before a CR is left to pdfminer.
_CHUNK_SENSITIVE = b"\\\r"

_ARRAY_BEGIN, _ARRAY_END = KWD(b"["), KWD(b"]")
_DICT_BEGIN, _DICT_END = KWD(b"<<"), KWD(b">>")
_PROC_BEGIN, _PROC_END = KWD(b"{"), KWD(b"}")
_BI, _ID, _EI = KWD(b"BI"), KWD(b"ID"), KWD(b"EI")
_OPENERS = {_ARRAY_BEGIN: "a", _DICT_BEGIN: "d", _PROC_BEGIN: "p"}
_CLOSERS = {_ARRAY_END: "a", _DICT_END: "d", _PROC_END: "p"}


class _Unhandled(Exception):
    """Content this reader leaves to pdfminer's parser."""


def content_objects(streams: list) -> list | None:
    """The objects pdfminer's ``PDFContentParser`` reads from ``streams`` (decoded
    ``PDFStream``s, read one after another), in order; ``None`` when pdfminer
    must read them itself (see the module docstring)."""
    if settings.STRICT:
        return None  # pdfminer's strict mode raises where this reader (as pdfminer's default) ignores
    try:
        builder = _Builder()
        last = len(streams) - 1
        for index, stream in enumerate(streams):
            data = stream_value(stream).get_data()
            if _CHUNK_SENSITIVE in data:
                raise _Unhandled
            _read_stream(data, builder, final=index == last)
        return builder.objects
    except Exception:  # noqa: BLE001 - anything unexpected: pdfminer reads it, and raises as it does
        return None


def _read_stream(data: bytes, builder: _Builder, final: bool) -> None:
    """Feed one stream's tokens to ``builder``.

    pdfminer ends a token at a stream's end as if a newline followed, except
    where its state holds no bytes yet or its name escape waits for a digit:
    a string or hex string left open, and at the end of a stream followed by
    another, a bare ``/`` or a ``>`` (the next stream's first byte joins them);
    a name with an escape at any stream's end. Those are left to pdfminer.
    """
    if not final and data.endswith((b"/", b">")):
        raise _Unhandled
    builder.escaped_name_end = None
    position: int | None = 0
    while position is not None:
        position = _read_from(data, position, builder)
    if builder.escaped_name_end == len(data):
        raise _Unhandled


def _read_from(data: bytes, start: int, builder: _Builder) -> int | None:
    """Tokens from ``start`` to the end, or to where the reading must restart
    (after a string read by hand or an inline image): that position, else None."""
    add = builder.add
    for match in _TOKEN.finditer(data, start):
        kind = match.lastindex
        if kind == 3:
            word = match.group(3)
            if word == b"true":
                add(True)
            elif word == b"false":
                add(False)
            else:
                keyword = KWD(word)
                if keyword is _ID:
                    return builder.inline_image(data, match.start(3))
                builder.keyword(keyword)
        elif kind == 1:
            number = match.group(1)
            try:
                add(float(number) if b"." in number else int(number))
            except ValueError:  # '-', '.', '+.': pdfminer makes no token of these
                pass
        elif kind == 2:
            _name(match, builder)
        elif kind == 4:
            add(_string_body(match.group(4)))
        elif kind == 5:
            text, end = _string(data, match.end())
            add(text)
            return end
        elif kind == 7:
            if match.end() == len(data):
                raise _Unhandled  # open at the stream's end
            add(_hex_string(match.group(7)))
        elif kind == 11:
            builder.keyword(KWD(match.group(11)))
        elif kind == 6:
            builder.keyword(_DICT_BEGIN)
        elif kind == 8:
            builder.keyword(_DICT_END)
        # 9 (a lone '>'), 10 (a comment) and the end (no group) make no token
    return None


def _name(match, builder: _Builder) -> None:
    raw = match.group(2)
    escaped = b"#" in raw
    if escaped:
        raw = _unescape_name(raw)
    try:
        name: str | bytes = str(raw, "utf-8")
    except UnicodeDecodeError:
        name = raw
    builder.add(LIT(name))
    if escaped:
        builder.escaped_name_end = match.end()


def _unescape_name(raw: bytes) -> bytes:
    """``#xx`` escapes as pdfminer reads them: one or two hex digits after '#'
    make a byte, a '#' without one is dropped."""
    parts = raw.split(b"#")
    out = [parts[0]]
    for part in parts[1:]:
        digits = _HEX_DIGITS.match(part)
        if digits:
            out.append(bytes((int(digits.group(), 16),)))
            part = part[digits.end():]
        out.append(part)
    return b"".join(out)


def _string_body(body: bytes) -> bytes:
    """A literal string's bytes from its body (without nested parentheses)."""
    if b"\\" not in body:
        return body
    if _OTHER_ESCAPE.search(body) is None:
        return codecs.escape_decode(body)[0]
    text, _end = _string(body + b")", 0)
    return text


def _string(data: bytes, start: int) -> tuple[bytes, int]:
    """A literal string whose body starts at ``start``, read as pdfminer's
    ``_parse_string`` reads it (an unknown escape drops both bytes, as there),
    and the position after it."""
    parts = []
    depth = 1
    position = start
    while True:
        found = _STRING_END.search(data, position)
        if found is None:
            raise _Unhandled  # open at the stream's end
        at = found.start()
        parts.append(data[position:at])
        byte = data[at]
        if byte == 0x5C:  # backslash
            position = _escape(data, at + 1, parts)
        elif byte == 0x28:  # (
            depth += 1
            parts.append(b"(")
            position = at + 1
        else:
            depth -= 1
            if not depth:
                return b"".join(parts), at + 1
            parts.append(b")")
            position = at + 1


def _escape(data: bytes, at: int, parts: list) -> int:
    """The escape whose first byte after the backslash is at ``at``; the position after it."""
    if at >= len(data):
        raise _Unhandled
    octal = _OCTAL.match(data, at)
    if octal:
        code = int(octal.group(), 8)
        if code > 255:
            raise _Unhandled  # pdfminer stops on it (an assertion)
        parts.append(bytes((code,)))
        return octal.end()
    escaped = _STRING_ESCAPES.get(data[at])
    if escaped is not None:
        parts.append(bytes((escaped,)))
    return at + 1


def _hex_string(body: bytes) -> bytes:
    """pdfminer's reading of ``<...>``: whitespace dropped, digit pairs make bytes,
    and an odd last digit makes a byte by itself ('A' is 0x0A)."""
    digits = _SPACE.sub(b"", body)
    if len(digits) % 2:
        return binascii.unhexlify(digits[:-1]) + bytes((int(digits[-1:], 16),))
    return binascii.unhexlify(digits)


class _Builder:
    """Tokens to objects, as ``PSStackParser.nextobject`` and ``PDFContentParser.do_keyword``
    build them: arrays, dictionaries and procedures nested, a closer that does not
    match its opener ignored (pdfminer, not strict, ignores it too)."""

    def __init__(self) -> None:
        self.objects: list = []
        self._context: list = []  # (type, stack) of each open container
        self._type: str | None = None
        self._stack: list = self.objects  # at the top level, objects go straight out
        self.escaped_name_end: int | None = None  # where the stream's last escaped name ended

    def add(self, value) -> None:
        self._stack.append(value)

    def keyword(self, keyword: PSKeyword) -> None:
        opener = _OPENERS.get(keyword)
        if opener is not None:
            self._open(opener)
        elif keyword in _CLOSERS:
            self._close(_CLOSERS[keyword])
        elif keyword is _BI:
            if self._context:
                raise _Unhandled  # pdfminer's inline-image reading resets its open containers
            self._open("inline")
        else:
            self._stack.append(keyword)

    def _open(self, kind: str) -> None:
        self._context.append((self._type, self._stack))
        self._type, self._stack = kind, []

    def _close(self, kind: str) -> list | None:
        if self._type != kind:
            return None  # pdfminer: a type mismatch, ignored when not strict
        values = self._stack
        self._type, self._stack = self._context.pop()
        if kind == "d":
            if len(values) % 2:
                raise _Unhandled  # pdfminer raises here
            self._stack.append({literal_name(k): v for k, v in zip(values[::2], values[1::2]) if v is not None})
        elif kind != "inline":
            self._stack.append(values)
        return values

    def inline_image(self, data: bytes, at: int) -> int:
        """The ``ID`` keyword at ``at``: the image's dictionary (since ``BI``) and its
        data as one ``PDFStream``, then ``EI``, as pdfminer reads them; the position
        the reading goes on from."""
        if self._type != "inline" or len(self._context) != 1:
            raise _Unhandled  # pdfminer would go on reading the image data as tokens
        values = self._close("inline")
        if len(values) % 2:
            raise _Unhandled
        from pdfminer import pdfinterp  # its resolve1, which our worker may have hardened

        attributes = {literal_name(k): pdfinterp.resolve1(v) for k, v in zip(values[::2], values[1::2])}
        end_mark = b"EI"
        filters = attributes.get("F")
        if filters is not None:
            if isinstance(filters, PSLiteral):
                filters = [filters]
            if filters[0] in LITERALS_ASCII85_DECODE:  # may raise as pdfminer's does: it then reads
                end_mark = b"~>"
        image, end = _inline_data(data, at + len(b"ID "), end_mark)
        if end_mark != b"EI":
            image += end_mark
        self.objects.append(PDFStream(attributes, image))
        if end_mark == b"EI":
            self.objects.append(_EI)
        return end


def _inline_data(data: bytes, start: int, target: bytes) -> tuple[bytes, int]:
    """pdfminer's ``get_inline_data`` on one stream: the bytes up to ``target``
    followed by a whitespace byte (a byte that breaks a partial match is not
    looked at again), and the position after them."""
    position = start
    matched = 0
    while matched <= len(target):
        if matched == 0:
            found = data.find(target[:1], position)
            if found < 0:
                raise _Unhandled  # pdfminer would read on into the next stream
            position = found + 1
            matched = 1
            continue
        if position >= len(data):
            raise _Unhandled
        byte = data[position:position + 1]
        position += 1
        if (matched >= len(target) and byte.isspace()) or (matched < len(target) and byte == target[matched:matched + 1]):
            matched += 1
        else:
            matched = 0
    image = data[start:position][: -(len(target) + 1)]
    return _TRAILING_EOL.sub(b"", image), position


class FastContentInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter reading content streams with ``content_objects``
    (pdfminer's own parser where that declines) and finding each operator's
    method in a table built once per class instead of per operator.

    Form XObjects are read by the same class (``dup`` makes ``self.__class__``).
    """

    _operators: dict | None = None

    def execute(self, streams) -> None:
        try:
            valid = self._valid_streams(streams)
        except Exception:  # noqa: BLE001 - pdfminer's own execute raises it as it does
            valid = None
        objects = content_objects(valid) if valid else None
        if objects is None:
            super().execute(streams)
            return
        self._run(objects)

    def _valid_streams(self, streams) -> list:
        """The streams pdfminer's ``execute`` would read (a stream already being read
        higher up, a circular Form XObject, is skipped), recorded as it records them."""
        valid = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                return []  # pdfminer logs these; let it handle them
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        return valid

    def _run(self, objects: list) -> None:
        operators = self._operator_table()
        argstack = self.argstack
        for obj in objects:
            if obj.__class__ is not PSKeyword:
                argstack.append(obj)
                continue
            entry = operators.get(obj)
            if entry is None:
                entry = operators[obj] = self._operator(obj)
            function, count = entry
            if function is None:
                if settings.STRICT:
                    raise PDFInterpreterError(f"Unknown operator: {str(obj.name, 'utf-8', 'ignore')!r}")
                continue
            if count:
                args = self.pop(count)
                if len(args) == count:
                    function(self, *args)
            else:
                function(self)
            argstack = self.argstack  # an operator may have replaced the list (pop does)

    @classmethod
    def _operator_table(cls) -> dict:
        if cls.__dict__.get("_operators") is None:
            cls._operators = {}
        return cls._operators

    @classmethod
    def _operator(cls, keyword: PSKeyword) -> tuple:
        """The method pdfminer's ``execute`` calls for ``keyword`` and how many operands
        it takes (``None`` when there is none), named as pdfminer names it."""
        name = str(keyword.name, "utf-8", "ignore")
        method = "do_{}".format(name.replace("*", "_a").replace('"', "_w").replace("'", "_q"))
        function = getattr(cls, method, None)
        if function is None:
            return None, 0
        return function, function.__code__.co_argcount - 1
