"""sayso_statements: statuses, markers, splits, offsets, boilerplate, loading and serialisation."""
import json

import pytest
import spacy

from sayso.analysis import validate
from sayso.components.statements import MODEL_DIR, StatementFinder


def analyse(analyzer, text):
    return analyzer.analyze(text).to_dict()


def only(data):
    assert len(data["statements"]) == 1, [s["text"] for s in data["statements"]]
    return data["statements"][0]


# ----------------------------------------------------------------------------- statuses


@pytest.mark.parametrize(
    "text, status",
    [
        # attributed: the content belongs to someone else
        ("The minister said the budget would be cut by 10 percent.", "attributed"),
        ('"We will not sign this lease," the mayor told reporters.', "attributed"),
        ("According to the Daily Meridian, the lease was signed in March.", "attributed"),
        ("Voss denied the report.", "attributed"),
        # unsourced: a factual assertion in the author's own voice
        ("The council has quietly raised harbour fees by 40 percent since January.", "unsourced"),
        ("Reading scores in Halden fell by 11 points between 2020 and 2022.", "unsourced"),
        ("Everyone knows the lights went out across Velden last winter.", "unsourced"),
        # opinion: evaluation, prediction, recommendation
        ("The government must open the books now.", "opinion"),
        ("The expansion will destroy hundreds of homes.", "opinion"),
        ("I think the plan will fail.", "opinion"),
        ("Stop the deal before it is too late.", "opinion"),
        # question, including rhetorical ones
        ("Who will pay for the new bridge?", "question"),
        ("Is this what democracy looks like?", "question"),
        # other: headers, credits, one-word lines
        ("UPDATE", "other"),
        ("Local Politics", "other"),
        ("Background", "other"),
    ],
)
def test_status(analyzer, text, status):
    s = only(analyse(analyzer, text))
    assert s["status"] == status, s
    assert (s["attribution"] is not None) == (status == "attributed")


def test_attributed_statement_points_at_an_attribution(analyzer):
    data = analyse(analyzer, "The minister said the budget would be cut by 10 percent.")
    s = only(data)
    assert s["attribution"] in {a["id"] for a in data["attributions"]}


def test_innermost_attribution_with_chain(analyzer):
    text = "According to the Meridian, officials said the ministry had ignored two safety reviews."
    data = analyse(analyzer, text)
    s = only(data)
    by_id = {a["id"]: a for a in data["attributions"]}
    chosen = by_id[s["attribution"]]
    assert chosen["parent"] is not None  # officials ← the Meridian
    assert "officials" in chosen["source"]["text"]


def test_header_lines_are_other_even_as_a_question(analyzer):
    data = analyse(analyzer, "The Grid Files: Who Really Pays for the Blackouts?\n\nThe lights went out on Monday.")
    assert [s["status"] for s in data["statements"]] == ["other", "unsourced"]


# ----------------------------------------------------------------------------- splits


@pytest.mark.parametrize(
    "text, parts",
    [
        ("Residents are furious, and the minister said the deal was fair.",
         [("Residents are furious", None), ("the minister said the deal was fair.", "attributed")]),
        ('"The council lied," said Ann Berg, who has run the shelter since 2019.',
         [('"The council lied," said Ann Berg', "attributed"), ("who has run the shelter since 2019.", None)]),
    ],
)
def test_split_attributed_and_unsourced_clauses(analyzer, text, parts):
    stmts = analyse(analyzer, text)["statements"]
    assert [s["text"] for s in stmts] == [p for p, _ in parts]
    for s, (_, status) in zip(stmts, parts):
        if status:
            assert s["status"] == status
        else:
            assert s["status"] in ("unsourced", "opinion")


@pytest.mark.parametrize(
    "text",
    [
        "The regulator appears to have approved every price rise since 2019.",  # "appears": no one speaks
        "He has never shown the figures behind that number.",  # "shown" + a noun: no content said
        "The council voted on Monday to end a dispute that had divided the town.",  # "dispute" is a noun
    ],
)
def test_attributions_that_are_not_say_so(analyzer, text):
    assert only(analyse(analyzer, text))["status"] in ("unsourced", "opinion")


def test_no_split_without_a_clause(analyzer):
    s = only(analyse(analyzer, "On Tuesday, the minister said the deal was fair."))
    assert s["status"] == "attributed"


def test_closing_quote_joins_its_sentence(analyzer):
    text = 'A senior official said the reviews were "shelved without discussion."\n\nThe port is closed.'
    stmts = analyse(analyzer, text)["statements"]
    assert stmts[0]["text"].endswith('discussion."')
    assert len(stmts) == 2


