"""The memory plan: what :func:`dashboard.query.tables.load_tables` holds of each table, and the
columns left in the store (read for the rows shown).

Re-exported by :mod:`dashboard.query.tables` and :mod:`dashboard.query`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboard.schema import TABLES


@dataclass(frozen=True)
class MemoryPlan:
    """How :func:`dashboard.query.tables.load_tables` keeps one table.

    ``columns``: the columns kept (None: every declared column); ``categorical``: columns stored as
    ``pl.Categorical`` (repeated ids and labels cost 4 bytes a row instead of a string); ``rows``: a
    row filter (None: every row); ``held``: False leaves the table in the store as a lazy scan (a
    ``pl.LazyFrame``), read only through the aggregates and per-article reads of :class:`~dashboard.query.tables.Tables`.
    What is left out stays in the store and is read on demand.
    """

    columns: tuple[str, ...] | None = None
    categorical: tuple[str, ...] = ()
    rows: pl.Expr | None = None
    held: bool = True


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
#: only shown (:data:`EVENT_TEXT_COLUMNS`). Not held (lazy scans of the store): the entity and place
#: mentions, of which only the per-article aggregates :attr:`Tables.article_actors` and
#: :attr:`Tables.article_places` are kept, and the quotations (read for the reader's article only).
MEMORY_PLAN: dict[str, MemoryPlan] = {
    "articles": MemoryPlan(
        columns=tuple(c for c in TABLES["articles"].schema if c not in ARTICLE_SHOWN_COLUMNS),
        categorical=("article_id",),  # joined with the events' Categorical article ids
    ),
    "events": MemoryPlan(
        columns=tuple(c for c in TABLES["events"].schema if c not in EVENT_TEXT_COLUMNS),
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
