"""URL ingest against a real HTTP server on 127.0.0.1 that each test starts and stops."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from web_pages import BODY, news_page

from annotator import fetch
from annotator.errors import InputError
from annotator.fetch import read_url_article, url_source_id
from annotator.pages import stored_page
from annotator.store import Store

STORY = news_page(canonical=None).encode("utf-8")
LATIN = news_page(title="Café opens", charset="x-unknown").encode("latin-1")
RELEASE = threading.Event()  # set on teardown so a slow handler does not outlive its test


class Pages(BaseHTTPRequestHandler):
    """The routes the tests fetch: a story, redirects, errors, the wrong kind of content, slow and big answers."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        route = ROUTES.get(self.path)
        if route is None:
            return self._answer(404, "text/html", b"<html><body>Not found</body></html>")
        route(self)

    def _answer(self, status: int, content_type: str, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        """Quiet: the test output is for failures."""


def slow(handler: Pages) -> None:
    """Answer only after the client has given up."""
    RELEASE.wait(5)
    handler._answer(200, "text/html", STORY)


def drip(handler: Pages) -> None:
    """Send the headers, then the body a few bytes at a time, each inside the per-read timeout."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    for _ in range(40):
        if RELEASE.wait(0.1):
            return
        handler.wfile.write(b"<p>x</p>")
        handler.wfile.flush()


ROUTES = {
    "/story": lambda h: h._answer(200, "text/html; charset=utf-8", STORY),
    "/moved": lambda h: h._answer(302, "text/html", b"", {"Location": "/story"}),
    "/loop": lambda h: h._answer(302, "text/html", b"", {"Location": "/loop"}),
    "/to-ftp": lambda h: h._answer(302, "text/html", b"", {"Location": "ftp://127.0.0.1/story"}),
    "/to-file": lambda h: h._answer(302, "text/html", b"", {"Location": "file:///etc/passwd"}),
    "/punycode": lambda h: h._answer(200, "text/html; charset=punycode", STORY),
    "/news/K%C3%B6ln%20heute?q=%C3%A9t%C3%A9": lambda h: h._answer(200, "text/html", STORY),
    "/paper.pdf": lambda h: h._answer(200, "application/pdf", b"%PDF-1.4 not a page"),
    "/latin": lambda h: h._answer(200, "text/html; charset=iso-8859-1", LATIN),
    "/big": lambda h: h._answer(200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
    "/slow": slow,
    "/drip": drip,
    "/broken": lambda h: h._answer(500, "text/html", b"oops"),
}


@pytest.fixture
def server():
    """A threaded HTTP server on a free port of 127.0.0.1; its base URL."""
    RELEASE.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    RELEASE.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_a_fetched_page_is_stored_with_its_url_retrieval_time_and_html(run_cli, server, db_path):
    url = f"{server}/story"
    result = run_cli("ingest", url)
    assert result.exit_code == 0, result.stderr
    source_id = url_source_id(url)
    with Store(db_path) as store:
        source = store.source(source_id)
        assert source["url"] == url and source["outlet"] == "Daily Planet"
        assert source["retrieved"].endswith("Z") and source["retrieved"][:2] == "20"
        assert BODY[0] in source["text"]
        page = stored_page(store.db.conn, source_id)
    assert page.raw == STORY
    assert (page.requested_url, page.final_url, page.retrieved_at) == (url, url, source["retrieved"])
    assert page.content_type == "text/html; charset=utf-8"


def test_a_redirect_is_followed_and_the_final_url_kept(server):
    article = read_url_article(f"{server}/moved")
    assert article.id == url_source_id(f"{server}/moved")
    assert article.page.requested_url == f"{server}/moved"
    assert article.page.final_url == article.url == f"{server}/story"


def test_the_servers_charset_is_honoured(server):
    assert "Café opens" in read_url_article(f"{server}/latin").text


@pytest.mark.parametrize("path, words", [
    ("/missing", "the server answered 404 Not Found"),
    ("/broken", "the server answered 500"),
    ("/paper.pdf", "is application/pdf, not an HTML page"),
    ("/loop", "redirects more than 5 times"),
    ("/to-ftp", "redirects to ftp://127.0.0.1/story, which is not http or https"),
    ("/to-file", "redirects to file:///etc/passwd, which is not http or https"),
])
def test_a_failed_fetch_is_one_sentence_naming_the_url(run_cli, server, db_path, path, words):
    url = f"{server}{path}"
    result = run_cli("ingest", url)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"annotator: {url}: ") and words in lines[0], lines
    assert not db_path.exists()


def test_a_charset_whose_codec_fails_another_way_falls_back_to_the_page(server):
    # punycode is a codec Python knows, but its decode raises UnicodeError, not UnicodeDecodeError
    assert BODY[0] in read_url_article(f"{server}/punycode").text


def test_a_url_with_letters_beyond_ascii_is_fetched_percent_encoded(run_cli, server, db_path):
    url = f"{server}/news/Köln heute?q=été"  # as pasted from a browser's address bar
    result = run_cli("ingest", url)
    assert result.exit_code == 0, result.stderr
    with Store(db_path) as store:
        assert BODY[0] in store.source(url_source_id(url))["text"]


def test_a_url_holding_a_byte_that_is_not_utf8_is_one_sentence(run_cli, server, db_path):
    result = run_cli("ingest", f"{server}/story\udcff")  # $'\xff' from a shell
    assert result.exit_code == 2 and "holds the byte 0xff, which is not UTF-8 text" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and not db_path.exists()


def test_a_slow_server_times_out(server, monkeypatch):
    monkeypatch.setattr(fetch, "TIMEOUT_SECONDS", 0.3)
    with pytest.raises(InputError, match=r"no complete answer within 0.3 s") as caught:
        read_url_article(f"{server}/slow")
    assert caught.value.path == f"{server}/slow"


def test_a_dripping_server_is_cut_off_at_the_deadline(server, monkeypatch):
    monkeypatch.setattr(fetch, "TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(fetch, "CHUNK_BYTES", 8)
    with pytest.raises(InputError, match="no complete answer within 0.5 s"):
        read_url_article(f"{server}/drip")


def test_a_page_over_the_size_cap_is_refused(server, monkeypatch):
    monkeypatch.setattr(fetch, "MAX_PAGE_BYTES", 1000)
    with pytest.raises(InputError, match="larger than"):
        read_url_article(f"{server}/big")


def test_a_refused_connection_names_the_url(run_cli, server):
    closed = "http://127.0.0.1:9/story"  # the discard port: nothing listens there
    result = run_cli("ingest", closed)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"annotator: {closed}: could not be fetched (")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a.html", "http://"])
def test_only_http_and_https_urls_with_a_host_are_fetched(url):
    with pytest.raises(InputError, match="not an http or https URL"):
        fetch.fetch_page(url)


def test_source_ids_from_urls_are_stable_and_safe():
    assert url_source_id("https://www.example.com/news/2024/ship-seized.html") == "www.example.com-news-2024-ship-seized.html"
    with_query = url_source_id("https://example.com/story?id=7")
    assert with_query.startswith("example.com-story-") and with_query != url_source_id("https://example.com/story?id=8")
    assert len(url_source_id("https://example.com/" + "a" * 500)) == 80
