"""Sentence starts at line breaks, set before the parser so no sentence crosses a paragraph.

Headlines, bylines and list items have no final full stop; without this the parser glues
them to the next paragraph and attributions leak across lines.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class ParagraphBreaks:
    def __init__(self, nlp: Language, name: str = "sayso_paragraphs"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        after_break = False
        for tok in doc:
            if after_break and not tok.is_space:
                tok.is_sent_start = True
                after_break = False
            if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
                after_break = True
        return doc


@Language.factory("sayso_paragraphs")
def make_paragraph_breaks(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks(nlp, name)
