"""Every bad input gives exit code 2 and one coded line on stderr, never a traceback.

Runs ``sayso.cli.main`` in-process with one shared spaCy pipeline, and the real
``sayso`` console script in a subprocess a few times. Network: 127.0.0.1 only.
"""
import json
import os
import pathlib
import subprocess
import sys

import pytest

import sayso.analyzer
from sayso import cli
from test_ingest_url import PARA, free_port, no_proxy, server  # noqa: F401 -- fixtures

ARTICLE = ("Council approves flood barrier\n\nThe council voted on Monday to build the barrier. "
           '"We have the money," said council leader Hana Sato.\n')


@pytest.fixture(autouse=True)
def shared_pipeline(monkeypatch, analyzer):
    """The CLI builds an Analyzer per run; give it the session's spaCy pipeline instead."""
    real = sayso.analyzer.Analyzer
    monkeypatch.setattr(sayso.analyzer, "Analyzer", lambda settings=None, **kw: real(settings, nlp=analyzer.nlp, **kw))


def run(capsys, *argv):
    """(exit code, stdout, stderr) of ``sayso analyze ARGV``."""
    code = cli.main(["analyze", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def assert_error(result, code):
    status, out, err = result
    assert status == 2, err
    assert "Traceback" not in err and out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"sayso: error: [{code}] "), err


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# --- files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, code", [
    ("empty.txt", b"", "E001"),
    ("blank.txt", b"  \n\t\r\n\n", "E001"),
    ("bom-only.txt", b"\xef\xbb\xbf", "E001"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00" + bytes(range(256)), "E002"),
    ("random.bin", bytes((i * 7919) % 256 for i in range(4096)), "E002"),
    ("nul.txt", b"Looks like text\x00\x00\x00but is not", "E002"),
    ("doc.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "E002"),
    ("mixed.txt", "Caf\u00e9 ".encode("utf-8") + b"cr\xe8me br\xfbl\xe9e", "E003"),
    ("utf16-broken.txt", b"\xff\xfe\xfa", "E003"),
    ("undefined.txt", b"Price list \x81\x8d", "E003"),
    ("empty.html", b"", "E001"),
    ("no-text.html", b"<html><body><script>track()</script><nav></nav></body></html>", "E008"),
    ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E002"),
])
def test_bad_files(capsys, tmp_path, name, data, code):
    assert_error(run(capsys, write(tmp_path, name, data)), code)


def test_missing_file_is_E005(capsys, tmp_path):
    assert_error(run(capsys, tmp_path / "nope.txt"), "E005")


def test_directory_is_E006(capsys, tmp_path):
    assert_error(run(capsys, tmp_path), "E006")


def test_20_megabytes_is_E004_without_reading(capsys, tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.write(b"Council approves barrier\n\n")
        fh.truncate(20_000_000)  # sparse: 20 MB on paper, written in no time
    monkeypatch.setattr(pathlib.Path, "open", lambda *a, **k: pytest.fail("the file was read"))
    result = run(capsys, path)
    assert_error(result, "E004")
    assert "20,000,000 bytes, more than the limit of 10,000,000" in result[2]


def test_text_longer_than_spacy_allows_is_E010(capsys, tmp_path):
    # under the byte limit but over the character limit: a clear error, not spaCy's E088
    result = run(capsys, write(tmp_path, "long.txt", "The council met. " * 40_000))
    assert_error(result, "E010")
    assert "680,000 characters of text, more than the limit of 500,000" in result[2]


def test_max_chars_flag(capsys, tmp_path):
    assert_error(run(capsys, write(tmp_path, "story.txt", ARTICLE), "--max-chars", 20), "E010")


def test_max_bytes_flag(capsys, tmp_path):
    assert_error(run(capsys, write(tmp_path, "story.txt", ARTICLE), "--max-bytes", 20), "E004")


@pytest.mark.parametrize("flags, code", [
    (["--encoding", "utf-8"], "E003"),  # named explicitly: no Windows-1252 fallback
    (["--encoding", "no-such-codec"], "E007"),
    (["--max-bytes", "0"], "E040"),
    (["--timeout", "-1"], "E040"),
])
def test_bad_settings(capsys, tmp_path, flags, code):
    path = write(tmp_path, "latin.txt", "Caf\u00e9 owners are furious.\n".encode("cp1252"))
    assert_error(run(capsys, path, *flags), code)


def test_cp1252_file_is_read(capsys, tmp_path):
    path = write(tmp_path, "latin.txt", ("Caf\u00e9 owners are furious. \u201cNo,\u201d said Ren\u00e9e.\n").encode("cp1252"))
    status, out, err = run(capsys, path, "--format", "json")
    assert status == 0, err
    assert json.loads(out)["document"]["text"] == "Caf\u00e9 owners are furious. \u201cNo,\u201d said Ren\u00e9e.\n"
    assert run(capsys, path, "--encoding", "latin-1")[0] == 0


@pytest.mark.parametrize("markup", [
    "<html><body><p>unclosed <div>",
    "<html><body><p>The council voted on Monday to build the barrier.<div><span><b>",
    "</p></div></body></html>",
    "<<<>>>",
    "<div>" * 3000 + "The council voted." + "</div>" * 10,
])
def test_broken_html_gives_text_or_E008(capsys, tmp_path, markup):
    status, out, err = run(capsys, write(tmp_path, "broken.html", markup), "--format", "json")
    assert "Traceback" not in err
    if status == 0:
        assert json.loads(out)["document"]["text"].strip() and err == ""
    else:
        assert_error((status, out, err), "E008")


def test_empty_standard_input_is_E001(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"   \n")))
    assert_error(run(capsys, "-"), "E001")


