"""Candidate generation for toponym resolution: the gazetteer entries a name may stand for.

Splits "Wilmington, Delaware" when the whole is unknown, reads AP state abbreviations, merges the
"Saint"/"St." spellings, drops codes' namesakes and divisions that are really their big city, turns
nationality and regional demonyms into their country or division, sends seats of government to
their country's capital, and gives each candidate its base score (:func:`dashboard.geo_score.base_score`).
"""

from __future__ import annotations

from dashboard.data_regions import GENERIC_WORDS, US_STATE_ABBREVIATIONS
from dashboard.gazetteer import MATCH_ALIAS, MATCH_ALTERNATE, MATCH_NAME, Gazetteer, normalize_name
from dashboard.geo_focus import merge_matches, spelling_variants
from dashboard.geo_score import (
    BIG_CITY, BIG_CITY_REGION_KM, CITY_REGION_KM, TOWN_NAMED_AFTER_AREA, base_score, great_circle_km, is_area,
)
from dashboard.records import Place, Resolution, Toponym

def name_candidates(gazetteer: Gazetteer, top: Toponym) -> tuple[list[tuple[Place, int]], str | None]:
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


def demonym_country(gazetteer: Gazetteer, text: str):
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


def seat_fallback(t: Toponym, gazetteer: Gazetteer) -> Resolution:
    """A government seat with no gazetteer entry ("the Kremlin", "Downing Street") is placed at
    its country's capital city (else the country centroid)."""
    ref = gazetteer.seat_of_government(t.text)
    if ref is None:
        return Resolution(None, 0.0)
    place = gazetteer.capital_place(ref.alpha2)
    if place is None and ref.alpha2 in gazetteer.country_place_ix:
        place = gazetteer.country_place(ref.alpha2)
    return Resolution(place, 0.6) if place else Resolution(None, 0.0)



def toponym_candidates(t: Toponym, gazetteer: Gazetteer) -> tuple[list[tuple[Place, int]], str | None]:
    """The candidates of one toponym as the resolver scores them, and its qualifier.

    :func:`name_candidates`, then: a regional demonym ("Texans", "Scottish") stands for its
    division (a town of that name stays, for local evidence to pick); a nationality word written
    where a place is expected stands for its country, never for the towns of that name ("German",
    Mexico); a seat of government that is not itself a capital city ("the White House") has no
    candidate, so that :func:`seat_fallback` places it at its country's capital.

    Parameters
    ----------
    t : Toponym
        Not a demonym (``role != "demonym"``; those resolve to their country directly).
    gazetteer : Gazetteer

    Returns
    -------
    (list of (Place, int), str or None)
        ``(place, match kind)`` pairs, and the qualifier (the toponym's own, or the tail of
        "Wilmington, Delaware").
    """
    ms, q = name_candidates(gazetteer, t)
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
        # country's capital (see seat_fallback)
        ms = []
    return ms, q


def base_scores(ms: list[tuple[Place, int]], q: str | None, gazetteer: Gazetteer) -> list[float]:
    """The context-free score of each candidate (:func:`dashboard.geo_score.base_score`), with a
    town named after an area marked down.

    A country's, continent's, region's or first-level division's name is that area, not a town
    named after it ("China", Texas; "California", Maryland), unless a qualifier or strong local
    evidence says so ("Palestine" among East Texas places): with no qualifier, and an area among
    the candidates by its own name or alias, plain populated places (``PPL``) lose
    :data:`~dashboard.geo_score.TOWN_NAMED_AFTER_AREA`; capitals keep their weight ("Washington").

    Parameters
    ----------
    ms : list of (Place, int)
        Candidates and match kinds (:func:`toponym_candidates`).
    q : str or None
        The qualifier.
    gazetteer : Gazetteer

    Returns
    -------
    list of float
        Parallel to ``ms``.
    """
    scores = [base_score(p, k, q, gazetteer) for p, k in ms]
    if not q and any((is_area(p) or p.feature_code == "ADM1") and k != MATCH_ALTERNATE for p, k in ms):
        scores = [b - TOWN_NAMED_AFTER_AREA if p.feature_code == "PPL" else b for (p, _), b in zip(ms, scores)]
    return scores
