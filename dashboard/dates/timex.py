"""TIMEX3 normalisation of English temporal expressions against the document creation time (DCT).

:func:`normalise_timex` turns an expression ("two weeks ago", "late last year", "mid-January",
"04/03/2022", "Friday morning", "the third quarter", "several months", "daily", "now") into a
:class:`Timex`: its TIMEX3 ``type`` (DATE, TIME, DURATION, SET), its ``value`` in TIMEX3 notation
(``2022-03-04``, ``2022-W09``, ``2022-03``, ``2022-Q1``, ``2021-FA``, ``2021``, ``199``,
``PRESENT_REF``, ``P2W``, ``XXXX-WXX-1``) and the ``precision`` of that value. The rules follow the
TimeML 1.2.1 annotation guidelines (as TimeBank and TempEval-3 apply them): modifiers such as
"early", "mid-", "late", "earlier this" leave the value unchanged (they are TIMEX3's ``mod``); "last
week" is the calendar week before the DCT's; "N units ago" is the unit containing DCT − N units.

Numeric dates: four-digit years are read as written; a two-digit year is put in the century that
makes it no later than the DCT for a past clause (``10/28/62`` published in 2022 is 1962) and the
nearest otherwise. Day and month order is decided by plausibility: a part above 12 is the day;
otherwise a past event cannot be dated after the DCT, a future one not before it, and of the readings
left the one nearest the DCT wins (``04/03/2022`` in a past clause published 2022-03-10 is 4 March).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dashboard.dates import lexicon as lx
from dashboard.dates.context import _ORDINAL_QUARTER, anaphoric, with_dateparser
from dashboard.dates.durations import duration, sets_refs
from dashboard.dates.holidays import holiday
from dashboard.dates.periods import decade_century, quarter_half_season
from dashboard.dates.values import (HORIZON_DAYS, _day, _month, _pick, _safe_date, _shift,
                                    _two_digit_year, _unit_value, _year_for, timex_date, value_precision)

#: Precision of each TIMEX3 value shape (see :func:`value_precision`).
PRECISIONS = ("time", "day", "week", "month", "quarter", "half", "season", "year", "decade", "century",
              "ref", "duration", "set")


@dataclass(frozen=True)
class Timex:
    """A normalised temporal expression (TIMEX3 ``type``, ``value``, ``mod``) and the precision of its
    value: time, day, week, month, quarter, half, season, year, decade, century, ref (PRESENT_REF,
    PAST_REF, FUTURE_REF), duration or set."""

    text: str
    type: str
    value: str
    precision: str
    mod: str | None = None

    @property
    def anchored(self) -> bool:
        """True when the value is a point or period on the calendar (a DATE or TIME with digits)."""
        return self.type in ("DATE", "TIME") and self.value[:1].isdigit() and "X" not in self.value


# ------------------------------------------------------------------ cleaning
_LEAD = re.compile(r"^(?:more than|less than|at least|no more than|no later than|up to|as early as|as late as|"
                   r"as of|as long as|this past|an additional|on|in|at|since|by|from|until|till|through|during|"
                   r"of|for|over|within|around|about|some|nearly|almost|roughly|approximately|just|only|barely|"
                   r"beginning|starting|sometime|the|its|their|his|her|our|another|further)\s+", re.I)
_MOD = re.compile(r"^(early|earlier|mid|middle of|late|later|end of|beginning of|start of|rest of)\b\s*", re.I)



#: An amount added to a period ("an additional year", "another week", "a further month") is a duration.
_ADDED = re.compile(r"(?:another|an? (?:additional|further|extra))\s", re.I)


def clean(text: str) -> str:
    """Lower-case ``text`` and normalise its spelling for matching: curly quotes, ``a.m.``/``p.m.``,
    hyphens between words ("mid-January", "third-quarter", "twenty-four"), edge punctuation, leading
    prepositions, determiners and approximators ("about", "more than")."""
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"\ba\.?m\.?(?=\W|$)", "am", t)
    t = re.sub(r"\bp\.?m\.?(?=\W|$)", "pm", t)
    t = re.sub(r"(?<=[a-z])-(?=[a-z0-9])|(?<=[0-9])-(?=[a-z])", " ", t)
    t = re.sub(r"'s$|(?<=\w)'s\b", "", t)
    t = re.sub(r"\b(?:a )?fortnight\b", "two weeks", t)
    t = re.sub(r"^(?:the )?year(?:'s)?[ -]end$", "end of the year", t)  # TIMEX3: the year, mod END
    t = re.sub(r"\s+or so\b", "", t)
    t = lx.SPELLED_YEAR.sub(lambda m: str(lx.spelled_year(m[0])), t)
    t = re.sub(r"\s+", " ", t).strip(" \t\n.,;:!?\"()")
    prev = None
    while prev != t:
        prev, t = t, _LEAD.sub("", t)
    return t


# ------------------------------------------------------------------ the rules
def normalise_timex(text: str, dct: date | datetime | None, tense: str = "past",
                    anchor: str | None = None) -> Timex | None:
    """Normalise one temporal expression in TIMEX3 notation.

    Parameters
    ----------
    text : str
        The expression as written ("earlier this month", "10/28/62", "two weeks ago", "Friday").
    dct : date, datetime or None
        Document creation time (the publication date, the reference time). Without it only
        expressions that do not depend on it resolve (explicit years, durations, sets, refs).
    tense : {"past", "present", "future"}
        Tense of the governing clause: places weekdays, year-less dates, seasons, quarters and
        ambiguous day/month orders before or after the DCT.
    anchor : str, optional
        TIMEX3 value of the last calendar expression before this one in the text, for anaphoric
        expressions ("that year", "the following year", "the quarter", "a year earlier" after a
        quarter: see :func:`dashboard.dates.context.anaphoric`).

    Returns
    -------
    Timex or None
        None when no rule reads ``text``.
    """
    if isinstance(dct, datetime):
        dct = dct.date()
    t = clean(text)
    if not t:
        return None
    mod = None
    m = _MOD.search(t)
    if m and not re.fullmatch(r"(?:earlier|later)", t):
        mod = {"early": "START", "earlier": None, "mid": "MID", "middle of": "MID", "late": "END",
               "later": None}.get(m.group(1), None)
        t = (t[:m.start()] + t[m.end():]).strip()
        while (shorter := _LEAD.sub("", t)) != t:  # "earlier in the year": the year
            t = shorter
    out = None
    if added := _ADDED.match(text.strip()):  # "an additional year", "a further six months": an amount of time
        rest = clean(text.strip()[added.end():])
        out = duration(f"1 {rest}" if re.fullmatch(lx.UNIT_RE, rest) else rest, dct, tense)
    if out is None and (counted := _COUNTED_ON.fullmatch(t)):
        return _counted_on(text, counted, dct, tense, anchor)
    if out is None:
        out = anaphoric(t, dct, tense, anchor) or _period_ending(t, dct, tense) or _apply(t, dct, tense)
    if out is None and (m := re.fullmatch(r"(?:between )?(.+?) (?:to|and|through|until|-) .+", t)):
        out = _apply(m[1], dct, tense)  # a range: TimeML marks its start
    if out is None and re.search(rf"\b{lx.MONTH_RE}(?=\W|$)|\b(?:1\d|20)\d\d\b", t):
        out = with_dateparser(t, dct, tense)
    if out is None:
        return None
    typ, value = out
    return Timex(text, typ, value, value_precision(value, typ), mod)


def _period_ending(t: str, dct: date | None, tense: str) -> tuple[str, str] | None:
    """"the quarter ended Sept. 30" is the calendar quarter that ends that day; a period that does not
    end on its calendar period's last day ("the year ended March 31", a fiscal year) and "the nine
    months ended June 30" are durations (``P1Y``, ``P9M``)."""
    m = re.fullmatch(rf"(?:the )?(?:({lx.NUMBER_RE}) )?((?:(?:fiscal|financial|first|second|third|fourth|latest|current) )*)"
                     rf"({lx.UNIT_RE}|period)"
                     r" (?:that )?(?:ended|ending|ends|through) (.+)", t)
    if not m:
        return None
    ordinal = re.search(r"\b(first|second|third|fourth)\b", m[2])
    m = (m[0], m[1], m[3], m[4])
    unit, n = lx.singular(m[2]), lx.number_value(m[1]) if m[1] else None
    if n is not None and n > 1 and unit in lx.UNITS:
        letter, is_time, _ = lx.UNITS[unit]
        return "DURATION", f"P{'T' if is_time else ''}{n}{letter}"
    end = _apply(clean(m[3]), dct, tense)
    got = timex_date(end[1]) if end else None
    if got is None:
        return None
    if unit not in lx.UNITS:
        return "DATE", end[1]
    if unit == "quarter" and ordinal:  # a company's own (fiscal) quarter keeps its number: "its fourth quarter ended June 30"
        return "DATE", f"{got[0].year}-Q{_ORDINAL_QUARTER[ordinal[1]]}"
    if unit == "quarter":  # three months ended on another day: the calendar quarter they mostly cover
        return "DATE", _unit_value(unit, got[0] - timedelta(days=45))
    if _unit_value(unit, got[0] + timedelta(days=1)) == _unit_value(unit, got[0]):
        letter, is_time, _ = lx.UNITS[unit]
        return "DURATION", f"P{'T' if is_time else ''}1{letter}"
    return "DATE", _unit_value(unit, got[0])


