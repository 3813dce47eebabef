"""Parquet storage of the tables: atomic writes, lazy scans, staleness checks.

Layout of a built data folder ``DIR``::

    DIR/<table>.parquet        one file per table (schemas in :mod:`dashboard.schema`)
    DIR/<table>/**/*.parquet   or a hive-partitioned folder (read the same way); ``layout="hive"``
                               writes DIR/<table>/month=YYYY-MM/part-0.parquet for the tables of
                               articles (month of publication; undated: __HIVE_DEFAULT_PARTITION__)
    DIR/manifest.json          extraction version, build time (UTC), counts, input files
    DIR/ingest_report.parquet  the last build's report lines (file, reason, level)

Writes are atomic: the new folder is written beside ``DIR`` and swapped in with one
``renameat2(RENAME_EXCHANGE)`` (Linux), else two renames; a build killed between those two renames
is repaired by :func:`recover` (called by every reader), so ``DIR`` always reads as the previous or
the new build, never a mixture.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import signal
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

import dashboard
from dashboard.schema import BUILD_TABLES, TABLES

MANIFEST = "manifest.json"
#: Test hook: a build process kills itself (SIGKILL) when it reaches the named point, e.g.
#: ``write:events`` (after writing events into the temporary folder), ``swap`` (between the two
#: renames of the fallback swap), ``article:3`` (after extracting 3 articles). Used by the tests that
#: prove a killed build leaves the store readable.
CRASH_ENV = "NEWSDASH_TEST_CRASH_AT"


def crash_point(name: str) -> None:
    """Kill this process with SIGKILL when ``$NEWSDASH_TEST_CRASH_AT`` equals ``name`` (tests only)."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False when unsupported."""
    if os.environ.get(CRASH_ENV) == "swap":
        return False  # exercise the two-rename fallback
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    rc = fn(AT_FDCWD, os.fsencode(str(a)), AT_FDCWD, os.fsencode(str(b)), RENAME_EXCHANGE)
    return rc == 0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out_dir: Path) -> None:
    """Repair ``out_dir`` after a build killed mid-swap, and remove leftovers of dead builds.

    When ``out_dir`` is missing but a complete new folder (with its manifest) or the previous folder
    is beside it, that folder is renamed back into place. Temporary folders of builds whose process
    is gone are removed.
    """
    out_dir = Path(out_dir)
    parent = out_dir.parent
    if not parent.is_dir():
        return
    pattern = re.compile(rf"^\.{re.escape(out_dir.name)}\.(tmp|old)-(\d+)-")
    leftovers = []
    for p in parent.iterdir():
        m = pattern.match(p.name)
        if m and p.is_dir() and not _pid_alive(int(m.group(2))):
            leftovers.append((m.group(1), p))
    if not out_dir.exists():
        complete = sorted((p for kind, p in leftovers if kind == "tmp" and (p / MANIFEST).is_file()),
                          key=lambda p: p.stat().st_mtime, reverse=True)
        previous = [p for kind, p in leftovers if kind == "old"]
        for candidate in complete + previous:
            try:
                os.replace(candidate, out_dir)
                break
            except OSError:
                continue
    for _, p in leftovers:
        if p.exists():
            shutil.rmtree(p, ignore_errors=True)


#: Hive partition column of the per-article tables in the ``hive`` layout: the publication month.
PARTITION = "month"
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"
MONTHLY = ("articles", "entities", "place_mentions", "events", "quotes")


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
        meta = {
            "extraction_version": dashboard.EXTRACTION_VERSION,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "counts": counts,
            "layout": layout,
            **(manifest or {}),
        }
        (tmp / MANIFEST).write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")
        crash_point("write:manifest")
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


def scan(data_dir: Path, name: str) -> pl.LazyFrame:
    """Lazily scan table ``name`` from ``data_dir`` (file or hive-partitioned folder).

    The result always has exactly the declared schema of the table (missing table -> empty frame),
    so views can rely on column names and dtypes.
    """
    table = BUILD_TABLES[name]
    path = table_path(data_dir, name)
    if path is None:
        return table.empty().lazy()
    if path.is_dir():
        lf = pl.scan_parquet(path / "**" / "*.parquet", hive_partitioning=True)
    else:
        lf = pl.scan_parquet(path)
    names = lf.collect_schema().names()
    exprs = [
        pl.col(c.name).cast(c.dtype, strict=False) if c.name in names else pl.lit(None, dtype=c.dtype).alias(c.name)
        for c in table.columns
    ]
    return lf.select(exprs)


def read_manifest(data_dir: Path) -> dict:
    """The build manifest of ``data_dir`` ({} when there is none or it is unreadable)."""
    if not Path(data_dir).exists():
        recover(Path(data_dir))
    try:
        return json.loads((Path(data_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _newest_mtime(path: Path) -> float:
    path = Path(path)
    if path.is_file():
        return path.stat().st_mtime
    times = [p.stat().st_mtime for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")]
    return max(times, default=0.0)


def is_stale(raw_dir: Path, data_dir: Path) -> bool:
    """True when ``data_dir`` has no complete build, was built by another extraction version, or is
    older than the newest file under ``raw_dir``."""
    data_dir = Path(data_dir)
    manifest = read_manifest(data_dir)
    if not manifest or any(table_path(data_dir, t) is None for t in TABLES):
        return True
    if manifest.get("extraction_version") != dashboard.EXTRACTION_VERSION:
        return True
    raw_dir = Path(raw_dir)
    if not raw_dir.exists():
        return False
    return _newest_mtime(raw_dir) > (data_dir / MANIFEST).stat().st_mtime


def read_tables(data_dir: Path) -> dict[str, pl.DataFrame]:
    """Every build table of ``data_dir`` collected (empty frames with the schema when absent)."""
    names = list(BUILD_TABLES)
    return dict(zip(names, pl.collect_all([scan(data_dir, n) for n in names])))
