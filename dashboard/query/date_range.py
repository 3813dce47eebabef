"""Date ranges typed by the user (the sidebar's text box): :func:`parse_date_range`.

Re-exported by :mod:`dashboard.query.filters`.
"""

from __future__ import annotations

from datetime import date


#: Separators accepted between the two dates of a typed range (``2022-01-10 .. 2022-01-31``).
TYPED_RANGE_SEPARATORS = ("..", "–", "—", " to ", "/", " - ")


def parse_date_range(text: str, bounds: tuple[date, date]) -> tuple[date, date]:
    """A typed date range (two ISO dates, or one for a single day) clamped to ``bounds``.

    Parameters
    ----------
    text
        ``2022-01-10 .. 2022-01-31`` (also ``–``, ``to``, ``/``, `` - `` between them), or
        ``2022-01-10``; the two dates in either order.
    bounds
        The data's first and last date.

    Returns
    -------
    tuple of date
        The range, within ``bounds``.

    Raises
    ------
    ValueError
        With a message for the user when ``text`` is not one or two ISO dates, or the range lies
        outside ``bounds``.
    """
    raw = text.strip()
    parts = [raw]
    for sep in TYPED_RANGE_SEPARATORS:
        if sep in raw:
            parts = [p.strip() for p in raw.split(sep)]
            break
    try:
        days = [date.fromisoformat(p) for p in parts if p]
    except ValueError:
        days = []
    if len(days) not in (1, 2) or len(days) != len(parts):
        raise ValueError(f"Not a date range: {text!r}. Type two dates as 2022-01-10 .. 2022-01-31.")
    start, end = min(days), max(days)
    lo, hi = bounds
    if end < lo or start > hi:
        raise ValueError(f"No data between {start} and {end}: the data runs from {lo} to {hi}.")
    return max(start, lo), min(end, hi)
