"""Source and target actors of an event trigger."""

from __future__ import annotations

from dashboard import cameo
from dashboard.nlp.actors import country_actor
from dashboard.nlp.context import ArticleContext
from dashboard.nlp.lexicon import TARGET_PREPS
from dashboard.nlp.referents import actors_of, place_country


#: verbs whose passive participle states the subject's own stance ("is opposed to", "is committed
#: to", "is determined to"): the subject is the source, not the target
ATTITUDES = {"oppose", "commit", "determine", "prepare", "resolve", "dedicate", "devote"}


def subjects(tok, depth=0):
    """Source and target tokens of a verb, inheriting the subject through conj/xcomp/relcl."""
    if depth > 4:
        return []
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    agent = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if subj:
        s = subj[0]
        if s.lower_ in ("which", "who", "that") and tok.dep_ == "relcl":
            return [tok.head]
        return [s]
    if agent:
        return agent
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        if tok.lemma_.lower() in ATTITUDES:  # "Israel is opposed to…": a stance its subject holds
            return [c for c in tok.children if c.dep_ == "nsubjpass"][:1]
        return []  # agentless passive: no source
    if tok.dep_ in ("conj", "xcomp", "acomp") and tok.head.pos_ in ("VERB", "AUX", "ADJ"):
        return subjects(tok.head, depth + 1)
    if (tok.dep_ == "advcl" and tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            and tok.head.pos_ in ("VERB", "AUX")):
        return subjects(tok.head, depth + 1)  # a purpose: "X began a strike to protest…", "X opened a bridge to allow…"
    if (tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.dep_ == "prep"
            and tok.head.head.pos_ in ("ADJ", "VERB", "AUX")):
        return subjects(tok.head.head, depth + 1)  # "X and Y are guilty of violating…", "X insisted on sending…"
    if tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.head.pos_ in ("VERB", "AUX"):
        reported = [c for c in tok.head.children if c.dep_ == "ccomp" and c.i < tok.i]
        if tok.head.lemma_.lower() in cameo.CUES and reported:
            # "troops shelled the city, the governor said, killing two": the participle goes
            # with the reported clause, not with the speaker
            return subjects(reported[-1], depth + 1)
        surface = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if surface:  # "While visiting X, the mayor was attacked by rebels": the mayor visits
            return surface[:1]
        return subjects(tok.head, depth + 1)  # "supporters blocked roads demanding…"
    if (tok.tag_ == "VBG" and tok.dep_ == "acl" and tok.head.dep_ == "dobj"
            and tok.head.head.pos_ in ("VERB", "AUX")):
        return subjects(tok.head.head, depth + 1)  # "the PKK issued a declaration demanding…"
    return []


def event_arguments(ctx: ArticleContext, tok, code: str = "") -> tuple[list[str], list[str], bool]:
    """(source actor ids, target actor ids, reciprocal) of a trigger token with CAMEO ``code``.

    Reads the parse and the actors of tokens (through :func:`~dashboard.nlp.referents.actors_of`,
    which may add group actors); a verb with no target of its own gets the
    :func:`fallback_targets`."""
    if tok.pos_ == "NOUN":
        sources, targets = noun_arguments(ctx, tok)
        reciprocal = False
    else:
        sources, targets, reciprocal = verb_arguments(ctx, tok)
        if not targets and not reciprocal:
            targets = fallback_targets(ctx, tok, code, sources)
    return list(dict.fromkeys(sources)), list(dict.fromkeys(targets)), reciprocal


def pobj_actors(ctx: ArticleContext, prep, any_noun: bool = False) -> list[str]:
    """Actors of the objects of preposition ``prep`` ("with *Russia*"), or of the preposition it
    leads into ("out *of* Mali")."""
    objects = [p for p in prep.children if p.dep_ == "pobj"]
    if not objects:
        objects = [g for p in prep.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
    return [a for p in objects for a in actors_of(ctx, p, any_noun=any_noun)]


#: possessives that make an object the subject's own ("withdrew *its* troops"): not a target
OWN_POSSESSIVES = {"its", "their", "his", "her", "our", "my", "own"}


def own_object(tok) -> bool:
    """True when ``tok`` (a direct object) belongs to the subject: "its forces", "their own troops"."""
    return any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in tok.children) or any(
        c.lower_ == "own" for c in tok.children)


