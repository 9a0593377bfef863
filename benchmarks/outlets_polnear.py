"""Outlet recognition on PolNeAR dev: do attributions whose gold source names a news outlet get an
outlet id from sayso?

    python benchmarks/outlets_polnear.py [DATA_DIR] [--split dev] [--no-site] [--sample-out FILE]

DATA_DIR defaults to $SAYSO_DATA or ../shared/data; the script exits 0 with a note when the
corpus is absent. PolNeAR is research-only: nothing from it is written except with
``--sample-out`` (article names, mention strings and outlets — no article text).

Which gold sources "name a news outlet" (decided from the gold text alone, then checked by hand
on dev): after a leading "the"/"a"/"an", the whole source is

* an outlet's name — a capitalised form in sayso's registry (flagged ones included), or a
  capitalised name ending in a newspaper word ("the Harbour Herald": ``NAME_HEADS``), or
* a definite media noun standing for an outlet: "the newspaper", "the paper", "the network",
  "the outlet", "the magazine", "the channel", "the broadcaster", or
* a coordination whose first part is one of these ("The New York Times and the Gannett
  newspaper chain").

Sources that only mention an outlet — its journalist ("CNN's Jake Tapper"), its poll ("a
Reuters/Ipsos poll"), its article ("a Times article") — are not the outlet speaking; they are
counted separately as "mentions an outlet", where the figure is whether sayso recognised the
outlet mention inside the source span.

A gold attribution is matched to the predictions whose source overlaps its source (character
overlap), preferring ones whose cue overlaps too; it counts as recognised when a matched
prediction carries an outlet id. Each publisher's site (from metadata.tsv) is passed as the
article's site, as HTML or URL input would give it (``--no-site`` to leave it out).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sayso.eval.polnear import read_split  # noqa: E402
from sayso.eval.spans import overlap  # noqa: E402
from sayso.outlets.registry import Registry, name_key  # noqa: E402

PUBLISHER_SITES = {
    "nyt": "nytimes.com", "wash-post": "washingtonpost.com", "breitbart": "breitbart.com",
    "huff-post": "huffpost.com", "politico": "politico.com", "usa-today": "usatoday.com",
    "west-journal": "westernjournal.com",
}
MEDIA_NOUNS = frozenset("newspaper paper network outlet magazine channel broadcaster".split())
# last words of newspaper-like names, for outlets the registry does not know
NAME_HEADS = frozenset("""herald times post news journal gazette tribune chronicle courier examiner inquirer
observer telegraph guardian mirror express sun mail globe press bulletin dispatch sentinel monitor
reporter magazine""".split())
_DET = re.compile(r"^(?:the|a|an)\s+", re.I)


def _outlet_name(text: str, registry: Registry) -> bool:
    text = " ".join(text.split()).strip(" ,.–—-")
    core = _DET.sub("", text)
    if not core:
        return False
    if core[:1].isupper() and len(core) > 1 and registry.lookup(core):
        return True
    words = core.split()
    if core[:1].isupper() and all(w[:1].isupper() or w in ("of", "and", "&") for w in words) \
            and name_key(words[-1]) in NAME_HEADS:
        return True
    return bool(_DET.match(text)) and len(words) == 1 and words[0].lower() in MEDIA_NOUNS


def names_outlet(source: str, registry: Registry) -> bool:
    """True when the gold source is an outlet (see the module docstring)."""
    if _outlet_name(source, registry):
        return True
    first = re.split(r"\s+and\s+|,\s*", " ".join(source.split()), maxsplit=1)[0]
    return first != source and _outlet_name(first, registry)


def mentions_outlet(source: str, registry: Registry) -> bool:
    """True when some registry form (strong, not needing context) occurs inside the source."""
    low = " " + " ".join(source.split()) + " "
    for f in registry.forms:
        if f.strength == 3 and len(f.text) > 2 and re.search(r"(?<![\w-])" + re.escape(f.text) + r"(?![\w-])", low):
            return True
    return False


def data_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("SAYSO_DATA") or ROOT.parent / "shared" / "data")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", help="folder holding polnear/ (default $SAYSO_DATA or ../shared/data)")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--no-site", action="store_true", help="do not pass the publisher's site")
    ap.add_argument("--sample-out", metavar="FILE", help="write 50 random recognised outlet mentions to FILE (TSV)")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--show", action="store_true", help="list every outlet-named gold source and what sayso gave it")
    args = ap.parse_args(argv)

    split = data_dir(args.data) / "polnear" / args.split
    if not (split / "text").is_dir():
        print(f"PolNeAR not found at {split}; skipping (set SAYSO_DATA or pass DATA_DIR).")
        return 0
    import sayso
    from sayso.document import Document

    meta = {}
    with (split.parent / "metadata.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            meta[row["filename"]] = row["publisher"]
    articles, _ = read_split(split)
    analyzer = sayso.Analyzer()
    registry = analyzer.nlp.get_pipe("sayso_outlets").registry
    docs = [Document(a.text, site=None if args.no_site else PUBLISHER_SITES.get(meta.get(a.name, ""))) for a in articles]
    t0 = time.time()
    results = [r.to_dict() for r in analyzer.pipe(docs)]
    seconds = time.time() - t0

    named = named_found = named_ok = named_seen = 0
    mention = mention_ok = 0
    rows = []
    sample_pool = []
    for art, data in zip(articles, results):
        preds = data["attributions"]
        outlets = {o["id"]: o for o in data["outlets"]}
        for o in data["outlets"]:
            for m in o["mentions"]:
                sample_pool.append((art.name, m["start"], m["end"], " ".join(m["text"].split()), o["registry_id"] or "-",
                                    o["name"], o["kind"]))
        for g in art.gold:
            if not g["source"]:
                continue
            text = " ".join(art.text[s:e] for s, e in g["source"])
            if names_outlet(text, registry):
                named += 1
                hits = [p for p in preds if p["source"] and overlap(g["source"], [(p["source"]["start"], p["source"]["end"])])]
                hits.sort(key=lambda p: not overlap(g["cue"], [(p["cue"]["start"], p["cue"]["end"])]))
                got = next((p["outlet"] for p in hits if p.get("outlet")), None)
                named_found += bool(hits)
                named_ok += got is not None
                spans = [(m["start"], m["end"]) for o in data["outlets"] for m in o["mentions"]]
                named_seen += any(overlap(g["source"], [sp]) for sp in spans)
                rows.append((art.name, text, bool(hits), outlets[got]["name"] if got else None))
            elif mentions_outlet(text, registry):
                mention += 1
                spans = [(m["start"], m["end"]) for o in data["outlets"] for m in o["mentions"]]
                mention_ok += any(overlap(g["source"], [s]) for s in spans)

    def pct(a, b):
        return f"{a}/{b} = {100 * a / b:.1f}%" if b else "n/a"

    print(f"PolNeAR {args.split}: {len(articles)} articles, {seconds:.1f} s"
          f"{' (no site metadata)' if args.no_site else ' (publisher site passed)'}")
    print(f"gold sources naming a news outlet: {named}")
    print(f"  get an outlet id (end to end):              {pct(named_ok, named)}")
    print(f"  sayso found the attribution (source overlap): {pct(named_found, named)}")
    print(f"  get an outlet id when the attribution is found: {pct(named_ok, named_found)}")
    print(f"  outlet recognised at the gold source span (attribution found or not): {pct(named_seen, named)}")
    print(f"gold sources mentioning an outlet (journalist, poll, article of it): {mention}")
    print(f"  outlet mention recognised inside the source: {pct(mention_ok, mention)}")
    if args.show:
        for name, text, found, outlet in rows:
            print(f"  {'OK ' if outlet else ('-- ' if found else 'NF ')} {text[:60]!r} -> {outlet}  [{name[:40]}]")
    if args.sample_out:
        # ordered by a hash of (seed, article, offsets): the sample stays put when the pool grows
        pool = sorted(set(sample_pool), key=lambda r: hashlib.sha1(f"{args.seed}:{r[0]}:{r[1]}:{r[2]}".encode()).hexdigest())
        with open(args.sample_out, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n")
            w.writerow(["article", "start", "end", "mention", "registry_id", "outlet", "kind", "verdict", "note"])
            for row in pool[:50]:
                w.writerow([*row, "", ""])
        print(f"wrote {min(50, len(pool))} of {len(pool)} recognised mentions to {args.sample_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
