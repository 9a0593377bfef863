"""The outlet registry: data quality, alias lookup, domain matching, user files, no network."""
import socket

import pytest

from sayso.errors import SaysoError
from sayso.outlets import domains
from sayso.outlets.registry import KINDS, SPEAKER, STRONG, TIED, Registry, builtin, name_key


@pytest.fixture(scope="module")
def registry():
    return Registry.load()


def test_registry_is_large_and_well_formed(registry):
    assert len(registry) >= 300
    outlets = list(registry.outlets.values())
    assert all(o.kind in KINDS for o in outlets)
    assert all(o.country is None or len(o.country) == 2 for o in outlets)
    assert sum(1 for o in outlets if o.domain) >= 300
    assert len({o.id for o in builtin()}) == len(builtin())  # ids are unique


@pytest.mark.parametrize("name, kind", [
    ("RT", "state-controlled media"), ("Sputnik", "state-controlled media"), ("CGTN", "state-controlled media"),
    ("Xinhua", "state-controlled media"), ("TASS", "state-controlled media"), ("Press TV", "state-controlled media"),
    ("KCNA", "state-controlled media"), ("TRT World", "state-controlled media"), ("Al Jazeera", "broadcaster"),
    ("Voice of America", "broadcaster"), ("BBC World Service", "broadcaster"), ("Deutsche Welle", "broadcaster"),
    ("France 24", "broadcaster"), ("NHK World", "broadcaster"),
])
def test_state_broadcasters_are_covered(registry, name, kind):
    found = registry.lookup(name)
    assert found, name
    outlet = found[0][0]
    assert outlet.kind == kind
    assert outlet.funding in ("state", "public")


def test_no_two_outlets_share_a_name_that_needs_no_context(registry):
    # a strong or speaker form must denote one outlet; shared short names are "~" (tie-only)
    for key, forms in registry.by_key.items():
        outlets = {f.outlet.id for f in forms if f.strength >= SPEAKER}
        assert len(outlets) <= 1, (key, outlets)


@pytest.mark.parametrize("text, expected, strength", [
    ("The Wall Street Journal", "wsj", STRONG),
    ("Wall Street Journal's", "wsj", STRONG),
    ("WSJ", "wsj", STRONG),
    ("the Journal", "wsj", TIED),
    ("The New York Times", "nytimes", STRONG),
    ("N.Y. Times", "nytimes", STRONG),
    ("USA TODAY", "usatoday", STRONG),
    ("Fox News’", "foxnews", STRONG),
    ("RTÉ", "rte", STRONG),
    ("RTE", "rte", STRONG),
    ("The Hill", "thehill", SPEAKER),
    ("Time", "time", SPEAKER),
    ("Russia Today", "rt", STRONG),
    ("Agence France-Presse", "afp", STRONG),
])
def test_alias_lookup(registry, text, expected, strength):
    found = {o.id: s for o, s in registry.lookup(text)}
    assert found.get(expected) == strength


@pytest.mark.parametrize("text", ["the Post Office", "Times Square", "the Sun rose", "the minister", "New York City", ""])
def test_lookup_negatives(registry, text):
    assert not [o for o, s in registry.lookup(text) if s >= SPEAKER]


def test_name_key_folds_the_usual_variants():
    assert name_key("The Washington Post’s") == name_key("washington post")
    assert name_key("U.S. News & World Report") == name_key("US News and World Report")
    assert name_key("Post-Gazette") == "post gazette"


@pytest.mark.parametrize("url, expected", [
    ("https://www.nytimes.com/2016/09/01/us/politics/x.html", "nytimes"),
    ("nytimes.com", "nytimes"),
    ("https://edition.cnn.com/2016/10/x", "cnn"),
    ("http://m.bbc.co.uk/news/world-123", "bbcnews"),
    ("https://www.bbc.co.uk/news", "bbcnews"),
    ("https://amp.theguardian.com/world/2016/x", "guardian"),
    ("https://mobile.reuters.com/article/x", "reuters"),
    ("https://abcnews.go.com/Politics/x", "abcnews"),
    ("https://news.yahoo.com/x", "yahoonews"),
    ("https://WWW.WASHINGTONPOST.COM:443/x", "washpost"),
    ("https://www.smh.com.au/national/x", "smh"),
    ("https://www3.nhk.or.jp/nhkworld/en/news/", "nhkworld"),
])
def test_domain_matching(registry, url, expected):
    outlet = registry.by_url(url)
    assert outlet is not None and outlet.id == expected


