"""Events keep the TIMEX3 precision of the expression that dates them (week, quarter, season,
decade, refs), and the events table writes each date to its precision (inputs written for these
tests)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import polars as pl
import pytest

from dashboard.query.events import date_label

PUBLISHED = datetime(2025, 3, 7, 12, 0, tzinfo=timezone.utc)  # a Friday


@pytest.fixture(scope="module")
def extract_events():
    from dashboard.pipeline import run
    from dashboard.records import Article
    from dashboard.settings import Settings

    settings = Settings.from_env({})
    return lambda text: run([Article(text=text, published=PUBLISHED)], settings)["events"]


@pytest.mark.parametrize("text, verb, expected", [
    ("Russian troops attacked the village last week.", "attack", (date(2025, 2, 24), "week", "last week")),
    ("Ukraine signed the deal in the third quarter of 2024.", "sign", (date(2024, 7, 1), "quarter", "the third quarter of 2024")),
    ("Moscow expelled the diplomats last spring.", "expel", (date(2024, 3, 1), "season", "last spring")),
    ("Soviet forces invaded Afghanistan in the 1970s.", "invade", (date(1970, 1, 1), "decade", "the 1970s")),
])
def test_event_keeps_the_timex_precision(extract_events, text, verb, expected):
    ev = extract_events(text).filter(pl.col("verb") == verb).row(0, named=True)
    assert (ev["event_date"], ev["date_precision"], ev["date_text"]) == expected


def test_a_ref_dates_the_event_by_publication_with_its_side(extract_events):
    ev = extract_events("Russia recently attacked the port.").filter(pl.col("verb") == "attack").row(0, named=True)
    assert (ev["event_date"], ev["date_precision"], ev["date_text"]) == (date(2025, 3, 7), "past_ref", "recently")


def test_a_calendar_date_wins_over_a_ref_in_the_same_clause(extract_events):
    ev = extract_events("Russia recently attacked the port on Monday.").filter(pl.col("verb") == "attack").row(0, named=True)
    assert (ev["event_date"], ev["date_precision"]) == (date(2025, 3, 3), "day")


def test_events_table_writes_each_precision():
    df = pl.DataFrame({"event_date": [date(2025, 2, 24), date(2024, 7, 1), date(2024, 9, 1), date(1970, 1, 1),
                                      date(2025, 3, 7), date(2025, 3, 7)],
                       "date_precision": ["week", "quarter", "season", "decade", "past_ref", "publication"]})
    assert df.select(date_label())["event_date"].to_list() == [
        "2025-W09", "2024-Q3", "2024 autumn", "1970s", "before 2025-03-07", "2025-03-07"]


@pytest.mark.parametrize("text, verb", [
    ("You have already commented on Russia's commitment to carbon neutrality by 2060.", "comment"),
    ("Vladimir Putin discussed the implementation of the research programme until 2029 with Xi Jinping.", "discuss"),
    ("Russian President Vladimir Putin and Chinese President Xi Jinping discussed the programme until 2029.", "discuss"),
])
def test_a_past_event_is_never_dated_after_its_report(extract_events, text, verb):
    """A deadline or a span of the object, wherever the parser hangs it, is not when a done thing
    happened: a past-tense trigger keeps the publication date rather than a later year."""
    ev = extract_events(text).filter(pl.col("verb") == verb)
    assert ev.height, f"no {verb!r} event in {text!r}"
    row = ev.row(0, named=True)
    assert row["event_date"] <= PUBLISHED.date(), row


def test_a_future_event_keeps_its_later_date(extract_events):
    ev = extract_events("The two leaders will meet in Geneva in 2027.").filter(pl.col("verb") == "meet")
    assert ev.height and ev.row(0, named=True)["event_date"] == date(2027, 1, 1)
