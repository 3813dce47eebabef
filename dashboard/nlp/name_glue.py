"""Names glued to their neighbours: titles and bodies run into a person's name, transcript glue.

The small English model often runs the words before a name into it and tags the whole as an
organisation ("[Federal Chancellor Olaf Scholz]ORG", "[Presidents Volodymyr Zelenskyy]ORG",
"Chairman of the [Verkhovna Rada Ruslan Stefanchuk]ORG"), and scraped transcripts glue a speaker's
name to the text around it ("Emmanuel Macron Macron EmmanuelPresident of France: …", "Vladimir Putin
Fine, do this"). :func:`split_titled_names` repairs the entities before extraction;
:func:`glue_end` says where a person's name ends inside its entity.
"""

from __future__ import annotations

import re

from dashboard.canonical import PATRONYMIC
from dashboard.nlp.lexicon import (COMPANY_NAME_WORDS, GROUP_NAME_WORDS, LEGAL_FORMS, ORG_WORDS, ROLE_MODIFIERS,
                                   ROLE_WORDS, STATE_BODY_WORDS)

#: Replies that open a speaker's answer in a transcript ("Vladimir Putin: Fine, …" with the colon
#: lost): after a name of two or more words and before a comma or a full stop they are no name.
REPLY_WORDS = frozenset({"fine", "good", "yes", "no", "thank", "thanks", "okay", "ok", "agreed", "indeed", "certainly",
                         "excellent", "sure", "please", "absolutely", "exactly", "correct", "wonderful", "hello",
                         "welcome", "alright", "right", "well", "colleagues", "friends"})
#: Prefixes of surnames written with an inner capital ("McFaul", "MacArthur", "DeVos", "FitzGerald").
INNER_CAPITAL_PREFIXES = ("mc", "mac", "fitz", "de", "di", "da", "du", "la", "le", "van", "von", "o")
#: A word run into the next without a space: a lower-case letter then a capitalised word ("EmmanuelPresident").
GLUED = re.compile(r"^(?P<head>[A-Z][\w'’-]*?[a-z])(?P<tail>[A-Z][a-z]+)")


def title_word(word: str) -> bool:
    """True for a title ("President", "Chancellor", "Dr."), in the plural too ("Presidents", "Ministers")."""
    low = word.lower().rstrip(".")
    return low in ROLE_WORDS or (low.endswith("s") and low[:-1] in ROLE_WORDS)


def singular_title(word: str) -> bool:
    """True for a title in the singular ("President", "Chancellor", "Dr.")."""
    return word.lower().rstrip(".") in ROLE_WORDS


def glued_head(word: str) -> str | None:
    """The first part of a word run into the next ("Emmanuel" of "EmmanuelPresident",
    "Kassym-Jomart" of "Kassym-JomartPresident"); None for an ordinary word or a surname with an
    inner capital ("McFaul", "DeSantis")."""
    m = GLUED.match(word)
    if m is None or m.group("head").lower() in INNER_CAPITAL_PREFIXES:
        return None
    return m.group("head")


def transcript_glue(doc, start: int, i: int) -> bool:
    """True when token ``i`` of a name starting at token ``start`` is a word run into the next by a
    scraped transcript (:func:`glued_head`): what follows is a title ("DmitryDeputy",
    "MariaPresidential") or what precedes repeats a word of the name or the word before it
    ("Sergei Sobyanin SergeiMoscow"). A surname with an inner capital ("DesRosier") or two names
    run together ("NguyenPhu") are no glue."""
    head = glued_head(doc[i].text)
    if head is None:
        return False
    tail = doc[i].text[len(head):]
    before = {t.text for t in doc[max(0, start - 1):i]}
    return title_word(tail) or tail.lower() in ROLE_MODIFIERS or head in before


def cut_bracket(name: str) -> str:
    """``name`` up to a bracket glued to a word ("Lubomir Rehak(Slovak" -> "Lubomir Rehak")."""
    return re.sub(r"(?<=\w)[(\[].*$", "", name)


def leading_glue(ctx, first, name: str) -> bool:
    """True when the first word of a person's ``name`` of three or more words (its token ``first``) is
    a word of the text run into the name: the rest is a person the article names on its own, and the
    article writes that word in lower case elsewhere ("Greeting Zuzana Čaputová in Kyiv, …" beside
    "Zuzana Čaputová" and "a greeting"; "Transport Sergei Ivanov" at the end of a list of duties).
    ``ctx`` is the :class:`~dashboard.nlp.context.ArticleContext`."""
    words = name.split()
    if len(words) < 3 or first.text != words[0]:
        return False
    if ctx._person_texts is None:
        ctx._person_texts = {e.text for e in ctx.ents if e.label_ == "PERSON" and len(e) > 1}
        ctx._lower_words = set(re.findall(r"\b[a-z]+\b", ctx.article.text))
    return " ".join(words[1:]) in ctx._person_texts and words[0].lower() in ctx._lower_words


