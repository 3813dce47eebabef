"""An office title with a country's name or nationality word and no name after it ("the Ukrainian
Head of State said", "the Russian Head of Government") refers to the office's holder: no
organisation actor (dashboard.nlp.roles.office_reference). Bodies whose names no title closes stay
organisations, a place's office right before a name stays that person's role, and such an office
is no apposition of a person not known to hold it."""

from __future__ import annotations

import polars as pl
import pytest


@pytest.mark.parametrize("text, office", [
    ("The Russian Head of Government met the delegation in Moscow.", "Head of Government"),
    ("The Georgian Head of State arrived in Tbilisi on Monday.", "State"),
    ("The Kazakh Head of Government thanked the investors.", "Head of Government"),
    ("The Armenian Head of Government spoke with the press in Yerevan.", "Head of Government"),
])
def test_a_countrys_office_without_a_name_is_no_organisation(canonical_tables, text, office):
    actors = canonical_tables(text)["actors"]
    orgs = actors.filter(pl.col("kind") == "organization")["name"].to_list()
    assert not any(office in name or name == "State" for name in orgs), orgs


@pytest.mark.parametrize("text, body", [
    ("The Ukrainian State Border Service said the crossing was closed.", "Ukrainian State Border Service"),
    ("The Ukrainian Foreign Ministry condemned the strike.", "Ukrainian Foreign Ministry"),
])
def test_a_body_no_title_closes_stays_an_organisation(canonical_tables, text, body):
    actors = canonical_tables(text)["actors"]
    assert body in actors.filter(pl.col("kind") == "organization")["name"].to_list()


def test_an_office_is_no_apposition_of_a_person_not_known_to_hold_it(canonical_tables):
    text = ("Commenting on calls to look for approaches to Vladimir Putin, the Ukrainian Head of State stressed "
            "that the search should not cost Ukrainian lives.")
    tables = canonical_tables(text)
    ents = tables["entities"].join(tables["actors"].select("actor_id", "name"), on="actor_id", how="left")
    linked = ents.filter(pl.col("text").str.contains("Head of State"))["name"].to_list()
    assert "Vladimir Putin" not in linked, linked
