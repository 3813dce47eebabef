"""Which actors a syntactic argument refers to: names, pronouns, groups, "the two leaders"."""

from __future__ import annotations

from dashboard import cameo
from dashboard.nlp.actors import country_actor, country_group, group_actor
from dashboard.nlp.context import ActorObservation, ArticleContext
from dashboard.nlp.lexicon import (FIRST_PERSON, GENERIC_GROUPS, GROUP_NOUNS, MEMBER_NOUNS, PAIR_NOUNS, PEOPLE_GROUPS,
                                   PERSON_PRONOUNS, QUANTITY_NOUNS, REPORTING_PRONOUNS)
from dashboard.nlp.tokens import slug


def pair_reference(ctx: ArticleContext, token) -> list[str]:
    """The two people a plural "the two leaders" / "both presidents" refers to: the last two
    distinct people named before it in the article, else []."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in PAIR_NOUNS or token.tag_ not in ("NNS", "NNPS"):
        return []
    if not any(c.lower_ in ("two", "both") and c.dep_ in ("nummod", "det", "predet", "amod") for c in token.children):
        return []
    out: list[str] = []
    for idx, aid in reversed(ctx.person_at):
        if idx < token.i and aid not in out:
            out.append(aid)
        if len(out) == 2:
            return out[::-1]
    return []


def actors_of(ctx: ArticleContext, token, seen=None, any_noun: bool = False) -> list[str]:
    """Actor ids a syntactic argument refers to (with its conjuncts).

    People and groups ("Russian officials") take the actor of their nationality or owner
    modifier; with ``any_noun`` (objects of an action: "demolished Palestinian homes") every
    noun does."""
    seen = seen if seen is not None else set()
    if token.i in seen:
        return []
    seen.add(token.i)
    found: list[str] = []
    if token.like_num or token.lemma_.lower() in QUANTITY_NOUNS | COLLECTIVE_NOUNS:
        # "scores of Liberian refugees", "tens of thousands of troops": the counted noun
        counted = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]
        if counted and (ids := actors_of(ctx, counted[0], seen, any_noun or token.lemma_.lower() in COLLECTIVE_NOUNS)):
            return ids
        if counted and token.lemma_.lower() not in COLLECTIVE_NOUNS:
            return []
    if token.i in ctx.tok_actor:
        found.append(ctx.tok_actor[token.i])
    elif token.lower_ in REPORTING_PRONOUNS and reporting_subject(token) is not None:
        found.extend(actors_of(ctx, reporting_subject(token), seen))
    elif token.lower_ in FIRST_PERSON and ctx.speaker_at(token.idx) is not None:
        found.append(ctx.speaker_at(token.idx))  # "“We will not withdraw,” Ortiz said"
    elif token.lower_ in ("it", "they") and token.dep_ in ("nsubj", "nsubjpass"):
        found.extend(previous_subject(ctx, token))
    elif token.lower_ in PERSON_PRONOUNS:
        prev = [aid for idx, aid in ctx.person_at if idx < token.i]
        if prev:
            found.append(prev[-1])
    elif pair := pair_reference(ctx, token):
        found.extend(pair)  # "the two leaders agreed", "both presidents": the last two people named
    else:
        for c in token.children:
            if c.dep_ == "appos" and c.i in ctx.tok_actor:
                found.append(ctx.tok_actor[c.i])
        if not found and token.pos_ in ("NOUN", "PROPN") and (any_noun or token.lemma_.lower() in GROUP_NOUNS):
            for c in token.children:
                if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i in ctx.tok_actor:
                    for m in (c, *[cc for cc in c.conjuncts if cc.i in ctx.tok_actor]):
                        found.append(country_group(ctx, token, m) or ctx.tok_actor[m.i])
        if not found and token.pos_ == "NOUN" and token.lemma_.lower() in MEMBER_NOUNS:
            # "leaders of the opposition coalition", "officials of the ministry": the body
            for c in token.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    found += [ctx.tok_actor[g.i] for g in c.children if g.dep_ == "pobj" and g.i in ctx.tok_actor]
        # a plural the model took for a name ("Doctors from…" opening a sentence) is still a noun
        noun = token.lemma_.lower().removesuffix("s") if token.tag_ == "NNPS" else token.lemma_.lower()
        if not found and (token.pos_ == "NOUN" or token.tag_ in ("NNS", "NNPS")) and (any_noun or noun in GROUP_NOUNS):
            found += missed_nationality(ctx, token)
            if not found and noun in GROUP_NOUNS | PEOPLE_GROUPS | GENERIC_GROUPS.keys() | BODY_NOUNS:
                found += origin_actors(ctx, token)  # people and bodies, not things ("the curfew in Bamako")
        if not found and (token.pos_ == "PROPN" or token.lemma_.lower() in BODY_NOUNS):
            found += missed_name(ctx, token)
        if not found and token.pos_ == "NOUN" and token.lemma_.lower() in GENERIC_GROUPS:
            found.append(group_actor(ctx, token))
    for c in token.children:
        if c.dep_ == "conj":
            found.extend(actors_of(ctx, c, seen, any_noun))
    return list(dict.fromkeys(found))


#: Nouns for a body of people that an "of" phrase fills: "a group of Moroccan diplomats" are the diplomats.
COLLECTIVE_NOUNS = {"group", "band", "crowd", "handful", "contingent", "batch", "patch", "delegation", "team"}
#: Prepositions that say where a group of people is or comes from: "opposition groups *in* Zimbabwe",
#: "activists *from* the Fatah party", "students *throughout* Indonesia".
ORIGIN_PREPS = ("in", "from", "throughout", "across", "within", "inside", "of")
#: Nationality nouns of peoples the gazetteer's demonyms lack ("Serb forces", "Croat troops").
ETHNONYMS = {"serb": "Serbia", "serbs": "Serbia", "croat": "Croatia", "croats": "Croatia", "turks": "Turkey",
             "bosniak": "Bosnia and Herzegovina", "bosniaks": "Bosnia and Herzegovina"}


def missed_nationality(ctx: ArticleContext, token) -> list[str]:
    """A group of people named by a nationality modifier the model did not tag ("Ghanaian
    authorities", "Serb forces", "Vietnamese-led forces"): the country group (or the country for
    a state body, see :func:`~dashboard.nlp.actors.country_group`), the country actor added."""
    for c in token.children:
        leader = [g for g in c.children if g.dep_ in ("npadvmod", "compound") and g.i in ctx.tok_actor]
        if c.dep_ == "amod" and c.lower_ in ("led", "backed") and leader:  # "Vietnamese-led forces"
            return [country_group(ctx, token, leader[0]) or ctx.tok_actor[leader[0].i]]
        if c.dep_ not in ("amod", "compound", "nmod") or not c.text[:1].isupper() or c.i in ctx.tok_actor:
            continue
        word = c.text.removesuffix("-led").removesuffix("-backed")
        ref = ctx.gazetteer.demonym_country(word) or (
            ctx.gazetteer.country(ETHNONYMS[word.lower()]) if word.lower() in ETHNONYMS else None)
        if ref is not None:
            ctx.tok_actor[c.i] = country_actor(ctx, ref, word)
            return [country_group(ctx, token, c) or ctx.tok_actor[c.i]]
    return []


#: Nouns after a body's own name ("the Hizbollah group", "the Umma party", "the Azadliq coalition").
BODY_NOUNS = {"group", "party", "movement", "front", "coalition", "organisation", "organization", "union",
              "alliance", "faction", "militia", "council", "committee", "association", "league", "bloc",
              "newspaper", "broadcaster", "agency"}


def missed_name(ctx: ArticleContext, token) -> list[str]:
    """A name the model did not tag: a country named in full ("Uzbekistan opened…"), or a body
    named before its kind ("the Hizbollah group", "the Umma party"): its country or organisation
    actor, added to the context."""
    from dashboard.nlp.actors import organisation_actor

    names = [c for c in token.lefts if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.i not in ctx.tok_actor
             and c.ent_type_ not in ("GPE", "LOC", "FAC") and c.i not in ctx.toponym_tokens]  # "the Donbass militia": a place's
    if token.pos_ == "PROPN":
        text = " ".join(t.text for t in [*names, token])
        named = len(text) > 3 and text[:1].isupper() and ctx.gazetteer.seat_of_government(text) is None
        ref = ctx.gazetteer.country(text) if named else None  # a capital is a place here, not its state
        if ref is not None:
            ctx.tok_actor[token.i] = country_actor(ctx, ref, text)
            return [ctx.tok_actor[token.i]]
        return []
    if names and all(n.text[:1].isupper() and n.text.isalpha() for n in names):
        aid = organisation_actor(ctx, " ".join(n.text for n in names))
        for n in names:
            ctx.tok_actor[n.i] = aid
        return [aid]
    return []


def origin_actors(ctx: ArticleContext, token) -> list[str]:
    """The country or body a group of people is in, comes from or belongs to (:data:`ORIGIN_PREPS`):
    "opposition groups in Zimbabwe" are a Zimbabwean group, "activists from the Fatah party" and
    "members of the Syrian parliament" act for it; not people ("supporters of the president")."""
    lemma = token.lemma_.lower()
    # "a newspaper based in Beirut", "the Red Cross operating in Iraq": the participle's place
    preps = [c for c in token.children if c.dep_ == "prep"] + [
        p for c in token.children if c.dep_ == "acl" and c.lower_ in SITED for p in c.children if p.dep_ == "prep"]
    for c in preps:
        if c.lower_ not in ORIGIN_PREPS or (c.lower_ == "of" and lemma not in MEMBER_NOUNS):
            continue
        for obj in (g for g in c.children if g.dep_ == "pobj"):
            aid = ctx.tok_actor.get(obj.i, "")
            if aid.startswith("country:"):
                return [country_group(ctx, token, obj) or aid]
            if aid.startswith(("org:", "igo:")):
                return [aid]
            ids = [a for a in actors_of(ctx, obj, any_noun=True) if not a.startswith(("person:", "group:"))]
            if ids:
                return ids[:1]
            ref = place_country(ctx, obj)  # "demonstrators in Baghdad", "the government of Sindh province"
            if ref is not None:
                return [people_of(ctx, token, ref)]
    return []


def people_of(ctx: ArticleContext, token, ref) -> str:
    """The group of people ``token`` names ("demonstrators", "students") in the country ``ref``
    (a ``group`` actor with that country, as :func:`~dashboard.nlp.actors.country_group` makes for
    "Iraqi demonstrators"), or the country itself for a body ("the government of Sindh province")."""
    lemma = token.lemma_.lower()
    if lemma not in PEOPLE_GROUPS:
        return country_actor(ctx, ref, ref.name)
    name = f"{ref.name} {token.text.lower() if token.tag_ in ('NNS', 'NNPS') else lemma}"
    return ctx.observe(ActorObservation(f"group:{ref.alpha3.lower()}-{slug(lemma)}", name, "group", ref.alpha3,
                                        None, token.text))


#: participles that place a body somewhere: "a group *based* in Trinidad", "the Red Cross *operating* in Iraq"
SITED = {"based", "operating", "stationed", "headquartered", "living", "working"}


def place_country(ctx: ArticleContext, token):
    """The country (gazetteer ``CountryRef``) of the resolved literal place that ``token`` or its
    subtree names ("Baghdad", "the town of Cizre", "West Darfur State"), else None."""
    countries = {p.place_id: p.country_code for p in ctx.out.places if p.country_code}
    starts = {t.idx for t in token.subtree}
    for r in ctx.out.place_mentions:
        if (r.get("role") == "literal" and r.get("place_id") in countries and r.get("start") is not None
                and any(r["start"] <= i < r["end"] for i in starts)):
            ref = ctx.gazetteer.countries.get(countries[r["place_id"]])
            if ref is not None:
                return ref
    return None


def previous_subject(ctx: ArticleContext, token) -> list[str]:
    """Antecedent of a subject "it"/"they": the actors of the nearest earlier subject (within
    the two preceding sentences) that is not a person ("The council voted… It had met…")."""
    first = ctx.sents[max(0, ctx.sent_of[token.i] - 2)].start
    for i in range(token.i - 1, first - 1, -1):
        t = ctx.doc[i]
        if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in REPORTING_PRONOUNS | PERSON_PRONOUNS:
            ids = [a for a in actors_of(ctx, t, any_noun=True) if not a.startswith("person:")]
            if ids:
                return ids
    return []


def reporting_subject(token):
    """Subject of the reporting verb whose reported clause holds ``token`` ("Japan said *it*
    had halted aid"), or None."""
    node = token
    for _ in range(8):
        head = node.head
        if head.i == node.i:
            return None
        if node.dep_ == "ccomp" and head.lemma_.lower() in cameo.CUES:
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0].i != token.i and subj[0].lower_ not in REPORTING_PRONOUNS:
                return subj[0]
            return None
        node = head
    return None
