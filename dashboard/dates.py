"""Temporal normalisation of event dates against the publication date (the reference time).

Weekday names are resolved by our own rule (the same weekday as the publication date is that day;
otherwise the nearest one in the past for past-tense clauses and in the future for future ones);
everything else goes through dateparser with ``languages=["en"]`` and ``RELATIVE_BASE`` set to the
publication date (without ``languages`` dateparser guesses other languages on short strings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_RELATIVE = re.compile(r"\b(today|yesterday|tomorrow|tonight|ago|last|next|this|past|coming)\b", re.I)
_DURATION = re.compile(r"^(?:for\s+)?(?:about\s+|some\s+|nearly\s+|over\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few|tens|hundreds)\b.*\b(?:days?|weeks?|months?|years?|decades?|hours?|minutes?)$", re.I)


@dataclass(frozen=True)
class NormalisedDate:
    """A resolved temporal expression: the calendar ``date`` (UTC) and its ``precision``
    (``day``, ``month`` or ``year``); a month's or year's date is its first day."""

    date: date
    precision: str


def is_date_expression(text: str) -> bool:
    """True when ``text`` names a point in time we can place on a calendar: a month name, a
    weekday, a four-digit year or a relative word (today, last week, …). Durations ("two months")
    and bare numbers are rejected."""
    t = text.strip().lower()
    month_words = re.findall(rf"\b{_MONTH_RE}(?=\W|$)", text.strip(), flags=re.I)
    if month_words and not re.search(r"\d", t) and all(m[0].islower() for m in month_words):
        return False  # "may", "march" as verbs
    if _DURATION.match(t) and "ago" not in t:
        return False
    if any(w in t for w in WEEKDAYS):
        return True
    if re.search(rf"\b{_MONTH_RE}(?=\W|$)", t):
        return True
    if _YEAR.search(t):
        return True
    return bool(_RELATIVE.search(t)) and bool(re.search(r"\b(day|week|month|year|today|yesterday|tomorrow|tonight|weekend)\b", t))


def _precision(text: str) -> str:
    t = text.lower()
    if any(w in t for w in WEEKDAYS) or re.search(r"\b(today|yesterday|tomorrow|tonight|day)\b", t):
        return "day"
    has_month = bool(re.search(rf"\b{_MONTH_RE}(?=\W|$)", t))
    if has_month and re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", _YEAR.sub("", t)):
        return "day"
    if has_month or re.search(r"\bmonth\b", t):
        return "month"
    if re.search(r"\bweek\b", t):
        return "day"
    return "year"


def normalise(text: str, reference: datetime | None, tense: str = "past") -> NormalisedDate | None:
    """Resolve a temporal expression against the publication date.

    Parameters
    ----------
    text : str
        The expression, e.g. ``"Thursday"``, ``"January 10"``, ``"2014"``, ``"last Sunday"``.
    reference : datetime or None
        Publication datetime (UTC). Without it only expressions with an explicit year resolve.
    tense : {"past", "future", "present"}
        Tense of the clause; chooses the direction for weekdays and year-less dates.

    Returns
    -------
    NormalisedDate or None
        None when ``text`` is not a calendar expression or cannot be parsed.
    """
    if not is_date_expression(text):
        return None
    t = re.sub(r"^(on|in|at|since|by|from|until|during)\s+", "", text.strip(), flags=re.I)
    t = re.sub(r"^the\s+", "", t, flags=re.I)
    precision = _precision(t)
    base = reference.replace(tzinfo=None) if reference is not None else None
    words = t.lower().split()
    if len(words) == 1 and words[0] in WEEKDAYS:
        if base is None:
            return None
        delta = WEEKDAYS.index(words[0]) - base.weekday()
        if tense == "future":
            delta %= 7
        elif delta > 0:
            delta -= 7
        elif tense == "present" and delta < 0:
            delta %= 7
        return NormalisedDate((base + timedelta(days=delta)).date(), "day")
    if base is None and not _YEAR.search(t):
        return None
    import dateparser

    settings = {
        "PREFER_DATES_FROM": {"past": "past", "future": "future"}.get(tense, "current_period"),
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = base
    if _YEAR.fullmatch(t.strip()):
        return NormalisedDate(date(int(t.strip()), 1, 1), "year")
    parsed = dateparser.parse(t, languages=["en"], settings=settings)
    if parsed is None:
        return None
    day = parsed.date()
    if base is not None and not _YEAR.search(t) and re.search(rf"\b{_MONTH_RE}(?=\W|$)", t.lower()):
        day = _year_by_tense(day, base.date(), tense)
    # a date is stored as the first day of its period ("next year" is 1 January, "last month" the 1st)
    if precision == "year":
        day = day.replace(month=1, day=1)
    elif precision == "month":
        day = day.replace(day=1)
    return NormalisedDate(day, precision)


def _year_by_tense(day: date, base: date, tense: str) -> date:
    """Choose the year of a year-less date: the latest on/before ``base`` for the past, the
    earliest on/after it for the future, the nearest for the present."""
    options = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            options.append(day.replace(year=year))
        except ValueError:  # 29 February
            continue
    if tense == "past":
        past = [d for d in options if d <= base]
        return max(past) if past else day
    if tense == "future":
        future = [d for d in options if d >= base]
        return min(future) if future else day
    return min(options, key=lambda d: abs((d - base).days))
