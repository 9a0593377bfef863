"""The learned candidate scorer behind sayso_attributions: shipped weights, round trip, scope."""
from __future__ import annotations

import numpy
import pytest

from sayso.components import attributions as att
from sayso.components.attribution_scorer import MODEL_DIR, CandidateScorer, bucket

FEATURES = ["bias", "k=indirect", "o=tagger", "lex=speech", "cue=said"]


def test_model_is_shipped_in_safe_formats():
    assert (MODEL_DIR / "MODEL_CARD.md").exists()
    weights = numpy.load(MODEL_DIR / "weights.npy", allow_pickle=False)
    scorer = CandidateScorer.load(MODEL_DIR)
    assert weights.dtype == numpy.float32 and weights.shape == (1 << scorer.bits,)
    assert 0.0 < scorer.threshold < 1.0
    assert sum(p.stat().st_size for p in MODEL_DIR.iterdir()) < 50_000_000


def test_save_load_round_trip(tmp_path):
    scorer = CandidateScorer.load(MODEL_DIR)
    scorer.save(tmp_path / "copy")
    again = CandidateScorer.load(tmp_path / "copy")
    assert again.config == scorer.config
    assert again.probability(FEATURES) == scorer.probability(FEATURES)


def test_weights_must_match_the_hash_size():
    with pytest.raises(ValueError):
        CandidateScorer(numpy.zeros(10, dtype="float32"), {"bits": 4, "threshold": 0.5})


def test_probability_is_the_logistic_of_the_summed_weights():
    weights = numpy.zeros(1 << 8, dtype="float32")
    weights[bucket("bias", 8)] = -1.0
    weights[bucket("cue=said", 8)] = 3.0
    scorer = CandidateScorer(weights, {"bits": 8, "threshold": 0.5})
    assert scorer.probability(["bias", "cue=said"]) == pytest.approx(1 / (1 + numpy.exp(-2.0)))
    # a feature listed twice counts once (the features are binary)
    assert scorer.probability(["bias", "cue=said", "cue=said"]) == scorer.probability(["bias", "cue=said"])


@pytest.fixture(scope="module")
def parsed(analyzer):
    text = ("According to the ministry, the mayor said the pier would reopen.\n\n"
            "Officials said the mayor believes the plan will work.")
    return analyzer.nlp(analyzer._make_doc(analyzer.document(text, content_type="text")))


def test_only_outermost_unstructured_candidates_are_scored(parsed):
    from sayso.components.extensions import get

    quotes = get(parsed, "quotes")
    cands = att.extract(parsed, quotes, [], 0.0, None)
    scored = [c for c, _ in att.scorable(parsed, cands, quotes)]
    text = parsed.text
    assert all(c.kind not in att.STRUCTURAL for c in scored)
    assert "believes" not in [text[slice(*c.cue)] for c in scored]  # nested in "Officials said …"
    assert "said" in [text[slice(*c.cue)] for c in scored]


def test_scorer_off_keeps_every_candidate(analyzer):
    finder = analyzer.nlp.get_pipe("sayso_attributions")
    assert finder.scorer is not None  # the shipped pipeline uses it
    text = "The mayor said that the pier would reopen in May. Critics fear the plan will fail."
    doc = analyzer.nlp(analyzer._make_doc(analyzer.document(text, content_type="text")))
    from sayso.components.extensions import get

    quotes = get(doc, "quotes")
    every = att.extract(doc, quotes, [], 0.0, None)
    kept = att.extract(doc, quotes, [], 0.0, finder.scorer)
    assert {c.cue for c in kept} <= {c.cue for c in every}
    assert "said" in [text[slice(*c.cue)] for c in kept]
