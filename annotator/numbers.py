"""Quantities in sentences: find them, normalise them, and say whether two of them match or clash.

`13,000` and `13,000`, `6 million` and `6,000,000`, `152-millimeter` and `152mm` are the same quantity;
`6,700 containers` and `13,000 containers` measure the same thing with different values (a clash).
Written by hand: quantulum3 and similar parsers are GPL or pull in heavy models, and news numbers need
only this much grammar (thousands separators, scale words, units, ranges, percentages, "twofold").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from annotator.figure_phrases import shown_end
from annotator.hedges import ROUND_SHARE, VAGUE_PATTERN, hedge_before, may_be_vague, round_cover, vague_range
from annotator.number_parts import said_in_parts
from annotator.regex_guard import guarded, matched_key

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "hundred": 100,
          "dozen": 12}
WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "zero": 0, "one": 1, "a": 1,
}
# "one" and "a" are numbers only before a scale word ("one thousand", "a dozen"): "one of the" is not a quantity.
_BEFORE_SCALE = r"(?=[\s-]+(?:hundred|thousand|million|billion|trillion|dozen)\b)"
# Unit spellings -> one canonical unit. Longest alternatives first in the pattern below.
UNITS = {
    "%": "%", "percent": "%", "per cent": "%", "pct": "%",
    "mm": "mm", "millimeter": "mm", "millimeters": "mm", "millimetre": "mm", "millimetres": "mm",
    "cm": "cm", "centimeter": "cm", "centimeters": "cm", "centimetre": "cm", "centimetres": "cm",
    "km": "km", "kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg", "tons": "t", "ton": "t", "tonnes": "t", "tonne": "t",
    "miles": "mi", "mile": "mi", "meters": "m", "meter": "m", "metres": "m", "metre": "m", "feet": "ft", "foot": "ft",
    "ft": "ft", "fold": "fold", "times": "fold", "mph": "mph", "km/h": "km/h",
    "magnitude": "magnitude",
}
CURRENCIES = {"$": "$", "€": "€", "£": "£", "¥": "¥"}
CURRENCY_WORDS = {"dollar": "$", "euro": "€", "yen": "¥"}  # "pounds" may weigh: left out
SYMBOL_AFTER = re.compile(r" ?([$€£¥])(?=[\s.,;:!?)]|$)")  # a currency sign written after the sum, then a break
CURRENCY_WORD = re.compile(r"\s+(?:(?:US|U\.S\.)\s+)?(dollars?|euros?|yen)\b", re.IGNORECASE)
STOPWORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his in into is it its of on or our
    said says she that the their them they this to was were which who will with would not no than then
    there these those also more most over such after before about some each per up down more less
    around approximately nearly almost roughly estimated least only just under since while when where during
    ago last""".split()
)

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD = "|".join([w for w in sorted(WORD_NUMBERS, key=len, reverse=True) if w not in ("one", "a")]
                 + [f"one{_BEFORE_SCALE}", f"a{_BEFORE_SCALE}"])
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_UNIT = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
# An ordinal is no count: "31st MEU", "the 7th Fleet", "3rd MEB", "2d Battalion" (the Marines' spelling), "thirty-first".
_ORDINAL_AFTER_DIGITS = r"(?!(?<=\d\d\d)(?:st|nd|rd|th)\s+(?-i:[a-z]))(?:st|nd|rd|th)\b|(?<=[23])d\b"
# ... except a running count's place, three digits or more before a word of lower case: "their 3,400th mission" says
# 3,400 missions have been flown (a unit's name is short and capitalised: "the 31st MEU", "the 101st Airborne").
COUNTED_ORDINAL = re.compile(r"(?:st|nd|rd|th)(?=\s+[a-z])")
_ORDINAL_AFTER_WORD = r"-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b"
# Nor is the count of a fraction: "two-thirds of the homes", "three quarters", "two fifths" say how much of a whole.
FRACTION_WORDS = "halves thirds third quarters quarter fourths fourth fifths fifth sixths sixth sevenths seventh eighths eighth ninths ninth tenths tenth".split()
_FRACTION_AFTER = r"[\s-]+(?:" + "|".join(FRACTION_WORDS) + r")\b"
HALF_BEFORE = re.compile(r"\bhalf[\s-]+$", re.IGNORECASE)  # "half a million" is 500,000, "half a dozen" six
# A foot mark after a figure: the prime ("30,000′") always; an apostrophe or a closing quote ("1300’ northwest of the
# well", "5000' below the surface") only before a word of where or how far, since it may close a quotation ("‘300’ he").
_FEET_MARK = (r"′|[’'](?=\s+(?:below|above|beneath|under|underwater|deep|high|tall|long|wide|away|down|up|north|south"
              r"|east|west|northeast|northwest|southeast|southwest|in\s+(?:depth|length|height|diameter))\b)")
