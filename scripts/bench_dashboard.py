"""Benchmark the dashboard's server time and memory at 100 k, 1 M and 10 M events (not a test).

    python scripts/bench_dashboard.py [--source DIR] [--sizes 100000 1000000 10000000]
                                      [--workdir /tmp/newsdash-bench] [--no-apptest] [--keep] [--reuse]

The events of a real build are replicated to each size by :mod:`scripts.scale_store` (default
source: the golden press-release build, 200 releases and 1,283 events, with its texts restored from
``../shared/corpora``; ``--source``: any built data folder) and written as hive-partitioned Parquet
(``<table>/month=YYYY-MM/part-N.parquet``), chunk by chunk. For each size, a fresh Python process
measures:

* ``load``: opening the store (``query.load_tables``: the held columns of ``query.MEMORY_PLAN``
  collected, the mention tables left as lazy scans) and the per-article aggregates (the articles'
  lists of places and actors, ``Tables.place_lists`` and ``actor_lists``, read from the store's
  ``article_mentions``), once per server process; ``pairs``: the aggregates' part of it (the app
  reads them in the background, off the first render's path: ``Tables.prefetch_pairs``);
* ``first`` / ``change``: the query-layer work of a rerun — ``apply_filters``, ``map_points``,
  ``counts``, ``stance_table``, ``timeline``, ``events_table`` of the newest 2,000 (their sentences
  read from their months' partitions), and the article reader opening the view's newest article
  with a cold cache (``article_detail``, ``article_spans``: its text, mentions and quotations read
  from its month's partition) — with no filter, then with an actor filter (the busiest actor) and a
  date range;
* ``AppTest first`` / ``AppTest change``: ``app.py`` run by Streamlit's AppTest (the script, the
  figures and the protobuf messages, no browser): the first render (includes loading) and the
  rerun after choosing the actor in the sidebar (the first render after what a Streamlit server does
  once when it starts, reported apart as ``Streamlit start``: finding the installed components), with each tab open in turn (only the open tab
  runs; the other panels cost nothing until opened), measured once the per-article aggregates are
  ready; ``at once``: a change to the second busiest actor made right after the first render (Map
  tab), which waits for the aggregates if the background thread is still computing them (``pending``);
* ``background done`` / ``once done`` (another fresh process): how long after the first render the
  app's background threads (the per-article aggregates, the articles' keys, the events' ids, pandas'
  import) run, then the first actor change made once they are done (a user's first click comes
  after the page is drawn in the browser and read);
* peak memory: the peak resident size (``VmHWM``) of the measuring process.

Prints its command line, then a Markdown table (times are the median of 3 runs for the query layer,
one run for AppTest). The scaled stores are deleted at the end unless ``--keep``; ``--reuse`` measures
the stores a ``--keep`` run left (``WORKDIR/events-N``) again (adding ``mention_counts`` to a store
written before it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: The dashboard's tabs (app.py), the first one open by default.
TABS = ("Map", "Stances", "Events", "Articles")


def _peak_mb() -> float:
    """Peak resident memory of this process, MB: ``VmHWM`` of ``/proc/self/status`` (Linux).

    Not ``ru_maxrss``: Linux carries it over ``fork`` + ``exec``, so a child would report at least the
    resident size of the parent when it forked (the parent holds the scaled tables it just wrote).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _median(fn, repeat: int = 3, cpu: dict | None = None, key: str = "") -> float:
    """Median wall time of ``repeat`` calls of ``fn``; the median CPU time goes to ``cpu[key]``."""
    times, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    if cpu is not None:
        cpu[key] = statistics.median(cpus)
    return statistics.median(times)


def _cpu_share() -> dict:
    """CPU seconds of this process (all its threads) so far, and the load average: on a shared
    machine the wall times above include waiting for a core."""
    return {"cpu_s": time.process_time(), "loadavg": os.getloadavg()[0]}  # not "load": the load step's time


