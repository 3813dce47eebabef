"""Named days ("Thanksgiving Day", "Christmas Eve", "Easter", "Victory Day", "Election Day") read
as TIMEX3 day values (Easter week as its ISO week). A rule of :mod:`dashboard.dates.timex` (same
signature: cleaned text, DCT, tense); without a year, the occurrence the tense allows nearest the
DCT (:func:`dashboard.dates.values._pick`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dashboard.dates.values import _day, _pick, _week


def easter(year: int) -> date:
    """Western Easter Sunday of ``year`` (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (Monday 0) of a month; ``n`` = -1 for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


#: Named day -> its date in a given year.
HOLIDAYS = {
    "new year's day": lambda y: date(y, 1, 1), "new year's eve": lambda y: date(y, 12, 31),
    "new year": lambda y: date(y, 1, 1), "christmas eve": lambda y: date(y, 12, 24),
    "christmas day": lambda y: date(y, 12, 25), "christmas": lambda y: date(y, 12, 25),
    "orthodox christmas": lambda y: date(y, 1, 7), "valentine's day": lambda y: date(y, 2, 14),
    "may day": lambda y: date(y, 5, 1), "victory day": lambda y: date(y, 5, 9),
    "independence day": lambda y: date(y, 7, 4), "halloween": lambda y: date(y, 10, 31),
    "veterans day": lambda y: date(y, 11, 11), "armistice day": lambda y: date(y, 11, 11),
    "easter": easter, "easter sunday": easter, "good friday": lambda y: easter(y) - timedelta(days=2),
    "easter monday": lambda y: easter(y) + timedelta(days=1),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4), "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1), "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + timedelta(days=1),
}
_HOLIDAY = re.compile(r"(?:(last|this|next|past|coming) )?(%s)( week)?(?: (?:of )?(\d{4}))?" % "|".join(
    sorted((re.escape(k) for k in HOLIDAYS), key=len, reverse=True)))


def holiday(t: str, dct: date | None, tense: str) -> tuple[str, str] | None:
    """``("DATE", value)`` of a named day ("thanksgiving day", "last christmas", "easter week",
    "christmas 2021"); None for anything else or without a year and a DCT."""
    m = _HOLIDAY.fullmatch(t)
    if not m or (m[3] and not m[2].startswith("easter")):
        return None
    rule = HOLIDAYS[m[2]]
    if m[4]:
        got = rule(int(m[4]))
    elif dct is None:
        return None
    else:
        opts = [rule(y) for y in (dct.year - 1, dct.year, dct.year + 1)]
        if m[3]:  # a week: compared by its Monday
            opts = [d - timedelta(days=d.weekday()) for d in opts]
        side = {"last": "past", "past": "past", "next": "future", "coming": "future"}.get(m[1] or "", tense)
        if m[1] == "this":
            side = "present"
        got = _pick(opts, dct, side)
        if m[1] in ("last", "past") and got >= dct:
            got = max((d for d in opts if d < dct), default=got)
    return "DATE", _week(got) if m[3] else _day(got)


#: Named days as written in running text (capitalised), for the recogniser: the small spaCy model
#: tags few of them as DATE ("Elian was found Thanksgiving Day").
NAMED_DAY = re.compile(r"\b(?:(?:last|this|next) )?(?:%s)(?: [Ww]eek)?\b" % "|".join(
    sorted((" ".join(w[:1].upper() + w[1:] for w in k.split()) for k in HOLIDAYS), key=len, reverse=True)))
