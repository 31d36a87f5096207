"""Which share of a count a figure is: the place it is for ("34 killed in India") and the state of the things it counts
("130,000 houses destroyed", "85,850 damaged"). Two counts for different places or states are not rivals."""

from __future__ import annotations

import re

from annotator.count_words import STOPS, WORD, clause_words
from annotator.numbers import Quantity
from annotator.text_caches import per_text

# "killed in India", "reported from Tibet": the place a count is for, a capitalised name in the figure's clause after it.
PLACE = re.compile(r"\b(?:in|from)\s+(?:the\s+)?((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)*)")
NOT_PLACES = frozenset("""january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday""".split())
PLACE_REACH = 60  # characters after a figure
# "evacuated 160 refugees from the Tacloban area", "2,000 fled from the coast": where the people moved from, not a place
# they are counted for (unlike "five deaths from Tibet").
MOVED = re.compile(r"\b(?:evacuat\w*|rescu\w*|airlift\w*|fled|flee\w*|escap\w*|flown|flew|ferried|shuttled|moved|relocat\w*"
                   r"|transport\w*|extract\w*|pulled|taken|brought|carried|refugees?|evacuees?)\b", re.IGNORECASE)
MOVED_BACK = 50  # characters before a figure that may hold the verb it is the object of
TROOPS = "troop"  # counted.py's key for soldiers, service members and military personnel
# "1,000 Canadian troops", "500 Nepalese Army soldiers": a nation's adjective before what a troop count counts.
DEMONYM = re.compile(r"\b[A-Z][a-z]+(?:ian|an|ese|ish|i)\b(?=[\s\w-]{0,30}?\b(?:troops?|soldiers?|service|military|personnel|forces?)\b)")


@per_text()
def named_place(text: str, quantity: Quantity) -> str:
    """The place a count is said to be for ("At least 34 people were killed in India" -> india), or "" for none."""
    words = [w for w in WORD.findall(text) if w[0].isalpha() and w.lower() not in STOPS]
    if sum(w[0].isupper() for w in words) * 2 > len(words):
        return ""  # a headline or a table row ("5,582 Estimated Fatalities Resulting from the Earthquake"): no place
    clause = re.split(r"[,;:!?()]|\.\s|[—–]", text[quantity.end : quantity.end + PLACE_REACH])[0]
    match = PLACE.search(clause)
    if match and match.group(0)[:4].lower() == "from" and MOVED.search(
            text, max(0, quantity.start - MOVED_BACK), quantity.end + match.start()):
        return ""  # where the people came from
    place = match.group(1).lower() if match else ""
    return "" if place.split(" ")[0] in NOT_PLACES else place


# What state the things counted are in: "130,000 houses destroyed" and "85,850 damaged" are two counts, and "769,197
# destroyed or damaged" is a third (their sum).
STATES = (("destroyed", ("destroy", "collaps", "flatten", "razed")), ("damaged", ("damag",)))
STATE_BACK = 5  # words before a figure that may hold the verb it is the object of ("destroyed an estimated 130,000")


@per_text()
def thing_state(text: str, quantity: Quantity) -> frozenset[str]:
    """The states of the things a figure counts ("destroyed", "damaged", or both), empty when the sentence gives none: the
    verb it is the object of, else the words after it up to the next figure or clause break."""
    before = clause_words(re.split(r"\d[\d,.]*|,\s", text[max(0, quantity.start - 60) : quantity.start])[-1])
    found = _states(before[-STATE_BACK:], backwards=True)
    if found:
        return found
    after = re.split(r"\d[\d,.]*|[,;:.]\s", text[quantity.end : quantity.end + 90])[0]
    return _states(clause_words(after, forwards=True), backwards=False)


def _states(words: list[str], backwards: bool) -> frozenset[str]:
    """The states said by the nearest state word and those joined to it by "or"/"and" ("destroyed or damaged")."""
    order = list(reversed(words)) if backwards else words
    found, joined = set(), False
    for word in order:
        state = next((state for state, prefixes in STATES if word.startswith(prefixes)), "")
        if state:
            found.add(state)
            joined = False
        elif found and word in ("or", "and") and not joined:
            joined = True
        elif found:
            break
    return frozenset(found)



def troop_nation(text: str, quantity: Quantity) -> frozenset[str]:
    """The nations a count of troops names between its figure and what it counts ("1,000 Canadian troops"); "U.S." and
    "DoD" name none (an abbreviation), so "26 DoD personnel" and "121 U.S. service members" are one force."""
    return frozenset(DEMONYM.findall(text, quantity.end, quantity.end + 40) if quantity.phrase else ())
