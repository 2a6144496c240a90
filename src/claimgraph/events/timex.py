"""Normalise time expressions of news text against the article's publication date.

Events need a date range, but news says "on Tuesday", "last week" or "mid-2025", relative to
publication. Regular-expression rules turn these into an inclusive range with a precision;
`dateparser` is only a fallback for absolute formats the rules miss (numeric dates), as its
guesses on vague phrases ("the past week", seasons, "the 10th Brigade") are unsafe for events.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Date = dt.date
Span = tuple[Date, Date]

# Full month names in calendar order; their index + 1 is the month number.
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
# Abbreviations used by news style guides (a trailing dot is allowed) -> month number.
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                       "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
# Weekday names -> datetime.weekday() number (Monday = 0).
WEEKDAYS = {name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday",
                                               "friday", "saturday", "sunday"))}
# Meteorological seasons of the northern hemisphere: (first month, last month). Winter wraps the
# new year; "winter 2026" is December 2025 - February 2026, the one with most of its days in 2026.
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
           "winter": (12, 2)}
# Thirds of a year ("early/mid/late 2025", "the end of 2025"): (first month, last month).
YEAR_PARTS = {"early": (1, 4), "start": (1, 4), "beginning": (1, 4), "mid": (5, 8),
              "middle": (5, 8), "late": (9, 12), "end": (9, 12)}
# Slices of a month ("late January", "the first week of February"): (first day, last day). 31 is
# cut to the month's end; a first day <= 0 counts back from the end (the final seven days).
MONTH_SLICES = {"early": (1, 10), "start": (1, 10), "beginning": (1, 10), "mid": (11, 20),
                "middle": (11, 20), "late": (21, 31), "end": (21, 31), "first": (1, 7),
                "second": (8, 14), "third": (15, 21), "fourth": (22, 28), "last": (-6, 31),
                "final": (-6, 31)}
# Phrases naming one day relative to publication -> offset in days.
RELATIVE_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
                 "this evening": 0, "yesterday": -1, "last night": -1, "tomorrow": 1,
                 "the day before yesterday": -2, "the day after tomorrow": 2}
# Counts written as words ("three days ago", "the past two weeks"); "few"/"several" are guesses.
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "fourteen": 14, "thirty": 30, "few": 3, "several": 5}
# Days covered by an open plural ("the coming days", "recent weeks", "the past months").
OPEN_SPANS = {"hour": 1, "day": 7, "week": 28, "month": 91, "year": 1095}
# Calendar units to step from the publication's week, month or year ("last month", "next year").
RELATIVE_STEPS = {"this": 0, "the": 0, "last": -1, "previous": -1, "next": 1}
# Longest range (in days) that still has each precision; anything longer is "year".
PRECISION_LIMITS = (("day", 3), ("week", 16), ("month", 62), ("season", 190))
# Words stripped from the front of an entity's text; they do not move the date.
LEADING_WORDS_RE = re.compile(
    r"^(?:(?:on|in|at|during|around|about|circa|by|as of|since|until|over)\s+)+", re.I)
# A time of day after a date ("Tuesday at 3 p.m.", "January 12, 10:30 GMT"); only the day counts.
TIME_OF_DAY_RE = re.compile(
    r",?\s+(?:at\s+|around\s+)?(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\d{1,2}:\d{2}"
    r"|noon|midnight|dawn|dusk)(?:\s+(?:local time|[A-Z]{2,4}))?$", re.I)
# Words that must come right before a bare year, month or season for find_times to take it
# ("in 2024", "since March"), as "2000 troops", "the Arab Spring" and "may" are not times.
SCAN_PREPOSITIONS_RE = re.compile(
    r"\b(?:in|since|by|until|till|during|from|through|throughout|before|after)\s+$", re.I)
# Numeric dates ("12/01/2026") that only dateparser reads; its default order for English is MDY.
NUMERIC_DATE_RE = re.compile(r"\b\d{1,4}[/.]\d{1,2}[/.]\d{1,4}\b")


@dataclass(frozen=True)
class TimeValue:
    """An inclusive date range with the granularity the text gave it."""

    start: Date
    end: Date  # inclusive
    precision: str  # "day" | "week" | "month" | "season" | "year"


def _alternation(words: Iterable[object]) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


_MON = (r"(?P<month>(?:" + _alternation(MONTH_NAMES) + r")\b|(?:"
        + _alternation(MONTH_ABBREVIATIONS) + r")\b\.?)")
_YEAR = r"(?P<y>(?:19|20)\d{2})(?!\d)"
_MON_YEAR = _MON + r"(?:,?\s+" + _YEAR + r")?"
_DAY = r"(?P<d>[0-3]?\d)(?!\d)(?:st|nd|rd|th)?"
_WEEKDAY_PREFIX = r"(?:(?:" + _alternation(WEEKDAYS) + r"),?\s+)?"
_COUNT = r"(?P<n>\d+|" + _alternation(NUMBER_WORDS) + r")"
_PARTS = r"(?:the\s+)?(?P<part>" + _alternation(YEAR_PARTS) + r")(?:\s+of\s+|\s*-\s*|\s+)"
_DAYTIME = r"(?:\s+(?:morning|afternoon|evening|night))?"
Handler = Callable[[re.Match[str], Date, "str | None"], "TimeValue | None"]


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    if word.isdigit():
        return int(word)
    return MONTH_NAMES.index(word) + 1 if word in MONTH_NAMES else MONTH_ABBREVIATIONS[word]


def _month_span(year: int, month: int) -> Span:
    return Date(year, month, 1), Date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    y, m = divmod(year * 12 + month - 1 + by, 12)
    return y, m + 1


def _words(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _count(m: re.Match[str]) -> int | None:
    n = m["n"]
    return None if n is None else int(n) if n.isdigit() else NUMBER_WORDS[n.lower()]


def _resolve(span_of: Callable[[int], Span | None], p: Date, tense: str | None,
             rel: str | None = None) -> Span | None:
    """Pick the year of a year-less expression: a past event cannot start after publication and
    a future one cannot end before it; with no tense the occurrence nearest to `p` wins."""
    spans = [s for s in (span_of(y) for y in range(p.year - 2, p.year + 3)) if s is not None]
    if rel == "last":
        return next((s for s in reversed(spans) if s[1] < p), None)
    if rel == "next":
        return next((s for s in spans if s[0] > p), None)
    if tense == "past":
        return next((s for s in reversed(spans) if s[0] <= p), None)
    if tense == "future":
        return next((s for s in spans if s[1] >= p), None)
    return min(spans, key=lambda s: max((s[0] - p).days, (p - s[1]).days, 0), default=None)


def _value(span: Span | None, precision: str | None = None) -> TimeValue | None:
    """Wrap a range; without an explicit precision it follows from the range's length."""
    if span is None or span[1] < span[0]:
        return None
    days = (span[1] - span[0]).days + 1
    default = next((name for name, limit in PRECISION_LIMITS if days <= limit), "year")
    return TimeValue(span[0], span[1], precision or default)


