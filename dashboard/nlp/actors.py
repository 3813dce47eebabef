"""Actors: people with titles, roles, countries and parties; organisations, countries and groups."""

from __future__ import annotations

import re

from dashboard import cameo
from dashboard.canonical import variant_key
from dashboard.nlp.context import ActorObservation, ArticleContext, Mention
from dashboard.nlp.lexicon import (COMPANY_NAME_WORDS, GENERIC_GROUPS, IGO_SHORT_FORMS, IGOS, LEGAL_FORMS, NAME_PARTICLES,
                                   ORG_WORDS, PEOPLE_GROUPS, ROLE_WORDS, STATE_BODY_WORDS)
from dashboard.nlp.name_glue import cut_bracket, first_name_of, glue_end, leading_glue, title_word
from dashboard.nlp.nonpersons import non_person_label
from dashboard.nlp.roles import role_and_country
from dashboard.nlp.toponyms import agreed_place
from dashboard.nlp.tokens import bare_country_code, clean_span, follows_locative, slug, written_lower


def country_actor(ctx: ArticleContext, ref, alias: str) -> str:
    """Add a sighting of the country ``ref`` (a gazetteer country) named ``alias``; returns its id."""
    return ctx.observe(ActorObservation(f"country:{ref.alpha3}", ref.name, "country", ref.alpha3, None, alias))


def country_group(ctx: ArticleContext, token, modifier) -> str | None:
    """People of a country named by a nationality modifier ("Ukrainian officials", "American
    and Russian representatives"): a ``group`` actor with that country. None when the noun is
    not a group of people (then the modifier's actor stands for it)."""
    lemma = token.lemma_.lower()
    actor = ctx.tok_actor.get(modifier.i, "")
    if lemma not in PEOPLE_GROUPS or not actor.startswith("country:"):
        return None
    alpha3 = actor.removeprefix("country:")
    name = f"{modifier.text} {token.text.lower() if token.tag_ in ('NNS', 'NNPS') else lemma}"
    return ctx.observe(ActorObservation(f"group:{alpha3.lower()}-{slug(lemma)}", name, "group", alpha3, None,
                                         f"{modifier.text} {token.text}"))


def modifier_words(token) -> list[str]:
    """Lower-cased adjective and noun modifiers before ``token`` ("separatist" of "separatist
    fighters", "aid" of "an aid convoy")."""
    return [c.text.lower() for c in token.lefts if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "NOUN")]


def group_actor(ctx: ArticleContext, token) -> str:
    """A generic group actor ("militants", "separatist fighters") with its modifiers as name."""
    name = " ".join(modifier_words(token) + [GENERIC_GROUPS[token.lemma_.lower()]])
    return ctx.observe(ActorObservation(f"group:{slug(name)}", name, "group", None, None, token.text))


def organisation_actor(ctx: ArticleContext, text: str, alias: str | None = None, country: str | None = None) -> str:
    """The actor an ORG or FAC entity ``text`` names: an international organisation (also by a
    short form, "the alliance", when the article names it), a country by its seat of government
    ("the Kremlin") or name, else an organisation; returns its id after adding it. ``alias``: the
    form the text used when ``text`` is the full name it stands for ("Cerberus"); ``country``: the
    organisation's country as the text gives it (:mod:`dashboard.nlp.org_country`)."""
    low = text.lower()
    igo = IGOS.get(low) or IGOS.get(re.sub(r"^the\s+", "", low)) or IGOS.get(low.replace(".", ""))
    if igo is None and low in IGO_SHORT_FORMS and IGO_SHORT_FORMS[low] in ctx.igo_present:
        igo = IGO_SHORT_FORMS[low]
    seat = ctx.gazetteer.seat_of_government(text)
    if igo:
        return ctx.observe(ActorObservation(f"igo:{slug(igo)}", igo, "igo", None, None, text))
    if seat is not None:
        return country_actor(ctx, seat, text)
    body = state_body(ctx, text) or state_body_of_article(ctx, text)
    ref = ctx.gazetteer.country(country) if country and body is None else None
    if ref is not None and set(text.lower().split()) & STATE_BODY_WORDS:
        body = state_body(ctx, f"{ref.name} {text}", alias=alias or text)  # "the Ministry of Defence of Ukraine"
    if body is not None:
        return body
    if ctx.gazetteer.country(text) is None or bare_country_code(text):
        # "BA cancelled flights", "GM recalled cars": an organisation's initials, not
        # Bosnia's or Gambia's ISO code ("US", "UK", "UAE" stay countries)
        return ctx.observe(ActorObservation(f"org:{slug(text)}", text, "organization", country, None, alias or text))
    return country_actor(ctx, ctx.gazetteer.country(text), text)


