"""Parquet storage of the tables: atomic writes, lazy scans, staleness checks.

Layout of a built data folder ``DIR``::

    DIR/<table>.parquet        one file per table (schemas in :mod:`dashboard.schema`)
    DIR/<table>/**/*.parquet   or a hive-partitioned folder (read the same way); ``layout="hive"``
                               writes DIR/<table>/month=YYYY-MM/part-0.parquet for the tables of
                               articles (month of publication; undated: __HIVE_DEFAULT_PARTITION__)
    DIR/manifest.json          extraction version, build time (UTC), counts, input files
    DIR/ingest_report.parquet  the last build's report lines (file, reason, level)
    DIR/corrections.jsonl      the analyst's corrections (:mod:`dashboard.corrections`) and
    DIR/actor_dictionary.yaml  the actor dictionary they write to: kept by every rebuild

Writes are atomic: the new folder is written beside ``DIR`` and swapped in with one
``renameat2(RENAME_EXCHANGE)`` (Linux), else two renames; a build killed between those two renames
is repaired by :func:`recover` (called by every reader), so ``DIR`` always reads as the previous or
the new build, never a mixture.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

import dashboard
from dashboard import storage
from dashboard.atomic import CRASH_ENV, MANIFEST, _exchange, crash_point, recover  # noqa: F401 (re-exported)
from dashboard.derived import actor_totals, article_mentions, day_totals, mention_counts, mention_totals
from dashboard.schema import BUILD_TABLES, DERIVED_TABLES, STORED_TABLES, TABLES  # noqa: F401 (STORED_TABLES re-exported)
from dashboard.store_read import has_table, scan, stored_bytes, table_path, unreadable, verify  # noqa: F401 (re-exported)

#: Hive partition column of the per-article tables in the ``hive`` layout: the publication month.
PARTITION = storage.PARTITION
HIVE_NULL = storage.HIVE_NULL
MONTHLY = ("articles", "entities", "place_mentions", "events", "quotes", "mention_counts", "article_mentions")


def _write_monthly(df: pl.DataFrame, folder: Path, months: pl.DataFrame, table) -> None:
    """Write ``df`` (rows of ``table``) as ``folder/month=YYYY-MM/part-0.parquet`` by the publication
    month of its article."""
    if df.height:
        keyed = df.join(months, on="article_id", how="left", maintain_order="left")
        keyed = keyed.with_columns(pl.col(PARTITION).fill_null(HIVE_NULL))
        parts = {key[0]: part for key, part in
                 keyed.partition_by(PARTITION, as_dict=True, maintain_order=True, include_key=False).items()}
    else:
        parts = {HIVE_NULL: df}  # an empty table: one empty file keeps its schema
    for month, part in parts.items():
        sub = folder / f"{PARTITION}={month}"
        sub.mkdir(parents=True, exist_ok=True)
        write_parquet(table, part, sub / "part-0.parquet")


def write_parquet(table, df: pl.DataFrame, path: Path) -> None:
    """Write ``df`` (rows of :class:`~dashboard.schema.Table` ``table``, conformed) to ``path`` as
    every table file is written: zstd, statistics, the table's categorical columns as dictionaries
    (:meth:`~dashboard.schema.Table.stored`)."""
    table.stored(df).write_parquet(path, compression="zstd", statistics=True)


#: Files of the user in a data folder that a build keeps (the analyst's corrections and the actor
#: dictionary they write to; see :mod:`dashboard.corrections`).
KEEP_FILES = ("corrections.jsonl", "actor_dictionary.yaml")


def _keep_user_files(out_dir: Path, tmp: Path) -> None:
    """Copy :data:`KEEP_FILES` of the previous ``out_dir`` into the new folder ``tmp`` just before
    the swap, so a rebuild keeps them."""
    for name in KEEP_FILES:
        src = out_dir / name
        if src.is_file() and not (tmp / name).exists():
            shutil.copy2(src, tmp / name)


def write_tables(tables: dict[str, pl.DataFrame], out_dir: Path, manifest: dict | None = None,
                 layout: str = "files") -> None:
    """Write every table of :data:`dashboard.schema.TABLES` to ``out_dir/<table>.parquet``.

    With ``layout="hive"`` the tables of articles (:data:`MONTHLY`) are hive-partitioned folders
    instead, ``out_dir/<table>/month=YYYY-MM/part-0.parquet`` by the publication month (UTC) of
    their article, which :func:`scan` reads back with the same schema; the other tables stay files.

    The write is atomic per folder: all files are first written into a temporary folder beside
    ``out_dir``, then swapped in with renames, so a build killed at any point leaves the previous
    store readable. Tables missing from ``tables`` are written empty with their schema.

    Raises
    ------
    OSError
        If the folder cannot be written.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-{os.getpid()}-", dir=out_dir.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private; the store is an ordinary folder
    try:
        if layout not in ("files", "hive"):
            raise ValueError(f"unknown layout {layout!r} (files or hive)")
        counts = {}
        arts = BUILD_TABLES["articles"].conform(tables.get("articles", BUILD_TABLES["articles"].empty()))
        months = arts.select("article_id", pl.col("published").dt.strftime("%Y-%m").alias(PARTITION))
        for name, table in BUILD_TABLES.items():
            df = table.conform(tables.get(name, table.empty()))
            if layout == "hive" and name in MONTHLY:
                _write_monthly(df, tmp / name, months, table)
            else:
                write_parquet(table, df, tmp / f"{name}.parquet")
            counts[name] = df.height
            crash_point(f"write:{name}")
        # the derived tables, from the mention tables just written
        counted = mention_counts(*(BUILD_TABLES[n].conform(tables.get(n, BUILD_TABLES[n].empty()))
                                   for n in ("entities", "place_mentions"))).collect(engine="streaming")
        # each article's lists in the articles' own partitions and row order (the same frame, split alike)
        derived = {"mention_counts": counted, "article_mentions": article_mentions(arts, counted).collect()}
        for name, df in derived.items():
            if layout == "hive":
                _write_monthly(df, tmp / name, months, DERIVED_TABLES[name])
            else:
                write_parquet(DERIVED_TABLES[name], df, tmp / f"{name}.parquet")
        write_parquet(DERIVED_TABLES["mention_totals"], mention_totals(counted, months).collect(),
                      tmp / "mention_totals.parquet")  # one small file (its months are a column)
        events = BUILD_TABLES["events"].conform(tables.get("events", BUILD_TABLES["events"].empty()))
        write_parquet(DERIVED_TABLES["day_totals"], day_totals(events, arts).collect(), tmp / "day_totals.parquet")
        write_parquet(DERIVED_TABLES["actor_totals"], actor_totals(events).collect(), tmp / "actor_totals.parquet")
        meta = {
            "extraction_version": dashboard.EXTRACTION_VERSION,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "counts": counts,
            "layout": layout,
            **(manifest or {}),
        }
        (tmp / MANIFEST).write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")
        crash_point("write:manifest")
        _keep_user_files(out_dir, tmp)
        if out_dir.exists() and _exchange(tmp, out_dir):
            shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the previous build
            return
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}-x")
            os.replace(out_dir, old)
            crash_point("swap")
        os.replace(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def read_manifest(data_dir: Path | str) -> dict:
    """The build manifest of ``data_dir`` ({} when there is none or it is unreadable)."""
    loc = storage.location(data_dir)
    if storage.is_remote(loc):
        text = storage.read_text(loc, MANIFEST)
    else:
        if not loc.exists():
            recover(loc)
        try:
            text = (loc / MANIFEST).read_text(encoding="utf-8")
        except OSError:
            text = None
    try:
        return json.loads(text) if text else {}
    except ValueError:
        return {}


def raw_digest(raw_dir: Path) -> str:
    """SHA-256 over the relative names and contents of the files under ``raw_dir`` (hidden ones left
    out): what a build records in its manifest (``input_digests``, one per input) and what staleness compares, so a
    fresh clone, whose checkout gives every file a new time, is not rebuilt.

    A file (rather than a folder) gives the digest of its name and content."""
    raw_dir = Path(raw_dir)
    files = [raw_dir] if raw_dir.is_file() else sorted(
        p for p in raw_dir.rglob("*") if p.is_file() and not any(s.startswith(".") for s in p.relative_to(raw_dir).parts))
    stats = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    memo = _DIGESTS.get(str(raw_dir.resolve()))
    if memo is not None and memo[0] == stats:  # nothing changed since it was last read in this process
        return memo[1]
    digest = hashlib.sha256()
    for p in files:
        digest.update(str(p.relative_to(raw_dir) if p != raw_dir else p.name).encode("utf-8") + b"\0")
        with open(p, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        digest.update(b"\0")
    now_ns = time.time_ns()
    if all(now_ns - m > 2_000_000_000 for _, _, m in stats):  # a file changed within 2 s may change again
        _DIGESTS[str(raw_dir.resolve())] = (stats, digest.hexdigest())  # within the same time stamp
    return digest.hexdigest()


#: Per raw folder, the (name, size, time) of its files and their digest, so the app's periodic
#: staleness check reads the files again only when one of them changed.
_DIGESTS: dict[str, tuple[tuple, str]] = {}


def is_stale(raw_dir: Path, data_dir: Path) -> bool:
    """True when ``data_dir`` has no complete build, was built by another extraction version, or was
    built from other contents of ``raw_dir`` (the manifest's ``input_digests``; file times are never
    compared, so a fresh checkout is not stale)."""
    if storage.is_remote(data_dir):
        return False  # read-only: the app never rebuilds a remote store
    data_dir = Path(data_dir)
    manifest = read_manifest(data_dir)
    if not manifest or any(table_path(data_dir, t) is None for t in TABLES):
        return True
    if manifest.get("extraction_version") != dashboard.EXTRACTION_VERSION:
        return True
    raw_dir = Path(raw_dir)
    if not raw_dir.exists():
        return False
    return raw_digest(raw_dir) not in (manifest.get("input_digests") or {}).values()


def read_tables(data_dir: Path) -> dict[str, pl.DataFrame]:
    """Every build table of ``data_dir`` collected (empty frames with the schema when absent)."""
    names = list(BUILD_TABLES)
    return dict(zip(names, pl.collect_all([scan(data_dir, n) for n in names])))
