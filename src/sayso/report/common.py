"""What both reports share: a view over the contract dict (labels, chains, colours, rows) and
the segmentation of the article into runs covered by the same set of spans.

Everything here reads only the contract dict, never spaCy objects, and tolerates a sparse or
slightly odd dict (missing optional keys, offsets out of range) rather than crashing a report.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterator

ARROW = " ← "
UNATTRIBUTED = "(unattributed)"

# Sections later work fills; reports render them generically until they get their own layout.
OUTLETS_HEADING = "Cited outlets"  # its own section: outlets_rows below
EXTRA_SECTIONS: tuple[tuple[str, str], ...] = ()  # techniques have their own layout: technique_rows below
TECHNIQUES_HEADING = "Persuasion techniques"

# C0/C1 controls and lone surrogates would corrupt a terminal (ESC, CSI) or an HTML/UTF-8
# file; tab and newline are kept, carriage return is dropped (a CRLF file shows as LF).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` safe to print: controls shown as symbols, lone surrogates as U+FFFD."""

    def visible(m: re.Match) -> str:
        c = ord(m.group())
        if c == 13:
            return ""
        if c < 32:
            return chr(0x2400 + c)  # Unicode control pictures, e.g. ␛ for ESC
        return "\ufffd"

    return _UNSAFE.sub(visible, text)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


# --- segmentation -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: ``role`` is source, cue, content or boilerplate; ``attr`` the
    attribution's index in the contract list (None for boilerplate); ``key`` unique per mark."""

    start: int
    end: int
    role: str
    attr: int | None
    key: int
    kind: str = ""  # boilerplate kind


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    marks: tuple[Mark, ...]


def segments(length: int, marks: list[Mark], cuts: Iterator[int] = ()) -> Iterator[Segment]:
    """Split ``[0, length)`` at every mark boundary and cut; each run carries all marks covering it.

    Overlapping and nested spans thus become flat, non-overlapping runs, so a renderer never
    has to nest tags across span boundaries.
    """
    points = {0, length, *cuts}
    opens: dict[int, list[Mark]] = defaultdict(list)
    closes: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        points.update((m.start, m.end))
        opens[m.start].append(m)
        closes[m.end].append(m)
    active: dict[int, Mark] = {}
    ordered = sorted(p for p in points if 0 <= p <= length)
    for a, b in zip(ordered, ordered[1:]):
        for m in closes.get(a, ()):
            active.pop(m.key, None)
        for m in opens.get(a, ()):
            active[m.key] = m
        yield Segment(a, b, tuple(active.values()))


def lines(text: str, segs: Iterator[Segment]) -> Iterator[list[Segment]]:
    """Group runs into lines (paragraphs); runs must be cut at every newline (see ``newlines``)."""
    line: list[Segment] = []
    for s in segs:
        if text[s.start : s.end] == "\n":
            yield line
            line = []
        else:
            line.append(s)
    yield line


def newlines(text: str) -> list[int]:
    """Cut points isolating each newline as its own run."""
    cuts = []
    for m in re.finditer("\n", text):
        cuts += (m.start(), m.end())
    return cuts


# --- the view over the contract ---------------------------------------------------------------


def _int(v, default: int = 0) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


@dataclass
class Source:
    """A row of "Who is quoted": one entity, or one unresolved source text."""

    key: str
    label: str
    type: str
    role: str | None = None
    colour: int = 0
    attributions: list[int] = field(default_factory=list)  # indices into View.attributions
    first: int = 1 << 62  # first offset, orders colours by appearance


