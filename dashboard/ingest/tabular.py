"""Tabular inputs: CSV/TSV (one article per row) and JSON/JSON Lines (one article per object).

Column and field names are found by common names, configurable with the ``csv_*`` settings (they serve
JSON too: ``publishedAt`` matches ``published_at``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from urllib.parse import urlparse

from dashboard.ingest.base import NULL_STRINGS, IngestedArticle, IngestError, Problem, dates_month_first, parse_date
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
_DATE_LIKE = re.compile(r"date|time|publi|pub|created|issued|posted|release|when", re.IGNORECASE)


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
        cols = {kind: _pick(names, settings.columns(kind)) for kind in ("title", "text", "date", "url", "source", "author")}
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
    rows = enumerate(csv.reader(io.StringIO(raw), delimiter=delimiter, skipinitialspace=True), start=1 + bool(excel))
    header, cols, at = _csv_header(rows, source_path, settings, delimiter)
    dateline_col = _pick(header, ["dateline", "location"])
    articles, problems, raw_dates = [], [], []
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
        row = dict(zip(header, values))  # missing trailing fields are None; empty trailing ones dropped
        text = _cell(row, cols["text"])
        if not text:
            problems.append(Problem(where, f"empty text column {cols['text']!r}; skipped"))
            continue
        found, agency, text = parse_dateline(text.replace("\r\n", "\n"))
        url = _cell(row, cols["url"])
        raw_dates.append(_cell(row, cols["date"]))
        published, precision, assumed = parse_date(raw_dates[-1])
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
    dates_month_first(articles, raw_dates)
    return articles, problems



# ---------------------------------------------------------------------------------------------
# JSON and JSON Lines

#: Keys under which news APIs put their list of articles.
JSON_LIST_KEYS = ("articles", "items", "results", "data", "documents", "docs", "news", "entries", "value",
                  "hits", "stories", "posts")
_TEXT_FALLBACK = ("description", "summary", "snippet", "abstract", "excerpt", "lead")


def _norm_key(key: str) -> str:
    return re.sub(r"[\s_\-]", "", str(key)).lower()


def _field(obj: dict, candidates: list[str]):
    keys = {_norm_key(k): k for k in obj}
    for c in candidates:
        k = keys.get(_norm_key(c))
        if k is not None and obj[k] not in (None, "", [], {}):
            return obj[k]
    return None


def _as_text(value) -> str | None:
    """A JSON value as a string: nested objects give their ``name``/``text``/``value``; lists are joined."""
    if value is None:
        return None
    if isinstance(value, dict):
        for key in ("name", "text", "value", "title", "url", "href", "#text", "rendered", "$date", "$numberLong"):
            if isinstance(value.get(key), (str, int, float)):
                return _as_text(value[key])
            if isinstance(value.get(key), dict):  # {"$date": {"$numberLong": "1709800000000"}}
                return _as_text(value[key])
        return None
    if isinstance(value, list):
        parts = [_as_text(v) for v in value]
        return "; ".join(p for p in parts if p) or None
    text = str(value).strip()
    return None if text.lower() in NULL_STRINGS else markup_to_text(text)


def _flatten(items: list, depth: int = 0) -> list:
    """Lists of lists (pages of results: ``[[{…}, {…}], [{…}]]``) flattened, objects kept in order."""
    out = []
    for x in items:
        if isinstance(x, list) and depth < 4:
            out.extend(_flatten(x, depth + 1))
        else:
            out.append(x)
    return out


def _is_article(obj, settings: Settings, unwrap: bool = True) -> bool:
    """True when ``obj`` is an object with a text field holding text (not a list of objects); with
    ``unwrap``, also an object wrapping one (see :func:`_unwrapped`)."""
    if not isinstance(obj, dict):
        return False
    value = _field(_unwrapped(obj, settings) if unwrap else obj, settings.columns("text") + list(_TEXT_FALLBACK))
    return isinstance(value, (str, int, float)) or (isinstance(value, dict) and _as_text(value) is not None)


def _article_objects(data, settings: Settings, depth: int = 0) -> list | None:
    """The list of article objects in parsed JSON, or None when the shape is not one we know.

    An array (pages of results flattened); an object that is an article; an object whose values are
    articles keyed by id (``{"a1": {…}, "a2": {…}}``); else the first list of objects under a key of
    :data:`JSON_LIST_KEYS`, then under any key (``{"rss": {"channel": {"item": […]}}}``,
    ``{"articles": {"article": […]}}``), looked for up to four objects deep, nearest first. An
    object in which none is found is returned alone (its report line says which fields it has).
    """
    if isinstance(data, list):
        data = _flatten(data)
        return data if any(isinstance(x, dict) for x in data) else None
    if not isinstance(data, dict):
        return None
    if _is_article(data, settings, unwrap=False):
        return [data]
    keyed = [v for v in data.values() if _is_article(v, settings)]
    if len(keyed) >= 2:
        return keyed
    if keyed and _is_article(data, settings):  # one article wrapped: {"_id": …, "_source": {…}}
        return [data]
    lists = [(k, _flatten(v)) for k, v in data.items() if isinstance(v, list) and any(
        isinstance(x, dict) for x in _flatten(v))]
    for known in (True, False):
        for key, items in lists:
            if (_norm_key(key) in JSON_LIST_KEYS) == known and (known or any(_is_article(x, settings) for x in items)):
                return items
    if keyed:
        return keyed
    if depth < 4:
        for value in data.values():  # {"response": {"docs": [...]}}
            if isinstance(value, dict):
                found = _article_objects(value, settings, depth + 1)
                if found and (len(found) > 1 or found[0] is not value):
                    return found
    return [data] if depth == 0 else None


def _unwrapped(obj: dict, settings: Settings) -> dict:
    """``obj``, or when it has no text field but an object under it has one (a search engine's hit
    ``{"_id": …, "_source": {"title": …, "body": …}}``, a GraphQL ``{"node": {…}}``), that object
    with the outer object's other fields added."""
    names = settings.columns("text") + list(_TEXT_FALLBACK)
    if _field(obj, names) is not None:
        return obj
    for value in obj.values():
        if isinstance(value, dict) and _field(value, names) is not None:
            return {**{k: v for k, v in obj.items() if not isinstance(v, dict)}, **value}
    return obj


