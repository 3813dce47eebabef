"""Reading a store's tables: lazy scans with the declared schema, the files found unreadable, and
the check that reads every file (re-exported by :mod:`dashboard.store`, which documents the layout).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from dashboard import storage
from dashboard.atomic import recover
from dashboard.schema import STORED_TABLES, is_categorical

log = logging.getLogger("dashboard.store")

PARTITION = storage.PARTITION
HIVE_NULL = storage.HIVE_NULL


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


def stored_bytes(data_dir: Path | str, name: str) -> int | None:
    """Bytes on disk of table ``name`` of ``data_dir`` (its file, or every Parquet file of its
    folder); None for a store URL or a missing table."""
    loc = storage.location(data_dir)
    if storage.is_remote(loc):
        return None
    path = table_path(Path(loc), name)
    if path is None:
        return None
    return path.stat().st_size if path.is_file() else sum(f.stat().st_size for f in path.rglob("*.parquet"))


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
    read = _SCHEMAS.get(key)
    if read is not None and read[0] == stamp:  # its footer was read, unchanged since
        return True
    try:
        _SCHEMAS[key] = (stamp, pl.read_parquet_schema(path))
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
    """The Parquet schema of ``file`` (memoised by size and time, read by :func:`_readable`); None
    when it is unreadable."""
    return _SCHEMAS[str(file)][1] if _readable(file) else None


def scan(data_dir: Path | str, name: str, months: Iterable[str | None] | None = None,
         categorical: bool = False) -> pl.LazyFrame:
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
    categorical
        Give the table's categorical columns (:attr:`dashboard.schema.Table.categorical`) as
        ``pl.Categorical`` instead of String: read as such from the files' dictionaries where the
        store wrote them so (:func:`write_parquet`), cast from String in a store written before
        (slower: every row's string is hashed; logged once per store).
    """
    table = STORED_TABLES[name]
    target = table.read_schema(categorical)
    loc = storage.location(data_dir)
    if storage.is_remote(loc):
        lf = storage.scan_remote(loc, name, table.schema, months)
        return target.to_frame().lazy() if lf is None else _conformed(lf, target)
    path = table_path(loc, name)
    if path is None:
        return target.to_frame().lazy()
    if path.is_file():
        if not _readable(path):
            return target.to_frame().lazy()
        if categorical:
            _dictionaries(table, [_file_schema(path)], loc)  # logs a store written before
        return _conformed(pl.scan_parquet(path), target)  # its own types, cast
    files = [(f, sch) for f in _table_files(path, months) if (sch := _file_schema(f)) is not None]
    if not files:
        return target.to_frame().lazy()
    keys = list(_hive_values(files[0][0], path))
    declared = table.schema
    if any(list(_hive_values(f, path)) != keys or any(c in declared and not _same_type(table, declared, c, t)
                                                      for c, t in sch.items()) for f, sch in files):
        return _scan_each(path, [f for f, _ in files], target)  # mixed layouts or types: one scan per file
    read = target if categorical and _dictionaries(table, [sch for _, sch in files], loc) else declared
    lf = pl.scan_parquet([f for f, _ in files], hive_partitioning=bool(keys),
                         hive_schema={k: declared.get(k, pl.String) for k in keys} or None,
                         schema=read, missing_columns="insert",
                         extra_columns="ignore", cast_options=_STRINGS)
    if months is not None and PARTITION in keys:
        lf = lf.filter(storage.month_filter(months))
    return _conformed(lf, target)


#: Scans with the declared (String) schema read the columns a store wrote as dictionaries as strings.
_STRINGS = pl.ScanCastOptions(categorical_to_string="allow")
#: Stores already logged as written before the categorical columns (:func:`scan`).
_LOGGED_STRINGS: set[str] = set()


def _same_type(table, declared: pl.Schema, column: str, dtype: pl.DataType) -> bool:
    """True when a file's ``dtype`` for ``column`` reads as the ``declared`` one (``table.schema``):
    equal, ``null`` (all values missing), or a categorical column of ``table`` written as a dictionary."""
    return dtype == declared[column] or dtype == pl.Null or (
        column in table.categorical and is_categorical(dtype))


def _dictionaries(table, schemas: list[pl.Schema], loc) -> bool:
    """True when every file (``schemas``) holds every categorical column of ``table`` as a dictionary
    typed Categorical; otherwise (a store written before) False, logged once per store and table."""
    if all(is_categorical(sch[c]) for sch in schemas for c in table.categorical if c in sch):
        return True
    key = f"{loc}:{table.name}"
    if key not in _LOGGED_STRINGS:
        _LOGGED_STRINGS.add(key)
        log.warning("%s: table %s was written before its ids were stored as dictionaries (%s); they are cast "
                    "on every load, slower at millions of rows: rebuild the store to skip that", loc, table.name,
                    ", ".join(table.categorical))
    return False



def _table_files(folder: Path, months: Iterable[str | None] | None) -> list[Path]:
    """The Parquet files of a table folder, sorted; with ``months``, of a ``month=`` partitioned
    folder, only those of the months' folders (the others are not even listed: a store of ten
    million events has hundreds of months per table)."""
    if months is not None and next(folder.glob(f"{PARTITION}=*"), None) is not None:
        wanted = [folder / f"{PARTITION}={HIVE_NULL if m is None else m}" for m in sorted(set(months), key=str)]
        return sorted(f for d in wanted if d.is_dir() for f in d.rglob("*.parquet"))
    return sorted(folder.rglob("*.parquet"))


def _scan_each(path: Path, files: list[Path], schema: pl.Schema) -> pl.LazyFrame:
    """One scan per file, each cast to ``schema`` (files whose types differ more than by ``null``,
    e.g. written by another tool)."""
    parts = []
    for file in files:
        lf = pl.scan_parquet(file, hive_partitioning=False)
        present = set(lf.collect_schema().names())
        extra = {k: v for k, v in _hive_values(file, path).items() if k not in present}
        if extra:
            lf = lf.with_columns(pl.lit(None if v == HIVE_NULL else v).alias(k) for k, v in extra.items())
        parts.append(_conformed(lf, schema))
    return pl.concat(parts, how="vertical")


def _conformed(lf: pl.LazyFrame, schema: pl.Schema) -> pl.LazyFrame:
    """``lf`` with exactly the columns of ``schema``, cast to it (missing ones null). A file with none
    of the columns (no columns at all, or another table's) gives no rows: selecting only missing
    columns' nulls would give one row of nulls."""
    have = lf.collect_schema()
    if not any(c in have for c in schema):
        return schema.to_frame().lazy()
    return lf.select(_cast(c, have[c], t) if c in have else pl.lit(None, dtype=t).alias(c) for c, t in schema.items())


def _cast(column: str, have: pl.DataType, want: pl.DataType) -> pl.Expr:
    """Column ``column`` of a file, typed ``have``, as ``want``; values that do not convert are null.
    Times written as text by another tool (ISO 8601, with an offset or ``Z``, or a bare date) are
    parsed: Polars does not cast strings to dates or datetimes."""
    col = pl.col(column)
    if have == pl.String and isinstance(want, pl.Datetime):
        day = col.str.to_date(strict=False).cast(want)
        return pl.coalesce(col.str.to_datetime(strict=False, time_zone="UTC", time_unit=want.time_unit)
                           .dt.convert_time_zone(want.time_zone or "UTC").cast(want), day).alias(column)
    if have == pl.String and want == pl.Date:
        return pl.coalesce(col.str.to_date(strict=False), col.str.to_datetime(strict=False).dt.date()).alias(column)
    return col.cast(want, strict=False)
