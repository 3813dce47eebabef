"""A common word that opens a longer name: the name's first word, not a place.

Many proper names open with a capitalised common word that the gazetteer also has as a town:
"the Union State" (Union, New Jersey), "the Commonwealth Games" (Commonwealth, Philippines),
"the Concord Agreement" (Concord, California), "Liberty Bridge" (Liberty, Missouri). The small
model reads such a word as a place on its own when it is cut from its name ("[Union]GPE sectoral
programmes" in an article about the Union State), and :func:`~dashboard.nlp.toponyms.place_in_name`
reads it as the place an organisation is named after. The rule, for a one-word name that is a
common English noun or adjective (:func:`common_place_word`):

* at the start of a longer name of something other than a place (an organisation, facility,
  event, law, work or product entity of two or more words, or a run of proper nouns no entity
  covers: "the Migration Policy Concept of [the Union State]"; its first two words no gazetteer
  name and its second no place noun: not "Union County", "Liberty City"), it is that name's
  first word (:func:`name_lead_words`);
* a mention of such a word on its own is that name's short form, and so is the word right before
  a capitalised noun that is no place noun (the model cutting a name: "[Union]GPE State")
  (:func:`name_modifier_not_place`),

and no town of the name lies in a country the article names (:func:`town_abroad`: a story's own
town keeps its name: "the Huntsville Police Department" in a story about Alabama), unless the
article reads the word as a place elsewhere (:func:`placed_elsewhere`: a dateline, a
mention after a locative preposition, a mention with a container after its comma: "in Union",
"Union, N.J."), the mention itself follows a locative preposition, or the word names a country, a
nationality, a first-level division, a capital, a curated region or a city of
:data:`~dashboard.geo_score.FAMOUS_CITY` people (:func:`~dashboard.nlp.not_places.prominent_place`:
"the Buffalo Bisons" keep Buffalo, and "the Commonwealth Games" the Philippine district of 215,000
people: a limit of the rule).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dashboard.nlp.context import ArticleContext
from dashboard.nlp.tokens import follows_locative, named_country

#: The packaged list of place names that are common English words (one a line; written by
#: ``scripts/derive_common_place_words.py``).
COMMON_PLACE_WORDS = Path(__file__).resolve().parent.parent / "gazetteer" / "data" / "common_place_words.txt"

#: Entity labels of longer names that are no place's.
NAME_LABELS = frozenset({"ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"})
#: Nouns that make the words before them a place's name ("Union County", "Liberty City").
PLACE_WORDS = frozenset({"county", "city", "town", "township", "village", "borough", "parish", "region", "oblast",
                         "province", "district", "krai", "republic", "governorate", "area", "raion", "valley",
                         "heights", "springs", "falls", "beach", "island", "islands", "lake", "river", "hill",
                         "hills", "harbor", "harbour", "bay", "creek", "grove", "territory", "municipality"})


@cache
def _common_place_words() -> frozenset[str]:
    """The words of :data:`COMMON_PLACE_WORDS`, read once per process."""
    return frozenset(COMMON_PLACE_WORDS.read_text(encoding="utf-8").split())


def common_place_word(low: str) -> bool:
    """Whether the lower-cased word ``low`` is a gazetteer place name that is also a common English
    noun or adjective, one an English dictionary writes in lower case ("union", "liberty",
    "concord"; not "huntsville", "laguna", "paris"): :data:`COMMON_PLACE_WORDS`.

    Parameters
    ----------
    low : str

    Returns
    -------
    bool
    """
    return low in _common_place_words()


def common_name_word(ctx: ArticleContext, text: str) -> bool:
    """Whether ``text`` is one capitalised English noun or adjective that names no country and
    is no nationality word ("Union", "Liberty"; not "Georgia", "French", "NATO")."""
    if " " in text or not text[:1].isupper() or text.isupper() or not text.isalpha():
        return False
    return common_place_word(text.lower()) and named_country(ctx.gazetteer, text) is None \
        and ctx.gazetteer.demonym_country(text) is None


def _name_word_pair(ctx: ArticleContext, first, second) -> bool:
    """Whether tokens ``first`` and ``second`` open a longer name that is no place's: ``second`` is
    a capitalised word, no place noun, and the two together are no gazetteer name ("Union State";
    not "Union County", "Liberty Lake")."""
    if not (second.text[:1].isupper() and second.is_alpha) or second.lower_ in PLACE_WORDS:
        return False
    pair = f"{first.text} {second.text}".lower()
    return not any(p.name.lower() == pair for p in ctx.gazetteer.candidates(f"{first.text} {second.text}")[:5])


def name_lead_words(ctx: ArticleContext) -> set[str]:
    """Lower-cased common words (:func:`common_name_word`) that open a longer name of the article
    that is no place's (see the module docstring); computed once per article.

    Parameters
    ----------
    ctx : ArticleContext

    Returns
    -------
    set of str
    """
    if ctx.name_lead_words is None:
        found = set()
        for e in ctx.ents:
            words = [t for t in e if t.lower_ != "the"]
            if e.label_ in NAME_LABELS and len(words) > 1 and words[1].i == words[0].i + 1 \
                    and common_name_word(ctx, words[0].text) and _name_word_pair(ctx, words[0], words[1]):
                found.add(words[0].lower_)
        doc = ctx.doc
        for i in range(len(doc) - 1):  # a proper-noun chunk no entity covers: "the Union State"
            tok, nxt = doc[i], doc[i + 1]
            if tok.pos_ == "PROPN" and nxt.pos_ == "PROPN" and not tok.ent_type_ and not nxt.ent_type_ \
                    and not (i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].text[:1].isupper()) \
                    and tok.lower_ not in found and common_name_word(ctx, tok.text) \
                    and _name_word_pair(ctx, tok, nxt):
                found.add(tok.lower_)
        ctx.name_lead_words = found
    return ctx.name_lead_words


def placed_elsewhere(ctx: ArticleContext, low: str) -> bool:
    """Whether the article reads the lower-cased word ``low`` as a place somewhere: a dateline, or a
    place entity of that text after a locative preposition or with a place after its comma
    ("in Union", "Union, N.J.").

    Parameters
    ----------
    ctx : ArticleContext
    low : str

    Returns
    -------
    bool
    """
    if low in ctx.dateline_names:
        return True
    doc = ctx.doc
    for e in ctx.ents:
        if e.label_ in ("GPE", "LOC") and e.text.lower() == low and (follows_locative(e) or (
                e.end + 1 < len(doc) and doc[e.end].text == "," and doc[e.end + 1].ent_type_ in ("GPE", "LOC"))):
            return True
    return False


def town_abroad(ctx: ArticleContext, text: str) -> bool:
    """Whether the article's other place and nationality names name countries
    and no gazetteer place of exactly the name ``text`` lies in one of them (:func:`~dashboard.nlp.not_places.other_countries`):
    "Union" (New Jersey) in a story about Russia and Belarus, not "Huntsville" in one about
    Alabama. A story's own towns keep their names even when the name is a common word."""
    from dashboard.nlp.not_places import other_countries  # not_places calls this module

    low = text.lower()
    countries = other_countries(ctx, low)
    return bool(countries) and not any(p.country_code in countries for p in ctx.gazetteer.candidates(text)[:8] if p.name.lower() == low)


