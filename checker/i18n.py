"""Languages: English source messages, Japanese from a gettext catalog.

Every user-facing string is an English message id. Code that reports something
builds a ``Message`` with ``msg(template, **arguments)``: it *is* the English
text (a ``str``), so fingerprints, baselines, sorting and the JSON ``message``
field stay language-neutral, and it remembers its template and arguments, so a
renderer translates it at output time (``Translator(lang).text(message)``).
Arguments that are ``Message`` objects are translated too; any other argument
(quoted document text, numbers, paths) is inserted unchanged.

The Japanese catalog is ``checker/locale/ja/LC_MESSAGES/checker.po``, compiled
to the ``.mo`` beside it that the stdlib ``gettext`` reads at run time (Babel
is only a development tool: extraction and compilation, see README).
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

LANGUAGES = ("en", "ja")
DEFAULT_LANGUAGE = "en"
DOMAIN = "checker"
LOCALE_DIR = Path(__file__).parent / "locale"
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX precedence


def N_(text: str) -> str:
    """Mark a constant for extraction; it is translated where it is shown."""
    return text


class Message(str):
    """An English message that remembers its template and arguments."""

    template: str
    args: dict

    def __new__(cls, template: str, /, **args: Any) -> "Message":
        self = super().__new__(cls, template.format(**args) if args else template)
        self.template = template
        self.args = args
        return self

    def __reduce__(self):  # pickles (the reader's worker process) keep the template
        return (_rebuild, (self.template, self.args))


def _rebuild(template: str, args: dict) -> Message:
    return Message(template, **args)


def msg(template: str, /, **args: Any) -> Message:
    """A translatable message: ``msg("page {page} of {total}", page=3, total=9)``."""
    return Message(template, **args)


def resolve_language(given: str | None = None, configured: str | None = None,
                     environ: Mapping[str, str] | None = None) -> str:
    """``--lang``, then the ``lang`` config key, then the locale (``ja*``), else English."""
    for choice in (given, configured):
        if choice:
            return check_language(choice)
    environ = os.environ if environ is None else environ
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return "ja" if value.lower().startswith("ja") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def check_language(value: str) -> str:
    if value not in LANGUAGES:
        from checker.errors import UsageError

        raise UsageError(msg("unknown language {value!r}; known: {known}", value=value, known=", ".join(LANGUAGES)))
    return value


@lru_cache(maxsize=None)
def _translations(lang: str) -> _gettext.NullTranslations:
    if lang == DEFAULT_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])


class Translator:
    """Translates messages and labels into one language."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        self.lang = lang
        self._catalog = _translations(lang)

    def __call__(self, text: str) -> str:
        """A label or template (``N_``-marked constant), translated."""
        return self._catalog.gettext(text) if text else text

    def text(self, message: Any) -> str:
        """A message (or a plain string) in this language."""
        if isinstance(message, Message):
            if not message.args:
                return self(message.template)
            args = {key: self.text(value) if isinstance(value, Message) else value for key, value in message.args.items()}
            return self(message.template).format(**args)
        if isinstance(message, str) and self.lang != DEFAULT_LANGUAGE:
            return _translate_plain(message, self)
        return str(message)

    def format(self, template: str, /, **args: Any) -> str:
        """``Translator(lang).format(N_("{count} finding(s)"), count=3)``."""
        return self.text(Message(template, **args))


# ------------------------------------------------------------ the active language
_active = Translator(DEFAULT_LANGUAGE)


def set_language(lang: str) -> Translator:
    """Choose the language of the command line (help, errors, progress)."""
    global _active
    _active = Translator(lang)
    _patch_argparse(_active)
    return _active


def active() -> Translator:
    return _active


def _(text: str) -> str:
    """A label in the command line's language."""
    return _active(text)


