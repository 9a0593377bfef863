"""Throughput: articles/s and peak memory of sayso against spaCy's English pipeline.

    python benchmarks/throughput.py [DATA] [--limit N] [--repeat N] [--warmup N]

DATA is a data root holding ``polnear/dev/text`` (default: ``$SAYSO_DATA`` or
``../shared/data`` next to the repository) or a folder of ``.txt`` articles.

Every measurement runs in its own freshly spawned process, so that neither memory nor
thinc's global ops leak from one to the next:

* ``spacy``: the English pipeline sayso uses, loaded with ``spacy.load`` and nothing
  excluded, under thinc's default ops: spaCy as a user gets it. This is the reference.
* ``spacy-numpy``: the same pipeline through ``sayso.nlp.load_english()``, which switches
  thinc to numpy matmul (``use_numpy_matmul``): the same ops as sayso.
* ``sayso``: ``sayso.Analyzer().pipe(texts)`` with ``.to_dict()`` for each article: the
  whole analysis (attributions, statements, techniques).
* ``sayso-attribution``: the same with ``statements=False, techniques=False``: the attribution
  engine alone (issue 3's bar; statements and techniques have their own overhead bars).

Each run warms up on a few articles, then times one ``pipe`` over all of them. With
``--repeat N`` the runs are interleaved (order reversed every other round) and the ratio
sayso/spaCy in articles/s is the median of the per-round ratios.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = ("spacy", "spacy-numpy", "sayso", "sayso-attribution")
REFERENCE = "spacy"


def default_data() -> Path:
    return Path(os.environ.get("SAYSO_DATA") or ROOT.parent / "shared" / "data")


def text_folder(path: Path) -> Path | None:
    """The folder of articles under ``path``: a data root, a split folder or the texts."""
    for candidate in (path / "polnear" / "dev" / "text", path / "text", path):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    return None


def load_texts(folder: Path, limit: int | None) -> list[str]:
    paths = sorted(folder.glob("*.txt"))[:limit]
    return [p.read_bytes().decode("utf-8") for p in paths]


# --------------------------------------------------------------------------- child side


def _load(run: str):
    if run == "spacy":
        import spacy

        from sayso.nlp import english_package

        return spacy.load(english_package())  # thinc's default ops: untouched
    if run == "spacy-numpy":
        from sayso.nlp import load_english

        return load_english()
    import sayso

    if run == "sayso-attribution":
        return sayso.Analyzer(statements=False, techniques=False)
    return sayso.Analyzer()


def _process(run: str, model, texts: list[str]) -> None:
    if run.startswith("sayso"):
        for analysis in model.pipe(texts):
            analysis.to_dict()
    else:
        for _ in model.pipe(texts):
            pass


def _ops() -> str:
    from thinc.api import get_current_ops

    ops = get_current_ops()
    blis = getattr(ops, "use_blis", None)
    return type(ops).__name__ + ("" if blis is None else f"(use_blis={blis})")


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux


def measure(run: str, texts: list[str], warmup: int, conn) -> None:
    """Child process: load, warm up, time one pass, send the numbers back."""
    started = time.perf_counter()
    model = _load(run)
    load_seconds = time.perf_counter() - started
    _process(run, model, texts[:warmup])
    started = time.perf_counter()
    _process(run, model, texts)
    seconds = time.perf_counter() - started
    conn.send({"run": run, "seconds": seconds, "articles_per_second": len(texts) / seconds,
               "load_seconds": load_seconds, "peak_rss_mb": _peak_rss_mb(), "ops": _ops()})
    conn.close()


# --------------------------------------------------------------------------- parent side


def run_child(run: str, texts: list[str], warmup: int) -> dict:
    """One measurement in a fresh interpreter (spawn: no memory or ops shared with us)."""
    ctx = mp.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=measure, args=(run, texts, warmup, send))
    child.start()
    send.close()  # so that a crashed child shows as EOF instead of a hang
    try:
        result = receive.recv()
    except EOFError:
        result = None
    child.join()
    if result is None:
        raise RuntimeError(f"the {run} measurement died (exit code {child.exitcode})")
    return result


def benchmark(texts: list[str], runs: tuple[str, ...], repeat: int, warmup: int) -> dict[str, list[dict]]:
    results: dict[str, list[dict]] = {run: [] for run in runs}
    for round_ in range(repeat):
        order = runs if round_ % 2 == 0 else tuple(reversed(runs))  # spread drift over all runs
        for run in order:
            results[run].append(run_child(run, texts, warmup))
            print(f"  round {round_ + 1}/{repeat}: {run} {results[run][-1]['articles_per_second']:.2f} articles/s",
                  file=sys.stderr, flush=True)
    return results


def summarise(results: dict[str, list[dict]], texts: list[str], repeat: int) -> dict:
    summary = {"benchmark": "throughput", "articles": len(texts), "characters": sum(map(len, texts)),
               "repeat": repeat, "runs": {}}
    for run, rounds in results.items():
        summary["runs"][run] = {
            "articles_per_second": round(statistics.median(r["articles_per_second"] for r in rounds), 3),
            "load_seconds": round(statistics.median(r["load_seconds"] for r in rounds), 2),
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in rounds), 1),
            "ops": rounds[0]["ops"],
            "rounds": [round(r["articles_per_second"], 3) for r in rounds],
        }
    for ours, prefix in (("sayso", ""), ("sayso-attribution", "attribution_")):
        for run, key in ((REFERENCE, "ratio"), ("spacy-numpy", "ratio_same_ops")):
            if run in results and ours in results:
                ratios = [s["articles_per_second"] / r["articles_per_second"]
                          for s, r in zip(results[ours], results[run])]
                summary[prefix + key] = round(statistics.median(ratios), 3)
                summary[f"{prefix}{key}_rounds"] = [round(x, 3) for x in ratios]
    summary["blas_threads"] = {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS") if k in os.environ}
    return summary


def table(summary: dict) -> str:
    lines = [f"throughput on {summary['articles']} articles ({summary['characters']:,} characters), "
             f"median of {summary['repeat']} run(s) each, every run in its own process",
             f"{'run':12} {'articles/s':>10} {'load s':>7} {'peak RSS MB':>12}  thinc ops"]
    for run, r in summary["runs"].items():
        lines.append(f"{run:12} {r['articles_per_second']:10.2f} {r['load_seconds']:7.2f} "
                     f"{r['peak_rss_mb']:12.0f}  {r['ops']}")
    for prefix, ours in (("", "sayso"), ("attribution_", "sayso-attribution")):
        if prefix + "ratio" in summary:
            lines.append(f"{ours} / spaCy (default ops, as shipped by spaCy): "
                         f"{summary[prefix + 'ratio']:.3f} in articles/s")
        if prefix + "ratio_same_ops" in summary:
            lines.append(f"{ours} / spaCy (same ops as sayso, numpy matmul):   "
                         f"{summary[prefix + 'ratio_same_ops']:.3f} in articles/s")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, help="data root, split folder or folder of .txt articles")
    parser.add_argument("--limit", type=int, help="use only the first N articles")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved rounds; medians are reported")
    parser.add_argument("--warmup", type=int, default=3, help="articles processed before timing (default 3)")
    parser.add_argument("--no-same-ops", dest="same_ops", action="store_false",
                        help="skip the spacy-numpy run (spaCy under sayso's ops)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or (args.limit is not None and args.limit < 1) or args.warmup < 0:
        parser.error("--repeat and --limit must be positive, --warmup zero or more")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    data = args.data or default_data()
    folder = text_folder(data)
    if folder is None:
        print(f"throughput: skipped, no PolNeAR dev texts under {data} "
              "(pass a data folder or set SAYSO_DATA)", file=sys.stderr)
        return 0
    texts = load_texts(folder, args.limit)
    runs = RUNS if args.same_ops else tuple(r for r in RUNS if r != "spacy-numpy")
    print(f"throughput: {len(texts)} articles from {folder}", file=sys.stderr)
    summary = summarise(benchmark(texts, runs, args.repeat, args.warmup), texts, args.repeat)
    print(table(summary))
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
