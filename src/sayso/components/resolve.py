"""Source resolution: every attribution's source becomes an entity, typed, with its mentions.

No offline coreference model exists for spaCy here, so this is sayso's own resolver:
pronouns take the last compatible person (or, for "I"/"we" inside a quotation, the quoted
speaker); partial names, titles and roles ("Berg", "the spokeswoman", "the paper") join the
entity the article tied them to; appositions give name and role ("The ministry's
spokeswoman, Anna Berg" → name "Anna Berg", role "the ministry's spokeswoman").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span as TokSpan, Token

from ..document import Span
from .extensions import get, text_of
from .morph import pos, token_ids
from .records import Attribution, Entity
from ..outlets.recognize import ANAPHOR_KINDS
from .sources import GROUP_PRONOUNS, PERSON_PRONOUNS, ROLE_WORDS, gender, source_type

GENERIC_MEDIA = frozenset("paper newspaper daily tabloid magazine outlet network broadcaster channel station site website publication".split())
TITLES = frozenset("mr mr. mrs mrs. ms ms. dr dr. sen sen. rep rep. gov gov. gen gen. lt lt. col col. president prime minister".split())
_TRIM = frozenset("the a an".split())


@dataclass
class Mention:
    start: int
    end: int
    name: str | None  # proper name, titles stripped
    role: str | None
    head: str  # lower-cased head word
    words: list[str]
    type: str
    gender: str | None
    pronoun: str | None = None


@dataclass
class _Entity:
    name: str
    type: str
    role: str | None = None
    gender: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    last: int = 0
    outlet_kind: str | None = None  # a known outlet's kind (sayso_outlet_mentions), for "the network"

    @property
    def surname(self) -> str:
        return self.name.split()[-1].lower()


def _name_tokens(root: Token, span: TokSpan) -> list[Token]:
    """The proper-name run ending at ``root`` (compounds and flat names), inside ``span``."""
    toks = [root]
    i = root.i - 1
    while i >= span.start and pos(span.doc[i]) == "PROPN":
        toks.insert(0, span.doc[i])
        i -= 1
    # "Finance Minister Lars Holm": everything up to the last title or role word is the role
    cut = max((k + 1 for k, t in enumerate(toks[:-1]) if t.lower_ in TITLES or t.lower_ in ROLE_WORDS), default=0)
    return toks[cut:]


def _same_org(a: str, b: str) -> bool:
    """"the Meridian" and "The Daily Meridian" name one outlet; word sets, articles ignored."""
    wa, wb = set(a.split()) - _TRIM, set(b.split()) - _TRIM
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def _text_of(tokens: list[Token]) -> str | None:
    if not tokens:
        return None
    # a Span's text is built from its own tokens (Doc.text would rebuild the whole article)
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,")


def describe(span: TokSpan) -> Mention:
    """Name, role, head and type of one source mention."""
    toks = [t for t in span if not t.is_punct and not t.is_space]
    if not toks:
        toks = list(span)
    root = span.root
    # cut relative clauses and participle modifiers: "officials who spoke on condition of anonymity"
    words = [t.lower_ for t in toks]
    ner = next((t.ent_type_ for t in span if t.ent_type_), None) or None
    if pos(root) == "PRON":
        return Mention(span.start_char, span.end_char, None, None, root.lower_, words, "person" if root.lower_ in PERSON_PRONOUNS else "unknown",
                       gender([root.lower_]), pronoun=root.lower_)
    name_toks: list[Token] = []
    role_toks: list[Token] = []
    appos = next((c for c in root.children if c.dep_ == "appos" and c.i < span.end and c.i >= span.start), None)
    if pos(root) != "PROPN" and appos is not None and pos(appos) == "PROPN":
        name_toks = _name_tokens(appos, span)
        role_toks = [t for t in root.subtree if span.start <= t.i < span.end and t.i not in {x.i for x in appos.subtree} and not t.is_punct]
    elif pos(root) == "PROPN":
        name_toks = _name_tokens(root, span)
        named = {t.i for t in name_toks}
        role_toks = [t for t in toks if t.i < (name_toks[0].i if name_toks else root.i) and t.i not in named and t.dep_ != "appos"]
        if appos is not None:
            role_toks = [t for t in appos.subtree if not t.is_punct]
    else:
        keep = {t.i for t in root.subtree if t.dep_ not in ("relcl", "acl")}
        for t in root.children:
            if t.dep_ in ("relcl", "acl", "prep") and t.i > root.i:
                keep -= {x.i for x in t.subtree}
        role_toks = [t for t in toks if t.i in keep]
    while role_toks and role_toks[0].lower_ in _TRIM:
        role_toks = role_toks[1:]
    role_toks = sorted(role_toks, key=lambda t: t.i)
    name = _text_of(name_toks)
    role = _text_of(role_toks)
    head = (name_toks[-1] if name_toks else root).lower_
    if name is None and role_toks:
        head = root.lower_
    # media and organisations keep their article: "The Daily Meridian"
    kind = source_type(words, name is not None, ner, head if name is None else root.lower_)
    if name and kind in ("media", "organization", "government") and span[0].lower_ == "the" and span[0].i + 1 == name_toks[0].i:
        name = "The " + name
    if name is None and (role is None or kind == "anonymous"):
        role = span.text.strip(" ,")
        if role.split()[0] in ("A", "An", "The"):
            role = role[0].lower() + role[1:]
    return Mention(span.start_char, span.end_char, name, role, head, words, kind, gender(words + (role or "").lower().split()))


def _person_names(doc: Doc) -> list[tuple[int, str]]:
    """Full names (two or more words) the article mentions: NER persons when NER ran, else
    runs of proper nouns, titles stripped."""
    if doc.has_annotation("ENT_IOB"):
        return [(e.start_char, e.text) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
    names, run = [], []

    def flush():
        while run and (run[0].lower_ in TITLES or run[0].lower_ in ROLE_WORDS):
            run.pop(0)
        if 2 <= len(run) <= 4:
            names.append((run[0].idx, "".join(t.text_with_ws for t in run[:-1]) + run[-1].text))
        run.clear()

    for i in token_ids(doc, tags=("NNP", "NNPS")):  # proper nouns only: no Token for every word
        tok = doc[i]
        if run and run[-1].i != i - 1:
            flush()
        if tok.is_alpha and tok.is_title and (not tok.pos_ or tok.pos_ == "PROPN"):
            run.append(tok)
        else:
            flush()
    flush()
    return names


class Resolver:
    """Links source mentions of one document into entities."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = text_of(doc)  # Doc.text is rebuilt on every access
        self.entities: list[_Entity] = []
        # people the article names anywhere (e.g. inside reported content), for surname lookups
        self.names = _person_names(doc)

    def _latest(self, pos: int, want, gender_: str | None = None) -> _Entity | None:
        best = None
        for e in self.entities:
            if not want(e) or e.last > pos:
                continue
            if gender_ and e.gender and e.gender != gender_:
                continue
            if best is None or e.last > best.last:
                best = e
        return best

    def resolve(self, m: Mention, container: _Entity | None) -> _Entity:
        pos = m.start
        e: _Entity | None = None
        if m.pronoun in ("i", "me", "we", "us") and container is not None:
            e = container
        elif m.pronoun in PERSON_PRONOUNS:
            e = self._latest(pos, lambda x: x.type == "person", m.gender) or self._from_text_name(pos, m)
        elif m.pronoun in GROUP_PRONOUNS or m.pronoun in ("it",):
            e = self._latest(pos, lambda x: x.type in ("organization", "government", "media", "anonymous", "document"))
        elif m.name:
            low = m.name.lower()
            for x in self.entities:
                xl = x.name.lower()
                # "Brandt" after "Otto Brandt": a surname alone joins the person whatever NER guessed
                if xl == low or x.type == "person" and m.type in ("person", "organization", "unknown") and (
                        x.surname == low.split()[-1] and (len(low.split()) == 1 or len(xl.split()) == 1)) \
                        or x.type in ("media", "organization", "government") and _same_org(low, xl):
                    e = x
                    break
            if e is None and m.type == "person" and len(m.name.split()) == 1:
                full = next((n for s, n in reversed(self.names) if n.split()[-1] == m.name), None)
                if full:
                    m.name = full
        elif m.role:
            head = m.head
            if head in GENERIC_MEDIA and m.words[0] in ("the", "this", "that") and len(m.words) <= 3:
                # "the paper", "the network": the outlet of a fitting kind named before
                kinds = ANAPHOR_KINDS.get(head)
                e = self._latest(pos, lambda x: x.type == "media" and (
                    kinds is None or x.outlet_kind is None or x.outlet_kind in kinds))
            elif head in ("source",) and m.words[0] == "the":
                e = self._latest(pos, lambda x: x.type == "anonymous")
            elif m.words and m.words[0] in ("the", "this", "that") or "'s" in m.words:
                e = self._latest(pos, lambda x: bool(x.role) and head in x.role.lower().split() or head in x.name.lower().split())
        if e is None:
            name = m.name or m.role or self.text[m.start : m.end]
            e = _Entity(name=" ".join(name.split()).strip(" ,"), type=m.type, role=m.role if m.name else None, gender=m.gender)
            self.entities.append(e)
        else:
            if m.name and (len(m.name) > len(e.name) or e.name == e.role) and e.type == m.type:
                e.name = m.name
            if m.role and not e.role and m.name:
                e.role = m.role
            e.gender = e.gender or (m.gender if not m.pronoun or m.pronoun in ("he", "she", "him", "her") else None)
            if e.type == "unknown" and m.type != "unknown" and not m.pronoun:
                e.type = m.type
        e.mentions.append((m.start, m.end))
        e.last = max(e.last, m.start)
        return e

    def _from_text_name(self, pos: int, m: Mention) -> _Entity | None:
        """A pronoun whose antecedent is a person named only inside reported content."""
        before = [(s, n) for s, n in self.names if s < pos]
        if not before:
            return None
        s, n = before[-1]
        e = _Entity(name=n, type="person", gender=m.gender)
        e.mentions.append((s, s + len(n)))
        e.last = s
        self.entities.append(e)
        return e


