"""The events' totals a build writes (``day_totals``, ``actor_totals``), read instead of counting
the held events.

The first render counts the events and articles per day (the date bounds and the default date
range) and the events per actor (the busiest actors the actor filter lists, the actors of the
default view): group-bys over every held event, ~0.25 s of CPU at ten million events. The build
writes those counts (:func:`dashboard.derived.day_totals`, :func:`dashboard.derived.actor_totals`)
and :func:`dashboard.query.tables.load_tables` scans them; the functions here read them (a few
thousand rows), or return None when the tables have none (a store written before them, corrected
tables, frames built in memory), and the caller counts the held frames as before. Both give the
same rows.
"""

from __future__ import annotations

import polars as pl

from dashboard.query.tables import Tables

#: The display time zone the stored day counts are in (publication days in UTC).
STORED_TIMEZONE = "UTC"


def stored_day_counts(tables: Tables, tz: str) -> pl.DataFrame | None:
    """The event dates and publication days of ``tables`` counted per day, from the store's
    ``day_totals``.

    Parameters
    ----------
    tables
        The loaded tables (:attr:`~dashboard.query.tables.Tables.day_totals`).
    tz
        The display time zone: publication days are in it, and the store's are in UTC.

    Returns
    -------
    polars.DataFrame or None
        ``d`` (Date) and ``n`` (UInt32: events dated that day plus articles published that day),
        one row per day, sorted by day (what :func:`dashboard.query.filters.date_bounds` reads);
        None when the tables have no stored day counts or ``tz`` is not UTC.
    """
    if tables.day_totals is None or tz != STORED_TIMEZONE:
        return None
    return (tables.day_totals.select(pl.col("day").alias("d"), (pl.col("events") + pl.col("articles")).cast(pl.UInt32).alias("n"))
            .filter(pl.col("n") > 0).sort("d").collect())


def stored_actor_counts(tables: Tables) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """How many events each actor is the source of, and the target of, from the store's
    ``actor_totals``.

    Returns
    -------
    tuple of polars.DataFrame, or None
        As :func:`dashboard.query.actors.event_actor_counts`: for sources, then targets,
        ``actor_id`` (String) and ``n`` (UInt32, at least 1); None when the tables have no stored
        actor counts.
    """
    if tables.actor_totals is None:
        return None
    counts = tables.actor_totals.collect()
    return tuple(counts.filter(pl.col(c) > 0).select("actor_id", pl.col(c).cast(pl.UInt32).alias("n"))
                 for c in ("source_events", "target_events"))
