"""sayso_outlets through the Analyzer: which outlets an article cites, and which sources are outlets."""
import pytest

import sayso
from sayso.analysis import validate
from sayso.document import Document
from sayso.outlets.registry import STRONG
from sayso.pipeline import SAYSO_COMPONENTS


def _run(analyzer, text, **meta):
    data = analyzer.analyze(Document(text, **meta)).to_dict()
    validate(data)
    return data


def _by_source(data):
    """{source text: registry id (or name for unknown outlets) of its attribution's outlet}."""
    outlets = {o["id"]: o for o in data["outlets"]}
    out = {}
    for a in data["attributions"]:
        if a["source"] and a.get("outlet"):
            o = outlets[a["outlet"]]
            out[a["source"]["text"]] = o["registry_id"] or o["name"]
    return out


def test_component_runs_after_the_resolver(analyzer):
    names = analyzer.nlp.pipe_names
    assert "sayso_outlets" in SAYSO_COMPONENTS
    assert names.index("sayso_outlets") > names.index("sayso_resolver")


def test_mentions_are_found_before_attributions(analyzer):
    names = analyzer.nlp.pipe_names
    assert names.index("sayso_outlet_mentions") < names.index("sayso_attributions")
    text = "NBC News first published the video, and Reuters said the mill would close."
    doc = analyzer.nlp(analyzer._make_doc(analyzer.document(text, content_type="text")))
    found = {text[s:e]: (strength, kind) for s, e, strength, kind in doc._.outlet_mentions}
    assert found == {"NBC News": (STRONG, "broadcaster"), "Reuters": (STRONG, "news agency")}


def test_outlets_without_the_mentions_component_find_the_same(analyzer):
    """A user's pipeline may add sayso_outlets alone: it then matches the names itself."""
    recognizer = analyzer.nlp.get_pipe("sayso_outlets")
    text = "The Wall Street Journal reported that the merger was off. The Journal said talks had collapsed."
    doc = analyzer.nlp(analyzer._make_doc(analyzer.document(text, content_type="text")))
    ranges = [(s, e) for s, e, *_ in doc._.outlet_mentions]
    assert [(h.start, h.end, h.forms) for h in recognizer.hits(doc)] == \
        [(h.start, h.end, h.forms) for h in recognizer.hits_at(doc, ranges)]


@pytest.mark.parametrize("text, sources", [
    ("WSJ reported that the merger was off.", {"WSJ": "wsj"}),
    ("The Wall Street Journal reported that the merger was off. The Journal said talks had collapsed.",
     {"The Wall Street Journal": "wsj", "The Journal": "wsj"}),
    ("The New York Times reported on Monday that the deal collapsed. The Times said officials were surprised.",
     {"The New York Times": "nytimes", "The Times": "nytimes"}),
    ("The Hill reported that the vote was delayed.", {"The Hill": "thehill"}),
    ("Xinhua said the talks were constructive, while RT claimed the West was to blame.", {"Xinhua": "xinhua", "RT": "rt"}),
    ("Al Jazeera reported that the strikes continued. The network said 12 people died.",
     {"Al Jazeera": "aljazeera", "The network": "aljazeera"}),
    ("Voice of America said the broadcast was jammed. VOA added that it would continue.",
     {"Voice of America": "voa", "VOA": "voa"}),
    ("Politifact said the claim was false.", {"Politifact": "politifact"}),
    ("NBC News first published the video on Friday.", {"NBC News": "nbcnews"}),
    # a name the resolver would type a document by its head word ("post") is media
    ("Critics and the media said the charity broke the law. The issue was first reported by The Washington Post. "
     "The newspaper has also detailed the spending.",
     {"The Washington Post": "washpost", "The newspaper": "washpost"}),
    # "the network" skips a newspaper named in between
    ("RT said its audience had grown. The New York Times reported that the channel was expanding. "
     "The network said it would open a studio.",
     {"RT": "rt", "The New York Times": "nytimes", "The network": "rt"}),
    ("According to the Harbour Herald, the mayor resigned. The paper said she was under pressure.",
     {"the Harbour Herald": "The Harbour Herald", "The paper": "The Harbour Herald"}),
])
def test_sources_resolve_to_outlets(analyzer, text, sources):
    data = _run(analyzer, text)
    assert _by_source(data) == sources
    outlet_entities = {e for o in data["outlets"] for e in o["entities"]}
    for e in data["entities"]:
        if e["id"] in outlet_entities:
            assert e["type"] == "media"


@pytest.mark.parametrize("text", [
    "The Post Office said deliveries would resume.",
    "Crowds filled Times Square on Sunday, police said.",
    "The Sun rose over the hills as the farmer said he was tired.",
    "Steve Forbes said taxes were too high.",
    "The Guardian Council rejected the candidates, officials said.",
    "Reuters Institute researchers said trust was falling.",
    "The minister said the state would pay.",
    "People said the air was hard to breathe.",
    "Fortune favours the brave, the coach said.",
])
def test_no_outlet_where_there_is_none(analyzer, text):
    data = _run(analyzer, text)
    assert data["outlets"] == []
    assert not any(a.get("outlet") for a in data["attributions"])


