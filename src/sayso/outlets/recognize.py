"""Which outlets an article cites: its source entities and name mentions → ``CitedOutlet`` records.

Works on character offsets only (the spaCy glue is ``components/outlets.py``). The rules:

* A source entity whose name is an outlet's name or alias is that outlet, and is media.
  Flagged aliases need context (see ``registry``): "The Hill" counts as a source's name,
  "the Journal" only once the article tied it — named the Wall Street Journal before, or is
  itself the Journal (its own outlet).
* An unnamed media source ("the newspaper", "the network") is the outlet of a fitting kind the
  article named last before it.
* A media source with a proper name sayso does not know ("the Harbour Herald") is an outlet of
  kind "unknown" with no domain.
* Outlet names in running text (not boilerplate, not inside a person's name) are mentions of
  the outlet even when it is not a source: "a Washington Post-ABC News poll".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..components.records import CitedOutlet, Entity
from ..document import Span
from . import domains as _domains
from .registry import SPEAKER, STRONG, Form, Outlet, Registry, name_key

UNKNOWN = "unknown"

# head noun of an unnamed media source → the kinds of outlet it can stand for (None: any)
_ANAPHORS: dict[str, frozenset[str] | None] = {}
for _words, _kinds in (
    ("paper newspaper daily tabloid broadsheet", {"newspaper"}),
    ("network channel broadcaster station television tv radio", {"broadcaster", "state-controlled media"}),
    ("agency wire", {"news agency", "state-controlled media"}),
    ("magazine weekly monthly", {"magazine"}),
    ("outlet publication site website", None),
):
    for _w in _words.split():
        _ANAPHORS[_w] = frozenset(_kinds) if _kinds else None
ANAPHOR_KINDS = _ANAPHORS  # read by the resolver ("the network" is no newspaper)
_DEFINITE = frozenset("the this that its their our".split())
# the role of a person who works for an outlet: "Another RT America host, Abby Martin" is a person
_STAFF = frozenset("""
host anchor anchorman anchorwoman reporter correspondent editor columnist journalist commentator moderator
writer producer pundit contributor analyst critic presenter blogger photographer interviewer publisher
owner founder executive chief director president spokesman spokeswoman spokesperson staffer employee
""".split())
_PRONOUNS = frozenset("he she him her it they them i we us you his hers its their".split())
# last words of outlet names: "the Harbour Herald" is an outlet sayso does not know; "the Post
# Office", typed media for its "Post", is not
NAME_HEADS = frozenset("""
herald times post news journal gazette tribune daily chronicle courier examiner inquirer observer
telegraph guardian mirror express star sun mail globe press record register review bulletin dispatch
sentinel standard monitor reporter leader citizen independent magazine network radio tv television
channel agency wire weekly today beacon argus enquirer advertiser ledger constitution statesman courant
bee eagle blade dealer pioneer pilot picayune democrat republican voice mercury clarion messenger
newswire newsletter report online digest nation
""".split())
_SMALL = frozenset("the a an".split())


@dataclass(slots=True)
class Hit:
    """An outlet form found in running text: ``forms`` are those its context allows."""

    start: int
    end: int
    forms: list[Form]


def _proper(name: str) -> bool:
    """"The Daily Meridian", "WSJ", "9News": a proper name, not "the newspaper"."""
    words = name.split()
    while words and words[0].lower() in _SMALL:
        words = words[1:]
    return bool(words) and (words[0][:1].isupper() or words[0][:1].isdigit())


def _inside(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


class Citations:
    """Collects the outlets of one article in the order they are first cited."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.records: dict[str, CitedOutlet] = {}
        self.keys: dict[int, str] = {}  # id(record) → its key
        self.first: dict[str, int] = {}
        self.present: list[tuple[int, str]] = []  # (position, record key) of named mentions

    # records

    def _record(self, key: str, make) -> CitedOutlet:
        if key not in self.records:
            self.records[key] = make()
            self.keys[id(self.records[key])] = key
        return self.records[key]

    def known(self, outlet: Outlet) -> CitedOutlet:
        return self._record(outlet.id, lambda: CitedOutlet(
            id="", name=outlet.name, kind=outlet.kind, domain=outlet.domain, country=outlet.country,
            funding=outlet.funding, registry_id=outlet.id, domains=outlet.domains))

    def unknown(self, name: str, domain: str | None = None) -> CitedOutlet:
        name = " ".join(name.split()).strip(" ,")
        return self._record("?" + (name_key(name) or (domain or "")), lambda: CitedOutlet(
            id="", name=name, kind=UNKNOWN, domain=domain, domains=(domain,) if domain else ()))

    def mention(self, rec: CitedOutlet, start: int, end: int) -> None:
        """Record a mention (a span inside another one of the same outlet adds nothing); it ties
        the outlet for the weaker names that follow."""
        key = self.keys[id(rec)]
        if not any(m.start <= start and end <= m.end for m in rec.mentions):
            rec.mentions = [m for m in rec.mentions if not (start <= m.start and m.end <= end)]
            rec.mentions.append(Span(start, end))
        self.first[key] = min(self.first.get(key, start), start)
        self.present.append((start, key))

    # choosing among candidates

    def tied(self, key: str, pos: int) -> int | None:
        """Where the article last named ``key`` before ``pos`` (-1: its own outlet)."""
        own = self.records.get(key)
        best = -1 if own is not None and own.own else None
        for p, k in self.present:
            if k == key and p < pos and (best is None or p > best):
                best = p
        return best

    def choose(self, candidates: list[tuple[Outlet, int]], pos: int, speaker: bool) -> Outlet | None:
        """The outlet a name at ``pos`` denotes: one the article tied before, else the first whose
        form is strong enough here (a source's name may use speaker-only forms)."""
        tied = [(self.tied(o.id, pos), o) for o, _ in candidates]
        tied = [(p, o) for p, o in tied if p is not None]
        if tied:
            return max(tied, key=lambda x: x[0])[1]
        need = SPEAKER if speaker else STRONG
        return next((o for o, strength in candidates if strength >= need), None)

    def latest(self, pos: int, kinds: frozenset[str] | None) -> CitedOutlet | None:
        """The outlet of a fitting kind named last before ``pos`` (the own outlet counts as first)."""
        best, best_pos = None, None
        for key, rec in self.records.items():
            if kinds is not None and rec.kind not in kinds and rec.kind != UNKNOWN:
                continue
            p = self.tied(key, pos)
            if p is not None and (best_pos is None or p > best_pos):
                best, best_pos = rec, p
        return best

    def ordered(self) -> list[CitedOutlet]:
        """Records with ids: the own outlet first, then by first mention."""
        keys = sorted(self.records, key=lambda k: (not self.records[k].own, self.first.get(k, 1 << 62), k))
        out = []
        for n, k in enumerate(keys, 1):
            rec = self.records[k]
            rec.id = f"o{n}"
            rec.mentions.sort(key=lambda m: (m.start, m.end))
            out.append(rec)
        return out


