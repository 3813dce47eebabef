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
    BIG_CITY, BIG_CITY_REGION_KM, CITY_REGION_KM, HAMLET, MATCH_PART, REGION_OVER_TOWN, TOWN_NAMED_AFTER_AREA,
    base_score, great_circle_km, is_area,
)
from dashboard.records import Place, Resolution, Toponym

#: Abbreviated words of place names and their full forms ("Mt. Pleasant", "Loudon Co.").
ABBREVIATED_WORDS = {"mt": "Mount", "ft": "Fort", "co": "County", "twp": "Township", "pt": "Point",
                     "w": "West", "e": "East", "n": "North", "s": "South"}
#: Direction words and their adjectives: "North Africa" is GeoNames' "Northern Africa".
DIRECTION_ADJECTIVES = {"north": "Northern", "south": "Southern", "east": "Eastern", "west": "Western",
                        "northern": "North", "southern": "South", "eastern": "East", "western": "West"}
#: A populated place inside a longer name stands for it only with this many people (or as a
#: capital, division, country or region): "Cavan Institute", not "Royal" in "Royal Street".
EMBEDDED_POPULATION = 5_000
#: Direction words before a place's name ("West Surrey", "South Los Angeles").
DIRECTION_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                             "central", "northeast", "northwest", "southeast", "southwest", "upper", "lower",
                             "greater", "inner", "outer"})
#: Water and landform words whose "of" names what they border, not where they are ("Gulf of Mexico").
WATER_WORDS = frozenset({"gulf", "sea", "bay", "strait", "straits", "lake", "lakes", "cape", "isle", "isles",
                         "mouth", "coast", "river"})
#: Words after which the rest of a name is no place of its own: streets are named after far places.
STREET_WORDS = frozenset({"street", "st", "avenue", "ave", "road", "rd", "drive", "dr", "lane", "boulevard",
                          "blvd", "highway", "way", "parkway", "place", "square", "terrace", "court", "row"})


