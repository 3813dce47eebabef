"""Repairs of the small English model's entities, applied to the doc before extraction."""

from __future__ import annotations

from dashboard.nlp.lexicon import LOCATIVE_PREPOSITIONS, ORG_WORDS, ROLE_WORDS
from dashboard.nlp.tokens import named_country


#: A place name the small model left untagged after a locative preposition is read as a place when
#: it is a country, or a city of at least this many people ("in Kyiv on Monday").
MISSED_PLACE_POPULATION = 100_000


def add_missed_places(doc, gazetteer) -> None:
    """Tag, in place, untagged place names right after a locative preposition ("talks in Kyiv",
    "near Kharkiv"): one to three capitalised proper nouns that are exactly a country's name (not
    a two- or three-letter code: "to DM me", "at Mr Robinson's") or the name of a city of
    :data:`MISSED_PLACE_POPULATION`+ people become GPE entities."""
    from spacy.tokens import Span

    tagged = {t.i for e in doc.ents for t in e}
    new = []
    for tok in doc:
        if tok.lower_ not in LOCATIVE_PREPOSITIONS or tok.i + 1 >= len(doc):
            continue
        start = tok.i + 1
        end = start
        while end < len(doc) and end - start < 3 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
                and end not in tagged:
            end += 1
        for stop in range(end, start, -1):  # the longest name that is a place
            text = doc[start:stop].text
            if named_country(gazetteer, text) and gazetteer.demonym_country(text) is None or any(
                    p.feature_class == "P" and p.population >= MISSED_PLACE_POPULATION and p.name.lower() == text.lower()
                    for p in gazetteer.candidates(text)[:3]):
                new.append(Span(doc, start, stop, label="GPE"))
                break
    if new:
        doc.ents = sorted(list(doc.ents) + new, key=lambda e: e.start)


def split_coordinated_names(doc) -> None:
    """Split, in place, a PERSON entity that coordinates two names ("[Biden and Zelenskiy]PERSON",
    "[Jane Roe & John Doe]PERSON") into one PERSON entity per name, when every part is one to
    three capitalised proper nouns."""
    from spacy.tokens import Span

    ents, changed = [], False
    for ent in doc.ents:
        cuts = [t.i for t in ent if t.text.lower() in ("and", "&")]
        if ent.label_ != "PERSON" or not cuts:
            ents.append(ent)
            continue
        bounds = [ent.start, *cuts, ent.end]
        parts = [(a + (a != ent.start), b) for a, b in zip(bounds, bounds[1:])]
        if all(1 <= b - a <= 3 and all(doc[i].text[:1].isupper() and doc[i].pos_ == "PROPN" for i in range(a, b))
               for a, b in parts):
            ents += [Span(doc, a, b, label="PERSON") for a, b in parts]
            changed = True
        else:
            ents.append(ent)
    if changed:
        doc.ents = ents


#: Entity labels the small model gives a country run together with a personal name.
COUNTRY_NAME_LABELS = frozenset({"ORG", "GPE", "PERSON", "FAC", "LOC", "NORP", "PRODUCT"})


def name_words(span) -> int | None:
    """The number of words of a personal name in ``span`` (tokens joined by a hyphen with no space,
    "Kassym-Jomart", count as one word), or None when a token is not a capitalised proper noun or
    is an organisation word (:data:`ORG_WORDS`)."""
    words = 0
    for t in span:
        if t.text == "-" and t.i > span.start and not t.nbor(-1).whitespace_ and not t.whitespace_:
            continue  # the hyphen inside "Kassym-Jomart"
        if t.pos_ != "PROPN" or not t.text[:1].isupper() or t.lower_ in ORG_WORDS:
            return None
        joined = t.i > span.start and span.doc[t.i - 1].text == "-" and not span.doc[t.i - 1].whitespace_
        words += 0 if joined else 1
    return words


#: Words of a title that may stand before "of <Country> <Name>" (the role words and a spouse's title).
TITLE_WORDS = frozenset(ROLE_WORDS | {"lady", "gentleman", "spouse", "wife", "husband"})


def after_title(doc, start: int) -> bool:
    """True when token ``start`` follows a title (:data:`TITLE_WORDS`), directly or through "of"
    ("President of |", "First Lady of |", "Foreign Minister |")."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "of":
        i -= 1
    return i >= 0 and doc[i].lower_.rstrip(".") in TITLE_WORDS


def repair_entities(doc, gazetteer) -> None:
    """Fix a frequent error of the small English model in place: a country name run together with
    the personal name after it ("President of [Ukraine Volodymyr Zelenskyy]ORG", "First Lady of
    [Ukraine Olena Zelenska]FAC", "President of [Kazakhstan Kassym-Jomart Tokayev's]ORG") is split
    into a GPE and a PERSON entity. Applies to spans of :data:`COUNTRY_NAME_LABELS` whose leading one
    or two tokens name a country (by a name, not by a two-letter code that is a word: "La République
    En Marche" is no Laos; nor a nationality word: "Russian Industrial Zone") and whose remaining
    tokens, a possessive left out, are a name of two or three words (:func:`name_words`; hyphenated
    first names and surnames count as one word). Under labels other than ORG, GPE and PERSON (which
    the model gives such runs most often) the span must also follow a title (:func:`after_title`)."""
    from spacy.tokens import Span

    changed = False
    ents = []
    for ent in doc.ents:
        end = ent.end
        while end > ent.start and (doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in ("'s", "’s")):
            end -= 1  # "… Tokayev's": the possessive is no part of the name
        split = None
        if ent.label_ in COUNTRY_NAME_LABELS and end - ent.start >= 3:
            for cut in (1, 2):
                head, rest = doc[ent.start:ent.start + cut], doc[ent.start + cut:end]
                words = name_words(rest) if len(rest) else None
                if (words is not None and 2 <= words <= 3 and named_country(gazetteer, head.text) is not None
                        and gazetteer.demonym_country(head.text) is None
                        and (ent.label_ in ("ORG", "GPE", "PERSON") or after_title(doc, ent.start))):
                    split = [Span(doc, head.start, head.end, label="GPE"), Span(doc, rest.start, rest.end, label="PERSON")]
                    break
        if split:
            ents += split
            changed = True
        else:
            ents.append(ent)
    if changed:
        doc.ents = ents
