"""``sayso ratings import|list|remove``: the work behind the command (cli.py only parses)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from . import formats
from .ratings import RatingStore, fingerprint, home


def _import(args, store: RatingStore) -> int:
    path = Path(args.file)
    options = {k: getattr(args, k, None) for k in ("format", "rater", "as_of", "coverage", "domain_column",
                                                  "value_column", "scale")}
    ratings = formats.read(path, args.format, rater=args.rater, as_of=args.as_of, coverage=args.coverage,
                           domain_column=args.domain_column, value_column=args.value_column, scale=args.scale)
    if args.format == "lin2023" and not args.coverage:
        # the coverage matrix found beside the file is part of what was imported
        sibling = path.with_name("data_domain_ratings.csv")
        if sibling.is_file() and sibling.resolve() != path.resolve():
            options["coverage_fingerprint"] = fingerprint(sibling, {})
    changed = store.import_list(ratings, path.resolve(), fingerprint(path, options))
    covered = sum(1 for r in ratings.rows if r.covered)
    unknown = sum(1 for r in ratings.rows if r.covered is None)
    out = sys.stdout
    if not changed:
        out.write(f"{ratings.rater}: unchanged ({path} was already imported with these options)\n")
        return 0
    line = f"{ratings.rater}: imported {len(ratings.rows):,} ratings from {path} ({covered:,} covered"
    line += f", {unknown:,} coverage unknown)" if unknown else f", {len(ratings.rows) - covered:,} not covered)"
    out.write(line + f" into {store.path}\n")
    for note in ratings.notes:
        out.write(f"  note: {note}\n")
    for reason, n in sorted(ratings.skipped.items()):
        out.write(f"  skipped {n:,}: {reason}\n")
    return 0


def _list(args, store: RatingStore | None) -> int:
    raters = store.raters() if store else []
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(raters, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not raters:
        sys.stdout.write("No ratings loaded. Import a list with: sayso ratings import FILE --format FORMAT\n")
        return 0
    for r in raters:
        sys.stdout.write(
            f"{r['rater']}  ({r['format']}, {r['rows']:,} rows, {r['covered']:,} covered, as of {r['as_of'] or 'unknown'})\n"
            f"  file: {r['file']}\n  imported: {r['imported_at']}\n")
        for s in r["scales"]:
            sys.stdout.write(f"  scale: {s}\n")
    return 0


def main(args, settings=None) -> int:
    directory = home(settings)
    if args.action == "list":
        store = RatingStore.open_readonly(directory)
        try:
            return _list(args, store)
        finally:
            if store:
                store.close()
    with RatingStore.open(directory) as store:
        if args.action == "import":
            return _import(args, store)
        if args.action == "remove":
            n = store.remove(args.rater)
            sys.stdout.write(f"{args.rater}: removed ({n:,} ratings)\n")
            return 0
    return 2
