"""PolNeAR attribution evaluation: brat reader, scorer and ``sayso eval polnear``.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates the outermost attributions of
US election news as source, cue and content spans in brat standoff files. The data is
research-only and never shipped: the command reads a split folder the user points at.

Metrics (micro-averaged over the split):

* linked P/R/F1: a prediction matches a gold attribution when the contents have
  character Jaccard >= 0.5, the cues overlap, and (when the gold has a source) the
  sources overlap; matching is greedy one-to-one by Jaccard.
* soft content P/R/F1: one-to-one matching on content overlap; each matched pair
  earns |p∩g|/|p| towards precision and |p∩g|/|g| towards recall.
* exact F1 per component: multiset matching of normalised span texts per article.
"""
from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, SaysoError
from .spans import jaccard, normalise, overlap, size, span_text

LINK_JACCARD = 0.5
ROLES = ("Source", "Cue", "Content")
EVENT_TYPES = ("Attribution", "Attribution-no-source")
FLAG_LABELS = ("Discuss", "Discard")  # annotators' flags, not annotations
_ID = re.compile(r"^[TERAMN*#]\d*\t")  # the start of a brat line (anything else continues a text)

Spans = list[tuple[int, int]]
Predict = Callable[[list[str]], Iterable]


# --------------------------------------------------------------------------- reading


@dataclass
class ReadStats:
    """What the reader used, ignored and could not parse."""

    annotation_files: int = 0
    other_annotator_files: int = 0
    orphan_annotation_files: int = 0  # no text file for them
    articles_without_annotations: int = 0
    skipped_lines: Counter = field(default_factory=Counter)  # reason -> lines
    skipped_events: Counter = field(default_factory=Counter)  # reason -> events
    continuation_lines: int = 0  # span texts that run over several lines
    offset_mismatches: int = 0
    mismatch_examples: list[str] = field(default_factory=list)  # "article:T12", no corpus text

    def to_dict(self) -> dict:
        return {
            "annotation_files": self.annotation_files,
            "other_annotator_files": self.other_annotator_files,
            "orphan_annotation_files": self.orphan_annotation_files,
            "articles_without_annotations": self.articles_without_annotations,
            "skipped_lines": dict(sorted(self.skipped_lines.items())),
            "skipped_events": dict(sorted(self.skipped_events.items())),
            "continuation_lines": self.continuation_lines,
            "offset_mismatches": self.offset_mismatches,
            "mismatch_examples": self.mismatch_examples[:10],
        }


@dataclass
class Article:
    """One annotated article: its text and gold attributions."""

    name: str
    text: str
    gold: list[dict]
    annotator: str = ""


@dataclass
class _TextBound:
    label: str
    spans: Spans
    ann_text: str


def _parse_offsets(field_: str, text_len: int | None) -> Spans | None:
    spans = []
    for fragment in field_.split(";"):
        parts = fragment.split()
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            return None
        start, end = int(parts[0]), int(parts[1])
        if start > end or (text_len is not None and end > text_len):
            return None
        spans.append((start, end))
    return spans or None


def _folded(s: str) -> str:
    return " ".join(s.split())


def _listed_text(tb: _TextBound, text: str) -> str:
    # brat writes a discontinuous span's text in the order its fragments are listed.
    return " ".join(text[s:e] for s, e in tb.spans)


def _continues(tb: _TextBound | None, line: str, text: str | None) -> bool:
    """True when ``line`` is the next line of ``tb``'s multi-line span text."""
    if tb is None or text is None:
        return False
    expected = _listed_text(tb, text)
    return "\n" in expected and _folded(expected).startswith(_folded(tb.ann_text + " " + line))


