"""One batch of articles to table rows: in this process, or over worker processes.

:func:`extract_rows` parses and extracts articles in the calling process; :func:`extract_in_processes`
splits them into contiguous chunks and runs :func:`extract_rows` on each in ``n_process`` worker
processes, so that both spaCy's parse and the project's extraction scale with the processes (with
spaCy's own ``n_process`` only the parse does: the extraction would wait in the parent). The workers
are forked by a :class:`dashboard.workers.WorkerHost` after it has loaded the spaCy pipeline and the
gazetteer, so they share them instead of loading their own; they hand back :class:`Rows` (plain
Python objects, no Polars), which become tables in the parent (which never imports spaCy). Chunks
are combined in input order by :func:`dashboard.pipeline.combine` like the Dask engine's partitions:
the same tables as one process.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter, defaultdict
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Callable

import polars as pl

from dashboard import geocoder, store
from dashboard.actor_dictionary import ActorDictionary
from dashboard.records import Article
from dashboard.schema import TABLES
from dashboard.settings import Settings

if TYPE_CHECKING:
    from dashboard.workers import WorkerHost

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

#: The smallest chunk of :func:`chunks` is ``1 / SMALLEST_CHUNK`` of a worker process's share of the
#: text. With the chunks taken heaviest first, the last ones are that small and the workers finish
#: close together (on 300 press releases, 8 chunks per process of 19 articles each, in input order,
#: left one worker alone for 2.2 s of a 37 s build); each chunk costs about 10 ms of hand-over.
SMALLEST_CHUNK = 64


@dataclass
class Extracted:
    """What one batch (or one partition of a batch) of articles gives before the actors are aggregated.

    ``tables`` are the per-article tables plus ``places`` and ``ingest_report`` (articles whose
    extraction failed); ``observations`` counts each distinct actor sighting, in order of first
    appearance, so partitions combine into exactly the aggregation of the whole batch.
    """

    tables: dict[str, pl.DataFrame]
    observations: Counter


@dataclass
class Rows:
    """The rows of one batch (or partition) as plain Python objects, before they become tables.

    What a worker process hands back (:func:`extract_in_processes`): lists of row dicts per table
    (``articles``, ``entities``, ``place_mentions``, ``events``, ``quotes``, ``ingest_report``), the
    gazetteer places used (``place_id -> row``, in order of first use) and the actor sightings.
    Building it touches no Polars (a forked process must not use the parent's Polars thread pool).
    """

    rows: dict[str, list[dict]]
    places: dict[str, dict]
    observations: Counter

    def frames(self) -> Extracted:
        """The :class:`Extracted` tables of these rows (schemas of :data:`dashboard.schema.TABLES`)."""
        tables = {name: TABLES[name].frame(self.rows.get(name, []))
                  for name in ("articles", "entities", "place_mentions", "events", "quotes")}
        tables["places"] = TABLES["places"].frame(list(self.places.values()))
        tables["ingest_report"] = store.BUILD_TABLES["ingest_report"].frame(self.rows.get("ingest_report", []))
        return Extracted(tables, self.observations)


def unique_articles(articles: list[Article], settings: Settings) -> list[Article]:
    """``articles`` with each ``article_id`` once (the first), texts longer than ``settings.max_chars``
    truncated (a warning each)."""
    unique: dict[str, Article] = {}
    for a in articles:
        if len(a.text) > settings.max_chars:
            log.warning("%s: text truncated from %d to %d characters", a.source_path, len(a.text), settings.max_chars)
            a.text = a.text[: settings.max_chars]
        unique.setdefault(a.article_id, a)
    return list(unique.values())


def extract_rows(articles: list[Article], settings: Settings, progress: Progress | None = None) -> Rows:
    """:func:`dashboard.pipeline.extract` without the tables: the :class:`Rows` of ``articles``, in
    this process (``settings.n_process`` spaCy processes for the parse only).

    Duplicate articles (same ``article_id``) are kept once; an article whose extraction raises is
    left out and reported as an ``error`` row of ``ingest_report``; ``progress(done, total, label)``
    is called per extracted article.
    """
    from dashboard.nlp import Extractor, parse_text  # spaCy: imported where the articles are parsed
    from dashboard.pipeline import resources  # (the pipeline imports this module)

    nlp, gaz = resources(settings)
    # offline (the default): None, the gazetteer alone and no network call at all
    extractor = Extractor(gaz, resolver=geocoder.resolver_for(settings),
                          dictionary=ActorDictionary.load(settings.actor_dictionary))
    rows = defaultdict(list)
    # Texts detected to be in another language are stored, flagged, and kept out of extraction.
    arts = []
    for a in unique_articles(articles, settings):
        if getattr(a, "extractable", True):
            arts.append(a)
        else:
            rows["articles"].append(a.row())
    observations: Counter = Counter()
    places = {}
    total = len(arts)
    docs = nlp.pipe((parse_text(a.text, gaz) for a in arts), batch_size=settings.batch_size, n_process=settings.n_process)
    for i, (article, doc) in enumerate(zip(arts, docs), start=1):
        try:
            ex = extractor.extract(article, doc)
        except Exception as exc:  # one bad article must not sink the batch
            log.exception("%s: extraction failed", article.source_path)
            rows["ingest_report"].append({"file": article.source_path or article.article_id,
                                          "reason": f"extraction failed: {type(exc).__name__}: {exc}", "level": "error"})
            continue
        rows["articles"].append(article.row())
        for name in ("entities", "place_mentions", "events", "quotes"):
            rows[name].extend(getattr(ex, name))
        observations.update(astuple(o) for o in ex.actors)
        for p in ex.places:
            places[p.place_id] = p.row()
        if progress:
            progress(i, total, article.title or article.source_path or article.article_id)
        store.crash_point(f"article:{i}")
    return Rows(dict(rows), places, observations)


def text_length(article: Article) -> int:
    """Characters of ``article``'s text: the weight of an article in :func:`chunks` (spaCy's parse
    and the extraction grow with the text)."""
    return len(article.text or "")


def chunks(articles: list, n_process: int, batch_size: int,
           weight: Callable[[object], int] = text_length) -> list[list]:
    """``articles`` in contiguous chunks, in order, of decreasing text ("guided" scheduling).

    Each chunk closes once it holds ``1 / (2 * n_process)`` of the text not yet chunked (``weight``
    of an article: its characters), but not less than ``1 / (SMALLEST_CHUNK * n_process)`` of the
    whole, or once it holds ``batch_size`` articles; none is empty, and an article longer than
    the current share is a chunk of its own. Most of the text goes in big chunks (spaCy's batches
    full: 9-article batches parse 2-3 % slower than 32-article ones), the rest in small ones that,
    taken last (:func:`heaviest_first`), let the workers finish close together.
    """
    if not articles:
        return []
    n = max(1, n_process)
    weights = [max(1, weight(a)) for a in articles]
    remaining = sum(weights)
    floor = remaining / (SMALLEST_CHUNK * n)
    parts, part, size = [], [], 0

    def close():
        nonlocal part, size, remaining
        parts.append(part)
        remaining -= size
        part, size = [], 0

    for article, w in zip(articles, weights):
        target = max(floor, remaining / (2 * n))
        if part and w >= target:  # a long article is a chunk of its own
            close()
        part.append(article)
        size += w
        if size >= target or len(part) >= batch_size:
            close()
    if part:
        parts.append(part)
    return parts


def heaviest_first(parts: list[list], weight: Callable[[object], int] = text_length) -> list[int]:
    """Indices of ``parts`` (chunks of :func:`chunks`) by decreasing text (``weight`` summed), ties in
    input order: the order in which the workers take them ("longest processing time first"), so
    the last chunks taken are the smallest and the workers finish close together whatever the
    place of the long articles in the input."""
    sizes = [sum(weight(a) for a in part) for part in parts]
    return sorted(range(len(parts)), key=lambda i: (-sizes[i], i))


def in_worker_processes(settings: Settings) -> bool:
    """Whether a local build extracts in worker processes (:func:`extract_in_processes`): with
    ``n_process`` above 1 and the offline gazetteer (an online geocoder keeps the extraction in one
    process, so that one rate limit holds)."""
    return settings.n_process > 1 and geocoder.resolver_for(settings) is None


def extract_in_processes(articles: list[Article], settings: Settings, progress: Progress | None = None,
                         workers: WorkerHost | None = None) -> list[Extracted]:
    """Extract ``articles`` in ``settings.n_process`` worker processes; the partitions' tables in input order.

    Duplicates are dropped and long texts truncated here (:func:`unique_articles`), texts not to be
    extracted (another language) kept as articles rows, then the others are split by :func:`chunks`;
    each chunk is parsed and extracted by one worker (one spaCy process each), heaviest first
    (:func:`heaviest_first`). ``progress(done, total, label)`` is called as chunks finish. Combined
    in input order by :func:`dashboard.pipeline.combine`, the partitions give the tables of the
    whole batch.

    ``workers`` is a :class:`dashboard.workers.WorkerHost` started earlier (by
    :func:`dashboard.pipeline.build`, before reading the inputs, so that spaCy loads meanwhile);
    without one, a host is started here and stopped after, and a batch of one chunk is extracted
    in this process.

    Raises
    ------
    concurrent.futures.process.BrokenProcessPool
        If a worker process dies (killed, out of memory); nothing is returned.
    dashboard.pipeline.MissingResource
        If the worker host cannot load the spaCy model or the gazetteer.
    """
    from dashboard.workers import WorkerHost

    one = dataclasses.replace(settings, n_process=1)
    unique = unique_articles(articles, settings)
    arts = [a for a in unique if getattr(a, "extractable", True)]
    parts = chunks(arts, settings.n_process, settings.batch_size)
    # texts in another language are stored, not extracted: first, as in one process
    stored_only = Rows({"articles": [a.row() for a in unique if not getattr(a, "extractable", True)]}, {}, Counter())
    if not parts:
        return [stored_only.frames()]
    if workers is None and len(parts) < 2:
        return [extract_rows(unique, one, progress).frames()]
    results: list[Extracted | None] = [None] * len(parts)
    host = workers or WorkerHost(settings)
    try:
        done = 0
        for index, rows in host.extract(parts):
            results[index] = rows.frames()  # made while the workers go on
            part = parts[index]
            done += len(part)
            if progress:
                progress(done, len(arts), part[-1].title or part[-1].source_path or part[-1].article_id)
    finally:
        if workers is None:
            host.close()
    return [stored_only.frames()] + results
