"""Toponyms: datelines, places inside names, qualifiers, and the hand-off to :mod:`dashboard.geo`."""

from __future__ import annotations

import re

from dashboard.data_regions import EXTRA_COUNTRY_ALIASES, GENERIC_WORDS, GOVERNMENT_SEATS, US_STATE_ABBREVIATIONS
from dashboard.gazetteer import MATCH_ALTERNATE
from dashboard.ingest.text import find_inline_dateline
from dashboard.nlp.context import ArticleContext
from dashboard.nlp.name_modifiers import name_modifier_in_name
from dashboard.nlp.lexicon import ACTOR_POSITION_DEPS, GROUP_NAME_WORDS, IGOS, ORG_WORDS, PLACE_VERBS
from dashboard.nlp.tokens import (entity_country_code, first_conjunct, follows_locative, named_country,
                                  tokens_where_lower)


#: A place inside an organisation's name ("Paris Police Department") is read when it is a city of
#: at least this many people (or a country, division or curated region).
NAME_PLACE_POPULATION = 10_000
#: The same for a one-word name the article does not name as a place elsewhere ("Orange Drugs Ltd").
BIG_NAME_PLACE_POPULATION = 100_000


def inline_dateline(ctx: ArticleContext) -> None:
    """A dateline run into the text ("… mortgage fraud. CORSICANA — A Henderson County…", see
    :func:`dashboard.ingest.text.find_inline_dateline`) is a ``dateline`` toponym with its span,
    when its place is a gazetteer name and not an organisation ("NATO - the alliance - met");
    entities on it are not read again."""
    found = find_inline_dateline(ctx.article.text)
    if found is None:
        return
    start, end, qual = found
    text = ctx.article.text[start:end]
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None or text.lower() in IGOS or not (ctx.gazetteer.candidates(text) or ctx.gazetteer.country(text)):
        return
    ctx.dateline_span = (start, end)
    ctx.add_toponym(text, "dateline", qual,
                     {"article_id": ctx.article.article_id, "sentence_id": ctx.sent_of.get(span.start),
                      "start": start, "end": end, "text": text, "role": "dateline"})


def place_in_name(ctx: ArticleContext, span) -> None:
    """A place named inside an organisation's name ("Paris Police Department", "University of
    Cincinnati", "Texas Department of Transportation") is a toponym of its own, role
    ``associative``: it says where the story is, but is not where an event happened. The
    place is the longest run of one to three capitalised words, at the start of the name (not the
    whole body before its "of": "the Independence of Ukraine") or after its "of", that is a country's, first- or second-level division's or curated
    region's name or a city of :data:`NAME_PLACE_POPULATION`+ people; a one-word name the
    article does not name as a place elsewhere must be a country, a division in a country the
    article names, or a city of :data:`BIG_NAME_PLACE_POPULATION`+ (not "Commerce Bank", not
    "Nord Stream"). A nationality word ("American Airlines") is none."""
    doc = ctx.doc
    toks = [t for t in span if t.lower_ != "the"]
    if len(toks) < 2:
        return
    first = toks[0].i
    of = next((t.i for t in toks if t.lower_ == "of"), None)
    # the rest names the body; the words right before "of" are the body itself ("Independence of Ukraine")
    runs = [(first, stop) for stop in range(min(first + 3, toks[-1].i), first, -1) if stop != of]
    if of is not None and of < toks[-1].i:
        runs += [(of + 1, stop) for stop in range(min(of + 4, toks[-1].i + 1), of + 1, -1)]
    for a, b in runs:
        words = doc[a:b]
        if not all(t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ", "NOUN") and t.lower_ not in ORG_WORDS
                   and t.lower_ not in GENERIC_WORDS for t in words):
            continue  # "University of …", "West …": not a place's name
        text = words.text
        if text.replace(".", "").isupper() and text not in EXTRA_COUNTRY_ALIASES and len(text) <= 5:
            continue  # initials ("PA", "IBA", "T.R."), not "U.S."
        if ctx.gazetteer.demonym_country(text) is not None:
            return  # "American Airlines", "Canadian Press": a nationality, not a place named
        # one word ("Orange", "Federal", "Commerce") must be a big city, a division or a place
        # the article names elsewhere; a longer name ("Chapel Hill", "Licking County") less so
        known = b - a > 1 or text.lower() in ctx.place_texts
        if a == first and name_modifier_in_name(ctx, words, known):
            continue  # "the Commonwealth Games", "the Concord Agreement": the name's first word
        if names_a_place(ctx, text, NAME_PLACE_POPULATION if known else BIG_NAME_PLACE_POPULATION,
                               divisions=None if known else context_countries(ctx)):
            ctx.add_toponym(text, "associative", None, {
                "article_id": ctx.article.article_id, "sentence_id": ctx.sent_of.get(a),
                "start": words.start_char, "end": words.end_char, "text": text, "role": "associative"})
            return


