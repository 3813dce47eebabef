"""Candidate scoring for toponym resolution (see :mod:`dashboard.geo` for the whole method).

The weights, the feature prior, the match to an explicit qualifier, the spatial coherence of a
candidate with the article's other names, and the famous-capital rule. Nothing here chooses: the
orchestration in :func:`dashboard.geo.resolve_toponyms` adds these up and picks.
"""

from __future__ import annotations

import math
from collections import Counter

from geopy.distance import EARTH_RADIUS, great_circle

from dashboard.gazetteer import MATCH_ALIAS, MATCH_ALTERNATE, MATCH_NAME, Gazetteer, normalize_name
from dashboard.records import Place

POP_WEIGHT = 0.35
#: A fourth kind of match, given by the resolver only: a place inside a longer name that as a whole
#: retrieves nothing ("Colorado" in "Colorado State University"; see
#: :func:`dashboard.geo_candidates.fallback_candidates`). It is no context for the article's other names.
MATCH_PART = 3
MATCH_BONUS = {MATCH_NAME: 0.0, MATCH_ALIAS: -0.25, MATCH_ALTERNATE: -1.5, MATCH_PART: -1.5}
MATCH_QUALITY = {MATCH_NAME: 1.0, MATCH_ALIAS: 0.97, MATCH_ALTERNATE: 0.85, MATCH_PART: 0.7}
QUALIFIER_MATCH = 4.0
QUALIFIER_MISMATCH = -3.0
CONTEXT_COUNTRY = 1.5
#: Bonus of a populated place in the same first-level division as another place of the article
#: (local news: "Paris" next to "Texas" or "Dallas" is Paris, Texas).
CONTEXT_ADMIN1 = 1.5
PROXIMITY = 1.5
PROXIMITY_SCALE_KM = 500.0
ANCHOR_MARGIN = 0.6
#: Bonus of a first-level division that contains another place the article mentions.
CONTAINS = 1.5
#: An ADM1 entry this close (km) to a same-named capital/city is the city itself (Moscow, Kyiv).
CITY_REGION_KM = 30.0
QUALIFIER_ADM1_KM = 150.0
#: A city of BIG_CITY people stands for the same-named first-level division whose point lies
#: within this distance (km) ("São Paulo" is the city unless the text says the state).
BIG_CITY_REGION_KM = 500.0
#: Weight of the spatial coherence of a candidate with the article's other names (see
#: :func:`coherence`), its distance scale (km) and how many candidates of each other name count.
COHERENCE = 2.5
COHERENCE_SCALE_KM = 100.0
COHERENCE_TOP = 12
#: Penalty of a populated place whose name is also a country's, continent's or curated region's
#: name ("China", Texas).
TOWN_NAMED_AFTER_AREA = 1.0
#: Prior of a second-level division (county): below a first-level one, a little above a town of
#: the same population.
ADM2_PRIOR = 0.5
#: A region's, continent's or sea's name is that area, never a populated place of fewer people
#: than this (without a qualifier): "Siberia" is not a hamlet in Chiapas.
REGION_OVER_TOWN = 50_000
#: A country's or first-level division's name is never a hamlet of fewer people than this (without
#: a qualifier); larger towns of the name stay for local evidence ("Palestine" in East Texas).
HAMLET = 1_000
#: A city this populous stands for its own name rather than the same-named division around it.
BIG_CITY = 1_000_000
#: A national capital this populous is what its bare name means, unless a town of under
#: SMALL_TOWN people has local evidence (see :func:`famous_capital`).
FAMOUS_CAPITAL = 1_000_000
SMALL_TOWN = 50_000
#: A village of under VILLAGE people that won on context loses the same way to a namesake city of
#: FAMOUS_CITY people or more (and FAMOUS_RATIO times its size) when it is far from the other names'
#: readings ("Toronto" next to "Buffalo" is Canada's city, not a village in Ohio).
FAMOUS_CITY = 100_000
VILLAGE = 5_000
#: ... and at least this many times the town's population; a town whose mean closeness
#: (:func:`near`) to the readings chosen for the article's other names reaches LOCAL_COHERENCE is
#: local news and stays.
FAMOUS_RATIO = 100
#: A populated place of FAMOUS_CITY people or more by its own name or alias beats a town of under
#: SMALL_TOWN people this many times smaller that won on country context alone (see :func:`famous_capital`).
PROMINENT_RATIO = 5
#: A city this populous found by a GeoNames alternate name (a foreign spelling: "Frankfurt",
#: "Frankfurt") beats a small town found by one too the same way, when FOREIGN_SPELLING_RATIO times its size.
FOREIGN_SPELLING_CITY = 500_000
FOREIGN_SPELLING_RATIO = 10
#: The two rules above apply when the town's country has less than this share of the votes of the
#: article's other names (:class:`dashboard.geo_focus.Focus`): a town in the article's own
#: country is local news ("Athens" in an Ohio story).
FOCUS_SHARE = 0.5
LOCAL_COHERENCE = 0.5


