"""``sayso eval ptc``: SemEval-2020 Task 11 figures of ``sayso_techniques`` on the PTC.

* **Span identification (SI)**: the article goes through the whole analysis (``Analyzer``,
  boilerplate detection included) and the contract's ``techniques`` spans, merged where they
  overlap, are scored against ``<split>-task-si.labels`` with the task's character-overlap
  partial credit: precision = Σ over predicted spans s, Σ over gold spans g of the same article
  |s ∩ g| / |s|, divided by the number of predicted spans; recall the same with |g| and the
  number of gold spans (the official ``task-SI_scorer.py``; gold spans do not overlap, so the
  inner sum is the share of s that gold covers). ``max`` credit (each span credited only with
  its best-overlapping counterpart) is printed beside it.
* **Technique classification (TC)**: for every gold span of ``<split>-task-flc-tc.labels`` the
  component's technique model names a technique (a span listed twice gets its two best); the
  micro-F1 matches predictions and gold per span as multisets (the official TC scorer: any
  order for a span with several techniques). Every gold span gets one prediction, so micro
  precision, recall and F1 are equal.

The PTC is research-only and never shipped: the command reads it from DIR (a ``ptc`` folder
holding ``<split>-articles/`` and the label files; default ``$SAYSO_DATA/ptc``).
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from ..errors import Errors, SaysoError

Range = tuple[int, int]


def default_dir() -> Path:
    return Path(os.environ.get("SAYSO_DATA") or "../shared/data") / "ptc"


# ----------------------------------------------------------------------------- reading


def read_articles(folder: Path) -> dict[str, str]:
    """``article<ID>.txt`` → {ID: text} (read exactly: offsets are into the raw text)."""
    out = {}
    for p in sorted(folder.glob("article*.txt")):
        with p.open(encoding="utf-8", newline="") as f:
            out[p.stem[len("article"):]] = f.read()
    return out


def read_si(path: Path) -> dict[str, list[Range]]:
    out: dict[str, list[Range]] = defaultdict(list)
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            out[parts[0]].append((int(parts[1]), int(parts[2])))
    return dict(out)


def read_tc(path: Path) -> dict[str, list[tuple[str, int, int]]]:
    out: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 4:
            out[parts[0]].append((parts[1], int(parts[2]), int(parts[3])))
    return dict(out)


# ----------------------------------------------------------------------------- metrics


def merge(spans: list[Range]) -> list[Range]:
    """Overlapping or touching spans joined (what the SI scorer's ``-m`` does)."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _overlap(a: Range, b: Range) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def si_scores(pred: dict[str, list[Range]], gold: dict[str, list[Range]], credit: str = "sum") -> dict:
    """Precision, recall and F1 with the SemEval-2020 Task 11 partial credit.

    ``credit="sum"`` is the official scorer (every overlapping pair counts); ``"max"`` credits
    each span with its single best-overlapping counterpart. Predicted spans are merged first
    (the official scorer refuses overlapping predictions). Articles without predictions still
    count their gold spans in the recall denominator."""
    agg = sum if credit == "sum" else (lambda xs: max(xs, default=0.0))
    p_num = r_num = 0.0
    n_pred = n_gold = 0
    for art in set(pred) | set(gold):
        ps = merge(pred.get(art, []))
        gs = gold.get(art, [])
        n_pred += len(ps)
        n_gold += len(gs)
        for p in ps:
            p_num += agg([_overlap(p, g) / (p[1] - p[0]) for g in gs])
        for g in gs:
            if g[1] > g[0]:
                r_num += agg([_overlap(p, g) / (g[1] - g[0]) for p in ps])
    precision = p_num / n_pred if n_pred else 0.0
    recall = r_num / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "predicted": n_pred, "gold": n_gold}


