"""When a figure holds: the time expression a sentence gives for it, resolved against the source's published date.

"on January 17", "Jan. 17, 2010", "15 July", "in February", "February 2024", "since mid-2022", "by 15 July",
"last year", "last week", "yesterday", "on Friday". Written by hand: dateparser (BSD) was measured on these
sentences at 0.7 s to import and 2-330 ms per sentence, and it reads "as of 1700 hours" and "1,000" as dates;
news needs only this small grammar, anchored to the published date, and the engine reads it for every candidate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from annotator.regex_guard import guarded, matched_key
from annotator.text_caches import per_text

MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")], 1) for name in names}
WEEKDAYS = {name: number for number, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
# "Nov. 10-13", "March 3 to 6": the last day of a span of days in one month (not "Nov. 10 to 20,000 people")
_TO_DAY = r"(?:\s*(?:-|–|to|through)\s*(?P<dayend>\d{1,2})(?:st|nd|rd|th)?\b(?![,.]\d))?"
EXPRESSION = re.compile(
    r"\b(?P<lead>since|by|as of|through|until|in|on|during)?\s*(?:"
    r"(?P<iso>(?:19|20)\d\d-\d\d-\d\d)"
    rf"|{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b{_TO_DAY}{_YEAR}"
    rf"|(?:(?P<dayfrom>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to)\s*)?(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?" + r"(?:\s+(?P<year2>(?:19|20)\d\d))?"
    r"|(?P<part>early|mid|late)[\s-](?P<partyear>(?:19|20)\d\d)"
    r"|(?P<bareyear>(?:19|20)\d\d)(?![\d,.]|\s*(?:-|to)\s*\d)"  # "since 2022", "in 2023": only after a lead word
    r"|(?P<month3>january|february|march|april|june|july|august|september|october|november|december)(?:\s+(?P<year3>(?:19|20)\d\d))?"
    r"|(?P<relative>yesterday|today|tonight|this morning|this afternoon|this evening|last week|this week|last month"
    r"|this month|last year|this year|the end of (?:the|this) (?:week|month|year))"
    r"|(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r")\b",
    re.IGNORECASE,
)
EVENT_AFTER = re.compile(r"(?:'s|’s|\s+(?:\w+\s+){0,1}(?:earthquake|quake|attack|storm|blast|explosion|disaster|tremor)s?)\b",
                         re.IGNORECASE)  # "Jan. 12's earthquake": when the event happened, not when the figure holds
EVENT_BEFORE = re.compile(r"\b(?:struck|hit|occurred|began|started|erupted)\s+(?:\w+\s+)?$", re.IGNORECASE)
# Before a day of a month ("Oct. 8", not "Friday" or "yesterday", which lie near the report anyway): "struck the area
# on Oct. 8", "hit northern Pakistan on Oct. 8" (where, then when it struck); "a 7.6 magnitude earthquake Oct. 8 that
# left ...", "the quake of Oct. 8" (the event's noun right before its day).
EVENT_DAY_BEFORE = re.compile(r"\b(?:struck|hit|erupted|slammed into|devastated)\s+(?:[A-Za-z]+\s+){1,3}$"
                              r"|\b(?:earthquake|quake|attack|storm|typhoon|hurricane|cyclone|tsunami|blast|explosion"
                              r"|disaster|tremor)s?\s+(?:of\s+)?$", re.IGNORECASE)
# "On the evening of January 12, 2010, a devastating earthquake struck": the event's date opens the sentence.
EVENT_LATER = re.compile(r"[^;]{0,60}?\b(?:earthquake|quake|attack|storm|blast|explosion)\b[^;]{0,20}?\b(?:struck|hit|occurred)\b",
                         re.IGNORECASE)


# Every EXPRESSION match holds one of these: a month's name (whole or cut short) or a "day" (every weekday, yesterday,
# today) or "tonight" ending a word, "this " or "last " (this week, last year), or a year's digits. In a lower-cased
# ASCII sentence, looking for them costs a tenth of the pattern, and most candidates have none.
CLUE = guarded(re.compile(r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
                          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|day|tonight)(?![a-z0-9_])"
                          r"|this |last |end of the |(?:19|20)\d\d"))


WIDE_DAYS = 10  # a frame of more days (a month, a year) does not say on which of them its figure held
FRAME_REACH = 100  # characters: a time further from a figure is another clause's ("... request last week")
# A dated report: "according to a November 11 ...", "... November 11 fact sheet / report / update / statement".
REPORT_BEFORE = re.compile(r"\baccording to (?:an?|the|its|their)\s*$", re.IGNORECASE)
REPORT_AFTER = re.compile(r"(?:\s+[A-Z][\w/&.-]*){0,3}\s+(?:fact sheet|report|situation report|update|statement|bulletin"
                          r"|briefing|press release|release|assessment|tally|census|survey)s?\b", re.IGNORECASE)


# A time named in an earlier sentence: "in those three days", "during that period", "the same day", "by then".
ANAPHORA = re.compile(r"\b(?:(?:in|during|over|for|within|throughout)\s+(?:those|these|that|the same)\s+(?:\w+\s+){0,2}?"
                      r"(?:days|weeks|months|hours|period)|(?:that|the same)\s+(?:day|date|morning|afternoon|evening|night)"
                      r"|(?:by|until)\s+(?:then|that time))\b", re.IGNORECASE)
OPENING = re.compile(r"(?:\s+(?:morning|afternoon|evening|night))?\s*,")  # "By Wednesday morning," opening a sentence
PERIOD_REACH = 3  # earlier sentences of the article looked at for the time an anaphora names


@dataclass(frozen=True, slots=True)
class Frame:
    """The days a figure holds for; `explicit` when the sentence says so, not taken from the published date."""

    start: date
    end: date
    explicit: bool
    text: str

    def overlaps(self, other: Frame) -> bool:
        """Whether the two frames share a day. A published date stands for its own day only: a report of the 17th
        beside a figure stated for the 16th is a later report, not a second figure for the 16th."""
        return self.start <= other.end and other.start <= self.end

    def vague(self) -> bool:
        """Whether the frame is a closed span of more than WIDE_DAYS days ("last month", "in April", "in 2010") and so
        does not say on which of them its figure held. A figure "since" a date or "this month" runs up to the report
        and holds at its end."""
        return (self.end - self.start).days > WIDE_DAYS and self.text[:5].lower() not in ("since", "this ")

    def label(self) -> str:
        """How to show it: the words of the sentence, or the published date."""
        return self.text if self.explicit else f"published {self.start.isoformat()}"


def parse_published(value: str | None) -> date | None:
    """The date part of a source's published field (ISO), or None."""
    match = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", value or "")
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def frame_at(text: str, position: int, published: date | None, period: Frame | None = None,
             of_the_event: bool = False) -> Frame | None:
    """The frame of a figure at `position`: the nearest time expression of the sentence within FRAME_REACH (an "as of"
    before it at any distance), else the published day. `period`: the time an earlier sentence of the article names,
    which an anaphora here ("in those three days") stands for. `of_the_event`: the figure measures the event itself
    (its magnitude), so the day the event struck ("struck the coast on May 2") is its time too."""
    frames = _frames(text, published, of_the_event)
    if period is not None:
        frames = tuple(sorted(frames + _anaphoric_frames(text, period), key=lambda pair: pair[0]))
    if frames:
        cut_offs = [pair for pair in frames if pair[0] < position and pair[1].text[:5].lower() == "as of"]
        if cut_offs:  # "As of May 15, ... the aftershock that struck on May 12 had resulted in nearly 120 deaths"
            return cut_offs[-1][1]
        near = [pair for pair in frames if abs(pair[0] - position) <= FRAME_REACH]
        if near:
            return min(near, key=lambda pair: abs(pair[0] - position))[1]
        at, first = frames[0]
        if at < position and _opening(text, at, first):  # "By Wednesday morning, U.S. Marines ... had distributed ..."
            return first
        dated = [frame for at, frame in frames if _dated_report(text, at, frame)]
        if dated:  # "9.7 million people were affected ..., according to a November 11 USAID fact sheet"
            return dated[-1]
    return _published_day(published) if published else None