# ----------------------------------------------------------------------------- markers


@pytest.mark.parametrize(
    "text, kind, marker",
    [
        ("The minister allegedly signed the lease.", "hedge", "allegedly"),
        ("The mayor reportedly left the city on Friday.", "hedge", "reportedly"),
        ("The report of a second leak remains unconfirmed.", "hedge", "unconfirmed"),
        ("Unnamed sources say the deal is dead.", "hedge", "Unnamed sources"),
        ("The regulator appears to have approved every price rise.", "hedge", "appears to"),
        ("Of course the plan failed.", "booster", "Of course"),
        ("In fact, the fund paid for three new offices.", "booster", "In fact"),
        ("Clearly, the regulator has been captured by the industry.", "booster", "Clearly"),
        ("The truth is that the plan failed.", "booster", "The truth is"),
        ("The so-called reform cut pensions by a third.", "doubt", "so-called"),
        ("The alleged bribe was never found.", "doubt", "alleged"),
        ('The "reform" cut pensions by a third.', "doubt", '"reform"'),
    ],
)
def test_marker(analyzer, text, kind, marker):
    s = only(analyse(analyzer, text))
    found = [(m["kind"], m["text"]) for m in s["markers"]]
    assert (kind, marker) in found, found
    m = next(m for m in s["markers"] if m["text"] == marker)
    assert m["voice"] is None  # the author's own voice
    assert text[m["start"] - s["start"] : m["end"] - s["start"]] == marker


@pytest.mark.parametrize(
    "text",
    [
        "Prosecutors alleged that he took a bribe.",  # a speech verb, not doubt
        'He starred in "Crocodile Dundee" in 1986.',  # a title in quotation marks
        'She said the plan was "dead on arrival" and walked out.',  # a partial quote of a source
        "The minister was supposed to sign the lease.",  # "supposed to", not "the supposed …"
    ],
)
def test_no_doubt_marker(analyzer, text):
    stmts = analyse(analyzer, text)["statements"]
    assert not [m for s in stmts for m in s["markers"] if m["kind"] == "doubt"], stmts


@pytest.mark.parametrize(
    "text, kind, marker",
    [
        ('"The so-called reform is a fraud," the minister said.', "doubt", "so-called"),
        ('"In fact, we warned them four times," she said.', "booster", "In fact"),
    ],
)
def test_marker_in_reported_speech_has_the_quoted_voice(analyzer, text, kind, marker):
    data = analyse(analyzer, text)
    s = only(data)
    m = next(m for m in s["markers"] if m["text"] == marker)
    assert m["kind"] == kind
    assert m["voice"] in {a["id"] for a in data["attributions"]}
    # the sourcing profile counts the author's markers only
    assert data["summary"]["author_markers"][kind] == 0


# ----------------------------------------------------------------------------- offsets and boilerplate


def test_offsets_round_trip_and_no_boilerplate(analyzer, examples):
    for path in examples:
        raw = path.read_text("utf-8")
        data = analyse(analyzer, raw)
        text = data["document"]["text"]
        bp = [(b["start"], b["end"]) for b in data["document"]["boilerplate"]]
        assert data["statements"], path
        last = 0
        for s in data["statements"]:
            assert text[s["start"] : s["end"]] == s["text"]
            assert s["text"] == s["text"].strip() and s["text"]
            assert s["start"] >= last  # in order, never overlapping
            last = s["end"]
            assert not any(b0 < s["end"] and s["start"] < b1 for b0, b1 in bp), (path.name, s["text"])
            for m in s["markers"]:
                assert s["start"] <= m["start"] < m["end"] <= s["end"]
                assert text[m["start"] : m["end"]] == m["text"]
            assert 0 <= s["checkworthiness"] <= 1 and 0 <= s["subjectivity"] <= 1


def test_boilerplate_cuts_a_sentence(analyzer):
    from sayso.document import Document, Span

    text = "The port closed on Monday. Share this article: Facebook | Twitter\nThe council met on Friday."
    start = text.index("Share")
    end = text.index("\n")
    doc = Document(text=text, boilerplate=[Span(start, end, "share_prompt")])
    data = analyzer.analyze(doc).to_dict()
    assert [s["text"] for s in data["statements"]] == ["The port closed on Monday.", "The council met on Friday."]


