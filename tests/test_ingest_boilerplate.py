"""Boilerplate detection in plain text: what is marked, what never is, exact offsets, speed."""
import pathlib
import time

import pytest

from sayso.ingest.boilerplate import detect

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"

HEADLINE = "Council approves harbour plan after two-year dispute\n\n"
BODY = (
    "The Riverside council voted on Monday to approve the harbour expansion, ending a dispute "
    "that had divided the town since 2024.\n\n"
    '"This is the day we stop bailing water out of our kitchens," said council leader Hana Sato.\n\n'
)


def marked(text):
    """{marked text: kind} for every span, after checking the spans' offsets."""
    found = detect(text)
    out = {}
    for span in found.spans:
        chunk = text[span.start:span.end]
        assert chunk and chunk == chunk.strip("\r\n"), "a span covers whole lines, not line breaks"
        assert span.start == 0 or text[span.start - 1] in "\r\n", "a span starts at a line start"
        out[chunk] = span.label
    return out


def kind_in_body(line):
    """The kind given to ``line`` when it sits between two body paragraphs."""
    text = HEADLINE + BODY + line + "\n\n" + BODY
    return marked(text).get(line)


def kind_at_end(line):
    """The kind given to ``line`` when it follows the article."""
    return marked(HEADLINE + BODY + line + "\n").get(line)


# --- the shipped examples ---------------------------------------------------------------

def test_harbour_blog():
    text = (EXAMPLES / "harbour-blog.txt").read_text("utf-8")
    found = detect(text)
    assert found.title == "The Harbour Deal They Don't Want You to See"
    assert found.author == "Martin Keel"
    assert found.published == "2026-03-14"
    assert found.site == "The Coastal Watchdog"  # ALL CAPS masthead, spelled as in the text
    got = [(s.label, text[s.start:s.end]) for s in found.spans]
    assert got == [
        ("header", "THE COASTAL WATCHDOG\nIndependent voices for a free harbour"),
        ("dateline", "March 14, 2026"),
        ("byline", "By Martin Keel"),
        ("image_credit", "Photo: Harbour cranes at dusk (Credit: Wikimedia Commons)"),
        ("author_bio", "About the author: Martin Keel is a retired harbour pilot and the founder of The "
                       "Coastal Watchdog. He writes about ports, power and the people who pay for both."),
        ("link_list", "Recently from The Coastal Watchdog:\n- Who really owns Port Arlen?\n"
                      "- Five questions the minister won't answer\n- The fee hike nobody voted for"),
        ("share_prompt", "Share this article: Facebook | Twitter | Email"),
        ("comment_prompt", "Leave a comment below. Your email address will not be published. "
                           "Required fields are marked *"),
    ]


def test_harbour_blog_body_is_never_marked():
    text = (EXAMPLES / "harbour-blog.txt").read_text("utf-8")
    found = detect(text)
    start = text.index("Of course the mainstream press")
    end = text.index("About the author")
    assert not any(s.start < end and start < s.end for s in found.spans)
    assert "The Harbour Deal" not in "".join(text[s.start:s.end] for s in found.spans)  # the title stays


def test_council_report_has_only_a_title():
    text = (EXAMPLES / "council-report.txt").read_text("utf-8")
    found = detect(text)
    assert found.spans == []
    assert found.title == "Council approves flood barrier after two-year dispute"
    assert (found.author, found.published, found.site) == (None, None, None)


# --- lines that are boilerplate wherever they stand ---------------------------------------

