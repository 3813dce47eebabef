"""The worker processes of a build, started before the inputs are read.

A build in ``n`` processes (:func:`dashboard.batch.extract_in_processes`) needs spaCy imported and
the pipeline and the gazetteer loaded (about 2.7 s of CPU) before any article is parsed, and its
own process reads the inputs (about 1 s for 300 press releases) before it knows what to extract.
:class:`WorkerHost` does the two at once: it forks one process (the *host*) as soon as a build
knows it will extract in worker processes, and that process imports spaCy and loads the model and
the gazetteer while the build's process reads the inputs and compares them with the store. The
build's process never imports spaCy. When the chunks of articles arrive, the host forks ``n``
workers (:class:`concurrent.futures.ProcessPoolExecutor`), which share its loaded model, runs the
chunks on them heaviest first and sends each chunk's :class:`~dashboard.batch.Rows` back as it
finishes. Neither the host nor its workers touch Polars (a forked process must not use the
parent's Polars thread pool): the tables are made in the build's process.

On Linux the host and its workers are killed when their parent dies (``PR_SET_PDEATHSIG``), so a
killed build leaves no process behind.
"""

from __future__ import annotations

import ctypes
import dataclasses
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Iterator

from dashboard import batch
from dashboard.batch import Rows, heaviest_first
from dashboard.records import Article
from dashboard.settings import Settings

PR_SET_PDEATHSIG = 1


def start_method() -> multiprocessing.context.BaseContext:
    """Fork where the platform has it (the workers inherit the loaded model), else the default."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def die_with_parent(parent: int | None = None) -> None:
    """Have this process killed (SIGKILL) when its parent process dies; Linux only, else nothing.

    ``parent`` is the parent's pid at fork time: if it has already died (this process was
    re-parented before the call), this process exits at once.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _extract_chunk(articles: list[Article], settings: Settings) -> Rows:
    return batch.extract_rows(articles, settings)


def _run_chunks(parts: list[list[Article]], settings: Settings) -> Iterator[tuple[int, Rows]]:
    """``(index, rows)`` of each chunk of ``parts`` as it finishes, in ``settings.n_process`` forked
    workers (taken heaviest first, :func:`dashboard.batch.heaviest_first`)."""
    workers = max(1, min(settings.n_process, len(parts)))
    one = dataclasses.replace(settings, n_process=1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=start_method(),
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = {pool.submit(_extract_chunk, parts[i], one): i for i in heaviest_first(parts)}
        for fut in as_completed(futures):
            yield futures[fut], fut.result()


def _send_error(conn, exc: BaseException) -> None:
    try:
        conn.send(("error", exc))
    except Exception:  # an exception that does not pickle: its text
        conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _host(conn, settings: Settings, parent: int) -> None:
    """The host process: load, then run the one batch of chunks it is sent (or stop) and exit."""
    die_with_parent(parent)
    # the host is started as a daemon (ended with its parent) but must fork the workers itself
    multiprocessing.current_process().daemon = False
    from dashboard.pipeline import resources

    try:
        resources(settings)  # imports spaCy; the model and gazetteer, inherited by the workers
        failed = None
    except BaseException as exc:  # reported when the chunks arrive
        failed = exc
    try:
        message = conn.recv()
    except EOFError:  # the build's process is gone
        return
    if message[0] == "stop":
        return
    if failed is not None:
        _send_error(conn, failed)
        return
    try:
        for index, rows in _run_chunks(message[1], settings):
            conn.send(("rows", index, rows))
        conn.send(("done",))
    except Exception as exc:
        _send_error(conn, exc)


class WorkerHost:
    """The host of a build's worker processes (see the module's docstring); a context manager.

    One host extracts one batch (:meth:`extract` once), then exits.

    Parameters
    ----------
    settings : Settings
        ``n_process`` workers are forked per call of :meth:`extract`; ``spacy_model`` and
        ``cache_dir`` say what the host loads as soon as it starts.
    """

    def __init__(self, settings: Settings):
        ctx = start_method()
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_host, args=(child, settings, os.getpid()),
                                    name="newsdash-worker-host", daemon=True)
        self._process.start()
        child.close()

    def extract(self, parts: list[list[Article]]) -> Iterator[tuple[int, Rows]]:
        """Extract each chunk of ``parts`` in the workers; ``(index in parts, rows)`` as chunks finish.

        Call once: the host exits after the last chunk.

        Raises
        ------
        concurrent.futures.process.BrokenProcessPool
            If a worker or the host dies (killed, out of memory).
        dashboard.pipeline.MissingResource
            If the host could not load the spaCy model or the gazetteer; any other exception a
            chunk's extraction raised (failures of one article are rows of ``ingest_report``).
        """
        self._conn.send(("extract", parts))
        for _ in range(len(parts) + 1):
            try:
                message = self._conn.recv()
            except (EOFError, OSError) as exc:
                raise BrokenProcessPool(f"the build's worker host died (exit code {self._exitcode()})") from exc
            if message[0] == "error":
                raise message[1]
            if message[0] == "done":
                return
            yield message[1], message[2]

    def _exitcode(self) -> int | None:
        self._process.join(timeout=1)
        return self._process.exitcode

    def close(self) -> None:
        """Stop the host (and its workers) at once, whatever it is doing; wait for it to exit."""
        if self._process.is_alive():
            try:
                self._conn.send(("stop",))
            except OSError:
                pass
            self._process.join(timeout=0.5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._conn.close()

    def __enter__(self) -> "WorkerHost":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
