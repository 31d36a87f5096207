"""What a quantity counts, as index keys: its counted noun folded and stemmed ("13,000 shipping containers" -> contain),
and for people, what happened to them ("killed about 200,000 people" -> people:dead, "rescued 22 individuals" -> people:rescued).

Two quantities count the same thing when they share a key. The keys go into the `sentence_counts` table,
so a claim's "6,700 containers" finds "13,000 containers" elsewhere whatever the value.
"""

from __future__ import annotations

import re
from functools import lru_cache

from annotator.measures import DISTANCE_KEY, LENGTHS, bearing
from annotator.numbers import MAGNITUDE_AFTER, SCALES, WORD_NUMBERS, Quantity, singular
from annotator.sentence_features import STOPWORDS, features, fold, stem
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
# Verbs that tie a figure to what it counts from before it ("rose to 310", "stand at 6,000"), as `_noun_before` skips them.
MOTION = frozenset("rose rise rises grew grow grows stand stands reach reaches top tops hit hits near nears pass passes "
                   "exceed exceeds total totals climb climbs jump jumps soar soars".split())
KILLED_BEFORE = re.compile(r"\bkill(?:s|ed|ing)?\s+(?:(?:at least|more than|nearly|almost|about|some|over|up to)\s+)?$",
                           re.IGNORECASE)
MODIFIERS = frozenset("more additional other new extra further total".split())  # "1,500 more police"
ADVERBS = frozenset("still now already currently reportedly yet".split())  # "thousands more still missing": not counted
STOPS = STOPWORDS | frozenset("""of in on at to from for by with than and or as per here there were was throughout across
    within without among amid around near inside outside into onto along against between beyond beneath behind via despite
    toward towards upon
    aboard""".split())
GENERIC = frozenset("people person persons individual individuals survivor survivors victim victims civilian civilians "
                    "resident residents child children man men woman women body bodies corpse corpses".split())
REFERRING = frozenset("figure number total count tally estimate toll".split())  # "elevate the figure to 200,000"
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
            "assistance": "aid", "fatality": "dead", "casualty": "dead", "death": "dead", "round": "shell"}
# People counted as a group's members ("506 USAR members", "300 USAR personnel") are one counted thing, the group's
# strength: two such counts are of one group only when they name it alike (see `collective_group`).
COLLECTIVE = frozenset("member members personnel staff staffs staffer staffers worker workers employee employees".split())
COLLECTIVE_KEY = "personnel"
SYNONYMS |= {singular(word): COLLECTIVE_KEY for word in COLLECTIVE}
# Words that name people by what happened to them: "10,000 injured", "16,000 sustained injuries" count the injured.
OUTCOME_NOUNS = {"injured": "injured", "injuries": "injured", "injury": "injured", "wounded": "injured",
                 "missing": "missing", "displaced": "displaced", "homeless": "displaced"}
HEDGE_WORDS = frozenset("nearly almost about around approximately roughly some over under".split())
MILITARY = frozenset({"servic", "militari", "dod", "army", "armi"})  # a group of these is the military's troops
CORPSES = frozenset("body bodies corpse corpses".split())  # counted bodies are the dead unless said otherwise
OUTCOME_PREFIXES = [(prefix, outcome) for outcome, prefixes in OUTCOMES for prefix in prefixes]
ALL_PREFIXES = tuple(prefix for prefix, _ in OUTCOME_PREFIXES)
PUNCTUATION = "\"'’“”,.:-—–"
CLAUSE_BREAK = re.compile(r"[;!?()]")
# Where a word of `_outcome` may start with a prefix: a piece's start, or after a space, a clause break or punctuation.
ANY_PREFIX = re.compile(r"(?:^|(?<=[\s;!?()" + re.escape(PUNCTUATION) + r"]))(?:" + "|".join(map(re.escape, ALL_PREFIXES)) + ")")
WINDOW = 10  # words either side that may say what happened to the people counted
MAX_RUN = 3  # lowercase words of a noun run; a name before the noun does not count ("13 USAID DART members")
LABEL = re.compile(r"(?:^|[.;:!?]\s)([^.;:!?]{1,110}?):\s*(?:[$€£¥]\s?)?$")  # "Total Assistance: $175,676,090"
RELATIVE = re.compile(r"[\s\w'’-]{1,40}?\s+(?:who|that)\s", re.IGNORECASE)  # "people who", "individuals that"
# Who did what was counted: a group of workers credited with it is one share of a total, not a rival total.
WORKERS = frozenset("""team teams crew crews personnel unit units squad squads rescuer rescuers worker workers volunteer
    volunteers responder responders operator operators force forces troop troops soldier soldiers medic medics
    firefighter firefighters staff agency agencies group groups brigade brigades battalion battalions""".split())