# What a length measures, right before a figure: a foot mark after it is feet even before a full stop ("a depth of 5000’.").
MEASURED_BEFORE = re.compile(r"\b(?:depth|height|altitude|elevation|length)s? of\s+(?:about |some |nearly |almost |over "
                             r"|more than |roughly |approximately )?$", re.IGNORECASE)
_ONE = (
    rf"(?:(?P<@cur>[$€£¥])\s?)?(?:(?P<@num>{_NUMBER})(?!\d|[,.]\d|/\d|{_ORDINAL_AFTER_DIGITS}|{_FRACTION_AFTER})"
    rf"|\b(?P<@word>{_WORD})(?:\b|(?=fold\b))(?![.,]?\d|{_ORDINAL_AFTER_WORD}|{_FRACTION_AFTER}))"
    rf"(?:[\s-]?(?P<@scale>{_SCALE})\b(?![.,]?\d)(?![\s-]+(?:{_SCALE})\b))?"
)
QUANTITY = re.compile(
    r"(?<![\w.,])(?<!\d/)"  # nor "2/3" nor "24/7" (see `_FRACTION_AFTER`)
    + _ONE.replace("@", "a")
    + rf"(?:\s*(?:-|–|—|\bto\b|\band\b(?=\s*(?:[$€£¥]\s?)?(?:\d|(?:{_WORD})(?:\b|fold\b))))\s*{_ONE.replace('@', 'b')})?"
    + rf"(?:(?:\s?|-)(?P<unit>{_UNIT})(?![\w])|(?<=\d)(?P<feet>{_FEET_MARK}))?"
    + r"(?P<fold>-?fold\b)?(?![.,]?\d)",
    re.IGNORECASE,
)
QUANTITY_START = re.compile(rf"[$€£¥\d]|\b(?:{_WORD})", re.IGNORECASE)
QUANTITY_START = guarded(QUANTITY_START)  # the same matches, found faster
DIGIT_START = re.compile(r"[$€£¥\d]")
ISO_DATE = re.compile(r"\b(\d{4})-\d{2}-\d{2}\b")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
MONTH_BEFORE = re.compile(rf"\b{_MONTH}\.?\s*$", re.IGNORECASE)  # "January 31", "Jan. 17": a day, not a quantity
MONTH_BEFORE = guarded(MONTH_BEFORE)
MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b", re.IGNORECASE)  # "12 January", "12th of May"
CLOCK = re.compile(r"\s*(?:hours|hrs)\b", re.IGNORECASE)  # "as of 1700 hours": a time of day
# What tells a year from a count of four digits: the word before ("in 2000", "the 2010 ...") and a plural noun after.
YEAR_LEAD = re.compile(r"(?:\b(?:the|a|an|in|since|of|by|from|until|till|to|its|their|his|her|our|this|that|last|next|during"
                       r"|before|after|early|mid|late|circa|year|fiscal|fy)|['’]s|[-–(])\s*$", re.IGNORECASE)
