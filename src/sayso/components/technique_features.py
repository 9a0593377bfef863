"""Features and linear models of ``sayso_techniques`` (numpy only at run time).

Two models read one :class:`Article` (the tokens of a parsed article, plus where its
quotations are and spaCy's contextual token vectors, ``doc.tensor``):

* the **span model** scores every token: is it inside a persuasion-technique span? Features
  are hashed word/tag/shape n-grams in a ±2 window, the token's position in its sentence, its
  sentence's punctuation, whether it is quoted, how often the word recurs in the article, plus
  the 96 dense ``doc.tensor`` values. Runs of tokens over the threshold become spans.
* the **technique model** names the technique of a span: hashed words, bigrams and character
  n-grams of the span and of its context, its length and share of the sentence, how often its
  text recurs in the article (what *Repetition* is), capitalisation and exclamation marks,
  plus the mean ``doc.tensor`` of its tokens. A softmax over the 14 PTC techniques.

Both are linear (logistic regression) over the concatenation of an L2-normalised hashed block
and a dense block; :class:`LinearModel` stores them as ``.npy`` (no pickle) and a
``config.json``. Training (``training/techniques.py``) builds its features with the very same
functions.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy

from .linear_text import Hasher

_DIGITS = re.compile(r"\d")
_ALPHA = re.compile(r"[^\W\d_]")
_STOP = frozenset(
    """a an the of and or but for nor to in on at by with from as is are was were be been being it its it's
    they them their he him his she her we us our you your i me my this that these those there here not no
    has have had do does did will would should can could may might must shall than then so if when what who
    which whom whose how why where about into over after before up down out off just also very more most
    such only own same too s 's ’s n't said says say""".split()
)
_QUOTE_MARKS = frozenset({'"', "“", "”", "``", "''", "«", "»", "‘", "’", "'"})


def norm(word: str) -> str:
    return _DIGITS.sub("0", word.lower())


def shape(word: str) -> str:
    """A short shape: ``Xx`` title case, ``X`` all caps (2+ letters), ``x`` lower, ``d`` digits, ``p`` other."""
    if not _ALPHA.search(word):
        return "d" if any(c.isdigit() for c in word) else "p"
    if word.isupper() and len(word) > 1:
        return "X"
    if word[:1].isupper():
        return "Xx"
    return "x"


def _bucket(n: int, edges: Sequence[int]) -> int:
    for k, e in enumerate(edges):
        if n <= e:
            return k
    return len(edges)


# ----------------------------------------------------------------------------- the article view


@dataclass
class Article:
    """What the models read of a parsed article: parallel per-token lists (character offsets
    into ``text``), sentences as token ranges, and ``tensor`` (tokens × width) or None."""

    text: str
    starts: list[int]
    ends: list[int]
    tags: list[str]
    deps: list[str]
    heads: list[int]
    sent_starts: list[bool]
    quotes: list[tuple[int, int]] = field(default_factory=list)
    tensor: numpy.ndarray | None = None

    def __post_init__(self):
        self.vectors: numpy.ndarray | None = None  # static word vectors per token (WordVectors.attach)
        text = self.text
        self.words = [text[s:e] for s, e in zip(self.starts, self.ends)]
        self.lower = [norm(w) for w in self.words]
        self.space = [w.isspace() or not w for w in self.words]
        # sentences: token ranges; a sentence also ends at a whitespace token holding a newline
        sents, sent_of, start = [], [], 0
        for i, first in enumerate(self.sent_starts):
            if i and first:
                sents.append((start, i))
                start = i
            sent_of.append(len(sents))
        if self.starts:
            sents.append((start, len(self.starts)))
        self.sents, self.sent_of = sents, sent_of
        # quotation state per token
        quoted = [False] * len(self.starts)
        qs = sorted(self.quotes)
        if qs:
            k = 0
            for i, s in enumerate(self.starts):
                while k < len(qs) and qs[k][1] <= s:
                    k += 1
                quoted[i] = any(q0 <= s and self.ends[i] <= q1 for q0, q1 in qs[k : k + 3])
        self.quoted = quoted
        content = [w for w, sp in zip(self.lower, self.space) if not sp and w not in _STOP and _ALPHA.search(w)]
        self.counts = Counter(content)
        self._low_text: str | None = None

    @classmethod
    def from_doc(cls, doc, quotes=None) -> "Article":
        tensor = doc.tensor if getattr(doc, "tensor", None) is not None and doc.tensor.shape[0] == len(doc) else None
        if quotes is None:
            quotes = [(q.start, q.end) for q in (doc._.quotes or [])] if doc.has_extension("quotes") else []
        starts, ends, tags, deps, heads, firsts = [], [], [], [], [], []
        for t in doc:  # one pass: each attribute access builds a Token
            i = t.idx
            starts.append(i)
            ends.append(i + len(t))
            tags.append(t.tag_)
            deps.append(t.dep_)
            heads.append(t.head.i)
            firsts.append(bool(t.is_sent_start))
        return cls(text=doc.text, starts=starts, ends=ends, tags=tags, deps=deps, heads=heads, sent_starts=firsts,
                   quotes=quotes, tensor=tensor)

    @property
    def low_text(self) -> str:
        if self._low_text is None:
            self._low_text = " ".join(self.text.lower().split())
        return self._low_text

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Tokens overlapping the character range ``[start, end)``: (first, last + 1)."""
        import bisect

        i = bisect.bisect_right(self.ends, start)
        j = bisect.bisect_left(self.starts, end)
        return i, max(i, j)


