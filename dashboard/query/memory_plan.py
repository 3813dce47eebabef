"""What the dashboard holds of each table (:data:`MEMORY_PLAN`) and the store's scans narrowed to it
(:func:`scan_tables`); re-exported by :mod:`dashboard.query.tables`, which loads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dashboard import store
from dashboard.query.event_rows import EVENT_ROW
from dashboard.schema import TABLES


@dataclass(frozen=True)
class MemoryPlan:
    """How :func:`load_tables` keeps one table.

    ``columns``: the columns kept (None: every declared column); ``categorical``: columns stored as
    ``pl.Categorical`` (repeated ids and labels cost 4 bytes a row instead of a string); ``rows``: a
    row filter (None: every row); ``held``: False leaves the table in the store as a lazy scan (a
    ``pl.LazyFrame``), read only through the aggregates and per-article reads of :class:`Tables`;
    ``row_index``: a column added with each row's number in the store's scan (UInt32, 0-based), the
    key of rows whose id is not held (:data:`dashboard.query.event_rows.EVENT_ROW`).
    What is left out stays in the store and is read on demand.
    """

    columns: tuple[str, ...] | None = None
    categorical: tuple[str, ...] = ()
    rows: pl.Expr | None = None
    held: bool = True
    row_index: str | None = None


#: Columns of the events table read from the store only for the rows shown (the events table, a
#: pair's evidence, the reader's verbs, downloads): no filter or aggregation uses them, and the
#: sentence is most of an event's bytes.
EVENT_TEXT_COLUMNS: tuple[str, ...] = ("sentence", "date_text", "sentence_id", "verb", "verb_start", "verb_end",
                                       "cameo_code", "negated", "date_precision", "quote_id")

#: Columns of the articles table read from the store only for the articles shown (reader, downloads).
ARTICLE_SHOWN_COLUMNS: tuple[str, ...] = ("text", "source_path", "authors", "datelines", "published_precision",
                                          "published_tz_assumed", "n_words", "language")

#: What the dashboard keeps in memory, so that memory grows by tens of bytes per event, not by the
#: store's size (at ten million events the article texts alone are ~10 GB and the entity mentions ~70
#: million rows). Held: the articles without :data:`ARTICLE_SHOWN_COLUMNS`, the events without the columns
#: only shown (:data:`EVENT_TEXT_COLUMNS`) and without their ids, keyed by their row in the store instead
#: (:mod:`dashboard.query.event_rows`). Not held (lazy scans of the store): the entity and place
#: mentions, of which only each article's lists of actors and places are kept (:attr:`Tables.place_lists`,
#: :attr:`Tables.actor_lists`, read from the store's ``article_mentions``), and the quotations (read for
#: the reader's article only).
MEMORY_PLAN: dict[str, MemoryPlan] = {
    "articles": MemoryPlan(
        # the ids as strings: read as Categorical, the first read of the 1.4 million ids of ten million
        # events would insert them into the Categorical mapping (0.8 s of CPU against 0.17 s); the
        # views compare them with the events' Categorical ids through Tables.article_keys, cast once
        # after the first render
        columns=tuple(c for c in TABLES["articles"].schema if c not in ARTICLE_SHOWN_COLUMNS),
    ),
    "events": MemoryPlan(
        columns=tuple(c for c in TABLES["events"].schema if c not in EVENT_TEXT_COLUMNS and c != "event_id"),
        row_index=EVENT_ROW,  # the ids are read when a shown row needs one (event_rows.read_event_ids)
        # ids and labels as Categorical: 4 bytes a row, and the filters, group-bys and joins of the
        # views compare integers; the views' collected rows are cast back (View.events)
        categorical=("article_id", "source_actor_id", "target_actor_id", "place_id", "modality"),
    ),
    "entities": MemoryPlan(
        columns=("article_id", "start", "end", "actor_id"),
        categorical=("article_id", "actor_id"),
        rows=pl.col("actor_id").is_not_null(),
        held=False,
    ),
    "place_mentions": MemoryPlan(
        columns=("article_id", "sentence_id", "start", "end", "text", "place_id", "role", "confidence"),
        categorical=("article_id", "text", "place_id", "role"),
        held=False,
    ),
    "quotes": MemoryPlan(
        columns=("quote_id", "article_id", "speaker_actor_id", "start", "end", "kind"),
        categorical=("article_id", "kind"),
        held=False,
    ),
}


def scan_tables(data_dir: Path | str, plan: Mapping[str, MemoryPlan] | None = None,
                names: Iterable[str] | None = None) -> dict[str, pl.LazyFrame]:
    """Lazy scans of every table of ``data_dir`` (a folder or a store URL; missing tables are empty
    with their schema), or of the tables ``names``, narrowed by ``plan`` (e.g. :data:`MEMORY_PLAN`)
    when given."""
    # with a plan, the tables' categorical columns read as Categorical (from the files' dictionaries)
    scans = {name: store.scan(data_dir, name, categorical=plan is not None) for name in (names or TABLES)}
    for name, p in (plan or {}).items():
        if name not in scans:
            continue
        lf = scans[name] if p.row_index is None else scans[name].with_row_index(p.row_index)
        if p.rows is not None:
            lf = lf.filter(p.rows)
        cols = (p.row_index,) * (p.row_index is not None) + (p.columns or tuple(TABLES[name].schema))
        scans[name] = lf.select(pl.col(c).cast(pl.Categorical) if c in p.categorical else pl.col(c) for c in cols)
    return scans
