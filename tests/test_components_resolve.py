"""Source resolution: pronouns, partial names, roles, appositions, and entity types."""
import pytest


def _entity_of(data, cue, nth=0):
    a = [a for a in data["attributions"] if a["cue"]["text"] == cue][nth]
    return next(e for e in data["entities"] if e["id"] == a["entity"])


@pytest.mark.parametrize(
    "text,cue,nth,name,type_",
    [
        # pronoun → last compatible person named before
        ("Voss denied the report. “The lease was legal,” she told reporters.", "told", 0, "Voss", "person"),
        # a person named only inside reported content is still an antecedent
        ("The Meridian reported that the minister, Clara Voss, had signed the lease. Voss denied it.",
         "denied", 0, "Clara Voss", "person"),
        # apposition: name and role split
        ("The ministry's spokeswoman, Anna Berg, said the talks would resume.", "said", 0, "Anna Berg", "person"),
        # role before name
        ("Dock workers' union leader Sam Ortiz said the deal would cost jobs.", "said", 0, "Sam Ortiz", "person"),
        # surname alone joins the full name
        ("Finance Minister Lars Holm said taxes would fall. Holm added that rents would rise.", "added", 0, "Lars Holm", "person"),
        # "the paper" → the outlet named before
        ("The Daily Meridian reported that the port was sold. The paper said the buyer was foreign.", "said", 0, "The Daily Meridian", "media"),
        # short and long names of one outlet
        ("The Daily Meridian reported that the port was sold. According to the Meridian, the buyer was foreign.",
         "According to", 0, "The Daily Meridian", "media"),
        # anonymous sources
        ("Officials who spoke on condition of anonymity said the plan was dead.", "said", 0, None, "anonymous"),
        ("A senior official said the reviews were shelved.", "said", 0, None, "anonymous"),
        ("Sources said the minister would resign.", "said", 0, None, "anonymous"),
        # a relative pronoun stands for its antecedent
        ("The mill was sold to Peter Lund, who said the price was fair.", "said", 0, "Peter Lund", "person"),
        ("Residents who say the river is safe are wrong, the mayor wrote.", "say", 0, "Residents", "person"),
        # documents
        ("The report says the river is polluted.", "says", 0, None, "document"),
        ("The letter states that the mine will close.", "states", 0, None, "document"),
        # government
        ("The Defence Ministry said the drill was routine.", "said", 0, None, "government"),
        # media
        ("State television reported that the border was closed.", "reported", 0, None, "media"),
        ("The mainstream media claimed that the border was closed.", "claimed", 0, None, "media"),
    ],
)
def test_resolution(analyzer, text, cue, nth, name, type_):
    data = analyzer.analyze(text, content_type="text").to_dict()
    e = _entity_of(data, cue, nth)
    if name is not None:
        assert e["name"] == name
    assert e["type"] == type_


def test_relative_pronoun_joins_the_source_it_stands_for(analyzer):
    text = "A source inside the utility, who asked not to be named, said the company would cut inspectors."
    data = analyzer.analyze(text, content_type="text").to_dict()
    asked, said = _entity_of(data, "asked"), _entity_of(data, "said")
    assert asked["id"] == said["id"] and said["type"] == "anonymous"
    assert all(e["name"].lower() not in ("who", "which", "that") for e in data["entities"])


def test_one_entity_for_role_name_and_pronoun(analyzer):
    text = ("The ministry's spokeswoman, Anna Berg, said the government was committed to transparency. "
            "She added that the contracts would be published. Berg declined to say when.")
    data = analyzer.analyze(text, content_type="text").to_dict()
    said, added = _entity_of(data, "said"), _entity_of(data, "added")
    assert said["id"] == added["id"]
    assert said["role"] and "spokeswoman" in said["role"]


def test_first_person_inside_quote_is_the_speaker(analyzer):
    text = "In a letter to residents, the mayor wrote:\n\n“I know many of you have waited too long.”"
    data = analyzer.analyze(text, content_type="text").to_dict()
    wrote, know = _entity_of(data, "wrote"), _entity_of(data, "know")
    assert wrote["id"] == know["id"]


def test_gender_blocks_wrong_pronoun(analyzer):
    text = ("The ministry's spokeswoman, Anna Berg, said the talks would resume. "
            "Farmer Otto Brandt said the fields would flood. She added that the ministry would pay.")
    data = analyzer.analyze(text, content_type="text").to_dict()
    assert _entity_of(data, "added")["name"] == "Anna Berg"
