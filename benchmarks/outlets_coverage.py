"""How much of a rating list's popular English-language news domains sayso's registry knows.

    python benchmarks/outlets_coverage.py [DATA_DIR] [--missing]

Reads the MBFC scrape in DATA_DIR/ratings/mbfc_osome2023/ at run time (research data, never
copied into the project) and keeps its "High Traffic" newspapers, TV and radio stations, news
agencies, magazines and websites in English-speaking countries; prints the share whose domain
the registry resolves (``Registry.by_url``). ``--missing`` lists the domains it does not know,
to guide additions written from general knowledge. Skips cleanly when the data is absent.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sayso.outlets.registry import Registry  # noqa: E402

ENGLISH = ("USA", "United Kingdom", "Canada", "Australia", "Ireland", "New Zealand", "India")
MEDIA = ("Newspaper", "TV Station", "Radio Station", "News Agency", "Magazine", "Website")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?")
    ap.add_argument("--missing", action="store_true")
    args = ap.parse_args(argv)
    data = Path(args.data or os.environ.get("SAYSO_DATA") or ROOT.parent / "shared" / "data")
    path = data / "ratings" / "mbfc_osome2023" / "mbfc_ratings.csv"
    if not path.is_file():
        print(f"MBFC scrape not found at {path}; skipping.")
        return 0
    registry = Registry.load()
    wanted, known, missing = 0, 0, []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["trafficpopularity"] != "High Traffic" or not row["domain"]:
                continue
            if not row["country"].startswith(ENGLISH) or not row["media_type"].startswith(MEDIA):
                continue
            wanted += 1
            if registry.by_url(row["domain"]) is not None:
                known += 1
            else:
                missing.append(row["domain"])
    print(f"registry: {len(registry)} outlets")
    print(f"high-traffic English-language news domains in the MBFC scrape known to the registry: "
          f"{known}/{wanted} = {100 * known / max(wanted, 1):.1f}%")
    if args.missing:
        print("\n".join(sorted(missing)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
