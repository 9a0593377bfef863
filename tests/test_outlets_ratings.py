"""Rating lists the user imports: each format, idempotent re-import, the CLI, coverage honesty,
and ratings attached to the contract and the reports. Fixtures are written here, in tmp_path."""
import hashlib
import json
import sqlite3

import pytest

import sayso
from sayso.analysis import validate
from sayso.cli import main
from sayso.document import Document
from sayso.errors import SaysoError
from sayso.report import html, text
from sayso.store import formats
from sayso.store.ratings import FILENAME, RatingStore, home

LIN_PC1 = """domain,pc1
nytimes.com,0.8588
rt.com,0.2933
imputed-only.com,0.243757234060269
www.dup-site.com,0.5
dup-site.com,0.6
yahoo.com/news,0.65
"""
# per-rater matrix: observed ratings have <= 4 decimals, imputed ones full precision
LIN_MATRIX = """domain,pc1,afm,fc,mbfc,misinfome_bin
nytimes.com,0.8588,0.9626,0.666579723358154,1,1
rt.com,0.2933,0.458859890699387,0.042526576668024,0.25,1
imputed-only.com,0.243757234060269,0.458859890699387,0.042526576668024,0.659781873226166,1
dup-site.com,0.6,0.5,0.5,0.5,1
"""
MBFC = """page,bias_rating,factual_reporting,credibility_rating,source,domain
New York Times,LEFT-CENTER,HIGH,HIGH CREDIBILITY,https://www.nytimes.com/,nytimes.com
RT News,RIGHT-CENTER,VERY LOW,LOW CREDIBILITY,https://www.rt.com/,rt.com
1600 Daily,,MOSTLY FACTUAL,,https://www.whitehouse.gov/1600daily,whitehouse.gov
No Domain,LEFT,HIGH,,https://example.invalid,
"""
OPENSOURCES_CSV = """,type,2nd type,3rd type,Source Notes (things to know?),
rt.com,state,,,,
fake-news.co.uk,fake,Conspiracy,,"notes, with a comma",
someone.wordpress.com,bias,,,,
"""
OPENSOURCES_JSON = {"rt.com": {"type": "state", "2nd type": "", "3rd type": "", "Source Notes (things to know?)": ""},
                    "fake-news.co.uk": {"type": "fake", "2nd type": "conspiracy", "3rd type": ""}}
IFFY = "https://www.rt.com/*\nhttps://fake-news.co.uk/*\n\nhttps://www.rt.com/*\n"
LASSER = """url,label,source,last_update,accuracy,transparency,type
fake-news.co.uk,fake,zimdars,2016,1,1,unreliable
fake-news.co.uk,conspiracy,cjr,2021,1,1,unreliable
rt.com,state,zimdars,2016,3,2,political
"""


@pytest.fixture
def files(tmp_path):
    d = tmp_path / "lists"
    d.mkdir()
    (d / "data_domain_pc1.csv").write_text(LIN_PC1, encoding="utf-8")
    (d / "data_domain_ratings.csv").write_text(LIN_MATRIX, encoding="utf-8")
    (d / "mbfc.csv").write_text(MBFC, encoding="utf-8")
    (d / "sources.csv").write_text(OPENSOURCES_CSV, encoding="utf-8")
    (d / "sources.json").write_text(json.dumps(OPENSOURCES_JSON), encoding="utf-8")
    (d / "2024-08-01__iffy_list.txt").write_text(IFFY, encoding="utf-8")
    (d / "lasser.csv").write_text(LASSER, encoding="utf-8")
    return d


@pytest.fixture
def store_home(tmp_path, monkeypatch):
    h = tmp_path / "home"
    monkeypatch.setenv("SAYSO_HOME", str(h))
    return h


def _rows(ratings):
    return {(r.domain, r.scale.split(":")[0]): (r.value, r.covered) for r in ratings.rows}