# ----------------------------------------------------------------------------- token features (span model)

_POS_EDGES = (0, 1, 2, 3, 5, 8, 12, 20)
_LEN_EDGES = (3, 6, 10, 15, 20, 30, 45)


def _fast_bucket(hasher: Hasher):
    """``hasher.bucket`` with the cache hit inlined (the hot path of feature extraction)."""
    get, slow = hasher._word.get, hasher.bucket

    def b(feature: str) -> int:
        v = get(feature)
        return slow(feature) if v is None else v

    return b


def token_features(art: Article, hasher: Hasher, only: set[int] | None = None) -> list[list[int]]:
    """Hashed feature buckets per token (empty for whitespace tokens, and for tokens outside
    the sentences ``only`` lists when it is given)."""
    b = _fast_bucket(hasher)
    n = len(art.words)
    low, tags, deps, heads = art.lower, art.tags, art.deps, art.heads
    shapes = [shape(w) for w in art.words]
    # the non-space neighbours of each token
    idx = [i for i in range(n) if not art.space[i]]
    pos_in = {i: k for k, i in enumerate(idx)}
    seq = [low[i] for i in idx]
    tseq = [tags[i] or "?" for i in idx]
    m = len(idx)
    sent_info = []
    for s, e in art.sents:
        words = [i for i in range(s, e) if not art.space[i]]
        last = art.words[words[-1]] if words else ""
        if last in _QUOTE_MARKS and len(words) > 1:
            last = art.words[words[-2]]
        sent_info.append((words[0] if words else s, words[-1] if words else e, len(words), last))
    bigrams = Counter(zip(seq, seq[1:]))
    out: list[list[int]] = [[] for _ in range(n)]
    cur_sent, p_from = -1, 0
    for k, i in enumerate(idx):
        w = seq[k]
        wm1 = seq[k - 1] if k else "<s>"
        wp1 = seq[k + 1] if k + 1 < m else "</s>"
        wm2 = seq[k - 2] if k > 1 else "<s>"
        wp2 = seq[k + 2] if k + 2 < m else "</s>"
        t = tseq[k]
        tm1 = tseq[k - 1] if k else "<s>"
        tp1 = tseq[k + 1] if k + 1 < m else "</s>"
        sid = art.sent_of[i]
        if only is not None and sid not in only:
            continue  # whole sentences only: the position count below restarts per sentence
        first, last, slen, end_word = sent_info[sid]
        if sid != cur_sent:
            cur_sent, p_from = sid, 0
        else:
            p_from += 1
        p_to = slen - 1 - p_from
        f = [
            b("w=" + w), b("w-1=" + wm1), b("w+1=" + wp1), b("w-2=" + wm2), b("w+2=" + wp2),
            b("b-=" + wm1 + " " + w), b("b+=" + w + " " + wp1), b("bb=" + wm1 + " " + wp1),
            b("s3=" + w[-3:]), b("p3=" + w[:3]), b("sh=" + shapes[i]), b("sh3=" + (shapes[idx[k - 1]] if k else "<") + shapes[i] + (shapes[idx[k + 1]] if k + 1 < m else ">")),
            b("t=" + t), b("t3=" + tm1 + " " + t + " " + tp1), b("tw=" + t + " " + wp1), b("wt=" + wm1 + " " + t),
            b("d=" + deps[i]), b("hd=" + deps[i] + " " + low[heads[i]]), b("hw=" + low[heads[i]]),
            b("pf=" + str(_bucket(p_from, _POS_EDGES))), b("pt=" + str(_bucket(p_to, _POS_EDGES))),
            b("sl=" + str(_bucket(slen, _LEN_EDGES))), b("end=" + end_word), b("q=" + str(int(art.quoted[i]))),
            b("bias"),
        ]
        c = art.counts.get(w, 0)
        if c:
            f.append(b("rep=" + str(min(c, 5))))
            f.append(b("repw=" + str(min(c, 5)) + " " + t[:2]))
        if k + 1 < m:
            cb = bigrams[(w, wp1)]
            if cb > 1 and w not in _STOP:
                f.append(b("repb=" + str(min(cb, 4))))
        out[i] = f
    return out