PLURAL_AFTER = re.compile(r"\s+(?:[A-Za-z]+\s+){0,2}(?:[a-z]{2,}[^s'’\W]s|people|men|women|children|police|personnel|staff)\b")
MAGNITUDE_BEFORE = re.compile(r"\bmagnitude[\s-]*$", re.IGNORECASE)
MAGNITUDE_BEFORE = guarded(MAGNITUDE_BEFORE)  # the same matches, found faster
# a footnote mark glued to the word before it ("$40 million1", "3,000 families3"): blanked before reading, since
# the digit is no part of the figure (it turned "$40 million1" into $40 and hid what "families3" counts)
FOOTNOTE_MARK = re.compile(r"[a-z]{3}\d{1,2}(?=[\s.,;:)\]]|$)")
FOOTNOTE_REACH = 16  # characters after a figure where a footnote mark changes its reading ("$40 million1")
# a unit's number is its name, never a count: "Task Force 373", "Joint Task Force-505"
NAMED_BY_NUMBER_BEFORE = re.compile(r"\btask\s+force[\s-]*$", re.IGNORECASE)
# a designator's capitals before a number make it a hull, model or unit name: "USS Peleliu (LHA 5)", "CH 46",
# "JTF 505" (read as 5 LHAs, 46 helicopters and 505 troops); shouted words and country codes are not designators
DESIGNATOR_BEFORE = re.compile(r"(?<![A-Za-z])([A-Z]{2,4}) $")
DESIGNATED_NUMBER = re.compile(r"\d{1,4}(?![\d,.]\d|\s*(?:%|percent|thousand|million|billion)\b)")  # "LHA 5", not "WHO 4,922"
NOT_DESIGNATORS = frozenset({"US", "UK", "UN", "EU", "FY", "AD", "BC", "AM", "PM", "ABOUT", "SOME", "OVER", "NEAR",
                             "UP", "TO", "OF", "AT", "BY", "IN", "ON", "AND", "OR", "THE", "ALL", "FOR", "NO"})
