"""HTML in: main text and metadata with trafilatura; comments and navigation left out.

For HTML, ``Document.text`` is trafilatura's extracted text (paragraphs joined by
newlines) and every offset refers to that text, not to the markup.
"""
from __future__ import annotations

import logging
import re

from ..document import Document
from ..errors import Errors, SaysoError
from ..settings import Settings
from .text import bom_encoding, check_size, declared, display, looks_binary, lookup

log = logging.getLogger("sayso.ingest")

# <meta charset="x">, <meta http-equiv=... content="text/html; charset=x"> or <?xml encoding="x"?>
_META_CHARSET = re.compile(rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
                           rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.I)
_DOCUMENT_START = re.compile(r"<(?:html|head|body)[\s>/]", re.I)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 8 KiB (like a browser's prescan)."""
    m = _META_CHARSET.search(data[:8192])
    return (m.group(1) or m.group(2)).decode("ascii") if m else None


def decode_html(data: bytes, *, what: str, settings: Settings, charset: str | None = None) -> str:
    """Bytes → str in browser order: ``--encoding``, BOM, the HTTP header's charset, ``<meta
    charset>``, then UTF-8, else Windows-1252. Only a user-named encoding is strict (E003);
    otherwise undecodable bytes become U+FFFD, as a browser shows them."""
    check_size(len(data), what=what, settings=settings)
    if settings.encoding:
        encoding = lookup(settings.encoding)
        if looks_binary(data, encoding):
            raise SaysoError(Errors.E002, what=what)
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            raise SaysoError(Errors.E003, what=what, encoding=display(encoding)) from None
    found = bom_encoding(data)
    if looks_binary(data, found):
        raise SaysoError(Errors.E002, what=what)
    for label in () if found else (charset, meta_charset(data)):
        name = declared(label) if label else None
        # UTF-16 declared in ASCII-compatible bytes is a lie (browsers ignore it too).
        if name and not name.startswith(("utf-16", "utf-32")):
            found = name
            break
    if found:
        return data.decode(found, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def from_html(data: str | bytes, *, url: str | None = None, what: str = "the input",
              settings: Settings | None = None, charset: str | None = None) -> Document:
    """Extract the article from HTML (E008 when there is none). ``charset`` is the HTTP header's."""
    settings = settings or Settings()
    if isinstance(data, bytes):
        if not data.strip():
            raise SaysoError(Errors.E001, what=what)
        data = decode_html(data, what=what, settings=settings, charset=charset)
    else:
        check_size(len(data), what=what, settings=settings)
    if not data.strip():
        raise SaysoError(Errors.E001, what=what)
    result = _extract(data, url)
    body = (result.text if result is not None else None) or ""
    if not body.strip():
        raise SaysoError(Errors.E008, what=what)
    date = result.date if result.date and _ISO_DATE.match(result.date) else None
    return Document(
        text=body,
        title=result.title or None,
        author=result.author or None,
        published=date[:10] if date else None,
        site=result.sitename or None,
        url=result.url or url,
        source_kind="html",
    )


def _extract(markup: str, url: str | None):
    """trafilatura's ``Document`` for ``markup``, or None. Precision first (less boilerplate);
    if that finds nothing, the default mode, which keeps short pages."""
    import trafilatura

    # trafilatura rejects a bare fragment such as "<p>text</p>"; give it a document around it.
    if not _DOCUMENT_START.search(markup[:4096]):
        markup = f"<html><body>{markup}</body></html>"
    for precision in (True, False):
        try:
            result = trafilatura.bare_extraction(
                markup, url=url, include_comments=False, include_tables=False, include_images=False,
                with_metadata=True, favor_precision=precision, deduplicate=False,
            )
        except Exception as exc:  # a parser failure on broken markup is "no text", not a crash
            log.debug("trafilatura failed on %s: %r", url or "the input", exc)
            return None
        if result is not None and (result.text or "").strip():
            return result
    return None
