"""A small sentence classifier that needs nothing but numpy at run time.

Features are hashed into one fixed space (``zlib.crc32`` of the feature string, so the
buckets are the same in every process and on every platform), in blocks:

* ``word``: lower-cased word unigrams and bigrams, with sentence-boundary markers;
* ``char``: character 2–5-grams inside `` word `` (scikit-learn's ``char_wb``);
* ``tag``: spaCy's fine-grained tags and entity types, when the tokens carry them.

Each block is weighted like scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` (``1 + log tf``
times the block's idf) and L2-normalised on its own; the score is a logistic regression over
the concatenation. Training (``training/statements.py``) builds exactly these features with
the same :func:`features` function, fits with scikit-learn and exports the weights as ``.npy``
(loaded with ``allow_pickle=False``) and a ``config.json``.

A model may carry a *dense head* (:class:`BagMLP`, config key ``"dense"``): a one-hidden-layer
MLP over the mean and maximum of the sentence's word vectors and a few counts
(:func:`sentence_counts`), whose logit is added to the linear one. Its files sit beside the
linear ones with a ``dense_`` prefix; still numpy only, a few tens of microseconds a sentence.
"""
from __future__ import annotations

import json
import math
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy

BLOCKS = ("word", "char", "tag")
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class Token:
    """What the classifier reads of a token (a spaCy ``Token`` has the same attributes)."""

    text: str
    tag_: str = ""
    ent_type_: str = ""


def _norm(word: str) -> str:
    return _DIGITS.sub("0", word.lower())


class Hasher:
    """Feature string → bucket, with per-word caches (words repeat; hashing is the hot path)."""

    def __init__(self, bits: int, char_range: tuple[int, int] = (2, 5), cache_size: int = 200_000):
        self.bits = bits
        self.mask = (1 << bits) - 1
        self.char_range = char_range
        self.cache_size = cache_size
        self._word: dict[str, int] = {}
        self._char: dict[str, list[int]] = {}

    def bucket(self, feature: str) -> int:
        b = self._word.get(feature)
        if b is None:
            if len(self._word) > self.cache_size:
                self._word.clear()
            b = self._word[feature] = zlib.crc32(feature.encode("utf-8")) & self.mask
        return b

    def chars(self, word: str) -> list[int]:
        out = self._char.get(word)
        if out is None:
            if len(self._char) > self.cache_size:
                self._char.clear()
            w = f" {word} "
            lo, hi = self.char_range
            mask = self.mask
            out = [
                zlib.crc32(("c:" + w[i : i + n]).encode("utf-8")) & mask
                for n in range(lo, hi + 1)
                for i in range(len(w) - n + 1)
            ]
            self._char[word] = out
        return out


