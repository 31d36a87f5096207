"""The text of a web page's bytes, decoded as a browser would (the WHATWG Encoding Standard's labels).

A page declared ISO-8859-1 (by the server's Content-Type or by its own `<meta charset>`) very often carries
Windows-1252 punctuation: curly quotes, dashes and the ellipsis in bytes 0x80–0x9F. Decoded as ISO-8859-1 those bytes
are C1 control characters and the quotes vanish; every browser decodes the page as Windows-1252 instead, because the
standard maps the ISO-8859-1 and US-ASCII labels to it. We do the same.
"""

from __future__ import annotations

import codecs
import re

HEADER_CHARSET = re.compile(r"charset=[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
# The prescan looks at the first 1024 bytes for <meta charset=...> or <meta http-equiv ... content="...charset=...">.
PRESCAN_BYTES = 1024
META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
# Every label the Encoding Standard gives windows-1252 (https://encoding.spec.whatwg.org/#names-and-labels).
WINDOWS_1252_LABELS = frozenset({
    "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1",
    "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252",
})
# The five bytes Python's cp1252 leaves undefined; the standard maps each to the C1 code point of the same number.
# Python codecs no browser applies to a page (the Encoding Standard has no label for them).
NOT_WEB_CODECS = frozenset({"utf-7", "punycode", "idna", "raw-unicode-escape", "unicode-escape", "rot-13", "mbcs", "oem"})
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
_BOM_CODECS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def header_charset(content_type: str | None) -> str | None:
    """The charset an HTTP Content-Type names, if any (it outranks what the page says of itself)."""
    match = HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def page_text(raw: bytes, content_type: str | None) -> bytes | str:
    """The page as text where we know its encoding; else the bytes, for the extractor to detect.

    A byte order mark decides first; then the server's charset; then a `<meta>` one that is
    a Windows-1252 label (other page-declared charsets the extractor honours itself).
    """
    for bom, codec in _BOM_CODECS:  # a byte order mark outranks every declaration, as in browsers
        if raw.startswith(bom):
            return raw[len(bom):].decode(codec, errors="replace")
    charset = header_charset(content_type)
    if charset is None:
        found = META_CHARSET.search(raw[:PRESCAN_BYTES])
        charset = found.group(1).decode("ascii") if found else None
        if charset is None or charset.lower() not in WINDOWS_1252_LABELS:
            return raw
    if charset.lower() in WINDOWS_1252_LABELS:
        return windows_1252(raw)
    try:
        codec = codecs.lookup(charset)
        if codec.name in NOT_WEB_CODECS or not getattr(codec, "_is_text_encoding", True):
            return raw  # browsers never decode a page so: UTF-7 would turn `+ADw-p+AD4-` into a paragraph nobody sees
        return raw.decode(codec.name)
    except (LookupError, ValueError):  # an unknown codec, bytes it refuses, or one (punycode) that fails otherwise
        return raw


def windows_1252(raw: bytes) -> str:
    """`raw` decoded as the Encoding Standard's windows-1252: Python's cp1252, its five holes as the C1 code points."""
    return raw.decode("cp1252", errors="annotator-whatwg-1252")


def _whatwg_holes(error: UnicodeDecodeError) -> tuple[str, int]:
    """The codec error handler: an undefined byte becomes the code point of the same value (all five are holes)."""
    chunk = error.object[error.start : error.end]
    if all(byte in _CP1252_UNDEFINED for byte in chunk):
        return "".join(map(chr, chunk)), error.end
    raise error


codecs.register_error("annotator-whatwg-1252", _whatwg_holes)
