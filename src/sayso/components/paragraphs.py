"""Sentence starts at line breaks, set before the parser so no sentence crosses a paragraph.

Headlines, bylines and list items have no final full stop; without this the parser glues
them to the next paragraph and attributions leak across lines.
"""
from __future__ import annotations

import bisect
import re

from spacy.attrs import IDX, IS_SPACE, SENT_START
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
        arr = doc.to_array([IDX, IS_SPACE, SENT_START])
        starts = arr[:, 0].tolist()
        space = arr[:, 1]
        flags = arr[:, 2].copy()
        n = len(starts)
        i = 0
        marked = False
        for m in _BREAK.finditer(text):
            i = bisect.bisect_left(starts, m.end(), i)
            while i < n and space[i]:
                i += 1
            if 0 < i < n:
                flags[i] = 1
                marked = True
        if marked:
            # one array write: setting Token.is_sent_start checks the whole doc on every call
            doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))
        return doc


@Language.factory("sayso_paragraphs")
def make_paragraph_breaks(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks(nlp, name)
