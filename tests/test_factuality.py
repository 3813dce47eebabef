"""Factuality of events (``events.modality``) and figurative conflict verbs, one test per kind."""

from datetime import datetime, timezone

import pytest

from dashboard.nlp.modality import MODALITIES
from dashboard.pipeline import run
from dashboard.records import Article
from dashboard.settings import Settings

PUBLISHED = datetime(2024, 11, 14, tzinfo=timezone.utc)


def events(text):
    ev = run([Article(text=text, published=PUBLISHED)], Settings.from_env({}))["events"]
    return {r["verb"]: r for r in ev.iter_rows(named=True)}


@pytest.mark.parametrize("text, verb, modality", [
    ("Ecuador expelled the Mexican ambassador on Tuesday.", "expel", "asserted"),
    ("Nigeria did not expel the envoy from Ghana.", "expel", "negated"),
    ("Armenia never shelled Azerbaijani villages.", "shell", "negated"),
    ("Pakistan could strike India if provoked.", "strike", "hypothetical"),
    ("Bolivia may sever ties with Chile.", "sever", "hypothetical"),
    ("Kosovo will close the border unless Serbia withdraws its police.", "withdraw", "hypothetical"),
    ("Estonia is considering expelling Russian diplomats.", "expel", "hypothetical"),
    ("Did Venezuela invade Guyana last week?", "invade", "question"),
    ("Greece will host Turkey for talks in Athens.", "host", "future"),
    ("Sweden plans to deport the Iraqi activist.", "deport", "future"),
    ("Qatar is set to host talks between Israel and Hamas.", "talk", "future"),
    ("Algeria denied that its army had crossed into Mali.", "deny", "denied"),
])
def test_modality_kinds(text, verb, modality):
    ev = events(text)
    assert ev[verb]["modality"] == modality
    assert ev[verb]["modality"] in MODALITIES


@pytest.mark.parametrize("text, verb", [
    ("Analysts found no evidence that Lebanon had deported the Syrian refugees.", "deport"),
    ("The blogger falsely claimed that Moldova arrested the Romanian consul.", "arrest"),
    ("Observers saw no sign that Cuba expelled the Spanish envoy.", "expel"),
    ("The Libyan unit surrendered rather than attack the Egyptian convoy.", "attack"),
])
def test_fact_checks_and_alternatives_not_taken_are_negated(text, verb):
    ev = events(text)[verb]
    assert (ev["negated"], ev["modality"]) == (True, "negated")


def test_what_a_denial_denies_is_denied_not_asserted():
    ev = events("Kenya's interior minister rejected reports that Nairobi had expelled the Ugandan diplomats.")
    assert ev["expel"]["modality"] == "denied" and ev["expel"]["negated"]


def test_negated_and_modality_agree():
    for text in ("Peru did not recall its ambassador.", "Bolivia denied that it closed the Peruvian border.",
                 "Chile recalled its ambassador from Lima."):
        for ev in events(text).values():
            assert ev["negated"] == (ev["modality"] in ("negated", "denied"))


@pytest.mark.parametrize("text, verb", [
    ("The opposition leader attacked the budget in parliament.", "attack"),
    ("Brussels and Washington fought a war of words over tariffs.", "war"),
    ("The senator hit out at the proposal on Monday.", "hit"),
])
def test_figurative_attacks_are_criticism_not_material_conflict(text, verb):
    for ev in events(text).values():
        assert ev["quad_class"] != 4, ev


def test_seizing_an_idea_is_no_occupation():
    ev = events("The populist movement seized on old theories of national decline.")
    assert all(e["quad_class"] != 4 for e in ev.values())


def test_literal_attacks_stay_material_conflict():
    ev = events("Houthi rebels attacked a Saudi oil terminal.")
    assert ev["attack"]["quad_class"] == 4
