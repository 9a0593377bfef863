"""Every output validates against the published schema and its offsets round-trip."""
import json

import pytest

from sayso.analysis import schema, validate


def _spans(data):
    for b in data["document"]["boilerplate"]:
        yield b
    for a in data["attributions"]:
        yield from [s for s in [a["source"], a["cue"], *a["content"]] if s]
    for e in data["entities"]:
        yield from e["mentions"]
    for key in ("statements", "techniques"):
        yield from data[key]


def test_schema_is_valid_json_schema():
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(schema())


def test_examples_validate_and_round_trip(analyzer, examples):
    assert examples, "examples/ must ship articles"
    for path in examples:
        raw = path.read_text("utf-8")
        data = analyzer.analyze(raw).to_dict()
        validate(json.loads(json.dumps(data)))
        text = data["document"]["text"]
        assert text == raw
        for span in _spans(data):
            assert 0 <= span["start"] <= span["end"] <= len(text)
            if "text" in span:
                assert text[span["start"]:span["end"]] == span["text"]


@pytest.mark.parametrize("key", ["attributions", "entities", "statements", "techniques", "outlets"])
def test_lists_always_present(analyzer, key):
    data = analyzer.analyze("Nothing to see here.").to_dict()
    assert isinstance(data[key], list)


def test_broken_contract_is_rejected():
    import jsonschema

    with pytest.raises(jsonschema.ValidationError):
        validate({"schema_version": 2})
