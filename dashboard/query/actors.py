"""Actor names and labels for the views, and the actors of a view.

Shared by the other query modules; the labels feed the sidebar's actor filter
(:mod:`dashboard.views.filters`).
"""

from __future__ import annotations

import polars as pl

from dashboard.canonical import fold, variant_key
from dashboard.query.event_totals import stored_actor_counts
from dashboard.query.filters import View
from dashboard.query.mention_lists import actors_in, view_mask
from dashboard.query.pairs import of_view
from dashboard.query.tables import Tables


def actor_ids_in_view(tables: Tables, view: View) -> pl.Series:
    """Distinct actors of the view: sources and targets of its events, and the actors named in its
    articles unless an event-level filter applies (then an actor filter with a QuadClass counts the
    actors of the matching events, not every actor their articles name)."""
    parts = _event_actors(tables, view)
    if view.every_article:  # every article: the actors named anywhere, without the per-article pairs
        parts.append(tables.totals[1]["actor_id"])
    elif not view.restricts_events and (stored := of_view(tables, view)) is not None:  # pairs not computed yet
        parts.append(stored[1]["actor_id"])
    elif not view.restricts_events:  # the view's articles' lists, picked by their rows
        parts.append(actors_in(tables, view_mask(tables, view)))
    ids = pl.concat(parts)
    return ids.drop_nulls().unique().sort()


#: The events' actor columns.
ACTOR_COLUMNS = ("source_actor_id", "target_actor_id")


def event_actor_counts(tables: Tables) -> tuple[pl.DataFrame, ...]:
    """How many events each actor is the source of, and the target of, over every held event.

    Computed once per tables (:meth:`Tables.memo`), or read from the store's ``actor_totals`` when it
    has them (:func:`~dashboard.query.event_totals.stored_actor_counts`): :func:`busiest_actors` ranks
    by them and :func:`actor_ids_in_view` subtracts a view's left-out events from them.

    Returns
    -------
    tuple of polars.DataFrame
        One per column of :data:`ACTOR_COLUMNS`: ``actor_id`` (String, no nulls) and ``n`` (UInt32,
        events with that actor in that column, at least 1), one row per actor; in no set order.
    """
    def compute() -> tuple[pl.DataFrame, ...]:
        stored = stored_actor_counts(tables)
        return stored if stored is not None else _counts_per_actor(tables.events.lazy(), "n")

    return tables.memo(("event actor counts",), compute)


def _counts_per_actor(events: pl.LazyFrame, name: str) -> tuple[pl.DataFrame, ...]:
    """Per column of :data:`ACTOR_COLUMNS`, the events of ``events`` per actor: ``actor_id``
    (String, no nulls) and ``name`` (UInt32). Counted in the columns' own dtype (Categorical at
    scale: no string per row), then cast."""
    return tuple(pl.collect_all([
        events.group_by(pl.col(c).alias("actor_id")).agg(pl.len().cast(pl.UInt32).alias(name))
        .drop_nulls("actor_id").with_columns(pl.col("actor_id").cast(pl.String)) for c in ACTOR_COLUMNS]))


def _event_actors(tables: Tables, view: View) -> list[pl.Series]:
    """The distinct sources and the distinct targets of the view's events (String, no nulls).

    A view of every event: the actors of :func:`event_actor_counts`. A filtered view that keeps
    most events (the default date range): those counts less the events its mask leaves out, whose
    actors are the only ones counted; else the distinct values of the two columns of its events.
    """
    if view.complete:
        return [c["actor_id"] for c in event_actor_counts(tables)]
    mask = view.events_mask
    if mask is not None and 2 * mask.sum() > mask.len():  # fewer left out than kept
        gone = _counts_per_actor(tables.events.lazy().filter(~pl.lit(mask)), "gone")
        return [total.join(out, on="actor_id", how="left").filter(pl.col("n") > pl.col("gone").fill_null(0))["actor_id"]
                for total, out in zip(event_actor_counts(tables), gone)]
    ev = view.events_plan  # the two columns of the view's events, distinct: nothing else is read
    return [ev.select(pl.col(c).alias("actor_id")).unique().collect().to_series().cast(pl.String).drop_nulls()
            for c in ACTOR_COLUMNS]


def actor_labels(tables: Tables) -> dict[str, str]:
    """``actor_id -> "Name (kind, country)"`` for every actor, ordered by name."""
    rows = tables.actors.unique("actor_id", keep="first").sort(pl.col("name").str.to_lowercase(), nulls_last=True)
    out = {}
    for r in rows.iter_rows(named=True):
        detail = ", ".join(x for x in (r["kind"], r["country"]) if x)
        name = r["name"] or r["actor_id"]
        out[r["actor_id"]] = f"{name} ({detail})" if detail else name
    return out