def state_body(ctx: ArticleContext, text: str, alias: str | None = None) -> str | None:
    """The actor of an organisation named by its country and a state body ("US Air Force",
    "U.S. Air Force", "United States Senate", "Canadian Government"), else None.

    The country's government ("US Government") is the country; any other body is one
    organisation per country and body, however the country is spelled (id
    ``org:<alpha-3>-<body>``, the country set), with the body's own name ("Air Force") as an
    alias: a bare "Air Force" joins it when the store has no other country's (see
    :mod:`dashboard.canonical`). A company named after a country ("American Airlines", "Swiss
    Re") has no state-body word and is left alone. ``alias``: the form the text used, when ``text``
    was rebuilt from it (:func:`state_body_of_article`)."""
    words = text.split()
    for k in (3, 2, 1):
        if len(words) <= k:
            continue
        head, stem = " ".join(words[:k]), " ".join(words[k:])
        ref = ctx.gazetteer.country(head)
        if ref is None or bare_country_code(head) or not set(stem.lower().split()) & STATE_BODY_WORDS:
            continue
        if stem.lower() in ("government", "administration"):
            return country_actor(ctx, ref, text)
        actor_id = f"org:{ref.alpha3.lower()}-{slug(stem)}"
        ctx.observe(ActorObservation(actor_id, text, "organization", ref.alpha3, None, stem))
        return ctx.observe(ActorObservation(actor_id, text, "organization", ref.alpha3, None, alias or text))
    return None


def state_body_of_article(ctx: ArticleContext, text: str) -> str | None:
    """A bare state body ("the Air Force") in an article that names exactly one country's body of
    that name ("US Air Force"): that body (see :func:`state_body`), else None."""
    low = text.lower()
    if not set(low.split()) & STATE_BODY_WORDS:
        return None
    if ctx._org_names is None:  # the ORG entities' names, once per article
        ctx._org_names = [ctx.doc[start:end].text for start, end in
                          (clean_span(ctx.doc, ent) for ent in ctx.ents if ent.label_ == "ORG")]
    countries = set()
    for full in ctx._org_names:
        if full.lower().endswith(" " + low) and len(full) > len(text):
            ref = ctx.gazetteer.country(full[: -len(text)].strip())
            if ref is not None and not bare_country_code(full[: -len(text)].strip()):
                countries.add(ref)
    if len(countries) != 1:
        return None
    return state_body(ctx, f"{next(iter(countries)).name} {text}", alias=text)


def object_actor(ctx: ArticleContext, token) -> str:
    """A thing acted upon ("a bridge was destroyed", "an aid convoy was attacked"): an actor of
    kind ``object`` named by the noun and its modifiers, so material-conflict events keep their
    target."""
    name = " ".join(modifier_words(token) + [token.lemma_.lower()])
    return ctx.observe(ActorObservation(f"object:{slug(name)}", name, "object", None, None, token.text))


def read_as_place(ent, end: int) -> bool:
    """True when the text itself reads entity ``ent`` (ending at token ``end``) as a place: it
    follows a locative preposition ("in Phoenix") or a comma and a place name qualify it
    ("Phoenix, Arizona")."""
    doc = ent.doc
    qualified = end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].ent_type_ in ("GPE", "LOC")
    return follows_locative(ent) or qualified


