"""A country's office title without a name linked to the one person of the article who holds it.

"Ukrainian President Volodymyr Zelensky visited Kharkiv. The Ukrainian Head of State said …": the
office title ("the Ukrainian Head of State", "the Russian Head of Government", "the French Foreign
Minister") is a country's name or nationality word and office title words with no person's name
after it (:func:`~dashboard.nlp.roles.office_country`); it is no organisation
(:func:`~dashboard.nlp.roles.office_reference`) but the office's holder. When exactly one person of
the article is known to hold that office of that country — a role (as
:func:`~dashboard.nlp.roles.role_and_country` reads it) of the same office (:func:`office_kind`:
the head of state is a president, king, queen, emir …; the head of government a prime minister,
premier, chancellor …; the foreign minister a minister of foreign affairs, foreign secretary …;
any other title only the same title) and that country — the title is a ``ROLE`` entity row of that
person, and its head token takes the person's actor (``tok_actor``), so the quotations and events
whose argument it is are that person's. With no such person, or with several (two people the
article calls Russia's prime minister), the title stays without an actor: never a guess.
"""

from __future__ import annotations

from dashboard.nlp.context import ArticleContext, Mention
from dashboard.nlp.coref import OTHER_OFFICE, ROLE_LABEL
from dashboard.nlp.lexicon import ROLE_MODIFIERS, ROLE_WORDS
from dashboard.nlp.name_glue import title_word
from dashboard.nlp.roles import OFFICE_OBJECTS, office_country
from dashboard.nlp.tokens import named_country

#: Titles of one office, by the office: a title or role of these words names that office.
OFFICE_TITLES: dict[str, frozenset[str]] = {
    "head of state": frozenset({
        "head of state", "head of the state", "president", "king", "queen", "emir", "amir", "sultan", "monarch",
        "grand duke", "supreme leader"}),
    "head of government": frozenset({
        "head of government", "head of the government", "prime minister", "premier", "chancellor",
        "federal chancellor", "taoiseach"}),
    "foreign minister": frozenset({
        "foreign minister", "foreign affairs minister", "minister of foreign affairs", "minister for foreign affairs",
        "foreign secretary", "secretary for foreign affairs", "minister of foreign affairs and international trade",
        "minister of external affairs", "external affairs minister"}),
    "defence minister": frozenset({
        "defence minister", "defense minister", "minister of defence", "minister of defense", "minister for defence",
        "defence secretary", "defense secretary", "secretary of defense", "minister of national defence",
        "minister of national defense"}),
    "interior minister": frozenset({
        "interior minister", "minister of the interior", "minister of interior", "minister for the interior",
        "minister of internal affairs", "internal affairs minister", "home secretary"}),
}
#: The office each title names (:data:`OFFICE_TITLES` turned round).
TITLE_OFFICE: dict[str, str] = {title: office for office, titles in OFFICE_TITLES.items() for title in titles}
#: Words of a title that the office's other titles do not write ("the Head of State", "Prime Minister.").
FILLER = frozenset({"the", "."})


def office_kind(title: str | None) -> str | None:
    """The office a title or role names: its entry of :data:`OFFICE_TITLES` ("Head of State",
    "President", "King" -> "head of state"; "Premier", "Prime Minister" -> "head of government"),
    else the title's own words in lower case ("Agriculture Minister" -> "agriculture minister");
    None when it has no title word or names another office of the same noun ("Vice President",
    "former Prime Minister": see :data:`~dashboard.nlp.coref.OTHER_OFFICE`).

    Parameters
    ----------
    title : str or None
        The words of a title ("the Head of Government") or a person's role ("Prime Minister").

    Returns
    -------
    str or None
    """
    words = [w.strip(".,").lower() for w in (title or "").split()]
    words = [w for w in words if w and w not in FILLER]
    if not words or words[0] in OTHER_OFFICE or not any(w in ROLE_WORDS for w in words):
        return None
    text = " ".join(words)
    return TITLE_OFFICE.get(text, text)


def office_title(ctx: ArticleContext, start: int, end: int) -> tuple[str, str] | None:
    """The country (ISO alpha-3) and office (:func:`office_kind`) that tokens ``start``..``end``
    name, when they are a country's name or nationality word and office title words only ("the
    Ukrainian Head of State" -> ("UKR", "head of state"), "the French Foreign Minister" -> ("FRA",
    "foreign minister")); None for a place that is no country ("the Kursk Governor") or other words.

    Parameters
    ----------
    ctx : ArticleContext
    start, end : int
        Token indices of the phrase.

    Returns
    -------
    tuple of (str, str), or None
    """
    country = office_country(ctx, start, end)
    if country is None:
        return None
    toks = [t for t in ctx.doc[start:end] if t.lower_ != "the"]
    split = next((n for n, t in enumerate(toks) if title_word(t.text) or t.lower_ in ROLE_MODIFIERS), None)
    if not split:
        return None
    ref = named_country(ctx.gazetteer, ctx.doc[toks[0].i:toks[split - 1].i + 1].text)
    office = office_kind(" ".join(t.text for t in toks[split:]))
    if ref is None or ref.alpha3 != country or office is None:
        return None
    return country, office


