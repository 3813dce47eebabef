"""Negation, modality and tense of an event trigger."""

from __future__ import annotations

from dashboard import cameo
from dashboard.nlp.triggers import is_refusal


def is_negated(tok) -> bool:
    """True when trigger ``tok`` is negated: a negating verb ("denied"), a negation on it or on
    the verbs it complements ("did not meet", "never signed"), a negative subject ("neither side
    agreed", "no one attacked"), or "failed to"."""
    if tok.lemma_.lower() in cameo.NEGATING_VERBS and not is_refusal(tok):
        return True
    node = tok
    for _ in range(3):
        if any(c.dep_ == "neg" or c.lower_ in ("never", "neither", "nor") for c in node.children):
            return True
        subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and any(c.lower_ in ("neither", "no", "none") for c in subj[0].children if c.dep_ == "det"):
            return True
        if subj and subj[0].lower_ in ("neither", "nobody", "none"):
            return True
        if node.dep_ == "xcomp" and node.head.lemma_.lower() == "fail":
            return True  # "failed to reach agreement"
        if node.dep_ in ("xcomp",) and node.head is not node:
            node = node.head
        else:
            break
    return False


def modality_and_tense(tok) -> tuple[str, str]:
    """(modality, tense) of trigger ``tok``, read up its chain of heads: modality ``hypothetical``
    (in an if/unless clause), ``conditional`` (could, would, might, may), ``future`` (will, shall,
    "plans to", "is due to") or ``asserted``; tense ``future``, ``past`` or ``present`` from the
    first verb's auxiliaries and tag (default ``past``), the reference for its date."""
    node = tok
    modality = "asserted"
    tense = None
    for _ in range(8):
        marks = {c.lower_ for c in node.children if c.dep_ == "mark"}
        auxes = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
        if node.dep_ == "advcl" and marks & {"if", "unless"}:
            modality = "hypothetical"  # "if Russia decides to invade": it has not happened
        if auxes & {"could", "would", "might", "may"} and modality == "asserted":
            modality = "conditional"
        if auxes & {"will", "shall", "'ll", "wo"} and modality == "asserted":
            modality = "future"
        if node.lemma_.lower() in ("due", "plan", "schedule", "intend", "expect") and modality == "asserted" \
                and node is not tok:
            modality = "future"
        if tense is None and node.pos_ in ("VERB", "AUX") and not any(
                c.dep_ == "acomp" and c.lemma_.lower() == "due" for c in node.children):
            if auxes & {"will", "shall", "'ll", "wo"} or node.lemma_.lower() in ("due", "plan"):
                tense = "future"
            elif node.tag_ in ("VBD", "VBN") or auxes & {"has", "have", "had", "did", "was", "were"}:
                tense = "past"
            elif node.tag_ in ("VBZ", "VBP", "VB", "VBG"):
                tense = "present"
        if any(c.dep_ == "acomp" and c.lemma_.lower() == "due" for c in node.children) and tense is None:
            tense = "future"
        if node.head is node or node.dep_ == "ROOT":
            break
        node = node.head
    if modality == "future":
        tense = "future"
    return modality, tense or "past"


def in_if_clause(tok) -> bool:
    """True when ``tok`` lies in an adverbial clause introduced by "if" or "unless"."""
    node = tok
    for _ in range(8):
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            return True
        if node.head is node:
            return False
        node = node.head
    return False
