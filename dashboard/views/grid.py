"""Tables as ``st.dataframe`` sends them, converted once and shared (issue 17, load).

``st.dataframe`` given a Polars frame converts it on every rerun: Polars to pandas, pandas to Arrow,
then Arrow to IPC bytes; the events table (2,000 rows with their sentences) cost more to convert
than to send. :func:`to_arrow` makes the same conversion once, and a ``pyarrow.Table`` is sent as
it is, so a view's tables are converted once (:func:`dashboard.views.cache.shared`) and every rerun
only serialises them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    import pyarrow as pa


def to_arrow(df: pl.DataFrame) -> pa.Table:
    """``df`` as the Arrow table ``st.dataframe`` would make of it.

    Through pandas, as Streamlit converts a Polars frame (``DataFrame.to_pandas`` then
    ``pyarrow.Table.from_pandas``), so the page gets the same column types as before: plain
    strings, not the large or view string types Polars exports natively, which the browser's Arrow
    reader may not know. The index is not stored (the tables hide it).

    Parameters
    ----------
    df
        Any Polars frame (its columns and order are kept).

    Returns
    -------
    pyarrow.Table
        Same columns, same rows.
    """
    import pyarrow as pa  # here, not for every first render (the Map tab converts no table): ~35 ms

    return pa.Table.from_pandas(df.to_pandas(), preserve_index=False)
