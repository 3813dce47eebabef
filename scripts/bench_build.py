"""Build throughput against bare spaCy, measured in one run.

    python scripts/bench_build.py ../shared/corpora/ru-ua-press-releases/putin.csv \
        ../shared/corpora/ru-ua-press-releases/zelenskyy.csv --limit 600 --processes 2

Reads the inputs with the project's ingestion, then times on the same articles (1) bare spaCy
``nlp.pipe`` with the same model and processes (the baseline), and (2) the full extraction
``dashboard.pipeline.run`` (spaCy + actors, toponyms and gazetteer resolution, quotations, events,
dates). Prints words per second, the ratio of the two and the peak resident memory of this process
and its children. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.ingest import iter_inputs  # noqa: E402
from dashboard.pipeline import resources, run  # noqa: E402
from dashboard.settings import Settings  # noqa: E402


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    settings = Settings.from_env(n_process=args.processes)
    articles = [a for r in iter_inputs(args.inputs, settings) for a in r.articles][: args.limit]
    words = sum(len(a.text.split()) for a in articles)
    nlp, gaz = resources(settings)

    t0 = time.perf_counter()
    for _ in nlp.pipe((a.text for a in articles), batch_size=settings.batch_size, n_process=args.processes):
        pass
    bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    tables = run(articles, settings)
    full = time.perf_counter() - t0

    print(f"{len(articles):,} articles, {words:,} words, {args.processes} process(es)")
    print("| step | seconds | words/s |")
    print("|---|---:|---:|")
    print(f"| bare spaCy `nlp.pipe` ({settings.spacy_model}) | {bare:.1f} | {words / bare:,.0f} |")
    print(f"| full extraction (`pipeline.run`) | {full:.1f} | {words / full:,.0f} |")
    print(f"ratio full / bare spaCy: {full / bare:.2f}")
    print(f"events {tables['events'].height:,}, actors {tables['actors'].height:,}, "
          f"place mentions {tables['place_mentions'].height:,}; peak memory {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
