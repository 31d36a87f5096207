"""The thirteenth round's backfill of the figure indexes (m024): a sum of aid is one giver's running total.

Since this round a sum of money said to be aid ("$10 million in aid", "total contributions at about $96 million",
"more than $390 million in immediate relief") is also counted under `money:<currency>`, a sum added to it ("the
additional $20 million", "a new pledge ... of $60 million") under `added-money:<currency>`, every giver's together
under `all-donors-money:<currency>` (`counted._money_keys`); and a currency sign after the sum ("35 million $") makes it
money, and a foot mark after what a length measures ("a depth of 5000’.") makes it feet. A database ingested before
holds none of these: the sentences with a currency sign or word, or a mark after a digit, are read again and their rows
in `sentence_numbers` and `sentence_counts` replaced.
"""

from __future__ import annotations

from annotator.sqlite_library import Database

MONEY_MATCHES = ("dollar OR dollars OR euro OR euros OR yen",)  # full-text words: "5 million dollars"
MONEY_GLOBS = ("*[$€£¥]*",  # a currency sign anywhere in the text
               "*[0-9][’']*")  # a foot mark (or a closing quote) after a digit


def m024_money_totals(db: Database) -> None:
    """Read again the figures of the sentences that give a sum of money or a mark after a digit, as ingest reads them."""
    from annotator.suggestion_index import reread_quantities

    reread_quantities(db.conn, MONEY_MATCHES, MONEY_GLOBS)
