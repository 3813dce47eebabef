"""The Dask engine of the build: the same batch function over partitions of the inputs on a cluster.

Reading the inputs, the incremental merge with the store and the atomic write stay in the calling
process (:func:`dashboard.pipeline.build`); only the extraction runs on the workers:

* each worker loads the spaCy pipeline and the gazetteer once, when it joins (:class:`LoadResources`,
  a Dask worker plugin), and keeps them for all its tasks;
* the new articles are split into contiguous partitions, scattered to the workers, and each task runs
  :func:`dashboard.pipeline.extract` on one partition (Dask retries a task that raised; the tasks
  of a lost worker are rerun elsewhere);
* the partitions come back in input order and :func:`dashboard.pipeline.combine` aggregates the actor
  sightings of all of them, so the tables are those of :func:`dashboard.pipeline.run` on the whole batch.

With no scheduler address a :class:`distributed.LocalCluster` of single-threaded worker processes is
started for the build and closed after it.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import polars as pl
from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import UploadDirectory, WorkerPlugin

from dashboard import pipeline
from dashboard.records import Article
from dashboard.settings import Settings

log = logging.getLogger(__name__)

#: Task retries after an exception (a lost worker's tasks are rescheduled by Dask itself, up to
#: ``distributed.scheduler.allowed-failures`` times).
RETRIES = 2


class LoadResources(WorkerPlugin):
    """Worker plugin: load the spaCy pipeline and the gazetteer once per worker process.

    Parameters
    ----------
    settings : Settings
        The build's settings (model name, cache folder of the gazetteer index).
    own_cache : bool
        Use the worker's own gazetteer cache folder (see :func:`worker_settings`).
    """

    name = "newsdash-resources"

    def __init__(self, settings: Settings, own_cache: bool = False):
        self.settings = settings
        self.own_cache = own_cache

    def setup(self, worker) -> None:
        """Load the resources into the worker's process-wide cache (:func:`dashboard.pipeline.resources`)."""
        pipeline.resources(worker_settings(self.settings, self.own_cache))


def worker_settings(settings: Settings, own_cache: bool) -> Settings:
    """The build's settings as a worker uses them: one spaCy process, and with ``own_cache`` the
    gazetteer cache folder of the worker's own environment (``NEWSDASH_CACHE_DIR`` there, else
    ``.cache`` beside its copy of the code) rather than the client's path."""
    settings = dataclasses.replace(settings, n_process=1)  # parallelism comes from the workers
    return dataclasses.replace(settings, cache_dir=Settings.from_env().cache_dir) if own_cache else settings


def _extract_partition(articles: list[Article], settings: Settings, own_cache: bool) -> pipeline.Extracted:
    return pipeline.extract(articles, worker_settings(settings, own_cache))


def split(articles: list[Article], n: int) -> list[list[Article]]:
    """``articles`` in ``n`` contiguous partitions of nearly equal size (none empty), in order.

    Parameters
    ----------
    articles : list of Article
        The articles to split.
    n : int
        Wanted number of partitions (at most ``len(articles)`` are made).

    Returns
    -------
    list of list of Article
        The partitions; concatenated they give ``articles``.
    """
    n = max(1, min(n, len(articles)))
    size, extra = divmod(len(articles), n)
    parts, start = [], 0
    for i in range(n):
        end = start + size + (i < extra)
        parts.append(articles[start:end])
        start = end
    return parts


class DaskEngine:
    """Build engine running :func:`dashboard.pipeline.extract` on a Dask cluster.

    Use as the ``engine`` of :func:`dashboard.pipeline.build`; called like :func:`dashboard.pipeline.run`.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``). None starts a LocalCluster.
    workers : int
        Worker processes of the LocalCluster (one thread each); ignored with ``scheduler``.
    partitions : int, optional
        Number of partitions of the articles; default four per worker thread.
    upload_code : bool, optional
        Upload the ``dashboard`` package to the workers (:class:`distributed.diagnostics.plugin.UploadDirectory`).
        Default: only with ``scheduler`` (local workers import it from this folder).
    on_start : callable, optional
        Called with the client once connected (e.g. to print the Dask dashboard link).
    """

    def __init__(self, scheduler: str | None = None, workers: int = 2, partitions: int | None = None,
                 upload_code: bool | None = None, on_start=None):
        self.scheduler = scheduler
        self.workers = workers
        self.partitions = partitions
        self.upload_code = bool(scheduler) if upload_code is None else upload_code
        self.on_start = on_start

    def _client(self) -> tuple[Client, LocalCluster | None]:
        if self.scheduler:
            return Client(self.scheduler), None
        cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", host="127.0.0.1")
        return Client(cluster), cluster

    def __call__(self, articles: list[Article], settings: Settings,
                 progress: pipeline.Progress | None = None) -> dict[str, pl.DataFrame]:
        """Extract ``articles`` on the cluster; the same tables as :func:`dashboard.pipeline.run`.

        Raises
        ------
        distributed.client.FutureCancelledError, Exception
            When a partition still fails after its retries (the store is then left untouched).
        """
        own_cache = bool(self.scheduler)
        client, cluster = self._client()
        try:
            if self.on_start:
                self.on_start(client)
            if self.upload_code:
                client.register_plugin(UploadDirectory(str(Path(pipeline.__file__).parent), update_path=True,
                                                    mode="all"))  # the scheduler unpickles the tasks too
            client.register_plugin(LoadResources(settings, own_cache))
            threads = sum(client.nthreads().values()) or 1
            parts = split(articles, self.partitions or 4 * threads)
            data = client.scatter(parts)
            futures = client.map(_extract_partition, data, settings=settings, own_cache=own_cache,
                                 retries=RETRIES, pure=False)
            sizes = {f.key: len(p) for f, p in zip(futures, parts)}
            done = 0
            for fut in as_completed(futures):
                done += sizes[fut.key]
                if progress:
                    progress(done, len(articles), f"partition {fut.key}")
            results = client.gather(futures)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        return pipeline.combine(results)
