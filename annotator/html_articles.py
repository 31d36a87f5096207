"""Articles from HTML pages: the main text extracted with trafilatura, and the page's own metadata."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from annotator.articles import Article, _article
from annotator.errors import InputError
from annotator.pages import Page
from annotator.web_address import is_web_address

HTML_SUFFIXES = (".html", ".htm")
CHARSET = re.compile(r"charset=[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$")


def extractor_name() -> str:
    """The extractor and its version, kept with every page so a re-extraction can say what changed."""
    import trafilatura

    return f"trafilatura {trafilatura.__version__}"


def read_html_article(path: Path) -> Article:
    """A saved web page: its main text, title, author, date, site name and canonical URL."""
    if not path.is_file():
        raise InputError("is not a regular file (a pipe, socket or device); save the page to a file", path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path) from None
    return article_from_html(raw, Page(raw, extractor_name(), "text/html"), default_id=path.stem, origin=str(path),
                             file=path)


def article_from_html(raw: bytes, page: Page, default_id: str, origin: str, metadata: dict | None = None,
                      file: Path | None = None) -> Article:
    """Extract an article from page bytes; `metadata` (say, the retrieval time) fills what the page does not say."""
    document, language = _extract(raw, origin, _declared_charset(page.content_type))
    text = (document.text or "").strip() if document is not None else ""
    if not text:
        raise InputError("holds no article text that could be extracted (an empty page, or one built by scripts)", origin)
    found = {
        "title": document.title,
        "outlet": document.sitename,
        "url": document.url if is_web_address(document.url) else None,  # a page's `javascript:` canonical is not its address
        "published": document.date,
        "language": language,
        "author": document.author,
    }
    merged = {**(metadata or {}), **{key: value for key, value in found.items() if value}}
    if not merged.get("url") and page.final_url:
        merged["url"] = page.final_url
    return replace(_article(merged, text, default_id=default_id, origin=origin, file=file), page=page)


def _declared_charset(content_type: str | None) -> str | None:
    """The charset an HTTP Content-Type names, if any (it outranks what the page says of itself)."""
    match = CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _extract(raw: bytes, origin: str, charset: str | None = None):
    """trafilatura's document for the bytes (in the server's charset, else the page's own) and the `<html lang>` tag."""
    import trafilatura
    from trafilatura.utils import load_html

    if b"\x00" in raw[:8192] and not raw.lstrip().startswith(b"<"):
        raise InputError("is a binary file, not an HTML page", origin)
    tree = load_html(_decoded(raw, charset))
    if tree is None:
        return None, None
    language = (tree.get("lang") or "").strip()
    document = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False)
    return document, language if LANGUAGE_TAG.match(language) else None


def _decoded(raw: bytes, charset: str | None) -> bytes | str:
    """The page as text when the server named a charset that decodes it; else the bytes, for trafilatura to read."""
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, ValueError):  # an unknown codec, bytes it refuses, or one (punycode) that fails otherwise
            pass
    return raw
