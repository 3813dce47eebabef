"""Candidate generation for names that retrieve nothing as written, and the kinds of place a name
stands for (offline gazetteer, no network). One test per kind, each on made-up sentences' names."""

from __future__ import annotations

import pytest

from dashboard.evaluation.geo_corpus import GoldToponym
from dashboard.evaluation.geo_errors import CEILING_KINDS, ceiling_kind
from dashboard.geo import resolve_toponyms
from dashboard.geo_candidates import fallback_candidates, reachable_places, written_out
from dashboard.records import Toponym


def places(gaz, *names, qualifiers=None):
    """Resolve the names as one article's toponyms; the chosen places (None when unresolved)."""
    qualifiers = qualifiers or [None] * len(names)
    return [r.place for r in resolve_toponyms([Toponym(n, q, "literal") for n, q in zip(names, qualifiers)], gaz)]


def test_an_oceans_or_seas_short_name_is_the_ocean_or_sea(gaz):
    """"across the Atlantic", "in the Mediterranean": the ocean or sea, not a town called
    Atlantic; with a qualifier the town is still reachable."""
    atlantic, med = places(gaz, "Atlantic", "Mediterranean")
    assert (atlantic.name, atlantic.feature_class, atlantic.country_code) == ("Atlantic Ocean", "H", None)
    assert (med.name, med.feature_code) == ("Mediterranean Sea", "SEA")
    town = places(gaz, "Atlantic", qualifiers=["Iowa"])[0]
    assert (town.country_code, town.admin1, town.feature_class) == ("US", "IA", "P")


def test_a_direction_word_and_its_adjective_are_one_name(gaz):
    """"North Africa" is GeoNames' "Northern Africa"."""
    p = places(gaz, "North Africa")[0]
    assert (p.name, p.feature_code, p.country_code) == ("Northern Africa", "RGN", None)


def test_an_areas_adjective_stands_for_the_area(gaz):
    """"Central American migrants", "Siberian winters": the region, not nothing."""
    central, siberian = places(gaz, "Central American", "Siberian")
    assert (central.name, central.feature_code) == ("Central America", "RGN")
    assert (siberian.name, siberian.country_code) == ("Siberia", "RU")


@pytest.mark.parametrize("text, name, code", [
    ("Colorado State University", "Colorado", "ADM1"),   # the place at the start of the name
    ("University of Kansas", "Kansas", "ADM1"),           # the place after "of", not a town "University"
    ("Dubai World Cup", "Dubai", None),                   # an event named after its city
    ("West Surrey", "Surrey", None),                      # a direction word before a division
    ("Tokyo Embassy", "Tokyo", "PPLC"),
])
def test_the_place_inside_a_longer_name(gaz, text, name, code):
    p = places(gaz, text)[0]
    assert p is not None and p.name == name
    assert code is None or p.feature_code == code


def test_no_place_inside_a_street_at_the_end_of_a_name_or_from_a_nationality(gaz):
    """Streets are named after far places ("Royal Street" is no town called Royal); the end of a
    name is mostly a common word ("Meadow Grove" is not Grove, "Barclays Center" not a division
    called Centre) unless only direction words come before it; an embassy named after its
    country is not in it; a code is no place ("SB Smith Electrical" is not the Solomon Islands)."""
    for text in ("Royal Street", "Meadow Grove", "Barclays Center", "Russian Embassy", "SB Smith Electrical",
                 "Gulf of Mexico"):
        assert fallback_candidates(text, gaz) == [], text


def test_a_town_inside_a_longer_name_needs_the_articles_places_near_it(gaz):
    """"Cavan Institute" is in Cavan when the article names Irish places near it; alone, a town of
    a few thousand people found inside a longer name is no reading ("Carnegie Library")."""
    assert places(gaz, "Cavan Institute")[0] is None
    cavan = places(gaz, "Cavan Institute", "Virginia", "Bailieborough")[0]
    assert cavan is not None and (cavan.name, cavan.country_code) == ("Cavan", "IE")


def test_a_place_inside_a_longer_name_is_no_context_for_the_others(gaz):
    """"Texas State University" says little about where a "Paris" of the same article is: Paris is
    still France's capital, while "Texas" itself would make it Paris, Texas."""
    paris = places(gaz, "Paris", "Texas State University")[0]
    assert (paris.country_code, paris.feature_code) == ("FR", "PPLC")
    assert places(gaz, "Paris", "Texas")[0].country_code == "US"


def test_a_possessive_is_the_place(gaz):
    russia, kyiv = places(gaz, "Russia's", "Kyiv\u2019s")
    assert (russia.feature_code, russia.country_code) == ("PCLI", "RU")
    assert (kyiv.feature_code, kyiv.country_code) == ("PPLC", "UA")


def test_abbreviated_words_are_written_out(gaz):
    assert written_out("Mt. Pleasant") == "Mount Pleasant"
    assert written_out("Loudon Co.") == "Loudon County"
    assert written_out("W. Columbia") == "West Columbia"
    assert written_out("Co.") == "Co."  # one word alone is left as it is
    county = places(gaz, "Loudon Co.")[0]
    assert (county.name, county.feature_code) == ("Loudon County", "ADM2")


def test_a_region_scale_name_beats_a_hamlet_namesake(gaz):
    """"Siberia" is the Russian region, even in an article that names places in Chiapas, where a
    hamlet of that name lies; a region's name never goes to a populated place of under 50,000."""
    alone = places(gaz, "Siberia")[0]
    assert (alone.feature_code, alone.country_code) == ("RGN", "RU")
    in_mexico = places(gaz, "Chiapas", "Tuxtla Gutiérrez", "Siberia")[2]
    assert (in_mexico.feature_code, in_mexico.country_code) == ("RGN", "RU")
    assert all(p.feature_class != "P" or p.population >= 50_000 for p in reachable_places("Siberia", gaz))


def test_a_big_city_is_the_city_unless_the_text_says_the_state(gaz):
    """A bare "New York" is New York City; "New York state" and a qualifier ("Rego Park, New York")
    say the state."""
    city = places(gaz, "New York")[0]
    assert (city.name, city.feature_class) == ("New York City", "P")
    state = places(gaz, "New York state")[0]
    assert (state.feature_code, state.admin1) == ("ADM1", "NY")
    albany = places(gaz, "Albany", qualifiers=["New York"])[0]
    assert (albany.country_code, albany.admin1) == ("US", "NY")


def test_the_ceiling_is_taken_over_the_resolvers_own_candidates(gaz):
    """reachable_places gives what the resolver chooses among (the embedded place included), and
    ceiling_kind says why a gold point is out of their reach."""
    assert any(p.name == "Colorado" for p in reachable_places("Colorado State University", gaz))
    assert reachable_places("Atlantic", gaz)[0].feature_class == "H"

    def gold(text, gid, lat=0.0, lon=0.0):
        return GoldToponym(0, len(text), text, lat, lon, gid)

    assert ceiling_kind(gold("Main Street", None), gaz) == CEILING_KINDS[0]
    assert ceiling_kind(gold("Nowhereville", "999999999"), gaz) == CEILING_KINDS[1]
    # Kyiv's GeoNames id (703448), written as a nationality word and as a code
    assert ceiling_kind(gold("Kyivan", "703448", 50.45, 30.52), gaz) == CEILING_KINDS[3]
    assert ceiling_kind(gold("KYV", "703448", 50.45, 30.52), gaz) == CEILING_KINDS[4]