class View:
    """Read-only helpers over one contract dict."""

    def __init__(self, data: dict):
        self.data = data
        doc = data.get("document") or {}
        self.doc = doc
        self.text: str = doc.get("text") or ""
        self.attributions: list[dict] = [a for a in data.get("attributions") or [] if isinstance(a, dict)]
        self.entities: dict[str, dict] = {
            e["id"]: e for e in data.get("entities") or [] if isinstance(e, dict) and "id" in e
        }
        self.index: dict[str, int] = {}
        for i, a in enumerate(self.attributions):
            self.index.setdefault(str(a.get("id")), i)
        self.extents = [self._extent(i) for i in range(len(self.attributions))]
        self.sources = self._sources()
        self.source_of = {i: s for s in self.sources for i in s.attributions}
        self.depth = [len(self.chain_ids(i)) - 1 for i in range(len(self.attributions))]
        self._via: dict[int, str] = {}

    # spans

    def span(self, s) -> tuple[int, int] | None:
        """A span's offsets clamped into the text; None when missing or empty."""
        if not isinstance(s, dict):
            return None
        n = len(self.text)
        start = min(max(_int(s.get("start")), 0), n)
        end = min(max(_int(s.get("end")), start), n)
        return (start, end) if end > start else None

    def _extent(self, i: int) -> tuple[int, int]:
        a = self.attributions[i]
        spans = [self.span(s) for s in [a.get("source"), a.get("cue"), *(a.get("content") or [])]]
        spans = [s for s in spans if s]
        if not spans:
            return (0, 0)
        return (min(s for s, _ in spans), max(e for _, e in spans))

    def span_text(self, s) -> str:
        r = self.span(s)
        return self.text[r[0] : r[1]] if r else ""

    def marks(self) -> list[Mark]:
        """Every highlighted span: boilerplate, then each attribution's source, cue and content."""
        out: list[Mark] = []
        for b in self.doc.get("boilerplate") or []:
            r = self.span(b)
            if r:
                out.append(Mark(*r, "boilerplate", None, len(out), str(b.get("kind") or "boilerplate")))
        for i, a in enumerate(self.attributions):
            roles = (("source", [a.get("source")]), ("cue", [a.get("cue")]), ("content", a.get("content") or []))
            for role, spans in roles:
                for s in spans:
                    r = self.span(s)
                    if r:
                        out.append(Mark(*r, role, i, len(out)))
        return out

    def innermost(self, marks: tuple[Mark, ...]) -> list[int]:
        """Attribution indices covering a run, innermost (deepest, then shortest) first."""
        ids = {m.attr for m in marks if m.attr is not None}

        def order(i):
            s, e = self.extents[i]
            return (-self.depth[i], e - s, i)

        return sorted(ids, key=order)

    # sources and chains

    def entity(self, i: int) -> dict | None:
        return self.entities.get(self.attributions[i].get("entity"))

    def label(self, i: int) -> str:
        """Entity name, else the source text, else "(unattributed)"."""
        e = self.entity(i)
        if e and str(e.get("name") or "").strip():
            return " ".join(str(e["name"]).split())
        text = " ".join(self.span_text(self.attributions[i].get("source")).split())
        return text or UNATTRIBUTED

    def type(self, i: int) -> str:
        e = self.entity(i)
        if e:
            return str(e.get("type") or "unknown")
        return "unresolved" if self.span_text(self.attributions[i].get("source")).strip() else "—"

    def chain_ids(self, i: int) -> list[int]:
        """``i`` and its parents, innermost first; stops at a missing parent or a cycle."""
        out = [i]
        while True:
            parent = self.attributions[out[-1]].get("parent")
            j = self.index.get(str(parent)) if parent is not None else None
            if j is None or j in out:
                return out
            out.append(j)

    def chain(self, i: int) -> str:
        """"the minister ← state television ← the Guardian" (innermost first)."""
        return ARROW.join(self.label(j) for j in self.chain_ids(i))

    def via(self, i: int) -> str:
        """One line describing attribution ``i``: "Anna Berg (person) — via “said”, direct"."""
        if i in self._via:
            return self._via[i]
        a = self.attributions[i]
        cue = " ".join(self.span_text(a.get("cue")).split())
        kind = str(a.get("kind") or "attribution") + (" (negated)" if a.get("negated") else "")
        who = self.label(i) + (f" ({self.type(i)})" if self.type(i) != "—" else "")
        parts = [f"{who} — via “{cue}”" if cue else who, kind]
        if a.get("outlet"):
            parts.append(f"outlet {a['outlet']}")
        if self.depth[i]:
            parts.append(f"chain: {self.chain(i)}")
        self._via[i] = line = ", ".join(parts)
        return line

    def describe(self, attrs: list[int]) -> list[str]:
        """Tooltip lines for a run covered by ``attrs`` (innermost first); an outer attribution
        already named in an inner one's chain adds no line of its own."""
        lines, named = [], set()
        for i in attrs:
            if i not in named:
                lines.append(self.via(i))
                named.update(self.chain_ids(i))
        return lines

    def _source_key(self, i: int) -> str:
        a = self.attributions[i]
        if a.get("entity") in self.entities:
            return "e:" + str(a["entity"])
        text = " ".join(self.span_text(a.get("source")).split()).casefold()
        return "s:" + text if text else "none"

    def _sources(self) -> list[Source]:
        rows: dict[str, Source] = {}
        for i in range(len(self.attributions)):
            key = self._source_key(i)
            e = self.entity(i)
            row = rows.setdefault(key, Source(key, self.label(i), self.type(i), e.get("role") if e else None))
            row.attributions.append(i)
            row.first = min(row.first, self.extents[i][0])
        # colours follow the order sources first appear in the text, so they are stable per article
        for n, row in enumerate(sorted(rows.values(), key=lambda r: (r.first, r.key))):
            row.colour = n
        # entities never cited still belong in "Who is quoted" (with zero attributions)
        for eid, e in self.entities.items():
            key = "e:" + str(eid)
            rows.setdefault(key, Source(key, str(e.get("name") or eid), str(e.get("type") or "unknown"), e.get("role")))
        return sorted(rows.values(), key=lambda r: (-len(r.attributions), r.first, r.label.casefold()))

    def colour(self, i: int) -> int:
        return self.source_of[i].colour

    # rows for the "Who is quoted" table

    def kinds(self, row: Source) -> str:
        counts = Counter(str(self.attributions[i].get("kind") or "?") for i in row.attributions)
        return ", ".join(k if n == 1 else f"{k} ×{n}" for k, n in counts.most_common())

    def chains(self, row: Source) -> list[str]:
        """Distinct chains of the row's nested attributions, denials marked."""
        out: list[str] = []
        for i in row.attributions:
            if self.depth[i] or self.attributions[i].get("negated"):
                c = self.chain(i) + (" (negated)" if self.attributions[i].get("negated") else "")
                if c not in out:
                    out.append(c)
        return out

    def denials(self, row: Source) -> int:
        return sum(1 for i in row.attributions if self.attributions[i].get("negated"))

    # header

    def title(self) -> str:
        return " ".join(str(self.doc.get("title") or "").split()) or "(untitled)"

    def byline(self) -> list[str]:
        """Site, author, date — whichever are known."""
        d = self.doc
        out = []
        if d.get("site"):
            out.append(str(d["site"]))
        if d.get("author"):
            out.append(f"by {d['author']}")
        if d.get("published"):
            out.append(str(d["published"]))
        return [" ".join(x.split()) for x in out]

    def summary_line(self) -> str:
        """"N attributions from M sources · X% anonymous · K nested · D denials"."""
        s = self.data.get("summary") or {}
        n = _int(s.get("attributions"), len(self.attributions))
        m = _int(s.get("distinct_sources"), sum(1 for r in self.sources if r.key.startswith("e:") and r.attributions))
        share = s.get("anonymous_share") or 0.0
        nested = _int(s.get("nested_attributions"), sum(1 for d in self.depth if d))
        denials = _int(s.get("denials"), sum(1 for a in self.attributions if a.get("negated")))
        try:
            pct = f"{float(share) * 100:.0f}% anonymous"
        except (TypeError, ValueError):
            pct = "anonymous share unknown"
        words = f"{_int(s.get('words'))} words · " if s.get("words") else ""
        return (
            f"{words}{plural(n, 'attribution')} from {plural(m, 'source')} · {pct} · "
            f"{nested} nested · {plural(denials, 'denial')}"
        )

    def breakdown(self) -> list[tuple[str, str]]:
        """Non-zero counts by kind and by source type, for a second header line."""
        s = self.data.get("summary") or {}
        out = []
        for key, name in (("attributions_by_kind", "by kind"), ("attributions_by_source_type", "by source type")):
            counts = s.get(key) or {}
            if isinstance(counts, dict):
                items = [f"{k} {v}" for k, v in counts.items() if v]
                if items:
                    out.append((name, ", ".join(items)))
        return out


