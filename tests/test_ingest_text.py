"""Plain-text ingestion: the text is exactly the decoded input; bad input is a coded error."""
import codecs
import io
import logging
import sys
import time

import pytest

from sayso import ingest
from sayso.errors import SaysoError
from sayso.ingest import text as text_mod
from sayso.settings import Settings

ARTICLE = "Council approves barrier\n\nThe council voted on Monday. \"It's done,\" Sato said.\n"


def code_of(fn, *args, **kwargs):
    with pytest.raises(SaysoError) as info:
        fn(*args, **kwargs)
    return info.value.code


# --- the text is exactly the input --------------------------------------------------------

@pytest.mark.parametrize("raw", [
    ARTICLE,
    ARTICLE.replace("\n", "\r\n"),  # Windows line endings stay
    ARTICLE.replace("\n", "\r"),  # old Mac line endings stay
    "\n\n  " + ARTICLE + "   \n\n\n",  # leading/trailing blank lines and spaces stay
    "Mixed\r\nline\nendings\rhere.\t\u00a0\u2028and more",
    "No trailing newline",
    "Zoë said “naïve” — ½ ⚓ 😀.\n",
])
def test_text_is_exactly_the_decoded_input(raw, tmp_path):
    assert text_mod.from_bytes(raw.encode("utf-8")).text == raw
    assert text_mod.from_string(raw).text == raw
    path = tmp_path / "story.txt"
    path.write_bytes(raw.encode("utf-8"))
    doc = ingest.load(str(path))
    assert doc.text == raw and doc.source_kind == "text"


def test_utf8_bom_is_the_only_thing_dropped():
    assert text_mod.from_bytes(codecs.BOM_UTF8 + ARTICLE.encode()).text == ARTICLE
    named = Settings(encoding="utf-8")  # also when UTF-8 is named explicitly
    assert text_mod.from_bytes(codecs.BOM_UTF8 + ARTICLE.encode(), settings=named).text == ARTICLE


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(codec):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    data = bom + ARTICLE.replace("\n", "\r\n").encode(codec)
    assert text_mod.from_bytes(data).text == ARTICLE.replace("\n", "\r\n")


def test_utf16_without_bom_needs_encoding():
    data = ARTICLE.encode("utf-16-le")
    assert code_of(text_mod.from_bytes, data) == "E002"  # NUL bytes everywhere: looks binary
    assert text_mod.from_bytes(data, settings=Settings(encoding="utf-16-le")).text == ARTICLE


def test_metadata_and_boilerplate_are_read():
    doc = text_mod.from_string("By Jane Roe\n\n" + ARTICLE)
    assert doc.author == "Jane Roe"
    assert [(s.start, s.end, s.label) for s in doc.boilerplate] == [(0, 11, "byline")]
    doc = text_mod.from_string("By Jane Roe\n\n" + ARTICLE, settings=Settings(boilerplate=False))
    assert doc.boilerplate == [] and doc.author is None


# --- empty and binary ----------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    b"", b"   ", b" \n\t\r\n\x0c", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n\n",
    codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "\u00a0\u2003\n".encode("utf-8"),
])
def test_empty_or_whitespace_is_E001(data):
    assert code_of(text_mod.from_bytes, data) == "E001"


@pytest.mark.parametrize("text", ["", "  \n\t", "\ufeff", "\ufeff \n"])
def test_empty_string_is_E001(text):
    assert code_of(text_mod.from_string, text) == "E001"


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",  # PNG
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",  # JPEG
    b"GIF89a\x01\x00\x01\x00\x80",  # GIF
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",  # PDF: mostly ASCII
    b"PK\x03\x04\x14\x00\x00\x00\x08\x00",  # zip / docx
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00",  # gzip
    b"Some text\x00with a NUL byte",
    bytes(range(256)) * 4,  # random-looking bytes
    b"\x01\x02\x03\x04\x05\x06" * 10 + b"text",  # mostly control characters
])
def test_binary_is_E002(data):
    assert code_of(text_mod.from_bytes, data) == "E002"


# --- encodings -----------------------------------------------------------------------------

def test_cp1252_is_accepted_with_a_warning(caplog):
    data = "Caf\u00e9 cr\u00e8me: \u201cno comment,\u201d she said \u2013 \u20ac5.\n".encode("cp1252")
    with caplog.at_level(logging.WARNING, logger="sayso.ingest"):
        doc = text_mod.from_bytes(data, what="story.txt")
    assert doc.text == "Caf\u00e9 cr\u00e8me: \u201cno comment,\u201d she said \u2013 \u20ac5.\n"
    assert "story.txt is not valid UTF-8; read it as Windows-1252" in caplog.text


def test_latin1_file_reads_the_same_as_cp1252():
    data = "Zo\u00eb and Ren\u00e9e in M\u00fcnchen.\n".encode("latin-1")
    assert text_mod.from_bytes(data).text == "Zo\u00eb and Ren\u00e9e in M\u00fcnchen.\n"


