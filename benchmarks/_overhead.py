"""What the two overhead benchmarks share: their arguments, the articles, one Analyzer."""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def text_folder(path: Path) -> Path | None:
    """The folder of ``.txt`` articles under ``path``: a data root, a split folder or the texts."""
    for candidate in (path / "polnear" / "dev" / "text", path / "text", path):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    return None


@dataclass
class Setup:
    args: argparse.Namespace
    folder: Path
    texts: list[str]
    analyzer: object  # sayso.Analyzer
    documents: list
    words: int


def setup(description: str, component: str, argv=None) -> Setup:
    """Parse ``DATA [--limit N] [--rounds N]``, read the articles (PolNeAR dev, else the
    examples), build one Analyzer and check that ``component`` is in its pipeline."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("data", nargs="?", default=os.environ.get("SAYSO_DATA") or str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--limit", type=int, default=40, help="articles per round (default 40)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    from sayso.analyzer import Analyzer

    folder = text_folder(Path(args.data)) or ROOT / "examples"
    texts = [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))[: args.limit]]
    analyzer = Analyzer(content_type="text")
    if component not in analyzer.nlp.pipe_names:
        sys.exit(f"{component} is not in the pipeline")
    return Setup(args, folder, texts, analyzer, [analyzer.document(t) for t in texts],
                 sum(len(t.split()) for t in texts))
