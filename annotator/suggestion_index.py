"""The tables behind evidence suggestions, kept up to date on ingest: word statistics and quantities by value.

`term_stats` holds, for each word as the index spells it, how many sentences contain it (what BM25's idf
needs; the engine adds up a word's spellings — singular, plural, as the claim writes it): reading
that from FTS5's own vocabulary (fts5vocab) means walking the word's whole posting list, 5–10 ms per
sentence at a million sentences, where this table answers in microseconds. `sentence_numbers` finds
sentences by a number's value ("13,000" and "13000" alike), which the full-text index cannot.
`denials_fts` is a second full-text index holding only the sentences that match the denial cues (`FTS_CUES`,
recorded in `denial_index`): asking the whole index for "a claim's words AND a cue" reads the posting list of
every cue word ("no" of "no evidence"), 5 ms a query at a million sentences; this one answers the same question
from a few thousand sentences. The same tokenizer, so it finds exactly what that query finds.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter

from annotator.counted import keys_of
from annotator.denials import FTS_CUES
from annotator.numbers import CURRENCIES, FRACTION_WORDS, UNITS, WORD_NUMBERS, Quantity, find_quantities, index_keys
from annotator.sentence_features import STOPWORDS, tokens_of

DIGIT = re.compile(r"\d")
# The words a figure written in words holds ("four ships", "nine million", "a dozen"): a sentence holding none has
# figures in digits only. "one" and "a" count only before a scale word, which is among these.
NUMBER_WORDS = frozenset(WORD_NUMBERS) - {"a", "one"} | {"hundred", "thousand", "million", "billion", "trillion", "dozen"}
# Years say little; percentages are everywhere in news, and their equal values are indexed already. Money is indexed
# by what it pays for ("$63.3 million in assistance" finds "Total Assistance: $175,676,090"); a bare sum is not.
NOT_INDEXED = frozenset({"year", "%"})
UNIT_ONLY = frozenset(UNITS.values()) | frozenset(CURRENCIES.values())
BATCH = 20_000
DROPPED = STOPWORDS | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")  # stopwords and every ASCII word of one character
DENIAL_MATCH = "(" + " OR ".join(FTS_CUES) + ")"  # what a sentence in `denials_fts` matches in `sentences_fts`


def index_new_sentences(conn: sqlite3.Connection, first_id: int = 1, with_counts: bool = True) -> None:
    """Count the words and store the quantities (by value, and by what they count) of every sentence with id >= first_id.

    Runs inside the caller's transaction (ingest, or the migration that backfills an older database),
    a batch at a time so memory stays flat however many sentences there are. `with_counts=False` is for the
    m002 migration, which runs before the `sentence_counts` table exists (m005 fills it).
    """
    counts: Counter[str] = Counter()
    rows = conn.execute("SELECT id, text FROM sentences WHERE id >= ?", [first_id])
    while batch := rows.fetchmany(BATCH):
        numbers, counted = [], []
        for sentence_id, text in batch:
            words = sentence_words(text)
            counts.update(words)
            if quantities := indexed_quantities(text, words):
                numbers.extend((value, unit, sentence_id) for value, unit in index_keys(text, quantities))
                if with_counts:
                    counted.extend((key, sentence_id) for key in sentence_count_keys(text, quantities))
        numbers.sort()  # in key order, so the inserts walk the index instead of jumping about it
        conn.executemany("INSERT OR IGNORE INTO sentence_numbers (value, unit, sentence_id) VALUES (?, ?, ?)", numbers)
        counted.sort()
        conn.executemany("INSERT OR IGNORE INTO sentence_counts (counted, sentence_id) VALUES (?, ?)", counted)
    conn.executemany(
        "INSERT INTO term_stats (term, documents) VALUES (?, ?) "
        "ON CONFLICT (term) DO UPDATE SET documents = documents + excluded.documents",
        counts.items(),
    )


def index_counts(conn: sqlite3.Connection) -> None:
    """Fill `sentence_counts` for every sentence (the m005 backfill)."""
    _add_counts(conn, "SELECT id, text FROM sentences")


def index_money_counts(conn: sqlite3.Connection) -> None:
    """Add the counted keys of sentences giving a sum of money (indexed since m016; before, money was left out)."""
    _add_counts(conn, "SELECT id, text FROM sentences WHERE text GLOB ?", [f"*[{''.join(CURRENCIES)}]*"])


def index_distance_counts(conn: sqlite3.Connection) -> None:
    """Add the counted key of distances along a bearing (`measures.DISTANCE_KEY`, since m017) to sentences in miles or km."""
    _add_counts(conn, "SELECT id, text FROM sentences WHERE text LIKE '%mile%' OR text LIKE '%kilomet%' OR text LIKE '%km%'")


FORCE_WORDS = ("guard", "airm", "sailor", "seam", "marine", "paratroop", "servicem", "servicew", "reservist", "infantrym",
               "navy", "crewm", "remain")


def index_force_counts(conn: sqlite3.Connection) -> None:
    """Add the counted keys m018 brought: one force's people words as its troops ("1,200 Guardsmen", "1,400 Guard
    members"), a crew counted one by one as people ("11 missing crewmembers"), a verb not taken for what a figure counts
    ("11 remain unaccounted for"). Keys read before (guardsmen, crewmemb, remain) stay: no claim looks them up now."""
    likes = " OR ".join("text LIKE ?" for _ in FORCE_WORDS)
    _add_counts(conn, f"SELECT id, text FROM sentences WHERE {likes}", [f"%{word}%" for word in FORCE_WORDS])


FIFTH_ROUND_WORDS = ("vessel", "refugee", "evacuee", "feet", "foot", "meter", "metre", "city of", "town of", "village of",
                     "country of", "nation of", "island of", "province of", "state of", "region of", "district of",
                     "capital of", "community of", "municipality of", "metropolis of", "port of")


def index_fifth_round_counts(conn: sqlite3.Connection) -> None:
    """Add the counted keys m019 brought: vessels as ships, refugees and evacuees as the displaced, a place's population
    ("the city of 220,000"), a length in feet or metres keyed by what it measures ("2 million feet of boom": boom).
    Keys read before stay: no claim looks them up now. (A plural noun then its verb, "40 ships arrive", is not
    backfilled: no cheap filter finds those sentences; they are read right when a claim compares them.)"""
    likes = " OR ".join("text LIKE ?" for _ in FIFTH_ROUND_WORDS)
    _add_counts(conn, f"SELECT id, text FROM sentences WHERE {likes}", [f"%{word}%" for word in FIFTH_ROUND_WORDS])


def index_word_figures(conn: sqlite3.Connection) -> None:
    """Add the values and counted keys of figures written in words ("four ships", "nine million people", indexed since
    m020) to the sentences holding a number word, found by the full-text index (which holds every indexed sentence,
    word for word as `sentence_words` folds them): a posting-list read, not a scan of every sentence's text."""
    match = " OR ".join(f'"{word}"' for word in sorted(NUMBER_WORDS))
    rows = conn.execute("SELECT t.id, t.text FROM sentences_fts f JOIN sentences t ON t.id = f.rowid "
                        "WHERE sentences_fts MATCH ?", [match])
    _insert_readings(conn, rows)