def find_persons(ctx: ArticleContext) -> None:
    """People. Reads the doc's PERSON entities (and ORG entities that are a titled or speaking
    person's name, and one-word places that are a surname of the article's people), the dateline
    and the authors; adds a PERSON mention for each, a ``person`` actor (canonical full name,
    title or role, country, party) for each that is not an author, ``tok_actor`` and
    ``person_at`` for later references, and marks the entities read as persons
    (``person_like_places``), as places (``place_like_persons``) or as organisations
    (``org_like_persons``: platforms); diseases and things are dropped (see
    :mod:`dashboard.nlp.nonpersons`)."""
    doc = ctx.doc
    full_names: dict[str, str] = {}  # surname -> full name
    first_names: dict[str, dict[str, str]] = {}  # first name -> {variant key: full name} of the names it opens
    name_words = {w.lower() for e in ctx.ents if e.label_ == "PERSON" and len(e) > 1 for w in e.text.split()}
    persons = []
    for ent in ctx.ents:
        if ctx.on_dateline(ent):
            continue
        if ent.label_ in ("ORG", "FAC") and person_tagged_org(ctx, ent):
            ctx.person_like_places.add(ent.start)  # read as a person, never as an organisation
        elif ent.label_ != "PERSON":
            continue
        start, end = name_span(ctx, ent)
        if start < end and any(s <= start < e for s, e, _ in persons):
            ctx.person_like_places.add(ent.start)  # the rest of a name cut after a particle
            continue
        if start >= end:
            continue
        name = re.sub(r"[^\w.)’']+$", "", cut_bracket(ctx.written(start, end))).strip()
        name = re.sub(r"\b(\w[\w'’-]*)(?:\s+\1\b)+", r"\1", name)  # "Tokayev Tokayev": page layout
        if not name:
            continue
        if leading_glue(ctx, doc[start], name):  # "Greeting Zuzana Čaputová" beside "Zuzana Čaputová"
            start, name = start + 1, name.split(maxsplit=1)[1]
        if place_not_person(ctx, name, follows_locative(ent)) or agreed_place(ctx, doc[start:end], name):
            ctx.place_like_persons.add(ent.start)  # "Kyiv" tagged PERSON by the small model
            continue
        other = non_person_label(ctx, ent, name, name_words) if ent.label_ == "PERSON" else None
        if other is not None:  # a place, a platform ("Telegram"), a disease ("COVID-19")
            {"GPE": ctx.place_like_persons, "ORG": ctx.org_like_persons}.get(other, set()).add(ent.start)
            continue
        persons.append((start, end, name))
        words = name.split()
        if len(words) > 1:
            full_names.setdefault(words[-1].lower(), name)
            first_names.setdefault(words[0].lower(), {}).setdefault(variant_key(name), name)
            particle = next((i for i, w in enumerate(words[1:-1], 1) if w.lower() in NAME_PARTICLES), None)
            if particle is not None:  # "von der Leyen" of "Ursula von der Leyen"
                full_names.setdefault(" ".join(words[particle:]).lower(), name)
    persons += surnames_tagged_otherwise(ctx, full_names, persons)
    persons.sort()
    for start, end, name in persons:
        mention = Mention(start, end, name, "PERSON")
        ctx.mentions.append(mention)
        low = name.lower()
        if low in ctx.author_words or (len(name.split()) > 1 and name.split()[-1].lower() in ctx.author_words
                                        and low in ctx.author_words):
            continue
        if len(name.split()) == 1 and low in ctx.author_words:
            continue
        canonical = full_names.get(low) or (name if len(name.split()) > 1 else first_name_of(low, first_names) or name)
        role, country, party = role_and_country(ctx, start, end)
        actor_id = f"person:{slug(canonical)}"
        mention.actor_id = ctx.observe(ActorObservation(actor_id, canonical, "person", country, role, name, party))
        for t in range(start, end):
            ctx.tok_actor[t] = actor_id
        ctx.person_at.append((start, actor_id))
    # Second pass: a later full name may explain an earlier surname-only mention (already
    # merged through full_names, which holds every full name of the article).


