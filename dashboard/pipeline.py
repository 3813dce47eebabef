"""The batch function: input files -> tables -> Parquet.

:func:`run` is pure (articles in, tables out) so it can run in one process, with spaCy's
``n_process``, or per partition on a cluster engine; :func:`build` adds file discovery, the
incremental merge with the store, progress reporting and the atomic write.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import polars as pl

import dashboard
from dashboard import canonical, geocoder, store
from dashboard.actor_dictionary import ActorDictionary
from dashboard.ingest import FileResult, IngestedArticle, Problem, iter_inputs
from dashboard.nlp import ActorObservation, Extractor, load_spacy, parse_text
from dashboard.records import Article
from dashboard.schema import TABLES
from dashboard.settings import Settings

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


_RESOURCES: dict = {}


def resources(settings: Settings):
    """The spaCy pipeline and gazetteer, loaded once per process (keyed by model and cache dir)."""
    key = (settings.spacy_model, str(settings.cache_dir))
    if key not in _RESOURCES:
        from dashboard.gazetteer import Gazetteer

        gaz = Gazetteer.load(settings.cache_dir)
        nlp = load_spacy(settings.spacy_model, gaz.region_names())
        _RESOURCES[key] = (nlp, gaz)
    return _RESOURCES[key]


def run(articles: list[Article], settings: Settings, progress: Progress | None = None) -> dict[str, pl.DataFrame]:
    """Extract all tables from ``articles``.

    Returns a dict ``table name -> DataFrame`` with the schemas of :data:`dashboard.schema.TABLES`.
    Duplicate articles (same ``article_id``) are kept once.
    """
    nlp, gaz = resources(settings)
    # offline (the default): None, the gazetteer alone and no network call at all
    extractor = Extractor(gaz, resolver=geocoder.resolver_for(settings),
                          dictionary=ActorDictionary.load(settings.actor_dictionary))
    unique: dict[str, Article] = {}
    for a in articles:
        if len(a.text) > settings.max_chars:
            log.warning("%s: text truncated from %d to %d characters", a.source_path, len(a.text), settings.max_chars)
            a.text = a.text[: settings.max_chars]
        unique.setdefault(a.article_id, a)
    arts = list(unique.values())
    rows = defaultdict(list)
    observations: list[ActorObservation] = []
    places = {}
    total = len(arts)
    docs = nlp.pipe((parse_text(a.text, gaz) for a in arts), batch_size=settings.batch_size, n_process=settings.n_process)
    for i, (article, doc) in enumerate(zip(arts, docs), start=1):
        ex = extractor.extract(article, doc)
        rows["articles"].append(article.row())
        for name in ("entities", "place_mentions", "events", "quotes"):
            rows[name].extend(getattr(ex, name))
        observations.extend(ex.actors)
        for p in ex.places:
            places[p.place_id] = p.row()
        if progress:
            progress(i, total, article.title or article.source_path or article.article_id)
        store.crash_point(f"article:{i}")
    tables = {name: TABLES[name].frame(rows[name]) for name in ("articles", "entities", "place_mentions", "events", "quotes")}
    tables["places"] = TABLES["places"].frame(list(places.values()))
    actors, remap = aggregate_actors(observations)
    tables["actors"] = actors
    if remap:
        for name, cols in (("entities", ["actor_id"]), ("events", ["source_actor_id", "target_actor_id"]),
                           ("quotes", ["speaker_actor_id"])):
            tables[name] = tables[name].with_columns(pl.col(c).replace(remap) for c in cols)
    return tables


def aggregate_actors(observations: list[ActorObservation]) -> tuple[pl.DataFrame, dict[str, str]]:
    """Aggregate actor sightings into the ``actors`` table.

    Name, country and role are the most frequent non-null values over all sightings; aliases are
    all surface forms. A person known only by a surname (``person:biden``) is merged into the one
    full-name person with that surname, if exactly one exists in the batch.

    Returns
    -------
    (actors, remap)
        The table and the mapping of merged actor ids (old -> new).
    """
    by_id: dict[str, list[ActorObservation]] = defaultdict(list)
    for o in observations:
        by_id[o.actor_id].append(o)
    surnames = defaultdict(set)
    for aid, obs in by_id.items():
        name = obs[0].name
        if obs[0].kind == "person" and len(name.split()) > 1:
            surnames[name.split()[-1].lower()].add(aid)
    remap = {}
    persons = {aid.removeprefix("person:") for aid in by_id if aid.startswith("person:")}
    for aid in list(by_id):
        # The small model sometimes tags a person's full name as ORG: one actor, the person.
        if aid.startswith("org:") and aid.removeprefix("org:") in persons and len(by_id[aid][0].name.split()) > 1:
            target = "person:" + aid.removeprefix("org:")
            remap[aid] = target
            moved = [ActorObservation(target, o.name, "person", None, None, o.alias) for o in by_id.pop(aid)]
            by_id[target].extend(moved)
    for aid, obs in list(by_id.items()):
        name = obs[0].name
        if obs[0].kind == "person" and len(name.split()) == 1:
            full = surnames.get(name.lower(), set())
            if len(full) == 1:
                target = next(iter(full))
                remap[aid] = target
                by_id[target].extend(by_id.pop(aid))
    rows = []
    for aid, obs in by_id.items():
        def common(attr):
            c = Counter(getattr(o, attr) for o in obs if getattr(o, attr))
            return c.most_common(1)[0][0] if c else None

        names = Counter(o.name for o in obs)
        name = max(names, key=lambda n: (names[n], len(n))) if obs[0].kind != "person" else max(names, key=len)
        aliases = sorted({o.alias for o in obs if o.alias and o.alias != name})
        rows.append({"actor_id": aid, "name": name, "kind": obs[0].kind, "country": common("country"),
                     "role": common("role"), "party": common("party"), "aliases": aliases})
    rows.sort(key=lambda r: r["actor_id"])
    return TABLES["actors"].frame(rows), remap


def _file_of(source_path: str | None) -> str:
    return (source_path or "").split("#", 1)[0]


def _article_from_row(row: dict) -> IngestedArticle:
    """Rebuild an article from its stored row (same id), for reprocessing."""
    return IngestedArticle(
        text=row["text"], title=row["title"], source=row["source"], authors=list(row["authors"] or []),
        published=row["published"], published_precision=row["published_precision"],
        datelines=list(row["datelines"] or []), url=row["url"], source_path=row["source_path"],
        article_id=row["article_id"], published_tz_assumed=bool(row["published_tz_assumed"]),
    )


def _concat(frames: list[pl.DataFrame], name: str) -> pl.DataFrame:
    table = store.BUILD_TABLES[name]
    frames = [table.conform(f) for f in frames if f is not None and f.height]
    return pl.concat(frames, how="vertical") if frames else table.empty()


def merge_actors(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Merge actor tables (earlier frames win): per ``actor_id`` the first non-null name, kind, country
    and role, and the union of all aliases (without the name)."""
    merged: dict[str, dict] = {}
    for frame in frames:
        if frame is None:
            continue
        for r in frame.iter_rows(named=True):
            cur = merged.get(r["actor_id"])
            if cur is None:
                merged[r["actor_id"]] = {**r, "aliases": set(r["aliases"] or [])}
                continue
            for key in ("name", "kind", "country", "role"):
                if cur[key] is None and r[key] is not None:
                    cur[key] = r[key]
            cur["aliases"] |= set(r["aliases"] or [])
            if r["name"] and r["name"] != cur["name"]:
                cur["aliases"].add(r["name"])
    rows = [{**r, "aliases": sorted(r["aliases"] - {r["name"]})} for r in merged.values()]
    rows.sort(key=lambda r: r["actor_id"])
    return TABLES["actors"].frame(rows)


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


