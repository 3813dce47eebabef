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
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

import dashboard
from dashboard import storage
from dashboard.atomic import CRASH_ENV, MANIFEST, _exchange, crash_point, recover  # noqa: F401 (re-exported)
from dashboard.derived import mention_counts
from dashboard.schema import BUILD_TABLES, DERIVED_TABLES, STORED_TABLES, TABLES

#: Hive partition column of the per-article tables in the ``hive`` layout: the publication month.
PARTITION = storage.PARTITION
HIVE_NULL = storage.HIVE_NULL
MONTHLY = ("articles", "entities", "place_mentions", "events", "quotes", "mention_counts")


def _write_monthly(df: pl.DataFrame, folder: Path, months: pl.DataFrame) -> None:
    """Write ``df`` as ``folder/month=YYYY-MM/part-0.parquet`` by the publication month of its article."""
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
        part.write_parquet(sub / "part-0.parquet", compression="zstd", statistics=True)


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
                _write_monthly(df, tmp / name, months)
            else:
                df.write_parquet(tmp / f"{name}.parquet", compression="zstd", statistics=True)
            counts[name] = df.height
            crash_point(f"write:{name}")
        for name, table in DERIVED_TABLES.items():  # from the mention tables just written
            df = mention_counts(*(BUILD_TABLES[n].conform(tables.get(n, BUILD_TABLES[n].empty()))
                                  for n in ("entities", "place_mentions"))).collect(engine="streaming")
            if layout == "hive":
                _write_monthly(df, tmp / name, months)
            else:
                df.write_parquet(tmp / f"{name}.parquet", compression="zstd", statistics=True)
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


def has_table(data_dir: Path | str, name: str) -> bool:
    """True when the store ``data_dir`` (a folder or a store URL) holds table ``name`` (False for a
    derived table in a store written before it was added)."""
    loc = storage.location(data_dir)
    if storage.is_remote(loc):
        return storage.table_files(loc, name) is not None
    return table_path(loc, name) is not None


def table_path(data_dir: Path, name: str) -> Path | None:
    """Path of table ``name`` in ``data_dir``: ``<name>.parquet`` or a ``<name>/`` folder; None if absent."""
    data_dir = Path(data_dir)
    if not data_dir.exists():
        recover(data_dir)
    file = data_dir / f"{name}.parquet"
    if file.is_file():
        return file
    folder = data_dir / name
    if folder.is_dir() and any(folder.rglob("*.parquet")):
        return folder
    return None


#: Table files found unreadable (path -> reason), with the size and time they had then: they are
#: left out of every scan until they change. Filled by :func:`scan` (broken footer) and :func:`verify`.
_UNREADABLE: dict[str, tuple[tuple[int, float], str]] = {}


def _stamp(path: Path) -> tuple[int, float]:
    st = path.stat()
    return st.st_size, st.st_mtime


def _readable(path: Path) -> bool:
    """False (and the reason recorded) when ``path`` is not a readable Parquet file."""
    key = str(path)
    try:
        stamp = _stamp(path)
    except OSError as exc:
        _UNREADABLE[key] = ((0, 0.0), f"cannot read ({exc.strerror or exc})")
        return False
    known = _UNREADABLE.get(key)
    if known is not None:
        if known[0] == stamp:
            return False
        del _UNREADABLE[key]
    try:
        pl.read_parquet_schema(path)
    except Exception as exc:  # truncated or corrupted: Polars raises ComputeError, OSError, ...
        _UNREADABLE[key] = (stamp, f"not a readable Parquet file ({type(exc).__name__}: {str(exc)[:160]})")
        return False
    return True


def unreadable(data_dir: Path | str) -> dict[str, str]:
    """Table files under ``data_dir`` known to be unreadable: path -> reason (what the app reports;
    always empty for a remote store, whose files are not checked one by one)."""
    if storage.is_remote(data_dir):
        return {}
    root = str(Path(data_dir))
    return {p: reason for p, (_, reason) in _UNREADABLE.items() if p.startswith(root)}


def verify(data_dir: Path) -> dict[str, str]:
    """Read every table file of ``data_dir`` in full; files that fail are left out of later scans.

    The cheap check of :func:`scan` reads only a file's footer; a file corrupted in the middle
    passes it and fails when read. Returns :func:`unreadable` after the full read ({} for a remote
    store).
    """
    if storage.is_remote(data_dir):
        return {}
    for name in STORED_TABLES:
        path = table_path(data_dir, name)
        if path is None:
            continue
        for file in ([path] if path.is_file() else sorted(path.rglob("*.parquet"))):
            if not _readable(file):
                continue
            try:
                pl.read_parquet(file)
            except Exception as exc:
                _UNREADABLE[str(file)] = (_stamp(file), f"not a readable Parquet file ({type(exc).__name__}: "
                                                        f"{str(exc)[:160]})")
    return unreadable(data_dir)


