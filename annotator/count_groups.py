"""Which share of a count a figure is, by who and how: the group of workers credited with it ("USAR teams had rescued
22"), the stage of a flow (pledged, sent, received), the group whose members it counts ("300 USAR personnel"), a named kind
of thing ("five Disaster Medical Assistance Teams"), and the words around it that tell one instance of a thing from another."""

from __future__ import annotations

import re
from functools import lru_cache

from annotator.count_subjects import deploying_force
from annotator.count_words import (
    ACRONYM,
    ALL_PREFIXES,
    COLLECTIVE,
    MAX_RUN,
    STOPS,
    VERBS,
    WINDOW,
    WORD,
    clause_words,
    noun_key,
)
from annotator.numbers import SCALES, WORD_NUMBERS, Quantity, singular
from annotator.sentence_features import stem
from annotator.text_caches import per_text

HEDGE_WORDS = frozenset("nearly almost about around approximately roughly some over under".split())
# Who did what was counted: a group of workers credited with it is one share of a total, not a rival total.
WORKERS = frozenset("""team teams crew crews personnel unit units squad squads rescuer rescuers worker workers volunteer
    volunteers responder responders operator operators force forces troop troops soldier soldiers medic medics
    firefighter firefighters staff agency agencies group groups brigade brigades battalion battalions squadron
    squadrons detachment detachments contingent contingents""".split())
# Counts of one flow a fact-checker keeps apart: what was promised, what was sent (or used), what arrived, what is left.
STAGES = (("promised", ("pledg", "promis", "committ", "earmark")),
          ("sent", ("sent", "send", "ship", "dispatch", "export", "supplied", "supplies", "deliver", "transferr",
                    "provided", "donated", "deployed", "applied", "used")),
          ("received", ("receiv", "arriv", "import", "obtain")),
          ("available", ("availab", "stockpil", "stored", "reserve", "remaining")))  # what is left to send or use
STAGE_REACH = 8  # words either side
CREDIT_REACH = 12  # words between a figure and the group credited with it
PARTNER_LEADS = frozenset("tandem together along cooperation partnership coordination conjunction concert".split())
PARTNER_REACH = 6  # words back from a group's name to the "with" that makes it a partner
CREDIT_STOPS = frozenset("that which who whom whose said says according reported".split())
# After a figure, a size and a run of capitalised words ending in what is counted: "five 35-member Disaster Medical
# Assistance Teams".
NAMED_RUN = re.compile(r"(?:\s+\d[\d,.]*-[^\W\d_]+)?((?:\s+[A-Z][\w'’]*(?:-[\w'’]+)*)+)")
SIZE = re.compile(r"\b\d[\d,.]*-[^\W\d_]+")  # "35-member", "10-liter": the size of each thing counted
COLLECTIVE_REACH = 8  # words between a figure and the collective noun it counts
COLLECTIVE_STEMS = frozenset({"personnel", "member", "staff", "staffer", "worker", "employe", "employee"})
GROUP_NOISE = frozenset("total number figure count".split())  # "the total number of USAR members": not the group's name


@per_text()
def credited_group(text: str, quantity: Quantity) -> frozenset[str]:
    """The stems naming the group of workers a count is credited to ("USAR teams had rescued 22", "nine pulled out by
    U.S. crews"), or nothing when the sentence credits no group (a total: "more than 20 were pulled out")."""
    before = _words_back(text[max(0, quantity.start - 160) : quantity.start])
    for distance in range(1, min(len(before), CREDIT_REACH) + 1):
        word = before[-distance]
        if (word in WORKERS and any(_verb_like(w) for w in before[len(before) - distance + 1 :])
                and not _partner(before[: len(before) - distance])):
            group = _group(before[: len(before) - distance + 1])
            if group == {stem(singular(word))} and not _anaphoric(before[: len(before) - distance + 1]):
                return frozenset()  # "In those days, personnel delivered ...": a bare worker word names no group
            return group
        if word in CREDIT_STOPS:
            break
    after = clause_words(text[quantity.end : quantity.end + 120], forwards=True)[:CREDIT_REACH]
    if "by" in after:
        agent = after[after.index("by") + 1 : after.index("by") + 1 + MAX_RUN * 2]
        heads = [i for i, word in enumerate(agent) if word in WORKERS]
        if heads:
            return _group(agent[: heads[0] + 1])
    return frozenset()


