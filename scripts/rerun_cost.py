"""Server CPU seconds per interaction, per kind: what one rerun of ``app.py`` costs the server.

    python scripts/rerun_cost.py DATA_DIR [--n 12] [--seed 17] [--kinds tab actor quad place link]
                                 [--py-spy OUT.txt [--gil]] [--json OUT.json]

Starts ``streamlit run app.py`` on 127.0.0.1 (as :mod:`load_test` does), opens one websocket session
(:mod:`ws_session`) and makes ``--n`` interactions of each kind one after the other (tab switch,
actor filter, QuadClass filter, place selection on the map, shared link opened in a new session),
reading the server process's CPU time (user + system, ``/proc/<pid>/stat``) before each message and
after its script run has finished. CPU time, unlike wall time, hardly depends on what else runs on
the machine, so the figures compare before/after on a shared machine. The first open (the cold load
of the tables) is reported apart and left out of the figures.

The load test's arithmetic: 20 sessions clicking every 3 s ask for about 6.7 script runs a second;
Streamlit runs them in one Python process, so the mean CPU per interaction times 6.7 must stay well
below one core for queueing not to dominate. Not a test (timings are printed, never asserted).

``--py-spy OUT.txt`` also samples the server with py-spy (``pip install py-spy``; not a requirement)
while the interactions run and writes the collapsed stacks to ``OUT.txt`` (``--kinds`` picks which).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import load_test  # noqa: E402
import streamlit_server as srv  # noqa: E402

KINDS = ("tab", "actor", "quad", "place", "link")
TICK = os.sysconf("SC_CLK_TCK")
SETTLE = 0.15  # seconds after a run finishes, for the server to finish sending (counted in its CPU)


def server_pid(port: int) -> int | None:
    """The pid of the ``streamlit`` process serving ``port`` (found in /proc)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd:
            return int(proc.name)
    return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14 and 15 of stat)


async def _measure(url: str, pid: int, links: list[str], places: list[str], n: int, seed: int,
                   kinds: tuple[str, ...] = KINDS) -> dict:
    from ws_session import WsSession

    rng = random.Random(seed)
    out: dict[str, list] = {k: [] for k in (*KINDS, "first open")}
    errors: list[str] = []

    async def timed(kind: str, action):
        await asyncio.sleep(SETTLE)
        c0, t0 = cpu_seconds(pid), time.perf_counter()
        result = await action()
        wall = time.perf_counter() - t0
        await asyncio.sleep(SETTLE)
        out[kind].append((cpu_seconds(pid) - c0, wall))
        return result

    async def open_link(query: str):
        async with WsSession(url, query) as s:
            run = await s.rerun()
            errors.extend(run.exceptions)

    await timed("first open", lambda: open_link(""))
    async with WsSession(url, "") as s:
        errors.extend((await s.rerun()).exceptions)
        for i in range(n):
            for kind in [k for k in KINDS[:-1] if k in kinds]:
                async def act(kind=kind):
                    return await load_test._interact(s, kind, places, rng)
                got, run = await timed(kind, act)
                errors.extend(run.exceptions)
                if got != kind:  # a place selection that had to open the map first
                    out[kind].pop()
            if "link" in kinds:
                await timed("link", lambda: open_link(rng.choice(links)))
    return {"figures": out, "errors": errors}


def _py_spy(pid: int, out: Path, gil: bool = False):
    """Start ``py-spy record`` on ``pid`` (collapsed stacks to ``out``; with ``gil`` only the samples
    of the thread holding the GIL, i.e. what sessions queue for); stopped with SIGINT."""
    import shutil
    import subprocess

    exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    proc = subprocess.Popen([exe, "record", "--pid", str(pid), "--format", "raw", "--rate", "200",
                             "--output", str(out), *(["--gil"] if gil else [])], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # attached
    return proc


def _idle_rate(pid: int, seconds: float = 2.0) -> float:
    c0 = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - c0) / seconds


def main() -> None:
    """Measure and print the CPU seconds per interaction of each kind."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--n", type=int, default=12, help="interactions of each kind")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--py-spy", type=Path, dest="py_spy", help="write py-spy's collapsed stacks here")
    parser.add_argument("--gil", action="store_true", help="py-spy: only the thread holding the GIL")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    links, places = load_test._targets(args.data_dir, 200, random.Random(args.seed))
    port = srv.free_port()
    print("command:", " ".join(sys.argv), flush=True)
    with srv.streamlit_server(args.data_dir, port=port) as url:
        pid = server_pid(port)
        if pid is None:
            sys.exit("server process not found")
        idle = _idle_rate(pid)
        warm = asyncio.run(_measure(url, pid, links, places, 1, args.seed + 1, ())) if args.py_spy else None
        spy = _py_spy(pid, args.py_spy, args.gil) if args.py_spy else None
        try:
            result = asyncio.run(_measure(url, pid, links, places, max(1, min(args.n, 100)), args.seed,
                                          tuple(args.kinds)))
        finally:
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(timeout=60)
        if warm is not None:
            result["figures"]["first open"] = warm["figures"]["first open"]
    rows = {}
    every = []
    for kind, values in result["figures"].items():
        if not values:
            continue
        cpu = [c for c, _ in values]
        wall = [w for _, w in values]
        if kind != "first open":
            every += cpu
        rows[kind] = {"n": len(values), "cpu_median": statistics.median(cpu), "cpu_mean": statistics.fmean(cpu),
                      "cpu_max": max(cpu), "wall_median": statistics.median(wall)}
    rows["all"] = {"n": len(every), "cpu_median": statistics.median(every), "cpu_mean": statistics.fmean(every),
                   "cpu_max": max(every), "wall_median": float("nan")}
    print(f"server idle CPU {idle:.3f} s/s; load average {os.getloadavg()[0]:.1f}; errors {len(result['errors'])}")
    print("| interaction | n | CPU s median | CPU s mean | CPU s max | wall s median |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, r in rows.items():
        print(f"| {kind} | {r['n']} | {r['cpu_median']:.3f} | {r['cpu_mean']:.3f} | {r['cpu_max']:.3f} | "
              f"{r['wall_median']:.3f} |")
    if result["errors"]:
        print("errors:", "; ".join(sorted(set(result["errors"])))[:800])
    if args.json:
        args.json.write_text(json.dumps({"args": sys.argv[1:], "idle": idle, "rows": rows,
                                         "errors": result["errors"]}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
