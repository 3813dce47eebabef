"""Sidebar filters and their URL query-string state.

The URL is read once per session (:func:`init_from_url`): valid values seed the widgets, invalid
ones are reported with ``st.warning`` and dropped. Widgets are addressed by ``key`` (prefix
``flt.``); after every run :func:`write_url` writes the current view back, so a copied link reopens it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import streamlit as st

import polars as pl

from dashboard.query.actors import find_actors
from dashboard.query.filters import CAMEO_ROOT_NAMES, Filters, parse_date_range
from dashboard.query.tables import Tables
from dashboard.query.url import FOREIGN_QUERY_KEYS, UNASSERTED_QUERY_KEY, decode_query, encode_query, link_filters
from dashboard.schema import QUAD_CLASS_NAMES
from dashboard.views import selection
from dashboard.views.safe import md

ACTOR_KEY = "flt.actor"
#: At most this many actors are listed in the actor filter (the busiest, plus those chosen): every
#: option is sent to the browser on every rerun, so 5,800 actors cost ~200 kB and ~10 ms of the
#: server's single script thread per interaction (``scripts/rerun_cost.py``); the others are found by
#: any of their names with the box under it.
MAX_ACTOR_OPTIONS = 500
ACTOR_FIND_KEY = "flt.actor.find"  # "find an actor by any name": adds the matches to the actor filter
ACTOR_FIND_NOTE_KEY = "flt.actor.find_note"
DATES_KEY = "flt.dates"
ROOT_KEY = "flt.root"
QUAD_KEY = "flt.quad"
PLACE_KEY = selection.PLACES_KEY  # not a widget: set from the map selection or the URL
PREV_DATES_KEY = "flt.dates.prev"
BOUNDS_KEY = "flt.dates.bounds"  # the default date range when the date widget was last drawn
ALL_DATES_KEY = "flt.dates.all"
TYPED_DATES_KEY = "flt.dates.typed"  # a typed range: applied on Enter (the date widget waits for a blur)
TYPED_ERROR_KEY = "flt.dates.typed_error"
URL_READ_KEY = "flt.url_read"
URL_WARNINGS_KEY = "flt.url_warnings"
URL_ARTICLE_KEY = "flt.url_article"
#: The "Include events that did not happen" toggle; its key is its query parameter (``unasserted=true``).
UNASSERTED_KEY = UNASSERTED_QUERY_KEY


def _clamp(d: date, lo: date, hi: date) -> date:
    return min(max(d, lo), hi)


def init_from_url(tables: Tables, bounds: tuple[date, date] | None, tabs: tuple[str, ...] | None = None,
                  default: tuple[date, date] | None = None) -> None:
    """Seed the filter widgets from ``st.query_params`` (once per session); never raises.

    Unknown or malformed values (a ``tab`` not in ``tabs`` too) are dropped and their warnings kept
    for :func:`show_url_warnings`. A link without dates opens the ``default`` date range (the bulk of
    the data, :func:`dashboard.query.filters.default_date_range`; ``bounds`` when None).
    """
    if st.session_state.get(URL_READ_KEY):
        return
    st.session_state[URL_READ_KEY] = True
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    f, warnings = decode_query(
        params,
        actor_ids=tables.actors["actor_id"].to_list(),
        place_ids=tables.places["place_id"].to_list(),
        # only the link's own article ids are looked up (not every id of the data as a Python list)
        article_ids=tables.articles.filter(pl.col("article_id").is_in(params.get("article", [])))["article_id"].to_list(),
        tabs=tabs,
    )
    st.session_state[ACTOR_KEY] = list(f.actors)
    st.session_state[ROOT_KEY] = list(f.roots)
    st.session_state[QUAD_KEY] = list(f.quads)
    span = f.span
    if span is not None and bounds is not None and (span[1] < bounds[0] or span[0] > bounds[1]):
        warnings.append(f"Ignored the span of the link: no data between {span[0]} and {span[1]}.")
        span = None
    selection.seed(f.places, f.pair, span)
    if bounds is not None:
        lo, hi = bounds
        start, end = (f.date_from or lo, f.date_to or hi) if f.date_from or f.date_to else (default or bounds)
        if f.has_dates and (start > hi or end < lo):
            warnings.append(f"Ignored the date range of the link: no data between {start} and {end}.")
            start, end = default or bounds
        rng = (_clamp(start, lo, hi), _clamp(end, lo, hi))
        st.session_state[DATES_KEY] = rng
        st.session_state[PREV_DATES_KEY] = rng
    st.session_state[URL_ARTICLE_KEY] = f.article
    st.session_state[URL_WARNINGS_KEY] = warnings


def show_url_warnings() -> None:
    """Show, once, the warnings about link parameters that were ignored (escaped: they quote the link)."""
    for message in st.session_state.pop(URL_WARNINGS_KEY, []) or []:
        st.warning(md(message), icon="⚠️")


def selected_range(bounds: tuple[date, date]) -> tuple[date, date]:
    """The date range of the widget; a one-date (mid-pick) selection keeps the previous range (DASH-1)."""
    value = st.session_state.get(DATES_KEY)
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(value):
        start, end = value
        rng = (min(start, end), max(start, end))
        st.session_state[PREV_DATES_KEY] = rng
        return rng
    return st.session_state.get(PREV_DATES_KEY) or bounds


def include_unasserted() -> bool:
    """Draw the sidebar switch "Include events that did not happen" (kept in the link as
    ``unasserted=true``) and return it: off, the stances, the map colours and the timeline count
    asserted events only."""
    with st.sidebar:
        return st.toggle(
            "Include events that did not happen", key=UNASSERTED_KEY, bind="query-params",
            help="Negated, denied, hypothetical (if…, could, might), questioned and future events. Off: the "
                 "stances, the map colours and the timeline count only asserted events; the events table "
                 "lists every event with its modality.",
        )


def left_out_caption(left_out: int) -> None:
    """Say how many events that are not asserted a panel left out (nothing when none)."""
    if left_out:
        st.caption(f"{left_out:,} event(s) that did not happen (negated, denied, hypothetical, questions, "
                   "future) are left out; switch on \"Include events that did not happen\" in the sidebar "
                   "to count them.")


def sidebar(tables: Tables, bounds: tuple[date, date] | None, actor_labels: dict[str, str],
            default: tuple[date, date] | None = None, listed: Collection[str] | None = None) -> Filters:
    """Draw the sidebar filters and return the :class:`~dashboard.query.filters.Filters` they select.

    The date range opens on ``default`` (the bulk of the data; ``bounds``, the whole range, when
    None) and says so when the two differ.

    The chart selections (places, pair, span) come from :mod:`dashboard.views.selection`, shown
    under the filters with the one "Clear selections" control; ``article`` is left unset (the
    article reader fills it in).

    The actor filter lists ``listed`` (e.g. :func:`dashboard.query.actors.busiest_actors` in label
    order), after the chosen actors it does not hold; every actor when ``listed`` is None. The box
    under it finds any actor by name.
    """
    if listed is None:
        options = list(actor_labels)
        n_listed = len(options)
    else:  # a few hundred ids: no pass over every actor on a rerun
        listed = list(listed)
        shown = set(listed)
        options = [a for a in st.session_state.get(ACTOR_KEY) or () if a not in shown] + listed
        n_listed = len(listed)
    with st.sidebar:
        st.header("Filters")
        bounded = len(options) < len(actor_labels)
        actors = st.multiselect(
            f"Actors · the {n_listed:,} busiest of {len(actor_labels):,}" if bounded else "Actors",
            options=options,
            format_func=lambda a: actor_labels.get(a, a),
            key=ACTOR_KEY,
            placeholder="All actors",
            help="Events whose source or target is one of these actors."
                 + (f" The {n_listed:,} with most events are listed (and those chosen); find any of "
                    f"the {len(actor_labels):,} by name in the box below." if bounded else ""),
        )
        st.text_input("…or find an actor by any name", key=ACTOR_FIND_KEY, on_change=_find_actor, args=(tables,),
                      placeholder="e.g. a spelling variant or a surname",
                      help="Matches canonical names and every alias (spelling variants, surnames, titles "
                           "dropped); press Enter to add the best match to the actor filter.")
        if st.session_state.get(ACTOR_FIND_NOTE_KEY):
            st.caption(st.session_state[ACTOR_FIND_NOTE_KEY])
        date_from = date_to = None
        if bounds is not None:
            date_from, date_to = _date_range(bounds, default or bounds)
        else:
            st.caption("**Date range:** no dates in this data (the articles have no publication date and "
                       "the text names none), so there is nothing to filter by date.")
        roots = st.multiselect(
            "CAMEO root",
            options=list(CAMEO_ROOT_NAMES),
            format_func=lambda r: f"{r:02d} {CAMEO_ROOT_NAMES[r]}",
            key=ROOT_KEY,
            placeholder="All event types",
        )
        quads = st.multiselect(
            "QuadClass",
            options=list(QUAD_CLASS_NAMES),
            format_func=lambda q: f"{q} {QUAD_CLASS_NAMES[q]}",
            key=QUAD_KEY,
            placeholder="All quad classes",
        )
        places = selection.places()
        names = dict(
            tables.places.filter(pl.col("place_id").is_in(list(places))).select("place_id", "name").iter_rows()
        ) if places else {}
        selection.summary(actor_labels, {k: v for k, v in names.items() if v})
    return Filters(
        actors=tuple(actors),
        date_from=date_from,
        date_to=date_to,
        roots=tuple(roots),
        quads=tuple(quads),
        places=places,
        pair=selection.pair(),
        span=selection.span(),
    )


def _date_range(bounds: tuple[date, date], default: tuple[date, date]) -> tuple[date | None, date | None]:
    """The date-range widget (opens on ``default``) and the note on the dates it leaves out; the
    chosen range, or ``(None, None)`` for the whole range ``bounds``."""
    lo, hi = bounds
    current = st.session_state.get(DATES_KEY)
    old_default = st.session_state.get(BOUNDS_KEY)
    default_shown = old_default is not None and tuple(current or ()) == tuple(old_default)
    if (not isinstance(current, (tuple, list)) or any(d is None or not lo <= d <= hi for d in current)
            or (default_shown and tuple(old_default) != tuple(default))):
        # first run, the data changed under the session, or new data (an upload) moved the default
        # range while it was shown
        st.session_state[DATES_KEY] = tuple(default)
    st.session_state[BOUNDS_KEY] = tuple(default)
    trimmed = tuple(default) != (lo, hi)
    st.date_input("Date range", min_value=lo, max_value=hi, key=DATES_KEY, format="YYYY-MM-DD",
                  help=f"The data runs from {lo} to {hi}." + (
                      f" It opens on {default[0]} – {default[1]}, the bulk of the dates: isolated outliers "
                      "(a date mentioned from history, a page dated ahead) are outside." if trimmed else ""))
    st.text_input("…or type a range and press Enter", key=TYPED_DATES_KEY, placeholder=f"{default[0]} .. {default[1]}",
                  on_change=_apply_typed_dates, args=(bounds,))
    if st.session_state.get(TYPED_ERROR_KEY):
        st.error(st.session_state[TYPED_ERROR_KEY])
    start, end = selected_range(bounds)
    if trimmed and (start, end) != (lo, hi):
        st.caption(f"All dates: {lo} – {hi}. The default range holds the bulk of them; outliers and "
                   "undated events show with the whole range.")
        st.button("Show all dates", key=ALL_DATES_KEY, on_click=_show_all_dates, args=(lo, hi))
    return (None, None) if (start, end) == (lo, hi) else (start, end)


def _find_actor(tables: Tables) -> None:
    """Callback of the actor search (runs on Enter): add the best match of the typed name to the
    actor filter (:func:`dashboard.query.actors.find_actors`) and say which actor it was, or that
    none matched."""
    text = (st.session_state.get(ACTOR_FIND_KEY) or "").strip()
    st.session_state[ACTOR_FIND_NOTE_KEY] = None
    if not text:
        return
    found = find_actors(tables, text, limit=1)
    if not found:
        st.session_state[ACTOR_FIND_NOTE_KEY] = f"No actor is named or known as “{md(text)}”."
        return
    add_actor(found[0])
    name = tables.actors.filter(pl.col("actor_id") == found[0])["name"].head(1).to_list()
    st.session_state[ACTOR_FIND_NOTE_KEY] = f"“{md(text)}”: added {md((name or [found[0]])[0])}."  # shown as Markdown
    st.session_state[ACTOR_FIND_KEY] = ""


def _apply_typed_dates(bounds: tuple[date, date]) -> None:
    """Callback of the typed range (runs on Enter): set the date widget to it, or keep an error."""
    text = st.session_state.get(TYPED_DATES_KEY) or ""
    st.session_state[TYPED_ERROR_KEY] = None
    if not text.strip():
        return
    try:
        rng = parse_date_range(text, bounds)
    except ValueError as exc:
        st.session_state[TYPED_ERROR_KEY] = str(exc)
        return
    st.session_state[DATES_KEY] = rng
    st.session_state[PREV_DATES_KEY] = rng
    st.session_state[TYPED_DATES_KEY] = ""


def _show_all_dates(lo: date, hi: date) -> None:
    st.session_state[DATES_KEY] = (lo, hi)
    st.session_state[PREV_DATES_KEY] = (lo, hi)


def set_places(place_ids: tuple[str, ...]) -> None:
    """Set the place filter (from a map selection, an article's place chip or the clear button)."""
    selection.set_places(place_ids)


def add_actor(actor_id: str) -> None:
    """Add ``actor_id`` to the actor filter (callback of the article reader's actor chips)."""
    current = list(st.session_state.get(ACTOR_KEY) or [])
    if actor_id not in current:
        st.session_state[ACTOR_KEY] = current + [actor_id]


def write_url(f: Filters, default: tuple[date, date] | None = None, bounds: tuple[date, date] | None = None) -> None:
    """Write ``f`` to the URL query string when it changed (the ``default`` date range left out, the
    whole range ``bounds`` written out when it is not the default: :func:`~dashboard.query.url.link_filters`).

    Key by key: Streamlit's own keys and the tab bound to the URL
    (:data:`dashboard.query.url.FOREIGN_QUERY_KEYS`) are left alone (a bound key cannot be set through
    ``st.query_params``); unknown keys are dropped.
    """
    wanted = encode_query(link_filters(f, default, bounds))
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    ours = {k: v for k, v in current.items() if k not in FOREIGN_QUERY_KEYS}
    if ours == wanted:
        return
    for key in ours.keys() - wanted.keys():
        del st.query_params[key]
    for key, value in wanted.items():
        if ours.get(key) != value:
            st.query_params[key] = value
