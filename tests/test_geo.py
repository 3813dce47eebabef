"""Toponym resolution against the offline gazetteer (no network); distances checked with geopy."""

from __future__ import annotations

import pytest
from geopy.distance import great_circle

from dashboard.geo import great_circle_km, qualifier_matches, resolve_toponyms
from dashboard.records import Resolution, Toponym


def one(gaz, text, qualifier=None, role="literal", context=()):
    """Resolve ``text`` as the last toponym of an article whose other toponyms are ``context``."""
    tops = [Toponym(c) if isinstance(c, str) else c for c in context] + [Toponym(text, qualifier, role)]
    res = resolve_toponyms(tops, gaz)
    assert len(res) == len(tops)
    return res[-1]


def km(res: Resolution, lat: float, lon: float) -> float:
    assert res.place is not None, "unresolved"
    return great_circle((res.place.latitude, res.place.longitude), (lat, lon)).km


# the Reuters Biden–Putin call, in order, dateline first
BIDEN_PUTIN = [
    Toponym("Wilmington", "Delaware", "dateline"),
    Toponym("Moscow", role="dateline"),
    Toponym("Russian", role="demonym"),
    Toponym("Ukraine"),
    Toponym("Washington", role="metonymic"),
    Toponym("Moscow", role="metonymic"),
    Toponym("U.S.", role="demonym"),
    Toponym("Crimea"),
    Toponym("Donbas"),
    Toponym("Russia"),
    Toponym("United States"),
]


def test_biden_putin_article(gaz):
    res = resolve_toponyms(BIDEN_PUTIN, gaz)
    assert len(res) == len(BIDEN_PUTIN)
    expected = [(39.74, -75.55, 100), (55.75, 37.62, 50), None, None, (38.90, -77.04, 100), (55.75, 37.62, 50),
                None, (45.3, 34.4, 150), (48.0, 38.0, 150), None, None]
    for top, r, exp in zip(BIDEN_PUTIN, res, expected):
        assert r.place is not None, top
        assert 0.0 < r.confidence <= 1.0
        if exp:
            assert km(r, exp[0], exp[1]) < exp[2], (top, r.place)
    assert res[2].place == gaz.country_place("RU")
    assert res[3].place == gaz.country_place("UA")
    assert res[4].place.admin1 == "DC" and res[4].place.country_code == "US"
    assert res[6].place == gaz.country_place("US")
    assert res[9].place == gaz.country_place("RU")
    assert res[10].place == gaz.country_place("US")


def test_wilmington_delaware(gaz):
    r = one(gaz, "Wilmington", "Delaware")
    assert km(r, 39.74, -75.55) < 100
    assert r.place.admin1 == "DE" and r.confidence > 0.9


@pytest.mark.parametrize("qualifier", ["Del.", "DE", "Delaware"])
def test_wilmington_qualifier_forms(gaz, qualifier):
    assert km(one(gaz, "Wilmington", qualifier), 39.74, -75.55) < 100


def test_qualifier_written_in_the_name(gaz):
    assert km(one(gaz, "Wilmington, Delaware"), 39.74, -75.55) < 100
    assert km(one(gaz, "Washington, D.C."), 38.90, -77.04) < 100


def test_moscow(gaz):
    r = one(gaz, "Moscow")
    assert km(r, 55.75, 37.62) < 50
    assert r.place.country_code == "RU"


def test_washington_with_russia_context_is_dc(gaz):
    r = one(gaz, "Washington", context=["Moscow", "Russia", "U.S."])
    assert km(r, 38.90, -77.04) < 100
    assert r.place.admin1 == "DC"


def test_washington_dc_qualifier(gaz):
    assert km(one(gaz, "Washington", "D.C."), 38.90, -77.04) < 100


@pytest.mark.parametrize("name", ["Ukraine", "China", "the USA", "U.S.", "Russia"])
def test_countries(gaz, name):
    r = one(gaz, name)
    assert r.place.feature_class == "A" and r.place.feature_code == "PCLI"
    assert r.place.country_code == {"Ukraine": "UA", "China": "CN", "the USA": "US", "U.S.": "US", "Russia": "RU"}[name]


@pytest.mark.parametrize("name, lat, lon", [("Crimea", 45.3, 34.4), ("the Crimea", 45.3, 34.4),
                                            ("Donbas", 48.0, 38.0), ("Donbass", 48.0, 38.0)])
def test_curated_regions(gaz, name, lat, lon):
    r = one(gaz, name, context=["Ukraine", "Russia"])
    assert km(r, lat, lon) < 150
    assert r.place.place_id.startswith("curated:")


def test_kharkiv(gaz):
    r = one(gaz, "Kharkiv")
    assert r.place.country_code == "UA" and km(r, 49.98, 36.25) < 30


