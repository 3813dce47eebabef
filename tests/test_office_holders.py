"""A country's office title without a name ("the Ukrainian Head of State said", "the Russian Head of
Government", "the French Foreign Minister") is the one person of the article known to hold that office
of that country (dashboard.nlp.office_holders): its entity row, the quotations it says and the events
it is the source of take that person. No such person, or more than one, leaves it without an actor.
Sentences written here; the small model decides what is a name."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard.nlp.office_holders import office_kind, title_goes_on


@pytest.mark.parametrize("title, office", [
    ("Head of State", "head of state"),
    ("the Head of State", "head of state"),
    ("President", "head of state"),
    ("King", "head of state"),
    ("Prime Minister", "head of government"),
    ("Premier", "head of government"),
    ("Head of Government", "head of government"),
    ("Chancellor", "head of government"),
    ("Minister of Foreign Affairs", "foreign minister"),
    ("Foreign Minister", "foreign minister"),
    ("Defence Minister", "defence minister"),
    ("Agriculture Minister", "agriculture minister"),
    ("Vice President", None),
    ("former President", None),
    ("Chancellor of the Exchequer", "chancellor of exchequer"),  # another office: no head of government
    ("Foreign Ministry", None),
    (None, None),
])
def test_office_kind_names_one_office_by_its_titles(title, office):
    assert office_kind(title) == office


@pytest.mark.parametrize("text, title, goes_on", [
    ("The Russian Minister of Defence said the troops would stay.", "The Russian Minister", True),
    ("The Ukrainian Head of State said the city would be rebuilt.", "The Ukrainian Head of State", False),
    ("I informed the Greek Prime Minister of our decision.", "I informed the Greek Prime Minister", False),
    ("He met the French Minister of the Economy.", "He met the French Minister", True),
    ("The US President's National Security Advisor called.", "The US President", True),
    ("He spoke before the Russian President's meeting with the press.", "He spoke before the Russian President", False),
    ("Ukrainian President Volodymyr Zelensky arrived.", "Ukrainian President", True),
])
def test_a_title_that_goes_on_is_no_office_of_its_own(text, title, goes_on):
    from dashboard.nlp.model import load_spacy

    doc = load_spacy()(text)
    end = next(t.i for t in doc if t.idx >= len(title))
    assert title_goes_on(doc, end) is goes_on


def _linked(tables, phrase: str) -> list[str | None]:
    ents = tables["entities"].join(tables["actors"].select("actor_id", "name"), on="actor_id", how="left")
    return ents.filter(pl.col("text").str.contains(phrase))["name"].to_list()


def _speakers(tables) -> list[str | None]:
    quotes = tables["quotes"].join(tables["actors"].select(pl.col("actor_id").alias("speaker_actor_id"), "name"),
                                   on="speaker_actor_id", how="left")
    return quotes["name"].to_list()


@pytest.mark.parametrize("text, phrase, holder", [
    ("Ukrainian President Volodymyr Zelensky visited Kharkiv on Monday. "
     "The Ukrainian Head of State said the city would be rebuilt.", "Head of State", "Volodymyr Zelensky"),
    ("Russian Prime Minister Mikhail Mishustin met investors in Moscow. "
     "The Russian Head of Government said the economy would grow.", "Head of Government", "Mikhail Mishustin"),
    ("British Prime Minister Boris Johnson met Indian Prime Minister Narendra Modi. "
     "The Indian Head of Government said the partnership would last for decades.", "Head of Government",
     "Narendra Modi"),
    ("British Foreign Secretary Liz Truss arrived in Kyiv. "
     "The British Foreign Minister said London would send more aid.", "British Foreign Minister", "Liz Truss"),
    # the title before the name: the article's holder, wherever it names them
    ("The Ukrainian Head of State said the city would be rebuilt. "
     "Ukrainian President Volodymyr Zelensky visited Kharkiv on Monday.", "Head of State", "Volodymyr Zelensky"),
])
def test_an_office_without_a_name_is_its_holder_and_says_the_quote(canonical_tables, text, phrase, holder):
    tables = canonical_tables(text)
    assert _linked(tables, phrase) == [holder]
    assert holder in _speakers(tables)


@pytest.mark.parametrize("text, phrase, holder", [
    # another title of the same office: a defence secretary is the defence minister
    ("British Defence Secretary Ben Wallace met his Ukrainian counterpart. "
     "The British Defence Minister promised more missiles to Kyiv.", "British Defence Minister", "Ben Wallace"),
    ("Polish President Andrzej Duda met Ukrainian President Volodymyr Zelensky in Kyiv. "
     "The Polish Head of State promised more weapons.", "Polish Head of State", "Andrzej Duda"),
    ("Vice President Kamala Harris and US President Joe Biden met on Monday. "
     "The US Head of State signed the bill.", "US Head of State", "Joe Biden"),
])
def test_an_office_without_a_name_is_its_holder_as_the_events_source(canonical_tables, text, phrase, holder):
    tables = canonical_tables(text)
    assert _linked(tables, phrase) == [holder]
    last = tables["events"].filter(pl.col("sentence_id") == 1)  # the sentence with the office
    sources = last.join(tables["actors"].select(pl.col("actor_id").alias("source_actor_id"), "name"),
                        on="source_actor_id", how="left")
    assert sources["name"].to_list() == [holder]


@pytest.mark.parametrize("text, phrase", [
    # no one of that country holds the office in the article
    ("US President Joe Biden and French President Emmanuel Macron spoke by phone. "
     "The German Head of State said nothing.", "German Head of State"),
    ("German Chancellor Olaf Scholz visited Warsaw. The Polish Head of Government welcomed the visit.",
     "Polish Head of Government"),
    # two people the article calls Russia's president: no guess
    ("Russian President Vladimir Putin met Russian President Boris Yeltsin in a dream. "
     "The Russian Head of State said the talks were useful.", "Russian Head of State"),
    # the holder of another office of that country
    ("Russian Prime Minister Mikhail Mishustin met investors in Moscow. "
     "The Russian Head of State said the economy would grow.", "Russian Head of State"),
])
def test_an_office_without_its_one_holder_stays_without_an_actor(canonical_tables, text, phrase):
    tables = canonical_tables(text)
    assert _linked(tables, phrase) in ([], [None])
    people = tables["actors"].filter(pl.col("kind") == "person")["name"].to_list()
    assert not set(_speakers(tables)) & set(people)
