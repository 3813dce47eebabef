"""Negation, modality, factuality and tense of an event trigger."""

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
        if node.dep_ in ("xcomp",) and node.head.i != node.i:
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
        if node.head.i == node.i or node.dep_ == "ROOT":
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
        if node.head.i == node.i:
            return False
        node = node.head
    return False


#: The values of the ``events.modality`` column (its factuality), most telling first.
MODALITIES: tuple[str, ...] = ("asserted", "negated", "denied", "hypothetical", "question", "future")
#: nouns whose absence states that something is not so ("no evidence that…", "no sign that…")
FACT_CHECK_NOUNS = {"evidence", "proof", "sign", "indication", "basis", "record"}
#: adverbs and adjectives that mark a claim as false ("falsely claimed that…", "false reports that…")
FALSE_WORDS = {"falsely", "wrongly", "baselessly", "erroneously", "mistakenly", "untruthfully",
               "false", "baseless", "unfounded", "bogus", "fabricated", "untrue", "debunked"}
#: verbs that report a denial of their complement ("denied that its troops shelled…")
DENIAL_VERBS = {"deny", "refute", "rebut", "dismiss", "reject", "dispute"}
#: verbs that make their complement an intention or a plan ("plans to", "is set to", "threatens to")
INTENT_VERBS = {"plan", "intend", "set", "threaten", "aim", "vow", "pledge", "promise", "schedule", "due",
                "expect", "prepare", "seek", "want", "mean"}
#: verbs that make their complement a possibility only ("consider an attack", "weigh sanctions")
HYPOTHETICAL_VERBS = {"consider", "weigh", "contemplate", "mull", "explore", "imagine", "suppose"}
_CONDITIONAL_AUX = {"could", "would", "might", "may", "should"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}


def _ancestors(tok, depth: int = 8) -> list:
    """``tok`` and up to ``depth`` of its syntactic heads, nearest first."""
    chain = [tok]
    while len(chain) <= depth and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def is_fact_checked(tok) -> bool:
    """True when trigger ``tok`` is stated to be false: the complement of "no evidence", "no sign"
    ("found no evidence that the governor banned…"), of a claim made falsely ("falsely claimed
    that…", "false reports that…"), or an alternative not taken ("withdrew rather than fight")."""
    before = [t.lower_ for t in tok.doc[max(tok.sent.start, tok.i - 3):tok.i] if t.lower_ != "to"]
    if before[-2:] in (["rather", "than"], ["instead", "of"]):
        return True
    for node in _ancestors(tok)[1:]:
        kids = list(node.children)
        if node.lemma_.lower() in FACT_CHECK_NOUNS and any(c.lower_ in ("no", "little") for c in kids):
            return True
        if any(c.dep_ in ("advmod", "amod") and c.lower_ in FALSE_WORDS for c in kids):
            return True
    return False


def is_reported_denial(tok) -> bool:
    """True when trigger ``tok`` is what someone denies ("denied that its troops had shelled the
    town", "dismissed claims that it attacked…"), not the denial itself."""
    chain = _ancestors(tok, 4)
    for below, node in zip(chain, chain[1:]):
        if node.lemma_.lower() in DENIAL_VERBS and below.dep_ in ("ccomp", "dobj", "xcomp"):
            return node.lemma_.lower() == "deny" or below.dep_ == "ccomp" or below.pos_ == "NOUN"
        if below.dep_ not in ("ccomp", "acl", "dobj", "xcomp", "relcl", "pobj", "prep"):
            return False
    return False


def is_question(tok) -> bool:
    """True when the clause of trigger ``tok`` ends with a question mark ("Would Russia attack?")."""
    for t in tok.doc[tok.i + 1:tok.sent.end]:
        if t.text in (".", "!", ";"):
            return False
        if t.text == "?":
            return True
    return False


def _is_hypothetical(tok) -> bool:
    chain = _ancestors(tok)
    for node in chain:
        kids = list(node.children)
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in kids):
            return True
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _CONDITIONAL_AUX for c in kids):
            return True
        if node is not tok and node.lemma_.lower() in HYPOTHETICAL_VERBS:
            return True
        if node.dep_ not in ("xcomp", "dobj", "pobj", "prep", "acl", "conj", "aux") and not is_purpose(node):
            return False
    return False


def is_purpose(tok) -> bool:
    """True for the verb of a purpose clause ("opened the bridge *to allow* deliveries", "working
    together *to provide* credit"): what it states is intended, not done."""
    return tok.dep_ == "advcl" and tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _is_future(tok) -> bool:
    if is_purpose(tok):
        return True
    for node in _ancestors(tok):
        kids = list(node.children)
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in kids):
            return True
        if node is not tok and node.lemma_.lower() in INTENT_VERBS:
            return True
        if any(c.dep_ == "acomp" and c.lemma_.lower() in ("due", "set") for c in kids):
            return True
        if node.dep_ not in ("xcomp", "dobj", "pobj", "prep", "acl", "conj", "aux"):
            return False
    return False


def factuality(tok, negated: bool) -> str:
    """The ``events.modality`` of trigger ``tok`` (one of :data:`MODALITIES`).

    Parameters
    ----------
    tok : spacy.tokens.Token
        The event trigger.
    negated : bool
        Whether the event is negated (:func:`is_negated`, or a fact-check, or a reported denial).

    Returns
    -------
    str
        ``question`` (its clause ends in "?"), ``hypothetical`` (an if- or unless-clause, could,
        would, might, may, should, "consider"), ``denied`` (a denial, or what a denial denies),
        ``negated``, ``future`` (will, shall, "plans to", "is set to", "threatens to") or
        ``asserted``, the first that applies.
    """
    if is_question(tok):
        return "question"
    if _is_hypothetical(tok):
        return "hypothetical"
    if is_reported_denial(tok) or (negated and tok.lemma_.lower() in DENIAL_VERBS):
        return "denied"
    if negated:
        return "negated"
    if _is_future(tok):
        return "future"
    return "asserted"
