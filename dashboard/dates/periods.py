"""TIMEX3 rules for named periods longer than a day: decades and centuries ("the 1990s", "the 20th
century"), quarters ("the third quarter", "Q3 1998", "next year's first quarter"), halves ("the
first half of 1989", "the last half of 2019") and seasons ("last fall", "the spring of 2021"). Rules
of :mod:`dashboard.dates.timex` (same signature: cleaned text, DCT, tense)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dashboard.dates import lexicon as lx
from dashboard.dates.values import _add_months, _pick

def decade_century(t, dct, tense):
    """Decades ("the 1990s", "the '80s", "the nineties") and centuries ("the 20th century", "this
    century")."""
    if m := re.fullmatch(r"(1\d|20)(\d)0'?s", t):
        return "DATE", m[1] + m[2]
    if m := re.fullmatch(r"'?(\d)0'?s", t):
        return "DATE", "19" + m[1]
    if t in lx.DECADE_WORDS:
        return "DATE", f"19{lx.DECADE_WORDS[t]}"
    if m := re.fullmatch(r"(\d\d?)(?:st|nd|rd|th) century", t):
        return "DATE", f"{int(m[1]) - 1:02d}"
    if t == "century" or t == "this century":
        return ("DATE", f"{dct.year // 100:02d}") if dct else None
    return None


def _quarter_year(q: int, dct: date, tense: str) -> int:
    """The year of quarter ``q`` named without one: the nearest such quarter that has begun by the
    DCT in a past clause, or that ended at most one quarter before it in a future one (results "will
    be reported" for the quarter just closed: "third-quarter results" in October are this year's)."""
    opts = [(date(y, 3 * q - 2, 1), _add_months(date(y, 3 * q - 2, 1), 3)) for y in (dct.year - 1, dct.year, dct.year + 1)]
    if tense == "past":
        opts = [o for o in opts if o[0] <= dct] or opts
    elif tense == "future":
        opts = [o for o in opts if o[1] >= _add_months(dct, -3)] or opts
    return min(opts, key=lambda o: abs((o[0] - dct).days))[0].year


def quarter_half_season(t, dct, tense):
    """Quarters ("the third quarter", "Q3 1998", "fiscal fourth quarter"), halves ("the first half
    of 1989") and seasons ("last fall", "this summer", "the spring of 2021")."""
    t = re.sub(r"\b(fiscal|calendar|financial|the|a|an)\s+", "", t)
    if dct is not None:
        for word, shift in (("this", 0), ("last", -1), ("next", 1)):  # "next year's first quarter"
            t = re.sub(rf"^{word} year\s+", f"{dct.year + shift} ", t)
        for word, shift in (("this", 0), ("last", -1), ("next", 1)):
            t = re.sub(rf"\s+of\s+{word}\s+year$", f" {dct.year + shift}", t)
    t = re.sub(r"^(?:final|last) quarter", "fourth quarter", t)
    t = re.sub(r"^(?:last|latter) half\b", "second half", t)  # "the last half of 1989" is its second half
    if m := re.fullmatch(r"(\d{4}) (first|second|third|fourth|1st|2nd|3rd|4th) (quarter|half)", t):
        t = f"{m[2]} {m[3]} {m[1]}"
    year = re.search(r"\b(1\d\d\d|20\d\d)\b", t)
    m = re.fullmatch(r"(?:(first|second|third|fourth|1st|2nd|3rd|4th) quarter|q([1-4]))(?: (?:of )?(\d{4}))?", t)
    if m:
        q = int(m[2] or 0) or {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(m[1]) or int(m[1][0])
        if year:
            return "DATE", f"{year[1]}-Q{q}"
        if dct is None:
            return None
        return "DATE", f"{_quarter_year(q, dct, tense)}-Q{q}"
    m = re.fullmatch(r"(first|second|1st|2nd) half(?: (?:of )?(\d{4}))?", t)
    if m:
        h = 1 if m[1] in ("first", "1st") else 2
        if year:
            return "DATE", f"{year[1]}-H{h}"
        return ("DATE", f"{dct.year}-H{h}") if dct else None
    m = re.fullmatch(r"(this|last|next|past|coming|previous)?\s*(spring|summer|fall|autumn|winter)(?: (?:of )?(\d{4}))?", t)
    if m:
        code = lx.SEASONS[m[2]]
        if m[3]:
            return "DATE", f"{m[3]}-{code}"
        if dct is None:
            return None
        start = lx.SEASON_START[code]
        opts = [date(y, start, 1) for y in (dct.year - 1, dct.year, dct.year + 1)]
        if m[1] in ("last", "past", "previous"):
            chosen = max(d for d in opts if d <= dct - timedelta(days=92))
        elif m[1] in ("next", "coming"):
            chosen = min(d for d in opts if d > dct)
        elif m[1] == "this":
            chosen = date(dct.year, start, 1)
        else:
            chosen = _pick(opts, dct, tense)
        return "DATE", f"{chosen.year}-{code}"
    return None