def measure(data_dir: Path) -> dict:
    """Run in a fresh process: time the query layer on ``data_dir``."""
    import polars as pl

    from dashboard import query

    out: dict = {}
    t0, c0 = time.perf_counter(), time.process_time()
    tables = query.load_tables(data_dir)
    t1, c1 = time.perf_counter(), time.process_time()
    tables.place_lists, tables.actor_lists  # read once per server process (by the app in the background)
    out["load"] = time.perf_counter() - t0
    out["load_cpu"] = time.process_time() - c0
    out["pairs"], out["pairs_cpu"] = time.perf_counter() - t1, time.process_time() - c1
    busiest = (
        pl.concat([tables.events["source_actor_id"], tables.events["target_actor_id"]]).drop_nulls()
        .value_counts(sort=True).row(0)[0]
    )
    lo, hi = query.date_bounds(tables)
    mid = lo + (hi - lo) / 2

    def rerun(f: query.Filters) -> None:
        view = query.apply_filters(tables, f)
        points = query.map_points(tables, view)
        query.counts(tables, view, points=points)
        query.stance_table(tables, view.events_plan)  # the panels work on the view's plans, as app.py does
        every = query.timeline_bin(view.events_plan)
        query.timeline(view.events_plan, every)
        query.timeline_goldstein(view.events_plan, every)
        query.events_table(tables, view.events_plan.top_k(2000, by="event_date").collect())
        if view.n_articles:  # the reader opens the newest article (cold: its text is read from the store)
            newest = view.articles_plan.top_k(1, by="published").collect()["article_id"][0]
            tables.clear_article_cache()
            query.article_detail(tables, newest)
            query.article_spans(tables, newest)

    out["first"] = _median(lambda: rerun(query.Filters()), cpu=out, key="first_cpu")
    out["change"] = _median(lambda: rerun(query.Filters(actors=(busiest,), date_from=lo, date_to=mid)), cpu=out,
                            key="change_cpu")
    out["events"] = tables.events.height
    out["articles"] = tables.articles.height
    out["peak_mb"] = _peak_mb()
    out.update(_cpu_share())
    return out


def _start_runtime(at) -> None:
    """What a Streamlit server does once when it starts, before any session: find the installed
    packages' components (``Runtime.__init__`` calls ``discover_and_register_components``; it reads
    the metadata of every installed package, ~1 s of CPU here). AppTest does it in its first ``run``,
    which would count it in the first render; it is done here instead and reported apart. Nothing
    when this Streamlit's AppTest has no such step."""
    if getattr(at, "_bidi_component_manager", False) is not None:
        return
    from streamlit.components.v2.component_manager import BidiComponentManager

    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    at._bidi_component_manager = manager  # what AppTest's first run would have made


def _first_render(data_dir: Path) -> tuple:
    """Streamlit's start and AppTest's first render of ``app.py`` on ``data_dir``: (the AppTest, the
    busiest and second busiest actors of the events, the timings so far)."""
    import polars as pl

    out: dict = {}
    from dashboard import store

    events = store.scan(data_dir, "events")
    busiest, second = (
        pl.concat([events.select(a="source_actor_id"), events.select(a="target_actor_id")]).drop_nulls()
        .group_by("a").len().sort("len", descending=True).head(2).collect()["a"].to_list()
    )
    os.environ["NEWSDASH_DATA_DIR"] = str(data_dir)
    os.environ["NEWSDASH_RAW_DIR"] = str(data_dir / "no-raw")
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    t0, c0 = time.perf_counter(), time.process_time()
    _start_runtime(at)
    out["app_startup"], out["app_startup_cpu"] = time.perf_counter() - t0, time.process_time() - c0
    _timed_run(at, out, "app_first")
    return at, busiest, second, out


def _timed_run(at, out: dict, key: str) -> None:
    """Rerun ``at`` (after a widget change) and put its wall time in ``out[key]``, its CPU time (all
    the process's threads) in ``out[key + "_cpu"]``; raises AssertionError when the run raised."""
    t0, c0 = time.perf_counter(), time.process_time()
    at.run()
    out[key] = time.perf_counter() - t0
    out[f"{key}_cpu"] = time.process_time() - c0
    assert not at.exception, [e.message for e in at.exception]


#: Name prefix of the app's background threads (the articles' lists, their keys, the events' ids).
BACKGROUND_THREADS = "newsdash-"


def measure_app_settled(data_dir: Path) -> dict:
    """Run in a fresh process: AppTest's first render, then how long after it the app's background
    work goes on (threads named :data:`BACKGROUND_THREADS`: the articles' lists of places and actors, their keys,
    the events' ids), then the first filter change (the second busiest actor) made
    once it is done: what a change costs when it comes after that pause."""
    at, _, second, out = _first_render(data_dir)
    t0 = time.perf_counter()
    while any(t.name.startswith(BACKGROUND_THREADS) and t.is_alive() for t in threading.enumerate()):
        time.sleep(0.005)
    out["app_settled_after"] = time.perf_counter() - t0
    at.multiselect(key="flt.actor").set_value([second])
    _timed_run(at, out, "app_change_settled")
    return {k: v for k, v in out.items() if k.startswith(("app_settled", "app_change_settled"))}


