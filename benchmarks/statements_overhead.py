"""What ``sayso_statements`` costs: full analysis against attribution-only analysis, same run.

    python benchmarks/statements_overhead.py [DATA] [--limit N] [--rounds N]

DATA is a data root holding ``polnear/dev/text`` (default ``$SAYSO_DATA`` or ``../shared/data``)
or a folder of ``.txt`` articles; without either it falls back to ``examples/*.txt``.

One process, one ``Analyzer`` (so both runs share the loaded models and warm caches). Each
round times, over the same articles, the analysis with statements (every component but
``sayso_techniques``, which ``techniques_overhead.py`` measures, then ``Analysis.to_dict()``)
and the attribution-only analysis (``sayso_statements`` disabled too); the order alternates. The
headline is the median of the per-round ratios full / attribution-only (the bar: at most 1.3).
Progress on standard error; a small table, then one JSON line for machines.
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time

from _overhead import setup  # the benchmarks folder is on sys.path when this runs as a script

COMPONENT = "sayso_statements"
OTHER = "sayso_techniques"  # has its own overhead benchmark


def main(argv=None) -> int:
    from sayso.analysis import Analysis

    run_setup = setup(__doc__.split("\n\n")[0], COMPONENT, argv)
    args, folder, texts = run_setup.args, run_setup.folder, run_setup.texts
    analyzer, documents, words = run_setup.analyzer, run_setup.documents, run_setup.words
    nlp = analyzer.nlp

    def run(full: bool) -> float:
        # techniques stay off in both runs: this measures what statements add to attributions
        disable = [OTHER] if full else [OTHER, COMPONENT]
        t0 = time.perf_counter()
        docs = nlp.pipe((analyzer._make_doc(d) for d in documents), disable=disable)
        for document, doc in zip(documents, docs):
            Analysis(document=document, doc=doc).to_dict()
        return time.perf_counter() - t0

    run(True), run(False)  # warm up: caches, lazy imports
    full_times, attr_times, ratios = [], [], []
    for r in range(args.rounds):
        if r % 2 == 0:
            f, a = run(True), run(False)
        else:
            a, f = run(False), run(True)
        full_times.append(f)
        attr_times.append(a)
        ratios.append(f / a)
        print(f"round {r + 1}: full {f:.2f}s, attribution-only {a:.2f}s, ratio {f / a:.3f}", file=sys.stderr)

    n = len(texts)
    result = {
        "benchmark": "statements_overhead",
        "texts": str(folder),
        "articles": n,
        "words_per_article": round(words / n),
        "rounds": args.rounds,
        "full_s_median": round(statistics.median(full_times), 3),
        "attribution_only_s_median": round(statistics.median(attr_times), 3),
        "articles_per_s_full": round(n / statistics.median(full_times), 2),
        "articles_per_s_attribution_only": round(n / statistics.median(attr_times), 2),
        "ms_per_article_added": round(1000 * (statistics.median(full_times) - statistics.median(attr_times)) / n, 1),
        "ratio_median": round(statistics.median(ratios), 3),
        "ratios": [round(x, 3) for x in ratios],
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
    }
    print(f"{n} articles (~{result['words_per_article']} words) from {folder}")
    print(f"full analysis          {result['articles_per_s_full']:6.2f} articles/s")
    print(f"attribution-only       {result['articles_per_s_attribution_only']:6.2f} articles/s")
    print(f"added per article      {result['ms_per_article_added']:6.1f} ms")
    print(f"ratio full/attr-only   {result['ratio_median']:6.3f}  (median of {args.rounds} interleaved rounds; bar <= 1.3)")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
