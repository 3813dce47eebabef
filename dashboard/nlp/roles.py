"""A person's role and country from the words around their name, and a place's office before a name.

"US President Joe Biden", "White House spokeswoman Jen Psaki", "his Russian counterpart Vladimir
Putin" (:func:`role_and_country`). A place followed by an office title right before a person's name
("Sochi Mayor Anatoly Pakhomov", "Kursk Governor Roman Starovoit", "Ukrainian Ambassador Oksana
Markarova") is that person's role, the place's country theirs: the model often tags the place and
the title as one organisation ("[Sochi Mayor]ORG"), which is no organisation actor
(:func:`place_office`); the place inside it is still read as a toponym. Without a name after it,
such an office ("the Ukrainian Head of State said") is no organisation either (:func:`office_reference`)
but its holder (:mod:`dashboard.nlp.office_holders`).
"""

from __future__ import annotations

import re

from dashboard.nlp.context import ArticleContext
from dashboard.nlp.lexicon import PARTY_WORDS, ROLE_MODIFIERS, ROLE_WORDS
from dashboard.nlp.name_glue import title_word
from dashboard.nlp.tokens import ent_text, named_country
from dashboard.nlp.toponyms import BIG_NAME_PLACE_POPULATION, NAME_PLACE_POPULATION, context_countries


def place_country(ctx: ArticleContext, text: str) -> str | None:
    """ISO alpha-3 code of the country of the place ``text`` names: a country or its nationality word
    ("Ukraine", "Ukrainian"), else a first- or second-level division, curated region or city of
    :data:`~dashboard.nlp.toponyms.NAME_PLACE_POPULATION`+ people of exactly that name (one word the
    article names nowhere as a place: a division or a city of
    :data:`~dashboard.nlp.toponyms.BIG_NAME_PLACE_POPULATION`+, as for places inside organisations'
    names), when those lie in one country (among the countries the article names, when it names any
    of theirs); else None ("Springfield" of several countries, "Ford")."""
    ref = named_country(ctx.gazetteer, text)
    if ref is not None:
        return ref.alpha3
    low = text.lower()
    minimum = NAME_PLACE_POPULATION if " " in text or low in ctx.place_texts else BIG_NAME_PLACE_POPULATION
    codes = {p.country_code for p in ctx.gazetteer.candidates(text)[:8]
             if p.name.lower() == low and p.country_code and (
                 p.feature_code in ("ADM1", "ADM2") or p.place_id.startswith("curated:")
                 or (p.feature_class == "P" and p.population >= minimum))}
    if len(codes) > 1:
        codes &= context_countries(ctx)
    ref = ctx.gazetteer.country(next(iter(codes))) if len(codes) == 1 else None
    return ref.alpha3 if ref is not None else None


def office_place(ctx: ArticleContext, tokens) -> tuple[int, int, str] | None:
    """Where the name of a place opens and ends in ``tokens`` (a run of words; indices into it) and
    that place's country (ISO alpha-3), when the run closes with a place's name of one to three capitalised words and office
    title words ("Sochi Mayor", "the Nizhny Novgorod Governor", "Ukrainian Foreign Minister"); the
    longest such name is taken. None when no title closes the run, or no place (with a country)
    stands before the title."""
    i = len(tokens)
    while i > 0 and (title_word(tokens[i - 1].text) or tokens[i - 1].lower_ in ROLE_MODIFIERS):
        i -= 1
    if i == len(tokens) or not any(title_word(t.text) for t in tokens[i:]):
        return None
    for k in (3, 2, 1):
        words = tokens[i - k:i] if i - k >= 0 else []
        if not words or not all(t.is_alpha and t.text[:1].isupper() and not title_word(t.text) for t in words):
            continue
        if any(words[n + 1].i != words[n].i + 1 for n in range(len(words) - 1)):
            continue
        country = place_country(ctx, ctx.doc[words[0].i:words[-1].i + 1].text)
        if country is not None:
            return i - k, i, country
    return None


def place_office(ctx: ArticleContext, start: int, end: int) -> str | None:
    """The actor id of the person whose name follows tokens ``start``..``end`` right away, when those
    words are a place's name and an office title and nothing else ("[Sochi Mayor] Anatoly Pakhomov",
    "[Kursk Governor] Roman Starovoit", "[Ukrainian Ambassador] Oksana Markarova"): the words are that
    person's role (:func:`role_and_country`), no organisation; else None. Call after the people are
    read (``tok_actor``)."""
    person = ctx.tok_actor.get(end, "")
    if not person.startswith("person:"):
        return None
    found = office_place(ctx, list(ctx.doc[start:end]))
    return person if found is not None and found[0] == 0 else None


