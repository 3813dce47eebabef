"""Names whose frame says they are no place: a lineage's, a movement's or a celestial body's.

The small model tags a capitalised word as a place whatever the noun after it, and the gazetteer
has a town for most such words ("Delta", British Columbia; "Bandera", Texas; "Mars",
Pennsylvania). The noun a name modifies often says what it names:

* a lineage or pathogen word (:data:`LINEAGE_HEADS`: "the Delta variant", "the Omicron
  strain", "the Mu and Lambda variants"; the word right after the name too, when the parser
  misreads it: "the retreating Delta strain accounts for...") makes the name a variant's, not a
  place;
* a word for followers or adherents (:data:`FOLLOWER_HEADS`: "Bandera followers", "Trump
  supporters", "Bandera nationalists", "Bandera's admirers"; not every "-ist": "Mt. Pleasant alto
  saxophonist" and "U.S billionaire space tourist" keep their places) makes it a person's or a
  movement's — a surname of a person the article names, always; otherwise unless it is a
  prominent place (:func:`~dashboard.nlp.not_places.prominent_place`) or the article names it
  elsewhere as a place or an organisation's or facility's (:func:`_placed_elsewhere`: "Harwinton
  supporters" under a HARWINTON dateline, at "the Harwinton Senior Center"): a town's supporters
  are rarer than a person's, and the town of a person's name (Bandera, Texas) lies as often in
  a country the article names;
* a planet's or moon's name (:data:`CELESTIAL_BODIES`) in an article with a word of astronomy or
  spaceflight (:data:`SPACE_WORDS`: "the rover landed on Mars") is that body.

A country's name or a nationality word stays what it is in either frame ("the UK variant",
"Ukrainian nationalists"). Once a name is read so in an article, its other mentions there are no place either, unless they
follow a locative preposition (:func:`framed_names`: "Delta spreads faster" after "the Delta
variant").
"""

from __future__ import annotations

from dashboard.nlp.context import ArticleContext
from dashboard.nlp.tokens import first_conjunct, named_country

#: Nouns after a name that make it a lineage's or pathogen's name.
LINEAGE_HEADS = frozenset({"variant", "subvariant", "strain", "mutation", "mutant", "lineage", "sublineage",
                           "virus", "genotype", "serotype"})
#: Nouns after a name that make it a person's or movement's name (followers of someone).
FOLLOWER_HEADS = frozenset({"follower", "supporter", "admirer", "disciple", "adherent", "henchman", "devotee",
                            "acolyte", "loyalist", "partisan", "sympathizer", "sympathiser", "worshipper",
                            "apologist", "fan", "heir", "successor", "ideology", "cult", "nationalist",
                            "ultranationalist"})
#: The planets, the dwarf planets and the best-known moons: places only on Earth.
CELESTIAL_BODIES = frozenset({"sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune",
                              "pluto", "ceres", "titan", "europa", "ganymede", "callisto", "io", "enceladus",
                              "phobos", "deimos", "triton", "charon"})
#: Words of astronomy and spaceflight: an article with one reads a celestial body's name as the body.
SPACE_WORDS = frozenset({"planet", "planets", "planetary", "interplanetary", "rover", "rovers", "orbit", "orbits",
                         "orbital", "orbiter", "orbiting", "spacecraft", "spaceship", "astronaut", "astronauts",
                         "cosmonaut", "cosmonauts", "lunar", "martian", "nasa", "roscosmos", "spacex", "telescope",
                         "telescopes", "asteroid", "asteroids", "celestial", "astronomer", "astronomers",
                         "astronomy", "astronomical", "nebula", "moons", "spaceflight", "launchpad"})


def _modified_head(span):
    """The noun ``span`` modifies as a compound, adjective, noun or possessive modifier, directly
    or as a later conjunct of one ("the Mu and Lambda variants"), else None."""
    root = first_conjunct(span.root)
    if root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.i >= span.end and root.head.pos_ in (
            "NOUN", "PROPN"):
        head = root.head
        while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ == "NOUN":
            head = head.head  # "the Delta virus strain"
        return head
    return None