def name_span(ctx: ArticleContext, ent) -> tuple[int, int]:
    """Token offsets of the name in a person entity: titles (in the plural too) and a country name
    inside it split off ("President Biden", "Presidents Biden", "Turkmenistan Serdar Berdimuhamedov"),
    the words after a colon (a transcript's speaker label, "Vladimir Putin: Indeed"), transcript glue
    (:func:`~dashboard.nlp.name_glue.glue_end`) and leading words in lower case that are no name
    particle ("ladimir Putin") left out, and a name cut after a particle ("Ursula von der" | "Leyen")
    extended by the capitalised word that follows."""
    doc = ctx.doc
    start, end = clean_span(doc, ent)
    while start < end - 1 and (title_word(doc[start].text) or (
            end - start > 2 and doc[start].text[:1].isupper() and len(doc[start]) > 3
            and ctx.gazetteer.country(doc[start].text) is not None)):
        start += 1  # "President Biden"; "Turkmenistan Serdar Berdimuhamedov" (a country glued to a name)
    colon = next((t.i for t in doc[start:end] if t.text == ":"), None)
    if colon is not None and colon > start:
        end = colon  # a transcript's speaker label: "Vladimir Putin: Indeed, …" names Vladimir Putin
    end = glue_end(doc, start, end)  # "Emmanuel Macron EmmanuelPresident", "Vladimir Putin Fine, …"
    while start < end and written_lower(ctx, doc[start]) and doc[start].lower_ not in NAME_PARTICLES:
        start += 1  # a word in lower case opens no name ("ladimir Putin": a letter lost in the source)
    if start < end and all(written_lower(ctx, t) or not t.is_alpha for t in doc[start:end]):
        return start, start  # no capitalised word: no name at all ("siren sounded")
    while start < end < len(doc) and doc[end - 1].lower_ in NAME_PARTICLES and doc[end].is_alpha \
            and doc[end].text[:1].isupper():
        end += 1
    return start, end


