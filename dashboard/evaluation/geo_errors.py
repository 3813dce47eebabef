"""Every miss of the gold-recognition resolution, sorted into kinds
(``python -m dashboard eval geo --corpus PATH --errors``)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from geopy.distance import great_circle

from dashboard.evaluation.geo_corpus import THRESHOLD_KM, GoldToponym, load_corpus, resolve_gold

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