def features(tokens: Sequence, hasher: Hasher, blocks: Sequence[str] = BLOCKS) -> dict[str, list[int]]:
    """Hashed feature buckets of one sentence, per block (repeats kept: they are the counts)."""
    words = [_norm(t.text) for t in tokens if not t.text.isspace()]
    out: dict[str, list[int]] = {}
    if "word" in blocks:
        b = hasher.bucket
        seq = ["<s>", *words, "</s>"]
        feats = [b("w:" + w) for w in words]
        feats += [b("b:" + x + " " + y) for x, y in zip(seq, seq[1:])]
        out["word"] = feats
    if "char" in blocks:
        feats = []
        for w in words:
            feats += hasher.chars(w)
        out["char"] = feats
    if "tag" in blocks:
        b = hasher.bucket
        toks = [t for t in tokens if not t.text.isspace()]
        tags = [t.tag_ or "?" for t in toks]
        feats = [b("t:" + t) for t in tags]
        feats += [b("tt:" + x + " " + y) for x, y in zip(tags, tags[1:])]
        feats += [b("e:" + t.ent_type_) for t in toks if t.ent_type_]
        feats.append(b("len:" + str(min(len(words) // 5, 8))))
        out["tag"] = feats
    return out


def weigh(feats: dict[str, list[int]], idf: numpy.ndarray, blocks: Sequence[str], size: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(indices, values) into the stacked space ``block_number * size + bucket``: sublinear tf ×
    idf, each block L2-normalised; buckets unseen in training (idf 0) drop out."""
    all_idx, all_val = [], []
    for k, name in enumerate(blocks):
        f = feats.get(name)
        if not f:
            continue
        idx, counts = numpy.unique(numpy.asarray(f, dtype=numpy.int64), return_counts=True)
        idx += k * size
        val = (1.0 + numpy.log(counts)) * idf[idx]
        keep = val > 0
        idx, val = idx[keep], val[keep]
        norm = math.sqrt(float(val @ val))
        if norm > 0:
            all_idx.append(idx)
            all_val.append(val / norm)
    if not all_idx:
        return numpy.zeros(0, dtype=numpy.int64), numpy.zeros(0, dtype=numpy.float64)
    return numpy.concatenate(all_idx), numpy.concatenate(all_val)


class LinearTextModel:
    """A hashed-feature logistic regression: ``score(tokens)`` → probability of the positive class.

    ``idf`` and ``weights`` are dense over the stacked space (one ``2**bits`` slice per block);
    on disk only the buckets seen in training are stored: ``index.npy`` (int32) with
    ``idf.npy`` and ``weights.npy`` (float16) beside it.
    """

    def __init__(self, config: dict, idf: numpy.ndarray, weights: numpy.ndarray, dense: "BagMLP | None" = None):
        self.config = config
        self.dense = dense
        self.blocks = tuple(config["blocks"])
        self.bias = float(config["bias"])
        self.threshold = float(config.get("threshold", 0.5))
        self.hasher = Hasher(int(config["bits"]), tuple(config.get("char_range", (2, 5))))
        self.size = 1 << self.hasher.bits
        self.idf = numpy.asarray(idf, dtype=numpy.float32)
        self.weights = numpy.asarray(weights, dtype=numpy.float32)
        if self.idf.shape != (len(self.blocks) * self.size,) or self.weights.shape != self.idf.shape:
            raise ValueError("weights do not match the configured blocks and hash size")
        # a blend that gave the linear part no weight (picked on dev) skips its features
        self.linear = bool(numpy.any(self.weights)) or self.dense is None

    @classmethod
    def load(cls, path: str | Path) -> "LinearTextModel":
        path = Path(path)
        config = json.loads((path / "config.json").read_text("utf-8"))
        index = numpy.load(path / "index.npy", allow_pickle=False)
        n = len(config["blocks"]) << int(config["bits"])
        if index.size and (index.min() < 0 or index.max() >= n):
            raise ValueError(f"{path}: index out of range")
        idf = numpy.zeros(n, dtype=numpy.float32)
        weights = numpy.zeros(n, dtype=numpy.float32)
        idf[index] = numpy.load(path / "idf.npy", allow_pickle=False)
        weights[index] = numpy.load(path / "weights.npy", allow_pickle=False)
        dense = BagMLP.load(path, config["dense"]) if config.get("dense") else None
        return cls(config, idf, weights, dense)

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        index = numpy.flatnonzero((self.idf != 0) | (self.weights != 0)).astype(numpy.int32)
        config = dict(self.config, bias=self.bias, threshold=self.threshold)
        (path / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", "utf-8")
        numpy.save(path / "index.npy", index, allow_pickle=False)
        numpy.save(path / "idf.npy", self.idf[index].astype(numpy.float16), allow_pickle=False)
        numpy.save(path / "weights.npy", self.weights[index].astype(numpy.float16), allow_pickle=False)
        if self.dense is not None:
            self.dense.save(path)

    @property
    def feature_key(self) -> tuple:
        """Models with equal keys share their features (one hashing pass for both)."""
        return (self.hasher.bits, self.blocks, self.hasher.char_range)

    def counts(self, tokens: Sequence) -> tuple[numpy.ndarray, numpy.ndarray]:
        """(stacked indices, counts) of one sentence's features: the model-independent part."""
        if not self.linear:
            return numpy.zeros(0, dtype=numpy.int64), numpy.zeros(0, dtype=numpy.int64)
        feats = features(tokens, self.hasher, self.blocks)
        parts = [numpy.asarray(feats[name], dtype=numpy.int64) + k * self.size
                 for k, name in enumerate(self.blocks) if feats.get(name)]
        if not parts:
            return numpy.zeros(0, dtype=numpy.int64), numpy.zeros(0, dtype=numpy.int64)
        return numpy.unique(numpy.concatenate(parts), return_counts=True)

    def score_counts(self, idx: numpy.ndarray, counts: numpy.ndarray, tokens: Sequence | None = None,
                     raw_counts: Sequence[float] | None = None) -> float:
        """The probability from :meth:`counts` (same weighting as :func:`weigh`); a model with a
        dense head also needs the sentence's ``tokens`` (and takes its ``sentence_counts``
        when the caller has them, so two models share them)."""
        if idx.size == 0 or not self.linear:
            z = self.bias
        else:
            val = (1.0 + numpy.log(counts)) * self.idf[idx]
            block = idx >> self.hasher.bits
            norms = numpy.sqrt(numpy.bincount(block, weights=val * val, minlength=len(self.blocks)))
            norms[norms == 0] = 1.0
            z = self.bias + float((val / norms[block]) @ self.weights[idx])
        if self.dense is not None:
            if tokens is None:
                raise ValueError("this model has a dense head: pass the tokens to score_counts")
            z += self.dense.logit(tokens, raw_counts)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def vector(self, tokens: Sequence) -> tuple[numpy.ndarray, numpy.ndarray]:
        return weigh(features(tokens, self.hasher, self.blocks), self.idf, self.blocks, self.size)

    def score(self, tokens: Sequence) -> float:
        return self.score_counts(*self.counts(tokens), tokens)

    def scores(self, sentences: Iterable[Sequence]) -> list[float]:
        return [self.score(s) for s in sentences]


# ----------------------------------------------------------------------------- dense head

# fine-grained tags whose share of the sentence the dense head reads (spaCy's tagger; a blank
# pipeline has no tags and gives zeros)
COUNT_TAGS = ("CD", "VBD", "VBN", "VBZ", "VBP", "VB", "MD", "JJR", "JJS", "RBR", "RBS", "PRP", "PRP$",
              "NNP", "NNPS", "WP", "WRB", "UH", "$", "EX")
_FIRST_PERSON = frozenset("i we me us my our".split())
_SECOND_PERSON = frozenset("you your".split())
_QUOTES = frozenset('"“”'.split()) | {"''", "``", '"'}


def sentence_counts(tokens: Sequence) -> list[float]:
    """A few plain numbers about a sentence: log length, shares of words with digits, first- and
    second-person pronouns, a final question mark, an exclamation mark, quotation marks, and the
    share of each tag in :data:`COUNT_TAGS`."""
    n = digits = first = second = bang = quote = 0
    last = ""
    tags: dict[str, int] = {}
    for t in tokens:
        text = t.text
        if text.isspace():
            continue
        n += 1
        w = text.lower()
        last = w
        if _DIGITS.search(w):
            digits += 1
        if w in _FIRST_PERSON:
            first += 1
        elif w in _SECOND_PERSON:
            second += 1
        elif w == "!":
            bang = 1
        elif w in _QUOTES:
            quote = 1
        tag = t.tag_
        tags[tag] = tags.get(tag, 0) + 1
    d = max(n, 1)
    return [math.log1p(n), digits / d, first / d, second / d, float(last == "?"), float(bang), float(quote),
            *(tags.get(x, 0) / d for x in COUNT_TAGS)]


class BagMLP:
    """An averaged ensemble of small MLPs over word vectors: for each member, the sentence's
    word vectors (words normalised like the ``word`` block; unknown words skipped) pooled to
    [mean | max], joined by the standardised :func:`sentence_counts`, a ReLU layer, one logit;
    the head's logit is ``weight`` × the members' mean.

    Files beside the linear model (no pickles): ``dense_vocab.json`` (the words, shared by the
    members) and ``dense_<name>.npy``: ``emb`` (members × words × dim, float16), ``w1``
    (members × inputs × hidden), ``b1`` (members × hidden), ``w2`` (members × hidden), ``b2``
    (members), ``mean`` and ``scale`` (the counts' standardisation). ``config`` is the
    ``"dense"`` entry of the model's ``config.json`` (``weight`` and a description).
    """

    FILES = ("emb", "w1", "b1", "w2", "b2", "mean", "scale")

    def __init__(self, config: dict, vocab: Sequence[str], emb, w1, b1, w2, b2, mean, scale):
        self.config = dict(config)
        self.vocab = list(vocab)
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self.emb = numpy.asarray(emb, dtype=numpy.float32)
        self.w1, self.b1, self.w2, self.b2 = (numpy.asarray(x, dtype=numpy.float32) for x in (w1, b1, w2, b2))
        self.mean, self.scale = numpy.asarray(mean, dtype=numpy.float32), numpy.asarray(scale, dtype=numpy.float32)
        if self.emb.ndim != 3:
            raise ValueError("dense head: emb must be members x words x dim")
        m, v, dim = self.emb.shape
        hidden = self.b1.shape[-1] if self.b1.ndim == 2 else -1
        if (v != len(self.vocab) or self.w1.shape != (m, 2 * dim + len(self.mean), hidden)
                or self.b1.shape != (m, hidden) or self.w2.shape != (m, hidden) or self.b2.shape != (m,)
                or self.mean.shape != self.scale.shape or len(self.mean) != len(COUNT_TAGS) + 7):
            raise ValueError("dense head: shapes do not match")
        # words × (members · dim): one contiguous row per word for the look-up, and the members'
        # first layers as one block matrix over [means | maxima | counts] (one product a sentence)
        self._table = numpy.ascontiguousarray(self.emb.transpose(1, 0, 2).reshape(v, m * dim))
        k = len(self.mean)
        big = numpy.zeros((2 * m * dim + k, m * hidden), dtype=numpy.float32)
        for j in range(m):
            cols = slice(j * hidden, (j + 1) * hidden)
            big[j * dim : (j + 1) * dim, cols] = self.w1[j, :dim]
            big[(m + j) * dim : (m + j + 1) * dim, cols] = self.w1[j, dim : 2 * dim]
            big[2 * m * dim :, cols] = self.w1[j, 2 * dim :]
        self._w1 = big
        self._b1 = self.b1.reshape(-1)
        self.weight = float(self.config.get("weight", 1.0))
        self._zeros = numpy.zeros(2 * m * dim, dtype=numpy.float32)
        self._rows: dict[str, int] = {}  # token text -> row (-1: unknown or white space)

    @property
    def weight(self) -> float:
        """The factor on the members' mean logit (the blend weight of the dense head)."""
        return self._weight

    @weight.setter
    def weight(self, value: float) -> None:
        self._weight = float(value)
        self.config["weight"] = self._weight
        self._w2 = self.w2.reshape(-1) * (self._weight / len(self.w2))
        self._b2 = float(self.b2.mean()) * self._weight

    @classmethod
    def load(cls, path: str | Path, config: dict) -> "BagMLP":
        path = Path(path)
        vocab = json.loads((path / "dense_vocab.json").read_text("utf-8"))
        arrays = [numpy.load(path / f"dense_{n}.npy", allow_pickle=False) for n in cls.FILES]
        return cls(config, vocab, *arrays)

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "dense_vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), "utf-8")
        for n in self.FILES:
            a = getattr(self, n)
            numpy.save(path / f"dense_{n}.npy", a.astype(numpy.float16 if n == "emb" else numpy.float32), allow_pickle=False)

    def inputs(self, tokens: Sequence, raw_counts: Sequence[float] | None = None) -> numpy.ndarray:
        """[every member's mean vector | every member's max vector | standardised counts]."""
        rows = []
        cache = self._rows
        for t in tokens:
            r = cache.get(t.text)
            if r is None:
                if len(cache) > 200_000:
                    cache.clear()
                r = cache[t.text] = -1 if t.text.isspace() else self.index.get(_norm(t.text), -1)
            if r >= 0:
                rows.append(r)
        raw = sentence_counts(tokens) if raw_counts is None else raw_counts
        counts = (numpy.asarray(raw, dtype=numpy.float32) - self.mean) / self.scale
        if not rows:
            return numpy.concatenate([self._zeros, counts])
        e = self._table[rows]
        return numpy.concatenate([e.sum(axis=0) * (1.0 / len(rows)), e.max(axis=0), counts])

    def logit(self, tokens: Sequence, raw_counts: Sequence[float] | None = None) -> float:
        h = self.inputs(tokens, raw_counts) @ self._w1
        h += self._b1
        numpy.maximum(h, 0.0, out=h)
        return float(h @ self._w2) + self._b2