def _day(day: Date) -> TimeValue | None:
    return _value((day, day), "day")


# Rule handlers: (match, publication date, tense) -> TimeValue, or None to let later rules try.
def _in_month(m: re.Match[str], p: Date, tense: str | None) -> TimeValue | None:
    """A day, day range, slice or the whole of a named month, its year written or resolved."""
    g = m.groupdict()
    year = int(g["y"]) if g.get("y") else None
    if g.get("month"):
        month = _month_number(g["month"])
    else:  # "the end of the month", "early next month"
        year, month = _shift_month(p.year, p.month, RELATIVE_STEPS.get(_words(g["rel"]), 0))
    if not 1 <= month <= 12:
        return None
    if g.get("d"):
        first, last, precision = int(g["d"]), int(g.get("d2") or g["d"]), "day"
    elif g.get("part"):
        (first, last), precision = MONTH_SLICES[g["part"].lower()], "week"
    else:
        first, last, precision = 1, 31, "month"

    def span_of(y: int) -> Span | None:
        end = _month_span(y, month)[1].day
        try:
            start = Date(y, month, first if first > 0 else end + first)
            return start, Date(y, month, min(last, end))
        except ValueError:  # February 30
            return None
    return _value(span_of(year) if year else _resolve(span_of, p, tense), precision)


