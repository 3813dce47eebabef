"""Organisational role coreference: "the company", "the ministry" linked to the organisation they stand for.

The organisational counterpart of :func:`dashboard.nlp.coref.link_roles`: a definite singular
organisational noun refers back to the most recent compatible organisation named earlier in the
article (in the nearest sentence that names one, its subject first). Compatibility by the noun's class:

* **company nouns** (:data:`COMPANY_NOUNS`: the company, the firm, the carmaker …): an
  ``organization`` whose name has no public-body word (:data:`PUBLIC_BODY_WORDS`: "Ministry of
  Defence", "Wagner Group", "NATO" are not companies);
* **"the group"**: any ``organization`` (never a country, an IGO or a generic group of people);
* **body nouns** (:data:`BODY_NOUNS`: the ministry, the agency, the commission …): an organisation
  or IGO whose name has that noun ("the ministry" is the "Ministry of Foreign Affairs", "the
  agency" the "International Atomic Energy Agency"; never a company).

The phrase is left unlinked when it is not an anaphor: plural, a title or apposition of a name
beside it ("the company Volkswagen", "Acme, the company that…"), restricted by a clause or an
"of" phrase ("the company that built the bridge", "the group of seven"), or modified by anything
but a nationality ("the parent company", "a rival firm" are other organisations; "the German
carmaker" may be the one named). A linked phrase becomes a ``ROLE`` entity row carrying the
organisation's actor id and, as evidence, the sentence of the antecedent mention
(``antecedent_sentence_id``).
"""

from __future__ import annotations

from dashboard.canonical import fold
from dashboard.nlp.context import ArticleContext, Mention
from dashboard.nlp.coref import ROLE_LABEL, phrase_country
from dashboard.nlp.tokens import tokens_of_pos

#: Nouns that stand for a company named before.
COMPANY_NOUNS = frozenset({"company", "firm", "corporation", "carmaker", "automaker", "manufacturer", "retailer",
                           "airline", "carrier", "conglomerate", "insurer", "lender", "chipmaker", "startup"})
#: Nouns that stand for a public body whose name has the noun.
BODY_NOUNS = frozenset({"ministry", "agency", "department", "commission", "committee", "council", "bank",
                        "court", "parliament", "union", "alliance", "organisation", "organization", "bureau",
                        "service", "party", "army", "assembly", "foundation", "university"})
#: "The group": any organisation or group.
GROUP_NOUNS = frozenset({"group"})
#: Words of an organisation's name that make it a public body (or an armed group), not a company.
PUBLIC_BODY_WORDS = BODY_NOUNS | {"government", "police", "forces", "force", "navy", "military", "office",
                                  "group", "pmc", "guard", "front", "movement", "battalion", "brigade",
                                  "institute", "network", "federation", "association", "senate", "congress",
                                  "house", "kremlin", "cabinet", "board", "authority", "fund"}
ORG_PREFIXES = ("org:", "igo:", "group:")


def link_organisations(ctx: ArticleContext) -> None:
    """Definite singular organisational nouns linked to the organisation they stand for.

    Reads the doc, ``mentions`` (the organisations named so far, with their actor ids) and the
    actor sightings (``out.actors``: kind and name); adds a ``ROLE`` mention with the
    antecedent's actor id and sentence and sets ``tok_actor`` of the noun, so events and
    quotations whose argument it is get that organisation (see the module docstring).
    """
    doc = ctx.doc
    for token in tokens_of_pos(doc, "NOUN"):
        lemma = token.lemma_.lower()
        if (token.tag_ != "NN" or token.i in ctx.tok_actor or token.ent_type_
                or lemma not in COMPANY_NOUNS | BODY_NOUNS | GROUP_NOUNS):
            continue
        det = [c for c in token.lefts if c.dep_ == "det"]
        if not det or det[0].lower_ != "the" or not anaphoric(ctx, token, det[0].i):
            continue
        antecedent = organisation_antecedent(ctx, token.i, lemma)
        if antecedent is None:
            continue
        start = det[0].i
        ctx.tok_actor[token.i] = antecedent.actor_id
        ctx.mentions.append(Mention(start, token.i + 1, doc[start:token.i + 1].text, ROLE_LABEL,
                                    antecedent.actor_id, antecedent_sent=ctx.sent_of.get(antecedent.start)))


def anaphoric(ctx: ArticleContext, token, det_index: int) -> bool:
    """Whether "the <noun>" can refer back: no modifier but a nationality between the article and
    the noun, no restricting clause or "of" phrase, not a title or apposition of a name beside it."""
    doc = ctx.doc
    for t in doc[det_index + 1:token.i]:
        if not (t.ent_type_ in ("NORP", "GPE") or ctx.tok_actor.get(t.i, "").startswith("country:")):
            return False
    if any(c.dep_ in ("relcl", "acl", "appos") for c in token.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        return False
    if token.dep_ == "appos" or (token.dep_ == "attr" and token.head.lemma_ == "be"):
        return False  # "Acme, the company…", "Acme is the company that…"
    nxt = token.i + 1
    while nxt < len(doc) and doc[nxt].text in (",", "'s", "’s"):
        nxt += 1
    return not (nxt < len(doc) and doc[nxt].ent_type_ in ("ORG", "PERSON") and doc[nxt].i == token.i + 1)


def compatible(lemma: str, kind: str, name: str) -> bool:
    """Whether an actor of ``kind`` named ``name`` can be "the <lemma>" (see the module docstring)."""
    words = set(fold(name).split())
    if lemma in GROUP_NOUNS:
        return kind == "organization"
    if lemma in COMPANY_NOUNS:
        return kind == "organization" and not words & PUBLIC_BODY_WORDS
    stem = lemma.replace("organization", "organisation")
    return kind in ("organization", "igo") and bool({lemma, stem, lemma + "s"} & words)


def organisation_antecedent(ctx: ArticleContext, before: int, lemma: str) -> Mention | None:
    """The antecedent of "the <lemma>" at token ``before``: in the nearest sentence (up to the
    phrase) that names an organisation compatible with it, the one that is a subject there ("China
    Eastern ordered jets from Airbus. The company said…"), else the last one named; None when no
    sentence does."""
    kinds: dict[str, tuple[str, list[str]]] = {}
    countries: dict[str, set[str]] = {}
    for o in ctx.out.actors:
        if o.actor_id.startswith(ORG_PREFIXES):
            kind, names = kinds.get(o.actor_id, (o.kind, []))
            kinds[o.actor_id] = (kind, names + [o.name, o.alias or ""])
            countries.setdefault(o.actor_id, set()).update({o.country} - {None})
    wanted = phrase_country(ctx, ctx.doc[before], [t for t in ctx.doc[before].lefts if t.dep_ in ("amod", "compound")])
    found: list[Mention] = []
    for m in sorted(ctx.mentions, key=lambda m: m.start, reverse=True):
        if m.start >= before or not m.actor_id or m.actor_id not in kinds or m.label == ROLE_LABEL:
            continue
        if found and ctx.sent_of.get(m.start) != ctx.sent_of.get(found[0].start):
            break
        kind, names = kinds[m.actor_id]
        if wanted and countries[m.actor_id] and wanted not in countries[m.actor_id]:
            continue  # "the US manufacturer" is not an Irish airline
        if any(compatible(lemma, kind, n) for n in names if n):
            found.append(m)
    subjects = [m for m in found if ctx.doc[m.start:m.end].root.dep_ in ("nsubj", "nsubjpass")]
    return (subjects or found or [None])[0]
