"""Load test: N concurrent Chromium sessions against ``streamlit run app.py`` on loopback.

    python scripts/load_test.py DATA_DIR [--sessions 20] [--seconds 60] [--repeat 3]

Each session opens the app, then for ``--seconds`` switches tabs (a rerun in the same session) and
opens shared links with random filters (actor, QuadClass, place, tab: a fresh session each). Every
interaction is timed from the click or navigation until the app is idle again. The run is done once
with a single session and ``--repeat`` times with ``--sessions``, and prints per-interaction
latency percentiles (p50, p95, p99), errors (exceptions shown by the app, time-outs) and the server's
resident memory after each run. Bounded: at most 50 sessions and 300 s per run; the server listens
on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import polars as pl  # noqa: E402
import streamlit_server as srv  # noqa: E402

TABS = ("Map", "Stances", "Events", "Articles")
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


def _links(data_dir: Path, n: int, rng: random.Random) -> list[str]:
    events = pl.read_parquet(Path(data_dir) / "events.parquet", columns=["source_actor_id", "place_id"])
    actors = events["source_actor_id"].drop_nulls().value_counts(sort=True).head(30)["source_actor_id"].to_list()
    places = events["place_id"].drop_nulls().value_counts(sort=True).head(30)["place_id"].to_list()
    out = []
    for _ in range(n):
        params = {"tab": rng.choice(TABS)}
        if actors and rng.random() < 0.6:
            params["actor"] = rng.choice(actors)
        if rng.random() < 0.4:
            params["quad"] = str(rng.randint(1, 4))
        if places and rng.random() < 0.4:
            params["place"] = rng.choice(places)
        out.append("?" + urlencode(params))
    return out


async def _session(browser, url: str, links: list[str], seconds: float, seed: int, stats: dict) -> None:
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    try:
        await page.goto(url, timeout=120_000)
        await page.wait_for_function(IDLE_JS, timeout=120_000)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
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
            except Exception as exc:  # time-out or a dead page: counted, the session goes on
                stats["errors"].append(f"{kind}: {type(exc).__name__}")
    finally:
        await context.close()


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def _run(url: str, port: int, links: list[str], sessions: int, seconds: float, seed: int) -> dict:
    from playwright.async_api import async_playwright

    stats = {"tab": [], "link": [], "errors": []}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=srv.chromium_path(), args=srv.CHROMIUM_ARGS, headless=True)
        try:
            await asyncio.gather(*[_session(browser, url, links, seconds, seed + i, stats) for i in range(sessions)])
        finally:
            await browser.close()
    stats["rss_mb"] = _server_rss_mb(port)
    return stats


def _line(label: str, stats: dict) -> str:
    both = stats["tab"] + stats["link"]
    parts = [f"{label}: {len(both)} interactions, {len(stats['errors'])} errors, server RSS "
             f"{stats['rss_mb'] or float('nan'):.0f} MB"]
    for kind in ("tab", "link"):
        v = stats[kind]
        parts.append(f"  {kind:4s} n={len(v):4d} p50 {_pct(v, .5):.2f} s  p95 {_pct(v, .95):.2f} s  "
                     f"p99 {_pct(v, .99):.2f} s  mean {statistics.fmean(v) if v else float('nan'):.2f} s")
    return "\n".join(parts)


def main() -> None:
    """Run the single-session baseline, then the concurrent runs, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    sessions, seconds = max(1, min(args.sessions, 50)), max(5.0, min(args.seconds, 300.0))
    if srv.chromium_path() is None:
        sys.exit("Chromium not found (apt-get install chromium)")
    links = _links(args.data_dir, 200, random.Random(args.seed))
    port = srv.free_port()
    with srv.streamlit_server(args.data_dir, port=port) as url:
        print(_line("1 session", asyncio.run(_run(url, port, links, 1, seconds, args.seed))), flush=True)
        for i in range(1, args.repeat + 1):
            stats = asyncio.run(_run(url, port, links, sessions, seconds, args.seed + 1000 * i))
            print(_line(f"{sessions} sessions, run {i}", stats), flush=True)
            if stats["errors"]:
                print("  errors:", ", ".join(sorted(set(stats["errors"])))[:500], flush=True)


if __name__ == "__main__":
    main()
