"""Recognition of temporal expressions in a parsed spaCy ``Doc``, each normalised in TIMEX3.

Candidates are spaCy's DATE and TIME entities (OntoNotes labels of the pipeline's model) and, where
no entity covers them, our patterns for what the model leaves untagged: PRESENT_REF / PAST_REF /
FUTURE_REF adverbs ("now", "recently", "in the future"), sets ("daily", "every week"), named days
("Thanksgiving Day") and weekday or month names before a noun ("the October slaying"). Each one
is normalised by :func:`dashboard.dates.timex.normalise_timex` against the DCT with the tense of its
governing clause (:func:`clause_tense`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from dashboard.dates.holidays import NAMED_DAY
from dashboard.dates.lexicon import MONTH_RE, WEEKDAYS
from dashboard.dates.tense import clause_tense
from dashboard.dates.timex import Timex, normalise_timex, timex_date

__all__ = ["FoundTimex", "clause_tense", "find_timexes"]

#: Words and phrases the small spaCy model rarely tags, recognised by pattern (TimeML annotates them).
PATTERN = re.compile(
    r"\b(?:now|currently|presently|nowadays|at present|recently|lately|"
    r"(?:in |for )?the (?:near |distant )?(?:future|past)|daily|weekly|monthly|annually|yearly|quarterly|"
    r"(?:every|each) (?:day|week|month|year|quarter))\b", re.I)
#: Weekday and month names the model leaves untagged when they modify a noun ("in its Friday issue",
#: "the October slaying", "a June agreement"); "May" and "March" are left out (a verb, a noun).
CALENDAR_NAME = re.compile(r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|April|June|July|August|"
                           r"September|October|November|December)\b")
#: Comparisons with a year before ("the year-ago quarter", "a year earlier", "last year's") do not
#: become the anchor of later anaphora: the story's reporting period stays the one it named.
YEAR_AGO = re.compile(r"year[- ](?:ago|earlier|before)|a year (?:ago|earlier|before)|last year", re.I)


@dataclass(frozen=True)
class FoundTimex:
    """A temporal expression found in a text: character offsets ``[start, end)``, how it was found
    (``spacy`` entity or ``pattern``), the tense of its clause and its :class:`Timex` (None when no
    rule normalises it)."""

    start: int
    end: int
    text: str
    source: str
    tense: str
    timex: Timex | None


WEEKDAY_NAME = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_PARTS_AFTER = {"morning", "afternoon", "evening", "night"}
_PARTS_BEFORE = {"noon", "midnight"}


def _merged_entities(doc) -> list:
    """DATE and TIME entities, adjacent ones merged into one span ("Thursday" + "evening",
    "noon" + "Thursday": one expression, as TimeML marks it)."""
    out = []
    for ent in (e for e in doc.ents if e.label_ in ("DATE", "TIME")):
        if out and (out[-1].end == ent.start or _day_after_comma(doc, out[-1], ent)):
            out[-1] = doc[out[-1].start:ent.end]
        else:
            out.append(ent)
    return out


def _day_after_comma(doc, left, right) -> bool:
    """True when ``right`` is a calendar day after a comma that completes ``left``, a clock time or a
    weekday ("5 p.m., Nov. 6", "Friday, Oct. 23"): one expression, as TimeML marks it."""
    if right.start != left.end + 1 or doc[left.end].text != ",":
        return False
    clock_or_weekday = left.label_ == "TIME" or re.fullmatch(rf"(?:on )?{WEEKDAY_NAME}", left.text, re.I)
    return bool(clock_or_weekday) and re.match(rf"{MONTH_RE}\s*\d", right.text, re.I) is not None


def _with_part_of_day(doc, ent) -> tuple[int, int, str, str, object]:
    """An entity's span, widened to a part of day the model left outside it ("Friday | evening",
    "noon | Thursday"): ``(start, end, text, "spacy", root token)``."""
    start, end = ent.start, ent.end
    if end < len(doc) and doc[end].lower_ in _PARTS_AFTER:
        end += 1
    if start > 0 and doc[start - 1].lower_ in _PARTS_BEFORE:
        start -= 1
    span = doc[start:end]
    return span.start_char, span.end_char, span.text, "spacy", ent.root


#: Ages ("a 52-year-old", "52 years old", "her 6-month-old son") say how old someone is, not when:
#: TimeML does not mark them.
AGE = re.compile(r"\b(?:year|month|week|day)s?[- ]old\b", re.I)
#: A reporting period followed by the day it ended: TimeML marks the period and the day apart
#: ("the quarter | ended | Sept. 30").
PERIOD_ENDED = re.compile(r"^(.*?\b(?:quarter|year|half|months|weeks|period))\s+(?:that\s+)?(?:ended|ending)\s+(.+)$", re.I)
#: Two calendar expressions joined as a range: TimeML marks both ends ("between 1994 | and | 1997",
#: "Sept. 14 | to | Thursday", "April 24 | and | 25").
RANGE = re.compile(r"^(?:between\s+|from\s+)?(.+?)\s+(?:to|and|through|until|till|-|\u2013)\s+(.+)$", re.I)


#: Words that name the day of a clock time ("10 p.m. Tuesday", "tonight", "Oct. 23 at 6 a.m.").
_DAY_WORDS = re.compile(rf"\b(?:today|tonight|yesterday|tomorrow|this|last|next|{'|'.join(w[:3] for w in WEEKDAYS)}[a-z]*|"
                        rf"{MONTH_RE})\b|\d{{4}}", re.I)


def _on_anchor_day(tx: Timex | None, text: str, dct, anchor: str | None) -> Timex | None:
    """A bare clock time ("10 p.m.", "about 6 a.m.") is on the day the narrative last named (TimeML's
    anchor), not necessarily the DCT's: "Slepian was shot on Oct. 23 ... at 10 p.m."."""
    if (tx is None or tx.type != "TIME" or anchor is None or len(anchor) != 10 or dct is None
            or _DAY_WORDS.search(text) or not tx.value.startswith(str(dct)[:10])):
        return tx
    return Timex(tx.text, tx.type, anchor + tx.value[10:], tx.precision, tx.mod)


