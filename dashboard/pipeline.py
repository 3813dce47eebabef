"""The batch function: input files -> tables -> Parquet.

:func:`run` is pure (articles in, tables out) so it can run in one process, with spaCy's
``n_process``, or per partition on a cluster engine; :func:`build` adds file discovery, progress
reporting and the atomic write.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import polars as pl

from dashboard import EXTRACTION_VERSION, store
from dashboard.ingest import Problem, iter_articles
from dashboard.nlp import ActorObservation, Extractor, load_spacy
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
    extractor = Extractor(gaz)
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
    docs = nlp.pipe((a.text for a in arts), batch_size=settings.batch_size, n_process=settings.n_process)
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
                     "role": common("role"), "aliases": aliases})
    rows.sort(key=lambda r: r["actor_id"])
    return TABLES["actors"].frame(rows), remap


def build(inputs: list[Path | str], out_dir: Path, settings: Settings | None = None,
          progress: Progress | None = None) -> BuildReport:
    """Read ``inputs`` (files and folders), extract all tables and write them to ``out_dir``.

    Files that cannot be read are reported in :attr:`BuildReport.problems` (file and reason) and
    the rest of the batch goes on. The write is atomic (see :func:`dashboard.store.write_tables`).
    ``progress(done, total, label)`` is called while reading files and per processed article.

    Raises
    ------
    ValueError
        If no input could be read at all (the previous store is left untouched).
    """
    settings = settings or Settings.from_env()
    t0 = time.perf_counter()
    report = BuildReport(out_dir=Path(out_dir))
    articles: list[Article] = []
    files = []
    for path, arts, problems in iter_articles(inputs, settings):
        articles.extend(arts)
        report.problems.extend(problems)
        if arts:
            files.append(str(path))
    if not articles:
        reasons = "; ".join(str(p) for p in report.problems) or "no .txt, .md or .csv files found"
        raise ValueError(f"nothing to build from {', '.join(map(str, inputs))}: {reasons}")
    tables = run(articles, settings, progress)
    store.write_tables(tables, Path(out_dir), manifest={
        "inputs": [str(p) for p in inputs], "files": files, "extraction_version": EXTRACTION_VERSION,
        "problems": [str(p) for p in report.problems],
    })
    report.counts = {k: v.height for k, v in tables.items()}
    report.seconds = time.perf_counter() - t0
    return report