def _apply(t: str, dct: date | None, tense: str) -> tuple[str, str] | None:
    for rule in _RULES:
        out = rule(t, dct, tense)
        if out is not None:
            return out
    return None


def _numeric(t, dct, tense):
    """ISO dates and slashed or dashed numeric dates, day/month order by plausibility."""
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:t(\d\d):(\d\d).*)?", t):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        if d is None:
            return None
        return ("TIME", f"{d}T{m[4]}:{m[5]}") if m[4] else ("DATE", _day(d))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d\d)", t)
    if not m:
        return None
    a, b, y = int(m[1]), int(m[2]), m[3]
    ref = dct or date(2000, 1, 1)
    year = int(y) if len(y) == 4 else _two_digit_year(int(y), ref, tense)
    options = [d for d in (_safe_date(year, a, b), _safe_date(year, b, a)) if d]
    if not options:
        return None
    return "DATE", _day(_numeric_order(options, ref, tense) if dct else options[0])


def _numeric_order(options: list[date], dct: date, tense: str) -> date:
    """Of the month-first and day-first readings of a numeric date (in that order): those the tense
    allows (a past event not after the DCT, a future one not before it), then those within
    :data:`HORIZON_DAYS` of the DCT, then month first (the US and wire-service order)."""
    for keep in (lambda d: tense != "past" or d <= dct, lambda d: tense != "future" or d >= dct,
                 lambda d: abs((d - dct).days) <= HORIZON_DAYS):
        options = [d for d in options if keep(d)] or options
    return options[0]


