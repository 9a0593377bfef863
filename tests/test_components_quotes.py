"""Quote pairing: by mark type, unbalanced marks, multi-paragraph quotes, apostrophes."""
import pytest
import spacy

from sayso.components import setup_extensions
from sayso.components.quotes import find_quotes


def _quoted(text):
    return [(text[q.start:q.end], q.close_mark is not None) for q in find_quotes(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ('He said "no way" today.', [('"no way"', True)]),
        ("She said “this is it.” Then left.", [("“this is it.”", True)]),
        ("Il a dit « non » hier.", [("« non »", True)]),
        ("He wrote ``never again'' in 1990.", [("``never again''", True)]),
        # wire style: '' opens as well as closes
        ("''This isn't reform,'' said Mr. Cole.", [("''This isn't reform,''", True)]),
        ("The ''so-called'' plan.", [("''so-called''", True)]),
        ("“He told me ‘no’ twice,” she said.", [("“He told me ‘no’ twice,”", True), ("‘no’", True)]),
        # unbalanced: the opener runs to the end of its paragraph, the article survives
        ('He said "this never closes\nNext paragraph.', [('"this never closes', False)]),
        # multi-paragraph speech: first paragraph left open, next one reopens
        ("“First part.\n“Second part.”", [("“First part.", False), ("“Second part.”", True)]),
        # mixed styles: a curly opener closed by a straight mark still pairs
        ("He said “mixed styles\" and left.", [("“mixed styles\"", True)]),
    ],
)
def test_pairs(text, expected):
    assert _quoted(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Don't panic: it's O'Brien's dog.",
        "The '90s were rock 'n' roll.",
        "No quotes here at all.",
    ],
)
def test_apostrophes_are_not_quotes(text):
    assert [q for q in find_quotes(text) if q.open_mark in "'‘"] == []


@pytest.mark.parametrize("text", ['"', '““””', '" " "', "«", "”what“", "'" * 50, '"\n"\n"'])
def test_odd_marks_never_fail(text):
    for q in find_quotes(text):
        assert 0 <= q.start < q.end <= len(text)


def test_component_through_blank_pipeline():
    setup_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sayso_quotes")
    doc = nlp('A "b" c.')
    assert [(q.start, q.end) for q in doc._.quotes] == [(2, 5)]
