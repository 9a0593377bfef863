"""PolNeAR reader and scorer, on small synthetic brat fixtures (no corpus data needed)."""
import json
from types import SimpleNamespace

import pytest

from sayso.errors import SaysoError
from sayso.eval import polnear
from sayso.eval.spans import jaccard, merged, normalise, overlap, size

TEXT = (
    "Flynn says Trump was right\n"
    'Retired Gen. Flynn said on Thursday that "the generals have been reduced to rubble," '
    'and that "the White House" was to blame.\n'
    "Officials argued that taxes would rise. The plan was criticised as costly.\n"
)


def at(phrase: str, nth: int = 0) -> tuple[int, int]:
    """The span of the ``nth`` occurrence of ``phrase`` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def t_line(tid: str, label: str, *spans: tuple[int, int], text: str = TEXT) -> str:
    offsets = ";".join(f"{s} {e}" for s, e in spans)
    return f"{tid}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in spans)}"


# Three attributions: one with a discontinuous content, one without source (ordered args
# differently), one sourceless "Attribution-no-source" noun cue.
ANN = "\n".join([
    t_line("T1", "Source", at("Flynn")),
    t_line("T2", "Cue", at("says")),
    t_line("T3", "Content", at("Trump was right")),
    t_line("T4", "Attribution", at("says")),
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    t_line("T5", "Source", at("Retired Gen. Flynn")),
    t_line("T6", "Cue", at("said on Thursday")),
    t_line("T7", "Content", at('"the generals have been reduced to rubble,"'), at('"the White House" was to blame')),
    t_line("T8", "Attribution", at("said on Thursday")),
    "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
    t_line("T9", "Source", at("Officials")),
    t_line("T10", "Cue", at("argued")),
    t_line("T11", "Content", at("that taxes would rise")),
    t_line("T12", "Attribution", at("argued")),
    "E3\tAttribution:T12 Cue:T10 Content:T11 Source:T9",
    t_line("T13", "Cue", at("criticised as")),
    t_line("T14", "Content", at("costly")),
    t_line("T15", "Attribution-no-source", at("criticised as")),
    "E4\tAttribution-no-source:T15 Content:T14 Cue:T13",
    t_line("T16", "Discuss", at("Officials")),
    "#1\tAnnotatorNotes T3\tis this a headline?",
]) + "\n"


def write_split(root, articles: dict[str, tuple[str, dict[str, str]]]):
    """``{article: (text, {annotator: ann})}`` → a split folder under ``root``."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, (text, anns) in articles.items():
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
        for annotator, ann in anns.items():
            stem = f"{name}_{annotator}" if annotator else name
            (root / "attributions" / f"{stem}.ann").write_text(ann, encoding="utf-8", newline="")
    return root


@pytest.fixture
def split(tmp_path):
    return write_split(tmp_path / "dev", {
        "pub_2016-09-08_flynn-says_": (TEXT, {"b2c3": "", "a1f0": ANN}),  # the first annotator counts
        "pub_2016-09-09_empty": ("Nothing is attributed here.\n", {"d4e5": ""}),
    })


def gold() -> list[dict]:
    return polnear.read_ann(ANN, TEXT)


def pred(source, cue, content, **extra) -> dict:
    """A contract attribution from ``(start, end)`` pairs (``content`` is a list)."""
    def span(s):
        return {"start": s[0], "end": s[1], "text": TEXT[s[0]:s[1]]}

    return {"id": extra.pop("id", "a1"), "kind": extra.pop("kind", "quote"), "parent": extra.pop("parent", None),
            "source": span(source) if source else None, "cue": span(cue), "content": [span(c) for c in content]}


def as_pred(g: dict, **extra) -> dict:
    """A gold record as a prediction (first cue/source fragment, every content fragment)."""
    return pred(g["source"][0] if g["source"] else None, g["cue"][0], g["content"], **extra)


# --------------------------------------------------------------------------- spans


def test_span_arithmetic_counts_each_character_once():
    assert merged([(5, 9), (0, 3), (2, 4), (9, 9)]) == [(0, 4), (5, 9)]
    assert size([(0, 10), (5, 15)]) == 15
    assert overlap([(0, 10), (20, 30)], [(5, 25)]) == 10
    assert jaccard([(0, 10)], [(5, 15)]) == pytest.approx(5 / 15)
    assert jaccard([], []) == 0.0


