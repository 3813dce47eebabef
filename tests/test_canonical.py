"""One actor per person across the store (dashboard.canonical) and the actor dictionary
(dashboard.actor_dictionary), on small tables and texts written here."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from dashboard import canonical
from dashboard.actor_dictionary import ActorDictionary, DictionaryError
from dashboard.schema import TABLES


def _tables(actors, mentions, events=()):
    ents = [dict(article_id=f"a{i}", sentence_id=0, start=i, end=i + 1, text=t, label="PERSON", actor_id=a)
            for i, (a, t) in enumerate(mentions)]
    evs = [dict(event_id=f"e{i}", article_id="a0", source_actor_id=s, target_actor_id=t)
           for i, (s, t) in enumerate(events)]
    return {"actors": TABLES["actors"].frame(actors), "entities": TABLES["entities"].frame(ents),
            "events": TABLES["events"].frame(evs), "quotes": TABLES["quotes"].empty()}


def _person(aid, name, **kw):
    return dict(actor_id=aid, name=name, kind="person", aliases=[], **kw)


@pytest.mark.parametrize("a, b", [("Oleksandr Tkachuk", "Oleksandr Tkachuk"),
                                  ("Mykhailo Fedorovych", "Mykhaylo Fedorovich"),
                                  ("Ayşe Gökdemir", "Ayse Gokdemir"),
                                  ("Mr. Hennessy", "Hennessy"),
                                  ("Anna-Lena Borck", "Anna Lena Borck"),
                                  ("Dmitriy Savvin", "Dmitry Savin")])
def test_spelling_variants_share_a_key(a, b):
    assert canonical.variant_key(a) == canonical.variant_key(b)


@pytest.mark.parametrize("a, b", [("Maria Lopes", "Marta Lopes"), ("John Kerr", "John Kerry")])
def test_different_names_keep_different_keys(a, b):
    assert canonical.variant_key(a) != canonical.variant_key(b)


def test_clean_name_drops_honorifics_possessives_and_stray_brackets():
    assert canonical.clean_name("Dr. Ingrid Falk's") == "Ingrid Falk"
    assert canonical.clean_name("Sir Alan Prewett") == "Alan Prewett"
    assert canonical.clean_name("Ruslan] Petrenko") == "Ruslan Petrenko"
    assert canonical.clean_name("Seán O'Dowd") == "Seán O'Dowd"


def test_variants_merge_across_articles_and_events_follow():
    actors = [_person("person:oleksiy-marchuk", "Oleksiy Marchuk", country="UKR", role="Minister"),
              _person("person:oleksii-marchuk", "Oleksii Marchuk"),
              _person("person:marchuk", "Marchuk"),
              _person("person:mr-marchuk", "Mr Marchuk"),
              _person("person:ivan-petrov", "Ivan Petrov")]
    mentions = [("person:oleksii-marchuk", "Oleksii Marchuk")] * 3 + [("person:oleksiy-marchuk", "Oleksiy Marchuk"),
                                                                       ("person:marchuk", "Marchuk")]
    tables, remap = canonical.canonicalise(_tables(actors, mentions, [("person:marchuk", "person:ivan-petrov")]))
    a = tables["actors"]
    assert a.height == 2, a
    kept = remap["person:oleksiy-marchuk"]
    assert kept == "person:oleksii-marchuk" and remap["person:marchuk"] == kept == remap["person:mr-marchuk"]
    row = a.filter(pl.col("actor_id") == kept).row(0, named=True)
    assert row["name"] == "Oleksii Marchuk" and row["country"] == "UKR" and row["role"] == "Minister"
    assert {"Oleksiy Marchuk", "Marchuk"} <= set(row["aliases"]) and "Mr Marchuk" in row["aliases"]
    assert set(tables["entities"]["actor_id"]) == {kept}
    assert tables["events"]["source_actor_id"].to_list() == [kept]


def test_ambiguous_surname_stays_apart_and_kinds_never_merge():
    actors = [_person("person:anna-kovac", "Anna Kovac"), _person("person:peter-kovac", "Peter Kovac"),
              _person("person:kovac", "Kovac"),
              dict(actor_id="org:kovac", name="Kovac", kind="organization", aliases=[])]
    tables, remap = canonical.canonicalise(_tables(actors, []))
    assert remap == {} and tables["actors"].height == 4


def test_organisation_and_its_group_are_one():
    actors = [dict(actor_id="group:vostok", name="Vostok", kind="group", aliases=[]),
              dict(actor_id="group:the-vostok-group", name="the Vostok Group", kind="group", aliases=[]),
              dict(actor_id="org:vostok-bank", name="Vostok Bank", kind="organization", aliases=[])]
    tables, remap = canonical.canonicalise(_tables(actors, []))
    assert remap == {"group:vostok": "group:the-vostok-group"} or remap == {"group:the-vostok-group": "group:vostok"}
    assert tables["actors"].height == 2


DICTIONARY = """
actors:
  - name: Lena Marsh
    kind: person
    country: NZL
    role: Prime Minister
    aliases: [Marsh, Helena Marsh]
    roles:
      - {alias: the New Zealand prime minister, from: 2020-03-01, to: 2023-06-30}
  - name: Tom Reeve
    country: NZL
    roles:
      - {alias: The New Zealand Prime Minister, from: 2023-07-01}
