"""The spaCy pipeline sayso runs: the English base plus sayso's components, in order."""
from __future__ import annotations

from spacy.language import Language

from .components import setup_extensions
from .nlp import bound_tok2vec, load_english
from .settings import Settings

# Order matters: quotes and outlet mentions feed attributions; nesting sets parents, which resolution reads
# ("I" inside a quotation is the quoted speaker); outlets read the resolved entities;
# statements read the attributions with their parents.
# techniques read the attributions (whose content holds a span: its voice).
SAYSO_COMPONENTS = ("sayso_quotes", "sayso_outlet_mentions", "sayso_attributions", "sayso_nesting", "sayso_resolver", "sayso_outlets",
                    "sayso_statements", "sayso_techniques")


def add_sayso(nlp: Language, settings: Settings | None = None) -> Language:
    """Add sayso's components to ``nlp`` (any English pipeline with a parser)."""
    from . import components  # noqa: F401  (registers the factories)
    from .components import attributions, nesting, outlets, paragraphs, quotes, resolve, statements  # noqa: F401
    from .components import techniques  # noqa: F401

    setup_extensions()
    if "sayso_paragraphs" not in nlp.pipe_names:
        first = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
        nlp.add_pipe("sayso_paragraphs", before=first) if first else nlp.add_pipe("sayso_paragraphs", first=True)
    if (settings is None or settings.span_tagger) and "sayso_span_tagger" not in nlp.pipe_names:
        from .components import span_tagger  # noqa: F401  (registers the factory)

        nlp.add_pipe("sayso_span_tagger")
    for name in SAYSO_COMPONENTS:
        if name not in nlp.pipe_names and _wanted(name, settings):
            nlp.add_pipe(name, config=_config(name, settings))
    return nlp


def _wanted(name: str, settings: Settings | None) -> bool:
    """Statements and techniques are optional analyses (attribution-only is faster)."""
    if settings is None:
        return True
    return {"sayso_statements": settings.statements, "sayso_techniques": settings.techniques}.get(name, True)


def _config(name: str, settings: Settings | None) -> dict:
    if name in ("sayso_outlet_mentions", "sayso_outlets") and settings is not None and settings.outlets_file:
        return {"outlets_file": settings.outlets_file}
    return {}


def build(settings: Settings | None = None) -> Language:
    settings = settings or Settings()
    nlp = bound_tok2vec(load_english(settings.model), settings.max_batch_tokens)
    nlp.max_length = settings.max_chars  # the ingest step refuses longer texts first (E010)
    return add_sayso(nlp, settings)
