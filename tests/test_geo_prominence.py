"""Prominence a town's own name hides: another romanisation of a big city's name, and a world-famous
place smaller than a namesake (resolver only, offline gazetteer; :mod:`dashboard.geo_prominence`)."""

from __future__ import annotations

from collections import Counter

from dashboard.gazetteer import MATCH_ALTERNATE, MATCH_NAME
from dashboard.geo_prominence import (
    PROMINENT_NAMES, article_country_city, exonym_prominence, romanisation_variants, romanised_cities,
)
from dashboard.records import Place
from tests.conftest import last, where


def town(pid: str, cc: str, pop: int) -> Place:
    return Place(pid, "X", "P", "PPL", cc, "01", 50.0, 30.0, pop)


def test_romanisation_variants_are_single_inner_edits():
    """One edit of the romanisation systems' differences, never at the first or last letter, only
    for one word of five letters or more."""
    assert "makeevka" in romanisation_variants("Makeyevka")  # "ye" / "e"
    assert "luhansk" in romanisation_variants("Lugansk")  # Russian "g", Ukrainian "h"
    assert "ternopil" in romanisation_variants("Ternopol")  # Russian "o", Ukrainian "i"
    assert "madinat" not in romanisation_variants("Madinaty")
    assert "makeyevka" not in romanisation_variants("Makeyevka")
    assert romanisation_variants("Krivoy Rog") == []
    assert romanisation_variants("Kiev") == []


def test_romanised_cities_only_big_cities_far_bigger_than_the_name_as_written(gaz):
    """"Kaluha" (a village in Ukraine as written) is Kaluga in another romanisation; a variant adds
    nothing when the name as written already retrieves a big city."""
    ms = gaz.matches("Kaluha")
    found = romanised_cities(gaz, "Kaluha", ms)
    assert [(p.country_code, k) for p, k in found] == [("RU", MATCH_ALTERNATE)]
    assert found[0][0].population >= 100_000
    assert romanised_cities(gaz, "Lugansk", gaz.matches("Lugansk")) == []


def test_another_romanisation_of_a_big_city_beats_a_small_namesake_in_another_country(gaz):
    """A story about Russia that names "Kaluha" means Kaluga, not a village in Ukraine."""
    assert where(last(gaz, "Russia", "Moscow", "Kaluha"))[0] == "RU"
    assert last(gaz, "Russia", "Moscow", "Kaluha").place.population >= 100_000


def test_a_name_that_retrieves_nothing_as_written_is_a_big_city_of_another_romanisation(gaz):
    """"Kharkyv" and "Zaporozhie" are spellings GeoNames lacks of Kharkiv and Zaporizhzhia."""
    for name in ("Kharkyv", "Zaporozhie"):
        assert gaz.matches(name) == []
        res = last(gaz, "Ukraine", name)
        assert where(res)[0] == "UA" and res.place.population >= 500_000


def test_a_name_that_retrieves_nothing_takes_no_city_in_a_country_the_article_does_not_vote_for(gaz):
    """"Leyen" (of Ursula von der Leyen) is one edit from an alternate name of Leiden, and "Khatyn"
    (a memorial village in Belarus the gazetteer lacks) one from Ha Tinh's: neither the Netherlands
    nor Vietnam is named in the story, so neither name is read as those cities."""
    assert last(gaz, "Ukraine", "Kyiv", "Leyen").place is None
    assert last(gaz, "Russia", "Belarus", "Khatyn").place is None
    assert last(gaz, "Ukraine", "Kharkyv").place is not None


def test_the_small_namesake_stays_when_the_article_votes_for_its_country_or_for_none(gaz):
    assert where(last(gaz, "Ukraine", "Lviv", "Kaluha"))[0] == "UA"
    assert where(last(gaz, "Kaluha"))[0] == "UA"
    assert where(last(gaz, "Russia", "Saratov", "Krasnoarmeysk"))[0] == "RU"


def test_article_country_city_needs_more_votes_and_ten_times_the_size():
    small, city = town("1", "RU", 2_000), town("2", "UA", 80_000)
    cands = [(small, MATCH_NAME), (city, MATCH_ALTERNATE)]
    assert article_country_city(cands, 0, Counter({"UA": 2, "RU": 1})) is city
    assert article_country_city(cands, 0, Counter({"UA": 1, "RU": 1})) is None
    assert article_country_city([(small, MATCH_NAME), (town("3", "UA", 15_000), MATCH_ALTERNATE)], 0,
                                Counter({"UA": 2})) is None
    # a city chosen by its own name is no small town
    assert article_country_city([(town("4", "RU", 60_000), MATCH_NAME), (city, MATCH_ALTERNATE)], 0,
                                Counter({"UA": 3})) is None


def test_gazetteer_counts_the_latin_names_of_a_world_famous_town(gaz):
    """Cádiz in Spain (117,000 people) is written its own way in many languages; Cadiz in the
    Philippines (129,000) is not."""
    cadiz = {p.country_code: p for p in gaz.candidates("Cadiz") if p.feature_class == "P"}
    assert gaz.name_count(cadiz["ES"]) >= PROMINENT_NAMES
    assert gaz.name_count(cadiz["ES"]) >= 2 * gaz.name_count(cadiz["PH"])


def test_a_world_famous_town_beats_a_larger_namesake_the_article_gives_no_evidence_for(gaz):
    assert where(last(gaz, "Moscow", "Cadiz"))[0] == "ES"
    assert where(last(gaz, "Italy", "Rome", "San Marino"))[0] == "SM"


def test_the_larger_namesake_stays_with_evidence_for_its_country_or_region(gaz):
    assert where(last(gaz, "Philippines", "Manila", "Cadiz"))[0] == "PH"
    assert where(last(gaz, "California", "Pasadena", "San Marino")) == ("US", "CA")
    assert where(last(gaz, "Cadiz"))[0] == "PH"  # no other name: population decides


def test_exonym_prominence_needs_a_vote_elsewhere_and_twice_the_names():
    class Counts:
        def __init__(self, counts):
            self.counts = counts

        def name_count(self, p):
            return self.counts.get(p.place_id, 0)

    big, famous = town("1", "US", 90_000), town("2", "PS", 30_000)
    cands = [(big, MATCH_NAME), (famous, MATCH_NAME)]
    assert exonym_prominence(cands, 0, Counter({"RU": 1}), Counts({"1": 8, "2": 18})) == 1
    assert exonym_prominence(cands, 0, Counter({"RU": 1, "US": 1}), Counts({"1": 8, "2": 18})) == 0
    assert exonym_prominence(cands, 0, Counter(), Counts({"1": 8, "2": 18})) == 0
    assert exonym_prominence(cands, 0, Counter({"RU": 1}), Counts({"1": 10, "2": 18})) == 0
    assert exonym_prominence(cands, 0, Counter({"RU": 1}), Counts({"2": 14})) == 0
