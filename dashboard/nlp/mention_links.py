"""Descriptions and pronouns linked to the named actor they stand for: appositions and "he" / "its".

Two kinds of reference that name no one yet refer to a named actor of the article:

* **Appositions** (:func:`link_appositions`): a noun phrase set off by a comma beside a person's or
  an organisation's name describes that actor — after it ("Jim Press, *the vice chairman of
  Acme*"; "Airbus, *Europe's biggest aircraft maker*"; "Acme Inc (ACM), *the parent company of
  Widget*") or before it ("*Irish low-cost airline*, Ryanair"). The phrase is the apposition's
  subtree in the parse; it must be headed by a common noun or a role word, name no other person
  or place nor a country's office the person is not known to hold ("... to Vladimir Putin, the
  Ukrainian Head of State stressed" is a misparse), and an organisation's apposition is no person's role ("Acme, its chief executive"
  is not Acme).
* **Pronouns** (:func:`link_pronouns`): a third-person singular pronoun takes the most recent
  compatible actor named before it: "he", "him", "his", "she", "her" the last person (as the
  events' arguments do, :func:`dashboard.nlp.referents.actors_of`; gender is not used), "it" and
  "its" the organisation of the nearest sentence that names one, its subject first (as "the
  group" does, :func:`dashboard.nlp.org_coref.organisation_antecedent`). An expletive "it" ("it
  is expected that…", "it rained") and "it" or "its" with no organisation in reach stay unlinked.

A linked apposition becomes a ``ROLE`` entity row, a linked pronoun a ``PRON`` one, with the
actor and, as evidence, the sentence of the name it was linked to (``antecedent_sentence_id``); the head of an apposition also takes
the actor (``tok_actor``), as a linked role phrase does.
"""

from __future__ import annotations

from dashboard.nlp.context import ArticleContext, Mention
from dashboard.nlp.coref import ROLE_LABEL
from dashboard.canonical import HONORIFICS
from dashboard.nlp.lexicon import ROLE_WORDS
from dashboard.nlp.repair import model_designation
from dashboard.nlp.roles import office_country
from dashboard.nlp.tokens import tokens_of_pos

#: Label of the ``entities`` rows of linked pronouns.
PRONOUN_LABEL = "PRON"
#: Prefixes of the actor ids an apposition may describe: people and organisations.
DESCRIBED = ("person:", "org:", "igo:")
#: Pronouns that refer back to one person.
PERSON_PRONOUN_FORMS = frozenset({"he", "him", "his", "she", "her"})
#: Pronouns that refer back to one organisation.
THING_PRONOUN_FORMS = frozenset({"it", "its"})
#: Prefixes of the actor ids "it" and "its" may stand for: organisations and countries.
THING_ACTORS = ("org:", "igo:", "country:")
#: Entity types an apposition may not have at its head (another name, a date, a number).
NAMED_HEAD = frozenset({"PERSON", "GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT",
                        "QUANTITY", "ORDINAL"})
#: Verbs of an expletive subject "it" ("it seems that", "it is expected to").
EXPLETIVE_HEADS = frozenset({"be", "seem", "appear", "rain", "snow", "remain", "take", "matter"})


def descriptive_head(token, described: str) -> bool:
    """Whether ``token`` can head a description of the actor ``described`` (an actor id): a common
    noun (or a role word the tagger read as a proper noun: "Chairman"), no named entity of
    another kind, and for an organisation no person's role."""
    role = token.lower_.strip(".") in ROLE_WORDS
    if token.ent_type_ in NAMED_HEAD or token.like_num or not (token.pos_ == "NOUN" or (token.pos_ == "PROPN" and role)):
        return False
    return described.startswith("person:") or not role


def _clean(ctx: ArticleContext, start: int, end: int) -> tuple[int, int]:
    doc = ctx.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _names_other(ctx: ArticleContext, start: int, end: int, actor_id: str) -> bool:
    """Whether tokens ``start:end`` hold another person's name or a place's."""
    for t in ctx.doc[start:end]:
        if t.ent_type_ in ("PERSON", "GPE", "LOC", "FAC") and t.ent_iob_ == "B" and t.i == start:
            return True
        if t.ent_type_ == "PERSON" and ctx.tok_actor.get(t.i, actor_id) != actor_id:
            return True
    return False


