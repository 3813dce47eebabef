"""Named entities other than people: organisations, countries, IGOs and places."""

from __future__ import annotations

import dataclasses

from dashboard.nlp.actors import country_actor, organisation_actor
from dashboard.nlp.context import ArticleContext, Mention
from dashboard.nlp.coref import ROLE_LABEL
from dashboard.nlp.lexicon import (COMPANY_NAME_WORDS, COMPASS_WORDS, IGOS, LEGAL_FORMS, MISTAGGED_LABELS, NEWS_AGENCIES,
                                   ORG_WORDS)
from dashboard.nlp.org_country import organisation_country
from dashboard.nlp.roles import office_reference, place_office
from dashboard.nlp.nonpersons import PLATFORMS, misread_organisation
from dashboard.nlp.not_places import not_a_place, water_body_name
from dashboard.nlp.tokens import clean_span, follows_locative
from dashboard.nlp.toponyms import (agreed_place, is_populated_place, names_a_group, place_in_name, toponym_qualifier,
                                    toponym_role, word_not_place)


def find_named_entities(ctx: ArticleContext) -> None:
    """Organisations, countries, IGOs and places among the named entities. Reads the doc's
    entities, the dateline and the entities the person step re-labelled
    (``place_like_persons``, ``person_like_places``); adds a mention per entity, actors of
    organisations and countries (also as ``tok_actor``) and toponyms of places, nationality words
    and places named inside an organisation's name. A place's office tagged as an organisation right
    before a person's name ("[Sochi Mayor] Anatoly Pakhomov") is a ``ROLE`` row of that person
    (:func:`~dashboard.nlp.roles.place_office`), its place a toponym."""
    art = ctx.article
    short_forms = organisation_short_forms(ctx)
    for ent in ctx.ents:
        if ent.start in ctx.person_like_places or ctx.on_dateline(ent):
            continue  # a person's surname (see actors.find_persons), or the dateline's place
        start, end = clean_span(ctx.doc, ent)
        label = entity_label(ctx, ent, start, end)
        if label is None:
            continue
        span = ctx.doc[start:end]
        text = ctx.written(start, end)
        low = text.lower()
        mention = Mention(start, end, text, label)
        ctx.mentions.append(mention)
        if low in NEWS_AGENCIES or (art.source and low == art.source.lower()):
            continue
        actor_id = None
        row = {"article_id": art.article_id, "sentence_id": ctx.sent_of.get(start),
               "start": span.start_char, "end": span.end_char, "text": text}
        if label in ("GPE", "LOC", "NORP") and low.replace(".", "") in IGOS:
            label = "ORG"  # "Mercosur", "U.N." tagged as places
        if label == "NORP":
            ref = ctx.gazetteer.country(text) if len(text) > 3 or text.isupper() else None  # not "St"
            if ref is not None:
                actor_id = country_actor(ctx, ref, text)
                row["role"] = "demonym"
                mention.place_index = ctx.add_toponym(text, "demonym", None, row)
        elif label in ("ORG", "FAC") and (named := acronym_of(ctx, start, end)):
            actor_id = named  # "Singapore Airlines (SIA)": the acronym the text gives the name before it
        elif label in ("ORG", "FAC") and (person := place_office(ctx, start, end)):
            # "[Sochi Mayor] Anatoly Pakhomov": the person's role, no organisation; the place still read
            actor_id, mention.label, mention.antecedent_sent = person, ROLE_LABEL, ctx.sent_of.get(start)
            place_in_name(ctx, span)
        elif label in ("ORG", "FAC"):
            name = short_forms.get(low, text)
            actor_id = organisation_actor(ctx, name, alias=text, country=organisation_country(ctx, start, end, name))
            if actor_id.startswith("org:"):
                place_in_name(ctx, span)
        else:  # GPE, LOC
            role, ref = toponym_role(ctx, span, label)
            if ref is not None:
                actor_id = country_actor(ctx, ref, text)
            row["role"] = role
            name = water_body_name(ctx, span, text) or text  # "the Baltic and Black seas"
            mention.place_index = ctx.add_toponym(name, role, toponym_qualifier(ctx, end, start), row)
        mention.actor_id = actor_id
        if actor_id:
            for t in range(start, end):
                ctx.tok_actor[t] = actor_id


def acronym_of(ctx: ArticleContext, start: int, end: int) -> str | None:
    """The actor of the organisation named right before a one-word capitalised name in brackets
    ("Singapore Airlines (SIA)", "the State Property Agency (AVAS)"): the text introduces the
    acronym for that name (added as its alias). None otherwise."""
    doc = ctx.doc
    if end - start != 1 or not doc[start].text.replace(".", "").isupper() or start < 2 or doc[start - 1].text != "(":
        return None
    actor = ctx.tok_actor.get(start - 2, "")
    seen = [o for o in ctx.out.actors if o.actor_id == actor]
    if not actor.startswith(("org:", "igo:")) or not seen:
        return None
    return ctx.observe(dataclasses.replace(seen[-1], alias=doc[start].text))


