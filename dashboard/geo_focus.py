"""The article's geography: a document-level focus that toponym resolution defers to.

:func:`dashboard.geo.resolve_toponyms` scores each name's candidates on its own evidence; this
module adds what the whole article says about where it is:

* :class:`Focus` -- the countries of the article's dateline (counted twice), of its unambiguous
  places, of its nationality words and of the seats of government it names ("the Kremlin"),
  one vote per mention. A name never votes for itself.
* :func:`focus_choice` -- a namesake outside the focus never beats a well-known place inside it
  ("Odessa" in an article about the war in Ukraine is Odesa, not Odessa, Texas).
* :func:`spelling_variants` -- "Saint", "St." and "St" are one word of a place name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from dashboard.records import Place

#: A candidate inside the focus is well known (it beats a namesake outside the focus) when it has
#: this many people, or is a national or first-level capital or a first-level division.
WELL_KNOWN = 100_000
WELL_KNOWN_CODES = ("PPLC", "PPLA", "ADM1")
#: The focus country must have at least this many times the votes of the winner's country.
FOCUS_RATIO = 2
#: ... or as many votes as the winner's country and this many times its population ("Odessa" in
#: a war report that also names the United States).
BIGGER = 5
#: A winner this many times as populous as the well-known place inside the focus keeps its
#: name ("London" in a story about a Canadian airline is still England's capital).
FOCUS_SIZE_RATIO = 10

_SAINT = re.compile(r"^(saint|st\.?)\s+(?=\S)", re.IGNORECASE)


def spelling_variants(text: str) -> list[str]:
    """Other spellings of a place name that begins with "Saint", "St." or "St" ("St Petersburg"
    -> ["Saint Petersburg", "St. Petersburg", "St Petersburg"] minus the text itself).

    Parameters
    ----------
    text : str
        A toponym as written.

    Returns
    -------
    list of str
        The other spellings (empty when the name has no such word).
    """
    m = _SAINT.match(text.strip())
    if not m:
        return []
    rest = text.strip()[m.end():]
    return [v for v in (f"Saint {rest}", f"St. {rest}", f"St {rest}") if v.lower() != text.strip().lower()]


def merge_matches(*lists: list[tuple[Place, int]]) -> list[tuple[Place, int]]:
    """Gazetteer matches of several spellings of one name, each place once with its best
    (smallest) kind of match, in first-seen order."""
    best: dict[str, tuple[Place, int]] = {}
    for ms in lists:
        for p, k in ms:
            if p.place_id not in best or k < best[p.place_id][1]:
                best[p.place_id] = (p, k)
    return list(best.values())


@dataclass
class Focus:
    """Votes of the article's names for countries: ``votes`` holds ``(name key, alpha-2)``, one
    per mention (the dateline twice)."""

    votes: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, toponyms, keys: list[str], anchors: list[tuple[int, str]], placed: list[bool], gazetteer) -> Focus:
        """The focus of one article.

        Parameters
        ----------
        toponyms : sequence of Toponym
            The article's toponyms.
        keys : list of str
            Their normalised names.
        anchors : list of (int, str)
            ``(toponym index, alpha-2)`` of the unambiguous places and nationality words, the
            dateline's twice.
        placed : list of bool
            Whether each toponym has gazetteer candidates; one without that is a seat of
            government ("the Kremlin", "Downing Street") votes for its country.
        gazetteer : Gazetteer

        Returns
        -------
        Focus
        """
        focus = cls()
        for i, a2 in anchors:
            focus.add(keys[i], a2)
        for i, t in enumerate(toponyms):
            seat = gazetteer.seat_of_government(t.text) if not placed[i] and t.role != "demonym" else None
            focus.add(keys[i], seat.alpha2 if seat else None)
        return focus

    def add(self, key: str, country: str | None, weight: int = 1) -> None:
        """Count ``weight`` votes of the name ``key`` for ``country`` (alpha-2; None is ignored)."""
        if country:
            self.votes.extend([(key, country)] * weight)

    def without(self, key: str) -> Counter:
        """Votes per country of every name but ``key`` (a name does not support itself)."""
        return Counter(c for k, c in self.votes if k != key)


def _well_known(p: Place) -> bool:
    return p.population >= WELL_KNOWN or p.feature_code in WELL_KNOWN_CODES


def focus_choice(cands: list[tuple[Place, int]], scores: list[float], best: int, votes: Counter,
                 local: set[tuple[str, str]], alternate: int) -> int:
    """The candidate the article's focus picks for one name.

    Parameters
    ----------
    cands : list of (Place, int)
        The name's candidates and their kinds of match.
    scores : list of float
        Their scores (the larger the better).
    best : int
        Index of the candidate the scores chose.
    votes : Counter
        The focus of the article's other names (:meth:`Focus.without`).
    local : set of (str, str)
        ``(country, admin1)`` of the article's other unambiguous places: a winner in one of them is
        local news and stays ("Odessa" next to "Midland" is in Texas).
    alternate : int
        The kind of match of a GeoNames alternate name (historic or foreign names of other
        places), taken on the focus alone only for a place of :data:`WELL_KNOWN` people
        ("Odessa" is an alternate name of Odesa).

    Returns
    -------
    int
        ``best``; or the best-scored well-known candidate in a country with at least
        :data:`FOCUS_RATIO` times the votes of the winner's (or as many, when the candidate is
        :data:`BIGGER` times as populous as a town of another country), unless the winner is a
        national capital or :data:`FOCUS_SIZE_RATIO` times as populous.
    """
    w = cands[best][0]
    if not votes or not w.country_code or (w.country_code, w.admin1) in local or w.feature_code.startswith("PCL"):
        return best
    own = votes.get(w.country_code, 0)
    inside = [j for j, (p, k) in enumerate(cands)
              if (k != alternate or p.population >= WELL_KNOWN) and _well_known(p)
              and p.population * FOCUS_SIZE_RATIO >= w.population
              and (votes.get(p.country_code, 0) >= max(1, FOCUS_RATIO * own)
                   or (votes.get(p.country_code, 0) >= max(1, own) and p.population >= BIGGER * w.population
                       and w.feature_class == "P" and p.country_code != w.country_code))]
    if inside and w.feature_code != "PPLC":
        return max(inside, key=lambda j: (votes[cands[j][0].country_code], scores[j]))
    return best