# ----------------------------------------------------------------------------- span features (technique model)

_TOK_EDGES = (1, 2, 3, 4, 6, 9, 14, 24)
_CHAR_EDGES = (6, 12, 20, 35, 60, 100, 160)
_SHARE_EDGES = (0.2, 0.4, 0.6, 0.8, 0.95)


def _share_bucket(x: float) -> int:
    for k, e in enumerate(_SHARE_EDGES):
        if x <= e:
            return k
    return len(_SHARE_EDGES)


def span_features(art: Article, start: int, end: int, hasher: Hasher) -> tuple[list[int], numpy.ndarray | None]:
    """Hashed buckets of one character span, and the mean static word vector of its tokens
    (None when the article has no vectors attached)."""
    b = _fast_bucket(hasher)
    i, j = art.token_range(start, end)
    toks = [k for k in range(i, j) if not art.space[k]]
    words = [art.lower[k] for k in toks] or ["<empty>"]
    f = [b("bias")]
    f += [b("sw=" + w) for w in words]
    seq = ["<s>", *words, "</s>"]
    f += [b("sb=" + x + " " + y) for x, y in zip(seq, seq[1:])]
    for w in words:
        f += hasher.chars(w)
    f.append(b("f=" + words[0]))
    f.append(b("l=" + words[-1]))
    f += [b("st=" + (art.tags[k] or "?")) for k in toks]
    # context: two words either side, and the rest of the sentence as a bag
    left = [k for k in range(max(0, i - 6), i) if not art.space[k]][-2:]
    right = [k for k in range(j, min(len(art.words), j + 6)) if not art.space[k]][:2]
    for n, k in enumerate(reversed(left)):
        f.append(b(f"L{n + 1}=" + art.lower[k]))
    for n, k in enumerate(right):
        f.append(b(f"R{n + 1}=" + art.lower[k]))
    if not left:
        f.append(b("L1=<s>"))
    if not right:
        f.append(b("R1=</s>"))
    sents = sorted({art.sent_of[k] for k in toks}) if toks else []
    sent_tokens = []
    for s in sents:
        a, z = art.sents[s]
        sent_tokens += [k for k in range(a, z) if not art.space[k]]
    span_set = set(toks)
    f += [b("cw=" + art.lower[k]) for k in sent_tokens if k not in span_set and art.lower[k] not in _STOP]
    # shape of the span
    n_tok = len(toks)
    text = art.text[start:end]
    f.append(b("nt=" + str(_bucket(n_tok, _TOK_EDGES))))
    f.append(b("nc=" + str(_bucket(len(text), _CHAR_EDGES))))
    share = n_tok / max(1, len(sent_tokens))
    f.append(b("share=" + str(_share_bucket(share))))
    f.append(b("multi-sent=" + str(min(len(sents), 3))))
    f.append(b("q=" + str(int(any(art.quoted[k] for k in toks)))))
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) > 0.6:
        f.append(b("caps"))
    if "!" in text:
        f.append(b("excl"))
    if sents:
        a, z = art.sents[sents[-1]]
        tail = art.text[art.starts[a] : art.ends[z - 1]].rstrip(" \"'”’")
        f.append(b("send=" + (tail[-1:] if tail else "")))
    if text[:1].isupper():
        f.append(b("cap0"))
    # repetition: how often the span's text, and its words, recur in the article
    key = " ".join(text.lower().split())
    if key:
        c = art.low_text.count(key)
        f.append(b("reps=" + str(min(c, 5))))
        f.append(b("reps=" + str(min(c, 5)) + " nt=" + str(_bucket(n_tok, _TOK_EDGES))))
        first = art.low_text.find(key)
        before = art.low_text[:first].count(" ") if first >= 0 else 0
        here = len(" ".join(art.text[:start].lower().split()).split(" ")) if start else 0
        f.append(b("rep-later=" + str(int(c > 1 and before + 1 < here))))
    wc = [art.counts.get(w, 0) for w in words if w in art.counts]
    if wc:
        f.append(b("repw=" + str(min(max(wc), 6))))
        f.append(b("repmin=" + str(min(min(wc), 6))))
    vec = None
    if art.vectors is not None:
        vec = art.vectors[toks].mean(axis=0) if toks else numpy.zeros(art.vectors.shape[1], dtype=numpy.float32)
    return f, vec


