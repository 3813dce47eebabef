"""The article reader: one article of the view with its actors, places, quotations and event verbs
highlighted, and chips that turn them into filters.

The highlighted text is built by :func:`dashboard.query.articles.highlight_html`, which escapes
every piece of article text with ``html.escape`` before adding ``<mark>`` tags; only that string is
given to ``st.html``. Markup in an article (``<script>``, tags) is therefore shown literally, never run.
Titles, chips and metadata are shown with ``st.text`` or escaped Markdown (:mod:`dashboard.views.safe`),
and the "Open original" link only for an ``http(s)`` URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
import streamlit as st

from dashboard.query.articles import ArticleDetail, article_detail, article_spans, highlight_html
from dashboard.query.filters import View
from dashboard.query.tables import Tables
from dashboard.views import cache, filters, grid, safe, selection
from dashboard.views.filters import URL_ARTICLE_KEY

if TYPE_CHECKING:  # the tables' type only: pyarrow is imported when a table is first converted (grid)
    import pyarrow as pa

KEY = "articles"
ARTICLE_KEY = f"{KEY}.article"
ACTOR_CHIPS_KEY = f"{KEY}.actor_chips"
#: Most recent articles offered in the reader's list (a longer list makes every rerun slow).
MAX_OPTIONS = 500
PLACE_CHIPS_KEY = f"{KEY}.place_chips"
LEGEND = (
    '<div style="font-size:0.85rem">'
    '<mark style="background:#cfe3ff">actor</mark> · <mark style="background:#d2f2cf">place</mark> · '
    '<mark style="background:#ffd9a8;font-weight:600">event verb</mark> · '
    '<mark style="background:#f1e6ff;font-style:italic">quotation</mark> (hover a mark for details)</div>'
)


def _label(row: dict, tz: str) -> str:
    when = row["published"]
    day = when.astimezone(_zone(tz)).date().isoformat() if when is not None else "undated"
    return f"{day} · {row['title'] or row['article_id']}"


def _zone(tz: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(tz)


def _actor_chip() -> None:
    actor = st.session_state.get(ACTOR_CHIPS_KEY)
    if actor:
        filters.add_actor(actor)
    st.session_state[ACTOR_CHIPS_KEY] = None


def _place_chip() -> None:
    place = st.session_state.get(PLACE_CHIPS_KEY)
    if place:
        selection.set_places((place,))
    st.session_state[PLACE_CHIPS_KEY] = None


def _newest(tables: Tables, view: View, ids: tuple[str, ...] = ()) -> tuple[pl.DataFrame, int]:
    """The newest :data:`MAX_OPTIONS` articles of the view (id, title, publication time; newest
    first), or those of them whose id is in ``ids``; and how many articles the view has."""
    plan = view.articles_plan.select("article_id", "title", "published")
    if ids:
        wanted = pl.Series(list(ids), dtype=pl.String).cast(plan.collect_schema()["article_id"])
        plan = plan.filter(pl.col("article_id").is_in(wanted.implode()))
    rows = plan.sort("published", descending=True, nulls_last=True).head(MAX_OPTIONS).collect()
    return rows.cast({"article_id": pl.String}), view.n_articles


def reader(tables: Tables, article_id: str) -> tuple[ArticleDetail | None, str, dict[str, pa.Table]]:
    """What the reader shows of one article: its :func:`~dashboard.query.articles.article_detail`
    (None when unknown), its text as highlighted, escaped HTML
    (:func:`~dashboard.query.articles.highlight_html`) and its tables of actors, place mentions and
    quotes as sent (:func:`~dashboard.views.grid.to_arrow`, by title); the same for every view and
    session, built once (:func:`~dashboard.views.cache.per_tables`) and never changed."""
    detail = article_detail(tables, article_id)
    if detail is None:
        return None, "", {}
    grids = {"Actors": detail.actors.drop("actor_id"), "Place mentions": detail.places.drop("place_id"),
             "Quotes": detail.quotes}
    return (detail, highlight_html(detail.article["text"] or "", article_spans(tables, article_id)),
            {title: grid.to_arrow(df) for title, df in grids.items()})


def render(tables: Tables, view: View, tz: str) -> str | None:
    """Draw the article reader for the articles of ``view``.

    Returns
    -------
    str or None
        The chosen article id when it is not the default first article (for the URL).
    """
    st.subheader("Article reader")
    arts, total = cache.per_view(_newest, tables, view)
    if total == 0:
        st.info("No articles in this view.")
        return None
    wanted = st.session_state.pop(URL_ARTICLE_KEY, None)
    if total > MAX_OPTIONS:
        keep = ({wanted, st.session_state.get(ARTICLE_KEY)} - {None}) - set(arts["article_id"].to_list())
        if keep:  # an article chosen (or linked) beyond the newest: offered too
            arts = pl.concat([arts, cache.per_view(_newest, tables, view, tuple(sorted(keep)))[0]])
        st.caption(f"The {MAX_OPTIONS} most recent of {total:,} articles; filter to reach the others.")
    rows = {r["article_id"]: r for r in arts.iter_rows(named=True)}
    ids = list(rows)
    if wanted in rows:
        st.session_state[ARTICLE_KEY] = wanted
    if st.session_state.get(ARTICLE_KEY) not in rows:
        st.session_state.pop(ARTICLE_KEY, None)
    chosen = st.selectbox(f"Article ({total:,})", options=ids, format_func=lambda a: _label(rows[a], tz),
                          key=ARTICLE_KEY)
    detail, text_html, grids = cache.per_tables(reader, tables, chosen)  # once per article, for every session
    if detail is None:  # pragma: no cover - ids come from the same tables
        st.info("Article not found.")
        return None
    a = detail.article
    st.markdown(f"### {safe.md(a['title'] or '(untitled)')}")
    published = a["published"].astimezone(_zone(tz)).strftime("%Y-%m-%d %H:%M %Z") if a["published"] else "date unknown"
    meta = [a["source"] or "source unknown", published]
    if a["authors"]:
        meta.append("by " + ", ".join(a["authors"]))
    if a["datelines"]:
        meta.append("dateline: " + "; ".join(a["datelines"]))
    st.text(" · ".join(meta))
    if a.get("language") not in (None, "en"):  # stored, flagged at ingestion, never extracted
        st.caption(f"Not in English (detected language: {safe.md(a['language'])}): stored and shown, but no actors, "
                   "places, events or quotations were extracted from it.")
    if safe.link(a["url"]):
        st.link_button("Open original", safe.link(a["url"]))
    left, right = st.columns([3, 2])
    with left:
        st.html(LEGEND)
        st.html(text_html)
    with right:
        actors = detail.actors.filter(pl.col("actor_id").is_not_null())
        if actors.height:
            names = dict(actors.select("actor_id", pl.coalesce("name", "actor_id")).iter_rows())
            st.pills("Filter by actor", options=list(names), format_func=lambda k: safe.md(names[k]), key=ACTOR_CHIPS_KEY,
                     on_change=_actor_chip, help="Adds the actor to the Actors filter.", wrap=True)
        places = detail.places.filter(pl.col("place_id").is_not_null() & pl.col("latitude").is_not_null())
        if places.height:
            pnames = dict(places.select("place_id", pl.coalesce("place", "text")).unique("place_id", keep="first")
                          .iter_rows())
            st.pills("Select a place", options=list(pnames), format_func=lambda k: safe.md(pnames[k]), key=PLACE_CHIPS_KEY,
                     on_change=_place_chip, help="Selects the place, as a click on the map does.", wrap=True)
        for title, key in (("Actors", "actors"), ("Place mentions", "places"), ("Quotes", "quotes")):
            _table(title, grids[title], f"{KEY}.{key}")
    return None if chosen == ids[0] else chosen


def _table(title: str, table: pa.Table, key: str) -> None:
    st.markdown(f"**{title}** ({table.num_rows})")
    if table.num_rows:
        st.dataframe(table, key=key, hide_index=True)

