"""Rule-based attribution extraction on the dependency parse.

Each extractor is a generator of ``Candidate`` records and names the pattern it covers.
The component then joins follow-on quotes to their speaker, drops duplicates and writes
``doc._.attributions``. Nesting and source resolution are separate components.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span as TokSpan, Token

from ..document import Span
from . import cues as lex
from .extensions import get, text_of
from .morph import lemma as lemma_of, noun_ids, pos, token_ids, verb_ids
from .records import Attribution, Quote

if TYPE_CHECKING:
    from .attribution_scorer import CandidateScorer

Range = tuple[int, int]

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "oprd", "parataxis"}
CUE_MODIFIERS = {"aux", "auxpass", "neg", "advmod", "prt"}
DASHES = "—―–"
STRUCTURAL = frozenset({"according_to", "block", "citation", "colon", "dash", "noun"})


@dataclass
class Candidate:
    kind: str
    cue: Range
    content: list[Range]
    source: Range | None = None
    negated: bool = False
    confidence: float = 0.8
    cue_token: int | None = None
    quote: bool = False  # content is (or ends in) a direct quotation
    open_quote: Quote | None = field(default=None, repr=False)  # an unclosed quote the content ends in
    origin: str = "rule"  # "rule", "outlet" (outlet_acts) or "tagger" (the learned span tagger)
    agree: bool = False  # the other side (rules or tagger) found a cue here too
    agreement: float = -1.0  # content Jaccard with the other side's candidate at this cue (-1: none)


# ---------------------------------------------------------------- helpers


def sent_of(tok: Token) -> TokSpan:
    """``tok.sent`` without its cost: spaCy's ``Span.sent`` first checks the whole doc for
    sentence starts (one pass over every token, per call); the starts are indexed once."""
    doc = tok.doc
    key = "_sayso_sent_starts"
    starts = doc.user_data.get(key)
    if starts is None or starts[-1] != len(doc):
        flags = doc.to_array("SENT_START").tolist() if len(doc) else []
        starts = [i for i, f in enumerate(flags) if f == 1 or i == 0] + [len(doc)]
        doc.user_data[key] = starts
    k = bisect.bisect_right(starts, tok.i) - 1
    return doc[starts[k] : starts[k + 1]]


def tok_range(tokens) -> Range:
    tokens = list(tokens)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def trim(text: str, r: Range, chars: str = " \t\n,;:") -> Range:
    s, e = r
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


def subtree_range(token: Token, exclude: set[int] = frozenset()) -> Range:
    toks = [t for t in token.subtree if t.i not in exclude]
    left, right = token.i, token.i
    # keep contiguous around the head: stop at an excluded token
    ids = {t.i for t in toks}
    while left - 1 in ids:
        left -= 1
    while right + 1 in ids:
        right += 1
    return tok_range(token.doc[left : right + 1])


def quote_at(quotes: list[Quote], start: int, end: int) -> Quote | None:
    """The outermost double quote overlapping ``[start, end)``."""
    best = None
    for q in quotes:
        if q.open_mark in "'‘":
            continue
        if q.start < end and start < q.end and (best is None or q.end - q.start > best.end - best.start):
            best = q
    return best


def so_called(snippet: str) -> bool:
    return snippet.lower().endswith(("so-called", "so called"))


def is_cue_verb(tok: Token) -> bool:
    if pos(tok) not in ("VERB", "AUX"):
        return False
    lemma = lemma_of(tok)
    return lemma in lex.SPEECH_VERBS or lemma in lex.ATTITUDE_VERBS or lemma in lex.DECLINE_VERBS


def negated(tok: Token) -> bool:
    if lemma_of(tok) in lex.DENIAL_VERBS:
        return True
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    head = tok.head
    return tok.dep_ == "xcomp" and lemma_of(head) in lex.DECLINE_VERBS


def source_token(verb: Token) -> Token | None:
    """The speaker of ``verb``: its subject, the agent of a passive, or an inherited subject."""
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:  # two subjects are a misparse ("“The four ‘loopholes’ … are …,” The Hill reported"): the nearest
        return min(subjects, key=lambda c: abs(verb.i - c.i))
    for c in verb.children:
        if c.dep_ == "nsubjpass" and lemma_of(verb) in ("tell", "inform", "brief", "quote"):
            return None  # "X was told that": X is the hearer
    # "X said Y, arguing that Z": the speaker of the cue whose content the phrase trails
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp") and verb.i > 0 and verb.nbor(-1).text in (",", "—", "–"):
        anc = next((a for a in verb.ancestors if a.i < verb.i and is_cue_verb(a)), None)
        if anc is not None and anc.i != verb.head.i:
            found = source_token(anc)
            if found is not None:
                return found
    # "X said A and warned B": the speaker of the first cue, whatever verb the parser hung it on
    if verb.dep_ == "conj":
        anc = next((a for a in reversed(list(verb.ancestors)) if a.i < verb.i and is_cue_verb(a)), None)
        if anc is not None and anc.i != verb.head.i and _coordinated_cue(verb, anc):
            found = source_token(anc)
            if found is not None:
                return found
    # "… and said" / "decided to say": share the head's subject
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        head = verb.head
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i:
                return c
    # inverted: "“…,” said Skelly" — the parser may label the speaker as an object or modifier
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("dobj", "attr", "npadvmod", "advmod", "nsubjpass", "dative") and (
            pos(c) in ("PROPN", "PRON") or c.ent_type_ in ("PERSON", "ORG", "NORP")
        ):
            if any(q.dep_ in ("ccomp", "parataxis") and q.i < verb.i for q in verb.children) or verb.i > 0 and verb.nbor(-1).is_punct:
                return c
    if verb.dep_ == "relcl" and pos(verb.head) in ("PROPN", "NOUN", "PRON"):
        return verb.head
    return None


def source_range(tok: Token, stop: set[int]) -> Range:
    """The source noun phrase: the subject's subtree without relative clauses past the verb."""
    drop = set(stop)
    for c in tok.children:
        if c.dep_ in ("relcl", "acl") and c.i > tok.i:
            drop.update(t.i for t in c.subtree)
    return subtree_range(tok, drop)


