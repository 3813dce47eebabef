"""Parquet storage of the tables: atomic writes, lazy scans, staleness checks.

Layout of a built data folder ``DIR``::

    DIR/<table>.parquet        one file per table (schemas in :mod:`dashboard.schema`)
    DIR/<table>/**/*.parquet   or a hive-partitioned folder (read the same way)
    DIR/manifest.json          extraction version, build time (UTC), counts, input files
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

from dashboard import EXTRACTION_VERSION
from dashboard.schema import TABLES

MANIFEST = "manifest.json"


def write_tables(tables: dict[str, pl.DataFrame], out_dir: Path, manifest: dict | None = None) -> None:
    """Write every table of :data:`dashboard.schema.TABLES` to ``out_dir/<table>.parquet``.

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
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private; the store is an ordinary folder
    try:
        counts = {}
        for name, table in TABLES.items():
            df = table.conform(tables.get(name, table.empty()))
            df.write_parquet(tmp / f"{name}.parquet", compression="zstd", statistics=True)
            counts[name] = df.height
        meta = {
            "extraction_version": EXTRACTION_VERSION,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "counts": counts,
            **(manifest or {}),
        }
        (tmp / MANIFEST).write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def table_path(data_dir: Path, name: str) -> Path | None:
    """Path of table ``name`` in ``data_dir``: ``<name>.parquet`` or a ``<name>/`` folder; None if absent."""
    data_dir = Path(data_dir)
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
    table = TABLES[name]
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
    if manifest.get("extraction_version") != EXTRACTION_VERSION:
        return True
    raw_dir = Path(raw_dir)
    if not raw_dir.exists():
        return False
    return _newest_mtime(raw_dir) > (data_dir / MANIFEST).stat().st_mtime
