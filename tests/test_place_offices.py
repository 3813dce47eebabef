"""A place followed by an office title right before a person's name ("<place> Mayor <name>",
"<place> Governor <name>", "<nationality> Ambassador <name>") is that person's role, the place's country
theirs; never an organisation actor, even when the small model tags the place and the title as one
organisation (dashboard.nlp.roles). Sentences written here; the gazetteer decides what is a place."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard.nlp.lexicon import ROLE_WORDS


@pytest.mark.parametrize("text, person, role, country", [
    # tagged "[Novosibirsk Mayor]ORG [Anatoly Lokot]PERSON" by the small model
    ("Novosibirsk Mayor Anatoly Lokot opened the bridge.", "Anatoly Lokot", "Novosibirsk Mayor", "RUS"),
    ("Lviv Mayor Andriy Sadovyi said three missiles hit the city.", "Andriy Sadovyi", "Lviv Mayor", "UKR"),
    # the place left untagged: still the person's role and country
    ("Kharkiv Governor Oleh Synehubov said the city was shelled.", "Oleh Synehubov", "Kharkiv Governor", "UKR"),
    # a nationality word: the country, the title the role
    ("Brazilian Foreign Minister Carlos Franca arrived.", "Carlos Franca", "Foreign Minister", "BRA"),
    ("He thanked Latvia Ambassador Juris Poikans for the visit.", "Juris Poikans", "Ambassador", "LVA"),
])
def test_a_places_office_before_a_name_is_the_persons_role_not_an_organisation(canonical_tables, text, person, role, country):
    t = canonical_tables(text)
    actors = t["actors"]
    offices = actors.filter(pl.col("kind") != "person").filter(
        pl.col("name").map_elements(lambda n: any(w.lower() in ROLE_WORDS for w in n.split()), return_dtype=pl.Boolean))
    assert offices.height == 0, offices.to_dicts()
    row = actors.filter(pl.col("name") == person).row(0, named=True)
    assert (row["kind"], row["role"], row["country"]) == ("person", role, country)
    # the office's words, when the model tagged them as an entity, are a ROLE row of the person
    ents = t["entities"].filter(pl.col("label").is_in(["ORG", "FAC"]))
    assert not any(role.split()[-1] in e for e in ents["text"]), ents.to_dicts()


def test_a_place_in_an_office_before_a_name_is_still_a_toponym(canonical_tables):
    t = canonical_tables("Novosibirsk Mayor Anatoly Lokot opened the bridge.")
    assert "Novosibirsk" in t["place_mentions"]["text"].to_list()


def test_a_company_before_a_title_and_a_name_stays_an_organisation(canonical_tables):
    t = canonical_tables("Boeing President Jim Albaugh said deliveries would resume.")
    assert "org:boeing" in t["actors"]["actor_id"].to_list()
    row = t["actors"].filter(pl.col("name") == "Jim Albaugh").row(0, named=True)
    assert row["country"] is None
