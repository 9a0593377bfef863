"""Error analysis of sayso's attribution engine on PolNeAR (figures quoted in notes and cards).

Never imported at run time. Reads PolNeAR from ``$SAYSO_DATA/polnear`` (default
``../shared/data/polnear``).

    python training/attribution_analysis.py misses [--split dev]
        # gold attributions sayso misses, by what the span tagger saw of them and, where it
        # marked both the cue and the content, the stage that lost them
    python training/attribution_analysis.py headlines [--split train]
        # first-line "Name: …" headlines the speaker rule decides: kept or dropped, right or wrong
    python training/attribution_analysis.py relative-sources [--split train]
        # gold sources that are a bare relative pronoun ("who", "which", "that")
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def data_dir() -> Path:
    return Path(os.environ.get("SAYSO_DATA", ROOT.parent / "shared" / "data")) / "polnear"


def _overlaps(s: int, e: int, spans) -> bool:
    return any(s < e2 and s2 < e for s2, e2 in spans)


def cmd_misses(args) -> None:
    from sayso import Analyzer
    from sayso.components import attributions as A
    from sayso.components.span_tagger import link_runs
    from sayso.eval.polnear import read_split

    articles, _ = read_split(data_dir() / args.split)
    analyzer = Analyzer(statements=False, techniques=False)
    seen: dict = {}
    scorable = A.scorable

    def recording(doc, cands, quotes):  # the candidates the scorer judges, and all before it
        seen["before"] = [c.cue for c in cands]
        seen["scored"] = []
        for c, feats in scorable(doc, cands, quotes):
            seen["scored"].append(c.cue)
            yield c, feats

    A.scorable = recording
    counts: Counter = Counter()
    examples: dict[str, list[str]] = {}
    try:
        for art in articles:
            seen.clear()
            doc = analyzer.nlp(analyzer._make_doc(analyzer.document(art.text)))
            runs = doc._.attribution_runs or []
            cues = [(r.start_char, r.end_char) for r in runs if r.label == "CUE"]
            contents = [(r.start_char, r.end_char) for r in runs if r.label == "CONTENT"]
            final = [(a.cue.start, a.cue.end) for a in doc._.attributions]
            linked = link_runs(doc, runs)
            for g in art.gold:
                if not g["cue"]:
                    continue
                counts["gold"] += 1
                if any(_overlaps(s, e, g["cue"]) for s, e in final):
                    counts["a prediction has the cue"] += 1
                    continue
                cue_run = any(_overlaps(s, e, g["cue"]) for s, e in cues)
                content_run = any(_overlaps(s, e, g["content"]) for s, e in contents)
                if not cue_run:
                    key = "no tagger cue run" + (", a content run" if content_run else ", no content run")
                elif not content_run:
                    key = "a tagger cue run, no content run"
                elif not any(_overlaps(d["cue"]["start"], d["cue"]["end"], g["cue"]) for d in linked):
                    key = "cue and content runs: link_runs made no attribution of the cue"
                elif not any(_overlaps(c[0], c[1], g["cue"]) for c in seen.get("before", [])):
                    key = "cue and content runs: dropped before scoring (filters, clashes)"
                elif any(_overlaps(c[0], c[1], g["cue"]) for c in seen.get("scored", [])):
                    key = "cue and content runs: dropped by the scorer"
                else:
                    key = "cue and content runs: dropped otherwise"
                counts[key] += 1
                examples.setdefault(key, []).append(" ".join(art.text[s:e] for s, e in g["cue"]))
    finally:
        A.scorable = scorable
    print(f"PolNeAR {args.split}: {counts.pop('gold')} gold attributions with a cue")
    for key, n in counts.most_common():
        shown = "; ".join(examples.get(key, [])[: args.show])
        print(f"  {n:5d}  {key}" + (f"  (e.g. {shown})" if shown else ""))


def cmd_headlines(args) -> None:
    from sayso.components.attributions import _SPEAKER_RE, headline_speaker
    from sayso.eval.polnear import read_split

    articles, _ = read_split(data_dir() / args.split)
    counts: Counter = Counter()
    for art in articles:
        m = _SPEAKER_RE.match(art.text)
        if not m:
            continue
        name = m.group(1)
        if art.text[m.end() : m.end() + 1] in "“\"«‘'" or (name.isupper() and len(name) > 2):
            continue  # a quotation or a transcript turn: other rules decide
        colon = art.text.index(":", m.end(1))
        gold = any(any(s <= colon < e for s, e in g["cue"]) for g in art.gold if g["cue"])
        kept = headline_speaker(name)
        counts[("kept" if kept else "dropped") + (", gold speaker" if gold else ", no gold speaker")] += 1
    print(f"PolNeAR {args.split}: first-line 'Name: …' headlines the speaker rule decides")
    for key in ("kept, gold speaker", "kept, no gold speaker", "dropped, no gold speaker", "dropped, gold speaker"):
        print(f"  {counts[key]:4d}  {key}")


def cmd_relative_sources(args) -> None:
    from sayso.eval.polnear import read_split

    articles, _ = read_split(data_dir() / args.split)
    counts: Counter = Counter()
    for art in articles:
        for g in art.gold:
            if g["source"]:
                text = " ".join(art.text[s:e] for s, e in g["source"]).strip().lower()
                counts["relative pronoun" if text in ("who", "which", "that", "whom") else "other"] += 1
    print(f"PolNeAR {args.split}: gold sources that are a bare relative pronoun: "
          f"{counts['relative pronoun']} of {sum(counts.values())}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("misses")
    m.add_argument("--split", default="dev")
    m.add_argument("--show", type=int, default=4, help="examples per line")
    h = sub.add_parser("headlines")
    h.add_argument("--split", default="train")
    r = sub.add_parser("relative-sources")
    r.add_argument("--split", default="train")
    args = parser.parse_args(argv)
    {"misses": cmd_misses, "headlines": cmd_headlines, "relative-sources": cmd_relative_sources}[args.cmd](args)


if __name__ == "__main__":
    main()
