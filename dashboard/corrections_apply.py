"""Applying corrections (:mod:`dashboard.corrections`) to the loaded tables, and writing actor
merges and renames to the actor dictionary.

:func:`apply` works on a dict of Polars frames (the seven tables, possibly with only the columns of
the dashboard's memory plan and with Categorical ids) and returns the corrected frames plus every
correction whose target no longer exists. The kinds are applied in a fixed order, each kind in a
few vectorised steps whatever the number of corrections:

1. ``hide_article``: the article and its entities, place mentions, events and quotations go;
2. ``merge_actors``: the actor's id is rewritten to the one it was merged into (chains followed),
   its name and aliases join that actor's aliases, its row goes; an actor a build has merged since
   the correction was made is found by its name among the aliases (:func:`merged_at_build`);
3. ``set_actor``: name, kind, country or role of an actor (the latest correction of a field wins);
4. ``move_place``: place mentions to another place — the most specific scope wins (this mention,
   then the name in the article, then the name in the corpus), then the latest; the events of the
   moved mentions' sentences that were at the old place move with them;
5. ``reject_event`` and ``change_event`` (CAMEO code with its root, QuadClass and Goldstein weight;
   source, target; modality with ``negated``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dashboard.corrections import Correction

PER_ARTICLE = ("entities", "place_mentions", "events", "quotes")
ACTOR_ID_COLUMNS = {"entities": ("actor_id",), "events": ("source_actor_id", "target_actor_id"),
                    "quotes": ("speaker_actor_id",)}
SCOPE_RANK = {"mention": 0, "article": 1, "corpus": 2}


@dataclass
class Applied:
    """The corrected tables, the corrections applied, and those whose target no longer exists
    (each with the reason), to be shown to the user."""

    tables: dict[str, pl.DataFrame]
    applied: list[Correction] = field(default_factory=list)
    orphans: list[tuple[Correction, str]] = field(default_factory=list)
    #: Merged actor id -> the actor id it now is (for rows read later from the store).
    actor_remap: dict[str, str] = field(default_factory=dict)


def _with_strings(df: pl.DataFrame, cols, fn) -> pl.DataFrame:
    """``fn(df)`` with the Categorical columns among ``cols`` as String, cast back afterwards."""
    cats = {c: df.schema[c] for c in cols if c in df.columns and isinstance(df.schema[c], pl.Categorical)}
    out = fn(df.with_columns(pl.col(c).cast(pl.String) for c in cats) if cats else df)
    return out.with_columns(pl.col(c).cast(t) for c, t in cats.items()) if cats else out


def _ids(df: pl.DataFrame, col: str) -> set[str]:
    return set(df[col].cast(pl.String).drop_nulls().unique().to_list()) if col in df.columns else set()


def apply(tables: dict[str, pl.DataFrame], corrections: list[Correction]) -> Applied:
    """Apply ``corrections`` (active ones, in time order) to ``tables``.

    Parameters
    ----------
    tables
        The seven tables by name (``articles``, ``entities``, ``actors``, ``places``,
        ``place_mentions``, ``events``, ``quotes``); not modified.
    corrections
        From :meth:`dashboard.corrections.Loaded.active`.

    Returns
    -------
    Applied
        Corrected tables with the same columns and dtypes; corrections whose target is missing are
        in ``orphans`` with a reason, never dropped silently.
    """
    out = Applied(dict(tables))
    by_kind: dict[str, list[Correction]] = {}
    for c in corrections:
        by_kind.setdefault(c.kind, []).append(c)
    _hide(out, by_kind.get("hide_article", []))
    # an actor merged at build time (a correction written before) is the actor it is now
    named = by_kind.keys() & {"merge_actors", "set_actor", "change_event"}
    built = merged_at_build(out.tables["actors"]) if named else {}
    remap = out.actor_remap = _merge(out, by_kind.get("merge_actors", []), built)
    _set_actor(out, by_kind.get("set_actor", []), {**built, **remap})
    _move(out, by_kind.get("move_place", []))
    _events(out, by_kind.get("reject_event", []) + by_kind.get("change_event", []), {**built, **remap})
    return out


def _hide(out: Applied, rows: list[Correction]) -> None:
    if not rows:
        return
    known = _ids(out.tables["articles"], "article_id")
    hide = set()
    for c in rows:
        if c.target["article_id"] in known:
            hide.add(c.target["article_id"])
            out.applied.append(c)
        else:
            out.orphans.append((c, "the article is no longer in the data"))
    gone = pl.Series(sorted(hide), dtype=pl.String).implode()
    for name in ("articles", *PER_ARTICLE):
        df = out.tables[name]
        out.tables[name] = df.filter(~pl.col("article_id").cast(pl.String).is_in(gone))


def _resolve(remap: dict[str, str], actor_id: str | None) -> str | None:
    seen = set()
    while actor_id in remap and actor_id not in seen:
        seen.add(actor_id)
        actor_id = remap[actor_id]
    return actor_id


def merged_at_build(actors: pl.DataFrame) -> dict[str, str]:
    """Actor ids merged away at build time (:mod:`dashboard.canonical`) -> the actor they are now: the
    id each alias would have as an actor of its own (``person:putin`` for the alias "Putin" of
    ``person:vladimir-putin``), when no actor has it now and exactly one actor has that alias."""
    from dashboard.canonical import fold

    if "aliases" not in actors.columns or not actors.height:
        return {}
    known = _ids(actors, "actor_id")
    found: dict[str, set[str]] = {}
    for aid, aliases in actors.select(pl.col("actor_id").cast(pl.String), "aliases").iter_rows():
        for old in {f"{aid.split(':', 1)[0]}:{fold(a).replace(' ', '-')}" for a in aliases or []} - known:
            found.setdefault(old, set()).add(aid)
    return {old: next(iter(ids)) for old, ids in found.items() if len(ids) == 1}


def _merge(out: Applied, rows: list[Correction], built: dict[str, str]) -> dict[str, str]:
    """Apply the ``merge_actors`` corrections (``built``: :func:`merged_at_build`); returns merged id
    -> kept id."""
    if not rows:
        return {}
    actors = out.tables["actors"]
    known = _ids(actors, "actor_id")
    remap: dict[str, str] = {}
    for c in rows:
        src, into = c.target["actor_id"], _resolve(built, c.value["into"])
        if _resolve(remap, into) == src:
            out.orphans.append((c, "it would merge the actor into itself (an earlier merge went the other way)"))
        elif into not in known and _resolve(remap, into) not in known:
            out.orphans.append((c, f"the actor {into} to merge into is no longer in the data"))
        elif src not in known:  # merged by the actor dictionary at build time, or gone
            out.applied.append(c)
        else:
            remap[src] = into
            out.applied.append(c)
    if not remap:
        return remap
    full = {a: _resolve(remap, a) for a in remap}
    rows_by_id = {r["actor_id"]: r for r in actors.iter_rows(named=True)}
    for src, into in full.items():
        s, t = rows_by_id[src], rows_by_id[into]
        names = set(t["aliases"] or []) | set(s["aliases"] or []) | {s["name"]}
        t["aliases"] = sorted(n for n in names if n and n != t["name"])
        t["country"] = t["country"] or s["country"]
    kept = [r for a, r in rows_by_id.items() if a not in full]
    out.tables["actors"] = pl.DataFrame(kept, schema=actors.schema) if kept else actors.clear()
    for name, cols in ACTOR_ID_COLUMNS.items():
        out.tables[name] = _with_strings(out.tables[name], cols, lambda df: df.with_columns(
            pl.col(c).replace(full) for c in cols if c in df.columns))
    return full


def _set_actor(out: Applied, rows: list[Correction], remap: dict[str, str]) -> None:
    if not rows:
        return
    actors = out.tables["actors"]
    known = _ids(actors, "actor_id")
    changes: dict[str, dict[str, str]] = {}
    for c in rows:
        aid = _resolve(remap, c.target["actor_id"])
        if aid not in known:
            out.orphans.append((c, f"the actor {c.target['actor_id']} is no longer in the data"))
            continue
        changes.setdefault(c.value["field"], {})[aid] = c.value["new"] or None
        out.applied.append(c)
    exprs = [pl.col("actor_id").replace_strict(m, default=pl.col(f), return_dtype=actors.schema[f]).alias(f)
             for f, m in changes.items()]
    renamed = changes.get("name", {})
    if renamed:  # the old name stays findable as an alias
        old = dict(actors.filter(pl.col("actor_id").is_in(list(renamed))).select("actor_id", "name").iter_rows())
        add = {a: [old[a]] for a in renamed if old.get(a) and old[a] != renamed[a]}
        exprs.append(pl.when(pl.col("actor_id").is_in(list(add))).then(pl.concat_list(
            "aliases", pl.col("actor_id").replace_strict(add, default=[], return_dtype=pl.List(pl.String)))
            .list.unique().list.sort()).otherwise("aliases").alias("aliases"))
    out.tables["actors"] = actors.with_columns(exprs)


def manual_place_id(latitude: float, longitude: float) -> str:
    """The id of a place given by typed coordinates (``manual:47.0958,37.5413``)."""
    return f"manual:{float(latitude):.4f},{float(longitude):.4f}"


def _place_row(c: Correction) -> dict:
    v = c.value
    pid = v.get("place_id") or manual_place_id(v["latitude"], v["longitude"])
    return {"place_id": pid, "name": v.get("place_name") or c.target["text"], "feature_class": v.get("feature_class"),
            "feature_code": v.get("feature_code"), "country_code": v.get("country_code"), "admin1": v.get("admin1"),
            "latitude": v.get("latitude"), "longitude": v.get("longitude"), "population": v.get("population") or 0,
            "source": f"correction {c.id}"}


def _move(out: Applied, rows: list[Correction]) -> None:
    if not rows:
        return
    pm = out.tables["place_mentions"]
    cats = [c for c in ("article_id", "text", "place_id") if isinstance(pm.schema[c], pl.Categorical)]
    keyed = pm.with_columns(pl.col(cats).cast(pl.String)).with_row_index("_row").with_columns(
        pl.col("text").str.to_lowercase().alias("_name"))
    known = _ids(out.tables["places"], "place_id")
    wanted, new_places = [], {}
    for order, c in enumerate(rows):
        place = _place_row(c)
        if place["latitude"] is None and place["place_id"] not in known:
            out.orphans.append((c, f"the place {place['place_id']} is unknown and the correction has no coordinates"))
            continue
        t = c.target
        wanted.append({"_c": order, "_rank": SCOPE_RANK[c.value["scope"]], "_scope": c.value["scope"],
                       "article_id": t["article_id"], "start": t["start"], "end": t["end"],
                       "_name": str(t["text"]).lower(), "_new": place["place_id"]})
        new_places.setdefault(place["place_id"], place)
    if not wanted:
        return
    w = pl.DataFrame(wanted, schema={"_c": pl.Int64, "_rank": pl.Int64, "_scope": pl.String, "article_id": pl.String,
                                     "start": pm.schema["start"], "end": pm.schema["end"], "_name": pl.String,
                                     "_new": pl.String})
    # one join per scope: this mention (offsets, null for a dateline), the name in the article, in the corpus
    on = {"mention": ["article_id", "start", "end", "_name"], "article": ["article_id", "_name"], "corpus": ["_name"]}
    hits = pl.concat([keyed.select("_row", *keys).join(w.filter(pl.col("_scope") == scope), on=keys, how="inner",
                                                        nulls_equal=True).select("_row", "_c", "_rank", "_new")
                      for scope, keys in on.items()])
    found, tried = set(hits["_c"].unique().to_list()), set(w["_c"].to_list())
    for order, c in enumerate(rows):
        if order in tried - found:
            out.orphans.append((c, f"no mention '{c.target['text']}' ({c.value['scope']}) is left in the data"))
        elif order in found:
            out.applied.append(c)
    used = set(hits["_new"].unique().to_list())
    # most specific scope first, then the latest: keep the first row per mention
    new = hits.sort(["_rank", "_c"], descending=[False, True]).unique("_row", keep="first").select("_row", "_new")
    moved = keyed.join(new, on="_row", how="inner").filter(pl.col("place_id").ne_missing(pl.col("_new")))
    fixed = keyed.join(new, on="_row", how="left").with_columns(pl.coalesce("_new", "place_id").alias("place_id"))
    out.tables["place_mentions"] = fixed.select(pm.columns).cast(dict(pm.schema))
    places = out.tables["places"]
    add = [p for pid, p in new_places.items() if pid not in known and pid in used]
    if add:
        out.tables["places"] = pl.concat([places, pl.DataFrame(add, schema=places.schema)], how="vertical")
    if "sentence_id" in moved.columns and moved.height:  # events of those sentences at the old place move along
        ev = out.tables["events"]
        key = moved.select("article_id", "sentence_id", pl.col("place_id").alias("_old"), "_new").unique(
            ["article_id", "sentence_id", "_old"], keep="first")
        out.tables["events"] = _with_strings(ev, ("article_id", "place_id"), lambda df: df.join(
            key, left_on=["article_id", "sentence_id", "place_id"], right_on=["article_id", "sentence_id", "_old"],
            how="left", nulls_equal=False).with_columns(pl.coalesce("_new", "place_id").alias("place_id"))
            .select(ev.columns))


def _events(out: Applied, rows: list[Correction], remap: dict[str, str]) -> None:
    if not rows:
        return
    from dashboard import cameo

    ev = out.tables["events"]
    known = _ids(ev, "event_id")
    actors = _ids(out.tables["actors"], "actor_id")
    reject: set[str] = set()
    changes: dict[str, dict[str, str | None]] = {}
    for c in rows:
        eid = c.target["event_id"]
        if eid not in known:
            out.orphans.append((c, f"the event {eid} is no longer in the data"))
            continue
        if c.kind == "reject_event":
            reject.add(eid)
        else:
            f, new = c.value["field"], c.value["new"] or None
            if f in ("source_actor_id", "target_actor_id") and new is not None:
                new = _resolve(remap, new)
                if new not in actors:
                    out.orphans.append((c, f"the actor {c.value['new']} is no longer in the data"))
                    continue
            changes.setdefault(f, {})[eid] = new
        out.applied.append(c)
    exprs = []
    for f, m in changes.items():
        exprs.append(pl.col("event_id").replace_strict(m, default=pl.col(f), return_dtype=ev.schema[f]).alias(f))
        if f == "cameo_code":
            codes = {e: cameo.lookup(code) for e, code in m.items()}
            for col, attr in (("cameo_root", "root"), ("quad_class", "quad_class"), ("goldstein", "goldstein")):
                if col in ev.columns:
                    exprs.append(pl.col("event_id").replace_strict(
                        {e: getattr(code, attr) for e, code in codes.items()}, default=pl.col(col),
                        return_dtype=ev.schema[col]).alias(col))
        if f == "modality" and "negated" in ev.columns:
            exprs.append(pl.col("event_id").replace_strict(
                {e: v in ("negated", "denied") for e, v in m.items()}, default=pl.col("negated"),
                return_dtype=pl.Boolean).alias("negated"))
    ev = ev.with_columns(exprs) if exprs else ev
    if reject:
        ev = ev.filter(~pl.col("event_id").is_in(sorted(reject)))
    out.tables["events"] = ev


# ------------------------------------------------------------------------ the actor dictionary
def _entries(corrections: list[Correction], actors: pl.DataFrame) -> list[dict]:
    """Dictionary entries for the actors that corrections merged into or renamed."""
    aliases: dict[str, set[str]] = {}
    owners: dict[str, list[str]] = {}
    for c in corrections:
        if c.kind == "merge_actors":
            aid = c.value["into"]
            aliases.setdefault(aid, set()).update([c.target.get("name") or "", *(c.target.get("aliases") or [])])
        elif c.kind == "set_actor" and c.value["field"] == "name":
            aid = c.target["actor_id"]
            aliases.setdefault(aid, set()).add(c.target.get("name") or "")
        else:
            continue
        owners.setdefault(aid, []).append(c.id)
    rows = {r["actor_id"]: r for r in actors.filter(pl.col("actor_id").is_in(list(aliases))).iter_rows(named=True)}
    out = []
    for aid, names in aliases.items():
        r = rows.get(aid)
        if r is None or not r["name"]:
            continue
        entry = {"id": aid, "name": r["name"], "kind": r["kind"] or "group",
                 "aliases": sorted(n for n in names | set(r.get("aliases") or []) if n and n != r["name"]),
                 "corrections": owners[aid]}
        if r.get("country") and re.fullmatch(r"[A-Z]{3}", r["country"]):
            entry["country"] = r["country"]
        if r.get("role"):
            entry["role"] = r["role"]
        out.append(entry)
    return out


#: The line that opens the entries written by corrections, at the end of the dictionary file; what is
#: above it is the user's own text, kept byte for byte (comments included).
MANAGED_MARKER = "# --- written by the dashboard's corrections (rewritten on every correction; edit above this line) ---"


def sync_dictionary(path: Path | str, corrections: list[Correction], actors: pl.DataFrame) -> bool:
    """Write the actor merges and renames among ``corrections`` (the active ones) into the actor
    dictionary file ``path``, so that later builds use them.

    The entries written by corrections carry a ``corrections:`` list of correction ids and sit at the
    end of the file's ``actors:`` list, below :data:`MANAGED_MARKER`; they are rewritten from the
    active corrections every time (an undone merge leaves the file). The user's text above the
    marker is kept as it is, comments and layout included. When the user's file cannot take entries
    appended as text (its ``actors:`` list is not the last key, or is written in flow style), or was
    written by an older version without the marker, the whole file is rewritten from its data once
    (its comments are then lost). ``actors`` is the corrected actors table (names, kinds, countries
    and roles of the entries). The file is replaced atomically. Returns True when the file changed.
    """
    import yaml

    from dashboard.actor_dictionary import KINDS

    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    own_text = re.sub(r"[ \t]+$", "", text.split(MANAGED_MARKER, 1)[0])  # (the marker's indent)
    own = yaml.safe_load(own_text) or {}
    managed = [e for e in _entries(corrections, actors) if e["kind"] in KINDS]
    mine = [e for e in (own.get("actors") or []) if not (isinstance(e, dict) and "corrections" in e)]
    want = dict(own, actors=mine + managed) if managed or own.get("actors") is not None else dict(own)
    new_text = _with_managed(own_text, managed) if len(mine) == len(own.get("actors") or []) else None
    try:
        appended = new_text is not None and (yaml.safe_load(new_text) or {}) == want
    except yaml.YAMLError:  # a flow-style list or another key after it: not appendable as text
        appended = False
    if not appended:
        new_text = yaml.safe_dump(want, sort_keys=False, allow_unicode=True) if want else ""
    if new_text == text or (not text and not managed):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(new_text, encoding="utf-8")
    tmp.replace(path)
    return True


def _with_managed(own_text: str, managed: list[dict]) -> str:
    """``own_text`` (the user's part of the dictionary file) with ``managed`` appended below
    :data:`MANAGED_MARKER` as items of its ``actors:`` list, indented like the user's items; the
    caller checks the result parses to the intended data."""
    import yaml

    body = own_text.rstrip("\n")
    if not managed:
        return body + "\n" if body else ""
    items = re.search(r"^actors:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*([ \t]*)- ", own_text, re.M)
    indent = items.group(1) if items else "  "
    # the list's key goes below the marker when the user's text has none (an undo then leaves no trace)
    head = "" if re.search(r"^actors:", own_text, re.M) else "actors:\n"
    dumped = yaml.safe_dump(managed, sort_keys=False, allow_unicode=True)
    block = "".join(indent + line if line.strip() else line for line in dumped.splitlines(keepends=True))
    marker = MANAGED_MARKER if head else indent + MANAGED_MARKER
    return f"{body}\n{marker}\n{head}{block}" if body else f"{marker}\n{head}{block}"