def _text_value(value) -> str | None:
    """An article's text field as text: a list of paragraphs (``["…", "…"]`` or ``[{"text": "…"}]``)
    gives one paragraph each, not a "; "-joined line."""
    if isinstance(value, list):
        parts = [_as_text(v) for v in value]
        return "\n\n".join(p for p in parts if p) or None
    return _as_text(value)


def _json_article(obj: dict, where: str, settings: Settings) -> tuple[IngestedArticle | None, Problem | None]:
    obj = _unwrapped(obj, settings)
    text = _text_value(_field(obj, settings.columns("text"))) or _text_value(_field(obj, list(_TEXT_FALLBACK)))
    if not text:
        return None, Problem(where, f"no text field; looked for {', '.join(settings.columns('text'))}; "
                                    f"keys are {', '.join(map(str, list(obj)[:12]))}")
    text = re.sub(r"\s*\[\+\d+ chars\]\s*$", "", text.replace("\r\n", "\n"))  # NewsAPI truncation marker
    datelines, agency, text = parse_dateline(text)
    url = _as_text(_field(obj, settings.columns("url")))
    raw_date = _field(obj, settings.columns("date"))
    published, precision, assumed = parse_date(_as_text(raw_date))
    authors = _as_text(_field(obj, settings.columns("author")))
    return IngestedArticle(
        text=text,
        title=_as_text(_field(obj, settings.columns("title"))),
        source=_as_text(_field(obj, settings.columns("source"))) or agency or (urlparse(url).hostname if url else None),
        authors=_split_names(authors) if authors else [],
        published=published,
        published_precision=precision,
        datelines=datelines,
        url=url,
        source_path=where,
        published_tz_assumed=assumed,
    ), (Problem(where, f"unreadable date {_as_text(raw_date)!r}; published left empty", "warning")
        if raw_date not in (None, "") and published is None else None)


def read_json_articles(raw: str, source_path: str, settings: Settings) -> tuple[list[IngestedArticle], list[Problem]]:
    """Read articles from JSON (an object, an array of objects, or an API response with a list under
    ``articles``/``items``/``results``/… ) or JSON Lines (one object per line).

    Field names are found like CSV columns (``settings.columns``), case- and underscore-insensitive;
    nested values such as NewsAPI's ``{"source": {"name": …}}`` are read by their ``name``. Objects
    without text are reported (``file#n``); a truncated JSON Lines file keeps its complete lines.

    Raises
    ------
    IngestError
        If the JSON is invalid or truncated, or not an object/array of objects.
    """
    stripped = raw.strip()
    objects: list | None
    problems: list[Problem] = []
    try:
        objects = _article_objects(json.loads(stripped), settings)
        numbered = list(enumerate(objects or [], start=1))
    except json.JSONDecodeError as exc:
        lines = [(i, line) for i, line in enumerate(stripped.split("\n"), start=1) if line.strip()]
        first = lines[0][1].strip() if lines else ""
        if len(lines) > 1 and (first[:1], first[-1:]) in (("{", "}"), ("[", "]")):
            numbered = []
            for i, line in lines:
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as line_exc:
                    problems.append(Problem(f"{source_path}#{i}", f"invalid JSON line ({line_exc.msg}); skipped"))
                    continue
                if isinstance(value, list):  # a line that is a page of results: #line.item
                    numbered.extend((f"{i}.{k}", v) for k, v in enumerate(_flatten(value), start=1))
                else:
                    numbered.append((i, value))
            objects = [o for _, o in numbered]
        else:
            what = "truncated JSON" if exc.pos >= len(stripped) - 1 or "Unterminated" in exc.msg or \
                "Expecting" in exc.msg and exc.pos >= len(stripped) - 2 else "invalid JSON"
            raise IngestError(f"{what} ({exc.msg.removesuffix(' at')} at line {exc.lineno}, column {exc.colno})") from exc
    if objects is None or not any(isinstance(o, dict) for _, o in numbered):
        raise IngestError("JSON of the wrong shape: expected an object or an array of article objects")
    articles, raw_dates = [], []
    for i, obj in numbered:
        where = f"{source_path}#{i}"
        if not isinstance(obj, dict):
            problems.append(Problem(where, f"not an object ({type(obj).__name__}); skipped"))
            continue
        article, problem = _json_article(obj, where, settings)
        if article is not None:
            articles.append(article)
            raw_dates.append(_as_text(_field(_unwrapped(obj, settings), settings.columns("date"))))
        if problem is not None:
            problems.append(problem)
    dates_month_first(articles, raw_dates)
    if articles and all(a.published is None for a in articles):
        keys = list(dict.fromkeys(k for _, o in numbered[:50] if isinstance(o, dict) for k in o))
        hint = date_column_hint(keys, settings)
        if hint:
            problems.insert(0, Problem(source_path, hint.replace("column", "field"), "warning"))
    if not articles:
        reasons = "; ".join(p.reason for p in problems[:1])
        raise IngestError(f"JSON of the wrong shape: no article object with a text field ({reasons})")
    return articles, problems