# Three counts of one flow a fact-checker keeps apart: what was promised, what was sent, what arrived.
STAGES = (("promised", ("pledg", "promis", "committ", "earmark")),
          ("sent", ("sent", "send", "ship", "dispatch", "export", "supplied", "supplies", "deliver", "transferr",
                    "provided", "donated", "deployed")),
          ("received", ("receiv", "arriv", "import", "obtain")))
STAGE_REACH = 8  # words either side
CREDIT_REACH = 12  # words between a figure and the group credited with it
PARTNER_LEADS = frozenset("tandem together along cooperation partnership coordination conjunction concert".split())
PARTNER_REACH = 6  # words back from a group's name to the "with" that makes it a partner
CREDIT_STOPS = frozenset("that which who whom whose said says according reported".split())
SIZE_UNIT = re.compile(r"-[^\W\d_]+")  # "-member" of "35-member", "-liter" of "10-liter"
# After a figure, a size and a run of capitalised words ending in what is counted: "five 35-member Disaster Medical
# Assistance Teams".
NAMED_RUN = re.compile(r"(?:\s+\d[\d,.]*-[^\W\d_]+)?((?:\s+[A-Z][\w'’]*(?:-[\w'’]+)*)+)")
SIZE = re.compile(r"\b\d[\d,.]*-[^\W\d_]+")  # "35-member", "10-liter": the size of each thing counted
COLLECTIVE_REACH = 8  # words between a figure and the collective noun it counts
ACRONYM = re.compile(r"\(\s*[A-Z][A-Za-z]*(?:[/&.-][A-Za-z]+)*\s*\)")  # "(USAID/DART)" after the name it shortens
# Words that say when, never what a figure counts: "$356.76 in early trading", "10 a.m. ET", "rose Tuesday to 310".
# (How long, "10 days", is a duration and still counted.)
TIME_WORDS = frozenset("""early earlier late later mid morning mornings afternoon evening night overnight midday noon
    midnight today tonight yesterday tomorrow weekend monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december et est edt ct cst cdt pt pst pdt gmt
    utc bst cet""".split())
CLOCK_AFTER = re.compile(r"\s*(?:[ap]\.m\.|[ap]m\b)", re.IGNORECASE)  # "10 a.m.", "5 pm": a time of day counts nothing


@lru_cache(maxsize=1024)
def key_terms(key: str) -> frozenset[str]:
    """The word stems that may say a counted key in a sentence: the key's own, and its synonyms' ("aid": assist)."""
    thing = key.rpartition("-")[2]
    military = MILITARY if thing == "troop" else frozenset()  # "300 U.S. military personnel" says troops
    return frozenset({thing} | military | {stem(word) for word, merged in SYNONYMS.items() if merged == thing})


COLLECTIVE_STEMS = frozenset({"personnel", "member", "staff", "staffer", "worker", "employe", "employee"})
GROUP_NOISE = frozenset("total number figure count".split())  # "the total number of USAR members": not the group's name


def counted_keys(text: str) -> tuple[frozenset[str], ...]:
    """For each quantity of `find_quantities(text)`, the keys of what it counts (empty when nothing is said)."""
    return tuple(keys for _, keys in counted_quantities(text))


@per_text()
def counted_quantities(text: str) -> tuple[tuple[Quantity, frozenset[str]], ...]:
    """Each quantity of a text with the keys of what it counts (cached: candidates recur)."""
    return tuple((quantity, keys_of(text, quantity)) for quantity in features(text).quantities)


