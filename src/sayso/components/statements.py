"""Statements: the article cut into sentence-level claims, each with on whose say-so it stands.

``sayso_statements`` runs after the attribution, nesting and resolver components and writes
``doc._.statements`` (a list of :class:`~sayso.components.records.Statement`):

1. **Units.** spaCy's sentences (which also start at every line break, see ``paragraphs.py``)
   trimmed of white space, cut at boilerplate (no statement ever spans boilerplate), with
   punctuation-only leftovers (a closing quotation mark the parser split off) joined to the
   sentence before them.
2. **Splits.** A sentence that joins an attributed clause and an unsourced one ("Residents are
   furious, and the minister said the deal was fair.") is cut where the attribution's frame
   (source, cue and content, with what lies between them) ends, when the rest is a clause of
   its own (at least three words with a verb).
3. **Status**, in this order: ``other`` for headers (a line of its own in title case, or with
   no verb and no final punctuation), credits, datelines and lines of one or two words; ``attributed`` when an attribution covers the statement; ``question`` when it ends
   with a question mark; ``opinion`` when the subjectivity model or a modal of prediction or
   recommendation (will, should, must …) says so; else ``unsourced``.
4. **Which attribution.** Of the attributions whose content covers at least 30% of the
   statement, the *innermost* (deepest in the nesting chain): the claim "the ministry ignored
   the reviews" in "According to the Meridian, officials said the ministry had ignored two
   safety reviews" stands on the officials' say-so, and their attribution's ``parent`` gives the
   rest of the chain (officials ← the Meridian). When no content covers that much, an
   attribution whose cue the statement holds ("Voss denied the report.", "In a letter to
   residents, the mayor wrote:").
   Only attributions of saying, reporting or believing count (see ``_says``: PolNeAR-style
   attributions such as "the regulator appears to …" leave the statement to the author).
   An attribution whose source is the author ("I think", "we believe" outside quotation marks)
   or a rhetorical everyone/nobody ("Everyone knows …", "Nobody in power will admit …") does
   not make a statement attributed: it is the author's own voice. Of nested attributions only a
   chain that covers the statement from the outside in counts (an inner attribution whose
   parent does not cover the statement is a stray).
5. **Scores.** ``checkworthiness`` and ``subjectivity`` (0–1) from two small hashed-feature
   logistic regressions, each with an optional dense head (an MLP over word vectors, see
   ``linear_text.BagMLP``), shipped in ``sayso/models/statements/`` (numpy only at run time;
   see their ``MODEL_CARD.md`` and ``training/statements.py``).
6. **Markers.** Hedges and evidentials, boosters, and doubt cast at others ("alleged",
   "so-called", scare quotes), found by lexicon over the article and given to the statement
   that holds them. ``voice`` is the innermost attribution whose content holds the marker (a
   "so-called" inside a quotation is the quoted speaker's), or None for the author. Scare
   quotes are short quotations (one to four words) in the author's own voice: a short
   quotation inside an attribution's content is a partial quote of that source, not doubt.
"""
from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from . import cues as lex
from .extensions import get, setup_extensions, text_of
from .nesting import chain_depth
from .linear_text import LinearTextModel, sentence_counts
from .morph import token_ids
from .records import Attribution, Marker, Quote, Statement

STATUSES = ("attributed", "unsourced", "opinion", "question", "other")
MARKER_KINDS = ("hedge", "booster", "doubt")
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "statements"
TASKS = ("checkworthiness", "subjectivity")

Range = tuple[int, int]

# ----------------------------------------------------------------------------- lexicons