def _time_of_day(t: str) -> tuple[str | None, str]:
    """(``HH:MM`` or a part of day such as ``MO``, text without it)."""
    m = re.search(r"\b(\d{1,2})(?::(\d\d))?\s*(am|pm)\b", t)
    if m:
        h = int(m[1]) % 12 + (12 if m[3] == "pm" else 0)
        return f"{h:02d}:{m[2] or '00'}", (t[:m.start()] + t[m.end():]).strip(" ,")
    m = re.search(r"\b(\d{1,2}):(\d\d)\b", t)
    if m and int(m[1]) < 24:
        return f"{int(m[1]):02d}:{m[2]}", (t[:m.start()] + t[m.end():]).strip(" ,")
    for word, hhmm in (("noon", "12:00"), ("midday", "12:00"), ("midnight", "24:00")):
        if re.search(rf"\b{word}\b", t):
            return hhmm, re.sub(rf"\b{word}\b", "", t).strip(" ,")
    m = re.search(r"\b(morning|afternoon|evening|tonight|overnight|night)\b", t)
    if m:
        return lx.PARTS_OF_DAY[m[1]], (t[:m.start()] + t[m.end():]).strip(" ,")
    return None, t


def _with_time(day_value: str, tod: str | None, named_day: bool = False) -> tuple[str, str]:
    """A day value with its time of day; a part of day ("morning", "night") on a named day ("Friday
    night", "the night of Oct. 23") keeps the day's value, as TimeBank and AQUAINT mostly annotate it."""
    if tod is None or (named_day and ":" not in tod):
        return "DATE", day_value
    return ("TIME" if ":" in tod or tod == "NI" else "DATE"), f"{day_value}T{tod}"


