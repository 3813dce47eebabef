"""The actor dictionary: the user's own canonical actors, applied at build time.

A YAML file (setting ``actor_dictionary``; none by default) in the spirit of PETRARCH's actor
dictionaries — canonical actors with their aliases, kind, country, role, and role phrases that stand
for a person during a date range::

    actors:
      - id: person:joe-biden              # optional; default <kind>:<slug of name>
        name: Joe Biden
        kind: person                      # person, organization, country, government, igo, group
        country: USA                      # ISO 3166-1 alpha-3
        role: President
        aliases: [Biden, Joseph Biden, Joseph R. Biden]
        roles:                            # "the US president" is Joe Biden from 2021-01-20 to 2025-01-19
          - {alias: the US president, from: 2021-01-20, to: 2025-01-19}

Aliases match whole actor names and surface forms after :func:`dashboard.canonical.fold` (case,
accents and punctuation ignored). :meth:`ActorDictionary.apply` runs after
:func:`dashboard.canonical.canonicalise`: every stored actor whose name or alias is an entry's alias
becomes that entry (its id, name, kind, country, role), the entry's aliases join its aliases, and
actor ids are rewritten in ``entities``, ``events`` and ``quotes``. :meth:`ActorDictionary.role_holder`
answers "who is <role phrase> on <date>" for extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from dashboard.canonical import ACTOR_COLUMNS, fold
from dashboard.schema import TABLES

KINDS = ("person", "organization", "country", "government", "igo", "group", "object")


class DictionaryError(ValueError):
    """The actor dictionary file is unreadable or has an invalid entry (the message names both)."""


@dataclass(frozen=True)
class RoleSpan:
    """A role phrase that stands for an actor from ``start`` to ``end`` (inclusive; None: open)."""

    alias: str
    start: date | None = None
    end: date | None = None

    def covers(self, when: date | None) -> bool:
        """Whether ``when`` lies in the span (an unknown date matches only an open-ended span)."""
        if when is None:
            return self.start is None and self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Entry:
    """One canonical actor of the dictionary."""

    actor_id: str
    name: str
    kind: str
    country: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[RoleSpan, ...] = field(default_factory=tuple)


def _slug(text: str) -> str:
    return fold(text).replace(" ", "-")


def _date(value, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DictionaryError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _entry(raw, where: str) -> Entry:
    if not isinstance(raw, dict) or not raw.get("name"):
        raise DictionaryError(f"{where}: an entry needs at least a name")
    kind = raw.get("kind", "person")
    if kind not in KINDS:
        raise DictionaryError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    country = raw.get("country")
    if country is not None and not re.fullmatch(r"[A-Z]{3}", str(country)):
        raise DictionaryError(f"{where}: country {country!r} is not an ISO 3166-1 alpha-3 code")
    aliases = raw.get("aliases") or []
    if isinstance(aliases, str) or not all(isinstance(a, str) for a in aliases):
        raise DictionaryError(f"{where}: aliases must be a list of names")
    roles = []
    for j, r in enumerate(raw.get("roles") or []):
        if not isinstance(r, dict) or not r.get("alias"):
            raise DictionaryError(f"{where}, role {j + 1}: a role needs an alias")
        span = RoleSpan(str(r["alias"]), _date(r.get("from"), where), _date(r.get("to"), where))
        if span.start and span.end and span.end < span.start:
            raise DictionaryError(f"{where}, role {span.alias!r}: 'to' is before 'from'")
        roles.append(span)
    name = str(raw["name"])
    return Entry(actor_id=str(raw.get("id") or f"{kind}:{_slug(name)}"), name=name, kind=kind, country=country,
                 role=raw.get("role"), aliases=tuple(aliases), roles=tuple(roles))


@dataclass
class ActorDictionary:
    """Canonical actors by folded alias; see the module docstring for the file format."""

    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self):
        self._by_alias: dict[str, Entry] = {}
        for e in self.entries:
            for alias in (e.name, *e.aliases):
                self._by_alias.setdefault(fold(alias), e)

    @classmethod
    def load(cls, path: Path | str | None) -> "ActorDictionary":
        """Read a dictionary file; an empty dictionary when ``path`` is None or empty.

        Raises
        ------
        DictionaryError
            If the file is missing, is not YAML, or an entry is invalid (the message names the file
            and the entry).
        """
        if not path:
            return cls()
        import yaml

        path = Path(path)
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise DictionaryError(f"{path}: cannot read the actor dictionary ({exc.strerror or exc})") from None
        except yaml.YAMLError as exc:
            raise DictionaryError(f"{path}: not valid YAML ({exc})") from None
        items = raw.get("actors") if isinstance(raw, dict) else None
        if not isinstance(items, list):
            raise DictionaryError(f"{path}: expected a top-level 'actors:' list")
        return cls([_entry(item, f"{path}, entry {i + 1}") for i, item in enumerate(items)])

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, name: str) -> Entry | None:
        """The entry whose name or alias is ``name`` (folded), or None."""
        return self._by_alias.get(fold(name))

    def role_holder(self, phrase: str, when: date | None) -> Entry | None:
        """The entry whose role phrase is ``phrase`` (folded; a leading "the" ignored) on ``when``."""
        key = fold(re.sub(r"^\s*the\s+", "", phrase, flags=re.I))
        for e in self.entries:
            for span in e.roles:
                if fold(re.sub(r"^\s*the\s+", "", span.alias, flags=re.I)) == key and span.covers(when):
                    return e
        return None

    def apply(self, tables: dict[str, pl.DataFrame]) -> tuple[dict[str, pl.DataFrame], dict[str, str]]:
        """Rewrite the stored actors that match an entry into that entry (see the module docstring).

        Returns
        -------
        (tables, remap)
            Tables with the same schemas, and the mapping old actor id -> entry id.
        """
        actors = tables.get("actors")
        if not self.entries or actors is None or not actors.height:
            return tables, {}
        remap: dict[str, str] = {}
        rows: dict[str, dict] = {}
        for r in actors.iter_rows(named=True):
            entry = next((e for e in map(self.lookup, [r["name"], *(r["aliases"] or [])]) if e), None)
            if entry is None or (entry.kind == "person") != (r["kind"] == "person"):
                rows.setdefault(r["actor_id"], r)
                continue
            if r["actor_id"] != entry.actor_id:
                remap[r["actor_id"]] = entry.actor_id
            cur = rows.get(entry.actor_id) or dict(r, actor_id=entry.actor_id, aliases=[])
            aliases = set(cur["aliases"]) | set(r["aliases"] or []) | {r["name"], *entry.aliases}
            cur.update(name=entry.name, kind=entry.kind, country=entry.country or cur["country"] or r["country"],
                       role=entry.role or cur["role"] or r["role"],
                       aliases=sorted(a for a in aliases if a and a != entry.name))
            rows[entry.actor_id] = cur
        out = dict(tables, actors=TABLES["actors"].frame(sorted(rows.values(), key=lambda r: r["actor_id"])))
        if remap:
            for name, cols in ACTOR_COLUMNS.items():
                if out.get(name) is not None:
                    out[name] = out[name].with_columns(pl.col(c).replace(remap) for c in cols)
        return out, remap
