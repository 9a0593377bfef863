"""Nesting: an attribution whose cue lies inside another's content gets that one as ``parent``.

Chains come out whole: the minister ← state television ← the paper. Among several
containing attributions the innermost wins; on equal content (a citation shares its
reporter's content) the one that is itself nested deeper wins.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import get
from .records import Attribution


def _contains(a: Attribution, start: int, end: int) -> bool:
    return any(c.start <= start and end <= c.end for c in a.content)


def _overlap(a: Attribution, b: Attribution) -> int:
    return sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a.content for y in b.content)


def _content_size(a: Attribution) -> int:
    return sum(c.end - c.start for c in a.content)


def chain_depth(a: Attribution, by_id: dict[str, Attribution]) -> int:
    """How many attributions ``a`` is nested in (a parent cycle or a missing parent ends the count)."""
    d, seen = 0, {a.id}
    while a.parent and a.parent in by_id and a.parent not in seen:
        seen.add(a.parent)
        a = by_id[a.parent]
        d += 1
    return d


def assign_parents(attributions: list[Attribution]) -> None:
    by_id = {a.id: a for a in attributions}
    # citations first: they sit between a reporter and its content. The host is the report
    # before the citation whose content overlaps the citation's most.
    for a in attributions:
        if a.kind == "citation":
            hosts = [(_overlap(a, b), b) for b in attributions
                     if b is not a and b.kind != "citation" and b.cue.start < a.cue.start]
            hosts = [(o, b) for o, b in hosts if o > 0]
            a.parent = max(hosts, key=lambda ob: (ob[0], -ob[1].cue.start))[1].id if hosts else None

    for a in attributions:
        if a.kind == "citation":
            continue
        holders = [b for b in attributions if b is not a and _contains(b, a.cue.start, a.cue.end)]
        if not holders:
            a.parent = None
            continue
        best = min(holders, key=lambda b: (_content_size(b), -chain_depth(b, by_id)))
        a.parent = best.id
    # break any cycle defensively: a chain must end
    for a in attributions:
        seen = {a.id}
        x = a
        while x.parent:
            if x.parent in seen:
                x.parent = None
                break
            seen.add(x.parent)
            x = by_id[x.parent]


class Nester:
    """Sets ``Attribution.parent`` on ``doc._.attributions``."""

    def __init__(self, nlp: Language, name: str = "sayso_nesting"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        attributions = get(doc, "attributions")
        assign_parents(attributions)
        doc._.attributions = attributions
        return doc


@Language.factory("sayso_nesting")
def make_nesting(nlp: Language, name: str) -> Nester:
    return Nester(nlp, name)