def cue_range(verb: Token, source: Token | None) -> Range:
    """The cue with its auxiliaries, negation, adverbs between subject and verb, and particles."""
    floor = source.right_edge.i + 1 if source is not None and source.i < verb.i else 0
    left = verb.i
    while left - 1 >= floor:
        prev = verb.doc[left - 1]
        if prev.head.i == verb.i and prev.dep_ in CUE_MODIFIERS:
            left -= 1
        else:
            break
    right = verb.i
    while right + 1 < len(verb.doc) and verb.doc[right + 1].head.i == verb.i and verb.doc[right + 1].dep_ == "prt":
        right += 1
    return tok_range(verb.doc[left : right + 1])


# ---------------------------------------------------------------- extractors


def verb_cues(doc: Doc, quotes: list[Quote]) -> Iterator[Candidate]:
    """X said (that) …; "…," X said; X called it "…"; X believes …; it was reported by X that …;
    X denied …; X would not confirm …; X declined to comment on …"""
    text = text_of(doc)
    for i in verb_ids(doc):
        tok = doc[i]
        if not is_cue_verb(tok):
            continue
        lemma = lemma_of(tok)
        if lemma in lex.DECLINE_VERBS:
            # "declined to confirm/comment": the cue is the inner verb
            continue
        if lemma in ("cite", "quote") and tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "conj"):
            continue  # ", citing state television": handled by citations()
        if lemma == "call" and so_called(text[max(0, tok.idx - 4) : tok.idx + len(tok)]):
            continue  # "so-called": doubt cast by the author, not a speaker
        content_heads = [c for c in tok.children if c.dep_ in CONTENT_DEPS]
        if lemma in lex.CLAUSE_ONLY or lemma in lex.ATTITUDE_VERBS and lemma not in ("want", "plan", "intend", "hope", "fear", "expect", "decide", "vow", "regret"):
            content_heads = [c for c in content_heads if c.dep_ in ("ccomp", "parataxis") or (c.dep_ == "xcomp" and lemma in ("expect",))]
        if lemma in lex.ATTITUDE_VERBS:
            content_heads = [c for c in content_heads if c.dep_ != "dobj" or lemma in ("want", "fear", "expect")]
        elif lemma in ("say", "tell", "add", "ask", "write", "report", "state", "announce"):
            content_heads = [c for c in content_heads if c.dep_ != "dobj" or lemma_of(c) not in ("reporter", "reporters")]
        if lemma not in lex.OBJECT_CONTENT:
            content_heads = [c for c in content_heads if c.dep_ != "dobj"]
        src = source_token(tok)
        head_ids = {c.i for c in content_heads}
        src_ids = {t.i for t in src.subtree} if src is not None and src.head.i == tok.i else set()
        ranges = []
        for c in content_heads:
            ranges.append(subtree_range(c, exclude={tok.i} | src_ids | _trailing_cues(c, tok)))
        # "X praised Y as Z": keep the as/for phrase with a noun object
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("as", "for", "about", "on", "over") and any(h.dep_ == "dobj" for h in content_heads) and c.i > tok.i:
                ranges.append(subtree_range(c))
        ranges = [trim(text, r) for r in ranges if r[1] > r[0]]
        quote = None
        if not ranges:
            # "“…,” she said." / "she said: “…”" — a quotation next to the cue
            quote = None if lemma in lex.CLAUSE_ONLY or lemma in lex.ATTITUDE_VERBS else adjacent_quote(text, tok, quotes)
            if quote is None:
                continue
            ranges = [(quote.start, quote.end)]
        cand_content = merge_ranges(ranges)
        # a content that lies inside or ends in a direct quotation takes the whole quotation
        q = quote or quote_at(quotes, cand_content[0][0], cand_content[-1][1])
        is_quote = False
        if q is not None:
            qs, qe = q.start, q.end
            cs, ce = cand_content[0][0], cand_content[-1][1]
            cue_s, cue_e = tok.idx, tok.idx + len(tok)
            if not (qs <= cue_s < qe):  # the cue is outside the quote: extend content to it
                if qs <= cs and ce <= qe or cs <= qs and qe <= ce + 2 or (cs < qe and ce > qs):
                    cand_content = merge_ranges(cand_content + [(qs, qe)])
                    cand_content = [r for r in cand_content if not (r[0] <= cue_s < r[1])] or cand_content
                    is_quote = True
        src_range = trim(text, source_range(src, stop=head_ids | {tok.i})) if src is not None else None
        if src_range and any(r[0] <= src_range[0] < r[1] for r in cand_content):
            src_range = None if pos(src) != "PRON" else src_range
        cue = cue_range(tok, src)
        kind = attribution_kind(doc, tok, cand_content, quotes, lemma)
        passive = any(c.dep_ == "agent" for c in tok.children)
        yield Candidate(
            kind="passive" if passive and kind == "indirect" else kind,
            cue=cue,
            content=cand_content,
            source=src_range,
            negated=negated(tok),
            confidence=0.85 if src is not None else 0.6,
            cue_token=tok.i,
            quote=is_quote or quote is not None,
            open_quote=q if (q is not None and q.close_mark is None and is_quote) else None,
        )