def test_summary_profile(analyzer, examples):
    path = next(p for p in examples if p.name == "grid-blog.txt")
    data = analyse(analyzer, path.read_text("utf-8"))
    validate(json.loads(json.dumps(data)))
    s = data["summary"]
    assert s["statements"] == len(data["statements"])
    assert sum(s["statements_by_status"].values()) == s["statements"]
    assert s["boosters_per_1000_words"] > 0 and s["hedges_per_1000_words"] > 0
    top = s["top_unsourced_claims"]
    assert top and all(t["checkworthiness"] >= u["checkworthiness"] for t, u in zip(top, top[1:]))
    ids = {x["id"]: x for x in data["statements"]}
    assert all(ids[t["id"]]["status"] == "unsourced" for t in top)


# ----------------------------------------------------------------------------- loading and serialisation


def test_blank_pipeline_with_add_pipe():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    import sayso.components.statements  # noqa: F401  (registers the factory)

    nlp.add_pipe("sayso_statements")
    doc = nlp("Who pays for the bridge? The council raised fees by 40 percent in 2025.")
    stmts = doc._.statements
    assert [s.status for s in stmts][0] == "question"
    assert all(0 <= s.checkworthiness <= 1 for s in stmts)


def test_full_pipeline_order(analyzer):
    names = analyzer.nlp.pipe_names
    assert names.index("sayso_statements") > max(names.index(n) for n in ("sayso_attributions", "sayso_nesting", "sayso_resolver"))


def test_to_disk_from_disk_round_trip(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    import sayso.components.statements  # noqa: F401

    finder = nlp.add_pipe("sayso_statements")
    finder.models["checkworthiness"].bias += 2.0  # a change only the saved copy carries
    text = "The council raised harbour fees by 40 percent in 2025."
    before = nlp(text)._.statements[0].checkworthiness
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "sayso_statements" / "checkworthiness" / "weights.npy").is_file()
    loaded = spacy.load(tmp_path / "pipe")
    after = loaded(text)._.statements[0].checkworthiness
    assert after == pytest.approx(before, abs=1e-4)
    fresh = spacy.blank("en")
    fresh.add_pipe("sentencizer")
    fresh.add_pipe("sayso_statements")
    assert fresh(text)._.statements[0].checkworthiness < before


def test_model_files_are_safe_and_small():
    total = 0
    for task in ("checkworthiness", "subjectivity"):
        folder = MODEL_DIR / task
        assert (folder / "MODEL_CARD.md").is_file()
        assert not list(folder.glob("*.pkl")) and not list(folder.glob("*.pickle"))
        total += sum(p.stat().st_size for p in folder.iterdir())
    assert total < 50 * 1024 * 1024


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no checkworthiness"):
        StatementFinder(None, model=str(tmp_path))


# ----------------------------------------------------------------------------- quality gate (shipped models)

FIXTURE = __import__("pathlib").Path(__file__).parent / "fixtures" / "statement_sentences.jsonl"
# Floors pinned a little under what the shipped models score on this fixture (see the report).
FLOORS = {"checkworthiness": 0.90, "subjectivity": 0.80}  # measured: 30/30 and 22/24


@pytest.mark.parametrize("task", ["checkworthiness", "subjectivity"])
def test_quality_gate(task):
    from sayso.components.linear_text import LinearTextModel
    from sayso.nlp import load_english

    rows = [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["task"] == task]
    assert len(rows) >= 20
    model = LinearTextModel.load(MODEL_DIR / task)
    nlp = load_english()
    right = 0
    for r, doc in zip(rows, nlp.pipe([r["text"] for r in rows])):
        right += (model.score(list(doc)) >= model.threshold) == r["label"]
    assert right / len(rows) >= FLOORS[task], f"{task}: {right}/{len(rows)}"


# ----------------------------------------------------------------------------- evaluation command


def test_gold_statements_are_offset_exact():
    from sayso.eval.statements import DEFAULT_GOLD, REPO, STATUSES, read_gold

    gold = read_gold(DEFAULT_GOLD)
    assert len(gold) >= 60
    for g in gold:
        text = (REPO / g["file"]).read_text("utf-8")
        assert text[g["start"] : g["end"]] == g["text"]
        assert g["status"] in STATUSES
    assert {g["status"] for g in gold} == set(STATUSES)


def test_status_accuracy_floor(analyzer):
    from sayso.eval.statements import DEFAULT_GOLD, REPO, read_gold, status_figures

    result = status_figures(read_gold(DEFAULT_GOLD), REPO, analyzer)
    assert result["missed"] == 0
    assert result["accuracy"] >= 0.85, result["errors"]