@pytest.mark.parametrize("data, settings, encoding", [
    (b"\xff\xfe\xfa", Settings(), "UTF-16"),  # a UTF-16 BOM, then half a character
    (b"ok \xff\xfe\xfa", Settings(encoding="utf-8"), "UTF-8"),  # UTF-8 named: no fallback
    (b"ok \xff\xfe\xfa", Settings(encoding="utf_8"), "UTF-8"),
    (b"\xef\xbb\xbfok \xe9", Settings(), "UTF-8"),  # a UTF-8 BOM, then a Latin-1 byte
])
def test_invalid_bytes_in_a_named_encoding_are_E003(data, settings, encoding):
    with pytest.raises(SaysoError) as info:
        text_mod.from_bytes(data, settings=settings)
    assert info.value.code == "E003"
    assert f"not valid {encoding};" in str(info.value) and "--encoding" in str(info.value)


def test_cp1252_fallback_takes_any_clean_bytes():
    # The price of the fallback: bytes that are not text in any sense a user means, but read
    # as printable Windows-1252, are accepted (with the warning) rather than refused.
    assert text_mod.from_bytes(b"ok \xff\xfe\xfa").text == "ok \u00ff\u00fe\u00fa"


@pytest.mark.parametrize("data", [
    "Caf\u00e9 ".encode("utf-8") + b"cr\xe8me",
    b"Price \x81 list",
])
def test_mixed_or_undefined_bytes_are_E003(data):
    with pytest.raises(SaysoError) as info:
        text_mod.from_bytes(data, what="story.txt")
    assert info.value.code == "E003"
    assert str(info.value) == ("[E003] Input could not be decoded: story.txt is not valid UTF-8; "
                               "pass --encoding to name its encoding.")


def test_named_encoding_is_used_strictly():
    data = "Caf\u00e9\n".encode("latin-1")
    assert text_mod.from_bytes(data, settings=Settings(encoding="latin-1")).text == "Caf\u00e9\n"
    assert text_mod.from_bytes("Кофе\n".encode("cp1251"), settings=Settings(encoding="cp1251")).text == "Кофе\n"
    with pytest.raises(SaysoError) as info:
        text_mod.from_bytes(data, settings=Settings(encoding="ascii"))
    assert info.value.code == "E003" and "ASCII" in str(info.value)


@pytest.mark.parametrize("encoding", ["no-such-codec", "base64", "zlib"])
def test_unknown_or_non_text_encoding_is_E007(encoding):
    assert code_of(text_mod.from_bytes, b"text", settings=Settings(encoding=encoding)) == "E007"


def test_http_charset_is_honoured():
    data = "Caf\u00e9\n".encode("latin-1")
    assert text_mod.from_bytes(data, charset="ISO-8859-1").text == "Caf\u00e9\n"
    assert text_mod.from_bytes("Кофе\n".encode("koi8-r"), charset="koi8-r").text == "Кофе\n"
    assert text_mod.from_bytes(b"plain", charset="no-such-charset").text == "plain"  # unknown label: ignored


# --- size ----------------------------------------------------------------------------------

def test_size_limit():
    small = Settings(max_bytes=10)
    assert text_mod.from_bytes(b"0123456789", settings=small).text == "0123456789"
    assert code_of(text_mod.from_bytes, b"0123456789a", settings=small) == "E004"
    assert code_of(text_mod.from_string, "0123456789a", settings=small) == "E004"
    assert code_of(text_mod.from_string, "\u00e9" * 6, settings=small) == "E004"  # 12 bytes in UTF-8


# --- files and standard input ------------------------------------------------------------

def test_missing_file_is_E005(tmp_path):
    assert code_of(ingest.load, str(tmp_path / "nope.txt")) == "E005"


def test_directory_is_E006(tmp_path):
    assert code_of(ingest.load, str(tmp_path)) == "E006"


def test_bad_path_is_E006(tmp_path):
    assert code_of(ingest.load, "bad\x00name.txt") == "E006"
    (tmp_path / "file.txt").write_text("x")
    assert code_of(ingest.load, str(tmp_path / "file.txt" / "inside.txt")) == "E006"


def test_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # 20 MB, sparse: nothing to read
        fh.truncate(20_000_000)
    monkeypatch.setattr(ingest.Path, "open", lambda *a, **k: pytest.fail("the file was opened"))
    started = time.perf_counter()
    with pytest.raises(SaysoError) as info:
        ingest.load(str(path))
    assert info.value.code == "E004" and "20,000,000 bytes" in str(info.value)
    assert time.perf_counter() - started < 1


def test_standard_input(monkeypatch):
    raw = ARTICLE.replace("\n", "\r\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    assert ingest.load("-").text == raw.decode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 11)))
    assert code_of(ingest.load, "-", Settings(max_bytes=10)) == "E004"


def test_html_file_goes_to_the_html_reader(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><article><p>The council voted on Monday to build the barrier, "
                    "ending a long dispute in the town.</p></article></body></html>")
    doc = ingest.load(str(path))
    assert doc.source_kind == "html" and "council voted" in doc.text


def test_unknown_content_type_is_E009():
    assert code_of(ingest.from_input, "text", content_type="pdf") == "E009"
