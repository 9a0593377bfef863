"""Doc extension attributes sayso's components write. Registered on demand, not on import."""
from __future__ import annotations

import dataclasses
import importlib
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
    "outlet_mentions": list,  # [(start, end, strength, kind)] outlet names in the text (sayso_outlet_mentions)
    "url": lambda: None,  # the article's URL (set by Analyzer), for its own outlet
    "site": lambda: None,  # the article's site name or host (set by Analyzer)
}


def setup_extensions(force: bool = False) -> None:
    """Register sayso's ``Doc._`` attributes (idempotent), and teach spaCy's msgpack how to
    carry sayso's records, so docs can cross processes (``nlp.pipe(n_process=2)``) and disk."""
    for name in _DOC_EXTENSIONS:
        if force or not Doc.has_extension(name):
            Doc.set_extension(name, default=None, force=True)
    from srsly.msgpack import msgpack_decoders, msgpack_encoders

    if "sayso_records" not in msgpack_encoders.get_all():
        msgpack_encoders.register("sayso_records", func=_encode_record)
        msgpack_decoders.register("sayso_records", func=_decode_record)


_RECORD_KEY = "__sayso_record__"


def _encode_record(obj, chain=None):
    """A sayso dataclass (attribution, quote, span …) → a plain dict naming its class."""
    cls = type(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type) and cls.__module__.startswith("sayso."):
        return {_RECORD_KEY: f"{cls.__module__}:{cls.__qualname__}",
                "fields": {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.init}}
    return obj if chain is None else chain(obj)


def _decode_record(obj, chain=None):
    if isinstance(obj, dict) and _RECORD_KEY in obj:
        module, _, name = str(obj[_RECORD_KEY]).partition(":")
        cls = getattr(importlib.import_module(module), name, None) if module.startswith("sayso.") else None
        if cls is None or not dataclasses.is_dataclass(cls):  # only sayso's own records are rebuilt
            raise ValueError(f"not a sayso record: {obj[_RECORD_KEY]!r}")
        return cls(**obj["fields"])
    return obj if chain is None else chain(obj)


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
