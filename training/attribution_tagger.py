"""Train, export and evaluate sayso's learned attribution span tagger on PolNeAR.

Never imported at run time. Reads PolNeAR from ``$SAYSO_DATA/polnear`` (default
``../shared/data/polnear`` from the project root) and writes everything derived from it
under ``runs/attribution_tagger/`` (git-ignored). Only the exported weights go to
``src/sayso/models/attribution_tagger/``.

    python training/attribution_tagger.py convert                 # PolNeAR train/dev -> DocBin (BIO tags)
    python training/attribution_tagger.py featurize               # --arch parse: pipeline prefix -> runs/
    python training/attribution_tagger.py train --max-steps 6000  # spacy train, checkpoints in runs/
    python training/attribution_tagger.py train --resume          # continue from runs/.../model-last
    python training/attribution_tagger.py export                  # model-best -> src/sayso/models/attribution_tagger
    python training/attribution_tagger.py evaluate --split dev    # token P/R/F1 + attribution scores
    python training/attribution_tagger.py evaluate --split dev --oracle   # linking with gold runs
    python training/attribution_tagger.py timing --n 50           # component ms/article, old vs new model
    python training/attribution_tagger.py tune --model DIR        # decoding weights on dev
    python training/attribution_tagger.py e2e --model DIR         # sayso eval polnear with DIR as the tagger

Conversion: one annotator per article (the alphabetically first ``.ann`` file);
``Source``/``Cue``/``Content``/``Content2`` spans of each ``Attribution`` event, every
fragment of a discontinuous span separately, are aligned to spaCy tokens with
``char_span(alignment_mode="expand")`` and tagged B-/I-LABEL (whitespace tokens: O).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = ROOT / "runs" / "attribution_tagger"
CORPUS = RUNS / "corpus"
MODEL_OUT = ROOT / "src" / "sayso" / "models" / "attribution_tagger"
ARCHS = {"cnn": "sayso.AttributionTok2Vec.v1", "context": "sayso.AttributionContextTok2Vec.v1",
         "context2": "sayso.AttributionContextTok2Vec.v2", "parse": "sayso.AttributionParseTok2Vec.v1"}
TOK2VEC_TEXT = """@architectures = "{arch}"
width = {width}
depth = {depth}
window_size = {window}
maxout_pieces = 3
attrs = ["LOWER", "PREFIX", "SUFFIX", "SHAPE"]
rows = [{rows}, {rows_small}, {rows_small}, {rows_shape}]
layout_rows = {layout_rows}{extra_arch}"""
TOK2VEC_PARSE = """@architectures = "{arch}"
width = {width}
tensor_width = 96
embed_width = {embed_width}
rows = [{rows}, 100, 300, {rows_small}, 1000, {layout_rows}{child_rows}]
maxout_pieces = {pieces}
depth = {depth}
pool_width = {pool_width}
rounds = {rounds}
round_window = {round_window}
parse_sents = {parse_sents}
normalize = {normalize}"""
CORPORA_TEXT = """
[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${paths.train}
max_length = 0
gold_preproc = false
limit = 0

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${paths.dev}
max_length = 0
gold_preproc = false
limit = 0"""
CORPORA_PARSE = """
[corpora.train]
@readers = "sayso.FeaturizedCorpus.v1"
split = "train"
folds = {folds}
held_out = {fold}

[corpora.dev]
@readers = "sayso.FeaturizedCorpus.v1"
split = "dev"
"""
ROLES = {"Source": "SOURCE", "Cue": "CUE", "Content": "CONTENT", "Content2": "CONTENT"}


def data_dir() -> Path:
    return Path(os.environ.get("SAYSO_DATA", ROOT.parent / "shared" / "data")) / "polnear"


# ----------------------------------------------------------------- reading PolNeAR


def parse_ann(path: Path) -> list[dict]:
    """brat standoff → [{"source": [(s,e)...], "cue": [...], "content": [...]}] per Attribution event."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            head = parts[1].split(" ", 1)
            if len(head) < 2:
                continue
            try:
                frags = [tuple(int(x) for x in f.split()) for f in head[1].split(";")]
            except ValueError:
                continue
            spans[parts[0]] = (head[0], [(s, e) for s, e in frags])
        elif parts[0].startswith("E"):
            events.append(parts[1].split())
    out = []
    for ev in events:
        if not ev[0].startswith("Attribution"):
            continue
        att = {"source": [], "cue": [], "content": []}
        for arg in ev[1:]:
            role, _, tid = arg.partition(":")
            role = re.sub(r"\d+$", "", role) if role not in ROLES else role
            if role in ROLES and tid in spans:
                att[ROLES[role].lower()].extend(spans[tid][1])
        if att["cue"] or att["content"]:
            out.append(att)
    return out


def read_split(split: str, limit: int | None = None):
    """Yield (name, text, attributions) for a PolNeAR split, one annotator per article."""
    base = data_dir() / split
    anns = defaultdict(list)
    for f in sorted((base / "attributions").glob("*.ann")):
        anns[f.name.rsplit("_", 1)[0]].append(f)
    names = sorted(p.stem for p in (base / "text").glob("*.txt"))
    for n, name in enumerate(names):
        if limit is not None and n >= limit:
            break
        text = (base / "text" / f"{name}.txt").read_text(encoding="utf-8")
        files = sorted(anns.get(name, []), key=lambda p: p.name)
        atts = parse_ann(files[0]) if files else []
        yield name, text, atts


def to_contract(text: str, atts: list[dict]) -> list[dict]:
    def sp(s, e):
        return {"start": s, "end": e, "text": text[s:e]}

    out = []
    for i, a in enumerate(atts):
        if not a["cue"] or not a["content"]:
            continue
        src = None
        if a["source"]:
            s, e = min(x[0] for x in a["source"]), max(x[1] for x in a["source"])
            src = sp(s, e)
        cs, ce = min(x[0] for x in a["cue"]), max(x[1] for x in a["cue"])
        out.append({"id": f"g{i}", "kind": "attribution", "source": src, "cue": sp(cs, ce),
                    "content": [sp(s, e) for s, e in sorted(a["content"])], "parent": None,
                    "negated": False, "confidence": 1.0, "entity": None})
    return out


def gold_tags(doc, atts: list[dict]) -> list[str]:
    tags = ["O"] * len(doc)
    for a in atts:
        for role in ("source", "cue", "content"):
            for s, e in sorted(a[role]):
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                first = True
                for tok in span:
                    if tok.is_space:
                        first = True  # a paragraph break starts a new fragment
                        continue
                    tags[tok.i] = ("B-" if first else "I-") + role.upper()
                    first = False
    return tags


def gold_runs(doc, atts):
    from sayso.components.span_tagger import AttributionRun

    runs = []
    tags = gold_tags(doc, atts)
    i = 0
    while i < len(doc):
        if tags[i] == "O":
            i += 1
            continue
        lab = tags[i][2:]
        j = i + 1
        while j < len(doc) and tags[j] == "I-" + lab:
            j += 1
        runs.append(AttributionRun(lab, doc[i].idx, doc[j - 1].idx + len(doc[j - 1]), 1.0, i, j))
        i = j
    return runs


# ----------------------------------------------------------------- convert


def cmd_convert(args) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    CORPUS.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        db = DocBin(store_user_data=False)
        counts = Counter()
        n = 0
        for name, text, atts in read_split(split):
            doc = nlp.make_doc(text)
            tags = gold_tags(doc, atts)
            for t, tag in zip(doc, tags):
                t.tag_ = tag
            counts.update(tags)
            db.add(doc)
            n += 1
        out = CORPUS / f"{split}.spacy"
        db.to_disk(out)
        print(f"{split}: {n} articles, {sum(counts.values())} tokens -> {out}")
        print("   ", dict(sorted(counts.items())))


# ----------------------------------------------------------------- featurize (parse-reading tagger)

FEATS = RUNS / "features"


def parse_pipeline():
    """The part of sayso's pipeline that runs before ``sayso_span_tagger``: en_core_web_sm
    (tok2vec, tagger, parser; same exclusions) with ``sayso_paragraphs`` before the parser."""
    import sayso.components.paragraphs  # noqa: F401  (registers the factory)
    from sayso.nlp import load_english

    nlp = load_english()
    if "sayso_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("sayso_paragraphs", before="parser")
    return nlp


def cmd_featurize(args) -> None:
    """Run the pipeline prefix once over PolNeAR train/dev and keep what the parse-reading
    tagger reads: tags, parse, sentence starts (DocBin) and doc.tensor (npy), plus gold BIO."""
    import numpy
    from spacy.tokens import DocBin

    nlp = parse_pipeline()
    FEATS.mkdir(parents=True, exist_ok=True)
    for split in args.splits:
        data = list(read_split(split))
        db = DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "SENT_START", "SPACY"], store_user_data=False)
        tensors, gold = [], []
        t0 = time.perf_counter()
        for (name, text, atts), doc in zip(data, nlp.pipe((t for _, t, _ in data), batch_size=16)):
            db.add(doc)
            tensors.append(doc.tensor.astype("float32"))
            gold.append(gold_tags(doc, atts))
        db.to_disk(FEATS / f"{split}.spacy")
        numpy.save(FEATS / f"{split}.tensor.npy", numpy.concatenate(tensors))
        (FEATS / f"{split}.gold.json").write_text(json.dumps({"names": [d[0] for d in data], "tags": gold}))
        print(f"{split}: {len(data)} articles, {sum(len(g) for g in gold)} tokens, "
              f"{time.perf_counter() - t0:.0f}s -> {FEATS}", flush=True)