"""


def test_dictionary_role_phrase_on_either_side_of_the_date(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(DICTIONARY, encoding="utf-8")
    d = ActorDictionary.load(path)
    assert d.role_holder("the New Zealand prime minister", date(2022, 5, 1)).name == "Lena Marsh"
    assert d.role_holder("New Zealand Prime Minister", date(2024, 1, 9)).name == "Tom Reeve"
    assert d.role_holder("the New Zealand prime minister", date(2019, 1, 1)) is None


def test_dictionary_renames_and_merges_stored_actors(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(DICTIONARY, encoding="utf-8")
    actors = [_person("person:helena-marsh", "Helena Marsh"), _person("person:ivan-petrov", "Ivan Petrov")]
    tables, remap = ActorDictionary.load(path).apply(_tables(actors, [("person:helena-marsh", "Helena Marsh")]))
    assert remap == {"person:helena-marsh": "person:lena-marsh"}
    row = tables["actors"].filter(pl.col("actor_id") == "person:lena-marsh").row(0, named=True)
    assert row["name"] == "Lena Marsh" and row["country"] == "NZL" and "Helena Marsh" in row["aliases"]
    assert tables["entities"]["actor_id"].to_list() == ["person:lena-marsh"]


@pytest.mark.parametrize("text, message", [
    ("actors: [{kind: person}]", "needs at least a name"),
    ("actors: [{name: X, kind: planet}]", "kind 'planet'"),
    ("actors: [{name: X, country: Germany}]", "alpha-3"),
    ("actors: [{name: X, roles: [{alias: boss, from: yesterday}]}]", "ISO date"),
    ("people: []", "top-level 'actors:'"),
    ("actors: [unclosed", "not valid YAML"),
])
def test_bad_dictionary_names_file_and_problem(tmp_path, text, message):
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DictionaryError) as exc:
        ActorDictionary.load(path)
    assert "mine.yaml" in str(exc.value) and message in str(exc.value)


def test_gendered_honorifics_keep_two_people_apart():
    actors = [_person("person:ms-hale", "Ms Hale"), _person("person:mr-hale", "Mr Hale"),
              _person("person:david-hale", "David Hale")]
    actors[2]["aliases"] = ["Mr Hale"]
    tables, remap = canonical.canonicalise(_tables(actors, []))
    ids = set(tables["actors"]["actor_id"])
    assert "person:david-hale" in ids and len(ids) == 3  # Ms and Mr Hale not merged into one
    actors = [_person("person:ms-ward", "Ms Ward"), _person("person:colin-ward", "Colin Ward")]
    actors[1]["aliases"] = ["Mr Ward"]
    tables, remap = canonical.canonicalise(_tables(actors, []))
    assert tables["actors"].height == 2


def test_honorific_singleton_gets_a_clean_name_and_id():
    tables, remap = canonical.canonicalise(_tables([_person("person:dr-olsen", "Dr Olsen")],
                                                   [("person:dr-olsen", "Dr Olsen")]))
    assert remap == {"person:dr-olsen": "person:olsen"}
    row = tables["actors"].row(0, named=True)
    assert row["name"] == "Olsen" and "Dr Olsen" in row["aliases"]
    assert tables["entities"]["actor_id"].to_list() == ["person:olsen"]


def test_glued_bracket_remark_is_not_part_of_the_name():
    assert canonical.clean_name("Tomas Berg(via") == "Tomas Berg"
    assert canonical.clean_name("Tomas Berg:(in") == "Tomas Berg"


@pytest.mark.parametrize("a, b", [("Nurlan Zhakupov", "Nurlan Jakupov"), ("Rustam Khamidov", "Rustam Hamidov"),
                                  ("Aibek Dzhumabaev", "Aibek Jumabaev")])
def test_one_sound_romanised_two_ways_is_one_name(a, b):
    assert canonical.variant_key(a) == canonical.variant_key(b)
    # and a bare surname then has one full name to join across the store
    tables, remap = canonical.canonicalise(_tables(
        [_person("person:x1", a), _person("person:x2", b), _person("person:s", b.split()[-1])],
        [("person:x1", a), ("person:x1", a), ("person:x2", b), ("person:s", b.split()[-1])]))
    assert tables["actors"].height == 1 and set(tables["entities"]["actor_id"]) == {"person:x1"}


def test_merged_aliases_carry_no_glued_remark():
    tables, _ = canonical.canonicalise(_tables(
        [_person("person:a", "Tomas Berg"), dict(_person("person:b", "Tomas Berg(via"), aliases=["Tomas Berg:(in"])],
        [("person:a", "Tomas Berg"), ("person:b", "Tomas Berg(via")]))
    row = tables["actors"].row(0, named=True)
    assert row["name"] == "Tomas Berg" and not any("(" in a for a in row["aliases"])
