"""``sayso eval statements``: the figures of the statements component.

* check-worthiness: F1 of the positive class on CheckThat! 2024 task 1 English ``dev-test``
  (= the CheckThat! 2023 task 1B English test; ClaimBuster sentences);
* subjectivity: macro-F1 on CheckThat! 2023/2024 task 2 English ``dev_test``;
* statement status: accuracy on the project's own annotated statements
  (``tests/fixtures/statement_status.jsonl``: spans of ``examples/*.txt`` with a status each).

The CheckThat! data is research-only and never shipped: the command reads it from DATA
(default ``$SAYSO_DATA`` or ``../shared/data``) and skips those figures, saying so, when it is
absent. Both models score through the run-time code path (the shipped float16 weights).
"""
from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter
from pathlib import Path

from ..errors import Errors, SaysoError

CHECKWORTHY = ("checkworthy", "CT24_checkworthy_english_{split}.tsv", "Yes")
SUBJECTIVITY = ("subjectivity", "{split}_en.tsv", "SUBJ")
REPO = Path(__file__).resolve().parents[3]
DEFAULT_GOLD = REPO / "tests" / "fixtures" / "statement_status.jsonl"
STATUSES = ("attributed", "unsourced", "opinion", "question", "other")


def default_data() -> Path:
    return Path(os.environ.get("SAYSO_DATA") or "../shared/data")


def read_tsv(path: Path) -> list[tuple[str, str]]:
    """(sentence, label) rows of a CheckThat! TSV (``csv.QUOTE_NONE``)."""
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        return [(row[1], row[2].strip()) for row in reader if len(row) >= 3]


def f1(gold: list[bool], pred: list[bool]) -> float:
    tp = sum(1 for g, p in zip(gold, pred) if g and p)
    fp = sum(1 for g, p in zip(gold, pred) if p and not g)
    fn = sum(1 for g, p in zip(gold, pred) if g and not p)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(gold: list[bool], pred: list[bool]) -> float:
    return (f1(gold, pred) + f1([not g for g in gold], [not p for p in pred])) / 2


def score_sentences(task: str, rows: list[tuple[str, str]], nlp) -> dict:
    """Run one shipped model over labelled sentences; F1 (positive class) and macro-F1."""
    from ..components.linear_text import LinearTextModel
    from ..components.statements import MODEL_DIR

    model = LinearTextModel.load(MODEL_DIR / task)
    positive = CHECKWORTHY[2] if task == "checkworthiness" else SUBJECTIVITY[2]
    gold = [label == positive for _, label in rows]
    pred = [model.score([t for t in doc if not t.is_space]) >= model.threshold
            for doc in nlp.pipe([text for text, _ in rows], batch_size=256)]
    return {"n": len(rows), "positives": sum(gold), "f1": round(f1(gold, pred), 4), "macro_f1": round(macro_f1(gold, pred), 4)}


def sentence_figures(data: Path) -> dict:
    from ..nlp import load_english

    out: dict = {}
    nlp = None
    for task, (folder, pattern, _), splits in (
        ("checkworthiness", CHECKWORTHY, ("dev", "dev-test")),
        ("subjectivity", SUBJECTIVITY, ("dev", "dev_test")),
    ):
        for split in splits:
            path = data / folder / pattern.format(split=split)
            if not path.is_file():
                out.setdefault("skipped", []).append(str(path))
                continue
            nlp = nlp or load_english()
            out.setdefault(task, {})[split] = score_sentences(task, read_tsv(path), nlp)
    return out


