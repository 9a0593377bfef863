"""sayso_techniques: mechanics (strict), the shipped model (loose, pinned floors), contract,
serialisation, ``sayso techniques`` and the PTC metrics."""
import json

import numpy
import pytest

from sayso.analysis import validate
from sayso.components.technique_features import Article
from sayso.components.techniques import MODEL_DIR, TechniqueFinder, decode
from sayso.eval.ptc import merge, si_scores, tc_scores
from sayso.techniques_catalogue import CATALOGUE, NAMES

PTC_NAMES = (
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum", "Black-and-White_Fallacy",
    "Causal_Oversimplification", "Doubt", "Exaggeration,Minimisation", "Flag-Waving", "Loaded_Language",
    "Name_Calling,Labeling", "Repetition", "Slogans", "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

# One sentence per technique, written for these tests: (technique, text, the technique's words).
SENTENCES = [
    ("Loaded_Language", "The council's disastrous scheme has gutted our once-thriving harbour.", "disastrous"),
    ("Name_Calling,Labeling", "Mayor Voss and her corrupt cronies voted for the lease on Tuesday.", "corrupt cronies"),
    ("Repetition", "Stop the lease. The council must listen to the harbour. Stop the lease. "
                   "The fishermen have spoken. Stop the lease.", "Stop the lease"),
    ("Exaggeration,Minimisation", "This is the worst betrayal in the entire history of our town.",
     "the worst betrayal in the entire history of our town"),
    ("Doubt", "Can we really trust a mayor who has never once told the truth about this deal?",
     "Can we really trust a mayor who has never once told the truth about this deal"),
    ("Appeal_to_fear-prejudice", "If the lease goes ahead, our children will be poisoned and our homes will be worthless.",
     "If the lease goes ahead, our children will be poisoned and our homes will be worthless"),
    ("Flag-Waving", "Every true patriot who loves this great nation must stand against the lease.",
     "Every true patriot who loves this great nation"),
    ("Causal_Oversimplification", "Crime rose last year for one reason only: the council let the shipping company in.",
     "Crime rose last year for one reason only: the council let the shipping company in"),
    ("Appeal_to_Authority", "As every serious scientist agrees, the harbour plan is the only sensible choice.",
     "As every serious scientist agrees, the harbour plan is the only sensible choice"),
    ("Slogans", "The crowd outside the hall chanted: Our harbour, our future!", "Our harbour, our future"),
    ("Black-and-White_Fallacy", "Either you stand with the fishermen or you stand with the corporations.",
     "Either you stand with the fishermen or you stand with the corporations"),
    ("Thought-terminating_Cliches", "The lease was signed, and it is what it is.", "it is what it is"),
    ("Whataboutism,Straw_Men,Red_Herring",
     "But what about the opposition, who did the very same thing when they were in power?",
     "what about the opposition, who did the very same thing when they were in power"),
    ("Bandwagon,Reductio_ad_hitlerum", "Millions of people have already signed the petition, so you should too.",
     "Millions of people have already signed the petition, so you should too"),
]

# floors pinned from the shipped model's results on SENTENCES (it may not get all right)
TOP1_FLOOR = 5  # measured 7 of 14 (6 before the issue-5 technique model)
TOP3_FLOOR = 9  # measured 11 of 14


@pytest.fixture(scope="module")
def finder(analyzer):
    return analyzer.nlp.get_pipe("sayso_techniques")


def _data(analyzer, text):
    return analyzer.analyze(text).to_dict()


# ----------------------------------------------------------------------------- catalogue and CLI


def test_catalogue_names_are_the_ptc_names():
    assert set(NAMES) == set(PTC_NAMES) and len(NAMES) == 14
    for t in CATALOGUE:
        assert t.label and len(t.definition.split()) >= 25, t.name


def test_catalogue_matches_the_task_file_when_present():
    from sayso.eval.ptc import default_dir

    path = default_dir() / "propaganda-techniques-names-semeval2020task11.txt"
    if not path.is_file():
        pytest.skip("PTC not available")
    assert set(path.read_text("utf-8").split()) == set(NAMES)


def test_cli_lists_techniques(capsys):
    from sayso.cli import main

    assert main(["techniques"]) == 0
    out = capsys.readouterr().out
    for t in CATALOGUE:
        assert t.name in out and t.label in out
    assert main(["techniques", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["name"] for i in items] == list(NAMES)
    assert all(i["definition"] for i in items)


# ----------------------------------------------------------------------------- mechanics (a scripted model)


class Scripted(TechniqueFinder):
    """The shipped models, but token scores fixed by the test: listed words score 0.9."""

    def __init__(self, words, gap=0, **kwargs):
        super().__init__(**kwargs)
        self.words = {w.lower() for w in words}
        self.settings.update(sentence_threshold=1.01, token_threshold=0.5, token_low=0.5, gap=gap)

    def score(self, art, skip=(), *, decided=False):
        sent_prob, _ = super().score(art, skip, decided=decided)
        tok = numpy.array([0.9 if w.lower() in self.words else 0.0 for w in art.words], dtype=numpy.float32)
        for a, b in skip:
            for i, s in enumerate(art.starts):
                if a <= s < b:
                    tok[i] = 0.0
        return sent_prob, tok


def _run(analyzer, finder, text, boilerplate=()):
    doc = analyzer.nlp.make_doc(text)
    doc._.boilerplate = list(boilerplate)
    for name, proc in analyzer.nlp.pipeline:
        if name != "sayso_techniques":
            doc = proc(doc)
    return finder(doc)


def test_spans_offsets_and_fields(analyzer):
    text = "The council's disastrous, shameful scheme gutted the harbour.\nNothing else happened."
    doc = _run(analyzer, Scripted(["disastrous", "shameful"]), text)
    assert [text[t.start:t.end] for t in doc._.techniques] == ["disastrous", "shameful"]
    doc = _run(analyzer, Scripted(["disastrous", "shameful"], gap=2), text)  # runs one token apart join
    spans = doc._.techniques
    assert [text[t.start:t.end] for t in spans] == ["disastrous, shameful"]
    t = spans[0]
    assert t.technique in NAMES and 0 <= t.confidence <= 1 and t.voice == "author"


def test_runs_never_cross_a_line_break(analyzer):
    text = "A disastrous\nshameful day."
    doc = _run(analyzer, Scripted(["disastrous", "shameful"], gap=5), text)
    assert [text[t.start:t.end] for t in doc._.techniques] == ["disastrous", "shameful"]


def test_technique_inside_a_quotation_has_the_speakers_voice(analyzer):
    text = 'The mayor said: "These corrupt cronies will ruin the harbour." Residents disagreed.'
    doc = _run(analyzer, Scripted(["corrupt", "cronies"]), text)
    attributions = doc._.attributions
    assert attributions, "the attribution component must find the mayor's quotation"
    (t,) = doc._.techniques
    assert text[t.start:t.end] == "corrupt cronies"
    holder = next(a for a in attributions if any(c.start <= t.start and t.end <= c.end for c in a.content))
    assert t.voice == holder.id


def test_innermost_attribution_is_the_voice(analyzer):
    text = ('The Meridian reported that the minister said the "corrupt cronies" on the council had lied.')
    doc = _run(analyzer, Scripted(["corrupt", "cronies"]), text)
    (t,) = doc._.techniques
    by_id = {a.id: a for a in doc._.attributions}
    holders = [a for a in doc._.attributions if any(c.start <= t.start and t.end <= c.end for c in a.content)]
    if len(holders) < 2:
        pytest.skip("nesting not found in this sentence")
    inner = [a for a in holders if a.parent in by_id]
    assert t.voice in {a.id for a in inner}


def test_boilerplate_is_never_marked(analyzer):
    text = "Subscribe to our disastrous newsletter!\nThe disastrous scheme gutted the harbour."
    cut = text.index("\n") + 1
    doc = _run(analyzer, Scripted(["disastrous"]), text, boilerplate=[(0, cut)])
    assert [t.start for t in doc._.techniques] == [text.rindex("disastrous")]


def test_decode_whole_sentence_and_trim():
    text = '"Stop the lease now!" they chanted.'
    art = Article(text=text, starts=[0], ends=[len(text)], tags=["NN"], deps=["ROOT"], heads=[0], sent_starts=[True])
    spans = decode(art, {0: 0.9}, numpy.zeros(1), token_threshold=0.5, token_low=0.5, sentence_threshold=0.8)
    assert [(text[s:e], round(c, 2)) for s, e, c in spans] == [('Stop the lease now!" they chanted', 0.9)]


def test_to_disk_from_disk_round_trip(tmp_path, finder, analyzer):
    finder.to_disk(tmp_path / "m")
    for part in ("sentence", "token", "technique"):
        assert (tmp_path / "m" / part / "config.json").is_file()
        assert not list((tmp_path / "m" / part).glob("*.pkl"))
    again = TechniqueFinder(model=str(tmp_path / "m"))
    other = TechniqueFinder().from_disk(tmp_path / "m")
    text = SENTENCES[0][1] + " " + SENTENCES[6][1]
    doc = analyzer.nlp(text)
    expected = [(t.start, t.end, t.technique) for t in doc._.techniques]
    for f in (again, other):
        assert [(t.start, t.end, t.technique) for t in f(doc)._.techniques] == expected
    assert again.settings == finder.settings


def test_shipped_model_is_small_and_safe():
    files = [p for p in MODEL_DIR.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 50 * 1024 * 1024
    assert {p.suffix for p in files} <= {".npy", ".json", ".md"}
    assert (MODEL_DIR / "MODEL_CARD.md").is_file()
    for p in files:
        if p.suffix == ".npy":
            numpy.load(p, allow_pickle=False)


def test_factory_in_pipeline(analyzer):
    names = analyzer.nlp.pipe_names
    assert names.index("sayso_techniques") > names.index("sayso_nesting")
    assert names.index("sayso_techniques") > names.index("sayso_attributions")


# ----------------------------------------------------------------------------- the model (loose)


def test_technique_sentences_quality_gate(analyzer, finder):
    top1 = top3 = 0
    for name, text, words in SENTENCES:
        start = text.index(words)
        doc = analyzer.nlp(text)
        ranked = finder.classify(doc, [(start, start + len(words))])[0]
        assert sorted(ranked) == sorted(NAMES)
        top1 += ranked[0] == name
        top3 += name in ranked[:3]
    assert top1 >= TOP1_FLOOR and top3 >= TOP3_FLOOR, (top1, top3)


def test_persuasive_text_gets_more_spans_than_neutral(analyzer):
    loud = " ".join(t for _, t, _ in SENTENCES)
    calm = ("The council met on Tuesday evening. It discussed the harbour lease for two hours. "
            "The lease runs for ten years. A vote is planned for March. The meeting ended at nine.")
    n_loud = len(_data(analyzer, loud)["techniques"])
    n_calm = len(_data(analyzer, calm)["techniques"])
    assert n_loud >= 3 and n_loud > n_calm


# ----------------------------------------------------------------------------- contract


def test_contract_validates_and_round_trips(analyzer):
    text = "\n\n".join(t for _, t, _ in SENTENCES) + '\n\nThe mayor said: "These corrupt cronies will ruin us."'
    data = _data(analyzer, text)
    validate(json.loads(json.dumps(data)))
    ids = {a["id"] for a in data["attributions"]}
    assert data["techniques"]
    for t in data["techniques"]:
        assert text[t["start"]:t["end"]] == t["text"]
        assert t["technique"] in NAMES
        assert t["voice"] == "author" or t["voice"] in ids
    s = data["summary"]
    assert s["techniques"] == len(data["techniques"])
    rates = s["techniques_per_1000_words"]
    assert rates["author"] >= 0 and rates["quoted"] >= 0
    assert set(rates["by_technique"]) <= set(NAMES)


def test_reports_show_techniques(analyzer):
    from sayso.report import html, text as text_report

    data = _data(analyzer, "\n\n".join(t for _, t, _ in SENTENCES))
    assert data["techniques"]
    page = html.render(data)
    assert 'class="tq-toggle"' in page and "tq tq-on" in page and "what is it?" in page
    out = text_report.render(data)
    assert "Persuasion techniques" in out


# ----------------------------------------------------------------------------- metrics


def test_si_partial_credit():
    gold = {"1": [(0, 10), (20, 30)]}
    assert si_scores({"1": [(0, 10), (20, 30)]}, gold)["f1"] == 1.0
    r = si_scores({"1": [(0, 5)]}, gold)  # precision 1, recall (0.5 + 0) / 2
    assert (r["precision"], r["recall"]) == (1.0, 0.25)
    r = si_scores({"1": [(0, 30)]}, gold)  # one span over both: 20/30 of it is gold (official sum)
    assert (r["precision"], r["recall"]) == (round(20 / 30, 4), 1.0)
    r = si_scores({"1": [(0, 30)]}, gold, credit="max")
    assert r["precision"] == round(10 / 30, 4)
    assert si_scores({"1": [(0, 4), (3, 8)]}, {"1": [(0, 8)]})["predicted"] == 1  # overlapping predictions merged
    assert si_scores({}, gold)["f1"] == 0.0
    assert merge([(5, 9), (0, 3), (3, 4)]) == [(0, 4), (5, 9)]


def test_tc_micro_f1_matches_multisets():
    gold = {"1": [("Repetition", 0, 5), ("Loaded_Language", 0, 5), ("Doubt", 10, 20)]}
    pred = {"1": [("Loaded_Language", 0, 5), ("Repetition", 0, 5), ("Slogans", 10, 20)]}
    r = tc_scores(pred, gold)
    assert r["micro_f1"] == round(2 / 3, 4) and r["spans"] == 3
    assert r["f1_by_technique"]["Doubt"] == 0.0


# ----------------------------------------------------------------------------- lexical cues, stems, prior shifts


def _article(text):
    import re

    toks = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]
    return Article(text=text, starts=[s for s, _ in toks], ends=[e for _, e in toks], tags=["NN"] * len(toks),
                   deps=["dep"] * len(toks), heads=list(range(len(toks))), sent_starts=[i == 0 for i in range(len(toks))])


def test_cue_groups_cover_the_catalogue_and_compile():
    from sayso.components.technique_features import _cue_res
    from sayso.techniques_catalogue import CUES

    assert set(CUES) == set(NAMES)
    assert {n for n, _ in _cue_res()} == {n for n, p in CUES.items() if p}


def test_cue_counts_inside_and_around_the_span():
    from sayso.components.technique_features import _cue_res, cue_counts

    text = "According to experts, the Nazi plan was the only way, because everyone agreed."
    art = _article(text)
    s = text.index("the Nazi plan")
    inside, outside = cue_counts(art, s, s + len("the Nazi plan"))
    names = [n for n, _ in _cue_res()]
    assert inside[names.index("Bandwagon,Reductio_ad_hitlerum")] == 1
    assert inside[names.index("Appeal_to_Authority")] == 0
    assert outside[names.index("Appeal_to_Authority")] == 2  # "according to", "experts"
    assert outside[names.index("Causal_Oversimplification")] == 1  # "because"
    # whole words only
    art = _article("The warden warned us.")
    names_in, _ = cue_counts(art, 0, len(art.text))
    assert names_in[names.index("Appeal_to_fear-prejudice")] == 1  # "warned", not "war" in "warden"


def test_peer_stems_find_near_repetitions():
    from sayso.components.linear_text import Hasher
    from sayso.components.technique_features import peer_stem_features

    text = "Muslim rape gangs again. The rape gangs. Those elites, the elite. Nothing else."
    art = _article(text)
    at = lambda w, k=0: (text.index(w, k), text.index(w, k) + len(w))  # noqa: E731
    spans = [at("Muslim rape gangs"), at("rape gangs", 20), at("elites"), at("the elite"), at("Nothing")]
    h = Hasher(18)
    rows = peer_stem_features(art, spans, h)
    assert h.bucket("peerstem=1") in rows[0] and h.bucket("peerstem=1") in rows[1]
    assert h.bucket("peerstem=1") in rows[2] and h.bucket("peerstem=1") in rows[3]
    assert h.bucket("peerstem=0") in rows[4]


def test_technique_rows_extras_only_add_features():
    from sayso.components.linear_text import Hasher
    from sayso.components.technique_features import technique_rows

    text = "Experts say the corrupt elite will destroy our great nation."
    art = _article(text)
    spans = [(text.index("corrupt"), text.index("elite") + 5), (0, len(text) - 1)]
    h = Hasher(18)
    plain, _ = technique_rows(art, spans, h)
    more, _ = technique_rows(art, spans, h, ("cues", "peer_stems"))
    for a, b in zip(plain, more):
        assert b[: len(a)] == a and len(b) > len(a)
    assert technique_rows(art, [], h) == ([], [])


def test_technique_bias_shifts_the_ranking(analyzer, finder):
    text = SENTENCES[0][1]
    words = SENTENCES[0][2]
    doc = analyzer.nlp(text)
    span = [(text.index(words), text.index(words) + len(words))]
    before = finder.classify(doc, span)[0]
    saved = finder.settings.get("technique_bias")
    try:
        finder.settings["technique_bias"] = {before[-1]: 50.0}
        assert finder.classify(doc, span)[0][0] == before[-1]
    finally:
        if saved is None:
            finder.settings.pop("technique_bias", None)
        else:
            finder.settings["technique_bias"] = saved


def test_decided_sentences_skip_token_scoring_without_changing_spans(analyzer, finder, examples):
    # decode() makes a sentence at or above sentence_threshold one whole span and never reads
    # its tokens, so scoring only the other sentences' tokens must give the same spans
    for path in examples:
        doc = analyzer.nlp(analyzer.nlp.make_doc(path.read_text("utf-8")))
        art = Article.from_doc(doc)
        full = decode(art, *finder.score(art), **finder.settings)
        fast = decode(art, *finder.score(art, decided=True), **finder.settings)
        assert fast == full
