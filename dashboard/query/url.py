"""The URL query-string codec of a view: :class:`Filters` to parameters and back, so a copied link
reopens the same view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from dashboard.query.filters import CAMEO_ROOT_NAMES, Filters
from dashboard.schema import QUAD_CLASS_NAMES

#: Query-string keys of a view, in the order they are written.
QUERY_KEYS: tuple[str, ...] = ("actor", "from", "to", "root", "quad", "place", "pair", "span", "article")
#: The open panel (tab) of the dashboard: a query parameter bound to ``st.tabs`` by Streamlit itself.
TAB_QUERY_KEY = "tab"
#: The stance panel's "Include groups with no country" toggle, bound to the query string the same way.
GROUPS_QUERY_KEY = "groups"
#: Query-string keys owned by Streamlit / Community Cloud (and the bound widgets): kept, never warned about.
FOREIGN_QUERY_KEYS: frozenset[str] = frozenset({"embed", "embed_options", TAB_QUERY_KEY, GROUPS_QUERY_KEY})
PAIR_SEPARATOR = "|"
#: Separator of the two dates of a timeline span in the query string (``span=2022-01-01..2022-01-31``).
SPAN_SEPARATOR = ".."


def pair_key(source_actor_id: str, target_actor_id: str) -> str:
    """The query-string form of a stance pair."""
    return f"{source_actor_id}{PAIR_SEPARATOR}{target_actor_id}"


def encode_query(f: Filters) -> dict[str, list[str]]:
    """The query-string parameters of ``f`` (key -> values; repeated keys hold several values).

    Unset filters are left out, so the empty view has an empty query string.
    """
    out: dict[str, list[str]] = {}
    if f.actors:
        out["actor"] = list(f.actors)
    if f.date_from is not None:
        out["from"] = [f.date_from.isoformat()]
    if f.date_to is not None:
        out["to"] = [f.date_to.isoformat()]
    if f.roots:
        out["root"] = [str(r) for r in f.roots]
    if f.quads:
        out["quad"] = [str(q) for q in f.quads]
    if f.places:
        out["place"] = list(f.places)
    if f.pair:
        out["pair"] = [pair_key(*f.pair)]
    if f.span:
        out["span"] = [f"{f.span[0].isoformat()}{SPAN_SEPARATOR}{f.span[1].isoformat()}"]
    if f.article:
        out["article"] = [f.article]
    return out


def _values(raw) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    return [str(v).strip() for v in raw if str(v).strip() != ""]


def _dedupe(values: Iterable) -> tuple:
    return tuple(dict.fromkeys(values))


def decode_query(
    params: Mapping[str, str | list[str]],
    *,
    actor_ids: Iterable[str] | None = None,
    place_ids: Iterable[str] | None = None,
    article_ids: Iterable[str] | None = None,
) -> tuple[Filters, list[str]]:
    """Read :class:`Filters` from query-string ``params``; never raises.

    Parameters
    ----------
    params
        Key -> value or list of values (``st.query_params`` read with ``get_all``).
    actor_ids, place_ids, article_ids
        Known ids; when given, unknown ids are dropped with a warning.

    Returns
    -------
    tuple of (Filters, list of str)
        The filters and one human-readable warning per ignored value or key.
    """
    warnings: list[str] = []
    known_actors = None if actor_ids is None else set(actor_ids)
    known_places = None if place_ids is None else set(place_ids)
    known_articles = None if article_ids is None else set(article_ids)

    def known(key: str, values: list[str], universe: set | None) -> tuple[str, ...]:
        if universe is None:
            return _dedupe(values)
        bad = [v for v in values if v not in universe]
        if bad:
            warnings.append(f"Ignored unknown {key} in the link: {', '.join(bad)}")
        return _dedupe(v for v in values if v in universe)

    def ints(key: str, allowed: Iterable[int]) -> tuple[int, ...]:
        allowed = set(allowed)
        good, bad = [], []
        for v in _values(params.get(key)):
            try:
                n = int(v)
            except ValueError:
                n = None
            (good.append(n) if n in allowed else bad.append(v))
        if bad:
            warnings.append(f"Ignored invalid {key} value(s) in the link: {', '.join(bad)}")
        return _dedupe(good)

    def one_date(key: str) -> date | None:
        values = _values(params.get(key))
        if not values:
            return None
        try:
            return date.fromisoformat(values[-1])
        except ValueError:
            warnings.append(f"Ignored invalid date in the link: {key}={values[-1]}")
            return None

    unknown = [k for k in params if k not in QUERY_KEYS and k not in FOREIGN_QUERY_KEYS]
    if unknown:
        warnings.append(f"Ignored unknown parameter(s) in the link: {', '.join(sorted(unknown))}")

    date_from, date_to = one_date("from"), one_date("to")
    if date_from and date_to and date_from > date_to:
        warnings.append(f"Ignored the date range of the link: {date_from} is after {date_to}")
        date_from = date_to = None

    pair = None
    pair_values = _values(params.get("pair"))
    if pair_values:
        parts = pair_values[-1].split(PAIR_SEPARATOR)
        ok = len(parts) == 2 and all(parts)
        if ok and known_actors is not None:
            ok = all(p in known_actors for p in parts)
        if ok:
            pair = (parts[0], parts[1])
        else:
            warnings.append(f"Ignored invalid pair in the link: {pair_values[-1]}")

    span = None
    span_values = _values(params.get("span"))
    if span_values:
        parts = span_values[-1].split(SPAN_SEPARATOR)
        try:
            lo, hi = (date.fromisoformat(p) for p in parts) if len(parts) == 2 else (None, None)
        except ValueError:
            lo = hi = None
        if lo is not None and hi is not None and lo <= hi:
            span = (lo, hi)
        else:
            warnings.append(f"Ignored invalid span in the link: {span_values[-1]}")

    article = None
    article_values = _values(params.get("article"))
    if article_values:
        kept = known("article", article_values[-1:], known_articles)
        article = kept[0] if kept else None

    f = Filters(
        actors=known("actor", _values(params.get("actor")), known_actors),
        date_from=date_from,
        date_to=date_to,
        roots=ints("root", CAMEO_ROOT_NAMES),
        quads=ints("quad", QUAD_CLASS_NAMES),
        places=known("place", _values(params.get("place")), known_places),
        pair=pair,
        span=span,
        article=article,
    )
    return f, warnings
