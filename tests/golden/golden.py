"""Golden tables: what a build of fixed inputs must give, byte for byte after sorting.

Two golden sets guard refactorings ("behaviour unchanged"):

* ``seed`` — the embedded seed article (``data/raw/``);
* ``press-releases`` — the first 100 rows of each CSV of ``../shared/corpora/ru-ua-press-releases``
  (skipped when the corpus is absent). The corpus is not ours to copy: in this set the long texts
  (``articles.text``, ``events.sentence``, ``quotes.text``) are stored as SHA-1 digests.

Regenerate only on purpose, and say why in the commit::

    python tests/golden/golden.py --regenerate [seed|press-releases ...]

The comparison (:func:`normalise`) sorts every table by all of its columns, so row order, which
depends on dict and set iteration, does not count; values and dtypes do.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import tempfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = Path(__file__).resolve().parent
CORPUS = ROOT.parent / "shared" / "corpora" / "ru-ua-press-releases"
PRESS_ROWS = 100
HASHED = {"articles": ["text"], "events": ["sentence"], "quotes": ["text"]}
SETS = ("seed", "press-releases")


def write_inputs(name: str, folder: Path) -> list[Path]:
    """Write the inputs of golden set ``name`` into ``folder`` and return them.

    Raises
    ------
    FileNotFoundError
        If the press-release corpus is not beside the repository.
    """
    if name == "seed":
        return [ROOT / "data" / "raw"]
    if not CORPUS.is_dir():
        raise FileNotFoundError(f"{CORPUS} is absent (it comes with ../shared)")
    out = []
    csv.field_size_limit(sys.maxsize)
    for src in sorted(CORPUS.glob("*.csv")):
        dst = folder / src.name
        with src.open(newline="", encoding="utf-8") as fin, dst.open("w", newline="", encoding="utf-8") as fout:
            reader = csv.reader(fin)
            writer = csv.writer(fout)
            for i, row in enumerate(reader):
                if i > PRESS_ROWS:  # header + PRESS_ROWS rows
                    break
                writer.writerow(row)
        out.append(dst)
    return out


def build(name: str) -> dict[str, pl.DataFrame]:
    """Build golden set ``name`` from scratch in a temporary folder and return its normalised tables."""
    from dashboard import pipeline, store
    from dashboard.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inputs = write_inputs(name, tmp)
        out = tmp / "out"
        settings = Settings.from_env()
        pipeline.build(inputs, out, settings)
        tables = store.read_tables(out)
    return normalise(name, tables)


def normalise(name: str, tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Hash corpus text (press-release set) and sort every table by all of its columns."""
    out = {}
    for table, df in tables.items():
        if table == "ingest_report":  # names temporary paths
            df = df.with_columns(pl.col("file").str.replace(r"^.*/", ""))
        if name != "seed":
            df = df.with_columns(
                pl.col(c).map_elements(lambda s: hashlib.sha1(s.encode()).hexdigest(), return_dtype=pl.String)
                for c in HASHED.get(table, []))
        if table == "articles":
            df = df.with_columns(pl.col("source_path").str.replace(r"^.*/", ""))
        keys = [pl.col(c).list.join("\x1f") if df.schema[c] == pl.List(pl.String) else pl.col(c).cast(pl.String)
                for c in df.columns]
        out[table] = df.sort(keys, nulls_last=True) if df.height else df
    return out


def path_of(name: str, table: str) -> Path:
    """Path of one golden Parquet file."""
    return GOLDEN_DIR / name / f"{table}.parquet"


def load(name: str) -> dict[str, pl.DataFrame]:
    """The stored golden tables of set ``name``."""
    return {p.stem: pl.read_parquet(p) for p in sorted((GOLDEN_DIR / name).glob("*.parquet"))}


def regenerate(name: str) -> None:
    """Build set ``name`` and overwrite its golden files."""
    tables = build(name)
    folder = GOLDEN_DIR / name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.parquet"):
        old.unlink()
    for table, df in tables.items():
        df.write_parquet(path_of(name, table))
    print(f"{name}: " + ", ".join(f"{t} {df.height}" for t, df in tables.items()))


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--regenerate [SET ...]`` rewrites the golden files (all sets by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true", help="rebuild and overwrite the golden files")
    parser.add_argument("sets", nargs="*", metavar="SET", help=f"sets to rewrite (default: all of {SETS})")
    args = parser.parse_args(argv)
    if not args.regenerate:
        parser.error("nothing to do: golden files are rewritten only with --regenerate")
    sys.path.insert(0, str(ROOT))
    for name in args.sets or SETS:
        if name not in SETS:
            parser.error(f"unknown set {name!r}; choose from {SETS}")
        regenerate(name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
