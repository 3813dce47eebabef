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
# Bytes -> text


def decode_bytes(data: bytes, where: str) -> tuple[str, list[Problem]]:
    """Decode file bytes to text with normalised newlines.

    UTF-8 (with or without BOM) and UTF-16 (with a BOM, or without one when its zero bytes show it)
    are read as such. Bytes that are not UTF-8 are read in the encoding the file declares (an XML
    declaration's ``encoding``, an HTML ``<meta charset>``), else as Windows-1252 (a superset of
    Latin-1's printable characters), unless that gives mostly accented capitals and symbols where
    another script's letters were (Cyrillic or Greek in a Windows or KOI8 code page: then the
    code page charset-normaliser finds), each with a warning naming the encoding; a UTF-8 file with
    some corrupt bytes (valid multi-byte sequences *and* invalid bytes) has them replaced by U+FFFD,
    again with a warning. A few NUL bytes in a text are removed with a warning; files with more, or
    with mostly control characters, are binary and rejected.

    Raises
    ------
    IngestError
        For empty, whitespace-only and binary input.
    """
    if not data.strip():
        raise IngestError("file is empty" if not data else "file is empty (whitespace only)")
    warnings: list[Problem] = []
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(data[:8192])
    if utf16 and utf16 != "utf-16":
        warnings.append(Problem(where, f"no byte-order mark; read as {utf16.upper()} (by its zero bytes)", "warning"))
    head = data[:8192]
    if not utf16:
        controls = sum(1 for b in head if b < 32 and b not in (0, 9, 10, 12, 13))
        nuls = data.count(b"\x00")
        if nuls > max(2, len(data) // 1000) or controls > len(head) * 0.05:
            raise IngestError("looks like a binary file, not text")
        if nuls:
            data = data.replace(b"\x00", b"")
            warnings.append(Problem(where, f"{nuls} NUL byte(s) removed", "warning"))
    if utf16:
        text = data.decode(utf16, errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = _not_utf8(data, exc, where, warnings)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError("file is empty (whitespace only)")
    return text, warnings


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``head`` (no BOM) is UTF-16 text: most of its odd (or
    even) bytes zero, as for text in Latin script, and almost none of the others."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.4 and zeros_even < 0.02:
        return "utf-16-le"
    if zeros_even > 0.4 and zeros_odd < 0.02:
        return "utf-16-be"
    return None


_DECLARED = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([\w.:-]+)|<meta[^>]{0,300}?charset\s*=\s*["']?([\w.:-]+)""",
                       re.IGNORECASE)


def _not_utf8(data: bytes, exc: UnicodeDecodeError, where: str, warnings: list[Problem]) -> str:
    """Text of bytes that are not UTF-8 (see :func:`decode_bytes`), the warning added to ``warnings``."""
    import codecs

    m = _DECLARED.search(data[:8192])
    if m:
        declared = (m.group(1) or m.group(2)).decode("ascii")
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = None
        if name in ("latin-1", "iso8859-1", "ascii"):  # as browsers read them: Windows-1252 (its quotes, €)
            name = "cp1252"
        if name and name not in ("utf-8", "utf-8-sig"):
            warnings.append(Problem(where, f"not UTF-8; read as {declared} (declared in the file)", "warning"))
            return data.decode(name, errors="replace")
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data  # a BOM alone is no sign of UTF-8 inside
    if re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}", body):
        text = data.decode("utf-8-sig", errors="replace")
        bad = text.count("\ufffd")
        warnings.append(Problem(where, f"invalid UTF-8 ({bad} undecodable byte sequence(s), first at byte "
                                       f"{exc.start}); replaced by U+FFFD", "warning"))
        return text
    text = body.decode("cp1252", errors="replace")
    letters = [c for c in text[:20000] if c.isalpha()]
    accented = sum(1 for c in letters if "\u00c0" <= c <= "\u00ff")
    if letters and accented > 0.3 * len(letters):  # Cyrillic or Greek read as Latin-1: "Îôèöèàëüíûå"
        import charset_normalizer

        best = charset_normalizer.from_bytes(body).best()
        guess = str(best) if best is not None else ""
        other = [c for c in guess[:20000] if c.isalpha()]
        if other and sum(1 for c in other if c > "\u024f") > 0.5 * len(other):
            warnings.append(Problem(where, f"not UTF-8; read as {best.encoding} (guessed from its letters)", "warning"))
            return guess
    warnings.append(Problem(where, "not UTF-8; read as Latin-1/Windows-1252", "warning"))
    return text


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
_RFC822_ZONE = re.compile(r"^(?P<stamp>.*\d{1,2}:\d{2}(?::\d{2})?)\s*(?P<zone>[A-Za-z]{1,5}|[+-]\d{2}:?\d{2})$")
DATE_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pt", "ru", "uk", "pl"]


def parse_date(value, languages: list[str] | None = None,
               month_first: bool = False) -> tuple[datetime | None, str | None, bool]:
    """Parse a date/time in any common notation to ``(utc_datetime, precision, tz_assumed)``.

    * ISO 8601 (``2025-03-04``, ``2025-03-04T09:00:00+01:00``, ``…Z``);
    * RFC 822 as in RSS (``Tue, 04 Mar 2025 23:30:00 -0500``), with numeric offsets or zone names
      (:data:`TZ_ABBREVIATIONS`: ``EST`` is −5 h, ``AEST`` +10 h);
    * Unix times (an int or float, or a string of 9 to 13 digits): seconds, or milliseconds from
      :data:`EPOCH_MS_FROM`;
    * anything dateparser reads (``2025/3/4 15:07:41``, ``Di, 04 Mär 2025 11:41:36``), trying
      English first, then ``languages``, then :data:`DATE_LANGUAGES` (a feed may date its items
      in another language than it declares).

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
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _epoch(value)
    text = str(value).strip()
    if text.lower() in NULL_STRINGS:
        return None, None, False
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        return _epoch(float(text))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
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
    import dateparser

    offset, assumed = None, True
    m = _RFC822_ZONE.match(text)
    stamp = text
    if m:
        zone = m.group("zone")
        if zone[0] in "+-":
            digits = zone.replace(":", "")
            offset = (1 if zone[0] == "+" else -1) * (int(digits[1:3]) * 60 + int(digits[3:5]))
            stamp, assumed = m.group("stamp"), False
        elif zone.upper() in TZ_ABBREVIATIONS:
            offset = int(TZ_ABBREVIATIONS[zone.upper()] * 60)
            stamp, assumed = m.group("stamp"), False
        elif zone.isalpha() and zone.isupper() and len(zone) >= 3:
            stamp = m.group("stamp")  # unknown zone name: assume UTC, flag it
    settings = {"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "YMD"
                if re.match(r"\s*\d{4}\D", stamp) else "MDY" if month_first else "DMY"}
    dt = None
    tries = [["en"]] + ([languages] if languages else []) + [DATE_LANGUAGES]  # a feed's own language first
    for langs in tries:
        try:
            dt = dateparser.parse(stamp, languages=langs, settings=settings)
        except Exception:  # dateparser raises assorted errors on odd input
            dt = None
        if dt is not None:
            break
    if dt is None:
        return None, None, False
    if dt.tzinfo is not None:
        return dt.astimezone(timezone.utc), "datetime", False
    if offset is not None:
        return (dt - timedelta(minutes=offset)).replace(tzinfo=timezone.utc), "datetime", False
    precision = "datetime" if re.search(r"\d{1,2}:\d{2}", stamp) else "day"
    return dt.replace(tzinfo=timezone.utc), precision, assumed and precision == "datetime"


#: A numeric date with the day and month first in either order: ``3/8/2024``, ``08.03.24``.
NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-]\d{2,4}\b")


def month_first_dates(values) -> bool:
    """True when the numeric dates among ``values`` (one column's or field's) are written month
    first: one has a second number over 12 (``3/28/2024``) and none a first number over 12. With
    no such evidence dates are read day first, the order of most of the world's news."""
    day, month = False, False
    for value in values:
        m = NUMERIC_DATE.match(value) if isinstance(value, str) else None
        if m:
            day, month = day or int(m.group(1)) > 12, month or int(m.group(2)) > 12
    return month and not day


def dates_month_first(articles: list, raw_dates: list, order: str = "auto", where: str = "",
                      field: str = "column 'date'") -> Problem | None:
    """Read the numeric dates (``3/8/2024``) of one file's ``articles`` in the order of day and
    month that ``order`` says (the ``csv_date_order`` setting; ``raw_dates``: the values of one
    column, field or front-matter line, one per article), already read day first.

    ``mdy`` reads them month first, ``dmy`` leaves them; ``auto`` reads them month first when the
    values show it (:func:`month_first_dates`) and leaves them when one shows day first. When none
    shows either (every part 12 or under, day and month not equal, not written with dots as day-first
    countries do), they stay day first and a warning for ``where`` naming ``field`` is returned,
    saying so and how to change it. With ``dmy`` or ``mdy``, a value that cannot be read in that
    order (``3/28/2024`` with ``dmy``) is read the other way, with a warning.
    """
    numeric = [(a, raw) for a, raw in zip(articles, raw_dates) if isinstance(raw, str) and NUMERIC_DATE.match(raw)]
    order = order.strip().lower()
    if not numeric:
        return None
    parts = [tuple(int(x) for x in NUMERIC_DATE.match(raw).groups()) for _, raw in numeric]
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
    if any(d > 12 for d, _ in parts) or all(d == m for d, m in parts) or all(
            "." in raw.strip()[:6] for _, raw in numeric):  # 3.8.2024 is day first wherever dots are written
        return None
    values = list(dict.fromkeys(raw.strip() for _, raw in numeric))
    first = next(a for a, raw in numeric if raw.strip() == values[0])
    shown = ", ".join(values[:3]) + (f" and {len(values) - 3:,} more" if len(values) > 3 else "")
    read = f"{first.published:%-d %B %Y}" if first.published else "day first"
    return Problem(where, f"numeric dates in {field} ({shown}) never show whether the day or the month comes first: "
                          f"read day first ({values[0]} is {read}); set NEWSDASH_CSV_DATE_ORDER=mdy if they are "
                          "month first (dmy to keep this order without the warning)", "warning")


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