def test_bangor_maine_not_northern_ireland(gaz):
    r = one(gaz, "Bangor", "Maine")
    assert (r.place.country_code, r.place.admin1) == ("US", "ME")
    assert km(r, 44.80, -68.78) < 30


def test_bangor_with_us_context(gaz):
    r = one(gaz, "Bangor", context=["Portland", "Maine"])
    assert (r.place.country_code, r.place.admin1) == ("US", "ME")


@pytest.mark.parametrize("name, lat, lon", [("Long Beach", 33.77, -118.19), ("Fresno", 36.75, -119.77)])
@pytest.mark.parametrize("qualifier", ["CA", "Calif.", "California"])
def test_california_qualifier(gaz, name, lat, lon, qualifier):
    r = one(gaz, name, qualifier)
    assert (r.place.country_code, r.place.admin1, r.place.feature_class) == ("US", "CA", "P")
    assert km(r, lat, lon) < 30


def test_oklahoma_is_the_state(gaz):
    r = one(gaz, "Oklahoma")
    assert (r.place.feature_code, r.place.country_code, r.place.admin1) == ("ADM1", "US", "OK")


def test_georgia_next_to_atlanta_is_the_state(gaz):
    assert one(gaz, "Georgia").place == gaz.country_place("GE")
    r = one(gaz, "Georgia", context=["Atlanta"])
    assert (r.place.feature_code, r.place.country_code, r.place.admin1) == ("ADM1", "US", "GA")


def test_africa_is_the_continent(gaz):
    r = one(gaz, "Africa")
    assert (r.place.feature_class, r.place.feature_code) == ("L", "CONT")


def test_brussels(gaz):
    r = one(gaz, "Brussels")
    assert r.place.country_code == "BE" and km(r, 50.85, 4.35) < 20


def test_palmyra_with_syria(gaz):
    r = one(gaz, "Palmyra", context=["Syria"])
    assert r.place.country_code == "SY" and km(r, 34.55, 38.27) < 30


def test_kiev_is_the_city(gaz):
    r = one(gaz, "Kiev")
    assert r.place.place_id == "703448" and r.place.feature_code == "PPLC"


def test_division_with_generic_word(gaz):
    r = one(gaz, "Donetsk region")
    assert r.place.feature_code == "ADM1" and km(r, 48.0, 37.8) < 100


def test_unresolvable(gaz):
    r = one(gaz, "Outpost Zeta-7")
    assert r == Resolution(None, 0.0)


def test_unresolved_never_dropped(gaz):
    tops = [Toponym("Outpost Zeta-7"), Toponym("Moscow"), Toponym("Narnia Prime"), Toponym("")]
    res = resolve_toponyms(tops, gaz)
    assert [r.place is None for r in res] == [True, False, True, True]
    assert [r.confidence for r in res if r.place is None] == [0.0, 0.0, 0.0]
    assert resolve_toponyms([], gaz) == []


def test_no_null_island(gaz):
    res = resolve_toponyms([Toponym(t) for t in ["Outpost Zeta-7", "Gaza", "Kashmir", "Sahel", "Middle East"]], gaz)
    for r in res:
        if r.place is not None:
            assert (r.place.latitude, r.place.longitude) != (0.0, 0.0)


@pytest.mark.parametrize("text, a2", [("Ukrainian", "UA"), ("Russian", "RU"), ("American", "US"), ("British", "GB")])
def test_demonym_is_the_country_never_a_place_name(gaz, text, a2):
    r = one(gaz, text, role="demonym")
    assert r.place == gaz.country_place(a2)


def test_european_demonym_unresolved(gaz):
    assert one(gaz, "European", role="demonym") == Resolution(None, 0.0)


def test_demonym_not_looked_up_as_place(gaz):
    # "Washington" with role demonym ("the Washington talks") is never looked up as a place (no
    # Washington, D.C. or state): it stands for the country whose capital it is
    res = one(gaz, "Washington", role="demonym")
    assert res.place is not None and res.place.feature_code == "PCLI" and res.place.country_code == "US"
    # a place name that is neither a nationality nor a capital stays unresolved
    assert one(gaz, "Wilmington", role="demonym") == Resolution(None, 0.0)


def test_demonym_sets_context(gaz):
    r = one(gaz, "Palmyra", context=[Toponym("Syrian", role="demonym")])
    assert r.place.country_code == "SY"


def test_government_building_goes_to_the_capital(gaz):
    r = one(gaz, "the Kremlin", role="metonymic")
    assert km(r, 55.75, 37.62) < 50 and 0 < r.confidence < 1
    assert km(one(gaz, "the White House", role="metonymic"), 38.90, -77.04) < 50


