"""Word lists of English temporal expressions for the TIMEX3 normaliser (:mod:`dashboard.dates.timex`).

Values follow TimeML's TIMEX3 notation (ISO-TimeML, Pustejovsky et al. 2010; TimeML 1.2.1
guidelines): seasons ``SP SU FA WI``, parts of day ``MO AF EV NI``, duration units ``Y M W D`` and
``H M S`` after ``T``. Lists are written for this project, not copied from another tool.
"""

from __future__ import annotations

import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
#: A month name or its news abbreviation ("Oct.", "Sept."), as a regex group-free alternation.
MONTH_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
WEEKDAY_RE = (r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.)")

UNITS = {  # word -> (TIMEX3 duration unit, is a time unit after "T", calendar precision)
    "second": ("S", True, "time"), "minute": ("M", True, "time"), "hour": ("H", True, "time"),
    "day": ("D", False, "day"), "night": ("D", False, "day"), "week": ("W", False, "week"),
    "weekend": ("WE", False, "week"), "month": ("M", False, "month"),
    "quarter": ("Q", False, "quarter"), "year": ("Y", False, "year"), "decade": ("DE", False, "decade"),
    "century": ("CE", False, "century"),
}
UNIT_RE = r"(?:second|minute|hour|day|night|weekend|week|month|quarter|year|decade|century|centuries)s?"

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
#: Season -> month it starts in (meteorological, northern hemisphere), to order seasons in time.
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
                "overnight": "NI"}

ONES = {"zero": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
        "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
        "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "couple": 2, "dozen": 12}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "last": 4, "final": 4}
#: Quantities with no number: the TIMEX3 value writes them as ``X`` ("several weeks" = ``PXW``).
VAGUE = {"several", "few", "some", "many", "numerous", "recent", "coming", "past", "couple"}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}

PRESENT_WORDS = {"now", "currently", "presently", "at present", "nowadays", "right now", "at the moment",
                 "present", "these days", "today's", "the present", "current"}
PAST_WORDS = {"recently", "previously", "formerly", "once", "earlier", "the past", "past", "before",
              "in the past", "lately", "a while ago", "long ago", "years ago", "some time ago", "the time",
              "then", "that time", "at the time", "ago"}
FUTURE_WORDS = {"future", "the future", "soon", "shortly", "eventually", "later", "in the future",
                "the coming years", "down the road", "near future", "distant future", "as soon as possible", "the near future", "someday"}

SET_WORDS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M",
             "annually": "P1Y", "yearly": "P1Y", "annual": "P1Y", "hourly": "PT1H", "biweekly": "P2W"}


def number_value(words: str) -> int | None:
    """The number written in ``words``: digits ("14"), spelled ("twenty four", "a", "a couple of",
    "a dozen"), with a thousands comma ("1,000"); None for anything else."""
    w = words.strip().lower().replace("-", " ")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})*|\d+", w):
        return int(w.replace(",", ""))
    total, seen = 0, False
    parts = w.split()
    if parts[:2] in (["a", "couple"], ["a", "dozen"]):
        parts = parts[1:]
    for part in parts:
        if part in ("of", "and"):
            continue
        if part in TENS:
            total += TENS[part]
        elif part in ONES:
            total += ONES[part] if part != "dozen" or total == 0 else 0
            if part == "dozen" and total != 12:
                total = total * 12 if total else 12
        elif part == "hundred":
            total = (total or 1) * 100
        elif part == "half":
            continue
        else:
            return None
        seen = True
    return total if seen else None


#: A year written in words: "nineteen ninety-six", "two thousand", "two thousand and three".
SPELLED_YEAR = re.compile(
    r"\b(?:(?:nineteen|eighteen|twenty) (?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -]"
    r"(?:one|two|three|four|five|six|seven|eight|nine))?|hundred|o[ -](?:one|two|three|four|five|six|seven|eight|nine)"
    r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
    r"|two thousand(?:(?: and)? (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))?)\b")


def spelled_year(words: str) -> int:
    """The year :data:`SPELLED_YEAR` matched: "nineteen ninety-six" is 1996, "two thousand and
    three" 2003, "nineteen o five" 1905, "nineteen hundred" 1900."""
    w = words.lower().replace("-", " ").split()
    if w[:2] == ["two", "thousand"]:
        return 2000 + (number_value(" ".join(x for x in w[2:] if x != "and")) or 0)
    century = number_value(w[0]) * 100
    rest = [x for x in w[1:] if x != "o"]
    return century if rest == ["hundred"] else century + (number_value(" ".join(rest)) or 0)


#: A number written in digits or words (up to ninety-nine, "a", "a couple of", "a dozen").
NUMBER_RE = (r"(?:\d{1,3}(?:,\d{3})+|\d+|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
             r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)|one|two|three|four|five|six|seven"
             r"|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
             r"|a\s+couple\s+of|a\s+dozen|a|an|single|(?:a\s+)?hundred)")


def singular(unit: str) -> str:
    """Singular of a unit word ("weeks" -> "week", "centuries" -> "century")."""
    return "century" if unit == "centuries" else unit[:-1] if unit.endswith("s") else unit