def organisation_short_forms(ctx: ArticleContext) -> dict[str, str]:
    """One-word organisation names of the article that stand for a longer one it names: lower-cased
    short form -> the full name, when exactly one ORG entity's name is that word followed only by
    company words and legal forms ("Cerberus" of "Cerberus Capital Management", "Chrysler" of
    "Chrysler LLC"); a name going on with anything else is another body ("Boeing" is not "Boeing
    Commercial Airplanes", "GM" not "GM Europe")."""
    tail_words = LEGAL_FORMS | COMPANY_NAME_WORDS | ORG_WORDS
    longer: dict[str, set[str]] = {}
    for ent in ctx.ents:
        if ent.label_ != "ORG":
            continue
        text = ctx.doc[slice(*clean_span(ctx.doc, ent))].text
        words = text.split()
        if len(words) > 1 and all(w.lower().replace(".", "") in tail_words for w in words[1:]):
            longer.setdefault(words[0].lower(), set()).add(text)
    return {short: next(iter(full)) for short, full in longer.items() if len(full) == 1}


def entity_label(ctx: ArticleContext, ent, start: int, end: int) -> str | None:
    """The label entity ``ent`` (cleaned to tokens ``start:end``) is read with: the small model's,
    corrected for places tagged as persons, products, organisations or facilities (see
    :func:`~dashboard.nlp.toponyms.agreed_place`), for countries tagged ORG, for platforms and things
    tagged as places or organisations (:mod:`dashboard.nlp.nonpersons`) and for the proper part of an
    armed group's or company's name tagged as a place ("Wagner"); None when it is neither an
    organisation nor a place ("the West", a common word: see :func:`~dashboard.nlp.toponyms.word_not_place`; a
    person's name, a common noun or the first word of a longer name: see
    :func:`~dashboard.nlp.not_places.not_a_place`); None for an office without its holder's name
    after it ("the Ukrainian Head of State": :func:`~dashboard.nlp.roles.office_reference`)."""
    label = "GPE" if ent.start in ctx.place_like_persons else "ORG" if ent.start in ctx.org_like_persons else ent.label_
    if label in MISTAGGED_LABELS and is_populated_place(ctx, ent.text, follows_locative(ent)):
        label = "GPE"  # "near Kramatorsk" tagged PRODUCT by the small model
    if label not in ("ORG", "GPE", "LOC", "FAC", "NORP") or start >= end:
        return None
    span = ctx.doc[start:end]
    text = span.text
    if text.lower() in PLATFORMS:
        return "ORG"  # "Telegram", "Instagram" tagged as places
    if label in ("ORG", "FAC") and office_reference(ctx, start, end) and place_office(ctx, start, end) is None:
        return None  # "the Ukrainian Head of State said": an office's holder, no organisation
    if label in ("ORG", "FAC"):
        other = misread_organisation(ctx, span, text)
        if other == "THING":
            return None  # "COVID-19" tagged ORG: neither an actor nor a place
        label = other or label
    if label in ("GPE", "LOC", "ORG") and names_a_group(ctx, text):
        label = "ORG"  # "Wagner" beside "the Wagner Group": the group, not the town
    elif (label == "ORG" or (label == "FAC" and span.root.dep_ != "compound")) and (is_populated_place(
            ctx, text, follows_locative(ent)) or agreed_place(ctx, span, text)):
        label = "GPE"  # "Mariupol" tagged ORG, "shelled Kharkiv" FAC (not "a Waterford bowl")
    elif label == "ORG" and len(text) > 3 and not text.isupper() and ctx.gazetteer.country(text) is not None \
            and ctx.gazetteer.demonym_country(text) is None:
        # a country's name tagged ORG ("Morocco", "Holy See"); all-caps codes ("BA", "PAN")
        # and nationality words ("Spanish" classes) stay organisations
        label = "GPE"
    if label in ("GPE", "LOC") and (text.lower().removeprefix("the ") in COMPASS_WORDS or (
            word_not_place(span) and ctx.gazetteer.country(text) is None)):
        return None  # "the West", "the East": not toponyms on their own; "is Ill.", "Reading the"
    if label in ("GPE", "LOC") and not_a_place(ctx, span, text):
        return None  # "his mother Natalia", "duty to the Homeland", "the Republic of Crimea"
    return label


def write_entity_rows(ctx: ArticleContext) -> None:
    """The ``entities`` table. Reads ``mentions`` and the resolved ``place_mentions`` rows; adds
    one entity row per mention, with its actor id and place id."""
    art = ctx.article
    place_ids = [row["place_id"] for row in ctx.out.place_mentions]  # in toponym order
    for m in ctx.mentions:
        pid = place_ids[m.place_index] if m.place_index is not None and m.place_index < len(place_ids) else None
        span = ctx.doc[m.start:m.end]
        ctx.out.entities.append({
            "article_id": art.article_id, "sentence_id": ctx.sent_of.get(m.start),
            "start": span.start_char, "end": span.end_char, "text": m.text, "label": m.label,
            "actor_id": m.actor_id, "place_id": pid, "antecedent_sentence_id": m.antecedent_sent,
        })