def _before(right: Timex, left: Timex, dct) -> bool:
    """True when ``right`` begins before ``left`` (a PRESENT_REF ``left`` is the DCT)."""
    start = timex_date(left.value) if left.anchored else ((dct, "day") if left.value == "PRESENT_REF" and dct else None)
    end = timex_date(right.value)
    return bool(start and end) and end[0] < (start[0].date() if isinstance(start[0], datetime) else start[0])


def _pieces(start: int, text: str, dct, tense: str, anchor) -> list[tuple[int, int, str, Timex | None]]:
    """A candidate as the expressions TimeML would mark: a period and the day it ended, or the two
    ends of a range, each ``(start, end, text, Timex)``; else the candidate itself."""
    whole = normalise_timex(text, dct, tense, anchor)
    if m := PERIOD_ENDED.match(text):
        second = normalise_timex(m[2], dct, tense, anchor)
        if second is not None and second.anchored:
            first = whole if whole is not None else normalise_timex(m[1], dct, tense, anchor)
            return [(start, start + m.end(1), m[1], first), (start + m.start(2), start + m.end(2), m[2], second)]
    if (m := RANGE.match(text)) and not AGE.search(text):
        left = normalise_timex(m[1], dct, tense, anchor)
        right = normalise_timex(m[2], dct, tense, anchor)
        if right is None and left is not None and left.precision == "day" and re.fullmatch(r"\d{1,2}", m[2]):
            right = Timex(m[2], "DATE", f"{left.value[:8]}{int(m[2]):02d}", "day")  # "April 24 and 25"
        if left is not None and right is not None and right.anchored and _before(right, left, dct):
            right = normalise_timex(m[2], dct, "future", anchor)  # a range ends after it starts ("now to Feb. 10")
        if all(x is not None and (x.anchored or x.value.endswith("_REF")) for x in (left, right)):
            return [(start + m.start(1), start + m.end(1), m[1], left), (start + m.start(2), start + m.end(2), m[2], right)]
    return [(start, start + len(text), text, whole)]


