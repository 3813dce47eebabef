"""The country of an organisation, where the text says it.

A person's country comes from the title and apposition around the name
(:func:`dashboard.nlp.roles.role_and_country`: "US President Joe Biden"). An organisation's comes, in
this order, from:

1. **its name**: a country's name or nationality word inside it ("Qatar Airways", "Air China",
   "Bank of Japan", "Russian Defence Ministry"; a state body named so is
   :func:`dashboard.nlp.actors.state_body`'s, with the country in its id);
2. **the words around it**: a nationality or country modifier or possessive in its noun phrase
   ("Irish low-cost airline Ryanair", "US carmaker General Motors", "Japan's Toyota"), an "of"
   phrase after it ("the Ministry of Foreign Affairs of Kazakhstan"), or its title and apposition
   read as a person's are ("Volkswagen, the German carmaker,").

An ISO code that is a word of the name is no country ("BA", "GM": see
:func:`dashboard.nlp.tokens.bare_country_code`); nor is a continent ("European"). The actor
dictionary's country, when the user gives one, wins over all of these at build time.
"""

from __future__ import annotations

from dashboard.nlp.context import ArticleContext
from dashboard.nlp.roles import role_and_country
from dashboard.nlp.tokens import bare_country_code, ent_text


def country_in_name(ctx: ArticleContext, name: str) -> str | None:
    """Alpha-3 code of the country a word run of organisation name ``name`` names ("Qatar
    Airways", "Bank of Japan", "Russian Defence Ministry"), else None. Runs of up to three words
    are tried from the longest ("United States Senate" before "States")."""
    words = name.split()
    for k in (3, 2, 1):
        for i in range(len(words) - k + 1):
            run = " ".join(words[i:i + k])
            if run.lower() in ("the", "of") or bare_country_code(run) or (len(run) <= 3 and not run.isupper()):
                continue
            ref = ctx.gazetteer.country(run)
            if ref is not None:
                return ref.alpha3
    return None


def country_around(ctx: ArticleContext, start: int, end: int) -> str | None:
    """Alpha-3 code of a country named by the words around the name at tokens ``start:end``: a
    nationality or country modifier or possessive in its noun phrase ("Irish low-cost airline
    Ryanair", "Japan's Toyota"), or an "of" phrase right after it ("the Ministry of Foreign
    Affairs of Kazakhstan"); else None."""
    doc = ctx.doc
    root = doc[start:end].root
    for t in doc[root.left_edge.i:start]:
        if t.ent_type_ in ("NORP", "GPE") and not bare_country_code(t.text):
            ref = ctx.gazetteer.country(ent_text(t, ctx.ents))
            if ref is not None:
                return ref.alpha3
    after = end + 1 + (end + 1 < len(doc) and doc[end + 1].lower_ == "the")
    if end < len(doc) and doc[end].lower_ == "of" and after < len(doc) and doc[after].ent_type_ == "GPE":
        ref = ctx.gazetteer.country(ent_text(doc[after], ctx.ents))
        if ref is not None and not bare_country_code(ent_text(doc[after], ctx.ents)):
            return ref.alpha3
    return None


def organisation_country(ctx: ArticleContext, start: int, end: int, name: str) -> str | None:
    """Alpha-3 code of the country of the organisation named ``name`` at tokens ``start:end``, as
    the module docstring orders the evidence, or None."""
    found = country_in_name(ctx, name) or country_around(ctx, start, end)
    if found is None and start in ctx.sent_of:
        found = role_and_country(ctx, start, end)[1]
    return found
