"""TIMEX3 values: building them from calendar dates, their precision, and their first calendar day.

Notation as in the TimeML 1.2.1 guidelines: ``2022-03-04`` (day), ``2022-W09`` (ISO week),
``2022-W09-WE`` (its weekend), ``2022-03`` (month), ``2022-Q1`` (quarter), ``2022-H1`` (half),
``2022-SU`` (season), ``2022`` (year), ``202`` (decade), ``20`` (century), ``PRESENT_REF`` /
``PAST_REF`` / ``FUTURE_REF``, durations ``P3M`` / ``PT2H``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dashboard.dates import lexicon as lx

def _day(d: date) -> str:
    return d.isoformat()


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _add_months(d: date, n: int) -> date:
    k = d.year * 12 + d.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


def _quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


#: A reading the tense allows is preferred only within this many days of the DCT; beyond, the nearest
#: reading wins (news date year-less days within months of publication, and the tense read off a
#: parse is sometimes wrong: "Nov. 10" in a story of 5 November is not a year before).
HORIZON_DAYS = 183
#: ... and a reading the tense forbids wins when it lies within this many days of the DCT.
NEAR_DAYS = 31


def _pick(options: list[date], dct: date, tense: str, horizon: int | None = None) -> date:
    """Of candidate readings, those consistent with the tense (past: on/before the DCT; future:
    on/after it) if any, then the nearest to the DCT; when that lies more than ``horizon`` days away
    (if given), a reading within :data:`NEAR_DAYS` of the DCT wins instead."""
    if tense == "past":
        kept = [d for d in options if d <= dct]
    elif tense == "future":
        kept = [d for d in options if d >= dct]
    else:
        kept = []
    best = min(kept or options, key=lambda d: abs((d - dct).days))
    if horizon is not None and abs((best - dct).days) > horizon:
        near = [d for d in options if abs((d - dct).days) <= NEAR_DAYS]
        return near[0] if near else best
    return best


def _year_for(month: int, day: int, dct: date, tense: str) -> int:
    opts = [d for y in (dct.year - 1, dct.year, dct.year + 1) if (d := _safe_date(y, month, day))]
    return _pick(opts, dct, tense, HORIZON_DAYS).year if opts else dct.year


def _two_digit_year(yy: int, dct: date, tense: str) -> int:
    opts = [date(c + yy, 1, 1) for c in (1900, 2000)]
    if tense == "past":
        kept = [d for d in opts if d.year <= dct.year]
        return (max(kept) if kept else opts[0]).year
    return min(opts, key=lambda d: abs(d.year - dct.year)).year


def _unit_value(unit: str, d: date) -> str:
    prec = lx.UNITS[unit][2]
    if prec == "week":
        return _week(d) + ("-WE" if unit == "weekend" else "")
    if prec == "month":
        return _month(d.year, d.month)
    if prec == "quarter":
        return f"{d.year}-Q{_quarter(d)}"
    if prec == "year":
        return str(d.year)
    if prec == "decade":
        return str(d.year)[:3]
    if prec == "century":
        return str(d.year)[:2]
    return _day(d)


def _shift(d: date, unit: str, n: int) -> date:
    u = lx.UNITS[unit][0]
    if u == "D":
        return d + timedelta(days=n)
    if u in ("W", "WE"):
        return d + timedelta(weeks=n)
    if u == "M":
        return _add_months(d, n) if lx.UNITS[unit][1] is False else d
    if u == "Q":
        return _add_months(d, 3 * n)
    if u == "Y":
        return _safe_date(d.year + n, d.month, min(d.day, 28)) or d
    if u == "DE":
        return date(d.year + 10 * n, 1, 1)
    if u == "CE":
        return date(d.year + 100 * n, 1, 1)
    return d


def value_precision(value: str, typ: str = "DATE") -> str:
    """Precision of a TIMEX3 value: ``2022-03-04T10:00`` time, ``2022-03-04`` day, ``2022-W09``
    week, ``2022-03`` month, ``2022-Q1`` quarter, ``2022-H1`` half, ``2022-SU`` season, ``2022``
    year, ``202`` decade, ``20`` century, ``*_REF`` ref; durations (``P…``) and sets."""
    if typ == "SET":
        return "set"
    if value.endswith("_REF"):
        return "ref"
    if value.startswith("P"):
        return "duration"
    if "T" in value:
        return "time" if re.search(r"T\d", value) else "day"
    for pattern, name in ((r"\d{4}-\d\d-\d\d", "day"), (r"\d{4}-W\d\d(-WE)?", "week"), (r"\d{4}-\d\d", "month"),
                          (r"\d{4}-Q\d", "quarter"), (r"\d{4}-H\d", "half"), (r"\d{4}-(SP|SU|FA|WI)", "season"),
                          (r"\d{4}", "year"), (r"\d{3}", "decade"), (r"\d\d", "century")):
        if re.fullmatch(pattern, value):
            return name
    return "day"


def timex_date(value: str) -> tuple[date, str] | None:
    """The first calendar day of a TIMEX3 value and its precision: ``2022-03-04`` (day),
    ``2022-W09`` (its Monday, week), ``2022-03`` (month), ``2022-Q2`` (1 April, quarter), ``2021-FA``
    (1 September, season), ``2022-H2`` (1 July, half), ``2021`` (year), ``199`` (1990, decade),
    ``19`` (1900, century); None for refs, durations, sets and values with ``X``."""
    v = value.split("T")[0] if re.match(r"\d{4}-\d\d-\d\dT", value) else value
    prec = value_precision(v)
    try:
        if prec == "day":
            return date.fromisoformat(v), "day"
        if prec == "week":
            y, w = int(v[:4]), int(v[6:8])
            return date.fromisocalendar(y, w, 6 if v.endswith("WE") else 1), "week"
        if prec == "month":
            return date(int(v[:4]), int(v[5:7]), 1), "month"
        if prec == "quarter":
            return date(int(v[:4]), 3 * int(v[6]) - 2, 1), "quarter"
        if prec == "half":
            return date(int(v[:4]), 1 if v[6] == "1" else 7, 1), "half"
        if prec == "season":
            code = v[5:]
            return date(int(v[:4]), lx.SEASON_START[code], 1), "season"
        if prec in ("year", "decade", "century"):
            return date(int(v.ljust(4, "0")), 1, 1), prec
    except ValueError:
        return None
    return None