def busiest_actors(tables: Tables, n: int) -> list[str]:
    """The ``n`` actor ids that are the source or target of most events, busiest first.

    What the sidebar's actor filter lists when the data has more actors than a select box can carry
    on every rerun (every option is sent to the browser each time); the others are reached by name
    (:func:`find_actors`). Ties are broken by id, so the list is stable. Actors of no event come
    after every actor of one, in id order, when fewer than ``n`` actors have events.

    Parameters
    ----------
    tables
        The loaded tables (``events``: ``source_actor_id``, ``target_actor_id``, String or Categorical;
        ``actors``: ``actor_id``).
    n
        How many ids at most.

    Returns
    -------
    list of str
        At most ``n`` distinct actor ids.
    """
    # counted per column in its own dtype (Categorical at scale: no string per row), then summed by id
    counts = (pl.concat(event_actor_counts(tables)).group_by("actor_id").agg(pl.col("n").cast(pl.UInt64).sum())
              .sort(["n", "actor_id"], descending=[True, False]))
    busiest = counts["actor_id"].head(n).to_list()
    if len(busiest) < n:
        seen = set(busiest)
        rest = sorted(a for a in tables.actors["actor_id"].unique().to_list() if a not in seen)
        busiest += rest[: n - len(busiest)]
    return busiest


def listed_actors(tables: Tables, n: int, labels: dict[str, str] | None = None) -> list[str]:
    """:func:`busiest_actors` in the order of ``labels`` (:func:`actor_labels`, by name; computed
    when not given): what the actor filter lists."""
    busiest = set(busiest_actors(tables, n))
    return [a for a in (actor_labels(tables) if labels is None else labels) if a in busiest]


def find_actors(tables: Tables, text: str, limit: int = 20) -> list[str]:
    """Actor ids whose canonical name or any alias matches the typed ``text``, best first.

    Names are compared after :func:`dashboard.canonical.fold` (case, accents and punctuation
    ignored) and, for spelling variants, after :func:`dashboard.canonical.variant_key` (``y``/``i``,
    doubled letters), so "Zelenskiy" finds the actor named "Volodymyr Zelensky" whose aliases hold
    "Zelenskyy". Ranking: a whole name or alias equal to the text, then a name or alias one of whose
    words (or word sequences) is the text, then a name or alias that starts with it, then one that
    contains it; within a rank, actors with more names first, then by name. Empty text finds nothing.

    Parameters
    ----------
    tables
        The loaded tables (``actors``: ``actor_id``, ``name``, ``aliases``).
    text
        What the user typed.
    limit
        At most this many ids.

    Returns
    -------
    list[str]
        Matching actor ids (at most ``limit``).
    """
    query, qkey = fold(text), variant_key(text)
    if not query:
        return []
    ranked: dict[str, tuple] = {}
    for r in tables.actors.unique("actor_id", keep="first").iter_rows(named=True):
        names = [n for n in [r["name"], *(r["aliases"] or [])] if n]
        rank = min((_match_rank(fold(n), variant_key(n), query, qkey) for n in names), default=None)
        if rank is not None and rank < 4:
            ranked[r["actor_id"]] = (rank, -len(names), fold(r["name"] or r["actor_id"]))
    return sorted(ranked, key=ranked.__getitem__)[:limit]


def _match_rank(name: str, key: str, query: str, qkey: str) -> int:
    """0 equal, 1 a whole word sequence, 2 a prefix, 3 a substring, 4 no match (folded forms)."""
    if query in (name,) or (qkey and qkey == key):
        return 0
    if f" {query} " in f" {name} " or (qkey and f" {qkey} " in f" {key} "):
        return 1
    if name.startswith(query) or (qkey and key.startswith(qkey)):
        return 2
    return 3 if query in name or (qkey and qkey in key) else 4


def actor_names(tables: Tables) -> pl.DataFrame:
    """``actor_id`` and canonical ``name`` of every actor, one row per id (to join onto events, quotes
    and mentions); computed once per tables (every new view's panels join it)."""
    return tables.memo(("actor names",), lambda: tables.actors.select("actor_id", "name").unique("actor_id", keep="first"))


def with_actor_names(df: pl.DataFrame, tables: Tables) -> pl.DataFrame:
    """``df`` (events, or rows with ``source_actor_id`` and ``target_actor_id``) with ``source`` and
    ``target`` name columns; an actor without a name is shown by its id."""
    names = actor_names(tables)
    df = df.cast({c: pl.String for c in ("source_actor_id", "target_actor_id")
                  if isinstance(df.schema.get(c), pl.Categorical)})  # rows of the held events
    return df.join(
        names.rename({"actor_id": "source_actor_id", "name": "source"}), on="source_actor_id", how="left"
    ).join(names.rename({"actor_id": "target_actor_id", "name": "target"}), on="target_actor_id", how="left").with_columns(
        pl.coalesce("source", "source_actor_id").alias("source"),
        pl.coalesce("target", "target_actor_id").alias("target"),
    )