def _trailing_cues(head: Token, cue: Token) -> set[int]:
    """", arguing that …" / ", adding …" inside a content: a speech act of its own (PolNeAR
    counts it apart), so the content stops at the comma before it."""
    out: set[int] = set()
    for d in head.subtree:
        if (d.i > cue.i + 1 and d.tag_ == "VBG" and d.dep_ in ("advcl", "conj", "xcomp")
                and d.nbor(-1).text in (",", "—", "–") and is_cue_verb(d)):
            out |= {d.i, d.i - 1}
        elif _coordinated_cue(d, cue):
            out |= {d.i, d.i - 1} | ({d.i - 2} if d.nbor(-2).text == "," else set())
    return out


def _coordinated_cue(d: Token, cue: Token) -> bool:
    """"X said A and warned B": a finite speech verb joined by "and"/"but" after a content,
    with no subject of its own, is a second speech act of the same speaker (PolNeAR counts
    two attributions), whatever verb of the content the parser hung it on."""
    return (d.i > cue.i + 2 and d.dep_ == "conj" and d.tag_ in ("VBD", "VBZ", "VBP")
            and d.nbor(-1).lower_ in ("and", "but") and lemma_of(d) in lex.SPEECH_VERBS
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in d.children))


def attribution_kind(doc: Doc, tok: Token, content: list[Range], quotes: list[Quote], lemma: str) -> str:
    if lemma in lex.ATTITUDE_VERBS:
        return "attitude"
    cs, ce = content[0][0], content[-1][1]
    inside = [q for q in quotes if cs <= q.start and q.end <= ce + 1 and q.open_mark not in "'‘"]
    if not inside:
        return "indirect"
    covered = sum(q.end - q.start for q in inside)
    return "direct" if covered >= 0.9 * (ce - cs) else "mixed"


def adjacent_quote(text: str, tok: Token, quotes: list[Quote]) -> Quote | None:
    """A double quotation that ends just before the cue's clause or opens just after the cue;
    none for a cue inside a closed quotation (“…we asked for it,” she said: "asked" is the
    speaker's word, not a cue for the quotation before)."""
    sent_start = sent_of(tok).start_char
    after = tok.idx + len(tok)
    if any(q.start < tok.idx < q.end and q.close_mark is not None and q.open_mark not in "'‘" for q in quotes):
        return None
    for q in quotes:
        if q.open_mark in "'‘":
            continue
        if q.end <= tok.idx and tok.idx - q.end <= 60 and q.end >= sent_start - 3:
            between = text[q.end : tok.idx]
            if "\n" not in between and not re.search(r"[.!?]\s", between):
                return q
        if q.start >= after and q.start - after <= 40 and "\n\n" not in text[after : q.start]:
            if re.fullmatch(r"[\s,:;]*(\w+\s*){0,4}[\s,:;]*", text[after : q.start]):
                return q
    return None


def merge_ranges(ranges: list[Range]) -> list[Range]:
    out: list[Range] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def according_to(doc: Doc) -> Iterator[Candidate]:
    """According to X, …; … , according to X."""
    text = text_of(doc)
    for i in token_ids(doc, lowers=("according",)):
        tok = doc[i]
        if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((t for t in doc[to.i + 1 : to.i + 4] if pos(t) in ("PROPN", "NOUN", "PRON")), None)
            if pobj is None:
                continue
        phrase = (tok.idx, pobj.right_edge.idx + len(pobj.right_edge))
        sent = sent_of(tok)
        s, e = sent.start_char, sent.end_char
        parts = [trim(text, (s, phrase[0])), trim(text, (phrase[1], e))]
        parts = [trim(text, p, " \t\n,;:.") for p in parts if p[1] - p[0] > 3]
        if not parts:
            continue
        yield Candidate(
            kind="according_to",
            cue=tok_range(doc[tok.i : tok.i + 2]),
            content=parts,
            source=subtree_range(pobj),
            confidence=0.85,
            cue_token=tok.i,
        )


def noun_cues(doc: Doc) -> Iterator[Candidate]:
    """X's claim that …; the claim by X that …; in X's view, …"""
    text = text_of(doc)
    for i in noun_ids(doc):
        tok = doc[i]
        if pos(tok) != "NOUN" or lemma_of(tok) not in lex.CUE_NOUNS:
            continue
        src = next((c for c in tok.children if c.dep_ == "poss"), None)
        if src is None:
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            src = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if src is None or src.lower_ == "its":  # "its claim" rarely names who claims
            continue
        clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)), None)
        if clause is not None:
            content = [trim(text, subtree_range(clause))]
        elif tok.head.lower_ == "in" and tok.dep_ == "pobj" and lemma_of(tok) in ("view", "opinion", "assessment", "estimate"):
            # "In X's view, …": the rest of the sentence, either side of the phrase
            sent = sent_of(tok)
            content = [trim(text, (tok.idx + len(tok), sent.end_char), " \t\n,;:.")]
            if tok.head.i > sent.start:
                content.insert(0, trim(text, (sent.start_char, tok.head.idx), " \t\n,;:."))
        else:
            continue
        content = [c for c in content if c[1] - c[0] > 3]
        if content:
            src_range = subtree_range(src)
            if src.tag_ == "POS" or src.right_edge.tag_ == "POS":
                src_range = (src_range[0], src_range[1] - len(src.right_edge))
            yield Candidate(kind="noun", cue=tok_range([tok]), content=content, source=trim(text, src_range, " '’s"),
                            confidence=0.7, cue_token=tok.i)