def great_circle_km(a: Place | tuple[float, float], b: Place | tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two places or ``(lat, lon)`` pairs (degrees).

    The arithmetic of :func:`geopy.distance.great_circle` (spherical Earth, radius 6,371.009 km), to
    the last bit, without building its ``Point`` objects (a third of a build's toponym resolution
    time); coordinates outside [-90, 90] x [-180, 180] go through geopy itself, which normalises them.
    """
    lat1, lon1 = (a.latitude, a.longitude) if isinstance(a, Place) else a
    lat2, lon2 = (b.latitude, b.longitude) if isinstance(b, Place) else b
    if not (-90 <= lat1 <= 90 and -90 <= lat2 <= 90 and -180 <= lon1 <= 180 and -180 <= lon2 <= 180):
        return great_circle((lat1, lon1), (lat2, lon2)).km
    lat1, lat2, dlon = math.radians(lat1), math.radians(lat2), math.radians(lon2) - math.radians(lon1)
    sin1, cos1, sin2, cos2 = math.sin(lat1), math.cos(lat1), math.sin(lat2), math.cos(lat2)
    cos_d, sin_d = math.cos(dlon), math.sin(dlon)
    d = math.atan2(math.sqrt((cos2 * sin_d) ** 2 + (cos1 * sin2 - sin1 * cos2 * cos_d) ** 2),
                   sin1 * sin2 + cos1 * cos2 * cos_d)
    return EARTH_RADIUS * d


def feature_prior(place: Place) -> float:
    """Prior score of a feature type (larger is likelier for a bare name)."""
    fc, code = place.feature_class, place.feature_code
    if fc == "L" and code == "CONT":
        return 3.0
    if fc == "A" and code.startswith("PCL"):
        return 3.0
    if place.place_id.startswith("curated:"):
        return 2.6
    if outside_countries(place):
        return 2.5  # below the curated regions, which exist where GeoNames' point misleads ("Middle East")
    if code == "ADM1":
        return 2.0
    if code == "ADM2":
        return ADM2_PRIOR
    if code == "PPLC":
        return 1.5
    if code.startswith("PPLA"):
        return 1.0
    return 0.0


def outside_countries(place: Place) -> bool:
    """A sea, ocean, gulf or region outside every country (GeoNames' no-country features)."""
    return place.country_code is None and place.feature_class in ("H", "L")


def is_area(place: Place) -> bool:
    """Countries, continents and large regions: their centroid is no evidence of proximity."""
    return place.feature_code in ("CONT", "PCLI") or place.place_id.startswith("curated:") or outside_countries(place)


def qualifier_matches(qualifier: str, place: Place, gazetteer: Gazetteer) -> bool | None:
    """Whether ``place`` lies in the container named by ``qualifier``.

    The qualifier may be a US state (name, postal code or AP abbreviation: "Delaware", "DE",
    "Del.", "D.C."), a country (name, alias or code) or a first-level division elsewhere (matched
    by admin1 code, or within 150 km of the division's point when the codes come from different
    sources).

    Returns
    -------
    bool or None
        True / False, or None when the qualifier is not a known container.
    """
    recognised = False
    code = gazetteer.us_state_code(qualifier)
    if code:
        recognised = True
        if place.country_code == "US" and place.admin1 == code:
            return True
    ref = gazetteer.country(qualifier)
    if ref:
        recognised = True
        if place.country_code == ref.alpha2:
            return True
    q = normalize_name(qualifier)
    if place.admin1 and q == normalize_name(place.admin1) and len(q) > 1 and not q.isdigit():
        return True
    for p in gazetteer.candidates(qualifier):
        if p.feature_code != "ADM1":
            continue
        recognised = True
        if p.country_code != place.country_code or p.place_id == place.place_id:
            continue
        if p.admin1 == place.admin1 or (
            p.country_code != "US" and great_circle_km(p, place) <= QUALIFIER_ADM1_KM
        ):
            return True
    return False if recognised else None


def base_score(place: Place, kind: int, qualifier: str | None, gazetteer: Gazetteer) -> float:
    """A candidate's score before context: :func:`feature_prior`, ``POP_WEIGHT * log10(1 +
    population)``, the kind of name match (:data:`MATCH_BONUS`) and the match with an explicit
    qualifier (:data:`QUALIFIER_MATCH` / :data:`QUALIFIER_MISMATCH`).

    Parameters
    ----------
    place : Place
        The candidate.
    kind : int
        How the name matched it (``MATCH_NAME``, ``MATCH_ALIAS`` or ``MATCH_ALTERNATE``).
    qualifier : str or None
        The toponym's qualifier ("Delaware" in "Wilmington, Delaware").
    gazetteer : Gazetteer

    Returns
    -------
    float
    """
    s = feature_prior(place) + POP_WEIGHT * math.log10(1 + max(place.population, 0)) + MATCH_BONUS[kind]
    if qualifier:
        m = qualifier_matches(qualifier, place, gazetteer)
        if m is True:
            s += QUALIFIER_MATCH
        elif m is False:
            s += QUALIFIER_MISMATCH
    return s


def softmax_top(scores: list[float], best: int) -> float:
    """The softmax probability of ``scores[best]`` among ``scores`` (the winner's share)."""
    m = max(scores)
    exps = [math.exp(s - m) for s in scores]
    return exps[best] / sum(exps)


def famous_capital(cands: list[tuple[Place, int]], best: int, admin1s: set[tuple[str, str]],
                   votes: Counter | None = None) -> int:
    """Index of the candidate to take: a prominent place instead of a town of under
    :data:`SMALL_TOWN` people that won on the article's country context alone.

    Prominent is a national capital of :data:`FAMOUS_CAPITAL`+ people by its own name and
    :data:`FAMOUS_RATIO` times the town's size ("Warsaw" under a WASHINGTON dateline is Poland's,
    not Warsaw, Virginia's); for a village of under :data:`VILLAGE` people, any populated place of
    :data:`FAMOUS_CITY` people by its own name and as many times its size ("Charleston" next to a
    suburb of Melbourne is South Carolina's city, not a hamlet 650 km from that suburb). When the
    article's focus lies elsewhere (``votes``, the countries the
    article's other names vote for, give the town's country less than :data:`FOCUS_SHARE` of
    them), it is also any populated place of :data:`FAMOUS_CITY` people by its own name or alias
    and :data:`PROMINENT_RATIO` times the town's size ("Geneva" in a story about Russia and the
    United States is Switzerland's city, not a town in Illinois), or, for a town found by an
    alternate name, a city of :data:`FOREIGN_SPELLING_CITY` people found by one too and
    :data:`FOREIGN_SPELLING_RATIO` times the town's size ("Frankfurt", not Frankfort, Kentucky).
    A city of any size chosen by an alternate name yields to a populated place of that very name
    (own name or alias) of :data:`FAMOUS_CITY` people and at least its size ("Milan" is no old
    name of Syracuse, New York). Another place of the article in the town's own first-level
    division keeps the town (against a namesake abroad, not a village of under :data:`VILLAGE`
    people when the focus lies elsewhere: "Madrid" in a story about Ukraine that names New York
    City is Spain's capital, not a hamlet in New York State); so does closeness to the other names' readings, checked by the
    caller ("London" next to "Laurel County" is London, Kentucky)."""
    p, kind = cands[best]
    if p.feature_class != "P" or p.feature_code == "PPLC":
        return best
    total = sum(votes.values()) if votes else 0
    elsewhere = total > 0 and votes.get(p.country_code, 0) < FOCUS_SHARE * total
    local = bool(p.admin1) and (p.country_code, p.admin1) in admin1s
    if local and not (elsewhere and p.population < VILLAGE):
        return best
    if kind == MATCH_ALTERNATE:
        # a city chosen by a name that is not its own ("Milan", an old name of Syracuse, New
        # York) yields to a bigger city of that very name
        own = [j for j, (c, k) in enumerate(cands) if c.feature_class == "P" and k in (MATCH_NAME, MATCH_ALIAS)
               and c.population >= max(FAMOUS_CITY, p.population)]
        if own:
            return max(own, key=lambda j: cands[j][0].population)
    if p.population >= SMALL_TOWN:
        return best
    size = max(p.population, 1)
    capitals = [j for j, (c, k) in enumerate(cands)
                if c.feature_class == "P" and (
                    (k == MATCH_NAME and c.population >= FAMOUS_RATIO * size and (
                        (c.feature_code == "PPLC" and c.population >= FAMOUS_CAPITAL)
                        or (c.population >= FAMOUS_CITY and p.population < VILLAGE)))
                    or (elsewhere and c.population >= FAMOUS_CITY and k in (MATCH_NAME, MATCH_ALIAS)
                        and c.population >= PROMINENT_RATIO * size)
                    or (elsewhere and kind == MATCH_ALTERNATE and k == MATCH_ALTERNATE
                        and c.population >= FOREIGN_SPELLING_CITY and c.population >= FOREIGN_SPELLING_RATIO * size))]
    if local:  # a neighbour in its state keeps the hamlet against every namesake in its own country
        capitals = [j for j in capitals if cands[j][0].country_code != p.country_code]
    return max(capitals, key=lambda j: cands[j][0].population) if capitals else best


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (km, mean Earth radius 6,371.009 km as geopy's ``great_circle``),
    inlined for the candidate-by-candidate loop of :func:`coherence`."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.009 * math.asin(min(1.0, math.sqrt(a)))


def near(p: Place, c: Place) -> float:
    """Closeness of candidate ``p`` to candidate ``c`` in [0, 1]: 1 when ``p`` is the country
    holding ``c`` or one is the first-level division holding the other, else
    ``exp(-distance / COHERENCE_SCALE_KM)``."""
    if p.feature_code.startswith("PCL") or p.place_id.startswith("curated:") or outside_countries(p):
        return 1.0 if p.country_code and p.country_code == c.country_code else 0.0
    if p.country_code and p.country_code == c.country_code and p.admin1 and p.admin1 == c.admin1 and (
            "ADM1" in (p.feature_code, c.feature_code)):
        return 1.0
    if c.feature_code == "ADM1" or p.feature_code == "ADM1" or is_area(c):
        return 0.0  # an area's point says little about what lies in it
    return math.exp(-_haversine_km(p.latitude, p.longitude, c.latitude, c.longitude) / COHERENCE_SCALE_KM)


def coherence(keys: list[str], cands: list[list[tuple[Place, int]]], base: list[list[float]]) -> list[list[float]]:
    """Spatial coherence of every candidate with the article's other place names, in [0, 1].

    For candidate ``p`` of name ``i``: the mean, over the other distinct names ``j`` with
    candidates, of the closeness (:func:`near`) of ``p`` to the nearest of ``j``'s
    :data:`COHERENCE_TOP` best candidates. Local news names places close to each other ("Paris"
    and "Henry County" are both in Tennessee), so the reading that puts an article's places
    together gains, whichever is the most populous. A country or curated region is close to
    what lies in it; continents get 0.
    """
    names: dict[str, list[Place]] = {}
    for key, cs, bs in zip(keys, cands, base):
        if cs and key not in names and any(k != MATCH_PART for _, k in cs):
            order = sorted(range(len(cs)), key=lambda j: -bs[j])[:COHERENCE_TOP]
            names[key] = [cs[j][0] for j in order if cs[j][0].feature_code != "CONT"]
    out: list[list[float]] = []
    memo: dict[tuple[str, str], float] = {}
    for key, cs in zip(keys, cands):
        others = [v for k, v in names.items() if k != key and v]
        row = []
        for p, _ in cs:
            if p.feature_code == "CONT" or not others:
                row.append(0.0)
                continue
            total = 0.0
            for other in others:
                best = 0.0
                for c in other:
                    m = memo.get((p.place_id, c.place_id))
                    if m is None:
                        m = memo[(p.place_id, c.place_id)] = near(p, c)
                    best = max(best, m)
                total += best
            row.append(total / len(others))
        out.append(row)
    return out


def first_readings(keys: list[str], out: list) -> dict[str, Place]:
    """The place each name (by its normalised key in ``keys``) was first read as in ``out`` (a list of
    :class:`~dashboard.records.Resolution`, one per key): the readings the resolution's later steps
    weigh a name against (a name is no evidence for itself). Unresolved entries are skipped.

    Returns
    -------
    dict of str to Place
        Key -> the place of its first resolved entry.
    """
    winners: dict[str, Place] = {}
    for key, r in zip(keys, out):
        if r.place is not None and key not in winners:
            winners[key] = r.place
    return winners
