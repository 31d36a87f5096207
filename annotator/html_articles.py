"""Articles from HTML pages: the main text extracted with trafilatura, and the page's own metadata."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from annotator.articles import Article, _article
from annotator.errors import InputError
from annotator.page_charset import page_text
from annotator.pages import Page
from annotator.terminal_text import TERMINAL_CONTROL
from annotator.web_address import is_web_address

HTML_SUFFIXES = (".html", ".htm")
CHARACTER_REFERENCE = re.compile(rb"&#([xX][0-9A-Fa-f]{1,6}|[0-9]{1,7});?")
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
    document, language = _extract(raw, origin, page.content_type)
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


def _extract(raw: bytes, origin: str, content_type: str | None = None):
    """trafilatura's document for the bytes (in the server's charset, else the page's own) and the `<html lang>` tag."""
    import trafilatura
    from trafilatura.utils import load_html

    text = page_text(raw, content_type)  # a UTF-16 page (with its byte order mark) is text, though it holds NUL bytes
    if isinstance(text, bytes) and b"\x00" in raw[:8192] and not raw.lstrip().startswith(b"<"):
        raise InputError("is a binary file, not an HTML page", origin)
    tree = load_html(text)
    if tree is None:
        return None, None
    language = (tree.get("lang") or "").strip()
    document = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False)
    if document is None or not (document.text or "").strip():
        _refuse_control_in_text(tree, raw, origin)
    return document, language if LANGUAGE_TAG.match(language) else None


def _refuse_control_in_text(tree, raw: bytes, origin: str) -> None:
    """Name a terminal control character (`&#27;` in the page) when it is what stopped the extraction.

    trafilatura gives up on a paragraph holding one (XML cannot carry it) and the page read as empty; the page is
    tried once more without them, and if that yields text the character is the reason, with the line it is on.
    """
    import trafilatura

    found = None
    for element in tree.iter():
        if element.tag in ("script", "style") or not isinstance(element.tag, str):
            continue
        for attribute in ("text", "tail"):
            value = getattr(element, attribute)
            if value and TERMINAL_CONTROL.search(value):
                found = found or (element, TERMINAL_CONTROL.search(value).group())
                setattr(element, attribute, TERMINAL_CONTROL.sub("", value))
    if found is None:
        return
    document = trafilatura.bare_extraction(tree, with_metadata=False, include_comments=False)
    if document is None or not (document.text or "").strip():
        return
    element, character = found
    written = _reference_on_line(raw, element.sourceline, ord(character))
    raise InputError(f"the page's text holds a terminal control character (U+{ord(character):04X}"
                     f"{f', written {written}' if written else ''}), which would drive the terminal it is shown in; remove it",
                     origin, element.sourceline)


def _reference_on_line(raw: bytes, line: int | None, code: int) -> str | None:
    """The character reference (`&#27;`, `&#x1B;`) for `code` as the page writes it on that line, if it is there."""
    if not line:
        return None
    lines = raw.split(b"\n")
    for found in CHARACTER_REFERENCE.finditer(lines[line - 1] if line <= len(lines) else b""):
        digits = found.group(1)
        value = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
        if value == code:
            return found.group().decode("ascii")
    return None
