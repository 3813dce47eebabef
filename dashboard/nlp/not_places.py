"""Names tagged as places that are none: a person's name, a common noun written with a capital,
the first word of a longer name; and a sea's or river's name cut from its water word.

The small model tags "his mother Natalia", "followers of Bandera", "duty to the Homeland" and
"the Republic of Crimea" as places, and the gazetteer has a village for each ("Natalia", Texas).
:func:`not_a_place` reads the context and the article and says when such a name is no toponym;
:func:`water_body_name` gives "the Baltic and Black Seas" their water word back ("Baltic Sea").
"""

from __future__ import annotations

from dashboard.canonical import HONORIFICS
from dashboard.data_regions import CA_PROVINCE_ABBREVIATIONS
from dashboard.geo_score import FAMOUS_CITY, great_circle_km, outside_countries
from dashboard.nlp.context import ArticleContext
from dashboard.nlp.name_frames import framed_names, framed_not_place
from dashboard.nlp.name_modifiers import name_modifier_not_place
from dashboard.nlp.tokens import bare_country_code, entity_country_code, first_conjunct, follows_locative, named_country

#: Words for a person's relatives and companions: a name right after one is a person's
#: ("his mother Natalia", "her son Pavel").
KIN_WORDS = frozenset({
    "mother", "father", "son", "daughter", "wife", "husband", "brother", "sister", "grandmother", "grandfather",
    "grandson", "granddaughter", "aunt", "uncle", "niece", "nephew", "cousin", "mom", "mum", "dad", "girl", "boy",
    "child", "baby", "friend", "widow", "widower", "girlfriend", "boyfriend", "fiancee", "fiancée", "fiance",
    "stepson", "stepdaughter", "stepmother", "stepfather", "granny", "grandma", "grandpa", "parents", "mama",
    "papa", "bride", "groom", "classmate", "namesake", "kid", "toddler", "teenager", "schoolgirl", "schoolboy",
})
#: People known by whom they follow: "followers of Bandera".
FOLLOWER_WORDS = frozenset({"follower", "supporter", "admirer", "disciple", "adherent", "henchman", "accomplice",
                            "apologist", "devotee", "heir", "successor", "worshipper", "fan"})
#: Verbs whose subject is a person, never a town (a capital's or country's metonymy aside, which
#: :func:`prominent_place` keeps): "Lenin criticised this plan", "Lenin suggested making concessions".
PERSON_VERBS = frozenset({"criticise", "criticize", "suggest", "believe", "think", "write", "argue", "insist",
                          "recall", "die", "marry", "admire", "dream", "smile", "laugh", "confess", "hate",
                          "love", "resign"})
#: Nouns whose possessor is a person: "Lenin's death", "Lenin's ideas", "Bandera's wife".
PERSON_NOUNS = frozenset({"death", "idea", "life", "birth", "birthday", "biography", "legacy", "funeral", "grave",
                          "childhood", "youth", "writing", "memoir", "diary", "autobiography", "portrait",
                          "associate", "widow", "wife", "husband", "son", "daughter", "father", "mother",
                          "brother", "sister", "career", "assassination", "murder", "speech", "remark"})
#: Plural water and landform words after a list of names ("the Baltic and Black seas") and the
#: singular each name takes ("Baltic Sea").
WATER_PLURALS = {"seas": "Sea", "oceans": "Ocean", "rivers": "River", "lakes": "Lake", "gulfs": "Gulf",
                 "straits": "Strait", "islands": "Island", "mountains": "Mountains"}
#: Possessive determiners: "our Homeland", "their Union" name no town.
POSSESSIVES = frozenset({"our", "their", "his", "her", "my", "your", "its"})
#: Prepositions of being somewhere: "in the X" is read as a place ("here in the Valley").
STATIC_LOCATIVES = frozenset({"in", "at", "near", "across", "around", "throughout", "inside", "outside"})
#: A place this close (km) to the capital of the country a nationality adjective before it names
#: may be what the text calls that country's ("Russian Crimea").
NATIONALITY_REACH_KM = 2_500.0
#: A one-word name of a water body written without its water word ("in the Baltic") is that body
#: when the gazetteer has it under one of these.
WATER_WORDS = ("Sea", "Ocean")


