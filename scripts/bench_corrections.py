"""Benchmark: what 1,000 corrections add to a filter change of the dashboard (not a test).

    python scripts/bench_corrections.py --data pr-build [--n 1000] [--repeat 7]
    python scripts/bench_corrections.py --build ../shared/corpora/ru-ua-press-releases/*.csv
    python scripts/bench_corrections.py --data tests/golden/press-releases --events 12000

``--data`` is a built data folder (e.g. the press-release build, ``python -m dashboard build
../shared/corpora/ru-ua-press-releases/*.csv --out pr-build -q``); ``--build`` builds the given inputs into
a temporary folder first. The folder is copied to a temporary folder (the original is never
written), ``--n`` corrections are generated from its own tables (seeded: actor merges and field
changes, place mentions moved to another place for one mention, the article or the corpus, events
rejected and changed, articles hidden) and appended to the copy's ``corrections.jsonl``. With
``--events N`` the data is first replicated to N events (``scale_store`` of ``scripts/bench_dashboard.py``:
articles and their rows copied with new ids), e.g. the golden press-release subset (200 articles) to
the size of the whole press-release build.

Measured in this process, each the median of ``--repeat`` runs:

* ``filter change``: the query-layer work of a rerun after a filter change (``apply_filters``,
  ``map_points``, ``counts``, ``stance_table``, timeline, the events table head — the steps of
  ``scripts/bench_dashboard.py`` without the article reader) with the busiest actor and the first
  half of the date range, on the uncorrected and on the corrected tables;
* ``cache key``: :func:`dashboard.corrections.stamp`, which every rerun of the app computes to find the
  corrected tables in its cache (``app.corrected_tables``);
* ``apply``: reading the file and applying every correction (:func:`dashboard.query.corrected.apply_corrections`):
  paid once after a correction, an import or a rebuild, never on a filter change.

The added time of a filter change is (corrected filter change + cache key) - uncorrected filter change.
With ``--apptest`` the same is measured end to end: ``app.py`` in Streamlit's AppTest (Map tab open),
a rerun after choosing (or clearing) the busiest actor in the sidebar, on a copy without and a copy
with the corrections; this includes the app's cache look-up of the corrected tables.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from dashboard import corrections as corr  # noqa: E402
from dashboard import query  # noqa: E402
from dashboard.corrections import Correction  # noqa: E402
from dashboard.query.corrected import apply_corrections  # noqa: E402
from dashboard.query.tables import Tables, load_tables  # noqa: E402

#: Share of each kind among the generated corrections.
MIX = {"merge_actors": 0.15, "set_actor": 0.15, "move_place": 0.30, "reject_event": 0.20, "change_event": 0.15,
       "hide_article": 0.05}


def make_corrections(t: Tables, n: int, seed: int = 15) -> list[Correction]:
    """``n`` corrections of the tables' own actors, mentions, events and articles (seeded)."""
    rng = random.Random(seed)
    actors = t.actors.select("actor_id", "name", "kind").rows()
    mentions = t.place_mentions.select(pl.col("article_id").cast(pl.String), "start", "end",
                                       pl.col("text").cast(pl.String)).drop_nulls("start")
    mentions = (mentions.collect() if isinstance(mentions, pl.LazyFrame) else mentions).rows()  # a lazy table
    places = t.places.drop_nulls("latitude").select("place_id", "name", "latitude", "longitude").rows()
    events = t.events["event_id"].cast(pl.String).to_list()
    articles = t.articles["article_id"].cast(pl.String).to_list()
    out = []
    for i in range(n):
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        who = f"bench-{i % 3}"
        if kind == "merge_actors":
            (a, name, _), (b, *_), = rng.sample(actors, 2)
            out.append(Correction(kind, {"actor_id": a, "name": name}, {"into": b}, who=who))
        elif kind == "set_actor":
            a = rng.choice(actors)
            out.append(Correction(kind, {"actor_id": a[0], "name": a[1]},
                                  {"field": rng.choice(["name", "role", "country"]), "new": "USA"}, who=who))
        elif kind == "move_place":
            (art, start, end, text), (pid, pname, lat, lon) = rng.choice(mentions), rng.choice(places)
            scope = rng.choices(["mention", "article", "corpus"], weights=[0.8, 0.15, 0.05])[0]
            out.append(Correction(kind, {"article_id": art, "start": start, "end": end, "text": text},
                                  {"scope": scope, "place_id": pid, "place_name": pname, "latitude": lat,
                                   "longitude": lon}, who=who))
        elif kind == "reject_event":
            out.append(Correction(kind, {"event_id": rng.choice(events)}, {}, who=who))
        elif kind == "change_event":
            field, new = rng.choice([("cameo_code", "036"), ("modality", "hypothetical"), ("cameo_code", "190")])
            out.append(Correction(kind, {"event_id": rng.choice(events)}, {"field": field, "new": new}, who=who))
        else:
            out.append(Correction(kind, {"article_id": rng.choice(articles)}, {}, who=who))
    return out


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def filter_change(tables: Tables) -> None:
    """The query-layer work of a rerun with the busiest actor and the first half of the dates."""
    busiest = (pl.concat([tables.events["source_actor_id"], tables.events["target_actor_id"]]).drop_nulls()
               .value_counts(sort=True).row(0)[0])
    lo, hi = query.date_bounds(tables)
    view = query.apply_filters(tables, query.Filters(actors=(busiest,), date_from=lo, date_to=lo + (hi - lo) / 2))
    points = query.map_points(tables, view)
    query.counts(tables, view, points=points)
    query.stance_table(tables, view.events)
    query.timeline(view.events, query.timeline_bin(view.events))
    query.timeline_goldstein(view.events, query.timeline_bin(view.events))
    query.events_table(tables, view.events.head(2000))


