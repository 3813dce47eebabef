"""The temporal expression that dates an event, normalised by :mod:`dashboard.dates`."""

from __future__ import annotations

from dashboard.dates import is_date_expression, normalise
from dashboard.nlp.context import ArticleContext


def date_expressions(doc) -> list:
    """The doc's DATE entities that are temporal expressions (TIMEX3 DATEs: "on Thursday",
    "January 10", "in 2014"), not durations ("two months") or bare numbers."""
    return [e for e in doc.ents if e.label_ == "DATE" and is_date_expression(e.text)]


def date_for(ctx: ArticleContext, tok, trigger_idx: set[int], date_ents: list, tense: str):
    """Temporal expression of a trigger: the nearest DATE entity that modifies it (see
    :func:`modifies`) and is not in the subtree of a nested trigger; for a complement ("voted
    on Friday *to suspend*") the governing verb's own ones; else the publication date (precision
    ``publication``). A date inside another clause or on a noun ("explained that *in 2020* a
    project was built", "welcomed plans to reach neutrality *by 2060*") is not the event's.

    Reads the article's publication date (the reference time); returns (date, date text,
    precision) with the precision :func:`dashboard.dates.normalise` gives (day, month, year)."""
    def own_dates(head, skip=frozenset()):
        """DATE entities that modify ``head`` itself, nearest first."""
        sub = {t.i for t in head.subtree} - skip
        nested = set()
        for t in head.subtree:
            if t.i != head.i and (t.i in trigger_idx or t.i in skip):
                nested |= {d.i for d in t.subtree}
        found = [e for e in date_ents if e.start in sub and e.start not in nested and modifies(e, head)]
        return sorted(found, key=lambda e: abs(e.start - head.i))

    candidates = own_dates(tok)
    if not candidates and tok.dep_ == "xcomp":
        candidates = own_dates(tok.head, frozenset({tok.i}))
    ref = ctx.article.published
    for ent in candidates:
        nd = normalise(ent.text, ref, tense)
        if nd is not None:
            return nd.date, ent.text, nd.precision
    if ref is not None:
        return ref.date(), None, "publication"
    return None, None, "publication"


def modifies(ent, head) -> bool:
    """True when the DATE entity ``ent`` hangs on ``head`` directly or through prepositions only
    ("met *on Monday*", "occupied … *in 1922*", "the agreements *of November 9, 2020*"), not through
    another clause or a noun ("said that *in 2020* …", "plans for *2030*")."""
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
