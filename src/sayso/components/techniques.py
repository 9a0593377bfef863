"""Persuasion techniques: the exact words that do the persuading, and whose words they are.

``sayso_techniques`` runs after the attribution and nesting components and writes
``doc._.techniques``: a list of :class:`TechniqueSpan` (character offsets into ``doc.text``)
for the 14 techniques of the Propaganda Techniques Corpus (names exactly as the SemEval-2020
Task 11 list spells them; see ``sayso.techniques_catalogue``).

1. **Where.** A sentence model scores every sentence (is there a technique in it?); a token
   model scores every token (is it inside a technique span?), reading the sentence's score and
   the article's mean. A sentence scoring at least ``sentence_threshold`` becomes one span;
   elsewhere runs of tokens at or above ``token_threshold`` (continuing while at or above
   ``token_low``, runs at most ``gap`` tokens apart joined) do. Spans never cross a line break
   and are trimmed of spaces, quotation marks and ``.,:;``, like PTC's spans.
2. **Which.** A softmax model names the technique of each span from its words, characters,
   context, length, and how often its text recurs in the article and among the other spans.
3. **Whose.** ``voice`` is the id of the innermost attribution whose content holds the span
   (a loaded word inside a quotation is the quoted speaker's), else ``"author"``.

Boilerplate is never marked. ``confidence`` is the span's mean token probability (the sentence
probability for a whole-sentence span). Models: ``sayso/models/techniques/`` (numpy only at
run time, see its ``MODEL_CARD.md`` and ``training/techniques.py``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from .extensions import get, setup_extensions
from .nesting import chain_depth
from .technique_features import (Article, LinearModel, Stacker, WordVectors, sentence_ranges, span_features,
                                 span_numbers, stack_features, technique_rows, token_dense, token_features, trim)

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "techniques"
PARTS = ("sentence", "token", "technique")
DEFAULT_SETTINGS = {"token_threshold": 0.25, "token_low": 0.175, "sentence_threshold": 0.5, "gap": 2}


@dataclass(slots=True)
class TechniqueSpan:
    """One persuasion-technique span: ``voice`` is ``"author"`` or an attribution id."""

    start: int
    end: int
    technique: str
    confidence: float
    voice: str = "author"
    alternatives: tuple[tuple[str, float], ...] = ()  # the next most likely techniques


def decode(art: Article, sent_prob: dict[int, float], tok_prob: numpy.ndarray, *, token_threshold: float,
           token_low: float, sentence_threshold: float, gap: int = 0, **_) -> list[tuple[int, int, float]]:
    """Spans (start, end, confidence) from the sentence and token probabilities."""
    text = art.text
    out: list[tuple[int, int, float]] = []
    for k, cs, ce in sentence_ranges(art):
        q = sent_prob.get(k, 0.0)
        if q >= sentence_threshold:
            out.append((cs, ce, q))
            continue
        s, e = art.sents[k]
        runs: list[list[int]] = []  # [first token, last token, first pos, last pos]
        run = None
        pos = 0
        for i in range(s, e):
            if art.space[i]:
                if "\n" in art.words[i]:
                    if run:
                        runs.append(run)
                        run = None
                    pos += gap + 1  # never bridge a line break
                continue
            p = tok_prob[i]
            if p >= token_threshold or (run is not None and p >= token_low):
                if run is None:
                    if runs and pos - runs[-1][3] <= gap and p >= token_threshold:
                        run = runs.pop()
                    else:
                        run = [i, i, pos, pos]
                run[1], run[3] = i, pos
            elif run is not None:
                runs.append(run)
                run = None
            pos += 1
        if run:
            runs.append(run)
        for i, j, _, _ in runs:
            a, b = trim(text, art.starts[i], art.ends[j])
            if b > a:
                probs = [tok_prob[x] for x in range(i, j + 1) if not art.space[x]]
                out.append((a, b, float(numpy.mean(probs))))
    return out


class TechniqueFinder:
    """Finds persuasion-technique spans and writes ``doc._.techniques``."""

    def __init__(self, nlp: Language | None = None, name: str = "sayso_techniques", *, model: str | None = None,
                 load: bool = True):
        self.name = name
        self.model_path = model
        self.models: dict[str, LinearModel] = {}
        self.vectors: WordVectors | None = None
        self.stacker: Stacker | None = None
        self.settings: dict = dict(DEFAULT_SETTINGS)
        if load:
            self._load(Path(model) if model else MODEL_DIR)
        setup_extensions()

    @classmethod
    def from_models(cls, sentence: LinearModel, token: LinearModel, technique: LinearModel,
                    settings: dict | None = None, vectors: WordVectors | None = None,
                    stacker: Stacker | None = None) -> "TechniqueFinder":
        finder = cls(load=False)
        finder.models = {"sentence": sentence, "token": token, "technique": technique}
        finder.vectors, finder.stacker = vectors, stacker
        finder.settings.update(settings or {})
        return finder

    # --- models

    def _load(self, path: Path) -> None:
        missing = [p for p in PARTS if not (path / p / "config.json").is_file()]
        if missing:
            raise FileNotFoundError(f"sayso_techniques: no {', '.join(missing)} model under {path}")
        self.models = {p: LinearModel.load(path / p) for p in PARTS}
        self.vectors = WordVectors.load(path / "vectors") if (path / "vectors" / "vocab.json").is_file() else None
        self.stacker = Stacker.load(path / "stacker") if (path / "stacker" / "w1.npy").is_file() else None
        settings = path / "settings.json"
        if settings.is_file():
            self.settings = dict(DEFAULT_SETTINGS) | json.loads(settings.read_text("utf-8"))

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for p, m in self.models.items():
            m.save(path / p)
        if self.vectors is not None:
            self.vectors.save(path / "vectors")
        if self.stacker is not None:
            self.stacker.save(path / "stacker")
        (path / "settings.json").write_text(json.dumps(self.settings, indent=2, sort_keys=True) + "\n", "utf-8")

    def from_disk(self, path, *, exclude=tuple()) -> "TechniqueFinder":
        self._load(Path(path))
        return self

    @property
    def labels(self) -> list[str]:
        return self.models["technique"].labels

    # --- scoring

    def score(self, art: Article, skip: Sequence[tuple[int, int]] = (), *,
              decided: bool = False) -> tuple[dict[int, float], numpy.ndarray]:
        """Sentence probabilities {sentence index: p} and token probabilities (one per token).
        Sentences overlapping a ``skip`` range (boilerplate) are left out. With ``decided``,
        tokens of sentences at or above ``sentence_threshold`` keep probability 0: ``decode``
        makes those sentences whole spans and never reads their tokens."""
        sm, tm = self.models["sentence"], self.models["token"]
        self._attach(art)
        sents = [(k, s, e) for k, s, e in sentence_ranges(art) if not any(min(e, b) > max(s, a) for a, b in skip)]
        sent_prob: dict[int, float] = {}
        if sents:
            feats = [span_features(art, s, e, sm.hasher) for _, s, e in sents]
            dense = numpy.array([v for _, v in feats]) if sm.dense_width and art.vectors is not None else None
            for (k, _, _), p in zip(sents, sm.proba([f for f, _ in feats], dense)):
                sent_prob[k] = float(p)
        mean = float(numpy.mean(list(sent_prob.values()))) if sent_prob else 0.0
        tok_prob = numpy.zeros(len(art.words), dtype=numpy.float32)
        cut = self.settings.get("sentence_threshold", 1.0) if decided else float("inf")
        keep = [k for k, p in sent_prob.items() if p < cut]
        if keep:
            only = set(keep) if decided else None
            feats = stack_features(art, token_features(art, tm.hasher, only), sent_prob, mean, tm.hasher)
            idx = [i for k in keep for i in range(*art.sents[k]) if feats[i]]
            if idx:
                dense = token_dense(art) if tm.dense_width else None
                tok_prob[idx] = tm.proba([feats[i] for i in idx], None if dense is None else dense[idx])
        return sent_prob, tok_prob

    def rank(self, art: Article, spans: Sequence[tuple[int, int]]) -> list[list[str]]:
        """For each span, every technique name, most likely first."""
        return [[n for n, _ in r] for r in self.rank_scores(art, spans)]

    def rank_scores(self, art: Article, spans: Sequence[tuple[int, int]]) -> list[list[tuple[str, float]]]:
        if not spans:
            return []
        m = self.models["technique"]
        self._attach(art)
        rows, vecs = technique_rows(art, spans, m.hasher, m.config.get("extras", ()))
        dense = numpy.array(vecs) if m.dense_width and art.vectors is not None else None
        probs = m.proba(rows, dense)
        if self.stacker is not None:
            numbers = numpy.array([span_numbers(art, s, e) for s, e in spans], dtype=numpy.float32)
            probs = self.stacker.proba(numpy.hstack([numpy.log(probs + 1e-9), numbers]))
        bias = self.settings.get("technique_bias")
        if bias:  # per-technique log-prior shift, chosen out-of-fold on train
            probs = probs * numpy.exp(numpy.array([bias.get(n, 0.0) for n in m.labels], dtype=numpy.float32))
            probs = probs / probs.sum(axis=1, keepdims=True)
        out = []
        for row in probs:
            order = numpy.argsort(-row)
            out.append([(m.labels[j], float(row[j])) for j in order])
        return out

    def _attach(self, art: Article) -> None:
        if self.vectors is not None and art.vectors is None:
            self.vectors.attach(art)

    def classify(self, doc: Doc, spans: Sequence[tuple[int, int]]) -> list[list[str]]:
        """Techniques of given character spans of a processed ``doc``, most likely first (TC task)."""
        return self.rank(Article.from_doc(doc), spans)

    # --- pipeline

    def __call__(self, doc: Doc) -> Doc:
        boilerplate = sorted((int(s), int(e)) for s, e in get(doc, "boilerplate"))
        art = Article.from_doc(doc, [(q.start, q.end) for q in get(doc, "quotes")])
        sent_prob, tok_prob = self.score(art, boilerplate, decided=True)
        found = [(s, e, c) for s, e, c in decode(art, sent_prob, tok_prob, **self.settings)
                 if not any(min(e, b) > max(s, a) for a, b in boilerplate)]
        ranked = self.rank_scores(art, [(s, e) for s, e, _ in found])
        attributions = list(get(doc, "attributions"))
        by_id = {a.id: a for a in attributions}
        out = []
        for (s, e, c), r in zip(found, ranked):
            out.append(TechniqueSpan(s, e, r[0][0], round(float(c), 4), _voice(s, e, attributions, by_id),
                                     tuple((n, round(p, 4)) for n, p in r[1:3])))
        doc._.techniques = out
        return doc


def _voice(s: int, e: int, attributions, by_id) -> str:
    """The innermost attribution whose content holds (at least half of) the span, else "author"."""
    need = max(1, (e - s + 1) // 2)
    holders = [a for a in attributions
               if sum(max(0, min(e, c.end) - max(s, c.start)) for c in a.content) >= need]
    if not holders:
        return "author"
    return max(holders, key=lambda a: (chain_depth(a, by_id), -sum(c.end - c.start for c in a.content))).id


@Language.factory("sayso_techniques", default_config={"model": None})
def make_technique_finder(nlp: Language, name: str, model: str | None) -> TechniqueFinder:
    return TechniqueFinder(nlp, name, model=model)