def noun_arguments(ctx: ArticleContext, tok) -> tuple[list[str], list[str]]:
    """Sources and targets of an event noun: "talks *between A and B*", "sanctions *against* X",
    "*Russia's* invasion", else the subject of the verb it is the object of ("X issued an
    ultimatum *to* Y")."""
    sources: list[str] = []
    targets: list[str] = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            pob = [g for g in c.children if g.dep_ == "pobj"]
            ids = actors_of(ctx, pob[0]) if pob else []
            sources += ids[:1]
            targets += ids[1:]
        elif c.dep_ == "prep" and c.lower_ in ("with", "against", "on", "to"):
            targets += pobj_actors(ctx, c)
        elif c.dep_ in ("poss", "compound", "amod", "nmod"):
            sources += actors_of(ctx, c)
        elif c.dep_ == "acl":
            for g in c.children:
                if g.dep_ == "dobj":
                    targets += actors_of(ctx, g)
    if not targets:  # "a suspension of air links *with Serbia*": whom the suspended thing concerns
        targets += [a for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN" and p.i not in ctx.tok_actor
                    for a in object_modifier_targets(ctx, p, 1) if a not in sources]
    if not sources:
        head = tok.head
        verb = head.head if tok.dep_ == "pobj" and head.dep_ == "prep" else head if tok.dep_ == "dobj" else None
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            for s in subjects(verb):
                sources += actors_of(ctx, s)
            if tok.dep_ == "dobj" and not targets:  # "issued an ultimatum to Ecuador"
                for c in verb.children:
                    if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "against", "on", "with"):
                        targets += pobj_actors(ctx, c)
    return sources, targets


#: prepositions through which an object noun names who it belongs to or concerns
OBJECT_PREPS = TARGET_PREPS + ("of", "by")


def object_modifier_targets(ctx: ArticleContext, obj, depth: int = 0) -> list[str]:
    """Actors that an object noun is owned by or concerns, when they are not things themselves:
    its prepositional modifiers (:data:`OBJECT_PREPS`: "the withdrawal *of Serbian forces*",
    "calls *by Kofi Annan*", "mediation *between* X and Y"), through a thing they name ("a
    suspension of air links *with Serbia*", "demands *from UNITA*", two levels down), and a named
    owner or body before it ("*Serbia's* crackdown", "a *Security Council* resolution")."""
    out = [ctx.tok_actor[g.i] for g in obj.children  # the object's own owner, not a nested thing's
           if g.dep_ in ("poss", "compound") and g.i in ctx.tok_actor and obj.pos_ == "NOUN" and depth == 0]
    for g in obj.children:
        if g.dep_ == "prep" and g.lower_ in OBJECT_PREPS + ("between",):
            # a thing's own modifiers count on the object only ("the reserves *of the IMF*" does,
            # "an expansion of *the IMF's* reserves" does not make the IMF a target)
            found = [a for a in pobj_actors(ctx, g, any_noun=depth == 0) if not a.startswith("object:")]
            if not found and depth < 2:
                found = [a for p in g.children if p.dep_ == "pobj" and p.pos_ == "NOUN"
                         for a in object_modifier_targets(ctx, p, depth + 1)]
            out += found
    return out


def verb_arguments(ctx: ArticleContext, tok) -> tuple[list[str], list[str], bool]:
    """Sources, targets and reciprocity of a verb or adjective trigger: its subjects (any noun
    with a nationality counts: "Swiss doctors"), passive subject, objects (or their
    prepositional objects), "each other", else its prepositional objects ("X clear to Y")."""
    sources: list[str] = []
    targets: list[str] = []
    reciprocal = False
    for s in subjects(tok):
        sources += actors_of(ctx, s, any_noun=True)  # "a Saudi businessman", "Swiss doctors"
    for c in tok.children:
        if c.dep_ == "nsubjpass" and tok.lemma_.lower() not in ATTITUDES:
            targets += actors_of(ctx, c, any_noun=True)
        elif c.dep_ in ("dobj", "dative"):
            if c.lower_ in ("other", "another") and any(g.lower_ in ("each", "one") for g in c.children):
                reciprocal = True
                continue
            ids = [] if own_object(c) else actors_of(ctx, c, any_noun=True)
            if not ids or all(a.startswith("object:") for a in ids):
                # the object is a thing: whose it is or whom it concerns is the target ("shelled
                # positions *of* the security forces", "rejected calls *by* Annan", "lifted a
                # blockade *on* Palestinian lorries"), else the thing itself
                ids = [a for a in object_modifier_targets(ctx, c) if a not in sources] or ids
            targets += ids
    if not targets and not reciprocal:
        # what is moved "out of" a place ("pulled its forces out of X") leaves X
        preps = TARGET_PREPS + (("out", "of") if any(c.dep_ == "dobj" for c in tok.children) else ())
        for c in tok.children:
            if c.dep_ in ("prep", "dative", "prt") and c.lower_ in preps:
                ids = pobj_actors(ctx, c, any_noun=True)  # "granted asylum to Panamanian officers"
                if not ids:  # "conceded to demands *from UNITA*", "reneged on a pledge *to the voters*"
                    ids = [a for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"
                           for a in object_modifier_targets(ctx, p, 1)]
                targets += [a for a in ids if a not in sources]
            elif c.dep_ == "ccomp":  # "X clear to Y": ccomp head carries the prep
                for g in c.children:
                    if g.dep_ == "prep" and g.lower_ == "to":
                        targets += pobj_actors(ctx, g)
    return sources, targets, reciprocal


