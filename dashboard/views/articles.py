"""The article reader: one article of the view with its actors, places and quotes.

The text is shown with ``st.text`` (no Markdown, no HTML), so markup in an article is shown literally.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import query
from dashboard.views.filters import URL_ARTICLE_KEY

KEY = "articles"
ARTICLE_KEY = f"{KEY}.article"


def _label(row: dict, tz: str) -> str:
    when = row["published"]
    day = when.astimezone(_zone(tz)).date().isoformat() if when is not None else "undated"
    return f"{day} · {row['title'] or row['article_id']}"


def _zone(tz: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(tz)


def render(tables: query.Tables, view: query.View, tz: str) -> str | None:
    """Draw the article reader for the articles of ``view``.

    Returns
    -------
    str or None
        The chosen article id when it is not the default first article (for the URL).
    """
    st.subheader("Article reader")
    arts = view.articles.sort("published", descending=True, nulls_last=True)
    if arts.height == 0:
        st.info("No articles in this view.")
        return None
    rows = {r["article_id"]: r for r in arts.select("article_id", "title", "published").iter_rows(named=True)}
    ids = list(rows)
    wanted = st.session_state.pop(URL_ARTICLE_KEY, None)
    if wanted in rows:
        st.session_state[ARTICLE_KEY] = wanted
    if st.session_state.get(ARTICLE_KEY) not in rows:
        st.session_state.pop(ARTICLE_KEY, None)
    chosen = st.selectbox(f"Article ({len(ids)})", options=ids, format_func=lambda a: _label(rows[a], tz), key=ARTICLE_KEY)
    detail = query.article_detail(tables, chosen)
    if detail is None:  # pragma: no cover - ids come from the same tables
        st.info("Article not found.")
        return None
    a = detail.article
    st.markdown(f"### {_escape(a['title'] or '(untitled)')}")
    published = a["published"].astimezone(_zone(tz)).strftime("%Y-%m-%d %H:%M %Z") if a["published"] else "date unknown"
    meta = [a["source"] or "source unknown", published]
    if a["authors"]:
        meta.append("by " + ", ".join(a["authors"]))
    if a["datelines"]:
        meta.append("dateline: " + "; ".join(a["datelines"]))
    st.text(" · ".join(meta))
    if a["url"]:
        st.link_button("Open original", a["url"])
    left, right = st.columns([3, 2])
    with left:
        st.text(a["text"] or "")
    with right:
        _table("Actors", detail.actors.drop("actor_id"), f"{KEY}.actors")
        _table("Places", detail.places.drop("place_id"), f"{KEY}.places")
        _table("Quotes", detail.quotes, f"{KEY}.quotes")
    return None if chosen == ids[0] else chosen


def _table(title: str, df: pl.DataFrame, key: str) -> None:
    st.markdown(f"**{title}** ({df.height})")
    if df.height:
        st.dataframe(df, key=key, hide_index=True)


def _escape(text: str) -> str:
    """Escape Markdown and HTML so a title is shown literally."""
    special = "\\`*_{}[]()#+-.!|<>~$:"
    return "".join("\\" + ch if ch in special else ch for ch in text)
