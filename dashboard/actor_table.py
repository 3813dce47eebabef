"""The ``actors`` table of a batch and of a store: sightings aggregated, stored tables merged.

:func:`aggregate_actors` turns the actor sightings of one batch (from :mod:`dashboard.nlp`) into rows;
:func:`merge_actors` merges the actor tables of a store and a new batch. Merging the actors that are
one person across the whole store is :mod:`dashboard.canonical`'s work, after these.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import polars as pl

from dashboard.records import ActorObservation
from dashboard.schema import TABLES


def aggregate_actors(observations: Counter | list[ActorObservation]) -> tuple[pl.DataFrame, dict[str, str]]:
    """Aggregate actor sightings into the ``actors`` table.

    ``observations`` are sightings, or a Counter of distinct sightings (as tuples of
    :class:`~dashboard.nlp.ActorObservation` fields) in order of first appearance: both give the same table.
    Name, country and role are the most frequent non-null values over all sightings; aliases are
    all surface forms. A full name sighted both as a person and as an organisation is one actor,
    of the kind of most of its sightings. A person known only by a surname (``person:biden``) is merged into the one
    full-name person with that surname, if exactly one exists in the batch.

    Returns
    -------
    (actors, remap)
        The table and the mapping of merged actor ids (old -> new).
    """
    if not isinstance(observations, Counter):
        observations = Counter(astuple(o) for o in observations)
    by_id: dict[str, list[tuple[ActorObservation, int]]] = defaultdict(list)
    for fields, n in observations.items():
        o = ActorObservation(*fields)
        by_id[o.actor_id].append((o, n))
    surnames = defaultdict(set)
    for aid, obs in by_id.items():
        name = obs[0][0].name
        if obs[0][0].kind == "person" and len(name.split()) > 1:
            surnames[name.split()[-1].lower()].add(aid)
    remap = {}
    persons = {aid.removeprefix("person:") for aid in by_id if aid.startswith("person:")}
    for aid in list(by_id):
        # The small model sometimes tags a person's full name as ORG, and a company named after
        # people as PERSON ("Northrop Grumman"): one actor, of the kind most of its sightings have.
        if aid.startswith("org:") and aid.removeprefix("org:") in persons and len(by_id[aid][0][0].name.split()) > 1:
            person = "person:" + aid.removeprefix("org:")
            seen = {a: sum(n for _, n in by_id[a]) for a in (aid, person)}
            source, target, kind = (aid, person, "person") if seen[person] >= seen[aid] else (person, aid, "organization")
            remap[source] = target
            moved = [(ActorObservation(target, o.name, kind, None, None, o.alias), n) for o, n in by_id.pop(source)]
            by_id[target].extend(moved)
    for aid, obs in list(by_id.items()):
        name = obs[0][0].name
        if obs[0][0].kind == "person" and len(name.split()) == 1:
            full = surnames.get(name.lower(), set()) & set(by_id)
            if len(full) == 1:
                target = next(iter(full))
                remap[aid] = target
                by_id[target].extend(by_id.pop(aid))
    rows = []
    for aid, obs in by_id.items():
        def common(attr):
            c = Counter()
            for o, n in obs:
                if getattr(o, attr):
                    c[getattr(o, attr)] += n
            return c.most_common(1)[0][0] if c else None

        names = Counter()
        for o, n in obs:
            names[o.name] += n
        kind = obs[0][0].kind
        name = max(names, key=lambda n: (names[n], len(n))) if kind != "person" else max(names, key=len)
        aliases = sorted({o.alias for o, _ in obs if o.alias and o.alias != name})
        rows.append({"actor_id": aid, "name": name, "kind": kind, "country": common("country"),
                     "role": common("role"), "party": common("party"), "aliases": aliases})
    rows.sort(key=lambda r: r["actor_id"])
    return TABLES["actors"].frame(rows), remap



def merge_actors(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Merge actor tables (earlier frames win): per ``actor_id`` the first non-null name, kind, country
    and role, and the union of all aliases (without the name)."""
    merged: dict[str, dict] = {}
    for frame in frames:
        if frame is None:
            continue
        for r in frame.iter_rows(named=True):
            cur = merged.get(r["actor_id"])
            if cur is None:
                merged[r["actor_id"]] = {**r, "aliases": set(r["aliases"] or [])}
                continue
            for key in ("name", "kind", "country", "role"):
                if cur[key] is None and r[key] is not None:
                    cur[key] = r[key]
            cur["aliases"] |= set(r["aliases"] or [])
            if r["name"] and r["name"] != cur["name"]:
                cur["aliases"].add(r["name"])
    rows = [{**r, "aliases": sorted(r["aliases"] - {r["name"]})} for r in merged.values()]
    rows.sort(key=lambda r: r["actor_id"])
    return TABLES["actors"].frame(rows)