def keys_of(text: str, quantity: Quantity) -> frozenset[str]:
    """The keys of what one quantity counts: its head nouns, or people:<outcome> for people and bare counts."""
    if not quantity.unit and CLOCK_AFTER.match(text, quantity.end):
        return frozenset()
    if quantity.unit == "magnitude" and MAGNITUDE_AFTER.match(text, quantity.end):
        return frozenset({_key(_event_before(text, quantity.start))})  # "the quake measured 7.3 in magnitude"
    if quantity.unit in LENGTHS and bearing(text, quantity) is not None:
        return frozenset({DISTANCE_KEY})  # "80 kilometers east of the capital": how far from a place, not "east"
    if quantity.unit not in ("", "year"):
        heads = (_heads_after(text, quantity.end) or _label_head(text, quantity.start)  # "152mm shells", "120mm mortars"
                 or _row_name(text, quantity))
        return frozenset(_key(head) for head in heads) or frozenset({quantity.unit})
    if quantity.unit == "year":
        return frozenset()
    heads = _heads_after(text, quantity.end)
    keys = {f"people:{OUTCOME_NOUNS[head]}" if head in OUTCOME_NOUNS else _key(head) for head in heads}
    if COLLECTIVE_KEY in keys and collective_group(text, quantity) & MILITARY:
        keys = keys - {COLLECTIVE_KEY} | {"troop"}  # "121 U.S. service members", "300 military personnel": troops
    if keys and not keys & {"people", "dead"} and _killed_before(text, quantity):
        keys.add("people:dead")  # "killing 17 climbers": whoever they were, they are among the dead
    if not keys or keys & {"people", "dead"}:
        outcome = _outcome(text, quantity)
        keys = {key for key in keys if key not in ("people", "dead")}
        dead = "dead" in {_key(h) for h in heads} or bool(CORPSES & set(heads))
        before = [] if heads else _noun_before(text, quantity.start)
        if not outcome and before and before[0] in REFERRING:
            outcome = _outcome(text, quantity, reach=len(text))  # the figure refers back to what the sentence counts
        if not outcome and heads and RELATIVE.match(text, quantity.end):
            outcome = _outcome(text, quantity, reach=len(text))  # "20 people who were still alive were removed"
        if outcome or dead:
            keys.add(f"people:{outcome or 'dead'}")
        elif heads:
            keys.add("people")
        else:
            keys |= {_key(word) for word in before}
    return frozenset(keys)


def _killed_before(text: str, quantity: Quantity) -> bool:
    """Whether a verb of killing governs the figure right before it ("killing 17 climbers", "killed at least 12 hikers")."""
    window = text[max(0, quantity.start - 32) : quantity.start]
    return "kill" in window.lower() and bool(KILLED_BEFORE.search(window))


@per_text()
def credited_group(text: str, quantity: Quantity) -> frozenset[str]:
    """The stems naming the group of workers a count is credited to ("USAR teams had rescued 22", "nine pulled out by
    U.S. crews"), or nothing when the sentence credits no group (a total: "more than 20 were pulled out")."""
    before = _words_back(text[max(0, quantity.start - 160) : quantity.start])
    for distance in range(1, min(len(before), CREDIT_REACH) + 1):
        word = before[-distance]
        if (word in WORKERS and any(_verb_like(w) for w in before[len(before) - distance + 1 :])
                and not _partner(before[: len(before) - distance])):
            return _group(before[: len(before) - distance + 1])
        if word in CREDIT_STOPS:
            break
    after = _clause_words(text[quantity.end : quantity.end + 120], forwards=True)[:CREDIT_REACH]
    if "by" in after:
        agent = after[after.index("by") + 1 : after.index("by") + 1 + MAX_RUN * 2]
        heads = [i for i, word in enumerate(agent) if word in WORKERS]
        if heads:
            return _group(agent[: heads[0] + 1])
    return frozenset()


@per_text()
def flow_stage(text: str, quantity: Quantity) -> str:
    """Which count of a flow a figure is, by the nearest verb in its clause: "promised" (pledged, committed), "sent"
    (shipped, delivered, provided) or "received" (arrived, imported); "" when the sentence does not say."""
    before = _clause_words(text[max(0, quantity.start - 90) : quantity.start])[-STAGE_REACH:]
    after = _clause_words(text[quantity.end : quantity.end + 90], forwards=True)[:STAGE_REACH]
    for distance in range(max(len(before), len(after))):
        for word in (before[-1 - distance] if distance < len(before) else "", after[distance] if distance < len(after) else ""):
            stage = next((stage for stage, prefixes in STAGES if word.startswith(prefixes)), "")
            if stage:
                return stage
    return ""


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


