"""Event coding that reads the whole clause: targets from prepositional complements, passive agents,
the subject of a participle clause. One test per failure kind, inputs written afresh."""

from datetime import datetime, timezone

import pytest

from dashboard.pipeline import run
from dashboard.records import Article
from dashboard.settings import Settings

PUBLISHED = datetime(2024, 6, 3, tzinfo=timezone.utc)


def events(text):
    ev = run([Article(text=text, published=PUBLISHED)], Settings.from_env({}))["events"]
    return {r["verb"]: r for r in ev.iter_rows(named=True)}


@pytest.mark.parametrize("text, verb, source, target", [
    ("Norway pulled its peacekeepers out of Lebanon.", "pull", "country:NOR", "country:LBN"),
    ("Portugal withdrew its remaining troops from Angola.", "withdraw", "country:PRT", "country:AGO"),
])
def test_own_forces_are_not_the_target_of_a_withdrawal(text, verb, source, target):
    ev = events(text)[verb]
    assert (ev["source_actor_id"], ev["target_actor_id"]) == (source, target)


def test_passive_agent_is_the_source():
    ev = events("Tunisian border guards were attacked by Libyan militiamen.")["attack"]
    assert ev["source_actor_id"] == "group:lby-militiaman"
    assert ev["target_actor_id"] in ("country:TUN", "group:tun-guard")


def test_participle_clause_takes_the_surface_subject_not_the_passive_agent():
    ev = events("While visiting Senegal, the Malian minister was attacked by Islamist militants.")
    assert ev["attack"]["source_actor_id"] == "group:islamist-militants"
    assert ev["visit"]["source_actor_id"] != ev["attack"]["source_actor_id"]
    assert ev["visit"]["source_actor_id"] == ev["attack"]["target_actor_id"]


@pytest.mark.parametrize("text, verb, target_country", [
    ("Ecuador granted asylum to four Colombian army officers.", "grant", "col"),
    ("Romania lifted its ban on Moldovan farm lorries.", "lift", "mda"),
])
def test_prepositional_targets_are_read_like_objects(text, verb, target_country):
    """A target named as a prepositional object ("to Colombian officers", "a ban on Moldovan
    lorries") is found like a direct object: any noun with a nationality."""
    ev = events(text)[verb]
    assert target_country in (ev["target_actor_id"] or "").lower()