def _year(m: re.Match[str], p: Date, tense: str | None) -> TimeValue | None:
    """A whole year ("2024", group yr) or a third of one ("mid-2025", "the end of the year")."""
    if m.groupdict().get("yr"):
        return _value((Date(int(m["yr"]), 1, 1), Date(int(m["yr"]), 12, 31)), "year")
    a, b = YEAR_PARTS[m["part"].lower()]
    year = int(m["y"]) if m["y"] else p.year + RELATIVE_STEPS.get(_words(m["rel"]), 0)
    return _value((Date(year, a, 1), _month_span(year, b)[1]), "season")


def _season(m: re.Match[str], p: Date, tense: str | None) -> TimeValue | None:
    name, rel = m["season"].lower(), _words(m["rel"])
    a, b = SEASONS[name]

    def span_of(y: int) -> Span:
        return Date(y - 1 if a > b else y, a, 1), _month_span(y, b)[1]
    if m["y"]:
        return _value(span_of(int(m["y"])), "season")
    if not rel and name == "fall":  # "the fall of Kabul" is not a season
        return None
    which = "next" if rel in ("next", "coming") else "last" if rel.endswith(("last", "past")) \
        else None
    return _value(_resolve(span_of, p, None if rel == "this" else tense, which), "season")


def _window(m: re.Match[str], p: Date, tense: str | None) -> TimeValue | None:
    """A rolling window ending at publication ("the past week", "recent days") or starting the
    day after it ("the coming days"); a span of hours ends or starts on the publication day."""
    unit, rel, n = m["unit"].lower(), _words(m["rel"]), _count(m)
    if n is None and not m["pl"] and (unit == "day" or (not m["det"] and rel in (
            "last", "previous", "next"))):
        return None  # "the next day" has another anchor; plain "last week" is a calendar week
    sign = 1 if rel in ("coming", "upcoming", "next") else -1
    if n is None and m["pl"]:
        other = p + dt.timedelta(sign * OPEN_SPANS[unit])
    elif unit in ("month", "year"):
        y, mo = _shift_month(p.year, p.month, sign * (n or 1) * (12 if unit == "year" else 1))
        other = Date(y, mo, min(p.day, calendar.monthrange(y, mo)[1]))
    else:
        other = p + dt.timedelta(sign * math.ceil((n or 1) * {"hour": 1 / 24, "day": 1,
                                                               "week": 7}[unit]))
    if sign < 0:
        return _value((other, p))
    return _value((p if unit == "hour" else p + dt.timedelta(1), other))


def _calendar(m: re.Match[str], p: Date, tense: str | None) -> TimeValue | None:
    unit, mod = m["unit"].lower(), _words(m["mod"])
    k = RELATIVE_STEPS[_words(m["rel"])]
    if unit == "week":
        monday = p - dt.timedelta(p.weekday() - 7 * k)
        span = (monday, monday + dt.timedelta(6))
    elif unit == "month":
        span = _month_span(*_shift_month(p.year, p.month, k))
    else:
        span = (Date(p.year + k, 1, 1), Date(p.year + k, 12, 31))
    if k == 0 and mod:
        span = (span[0], p) if mod == "earlier" else (p, span[1])
    return _value(span, unit)


def _weekend(m: re.Match[str], p: Date, tense: str | None) -> TimeValue | None:
    rel = _words(m["rel"])
    saturday = p + dt.timedelta(5 - p.weekday())  # Saturday of p's Monday-Sunday week
    if rel == "next":
        saturday += dt.timedelta(7)
    elif rel != "this" and (rel != "the" or tense != "future") and (saturday > p or rel == "last"):
        saturday -= dt.timedelta(7)  # the last weekend that has begun (or ended) by publication
    return _value((saturday, saturday + dt.timedelta(1)), "day")


