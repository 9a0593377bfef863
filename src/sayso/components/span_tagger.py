"""A learned attribution span tagger: SOURCE / CUE / CONTENT runs from raw tokens.

The shipped model (``sayso/models/attribution_tagger/``, trained on PolNeAR, see its
``MODEL_CARD.md``) is a spaCy ``tagger`` over BIO labels whose token vectors
(``sayso.AttributionParseTok2Vec.v1``) read what the pipeline computed before it:
en_core_web_sm's ``doc.tensor``, tags and dependency parse, plus small hash embeddings
and a few cheap layout features computed here (quotation state, position in the
sentence, paragraph starts), pooled over sentences and paragraphs. So the component runs
after the parser; it decodes runs with :func:`viterbi_runs`. The earlier text-only
architectures (their own hash-embedding CNN over the raw tokens, no parse needed, decoded
by :func:`decode_runs`) stay registered, so their model directories still load.

``sayso_span_tagger`` writes ``doc._.attribution_runs``: a list of :class:`AttributionRun`
(label, start_char, end_char, score). :func:`link_runs` turns runs into contract-style
attribution dicts (cue ↔ its content run(s) and source), for the attribution component
to merge with its rule-based ones.

Nothing here is imported at ``import sayso`` time except the registry functions, which
must exist before a model config can be loaded.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy
from spacy import util
from spacy.attrs import DEP, HEAD, IDS as ATTR_IDS, IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, ORTH, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array

LABELS = ("SOURCE", "CUE", "CONTENT")
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution_tagger"
PIPE = "tagger"  # the component's name inside the shipped model

# ----------------------------------------------------------------- layout features

_SENT_END = {".", "!", "?", "…"}
_OPEN = {"“", "``", "«"}
_CLOSE = {"”", "''", "»"}
_STRAIGHT = {'"'}
_POS_BUCKETS = numpy.array([0, 1, 2, 3, 4, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7])  # >= 20 -> 8


def _words(doc: Doc) -> list[str]:
    """Token texts without creating Token objects (spaCy keeps newlines as their own
    whitespace tokens, so a token's trailing whitespace never holds one)."""
    strings = doc.vocab.strings
    return [strings[o] for o in doc.to_array(ORTH).tolist()]


def layout_features(doc: Doc) -> numpy.ndarray:
    """Per token, small integer codes the CNN cannot see within its window.

    Columns: 0 quote state (0 outside, 1 inside a quotation, 2 opening mark, 3 closing
    mark), 1 bucketed position in the sentence, 2 paragraph flags (bit 0: first sentence
    of the paragraph, bit 1: the paragraph opens with a quotation mark), 3 sentence index
    within the paragraph (0, 1, 2+). Quotation state resets at paragraph breaks.
    """
    n = len(doc)
    out = numpy.zeros((n, 4), dtype="uint64")
    inside = False
    pos = 0
    sent_in_para = 0
    para_quote = False
    new_para = True
    prev_end = False
    for i, text in enumerate(_words(doc)):
        if text.isspace():
            if "\n" in text:
                inside = False
                new_para = True
                sent_in_para = 0
                pos = 0
            continue
        if new_para:
            para_quote = text in _OPEN or text in _STRAIGHT
            new_para = False
            pos = 0
        elif prev_end and (text[:1].isupper() or text in _OPEN or text in _STRAIGHT or text[:1].isdigit()):
            sent_in_para += 1
            pos = 0
        if text in _OPEN:
            q = 2
            inside = True
        elif text in _CLOSE:
            q = 3
            inside = False
        elif text in _STRAIGHT:
            q = 3 if inside else 2
            inside = not inside
        else:
            q = 1 if inside else 0
        bucket = _POS_BUCKETS[pos] if pos < 20 else 8
        flags = (1 if sent_in_para == 0 else 0) | (2 if para_quote else 0)
        out[i] = (q, bucket, flags, min(sent_in_para, 2))
        pos += 1
        prev_end = text in _SENT_END or (text in _CLOSE and prev_end)
    return out


@registry.layers("sayso.AttributionFeatures.v1")
def AttributionFeatures(columns: list[str], layout: bool = True) -> Model:
    """Lexical attribute ids (like spaCy's FeatureExtractor) plus one layout code column."""
    ids = [ATTR_IDS[c.upper()] if isinstance(c, str) else c for c in columns]

    def forward(model, docs, is_train):
        feats = []
        for doc in docs:
            arr = doc.to_array(ids).reshape((len(doc), len(ids))).astype("uint64")
            if layout:
                lay = layout_features(doc)
                code = lay[:, 0] * 1000 + lay[:, 1] * 100 + lay[:, 2] * 10 + lay[:, 3] + 1
                arr = numpy.hstack([arr, code.reshape((-1, 1))])
            feats.append(model.ops.asarray2i(arr, dtype="uint64"))
        return feats, lambda d: []

    return Model("attribution_features", forward, attrs={"columns": columns, "layout": layout})


@registry.architectures("sayso.AttributionTok2Vec.v1")
def AttributionTok2Vec(
    width: int,
    depth: int,
    window_size: int,
    maxout_pieces: int,
    attrs: list[str],
    rows: list[int],
    layout_rows: int = 0,
) -> Model:
    """Hash embeddings of ``attrs`` (+ layout codes) → Maxout mix → CNN (MaxoutWindowEncoder)."""
    from spacy.ml.models.tok2vec import MaxoutWindowEncoder, build_Tok2Vec_model

    n = len(attrs) + (1 if layout_rows else 0)
    all_rows = list(rows) + ([layout_rows] if layout_rows else [])
    embeds = [HashEmbed(width, all_rows[i], column=i, seed=8 + i, dropout=0.0) for i in range(n)]
    embed = chain(
        AttributionFeatures(attrs, layout=bool(layout_rows)),
        list2ragged(),
        with_array(concatenate(*embeds)),
        with_array(Maxout(width, width * n, nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )
    encode = MaxoutWindowEncoder(width=width, window_size=window_size, maxout_pieces=maxout_pieces, depth=depth)
    return build_Tok2Vec_model(embed, encode)


def _segment_starts(seg: numpy.ndarray) -> numpy.ndarray:
    """For contiguous segment ids, the index where each token's segment starts."""
    n = len(seg)
    starts = numpy.zeros(n, dtype="int64")
    if n:
        change = numpy.flatnonzero(numpy.diff(seg)) + 1
        first = numpy.concatenate([[0], change])
        lengths = numpy.diff(numpy.concatenate([first, [n]]))
        starts = numpy.repeat(first, lengths)
    return starts


def _prefix_mean(X: numpy.ndarray, seg: numpy.ndarray):
    """Mean of X over [segment start, i] for every i, and its backprop."""
    n = X.shape[0]
    starts = _segment_starts(seg)
    C = numpy.cumsum(X, axis=0)
    Cpad = numpy.vstack([numpy.zeros((1, X.shape[1]), dtype=X.dtype), C])
    cnt = (numpy.arange(n) - starts + 1).astype(X.dtype)[:, None]
    P = (C - Cpad[starts]) / cnt

    def backprop(dP):
        G = dP / cnt
        R = numpy.cumsum(G[::-1], axis=0)[::-1]  # R[j] = sum_{i>=j} G[i]
        # subtract what belongs to later segments: R at the next segment's start
        ends = numpy.empty(n, dtype="int64")  # index after each token's segment
        rev_starts = _segment_starts(seg[::-1])[::-1]
        ends = n - rev_starts
        Rpad = numpy.vstack([R, numpy.zeros((1, X.shape[1]), dtype=X.dtype)])
        return R - Rpad[ends]

    return P, backprop


def _suffix_mean(X: numpy.ndarray, seg: numpy.ndarray):
    P, bp = _prefix_mean(X[::-1], seg[::-1])
    return P[::-1], lambda dS: bp(dS[::-1])[::-1]


@registry.architectures("sayso.AttributionContextTok2Vec.v1")
def AttributionContextTok2Vec(
    width: int,
    depth: int,
    window_size: int,
    maxout_pieces: int,
    attrs: list[str],
    rows: list[int],
    layout_rows: int = 0,
) -> Model:
    """The CNN of ``AttributionTok2Vec`` plus sentence and paragraph context.

    Each token's vector is concatenated with the mean of the CNN vectors from the start of
    its sentence to it, from it to the sentence end, and the same two over its paragraph
    (cheap cumulative sums: whole-sentence context without a parse or an RNN), mixed by a
    Maxout layer and one more residual window layer.
    """
    from thinc.api import expand_window, residual

    base = AttributionTok2Vec(width, depth, window_size, maxout_pieces, attrs, rows, layout_rows)
    mix = with_array(
        chain(
            Maxout(width, width * 5, nP=maxout_pieces, normalize=True, dropout=0.0),
            residual(chain(expand_window(window_size=1), Maxout(width, width * 3, nP=maxout_pieces, normalize=True, dropout=0.0))),
        ),
        pad=1,  # the window must not see the neighbouring doc of a batch
    )
    return Model(
        "attribution_context_tok2vec",
        _context_forward,
        init=_context_init,
        layers=[base, mix],
        dims={"nO": width},
        refs={"embed": base.get_ref("embed"), "encode": base.get_ref("encode")},
    )


def _context_init(model, X=None, Y=None):
    base, mix = model.layers
    base.initialize(X=X)
    width = model.get_dim("nO")
    sample = [model.ops.alloc2f(len(doc), width * 5) for doc in (X or [])[:2]] or None
    mix.initialize(X=sample)
    return model


def _context_forward(model, docs, is_train):
    base, mix = model.layers
    Xs, bp_base = base(docs, is_train)
    Zs, bps = [], []
    for doc, X in zip(docs, Xs):
        X = numpy.asarray(X)
        sent, para = _sentences(doc)
        Ps, bps_s = _prefix_mean(X, sent)
        Ss, bss_s = _suffix_mean(X, sent)
        Pp, bps_p = _prefix_mean(X, para)
        Sp, bss_p = _suffix_mean(X, para)
        Zs.append(model.ops.asarray2f(numpy.hstack([X, Ps, Ss, Pp, Sp])))
        bps.append((bps_s, bss_s, bps_p, bss_p))
    Ys, bp_mix = mix(Zs, is_train)

    def backprop(dYs):
        dZs = bp_mix(dYs)
        dXs = []
        for dZ, fns in zip(dZs, bps):
            dZ = numpy.asarray(dZ)
            w = dZ.shape[1] // 5
            dX = dZ[:, :w].copy()
            for k, fn in enumerate(fns):
                dX += fn(dZ[:, (k + 1) * w : (k + 2) * w])
            dXs.append(model.ops.asarray2f(dX))
        return bp_base(dXs)

    return Ys, backprop


def _prefix_max(X: numpy.ndarray, seg: numpy.ndarray):
    """Running max of X over [segment start, i] for every i, and its backprop."""
    n, w = X.shape
    if n == 0:
        return X.copy(), lambda d: d.copy()
    X64 = X.astype("float64")
    order = numpy.concatenate([[0], numpy.cumsum(numpy.diff(seg) != 0)])
    lift = order.astype("float64")[:, None] * 1e6  # later segments dominate: the max resets
    L = X64 + lift
    M = numpy.maximum.accumulate(L, axis=0)
    P = (M - lift).astype(X.dtype)

    def backprop(dP):
        # where each running max came from (only needed in training)
        idx = numpy.maximum.accumulate(numpy.where(L == M, numpy.arange(n)[:, None], 0), axis=0)
        cols = numpy.broadcast_to(numpy.arange(w), (n, w))
        dX = numpy.zeros_like(dP)
        numpy.add.at(dX, (idx, cols), dP)
        return dX

    return P, backprop


def _suffix_max(X: numpy.ndarray, seg: numpy.ndarray):
    P, bp = _prefix_max(X[::-1], seg[::-1])
    return P[::-1], lambda dS: bp(dS[::-1])[::-1]


_POOLS = {
    "sent_prefix_mean": (0, _prefix_mean),
    "sent_suffix_mean": (0, _suffix_mean),
    "sent_prefix_max": (0, _prefix_max),
    "sent_suffix_max": (0, _suffix_max),
    "para_prefix_mean": (1, _prefix_mean),
    "para_suffix_mean": (1, _suffix_mean),
}


@registry.architectures("sayso.AttributionContextTok2Vec.v2")
def AttributionContextTok2Vec_v2(
    width: int,
    depth: int,
    window_size: int,
    maxout_pieces: int,
    attrs: list[str],
    rows: list[int],
    layout_rows: int = 0,
    pools: list[str] | None = None,
    rounds: int = 2,
    isolate: bool = False,
) -> Model:
    """Like v1 with running max as well as mean pools, and ``rounds`` pooling+mixing rounds
    (the second round sees what the first inferred about the sentence: a cue before me...)."""
    from thinc.api import expand_window, residual

    if pools is None:
        pools = list(_POOLS)
    base = AttributionTok2Vec(width, depth, window_size, maxout_pieces, attrs, rows, layout_rows)
    k = len(pools) + 1
    def window():
        return residual(chain(expand_window(window_size=1), Maxout(width, width * 3, nP=maxout_pieces, normalize=True, dropout=0.0)))

    if isolate:
        # each doc on its own: the window layer gets zero padding between docs (a batch
        # gives the same result as one doc at a time)
        mixes = [
            chain(
                with_array(Maxout(width, width * k, nP=maxout_pieces, normalize=True, dropout=0.0)),
                with_array(window(), pad=1),
            )
            for _ in range(rounds)
        ]
    else:  # as trained before 2026-11: the window sees a neighbour doc's edge token
        mixes = [
            with_array(chain(Maxout(width, width * k, nP=maxout_pieces, normalize=True, dropout=0.0), window()))
            for _ in range(rounds)
        ]
    return Model(
        "attribution_context_tok2vec_v2",
        _context2_forward,
        init=_context2_init,
        layers=[base, *mixes],
        dims={"nO": width},
        attrs={"pools": list(pools)},
        refs={"embed": base.get_ref("embed"), "encode": base.get_ref("encode")},
    )


def isolate_mixes(tok2vec: Model) -> None:
    """Rewire a v2 model trained with ``isolate = false`` so that a batch gives exactly
    what one doc at a time gives: each mixing round ``with_array(maxout >> window)``
    becomes ``with_array(maxout) >> with_array(window, pad=1)`` around the same layers
    (same weights), so the window layer sees zero padding between docs, as it sees
    zeros at the edges of a lone doc."""
    from thinc.api import chain as _chain

    for i, layer in enumerate(tok2vec.layers[1:], start=1):
        inner = layer.layers[0]
        if layer.name.startswith("with_array(") and len(inner.layers) == 2 and "residual" not in inner.layers[0].name:
            maxout, window = inner.layers
            tok2vec.layers[i] = _chain(with_array(maxout), with_array(window, pad=1))


def _context2_init(model, X=None, Y=None):
    base, *mixes = model.layers
    base.initialize(X=X)
    width = model.get_dim("nO")
    k = len(model.attrs["pools"]) + 1
    sample = [model.ops.alloc2f(len(doc), width * k) for doc in (X or [])[:2]] or None
    for mix in mixes:
        mix.initialize(X=sample)
    return model


def _context2_forward(model, docs, is_train):
    base, *mixes = model.layers
    pools = [_POOLS[p] for p in model.attrs["pools"]]
    Xs, bp_base = base(docs, is_train)
    segs = [_sentences(doc) for doc in docs]
    backprops = []
    for mix in mixes:
        Zs, bps = [], []
        for seg, X in zip(segs, Xs):
            X = numpy.asarray(X)
            parts, fns = [X], []
            for level, fn in pools:
                P, bp = fn(X, seg[level])
                parts.append(P)
                fns.append(bp)
            Zs.append(model.ops.asarray2f(numpy.hstack(parts)))
            bps.append(fns)
        Xs, bp_mix = mix(Zs, is_train)
        backprops.append((bp_mix, bps))

    def backprop(dYs):
        for bp_mix, bps in reversed(backprops):
            dZs = bp_mix(dYs)
            dXs = []
            for dZ, fns in zip(dZs, bps):
                dZ = numpy.asarray(dZ)
                w = dZ.shape[1] // (len(fns) + 1)
                dX = dZ[:, :w].copy()
                for k, fn in enumerate(fns):
                    dX += fn(dZ[:, (k + 1) * w : (k + 2) * w])
                dXs.append(model.ops.asarray2f(dX))
            dYs = dXs
        return bp_base(dYs)

    return Xs, backprop


# ----------------------------------------------------------------- parse-reading tagger
#
# ``sayso.AttributionParseTok2Vec.v1`` does not embed the text again: it reads what the
# pipeline before it computed (en_core_web_sm's ``doc.tensor``, fine-grained tags, the
# dependency parse and its sentences) plus small hash embeddings and the layout codes, so
# the component must run after the parser. Everything is per token or per doc (pools,
# zero-padded windows): a batch gives what one doc at a time gives.

PARSE_ARCH = "sayso.AttributionParseTok2Vec.v1"
_MIX = numpy.uint64(0x9E3779B97F4A7C15)


_CATS: dict[int, int] = {}  # orth id -> token category bits (see _token_cats)


def _token_cats(doc: Doc) -> numpy.ndarray:
    """Per token, bits: 1 whitespace with a newline, 2 other whitespace, 4 opening quotation
    mark, 8 closing mark, 16 straight quote."""
    strings = doc.vocab.strings
    if len(_CATS) > 200_000:
        _CATS.clear()
    uniq, inv = numpy.unique(doc.to_array(ORTH), return_inverse=True)
    out = []
    for o in uniq.tolist():
        c = _CATS.get(o)
        if c is None:
            t = strings[o]
            c = ((1 if "\n" in t else 2) if t.isspace() else 0) | (4 if t in _OPEN else 0) \
                | (8 if t in _CLOSE else 0) | (16 if t in _STRAIGHT else 0)
            _CATS[o] = c
        out.append(c)
    return numpy.array(out, dtype="int64")[inv.reshape(-1)]


def _quote_state(cats: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Quote state per token (0 outside, 1 inside, 2 opening, 3 closing mark), paragraph id,
    and whether the paragraph opens with a quotation mark (state resets at paragraph breaks)."""
    n = len(cats)
    q = numpy.zeros(n, dtype="int64")
    para = numpy.zeros(n, dtype="int32")
    pq = numpy.zeros(n, dtype="int64")
    inside = new_para = para_quote = False
    p = 0
    for i, c in enumerate(cats.tolist()):
        if c & 3:
            if c & 1:
                inside = False
                new_para = True
            para[i] = p
            continue
        if new_para:
            p += 1
            para_quote = bool(c & 20)
            new_para = False
        if c & 4:
            q[i] = 2
            inside = True
        elif c & 8:
            q[i] = 3
            inside = False
        elif c & 16:
            q[i] = 3 if inside else 2
            inside = not inside
        elif inside:
            q[i] = 1
        para[i] = p
        pq[i] = para_quote
    return q, para, pq


_CHILD_DEPS = {get_string_id(d): numpy.uint64(1 << i) for i, d in enumerate(
    ["nsubj", "nsubjpass", "ccomp", "xcomp", "parataxis", "dobj", "advcl", "prep", "agent", "mark", "punct", "neg"])}


_LEX_CLASSES: dict[int, int] = {}


def _lexicon_class(word: str) -> int:
    from . import cues as lex
    from .morph import verb_lemma

    lemma = verb_lemma(word)
    if lemma in lex.SPEECH_VERBS:
        return 1
    if lemma in lex.ATTITUDE_VERBS:
        return 2
    if lemma in lex.DENIAL_VERBS or lemma in lex.DECLINE_VERBS:
        return 3
    if word in lex.CUE_NOUNS or word.endswith("s") and word[:-1] in lex.CUE_NOUNS:
        return 4
    if lemma in lex.PUBLICATION_VERBS:
        return 5
    return 6 if word == "according" else 0


def _lexicon_classes(doc: Doc, lower: numpy.ndarray) -> numpy.ndarray:
    """Per token, the class of its lower-cased form in sayso's cue lexicons (0: none)."""
    strings = doc.vocab.strings
    if len(_LEX_CLASSES) > 200_000:
        _LEX_CLASSES.clear()
    uniq, inv = numpy.unique(lower, return_inverse=True)
    out = []
    for o in uniq.tolist():
        c = _LEX_CLASSES.get(o)
        if c is None:
            c = _LEX_CLASSES[o] = _lexicon_class(strings[o])
        out.append(c)
    return numpy.array(out, dtype="int64")[inv.reshape(-1)]


def parse_features(doc: Doc, parse_sents: bool = True):
    """(doc.tensor, hashed id columns, sentence ids, paragraph ids) of a parsed doc.

    Id columns: 0 LOWER, 1 TAG, 2 DEP with the head's direction (left/self/right), 3 the
    head's LOWER, 4 the head's TAG and DEP, 5 a layout code: quote state, bucketed position
    in the sentence, sentence index in the paragraph (0, 1, 2+), paragraph opens with a
    quotation mark, 6 the token's TAG with the set of its children's relations among
    :data:`_CHILD_DEPS`, 7 the relation to its sentence root of the token's ancestor
    that depends on the root, with the root's LOWER, 8 the cue-lexicon class (speech,
    attitude, denial, cue noun, publication, "according") of the token, its head and its
    clause's root. A model with ``len(rows)`` hash embeddings reads the first
    ``len(rows)`` columns. Sentences come from ``doc.sents`` when the doc has sentence starts
    (else the rules of :func:`_sentences`); paragraphs end at newlines."""
    n = len(doc)
    arr = doc.to_array([LOWER, TAG, DEP, HEAD, SENT_START])
    lower, tag, dep = arr[:, 0], arr[:, 1], arr[:, 2]
    head = arr[:, 3].view("int64")
    idx = numpy.clip(numpy.arange(n) + head, 0, max(n - 1, 0))
    direction = (numpy.sign(head) + 1).astype("uint64")
    q, para, pq = _quote_state(_token_cats(doc))
    if parse_sents and n and doc.has_annotation("SENT_START"):
        starts = arr[:, 4].view("int64") == 1
        starts[0] = True
        sent = (numpy.cumsum(starts) - 1).astype("int32")
    else:
        sent = _sentences(doc)[0]
    s_start = _segment_starts(sent)
    pos = numpy.arange(n) - s_start
    bucket = numpy.where(pos < 20, _POS_BUCKETS[numpy.minimum(pos, 19)], 8)
    first_sent = sent[_segment_starts(para)]
    sip = numpy.minimum(sent - first_sent, 2)
    code = (q * 1000 + bucket * 100 + sip * 10 + pq + 1).astype("uint64")
    # which of a few telling relations the token governs (a verb of saying heads a ccomp)
    bits = numpy.zeros(n, dtype="uint64")
    for d_id, bit in _CHILD_DEPS.items():
        bits[dep == d_id] = bit
    child = numpy.zeros(n, dtype="uint64")
    nonroot = head != 0
    numpy.bitwise_or.at(child, idx[nonroot], bits[nonroot])
    child = (child * _MIX) ^ tag
    # the clause of its sentence's root the token sits in: the relation of its ancestor
    # that depends on the root, with the root's LOWER ("ccomp of said": content)
    top = numpy.arange(n)
    is_root = head == 0
    for _ in range(64):
        move = ~is_root[top] & ~is_root[idx[top]]
        if not move.any():
            break
        top[move] = idx[top[move]]
    clause = ((dep[top] * _MIX) ^ lower[idx[top]]) + is_root.astype("uint64")
    lexc = _lexicon_classes(doc, lower)
    lexicon = (lexc + 8 * lexc[idx] + 64 * lexc[idx[top]] + 1).astype("uint64")
    ids = numpy.stack([lower, tag, (dep * _MIX) ^ direction, lower[idx], (tag[idx] * _MIX) ^ dep[idx], code, child,
                       clause, lexicon], axis=1)
    return doc.tensor, numpy.ascontiguousarray(ids, dtype="uint64"), sent, para


def _segment_bounds(seg: numpy.ndarray):
    """Per token: its segment's start and end (exclusive), the counts of the prefix and
    suffix means, and the list of segment starts (+ n)."""
    n = len(seg)
    starts = _segment_starts(seg)
    ends = n - _segment_starts(seg[::-1])[::-1]
    ar = numpy.arange(n)
    first = numpy.flatnonzero(starts == ar).tolist() + [n]
    return (starts, ends, (ar - starts + 1).astype("float32")[:, None], (ends - ar).astype("float32")[:, None], first)


def _running_max(X: numpy.ndarray, first: list[int], reverse: bool = False):
    """Running max of X within segments (``first``: the segment starts, then n), from the
    segment start (or, ``reverse``, from the segment end) to each token; exact in float32."""
    n = X.shape[0]
    M = numpy.empty_like(X)
    for a, b in zip(first[:-1], first[1:]):
        if reverse:
            numpy.maximum.accumulate(X[a:b][::-1], axis=0, out=M[a:b][::-1])
        else:
            numpy.maximum.accumulate(X[a:b], axis=0, out=M[a:b])

    def backprop(dM: numpy.ndarray) -> numpy.ndarray:
        ar = numpy.arange(n)[:, None]
        if reverse:  # where each running max came from: the nearest position at or after
            src = numpy.where(X == M, ar, n)[::-1]
            idx = numpy.minimum.accumulate(src, axis=0)[::-1]
        else:
            idx = numpy.maximum.accumulate(numpy.where(X == M, ar, 0), axis=0)
        dX = numpy.zeros_like(dM)
        numpy.add.at(dX, (idx, numpy.broadcast_to(numpy.arange(X.shape[1]), X.shape)), dM)
        return dX

    return M, backprop


def _doc_pools(P: numpy.ndarray, bounds, names: list[str], out: numpy.ndarray | None = None):
    """Running means/maxima of P (tokens × width) per sentence/paragraph, written next to
    each other (tokens × width·len(names)), and their backprop. Each doc is pooled on its
    own, so that the result never depends on the other docs of a batch."""
    n, w = P.shape
    if out is None:
        out = numpy.empty((n, w * len(names)), dtype="float32")
    Cp = numpy.zeros((n + 1, w), dtype="float32")
    numpy.cumsum(P, axis=0, out=Cp[1:])
    fns = []
    for j, name in enumerate(names):
        level, _ = _POOLS[name]
        starts, ends, cnt_p, cnt_s, first = bounds[level]
        sl = slice(j * w, (j + 1) * w)
        if name.endswith("prefix_mean"):
            numpy.divide(Cp[1:] - Cp[starts], cnt_p, out=out[:, sl])
            fns.append(("pm", cnt_p, starts, ends))
        elif name.endswith("suffix_mean"):
            numpy.divide(Cp[ends] - Cp[:-1], cnt_s, out=out[:, sl])
            fns.append(("sm", cnt_s, starts, ends))
        else:
            M, bp = _running_max(P, first, reverse=name.endswith("suffix_max"))
            out[:, sl] = M
            fns.append(("max", bp, None, None))

    def backprop(dO: numpy.ndarray) -> numpy.ndarray:
        dP = numpy.zeros((n, w), dtype="float32")
        pad = numpy.zeros((1, w), dtype="float32")
        for j, (kind, a, starts, ends) in enumerate(fns):
            d = dO[:, j * w : (j + 1) * w]
            if kind == "pm":  # dP[k] = sum over i in [k, end) of d[i]/cnt[i]
                R = numpy.vstack([numpy.cumsum((d / a)[::-1], axis=0)[::-1], pad])
                dP += R[:-1] - R[ends]
            elif kind == "sm":  # dP[k] = sum over i in [start, k] of d[i]/cnt[i]
                Q = numpy.vstack([pad, numpy.cumsum(d / a, axis=0)])
                dP += Q[1:] - Q[starts]
            else:
                dP += a(numpy.ascontiguousarray(d))
        return dP

    return out, backprop


@registry.architectures(PARSE_ARCH)
def AttributionParseTok2Vec(
    width: int = 64,
    tensor_width: int = 96,
    embed_width: int = 16,
    rows: list[int] = (5000, 100, 300, 2500, 1000, 500),
    maxout_pieces: int = 2,
    depth: int = 0,
    pool_width: int = 32,
    pools: list[str] | None = None,
    rounds: int = 2,
    round_window: bool = False,
    parse_sents: bool = True,
    normalize: bool = True,
) -> Model:
    """doc.tensor (frozen, from the pipeline's tok2vec) + hash embeddings of the id columns
    of :func:`parse_features` → Maxout; ``depth`` residual window layers; then ``rounds``
    of context: running sentence/paragraph means and maxima (:data:`_POOLS`) of a
    ``pool_width`` projection, concatenated to each vector and mixed by a Maxout layer
    (plus a residual window layer if ``round_window``; zero padding between docs)."""
    from thinc.api import Linear, expand_window, noop, residual

    if pools is None:
        pools = list(_POOLS)
    rows = list(rows)
    embed = concatenate(*[HashEmbed(embed_width, rows[i], column=i, seed=31 + i, dropout=0.0) for i in range(len(rows))])
    mix0 = Maxout(width, tensor_width + embed_width * len(rows), nP=maxout_pieces, normalize=normalize, dropout=0.0)

    def window():
        return with_array(residual(chain(expand_window(window_size=1),
                                         Maxout(width, width * 3, nP=maxout_pieces, normalize=normalize, dropout=0.0))), pad=1)

    layers = [embed, mix0] + [window() for _ in range(depth)]
    pw = pool_width or width
    for _ in range(rounds):
        layers += [Linear(pw, width) if pool_width else noop(),
                   Maxout(width, width + pw * len(pools), nP=maxout_pieces, normalize=normalize, dropout=0.0),
                   window() if round_window else noop()]
    return Model(
        "attribution_parse_tok2vec",
        _parse_forward,
        init=_parse_init,
        layers=layers,
        dims={"nO": width},
        attrs={"pools": list(pools), "depth": depth, "rounds": rounds, "parse_sents": parse_sents,
               "tensor_width": tensor_width, "pool_width": pw, "round_window": round_window},
    )


def _parse_init(model, X=None, Y=None):
    for layer in model.layers:
        layer.initialize()
    return model


def _parse_forward(model, docs, is_train):
    embed, mix0 = model.layers[:2]
    depth = model.attrs["depth"]
    encs = model.layers[2 : 2 + depth]
    rest = model.layers[2 + depth :]
    rounds = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    names = model.attrs["pools"]
    tw = model.attrs["tensor_width"]
    pw = model.attrs["pool_width"]
    inputs = [parse_features(doc, model.attrs["parse_sents"]) for doc in docs]
    for doc, (T, *_) in zip(docs, inputs):
        if T is None or T.shape != (len(doc), tw):
            raise ValueError(
                f"{PARSE_ARCH} reads doc.tensor ({tw} columns per token, set by en_core_web_sm's "
                "tok2vec) and the parse: run sayso_span_tagger after the parser of that pipeline")
    if not docs:
        return [], lambda d: []
    lengths = [len(doc) for doc in docs]
    offsets = numpy.concatenate([[0], numpy.cumsum(lengths)])
    bounds = [(_segment_bounds(sent), _segment_bounds(para)) for _, _, sent, para in inputs]
    N = int(offsets[-1])
    H = numpy.empty((N, tw + embed.get_dim("nO")), dtype="float32")
    for (T, *_), a, b in zip(inputs, offsets[:-1], offsets[1:]):
        H[a:b, :tw] = T
    E, bp_embed = embed(numpy.vstack([x[1] for x in inputs]), is_train)
    H[:, tw:] = E
    X, bp_mix0 = mix0(H, is_train)
    Xs = None
    bp_encs = []
    for enc in encs:
        Xs, bp = enc(Xs if Xs is not None else model.ops.unflatten(X, lengths), is_train)
        bp_encs.append(bp)
        X = None
    bp_rounds = []
    k = len(names)
    for proj, mix, win in rounds:
        Xf = X if X is not None else model.ops.flatten(Xs)
        w = Xf.shape[1]
        P, bp_proj = proj(Xf, is_train)
        P = numpy.asarray(P)
        Z = numpy.empty((N, w + pw * k), dtype="float32")
        Z[:, :w] = Xf
        fns = []
        for bd, a, b in zip(bounds, offsets[:-1], offsets[1:]):
            _, fn = _doc_pools(P[a:b], bd, names, out=Z[a:b, w:])
            fns.append(fn)
        Y, bp_mix = mix(Z, is_train)
        if model.attrs["round_window"]:
            Ys, bp_win = win(model.ops.unflatten(Y, lengths), is_train)
            X = model.ops.flatten(Ys)
        else:
            X, bp_win = Y, None
        bp_rounds.append((bp_proj, fns, bp_mix, bp_win, w))
    Xs = model.ops.unflatten(X, lengths) if X is not None else Xs

    def backprop(dYs):
        dX = model.ops.flatten(dYs)
        for bp_proj, fns, bp_mix, bp_win, w in reversed(bp_rounds):
            if bp_win is not None:
                dX = model.ops.flatten(bp_win(model.ops.unflatten(dX, lengths)))
            dZ = numpy.asarray(bp_mix(dX))
            dP = numpy.empty((N, pw), dtype="float32")
            for fn, a, b in zip(fns, offsets[:-1], offsets[1:]):
                dP[a:b] = fn(dZ[a:b, w:])
            dX = dZ[:, :w] + numpy.asarray(bp_proj(dP))
        if bp_encs:
            dXs = model.ops.unflatten(dX, lengths)
            for bp in reversed(bp_encs):
                dXs = bp(dXs)
            dX = model.ops.flatten(dXs)
        dH = numpy.asarray(bp_mix0(model.ops.asarray2f(dX)))
        bp_embed(numpy.ascontiguousarray(dH[:, tw:]))
        return []

    return Xs, backprop


# ----------------------------------------------------------------- runs


@dataclass(slots=True, frozen=True)
class AttributionRun:
    """A maximal run of tokens with one predicted label; character offsets, end exclusive."""

    label: str  # SOURCE | CUE | CONTENT
    start_char: int
    end_char: int
    score: float  # mean probability of the label over the run's tokens
    start: int = -1  # token indices [start, end) in the doc the run was predicted on
    end: int = -1


def _softmax(x: numpy.ndarray) -> numpy.ndarray:
    x = x - x.max(axis=1, keepdims=True)
    e = numpy.exp(x)
    return e / e.sum(axis=1, keepdims=True)


CONTINUE = {"SOURCE": 0.5, "CUE": 0.5, "CONTENT": 0.2}  # hysteresis: mass needed to extend a run
BOOST = {"O": 1.0, "SOURCE": 1.5, "CUE": 1.0, "CONTENT": 1.0}  # class weights before the argmax


def decode_runs(
    doc: Doc, probs: numpy.ndarray, labels: Iterable[str], continue_at: dict | None = None, boost: dict | None = None,
    rescue_cues: float = 0.0,
) -> list[AttributionRun]:
    """BIO probabilities (tokens × labels) → runs.

    A run starts where a label's B+I mass is the largest (O otherwise) and extends while
    the next token keeps at least ``continue_at[label]`` of that mass (content runs are
    long: a dip in the middle should not cut them) and B does not outweigh I. Whitespace tokens are never labelled
    and split runs (paragraph breaks). A run that is only punctuation survives only as a
    CUE (headline colons, dashes).
    """
    labels = list(labels)
    n = len(doc)
    if n == 0 or probs.shape[0] == 0:
        return []
    classes = ["O"] + list(LABELS)
    mass = numpy.zeros((n, len(classes)), dtype="float32")
    bmass = numpy.zeros((n, len(classes)), dtype="float32")
    for j, lab in enumerate(labels):
        if lab == "O":
            mass[:, 0] += probs[:, j]
            continue
        bio, _, name = lab.partition("-")
        k = classes.index(name)
        mass[:, k] += probs[:, j]
        if bio == "B":
            bmass[:, k] += probs[:, j]
    cont = CONTINUE if continue_at is None else continue_at
    weights = numpy.array([(BOOST if boost is None else boost)[c] for c in classes], dtype="float32")
    best = (mass * weights).argmax(axis=1)
    arr = doc.to_array([IS_SPACE, IS_PUNCT, IDX, LENGTH]).astype("int64")
    space = arr[:, 0].astype(bool)
    best[space] = 0
    is_b = bmass[numpy.arange(n), best] * 2 > mass[numpy.arange(n), best]
    # plain Python lists: the loop below is per token
    best_l, space_l, isb_l = best.tolist(), space.tolist(), is_b.tolist()
    words_before = numpy.concatenate([[0], numpy.cumsum((arr[:, 0] | arr[:, 1]) == 0)]).tolist()
    starts_c = arr[:, 2].tolist()
    ends_c = (arr[:, 2] + arr[:, 3]).tolist()
    cols = mass.T.tolist()
    csum = numpy.vstack([numpy.zeros((1, mass.shape[1])), numpy.cumsum(mass, axis=0, dtype="float64")])
    runs: list[AttributionRun] = []
    i = 0
    while i < n:
        k = best_l[i]
        if k == 0:
            i += 1
            continue
        j = i + 1
        keep = cont[classes[k]]
        col = cols[k]
        while j < n and not space_l[j] and (best_l[j] == k or (best_l[j] == 0 and col[j] >= keep)):
            if best_l[j] == k and isb_l[j]:
                break
            j += 1
        if classes[k] == "CUE" or words_before[j] > words_before[i]:  # not only punctuation
            score = min(1.0, max(0.0, float((csum[j, k] - csum[i, k]) / (j - i))))
            runs.append(AttributionRun(classes[k], starts_c[i], ends_c[j - 1], score, i, j))
        i = j
    if rescue_cues:
        runs = _rescue_cues(doc, runs, mass[:, classes.index("CUE")], space, rescue_cues)
    return runs


VITERBI_BOOST = {"O": 1.0, "SOURCE": 1.5, "CUE": 1.0, "CONTENT": 1.0}
# the component's default leans to recall (more cues and contents than the argmax): the
# attribution scorer (``sayso_attributions``) drops the doubtful candidates afterwards
RECALL_BOOST = {"O": 1.0, "SOURCE": 1.5, "CUE": 2.0, "CONTENT": 1.2}


def _viterbi(lps: list[numpy.ndarray], K: int) -> list[numpy.ndarray]:
    """Best valid state sequence for each of ``lps`` (tokens × 2K+1 log scores, states O,
    B-1..B-K, I-1..I-K; I-k only after B-k or I-k), all in one vectorised pass."""
    S, T = len(lps), max(len(x) for x in lps)
    X = numpy.full((S, T, 2 * K + 1), -1e9)
    X[:, :, 0] = 0.0  # padding: O, which follows anything at no cost
    for i, x in enumerate(lps):
        X[i, : len(x)] = x
    score = X[:, 0].copy()
    score[:, K + 1 :] = -1e18  # no I- at the start of a stretch
    best = numpy.zeros((S, T), dtype="int64")
    from_b = numpy.zeros((S, T, K), dtype=bool)
    rows = numpy.arange(S)
    new = numpy.empty_like(score)
    for t in range(1, T):
        bt = score.argmax(axis=1)
        best[:, t] = bt
        new[:, : K + 1] = X[:, t, : K + 1] + score[rows, bt][:, None]
        cb, ci = score[:, 1 : K + 1], score[:, K + 1 :]
        from_b[:, t] = cb >= ci
        new[:, K + 1 :] = X[:, t, K + 1 :] + numpy.maximum(cb, ci)
        score, new = new, score
    cur = score.argmax(axis=1)
    path = numpy.zeros((S, T), dtype="int64")
    path[:, T - 1] = cur
    for t in range(T - 1, 0, -1):
        inner = cur > K
        x = numpy.where(inner, cur - K - 1, 0)
        cur = numpy.where(inner, numpy.where(from_b[rows, t, x], cur - K, cur), best[:, t])
        path[:, t - 1] = cur
    return [path[i, : len(x)] for i, x in enumerate(lps)]


def viterbi_runs(docs: list[Doc], probs: list[numpy.ndarray], labels: Iterable[str],
                 boost: dict | None = None) -> list[list[AttributionRun]]:
    """BIO probabilities → runs by the most probable *valid* tag sequence (``I-X`` only
    after ``B-X`` or ``I-X``; classes weighted by ``boost``: SOURCE ×1.5). Whitespace tokens
    are tagged O (so runs end there and every stretch between them is decoded on its own);
    a run that is only punctuation survives only as a CUE. Where the per-token argmax is
    already valid it is the answer; the other stretches of all docs go through one
    vectorised Viterbi pass. Each stretch is decoded independently: batching changes
    nothing. Used for the parse-reading models (+0.016 linked F1 on PolNeAR dev over
    :func:`decode_runs`)."""
    labels = list(labels)
    boost = VITERBI_BOOST if boost is None else boost
    # states in a fixed order: O, B-SOURCE, B-CUE, B-CONTENT, I-SOURCE, I-CUE, I-CONTENT
    order = ["O"] + [f"B-{x}" for x in LABELS] + [f"I-{x}" for x in LABELS]
    perm = [labels.index(lab) for lab in order]
    K = len(LABELS)
    log_boost = numpy.log([1.0] + [boost.get(x, 1.0) for x in LABELS] * 2)
    prepared, stretches = [], []
    for d, (doc, pr) in enumerate(zip(docs, probs)):
        n = len(doc)
        if n == 0 or pr is None or pr.shape[0] == 0:
            prepared.append(None)
            continue
        arr = doc.to_array([IS_SPACE, IS_PUNCT, IDX, LENGTH]).astype("int64")
        space = arr[:, 0].astype(bool)
        P = pr[:, perm].astype("float64")
        lp = numpy.log(P + 1e-9) + log_boost
        lp[space] = -1e9
        lp[space, 0] = 0.0
        g = lp.argmax(axis=1)
        # invalid: I-X not after B-X / I-X of the same X
        is_i = g > K
        prev = numpy.concatenate([[0], g[:-1]])
        bad = is_i & (prev != g) & (prev != g - K)
        if bad.any():
            seg = numpy.cumsum(space)
            first = numpy.flatnonzero(numpy.diff(numpy.concatenate([[-1], seg]))).tolist() + [n]
            for s_id in numpy.unique(seg[bad]).tolist():
                k = s_id - int(seg[0])
                stretches.append((d, first[k], first[k + 1]))
        prepared.append((arr, P, lp, g))
    # stretches sorted by length, decoded in chunks of at most ~200k padded tokens (memory)
    stretches.sort(key=lambda x: x[2] - x[1])
    chunk: list[tuple[int, int, int]] = []
    for k, item in enumerate(stretches):
        chunk.append(item)
        last = k + 1 == len(stretches)
        if last or (len(chunk) + 1) * (stretches[k + 1][2] - stretches[k + 1][1]) > 200_000:
            paths = _viterbi([prepared[d][2][lo:hi] for d, lo, hi in chunk], K)
            for (d, lo, hi), path in zip(chunk, paths):
                prepared[d][3][lo:hi] = path
            chunk = []
    out: list[list[AttributionRun]] = []
    for item in prepared:
        if item is None:
            out.append([])
            continue
        arr, P, _, g = item
        n = len(g)
        # a valid path: runs start at B- states and continue over I- states
        is_i = g > K
        after = numpy.where(~is_i, numpy.arange(n), n)
        next_non_i = numpy.minimum.accumulate(after[::-1])[::-1]  # first j >= t that is not I-
        next_non_i = numpy.append(next_non_i, n)
        words = numpy.concatenate([[0], numpy.cumsum((arr[:, 0] | arr[:, 1]) == 0)])
        mass = P[:, 1 : K + 1] + P[:, K + 1 :]
        csum = numpy.vstack([numpy.zeros((1, K)), numpy.cumsum(mass, axis=0)])
        starts = numpy.flatnonzero((g >= 1) & (g <= K))
        ends = next_non_i[starts + 1]
        runs: list[AttributionRun] = []
        for i, j, x in zip(starts.tolist(), ends.tolist(), (g[starts] - 1).tolist()):
            if x == 1 or words[j] > words[i]:  # CUE, or not only punctuation
                sc = min(1.0, max(0.0, float((csum[j, x] - csum[i, x]) / (j - i))))
                runs.append(AttributionRun(LABELS[x], int(arr[i, 2]), int(arr[j - 1, 2] + arr[j - 1, 3]), sc, i, j))
        out.append(runs)
    return out


def _rescue_cues(doc: Doc, runs: list[AttributionRun], cue_mass: numpy.ndarray, space: numpy.ndarray,
                 threshold: float) -> list[AttributionRun]:
    """A sentence with content but no cue: promote its most cue-like unlabelled token
    (cue probability >= ``threshold``) to a CUE run; cues are the hardest label to recall."""
    sent, _ = _sentences(doc)
    labelled = numpy.zeros(len(doc), dtype=bool)
    has_cue, has_content = set(), set()
    for r in runs:
        labelled[r.start : r.end] = True
        (has_cue if r.label == "CUE" else has_content if r.label == "CONTENT" else set()).update(
            range(int(sent[r.start]), int(sent[r.end - 1]) + 1))
    extra = []
    for s_id in sorted(has_content - has_cue):
        idx = numpy.flatnonzero((sent == s_id) & ~labelled & ~space)
        if not len(idx):
            continue
        best = int(idx[cue_mass[idx].argmax()])
        if cue_mass[best] < threshold:
            continue
        a, b = best, best + 1
        while a - 1 in idx and cue_mass[a - 1] >= threshold / 2:
            a -= 1
        while b in idx and cue_mass[b] >= threshold / 2:
            b += 1
        span = doc[a:b]
        extra.append(AttributionRun("CUE", span.start_char, span.end_char, float(cue_mass[a:b].mean()), a, b))
    return sorted(runs + extra, key=lambda r: r.start_char) if extra else runs


# ----------------------------------------------------------------- linking

_QUOTE_CHARS = "“\"'‘«`"


@functools.lru_cache(maxsize=1)
def _blank_nlp():
    import spacy

    return spacy.blank("en")


def _sentences(doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Sentence id and paragraph id per token, from the same cheap rules as the features."""
    n = len(doc)
    sent = numpy.zeros(n, dtype="int32")
    para = numpy.zeros(n, dtype="int32")
    s = p = 0
    prev_end = False
    new_para = False
    for i, text in enumerate(_words(doc)):
        if text.isspace():
            if "\n" in text:
                new_para = True
        else:
            if new_para:
                s += 1
                p += 1
                new_para = False
            elif prev_end and (text[:1].isupper() or text in _OPEN or text in _STRAIGHT or text[:1].isdigit()):
                s += 1
            prev_end = text in _SENT_END or (text in _CLOSE and prev_end)
        sent[i] = s
        para[i] = p
    return sent, para


def _span(text: str, start: int, end: int) -> dict:
    return {"start": start, "end": end, "text": text[start:end]}


def link_runs(doc_or_text: Doc | str, runs: list[AttributionRun], *, id_prefix: str = "t", merge_gaps: int = 40) -> list[dict]:
    """Join predicted runs into contract-style attribution dicts.

    Every CUE run anchors one attribution. Each CONTENT run goes to the nearest cue in its
    sentence; failing that, to the nearest cue in the neighbouring sentence of the same
    paragraph, or (a follow-on quote paragraph) to the attribution of the previous
    paragraph's content. Each SOURCE run goes to the nearest cue in its sentence, preferring
    the cue right after it. Attributions without content are dropped. ``confidence`` is the
    mean run score.
    """
    doc = doc_or_text if isinstance(doc_or_text, Doc) else _blank_nlp().make_doc(doc_or_text)
    from .extensions import text_of

    text = text_of(doc)
    if not runs:
        return []
    # token positions of runs (recompute when the runs came from another tokenisation)
    def tok_bounds(r: AttributionRun) -> tuple[int, int]:
        if 0 <= r.start < r.end <= len(doc) and doc[r.start].idx == r.start_char:
            return r.start, r.end
        span = doc.char_span(r.start_char, r.end_char, alignment_mode="expand")
        return (span.start, span.end) if span is not None else (0, 0)

    sent, para = _sentences(doc)
    items = []
    for r in sorted(runs, key=lambda r: r.start_char):
        a, b = tok_bounds(r)
        if b <= a:
            continue
        items.append((r, a, b, int(sent[a]), int(sent[b - 1]), int(para[a])))
    cues = [it for it in items if it[0].label == "CUE"]
    if not cues:
        return []

    def gap(x, y) -> int:
        # token distance between two runs (0 when adjacent)
        return max(y[1] - x[2], x[1] - y[2], 0)

    contents: dict[int, list] = {i: [] for i in range(len(cues))}
    sources: dict[int, list] = {i: [] for i in range(len(cues))}

    def content_cost(i: int, it) -> float:
        c = cues[i]
        cost = gap(c, it)
        if it[1] < c[1] and text[it[0].start_char] not in _QUOTE_CHARS:
            cost += 3  # reported content mostly follows its cue unless it is a quotation
        if contents[i]:
            cost += 2  # spread contents over cues before stacking them
        return cost

    last_para_owner: dict[int, int] = {}  # paragraph -> cue index that owns its last content
    for it in items:
        r, a, b, s0, s1, p = it
        if r.label != "CONTENT":
            continue
        same = [i for i, c in enumerate(cues) if c[3] <= s1 and c[4] >= s0]
        owner = None
        if same:
            owner = min(same, key=lambda i: content_cost(i, it))
        else:
            near = [i for i, c in enumerate(cues) if c[5] == p and (c[3] == s1 + 1 or c[4] == s0 - 1)]
            if near:
                owner = min(near, key=lambda i: content_cost(i, it))
            elif p - 1 in last_para_owner and text[r.start_char] in _QUOTE_CHARS:
                owner = last_para_owner[p - 1]
            elif p in last_para_owner:
                owner = last_para_owner[p]
        if owner is None:
            continue
        contents[owner].append(it)
        last_para_owner[p] = owner
    # sources: each source run to its best cue, then cues left without one share the
    # nearest source of their sentence ("X said A and added B": X is the source of both)
    src_items = [it for it in items if it[0].label == "SOURCE"]
    for it in src_items:
        r, a, b, s0, s1, p = it
        same = [i for i, c in enumerate(cues) if c[3] <= s1 and c[4] >= s0]
        if not same:
            same = [i for i, c in enumerate(cues) if c[5] == p and abs(c[3] - s0) <= 1]
        if not same:
            continue
        owner = min(same, key=lambda i: (bool(sources[i]), gap(cues[i], it) + (0 if cues[i][1] >= b else 2)))
        sources[owner].append(it)
    for i, c in enumerate(cues):
        if sources[i] or not contents[i]:
            continue
        before = [it for it in src_items if it[3] <= c[4] and it[4] >= c[3] and it[2] <= c[1]]
        if before:
            sources[i].append(max(before, key=lambda it: it[2]))

    # one attribution's content fragments in the same sentence with nothing but unlabelled
    # tokens between them are one span: fill the gap
    labelled = numpy.zeros(len(doc) + 1, dtype="int32")
    for it in items:
        if it[0].label != "CONTENT":
            labelled[it[1] : it[2]] = 1
    filled: dict[int, list[tuple[int, int]]] = {}
    for i, frags in contents.items():
        spans: list[list[int]] = []
        for it in sorted(frags, key=lambda it: it[1]):
            r = it[0]
            if spans and merge_gaps and it[3] == spans[-1][2] and not labelled[spans[-1][3] : it[1]].any() and it[1] - spans[-1][3] <= merge_gaps:
                spans[-1][1] = r.end_char
                spans[-1][3] = it[2]
            else:
                spans.append([r.start_char, r.end_char, it[4], it[2]])
        filled[i] = [(a, b) for a, b, _, _ in spans]

    out = []
    for i, c in enumerate(cues):
        if not contents[i]:
            continue
        cue_run = c[0]
        src = None
        if sources[i]:
            best = min(sources[i], key=lambda it: gap(c, it))
            src = _span(text, best[0].start_char, best[0].end_char)
        scores = [cue_run.score] + [it[0].score for it in contents[i]] + ([sources[i][0][0].score] if sources[i] else [])
        out.append(
            {
                "id": f"{id_prefix}{len(out) + 1}",
                "kind": "learned",
                "source": src,
                "cue": _span(text, cue_run.start_char, cue_run.end_char),
                "content": [_span(text, a, b) for a, b in filled[i]],
                "parent": None,
                "negated": False,
                "confidence": round(float(sum(scores) / len(scores)), 4),
                "entity": None,
            }
        )
    return out


# ----------------------------------------------------------------- component


def setup() -> None:
    """Register ``Doc._.attribution_runs`` (idempotent)."""
    if not Doc.has_extension("attribution_runs"):
        Doc.set_extension("attribution_runs", default=None)


def load_tagger(path: str | Path) -> Language:
    """The shipped model directory → a small ``Language`` holding only the tagger."""
    path = Path(path)
    config = util.load_config(path / "config.cfg")
    nlp = util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.get_pipe(PIPE).from_disk(path / PIPE, exclude=["vocab"])
    return nlp


def _piece(doc: Doc, a: int, b: int) -> Doc:
    """``doc[a:b]`` as a Doc with the tags, parse and tensor the models read (much cheaper
    than ``Span.as_doc``; pieces end at paragraph breaks, which no parse arc crosses)."""
    strings = doc.vocab.strings
    arr = doc.to_array([ORTH, SPACY])[a:b]
    piece = Doc(doc.vocab, words=[strings[o] for o in arr[:, 0].tolist()], spaces=arr[:, 1].astype(bool).tolist())
    if doc.has_annotation("DEP"):
        attrs = [TAG, DEP, HEAD]
        ann = doc.to_array(attrs)[a:b].copy()
        head = ann[:, 2].view("int64")
        target = numpy.arange(b - a) + head
        if ((target < 0) | (target >= b - a)).any():
            return doc[a:b].as_doc()
        piece.from_array(attrs, ann)
    elif doc.has_annotation("TAG"):
        piece.from_array([TAG], doc.to_array([TAG])[a:b].copy())
    if doc.tensor is not None and len(doc.tensor) == len(doc):
        piece.tensor = doc.tensor[a:b]
    return piece


class SpanTagger:
    """Predicts attribution runs; see the module docstring."""

    def __init__(self, nlp: Language, name: str = "sayso_span_tagger", *, model_path: str | None = None,
                 max_tokens: int = 3000, boost: dict | None = None):
        setup()
        self.name = name
        self.boost = dict(RECALL_BOOST if boost is None else boost)
        self.max_tokens = max(200, int(max_tokens))
        self.model_path = Path(model_path) if model_path else MODEL_DIR
        self._set_inner(load_tagger(self.model_path))
        name = str(nlp.meta.get("name", ""))
        if self.needs_parse and "tok2vec" in nlp.pipe_names and not name.startswith("core_web_sm"):
            import warnings

            warnings.warn(f"sayso_span_tagger's model reads the doc.tensor of en_core_web_sm; this pipeline "
                          f"is {nlp.meta.get('lang')}_{name}: its tensor means something else (retrain the tagger)")

    def _set_inner(self, inner: Language) -> None:
        self._inner = inner
        self._pipe = inner.get_pipe(PIPE)
        self.labels = tuple(self._pipe.labels)
        t2v = inner.config["components"][PIPE]["model"]["tok2vec"]
        arch = str(t2v.get("@architectures", ""))
        self._rewired = arch == "sayso.AttributionContextTok2Vec.v2" and not t2v.get("isolate", False)
        if self._rewired:
            isolate_mixes(self._pipe.model.get_ref("tok2vec"))
        # any other model whose docs are not isolated inside a batch is run one doc per
        # call, so that results never depend on batching
        self._group = arch != "sayso.AttributionContextTok2Vec.v1"
        # a parse-reading model needs doc.tensor, tags and the parse: run after the parser
        self.needs_parse = arch == PARSE_ARCH

    def predict(self, docs: list[Doc]) -> list[list[AttributionRun]]:
        """Runs per doc. The model sees at most ``max_tokens`` tokens per call (docs grouped
        up to that size; a longer doc in paragraph-aligned pieces), which bounds memory."""
        docs = list(docs)
        probs: list[numpy.ndarray | None] = [None] * len(docs)
        group: list[tuple[int, Doc]] = []
        size = 0

        def flush():
            nonlocal group, size
            if group:
                scores = self._pipe.model.predict([d for _, d in group])
                for (i, _), sc in zip(group, scores):
                    probs[i] = _softmax(numpy.asarray(sc, dtype="float32"))
            group, size = [], 0

        for i, doc in enumerate(docs):
            if not len(doc):
                continue
            if len(doc) > self.max_tokens:
                probs[i] = self._predict_long(doc)
                continue
            if size + len(doc) > self.max_tokens or not self._group:
                flush()
            group.append((i, doc))
            size += len(doc)
        flush()
        if self.needs_parse:  # the parse-reading models decode the best valid BIO sequence
            return viterbi_runs(docs, probs, self.labels, self.boost)
        return [decode_runs(doc, p, self.labels) if p is not None else [] for doc, p in zip(docs, probs)]

    def _predict_long(self, doc: Doc) -> numpy.ndarray:
        """Probabilities for a doc longer than ``max_tokens``, predicted piecewise; pieces
        end at paragraph breaks where possible."""
        out = numpy.zeros((len(doc), len(self.labels)), dtype="float32")
        newlines = numpy.flatnonzero(_token_cats(doc) & 1)  # whitespace tokens with a newline
        start = 0
        while start < len(doc):
            end = min(len(doc), start + self.max_tokens)
            if end < len(doc):
                breaks = newlines[(newlines >= start + self.max_tokens // 2) & (newlines < end)]
                if len(breaks):
                    end = int(breaks[-1]) + 1
            piece = _piece(doc, start, end)
            out[start:end] = _softmax(numpy.asarray(self._pipe.model.predict([piece])[0], dtype="float32"))
            start = end
        return out

    def __call__(self, doc: Doc) -> Doc:
        doc._.attribution_runs = self.predict([doc])[0]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32):
        for batch in util.minibatch(docs, size=batch_size):
            for doc, runs in zip(batch, self.predict(batch)):
                doc._.attribution_runs = runs
                yield doc

    # serialisation: the component's directory is a copy of the model directory
    def to_disk(self, path, *, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        config = self._inner.config
        if self._rewired:  # the weights now sit in the isolated structure
            config["components"][PIPE]["model"]["tok2vec"]["isolate"] = True
        config.to_disk(path / "config.cfg")
        self._pipe.to_disk(path / PIPE, exclude=["vocab"])

    def from_disk(self, path, *, exclude=tuple()):
        self._set_inner(load_tagger(path))
        return self


@Language.factory("sayso_span_tagger", default_config={"model_path": None, "max_tokens": 3000, "boost": None})
def make_span_tagger(nlp: Language, name: str, model_path: str | None = None, max_tokens: int = 3000,
                     boost: dict | None = None) -> SpanTagger:
    """``boost``: class weights for decoding (default ``RECALL_BOOST``)."""
    setup()
    return SpanTagger(nlp, name, model_path=model_path, max_tokens=max_tokens, boost=boost)