def _calendar(t, dct, tense):
    """Month names with or without day and year, weekdays, explicit years, today / yesterday /
    tomorrow, each with an optional time of day ("9 a.m. Tuesday", "Friday morning")."""
    tod, rest = _time_of_day(t)
    if tod and ":" in tod and re.search(r"\b(?:utc|gmt)\b|\d(?:z|zulu)\b", t):
        tod += "Z"  # TIMEX3 marks a time given in UTC
    rest = re.sub(r"\b(?:[ecmpa][sd]t|gmt|utc|bst|cet|cest|msk|eet)\b", "", rest).strip(" ,")  # time zones
    month = re.search(rf"\b({lx.MONTH_RE})(?=\W|$)", rest)
    year = re.search(r"(?<![\d'])(1[0-9]\d\d|20\d\d)(?![\d]|s\b|'s)", rest)
    if not year and (yy := re.search(r"'(\d\d)\b(?!s)", rest)):
        year = yy
    if month:
        mon = next(i for i, name in enumerate(lx.MONTHS, 1) if name.startswith(month[1].rstrip(".")[:3]))
        other = rest[:month.start()] + " " + rest[month.end():]
        if year:
            other = other.replace(year.group(0), " ")
        dm = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", other) or re.search(
            r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", other)
        if year:
            y = int(year[1]) if len(year[1]) == 4 else _two_digit_year(int(year[1]), dct or date(2000, 1, 1), tense)
        elif dct:
            y = _year_for(mon, int(dm[1]) if dm and dm[1].isdigit() else 1, dct, tense if dm else tense)
            if not dm:  # a month alone: the one on the tense's side of the DCT's month
                first = dct.replace(day=1)
                opts = [date(yr, mon, 1) for yr in (dct.year - 1, dct.year, dct.year + 1)]
                if re.search(r"\b(?:last|past|previous)\b", rest):
                    y = max(d for d in opts if d < first).year
                elif re.search(r"\bnext\b|\bcoming\b", rest):
                    y = min(d for d in opts if d > first).year
                elif re.search(r"\bthis\b", rest):
                    y = dct.year
                else:
                    y = _pick(opts, first, tense, HORIZON_DAYS).year
        else:
            return None
        if dm:
            dnum = int(dm[1]) if dm[1].isdigit() else lx.ORDINALS[dm[1]]
            d = _safe_date(y, mon, dnum)
            if d is None:
                return None
            return _with_time(_day(d), tod, named_day=True)
        return "DATE", _month(y, mon)
    wd = re.search(rf"\b({lx.WEEKDAY_RE})(?=\W|$)", rest)
    if wd and dct and not rest.startswith(("every", "each")) and not re.search(r"\b\w+days\b", rest.replace("weekdays", "")):
        idx = next(i for i, name in enumerate(lx.WEEKDAYS) if name.startswith(wd[1].rstrip(".s")[:3]))
        delta = idx - dct.weekday()
        if re.search(r"\blast\b|\bprevious\b|\bpast\b", rest):
            delta = delta - 7 if delta >= 0 else delta
        elif re.search(r"\bnext\b|\bcoming\b|\bthis\b", rest) and tense != "past":
            delta = delta + 7 if delta <= 0 and "next" in rest else delta % 7
        elif tense == "future":
            delta %= 7
        elif delta > 0:
            delta -= 7
        return _with_time(_day(dct + timedelta(days=delta)), tod, named_day=True)
    for word, shift in (("today", 0), ("yesterday", -1), ("tomorrow", 1), ("tonight", 0), ("day before yesterday", -2)):
        if rest == word or (tod and rest in (word, f"{word} {word}")) or (word == "tonight" and tod == "NI" and not rest):
            if dct is None:
                return None
            return _with_time(_day(dct + timedelta(days=shift)), tod if word != "tonight" else "NI")
    if tod and dct and rest in ("this", "", "last", "later this", "early this", "this coming"):
        shift = -1 if rest == "last" else 0
        return _with_time(_day(dct + timedelta(days=shift)), tod)
    if year and re.fullmatch(r"(?:fiscal|calendar|the year|year|model year)?\s*" + re.escape(year.group(0)), rest.strip()):
        return "DATE", year[1] if len(year[1]) == 4 else str(_two_digit_year(int(year[1]), dct or date(2000, 1, 1), tense))
    return None


#: An amount of time counted on from a time the narrative named ("80 years later", "two days after"):
#: TimeML anaphora, whose anchor is a time of the text, never the DCT ("later" than publication
#: would put a past event in the future). "from now" and "hence" count from the DCT (:func:`_relative`).
_COUNTED_ON = re.compile(rf"({lx.NUMBER_RE}|several|a few|few|some|many)\s+({lx.UNIT_RE})\s+(?:later|after|afterwards?)")
_COARSENESS = PRECISIONS[:PRECISIONS.index("ref")]  # the calendar precisions, finest first