def prominent_place(ctx: ArticleContext, text: str, city: int | None = FAMOUS_CITY) -> bool:
    """True when ``text`` is the own name of a country, a first-level division, a curated region,
    a sea or other area outside every country, a national capital or a city of ``city`` people or
    more (default :data:`~dashboard.geo_score.FAMOUS_CITY`; None: no city by its size alone): such
    a name stays a place even when a person bears it ("Washington")."""
    if named_country(ctx.gazetteer, text):
        return True
    low = text.lower()
    return any(p.name.lower() == low and (
        p.feature_code in ("ADM1", "CONT", "PPLC") or p.place_id.startswith("curated:") or outside_countries(p)
        or (city is not None and p.feature_class == "P" and p.population >= city))
        for p in ctx.gazetteer.candidates(text)[:8])


def person_context(ctx: ArticleContext, span) -> bool:
    """True when the words around ``span``, a name that is not a :func:`prominent_place`, say it
    is a person's name: an honorific or a word for a relative or an age before it ("Mr Miller",
    "his mother Natalia", "13-year-old Tanya"), a verb or a possessed noun only a person has
    (:func:`person_frame`: "Lenin criticised", "Lenin's death"), an apposition to such a word ("her daughter,
    Sofia,"), a person's name right after or before a one-word name ("Alexandra Dubrovina" split
    by the model), or "followers of" before it ("followers of Bandera").

    A name that modifies a noun after it ("a 24-year-old Elkhart man", "Harwinton supporters"),
    has a container after its comma ("Severn, Md.") or is an abbreviation ("Pa.", "St.") is no
    person's."""
    doc = span.doc
    text = span.text
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    root = span.root
    if text.endswith(".") or (root.dep_ in ("compound", "amod", "nmod") and root.head.i >= span.end
                              and root.head.pos_ == "NOUN") or (
            after is not None and after.text == "," and span.end + 1 < len(doc)
            and doc[span.end + 1].ent_type_ in ("GPE", "LOC")):
        return False
    before_word = before.lower_.rstrip(".") if before is not None else ""
    if not (
        (before is not None and before.text[:1].isupper() and before_word in HONORIFICS)
        or before_word in KIN_WORDS or before_word.endswith("year-old")
        or (before_word == "old" and span.start > 2 and doc[span.start - 3].lower_ == "year")
        or (len(span) == 1 and after is not None and after.ent_type_ == "PERSON" and after.text[:1].isupper()
            and after.is_alpha)
        or (len(span) == 1 and before is not None and before.ent_type_ == "PERSON" and before.text[:1].isupper()
            and before.is_alpha)
        or (root.dep_ == "appos" and root.head.lemma_.lower() in KIN_WORDS)
        or (root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in FOLLOWER_WORDS)
    ):
        # a verb or a possessed noun only a person has: no city speaks by its size alone, only a
        # country, a capital or a state does ("Moscow suggested", "Texas argues"; "Kirov suggested")
        return person_frame(span) and not prominent_place(ctx, text, city=None)
    return not prominent_place(ctx, text)


def person_frame(span) -> bool:
    """True when ``span`` is the subject of a verb only a person does (:data:`PERSON_VERBS`: "Lenin
    criticised this plan") or the possessor of a noun only a person has (:data:`PERSON_NOUNS`:
    "after Lenin's death", "Lenin's ideas"; not "Mariupol's death toll", whose head is "toll")."""
    root = first_conjunct(span.root)
    head = root.head
    if root.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in PERSON_VERBS:
        return True
    return root.dep_ == "poss" and head.i >= span.end and head.pos_ == "NOUN" and head.lemma_.lower() in PERSON_NOUNS


