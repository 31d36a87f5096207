"""Scrape residue spotted at ingest ("Skip to content", bylines, photo credits, share buttons, appeals): suggested boilerplate.

A suggestion is a hint, never a flag: it hides nothing until an annotator confirms it (which marks the
sentence as their boilerplate) and can be rejected (kept as article text), both journaled and undoable.
"""

from __future__ import annotations

import re
import sqlite3

MAX_RESIDUE_CHARS = 300  # residue is short; longer sentences are article text however they start
NAME = r"[A-Z][\w'’.-]*"
FULL_NAME = rf"{NAME}(?:\s+{NAME}){{1,3}}"
TRAILER_WORD = r"(?:[A-Z][\w'’.&/-]*|and|of|the|for|at|in|de|van|von)"

RULES = (
    ("skip link", r"skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|article|main)|jump\s+to\s+navigation"),
    ("related links", r"(?:related|read\s+more|see\s+also|read\s+next|more\s+on\s+this\s+story|recommended"
                      r"|related\s+(?:stories|articles|coverage|topics|content))(?:\s*[:|>»]\s*.*)?"),
    ("byline", rf"(?i:by)\s+{FULL_NAME}(?:\s*(?:,|and|&)\s*{FULL_NAME})*(?:\s*[,|·•–—-]\s*{TRAILER_WORD}(?:\s+{TRAILER_WORD}){{0,6}})?"
               r"|(?i:reporting|writing|editing|additional\s+reporting)\s+(?i:by)\s+.{2,120}"),
    ("photo credit", r"(?:photo(?:graph)?|image|picture|illustration|video)s?(?:\s+credit)?\s*:\s*.{1,150}"
                     r"|credit\s*:\s*.{1,150}|.{0,150}\((?:AP|AFP|Reuters|Getty)(?:\s+Photo)?(?:/[^)]*)?\)"
                     r"|.{0,150}/\s*(?:Getty\s+Images|Reuters|AFP|AP|Shutterstock|Alamy|EPA)"),
    ("share buttons", r"(?:share|tweet|email|print|copy\s+link|facebook|twitter|x|whatsapp|linkedin|reddit|pinterest"
                      r"|telegram|messenger|comments?)(?:[\s,|·•/]+(?:share|tweet|email|print|copy\s+link|facebook"
                      r"|twitter|x|whatsapp|linkedin|reddit|pinterest|telegram|messenger|comments?))*"
                      r"|share\s+(?:this|on|via)\b.{0,80}|follow\s+us\s+on\b.{0,100}"),
    ("donation appeal", r"donate|.{0,200}\b(?:(?:please\s+)?donate\s+(?:now|today|here|to\s+us|to\s+our\b)"
                        r"|make\s+a\s+(?:donation|contribution)\s+(?:to\s+us|today|now)|support\s+(?:our|independent"
                        r"|quality)\s+(?:journalism|reporting|newsroom)|become\s+a\s+(?:member|supporter|patron)\s+"
                        r"(?:today|now)|please\s+support\s+us|support\s+us\s+(?:monthly|today|now)|(?:every|any)\s+"
                        r"contribution\s+(?:makes|helps|counts)|by\s+supporting\s+(?:us|our\s+journalism))\b.{0,200}"
                        r"|dear\s+(?:readers?|subscribers?|friends),?|remind\s+me\s+later|a\s+message\s+from\s+.{1,80}:"),
    ("advertisement", r"advertisement|advertising|sponsored(?:\s+content)?|ad|paid\s+content|scroll\s+to\s+continue.*"),
    ("newsletter sign-up", r".{0,150}\b(?:sign\s+up|subscribe)\b.{0,60}\bnewsletters?\b.{0,150}"
                           r"|.{0,100}\bin\s+your\s+inbox\b.{0,100}"),
    ("cookie notice", r".{0,150}\b(?:we\s+use\s+cookies|accept\s+(?:all\s+)?cookies|cookie\s+(?:policy|settings))\b.{0,150}"),
    ("navigation", r"(?:home|menu|search|log\s*in|login|sign\s+in|sign\s+out|log\s*out|register|subscribe"
                   r"|close|back\s+to\s+top|next|previous|more|top\s+stories|most\s+read|trending)"),
    ("copyright line", r"(?:©|\(c\)\s*\d{4}|copyright\s+(?:©\s*)?\d{4}).{0,150}|.{0,150}\ball\s+rights\s+reserved\b.{0,50}"),
)
# Rules that may match anywhere in a sentence run only when one of these words is in it: scanning every
# position of every sentence for them would cost ~50 µs a sentence, a minute per million.
KEYWORDS = {
    "photo credit": ("photo", "image", "picture", "illustration", "video", "credit", "getty", "reuters", "afp",
                     "ap", "shutterstock", "alamy", "epa"),
    "donation appeal": ("donat", "contribution", "support", "member", "supporter", "patron", "dear", "remind",
                        "message"),
    "newsletter sign-up": ("newsletter", "inbox"),
    "cookie notice": ("cookie",),
    "copyright line": ("©", "(c)", "copyright", "rights reserved"),
}
COMPILED = tuple((reason, re.compile(pattern, re.IGNORECASE | re.DOTALL), KEYWORDS.get(reason)) for reason, pattern in RULES)
# The full-text query that finds candidates among new sentences without Python touching the rest: the
# words a rule can open with (FTS5's ^ is "first token") and the words a rule needs somewhere. The rules
# cost ~30 µs a sentence in Python, half a minute per million sentences; this query costs next to nothing.
LEADING_WORDS = (
    "skip", "jump", "related", "read", "see", "more", "recommended", "by", "reporting", "writing", "editing",
    "additional", "photo*", "image*", "picture*", "illustration*", "video*", "credit", "share", "tweet", "email",
    "print", "copy", "facebook", "twitter", "x", "whatsapp", "linkedin", "reddit", "pinterest", "telegram",
    "messenger", "comment*", "follow", "advertis*", "sponsored", "ad", "paid", "scroll", "home", "menu", "search",
    "log", "login", "logout", "sign", "register", "subscribe", "close", "back", "next", "previous", "top", "most",
    "trending", "donate", "c", "copyright",
)
ANYWHERE_WORDS = ("donat*", "contribution", "support", "member", "supporter", "patron", "dear", "remind", "message",
                  "newsletter*", "inbox",
                  "cookie*", "copyright", "reserved", "getty", "reuters", "afp", "ap", "shutterstock", "alamy", "epa")