MAGNITUDE_AFTER = re.compile(r"\s+(?:in\s+magnitude|on\s+the\s+richter\s+scale)\b", re.IGNORECASE)  # "measured 7.3 in magnitude"
CONTEXT_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\w.,-]*|[.,;:!?()\"“”]", re.UNICODE)
CONTEXT_WORDS = 2


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number in a text: its value (a range when low < high), unit, what it counts, and where it is."""

    low: float
    high: float
    unit: str  # canonical unit ("%", "mm", "$", "fold", "year") or "" for a plain count
    context: frozenset[str]  # up to two content words after it (else before it), singular: what it counts
    start: int
    end: int
    text: str
    phrase: str = ""  # the quantity with what it counts, as written ("13,000 shipping containers")
    is_range: bool = False  # written as two numbers ("76-85%", "between 10 and 20"), even if they are equal
    hedge: str = ""  # "about", "nearly", "above", "below", or "vague" for "dozens", "tens of thousands"
    decimals: int = 0  # digits after the decimal point as written ("7.0": 1)
    hedge_text: str = ""  # the hedge as written ("more than")

    @property
    def is_year(self) -> bool:
        return self.unit == "year"

    def canonical(self) -> str:
        """A normalised spelling that parses back to the same value and unit."""
        value = f"{_format(self.low)} to {_format(self.high)}" if self.is_range else _format(self.low)
        if self.unit in CURRENCIES.values():
            return f"{self.unit}{value}"
        if self.unit in ("", "year"):
            return value
        if self.unit == "fold":
            return f"{value}-fold"
        return f"{value} {self.unit}" if self.unit != "%" else f"{value}%"

    def same_value(self, other: Quantity) -> bool:
        """Equal values, or one range holding the other."""
        return (self.low <= other.low and other.high <= self.high) or (other.low <= self.low and self.high <= other.high)

    def comparable(self, other: Quantity) -> bool:
        """Whether the two measure the same thing: the same unit, and a shared counted word where that matters."""
        if self.unit != other.unit:
            return False
        if self.unit and self.unit == other.unit and self.unit not in ("year", "fold", "%"):
            return True  # 122 mm vs 152 mm, $3 billion vs $4 billion
        return bool(self.context & other.context)

    def matches(self, other: Quantity) -> bool:
        """Same value and unit, or a round figure and one that rounds to it ("$62 million", "$62,046,289"); a count
        under 100 must also count the same thing to match. A vague amount ("thousands of") gives no value to match."""
        if "vague" in (self.hedge, other.hedge) or self.unit != other.unit:
            return False
        if not (self.same_value(other) or _rounds_to(self, other) or _rounds_to(other, self)):
            return False
        return self.telling or self.unit == "year" or bool(self.context & other.context)

    @property
    def telling(self) -> bool:
        """A number that rarely matches by chance: it has a unit other than years, or counts 100 or more.

        A magnitude is not: reports of one event all give it, and it takes few values (7.0, 7.3).
        """
        return self.unit not in ("", "year", "magnitude") or (self.unit == "" and self.low >= 100)

    def clashes(self, other: Quantity) -> bool:
        """Same unit and subject, different value: a possible conflict."""
        return self.comparable(other) and not self.same_value(other)


def _rounds_to(exact: Quantity, rounded: Quantity) -> bool:
    """Whether a single figure lies within what a round one covers (`round_cover`). Cheap when they are far apart."""
    value, target = exact.low, rounded.low
    if (exact.is_range or rounded.is_range or abs(value - target) > ROUND_SHARE * target or value == target
            or exact.unit == "year"):  # a year is never rounded: 2015 is not "2020"
        return False
    return abs(value - target) <= round_cover(target)


def find_quantities(text: str, with_context: bool = True, with_words: bool | None = None) -> list[Quantity]:
    """Every quantity in a text, left to right.

    `with_context=False` (for the index) skips what each counts, vague amounts, and, unless `with_words`, numbers
    written as words ("two million"): the index reads those only in sentences holding a number word.
    """
    text_without_dates = ISO_DATE.sub(_year_of_date, text) if "-" in text else text
    quantities, position, previous_end, marks_blanked = [], 0, -1, False
    starts = QUANTITY_START if (with_context if with_words is None else with_words) else DIGIT_START
    while (match := _next_quantity(text_without_dates, position, starts)) is not None:
        if not marks_blanked and FOOTNOTE_MARK.search(text_without_dates, match.end(), match.end() + FOOTNOTE_REACH):
            # looked for only near a figure: a scan of every sentence for marks made the index reading half again slower
            text_without_dates, marks_blanked = FOOTNOTE_MARK.sub(_footnote_blanked, text_without_dates), True
            match = _next_quantity(text_without_dates, position, starts)
        quantity = _quantity(match, text_without_dates, with_context)
        match_end = match.end()
        if quantity is None and match.group("anum") and _part_of_a_name(text_without_dates, match.start()):
            match_end = match.end("anum")  # "F-16 and 12 jets": the name ends at 16, and 12 is read
        if (quantity is not None and quantity.unit != "year" and quantity.start - 1 != previous_end
                and _part_of_a_name(text_without_dates, quantity.start)):
            quantity = None  # a model number, not a quantity ("mid-2022" is still a year)
        if quantity is not None and _a_date_or_a_clock(text_without_dates, quantity):
            quantity = None
        if quantity is not None and quantity.unit == "year" and _a_count_not_a_year(text_without_dates, quantity):
            quantity = replace(quantity, unit="")
        if quantity is not None:
            quantities.append(_refined(quantity, text_without_dates) if with_context else quantity)
            previous_end = quantity.end
        position = max(quantity.end if quantity is not None else match_end, match.start() + 1)
    if with_context and (vague := _vague_quantities(text_without_dates)):
        taken = [(q.start, q.end) for q in quantities]
        quantities += [v for v in vague if not any(s < v.end and v.start < e for s, e in taken)]
        quantities.sort(key=lambda q: q.start)
    return quantities


def _a_date_or_a_clock(text: str, quantity: Quantity) -> bool:
    """A day of a month ("January 31", "12 January") or a time of day ("1700 hours"), not a count."""
    if quantity.unit not in ("", "year") or quantity.is_range:
        return False
    if quantity.low <= 31 and (MONTH_BEFORE.search(text, max(0, quantity.start - 12), quantity.start)
                               or MONTH_AFTER.match(text, quantity.end)):
        return True
    return len(quantity.text) == 4 and quantity.text.isdigit() and bool(CLOCK.match(text, quantity.end))


def _a_count_not_a_year(text: str, quantity: Quantity) -> bool:
    """"2000 troops", "about 1500 people": four digits hedged, or before a plural noun with no determiner or preposition
    before them, count things ("the 2010 elections", "in 2000", "Haiti's 2010 budget" stay years)."""
    if quantity.is_range:
        return False
    if hedge_before(text, quantity.start)[0]:
        return True
    before = YEAR_LEAD.search(text, max(0, quantity.start - 12), quantity.start)
    return before is None and bool(PLURAL_AFTER.match(text, quantity.end))


def _refined(quantity: Quantity, text: str) -> Quantity:
    """The quantity with its hedge, its decimals, and "magnitude" when the word comes first ("magnitude 7.0")."""
    unit = quantity.unit
    if unit in ("", "year") and (MAGNITUDE_BEFORE.search(text, max(0, quantity.start - 12), quantity.start)
                                 or MAGNITUDE_AFTER.match(text, quantity.end)):
        unit = "magnitude"
    digits = quantity.text.split("-")[0].split()[0].lstrip("$€£¥")
    decimals = len(digits.split(".")[1]) if "." in digits and digits.split(".")[1].isdigit() else 0
    hedge, hedge_text = hedge_before(text, quantity.start)
    if (unit, hedge, decimals, hedge_text) == (quantity.unit, quantity.hedge, quantity.decimals, quantity.hedge_text):
        return quantity  # nothing to refine: the quantity as it is (it is immutable)
    # As dataclasses.replace would build it, without its field-by-field look-up (a fifth of reading a sentence's figures).
    return Quantity(quantity.low, quantity.high, unit, quantity.context, quantity.start, quantity.end, quantity.text,
                    quantity.phrase, quantity.is_range, hedge, decimals, hedge_text)


def _vague_quantities(text: str) -> list[Quantity]:
    """Vague amounts ("dozens of drones", "tens of thousands of fatalities") as quantities with their interval."""
    found = []
    if not may_be_vague(text):
        return found
    for match in VAGUE_PATTERN.finditer(text):
        low, high = vague_range(match.group(1))
        context, phrase_end = _context(text, match.end())
        found.append(Quantity(low, high, "", context, match.start(), match.end(), match.group(0),
                              text[match.start() : phrase_end], is_range=True, hedge="vague"))
    return found


def _next_quantity(text: str, position: int, starts: re.Pattern) -> re.Match | None:
    """The next QUANTITY match, tried only where `starts` says one can start.

    With QUANTITY_START, the same result as QUANTITY.search at a fraction of the cost; with DIGIT_START
    (the index), numbers written as words are skipped, which makes it several times faster again.
    """
    while (start := starts.search(text, position)) is not None:
        match = QUANTITY.match(text, start.start())
        if match is not None:
            return match
        position = start.start() + 1
    return None


def _year_of_date(match: re.Match) -> str:
    """An ISO date reads as its year; the rest is blanked with NULs, which no quantity or range crosses."""
    year = match.group(1)
    return year + "\x00" * 6 if _looks_like_year(year, float(year)) else "\x00" * 10


def normalise(text: str) -> str:
    """The text with every quantity in its canonical spelling (`6 million` -> `6000000`); idempotent."""
    out, position = [], 0
    for quantity in find_quantities(text):
        out.append(text[position : quantity.start])
        out.append(quantity.canonical())
        position = quantity.end
    out.append(text[position:])
    return "".join(out)


def index_keys(text: str, quantities: list[Quantity] | None = None) -> set[tuple[float, str]]:
    """(value, unit) pairs worth indexing for lookup: single values, plus both ends of a range."""
    keys = set()
    for quantity in find_quantities(text, with_context=False) if quantities is None else quantities:
        keys.add((quantity.low, quantity.unit))
        keys.add((quantity.high, quantity.unit))
    return keys


def _footnote_blanked(match: re.Match) -> str:
    """The word's letters, then spaces as wide as the mark, so every offset into the text still holds."""
    return match.group()[:3] + " " * (len(match.group()) - 3)


