"""Temporal normalisation against the publication date (the reference time, TimeML's DCT).

Two levels:

* :func:`normalise_timex` (:mod:`dashboard.dates.timex`) reads an expression into a TIMEX3
  :class:`Timex` (type, value, precision); :func:`timex_date` turns a value into the first calendar
  day of its period; :func:`find_timexes` (:mod:`dashboard.dates.recognise`) finds and normalises
  every temporal expression of a parsed spaCy ``Doc`` (spaCy DATE/TIME entities plus our patterns),
  with the tense of each one's clause.
* :func:`normalise` and :func:`is_date_expression`: a calendar date with a coarse precision (day,
  month, year), for callers that want no more. They go through :func:`normalise_timex`, whose last
  resort for a date shape no rule reads is dateparser (``languages=["en"]``, ``RELATIVE_BASE`` =
  publication date). The event extraction (:mod:`dashboard.nlp.dates`) no longer folds: it takes
  :func:`find_timexes` and keeps the TIMEX3 precision in ``events.date_precision``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from dashboard.dates.context import anaphoric
from dashboard.dates.lexicon import MONTH_RE, MONTHS, WEEKDAYS
from dashboard.dates.timex import Timex, clean, normalise_timex, timex_date, value_precision

__all__ = ["NormalisedDate", "Timex", "normalise", "normalise_timex", "timex_date", "value_precision",
           "is_date_expression", "event_date", "MONTHS", "WEEKDAYS"]

#: TIMEX3 precisions folded into :func:`normalise`'s day / month / year (a week is dated by its
#: Monday at day precision, a quarter, half or season by its first month, a decade or century by its
#: first year).
EVENT_PRECISION = {"time": "day", "day": "day", "week": "day", "month": "month", "quarter": "month",
                   "half": "month", "season": "month", "year": "year", "decade": "year", "century": "year"}
_PROBE_DCT = date(2000, 6, 15)


@dataclass(frozen=True)
class NormalisedDate:
    """A resolved temporal expression: the calendar ``date`` (UTC) and its ``precision``
    (``day``, ``month`` or ``year``); a month's or year's date is its first day."""

    date: date
    precision: str


def is_date_expression(text: str) -> bool:
    """True when ``text`` names a point or period we can place on a calendar: a date, a weekday, a
    month, a quarter, a season, a year or decade, or a relative expression ("two weeks ago",
    "earlier this month"). Durations ("two months"), sets ("daily"), refs ("now"), anaphora whose
    value would come from another expression ("that day", "the following year", "the quarter"),
    bare numbers and "may" / "march" written in lower case (verbs) are rejected."""
    month_words = re.findall(rf"\b{MONTH_RE}(?=\W|$)", text.strip(), flags=re.I)
    if month_words and not re.search(r"\d", text) and all(m[0].islower() for m in month_words):
        return False
    if anaphoric(clean(text), _PROBE_DCT, "past", "2000-06-15") is not None:
        return False
    tx = normalise_timex(text, _PROBE_DCT)
    return tx is not None and tx.anchored


def event_date(text: str, reference: datetime | date | None, tense: str = "past") -> tuple[date, str, Timex] | None:
    """The calendar date of an event's temporal expression: ``(first day, TIMEX3 precision, Timex)``,
    or None when ``text`` is no calendar expression (durations, sets, refs) or needs a reference
    that is missing. Precision is one of :data:`dashboard.dates.timex.PRECISIONS` (day … century)."""
    tx = normalise_timex(text, reference, tense)
    if tx is None or not tx.anchored:
        return None
    got = timex_date(tx.value)
    return (got[0], got[1], tx) if got else None


def normalise(text: str, reference: datetime | None, tense: str = "past") -> NormalisedDate | None:
    """Resolve a temporal expression against the publication date (the events table's dates).

    Parameters
    ----------
    text : str
        The expression, e.g. ``"Thursday"``, ``"January 10"``, ``"2014"``, ``"two weeks ago"``,
        ``"04/03/2022"``.
    reference : datetime or None
        Publication datetime (UTC). Without it only expressions with an explicit year resolve.
    tense : {"past", "future", "present"}
        Tense of the clause; chooses the direction for weekdays, year-less dates and ambiguous
        numeric dates.

    Returns
    -------
    NormalisedDate or None
        The first day of the expression's period with precision ``day``, ``month`` or ``year``
        (:data:`EVENT_PRECISION` folds weeks, quarters, seasons, decades into these); None when
        ``text`` is not a calendar expression or cannot be parsed.
    """
    if not is_date_expression(text):
        return None
    got = event_date(text, reference, tense)
    if got is not None:
        day, precision, _ = got
        precision = EVENT_PRECISION[precision]
        if precision == "month":
            day = day.replace(day=1)
        elif precision == "year":
            day = day.replace(month=1, day=1)
        return NormalisedDate(day, precision)
    return None