def office_holder(ctx: ArticleContext, country: str, office: str) -> str | None:
    """The actor id of the one person of the article known to hold ``office`` of ``country``: a
    sighting's role names that office (:func:`office_kind`) and the person's country (of any
    sighting) is that one; None when no person or more than one does.

    Parameters
    ----------
    ctx : ArticleContext
        Read after the people are (``ctx.out.actors``).
    country : str
        ISO alpha-3 code.
    office : str
        An office as :func:`office_kind` gives it.

    Returns
    -------
    str or None
    """
    offices: dict[str, set[str]] = {}
    countries: dict[str, set[str]] = {}
    for o in ctx.out.actors:
        if o.kind != "person":
            continue
        if o.role and (kind := office_kind(o.role)):
            offices.setdefault(o.actor_id, set()).add(kind)
        if o.country:
            countries.setdefault(o.actor_id, set()).add(o.country)
    holders = [aid for aid, kinds in offices.items() if office in kinds and country in countries.get(aid, ())]
    return holders[0] if len(holders) == 1 else None


def title_goes_on(doc, end: int) -> bool:
    """Whether the words at token ``end`` carry on the title before them: a name ("Ukrainian
    President Volodymyr Zelensky"), a proper noun the model did not tag as one ("German Chancellor
    Scholz"), the title's "of" and capitalised words ("the Russian Minister of Defense": another
    office than "the Russian Minister"; not "informed the Greek Prime Minister of our decision"), or
    a possessive of another person's title ("US President's National Security Advisor")."""
    if end >= len(doc):
        return False
    t = doc[end]
    if t.ent_type_ == "PERSON" or (t.pos_ == "PROPN" and t.text[:1].isupper()):
        return True
    after = doc[end + 1] if end + 1 < len(doc) else None
    if t.lower_ == "of" and after is not None:  # "of Defense", "of the Economy"; not "informed X of our decision"
        word = doc[end + 2] if after.lower_ == "the" and end + 2 < len(doc) else after
        return word.text[:1].isupper()
    return t.lower_ in ("'s", "’s") and after is not None and (
        after.ent_type_ == "PERSON" or title_word(after.text) or after.lower_ in ROLE_MODIFIERS)


def office_phrases(ctx: ArticleContext):
    """The phrases of the doc that name a country's office and no name after it: ``(start, end,
    country, office)`` for each (see :func:`office_title`); a phrase opens with a country's name or
    nationality word of one to three capitalised words (after "the") and runs over title words,
    their modifiers and "of" the polity ("the Russian Head of Government"), and nothing carries on
    the title after it (:func:`title_goes_on`)."""
    doc = ctx.doc
    i = 0
    while i < len(doc):
        if not (doc[i].text[:1].isupper() and any(title_word(t.text) for t in doc[i + 1:i + 5])):
            i += 1  # no country's name here, or no title after it
            continue
        place_end = next((i + k for k in (3, 2, 1) if i + k <= len(doc)
                          and all(t.is_alpha and t.text[:1].isupper() and not title_word(t.text) for t in doc[i:i + k])
                          and named_country(ctx.gazetteer, doc[i:i + k].text) is not None), None)
        if place_end is None:
            i += 1
            continue
        end = place_end
        while end < len(doc) and (title_word(doc[end].text) or doc[end].lower_ in ROLE_MODIFIERS | OFFICE_OBJECTS
                                  or doc[end].lower_ in ("of", "the")):
            end += 1
        start = i - 1 if i > 0 and doc[i - 1].lower_ == "the" else i
        found = None
        while end > place_end and found is None:
            found = office_title(ctx, start, end) if doc[end - 1].lower_ not in ("of", "the") else None
            end -= found is None
        if found is not None and not title_goes_on(doc, end):
            yield start, end, *found
        i = max(end, i + 1)


def link_office_holders(ctx: ArticleContext) -> None:
    """Office titles without a name as ``ROLE`` rows of the one person known to hold the office
    (see the module docstring); reads the people's sightings, ``mentions`` and ``tok_actor`` and
    adds to ``mentions`` and ``tok_actor``. A title whose words already stand for an actor (a
    linked apposition, a role phrase) is left as it is."""
    taken = {(m.start, m.end) for m in ctx.mentions}
    for start, end, country, office in office_phrases(ctx):
        head = ctx.doc[start:end].root
        if (start, end) in taken or any(ctx.tok_actor.get(t.i, "").startswith(("person:", "org:", "igo:"))
                                        for t in ctx.doc[start:end]):
            continue
        holder = office_holder(ctx, country, office)
        if holder is None:
            continue
        ctx.tok_actor[head.i] = holder
        named = [idx for idx, aid in ctx.person_at if aid == holder]
        before = [idx for idx in named if idx < start]
        evidence = ctx.sent_of.get(before[-1] if before else named[0]) if named else None
        ctx.mentions.append(Mention(start, end, ctx.doc[start:end].text, ROLE_LABEL, holder, antecedent_sent=evidence))