def _part_of_a_name(text: str, start: int) -> bool:
    """A number glued to a word by a hyphen (Uranium-235, F-16, COVID-19; a "magnitude-7.3" earthquake is
    measured), or naming a unit or a ship ("Task Force 373", "LHA 5")."""
    before = text[max(0, start - 2) : start]
    if (before[-1:] in (" ", "-") and "orce" in text[max(0, start - 7) : start].lower()
            and NAMED_BY_NUMBER_BEFORE.search(text, max(0, start - 24), start)):
        return True
    if (len(before) == 2 and before[1] == " " and before[0].isupper() and DESIGNATED_NUMBER.match(text, start)
            and (designator := DESIGNATOR_BEFORE.search(text, max(0, start - 6), start))
            and designator.group(1) not in NOT_DESIGNATORS):  # "USAID/OFDA $10,000,000" is money
        return True
    return (start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha()
            and not MAGNITUDE_BEFORE.search(text, max(0, start - 12), start))


def _quantity(match: re.Match, text: str, with_context: bool = True) -> Quantity | None:
    """Build a Quantity from one regex match, or None for a bare number word that is not a quantity."""
    low = _value(match, "a")
    high = _value(match, "b") if (match.group("bnum") or match.group("bword")) else low
    if low is None or high is None:
        return None
    if match.group("bnum") is None and match.group("bword") is None:
        high = low
    elif match.group("ascale") is None and match.group("bscale"):
        low *= SCALES[matched_key(match.group("bscale"))]  # "45 to 55 million": the scale covers both
    compound = high < low and said_in_parts(match, text, low, high)
    if compound:
        low = high = low + high  # "19,000 and 400 dead" (spoken): 19,400
    elif high < low:  # "10-3" (a score) or "2024-08" is no quantity at all
        return None
    start = match.start()
    if (match.group("aword") or "").lower() == "a" and (half := HALF_BEFORE.search(text, max(0, start - 8), start)):
        low, high, start = low / 2, high / 2, half.start()  # "half a million": half of what "a million" says
    unit = _unit(match, low, high)
    end = match.end()
    if not unit and (ordinal := COUNTED_ORDINAL.match(text, end)):
        end = ordinal.end()  # "the 3,400th mission": the count is of missions, read after the suffix
    if unit in CURRENCIES.values():  # "$5 km" is money; the word after it is left as text
        end = max(match.end(group) for group in ("anum", "aword", "ascale", "bnum", "bword", "bscale") if match.group(group))
    elif unit in ("", "year") and (money := CURRENCY_WORD.match(text, end)):
        unit, end = CURRENCY_WORDS[matched_key(money.group(1)).rstrip("s")], money.end()  # "5 million dollars" is "$5 million"
    elif unit == "" and (symbol := SYMBOL_AFTER.match(text, end)):
        unit, end = CURRENCIES[symbol.group(1)], symbol.end()  # "35 million $" (VOA's editorial) is "$35 million"
    elif unit == "" and text[end : end + 1] in ("’", "'") and MEASURED_BEFORE.search(text, max(0, start - 40), start):
        unit, end = "ft", end + 1  # "leaking ... at a depth of 5000’.": a foot mark after what a length measures
    context, phrase_end = _context(text, end) if with_context else (frozenset(), end)
    phrase_end = shown_end(text, end, phrase_end, unit in CURRENCIES.values(), STOPWORDS) if with_context else phrase_end
    context = context or (_context_before(text, start) if with_context else context)
    is_range = bool(match.group("bnum") or match.group("bword")) and not compound
    return Quantity(low, high, unit, context, start, end, text[start:end], text[start:phrase_end], is_range)


