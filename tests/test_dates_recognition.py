"""Recognition and direction of temporal expressions in parsed text, one test per kind of TempEval-3
miss fixed (inputs written for these tests, not taken from the corpus): ages, a period with the day it
ended, ranges, the clause's direction (since, payable, modals and infinitives, possessives), quarters
without a year, parts of day on a named day, bare clock times, the year and the year's end, named
days, and weekday or month names before a noun."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.dates import normalise_timex

DCT = date(2023, 9, 14)  # a Thursday


@pytest.fixture(scope="module")
def found(timexes):
    """``text -> (tense, value)`` of every expression :func:`find_timexes` finds in a sentence."""
    return lambda text, dct=DCT: timexes(text, dct)


def test_ages_are_no_temporal_expressions(found):
    got = found("A 47-year-old farmer and his 3-month-old daughter, 29 years old, were hurt on Monday.")
    assert not [t for t in got if "old" in t]
    assert got["Monday"][1] == "2023-09-11"


def test_period_and_the_day_it_ended_are_two_expressions(found):
    got = found("The miner lost money in the quarter ended June 30, it said on Tuesday.")
    assert got["the quarter"][1] == "2023-Q2"
    assert got["June 30"][1] == "2023-06-30"


def test_range_ends_are_two_expressions_and_the_end_follows_the_start(found):
    from dashboard.dates.recognise import _pieces

    got = found("Exports fell between 2016 and 2019, the agency reported.")
    assert got["2016"][1] == "2016" and got["2019"][1] == "2019"
    ends = _pieces(0, "between now and Feb. 10", date(2023, 12, 20), "past", None)
    assert [(text, tx.value) for _, _, text, tx in ends] == [("now", "PRESENT_REF"), ("Feb. 10", "2024-02-10")]


@pytest.mark.parametrize("sentence,text,tense,expected", [
    ("Prices have risen since the March 3 decision.", "March 3", "past", "2023-03-03"),
    ("The board declared a dividend payable Oct. 2 to holders.", "Oct. 2", "future", "2023-10-02"),
    ("The envoy could arrive as soon as Saturday, aides said.", "Saturday", "future", "2023-09-16"),
    ("The union plans to strike on Monday.", "Monday", "future", "2023-09-18"),
    ("The ministry planned to pay the claims on Monday.", "Monday", "past", "2023-09-11"),
    ("The vote is set to take place on Tuesday.", "Tuesday", "future", "2023-09-19"),
])
def test_direction_from_the_clause(found, sentence, text, tense, expected):
    assert found(sentence)[text] == (tense, expected)


def test_a_possessive_date_is_not_moved_by_the_clause(found):
    tense, _ = found("Rebels said they would find ways around Wednesday's ruling.")["Wednesday"]
    assert tense == "present"


def test_quarter_without_year_in_a_future_clause_is_the_one_just_closed():
    assert normalise_timex("the third quarter", date(2023, 10, 20), "future").value == "2023-Q3"
    assert normalise_timex("the first quarter", date(2023, 10, 20), "future").value == "2024-Q1"
    assert normalise_timex("the fourth quarter", date(2023, 10, 20), "past").value == "2023-Q4"


def test_part_of_day_on_a_named_day_keeps_the_day():
    assert normalise_timex("Wednesday night", DCT, "past").value == "2023-09-13"
    assert normalise_timex("the night of Sept. 2", DCT, "past").value == "2023-09-02"
    assert normalise_timex("this morning", DCT, "past").value == "2023-09-14TMO"  # no named day: the part stays


def test_bare_clock_time_is_on_the_day_last_named(found):
    got = found("The convoy was shelled on Sept. 2. At 10 p.m. the guns fell silent.")
    assert got["10 p.m."][1] == "2023-09-02T22:00"


@pytest.mark.parametrize("text,expected", [
    ("the year", "2023"), ("the fiscal year", "2023"), ("the full year", "2023"),
    ("year-end", "2023"), ("the end of the year", "2023"),
])
def test_the_year_and_its_end(text, expected):
    assert normalise_timex(text, DCT, "future").value == expected


def test_the_day_needs_a_day_named_before():
    assert normalise_timex("the day", DCT, "past") is None
    assert normalise_timex("the day", DCT, "past", anchor="2023-09-02").value == "2023-09-02"


@pytest.mark.parametrize("text,dct,tense,expected", [
    ("Thanksgiving Day", date(2024, 1, 7), "past", "2023-11-23"),
    ("last Christmas", date(2023, 2, 1), "past", "2022-12-25"),
    ("Victory Day", date(2023, 5, 3), "future", "2023-05-09"),
    ("Easter week", date(2000, 4, 17), "past", "2000-W16"),
    ("Election Day", date(2022, 10, 20), "future", "2022-11-08"),
])
def test_named_days(text, dct, tense, expected):
    assert normalise_timex(text, dct, tense).value == expected


def test_named_days_and_weekday_modifiers_are_recognised(found):
    got = found("The boy was found on Thanksgiving Day, the paper said in its Friday issue.", dct=date(2024, 1, 7))
    assert got["Thanksgiving Day"][1] == "2023-11-23"
    assert "Friday" in got