def test_weak_alias_needs_a_tie(analyzer):
    # "the Journal" alone could be any Journal: an unknown outlet, not the WSJ
    data = _run(analyzer, "The Journal said talks had collapsed.")
    assert [(o["registry_id"], o["kind"], o["domain"]) for o in data["outlets"]] == [(None, "unknown", None)]
    # the article's own outlet ties it
    data = _run(analyzer, "The Journal said talks had collapsed.", url="https://www.wsj.com/articles/x")
    assert _by_source(data) == {"The Journal": "wsj"}
    assert len(data["outlets"]) == 1 and data["outlets"][0]["own"] is True


def test_mentions_outside_sources_are_cited_outlets(analyzer):
    data = _run(analyzer, "A Washington Post-ABC News poll found that voters were split. The minister told the BBC "
                          "that the plan would work.")
    assert [o["registry_id"] for o in data["outlets"]] == ["washpost", "abcnews", "bbcnews"]
    assert not any(a.get("outlet") for a in data["attributions"])  # a poll and a minister are not outlets
    text = data["document"]["text"]
    for o in data["outlets"]:
        for m in o["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]


def test_own_outlet_comes_first_from_url_or_site(analyzer):
    text = "Reuters reported that turnout was high, officials said."
    data = _run(analyzer, text, url="https://edition.cnn.com/2016/11/08/politics/x")
    assert [(o["registry_id"], o["own"]) for o in data["outlets"]] == [("cnn", True), ("reuters", False)]
    assert data["outlets"][0]["mentions"] == []
    data = _run(analyzer, text, site="The Guardian")
    assert data["outlets"][0]["registry_id"] == "guardian" and data["outlets"][0]["own"]
    data = _run(analyzer, text, site="www.bbc.co.uk")
    assert data["outlets"][0]["registry_id"] == "bbcnews"
    data = _run(analyzer, text, url="https://harbourherald.co.uk/news/x", site="The Harbour Herald")
    own = data["outlets"][0]
    assert (own["name"], own["kind"], own["domain"], own["own"]) == ("The Harbour Herald", "unknown", "harbourherald.co.uk", True)
    assert data["summary"]["outlets"] == 2


def test_contract_fields(analyzer):
    data = _run(analyzer, "RT claimed the West was to blame.", url="https://www.bbc.com/news/x")
    own, rt = data["outlets"]
    assert set(rt) >= {"id", "name", "domain", "kind", "country", "own", "mentions", "ratings"}
    assert (rt["name"], rt["domain"], rt["kind"], rt["country"], rt["own"]) == ("RT", "rt.com", "state-controlled media", "RU", False)
    assert rt["ratings"] == []  # no ratings store in this analyzer
    assert data["summary"]["outlets_by_kind"] == {"broadcaster": 1, "state-controlled media": 1}
    assert [a["outlet"] for a in data["attributions"] if a.get("outlet")] == [rt["id"]]


def test_examples_validate(analyzer, examples):
    for path in examples:
        data = analyzer.analyze(path.read_text("utf-8")).to_dict()
        validate(data)
        ids = {o["id"] for o in data["outlets"]}
        assert all(a["outlet"] in ids for a in data["attributions"] if a.get("outlet"))


def test_user_outlets_file(tmp_path, analyzer):
    f = tmp_path / "mine.tsv"
    f.write_text("id\tname\tkind\tcountry\tfunding\tdomains\taliases\n"
                 "meridian\tThe Daily Meridian\tnewspaper\tGB\t\tdailymeridian.co.uk\tMeridian\n", encoding="utf-8")
    mine = sayso.Analyzer(outlets_file=str(f))
    data = mine.analyze(Document("The Daily Meridian reported that the bridge had closed.")).to_dict()
    assert _by_source(data) == {"The Daily Meridian": "meridian"}
    assert data["outlets"][0]["domain"] == "dailymeridian.co.uk"


def test_cli_flag_names_the_setting():
    from sayso.cli import build_parser

    for flag in ("--outlets-file", "--outlets"):
        assert build_parser().parse_args(["analyze", "a.txt", flag, "mine.tsv"]).outlets_file == "mine.tsv"


def test_analysis_uses_no_network(analyzer, monkeypatch):
    import socket

    from sayso.outlets import domains

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    for name in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)
    domains._extractor.cache_clear()
    try:
        data = _run(analyzer, "Reuters reported that turnout was high.", url="https://amp.theguardian.com/politics/x")
    finally:
        domains._extractor.cache_clear()
    assert [o["registry_id"] for o in data["outlets"]] == ["guardian", "reuters"]
