"""CAMEO-coded events: triggers with their source and target actors, negation, modality, date and place."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dashboard import cameo
from dashboard.nlp.actors import object_actor
from dashboard.nlp.arguments import event_arguments
from dashboard.nlp.context import ArticleContext
from dashboard.dates.tense import clause_tense
from dashboard.nlp.dates import date_expressions, date_for
from dashboard.nlp.lexicon import LOCATIVE_PREPOSITIONS, NON_STATE_LEMMAS, QUANTITY_NOUNS, STATE_FORCE_LEMMAS
from dashboard.nlp.modality import (
    factuality, in_if_clause, is_fact_checked, is_negated, is_reported_denial, modality_and_tense,
)
from dashboard.nlp.referents import actors_of, reporting_subject
from dashboard.nlp.tokens import counted, tokens_of_pos
from dashboard.nlp.triggers import is_refusal, trigger_candidates, trigger_code

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass
class Triggers:
    """The article's event triggers and what is learnt about them before events are coded.

    ``triggers`` are (token, CAMEO code) pairs in text order, then the reported demands found by
    :func:`add_reported_demands`; ``codes`` holds the lexical codes of the first ones only.
    """

    triggers: list[tuple[Token, str]]
    idx: set[int]  # token indices of all triggers
    codes: dict[int, str]  # token index -> lexical CAMEO code
    arguments: dict[int, tuple[list[str], list[str], bool]]  # token index -> (sources, targets, reciprocal)
    complement_of: dict[int, Token]  # a coded complement -> the coded verb that governs it
    carries_event: set[int] = field(default_factory=set)  # triggers with actors that are not statements
    unrealised: set[int] = field(default_factory=set)  # tokens of demanded or denied actions


def find_triggers(ctx: ArticleContext) -> Triggers:
    """Triggers of the article and their arguments. Reads the doc and the actors of its tokens
    (``tok_actor``); adds the group and object actors that arguments name. A coded verb governing
    another ("threatened to break relations", "refused to lift the curfew") is one event with the
    governing verb's code; the complement lends its target."""
    triggers = [(tok, code) for tok in trigger_candidates(ctx.doc) if (code := trigger_code(tok)) is not None]
    idx = {t.i for t, _ in triggers}
    codes = dict((t.i, c) for t, c in triggers)
    complement_of = {tok.i: tok.head for tok, _ in triggers if tok.dep_ == "xcomp" and tok.head.i in idx}
    complement_of.update(protest_purposes(triggers, codes))
    arguments = {tok.i: event_arguments(ctx, tok, code) for tok, code in triggers}
    for comp_i, head in complement_of.items():
        src, tgt, rec = arguments[head.i]
        if not tgt:
            arguments[head.i] = (src, arguments[comp_i][1], rec)
    # A statement whose reported clause holds a coded event with actors is that event
    # ("Japan said it had halted aid to Serbia" is the halt, not a statement).
    carries_event = {i for i, (src, tgt, _) in arguments.items() if (src or tgt) and not codes[i].startswith("01")}
    return Triggers(triggers, idx, codes, arguments, complement_of, carries_event)


def protest_purposes(triggers: list[tuple], codes: dict[int, str]) -> dict[int, Token]:
    """Demands and appeals (CAMEO 10, 02) that are the purpose of a protest (14): "staged
    demonstrations *to demand* reforms", "blocked roads *demanding* his return", "a hunger strike
    *to demand* his resignation". One event, the protest's; the demand lends its target.
    Returns ``{demand token index: protest token}``."""
    out = {}
    for tok, code in triggers:
        if code[:2] not in ("10", "02") or tok.dep_ not in ("advcl", "xcomp", "acl") or tok.head.i == tok.i:
            continue
        # the protest is the governing verb ("blocked roads demanding…") or its object ("staged a rally to…")
        for cand in [tok.head, *(c for c in tok.head.children if c.dep_ == "dobj")]:
            if codes.get(cand.i, "")[:2] == "14":
                out[tok.i] = cand
                break
    return out