# --------------------------------------------------------------------------- formats


def test_lin2023_coverage_from_the_matrix_beside_it(files):
    ratings = formats.read(files / "data_domain_pc1.csv", "lin2023")
    rows = _rows(ratings)
    assert rows[("nytimes.com", "pc1")] == (0.8588, True)
    assert rows[("rt.com", "pc1")] == (0.2933, True)  # mbfc 0.25 observed
    assert rows[("imputed-only.com", "pc1")] == (0.2438, False)  # every rater value imputed
    assert rows[("dup-site.com", "pc1")] == (0.6, True)  # the bare domain wins over "www."
    assert ratings.skipped["rates a section of a site (has a path)"] == 1
    assert ratings.as_of == "2023" and ratings.rater == "lin2023"


def test_lin2023_matrix_itself_and_unknown_coverage(files, tmp_path):
    rows = _rows(formats.read(files / "data_domain_ratings.csv", "lin2023"))
    assert rows[("imputed-only.com", "pc1")][1] is False and rows[("nytimes.com", "pc1")][1] is True
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "pc1.csv").write_text(LIN_PC1, encoding="utf-8")
    ratings = formats.read(alone / "pc1.csv", "lin2023")
    assert {r.covered for r in ratings.rows} == {None}  # unknown, never "covered"
    assert any("unknown" in n for n in ratings.notes)
    ratings = formats.read(alone / "pc1.csv", "lin2023", coverage=files / "data_domain_ratings.csv")
    assert _rows(ratings)[("imputed-only.com", "pc1")][1] is False


def test_mbfc(files):
    ratings = formats.read(files / "mbfc.csv", "mbfc")
    rows = _rows(ratings)
    assert rows[("rt.com", "factual reporting")] == ("VERY LOW", True)
    assert rows[("rt.com", "bias")] == ("RIGHT-CENTER", True)
    assert rows[("nytimes.com", "credibility")] == ("HIGH CREDIBILITY", True)
    assert not any(d == "whitehouse.gov" for d, _ in rows)  # rates a section, not the domain
    assert ratings.skipped["rates a section of a site (has a path)"] == 1
    assert ratings.skipped["not a domain"] >= 1


@pytest.mark.parametrize("name", ["sources.csv", "sources.json"])
def test_opensources(files, name):
    rows = _rows(formats.read(files / name, "opensources"))
    assert rows[("rt.com", "tags")] == ("state", True)
    assert rows[("fake-news.co.uk", "tags")] == ("fake, conspiracy", True)


def test_opensources_keeps_hosted_blogs_apart(files):
    rows = _rows(formats.read(files / "sources.csv", "opensources"))
    assert ("someone.wordpress.com", "tags") in rows and ("wordpress.com", "tags") not in rows


def test_iffy(files):
    ratings = formats.read(files / "2024-08-01__iffy_list.txt", "iffy")
    assert {r.domain for r in ratings.rows} == {"rt.com", "fake-news.co.uk"}
    assert {r.value for r in ratings.rows} == {"listed"}
    assert ratings.as_of == "2024-08-01"
    assert ratings.skipped["same domain listed again"] == 1


def test_generic_csv_merges_values(files):
    ratings = formats.read(files / "lasser.csv", "csv", rater="lasser2022", domain_column="url", value_column="label")
    rows = _rows(ratings)
    assert rows[("fake-news.co.uk", "label")] == ("fake; conspiracy", True)
    assert ratings.rater == "lasser2022"


@pytest.mark.parametrize("content, fmt, words", [
    ("", "mbfc", "empty"),
    ("a,b\n1,2\n", "mbfc", "no domain column"),
    ("domain,pc1\nx.com,high\n", "lin2023", "no rows"),
    ("domain,value\n", "csv", "no rows"),
    ("some words here\n", "iffy", "not a site"),
    ("{not json", "opensources", "not valid JSON"),
    ("domain,pc1\nx.com,0.5\n", "lin2023", None),  # fine
])
def test_bad_files(tmp_path, content, fmt, words):
    f = tmp_path / "list.csv"
    f.write_text(content, encoding="utf-8")
    if words is None:
        formats.read(f, fmt)
        return
    with pytest.raises(SaysoError) as err:
        formats.read(f, fmt)
    assert err.value.code == "E070" and words in str(err.value)