# --- generic sections (statements, techniques, outlets) ---------------------------------------


def _cell(value, text: str, limit: int = 160) -> str:
    if isinstance(value, dict):
        if "text" in value:
            value = value["text"]
        elif "start" in value and "end" in value:
            value = text[_int(value["start"]) : _int(value["end"])]
        elif "name" in value:
            value = value["name"]
        else:
            value = json.dumps(value, ensure_ascii=False, default=str)
    elif isinstance(value, list):
        value = " … ".join(_cell(v, text, limit) for v in value)
    elif value is None:
        value = ""
    value = " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def generic_table(items: list, text: str, max_columns: int = 8) -> tuple[list[str], list[list[str]]]:
    """Columns (keys in first-seen order) and string rows for a list of unknown records."""
    columns: list[str] = []
    for item in items:
        if isinstance(item, dict):
            columns += [str(k) for k in item if str(k) not in columns]
    columns = columns[:max_columns] or ["value"]
    rows = []
    for item in items:
        if isinstance(item, dict):
            rows.append([_cell(item.get(c), text) for c in columns])
        else:
            rows.append([_cell(item, text)] + [""] * (len(columns) - 1))
    return columns, rows


# --- statements: the sourcing profile and the claims on no one's authority --------------------

CLAIMS_HEADING = "Claims on no one's authority"
STATEMENT_ROLES = ("unsourced", "opinion")  # the statuses the article view marks


