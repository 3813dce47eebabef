"""A person named in part (a bare surname, initials) joins the full name; a body glued to a name is the person.

Across a store one person is often named by a full name ("Joseph Biden"), a bare surname where an
article names no more ("Biden") and an initial ("J. Biden"). :func:`partial_targets` says which
full-name person each such partial name stands for, by the evidence of the whole store:

* **compatible** full names: the same surname (compared by :func:`dashboard.canonical.variant_key`;
  a hyphenated surname is one: "Lvova-Belova" of "Maria Lvova-Belova"), initials that open the first
  names ("J." fits "Joseph", not "Jill"), no other known country, no other gendered honorific (Ms / Mr);
* the partial name joins the one compatible full name when there is exactly one;
* when there are several (a bare "Biden" beside "Joseph Biden" and "Jill Biden"), it joins the
  **clearly dominant** one (at least :data:`DOMINANCE` times the mentions of all the others together)
  only if the role fits: the partial name carries a role that shares a title word with the dominant
  person's role and with none of the others' ("President Biden" is Joseph, not Jill); a shorter form
  of the dominant name ("Tayyip Erdogan" beside "Recep Tayyip Erdogan") counts as no other person.
  Otherwise the names stay apart (truly ambiguous).

A full name that is a **shorter form** of a longer full name joins it when that is the only one of the
store it fits and nothing says they are two people (:func:`compatible`): the longer name's last
written words ("Tayyip Erdogan" of "Recep Tayyip Erdoğan": a first name left out) or its words run
together ("NguyenPhu Trong" of "Nguyen Phu Trong"), never the words after a patronymic particle
("Hamad Al Thani" of "Tamim bin Hamad Al Thani" names the father) nor after a joining word ("Order
of Bohdan Khmelnytsky") (:func:`longer_forms`). A partial name's candidates are then counted by the
longer name they join. The merged person is named by a longer form only when it is mentioned at least
as often as its shorter forms (:func:`outnumbered_longer_names`: "Transport Sergei Ivanov", a word of
the text run into the name, joins Sergei Ivanov and names nothing).

:func:`named_persons` says which organisations are a body or title run into a person's full name.
"""

from __future__ import annotations

import re
from collections import Counter

from dashboard.name_forms import ROLE_WORDS
from dashboard.name_keys import clean_name, variant_key, written_words

#: A dominant full name has at least this many times the mentions of the other compatible ones together.
DOMINANCE = 4
#: Words after which a name goes on with a parent's name ("Tamim bin Hamad Al Thani"): the words
#: after them are no shorter form of the person.
PARENT_PARTICLES = frozenset({"bin", "ibn", "bint", "ben", "ould", "ap", "oglu", "ogly", "kyzy", "uulu"})
#: Words that join a name to another inside a longer name ("Order of Bohdan Khmelnytsky"): no form of it.
JOINING_WORDS = frozenset({"of", "the", "for", "and", "on", "in", "at", "to"})


def is_initial(word: str) -> bool:
    """True for a folded initial: one letter ("j" of "J. Biden")."""
    return len(word) == 1 and word.isalpha()


def partial_kind(words: list[str], written: int) -> str | None:
    """How a person's name is partial, from its folded words (:func:`~dashboard.canonical.variant_key`,
    hyphenated parts apart) and its number of ``written`` words: ``"surname"`` (one written word,
    "Biden", "Lvova-Belova"), ``"initials"`` (every folded word but the last an initial: "j biden",
    "v v putin"), else None (a full name)."""
    if written == 1:
        return "surname"
    if len(words) > 1 and all(is_initial(w) for w in words[:-1]):
        return "initials"
    return None


