"""The optional online geocoder (GEO-7 of ../shared/cases), against a Nominatim-like server on 127.0.0.1.

No test here reaches the internet: the server is started by the test, and the default (offline) build is
run with ``socket.socket.connect`` made to fail.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy.geocoders.base import options as geopy_options

from dashboard import geocoder as gc
from dashboard.geocoder import OnlineGeocoder, OnlineResolver, normalise_query, query_for, resolver_for
from dashboard.gazetteer import Gazetteer
from dashboard.pipeline import run
from dashboard.records import Article, Place, Resolution, Toponym
from dashboard.settings import Settings


def nominatim_result(name, lat, lon, osm_type="node", osm_id=1, addresstype="village", cc="ru",
                     iso="RU-BEL", importance=0.35):
    return {
        "place_id": 1000 + osm_id, "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
        "osm_type": osm_type, "osm_id": osm_id, "lat": str(lat), "lon": str(lon), "class": "place",
        "type": addresstype, "place_rank": 19, "importance": importance, "addresstype": addresstype, "name": name,
        "display_name": f"{name}, Test Oblast, Testland",
        "address": {addresstype: name, "state": "Test Oblast", "ISO3166-2-lvl4": iso, "country": "Testland",
                    "country_code": cc},
        "boundingbox": [str(lat - 0.01), str(lat + 0.01), str(lon - 0.01), str(lon + 0.01)],
    }


class FakeNominatim:
    """A Nominatim-like ``/search`` endpoint.

    ``plans[normalised q]`` is a list of steps ``(status, delay seconds)``, one per request for that
    query (the last repeats); ``answers[normalised q]`` the JSON list of a 200. Unknown queries get
    ``default`` steps and an empty list (no result). Every request is logged with its arrival time,
    query parameters and User-Agent.
    """

    def __init__(self):
        self.plans: dict[str, list[tuple[int, float]]] = {}
        self.answers: dict[str, list] = {}
        self.default: list[tuple[int, float]] = [(200, 0.0)]
        self.log: list[dict] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_GET(self):
                url = urlsplit(self.path)
                params = parse_qs(url.query)
                q = normalise_query(params.get("q", [""])[0])
                with fake._lock:
                    n = sum(1 for r in fake.log if r["q"] == q)
                    fake.log.append({"t": time.monotonic(), "path": url.path, "q": q, "params": params,
                                     "ua": self.headers.get("User-Agent")})
                steps = fake.plans.get(q, fake.default)
                status, delay = steps[min(n, len(steps) - 1)]
                time.sleep(delay)
                body = json.dumps(fake.answers.get(q, []) if status == 200 else {"error": "busy"}).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and went away

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def requests(self, q: str) -> int:
        return sum(1 for r in self.log if r["q"] == normalise_query(q))


@pytest.fixture
def server():
    s = FakeNominatim()
    s.thread.start()
    yield s
    s.server.shutdown()
    s.server.server_close()


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load(Settings.from_env({}).cache_dir)


@pytest.fixture
def shared_resources(monkeypatch, tmp_path):
    """Builds whose ``cache_dir`` is ``tmp_path`` (a fresh geocoder cache) reuse the loaded spaCy
    pipeline and gazetteer instead of building a new gazetteer there."""
    from dashboard import pipeline

    default = Settings.from_env({})
    monkeypatch.setitem(pipeline._RESOURCES, (default.spacy_model, str(tmp_path)), pipeline.resources(default))


def online_settings(server, tmp_path, **kw):
    values = dict(geocoder="nominatim", geocoder_url=server.url, cache_dir=tmp_path, geocoder_backoff=1)
    values.update(kw)
    return Settings.from_env({}, **values)


# ---------------------------------------------------------------- GEO-7


def test_geo7_rate_limit_retries_slow_server_cache_user_agent_language(server, tmp_path, gaz):
    q1, q2 = "Zorlantia Province", "Velmora"
    server.plans[normalise_query(q1)] = [(429, 0.0), (429, 0.0), (200, 0.0)]
    server.plans[normalise_query(q2)] = [(200, 2.5)]
    server.answers[normalise_query(q1)] = [nominatim_result(q1, 50.1, 36.2, "relation", 77, "state")]
    server.answers[normalise_query(q2)] = [nominatim_result(q2, 49.9, 36.4, "node", 88, "village")]
    settings = online_settings(server, tmp_path)
    resolver = resolver_for(settings)
    assert isinstance(resolver, OnlineResolver)
    assert resolver.geocoder.geocoder.timeout >= 10  # geopy's default (1 s) would fail on query 2

    out = resolver([Toponym(q1), Toponym(q2), Toponym(q1)], gaz)

    # query 1: 429 twice, then 200 (retries with backoff); query 2 answered after 2.5 s, first try;
    # query 1 asked again: from the cache, no new request
    assert server.requests(q1) == 3 and server.requests(q2) == 1 and len(server.log) == 4
    assert [r.place.place_id for r in out] == ["osm:R77", "osm:N88", "osm:R77"]
    first = out[0].place
    assert (first.name, first.feature_class, first.feature_code, first.country_code, first.admin1) == (
        q1, "A", "ADM1", "RU", "BEL")
    assert (first.latitude, first.longitude, first.source) == (50.1, 36.2, "nominatim")
    assert 0 < out[0].confidence <= 1
    # at most one request per second, retries included; backoff doubles (1 s, then 2 s)
    times = [r["t"] for r in server.log]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(g >= 0.95 for g in gaps), gaps
    assert gaps[1] >= 1.9, gaps
    # a custom user agent, never geopy's default; English names; address details for the country
    for r in server.log:
        assert r["path"] == "/search"
        assert r["ua"] == settings.geocoder_user_agent
        assert r["ua"] != geopy_options.default_user_agent and "geopy" not in r["ua"].lower()
        assert r["params"]["accept-language"] == ["en"]
        assert r["params"]["addressdetails"] == ["1"]
    assert settings.geocoder_user_agent.startswith("news-event-dashboard/")

    # the cache is on disk: a new process (a new geocoder on the same folder) asks nothing again
    fresh = OnlineGeocoder("nominatim", url=server.url, user_agent="other-agent/1",
                           cache_path=tmp_path / gc.CACHE_FILE)
    assert fresh.resolve(Toponym("  zorlantia   PROVINCE ")).place.place_id == "osm:R77"
    assert len(server.log) == 4 and fresh.stats["cache_hits"] == 1


def test_geo7_time_outs_are_retried(server, tmp_path):
    server.plans["slowtown"] = [(200, 1.6), (200, 0.0)]
    server.answers["slowtown"] = [nominatim_result("Slowtown", 10.0, 20.0, "way", 5, "town", "us", "US-DE")]
    g = OnlineGeocoder("nominatim", url=server.url, user_agent="news-event-dashboard/test", timeout=1,
                       max_retries=1, backoff_seconds=1, cache_path=None)
    r = g.resolve(Toponym("Slowtown"))
    assert server.requests("Slowtown") == 2
    # the retry went through the rate limiter with its backoff (time-out 1 s + wait 1 s), not through
    # geopy's HTTP adapter, which by default retries a timed-out request at once
    assert server.log[1]["t"] - server.log[0]["t"] >= 1.9
    p = r.place
    assert (p.place_id, p.country_code, p.admin1, p.feature_class) == ("osm:W5", "US", "DE", "P")


def test_geo7_failing_server_falls_back_to_the_gazetteer_and_keeps_going(server, tmp_path, gaz):
    server.default = [(503, 0.0)]
    g = OnlineGeocoder("nominatim", url=server.url, user_agent="news-event-dashboard/test", max_retries=1,
                       backoff_seconds=1, cache_path=tmp_path / "c.sqlite", max_failures=1)
    resolver = OnlineResolver(g)
    tops = [Toponym("Zebrovka"), Toponym("Kharkiv"), Toponym("Velmora"), Toponym("Russian", role="demonym")]
    out = resolver(tops, gaz)
    offline = gc.geo.resolve_toponyms(tops, gaz)
    assert out == offline  # the offline answers stand, unresolved ones stay unresolved
    assert out[0] == Resolution(None, 0.0) and out[1].place.country_code == "UA"
    # Zebrovka: one try and one retry; then the geocoder rests: Velmora is not sent; Kharkiv (resolved
    # offline) and the demonym never are
    assert [r["q"] for r in server.log] == ["zebrovka", "zebrovka"]
    assert g.stats["failures"] == 1 and g.stats["skipped"] == 1
    assert len(g.cache) == 0  # failures are not cached


def test_geo7_pipeline_goes_on_when_the_geocoder_fails(server, tmp_path, shared_resources):
    server.default = [(429, 0.0)]
    settings = online_settings(server, tmp_path, geocoder_max_retries=0)
    tables = run([Article(text="Protesters gathered in Zebrovka, a village in Russia, the governor said."),
                  Article(text="The president flew to Moscow on Monday.")], settings)
    assert tables["articles"].height == 2
    pm = dict(tables["place_mentions"].select("text", "place_id").iter_rows())
    assert pm["Zebrovka"] is None and pm["Russia"] == "2017370" and pm["Moscow"] == "524901"
    assert {r["q"] for r in server.log} == {"zebrovka"}


def test_pipeline_sends_only_what_the_gazetteer_cannot_resolve(server, tmp_path, shared_resources):
    server.answers["zebrovka"] = [nominatim_result("Zebrovka", 50.5, 36.9, "node", 4242)]
    settings = online_settings(server, tmp_path)
    tables = run([Article(text="Protesters gathered in Zebrovka, a village in Russia, the governor said.")], settings)
    assert [r["q"] for r in server.log] == ["zebrovka"]  # not Russia
    pm = dict(tables["place_mentions"].select("text", "place_id").iter_rows())
    assert pm["Zebrovka"] == "osm:N4242" and pm["Russia"] == "2017370"
    places = {r["place_id"]: r for r in tables["places"].iter_rows(named=True)}
    assert places["osm:N4242"]["country_code"] == "RU" and places["osm:N4242"]["source"] == "nominatim"


def test_low_confidence_resolutions_are_checked_online(server, tmp_path, gaz):
    server.answers["springfield, illinois"] = [nominatim_result("Springfield", 39.8, -89.65, "relation", 9, "city",
                                                                "us", "US-IL", 0.6)]
    weak = Place("1", "Springfield", "P", "PPL", "US", "MO", 37.2, -93.3, 1000)
    g = OnlineGeocoder("nominatim", url=server.url, user_agent="news-event-dashboard/test", cache_path=None)
    resolver = OnlineResolver(g, min_confidence=0.3,
                              offline=lambda tops, _: [Resolution(weak, 0.2), Resolution(weak, 0.8)])
    out = resolver([Toponym("Springfield", qualifier="Illinois"), Toponym("Springfield")], gaz)
    assert out[0].place.place_id == "osm:R9" and out[0].confidence == 0.6
    assert out[1] == Resolution(weak, 0.8)  # confident offline answers are never sent
    assert [r["q"] for r in server.log] == ["springfield, illinois"]


# ---------------------------------------------------------------- off by default: no network at all


def test_offline_default_makes_no_network_call(monkeypatch, server, tmp_path, shared_resources):
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError(f"network call attempted to {address!r}")

    text = "Protesters gathered in Zebrovka, a village in Russia, the governor said."
    settings = Settings.from_env({})
    assert settings.geocoder == "offline" and resolver_for(settings) is None
    run([Article(text="Warm-up in Kyiv.")], settings)  # models loaded before the socket is patched
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    tables = run([Article(text=text)], settings)
    assert attempts == []
    assert dict(tables["place_mentions"].select("text", "place_id").iter_rows())["Zebrovka"] is None
    # control: the same build with the geocoder on does try to connect (and still finishes)
    tables = run([Article(text=text)], online_settings(server, tmp_path, geocoder_max_retries=0))
    assert attempts and tables["articles"].height == 1


def test_no_network_call_while_loading_resources(monkeypatch):
    # a fresh load of spaCy and the gazetteer must not reach out either
    from dashboard import pipeline

    monkeypatch.setattr(pipeline, "_RESOURCES", {})

    def refuse(self, address, *args):
        raise AssertionError(f"network call attempted to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    tables = run([Article(text="Troops moved to Zorlantia Province, officials in Kyiv said.")], Settings.from_env({}))
    assert tables["articles"].height == 1


# ---------------------------------------------------------------- settings and mapping


def test_settings_and_configuration(tmp_path):
    s = Settings.from_env({"NEWSDASH_GEOCODER_MIN_CONFIDENCE": "0.5", "NEWSDASH_GEOCODER": "Photon",
                           "NEWSDASH_GEOCODER_URL": "http://127.0.0.1:9/photon", "NEWSDASH_GEOCODER_TIMEOUT": "3",
                           "NEWSDASH_CACHE_DIR": str(tmp_path)})
    assert s.geocoder_min_confidence == 0.5
    r = resolver_for(s)  # any geopy geocoder by name; builds without a request
    assert r.min_confidence == 0.5 and r.geocoder.service == "photon"
    assert r.geocoder.geocoder.timeout == 10  # never below 10 s
    assert r.geocoder.geocoder.domain == "127.0.0.1:9/photon" and r.geocoder.geocoder.scheme == "http"
    assert r.geocoder.query_options == {"exactly_one": True, "language": "en"}
    assert resolver_for(s) is r  # one per configuration: the rate limit holds across builds
    with pytest.raises(ValueError, match="unknown geocoder"):
        resolver_for(Settings.from_env({}, geocoder="no-such-service", cache_dir=tmp_path))
    with pytest.raises(ValueError, match="user agent"):
        OnlineGeocoder("nominatim", user_agent=" ")


def test_query_and_result_mapping():
    assert query_for(Toponym("Wilmington", qualifier="Delaware")) == "Wilmington, Delaware"
    assert query_for(Toponym("Wilmington, Delaware", qualifier="Delaware")) == "Wilmington, Delaware"
    raw = {"osm_type": "relation", "osm_id": 60199, "class": "boundary", "type": "administrative",
           "addresstype": "country", "name": "Ukraine", "importance": 0.95, "address": {"country_code": "ua"}}
    r = gc.to_resolution({"latitude": 49.0, "longitude": 31.4, "address": "Ukraine", "raw": raw}, "nominatim")
    assert (r.place.place_id, r.place.feature_class, r.place.feature_code, r.place.country_code) == (
        "osm:R60199", "A", "PCLI", "UA")
    assert r.confidence == 0.9
    assert gc.to_resolution({"latitude": 0, "longitude": 0, "raw": {}}, "nominatim") is None  # never (0, 0)
    other = gc.to_resolution({"latitude": 1.5, "longitude": 2.5, "address": "X, Y", "raw": {}}, "arcgis")
    assert other.place.place_id.startswith("arcgis:") and other.place.name == "X"
