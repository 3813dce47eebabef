"""Every miss of the gold-recognition resolution, sorted into kinds, and where the ceiling is lost
(``python -m dashboard eval geo --corpus PATH --errors``).

Two tables. :data:`ERROR_KINDS` sorts every miss (unresolved, or resolved more than 161 km from
the gold point) by surface cues and by whether the right place was among the candidates.
:data:`CEILING_KINDS` sorts the gold toponyms that no choice among our candidates could reach (the
part of ``1 - acc_161km_ceiling``) by why: the gold feature is not in the gazetteer, or it is but
the name the text uses does not retrieve it -- a demonym or adjective, an abbreviation, a place
inside a longer name, a name with a direction word, or another name of the same feature.
"""

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


#: Why a gold toponym is out of reach of every candidate, in the order tested (see
#: :func:`ceiling_kind`).
CEILING_KINDS = (
    "no GeoNames id (coordinates only: streets, buildings, events)",
    "gold feature not in the gazetteer",
    "in the gazetteer at another point (same GeoNames id, over 161 km from the gold point)",
    "in the gazetteer: demonym or adjective",
    "in the gazetteer: abbreviation or code",
    "in the gazetteer: place inside a longer name",
    "in the gazetteer: name with a direction word",
    "in the gazetteer: another name of the feature (short, old or variant name)",
)
_DIRECTION = re.compile(r"^(north|south|east|west|central|northern|southern|eastern|western|upper|lower|greater|"
                        r"northeast|northwest|southeast|southwest|mid)[\s-]", re.I)


def candidates_near_gold(gold: GoldToponym, gazetteer) -> list:
    """The candidates the resolver chooses among for ``gold.text``
    (:func:`dashboard.geo_candidates.reachable_places`) that lie within 161 km of the gold point:
    the readings a perfect choice could have taken."""
    from dashboard.geo_candidates import reachable_places

    gold_pt = (gold.latitude, gold.longitude)
    return [c for c in reachable_places(gold.text, gazetteer)
            if great_circle(gold_pt, (c.latitude, c.longitude)).km <= THRESHOLD_KM]


def ceiling_kind(gold: GoldToponym, gazetteer) -> str:
    """Why no candidate of ``gold.text`` lies within 161 km of the gold point (one of
    :data:`CEILING_KINDS`); call it only for such a toponym.

    No GeoNames id; an id the gazetteer lacks; else the gazetteer holds the gold feature and the
    text does not retrieve it: an abbreviation (short capitals, dots), a nationality or other
    adjective (the gazetteer's demonym tables, or an adjective ending), a name of which some
    shorter run of words retrieves the gold feature or a place within 161 km of it ("Colorado
    State University"; "South Florida" when its first word is a direction), or another name.
    """
    from dashboard.geo_candidates import reachable_places

    if not gold.geonameid:
        return CEILING_KINDS[0]
    try:
        gazetteer.place(gold.geonameid)
    except KeyError:
        return CEILING_KINDS[1]
    text = gold.text.strip()
    letters = [ch for ch in text if ch.isalpha()]
    if (letters and all(ch.isupper() for ch in letters) and len(letters) <= 5) or re.search(r"\b\w{1,4}\.", text):
        return CEILING_KINDS[4]
    if gazetteer.demonym_country(text) or gazetteer.region_of_demonym(text) or (
            re.search(r"(an|ans|ish|ese|ic|ian|ean|er|ers|i)$", text) and " " not in text):
        return CEILING_KINDS[3]
    words = text.split()
    gold_pt = (gold.latitude, gold.longitude)
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            if any(p.place_id == gold.geonameid or great_circle(gold_pt, (p.latitude, p.longitude)).km <= THRESHOLD_KM
                   for p in reachable_places(" ".join(words[i:i + n]), gazetteer)):
                return CEILING_KINDS[6] if _DIRECTION.match(text) else CEILING_KINDS[5]
    return CEILING_KINDS[7]


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
        our name, our country, count], ...]}, "n_out_of_reach", "ceiling_lost": {kind: count},
        "ceiling_examples": {kind: [[text, count], ...]}, "out_of_reach_by_gold_type": {type:
        count}}`` — the ``examples`` most frequent names per kind; ``ceiling_lost`` sorts the misses
        that no candidate could avoid (:func:`ceiling_kind`), by the corpus's annotation type too
        (GeoWebNews: Literal, Metonymic, Embedded_Non_Lit, ...; LGL: "toponym").
    """
    from dashboard.gazetteer import Gazetteer

    name, articles = load_corpus(Path(corpus))
    if limit is not None:
        articles = articles[:limit]
    gaz = Gazetteer.load(settings.cache_dir)
    pairs = resolve_gold(articles, gaz)
    kinds: Counter = Counter()
    names: dict[str, Counter] = {}
    lost: Counter = Counter()
    lost_names: dict[str, Counter] = {}
    by_type: Counter = Counter()
    for g, r in pairs:
        kind = error_kind(g, r.place, gaz)
        if kind is None:
            continue
        kinds[kind] += 1
        ours = (r.place.name, r.place.country_code) if r.place else (None, None)
        names.setdefault(kind, Counter())[(g.text, *ours)] += 1
        if kind.startswith("unresolved") or kind in (ERROR_KINDS[6], ERROR_KINDS[9]):
            why = CEILING_KINDS[2] if kind == ERROR_KINDS[6] else ceiling_kind(g, gaz)
            lost[why] += 1
            lost_names.setdefault(why, Counter())[g.text] += 1
            by_type[g.kind or "?"] += 1
    return {
        "corpus": name,
        "n_gold": len(pairs),
        "n_missed": sum(kinds.values()),
        "kinds": {k: kinds[k] for k in ERROR_KINDS if kinds[k]},
        "examples": {k: [[*key, n] for key, n in names[k].most_common(examples)] for k in ERROR_KINDS if k in names},
        "n_out_of_reach": sum(lost.values()),
        "ceiling_lost": {k: lost[k] for k in CEILING_KINDS if lost[k]},
        "ceiling_examples": {k: [[t, n] for t, n in lost_names[k].most_common(examples)]
                             for k in CEILING_KINDS if k in lost_names},
        "out_of_reach_by_gold_type": dict(by_type.most_common()),
    }