@pytest.mark.parametrize("line, kind", [
    ("Share this article: Facebook | Twitter | Email", "share_prompt"),
    ("Share", "share_prompt"),
    ("SHARE THIS STORY", "share_prompt"),
    ("Share on WhatsApp", "share_prompt"),
    ("Facebook | Twitter | WhatsApp | LinkedIn", "share_prompt"),
    ("Follow us on Twitter and Facebook", None),  # "and" is not a network separator: left alone
    ("Follow us on Twitter", "share_prompt"),
    ("Subscribe to our newsletter", "newsletter_prompt"),
    ("Subscribe", "newsletter_prompt"),
    ("Sign up for our free daily briefing.", "newsletter_prompt"),
    ("Enter your email address to get our stories first", "newsletter_prompt"),
    ("Leave a comment", "comment_prompt"),
    ("Leave a Reply", "comment_prompt"),
    ("Your email address will not be published. Required fields are marked *", "comment_prompt"),
    ("Comments are closed.", "comment_prompt"),
    ("12 comments", "comment_prompt"),
    ("Join the discussion", "comment_prompt"),
    ("Advertisement", "advertisement"),
    ("ADVERTISEMENT", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Photo: Harbour cranes at dusk (Credit: Wikimedia Commons)", "image_credit"),
    ("Image: Getty", "image_credit"),
    ("Photo by Jane Roe on Unsplash", "image_credit"),
    ("Dock workers at the gate on Tuesday. (Photo: AFP)", "image_credit"),
    ("Credit: Reuters/Jane Roe", "image_credit"),
    ("Read more: Who really owns Port Arlen?", "related"),
    ("Related: Five questions the minister won't answer", "related"),
    ("© 2026 The Coastal Watchdog. All rights reserved.", "copyright"),
    ("Published March 14, 2026", "dateline"),
    ("Updated: 14 March 2026, 10:32 GMT", "dateline"),
    ("Reporting by Jane Roe; Editing by John Doe", "byline"),
    ("Reporting by Jane Roe in London; Editing by John Doe", "byline"),
    ("**Subscribe to our newsletter**", "newsletter_prompt"),  # Markdown emphasis around it
])
def test_line_kinds_in_body(line, kind):
    assert kind_in_body(line) == kind


@pytest.mark.parametrize("line", [
    "By the end of the year, the barrier will be finished.",
    "Share prices fell sharply after the announcement.",
    "Share this with your neighbours, the mayor said.",
    '"I read all the comments, and most of them are angry," she said.',
    "Comments from residents were overwhelmingly negative.",
    "Leave a comment on the council website if you object, the mayor urged.",
    "Residents are furious.",
    "He did not subscribe to the theory.",
    "Subscribers to the newsletter were told first.",
    "Sign up sheets were left at the door.",
    "Photographs of the meeting were never released.",
    "Advertisements for the scheme ran in every newspaper.",
    "Ad hoc committees were formed.",
    "Related to the deal, the ministry said nothing.",
    "Read more about the plan on the council's website.",
    "More on that later.",
    "Print editions sold out by noon.",
    "Email was the only way to reach him.",
    "Follow the money, she said.",
    "March 14, 2026 was the day the lease was signed.",
    "Credit card debt rose by 4 percent.",
    "Comment is free, but facts are sacred.",
    '"Share the wealth," he said.',
    "Photo opportunities were few.",
    "Watch the video below.",
    "The author of the report, Anna Berg, declined to comment.",
    "By Friday",
    "Reporting by the Guardian showed that the lease was signed early.",
    "1. Stop the deal.",
])
def test_body_lines_are_never_marked(line):
    assert kind_in_body(line) is None
    assert kind_at_end(line) is None


@pytest.mark.parametrize("line", [
    "By the end of the year, the barrier will be finished.",
    "Residents are furious.",
    '"They promised us work," Ortiz said.',
    "Is this what democracy looks like?",
])
def test_body_at_the_top_is_not_header(line):
    text = line + "\n\n" + BODY
    found = detect(text)
    assert line not in marked(text)
    assert found.author is None and found.site is None


# --- the header ---------------------------------------------------------------------------

@pytest.mark.parametrize("header, title, author, published, site", [
    ("THE COASTAL WATCHDOG\nIndependent voices for a free harbour\nMarch 14, 2026\n\n"
     "The Harbour Deal\nBy Martin Keel\n\n", "The Harbour Deal", "Martin Keel", "2026-03-14", "The Coastal Watchdog"),
    ("The Coastal Watchdog\nIndependent voices for a free harbour\n\nThe Harbour Deal\n\n",
     "The Harbour Deal", None, None, "The Coastal Watchdog"),
    ("THE DAILY MERIDIAN\n\nMinister signed lease before consultation\nBY MARTIN KEEL\n\n",
     "Minister signed lease before consultation", "Martin Keel", None, "The Daily Meridian"),
    ("Minister signed lease before consultation\nBy Jane Roe and John Doe\n14 March 2026\n\n",
     "Minister signed lease before consultation", "Jane Roe and John Doe", "2026-03-14", None),
    ("Minister signed lease before consultation\nBy Martin Keel, Staff Writer\nSaturday, March 14, 2026\n\n",
     "Minister signed lease before consultation", "Martin Keel", "2026-03-14", None),
    ("Minister signed lease before consultation\nPosted on Mar. 14, 2026 by Martin Keel\n\n",
     "Minister signed lease before consultation", "Martin Keel", "2026-03-14", None),
    ("Minister signed lease before consultation\nBy Reuters | 2026-03-14\n\n",
     "Minister signed lease before consultation", "Reuters", "2026-03-14", None),
    ("HARBOUR DEAL SIGNED IN SECRET\n\n", "HARBOUR DEAL SIGNED IN SECRET", None, None, None),
    ("Home | News | Politics | Sport\nMinister signed lease before consultation\n\n",
     "Minister signed lease before consultation", None, None, None),
])
def test_header_metadata(header, title, author, published, site):
    found = detect(header + BODY)
    assert (found.title, found.author, found.published, found.site) == (title, author, published, site)
    assert title not in marked(header + BODY)  # the headline is article, not boilerplate


def test_header_kinds():
    header = ("THE COASTAL WATCHDOG\nIndependent voices for a free harbour\nMarch 14, 2026\n\n"
              "Home | News | Politics | Sport\nThe Harbour Deal\nBy Martin Keel\n\n")
    assert marked(header + BODY) == {
        "THE COASTAL WATCHDOG\nIndependent voices for a free harbour": "header",
        "March 14, 2026": "dateline",
        "Home | News | Politics | Sport": "header",
        "By Martin Keel": "byline",
    }


@pytest.mark.parametrize("date, iso", [
    ("March 14, 2026", "2026-03-14"),
    ("14 March 2026", "2026-03-14"),
    ("14th of March, 2026", "2026-03-14"),
    ("Mar 14, 2026 10:32 AM", "2026-03-14"),
    ("Sat, 14 Mar 2026", "2026-03-14"),
    ("2026-03-14", "2026-03-14"),
    ("2026-03-14T10:32:00Z", "2026-03-14"),
    ("14/03/2026", "2026-03-14"),
    ("03/14/2026", "2026-03-14"),
    ("03/04/2026", None),  # day or month first? unknown, so no date
    ("February 30, 2026", None),  # no such day
    ("Last updated: 10:32 GMT, March 14, 2026", "2026-03-14"),
])
def test_datelines(date, iso):
    text = "Minister signed lease before consultation\n" + date + "\n\n" + BODY
    found = detect(text)
    assert found.published == iso
    assert marked(text)[date] == "dateline"


# --- link lists and bios ------------------------------------------------------------------

def test_link_list_covers_heading_and_items_only():
    tail = "More from The Coastal Watchdog\n\n- Who really owns Port Arlen?\n\n- The fee hike nobody voted for\n"
    text = HEADLINE + BODY + tail
    assert marked(text) == {
        "More from The Coastal Watchdog": "link_list",
        "- Who really owns Port Arlen?": "link_list",
        "- The fee hike nobody voted for": "link_list",
    }


def test_link_list_stops_at_prose():
    text = HEADLINE + "Related stories:\nWho really owns Port Arlen?\n\n" + BODY
    assert marked(text) == {"Related stories:\nWho really owns Port Arlen?": "link_list"}


def test_a_list_in_the_body_is_left_alone():
    text = HEADLINE + BODY + "The union has three demands:\n- No layoffs\n- A public inquiry\n- Publish the lease\n\n" + BODY
    assert marked(text) == {}


@pytest.mark.parametrize("byline, bio, is_bio", [
    ("By Martin Keel", "Martin Keel is a retired harbour pilot and the founder of the blog.", True),
    ("By Martin Keel", "Keel is a retired harbour pilot.", True),
    ("", "Jane Roe is a freelance journalist who writes about ports.", True),
    ("", "Martin Keel is a retired harbour pilot.", False),  # no byline to match, no telling phrase
    ("By Martin Keel", "Ortiz is a union leader who has worked on the docks for 30 years.", False),
])
def test_author_bio_at_the_end(byline, bio, is_bio):
    text = HEADLINE + (byline + "\n\n" if byline else "") + BODY + bio + "\n\nShare this article\n"
    assert (marked(text).get(bio) == "author_bio") is is_bio


def test_bio_in_the_middle_is_not_marked():
    bio = "Jane Roe is a freelance journalist who writes about ports."
    assert kind_in_body(bio) is None


def test_about_the_author_heading_marks_the_paragraph_under_it():
    text = HEADLINE + BODY + "About the author\n\nMartin Keel is a retired harbour pilot.\nHe lives in Port Arlen.\n"
    assert marked(text) == {
        "About the author": "author_bio",
        "Martin Keel is a retired harbour pilot.\nHe lives in Port Arlen.": "author_bio",
    }


# --- offsets and line endings -------------------------------------------------------------

@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_offsets_are_exact_with_any_line_ending(newline):
    raw = (EXAMPLES / "harbour-blog.txt").read_text("utf-8")
    text = raw.replace("\n", newline)
    found = detect(text)
    expected = [raw[s.start:s.end] for s in detect(raw).spans]
    assert [text[s.start:s.end] for s in found.spans] == [e.replace("\n", newline) for e in expected]
    assert found.title == "The Harbour Deal They Don't Want You to See"


def test_leading_bom_and_indentation():
    text = "\ufeffTHE COASTAL WATCHDOG\n\n   The Harbour Deal\n   By Martin Keel\n\n" + BODY
    found = detect(text)
    assert found.site == "The Coastal Watchdog" and found.title == "The Harbour Deal"
    assert marked(text)["   By Martin Keel"] == "byline"


@pytest.mark.parametrize("text", ["", "\n\n\n", "x", "By", "Share\n" * 3, "\ufeff"])
def test_degenerate_inputs(text):
    found = detect(text)
    for span in found.spans:
        assert 0 <= span.start < span.end <= len(text)


# --- speed: linear, a 10 MB text in well under a few seconds -----------------------------

@pytest.mark.parametrize("unit, seconds", [
    ((EXAMPLES / "harbour-blog.txt").read_text("utf-8"), 3),  # article-like: typically 0.3 s
    ("word " * 10_000 + "\n", 3),  # long lines
    ("Share\nMarch 14, 2026\nx\n\n", 10),  # a million boilerplate spans: typically 2 s
])
def test_ten_megabytes_is_fast(unit, seconds):
    text = (unit * (10_000_000 // len(unit) + 1))[:10_000_000]
    started = time.perf_counter()
    found = detect(text)
    elapsed = time.perf_counter() - started
    assert elapsed < seconds, f"{elapsed:.1f} s"  # generous: the machine is shared
    for span in found.spans[:100]:
        assert text[span.start:span.end].strip()


@pytest.mark.parametrize("header, title", [
    ('Council approves barrier\n\n"We will fight this"\n\n', "Council approves barrier"),
    ('HARBOUR DEAL SIGNED IN SECRET\n\n"We will fight this"\n\n', "HARBOUR DEAL SIGNED IN SECRET"),
    ("Council approves barrier\nA two-year dispute ends\n\nResidents relieved\n\n", "Council approves barrier"),
    ("The Harbour Deal Is Signed\nMarch 14, 2026\n\nResidents Protest\n\n", "The Harbour Deal Is Signed"),
    ("Council approves barrier\nIs this what democracy looks like?\n\n", "Council approves barrier"),
])
def test_headlines_are_not_mistaken_for_mastheads(header, title):
    text = header + BODY
    found = detect(text)
    assert found.title == title and found.site is None
    assert set(marked(text).values()) <= {"dateline"}


def test_random_line_soup_gives_sorted_disjoint_whole_line_spans():
    import random

    rng = random.Random(7)
    vocabulary = [
        "", "", "THE COASTAL WATCHDOG", "By Martin Keel", "March 14, 2026", "Share", "Related:",
        "- Who owns the port?", "Residents are furious.", BODY.strip(), "Advertisement", "About the author",
        "Photo: AFP", "Leave a comment", "Home | News | Sport", "Martin Keel is a writer who writes about ports.",
        "\ufeffTitle Here", "  indented By Jane Roe  ", "\t", "\r", "**Subscribe**",
    ]
    for _ in range(300):
        text = rng.choice(["\n", "\r\n", "\r"]).join(rng.choice(vocabulary) for _ in range(rng.randint(0, 30)))
        spans = detect(text).spans
        assert spans == sorted(spans, key=lambda s: s.start)
        for a, b in zip(spans, spans[1:]):
            assert a.end < b.start
        marked(text)  # whole lines, exact offsets
