"""(work in progress) SourceResolver."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import get


class SourceResolver:
    def __init__(self, nlp: Language, name: str = "sayso_resolver"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.entities = get(doc, "entities")
        return doc


@Language.factory("sayso_resolver")
def make_resolve(nlp: Language, name: str) -> SourceResolver:
    return SourceResolver(nlp, name)