@per_text()
def anaphoric(text: str) -> bool:
    """Whether a sentence names a time by pointing back to an earlier sentence's ("in those three days", "by then")."""
    return ANAPHORA.search(text) is not None


def period_before(earlier: list[str], published: date | None) -> Frame | None:
    """The time an anaphora points back to: the last time named in the nearest of the `earlier` sentences (nearest
    first) that names one."""
    for text in earlier:
        frames = _frames(text, published)
        if frames:
            return frames[-1][1]
    return None


def _anaphoric_frames(text: str, period: Frame) -> tuple[tuple[int, Frame], ...]:
    """Each anaphora of the text as the period it points back to ("by then": its last day), labelled with both."""
    found = []
    for match in ANAPHORA.finditer(text):
        words = match.group(0)
        start = period.end if words[:2].lower() in ("by", "un") else period.start
        found.append((match.start(), Frame(start, period.end, True, f"{words} ({period.text})")))
    return tuple(found)


def _opening(text: str, at: int, frame: Frame) -> bool:
    """Whether a time opens the sentence, set off by a comma ("By Wednesday morning, ..."): it holds for the whole
    sentence, however far its figures are."""
    end = text.find(frame.text, at) + len(frame.text)
    return not text[:at].strip() and OPENING.match(text, end) is not None


