"""Event triggers: verbs, nouns and adjectives of the CAMEO lexicon and their codes."""

from __future__ import annotations

from dashboard import cameo


def is_refusal(tok) -> bool:
    """ "deny" in the sense of refuse: its object is a permission ("denied entry")."""
    return tok.lemma_.lower() in cameo.NEGATING_VERBS and any(
        c.dep_ in ("dobj", "dative") and c.lemma_.lower() in cameo.REFUSAL_OBJECTS for c in tok.children)


def trigger_code(tok) -> str | None:
    """The CAMEO code ``tok`` triggers, else None: a refusal ("denied entry"), a phrasal verb
    (verb with particle, preposition or object word: "called for", "pulled out"), a verb, a noun
    ("talks", "sanctions") or an adjective with a complement ("ready to")."""
    lemma = tok.lemma_.lower()
    if is_refusal(tok):
        return "120"
    if tok.pos_ in ("VERB",):
        words = {c.lower_ for c in tok.children if c.dep_ in ("prt", "advmod", "prep", "ccomp", "acomp", "dobj")}
        for c in tok.children:
            if c.dep_ == "dobj":
                words |= {g.lower_ for g in c.children if g.dep_ == "prep"}
        for w in words:
            if (lemma, w) in cameo.PHRASAL:
                return cameo.PHRASAL[(lemma, w)]
        return cameo.VERBS.get(lemma)
    if tok.pos_ == "NOUN" and lemma in cameo.NOUNS:
        return cameo.NOUNS[lemma]
    if tok.pos_ == "ADJ" and lemma in cameo.ADJECTIVES and any(c.dep_ == "xcomp" for c in tok.children):
        return cameo.ADJECTIVES[lemma]  # "is willing/ready to …"
    return None
