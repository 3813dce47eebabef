"""The full GeoNames gazetteer for users who can download it: an on-disk index of GeoNames dumps.

``python -m dashboard gazetteer add FILE...`` reads GeoNames export files (download them from
https://download.geonames.org/export/dump/, CC BY 4.0, credit "GeoNames, geonames.org"):

* ``geoname`` tables, 19 tab-separated columns: ``allCountries.zip``, a country file such as
  ``UA.zip``, ``cities500.zip`` / ``cities1000.zip`` …, ``no-country.txt`` (zipped or not);
* ``alternateNamesV2.zip`` (10 columns; ``alternateNames.zip``, 8 columns, too): names of any
  feature, the packaged gazetteer's included;
* ``admin1CodesASCII.txt`` and ``admin2Codes.txt`` (4 columns): division names by GeoNames id.

and writes :data:`INDEX_NAME` in the cache folder, beside the packaged gazetteer's pickle. It is a
SQLite database: ``features`` (one row per GeoNames feature: name, class, code, country, admin1,
point, population) and ``names`` (normalised name key -> GeoNames id and match kind, a B-tree keyed
by name). SQLite because it ships with Python, answers an exact key from disk in microseconds
without loading 12 million rows into memory, and can be replaced atomically as one file; FTS5 is not
used because look-ups are exact keys after :func:`~dashboard.gazetteer.names.normalize_name`, which
FTS5's tokenised matching would widen to partial names.

Every ``add`` writes a temporary copy (the previous index plus the new files) in the same folder
and renames it into place only when complete, so an interrupted run leaves the previous index (or
none) and no partial one; leftover temporary files of a killed run are removed by the next ``add``.

:meth:`Gazetteer.matches <dashboard.gazetteer.core.Gazetteer.matches>` then also returns the
index's features for a name (features the packaged gazetteer has under the same GeoNames id are
returned as the packaged entry), so the resolver uses it with no other change.
"""

from __future__ import annotations

import io
import os
import sqlite3
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from dashboard.gazetteer.names import MATCH_ALIAS, MATCH_ALTERNATE, MATCH_NAME, normalize_name, usable_alternate
from dashboard.records import Place

#: File name of the index in the cache folder.
INDEX_NAME = "geonames-index.sqlite"
#: Bump when the index's tables change (an index of another version is ignored, with a warning).
INDEX_VERSION = "1"
#: alternateNames languages that are codes or links, not names.
SKIP_LANGUAGES = frozenset({"link", "post", "iata", "icao", "faac", "tcid", "unlc", "wkdt", "abbr", "fr_1793"})
_BATCH = 20_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS features(geonameid INTEGER PRIMARY KEY, name TEXT, feature_class TEXT,
    feature_code TEXT, country_code TEXT, admin1 TEXT, latitude REAL, longitude REAL, population INTEGER);
CREATE TABLE IF NOT EXISTS names(key TEXT, geonameid INTEGER, kind INTEGER,
    PRIMARY KEY(key, geonameid)) WITHOUT ROWID;
"""
_UPSERT_NAME = ("INSERT INTO names VALUES (?, ?, ?) ON CONFLICT(key, geonameid) "
                "DO UPDATE SET kind = min(kind, excluded.kind)")


class NotGeoNamesError(ValueError):
    """A file that is not a GeoNames dump file (or a zip holding none)."""


# --------------------------------------------------------------------------- reading dump files


def _kind(fields: list[str]) -> str | None:
    """The table a tab-separated line belongs to: "geoname", "alternate", "admin", or None."""
    def is_int(s: str) -> bool:
        return s.lstrip("-").isdigit()

    def is_float(s: str) -> bool:
        try:
            float(s)
            return True
        except ValueError:
            return False

    if len(fields) == 19 and is_int(fields[0]) and is_float(fields[4]) and is_float(fields[5]) and len(fields[6]) <= 1:
        return "geoname"
    if len(fields) in (8, 10) and is_int(fields[0]) and is_int(fields[1]):
        return "alternate"
    if len(fields) == 4 and "." in fields[0] and len(fields[0].split(".")[0]) == 2 and is_int(fields[3]):
        return "admin"
    return None


def _members(path: Path) -> Iterator[tuple[str, int, io.TextIOBase]]:
    """(name, size in bytes, text stream) of each data file in ``path`` (a zip or a text file)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir() and i.filename.lower() not in (
                "readme.txt", "iso-languagecodes.txt")]
            if not infos:
                raise NotGeoNamesError(f"{path}: the zip holds no GeoNames data file")
            for info in infos:
                with zf.open(info) as raw:
                    yield f"{path.name}!{info.filename}", info.file_size, io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with open(path, encoding="utf-8", errors="strict") as fh:
            yield path.name, path.stat().st_size, fh