def _dated_report(text: str, at: int, frame: Frame) -> bool:
    """Whether a time dates the report a sentence's figures come from ("according to a November 11 fact sheet", "the
    May 3 situation report said"): it holds for every figure of the sentence, however far."""
    end = text.find(frame.text, at) + len(frame.text)
    return bool(REPORT_BEFORE.search(text, max(0, at - 20), at + 1) or REPORT_AFTER.match(text, end))


@lru_cache(maxsize=4096)
def _published_day(published: date) -> Frame:
    """The frame of a figure the sentence gives no time for: its source's published day (one shared, immutable)."""
    return Frame(published, published, False, "")


@per_text()
def _frames(text: str, published: date | None, of_the_event: bool = False) -> tuple[tuple[int, Frame], ...]:
    """Every resolvable time expression of a text, with where it sits (the event's own day too `of_the_event`)."""
    if not _may_hold_time(text):
        return ()
    found = []
    for match in EXPRESSION.finditer(text):
        if (match.group("lead") or "").lower() in ("", "on", "in") and _describes_the_event(text, match, of_the_event):
            continue
        frame = _resolve(match, published)
        if frame is not None:
            found.append((match.start(), frame))
    return tuple(found)


@per_text()
def named_days(text: str) -> dict[tuple[int, int], str]:
    """The calendar days a text names by month and day ("Aug. 16", "29 July", "2010-08-16"), (month, day) -> as written:
    what two reports of one event agree on when they give the same day ("began operating Aug. 16" and "delivering
    aid since Aug. 16"). Weekdays and "yesterday" are left out: they name a day only against a published date."""
    if not _may_hold_time(text):
        return {}
    days: dict[tuple[int, int], str] = {}
    for match in EXPRESSION.finditer(text):
        group = match.group
        try:
            if group("iso"):
                _, month, day = map(int, group("iso").split("-"))
            elif group("day") or group("day2"):
                month, day = MONTHS[matched_key(group("month") or group("month2"))], int(group("day") or group("day2"))
            else:
                continue
        except (KeyError, ValueError):
            continue
        if 1 <= month <= 12 and 1 <= day <= 31:
            days.setdefault((month, day), text[match.start("iso") if group("iso") else match.end("lead")
                                               if group("lead") else match.start() : match.end()].strip())
    return days


def _may_hold_time(text: str) -> bool:
    """Whether EXPRESSION may match: a CLUE in the text, or a text that is not ASCII (case-insensitive matching lets a
    few other letters stand for ASCII ones: the long s, the Kelvin sign)."""
    if not text.isascii():
        return True
    return CLUE.search(text.lower()) is not None