def _office_elsewhere(ctx: ArticleContext, start: int, end: int, actor_id: str) -> bool:
    """Whether tokens ``start:end`` name a country's office (:func:`~dashboard.nlp.roles.office_country`:
    "the Ukrainian Head of State") that the person ``actor_id`` is not known to hold a country's
    office of: the person's country must be that one ("... approaches to Vladimir Putin, the
    Ukrainian Head of State stressed" is a misparse, no apposition)."""
    country = office_country(ctx, start, end)
    if country is None:
        return False
    return country not in {o.country for o in ctx.out.actors if o.actor_id == actor_id and o.country}


def apposition_of(ctx: ArticleContext, m: Mention) -> tuple[int, int, int] | None:
    """The apposition describing the name of mention ``m``: ``(start, end, head)`` token offsets,
    or None (see the module docstring)."""
    doc = ctx.doc
    span = doc[m.start:m.end]
    root = span.root
    after = [c for t in span for c in t.children if c.dep_ == "appos" and c.i >= m.end]
    for c in after:
        between = doc[m.end:c.left_edge.i]
        if not between or not any(t.text == "," for t in between) or any(
                not t.is_punct and ctx.tok_actor.get(t.i) != m.actor_id for t in between):
            continue  # set off by a comma; only punctuation or the name's own acronym between
        start, end = _clean(ctx, c.left_edge.i, c.right_edge.i + 1)
        if descriptive_head(c, m.actor_id) and start < end and not _names_other(ctx, start, end, m.actor_id) \
                and not _office_elsewhere(ctx, start, end, m.actor_id):
            return start, end, c.i
    head = root.head
    before = m.start
    while before > 0 and doc[before - 1].lower_.rstrip(".") in HONORIFICS | {"."}:
        before -= 1  # "the Prime Minister of Singapore, Mr. Lee Hsien Loong"
    if root.dep_ == "appos" and head.i < before and before > 0 and doc[before - 1].text == ",":
        start, end = _clean(ctx, head.left_edge.i, before)
        if (descriptive_head(head, m.actor_id) and start < end and head.i < end
                and not _names_other(ctx, start, end, m.actor_id) and not _office_elsewhere(ctx, start, end, m.actor_id)):
            return start, end, head.i
    return None


def link_appositions(ctx: ArticleContext) -> None:
    """Appositions of the article's people and organisations as ``ROLE`` rows of their actor (see
    the module docstring); reads and adds to ``mentions`` and ``tok_actor``."""
    taken = {(m.start, m.end) for m in ctx.mentions}
    for m in list(ctx.mentions):
        if not m.actor_id or not m.actor_id.startswith(DESCRIBED) or m.label == ROLE_LABEL:
            continue
        found = apposition_of(ctx, m)
        if found is None or found[:2] in taken:
            continue
        start, end, head = found
        if ctx.tok_actor.get(head, m.actor_id) != m.actor_id:
            continue  # the head already stands for another actor
        taken.add((start, end))
        ctx.tok_actor[head] = m.actor_id
        ctx.mentions.append(Mention(start, end, ctx.doc[start:end].text, ROLE_LABEL, m.actor_id,
                                    antecedent_sent=ctx.sent_of.get(m.start)))


def clause_verb(token):
    """The verb whose subject is the subject of the clause ``token`` is in: its nearest verb or
    auxiliary ancestor, or for a clause without a subject of its own ("… by selling it") the verb
    that governs it; None when there is none."""
    node, verb = token, None
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            verb = node
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children) or node.dep_ not in (
                    "xcomp", "pcomp", "advcl", "conj"):
                return node
    return verb


def names_product(token) -> bool:
    """Whether a maker's name ``token`` names a product here ("the final Boeing 717", "an Airbus
    A380": a model designation beside it or under it)."""
    doc = token.doc
    beside = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return any(model_designation(t) or t.ent_type_ == "PRODUCT" for t in [*beside, *token.children]
               if not t.is_punct and t.ent_type_ not in ("CARDINAL", "MONEY", "PERCENT", "DATE", "QUANTITY"))


