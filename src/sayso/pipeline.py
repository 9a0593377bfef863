"""The spaCy pipeline sayso runs: the English base plus sayso's components, in order."""
from __future__ import annotations

from spacy.language import Language

from .components import setup_extensions
from .nlp import load_english
from .settings import Settings

# Order matters: quotes feed attributions; nesting sets parents, which resolution reads
# ("I" inside a quotation is the quoted speaker).
SAYSO_COMPONENTS = ("sayso_quotes", "sayso_attributions", "sayso_nesting", "sayso_resolver")


def add_sayso(nlp: Language) -> Language:
    """Add sayso's components to ``nlp`` (any English pipeline with a parser)."""
    from . import components  # noqa: F401  (registers the factories)
    from .components import attributions, nesting, paragraphs, quotes, resolve  # noqa: F401

    setup_extensions()
    if "sayso_paragraphs" not in nlp.pipe_names:
        first = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
        nlp.add_pipe("sayso_paragraphs", before=first) if first else nlp.add_pipe("sayso_paragraphs", first=True)
    for name in SAYSO_COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def build(settings: Settings | None = None) -> Language:
    settings = settings or Settings()
    return add_sayso(load_english(settings.model))
