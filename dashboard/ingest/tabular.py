"""Tabular inputs: CSV/TSV, one article per row (JSON and JSON Lines: :mod:`dashboard.ingest.json_input`).

Column and field names are found by common names, configurable with the ``csv_*`` settings (they serve
JSON too: ``publishedAt`` matches ``published_at``).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from urllib.parse import urlparse

from dashboard.ingest.base import (NULL_STRINGS, IngestedArticle, IngestError, Problem, date_problem, dates_month_first,
                                   is_relative_date, parse_date, relative_dates_note)
from dashboard.ingest.clean import markup_to_text
from dashboard.ingest.text import _split_names, parse_dateline
from dashboard.settings import Settings

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# ---------------------------------------------------------------------------------------------
# CSV


def _pick(header: list[str], candidates: list[str]) -> str | None:
    """The first column of ``header`` named as one of ``candidates``, case, quotes, spaces, ``_`` and
    ``-`` ignored (``PublishedAt`` and ``" Published At "`` are ``published_at``)."""
    names = {_norm_key(h.strip().strip('"\'')): h for h in reversed(header)}
    for c in candidates:
        if _norm_key(c) in names:
            return names[_norm_key(c)]
    return None


def _cell(row: dict, column: str | None) -> str | None:
    if column is None:
        return None
    value = row.get(column)
    if value is None or value.strip().lower() in NULL_STRINGS:
        return None
    return markup_to_text(value.strip())


#: Delimiters a CSV file may use; the first line decides (a German Excel export uses ";").
CSV_DELIMITERS = ",;\t|"
_DATE_LIKE = re.compile(r"date|time|publi|pub|created|issued|posted|release|when|datum|fecha|дата|veröff", re.IGNORECASE)


def sniff_delimiter(raw: str, default: str = ",") -> str:
    """The field delimiter of CSV text (``,``, ``;``, tab or ``|``), from its header line.

    :class:`csv.Sniffer` decides on the first lines; when it cannot, the delimiter that occurs most
    often in the header line outside quotes wins, else ``default``.
    """
    head = raw.lstrip("\ufeff")[:65536]
    lines = head.split("\n")
    # the header: the first line with a delimiter (a title line or blank lines may come before it)
    first = next((ln for ln in lines[:6] if any(d in ln for d in CSV_DELIMITERS)), lines[0])
    try:
        found = csv.Sniffer().sniff("\n".join(head.split("\n")[:20]), delimiters=CSV_DELIMITERS).delimiter
        if first.count(found) > 0:
            return found
    except csv.Error:
        pass
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in CSV_DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == default))
    return best if counts[best] > 0 else default


def date_column_hint(fields: list[str], settings: Settings) -> str | None:
    """A hint naming the columns or fields that look like dates when none is a known date name (a
    known one, tried already, is never named: its values were unreadable, which has its own line)."""
    known = {_norm_key(c) for c in settings.columns("date")}
    looks = [f for f in fields if isinstance(f, str) and _DATE_LIKE.search(f) and _norm_key(f) not in known]
    if not looks:
        return None
    return (f"no date column among the names tried; {', '.join(looks[:5])} look(s) like one: add it to "
            "NEWSDASH_CSV_DATE_COLUMNS (published left empty)")


def _csv_header(rows, source_path: str, settings: Settings, delimiter: str) -> tuple[list[str], dict, int]:
    """The header row of a CSV (``rows``: numbered records, consumed up to the header): the first
    non-blank record, or one of the next :data:`CSV_HEADER_SEARCH` when a title line or an export
    note comes first; repeated names get ``_2``, ``_3`` (the first ``text`` is the text). Returns the
    names, the columns found for each kind and the header's record number.

    Raises
    ------
    IngestError
        If the file has no header or no text column.
    """
    first, seen = None, 0
    for at, values in rows:
        if not any(v.strip() for v in values):
            continue
        names, counts = [], {}
        for v in values:
            counts[v] = counts.get(v, 0) + 1
            names.append(v if counts[v] == 1 else f"{v}_{counts[v]}")
        cols = {kind: _pick(names, settings.columns(kind)) for kind in KINDS}
        if cols["text"] is not None:
            return names, cols, at
        first, seen = first or names, seen + 1
        if seen >= CSV_HEADER_SEARCH:
            break
    if first is None:
        raise IngestError(f"{source_path}: CSV file has no header row")
    shown = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(delimiter, repr(delimiter))
    raise IngestError(f"{source_path}: no text column; looked for {', '.join(settings.columns('text'))} "
                      f"(set NEWSDASH_CSV_TEXT_COLUMNS); header ({shown}-separated) is {', '.join(first)}")


#: The kinds of column a CSV may have (``settings.columns(kind)`` names them).
KINDS = ("title", "text", "date", "crawl_date", "url", "source", "author")
#: Columns that may hold the time of day beside a date column ("date" 2024-03-05, "time" 10:30).
TIME_COLUMNS = ["time", "published_time", "pub_time", "time_published", "hour", "uhrzeit", "heure", "hora", "ora"]
#: How many non-blank lines are tried as the header of a CSV (a title line may come first).
CSV_HEADER_SEARCH = 4


def read_csv_articles(raw: str, source_path: str, settings: Settings, delimiter: str = ",") -> tuple[list[Article], list[Problem]]:
    """Read one article per CSV row.

    The text column is required (names tried: ``settings.csv_text_columns``); title, date, url,
    source, authors and dateline columns are optional. Rows without text are reported as problems
    (``file#row``) and skipped; the other rows go on. The source defaults to the URL's host. Excel's
    ``sep=;`` line, blank lines and a title line before the header, repeated column names and
    empty fields after the last column are read (see :func:`_csv_header`).

    Raises
    ------
    IngestError
        If the file has no header or no text column.
    """
    raw = raw.lstrip("\ufeff")
    excel = re.match(r'"?sep=([^"\n])"?[ \t]*(?:\n|$)', raw)  # Excel's hint line: sep=;
    if excel:
        delimiter, raw = excel.group(1), raw[excel.end():]
    elif delimiter in (",", None):
        delimiter = sniff_delimiter(raw, delimiter or ",")
    # MySQL and PHP write a quote inside a field as \" (not ""): read so when the file never doubles one
    escape = "\\" if '\\"' in raw and '""' not in raw else None
    rows = enumerate(csv.reader(io.StringIO(raw), delimiter=delimiter, skipinitialspace=True, escapechar=escape),
                     start=1 + bool(excel))
    header, cols, at = _csv_header(rows, source_path, settings, delimiter)
    dateline_col = _pick(header, ["dateline", "location"])
    time_col = _pick([h for h in header if h != cols["date"]], TIME_COLUMNS) if cols["date"] else None
    articles, problems, raw_dates, relative, headers = [], [], [], [], 0
    header_keys = [_norm_key(h) for h in header]
    hint = date_column_hint(header, settings) if cols["date"] is None else None
    if hint:
        problems.append(Problem(source_path, hint, "warning"))
    for i, values in rows:
        where = f"{source_path}#{i}"  # the record's number in the file (the header's is ``at``)
        if not values:
            continue  # a blank line
        if len(values) > len(header) and any(v.strip() for v in values[len(header):]):
            problems.append(Problem(where, f"row has {len(values)} fields, header has {len(header)}; skipped"))
            continue
        if _norm_key(values[0].strip().strip('"\'')) == header_keys[0] and [_norm_key(v.strip().strip('"\'')) for v in
                                                                           values[:len(header)]] == header_keys[:len(values)]:
            headers += 1  # the header again: files joined together
            continue
        row = dict(zip(header, values))  # missing trailing fields are None; empty trailing ones dropped
        text = _cell(row, cols["text"])
        if not text:
            problems.append(Problem(where, f"empty text column {cols['text']!r}; skipped"))
            continue
        found, agency, text = parse_dateline(text.replace("\r\n", "\n"))
        url = _cell(row, cols["url"])
        raw_dates.append(_row_date(row, cols["date"], time_col))
        published, precision, assumed = _read_row_date(row, raw_dates[-1], cols, where, problems, relative)
        authors_cell = _cell(row, cols["author"])
        dateline = _cell(row, dateline_col)
        articles.append(
            IngestedArticle(
                text=text,
                title=_cell(row, cols["title"]),
                source=_cell(row, cols["source"]) or agency or (urlparse(url).hostname if url else None),
                authors=_split_names(authors_cell) if authors_cell else [],
                published=published,
                published_precision=precision,
                datelines=[dateline] if dateline else found,
                url=url,
                source_path=where,
                published_tz_assumed=assumed,
            )
        )
    if not articles and not any(p.level == "error" for p in problems):
        raise IngestError(f"{source_path}: CSV file has a header but no rows")
    _file_notes(articles, raw_dates, relative, headers, cols, source_path, settings, problems)
    return articles, problems


def _row_date(row: dict, date_col: str | None, time_col: str | None) -> str | None:
    """A row's date cell, completed by the time in a column of its own when it has no clock time."""
    value, clock = _cell(row, date_col), _cell(row, time_col)
    if value and clock and re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[aApP]\.?[mM]\.?)?(?:\s*\S{1,6})?", clock) \
            and not re.search(r"\d{1,2}:\d{2}", value):
        return f"{value} {clock}"
    return value


