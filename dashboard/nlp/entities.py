"""Named entities other than people: organisations, countries, IGOs and places."""

from __future__ import annotations

import re

from dashboard.nlp.actors import country_actor
from dashboard.nlp.context import ActorObservation, ArticleContext, Mention
from dashboard.nlp.lexicon import (ACTOR_POSITION_DEPS, COMPASS_WORDS, IGO_SHORT_FORMS, IGOS, MISTAGGED_LABELS,
                                   NEWS_AGENCIES)
from dashboard.nlp.toponyms import is_populated_place, place_in_name, toponym_qualifier
from dashboard.nlp.tokens import bare_country_code, clean_span, first_conjunct, follows_locative, slug


def find_named_entities(ctx: ArticleContext):
    doc = ctx.doc
    art = ctx.article
    for ent in doc.ents:
        if ent.start in ctx.person_like_places or ctx.on_dateline(ent):
            continue  # a person's surname (see _persons), or the dateline's place
        label = "GPE" if ent.start in ctx.place_like_persons else ent.label_
        if label in MISTAGGED_LABELS and is_populated_place(ctx, ent.text, follows_locative(ent)):
            label = "GPE"  # "near Kramatorsk" tagged PRODUCT by the small model
        if label not in ("ORG", "GPE", "LOC", "FAC", "NORP"):
            continue
        start, end = clean_span(ctx.doc, ent)
        if start >= end:
            continue
        span = doc[start:end]
        text = span.text
        low = text.lower()
        if (label == "ORG" or (label == "FAC" and span.root.dep_ != "compound")) and is_populated_place(ctx, 
                text, follows_locative(ent)):
            label = "GPE"  # "Mariupol" tagged ORG, "shelled Kharkiv" FAC (not "a Waterford bowl")
        elif label == "ORG" and len(text) > 3 and not text.isupper() and ctx.gazetteer.country(text) is not None \
                and ctx.gazetteer.demonym_country(text) is None:
            # a country's name tagged ORG ("Morocco", "Holy See"); all-caps codes ("BA", "PAN")
            # and nationality words ("Spanish" classes) stay organisations
            label = "GPE"
        if label in ("GPE", "LOC") and low.removeprefix("the ") in COMPASS_WORDS:
            continue  # "the West", "the East": not toponyms on their own
        mention = Mention(start, end, text, label)
        ctx.mentions.append(mention)
        if low in NEWS_AGENCIES or (art.source and low == art.source.lower()):
            continue
        actor_id = None
        root = span.root
        row = {"article_id": art.article_id, "sentence_id": ctx.sent_of.get(start),
               "start": span.start_char, "end": span.end_char, "text": text}
        is_modifier = root.dep_ in ("compound", "amod", "nmod") and root.head.i >= end
        if label in ("GPE", "LOC", "NORP") and low.replace(".", "") in IGOS:
            label = "ORG"  # "Mercosur", "U.N." tagged as places
        if label == "NORP":
            ref = ctx.gazetteer.country(text) if len(text) > 3 or text.isupper() else None  # not "St"
            if ref is not None:
                actor_id = country_actor(ctx, ref, text)
                row["role"] = "demonym"
                mention.place_index = ctx.add_toponym(text, "demonym", None, row)
        elif label in ("ORG", "FAC"):
            igo = IGOS.get(low) or IGOS.get(re.sub(r"^the\s+", "", low)) or IGOS.get(low.replace(".", ""))
            if igo is None and low in IGO_SHORT_FORMS and IGO_SHORT_FORMS[low] in ctx.igo_present:
                igo = IGO_SHORT_FORMS[low]
            seat = ctx.gazetteer.seat_of_government(text)
            if igo:
                actor_id = ctx.observe(ActorObservation(f"igo:{slug(igo)}", igo, "igo", None, None, text))
            elif seat is not None:
                actor_id = country_actor(ctx, seat, text)
            elif ctx.gazetteer.country(text) is None or bare_country_code(text):
                # "BA cancelled flights", "GM recalled cars": an organisation's initials, not
                # Bosnia's or Gambia's ISO code ("US", "UK", "UAE" stay countries)
                actor_id = ctx.observe(ActorObservation(f"org:{slug(text)}", text, "organization", None, None, text))
                place_in_name(ctx, span)
            else:
                ref = ctx.gazetteer.country(text)
                actor_id = country_actor(ctx, ref, text)
        else:  # GPE, LOC
            ref = ctx.gazetteer.country(text) if label == "GPE" else None
            qualifier = toponym_qualifier(ctx, end)
            if ref is not None:
                actor_id = country_actor(ctx, ref, text)
                role = "demonym" if is_modifier else "literal"
            else:
                seat = ctx.gazetteer.seat_of_government(text) if label == "GPE" else None
                in_actor_position = root.dep_ in ACTOR_POSITION_DEPS or (
                    root.dep_ == "conj" and first_conjunct(root).dep_ in ACTOR_POSITION_DEPS) or (
                    root.dep_ == "pobj" and root.head.lower_ in ("between", "by", "with", "against"))
                if seat is not None and in_actor_position:
                    actor_id = country_actor(ctx, seat, text)
                    role = "metonymic"
                else:
                    role = "demonym" if is_modifier and seat is not None else "literal"
            row["role"] = role
            mention.place_index = ctx.add_toponym(text, role, qualifier, row)
        mention.actor_id = actor_id
        if actor_id:
            for t in range(start, end):
                ctx.tok_actor[t] = actor_id


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
            "actor_id": m.actor_id, "place_id": pid,
        })
