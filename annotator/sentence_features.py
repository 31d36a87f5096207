"""What the suggestion engine compares between two sentences: words, named entities and quotations.

Words are split and folded the way SQLite's `unicode61 remove_diacritics 2` tokenizer does, so a word
seen here can be looked up in the full-text index's vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import repeat

import snowballstemmer

from annotator.numbers import Quantity, find_quantities
from annotator.text_caches import per_text

TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# ASCII bytes folded in one pass: letters and digits lower-cased, every other character (what TOKEN skips) a space.
ASCII_FOLD = bytes(ord(c.lower()) if c.isalnum() else 32 for c in map(chr, range(128))) + bytes(range(128, 256))
CAPITALISED = re.compile(r"[A-Z][\w'’.-]*[\w]|[A-Z]", re.UNICODE)
QUOTE_MARK = re.compile(r"[\"“”«»]")
QUOTE = re.compile(r"[\"“”«»]([^\"“”«»]{12,}?)[\"“”«»]")
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most my
    myself no nor not now of off on once only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your
    yours yourself said says say told according also however since mr ms mrs dr""".split()
)
# Capitalised words that start sentences or titles more often than they name anything.
NOT_ENTITIES = frozenset(
    """The A An In On At For But And Or It This That These Those He She They We His Her January February March April
    May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)


def fold(text: str) -> str:
    """Lower case without diacritics, as the full-text index stores words."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Features:
    """A sentence's comparable parts. Names, quotations and quantities are found when first asked for: scoring a
    candidate needs its quantities only when the claim has some, its quotations only when the claim quotes, and
    never its names (a claim's names are looked up among the candidate's words)."""

    __slots__ = ("text", "tokens", "counts", "_entities", "_quotes", "_quantities", "_written")

    def __init__(self, text: str, tokens: tuple[str, ...], counts: dict[str, int]):
        self.text = text
        self.tokens = tokens  # every folded word, in order
        self.counts = counts  # content words, folded and singular, with how often each occurs
        self._entities = self._quotes = self._quantities = self._written = None

    @property
    def entities(self) -> tuple[tuple[str, frozenset[str]], ...]:
        """(surface, folded singular words) of each name."""
        if self._entities is None:
            self._entities = tuple(_entities(self.text))
        return self._entities

    @property
    def quotes(self) -> tuple[tuple[str, frozenset[str]], ...]:
        """(surface, content words) of each quotation."""
        if self._quotes is None:
            self._quotes = tuple(_quotes(self.text)) if QUOTE_MARK.search(self.text) else ()
        return self._quotes

    @property
    def quantities(self) -> tuple[Quantity, ...]:
        """The sentence's quantities, as `find_quantities` reads them."""
        if self._quantities is None:
            self._quantities = tuple(find_quantities(self.text))
        return self._quantities

    def written(self, term: str) -> str:
        """A content term as this sentence writes it (its first word with that stem), for people to read."""
        if self._written is None:
            self._written = {}
            for token in self.tokens:
                self._written.setdefault(stem(token), token)
        return self._written.get(term, term)

    @property
    def length(self) -> int:
        return len(self.tokens)

    @property
    def terms(self):
        """The distinct content words (a set view)."""
        return self.counts.keys()


@per_text()
def features(text: str) -> Features:
    """The words, names, quotations and quantities of one sentence (cached: candidates recur)."""
    tokens, counts = words(text)
    return Features(text, tokens, counts)


@per_text()
def words(text: str) -> tuple[tuple[str, ...], dict[str, int]]:
    """A sentence's folded words and its content terms with their counts: the cheap first look at a candidate."""
    tokens = tuple(tokens_of(text))
    term_of = _TERM_OF
    counts: dict[str, int] = {}
    for token in tokens:
        term = term_of.get(token, _UNSEEN)
        if term is _UNSEEN:
            term = _term_of(token)
        if term is not None:
            counts[term] = counts.get(term, 0) + 1
    return tokens, counts


def first_look(text: str):
    """How many words a sentence has and its content terms (a set), as `words` finds them, uncounted and not kept:
    half its cost, for the candidates that a first look at words leaves out."""
    tokens = tokens_of(text)
    terms = set(map(_TERM_OF.get, tokens, repeat(_UNSEEN)))
    if _UNSEEN in terms:  # a word not met before: `words` works out (and remembers) its term
        return len(tokens), words(text)[1].keys()
    terms.discard(None)
    return len(tokens), terms


stem = lru_cache(maxsize=65536)(snowballstemmer.stemmer("english").stemWord)
stem.__doc__ = "The Snowball (Porter 2) English stem of a folded word: hosted and host, drums and drum meet."


def tokens_of(text: str) -> list[str]:
    """The folded words of a text, as TOKEN finds them in `fold(text)`; ASCII text by a faster route to the same words."""
    if text.isascii():
        return text.encode("ascii").translate(ASCII_FOLD).decode("ascii").split()
    return TOKEN.findall(fold(text))


_TERM_OF: dict[str, str | None] = {}  # each folded word seen: its stem, or None when it is not a content term
_UNSEEN = object()
TERM_CACHE = 200_000  # words remembered; a fresh start past it keeps memory bounded


def _term_of(token: str) -> str | None:
    """The content term of one folded word (None for a stopword, a bare digit or a single letter), remembered."""
    term = stem(token) if len(token) > 1 and not token.isdigit() and token not in STOPWORDS else None
    if len(_TERM_OF) >= TERM_CACHE:
        _TERM_OF.clear()
    _TERM_OF[token] = term
    return term


def content_terms(tokens) -> list[str]:
    """The informative words of a token list, stemmed: no stopwords, no bare digits, no single letters (each word's
    term as `_term_of` remembers it)."""
    term_of, found = _TERM_OF, []
    for token in tokens:
        term = term_of.get(token, _UNSEEN)
        if term is _UNSEEN:
            term = _term_of(token)
        if term is not None:
            found.append(term)
    return found


def _entities(text: str) -> list[tuple[str, frozenset[str]]]:
    """Runs of capitalised words (North Korea, Kim Jong Un), leaving out a lone sentence-opening word."""
    runs: list[list[re.Match]] = []
    for match in CAPITALISED.finditer(text):
        if runs and text[runs[-1][-1].end() : match.start()].strip() in ("", "-"):
            runs[-1].append(match)
        else:
            runs.append([match])
    names = (_name(run, text) for run in runs)
    return [name for name in names if name is not None]


def _name(run: list[re.Match], text: str) -> tuple[str, frozenset[str]] | None:
    """One name from a run of capitalised words, or None for a lone sentence opener or common word."""
    start = run[0].start()
    opens_sentence = start == 0 or text[:start].rstrip()[-1:] in ".!?\"“("
    run = [match for match in run if match.group(0).rstrip(".") not in NOT_ENTITIES]
    if not run or (len(run) == 1 and opens_sentence and run[0].start() == start):
        return None
    start = run[0].start()
    surface = text[start : run[-1].end()]
    words = frozenset(content_terms(tokens_of(surface)))
    return (surface, words) if words else None


def _quotes(text: str) -> list[tuple[str, frozenset[str]]]:
    """Quoted passages of at least three content words."""
    quotes = []
    for match in QUOTE.finditer(text):
        words = frozenset(content_terms(tokens_of(match.group(1))))
        if len(words) >= 3:
            quotes.append((match.group(1).strip(), words))
    return quotes
