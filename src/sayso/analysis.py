"""Analysis: reads the Doc extensions and builds the JSON contract (schema version 1)."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from . import __version__
from .components.extensions import get
from .components.records import ENTITY_TYPES
from .document import Document, Span

SCHEMA_VERSION = 1


@lru_cache(maxsize=1)
def schema() -> dict:
    """The published JSON Schema of the contract."""
    return json.loads(resources.files("sayso").joinpath("schema/analysis-v1.schema.json").read_text("utf-8"))


def validate(data: dict) -> None:
    """Raise ``jsonschema.ValidationError`` when ``data`` breaks the contract."""
    import jsonschema

    jsonschema.validate(data, schema())


def _span(s: Span, text: str) -> dict:
    return {"start": s.start, "end": s.end, "text": text[s.start : s.end]}


@dataclass
class Analysis:
    """One analysed article. ``to_dict()`` is the contract; every report reads only that."""

    document: Document
    doc: Doc | None = None
    ratings: object | None = None  # a store.ratings.RatingStore (anything with .lookup(domains))

    def to_dict(self) -> dict:
        text = self.document.text
        doc = self.doc
        attributions = get(doc, "attributions") if doc is not None else []
        entities = get(doc, "entities") if doc is not None else []
        attr = []
        for a in attributions:
            item = {
                "id": a.id,
                "kind": a.kind,
                "source": _span(a.source, text) if a.source else None,
                "cue": _span(a.cue, text),
                "content": [_span(c, text) for c in a.content],
                "entity": a.entity,
                "parent": a.parent,
                "negated": a.negated,
                "confidence": round(float(a.confidence), 4),
            }
            if a.outlet:
                item["outlet"] = a.outlet
            attr.append(item)
        ents = [
            {"id": e.id, "name": e.name, "type": e.type, "role": e.role, "mentions": [_span(m, text) for m in e.mentions]}
            for e in entities
        ]
        outlets = _outlets(get(doc, "outlets") if doc is not None else [], text, self.ratings)
        statements = _statements(get(doc, "statements") if doc is not None else [], text)
        techniques = _techniques(get(doc, "techniques") if doc is not None else [], text)
        d = self.document
        return {
            "schema_version": SCHEMA_VERSION,
            "sayso_version": __version__,
            "document": {
                "text": text,
                "title": d.title,
                "author": d.author,
                "published": d.published,
                "site": d.site,
                "url": d.url,
                "language": d.language,
                "input": d.source_kind,
                "boilerplate": [{"start": b.start, "end": b.end, "kind": b.label or "boilerplate"} for b in d.boilerplate],
            },
            "attributions": attr,
            "entities": ents,
            "statements": statements,
            "techniques": techniques,
            "outlets": outlets,
            "summary": (_summary(d, attr, ents) | _outlet_summary(outlets) | _statement_summary(d, statements)
                        | _technique_summary(d, techniques)),
        }

    def to_json(self, **kwargs) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


def _summary(document: Document, attributions: list[dict], entities: list[dict]) -> dict:
    body_words = sum(len(document.text[s:e].split()) for s, e in document.body_ranges())
    by_id = {e["id"]: e for e in entities}
    kinds = Counter(a["kind"] for a in attributions)
    source_types = Counter(by_id[a["entity"]]["type"] for a in attributions if a["entity"] in by_id)
    cited = {a["entity"] for a in attributions if a["entity"]}
    distinct = Counter(by_id[e]["type"] for e in cited if e in by_id)
    n = len(attributions)
    return {
        "words": body_words,
        "characters": len(document.text),
        "boilerplate_characters": sum(b.end - b.start for b in document.boilerplate),
        "attributions": n,
        "attributions_by_kind": dict(sorted(kinds.items())),
        "attributions_by_source_type": {t: source_types.get(t, 0) for t in ENTITY_TYPES},
        "distinct_sources": len(cited),
        "distinct_sources_by_type": {t: distinct.get(t, 0) for t in ENTITY_TYPES},
        "anonymous_share": round(source_types.get("anonymous", 0) / n, 4) if n else 0.0,
        "nested_attributions": sum(1 for a in attributions if a["parent"]),
        "denials": sum(1 for a in attributions if a["negated"]),
    }


def _outlets(records: list, text: str, ratings) -> list[dict]:
    """The cited outlets, each with every loaded rater's rating of its domain (none without a
    store). A rating with ``covered`` false is a value the rater did not give (imputed)."""
    out = []
    for o in records:
        found = ratings.lookup(o.domains or ([o.domain] if o.domain else [])) if ratings is not None and o.domain else []
        out.append({
            "id": o.id, "name": o.name, "domain": o.domain, "kind": o.kind, "country": o.country,
            "funding": o.funding, "own": o.own, "registry_id": o.registry_id, "entities": list(o.entities),
            "mentions": [_span(m, text) for m in o.mentions],
            "ratings": [{k: r[k] for k in ("rater", "value", "scale", "covered", "as_of", "domain")} for r in found],
        })
    return out


def _outlet_summary(outlets: list[dict]) -> dict:
    kinds = Counter(o["kind"] for o in outlets)
    return {
        "outlets": len(outlets),
        "outlets_by_kind": dict(sorted(kinds.items())),
        "rated_outlets": sum(1 for o in outlets if any(r["covered"] for r in o["ratings"])),
    }


STATEMENT_STATUSES = ("attributed", "unsourced", "opinion", "question", "other")
MARKER_KINDS = ("hedge", "booster", "doubt")
TOP_UNSOURCED = 5


def _statements(records: list, text: str) -> list[dict]:
    return [
        {
            "id": s.id, "start": s.start, "end": s.end, "text": text[s.start : s.end], "status": s.status,
            "attribution": s.attribution, "checkworthiness": round(float(s.checkworthiness), 4),
            "subjectivity": round(float(s.subjectivity), 4),
            "markers": [{"start": m.start, "end": m.end, "text": text[m.start : m.end], "kind": m.kind, "cue": m.cue,
                         "voice": m.voice} for m in s.markers],
        }
        for s in records
    ]


def _statement_summary(document: Document, statements: list[dict]) -> dict:
    """The sourcing profile: how much of the article stands on whose say-so, and how sure it sounds.

    Shares are of the statements that make a claim (all but ``other``); marker rates count only
    markers in the author's own voice (``voice`` null), per 1,000 words of the article body."""
    if not statements:
        return {}
    words = sum(len(document.text[s:e].split()) for s, e in document.body_ranges())
    status = Counter(s["status"] for s in statements)
    claims = sum(n for k, n in status.items() if k != "other")
    own = Counter(m["kind"] for s in statements for m in s["markers"] if m["voice"] is None)
    unsourced = sorted((s for s in statements if s["status"] == "unsourced"), key=lambda s: (-s["checkworthiness"], s["start"]))
    return {
        "statements": len(statements),
        "statements_by_status": {k: status.get(k, 0) for k in STATEMENT_STATUSES},
        "statement_shares": {k: round(status.get(k, 0) / claims, 4) if claims else 0.0 for k in ("attributed", "unsourced", "opinion")},
        "author_markers": {k: own.get(k, 0) for k in MARKER_KINDS},
        "hedges_per_1000_words": round(1000 * own.get("hedge", 0) / words, 2) if words else 0.0,
        "boosters_per_1000_words": round(1000 * own.get("booster", 0) / words, 2) if words else 0.0,
        "doubt_markers_per_1000_words": round(1000 * own.get("doubt", 0) / words, 2) if words else 0.0,
        "top_unsourced_claims": [
            {"id": s["id"], "start": s["start"], "end": s["end"], "checkworthiness": s["checkworthiness"]}
            for s in unsourced[:TOP_UNSOURCED]
        ],
    }


