"""Quote-mark pairing by type (straight, curly, double apostrophes, guillemets, singles).

An unbalanced mark never fails the article: an opener with no closer runs to the end
of its paragraph and is flagged ``close_mark=None``; a paragraph that opens with a mark
while the previous one was left open continues the same speech (news convention for
quotes that run over several paragraphs).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import text_of
from .records import Quote

# (open, close) marks of the double family; straight marks are decided by context.
_DOUBLE_OPEN = ("“", "«", "„", "``")
_DOUBLE_CLOSE = ("”", "»", "''")
_STRAIGHT = '"'
_TOKEN_RE = re.compile(r"``|''|[“”«»„\"]")
_SINGLE_RE = re.compile(r"[‘’']")
_PARA_RE = re.compile(r"[^\n]+")
_OPEN_BEFORE = set(" \t\n([{—–-/:") | {""}


def _straight_is_opener(text: str, i: int, is_open: bool, width: int = 1) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + width] if i + width < len(text) else ""
    if before in _OPEN_BEFORE and after not in ("", " ", "\n", "\t"):
        return True
    if after in ("", " ", "\n", "\t", ",", ".", ";", ":", "?", "!", ")", "—", "–"):
        return False
    return not is_open


def find_double(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """Pair double quote marks within ``text[start:end]``, paragraph by paragraph."""
    end = len(text) if end is None else end
    quotes: list[Quote] = []
    for para in _PARA_RE.finditer(text, start, end):
        p_start, p_end = para.start(), para.end()
        if not text[p_start:p_end].strip():
            continue
        opened: tuple[int, str] | None = None
        for m in _TOKEN_RE.finditer(text, p_start, p_end):
            mark, i = m.group(), m.start()
            if mark == _STRAIGHT:
                is_opener = _straight_is_opener(text, i, opened is not None)
            elif mark == "''" and opened is None:
                # some wires (the NYT archive) open with '' as well as close with it
                is_opener = _straight_is_opener(text, i, False, width=2)
            else:
                is_opener = mark in _DOUBLE_OPEN
            if is_opener:
                # a second opener while one is open: the first was never closed; drop it
                opened = (i, mark)
            elif opened is not None:
                quotes.append(Quote(opened[0], m.end(), opened[1], mark))
                opened = None
        if opened is not None:
            tail = p_end
            while tail > opened[0] + 1 and text[tail - 1].isspace():
                tail -= 1
            quotes.append(Quote(opened[0], tail, opened[1], None))
    return quotes


def find_single(text: str, spans: list[tuple[int, int]]) -> list[Quote]:
    """Single-quoted spans (‘…’ or '…') inside ``spans``; an apostrophe between letters never closes."""
    quotes = []
    for s, e in spans:
        opened = None
        for m in _SINGLE_RE.finditer(text, s, e):
            i = m.start()
            before = text[i - 1] if i > 0 else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if before.isalnum() and after.isalpha():
                continue  # apostrophe: don't, O'Brien
            if m.group() == "'" and "'" in (before, after):
                continue  # half of a '' double mark
            if opened is None:
                if (before == "" or not before.isalnum()) and after.isalpha() and m.group() in "‘'":
                    opened = (i, m.group())
            elif before and not before.isspace() and not after.isalnum():
                if after == "s" or (m.group() == "’" and opened[1] == "'") or i - opened[0] < 3:
                    continue
                quotes.append(Quote(opened[0], i + 1, opened[1], m.group()))
                opened = None
            if text[i:i + 1] == "\n":
                opened = None
    return quotes


def find_quotes(text: str) -> list[Quote]:
    doubles = find_double(text)
    singles = find_single(text, [q.inner for q in doubles] + [(0, len(text))])
    # keep singles that sit inside a double quote, or stand alone without crossing one
    kept = []
    for q in singles:
        inside = any(d.start < q.start and q.end <= d.end for d in doubles)
        crosses = any(d.start < q.start < d.end < q.end or q.start < d.start < q.end < d.end for d in doubles)
        if (inside or not crosses) and q not in kept and (q.end - q.start) < 400:
            kept.append(q)
    return sorted(doubles + kept, key=lambda q: (q.start, -q.end))


class QuoteFinder:
    """Pairs quote marks and writes ``doc._.quotes`` (list of ``Quote``, character offsets)."""

    def __init__(self, nlp: Language, name: str = "sayso_quotes"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = find_quotes(text_of(doc))
        return doc


@Language.factory("sayso_quotes")
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(nlp, name)
