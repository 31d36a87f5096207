"""The tenth round's backfill of the figure indexes (m023): a number said in parts is one figure, a table cell its own.

Since this round "19,000 and 400 dead" (spoken, quoted) reads as 19,400, and "two thousand and fifty" as 2,050: before,
"A and B" with B below A was read as a backwards range and dropped, so a database ingested before holds no value and
no counted key for it. And what happened to the people a figure counts is read within its cell of a table row
("4 million homeless / 1 million in need of immediate assistance": the second are not the homeless), and "others" are
people ("displaced three million others"). The sentences that may hold any of these (round thousands or a scale word
before "and", a spaced slash after a digit, "others") are read again and their rows in `sentence_numbers` and
`sentence_counts` replaced.
"""

from __future__ import annotations

from annotator.sqlite_library import Database

COMPOUND_MATCHES = ('"thousand and"', '"million and"', '"billion and"',  # full-text phrases: scale words before "and"
                    "others")  # "displaced three million others": people
COMPOUND_GLOBS = ("*000 [aA][nN][dD] *",  # digits: round thousands before "and"
                  "*[0-9]* / *")  # a table row's cells


def m023_compound_figures(db: Database) -> None:
    """Read again the figures of the sentences that may say a number in parts ("19,000 and 400") or hold table cells."""
    from annotator.suggestion_index import reread_quantities

    reread_quantities(db.conn, COMPOUND_MATCHES, COMPOUND_GLOBS)
