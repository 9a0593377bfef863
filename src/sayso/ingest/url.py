"""Fetching one article over http(s) with the standard library, within set limits.

Redirects are followed here, not by urllib, so that each target's scheme is
re-checked and the count is ours; the body is read in chunks so that the size
limit stops a large download early instead of after it.
"""
from __future__ import annotations

import http.client
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass
from email.message import Message

from ..errors import Errors, SaysoError
from ..settings import Settings
from . import sniff_html
from .text import looks_binary

_REDIRECTS = (301, 302, 303, 307, 308)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
_TRUNCATED = "the connection closed before the whole page arrived"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    kind: str  # "html" or "text": from Content-Type, or sniffed from the body when there is none
    content_type: str  # the media type without parameters; "" when the server sent none
    charset: str | None = None  # from the Content-Type header, if any


def fetch(url: str, settings: Settings) -> Fetched:
    """GET ``url``, following up to ``settings.max_redirects`` redirects (errors E020–E026)."""
    opener = _opener()
    current = _checked(url)
    for _ in range(settings.max_redirects + 1):
        response = _open(opener, current, settings)
        with response:
            if response.status in _REDIRECTS and response.headers.get("Location"):
                current = _checked(urllib.parse.urljoin(current, response.headers["Location"].strip()))
                continue
            if not 200 <= response.status < 300:
                raise SaysoError(Errors.E024, status=f"{response.status} {response.reason}".strip(), url=current)
            content_type, charset = _content_type(response.headers)
            kind = _kind(content_type, current)
            body = _read(response, current, settings)
            if response.headers.get("Content-Encoding", "").lower() in ("gzip", "x-gzip", "deflate"):
                body = _inflate(body, current, settings)  # sent despite our "identity"
        if kind is None:  # no Content-Type header: look at the bytes
            kind = _sniff(body, current)
        return Fetched(url=current, body=body, kind=kind, content_type=content_type, charset=charset)
    raise SaysoError(Errors.E023, limit=settings.max_redirects, url=url)


def _opener() -> urllib.request.OpenerDirector:
    # No redirect or error-raising handlers: every status comes back to ``fetch``.
    # ProxyHandler honours http_proxy/https_proxy/no_proxy like other tools.
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(), urllib.request.HTTPSHandler()):
        opener.add_handler(handler)
    return opener


def _checked(url: str) -> str:
    """``url`` if it is http(s) with a host, made ASCII (IDNA host, percent-encoded path)."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise SaysoError(Errors.E020, url=url)
        host = parts.hostname
        if not host:
            raise SaysoError(Errors.E021, url=url, reason="the URL has no host name")
        port = parts.port  # ValueError when out of range or not a number
        host = host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as exc:
        raise SaysoError(Errors.E021, url=url, reason=f"invalid URL ({exc})") from None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None else f"{host}:{port}"  # user:password@ is dropped, never sent
    # The fragment is the browser's business and is not sent.
    return urllib.parse.urlunsplit((scheme, netloc, _ascii(parts.path) or "/", _ascii(parts.query), ""))


def _ascii(part: str) -> str:
    """Percent-encode spaces and non-ASCII characters; leave the URL's own syntax and escapes."""
    return urllib.parse.quote(part, safe="/%:@!$&'()*+,;=~?#[]")


def _open(opener, url: str, settings: Settings) -> http.client.HTTPResponse:
    request = urllib.request.Request(url, headers={
        "User-Agent": settings.user_agent, "Accept": _ACCEPT, "Accept-Encoding": "identity",
    })
    try:
        return opener.open(request, timeout=settings.timeout)
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise SaysoError(Errors.E022, timeout=settings.timeout, url=url) from None
        raise SaysoError(Errors.E021, url=url, reason=_reason(exc.reason)) from None
    except TimeoutError:
        raise SaysoError(Errors.E022, timeout=settings.timeout, url=url) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise SaysoError(Errors.E021, url=url, reason=_reason(exc)) from None


def _reason(exc) -> str:
    if isinstance(exc, str):
        return exc
    if isinstance(exc, socket.gaierror):
        return "the host name could not be resolved"
    if isinstance(exc, ssl.SSLError):
        return f"secure connection failed ({getattr(exc, 'verify_message', None) or exc.reason or exc})"
    if isinstance(exc, http.client.IncompleteRead):
        return _TRUNCATED
    if isinstance(exc, http.client.InvalidURL):
        return f"invalid URL ({exc})"
    if isinstance(exc, http.client.HTTPException):
        return f"the server's answer was not valid HTTP ({type(exc).__name__})"
    return getattr(exc, "strerror", None) or getattr(exc, "reason", None) or str(exc) or type(exc).__name__


def _content_type(headers: Message) -> tuple[str, str | None]:
    if not headers.get("Content-Type"):
        return "", None
    return headers.get_content_type(), headers.get_content_charset()


def _kind(content_type: str, url: str) -> str | None:
    """"html" or "text" from the media type; None when there was none (sniff the body)."""
    if not content_type:
        return None
    if content_type in _HTML_TYPES:
        return "html"
    if content_type.startswith("text/"):
        return "text"
    raise SaysoError(Errors.E026, url=url, content_type=content_type)


def _sniff(body: bytes, url: str) -> str:
    if sniff_html(body):
        return "html"
    if looks_binary(body):
        raise SaysoError(Errors.E026, url=url, content_type="binary data (no Content-Type header)")
    return "text"


def _read(response, url: str, settings: Settings) -> bytes:
    """The body, refused (E025) as soon as it passes ``settings.max_bytes``."""
    limit = settings.max_bytes
    length = response.headers.get("Content-Length", "").strip()
    expected = int(length) if length.isdigit() else None
    if expected is not None and expected > limit:
        raise SaysoError(Errors.E025, url=url, limit=limit)
    chunks, size = [], 0
    try:
        while chunk := response.read(min(_CHUNK, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise SaysoError(Errors.E025, url=url, limit=limit)
    except TimeoutError:
        raise SaysoError(Errors.E022, timeout=settings.timeout, url=url) from None
    except (OSError, http.client.HTTPException) as exc:
        raise SaysoError(Errors.E021, url=url, reason=_reason(exc)) from None
    if expected is not None and size < expected:  # http.client returns short reads silently
        raise SaysoError(Errors.E021, url=url, reason=_TRUNCATED)
    return b"".join(chunks)


def _inflate(body: bytes, url: str, settings: Settings) -> bytes:
    """Decompress a gzip/deflate body, bounded by the size limit (no decompression bombs)."""
    try:
        inflater = zlib.decompressobj(47)  # 32 + 15: gzip or zlib header, detected
        out = inflater.decompress(body, settings.max_bytes + 1)
    except zlib.error as exc:
        raise SaysoError(Errors.E021, url=url, reason=f"the compressed body is corrupt ({exc})") from None
    if len(out) > settings.max_bytes or inflater.unconsumed_tail:
        raise SaysoError(Errors.E025, url=url, limit=settings.max_bytes)
    return out