# What m021 reads again, as full-text queries (which find every sentence the rule can change, and a few more): the sixth
# and seventh rounds changed two readings of what a figure counts and backfilled neither. A figure a toll reaches counts
# the toll's thing ("the death toll in a central province ... could reach as high as 10,000": people:dead, was "high";
# counted.TOLL_BEFORE); a count of personnel a force's name deployed is of troops when the force is military ("the Navy
# had sent 300 personnel": troop, was personnel; count_subjects.SUBJECT, counted.MILITARY).
REREAD_TOLLS = ("(toll OR tolls OR tally OR tallys OR count OR counts OR figure OR figures OR number OR numbers) AND "
                "(reach* OR rise* OR rose* OR risen* OR climb* OR stand* OR stood* OR top* OR hit* OR exceed* OR pass*)")
REREAD_DEPLOYED = ("(deployed OR sent OR dispatched OR mobilized OR mobilised OR committed OR assigned) AND "
                   "(member OR members OR personnel OR staff OR staffs OR staffer OR staffers OR worker OR workers "
                   "OR employee OR employees) AND (servic* OR militar* OR dod* OR arm* OR guard* OR nav* OR marin*)")
# This round's readings of figures (numbers.py): an ordinal is no count ("31st MEU", "the 7th Fleet": were 31 "st", 7
# "th"), nor a fraction ("two-thirds of the homes", "2/3": were 2 "third", 2 and 3), and "half a million" is 500,000 (was
# a million). Ordinals, "2/3" and foot marks are in no word the full-text index holds apart, so a GLOB over the text finds them.
REREAD_FRACTIONS = " OR ".join(["half", *FRACTION_WORDS])
REREAD_MATCHES = (REREAD_TOLLS, REREAD_DEPLOYED, REREAD_FRACTIONS)
# A foot mark after a figure ("1300’ northwest", "5000' below", "30,000′") is read as feet since this round too.
REREAD_GLOBS = ("*[0-9][sS][tT]*", "*[0-9][nN][dD]*", "*[0-9][rR][dD]*", "*[0-9][tT][hH]*", "*[23][dD]*", "*[0-9]/[0-9]*",
                "*[0-9][’'′]*")