def prep_targets(ctx: ArticleContext, verb, preps=TARGET_PREPS, any_noun: bool = False) -> list[str]:
    """Actors of the prepositional objects of ``verb`` (and of its direct object) under
    ``preps`` (any noun with a nationality too when ``any_noun``)."""
    out: list[str] = []
    heads = [verb] + [c for c in verb.children if c.dep_ == "dobj"]
    for h in heads:
        for c in h.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                out += pobj_actors(ctx, c, any_noun)
    return out


def fallback_targets(ctx: ArticleContext, tok, code: str, sources: list[str]) -> list[str]:
    """Targets of a verb with none of its own, in order of preference:

    * a demand's reported subject ("demanded that the US cancel…");
    * when the verb has a source, the object or prepositional object of its complement verb
      ("Libya offered to hand over to Great Britain two suspects");
    * a country where the action takes place ("lifted a curfew in Montenegro");
    * the state of a seat of government it is aimed at or takes place in (:func:`capital_targets`).
    """
    if code.startswith("10"):
        for c in tok.children:
            if c.dep_ == "ccomp":
                subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
                ids = [a for a in (actors_of(ctx, subj[0]) if subj else []) if a not in sources]
                if ids:
                    return ids
    node = tok
    for _ in range(3 if sources else 0):  # offered -> to hand over -> to Great Britain
        comp = next((c for c in node.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
        if comp is None:
            break
        ids = [a for c in comp.children if c.dep_ in ("dobj", "dative") for a in actors_of(ctx, c)]
        ids = [a for a in ids + prep_targets(ctx, comp, any_noun=True) if a not in sources]
        if ids:
            return ids
        node = comp
    ids = [a for a in prep_targets(ctx, tok, ("in", "inside", "within")) if a.startswith("country:")
           and a not in sources]
    if ids[:1]:
        return ids[:1]
    # a statement made somewhere ("told reporters in Kharkiv") is not aimed at that place
    return capital_targets(ctx, tok, sources) or ([] if code.startswith("01") else place_targets(ctx, tok, sources))


#: prepositions that put an action in a place or aim it at one ("lifted a curfew *in* Algiers",
#: "sent troops *into* the Gaza Strip", "arrived *in* Kirkuk")
PLACE_PREPS = ("in", "into", "inside", "within", "at", "to", "throughout", "across")


def clause_heads(tok, depth: int = 3) -> list:
    """``tok``, its direct objects and, down a chain of ``depth`` complement verbs ("threatened to
    resume attacks in X", "agreed to set up a centre in X"), theirs: where a place the action is
    done in can hang."""
    heads, node = [], tok
    for _ in range(depth):
        heads += [node] + [c for c in node.children if c.dep_ == "dobj"]
        node = next((c for c in node.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
        if node is None:
            break
    return heads


def place_targets(ctx: ArticleContext, tok, sources: list[str]) -> list[str]:
    """The country of a place the action is done in or aimed at, when the verb has no other target:
    a place stands for its government ("lifted a state of emergency in West Darfur State" is
    aimed at Sudan, "threatened to resume attacks in Israel" at Israel). Reads the literal place
    mentions and their resolved places; the country actor is added to the context; none when it
    is the source's own (the place is then where the source acts at home)."""
    for head in clause_heads(tok):
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                ref = place_country(ctx, obj)
                if ref is not None and f"country:{ref.alpha3}" not in sources:
                    return [country_actor(ctx, ref, ref.name)]
    return []


def capital_targets(ctx: ArticleContext, tok, sources: list[str]) -> list[str]:
    """The state whose seat of government the action is aimed at or takes place in ("arrived in
    *Amman*", "blocked transport into *Abidjan*"): CAMEO codes a capital as its government. The
    country actor is added to the context; none when it is the source's own."""
    heads = [tok] + [c for c in tok.children if c.dep_ == "dobj"]
    for prep in (c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in ("in", "into", "to", "at")):
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            if obj.pos_ != "PROPN":
                continue
            ent = next((e for e in ctx.ents if e.start <= obj.i < e.end), None)  # the model may say ORG
            name = ent.text if ent is not None else obj.text
            ref = ctx.gazetteer.seat_of_government(name)
            if ref is not None and f"country:{ref.alpha3}" not in sources:
                return [country_actor(ctx, ref, name)]
    return []