def tc_scores(pred: dict[str, list[tuple[str, int, int]]], gold: dict[str, list[tuple[str, int, int]]]) -> dict:
    """Micro P/R/F1 of technique labels, matched per (article, span) as multisets; per-technique F1."""
    tp = n_pred = n_gold = 0
    per = defaultdict(lambda: [0, 0, 0])  # technique -> [tp, pred, gold]
    for art in set(pred) | set(gold):
        g_by, p_by = defaultdict(Counter), defaultdict(Counter)
        for t, s, e in gold.get(art, []):
            g_by[(s, e)][t] += 1
        for t, s, e in pred.get(art, []):
            p_by[(s, e)][t] += 1
        for key in set(g_by) | set(p_by):
            hit = g_by[key] & p_by[key]
            tp += sum(hit.values())
            n_pred += sum(p_by[key].values())
            n_gold += sum(g_by[key].values())
            for t, n in hit.items():
                per[t][0] += n
            for t, n in p_by[key].items():
                per[t][1] += n
            for t, n in g_by[key].items():
                per[t][2] += n
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_technique = {t: round(2 * a / (b + c), 4) if b + c else 0.0 for t, (a, b, c) in sorted(per.items())}
    return {"precision": round(precision, 4), "recall": round(recall, 4), "micro_f1": round(f1, 4),
            "spans": n_gold, "f1_by_technique": by_technique}


# ----------------------------------------------------------------------------- running sayso


def evaluate(ptc: Path, split: str = "dev", limit: int | None = None, progress=None) -> dict:
    """Both figures of the shipped component on one PTC split."""
    from ..analyzer import Analyzer
    from ..components.techniques import TechniqueFinder

    folder = ptc / f"{split}-articles"
    si_path, tc_path = ptc / f"{split}-task-si.labels", ptc / f"{split}-task-flc-tc.labels"
    for p in (folder, si_path, tc_path):
        if not p.exists():
            raise SaysoError(Errors.E005, what=f"{p} (expected a PTC folder with {split}-articles/ and its label files)")
    articles = read_articles(folder)
    ids = sorted(articles)[:limit] if limit else sorted(articles)
    gold_si, gold_tc = read_si(si_path), read_tc(tc_path)
    analyzer = Analyzer(content_type="text")
    finder = next((p for _, p in analyzer.nlp.pipeline if isinstance(p, TechniqueFinder)), None)
    if finder is None:
        raise SaysoError(Errors.E006, what="the pipeline", reason="it has no sayso_techniques component")
    pred_si: dict[str, list[Range]] = {}
    pred_tc: dict[str, list[tuple[str, int, int]]] = {}
    t0 = time.perf_counter()
    for n, art in enumerate(ids):
        analysis = analyzer.analyze(articles[art])
        pred_si[art] = [(t["start"], t["end"]) for t in analysis.to_dict()["techniques"]]
        spans = gold_tc.get(art, [])
        if spans:
            wanted = Counter((s, e) for _, s, e in spans)
            ranked = finder.classify(analysis.doc, list(wanted))
            pred_tc[art] = [(ranked[k][m], s, e) for k, ((s, e), c) in enumerate(wanted.items()) for m in range(c)]
        if progress and (n + 1) % 10 == 0:
            progress(f"{n + 1}/{len(ids)} articles")
    seconds = time.perf_counter() - t0
    gold_si = {a: gold_si.get(a, []) for a in ids}
    gold_tc = {a: gold_tc.get(a, []) for a in ids}
    return {
        "split": split,
        "articles": len(ids),
        "span_identification": si_scores(pred_si, gold_si),
        "span_identification_max_credit": si_scores(pred_si, gold_si, credit="max"),
        "technique_classification": tc_scores(pred_tc, gold_tc),
        "seconds": round(seconds, 1),
    }


def main(args) -> int:
    ptc = Path(args.directory) if args.directory else default_dir()
    progress = (lambda msg: print(msg, file=sys.stderr)) if not args.json else None
    result = evaluate(ptc, split=args.split, limit=args.limit, progress=progress)
    if args.json:
        print(json.dumps(result))
        return 0
    si, si_max, tc = result["span_identification"], result["span_identification_max_credit"], result["technique_classification"]
    print(f"PTC {result['split']}: {result['articles']} articles ({result['seconds']} s)")
    print(f"span identification  P {si['precision']:.4f}  R {si['recall']:.4f}  F1 {si['f1']:.4f}"
          f"  ({si['predicted']} predicted, {si['gold']} gold spans; official partial credit)")
    print(f"  max-overlap credit P {si_max['precision']:.4f}  R {si_max['recall']:.4f}  F1 {si_max['f1']:.4f}")
    print(f"technique classification micro-F1 {tc['micro_f1']:.4f}  ({tc['spans']} gold spans)")
    for t, v in tc["f1_by_technique"].items():
        print(f"  {t:36s} F1 {v:.4f}")
    return 0
