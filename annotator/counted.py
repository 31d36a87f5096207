"""What a quantity counts, as index keys: its counted noun folded and stemmed ("13,000 shipping containers" -> contain),
and for people, what happened to them ("killed about 200,000 people" -> people:dead, "rescued 22 individuals" -> people:rescued).

Two quantities count the same thing when they share a key. The keys go into the `sentence_counts` table,
so a claim's "6,700 containers" finds "13,000 containers" elsewhere whatever the value. Which share of a count a figure
is (a group's, a stage of a flow) is read in `count_groups`; the words both read, in `count_words`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from annotator.count_groups import collective_group
from annotator.count_words import (
    ABBREVIATION,
    ACRONYM,
    ALL_PREFIXES,
    CLAUSE_BREAK,
    COLLECTIVE_KEY,
    MAX_RUN,
    OUTCOME_PREFIXES,
    PUNCTUATION,
    STOPS,
    SYNONYMS,
    VERBS,
    WINDOW,
    WORD,
    clause_words,
    noun_key,
)
from annotator.measures import DISTANCE_KEY, LENGTHS, as_measure, base_unit, bearing
from annotator.numbers import CURRENCIES, MAGNITUDE_AFTER, SCALES, WORD_NUMBERS, Quantity, singular
from annotator.sentence_features import features, stem
from annotator.text_caches import per_text

# Verbs that tie a figure to what it counts from before it ("rose to 310", "stand at 6,000"), as `_noun_before` skips them.
MOTION = frozenset("rose rise rises grew grow grows stand stands reach reaches top tops hit hits near nears pass passes "
                   "exceed exceeds total totals climb climbs jump jumps soar soars".split())
KILLED_BEFORE = re.compile(r"\bkill(?:s|ed|ing)?\s+(?:(?:at least|more than|nearly|almost|about|some|over|up to)\s+)?$",
                           re.IGNORECASE)
MODIFIERS = frozenset("more additional other new extra further total".split())  # "1,500 more police"
ADVERBS = frozenset("still now already currently reportedly yet".split())  # "thousands more still missing": not counted
REFERRING = frozenset("figure number total count tally estimate toll".split())  # "elevate the figure to 200,000"
# "the death toll in a central province ... could reach as high as 10,000": the figure a toll's verb reaches is the toll's.
TOLL_BEFORE = re.compile(r"\b(?:toll|tally|count|figure|number)s?\b[^.;:!?\d]{0,100}?\b(?:reach|rise|rose|risen|climb|stand"
                         r"|stood|top|hit|exceed|pass)\w*\b[^.;:!?\d]{0,24}$", re.IGNORECASE)
TOLL_WORDS = ("toll", "tally", "count", "figure", "number")
# Words that name people by what happened to them: "10,000 injured", "16,000 sustained injuries" count the injured.
OUTCOME_NOUNS = {"injured": "injured", "injuries": "injured", "injury": "injured", "wounded": "injured",
                 "missing": "missing", "displaced": "displaced", "homeless": "displaced", "refugees": "displaced",
                 "refugee": "displaced", "evacuees": "displaced", "evacuee": "displaced"}
# A group of these is a force's troops: "300 military personnel", "1,400 Guard members", "50 Navy staff".
MILITARY = frozenset({"servic", "militari", "dod", "army", "armi", "guard", "navi", "navy", "marin"})
CORPSES = frozenset("body bodies corpse corpses".split())  # counted bodies are the dead unless said otherwise
# Where a word of `_outcome` may start with a prefix: a piece's start, or after a space, a clause break or punctuation.
ANY_PREFIX = re.compile(r"(?:^|(?<=[\s;!?()" + re.escape(PUNCTUATION) + r"]))(?:" + "|".join(map(re.escape, ALL_PREFIXES)) + ")")
LABEL = re.compile(r"(?:^|[.;:!?]\s)([^.;:!?]{1,110}?):\s*(?:[$€£¥]\s?)?$")  # "Total Assistance: $175,676,090"
RELATIVE = re.compile(r"[\s\w'’-]{1,40}?\s+(?:who|that)\s", re.IGNORECASE)  # "people who", "individuals that"
SIZE_UNIT = re.compile(r"-[^\W\d_]+")  # "-member" of "35-member", "-liter" of "10-liter"
# Words that say when, never what a figure counts: "$356.76 in early trading", "10 a.m. ET", "rose Tuesday to 310".
# (How long, "10 days", is a duration and still counted.)
TIME_WORDS = frozenset("""early earlier late later mid morning mornings afternoon evening night overnight midday noon
    midnight today tonight yesterday tomorrow weekend monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december et est edt ct cst cdt pt pst pdt gmt
    utc bst cet""".split())
# A label's number: "Title 32", "Section 8", "Phase 2", "Chapter 11", "Level 4", "Category 3", "No. 5". Names
# (capitalised), and the few of these news also writes in lower case ("a level 4 alert", "a category 3 storm").
LABEL_BEFORE = re.compile(r"(?:\b(?:Title|Section|Phase|Chapter|Level|Category|Article|Stage|Tier|Grade|Class|Step|Part"
                          r"|Rule|Amendment|Room|Gate|Terminal|Platform|Route|Highway|Interstate|Flight|Building|Pier"
                          r"|Unit|Ward|District|Precinct|Zone|Sector|Lot|Block)|\b(?:title|section|phase|chapter|level"
                          r"|category|stage|tier|grade)|\bNo\.|#)\s?$")
# Words after a measure that say which way it measures ("a surge five meters high", "a 3-mile-long line"), not a thing
# counted: the measure is keyed by its unit's kind (metres for feet, km for miles), so "13 feet" meets "four meters".
DIMENSION_AFTER = re.compile(r"[\s-]+(?:high|tall|deep|long|wide|thick|across)\b", re.IGNORECASE)
# A place's population: "the city of 220,000", "a town of some 8,000 people", "a nation of 110 million".
POPULATION_BEFORE = re.compile(r"\b(?:city|town|village|country|nation|island|province|state|region|district|capital"
                               r"|community|municipality|metropolis|port)\s+of\s+(?:(?:about|some|nearly|almost|around"
                               r"|roughly|approximately|over|more than|at least|just over|just under)\s+)?$",
                               re.IGNORECASE)
POPULATION_KEY = "population"
# Keys no word of their own says: a measure keyed by its unit's kind is said by its units, a population by its place.
KEY_WORDS = {"m": ("meters", "metres", "meter", "metre", "feet", "foot", "ft"),
             "km": ("kilometers", "kilometres", "km", "miles", "mile", "mi"),
             "kg": ("kilograms", "kg", "tons", "ton", "tonnes", "tonne", "pounds", "pound", "lbs", "lb"),
             "l": ("litres", "liters", "litre", "liter", "gallons", "gallon"),
             "mm": ("millimeters", "millimetres", "mm", "centimeters", "centimetres", "cm"),
             POPULATION_KEY: ("city", "town", "village", "country", "nation", "island", "province", "state", "region",
                              "district", "capital", "community", "municipality", "metropolis", "port", "population")}
# What a sum of money given as aid is said to be (stems, as `noun_key` gives them): one giver's running total.
FUNDING = frozenset({"aid", "relief", "fund", "contribut", "pledg", "commit", "donat", "grant", "financ", "help",
                     "support", "recoveri", "respons", "humanitarian", "emerg", "money", "total"})
CURRENCY_UNITS = frozenset(CURRENCIES.values())
MONEY_PREFIX = "money:"  # "money:$": a sum of aid in dollars, whatever word says it is aid
ADDED_PREFIX = "added-money:"  # "added-money:$": a sum of aid in dollars added to the total
INCREMENT_REACH = 48
# The words that say a sentence's bare sum is aid: "pegged the total contributions at about $96 million". A pattern,
# not the sentence's stems: ingest reads every sum, and stemming a sentence costs more than the rest of its reading.
AID_WORDS = re.compile(r"\b(?:aid|aids|aided|assist\w*|relief|fund\w*|contribut\w*|pledg\w*|donat\w*|grant\w*"
                       r"|humanitarian)\b", re.IGNORECASE)
CURRENCY_NOUNS = frozenset({"dollar", "euro", "yen", "buck"})  # as `noun_key` gives them
# The givers together: "Donors pledged more than $5 billion", "the international community has pledged": their total
# is another running count than one giver's.
ALL_DONORS = re.compile(r"\b(?:donors|donor (?:nations|countries|governments)|international community|the world|"
                        r"countries|nations|governments)\b", re.IGNORECASE)
ALL_DONORS_PREFIX = "all-donors-money:"
INCREMENT_BEFORE = re.compile(r"\b(?:additional|another|new|extra|further|add|adds|added|adding)\b[^.;:!?\d$€£¥]*$", re.IGNORECASE)
CELL_BREAK = re.compile(r"\s/\s")  # "4 million homeless / 1 million in need": two cells of a table row
CLOCK_AFTER = re.compile(r"\s*(?:[ap]\.m\.|[ap]m\b)", re.IGNORECASE)  # "10 a.m.", "5 pm": a time of day counts nothing


@lru_cache(maxsize=1024)
def key_terms(key: str) -> frozenset[str]:
    """The word stems that may say a counted key in a sentence: the key's own, and its synonyms' ("aid": assist)."""
    thing = key.rpartition("-")[2]
    military = MILITARY if thing == "troop" else frozenset()  # "300 U.S. military personnel" says troops
    said_by = frozenset(stem(word) for word in KEY_WORDS.get(thing, ()))  # "13 feet" (key m) is said by "feet"
    return frozenset({thing} | military | said_by | {stem(word) for word, merged in SYNONYMS.items() if merged == thing})



def counted_keys(text: str) -> tuple[frozenset[str], ...]:
    """For each quantity of `find_quantities(text)`, the keys of what it counts (empty when nothing is said)."""
    return tuple(keys for _, keys in counted_quantities(text))


@per_text()
def counted_quantities(text: str) -> tuple[tuple[Quantity, frozenset[str]], ...]:
    """Each quantity of a text with the keys of what it counts (cached: candidates recur)."""
    measures = [as_measure(text, quantity) for quantity in features(text).quantities]  # "129,000 pounds of water"
    return tuple((quantity, keys_of(text, quantity)) for quantity in measures)


def label_number(text: str, quantity: Quantity) -> bool:
    """Whether a bare figure is a label's number, not a count: "Title 32 status", "Phase 2", "Chapter 11", "Category 3"."""
    return not quantity.unit and quantity.start > 0 and bool(LABEL_BEFORE.search(text, max(0, quantity.start - 16),
                                                                                quantity.start))


