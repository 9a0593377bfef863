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
