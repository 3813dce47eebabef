"""Toponym recognition in context: lists are not "place, container" pairs; people's names, common
nouns and the first word of a longer name are no places; seas keep their water word."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import pytest

from dashboard.pipeline import run
from dashboard.records import Article
from dashboard.settings import Settings

TEXTS = {
    "list": "The envoys of Russia, the United States and France met in Vienna on Monday.",
    "list2": "Fertiliser prices worry Egypt, Brazil, the United States and India alike.",
    "pair": "A tornado hit Paris, Texas, on Monday, the county said.",
    "kin": "After the shelling, Olga Petrenko and her daughter Natalia left Kharkiv. Natalia says she will return.",
    "honorific": "Mr Miller arrived in Berlin on Tuesday. Miller met the minister.",
    "followers": "Admirers of Bandera marched through Lviv on Sunday.",
    "age_modifier": "A 24-year-old Elkhart man was arrested in Indiana on Friday.",
    "common": "Soldiers in Kyiv swore loyalty to the Homeland. Trade within the Union grew, officials in Minsk said.",
    "possessive": "Volunteers from Lviv are defending their Homeland.",
    "of_phrase": "Poland hailed the Independence of Ukraine in Warsaw.",
    "country_after_the": "Exports from Poland to the UK rose last year.",
    "longer_name": "Officials of the Republic of Crimea met in Simferopol on Monday.",
    "seas": "Warships exercised in the Baltic and Black seas, the ministry in Moscow said.",
    "code": "Companies in Moscow invest heavily in AI and robotics.",
    "nationality": "Engineers are surveying the Russian Far North this summer.",
    "variant": "Cases of the Delta variant rose in Manchester, health officials said. Delta now accounts for "
               "most new cases.",
    "movement": "The Kremlin accused Mazepa admirers and Petliura supporters of provoking the crisis in Kyiv.",
    "town_supporters": "Lamont visits Goshen supporters. GOSHEN — Ned Lamont appeared at the Goshen Senior "
                       "Center on Sunday.",
    "sky": "Astronomers in Arizona said Venus and Jupiter will be visible tonight.",
    "town_jupiter": "Police in Jupiter, Florida, arrested a man on Friday.",
}


@pytest.fixture(scope="module")
def places():
    """Place mentions of every text, keyed by the text's name: (mention, place name, country, feature)."""
    published = datetime(2024, 5, 6, tzinfo=timezone.utc)
    arts = [Article(text=t, published=published, url=f"test:{k}") for k, t in TEXTS.items()]
    tables = run(arts, Settings.from_env({}))
    ids = dict(zip(tables["articles"]["url"], tables["articles"]["article_id"]))
    pm = tables["place_mentions"].join(tables["places"].unique("place_id"), on="place_id", how="left")
    return {k: [(r["text"], r["name"], r["country_code"], r["feature_code"])
                for r in pm.filter(pl.col("article_id") == ids[f"test:{k}"]).iter_rows(named=True)]
            for k in TEXTS}


def countries(rows, text):
    return [c for t, _, c, _ in rows if t == text]


def test_a_comma_list_of_countries_is_no_place_and_its_container(places):
    """"Russia, the United States": a list (a determiner before the second name, a closing "and"),
    not Russia, Ohio."""
    assert countries(places["list"], "Russia") == ["RU"]
    assert countries(places["list2"], "Brazil") == ["BR"]
    assert countries(places["list2"], "Egypt") == ["EG"]
    # a place and its state still read as one
    assert countries(places["pair"], "Paris") == ["US"]


def test_a_persons_given_name_is_no_place(places):
    """A name after a word for a relative or an honorific is a person's, and so is the same name
    elsewhere in the article; "followers of X" follow a person."""
    assert not [r for r in places["kin"] if r[0] == "Natalia"]
    assert countries(places["kin"], "Kharkiv") == ["UA"]
    assert not [r for r in places["honorific"] if r[0] == "Miller"]
    assert not [r for r in places["followers"] if r[0] == "Bandera"]
    # a place that modifies a person noun after an age is still a place
    assert countries(places["age_modifier"], "Elkhart") == ["US"]