def test_binary_and_missing_files(tmp_path):
    f = tmp_path / "x.bin"
    f.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(SaysoError) as err:
        formats.read(f, "csv")
    assert err.value.code == "E070"
    with pytest.raises(SaysoError) as err:
        formats.read(tmp_path / "nope.csv", "csv")
    assert err.value.code == "E005"


# --------------------------------------------------------------------------- the store and the CLI


def _digest(path):
    conn = sqlite3.connect(path)
    h = hashlib.sha256()
    for table, order in (("raters", "rater"), ("ratings", "rater, domain, scale")):
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}"):
            h.update(repr(row).encode())
    conn.close()
    return h.hexdigest()


IMPORTS = [
    ["data_domain_pc1.csv", "--format", "lin2023"],
    ["mbfc.csv", "--format", "mbfc"],
    ["sources.csv", "--format", "opensources"],
    ["sources.json", "--format", "opensources", "--rater", "opensources-json"],
    ["2024-08-01__iffy_list.txt", "--format", "iffy"],
    ["lasser.csv", "--format", "csv", "--rater", "lasser2022", "--domain-column", "url", "--value-column", "label"],
]


def test_each_format_imports_and_reimport_changes_nothing(files, store_home, capsys):
    for args in IMPORTS:
        assert main(["ratings", "import", str(files / args[0]), *args[1:]]) == 0
    db = store_home / FILENAME
    first = _digest(db)
    capsys.readouterr()
    for args in IMPORTS:
        assert main(["ratings", "import", str(files / args[0]), *args[1:]]) == 0
    out = capsys.readouterr().out
    assert out.count("unchanged") == len(IMPORTS)
    assert _digest(db) == first  # not even the import times moved


def test_reimport_of_a_changed_file_replaces_the_raters_rows(files, store_home):
    f = files / "2024-08-01__iffy_list.txt"
    assert main(["ratings", "import", str(f), "--format", "iffy"]) == 0
    f.write_text("https://new-site.co.uk/*\n", encoding="utf-8")
    assert main(["ratings", "import", str(f), "--format", "iffy"]) == 0
    with RatingStore.open(store_home) as store:
        assert store.lookup(["rt.com"]) == []
        assert [r["domain"] for r in store.lookup(["new-site.co.uk"])] == ["new-site.co.uk"]
        assert store.raters()[0]["rows"] == 1


