"""An organisation's country where the text or the actor dictionary says it
(:mod:`dashboard.nlp.org_country`): one test per kind of evidence, on sentences written for them."""

from datetime import datetime, timezone

import polars as pl
import pytest

from dashboard.actor_dictionary import ActorDictionary
from dashboard.pipeline import run
from dashboard.records import Article
from dashboard.settings import Settings

PUBLISHED = datetime(2024, 5, 14, tzinfo=timezone.utc)


def org_countries(text: str) -> dict[str, str | None]:
    t = run([Article(text=text, published=PUBLISHED)], Settings.from_env({}))
    orgs = t["actors"].filter(pl.col("kind") == "organization")
    return dict(orgs.select("name", "country").rows())


@pytest.mark.parametrize("text, name, country", [
    # a country's name inside the name
    ("Kenya Airways cancelled six flights on Monday.", "Kenya Airways", "KEN"),
    ("The Bank of Thailand raised its main rate.", "Bank of Thailand", "THA"),
    # a nationality word in the organisation's noun phrase
    ("Swedish truckmaker Scania reported a loss.", "Scania", "SWE"),
    # a country's possessive before it
    ("Japan's Nintendo cut its forecast.", "Nintendo", "JPN"),
    # an apposition
    ("Scania, the Swedish truckmaker, reported a loss.", "Scania", "SWE"),
])
def test_the_country_the_text_gives_an_organisation(text, name, country):
    assert org_countries(text)[name] == country


@pytest.mark.parametrize("text, country", [
    ("The Polish Interior Ministry said the border would stay open.", "pol"),  # a nationality word before it
    ("Officials of the Ministry of Health of Peru met the unions.", "per"),      # the country after it
])
def test_a_government_body_of_a_country_is_that_countrys_body(text, country):
    t = run([Article(text=text, published=PUBLISHED)], Settings.from_env({}))
    row = t["actors"].filter(pl.col("kind") == "organization").row(0, named=True)
    assert row["country"] == country.upper() and row["actor_id"].startswith(f"org:{country}-")


@pytest.mark.parametrize("text, name", [
    ("GM said sales fell in March.", "GM"),                          # an ISO code that is an acronym
    ("The Interior Ministry said the border would stay open.", "Interior Ministry"),  # no country said
    ("Boeing's European rival Airbus won the order.", "Airbus"),     # a continent is no country
])
def test_no_country_where_the_text_gives_none(text, name):
    countries = org_countries(text)
    assert countries.get(name) is None


def test_a_dictionary_entry_gives_an_organisation_its_country(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n  - name: Tarnow Logistics\n    kind: organization\n    country: POL\n", encoding="utf-8")
    tables = run([Article(text="Tarnow Logistics said it would hire 300 drivers.", published=PUBLISHED)],
                 Settings.from_env({}))
    assert dict(tables["actors"].select("name", "country").rows())["Tarnow Logistics"] is None
    tables, _ = ActorDictionary.load(path).apply(tables)
    assert dict(tables["actors"].select("name", "country").rows())["Tarnow Logistics"] == "POL"