def _hive_values(file: Path, root: Path) -> dict[str, str]:
    return dict(part.split("=", 1) for part in file.relative_to(root).parent.parts if "=" in part)


#: Schemas of readable table files, by path, with the size and time they had when read (a file is
#: not read again while it is unchanged: the app scans on every per-article read).
_SCHEMAS: dict[str, tuple[tuple[int, float], pl.Schema]] = {}


def _file_schema(file: Path) -> pl.Schema | None:
    """The Parquet schema of ``file`` (memoised by size and time); None when it is unreadable."""
    if not _readable(file):
        return None
    stamp = _stamp(file)
    known = _SCHEMAS.get(str(file))
    if known is not None and known[0] == stamp:
        return known[1]
    schema = pl.read_parquet_schema(file)
    _SCHEMAS[str(file)] = (stamp, schema)
    return schema


def scan(data_dir: Path | str, name: str, months: Iterable[str | None] | None = None) -> pl.LazyFrame:
    """Lazily scan table ``name`` from ``data_dir`` (file or hive-partitioned folder; a local folder or
    an fsspec URL, see :mod:`dashboard.storage`).

    The result always has exactly the declared schema of the table (missing table -> empty frame),
    so views can rely on column names and dtypes. A hive-partitioned folder is one Polars scan with
    hive partitioning, so filters on a partition and the columns selected are pushed down to the
    files; partitions whose columns differ only in type (an all-null column that Arrow typed
    ``null``) or lack a column read with the declared types. Unreadable files (truncated, corrupted)
    are left out and named by :func:`unreadable`, so the rest of the data still shows (local
    folders only).

    Parameters
    ----------
    data_dir
        The store.
    name
        A table of :data:`dashboard.schema.STORED_TABLES`.
    months
        Publication months (``YYYY-MM``; None for undated articles) whose ``month=`` partitions are
        read; the others are never opened. A hint: a table stored as one file, or not partitioned
        by month, is read whole, so callers still filter the rows they want.
    """
    table = STORED_TABLES[name]
    loc = storage.location(data_dir)
    if storage.is_remote(loc):
        lf = storage.scan_remote(loc, name, table.schema, months)
        return table.empty().lazy() if lf is None else _conformed(lf, table)
    path = table_path(loc, name)
    if path is None:
        return table.empty().lazy()
    if path.is_file():
        return _conformed(pl.scan_parquet(path), table) if _readable(path) else table.empty().lazy()
    files = [(f, sch) for f in _table_files(path, months) if (sch := _file_schema(f)) is not None]
    if not files:
        return table.empty().lazy()
    keys = list(_hive_values(files[0][0], path))
    declared = table.schema
    if any(list(_hive_values(f, path)) != keys or any(
            c in declared and t != declared[c] and t != pl.Null for c, t in sch.items()) for f, sch in files):
        return _scan_each(path, [f for f, _ in files], table)  # mixed layouts or types: one scan per file
    lf = pl.scan_parquet([f for f, _ in files], hive_partitioning=bool(keys),
                         hive_schema={k: declared.get(k, pl.String) for k in keys} or None,
                         schema=pl.Schema({c: t for c, t in declared.items()}), missing_columns="insert",
                         extra_columns="ignore")
    if months is not None and PARTITION in keys:
        lf = lf.filter(storage.month_filter(months))
    return _conformed(lf, table)


def _table_files(folder: Path, months: Iterable[str | None] | None) -> list[Path]:
    """The Parquet files of a table folder, sorted; with ``months``, of a ``month=`` partitioned
    folder, only those of the months' folders (the others are not even listed: a store of ten
    million events has hundreds of months per table)."""
    if months is not None and next(folder.glob(f"{PARTITION}=*"), None) is not None:
        wanted = [folder / f"{PARTITION}={HIVE_NULL if m is None else m}" for m in sorted(set(months), key=str)]
        return sorted(f for d in wanted if d.is_dir() for f in d.rglob("*.parquet"))
    return sorted(folder.rglob("*.parquet"))


def _scan_each(path: Path, files: list[Path], table) -> pl.LazyFrame:
    """One scan per file, each cast to the declared schema (files whose types differ more than by
    ``null``, e.g. written by another tool)."""
    parts = []
    for file in files:
        lf = pl.scan_parquet(file, hive_partitioning=False)
        present = set(lf.collect_schema().names())
        extra = {k: v for k, v in _hive_values(file, path).items() if k not in present}
        if extra:
            lf = lf.with_columns(pl.lit(None if v == HIVE_NULL else v).alias(k) for k, v in extra.items())
        parts.append(_conformed(lf, table))
    return pl.concat(parts, how="vertical")


def _conformed(lf: pl.LazyFrame, table) -> pl.LazyFrame:
    names = lf.collect_schema().names()
    return lf.select(
        pl.col(c.name).cast(c.dtype, strict=False) if c.name in names else pl.lit(None, dtype=c.dtype).alias(c.name)
        for c in table.columns
    )


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