def fits(partial: dict, full: dict) -> bool:
    """True when the partial name ``partial`` can name the person of the full name ``full`` (both
    ``{"words": folded words, "written": number of written words}``): a surname that ends the full
    name ("Biden" of "Joseph Biden", "Lvova-Belova" of "Maria Lvova-Belova"), or initials that open
    the full name's first names in order before the same surname ("J. Biden" of "Joseph Biden", not
    of "Jill Biden")."""
    words, target = partial["words"], full["words"]
    if len(target) < 2 or partial_kind(target, full["written"]) is not None or not words:
        return False
    kind = partial_kind(words, partial["written"])
    if kind == "surname":
        return len(words) < len(target) and target[-len(words):] == words
    if kind == "initials":
        firsts = target[:-1]
        return (target[-1] == words[-1] and len(words) - 1 <= len(firsts)
                and all(f.startswith(i) for i, f in zip(words[:-1], firsts)))
    return False


def role_words(role: str | None) -> set[str]:
    """The title words of a role ("President of France" -> {"president"})."""
    return {w for w in re.findall(r"[a-z]+", (role or "").lower()) if w in ROLE_WORDS}


def choose(candidates: list[str], info: dict[str, dict], mentions: Counter, role: str | None) -> str | None:
    """The full-name root among ``candidates`` a partial name with ``role`` joins (see the module
    docstring), else None. ``info`` maps a root to its ``countries``, ``roles`` (set of role words) and
    ``genders``; ``mentions`` counts the mentions of each root."""
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda c: (-mentions[c], c))
    top = ranked[0]
    # a shorter form of the top name is no other person ("Tayyip Erdogan" of "Recep Tayyip Erdogan")
    rest = [c for c in ranked[1:] if info[top]["words"][-len(info[c]["words"]):] != info[c]["words"]]
    if mentions[top] < DOMINANCE * max(1, sum(mentions[c] for c in rest)):
        return None
    words = role_words(role)
    if not words or not words & info[top]["roles"] or any(words & info[c]["roles"] for c in rest):
        return None
    return top


def partial_targets(people: dict[str, dict], mentions: Counter) -> dict[str, str]:
    """Partial name -> the full-name person it joins.

    Parameters
    ----------
    people
        Root id -> ``{"words": folded name words, "written": number of written words, "tokens": the
        written words folded (:func:`~dashboard.name_keys.written_words`), "countries": set of alpha-3
        codes, "role": role or None, "roles": set of role words of the whole group, "genders": set of
        "f"/"m"}``, one entry per person group (full names and partial names alike).
    mentions
        Mentions per root id.

    Returns
    -------
    dict
        Root id of a partial name (a bare surname or initials) or of a shorter full name
        (:func:`longer_forms`) -> root id of the full name it joins (never a partial name itself).
    """
    longer = longer_forms(people)
    joined = Counter(mentions)
    for rid, target in longer.items():
        joined[target] += mentions[rid]
    by_surname: dict[str, list[str]] = {}
    for rid, p in people.items():
        if p["words"] and partial_kind(p["words"], p["written"]) is None:
            by_surname.setdefault(p["words"][-1], []).append(rid)
    out: dict[str, str] = dict(longer)
    for rid, p in people.items():
        if not p["words"] or partial_kind(p["words"], p["written"]) is None:
            continue
        fitting = [c for c in by_surname.get(p["words"][-1], []) if fits(p, people[c]) and compatible(p, people[c])]
        candidates = sorted({longer.get(c, c) for c in fitting if compatible(p, people[longer.get(c, c)])})
        target = choose(candidates, people, joined, p.get("role"))
        if target is not None:
            out[rid] = target
    return out


def shorter_form(short: list[str], full: list[str]) -> bool:
    """True when the written words ``short`` (two or more, folded) are a shorter form of the longer
    name ``full``: its last words (:func:`tail_of`), or the same letters with fewer spaces. No
    initials."""
    if not 2 <= len(short) < len(full) or any(is_initial(w) for w in short + full[:1]):
        return False
    return tail_of(short, full) or "".join(short) == "".join(full)