# ----------------------------------------------------------------------------- the model


def sparse_rows(rows: Sequence[Sequence[int]], n_cols: int):
    """Hashed buckets → (indices, values) per row: sublinear counts, each row L2-normalised."""
    out = []
    for r in rows:
        if not r:
            out.append((numpy.zeros(0, dtype=numpy.int64), numpy.zeros(0, dtype=numpy.float32)))
            continue
        idx, counts = numpy.unique(numpy.asarray(r, dtype=numpy.int64), return_counts=True)
        val = (1.0 + numpy.log(counts)).astype(numpy.float32)
        val /= math.sqrt(float(val @ val))
        out.append((idx, val))
    return out


def sparse_flat(rows: Sequence[Sequence[int]], bits: int) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """The same weighting as :func:`sparse_rows` for all rows at once: (row of each entry,
    bucket, value), sorted by row then bucket."""
    lengths = numpy.fromiter((len(r) for r in rows), dtype=numpy.int64, count=len(rows))
    if not lengths.sum():
        empty = numpy.zeros(0, dtype=numpy.int64)
        return empty, empty, numpy.zeros(0, dtype=numpy.float32)
    flat = numpy.fromiter((b for r in rows for b in r), dtype=numpy.int64, count=int(lengths.sum()))
    owner = numpy.repeat(numpy.arange(len(rows), dtype=numpy.int64), lengths)
    keys, counts = numpy.unique((owner << bits) | flat, return_counts=True)
    owner, idx = keys >> bits, keys & ((1 << bits) - 1)
    val = (1.0 + numpy.log(counts)).astype(numpy.float32)
    norms = numpy.sqrt(numpy.bincount(owner, weights=val * val, minlength=len(rows))).astype(numpy.float32)
    return owner, idx, val / norms[owner]


