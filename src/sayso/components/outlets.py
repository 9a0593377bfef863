"""``sayso_outlets``: the news outlets an article cites, and which sources are outlets.

``sayso_outlet_mentions`` finds the names before ``sayso_attributions``; ``sayso_outlets``
runs after ``sayso_resolver``. Writes ``doc._.outlets`` ([CitedOutlet]), sets
``Attribution.outlet`` for attributions whose source entity is an outlet, and types entities
that name a known outlet as media. The article's own outlet comes from ``doc._.url`` /
``doc._.site`` (the Analyzer sets them from the Document). The registry is read once, when
the component is built; nothing is read or fetched per document.
"""
from __future__ import annotations

import functools

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..outlets.recognize import Hit, resolve
from ..outlets.registry import STRONG, TIED, Form, Registry
from .extensions import get, text_of

# Capitalised words that may follow an outlet's name without making it part of a longer one.
_FOLLOWERS = frozenset("""
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
July August September October November December I
""".split())


def _flat_camel(name: str) -> str:
    """"PolitiFact" → "Politifact": writers often drop a brand's inner capitals."""
    return " ".join(w[0] + w[1:].lower() if not w.isupper() and any(c.isupper() for c in w[1:]) else w
                    for w in name.split(" "))


@functools.lru_cache(maxsize=4)
def _registry(outlets_file: str | None) -> Registry:
    """One registry per file for both components (it is only read)."""
    return Registry.load(outlets_file)


class OutletMentions:
    """``sayso_outlet_mentions``: finds outlet names in the text (a case-sensitive
    PhraseMatcher over every registry form, plus its capitals variant) and writes
    ``(start, end, strength, kind)`` to ``doc._.outlet_mentions`` (strength: the surest
    form's, ``registry.STRONG`` for a name that is nothing else; kind: the outlet's kind, or
    None when the name is several outlets' of different kinds). Runs before ``sayso_attributions``, which
    reads an outlet as the subject of a verb as a source ("NBC News first published …")."""

    def __init__(self, nlp: Language, name: str = "sayso_outlet_mentions", outlets_file: str | None = None):
        self.name = name
        self.registry = _registry(outlets_file)
        self.forms: dict[str, list[Form]] = {}
        for f in self.registry.forms:
            variants = {f.text}
            if f.strength == STRONG and len(f.text) > 3:
                variants |= {f.text.upper(), _flat_camel(f.text)}
            for variant in variants:
                self.forms.setdefault(variant, []).append(f)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for text in self.forms:
            self.matcher.add(text, [nlp.make_doc(text)])

    def hits(self, doc: Doc) -> list[Hit]:
        """Outlet names in the text whose context allows them, longest first where they overlap."""
        found = []
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            forms = self._allowed(self.forms.get(doc.vocab.strings[match_id], []), doc, start, end)
            if forms:
                found.append(Hit(span.start_char, span.end_char, forms))
        found.sort(key=lambda h: (h.start, -(h.end - h.start)))
        out: list[Hit] = []
        for h in found:
            if out and h.start < out[-1].end:
                continue
            out.append(h)
        return out

    @staticmethod
    def _allowed(forms: list[Form], doc: Doc, start: int, end: int) -> list[Form]:
        """The forms matched at ``doc[start:end]`` that its neighbours allow."""
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        after2 = doc[end + 1] if end + 1 < len(doc) else None
        the = before is not None and before.text in ("The", "the") and bool(before.whitespace_)
        glued = before is not None and not before.whitespace_
        hyphen = after is not None and after.text == "-" and not doc[end - 1].whitespace_
        if glued and before.text in (".", "@", "#"):
            return []  # part of a host name, an address or a handle
        out = []
        for f in forms:
            # "Washington Post-ABC News poll" names both; "the Post-Gazette" names no Post
            if glued and before.text in ("-", "/") and f.strength != STRONG:
                continue
            if hyphen and (f.strength != STRONG or (after2 is not None and not after2.text[:1].isupper())):
                continue
            if (f.article or f.strength == TIED) and not the:
                continue
            one_word = len(f.text.split()) == 1 and not f.text.isupper()
            if one_word and before is not None and before.whitespace_ and before.tag_ in ("NNP", "NNPS") \
                    and before.text not in ("The", "the"):
                continue  # the end of a person's name: "Steve Forbes", "Michael Bloomberg"
            if f.strength != STRONG or one_word:
                # a one-word name followed by a capitalised word is part of another name:
                # "Reuters Institute", "Guardian Council", "Times Square"
                if after is not None and after.text[:1].isupper() and after.text not in _FOLLOWERS \
                        and doc[end - 1].whitespace_:
                    continue
            out.append(f)
        return out

    def __call__(self, doc: Doc) -> Doc:
        out = []
        for h in self.hits(doc):
            kinds = {f.outlet.kind for f in h.forms}
            out.append((h.start, h.end, max(f.strength for f in h.forms), kinds.pop() if len(kinds) == 1 else None))
        doc._.outlet_mentions = out
        return doc


class OutletRecognizer(OutletMentions):
    """``sayso_outlets``: resolves the document's outlets (``outlets.recognize``) from the
    mentions ``sayso_outlet_mentions`` found (or finds them itself if it did not run)."""

    def hits_at(self, doc: Doc, ranges: list[tuple[int, int]]) -> list[Hit]:
        """The hits :meth:`hits` gave at these ranges, without matching again."""
        out = []
        for start, end in ranges:
            span = doc.char_span(start, end)
            forms = self._allowed(self.forms.get(span.text, []), doc, span.start, span.end) if span is not None else []
            if forms:
                out.append(Hit(start, end, forms))
        return out

    def __call__(self, doc: Doc) -> Doc:
        entities = get(doc, "entities")
        attributions = get(doc, "attributions")
        persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        mentions = doc._.outlet_mentions
        hits = self.hits(doc) if mentions is None else self.hits_at(doc, [(m[0], m[1]) for m in mentions])
        found = resolve(text_of(doc), entities, hits, self.registry, url=get(doc, "url"),
                        site=get(doc, "site"), persons=persons, boilerplate=get(doc, "boilerplate"))
        for a in attributions:
            if a.source is not None and (a.source.start, a.source.end) in found.moved:
                a.entity = found.moved[(a.source.start, a.source.end)]
            if a.entity in found.entity_outlet:
                a.outlet = found.entity_outlet[a.entity]
        doc._.outlets = found.outlets
        doc._.entities = entities + found.new_entities
        doc._.attributions = attributions
        return doc


@Language.factory("sayso_outlet_mentions", default_config={"outlets_file": None})
def make_outlet_mentions(nlp: Language, name: str, outlets_file: str | None) -> OutletMentions:
    return OutletMentions(nlp, name, outlets_file)


@Language.factory("sayso_outlets", default_config={"outlets_file": None})
def make_outlets(nlp: Language, name: str, outlets_file: str | None) -> OutletRecognizer:
    return OutletRecognizer(nlp, name, outlets_file)