_HEDGES = r"""
allegedly reportedly purportedly supposedly apparently seemingly ostensibly reputedly
unconfirmed unverified unsubstantiated
(?:unnamed|anonymous|unidentified)_(?:sources?|officials?|insiders?|people)
sources_(?:say|said|claim|claimed|suggest|suggested)
(?:appears?|appeared|seems?|seemed)_to
it_(?:is|was)_(?:believed|thought|rumou?red|understood|alleged|claimed)
(?:is|are|was|were)_(?:said|believed|thought|rumou?red)_to
rumou?red rumou?rs_(?:say|have_it)
(?:may|might|could)_(?:well_)?have
possibly perhaps probably presumably arguably
it_(?:is|was|remains)_(?:unclear|not_clear)
some_(?:say|believe|claim|suggest)
"""
_BOOSTERS = r"""
of_course in_fact in_reality in_truth as_a_matter_of_fact
clearly obviously undoubtedly undeniably indisputably unquestionably certainly definitely surely
plainly evidently
the_(?:truth|fact|reality)_(?:is|of_the_matter_is)
(?:there_is|there's)_no_(?:doubt|question|denying)
without_(?:a|any)_doubt no_doubt beyond_(?:any_)?doubt
make_no_mistake
(?:everyone|everybody|we_all)_knows?
it_(?:is|was)_(?:clear|obvious|undeniable|beyond_doubt)
(?:it's|it’s)_(?:clear|obvious)
"""
_DOUBT = r"""
so[-_]called self[-_](?:proclaimed|styled|appointed|described) would-be
"""


def _lexicon(block: str) -> re.Pattern:
    """One regex over a block of entries (``_`` stands for white space)."""
    entries = sorted(block.split(), key=len, reverse=True)
    body = "|".join(e.replace("_", r"\s+") for e in entries)
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", re.IGNORECASE)


_MARKER_RES = (("hedge", _lexicon(_HEDGES)), ("booster", _lexicon(_BOOSTERS)), ("doubt", _lexicon(_DOUBT)))
# adjectives of doubt count only in front of a noun ("the alleged bribe", not "prosecutors alleged")
_DOUBT_ADJECTIVES = frozenset("alleged supposed purported".split())

# statements that are page furniture rather than claims
_CREDIT_RE = re.compile(
    r"^(?:photo|photograph|image|picture|video|credit|credits|source|sources|by|via|editor'?s note|update|updated|"
    r"related|read more|see also|watch|listen|copyright|©|filed under|tags?|topics?)\b",
    re.IGNORECASE,
)
_DATE_RE = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?\s*\d{0,2},?\s*\d{4}$|^\d{4}-\d{2}-\d{2}$|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"(?:[-–—•*·▪►]|\d{1,2}[.)])[ \t]+")
_WORD_RE = re.compile(r"[^\W_][\w'’-]*")
_ALNUM_RE = re.compile(r"[^\W_]")
_TERMINAL = (".", "!", "?", "…", ":", ";")
_CLOSERS = " \t\n\"”’'»)]"
_TRIM = " \t\n,;:—–-"
_JOINERS = frozenset("and but or while whereas yet so as although though".split())
_SMALL_WORDS = frozenset("a an the of and or but for nor to in on at by with from as is are was be it its they them".split())
# modals of prediction and recommendation on the main verb make a statement opinion
_OPINION_MODALS = frozenset("will would should must shall ought could might may 'll wo".split())
_AUTHOR_SOURCES = frozenset("i we me us myself ourselves".split())
# "everyone knows …", "nobody in power will admit …": a rhetorical device of the author, not a source
_RHETORICAL_SOURCES = re.compile(r"^(?:everyone|everybody|nobody|no one|no-one|we all|all of us|anyone|anybody)\b")


# ----------------------------------------------------------------------------- helpers


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _trim(text: str, s: int, e: int, chars: str = " \t\n\r") -> Range:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


def _overlap(a: Range, b: Range) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _cut(r: Range, holes: list[Range]) -> list[Range]:
    """``r`` minus the ``holes``."""
    out, pos = [], r[0]
    for s, e in sorted(holes):
        if e <= pos or s >= r[1]:
            continue
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < r[1]:
        out.append((pos, r[1]))
    return out