class LinearModel:
    """Logistic regression over [hashed block (2**bits) | dense block], binary (one output)
    or softmax (``labels``). ``dense_mean`` / ``dense_scale`` standardise the dense block."""

    def __init__(self, config: dict, weights: numpy.ndarray, bias: numpy.ndarray,
                 dense_weights: numpy.ndarray | None = None, dense_mean: numpy.ndarray | None = None,
                 dense_scale: numpy.ndarray | None = None):
        self.config = config
        self.labels = list(config.get("labels") or [])
        self.bits = int(config["bits"])
        self.hasher = Hasher(self.bits, tuple(config.get("char_range", (2, 5))))
        k = max(1, len(self.labels)) if len(self.labels) != 2 else 1
        self.weights = numpy.asarray(weights, dtype=numpy.float32).reshape(1 << self.bits, -1)
        self.bias = numpy.asarray(bias, dtype=numpy.float32).reshape(-1)
        if self.weights.shape[1] != self.bias.shape[0] or (self.labels and len(self.labels) > 2 and self.bias.shape[0] != k):
            raise ValueError("weights do not match the labels")
        self.dense_weights = None if dense_weights is None else numpy.asarray(dense_weights, dtype=numpy.float32)
        self.dense_mean = None if dense_mean is None else numpy.asarray(dense_mean, dtype=numpy.float32)
        self.dense_scale = None if dense_scale is None else numpy.asarray(dense_scale, dtype=numpy.float32)

    @property
    def dense_width(self) -> int:
        return 0 if self.dense_weights is None else int(self.dense_weights.shape[0])

    @classmethod
    def load(cls, path: str | Path) -> "LinearModel":
        path = Path(path)
        config = json.loads((path / "config.json").read_text("utf-8"))
        load = lambda name: numpy.load(path / name, allow_pickle=False)  # noqa: E731
        index = load("index.npy").astype(numpy.int64)
        rows = load("weights.npy").astype(numpy.float32)
        size = 1 << int(config["bits"])
        if index.size and (index.min() < 0 or index.max() >= size):
            raise ValueError(f"{path}: index out of range")
        weights = numpy.zeros((size, rows.shape[1] if rows.ndim == 2 else 1), dtype=numpy.float32)
        weights[index] = rows.reshape(len(index), -1)
        dense = [load(n) if (path / n).exists() else None for n in ("dense_weights.npy", "dense_mean.npy", "dense_scale.npy")]
        return cls(config, weights, load("bias.npy"), *dense)

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        index = numpy.flatnonzero(numpy.any(self.weights != 0, axis=1)).astype(numpy.int32)
        (path / "config.json").write_text(json.dumps(self.config, indent=2, sort_keys=True) + "\n", "utf-8")
        numpy.save(path / "index.npy", index, allow_pickle=False)
        numpy.save(path / "weights.npy", self.weights[index].astype(numpy.float16), allow_pickle=False)
        numpy.save(path / "bias.npy", self.bias.astype(numpy.float32), allow_pickle=False)
        for name, value in (("dense_weights", self.dense_weights), ("dense_mean", self.dense_mean),
                            ("dense_scale", self.dense_scale)):
            if value is not None:
                numpy.save(path / f"{name}.npy", value.astype(numpy.float32), allow_pickle=False)

    def logits(self, rows: Sequence[Sequence[int]], dense: numpy.ndarray | None = None) -> numpy.ndarray:
        """Raw scores (rows × outputs) for hashed rows and an optional dense matrix."""
        n = len(rows)
        out = numpy.tile(self.bias, (n, 1))
        owner, idx, val = sparse_flat(rows, self.bits)
        if idx.size:
            contrib = self.weights[idx] * val[:, None]
            for k in range(out.shape[1]):
                out[:, k] += numpy.bincount(owner, weights=contrib[:, k], minlength=n)
        if self.dense_weights is not None and dense is not None and n:
            x = (numpy.asarray(dense, dtype=numpy.float32) - self.dense_mean) / self.dense_scale
            out += x @ self.dense_weights
        return out

    def proba(self, rows, dense=None) -> numpy.ndarray:
        z = self.logits(rows, dense)
        if z.shape[1] == 1:
            return 1.0 / (1.0 + numpy.exp(-numpy.clip(z[:, 0], -30, 30)))
        z = z - z.max(axis=1, keepdims=True)
        e = numpy.exp(z)
        return e / e.sum(axis=1, keepdims=True)


