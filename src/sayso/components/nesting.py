"""(work in progress) Nester."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import get


class Nester:
    def __init__(self, nlp: Language, name: str = "sayso_nesting"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = get(doc, "attributions")
        return doc


@Language.factory("sayso_nesting")
def make_nesting(nlp: Language, name: str) -> Nester:
    return Nester(nlp, name)
