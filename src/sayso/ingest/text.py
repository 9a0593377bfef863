"""Plain text in: ``Document.text`` is exactly the decoded input, never rewritten.

Decoding is the only transformation: newlines, spaces and everything else stay as
they are, so offsets into ``Document.text`` are offsets into the decoded file. A
byte-order mark is not text and is dropped by the decoder (``utf-8-sig``,
``utf-16``, ``utf-32``); that is the one difference from the file's characters.

Without ``--encoding`` the input is read as UTF-8 (or UTF-16/32 when it starts
with that BOM). Bytes that are not UTF-8 but read cleanly as Windows-1252 (the
usual "Latin-1" file from an older editor) are accepted with a logged warning,
because refusing the most common legacy encoding of English text would surprise
users. A file that mixes valid UTF-8 sequences with stray bytes is refused (E003)
rather than turned into mojibake.
"""
from __future__ import annotations

import codecs
import logging
import re

from ..document import Document
from ..errors import Errors, SaysoError
from ..settings import Settings
from . import boilerplate

log = logging.getLogger("sayso.ingest")

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Signatures of binary formats that the NUL/control-character test can miss
# (%PDF and GIF8 start with ASCII).
_MAGIC = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"PK\x03\x04", b"\x1f\x8b",
          b"\x7fELF", b"\xd0\xcf\x11\xe0")
# C0 controls other than tab, newline, form feed and carriage return, and DEL.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13)) + b"\x7f"
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A valid multi-byte UTF-8 sequence: its presence in undecodable bytes means a
# mixed or damaged UTF-8 file, not a Windows-1252 one.
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_WIDE = ("utf-16", "utf-32")  # their ASCII text is full of NUL bytes


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a leading byte-order mark, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(data: bytes, encoding: str | None = None) -> bool:
    """A known file signature, or NUL bytes / many control characters in the first 8 KiB."""
    head = data[:8192]
    if not head or (encoding or bom_encoding(head) or "").startswith(_WIDE):
        return False  # UTF-16/32 text is full of NUL bytes
    if head.startswith(_MAGIC) or b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls / len(head) > 0.05


def check_size(size: int, *, what: str, settings: Settings) -> None:
    if size > settings.max_bytes:
        raise SaysoError(Errors.E004, what=what, size=size, limit=settings.max_bytes)


def lookup(encoding: str) -> str:
    """The canonical codec name for ``encoding`` (E007 when Python has no such codec)."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise SaysoError(Errors.E007, encoding=encoding) from None
    if not getattr(info, "_is_text_encoding", True):  # base64, zlib, rot13: bytes-to-bytes codecs
        raise SaysoError(Errors.E007, encoding=encoding)
    return info.name


def display(encoding: str) -> str:
    """A codec name as users write it in messages: "UTF-8", "CP1252"."""
    return encoding.replace("-sig", "").upper()


def decode(data: bytes, *, what: str, settings: Settings, charset: str | None = None) -> str:
    """Decode ``data``: ``settings.encoding`` if set, else a BOM, else ``charset`` (an HTTP
    header's), else UTF-8 with the Windows-1252 fallback described in the module docstring."""
    check_size(len(data), what=what, settings=settings)
    if settings.encoding:
        encoding = lookup(settings.encoding)
    else:
        encoding = bom_encoding(data) or (declared(charset) if charset else None)
    if encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"  # the BOM is dropped whoever named UTF-8
    if looks_binary(data, encoding):
        raise SaysoError(Errors.E002, what=what)
    try:
        return data.decode(encoding or "utf-8")
    except UnicodeDecodeError:
        if encoding:  # named by the user, a BOM or the server: trust it and say so
            raise SaysoError(Errors.E003, what=what, encoding=display(encoding)) from None
    # Not UTF-8, and nothing named an encoding: Windows-1252 if it reads as clean text.
    if not _UTF8_SEQ.search(data):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
            text = None
        if text is not None and not _CONTROL_CHARS.search(text):
            log.warning("sayso: warning: %s is not valid UTF-8; read it as Windows-1252 "
                        "(pass --encoding to choose another).", what)
            return text
    raise SaysoError(Errors.E003, what=what, encoding="UTF-8")


def declared(charset: str) -> str | None:
    """A declared charset (HTTP header, ``<meta>``) as a codec name; unknown labels are
    ignored, not fatal, since the page may still be readable."""
    try:
        name = lookup(charset.strip().strip("\"'"))
    except SaysoError:
        return None
    # As in browsers, "latin-1" and "ascii" labels mean Windows-1252 (WHATWG Encoding).
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def from_string(text: str, *, what: str = "the input", settings: Settings | None = None) -> Document:
    """A Document over ``text`` as given, with boilerplate marked and metadata read from it."""
    settings = settings or Settings()
    if len(text) * 4 > settings.max_bytes:  # else it cannot encode to more than max_bytes
        check_size(len(text.encode("utf-8", "surrogatepass")), what=what, settings=settings)
    if not text.strip().lstrip("\ufeff").strip():
        raise SaysoError(Errors.E001, what=what)
    if "\x00" in text[:8192]:
        raise SaysoError(Errors.E002, what=what)
    doc = Document(text=text, source_kind="text")
    if settings.boilerplate:
        found = boilerplate.detect(text)
        doc.boilerplate = found.spans
        doc.title, doc.author, doc.published, doc.site = found.title, found.author, found.published, found.site
    return doc


def from_bytes(data: bytes, *, what: str = "the input", settings: Settings | None = None,
               charset: str | None = None) -> Document:
    """Decode (see ``decode``) and build the Document; empty input is E001 before anything else."""
    settings = settings or Settings()
    check_size(len(data), what=what, settings=settings)
    if not data.strip():
        raise SaysoError(Errors.E001, what=what)
    return from_string(decode(data, what=what, settings=settings, charset=charset), what=what, settings=settings)
