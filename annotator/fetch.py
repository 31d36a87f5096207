"""Fetching a web page to ingest: http(s) only, with a timeout and a size cap; the page is kept as fetched."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from annotator import __version__
from annotator.articles import Article
from annotator.errors import InputError
from annotator.html_articles import article_from_html, extractor_name
from annotator.names import not_utf8_problem
from annotator.pages import Page

TIMEOUT_SECONDS = 30.0  # for the whole fetch, not per read: a server dripping bytes is cut off too
MAX_PAGE_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
CHUNK_BYTES = 64 * 1024
SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_SLUG = 80


def read_url_article(url: str) -> Article:
    """Fetch a page and extract its article; the source id comes from the URL, so a re-fetch is the same source."""
    page = fetch_page(url)
    metadata = {"retrieved": page.retrieved_at}
    return article_from_html(page.raw, page, default_id=url_source_id(url), origin=url, metadata=metadata)


def url_source_id(url: str) -> str:
    """A readable, stable id from a URL: host and path as a slug, with a short digest when it is cut or has a query."""
    parts = urllib.parse.urlsplit(url)
    slug = SLUG_UNSAFE.sub("-", f"{parts.hostname or ''}{parts.path}").strip("-.") or "page"
    if parts.query or len(slug) > MAX_SLUG:
        slug = f"{slug[: MAX_SLUG - 9]}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"
    return slug


def fetch_page(url: str) -> Page:
    """The page's bytes with its content type, final URL and retrieval time, or one sentence naming the URL."""
    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https") or not urllib.parse.urlsplit(url).hostname:
        raise InputError("is not an http or https URL with a host name", url)
    if not_utf8_problem(url):
        raise InputError(f"{not_utf8_problem(url)}; give the URL as UTF-8 text", url)
    timeout = TIMEOUT_SECONDS
    try:
        raw, content_type, final_url = _within(timeout, lambda: _fetch(url, timeout))
    except InputError as error:  # raised while redirecting: name the URL the user gave
        raise InputError(error.message, url) from None
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            raise InputError(f"could not be fetched: it redirects more than {MAX_REDIRECTS} times (or in a loop)", url) from None
        raise InputError(f"could not be fetched: the server answered {error.code} {error.reason}", url) from None
    except urllib.error.URLError as error:
        raise InputError(_network_problem(error.reason, timeout), url) from None
    except (TimeoutError, OSError, http.client.HTTPException) as error:
        raise InputError(_network_problem(error, timeout), url) from None
    retrieved = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return Page(raw, extractor_name(), content_type or None, url, final_url, retrieved)


