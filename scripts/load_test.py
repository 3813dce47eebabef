"""Load test: N concurrent sessions against ``streamlit run app.py`` on loopback.

    python scripts/load_test.py DATA_DIR [--sessions 20] [--seconds 60] [--single-seconds 180] [--repeat 3] [--think 3]
                                [--warmup 30] [--pause 0] [--browser] [--json OUT.json]

Each session opens the app (half of them from a shared link with random filters), then for
``--seconds`` switches tabs, changes the actor and QuadClass filters, selects places on the map and
now and then opens another shared link (a new session), pausing ``--think`` seconds on average
(uniform 0.5-1.5 times) between interactions, as a person does. Every interaction is timed from
the message sent until the script run it caused has finished.

By default the sessions speak Streamlit's websocket protocol (:mod:`ws_session`, which keeps
Streamlit's message cache as the browser does: an unchanged large element is sent as a reference):
the figures are the server's. ``--browser`` drives Chromium pages instead (tabs and links only); on a small machine
the 20 pages' own rendering then dominates what is measured.

First an unmeasured single session warms the server for ``--warmup`` seconds (the process's first
passes import pandas, fill the caches and settle the heap: a cold baseline would flatter the ratio).
Then the run is done once with a single session (for ``--single-seconds``, by default three times as
long, so that its p95 rests on some 60 interactions), ``--repeat`` times with ``--sessions``, and once
more with a single session after them (the same length); each concurrent run's p95 is compared with
the smaller of the two single-session p95s (the stricter ratio). For each run it
prints per-interaction latency percentiles (p50, p95, p99, per kind and all together), errors
(exceptions shown by the app, time-outs, dropped connections), the server's resident memory (after
the run and its peak during it), the server's CPU seconds during the run (per interaction too), this
client's own CPU seconds, the machine's busy and stolen CPU shares (``/proc/stat``: on a virtual
machine the hypervisor's steal slows every run) and the load average. ``--pause`` waits between runs, e.g. 130 s so that the sessions of a run have
expired (``server.disconnectedSessionTTL`` = 120 s) before memory is read after the next. Bounded: at most 50 sessions and 300 s per
run; the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import polars as pl  # noqa: E402
import streamlit_server as srv  # noqa: E402

TABS = ("Map", "Stances", "Events", "Articles")
KINDS = ("open", "tab", "actor", "quad", "place", "link")
IDLE_JS = """() => !!document.querySelector('[data-testid="stMetric"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')"""


def _server_rss_mb(port: int) -> float | None:
    """Resident memory (MB) of the streamlit process serving ``port`` (found in /proc)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
            if b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd:
                for line in (proc / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            continue
    return None


def _targets(data_dir: Path, n: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """``n`` shared links with random actor / QuadClass / place / tab filters, and the 30 places
    with most events (what sessions select on the map)."""
    from dashboard import store

    events = store.scan(data_dir, "events").select("source_actor_id", "place_id").collect()  # either layout
    actors = events["source_actor_id"].drop_nulls().value_counts(sort=True).head(30)["source_actor_id"].to_list()
    places = events["place_id"].drop_nulls().value_counts(sort=True).head(30)["place_id"].to_list()
    links = []
    for _ in range(n):
        params = {"tab": rng.choice(TABS)}
        if actors and rng.random() < 0.6:
            params["actor"] = rng.choice(actors)
        if rng.random() < 0.4:
            params["quad"] = str(rng.randint(1, 4))
        if places and rng.random() < 0.4:
            params["place"] = rng.choice(places)
        links.append("?" + urlencode(params))
    return links, places


def _new_stats() -> dict:
    return {**{k: [] for k in KINDS}, "errors": []}


async def _interact(s, kind: str, places: list[str], rng: random.Random):
    """One interaction of ``kind`` on the websocket session ``s``; returns ``(kind, run)`` (a place
    selection without a map, when the view has no place with coordinates, is a tab switch)."""
    if kind == "tab":
        return kind, await s.rerun(tab=("string_value", rng.choice(TABS)))
    if kind in ("actor", "quad"):
        key = "flt.actor" if kind == "actor" else "flt.quad"
        options = s.options.get(s.widget_id(key) or "", [])
        picked = rng.sample(options[:20], k=min(len(options[:20]), rng.choice((0, 1, 1, 2))))
        return kind, await s.rerun(**{key: ("string_array_value", picked)})
    from ws_session import place_selection

    def chart() -> str | None:
        return next((w.rsplit("-", 1)[-1] for w in s.widgets if re.search(r"-map\.\d+$", w)), None)

    if chart() is None:  # the map is not open: open it (the click a person makes first)
        run = await s.rerun(tab=("string_value", "Map"))
        if chart() is None:  # nothing to place on the map in this view
            return "tab", run
    return kind, await s.rerun(**{chart(): ("string_value", place_selection(rng.choice(places)))})


async def _ws_session(url: str, links: list[str], places: list[str], seconds: float, think: float,
                      seed: int, stats: dict) -> None:
    from ws_session import WsSession

    rng = random.Random(seed)
    end = time.monotonic() + seconds
    query = rng.choice(links) if rng.random() < 0.5 else ""
    first = True
    while time.monotonic() < end:
        try:
            async with WsSession(url, query) as s:
                run = await s.rerun()
                stats["open" if first else "link"].append(run.seconds)
                first = False
                stats["errors"].extend(run.exceptions)
                while time.monotonic() < end:
                    await asyncio.sleep(think * rng.uniform(0.5, 1.5))
                    kind = rng.choices(("tab", "actor", "quad", "place", "link"), weights=(3, 2, 1, 3, 1))[0]
                    if kind == "link":
                        query = rng.choice(links)
                        break
                    kind, run = await _interact(s, kind, places, rng)
                    stats[kind].append(run.seconds)
                    stats["errors"].extend(run.exceptions)
        except Exception as exc:  # a time-out or a dropped connection: counted, the session goes on
            stats["errors"].append(f"{type(exc).__name__}: {str(exc)[:120]}")
            await asyncio.sleep(1)


async def _browser_session(browser, url: str, links: list[str], seconds: float, think: float, seed: int,
                           stats: dict) -> None:
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    try:
        t0 = time.perf_counter()
        await page.goto(url, timeout=120_000)
        await page.wait_for_function(IDLE_JS, timeout=120_000)
        stats["open"].append(time.perf_counter() - t0)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            kind = "tab" if rng.random() < 0.5 else "link"
            t0 = time.perf_counter()
            try:
                if kind == "tab":
                    await page.get_by_role("tab", name=rng.choice(TABS)).click(timeout=30_000)
                    await page.wait_for_timeout(50)  # let the rerun start
                else:
                    await page.goto(url + rng.choice(links), timeout=60_000)
                await page.wait_for_function(IDLE_JS, timeout=60_000)
                stats[kind].append(time.perf_counter() - t0)
                if await page.query_selector('[data-testid="stException"]'):
                    stats["errors"].append(f"{kind}: exception shown")
            except Exception as exc:
                stats["errors"].append(f"{kind}: {type(exc).__name__}")
    finally:
        await context.close()


async def _sample_rss(port: int, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        rss = _server_rss_mb(port)
        if rss:
            peak.append(rss)
        try:
            await asyncio.wait_for(stop.wait(), 0.5)
        except asyncio.TimeoutError:
            pass


def _machine_ticks() -> tuple[int, int, int]:
    """(busy, steal, total) CPU ticks of the whole machine since boot (``/proc/stat``); zeros where it
    is missing."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    steal = fields[7] if len(fields) > 7 else 0
    total = sum(fields[:8])
    return total - idle - steal, steal, total


def _shares(t0: tuple[int, int, int], t1: tuple[int, int, int]) -> tuple[float | None, float | None]:
    """Busy and stolen (by the hypervisor) shares of the machine's CPU between two :func:`_machine_ticks`."""
    total = t1[2] - t0[2]
    return (round((t1[0] - t0[0]) / total, 3), round((t1[1] - t0[1]) / total, 3)) if total > 0 else (None, None)


async def _run(url: str, port: int, links: list[str], places: list[str], sessions: int, args, seed: int,
               seconds: float) -> dict:
    from rerun_cost import cpu_seconds, server_pid

    stats, peak, stop = _new_stats(), [], asyncio.Event()
    load0 = os.getloadavg()
    ticks0, client0 = _machine_ticks(), time.process_time()
    pid = server_pid(port)
    cpu0 = cpu_seconds(pid) if pid else None
    sampler = asyncio.create_task(_sample_rss(port, peak, stop))
    if args.browser:
        from playwright.async_api import async_playwright

        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=srv.chromium_path(), args=srv.CHROMIUM_ARGS,
                                              headless=True)
            try:
                await asyncio.gather(*[_browser_session(browser, url, links, seconds, args.think, seed + i, stats)
                                       for i in range(sessions)])
            finally:
                await browser.close()
    else:
        await asyncio.gather(*[_ws_session(url, links, places, seconds, args.think, seed + i, stats)
                               for i in range(sessions)])
    stop.set()
    await sampler
    busy, steal = _shares(ticks0, _machine_ticks())
    stats.update(sessions=sessions, rss_mb=_server_rss_mb(port), peak_rss_mb=max(peak, default=None),
                 load_before=load0, load_after=os.getloadavg(),
                 cpu_s=None if cpu0 is None else round(cpu_seconds(pid) - cpu0, 2),
                 client_cpu_s=round(time.process_time() - client0, 2), machine_busy=busy, machine_steal=steal)
    return stats


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def summary(stats: dict) -> dict:
    """Counts and p50/p95/p99 (seconds) per kind and for every interaction but the first open."""
    out = {"sessions": stats["sessions"], "errors": len(stats["errors"]), "rss_mb": stats["rss_mb"],
           "peak_rss_mb": stats["peak_rss_mb"], "load_before": stats["load_before"], "load_after": stats["load_after"],
           "cpu_s": stats.get("cpu_s"), "client_cpu_s": stats.get("client_cpu_s"),
           "machine_busy": stats.get("machine_busy"), "machine_steal": stats.get("machine_steal")}
    every = [v for k in KINDS if k != "open" for v in stats[k]]
    runs = sum(len(stats[k]) for k in KINDS)
    out["cpu_per_run_s"] = round(out["cpu_s"] / runs, 3) if out["cpu_s"] is not None and runs else None
    for kind, values in [*((k, stats[k]) for k in KINDS), ("all", every)]:
        out[kind] = {"n": len(values), **{f"p{q}": round(_pct(values, q / 100), 3) for q in (50, 95, 99)}}
    return out


def _line(label: str, s: dict) -> str:
    lines = [f"{label}: {s['all']['n']} interactions, {s['errors']} errors, server RSS {s['rss_mb'] or 0:.0f} MB "
             f"(peak {s['peak_rss_mb'] or 0:.0f} MB), load average {s['load_before'][0]:.1f} -> {s['load_after'][0]:.1f}, "
             f"server CPU {s['cpu_s']} s ({s['cpu_per_run_s']} s per script run, opens included), "
             f"this client's CPU {s.get('client_cpu_s')} s, machine CPU busy {s.get('machine_busy')} "
             f"and stolen by the hypervisor {s.get('machine_steal')} (shares of all cores)"]
    for kind in (*KINDS, "all"):
        v = s[kind]
        if v["n"]:
            lines.append(f"  {kind:6s} n={v['n']:4d}  p50 {v['p50']:.2f} s  p95 {v['p95']:.2f} s  p99 {v['p99']:.2f} s")
    return "\n".join(lines)


def verdict(results: list[dict]) -> str:
    """One line per concurrent run: its p95 over the stricter (smaller) single-session p95.

    Parameters
    ----------
    results
        :func:`summary` dicts, each with a ``label`` and ``sessions``; the single-session ones
        (``sessions == 1``) are the baselines.

    Returns
    -------
    str
        ``"p95 ratio to one session (X s, the smaller of A s and B s): run 1 R×, …"``.
    """
    baselines = [r["all"]["p95"] for r in results if r["sessions"] == 1 and r["all"]["n"]]
    if not baselines:
        return "p95 ratio: no single-session baseline"
    base = min(baselines)
    runs = ", ".join(f"{r['label']} {r['all']['p95'] / base:.2f}×" for r in results if r["sessions"] > 1)
    return (f"p95 ratio to one session ({base:.2f} s, the smaller of "
            f"{' and '.join(f'{b:.2f} s' for b in baselines)}): {runs}")


def main() -> None:
    """Run the single-session baseline, then the concurrent runs, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--single-seconds", type=float, default=None, dest="single_seconds",
                        help="length of the single-session baseline (default: 3 x --seconds, at most 300): "
                             "long enough that its p95 is not the second-largest of 20 values")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--think", type=float, default=3.0, help="mean pause between interactions (s)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--pause", type=float, default=0.0, help="seconds to wait between runs")
    parser.add_argument("--warmup", type=float, default=30.0,
                        help="seconds of an unmeasured single session before the baseline (0: none)")
    parser.add_argument("--browser", action="store_true", help="Chromium pages instead of websocket sessions")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    sessions = max(1, min(args.sessions, 50))
    args.seconds = max(5.0, min(args.seconds, 300.0))
    single = max(5.0, min(args.single_seconds if args.single_seconds is not None else 3 * args.seconds, 300.0))
    if args.browser and srv.chromium_path() is None:
        sys.exit("Chromium not found (apt-get install chromium)")
    links, places = _targets(args.data_dir, 200, random.Random(args.seed))
    port = srv.free_port()
    # (label, sessions, seconds, seed): the warm-up is not measured; the baseline runs before and after
    plan = [("1 session", 1, single, args.seed),
            *((f"{sessions} sessions, run {i}", sessions, args.seconds, args.seed + 1000 * i)
              for i in range(1, args.repeat + 1)),
            ("1 session, after", 1, single, args.seed + 1000 * (args.repeat + 1))]
    results = []
    with srv.streamlit_server(args.data_dir, port=port) as url:
        if args.warmup > 0:
            warm = asyncio.run(_run(url, port, links, places, 1, args, args.seed - 1, min(args.warmup, 300.0)))
            print(f"warm-up (not measured): {sum(len(warm[k]) for k in KINDS)} interactions, "
                  f"{len(warm['errors'])} errors", flush=True)
        for i, (label, n, seconds, seed) in enumerate(plan):
            if i and args.pause > 0:
                time.sleep(min(args.pause, 600))
            stats = asyncio.run(_run(url, port, links, places, n, args, seed, seconds))
            s = summary(stats)
            s["label"] = label
            print(_line(label, s), flush=True)
            if stats["errors"]:
                print("  errors:", "; ".join(sorted(set(stats["errors"])))[:800], flush=True)
            results.append(s)
    print(verdict(results), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, "runs": results},
                                        indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
