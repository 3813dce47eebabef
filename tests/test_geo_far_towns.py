"""Toponym resolution: a far small town does not take an area's name, a capital is not claimed by a
dissolved state, and a town close to another name's reading beats a country of its name (issue 12).

Each test names its articles' places afresh; none is a corpus sentence.
"""

from __future__ import annotations

import pytest

from dashboard.geo import resolve_toponyms
from dashboard.records import Toponym


def read(gaz, *names):
    """``(country, admin1, feature code)`` of each name, resolved together as one article's places."""
    res = resolve_toponyms([Toponym(n) for n in names], gaz)
    return [(r.place.country_code, r.place.admin1, r.place.feature_code) if r.place else None for r in res]


def test_a_capital_is_its_own_countrys_seat_not_a_dissolved_states(gaz):
    """Serbia and Montenegro (dissolved in 2006) is more populous than Serbia and still lists
    Belgrade as its capital; the name stands for Serbia's government, and a town called Belgrade
    is found again among its neighbours."""
    assert gaz.seat_of_government("Belgrade").alpha2 == "RS"
    assert read(gaz, "Belgrade") == [("RS", "SE", "PPLC")]
    # a farm town outside Bozeman
    assert read(gaz, "Bozeman", "Gallatin County", "Belgrade")[-1][:2] == ("US", "MT")


def test_an_area_is_not_a_far_small_town_of_its_name(gaz):
    """A story from the Puget Sound that mentions England, and one from Toledo that mentions
    Normandy: the only towns called England and Normandy in the gazetteer are in Arkansas and
    Missouri, hundreds of kilometres from the other places, so the names are the areas."""
    assert read(gaz, "Seattle", "Tacoma", "England")[-1] == ("GB", "ENG", "ADM1")
    assert read(gaz, "Toledo", "Ohio", "Normandy")[-1][::2] == ("FR", "ADM1")


def test_a_small_town_named_after_an_area_stays_with_local_evidence(gaz):
    """The same names next to the towns' own neighbours stay the towns."""
    assert read(gaz, "Lonoke County", "England")[-1] == ("US", "AR", "PPL")
    assert read(gaz, "Little Rock", "England")[-1] == ("US", "AR", "PPL")
    assert read(gaz, "St. Louis", "Ferguson", "Normandy")[-1] == ("US", "MO", "PPL")


def test_a_small_states_parish_does_not_take_a_far_towns_name(gaz):
    """Barbados' parishes are first-level divisions named after saints; a "St. George" read as a
    small town in a story about Illinois and Colorado does not become a Caribbean parish."""
    assert read(gaz, "Kane County", "Ill.", "Jefferson County", "Colo.", "St. George")[-1][0] == "US"


@pytest.mark.parametrize("county, state", [("Wilson County", "TN"), ("Warren County", "OH")])
def test_a_town_next_to_a_county_of_the_article_beats_the_country_of_its_name(gaz, county, state):
    """A police report that names Lebanon twice and a county whose seat is a Lebanon: the second
    pass reads the town, close to the county's reading, even though its softmax share is lower
    than the country's in the first pass."""
    assert read(gaz, "Lebanon", county, "Lebanon") == [("US", state, "PPL"), ("US", state, "ADM2"),
                                                        ("US", state, "PPL")]


def test_a_country_stays_the_country_without_a_close_reading(gaz):
    assert read(gaz, "Lebanon") == [("LB", None, "PCLI")]
    assert read(gaz, "Beirut", "Lebanon")[-1] == ("LB", None, "PCLI")
    assert read(gaz, "England") == [("GB", "ENG", "ADM1")]