def _value(match: re.Match, side: str) -> float | None:
    """The number on one side of a match, scaled by its scale word."""
    number, word = match.group(f"{side}num"), match.group(f"{side}word")
    if number is not None:
        value = float(number.replace(",", ""))
    elif word is not None:
        value = float(WORD_NUMBERS[matched_key(word)])
    else:
        return None
    scale = match.group(f"{side}scale")
    return value * SCALES[matched_key(scale)] if scale else value


def _unit(match: re.Match, low: float, high: float) -> str:
    """The canonical unit: currency, a unit word, "fold", a year, or "" for a plain count."""
    currency = match.group("acur") or match.group("bcur")
    if currency:
        return CURRENCIES[currency]
    if match.group("fold"):
        return "fold"
    if match.group("feet"):
        return "ft"
    if match.group("unit"):
        return UNITS[" ".join(matched_key(match.group("unit")).split())]
    if _looks_like_year(match.group("anum"), low) and (low == high or _looks_like_year(match.group("bnum"), high)):
        return "year"
    return ""


def _looks_like_year(digits: str | None, value: float) -> bool:
    """Four plain digits between 1800 and 2100 read as a year."""
    return bool(digits) and len(digits) == 4 and digits.isdigit() and 1800 <= value <= 2100


def _context(text: str, end: int) -> tuple[frozenset[str], int]:
    """Up to two content words right after a quantity, singular, and where the first noun-like one ends.

    Stops at punctuation; skips a number in between ("6 million 152-millimeter shells" counts shells).
    """
    words, phrase_end = [], end
    for token in CONTEXT_WORD.finditer(text, end, min(len(text), end + 80)):
        kind, word, changed = _context_token(token.group(0))
        if kind is _NUMBER:
            continue
        if kind is _STOP:
            break
        if word is not None:
            words.append(word)
            if phrase_end == end or (len(words) == 2 and changed):
                phrase_end = token.end()  # "13,000 shipping containers": up to the plural noun
        if len(words) == CONTEXT_WORDS:
            break
    return frozenset(words), phrase_end


