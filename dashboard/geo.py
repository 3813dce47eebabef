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
  the article's other names ("Warsaw" under a WASHINGTON dateline is Poland's capital);
* likewise a country, region or first-level division (of a country of a million people or more)
  by its own name wins over a town of under 50,000 people that no other name's reading is close
  to ("England" in a Los Angeles story is not England, Arkansas);
* when the article's focus lies elsewhere (the town's country has under half of the other names'
  country votes), any city of 100,000 people or more by its own name, five times the size of a
  town of under 50,000 that won on country context, wins over it ("Geneva" in a story about Russia
  and the United States); a city chosen by an alternate name yields to a big city of that very name
  ("Milan");
* a small place with a world-prominent namesake abroad (:mod:`dashboard.geo_namesakes`) needs
  specific evidence — a place near it, or its state named in an article that names nothing in the
  namesake's country — when the state context chose it in a story about elsewhere or the article
  names the namesake's country ("Geneva" next to New York City in a story about Russia);
* a town of under 50,000 people by its own name yields to a city ten times its size found by an
  alternate name or by another romanisation of the name ("Nikolayev" is Mykolaiv's) when the
  article's other names vote more for the city's country, and a populated place that GeoNames
  writes in 15 or more Latin-script ways, twice the chosen place's, wins when the article votes
  for some country but not the chosen place's ("Bethlehem" next to Moscow is the Palestinian town)
  (:mod:`dashboard.geo_prominence`);
* a village that is the one candidate of its name, in a country no other name of the article
  points to, is left unresolved ("Korea" is no village in Ivory Coast);
* a second pass reads every name again with the other names' readings as context.

Confidence is the softmax probability of the winner among its candidates, times a factor for the
kind of name match, in [0, 1]. Names with no candidate resolve to ``Resolution(None, 0.0)``.

Candidate generation is in :mod:`dashboard.geo_candidates`, the weights and the scoring helpers in
:mod:`dashboard.geo_score` (re-exported here), the article's focus in :mod:`dashboard.geo_focus`;
this module is the orchestration.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from dashboard.gazetteer import MATCH_ALTERNATE, Gazetteer, normalize_name
from dashboard.geo_candidates import base_scores, demonym_country, seat_fallback, toponym_candidates
from dashboard.geo_focus import Focus, focus_choice
from dashboard.geo_namesakes import world_namesakes
from dashboard.geo_prominence import prominent_readings
from dashboard.geo_score import (  # noqa: F401  (public names of this module)
    ADM2_PRIOR, ANCHOR_MARGIN, BIG_CITY, BIG_CITY_REGION_KM, CITY_REGION_KM, COHERENCE, COHERENCE_SCALE_KM,
    COHERENCE_TOP, CONTAINS, CONTEXT_ADMIN1, CONTEXT_COUNTRY, FAMOUS_CAPITAL, FAMOUS_RATIO, VILLAGE, HAMLET,
    LOCAL_COHERENCE, MATCH_BONUS, MATCH_PART, MATCH_QUALITY, POP_WEIGHT, PROXIMITY, PROXIMITY_SCALE_KM,
    QUALIFIER_ADM1_KM, QUALIFIER_MATCH, QUALIFIER_MISMATCH, REGION_OVER_TOWN, SMALL_TOWN, TOWN_NAMED_AFTER_AREA,
    coherence, famous_capital, feature_prior, first_readings, great_circle_km, is_area, near, qualifier_matches,
    softmax_top,
)
from dashboard.records import Place, Resolution, Toponym

#: A town inside a longer name needs another place of the article this close (km), or in its division.
PART_NEAR_KM = 100.0

#: A name's first reading is context for the others' second reading (:func:`_second_pass`) at this
#: confidence or more (weaker readings are often wrong and would drag their neighbours along); a
#: village's (a populated place of under :data:`VILLAGE` people) at VILLAGE_CONFIDENCE or more.
WINNER_CONFIDENCE = 0.3
VILLAGE_CONFIDENCE = 0.5
#: The second reading replaces the first unless it is this much less confident: a city read with
#: some confidence is not moved to a county by one doubtful neighbour ("Charlotte" next to a
#: "Surfside" read as Florida's).
DOUBT = 0.1
#: A first-level division stands for its name against a far small town only in a country of this
#: many people: the parishes of small island states are named after saints and towns ("Saint
#: George", Barbados), the divisions of larger countries are what their names mean ("England").
AREA_COUNTRY = 1_000_000

#: Candidates of one name: ``(place, match kind)`` pairs.
Candidates = list[tuple[Place, int]]


def resolve_toponyms(toponyms: Sequence[Toponym], gazetteer: Gazetteer) -> list[Resolution]:
    """Resolve all toponyms of one article.

    The steps: every name's candidates and base scores (:func:`_candidate_table`); the article's
    anchors, its unambiguous places and demonyms' countries (:func:`_anchors`); the spatial
    coherence of every candidate with the other names (:func:`dashboard.geo_score.coherence`) and
    the article's focus (:class:`dashboard.geo_focus.Focus`); each name's choice in context
    (:func:`_resolve_one`), and again with the other names' readings as context
    (:func:`_second_pass`); then the famous-capital check against the other names' chosen readings
    (:func:`_famous_capitals`), the readings prominence beyond population changes
    (:func:`dashboard.geo_prominence.prominent_readings`) and the world-prominent namesakes
    (:func:`dashboard.geo_namesakes.world_namesakes`).

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
    keys = [normalize_name(t.text) for t in toponyms]
    cands, quals, base = _candidate_table(toponyms, gazetteer)
    anchor_countries, anchor_points = _anchors(toponyms, cands, base, gazetteer)
    coh = coherence(keys, cands, base)
    focus = Focus.of(toponyms, keys, anchor_countries, [bool(c) for c in cands], gazetteer)
    out: list[Resolution] = []
    guarded: list[tuple[int, list[float], set[tuple[str, str]]]] = []  # (index, scores, admin1s)
    for i, t in enumerate(toponyms):
        if t.role == "demonym":
            out.append(_demonym_resolution(t, gazetteer))
            continue
        if not cands[i]:
            out.append(seat_fallback(t, gazetteer))
            continue
        # context from the other toponyms (a different name: a name does not support itself)
        countries = Counter(a2 for j, a2 in anchor_countries if keys[j] != keys[i])
        points = [p for j, p in anchor_points if keys[j] != keys[i]]
        scores = _context_scores(cands[i], base[i], coh[i], countries, points)
        resolution, guard = _resolve_one(cands[i], scores, quals[i], focus.without(keys[i]), points)
        out.append(resolution)
        if guard is not None:
            guarded.append((i, scores, guard))
    _second_pass(toponyms, keys, cands, base, coh, anchor_countries, anchor_points, focus, out)
    _famous_capitals(out, keys, cands, guarded, focus)
    prominent_readings(out, toponyms, keys, cands, guarded, focus, gazetteer)
    world_namesakes(out, keys, cands, guarded, focus)
    _areas_over_far_towns(out, keys, cands, guarded, gazetteer)
    _unsupported_villages(out, keys, cands, guarded, focus)
    assert len(out) == len(toponyms)
    return out


def _candidate_table(toponyms: Sequence[Toponym], gazetteer: Gazetteer
                     ) -> tuple[list[Candidates], list[str | None], list[list[float]]]:
    """Every toponym's candidates (:func:`dashboard.geo_candidates.toponym_candidates`), qualifier
    and base scores (:func:`dashboard.geo_candidates.base_scores`), as three parallel lists; a
    demonym has no candidate (it resolves to its country)."""
    cands: list[Candidates] = []
    quals: list[str | None] = []
    base: list[list[float]] = []
    for t in toponyms:
        ms, q = toponym_candidates(t, gazetteer) if t.role != "demonym" else ([], None)
        cands.append(ms)
        quals.append(q)
        base.append(base_scores(ms, q, gazetteer))
    return cands, quals, base


def _anchors(toponyms: Sequence[Toponym], cands: list[Candidates], base: list[list[float]],
             gazetteer: Gazetteer) -> tuple[list[tuple[int, str]], list[tuple[int, Place]]]:
    """The article's anchors: ``(toponym index, alpha2)`` of the demonyms' countries and of the
    unambiguous names' countries (one candidate, or a winner by :data:`ANCHOR_MARGIN`; a
    dateline counted twice), and ``(toponym index, place)`` of the unambiguous names that are not
    areas (their points are evidence of proximity)."""
    anchor_countries: list[tuple[int, str]] = []
    anchor_points: list[tuple[int, Place]] = []
    for i, t in enumerate(toponyms):
        if t.role == "demonym":
            ref = demonym_country(gazetteer, t.text)
            if ref:
                anchor_countries.append((i, ref.alpha2))
            continue
        if not cands[i] or all(k == MATCH_PART for _, k in cands[i]):
            continue  # a place inside a longer name is no evidence for the others
        order = sorted(range(len(cands[i])), key=lambda j: -base[i][j])
        best = order[0]
        if len(order) == 1 or base[i][best] - base[i][order[1]] >= ANCHOR_MARGIN:
            p = cands[i][best][0]
            if p.country_code:
                anchor_countries.append((i, p.country_code))
                if t.role == "dateline":
                    anchor_countries.append((i, p.country_code))
            if not is_area(p):
                anchor_points.append((i, p))
    return anchor_countries, anchor_points


def _demonym_resolution(t: Toponym, gazetteer: Gazetteer) -> Resolution:
    """A demonym's country (confidence 0.9), or nothing."""
    ref = demonym_country(gazetteer, t.text)
    if ref and ref.alpha2 in gazetteer.country_place_ix:
        return Resolution(gazetteer.country_place(ref.alpha2), 0.9)
    return Resolution(None, 0.0)