# ----------------------------------------------------------------------------- stacking and peers


def clamp_bucket(p: float, n: int) -> int:
    return min(max(int(p * n), 0), n - 1)


def sentence_ranges(art: Article) -> list[tuple[int, int, int]]:
    """(sentence index, start, end) of every sentence with text, trimmed like PTC spans."""
    out = []
    for k, (s, e) in enumerate(art.sents):
        toks = [i for i in range(s, e) if not art.space[i]]
        if not toks:
            continue
        cs, ce = trim(art.text, art.starts[toks[0]], art.ends[toks[-1]])
        if ce > cs:
            out.append((k, cs, ce))
    return out


_TRIM = " \t\r\n.,:;\"“”"


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim the characters PTC spans never start or end with (and quotation marks)."""
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def stack_features(art: Article, feats: list[list[int]], sent_prob: dict[int, float], article_prob: float,
                   hasher: Hasher) -> list[list[int]]:
    """Token buckets plus the sentence model's probability of the token's sentence (10 buckets,
    alone and with the token's tag and quotation state) and the article's mean (10 buckets)."""
    b = hasher.bucket
    ab = "am=" + str(clamp_bucket(article_prob * 2, 10))
    out = []
    for i, f in enumerate(feats):
        if not f:
            out.append(f)
            continue
        qb = "sp=" + str(clamp_bucket(sent_prob.get(art.sent_of[i], 0.0), 10))
        out.append(f + [b(qb), b(qb + " " + art.tags[i][:2]), b(qb + " q" + str(int(art.quoted[i]))), b(ab)])
    return out


def peer_features(art: Article, spans: Sequence[tuple[int, int]], hasher: Hasher) -> list[list[int]]:
    """Per span: how many *other* spans of the article have the same text (Repetition) and
    how many overlap it."""
    keys = [" ".join(art.text[s:e].lower().split()) for s, e in spans]
    distinct = {}
    for (s, e), k in zip(spans, keys):
        distinct[(s, e)] = k
    by_key = Counter(distinct.values())
    out = []
    ordered = sorted(distinct)
    for (s, e), k in zip(spans, keys):
        same = by_key[k] - 1
        ov = sum(1 for (s2, e2) in ordered if (s2, e2) != (s, e) and min(e, e2) > max(s, s2))
        out.append([hasher.bucket("peers=" + str(min(same, 3))), hasher.bucket("ov=" + str(min(ov, 2)))])
    return out


def _stems(text: str) -> frozenset[str]:
    words = (norm(w) for w in re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", text))
    return frozenset(w[:5] for w in words if w not in _STOP)


def peer_stem_features(art: Article, spans: Sequence[tuple[int, int]], hasher: Hasher) -> list[list[int]]:
    """Per span, repetition beyond the exact text: how many other spans share most of its word
    stems (the first five characters of its content words, Jaccard at least 0.5: ``rape gangs``
    / ``Muslim rape gangs``, ``elites`` / ``the elite``), and how often its rarest stem recurs
    in the article."""
    distinct = sorted(set(spans))
    stems = {sp: _stems(art.text[sp[0]:sp[1]]) for sp in distinct}
    art_stems = Counter(w[:5] for w, n in art.counts.items() for _ in range(n))
    out = []
    for sp in spans:
        mine = stems[sp]
        near = 0
        if mine:
            for other in distinct:
                if other == sp:
                    continue
                theirs = stems[other]
                if theirs and len(mine & theirs) / len(mine | theirs) >= 0.5:
                    near += 1
        f = [hasher.bucket("peerstem=" + str(min(near, 3)))]
        if mine:
            c = min(art_stems.get(w, 0) for w in mine)
            f.append(hasher.bucket("repstem=" + str(min(c, 6))))
        out.append(f)
    return out


# ----------------------------------------------------------------------------- static word vectors


class WordVectors:
    """A small table of static word vectors (lower-cased words → ``dim`` floats): ``vocab.json``
    (a list of words) and ``vectors.npy`` (float16, one row per word). Unknown words get zeros."""

    def __init__(self, vocab: Sequence[str], matrix: numpy.ndarray):
        self.index = {w: i for i, w in enumerate(vocab)}
        self.matrix = numpy.asarray(matrix, dtype=numpy.float32)
        if self.matrix.shape[0] != len(self.index):
            raise ValueError("vectors do not match the vocabulary")
        self.dim = int(self.matrix.shape[1])

    @classmethod
    def load(cls, path: str | Path) -> "WordVectors":
        path = Path(path)
        vocab = json.loads((path / "vocab.json").read_text("utf-8"))
        return cls(vocab, numpy.load(path / "vectors.npy", allow_pickle=False))

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        vocab = sorted(self.index, key=self.index.get)
        (path / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
        numpy.save(path / "vectors.npy", self.matrix.astype(numpy.float16), allow_pickle=False)

    def attach(self, art: Article) -> Article:
        rows = numpy.array([self.index.get(w, -1) for w in art.lower], dtype=numpy.int64)
        out = numpy.zeros((len(rows), self.dim), dtype=numpy.float32)
        known = rows >= 0
        out[known] = self.matrix[rows[known]]
        art.vectors = out
        return art


def token_dense(art: Article, window: int = 2) -> numpy.ndarray | None:
    """Per token: its word vector and the mean vector of the ±``window`` tokens around it."""
    v = art.vectors
    if v is None:
        return None
    n = len(v)
    csum = numpy.vstack([numpy.zeros((1, v.shape[1]), dtype=numpy.float32), numpy.cumsum(v, axis=0)])
    lo = numpy.maximum(numpy.arange(n) - window, 0)
    hi = numpy.minimum(numpy.arange(n) + window + 1, n)
    mean = (csum[hi] - csum[lo]) / (hi - lo)[:, None]
    return numpy.hstack([v, mean.astype(numpy.float32)])


# ----------------------------------------------------------------------------- the technique stacker


def span_numbers(art: Article, start: int, end: int) -> list[float]:
    """Plain numbers the stacker reads beside the linear model's log-probabilities."""
    i, j = art.token_range(start, end)
    key = " ".join(art.text[start:end].lower().split())
    return [math.log1p(j - i), math.log1p(end - start), math.log1p(art.low_text.count(key) if key else 0),
            float("!" in art.text[start:end]), float("?" in art.text[start : end + 2])]


class Stacker:
    """A small averaged ensemble of one-hidden-layer MLPs over [log-probabilities | numbers]:
    ``w1`` (members × inputs × hidden), ``b1`` (members × hidden), ``w2`` (members × hidden ×
    labels), ``b2`` (members × labels); inputs standardised with ``mean`` and ``scale``."""

    FILES = ("w1", "b1", "w2", "b2", "mean", "scale")

    def __init__(self, w1, b1, w2, b2, mean, scale):
        self.w1, self.b1, self.w2, self.b2 = (numpy.asarray(x, dtype=numpy.float32) for x in (w1, b1, w2, b2))
        self.mean, self.scale = numpy.asarray(mean, dtype=numpy.float32), numpy.asarray(scale, dtype=numpy.float32)

    @classmethod
    def load(cls, path: str | Path) -> "Stacker":
        path = Path(path)
        return cls(*(numpy.load(path / f"{n}.npy", allow_pickle=False) for n in cls.FILES))

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for n in self.FILES:
            numpy.save(path / f"{n}.npy", getattr(self, n).astype(numpy.float32), allow_pickle=False)

    def proba(self, x: numpy.ndarray) -> numpy.ndarray:
        x = (numpy.asarray(x, dtype=numpy.float32) - self.mean) / self.scale
        out = 0.0
        for m in range(self.w1.shape[0]):
            h = numpy.maximum(x @ self.w1[m] + self.b1[m], 0.0)
            z = h @ self.w2[m] + self.b2[m]
            z = z - z.max(axis=1, keepdims=True)
            e = numpy.exp(z)
            out = out + e / e.sum(axis=1, keepdims=True)
        return out / self.w1.shape[0]


# ----------------------------------------------------------------------------- lexical cues


_CUE_RES: list[tuple[str, "re.Pattern[str]"]] | None = None


def _cue_res() -> list[tuple[str, "re.Pattern[str]"]]:
    global _CUE_RES
    if _CUE_RES is None:
        from ..techniques_catalogue import CUES

        _CUE_RES = [(name, re.compile(r"(?<![\w#])(?:" + "|".join(pats) + r")(?![\w])"))
                    for name, pats in CUES.items() if pats]
    return _CUE_RES


def cue_counts(art: Article, start: int, end: int) -> tuple[list[int], list[int]]:
    """Per cue group of ``techniques_catalogue.CUES``: hits inside the span, and hits in the
    rest of its sentence(s)."""
    i, j = art.token_range(start, end)
    toks = [k for k in range(i, j) if not art.space[k]]
    if toks:
        s0, s1 = art.sents[art.sent_of[toks[0]]][0], art.sents[art.sent_of[toks[-1]]][1]
        cs, ce = art.starts[s0], art.ends[s1 - 1]
    else:
        cs, ce = start, end
    inside = art.text[start:end].lower().replace("’", "'")
    outside = (art.text[min(cs, start):start] + " | " + art.text[end:max(ce, end)]).lower().replace("’", "'")
    return ([len(r.findall(inside)) for _, r in _cue_res()], [len(r.findall(outside)) for _, r in _cue_res()])


def cue_features(art: Article, start: int, end: int, hasher: Hasher) -> list[int]:
    """Hashed buckets of the span's cue hits (``cue=``) and its sentence's (``cuec=``), plus
    where the span sits in its sentence."""
    b = hasher.bucket
    inside, outside = cue_counts(art, start, end)
    f = []
    for (name, _), n, m in zip(_cue_res(), inside, outside):
        f += [b("cue=" + name)] * min(n, 3)
        if m:
            f.append(b("cuec=" + name))
    i, j = art.token_range(start, end)
    toks = [k for k in range(i, j) if not art.space[k]]
    if toks:
        s, e = art.sents[art.sent_of[toks[0]]]
        words = [k for k in range(s, e) if not art.space[k]]
        first, last = toks[0] == words[0], art.sent_of[toks[-1]] == art.sent_of[toks[0]] and toks[-1] >= words[-1] - 1
        f.append(b(f"edge={int(first)}{int(last)}"))
        before = art.text[max(0, start - 3):start]
        if ":" in before:
            f.append(b("after-colon"))
        if any(c in before for c in "\"“‘"):
            f.append(b("after-quote"))
    return f


def cue_numbers(art: Article, start: int, end: int) -> list[float]:
    """log(1 + hits) per cue group, inside the span and in the rest of its sentence."""
    inside, outside = cue_counts(art, start, end)
    return [math.log1p(n) for n in inside] + [math.log1p(n) for n in outside]


# ----------------------------------------------------------------------------- technique model inputs

TECHNIQUE_EXTRAS = ("cues", "peer_stems")


def technique_rows(art: Article, spans: Sequence[tuple[int, int]], hasher: Hasher,
                   extras: Sequence[str] = ()) -> tuple[list[list[int]], list[numpy.ndarray | None]]:
    """The technique model's hashed rows and dense vectors for the spans of one article: the
    span features, the peer counts, and the optional ``extras`` (``"cues"``: lexical cue hits,
    see :func:`cue_features`; ``"peer_stems"``: :func:`peer_stem_features`). Training and run
    time both build the model's input here."""
    if not spans:
        return [], []
    feats = [span_features(art, s, e, hasher) for s, e in spans]
    rows = [f + p for (f, _), p in zip(feats, peer_features(art, spans, hasher))]
    if "cues" in extras:
        rows = [r + cue_features(art, s, e, hasher) for r, (s, e) in zip(rows, spans)]
    if "peer_stems" in extras:
        rows = [r + p for r, p in zip(rows, peer_stem_features(art, spans, hasher))]
    return rows, [v for _, v in feats]
