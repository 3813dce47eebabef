"""Shared pieces of ingestion: problems, the ingested-article record, byte decoding and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from dashboard.records import Article

NULL_STRINGS = {"", "na", "n/a", "nan", "null", "none"}


class IngestError(Exception):
    """A file (or CSV row) that could not be read; the message names the file and the problem."""


@dataclass
class Problem:
    """One report line: ``path`` (file, ``file#row``, ``archive.zip!member``) and a ``reason``.

    ``level`` is ``error`` (the input or row was not used), ``warning`` (used, with a caveat, e.g. an
    assumed time zone or a future date) or ``duplicate`` (same article already read from another file;
    not stored twice).
    """

    path: str
    reason: str
    level: str = "error"

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class IngestedArticle(Article):
    """An :class:`~dashboard.records.Article` plus ingestion-only facts stored in ``articles``.

    ``published_tz_assumed`` is True when the source gave a time without a time zone (or with one we
    cannot read) and UTC was assumed. ``language`` is the detected ISO 639-1 code of the text (None
    when too short to judge); texts not in English are stored but not extracted.
    """

    published_tz_assumed: bool = False
    language: str | None = None

    def row(self) -> dict:
        row = super().row()
        row["published_tz_assumed"] = self.published_tz_assumed if self.published is not None else None
        row["language"] = self.language
        return row

    @property
    def extractable(self) -> bool:
        """True unless the text was detected to be in a language other than English."""
        return self.language in (None, "en")


def as_ingested(article: Article, tz_assumed: bool = False) -> IngestedArticle:
    """Copy ``article`` into an :class:`IngestedArticle` (keeps its id)."""
    if isinstance(article, IngestedArticle):
        return article
    values = {k: getattr(article, k) for k in Article.__dataclass_fields__}
    return IngestedArticle(**values, published_tz_assumed=tz_assumed)


# ---------------------------------------------------------------------------------------------
# Dates


def parse_published(value: str | None) -> tuple[datetime | None, str | None]:
    """Parse a publication date/time into a UTC datetime and its precision.

    ISO dates (``2021-12-30``) give midnight UTC with precision ``"day"``; ISO datetimes with or
    without zone (naive ones are taken as UTC) give precision ``"datetime"``; other notations are
    read as in :func:`parse_date` (RFC 822 with zone names, dateparser). Returns ``(None, None)`` when
    the value is empty or unreadable.
    """
    dt, precision, _ = parse_date(value)
    return dt, precision


#: UTC offsets (hours) of zone abbreviations seen in feeds. Ambiguous ones take the most common
#: meaning in English-language news (IST = India, CST = US Central, BST = British Summer Time).
TZ_ABBREVIATIONS = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "IST": 5.5, "CET": 1, "CEST": 2,
    "MET": 1, "MEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "MSD": 4, "TRT": 3, "GST": 4, "PKT": 5, "NPT": 5.75,
    "ICT": 7, "WIB": 7, "HKT": 8, "SGT": 8, "AWST": 8, "PHT": 8, "CST": -6, "CDT": -5, "EST": -5, "EDT": -4,
    "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "AST": -4, "ADT": -3,
    "NST": -3.5, "NDT": -2.5, "JST": 9, "KST": 9, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11,
    "NZST": 12, "NZDT": 13, "SAST": 2, "CAT": 2, "EAT": 3, "WAT": 1, "BRT": -3, "ART": -3,
}
#: Zone names of North America without standard or daylight ("10:00 a.m. ET"): the zone's own rules decide.
LOCAL_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles",
               "AKT": "America/Anchorage", "HT": "Pacific/Honolulu"}
#: A zone after a clock time, perhaps after "a.m."/"PM", perhaps followed by its name in brackets:
#: ``10:00 CET``, ``3:15 p.m. EST``, ``10:00 GMT+1``, ``10:00:00 GMT+0100 (Central European Time)``.
_ZONE_AFTER_TIME = re.compile(
    r"(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<ampm>\s*[aApP]\.?\s?[mM]\.?)?\s*(?P<zone>(?:GMT|UTC)\s*"
    r"(?P<gs>[+-])(?P<gh>\d{1,2})(?::?(?P<gm>\d{2}))?|(?P<num>[+-]\d{2}:?\d{2})|(?!(?:AM|PM)\b)(?P<name>[A-Z]{1,5}))"
    r"(?P<paren>\s*\([A-Za-z .]+\))?(?![\w+-])")
#: A word before a date stamp ("Updated 10:04 AM EDT, …", "Published: 5 March 2024").
_STAMP_PREFIX = re.compile(r"^\s*(?:(?:last\s+)?(?:updated|published|posted|modified)(?:\s+on)?\s*:?\s+)",
                           re.IGNORECASE)


def _split_zone(text: str) -> tuple[str, int | None, str | None, bool]:
    """``text`` without the zone after its clock time, and that zone: ``(stamp, offset in minutes or
    None, an IANA zone for North America's "ET"/"PT"… or None, tz_assumed)``. An unknown zone name
    is dropped and the time taken as UTC (assumed)."""
    m = _ZONE_AFTER_TIME.search(text)
    if not m:
        return text, None, None, True
    stamp = (text[:m.start("zone")] + text[m.end():]).strip()
    if m.group("gs"):
        sign = 1 if m.group("gs") == "+" else -1
        return stamp, sign * (int(m.group("gh")) * 60 + int(m.group("gm") or 0)), None, False
    if m.group("num"):
        digits = m.group("num").replace(":", "")
        return stamp, (1 if digits[0] == "+" else -1) * (int(digits[1:3]) * 60 + int(digits[3:5])), None, False
    name = m.group("name")
    if name in LOCAL_ZONES:
        return stamp, None, LOCAL_ZONES[name], False
    if name in TZ_ABBREVIATIONS:
        return stamp, int(TZ_ABBREVIATIONS[name] * 60), None, False
    return (stamp, None, None, True) if len(name) >= 3 else (text, None, None, True)


DATE_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pt", "ru", "uk", "pl"]


def parse_date(value, languages: list[str] | None = None, month_first: bool = False,
               relative_to: datetime | None = None) -> tuple[datetime | None, str | None, bool]:
    """Parse a date/time in any common notation to ``(utc_datetime, precision, tz_assumed)``.

    * ISO 8601 (``2025-03-04``, ``2025-03-04T09:00:00+01:00``, ``…Z``);
    * RFC 822 as in RSS (``Tue, 04 Mar 2025 23:30:00 -0500``), with numeric offsets or zone names
      (:data:`TZ_ABBREVIATIONS`: ``EST`` is −5 h, ``AEST`` +10 h);
    * Unix times (an int or float, or a string of 9 to 13 digits): seconds, or milliseconds from
      :data:`EPOCH_MS_FROM`; Excel's serial day numbers (20000 to 79999, :data:`EXCEL_EPOCH`);
    * anything dateparser reads (``2025/3/4 15:07:41``, ``Di, 04 Mär 2025 11:41:36``), trying
      English first, then ``languages``, then :data:`DATE_LANGUAGES` (a feed may date its items
      in another language than it declares).

    A date relative to the day it was read ("2 hours ago", "Yesterday", "vor 3 Tagen", "5 March"
    without a year; see :func:`is_relative_date`) is counted from ``relative_to`` (a crawl time),
    never from the time of the build; without one it is left empty (``(None, None, False)``).
    A time without a zone, or with an unknown zone name, is taken as UTC and ``tz_assumed`` is True.
    Numeric dates (``3/8/2024``) are read day first unless ``month_first`` (see
    :func:`month_first_dates`, which decides it for a column).
    Returns ``(None, None, False)`` when the value is empty or unreadable.
    """
    if value is None:
        return None, None, False
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc), "datetime", True
        return value.astimezone(timezone.utc), "datetime", False
    text = str(value).strip()
    if re.fullmatch(r"[2-7]\d{4}(?:\.\d+)?", text) and not isinstance(value, bool):  # Excel's day number
        days = float(text)
        when = EXCEL_EPOCH + timedelta(days=days)
        return (when, "day", False) if days == int(days) else (when.replace(microsecond=0), "datetime", True)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _epoch(value)
    if text.lower() in NULL_STRINGS:
        return None, None, False
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        return _epoch(float(text))
    if re.fullmatch(r"\d{4}-?\d{2}-?\d{2}", text):  # 2024-03-05, 20240305: a day
        digits = text.replace("-", "")
        text = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
        try:
            return datetime.combine(date.fromisoformat(text), time(0), tzinfo=timezone.utc), "day", False
        except ValueError:
            return None, None, False
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        if dt.tzinfo is None:
            return dt.replace(tzinfo=timezone.utc), "datetime", True
        return dt.astimezone(timezone.utc), "datetime", False
    except ValueError:
        pass
    stamp, offset, local_zone, assumed = _split_zone(_STAMP_PREFIX.sub("", text))
    settings = {"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "YMD"
                if re.match(r"\s*\d{4}\D", stamp) else "MDY" if month_first else "DMY"}
    tries = [["en"]] + ([languages] if languages else []) + [DATE_LANGUAGES]  # a feed's own language first
    dt, langs = _dateparser(stamp, tries, settings)
    if dt is None:
        return None, None, False
    if not _YEAR.search(stamp) and _dateparser(stamp, [langs], {**settings, "RELATIVE_BASE": _OTHER_BASE})[0] != dt:
        if relative_to is None:  # read against the clock of the build: a wrong date, silently
            return None, None, False
        base = relative_to.astimezone(timezone.utc).replace(tzinfo=None)
        dt = _dateparser(stamp, [langs], {**settings, "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})[0]
        if _SUB_DAY.search(stamp):
            return dt.replace(tzinfo=timezone.utc), "datetime", False
        return datetime.combine(dt.date(), time(0), tzinfo=timezone.utc), "day", False
    if dt.tzinfo is not None:
        return dt.astimezone(timezone.utc), "datetime", False
    if offset is not None:
        return (dt - timedelta(minutes=offset)).replace(tzinfo=timezone.utc), "datetime", False
    if local_zone is not None:  # "ET": New York's time, standard or daylight by the date
        from zoneinfo import ZoneInfo

        return dt.replace(tzinfo=ZoneInfo(local_zone)).astimezone(timezone.utc), "datetime", False
    precision = "datetime" if re.search(r"\d{1,2}:\d{2}", stamp) else "day"
    return dt.replace(tzinfo=timezone.utc), precision, assumed and precision == "datetime"


#: A year in a date: a date that names one is not relative to the day it was read.
_YEAR = re.compile(r"(?<!\d)(?:1[89]|2\d)\d\d(?!\d)")
#: A second base for relative dates: a date read differently from it and from now is relative.
_OTHER_BASE = datetime(2001, 6, 15, 3, 4, 5)
#: Words of a relative date finer than a day ("2 hours ago", "vor 5 Minuten", "il y a 3 heures").
_SUB_DAY = re.compile(r"\d{1,2}:\d{2}|hour|hr|min|sec|now|stunde|sekunde|jetzt|heure|maintenant|hora|ora|uur|час|мин|"
                      r"сек|сейчас|godzin|minut",
                      re.IGNORECASE)


def _dateparser(stamp: str, tries: list, settings: dict):
    """dateparser's reading of ``stamp`` with the first list of languages of ``tries`` that reads it:
    ``(datetime or None, languages)``."""
    import dateparser

    for langs in tries:
        try:
            dt = dateparser.parse(stamp, languages=langs, settings=settings)
        except Exception:  # dateparser raises assorted errors on odd input
            dt = None
        if dt is not None:
            return dt, langs
    return None, None


def is_relative_date(value) -> bool:
    """True when ``value`` is a date relative to the day it was read ("2 hours ago", "Yesterday",
    "Tuesday", "5 March" without a year): dateparser reads it differently from two starting points."""
    if not isinstance(value, str) or _YEAR.search(value):
        return False
    tries = [["en"], DATE_LANGUAGES]
    settings = {"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    dt, langs = _dateparser(value.strip(), tries, settings)
    return dt is not None and _dateparser(value.strip(), [langs], {**settings, "RELATIVE_BASE": _OTHER_BASE})[0] != dt


def date_problem(where: str, raw, published) -> Problem | None:
    """The report line of a date value ``raw`` that gave no ``published``: a relative date with no
    crawl time to count it from, or an unreadable one; None when there is nothing to report."""
    if published is not None or raw in (None, ""):
        return None
    if is_relative_date(raw):
        return Problem(where, f"relative date {raw!r} and no crawl time to count it from (a column or field named "
                              "in NEWSDASH_CSV_CRAWL_DATE_COLUMNS); published left empty", "warning")
    return Problem(where, f"unreadable date {raw!r}; published left empty", "warning")


def relative_dates_note(where: str, values: list[str], column: str) -> Problem | None:
    """One line for a file whose relative dates (``values``) were counted from its crawl times."""
    if not values:
        return None
    shown = ", ".join(repr(v) for v in list(dict.fromkeys(values))[:3])
    return Problem(where, f"{len(values):,} relative date(s) ({shown}) counted from the crawl time in {column}",
                   "warning")


#: A numeric date with the day and month first in either order: ``3/8/2024``, ``03-08-24``. (Dates
#: with dots, ``08.03.2024``, are day first wherever they are written: never month first.)
NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})([/\-])(\d{1,2})\2\d{2,4}\b")


def month_first_dates(values) -> bool:
    """True when the numeric dates among ``values`` (one column's or field's) are written month
    first: one has a second number over 12 (``3/28/2024``) and none a first number over 12. With
    no such evidence dates are read day first, the order of most of the world's news."""
    day, month = False, False
    for value in values:
        m = NUMERIC_DATE.match(value) if isinstance(value, str) else None
        if m:
            day, month = day or int(m.group(1)) > 12, month or int(m.group(3)) > 12
    return month and not day


def dates_month_first(articles: list, raw_dates: list, order: str = "auto", where: str = "",
                      field: str = "column 'date'") -> Problem | None:
    """Read the numeric dates (``3/8/2024``) of one file's ``articles`` in the order of day and
    month that ``order`` says (the ``csv_date_order`` setting; ``raw_dates``: the values of one
    column, field or front-matter line, one per article), already read day first.

    ``mdy`` reads them month first, ``dmy`` leaves them; ``auto`` reads them month first when the
    values show it (:func:`month_first_dates`) and leaves them when one shows day first. When none
    shows either (every part 12 or under, day and month not equal; dates with dots are not numeric
    here: day-first countries write them), they stay day first and a warning for ``where`` naming ``field`` is returned,
    saying so and how to change it. With ``dmy`` or ``mdy``, a value that cannot be read in that
    order (``3/28/2024`` with ``dmy``) is read the other way, with a warning.
    """
    numeric = [(a, raw) for a, raw in zip(articles, raw_dates) if isinstance(raw, str) and NUMERIC_DATE.match(raw)]
    order = order.strip().lower()
    if not numeric:
        return None
    parts = [(int(NUMERIC_DATE.match(raw).group(1)), int(NUMERIC_DATE.match(raw).group(3))) for _, raw in numeric]
    if order in ("dmy", "mdy"):  # as set; a value that cannot be read so is read the other way, and said
        if order == "mdy":
            for a, raw in numeric:
                a.published, a.published_precision, a.published_tz_assumed = parse_date(raw, month_first=True)
        other = next((raw.strip() for (_, raw), (d, m) in zip(numeric, parts) if (m if order == "dmy" else d) > 12), None)
        return None if other is None else Problem(
            where, f"{field} has {other}, which cannot be {'day' if order == 'dmy' else 'month'} first (setting "
                   f"csv_date_order={order}); read the other way", "warning")
    if month_first_dates(raw_dates):
        for a, raw in numeric:
            a.published, a.published_precision, a.published_tz_assumed = parse_date(raw, month_first=True)
        return None
    if any(d > 12 for d, _ in parts) or all(d == m for d, m in parts):
        return None
    values = list(dict.fromkeys(raw.strip() for _, raw in numeric))
    first = next(a for a, raw in numeric if raw.strip() == values[0])
    shown = ", ".join(values[:3]) + (f" and {len(values) - 3:,} more" if len(values) > 3 else "")
    read = f"{first.published:%-d %B %Y}" if first.published else "day first"
    return Problem(where, f"numeric dates in {field} ({shown}) never show whether the day or the month comes first: "
                          f"read day first ({values[0]} is {read}); set NEWSDASH_CSV_DATE_ORDER=mdy if they are "
                          "month first (dmy to keep this order without the warning)", "warning")


#: Day 0 of Excel's serial dates (a date cell exported as a number: 45356 is 5 March 2024); 20000 to
#: 79999 (1954 to 2119) are read so.
EXCEL_EPOCH = datetime(1899, 12, 30, tzinfo=timezone.utc)
#: Unix times in milliseconds are at least this large (1973 in milliseconds; year 5138 in seconds).
EPOCH_MS_FROM = 1e11


def _epoch(value: float) -> tuple[datetime | None, str | None, bool]:
    """A Unix time (seconds, or milliseconds from :data:`EPOCH_MS_FROM`) as a UTC datetime; None for
    values before 1970 or after 2200 (a number that is no time)."""
    seconds = value / 1000 if value >= EPOCH_MS_FROM else value
    if not 0 < seconds < 7258118400:  # 2200-01-01
        return None, None, False
    return datetime.fromtimestamp(seconds, tz=timezone.utc), "datetime", False


def future_date_warning(article: Article, where: str, now: datetime | None = None) -> Problem | None:
    """A warning when ``article.published`` lies more than a day in the future (kept, flagged)."""
    now = now or datetime.now(timezone.utc)
    if article.published is not None and article.published > now + timedelta(days=1):
        return Problem(where, f"publication date {article.published:%Y-%m-%d %H:%M} UTC is in the future; kept",
                       "warning")
    return None


@dataclass
class FileResult:
    """What one input file gave: articles, report lines, and pre-coded tables (GDELT) if any."""

    path: str
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    tables: dict | None = None
    kind: str = ""

    @property
    def usable(self) -> bool:
        """True when the file gave at least one article or pre-coded row."""
        return bool(self.articles) or bool(self.tables and any(t.height for t in self.tables.values()))