def _context_scores(cands: Candidates, base: list[float], coh: list[float], countries: Counter,
                    points: list[Place]) -> list[float]:
    """Each candidate's base score plus the context of the article's other names: their countries
    (:data:`CONTEXT_COUNTRY`), proximity to their unambiguous places (:data:`PROXIMITY`), a
    populated place in the same first-level division as one of them (:data:`CONTEXT_ADMIN1`), a
    division containing one of them (:data:`CONTAINS`), and spatial coherence (:data:`COHERENCE`)."""
    admin1s = {(p.country_code, p.admin1) for p in points if p.admin1}
    scores = []
    for ((p, _), b, c) in zip(cands, base, coh):
        s = b
        if p.country_code and countries.get(p.country_code):
            s += CONTEXT_COUNTRY * min(countries[p.country_code], 2) / 2 + CONTEXT_COUNTRY / 2
        if points and not is_area(p):
            d = min(great_circle_km(p, q) for q in points)
            s += PROXIMITY * math.exp(-d / PROXIMITY_SCALE_KM)
        if p.feature_code != "ADM1" and not is_area(p) and p.admin1 and (p.country_code, p.admin1) in admin1s:
            s += CONTEXT_ADMIN1
        if p.feature_code == "ADM1" and any(
            q.country_code == p.country_code and q.admin1 == p.admin1 and q.feature_code != "ADM1" for q in points
        ):
            s += CONTAINS
        s += COHERENCE * c
        scores.append(s)
    return scores


