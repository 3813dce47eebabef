"""PERSON entities of the small model that are not people: places, platforms, diseases and things."""

from __future__ import annotations

import re

from dashboard import cameo
from dashboard.nlp.context import ArticleContext
from dashboard.nlp.lexicon import COMPANY_NAME_WORDS, LEGAL_FORMS, ORG_WORDS, ROLE_WORDS, STATE_BODY_WORDS
from dashboard.nlp.toponyms import context_countries

#: Nouns that describe a company: a name right after one is the company's ("carmaker Ford").
COMPANY_NOUNS = frozenset({"company", "firm", "corporation", "carmaker", "automaker", "manufacturer", "retailer",
                           "airline", "carrier", "conglomerate", "insurer", "lender", "chipmaker", "startup",
                           "airframer", "bank", "supplier"})

#: Platforms, networks and brands: organisations, never people.
PLATFORMS = frozenset({
    "instagram", "telegram", "twitter", "x", "facebook", "youtube", "tiktok", "whatsapp", "snapchat", "linkedin",
    "reddit", "vkontakte", "vk", "odnoklassniki", "wechat", "weibo", "signal", "viber", "threads", "truth social",
    "google", "apple", "amazon", "netflix", "spotify", "zoom", "skype", "discord", "rumble", "gab", "parler",
    "starlink", "yandex", "tesla", "meta", "microsoft",
})
#: Diseases, pathogens and other things the small model reads as names.
THINGS = frozenset({
    "covid", "coronavirus", "sars", "mers", "ebola", "zika", "hiv", "aids", "omicron", "mpox", "monkeypox",
    "polio", "cholera", "measles", "malaria", "influenza", "flu", "h1n1", "h5n1", "tuberculosis", "dengue",
    "bitcoin", "ethereum", "brexit", "internet", "menorah",
})
#: Words after a name that make it a place ("Kherson region", "Luhansk oblast").
PLACE_NOUNS = frozenset({"region", "oblast", "province", "district", "city", "krai", "republic", "county",
                         "governorate", "area", "raion", "river", "lake", "port", "airport"})
#: A one-word name the model tagged PERSON is a place when the gazetteer has a town of at least
#: this many people by that name in one of the countries the article names.
CONTEXT_PLACE_POPULATION = 10_000


def non_person_label(ctx: ArticleContext, ent, name: str, name_words: set[str]) -> str | None:
    """How a PERSON entity ``ent`` (its name ``name``, without titles) is read when it is no person:
    ``"ORG"`` for a platform or brand ("posted on Telegram"), a name of two words or more ending
    with a legal form or a company word ("Fiat SpA", "Douglas Aircraft"), a name right after a
    company noun ("airline Ryanair", :data:`COMPANY_NOUNS`), a short form of an
    organisation the article names (:func:`named_as_organisation`), ``"GPE"`` for a place (see
    :func:`place_in_context`), ``"THING"`` for a disease, pathogen or thing ("COVID-19", any name
    with a digit); None when it is a person. ``name_words`` are the lower-cased words of the
    article's multi-word person names: a word of a person's name is never re-read as a place."""
    low = name.lower()
    last = low.split()[-1].replace(".", "") if low.split() else ""
    if " " in low and last in LEGAL_FORMS | COMPANY_NAME_WORDS | ORG_WORDS | STATE_BODY_WORDS:
        return "ORG"  # "Fiat SpA", "Douglas Aircraft", "Federal Reserve": a body's name ends so, no person's
    if ent.start > 0 and ent.doc[ent.start - 1].lemma_.lower() in COMPANY_NOUNS:
        return "ORG"  # "low-cost airline Ryanair", "carmaker Ford": a company's descriptor before it
    if low in PLATFORMS or re.sub(r"\s*\(.*\)$", "", low) in PLATFORMS or named_as_organisation(ctx, ent, name,
                                                                                               name_words):
        return "ORG"
    first = re.split(r"[\s\-]", low)[0]
    if re.search(r"\d", name) or first in THINGS or low in THINGS:
        return "THING"
    if place_in_context(ctx, ent, name, name_words):
        return "GPE"
    return None