def load_featurized(split: str, vocab):
    """(predicted docs with tensor/tags/parse, gold BIO tag lists) from ``featurize``."""
    import numpy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(FEATS / f"{split}.spacy").get_docs(vocab))
    flat = numpy.load(FEATS / f"{split}.tensor.npy")
    gold = json.loads((FEATS / f"{split}.gold.json").read_text())["tags"]
    start = 0
    for doc in docs:
        doc.tensor = flat[start : start + len(doc)]
        start += len(doc)
    assert start == len(flat) and len(gold) == len(docs)
    return docs, gold


def register_reader() -> None:
    from spacy.tokens import Doc
    from spacy.training import Example
    from spacy.util import registry

    @registry.readers("sayso.FeaturizedCorpus.v1")
    def featurized_corpus(split: str, folds: int = 0, held_out: int = -1):
        """``folds``/``held_out``: leave out every article ``i`` with ``i % folds == held_out``
        (cross-fitting: a fold model predicts, unseen, the articles it left out)."""
        def read(nlp):
            docs, gold = load_featurized(split, nlp.vocab)
            for i, (doc, tags) in enumerate(zip(docs, gold)):
                if folds and i % folds == held_out:
                    continue
                ref = Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc], tags=tags)
                yield Example(doc, ref)

        return read