def _read_row_date(row: dict, raw: str | None, cols: dict, where: str, problems: list, relative: list):
    """``parse_date`` of a row's date, a relative one counted from the row's crawl time; a date that
    gives nothing is reported, a relative one counted is added to ``relative``."""
    crawled = parse_date(_cell(row, cols["crawl_date"]))[0]
    published, precision, assumed = parse_date(raw, relative_to=crawled)
    problem = date_problem(where, raw, published)
    if problem:
        problems.append(problem)
    elif crawled and raw and is_relative_date(raw):
        relative.append(raw)
    return published, precision, assumed


def _file_notes(articles, raw_dates, relative, headers, cols, source_path, settings, problems) -> None:
    """The report lines about a whole CSV file: its header repeated, relative dates counted, rows
    without a date, numeric dates read in an assumed order (added to ``problems``)."""
    if headers:
        problems.append(Problem(source_path, f"the header row comes again {headers:,} time(s) (files joined "
                                             "together?); not read as an article", "warning"))
    note = relative_dates_note(source_path, relative, f"column {cols['crawl_date']!r}")
    if note:
        problems.append(note)
    undated = sum(1 for raw in raw_dates if raw is None)
    if cols["date"] is not None and undated:
        problems.append(Problem(source_path, f"{undated:,} of {len(articles):,} row(s) have an empty date column "
                                             f"{cols['date']!r}; stored undated", "warning"))
    order = dates_month_first(articles, raw_dates, settings.csv_date_order, source_path, f"column {cols['date']!r}")
    if order is not None:
        problems.insert(0, order)


def _norm_key(key: str) -> str:
    return re.sub(r"[\s_\-]", "", str(key)).lower()