def _resolve_one(cands: Candidates, scores: list[float], qualifier: str | None, focus: Focus,
                 points: list[Place]) -> tuple[Resolution, set[tuple[str, str]] | None]:
    """The best-scoring candidate (ties to the most populous), deferring to the article's focus
    when the name has no qualifier (:func:`dashboard.geo_focus.focus_choice`); its confidence is
    the softmax share times :data:`MATCH_QUALITY`. A town of under :data:`BIG_CITY` / 10 people
    found inside a longer name (:data:`MATCH_PART`: "Cavan Institute") stands only when another
    place of the article lies in its first-level division or within :data:`PART_NEAR_KM`; else
    the name is left unresolved ("Carnegie Library" is no town called Carnegie). Returns the resolution and, for a name with no
    qualifier, the first-level divisions of the context (to check against a famous capital
    later), else None."""
    admin1s = {(p.country_code, p.admin1) for p in points if p.admin1}
    best = max(range(len(scores)), key=lambda j: (scores[j], cands[j][0].population))
    guard = None
    if not qualifier:
        best = focus_choice(cands, scores, best, focus, admin1s, MATCH_ALTERNATE)
        guard = admin1s
    place, kind = cands[best]
    if kind == MATCH_PART and place.feature_class == "P" and place.population < BIG_CITY // 10 and not any(
            (p.country_code, p.admin1) == (place.country_code, place.admin1) or great_circle_km(p, place) <= PART_NEAR_KM
            for p in points):
        return Resolution(None, 0.0), None  # a town inside a longer name needs the article's places near it
    conf = softmax_top(scores, best) * MATCH_QUALITY[kind]
    return Resolution(place, round(min(0.99, max(0.05, conf)), 3)), guard