def _score(v) -> float:
    try:
        return min(max(float(v), 0.0), 1.0)
    except (TypeError, ValueError):
        return 0.0


def statements(view: View) -> list[dict]:
    return [s for s in view.data.get("statements") or [] if isinstance(s, dict)]


def top_claims(view: View, limit: int = 5) -> list[dict]:
    """Unsourced statements ranked by check-worthiness (the summary's ranking when present)."""
    stmts = statements(view)
    ranked = (view.data.get("summary") or {}).get("top_unsourced_claims")
    if isinstance(ranked, list) and ranked:
        by_id = {str(s.get("id")): s for s in stmts}
        out = [by_id[str(r.get("id"))] for r in ranked if isinstance(r, dict) and str(r.get("id")) in by_id]
    else:
        out = sorted((s for s in stmts if s.get("status") == "unsourced"), key=lambda s: -_score(s.get("checkworthiness")))
    return out[:limit]


def statement_marks(view: View, first_key: int) -> list[Mark]:
    """Marks for unsourced and opinion statements; ``kind`` holds the claim's rank ("1", "2", …)
    for the top unsourced claims, else ""."""
    rank = {id(s): str(n) for n, s in enumerate(top_claims(view), 1)}
    out = []
    for s in statements(view):
        role = s.get("status")
        r = view.span(s)
        if role in STATEMENT_ROLES and r:
            out.append(Mark(*r, str(role), None, first_key + len(out), rank.get(id(s), "")))
    return out


def claim_title(s: dict) -> str:
    """Tooltip of an unsourced or opinion statement."""
    parts = [("unsourced claim" if s.get("status") == "unsourced" else str(s.get("status") or "statement"))
             + f" — check-worthiness {_score(s.get('checkworthiness')):.2f}, subjectivity {_score(s.get('subjectivity')):.2f}"]
    markers = marker_words(s)
    if markers:
        parts.append("markers: " + markers)
    return "\n".join(parts)


def marker_words(s: dict) -> str:
    """"booster “of course”, doubt “so-called”" (the quoted voice noted)."""
    out = []
    for m in s.get("markers") or []:
        if isinstance(m, dict):
            word = " ".join(str(m.get("text") or m.get("cue") or "").split())
            voice = f" (in {m['voice']})" if m.get("voice") else ""
            out.append(f"{m.get('kind', 'marker')} “{word}”{voice}")
    return ", ".join(out)


def profile(view: View) -> list[tuple[str, str]]:
    """The sourcing profile for the header: statements by status, marker rates."""
    s = view.data.get("summary") or {}
    counts = s.get("statements_by_status")
    if not isinstance(counts, dict) or not statements(view):
        return []
    shares = s.get("statement_shares") or {}
    parts = []
    for k in ("attributed", "unsourced", "opinion", "question", "other"):
        n = _int(counts.get(k))
        if n:
            share = f" ({_score(shares.get(k)) * 100:.0f}%)" if k in shares else ""
            parts.append(f"{n} {k}{share}")
    out = [("statements", ", ".join(parts))]
    rates = [f"{name} {s.get(key, 0)}" for key, name in (("hedges_per_1000_words", "hedges"),
             ("boosters_per_1000_words", "boosters"), ("doubt_markers_per_1000_words", "doubt markers"))]
    out.append(("author's markers per 1,000 words", ", ".join(rates)))
    return out


