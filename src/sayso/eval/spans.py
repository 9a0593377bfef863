"""Character-span arithmetic and text normalisation shared by the scorers.

A span is a half-open ``(start, end)`` pair of character offsets; a discontinuous
annotation is a list of spans. Overlaps are measured on the union of character
positions, so overlapping fragments are never counted twice.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

Spans = Sequence[tuple[int, int]]


def merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping, non-empty spans covering the same characters."""
    out: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def size(spans: Spans) -> int:
    """Number of distinct characters covered."""
    return sum(e - s for s, e in merged(spans))


def overlap(a: Spans, b: Spans) -> int:
    """Number of characters covered by both ``a`` and ``b``."""
    a, b = merged(a), merged(b)
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def jaccard(a: Spans, b: Spans) -> float:
    """Character Jaccard |a ∩ b| / |a ∪ b| (0.0 when both are empty)."""
    both = overlap(a, b)
    union = size(a) + size(b) - both
    return both / union if union else 0.0


def span_text(spans: Spans, text: str, sep: str = " ") -> str:
    """The text of the fragments in document order, joined with ``sep``."""
    return sep.join(text[s:e] for s, e in sorted(spans))


def _is_edge(ch: str) -> bool:
    # Quotes, dashes, brackets and other punctuation (Unicode category P*) plus whitespace.
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def _strip_edges(s: str) -> str:
    start, end = 0, len(s)
    while start < end and _is_edge(s[start]):
        start += 1
    while end > start and _is_edge(s[end - 1]):
        end -= 1
    return s[start:end]


def normalise(text: str) -> str:
    """Text for exact matching: whitespace folded, lower-cased, surrounding quotes and
    punctuation stripped, a leading "that " dropped.

    A span made only of punctuation (a headline colon used as a cue) keeps its folded
    text, so that ":" and "—" stay different.
    """
    folded = " ".join(text.split()).lower()
    core = _strip_edges(folded)
    if core.startswith("that "):
        core = _strip_edges(core[5:])
    return core or folded
