"""One actor per person across the whole store: canonical names and the merging of spelling variants.

Extraction names actors article by article (``person:volodymyr-zelenskyy``, ``person:zelensky``,
``org:wagner-group``…). :func:`canonicalise` runs over the whole store at the end of every build and
merges the actors that are one:

* **spelling variants of a full name** — the same :func:`~dashboard.name_keys.variant_key`: accents folded (Erdoğan /
  Erdogan), honorifics dropped (Mr, Dr, Sir …), ``y``/``i`` and doubled letters made one
  (Zelenskyy / Zelenskiy / Zelensky), one sound romanised two ways (zh / j, kh / h: Kassym-Zhomart /
  Kassym-Jomart; :func:`dashboard.name_forms.romanisation_key`), possessives and stray brackets removed, and the first name
  compared by its group of forms (:mod:`dashboard.name_forms`: Vladimir / Volodymyr, Joe / Joseph),
  a patronymic left out (Valerii Fedorovych Zaluzhnyi / Valerii Zaluzhnyi, Heydar oglu Aliyev);
* **a partial name**: a bare surname (a one-word person, "Biden", "Lvova-Belova") or initials and a
  surname ("J. Biden") joins the full-name person it fits when exactly one compatible one exists in the
  store, or when one clearly dominates and the role fits ("President Biden" is Joseph, not Jill); else
  it stays apart; a shorter full name joins the one longer name it is the end of, or that it is with
  fewer spaces ("Tayyip Erdogan", "NguyenPhu Trong" of "Recep Tayyip Erdoğan", "Nguyen Phu Trong")
  (:mod:`dashboard.partial_names`; within an article, extraction already joins a surname
  to the full name named there; this is the corpus-level fall-back);
* **organisations** whose names differ only by a generic word or a legal or trade designator
  (Wagner / the Wagner Group, Acme / Acme Inc., Ford / Ford Motor Company, China Eastern / China
  Eastern Airlines) or by dotted initials (U.S. Air Force / US Air Force):
  :func:`~dashboard.name_keys.organisation_key`;
* **an acronym** (a one-word organisation in capitals: GM, USAF, PAG) joins the organisation whose
  initials it is (General Motors; United States Air Force; Penske Automotive Group) when an article
  names both and, over the whole store, that acronym meets exactly one such organisation
  (:func:`acronym_evidence`, which needs the ``entities`` table);
* **a bare state body** ("Air Force", "Senate") joins the one organisation of the store named by a
  country and that body ("US Air Force", "United States Senate": extraction gives them the body's
  name as an alias) when there is exactly one (:func:`country_body_evidence`).

* **a body or title run into a person's full name** ("Armed Forces Valerii Zaluzhnyi", an organisation)
  is that person when the store names them on their own (:func:`dashboard.partial_names.named_persons`).

Actors of different kinds are otherwise never merged, nor two full names with different first names. The merged
actor keeps the id of its most-mentioned member (mentions counted in ``entities``); its name is the
most complete form (most words), then the most frequent, without honorifics; every other form becomes
an alias. The mapping is applied to ``entities.actor_id``, ``events.source_actor_id`` /
``target_actor_id`` and ``quotes.speaker_actor_id``. Merging is repeated until nothing more merges
(a merged actor is new evidence), so canonicalising a canonical store changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import polars as pl

# the name keys live in dashboard.name_keys; imported here for the modules that use them from here
from dashboard.name_keys import (FEMALE_HONORIFICS, HONORIFICS, INITIALS_SKIP, LEGAL_FORMS,  # noqa: F401
                                 MALE_HONORIFICS, ORG_GENERIC, PATRONYMIC, acronym, clean_name, drop_remark, fold,
                                 honorific_gender, initials, organisation_key, variant_key, written_words)
from dashboard.partial_names import named_persons, outnumbered_longer_names, partial_targets, role_words
from dashboard.schema import TABLES

#: Actor-id columns of the tables, remapped when actors merge.
ACTOR_COLUMNS = {"entities": ["actor_id"], "events": ["source_actor_id", "target_actor_id"],
                 "quotes": ["speaker_actor_id"]}


def _genders(row: dict) -> set[str]:
    return {g for g in map(honorific_gender, [row["name"], *(row["aliases"] or [])]) if g}


class _UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def acronym_evidence(actors: pl.DataFrame, entities: pl.DataFrame | None, root) -> dict[str, set[str]]:
    """Acronym actor id -> the roots (``root(actor_id)``) of the organisations of the same kind whose
    initials it is (:func:`initials`) and that an article names beside it."""
    if entities is None or not entities.height:
        return {}
    info = {r["actor_id"]: (r["kind"], r["name"] or "") for r in actors.iter_rows(named=True)
            if r["kind"] in ("organization", "igo")}
    acronyms = {aid: a for aid, (_, name) in info.items() if (a := acronym(name))}
    if not acronyms:
        return {}
    inits = {aid: initials(name) for aid, (_, name) in info.items() if aid not in acronyms}
    per_article = (entities.drop_nulls("actor_id").filter(pl.col("actor_id").is_in(list(info)))
                   .group_by("article_id").agg(pl.col("actor_id").unique()))
    out: dict[str, set[str]] = defaultdict(set)
    for ids in per_article["actor_id"]:
        for aid in ids:
            if aid not in acronyms:
                continue
            for other in ids:
                if other in inits and info[other][0] == info[aid][0] and acronyms[aid] in inits[other]:
                    out[aid].add(root(other))
    return out


def country_body_evidence(actors: pl.DataFrame, root) -> dict[str, set[str]]:
    """Organisation without a country -> the roots of the organisations with a country one of whose
    aliases is its name ("Air Force" -> the "US Air Force", whose extraction recorded the alias
    "Air Force": :func:`dashboard.nlp.actors.state_body`)."""
    qualified: dict[str, set[str]] = defaultdict(set)
    bare: dict[str, str] = {}
    for r in actors.iter_rows(named=True):
        if r["kind"] != "organization":
            continue
        if r["country"]:
            for alias in r["aliases"] or []:
                if organisation_key(alias):
                    qualified[organisation_key(alias)].add(r["actor_id"])
        elif organisation_key(r["name"] or ""):
            bare[r["actor_id"]] = organisation_key(r["name"])
    return {aid: {root(q) for q in qualified[key]} for aid, key in bare.items() if key in qualified}


def merge_groups(actors: pl.DataFrame, entities: pl.DataFrame | None = None) -> list[set[str]]:
    """Groups (of two or more actor ids) that are one actor, by the rules of the module docstring.

    ``actors`` has the ``actors`` table's columns (``actor_id``, ``name``, ``kind``, ``aliases`` …);
    ``entities`` (``article_id``, ``actor_id``), when given, is the evidence for acronyms.
    """
    uf = _UnionFind()
    full: dict[str, list[str]] = defaultdict(list)      # variant key of a full name -> ids
    bare: dict[str, list[str]] = defaultdict(list)      # key of a one-word person -> ids
    orgs: dict[tuple[str, str], list[str]] = defaultdict(list)
    genders: dict[str, set[str]] = {}
    for row in actors.iter_rows(named=True):
        genders[row["actor_id"]] = _genders(row)
        aid, kind, name = row["actor_id"], row["kind"], row["name"] or ""
        if kind == "person":
            key = variant_key(name)
            (full if len(key.split()) > 1 else bare)[key].append(aid)
        elif kind in ("organization", "igo", "group") and organisation_key(name):
            orgs[(kind, organisation_key(name))].append(aid)
    for ids in [*full.values(), *orgs.values()]:
        for other in ids[1:]:
            uf.union(other, ids[0])
    for aid, roots in acronym_evidence(actors, entities, uf.find).items():
        if len(roots) == 1:
            uf.union(aid, next(iter(roots)))
    for aid, roots in country_body_evidence(actors, uf.find).items():
        if len(roots) == 1:
            uf.union(aid, next(iter(roots)))
    roles = {r["actor_id"] for r in actors.iter_rows(named=True) if r["kind"] == "person" and r["role"]}
    person_keys = {key: next(i for i in ids if i in roles) for key, ids in full.items()
                   if len(key.split()) > 1 and set(ids) & roles}
    named = named_persons([r for r in actors.iter_rows(named=True) if r["kind"] in ("organization", "group")],
                          person_keys)
    for aid, pid in named.items():
        uf.union(aid, pid)
    apart: set[str] = set()
    for key, ids in bare.items():
        if len({g for aid in ids for g in genders[aid]}) > 1:  # "Ms X" and "Mr X" are two people: leave them all apart
            apart.update(ids)
            continue
        for other in ids[1:]:
            uf.union(other, ids[0])
    people, mentions = _people(actors, uf, genders, _mentions(entities))
    for rid, target in partial_targets(people, mentions).items():
        if rid not in apart:
            uf.union(rid, target)
    groups: dict[str, set[str]] = defaultdict(set)
    for aid in actors["actor_id"]:
        groups[uf.find(aid)].add(aid)
    return [g for g in groups.values() if len(g) > 1]


def _people(actors: pl.DataFrame, uf: _UnionFind, genders: dict[str, set[str]],
            mentions: Counter) -> tuple[dict[str, dict], Counter]:
    """Per root of the person groups found so far: the folded name words, countries, most-mentioned
    role, role words and genders that :func:`dashboard.partial_names.partial_targets` compares; and the
    mentions per root."""
    people: dict[str, dict] = {}
    roles: dict[str, Counter] = defaultdict(Counter)
    per_root: Counter = Counter()
    for row in actors.iter_rows(named=True):
        if row["kind"] != "person":
            continue
        aid = row["actor_id"]
        root = uf.find(aid)
        n = mentions.get(aid, 0)
        per_root[root] += n
        p = people.setdefault(root, {"words": variant_key(row["name"] or "").split(), "countries": set(), "role": None,
                                     "written": len(clean_name(row["name"] or "").split()), "roles": set(),
                                     "genders": set(), "tokens": written_words(row["name"] or "")})
        if row["country"]:
            p["countries"].add(row["country"])
        if row["role"]:
            roles[root][row["role"]] += max(n, 1)
            p["roles"] |= role_words(row["role"])
        p["genders"] |= genders.get(aid, set())
    for root, c in roles.items():
        people[root]["role"] = c.most_common(1)[0][0]
    return people, per_root


def _natural_id(actor_id: str, name: str) -> str:
    """``<prefix>:<slug of name>`` with the prefix of ``actor_id`` (``person``, ``org`` …)."""
    return f"{actor_id.split(':', 1)[0]}:{fold(name).replace(' ', '-')}"


def _mentions(entities: pl.DataFrame) -> Counter:
    if entities is None or not entities.height:
        return Counter()
    counts = entities.drop_nulls("actor_id").group_by("actor_id").len()
    return Counter(dict(counts.iter_rows()))


def _merged_row(rows: list[dict], mentions: Counter) -> dict:
    """One actor row from the rows of a group (ordered most-mentioned first)."""
    names = Counter()
    for r in rows:
        if r["kind"] == rows[0]["kind"]:  # a body's name glued to a person's is no name of theirs
            names[clean_name(r["name"])] += max(mentions.get(r["actor_id"], 0), 1)
    # the most complete name: most words, a first name written out ("Ivan Petrenko", not "I. Petrenko"), most mentions;
    # not a longer form mentioned less than its shorter forms ("Transport Sergei Ivanov": a word of the text run in)
    outnumbered = outnumbered_longer_names(names) if rows[0]["kind"] == "person" else set()
    name = max(names, key=lambda n: (n not in outnumbered, len(n.split()), not re.match(r"^(?:\w\.\s*)+\S", n),
                                     names[n], len(n)))
    out = dict(rows[0], name=name)
    for col in ("country", "role", "party"):
        out[col] = next((r[col] for r in rows if r[col]), None)
    aliases = {drop_remark(a) for r in rows if r["kind"] == rows[0]["kind"]
               for a in [*(r["aliases"] or []), r["name"]]} | set(names)
    out["aliases"] = sorted(a for a in aliases if a and a != name)
    return out


#: At most this many merging passes (:func:`canonicalise`); each pass that changes nothing ends it.
MAX_PASSES = 10


def canonicalise(tables: dict[str, pl.DataFrame]) -> tuple[dict[str, pl.DataFrame], dict[str, str]]:
    """Merge the actors of a whole store that are one (see the module docstring), to a fixed point.

    A merged actor is new evidence: it carries the country, aliases and name of all its members, so
    it can meet an actor none of them met alone (a bare "Defence" and the alias "Defence" of a
    "Defence Ministry" that joins the Russian one, a country's body, in the same pass). The passes
    of :func:`merge_pass` are repeated until one changes nothing, so canonicalising the result again
    changes nothing either (a second build of the same store keeps its ids).

    Parameters
    ----------
    tables
        Table name -> frame; uses ``actors`` and ``entities`` and rewrites the actor ids of
        ``entities``, ``events`` and ``quotes`` (missing tables are left out).

    Returns
    -------
    (tables, remap)
        The tables with merged actors (same schemas) and the mapping old actor id -> kept actor id
        (chains of passes resolved: every old id maps to its final id).
    """
    total: dict[str, str] = {}
    for _ in range(MAX_PASSES):
        tables, remap = merge_pass(tables)
        if not remap:
            break
        total = {old: remap.get(new, new) for old, new in total.items()}
        total.update({old: new for old, new in remap.items() if old not in total})
        total = {old: new for old, new in total.items() if old != new}
    return tables, total


def merge_pass(tables: dict[str, pl.DataFrame]) -> tuple[dict[str, pl.DataFrame], dict[str, str]]:
    """One pass of :func:`canonicalise`: the groups of :func:`merge_groups` merged, names cleaned.

    Returns
    -------
    (tables, remap)
        The tables with merged actors and the mapping old actor id -> kept actor id of this pass.
    """
    actors = tables.get("actors")
    if actors is None or not actors.height:
        return tables, {}
    mentions = _mentions(tables.get("entities"))
    by_id = {r["actor_id"]: r for r in actors.iter_rows(named=True)}
    remap: dict[str, str] = {}
    merged: dict[str, dict] = {}
    for group in merge_groups(actors, tables.get("entities")):
        rows = sorted((by_id[a] for a in group), key=lambda r: (  # a person before a body glued to their name
            r["kind"] != "person", -mentions.get(r["actor_id"], 0), -len(r["name"] or ""), r["actor_id"]))
        row = _merged_row(rows, mentions)
        natural = _natural_id(rows[0]["actor_id"], row["name"])
        keep = natural if natural in group else rows[0]["actor_id"]
        merged[keep] = dict(row, actor_id=keep)
        remap.update({r["actor_id"]: keep for r in rows if r["actor_id"] != keep})
    rows = []
    taken: set[str] = set()
    for aid, r in by_id.items():
        if aid in remap:
            continue
        row = merged.get(aid) or dict(r, name=clean_name(r["name"]) or r["name"])
        if row["name"] != r["name"] and r["name"]:
            row["aliases"] = sorted((set(row["aliases"] or []) | {drop_remark(r["name"])}) - {row["name"], ""})
            natural = _natural_id(aid, row["name"])
            if aid not in merged and natural not in by_id and natural not in taken:  # mr-x -> x
                taken.add(natural)
                remap[aid] = natural
                row["actor_id"] = natural
        rows.append(row)
    rows.sort(key=lambda r: r["actor_id"])
    out = dict(tables, actors=TABLES["actors"].frame(rows))
    if remap:
        for name, cols in ACTOR_COLUMNS.items():
            if name in out and out[name] is not None:
                out[name] = out[name].with_columns(pl.col(c).replace(remap) for c in cols)
    return out, remap
