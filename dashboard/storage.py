"""Where a built store lives: a local folder, or an object-storage URL read through fsspec.

A store location is either a local folder (a :class:`~pathlib.Path`, a plain path string, or a
``file://`` URL) or a URL of any other fsspec protocol (``s3://bucket/news``, ``gs://bucket/news``,
``memory://news`` in tests). Local folders are scanned by Polars directly (its native Parquet reader,
with hive partition pruning); other URLs through a :mod:`pyarrow.dataset` over the fsspec file
system, which Polars scans with projection and predicate push-down too.

The protocols' packages are optional extras: ``pip install s3fs`` for ``s3://``, ``pip install gcsfs``
for ``gs://`` (see the README). Credentials come from the usual places of those packages
(environment variables, ``~/.aws``, the metadata server); they are never read by this project.
Remote stores are read-only for the dashboard: builds write local folders (copy them up with
``aws s3 sync`` / ``gcloud storage rsync``, or let the Dask engine write where its workers can).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

#: Hive partition column of the per-article tables (see :mod:`dashboard.store`) and its null value.
PARTITION = "month"
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"


def location(data_dir: Path | str) -> Path | str:
    """``data_dir`` as a local :class:`~pathlib.Path`, or as a URL string for other protocols.

    ``file://`` URLs become paths; ``s3://b/x/`` loses its trailing slash.
    """
    if isinstance(data_dir, Path):
        return data_dir
    text = str(data_dir)
    if text.startswith("file://"):
        return Path(text[len("file://"):])
    if "://" in text:
        return text.rstrip("/")
    return Path(text)


def is_remote(data_dir: Path | str) -> bool:
    """True when ``data_dir`` is a URL read through fsspec (not a local folder)."""
    return isinstance(location(data_dir), str)


def _fs(url: str):
    import fsspec

    return fsspec.core.url_to_fs(url)


def read_text(url: str, name: str) -> str | None:
    """The text of file ``name`` in the store at ``url``; None when it is missing or unreadable."""
    try:
        fs, root = _fs(url)
        with fs.open(f"{root}/{name}", "rb") as fh:
            return fh.read().decode("utf-8")
    except (OSError, ValueError):
        return None


def table_files(url: str, name: str) -> tuple[str, list[str]] | None:
    """``(base, files)`` of table ``name`` at ``url``: ``<name>.parquet`` or the Parquet files under
    ``<name>/`` (sorted), with the folder they are relative to; None when the table is absent."""
    fs, root = _fs(url)
    file = f"{root}/{name}.parquet"
    if fs.isfile(file):
        return root, [file]
    folder = f"{root}/{name}"
    if fs.isdir(folder):
        files = sorted(p for p in fs.find(folder) if p.endswith(".parquet"))
        if files:
            return folder, files
    return None


def _arrow_type(dtype: pl.DataType):
    """The Arrow type of a declared Polars dtype (plain ``string``, not views)."""
    import pyarrow as pa

    arrow = pl.Series([], dtype=dtype).to_arrow().type
    if arrow in (pa.large_string(), pa.string_view()):
        return pa.string()
    if pa.types.is_large_list(arrow) or pa.types.is_list(arrow) or pa.types.is_list_view(arrow):
        return pa.list_(_arrow_type(dtype.inner))
    return arrow


def scan_remote(url: str, name: str, schema: pl.Schema, months: Iterable[str | None] | None = None) -> pl.LazyFrame | None:
    """Lazily scan table ``name`` at ``url`` through fsspec, with the declared ``schema``.

    Files whose columns are typed ``null`` (all values missing) or lack a column are read with the
    declared types; hive partition keys of the folder fill their declared column when the files lack
    it. ``months`` restricts the ``month=`` partitions read (None in it: the undated ones). None when
    the table is absent.
    """
    import pyarrow as pa
    import pyarrow.dataset as ds
    from pyarrow.fs import FSSpecHandler, PyFileSystem

    found = table_files(url, name)
    if found is None:
        return None
    base, files = found
    fs, _ = _fs(url)
    keys = _hive_keys(files[0], base)
    fields = [pa.field(c, _arrow_type(t)) for c, t in schema.items()]
    fields += [pa.field(k, pa.string()) for k in keys if k not in schema]
    part_schema = pa.schema([f for f in fields if f.name in keys])
    dataset = ds.dataset(files, filesystem=PyFileSystem(FSSpecHandler(fs)), format="parquet",
                         schema=pa.schema(fields), partition_base_dir=base,
                         partitioning=ds.partitioning(part_schema, flavor="hive") if keys else None)
    lf = pl.scan_pyarrow_dataset(dataset)
    if months is not None and PARTITION in keys:
        lf = lf.filter(month_filter(months))
    return lf


def _hive_keys(file: str, base: str) -> list[str]:
    rel = file[len(base):].strip("/").split("/")[:-1]
    return [part.split("=", 1)[0] for part in rel if "=" in part]


def month_filter(months: Iterable[str | None]) -> pl.Expr:
    """The predicate on the ``month`` partition column keeping ``months`` (None: undated articles)."""
    months = set(months)
    named = sorted(m for m in months if m is not None)
    cond = pl.col(PARTITION).is_in(named)
    if None in months:
        cond = cond | pl.col(PARTITION).is_null()
    return cond
