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

import ctypes
import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import time
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


def unreadable(data_dir: Path) -> dict[str, str]:
    """Table files under ``data_dir`` known to be unreadable: path -> reason (what the app reports)."""
    root = str(Path(data_dir))
    return {p: reason for p, (_, reason) in _UNREADABLE.items() if p.startswith(root)}


def verify(data_dir: Path) -> dict[str, str]:
    """Read every table file of ``data_dir`` in full; files that fail are left out of later scans.

    The cheap check of :func:`scan` reads only a file's footer; a file corrupted in the middle
    passes it and fails when read. Returns :func:`unreadable` after the full read.
    """
    for name in BUILD_TABLES:
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


def scan(data_dir: Path, name: str) -> pl.LazyFrame:
    """Lazily scan table ``name`` from ``data_dir`` (file or hive-partitioned folder).

    The result always has exactly the declared schema of the table (missing table -> empty frame),
    so views can rely on column names and dtypes. Each file of a hive-partitioned folder is scanned
    on its own and cast to the declared schema, so partitions whose columns differ only in type (an
    all-null column that Arrow typed ``null``) load together. Unreadable files (truncated, corrupted)
    are left out and named by :func:`unreadable`, so the rest of the data still shows.
    """
    table = BUILD_TABLES[name]
    path = table_path(data_dir, name)
    if path is None:
        return table.empty().lazy()
    if path.is_file():
        return _conformed(pl.scan_parquet(path), table) if _readable(path) else table.empty().lazy()
    parts = []
    for file in sorted(path.rglob("*.parquet")):
        if not _readable(file):
            continue
        lf = pl.scan_parquet(file, hive_partitioning=False)
        present = set(lf.collect_schema().names())
        extra = {k: v for k, v in _hive_values(file, path).items() if k not in present}
        if extra:
            lf = lf.with_columns(pl.lit(v).alias(k) for k, v in extra.items())
        parts.append(_conformed(lf, table))
    return pl.concat(parts, how="vertical") if parts else table.empty().lazy()


def _conformed(lf: pl.LazyFrame, table) -> pl.LazyFrame:
    names = lf.collect_schema().names()
    return lf.select(
        pl.col(c.name).cast(c.dtype, strict=False) if c.name in names else pl.lit(None, dtype=c.dtype).alias(c.name)
        for c in table.columns
    )


def read_manifest(data_dir: Path) -> dict:
    """The build manifest of ``data_dir`` ({} when there is none or it is unreadable)."""
    if not Path(data_dir).exists():
        recover(Path(data_dir))
    try:
        return json.loads((Path(data_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
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
