"""TIMEX3 normalisation, second round of TempEval-3 misses fixed by kind (inputs written for these
tests, not taken from the corpus): a company's quarter ended on a day, frequency adjectives that
classify a noun, amounts added to a period, the direction of past-perfect and modal-progressive
clauses, a clock time or weekday completed by a date after a comma, durations with a half, days
and parts of day counted from the day last named, "the week of" a day, fractions and quoted titles,
and periods of a relative year."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.dates import normalise_timex

DCT = date(2023, 9, 13)  # a Wednesday


@pytest.fixture(scope="module")
def found(timexes):
    """``text -> (tense, value)`` of every expression :func:`find_timexes` finds in a sentence."""
    return lambda text, dct=DCT: timexes(text, dct)


@pytest.mark.parametrize("text,expected", [
    ("the fiscal third quarter ended June 30", "2023-Q3"),  # the company's own numbering
    ("its first quarter ended Aug. 31", "2023-Q1"),
    ("the quarter ended Aug. 31", "2023-Q3"),  # June to August: mostly the calendar third quarter
    ("the quarter ended Sept. 30", "2023-Q3"),
])
def test_quarter_ended_on_a_day(text, expected):
    assert normalise_timex(text, DCT, "past").value == expected


def test_frequency_adjectives_that_classify_a_noun_are_no_time(found):
    got = found("The brewer raised its quarterly payout and will publish quarterly results on Friday.")
    assert "quarterly" not in got
    assert got["Friday"][1] == "2023-09-15"
    assert found("Profits are reported quarterly, the bank said.")["quarterly"][1] == "P3M"  # an adverb: a set


@pytest.mark.parametrize("text,expected", [
    ("another month", "P1M"), ("an additional decade", "P10Y"), ("a further three weeks", "P3W"),
    ("an extra day", "P1D"), ("four more years", "P4Y"), ("at least 12 more months", "P12M"),
])
def test_an_amount_added_to_a_period_is_a_duration(text, expected):
    got = normalise_timex(text, DCT, "past", anchor="2023-05")
    assert (got.type, got.value) == ("DURATION", expected)


@pytest.mark.parametrize("sentence,text,tense,expected", [
    ("The truce had been due to end on Monday, the mediators said.", "Monday", "past", "2023-09-11"),
    ("The hearing had been scheduled to open on Tuesday.", "Tuesday", "past", "2023-09-12"),
    ("The premier would be visiting the flooded towns on Saturday.", "Saturday", "future", "2023-09-16"),
])
def test_direction_of_past_perfect_and_modal_progressive_clauses(found, sentence, text, tense, expected):
    assert found(sentence)[text] == (tense, expected)


def test_a_clock_time_or_weekday_completed_by_a_date_is_one_expression(found):
    got = found("The bids are due by 3 p.m., Oct. 20, and the auction closes Friday, Oct. 27.")
    assert got["3 p.m., Oct. 20"][1] == "2023-10-20T15:00"
    assert got["Friday, Oct. 27"][1] == "2023-10-27"


@pytest.mark.parametrize("text,expected", [
    ("three and a half years", "P3Y6M"), ("a month and a half", "P1M15D"), ("7 1/2 hours", "PT7H30M"),
    ("half an hour", "PT30M"), ("half a century", "P50Y"), ("the past two and a half days", "P2DT12H"),
])
def test_durations_with_a_half(text, expected):
    assert normalise_timex(text, DCT, "past").value == expected


@pytest.mark.parametrize("text,anchor,expected", [
    ("the following day", "2023-08-30", "2023-08-31"),
    ("the day before", "2023-09-01", "2023-08-31"),
    ("the next evening", "2023-08-30", "2023-08-31"),  # a part of the day the phrase names: the day
    ("the afternoon", "2023-08-30", "2023-08-30TAF"),  # the anchor day's afternoon
    ("the following month", "2023-06-12", "2023-07"),
    ("the previous month", "2023-01", "2022-12"),
])
def test_days_and_parts_of_day_counted_from_the_day_last_named(text, anchor, expected):
    assert normalise_timex(text, DCT, "past", anchor=anchor).value == expected


def test_counted_days_need_a_day_named_before():
    assert normalise_timex("the following day", DCT, "past", anchor="2023") is None
    assert normalise_timex("the following month", DCT, "past", anchor="2022") is None


def test_the_week_of_a_day_is_that_week():
    assert normalise_timex("the week of Oct. 2", DCT, "future").value == "2023-W40"
    assert normalise_timex("the week of Jan. 4, 2021", DCT, "past").value == "2021-W01"


def test_fractions_and_quoted_titles_are_no_time(found):
    assert not found("Small lenders hold more than a quarter of the bonds.")
    assert not found('The minister told "Sunday Morning" on the radio that farmers sold nearly a quarter of the crop.')
    got = found("Profit fell in the second quarter of 2022 and rose in a quarter of a century's best harvest.")
    assert got["the second quarter of 2022"][1] == "2022-Q2"


@pytest.mark.parametrize("text,expected", [
    ("the last half of 2019", "2019-H2"), ("next year's second quarter", "2024-Q2"),
    ("last year's third quarter", "2022-Q3"), ("earlier in the year", "2023"),
    ("each of the past four years", "P4Y"), ("ten trading days", "P10D"),
])
def test_periods_of_a_relative_year_and_counted_periods(text, expected):
    assert normalise_timex(text, DCT, "past").value == expected


@pytest.mark.parametrize("text,anchor,tense,expected", [
    ("40 years later", "1962-10-28", "past", "2002"),  # counted on from the time the text named
    ("three days later", "2023-09-01", "past", "2023-09-04"),
    ("two weeks after", "2023-06", "past", None),  # a month named: its weeks are not known
    ("six months later", "2023-03", "past", "2023-09"),
    ("30 years later", "2010", "past", None),  # a past event would land after the DCT
    ("30 years later", "2010", "present", None),  # the narrative present: not after the DCT either
    ("80 years later", "2023-09-01", "present", None),  # after "today": an anchor on the DCT's day
    ("30 years later", "2010", "future", "2040"),
    ("30 years later", None, "past", None),  # nothing named before: publication is no anchor
    ("a few weeks later", "2023-08-01", "past", None),  # no number: no date
])
def test_an_amount_later_counts_from_the_time_named_before_never_from_publication(text, anchor, tense, expected):
    got = normalise_timex(text, DCT, tense, anchor)
    if expected is None:  # dates nothing: at most the amount of time, as TimeBank marks it
        assert got is None or (got.type == "DURATION" and not got.anchored)
    else:
        assert got.type == "DATE" and got.value == expected


@pytest.mark.parametrize("text,expected", [
    ("77 years ago", "1946"), ("two months from now", "2023-11"), ("three years earlier", "2020"),
])
def test_ago_and_from_now_still_count_from_publication(text, expected):
    assert normalise_timex(text, DCT, "past" if "ago" in text or "earlier" in text else "future").value == expected


def test_an_amount_later_in_a_text_dates_its_event_from_the_year_named(found):
    got = found("The bridge opened in 1974. Fifty years later, engineers closed it.")
    assert got["Fifty years later"][1] == "P50Y"  # 2024 would be after the 2023 DCT, in a past clause
    got = found("The plant was built in 1961. Twenty years later, the firm sold it.")
    assert got["Twenty years later"][1] == "1981"
    got = found("I spoke today in Doha. During the war, 20,000 people were executed there. "
                "80 years later they are killed a second time.")
    assert got["80 years later"][1] == "P80Y"  # present tense, counted from "today": not 80 years ahead