def own_outlet(cites: Citations, url: str | None, site: str | None) -> CitedOutlet | None:
    """The article's own outlet, from its URL (by domain) or else its site name or host."""
    registry = cites.registry
    outlet = registry.by_url(url) if url else None
    site = " ".join((site or "").split()) or None
    site_is_host = bool(site and re.fullmatch(r"[\w.-]+\.[a-z]{2,}", site, re.I))
    if outlet is None and site:
        if site_is_host:
            outlet = registry.by_url(site)
        else:  # a site name: a name that needs no context, or the only outlet a short name fits
            found = registry.lookup(site)
            named = [o for o, strength in found if strength >= SPEAKER]
            outlet = named[0] if named else (found[0][0] if len(found) == 1 else None)
    if outlet is not None:
        rec = cites.known(outlet)
    else:
        domain = _domains.normalise(url) if url else (_domains.normalise(site) if site_is_host else None)
        name = site or domain
        if not name:
            return None
        rec = cites.unknown(name, domain)
    rec.own = True
    return rec


@dataclass
class Resolution:
    """What ``resolve`` found: the outlets, the outlet id of each outlet entity, and media
    mentions split off person entities ("The network" joined to the host it employs)."""

    outlets: list[CitedOutlet]
    entity_outlet: dict[str, str]
    new_entities: list[Entity]
    moved: dict[tuple[int, int], str]  # (start, end) of a source mention → its new entity id