@per_text()
def flow_stage(text: str, quantity: Quantity) -> str:
    """Which count of a flow a figure is, by the nearest verb in its clause: "promised" (pledged, committed), "sent"
    (shipped, delivered, provided, applied), "received" (arrived, imported) or "available" (stockpiled, in reserve); ""
    when the sentence does not say."""
    before = clause_words(text[max(0, quantity.start - 90) : quantity.start])[-STAGE_REACH:]
    after = clause_words(text[quantity.end : quantity.end + 90], forwards=True)[:STAGE_REACH]
    for distance in range(max(len(before), len(after))):
        for word in (before[-1 - distance] if distance < len(before) else "", after[distance] if distance < len(after) else ""):
            stage = next((stage for stage, prefixes in STAGES if word.startswith(prefixes)), "")
            if stage:
                return stage
    return ""


ANAPHORS = frozenset("the this that its".split())  # "the unit has delivered": the unit the sentence before named


def _anaphoric(words: list[str]) -> bool:
    """Whether a bare worker word ends in a singular group noun after "the" / "this" ("As of March 25, the unit has
    delivered"): the group the sentence before named, credited with its share as if it were named here."""
    return (len(words) >= 2 and words[-2] in ANAPHORS and words[-1] == singular(words[-1])
            and words[-1] not in ("personnel", "staff"))


def _partner(words: list[str]) -> bool:
    """Whether the words before a group's name make it a partner, not the one credited: "JTF 505 in tandem with the
    U.S. Agency for International Development has delivered" credits the task force, working with the agency."""
    for distance in range(1, min(len(words), PARTNER_REACH) + 1):
        if words[-distance] == "with":
            return distance < len(words) and words[-distance - 1] in PARTNER_LEADS
        if _verb_like(words[-distance]) or words[-distance] == ",":
            return False
    return False


def _words_back(segment: str) -> list[str]:
    """The folded words of the clause before a figure, an aside between dashes and an (ACRONYM) left out."""
    segment = ACRONYM.sub(" ", re.sub(r"[—–]\s*[^—–]{1,80}?\s*[—–]", " ", segment))
    return [w.lower() if w[0].isalpha() else ","  # any other token (a figure, a dash) ends a name
            for w in WORD.findall(re.split(r"[;!?()]|,\s+(?:which|who|while|but)\b", segment)[-1])]


def _verb_like(word: str) -> bool:
    return word.endswith("ed") or word in VERBS or word.startswith(ALL_PREFIXES)


def _group(words: list[str]) -> frozenset[str]:
    """A group's name: the stems of the head noun and the modifiers before it, back to a determiner or a verb."""
    name = []
    for word in reversed(words):
        if name and (word in CREDIT_STOPS or word in ("the", "a", "an", "other", "all", ",")
                     or word.endswith("ed") or word in VERBS):
            break
        if not name and word not in STOPS and (word.endswith(("ed", "ing")) or word in VERBS or word in HEDGE_WORDS):
            break  # "transported 273 personnel", "transporting nearly 70 personnel": no group is named
        if word not in STOPS and word[0].isalpha() and "." not in word:  # "U.S." qualifies many groups
            name.append(stem(singular(word.strip("'’").replace(".", ""))))
        if len(name) > MAX_RUN * 2:
            break
    return frozenset(name)


