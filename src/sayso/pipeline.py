"""The spaCy pipeline sayso runs: the English base plus sayso's components, in order."""
from __future__ import annotations

from spacy.language import Language

from .components import setup_extensions
from .nlp import load_english
from .settings import Settings

# Order matters: quotes feed attributions; resolution and nesting read attributions.
SAYSO_COMPONENTS = ("sayso_quotes", "sayso_attributions", "sayso_resolver", "sayso_nesting")


def add_sayso(nlp: Language) -> Language:
    """Add sayso's components to ``nlp`` (any English pipeline with a parser)."""
    from . import components  # noqa: F401  (registers the factories)
    from .components import attributions, nesting, quotes, resolve  # noqa: F401

    setup_extensions()
    for name in SAYSO_COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def build(settings: Settings | None = None) -> Language:
    settings = settings or Settings()
    return add_sayso(load_english(settings.model))