def name_candidates(gazetteer: Gazetteer, top: Toponym) -> tuple[list[tuple[Place, int]], str | None]:
    """Candidates of a toponym, splitting "Wilmington, Delaware" when the whole is unknown;
    ADM1 entries that are a same-named city (city-regions such as Moscow, Kyiv) or that contain a
    same-named city of :data:`BIG_CITY` people or more ("Sao Paulo"; "New York" for New York
    City) are dropped."""
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
    variants = spelling_variants(text) + [v for v in (written_out(text), _without_possessive(text)) if v != text]
    ms = merge_matches(ms, *(gazetteer.matches(v) for v in variants))  # "St", "Saint"; "Mt.", "Mount"
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
                # a big city inside the division of its own name or alias ("Sao Paulo"), or of its
                # name without "City" ("New York" for New York City: the state only when the text
                # says so, "New York state", "Albany, New York"): the division's point may be far
                # from the city's when it is a centroid
                or (c.population >= BIG_CITY and (
                    (p.country_code == "US" and c.admin1 == p.admin1
                     and (ck != MATCH_ALTERNATE or normalize_name(c.name) == normalize_name(text) + " city"))
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
    if not ms and not q and not gazetteer.seat_of_government(t.text):
        ms = fallback_candidates(t.text, gazetteer)
    seat = gazetteer.seat_of_government(t.text) if ms else None
    if seat and (all(k == MATCH_ALTERNATE for _, k in ms) or not any(
            p.feature_code == "PPLC" and p.country_code == seat.alpha2 for p, _ in ms)):
        # "the White House" is also an alternate name of Casablanca and the name of a town in
        # Tennessee: a seat of government that is not itself a capital city goes to its
        # country's capital (see seat_fallback)
        ms = []
    if ms and not q:
        ms = _areas_over_towns(ms)
    return ms, q


def _areas_over_towns(ms: list[tuple[Place, int]]) -> list[tuple[Place, int]]:
    """A region's, continent's or sea's name (own name or alias) leaves out the populated places
    of under :data:`~dashboard.geo_score.REGION_OVER_TOWN` people ("Siberia" is not a hamlet in
    Chiapas); a country's or first-level division's, those of under
    :data:`~dashboard.geo_score.HAMLET`."""
    named = [p for p, k in ms if k in (MATCH_NAME, MATCH_ALIAS)]
    floor = REGION_OVER_TOWN if any(is_area(p) and not p.feature_code.startswith("PCL") for p in named) else (
        HAMLET if any(p.feature_code.startswith("PCL") or p.feature_code == "ADM1" for p in named) else 0)
    if not floor:
        return ms
    return [(p, k) for p, k in ms if p.feature_class != "P" or p.population >= floor]


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


def reachable_places(text: str, gazetteer: Gazetteer) -> list[Place]:
    """Every place the resolver may choose for ``text`` written alone as a place (no qualifier,
    role ``literal``): the candidates of :func:`toponym_candidates`, or the place of
    :func:`seat_fallback` when there is none. The evaluation's ceiling is taken over these.

    Parameters
    ----------
    text : str
        A toponym as written.
    gazetteer : Gazetteer

    Returns
    -------
    list of Place
        Possibly empty.
    """
    t = Toponym(text, None, "literal")
    ms, _ = toponym_candidates(t, gazetteer)
    if ms:
        return [p for p, _ in ms]
    fallback = seat_fallback(t, gazetteer).place
    return [fallback] if fallback is not None else []


def _without_possessive(text: str) -> str:
    """"Russia's" -> "Russia" (straight or curly apostrophe); other names unchanged."""
    return text[:-2] if len(text) > 3 and text[-2:] in ("'s", "\u2019s") else text


def written_out(text: str) -> str:
    """``text`` with its abbreviated words written out (:data:`ABBREVIATED_WORDS`): "Mt. Pleasant"
    -> "Mount Pleasant", "Loudon Co." -> "Loudon County", "W. Columbia" -> "West Columbia"; a
    one-letter direction needs its dot, the others may go without it in a name of several words
    ("Mt Pleasant")."""
    words = text.split()
    out = []
    for w in words:
        key = w.lower().rstrip(".")
        full = ABBREVIATED_WORDS.get(key)
        if full and len(words) > 1 and (w.endswith(".") or len(key) > 1):
            out.append(full)
        else:
            out.append(w)
    return " ".join(out)


def fallback_candidates(text: str, gazetteer: Gazetteer) -> list[tuple[Place, int]]:
    """Candidates of a name that retrieves nothing as written, tried in this order (the first that
    finds something wins):

    1. (abbreviated words are written out by :func:`written_out` before, with every name)
    2. a direction word as its adjective or back ("North Africa" -> "Northern Africa");
    3. an ocean's or sea's short name ("Atlantic", "Mediterranean" -> "... Ocean" / "... Sea");
    4. an adjective or people name of an area or city ("Central American" -> "Central America",
       "Siberian" -> "Siberia", "Gazans" -> "Gaza"): the name without "-n" or "-ns", when that
       names a country, continent, region, sea or first-level division;
    5. the place inside a longer name ("Colorado State University", "Dubai World Cup", "Bank of
       Mexico", "West Surrey", "British Embassy Tokyo"): the longest run of words after "of", else
       at the start, else at the end, that names a country, continent, region, division or a city of
       :data:`EMBEDDED_POPULATION`+ people (see :func:`_embedded_place` for which runs); never
       inside a street's name (:data:`STREET_WORDS`).

    Every candidate comes as an alias match (``MATCH_ALIAS``), except in step 5, where it is a
    part match (:data:`~dashboard.geo_score.MATCH_PART`): the place is only part of what the text
    names, and no context for the article's other names.

    Parameters
    ----------
    text : str
        The toponym as written.
    gazetteer : Gazetteer

    Returns
    -------
    list of (Place, int)
        Possibly empty.
    """
    words = text.replace(",", " ").split()
    if not words:
        return []
    tried = []
    if words[0].lower() in DIRECTION_ADJECTIVES and len(words) > 1:
        tried.append(" ".join([DIRECTION_ADJECTIVES[words[0].lower()], *words[1:]]))
    tried += [f"{text} Ocean", f"{text} Sea"]
    for variant in tried:
        ms = [(p, MATCH_ALIAS) for p, k in gazetteer.matches(variant) if k != MATCH_ALTERNATE]
        if ms:
            return ms
    ms = _adjective_place(words, gazetteer)
    return ms or _embedded_place(words, gazetteer)


def _adjective_place(words: list[str], gazetteer: Gazetteer) -> list[tuple[Place, int]]:
    """Step 4 of :func:`fallback_candidates`."""
    last = words[-1]
    if not last[:1].isupper() or last.isupper():
        return []
    for suffix in ("ns", "n"):
        if last.endswith(suffix) and len(last) > len(suffix) + 2:
            name = " ".join([*words[:-1], last[: -len(suffix)]])
            ms = [(p, MATCH_ALIAS) for p, k in gazetteer.matches(name) if k != MATCH_ALTERNATE and _area_like(p)]
            if ms:
                return ms
    return []


def _area_like(p: Place) -> bool:
    """A country, continent, region, sea or first-level division."""
    return is_area(p) or p.feature_code.startswith("PCL") or p.feature_code in ("ADM1", "RGN", "CONT")


def _well_known_part(p: Place) -> bool:
    """A place that may stand at the start of a longer name or after "of": a country, region,
    division or capital, or a city of :data:`EMBEDDED_POPULATION` people."""
    return (_area_like(p) or p.feature_code in ("ADM2", "PPLC") or p.feature_code.startswith("PPLA")
            or p.population >= EMBEDDED_POPULATION)


def _embedded_place(words: list[str], gazetteer: Gazetteer) -> list[tuple[Place, int]]:
    """Step 5 of :func:`fallback_candidates`: the runs of words tried, in order, are those after
    "of" ("University of California"; not after a water word: "Gulf of Mexico" is no part of
    Mexico), those at the start but never the body before "of" ("University"), and those at the
    end only after direction words ("West Surrey", "Western US"): elsewhere the end of a name is
    mostly a common word ("Barclays Center", "Nile Delta"). A run of three letters or fewer is a
    code, not a place ("SB Smith", "Pott Co."); a nationality word gives no country ("the
    Russian Embassy" is not in Russia)."""
    if len(words) < 2 or any(w.lower().rstrip(".") in STREET_WORDS for w in words):
        return []
    n = len(words)
    lowered = [w.lower() for w in words]
    of = lowered.index("of") if "of" in lowered[1:-1] else n
    runs = []
    if of < n and lowered[0] not in WATER_WORDS:
        runs += [(of + 1, stop, False) for stop in range(n, of + 1, -1)]
    runs += [(0, stop, False) for stop in range(min(n - 1, of - 1 if of < n else n - 1), 0, -1)]
    runs += [(start, n, True) for start in range(max(1, of + 1 if of < n else 1), n)]
    for a, b, tail in runs:
        run = words[a:b]
        letters = sum(ch.isalpha() for w in run for ch in w)
        if not run[0][:1].isupper() or run[0].lower() in ("of", "the", "and") or letters <= 3:
            continue
        after_direction = tail and all(w.lower() in DIRECTION_WORDS for w in words[:a])
        if tail and not after_direction:
            continue
        ms, _ = name_candidates(gazetteer, Toponym(" ".join(run), None, "literal"))
        ms = [(p, MATCH_PART) for p, k in ms if k != MATCH_ALTERNATE and _well_known_part(p)]
        if ms:
            return ms
    return []
