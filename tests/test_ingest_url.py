"""Fetching URLs, against a local server on 127.0.0.1 only (never the internet)."""
import gzip
import http.server
import socket
import threading
import time

import pytest

from sayso import ingest
from sayso.errors import SaysoError
from sayso.ingest import url as url_mod
from sayso.settings import Settings

PARA = "The transport minister, Clara Voss, signed the lease months before the public consultation began."
PAGE = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Lease signed early</title></head>"
        f"<body><article><h1>Lease signed early</h1><p>{PARA}</p>"
        f"<p>\u201cThe lease was signed after every hearing had closed,\u201d Voss said.</p></article></body></html>")
LATIN_PAGE = (f"<html><body><article><p>The caf\u00e9 owner, Ren\u00e9e M\u00fcller, said prices would "
              f"not rise this year, whatever the council decides.</p></article></body></html>")
ARTICLE = "Lease signed early\r\n\r\nThe minister signed the lease, the paper reported.\r\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


class Handler(http.server.BaseHTTPRequestHandler):
    """Routes by path; see ``ROUTES``."""

    def log_message(self, *args):  # keep test output clean
        pass

    def send(self, status=200, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if not any(name == "Content-Length" for name, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:  # the client stopped reading: expected for the size tests
            pass

    def do_GET(self):
        path = self.path
        if path.startswith("/redirect/"):  # /redirect/3 → /redirect/2 → … → /page
            n = int(path.rsplit("/", 1)[1])
            return self.send(302, headers=[("Location", f"/redirect/{n - 1}" if n > 1 else "/page")])
        route = ROUTES.get(path)
        if route is None:
            return self.send(404, b"not found", [("Content-Type", "text/plain")])
        route(self)


def _stream_forever(h):
    """No Content-Length: the size limit must stop the download while it streams."""
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.end_headers()
    try:
        for _ in range(100_000):
            h.wfile.write(b"x" * 65536)
    except OSError:
        pass


def _short_body(h):
    """Promises 1000 bytes, sends 10, hangs up."""
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.send_header("Content-Length", "1000")
    h.end_headers()
    h.wfile.write(b"ten bytes!")
    h.close_connection = True


def _slow_headers(h):
    time.sleep(3)
    h.send(200, b"late", [("Content-Type", "text/plain")])


def _slow_body(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.send_header("Content-Length", "1000")
    h.end_headers()
    h.wfile.write(b"first part")
    h.wfile.flush()
    time.sleep(3)


ROUTES = {
    "/page": lambda h: h.send(200, PAGE.encode("utf-8"), [("Content-Type", "text/html; charset=utf-8")]),
    "/latin": lambda h: h.send(200, LATIN_PAGE.encode("cp1252"), [("Content-Type", "text/html; charset=ISO-8859-1")]),
    "/text": lambda h: h.send(200, ARTICLE.encode("utf-8"), [("Content-Type", "text/plain; charset=utf-8")]),
    "/text-koi8": lambda h: h.send(200, "Кофе и чай.\n".encode("koi8-r"), [("Content-Type", "text/plain; charset=koi8-r")]),
    "/no-type": lambda h: h.send(200, PAGE.encode("utf-8")),
    "/no-type-text": lambda h: h.send(200, ARTICLE.encode("utf-8")),
    "/no-type-binary": lambda h: h.send(200, PNG),
    "/xhtml": lambda h: h.send(200, PAGE.encode("utf-8"), [("Content-Type", "application/xhtml+xml")]),
    "/relative": lambda h: h.send(301, headers=[("Location", "page")]),
    "/loop": lambda h: h.send(302, headers=[("Location", "/loop")]),
    "/to-ftp": lambda h: h.send(302, headers=[("Location", "ftp://127.0.0.1/file.txt")]),
    "/to-file": lambda h: h.send(307, headers=[("Location", "file:///etc/passwd")]),
    "/no-location": lambda h: h.send(302),
    "/gone": lambda h: h.send(410, b"gone", [("Content-Type", "text/plain")]),
    "/error": lambda h: h.send(500, b"oops", [("Content-Type", "text/html")]),
    "/big": lambda h: h.send(200, b"x" * 5000, [("Content-Type", "text/plain")]),
    "/stream": _stream_forever,
    "/slow": _slow_headers,
    "/short": _short_body,
    "/slow-body": _slow_body,
    "/image": lambda h: h.send(200, PNG, [("Content-Type", "image/png")]),
    "/pdf": lambda h: h.send(200, b"%PDF-1.7\n", [("Content-Type", "application/pdf")]),
    "/octet": lambda h: h.send(200, b"data", [("Content-Type", "application/octet-stream")]),
    "/json": lambda h: h.send(200, b"{}", [("Content-Type", "application/json")]),
    "/gzip": lambda h: h.send(200, gzip.compress(ARTICLE.encode()), [("Content-Type", "text/plain"), ("Content-Encoding", "gzip")]),
    "/gzip-bomb": lambda h: h.send(200, gzip.compress(b"x" * 200_000), [("Content-Type", "text/plain"), ("Content-Encoding", "gzip")]),
    "/empty": lambda h: h.send(200, b"", [("Content-Type", "text/plain")]),
    "/user-agent": lambda h: h.send(200, h.headers["User-Agent"].encode(), [("Content-Type", "text/plain")]),
    "/caf%C3%A9": lambda h: h.send(200, b"accented path", [("Content-Type", "text/plain")]),
}


@pytest.fixture(scope="session")
def server():
    """A local HTTP server; yields its base URL, e.g. ``http://127.0.0.1:PORT``."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Talk to 127.0.0.1 directly even if the environment names a proxy."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def free_port():
    """A port with nothing listening on it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_error(url, **settings):
    with pytest.raises(SaysoError) as info:
        url_mod.fetch(url, Settings(**settings))
    return info.value


# --- success -----------------------------------------------------------------------------

def test_html_page(server):
    fetched = url_mod.fetch(f"{server}/page", Settings())
    assert (fetched.url, fetched.kind, fetched.content_type, fetched.charset) == (
        f"{server}/page", "html", "text/html", "utf-8")
    doc = ingest.load(f"{server}/page")
    assert doc.source_kind == "url" and doc.url == f"{server}/page"
    assert PARA in doc.text and "\u201cThe lease" in doc.text and doc.title == "Lease signed early"


def test_header_charset_reaches_the_html_reader(server):
    assert "Ren\u00e9e M\u00fcller" in ingest.load(f"{server}/latin").text


def test_plain_text_is_exact(server):
    doc = ingest.load(f"{server}/text")
    assert doc.text == ARTICLE and doc.source_kind == "url"
    assert ingest.load(f"{server}/text-koi8").text == "Кофе и чай.\n"


@pytest.mark.parametrize("path, kind", [("/no-type", "html"), ("/no-type-text", "text"), ("/xhtml", "html")])
def test_kind_is_sniffed_without_content_type(server, path, kind):
    fetched = url_mod.fetch(server + path, Settings())
    assert fetched.kind == kind


def test_content_type_setting_overrides_the_server(server):
    doc = ingest.load(f"{server}/page", Settings(content_type="text"))
    assert doc.text == PAGE  # read as plain text, markup and all


def test_redirects_are_followed(server):
    fetched = url_mod.fetch(f"{server}/redirect/3", Settings(max_redirects=3))
    assert fetched.url == f"{server}/page" and fetched.kind == "html"
    assert url_mod.fetch(f"{server}/relative", Settings()).url == f"{server}/page"


def test_gzip_body_is_inflated(server):
    assert url_mod.fetch(f"{server}/gzip", Settings()).body == ARTICLE.encode()


def test_user_agent_is_sent(server):
    body = url_mod.fetch(f"{server}/user-agent", Settings(user_agent="sayso-test/1")).body
    assert body == b"sayso-test/1"


def test_non_ascii_path_is_encoded(server):
    assert url_mod.fetch(f"{server}/caf\u00e9", Settings()).body == b"accented path"


def test_fragment_is_not_sent(server):
    assert url_mod.fetch(f"{server}/text#section-2", Settings()).body == ARTICLE.encode()


# --- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file.txt", "file:///etc/passwd", "gopher://x/", "HTTPX://x/"])
def test_unsupported_scheme_is_E020(url):
    assert fetch_error(url).code == "E020"
    with pytest.raises(SaysoError) as info:
        ingest.load(url)
    assert info.value.code == "E020"


@pytest.mark.parametrize("path", ["/to-ftp", "/to-file"])
def test_redirect_to_another_scheme_is_E020(server, path):
    assert fetch_error(server + path).code == "E020"


def test_connection_refused_is_E021():
    err = fetch_error(f"http://127.0.0.1:{free_port()}/")
    assert err.code == "E021" and "refused" in str(err).lower()


def test_unresolvable_host_is_E021(monkeypatch):
    def no_dns(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    err = fetch_error("http://news.example.invalid/story")
    assert err.code == "E021" and "could not be resolved" in str(err)


def test_truncated_body_is_E021(server):
    err = fetch_error(f"{server}/short")
    assert err.code == "E021" and "closed before the whole page arrived" in str(err)


@pytest.mark.parametrize("url", ["http://", "http:///path", "http://127.0.0.1:99999/", "http://127.0.0.1:port/"])
def test_malformed_url_is_E021(url):
    assert fetch_error(url).code == "E021"


@pytest.mark.parametrize("path", ["/slow", "/slow-body"])
def test_timeout_is_E022(server, path):
    started = time.perf_counter()
    err = fetch_error(server + path, timeout=0.3)
    assert err.code == "E022" and "0.3 s" in str(err)
    assert time.perf_counter() - started < 2.5


@pytest.mark.parametrize("path, limit", [("/redirect/3", 2), ("/loop", 5), ("/redirect/1", 0)])
def test_too_many_redirects_is_E023(server, path, limit):
    err = fetch_error(server + path, max_redirects=limit)
    assert err.code == "E023" and f"more than {limit}" in str(err)


@pytest.mark.parametrize("path, status", [("/missing", "404 Not Found"), ("/gone", "410 Gone"),
                                          ("/error", "500 Internal Server Error"), ("/no-location", "302 Found")])
def test_error_status_is_E024(server, path, status):
    err = fetch_error(server + path)
    assert err.code == "E024" and status in str(err)


@pytest.mark.parametrize("path", ["/big", "/stream", "/gzip-bomb"])
def test_too_large_is_E025(server, path):
    started = time.perf_counter()
    err = fetch_error(server + path, max_bytes=1000)
    assert err.code == "E025" and "1,000 bytes" in str(err)
    assert time.perf_counter() - started < 5  # /stream would be 6 GB: it stopped early


@pytest.mark.parametrize("path, content_type", [
    ("/image", "image/png"), ("/pdf", "application/pdf"), ("/octet", "application/octet-stream"),
    ("/json", "application/json"), ("/no-type-binary", "binary data"),
])
def test_not_text_is_E026(server, path, content_type):
    err = fetch_error(server + path)
    assert err.code == "E026" and content_type in str(err)


def test_empty_page_is_E001(server):
    with pytest.raises(SaysoError) as info:
        ingest.load(f"{server}/empty")
    assert info.value.code == "E001"