def expletive(token) -> bool:
    """Whether "it" is an expletive subject ("it is expected that…", "it seems", "it rained")."""
    if token.dep_ == "expl":
        return True
    head = token.head
    if token.dep_ not in ("nsubj", "nsubjpass") or head.lemma_.lower() not in EXPLETIVE_HEADS:
        return False
    return head.lemma_.lower() in ("rain", "snow") or any(
        c.dep_ in ("ccomp", "xcomp", "csubj") or (c.dep_ == "acomp" and any(g.dep_ in ("ccomp", "xcomp") for g in c.children))
        for c in head.children)


def thing_antecedent(ctx: ArticleContext, token, linked: dict[int, str | None]) -> tuple[str, int] | None:
    """The organisation or country "it" / "its" at ``token`` refers to, and the token of its name.

    Walks back through the pronoun's sentence and the one before: the nearest subject decides —
    an organisation or a country is the antecedent, an "it" already read passes on its reading,
    a person (or a personal pronoun) is skipped, and any other subject ("the aircraft", "the
    plan", a product named after its maker: "the Boeing 717") stops the search (the pronoun is that thing, not an actor). With no deciding subject,
    the nearest organisation or country named before the pronoun in those sentences is taken. An
    object "it" never takes the subject of its own clause ("The Air Force denied it"); the
    organisation named between that subject and the pronoun then does ("X is divesting Y by
    selling it").
    ``linked``: the readings of the earlier "it"s (token -> actor id or None)."""
    first = ctx.sents[max(0, ctx.sent_of[token.i] - 1)].start
    fallback = None
    own_clause = clause_verb(token) if token.lower_ == "it" and token.dep_ not in ("nsubj", "nsubjpass") else None
    skipped = range(0)  # tokens of the clause's own subject, skipped
    for i in range(token.i - 1, first - 1, -1):
        t = ctx.doc[i]
        aid = ctx.tok_actor.get(i, "")
        actor = aid.startswith(THING_ACTORS)
        if actor and fallback is None and i not in skipped:
            fallback = (aid, i)
        if t.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if own_clause is not None and t.head.i == own_clause.i:
            skipped = range(t.left_edge.i, t.right_edge.i + 1)
            if fallback is not None and fallback[1] in skipped:
                fallback = None  # "The Air Force denied it": an object "it" is not its clause's subject
            if fallback is not None:
                return fallback  # "X is divesting Y by selling it": the organisation named in between
            continue
        if i in linked:
            return (linked[i], i) if linked[i] else None
        if actor and not names_product(t):
            return aid, i
        if aid.startswith("person:") or t.lower_ in PERSON_PRONOUN_FORMS | {"they", "we", "i", "you", "who", "that", "which"}:
            continue
        return None
    return fallback


def pronoun_antecedent(ctx: ArticleContext, token, linked: dict[int, str | None]) -> tuple[str, int] | None:
    """The actor a third-person singular pronoun refers to and the token offset of its name, or
    None (see the module docstring)."""
    low = token.lower_
    if low in PERSON_PRONOUN_FORMS:
        prev = [(idx, aid) for idx, aid in ctx.person_at if idx < token.i]
        return (prev[-1][1], prev[-1][0]) if prev else None
    if low in THING_PRONOUN_FORMS and not expletive(token):
        return thing_antecedent(ctx, token, linked)
    return None


def link_pronouns(ctx: ArticleContext) -> None:
    """Third-person singular pronouns as ``PRON`` rows of the actor they refer to (see the module
    docstring); reads ``person_at``, ``mentions`` and the actor sightings, adds to ``mentions``."""
    linked: dict[int, str | None] = {}
    for token in tokens_of_pos(ctx.doc, "PRON", "DET"):
        if token.lower_ not in PERSON_PRONOUN_FORMS | THING_PRONOUN_FORMS:
            continue
        if token.i in ctx.tok_actor:
            continue
        found = pronoun_antecedent(ctx, token, linked)
        if token.lower_ in THING_PRONOUN_FORMS:
            linked[token.i] = found[0] if found else None
        if found is None:
            continue
        actor_id, at = found
        ctx.mentions.append(Mention(token.i, token.i + 1, token.text, PRONOUN_LABEL, actor_id,
                                    antecedent_sent=ctx.sent_of.get(at)))
