"""The temporal expression that dates an event, found and normalised by :mod:`dashboard.dates`
(the recogniser the TempEval-3 evaluation scores), with its TIMEX3 precision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dashboard.dates import Timex, timex_date
from dashboard.dates.recognise import find_timexes
from dashboard.nlp.context import ArticleContext

#: TIMEX3 refs an event can be dated by: its date is the publication date, its precision says on
#: which side of it the event lies ("recently" -> past_ref, "now" -> present_ref).
REFS = {"PAST_REF": "past_ref", "PRESENT_REF": "present_ref", "FUTURE_REF": "future_ref"}


@dataclass(frozen=True)
class DateMention:
    """A temporal expression of the article that can date an event: its tokens and its TIMEX3."""

    span: object
    timex: Timex

    @property
    def is_ref(self) -> bool:
        return self.timex.value in REFS


def date_expressions(doc, reference: datetime | date | None) -> list[DateMention]:
    """The doc's temporal expressions that name a point or period ("on Thursday", "two weeks ago",
    "in the third quarter", "last spring", "in the 1990s") or a ref ("recently", "now"), normalised
    against the publication date: TIMEX3 DATEs and TIMEs, not durations ("two months") or sets."""
    out = []
    for f in find_timexes(doc, reference):
        tx = f.timex
        if tx is None or tx.type not in ("DATE", "TIME") or not (tx.anchored or tx.value in REFS):
            continue
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is not None:
            out.append(DateMention(span, tx))
    return out


def dated(mention: DateMention, reference: datetime | date | None) -> tuple[date, str] | None:
    """``(date, precision)`` of a mention: the first day of its TIMEX3 period with its precision
    (day, week, month, quarter, half, season, year, decade, century; a time of day is its day), or
    the publication date with ``past_ref`` / ``present_ref`` / ``future_ref``."""
    if mention.is_ref:
        if reference is None:
            return None
        day = reference.date() if isinstance(reference, datetime) else reference
        return day, REFS[mention.timex.value]
    got = timex_date(mention.timex.value)
    if got is None:
        return None
    return got[0], ("day" if got[1] == "time" else got[1])


def date_for(ctx: ArticleContext, tok, trigger_idx: set[int], mentions: list[DateMention],
             tense: str | None = None):
    """Temporal expression of a trigger: the nearest one that modifies it (see :func:`modifies`) and
    is not in the subtree of a nested trigger, a calendar expression before a ref; for a complement
    ("voted on Friday *to suspend*") the governing verb's own ones; else the publication date
    (precision ``publication``). A date inside another clause or on a noun ("explained that *in
    2020* a project was built", "welcomed plans to reach neutrality *by 2060*") is not the event's,
    nor, for a trigger in a past clause (``tense``, :func:`dashboard.dates.tense.clause_tense`), a
    period that begins after the publication day: what was done cannot have happened later than
    the report of it ("have commented on the commitment to neutrality *by 2060*", "discussed the
    programme *until 2027*": a deadline or a span of the object, wherever the parser hung it).

    Returns ``(date, date text, precision)``; the precision is a TIMEX3 one (:func:`dated`)."""
    def own_dates(head, skip=frozenset()):
        """Mentions that modify ``head`` itself: calendar ones first, then nearest first."""
        sub = {t.i for t in head.subtree} - skip
        nested = set()
        for t in head.subtree:
            if t.i != head.i and (t.i in trigger_idx or t.i in skip):
                nested |= {d.i for d in t.subtree}
        found = [m for m in mentions if m.span.start in sub and m.span.start not in nested and modifies(m.span, head)]
        return sorted(found, key=lambda m: (m.is_ref, abs(m.span.start - head.i)))

    candidates = own_dates(tok)
    if not candidates and tok.dep_ == "xcomp":
        candidates = own_dates(tok.head, frozenset({tok.i}))
    ref = ctx.article.published
    ref_day = (ref.date() if isinstance(ref, datetime) else ref) if ref is not None else None
    for mention in candidates:
        got = dated(mention, ref)
        if got is None or (tense == "past" and ref_day is not None and got[0] > ref_day):
            continue
        return got[0], mention.span.text, got[1]
    if ref is not None:
        return ref.date(), None, "publication"
    return None, None, "publication"


def modifies(ent, head) -> bool:
    """True when the expression ``ent`` (a span) hangs on ``head`` directly or through prepositions
    only ("met *on Monday*", "occupied … *in 1922*", "the agreements *of November 9, 2020*"), not
    through another clause or a noun ("said that *in 2020* …", "plans for *2030*")."""
    inside = {t.i for t in ent}
    t = ent.root
    while t.head.i != t.i:
        parent = t.head
        if parent.i == head.i:
            return True
        if parent.i not in inside and parent.pos_ != "ADP" and parent.dep_ != "prep":
            return False
        t = parent
    return False
