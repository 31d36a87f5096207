"""Whether a candidate boundary ends a sentence: the corrections news text needs on top of sentencex."""

from __future__ import annotations

import re

# Abbreviations that never end a sentence in news copy: titles before a name, and the like.
TITLES = frozenset(
    """mr ms mrs messrs dr prof rev hon rep reps sen sens gov gen lt col maj capt cmdr
    adm sgt cpl pvt det insp supt amb atty pres sec st mt ft vs sr brig gens cmdt
    fr sgt msgr lt.gov""".split()
)
# Abbreviations that stay inside a sentence when a number follows: "Jan. 5", "No. 3".
BEFORE_NUMBER = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec no nos vol p pp art fig figs
    ch sec approx est""".split()
)
# Words that open a new sentence; after "U.S." or a name initial they mean a real boundary.
SENTENCE_OPENERS = frozenset(
    """the a an he she it they we i you this that these those there here but and or so
    yet in on at as if when while after before since according its his her their our
    my some many most one two three last still however meanwhile also then now what why
    how who where for with by from to other another no not all both each earlier later
    such despite although though during under over nor only even just more further
    instead today yesterday tomorrow`""".split()
)
TIME_FOLLOWERS = frozenset(
    """et edt est ct cdt cst pt pdt pst mt gmt utc bst cet local monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december""".split()
)
# Sentence-final marks of scripts written without spaces between sentences.
FULL_WIDTH_ENDS = frozenset("。！？｡．")
LIST_BULLETS = "•⁃‣◦▪*–-"
LIST_ITEM_REACH = 1000  # characters searched for the next item of a list run together on one line

LAST_TOKEN = re.compile(r"[\w.\-]+\.$")
INITIALISM = re.compile(r"(?:[A-Za-z]\.){2,}$")
SINGLE_INITIAL = re.compile(r"(?:^|[\s(\"“])[A-Z]\.$")
FIRST_WORD = re.compile(r"[\"'“‘(\[]*([A-Za-z]+)")
# A list marker at the start of an item: "1.", "2.)", "3)", "a.", "• 9.", "⁃10.".
LIST_MARKER = re.compile(rf"([{LIST_BULLETS}] ?)?(\d{{1,3}}|[a-z])(\.\)|\.|\))(?=\s)")
# A piece that is nothing but a list marker or an ellipsis: it belongs to the sentence after it.
ONLY_MARKER = re.compile(rf"\s*(?:(?:[{LIST_BULLETS}] ?)?(?:\d{{1,3}}|[a-z])(?:\.\)|\.|\))|\.(?: ?\.)+|…)\s*")
# "compounds. . . . The": the first dot ends the sentence, the spaced ellipsis opens the next.
PERIOD_THEN_ELLIPSIS = re.compile(r"(?<=\w)\.(?= \. \. \.$)")
SPACED_ELLIPSIS = re.compile(r"(?<=\s)\.(?: \.){2,3}$")
RUN_TOGETHER_LEFT = re.compile(r"(?:[a-z]{2,}|[\d%])\.$")
RUN_TOGETHER_RIGHT = re.compile(r"[A-Z][a-z]+(?![@\w]|\.[a-z])")


def either_case_trie(words: list[str]) -> str:
    """A regex matching any of `words` in either case, branching on one letter at a time (quick to rule out)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(groups.items()):
        letter = f"[{re.escape(first.lower())}{re.escape(first.upper())}]"
        longer = [rest for rest in rests if rest]
        if not longer:
            branches.append(letter)
        else:
            branches.append(f"{letter}(?:{either_case_trie(longer)})" + ("?" if "" in rests else ""))
    return "|".join(branches)


def is_false_break(text: str, start: int, left_end: int, right_start: int) -> bool:
    """Whether the boundary between text[start:left_end] and what starts at right_start is not a sentence end."""
    if left_end - start <= 8 and ONLY_MARKER.fullmatch(text, start, left_end):
        return True
    if left_end == right_start:
        return not _run_together(text, start, left_end)
    first_char = text[right_start]
    if first_char.islower():
        return True
    if text[left_end - 1] != ".":
        return False
    token = _last_token(text, start, left_end)
    if not token:
        return False
    core = token[:-1]
    if len(core) > 1 and core.isalpha():  # a plain word: only titles and number abbreviations matter
        bare = core.lower()
        return bare in TITLES or (first_char.isdigit() and bare in BEFORE_NUMBER)
    if len(token) <= 5 and (token[-2].isdigit() or len(token) == 2) and _continues_list(text, start, left_end, token):
        return True
    return _abbreviation_holds(text, start, left_end, right_start, token, first_char)


def _abbreviation_holds(text: str, start: int, left_end: int, right_start: int, token: str, first_char: str) -> bool:
    """Whether a token with inner dots, digits or one letter keeps the sentence going (titles, initials, a.m.)."""
    word = token.rstrip(".").rsplit(".", 1)[-1].rsplit("-", 1)[-1].lower()
    bare = token.rstrip(".").lower()
    if bare in TITLES or word in TITLES and "." not in token.rstrip("."):
        return True
    if first_char.isdigit():
        return bare in BEFORE_NUMBER or word in BEFORE_NUMBER
    first_word = _first_word(text[right_start : right_start + 40])
    if bare in ("a.m", "p.m"):
        return first_word in TIME_FOLLOWERS
    if token == "I." and _after_lowercase_word(text, start, left_end - 2):
        return False  # "you and I. Did": the pronoun, not a middle initial as in "Albert I. Jones"
    if INITIALISM.search(token) or SINGLE_INITIAL.search(text, max(start, left_end - 3), left_end):
        return bool(first_word) and first_word not in SENTENCE_OPENERS
    return False


def _run_together(text: str, start: int, left_end: int) -> bool:
    """Whether a boundary with no space at all is real: `world.Today`, `1,000.That`, or a full-width `。`."""
    if text[left_end - 1] in FULL_WIDTH_ENDS:
        return True
    if text[left_end - 1] != "." or not RUN_TOGETHER_RIGHT.match(text, left_end):
        return False
    low = max(start, left_end - 40)
    space = max(text.rfind(" ", low, left_end), text.rfind("\n", low, left_end))
    word = text[max(space + 1, left_end - 40) : left_end]
    return bool(RUN_TOGETHER_LEFT.search(word)) and "/" not in word and "@" not in word and "www" not in word


def _after_lowercase_word(text: str, start: int, end: int) -> bool:
    """Whether the word that ends at `end` (skipping spaces) starts with a lowercase letter."""
    before = text[max(start, end - 30) : end].rstrip()
    words = before.rsplit(None, 1)
    return bool(words) and words[-1][:1].islower()


def _continues_list(text: str, start: int, left_end: int, token: str) -> bool:
    """Whether `token` ("3.", "c.", "⁃10.") continues the list the sentence opens with, its previous item close before."""
    first = _skip_space(text, start)
    opening = LIST_MARKER.match(text, first)
    marker = LIST_MARKER.match(token + " ")
    if not opening or not marker or marker.group(3) != opening.group(3):
        return False
    value, close = marker.group(2), marker.group(3)
    if value == next_list_value(opening.group(2)):
        return True
    token_start = left_end - len(token)
    previous = text.rfind(
        f"{previous_list_value(value)}{close} ", max(first, token_start - LIST_ITEM_REACH), token_start
    )
    return previous > first and text[previous - 1] in LIST_BULLETS + " "


def next_list_value(value: str) -> str:
    """The value of the list item after `value`: "9" -> "10", "a" -> "b"."""
    if value.isdigit():
        return str(int(value) + 1)
    return chr(ord(value) + 1) if value != "z" else ""


def previous_list_value(value: str) -> str:
    """The value of the list item before `value`: "10" -> "9", "b" -> "a"."""
    if value.isdigit():
        return str(int(value) - 1)
    return chr(ord(value) - 1) if value != "a" else ""


def list_item_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets of the later items of a list run together on one line, for a sentence opening with a marker."""
    opening = LIST_MARKER.match(text, start, end)
    if not opening:
        return []
    bullet, value, close = opening.group(1) or "", opening.group(2), opening.group(3)
    starts, position = [], opening.end()
    while value := next_list_value(value):
        found = text.find(" " + bullet + value + close, position, min(end, position + LIST_ITEM_REACH))
        after = found + 1 + len(bullet) + len(value) + len(close)
        if found < 0 or after >= end or not text[after].isspace():
            break
        starts.append(found + 1)
        position = after
    return starts


def ellipsis_cut(text: str, start: int, left_end: int, first_char: str) -> int | None:
    """Where a boundary before `first_char` really falls when the left piece ends in a spaced ellipsis.

    `compounds. . . . The` ends after `compounds.` (the ellipsis opens the next sentence); `period . . . .
    Next` ends after the fourth dot; `is . . . I did` is one sentence (-1). None: not a spaced ellipsis.
    """
    low = max(start, left_end - 12)
    if not first_char.isupper():
        return None
    moved = PERIOD_THEN_ELLIPSIS.search(text, low, left_end)
    if moved:
        return moved.end()
    spaced = SPACED_ELLIPSIS.search(text, low, left_end)
    if not spaced:
        return None
    return left_end if spaced.group(0).count(".") == 4 else -1


def _skip_space(text: str, position: int) -> int:
    """The first offset at or after `position` that is not whitespace (or the text's length)."""
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _last_token(text: str, start: int, left_end: int) -> str:
    """The run of word characters, dots and hyphens that ends the left piece (within 40 characters)."""
    low = max(start, left_end - 40)
    space = text.rfind(" ", low, left_end)
    candidate = text[space + 1 if space >= 0 else low : left_end]
    if candidate[:-1].isalpha():
        return candidate
    match = LAST_TOKEN.search(candidate)
    return match.group(0) if match else ""


def _first_word(head: str) -> str:
    """The first word of a piece, lowercased, skipping opening quotes and brackets."""
    match = FIRST_WORD.match(head)
    return match.group(1).lower() if match else ""