def common_noun_context(ctx: ArticleContext, span, text: str) -> bool:
    """True when a one-word name is a common noun or the first word of a longer name, not a
    place: it is written in lower case ("the quay"; not a country's name), it is the head of a
    noun phrase after "the" or a possessive and the gazetteer has only populated places of under
    :data:`~dashboard.geo_score.FAMOUS_CITY` people by that very name ("duty to the Homeland", "the
    Union's trade", "defending their Homeland"; no candidate by any name is a capital, division,
    country or city of that size: "my Lugansk" stays; after a possessive, none of them in a
    country the article's other names name: "our Bakhmut" stays), or it goes on with "of" and a capitalised
    word and is no country, capital or division ("the Republic of Crimea", "the Valley of
    Geysers", "the Independence of Ukraine"). Never a country's name ("the UK"), a name after "in the", "at the" …
    (:data:`STATIC_LOCATIVES`: "here in the Valley") or before one ("the Monongahela near
    Lewisburg"), nor the first words of a longer name ("the Moore's Ford lynching") or of a list
    of names ("the Chiefland or Cross City areas")."""
    if len(span) != 1:
        return False
    if text[:1].islower():
        return not (len(text) > 3 and named_country(ctx.gazetteer, text))
    doc, tok = span.doc, span[0]
    if (span.end + 1 < len(doc) and doc[span.end].lower_ == "of" and doc[span.end + 1].text[:1].isupper()
            and not prominent_place(ctx, text, city=None)):
        return True
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if not (before == "the" or before in POSSESSIVES) or named_country(ctx.gazetteer, text) or (
            span.start > 1 and doc[span.start - 2].lower_ in STATIC_LOCATIVES):
        return False  # "the UK"; "in the Valley", "at the Delft police station"
    nxt = doc[span.end] if span.end < len(doc) else None
    if (tok.dep_ in ("compound", "nmod", "amod") and tok.head.i > tok.i) or (nxt is not None and (
            nxt.pos_ in ("NOUN", "PROPN") or nxt.lower_ in STATIC_LOCATIVES
            or (nxt.lower_ in ("and", "or") and span.end + 1 < len(doc) and doc[span.end + 1].text[:1].isupper())
            or (nxt.tag_ == "POS" and span.end + 1 < len(doc) and doc[span.end + 1].text[:1].isupper()))):
        return False
    low = text.lower()
    cands = ctx.gazetteer.candidates(text)
    own = [p for p in cands if p.name.lower() == low]  # not "Union County"
    if any(p.feature_code in ("ADM1", "PPLC") or p.feature_code.startswith("PCL")
           or (p.feature_class == "P" and p.population >= FAMOUS_CITY) for p in cands):
        return False  # a big place by another spelling: "my Lugansk" is Luhansk
    if before in POSSESSIVES and any(p.country_code in other_countries(ctx, low) for p in own):
        return False  # "our Bakhmut" in a story about Ukraine
    return bool(own) and all(p.feature_class == "P" and p.population < FAMOUS_CITY for p in own)


def other_countries(ctx: ArticleContext, low: str) -> set[str]:
    """Alpha-2 codes of the countries the article's place and nationality entities other than the
    name ``low`` (lower-cased) name: a country's name or nationality word, else the country of the
    first gazetteer candidate of a place's name."""
    codes = (entity_country_code(ctx.gazetteer, e) for e in ctx.ents if e.text.lower().removeprefix("the ") != low)
    return {c for c in codes if c is not None}


def person_names(ctx: ArticleContext) -> set[str]:
    """Lower-cased one-word names that :func:`person_context` reads as a person somewhere in the
    article ("his mother Natalia", "Mr Miller"). Computed once per article."""
    if ctx.person_name_words is None:
        ctx.person_name_words = {e[0].lower_ for e in ctx.ents
                                 if e.label_ in ("GPE", "LOC", "PERSON") and len(e) == 1 and person_context(ctx, e)}
    return ctx.person_name_words


def not_a_place(ctx: ArticleContext, span, text: str) -> bool:
    """True when the GPE or LOC entity ``span`` (its text ``text``) is no toponym.

    A person's name: :func:`person_context` at this mention; or, for a one-word name that is not
    a :func:`prominent_place` and does not follow a locative preposition, a name the context reads
    as a person's elsewhere in the article (:func:`person_names`: "Natalia brought her son" after
    "his mother Natalia"). A name after a nationality adjective of a country that has no place
    of the name (:func:`outside_its_nationality`: "the Russian Far North"). A country's bare ISO
    code (:func:`bare_code`: "AI"). A name its frame says is a variant's, a movement's or a
    celestial body's (:func:`~dashboard.nlp.name_frames.framed_not_place`: "the Delta variant",
    "Bandera followers", "Mars" in a story about a rover), at this mention or, unless after a
    locative preposition, elsewhere in the article. A common noun or the head of a longer name
    (:func:`common_noun_context`), unless it is in a list closed by a water word or a sea or ocean
    bears the name (:func:`water_body_name`). A common word that opens a longer name that is no
    place's, or stands for it (:func:`~dashboard.nlp.name_modifiers.name_modifier_not_place`: "Union
    sectoral programmes" beside "the Union State")."""
    if person_context(ctx, span) or outside_its_nationality(ctx, span, text) or bare_code(ctx, span, text) \
            or framed_not_place(ctx, span, text) or name_modifier_not_place(ctx, span, text):
        return True
    if not follows_locative(span) and text.lower() in framed_names(ctx):
        return True  # "Delta spreads faster" after "the Delta variant"
    if len(span) == 1 and not follows_locative(span) and not text.endswith(".") and not prominent_place(ctx, text):
        if text.lower() in person_names(ctx):
            return True
    return common_noun_context(ctx, span, text) and list_water_word(span) is None \
        and water_body_name(ctx, span, text) is None