def _fetch(url: str, timeout: float) -> tuple[bytes, str, str]:
    """The page's bytes, content type and final URL, each check on the way raising InputError."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(_ascii_url(url), headers={"User-Agent": f"annotator/{__version__}", "Accept": "text/html,*/*;q=0.5"})
    with _opener().open(request, timeout=timeout) as response:
        content_type = response.headers.get("Content-Type", "")
        _require_html(content_type, url)
        length = response.headers.get("Content-Length")
        _require_small(length, url)
        raw = _read_body(response, deadline, url)
        if length and length.isdigit() and len(raw) < int(length) and not response.headers.get("Content-Encoding"):
            raise InputError(f"could not be fetched whole: the connection closed after {len(raw):,} of the "
                             f"{int(length):,} bytes the server announced; nothing was stored, try again", url)
        return _decoded_body(raw, response.headers.get("Content-Encoding", ""), url), content_type, response.geturl()


def _within(timeout: float, fetch) -> tuple[bytes, str, str]:
    """`fetch()` in a thread of its own, given up after `timeout` seconds in all (headers dripped one by one included).

    A socket's timeout is per read, so a server sending one header line every few seconds was never cut off.
    The thread is a daemon: a server that never answers cannot keep the command from ending.
    """
    outcome: list = []

    def run() -> None:
        try:
            outcome.append((True, fetch()))
        except BaseException as error:  # handed to the caller's thread as it is
            outcome.append((False, error))

    worker = threading.Thread(target=run, name="fetch", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise TimeoutError
    done, value = outcome[0]
    if not done:
        raise value
    return value


def _ascii_url(url: str) -> str:
    """The URL as a request line can carry it: letters beyond ASCII, spaces and controls percent-encoded as UTF-8.

    A URL pasted from a browser's address bar (`/wiki/Köln`) is text; http.client sends only ASCII.
    Escapes already there are kept, so an encoded URL is sent unchanged.
    """
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.quote(parts.path, safe="/%:@!$&'()*+,;=~")
    query = urllib.parse.quote(parts.query, safe="/?%:@!$&'()*+,;=~")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def _opener() -> urllib.request.OpenerDirector:
    """An opener that follows a few redirects, and only to http or https."""
    return urllib.request.build_opener(_SafeRedirects())


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow at most MAX_REDIRECTS redirects, never to a scheme other than http or https."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):
        # urllib answers a redirect to file:// itself, as an HTTPError that reads like a redirect loop
        location = headers.get("location") or headers.get("uri")
        if location:
            _require_web_redirect(urllib.parse.urljoin(req.full_url, location), req.full_url)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _require_web_redirect(newurl, req.full_url)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _require_web_redirect(new_url: str, url: str) -> None:
    """Refuse a redirect to anything but http or https, naming where it pointed."""
    if urllib.parse.urlsplit(new_url).scheme.lower() not in ("http", "https"):
        raise InputError(f"could not be fetched: it redirects to {new_url}, which is not http or https", url)


def _require_html(content_type: str, url: str) -> None:
    """Refuse anything but an HTML page: a PDF or an image has no text we can extract."""
    media = content_type.split(";")[0].strip().lower()
    if media and media not in HTML_TYPES:
        raise InputError(f"is {media}, not an HTML page; only web pages can be fetched", url)


def _require_small(length: str | None, url: str) -> None:
    """Refuse a page the server says is over the cap before reading any of it."""
    if length and length.isdigit() and int(length) > MAX_PAGE_BYTES:
        raise InputError(f"is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB, too large for a web page", url)


def _read_body(response, deadline: float, url: str) -> bytes:
    """Read the body in chunks, stopping at the size cap or the deadline."""
    chunks, size = [], 0
    while chunk := response.read(CHUNK_BYTES):
        size += len(chunk)
        if size > MAX_PAGE_BYTES:
            raise InputError(f"is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB, too large for a web page", url)
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def _decoded_body(raw: bytes, encoding: str, url: str) -> bytes:
    """The body without its content coding: gzip and deflate undone (capped, against a bomb), anything else refused.

    We ask for none, yet a misconfigured server may compress anyway; a browser reads such a page, so we do too.
    """
    import zlib

    codings = [coding.strip().lower() for coding in encoding.split(",") if coding.strip() and coding.strip().lower() != "identity"]
    for coding in reversed(codings):
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise InputError(f"could not be read: the server sent it compressed as {coding!r}, which we do not undo", url)
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 32 if coding != "deflate" else zlib.MAX_WBITS)
        try:
            body = inflater.decompress(raw, MAX_PAGE_BYTES + 1)
        except zlib.error:
            try:  # "deflate" is often sent raw, without the zlib header
                body = zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, MAX_PAGE_BYTES + 1)
            except zlib.error:
                raise InputError(f"could not be read: the server said it was {coding}, but it does not decompress", url) from None
        if len(body) > MAX_PAGE_BYTES:
            raise InputError(f"is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB once decompressed, too large for a web page", url)
        raw = body
    return raw


def _network_problem(reason, timeout: float) -> str:
    """The sentence for a network failure: a timeout, a refused connection, an unknown host, a broken reply."""
    if isinstance(reason, TimeoutError):
        return f"could not be fetched: no complete answer within {timeout:g} s"
    detail = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return f"could not be fetched ({detail})"
