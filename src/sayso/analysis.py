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
            "statements": [],
            "techniques": [],
            "outlets": [],
            "summary": _summary(d, attr, ents),
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
