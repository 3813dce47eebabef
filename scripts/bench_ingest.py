"""Print what ingestion costs, and what its cleaning (language detection, entity unescaping, author
cleaning) adds: ``python scripts/bench_ingest.py FILE_OR_FOLDER ... [--repeat N]``.

Timings live here, never in tests (tests assert behaviour).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import dashboard.ingest as ingest  # noqa: E402
from dashboard.settings import Settings  # noqa: E402


def _run(inputs: list[str], settings: Settings) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    results = list(ingest.iter_inputs(inputs, settings))
    seconds = time.perf_counter() - t0
    return seconds, sum(len(r.articles) for r in results), sum(len(r.problems) for r in results)


def main() -> None:
    """Time ingestion of the inputs with and without language detection."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    settings = Settings.from_env()
    ingest.detect_language("warm up the language profiles of langdetect before timing anything at all")
    full = min(_run(args.inputs, settings)[0] for _ in range(args.repeat))
    _, n_articles, n_problems = _run(args.inputs, settings)
    original = ingest.detect_language
    ingest.detect_language = lambda text: None
    try:
        bare = min(_run(args.inputs, settings)[0] for _ in range(args.repeat))
    finally:
        ingest.detect_language = original
    print(f"{n_articles:,} articles, {n_problems:,} report lines")
    print(f"ingestion with language detection {full:.2f} s, without {bare:.2f} s "
          f"(detection {1000 * (full - bare) / max(n_articles, 1):.1f} ms per article)")


if __name__ == "__main__":
    main()
