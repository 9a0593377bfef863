"""Recompute the hand-checked precision of outlet recognition from ``outlets_sample.tsv``.

    python benchmarks/outlets_sample.py [DATA_DIR]

The sample holds 50 outlet mentions sayso recognised in PolNeAR dev predictions (drawn by
``outlets_polnear.py --sample-out FILE --seed 6``), each with a human verdict: "right" when the
recognised outlet is the one the article means, "wrong" otherwise. It stores article names,
offsets and the short mention strings only, no article text. When the corpus is present
(DATA_DIR, $SAYSO_DATA or ../shared/data) the script also checks that every mention string is
still what the article holds at those offsets.
"""
from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERDICTS = ("right", "wrong")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rows = list(csv.DictReader((HERE / "outlets_sample.tsv").open(encoding="utf-8"), delimiter="\t"))
    bad = [r for r in rows if r["verdict"] not in VERDICTS]
    if bad:
        print(f"{len(bad)} rows have no verdict (right/wrong): {bad[0]['mention']!r} …")
        return 1
    right = sum(r["verdict"] == "right" for r in rows)
    print(f"hand-checked recognised outlets: {right}/{len(rows)} right = {100 * right / len(rows):.1f}%")
    for r in rows:
        if r["verdict"] == "wrong":
            print(f"  wrong: {r['mention']!r} → {r['outlet']} ({r['note']})")
    texts = Path(argv[0] if argv else os.environ.get("SAYSO_DATA") or HERE.parent.parent / "shared" / "data") / "polnear" / "dev" / "text"
    if texts.is_dir():
        mismatched = 0
        for r in rows:
            text = (texts / f"{r['article']}.txt").read_bytes().decode("utf-8")
            if " ".join(text[int(r["start"]):int(r["end"])].split()) != r["mention"]:
                mismatched += 1
        print(f"mentions checked against the corpus: {len(rows) - mismatched}/{len(rows)} match their offsets")
        return 1 if mismatched else 0
    print("PolNeAR not found: offsets not re-checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
