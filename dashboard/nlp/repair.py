"""Repairs of the small English model's entities, applied to the doc before extraction."""

from __future__ import annotations

import re

from dashboard.nlp.lexicon import IGOS, LEGAL_FORMS, LOCATIVE_PREPOSITIONS, ORG_WORDS, ROLE_WORDS
from dashboard.nlp.tokens import named_country, tokens_where_lower


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
    for i in tokens_where_lower(doc, LOCATIVE_PREPOSITIONS.__contains__):
        tok = doc[i]
        if tok.i + 1 >= len(doc):
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


def after_title(doc, start: int, of: bool = False) -> bool:
    """True when token ``start`` follows a title (:data:`TITLE_WORDS`), directly or through "of"
    ("President of |", "First Lady of |", "Foreign Minister |"); with ``of``, only through "of"."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "of":
        i -= 1
    elif of:
        return False
    return i >= 0 and doc[i].lower_.rstrip(".") in TITLE_WORDS


def repair_entities(doc, gazetteer) -> None:
    """Fix a frequent error of the small English model in place: a country name run together with
    the personal name after it ("President of [Ukraine Volodymyr Zelenskyy]ORG", "First Lady of
    [Ukraine Olena Zelenska]FAC", "President of [Kazakhstan Kassym-Jomart Tokayev's]ORG") is split
    into a GPE and a PERSON entity. Applies to spans of :data:`COUNTRY_NAME_LABELS` whose leading one
    or two tokens name a country (by a name, not by a two-letter code that is a word: "La République
    En Marche" is no Laos; nor a nationality word: "Russian Industrial Zone") and whose remaining
    tokens, a possessive left out, are a name of two or three words (:func:`name_words`; hyphenated
    first names and surnames count as one word), or a bare surname after a title and "of" ("Chancellor
    of [Germany Scholz]ORG", "President of [Belarus Lukashenko]PERSON"). Under labels other than ORG, GPE and PERSON (which
    the model gives such runs most often) the span must also follow a title (:func:`after_title`)."""
    from spacy.tokens import Span

    changed = False
    ents = []
    for ent in doc.ents:
        end = ent.end
        while end > ent.start and (doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in ("'s", "’s")):
            end -= 1  # "… Tokayev's": the possessive is no part of the name
        split = None
        if ent.label_ in COUNTRY_NAME_LABELS and end - ent.start >= 2:
            for cut in (1, 2):
                head, rest = doc[ent.start:ent.start + cut], doc[ent.start + cut:end]
                words = name_words(rest) if len(rest) else None
                if (words is not None and (2 <= words <= 3 or words == 1 and after_title(doc, ent.start, of=True))
                        and named_country(gazetteer, head.text) is not None
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


def legal_form(token) -> bool:
    """Whether ``token`` is a legal form of a company ("LLC", "Inc.", "N.V.", "SpA")."""
    return token.text[:1].isupper() and token.text.replace(".", "").lower() in LEGAL_FORMS


def join_legal_forms(doc) -> None:
    """Join, in place, a company's legal form the small model cut off or tagged alone to the name
    before it ("[Chrysler]ORG [LLC]ORG", "[Chrysler]ORG LLC" -> "[Chrysler LLC]ORG"): an entity
    that is only legal forms right after an ORG entity, or untagged legal forms right after one,
    become part of it, and one tagged alone after untagged capitalised proper nouns takes them in."""
    from spacy.tokens import Span

    ents, changed = [], False
    for ent in doc.ents:
        prev = ents[-1] if ents else None
        if all(legal_form(t) or t.text == "." for t in ent) and prev is not None and prev.label_ == "ORG" \
                and prev.end == ent.start:
            ents[-1] = Span(doc, prev.start, ent.end, label="ORG")
            changed = True
            continue
        start = ent.start
        while all(legal_form(t) or t.text == "." for t in ent) and start > max(0, ent.start - 4) and \
                doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() and not doc[start - 1].ent_type_:
            start -= 1  # "Chrysler [LLC]ORG": the untagged name before it
        if start < ent.start and (prev is None or prev.end <= start):
            ents.append(Span(doc, start, ent.end, label="ORG"))
            changed = True
            continue
        ents.append(ent)
    for i, ent in enumerate(ents):
        end = ent.end
        while ent.label_ == "ORG" and end < len(doc) and legal_form(doc[end]) and not doc[end].ent_type_:
            end += 1
        if end != ent.end and (i + 1 == len(ents) or ents[i + 1].start >= end):
            ents[i] = Span(doc, ent.start, end, label="ORG")
            changed = True
    if changed:
        doc.ents = ents


#: A model designation: a number or letters run into digits ("717", "A380", "737-800", "KC-30s", "DC-9").
MODEL = re.compile(r"^(?:[A-Z]{0,3}-?\d[\w-]*|\d+)$")
#: Words before a maker's name in a product's ("the first Airbus A380") or after it ("Adam Air
#: Flight 574") that belong to neither.
PRODUCT_FRAME = frozenset({"first", "new", "final", "last", "latest", "flight", "model", "series", "type"})


def model_designation(token) -> bool:
    """Whether ``token`` is a product's model designation ("717", "A380", "737-800", "A330s")."""
    return bool(MODEL.match(token.text)) and token.text.lower().replace(".", "") not in IGOS


def split_products(doc) -> None:
    """Split, in place, a product named after its maker out of an ORG, FAC or PERSON entity ("[First
    Airbus A380]ORG" -> "Airbus" ORG and "A380" PRODUCT; "[Adam Air Flight 574]ORG" -> "Adam Air";
    "[A330s]ORG" -> PRODUCT): the name is cut at the first model designation after its first word,
    the maker is what comes before it (without "first", "new", "flight" …), and a name that is only
    a model designation is a product. A name opening with digits ("3M", "7-Eleven") is left alone."""
    from spacy.tokens import Span

    ents, changed = [], False
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "FAC", "PERSON"):
            ents.append(ent)
            continue
        cut = next((t.i for t in ent[1:] if model_designation(t)), None)
        if cut is None and ent.end < len(doc) and model_designation(doc[ent.end]) and len(ent) > 1 \
                and ent[0].lower_ in PRODUCT_FRAME:
            ents.append(Span(doc, ent.start + 1, ent.end, label=ent.label_))  # "[First Airbus] A380"
            changed = True
            continue
        if cut is None:
            if len(ent) == 1 and model_designation(ent[0]) and re.match(r"^[A-Z]", ent.text):
                ents.append(Span(doc, ent.start, ent.end, label="PRODUCT"))  # "A330s", "KC-30s"
                changed = True
            else:
                ents.append(ent)
            continue
        start, end = ent.start, cut
        while start < end and doc[start].lower_ in PRODUCT_FRAME:
            start += 1
        while end > start and doc[end - 1].lower_ in PRODUCT_FRAME:
            end -= 1
        if start < end:
            ents.append(Span(doc, start, end, label="ORG"))
        ents.append(Span(doc, cut, ent.end, label="PRODUCT"))
        changed = True
    if changed:
        doc.ents = ents


def join_airline_names(doc) -> None:
    """Join, in place, an untagged "Air" to the country or city entity right after it ("Air
    [China]GPE" -> "[Air China]ORG", "Air France", "Air Canada"): an airline's name, not the
    place; a place or person entity opening with "Air" is the airline too ("[Air Astana]PERSON"),
    unless a title follows ("Air Marshal …")."""
    from spacy.tokens import Span

    ents, changed = [], False
    for ent in doc.ents:
        prev = doc[ent.start - 1] if ent.start > 0 else None
        if ent.label_ in ("GPE", "NORP", "LOC") and prev is not None and prev.text == "Air" and not prev.ent_type_:
            ents.append(Span(doc, ent.start - 1, ent.end, label="ORG"))
            changed = True
        elif ent.label_ in ("GPE", "PERSON") and len(ent) > 1 and ent[0].text == "Air" \
                and ent[1].lower_ not in ROLE_WORDS:
            ents.append(Span(doc, ent.start, ent.end, label="ORG"))  # "[Air Astana]PERSON", not "Air Marshal …"
            changed = True
        else:
            ents.append(ent)
    if changed:
        doc.ents = ents
