"""Issue 13: one actor per organisation (dashboard.canonical) and organisations the small model reads as
people, on tables and texts written here."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import pytest

from dashboard import canonical
from dashboard.schema import TABLES


def org(aid, name, kind="organization"):
    return dict(actor_id=aid, name=name, kind=kind, aliases=[])


def tables(actors, mentions):
    """``mentions``: (article, actor id, text) rows of ``entities``."""
    ents = [dict(article_id=a, sentence_id=0, start=i, end=i + 1, text=t, label="ORG", actor_id=aid)
            for i, (a, aid, t) in enumerate(mentions)]
    return {"actors": TABLES["actors"].frame(actors), "entities": TABLES["entities"].frame(ents),
            "events": TABLES["events"].empty(), "quotes": TABLES["quotes"].empty()}


@pytest.mark.parametrize("short, full", [("Ford", "Ford Motor Company"), ("China Eastern", "China Eastern Airlines"),
                                         ("Fiat", "Fiat Group SpA"), ("US Air Force", "U.S. Air Force"),
                                         ("Bank of America", "Bank of America Corporation")])
def test_designators_and_dotted_initials_share_an_organisation_key(short, full):
    assert canonical.organisation_key(short) == canonical.organisation_key(full)


@pytest.mark.parametrize("a, b", [("GM", "GM Europe"), ("Boeing", "Boeing Defense"), ("Air Force", "US Air Force")])
def test_other_organisations_keep_other_keys(a, b):
    assert canonical.organisation_key(a) != canonical.organisation_key(b)


@pytest.mark.parametrize("name, acr", [("General Motors Corporation", "gm"), ("Penske Automotive Group", "pag"),
                                       ("U.S. Air Force", "usaf"), ("International Atomic Energy Agency", "iaea")])
def test_initials(name, acr):
    assert acr in canonical.initials(name)


def test_an_acronym_joins_the_organisation_an_article_names_beside_it():
    actors = [org("org:general-motors", "General Motors"), org("org:gm", "GM"), org("org:gm-europe", "GM Europe")]
    mentions = [("a1", "org:general-motors", "General Motors"), ("a1", "org:gm", "GM"), ("a1", "org:gm-europe", "GM Europe"),
                ("a2", "org:gm", "GM")]
    out, remap = canonical.canonicalise(tables(actors, mentions))
    assert remap == {"org:gm": "org:general-motors"}
    row = out["actors"].filter(pl.col("actor_id") == "org:general-motors").row(0, named=True)
    assert row["name"] == "General Motors" and "GM" in row["aliases"]
    assert out["entities"]["actor_id"].to_list().count("org:general-motors") == 3


def test_an_acronym_without_evidence_or_with_two_expansions_stays_apart():
    actors = [org("org:pag", "PAG"), org("org:penske-automotive-group", "Penske Automotive Group"),
              org("org:pacific-arts-guild", "Pacific Arts Guild")]
    apart = [("a1", "org:pag", "PAG"), ("a2", "org:penske-automotive-group", "Penske Automotive Group")]
    assert canonical.canonicalise(tables(actors, apart))[1] == {}
    two = apart + [("a2", "org:pag", "PAG"), ("a3", "org:pag", "PAG"), ("a3", "org:pacific-arts-guild", "x")]
    assert canonical.canonicalise(tables(actors, two))[1] == {}


def test_an_acronym_never_joins_another_kind():
    actors = [org("org:ua", "UA"), dict(actor_id="country:UKR", name="Ukraine Army", kind="country", aliases=[])]
    mentions = [("a1", "org:ua", "UA"), ("a1", "country:UKR", "Ukraine Army")]
    assert canonical.canonicalise(tables(actors, mentions))[1] == {}


@pytest.fixture(scope="module")
def extract():
    from dashboard.pipeline import run
    from dashboard.records import Article
    from dashboard.settings import Settings

    settings = Settings.from_env({})
    return lambda text: run([Article(text=text, published=datetime(2009, 6, 1, tzinfo=timezone.utc))], settings)


def test_a_name_the_article_tags_as_an_organisation_is_not_a_person(extract):
    t = extract("Ryanair cut fares. Ryanair said on Monday that demand fell. Analysts said Ryanair would recover.")
    assert set(t["entities"]["actor_id"]) == {"org:ryanair"}
    assert not t["actors"]["kind"].is_in(["person"]).any()


def test_a_title_word_opening_an_organisation_is_no_title(extract):
    t = extract("General Motors said it would close plants. General Motors shares fell.")
    assert set(t["entities"]["actor_id"]) == {"org:general-motors"}


def test_a_surname_shared_with_an_organisation_stays_a_person_beside_the_full_name(extract):
    t = extract("Gerald Ford met reporters in Detroit. Ford said the talks went well.")
    assert "person:gerald-ford" in set(t["entities"]["actor_id"])
    assert "org:ford" not in set(t["entities"]["actor_id"].drop_nulls())


def test_a_state_body_is_one_organisation_per_country_and_its_government_is_the_country(extract):
    t = extract("The U.S. Air Force picked Boeing over the UAE Air Force's choice. The United States Air Force "
                "said the tanker was cheaper. The Air Force will sign in May. The US Government approved.")
    ids = dict(t["entities"].select("text", "actor_id").rows())
    assert ids["U.S. Air Force"] == ids["United States Air Force"] == "org:usa-air-force"
    assert ids["UAE Air Force"] == "org:are-air-force"
    assert ids["US Government"] == "country:USA"
    # a bare "Air Force" in an article naming two countries' air forces is neither
    assert ids["Air Force"] not in ("org:usa-air-force", "org:are-air-force")


def test_a_bare_state_body_joins_the_one_country_body_of_the_store():
    actors = [dict(actor_id="org:usa-air-force", name="US Air Force", kind="organization", country="USA",
                   aliases=["Air Force"]),
              org("org:air-force", "Air Force"), org("org:senate", "Senate")]
    out, remap = canonical.canonicalise(tables(actors, [("a1", "org:air-force", "Air Force")]))
    assert len(remap) == 1 and out["actors"].height == 2
    row = out["actors"].filter(pl.col("aliases").list.contains("Air Force")).row(0, named=True)
    assert row["name"] == "US Air Force" and row["country"] == "USA"
    actors.append(dict(actor_id="org:are-air-force", name="UAE Air Force", kind="organization", country="ARE",
                       aliases=["Air Force"]))
    assert canonical.canonicalise(tables(actors, []))[1] == {}


def test_merging_reaches_its_fixed_point_in_one_pass():
    # a bare body joins the country's body; the merged actor then carries the country and the alias
    # "Fisheries" of its bare member, which a bare "Fisheries" meets: one pass must see that too
    actors = [dict(actor_id="org:nor-fisheries-agency", name="Norway Fisheries Agency", kind="organization",
                   country="NOR", aliases=["Fisheries Agency", "Norwegian Fisheries Agency"]),
              dict(org("org:fisheries-agency", "Fisheries Agency"), aliases=["Fisheries"]),
              org("org:fisheries", "Fisheries")]
    mentions = [("a1", "org:fisheries-agency", "Fisheries Agency"), ("a1", "org:fisheries-agency", "Fisheries"),
                ("a2", "org:nor-fisheries-agency", "Norwegian Fisheries Agency"), ("a3", "org:fisheries", "Fisheries")]
    once, remap = canonical.canonicalise(tables(actors, mentions))
    twice, again = canonical.canonicalise(once)
    assert again == {}
    assert once["actors"]["actor_id"].to_list() == twice["actors"]["actor_id"].to_list()
    assert once["entities"]["actor_id"].to_list() == twice["entities"]["actor_id"].to_list()
    assert once["actors"].height == 1
    kept = once["actors"]["actor_id"][0]
    assert {remap.get(a["actor_id"], a["actor_id"]) for a in actors} == {kept}  # chains resolved in the remap