def _counted_on(text: str, m: re.Match, dct: date | None, tense: str, anchor: str | None) -> Timex | None:
    """Timex of a :data:`_COUNTED_ON` match: the anchor (the last calendar expression of the text,
    a TIMEX3 value) shifted forward by the amount, at the unit's precision. The amount alone, as a
    DURATION (TimeBank's reading: "<TIMEX3 type="DURATION">twenty years</TIMEX3> after"), which
    dates nothing, with no anchor, an anchor coarser than the unit ("three days later" after "in
    2014"), or when a clause that is not in the future would be dated after the DCT (the anchor was
    not the narrative's time: "... during World War II. 80 years later, Russia killed them", with
    "on Tuesday" before; the narrative present "80 years later they are killed", after "today");
    None for an amount not written as a number ("a few weeks later")."""
    unit, n = lx.singular(m[2]), lx.number_value(m[1])
    if n is None:
        return None
    amount = duration(f"{m[1]} {m[2]}", dct, tense)
    as_duration = Timex(text, amount[0], amount[1], value_precision(amount[1], amount[0]), None) if amount else None
    got = timex_date(anchor) if anchor else None
    if got is None or lx.UNITS[unit][2] == "time":
        return as_duration
    start, prec = got
    start = start.date() if isinstance(start, datetime) else start
    if prec not in _COARSENESS or _COARSENESS.index(prec) > _COARSENESS.index(lx.UNITS[unit][2]):
        return as_duration
    shifted = _shift(start, unit, n)
    if tense != "future" and dct is not None and shifted > dct:
        return as_duration
    value = _unit_value(unit, shifted)
    return Timex(text, "DATE", value, value_precision(value, "DATE"), None)


def _relative(t, dct, tense):
    """"this/last/next week", "earlier this month", "late last year", "two weeks ago", "three years
    earlier", "a month from now", "the weekend"."""
    if re.fullmatch(rf"(?:recent|past)\s+{lx.UNIT_RE}s|(?:recent|past) {lx.UNIT_RE}s and {lx.UNIT_RE}s", t):
        return "DATE", "PAST_REF"
    if re.fullmatch(rf"future\s+{lx.UNIT_RE}s", t):
        return "DATE", "FUTURE_REF"
    m = re.fullmatch(rf"(this|last|next|coming|previous|following|current|same|that)\s+(?:coming\s+)?({lx.UNIT_RE})", t)
    if m and not m[2].endswith("s") and lx.singular(m[2]) in lx.UNITS and lx.UNITS[lx.singular(m[2])][2] != "time":
        unit = lx.singular(m[2])
        if dct is None or m[1] in ("following", "same", "that"):
            return None
        n = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[m[1]]
        if lx.UNITS[unit][2] == "day":
            return None  # "last night" is a part of yesterday (see _calendar)
        return "DATE", _unit_value(unit, _shift(dct, unit, n))
    if t in ("weekend", "the weekend") and dct:
        return "DATE", _unit_value("weekend", dct if tense != "past" or dct.weekday() >= 5 else dct - timedelta(days=7))
    m = re.fullmatch(rf"({lx.NUMBER_RE}|several|a few|few|some|many)\s+({lx.UNIT_RE})\s+(ago|earlier|before|back|from now|hence)", t)
    if m:
        unit = lx.singular(m[2])
        n = lx.number_value(m[1])
        if n is None:
            return "DATE", "PAST_REF" if m[3] in ("ago", "earlier", "before", "back") else "FUTURE_REF"
        if dct is None or lx.UNITS[unit][2] == "time":
            return None
        sign = -1 if m[3] in ("ago", "earlier", "before", "back") else 1
        return "DATE", _unit_value(unit, _shift(dct, unit, sign * n))
    return None


def _week_of(t, dct, tense):
    """"the week of March 6": the ISO week that contains the day."""
    m = re.fullmatch(r"(?:the )?week of (.+)", t)
    day = _calendar(m[1], dct, tense) if m else None
    got = timex_date(day[1]) if day else None
    return ("DATE", _unit_value("week", got[0])) if got and got[1] == "day" else None


_RULES = (_numeric, _week_of, sets_refs, holiday, decade_century, quarter_half_season, _relative, _calendar, duration)