def read_ann(ann: str, text: str | None = None, stats: ReadStats | None = None,
             name: str = "") -> list[dict]:
    """Gold attributions from the text of one ``.ann`` file.

    Each is ``{"id", "source": spans | None, "cue": spans, "content": spans}`` with spans as
    ``(start, end)`` character offsets into ``text``. Bad lines and events are counted in
    ``stats`` and left out; nothing raises.
    """
    stats = stats if stats is not None else ReadStats()
    bounds: dict[str, _TextBound] = {}
    events: list[tuple[str, str]] = []
    last: _TextBound | None = None
    for line in ann.split("\n"):
        if not _ID.match(line):
            if _continues(last, line, text):
                last.ann_text += "\n" + line
                stats.continuation_lines += 1
            elif line.strip():
                stats.skipped_lines["malformed"] += 1
            continue
        last = None
        ident, _, rest = line.partition("\t")
        kind = ident[0]
        if kind == "#":
            stats.skipped_lines["note"] += 1
        elif kind == "T":
            label, _, tail = rest.partition(" ")
            offsets, _, ann_text = tail.partition("\t")
            spans = _parse_offsets(offsets, len(text) if text is not None else None)
            if label in FLAG_LABELS:
                stats.skipped_lines["Discuss/Discard span"] += 1
            elif spans is None or ident in bounds:
                stats.skipped_lines["malformed"] += 1
            else:
                bounds[ident] = last = _TextBound(label, spans, ann_text)
        elif kind == "E":
            events.append((ident, rest))
        else:
            stats.skipped_lines["other annotation"] += 1
    if text is not None:
        _verify_offsets(bounds, text, stats, name)
    return [g for g in (_gold(ident, rest, bounds, stats) for ident, rest in events) if g is not None]


def _verify_offsets(bounds: dict[str, _TextBound], text: str, stats: ReadStats, name: str) -> None:
    for ident, tb in bounds.items():
        if _folded(_listed_text(tb, text)) != _folded(tb.ann_text):
            stats.offset_mismatches += 1
            stats.mismatch_examples.append(f"{name}:{ident}" if name else ident)


def _gold(ident: str, rest: str, bounds: dict[str, _TextBound], stats: ReadStats) -> dict | None:
    """One gold record from an event line, or None (counted) when it is unusable."""
    args = rest.split()
    if not args or ":" not in args[0]:
        stats.skipped_lines["malformed"] += 1
        return None
    if args[0].split(":", 1)[0] not in EVENT_TYPES:
        stats.skipped_events["other event type"] += 1
        return None
    roles: dict[str, Spans] = {}
    for arg in args[1:]:
        role, _, ref = arg.partition(":")
        role = role.rstrip("0123456789")  # brat numbers repeated roles: Content2
        if role not in ROLES:
            stats.skipped_events["unknown argument (kept event)"] += 1
            continue
        if ref not in bounds:
            stats.skipped_events["dangling reference"] += 1
            return None
        roles.setdefault(role, []).extend(bounds[ref].spans)
    if not roles.get("Cue") or not roles.get("Content"):
        stats.skipped_events["no cue or no content"] += 1
        return None
    return {
        "id": ident,
        "source": sorted(roles["Source"]) if roles.get("Source") else None,
        "cue": sorted(roles["Cue"]),
        "content": sorted(roles["Content"]),
    }


def group_annotations(articles: Iterable[str], stems: Iterable[str]) -> tuple[dict[str, list[tuple[str, str]]], int]:
    """``.ann`` stems by article, as sorted ``(annotator, stem)`` lists, and the number of
    stems with no article. Stems are ``<article>_<annotator>`` (or just ``<article>``);
    the first of each list is the one scored: the alphabetically first annotator."""
    articles = set(articles)
    found: dict[str, list[tuple[str, str]]] = {}
    orphans = 0
    for stem in stems:
        if stem in articles:
            article, annotator = stem, ""
        else:
            article, _, annotator = stem.rpartition("_")
            if article not in articles:
                orphans += 1
                continue
        found.setdefault(article, []).append((annotator, stem))
    return {a: sorted(files) for a, files in found.items()}, orphans