def _pieces(a: Attribution) -> list[Range]:
    return [(p.start, p.end) for p in [a.source, a.cue, *a.content] if p is not None]


def _frame(a: Attribution, r: Range) -> Range | None:
    """The part of ``r`` the attribution frames: from its first to its last piece inside ``r``."""
    inside = [(max(s, r[0]), min(e, r[1])) for s, e in _pieces(a) if _overlap((s, e), r)]
    if not inside:
        return None
    return min(s for s, _ in inside), max(e for _, e in inside)


def _content_overlap(a: Attribution, r: Range) -> int:
    return sum(_overlap((c.start, c.end), r) for c in a.content)


def _quoted(quotes: list[Quote], s: int, e: int) -> bool:
    return any(q.start <= s and e <= q.end for q in quotes)


def _author_voice(a: Attribution, text: str, quotes: list[Quote]) -> bool:
    """"I think …", "we believe …" written by the author, outside any quotation."""
    if a.source is None or a.parent is not None:
        return False
    src = " ".join(text[a.source.start : a.source.end].split()).lower()
    if _quoted(quotes, a.source.start, a.source.end):
        return False
    return src in _AUTHOR_SOURCES or bool(_RHETORICAL_SOURCES.match(src))


# which attributions give a statement its say-so: quotations, "according to", citations and cue
# nouns always; a verb cue only when it is a verb of saying, reporting or believing, and then with
# a clause (or, for deny/confirm/dismiss …, a noun) as its content. The attribution component
# follows PolNeAR, whose attributions also include "appears", "voted on" or "has never shown
# the figures": those stay attributions, but the statement remains the author's.
_ALWAYS_SAYS = frozenset("direct mixed block colon dash according_to citation noun".split())
_SAY_LEMMAS = lex.SPEECH_VERBS | lex.ATTITUDE_VERBS | lex.DENIAL_VERBS | lex.DECLINE_VERBS | lex.NON_CONFIRM_VERBS
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think",
    "knew": "know", "known": "know", "felt": "feel", "found": "find", "saw": "see", "seen": "see",
    "heard": "hear", "meant": "mean", "understood": "understand", "swore": "swear", "sworn": "swear",
    "spoke": "speak", "spoken": "speak", "forecast": "forecast", "hinted": "hint", "foresaw": "foresee",
}


def _lemmas(word: str) -> set[str]:
    """Plausible base forms of a verb form (sayso's pipeline has no lemmatizer)."""
    w = word.lower()
    out = {w, _IRREGULAR.get(w, w)}
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                         ("ing", ""), ("ing", "e")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            base = w[: -len(suffix)] + repl
            out.add(base)
            if len(base) > 3 and base[-1] == base[-2] and not repl:
                out.add(base[:-1])  # "admitted" → "admit"
    return out


def _says(doc: Doc, text: str, a: Attribution) -> bool:
    if a.kind in _ALWAYS_SAYS:
        return True
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    verbs = [t for t in cue if _is_verb(t)] if cue is not None else []
    lemmas = set().union(*(_lemmas(t.text) for t in verbs)) if verbs else set()
    if not lemmas & _SAY_LEMMAS:
        return False  # no verb of saying in the cue ("a dispute that …" tagged as a cue)
    if lemmas & lex.OBJECT_CONTENT or not a.content:
        return True
    for c in a.content:
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is not None and any(_is_verb(t) for t in span):
            return True
    return False


# ----------------------------------------------------------------------------- the component


