"""Analyzer: the thin layer that ingests, runs the pipeline once per article and serialises."""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from . import ingest
from .analysis import Analysis
from .components.extensions import remember_text
from .document import Document
from .errors import SaysoError
from .pipeline import build
from .settings import Settings
from .store.ratings import RatingStore, home as ratings_home


@dataclass
class Failure:
    """An article of a batch that could not be analysed, with its reason (``pipe(errors="record")``)."""

    index: int
    code: str
    message: str


class Analyzer:
    """Build once (models load once), then ``analyze`` or ``pipe`` many articles."""

    def __init__(self, settings: Settings | None = None, *, nlp: Language | None = None, **options):
        settings = settings or Settings.from_env()
        options = {k: v for k, v in options.items() if v is not None}  # None: keep the default
        self.settings = settings.replace(**options) if options else settings
        self.nlp = nlp if nlp is not None else build(self.settings)
        # the user's imported ratings, opened read-only once; no store: no ratings
        self.ratings = RatingStore.open_readonly(ratings_home(self.settings))

    def document(self, data: str | bytes | Document, *, url: str | None = None,
                 content_type: str | None = None) -> Document:
        if isinstance(data, Document):
            return ingest.check_length(data, self.settings, "the document")
        return ingest.from_input(data, url=url, content_type=content_type, settings=self.settings)

    def load(self, source: str) -> Document:
        """A path, URL or ``-`` → Document (what the CLI reads)."""
        return ingest.load(source, self.settings)

    def _make_doc(self, document: Document) -> Doc:
        doc = self.nlp.make_doc(document.text)
        remember_text(doc, document.text)
        doc._.boilerplate = [(b.start, b.end) for b in document.boilerplate]
        # the article's own outlet is known only from its metadata (sayso_outlets reads these)
        doc._.url, doc._.site = document.url, document.site
        return doc

    def analyze(self, data: str | bytes | Document, *, url: str | None = None,
                content_type: str | None = None) -> Analysis:
        """Analyse one article given as text, HTML or a ``Document``."""
        document = self.document(data, url=url, content_type=content_type)
        doc = self.nlp(self._make_doc(document))
        return Analysis(document=document, doc=doc, ratings=self.ratings)

    def pipe(self, items: Iterable[str | bytes | Document], *, batch_size: int | None = None,
             n_process: int | None = None, errors: str = "raise") -> Iterator[Analysis | Failure]:
        """Analyse many articles in order. With ``errors="record"`` a bad article yields a
        ``Failure`` in its place instead of stopping the stream."""
        if errors not in ("raise", "record"):
            raise ValueError("errors must be 'raise' or 'record'")
        batch_size = batch_size or self.settings.batch_size
        n_process = n_process or self.settings.n_process
        # documents in input order; failures wait here until the docs before them come out
        prepared: deque[tuple[int, Document | Failure]] = deque()

        def documents():
            for i, item in enumerate(items):
                try:
                    document = self.document(item)
                except SaysoError as exc:
                    if errors == "raise":
                        raise
                    prepared.append((i, Failure(i, exc.code, str(exc))))
                    continue
                prepared.append((i, document))
                yield self._make_doc(document), i

        for doc, i in self.nlp.pipe(documents(), batch_size=batch_size, n_process=n_process, as_tuples=True):
            while prepared and prepared[0][0] < i:
                yield prepared.popleft()[1]
            _, document = prepared.popleft()
            yield Analysis(document=document, doc=doc, ratings=self.ratings)
        while prepared:
            yield prepared.popleft()[1]


def analyze(data: str | bytes, **kwargs) -> Analysis:
    """One-off analysis (loads the models each call; build an ``Analyzer`` for many)."""
    return Analyzer().analyze(data, **kwargs)