_SPEAKER_RE = re.compile(r"(?m)^[^\S\n]*[\"“]?((?:[A-Z][\w.'’-]*)(?:[^\S\n]+(?:[A-Z][\w.'’-]*|of|the|de|van|von)){0,5})[^\S\n]*:[^\S\n]+(?=\S)")
_DASH_SOURCE_RE = re.compile(r"[^\S\n]*[" + DASHES + r"][^\S\n]*([A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,4})")


_VOXPOP_RE = re.compile(r"(?m)^[^\S\n]*([“”\"«].+?)[^\S\n]*([" + DASHES + r"])[^\S\n]*([A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,4})\.?[^\S\n]*$")


def _name_end(text: str, start: int, end: int) -> Range:
    """A signed name without the full stop that ends its line ("― Carla Sanchez."), keeping
    an initial's or a suffix's ("Jr.", "A.")."""
    last = text[start:end].split()[-1] if text[start:end].split() else ""
    if text[end - 1 : end] == "." and len(last) > 3 and last.count(".") == 1:
        return (start, end - 1)
    return (start, end)


# first words of a headline's lead-in that is a label, not a speaker ("The Latest: …",
# "Breaking: …", "EXCLUSIVE: …"); counted on PolNeAR train headlines
_HEADLINE_LABELS = frozenset({"the", "a", "an", "breaking", "revealed", "wow", "look", "bombshell", "exclusive",
                              "busted", "boom", "just", "watch", "listen", "update", "latest", "video", "photos",
                              "analysis", "opinion", "editorial", "review", "live", "fact", "new", "read", "byline"})


# "Label: …" lines of a news page that are notes of the desk, not a speaker's words
_NOTE_LABELS = frozenset({"note", "update", "editor's note", "photo", "image", "credit", "source", "sources", "via",
                          "read more", "related", "clarification", "correction", "corrections", "disclosure",
                          "byline", "dateline", "advertisement", "caption", "file photo", "see also"})


def headline_speaker(name: str) -> bool:
    """Whether a headline's "Name: …" lead-in can be a speaker ("Cruz: …", "Poll: …",
    "Clinton camp: …") rather than a title's label ("The Grid Files: Who Pays?")."""
    words = name.split()
    if not words or words[0].lower().strip("'’") in _HEADLINE_LABELS:
        return False
    return not (len(words) > 1 and name.isupper())


def colon_and_dash(doc: Doc, quotes: list[Quote]) -> Iterator[Candidate]:
    """Speaker: “…”; transcripts (WALLACE: … up to the next speaker); “…” — Name; vox-pop lines
    ”…” ― Name (some outlets open those quotes with a closing mark)."""
    text = text_of(doc)
    speakers = list(_SPEAKER_RE.finditer(text))
    transcript = [m for m in speakers if m.group(1).isupper() and len(m.group(1)) > 2]
    for m in speakers:
        name = m.group(1)
        colon = text.index(":", m.end(1))
        line_end = text.find("\n", colon)
        line_end = len(text) if line_end < 0 else line_end
        rest = (m.end(), line_end)
        starts_quote = text[m.end() : m.end() + 1] in "“\"«‘'"
        is_transcript = name.isupper() and len(name) > 2
        if not (starts_quote or is_transcript or m.start() == 0):
            continue
        if name.lower().replace("’", "'") in _NOTE_LABELS:
            continue
        if m.start() == 0 and not (starts_quote or is_transcript) and not headline_speaker(name):
            continue
        if is_transcript:
            # a transcript turn runs until the next speaker's line
            nxt = next((t.start() for t in transcript if t.start() > m.start()), None)
            if nxt is not None and len(transcript) > 1:
                rest = (m.end(), nxt)
        yield Candidate(kind="colon", cue=(colon, colon + 1), content=[trim(text, rest)], source=(m.start(1), m.end(1)),
                        confidence=0.7, quote=starts_quote)
    seen = set()
    for m in _VOXPOP_RE.finditer(text):
        seen.add(m.start(2))
        yield Candidate(kind="dash", cue=(m.start(2), m.end(2)), content=[trim(text, (m.start(1), m.end(1)))],
                        source=_name_end(text, m.start(3), m.end(3)), confidence=0.75, quote=True)
    for q in quotes:
        if q.open_mark in "'‘" or q.close_mark is None:
            continue
        m = _DASH_SOURCE_RE.match(text, q.end)
        if m:
            dash = text.index(m.group(0).strip()[0], q.end)
            if dash in seen:
                continue
            yield Candidate(kind="dash", cue=(dash, dash + 1), content=[(q.start, q.end)], source=_name_end(text, m.start(1), m.end(1)),
                            confidence=0.75, quote=True)


