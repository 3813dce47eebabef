"""Time, disk and memory of ``gazetteer add`` on a synthetic GeoNames dump, to size the real one.

    python scripts/bench_gazetteer_add.py --rows 200000

Writes ROWS synthetic features in the 19-column GeoNames ``geoname`` format (names, ASCII names
and three alternate names each, as allCountries has on average about that many usable Latin ones)
into a zip in a temporary folder, indexes it with :func:`dashboard.gazetteer.dump.add_files` in a
fresh process, and prints seconds, index bytes per feature and the peak resident memory of that
process; then the same figures scaled to GeoNames' 13 million features (allCountries). Not a
test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALL_COUNTRIES = 13_000_000


def synthetic(path: Path, rows: int) -> None:
    rng = random.Random(7)
    syll = ["ka", "lo", "vi", "re", "mon", "tan", "ber", "gor", "sk", "ova", "el", "dor", "ri", "an", "ia"]

    def word() -> str:
        return "".join(rng.choice(syll) for _ in range(rng.randint(2, 4))).capitalize()

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("allCountries.txt", "w") as fh:
        for i in range(rows):
            name = f"{word()} {word()}" if rng.random() < 0.3 else word()
            alts = ",".join(word() for _ in range(3))
            row = [str(10_000_000 + i), name, name, alts, f"{rng.uniform(-60, 70):.5f}", f"{rng.uniform(-180, 180):.5f}",
                   "P", "PPL", "UA", "", "01", "", "", "", str(rng.randint(0, 5000)), "", "100", "Europe/Kyiv",
                   "2024-01-01"]
            fh.write(("\t".join(row) + "\n").encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "allCountries.zip"
        synthetic(src, args.rows)
        code = ("import resource, sys, time; sys.path.insert(0, %r); from dashboard.gazetteer.dump import add_files; "
                "t = time.perf_counter(); out = add_files([%r], %r, progress=False); "
                "print(time.perf_counter() - t, out['bytes'], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
                % (str(ROOT), str(src), str(Path(tmp) / "cache")))
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        seconds, size, mb = (float(v) for v in out.split())
    scale = ALL_COUNTRIES / args.rows
    print(f"{args.rows:,} synthetic features: {seconds:.1f} s, index {size / 1e6:,.1f} MB "
          f"({size / args.rows:,.0f} bytes per feature), peak memory {mb:,.0f} MB")
    print(f"scaled to allCountries ({ALL_COUNTRIES:,} features): about {seconds * scale / 60:,.0f} min and "
          f"{size * scale / 1e9:,.1f} GB of disk (memory does not grow with the file: rows go to SQLite in batches)")


if __name__ == "__main__":
    main()