#: The polity an office heads, after its title's "of": "Head of State", "Head of the Government".
OFFICE_OBJECTS = frozenset({"state", "government"})


def office_reference(ctx: ArticleContext, start: int, end: int) -> bool:
    """True when tokens ``start``..``end`` (an ORG or FAC entity, or a phrase) name an office, not a
    body: a country's or place's name and office title words, with the polity the office heads
    after "of" or without ("the Ukrainian Head of State", "[Russian Head of Government]",
    "[Ukrainian Head] of State", "the French Foreign Minister": :func:`office_country`), or only
    that polity right after a title and "of" ("Head of [State]"). Such words used without a
    person's name after them refer to the office's holder (linked to them by
    :mod:`dashboard.nlp.office_holders`) and are no organisation ("the Ukrainian
    State Border Service", "the Russian General Staff" are bodies: no title closes them).

    Parameters
    ----------
    ctx : ArticleContext
    start, end : int
        Token indices of the entity (or phrase).

    Returns
    -------
    bool
    """
    doc = ctx.doc
    toks = [t for t in doc[start:end] if t.lower_ != "the"]
    if toks and all(t.lower_ in OFFICE_OBJECTS for t in toks):  # "Head of [State]", "Head of [the Government]"
        i = start - 1
        if i >= 0 and doc[i].lower_ == "the":
            i -= 1
        return i >= 1 and doc[i].lower_ == "of" and title_word(doc[i - 1].text)
    return office_country(ctx, start, end) is not None


def office_country(ctx: ArticleContext, start: int, end: int) -> str | None:
    """ISO alpha-3 code of the country whose office tokens ``start``..``end`` name, when they are
    a place's name and office title words only, with the polity the office heads after "of" or
    without ("the Ukrainian Head of State" -> UKR, "the French Foreign Minister" -> FRA); else None.

    Parameters
    ----------
    ctx : ArticleContext
    start, end : int

    Returns
    -------
    str or None
    """
    toks = [t for t in ctx.doc[start:end] if t.lower_ != "the"]
    k = len(toks)
    while k > 0 and toks[k - 1].lower_ in OFFICE_OBJECTS:
        k -= 1
    if k < len(toks):  # the polity after the title's "of": "Russian Head of Government"
        if k == 0 or toks[k - 1].lower_ != "of":
            return None
        k -= 1
    found = office_place(ctx, toks[:k]) if k else None
    return found[2] if found is not None and found[0] == 0 else None


#: Prepositions after a title word that open the office's object ("Ambassador to Russia", "Envoy for
#: Syria"): the country named after them is not the person's.
OBJECT_PREPOSITIONS = frozenset({"to", "for"})


def tidy_role(words: list[str]) -> str | None:
    """The role's words as one string, without the function words that lost what they joined when
    words were left out of it (a name, a party, a country: "Chief of [Staff] of the Office" -> "Chief
    of the Office", "Head of the [Secretariat] of the Minister" -> "Head of the Minister") and without
    leading or trailing "of", "the", "to", "for"; None when nothing is left."""
    text = " ".join(words).strip()
    text = re.sub(r"\b(of|to|for)(?:\s+the)?\s+(?=(?:of|to|for)\b)", "", text, flags=re.I)
    text = re.sub(r"\bthe\s+(?=the\b)", "", text, flags=re.I)
    words = text.split()
    while words and words[0].lower() in ("of", "the", "to", "for"):
        words.pop(0)
    while words and words[-1].lower() in ("of", "the", "to", "for"):
        words.pop()
    return " ".join(words) or None


def _words_and_country(ctx: ArticleContext, tokens) -> tuple[list[str], str | None]:
    """The words of a title (``tokens``) that stay in the role, and the country (ISO alpha-3) its
    country and nationality words, or a seat of government ("the Kremlin"), give: a country before
    the title or after its "of" leaves the words ("US President", "Speaker of the Parliament of
    Georgia"), a seat of government stays ("Kremlin spokesman"), the object of "to" / "for" stays
    and gives no country ("Ambassador to France")."""
    country = None
    role_words = []
    after_of = after_object = False
    for t in tokens:
        if t.lower_ in OBJECT_PREPOSITIONS:
            after_object = True
        after_of = after_of or t.lower_ == "of"
        if after_object or t.lower_ in ("of", "the"):  # "to Russia": the office's object, not their country
            role_words.append(t.text)
            continue
        if after_of and (ref := named_country(ctx.gazetteer, t.text)) is not None:
            # "President of the State of Israel": the office's country, named in the role (left out
            # of the role's words, as a country before the title is)
            country = country or ref.alpha3
            continue
        ref = None
        if t.ent_type_ in ("GPE", "NORP"):
            ref = ctx.gazetteer.country(t.text) or ctx.gazetteer.country(ent_text(t, ctx.ents))
        if ref is None and t.ent_type_ in ("ORG", "FAC", "GPE"):
            ref = ctx.gazetteer.seat_of_government(ent_text(t, ctx.ents))
            if ref is not None:
                country = country or ref.alpha3
                role_words.append(t.text)
                continue
        if ref is not None:
            country = country or ref.alpha3
            continue
        role_words.append(t.text)
    return role_words, country