_RELATIVE = frozenset({"who", "which", "that", "whom"})


def antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun stands for ("officials who spoke", "Rubio, who said"):
    PolNeAR marks the pronoun as the source; the entity is its antecedent's."""
    if tok.lower_ in _RELATIVE and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "relcl" \
            and tok.head.head.i < tok.i:
        return tok.head.head
    return None


def resolve_sources(doc: Doc, attributions: list[Attribution]) -> list[Entity]:
    resolver = Resolver(doc)
    # names sayso_outlet_mentions knows as outlets only (registry strength STRONG) are media
    # already here, so that "the newspaper" after "The Washington Post" finds it
    from ..outlets.registry import STRONG

    outlets = [(m[0], m[1], m[3] if len(m) > 3 else None) for m in get(doc, "outlet_mentions") if m[2] >= STRONG]
    by_id = {a.id: a for a in attributions}
    entity_of: dict[str, _Entity] = {}
    for a in sorted(attributions, key=lambda a: a.source.start if a.source else a.cue.start):
        if a.source is None:
            continue
        span = doc.char_span(a.source.start, a.source.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        container = None
        p = by_id.get(a.parent) if a.parent else None
        if p is not None:
            container = entity_of.get(p.id)
        ant = antecedent(span[0]) if len(span) == 1 else None
        if ant is not None:
            owner = next((x for x in resolver.entities if any(s <= ant.idx < e for s, e in x.mentions)), None)
            if owner is not None:  # the antecedent is another attribution's source
                owner.mentions.append((span.start_char, span.end_char))
                entity_of[a.id] = owner
                continue
            first = next(t.i for t in doc[ant.left_edge.i : ant.i + 1] if not (t.is_punct or t.is_space) or t.i == ant.i)
            m = describe(doc[first : ant.i + 1])  # the noun phrase up to its head
            m.start, m.end = span.start_char, span.end_char
        else:
            m = describe(span)
        kind = None
        if m.type in ("organization", "unknown", "document", "media") and m.name:
            known = [k for s, e, k in outlets if min(e, m.end) - max(s, m.start) >= 0.6 * (m.end - m.start)]
            if known:
                m.type, kind = "media", known[0]
        ent = entity_of[a.id] = resolver.resolve(m, container)
        if kind and ent.type == "media":
            ent.outlet_kind = ent.outlet_kind or kind
    out: list[Entity] = []
    ids: dict[int, str] = {}
    for e in resolver.entities:
        ids[id(e)] = f"e{len(out) + 1}"
        out.append(Entity(id=ids[id(e)], name=e.name, type=e.type, role=e.role,
                          mentions=[Span(s, t) for s, t in sorted(set(e.mentions))]))
    for aid, e in entity_of.items():
        by_id[aid].entity = ids[id(e)]
    return out


class SourceResolver:
    """Writes ``doc._.entities`` and sets ``Attribution.entity`` for every attribution with a source."""

    def __init__(self, nlp: Language, name: str = "sayso_resolver"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        attributions = get(doc, "attributions")
        doc._.entities = resolve_sources(doc, attributions)
        doc._.attributions = attributions
        return doc


@Language.factory("sayso_resolver")
def make_resolver(nlp: Language, name: str) -> SourceResolver:
    return SourceResolver(nlp, name)
