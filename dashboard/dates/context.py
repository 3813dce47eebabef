"""TIMEX3 values that the expression's own words do not fix: anaphora resolved against the last
calendar expression of the text (TimeML's anchor), and dateparser as the last resort for date shapes
no rule of :mod:`dashboard.dates.timex` reads."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dashboard.dates import lexicon as lx
from dashboard.dates.values import _add_months, _day, _month, _quarter, value_precision

_ORDINAL_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_YEAR_AGO = (r"(?:a year (?:ago|earlier|before)|(?:the )?year (?:earlier|ago)(?: (?:quarter|period))?"
             r"|(?:the )?same (?:quarter|period) (?:a year ago|last year))")


#: A day or part of day counted from the day the narrative last named: "the next morning", "the
#: following day", "the day before", "the previous evening", "that night" (the anchor day itself).
_NEXT_DAY = re.compile(r"(?:(next|following|previous|preceding|same|that) )?(day|morning|afternoon|evening|night)"
                       r"(?: (before|after|earlier|later))?")
_PART_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def _day_after(anchor: str, which: str | None, part: str, after: str | None) -> tuple[str, str] | None:
    """``(type, value)`` of :data:`_NEXT_DAY`'s match against the anchor day ``anchor``."""
    shift = {"next": 1, "following": 1, "previous": -1, "preceding": -1}.get(which or "", 0)
    shift += {"before": -1, "earlier": -1, "after": 1, "later": 1}.get(after or "", 0)
    if part == "day" and shift == 0:
        return None
    day = (date.fromisoformat(anchor[:10]) + timedelta(days=shift)).isoformat()
    # a part of a day the phrase names ("the next morning") keeps the day's value, as on a named day
    # ("Friday night", see dashboard.dates.timex._with_time); "the morning", "that night" keep the part
    return ("DATE", day) if part == "day" or shift else ("TIME", f"{day}T{_PART_CODES[part]}")


def anaphoric(t: str, dct: date | None, tense: str, anchor: str | None) -> tuple[str, str] | None:
    """``(type, value)`` of an expression whose value comes from the last calendar expression
    (``anchor``, a TIMEX3 value) rather than the DCT, else None.

    * "that year", "later that year", "the following year", "the previous year": the anchor's year,
      the one after (in a past narrative), the one before; "the year", "the fiscal year", "the full
      year", "the end of the year": the anchor's year, else the DCT's; "the day", "that day", "the same day":
      the anchor's day (none without one);
    * the reporting period of business news: "the quarter", "the latest quarter" are the anchor's
      quarter (else the quarter before the DCT's, the one a results story reports); "the year-earlier
      quarter", "the year-ago period", "a year ago" after a quarter are the same quarter a year before.

    ``t`` is the cleaned expression (:func:`dashboard.dates.timex.clean`).
    """
    prec = value_precision(anchor) if anchor else None
    year = int(anchor[:4]) if anchor and prec in ("day", "week", "month", "quarter", "half", "season", "year") else None
    if year is not None:
        if re.fullmatch(r"(?:later |earlier )?(?:that|the same) year", t):
            return "DATE", str(year)
        if re.fullmatch(r"(?:the )?(?:following|subsequent) year", t) and tense == "past":  # not "next year": the DCT's
            return "DATE", str(year + 1)
        if re.fullmatch(r"(?:the )?(?:previous|preceding|prior) year", t):
            return "DATE", str(year - 1)
    if prec in ("day", "month") and (m := re.fullmatch(r"(?:the )?(following|subsequent|previous|preceding|prior) month", t)):
        month = _add_months(date(int(anchor[:4]), int(anchor[5:7]), 1), 1 if m[1] in ("following", "subsequent") else -1)
        return "DATE", _month(month.year, month.month)  # "the following month": after the month last named
    if re.fullmatch(r"(?:current |full |entire |whole )?(?:fiscal |calendar )?year", t):  # "for the year", "the full year"
        return ("DATE", str(year)) if year is not None else (("DATE", str(dct.year)) if dct is not None else None)
    if re.fullmatch(r"(?:that |same |the )?day", t):  # clean() has dropped a leading "the"
        return ("DATE", anchor[:10]) if prec == "day" else None  # no day named before: not a date
    if (m := _NEXT_DAY.fullmatch(t)) and prec in ("day", "time"):
        return _day_after(anchor, m[1], m[2], m[3])
    current = anchor if prec == "quarter" else None
    if current is None and dct is not None:
        before = _add_months(date(dct.year, 3 * _quarter(dct) - 2, 1), -3)
        current = f"{before.year}-Q{_quarter(before)}"
    if current is None:
        return None
    if re.fullmatch(r"(?:latest |most recent |recent |same |that )?(?:fiscal )?(?:quarter|period)", t):
        return ("DATE", current) if prec == "quarter" or "quarter" in t else None
    if re.fullmatch(_YEAR_AGO, t) and (prec == "quarter" or "quarter" in t or "period" in t):
        return "DATE", f"{int(current[:4]) - 1}{current[4:]}"
    if m := re.fullmatch(r"(?:the )?year (?:earlier|ago) (first|second|third|fourth) quarter", t):
        return "DATE", f"{int(current[:4]) - 1}-Q{_ORDINAL_QUARTER[m[1]]}"
    return None


def with_dateparser(t: str, dct: date | None, tense: str) -> tuple[str, str] | None:
    """Last resort for a date shape no rule reads ("the 4th day of July 2020"): dateparser with
    ``languages=["en"]`` and ``RELATIVE_BASE`` = the DCT; day precision when a day number is written,
    else month (a month name) or year."""
    import dateparser

    settings = {"PREFER_DATES_FROM": {"past": "past", "future": "future"}.get(tense, "current_period"),
                "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    if dct is not None:
        settings["RELATIVE_BASE"] = datetime(dct.year, dct.month, dct.day)
    try:
        got = dateparser.parse(t, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if got is None:
        return None
    has_month = re.search(rf"\b{lx.MONTH_RE}(?=\W|$)", t)
    if has_month and re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", re.sub(r"\b\d{4}\b", "", t)):
        return "DATE", _day(got.date())
    return "DATE", _month(got.year, got.month) if has_month else str(got.year)