class StatementFinder:
    """Splits the article into statements, scores them and writes ``doc._.statements``."""

    def __init__(self, nlp: Language | None = None, name: str = "sayso_statements", *, model: str | None = None,
                 split_min_words: int = 3, attribution_coverage: float = 0.3, scare_quote_words: int = 4):
        self.name = name
        self.model_path = model
        self.split_min_words = split_min_words
        self.attribution_coverage = attribution_coverage
        self.scare_quote_words = scare_quote_words
        self.models: dict[str, LinearTextModel] = {}
        self._load(Path(model) if model else MODEL_DIR)
        setup_extensions()

    # --- models

    def _load(self, path: Path) -> None:
        missing = [t for t in TASKS if not (path / t / "config.json").is_file()]
        if missing:
            raise FileNotFoundError(f"sayso_statements: no {', '.join(missing)} model under {path}")
        self.models = {t: LinearTextModel.load(path / t) for t in TASKS}

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = Path(path)
        for t, m in self.models.items():
            m.save(path / t)

    def from_disk(self, path, *, exclude=tuple()) -> "StatementFinder":
        self._load(Path(path))
        return self

    # --- pipeline

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        boilerplate = sorted((int(s), int(e)) for s, e in get(doc, "boilerplate"))
        attributions = list(get(doc, "attributions"))
        extent = {a.id: (a.start, a.end) for a in attributions}
        quotes = list(get(doc, "quotes"))
        by_id = {a.id: a for a in attributions}
        voiced = [a for a in attributions if not _author_voice(a, text, quotes) and _says(doc, text, a)]
        depth = {a.id: chain_depth(a, by_id) for a in attributions}

        ranges = []
        for unit in self._units(doc, text, boilerplate):
            near = [a for a in voiced if extent[a.id][0] < unit[1] and unit[0] < extent[a.id][1]]
            ranges += self._split(doc, text, unit, near) if near else [unit]
        markers = self._markers(doc, text, boilerplate, attributions, quotes, depth)
        cw, subj = self.models["checkworthiness"], self.models["subjectivity"]
        shared = cw.feature_key == subj.feature_key and cw.linear
        opinion_at = subj.threshold
        statements = []
        for n, (s, e) in enumerate(ranges):
            span = doc.char_span(s, e, alignment_mode="expand")
            tokens = list(span) if span is not None else []
            near = [a for a in voiced if extent[a.id][0] < e and s < extent[a.id][1]]
            status, attribution = self._status(text, (s, e), tokens, near, depth)
            counts = cw.counts(tokens)
            raw = sentence_counts(tokens) if cw.dense is not None or subj.dense is not None else None
            c = cw.score_counts(*counts, tokens, raw)
            j = subj.score_counts(*(counts if shared else subj.counts(tokens)), tokens, raw)
            if status in ("unsourced", "opinion"):
                status = "opinion" if j >= opinion_at or _modal(tokens) else "unsourced"
            statements.append(Statement(
                id=f"s{n + 1}", start=s, end=e, status=status, attribution=attribution,
                checkworthiness=round(c, 4), subjectivity=round(j, 4),
                markers=[m for m in markers if s <= m.start and m.end <= e],
            ))
        doc._.statements = statements
        return doc

    # --- 1. units

    def _units(self, doc: Doc, text: str, boilerplate: list[Range]) -> list[Range]:
        units: list[Range] = []
        for sent in doc.sents:
            for piece in _cut((sent.start_char, sent.end_char), boilerplate):
                s, e = _trim(text, *piece)
                m = _BULLET_RE.match(text, s, e)
                if m and m.end() < e:
                    s = m.end()  # "- item", "• item": the bullet is layout, not part of the claim
                if s >= e or re.fullmatch(r"\d{1,2}[.)]", text[s:e]):
                    continue  # nothing, or a list number the parser split off its item
                if not _ALNUM_RE.search(text[s:e]):
                    # a closing quotation mark or bracket split off its sentence joins it
                    if units and "\n" not in text[units[-1][1] : s] and not any(
                        _overlap((units[-1][1], e), b) for b in boilerplate
                    ):
                        units[-1] = (units[-1][0], e)
                    continue
                units.append((s, e))
        return units

    # --- 2. splits

    def _split(self, doc: Doc, text: str, unit: Range, attributions: list[Attribution]) -> list[Range]:
        frames = [f for a in attributions if (f := _frame(a, unit)) is not None]
        if not frames:
            return [unit]
        rest = _cut(unit, frames)
        keep = []
        for s, e in rest:
            s, e = self._trim_clause(text, s, e)
            if e <= s or len(_words(text[s:e])) < self.split_min_words:
                continue
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or not any(_is_verb(t) for t in span):
                continue
            keep.append((s, e))
        if not keep:
            return [unit]
        # the attributed parts are what lies between the unsourced clauses
        out = []
        for s, e in _cut(unit, keep):
            s, e = self._trim_clause(text, s, e)
            if e > s and _ALNUM_RE.search(text, s, e):
                out.append((s, e))
        return sorted(out + keep)

    @staticmethod
    def _trim_clause(text: str, s: int, e: int, joiners: bool = True) -> Range:
        """Trim spaces, commas and dashes, and (for a clause cut out of a sentence) a joining
        conjunction at either end: ", and nobody voted for it" → "nobody voted for it"."""
        while True:
            s0, e0 = s, e
            s, e = _trim(text, s, e, _TRIM)
            if joiners:
                m = re.match(r"(\w+)\b", text[s:e])
                if m and m.group(1).lower() in _JOINERS and e - s > m.end():
                    s += m.end()
                m = re.search(r"\b(\w+)$", text[s:e])
                if m and m.group(1).lower() in _JOINERS and m.start() > 0:
                    e = s + m.start()
            if (s, e) == (s0, e0):
                return s, e

    # --- 3./4. status

    def _status(self, text: str, r: Range, tokens, attributions: list[Attribution], depth: dict[str, int]):
        s, e = r
        body = text[s:e]
        if self._is_other(text, r, body, tokens):
            return "other", None
        size = max(1, len(body.replace(" ", "")))
        share = {a.id: _content_overlap(a, r) / size for a in attributions}
        covering = {a.id: a for a in attributions if share[a.id] >= self.attribution_coverage}
        if covering:
            # the innermost of a chain that covers the statement all the way out: an inner
            # attribution whose parent does not cover it too is a stray (a cue inside a later quote)
            chained = [a for a in covering.values() if a.parent is None or a.parent in covering]
            pool = chained or list(covering.values())
            best = max(pool, key=lambda a: (depth.get(a.id, 0), share[a.id], a.id))
            return "attributed", best.id
        # the frame of a report whose content lies elsewhere ("Voss denied the report.",
        # "In a letter to residents, the mayor wrote:"): the statement holds its cue
        framed = []
        for a in attributions:
            if s <= a.cue.start and a.cue.end <= e:
                f = _frame(a, r)
                framed.append((f[1] - f[0] if f else 0, depth.get(a.id, 0), a.id))
        if framed:
            return "attributed", max(framed)[2]
        if body.rstrip(_CLOSERS).endswith("?"):
            return "question", None
        return "unsourced", None

    @staticmethod
    def _is_other(text: str, r: Range, body: str, tokens) -> bool:
        words = [w for w in _words(body) if w[0].isalpha()]
        if len(words) < 3 and not body.rstrip(_CLOSERS).endswith("?"):
            return True
        if _CREDIT_RE.match(body) or _DATE_RE.match(body.strip()):
            return True
        line_start = text.rfind("\n", 0, r[0]) + 1
        line_end = text.find("\n", r[1])
        line_end = len(text) if line_end < 0 else line_end
        whole_line = not text[line_start : r[0]].strip() and not text[r[1] : line_end].strip()
        if not whole_line:
            return False
        content = [w for w in words if w.lower() not in _SMALL_WORDS]
        caps = sum(1 for w in content if w[0].isupper()) / max(1, len(content))
        if len(content) >= 3 and caps >= 0.75 and not body.rstrip(_CLOSERS).endswith("."):
            return True  # a title-case line: a headline or section header (even with "?" or ":")
        if not body.rstrip(_CLOSERS).endswith(_TERMINAL):
            has_verb = any(_is_verb(t) for t in tokens)
            return not has_verb or caps >= 0.6
        return False

    # --- 6. markers

    def _markers(self, doc: Doc, text: str, boilerplate: list[Range], attributions: list[Attribution],
                 quotes: list[Quote], depth: dict[str, int]) -> list[Marker]:
        found: list[Marker] = []
        for kind, rx in _MARKER_RES:
            for m in rx.finditer(text):
                found.append(Marker(m.start(), m.end(), kind, " ".join(m.group().lower().split())))
        for i in token_ids(doc, lowers=tuple(_DOUBT_ADJECTIVES)):  # no Token for every word
            tok = doc[i]
            if tok.lower_ in _DOUBT_ADJECTIVES and (tok.dep_ == "amod" or tok.tag_ == "JJ") and tok.head.i > tok.i:
                found.append(Marker(tok.idx, tok.idx + len(tok), "doubt", tok.lower_))
        for q in quotes:
            inner = text[q.inner[0] : q.inner[1]]
            n = len(_words(inner))
            if not (1 <= n <= self.scare_quote_words) or inner.rstrip().endswith((".", ",", "!", "?", ":", ";")):
                continue
            if any(c.start <= q.start and q.end <= c.end or _overlap((c.start, c.end), (q.start, q.end))
                   for a in attributions for c in [*a.content, a.cue] + ([a.source] if a.source else [])):
                continue  # a partial quote of a source, or the quotation a cue introduces
            caps = [w for w in _words(inner) if w.lower() not in _SMALL_WORDS]
            if n >= 2 and caps and all(w[0].isupper() for w in caps):
                continue  # a title or a name ("Operation Sunrise", "Crocodile Dundee")
            found.append(Marker(q.start, q.end, "doubt", "scare quotes"))
        out = []
        for m in sorted(found, key=lambda m: (m.start, -m.end)):
            if any(_overlap((m.start, m.end), b) for b in boilerplate):
                continue
            if out and m.start < out[-1].end and m.kind == out[-1].kind:
                continue  # "so-called" matched twice, nested lexicon entries
            holders = [a for a in attributions if any(c.start <= m.start and m.end <= c.end for c in a.content)]
            if holders:
                m.voice = max(holders, key=lambda a: (depth.get(a.id, 0), -sum(c.end - c.start for c in a.content))).id
            out.append(m)
        return out