def _rows(name: str, fh: io.TextIOBase, advance: Callable[[int], None]) -> Iterator[tuple[str, list[str]]]:
    """(table kind, fields) of every data line; the first line decides the kind of the file."""
    kind = None
    for n, line in enumerate(fh, start=1):
        advance(len(line))
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\r\n").split("\t")
        if kind is None:
            kind = _kind(fields)
            if kind is None:
                raise NotGeoNamesError(
                    f"{name}: not a GeoNames dump file: line {n} has {len(fields)} tab-separated column(s); "
                    "expected 19 (allCountries, a country file, cities500), 10 (alternateNamesV2) or 4 "
                    "(admin1CodesASCII, admin2Codes) — see https://download.geonames.org/export/dump/readme.txt")
        elif _kind(fields) != kind:
            raise NotGeoNamesError(f"{name}: line {n} does not match the file's GeoNames format ({kind})")
        yield kind, fields


def _geoname(f: list[str]) -> tuple[tuple, list[tuple]]:
    """A feature row and its name rows from a 19-column ``geoname`` line."""
    gid = int(f[0])
    feature = (gid, f[1], f[6], f[7], f[8] or None, f[10] or None, float(f[4]), float(f[5]), int(f[14] or 0))
    names = [(normalize_name(f[1]), gid, MATCH_NAME), (normalize_name(f[2]), gid, MATCH_ALIAS)]
    names += [(normalize_name(a), gid, MATCH_ALTERNATE) for a in f[3].split(",") if usable_alternate(a)]
    return feature, [n for n in names if n[0]]


def _alternate(f: list[str]) -> tuple | None:
    """A name row from an alternateNames line (codes, links and non-Latin names skipped)."""
    lang, name = f[2], f[3]
    if lang in SKIP_LANGUAGES or not usable_alternate(name) or not normalize_name(name):
        return None
    preferred = len(f) > 5 and (f[4] == "1" or f[5] == "1")
    return normalize_name(name), int(f[1]), MATCH_ALIAS if lang == "en" and preferred else MATCH_ALTERNATE


def _admin(f: list[str]) -> list[tuple]:
    gid = int(f[3])
    return [(normalize_name(n), gid, MATCH_NAME) for n in {f[1], f[2]} if normalize_name(n)]


# --------------------------------------------------------------------------- writing the index


def _load_file(db: sqlite3.Connection, path: Path, advance: Callable[[int], None]) -> dict[str, int]:
    """Insert one dump file's rows; counts of features and names added."""
    counts = {"features": 0, "names": 0}
    for member, _size, fh in _members(path):
        features: list[tuple] = []
        names: list[tuple] = []
        for kind, f in _rows(member, fh, advance):
            if kind == "geoname":
                feature, rows = _geoname(f)
                features.append(feature)
                names += rows
            elif kind == "alternate":
                row = _alternate(f)
                if row:
                    names.append(row)
            else:
                names += _admin(f)
            if len(features) >= _BATCH or len(names) >= _BATCH:
                _flush(db, features, names, counts)
        _flush(db, features, names, counts)
    return counts


def _flush(db: sqlite3.Connection, features: list, names: list, counts: dict[str, int]) -> None:
    db.executemany("INSERT OR REPLACE INTO features VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", features)
    db.executemany(_UPSERT_NAME, names)
    counts["features"] += len(features)
    counts["names"] += len(names)
    features.clear()
    names.clear()


def _total_size(paths: list[Path]) -> int:
    total = 0
    for p in paths:
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as zf:
                total += sum(i.file_size for i in zf.infolist())
        else:
            total += p.stat().st_size
    return total


