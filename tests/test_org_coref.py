"""Organisational role coreference (issue 13): "the company", "the ministry", "the group" take the most
recent compatible organisation named before them, with the antecedent's sentence as evidence."""

from datetime import datetime, timezone

import pytest

from dashboard.pipeline import run
from dashboard.records import Article
from dashboard.settings import Settings

PUBLISHED = datetime(2024, 9, 3, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def settings():
    return Settings.from_env({})


def links(text, settings) -> tuple[list[tuple[str, str, int, int]], dict[str, str]]:
    """ROLE rows as (text, actor, sentence, antecedent sentence), and the events' verb -> source."""
    tables = run([Article(text=text, published=PUBLISHED)], settings)
    ents = tables["entities"]
    rows = ents.filter(ents["label"] == "ROLE").select("text", "actor_id", "sentence_id",
                                                        "antecedent_sentence_id").rows()
    return rows, dict(tables["events"].select("verb", "source_actor_id").rows())


def test_the_company_takes_the_company_named_before_with_its_sentence(settings):
    rows, sources = links("Volkswagen cut its forecast on Thursday. The company blamed weak demand in China.", settings)
    assert rows == [("The company", "org:volkswagen", 1, 0)]
    assert sources["blame"] == "org:volkswagen"


def test_the_most_recent_compatible_organisation_wins(settings):
    rows, _ = links("Siemens opened a plant in Texas. Two weeks later Volkswagen cut its forecast. "
                    "The company blamed weak demand.", settings)
    assert rows == [("The company", "org:volkswagen", 2, 1)]


def test_the_firm_is_not_a_public_body_and_the_ministry_is_not_a_company(settings):
    rows, _ = links("Siemens and the Ministry of Defence signed a contract. The firm said it would hire engineers. "
                    "The ministry denied any delay.", settings)
    assert ("The firm", "org:siemens", 1, 0) in rows
    assert ("The ministry", "org:ministry-of-defence", 2, 0) in rows


def test_the_group_is_an_organisation_not_a_country(settings):
    rows, sources = links("Russia hired the Wagner Group for the operation. The group denied the report.", settings)
    assert len(rows) == 1 and rows[0][0] == "The group" and rows[0][1].startswith("org:wagner")
    assert sources["deny"].startswith("org:wagner")


@pytest.mark.parametrize("text", [
    "Acme hired Bolt Corp. The company that built the bridge was fined.",        # restricted by a clause
    "Volkswagen cut its forecast. The parent company declined to comment.",      # another organisation
    "The company declined to comment on the report.",                            # nothing named before
    "Ukraine's defence minister met Germany's chancellor. The ministry declined to comment.",  # no ministry named
])
def test_non_anaphoric_or_unmatched_phrases_stay_unlinked(settings, text):
    rows, _ = links(text, settings)
    assert rows == []


def test_person_role_links_carry_the_antecedents_sentence(settings):
    rows, _ = links("Hungarian Foreign Minister Peter Szijjarto arrived in Beijing on Monday. Talks began at noon. "
                    "The minister criticised the European Commission over sanctions.", settings)
    assert rows == [("The minister", "person:peter-szijjarto", 2, 0)]


def test_in_the_nearest_sentence_the_subject_comes_first(settings):
    rows, _ = links("China Eastern Airlines ordered twenty jets from Airbus on Monday. "
                    "The company said the planes would fly from 2010.", settings)
    assert [(r[0], r[1]) for r in rows] == [("The company", "org:china-eastern-airlines")]
