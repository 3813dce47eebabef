"""Repairs of the small English model's entities, applied to the doc before extraction."""

from __future__ import annotations

from dashboard.nlp.lexicon import LOCATIVE_PREPOSITIONS, ORG_WORDS
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


def repair_entities(doc, gazetteer) -> None:
    """Fix a frequent error of the small English model in place: a country name run together with
    the personal name after it ("President of [Ukraine Volodymyr Zelenskyy]ORG") is split into a
    GPE and a PERSON entity. Applies to ORG/GPE/PERSON spans whose leading tokens name a country
    (by a name, not by a two-letter code that is a word: "La République En Marche" is no Laos) and whose remaining 2–3 tokens are capitalised proper nouns with no organisation word."""
    from spacy.tokens import Span

    changed = False
    ents = []
    for ent in doc.ents:
        if ent.label_ in ("ORG", "GPE", "PERSON") and len(ent) >= 3:
            for cut in (1, 2):
                head, rest = ent[:cut], ent[cut:]
                if (2 <= len(rest) <= 3 and named_country(gazetteer, head.text) is not None
                        and all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in ORG_WORDS for t in rest)):
                    ents += [Span(doc, head.start, head.end, label="GPE"), Span(doc, rest.start, rest.end, label="PERSON")]
                    changed = True
                    break
            else:
                ents.append(ent)
        else:
            ents.append(ent)
    if changed:
        doc.ents = ents
