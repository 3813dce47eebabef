"""Event coding by kind of PLOVER miss (inputs written afresh for these tests): a target named
through the object's modifiers, light verbs whose object is a compound or a measured noun, a
demand that is the purpose of a protest, labour and hunger strikes, and a capital standing for its
state."""

from datetime import datetime, timezone

import pytest


PUBLISHED = datetime(2024, 6, 3, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def events(events_by_verb):
    return lambda text: events_by_verb(text, PUBLISHED)


@pytest.mark.parametrize("text, verb, target", [
    ("Chile rejected renewed calls by Bolivia for sea access.", "reject", "country:BOL"),
    ("Kenyan ministers demanded the release of Somali fishermen.", "demand", "country:SOM"),
    ("Moroccan artillery shelled positions of Algerian troops overnight.", "shell", "group:dza-troop"),
])
def test_target_named_through_the_objects_modifier(events, text, verb, target):
    assert events(text)[verb]["target_actor_id"] == target


@pytest.mark.parametrize("text, verb, code", [
    ("Norway gave Malawi two million dollars of aid.", "give", "070"),
    ("Egypt ended its mediation efforts between the two factions.", "end", "165"),
    ("Chad launched an offensive against Libyan forces.", "launch", "190"),
])
def test_light_verb_object_through_a_compound_or_measure(events, text, verb, code):
    assert events(text)[verb]["cameo_code"] == code


def test_a_demand_that_is_a_protests_purpose_is_the_protest(events):
    ev = events("Students staged a rally in Dakar to demand the resignation of President Sall.")
    assert "demand" not in ev
    protest = next(r for r in ev.values() if r["cameo_code"].startswith("14"))
    assert protest["target_actor_id"] == "person:sall"


def test_a_hunger_strike_is_a_protest_not_an_attack(events):
    codes = {r["cameo_code"] for r in events("Jailed activists began a hunger strike on Monday.").values()}
    assert codes and all(c.startswith("14") for c in codes)


def test_a_capital_stands_for_its_state(events):
    ev = events("French troops deployed in Bamako on Tuesday.")["deploy"]
    assert ev["target_actor_id"] == "country:MLI"