_MEDIA_ANAPHOR = re.compile(r"(?:the|this|that)\s+(" + "|".join(sorted(_ANAPHORS)) + r")", re.I)


def resolve(text: str, entities: list[Entity], hits: list[Hit], registry: Registry, *,
            url: str | None = None, site: str | None = None,
            persons: list[tuple[int, int]] = (), boilerplate: list[tuple[int, int]] = ()) -> Resolution:
    """The article's outlets and, for each source entity that is an outlet, its outlet id.

    Sets ``Entity.type`` to "media" for entities that name a known outlet, and to "person" for
    a "media" entity that is an outlet's staff ("Another RT America host, Abby Martin") or a
    person by NER (``persons``: PERSON character ranges, when the pipeline has NER).
    """
    cites = Citations(registry)
    own_outlet(cites, url, site)
    persons = list(persons)
    boilerplate = list(boilerplate)

    # 1. running text: strong forms name their outlet at once; weaker ones once tied
    hits = [h for h in hits if not _inside(h.start, h.end, boilerplate)
            and not any(s <= h.start and h.end <= e and (s, e) != (h.start, h.end) for s, e in persons)]
    for h in hits:
        strong = [f.outlet for f in h.forms if f.strength == STRONG]
        if strong:
            cites.mention(cites.known(strong[0]), h.start, h.end)
    for h in hits:
        if any(f.strength == STRONG for f in h.forms):
            continue
        outlet = cites.choose([(f.outlet, f.strength) for f in h.forms], h.start, speaker=False)
        if outlet is not None and cites.tied(outlet.id, h.start) is not None:
            cites.mention(cites.known(outlet), h.start, h.end)

    # 2. source entities, in the order the article first mentions them
    linked: dict[str, CitedOutlet] = {}
    new: list[Entity] = []
    moved: dict[tuple[int, int], str] = {}
    next_id = 1 + max((int(e.id[1:]) for e in entities if e.id[1:].isdigit()), default=0)
    queue = sorted(entities, key=lambda e: min((m.start for m in e.mentions), default=0))
    while queue:
        e = queue.pop(0)
        if not e.mentions:
            continue
        rec = _named_outlet(e, text, cites, persons)
        if rec is not None:
            e.type = "media"
        elif e.type == "media":
            rec = _unnamed_outlet(e, text, cites, persons)
        if e.type == "person" and len(e.mentions) > 1:
            for split in _split_media_mentions(e, text, next_id):
                next_id += 1
                new.append(split)
                moved[(split.mentions[0].start, split.mentions[0].end)] = split.id
                queue.append(split)
        if rec is None:
            continue
        for m in e.mentions:
            # an outlet's mentions are the ways the article names it; pronouns are the resolver's
            if " ".join(text[m.start:m.end].split()).lower() not in _PRONOUNS:
                cites.mention(rec, m.start, m.end)
        rec.entities.append(e.id)
        linked[e.id] = rec
    records = cites.ordered()
    return Resolution(records, {eid: rec.id for eid, rec in linked.items()}, new, moved)