# --- URLs ----------------------------------------------------------------------------------

def test_url_page(capsys, server):
    status, out, err = run(capsys, f"{server}/page", "--format", "json")
    assert status == 0, err
    document = json.loads(out)["document"]
    assert PARA in document["text"] and document["input"] == "url" and document["url"] == f"{server}/page"


@pytest.mark.parametrize("path, flags, code", [
    ("/redirect/4", ["--max-redirects", "2"], "E023"),
    ("/loop", [], "E023"),
    ("/missing", [], "E024"),
    ("/error", [], "E024"),
    ("/slow", ["--timeout", "0.2"], "E022"),
    ("/big", ["--max-bytes", "1000"], "E025"),
    ("/stream", ["--max-bytes", "100000"], "E025"),
    ("/image", [], "E026"),
    ("/pdf", [], "E026"),
    ("/to-ftp", [], "E020"),
    ("/empty", [], "E001"),
])
def test_url_errors(capsys, server, path, flags, code):
    assert_error(run(capsys, server + path, *flags), code)


def test_unreachable_url_is_E021(capsys):
    assert_error(run(capsys, f"http://127.0.0.1:{free_port()}/story"), "E021")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/story.txt", "file:///etc/passwd"])
def test_unsupported_scheme_is_E020(capsys, url):
    assert_error(run(capsys, url), "E020")


# --- the real console script ----------------------------------------------------------------

def sayso_command():
    script = pathlib.Path(sys.executable).with_name("sayso")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sayso.cli"]


def run_script(*argv, stdin=b""):
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and k != "SAYSO_DEBUG"}
    return subprocess.run([*sayso_command(), "analyze", *map(str, argv)], input=stdin,
                          capture_output=True, timeout=120, env=env)


def test_script_bad_inputs_in_one_process_each(tmp_path):
    for argv, code in [
        ([write(tmp_path, "image.png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")], "E002"),
        ([f"http://127.0.0.1:{free_port()}/"], "E021"),
    ]:
        proc = run_script(*argv)
        err = proc.stderr.decode()
        assert proc.returncode == 2 and proc.stdout == b"", err
        assert err.count("\n") == 1 and err.startswith(f"sayso: error: [{code}] ") and "Traceback" not in err


def test_script_reads_cp1252_with_one_warning(tmp_path):
    path = write(tmp_path, "latin.txt", "Caf\u00e9 owners are furious, Ren\u00e9e said.\n".encode("cp1252"))
    proc = run_script(path, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["document"]["text"] == "Caf\u00e9 owners are furious, Ren\u00e9e said.\n"
    assert proc.stderr.decode().splitlines() == [
        f"sayso: warning: {path} is not valid UTF-8; read it as Windows-1252 (pass --encoding to choose another)."
    ]
