"""Train sayso's candidate scorer (``src/sayso/models/attribution_scorer``) on PolNeAR.

Never imported at run time. Reads PolNeAR from ``$SAYSO_DATA/polnear`` (default
``../shared/data/polnear``); writes candidates under ``runs/attribution_scorer/``.

    python training/attribution_scorer.py candidates            # train (out of fold) + dev candidates
    python training/attribution_scorer.py train --C 0.5         # fit, pick the threshold on dev, export
    sayso eval polnear ../shared/data/polnear/dev               # the real end-to-end figure

Candidates of the train split come from the pipeline with a span tagger that never saw
them: ``training/attribution_tagger.py train --folds 2 --fold K --name foldKof2`` trains
one tagger per half of train (article ``i`` of the featurized order is in fold ``i % 2``),
and each half is tagged by the other half's model. Dev candidates use the shipped tagger,
as at run time. A candidate is positive when it links to a gold attribution under the
linked criterion of ``sayso eval polnear`` (content Jaccard ≥ 0.5, cue overlap, source
overlap where the gold has one).

The threshold is the one with the best simulated linked F1 on dev (dev is for tuning);
the simulation drops the doubted candidates and scores what stays outermost.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = ROOT / "runs" / "attribution_scorer"
TAGGER_RUNS = ROOT / "runs" / "attribution_tagger"
sys.path.insert(0, str(ROOT / "src"))


def data_dir() -> Path:
    return Path(os.environ.get("SAYSO_DATA", ROOT.parent / "shared" / "data")) / "polnear"


def _analyzer():
    from sayso import Analyzer

    analyzer = Analyzer(statements=False, techniques=False)
    analyzer.nlp.get_pipe("sayso_attributions").scorer = None  # candidates are extracted below
    return analyzer


def _records(analyzer, articles, tagger_dir: Path | None):
    """One record per article: every final candidate (gate 0, no scorer), the scorable ones
    with their feature strings, and the gold."""
    from sayso.components import span_tagger as st
    from sayso.components.attributions import extract, scorable
    from sayso.components.extensions import get
    from sayso.eval.polnear import _linked

    tagger = analyzer.nlp.get_pipe("sayso_span_tagger")
    tagger._set_inner(st.load_tagger(tagger_dir or st.MODEL_DIR))
    for art, analysis in zip(articles, analyzer.pipe([a.text for a in articles])):
        doc = analysis.doc
        quotes = get(doc, "quotes")
        cands = extract(doc, quotes, [tuple(b) for b in get(doc, "boilerplate")], 0.0, None)
        feats = {id(c): f for c, f in scorable(doc, cands, quotes)}
        out = []
        for c in cands:
            pred = {"source": [c.source] if c.source else None, "cue": [c.cue], "content": list(c.content)}
            out.append({**pred, "kind": c.kind, "features": feats.get(id(c)),
                        "label": any(_linked(g, pred) for g in art.gold)})
        yield {"article": art.name, "candidates": out,
               "gold": [{k: g[k] for k in ("source", "cue", "content")} for g in art.gold]}


def cmd_candidates(args) -> None:
    from sayso.eval.polnear import read_split

    RUNS.mkdir(parents=True, exist_ok=True)
    analyzer = _analyzer()
    if args.boost:
        tagger = analyzer.nlp.get_pipe("sayso_span_tagger")
        tagger.boost = {**tagger.boost, **json.loads(args.boost)}
    order = json.loads((TAGGER_RUNS / "features" / "train.gold.json").read_text())["names"]
    fold_of = {name: i % args.folds for i, name in enumerate(order)}
    train, _ = read_split(data_dir() / "train", args.limit)
    dev, _ = read_split(data_dir() / "dev", args.limit)
    names = args.taggers or [f"fold{k}of{args.folds}" for k in range(args.folds)]
    if len(names) != args.folds:
        sys.exit(f"--taggers needs one run name per fold ({args.folds})")
    jobs = [(f"train.fold{k}", [a for a in train if fold_of[a.name] == k],
             TAGGER_RUNS / names[k] / "model-best") for k in range(args.folds)]
    jobs.append(("dev", dev, None))
    for name, articles, tagger_dir in jobs:
        if args.only and name not in args.only:
            continue
        t0 = time.perf_counter()
        with open(RUNS / f"{name}{args.suffix}.jsonl", "w") as fh:
            for rec in _records(analyzer, articles, tagger_dir):
                fh.write(json.dumps(rec) + "\n")
        print(f"{name}: {len(articles)} articles, {time.perf_counter() - t0:.0f}s", flush=True)


def _load(names):
    recs = []
    for name in names:
        with open(RUNS / f"{name}.jsonl") as fh:
            recs += [json.loads(line) for line in fh]
    return recs


def _rows(items, bits):
    """``(feature strings, label)`` pairs → sparse binary matrix and labels."""
    import numpy
    from scipy.sparse import csr_matrix

    from sayso.components.attribution_scorer import bucket

    rows, cols, y = [], [], []
    for feats, label in items:
        idx = sorted({bucket(f, bits) for f in feats})
        rows += [len(y)] * len(idx)
        cols += idx
        y.append(int(label))
    X = csr_matrix((numpy.ones(len(cols), dtype="float32"), (rows, cols)), shape=(len(y), 1 << bits))
    return X, numpy.array(y)


def _matrix(recs, bits):
    """Scorable candidates: matrix, labels and ``(article, candidate)`` positions."""
    items, where = [], []
    for ai, rec in enumerate(recs):
        for ci, c in enumerate(rec["candidates"]):
            if c["features"] is not None:
                items.append((c["features"], c["label"]))
                where.append((ai, ci))
    X, y = _rows(items, bits)
    return X, y, where


def simulate(recs, probs, where, threshold):
    """Linked P/R/F1 over articles when candidates under ``threshold`` are dropped."""
    from sayso.eval.polnear import linked_pairs

    drop = {w for w, p in zip(where, probs) if p < threshold}
    tp = npred = ngold = 0
    for ai, rec in enumerate(recs):
        kept = [c for ci, c in enumerate(rec["candidates"]) if (ai, ci) not in drop]
        outer = [c for c in kept if not any(
            o is not c and any(s <= c["cue"][0][0] < e for s, e in o["content"]) for o in kept)]
        preds = [{"source": c["source"], "cue": c["cue"], "content": c["content"]} for c in outer]
        tp += len(linked_pairs(rec["gold"], preds))
        npred += len(preds)
        ngold += len(rec["gold"])
    p, r = tp / max(1, npred), tp / max(1, ngold)
    return p, r, 2 * p * r / max(1e-9, p + r)


def cmd_train(args) -> None:
    import numpy
    from sklearn.linear_model import LogisticRegression

    from sayso.components.attribution_scorer import MODEL_DIR, CandidateScorer, bucket

    train = _load([f"train.fold{k}{args.suffix}" for k in range(args.folds)])
    dev = _load([f"dev{args.suffix}"])
    X, y, _ = _matrix(train, args.bits)
    Xd, yd, where = _matrix(dev, args.bits)
    print(f"train: {X.shape[0]} candidates, {y.mean():.3f} positive; dev: {Xd.shape[0]}, {yd.mean():.3f}")
    clf = LogisticRegression(C=args.C, max_iter=2000, solver="liblinear")
    clf.fit(X, y)
    probs = clf.predict_proba(Xd)[:, 1]
    acc = ((probs >= 0.5) == yd).mean()
    print(f"dev candidate accuracy {acc:.3f}")
    base = simulate(dev, numpy.ones(len(where)), where, 0.0)
    print(f"dev linked, nothing dropped: P {base[0]:.3f} R {base[1]:.3f} F1 {base[2]:.3f}")
    oracle = simulate(dev, yd.astype(float), where, 0.5)  # keeps exactly the scorable candidates that link
    print(f"dev linked, a perfect filter: P {oracle[0]:.3f} R {oracle[1]:.3f} F1 {oracle[2]:.3f}")
    best = None
    for t in numpy.arange(0.1, 0.61, 0.05):
        p, r, f = simulate(dev, probs, where, t)
        print(f"  threshold {t:.2f}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
        if best is None or f > best[1]:
            best = (float(round(t, 2)), f)
    threshold = args.threshold if args.threshold is not None else best[0]
    weights = numpy.zeros(1 << args.bits, dtype="float32")
    weights[:] = clf.coef_[0]
    weights[bucket("bias", args.bits)] += float(clf.intercept_[0])
    from sayso.components.span_tagger import RECALL_BOOST

    config = {"bits": args.bits, "span_tagger_boost": RECALL_BOOST, "threshold": threshold, "C": args.C, "unknown_cue_confidence": 0.0,
              "train_candidates": int(X.shape[0]), "folds": args.folds,
              "trained_on": "PolNeAR train (span-tagger candidates out of fold)", "threshold_tuned_on": "PolNeAR dev"}
    if not args.dry_run:
        CandidateScorer(weights, config).save(args.out or MODEL_DIR)
        print(f"threshold {threshold} -> {args.out or MODEL_DIR}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("candidates")
    c.add_argument("--folds", type=int, default=2)
    c.add_argument("--limit", type=int, default=None)
    c.add_argument("--only", nargs="+", default=None, help="e.g. dev train.fold0")
    c.add_argument("--boost", default=None, help='decoding weights, e.g. {"CUE": 3.0} (default: the component\'s RECALL_BOOST)')
    c.add_argument("--suffix", default="", help="file name suffix for this variant")
    c.add_argument("--taggers", nargs="+", default=None,
                   help="fold tagger runs under runs/attribution_tagger, the one that left out fold K "
                        "K-th (default: foldKofN)")
    t = sub.add_parser("train")
    t.add_argument("--folds", type=int, default=2)
    t.add_argument("--C", type=float, default=0.5)
    t.add_argument("--bits", type=int, default=18)
    t.add_argument("--threshold", type=float, default=None, help="default: best simulated linked F1 on dev")
    t.add_argument("--out", default=None)
    t.add_argument("--dry-run", action="store_true")
    t.add_argument("--suffix", default="", help="candidate files of a variant (see candidates --suffix)")
    args = ap.parse_args(argv)
    {"candidates": cmd_candidates, "train": cmd_train}[args.cmd](args)


if __name__ == "__main__":
    main()