def context_countries(ctx: ArticleContext) -> set[str]:
    """Alpha-2 codes of the countries the article names (places, nationality words): a
    one-word division name inside an organisation's name must lie in one of them ("Ohio
    Department of Health" in a US story; not the Nord department in "Nord Stream")."""
    if ctx.context_country_codes is None:
        codes = (entity_country_code(ctx.gazetteer, e) for e in ctx.ents)
        ctx.context_country_codes = {c for c in codes if c is not None}
    return ctx.context_country_codes


def names_a_place(ctx: ArticleContext, text: str, minimum: int | None = None,
                  divisions: set[str] | None = None) -> bool:
    """True when ``text`` is exactly the name of a country (not a code), of a first- or
    second-level division or curated region (in one of the countries ``divisions`` when it is
    given), or of a city of ``minimum`` (default :data:`NAME_PLACE_POPULATION`) or more people."""
    if named_country(ctx.gazetteer, text):
        return True
    minimum = NAME_PLACE_POPULATION if minimum is None else minimum
    low = text.lower()
    return any(p.name.lower() == low and (
        ((divisions is None or p.country_code in divisions)
         and (p.feature_code in ("ADM1", "ADM2") or p.place_id.startswith("curated:")))
        or (p.feature_class == "P" and p.population >= minimum))
        for p in ctx.gazetteer.candidates(text)[:5])


def is_populated_place(ctx: ArticleContext, text: str, after_locative: bool = False) -> bool:
    """True when ``text`` is exactly the name of a gazetteer city of at least 50,000 people
    (5,000 after a locative preposition: "near Kramatorsk")."""
    if (text.lower() in IGOS or len(text.split()) > 3 or not text[:1].isupper()
            or re.sub(r"^the\s+", "", text, flags=re.I) in GOVERNMENT_SEATS):
        return False  # an organisation, a long name, a common noun ("the metro"), "the White House"
    minimum = 5_000 if after_locative else 50_000
    return any(p.feature_class == "P" and p.population >= minimum and p.name.lower() == text.lower()
               for p in ctx.gazetteer.candidates(text)[:5])


def toponym_qualifier(ctx: ArticleContext, end: int, start: int | None = None) -> str | None:
    """The place after a comma that qualifies the toponym ending at token ``end`` ("Wilmington,
    Delaware"), else None: also None when the two names are items of a list rather than a place
    and its container (:func:`in_name_list`: "Russia, the United States and France")."""
    doc = ctx.doc
    if end + 1 < len(doc) and doc[end].text == ",":
        nxt = doc[end + 1]
        if nxt.ent_type_ in ("GPE", "LOC") and nxt.ent_iob_ == "B":
            ent = next((e for e in ctx.ents if e.start == nxt.i), None)
            if ent is None:
                return nxt.text
            if in_name_list(ctx, ent, end if start is None else start):
                return None
            return ent.text
    return None


#: Words that close or join a list of names ("Russia, China and India").
LIST_JOINERS = frozenset({"and", "or", "nor", "&"})