def _famous_capitals(out: list[Resolution], keys: list[str], cands: list[Candidates],
                     guarded: list[tuple[int, list[float], set[tuple[str, str]]]], focus: Focus) -> None:
    """A famous capital against a small town that won on country context alone, judged against
    the other names' chosen readings, not all their candidates ("Warsaw" under a WASHINGTON
    dateline), with the focus of the other names (``focus``): see
    :func:`dashboard.geo_score.famous_capital`. Replaces entries of ``out``."""
    winners = first_readings(keys, out)
    for i, scores, admin1s in guarded:
        best = next(j for j, (p, _) in enumerate(cands[i]) if p is out[i].place)
        others = [w for k, w in winners.items() if k != keys[i]]
        local = sum(near(out[i].place, w) for w in others) / len(others) if others else 0.0
        if local < LOCAL_COHERENCE:
            capital = famous_capital(cands[i], best, admin1s, focus.without(keys[i]))
            if capital != best:
                place, kind = cands[i][capital]
                conf = softmax_top(scores, capital) * MATCH_QUALITY[kind]
                out[i] = Resolution(place, round(min(0.99, max(0.05, conf)), 3))


def _second_pass(toponyms: Sequence[Toponym], keys: list[str], cands: list[Candidates], base: list[list[float]],
                 coh: list[list[float]], anchor_countries: list[tuple[int, str]], anchor_points: list[tuple[int, Place]],
                 focus: Focus, out: list[Resolution]) -> None:
    """Resolve every name again with the other names' first readings as context.

    The first pass takes proximity and the same first-level division only from the unambiguous
    names; local news often has none ("Macon", "Bibb County" and "Georgia" are each ambiguous),
    yet their readings agree. Here the readings of the other names (of :data:`WINNER_CONFIDENCE`
    or more, :data:`VILLAGE_CONFIDENCE` for a village, not countries, continents or curated regions, not places inside longer names) join
    the anchor points, so "Georgia" next to Macon and Bibb County is the US state. A second
    reading :data:`DOUBT` less confident than the first is not taken, unless it lies close to
    another name's reading and the first does not (:func:`_local`: "Lebanon" in a story that also
    names "Boone County" is the county seat in Indiana, not the country). Replaces entries of ``out``.
    """
    winners: dict[str, Place] = {}
    for i, r in enumerate(out):
        if (r.place is not None and not is_area(r.place)
                and r.confidence >= (VILLAGE_CONFIDENCE if r.place.feature_class == "P" and r.place.population < VILLAGE
                                     else WINNER_CONFIDENCE)
                and keys[i] not in winners and toponyms[i].role != "demonym"
                and any(k != MATCH_PART for _, k in cands[i])):
            winners[keys[i]] = r.place
    for i, t in enumerate(toponyms):
        if t.role == "demonym" or not cands[i]:
            continue
        countries = Counter(a2 for j, a2 in anchor_countries if keys[j] != keys[i])
        points = [p for j, p in anchor_points if keys[j] != keys[i]] + [w for k, w in winners.items() if k != keys[i]]
        scores = _context_scores(cands[i], base[i], coh[i], countries, points)
        again = _resolve_one(cands[i], scores, t.qualifier, focus.without(keys[i]), points)[0]
        others = [w for k, w in winners.items() if k != keys[i]]
        if again.confidence >= out[i].confidence - DOUBT or (
                again.place is not None and out[i].place is not None
                and _local(again.place, others) and not _local(out[i].place, others)):
            out[i] = again