def app_change_pair(plain_dir: Path, corrected_dir: Path, actor: str, repeat: int) -> dict[str, float]:
    """Median server time, wall and CPU (the whole process, every thread), of an AppTest rerun after
    an actor filter change, on a folder without and one with corrections, the two alternating run by
    run so that a change in the machine's load falls on both."""
    from streamlit.testing.v1 import AppTest

    def env(folder: Path) -> None:
        os.environ.update(NEWSDASH_DATA_DIR=str(folder), NEWSDASH_RAW_DIR=str(folder.parent / "no-raw"),
                          NEWSDASH_READ_ONLY="false")

    apps = {}
    for name, folder in (("plain", plain_dir), ("corrected", corrected_dir)):
        env(folder)
        apps[name] = (folder, AppTest.from_file(str(ROOT / "app.py"), default_timeout=600))
        apps[name][1].run()
    wall: dict[str, list[float]] = {n: [] for n in apps}
    cpu: dict[str, list[float]] = {n: [] for n in apps}
    for i in range(repeat):
        for name, (folder, at) in apps.items():
            env(folder)
            at.multiselect(key="flt.actor").set_value([actor] if i % 2 == 0 else [])
            t0, c0 = time.perf_counter(), time.process_time()
            at.run()
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
            assert not at.exception, [e.message for e in at.exception]
    return {f"app_{n}_{kind}_ms": statistics.median(v) * 1000 for kind, d in (("wall", wall), ("cpu", cpu))
            for n, v in d.items()}


