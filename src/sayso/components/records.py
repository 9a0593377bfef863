"""Small typed records the components write onto ``Doc`` extensions (character offsets)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Span

ENTITY_TYPES = ("person", "organization", "government", "media", "anonymous", "document", "unknown")


@dataclass(slots=True)
class Quote:
    """A paired (or unclosed) quotation, offsets include the marks."""

    start: int
    end: int
    open_mark: str
    close_mark: str | None  # None: unclosed (runs to paragraph end)
    block: bool = False  # a paragraph-long quote introduced by a cue sentence

    @property
    def inner(self) -> tuple[int, int]:
        return (self.start + len(self.open_mark), self.end - (len(self.close_mark) if self.close_mark else 0))


@dataclass(slots=True)
class Attribution:
    id: str
    kind: str
    cue: Span
    content: list[Span]
    source: Span | None = None
    entity: str | None = None
    parent: str | None = None
    negated: bool = False
    confidence: float = 1.0
    outlet: str | None = None

    @property
    def start(self) -> int:
        return min([self.cue.start] + [c.start for c in self.content] + ([self.source.start] if self.source else []))

    @property
    def end(self) -> int:
        return max([self.cue.end] + [c.end for c in self.content] + ([self.source.end] if self.source else []))


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    mentions: list[Span] = field(default_factory=list)
    role: str | None = None


@dataclass(slots=True)
class CitedOutlet:
    """A news outlet the article cites (or is published by: ``own``), with its mentions."""

    id: str
    name: str
    kind: str  # one of outlets.registry.KINDS, or "unknown"
    domain: str | None = None
    country: str | None = None
    funding: str | None = None  # "state", "public" or None
    own: bool = False
    registry_id: str | None = None  # None: not in the registry
    domains: tuple[str, ...] = ()
    mentions: list[Span] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Marker:
    """A hedge, booster or doubt word in a statement (``voice``: the attribution whose content
    holds it, None for the author's own voice)."""

    start: int
    end: int
    kind: str  # hedge | booster | doubt
    cue: str  # the lexicon entry, or "scare quotes"
    voice: str | None = None


@dataclass(slots=True)
class Statement:
    """A sentence-level statement and on whose say-so it stands (see ``components/statements.py``)."""

    id: str
    start: int
    end: int
    status: str  # attributed | unsourced | opinion | question | other
    attribution: str | None = None
    checkworthiness: float = 0.0
    subjectivity: float = 0.0
    markers: list[Marker] = field(default_factory=list)