def glue_end(doc, start: int, end: int) -> int:
    """Where the person's name in tokens ``start``..``end`` ends, transcript glue cut off:

    * a token run into the next word (:func:`transcript_glue`: "Emmanuel Macron Macron
      EmmanuelPresident", "Kozak Kozak DmitryDeputy") ends the name before it, when it is not the
      name's first token;
    * a bracket glued to a word ends the name inside that token ("Lubomir Rehak(Slovak Republic), …":
      the name's text is cut there by :func:`cut_bracket`);
    * a reply word (:data:`REPLY_WORDS`) closing a name of two or more words before a comma or a
      full stop ("Vladimir Putin Fine, do this") is left out.
    """
    for i in range(start, end):
        if i > start and transcript_glue(doc, start, i):
            end = i
            break
        if re.search(r"\w[(\[]", doc[i].text):
            end = i + 1  # "Lubomir Rehak(Slovak Republic)": the name ends at the bracket (see :func:`cut_bracket`)
            break
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if end - start >= 3 and doc[end - 1].lower_ in REPLY_WORDS and doc[end - 2].lower_ != "the" \
            and end < len(doc) and doc[end].text in (",", ".", "!"):
        end -= 1
    return end


#: Words that end a body's or a company's name, never a person's ("Obama Administration").
#: Words that end the name of an administrative division, a facility or a local office, never a
#: person's ("Madison County", "Detention Center", "County Coroner"): a name read back from the end
#: of an entity stops at them.
PLACE_AND_OFFICE_WORDS = frozenset({
    "county", "parish", "borough", "district", "province", "region", "oblast", "township", "city", "state",
    "center", "centre", "hospital", "clinic", "court", "courthouse", "jail", "prison", "school", "academy",
    "university", "college", "airport", "station", "office", "department", "bureau", "hall", "park", "church",
    "museum", "library", "stadium", "arena", "bridge", "square", "street", "avenue", "road",
    "coroner", "sheriff", "commissioner", "attorney", "treasurer", "clerk", "assessor", "auditor", "recorder"})
BODY_WORDS = ORG_WORDS | STATE_BODY_WORDS | COMPANY_NAME_WORDS | LEGAL_FORMS | GROUP_NAME_WORDS | PLACE_AND_OFFICE_WORDS


def name_tail(doc, start: int, end: int, known: set[str] = frozenset()) -> int | None:
    """Where a personal name of two (three when the article names a person by those three words, or
    the middle one is a patronymic) capitalised proper nouns closing tokens ``start``..``end`` begins
    (hyphenated parts are one word: "Lvova-Belova"), else None. ``known``: the article's person
    names (their last three words, lower case)."""
    bounds, i = [], end  # token index where the name of 1, 2, 3 words begins
    while i > start and len(bounds) < 3:
        t = doc[i - 1]
        if t.pos_ != "PROPN" or not re.fullmatch(r"[A-Z][\w'’]*[a-z][\w'’]*", t.text) or t.lower_ in BODY_WORDS \
                or title_word(t.text) or t.lower_ in ROLE_MODIFIERS:
            break
        i -= 1
        while i - 1 > start and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_ \
                and doc[i - 2].text[:1].isupper():
            i -= 2  # "Lvova-|Belova": one word
        bounds.append(i)
    if len(bounds) < 2:
        return None
    if len(bounds) == 3 and (doc[bounds[2]:end].text.lower() in known or PATRONYMIC.search(doc[bounds[1]].lower_)):
        return bounds[2]
    return bounds[1]


def role_word(token) -> bool:
    """True for a word of a title ("Federal", "Chancellor", "Presidents", "Deputy")."""
    return title_word(token.text) or token.lower_ in ROLE_MODIFIERS or token.lower_ == "federal"


def body_end(doc, start: int, tail: int) -> int | None:
    """Where the name of a body ends in the words ``start``..``tail`` before a person's name, the
    title words after it left to be read as the role ("[Federation Council] Speaker |", but "[Office
    of the President] |"); None when the words open with a title ("Adviser on Economic Affairs |",
    "Federal Chancellor |") or hold no capitalised word but titles: no body."""
    words = [t for t in doc[start:tail] if t.is_alpha and t.text[:1].isupper()]
    first = next((w for w in words if w.lower_ not in ROLE_MODIFIERS and w.lower_ != "federal"), None)
    if first is None or title_word(first.text):
        return None
    end = tail
    while end > start and (role_word(doc[end - 1]) or not doc[end - 1].is_alpha):
        end -= 1
    if end > start and doc[end - 1].lower_ in ("of", "the", "for", "on"):
        end = tail  # "Office of the President |": the title is the body's own
    return end