def block_quotes(doc: Doc, cands: list[Candidate], quotes: list[Quote]) -> Iterator[Candidate]:
    """As the Herald wrote last week: ⏎ “…” — a cue sentence ending in a colon whose content is
    the next paragraph(s)."""
    text = text_of(doc)
    for i in verb_ids(doc):
        tok = doc[i]
        if not is_cue_verb(tok) or lemma_of(tok) in lex.ATTITUDE_VERBS:
            continue
        sent = sent_of(tok)
        tail = text[tok.idx : sent.end_char + 2]
        m = re.match(r"[^\n]*?[:,][ \t]*\n", tail)
        if not m or any(c.cue_token == tok.i for c in cands if c.kind != "block" and c.content and c.content[0][0] > tok.idx and "\n" not in text[tok.idx : c.content[0][0]]) :
            continue
        start = tok.idx + m.end()
        while start < len(text) and text[start] in "\n \t":
            start += 1
        if start >= len(text):
            continue
        end = paragraph_end(text, start)
        q = quote_at(quotes, start, start + 1)
        if q is not None and q.start == start:
            end = max(end, q.end)
            while q is not None and q.close_mark is None:  # quote runs over paragraphs
                nxt = next_paragraph(text, end)
                q = quote_at(quotes, nxt, nxt + 1) if nxt is not None else None
                if q is None or q.start != nxt:
                    break
                end = q.end
        src = source_token(tok)
        yield Candidate(kind="block", cue=cue_range(tok, src), content=[trim(text, (start, end))],
                        source=source_range(src, {tok.i}) if src is not None else None,
                        negated=negated(tok), confidence=0.75, cue_token=tok.i, quote=q is not None)


def paragraph_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def next_paragraph(text: str, pos: int) -> int | None:
    while pos < len(text) and text[pos] in "\n \t\r":
        pos += 1
    return pos if pos < len(text) else None


# ---------------------------------------------------------------- assembly


_RESUMES = re.compile(r"[ \t]*[,;:—–-]?[ \t]*(?:(?:and|but|adding|continuing)[ \t]+)?")


def continue_quotes(doc: Doc, cands: list[Candidate], quotes: list[Quote]) -> None:
    """Join cue-less quotations to the speaker before them: “A,” X said. “B.” → one content
    with two parts, and quotes that run over several paragraphs."""
    text = text_of(doc)
    covered = [r for c in cands for r in c.content + [c.cue] + ([c.source] if c.source else [])]
    ordered = sorted(cands, key=lambda c: c.cue[0])
    for q in quotes:
        if q.open_mark in "'‘" or any(s <= q.start and q.end <= e for s, e in covered):
            continue
        prev = [c for c in ordered if c.cue[1] <= q.start and (c.quote or c.kind in ("direct", "mixed", "colon", "block"))]
        if not prev:
            continue
        last = prev[-1]
        # “A,” he said, “B.”: the quotation resumes right after the cue clause
        tail = max(last.cue[1], last.source[1] if last.source else 0)
        if tail <= q.start and _RESUMES.fullmatch(text[tail : q.start]) and last.content[0][1] <= last.cue[0]:
            last.content.append((q.start, q.end))
            covered.append((q.start, q.end))
            continue
        words = len(text[q.start : q.end].split())
        before = text[max(0, q.start - 2) : q.start]
        inner = text[q.start : q.inner[1]].rstrip()
        sentence_like = words >= 5 or inner[-1:] in ".!?,"
        starts_sentence = not before.strip() or before.rstrip()[-1:] in ".!?”\"\n"
        if not (sentence_like and starts_sentence):
            continue  # scare quotes, titles, short mentions
        gap = text[last.cue[1] : q.start]
        later = [c for c in ordered if last.cue[1] <= c.cue[0] < q.start]
        if later or gap.count("\n") > 3:
            continue
        last.content.append((q.start, q.end))
        covered.append((q.start, q.end))


def citations(doc: Doc, cands: list[Candidate]) -> Iterator[Candidate]:
    """…reported that X, citing state television / quoting officials: the cited party becomes a
    source between the reporter and the content (chain: X ← state television ← the paper)."""
    text = text_of(doc)
    for i in token_ids(doc, lowers=("citing", "quoting")):
        tok = doc[i]
        if lemma_of(tok) not in ("cite", "quote") or tok.tag_ != "VBG":
            continue
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "pobj")), None)
        if obj is None:
            continue
        phrase_start = tok.idx
        comma = text.rfind(",", sent_of(tok).start_char, phrase_start)
        cut = comma if comma >= 0 and not text[comma + 1 : phrase_start].strip() else phrase_start
        # the report the citation backs is the outermost one around it ("the paper reported that
        # the minister said X, citing state television": the paper cites television)
        head = next((c for c in sorted(cands, key=lambda c: c.cue[0]) if c.cue[1] <= tok.idx and c.content
                     and c.cue[0] >= sent_of(tok).start_char and c.content[0][0] <= tok.idx <= c.content[-1][1] + 2), None)
        if head is None:
            continue
        # the citation phrase is not part of what was reported
        for c in cands:
            if c.content and c.content[0][0] < cut and c.cue[0] >= sent_of(tok).start_char and c.content[-1][1] > tok.idx:
                c.content = [trim(text, (s, min(e, cut))) for s, e in c.content if s < cut]
                c.content = [r for r in c.content if r[1] > r[0]]
        yield Candidate(kind="citation", cue=tok_range([tok]), content=list(head.content),
                        source=subtree_range(obj), confidence=0.7, cue_token=tok.i)


def _content_jaccard(a: list[Range], b: list[Range]) -> float:
    a, b = merge_ranges(a), merge_ranges(b)
    both = sum(max(0, min(e, e2) - max(s, s2)) for s, e in a for s2, e2 in b)
    union = sum(e - s for s, e in a) + sum(e - s for s, e in b) - both
    return both / union if union else 0.0


def _covered(ranges: list[Range], by: list[Range]) -> float:
    """The share of ``ranges``' characters that ``by`` covers."""
    total = sum(e - s for s, e in ranges) or 1
    return sum(max(0, min(e, e2) - max(s, s2)) for s, e in ranges for s2, e2 in by) / total


def dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One attribution per cue; when two rules found the same content, keep the surer one."""
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: -c.confidence):
        clash = False
        for o in out:
            if c.cue[0] < o.cue[1] and o.cue[0] < c.cue[1]:
                clash = True
            elif (c.kind in ("colon", "dash") and _covered(c.content, o.content) >= 0.6
                  and not any(s <= o.cue[0] < e for s, e in c.content)):
                clash = True  # the same quotation, found by a surer rule (a speech inside it only nests)
        if not clash:
            out.append(c)
    return sorted(out, key=lambda c: c.cue[0])


_LEANING = frozenset({"det", "poss", "amod", "compound", "nummod", "quantmod", "predet", "nmod", "case"})


def _phrase_head(tok: Token, end: int) -> Token:
    """``tok`` or, while it is a modifier of a word at or after ``end``, that word."""
    for _ in range(4):
        if tok.dep_ not in _LEANING or tok.head.i < end or tok.head.i <= tok.i:
            break
        tok = tok.head
    return tok


def _to_clause_end(doc: Doc, text: str, r: Range, cue: Range) -> Range:
    """A tagged content that stops inside a phrase ("to threaten Moscow or even") runs on
    to the end of the phrase its words head, within the sentence and never over the cue."""
    span = doc.char_span(*r, alignment_mode="contract")
    if span is None or not len(span):
        return r
    sent_end = sent_of(span[-1]).end
    roots = [t for t in span if not (span.start <= t.head.i < span.end)]
    # a run that ends on a word leaning right ("is defending his", "unleashed a") means the
    # phrase that word belongs to: climb to its head
    roots = [_phrase_head(t, span.end) for t in roots]
    edge = max((t.right_edge.i for t in roots), default=span.end - 1)
    if edge < span.end or edge >= sent_end:
        return r
    end_tok = doc[edge]
    end = end_tok.idx + len(end_tok)
    if r[0] < cue[0] < end or end - r[1] > 400:
        return r
    return trim(text, (r[0], end), " \t\n,;:.") if end > r[1] else r


_COLON_RE = re.compile(r"[^\S\n]*:[^\S\n]+(?=\S)")
_SENTENCE_END_RE = re.compile(r"[.!?][”\"’']?(?=\s|$)")


def _through_colon(text: str, r: Range) -> Range:
    """A content that stops at a colon runs on through what the colon introduces, to the
    end of that sentence ("notes that three things are happening at once: home values
    rise, …"; PolNeAR's contents include it)."""
    m = _COLON_RE.match(text, r[1])
    if not m:
        return r
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    stop = _SENTENCE_END_RE.search(text, m.end(), line_end)
    return (r[0], stop.end() if stop else len(text[:line_end].rstrip()))


def _cue_without_dangling_words(doc: Doc, cue: Range, content: list[Range]) -> Range:
    """A tagged cue loses a trailing preposition or determiner that leads to no content
    ("said at a press conference": the tagger, decoding for recall, takes "said at")."""
    span = doc.char_span(*cue, alignment_mode="expand")
    if span is None or len(span) < 2 or any(cue[1] <= s <= cue[1] + 3 for s, _ in content):
        return cue
    end = len(span)
    while end > 1 and pos(span[end - 1]) in ("ADP", "DET", "PUNCT"):
        end -= 1
    return (cue[0], span[end - 1].idx + len(span[end - 1])) if end < len(span) else cue


def _so_called_piece(text: str, r: Range) -> bool:
    """A further tagged content piece that is a "so-called" phrase (the so-called "economic
    plan" a sentence after the cue): the author's doubt about a name, not the speaker's content."""
    return so_called(text[max(0, r[0] - 12) : r[0]].rstrip(" \"“'‘")) or bool(_SO_CALLED_START.match(text, r[0], r[1]))


def _mid_sentence_piece(doc: Doc, r: Range, cue: Range, quotes: list[Quote]) -> bool:
    """A further tagged content piece in another sentence than the cue that starts inside that
    sentence and is no quotation ("… will never tell you the whole story. The truth is [that the
    plan was …]"): a speaker's words run on into a later sentence whole, or as a quotation."""
    span = doc.char_span(*r, alignment_mode="expand")
    cue_span = doc.char_span(*cue, alignment_mode="expand")
    if span is None or cue_span is None or not len(span) or not len(cue_span):
        return False
    sent = sent_of(span[0])
    if sent.start <= cue_span[0].i < sent.end or any(q.start <= r[0] + 1 and r[1] - 1 <= q.end for q in quotes):
        return False
    return any(not (t.is_punct or t.is_space) for t in doc[sent.start : span[0].i])


_SO_CALLED_START = re.compile(r"(?i)(?:(?:the|a|an|this|these|those|their|its|his|her|our|your)\s+)?so[- ]called\b")


_KNOWN_CUES = lex.SPEECH_VERBS | lex.ATTITUDE_VERBS | lex.CUE_NOUNS | lex.DENIAL_VERBS


def learned(doc: Doc, quotes: list[Quote], unknown_cue_confidence: float = 0.0) -> Iterator[Candidate]:
    """Attributions the span tagger (``sayso_span_tagger``) found, linked into candidates.

    Its cues are open-ended ("were frustrated", "continued to call for") where the rules
    know a lexicon, so it recalls more of what PolNeAR counts; kinds and denials are read
    off the text around its spans. A cue with no word from sayso's cue lexicons is kept only
    at ``unknown_cue_confidence`` or above (on PolNeAR dev 0.7 trades 0.012 recall for 0.05
    precision)."""
    runs = doc._.attribution_runs if Doc.has_extension("attribution_runs") else None
    if not runs:
        return
    from .span_tagger import link_runs

    text = text_of(doc)
    parsed = doc.has_annotation("DEP")
    for d in link_runs(doc, runs):
        cue = (d["cue"]["start"], d["cue"]["end"])
        if so_called(text[max(0, cue[0] - 4) : cue[1]]):
            continue
        content = merge_ranges([(c["start"], c["end"]) for c in d["content"]])
        content = content[:1] + [r for r in content[1:] if not (_so_called_piece(text, r)
                                                                or _mid_sentence_piece(doc, r, cue, quotes))]
        if parsed:
            content[-1] = _to_clause_end(doc, text, content[-1], cue)
        cue = _cue_without_dangling_words(doc, cue, content)
        span = doc.char_span(*cue, alignment_mode="expand")
        head = span.root if span is not None and len(span) else None
        lem = lemma_of(head) if head is not None else ""
        if span is not None and all(t.tag_ in ("MD", "DT", "IN", "CC", "PRP", "TO") or lemma_of(t) in ("be", "have", "do") for t in span):
            continue  # a bare auxiliary or function word is never a cue ("had" split off a report)
        denied = head is not None and (negated(head) or any(t.dep_ == "neg" or t.lower_ in ("not", "n't", "never") for t in span))
        kind = attribution_kind(doc, head, content, quotes, lem) if head is not None else "indirect"
        words = len(text[content[0][0] : content[-1][1]].split())
        if (lem not in lex.SPEECH_VERBS or lem in lex.CLAUSE_ONLY) and kind in ("direct", "mixed") and words <= 6:
            continue  # a quoted title or scare quote after an ordinary verb: "read “War and Peace”"
        if float(d.get("confidence", 0.7)) < unknown_cue_confidence and not any(
                lemma_of(t) in _KNOWN_CUES for t in (span or [])):
            continue  # an open-ended cue ("appeared on", "vie") needs a confident tagger
        yield Candidate(kind=kind, cue=cue, content=content,
                        source=(d["source"]["start"], d["source"]["end"]) if d["source"] else None,
                        negated=bool(denied), confidence=float(d.get("confidence", 0.7)),
                        cue_token=head.i if head is not None else None, origin="tagger",
                        quote=any(q.start <= content[0][0] < q.end for q in quotes if q.open_mark not in "'‘"))


_OUTLET_ACT_DEPS = ("dobj", "ccomp", "xcomp", "oprd")


def outlet_acts(doc: Doc, outlets: list[tuple], quotes: list[Quote]) -> Iterator[Candidate]:
    """"NBC News first published the video", "PolitiFact rated 32% of claims false", "the
    story was told by The Daily Caller": what a news outlet does in print is reporting
    (PolNeAR counts it), so an outlet whose name is nothing else (registry strength STRONG)
    as the subject of a verb with an object or clause, or as the passive agent of a verb of
    saying or publishing, is a source, and the verb's complements the content. A short
    name ("the Times") counts after the full name of an outlet ending in the same word."""
    from ..outlets.registry import STRONG

    text = text_of(doc)
    # a short name after the full one ("the Tampa Bay Times … the Times") is that outlet
    strong_heads = [(e, text[s:e].split()[-1].lower()) for s, e, st, *_ in outlets if st >= STRONG and text[s:e].split()]
    for start, end, strength, *_ in outlets:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        if strength < STRONG and not any(e <= start and head == span[-1].lower_ for e, head in strong_heads):
            continue
        root = span.root
        verb, content_heads = None, []
        if root.dep_ == "nsubj" and pos(root.head) in ("VERB", "AUX") and root.head.i > root.i:
            verb = root.head
            content_heads = [c for c in verb.children if c.dep_ in _OUTLET_ACT_DEPS and c.i > verb.i]
        elif root.dep_ == "pobj" and root.head.dep_ == "agent":
            verb = root.head.head
            if lemma_of(verb) in lex.SPEECH_VERBS or lemma_of(verb) in lex.PUBLICATION_VERBS:
                content_heads = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if verb is None or not content_heads or lemma_of(verb) in ("be", "have"):
            continue
        src = subtree_range(root)
        ranges = [trim(text, subtree_range(c, exclude={verb.i})) for c in content_heads]
        content = merge_ranges([r for r in ranges if r[1] > r[0] and not (r[0] < src[1] and src[0] < r[1])])
        if content:
            yield Candidate(kind=attribution_kind(doc, verb, content, quotes, lemma_of(verb)),
                            cue=cue_range(verb, root if root.dep_ == "nsubj" else None), content=content,
                            source=src, negated=negated(verb), confidence=0.85, cue_token=verb.i, origin="outlet")


def extract(doc: Doc, quotes: list[Quote], boilerplate: list[Range], unknown_cue_confidence: float = 0.7,
            scorer: "CandidateScorer | None" = None) -> list[Candidate]:
    """Candidates from every rule and the span tagger, merged; with a ``scorer``, outermost
    candidates it doubts are dropped (its own cue gate replaces ``unknown_cue_confidence``)."""
    cands = list(verb_cues(doc, quotes))
    cands += list(according_to(doc))
    cands += list(noun_cues(doc))
    cands += list(colon_and_dash(doc, quotes))
    cands += list(citations(doc, cands))
    acts = list(outlet_acts(doc, [tuple(m) for m in get(doc, "outlet_mentions")], quotes))
    cands += [a for a in acts if not any(a.cue_token == c.cue_token for c in cands)]  # the rules read verbs of saying
    blocks = list(block_quotes(doc, cands, quotes))
    cands = [c for c in cands if not any(b.cue_token == c.cue_token for b in blocks)] + blocks
    cands = [c for c in cands if not in_ranges(c.cue, boilerplate)]
    cands = dedupe(cands)
    continue_quotes(doc, cands, quotes)
    gate = unknown_cue_confidence if scorer is None else float(scorer.config.get("unknown_cue_confidence", 0.0))
    taught = [c for c in learned(doc, quotes, gate) if not in_ranges(c.cue, boilerplate)]
    if taught:
        def clash(a: Candidate, b: Candidate) -> bool:
            return a.cue[0] < b.cue[1] and b.cue[0] < a.cue[1]

        for c in cands:
            for t in taught:
                if clash(c, t):
                    c.agree = t.agree = True
                    j = _content_jaccard(c.content, t.content)
                    c.agreement, t.agreement = max(c.agreement, j), max(t.agreement, j)
        # rule attributions the tagger missed stay (outer ones add recall, inner ones nest)
        # the tagger's attribution wins where both found the same cue, except for layouts the
        # rules read exactly (according to, block quotes, citations, speaker colons, dashes)
        exact = [c for c in cands if c.kind in STRUCTURAL or c.source is not None and c.confidence >= 0.85]
        taught = [t for t in taught if not any(clash(t, c) for c in exact)]
        cands = taught + [c for c in cands if not any(clash(c, t) for t in taught)]
        cands.sort(key=lambda c: c.cue[0])
    text = text_of(doc)
    for c in cands:
        c.content = [r for r in merge_ranges(c.content) if r[1] > r[0]]
        if c.content and c.cue[1] <= c.content[0][0]:
            c.content[-1] = _through_colon(text, c.content[-1])
    cands = [c for c in cands if c.content]
    if scorer is not None:
        doubted = {id(c) for c, feats in scorable(doc, cands, quotes) if scorer.probability(feats) < scorer.threshold}
        cands = [c for c in cands if id(c) not in doubted]
    return cands


def nested_in(c: Candidate, cands: list[Candidate]) -> bool:
    """Whether ``c``'s cue lies inside another candidate's content."""
    return any(o is not c and any(s <= c.cue[0] < e for s, e in o.content) for o in cands)


def scorable(doc: Doc, cands: list[Candidate], quotes: list[Quote]) -> Iterator[tuple[Candidate, list[str]]]:
    """Outermost candidates with the scorer's feature strings; never the layouts the rules
    read exactly (according to, block quotes, citations, speaker colons, dashes, noun cues,
    an outlet's acts)."""
    from .attribution_scorer import candidate_features

    text = text_of(doc)
    for c in cands:
        if nested_in(c, cands) or c.kind in STRUCTURAL or c.origin == "outlet":
            continue
        tok = doc[c.cue_token] if c.cue_token is not None else None
        if tok is None:
            span = doc.char_span(*c.cue, alignment_mode="expand")
            tok = span[0] if span is not None and len(span) else None
        if tok is None:
            continue
        sent = sent_of(tok)
        opens_paragraph = sent.start_char == 0 or text[sent.start_char - 1] == "\n"
        where = "headline" if sent.start == 0 else "para" if opens_paragraph else "inside"
        in_quote = quote_at(quotes, c.cue[0], c.cue[1]) is not None
        yield c, candidate_features(doc, text, c, agree=c.agree, in_quote=in_quote, paragraph_start=where)


def in_ranges(r: Range, ranges: list[Range]) -> bool:
    return any(s < r[1] and r[0] < e for s, e in ranges)


class AttributionFinder:
    """Finds attributions (source, cue, content) and writes ``doc._.attributions``.

    ``scorer``: drop outermost candidates the learned candidate scorer doubts
    (``models/attribution_scorer``; without it, ``unknown_cue_confidence`` gates the
    tagger's open-ended cues)."""

    def __init__(self, nlp: Language, name: str = "sayso_attributions", *, min_confidence: float = 0.0,
                 unknown_cue_confidence: float = 0.7, scorer: bool = True):
        self.name = name
        self.min_confidence = min_confidence
        self.unknown_cue_confidence = unknown_cue_confidence
        self.scorer = None
        if scorer:
            from .attribution_scorer import MODEL_DIR, CandidateScorer

            if (MODEL_DIR / "weights.npy").exists():
                self.scorer = CandidateScorer.load(MODEL_DIR)

    def __call__(self, doc: Doc) -> Doc:
        quotes = get(doc, "quotes")
        boilerplate = [tuple(b) for b in get(doc, "boilerplate")]
        found = []
        for i, c in enumerate(extract(doc, quotes, boilerplate, self.unknown_cue_confidence, self.scorer)):
            if c.confidence < self.min_confidence:
                continue
            found.append(Attribution(
                id=f"a{i + 1}",
                kind=c.kind,
                cue=Span(*c.cue),
                content=[Span(s, e) for s, e in c.content],
                source=Span(*c.source) if c.source else None,
                negated=c.negated,
                confidence=c.confidence,
            ))
        doc._.attributions = found
        return doc


@Language.factory("sayso_attributions",
                  default_config={"min_confidence": 0.0, "unknown_cue_confidence": 0.7, "scorer": True})
def make_attribution_finder(nlp: Language, name: str, min_confidence: float,
                            unknown_cue_confidence: float, scorer: bool) -> AttributionFinder:
    return AttributionFinder(nlp, name, min_confidence=min_confidence, unknown_cue_confidence=unknown_cue_confidence,
                             scorer=scorer)
