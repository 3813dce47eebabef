"""Event triggers: verbs, nouns and adjectives of the CAMEO lexicon and their codes."""

from __future__ import annotations

import numpy

from dashboard import cameo


def is_refusal(tok) -> bool:
    """ "deny" in the sense of refuse: its object is a permission ("denied entry")."""
    return tok.lemma_.lower() in cameo.NEGATING_VERBS and any(
        c.dep_ in ("dobj", "dative") and c.lemma_.lower() in cameo.REFUSAL_OBJECTS for c in tok.children)


#: nouns of ideas, words and plans: a material-conflict verb aimed at one is figurative
#: ("attacked the plan", "seized on an idea", "a war of words")
ABSTRACT_OBJECTS = {"idea", "plan", "proposal", "policy", "thought", "notion", "argument", "concept", "theory",
                    "strand", "narrative", "word", "rhetoric", "decision", "remark", "comment", "claim", "speech",
                    "strategy", "approach", "budget", "bill", "law", "reform", "agenda", "opportunity", "chance",
                    "moment", "issue", "message", "report", "criticism", "theme"}
#: prepositions of place and time: their objects say where or when, not what is acted upon
LOCATIVE = {"in", "at", "near", "inside", "within", "during", "across", "outside", "over", "after", "before"}
#: material-conflict verbs whose figurative use is a verbal attack: criticise (111)
FIGURATIVE_CRITICISM = {"attack", "assault", "hit", "strike", "fight", "target", "shoot", "blast", "bombard",
                        "war", "battle", "fire"}


#: modifiers of "strike" that make it a stoppage of work or food: a protest (CAMEO 143)
LABOUR_STRIKES = {"hunger", "general", "labor", "labour", "national", "nationwide", "worker", "workers", "teachers",
                  "warning", "indefinite", "open-ended", "sit-down", "rail", "transport", "day", "24-hour", "48-hour"}


#: verbs the CAMEO lexicon of :mod:`dashboard.cameo` lacks, by category: damage to property (171),
#: physical and sexual assault (182, 1821)
MORE_VERBS = {"deface": "171", "vandalize": "171", "vandalise": "171", "loot": "171", "ransack": "171",
              "torch": "171", "abuse": "182", "molest": "1821"}
#: verbs with the object word or particle that makes them an event the lexicon lacks: easing a
#: restriction (081), sending inspectors (090), reinforcing forces (154), closing a border (191),
#: welcoming a visitor (043), setting fire to property (171), sexual abuse (1821)
MORE_PHRASAL = {
    **{(v, n): "081" for v in ("shorten", "cancel", "scrap", "relax", "reduce") for n in ("curfew", "restrictions")},
    **{(v, n): "090" for v in ("send", "dispatch") for n in ("inspectors", "monitors", "investigators", "observers")},
    **{(v, n): "154" for v in ("strengthen", "increase", "boost", "bolster", "reinforce", "double")
       for n in ("forces", "troops", "presence", "garrison")},
    **{(v, n): "191" for v in ("close", "seal", "shut") for n in ("border", "borders", "crossing", "crossings")},
    ("give", "welcome"): "043", ("extend", "welcome"): "043", ("set", "fire"): "171", ("abuse", "sexually"): "1821",
}


def _objects(tok) -> list:
    """The direct objects of ``tok`` and the objects of its non-locative prepositions ("seized on X",
    not "in parliament")."""
    out = [c for c in tok.children if c.dep_ in ("dobj", "attr")]
    return out + [g for c in tok.children if c.dep_ in ("prep", "prt") and c.lower_ not in LOCATIVE
                  for g in c.children if g.dep_ == "pobj"]


