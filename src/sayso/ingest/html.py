"""HTML in: main text and metadata with trafilatura; comments and navigation left out."""
from __future__ import annotations

from ..document import Document
from ..errors import Errors, SaysoError
from ..settings import Settings
from .text import decode


def from_html(data: str | bytes, *, url: str | None = None, what: str = "the input",
              settings: Settings | None = None) -> Document:
    import trafilatura

    settings = settings or Settings()
    if isinstance(data, bytes):
        if not data.strip():
            raise SaysoError(Errors.E001, what=what)
        data = decode(data, what=what, settings=settings)
    if not data.strip():
        raise SaysoError(Errors.E001, what=what)
    result = trafilatura.bare_extraction(
        data, url=url, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
    )
    body = (result.text if result is not None else None) or ""
    if not body.strip():
        raise SaysoError(Errors.E008, what=what)
    return Document(
        text=body,
        title=result.title,
        author=result.author,
        published=result.date,
        site=result.sitename,
        url=result.url or url,
        source_kind="html",
    )