def _is_verb(t) -> bool:
    """A verb or auxiliary, from the fine-grained tag (sayso's pipeline has no attribute ruler,
    so ``pos_`` may be empty)."""
    return t.tag_.startswith("VB") or t.tag_ == "MD" or t.pos_ in ("VERB", "AUX")


def _modal(tokens) -> bool:
    """A main verb with a modal of prediction or recommendation ("will destroy", "must stop"),
    or an imperative ("Stop the deal now.")."""
    for t in tokens:
        if t.dep_ == "ROOT":
            if t.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in t.children) and t.i == t.sent.start:
                return True
            for c in t.children:
                if c.dep_ in ("aux", "auxpass") and c.lower_ in _OPINION_MODALS:
                    return True
                if c.dep_ == "aux" and c.lower_ == "going" :
                    return True
            return False
    return False


@Language.factory(
    "sayso_statements",
    default_config={"model": None, "split_min_words": 3, "attribution_coverage": 0.3, "scare_quote_words": 4},
)
def make_statement_finder(nlp: Language, name: str, model: str | None, split_min_words: int,
                          attribution_coverage: float, scare_quote_words: int) -> StatementFinder:
    return StatementFinder(nlp, name, model=model, split_min_words=split_min_words,
                           attribution_coverage=attribution_coverage, scare_quote_words=scare_quote_words)