@pytest.mark.parametrize("url", ["https://harbour-herald.example/x", "https://someone.wordpress.com/x", "localhost",
                                 "http://192.168.1.1/", "not a url", "https://bbc.co.uk.evil.example/"])
def test_unknown_domains(registry, url):
    assert registry.by_url(url) is None


@pytest.mark.parametrize("value, key", [
    ("https://www.example.co.uk/a/b", "example.co.uk"),
    ("m.example.com", "example.com"),
    ("amp.example.com", "example.com"),
    ("news.example.com", "example.com"),
    ("https://www.10news.one/*", "10news.one"),
    ("foo.blogspot.com", "foo.blogspot.com"),  # a private suffix: each blog is its own site
    ("someone.wordpress.com", "someone.wordpress.com"),  # a hosting platform: kept apart
    ("ExAmple.COM.", "example.com"),
    ("192.168.0.1", None),
    ("", None),
])
def test_normalise(value, key):
    assert domains.normalise(value) == key


def test_candidates_go_from_specific_to_registrable():
    assert domains.candidates("https://uk.news.yahoo.com/x") == ["uk.news.yahoo.com", "news.yahoo.com", "yahoo.com"]
    assert domains.candidates("https://www.bbc.co.uk/") == ["bbc.co.uk"]
    assert domains.candidates("x.wordpress.com") == ["x.wordpress.com"]  # never WordPress itself


def test_user_registry_file_comes_first(tmp_path):
    f = tmp_path / "mine.tsv"
    f.write_text("id\tname\tkind\tcountry\tfunding\tdomains\taliases\n"
                 "harbourherald\tThe Harbour Herald\tnewspaper\tGB\t\tharbourherald.co.uk\tHerald of the Harbour|~Herald\n"
                 "nytimes\tThe Times of New York\tnewspaper\tUS\t\tnytimes.com\t\n", encoding="utf-8")
    registry = Registry.load(f)
    assert registry.lookup("the Harbour Herald")[0][0].id == "harbourherald"
    assert registry.by_url("https://www.harbourherald.co.uk/a").id == "harbourherald"
    assert registry.outlets["nytimes"].name == "The Times of New York"  # the user's row wins
    assert len(registry) == len(Registry.load())  + 1


@pytest.mark.parametrize("row, words", [
    ("x\tX\tpodcast\tUS\t\tx.com\t", "kind"),
    ("Bad Id\tX\tblog\tUS\t\tx.com\t", "id"),
    ("x\tX\tblog\tUSA\t\tx.com\t", "country"),
    ("x\tX\tblog\tUS\t\tnot a domain\t", "domain"),
    ("x\tX\tblog\tUS\tsome\tx.com\t", "funding"),
])
def test_bad_user_registry(tmp_path, row, words):
    f = tmp_path / "bad.tsv"
    f.write_text("id\tname\tkind\tcountry\tfunding\tdomains\taliases\n" + row + "\n", encoding="utf-8")
    with pytest.raises(SaysoError) as err:
        Registry.load(f)
    assert err.value.code == "E077"
    assert "row 2" in str(err.value) and words in str(err.value)


def test_missing_user_registry(tmp_path):
    with pytest.raises(SaysoError) as err:
        Registry.load(tmp_path / "nope.tsv")
    assert err.value.code == "E005"


def test_no_network(monkeypatch):
    """tldextract works from its bundled snapshot: any socket use would fail here."""
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    domains._extractor.cache_clear()
    try:
        assert domains.registrable("https://www.bbc.co.uk/news") == "bbc.co.uk"
        assert domains.registrable("https://foo.blogspot.com") == "foo.blogspot.com"
        assert Registry.load().by_url("edition.cnn.com").id == "cnn"
    finally:
        domains._extractor.cache_clear()