CANDIDATES_QUERY = " OR ".join([*(f"^{word}" for word in LEADING_WORDS), *ANYWHERE_WORDS])
CASE_SENSITIVE = {"byline"}  # "By Tuesday, the storm had passed" is prose; names are capitalised
BYLINE = re.compile(RULES[2][1], re.DOTALL)


def residue_reason(text: str) -> str | None:
    """Why a sentence looks like scrape residue (a short reason such as "byline"), or None."""
    sentence = text.strip().rstrip(".!")
    if not sentence or len(sentence) > MAX_RESIDUE_CHARS:
        return None
    lowered = sentence.lower()
    for reason, pattern, keywords in COMPILED:
        if keywords and not any(word in lowered for word in keywords):
            continue
        if pattern.fullmatch(sentence) and (reason not in CASE_SENSITIVE or BYLINE.fullmatch(sentence)):
            return reason
    return None


def suggest_for_new_sentences(conn: sqlite3.Connection, first_id: int = 0) -> int:
    """Suggest boilerplate among sentences with ids from `first_id` (those just ingested and indexed); return how many."""
    rows = conn.execute(
        "SELECT t.id, t.text FROM sentences t WHERE t.id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? "
        "AND rowid >= ?) AND length(t.text) <= ? "
        "UNION SELECT id, text FROM sentences WHERE id >= ? AND length(text) <= ? AND instr(text, '©') > 0",
        [CANDIDATES_QUERY, first_id, MAX_RESIDUE_CHARS + 20, first_id, MAX_RESIDUE_CHARS + 20],
    )
    found = [(sentence_id, reason) for sentence_id, text in rows if (reason := residue_reason(text))]
    conn.executemany("INSERT OR IGNORE INTO suggested_boilerplate (sentence_id, reason) VALUES (?, ?)", found)
    return len(found)