def test_dateline_breaks_ties(gaz):
    # Bangor alone is Bangor, Northern Ireland (largest); an Augusta, Maine dateline makes it Maine's
    assert one(gaz, "Bangor").place.country_code == "GB"
    r = one(gaz, "Bangor", context=[Toponym("Augusta", "Maine", "dateline")])
    assert (r.place.country_code, r.place.admin1) == ("US", "ME")


def test_confidence_range_and_ambiguity(gaz):
    clear = one(gaz, "Kharkiv")
    vague = one(gaz, "Bangor")
    assert 0.9 <= clear.confidence <= 1.0
    assert 0.0 < vague.confidence < clear.confidence


def test_qualifier_matches(gaz):
    wil_de = [p for p in gaz.candidates("Wilmington") if p.admin1 == "DE"][0]
    assert qualifier_matches("Delaware", wil_de, gaz) is True
    assert qualifier_matches("Maine", wil_de, gaz) is False
    assert qualifier_matches("United States", wil_de, gaz) is True
    assert qualifier_matches("Flibbertigibbet", wil_de, gaz) is None


def test_great_circle_km(gaz):
    moscow = gaz.place("524901")
    assert great_circle_km((55.75, 37.62), (38.90, -77.04)) == pytest.approx(7820, rel=0.01)
    assert great_circle_km(moscow, (55.75, 37.62)) < 1


# ------------------------------------------------------------------ counties and local news


def place_of(res: Resolution) -> tuple:
    p = res.place
    return (p.country_code, p.admin1, p.feature_code) if p else None


@pytest.mark.parametrize("name, state", [("Laurel County", "KY"), ("Cuyahoga County", "OH"),
                                         ("Kanawha County", "WV"), ("Alachua County", "FL")])
def test_us_counties_are_second_level_divisions(gaz, name, state):
    assert place_of(one(gaz, name)) == ("US", state, "ADM2")


def test_the_most_populous_county_without_context(gaz):
    assert place_of(one(gaz, "Orange County")) == ("US", "CA", "ADM2")


def test_county_point_is_inside_its_state(gaz):
    # Laurel County, Kentucky: the seat, London KY, is at 37.13 N 84.08 W
    assert km(one(gaz, "Laurel County"), 37.13, -84.08) < 40


@pytest.mark.parametrize("context, state", [
    (["Henry County"], "TN"),                 # Paris, Tennessee is Henry County's seat
    (["Lamar County"], "TX"),                 # Paris, Texas is Lamar County's seat
    (["Bourbon County"], "KY"),               # Paris, Kentucky is Bourbon County's seat
])
def test_local_places_are_read_together(gaz, context, state):
    res = resolve_toponyms([Toponym(c) for c in context] + [Toponym("Paris")], gaz)
    assert [place_of(r)[:2] for r in res] == [("US", state)] * len(res)


def test_the_capital_without_local_context(gaz):
    assert place_of(one(gaz, "Paris")) == ("FR", "11", "PPLC")
    assert place_of(one(gaz, "Dublin"))[0] == "IE"


def test_ohio_suburb_next_to_columbus(gaz):
    res = one(gaz, "Dublin", context=["Columbus", "Franklin County"])
    assert place_of(res)[:2] == ("US", "OH")


def test_town_named_after_a_country_needs_strong_local_evidence(gaz):
    assert place_of(one(gaz, "China"))[2] == "PCLI"
    assert place_of(one(gaz, "Poland"))[2] == "PCLI"
    # East Texas: Palestine among Anderson County's places is the town
    res = one(gaz, "Palestine", context=["Anderson County", "Texas", "Tyler"])
    assert place_of(res)[:3] == ("US", "TX", "PPL")


@pytest.mark.parametrize("text, a2", [("German", "DE"), ("Canadian", "CA"), ("Mexican", "MX")])
def test_nationality_word_given_as_a_place_is_its_country(gaz, text, a2):
    res = one(gaz, text)  # role "literal": the evaluation corpora annotate them as toponyms
    assert res.place is not None and res.place.feature_code == "PCLI" and res.place.country_code == a2


@pytest.mark.parametrize("text, state", [("Va.", "VA"), ("Mont.", "MT"), ("La.", "LA"), ("Fla.", "FL"),
                                         ("Pa.", "PA"), ("Kan.", "KS")])
def test_dotted_state_abbreviation_is_the_state(gaz, text, state):
    assert place_of(one(gaz, text)) == ("US", state, "ADM1")


def test_los_angeles_abbreviation_is_the_city(gaz):
    res = one(gaz, "L.A.")
    assert res.place is not None and res.place.name == "Los Angeles" and res.place.country_code == "US"


@pytest.mark.parametrize("code", ["WA", "OAS", "CHU"])
def test_short_all_caps_code_is_not_a_small_town(gaz, code):
    res = one(gaz, code)
    assert res.place is None or res.place.feature_class != "P" or res.place.population >= 100_000