def _context_before(text: str, start: int) -> frozenset[str]:
    """Up to two content words just before a quantity that has none after it ("unemployment of 5%")."""
    words = []
    for surface in reversed(CONTEXT_WORD.findall(text, max(0, start - 60), start)):
        kind, word, _ = _context_token(surface)
        if kind is not _WORD:
            break
        if word is not None:
            words.append(word)
        if len(words) == 2:
            break
    return frozenset(words)


_NUMBER, _STOP, _WORD = "number", "stop", "word"


@lru_cache(maxsize=65536)
def _context_token(surface: str) -> tuple[str, str | None, bool]:
    """What one CONTEXT_WORD token is to a quantity's context: a number in between (_NUMBER), punctuation or another
    non-word that ends it (_STOP), or a word (_WORD) with the singular it counts (None for a stopword, a number word or
    a single letter) and whether that differs from the word as written. Remembered: the same words follow figures."""
    if not surface.isalpha() and any(character.isdigit() for character in surface):
        return _NUMBER, None, False
    if not surface[0].isalpha():
        return _STOP, None, False
    word = singular(surface.lower().strip("'’-"))
    if len(word) > 1 and word not in STOPWORDS and word not in WORD_NUMBERS and word not in SCALES:
        return _WORD, word, surface.lower() != word
    return _WORD, None, False


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """A light English singular: containers -> container, shells -> shell, cities -> city; leaves 'glass' alone."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _format(value: float) -> str:
    """A number without thousands separators, exponent or a needless .0."""
    if value == int(value):
        return str(int(value))
    text = repr(value)
    return text if "e" not in text else format(value, "f").rstrip("0").rstrip(".")
