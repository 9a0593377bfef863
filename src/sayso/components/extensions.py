"""Doc extension attributes sayso's components write. Registered on demand, not on import."""
from __future__ import annotations

import weakref

from spacy.tokens import Doc

# name -> default factory; getters would recompute, so plain defaults set by components
_DOC_EXTENSIONS = {
    "boilerplate": list,  # [(start, end)] character ranges analysis skips
    "quotes": list,  # [Quote]
    "attributions": list,  # [Attribution]
    "entities": list,  # [Entity]
    "statements": list,  # [Statement]
    "techniques": list,  # [TechniqueSpan] (components/techniques.py)
    "outlets": list,  # [CitedOutlet]
    "url": lambda: None,  # the article's URL (set by Analyzer), for its own outlet
    "site": lambda: None,  # the article's site name or host (set by Analyzer)
}


def setup_extensions(force: bool = False) -> None:
    """Register sayso's ``Doc._`` attributes (idempotent)."""
    for name in _DOC_EXTENSIONS:
        if force or not Doc.has_extension(name):
            Doc.set_extension(name, default=None, force=True)


def get(doc: Doc, name: str):
    """Read an extension, returning a fresh empty value when a component has not set it."""
    value = getattr(doc._, name)
    return _DOC_EXTENSIONS[name]() if value is None else value


_TEXTS: dict[int, tuple[weakref.ref, str]] = {}


def remember_text(doc: Doc, text: str) -> None:
    """Seed ``text_of`` with the text ``doc`` was made from (spaCy's tokenizer keeps every
    character, so the two are equal)."""
    key = id(doc)
    _TEXTS[key] = (weakref.ref(doc, lambda _, key=key: _TEXTS.pop(key, None)), text)


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins every token's text on each access,
    and the components read it many times. A doc's text never changes (retokenising keeps
    it), so the cache needs no invalidation; entries go when the doc does."""
    key = id(doc)
    hit = _TEXTS.get(key)
    if hit is not None and hit[0]() is doc:
        return hit[1]
    text = doc.text
    _TEXTS[key] = (weakref.ref(doc, lambda _, key=key: _TEXTS.pop(key, None)), text)
    return text
