"""Typed records passed between stages."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Article:
    """One article after ingestion (news furniture already split off the text).

    ``published`` is a timezone-aware UTC datetime or None; ``published_precision`` is ``"datetime"``,
    ``"day"`` or None.
    """

    text: str
    title: str | None = None
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    published_precision: str | None = None
    datelines: list[str] = field(default_factory=list)
    url: str | None = None
    source_path: str | None = None
    article_id: str = ""

    def __post_init__(self):
        if not self.article_id:
            self.article_id = article_id_for(self.url, self.text)

    def row(self) -> dict:
        """The article as a row of the ``articles`` table."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "source": self.source,
            "authors": list(self.authors),
            "published": self.published,
            "published_precision": self.published_precision,
            "datelines": list(self.datelines),
            "url": self.url,
            "text": self.text,
            "source_path": self.source_path,
            "n_words": len(self.text.split()),
        }


def article_id_for(url: str | None, text: str) -> str:
    """Stable article id: SHA-1 (first 16 hex digits) of the URL, else of the whitespace-normalised,
    lower-cased text."""
    key = url.strip() if url else re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Place:
    """A gazetteer entry (a row of the ``places`` table). Coordinates are WGS84 degrees."""

    place_id: str
    name: str
    feature_class: str
    feature_code: str
    country_code: str | None
    admin1: str | None
    latitude: float
    longitude: float
    population: int = 0
    source: str = ""

    def row(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class Toponym:
    """A place name to resolve.

    ``qualifier`` is an explicit container written next to it ("Delaware" in "Wilmington, Delaware";
    "CA" in "Long Beach, CA"); ``role`` is dateline, literal, metonymic or demonym.
    """

    text: str
    qualifier: str | None = None
    role: str = "literal"


@dataclass(frozen=True)
class Resolution:
    """The result of resolving one :class:`Toponym`: a place (None when unresolved) and a
    confidence in [0, 1] (0 when unresolved)."""

    place: Place | None
    confidence: float


@dataclass
class ActorObservation:
    """One sighting of an actor in one article (aggregated into the ``actors`` table later).

    Declared here, not in :mod:`dashboard.nlp`, so that aggregating sightings
    (:mod:`dashboard.actor_table`) does not import spaCy.
    """

    actor_id: str
    name: str
    kind: str
    country: str | None = None
    role: str | None = None
    alias: str | None = None
    party: str | None = None
