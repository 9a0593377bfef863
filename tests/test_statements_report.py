"""The reports show unsourced claims apart from attributed content, escaped, ranked."""
import re

import pytest

import report_sample as sample
from sayso.report import html, text

EVIL = 'Ministers <script>alert(1)</script> "stole" \x1b[31m[bold]x[/bold] the funds.'


def _with_statements(data: dict) -> dict:
    t = data["document"]["text"]

    def st(id, needle, status, cw, markers=(), attribution=None):
        start = t.index(needle)
        return {"id": id, "start": start, "end": start + len(needle), "text": needle, "status": status,
                "attribution": attribution, "checkworthiness": cw, "subjectivity": 0.2,
                "markers": [dict(m, start=start + needle.index(m["text"]), end=start + needle.index(m["text"]) + len(m["text"]))
                            for m in markers]}

    data["statements"] = [
        st("s1", sample.DENIAL, "attributed", 0.4, attribution="a4"),
        st("s2", sample.UNSOURCED, "unsourced", 0.35, [{"text": "reportedly", "kind": "hedge", "cue": "reportedly", "voice": None}]),
        st("s3", EVIL, "unsourced", 0.9, [{"text": '"stole"', "kind": "doubt", "cue": "scare quotes", "voice": None}]),
    ]
    data["summary"].update({
        "statements": 3, "statements_by_status": {"attributed": 1, "unsourced": 2, "opinion": 0, "question": 0, "other": 0},
        "statement_shares": {"attributed": 0.3333, "unsourced": 0.6667, "opinion": 0.0},
        "hedges_per_1000_words": 12.5, "boosters_per_1000_words": 0.0, "doubt_markers_per_1000_words": 12.5,
        "top_unsourced_claims": [{"id": "s3", "start": 0, "end": 0, "checkworthiness": 0.9},
                                 {"id": "s2", "start": 0, "end": 0, "checkworthiness": 0.35}],
    })
    return data


@pytest.fixture
def data():
    return _with_statements(sample.contract(extra=EVIL))


def test_html_marks_unsourced_claims_and_ranks_them(data):
    out = html.render(data)
    assert "Claims on no one&#x27;s authority" in out
    assert 'class="uns"' in out
    # the top claim carries rank 1 where it starts, the second rank 2
    claim = r'<span class="rank"[^>]*>{}</span>(?:<span id="att-\d+"></span>)?<span class="uns[ "][^>]*>{}'
    assert re.search(claim.format(1, "Ministers"), out)
    assert re.search(claim.format(2, "It was"), out)
    # attributed statements are not marked as claims
    assert not re.search(r'class="uns"[^>]*>Voss denied', out)
    assert "<script>alert" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "statements: 1 attributed (33%), 2 unsourced (67%)" in out


def test_text_report_lists_claims_without_markup(data):
    out = text.render(data, color=False)
    assert "Claims on no one's authority (top 2)" in out
    assert "[claim 1] Ministers" in out and "[claim 2] It was, reportedly" in out
    assert "\x1b" not in out and "[bold]x[/bold]" in out  # printed literally, never styled
    assert "doubt “\"stole\"”" in out
    assert "hedges 12.5" in out


def test_text_report_in_colour_styles_claims(data):
    out = text.render(data, color=True)
    assert "\x1b[" in out and "Claims on no one's authority" in out


def test_reports_without_statements_have_no_claims_section():
    data = sample.contract()
    assert "Claims on no one" not in html.render(data)
    assert "Claims on no one" not in text.render(data)
