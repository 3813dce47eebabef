"""Small helpers over spaCy tokens and spans shared by the extraction steps."""

from __future__ import annotations

import re
import unicodedata

import numpy

from dashboard.data_regions import EXTRA_COUNTRY_ALIASES
from dashboard.nlp.lexicon import LOCATIVE_PREPOSITIONS, QUANTITY_NOUNS


def slug(text: str) -> str:
    """Lower-case ASCII slug of ``text`` (accents folded, other characters -> ``-``)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def named_country(gazetteer, text: str):
    """The country ``text`` names by a name or a short form news use ("Ukraine", "US", "UAE"), not
    by a two- or three-letter code that is also a word or a title ("DM", "Mr"); else None."""
    return gazetteer.country(text) if len(text) > 3 or text in EXTRA_COUNTRY_ALIASES else None


def entity_country_code(gazetteer, ent) -> str | None:
    """ISO alpha-2 code of the country a GPE, LOC or NORP entity ``ent`` points to: the country it
    names (or whose people a NORP names), else, for a GPE or LOC, the country of its first
    gazetteer candidate; None when neither gives one or for another label."""
    if ent.label_ not in ("GPE", "LOC", "NORP"):
        return None
    ref = gazetteer.country(ent.text)
    if ref is not None:
        return ref.alpha2
    if ent.label_ != "NORP":
        cands = gazetteer.candidates(ent.text)
        if cands and cands[0].country_code:
            return cands[0].country_code
    return None


def bare_country_code(text: str) -> bool:
    """True for capitals of at most three letters ("BA", "GM", "PAN") that name a country only as
    its ISO code, not as a short form news use for it (:data:`EXTRA_COUNTRY_ALIASES`: "US", "UK",
    "UAE", "DRC")."""
    letters = text.replace(".", "")
    return (letters.isalpha() and letters.isupper() and len(letters) <= 3
            and text not in EXTRA_COUNTRY_ALIASES and letters not in EXTRA_COUNTRY_ALIASES)


def follows_locative(ent) -> bool:
    """True when the entity follows a locative preposition ("near Kramatorsk")."""
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ in LOCATIVE_PREPOSITIONS


def counted(token):
    """The counted noun of a quantity ("scores of refugees" -> refugees), else the token."""
    while token.like_num or token.lemma_.lower() in QUANTITY_NOUNS:
        counted = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]
        if not counted:
            break
        token = counted[0]
    return token


def ent_text(token, ents=None) -> str:
    """Text of the entity a token belongs to (or the token itself). ``ents``: the doc's entities
    when the caller has them already (``ArticleContext.ents``; ``doc.ents`` makes a span per
    entity at each read), else they are read from the doc."""
    for ent in token.doc.ents if ents is None else ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text


def first_conjunct(token):
    """The first of the conjuncts ``token`` belongs to ("Moscow" in "Moscow and Kyiv")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def tokens_of_pos(doc, *pos: str):
    """The tokens of ``doc`` whose coarse part of speech (``token.pos_``) is one of ``pos``
    ("VERB", "PRON", ...), in order; the others are skipped without making a token object each."""
    from spacy.symbols import IDS

    if not len(doc) or not pos:
        return
    tags = doc.to_array("POS")
    wanted = tags == IDS[pos[0]]  # one comparison per part of speech: cheaper than numpy.isin's sort
    for p in pos[1:]:
        wanted |= tags == IDS[p]
    for i in numpy.flatnonzero(wanted).tolist():
        yield doc[i]


def tokens_where_lower(doc, keep) -> list[int]:
    """Indices of the tokens of ``doc`` whose lower-case form (``token.lower_``) passes ``keep``
    (a function of that string), in order; each distinct form is tested once and no token object is
    made for the others."""
    if not len(doc):
        return []
    lower = doc.to_array("LOWER")
    strings = doc.vocab.strings
    wanted = [h for h in numpy.unique(lower).tolist() if keep(strings[h])]
    return numpy.flatnonzero(numpy.isin(lower, numpy.array(wanted, dtype=numpy.uint64))).tolist() if wanted else []


def token_at(doc, char: int):
    """Token covering character offset ``char`` (or the nearest one after it)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span[0]
    for t in doc:
        if t.idx >= char:
            return t
    return doc[-1]


def clean_span(doc, ent):
    """Token offsets of entity ``ent`` without a leading "the" and trailing possessives,
    "of"/"the" and punctuation."""
    start, end = ent.start, ent.end
    while end > start and (doc[end - 1].text in ("'s", "’s", "'", "’", "of", "the")
                           or doc[end - 1].is_punct):
        end -= 1
    while start < end and (doc[start].lower_ in ("the",) or doc[start].is_punct):
        start += 1
    return start, end


def written_lower(ctx, token) -> bool:
    """True when ``token`` is written in lower case in the article's own text (``ctx``: the
    :class:`~dashboard.nlp.context.ArticleContext`; the parsed text may
    have been re-cased: :func:`dashboard.nlp.model.parse_text` lowers headline-cased lines, and it
    keeps character offsets)."""
    written = ctx.article.text[token.idx:token.idx + len(token)]
    return written.islower() if written else token.is_lower
