"""The HTML report: well-formed, self-contained, escaped, and faithful to the contract."""
from __future__ import annotations

import base64
import hashlib
import random
import re
from html.parser import HTMLParser

import pytest
import report_sample as sample

from sayso.report import html

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "area", "base", "col", "embed", "source", "track"}
INJECTIONS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*191 }}",
    "${7*191}",
    "</p></span></article><a href='https://evil.example/'>x</a>",
]


class Page(HTMLParser):
    """Parses a report, checking that tags balance, and collects what the tests look at."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.article_text: list[str] = []
        self.in_tag: list[str] = []  # text segments with their enclosing span classes
        self.classes: list[tuple[str, str]] = []  # (classes of the innermost span, its text)
        self._class_stack: list[str] = []
        self.feed(source)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag not in VOID:
            self.stack.append(tag)
            self._class_stack.append(attrs.get("class") or "")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        self._class_stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script":
            self.scripts.append(data)
        if "article" in self.stack and "bp-tag" not in self._class_stack:
            self.article_text.append(data)
        if self.stack:
            self.classes.append((self._class_stack[-1], data))


def _page(data: dict) -> tuple[str, Page]:
    out = html.render(data)
    page = Page(out)
    assert page.errors == [], page.errors
    return out, page


def _classes_of(page: Page, text: str) -> set[str]:
    return {c for classes, data in page.classes if data == text for c in classes.split()}


def test_sample_is_well_formed_and_complete():
    out, page = _page(sample.contract())
    assert out.startswith("<!DOCTYPE html>")
    assert [t for t, _ in page.tags if t in ("html", "head", "body", "article")] == ["html", "head", "body", "article"]
    assert "7 attributions from 5 sources · 14% anonymous · 2 nested · 1 denial" in out
    assert "The Harbour Deal" in out and "Martin Keel" in out and "2026-03-14" in out


def test_article_text_round_trips():
    data = sample.contract()
    _, page = _page(data)
    shown = "".join(page.article_text).replace("\n", "")
    expected = "".join(line for line in data["document"]["text"].split("\n") if line.strip())
    assert shown == expected


def test_nested_chain_innermost_first():
    _, page = _page(sample.contract())
    cells = [data for _, data in page.classes]
    assert sample.CHAIN in cells  # the "Who is quoted" row of Clara Voss
    assert "state television ← The Guardian" in cells
    # the nested source carries source and content classes and is tinted as nested
    assert {"src", "con", "nest"} <= _classes_of(page, "the minister")


@pytest.mark.parametrize(
    "text, classes",
    [
        ("The Guardian", {"src"}),
        ("reported", {"cue"}),
        ('"We will publish everything,"', {"con"}),
        ("denied", {"cue", "neg"}),
        (sample.BOILERPLATE, {"bp"}),
        ("share", {"bp-tag"}),
    ],
)
def test_spans_are_highlighted(text, classes):
    _, page = _page(sample.contract())
    assert classes <= _classes_of(page, text)


def test_tooltips_name_source_type_and_chain():
    out, _ = _page(sample.contract())
    assert 'title="Anna Berg (person) — via “said”, direct"' in out
    assert f"Clara Voss (government) — via “had called”, mixed, chain: {sample.CHAIN}" in out
    assert "Clara Voss (government) — via “denied”, denial (negated)" in out


def test_who_is_quoted_table():
    out, page = _page(sample.contract())
    who = out[out.index('<table class="who">') : out.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", who)
    names = [re.search(r"<bdi>(.*?)</bdi>", r).group(1) for r in rows[1:]]
    assert names == ["Clara Voss", "The Guardian", "state television", "Anna Berg", "officials", "(unattributed)"]
    assert "Clara Voss (negated)" in who and "<td>anonymous</td>" in who


def test_no_external_resources_and_strict_csp():
    data = sample.contract()
    out, page = _page(data)
    url = data["document"]["url"]
    assert re.findall(r"https?://[^\s\"'<>]+", out) == [url, url]  # the link and its text
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        if "href" in attrs:
            assert attrs["href"].startswith("#") or attrs["href"] == url
    links = [a for t, a in page.tags if t == "a" and a["href"] == url]
    assert links == [{"href": url, "rel": "noopener noreferrer nofollow"}]
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-eval" not in csp
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp


@pytest.mark.parametrize("payload", INJECTIONS)
def test_article_and_metadata_are_escaped(payload):
    data = sample.contract(
        extra=f"Injected {payload} here.",
        title=payload, author=payload, site=payload, published="2026-01-01", url=payload,
    )
    data["entities"][0]["name"] = payload
    data["attributions"][0]["kind"] = payload
    data["document"]["boilerplate"][0]["kind"] = payload
    data["statements"] = [{"text": payload, "note": {"x": payload}}]
    out, page = _page(data)
    if set(payload) & set("<>\"'&"):
        assert payload not in out
    assert [t for t, _ in page.tags].count("script") == 1
    assert not {"img", "iframe", "object"} & {t for t, _ in page.tags}
    assert not [k for _, attrs in page.tags for k in attrs if k.startswith("on")]
    assert "1337" not in out  # template syntax shows as text, never evaluated
    assert not [a for t, a in page.tags if t == "a" and not a["href"].startswith("#")]
    assert "".join(page.article_text).count(payload) == 1  # shown once, as text


@pytest.mark.parametrize("url, linked", [
    ("https://example.org/a?b=1&c=2", True),
    ("http://example.org/", True),
    ("javascript:alert(1)", False),
    ("data:text/html,<b>x</b>", False),
    ("//evil.example/x", False),
    ("https://example.org/a b", False),
])
def test_only_http_urls_are_linked(url, linked):
    out, page = _page(sample.contract(url=url))
    hrefs = [a["href"] for t, a in page.tags if t == "a" and not a["href"].startswith("#")]
    assert hrefs == ([url] if linked else [])
    assert any(data == url for _, data in page.classes)  # always shown as text


@pytest.mark.parametrize("title", [None, "", "   "])
def test_empty_title_and_no_attributions(title):
    out, page = _page(sample.empty(title=title, author=None, site=None, published=None, url=None))
    assert "(untitled)" in out
    assert "0 attributions from 0 sources" in out
    assert "No one is quoted" in out
    assert "<table" not in out


def test_empty_text():
    data = sample.empty()
    data["document"]["text"] = ""
    out, _ = _page(data)
    assert "(the article has no text)" in out


def test_unicode_and_control_characters():
    extra = "🧑‍🚒 said «مرحبا بالعالم» and שלום, café with e\u0301 and \u202eevil\u202c. Bad\x1b[31m\x00\ud800 bytes.\r"
    data = sample.contract(extra=extra, title="Ünïcödé 🧑‍🚒 عنوان")
    text = data["document"]["text"]
    start, cue = text.index("🧑‍🚒"), text.index("said «")
    data["attributions"].append({
        "id": "u1", "kind": "direct", "source": {"start": start, "end": cue - 1, "text": "🧑‍🚒"},
        "cue": {"start": cue, "end": cue + 4, "text": "said"},
        "content": [{"start": cue + 5, "end": text.index(" and", cue), "text": "«مرحبا بالعالم»"}],
        "entity": None, "parent": None, "negated": False, "confidence": 1.0,
    })
    out, page = _page(data)
    out.encode("utf-8")  # no lone surrogates left
    assert "🧑‍🚒" in out and "مرحبا بالعالم" in out and "e\u0301" in out and "Ünïcödé" in out
    assert "\x1b" not in out and "\x00" not in out and "\r" not in out
    assert "␛[31m␀\ufffd" in out
    assert {"src"} <= _classes_of(page, "🧑‍🚒")


def test_overlapping_and_broken_spans_fuzz():
    """Random overlapping, crossing, out-of-range spans and parent cycles never break the HTML."""
    rng = random.Random(7)
    data = sample.contract()
    text = data["document"]["text"]
    n = len(text)

    def span():
        a, b = sorted(rng.randint(-5, n + 5) for _ in range(2))
        return {"start": a, "end": b, "text": ""}

    for k in range(60):
        data["attributions"].append({
            "id": f"r{k}", "kind": rng.choice(["direct", "noun", "<b>"]), "source": rng.choice([None, span()]),
            "cue": span(), "content": [span() for _ in range(rng.randint(0, 3))],
            "entity": rng.choice([None, "e1", "e4", "missing"]), "parent": rng.choice([None, f"r{k + 1}", f"r{k - 1}", "a1"]),
            "negated": rng.random() < 0.2, "confidence": rng.random(),
        })
    data["document"]["boilerplate"].append({"start": 3, "end": 40, "kind": "nav"})
    out, page = _page(data)
    shown = "".join(page.article_text).replace("\n", "")
    assert shown == "".join(line for line in text.split("\n") if line.strip())


def test_parent_cycle_terminates():
    data = sample.contract()
    data["attributions"][0]["parent"] = "a3"  # a1 → a3 → a2 → a1
    out, _ = _page(data)
    assert "Clara Voss ← state television ← The Guardian" in out


def test_extra_sections_render_generically():
    data = sample.contract()
    data["techniques"] = [{"start": 0, "end": 12, "text": "THE WATCHDOG", "score": 0.5}]
    data["outlets"] = [{"name": "<i>Daily</i>", "domain": "daily.example"}, "plain"]
    out, page = _page(data)
    assert "Persuasion techniques" in out and "Cited outlets" in out
    assert "&lt;i&gt;Daily&lt;/i&gt;" in out
