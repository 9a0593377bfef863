"""Plain text in: ``Document.text`` is exactly the decoded input, never rewritten."""
from __future__ import annotations

import codecs

from ..document import Document
from ..errors import Errors, SaysoError
from ..settings import Settings
from . import boilerplate

# Control characters other than tab/newline/carriage return/form feed are a sign of binary data.
_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)} | {127}


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean a binary file."""
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))):
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b in _CONTROL)
    return controls / len(head) > 0.05


def decode(data: bytes, *, what: str, settings: Settings) -> str:
    """Decode bytes as UTF-8 (BOM allowed, and dropped) or as ``settings.encoding``."""
    if len(data) > settings.max_bytes:
        raise SaysoError(Errors.E004, what=what, size=len(data), limit=settings.max_bytes)
    encoding = settings.encoding
    if encoding is None:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            encoding = "utf-8-sig"
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise SaysoError(Errors.E007, encoding=encoding) from None
    if looks_binary(data) and encoding.replace("_", "-").lower() not in ("utf-16", "utf-32"):
        raise SaysoError(Errors.E002, what=what)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise SaysoError(Errors.E003, what=what, encoding=encoding.replace("-sig", "").upper()) from None


def from_string(text: str, *, what: str = "the input", settings: Settings | None = None) -> Document:
    """A Document over ``text`` as given, with boilerplate marked and metadata read from it."""
    settings = settings or Settings()
    if not text.strip():
        raise SaysoError(Errors.E001, what=what)
    if len(text) > settings.max_bytes:
        raise SaysoError(Errors.E004, what=what, size=len(text.encode("utf-8", "surrogatepass")), limit=settings.max_bytes)
    doc = Document(text=text, source_kind="text")
    if settings.boilerplate:
        found = boilerplate.detect(text)
        doc.boilerplate = found.spans
        doc.title, doc.author, doc.published, doc.site = found.title, found.author, found.published, found.site
    return doc


def from_bytes(data: bytes, *, what: str = "the input", settings: Settings | None = None) -> Document:
    settings = settings or Settings()
    if not data.strip():
        raise SaysoError(Errors.E001, what=what)
    return from_string(decode(data, what=what, settings=settings), what=what, settings=settings)