def test_eval_command_without_data(tmp_path, capsys):
    from sayso.cli import main

    assert main(["eval", "statements", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "skipped (no data)" in out and "statement status" in out and "accuracy" in out


def test_run_time_needs_numpy_only():
    import subprocess
    import sys

    code = ("import sys, sayso; sayso.Analyzer().analyze('The council raised fees. Of course it did.').to_dict(); "
            "bad = [m for m in ('sklearn', 'torch', 'scipy', 'transformers') if m in sys.modules]; "
            "print(', '.join(bad)); sys.exit(1 if bad else 0)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


# ----------------------------------------------------------------------------- the dense head


def _tiny_head(members=2, dim=4, hidden=3, weight=1.0):
    import numpy

    from sayso.components.linear_text import COUNT_TAGS, BagMLP

    g = numpy.random.RandomState(0)
    k = len(COUNT_TAGS) + 7
    vocab = ["council", "fees", "raised", "the"]
    return BagMLP({"weight": weight}, vocab, g.normal(size=(members, len(vocab), dim)),
                  g.normal(size=(members, 2 * dim + k, hidden)), g.normal(size=(members, hidden)),
                  g.normal(size=(members, hidden)), g.normal(size=members), numpy.zeros(k), numpy.ones(k))


def test_dense_head_matches_a_plain_computation():
    import numpy

    from sayso.components.linear_text import Token, _norm, sentence_counts

    head = _tiny_head()
    tokens = [Token("The", "DT"), Token("council", "NN"), Token("raised", "VBD"), Token("fees", "NNS"), Token(".", ".")]
    rows = [head.index[_norm(t.text)] for t in tokens if _norm(t.text) in head.index]
    want = []
    for m in range(2):
        e = head.emb[m, rows]
        x = numpy.concatenate([e.mean(0), e.max(0), numpy.asarray(sentence_counts(tokens), dtype=numpy.float32)])
        want.append(numpy.maximum(x @ head.w1[m] + head.b1[m], 0) @ head.w2[m] + head.b2[m])
    assert head.logit(tokens) == pytest.approx(float(numpy.mean(want)), rel=1e-4, abs=1e-4)
    assert numpy.isfinite(head.logit([]))  # no known word: zeros, still a number
    assert numpy.isfinite(head.logit([Token("unknownword")]))


def test_dense_head_round_trip_and_no_pickles(tmp_path):
    import numpy

    from sayso.components.linear_text import BagMLP, LinearTextModel, Token

    bits = 4
    config = {"blocks": ["word"], "bits": bits, "bias": 0.1, "threshold": 0.5, "dense": {"weight": 0.7}}
    idf = numpy.ones(1 << bits)
    weights = numpy.linspace(-1, 1, 1 << bits)
    model = LinearTextModel(config, idf, weights, dense=_tiny_head(weight=0.7))
    tokens = [Token("The", "DT"), Token("council", "NN"), Token("raised", "VBD"), Token("fees", "NNS")]
    model.save(tmp_path)
    loaded = LinearTextModel.load(tmp_path)
    assert isinstance(loaded.dense, BagMLP) and loaded.dense.weight == pytest.approx(0.7)
    assert loaded.score(tokens) == pytest.approx(model.score(tokens), abs=2e-3)
    for f in tmp_path.glob("*.npy"):
        numpy.load(f, allow_pickle=False)
    with pytest.raises(ValueError, match="tokens"):
        loaded.score_counts(*loaded.counts(tokens))
    plain = LinearTextModel(dict(config, dense=None), idf, weights)
    assert plain.score_counts(*plain.counts(tokens)) == pytest.approx(plain.score(tokens))


def test_shipped_models_are_cheap():
    """Each shipped model scores a sentence well under a millisecond with numpy (the budget of
    issue 4); measured over a few hundred sentence scorings, generous for a busy machine."""
    import time

    from sayso.components.linear_text import LinearTextModel, Token

    words = ("The council has quietly raised harbour fees by 40 percent since January , and residents "
             "say the increase will drive small fishing businesses out of the town .").split()
    tokens = [Token(w, "NN") for w in words]
    for task in ("checkworthiness", "subjectivity"):
        model = LinearTextModel.load(MODEL_DIR / task)
        model.score(tokens)
        t0 = time.perf_counter()
        for k in range(200):
            model.score(tokens[k % 5 :])
        per = (time.perf_counter() - t0) / 200
        assert per < 0.003, f"{task}: {per * 1000:.2f} ms per sentence"
