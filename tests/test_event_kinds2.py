"""Event coding, second round of PLOVER misses fixed by kind (inputs written afresh for these tests):
places standing for their government as targets, targets through what an object is owned by or
concerns, sources by a group's origin or a nationality the model missed, purpose clauses and
adjective complements, stances in the passive, names the model did not tag, verbs the lexicon
lacked, and the modality of a purpose clause."""

from datetime import datetime, timezone

import pytest

from dashboard.pipeline import run
from dashboard.records import Article
from dashboard.settings import Settings

PUBLISHED = datetime(2024, 6, 3, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def events(events_by_verb):
    return lambda text: events_by_verb(text, PUBLISHED)


@pytest.mark.parametrize("text, verb, target", [
    ("Ethiopia lifted a state of emergency in the Amhara region on Monday.", "lift", None),  # its own: no target
    ("Turkey eased restrictions on Sunday in northern Cyprus.", "ease", "country:CYP"),
    ("The rebels threatened to resume attacks in Chad.", "threaten", "country:TCD"),
    ("Germany agreed to open a training centre in Tbilisi.", "agree", "country:GEO"),
])
def test_a_place_the_action_is_done_in_stands_for_its_government(events, text, verb, target):
    assert events(text)[verb]["target_actor_id"] == target


def test_a_statement_made_in_a_place_is_not_aimed_at_it(events):
    ev = events("The Austrian minister told reporters in Lviv that talks would go on.")
    assert all(r["target_actor_id"] != "country:UKR" for r in ev.values())


@pytest.mark.parametrize("text, verb, target", [
    ("Canada announced a suspension of flights with Belarus.", "suspension", "country:BLR"),
    ("Washington vetoed a Security Council draft on Tuesday.", "veto", "igo:un-security-council"),
    ("The government conceded to demands from the Awami League.", "concede", "org:awami-league"),
])
def test_targets_through_what_an_object_is_owned_by_or_concerns(events, text, verb, target):
    assert events(text)[verb]["target_actor_id"] == target


def test_a_things_place_is_no_actor(events):
    row = events("Mali shortened the curfew in Bamako by two hours.")["shorten"]
    assert (row["cameo_code"], row["source_actor_id"], row["target_actor_id"]) == ("081", "country:MLI", None)


@pytest.mark.parametrize("text, source", [
    ("Opposition parties in Senegal demanded a recount.", "country:SEN"),
    ("Activists from the Awami League staged a rally against the election commission.", "org:awami-league"),
    ("Demonstrators in Nairobi blocked a highway.", "group:ken-demonstrator"),
    ("A group of Peruvian diplomats held talks with Ecuador.", "group:per-diplomat"),
    ("Ghanaian police arrested three Togolese traders.", "group:gha-police"),
    ("Serb police detained two Kosovo officials.", "group:srb-police"),
])
def test_sources_by_a_groups_origin_or_a_missed_nationality(events, text, source):
    assert any(r["source_actor_id"] == source for r in events(text).values())


@pytest.mark.parametrize("text, verb, source", [
    ("Bhutanese farmers began a sit-in to protest against the dam.", "protest", None),
    ("Guatemala opened the border crossing to allow aid deliveries to Honduras.", "allow", "country:GTM"),
    ("Both the Sudanese army and the rebels are guilty of violating the truce.", "violate", "country:SDN"),
])
def test_purpose_clauses_and_adjective_complements_take_the_governing_subject(events, text, verb, source):
    run_text = run([Article(text=text, published=PUBLISHED)], Settings.from_env({}))["events"]
    rows = [r for r in run_text.iter_rows(named=True) if r["verb"] == verb]
    assert rows and (any(r["source_actor_id"] for r in rows) if source is None
                     else any(r["source_actor_id"] == source for r in rows))


def test_a_stance_in_the_passive_has_its_subject_as_source(events):
    row = events("Norway is opposed to Danish mediation in the dispute.")["oppose"]
    assert row["source_actor_id"] == "country:NOR" and row["target_actor_id"] != "country:NOR"


def test_names_the_model_missed(events):
    ev = events("The Shining Path group declared a ceasefire on Sunday.")
    assert next(iter(ev.values()))["source_actor_id"].startswith("org:")


@pytest.mark.parametrize("text, verb, code", [
    ("Rioters looted shops owned by Malaysian traders.", "loot", "171"),
    ("Settlers set fire to a mosque owned by Palestinian villagers.", "set", "171"),
    ("Kazakhstan closed its border with Kyrgyzstan.", "close", "191"),
    ("Armenia strengthened its forces along the border with Azerbaijan.", "strengthen", "154"),
    ("The agency dispatched inspectors to Pakistan.", "dispatch", "090"),
    ("Senegal cancelled the curfew in Ziguinchor.", "cancel", "081"),
])
def test_verbs_the_lexicon_lacked(events, text, verb, code):
    assert events(text)[verb]["cameo_code"] == code


def test_a_purpose_clause_is_intended_not_done(events):
    ev = events("Guatemala opened the border crossing to allow aid deliveries to Honduras.")
    assert ev["allow"]["modality"] == "future"
    assert ev["open"]["modality"] == "asserted" if "open" in ev else True