def build(inputs: list[Path | str], out_dir: Path, settings: Settings | None = None,
          progress: Progress | None = None) -> BuildReport:
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

    Actors are then merged across the whole store (:func:`dashboard.canonical.canonicalise`) and the
    actor dictionary of ``settings.actor_dictionary`` is applied
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
    dictionary = ActorDictionary.load(settings.actor_dictionary)  # a bad file fails before any work
    report = BuildReport(out_dir=out_dir)
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

    manifest = store.read_manifest(out_dir)
    previous = store.read_tables(out_dir) if manifest else {n: t.empty() for n, t in store.BUILD_TABLES.items()}
    same_version = not manifest or manifest.get("extraction_version") == dashboard.EXTRACTION_VERSION
    prev_articles = previous["articles"]
    stored = dict(prev_articles.filter(pl.col("text").is_not_null()).select("article_id", "source_path").iter_rows())

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
                if _file_of(stored[a.article_id]) != _file_of(a.source_path):
                    report.problems.append(Problem(a.source_path or r.path, f"duplicate of {stored[a.article_id]} "
                                                   "already stored (same URL or text); not stored twice", "duplicate"))
                continue
            new.append(a)

    if same_version:
        base = previous
        to_extract = new
    else:
        base = _gdelt_part(previous)
        to_extract = [_article_from_row(row) for row in prev_articles.filter(pl.col("text").is_not_null())
                      .iter_rows(named=True)] + new
        report.reprocessed = len(to_extract) - len(new)
        log.info("extraction version changed (%s -> %s): reprocessing %d stored articles",
                 manifest.get("extraction_version"), dashboard.EXTRACTION_VERSION, report.reprocessed)
    fresh = run(to_extract, settings, progress) if to_extract else {}
    fresh_ids = fresh["articles"]["article_id"] if fresh else pl.Series("article_id", [], pl.String)

    tables: dict[str, pl.DataFrame] = {}
    # Articles: stored (minus GDELT stubs now replaced by the real text), fresh, then new GDELT stubs.
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
    # one actor per person across the whole store, then the user's dictionary
    tables, _ = canonical.canonicalise(tables)
    tables, _ = dictionary.apply(tables)
    tables["ingest_report"] = store.BUILD_TABLES["ingest_report"].frame(
        [{"file": p.path, "reason": p.reason, "level": p.level} for p in report.problems])

    files = sorted(set(manifest.get("files", [])) | set(report.files_used)) if same_version else report.files_used
    store.write_tables(tables, out_dir, manifest={
        "inputs": [str(p) for p in inputs], "files": files, "extraction_version": dashboard.EXTRACTION_VERSION,
        "problems": [str(p) for p in report.problems],
    })
    report.counts = {k: v.height for k, v in tables.items()}
    report.added = {k: v.height - previous[k].height for k, v in tables.items() if k != "ingest_report"}
    report.seconds = time.perf_counter() - t0
    return report
