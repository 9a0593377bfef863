"""The learned attribution span tagger: shipped model, spaCy component, linking."""
from __future__ import annotations

import pytest
import spacy

from sayso.components import span_tagger as st

TEXT = (
    "The mayor announced a new harbour plan on Tuesday.\n\n"
    "“We will rebuild the old pier before the summer,” Mayor Anna Berg said at a press conference.\n\n"
    "Local fishermen said they welcomed the decision."
)


def _base():
    """What runs before the component in sayso's pipeline: nothing for a model that reads
    the tokens only; en_core_web_sm's tok2vec, tagger and parser (with sayso_paragraphs)
    for a model that reads doc.tensor and the parse."""
    if not st.SpanTagger(spacy.blank("en")).needs_parse:
        return spacy.blank("en")
    from sayso.components import paragraphs  # noqa: F401
    from sayso.nlp import load_english

    nlp = load_english()
    nlp.add_pipe("sayso_paragraphs", before="parser")
    return nlp


@pytest.fixture(scope="module")
def nlp():
    nlp = _base()
    nlp.add_pipe("sayso_span_tagger")
    return nlp


def test_model_is_shipped_in_safe_formats():
    files = [p for p in st.MODEL_DIR.rglob("*") if p.is_file()]
    assert (st.MODEL_DIR / "config.cfg").exists() and (st.MODEL_DIR / "MODEL_CARD.md").exists()
    assert sum(p.stat().st_size for p in files) < 50_000_000
    assert not [p for p in files if p.suffix in {".pkl", ".pickle", ".pt", ".bin", ".joblib"}]


def test_runs_have_exact_offsets(nlp):
    doc = nlp(TEXT)
    runs = doc._.attribution_runs
    assert runs, "no runs predicted"
    for r in runs:
        assert r.label in st.LABELS
        assert 0 <= r.start_char < r.end_char <= len(TEXT)
        assert 0.0 <= r.score <= 1.0
        span = doc.char_span(r.start_char, r.end_char)
        assert span is not None, "runs start and end on token boundaries"
        assert span.text == TEXT[r.start_char : r.end_char]
        assert (span.start, span.end) == (r.start, r.end)
    assert [r.start_char for r in runs] == sorted(r.start_char for r in runs)


def test_clear_quote_gives_source_cue_content(nlp):
    doc = nlp(TEXT)
    labels = {(r.label, TEXT[r.start_char : r.end_char]) for r in doc._.attribution_runs}
    # the component decodes for recall (RECALL_BOOST): its cue may take a word more ("said
    # at"); sayso_attributions trims it (tests/test_components_attributions.py)
    assert any(lab == "CUE" and text.split()[0] == "said" for lab, text in labels)
    assert any(lab == "SOURCE" and "Berg" in text for lab, text in labels)
    assert any(lab == "CONTENT" and "rebuild the old pier" in text for lab, text in labels)

    atts = st.link_runs(doc, doc._.attribution_runs)
    quote = [a for a in atts if any("rebuild" in c["text"] for c in a["content"])]
    assert len(quote) == 1
    a = quote[0]
    assert a["cue"]["text"].split()[0] == "said" and "Berg" in a["source"]["text"]
    for part in [a["cue"], a["source"], *a["content"]]:
        assert TEXT[part["start"] : part["end"]] == part["text"]
    assert set(a) >= {"id", "kind", "source", "cue", "content", "parent", "negated", "confidence", "entity"}
    # the same result from the raw text
    assert st.link_runs(TEXT, doc._.attribution_runs) == atts


def test_argmax_decoding_keeps_the_bare_cue():
    nlp = _base()
    nlp.add_pipe("sayso_span_tagger", config={"boost": st.VITERBI_BOOST})
    labels = {(r.label, TEXT[r.start_char : r.end_char]) for r in nlp(TEXT)._.attribution_runs}
    assert ("CUE", "said") in labels


def test_empty_and_whitespace_docs(nlp):
    assert nlp("")._.attribution_runs == []
    assert nlp("\n\n  ")._.attribution_runs == []
    assert st.link_runs("", []) == []


