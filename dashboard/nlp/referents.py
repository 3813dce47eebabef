"""Which actors a syntactic argument refers to: names, pronouns, groups, "the two leaders"."""

from __future__ import annotations

from dashboard import cameo
from dashboard.nlp.actors import country_group, group_actor
from dashboard.nlp.context import ArticleContext
from dashboard.nlp.lexicon import (FIRST_PERSON, GENERIC_GROUPS, GROUP_NOUNS, MEMBER_NOUNS, PAIR_NOUNS,
                                   PERSON_PRONOUNS, QUANTITY_NOUNS, REPORTING_PRONOUNS)


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
    if token.like_num or token.lemma_.lower() in QUANTITY_NOUNS:
        # "scores of Liberian refugees", "tens of thousands of troops": the counted noun
        counted = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]
        if counted:
            return actors_of(ctx, counted[0], seen, any_noun)
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
        if not found and token.pos_ == "NOUN" and token.lemma_.lower() in GENERIC_GROUPS:
            found.append(group_actor(ctx, token))
    for c in token.children:
        if c.dep_ == "conj":
            found.extend(actors_of(ctx, c, seen, any_noun))
    return list(dict.fromkeys(found))


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
        if head is node:
            return None
        if node.dep_ == "ccomp" and head.lemma_.lower() in cameo.CUES:
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0].i != token.i and subj[0].lower_ not in REPORTING_PRONOUNS:
                return subj[0]
            return None
        node = head
    return None