@pytest.mark.parametrize("raw, expected", [
    ("“The generals,”", "the generals"),
    ("that taxes would rise.", "taxes would rise"),
    ("  That\n  taxes ", "taxes"),
    ("''It is fine.''", "it is fine"),
    ("said on\tThursday", "said on thursday"),
    ("thatcher said", "thatcher said"),
    (":", ":"),  # punctuation-only cues keep their text
    ("—", "—"),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


# --------------------------------------------------------------------------- reader


def test_reader_builds_gold_records():
    stats = polnear.ReadStats()
    records = polnear.read_ann(ANN, TEXT, stats)
    assert [r["id"] for r in records] == ["E1", "E2", "E3", "E4"]
    assert records[0] == {"id": "E1", "source": [at("Flynn")], "cue": [at("says")], "content": [at("Trump was right")]}
    assert records[1]["content"] == [at('"the generals have been reduced to rubble,"'), at('"the White House" was to blame')]
    assert records[3]["source"] is None
    assert stats.skipped_lines == {"Discuss/Discard span": 1, "note": 1}
    assert stats.offset_mismatches == 0


def test_reader_merges_repeated_roles():
    ann = "\n".join([t_line("T1", "Cue", at("says")), t_line("T2", "Content", at("Trump")),
                     t_line("T3", "Content", at("was right")), "E1\tAttribution:T1 Cue:T1 Content:T2 Content2:T3"])
    (record,) = polnear.read_ann(ann, TEXT)
    assert record["content"] == [at("Trump"), at("was right")] and record["source"] is None


@pytest.mark.parametrize("line, reason", [
    ("T9\tCue 5 x\tsays", "malformed"),
    ("T9\tCue 5 9000\tsays", "malformed"),  # past the end of the text
    ("T9\tCue 9 5\tsays", "malformed"),  # start after end
    ("T9 Cue 6 10 says", "malformed"),  # spaces for tabs
    ("garbage", "malformed"),
    ("T1\tCue 6 10\tsays", "malformed"),  # duplicate id
    ("R1\tRelated Arg1:T1 Arg2:T2", "other annotation"),
    ("#2\tAnnotatorNotes T1\tnote", "note"),
    ("T9\tDiscard 0 5\tFlynn", "Discuss/Discard span"),
])
def test_reader_counts_bad_lines_and_keeps_going(line, reason):
    stats = polnear.ReadStats()
    records = polnear.read_ann(ANN + line + "\n", TEXT, stats)
    assert len(records) == 4
    assert stats.skipped_lines[reason] == 1 + (reason in ("note", "Discuss/Discard span"))


@pytest.mark.parametrize("event, reason", [
    ("E9\tAttribution:T4 Cue:T2 Content:T99", "dangling reference"),
    ("E9\tAttribution-no-source:T4 ", "no cue or no content"),
    ("E9\tAttribution:T4 Cue:T2", "no cue or no content"),
    ("E9\tOpinion:T4 Cue:T2 Content:T3", "other event type"),
])
def test_reader_skips_unusable_events(event, reason):
    stats = polnear.ReadStats()
    assert len(polnear.read_ann(ANN + event + "\n", TEXT, stats)) == 4
    assert stats.skipped_events[reason] == 1


def test_reader_joins_multi_line_span_text_and_checks_offsets():
    text = "He said:\n\nthe first part\nand the rest.\n"
    start, end = text.index("the first"), text.index("rest.") + len("rest.")
    ann = (f"T1\tCue 3 7\tsaid\nT2\tContent {start} {end}\tthe first part\nand the rest.\n"
           "E1\tAttribution:T1 Cue:T1 Content:T2\n")
    stats = polnear.ReadStats()
    assert len(polnear.read_ann(ann, text, stats)) == 1
    assert stats.continuation_lines == 1 and not stats.skipped_lines and stats.offset_mismatches == 0

    stats = polnear.ReadStats()
    polnear.read_ann("T1\tCue 0 2\tShe\nT2\tContent 3 7\tsaid\nE1\tAttribution:T1 Cue:T1 Content:T2\n", text, stats)
    assert stats.offset_mismatches == 1 and stats.mismatch_examples == ["T1"]


def test_reader_accepts_fragments_listed_out_of_order():
    ann = t_line("T1", "Content", at("taxes would rise"), at("Officials")) + "\n"
    stats = polnear.ReadStats()
    polnear.read_ann(ann, TEXT, stats)
    assert stats.offset_mismatches == 0


def test_reader_never_raises_on_garbage():
    stats = polnear.ReadStats()
    junk = "\x00\tE\nE1\t\nE2\tAttribution\nT\t\t\nT1\tCue\nT2\tCue ;\tx\n\n\t\t\nE3\tAttribution:T2 Cue:"
    assert polnear.read_ann(junk, TEXT, stats) == []
    assert sum(stats.skipped_lines.values()) + sum(stats.skipped_events.values()) >= 6


def test_annotation_files_are_grouped_by_article_first_annotator_first():
    articles = ["nyt_a_", "nyt_a_b", "wp_c"]
    stems = ["nyt_a__ef2d", "nyt_a__4b22", "nyt_a_b_d473", "wp_c", "orphan_x_1234"]
    files, orphans = polnear.group_annotations(articles, stems)
    assert files == {"nyt_a_": [("4b22", "nyt_a__4b22"), ("ef2d", "nyt_a__ef2d")],
                     "nyt_a_b": [("d473", "nyt_a_b_d473")], "wp_c": [("", "wp_c")]}
    assert orphans == 1


def test_read_split(split):
    articles, stats = polnear.read_split(split)
    assert [a.name for a in articles] == ["pub_2016-09-08_flynn-says_", "pub_2016-09-09_empty"]
    assert articles[0].annotator == "a1f0" and len(articles[0].gold) == 4 and articles[1].gold == []
    assert (stats.annotation_files, stats.other_annotator_files) == (2, 1)
    articles, stats = polnear.read_split(split, limit=1)
    assert len(articles) == 1 and stats.other_annotator_files == 1


def test_missing_split_is_a_coded_error(tmp_path):
    with pytest.raises(SaysoError) as err:
        polnear.read_split(tmp_path / "nowhere")
    assert err.value.code == "E060"
    (tmp_path / "half" / "text").mkdir(parents=True)
    with pytest.raises(SaysoError, match="attributions"):
        polnear.read_split(tmp_path / "half")


# --------------------------------------------------------------------------- scorer

G = gold()
FLYNN, QUOTE, TAXES, CRITIC = G
SOURCE, CUE, CONTENT = at("Retired Gen. Flynn"), at("said on Thursday"), QUOTE["content"]
FIRST_QUOTE = at('"the generals have been reduced to rubble,"')


@pytest.mark.parametrize("prediction, linked", [
    (pred(SOURCE, CUE, CONTENT), True),
    (pred(SOURCE, at("said"), CONTENT), True),  # cue overlaps
    (pred(SOURCE, at("Thursday"), CONTENT), True),
    (pred(SOURCE, at("reduced"), CONTENT), False),  # wrong cue
    (pred(SOURCE, at("argued"), CONTENT), False),
    (pred(None, CUE, CONTENT), False),  # gold has a source, prediction none
    (pred(at("Officials"), CUE, CONTENT), False),  # wrong source
    (pred(at("Flynn", 1), CUE, CONTENT), True),  # source overlaps
    (pred(SOURCE, CUE, [FIRST_QUOTE]), True),  # one fragment covers more than half
    (pred(SOURCE, CUE, [at('"the White House" was to blame')]), False),  # the other covers less
    (pred(SOURCE, CUE, [(CONTENT[0][0], CONTENT[1][1])]), True),  # one span over both fragments
    (pred(SOURCE, CUE, [at("the generals have been")]), False),
    (pred(SOURCE, CUE, CONTENT, parent="a0"), False),  # nested: not scored
])
def test_linked_match_against_a_discontinuous_gold(prediction, linked):
    result = polnear.score_article([QUOTE], [prediction], TEXT)[0]
    assert result.linked == int(linked)
    assert result.outermost == (0 if prediction["parent"] else 1) and result.predicted == 1


@pytest.mark.parametrize("source, linked", [(None, True), (at("Officials"), True)])
def test_gold_without_source_accepts_any_source(source, linked):
    assert polnear.score_article([CRITIC], [pred(source, at("criticised"), [at("costly")])], TEXT)[0].linked == linked


def test_content_jaccard_threshold_is_inclusive():
    g = {"id": "E1", "source": None, "cue": [(0, 5)], "content": [(10, 20)]}
    at_half = {"source": None, "cue": {"start": 0, "end": 5}, "content": [{"start": 10, "end": 15}]}
    below = {"source": None, "cue": {"start": 0, "end": 5}, "content": [{"start": 10, "end": 14}]}
    assert polnear.score_article([g], [at_half], "x" * 30)[0].linked == 1
    assert polnear.score_article([g], [below], "x" * 30)[0].linked == 0


def test_matching_is_one_to_one_and_prefers_higher_jaccard():
    a = {"id": "E1", "source": None, "cue": [(0, 4)], "content": [(10, 20)]}
    b = {"id": "E2", "source": None, "cue": [(0, 4)], "content": [(10, 30)]}
    p = {"source": None, "cue": {"start": 0, "end": 4}, "content": [{"start": 10, "end": 30}]}
    q = {"source": None, "cue": {"start": 0, "end": 4}, "content": [{"start": 10, "end": 21}]}
    assert polnear.linked_pairs([a, b], polnear.outermost([p, q])) == [(1, 0), (0, 1)]
    tally = polnear.score_article([a], [p, dict(p)], "x" * 40)[0]
    assert (tally.linked, tally.outermost) == (1, 2)


def test_soft_content_scores_partial_overlap():
    g = {"id": "E1", "source": None, "cue": [(0, 2)], "content": [(10, 20)]}
    p = {"source": None, "cue": {"start": 50, "end": 52}, "content": [{"start": 15, "end": 35}]}
    articles = [polnear.Article("a", "x" * 60, [g])]
    result = polnear.score(articles, [[p]])
    assert result["soft_content"] == {"precision": 0.25, "recall": 0.5, "f1": round(2 * 0.25 * 0.5 / 0.75, 4)}
    assert result["linked"]["f1"] == 0.0


def test_exact_match_normalises_and_counts_duplicates():
    tally = polnear.score_article(
        [TAXES, TAXES],
        [pred(at("Officials"), at("argued"), [at("taxes would rise.")]),
         pred(at("Officials"), at("argued that"), [at("taxes would rise")])],
        TEXT)[0]
    assert tally.exact["content.tp"] == 2 and tally.exact["source.tp"] == 2
    assert (tally.exact["cue.tp"], tally.exact["cue.gold"], tally.exact["cue.pred"]) == (1, 2, 2)


def test_exact_match_of_discontinuous_content():
    tally = polnear.score_article([QUOTE], [pred(SOURCE, CUE, CONTENT)], TEXT)[0]
    assert tally.exact["content.tp"] == 1
    tally = polnear.score_article([QUOTE], [pred(SOURCE, CUE, [FIRST_QUOTE])], TEXT)[0]
    assert tally.exact["content.tp"] == 0


def test_sourceless_predictions_and_gold_do_not_count_for_exact_source():
    tally = polnear.score_article([CRITIC], [pred(None, at("criticised as"), [at("costly")])], TEXT)[0]
    assert (tally.exact["source.gold"], tally.exact["source.pred"]) == (0, 0)


def test_per_kind_share_of_gold():
    preds = [as_pred(FLYNN, kind="headline"), as_pred(QUOTE, kind="quote"), as_pred(TAXES, kind="quote"),
             pred(None, at("blame"), [at("costly")], kind="quote")]
    result = polnear.score([polnear.Article("a", TEXT, G)], [preds])
    assert result["by_kind"]["quote"] == {"predicted": 3, "linked": 2, "precision": round(2 / 3, 4), "recall_share": 0.5}
    assert result["by_kind"]["headline"]["recall_share"] == 0.25
    assert result["linked"]["recall"] == 0.75


# --------------------------------------------------------------------------- evaluate


def oracle(split):
    articles, _ = polnear.read_split(split)
    by_text = {a.text: polnear.gold_predictions(a) for a in articles}
    return lambda texts: [by_text[t] for t in texts]


def test_oracle_scores_one_everywhere(split):
    result = polnear.evaluate(split, oracle(split))
    metrics = [result["linked"], result["soft_content"], *result["exact"].values()]
    assert all(m[k] == 1.0 for m in metrics for k in ("precision", "recall", "f1"))
    assert result["counts"] == {"articles": 2, "gold": 4, "gold_without_source": 1, "predicted": 4, "outermost_predicted": 4}
    assert result["failures"]["count"] == 0


def test_a_failing_article_is_counted_and_scored_empty(split):
    good = oracle(split)

    def predict(texts):
        if any(t == TEXT for t in texts):
            raise RuntimeError("boom")
        return good(texts)

    result = polnear.evaluate(split, predict)
    assert result["failures"]["count"] == 1
    assert result["failures"]["reasons"] == {"RuntimeError: boom": 1}
    assert result["linked"]["recall"] == 0.0 and result["counts"]["articles"] == 2


@pytest.mark.parametrize("bad", [
    [{"source": None, "content": []}],  # no cue
    [{"source": None, "cue": {"start": 5, "end": 2}, "content": []}],  # reversed span
    "not a list of dicts",
    ValueError("reported by predict"),
])
def test_unreadable_predictions_count_as_failures(bad):
    result = polnear.score([polnear.Article("a", TEXT, G)], [bad])
    assert result["failures"]["count"] == 1 and result["counts"]["gold"] == 4


def test_predict_returning_too_few_results_fails_only_those_articles(split):
    result = polnear.evaluate(split, lambda texts: [[]])  # one result whatever the batch
    assert result["failures"]["count"] == 0 and result["counts"]["articles"] == 2
    result = polnear.evaluate(split, lambda texts: [])
    assert result["failures"]["count"] == 2


def test_error_records(split):
    preds = {TEXT: [as_pred(FLYNN), pred(None, at("blame"), [at("costly")], id="x9")]}
    result = polnear.evaluate(split, lambda texts: [preds.get(t, []) for t in texts], errors=True)
    missed = [r for r in result["errors"] if r["type"] == "missed"]
    spurious = [r for r in result["errors"] if r["type"] == "spurious"]
    assert {r["id"] for r in missed} == {"E2", "E3", "E4"}
    assert [(r["id"], r["cue"], r["content"]) for r in spurious] == [("x9", "blame", "costly")]
    quote = next(r for r in missed if r["id"] == "E2")
    assert quote["content"].count(" … ") == 1 and quote["source"] == "Retired Gen. Flynn"
    json.dumps(result)


class _FakeAnalyzer:
    """Returns the gold of the fixture article, through the Analyzer's interface."""

    settings = SimpleNamespace(batch_size=16)

    def __init__(self, **options):
        assert options == {"content_type": "text", "boilerplate": False}

    def pipe(self, texts, errors="raise"):
        for text in texts:
            attributions = [as_pred(g) for g in G] if text == TEXT else []
            yield SimpleNamespace(to_dict=lambda a=attributions: {"attributions": a})


def test_command_prints_table_json_and_errors(split, tmp_path, monkeypatch, capsys):
    import sayso.analyzer
    from sayso.cli import main

    monkeypatch.setattr(sayso.analyzer, "Analyzer", _FakeAnalyzer)
    errors = tmp_path / "errors.jsonl"
    assert main(["eval", "polnear", str(split), "--errors", str(errors)]) == 0
    out, err = capsys.readouterr()
    assert "linked" in out and "exact content" in out and "2/2 articles" in err
    assert errors.read_text().strip() == ""  # the gold predicted back: nothing missed
    assert main(["eval", "polnear", str(split), "--json", "--limit", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["articles"] == 1 and data["linked"]["f1"] == data["exact"]["content"]["f1"] == 1.0


def test_command_input_errors(tmp_path, split, capsys):
    from sayso.cli import main

    assert main(["eval", "polnear", str(tmp_path / "nowhere")]) == 2
    assert "[E060]" in capsys.readouterr().err
    assert main(["eval", "polnear", str(split), "--limit", "0"]) == 2


def test_analyzer_predictions_score_without_failures(split, analyzer):
    result = polnear.evaluate(split, polnear.analyzer_predict(analyzer))
    assert result["failures"]["count"] == 0 and result["counts"]["gold"] == 4
