"""Recognition of temporal expressions in a parsed spaCy ``Doc``, each normalised in TIMEX3.

Candidates are spaCy's DATE and TIME entities (OntoNotes labels of the pipeline's model) and, where
no entity covers them, our patterns for what the model leaves untagged: PRESENT_REF / PAST_REF /
FUTURE_REF adverbs ("now", "recently", "in the future") and sets ("daily", "every week"). Each one
is normalised by :func:`dashboard.dates.timex.normalise_timex` against the DCT with the tense of its
governing clause (:func:`clause_tense`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from dashboard.dates.timex import Timex, normalise_timex

#: Words and phrases the small spaCy model rarely tags, recognised by pattern (TimeML annotates them).
PATTERN = re.compile(
    r"\b(?:now|currently|presently|nowadays|at present|recently|previously|formerly|lately|"
    r"(?:in |for )?the (?:near |distant )?(?:future|past)|soon|daily|weekly|monthly|annually|yearly|quarterly|"
    r"(?:every|each) (?:day|week|month|year|quarter))\b", re.I)
_FUTURE_AUX = {"will", "'ll", "shall", "wo"}
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


def clause_tense(token) -> str:
    """Tense of the clause a token belongs to: ``future`` (will / shall / going to / is set to),
    ``past`` (VBD, or a perfect or passive with a past auxiliary, or "has" + VBN) or ``present``.

    The governing verb is the first VERB or AUX up the dependency tree (the sentence root else).
    """
    t = token
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    auxes = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    if words & _FUTURE_AUX or (t.lower_ == "going" and any(c.lower_ == "to" for c in t.children)):
        return "future"
    if t.head.lower_ in ("going", "set", "expected", "scheduled", "due", "planned") and t.dep_ == "xcomp":
        return "future"
    if t.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
        return "past"
    if t.tag_ == "VBN" and (any(c.lemma_ == "have" for c in auxes) or (not auxes and t.dep_ == "ROOT")):
        return "past"
    if t.tag_ == "MD" and t.lower_ in _FUTURE_AUX:
        return "future"
    return "present"


_PARTS_AFTER = {"morning", "afternoon", "evening", "night"}
_PARTS_BEFORE = {"noon", "midnight"}


def _merged_entities(doc) -> list:
    """DATE and TIME entities, adjacent ones merged into one span ("Thursday" + "evening",
    "noon" + "Thursday": one expression, as TimeML marks it)."""
    out = []
    for ent in (e for e in doc.ents if e.label_ in ("DATE", "TIME")):
        if out and out[-1].end == ent.start:
            out[-1] = doc[out[-1].start:ent.end]
        else:
            out.append(ent)
    return out


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
        In text order; entities that no rule normalises are kept with ``timex=None``.
    """
    spans = [_with_part_of_day(doc, e) for e in _merged_entities(doc)]
    covered = {i for s, e, *_ in spans for i in range(s, e)}
    if patterns:
        for m in PATTERN.finditer(doc.text):
            if not covered.intersection(range(m.start(), m.end())):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                spans.append((m.start(), m.end(), m.group(0), "pattern", span.root if span is not None else None))
    found, anchor = [], None
    for start, end, text, source, root in sorted(spans, key=lambda s: s[0]):
        tense = clause_tense(root) if root is not None else "present"
        tx = normalise_timex(text, dct, tense, anchor)
        if (tx is not None and tx.anchored and tx.precision not in ("time", "decade", "century")
                and not YEAR_AGO.search(text)):
            anchor = tx.value
        found.append(FoundTimex(start, end, text, source, tense, tx))
    return found
