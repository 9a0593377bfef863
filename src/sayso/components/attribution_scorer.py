"""A learned second opinion on each outermost candidate attribution: keep it or drop it.

The rules and the span tagger propose candidates; many wrong ones share traits no single
rule sees (an open-ended tagger cue the rules did not find, a one-word content, a cue in a
headline). A logistic regression over hashed feature strings of each candidate (its kind,
who proposed it, whether the other side agreed, the tagger's confidence, the cue's words
and lexicon class, the content's length and layout) gives the probability that PolNeAR
would count it; candidates under the threshold are dropped.

Candidates nested in another's content are never scored (PolNeAR annotates only the
outermost attribution, so it cannot teach which inner ones are right), nor are the layouts
the rules read exactly ("according to", block quotes, speaker colons, dashes, noun cues,
and citations, which are links of a chain).

Weights are plain arrays (``weights.npy``, read with ``allow_pickle=False``) plus a JSON
config; ``training/attribution_scorer.py`` trains them on PolNeAR train, with span-tagger
candidates predicted out of fold so that the tagger's confidence means what it means on
unseen text.
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy
from spacy.tokens import Doc

from . import cues as lex
from .morph import lemma as lemma_of

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution_scorer"
Range = tuple[int, int]
_KNOWN = (("speech", lex.SPEECH_VERBS), ("attitude", lex.ATTITUDE_VERBS), ("noun", lex.CUE_NOUNS))


def _length_bin(n: int) -> str:
    for cap, name in ((1, "1"), (2, "2"), (3, "3"), (6, "4-6"), (12, "7-12"), (25, "13-25"), (50, "26-50")):
        if n <= cap:
            return name
    return "51+"


def _lexicon_class(lemmas: Sequence[str]) -> str:
    for name, words in _KNOWN:
        if any(lem in words for lem in lemmas):
            return name
    if any(lem in lex.DENIAL_VERBS for lem in lemmas):
        return "denial"
    if "according" in lemmas:
        return "according"
    return "none"


def _word(tok) -> str:
    return tok.lower_ if tok is not None else "<none>"


def candidate_features(doc: Doc, text: str, cand, *, agree: bool, in_quote: bool, paragraph_start: int) -> list[str]:
    """Feature strings of one candidate (``attributions.Candidate``)."""
    cue = doc.char_span(*cand.cue, alignment_mode="expand")
    toks = list(cue) if cue is not None else []
    lemmas = [lemma_of(t) for t in toks]
    head = cue.root if cue is not None and len(cue) else None
    lexc = _lexicon_class(lemmas)
    origin = getattr(cand, "origin", "rule")
    conf = f"{min(9, int(cand.confidence * 10))}"
    c0, c1 = cand.content[0][0], cand.content[-1][1]
    words = len(text[c0:c1].split())
    if cand.source is None:
        src = "none"
    else:
        sspan = doc.char_span(*cand.source, alignment_mode="expand")
        src = sspan.root.tag_ if sspan is not None and len(sspan) else "odd"
    before = doc[toks[0].i - 1] if toks and toks[0].i > 0 else None
    after = doc[toks[-1].i + 1] if toks and toks[-1].i + 1 < len(doc) else None
    first = doc.char_span(c0, min(c1, c0 + 40), alignment_mode="expand")
    cpos = "after" if c0 >= cand.cue[1] else "before" if c1 <= cand.cue[0] else "around"
    spos = "none" if cand.source is None else "before" if cand.source[1] <= cand.cue[0] else "after"
    kind = cand.kind
    agreement = "none" if cand.agreement < 0 else f"{min(4, int(cand.agreement * 5))}"
    end_tok = doc.char_span(c1 - 1, c1, alignment_mode="expand")
    start_tok = doc.char_span(c0, c0 + 1, alignment_mode="expand")
    shape = "odd"
    if end_tok is not None and start_tok is not None and len(end_tok) and len(start_tok):
        from .attributions import sent_of

        s_end, s_start = sent_of(end_tok[-1]), sent_of(start_tok[0])
        at_end = not any(not (t.is_punct or t.is_space) for t in doc[end_tok[-1].i + 1 : s_end.end])
        at_start = not any(not (t.is_punct or t.is_space) for t in doc[s_start.start : start_tok[0].i])
        shape = f"{at_start}|{at_end}|{s_end.start != s_start.start}"
    feats = [
        "bias", f"k={kind}", f"o={origin}", f"ok={origin}|{kind}", f"ag={agree}|{origin}",
        f"cb={conf}|{origin}", f"cbk={conf}|{origin}|{kind}", f"lex={lexc}", f"lexo={lexc}|{origin}|{agree}",
        f"cue={' '.join(t.lower_ for t in toks[:4])}", f"ncue={min(len(toks), 5)}",
        f"len={_length_bin(words)}", f"lenk={_length_bin(words)}|{kind}", f"nr={min(len(cand.content), 3)}",
        f"q={cand.quote}|{kind}", f"neg={cand.negated}", f"src={src}", f"srck={src}|{kind}",
        f"spos={spos}|{cpos}", f"cpos={cpos}|{kind}", f"inq={in_quote}|{origin}",
        f"par0={paragraph_start}", f"prev={_word(before)}", f"next={_word(after)}",
        f"first={first[0].lower_ if first is not None and len(first) else '<none>'}",
        f"agr={agreement}|{origin}", f"agrk={agreement}|{kind}", f"shape={shape}", f"shapek={shape}|{cpos}|{kind}",
    ]
    if head is not None:
        feats += [f"lem={lemma_of(head)}", f"lemo={lemma_of(head)}|{origin}", f"tag={head.tag_}",
                  f"dep={head.dep_}", f"tagk={head.tag_}|{kind}"]
    return feats


def bucket(feature: str, bits: int) -> int:
    return zlib.crc32(feature.encode("utf8")) & ((1 << bits) - 1)


class CandidateScorer:
    """Probability that a candidate is an attribution, from hashed feature strings."""

    def __init__(self, weights: numpy.ndarray, config: dict):
        self.weights = numpy.asarray(weights, dtype="float32")
        self.bits = int(config["bits"])
        self.threshold = float(config["threshold"])
        self.config = dict(config)
        if self.weights.shape != (1 << self.bits,):
            raise ValueError("attribution scorer weights do not match the configured hash size")

    @classmethod
    def load(cls, path: str | Path = MODEL_DIR) -> "CandidateScorer":
        path = Path(path)
        config = json.loads((path / "config.json").read_text())
        return cls(numpy.load(path / "weights.npy", allow_pickle=False), config)

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        numpy.save(path / "weights.npy", self.weights, allow_pickle=False)
        (path / "config.json").write_text(json.dumps(self.config, indent=2, sort_keys=True))

    def indices(self, features: Sequence[str]) -> numpy.ndarray:
        return numpy.unique(numpy.fromiter((bucket(f, self.bits) for f in features), dtype="int64"))

    def probability(self, features: Sequence[str]) -> float:
        z = float(self.weights[self.indices(features)].sum())
        return 1.0 / (1.0 + numpy.exp(-z))