def add_files(paths: list[Path | str], cache_dir: Path | str, progress: bool = True) -> dict:
    """Add GeoNames dump files to the on-disk index ``cache_dir / INDEX_NAME`` (created when missing).

    Parameters
    ----------
    paths : list of Path
        GeoNames dump files, zipped or not (see the module docstring).
    cache_dir : Path
        The gazetteer's cache folder (``Settings.cache_dir``).
    progress : bool
        Show a progress bar over the uncompressed bytes read (tqdm, on stderr).

    Returns
    -------
    dict
        ``{"index": path, "features": rows added, "names": name rows added, "files": [...],
        "bytes": size of the index}``.

    Raises
    ------
    FileNotFoundError
        If a file does not exist.
    NotGeoNamesError
        If a file is not a GeoNames dump file; nothing is written (the previous index stays).
    """
    from tqdm import tqdm

    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.is_file():
            raise FileNotFoundError(f"{p}: no such file")
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    final = cache_dir / INDEX_NAME
    for stale in cache_dir.glob(f".{INDEX_NAME}.*.tmp"):
        stale.unlink(missing_ok=True)  # left by a killed run
    tmp = cache_dir / f".{INDEX_NAME}.{os.getpid()}.tmp"
    counts = {"features": 0, "names": 0}
    bar = tqdm(total=_total_size(paths), unit="B", unit_scale=True, desc="indexing GeoNames",
               disable=not progress)
    try:
        if final.exists():
            src, dst = sqlite3.connect(final), sqlite3.connect(tmp)
            try:
                src.backup(dst)
            finally:
                src.close()
                dst.close()
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.executescript(_SCHEMA)
            version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if version and version[0] != INDEX_VERSION:
                db.executescript("DELETE FROM features; DELETE FROM names; DELETE FROM meta;")
            for p in paths:
                added = _load_file(db, p, bar.update)
                counts = {k: counts[k] + added[k] for k in counts}
            files = db.execute("SELECT value FROM meta WHERE key = 'files'").fetchone()
            listed = [f for f in (files[0].split("\n") if files else []) if f] + [p.name for p in paths]
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                           [("version", INDEX_VERSION), ("files", "\n".join(listed))])
            db.commit()
        finally:
            db.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        bar.close()
    return {"index": str(final), **counts, "files": listed, "bytes": final.stat().st_size}


# --------------------------------------------------------------------------- reading the index


class DumpIndex:
    """Read-only access to an index written by :func:`add_files` (thread-safe; one connection per
    process, opened on first use; look-ups memoised).

    Parameters
    ----------
    path : Path
        The SQLite file.
    """

    SOURCE = "GeoNames dump (geonames.org, CC BY 4.0), gazetteer add index"

    def __init__(self, path: Path):
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._memo: dict[str, list[tuple[int, int]]] = {}

    def __getstate__(self):
        return {"path": self.path}

    def __setstate__(self, state):
        self.__init__(state["path"])

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        return self._db

    def lookup(self, key: str) -> list[tuple[int, int]]:
        """(GeoNames id, match kind) pairs indexed under the normalised name ``key``."""
        hit = self._memo.get(key)
        if hit is None:
            with self._lock:
                hit = self._conn().execute("SELECT geonameid, kind FROM names WHERE key = ?", (key,)).fetchall()
            if len(self._memo) > 200_000:
                self._memo.clear()
            self._memo[key] = hit
        return hit

    def features(self, ids: list[int]) -> dict[int, Place]:
        """The index's features with these GeoNames ids, as places (missing ids are left out)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self._lock:
            rows = self._conn().execute(f"SELECT * FROM features WHERE geonameid IN ({marks})", ids).fetchall()
        return {r[0]: Place(place_id=str(r[0]), name=r[1], feature_class=r[2] or "", feature_code=r[3] or "",
                            country_code=r[4], admin1=r[5], latitude=r[6], longitude=r[7],
                            population=r[8] or 0, source=self.SOURCE) for r in rows}


def open_index(cache_dir: Path | str) -> DumpIndex | None:
    """The index in ``cache_dir`` when one exists and has this :data:`INDEX_VERSION`, else None."""
    path = Path(cache_dir) / INDEX_NAME
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return DumpIndex(path) if row and row[0] == INDEX_VERSION else None