def keys_of(text: str, quantity: Quantity) -> frozenset[str]:
    """The keys of what one quantity counts: its head nouns, or people:<outcome> for people and bare counts."""
    quantity = as_measure(text, quantity)  # a weight in pounds, a volume in gallons: keyed by what it measures
    if not quantity.unit and (CLOCK_AFTER.match(text, quantity.end) or label_number(text, quantity)):
        return frozenset()
    if quantity.unit == "magnitude" and MAGNITUDE_AFTER.match(text, quantity.end):
        return frozenset({noun_key(_event_before(text, quantity.start))})  # "the quake measured 7.3 in magnitude"
    if quantity.unit in LENGTHS and bearing(text, quantity) is not None:
        return frozenset({DISTANCE_KEY})  # "80 kilometers east of the capital": how far from a place, not "east"
    if quantity.unit not in ("", "year"):
        heads = (_heads_after(text, quantity.end) or _label_head(text, quantity.start)  # "152mm shells", "120mm mortars"
                 or _row_name(text, quantity))
        if DIMENSION_AFTER.match(text, quantity.end):
            heads = []  # "five meters high": how high, not a thing "high"
        keys = frozenset(noun_key(head) for head in heads) or frozenset({base_unit(quantity.unit)})
        return _money_keys(text, quantity, keys)
    if quantity.unit == "year":
        return frozenset()
    heads = _heads_after(text, quantity.end)
    if POPULATION_BEFORE.search(text, max(0, quantity.start - 60), quantity.start) and (
            not heads or {noun_key(head) for head in heads} <= {"people"}):
        return frozenset({POPULATION_KEY})  # "the city of 220,000", "a town of 8,000 residents": how many live there
    keys = {f"people:{OUTCOME_NOUNS[head]}" if head in OUTCOME_NOUNS else noun_key(head) for head in heads}
    if COLLECTIVE_KEY in keys and collective_group(text, quantity) & MILITARY:
        keys = keys - {COLLECTIVE_KEY} | {"troop"}  # "121 U.S. service members", "300 military personnel": troops
    if keys and not keys & {"people", "dead"} and _killed_before(text, quantity):
        keys.add("people:dead")  # "killing 17 climbers": whoever they were, they are among the dead
    if not keys or keys & {"people", "dead"}:
        outcome = _outcome(text, quantity)
        keys = {key for key in keys if key not in ("people", "dead")}
        dead = "dead" in {noun_key(h) for h in heads} or bool(CORPSES & set(heads))
        before = [] if heads else _noun_before(text, quantity.start)
        if not outcome and (before and before[0] in REFERRING or not heads and _toll_before(text, quantity)):
            outcome = _outcome(text, quantity, reach=len(text))  # the figure refers back to what the sentence counts
        if not outcome and heads and RELATIVE.match(text, quantity.end):
            outcome = _outcome(text, quantity, reach=len(text))  # "20 people who were still alive were removed"
        if outcome or dead:
            keys.add(f"people:{outcome or 'dead'}")
        elif heads:
            keys.add("people")
        else:
            keys |= {noun_key(word) for word in before}
    return frozenset(keys)


