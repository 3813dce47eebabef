"""Corrections applied to loaded tables (:func:`apply_corrections`): the analyst's fixes of the
store's rows, applied once per data folder, build and state of the corrections file."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dashboard import storage
from dashboard.query.tables import TABLES, Tables


def apply_corrections(tables: Tables, data_dir: Path | str | None = None):
    """``tables`` with the corrections of ``data_dir`` (default: ``tables.data_dir``) applied.

    See :mod:`dashboard.corrections` and :func:`dashboard.corrections_apply.apply`. The app calls it
    once per data folder, build and state of the corrections file (``st.cache_resource`` keyed by
    :func:`dashboard.corrections.stamp`), never on a filter change.

    Returns
    -------
    (Tables, dashboard.corrections_apply.Applied, dashboard.corrections.Loaded)
        The corrected tables (``tables`` itself when there is no correction), what was applied and
        what is orphaned (the target no longer exists), and the file as read (with its unreadable
        lines).
    """
    from dashboard import corrections
    from dashboard.corrections_apply import Applied, apply

    folder = data_dir if data_dir is not None else tables.data_dir
    local = folder is not None and not storage.is_remote(folder)  # a store URL is read-only: no corrections
    loaded = corrections.read(folder) if local else corrections.Loaded([], [])
    active = loaded.active()
    if not active:
        return tables, Applied({}), loaded
    # a table left in the store (LazyTable) is read into memory only when corrections exist
    frames = {name: getattr(tables, name) for name in TABLES}
    frames = {n: f.collect() if isinstance(f, pl.LazyFrame) else f for n, f in frames.items()}
    # event changes and place moves use columns held only in the store (CAMEO code, negation, sentence)
    frames["events"] = tables.with_event_columns(frames["events"], ("event_id", "cameo_code", "negated", "sentence_id"))
    applied = apply(frames, active)
    return Tables(**applied.tables, data_dir=tables.data_dir, actor_remap=applied.actor_remap), applied, loaded
