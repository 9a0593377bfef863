"""(work in progress) AttributionFinder."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import get


class AttributionFinder:
    def __init__(self, nlp: Language, name: str = "sayso_attributions"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = get(doc, "attributions")
        return doc


@Language.factory("sayso_attributions")
def make_attributions(nlp: Language, name: str) -> AttributionFinder:
    return AttributionFinder(nlp, name)