def test_pipe_matches_call(nlp):
    texts = [TEXT, "Nothing to see here.", TEXT]
    piped = [d._.attribution_runs for d in nlp.pipe(texts, batch_size=2)]
    single = [nlp(t)._.attribution_runs for t in texts]
    # batching may change the last digits of the scores (BLAS), never the runs
    assert [[(r.label, r.start_char, r.end_char) for r in runs] for runs in piped] == [
        [(r.label, r.start_char, r.end_char) for r in runs] for runs in single
    ]
    for a, b in zip(piped, single):
        assert [r.score for r in a] == pytest.approx([r.score for r in b], abs=0.02)


def test_round_trip_to_disk(nlp, tmp_path):
    before = nlp(TEXT)._.attribution_runs
    nlp.to_disk(tmp_path / "pipeline")
    assert not list((tmp_path / "pipeline").rglob("*.pkl"))
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names and loaded.pipe_names[-1] == "sayso_span_tagger"
    assert loaded(TEXT)._.attribution_runs == before
    comp = spacy.blank("en").add_pipe("sayso_span_tagger")
    comp.from_disk(tmp_path / "pipeline" / "sayso_span_tagger")
    doc = nlp(TEXT) if comp.needs_parse else nlp.make_doc(TEXT)
    assert comp.predict([doc])[0] == before


def test_long_doc_is_predicted_in_pieces():
    nlp = _base()
    nlp.add_pipe("sayso_span_tagger", config={"max_tokens": 200})
    text = "\n\n".join([TEXT] * 12)
    doc = nlp(text)
    assert len(doc) > 400
    runs = doc._.attribution_runs
    assert sum(r.label == "CUE" and text[r.start_char : r.end_char] == "said" for r in runs) >= 12
    for r in runs:
        span = doc.char_span(r.start_char, r.end_char)
        assert span is not None and (span.start, span.end) == (r.start, r.end)


# ------------------------------------------------- the parse-reading architecture (untrained)

LABELS_BIO = ["O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT"]


@pytest.fixture(scope="module")
def parsed():
    from sayso.components import paragraphs  # noqa: F401
    from sayso.nlp import load_english

    base = load_english()
    base.add_pipe("sayso_paragraphs", before="parser")
    texts = [TEXT, "Nothing to see here.", "\n\n".join([TEXT] * 3), "“Yes,” she said.\nHe did not."]
    return base, list(base.pipe(texts))


@pytest.fixture(scope="module")
def parse_model_dir(parsed, tmp_path_factory):
    """A small randomly initialised model of ``sayso.AttributionParseTok2Vec.v1``."""
    from spacy.tokens import Doc
    from spacy.training import Example

    _, docs = parsed
    nlp = spacy.blank("en")
    nlp.add_pipe("tagger", config={"model": {
        "@architectures": "spacy.Tagger.v2", "nO": None, "normalize": False,
        "tok2vec": {"@architectures": st.PARSE_ARCH, "width": 16, "embed_width": 8,
                    "rows": [100, 50, 50, 100, 50, 50], "pool_width": 8, "rounds": 2, "depth": 1,
                    "round_window": True}}})
    examples = []
    for i, d in enumerate(docs):
        tags = [LABELS_BIO[(i + k) % len(LABELS_BIO)] for k in range(len(d))]
        ref = Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d], tags=tags)
        examples.append(Example(d, ref))
    nlp.initialize(lambda: examples)
    path = tmp_path_factory.mktemp("parse_model")
    nlp.to_disk(path)
    return path


def _probs(comp, docs):
    return [comp._pipe.model.predict([d])[0] for d in docs]


def test_parse_model_batch_equals_single(parsed, parse_model_dir):
    _, docs = parsed
    comp = st.SpanTagger(spacy.blank("en"), model_path=str(parse_model_dir))
    assert comp.needs_parse and comp._group
    single = [comp._pipe.model.predict([d])[0] for d in docs]
    batch = comp._pipe.model.predict(docs)
    for a, b in zip(single, batch):
        assert a.shape == b.shape
        assert abs(a - b).max() == 0.0  # zero padding and per-doc pools: batching changes nothing
    assert comp.predict(docs) == [comp.predict([d])[0] for d in docs]


def test_parse_model_round_trip(parsed, parse_model_dir, tmp_path):
    _, docs = parsed
    comp = st.SpanTagger(spacy.blank("en"), model_path=str(parse_model_dir))
    before = comp._pipe.model.predict(docs)
    comp.to_disk(tmp_path / "comp")
    assert not list((tmp_path / "comp").rglob("*.pkl"))
    other = spacy.blank("en").add_pipe("sayso_span_tagger").from_disk(tmp_path / "comp")
    assert other.needs_parse
    after = other._pipe.model.predict(docs)
    assert all((a == b).all() for a, b in zip(before, after))
    assert other.predict(docs) == comp.predict(docs)


