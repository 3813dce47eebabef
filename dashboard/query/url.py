"""The URL query-string codec of a view: :class:`Filters` to parameters and back, so a copied link
reopens the same view.

Read and written by :mod:`dashboard.views.filters` (``init_from_url``, ``write_url``).
"""

from __future__ import annotations

import re
import unicodedata
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
#: The sidebar's "Include events that did not happen" toggle (``unasserted=true``), bound the same way:
#: without it stances, map colours and timeline count asserted events only.
UNASSERTED_QUERY_KEY = "unasserted"
#: The map's "Show places without events" toggle, bound to the query string the same way.
ALL_PLACES_QUERY_KEY = "allplaces"
#: The switches bound to the query string (``true`` or ``false``; anything else is ignored with a notice).
TOGGLE_QUERY_KEYS: tuple[str, ...] = (GROUPS_QUERY_KEY, UNASSERTED_QUERY_KEY, ALL_PLACES_QUERY_KEY)
TOGGLE_VALUES = ("true", "false")
#: Query-string keys owned by Streamlit / Community Cloud (and the bound widgets): kept, never warned about
#: as unknown (the tab and the toggles are validated all the same).
FOREIGN_QUERY_KEYS: frozenset[str] = frozenset({"embed", "embed_options", TAB_QUERY_KEY, *TOGGLE_QUERY_KEYS})
#: Keys that take one value: of repeated ones the last is used, the others are ignored with a notice.
SINGLE_VALUED_KEYS: tuple[str, ...] = ("from", "to", "pair", "span", "article", TAB_QUERY_KEY, *TOGGLE_QUERY_KEYS)
#: Values quoted in a notice are cut to this many characters, and at most this many are listed.
NOTICE_VALUE_CHARS = 60
NOTICE_MAX_VALUES = 5
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


def link_filters(
    f: Filters, default_range: tuple[date, date] | None, full_range: tuple[date, date] | None
) -> Filters:
    """``f`` as a link writes it: the default date range is left out (a plain link opens it), and the
    whole range, when it is not the default, is written out (so the link does not reopen the default).

    Parameters
    ----------
    f
        The view's filters (``date_from``/``date_to`` unset when the whole range is shown).
    default_range, full_range
        :func:`~dashboard.query.filters.default_date_range` and
        :func:`~dashboard.query.filters.date_bounds` of the data.

    Returns
    -------
    Filters
        The filters to pass to :func:`encode_query`.
    """
    if default_range is None or full_range is None or tuple(default_range) == tuple(full_range):
        return f
    if (f.date_from, f.date_to) == tuple(default_range):
        return f.replace(date_from=None, date_to=None)
    if f.date_from is None and f.date_to is None:
        return f.replace(date_from=full_range[0], date_to=full_range[1])
    return f


def _values(raw) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    return [str(v).strip() for v in raw if str(v).strip() != ""]


def _dedupe(values: Iterable) -> tuple:
    return tuple(dict.fromkeys(values))


def quote_values(values: Iterable[str], what: str = "value") -> str:
    """``values`` for a notice: each made readable (:func:`readable`; ``what`` names an empty one),
    cut to :data:`NOTICE_VALUE_CHARS` characters, at most :data:`NOTICE_MAX_VALUES` of them (a
    hostile link can hold thousands of long values)."""
    values = [readable(v, what) for v in values]
    shown = [v if len(v) <= NOTICE_VALUE_CHARS else v[: NOTICE_VALUE_CHARS - 1] + "…" for v in values[:NOTICE_MAX_VALUES]]
    more = len(values) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def readable(value: str, what: str = "value") -> str:
    """``value`` as a notice can show it: ``(empty name)`` for an empty one, and in quotes with its
    invisible characters as escapes (``"\\u200b"``, ``" actor"``) when it has spaces around it or
    characters that show as nothing (spaces, zero-width and control characters), which would
    otherwise read as nothing or as another, valid name."""
    if value == "":
        return f"(empty {what})"
    invisible = [c for c in value if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") or (
        c.isspace() and c != " ")]
    if value.strip() == value and not invisible:
        return value
    shown = "".join(c if c == " " or (c not in invisible) else
                    (f"\\u{ord(c):04x}" if ord(c) > 0xFF else f"\\x{ord(c):02x}") for c in value)
    return f'"{shown}"'


