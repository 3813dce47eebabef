"""Toponym resolution: pick a gazetteer entry for every place name of one article.

:func:`resolve_toponyms` scores each candidate from :meth:`Gazetteer.matches` with

* a feature prior — continent and country > curated region, sea or region outside every country >
  first-level division (ADM1) >
  national capital (PPLC) > second-level division (ADM2, e.g. a US county) > other populated
  place — plus ``0.35 * log10(1 + population)``;
* the kind of name match (own name > alias > GeoNames alternate name, which is often a historic
  or foreign name of another town: "Palmyra" is an alternate name of four cities);
* an explicit qualifier ("Wilmington, Delaware", "Long Beach, CA", "Washington, D.C."): a match
  with the candidate's state / first-level division or country adds a large bonus, a recognised
  but different qualifier a penalty;
* the article's other unambiguous places: candidates in a country the article mentions (as a
  place, a place in it, or a demonym) gain, and candidates near other resolved places gain with
  ``exp(-distance / 500 km)`` (great-circle distance, geopy); a first-level division containing
  another mentioned city gains too ("Georgia" next to "Atlanta" is the US state), and so does a
  populated place or county in the same division as another resolved place ("Paris" next to
  "Lamar County" or "Texas");
* the dateline: its country counts double;
* a national capital of a million people or more by its own name wins over a town a hundredth its
  size that only the article's country context chose, unless the town is close to the readings of
  the article's other names ("Warsaw" under a WASHINGTON dateline is Poland's capital).

Confidence is the softmax probability of the winner among its candidates, times a factor for the
kind of name match, in [0, 1]. Names with no candidate resolve to ``Resolution(None, 0.0)``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from geopy.distance import EARTH_RADIUS, great_circle

from dashboard.data_regions import GENERIC_WORDS, US_STATE_ABBREVIATIONS
from dashboard.gazetteer import MATCH_ALIAS, MATCH_ALTERNATE, MATCH_NAME, Gazetteer, normalize_name
from dashboard.geo_focus import Focus, focus_choice, merge_matches, spelling_variants
from dashboard.records import Place, Resolution, Toponym

POP_WEIGHT = 0.35
MATCH_BONUS = {MATCH_NAME: 0.0, MATCH_ALIAS: -0.25, MATCH_ALTERNATE: -1.5}
MATCH_QUALITY = {MATCH_NAME: 1.0, MATCH_ALIAS: 0.97, MATCH_ALTERNATE: 0.85}
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
#: :func:`_coherence`), its distance scale (km) and how many candidates of each other name count.
COHERENCE = 2.5
COHERENCE_SCALE_KM = 100.0
COHERENCE_TOP = 12
#: Penalty of a populated place whose name is also a country's, continent's or curated region's
#: name ("China", Texas).
TOWN_NAMED_AFTER_AREA = 1.0
#: Prior of a second-level division (county): below a first-level one, a little above a town of
#: the same population.
ADM2_PRIOR = 0.5
#: A city this populous stands for its own name rather than the same-named division around it.
BIG_CITY = 1_000_000
#: A national capital this populous is what its bare name means, unless a town of under
#: SMALL_TOWN people has local evidence (see :func:`_famous_capital`).
FAMOUS_CAPITAL = 1_000_000
SMALL_TOWN = 50_000
#: ... and at least this many times the town's population; a town whose mean closeness
#: (:func:`_near`) to the readings chosen for the article's other names reaches LOCAL_COHERENCE is
#: local news and stays.
FAMOUS_RATIO = 100
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
    if _outside_countries(place):
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


def _outside_countries(place: Place) -> bool:
    """A sea, ocean, gulf or region outside every country (GeoNames' no-country features)."""
    return place.country_code is None and place.feature_class in ("H", "L")


def _is_area(place: Place) -> bool:
    """Countries, continents and large regions: their centroid is no evidence of proximity."""
    return place.feature_code in ("CONT", "PCLI") or place.place_id.startswith("curated:") or _outside_countries(place)


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


def _candidates(gazetteer: Gazetteer, top: Toponym) -> tuple[list[tuple[Place, int]], str | None]:
    """Candidates of a toponym, splitting "Wilmington, Delaware" when the whole is unknown;
    ADM1 entries that are a same-named city (city-regions such as Moscow, Kyiv) or that contain a
    same-named city of :data:`BIG_CITY` people or more ("New York") are dropped."""
    qualifier = top.qualifier
    text = top.text.strip()
    if text in US_STATE_ABBREVIATIONS and "." in text:
        # an AP state abbreviation with its dot ("Va.", "Mont.") is the state, not "Wa" or "Mont"
        code = US_STATE_ABBREVIATIONS[text]
        ms = [(p, MATCH_ALIAS) for p, _ in gazetteer.matches(_state_name(gazetteer, code))
              if p.feature_code == "ADM1" and p.country_code == "US" and p.admin1 == code]
        if ms:
            return ms, qualifier
    if not qualifier and "," not in text and normalize_name(text) in GENERIC_WORDS:
        return [], qualifier  # "West", "Atlantic", "Arab": not the towns of that name
    ms = gazetteer.matches(top.text)
    ms = merge_matches(ms, *(gazetteer.matches(v) for v in spelling_variants(text)))  # "St", "Saint"
    letters = [ch for ch in text if ch.isalpha()]
    if ms and len(letters) <= 3 and all(ch.isupper() for ch in letters) and "." not in text:
        # a short all-caps token is a code ("SA", "WA", "OAS", "CHU"), not a town's name or
        # spelling ("Wa", "Oas", "Chu"); big cities keep their codes ("NYC")
        ms = [(p, k) for p, k in ms if p.feature_class != "P" or p.population >= BIG_CITY]
    if not ms and "," in top.text:
        head, _, tail = top.text.partition(",")
        ms = gazetteer.matches(head)
        qualifier = qualifier or tail.strip() or None
    cities = [(p, k) for p, k in ms if p.feature_class == "P"]
    keep = []
    for p, k in ms:
        if p.feature_code in ("ADM1", "ADM2") and any(
            c.country_code == p.country_code
            and (
                ((ck != MATCH_ALTERNATE or c.feature_code == "PPLC") and great_circle_km(c, p) <= CITY_REGION_KM)
                # a big city inside the division of its own name or alias ("Sao Paulo"; not "New
                # York", only an alternate name of New York City): the division's point may be far
                # from the city's when it is a centroid
                or (c.population >= BIG_CITY and (
                    (p.country_code == "US" and c.admin1 == p.admin1 and ck != MATCH_ALTERNATE)
                    or (p.country_code != "US" and great_circle_km(c, p) <= BIG_CITY_REGION_KM)))
            )
            for c, ck in cities
        ):
            continue
        keep.append((p, k))
    return keep, qualifier


def _demonym_country(gazetteer: Gazetteer, text: str):
    """The country of a nationality word, of a regional one ("Texans" -> the United States), or
    of a capital used as a modifier ("the Minsk agreements" -> Belarus)."""
    ref = gazetteer.country(text)
    if ref is None:
        region = gazetteer.region_of_demonym(text)
        if region is not None and region.country_code:
            ref = gazetteer.countries.get(region.country_code)
    if ref is None:
        ref = gazetteer.seat_of_government(text)
    return ref


def _state_name(gazetteer: Gazetteer, code: str) -> str:
    """The name of the US state with postal ``code`` in the gazetteer ("VA" -> "Virginia")."""
    for name, c in gazetteer.us_states.items():
        if c == code and len(name) > 2:
            return name
    return code


def _base_score(place: Place, kind: int, qualifier: str | None, gazetteer: Gazetteer) -> float:
    s = feature_prior(place) + POP_WEIGHT * math.log10(1 + max(place.population, 0)) + MATCH_BONUS[kind]
    if qualifier:
        m = qualifier_matches(qualifier, place, gazetteer)
        if m is True:
            s += QUALIFIER_MATCH
        elif m is False:
            s += QUALIFIER_MISMATCH
    return s


def _softmax_top(scores: list[float], best: int) -> float:
    m = max(scores)
    exps = [math.exp(s - m) for s in scores]
    return exps[best] / sum(exps)


def resolve_toponyms(toponyms: Sequence[Toponym], gazetteer: Gazetteer) -> list[Resolution]:
    """Resolve all toponyms of one article.

    Parameters
    ----------
    toponyms : sequence of Toponym
        Every toponym of one article in text order, datelines first. ``role == "demonym"``
        ("Ukrainian", "American") resolves to the country via :meth:`Gazetteer.country` and is
        never looked up as a place name.
    gazetteer : Gazetteer

    Returns
    -------
    list of Resolution
        Same length and order as ``toponyms``. Unknown names give ``Resolution(None, 0.0)``;
        a government building or capital used as a name with no gazetteer entry ("the Kremlin")
        gives the capital city of its country; so does one matching only GeoNames alternate
        names of other places ("White House" is an alternate name of Casablanca).
    """
    n = len(toponyms)
    keys = [normalize_name(t.text) for t in toponyms]
    cands: list[list[tuple[Place, int]]] = []
    quals: list[str | None] = []
    base: list[list[float]] = []
    for t in toponyms:
        if t.role == "demonym":
            cands.append([])
            quals.append(None)
            base.append([])
            continue
        ms, q = _candidates(gazetteer, t)
        region = gazetteer.region_of_demonym(t.text)
        if region is not None and not q:
            # "Texans", "Scottish" stand for the division; a town of that name ("English",
            # Indiana) needs local evidence (see TOWN_NAMED_AFTER_AREA)
            ms = [(region, MATCH_NAME)] + [(p, k) for p, k in ms if p.feature_class == "P"]
        elif ms and not q and gazetteer.demonym_country(t.text):
            # a nationality word written where a place is expected stands for its country, not
            # for the towns of the same name ("German", Mexico; "Canadian", Texas)
            ms = []
        if not ms:
            # a nationality adjective or people name given as a place ("Russian" in "Russian
            # troops", "Americans") stands for its country
            ref = gazetteer.country(t.text)
            if ref and ref.alpha2 in gazetteer.country_place_ix:
                ms = [(gazetteer.country_place(ref.alpha2), MATCH_ALIAS)]
        seat = gazetteer.seat_of_government(t.text) if ms else None
        if seat and (all(k == MATCH_ALTERNATE for _, k in ms) or not any(
                p.feature_code == "PPLC" and p.country_code == seat.alpha2 for p, _ in ms)):
            # "the White House" is also an alternate name of Casablanca and the name of a town in
            # Tennessee: a seat of government that is not itself a capital city goes to its
            # country's capital (see _seat_fallback)
            ms = []
        cands.append(ms)
        quals.append(q)
        scores = [_base_score(p, k, q, gazetteer) for p, k in ms]
        if not q and any((_is_area(p) or p.feature_code == "ADM1") and k != MATCH_ALTERNATE for p, k in ms):
            # a country's, continent's, region's or first-level division's name is that area, not
            # a town named after it ("China", Texas; "California", Maryland), unless a qualifier or
            # strong local evidence says so ("Palestine" among East Texas places); capitals
            # keep their weight ("Washington")
            scores = [b - TOWN_NAMED_AFTER_AREA if p.feature_code == "PPL" else b for (p, _), b in zip(ms, scores)]
        base.append(scores)

    # anchors: unambiguous places (one candidate or a clear winner) and demonyms' countries
    anchor_countries: list[tuple[int, str]] = []  # (toponym index, alpha2), dateline counted twice
    anchor_points: list[tuple[int, Place]] = []
    for i, t in enumerate(toponyms):
        if t.role == "demonym":
            ref = _demonym_country(gazetteer, t.text)
            if ref:
                anchor_countries.append((i, ref.alpha2))
            continue
        if not cands[i]:
            continue
        order = sorted(range(len(cands[i])), key=lambda j: -base[i][j])
        best = order[0]
        if len(order) == 1 or base[i][best] - base[i][order[1]] >= ANCHOR_MARGIN:
            p = cands[i][best][0]
            if p.country_code:
                anchor_countries.append((i, p.country_code))
                if t.role == "dateline":
                    anchor_countries.append((i, p.country_code))
            if not _is_area(p):
                anchor_points.append((i, p))

    coherence = _coherence(keys, cands, base)
    focus = Focus.of(toponyms, keys, anchor_countries, [bool(c) for c in cands], gazetteer)

    out: list[Resolution] = []
    guarded: list[tuple[int, list[float], set[tuple[str, str]]]] = []  # (index, scores, admin1s)
    for i, t in enumerate(toponyms):
        if t.role == "demonym":
            ref = _demonym_country(gazetteer, t.text)
            if ref and ref.alpha2 in gazetteer.country_place_ix:
                out.append(Resolution(gazetteer.country_place(ref.alpha2), 0.9))
            else:
                out.append(Resolution(None, 0.0))
            continue
        if not cands[i]:
            out.append(_seat_fallback(t, gazetteer))
            continue
        # context from the other toponyms (a different name: a name does not support itself)
        countries = Counter(a2 for j, a2 in anchor_countries if keys[j] != keys[i])
        points = [p for j, p in anchor_points if keys[j] != keys[i]]
        admin1s = {(p.country_code, p.admin1) for p in points if p.admin1}
        scores = []
        for j, ((p, k), b) in enumerate(zip(cands[i], base[i])):
            s = b
            if p.country_code and countries.get(p.country_code):
                s += CONTEXT_COUNTRY * min(countries[p.country_code], 2) / 2 + CONTEXT_COUNTRY / 2
            if points and not _is_area(p):
                d = min(great_circle_km(p, q) for q in points)
                s += PROXIMITY * math.exp(-d / PROXIMITY_SCALE_KM)
            if p.feature_code != "ADM1" and not _is_area(p) and p.admin1 and (p.country_code, p.admin1) in admin1s:
                s += CONTEXT_ADMIN1
            if p.feature_code == "ADM1" and any(
                q.country_code == p.country_code and q.admin1 == p.admin1 and q.feature_code != "ADM1" for q in points
            ):
                s += CONTAINS
            s += COHERENCE * coherence[i][j]
            scores.append(s)
        best = max(range(len(scores)), key=lambda j: (scores[j], cands[i][j][0].population))
        if not quals[i]:
            best = focus_choice(cands[i], scores, best, focus.without(keys[i]), admin1s, MATCH_ALTERNATE)
            guarded.append((i, scores, admin1s))
        place, kind = cands[i][best]
        conf = _softmax_top(scores, best) * MATCH_QUALITY[kind]
        out.append(Resolution(place, round(min(0.99, max(0.05, conf)), 3)))
    # a famous capital against a small town that won on country context alone: judged against the
    # other names' chosen readings, not all their candidates ("Warsaw" under a WASHINGTON dateline)
    winners: dict[str, Place] = {}
    for key, r in zip(keys, out):
        if r.place is not None and key not in winners:
            winners[key] = r.place
    for i, scores, admin1s in guarded:
        best = next(j for j, (p, _) in enumerate(cands[i]) if p is out[i].place)
        others = [w for k, w in winners.items() if k != keys[i]]
        local = sum(_near(out[i].place, w) for w in others) / len(others) if others else 0.0
        if local < LOCAL_COHERENCE:
            capital = _famous_capital(cands[i], best, admin1s)
            if capital != best:
                place, kind = cands[i][capital]
                conf = _softmax_top(scores, capital) * MATCH_QUALITY[kind]
                out[i] = Resolution(place, round(min(0.99, max(0.05, conf)), 3))
    assert len(out) == n
    return out


def _famous_capital(cands: list[tuple[Place, int]], best: int, admin1s: set[tuple[str, str]]) -> int:
    """Index of the candidate to take: a national capital of :data:`FAMOUS_CAPITAL`+ people by its
    own name instead of a town of under :data:`SMALL_TOWN` people that won on the article's country
    context alone ("Warsaw" under a WASHINGTON dateline is Poland's, not Warsaw, Virginia's).
    Another place of the article in the town's own first-level division keeps the town; so does
    closeness to the other names' readings, checked by the caller ("London" next to "Laurel County"
    is London, Kentucky)."""
    p = cands[best][0]
    if p.feature_class != "P" or p.feature_code == "PPLC" or p.population >= SMALL_TOWN:
        return best
    if p.admin1 and (p.country_code, p.admin1) in admin1s:
        return best
    capitals = [j for j, (c, k) in enumerate(cands)
                if c.feature_code == "PPLC" and c.population >= FAMOUS_CAPITAL and k == MATCH_NAME
                and c.population >= FAMOUS_RATIO * max(p.population, 1)]
    return capitals[0] if capitals else best


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (km, mean Earth radius 6,371.009 km as geopy's ``great_circle``),
    inlined for the candidate-by-candidate loop of :func:`_coherence`."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.009 * math.asin(min(1.0, math.sqrt(a)))


def _near(p: Place, c: Place) -> float:
    """Closeness of candidate ``p`` to candidate ``c`` in [0, 1]: 1 when ``p`` is the country
    holding ``c`` or one is the first-level division holding the other, else
    ``exp(-distance / COHERENCE_SCALE_KM)``."""
    if p.feature_code.startswith("PCL") or p.place_id.startswith("curated:") or _outside_countries(p):
        return 1.0 if p.country_code and p.country_code == c.country_code else 0.0
    if p.country_code and p.country_code == c.country_code and p.admin1 and p.admin1 == c.admin1 and (
            "ADM1" in (p.feature_code, c.feature_code)):
        return 1.0
    if c.feature_code == "ADM1" or p.feature_code == "ADM1" or _is_area(c):
        return 0.0  # an area's point says little about what lies in it
    return math.exp(-_haversine_km(p.latitude, p.longitude, c.latitude, c.longitude) / COHERENCE_SCALE_KM)


def _coherence(keys: list[str], cands: list[list[tuple[Place, int]]], base: list[list[float]]) -> list[list[float]]:
    """Spatial coherence of every candidate with the article's other place names, in [0, 1].

    For candidate ``p`` of name ``i``: the mean, over the other distinct names ``j`` with
    candidates, of the closeness (:func:`_near`) of ``p`` to the nearest of ``j``'s
    :data:`COHERENCE_TOP` best candidates. Local news names places close to each other ("Paris"
    and "Henry County" are both in Tennessee), so the reading that puts an article's places
    together gains, whichever is the most populous. A country or curated region is close to
    what lies in it; continents get 0.
    """
    names: dict[str, list[Place]] = {}
    for key, cs, bs in zip(keys, cands, base):
        if cs and key not in names:
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
                        m = memo[(p.place_id, c.place_id)] = _near(p, c)
                    best = max(best, m)
                total += best
            row.append(total / len(others))
        out.append(row)
    return out


def _seat_fallback(t: Toponym, gazetteer: Gazetteer) -> Resolution:
    """A government seat with no gazetteer entry ("the Kremlin", "Downing Street") is placed at
    its country's capital city (else the country centroid)."""
    ref = gazetteer.seat_of_government(t.text)
    if ref is None:
        return Resolution(None, 0.0)
    place = gazetteer.capital_place(ref.alpha2)
    if place is None and ref.alpha2 in gazetteer.country_place_ix:
        place = gazetteer.country_place(ref.alpha2)
    return Resolution(place, 0.6) if place else Resolution(None, 0.0)
