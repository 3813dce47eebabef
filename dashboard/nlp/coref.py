"""Role coreference: "the minister", "the Kremlin spokesman" linked to the named person they stand for.

Organisational nouns ("the company", "the ministry") are linked by :mod:`dashboard.nlp.org_coref`.
"""

from __future__ import annotations

from dashboard.nlp.context import ActorObservation, ArticleContext, Mention
from dashboard.nlp.lexicon import ROLE_WORDS
from dashboard.nlp.tokens import tokens_of_pos

#: Role nouns that refer back to one named person ("the minister said").
ROLE_ANAPHORS = frozenset(ROLE_WORDS - {
    "official", "officer", "member", "representative", "analyst", "delegate", "dr", "major", "deputy",
    "counterpart", "diplomat", "chair", "vice", "prime", "head", "chief", "general", "founder", "speaker",
})
#: Role words that make another office of the same noun: "Vice President" is not "the president".
OTHER_OFFICE = frozenset({"vice", "deputy", "former", "ex", "assistant", "under"})
#: Label of the ``entities`` rows of linked role phrases (not a named-entity label: recognition
#: scores never count them).
ROLE_LABEL = "ROLE"


def link_roles(ctx: ArticleContext) -> None:
    """Definite singular role phrases linked to the actor they stand for.

    For each "the <modifiers> <role noun>" outside any entity ("the minister", "the Kremlin
    spokesman", "the Turkish foreign minister", "the president of Ukraine") that is not a title
    of a name next to it: the actor dictionary's holder of that role phrase on the publication
    date (:meth:`dashboard.actor_dictionary.ActorDictionary.role_holder`) when there is one, else
    the most recent person named earlier in the article whose role has that noun and every
    non-country modifier (and no "vice", "deputy" or "former" the phrase lacks) and whose
    country (when both are known) is the phrase's. A linked phrase becomes a
    ``ROLE`` entity row with the actor and, as evidence, the sentence of the antecedent's name
    (``antecedent_sentence_id``; none for a dictionary holder), and its head token takes the
    actor, so events and quotations whose argument it is get that actor.
    """
    doc = ctx.doc
    for token in tokens_of_pos(doc, "NOUN", "PROPN"):
        lemma = token.lemma_.lower()
        if (token.tag_ in ("NNS", "NNPS") or token.i in ctx.tok_actor
                or token.ent_type_ or lemma not in ROLE_ANAPHORS):
            continue
        det = [c for c in token.lefts if c.dep_ == "det"]
        if not det or det[0].lower_ != "the" or is_title(ctx, token):
            continue
        mods = [c for c in token.lefts if c.dep_ in ("compound", "amod") and c.i > det[0].i]
        start = det[0].i
        actor_id, evidence = dictionary_holder(ctx, doc[start:token.i + 1].text), None
        if actor_id is None:
            actor_id, evidence = person_antecedent(ctx, token, mods) or (None, None)
        if actor_id is None:
            continue
        ctx.tok_actor[token.i] = actor_id
        ctx.mentions.append(Mention(start, token.i + 1, doc[start:token.i + 1].text, ROLE_LABEL, actor_id,
                                    antecedent_sent=evidence))


def is_title(ctx: ArticleContext, token) -> bool:
    """Whether the role noun ``token`` is a title or apposition of a name beside it ("the
    president, Joe Biden", "the minister Ana Pop", "Ana Pop, the minister")."""
    doc = ctx.doc
    nxt = token.i + 1
    while nxt < len(doc) and doc[nxt].is_punct and doc[nxt].text in ",":
        nxt += 1
    if nxt < len(doc) and doc[nxt].ent_type_ == "PERSON":
        return True
    if token.dep_ == "appos" or any(c.dep_ == "appos" for c in token.children):
        return True
    return token.head.ent_type_ == "PERSON" and token.head.i < token.i


def dictionary_holder(ctx: ArticleContext, phrase: str) -> str | None:
    """The actor dictionary entry holding role ``phrase`` on the publication date (observed as
    an actor of the article), or None."""
    dictionary = ctx.dictionary
    if dictionary is None or not len(dictionary):
        return None
    when = ctx.article.published.date() if ctx.article.published else None
    entry = dictionary.role_holder(phrase, when)
    if entry is None:
        return None
    return ctx.observe(ActorObservation(entry.actor_id, entry.name, entry.kind, entry.country, entry.role, entry.name))


def phrase_country(ctx: ArticleContext, token, mods) -> str | None:
    """Alpha-3 code of the country a role phrase names ("the Turkish minister", "the Kremlin
    spokesman", "the president of Ukraine"), or None."""
    heads = list(mods) + [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                          for g in c.children if g.dep_ == "pobj"]
    for t in heads:
        aid = ctx.tok_actor.get(t.i, "")
        if aid.startswith("country:"):
            return aid.removeprefix("country:")
        ref = ctx.gazetteer.seat_of_government(t.text) if t.text[:1].isupper() else None
        if ref is not None:
            return ref.alpha3
    return None


def person_antecedent(ctx: ArticleContext, token, mods) -> tuple[str, int | None] | None:
    """The most recent person named before ``token`` whose role fits the phrase (see
    :func:`link_roles`) and the sentence of that name, or None."""
    country = phrase_country(ctx, token, mods)
    words = {m.lower_ for m in mods if not ctx.tok_actor.get(m.i, "").startswith("country:")
             and not (m.text[:1].isupper() and ctx.gazetteer.seat_of_government(m.text))}
    words.add(token.lemma_.lower())
    roles: dict[str, tuple[set[str], str | None]] = {}
    for o in ctx.out.actors:
        if o.kind == "person" and (o.role or o.country):
            known, c = roles.get(o.actor_id, (set(), None))
            roles[o.actor_id] = (known | set((o.role or "").lower().split()), c or o.country)
    for idx, aid in reversed(ctx.person_at):
        if idx >= token.i or aid not in roles:
            continue
        known, c = roles[aid]
        if words <= known and not (known & OTHER_OFFICE) - words and (country is None or c is None or c == country):
            return aid, ctx.sent_of.get(idx)
    return None