def name_modifier_not_place(ctx: ArticleContext, span, text: str) -> bool:
    """True when the one-word GPE or LOC entity ``span`` (its text ``text``) is the first word or
    short form of a longer name that is no place's (see the module docstring: "the Union State"
    cut by the model, "Union sectoral programmes" beside "the Union State").

    Parameters
    ----------
    ctx : ArticleContext
    span : spacy.tokens.Span
    text : str

    Returns
    -------
    bool
    """
    from dashboard.nlp.not_places import prominent_place  # not_places calls this module

    if len(span) != 1 or follows_locative(span) or not common_name_word(ctx, text):
        return False
    doc, low = ctx.doc, text.lower()
    nxt = doc[span.end] if span.end < len(doc) else None
    cut = nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.ent_type_ not in ("GPE", "LOC") \
        and _name_word_pair(ctx, span[0], nxt)
    if not (cut or low in name_lead_words(ctx)):
        return False
    return not (prominent_place(ctx, text) or placed_elsewhere(ctx, low)) and town_abroad(ctx, text)


def name_modifier_in_name(ctx: ArticleContext, words, known: bool) -> bool:
    """True when ``words``, the one-word run that opens an organisation's name in
    :func:`~dashboard.nlp.toponyms.place_in_name`, is a common word that is that name's first word,
    not the place it is named after ("the Commonwealth Games", "the Concord Agreement"): a
    :func:`common_name_word` that is no :func:`~dashboard.nlp.not_places.prominent_place` ("the
    Buffalo Bisons" keep Buffalo) and no town of a country the article names (:func:`town_abroad`), unless the article reads it as a place elsewhere
    (:func:`placed_elsewhere`) or ``known`` says it names it as a place on its own.

    Parameters
    ----------
    ctx : ArticleContext
    words : spacy.tokens.Span
        One token.
    known : bool
        Whether the article names the word elsewhere as a place entity.

    Returns
    -------
    bool
    """
    from dashboard.nlp.not_places import prominent_place  # not_places calls this module

    text = words.text
    if len(words) != 1 or not common_name_word(ctx, text):
        return False
    if known and not name_modifier_everywhere(ctx, text.lower()):
        return False
    return not (prominent_place(ctx, text) or placed_elsewhere(ctx, text.lower())) and town_abroad(ctx, text)


def name_modifier_everywhere(ctx: ArticleContext, low: str) -> bool:
    """Whether every place entity of the article with the text ``low`` is a name's first word or
    short form (:func:`name_modifier_not_place`), so the article names it as a place nowhere."""
    return all(name_modifier_not_place(ctx, e, e.text) for e in ctx.ents
               if e.label_ in ("GPE", "LOC") and e.text.lower() == low)