#: Frequency adjectives that, before a noun, say what kind of thing it is ("a quarterly dividend",
#: "quarterly results") rather than when anything happens: TimeBank marks no TIMEX3 there. "annual"
#: is left out: TimeBank marks none of five ("the annual meeting") but MEANTIME marks "annual" as a
#: set ("its first annual loss"), so the annotations disagree.
CLASSIFYING = {"quarterly", "semiannual", "biannual"}


def _classifying(text: str, root) -> bool:
    """True when ``text`` is a frequency adjective of :data:`CLASSIFYING` modifying a noun."""
    return (root is not None and text.lower() in CLASSIFYING and root.dep_ in ("amod", "compound", "nmod")
            and root.head.pos_ in ("NOUN", "PROPN") and root.head.i > root.i)


#: A fraction of an amount: "a quarter of the market", "three quarters of its sales".
FRACTION = re.compile(r"(?:^|\s)(?:a|one|three)\s+quarters?$", re.I)
#: What follows "quarter of" when the quarter is one of time: "a quarter of a century", "of 2023".
_TIME_AFTER_OF = re.compile(r"\s*of\s+(?:an?\s+|the\s+)?(?:century|year|hour|\d{4}|fiscal|this|last|next)\b", re.I)
#: A title in quotation marks whose every word is capitalised: "60 Minutes", "This Week" (programmes).
_QUOTES = "\"'\u201c\u201d\u2018\u2019`"


def _not_a_time(text: str, start: int, end: int, expression: str) -> bool:
    """True when the expression at ``[start, end)`` of ``text`` is no time: a fraction ("more than a
    quarter of the market") or a programme's title in quotes ("on ABC's 'This Week'")."""
    if FRACTION.search(expression) and re.match(r"\s*of\b", text[end:end + 4]) and not _TIME_AFTER_OF.match(text[end:end + 20]):
        return True
    before, after = text[max(0, start - 2):start], text[end:end + 3]
    titled = all(w[:1].isupper() or w[:1].isdigit() for w in expression.split()) and " " in expression.strip()
    return titled and any(q in before for q in _QUOTES) and any(q in after.lstrip(",.") [:2] for q in _QUOTES)


def find_timexes(doc, dct: date | datetime | None, patterns: bool = True) -> list[FoundTimex]:
    """Every temporal expression of ``doc`` with its TIMEX3 normalisation.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A parsed document (entities and dependency parse).
    dct : date, datetime or None
        Document creation time (publication date).
    patterns : bool
        Also add :data:`PATTERN` matches that no entity covers.

    Returns
    -------
    list of FoundTimex
        In text order; entities that no rule normalises are kept with ``timex=None``. Ages are
        left out; a period with the day it ended and the two
        ends of a range are two expressions (see :func:`_pieces`).
    """
    text_of_doc = doc.text  # Doc.text joins every token anew on each call: read it once
    spans = [_with_part_of_day(doc, e) for e in _merged_entities(doc)]
    covered = {i for s, e, *_ in spans for i in range(s, e)}
    if patterns:
        for m in [*PATTERN.finditer(text_of_doc), *NAMED_DAY.finditer(text_of_doc), *CALENDAR_NAME.finditer(text_of_doc)]:
            if not covered.intersection(range(m.start(), m.end())):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                spans.append((m.start(), m.end(), m.group(0), "pattern", span.root if span is not None else None))
    found, anchor = [], None
    for start, end, text, source, root in sorted(spans, key=lambda s: s[0]):
        if AGE.search(text) or _classifying(text, root) or _not_a_time(text_of_doc, start, end, text):
            continue
        tense = clause_tense(root) if root is not None else "present"
        for s, e, piece, tx in _pieces(start, text, dct, tense, anchor):
            tx = _on_anchor_day(tx, piece, dct, anchor)
            if (tx is not None and tx.anchored and tx.precision not in ("time", "decade", "century")
                    and not YEAR_AGO.search(piece)):
                anchor = tx.value
            found.append(FoundTimex(s, e, piece, source, tense, tx))
    return found