def split_titled_names(doc, gazetteer=None) -> None:
    """Split, in place, a person's name (:func:`name_tail`) out of an organisation-like entity (ORG,
    FAC, NORP) that it closes, when the text says it is a person:

    * a title stands right before the name ("[Federal Chancellor Olaf Scholz]ORG"), a plural title
      when another name follows ("[Presidents Volodymyr Zelenskyy]ORG and Joseph Biden"; not "Queens
      Park Rangers");
    * a body's name stands right before it and the article names a person with that surname
      ("Chairman of the [Verkhovna Rada Ruslan Stefanchuk]ORG" beside "Stefanchuk said");
    * the entity is only a name, coordinated after "and", and the article names another person of two
      or more words with that surname ("Volodymyr and [Olena Zelenskyy]ORG" beside "Volodymyr
      Zelenskyy"; not "Northrop Grumman", tagged a person elsewhere).

    No word of the name may be written in lower case elsewhere in the article ("Boeing Commercial
    Airplanes … commercial airplanes"). The name becomes a PERSON entity; the name of a body before it
    an ORG entity (:func:`body_end`; with the title when it is a place's whole name, :func:`_place_name`);
    other title words stay untagged and are read as the person's role."""
    from spacy.tokens import Span

    persons: dict[str, set[str]] = {}
    for e in doc.ents:
        if e.label_ == "PERSON":
            persons.setdefault(e[-1].text, set()).add(e.text)
    known = {e[-3:].text.lower() for e in doc.ents if e.label_ == "PERSON" and len(e) >= 3}
    lower = None
    ents, changed = [], False
    for ent in doc.ents:
        end = ent.end
        while end > ent.start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
            end -= 1  # "… Scholz's": the possessive is no part of the name
        tail = name_tail(doc, ent.start, end, known) if ent.label_ in ("ORG", "FAC", "NORP") else None
        if tail is None or (gazetteer is not None and gazetteer.country(ent.text) is not None):
            ents.append(ent)
            continue
        name, before = doc[tail:end].text, doc[tail - 1] if tail > 0 else None
        same_surname = persons.get(doc[end - 1].text, set())
        if before is None:
            evidence = False
        elif tail > ent.start and before.is_alpha and before.text[:1].isupper():
            # "[Federal Chancellor Olaf Scholz]", "[Verkhovna Rada Ruslan Stefanchuk]" beside "Stefanchuk said"
            evidence = singular_title(before.text) or bool(same_surname) or (
                title_word(before.text) and end < len(doc) and doc[end].lower_ in ("and", ","))  # "Presidents X and Y"
        else:
            # "Volodymyr and [Olena Zelenskyy]" beside "Volodymyr Zelenskyy"
            evidence = tail == ent.start and before.lower_ == "and" and any(
                len(p.split()) > 1 for p in same_surname - {name})
        if evidence:
            lower = lower if lower is not None else {t.text for t in doc if t.text.islower()}
            evidence = not any(t.text.lower() in lower for t in doc[tail:end])
        if not evidence:
            ents.append(ent)
            continue
        body = body_end(doc, ent.start, tail)
        if body is not None:
            # a place's office keeps its title ("[Sochi Mayor]"): the place is read inside it
            ends = tail if _place_name(doc[ent.start:body].text, gazetteer) else body
            ents.append(Span(doc, ent.start, ends, label="ORG"))
        ents.append(Span(doc, tail, end, label="PERSON"))
        changed = True
    if changed:
        doc.ents = ents


def _place_name(text: str, gazetteer) -> bool:
    """True when the words before a title and a name are the whole name of a place of the gazetteer
    ("[Sochi] Mayor Anatoly Pakhomov"): the office of that place ("Sochi Mayor") is kept as one
    entity, in which the toponym is read as in any organisation's name, not a body named "Sochi"."""
    if gazetteer is None:
        return False
    low = text.lower()
    return any(p.name.lower() == low for p in gazetteer.candidates(text)[:8])


def first_name_of(word: str, first_names: dict[str, dict[str, str]]) -> str | None:
    """The full name a one-word name ``word`` (lower-cased) stands for when it opens exactly one of
    the article's full names ("Boris" of "Boris Johnson"; none when the article also names a Boris
    Titov); the caller first tries it as a surname."""
    names = first_names.get(word, {})
    return next(iter(names.values())) if len(names) == 1 else None
