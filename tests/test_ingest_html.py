"""HTML ingestion: trafilatura's main text and metadata; broken markup never crashes."""
import codecs

import pytest

from sayso import ingest
from sayso.errors import SaysoError
from sayso.ingest import html
from sayso.settings import Settings

PARA1 = "The transport minister, Clara Voss, signed the lease months before the public consultation began."
PARA2 = '"The lease was signed after every hearing had closed," Voss told reporters outside parliament.'
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Minister signed lease early | The Daily Meridian</title>
<meta name="author" content="Jane Roe">
<meta property="og:site_name" content="The Daily Meridian">
<meta property="article:published_time" content="2026-03-14T09:30:00+01:00">
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Minister signed lease early</h1>
<p>{PARA1}</p>
<p>{PARA2}</p>
<p>Officials who spoke on condition of anonymity said the ministry had ignored two safety reviews.</p>
</article>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Reader42: This is an outrage and somebody should resign over this whole affair!</p></div>
</section>
<footer>Copyright 2026 The Daily Meridian. Contact us.</footer>
</body></html>"""


def test_main_text_and_metadata():
    doc = html.from_html(PAGE.encode("utf-8"), url="https://meridian.example/story")
    assert doc.source_kind == "html"
    assert PARA1 in doc.text and PARA2 in doc.text
    assert f"{PARA1}\n{PARA2}" in doc.text  # paragraphs kept apart by a newline
    for left_out in ("Reader42", "Home", "Sport", "Contact us"):
        assert left_out not in doc.text
    assert doc.title == "Minister signed lease early"
    assert doc.author == "Jane Roe"
    assert doc.published == "2026-03-14"
    assert doc.site == "The Daily Meridian"
    assert doc.url == "https://meridian.example/story"
    assert doc.boilerplate == []  # trafilatura already left it out


def test_str_and_bytes_agree():
    assert html.from_html(PAGE).text == html.from_html(PAGE.encode("utf-8")).text


def test_sniffed_from_input():
    doc = ingest.from_input(PAGE.encode("utf-8"))
    assert doc.source_kind == "html" and PARA1 in doc.text
    assert ingest.sniff_html(codecs.BOM_UTF8 + b"  <!-- hi -->\n<html>")
    assert ingest.sniff_html(codecs.BOM_UTF16_LE + "<!doctype html>".encode("utf-16-le"))
    assert not ingest.sniff_html(b"The <p> tag is a paragraph.")


# --- encodings -----------------------------------------------------------------------------

def _latin1_page(meta: str) -> bytes:
    return (f"<html><head>{meta}<title>Caf\u00e9</title></head><body><article>"
            f"<p>The caf\u00e9 owner, Ren\u00e9e M\u00fcller, said the cr\u00e8me br\u00fbl\u00e9e "
            f"was \u201cthe best in town\u201d and that prices would not rise this year.</p>"
            f"</article></body></html>").encode("cp1252")


@pytest.mark.parametrize("meta, charset", [
    ('<meta charset="iso-8859-1">', None),  # latin-1 labels mean Windows-1252, as in browsers
    ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', None),
    ("", "ISO-8859-1"),  # the HTTP header's charset
    ('<meta charset="utf-8">', "windows-1252"),  # the header wins over the page
    ("", None),  # nothing declared, not UTF-8: Windows-1252
])
def test_declared_charset_is_honoured(meta, charset):
    doc = html.from_html(_latin1_page(meta), charset=charset)
    assert "Ren\u00e9e M\u00fcller" in doc.text and "\u201cthe best in town\u201d" in doc.text


def test_bom_and_utf16():
    page = PAGE.replace('<meta charset="utf-8">', "")
    assert PARA1 in html.from_html(codecs.BOM_UTF8 + page.encode("utf-8")).text
    assert PARA1 in html.from_html(codecs.BOM_UTF16_LE + page.encode("utf-16-le")).text


def test_meta_charset_lying_about_utf16_is_ignored():
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="utf-16">')
    assert PARA1 in html.from_html(page.encode("utf-8")).text


def test_named_encoding_is_strict():
    with pytest.raises(SaysoError) as info:
        html.from_html("<p>caf\u00e9</p>".encode("utf-8"), settings=Settings(encoding="ascii"))
    assert info.value.code == "E003"
    with pytest.raises(SaysoError) as info:
        html.from_html(b"<p>x</p>", settings=Settings(encoding="nope"))
    assert info.value.code == "E007"


# --- broken, empty and hostile markup -----------------------------------------------------

@pytest.mark.parametrize("markup", [
    "<html><body><p>unclosed <div>",
    "<html><body><p>" + PARA1 + "<div><span><b><i>",
    "</p></div></body></html>",
    "<<<>>>",
    "<html>",
    "<html><head><title>Only a title here</title></head><body></body></html>",
    "<html><body><script>var a = '<p>not text</p>';</script></body></html>",
    "<html><!-- <p>" + PARA1 + "</p> --><body></body></html>",
    "<html><body><p class='x>" + PARA1 + "</body></html>",
    "<div>" * 5000 + PARA1 + "</div>" * 5000,
    "<?xml version='1.0' encoding='latin-1'?><html><body><p>" + PARA1 + "</p></body></html>",
    "<html><body><p>" + PARA1 + "</p>\ufffd\ud800</body></html>",
    "<!DOCTYPE html><html/><body><p>" + PARA1 + "</p></body>",
])
def test_broken_html_gives_text_or_E008(markup):
    for data in (markup, markup.encode("utf-8", "surrogatepass")):
        try:
            doc = html.from_html(data)
        except SaysoError as err:
            assert err.code in ("E008", "E003")
        else:
            assert doc.text.strip()


def test_no_text_is_E008():
    with pytest.raises(SaysoError) as info:
        html.from_html("<html><body><script>x()</script></body></html>", what="page.html")
    assert info.value.code == "E008" and "page.html" in str(info.value)


@pytest.mark.parametrize("data", [b"", b"   \n", ""])
def test_empty_is_E001(data):
    with pytest.raises(SaysoError) as info:
        html.from_html(data)
    assert info.value.code == "E001"


def test_binary_is_E002():
    with pytest.raises(SaysoError) as info:
        html.from_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert info.value.code == "E002"


def test_bare_fragment_is_read():
    doc = html.from_html(f"<p>{PARA1}</p>")
    assert doc.text == PARA1


def test_size_limit():
    with pytest.raises(SaysoError) as info:
        html.from_html(PAGE, settings=Settings(max_bytes=100))
    assert info.value.code == "E004"


def test_meta_charset_prescan():
    assert html.meta_charset(b'<meta charset="ISO-8859-1">') == "ISO-8859-1"
    assert html.meta_charset(b"<meta http-equiv='content-type' content='text/html; charset=koi8-r'>") == "koi8-r"
    assert html.meta_charset(b"<?xml version='1.0' encoding='windows-1252'?>") == "windows-1252"
    assert html.meta_charset(b"<p>no charset here</p>") is None