def _abstract(tok) -> bool:
    """True for an idea, a word or a plan, or what is "of" one ("a war of words", "strands of thought")."""
    if tok.ent_type_:
        return False
    of = [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    return tok.lemma_.lower() in ABSTRACT_OBJECTS or any(_abstract(g) for g in of)


def figurative_code(tok, code: str) -> str | None:
    """The code of a material-conflict trigger used figuratively, else ``code``: aimed only at
    ideas, words or plans ("attacked the plan", "a war of words") it is a criticism (111), or no
    event at all ("seized on an idea"); any other trigger keeps ``code``."""
    if int(code[:2]) < 15:  # protests (14) against a law are real
        return code
    objects = _objects(tok)
    if not objects or not all(_abstract(o) for o in objects):
        return code
    return "111" if tok.lemma_.lower() in FIGURATIVE_CRITICISM else None


def trigger_code(tok) -> str | None:
    """The CAMEO code ``tok`` triggers, else None: a refusal ("denied entry"), a phrasal verb
    (verb with particle, preposition or object word: "called for", "pulled out"; the object word
    may be its compound or measured noun: "ended *mediation* efforts", "gave 5 million dollars of
    *aid*"), a verb, a noun
    ("talks", "sanctions") or an adjective with a complement ("ready to")."""
    lemma = tok.lemma_.lower()
    if is_refusal(tok):
        return "120"
    if tok.pos_ in ("VERB",):
        words = {c.lower_ for c in tok.children if c.dep_ in ("prt", "advmod", "prep", "ccomp", "acomp", "dobj")}
        for c in tok.children:
            if c.dep_ == "dobj":
                words |= {g.lower_ for g in c.children if g.dep_ in ("prep", "compound")}
                # the object named through a measure ("5 million dollars *of aid*")
                words |= {o.lower_ for g in c.children if g.dep_ == "prep" and g.lower_ == "of"
                          for o in g.children if o.dep_ == "pobj"}
        for w in words:
            if (lemma, w) in cameo.PHRASAL or (lemma, w) in MORE_PHRASAL:
                return figurative_code(tok, cameo.PHRASAL.get((lemma, w)) or MORE_PHRASAL[(lemma, w)])
        code = cameo.VERBS.get(lemma) or MORE_VERBS.get(lemma)
        return figurative_code(tok, code) if code else None
    if tok.pos_ == "NOUN" and lemma == "strike" and any(
            c.dep_ in ("compound", "amod", "nmod") and c.lower_ in LABOUR_STRIKES for c in tok.children):
        return "143"  # a hunger or general strike is a protest, not an armed strike
    if tok.pos_ == "NOUN" and lemma in cameo.NOUNS:
        return figurative_code(tok, cameo.NOUNS[lemma])
    if tok.pos_ == "ADJ" and lemma in cameo.ADJECTIVES and any(c.dep_ == "xcomp" for c in tok.children):
        return cameo.ADJECTIVES[lemma]  # "is willing/ready to …"
    return None


def trigger_candidates(doc) -> list:
    """The tokens of ``doc`` that :func:`trigger_code` can code, in order: verbs whose lemma is a
    coded verb or begins a coded phrasal verb, nouns and adjectives whose lemma is coded (or a
    "strike"), and any token whose lemma is a negating verb (:func:`is_refusal`); it gives None for
    all others, which are skipped without making a token object each (each distinct lemma is looked
    up once)."""
    from spacy.symbols import IDS

    if not len(doc):
        return []
    pos, lemma = doc.to_array(["POS", "LEMMA"]).T
    strings = doc.vocab.strings
    verbs = cameo.VERBS.keys() | MORE_VERBS.keys() | {v for v, _ in cameo.PHRASAL} | {v for v, _ in MORE_PHRASAL}
    nouns = cameo.NOUNS.keys() | {"strike"}
    kinds = {"negating": cameo.NEGATING_VERBS, "VERB": verbs, "NOUN": nouns, "ADJ": cameo.ADJECTIVES.keys()}
    lemmas = {name: [] for name in kinds}
    for h in set(lemma.tolist()):
        low = strings[h].lower()
        for name, words in kinds.items():
            if low in words:
                lemmas[name].append(h)

    def having(name: str):
        return numpy.isin(lemma, numpy.array(lemmas[name], dtype=numpy.uint64))

    wanted = having("negating")
    for name in ("VERB", "NOUN", "ADJ"):
        wanted |= (pos == IDS[name]) & having(name)
    return [doc[i] for i in numpy.flatnonzero(wanted).tolist()]