def _money_keys(text: str, quantity: Quantity, keys: frozenset[str]) -> frozenset[str]:
    """A sum said to be aid of any kind, or said to be for nothing, also counts a giver's running total of money:
    "$10 million in aid", "35 million $ for humanitarian assistance", "total contributions at about $96 million",
    "more than $390 million in immediate relief" are one total counted on different days (pakistan-2010's gold). A sum
    added to it ("the additional $20 million", "a new pledge ... of $60 million", "U.S. Adds $60 Million") is an
    increment, counted apart from every total; a sum for a thing ("$1 million worth of tents") or a table row's agency
    ("DoD $17,906,474") keeps its own keys."""
    if quantity.unit not in CURRENCY_UNITS or not keys <= FUNDING | CURRENCY_NOUNS | {quantity.unit}:
        return keys
    keys = keys - CURRENCY_NOUNS or frozenset({quantity.unit})  # "$50 million dollars" names no thing but money
    if keys == {quantity.unit} and not AID_WORDS.search(text):
        return keys  # "The county paid $3 million", "$356.76 in early trading": a sum, but not said to be aid
    if INCREMENT_BEFORE.search(text, max(0, quantity.start - INCREMENT_REACH), quantity.start):
        return keys - {quantity.unit} | {f"{ADDED_PREFIX}{quantity.unit}"}  # what it is said to be, but no bare sum
    if ALL_DONORS.search(text, 0, quantity.start):
        return keys - {quantity.unit} | {f"{ALL_DONORS_PREFIX}{quantity.unit}"}  # "Donors pledged $5 billion": every giver's
    return keys | {f"{MONEY_PREFIX}{quantity.unit}"}


