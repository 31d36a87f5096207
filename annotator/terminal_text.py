"""Terminal control characters in data: refused where text enters, made visible where it is printed.

An escape sequence inside an article (`ESC ] 0 ; … BEL`, `ESC [ 2 J`, OSC 52) would retitle, clear or
write to the clipboard of the analyst's terminal when shown. News text never needs them, so ingest
and import refuse them (one sentence naming the place); output made from older data shows each as a
visible stand-in of the same length, so offsets into the shown text still hold.
"""

from __future__ import annotations

import json
import re

# C0 controls except tab, line feed, vertical tab, form feed and carriage return; DEL; the C1 block (U+009B is CSI).
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BREAKS = {code: chr(0x2400 + code) for code in (0x09, 0x0A, 0x0B, 0x0C, 0x0D)} | {0x2028: "\u2424", 0x2029: "\u2424", 0x85: "\u2424"}
# Bidi embeddings, overrides and isolates: shown raw, U+202E makes "txt.exe" of "exe.txt" and runs on into later columns.
BIDI_CONTROL = "\u202a-\u202e\u2066-\u2069"
_VISIBLE = ({code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"} | {code: "\ufffd" for code in range(0x80, 0xA0)}
            | {code: "\ufffd" for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]})


def control_problem(text: str) -> tuple[int, str] | None:
    """The line (1-based) and a description of the first terminal control character in `text`, or None."""
    found = TERMINAL_CONTROL.search(text)
    if found is None:
        return None
    code = ord(found.group())
    return text.count("\n", 0, found.start()) + 1, f"a terminal control character (U+{code:04X})"


_JSON_HIDDEN = re.compile(f"[\x7f-\x9f{BIDI_CONTROL}]")


def json_text(value, **options) -> str:
    """`json.dumps(value, **options)` with DEL, C1 and bidi controls escaped as `\\uXXXX`: the same JSON, safe to print.

    json escapes C0 controls itself; U+009B (CSI) and U+202E would reach the terminal raw from an older database.
    """
    return json_escaped(json.dumps(value, **options))


def json_escaped(text: str) -> str:
    """JSON text with raw DEL, C1 and bidi controls written `\\uXXXX`: the same values, nothing a terminal or editor obeys.

    Those characters can only stand inside JSON strings, so the replacement never touches the structure.
    """
    return _JSON_HIDDEN.sub(lambda found: f"\\u{ord(found.group()):04x}", text) if _JSON_HIDDEN.search(text) else text


_IN_TEXT_FILES = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x9f{BIDI_CONTROL}]")
_IN_TEXT_VISIBLE = {code: shown for code, shown in _VISIBLE.items() if code not in range(0x09, 0x0E)}


def readable(text: str) -> str:
    """`text` for a plain-text file people read (CSV, brat): controls and bidi overrides as same-length stand-ins, line breaks and tabs kept."""
    return text.translate(_IN_TEXT_VISIBLE) if _IN_TEXT_FILES.search(text) else text


# What printable replaces: every control but tab and line feed (a carriage return only where no line feed follows it:
# alone it sends the cursor back to overwrite the line), and the bidi controls.
_NOT_PRINTABLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROL}]|\r(?!\n)")


def printable(text: str) -> str:
    """`text` with every terminal control and bidi override replaced by a visible stand-in of the same length.

    Tabs and line breaks (`\\n`, `\\r\\n`) stay as they are, whatever else the text holds (`one_line` shows those as stand-ins too).
    """
    return _NOT_PRINTABLE.sub(_stand_in, text) if _NOT_PRINTABLE.search(text) else text


def needs_printing(text: str) -> bool:
    """Whether `printable` would change `text`: it holds a control (other than tab and line break) or a bidi override."""
    return _NOT_PRINTABLE.search(text) is not None


def _stand_in(found: re.Match) -> str:
    return _VISIBLE[ord(found.group())]


def one_line(text: str) -> str:
    """`text` made printable and kept on one line: line breaks and tabs from data shown as their visible stand-ins."""
    return printable(text).translate(_BREAKS)


MAX_MESSAGE = 800


def shortened(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` cut in the middle when longer than `limit`: an error quoting a megabyte value from a file stays readable.

    The head names the file and place; the tail says what is wrong; only the quoted value between is lost.
    """
    if len(text) <= limit:
        return text
    tail = limit // 3
    return f"{text[: limit - tail - 3]} … {text[-tail:]}"