@per_text()
def collective_group(text: str, quantity: Quantity) -> frozenset[str]:
    """The stems naming the group whose members a figure counts: the words before the collective noun ("300 USAR
    personnel" -> usar; "the number of U.S. USAR members to 506" -> usar), else what the figure is the size of ("bringing
    the team to 15 members" -> team), else the name that deployed them ("the SDF had deployed 106,200 personnel"). Empty when the sentence names no group ("dozens of staff")."""
    after = _plain_words(text[quantity.end : quantity.end + 120])[:COLLECTIVE_REACH]
    before = _words_back(text[max(0, quantity.start - 120) : quantity.start])
    at = next((i for i, word in enumerate(after) if word in COLLECTIVE), None)
    if at is not None:
        group = _group(after[: at + 1]) - COLLECTIVE_STEMS
        return group or _group(before) - COLLECTIVE_STEMS - GROUP_NOISE or deploying_force(text, quantity)
    back = next((i for i in range(len(before) - 1, max(-1, len(before) - 1 - COLLECTIVE_REACH), -1)
                 if before[i] in COLLECTIVE), None)
    return frozenset() if back is None else _group(before[: back + 1]) - COLLECTIVE_STEMS - GROUP_NOISE


def _plain_words(segment: str) -> list[str]:
    """The folded words of the clause after a figure, an (ACRONYM) and a size ("35-member") left out."""
    segment = re.split(r"[;!?()]", ACRONYM.sub(" ", segment))[0]
    return [w.lower() if w[0].isalpha() else "," for w in WORD.findall(SIZE.sub(" ", segment))]


@per_text()
def named_kind(text: str, quantity: Quantity, keys: frozenset[str]) -> frozenset[str]:
    """The name words of a named kind of thing a figure counts ("five 35-member Disaster Medical Assistance Teams" ->
    disast, medic, assist): a count of a named kind is a count of that kind only. Empty for a plain noun ("seven teams",
    "300 USAR personnel": the head is not part of a name)."""
    run = NAMED_RUN.match(text, quantity.end)
    names = run.group(1).split() if run else []
    if len(names) < 2 or noun_key(names[-1]) not in keys:
        return frozenset()
    return frozenset(stem(singular(word.lower())) for word in names[:-1])


@per_text()
def surroundings(text: str, quantity: Quantity, keys: frozenset[str]) -> frozenset[str]:
    """The stems of the content words around a figure (within the clause, ten words either side), what it counts left out.

    Two figures for the same thing are about the same instance of it when they share one of these: "USAR teams
    had rescued 22" and "USAR personnel had rescued nine" do, "the team to 15 members" and "506 USAR members" do not.
    """
    start, end = _restated(text, quantity)
    before = clause_words(text[max(0, start - 90) : start])[-WINDOW:]
    after = clause_words(text[end : end + 90], forwards=True)[:WINDOW]
    found = set(map(_around_term, before + after))
    found.discard(None)
    return frozenset(found - {key.partition(":")[0] for key in keys} - keys)


RESTATED = re.compile(r"\d[\d,.]*\s+[^\W\d_]+\s*\(\s*$")  # "1,152 barrels (": a figure about to be restated


def _restated(text: str, quantity: Quantity) -> tuple[int, int]:
    """Where the words around a figure are read from: around its parentheses when it restates the figure before it in
    another unit ("recovered 1,152 barrels (43,384 gallons) of an oil-water mix": recovered, oil-water, mix), else
    around the figure itself."""
    if "(" not in text[max(0, quantity.start - 3) : quantity.start]:
        return quantity.start, quantity.end
    opening = text.rfind("(", 0, quantity.start)
    closing = text.find(")", quantity.end)
    if closing < 0 or closing - quantity.end > 40 or not RESTATED.search(text, max(0, opening - 40), opening + 1):
        return quantity.start, quantity.end
    outer = RESTATED.search(text, max(0, opening - 40), opening + 1).start()
    return outer, closing + 1


@lru_cache(maxsize=65536)
def _around_term(word: str) -> str | None:
    """The stem `surroundings` keeps for a word near a figure, or None for a word it leaves out (short, a stopword, an
    abbreviation, a number word). Remembered: the same words come back around every figure."""
    if word in STOPS or len(word) <= 2 or "." in word or word in WORD_NUMBERS or word in SCALES:
        return None
    return stem(singular(word.strip("'’")))
