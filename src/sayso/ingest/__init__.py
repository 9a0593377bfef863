"""Ingestion: one module per input kind, one ``Document`` out."""
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


def is_url(source: str) -> bool:
    return bool(URL_RE.match(source))


def sniff_html(data: bytes | str) -> bool:
    head = data[:4096]
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    return bool(_HTML_SNIFF.match(head))


def from_input(data: str | bytes, *, url: str | None = None, content_type: str | None = None,
               what: str = "the input", settings: Settings | None = None) -> Document:
    """Text or HTML given in memory (the API's entry point)."""
    settings = settings or Settings()
    kind = content_type or settings.content_type or ("html" if sniff_html(data) else "text")
    if kind not in ("text", "html"):
        raise SaysoError(Errors.E009, content_type=kind)
    if kind == "html":
        doc = html.from_html(data, url=url, what=what, settings=settings)
    elif isinstance(data, bytes):
        doc = text.from_bytes(data, what=what, settings=settings)
    else:
        doc = text.from_string(data, what=what, settings=settings)
    if url and not doc.url:
        doc.url = url
    return doc


def read_path(path: str, settings: Settings) -> bytes:
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise SaysoError(Errors.E005, what=path) from None
    except OSError as exc:
        raise SaysoError(Errors.E006, what=path, reason=exc.strerror or str(exc)) from None
    if p.is_dir():
        raise SaysoError(Errors.E006, what=path, reason="it is a directory")
    if size > settings.max_bytes:
        raise SaysoError(Errors.E004, what=path, size=size, limit=settings.max_bytes)
    try:
        with p.open("rb") as fh:
            return fh.read(settings.max_bytes + 1)
    except OSError as exc:
        raise SaysoError(Errors.E006, what=path, reason=exc.strerror or str(exc)) from None


def read_stdin(settings: Settings) -> bytes:
    data = sys.stdin.buffer.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise SaysoError(Errors.E004, what="standard input", size=len(data), limit=settings.max_bytes)
    return data


def load(source: str, settings: Settings | None = None) -> Document:
    """A path, ``-`` (standard input) or an http(s) URL → Document."""
    settings = settings or Settings()
    if is_url(source):
        from . import url as url_mod

        fetched = url_mod.fetch(source, settings)
        kind = settings.content_type or fetched.kind
        return from_input(fetched.body, url=fetched.url, content_type=kind, what=fetched.url, settings=settings)
    if source == "-":
        data, what = read_stdin(settings), "standard input"
    else:
        data, what = read_path(source, settings), source
    kind = settings.content_type
    if kind is None and source.lower().endswith((".html", ".htm", ".xhtml")):
        kind = "html"
    return from_input(data, content_type=kind, what=what, settings=settings)