def test_parse_model_needs_the_parse(parse_model_dir):
    comp = st.SpanTagger(spacy.blank("en"), model_path=str(parse_model_dir))
    with pytest.raises(ValueError, match="after the parser"):
        comp.predict([spacy.blank("en").make_doc("He said so.")])


def test_parse_model_long_doc_in_pieces(parsed, parse_model_dir):
    base, _ = parsed
    comp = st.SpanTagger(spacy.blank("en"), model_path=str(parse_model_dir), max_tokens=200)
    text = "\n\n".join([TEXT] * 12)
    doc = base(text)
    runs = comp.predict([doc])[0]
    for r in runs:
        span = doc.char_span(r.start_char, r.end_char)
        assert span is not None and (span.start, span.end) == (r.start, r.end)


# ------------------------------------------------- the earlier architectures still load

@pytest.mark.parametrize("tok2vec", [
    {"@architectures": "sayso.AttributionTok2Vec.v1"},
    {"@architectures": "sayso.AttributionContextTok2Vec.v1"},
    {"@architectures": "sayso.AttributionContextTok2Vec.v2", "rounds": 2, "isolate": False},
    {"@architectures": "sayso.AttributionContextTok2Vec.v2", "rounds": 2, "isolate": True},
])
def test_text_only_architectures_still_load(tok2vec, tmp_path):
    from spacy.tokens import Doc
    from spacy.training import Example

    nlp = spacy.blank("en")
    t2v = {"width": 16, "depth": 1, "window_size": 1, "maxout_pieces": 2,
           "attrs": ["LOWER", "PREFIX", "SUFFIX", "SHAPE"], "rows": [100, 50, 50, 50], "layout_rows": 50, **tok2vec}
    nlp.add_pipe("tagger", config={"model": {"@architectures": "spacy.Tagger.v2", "nO": None, "normalize": False,
                                             "tok2vec": t2v}})
    docs = [nlp.make_doc(t) for t in (TEXT, "He said so.\n\nShe agreed.")]
    examples = [Example(d, Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d],
                               tags=[LABELS_BIO[k % 7] for k in range(len(d))])) for d in docs]
    nlp.initialize(lambda: examples)
    nlp.to_disk(tmp_path)
    comp = st.SpanTagger(spacy.blank("en"), model_path=str(tmp_path))
    assert not comp.needs_parse
    docs = [spacy.blank("en").make_doc(t) for t in (TEXT, "Nothing to see here.", TEXT)]

    def spans(runs):
        return [[(r.label, r.start_char, r.end_char) for r in rs] for rs in runs]

    assert spans(comp.predict(docs)) == spans([comp.predict([d])[0] for d in docs])


def test_viterbi_matches_brute_force():
    import itertools

    import numpy

    rng = numpy.random.default_rng(0)
    K = 3
    valid = lambda seq: all(not (b > K and (i == 0 or seq[i - 1] not in (b, b - K))) for i, b in enumerate(seq))
    lps = [numpy.log(rng.dirichlet(numpy.ones(2 * K + 1), size=n)) for n in (1, 2, 4, 5, 3)]
    for lp, path in zip(lps, st._viterbi(lps, K)):
        best = max((seq for seq in itertools.product(range(2 * K + 1), repeat=len(lp)) if valid(seq)),
                   key=lambda seq: sum(lp[i, s] for i, s in enumerate(seq)))
        assert tuple(path.tolist()) == best


def test_lexicon_classes_read_inflected_forms():
    import spacy
    from spacy.attrs import LOWER
    from spacy.tokens import Doc

    from sayso.components.span_tagger import _lexicon_classes

    words = ["He", "Said", "the", "statements", "were", "false", "according", "to", "believes", "refused", "published"]
    doc = Doc(spacy.blank("en").vocab, words=words)
    got = _lexicon_classes(doc, doc.to_array(LOWER)).tolist()
    # 1 speech, 2 attitude, 3 denial, 4 cue noun, 5 publication, 6 "according", 0 none
    assert got == [0, 1, 0, 4, 0, 0, 6, 0, 2, 3, 5]
