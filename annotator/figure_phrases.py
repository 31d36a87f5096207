"""Where a figure's phrase as shown ends: "17,500 National Guard troops", "$10 million in aid", "at least 4,922".

Only what the why line and the reasons show; the words a figure counts are read in `numbers._context` and `counted`.
"""

from __future__ import annotations

import re

# Words that end what a figure's phrase shows: "4,922 out of 10,141", "$150 million toward relief" (the figure alone).
PHRASE_BREAKS = frozenset("out toward towards against via across among within through throughout apiece each".split())
# " Guard troops" after "17,500 National", " personnel" after "26 DOD": through a name to a plural noun
NAME_RUN = re.compile(r"(?:\s+[A-Z][\w.-]*){0,3}?\s+([a-z]+s|personnel|staff|people|aircraft|police|crew)\b")
MONEY_OBJECT = re.compile(r"\s+(?:in|of)\s+([a-z]+)(?=[\s,.;:!?)]|$)")  # "$10 million in aid"


def shown_end(text: str, end: int, phrase_end: int, money: bool, stopwords: frozenset[str]) -> int:
    """Where a figure's phrase as shown ends ("13,000 shipping containers"): through a name to the noun it qualifies
    ("17,500 National Guard troops", not "17,500 National"), never onto a word that starts something else ("4,922 out
    of 10,141", "$150 million toward relief"); a sum shows only a one-word object of what it is ("$10 million in aid",
    not "$20 million in immediate"). Only what is shown: the context words and keys are read elsewhere."""
    words = text[end:phrase_end].split()
    if not words:
        return phrase_end
    if words[0].lower().strip("'’-") in PHRASE_BREAKS:
        return end
    if money:
        found = MONEY_OBJECT.match(text, end)
        return found.end(1) if found and found.group(1) not in stopwords else end
    last = words[-1]
    if last[:1].isupper() and (run := NAME_RUN.match(text, phrase_end)):
        return run.end(1)
    return phrase_end