# ---------------------------------------------- messages raised as plain strings
# The readers (checker/reading) raise plain English strings; they are being
# rewritten beside this change, so rather than editing every raise site their
# messages are catalogued here as templates and recognised when shown. A
# message that matches none is shown as it is.
PLAIN_TEMPLATES = (
    N_("{path}: no such file"),
    N_("{path}: permission denied"),
    N_("{path}: cannot read ({reason})"),
    N_("{path}: is a directory, not a booklet file"),
    N_("{path}: not a regular file ({kind}); give a PDF or text file"),
    N_("{path}: not a regular file; give a PDF or text file"),
    N_("{path}: empty file (0 bytes)"),
    N_("{path}: over the text size limit of {limit} bytes (it grew while being read)"),
    N_("{path}: starts with a UTF-16 byte-order mark but is not valid UTF-16 at byte {byte}"),
    N_("{path}: mixes encodings: line {line} is UTF-8 but byte {byte} (line {bad_line}) is not; convert that line to UTF-8 "
       "(the file is refused rather than read with one encoding garbled)"),
    N_("{path}: neither UTF-8 (bad byte at {byte}, line {line}) nor CP932/Shift_JIS (bad byte at {other_byte}); "
       "binary data, or give the encoding with --encoding"),
    N_("{path}: cannot start the reader process ({reason})"),
    N_("{path}: unknown encoding {encoding} (given with --encoding)"),
    N_("{path}: not valid {encoding} at byte {byte} (line {line})"),
    N_("{path}: {kind}, not a text file or PDF; save the booklet as PDF or plain text"),
    N_("{path}: binary data, not a text file (NUL bytes found)"),
    N_("{path}: binary data, not a text file (control characters found)"),
    N_("{path}: no text (only white space)"),
    N_("{path}: named .pdf but is not a PDF (no %PDF- header)"),
    N_("{path}: PDF has no pages"),
    N_("{path}: PDF without pages (its page tree is empty)"),
    N_("{path}: damaged PDF: its page tree is missing or broken, and no page could be found"),
    N_("{path}: encrypted PDF, and the password given with --password is wrong"),
    N_("{path}: encrypted PDF; give its password with --password"),
    N_("{path}: encrypted PDF whose owner forbids text extraction; ask for an unrestricted copy"),
    N_("{path}: encrypted PDF with a method that cannot be decrypted here ({reason}); ask for an unencrypted copy"),
    N_("{path}: encrypted PDF with a method that cannot be decrypted here; ask for an unencrypted copy"),
    N_("{path}: damaged PDF: its object structure is cyclic or nested too deeply"),
    N_("{path}: reading needs more memory than --max-memory allows; raise --max-memory"),
    N_("{path}: damaged PDF: a compressed stream cannot be decompressed"),
    N_("{path}: PDF uses Brotli compression (/BrotliDecode), which is not supported here; "
       "save it again with standard (Flate) compression"),
    N_("{path}: PDF uses a compression ({name}) that is not supported here; save it again with standard (Flate) compression"),
    N_("{path}: PDF uses a compression that is not supported here; save it again with standard (Flate) compression"),
    N_("{path}: PDF uses a feature that is not supported here; save it again as a standard PDF"),
    N_("{path}: truncated or damaged PDF: the file ends unexpectedly"),
    N_("{path}: damaged PDF: no valid cross-reference table"),
    N_("{path}: damaged PDF: an object in the file is malformed"),
    N_("{path}: damaged PDF: {reason}"),  # after every more specific "damaged PDF" template
    N_("{path}: PDF has no text layer ({pages} page(s) of images or drawings only, a scan?); "
       "OCR is needed: run OCR on it and read the result"),
    N_("{path}: starts with a UTF-8 BOM but is not valid UTF-8 at byte {byte} (line {line}); "
       "the file mixes encodings? Convert it to UTF-8, or give --encoding"),
    N_("{path}: {size} bytes is over the text size limit of {limit} bytes; not a booklet text?"),
    N_("{path}: no reader for this kind of file (readers: {readers})"),
    N_("{path}: reading failed ({reason})"),
    N_("{path}: the reader process crashed ({reason}); the file is damaged or hostile"),
    N_("{path}: the reader process ended without an answer (exit status {status})"),
    N_("{path}: the reader process stopped answering after {seconds} s"),
)


@lru_cache(maxsize=1)
def _plain_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    patterns = []
    for template in PLAIN_TEMPLATES:
        parts = re.split(r"(\{[a-z_]+\})", template)
        regex = "".join(f"(?P<{part[1:-1]}>.+?)" if part.startswith("{") else re.escape(part) for part in parts)
        patterns.append((re.compile(f"^{regex}$", re.DOTALL), template))
    return tuple(patterns)


def _translate_plain(text: str, translator: Translator) -> str:
    for pattern, template in _plain_patterns():
        found = pattern.match(text)
        if found:
            return translator(template).format(**found.groupdict())
    return text


# ------------------------------------------------------------------- argparse
# argparse's own words ("usage:", "options", its error messages) come from the
# stdlib's gettext domain, which has no Japanese; they are in our catalog.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
)


def _patch_argparse(translator: Translator) -> None:
    import argparse

    argparse._ = translator  # type: ignore[attr-defined]
    argparse.ngettext = lambda singular, plural, n: translator(singular if n == 1 else plural)  # type: ignore[attr-defined]


# ------------------------------------------------------------------ terms
# Node kinds as every output names them (rule messages, outline, text and HTML diff): one table.
# A budget node is a "budget line" (予算の行), as the rule messages call it; "budget programme"
# (予算事業) is kept for the programmes the ledger counts.
KIND_TERMS = {
    "chapter": N_("chapter"),
    "section": N_("section"),
    "topic": N_("topic"),
    "item": N_("item"),
    "subitem": N_("sub-item"),
    "paragraph": N_("paragraph"),
    "bullet": N_("bullet"),
    "note": N_("note"),
    "caption": N_("caption"),
    "budget": N_("budget line"),
    "unclassified": N_("unclassified line"),
}


def kind_term(kind: str) -> Message:
    """A node kind (``chapter``, ``topic`` …) as a word that translates."""
    return Message(KIND_TERMS.get(kind, kind))