def _named_outlet(e: Entity, text: str, cites: Citations, persons: list[tuple[int, int]]) -> CitedOutlet | None:
    """The known outlet an entity's name or one of its mentions names, if any."""
    registry = cites.registry
    pos = min(m.start for m in e.mentions)
    names: list[tuple[str, int | None]] = [(" ".join(text[m.start:m.end].split()).strip(" ,"), m.start) for m in e.mentions]
    if e.type == "person":
        # a person-typed source is an outlet only when every name it goes by is that one outlet's
        # ("Zero Hedge" … "he"); "Steve Forbes" … "Forbes" stays a person. No person is called
        # "The Hill": with the article, a speaker-only form will do.
        names = [(n, at) for (n, at), m in zip(names, e.mentions)
                 if not _overlaps_name(m, persons) and n.lower() not in _PRONOUNS]
        claims = {o.id for n, _ in names for o, st in registry.lookup(n)
                  if st == STRONG or st == SPEAKER and n[:4].lower() == "the "}
        if len(claims) != 1 or not all(registry.lookup(n) for n, _ in names):
            return None
    else:
        names.append((" ".join(e.name.split()), None))
    for name, at in names:
        if not _proper(name):
            continue
        found = registry.lookup(name)
        outlet = cites.choose(found, pos, speaker=e.type != "person" or name[:4].lower() == "the ")
        if outlet is None:
            continue
        strength = next(st for o, st in found if o is outlet)
        if strength < STRONG and cites.tied(outlet.id, pos) is None and (at is None or _sentence_initial(text, at)):
            continue  # "People who go to Beijing know …": a capital that only starts a sentence
        return cites.known(outlet)
    return None


def _unnamed_outlet(e: Entity, text: str, cites: Citations, persons: list[tuple[int, int]]) -> CitedOutlet | None:
    """For a media entity no registry name matched: an outlet sayso does not know ("the Harbour
    Herald"), the outlet an anaphor stands for ("the newspaper"), or none — a person typed media
    for the outlet in their role is retyped "person"."""
    pos = min(m.start for m in e.mentions)
    if _proper(e.name) and (_is_staff(e.role) or any(
            _overlaps_name(m, persons) for m in e.mentions if _proper(text[m.start:m.end]))):
        e.type = "person"
        return None
    if _proper(e.name) and _outlet_like(e.name):
        return cites.unknown(e.name)
    head = e.name.lower().split()[-1] if e.name.split() else ""
    first = text[pos:pos + 40].lower().split()[:1]
    if head in _ANAPHORS and (not first or first[0] in _DEFINITE):
        return cites.latest(pos, _ANAPHORS[head])
    return None


def _split_media_mentions(e: Entity, text: str, next_id: int) -> list[Entity]:
    """"The network" merged into the person it employs becomes a media source of its own."""
    out = []
    for m in list(e.mentions):
        name = " ".join(text[m.start:m.end].split()).strip(" ,")
        if _MEDIA_ANAPHOR.fullmatch(name):
            e.mentions.remove(m)
            out.append(Entity(id=f"e{next_id + len(out)}", name=name, type="media", mentions=[m]))
    return out


def _sentence_initial(text: str, at: int) -> bool:
    """True when the mention at ``at`` starts a sentence (or quotation) with a capitalised word
    that is not an acronym and not preceded by "The": its capital says nothing about a name."""
    rest = text[at:]
    word = rest.split(None, 1)[0] if rest.split() else ""
    if word.lower() in _SMALL or (word.isupper() and len(word) > 1):
        return False
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:;\"“”'‘’(—-\n"


def _is_staff(role: str | None) -> bool:
    words = (role or "").lower().replace(",", " ").split()
    return bool(words) and words[-1] in _STAFF


def _outlet_like(name: str) -> bool:
    words = name_key(name).split()
    return bool(words) and (words[-1] in NAME_HEADS or words[0] == "daily")


def _overlaps_name(m: Span, persons: list[tuple[int, int]]) -> bool:
    return any(s < m.end and m.start < e for s, e in persons)
