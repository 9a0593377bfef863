"""Lemma and coarse POS that work with or without spaCy's lemmatizer and attribute ruler.

sayso can skip those two components for speed (they cost about as much as the parser);
then ``Token.lemma_``/``Token.pos_`` are empty and these fallbacks read the fine tag
and a table of the inflected forms of the cue lexicon.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from . import cues as lex

# Penn Treebank tag → universal POS (the attribute ruler's mapping, minus its exceptions).
TAG_POS = {
    "VB": "VERB", "VBD": "VERB", "VBG": "VERB", "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB", "MD": "AUX",
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "PRP": "PRON", "PRP$": "PRON",
    "WP": "PRON", "WP$": "PRON", "DT": "DET", "PDT": "DET", "WDT": "DET", "JJ": "ADJ", "JJR": "ADJ",
    "JJS": "ADJ", "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "ADV", "IN": "ADP", "RP": "ADP",
    "CC": "CCONJ", "CD": "NUM", "UH": "INTJ", "TO": "PART", "POS": "PART", "EX": "PRON", "SYM": "SYM",
    "HYPH": "PUNCT", ",": "PUNCT", ".": "PUNCT", ":": "PUNCT", "``": "PUNCT", "''": "PUNCT",
    "-LRB-": "PUNCT", "-RRB-": "PUNCT", "NFP": "PUNCT", "$": "SYM", "ADD": "X", "FW": "X",
    "LS": "X", "XX": "X", "_SP": "SPACE", "AFX": "ADJ", "GW": "X",
}
AUX_LEMMAS = frozenset("be have do will would can could may might shall should must".split())

_IRREGULAR = {
    "said": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think",
    "knew": "know", "known": "know", "heard": "hear", "found": "find", "felt": "feel",
    "understood": "understand", "swore": "swear", "sworn": "swear", "shown": "show", "meant": "mean",
    "saw": "see", "seen": "see", "was": "be", "were": "be", "is": "be", "are": "be", "am": "be", "been": "be",
    "has": "have", "had": "have", "did": "do", "does": "do", "done": "do", "read": "read", "spoke": "speak",
    "spoken": "speak", "ran": "run", "taught": "teach", "forecast": "forecast", "learnt": "learn", "dreamt": "dream",
}


@lru_cache(maxsize=1)
def _verb_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    verbs = (lex.SPEECH_VERBS | lex.ATTITUDE_VERBS | lex.DECLINE_VERBS | lex.DENIAL_VERBS | lex.PUBLICATION_VERBS
             | {"cite", "quote", "see", "speak"})
    for v in verbs:
        stem_e = v[:-1] if v.endswith("e") else v
        cands = {v, v + "s", v + "es", v + "ed", v + "d", v + "ing", stem_e + "ing", stem_e + "ed"}
        if v.endswith("y") and v[-2:-1] not in "aeiou":
            cands |= {v[:-1] + "ies", v[:-1] + "ied"}
        if len(v) >= 3 and v[-1] not in "aeiouwxy" and v[-2] in "aeiou" and v[-3] not in "aeiou":
            cands |= {v + v[-1] + "ed", v + v[-1] + "ing"}  # admit → admitted
        for f in cands:
            forms.setdefault(f, v)
    for f, v in _IRREGULAR.items():
        forms[f] = v
    return forms


def verb_lemma(low: str) -> str:
    """The lemma of a lower-cased word if it is a form of a lexicon verb, else the word."""
    return _verb_forms().get(low, low)


def lemma(tok: Token) -> str:
    """The lower-cased lemma, from the lemmatizer when it ran, else from the cue table."""
    if tok.lemma_:
        return tok.lemma_.lower()
    low = tok.lower_
    forms = _verb_forms()
    if low in forms:
        return forms[low]
    if tok.tag_ in ("NNS", "NNPS") and low.endswith("s") and low[:-1] in lex.CUE_NOUNS:
        return low[:-1]
    return low


def pos(tok: Token) -> str:
    """The universal POS, from the attribute ruler when it ran, else mapped from the tag."""
    if tok.pos_:
        return tok.pos_
    p = TAG_POS.get(tok.tag_, "")
    if p == "VERB" and lemma(tok) in AUX_LEMMAS and tok.dep_ in ("aux", "auxpass"):
        return "AUX"
    return p


_VERB_TAGS = ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD")
_NOUN_TAGS = ("NN", "NNS")


def token_ids(doc, *, tags: tuple[str, ...] = (), lowers: tuple[str, ...] = ()) -> list[int]:
    """Indices of the tokens with one of ``tags`` or one of ``lowers``, found on spaCy's
    arrays: creating a ``Token`` for every word costs more than most rules that read them."""
    import numpy
    from spacy.attrs import LOWER, TAG

    if not len(doc):
        return []
    strings = doc.vocab.strings
    arr = doc.to_array([TAG, LOWER])
    hit = numpy.zeros(len(doc), dtype=bool)
    if tags:
        hit |= numpy.isin(arr[:, 0], [strings.add(t) for t in tags])
    if lowers:
        hit |= numpy.isin(arr[:, 1], [strings.add(w) for w in lowers])
    return numpy.flatnonzero(hit).tolist()


def verb_ids(doc) -> list[int]:
    return token_ids(doc, tags=_VERB_TAGS)


def noun_ids(doc) -> list[int]:
    return token_ids(doc, tags=_NOUN_TAGS)