def role_and_country(ctx: ArticleContext, start: int, end: int) -> tuple[str | None, str | None, str | None]:
    """Role words and country modifiers around a PERSON span: left-hand titles ("US President",
    "White House spokeswoman", a place's office: "Kursk Governor" with Russia), an apposition ("…, the
    governor's spokeswoman"), or the noun the name is in apposition to ("his Russian counterpart
    Vladimir Putin")."""
    doc = ctx.doc
    sent = ctx.sents[ctx.sent_of[start]]
    tokens = []
    i = start - 1
    while i >= sent.start:
        t = doc[i]
        in_of_the = t.lower_ == "the" and i > sent.start and doc[i - 1].lower_ == "of" and tokens
        # "Ambassador to Russia", "Special Envoy for Syria": the office's object, right after a title word
        office_object = (t.lower_ in OBJECT_PREPOSITIONS and tokens and i > sent.start
                         and doc[i - 1].lower_.strip(".") in ROLE_WORDS)
        if t.ent_type_ == "PERSON" or not (t.pos_ in ("PROPN", "NOUN", "ADJ") or (t.lower_ == "of" and tokens)
                                           or in_of_the or office_object):
            break
        tokens.insert(0, t)
        i -= 1
    # a place's office right before the name ("Kursk Governor", "Sochi Mayor"): the place's words stay
    # in the role (a country's leave it, as below) and its country is the person's
    office = office_place(ctx, tokens) if tokens and tokens[-1].i == start - 1 else None
    office_words = {t.i for t in tokens[office[0]:office[1]]} if office else set()
    if office and named_country(ctx.gazetteer, doc[tokens[office[0]].i:tokens[office[1] - 1].i + 1].text):
        office_words = set()  # a country's name or nationality word gives the country, not the role
    # A party named in the title ("Labour MP Tom Ashby", "Republican Senator …") is the party.
    party_tokens = [t for t in tokens if t.lower_ in PARTY_WORDS
                    or (t.ent_type_ == "ORG" and "party" in ent_text(t, ctx.ents).lower())]
    party = ent_text(party_tokens[0], ctx.ents) if party_tokens else None
    tokens = [t for t in tokens if t not in party_tokens]
    # Stray proper nouns outside any entity are names, not titles ("… of Ukraine Andriy Yermak").
    tokens = [t for t in tokens if t.i in office_words or not (
        t.pos_ == "PROPN" and not t.ent_type_ and t.lower_.strip(".") not in ROLE_WORDS | ROLE_MODIFIERS)]
    while tokens and tokens[0].lower_ in ("of", "the"):
        tokens.pop(0)
    while tokens and tokens[-1].lower_ in ("of", "the"):
        tokens.pop()
    root = doc[start:end].root
    if not tokens:
        head = None
        if root.dep_ == "appos" and root.head.i < start:
            head = root.head
        else:
            appos = [c for c in root.children if c.dep_ == "appos" and c.i >= end]
            head = appos[0] if appos else None
        if head is not None and head.pos_ in ("NOUN", "PROPN") and head.ent_type_ != "PERSON":
            tokens = [c for c in head.lefts if c.dep_ in ("compound", "amod", "nmod") and c.i < head.i] + [head]
    if not tokens:
        return None, None, party
    role_words, country = _words_and_country(ctx, tokens)
    role = tidy_role(role_words)
    if role and not any(w.lower().strip(".") in ROLE_WORDS for w in role.split()):
        role = None
    if role and country is None and office is not None:
        country = office[2]
    if role and role.lower() == "counterpart":
        prev = [aid for idx, aid in ctx.person_at if idx < start]
        if prev:
            prev_obs = [o for o in ctx.out.actors if o.actor_id == prev[-1] and o.role]
            role = prev_obs[-1].role if prev_obs else None
        else:
            role = None
    return role, country, party