def tail_of(short: list[str], full: list[str]) -> bool:
    """True when the folded words ``short`` end the longer name ``full`` after name words only: not
    after a parent's particle (:data:`PARENT_PARTICLES`), nor after a word that joins a name to
    another ("Order of Bohdan Khmelnytsky" is no form of Bohdan Khmelnytsky)."""
    extra = full[:len(full) - len(short)]
    return (2 <= len(short) < len(full) and full[len(extra):] == short and extra[-1] not in PARENT_PARTICLES
            and not set(extra) & JOINING_WORDS)


def outnumbered_longer_names(names: Counter) -> set[str]:
    """Names of one merged person (name -> mentions) that are a longer form of others (their last words
    after words of the text: "Transport Sergei Ivanov" of "Sergei Ivanov") and mentioned less than those
    together: such a longer form is usually a word of the text run into the name, so the merged actor is
    not named by it. A longer form mentioned at least as often keeps its precedence ("Recep Tayyip
    Erdoğan" over "Tayyip Erdogan")."""
    words = {n: written_words(n) for n in names}
    out = set()
    for n, w in words.items():
        shorter = sum(names[m] for m, v in words.items() if m != n and tail_of(v, w))
        if shorter > names[n]:
            out.add(n)
    return out


def longer_forms(people: dict[str, dict]) -> dict[str, str]:
    """Full name -> the one longer full name of ``people`` (see :func:`partial_targets`; each with
    ``tokens``, its written words folded) it is a shorter form of (:func:`shorter_form`), a chain
    followed to its longest name ("Tayyip Erdogan" -> "Recep Tayyip Erdogan"); a name that fits two
    or more such names, or one known to be another person (:func:`compatible`), is left out."""
    full = {rid: p for rid, p in people.items()
            if len(p.get("tokens") or ()) > 1 and partial_kind(p["words"], p["written"]) is None}
    by_end: dict[str, list[str]] = {}
    for rid, p in full.items():  # both forms end in the same letters
        by_end.setdefault("".join(p["tokens"])[-3:], []).append(rid)
    out: dict[str, str] = {}
    for rid in sorted(full, key=lambda r: (-len(full[r]["tokens"]), r)):  # the longest first: chains resolved
        p = full[rid]
        fitting = [c for c in by_end["".join(p["tokens"])[-3:]]
                   if c != rid and shorter_form(p["tokens"], full[c]["tokens"]) and compatible(p, full[c])]
        targets = {out.get(c, c) for c in fitting}
        if len(targets) == 1 and compatible(p, people[target := next(iter(targets))]):
            out[rid] = target
    return out


def compatible(partial: dict, full: dict) -> bool:
    """True unless the two are known to be different people: known countries that differ, or
    gendered honorifics of both sexes."""
    if partial["countries"] and full["countries"] and not partial["countries"] & full["countries"]:
        return False
    return not (partial["genders"] and full["genders"] and partial["genders"] != full["genders"])


def named_persons(rows: list[dict], person_keys: dict[str, str]) -> dict[str, str]:
    """Organisation actor id -> the person actor id its name ends with: a body or title run into a
    person's full name ("Armed Forces Valerii Zaluzhnyi", "Verkhovna Rada Ruslan Stefanchuk") is that
    person, when the store names that person on their own with a role (``person_keys``: a place or a
    thing the model took for a person, "Freedom Square", has none). Not when the name before the person ends in
    "of", "the" or "for" ("Order of Bohdan Khmelnytsky" is an award named after a person).

    Parameters
    ----------
    rows
        Actor rows (``actor_id``, ``name``, ``kind``) of organisations and groups.
    person_keys
        Variant key (:func:`~dashboard.canonical.variant_key`) of the full name (two or more words) of
        a person with a role -> that person's actor id.
    """
    out: dict[str, str] = {}
    for r in rows:
        words = clean_name(r["name"] or "").split()
        for k in (3, 2):
            if len(words) <= k or words[-k - 1].lower() in ("of", "the", "for", "and", "&"):
                continue
            pid = person_keys.get(variant_key(" ".join(words[-k:])))
            if pid is not None:
                out[r["actor_id"]] = pid
                break
    return out