def surnames_tagged_otherwise(ctx: ArticleContext, full_names: dict[str, str],
                              persons: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A surname of the article's people tagged as something else by the small model ("Scholz
    said…" as GPE at the start of a sentence; "Von der Leyen said…" as ORG) is that person, even
    when a town has that name ("Joaquin Phoenix … Phoenix said"), unless the text reads it as a
    place: after a locative preposition ("in Phoenix") or qualified ("Phoenix, Arizona"). Returns
    their ``(start, end, name)`` (none inside the ``persons`` found so far) and marks them in
    ``person_like_places``."""
    doc, out = ctx.doc, []
    for ent in ctx.ents:
        if ent.label_ not in ("GPE", "LOC", "ORG", "NORP", "FAC"):
            continue
        start, end = clean_span(doc, ent)
        name = ctx.written(start, end)
        if any(s <= start < e for s, e, _ in persons):
            ctx.person_like_places.add(ent.start)  # the rest of a name cut after a particle ("… von der" | "Leyen")
            continue
        if end <= start or not name[:1].isupper() or (" " in name and name.lower() not in full_names):
            continue  # one word (hyphenated parts allowed: "Saar-Tamm"), or a surname with a particle
        if (name.lower() in full_names and not read_as_place(ent, end) and ctx.gazetteer.country(name) is None
                and ctx.gazetteer.seat_of_government(name) is None):
            out.append((start, end, name))
            ctx.person_like_places.add(ent.start)
    return out


def person_tagged_org(ctx: ArticleContext, ent) -> bool:
    """An ORG (or FAC) entity that is a person's name: two or three capitalised words of proper nouns
    (hyphenated or double-barrelled parts allowed: "Anna-Lena Baerbock-Weiss"), no
    organisation word, no place or organisation of that name, not a title and one word ("General
    Motors"), after a title ("Chancellor Olaf Scholz") or opening with one ("Spokeswoman Sandy
    Angers") or as the subject of a reporting verb ("…,” Volodymyr Zelenskiy said"). A country glued before the name and a word repeated by
    page layout are left out first ("President of Kazakhstan Kassym-Jomart Tokayev Tokayev").
    Memoised per entity span in the context (it reads only the doc and the gazetteer)."""
    key = (ent.start, ent.end)
    if key not in ctx._person_tagged_orgs:
        ctx._person_tagged_orgs[key] = _person_tagged_org(ctx, ent)
    return ctx._person_tagged_orgs[key]


def _person_tagged_org(ctx: ArticleContext, ent) -> bool:
    toks = [t for t in ent if not t.is_punct]
    words = ent.text.split()  # "Marie-Agnes Strack-Zimmermann": two words of hyphenated parts
    glued = len(words) > 2 and len(words[0]) > 3 and ctx.gazetteer.country(words[0]) is not None
    if glued:
        toks, words = toks[1:], words[1:]
    words = [w for i, w in enumerate(words) if i == 0 or w.lower() != words[i - 1].lower()]
    if not 2 <= len(words) <= 3 or not all(re.fullmatch(r"[A-Z][\w'’]*[a-z][\w'’]*(?:-[A-Z][\w'’]*[a-z][\w'’]*)*", w)
                                           for w in words) or not all(t.pos_ == "PROPN" for t in toks):
        return False
    text = " ".join(words)
    title_inside = words[0].lower().rstrip(".") in ROLE_WORDS
    if title_inside and (len(words) < 3 or any(w.lower() in ROLE_WORDS for w in words[1:])):
        return False  # "General Motors", "Premier League": a title would leave one word of name
    if (any(t.lower_ in ORG_WORDS | COMPANY_NAME_WORDS | LEGAL_FORMS for t in toks) or text.lower() in IGOS or ctx.gazetteer.country(text)
            or ctx.gazetteer.candidates(text)):
        return False
    doc = ctx.doc
    titled = title_inside or ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in ROLE_WORDS or (
        glued and ent.start > 1 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ in ROLE_WORDS)
    return titled or speaks_as_subject(ent) or surname_speaks(ctx, ent, words[-1])


def speaks_as_subject(span) -> bool:
    """True when ``span`` is the subject of a reporting verb ("…,” Olena Zelenska said")."""
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in cameo.CUES


def surname_speaks(ctx: ArticleContext, ent, surname: str) -> bool:
    """True when the last word ``surname`` of a person-shaped ORG entity ``ent`` is, elsewhere in the
    article, a one-word PERSON entity that is the subject of a reporting verb ("Olena Zelenska
    [ORG] opened the summit … ‘…,’ Zelenska [PERSON] said"): the model itself reads the surname as
    a speaking person, so the full name is that person too."""
    if ctx._speaking_persons is None:
        ctx._speaking_persons = [(o.start, o.text) for o in ctx.ents if o.label_ == "PERSON" and speaks_as_subject(o)]
    return any(start != ent.start and text == surname for start, text in ctx._speaking_persons)


def place_not_person(ctx: ArticleContext, name: str, after_locative: bool) -> bool:
    """A PERSON entity that is really a place: the article's dateline place ("KHARKIV — …
    recaptured Kharkiv"), a country name or demonym ("Azerbaijan"), a national capital of
    500,000+ people by its own name ("Kyiv", "Kiev"), or after a locative preposition any
    country or capital. Surnames that are also small capitals ("Lewis", "Douglas") or country
    codes ("Li") stay people."""
    if name.lower() in ctx.dateline_names:
        return True
    if after_locative and (ctx.gazetteer.country(name) or ctx.gazetteer.seat_of_government(name)):
        return True
    if len(name) > 3 and ctx.gazetteer.country(name) is not None:
        return True  # a country name or demonym ("Azerbaijan"), never a code ("Li", "kW")
    ref = ctx.gazetteer.seat_of_government(name)
    if ref is None:
        return False
    capital = ctx.gazetteer.capital_place(ref.alpha2)
    return capital is not None and capital.population >= 500_000 and any(
        p.place_id == capital.place_id for p in ctx.gazetteer.candidates(name)[:3])
