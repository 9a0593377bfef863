"""Ingestion: one module per input kind, one ``Document`` out.

``text`` (plain text, offsets exact), ``html`` (trafilatura), ``url`` (fetching),
``boilerplate`` (marking non-article lines in plain text).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from ..document import Document
from ..errors import Errors, SaysoError
from ..settings import Settings
from . import html, text

_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body|<meta|<article|<div|<p[\s>])", re.I | re.S)
URL_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


def is_url(source: str) -> bool:
    return bool(URL_RE.match(source))


def sniff_html(data: bytes | str) -> bool:
    """Does ``data`` start like an HTML document (after a BOM, whitespace and comments)?"""
    head = data[:4096]
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: look at it as ASCII
        head = head[2:].replace(b"\x00", b"")
    return bool(_HTML_SNIFF.match(head.removeprefix(b"\xef\xbb\xbf")))


def from_input(data: str | bytes, *, url: str | None = None, content_type: str | None = None,
               what: str = "the input", settings: Settings | None = None,
               charset: str | None = None) -> Document:
    """Text or HTML given in memory (the API's entry point). ``charset``: a declared encoding
    for bytes, such as an HTTP header's (``settings.encoding`` still wins)."""
    settings = settings or Settings()
    kind = content_type or settings.content_type or ("html" if sniff_html(data) else "text")
    if kind not in ("text", "html"):
        raise SaysoError(Errors.E009, content_type=kind)
    if kind == "html":
        doc = html.from_html(data, url=url, what=what, settings=settings, charset=charset)
    elif isinstance(data, bytes):
        doc = text.from_bytes(data, what=what, settings=settings, charset=charset)
    else:
        doc = text.from_string(data, what=what, settings=settings)
    if url and not doc.url:
        doc.url = url
    return check_length(doc, settings, what)


def check_length(doc: Document, settings: Settings, what: str = "the input") -> Document:
    """Refuse, with E010, an article longer than ``settings.max_chars`` (spaCy's parser would
    fail on it, or take gigabytes)."""
    if len(doc.text) > settings.max_chars:
        raise SaysoError(Errors.E010, what=what, size=len(doc.text), limit=settings.max_chars)
    return doc


def read_path(path: str, settings: Settings) -> bytes:
    """The file's bytes; the size is checked (E004) before anything is read."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise SaysoError(Errors.E006, what=path, reason="it is a directory")
    except FileNotFoundError:
        raise SaysoError(Errors.E005, what=path) from None
    except OSError as exc:
        raise SaysoError(Errors.E006, what=path, reason=exc.strerror or str(exc)) from None
    except ValueError as exc:  # e.g. an embedded NUL in the name
        raise SaysoError(Errors.E006, what=path, reason=str(exc)) from None
    text.check_size(size, what=path, settings=settings)
    try:
        with p.open("rb") as fh:
            # Read at most one byte past the limit: pipes and devices report size 0.
            data = fh.read(settings.max_bytes + 1)
    except OSError as exc:
        raise SaysoError(Errors.E006, what=path, reason=exc.strerror or str(exc)) from None
    text.check_size(len(data), what=path, settings=settings)
    return data


def read_stdin(settings: Settings) -> bytes:
    data = sys.stdin.buffer.read(settings.max_bytes + 1)
    text.check_size(len(data), what="standard input", settings=settings)
    return data


def load(source: str, settings: Settings | None = None) -> Document:
    """A path, ``-`` (standard input) or an http(s) URL → Document."""
    settings = settings or Settings()
    if is_url(source):
        from . import url as url_mod  # only URLs need the HTTP machinery

        fetched = url_mod.fetch(source, settings)
        kind = settings.content_type or fetched.kind
        doc = from_input(fetched.body, url=fetched.url, content_type=kind, what=fetched.url,
                         settings=settings, charset=fetched.charset)
        doc.source_kind = "url"
        return doc
    if source == "-":
        data, what = read_stdin(settings), "standard input"
    else:
        data, what = read_path(source, settings), source
    kind = settings.content_type
    if kind is None and source.lower().endswith(_HTML_SUFFIXES):
        kind = "html"
    return from_input(data, content_type=kind, what=what, settings=settings)