def split_folders(directory: str | Path) -> tuple[Path, Path]:
    """``text/`` and ``attributions/`` of a split folder (E060 when missing)."""
    root = Path(directory)
    for sub in (root, root / "text", root / "attributions"):
        if not sub.is_dir():
            raise SaysoError(Errors.E060, path=str(sub))
    return root / "text", root / "attributions"


def read_split(directory: str | Path, limit: int | None = None) -> tuple[list[Article], ReadStats]:
    """The annotated articles of a split folder, sorted by name (the first ``limit``)."""
    text_dir, ann_dir = split_folders(directory)
    stats = ReadStats()
    names = sorted(p.stem for p in text_dir.glob("*.txt"))
    files, stats.orphan_annotation_files = group_annotations(names, (p.stem for p in ann_dir.glob("*.ann")))
    stats.articles_without_annotations = sum(1 for n in names if n not in files)
    articles = []
    for name in [n for n in names if n in files][:limit]:
        annotator, stem = files[name][0]
        stats.other_annotator_files += len(files[name]) - 1
        # Bytes, then decode: text mode would translate newlines and shift the offsets.
        text = (text_dir / f"{name}.txt").read_bytes().decode("utf-8")
        ann = (ann_dir / f"{stem}.ann").read_bytes().decode("utf-8", "replace")
        stats.annotation_files += 1
        articles.append(Article(name, text, read_ann(ann, text, stats, name), annotator))
    return articles, stats


# --------------------------------------------------------------------------- scoring


def _as_spans(value) -> Spans | None:
    """A contract span dict, a list of them, or ``(start, end)`` pairs → spans."""
    if value is None:
        return None
    items = [value] if isinstance(value, Mapping) else list(value)
    spans = []
    for item in items:
        start, end = (item["start"], item["end"]) if isinstance(item, Mapping) else item
        if not (isinstance(start, int) and isinstance(end, int)) or start > end:
            raise ValueError(f"bad span {item!r}")
        spans.append((start, end))
    return spans


def outermost(predictions: Iterable[Mapping]) -> list[dict]:
    """Contract attributions without a parent, as span records (PolNeAR has no nesting)."""
    out = []
    for p in predictions:
        if p.get("parent") is not None:
            continue
        out.append({
            "id": p.get("id"),
            "kind": p.get("kind"),
            "source": _as_spans(p.get("source")) or None,
            "cue": _as_spans(p["cue"]) or [],
            "content": _as_spans(p["content"]) or [],
        })
    return out


def _greedy(candidates: list[tuple]) -> list[tuple[int, int]]:
    """One-to-one pairs from ``(sort_key, gold_index, pred_index)`` candidates, best first."""
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in sorted(candidates):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _linked(g: dict, p: dict) -> bool:
    if jaccard(g["content"], p["content"]) < LINK_JACCARD or not overlap(g["cue"], p["cue"]):
        return False
    return g["source"] is None or (p["source"] is not None and overlap(g["source"], p["source"]) > 0)