def measure_app(data_dir: Path) -> dict:
    """Run in a fresh process: AppTest first render and filter change of ``app.py`` on ``data_dir``."""
    at, busiest, second, out = _first_render(data_dir)
    # a filter change at once, while the per-article aggregates may still be computed in the background
    out["app_pairs_pending"] = any(t.name == "newsdash-lists" and t.is_alive() for t in threading.enumerate())
    out["app_background_pending"] = any(t.name.startswith(BACKGROUND_THREADS) and t.is_alive()
                                        for t in threading.enumerate())
    at.multiselect(key="flt.actor").set_value([second])  # not the actor timed below (its panels are cached)
    _timed_run(at, out, "app_change_at_once")
    at.multiselect(key="flt.actor").set_value([])
    at.run()
    at.multiselect(key="flt.actor").set_value([busiest])
    _timed_run(at, out, "app_change")
    t0 = time.perf_counter()
    at.run()
    out["app_rerun"] = time.perf_counter() - t0
    # the same filter change with each other tab open (only the open tab runs)
    for tab in TABS[1:]:
        at.multiselect(key="flt.actor").set_value([])
        at.session_state["tab"] = tab
        at.query_params["tab"] = tab
        at.run()
        at.multiselect(key="flt.actor").set_value([busiest])
        _timed_run(at, out, f"app_change_{tab}")
    out["app_peak_mb"] = _peak_mb()
    out["app_cpu_s"] = time.process_time()
    return out


def _run_capped(flag: str, data_dir: Path, max_mb: float) -> tuple[subprocess.CompletedProcess, float]:
    """Run this script with ``flag`` on ``data_dir`` in a child process, killed when its resident
    size passes ``max_mb`` (the machine is shared); the result and the child's peak resident MB."""
    import psutil

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, __file__, flag, str(data_dir)], stdout=out, stderr=err,
                                text=True, cwd=ROOT)
        peak = 0.0
        while proc.poll() is None:
            try:
                peak = max(peak, psutil.Process(proc.pid).memory_info().rss / 2**20)
            except psutil.Error:
                pass
            if peak > max_mb:
                proc.kill()
            time.sleep(0.2)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out.read(), err.read()), peak


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", type=Path, default=None, help="built data folder to replicate")
    p.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    p.add_argument("--workdir", type=Path, default=Path("/tmp/newsdash-bench"))
    p.add_argument("--no-apptest", action="store_true", help="time the query layer only")
    p.add_argument("--keep", action="store_true", help="keep the scaled stores in WORKDIR")
    p.add_argument("--reuse", action="store_true",
                   help="measure the stores an earlier --keep run left in WORKDIR (same sizes) instead of writing "
                        "them again, and keep them")
    p.add_argument("--max-mb", type=float, default=7500, help="kill a measuring process above this resident size")
    p.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: child process
    p.add_argument("--measure-app", type=Path, help=argparse.SUPPRESS)  # internal: child process
    p.add_argument("--measure-app-settled", type=Path, help=argparse.SUPPRESS)  # internal: child process
    return p.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    if args.measure_app:
        print(json.dumps(measure_app(args.measure_app)))
        return
    if args.measure_app_settled:
        print(json.dumps(measure_app_settled(args.measure_app_settled)))
        return
    from scripts.scale_store import read_source, scale

    print("command: python " + " ".join(sys.argv))
    source = None if args.reuse and all((args.workdir / f"events-{n}" / "manifest.json").is_file()
                                        for n in args.sizes) else read_source(args.source)
    print(f"source: {args.source or 'golden press releases'}  ({os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())})", file=sys.stderr)
    rows = []
    for n in args.sizes:
        out = args.workdir / f"events-{n}"
        if args.reuse and (out / "manifest.json").is_file():  # written by an earlier run with --keep
            counts = json.loads((out / "manifest.json").read_text())["counts"]
            if not (out / "mention_counts").is_dir():
                from scripts.scale_store import add_mention_counts

                counts["mention_counts"] = add_mention_counts(out)
            print(f"{n:,} events: reusing {out} {counts}", file=sys.stderr)
        else:
            shutil.rmtree(out, ignore_errors=True)
            t0 = time.perf_counter()
            counts = scale(source, n, out)
            print(f"{n:,} events: store written in {time.perf_counter() - t0:.1f} s {counts}", file=sys.stderr)
        row: dict = {"store_mb": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20,
                     "events": counts["events"], "articles": counts["articles"]}
        for flag in ["--measure"] + ([] if args.no_apptest else ["--measure-app", "--measure-app-settled"]):
            res, peak = _run_capped(flag, out, args.max_mb)
            if res.returncode:
                print(res.stderr[-3000:], file=sys.stderr)
                key = {"--measure": "peak_mb", "--measure-app": "app_peak_mb"}.get(flag, "app_settled_peak_mb")
                row.update({key: peak, f"{flag}-failed": f"killed above {args.max_mb:,} MB" if peak > args.max_mb
                            else f"exit {res.returncode}"})
                print(f"measuring {n} events with {flag} failed: {row[f'{flag}-failed']}", file=sys.stderr)
                continue
            row.update(json.loads(res.stdout.strip().splitlines()[-1]))
        rows.append(row)
        print(rows[-1], file=sys.stderr)
        if not (args.keep or args.reuse):
            shutil.rmtree(out, ignore_errors=True)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    report(rows)