def reread_quantities(conn: sqlite3.Connection, matches: tuple[str, ...] = REREAD_MATCHES,
                      globs: tuple[str, ...] = REREAD_GLOBS) -> None:
    """Read again the figures of the sentences any of the full-text queries `matches` or the GLOBs finds: their rows in
    `sentence_numbers` and `sentence_counts` are replaced by what ingest stores today (a rule changed a reading, so
    the rows an older build stored are stale; deleting them takes one pass over each table, not one per sentence)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS reread (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.reread")
    for match in matches:
        conn.execute("INSERT OR IGNORE INTO temp.reread (id) SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?",
                     [match])
    if globs:
        conn.execute("INSERT OR IGNORE INTO temp.reread (id) SELECT id FROM sentences WHERE "
                     + " OR ".join("text GLOB ?" for _ in globs), list(globs))
    conn.execute("DELETE FROM sentence_numbers WHERE sentence_id IN (SELECT id FROM temp.reread)")
    conn.execute("DELETE FROM sentence_counts WHERE sentence_id IN (SELECT id FROM temp.reread)")
    rows = conn.execute("SELECT t.id, t.text FROM temp.reread r JOIN sentences t ON t.id = r.id")
    _insert_readings(conn, rows)
    conn.execute("DROP TABLE temp.reread")


def _insert_readings(conn: sqlite3.Connection, rows: sqlite3.Cursor) -> None:
    """Insert the values and counted keys ingest reads today for each (id, text) row, a batch at a time."""
    while batch := rows.fetchmany(BATCH):
        numbers, counted = [], []
        for sentence_id, text in batch:
            quantities = indexed_quantities(text)
            numbers.extend((value, unit, sentence_id) for value, unit in index_keys(text, quantities))
            counted.extend((key, sentence_id) for key in sentence_count_keys(text, quantities))
        conn.executemany("INSERT OR IGNORE INTO sentence_numbers (value, unit, sentence_id) VALUES (?, ?, ?)", sorted(numbers))
        conn.executemany("INSERT OR IGNORE INTO sentence_counts (counted, sentence_id) VALUES (?, ?)", sorted(counted))


def _add_counts(conn: sqlite3.Connection, query: str, params: list | None = None) -> None:
    """Add the counted keys of the sentences `query` selects (id, text), a batch at a time: the backfills' one loop.

    A sentence without a digit or a number word has no figure and is skipped unread.
    """
    rows = conn.execute(query, params or [])
    while batch := rows.fetchmany(BATCH):
        counted = sorted((key, sentence_id) for sentence_id, text in batch
                         for key in sentence_count_keys(text, indexed_quantities(text)))
        conn.executemany("INSERT OR IGNORE INTO sentence_counts (counted, sentence_id) VALUES (?, ?)", counted)


def indexed_quantities(text: str, words: set[str] | None = None) -> list[Quantity]:
    """The figures a sentence is indexed under: in digits, and in words ("four ships", "nine million people",
    "a dozen") when it holds a number word (`words`, its `sentence_words`, when already found). Vague amounts
    ("dozens", "several hundred") give no value and are not read; nor "one" but before a scale word ("one of the")."""
    if not NUMBER_WORDS.isdisjoint(sentence_words(text) if words is None else words):
        return find_quantities(text, with_context=False, with_words=True)
    return find_quantities(text, with_context=False) if DIGIT.search(text) else []


def sentence_count_keys(text: str, quantities: list[Quantity]) -> set[str]:
    """Every counted key of a sentence's indexed figures (years, percentages and bare units left out: they say little).

    A count of people under 100 written in words ("four people were killed in India", "five deaths were reported
    from Tibet", "nine individuals") is not indexed by what it counts (its value is): news writes small counts in
    words, and these are a story's side tolls, which took the places of its main tolls ("more than 2,500 people")
    among the sentences a claim's count of the dead brings up (nepal-2015 lost a corroboration and a clash). A small
    count of things in words ("four other U.S. ships", "three vessels") is indexed: a rarer thing, found precisely.
    """
    return {key for quantity in quantities if quantity.unit not in NOT_INDEXED
            for key in keys_of(text, quantity) if key not in UNIT_ONLY
            and not (key.startswith("people") and not quantity.telling and not DIGIT.search(quantity.text))}


def sentence_words(text: str) -> set[str]:
    """The distinct content words of a sentence, folded like the full-text index folds them.

    Not stemmed here: Snowball costs more than everything else in this function together, and the
    engine only needs the counts of the few words a claim spells.
    """
    words = set(tokens_of(text))  # TOKEN.findall(fold(text)), by the faster route for ASCII
    words -= DROPPED
    if not text.isascii() or DIGIT.search(text):  # else every token of one character is in DROPPED, and none is digits
        words.difference_update([token for token in words if len(token) < 2 or token.isdigit()])
    return words


def index_denials(conn: sqlite3.Connection, first_id: int = 1) -> None:
    """Put the sentences with id >= first_id that match the denial cues into `denials_fts`; all of them again when
    the cues changed since the index was built (they are recorded with it)."""
    recorded = conn.execute("SELECT cues FROM denial_index").fetchone()
    if recorded is None or recorded[0] != DENIAL_MATCH:
        conn.execute("INSERT INTO denials_fts (denials_fts) VALUES ('delete-all')")
        conn.execute("DELETE FROM sentence_denials")
        conn.execute("DELETE FROM denial_index")
        conn.execute("INSERT INTO denial_index (cues) VALUES (?)", [DENIAL_MATCH])
        first_id = 1
    conn.execute("INSERT OR IGNORE INTO sentence_denials (sentence_id) SELECT rowid FROM sentences_fts "
                 "WHERE sentences_fts MATCH ? AND rowid >= ?", [DENIAL_MATCH, first_id])
    conn.execute("INSERT INTO denials_fts (rowid, text) SELECT t.id, t.text FROM sentence_denials d "
                 "JOIN sentences t ON t.id = d.sentence_id WHERE d.sentence_id >= ?", [first_id])


def denial_index_current(conn: sqlite3.Connection) -> bool:
    """Whether `denials_fts` was built for today's denial cues (else the engine asks the whole index)."""
    recorded = conn.execute("SELECT cues FROM denial_index").fetchone()
    return recorded is not None and recorded[0] == DENIAL_MATCH


def remove_denial(conn: sqlite3.Connection, sentence_id: int, text: str) -> None:
    """Take one sentence image out of `denials_fts` if it is there (a contentless index must be told the old text)."""
    if conn.execute("DELETE FROM sentence_denials WHERE sentence_id = ?", [sentence_id]).rowcount:
        conn.execute("INSERT INTO denials_fts (denials_fts, rowid, text) VALUES ('delete', ?, ?)", [sentence_id, text])


def add_denial(conn: sqlite3.Connection, sentence_id: int, text: str) -> None:
    """Put one sentence image (already in `sentences_fts`) into `denials_fts` when it matches the cues."""
    found = conn.execute("SELECT 1 FROM sentences_fts WHERE sentences_fts MATCH ? AND rowid = ?", [DENIAL_MATCH, sentence_id])
    if found.fetchone() and conn.execute("INSERT OR IGNORE INTO sentence_denials (sentence_id) VALUES (?)",
                                         [sentence_id]).rowcount:
        conn.execute("INSERT INTO denials_fts (rowid, text) VALUES (?, ?)", [sentence_id, text])