def _key(word: str) -> str:
    """A counted noun as a key: folded, singular, synonyms merged, stemmed."""
    if "-" in word:  # "person-team": the size attribute and the thing it sizes
        attribute, _, head = word.partition("-")
        return f"{stem(singular(attribute))}-{stem(singular(head)) if head else ''}"
    base = singular(fold(word).strip("'’"))
    if word.lower() in GENERIC or base in GENERIC:
        return "people"
    base = SYNONYMS.get(base, base)
    return base if base in ("dead", "people") else stem(base)


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
    before = CLAUSE_BREAK.split(text[max(0, quantity.start - span) : quantity.start])[-1].lower().split()[-reach:]
    after = CLAUSE_BREAK.split(text[quantity.end : quantity.end + span])[0].lower().split()[:reach]
    for distance in range(max(len(before), len(after))):
        for word in (before[-1 - distance] if distance < len(before) else "", after[distance] if distance < len(after) else ""):
            word = word.strip(PUNCTUATION)
            if word.startswith(ALL_PREFIXES):
                return next(outcome for prefix, outcome in OUTCOME_PREFIXES if word.startswith(prefix))
    return ""


@per_text()
def _clause_words(segment: str, forwards: bool = False) -> tuple[str, ...]:
    """The folded words of a text piece up to (or back to) a clause break: ; ! ? ( ) (not ".": "Jan. 12").

    Cached: the words around a figure are read again for what happened, who did it and which stage of a flow it is.
    """
    parts = CLAUSE_BREAK.split(segment)
    piece = parts[0] if forwards else parts[-1]
    if piece.isascii():  # every token starts with a letter A-Z, which lower-casing the piece first leaves one
        return tuple(LETTER_WORD.findall(piece.lower()))
    return tuple(w.lower() for w in LETTER_WORD.findall(piece) if w[0].isalpha())


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
    for word in _clause_words(match.group(1)):
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
    words = _clause_words(text[max(0, start - 40) : start])[-3:]
    for word in reversed(words):
        if word in MOTION or word in VERBS or word.endswith("ing") or word in TIME_WORDS:
            continue  # "shipments rose to 310", "casualties now stand at 6,000": the verb is not what is counted
        if word not in STOPS and not word.endswith(("ed", "ly")) and word not in WORD_NUMBERS:
            return [word]
    return []


@per_text()
def collective_group(text: str, quantity: Quantity) -> frozenset[str]:
    """The stems naming the group whose members a figure counts: the words before the collective noun ("300 USAR
    personnel" -> usar; "the number of U.S. USAR members to 506" -> usar), else what the figure is the size of ("bringing
    the team to 15 members" -> team). Empty when the sentence names no group ("dozens of staff")."""
    after = _plain_words(text[quantity.end : quantity.end + 120])[:COLLECTIVE_REACH]
    before = _words_back(text[max(0, quantity.start - 120) : quantity.start])
    at = next((i for i, word in enumerate(after) if word in COLLECTIVE), None)
    if at is not None:
        group = _group(after[: at + 1]) - COLLECTIVE_STEMS
        return group or _group(before) - COLLECTIVE_STEMS - GROUP_NOISE
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
    if len(names) < 2 or _key(names[-1]) not in keys:
        return frozenset()
    return frozenset(stem(singular(word.lower())) for word in names[:-1])


@per_text()
def surroundings(text: str, quantity: Quantity, keys: frozenset[str]) -> frozenset[str]:
    """The stems of the content words around a figure (within the clause, ten words either side), what it counts left out.

    Two figures for the same thing are about the same instance of it when they share one of these: "USAR teams
    had rescued 22" and "USAR personnel had rescued nine" do, "the team to 15 members" and "506 USAR members" do not.
    """
    before = _clause_words(text[max(0, quantity.start - 90) : quantity.start])[-WINDOW:]
    after = _clause_words(text[quantity.end : quantity.end + 90], forwards=True)[:WINDOW]
    found = set(map(_around_term, before + after))
    found.discard(None)
    return frozenset(found - {key.partition(":")[0] for key in keys} - keys)


@lru_cache(maxsize=65536)
def _around_term(word: str) -> str | None:
    """The stem `surroundings` keeps for a word near a figure, or None for a word it leaves out (short, a stopword, an
    abbreviation, a number word). Remembered: the same words come back around every figure."""
    if word in STOPS or len(word) <= 2 or "." in word or word in WORD_NUMBERS or word in SCALES:
        return None
    return stem(singular(word.strip("'’")))
