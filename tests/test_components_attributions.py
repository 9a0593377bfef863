"""Attribution forms, one table row each, on sentences written for these tests.

Each row: text, expected (source, cue, a phrase the content holds, kind or None, negated).
Sources are matched on the span text; content on containment, since boundaries are judged
by the PolNeAR scorer, not here.
"""
import pytest

CASES = [
    # direct quotes, either side of the cue
    ('"We will rebuild the pier," the mayor said.', ("the mayor", "said", "We will rebuild the pier", "direct", False)),
    ("“The budget is balanced,” said Finance Minister Lars Holm.", ("Finance Minister Lars Holm", "said", "The budget is balanced", "direct", False)),
    ("The mayor said: “We will rebuild the pier.”", ("The mayor", "said", "We will rebuild the pier", "direct", False)),
    # indirect
    ("The mayor said that the pier would reopen in May.", ("The mayor", "said", "the pier would reopen in May", "indirect", False)),
    ("Police told reporters the suspect had fled north.", ("Police", "told", "the suspect had fled north", "indirect", False)),
    # mixed
    ("The senator called the plan “a disaster for farmers.”", ("The senator", "called", "a disaster for farmers", "mixed", False)),
    ("The minister said the talks were “going nowhere.”", ("The minister", "said", "going nowhere", "mixed", False)),
    # according to
    ("According to the health ministry, 40 people were injured.", ("the health ministry", "According to", "40 people were injured", "according_to", False)),
    ("Forty people were injured, according to the health ministry.", ("the health ministry", "according to", "Forty people were injured", "according_to", False)),
    # noun cues
    ("The governor's claim that taxes fell is false.", ("The governor", "claim", "taxes fell", "noun", False)),
    ("In the union's view, the offer is an insult.", ("the union", "view", "the offer is an insult", "noun", False)),
    # colon and dash forms
    ("Berg: “We have nothing to hide.”", ("Berg", ":", "We have nothing to hide", "colon", False)),
    ("Holm: Pier Will Reopen by May\n\nThe mayor spoke on Friday.", ("Holm", ":", "Pier Will Reopen", "colon", False)),
    ("“We have nothing to hide.” — Anna Berg", ("Anna Berg", "—", "We have nothing to hide", "dash", False)),
    ("“Mr. Holm said the mill would close. He is wrong about us.”― Anna Berg", ("Anna Berg", "―", "He is wrong about us", "dash", False)),
    ('Partial transcript follows:\n\n"HOLM: We will rebuild the pier by May.\n\n"BERG: That is not true.', ("HOLM", ":", "rebuild the pier", "colon", False)),
    # interrupted and wire-style quotations
    ('"My hope," he said, "is that the pier reopens in May."', ("he", "said", "is that the pier reopens", "direct", False)),
    ("''This isn't reform,'' said Alan Cole, an economist.", ("Alan Cole, an economist", "said", "This isn't reform", "direct", False)),
    ("Perdue said the ads did not hurt Romney, arguing that divisions in the party were to blame.", ("Perdue", "arguing", "divisions in the party were to blame", "indirect", False)),
    # two speech acts of one speaker joined by "and": each its own attribution, same source
    ("Rendell said he had battled pneumonia in his campaigns and called it a common ailment.", ("Rendell", "called", "it", None, False)),
    ("May said the country would leave the bloc by March and suggested that it would quit the single market.", ("May", "suggested", "it would quit the single market", "indirect", False)),
    # what an outlet does in print: its subject or passive agent is a source
    ("NBC News first published the cellphone video on Friday.", ("NBC News", "published", "the cellphone video", "indirect", False)),
    ("PolitiFact rated the claim mostly true.", ("PolitiFact", "rated", "the claim", "indirect", False)),
    ("A different side of the story was being told by The Daily Caller.", ("The Daily Caller", "told", "A different side of the story", "indirect", False)),
    ("The statements were treated very differently by PolitiFact.", ("PolitiFact", "treated", "The statements", "indirect", False)),
    ("The video was aired by CNN on Monday.", ("CNN", "aired", "The video", "indirect", False)),
    # a short name after the outlet's full name
    ("PolitiFact is run by the Tampa Bay Times.\n\nDuring the primaries, the Times gave Clinton a glowing endorsement.",
     ("the Times", "gave", "a glowing endorsement", "indirect", False)),
    # passive
    ("It was reported by the Gazette that the mill will close.", ("the Gazette", "reported", "the mill will close", None, False)),
    # attitudes and intentions
    ("The union believes the deal will cost jobs.", ("The union", "believes", "the deal will cost jobs", "attitude", False)),
    ("Residents fear that the river will flood again.", ("Residents", "fear", "the river will flood again", "attitude", False)),
    ("The company wants to close the plant.", ("The company", "wants", "close the plant", "attitude", False)),
    # denials and non-confirmations
    ("The ministry denied the reports.", ("The ministry", "denied", "the reports", None, True)),
    ("The agency is not confirming that it approved the design.", ("The agency", "is not confirming", "it approved the design", None, True)),
    ("The spokesman declined to confirm that the mine would close.", ("The spokesman", "confirm", "the mine would close", None, True)),
]


