"""What ``sayso_techniques`` costs: full analysis against attribution-only analysis, same run.

    python benchmarks/techniques_overhead.py [DATA] [--limit N] [--rounds N]

DATA is a data root holding ``polnear/dev/text`` (default ``$SAYSO_DATA`` or ``../shared/data``)
or a folder of ``.txt`` articles; without either it falls back to ``examples/*.txt``.

One process, one ``Analyzer`` (both runs share the loaded models and warm caches). Each round
times, over the same articles, the whole analysis (every component, then
``Analysis.to_dict()``), the attribution-only analysis (the same pipeline with
``sayso_statements`` and ``sayso_techniques`` disabled) and the analysis without techniques
(only ``sayso_techniques`` disabled); the order rotates every round. The headline is the
median of the per-round ratios full / attribution-only (the bar: at most 2.0); the median
milliseconds ``sayso_techniques`` adds per article is printed beside it.
"""
from __future__ import annotations

import json
import statistics
import sys
import time

from _overhead import setup  # the benchmarks folder is on sys.path when this runs as a script

COMPONENT = "sayso_techniques"
ATTRIBUTION_ONLY = ("sayso_statements", "sayso_techniques")


def main(argv=None) -> int:
    from sayso.analysis import Analysis

    run_setup = setup(__doc__.split("\n\n")[0], COMPONENT, argv)
    args, folder, texts = run_setup.args, run_setup.folder, run_setup.texts
    analyzer, documents, words = run_setup.analyzer, run_setup.documents, run_setup.words
    nlp = analyzer.nlp
    modes = {"full": [], "attribution_only": list(ATTRIBUTION_ONLY), "no_techniques": [COMPONENT]}

    def run(mode: str) -> float:
        disable = [d for d in modes[mode] if d in nlp.pipe_names]
        t0 = time.perf_counter()
        docs = nlp.pipe((analyzer._make_doc(d) for d in documents), disable=disable)
        for document, doc in zip(documents, docs):
            Analysis(document=document, doc=doc).to_dict()
        return time.perf_counter() - t0

    for m in modes:
        run(m)  # warm up: caches, lazy imports
    times = {m: [] for m in modes}
    ratios, added = [], []
    order = list(modes)
    for r in range(args.rounds):
        got = {}
        for m in order[r % 3 :] + order[: r % 3]:
            got[m] = run(m)
            times[m].append(got[m])
        ratios.append(got["full"] / got["attribution_only"])
        added.append(1000 * (got["full"] - got["no_techniques"]) / len(texts))
        print(f"round {r + 1}: full {got['full']:.2f}s, attribution-only {got['attribution_only']:.2f}s, "
              f"without techniques {got['no_techniques']:.2f}s, ratio {ratios[-1]:.3f}", file=sys.stderr)

    n = len(texts)
    med = {m: statistics.median(v) for m, v in times.items()}
    result = {
        "benchmark": "techniques_overhead",
        "texts": str(folder),
        "articles": n,
        "words_per_article": round(words / n),
        "rounds": args.rounds,
        "full_s_median": round(med["full"], 3),
        "attribution_only_s_median": round(med["attribution_only"], 3),
        "no_techniques_s_median": round(med["no_techniques"], 3),
        "articles_per_s_full": round(n / med["full"], 2),
        "articles_per_s_attribution_only": round(n / med["attribution_only"], 2),
        "ms_per_article_techniques": round(statistics.median(added), 1),
        "ratio_median": round(statistics.median(ratios), 3),
        "ratios": [round(x, 3) for x in ratios],
    }
    print(f"{n} articles (~{result['words_per_article']} words) from {folder}")
    print(f"full analysis          {result['articles_per_s_full']:6.2f} articles/s")
    print(f"attribution-only       {result['articles_per_s_attribution_only']:6.2f} articles/s")
    print(f"techniques add         {result['ms_per_article_techniques']:6.1f} ms per article")
    print(f"ratio full/attr-only   {result['ratio_median']:6.3f}  (median of {args.rounds} interleaved rounds; bar <= 2.0)")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