def _country_population(place: Place, gazetteer: Gazetteer) -> int:
    """Population of the country ``place`` is in (0 when unknown)."""
    a2 = place.country_code
    return gazetteer.country_place(a2).population if a2 and a2 in gazetteer.country_place_ix else 0


def _local(place: Place, others: list[Place]) -> bool:
    """Whether ``place`` lies close to one of ``others`` (the readings of the article's other
    names): :func:`dashboard.geo_score.near` of :data:`LOCAL_COHERENCE` or more (within about 70
    km, or a first-level division holding the other)."""
    return any(near(place, o) >= LOCAL_COHERENCE for o in others)


def _areas_over_far_towns(out: list[Resolution], keys: list[str], cands: list[Candidates],
                          guarded: list[tuple[int, list[float], set[tuple[str, str]]]], gazetteer: Gazetteer) -> None:
    """A country's, first-level division's or region's name read as a small town of the same
    name that no other place of the article is close to goes back to the area.

    A town of under :data:`SMALL_TOWN` people named after an area wins on the article's country
    context alone ("England" in a Los Angeles story is no town in Arkansas; "the beaches of
    Normandy" in an Indiana story are no suburb of St. Louis): unless one of the readings chosen
    for the article's other names is close to it (:func:`_local`), the name is the area it names
    (by its own name or an alias), the best-scored such area in the first pass, with its softmax
    share of that pass's scores as confidence. Only names with no qualifier (``guarded``: index, first-pass
    scores, as for :func:`_famous_capitals`). Replaces entries of ``out``.
    """
    winners = first_readings(keys, out)
    for i, scores, _ in guarded:
        p = out[i].place
        if p is None or p.feature_class != "P" or p.population >= SMALL_TOWN:
            continue
        areas = [j for j, (q, k) in enumerate(cands[i]) if k != MATCH_ALTERNATE and k != MATCH_PART
                 and (is_area(q) or q.feature_code.startswith("PCL")
                      or (q.feature_code == "ADM1" and _country_population(q, gazetteer) >= AREA_COUNTRY))]
        if not areas or _local(p, [w for k, w in winners.items() if k != keys[i]]):
            continue
        j = max(areas, key=lambda j: (scores[j], cands[i][j][0].population))
        place, kind = cands[i][j]
        out[i] = Resolution(place, round(min(0.99, max(0.05, softmax_top(scores, j) * MATCH_QUALITY[kind])), 3))


def _unsupported_villages(out: list[Resolution], keys: list[str], cands: list[Candidates],
                          guarded: list[tuple[int, list[float], set[tuple[str, str]]]], focus: Focus) -> None:
    """A village (a populated place of under :data:`VILLAGE` people, not a capital) that is the one
    candidate of its name and that nothing in the article supports is left unresolved.

    Support is another place of the article in its first-level division, another name read as a
    place in its country, or a vote of another name for its country
    (:class:`dashboard.geo_focus.Focus`); an article whose names vote for no country at all keeps
    its villages. A village in a country the article never names, that won only because it is the
    one place of that name in the gazetteer, is mostly a word that is no place here ("Korea" is no
    village in Ivory Coast). Only names with no qualifier (``guarded``). Replaces
    entries of ``out``."""
    winners = first_readings(keys, out)
    for i, _, admin1s in guarded:
        p = out[i].place
        if (p is None or len(cands[i]) != 1 or p.feature_class != "P" or p.population >= VILLAGE
                or p.feature_code in ("PPLC", "PPLA") or (p.country_code, p.admin1) in admin1s):
            continue
        votes = focus.without(keys[i])
        others = [w for k, w in winners.items() if k != keys[i]]
        if not votes or votes.get(p.country_code, 0) or any(w.country_code == p.country_code for w in others):
            continue
        out[i] = Resolution(None, 0.0)