def in_name_list(ctx: ArticleContext, container, start: int) -> bool:
    """True when "<toponym>, <container>" (the toponym starting at token ``start``, the container
    the entity ``container`` after its comma) are items of a coordinated list, not a place and the
    place that holds it: the container has a determiner or possessive ("Russia, the United
    States"), the list goes on after it with a joiner or another place ("China, India and
    Brazil", "China, India, Brazil"; not "Springfield, Illinois, and ..."), both are countries'
    names, or the toponym itself follows a listed place and its comma ("Egypt, Brazil, the ...")."""
    doc = ctx.doc
    first = container[0]
    if first.pos_ in ("DET", "PRON") or first.lower_ in ("the", "a", "an") or first.dep_ == "poss":
        return True
    after = container.end
    if after < len(doc) and doc[after].lower_ in LIST_JOINERS:
        return True
    if after + 1 < len(doc) and doc[after].text == "," and _place_starts(doc[after + 1]):
        return True
    if named_country(ctx.gazetteer, doc[start:container.start - 1].text) and named_country(ctx.gazetteer, container.text):
        return True  # two countries ("China, India, and Brazil"): no country lies in another
    if start >= 2 and doc[start - 1].text == "," and doc[start - 2].ent_type_ in ("GPE", "LOC"):
        # "China, Brazil, ...": unless the place before is itself a container ("Paris, Texas, ...")
        prev_start = start - 2
        while prev_start > 0 and doc[prev_start].ent_iob_ == "I":
            prev_start -= 1
        return not (prev_start >= 2 and doc[prev_start - 1].text == ","
                    and doc[prev_start - 2].ent_type_ in ("GPE", "LOC"))
    return False


def _place_starts(tok) -> bool:
    """Whether a GPE or LOC entity begins at ``tok``."""
    return tok.ent_type_ in ("GPE", "LOC") and tok.ent_iob_ == "B"


def find_datelines(ctx: ArticleContext) -> None:
    """Dateline toponyms. Reads the article's datelines (else an inline dateline in its text);
    adds them as ``dateline`` toponyms, and sets ``dateline_names`` and ``place_texts`` (the
    lower-cased GPE/LOC entities and dateline places) for the steps after it."""
    art = ctx.article
    for dl in art.datelines:
        head, _, qual = dl.partition(",")
        ctx.add_toponym(head.strip(), "dateline", qual.strip() or None,
                        {"article_id": art.article_id, "sentence_id": None, "start": None, "end": None,
                         "text": dl, "role": "dateline"})
    if not art.datelines:
        inline_dateline(ctx)
    ctx.dateline_names = {t.text.lower() for t in ctx.toponyms}  # only datelines so far
    ctx.place_texts = {e.text.lower() for e in ctx.ents if e.label_ in ("GPE", "LOC")} | ctx.dateline_names


def resolve_toponyms(ctx: ArticleContext, resolver) -> None:
    """Hand the article's toponyms to the resolver (:func:`dashboard.geo.resolve_toponyms` or an
    online geocoder: names and qualifiers, no spaCy objects). Reads ``toponyms``, ``toponym_rows``
    and ``mentions``; adds the ``place_mentions`` rows (with place id and confidence) and the places
    used to the output, and sets ``toponym_tokens`` (the tokens of toponym mentions and the head
    noun of "the Crimean peninsula") for the events step."""
    doc = ctx.doc
    ctx.toponym_tokens = {t for m in ctx.mentions if m.place_index is not None for t in range(m.start, m.end)}
    for m in ctx.mentions:  # the head noun of "the Crimean peninsula" belongs to its toponym
        if m.place_index is not None and m.end < len(doc) and doc[m.end - 1].head.i >= m.end:
            ctx.toponym_tokens.add(doc[m.end - 1].head.i)
    resolutions = resolver(ctx.toponyms, ctx.gazetteer) if ctx.toponyms else []
    for row, res in zip(ctx.toponym_rows, resolutions):
        place = res.place
        if place is not None:
            ctx.out.places.append(place)
        row["place_id"] = place.place_id if place else None
        row["confidence"] = float(res.confidence) if place else 0.0
        ctx.out.place_mentions.append(row)


def toponym_role(ctx: ArticleContext, span, label: str) -> tuple[str, object | None]:
    """Role of a GPE or LOC toponym ``span`` and the country it stands for as an actor, if any.

    A country's name is a ``literal`` place (``demonym`` as a modifier: "the Ukraine crisis") and
    its country; a seat of government in an actor's position ("Moscow said", "talks with
    Washington") is ``metonymic`` and its country; other places are ``literal`` (``demonym``
    for a seat of government as a modifier) and no actor.
    """
    text, root = span.text, span.root
    is_modifier = root.dep_ in ("compound", "amod", "nmod") and root.head.i >= span.end
    ref = ctx.gazetteer.country(text) if label == "GPE" else None
    if ref is not None:
        return ("demonym" if is_modifier else "literal"), ref
    seat = ctx.gazetteer.seat_of_government(text) if label == "GPE" else None
    in_actor_position = root.dep_ in ACTOR_POSITION_DEPS or (
        root.dep_ == "conj" and first_conjunct(root).dep_ in ACTOR_POSITION_DEPS) or (
        root.dep_ == "pobj" and root.head.lower_ in ("between", "by", "with", "against"))
    if seat is not None and in_actor_position:
        return "metonymic", seat
    return ("demonym" if is_modifier and seat is not None else "literal"), None


