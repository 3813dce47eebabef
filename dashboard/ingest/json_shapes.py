"""Where the articles are in parsed JSON, and their fields: the shapes news APIs and exports use.

Field names are found like CSV columns (the ``csv_*`` settings), case, ``_`` and ``-`` ignored, also
with a prefix or suffix (``bodyText``) and in objects nested one level (Guardian's ``fields``).
"""

from __future__ import annotations

from dashboard.ingest.base import NULL_STRINGS
from dashboard.ingest.clean import markup_to_text
from dashboard.ingest.tabular import _norm_key
from dashboard.settings import Settings

#: Keys under which news APIs put their list of articles.
JSON_LIST_KEYS = ("articles", "items", "results", "data", "documents", "docs", "news", "entries", "value",
                  "hits", "stories", "posts")
#: Fields read for the text when none of ``csv_text_columns`` is there; the longest one present is
#: taken (NYT's ``lead_paragraph`` over its ``abstract``).
_TEXT_FALLBACK = ("description", "summary", "snippet", "abstract", "excerpt", "lead", "lead_paragraph", "standfirst",
                  "trail_text")


#: Words a field's name may carry around a known one: ``bodyText``, ``webTitle``,
#: ``webPublicationDate``, ``articleBody`` and ``postDate`` are ``body``, ``title``,
#: ``publication_date``, ``body`` and ``date``.
_NAME_PREFIXES = ("web", "article", "story", "post", "item", "news", "doc", "document", "entry")
_NAME_SUFFIXES = ("text", "html", "plain", "utc", "gmt")


def _core_name(key) -> str:
    """A field name without one of :data:`_NAME_PREFIXES` before it and one of
    :data:`_NAME_SUFFIXES` after it (normalised as :func:`_norm_key`; never emptied)."""
    name = _norm_key(key)
    for prefix in _NAME_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix):]
            break
    for suffix in _NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _field(obj: dict, candidates: list[str]):
    """The value of the first of ``candidates`` that ``obj`` has (not empty), names compared as
    :func:`_norm_key` does; failing all, the first whose name is a candidate with a prefix or a
    suffix (:func:`_core_name`: ``bodyText`` is ``body``)."""
    key = _field_key(obj, candidates)
    return None if key is None else obj[key]


def _field_key(obj: dict, candidates: list[str]):
    """The name of the field :func:`_field` reads, or None."""
    keys: dict[str, str] = {}
    for k in obj:
        keys.setdefault(_norm_key(k), k)
    for c in candidates:
        k = keys.get(_norm_key(c))
        if k is not None and obj[k] not in (None, "", [], {}):
            return k
    cores: dict[str, str] = {}
    for k in obj:
        if obj[k] not in (None, "", [], {}):
            cores.setdefault(_core_name(k), k)
    for c in candidates:
        k = cores.get(_norm_key(c))
        if k is not None:
            return k
    return None


def _as_text(value) -> str | None:
    """A JSON value as a string: nested objects give their ``name``/``text``/``value`` (NYT's
    ``{"main": …}`` headline, ``{"original": …}`` byline); lists are joined."""
    if value is None:
        return None
    if isinstance(value, dict):
        for key in ("name", "text", "value", "title", "main", "original", "url", "href", "#text", "rendered", "$date",
                    "$numberLong"):
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


#: Every kind of field an article object may have.
_KINDS = ("title", "text", "date", "crawl_date", "url", "source", "author")


def _unwrapped(obj: dict, settings: Settings) -> dict:
    """``obj``, or when it has no text field, ``obj`` with the fields of the objects nested in it that
    hold one added (one level down; its own fields win): Guardian's ``{"webUrl": …, "fields":
    {"bodyText": …, "headline": …}}``, a search engine's hit ``{"_id": …, "_source": {"title": …,
    "body": …}}``, GraphQL's ``{"node": {…}}``, ``{"content": {"body": …, "title": …}}``. An object
    under the name of another field is that field's value (``{"source": {"name": …}}``, NYT's
    ``{"headline": {"main": …}}``), never a container; fallback fields (``description``) count
    only when no main text field is found, outside or in."""
    main = settings.columns("text")
    value_names = {_norm_key(c) for kind in _KINDS if kind != "text" for c in settings.columns(kind)}
    for names in (main, main + list(_TEXT_FALLBACK)):
        inner = {k: v for k, v in obj.items() if isinstance(v, dict) and _field(v, names) is not None and not (
            str(k)[:1].isalpha() and (_norm_key(k) in value_names or _core_name(k) in value_names))}
        outside = {k: v for k, v in obj.items() if k not in inner}
        if _field(outside, names) is not None:
            return obj
        if inner:  # (``_source`` is a search hit's container, not a source: names starting "_" are none)
            for value in inner.values():
                for k, v in value.items():
                    outside.setdefault(k, v)
            return outside
    return obj


def _text_value(value) -> str | None:
    """An article's text field as text: a list of paragraphs (``["…", "…"]`` or ``[{"text": "…"}]``)
    gives one paragraph each, not a "; "-joined line."""
    if isinstance(value, list):
        parts = [_as_text(v) for v in value]
        return "\n\n".join(p for p in parts if p) or None
    return _as_text(value)
