"""The seed article end to end: ingest -> extract -> geoparse -> store, with the issue's expectations."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from geopy.distance import great_circle

from dashboard import store
from dashboard.pipeline import build
from dashboard.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
JOURNALISTS = ("Renshaw", "Soldatkin", "Shalal", "Hunnicutt", "Raynaud")


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "processed"
    report = build([RAW], out, Settings.from_env({}))
    assert report.problems == []
    return {name: pl.read_parquet(out / f"{name}.parquet") for name in store.TABLES}


def actor(seed, name):
    rows = seed["actors"].filter(pl.col("name") == name)
    assert rows.height == 1, f"expected one actor named {name!r}, got {rows.height}"
    return rows.row(0, named=True)


@pytest.mark.parametrize("name,kind,country,role", [
    ("Joe Biden", "person", "USA", "President"),
    ("Vladimir Putin", "person", "RUS", "President"),
    ("Jen Psaki", "person", "USA", "White House spokeswoman"),
    ("Yuri Ushakov", "person", "RUS", "Kremlin adviser"),
    ("NATO", "igo", None, None),
    ("Russia", "country", "RUS", None),
    ("United States", "country", "USA", None),
    ("Ukraine", "country", "UKR", None),
])
def test_actors(seed, name, kind, country, role):
    a = actor(seed, name)
    assert (a["kind"], a["country"], a["role"]) == (kind, country, role)


def test_surname_merges_with_full_name(seed):
    biden = actor(seed, "Joe Biden")
    assert "Biden" in biden["aliases"]
    assert seed["actors"].filter(pl.col("name") == "Biden").height == 0
    biden_mentions = seed["entities"].filter(pl.col("text").is_in(["Biden", "Joe Biden"]))
    assert biden_mentions.height >= 4
    assert set(biden_mentions["actor_id"]) == {biden["actor_id"]}


def test_no_agency_or_journalist_is_an_actor(seed):
    names = " ".join(seed["actors"]["name"].to_list() + seed["actors"]["aliases"].explode().drop_nulls().to_list())
    assert "Reuters" not in names
    for journalist in JOURNALISTS:
        assert journalist not in names
    assert seed["articles"]["source"].to_list() == ["Reuters"]
    assert set(seed["articles"]["authors"][0]) == {"Jarrett Renshaw", "Vladimir Soldatkin", "Andrea Shalal",
                                                    "Trevor Hunnicutt", "Camille Raynaud"}


@pytest.mark.parametrize("name,lat,lon,max_km", [
    ("Wilmington", 39.74, -75.55, 100),
    ("Moscow", 55.75, 37.62, 100),
    ("Washington", 38.90, -77.04, 100),
    ("Crimea", 45.3, 34.4, 150),
    ("Donbas", 48.0, 38.0, 150),
    ("Ukraine", 49.0, 32.0, 150),
])
def test_places_on_the_map(seed, name, lat, lon, max_km):
    shown = seed["place_mentions"].filter(pl.col("role") != "demonym").join(seed["places"], on="place_id")
    rows = shown.filter(pl.col("name") == name)
    assert rows.height >= 1, f"{name} is not on the map"
    p = rows.row(0, named=True)
    assert great_circle((p["latitude"], p["longitude"]), (lat, lon)).km <= max_km


def test_datelines_are_place_mentions(seed):
    dl = seed["place_mentions"].filter(pl.col("role") == "dateline")
    assert dl["text"].to_list() == ["Wilmington, Delaware", "Moscow"]
    assert dl["place_id"].null_count() == 0


def test_event_dates(seed):
    dated = seed["events"].filter(pl.col("date_precision") == "day")
    days = set(dated["event_date"].to_list())
    assert {date(2021, 12, 30), date(2022, 1, 10), date(2022, 1, 12), date(2022, 1, 13)} <= days
    annex = seed["events"].filter(pl.col("verb") == "annex").row(0, named=True)
    assert (annex["event_date"], annex["date_precision"]) == (date(2014, 1, 1), "year")


def _country_of(seed):
    return dict(zip(seed["actors"]["actor_id"], seed["actors"]["country"]))


def test_conflict_both_ways_between_us_and_russia(seed):
    country = _country_of(seed)
    ev = seed["events"].with_columns(
        pl.col("source_actor_id").replace_strict(country, default=None).alias("src"),
        pl.col("target_actor_id").replace_strict(country, default=None).alias("tgt"),
    )
    us_to_ru = ev.filter((pl.col("src") == "USA") & (pl.col("tgt") == "RUS") & (pl.col("goldstein") < 0))
    ru_to_us = ev.filter((pl.col("src") == "RUS") & (pl.col("tgt") == "USA") & (pl.col("goldstein") < 0))
    assert us_to_ru.height >= 1 and ru_to_us.height >= 1
    assert "warn" in ru_to_us["verb"].to_list()


def test_russia_demands_guarantees_from_nato(seed):
    demand = seed["events"].filter(
        (pl.col("source_actor_id") == "country:RUS") & (pl.col("target_actor_id") == "igo:nato")
        & (pl.col("cameo_root") == 10)
    )
    assert demand.height >= 1
    assert "guarantees" in demand["sentence"][0]
    assert (demand["quad_class"][0], demand["goldstein"][0]) == (3, -5.0)


def test_conditional_invasion_is_not_asserted(seed):
    invade = seed["events"].filter(pl.col("verb") == "invade").row(0, named=True)
    assert (invade["source_actor_id"], invade["target_actor_id"]) == ("country:RUS", "country:UKR")
    assert invade["modality"] == "hypothetical"  # "if Russia decides to invade Ukraine"


def test_hypothetical_invasion_is_no_stance(seed):
    from dashboard import query

    tables = query.Tables(**{n: seed[n] for n in query.TABLES})
    pairs = query.stance_table(tables, seed["events"]).select("source_actor_id", "target_actor_id").rows()
    assert ("country:RUS", "country:UKR") not in pairs
    assert ("person:joe-biden", "person:vladimir-putin") in pairs


def test_quotations_and_speakers(seed):
    quotes = seed["quotes"]
    psaki = quotes.filter(pl.col("speaker_actor_id") == actor(seed, "Jen Psaki")["actor_id"])
    assert psaki["kind"].to_list() == ["direct"]
    assert psaki["text"][0].startswith("President Biden has reaffirmed")
    ushakov = quotes.filter(pl.col("speaker_actor_id") == actor(seed, "Yuri Ushakov")["actor_id"])
    assert "added" in ushakov["cue"].to_list()  # "he added" resolved to Ushakov
    assert all(len(t.split()) > 2 for t in quotes["text"])  # no scare quotes ("serious", "red line")


def test_offsets_point_into_the_text(seed):
    text = seed["articles"]["text"][0]
    for row in seed["entities"].iter_rows(named=True):
        assert text[row["start"]:row["end"]] == row["text"]
    for row in seed["quotes"].iter_rows(named=True):
        assert text[row["start"]:row["end"]].strip().rstrip(",") == row["text"]


def test_ids_are_unique(seed):
    for table, key in (("events", "event_id"), ("quotes", "quote_id"), ("actors", "actor_id"),
                       ("places", "place_id"), ("articles", "article_id")):
        assert seed[table][key].n_unique() == seed[table].height, table


def test_speakers_of_direct_quotes_make_statements(seed):
    psaki = actor(seed, "Jen Psaki")["actor_id"]
    said = seed["events"].filter(pl.col("source_actor_id") == psaki)
    assert said["cameo_code"].to_list() == ["010"] and said["verb"].to_list() == ["say"]


def test_event_verbs_point_at_their_words(seed):
    text = seed["articles"]["text"][0]
    words = {}
    for row in seed["events"].iter_rows(named=True):
        word = text[row["verb_start"]:row["verb_end"]]
        assert word.isalpha() and word in row["sentence"], (word, row["verb"])
        words.setdefault(row["verb"], set()).add(word.lower())
    assert words["warn"] == {"warned"} and words["say"] == {"said"} and words["annex"] == {"annexed"}


def test_planned_talks_are_consultations_on_their_dates(seed):
    talks = seed["events"].filter(pl.col("cameo_root") == 4)
    assert {date(2022, 1, 10), date(2022, 1, 12), date(2022, 1, 13)} <= set(talks["event_date"])


def test_denial_is_negated_and_no_offensive_is_coded(seed):
    deny = seed["events"].filter(pl.col("verb") == "deny").row(0, named=True)
    assert (deny["source_actor_id"], deny["negated"]) == ("country:RUS", True)
    assert seed["events"].filter(pl.col("verb") == "offensive").height == 0
