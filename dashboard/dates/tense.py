"""The tense of the clause a temporal expression belongs to: on which side of the publication date
(the DCT) an expression without a year or week of its own lies ("Tuesday", "Dec. 7", "the third
quarter")."""

from __future__ import annotations

_FUTURE_AUX = {"will", "'ll", "shall", "wo"}
#: Modals that put a base-form verb after the reference time ("could come Tuesday", "might meet").
_MODALS = {"would", "could", "might", "may", "can", "should", "must", "'d"}
_FUTURE_HEADS = {"going", "set", "expected", "scheduled", "due"}
#: Adjectives whose date lies ahead of the statement: "payable Dec. 7", "effective Feb. 1", "due June 30".
PROSPECTIVE_ADJECTIVES = {"payable", "effective", "due", "redeemable"}
#: Verbs whose object or complement happens later than the verb itself: "has scheduled a news
#: conference Thursday", "talks slated for Monday".
PROSPECTIVE_VERBS = {"schedule", "reschedule", "slate"}
#: Verbs that move something to a later date when the date follows "until": "postponed until Tuesday".
DEFERRING_VERBS = {"postpone", "delay", "defer", "adjourn", "put", "push", "suspend", "extend"}


def _governing_verb(token) -> tuple[object, str | None, str | None]:
    """The first VERB or AUX up the dependency tree from ``token`` (the root else), the preposition
    that introduces the expression ("since", "until"), and a prospective adjective (token) met on the way."""
    t, prep, adj = token, None, None
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        if t.lower_ in PROSPECTIVE_ADJECTIVES and adj is None:
            adj = t
        if t.head.pos_ == "ADP" and t.dep_ == "pobj" and (prep is None or t.head.lower_ == "since"):
            prep = t.head.lower_  # the nearest preposition, but "since" anywhere ("since after the Oct. 23 slaying")
        t = t.head
    return t, prep, adj


def clause_tense(token) -> str:
    """Tense of the clause a token belongs to: ``future``, ``past`` or ``present``.

    Parameters
    ----------
    token : spacy.tokens.Token
        The root of a temporal expression.

    Returns
    -------
    str
        ``future`` for will / shall / going to / is set to, a base form after a modal or "to"
        ("could come Tuesday", "plans to meet Monday"), an expression on a prospective adjective
        ("payable Dec. 7") or under a planning verb ("scheduled a news conference Thursday",
        "postponed until Tuesday"); ``past`` for a past tense (VBD, a past auxiliary, "has" + VBN),
        a reduced relative ("its record high set on Aug. 6") or "since"; ``present`` otherwise.
        The governing verb is the first VERB or AUX up the dependency tree (the sentence root else).
    """
    if token.dep_ == "poss":
        return "present"  # "Wednesday's ruling": the noun's event, whatever the clause's tense
    t, prep, adj = _governing_verb(token)
    if adj is not None and adj.dep_ != "acomp":
        return "future"  # "a dividend payable Dec. 7"; "it had been due to expire Friday" keeps its verb's tense
    tense = _verb_tense(t, prep)
    return "future" if adj is not None and tense == "present" else tense


def _pluperfect(t) -> bool:
    """True when ``t`` or the verb it complements ("had been due", "had been scheduled") is in the
    past perfect: the arrangement it states was already past when the story was written."""
    for v in (t, t.head):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in v.children):
            return True
    return False


def _verb_tense(t, prep: str | None) -> str:
    """Tense of the governing verb ``t`` of an expression introduced by ``prep`` (see :func:`clause_tense`)."""
    if prep == "since":
        return "past"
    auxes = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    if words & _FUTURE_AUX or (t.lower_ == "going" and any(c.lower_ == "to" for c in t.children)):
        return "future"
    if t.head.lower_ in _FUTURE_HEADS and t.dep_ == "xcomp":  # "is set to meet Monday", "is due to vote Friday"
        return "past" if _pluperfect(t.head) else "future"  # "had been due to expire Friday": that plan is past
    if t.lemma_ in PROSPECTIVE_VERBS or (t.lemma_ in DEFERRING_VERBS and prep in ("until", "till")):
        return "future"
    if t.tag_ == "VBG" and words & _MODALS and "be" in {c.lemma_ for c in auxes}:
        return "future"  # "would be flying to Paris Thursday": a modal progressive looks ahead
    if t.tag_ == "VB" and not any(c.lemma_ == "have" for c in auxes):
        if words & _MODALS:
            return "future"
        if "to" in words and t.head.i != t.i:  # "plans to meet Monday" is ahead, "planned to pay Friday" is not
            return "past" if clause_tense(t.head) == "past" else "future"
    if t.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
        return "past"
    if t.tag_ == "VBN" and (any(c.lemma_ == "have" for c in auxes) or (not auxes and t.dep_ in ("ROOT", "acl"))):
        return "past"
    if t.tag_ == "MD" and t.lower_ in _FUTURE_AUX:
        return "future"
    return "present"
