"""Sentence starts at line breaks, set before the parser so no sentence crosses a paragraph.

Headlines, bylines and list items have no final full stop; without this the parser glues
them to the next paragraph and attributions leak across lines.
"""
from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import text_of

_BREAK = re.compile(r"\n\s*")


class ParagraphBreaks:
    def __init__(self, nlp: Language, name: str = "sayso_paragraphs"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        # only the tokens next to a line break are visited (one Token per word costs more)
        text = text_of(doc)
        if "\n" not in text:
            return doc
        starts = doc.to_array("IDX").tolist()
        n = len(starts)
        i = 0
        for m in _BREAK.finditer(text):
            i = bisect.bisect_left(starts, m.end(), i)
            while i < n and doc[i].is_space:
                i += 1
            if i < n and i > 0:
                doc[i].is_sent_start = True
        return doc


@Language.factory("sayso_paragraphs")
def make_paragraph_breaks(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks(nlp, name)