def outside_its_nationality(ctx: ArticleContext, span, text: str) -> bool:
    """True when a nationality adjective right before ``span`` names a country in which the
    gazetteer has no place of the name, nor within :data:`NATIONALITY_REACH_KM` of its capital:
    "the Russian Far North" is a region of Russia, not the Far North region of Cameroon ("the
    Ukrainian Donbas" stays: Donbas lies in Ukraine; so does a neighbour's place claimed by the
    adjective, "Russian Crimea")."""
    doc = ctx.doc
    if span.start == 0 or doc[span.start - 1].ent_type_ != "NORP" or doc[span.start - 1].ent_iob_ != "B":
        return False
    ref = ctx.gazetteer.demonym_country(doc[span.start - 1].text)
    if ref is None or named_country(ctx.gazetteer, text):
        return False
    cands = ctx.gazetteer.candidates(text)
    capital = ctx.gazetteer.capital_place(ref.alpha2)
    return bool(cands) and not any(
        p.country_code == ref.alpha2 or (capital is not None and great_circle_km(p, capital) <= NATIONALITY_REACH_KM)
        for p in cands)


def bare_code(ctx: ArticleContext, span, text: str) -> bool:
    """True when ``text`` names a country only by its two- or three-letter ISO code
    (:func:`~dashboard.nlp.tokens.bare_country_code`: "AI" is Anguilla's code, not a place in
    "investments in AI") and is no US state's or Canadian province's code, it does not qualify a
    place after a comma ("Lyon, FR") and it does not begin a longer name ("ST. PAUL", "CR 2202")."""
    if not bare_country_code(text) or ctx.gazetteer.country(text) is None or ctx.gazetteer.us_state_code(text) \
            or text in CA_PROVINCE_ABBREVIATIONS:
        return False
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and (nxt.text == "." or nxt.like_num or nxt.text[:1].isupper()):
        return False  # "ST. PAUL", "CR 2202": an abbreviation inside a longer name
    return not (span.start > 0 and doc[span.start - 1].text == ",")


def list_water_word(span) -> str | None:
    """The singular water word (:data:`WATER_PLURALS`) of the plural that closes the list of
    capitalised names ``span`` is in ("the Baltic and Black seas" -> "Sea"), else None."""
    doc = span.doc
    i, hops = span.end, 0
    while i < len(doc) and hops < 8:
        low = doc[i].lower_
        if low in WATER_PLURALS:
            return WATER_PLURALS[low]
        if not (low in (",", "and", "or", "the") or doc[i].text[:1].isupper()):
            return None
        i, hops = i + 1, hops + 1
    return None


def water_body_name(ctx: ArticleContext, span, text: str) -> str | None:
    """The full name of a sea, ocean or river written without its water word, else None.

    In a list closed by a plural water word, each name takes the singular ("the Baltic and
    Northern seas" -> "Baltic Sea", "the Dnieper and Don rivers" -> "Dnieper River"); a one-word
    name after "the" that the gazetteer has as a sea or ocean only with that word ("in the Baltic"),
    and otherwise only as populated places, is that body ("the Philippines" stays the country).
    Only when the gazetteer has the full name."""
    doc = ctx.doc
    word = list_water_word(span)
    if word is not None:
        full = f"{text} {word}"
        return full if ctx.gazetteer.candidates(full) else None
    low = text.lower()
    if len(span) == 1 and span.start > 0 and doc[span.start - 1].lower_ == "the" and not named_country(
            ctx.gazetteer, text) and all(p.feature_class == "P" for p in ctx.gazetteer.candidates(text)
                                         if p.name.lower() == low):
        for word in WATER_WORDS:
            full = f"{text} {word}"
            if any(outside_countries(p) for p in ctx.gazetteer.candidates(full)[:3]):
                return full
    return None
