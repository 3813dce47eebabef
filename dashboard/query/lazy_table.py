"""Tables left in the store: :class:`LazyTable`, a ``pl.LazyFrame`` scan of a table that reads one
column on lookup, made at once or on first use (:meth:`LazyTable.deferred`).

Used by :func:`dashboard.query.tables.load_tables` for the tables it does not hold.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import polars as pl


class LazyTable(pl.LazyFrame):
    """A table left in the store (:attr:`dashboard.query.tables.MemoryPlan.held` False): a ``pl.LazyFrame`` scan whose
    ``columns`` and ``schema`` are read from the files' metadata and whose column lookup
    (``table["actor_id"]``) reads that one column from the store."""

    @classmethod
    def of(cls, lf: pl.LazyFrame) -> "LazyTable":
        """``lf`` as a :class:`LazyTable` (the same plan; nothing is read)."""
        return cls._from_pyldf(lf._ldf)

    @property
    def columns(self) -> list[str]:
        """The column names (from the schema; no data read)."""
        return self.collect_schema().names()

    @property
    def schema(self) -> pl.Schema:
        """The schema (no data read)."""
        return self.collect_schema()

    def __getitem__(self, item):
        if isinstance(item, str):
            return self.select(item).collect(engine="streaming").to_series()
        return super().__getitem__(item)

    @classmethod
    def deferred(cls, make: Callable[[], pl.LazyFrame]) -> "LazyTable":
        """A :class:`LazyTable` whose plan ``make()`` makes on first use (a store's scan, which reads
        the footer of every file of the table: the tables the first render never reads are not scanned
        until something reads them)."""
        table = _DeferredTable.__new__(_DeferredTable)
        table.__dict__["_make"] = make
        return table


_DEFERRED_LOCK = threading.Lock()


class _DeferredTable(LazyTable):
    """:meth:`LazyTable.deferred`: ``_ldf`` (Polars' plan of the frame) made on first use, once."""

    @property
    def _ldf(self):
        plan = self.__dict__.get("_plan")
        if plan is None:
            with _DEFERRED_LOCK:
                plan = self.__dict__.get("_plan")
                if plan is None:
                    plan = self.__dict__["_plan"] = self.__dict__["_make"]()._ldf
        return plan

    @_ldf.setter
    def _ldf(self, value) -> None:  # frames derived from it (Polars' _from_pyldf) set their plan
        self.__dict__["_plan"] = value