def _lineage_word_after(span):
    """The lineage word right after ``span`` when the parser misread it ("the retreating Delta
    strain accounts for..." with "strain" as a verb) and a determiner opens the noun phrase the
    name begins ("the Omicron and Delta strains"; not "Moscow strains its ties"), else None."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].lower_.rstrip("s") not in LINEAGE_HEADS:
        return None
    i = span.start - 1
    while i >= 0 and (doc[i].pos_ in ("ADJ", "ADV", "PROPN", "CCONJ") or doc[i].text == ","
                      or doc[i].tag_ in ("VBG", "VBN")):
        i -= 1
    return doc[span.end] if i >= 0 and (doc[i].pos_ == "DET" or doc[i].dep_ == "poss") else None


def frame_of(span) -> str | None:
    """``"lineage"``, ``"follower"`` or None: what the noun ``span`` modifies makes it.

    Parameters
    ----------
    span : spacy.tokens.Span
        A place entity.

    Returns
    -------
    str or None
    """
    head = _modified_head(span) or _lineage_word_after(span)
    if head is None:
        return None
    lemma = head.lemma_.lower()
    if lemma in LINEAGE_HEADS or head.lower_.rstrip("s") in LINEAGE_HEADS:
        return "lineage"
    if lemma in FOLLOWER_HEADS or head.lower_.rstrip("s") in FOLLOWER_HEADS:
        return "follower"
    return None


def _person_word(ctx: ArticleContext, low: str) -> bool:
    """Whether a person of the article bears ``low`` as a word of a full name ("Stepan Bandera")."""
    return any(e.label_ == "PERSON" and len(e) > 1 and any(t.lower_ == low for t in e) for e in ctx.ents)


def _placed_elsewhere(ctx: ArticleContext, span, low: str) -> bool:
    """Whether the article names ``low`` elsewhere other than in a follower's frame: a dateline
    (also one written in capitals that the dateline reader missed: "HARWINTON —"), a place
    mention in no such frame, or an organisation or facility named after it ("the Harwinton
    Senior Center")."""
    if low in ctx.dateline_names or any(t.text == low.upper() and t.i not in range(span.start, span.end)
                                        for t in ctx.doc if t.is_upper and len(t) > 2):
        return True
    for e in ctx.ents:
        if e.start == span.start or e.label_ not in ("GPE", "LOC", "ORG", "FAC") or low not in e.text.lower():
            continue
        if e.label_ in ("ORG", "FAC") or frame_of(e) is None:
            return True
    return False


def framed_not_place(ctx: ArticleContext, span, text: str) -> bool:
    """True when ``span`` (its text ``text``) is a name its own frame says is no place (see the
    module docstring).

    Parameters
    ----------
    ctx : ArticleContext
    span : spacy.tokens.Span
        A GPE or LOC entity.
    text : str
        Its text.

    Returns
    -------
    bool
    """
    from dashboard.nlp.not_places import prominent_place  # not_places calls this module

    low = text.lower()
    if low in CELESTIAL_BODIES and space_story(ctx):
        return True
    frame = frame_of(span)
    if frame is None or named_country(ctx.gazetteer, text) or ctx.gazetteer.demonym_country(text):
        return False  # "the UK variant", "Ukrainian nationalists": a country and its people
    if frame == "lineage" or _person_word(ctx, low):
        return True
    return not (prominent_place(ctx, text) or _placed_elsewhere(ctx, span, low))


def space_story(ctx: ArticleContext) -> bool:
    """Whether the article has a word of astronomy or spaceflight (:data:`SPACE_WORDS`)."""
    if ctx.space_story is None:
        ctx.space_story = any(t.lower_ in SPACE_WORDS for t in ctx.doc)
    return ctx.space_story


def framed_names(ctx: ArticleContext) -> set[str]:
    """Lower-cased names that :func:`framed_not_place` reads as no place somewhere in the article;
    computed once per article.

    Parameters
    ----------
    ctx : ArticleContext

    Returns
    -------
    set of str
    """
    if ctx.framed_name_words is None:
        ctx.framed_name_words = {e.text.lower() for e in ctx.ents
                                 if e.label_ in ("GPE", "LOC") and framed_not_place(ctx, e, e.text)}
    return ctx.framed_name_words
