"""Downloads of the filtered view: events, actors, places and articles as CSV and Parquet.

The files are produced only when a button is clicked (Streamlit's deferred downloads: ``data`` is
a callable), so a rerun costs nothing however large the view is.
"""

from __future__ import annotations

import streamlit as st

from dashboard.query.export import EXPORT_NAMES, export_frame, frame_bytes
from dashboard.query.filters import View
from dashboard.query.tables import Tables
from dashboard.views import cache, lazy

KEY = "downloads"
MIME = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


def _producer(tables: Tables, view: View, name: str, fmt: str):
    def make() -> bytes:
        return frame_bytes(export_frame(tables, view, name), fmt)

    return make


def _sizes(tables: Tables, view: View) -> dict[str, int]:
    return {"events": view.n_events, "articles": view.n_articles}


def render(tables: Tables, view: View) -> None:
    """An expander with one CSV and one Parquet button per table of the view."""
    box = lazy.expander("Download the filtered data (CSV, Parquet)", f"{KEY}.open")
    if box is None:  # closed: no row counts, no buttons
        return
    with box:
        sizes = cache.per_view(_sizes, tables, view)
        for name in EXPORT_NAMES:
            cols = st.columns([2, 1, 1])
            n = sizes.get(name)
            cols[0].markdown(f"**{name.capitalize()}**" + (f" ({n:,} rows)" if n is not None else ""))
            for col, fmt in zip(cols[1:], ("csv", "parquet")):
                col.download_button(
                    fmt.upper(),
                    data=_producer(tables, view, name, fmt),
                    file_name=f"{name}.{fmt}",
                    mime=MIME[fmt],
                    key=f"{KEY}.{name}.{fmt}",
                    on_click="ignore",
                    icon=":material/download:",
                )