class _ParamReader:
    """Reads the values of query-string ``params`` one key at a time, collecting a warning for every
    value it ignores (in the order the keys are read)."""

    def __init__(self, params: Mapping[str, str | list[str]]):
        self.params = params
        self.warnings: list[str] = []

    def values(self, key: str) -> list[str]:
        return _values(self.params.get(key))

    def known(self, key: str, values: list[str], universe: set | None) -> tuple[str, ...]:
        """``values`` without duplicates, and without those missing from ``universe`` (when given)."""
        if universe is None:
            return _dedupe(values)
        bad = [v for v in values if v not in universe]
        if bad:
            self.warnings.append(f"Ignored unknown {key} in the link: {quote_values(bad)}")
        return _dedupe(v for v in values if v in universe)

    def ints(self, key: str, allowed: Iterable[int]) -> tuple[int, ...]:
        """The values of ``key`` that are integers in ``allowed``."""
        allowed = set(allowed)
        good, bad = [], []
        for v in self.values(key):
            # ASCII digits only: int() also takes "1_9", "+2" and other scripts' digits ("١٩")
            n = int(v) if re.fullmatch(r"[0-9]{1,4}", v) else None
            (good.append(n) if n in allowed else bad.append(v))
        if bad:
            self.warnings.append(f"Ignored invalid {key} value(s) in the link: {quote_values(bad)}")
        return _dedupe(good)

    def one_date(self, key: str) -> date | None:
        """The last value of ``key`` as an ISO date."""
        values = self.values(key)
        if not values:
            return None
        try:
            return date.fromisoformat(values[-1])
        except ValueError:
            self.warnings.append(f"Ignored invalid date in the link: {key}={quote_values(values[-1:])}")
            return None

    def date_range(self) -> tuple[date | None, date | None]:
        """``from`` and ``to``; neither when ``from`` is after ``to``."""
        date_from, date_to = self.one_date("from"), self.one_date("to")
        if date_from and date_to and date_from > date_to:
            self.warnings.append(f"Ignored the date range of the link: {date_from} is after {date_to}")
            return None, None
        return date_from, date_to

    def pair(self, known_actors: set | None) -> tuple[str, str] | None:
        """The last ``pair`` (``source|target``), when both ids are set (and known)."""
        values = self.values("pair")
        if not values:
            return None
        parts = values[-1].split(PAIR_SEPARATOR)
        ok = len(parts) == 2 and all(parts)
        if ok and known_actors is not None:
            ok = all(p in known_actors for p in parts)
        if ok:
            return parts[0], parts[1]
        self.warnings.append(f"Ignored invalid pair in the link: {quote_values(values[-1:])}")
        return None

    def span(self) -> tuple[date, date] | None:
        """The last ``span`` (``2022-01-01..2022-01-31``), when both dates are valid and in order."""
        values = self.values("span")
        if not values:
            return None
        parts = values[-1].split(SPAN_SEPARATOR)
        try:
            lo, hi = (date.fromisoformat(p) for p in parts) if len(parts) == 2 else (None, None)
        except ValueError:
            lo = hi = None
        if lo is not None and hi is not None and lo <= hi:
            return lo, hi
        self.warnings.append(f"Ignored invalid span in the link: {quote_values(values[-1:])}")
        return None

    def repeated(self) -> None:
        """A notice for every single-valued key given more than once (its last value is read)."""
        for key in SINGLE_VALUED_KEYS:
            values = self.values(key)
            if len(values) > 1:
                self.warnings.append(f"Ignored repeated {key} in the link: {quote_values(values[:-1])} "
                                     f"(the last, {quote_values(values[-1:])}, is used)")

    def toggles(self) -> None:
        """A notice for every switch whose (last) value is not ``true`` or ``false``."""
        for key in TOGGLE_QUERY_KEYS:
            value = self.values(key)[-1:]
            if value and value[0] not in TOGGLE_VALUES:
                self.warnings.append(f"Ignored invalid {key} value in the link: {quote_values(value)} "
                                     "(true or false)")


def _known(ids: Iterable[str] | None) -> set | None:
    return None if ids is None else set(ids)


def decode_query(
    params: Mapping[str, str | list[str]],
    *,
    actor_ids: Iterable[str] | None = None,
    place_ids: Iterable[str] | None = None,
    article_ids: Iterable[str] | None = None,
    tabs: Iterable[str] | None = None,
) -> tuple[Filters, list[str]]:
    """Read :class:`Filters` from query-string ``params``; never raises.

    Parameters
    ----------
    params
        Key -> value or list of values (``st.query_params`` read with ``get_all``).
    actor_ids, place_ids, article_ids
        Known ids; when given, unknown ids are dropped with a warning.
    tabs
        The panels' names; when given, a ``tab`` naming none of them gets a warning (the first
        panel opens).

    Returns
    -------
    tuple of (Filters, list of str)
        The filters and one human-readable warning per ignored value or key.
    """
    read = _ParamReader(params)
    known_actors = _known(actor_ids)
    unknown = [k for k in params if k not in QUERY_KEYS and k not in FOREIGN_QUERY_KEYS]
    if unknown:
        read.warnings.append(f"Ignored unknown parameter(s) in the link: {quote_values(sorted(unknown), 'name')}")
    read.repeated()
    read.toggles()
    if tabs is not None:
        read.known("tab", read.values(TAB_QUERY_KEY)[-1:], set(tabs))
    date_from, date_to = read.date_range()
    pair, span = read.pair(known_actors), read.span()
    article = read.known("article", read.values("article")[-1:], _known(article_ids))
    f = Filters(
        actors=read.known("actor", read.values("actor"), known_actors),
        date_from=date_from,
        date_to=date_to,
        roots=read.ints("root", CAMEO_ROOT_NAMES),
        quads=read.ints("quad", QUAD_CLASS_NAMES),
        places=read.known("place", read.values("place"), _known(place_ids)),
        pair=pair,
        span=span,
        article=article[0] if article else None,
    )
    return f, read.warnings
