"""A person's role read from the title before their name (dashboard.nlp.roles): no function words
left dangling when words are taken out of it, the country of an office named after "of", and the
object of "Ambassador to ..." / "Representative for ..." never taken for the person's country.
Sentences written here; the small model decides what is a name."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard.nlp.roles import tidy_role


@pytest.mark.parametrize("words, role", [
    (["Chief", "of", "of", "the", "Office"], "Chief of the Office"),
    (["Head", "of", "the", "of", "the", "Minister"], "Head of the Minister"),
    (["of", "the", "Envoy", "for"], "Envoy"),
    (["Ambassador", "to", "Germany"], "Ambassador to Germany"),
    (["the", "the", "Speaker"], "Speaker"),
    (["of", "the"], None),
])
def test_tidy_role_drops_function_words_that_join_nothing(words, role):
    assert tidy_role(words) == role


@pytest.fixture(scope="module")
def person(canonical_tables):
    def read(text: str, name: str) -> dict:
        tables = canonical_tables(text)
        rows = tables["actors"].filter(pl.col("name") == name).to_dicts()
        assert rows, tables["actors"].select("name", "kind").rows()
        return rows[0]
    return read


def test_a_title_with_a_word_left_out_reads_as_a_title(person):
    p = person("The delegation was led by Head of the Secretariat of the Prime Minister Sergei Volkov yesterday.",
               "Sergei Volkov")
    assert p["role"] and " of of " not in f" {p['role']} " and " of the of " not in f" {p['role']} "


@pytest.mark.parametrize("text, name, foreign", [
    ("Ambassador to France Jane Hartley left Paris.", "Jane Hartley", "FRA"),
    ("Ambassador to Germany Oleksii Makeiev met the minister.", "Oleksii Makeiev", "DEU"),
    ("Special Representative for Ukraine Kurt Volker said the talks failed.", "Kurt Volker", "UKR"),
])
def test_the_country_an_office_is_to_is_not_the_persons(person, text, name, foreign):
    p = person(text, name)
    assert p["country"] != foreign
    assert p["role"] and set(p["role"].lower().split()) & {"to", "for"}  # the role keeps its object: "Ambassador to France"


def test_the_country_of_an_office_named_after_of_is_the_persons(person):
    p = person("President of the State of Israel Isaac Herzog spoke with the Russian leader.", "Isaac Herzog")
    assert p["country"] == "ISR" and p["role"].startswith("President")
