"""What the correction forms offer and the corrections panel lists (no Streamlit here).

The forms of :mod:`dashboard.views.correct` pick their targets from these frames: the mentions of
the selected places, the gazetteer candidates of a toponym, the events of the view. The panel of
:mod:`dashboard.views.corrections` lists :func:`corrections_frame`.
"""

from __future__ import annotations

import polars as pl

from dashboard.corrections import Loaded
from dashboard.corrections_apply import Applied
from dashboard.query.actors import with_actor_names
from dashboard.query.events import NEWEST_ROWS, first_newest, newest_with_text
from dashboard.query.filters import View
from dashboard.query.tables import Tables, _plain

#: Events offered by the event form (the newest of the view).
MAX_EVENT_CHOICES = 1_000
#: Gazetteer candidates offered for a toponym.
MAX_CANDIDATES = 15


def place_mentions_of(tables: Tables, view: View, place_ids: tuple[str, ...]) -> pl.DataFrame:
    """The mentions of ``place_ids`` in the view's articles, with the article title: ``article_id``,
    ``start``, ``end``, ``text``, ``place_id``, ``role``, ``title``, ``label`` (for a select box)."""
    pm = (tables.place_mentions.lazy().select("article_id", "start", "end", "text", "place_id", "role")
          .filter(pl.col("place_id").cast(pl.String).is_in(list(place_ids))).collect())  # may be a scan of the store
    pm = _plain(pm)
    if not view.complete:
        pm = pm.filter(pl.col("article_id").is_in(view.article_ids.cast(pl.String).implode()))
    titles = _plain(tables.articles.select("article_id", "title"))
    pm = pm.join(titles, on="article_id", how="left").sort("title", "start", nulls_last=True)
    where = (pl.when(pl.col("start").is_null()).then(pl.lit("dateline"))
             .otherwise(pl.format("characters {}–{}", "start", "end")))
    return pm.with_columns(pl.format("'{}' in “{}” ({}, {})", "text", pl.coalesce("title", "article_id"), where,
                                     "role").alias("label"))


def place_label(p: dict) -> str:
    """``Name, admin1, CC · feature code · population [place_id]`` of a place row or gazetteer entry."""
    where = ", ".join(str(x) for x in (p.get("name"), p.get("admin1"), p.get("country_code")) if x)
    pop = f" · pop. {p['population']:,}" if p.get("population") else ""
    return f"{where} · {p.get('feature_code') or '?'}{pop} [{p['place_id']}]"


def place_candidates(tables: Tables, text: str, gazetteer=None) -> list[dict]:
    """Places ``text`` may refer to: the gazetteer's candidates (when a gazetteer is given; largest
    first, at most :data:`MAX_CANDIDATES`) and the namesakes already in the data, one per id."""
    out: dict[str, dict] = {}
    if gazetteer is not None:
        for p in gazetteer.candidates(text)[:MAX_CANDIDATES]:
            out.setdefault(p.place_id, {f: getattr(p, f) for f in ("place_id", "name", "feature_class",
                                                                    "feature_code", "country_code", "admin1",
                                                                    "latitude", "longitude", "population")})
    same = tables.places.filter(pl.col("name").str.to_lowercase() == text.lower())
    for r in same.iter_rows(named=True):
        out.setdefault(r["place_id"], {k: r.get(k) for k in ("place_id", "name", "feature_class", "feature_code",
                                                             "country_code", "admin1", "latitude", "longitude",
                                                             "population")})
    return list(out.values())


def event_choices(tables: Tables, view: View) -> pl.DataFrame:
    """The newest :data:`MAX_EVENT_CHOICES` events of the view with a ``label`` (date, source →
    target, CAMEO code and verb, the sentence's start) for a select box."""
    # the newest rows of the events table, whose shown-only columns are read once for both
    ev = first_newest(newest_with_text(tables, view, max(MAX_EVENT_CHOICES, NEWEST_ROWS)), MAX_EVENT_CHOICES)
    ev = with_actor_names(ev.select("event_id", "event_date", "source_actor_id", "target_actor_id", "cameo_code",
                                    "verb", "sentence", "modality"), tables)
    return ev.sort("event_date", descending=True, nulls_last=True).with_columns(pl.format(
        "{} · {} → {} · {} {} ({}) · {}", pl.col("event_date").cast(pl.String).fill_null("undated"),
        pl.col("source").fill_null("—"), pl.col("target").fill_null("—"), "cameo_code", pl.col("verb").fill_null(""),
        pl.col("modality").fill_null("asserted"), pl.col("sentence").fill_null("").str.slice(0, 90)).alias("label"))


def corrections_frame(loaded: Loaded, applied: Applied) -> pl.DataFrame:
    """One row per correction of the file, newest first: ``id``, ``when``, ``who``, ``what``,
    ``why``, ``status`` (applied, undone, an undo, or the reason its target no longer exists)."""
    revoked = loaded.revoked()
    orphans = {c.id: reason for c, reason in applied.orphans}
    rows = []
    for c in loaded.rows:
        if c.kind == "undo":
            status = "undo"
        elif c.id in revoked:
            status = "undone"
        elif c.id in orphans:
            status = f"not applied: {orphans[c.id]}"
        else:
            status = "applied"
        rows.append({"id": c.id, "when": c.when, "who": c.who, "what": c.describe(), "why": c.why,
                     "status": status})
    schema = {k: pl.String for k in ("id", "when", "who", "what", "why", "status")}
    return pl.DataFrame(rows, schema=schema).reverse()