def named_as_organisation(ctx: ArticleContext, ent, name: str, name_words: set[str]) -> bool:
    """A one-word PERSON entity the article names as an organisation elsewhere ("Ryanair"): its text
    is an ORG entity's text or the last word of one, or the first word of a company's name ending
    with a legal form or a company word ("Cerberus" beside "Cerberus Capital Management"; not
    after a title). A word of one of the article's person names
    stays a person ("Ford" beside "Gerald Ford", "Bettel" beside an ORG-tagged "Xavier Bettel"),
    and an ORG entity that is itself a person's name (:func:`dashboard.nlp.actors.person_tagged_org`)
    is no evidence. A name of two words or more is never re-read here (the model tags a person's
    full name ORG now and then)."""
    from dashboard.nlp.actors import person_tagged_org  # (actors imports this module)

    if " " in name.strip() or name.lower() in name_words:
        return False
    orgs = [o for o in ctx.ents if o.label_ == "ORG" and o.start != ent.start]
    people = [o for o in orgs if o.start in ctx.person_like_places or person_tagged_org(ctx, o)]
    if any(name.lower() in o.text.lower().split() for o in people):
        return False  # a surname of a person the model tagged ORG ("Xavier Bettel" … "Bettel")
    texts = {ent.text.lower(), name.lower()}
    doc = ctx.doc
    titled = ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in ROLE_WORDS
    for other in orgs:
        if other in people:
            continue
        org = re.sub(r"^the\s+", "", other.text.lower())
        if org in texts or any(org.endswith(" " + t) for t in texts):
            return True
        words = org.split()
        if len(words) > 1 and words[0] in texts and not titled and (
                words[-1].replace(".", "") in LEGAL_FORMS | COMPANY_NAME_WORDS | ORG_WORDS):
            return True  # "Cerberus" of "Cerberus Capital Management"
    return False


def misread_organisation(ctx: ArticleContext, ent, text: str) -> str | None:
    """How a one-word ORG or FAC entity is read when it is no organisation: ``"THING"`` for a
    disease or thing ("COVID-19 spread"), ``"GPE"`` for a place, on stronger evidence than a
    PERSON needs (an organisation may share a town's name: "Azov"), that is the article naming
    it as a place elsewhere or a place noun after it ("Vuhledar district"); else None."""
    low = text.lower()
    if re.split(r"[\s\-]", low)[0] in THINGS and not any(t.is_upper and len(t) <= 2 for t in ent):
        return "THING"
    if len(ent) != 1 or not text[:1].isupper():
        return None
    if not any(p.feature_class in ("P", "A") for p in ctx.gazetteer.candidates(text)[:5]):
        return None
    doc = ctx.doc
    if low in ctx.place_texts or (ent.end < len(doc) and doc[ent.end].lower_ in PLACE_NOUNS):
        return "GPE"
    return None


def place_in_context(ctx: ArticleContext, ent, name: str, name_words: set[str]) -> bool:
    """A one-word PERSON entity that the gazetteer and the article say is a place.

    It must not be a word of one of the article's full person names, follow a title ("President
    Lewis") or be the subject of a reporting verb ("Jackson said"). It is then a place when the
    article names it as a place elsewhere, when a place noun follows it ("Kherson region"), or
    when the gazetteer has a division by that name, or a town of
    :data:`CONTEXT_PLACE_POPULATION`+ people, in one of the countries the article names (so
    "Bucha" in a story about Ukraine is a place, "Hamilton" in it is not)."""
    if " " in name.strip() or name.lower() in name_words:
        return False
    doc = ctx.doc
    if ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in ROLE_WORDS:
        return False
    root = ent.root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in cameo.CUES:
        return False
    cands = [p for p in ctx.gazetteer.candidates(name)[:5] if p.feature_class in ("P", "A")]
    if not cands:
        return False
    low = name.lower()
    if low in ctx.place_texts:
        return True
    if ent.end < len(doc) and doc[ent.end].lower_ in PLACE_NOUNS:
        return True
    countries = context_countries(ctx)
    return any(p.country_code in countries and (p.feature_class == "A" or p.population >= CONTEXT_PLACE_POPULATION)
               for p in cands)
