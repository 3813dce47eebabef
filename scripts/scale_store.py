"""Scaled-up stores for the dashboard benchmarks: a real build replicated to millions of events.

    python scripts/scale_store.py OUT --events 1000000 [--source DIR] [--chunk 200000]
    python scripts/scale_store.py OUT --add-counts    # a store written before mention_counts
    python scripts/scale_store.py OUT --add-totals    # a store written before mention_totals
    python scripts/scale_store.py OUT --add-article-mentions    # a store written before article_mentions
    python scripts/scale_store.py OUT --add-event-totals    # a store written before day_totals, actor_totals
    python scripts/scale_store.py OUT --rewrite-categorical    # a store written before its dictionary ids

The source is a built data folder, or by default the golden press-release build
(``tests/golden/press-releases``: the first 100 releases of each CSV of
``../shared/corpora/ru-ua-press-releases``, extracted by the project) with its texts restored from
the corpus (the golden tables keep only their SHA-1): the article texts from the CSVs, each event's
sentence and each quotation's text cut from its article at the stored offsets.

Every table of an article (articles, entities, place mentions, quotes, events) is copied with new
article, event and quotation ids, so text, mention and event volumes grow together; actors and places
stay as they are. Copy ``i`` is moved ``i`` days earlier (publication time and event dates), so the
copies spread over the years before the source, as an archive does, and the hive partitions (``month=YYYY-MM``) and the
timeline bins grow as an archive's would. The store is written chunk by chunk straight into its hive
folders (``<table>/month=YYYY-MM/part-<chunk>.parquet``), so writing ten million events holds one
chunk in memory, not the store. Not a test.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PER_ARTICLE = ("articles", "entities", "place_mentions", "quotes", "events", "mention_counts")
GOLDEN = ROOT / "tests" / "golden" / "press-releases"


def golden_source() -> dict[str, pl.DataFrame]:
    """The golden press-release tables with their texts restored from the corpus.

    Raises
    ------
    FileNotFoundError
        If the press-release corpus is not beside the repository.
    """
    sys.path.insert(0, str(ROOT / "tests" / "golden"))
    import golden

    from dashboard.ingest import iter_inputs
    from dashboard.settings import Settings

    frames = {p.stem: pl.read_parquet(p) for p in GOLDEN.glob("*.parquet")}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = golden.write_inputs("press-releases", Path(tmp))
        texts = {a.article_id: a.text for r in iter_inputs(inputs, Settings.from_env()) for a in r.articles}
    text_of = pl.DataFrame({"article_id": list(texts), "full": list(texts.values())})
    frames["articles"] = (frames["articles"].join(text_of, on="article_id", how="left")
                          .with_columns(pl.col("full").alias("text")).drop("full"))
    # the sentence around each event's verb: from the sentence end before it to the one after it
    ev = frames["events"].join(text_of, on="article_id", how="left")
    sentences = [
        _sentence(full, vs) if full is not None and vs is not None else None
        for full, vs in ev.select("full", "verb_start").iter_rows()
    ]
    frames["events"] = ev.with_columns(pl.Series("sentence", sentences, dtype=pl.String)).drop("full")
    qt = frames["quotes"].join(text_of, on="article_id", how="left")
    frames["quotes"] = qt.with_columns(
        pl.col("full").str.slice(pl.col("start"), pl.col("end") - pl.col("start")).alias("text")).drop("full")
    return frames


def _sentence(text: str, at: int) -> str:
    lo = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    ends = [i for i in (text.find(". ", at), text.find("\n", at)) if i >= 0]
    return text[lo:min(ends) + 1 if ends else len(text)].strip()


def _copies(df: pl.DataFrame, name: str, first: int, last: int) -> pl.DataFrame:
    """Copies ``first`` to ``last - 1`` of per-article table ``name``: copy ``i`` has new ids (the
    article id with ``~i``) and is moved ``i`` days earlier."""
    n = pl.col("copy")
    new_id = pl.col("article_id") + pl.lit("~") + n.cast(pl.String)
    rest = lambda col: pl.col(col).str.slice(pl.col("article_id").str.len_chars())  # noqa: E731
    exprs = [new_id.alias("article_id")]
    if name == "articles":
        exprs.append(pl.col("published") - pl.duration(days=n))
    if name == "events":
        exprs += [(new_id + rest("event_id")).alias("event_id"), pl.col("event_date") - pl.duration(days=n)]
    if name == "quotes":
        exprs.append((new_id + rest("quote_id")).alias("quote_id"))
    copies = pl.DataFrame({"copy": pl.int_range(first, last, eager=True, dtype=pl.Int64)})
    return copies.join(df, how="cross").with_columns(exprs).drop("copy")


def _write_chunk(frames: dict[str, pl.DataFrame], out: Path, chunk: int) -> None:
    from dashboard.derived import article_mentions
    from dashboard.schema import STORED_TABLES
    from dashboard.store import HIVE_NULL, PARTITION, write_parquet

    months = frames["articles"].select("article_id", pl.col("published").dt.strftime("%Y-%m").alias(PARTITION))
    lists = article_mentions(frames["articles"], frames["mention_counts"]).collect()
    for name in PER_ARTICLE:
        keyed = frames[name].join(months, on="article_id", how="left").with_columns(pl.col(PARTITION).fill_null(HIVE_NULL))
        for (month,), part in keyed.partition_by(PARTITION, as_dict=True, include_key=False).items():
            written = {name: part}
            if name == "articles":  # each article's lists, in the very rows' order (same file name)
                written["article_mentions"] = part.select("article_id").join(lists, on="article_id", how="left",
                                                                             maintain_order="left")
            for table, rows in written.items():
                sub = out / table / f"{PARTITION}={month}"
                sub.mkdir(parents=True, exist_ok=True)
                write_parquet(STORED_TABLES[table], rows, sub / f"part-{chunk:05d}.parquet")


def scale(source: dict[str, pl.DataFrame], n_events: int, out: Path, chunk_events: int = 200_000) -> dict:
    """Write a hive-partitioned store of about ``n_events`` events replicated from ``source`` to ``out``.

    Returns the row counts of the tables written.
    """
    from dashboard.schema import BUILD_TABLES
    from dashboard.store import mention_counts, write_parquet

    src = {name: BUILD_TABLES[name].conform(source.get(name, BUILD_TABLES[name].empty())) for name in BUILD_TABLES}
    src["mention_counts"] = mention_counts(src["entities"], src["place_mentions"]).collect()
    per_copy = max(src["events"].height, 1)
    copies = max(1, math.ceil(n_events / per_copy))
    per_chunk = max(1, chunk_events // per_copy)
    out.mkdir(parents=True, exist_ok=False)
    counts = {name: 0 for name in BUILD_TABLES}
    for chunk, first in enumerate(range(0, copies, per_chunk)):
        frames = {name: _copies(src[name], name, first, min(copies, first + per_chunk)) for name in PER_ARTICLE}
        _write_chunk(frames, out, chunk)
        for name, df in frames.items():
            counts[name] = counts.get(name, 0) + df.height
    for name in ("actors", "places", "ingest_report"):
        write_parquet(BUILD_TABLES[name], src[name], out / f"{name}.parquet")
        counts[name] = src[name].height
    counts["mention_totals"] = add_mention_totals(out)
    counts.update(add_event_totals(out))
    manifest = {"extraction_version": __import__("dashboard").EXTRACTION_VERSION,
                "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "counts": counts, "layout": "hive", "inputs": [f"scaled x{copies} by scripts/scale_store.py"]}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return counts


def add_mention_counts(out: Path) -> int:
    """Write the ``mention_counts`` table into a scaled store written before it existed, one
    ``month=`` partition at a time (computed from that month's mention partitions). Returns its rows."""
    from dashboard import store
    from dashboard.schema import DERIVED_TABLES
    from dashboard.store import PARTITION, mention_counts, write_parquet

    rows = 0
    for part in sorted((out / "entities").glob(f"{PARTITION}=*")):
        month = part.name.split("=", 1)[1]
        wanted = [None if month == store.HIVE_NULL else month]
        df = mention_counts(store.scan(out, "entities", months=wanted),
                            store.scan(out, "place_mentions", months=wanted)).collect(engine="streaming")
        sub = out / "mention_counts" / part.name
        sub.mkdir(parents=True, exist_ok=True)
        write_parquet(DERIVED_TABLES["mention_counts"], df, sub / "part-0.parquet")
        rows += df.height
    return rows


def add_article_mentions(out: Path) -> int:
    """Write the ``article_mentions`` table into a scaled store written before it existed: for each
    file of its articles, the lists of those articles in their order, to the file of the same name
    under ``article_mentions`` (from the month's ``mention_counts``). Returns its rows."""
    from dashboard import store
    from dashboard.derived import article_mentions
    from dashboard.schema import DERIVED_TABLES
    from dashboard.store import PARTITION, write_parquet

    rows = 0
    for part in sorted((out / "articles").glob(f"{PARTITION}=*")):
        month = part.name.split("=", 1)[1]
        counts = store.scan(out, "mention_counts", months=[None if month == store.HIVE_NULL else month]).collect()
        for path in sorted(part.glob("*.parquet")):
            df = article_mentions(pl.read_parquet(path, columns=["article_id"]), counts).collect()
            sub = out / "article_mentions" / part.name
            sub.mkdir(parents=True, exist_ok=True)
            write_parquet(DERIVED_TABLES["article_mentions"], df, sub / path.name)
            rows += df.height
    return rows


def add_mention_totals(out: Path, target: Path | None = None) -> int:
    """Write the ``mention_totals`` table of the scaled store ``out`` (its ``mention_counts`` summed per
    ``month=`` partition, as :func:`dashboard.store.write_tables` writes it) to ``target`` (default:
    ``out``). Returns its rows."""
    from dashboard import store
    from dashboard.derived import mention_totals
    from dashboard.schema import DERIVED_TABLES

    parts = []
    for part in sorted((out / "mention_counts").glob(f"{store.PARTITION}=*")):
        month = part.name.split("=", 1)[1]
        month = None if month == store.HIVE_NULL else month
        counts = store.scan(out, "mention_counts", months=[month])
        months = counts.select("article_id", pl.lit(month, dtype=pl.String).alias("month")).unique()
        parts.append(mention_totals(counts, months).collect(engine="streaming"))
    table = DERIVED_TABLES["mention_totals"]
    df = pl.concat(parts) if parts else table.empty()
    store.write_parquet(table, df, (target or out) / "mention_totals.parquet")
    return df.height


def add_event_totals(out: Path) -> dict[str, int]:
    """Write the ``day_totals`` and ``actor_totals`` tables of the scaled store ``out`` (as
    :func:`dashboard.store.write_tables` writes them, from its events and articles). Returns their rows."""
    from dashboard import store
    from dashboard.derived import actor_totals, day_totals
    from dashboard.schema import DERIVED_TABLES

    events = store.scan(out, "events").select("event_date", "source_actor_id", "target_actor_id")
    days, actors = pl.collect_all([day_totals(events, store.scan(out, "articles").select("published")),
                                   actor_totals(events)], engine="streaming")
    store.write_parquet(DERIVED_TABLES["day_totals"], days, out / "day_totals.parquet")
    store.write_parquet(DERIVED_TABLES["actor_totals"], actors, out / "actor_totals.parquet")
    return {"day_totals": days.height, "actor_totals": actors.height}


def rewrite_categorical(out: Path) -> int:
    """Rewrite, in place, the files of the tables with categorical columns
    (:attr:`dashboard.schema.Table.categorical`) of a store written before them, as
    :func:`dashboard.store.write_parquet` writes them now (the same rows). Returns the files rewritten."""
    from dashboard.schema import STORED_TABLES
    from dashboard.store import write_parquet

    done = 0
    for name, table in STORED_TABLES.items():
        folder = out / name
        files = sorted(folder.rglob("*.parquet")) if folder.is_dir() else [out / f"{name}.parquet"]
        for f in (f for f in files if table.categorical and f.is_file()):
            write_parquet(table, pl.read_parquet(f, hive_partitioning=False), f)
            done += 1
    return done


def read_source(folder: Path | None) -> dict[str, pl.DataFrame]:
    """The tables of a built ``folder``, or the golden press-release build when None."""
    if folder is None:
        return golden_source()
    from dashboard import store

    return store.read_tables(folder)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--events", type=int, help="events to write (required unless --add-counts)")
    p.add_argument("--add-counts", action="store_true",
                   help="only add the mention_counts table to the store OUT (written before it existed)")
    p.add_argument("--add-article-mentions", action="store_true",
                   help="only add the article_mentions table to the store OUT (written before it existed)")
    p.add_argument("--add-totals", action="store_true",
                   help="only add the mention_totals table to the store OUT (written before it existed)")
    p.add_argument("--add-event-totals", action="store_true",
                   help="only add the day_totals and actor_totals tables to the store OUT (written before them)")
    p.add_argument("--rewrite-categorical", action="store_true",
                   help="only rewrite the store OUT's files with categorical columns as they are written now")
    p.add_argument("--source", type=Path, default=None, help="built data folder (default: golden press releases)")
    p.add_argument("--chunk", type=int, default=200_000, help="events written per chunk")
    args = p.parse_args(argv)
    if args.add_counts:
        print(json.dumps({"mention_counts": add_mention_counts(args.out)}))
        return
    if args.add_article_mentions:
        print(json.dumps({"article_mentions": add_article_mentions(args.out)}))
        return
    if args.add_totals:
        print(json.dumps({"mention_totals": add_mention_totals(args.out)}))
        return
    if args.add_event_totals:
        print(json.dumps(add_event_totals(args.out)))
        return
    if args.rewrite_categorical:
        print(json.dumps({"files_rewritten": rewrite_categorical(args.out)}))
        return
    if args.events is None:
        p.error("--events is required")
    print(json.dumps(scale(read_source(args.source), args.events, args.out, args.chunk)))


if __name__ == "__main__":
    main()
