"""The Python API: Analyzer built once, analyze() and pipe() with per-article status."""
import pytest

import sayso
from sayso.analyzer import Failure
from sayso.errors import SaysoError
from sayso.settings import Settings


def test_analyze_text_and_html(analyzer):
    a = analyzer.analyze("The mayor said the pier would reopen in May.")
    assert a.to_dict()["document"]["input"] == "text"
    html = "<html><body><article><p>The mayor said the pier would reopen in May, officials confirmed.</p></article></body></html>"
    b = analyzer.analyze(html, url="https://example.org/story")
    d = b.to_dict()
    assert d["document"]["input"] == "html" and d["document"]["url"] == "https://example.org/story"


def test_pipe_keeps_order_and_records_failures(analyzer):
    items = ["The mayor said yes.", "", "The council said no.", b"\x00\x01\x02binary", "Police said maybe."]
    out = list(analyzer.pipe(items, batch_size=2, errors="record"))
    assert len(out) == len(items)
    assert isinstance(out[1], Failure) and out[1].code == "E001" and out[1].index == 1
    assert isinstance(out[3], Failure) and out[3].code == "E002"
    assert [o.document.text for o in out if not isinstance(o, Failure)] == [items[0], items[2], items[4]]


def test_pipe_raises_by_default(analyzer):
    with pytest.raises(SaysoError) as exc:
        list(analyzer.pipe(["fine text here.", "   "]))
    assert exc.value.code == "E001"


def test_pipe_rejects_unknown_error_mode(analyzer):
    with pytest.raises(ValueError):
        list(analyzer.pipe(["x"], errors="ignore"))


def test_settings_from_env_and_overrides():
    s = Settings.from_env({"SAYSO_MAX_BYTES": "1234", "SAYSO_BOILERPLATE": "no"}, timeout=3)
    assert s.max_bytes == 1234 and s.boilerplate is False and s.timeout == 3


@pytest.mark.parametrize("options", [{"batch_size": "8"}, {"max_batch_tokens": 0}, {"timeout": True}, {"span_tagger": "no"}])
def test_bad_keyword_settings_have_codes(options):
    with pytest.raises(SaysoError) as exc:
        Settings().replace(**options)
    assert exc.value.code == "E040"


@pytest.mark.parametrize("env,code", [({"SAYSO_MAX_BYTES": "lots"}, "E040"), ({"SAYSO_TIMEOUT": "-1"}, "E040")])
def test_bad_settings_have_codes(env, code):
    with pytest.raises(SaysoError) as exc:
        Settings.from_env(env)
    assert exc.value.code == code


def test_components_work_in_a_users_pipeline():
    import spacy

    from sayso.pipeline import add_sayso

    nlp = spacy.load(sayso.nlp.english_package(), exclude=["ner", "lemmatizer", "attribute_ruler"])
    add_sayso(nlp)
    doc = nlp("The minister said the border was closed.")
    assert [a.cue.text_of(doc.text) for a in doc._.attributions] == ["said"]


def test_attribution_only_analysis_skips_statements_and_techniques():
    analyzer = sayso.Analyzer(statements=False, techniques=False)
    assert "sayso_statements" not in analyzer.nlp.pipe_names
    assert "sayso_techniques" not in analyzer.nlp.pipe_names
    result = analyzer.analyze('"We will not resign," the minister said on Tuesday.').to_dict()
    assert [a["cue"]["text"] for a in result["attributions"]] == ["said"]
    assert result["statements"] == [] and result["techniques"] == []
    from sayso.analysis import validate

    validate(result)


def test_too_long_article_is_recorded_in_pipe(analyzer):
    items = list(analyzer.pipe(["The mayor said the pier would reopen.", "x" * 500_001], errors="record"))
    assert isinstance(items[1], Failure) and items[1].code == "E010"
    assert items[0].to_dict()["attributions"]


def test_pipe_in_two_processes_matches_one(analyzer, examples):
    # sayso's records cross process boundaries through spaCy's msgpack (setup_extensions)
    texts = [p.read_text("utf-8") for p in examples[:2]] + ["", "The mayor said the pier would reopen."]
    one = [x.to_dict() if not isinstance(x, Failure) else x for x in analyzer.pipe(texts, errors="record")]
    two = [x.to_dict() if not isinstance(x, Failure) else x
           for x in analyzer.pipe(texts, n_process=2, errors="record")]
    assert one == two
    assert isinstance(two[2], Failure) and two[2].code == "E001"


def test_doc_round_trips_through_bytes_with_records(analyzer):
    from spacy.tokens import Doc

    doc = analyzer.nlp('"We will rebuild," the mayor said.')
    back = Doc(analyzer.nlp.vocab).from_bytes(doc.to_bytes())
    assert back._.attributions == doc._.attributions and back._.attributions
