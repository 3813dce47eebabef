"""The in-memory gazetteer: entries stored by column, a name index and country look-ups.

Built by :mod:`dashboard.gazetteer.builder`, cached by :mod:`dashboard.gazetteer.cache`; an optional
on-disk GeoNames index (:mod:`dashboard.gazetteer.dump`) adds candidates to :meth:`Gazetteer.matches`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.gazetteer.dump import DumpIndex
from dashboard.gazetteer.names import ADM1_GENERIC, MATCH_ALIAS, normalize_name
from dashboard.records import Place

#: Populated places with fewer distinct Latin-script names than this keep no count
#: (:attr:`Gazetteer.name_counts`): the resolver compares counts of 15 and more, or twice a count.
MIN_NAME_COUNT = 8


@dataclass(frozen=True)
class CountryRef:
    """A country: ISO 3166-1 ``alpha2`` and ``alpha3`` codes and its short common English
    ``name`` ("United States", "Russia", "United Kingdom")."""

    alpha2: str
    alpha3: str
    name: str



class PlaceTable(Sequence):
    """The gazetteer's entries stored by column (a list of :class:`Place` as fields).

    Indexing builds the :class:`Place`; the columns pickle an order of magnitude faster than
    a quarter of a million dataclass objects, which is most of the warm load time.
    """

    def __init__(self, places: Sequence[Place]):
        self._fields = tuple(Place.__dataclass_fields__)
        self._cols = tuple(tuple(getattr(p, f) for p in places) for f in self._fields)
        self._n = len(places)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, ix):
        if isinstance(ix, slice):
            return [self[i] for i in range(*ix.indices(self._n))]
        return Place(*(c[ix] for c in self._cols))

    def column(self, name: str) -> tuple:
        """All values of field ``name`` (e.g. ``"place_id"``), in entry order."""
        return self._cols[self._fields.index(name)]


def pack(entries: list[tuple[int, int]]) -> int | tuple[int, ...]:
    """Index value: ``(entry, match kind)`` pairs packed as ``entry * 4 + kind`` (one int when
    there is one entry, the usual case): a dict of ints pickles several times faster."""
    packed = tuple(ix * 4 + kind for ix, kind in entries)
    return packed[0] if len(packed) == 1 else packed


def unpack(value: int | tuple[int, ...]) -> list[tuple[int, int]]:
    return [(v >> 2, v & 3) for v in ((value,) if isinstance(value, int) else value)]


@dataclass
class Gazetteer:
    """An in-memory gazetteer: places, a name index and country look-ups.

    Build or load it with :meth:`load`; the constructor is for the builder and the cache.

    Attributes
    ----------
    places : list of Place
        Every entry; continents, countries, first-level divisions, curated regions, cities.
    """

    places: PlaceTable
    index: dict[str, int | tuple[int, ...]]
    adm1_base: dict[str, list[int]]
    countries: dict[str, CountryRef]
    country_keys: dict[str, str]
    demonyms: dict[str, str]
    seats: dict[str, str]
    country_place_ix: dict[str, int]
    capital_ix: dict[str, int]
    regions: list[str]
    us_states: dict[str, str]
    region_demonyms: dict[str, int] = field(default_factory=dict)
    #: place_id -> number of distinct Latin-script GeoNames names of a populated place (own name and
    #: alternates, as keys), kept for places with at least :data:`MIN_NAME_COUNT` of them.
    name_counts: dict[str, int] = field(default_factory=dict)
    by_id: dict[str, int] = field(default_factory=dict)
    #: The on-disk GeoNames index (``gazetteer add``), attached by :meth:`load`; never pickled.
    dump: DumpIndex | None = None

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, cache_dir: Path | str | None = None) -> "Gazetteer":
        """Load the gazetteer from ``cache_dir``, building and caching it on first use.

        Parameters
        ----------
        cache_dir : Path, optional
            Folder for the pickled index; defaults to ``Settings.from_env().cache_dir``. Created
            when missing.

        Returns
        -------
        Gazetteer
            The same object for repeated calls with the same cache file in one process.

        Raises
        ------
        OSError
            If the cache folder cannot be created. A cache file that cannot be read (corrupt,
            old pickle) is rebuilt, not raised; a cache that cannot be written only logs a warning.
        """
        from dashboard.gazetteer.cache import load

        return load(cls, cache_dir)

    def __setstate__(self, state):
        self.__dict__.update(state)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["by_id"] = {}
        state["dump"] = None
        state.pop("_dump_stamp", None)
        return state

    def _ix_of_id(self, place_id: str) -> int | None:
        if not self.by_id:
            self.by_id = {pid: i for i, pid in enumerate(self.places.column("place_id"))}
        return self.by_id.get(place_id)

    @classmethod
    def build(cls) -> "Gazetteer":
        """Build the gazetteer from the installed packages (a few seconds; no caching).

        Returns
        -------
        Gazetteer
        """
        from dashboard.gazetteer.builder import Builder

        return Builder().build()

    # ------------------------------------------------------------------ look-ups

    def matches(self, name: str) -> list[tuple[Place, int]]:
        """Entries whose name, alias or alternate name equals ``name`` after
        :func:`normalize_name`, with the kind of match (:data:`MATCH_NAME`, :data:`MATCH_ALIAS`,
        :data:`MATCH_ALTERNATE`).

        A name ending in a generic division word ("Donetsk region", "Idlib province") also
        matches first-level divisions whose proper name is the rest ("Donetsk Oblast"). With an
        on-disk GeoNames index attached (:mod:`dashboard.gazetteer.dump`), its features under the
        name are added; a GeoNames id the packaged gazetteer has is returned as the packaged entry.

        Returns
        -------
        list of (Place, int)
            Possibly empty; no entry appears twice.
        """
        key = normalize_name(name)
        if not key:
            return []
        found: dict[int, int] = {}
        packed = self.index.get(key)
        for ix, kind in unpack(packed) if packed is not None else ():
            found[ix] = min(kind, found.get(ix, 9))
        for generic in ADM1_GENERIC:
            if key.endswith(" " + generic):
                base = key[: -len(generic) - 1].strip()
                for ix in self.adm1_base.get(base, ()):
                    found.setdefault(ix, MATCH_ALIAS)
                break
        extra: dict[int, int] = {}
        for gid, kind in self.dump.lookup(key) if self.dump is not None else ():
            ix = self._ix_of_id(str(gid))
            if ix is not None:  # the packaged entry stands for its GeoNames id
                found[ix] = min(kind, found.get(ix, 9))
            else:
                extra[gid] = min(kind, extra.get(gid, 9))
        out = [(self.places[ix], kind) for ix, kind in found.items()]
        if extra:
            features = self.dump.features(sorted(extra))
            out += [(features[gid], kind) for gid, kind in extra.items() if gid in features]
        return out

    def name_count(self, place: Place) -> int:
        """How many distinct Latin-script names GeoNames gives populated place ``place`` (0 when
        under :data:`MIN_NAME_COUNT` or unknown): a sign of how widely the world writes about it.

        Parameters
        ----------
        place : Place

        Returns
        -------
        int
        """
        return self.name_counts.get(place.place_id, 0)

    def candidates(self, name: str) -> list[Place]:
        """Gazetteer entries that ``name`` may refer to (see :meth:`matches`).

        Parameters
        ----------
        name : str
            A toponym as written ("U.S.", "the Crimea", "Kiev").

        Returns
        -------
        list of Place
            Ordered by match kind, then population (largest first). Empty when unknown.
        """
        ms = self.matches(name)
        ms.sort(key=lambda m: (m[1], -m[0].population))
        return [p for p, _ in ms]

    def place(self, place_id: str) -> Place:
        """The entry with ``place_id``.

        Raises
        ------
        KeyError
            If there is no such entry (in the packaged gazetteer or the attached GeoNames index).
        """
        ix = self._ix_of_id(place_id)
        if ix is not None:
            return self.places[ix]
        if self.dump is not None and place_id.isdigit():
            found = self.dump.features([int(place_id)])
            if found:
                return found[int(place_id)]
        raise KeyError(place_id)

    def country(self, name: str) -> CountryRef | None:
        """The country named, coded or described by ``name``.

        Accepts names and aliases ("the United States", "Russia", "Britain"), ISO alpha-2 / alpha-3
        codes ("US", "U.S.", "RUS") and demonyms / adjectives ("American", "Russians", "British").

        Returns
        -------
        CountryRef or None
            None for anything that is not one country ("European", "Outpost Zeta-7").
        """
        key = normalize_name(name)
        a2 = self.country_keys.get(key) or self.demonyms.get(key)
        return self.countries.get(a2) if a2 else None

    def demonym_country(self, name: str) -> CountryRef | None:
        """The country of a nationality word ("German", "Canadians", "Ukrainian"), else None
        (also for country names and codes: see :meth:`country`)."""
        a2 = self.demonyms.get(normalize_name(name))
        return self.countries.get(a2) if a2 else None

    def region_of_demonym(self, name: str) -> Place | None:
        """The first-level division a regional demonym stands for ("Texans" -> Texas, "Scottish"
        -> Scotland; :data:`dashboard.data_regions.REGION_DEMONYMS`), else None."""
        ix = self.region_demonyms.get(normalize_name(name))
        return None if ix is None else self.places[ix]

    def seat_of_government(self, name: str) -> CountryRef | None:
        """The country whose government ``name`` can stand for (metonymy).

        National capitals (countryinfo ``capital()`` and the capital city's alternate names:
        "Moscow", "Washington", "Kyiv", "Kiev") and curated government buildings ("the Kremlin",
        "the White House", "Downing Street"; see :data:`dashboard.data_regions.GOVERNMENT_SEATS`).

        Returns
        -------
        CountryRef or None
        """
        a2 = self.seats.get(normalize_name(name))
        return self.countries.get(a2) if a2 else None

    def country_place(self, alpha2: str) -> Place:
        """The country entry (feature A/PCLI) for an ISO alpha-2 code.

        Raises
        ------
        KeyError
            If the code is not a country in the gazetteer.
        """
        return self.places[self.country_place_ix[alpha2.upper()]]

    def capital_place(self, alpha2: str) -> Place | None:
        """The capital city entry (feature P/PPLC) of a country, or None when not in the data."""
        ix = self.capital_ix.get(alpha2.upper())
        return None if ix is None else self.places[ix]

    def region_names(self) -> list[str]:
        """Surface names (names and aliases) of the curated regions, e.g. "Donbas", "Donbass",
        "Crimea", "Gaza Strip" — for entity-ruler patterns."""
        return list(self.regions)

    def us_state_code(self, name: str) -> str | None:
        """USPS code of a US state written as a name, postal code or AP abbreviation
        ("Delaware", "DE", "Del.", "D.C."), else None."""
        return self.us_states.get(normalize_name(name))

    def __len__(self) -> int:
        return len(self.places)

