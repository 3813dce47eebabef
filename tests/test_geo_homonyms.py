"""A prominent place against a small namesake: the article's focus decides (resolver only, offline gazetteer)."""

from __future__ import annotations

from dashboard.geo import resolve_toponyms
from dashboard.records import Toponym
from tests.conftest import last, where


def test_world_city_beats_a_small_namesake_when_the_article_is_about_elsewhere(gaz):
    """A story about Russia and Ukraine that also names the United States: "Geneva" is the Swiss
    city, not a town in Illinois or New York; the same for "Rotterdam" next to Belarus."""
    assert where(last(gaz, "Russia", "Ukraine", "Moscow", "United States", "Geneva"))[0] == "CH"
    assert where(last(gaz, "Russia", "Ukraine", "Washington", "Geneva"))[0] == "CH"
    assert where(last(gaz, "Russia", "Belarus", "Rotterdam"))[0] == "NL"


def test_small_namesake_stays_when_the_article_is_about_its_country_or_region(gaz):
    """Local evidence keeps the town: another place in its state, or the article's names voting
    only for its country (US local news must not move to Europe)."""
    assert where(last(gaz, "Illinois", "Kane County", "Geneva")) == ("US", "IL")
    assert where(last(gaz, "United States", "Geneva"))[0] == "US"
    assert where(last(gaz, "Ohio", "Athens")) == ("US", "OH")
    assert where(last(gaz, "Kentucky", "Frankfurt")) == ("US", "KY")


def test_a_state_neighbour_keeps_a_hamlet_only_in_a_story_about_its_country(gaz):
    """New York City named in a story about Ukraine does not make "Madrid" a hamlet in New York
    State; in a story about New York State it does."""
    assert where(last(gaz, "Ukraine", "Russia", "Kyiv", "New York", "Madrid"))[0] == "ES"
    assert where(last(gaz, "New York", "Albany", "Madrid")) == ("US", "NY")


def test_foreign_spelling_and_alternate_names_yield_to_the_city_of_that_name(gaz):
    """"Frankfurt" (a GeoNames alternate name of Frankfort, Kentucky, too) in a story about Russia
    and the United States is Frankfurt am Main; "Milan" is Italy's city, not a town that once bore
    that name."""
    assert where(last(gaz, "Russia", "Ukraine", "United States", "Frankfurt"))[0] == "DE"
    assert where(last(gaz, "Russia", "Ukraine", "United States", "Milan"))[0] == "IT"


def test_lone_village_in_a_country_the_article_never_names_is_left_unresolved(gaz):
    """A name whose one gazetteer entry is a village in a country no other name of the article
    points to ("Korea" next to Mongolia and China) is no evidence of that village."""
    res = last(gaz, "Mongolia", "China", "Korea")
    assert res.place is None or res.place.country_code in ("KR", "KP")
    # the same village is kept when the article names its country
    assert where(last(gaz, "United States", "Texas", "Natalia")) == ("US", "TX")


def test_a_far_world_city_of_its_state_is_no_evidence_for_a_small_namesake(gaz):
    """A story about Russia that names Houston (400 km away) does not make "Paris" the Texas town,
    nor does New York City make "Geneva" the upstate town; a place near the town does ("Rochester",
    70 km from Geneva, New York), and a world city close by does too ("Paris" next to "Dallas")."""
    assert where(last(gaz, "Russia", "Houston", "Paris"))[0] == "FR"
    assert where(last(gaz, "Russia", "United States", "New York City", "Geneva"))[0] == "CH"
    assert where(last(gaz, "Russia", "New York City", "Rochester", "Geneva")) == ("US", "NY")
    assert where(last(gaz, "Paris", "Dallas", "Paris")) == ("US", "TX")
    # the state written beside the name is specific: "Geneva, N.Y."
    named = resolve_toponyms([Toponym("Russia"), Toponym("New York City"), Toponym("Geneva", "N.Y.")], gaz)
    assert where(named[-1]) == ("US", "NY")


def test_the_state_named_is_no_evidence_when_the_article_names_the_namesakes_country(gaz):
    """"Alexandria" in a story that names Egypt and Cairo is Egypt's city even when Louisiana is
    named too; "Lima" next to Peru and Ohio is Peru's capital; a neighbour of the town keeps it
    ("Pineville" next to Alexandria, Louisiana) and so does the state alone when the article
    names nothing in the namesake's country ("Ohio", "Athens" above)."""
    assert where(last(gaz, "Egypt", "Cairo", "Louisiana", "Alexandria"))[0] == "EG"
    assert where(last(gaz, "Peru", "Ohio", "Lima"))[0] == "PE"
    assert where(last(gaz, "Egypt", "Louisiana", "Pineville", "Alexandria")) == ("US", "LA")
    assert where(last(gaz, "Louisiana", "Alexandria")) == ("US", "LA")


def test_two_small_namesakes_do_not_hold_each_other_in_one_state(gaz):
    """"Milan" read as the hamlet in New York State is no evidence for "Geneva" there: in a story
    about Russia, China and the United States that also names New York City, Geneva is Swiss."""
    res = resolve_toponyms([Toponym(n) for n in ("Russia", "China", "United States", "Milan", "New York",
                                                  "Geneva")], gaz)
    assert where(res[-1])[0] == "CH"