def read_gold(path: Path) -> list[dict]:
    if not path.is_file():
        raise SaysoError(Errors.E060, path=str(path))
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def status_figures(gold: list[dict], root: Path, analyzer=None) -> dict:
    """Each gold statement against the predicted statement that overlaps it most."""
    if analyzer is None:
        from ..analyzer import Analyzer

        analyzer = Analyzer()
    by_file: dict[str, list[dict]] = {}
    for g in gold:
        by_file.setdefault(g["file"], []).append(g)
    confusion: Counter = Counter()
    per_file: dict[str, list[int]] = {}
    errors = []
    boilerplate = missed = 0
    for name, items in by_file.items():
        data = analyzer.analyze((root / name).read_text("utf-8")).to_dict()
        text = data["document"]["text"]
        bp = [(b["start"], b["end"]) for b in data["document"]["boilerplate"]]
        for g in items:
            assert text[g["start"] : g["end"]] == g["text"], f"gold offsets drifted in {name}: {g['text']!r}"
            if any(s <= g["start"] and g["end"] <= e for s, e in bp):
                boilerplate += 1
                continue
            best, got = None, 0
            for s in data["statements"]:
                o = min(s["end"], g["end"]) - max(s["start"], g["start"])
                if o > got:
                    best, got = s, o
            if best is None or got < 0.5 * (g["end"] - g["start"]):
                missed += 1
                confusion[(g["status"], "(none)")] += 1
                errors.append({"file": name, "text": g["text"], "gold": g["status"], "predicted": None})
                continue
            confusion[(g["status"], best["status"])] += 1
            tally = per_file.setdefault(name, [0, 0])
            tally[0] += best["status"] == g["status"]
            tally[1] += 1
            if best["status"] != g["status"]:
                errors.append({"file": name, "text": g["text"], "gold": g["status"], "predicted": best["status"]})
    n = sum(confusion.values())
    correct = sum(v for (g, p), v in confusion.items() if g == p)
    return {
        "n": n, "correct": correct, "accuracy": round(correct / n, 4) if n else 0.0,
        "in_boilerplate": boilerplate, "missed": missed,
        "confusion": {f"{g}->{p}": v for (g, p), v in sorted(confusion.items())},
        "per_file": {k: f"{a}/{b}" for k, (a, b) in per_file.items()},
        "errors": errors,
    }


def format_table(result: dict) -> str:
    lines = ["sayso statements evaluation", ""]
    for task, metric, split in (("checkworthiness", "f1", "dev-test"), ("subjectivity", "macro_f1", "dev_test")):
        figures = result.get(task) or {}
        for s in figures:
            f = figures[s]
            name = "F1 (positive class)" if metric == "f1" else "macro-F1"
            mark = "  <- reported" if s == split else "  (tuning split)"
            lines.append(f"{task:16} {s:9} {name:20} {f[metric]:.3f}   n={f['n']}{mark}")
    for path in result.get("skipped", []):
        lines.append(f"skipped (no data): {path}")
    st = result.get("status")
    if st:
        lines.append(f"{'statement status':16} {'gold':9} {'accuracy':20} {st['accuracy']:.3f}   "
                     f"{st['correct']}/{st['n']} (missed {st['missed']}, in boilerplate {st['in_boilerplate']})")
        lines.append("  per file: " + ", ".join(f"{Path(k).name} {v}" for k, v in st.get("per_file", {}).items()))
        lines.append("")
        lines.append("status confusion (gold -> predicted):")
        for k, v in st["confusion"].items():
            lines.append(f"  {k:28} {v}")
        if st["errors"]:
            lines.append("")
            lines.append("status errors:")
            for e in st["errors"]:
                text = " ".join(e["text"].split())
                lines.append(f"  [{e['gold']} -> {e['predicted']}] {text[:90]}")
    return "\n".join(lines) + "\n"


def main(args) -> int:
    """``sayso eval statements [DATA] [--gold FILE] [--json]``."""
    gold_path = Path(args.gold) if args.gold else DEFAULT_GOLD
    gold = read_gold(gold_path)
    data = Path(args.data) if args.data else default_data()
    result = sentence_figures(data)
    # gold "file" entries are relative to the repository holding the gold file (tests/fixtures/…)
    root = gold_path.resolve().parents[2] if len(gold_path.resolve().parents) > 2 else Path.cwd()
    result["status"] = status_figures(gold, root)
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_table(result))
    return 0