def _relative_day(m: re.Match[str], p: Date, tense: str | None) -> TimeValue | None:
    return _day(p + dt.timedelta(RELATIVE_DAYS[_words(m["w"])]))


def _ago(m: re.Match[str], p: Date, tense: str | None) -> TimeValue | None:
    """A day ago is that day; a week, month or year ago is the calendar unit containing it."""
    unit, n = m["unit"].lower(), _count(m) or 1
    if unit == "day":
        return _day(p - dt.timedelta(n))
    if unit == "week":
        monday = p - dt.timedelta(p.weekday() + 7 * n)
        return _value((monday, monday + dt.timedelta(6)), "week")
    if unit == "month":
        return _value(_month_span(*_shift_month(p.year, p.month, -n)), "month")
    return _value((Date(p.year - n, 1, 1), Date(p.year - n, 12, 31)), "year")


def _weekday(m: re.Match[str], p: Date, tense: str | None) -> TimeValue | None:
    """Most recent such day for past/unknown tense, the coming one for future tense. The
    publication day itself counts ("said on Thursday" in a Thursday article, as agencies write
    it), except after "last"/"next"."""
    wd, rel = WEEKDAYS[m["wd"].lower()], _words(m["rel"])
    forward = rel in ("next", "coming") or (tense == "future" and rel in ("", "this"))
    delta = (wd - p.weekday()) % 7 if forward else -((p.weekday() - wd) % 7)
    if delta == 0 and rel in ("last", "past", "this past", "next"):
        delta = 7 if forward else -7
    return _day(p + dt.timedelta(delta))


# (pattern, handler, needs_prep), tried in this order by normalize_time and all scanned by
# find_times; needs_prep marks bare years, months and seasons, which find_times only takes
# after a preposition (SCAN_PREPOSITIONS_RE).
RULES: tuple[tuple[str, Handler, bool], ...] = (
    (r"(?P<y>\d{4})-(?P<month>\d{1,2})-(?P<d>\d{1,2})", _in_month, False),
    (_WEEKDAY_PREFIX + _MON + r"\s*" + _DAY + r"(?:\s*[-–]\s*(?P<d2>[0-3]?\d))?(?:,?\s+"
     + _YEAR + r")?", _in_month, False),
    (_WEEKDAY_PREFIX + r"(?:the\s+)?" + _DAY + r"\s+(?:of\s+)?" + _MON_YEAR,
     _in_month, False),
    (r"(?:the\s+)?(?P<part>first|second|third|fourth|last|final)\s+week\s+(?:of|in)\s+"
     + _MON_YEAR, _in_month, False),
    (_PARTS + r"(?:" + _MON_YEAR + r"|(?P<rel>this|last|next|the)\s+month)", _in_month, False),
    (_PARTS + r"(?:" + _YEAR + r"|(?P<rel>this|last|next|the)\s+year)", _year, False),
    (_MON + r",?\s+" + _YEAR, _in_month, False),
    (_MON + r"(?P<y>)", _in_month, True),
    (r"(?:the\s+)?(?:(?P<rel>this\s+past|this|last|next|past|coming)\s+)?(?P<season>"
     + _alternation(SEASONS) + r")(?:\s+(?:of\s+)?" + _YEAR + r")?", _season, True),
    (r"(?:(?:over|in|during|within|for)\s+)?(?P<det>the\s+|this\s+)?(?P<rel>past|last|previous"
     r"|coming|upcoming|next|(?:most\s+)?recent)\s+(?:" + _COUNT + r"\s+)?"
     r"(?P<unit>hour|day|week|month|year)(?P<pl>s)?", _window, False),
    (r"(?:(?P<mod>earlier|later)\s+)?(?P<rel>this|last|next|previous)\s+"
     r"(?P<unit>week|month|year)", _calendar, False),
    (r"(?:(?:over|during|at)\s+)?(?P<rel>the|this\s+past|this|last|next|past)\s+weekend",
     _weekend, False),
    (r"(?:(?:earlier|later|early|late)\s+)?(?P<w>" + _alternation(RELATIVE_DAYS).replace(
        r"\ ", r"\s+") + r")" + _DAYTIME, _relative_day, False),
    (_COUNT + r"\s+(?P<unit>day|week|month|year)s?\s+ago", _ago, False),
    (r"(?:(?P<rel>this\s+past|last|next|this|past|coming)\s+)?(?P<wd>" + _alternation(WEEKDAYS)
     + r")(?:'s|’s)?" + _DAYTIME, _weekday, False),
    (r"(?P<yr>(?:19|20)\d{2})", _year, True),
)
# Each rule compiled twice: for whole entity texts, and bounded by non-word characters for scans.
_COMPILED = [(re.compile(pattern, re.I), re.compile(r"(?<!\w)(?:" + pattern + r")(?!\w)", re.I),
              handler, needs_prep) for pattern, handler, needs_prep in RULES]


