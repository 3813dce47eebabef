"""Kinds of fault that split one person into several actors or make junk actors, on sentences and
tables written here:

1. across the store, a bare surname or an initial ("Petrenko", "I. Petrenko") joins the full-name
   person when exactly one fits, or when one clearly dominates and the role fits; else stays apart
   (:mod:`dashboard.partial_names`);
2. transcript glue and speaker labels are cut from names ("… Laine MikkoPresident", "Mikko Laine
   Good, …", "Rehak(Slovak …", a country before a surname: "Prime Minister of [Norway Hansen]");
3. a title and a person's name tagged as an organisation are a person ("[Federal Chancellor Markus
   Brenner]ORG", "[Presidents …]ORG").
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from dashboard.canonical import canonicalise
from dashboard.pipeline import run
from dashboard.records import Article
from dashboard.schema import TABLES
from dashboard.settings import Settings


def _store(rows):
    """Tables of a store: ``rows`` are (name, mentions, country, role)."""
    slug = lambda n: "person:" + n.lower().replace(".", "").replace(" ", "-")  # noqa: E731
    actors = [dict(actor_id=slug(n), name=n, kind="person", country=c, role=r, aliases=[]) for n, _, c, r in rows]
    ents = [dict(article_id=f"a{i}-{k}", sentence_id=0, start=0, end=1, text=n, label="PERSON", actor_id=slug(n))
            for i, (n, count, _, _) in enumerate(rows) for k in range(count)]
    return {"actors": TABLES["actors"].frame(actors), "entities": TABLES["entities"].frame(ents),
            "events": TABLES["events"].empty(), "quotes": TABLES["quotes"].empty()}


def _merged(rows) -> tuple[dict[str, str], set[str]]:
    tables, remap = canonicalise(_store(rows))
    return remap, set(tables["actors"]["actor_id"])


# 1. cross-document --------------------------------------------------------------------------------

def test_a_surname_and_an_initial_join_the_one_full_name_of_the_store():
    remap, ids = _merged([("Ivan Petrenko", 10, "UKR", "President"), ("Petrenko", 3, None, "President"),
                          ("I. Petrenko", 1, "UKR", None), ("Olga Marchenko", 2, None, None)])
    assert remap == {"person:petrenko": "person:ivan-petrenko", "person:i-petrenko": "person:ivan-petrenko"}
    assert ids == {"person:ivan-petrenko", "person:olga-marchenko"}  # ids of unchanged names stay


def test_a_full_name_keeps_its_id_and_name_when_its_initial_form_is_mentioned_more():
    remap, ids = _merged([("Ivan Petrenko", 2, "UKR", "President"), ("I. Petrenko", 9, "UKR", "President")])
    assert remap == {"person:i-petrenko": "person:ivan-petrenko"} and ids == {"person:ivan-petrenko"}


def test_a_titled_surname_joins_the_dominant_namesake_whose_role_fits_and_an_initial_the_one_it_opens():
    remap, _ = _merged([("Marek Kowalski", 40, "POL", "President"), ("Anna Kowalski", 5, "POL", None),
                        ("Kowalski", 6, "POL", "President"), ("M. Kowalski", 1, None, "President"),
                        ("A. Kowalski", 1, None, None)])
    assert remap["person:kowalski"] == "person:marek-kowalski"
    assert remap["person:m-kowalski"] == "person:marek-kowalski"
    assert remap["person:a-kowalski"] == "person:anna-kowalski"
    assert "person:anna-kowalski" not in remap


def test_a_shorter_form_of_the_dominant_name_is_no_rival_namesake():
    remap, _ = _merged([("Ahmet Kemal Yilmaz", 30, "TUR", "President"), ("Kemal Yilmaz", 6, "TUR", "President"),
                        ("Ayse Yilmaz", 2, "TUR", None), ("Yilmaz", 10, "TUR", "President")])
    assert remap.get("person:yilmaz") == "person:ahmet-kemal-yilmaz"


@pytest.mark.parametrize("rows", [
    # no role: a bare surname beside two namesakes says nothing about which one
    [("Marek Kowalski", 40, None, "President"), ("Anna Kowalski", 5, None, None), ("Kowalski", 6, None, None)],
    # no clear majority
    [("Marek Kowalski", 10, None, "President"), ("Anna Kowalski", 8, None, None), ("Kowalski", 6, None, "President")],
    # the role fits both
    [("Marek Kowalski", 40, None, "President"), ("Anna Kowalski", 5, None, "Vice President"),
     ("Kowalski", 6, None, "President")],
    # another country
    [("Ivan Petrenko", 10, "UKR", None), ("Petrenko", 3, "CAN", None)],
])
def test_a_surname_stays_apart_when_it_is_truly_ambiguous(rows):
    remap, _ = _merged(rows)
    assert "person:kowalski" not in remap and "person:petrenko" not in remap


def test_a_hyphenated_surname_alone_joins_its_full_name():
    remap, _ = _merged([("Maria Ostrova-Belova", 5, None, None), ("Ostrova-Belova", 2, None, None)])
    assert remap == {"person:ostrova-belova": "person:maria-ostrova-belova"}


# 2. glue and speaker labels -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def extract():
    settings = Settings.from_env({})
    return lambda text: run([Article(text=text, published=datetime(2022, 5, 1, tzinfo=timezone.utc))], settings)


def person_names(tables) -> set[str]:
    return set(tables["actors"].filter(tables["actors"]["kind"] == "person")["name"])


def test_transcript_glue_and_a_reply_after_a_speaker_label_are_no_part_of_a_name(extract):
    t = extract("The talks ended late. President of Finland Mikko Laine Laine MikkoPresident of Finland: Thank you, "
                "colleagues. We agreed on the plan. Mikko Laine Good, let us continue.")
    assert person_names(t) == {"Mikko Laine"}
    assert set(t["entities"].filter(t["entities"]["label"] == "PERSON")["actor_id"]) == {"person:mikko-laine"}


def test_a_surname_with_an_inner_capital_and_a_title_ending_in_a_common_word_are_kept(extract):
    t = extract("Dennis DesRosier, the analyst, said prices would rise. Peter the Great built the city.")
    assert {"Dennis DesRosier", "Peter the Great"} <= person_names(t)


def test_a_word_of_the_text_run_into_the_front_of_a_name_is_cut(extract):
    t = extract("President of Slovakia Zuzana Kollarova is on a visit. Greeting Zuzana Kollarova in Kyiv, he thanked "
                "her for the warm greeting. Mary Ann Evans wrote. Ann Evans did not.")
    names = person_names(t)
    assert "Zuzana Kollarova" in names and not any(n.startswith("Greeting") for n in names)
    assert "Mary Ann Evans" in names  # "mary" is never written in lower case here


def test_glued_words_are_told_from_names_with_an_inner_capital():
    from dashboard.nlp.name_glue import cut_bracket, glued_head

    assert glued_head("EmmanuelPresident") == "Emmanuel" and glued_head("Kassym-JomartPresident") == "Kassym-Jomart"
    assert glued_head("McFaul") is None and glued_head("DeSantis") is None and glued_head("MacArthur") is None
    assert cut_bracket("Tomas Berg(Kingdom") == "Tomas Berg"


def test_a_bracket_glued_to_a_name_ends_it():
    from dashboard.nlp.model import load_spacy
    from dashboard.nlp.name_glue import glue_end

    doc = load_spacy()("Credentials were presented by Tomas Berg(Kingdom of Sweden) on Monday.")
    start = next(t.i for t in doc if t.text == "Tomas")
    end = glue_end(doc, start, start + 4)
    assert doc[end - 1].text.startswith("Berg(")


@pytest.mark.parametrize("text, label, split", [
    ("He phoned Prime Minister of Norway Hansen on Monday.", "ORG", True),
    ("He phoned Chancellor of Austria Gruber on Monday.", "PERSON", True),
    ("He phoned Norway Hansen on Monday.", "ORG", False),  # no title and "of": may be one name
])
def test_a_country_before_a_surname_after_a_title_is_cut(text, label, split):
    from spacy.tokens import Span

    from dashboard.gazetteer import Gazetteer
    from dashboard.nlp.model import load_spacy
    from dashboard.nlp.repair import repair_entities

    doc = load_spacy()(text)
    country = next(t for t in doc if t.text in ("Norway", "Austria"))
    doc.ents = [Span(doc, country.i, country.i + 2, label=label)]
    repair_entities(doc, Gazetteer.load(Settings.from_env({}).cache_dir))
    got = [(e.text, e.label_) for e in doc.ents]
    if split:
        assert got == [(country.text, "GPE"), (doc[country.i + 1].text, "PERSON")]
    else:
        assert got == [(doc[country.i:country.i + 2].text, label)]


# 3. a title and a name are a person -----------------------------------------------------------------

def _split(text: str, org: str, persons: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """``text`` parsed, ``org`` tagged ORG and ``persons`` PERSON by hand, then split_titled_names."""
    from spacy.tokens import Span

    from dashboard.nlp.model import load_spacy
    from dashboard.nlp.name_glue import split_titled_names

    doc = load_spacy()(text)
    at = text.index(org)
    org_span = doc.char_span(at, at + len(org), label="ORG")
    person_spans = []
    for p in persons:  # the first occurrence outside the organisation
        start = next(i for i in range(len(text)) if text.startswith(p, i) and not at <= i < at + len(org))
        person_spans.append(doc.char_span(start, start + len(p), label="PERSON"))
    doc.ents = sorted([org_span, *person_spans], key=lambda s: s.start)
    split_titled_names(doc)
    return [(e.text, e.label_) for e in doc.ents if (e.start, e.end) not in {(s.start, s.end) for s in person_spans}]


@pytest.mark.parametrize("text, org, persons, expected", [
    ("The delegation thanked Federal Chancellor Markus Brenner for the visit.", "Federal Chancellor Markus Brenner", (),
     [("Markus Brenner", "PERSON")]),
    ("Trade grew under Presidents Andriy Kovalenko and Peter Lindqvist.", "Presidents Andriy Kovalenko",
     ("Peter Lindqvist",), [("Andriy Kovalenko", "PERSON")]),
    ("He met the Chairman of the Verkhovna Rada Ruslan Stefanchuk. Later Stefanchuk said no.",
     "Verkhovna Rada Ruslan Stefanchuk", ("Stefanchuk",), [("Verkhovna Rada", "ORG"), ("Ruslan Stefanchuk", "PERSON")]),
    ("Roman Kostenko spoke first. Later Roman and Daria Kostenko laid flowers.", "Daria Kostenko",
     ("Roman Kostenko",), [("Daria Kostenko", "PERSON")]),
    ("He met Federation Council Speaker Anna Volkova today.", "Federation Council Speaker Anna Volkova", (),
     [("Federation Council", "ORG"), ("Anna Volkova", "PERSON")]),  # the title between is the role
    ("Later Ivan Hrytsenko said more. Deputy Head of the Office of the President Ivan Hrytsenko agreed.",
     "Office of the President Ivan Hrytsenko", ("Ivan Hrytsenko",),
     [("Office of the President", "ORG"), ("Ivan Hrytsenko", "PERSON")]),
    # a division, a facility or a local office is no person's name ("Detention Center", "County Coroner")
    ("He was lodged in the Lake County Detention Center. The Detention Center said so.",
     "Lake County Detention Center", ("Detention Center",), [("Lake County Detention Center", "ORG")]),
    ("Marion County Coroner Jane Miller said so. Later the County Coroner spoke again.",
     "Marion County Coroner", ("County Coroner",), [("Marion County Coroner", "ORG")]),
    # no title, no namesake: organisations stay
    ("Queens Park Rangers won again.", "Queens Park Rangers", (), [("Queens Park Rangers", "ORG")]),
    ("Northrop Grumman said sales rose. Later Northrop Grumman hired staff.", "Northrop Grumman",
     ("Northrop Grumman",), [("Northrop Grumman", "ORG")]),
])
def test_a_title_or_a_body_before_a_name_tagged_org_makes_a_person(text, org, persons, expected):
    assert _split(text, org, persons) == expected


def test_a_plural_title_before_two_names_gives_two_people(extract):
    t = extract("Relations grew under the leadership of Presidents Volodymyr Zelenskyy and Joseph Biden.")
    kinds = dict(t["actors"].select("name", "kind").iter_rows())
    assert kinds.get("Volodymyr Zelenskyy") == "person" and kinds.get("Joseph Biden") == "person"
    assert not any("Presidents" in n for n in kinds)


def test_a_body_run_into_a_titled_persons_name_is_that_person_across_the_store():
    tables = _store([("Ruslan Stefanchuk", 3, "UKR", "Chairman"), ("Freedom Square", 4, None, None)])
    extra = [dict(actor_id="org:verkhovna-rada-ruslan-stefanchuk", name="Verkhovna Rada Ruslan Stefanchuk",
                  kind="organization", country=None, role=None, aliases=[]),
             dict(actor_id="org:kharkiv-freedom-square", name="Kharkiv Freedom Square", kind="organization",
                  country=None, role=None, aliases=[]),
             dict(actor_id="org:order-of-ruslan-stefanchuk", name="Order of Ruslan Stefanchuk", kind="organization",
                  country=None, role=None, aliases=[])]
    import polars as pl

    tables["actors"] = pl.concat([tables["actors"], TABLES["actors"].frame(extra)])
    out, remap = canonicalise(tables)
    assert remap == {"org:verkhovna-rada-ruslan-stefanchuk": "person:ruslan-stefanchuk"}
    row = out["actors"].filter(pl.col("actor_id") == "person:ruslan-stefanchuk").row(0, named=True)
    assert row["kind"] == "person" and row["name"] == "Ruslan Stefanchuk" and row["role"] == "Chairman"


def test_corrections_made_before_a_build_merged_their_actor_follow_it():
    """An analyst corrected ``person:petrenko`` before the store had "Ivan Petrenko"; a later build
    merged the surname into the full name: the corrections apply to the full name, not orphaned."""
    from dashboard.corrections import Correction
    from dashboard.corrections_apply import apply

    tables, remap = canonicalise(_store([("Ivan Petrenko", 10, "UKR", "President"), ("Petrenko", 3, None, None),
                                         ("Olga Marchenko", 2, None, None)]))
    assert remap == {"person:petrenko": "person:ivan-petrenko"}
    out = apply(tables, [
        Correction("set_actor", {"actor_id": "person:petrenko"}, {"field": "country", "new": "POL"}, who="t"),
        Correction("merge_actors", {"actor_id": "person:olga-marchenko"}, {"into": "person:petrenko"}, who="t")])
    assert out.orphans == []
    rows = {r["actor_id"]: r for r in out.tables["actors"].iter_rows(named=True)}
    assert set(rows) == {"person:ivan-petrenko"} and rows["person:ivan-petrenko"]["country"] == "POL"


# 4. a shorter full name -----------------------------------------------------------------------------

@pytest.mark.parametrize("rows, short, full", [
    # a first name left out: the rest is the longer name's end
    ([("Jens Otto Krag", 6, "DNK", "Prime Minister"), ("Otto Krag", 3, None, "Prime Minister")],
     "person:otto-krag", "person:jens-otto-krag"),
    # two names run together by the source: the same letters with fewer spaces
    ([("Tran Dai Quang", 4, "VNM", "President"), ("TranDai Quang", 1, None, None)],
     "person:trandai-quang", "person:tran-dai-quang"),
    # a chain: the bare surname and the shorter form both reach the longest name
    ([("Luis Alberto Arce", 5, None, None), ("Alberto Arce", 4, None, None), ("Arce", 4, None, None)],
     "person:alberto-arce", "person:luis-alberto-arce"),
])
def test_a_shorter_full_name_joins_the_one_longer_name_it_fits(rows, short, full):
    remap, ids = _merged(rows)
    assert remap[short] == full
    assert ids == {full}


@pytest.mark.parametrize("rows", [
    # two longer names end with it: ambiguous
    [("Anna Maria Lind", 5, None, None), ("Eva Maria Lind", 2, None, None), ("Maria Lind", 2, None, None)],
    # the words after "bin" name the father
    [("Tamim bin Hamad Al Thani", 5, "QAT", None), ("Hamad Al Thani", 2, "QAT", None)],
    # another country: another person
    [("Jens Otto Krag", 6, "DNK", None), ("Otto Krag", 3, "DEU", None)],
    # a middle name is no shorter form of a name with another end
    [("Jens Otto Krag", 6, None, None), ("Jens Otto", 3, None, None)],
    # an award named after a person, read as a person by the model, is no longer form of them
    [("Taras Shevchenko", 6, None, None), ("Order of Taras Shevchenko", 2, None, None)],
])
def test_a_shorter_full_name_stays_apart_when_it_fits_none_or_several(rows):
    remap, ids = _merged(rows)
    assert remap == {} and len(ids) == len(rows)


def test_a_word_of_the_text_run_into_a_name_joins_the_person_but_does_not_name_them():
    # "Transport Petro Hrytsenko" (the end of a list of duties run into the name) is Petro Hrytsenko,
    # mentioned far more often under his own name: the merged actor keeps that name and its id
    remap, ids = _merged([("Petro Hrytsenko", 12, "UKR", None), ("Transport Petro Hrytsenko", 1, None, None)])
    assert remap == {"person:transport-petro-hrytsenko": "person:petro-hrytsenko"}
    tables, _ = canonicalise(_store([("Petro Hrytsenko", 12, "UKR", None), ("Transport Petro Hrytsenko", 1, None, None)]))
    row = tables["actors"].row(0, named=True)
    assert row["name"] == "Petro Hrytsenko" and "Transport Petro Hrytsenko" in row["aliases"]
    # a longer form mentioned at least as often names the person
    remap, ids = _merged([("Jens Otto Krag", 3, None, None), ("Otto Krag", 3, None, None)])
    assert ids == {"person:jens-otto-krag"}
