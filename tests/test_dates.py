"""TIMEX3 normalisation, one test per kind of expression (inputs written for these tests), and the
legacy :func:`dashboard.dates.normalise` the event extraction calls."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from dashboard.dates import event_date, is_date_expression, normalise, normalise_timex, timex_date

DCT = date(2023, 9, 14)  # a Thursday


def value(text, tense="past", dct=DCT):
    tx = normalise_timex(text, dct, tense)
    return (tx.value, tx.precision) if tx else None


@pytest.mark.parametrize("text,expected", [
    ("three weeks ago", ("2023-W34", "week")),
    ("eleven days ago", ("2023-09-03", "day")),
    ("twenty-one years ago", ("2002", "year")),
    ("a month ago", ("2023-08", "month")),
    ("two quarters ago", ("2023-Q1", "quarter")),
])
def test_spelled_numbers_ago(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("earlier this week", ("2023-W37", "week")),
    ("later this year", ("2023", "year")),
    ("early last month", ("2023-08", "month")),
    ("late next year", ("2024", "year")),
    ("the end of this month", ("2023-09", "month")),
])
def test_modified_relative_periods_keep_their_value(text, expected):
    assert value(text) == expected


def test_modifiers_are_recorded_as_mod():
    assert normalise_timex("mid-October", DCT, "future").mod == "MID"
    assert normalise_timex("late last year", DCT).mod == "END"
    assert normalise_timex("mid-October", DCT, "future").value == "2023-10"
    assert normalise_timex("in early February", DCT).value == "2023-02"


@pytest.mark.parametrize("text,tense,expected", [
    ("Monday", "past", "2023-09-11"),
    ("Monday", "future", "2023-09-18"),
    ("on Thursday", "past", "2023-09-14"),
    ("last Friday", "present", "2023-09-08"),
    ("next Tuesday", "future", "2023-09-19"),
    ("Saturday night", "past", "2023-09-09"),  # a part of day on a named day keeps the day
])
def test_weekdays_by_tense(text, tense, expected):
    assert normalise_timex(text, DCT, tense).value == expected


@pytest.mark.parametrize("text,tense,expected", [
    ("09/05/2023", "past", "2023-09-05"),    # 5 September and 9 May are both past: the nearer wins
    ("05/09/2023", "past", "2023-05-09"),    # both past and recent: month first
    ("10/09/2023", "past", "2023-09-10"),    # 9 October would be after publication
    ("10/09/2023", "future", "2023-10-09"),  # a future event is not before publication
    ("25/12/2022", "past", "2022-12-25"),    # a part above 12 is the day
    ("3/4/99", "past", "1999-03-04"),        # both long past: month first
    ("11/20/47", "past", "1947-11-20"),      # two-digit year: not after publication for the past
    ("2023-08-30", "past", "2023-08-30"),
])
def test_numeric_dates_by_plausibility(text, tense, expected):
    assert normalise_timex(text, DCT, tense).value == expected


@pytest.mark.parametrize("text,tense,expected", [
    ("the second quarter", "past", ("2023-Q2", "quarter")),
    ("Q4", "future", ("2023-Q4", "quarter")),
    ("the first half of 2019", "past", ("2019-H1", "half")),
    ("last winter", "past", ("2022-WI", "season")),
    ("this spring", "past", ("2023-SP", "season")),
    ("the autumn of 2016", "past", ("2016-FA", "season")),
    ("the 1970s", "past", ("197", "decade")),
    ("the late '60s", "past", ("196", "decade")),
    ("the 19th century", "past", ("18", "century")),
    ("August 2020", "past", ("2020-08", "month")),
    ("1989", "past", ("1989", "year")),
])
def test_periods_and_their_precision(text, tense, expected):
    assert value(text, tense) == expected


@pytest.mark.parametrize("text,expected", [
    ("at present", "PRESENT_REF"), ("nowadays", "PRESENT_REF"), ("lately", "PAST_REF"),
    ("in the past", "PAST_REF"), ("the near future", "FUTURE_REF"), ("several years ago", "PAST_REF"),
])
def test_refs(text, expected):
    tx = normalise_timex(text, DCT, "present")
    assert (tx.type, tx.value, tx.precision) == ("DATE", expected, "ref")


@pytest.mark.parametrize("text,expected", [
    ("six months", ("DURATION", "P6M")), ("a fortnight", ("DURATION", "P2W")),
    ("the past three years", ("DURATION", "P3Y")), ("forty-eight hours", ("DURATION", "PT48H")),
    ("several days", ("DURATION", "PXD")), ("two decades", ("DURATION", "P20Y")),
    ("every week", ("SET", "P1W")), ("annually", ("SET", "P1Y")), ("every Sunday", ("SET", "XXXX-WXX-7")),
])
def test_durations_and_sets(text, expected):
    tx = normalise_timex(text, DCT)
    assert (tx.type, tx.value) == expected


def test_times_of_day():
    assert normalise_timex("7:45 p.m.", DCT).value == "2023-09-14T19:45"
    assert normalise_timex("11 a.m. Tuesday", DCT).value == "2023-09-12T11:00"
    assert normalise_timex("this afternoon", DCT, "present").value == "2023-09-14TAF"


def test_ranges_and_periods_ending_on_a_day():
    assert normalise_timex("from 2004 to 2008", DCT).value == "2004"
    assert normalise_timex("the three months ended June 30", DCT).value == "P3M"
    assert normalise_timex("the quarter ended June 30", DCT).value == "2023-Q2"
    assert normalise_timex("the year ended March 31, 2021", DCT).value == "P1Y"  # a fiscal year
    assert normalise_timex("the year ended Dec. 31, 2021", DCT).value == "2021"


def test_year_less_dates_near_publication_win_over_a_wrong_tense():
    # a clause read as past that names a day a week after publication is still that day
    assert normalise_timex("Sept. 21", DCT, "past").value == "2023-09-21"
    assert normalise_timex("Sept. 2", DCT, "future").value == "2023-09-02"
    assert normalise_timex("Jan. 4", DCT, "past").value == "2023-01-04"


def test_no_reference_only_absolute_values():
    assert normalise_timex("June 3, 2011", None).value == "2011-06-03"
    assert normalise_timex("last week", None) is None
    assert normalise_timex("Friday", None) is None


def test_timex_date_first_day_of_period():
    assert timex_date("2023-W02") == (date(2023, 1, 9), "week")
    assert timex_date("2023-Q3") == (date(2023, 7, 1), "quarter")
    assert timex_date("2022-WI") == (date(2022, 12, 1), "season")
    assert timex_date("198") == (date(1980, 1, 1), "decade")
    assert timex_date("2023-09-14T19:45") == (date(2023, 9, 14), "day")
    assert timex_date("PAST_REF") is None and timex_date("P3D") is None


def test_event_date_and_legacy_normalise():
    pub = datetime(2023, 9, 14, 8, tzinfo=timezone.utc)
    assert event_date("five weeks ago", pub)[:2] == (date(2023, 8, 7), "week")
    assert normalise("earlier this week", pub).precision == "day"
    assert normalise("the third quarter", pub).date == date(2023, 7, 1)
    assert normalise("the third quarter", pub).precision == "month"
    assert normalise("the 1980s", pub).date == date(1980, 1, 1)
    assert normalise("11/02/2023", pub).date == date(2023, 2, 11)  # 2 November is after publication
    assert normalise("two months", pub) is None
    assert normalise("now", pub) is None


def test_is_date_expression():
    assert is_date_expression("a fortnight ago") and is_date_expression("12/30/68")
    assert is_date_expression("late last summer") and is_date_expression("Q2")
    assert not is_date_expression("three years") and not is_date_expression("may")
    assert not is_date_expression("every day") and not is_date_expression("currently")


@pytest.mark.parametrize("text,expected", [
    ("nineteen eighty-four", "1984"), ("the spring of nineteen seventy", "1970-SP"),
    ("two thousand and six", "2006"), ("the year two thousand", "2000"),
])
def test_spelled_years(text, expected):
    assert normalise_timex(text, DCT).value == expected


@pytest.mark.parametrize("text,tense,expected", [
    ("last March", "present", "2023-03"), ("next January", "present", "2024-01"),
    ("this December", "past", "2023-12"), ("last September", "past", "2022-09"),
])
def test_month_names_with_last_next_this(text, tense, expected):
    assert normalise_timex(text, DCT, tense).value == expected


@pytest.mark.parametrize("text,expected", [
    ("recent months", "PAST_REF"), ("past decades", "PAST_REF"), ("future years", "FUTURE_REF"),
])
def test_vague_plural_periods_are_refs(text, expected):
    assert normalise_timex(text, DCT).value == expected


def test_quarters_named_with_their_year_and_durations_of_a_year():
    assert normalise_timex("the 2021 fourth quarter", DCT).value == "2021-Q4"
    assert normalise_timex("this year's first quarter", DCT).value == "2023-Q1"
    # a company's own quarter keeps the number it is named by (its fiscal second quarter, not calendar Q1)
    assert normalise_timex("its second quarter ended March 31", DCT).value == "2023-Q2"
    assert normalise_timex("the first six months of 2020", DCT).value == "P6M"
    assert normalise_timex("a couple of days", DCT).value == "P2D"
    assert normalise_timex("the past decade", DCT).value == "P10Y"
    assert normalise_timex("at least 36 hours", DCT).value == "PT36H"
    assert normalise_timex("a month or so ago", DCT).value == "2023-08"


def test_quarters_of_a_relative_year_and_utc_times():
    assert normalise_timex("the second quarter of last year", DCT).value == "2022-Q2"
    assert normalise_timex("the final quarter of 2018", DCT).value == "2018-Q4"
    assert normalise_timex("09:30 GMT", DCT).value == "2023-09-14T09:30Z"
    assert normalise_timex("21:05", DCT).value == "2023-09-14T21:05"


def test_the_day_takes_the_anchor_day():
    assert normalise_timex("that day", DCT, anchor="2023-09-02").value == "2023-09-02"
    assert normalise_timex("the same day", DCT, anchor="2023") is None  # no day named before


def test_anaphora_is_no_event_date_on_its_own():
    assert not is_date_expression("that day") and not is_date_expression("the following year")
    assert not is_date_expression("the latest quarter")
    assert is_date_expression("a year ago") and is_date_expression("the fourth quarter")


def test_next_and_last_year_are_relative_to_publication_not_anaphora():
    pub = datetime(2023, 9, 14, tzinfo=timezone.utc)
    assert normalise("next year", pub, "future") == normalise("next year", pub, "past")
    assert normalise("next year", pub, "future").date == date(2024, 1, 1)
    assert normalise_timex("last year", DCT, anchor="1990").value == "2022"