def _find(data, cue):
    return [a for a in data["attributions"] if a["cue"]["text"] == cue or cue in a["cue"]["text"]]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_forms(analyzer, text, expected):
    source, cue, content, kind, negated = expected
    data = analyzer.analyze(text, content_type="text").to_dict()
    found = _find(data, cue)
    assert found, f"no attribution with cue {cue!r}: {data['attributions']}"
    a = found[0]
    assert a["source"] is not None and a["source"]["text"].strip(" ,") == source
    assert any(content in c["text"] for c in a["content"]), a["content"]
    if kind:
        assert a["kind"] == kind
    assert a["negated"] is negated


NEGATIVES = [
    "The so-called “reform” changed nothing.",  # scare quotes after so-called
    "The film “Harbour Lights” opened on Friday.",  # a quoted title
    "PolitiFact is operated by the Tampa Bay Times.",  # an outlet as agent of a verb that is no reporting
    "The bill was treated very differently by the committee.",  # a publication verb without an outlet
    "The Washington Post moved to a new building in 2015.",  # an outlet's act with no object
    "Share prices fell sharply on Monday.",
    "The bridge will reopen in May.",
    "She read “War and Peace” twice.",
    "The Harbour Files: Who Really Pays for the Pier?\n\nThe pier closed in May.",  # a title's label, no speaker
    "Breaking: Pier Closes After Storm\n\nThe pier closed in May.",
    "The pier closed in May.\n\nCLARIFICATION: The first sentence has been changed to give the month.",  # a desk note
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_attribution(analyzer, text):
    data = analyzer.analyze(text, content_type="text").to_dict()
    assert data["attributions"] == []


@pytest.mark.parametrize("text,cue", [
    ("“We will rebuild the old pier before the summer,” Mayor Anna Berg said at a press conference.", "said"),
    ("The ministry said in a statement on Tuesday that the pier would reopen.", "said"),
])
def test_cue_has_no_dangling_preposition(analyzer, text, cue):
    data = analyzer.analyze(text, content_type="text").to_dict()
    assert [a["cue"]["text"] for a in data["attributions"]] == [cue]


def test_cue_inside_a_quotation_takes_no_earlier_quotation(analyzer):
    text = ('Engineer Lena Holm told the paper that the pier was "running on borrowed time." '
            '"In fact, we asked for new beams four times," she said.')
    data = analyzer.analyze(text, content_type="text").to_dict()
    owners = [a["cue"]["text"] for a in data["attributions"] if any("borrowed" in c["text"] for c in a["content"])]
    assert owners == ["told"]
    said = _find(data, "said")
    assert said and "new beams" in said[0]["content"][0]["text"]


def test_so_called_phrase_in_the_next_sentence_is_no_content(analyzer):
    text = ("Of course the mainstream press will never tell you the whole story about the Port Arlen expansion. "
            'The truth is that the so-called "economic plan" was designed to hand the waterfront to foreign investors.\n')
    data = analyzer.analyze(text, content_type="text").to_dict()
    assert not any("economic plan" in c["text"] for a in data["attributions"] for c in a["content"])
    claim = [s for s in data["statements"] if "economic plan" in s["text"]]
    assert len(claim) == 1 and claim[0]["status"] == "unsourced"
    assert {"booster", "doubt"} <= {m["kind"] for m in claim[0]["markers"]}


def test_content_runs_through_a_colon(analyzer):
    text = "Mr. Holm notes that three things are happening at once: prices are rising, rates are low and lenders are looser. The mill closed."
    data = analyzer.analyze(text, content_type="text").to_dict()
    notes = _find(data, "notes")
    assert notes and notes[0]["content"][-1]["text"].endswith("lenders are looser.")


def test_coordinated_cue_ends_the_first_content(analyzer):
    text = "May said the country would leave the bloc by March and suggested that it would quit the single market."
    atts = analyzer.analyze(text, content_type="text").to_dict()["attributions"]
    said = next(a for a in atts if a["cue"]["text"] == "said")
    suggested = next(a for a in atts if a["cue"]["text"] == "suggested")
    assert said["content"][-1]["text"].endswith("by March")
    assert suggested["parent"] is None  # not nested in the first content


def test_follow_on_quote_joins_speaker(analyzer):
    text = "“We are ready,” Ortiz said. “We have been ready for years.”"
    data = analyzer.analyze(text, content_type="text").to_dict()
    (a,) = data["attributions"]
    assert [c["text"] for c in a["content"]] == ["“We are ready,”", "“We have been ready for years.”"]


def test_multi_paragraph_quote(analyzer):
    text = ("“We were promised work,” said Sam Ortiz. “We got layoffs.\n\n"
            "“Every family on this dock knows someone who lost a job.”\n\nThe council did not reply.")
    data = analyzer.analyze(text, content_type="text").to_dict()
    a = next(a for a in data["attributions"] if a["cue"]["text"] == "said")
    joined = " ".join(c["text"] for c in a["content"])
    assert "We got layoffs." in joined and "Every family on this dock" in joined
    assert "council" not in joined


def test_block_quote_after_cue_sentence(analyzer):
    text = ("As the Harbour Herald wrote last week:\n\n"
            "“The port authority has not answered a single question. Its chairman, Peter Lund, "
            "told the Herald that the ownership was a commercial matter.”\n\nThe vote is on Monday.")
    data = analyzer.analyze(text, content_type="text").to_dict()
    block = next(a for a in data["attributions"] if a["kind"] == "block")
    assert block["source"]["text"] == "the Harbour Herald"
    assert "port authority" in block["content"][0]["text"] and "vote" not in block["content"][0]["text"]
    inner = next(a for a in data["attributions"] if a["cue"]["text"] == "told")
    assert inner["parent"] == block["id"]


def test_nested_chain_with_citation(analyzer):
    text = "The Guardian reported that the minister said the border was closed, citing state television."
    data = analyzer.analyze(text, content_type="text").to_dict()
    by_cue = {a["cue"]["text"]: a for a in data["attributions"]}
    reported, said, citing = by_cue["reported"], by_cue["said"], by_cue["citing"]
    assert reported["parent"] is None
    assert citing["parent"] == reported["id"] and citing["source"]["text"] == "state television"
    assert said["parent"] == citing["id"]
    assert not any("citing" in c["text"] for c in said["content"] + reported["content"])
    types = {e["id"]: e["type"] for e in data["entities"]}
    assert types[reported["entity"]] == "media" and types[citing["entity"]] == "media"


def test_unbalanced_quote_does_not_fail(analyzer):
    text = "The mayor said “we will win.\n\nOthers disagreed, and the council said the vote was close."
    data = analyzer.analyze(text, content_type="text").to_dict()
    assert any(a["cue"]["text"] == "said" for a in data["attributions"])


@pytest.mark.parametrize("line", ["“They never asked us.”― Tom Berg\u00a0", "“They never asked us.” — Tom Berg. ",
                                  "\u00a0“They never asked us.”―Tom Berg"])
def test_vox_pop_lines_allow_any_spacing(line):
    # web copy pads names with no-break spaces; the line pattern must still see its end
    from sayso.components.attributions import _VOXPOP_RE

    m = _VOXPOP_RE.search(line + "\n“Next.”― Ana Ruiz")
    assert m and m.group(3).rstrip(".") == "Tom Berg"


def test_signed_name_loses_its_full_stop(analyzer):
    data = analyzer.analyze("“They never asked us.”― Carla Sanchez.\n“Next.”― Ana Ruiz Jr.", content_type="text").to_dict()
    assert [a["source"]["text"] for a in data["attributions"]] == ["Carla Sanchez", "Ana Ruiz Jr."]


def test_nearest_of_two_subjects_is_the_speaker():
    """The parser sometimes gives a verb of saying two subjects (the quotation's own subject and
    the speaker's): the speaker is the nearer one."""
    import spacy
    from spacy.tokens import Doc

    from sayso.components.attributions import source_token

    words = ["Loopholes", "exist", ",", "The", "Hill", "reported", "."]
    heads = [5, 5, 5, 4, 5, 5, 5]
    deps = ["nsubj", "ccomp", "punct", "det", "nsubj", "ROOT", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps,
              tags=["NNS", "VBP", ",", "DT", "NNP", "VBD", "."])
    assert source_token(doc[5]).text == "Hill"


def test_tagged_cue_drops_a_dangling_preposition():
    """The tagger, decoding for recall, may take "said at"; with no content right after it the
    preposition goes (sayso's pipeline has no attribute ruler: POS comes from the tags)."""
    import spacy
    from spacy.tokens import Doc

    from sayso.components.attributions import _cue_without_dangling_words

    doc = Doc(spacy.blank("en").vocab, words=["It", "works", ",", "he", "said", "at", "a", "briefing", "."],
              tags=["PRP", "VBZ", ",", "PRP", "VBD", "IN", "DT", "NN", "."])
    said_at = (doc[4].idx, doc[5].idx + 2)
    assert _cue_without_dangling_words(doc, said_at, [(0, 8)]) == (doc[4].idx, doc[4].idx + 4)
    # a preposition the content follows stays: "likened the rules to" + content
    assert _cue_without_dangling_words(doc, said_at, [(said_at[1] + 1, doc[7].idx + 8)]) == said_at


@pytest.mark.parametrize("run,expected", [
    ("his", "his early tweets"),  # a possessive leans on the noun after it
    ("a", "a flurry"),  # so does a determiner
    ("his early tweets", "his early tweets"),  # a whole phrase stays as it is
])
def test_tagged_content_ending_on_a_leaning_word_takes_its_phrase(run, expected):
    import spacy
    from spacy.tokens import Doc

    from sayso.components.attributions import _to_clause_end

    words = ["He", "is", "defending", "his", "early", "tweets", "and", "unleashed", "a", "flurry", "."]
    heads = [2, 2, 2, 5, 5, 2, 2, 2, 9, 7, 2]
    deps = ["nsubj", "aux", "ROOT", "poss", "amod", "dobj", "cc", "conj", "det", "dobj", "punct"]
    tags = ["PRP", "VBZ", "VBG", "PRP$", "JJ", "NNS", "CC", "VBD", "DT", "NN", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, tags=tags)
    text = doc.text
    start = text.index(" " + run + " ", text.index("defending")) + 1
    got = _to_clause_end(doc, text, (start, start + len(run)), (0, 2))
    assert text[got[0]:got[1]] == expected


@pytest.mark.parametrize("piece,stray", [
    ("that the plan was a trap", True),  # starts inside a later sentence: the author's words
    ("The plan was a trap", False),  # a whole later sentence may continue the speaker
])
def test_later_sentence_piece_must_start_the_sentence(piece, stray):
    import spacy
    from spacy.tokens import Doc

    from sayso.components.attributions import _mid_sentence_piece

    words = ["He", "said", "it", "was", "fair", ".", "The", "truth", "is", "that", "the", "plan", "was", "a", "trap", "."]
    starts = [True] + [False] * 5 + [True] + [False] * 9
    if not piece.startswith("that"):
        words = words[:6] + ["The", "plan", "was", "a", "trap", "."]
        starts = starts[:12]
    doc = Doc(spacy.blank("en").vocab, words=words, sent_starts=starts)
    text = doc.text
    start = text.index(piece)
    assert _mid_sentence_piece(doc, (start, start + len(piece)), (3, 7), []) is stray