def linked_pairs(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one linked matches (content Jaccard first, then cue, then source)."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if _linked(g, p):
                key = (-jaccard(g["content"], p["content"]), -jaccard(g["cue"], p["cue"]),
                       -jaccard(g["source"] or [], p["source"] or []))
                candidates.append((key, gi, pi))
    return _greedy(candidates)


def content_pairs(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one matches on content, largest overlap first (ties: higher Jaccard)."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            shared = overlap(g["content"], p["content"])
            if shared:
                candidates.append(((-shared, -jaccard(g["content"], p["content"])), gi, pi))
    return _greedy(candidates)


def _exact_texts(records: list[dict], role: str, text: str) -> Counter:
    return Counter(normalise(span_text(r[role], text)) for r in records if r[role])


@dataclass
class Tally:
    """Sums over articles, from which every metric is computed (micro average)."""

    articles: int = 0
    gold: int = 0
    gold_without_source: int = 0
    predicted: int = 0
    outermost: int = 0
    linked: int = 0
    soft_precision: float = 0.0
    soft_recall: float = 0.0
    exact: Counter = field(default_factory=Counter)  # "cue.tp", "cue.gold", "cue.pred", ...
    kinds: Counter = field(default_factory=Counter)  # "quote.pred", "quote.linked", ...

    def add(self, other: "Tally") -> None:
        for name in ("articles", "gold", "gold_without_source", "predicted", "outermost", "linked",
                     "soft_precision", "soft_recall"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.exact.update(other.exact)
        self.kinds.update(other.kinds)


def score_article(gold: list[dict], predictions: list[Mapping], text: str) -> tuple[Tally, list[tuple[int, int]], list[dict]]:
    """Sums for one article, its linked pairs and its outermost predictions."""
    pred = outermost(predictions)
    t = Tally(articles=1, gold=len(gold), predicted=len(predictions), outermost=len(pred))
    t.gold_without_source = sum(1 for g in gold if g["source"] is None)
    pairs = linked_pairs(gold, pred)
    t.linked = len(pairs)
    for gi, pi in content_pairs(gold, pred):
        shared = overlap(gold[gi]["content"], pred[pi]["content"])
        t.soft_precision += shared / size(pred[pi]["content"])
        t.soft_recall += shared / size(gold[gi]["content"])
    for role in ("source", "cue", "content"):
        g, p = _exact_texts(gold, role, text), _exact_texts(pred, role, text)
        t.exact[f"{role}.tp"] += sum((g & p).values())
        t.exact[f"{role}.gold"] += sum(g.values())
        t.exact[f"{role}.pred"] += sum(p.values())
    for p in pred:
        if p["kind"]:
            t.kinds[f"{p['kind']}.pred"] += 1
    for _, pi in pairs:
        if pred[pi]["kind"]:
            t.kinds[f"{pred[pi]['kind']}.linked"] += 1
    return t, pairs, pred


def prf(tp_precision: float, n_pred: int, tp_recall: float, n_gold: int) -> dict:
    """Precision, recall and F1 (0.0 where undefined)."""
    p = tp_precision / n_pred if n_pred else 0.0
    r = tp_recall / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def metrics(t: Tally) -> dict:
    """The reported metrics from a tally."""
    exact = {}
    for role in ("source", "cue", "content"):
        tp = t.exact[f"{role}.tp"]
        exact[role] = prf(tp, t.exact[f"{role}.pred"], tp, t.exact[f"{role}.gold"])
    kinds = sorted({k.rsplit(".", 1)[0] for k in t.kinds})
    by_kind = {k: {"predicted": t.kinds[f"{k}.pred"], "linked": t.kinds[f"{k}.linked"],
                   "precision": round(t.kinds[f"{k}.linked"] / t.kinds[f"{k}.pred"], 4) if t.kinds[f"{k}.pred"] else 0.0,
                   "recall_share": round(t.kinds[f"{k}.linked"] / t.gold, 4) if t.gold else 0.0}
               for k in kinds}
    return {
        "linked": {**prf(t.linked, t.outermost, t.linked, t.gold), "matched": t.linked},
        "soft_content": prf(t.soft_precision, t.outermost, t.soft_recall, t.gold),
        "exact": exact,
        "counts": {"articles": t.articles, "gold": t.gold, "gold_without_source": t.gold_without_source,
                   "predicted": t.predicted, "outermost_predicted": t.outermost},
        "by_kind": by_kind,
    }


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SaysoError):
        return exc.code
    return f"{type(exc).__name__}: {exc}"[:200]


def score(articles: list[Article], predictions: list, *, errors: bool = False) -> dict:
    """Score per-article predictions (lists of contract attribution dicts) against the gold.

    An item of ``predictions`` that is an exception, or a list that cannot be read, marks the
    article as failed: it counts with no predictions. With ``errors=True`` the result also holds
    ``errors``: missed gold and spurious predictions, for error analysis.
    """
    total, failed, records = Tally(), [], []
    for article, preds in zip(articles, predictions, strict=True):
        try:
            if isinstance(preds, BaseException):
                raise preds
            tally, pairs, pred = score_article(article.gold, list(preds), article.text)
        except Exception as exc:  # one bad article never stops the evaluation
            failed.append({"article": article.name, "reason": _reason(exc)})
            tally, pairs, pred = score_article(article.gold, [], article.text)
        total.add(tally)
        if errors:
            records.extend(_error_records(article, pred, pairs))
    result = metrics(total)
    result["failures"] = {"count": len(failed), "reasons": dict(Counter(f["reason"] for f in failed)),
                          "articles": failed}
    if errors:
        records.extend({"article": f["article"], "type": "failed", "reason": f["reason"]} for f in failed)
        result["errors"] = records
    return result


def _describe(record: dict, text: str) -> dict:
    def show(spans):
        return span_text(spans, text, " … ") if spans else None

    return {"source": show(record["source"]), "cue": show(record["cue"]), "content": show(record["content"]),
            "spans": {r: record[r] for r in ("source", "cue", "content")}}


def _error_records(article: Article, pred: list[dict], pairs: list[tuple[int, int]]) -> list[dict]:
    matched_g, matched_p = {g for g, _ in pairs}, {p for _, p in pairs}
    out = []
    for gi, g in enumerate(article.gold):
        if gi not in matched_g:
            best = max((jaccard(g["content"], p["content"]) for p in pred), default=0.0)
            out.append({"article": article.name, "type": "missed", "id": g["id"],
                        "best_content_jaccard": round(best, 3), **_describe(g, article.text)})
    for pi, p in enumerate(pred):
        if pi not in matched_p:
            out.append({"article": article.name, "type": "spurious", "id": p["id"], "kind": p["kind"],
                        **_describe(p, article.text)})
    return out


# --------------------------------------------------------------------------- running


def _predict_one(predict: Predict, text: str):
    try:
        out = list(predict([text]))
        if len(out) != 1:
            raise ValueError(f"predict returned {len(out)} results for 1 text")
        return out[0]
    except Exception as exc:
        return exc


def run_predictions(texts: list[str], predict: Predict, *, batch_size: int = 16,
                    progress: Callable[[int, int], None] | None = None) -> list:
    """``predict`` over ``texts`` in batches; a batch that raises is retried one text at a
    time, so a failure costs only its own article (returned as the exception)."""
    results: list = []
    for i in range(0, len(texts), batch_size):
        chunk = texts[i : i + batch_size]
        try:
            out = list(predict(chunk))
            if len(out) != len(chunk):
                raise ValueError(f"predict returned {len(out)} results for {len(chunk)} texts")
        except Exception:
            out = [_predict_one(predict, t) for t in chunk]
        results.extend(out)
        if progress:
            progress(len(results), len(texts))
    return results


def evaluate(directory: str | Path, predict: Predict, limit: int | None = None, *,
             batch_size: int = 16, progress: Callable[[int, int], None] | None = None,
             errors: bool = False) -> dict:
    """Score ``predict`` on a PolNeAR split folder.

    ``predict(texts)`` returns, for each text in order, a list of contract attribution dicts
    (``source``/``cue``/``content`` spans, optional ``parent`` and ``kind``), or an exception
    instance for an article it could not handle.
    """
    articles, stats = read_split(directory, limit)
    started = time.perf_counter()
    predictions = run_predictions([a.text for a in articles], predict, batch_size=batch_size, progress=progress)
    seconds = time.perf_counter() - started
    result = score(articles, predictions, errors=errors)
    result["speed"] = {"seconds": round(seconds, 3),
                       "articles_per_second": round(len(articles) / seconds, 3) if seconds else 0.0}
    result["reading"] = stats.to_dict()
    result["directory"] = str(directory)
    return result


def gold_predictions(article: Article) -> list[dict]:
    """The gold as contract-shaped predictions (the oracle: it must score 1.0 everywhere)."""
    def spans(s):
        return [{"start": a, "end": b, "text": article.text[a:b]} for a, b in s] if s else None

    return [{"id": g["id"], "kind": "gold", "parent": None, "source": spans(g["source"]),
             "cue": spans(g["cue"]), "content": spans(g["content"])} for g in article.gold]


def analyzer_predict(analyzer) -> Predict:
    """A ``predict`` function over a ``sayso.Analyzer``: its contract attributions."""
    from ..analyzer import Failure

    def predict(texts: list[str]):
        for item in analyzer.pipe(texts, errors="record"):
            if isinstance(item, Failure):
                yield RuntimeError(f"{item.code}: {item.message}")
                continue
            try:
                yield item.to_dict()["attributions"]
            except Exception as exc:
                yield exc

    return predict


# --------------------------------------------------------------------------- command


class _Progress:
    """Progress on stderr: a rich bar on a terminal, else a counter line every 10 articles."""

    def __init__(self, label: str):
        self.label, self.bar, self.task, self.shown = label, None, None, 0

    def __enter__(self):
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None:
            if self.task is None:
                self.task = self.bar.add_task(self.label, total=total)
            self.bar.update(self.task, completed=done)
        elif done // 10 > self.shown // 10 or done == total:  # passed a multiple of 10
            print(f"{self.label}: {done}/{total} articles", file=sys.stderr, flush=True)
            self.shown = done

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


def format_table(result: dict) -> str:
    """The compact human-readable report."""
    c = result["counts"]
    rows = [("linked", result["linked"]), ("soft content", result["soft_content"])]
    rows += [(f"exact {role}", m) for role, m in result["exact"].items()]
    lines = [
        f"PolNeAR {result['directory']}",
        f"{c['articles']} articles · {c['gold']} gold ({c['gold_without_source']} without source) · "
        f"{c['predicted']} predicted, {c['outermost_predicted']} outermost",
        "",
        f"{'':14} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    lines += [f"{name:14} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}" for name, m in rows]
    for kind, k in result["by_kind"].items():
        lines.append(f"  kind {kind:20} {k['linked']}/{k['predicted']} linked, "
                     f"precision {k['precision']:.3f}, share of gold {k['recall_share']:.3f}")
    s, f, r = result["speed"], result["failures"], result["reading"]
    lines += [
        "",
        f"speed     {s['articles_per_second']:.2f} articles/s ({s['seconds']:.1f} s)",
        f"failures  {f['count']}" + (f" ({', '.join(f'{k}: {v}' for k, v in f['reasons'].items())})" if f["count"] else ""),
        f"reading   {r['annotation_files']} annotation files, {r['other_annotator_files']} other annotators' files "
        f"ignored, skipped lines {dict(r['skipped_lines']) or 0}, skipped events {dict(r['skipped_events']) or 0}, "
        f"offset mismatches {r['offset_mismatches']}",
    ]
    return "\n".join(lines) + "\n"


def _write_errors(path: str, records: list[dict]) -> None:
    try:
        with open(path, "w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise SaysoError(Errors.E006, what=path, reason=exc.strerror or str(exc)) from None


def main(args) -> int:
    """``sayso eval polnear DIR [--limit N] [--json] [--errors FILE]``."""
    split_folders(args.directory)  # fail on a wrong path before loading the models
    if args.limit is not None and args.limit < 1:
        raise SaysoError(Errors.E040, name="limit", value=args.limit, reason="must be positive")
    from ..analyzer import Analyzer

    # Boilerplate detection off: every part of a PolNeAR article is annotated and scored.
    analyzer = Analyzer(content_type="text", boilerplate=False)
    errors_path = getattr(args, "errors", None)
    with _Progress("polnear") as progress:
        result = evaluate(args.directory, analyzer_predict(analyzer), args.limit,
                          batch_size=analyzer.settings.batch_size, progress=progress, errors=bool(errors_path))
    if errors_path:
        _write_errors(errors_path, result.pop("errors"))
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_table(result))
    return 0