def test_a_capitalised_common_noun_is_no_place(places):
    """"the Homeland", "the Union" name no town of that name; "the UK" is still the country."""
    texts = [r[0] for r in places["common"]]
    assert "Homeland" not in texts and "Union" not in texts
    assert set(countries(places["common"], "Kyiv")) == {"UA"}
    assert countries(places["country_after_the"], "UK") == ["GB"]
    assert "Homeland" not in [r[0] for r in places["possessive"]]
    assert "Independence" not in [r[0] for r in places["of_phrase"]]


def test_first_word_of_a_longer_name_is_no_place(places):
    """"the Republic of Crimea" is not a town called Republic."""
    assert not [r for r in places["longer_name"] if r[0] == "Republic"]
    assert countries(places["longer_name"], "Simferopol") == ["UA"]


def test_seas_in_a_list_keep_their_water_word(places):
    """"the Baltic and Black seas": Baltic is the Baltic Sea, not a village in Connecticut."""
    baltic = [r for r in places["seas"] if r[0] == "Baltic"]
    assert baltic and all(name == "Baltic Sea" and country is None for _, name, country, _ in baltic)


def test_a_bare_country_code_and_a_region_of_another_country_are_no_places(places):
    """"AI" (Anguilla's ISO code) in "invest in AI" is no country; "the Russian Far North" is not
    the Far North region of another country."""
    assert not [r for r in places["code"] if r[0] == "AI"]
    assert countries(places["code"], "Moscow") == ["RU"]
    assert not [r for r in places["nationality"] if r[0] == "Far North" and r[2] not in (None, "RU")]


def test_a_variants_name_is_no_place(places):
    """"the Delta variant" names a lineage, not Delta, Pennsylvania; the same name later in the
    article ("Delta now accounts for...") is the variant too, and the real place beside it is no
    longer pulled to a namesake next to that town (Manchester, Maryland)."""
    assert not [r for r in places["variant"] if r[0] == "Delta"]
    assert countries(places["variant"], "Manchester") == ["GB"]


def test_a_name_followers_are_named_after_is_no_place(places):
    """"Petliura supporters" follow a person; a town's own supporters ("Goshen supporters" under
    a GOSHEN dateline, at "the Goshen Senior Center") stay at the town."""
    assert not [r for r in places["movement"] if r[0] == "Petliura"]
    assert countries(places["movement"], "Kyiv") == ["UA"]
    assert set(countries(places["town_supporters"], "Goshen")) == {"US"}
    assert len(countries(places["town_supporters"], "Goshen")) == 2


def test_a_planets_name_in_a_story_about_the_sky_is_no_place(places):
    """"Venus and Jupiter will be visible tonight" in an astronomers' story are planets, not
    Jupiter, Florida; in a police report, Jupiter is the Florida town."""
    texts = [r[0] for r in places["sky"]]
    assert "Jupiter" not in texts and "Venus" not in texts
    assert countries(places["sky"], "Arizona") == ["US"]
    assert countries(places["town_jupiter"], "Jupiter") == ["US"]


@pytest.mark.parametrize("sentence, word, frame", [
    ("Cases of the Mu variant rose.", "Mu", "lineage"),
    ("Cases of the Mu and Lambda variants rose.", "Lambda", "lineage"),
    ("Tito supporters rallied.", "Tito", "follower"),
    ("Petliura's admirers met.", "Petliura", "follower"),
    ("Of the detected cases, the retreating Mu strain accounts for half.", "Mu", "lineage"),
    ("We noted the different properties of the Omicron and Mu strains.", "Mu", "lineage"),
    ("Moscow strains its ties with the West.", "Moscow", None),
    ("A 24-year-old Elkhart man was arrested.", "Elkhart", None),
    ("The Kyiv government said so.", "Kyiv", None),
])
def test_the_noun_a_name_modifies_gives_its_frame(sentence, word, frame):
    """The head noun a name modifies (directly, through "and", or as a possessive; a lineage word
    right after it in a noun phrase the parser misread) says whether it names a lineage or a
    person's followers; other nouns, and a verb after a name, say nothing."""
    from dashboard.nlp.model import load_spacy
    from dashboard.nlp.name_frames import frame_of

    doc = load_spacy()(sentence)
    i = next(t.i for t in doc if t.text == word)
    assert frame_of(doc[i:i + 1]) == frame
