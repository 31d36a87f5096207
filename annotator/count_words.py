"""The words counted-thing reading works with: the tokens, the stopwords and verbs, the outcome words, and a counted noun
folded to its key ("shipping containers" -> contain, "fatalities" -> dead). Shared by `counted` and `count_groups`."""

from __future__ import annotations

import re

from annotator.numbers import singular
from annotator.sentence_features import STOPWORDS, fold, stem
from annotator.text_caches import per_text

WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*|\d[\d,.]*|\S", re.UNICODE)
# WORD's tokens that start with a letter, found where WORD finds them: none of its other tokens (a run of digits,
# commas and points; one other character) holds the start of one.
LETTER_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*", re.UNICODE)
ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}")  # U.S., U.N.: a modifier, not what is counted
# Common irregular verbs that end a noun run as "-ed" words do ("earthquake struck Haiti").
VERBS = frozenset("""struck hit shook left sent said made took gave came went fell rose saw found told brought built held kept
    began won lost met paid put ran shot sold spent stood thought wrote arrived remain remains need needs has have had
    is are was were be been will would could may might can must shall should do does did""".split())
STOPS = STOPWORDS | frozenset("""of in on at to from for by with than and or as per here there were was throughout across
    within without among amid around near inside outside into onto along against between beyond beneath behind via despite
    toward towards upon
    aboard""".split())
GENERIC = frozenset("people person persons individual individuals survivor survivors victim victims civilian civilians "
                    "resident residents child children man men woman women body bodies corpse corpses crewmember crewmembers "
                    "crewman crewmen others".split())  # a crew's members counted one by one are people ("11 missing crewmen")
# What happened to the people counted, by the stem prefixes of the words that say it. Order decides ties.
OUTCOMES = (
    ("dead", ("kill", "dead", "death", "die", "fatal", "perish", "toll", "lives")),
    ("injured", ("injur", "wound", "hurt")),
    ("rescued", ("rescu", "freed", "extricat", "pulled", "remov", "saved")),
    ("missing", ("missing", "unaccounted")),
    ("buried", ("buri", "bury", "grave")),
    ("displaced", ("displac", "homeless", "evacu", "fled", "flee", "depart", "shelter")),
    ("affected", ("affect",)),
)
SYNONYMS = {"quake": "earthquake", "temblor": "earthquake", "soldier": "troop", "servicemember": "troop",
            "assistance": "aid", "fatality": "dead", "casualty": "dead", "death": "dead", "round": "shell",
            "vessel": "ship", "item": "supply"}  # "relief items", "relief supplies"
# The people words of one force are its troops: "1,200 Guardsmen", "300 airmen", "40 Marines", "600 Guard troops".
SYNONYMS |= dict.fromkeys("""guardsman guardsmen guardswoman guardswomen airman airmen sailor seaman seamen marine
    paratrooper serviceman servicemen servicewoman servicewomen reservist infantryman infantrymen""".split(), "troop")
# People counted as a group's members ("506 USAR members", "300 USAR personnel") are one counted thing, the group's
# strength: two such counts are of one group only when they name it alike (see `collective_group`).
COLLECTIVE = frozenset("member members personnel staff staffs staffer staffers worker workers employee employees".split())
COLLECTIVE_KEY = "personnel"
SYNONYMS |= {singular(word): COLLECTIVE_KEY for word in COLLECTIVE}
OUTCOME_PREFIXES = [(prefix, outcome) for outcome, prefixes in OUTCOMES for prefix in prefixes]
ALL_PREFIXES = tuple(prefix for prefix, _ in OUTCOME_PREFIXES)
PUNCTUATION = "\"'’“”,.:-—–"
CLAUSE_BREAK = re.compile(r"[;!?()]")
WINDOW = 10  # words either side that may say what happened to the people counted
MAX_RUN = 3  # lowercase words of a noun run; a name before the noun does not count ("13 USAID DART members")
ACRONYM = re.compile(r"\(\s*[A-Z][A-Za-z]*(?:[/&.-][A-Za-z]+)*\s*\)")  # "(USAID/DART)" after the name it shortens


def noun_key(word: str) -> str:
    """A counted noun as a key: folded, singular, synonyms merged, stemmed."""
    if "-" in word:  # "person-team": the size attribute and the thing it sizes
        attribute, _, head = word.partition("-")
        return f"{stem(singular(attribute))}-{stem(singular(head)) if head else ''}"
    base = singular(fold(word).strip("'’"))
    if word.lower() in GENERIC or base in GENERIC:
        return "people"
    base = SYNONYMS.get(base, base)
    return base if base in ("dead", "people") else stem(base)



@per_text()
def clause_words(segment: str, forwards: bool = False) -> tuple[str, ...]:
    """The folded words of a text piece up to (or back to) a clause break: ; ! ? ( ) (not ".": "Jan. 12").

    Cached: the words around a figure are read again for what happened, who did it and which stage of a flow it is.
    """
    parts = CLAUSE_BREAK.split(segment)
    piece = parts[0] if forwards else parts[-1]
    if piece.isascii():  # every token starts with a letter A-Z, which lower-casing the piece first leaves one
        return tuple(LETTER_WORD.findall(piece.lower()))
    return tuple(w.lower() for w in LETTER_WORD.findall(piece) if w[0].isalpha())

