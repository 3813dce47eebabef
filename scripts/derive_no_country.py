"""Derive the packaged table of GeoNames' features outside every country.

    python scripts/derive_no_country.py ../shared/corpora/geonames-extra/no-country.txt

Reads GeoNames' ``no-country.txt`` export (19-column ``geoname`` format; see that folder's
PROVENANCE.md) and writes ``dashboard/gazetteer/data/no_country.tsv``: one row per feature of
class H (seas, gulfs, straits), L (regions such as "Middle East"), T (mountains, islands), S and A,
with columns geonameid, name, feature class, feature code, latitude, longitude and the usable
alternate names (Latin script, capitalised, no codes; ``|``-separated, one per name key).
Undersea features (class U, 5,827 rows) are left out: news does not name them. GeoNames data,
CC BY 4.0 (credit "GeoNames, geonames.org"); see the README.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.gazetteer.names import normalize_name, usable_alternate  # noqa: E402

OUT = ROOT / "dashboard" / "gazetteer" / "data" / "no_country.tsv"
CLASSES = ("H", "L", "T", "S", "A")


def main() -> None:
    src = Path(sys.argv[1])
    rows = []
    with src.open(encoding="utf-8", newline="") as fh:
        for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(r) < 19 or r[6] not in CLASSES:
                continue
            seen = {normalize_name(r[1])}
            alts = []
            for alt in [r[2], *r[3].split(",")]:
                key = normalize_name(alt)
                if alt and key not in seen and usable_alternate(alt):
                    seen.add(key)
                    alts.append(alt)
            rows.append((int(r[0]), r[1], r[6], r[7], r[4], r[5], "|".join(alts)))
    rows.sort()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# GeoNames features outside every country (geonames.org, CC BY 4.0); "
                 "derived by scripts/derive_no_country.py\n")
        for row in rows:
            fh.write("\t".join(str(v) for v in row) + "\n")
    print(f"wrote {OUT}: {len(rows):,} features")


if __name__ == "__main__":
    main()
