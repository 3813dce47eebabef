"""JSON and JSON Lines inputs: one article per object, found in the shapes news APIs and exports use.

Field names are found like CSV columns (the ``csv_*`` settings serve JSON too: ``publishedAt``
matches ``published_at``).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

from dashboard.ingest.base import (IngestedArticle, IngestError, Problem, date_problem, dates_month_first,
                                   is_relative_date, parse_date, relative_dates_note)
from dashboard.ingest.json_shapes import (JSON_LIST_KEYS, _TEXT_FALLBACK, _article_objects, _as_text, _field,
                                          _field_key, _flatten, _is_article, _text_value, _unwrapped)
from dashboard.ingest.tabular import _norm_key, date_column_hint
from dashboard.ingest.text import _split_names, parse_dateline
from dashboard.settings import Settings


def _json_article(obj: dict, where: str, settings: Settings,
                  title_as_text: bool = False) -> tuple[IngestedArticle | None, Problem | None]:
    """One article from a JSON object (see :func:`read_json_articles`); with ``title_as_text``, an
    object without a text field gives its title as the text."""
    obj = _unwrapped(obj, settings)
    text = _text_value(_field(obj, settings.columns("text"))) or max(
        (_text_value(_field(obj, [name])) or "" for name in _TEXT_FALLBACK), key=len)
    if not text and title_as_text:
        text = _as_text(_field(obj, settings.columns("title")))
    if not text:
        return None, Problem(where, f"no text field; looked for {', '.join(settings.columns('text'))}; "
                                    f"keys are {', '.join(map(str, list(obj)[:12]))}")
    text = re.sub(r"\s*\[\+\d+ chars\]\s*$", "", text.replace("\r\n", "\n"))  # NewsAPI truncation marker
    datelines, agency, text = parse_dateline(text)
    url = _as_text(_field(obj, settings.columns("url")))
    raw_date = _field(obj, settings.columns("date"))
    crawled = parse_date(_as_text(_field(obj, settings.columns("crawl_date"))))[0]
    published, precision, assumed = parse_date(_as_text(raw_date), relative_to=crawled)
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
    ), date_problem(where, _as_text(raw_date), published)


def read_json_articles(raw: str, source_path: str, settings: Settings) -> tuple[list[IngestedArticle], list[Problem]]:
    """Read articles from JSON (an object, an array of objects, or an API response with a list under
    ``articles``/``items``/``results``/… ), JSON Lines (one object per line), or objects one after
    another without line breaks (``{…}{…}``, ``{…} {…}``, ``{…},{…}``: read as a stream, each
    well-formed object kept and a broken one reported, see :func:`_json_stream`).

    Field names are found like CSV columns (``settings.columns``), case- and underscore-insensitive;
    nested values such as NewsAPI's ``{"source": {"name": …}}`` are read by their ``name``. Objects
    without text are reported (``file#n``); a truncated JSON Lines file keeps its complete lines.

    Raises
    ------
    IngestError
        If the JSON is invalid or truncated, or not an object/array of objects.
    """
    problems: list[Problem] = []
    objects, numbered = _parsed(raw.strip(), source_path, settings, problems)
    if objects is None or not any(isinstance(o, dict) for _, o in numbered):
        raise IngestError("JSON of the wrong shape: expected an object or an array of article objects")
    articles, raw_dates, date_keys, relative = [], [], [], []
    headlines = _headlines_only([o for _, o in numbered if isinstance(o, dict)], settings)
    if headlines:
        problems.append(Problem(source_path, f"no object has a text field (looked for {', '.join(settings.columns('text'))}"
                                f"); the {headlines:,} title(s) are stored as the text (a list of headlines, as "
                                "GDELT's DOC API gives)", "warning"))
    for i, obj in numbered:
        where = f"{source_path}#{i}"
        if not isinstance(obj, dict):
            problems.append(Problem(where, f"not an object ({type(obj).__name__}); skipped"))
            continue
        article, problem = _json_article(obj, where, settings, title_as_text=bool(headlines))
        if article is not None:
            articles.append(article)
            flat = _unwrapped(obj, settings)
            date_keys.append(_field_key(flat, settings.columns("date")))
            raw_dates.append(_as_text(flat.get(date_keys[-1])))
            if article.published is not None and is_relative_date(raw_dates[-1]):
                relative.append(raw_dates[-1])
        if problem is not None:
            problems.append(problem)
    fields = ", ".join(repr(k) for k in dict.fromkeys(k for k in date_keys if k is not None))
    crawl = {_field_key(_unwrapped(o, settings), settings.columns("crawl_date")) for _, o in numbered if isinstance(o, dict)}
    note = relative_dates_note(source_path, relative, f"field {', '.join(repr(k) for k in crawl if k)}")
    if note:
        problems.append(note)
    undated = sum(1 for k in date_keys if k is None)
    if fields and undated:  # some objects have a date field, these none
        problems.append(Problem(source_path, f"{undated:,} of {len(articles):,} object(s) have no date field (others "
                                             f"have {fields}); stored undated", "warning"))
    order = dates_month_first(articles, raw_dates, settings.csv_date_order, source_path, f"field {fields}")
    if order is not None:
        problems.insert(0, order)
    if articles and all(a.published is None for a in articles):
        keys = list(dict.fromkeys(k for _, o in numbered[:50] if isinstance(o, dict) for k in _unwrapped(o, settings)))
        hint = date_column_hint(keys, settings)
        if hint:
            problems.insert(0, Problem(source_path, hint.replace("column", "field"), "warning"))
    if not articles:
        reasons = "; ".join(p.reason for p in problems[:1])
        raise IngestError(f"JSON of the wrong shape: no article object with a text field ({reasons})")
    return articles, problems


def _parsed(stripped: str, source_path: str, settings: Settings, problems: list) -> tuple[list | None, list]:
    """The article objects of JSON text and the same numbered (``(n, object)``; see
    :func:`read_json_articles`), report lines added to ``problems``.

    Raises
    ------
    IngestError
        If the JSON is empty, an empty response, invalid or truncated.
    """
    objects: list | None
    try:
        data = json.loads(stripped)
        if data in ([], {}):
            raise IngestError(f"empty JSON ({stripped[:2]}): no articles")
        objects = _article_objects(data, settings)
        numbered = list(enumerate(objects or [], start=1))
        empty = _empty_result(data) if len(numbered) == 1 and not _is_article(objects[0], settings) else None
        if empty:
            raise IngestError(f"the response holds no articles (an empty list under {empty!r}); nothing to read")
    except json.JSONDecodeError as exc:
        lines = [(i, line) for i, line in enumerate(stripped.split("\n"), start=1) if line.strip()]
        first = lines[0][1].strip() if lines else ""
        if len(lines) > 1 and (first[:1], first[-1:]) in (("{", "}"), ("[", "]")) and _one_value(first):
            numbered = _json_lines(lines, source_path, settings, problems)
        elif exc.msg == "Extra data":  # objects one after another: {…}{…}, {…} {…}, {…},{…}
            numbered = _json_stream(stripped, source_path, settings, problems)
        elif (lenient := _without_trailing_commas(stripped)) is not None:
            problems.append(Problem(source_path, f"{lenient[1]:,} trailing comma(s) before a closing bracket ignored "
                                                 "(not strict JSON)", "warning"))
            numbered = list(enumerate(_article_objects(lenient[0], settings) or [], start=1))
        else:
            what = "truncated JSON" if exc.pos >= len(stripped) - 1 or "Unterminated" in exc.msg or \
                "Expecting" in exc.msg and exc.pos >= len(stripped) - 2 else "invalid JSON"
            raise IngestError(f"{what} ({exc.msg.removesuffix(' at')} at line {exc.lineno}, column {exc.colno})") from exc
        objects = [o for _, o in numbered]
    return objects, numbered


def _empty_result(data, depth: int = 0) -> str | None:
    """The key of an empty list of results in a news API's response (``{"articles": []}``,
    ``{"response": {"docs": []}}``), looked for four objects deep, or None."""
    if not isinstance(data, dict) or depth > 4:
        return None
    for key, value in data.items():
        if value == [] and _norm_key(key) in JSON_LIST_KEYS:
            return key
    return next((k for k in (_empty_result(v, depth + 1) for v in data.values()) if k), None)


def _headlines_only(objects: list[dict], settings: Settings) -> int:
    """How many ``objects`` there are when none has a text field but each has a title of three
    words or more and a URL (a list of headlines: GDELT's DOC API), else 0."""
    for obj in objects:
        flat = _unwrapped(obj, settings)
        title = _as_text(_field(flat, [c for c in settings.columns("title") if c != "name"]))
        if _is_article(obj, settings) or not title or len(title.split()) < 3 or not _field(flat, settings.columns("url")):
            return 0
    return len(objects)


_COMMA_BEFORE_CLOSE = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")|,(\s*[\]}])')


def _without_trailing_commas(text: str) -> tuple[object, int] | None:
    """``text`` parsed once the commas right before a ``]`` or ``}`` (outside strings) are taken out,
    as JavaScript and hand-edited files leave them, and how many there were; None when there were
    none or the JSON is still invalid."""
    count = 0

    def drop(m: re.Match) -> str:
        nonlocal count
        if m.group(1) is not None:
            return m.group(1)
        count += 1
        return m.group(2)

    fixed = _COMMA_BEFORE_CLOSE.sub(drop, text)
    if not count:
        return None
    try:
        return json.loads(fixed), count
    except json.JSONDecodeError:
        return None


def _one_value(line: str) -> bool:
    """True when ``line`` is one JSON value (a JSON Lines record), not two glued together."""
    try:
        json.loads(line)
        return True
    except json.JSONDecodeError as exc:
        return exc.msg != "Extra data"


def _json_lines(lines: list, source_path: str, settings: Settings, problems: list) -> list:
    """The records of JSON Lines (``lines``: numbered non-blank lines), ``(n, value)`` each; a line
    that is a page of results, or several objects glued together, gives ``n.k`` per item; one that
    is not JSON gives a report line."""
    numbered = []
    for i, line in lines:
        try:
            value = json.loads(line)
        except json.JSONDecodeError as line_exc:
            if line_exc.msg == "Extra data":  # {…}{…} on one line
                numbered.extend(_json_stream(line, source_path, settings, problems, prefix=f"{i}."))
                continue
            problems.append(Problem(f"{source_path}#{i}", f"invalid JSON line ({line_exc.msg}); skipped"))
            continue
        if isinstance(value, list):  # a line that is a page of results: #line.item
            numbered.extend((f"{i}.{k}", v) for k, v in enumerate(_flatten(value), start=1))
        else:
            numbered.append((i, value))
    return numbered


#: At most this many places are tried to start again after a broken object (each a parse attempt).
RESYNC_TRIES = 2000


def _json_stream(text: str, source_path: str, settings: Settings, problems: list, prefix: str = "") -> list:
    """The values of JSON text that is several values one after another (``{…}{…}``, ``{…} {…}``,
    ``{…},{…}``, an array followed by more), read with :meth:`json.JSONDecoder.raw_decode`.

    Each value is ``#n`` (its place in the stream); a value holding a list of articles (a page of
    results) gives ``#n.k`` per article. A broken value gets one report line naming where it breaks
    and how much was skipped; reading goes on at the next object that is an article, if any.
    (``prefix`` goes before each number: a line's ``3.`` when the stream is one line of JSON Lines.)
    """
    decoder, numbered, pos, n = json.JSONDecoder(), [], 0, 0
    while True:
        while pos < len(text) and (text[pos].isspace() or text[pos] == ","):
            pos += 1
        if pos >= len(text):
            return numbered
        n += 1
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            resume = _resync(decoder, text, exc.pos, settings)
            cut = exc.msg.removesuffix(" at")
            where = f"line {exc.lineno}, column {exc.colno}"
            if resume is None:
                what = "truncated JSON" if exc.pos >= len(text) - 1 or "Unterminated" in exc.msg else "invalid JSON"
                problems.append(Problem(f"{source_path}#{prefix}{n}", f"{what} ({cut} at {where}); the rest of the file "
                                        f"({len(text) - pos:,} characters) not read"))
                return numbered
            problems.append(Problem(f"{source_path}#{prefix}{n}", f"invalid JSON ({cut} at {where}); {resume - pos:,} "
                                    "characters skipped up to the next object"))
            pos = resume
            continue
        items = _article_objects(value, settings) if isinstance(value, (dict, list)) else None
        if isinstance(value, dict) and (items is None or items == [value]):
            numbered.append((f"{prefix}{n}", value))
        elif items:
            numbered.extend((f"{prefix}{n}.{k}", v) for k, v in enumerate(items, start=1))
        else:
            numbered.append((f"{prefix}{n}", value))
        pos = end


def _resync(decoder: json.JSONDecoder, text: str, after: int, settings: Settings) -> int | None:
    """Where the next article object starts after a broken one, or None: a ``{`` at the start of a
    line or right after a ``}`` (spaces or commas between) at which an object holding an article
    reads whole (at most :data:`RESYNC_TRIES` places are tried)."""
    tries = 0
    for m in re.finditer(r"\{", text[after:]):
        start = after + m.start()
        k = start - 1
        while k >= 0 and text[k] in " \t\r,":
            k -= 1
        if k >= 0 and text[k] not in "}\n":
            continue
        tries += 1
        if tries > RESYNC_TRIES:
            return None
        try:
            value, _ = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            continue
        if _is_article(value, settings) or (_article_objects(value, settings) or [value]) != [value]:
            return start
    return None
