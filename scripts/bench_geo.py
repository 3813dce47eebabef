"""Gazetteer load time, toponym resolutions per second, and resolution's share of a build.

    python scripts/bench_geo.py ../shared/corpora/ru-ua-press-releases/putin.csv --limit 300

Measures, in one run: the offline gazetteer's cold build (into a temporary cache folder) and warm
load, each in a fresh process, with the peak resident memory of that process; then, on the given articles, the whole extraction (``pipeline.run``) with the toponym resolver
wrapped to time it, giving resolutions per second and the share of build time spent resolving.
Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import geo, nlp  # noqa: E402
from dashboard.ingest import iter_inputs  # noqa: E402
from dashboard.pipeline import resources, run  # noqa: E402
from dashboard.settings import Settings  # noqa: E402


def _in_fresh_process(statement: str) -> tuple[float, float, int]:
    """Run ``statement`` after importing the gazetteer in a fresh interpreter: (seconds, peak
    resident MB of that process, gazetteer entries or 0)."""
    code = ("import resource, sys, time; sys.path.insert(0, %r); from dashboard.gazetteer import Gazetteer; "
            "t = time.perf_counter(); g = %s; s = time.perf_counter() - t; "
            "print(s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(g) if g else 0)"
            % (str(ROOT), statement))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    seconds, mb, n = out.strip().splitlines()[-1].split()
    return float(seconds), float(mb), int(n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        cold, cold_mb, entries = _in_fresh_process("Gazetteer.load(%r)" % tmp)  # builds and writes the cache
        warm, warm_mb, _ = _in_fresh_process("Gazetteer.load(%r)" % tmp)
        base_mb = _in_fresh_process("None")[1]
        cache_mb = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 1e6

    settings = Settings.from_env()
    articles = [a for r in iter_inputs(args.inputs, settings) for a in r.articles][: args.limit]
    resources(settings)
    spent = {"seconds": 0.0, "toponyms": 0}

    def timed(toponyms, gazetteer):
        t = time.perf_counter()
        out = geo.resolve_toponyms(toponyms, gazetteer)
        spent["seconds"] += time.perf_counter() - t
        spent["toponyms"] += len(toponyms)
        return out

    original = nlp.Extractor.__init__

    def init(self, gazetteer, resolver=None, **kwargs):  # the extractor's other arguments pass through
        original(self, gazetteer, resolver=timed, **kwargs)

    nlp.Extractor.__init__ = init
    t0 = time.perf_counter()
    run(articles, settings)
    total = time.perf_counter() - t0
    nlp.Extractor.__init__ = original

    rate = spent["toponyms"] / spent["seconds"] if spent["seconds"] else float("inf")
    print(f"gazetteer: {entries:,} entries; cold build {cold:.2f} s (peak {cold_mb:,.0f} MB), warm load "
          f"{warm:.2f} s (peak {warm_mb:,.0f} MB, of which {base_mb:,.0f} MB the interpreter and imports); "
          f"cache file {cache_mb:,.0f} MB")
    print(f"{len(articles):,} articles: {spent['toponyms']:,} toponyms resolved in {spent['seconds']:.2f} s "
          f"({rate:,.0f} per second); whole extraction {total:.1f} s; resolution's share "
          f"{100 * spent['seconds'] / total:.1f} %")


if __name__ == "__main__":
    main()
