"""The held events' row key: the events are held without their ``event_id``, keyed by their row in
the store instead, and their ids are read from the store when a shown row needs one.

At ten million events the ids are ~1 s of CPU of the first render's load (strings of ~30 bytes,
one per event) and ~300 MB held, and the first render shows none: no filter, aggregation or chart
reads them. They key the columns read for the rows shown (:meth:`Tables.with_event_columns
<dashboard.query.tables.Tables.with_event_columns>`), the corrections and the downloads. The held
frame carries instead :data:`EVENT_ROW`, the event's row number in the store's scan of the events
(the same files in the same order as the load), and :func:`read_event_ids` reads the ids column of
that scan once, off the first render's path (:meth:`Tables.prefetch_pairs
<dashboard.query.tables.Tables.prefetch_pairs>` starts it after the per-article pairs).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from dashboard import store

#: Column of the held events (``pl.UInt32``): the event's row in the store's scan of the events
#: (0-based, the files in the order :func:`dashboard.store.scan` reads them). Never shown: every
#: frame handed to a panel, a download or a caller of :attr:`View.events
#: <dashboard.query.filters.View.events>` has the ``event_id`` in its place.
EVENT_ROW = "event_row"


class StoreChanged(RuntimeError):
    """The store's events are no longer those loaded (a rebuild under loaded tables): their ids
    cannot be matched to the held rows; the app loads the new build on its next run."""


def read_event_ids(data_dir: Path | str, height: int) -> pl.Series:
    """The ``event_id`` column of the store's events, in the order of the load's scan.

    Parameters
    ----------
    data_dir
        The store the events were loaded from.
    height
        How many events were loaded.

    Returns
    -------
    polars.Series
        ``event_id`` (String), ``height`` values: the id of the held row ``i`` at ``i``.

    Raises
    ------
    StoreChanged
        When the store now holds another number of events.
    """
    ids = store.scan(data_dir, "events").select("event_id").collect()["event_id"]
    if ids.len() != height:
        raise StoreChanged(f"{data_dir}: the store holds {ids.len():,} events, {height:,} were loaded; "
                           "reload the page to show the new build")
    return ids


def with_event_ids(events: pl.DataFrame, ids: Callable[[], pl.Series] | None) -> pl.DataFrame:
    """``events`` (rows of the held events) with their ``event_id`` as first column in place of
    :data:`EVENT_ROW`.

    Parameters
    ----------
    events
        Rows of :attr:`Tables.events <dashboard.query.tables.Tables.events>` (any subset, any order).
        Returned as they are when they have no row key (frames built in memory); without the key
        when they have their ids already (corrected tables).
    ids
        Gives every held event's id (:func:`read_event_ids`; called only when a row needs one);
        None (no store to read them from): the ids are nulls, like every column not held.
    """
    if EVENT_ROW not in events.columns:
        return events
    if "event_id" in events.columns:
        return events.drop(EVENT_ROW)
    rows = events[EVENT_ROW]
    if ids is None or rows.len() == 0:
        found = pl.repeat(None, rows.len(), dtype=pl.String, eager=True)
    else:
        found = ids().gather(rows)
    return events.select(found.alias("event_id"), pl.exclude(EVENT_ROW))