# --- cited outlets ----------------------------------------------------------------------------


@dataclass
class OutletRow:
    """One row of "Cited outlets": all strings, ready to escape and print."""

    name: str
    own: bool
    kind: str  # "newspaper", "broadcaster · state-funded", ...
    country: str
    domain: str
    mentions: int
    ratings: list[str]


def _rating_value(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return " ".join(str(value).split())


def rating_line(r: dict) -> str:
    """"mbfc factual reporting: HIGH". A value the rater did not give (``covered`` false, e.g.
    Lin et al.'s imputed aggregate) is never shown as a rating; unknown coverage is said."""
    rater = " ".join(str(r.get("rater") or "?").split())
    scale = " ".join(str(r.get("scale") or "").split())
    short = scale.split(":")[0] if ":" in scale and len(scale.split(":")[0]) <= 24 else ""
    label = f"{rater} {short}".strip()
    if r.get("covered") is False:
        return f"{label}: not rated (only an imputed estimate, not shown)"
    line = f"{label}: {_rating_value(r.get('value'))}"
    if r.get("covered") is None:
        line += " (coverage unknown: may be imputed)"
    if r.get("as_of"):
        line += f", as of {r['as_of']}"
    return line


def outlet_rows(data: dict) -> list[OutletRow]:
    """The contract's outlets, the article's own first, each with its ratings as lines."""
    items = [o for o in data.get("outlets") or [] if isinstance(o, dict)]
    items.sort(key=lambda o: not o.get("own"))  # stable: otherwise the contract's order
    rows = []
    for o in items:
        kind = str(o.get("kind") or "unknown")
        if o.get("funding") in ("state", "public") and kind != "state-controlled media":
            kind += " · " + {"state": "state-funded", "public": "publicly funded"}[o["funding"]]
        ratings = [rating_line(r) for r in o.get("ratings") or [] if isinstance(r, dict)]
        rows.append(OutletRow(
            name=" ".join(str(o.get("name") or o.get("id") or "?").split()), own=bool(o.get("own")), kind=kind,
            country=str(o.get("country") or "—"), domain=str(o.get("domain") or "—"),
            mentions=len(o.get("mentions") or []), ratings=ratings))
    return rows


# --- persuasion techniques --------------------------------------------------------------------


def techniques(view: View) -> list[dict]:
    return [t for t in view.data.get("techniques") or [] if isinstance(t, dict) and view.span(t)]


def technique_names(view: View) -> list[str]:
    """The techniques the article uses, in the catalogue's order (unknown names last)."""
    from ..techniques_catalogue import NAMES

    used = {str(t.get("technique")) for t in techniques(view)}
    return [n for n in NAMES if n in used] + sorted(used - set(NAMES))


def technique_marks(view: View, first_key: int) -> list[Mark]:
    """A mark per technique span: ``role`` "technique", ``kind`` the technique name,
    ``attr`` the span's index in the contract list."""
    out = []
    for n, t in enumerate(view.data.get("techniques") or []):
        r = view.span(t) if isinstance(t, dict) else None
        if r:
            out.append(Mark(*r, "technique", None, first_key + len(out), str(t.get("technique") or "")))
    return out


def voice_label(view: View, voice) -> str:
    """"author", or who the quoted voice is ("Anna Berg (person)")."""
    if voice in (None, "", "author"):
        return "author"
    i = view.index.get(str(voice))
    if i is None:
        return str(voice)
    return "quoted: " + view.label(i)


def technique_line(view: View, t: dict) -> str:
    """"Loaded language — author, confidence 0.62"."""
    from ..techniques_catalogue import label

    try:
        conf = f", confidence {float(t.get('confidence')):.2f}"
    except (TypeError, ValueError):
        conf = ""
    return f"{label(str(t.get('technique')))} — {voice_label(view, t.get('voice'))}{conf}"


def technique_rate_line(view: View) -> list[tuple[str, str]]:
    """Header line: technique spans per 1,000 words, author and quoted."""
    s = view.data.get("summary") or {}
    rates = s.get("techniques_per_1000_words")
    if not isinstance(rates, dict) or not techniques(view):
        return []
    return [("persuasion techniques per 1,000 words", f"author {rates.get('author', 0)}, quoted {rates.get('quoted', 0)}")]
