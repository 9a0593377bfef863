"""Hand-built analysis contracts for the report tests (no spaCy, no attribution engine)."""
from __future__ import annotations

from collections import Counter

BOILERPLATE = "Share this article: Facebook | Twitter"
NESTED = 'The Guardian reported that state television said the minister had called the deal "dead".'
DIRECT = '"We will publish everything," said Anna Berg.'
DENIAL = "Voss denied the report."
ANON = "Officials who spoke on condition of anonymity said the reviews were shelved."
UNSOURCED = "It was, reportedly, a done deal."
CHAIN = "Clara Voss ← state television ← The Guardian"


def article(extra: str = "") -> str:
    return "\n\n".join(["THE WATCHDOG", BOILERPLATE, NESTED, DIRECT, DENIAL, ANON, UNSOURCED] + ([extra] if extra else [])) + "\n"


def _span(text: str, needle: str, within: tuple[int, int] | None = None) -> dict:
    lo, hi = within or (0, len(text))
    start = text.index(needle, lo, hi)
    return {"start": start, "end": start + len(needle), "text": needle}


def contract(extra: str = "", **document) -> dict:
    """A contract over the sample article: direct, indirect, a three-level nested chain, a
    denial, an anonymous source, an unattributed cue, and one boilerplate span."""
    text = article(extra)
    par = lambda s: (text.index(s), text.index(s) + len(s))  # noqa: E731
    nested, direct, denial, anon, unsourced = (par(s) for s in (NESTED, DIRECT, DENIAL, ANON, UNSOURCED))

    def att(id, kind, where, source, cue, content, entity, parent=None, negated=False):
        return {
            "id": id, "kind": kind,
            "source": _span(text, source, where) if source else None,
            "cue": _span(text, cue, where),
            "content": [_span(text, c, where) for c in content],
            "entity": entity, "parent": parent, "negated": negated, "confidence": 0.9,
        }

    attributions = [
        att("a1", "indirect", nested, "The Guardian", "reported",
            ['state television said the minister had called the deal "dead"'], "e1"),
        att("a2", "indirect", nested, "state television", "said",
            ['the minister had called the deal "dead"'], "e2", parent="a1"),
        att("a3", "mixed", nested, "the minister", "had called", ['the deal "dead"'], "e3", parent="a2"),
        att("a4", "direct", direct, "Anna Berg", "said", ['"We will publish everything,"'], "e4"),
        att("a5", "denial", denial, "Voss", "denied", ["the report"], "e3", negated=True),
        att("a6", "indirect", anon, "Officials who spoke on condition of anonymity", "said",
            ["the reviews were shelved"], "e5"),
        att("a7", "according_to", unsourced, None, "reportedly", ["It was", "a done deal"], None),
    ]
    entities = [
        {"id": "e1", "name": "The Guardian", "type": "media", "role": None, "mentions": []},
        {"id": "e2", "name": "state television", "type": "media", "role": None, "mentions": []},
        {"id": "e3", "name": "Clara Voss", "type": "government", "role": "transport minister", "mentions": []},
        {"id": "e4", "name": "Anna Berg", "type": "person", "role": "spokeswoman", "mentions": []},
        {"id": "e5", "name": "officials", "type": "anonymous", "role": None, "mentions": []},
    ]
    for a in attributions:
        for e in entities:
            if a["entity"] == e["id"] and a["source"]:
                e["mentions"].append(a["source"])
    by_type = Counter(next(e["type"] for e in entities if e["id"] == a["entity"]) for a in attributions if a["entity"])
    types = ("person", "organization", "government", "media", "anonymous", "document", "unknown")
    doc = {
        "text": text, "title": "The Harbour Deal", "author": "Martin Keel", "published": "2026-03-14",
        "site": "The Watchdog", "url": "https://watchdog.example/harbour-deal", "language": "en",
        "input": "text", "boilerplate": [dict(_span(text, BOILERPLATE), kind="share")],
    }
    for key, value in document.items():
        doc[key] = value
    for b in doc["boilerplate"]:
        b.pop("text", None)
    return {
        "schema_version": 1,
        "sayso_version": "0.1.0",
        "document": doc,
        "attributions": attributions,
        "entities": entities,
        "statements": [],
        "techniques": [],
        "outlets": [],
        "summary": {
            "words": len(text.split()),
            "attributions": len(attributions),
            "attributions_by_kind": dict(sorted(Counter(a["kind"] for a in attributions).items())),
            "attributions_by_source_type": {t: by_type.get(t, 0) for t in types},
            "distinct_sources": 5,
            "distinct_sources_by_type": {"person": 1, "organization": 0, "government": 1, "media": 2,
                                         "anonymous": 1, "document": 0, "unknown": 0},
            "anonymous_share": round(1 / 7, 4),
            "nested_attributions": 2,
            "denials": 1,
        },
    }


def empty(**document) -> dict:
    """A contract with no attributions at all."""
    data = contract(**document)
    data["attributions"], data["entities"] = [], []
    data["document"]["boilerplate"] = []
    data["summary"] = {"attributions": 0, "distinct_sources": 0, "anonymous_share": 0.0,
                       "nested_attributions": 0, "denials": 0}
    return data