@pytest.mark.parametrize("text, a2, region", [("Texans", "US", "Texas"), ("Scottish", "GB", "Scotland"),
                                              ("Bavarian", "DE", "Bavaria"), ("Ontarians", "CA", "Ontario")])
def test_regional_demonym_is_its_division_as_a_place_and_its_country_as_a_nationality(gaz, text, a2, region):
    res = one(gaz, text)
    assert res.place is not None and res.place.feature_code == "ADM1"
    assert (res.place.country_code, res.place.name) == (a2, region)
    demonym = one(gaz, text, role="demonym")
    assert demonym.place is not None and demonym.place.feature_code == "PCLI" and demonym.place.country_code == a2


@pytest.mark.parametrize("text", ["West", "Atlantic", "Pacific", "Arab", "Gulf", "Western"])
def test_generic_words_are_not_towns(gaz, text):
    """Never the towns of these names (Atlantic, Iowa; Arab, Alabama); an ocean's adjective alone
    is the ocean (see tests/test_geo_candidates.py), the others nothing."""
    for res in (one(gaz, text), one(gaz, text, context=["Des Moines", "Iowa"])):
        if text in ("Atlantic", "Pacific"):
            assert (res.place.feature_class, res.place.feature_code, res.place.country_code) == ("H", "OCN", None)
        else:
            assert res.place is None


def test_generic_word_with_a_qualifier_is_the_town(gaz):
    assert place_of(one(gaz, "Atlantic", qualifier="Iowa"))[:3] == ("US", "IA", "PPL")


def test_state_placed_at_its_city_by_the_source_is_moved_to_its_places(gaz):
    """country-state-city puts New York state at New York City; the gazetteer uses the mean of
    the state's places instead (GeoNames' own point, 43.0 N 75.5 W, is within 161 km of it)."""
    ny = gaz.place("5128638")
    assert ny.feature_code == "ADM1" and "mean of" in ny.source
    assert great_circle((ny.latitude, ny.longitude), (40.71, -74.01)).km > 100  # not the city
    assert great_circle((ny.latitude, ny.longitude), (43.0, -75.5)).km < 161


def test_capital_as_a_modifier_gives_its_country_as_context(gaz):
    """"the Minsk agreements": the extraction marks a capital used as a modifier as a demonym
    (country context, not a place on the map); it resolves to the country."""
    res = one(gaz, "Minsk", role="demonym")
    assert res.place is not None and res.place.feature_code == "PCLI" and res.place.country_code == "BY"


def test_famous_capital_beats_a_small_town_that_won_on_country_context(gaz):
    """Under a WASHINGTON dateline "Warsaw" is still Poland's capital, not Warsaw, Virginia (1,500
    people, 107 km away); with local evidence ("Laurel County", whose seat it is) "London" is London,
    Kentucky."""
    res = resolve_toponyms([Toponym("Washington", None, "dateline"), Toponym("Warsaw", None, "literal")], gaz)
    assert (res[1].place.country_code, res[1].place.feature_code) == ("PL", "PPLC")
    res = resolve_toponyms([Toponym(n, None, "literal") for n in ("London", "Laurel County")], gaz)
    assert (res[0].place.country_code, res[0].place.admin1) == ("US", "KY")


def test_great_circle_km_is_geopys_distance_to_the_last_bit():
    import random

    rng = random.Random(16)
    pairs = [((rng.uniform(-90, 90), rng.uniform(-180, 180)), (rng.uniform(-90, 90), rng.uniform(-180, 180)))
             for _ in range(2000)] + [((0, 0), (0, 0)), ((90, 180), (-90, -180)), ((1, 2), (1, 200))]
    assert all(great_circle_km(a, b) == great_circle(a, b).km for a, b in pairs)


def test_geoparsing_modules_keep_their_size_and_their_arrows():
    """nlp -> geo -> gazetteer: no geoparsing module imports Streamlit, the NLP package, the
    pipeline or a view; none is over 400 lines, and no function in it over 80."""
    import ast
    from pathlib import Path

    import dashboard

    root = Path(dashboard.__file__).resolve().parent
    paths = [*root.glob("geo*.py"), *(root / "gazetteer").glob("*.py")]
    assert {p.stem for p in paths} >= {"geo", "geo_score", "geo_candidates", "geo_focus", "geocoder",
                                       "geocoder_client", "geocoder_results"}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 400, path.name
        tree = ast.parse(text)
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        bad = {m for m in imported if m.split(".")[0] == "streamlit"
               or m.startswith(("dashboard.nlp", "dashboard.pipeline", "dashboard.views", "dashboard.query"))}
        assert not bad, f"{path.name} imports {bad}"
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno - node.lineno + 1 <= 80, f"{path.name}: {node.name}"