def agreed_place(ctx: ArticleContext, ent, text: str) -> bool:
    """True when a name the small model tagged PERSON or ORG is a place because the gazetteer and
    the context agree: the text reads it as a place (after a locative preposition, or the object
    of a verb of :data:`~dashboard.nlp.lexicon.PLACE_VERBS`: "shelled Avdiivka", "took Soledar
    and Bakhmut"), it is a gazetteer name (own, alias or alternate: "Avdiivka") of a populated place
    or division in a country the article names (:func:`context_countries`; a GeoNames alternate
    name only as a verb's object), it is no code ("EU"), and no person of the article bears it as
    a first name or surname ("Joaquin Phoenix", "Vladimir Putin")."""
    root = first_conjunct(ent.root)
    as_object = root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in PLACE_VERBS
    if not (follows_locative(ent) or as_object) or not text[:1].isupper() or text.isupper():
        return False
    low = text.lower()
    if any(e.label_ == "PERSON" and len(e) > 1 and any(t.lower_ == low for t in e) for e in ctx.ents):
        return False  # a first name or surname of the article's people ("Vladimir", "Charles")
    countries = context_countries(ctx)
    return any(p.country_code in countries and (p.feature_class == "P" or p.feature_code in ("ADM1", "ADM2"))
               and (k != MATCH_ALTERNATE or as_object)  # a historic name ("Stalin") only as a verb's object
               for p, k in ctx.gazetteer.matches(text))


def names_a_group(ctx: ArticleContext, text: str) -> bool:
    """True when ``text`` is the proper part of the name of an armed group or company elsewhere
    in the article ("Wagner" beside "the Wagner Group" or "Wagner PMC"): then it is that body,
    not a place of the same name.

    The article's group names and group words are gathered once per article
    (:func:`group_name_parts`), not by walking its entities and tokens for every entity asked about."""
    low = text.lower()
    names, word_idx = group_name_parts(ctx)
    if low in names:
        return True
    doc, n = ctx.doc, len(text.split())
    return any(i >= n and doc[i - n:i].text.lower() == low for i in word_idx)


def group_name_parts(ctx: ArticleContext) -> tuple[set[str], list[int]]:
    """The proper parts of the article's entities named like groups ("wagner" of "the Wagner
    Group"), and the indices of its capitalised group words ("Group", "PMC"); computed at the first
    call (the entities are final once the context exists)."""
    if ctx.group_names is None:
        names = set()
        for e in ctx.ents:
            words = [t for t in e if t.lower_ != "the"]
            if len(words) > 1 and words[-1].lower_.rstrip(".") in GROUP_NAME_WORDS:
                names.add(" ".join(t.lower_ for t in words[:-1]))
        doc = ctx.doc
        word_idx = [i for i in tokens_where_lower(doc, lambda low: low.rstrip(".") in GROUP_NAME_WORDS)
                    if doc[i].text[:1].isupper()]
        ctx.group_names = (names, word_idx)
    return ctx.group_names


def word_not_place(span) -> bool:
    """True when a one-word GPE or LOC ``span`` is a common word, not a place: the parser reads it
    as a verb or adjective ("Reading the report", "Mobile units"), or it is an AP state
    abbreviation with its dot ("Ill.", "Miss.") that neither qualifies a place after a comma
    ("Peoria, Ill.") nor follows a locative preposition ("in Ill.") ("the leader is ill.")."""
    if len(span) != 1 or follows_locative(span):
        return False
    tok = span[0]
    after_comma = tok.i > 0 and tok.doc[tok.i - 1].text == ","
    if tok.text in US_STATE_ABBREVIATIONS and "." in tok.text:
        return not after_comma
    return tok.pos_ in ("VERB", "ADJ", "AUX") and not after_comma