def _techniques(records: list, text: str) -> list[dict]:
    """Persuasion-technique spans (``components/techniques.py``), in text order."""
    return [
        {"start": t.start, "end": t.end, "text": text[t.start : t.end], "technique": t.technique,
         "confidence": round(float(t.confidence), 4), "voice": t.voice}
        for t in sorted(records, key=lambda t: (t.start, t.end))
    ]


def _technique_summary(document: Document, techniques: list[dict]) -> dict:
    """Technique spans per 1,000 words of the article body, in the author's voice and in quoted
    voices (spans inside an attribution's content), overall and per technique."""
    from .techniques_catalogue import NAMES

    words = sum(len(document.text[s:e].split()) for s, e in document.body_ranges())
    rate = (lambda n: round(1000 * n / words, 2)) if words else (lambda n: 0.0)
    author = Counter(t["technique"] for t in techniques if t["voice"] == "author")
    quoted = Counter(t["technique"] for t in techniques if t["voice"] != "author")
    return {
        "techniques": len(techniques),
        "techniques_per_1000_words": {
            "author": rate(sum(author.values())),
            "quoted": rate(sum(quoted.values())),
            "by_technique": {n: {"author": rate(author.get(n, 0)), "quoted": rate(quoted.get(n, 0))}
                             for n in NAMES if author.get(n) or quoted.get(n)},
        },
    }