def add_reported_demands(ctx: ArticleContext, found: Triggers) -> None:
    """"X said Iraq must cooperate": a demand (CAMEO 100) by the speaker on the reported clause's
    subject. Reads the reporting verbs (cues) of the doc; adds the demands to ``found`` and marks
    the demanded action as unrealised."""
    for tok in tokens_of_pos(ctx.doc, "VERB"):
        if tok.lemma_.lower() not in cameo.CUES:
            continue
        for comp in (c for c in tok.children if c.dep_ == "ccomp"):
            if any(a.dep_ == "aux" and a.lower_ in ("must", "should") for a in comp.children):
                subj = [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
                speaker = [c for c in tok.children if c.dep_ == "nsubj"]
                src = actors_of(ctx, speaker[0]) if speaker else []
                tgt = actors_of(ctx, subj[0]) if subj else []
                if src and tgt:
                    found.triggers.append((tok, "100"))
                    found.idx.add(tok.i)
                    found.arguments[tok.i] = (src, tgt, False)
                    found.carries_event.add(comp.i)
                    found.unrealised.add(comp.i)  # the demanded action has not happened


def mark_unrealised(found: Triggers) -> None:
    """Actions that did not happen: the complement of a demand ("demanded that Russia withdraw")
    and what is denied ("denies any plans for an offensive"). Adds their tokens to
    ``found.unrealised``."""
    for tok, code in found.triggers:
        if code.startswith("10") and tok.pos_ == "VERB":
            found.unrealised |= {c.i for c in tok.children if c.dep_ == "ccomp"}
    for tok, code in found.triggers:
        if tok.lemma_.lower() in cameo.NEGATING_VERBS and not is_refusal(tok):
            found.unrealised |= {d.i for c in tok.children if c.dep_ in ("dobj", "ccomp") for d in c.subtree}


def folded_into_another(tok, code: str, found: Triggers) -> bool:
    """True when trigger ``tok`` is no event of its own: a coded complement, an unrealised action,
    or a statement whose reported clause carries the event."""
    if tok.i in found.complement_of or tok.i in found.unrealised:
        return True
    if tok.lemma_.lower() in cameo.NEGATING_VERBS:
        return False  # "denied that its troops shelled…": the denial is the event, not the shelling
    return code.startswith("01") and any(
        c.dep_ == "ccomp" and any(d.i in found.carries_event and d.i != tok.i for d in c.subtree)
        for c in tok.children)


def carried_by_another(tok, code: str, found: Triggers) -> bool:
    """True when another trigger of the same clause codes the event instead of ``tok``."""
    idx, codes = found.idx, found.codes
    if tok.pos_ == "NOUN" and any(c.dep_ == "acl" and c.i in idx for c in tok.children):
        return True  # "a conference bringing together A and B": the verb carries the event
    if (tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass") and tok.head.i in idx
            and not codes[tok.head.i].startswith("01")):
        return True  # "welcomed the agreement", "signed an agreement": one event, the verb's
    if code.startswith("01") and any(c.dep_ == "dobj" and c.i in idx and not codes[c.i].startswith("01")
                                     for c in tok.children):
        return True  # "announced a suspension of air links": the suspension, not a statement
    # "spoke on a call", "met at a summit": one event of the same kind, the verb's
    return (tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.dep_ == "prep"
            and tok.head.head.i in idx and codes[tok.head.head.i][:2] == code[:2])


def patient_targets(ctx: ArticleContext, tok, code: str) -> list[str]:
    """What a material-conflict action (CAMEO 14+) without a target actor is done to ("a bridge
    was destroyed"): an ``object`` actor, added to the context; not numbers ("tens of thousands"),
    actors or places ("annexed the Crimean peninsula"). Empty for other triggers."""
    if tok.pos_ != "VERB" or int(code[:2]) < 14:
        return []
    patient = next((counted(c) for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if patient is None or (patient.pos_ not in ("NOUN", "PROPN") or patient.i in ctx.tok_actor
                           or patient.like_num or patient.lemma_.lower() in QUANTITY_NOUNS
                           or patient.i in ctx.toponym_tokens):
        return []
    return [object_actor(ctx, patient)]


def actor_pairs(code: str, sources: list[str], targets: list[str], reciprocal: bool) -> list[tuple]:
    """(source, target) pairs of one event: every pair of the first four of each, both ways for a
    reciprocal action ("attacked each other"); a joint action (meet, negotiate, sign, agree,
    cooperate) with only sources or only targets pairs the first with the others."""
    pairs: list[tuple[str | None, str | None]] = []
    if reciprocal and len(sources) >= 2:
        pairs = [(a, b) for a in sources for b in sources if a != b]
    else:
        joint = code.startswith(cameo.JOINT_ACTION_PREFIXES)
        if not sources and len(targets) >= 2 and joint:
            sources, targets = targets[:1], targets[1:]
        elif len(sources) >= 2 and not targets and joint:
            sources, targets = sources[:1], sources[1:]
        for s, t in itertools.product(sources[:4] or [None], targets[:4] or [None]):
            if s is not None and s == t:
                continue
            pairs.append((s, t))
    return [(s, t) for s, t in pairs if s or t]


def find_events(ctx: ArticleContext) -> None:
    """The ``events`` table. Reads the doc, the actors of its tokens, the toponyms and their
    places (``place_mentions``, ``toponym_tokens``) and the quotations; adds one event row per
    (source, target) pair of every trigger that codes an event of its own, and the object and
    group actors its arguments name."""
    found = find_triggers(ctx)
    add_reported_demands(ctx, found)
    mark_unrealised(found)
    date_ents = date_expressions(ctx.doc, ctx.article.published)
    literal_places = [
        (r["start"], r["place_id"]) for r in ctx.out.place_mentions
        if r.get("role") == "literal" and r.get("place_id") and r.get("start") is not None
    ]
    for tok, code in found.triggers:
        if folded_into_another(tok, code, found):
            continue
        sources, targets, reciprocal = found.arguments[tok.i]
        if not targets and not reciprocal:
            targets = patient_targets(ctx, tok, code) or targets
        pairs = actor_pairs(code, sources, targets, reciprocal)
        if not pairs or carried_by_another(tok, code, found):
            continue
        add_event_rows(ctx, tok, code, sources, pairs, found.idx, date_ents, literal_places)


def add_event_rows(ctx: ArticleContext, tok, code: str, sources: list[str], pairs: list[tuple],
                   trigger_idx: set[int], date_ents: list, literal_places: list[tuple[int, str]]) -> None:
    """Code one event and add its rows: the final CAMEO code (announced actions are threats or
    intents, negated cooperation a rejection, armed actions by state or non-state actors military
    force or assault), its modality and negation, date, place and quotation."""
    art = ctx.article
    sent_id = ctx.sent_of[tok.i]
    sent = ctx.sents[sent_id]
    mood, _ = modality_and_tense(tok)
    announced = mood == "future" or (mood == "conditional" and reporting_subject(tok) is not None
                                         and not in_if_clause(tok))
    if code.startswith("19") and sources and all(non_state(a) for a in sources):
        code = "180"  # militants' attacks are unconventional violence (assault), not war
    elif code == "180" and sources and all(state_force(a) for a in sources):
        code = "190"  # "Russian aircraft killed…": a state's armed force uses military force
    event_date, date_text, precision = date_for(ctx, tok, trigger_idx, date_ents, clause_tense(tok))
    scheduled = code.startswith("04") and precision == "day"  # "talks on January 10": a meeting
    lexical_code = code
    if announced and not scheduled:
        # announcing a future conflict action is a threat, a cooperative one an intent
        code = cameo.intent_for(cameo.threat_for(code))
    negated = is_negated(tok)
    if negated and lexical_code[:2] in cameo.REJECTED_BY_NEGATION:
        # "will not accept refugees", "failed to reach agreement": a rejection (CAMEO 12),
        # not a negated cooperation; the negation is in the code
        code, negated = cameo.REJECTED_BY_NEGATION[code[:2]], False
    negated = negated or is_fact_checked(tok) or is_reported_denial(tok)  # "no evidence that…", "denied that…"
    modality = factuality(tok, negated)
    info = cameo.lookup(code)
    # the target of an armed action is where it happened ("invade Ukraine"); other actors are not
    place_id = event_place(ctx, tok, literal_places, {a for s, t in pairs for a in (
        s, None if info.quad_class == 4 else t) if a})
    quote_id = ctx.quote_of(tok.idx)
    for n, (s, t) in enumerate(pairs):
        ctx.out.events.append({
            "event_id": f"{art.article_id}:{tok.idx}:{info.code}:{n}", "article_id": art.article_id,
            "sentence_id": sent_id, "sentence": sent.text.strip(), "verb": tok.lemma_.lower(),
            "verb_start": tok.idx, "verb_end": tok.idx + len(tok.text),
            "source_actor_id": s, "target_actor_id": t, "cameo_code": info.code,
            "cameo_root": info.root, "quad_class": info.quad_class, "goldstein": info.goldstein,
            "negated": negated, "modality": modality, "event_date": event_date,
            "date_text": date_text, "date_precision": precision, "place_id": place_id,
            "quote_id": quote_id,
        })


def event_place(ctx: ArticleContext, tok, literal_places: list[tuple[int, str]], actors: set[str]) -> str | None:
    """Where the event of trigger ``tok`` happened: a literal place named in its subtree that is
    not one of its actors ("Russia annexed Crimea" is in Crimea, not in Russia; a place acted
    upon, "shelled Donetsk", is) nor in another clause, one after a locative preposition ("met
    in Warsaw") first; else None."""
    sub = {t.i for t in tok.subtree}
    for t in tok.subtree:  # not inside another clause ("annexed Crimea and supports fighters in Donbas")
        if t.i != tok.i and t.pos_ in ("VERB", "AUX") and t.dep_ in ("conj", "ccomp", "advcl", "relcl", "parataxis"):
            sub -= {d.i for d in t.subtree}
    found = []
    for start, pid in literal_places:
        t = ctx.token_at(start)
        actor = ctx.tok_actor.get(t.i)
        if t.i in sub and (actor not in actors or actor.startswith("object:")):  # a shelled town is the place
            found.append((t.head.lower_ not in LOCATIVE_PREPOSITIONS, pid))
    return min(found, key=lambda f: f[0])[1] if found else None


def state_force(actor_id: str) -> bool:
    """True for a country (``country:RUS``) or a country's armed force (``group:rus-troop``)."""
    if actor_id.startswith("country:"):
        return True
    head, _, lemma = actor_id.removeprefix("group:").rpartition("-")
    return actor_id.startswith("group:") and len(head) == 3 and lemma in STATE_FORCE_LEMMAS


def non_state(actor_id: str) -> bool:
    """True for generic non-state armed groups (``group:separatist-fighters``, ``group:bdi-militiaman``)."""
    return actor_id.startswith("group:") and actor_id.rsplit("-", 1)[-1].removeprefix("group:") in NON_STATE_LEMMAS
