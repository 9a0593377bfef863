"""Hosts and domains: URLs, hosts and domain strings → the key sayso stores and looks up.

Matching goes through ``tldextract`` (the Public Suffix List), never string slicing, so
``bbc.co.uk`` is a domain of its own and ``edition.cnn.com`` belongs to ``cnn.com``. The
extractor is built offline: no suffix-list download, no cache directory, only the snapshot
that ships inside tldextract.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

# Prefixes that name a rendering of the same site, not a different publication.
SERVICE_PREFIXES = frozenset("www www1 www2 www3 m mobile amp edition".split())

# Platforms whose subdomains are separate publications run by different people: a rating of
# "someblog.wordpress.com" says nothing about WordPress. (Some, like blogspot.com, are
# already private suffixes in the PSL; these are not.)
HOSTING_PLATFORMS = frozenset("""
wordpress.com tumblr.com substack.com medium.com wixsite.com weebly.com livejournal.com
typepad.com blogger.com squarespace.com ghost.io over-blog.com webs.com
""".split())

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # suffix_list_urls=() : never fetch the list; cache_dir=None : never read or write a
    # cache; the bundled snapshot is used. Private suffixes (blogspot.com, github.io) count
    # as suffixes, so each blog on them is its own domain.
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True,
                                 include_psl_private_domains=True)


def host_of(value: str) -> str | None:
    """The lower-case host of a URL, or of a bare host/domain string (``None`` if none)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parts = urlsplit(value if _SCHEME.match(value) else "//" + value)
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.strip(".").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return host if "." in host and " " not in host else None


def registrable(value: str) -> str | None:
    """The registrable domain ("example.co.uk") of a URL or host; ``None`` for IPs and junk."""
    host = host_of(value)
    if host is None:
        return None
    ext = _extractor()(host)
    if not ext.suffix or not ext.domain:
        return None
    return f"{ext.domain}.{ext.suffix}"


def _strip_service(host: str, base: str) -> str:
    labels = host[: -len(base)].rstrip(".").split(".") if host != base else []
    while labels and labels[0] in SERVICE_PREFIXES:
        labels.pop(0)
    return ".".join(labels + [base]) if labels else base


def normalise(value: str) -> str | None:
    """The key a rating or outlet domain is stored under: the registrable domain, except that a
    site on a hosting platform keeps its own subdomain ("someone.wordpress.com")."""
    host = host_of(value)
    base = registrable(value) if host else None
    if base is None:
        return None
    if base in HOSTING_PLATFORMS:
        return _strip_service(host, base)
    return base


def candidates(value: str) -> list[str]:
    """Keys to try for a URL or host, most specific first: "news.yahoo.com" then "yahoo.com";
    "www.", "m.", "amp." and the like are dropped first."""
    host = host_of(value)
    base = registrable(value) if host else None
    if base is None:
        return []
    host = _strip_service(host, base)
    out = [host]
    labels = host.split(".")
    n_base = len(base.split("."))
    for i in range(1, len(labels) - n_base + 1):
        parent = ".".join(labels[i:])
        if parent in HOSTING_PLATFORMS:
            break  # a blog on wordpress.com is not WordPress
        out.append(parent)
    return list(dict.fromkeys(out))