def _describes_the_event(text: str, match: re.Match, of_the_event: bool = False) -> bool:
    """A date naming the event ("the Jan. 12 earthquake", "struck January 12"), not the figure's time. `of_the_event`
    (a magnitude): not a day after the event's noun or after "struck the coast" (EVENT_DAY_BEFORE): "the 6.1
    earthquake on May 2" dates the quake and so its magnitude. (Leaving every event date to a magnitude was tried:
    haiti-2010 lost a clash.)"""
    begin = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
    return bool(EVENT_AFTER.match(text, match.end()) or EVENT_BEFORE.search(text, max(0, begin - 30), begin)
                or EVENT_LATER.match(text, match.end())
                or (not of_the_event and bool(match.group("day") or match.group("day2") or match.group("iso"))
                    and EVENT_DAY_BEFORE.search(text, max(0, begin - 40), begin) is not None))


def _resolve(match: re.Match, published: date | None) -> Frame | None:
    """One time expression as a frame of days; relative ones need the published date."""
    start, end = _days(match, published) or (None, None)
    if start is None:
        return None
    lead = (match.group("lead") or "").lower()
    if lead == "since" and published:  # a total to date: "since Aug. 5, helicopters have rescued 5,000" holds at the
        start = end = max(end, published)  # report; Aug. 5 is where the count starts, not a span it held over
    elif lead in ("by", "as of", "through", "until"):
        start = end
    return Frame(start, end, True, match.group(0).strip())


def _days(match: re.Match, published: date | None) -> tuple[date, date] | None:
    """The first and last day an expression names."""
    group = match.group
    try:
        if group("iso"):
            day = date(*map(int, group("iso").split("-")))
            return day, day
        if group("day") or group("day2"):
            month = MONTHS[matched_key(group("month") or group("month2"))]
            day_number = int(group("day") or group("day2"))
            year = int(group("year") or group("year2") or _year_for(month, published))
            first, last = int(group("dayfrom") or day_number), int(group("dayend") or day_number)
            if first <= day_number <= last:  # "Nov. 10-13", "10-13 November": the span
                return date(year, month, first), date(year, month, last)
            return (date(year, month, day_number),) * 2
        if group("part"):
            year = int(group("partyear"))
            return {"early": (date(year, 1, 1), date(year, 4, 30)), "mid": (date(year, 5, 1), date(year, 8, 31)),
                    "late": (date(year, 9, 1), date(year, 12, 31))}[matched_key(group("part"))]
        if group("bareyear"):
            if not group("lead"):
                return None
            year = int(group("bareyear"))
            return date(year, 1, 1), date(year, 12, 31)
        if group("month3"):
            month = MONTHS[matched_key(group("month3"))]
            year = int(group("year3") or _year_for(month, published))
            return date(year, month, 1), _month_end(year, month)
    except (ValueError, TypeError):
        return None
    if published is None:
        return None
    if group("weekday"):
        back = (published.weekday() - WEEKDAYS[matched_key(group("weekday"))]) % 7
        day = published - timedelta(days=back)
        return day, day
    return _relative(matched_key(group("relative")), published)


def _relative(words: str, published: date) -> tuple[date, date]:
    """yesterday, today, last week, this year... against the published date."""
    if words == "yesterday":
        return (published - timedelta(days=1),) * 2
    if words in ("last week", "this week"):
        return (published - timedelta(days=7), published - timedelta(days=1)) if words == "last week" else (
            published - timedelta(days=published.weekday()), published)
    if words == "last month":
        last = published.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if words == "this month":
        return published.replace(day=1), published
    if words == "last year":
        return date(published.year - 1, 1, 1), date(published.year - 1, 12, 31)
    if words == "this year":
        return date(published.year, 1, 1), published
    if words.startswith("the end of"):  # "by the end of the week": the last day of the published week, month or year
        unit = words.rpartition(" ")[2]
        if unit == "week":
            last = published + timedelta(days=6 - published.weekday())
        elif unit == "month":
            last = _month_end(published.year, published.month)
        else:
            last = date(published.year, 12, 31)
        return last, last
    return published, published


def _year_for(month: int, published: date | None) -> int:
    """The year of a month named without one: the published year, or the year before for a later month."""
    if published is None:
        raise ValueError("no year")
    return published.year if month <= published.month else published.year - 1


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