def run(data: Path, n: int, repeat: int, apptest: bool = False) -> dict:
    """Copy ``data``, add ``n`` corrections and time the filter change with and without them."""
    work = Path(tempfile.mkdtemp(prefix="bench-corrections-")) / "processed"
    shutil.copytree(data, work)
    try:
        raw = load_tables(work)
        corr.append(work, make_corrections(raw, n))
        fixed, applied, _ = apply_corrections(raw)
        out = {"n": n, "applied": len(applied.applied), "orphans": len(applied.orphans),
               "events": raw.events.height, "events_corrected": fixed.events.height,
               "articles": raw.articles.height, "actors": raw.actors.height}
        for tables in (raw, fixed):  # warm up (cached per-table aggregates, as the app's cached tables have)
            filter_change(tables)
        out["plain_ms"] = _median_ms(lambda: filter_change(raw), repeat)
        out["corrected_ms"] = _median_ms(lambda: filter_change(fixed), repeat)
        out["stamp_ms"] = _median_ms(lambda: corr.stamp(work), repeat)
        out["apply_ms"] = _median_ms(lambda: apply_corrections(raw), repeat)
        out["added_ms"] = out["corrected_ms"] + out["stamp_ms"] - out["plain_ms"]
        if apptest:
            plain = work.parent / "plain" / "processed"
            shutil.copytree(data, plain)
            busiest = (pl.concat([fixed.events["source_actor_id"], fixed.events["target_actor_id"]]).drop_nulls()
                       .value_counts(sort=True).row(0)[0])
            out.update(app_change_pair(plain, work, busiest, repeat))
        return out
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, help="a built data folder (not modified)")
    p.add_argument("--build", nargs="+", type=Path, help="inputs to build into a temporary folder first")
    p.add_argument("--apptest", action="store_true", help="also time app.py reruns in Streamlit's AppTest")
    p.add_argument("--events", type=int, help="replicate the data to this many events first")
    p.add_argument("--n", type=int, default=1000, help="corrections to generate (default 1000)")
    p.add_argument("--repeat", type=int, default=7, help="runs per timing (median; default 7)")
    a = p.parse_args(argv)
    data, tmp = a.data, None
    if a.build:
        from dashboard import pipeline

        tmp = Path(tempfile.mkdtemp(prefix="bench-corrections-build-"))
        data = tmp / "processed"
        pipeline.build(a.build, data)
    if data is None:
        p.error("give --data DIR or --build FILES")
    if a.events:
        from scripts.bench_dashboard import scale_store

        tmp = tmp or Path(tempfile.mkdtemp(prefix="bench-corrections-build-"))
        scale_store(data, a.events, tmp / "scaled")
        data = tmp / "scaled"
    try:
        r = run(data, a.n, a.repeat, a.apptest)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"command: python {' '.join(sys.argv)}")
    print(f"machine: {platform.node()} · {platform.processor() or platform.machine()} · "
          f"date {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"data: {a.data or 'built'}{f' replicated to {a.events:,} events' if a.events else ''} ({r['articles']:,} articles, {r['events']:,} events, {r['actors']:,} actors); "
          f"{r['n']:,} corrections: {r['applied']:,} applied, {r['orphans']:,} orphaned; "
          f"events after corrections: {r['events_corrected']:,}\n")
    print("| corrections | filter change, uncorrected | filter change, corrected | cache key (stamp) | "
          "added to a filter change | apply all (once per correction or rebuild) |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(f"| {r['n']:,} | {r['plain_ms']:.1f} ms | {r['corrected_ms']:.1f} ms | {r['stamp_ms']:.3f} ms | "
          f"**{r['added_ms']:+.1f} ms** | {r['apply_ms']:.0f} ms |")
    if "app_plain_wall_ms" in r:
        print("\nAppTest (app.py, Map tab, actor filter changed; runs alternating, medians):\n")
        print("| app rerun | without corrections | with corrections | added |")
        print("|---|---:|---:|---:|")
        for kind in ("wall", "cpu"):
            plain, fixed = r[f"app_plain_{kind}_ms"], r[f"app_corrected_{kind}_ms"]
            print(f"| {kind} time | {plain:.0f} ms | {fixed:.0f} ms | **{fixed - plain:+.0f} ms** |")
    print(f"\ngoal < 100 ms added: {'met' if r['added_ms'] < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
