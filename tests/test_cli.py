"""End-to-end CLI runs on the shipped examples, in every format."""
import json
import subprocess
import sys

import pytest

from sayso import cli
from sayso.analysis import validate

from conftest import EXAMPLES


@pytest.fixture(autouse=True)
def _shared_pipeline(monkeypatch, analyzer):
    # reuse the session's loaded pipeline: the CLI would otherwise load spaCy per call
    import sayso.analyzer as mod

    real_init = mod.Analyzer.__init__

    def init(self, settings=None, *, nlp=None, **options):
        real_init(self, settings, nlp=analyzer.nlp, **options)

    monkeypatch.setattr(mod.Analyzer, "__init__", init)


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.txt")))
def test_json_validates_and_round_trips(tmp_path, example):
    out = tmp_path / "a.json"
    assert cli.main(["analyze", str(EXAMPLES / example), "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    validate(data)
    text = data["document"]["text"]
    assert text == (EXAMPLES / example).read_text("utf-8")
    for a in data["attributions"]:
        for span in [a["cue"], *a["content"]] + ([a["source"]] if a["source"] else []):
            assert text[span["start"]:span["end"]] == span["text"]


def test_html_report_is_written(tmp_path):
    out = tmp_path / "report.html"
    assert cli.main(["analyze", str(EXAMPLES / "harbour-blog.txt"), "--format", "html", "-o", str(out)]) == 0
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Anna Berg" in page and "<script src" not in page


def test_text_report_to_stdout(capsys):
    assert cli.main(["analyze", str(EXAMPLES / "council-report.txt")]) == 0
    out = capsys.readouterr().out
    assert "Hana Sato" in out and "\x1b[" not in out


def test_stdin(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("The mayor said the pier would reopen.".encode())))
    assert cli.main(["analyze", "-", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["attributions"][0]["cue"]["text"] == "said"


@pytest.mark.parametrize("argv", [[], ["analyze"], ["analyze", "x", "--format", "pdf"], ["frobnicate"]])
def test_bad_usage_exits_2(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        code = cli.main(argv)
        raise SystemExit(code)
    assert exc.value.code == 2


def test_version():
    out = subprocess.run([sys.executable, "-m", "sayso.cli", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("sayso ")


def test_internal_error_is_one_line_and_exit_1(monkeypatch, capsys, tmp_path):
    import sayso.analyzer as mod

    def boom(self, *a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(mod.Analyzer, "analyze", boom)
    path = tmp_path / "a.txt"
    path.write_text("The mayor said so.")
    assert cli.main(["analyze", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" in err and "Traceback" not in err