def test_ratings_list_and_remove(files, store_home, capsys):
    assert main(["ratings", "list"]) == 0
    assert "No ratings loaded" in capsys.readouterr().out
    assert not (store_home / FILENAME).exists()  # listing never creates the store
    main(["ratings", "import", str(files / "mbfc.csv"), "--format", "mbfc", "--as-of", "2023-04"])
    capsys.readouterr()
    assert main(["ratings", "list"]) == 0
    out = capsys.readouterr().out
    assert "mbfc" in out and "rows" in out and "mbfc.csv" in out and "as of 2023-04" in out and "imported:" in out
    assert "factual reporting" in out
    assert main(["ratings", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["rater"] == "mbfc" and listed[0]["rows"] == 6 and listed[0]["as_of"] == "2023-04"
    assert main(["ratings", "remove", "mbfc"]) == 0
    assert main(["ratings", "remove", "mbfc"]) == 2
    assert "[E071]" in capsys.readouterr().err


@pytest.mark.parametrize("argv, code", [
    (["ratings", "import", "{dir}/nope.csv", "--format", "csv"], "[E005]"),
    (["ratings", "import", "{dir}/mbfc.csv", "--format", "lin2023"], "[E070]"),
    (["ratings", "import", "{dir}/mbfc.csv", "--format", "mbfc", "--as-of", "last year"], "[E070]"),
    (["ratings", "import", "{dir}/mbfc.csv", "--format", "bogus"], "invalid choice"),
    (["ratings", "import", "{dir}/mbfc.csv"], "--format"),
])
def test_cli_errors_are_one_line_exit_2(files, store_home, capsys, argv, code):
    argv = [a.format(dir=files) for a in argv]
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        status = exc.code
    assert status == 2
    err = capsys.readouterr().err
    assert code in err and err.count("\n") == 1


def test_corrupt_store_is_a_coded_error(store_home):
    store_home.mkdir(parents=True)
    (store_home / FILENAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(SaysoError) as err:
        RatingStore.open_readonly(store_home)
    assert err.value.code == "E072"


def test_home_follows_sayso_home_then_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("SAYSO_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert home() == tmp_path / "xdg" / "sayso"
    monkeypatch.setenv("SAYSO_HOME", str(tmp_path / "mine"))
    assert home() == tmp_path / "mine"


# --------------------------------------------------------------------------- ratings in the analysis


ARTICLE = ("RT claimed the West was to blame, while The New York Times reported that talks had stalled. "
           "Imputed Only said nothing.")


@pytest.fixture
def rated(files, store_home, analyzer):
    for args in IMPORTS[:2] + IMPORTS[4:5]:
        assert main(["ratings", "import", str(files / args[0]), *args[1:]]) == 0
    return sayso.Analyzer(nlp=analyzer.nlp, home=str(store_home))


def test_no_store_means_no_ratings(store_home, analyzer):
    a = sayso.Analyzer(nlp=analyzer.nlp, home=str(store_home))
    assert a.ratings is None
    data = a.analyze(Document(ARTICLE)).to_dict()
    assert all(o["ratings"] == [] for o in data["outlets"])
    assert not (store_home / FILENAME).exists()


def test_ratings_attach_with_coverage(rated):
    data = rated.analyze(Document(ARTICLE, url="https://www.imputed-only.com/story")).to_dict()
    validate(data)
    by_domain = {o["domain"]: o for o in data["outlets"]}
    rt = {(r["rater"], r["scale"].split(":")[0]): r for r in by_domain["rt.com"]["ratings"]}
    assert rt[("lin2023", "pc1")]["value"] == 0.2933 and rt[("lin2023", "pc1")]["covered"] is True
    assert rt[("mbfc", "factual reporting")]["value"] == "VERY LOW"
    assert rt[("iffy", "listed on Iffy+ (sites MBFC rates low or very low in factual reporting; older snapshots also mixed)")]["as_of"] == "2024-08-01"
    own = data["outlets"][0]
    assert own["own"] and own["domain"] == "imputed-only.com" and own["kind"] == "unknown"
    assert [(r["rater"], r["covered"]) for r in own["ratings"]] == [("lin2023", False)]
    assert data["summary"]["rated_outlets"] == 2


def test_reports_never_show_imputed_values_as_ratings(rated):
    data = rated.analyze(Document(ARTICLE, url="https://www.imputed-only.com/story")).to_dict()
    for page in (text.render(data), html.render(data)):
        assert "Cited outlets" in page
        assert "0.24" not in page  # the imputed aggregate
        assert "not rated" in page and "imputed estimate" in " ".join(page.split())
        assert "0.29" in page and "VERY LOW" in page
        assert page.index("imputed-only.com") < page.index("rt.com")  # own outlet first


def test_report_escapes_outlet_names(analyzer):
    data = analyzer.analyze(Document("The <b>Harbour</b> Herald said the pier had closed.",
                                     site="<script>alert(1)</script>")).to_dict()
    page = html.render(data)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>Harbour</b>" not in page
