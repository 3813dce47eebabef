"""Shared fixtures: a small, consistent synthetic store written with :func:`dashboard.store.write_tables`."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import store
from synthetic import synthetic_tables  # noqa: F401  (re-exported for older imports)


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory):
    """Path of a built data folder with the synthetic tables (see :func:`synthetic_tables`)."""
    out = tmp_path_factory.mktemp("store") / "processed"
    store.write_tables(synthetic_tables(), out, manifest={"inputs": ["synthetic"]})
    return out


@pytest.fixture(scope="module")
def settings():
    """Settings from the environment (the spaCy model and caches the evaluations load)."""
    from dashboard.settings import Settings

    return Settings.from_env()


@pytest.fixture(scope="session")
def browser_context():
    """One Chromium context for every browser test (``tests/browser``): Playwright's sync API cannot
    run twice at once in one process."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from scripts import streamlit_server as srv

    with srv.chromium() as context:
        yield context


@pytest.fixture(scope="session")
def events_by_verb():
    """``(text, published) -> {verb: events row}``: the events the pipeline codes in one article."""
    from dashboard.pipeline import run
    from dashboard.records import Article
    from dashboard.settings import Settings

    settings = Settings.from_env({})

    def run_one(text, published):
        ev = run([Article(text=text, published=published)], settings)["events"]
        return {r["verb"]: r for r in ev.iter_rows(named=True)}
    return run_one


@pytest.fixture(scope="session")
def canonical_tables():
    """``text -> {table: DataFrame}``: one article (published 2022-05-01 UTC) built and canonicalised
    as a build does (``pipeline.run`` then ``canonical.canonicalise``)."""
    from datetime import datetime, timezone

    from dashboard.canonical import canonicalise
    from dashboard.pipeline import run
    from dashboard.records import Article
    from dashboard.settings import Settings

    settings = Settings.from_env({})

    def build(text):
        return canonicalise(run([Article(text=text, published=datetime(2022, 5, 1, tzinfo=timezone.utc))], settings))[0]
    return build


@pytest.fixture(scope="session")
def timexes():
    """``(text, dct) -> {expression: (tense, TIMEX3 value)}`` of every temporal expression
    :func:`dashboard.dates.recognise.find_timexes` finds in ``text`` with creation time ``dct``."""
    from dashboard.dates.recognise import find_timexes
    from dashboard.pipeline import resources
    from dashboard.settings import Settings

    nlp, _ = resources(Settings.from_env())

    def run(text, dct):
        return {f.text: (f.tense, f.timex.value if f.timex else None) for f in find_timexes(nlp(text), dct)}
    return run


@pytest.fixture(scope="session")
def gaz():
    """The gazetteer from the project's cache folder (built there once, then warm), loaded once per run."""
    from dashboard.gazetteer import Gazetteer
    from dashboard.settings import Settings

    return Gazetteer.load(Settings.from_env().cache_dir)


def last(gaz, *names):
    """The reading of the last of ``names``, each a toponym of one article in that order."""
    from dashboard.geo import resolve_toponyms
    from dashboard.records import Toponym

    return resolve_toponyms([Toponym(n) for n in names], gaz)[-1]


def where(res):
    """(country code, first-level division) of a resolution's place, or None."""
    return (res.place.country_code, res.place.admin1) if res.place is not None else None