def _apply(handler: Handler, m: re.Match[str], p: Date, tense: str | None) -> TimeValue | None:
    try:
        return handler(m, p, tense)
    except (ValueError, OverflowError):  # dates out of range, e.g. "the past 3000 years"
        return None


def _clean(expr: str) -> str:
    text = " ".join(expr.replace("’", "'").split()).strip(" ,;:")
    text = TIME_OF_DAY_RE.sub("", re.sub(r"'s$", "", text))
    return LEADING_WORDS_RE.sub("", text)


def _dateparser_fallback(text: str, published: Date, tense: str | None) -> TimeValue | None:
    """Absolute dates in forms the rules miss; only tried when the text has a digit and a month
    (name or numeric date), so bare numbers and ordinals are never read as dates."""
    if not re.search(r"\d", text) or not (NUMERIC_DATE_RE.search(text)
                                          or re.search(r"\b" + _MON, text, re.I)):
        return None
    import dateparser  # imported here: loading its language data is slow

    settings = {"RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
                "PREFER_DATES_FROM": tense if tense in ("past", "future") else "current_period",
                "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return None if parsed is None else _day(parsed.date())


def normalize_time(expr: str, published: Date, tense: str | None = None) -> TimeValue | None:
    """`expr` is a time expression as found in text (e.g. a spaCy DATE entity's text); `tense` is
    "past", "present" or "future" of the clause it modifies (None if unknown) and decides between
    the last and the next Tuesday / January etc. Returns None when the text is not a usable time."""
    text = _clean(expr)
    tense = tense if tense in ("past", "future") else None  # present reads as unknown
    matches = [(m, handler) for full, _, handler, _ in _COMPILED if (m := full.fullmatch(text))]
    for m, handler in matches:
        if (value := _apply(handler, m, published, tense)) is not None:
            return value
    # a text a rule read but declined ("January 32", "the next day") is not handed on
    return None if matches or not text else _dateparser_fallback(text, published, tense)


def find_times(text: str, published: Date) -> list[tuple[int, int, str, TimeValue]]:
    """Time expressions found in `text` by regular expressions: (start, end, expr, value), in
    text order, non-overlapping, longest first. Used where no DATE entity is available."""
    found: list[tuple[int, int, str, TimeValue]] = []
    for _full, scan, handler, needs_prep in _COMPILED:
        for m in scan.finditer(text):
            groups = m.groupdict()
            if groups.get("month") and groups["month"][0].islower():
                continue  # "may", "march": month names are capitalised in news
            bare = not (groups.get("y") or groups.get("rel"))
            if needs_prep and bare and not SCAN_PREPOSITIONS_RE.search(
                    text[max(0, m.start() - 30):m.start()]):
                continue
            value = _apply(handler, m, published, None)
            if value is not None:
                found.append((m.start(), m.end(), m.group(), value))
    chosen: list[tuple[int, int, str, TimeValue]] = []
    for cand in sorted(found, key=lambda c: (c[0] - c[1], c[0])):
        if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c[0])