# ----------------------------------------------------------------- train

CONFIG = """
[paths]
train = "{train}"
dev = "{dev}"

[system]
gpu_allocator = null
seed = 0

[nlp]
lang = "en"
pipeline = ["tagger"]
batch_size = 64
tokenizer = {{"@tokenizers":"spacy.Tokenizer.v1"}}

[components]

[components.tagger]
factory = "tagger"
label_smoothing = 0.0
neg_prefix = "!"
overwrite = true
scorer = {{"@scorers":"spacy.tagger_scorer.v1"}}

[components.tagger.model]
@architectures = "spacy.Tagger.v2"
nO = null
normalize = false

[components.tagger.model.tok2vec]
{tok2vec}

[corpora]
{corpora}

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = ${{system.gpu_allocator}}
dropout = {dropout}
accumulate_gradient = 1
patience = {patience}
max_epochs = 0
max_steps = {max_steps}
eval_frequency = {eval_frequency}
frozen_components = []
annotating_components = []
before_to_disk = null
before_update = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
get_length = null

[training.batcher.size]
@schedules = "compounding.v1"
start = 1000
stop = {batch_words}
compound = 1.001
t = 0.0

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 0.00000001
learn_rate = {learn_rate}

[training.score_weights]
tag_acc = 1.0

[pretraining]

[initialize]
vectors = null
init_tok2vec = null
before_init = null
after_init = null

[initialize.components]

[initialize.tokenizer]
"""


