"""The offset-exact input that every later step reads."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into ``Document.text``."""

    start: int
    end: int
    label: str = ""

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self, text: str | None = None) -> dict:
        d = {"start": self.start, "end": self.end}
        if text is not None:
            d["text"] = text[self.start : self.end]
        if self.label:
            d["label"] = self.label
        return d


@dataclass(slots=True)
class Document:
    """Article text plus metadata. ``text`` is never rewritten after ingestion.

    For plain-text input, ``text`` is exactly the decoded input; boilerplate is
    marked in ``boilerplate`` (spans), not removed.
    """

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date
    site: str | None = None
    url: str | None = None
    language: str = "en"
    source_kind: str = "text"  # text | html | url
    boilerplate: list[Span] = field(default_factory=list)

    def in_boilerplate(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps any boilerplate span."""
        return any(b.start < end and start < b.end for b in self.boilerplate)

    def body_ranges(self) -> list[tuple[int, int]]:
        """The complement of the boilerplate: ranges that analysis reads."""
        ranges, pos = [], 0
        for b in sorted(self.boilerplate, key=lambda s: s.start):
            if b.start > pos:
                ranges.append((pos, b.start))
            pos = max(pos, b.end)
        if pos < len(self.text):
            ranges.append((pos, len(self.text)))
        return ranges
