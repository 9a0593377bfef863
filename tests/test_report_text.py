"""The terminal report: the table and chains, no ANSI without colour, no markup injection."""
from __future__ import annotations

import re

import pytest
import report_sample as sample
from rich.cells import cell_len

from sayso.report import text

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _rows(out: str) -> list[list[str]]:
    """The "Who is quoted" rows, split into cells on runs of 2+ spaces."""
    block = out.split("Who is quoted", 1)[1].split("All attributions", 1)[0]
    return [re.split(r"\s{2,}", line.strip()) for line in block.splitlines() if line.strip()]


def test_header_article_and_summary():
    out = text.render(sample.contract(), color=False)
    for needle in ["The Harbour Deal", "The Watchdog · by Martin Keel · 2026-03-14",
                   "https://watchdog.example/harbour-deal",
                   "7 attributions from 5 sources · 14% anonymous · 2 nested · 1 denial",
                   sample.NESTED, sample.DIRECT, sample.DENIAL]:
        assert needle in out


@pytest.mark.parametrize(
    "row",
    [
        ["Clara Voss", "government", "2", sample.CHAIN],
        ["transport minister", "Clara Voss (negated)"],
        ["The Guardian", "media", "1"],
        ["state television", "media", "1", "state television ← The Guardian"],
        ["Anna Berg", "person", "1"],
        ["officials", "anonymous", "1"],
        ["(unattributed)", "—", "1"],
    ],
)
def test_who_is_quoted_rows(row):
    assert row in _rows(text.render(sample.contract(), color=False))


def test_boilerplate_is_labelled_not_hidden():
    out = text.render(sample.contract(), color=False)
    assert f"[boilerplate: share] {sample.BOILERPLATE}" in out


def test_attribution_list_marks_denial_and_chain():
    out = text.render(sample.contract(), color=False)
    listing = out.split("All attributions", 1)[1]
    assert "denied" in listing and "chain: state television ← The Guardian" in listing


@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "40"}])
def test_no_ansi_without_colour(monkeypatch, env):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    out = text.render(sample.contract(), color=False)
    assert "\x1b" not in out
    assert max(cell_len(line) for line in out.splitlines()) <= text.WIDTH


def test_colour_output_has_the_same_layout():
    data = sample.contract()
    coloured = text.render(data, color=True)
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == text.render(data, color=False)
    assert "\x1b[1;38;5;27mThe Guardian" in coloured  # source bold in its source colour


@pytest.mark.parametrize("payload", ["[bold]", "[/]", "[/bold]", "[red]x[/red]", "[link=https://x.example]y[/link]", ":smile:"])
def test_markup_in_article_is_literal(payload):
    data = sample.contract(extra=f"Odd {payload} text.", title=payload, author=payload)
    data["entities"][3]["name"] = payload  # Anna Berg
    data["attributions"][3]["kind"] = payload
    data["document"]["boilerplate"][0]["kind"] = payload
    for color in (False, True):
        plain = ANSI.sub("", text.render(data, color=color))
        assert f"Odd {payload} text." in plain
        assert plain.count(payload) >= 5


def test_escape_sequences_in_article_are_neutralised():
    data = sample.contract(extra="Evil \x1b[2J\x1b]8;;https://x.example\x07link\x9b31m end\r")
    out = text.render(data, color=True)
    assert "\x1b[2J" not in out and "\x1b]8" not in out and "\x9b" not in out and "\x07" not in out
    assert "Evil ␛[2J␛]8;;https://x.example␇link\ufffd31m end" in out


@pytest.mark.parametrize("title", [None, "", " "])
def test_empty_contract(title):
    out = text.render(sample.empty(title=title, url=None), color=False)
    assert "(untitled)" in out and "0 attributions from 0 sources" in out
    assert "No one is quoted or cited in this article." in out and "All attributions" not in out


def test_unicode():
    data = sample.contract(extra="🧑‍🚒 «مرحبا» שלום e\u0301 \ud800", title="Ünïcödé 🧑‍🚒")
    out = text.render(data, color=False)
    out.encode("utf-8")
    assert "🧑‍🚒 «مرحبا» שלום e\u0301 \ufffd" in out and "Ünïcödé 🧑‍🚒" in out
    assert max(cell_len(line) for line in out.splitlines()) <= text.WIDTH


def test_extra_sections_render_generically():
    data = sample.contract()
    # techniques have their own table now; an unknown technique name is printed as it is, never as markup
    data["techniques"] = [{"start": 0, "end": 12, "text": "THE WATCHDOG", "technique": "[bold]x", "confidence": 0.5,
                           "voice": "author"}]
    out = text.render(data, color=False)
    assert "Persuasion techniques (1)" in out and "THE WATCHDOG" in out and "[bold]x" in out