def cmd_train(args) -> None:
    import sayso.components.span_tagger  # noqa: F401  (registers the architecture)
    from spacy.cli.train import train as spacy_train
    from sayso.nlp import use_numpy_matmul

    use_numpy_matmul()
    out = RUNS / args.name
    out.mkdir(parents=True, exist_ok=True)
    if args.arch == "parse":
        register_reader()
        tok2vec = TOK2VEC_PARSE.format(
            arch=ARCHS[args.arch], width=args.width, embed_width=args.embed_width, rows=args.rows,
            rows_small=args.rows // 2, layout_rows=args.layout_rows, pieces=args.pieces, depth=args.depth,
            pool_width=args.pool_width, rounds=args.rounds, parse_sents=str(not args.rule_sents).lower(),
            child_rows=(", 1000" if args.child_deps else "") + (", 2000" if args.clause else "")
            + (", 600" if args.lexicon else ""), round_window=str(args.round_window).lower(),
            normalize=str(not args.no_normalize).lower())
        corpora = CORPORA_PARSE.format(folds=args.folds, fold=args.fold if args.folds else -1)
    else:
        tok2vec = TOK2VEC_TEXT.format(
            arch=ARCHS[args.arch], extra_arch=f"\nrounds = {args.rounds}\nisolate = true" if args.arch == "context2" else "",
            width=args.width, depth=args.depth, window=args.window, rows=args.rows, rows_small=args.rows // 2,
            rows_shape=max(500, args.rows // 10), layout_rows=args.layout_rows)
        corpora = CORPORA_TEXT
    cfg_text = CONFIG.format(
        tok2vec=tok2vec, corpora=corpora, train=CORPUS / "train.spacy", dev=CORPUS / "dev.spacy",
        dropout=args.dropout, patience=args.patience, max_steps=args.max_steps,
        eval_frequency=args.eval_frequency, batch_words=args.batch_words, learn_rate=args.learn_rate,
    )
    if args.resume:
        last = out / "model-last"
        if not last.exists():
            sys.exit(f"nothing to resume: {last} does not exist")
        # a sourced component keeps its weights: spaCy calls resume_training instead of initialize
        keep = out / "resume-from"
        if keep.exists():
            shutil.rmtree(keep)
        shutil.copytree(last, keep)
        cfg_text = re.sub(
            r"\[components\.tagger\]\n.*?(?=\n\[corpora\])",
            f'[components.tagger]\nsource = "{keep}"\n',
            cfg_text,
            flags=re.S,
        )
    cfg_path = out / "config.cfg"
    cfg_path.write_text(cfg_text)
    print(f"config: {cfg_path}\noutput: {out}", flush=True)
    spacy_train(cfg_path, out, use_gpu=-1)


# ----------------------------------------------------------------- export


def cmd_export(args) -> None:
    import sayso.components.span_tagger as st
    src = Path(args.source) if args.source else RUNS / args.name / "model-best"
    nlp = st.load_tagger(src)
    MODEL_OUT.mkdir(parents=True, exist_ok=True)
    for old in ("config.cfg", st.PIPE):
        p = MODEL_OUT / old
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    cfg = nlp.config.copy()
    cfg["paths"]["train"] = None
    cfg["paths"]["dev"] = None
    cfg.to_disk(MODEL_OUT / "config.cfg")
    nlp.get_pipe(st.PIPE).to_disk(MODEL_OUT / st.PIPE, exclude=["vocab"])
    size = sum(f.stat().st_size for f in MODEL_OUT.rglob("*") if f.is_file())
    meta = {"source": str(src.relative_to(ROOT)) if src.is_relative_to(ROOT) else str(src),
            "labels": list(nlp.get_pipe(st.PIPE).labels), "bytes": size}
    arch = nlp.config["components"][st.PIPE]["model"]["tok2vec"]["@architectures"]
    meta["architecture"] = arch
    if arch == st.PARSE_ARCH:  # the doc.tensor it was trained on
        import spacy
        from sayso.nlp import english_package

        name = english_package()
        meta["reads"] = {"package": name, "version": spacy.util.get_package_version(name),
                         "components": ["tok2vec", "tagger", "parser", "sayso_paragraphs"]}
    (MODEL_OUT / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"exported {src} -> {MODEL_OUT} ({size / 1e6:.2f} MB)")


# ----------------------------------------------------------------- evaluate


def token_prf(pairs) -> dict:
    """Token-level P/R/F1 per label (B/I merged) from (gold_tags, pred_tags) lists."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, pred in pairs:
        for g, p in zip(gold, pred):
            g, p = g[2:] if g != "O" else "O", p[2:] if p != "O" else "O"
            if g == p and g != "O":
                tp[g] += 1
            else:
                if p != "O":
                    fp[p] += 1
                if g != "O":
                    fn[g] += 1
    out = {}
    for lab in ("SOURCE", "CUE", "CONTENT"):
        p = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        r = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        out[lab] = {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}
    return out


def runs_to_tags(doc, runs) -> list[str]:
    tags = ["O"] * len(doc)
    for r in runs:
        span = doc.char_span(r.start_char, r.end_char, alignment_mode="expand")
        if span is None:
            continue
        for k, t in enumerate(span):
            tags[t.i] = ("B-" if k == 0 else "I-") + r.label
    return tags


def interim_score(golds: list[list[dict]], preds: list[list[dict]], texts: list[str]) -> dict:
    """The attribution metrics as defined for the project (used until sayso.eval.polnear exists)."""
    from sayso.eval.spans import jaccard, normalise, overlap, span_text

    def frag(x):
        return [(c["start"], c["end"]) for c in x]

    linked_tp = soft_tp = npred = ngold = 0
    exact = {k: Counter() for k in ("source", "cue", "content")}
    for gold, pred, text in zip(golds, preds, texts):
        npred += len(pred)
        ngold += len(gold)
        for soft in (False, True):
            used = set()
            cands = []
            for i, p in enumerate(pred):
                for j, g in enumerate(gold):
                    jac = jaccard(frag(p["content"]), frag(g["content"]))
                    if jac < 0.5:
                        continue
                    if not soft:
                        if not overlap([(p["cue"]["start"], p["cue"]["end"])], [(g["cue"]["start"], g["cue"]["end"])]):
                            continue
                        if g["source"] and not (p["source"] and overlap([(p["source"]["start"], p["source"]["end"])],
                                                                         [(g["source"]["start"], g["source"]["end"])])):
                            continue
                    cands.append((jac, i, j))
            usedp, usedg, tp = set(), set(), 0
            for jac, i, j in sorted(cands, reverse=True):
                if i in usedp or j in usedg:
                    continue
                usedp.add(i)
                usedg.add(j)
                tp += 1
            if soft:
                soft_tp += tp
            else:
                linked_tp += tp
        for comp in exact:
            def texts_of(atts):
                out = Counter()
                for a in atts:
                    v = a[comp]
                    if v is None:
                        continue
                    if comp == "content":
                        out[normalise(span_text(frag(v), text))] += 1
                    else:
                        out[normalise(v["text"])] += 1
                return out
            g, p = texts_of(gold), texts_of(pred)
            exact[comp]["tp"] += sum((g & p).values())
            exact[comp]["np"] += sum(p.values())
            exact[comp]["ng"] += sum(g.values())

    def prf(tp, np_, ng):
        p = tp / np_ if np_ else 0.0
        r = tp / ng if ng else 0.0
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}

    return {
        "linked": prf(linked_tp, npred, ngold),
        "soft_content": prf(soft_tp, npred, ngold),
        "exact": {k: prf(v["tp"], v["np"], v["ng"]) for k, v in exact.items()},
        "n_pred": npred, "n_gold": ngold,
    }


def cmd_evaluate(args) -> None:
    import spacy
    from sayso.nlp import use_numpy_matmul
    from sayso.components.span_tagger import SpanTagger, link_runs

    use_numpy_matmul()
    data = list(read_split(args.split, args.limit))
    nlp = spacy.blank("en")
    tagger = None if args.oracle else SpanTagger(nlp, model_path=args.model)
    if tagger is not None and tagger.needs_parse:
        nlp = parse_pipeline()  # the model reads doc.tensor and the parse
        docs = list(nlp.pipe((text for _, text, _ in data), batch_size=16))
    else:
        docs = [nlp.make_doc(text) for _, text, _ in data]
    t0 = time.perf_counter()
    if args.oracle:
        runs = [gold_runs(d, atts) for d, (_, _, atts) in zip(docs, data)]
    else:
        runs = []
        for i in range(0, len(docs), 16):
            runs.extend(tagger.predict(docs[i:i + 16]))
    elapsed = time.perf_counter() - t0
    pairs = [(gold_tags(d, atts), runs_to_tags(d, r)) for d, (_, _, atts), r in zip(docs, data, runs)]
    print(f"{args.split}: {len(docs)} articles, tagging {elapsed:.2f}s")
    if tagger is not None:  # spaCy's tag_acc: argmax BIO label per non-whitespace token
        right = total = 0
        for d, (gold, _) in zip(docs, pairs):
            if not len(d):
                continue
            scores = tagger._pipe.model.predict([d])[0]
            pred = [tagger.labels[k] for k in scores.argmax(axis=1).tolist()]
            keep = [not t.is_space for t in d]
            right += sum(g == p for g, p, k in zip(gold, pred, keep) if k)
            total += sum(keep)
        print(f"tag accuracy (argmax of 7 BIO labels): {100 * right / total:.2f}%")
    print("token P/R/F1:", json.dumps(token_prf(pairs)))
    preds = [link_runs(d, r) for d, r in zip(docs, runs)]
    golds = [to_contract(text, atts) for _, text, atts in data]
    texts = [text for _, text, _ in data]
    print("interim scorer:", json.dumps(interim_score(golds, preds, texts)))
    try:
        from sayso.eval import polnear
    except ImportError:
        polnear = None
    if polnear is not None and hasattr(polnear, "evaluate") and not args.no_official:
        cache = {text: p for text, p in zip(texts, preds)}

        def predict(batch):
            missing = [t for t in batch if t not in cache]
            for t in missing:
                d = nlp(t) if tagger is not None and tagger.needs_parse else nlp.make_doc(t)
                r = gold_runs(d, []) if args.oracle else tagger.predict([d])[0]
                cache[t] = link_runs(d, r)
            return [cache[t] for t in batch]

        res = polnear.evaluate(data_dir() / args.split, predict, limit=args.limit)
        print("official scorer:", json.dumps(res, default=str))
    if args.show:
        show_errors(data[: args.show], preds, golds)


def show_errors(data, preds, golds) -> None:
    from sayso.eval.spans import jaccard

    for (name, text, _), pred, gold in zip(data, preds, golds):
        print("=" * 20, name)
        for g in gold:
            best = max(pred, key=lambda p: jaccard([(c["start"], c["end"]) for c in p["content"]],
                                                   [(c["start"], c["end"]) for c in g["content"]]), default=None)
            gs = g["source"]["text"] if g["source"] else None
            print(f"GOLD src={gs!r} cue={g['cue']['text']!r} content={' | '.join(c['text'][:80] for c in g['content'])!r}")
            if best:
                bs = best["source"]["text"] if best["source"] else None
                print(f"  PRED src={bs!r} cue={best['cue']['text']!r} content={' | '.join(c['text'][:80] for c in best['content'])!r}")


# ----------------------------------------------------------------- timing


def cmd_timing(args) -> None:
    """ms/article of the sayso_span_tagger component alone (old vs new model, same process,
    same parsed docs: what the component receives in sayso's pipeline), then optionally
    (--pipeline) articles/s of sayso's whole pipeline with either model and of the full
    en_core_web_sm."""
    import spacy
    from sayso.nlp import english_package, use_numpy_matmul
    from sayso.components.span_tagger import MODEL_DIR, SpanTagger, link_runs

    use_numpy_matmul()
    texts = [text for _, text, _ in read_split("dev", args.n)]
    docs = list(parse_pipeline().pipe(texts, batch_size=16))
    blank = spacy.blank("en")
    comps = {"old": SpanTagger(blank, model_path=args.old_model), "new": SpanTagger(blank, model_path=args.model)}
    for comp in comps.values():
        list(comp.pipe(docs[:3]))
    res: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for label, comp in comps.items():
            t0 = time.perf_counter()
            for d in comp.pipe(docs, batch_size=16):
                pass
            res.setdefault(label, []).append(time.perf_counter() - t0)
    for label, comp in comps.items():
        t = min(res[label])
        print(f"component {label} ({comp.model_path}): {1000 * t / len(docs):.1f} ms/article "
              f"(min of {args.repeat}; {len(docs)} dev articles, {sum(map(len, docs))} tokens)")
    print(f"new/old time: {min(res['new']) / min(res['old']):.2f}")
    t0 = time.perf_counter()
    for d in docs:
        link_runs(d, d._.attribution_runs)
    print(f"link_runs: {1000 * (time.perf_counter() - t0) / len(docs):.1f} ms/article")
    if not args.pipeline:
        return
    from sayso.pipeline import build

    sayso_nlp = build()
    sm = spacy.load(english_package())
    tagger = sayso_nlp.get_pipe("sayso_span_tagger")
    pres: dict[str, list[float]] = {}
    for _ in range(2):
        for label, model in (("sayso+old", args.old_model), ("sayso+new", args.model), ("en_core_web_sm full", None)):
            pipe = sm
            if label != "en_core_web_sm full":
                tagger.from_disk(Path(model) if model else MODEL_DIR)
                pipe = sayso_nlp
            list(pipe.pipe(texts[:2]))
            t0 = time.perf_counter()
            list(pipe.pipe(texts, batch_size=16))
            pres.setdefault(label, []).append(time.perf_counter() - t0)
    for label, ts in pres.items():
        print(f"{label:>20}: {len(texts) / min(ts):.2f} articles/s")


def cmd_tune(args) -> None:
    """Grid over the decoding parameters (content hysteresis, class weights) on a split:
    probabilities once, then decode + link_runs + the official scorer per setting."""
    import itertools

    import numpy
    import spacy
    from sayso.eval import polnear
    from sayso.nlp import use_numpy_matmul
    import sayso.components.span_tagger as st

    use_numpy_matmul()
    articles, _ = polnear.read_split(data_dir() / args.split)
    tagger = st.SpanTagger(spacy.blank("en"), model_path=args.model)
    if tagger.needs_parse:
        docs = list(parse_pipeline().pipe((a.text for a in articles), batch_size=16))
    else:
        docs = [spacy.blank("en").make_doc(a.text) for a in articles]
    probs = []
    for d in docs:
        probs.append(st._softmax(numpy.asarray(tagger._pipe.model.predict([d])[0], dtype="float32")))
    rows = []
    grid = itertools.product(args.content, args.source_boost, args.cue_boost, args.content_boost)
    for cont, sb, cb, ob in grid:
        c = dict(st.CONTINUE, CONTENT=cont)
        b = dict(st.BOOST, SOURCE=sb, CUE=cb, CONTENT=ob)
        if tagger.needs_parse:  # Viterbi decoding: the content hysteresis does not apply
            runs = st.viterbi_runs(docs, probs, tagger.labels, boost=b)
        else:
            runs = [st.decode_runs(d, p, tagger.labels, continue_at=c, boost=b) for d, p in zip(docs, probs)]
        preds = [st.link_runs(d, r) for d, r in zip(docs, runs)]
        res = polnear.score(articles, preds)
        row = (res["linked"]["f1"], res["soft_content"]["f1"], res["exact"]["source"]["f1"], res["exact"]["cue"]["f1"],
               res["exact"]["content"]["f1"], cont, sb, cb, ob)
        rows.append(row)
        print("linked %.4f soft %.4f exact src %.4f cue %.4f content %.4f | content_continue %.2f boost S %.2f C %.2f T %.2f" % row,
              flush=True)
    best = max(rows)
    print("best:", best)


def cmd_e2e(args) -> None:
    """``sayso eval polnear`` (same Analyzer settings) with the span tagger's model swapped
    for ``--model``: the end-to-end figures of a checkpoint before exporting it."""
    from sayso.analyzer import Analyzer
    from sayso.eval import polnear

    analyzer = Analyzer(content_type="text", boilerplate=False)
    tagger = analyzer.nlp.get_pipe("sayso_span_tagger")
    if args.model:
        tagger.from_disk(Path(args.model))
    if args.average:  # an ensemble: the mean of the models' label probabilities
        from types import SimpleNamespace

        import numpy

        import sayso.components.span_tagger as st

        models = [tagger._pipe.model] + [st.load_tagger(Path(d)).get_pipe(st.PIPE).model for d in args.average]

        def predict(docs):
            outs = [[st._softmax(numpy.asarray(x, dtype="float32")) for x in m.predict(docs)] for m in models]
            return [numpy.log(numpy.mean([o[i] for o in outs], axis=0) + 1e-12) for i in range(len(docs))]

        tagger._pipe = SimpleNamespace(model=SimpleNamespace(predict=predict), labels=tagger._pipe.labels)
    res = polnear.evaluate(data_dir() / args.split, polnear.analyzer_predict(analyzer), args.limit,
                           batch_size=analyzer.settings.batch_size)
    print(f"model: {args.model or 'shipped'}" + (f", averaged with {', '.join(args.average)}" if args.average else ""))
    print(polnear.format_table(res))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("convert")
    f = sub.add_parser("featurize")
    f.add_argument("--splits", nargs="+", default=["train", "dev"])
    t = sub.add_parser("train")
    t.add_argument("--name", default="tagger")
    t.add_argument("--resume", action="store_true")
    t.add_argument("--arch", choices=sorted(ARCHS), default="context2")
    t.add_argument("--rounds", type=int, default=2, help="context2: pooling+mixing rounds")
    t.add_argument("--width", type=int, default=64)
    t.add_argument("--depth", type=int, default=4)
    t.add_argument("--window", type=int, default=1)
    t.add_argument("--rows", type=int, default=5000)
    t.add_argument("--layout-rows", type=int, default=500)
    t.add_argument("--dropout", type=float, default=0.1)
    t.add_argument("--patience", type=int, default=2000)
    t.add_argument("--max-steps", type=int, default=6000)
    t.add_argument("--eval-frequency", type=int, default=200)
    t.add_argument("--batch-words", type=int, default=3000)
    t.add_argument("--learn-rate", type=float, default=0.001)
    t.add_argument("--embed-width", type=int, default=16, help="parse: width of each hash embedding")
    t.add_argument("--pieces", type=int, default=2, help="parse: maxout pieces")
    t.add_argument("--pool-width", type=int, default=32, help="parse: width pooled per context round (0: width)")
    t.add_argument("--rule-sents", action="store_true", help="parse: pool over rule sentences, not doc.sents")
    t.add_argument("--child-deps", action="store_true", help="parse: embed the relations a token governs")
    t.add_argument("--clause", action="store_true", help="parse: embed the root clause (needs --child-deps)")
    t.add_argument("--lexicon", action="store_true", help="parse: embed the cue-lexicon classes of token, head and clause root (needs --clause)")
    t.add_argument("--round-window", action="store_true", help="parse: a residual window layer per round")
    t.add_argument("--no-normalize", action="store_true", help="parse: no layer norm in the maxout layers")
    t.add_argument("--folds", type=int, default=0, help="parse: cross-fitting, train without one of N folds")
    t.add_argument("--fold", type=int, default=0, help="parse: the fold left out (article i with i %% folds == fold)")
    e = sub.add_parser("export")
    e.add_argument("--name", default="tagger")
    e.add_argument("--source", default=None, help="a trained pipeline directory (default runs/.../<name>/model-best)")
    v = sub.add_parser("evaluate")
    v.add_argument("--split", default="dev")
    v.add_argument("--model", default=None, help="model directory (default: the shipped model)")
    v.add_argument("--limit", type=int, default=None)
    v.add_argument("--oracle", action="store_true", help="link gold runs (measures the linker alone)")
    v.add_argument("--no-official", action="store_true")
    v.add_argument("--show", type=int, default=0, help="print gold vs predicted for N articles")
    m = sub.add_parser("timing")
    m.add_argument("--n", type=int, default=50)
    m.add_argument("--model", default=None, help="new model directory (default: the shipped model)")
    m.add_argument("--old-model", default=None, help="model to compare with (default: the shipped model)")
    m.add_argument("--repeat", type=int, default=3)
    m.add_argument("--pipeline", action="store_true", help="also time sayso's whole pipeline with each model")
    u = sub.add_parser("tune", help="grid over decoding parameters on dev")
    u.add_argument("--split", default="dev")
    u.add_argument("--model", default=None)
    u.add_argument("--content", type=float, nargs="+", default=[0.2])
    u.add_argument("--source-boost", type=float, nargs="+", default=[1.5])
    u.add_argument("--cue-boost", type=float, nargs="+", default=[1.0])
    u.add_argument("--content-boost", type=float, nargs="+", default=[1.0])
    x = sub.add_parser("e2e", help="sayso eval polnear with --model as the span tagger")
    x.add_argument("--split", default="dev")
    x.add_argument("--model", default=None)
    x.add_argument("--average", nargs="+", default=None, help="more tagger models to average with it (an ensemble)")
    x.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    {"convert": cmd_convert, "featurize": cmd_featurize, "train": cmd_train, "export": cmd_export, "evaluate": cmd_evaluate,
     "timing": cmd_timing, "e2e": cmd_e2e, "tune": cmd_tune}[args.cmd](args)


if __name__ == "__main__":
    main()
