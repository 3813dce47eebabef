"""TIMEX3 durations (``P6M``, ``PT48H``, ``PXY``), sets (``P1W``, ``XXXX-WXX-1``) and the refs
PRESENT_REF / PAST_REF / FUTURE_REF, read from a cleaned expression (:func:`dashboard.dates.timex.clean`).
Rules of :mod:`dashboard.dates.timex` (same signature: cleaned text, DCT, tense)."""

from __future__ import annotations

import re
from datetime import date

from dashboard.dates import lexicon as lx


#: The next smaller unit of each duration unit, and how many of it make a half: a half is written in
#: it ("two and a half years" P2Y6M, "5 1/2 hours" PT5H30M, "a minute and a half" PT1M30S).
_HALF = {"year": ("", "Y", "6M"), "month": ("", "M", "15D"), "day": ("", "D", "T12H"),
         "hour": ("T", "H", "30M"), "minute": ("T", "M", "30S")}
_HALF_SPAN = {"decade": "P5Y", "century": "P50Y", "year": "P6M", "month": "P15D", "week": "PT84H",
              "day": "PT12H", "hour": "PT30M", "minute": "PT30S"}


def half_duration(t: str) -> tuple[str, str] | None:
    """A duration with a half: "two and a half years", "a year and a half", "5 1/2 hours",
    "half an hour", "half a century"; None when ``t`` has no half."""
    m = (re.fullmatch(rf"({lx.NUMBER_RE}|\d+) (?:and a half|1/2|\u00bd) ({lx.UNIT_RE})", t)
         or re.fullmatch(rf"({lx.NUMBER_RE}) ({lx.UNIT_RE}) and a half", t))
    if m:
        unit, n = lx.singular(m[2]), lx.number_value(m[1])
        if unit not in _HALF or n is None:
            return None
        time, letter, half = _HALF[unit]
        return "DURATION", f"P{time}{n}{letter}{half}" if not half.startswith("T") else f"P{n}{letter}{half}"
    m = re.fullmatch(rf"(?:a )?half (?:an? |one )?({lx.UNIT_RE})", t)
    if m and lx.singular(m[1]) in _HALF_SPAN:
        return "DURATION", _HALF_SPAN[lx.singular(m[1])]
    return None


def duration(t: str, dct: date | None, tense: str) -> tuple[str, str] | None:
    """Durations: "two weeks", "a five-year", "the past four months", "several days", "years",
    "the next 12 to 18 months" (the upper bound), "24 hours", "two and a half years"."""
    if half := half_duration(re.sub(r"^(?:the\s+)?(?:past|last|next|first|more than|about)\s+", "", t)):
        return half
    t = re.sub(r"^each of\s+", "", t)  # "in each of the past three years": the three years
    t = re.sub(rf"^({lx.NUMBER_RE})\s+more\s+", r"\1 ", t)  # "two more weeks", "at least 20 more years"
    t = re.sub(r"\b(?:trading|business|working|calendar|school)\s+(?=days?\b)", "", t)  # "eight trading days"
    one = bool(re.match(r"(?:the\s+)?(?:past|entire|whole|full)\s+\w+$", t))
    t = re.sub(r"\s+of\s+(?:the\s+)?(?:\d{4}|year|fiscal year)$", "", t)
    t = re.sub(r"^(?:the\s+)?(?:past|last|next|coming|first|previous|following|recent|remaining|final|"
               r"more|other|additional|entire|whole|full|latest)\s+", "", t)
    t = re.sub(r"^(?:the\s+)?(?:past|last|next|coming|first)\s+", "", t)
    t = re.sub(r"\b(long|old|plus|more|straight|running|consecutive|in a row)$", "", t).strip()
    t = re.sub(rf"^{lx.NUMBER_RE}\s+(?:to|or)\s+", "", t)
    m = re.fullmatch(rf"(?:({lx.NUMBER_RE}|several|a few|few|some|many|recent|couple of)\s+)?(?:(and a half)\s+)?({lx.UNIT_RE})(?: and a half)?", t)
    if not m:
        return None
    unit = lx.singular(m[3])
    if unit not in lx.UNITS or unit == "weekend":
        return None
    if m[1] is None and not m[3].endswith("s") and unit not in ("decade", "century") and not one:
        return None  # a bare singular unit ("week") is no duration here
    n = lx.number_value(m[1]) if m[1] else (1 if not m[3].endswith("s") else None)
    letter, is_time, _ = lx.UNITS[unit]
    num = "X" if n is None else str(n)
    if letter == "DE":
        letter, num = "Y", "X" if n is None else str(10 * n)
    if letter == "CE":
        letter, num = "Y", "X" if n is None else str(100 * n)
    return "DURATION", f"P{'T' if is_time else ''}{num}{letter}"


def sets_refs(t: str, dct: date | None, tense: str) -> tuple[str, str] | None:
    """Sets ("daily", "every week", "each year", "every Monday") and PRESENT_REF / PAST_REF /
    FUTURE_REF words ("now", "recently", "the future")."""
    if t in lx.SET_WORDS:
        return "SET", lx.SET_WORDS[t]
    m = re.fullmatch(rf"(?:every|each|per)\s+({lx.UNIT_RE}|{lx.WEEKDAY_RE})", t)
    if m:
        word = m[1].rstrip(".")
        if lx.singular(word) in lx.UNITS:
            letter, is_time, _ = lx.UNITS[lx.singular(word)]
            return "SET", f"P{'T' if is_time else ''}1{letter if letter != 'WE' else 'W'}"
        idx = next(i for i, name in enumerate(lx.WEEKDAYS) if name.startswith(word.rstrip("s")[:3]))
        return "SET", f"XXXX-WXX-{idx + 1}"
    if t in lx.PRESENT_WORDS:
        return "DATE", "PRESENT_REF"
    if t in lx.PAST_WORDS:
        return "DATE", "PAST_REF"
    if t in lx.FUTURE_WORDS:
        return "DATE", "FUTURE_REF"
    return None