def _toll_before(text: str, quantity: Quantity) -> bool:
    """Whether the figure is what a toll (a tally, a count) named before it reaches: "the toll ... could reach 10,000"."""
    window = text[max(0, quantity.start - 140) : quantity.start].lower()
    return any(word in window for word in TOLL_WORDS) and bool(TOLL_BEFORE.search(window))


def _killed_before(text: str, quantity: Quantity) -> bool:
    """Whether a verb of killing governs the figure right before it ("killing 17 climbers", "killed at least 12 hikers")."""
    window = text[max(0, quantity.start - 32) : quantity.start]
    return "kill" in window.lower() and bool(KILLED_BEFORE.search(window))



def _plural(word: str) -> bool:
    """Whether a lower-case word reads as a regular plural noun ("ships", "supplies"), not "gas" or "news"."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "news")) and singular(word) != word


def _heads_after(text: str, end: int) -> list[str]:
    """The head noun of each conjunct right after a quantity ("takeoffs and landings" -> takeoffs, landings)."""
    heads, run, last_was_lower, attribute, skip_to, lowercase = [], [], False, "", 0, 0
    glued, after_of = end < len(text) and text[end] == "-", False
    for match in WORD.finditer(text, end, min(len(text), end + 90)):
        token, lower = match.group(0), match.group(0).lower()
        if skip_to > match.start():
            continue
        if token == "(" and run and (acronym := ACRONYM.match(text, match.start())):
            skip_to = acronym.end()
            continue
        if ABBREVIATION.fullmatch(token) or (lower in MODIFIERS and not run) or (lower in ADVERBS and not run):
            continue
        if not token[0].isalpha():
            if token[0].isdigit() and not run and not heads:
                # "9,600 10-liter water containers", "five 35-member teams": the size of each thing, unit and all,
                # between the count and the thing counted
                sized = SIZE_UNIT.match(text, match.end())
                skip_to = sized.end() if sized else skip_to
                continue
            if token in "-.'’" and token != ".":
                continue
            if token == "." and not run:
                continue
            break
        part = lower.split("-")[-1] if glued or not run else lower
        if after_of and not run and not heads and (lower in ("the", "its", "their", "his", "her", "our")
                                                   or lower.endswith(("'s", "’s"))):
            continue  # "35 of the country's 75 districts": a part of the whole counts what the whole counts
        if lower in ("last", "next") and not run and not heads:
            break  # "rose to 310 last week": a time, not what is counted
        if lower in STOPS or part in STOPS:
            if lower in ("and", "or") and run:
                heads.append(run[-1])
                run, lowercase = [], 0
                continue  # a verb after "and" ends it below: "killed 200,000 people and affected"
            if lower in ("of", "in") and not run and not heads:
                after_of = after_of or lower == "of"
                continue  # "$63.3 million in humanitarian assistance", "tens of thousands of fatalities"
            if lower == "of" and run and run[-1] in REFERRING and not heads:
                run, lowercase, last_was_lower = [], 0, False
                continue  # "11,175 Estimated Number of People Injured": what the number counts follows "of"
            break
        if part in WORD_NUMBERS or part in SCALES or singular(part) in SCALES:
            if heads and not run:
                break  # "6,000 injured and thousands more missing": another figure, not a second thing this one counts
            continue
        if (lower.endswith(("ed", "ing")) or lower in VERBS) and (run or heads):
            break
        if lower in VERBS and not heads:
            break  # "11 remain unaccounted for", "20 have left": a verb, not what is counted
        if run and last_was_lower and token[0].islower() and _plural(run[-1]) and not _plural(part):
            break  # "four ships arrive Wednesday": a plural noun, then its verb (a noun before a plural would lead it)
        if run and token[0].isupper() and last_was_lower:
            break  # a name after the noun starts something else ("containers North Korea sent")
        if glued:  # "72-person team", "10-liter containers": a size of the thing, kept apart from plain counts
            attribute, glued = part, False
            continue
        run.append(part)
        last_was_lower = token[0].islower()
        lowercase += last_was_lower
        if lowercase >= MAX_RUN or len(run) > 2 * MAX_RUN:
            break
    if run:
        heads.append(run[-1])
    heads = [head for head in heads if len(head) > 1 and head not in TIME_WORDS]
    return [f"{attribute}-{heads[0] if heads else ''}"] if attribute else heads


def _outcome(text: str, quantity: Quantity, reach: int = WINDOW) -> str:
    """What happened to the people counted: the outcome word nearest the quantity, within the clause."""
    span = 90 if reach <= WINDOW else len(text)
    if not (ANY_PREFIX.search(text[max(0, quantity.start - span) : quantity.start].lower())
            or ANY_PREFIX.search(text[quantity.end : quantity.end + span].lower())):
        return ""  # the words below come from these two pieces: none of them can start with a prefix
    clause_before = CLAUSE_BREAK.split(text[max(0, quantity.start - span) : quantity.start])[-1]
    before = CELL_BREAK.split(clause_before)[-1].lower().split()[-reach:]
    after = CELL_BREAK.split(CLAUSE_BREAK.split(text[quantity.end : quantity.end + span])[0])[0].lower().split()[:reach]
    for distance in range(max(len(before), len(after))):
        for word in (before[-1 - distance] if distance < len(before) else "", after[distance] if distance < len(after) else ""):
            word = word.strip(PUNCTUATION)
            if word.startswith(ALL_PREFIXES):
                return next(outcome for prefix, outcome in OUTCOME_PREFIXES if word.startswith(prefix))
    return ""



ROW = re.compile(r"\s*([A-Za-z][\w/&.'’-]*(?:\s+[A-Za-z][\w/&.'’-]*){0,2})\s*$")  # "DoD", "USAID/OFDA", "TOTAL"


def _row_name(text: str, quantity: Quantity) -> list[str]:
    """The name of a table row that is nothing but a name and the figure ("DoD $17,906,474", "USAID/OFDA $10,000,000"):
    what the figure is for, its last word."""
    match = ROW.fullmatch(text, 0, quantity.start)
    if match is None or text[quantity.end :].strip(" .") or any(w.lower() in VERBS for w in match.group(1).split()):
        return []
    words = [w for w in WORD.findall(match.group(1)) if w[0].isalpha()]
    return [words[-1].lower()] if words else []


def _label_head(text: str, start: int) -> list[str]:
    """The head noun of a label the figure is the value of ("Total FY 2010 Assistance to Haiti: $175,676,090" ->
    assistance): the last word of the label before its first preposition."""
    if ":" not in text[max(0, start - 120) : start]:
        return []  # no label's colon before the figure: the pattern, slow to fail, cannot match
    match = LABEL.search(text, max(0, start - 120), start)
    if match is None:
        return []
    words = []
    for word in clause_words(match.group(1)):
        if word in STOPS:
            if words:
                break
            continue
        words.append(word)
    return [words[-1]] if words else []


EVENT = re.compile(r"\b(earthquakes?|quakes?|temblors?|aftershocks?|tremors?)\b", re.IGNORECASE)


def _event_before(text: str, start: int) -> str:
    """What a magnitude written after its figure measures: the last quake named before it ("an earthquake over the
    weekend, measuring 7.8 on the Richter scale"), an earthquake when none is (the Richter scale measures quakes)."""
    events = EVENT.findall(text, 0, start)
    return events[-1] if events else "earthquake"


def _noun_before(text: str, start: int) -> list[str]:
    """The nearest content word before a bare count ("Estimated Deaths: 112,405"), within three words."""
    words = clause_words(text[max(0, start - 40) : start])[-3:]
    for word in reversed(words):
        if word in MOTION or word in VERBS or word.endswith("ing") or word in TIME_WORDS:
            continue  # "shipments rose to 310", "casualties now stand at 6,000": the verb is not what is counted
        if word not in STOPS and not word.endswith(("ed", "ly")) and word not in WORD_NUMBERS:
            return [word]
    return []