def _ms(s: float | None) -> str:
    return f"{s * 1000:,.0f} ms" if s is not None else "—"


def _mb(v: float | None) -> str:
    return f"{v:,.0f} MB" if v is not None else "—"


def _app(r: dict, suffix: str = "") -> str:
    return " / ".join(_ms(r.get("app_change" + ("" if t == TABS[0] else f"_{t}") + suffix)) for t in TABS)


def report(rows: list[dict]) -> None:
    """Print the wall-time and memory table, then the CPU-time table and any failed measurement."""
    print("| events | articles | load (pairs) | first render (query) | filter change (query) "
          "| first render (AppTest) | filter change at once (AppTest, lists pending) "
          "| filter change (AppTest): " + " / ".join(TABS) + " tab open "
          "| peak memory (query / app) | store on disk |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r.get('events', 0):,} | {r.get('articles', 0):,} | {_ms(r.get('load'))} ({_ms(r.get('pairs'))}) "
              f"| {_ms(r.get('first'))} | {_ms(r.get('change'))} | {_ms(r.get('app_first'))} "
              f"| {_ms(r.get('app_change_at_once'))} ({r.get('app_pairs_pending', '—')}) | {_app(r)} "
              f"| {_mb(r.get('peak_mb'))} / {_mb(r.get('app_peak_mb'))} | {_mb(r.get('store_mb'))} |")
    print("\nCPU time of the same steps (the measuring process, all its threads; on a busy machine the wall "
          "times above include waiting for a core):\n")
    print("| events | load (pairs) | first render (query) | filter change (query) | Streamlit start (not in "
          "the first render), wall / CPU | first render (AppTest) "
          "| filter change at once (AppTest) | filter change (AppTest): " + " / ".join(TABS) + " tab open |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r.get('events', 0):,} | {_ms(r.get('load_cpu'))} ({_ms(r.get('pairs_cpu'))}) "
              f"| {_ms(r.get('first_cpu'))} | {_ms(r.get('change_cpu'))} "
              f"| {_ms(r.get('app_startup'))} / {_ms(r.get('app_startup_cpu'))} | {_ms(r.get('app_first_cpu'))} "
              f"| {_ms(r.get('app_change_at_once_cpu'))} | {_app(r, '_cpu')} |")
    print("\nThe first filter change after a pause (another fresh process): how long after the first render "
          "the app's background work (the articles' lists of places and actors, their keys, the events' ids) "
          "went on, and the first change (the second busiest actor, Map tab) made once it was done:\n")
    print("| events | background done after the first render (wall) | first filter change once done, wall / CPU |")
    print("|---:|---:|---:|")
    for r in rows:
        print(f"| {r.get('events', 0):,} | {_ms(r.get('app_settled_after'))} "
              f"| {_ms(r.get('app_change_settled'))} / {_ms(r.get('app_change_settled_cpu'))} |")
    for r in rows:
        for k, v in r.items():
            if k.endswith("-failed"):
                print(f"{k.removesuffix('-failed').lstrip('-')} at {r.get('events', 0):,} events: {v}")


if __name__ == "__main__":
    main()
