"""A world-prominent place against a much smaller namesake abroad: the evidence must be specific.

:func:`dashboard.geo.resolve_toponyms` lets the article's country and state context choose between
namesakes. That context is often too coarse: a Kremlin press release that names the United
Nations in New York City pulls "Geneva" to Geneva, New York (13,000 people) instead of the Swiss
city, and a war report that names Texas and Kyiv puts "Odessa" in Texas. Local news, on the other
hand, is right to read "Paris" next to "Henry County" as Paris, Tennessee.

:func:`world_namesakes` reads, after the other steps, every name without a qualifier whose reading
is a populated place with a *world-prominent* namesake in another country — a national capital or
a city of :data:`~dashboard.geo_score.FAMOUS_CITY` people or more, :data:`WORLD_RATIO` times as
populous, or :data:`NAMED_RATIO` times when the article names its country (by its own name or alias, or by a GeoNames alternate name for a city of
:data:`~dashboard.geo_score.FOREIGN_SPELLING_CITY` people: "Odessa" is an alternate name of
Odesa) — and keeps the small place only on specific evidence:

* another name of the article read as a place or county within :data:`NAMESAKE_REACH_KM` of it
  ("Henry County", "Midland"); a world city (:data:`~dashboard.geo_score.BIG_CITY` people or
  more, or a national capital) is such evidence beyond :data:`WORLD_CITY_REACH_KM` only in a
  story whose other names give the town's country most of their votes: the United Nations in
  New York City says nothing about upstate towns;
* or its first-level division named ("Texas", "Ohio") in an article that names nothing in the
  prominent namesake's country (a report naming Kyiv and Texas is about Odesa).

Another small namesake (a populated place with a more populous namesake abroad) is no evidence:
"Milan" read as a hamlet in New York State does not hold "Geneva" there.

An explicit qualifier ("Geneva, N.Y.", "Odessa, Texas") never reaches this step: such names are
not ``guarded``. The step reads a small place that the state context chose in a story not mostly about its
country, and one whose namesake's country the article names; not one chosen on country context
alone, nor one in a story whose names vote mostly for its own country: in local news the name is
then mostly another namesake at home (LGL's "Santa Clara" next to "Dallas" is California's, not
Cuba's), and the famous-capital rule (:func:`dashboard.geo_score.famous_capital`) judges it.
"""

from __future__ import annotations

from collections import Counter

from dashboard.gazetteer import MATCH_ALIAS, MATCH_ALTERNATE, MATCH_NAME
from dashboard.geo_score import (BIG_CITY, FAMOUS_CITY, FOREIGN_SPELLING_CITY, MATCH_QUALITY, first_readings, great_circle_km,
                                 is_area, softmax_top)
from dashboard.records import Place, Resolution

#: A namesake abroad this many times as populous, and world-prominent, needs specific evidence
#: against it ("orders of magnitude": Geneva, Switzerland is 15 times Geneva, New York).
WORLD_RATIO = 10
#: ... or this many times, when the article names the namesake's country ("Odessa", Texas, 114,000
#: people, in a report that names Kyiv: Odesa has a million).
NAMED_RATIO = 5
#: Another name's reading this close (km) to the small place is local evidence for it.
NAMESAKE_REACH_KM = 300.0
#: A world city (:data:`~dashboard.geo_score.BIG_CITY` people or a national capital) is local
#: evidence within this distance (km) ("San Fernando" next to "Los Angeles") ...
WORLD_CITY_REACH_KM = 200.0
#: ... and farther only when the town's country has more than this share of the
#: votes of the article's other names.
HOME_SHARE = 0.5


def world_rivals(cands: list[tuple[Place, int]], place: Place, votes: Counter) -> list[int]:
    """Indices of the world-prominent namesakes of ``place`` among ``cands``.

    Parameters
    ----------
    cands : list of (Place, int)
        A name's candidates and their kinds of match.
    place : Place
        The reading chosen for the name.
    votes : Counter
        Country votes of the article's other names (:meth:`dashboard.geo_focus.Focus.without`).

    Returns
    -------
    list of int
        The populated places in another country that are a national capital or have
        :data:`~dashboard.geo_score.FAMOUS_CITY` people, :data:`WORLD_RATIO` times ``place``'s
        population (:data:`NAMED_RATIO` times when ``votes`` name their country), found by their own name or alias (or, with
        :data:`~dashboard.geo_score.FOREIGN_SPELLING_CITY` people and their country voted for,
        by an alternate name: "Odessa" in a story that names Ukraine; not "Berea", an old name
        of Aleppo, in an Ohio story). Empty
        when ``place`` is no populated place or is a national capital.
    """
    if place.feature_class != "P" or place.feature_code == "PPLC" or not place.country_code:
        return []
    size = max(place.population, 1)
    return [j for j, (c, k) in enumerate(cands)
            if c.feature_class == "P" and c.country_code and c.country_code != place.country_code
            and (c.feature_code == "PPLC" or c.population >= FAMOUS_CITY)
            and c.population >= (NAMED_RATIO if votes.get(c.country_code, 0) else WORLD_RATIO) * size
            and (k in (MATCH_NAME, MATCH_ALIAS) or (k == MATCH_ALTERNATE and c.population >= FOREIGN_SPELLING_CITY
                                                    and votes.get(c.country_code, 0)))]


def specific_evidence(place: Place, rival: Place, others: list[Place], votes: Counter, home: bool) -> bool:
    """Whether the article's other readings say ``place`` rather than its world-prominent namesake
    ``rival`` (see the module docstring).

    Parameters
    ----------
    place : Place
        The small place chosen.
    rival : Place
        Its world-prominent namesake abroad.
    others : list of Place
        The readings chosen for the article's other names.
    votes : Counter
        Country votes of the article's other names (:meth:`dashboard.geo_focus.Focus.without`).
    home : bool
        Whether the story is about ``place``'s country (:func:`home_story`).

    Returns
    -------
    bool
    """
    for o in others:
        if is_area(o) or o.feature_code == "ADM1" or o.country_code != place.country_code:
            continue
        d = great_circle_km(place, o)
        if d <= WORLD_CITY_REACH_KM or ((home or not _world_city(o)) and d <= NAMESAKE_REACH_KM):
            return True
    if votes.get(rival.country_code, 0):
        return False
    return any(o.feature_code == "ADM1" and o.country_code == place.country_code and o.admin1 == place.admin1
               for o in others)


def home_story(place: Place, focus, key: str, winners: dict[str, Place]) -> bool:
    """Whether the article's other names give ``place``'s country more than :data:`HOME_SHARE` of
    their country votes, not counting the world cities of its first-level division (New York
    City's vote does not make a story about Russia and the United States a New York story), or
    when no other name votes at all ("Paris" next to "Dallas" alone is local news).

    Parameters
    ----------
    place : Place
        The small place chosen for the name ``key``.
    focus : dashboard.geo_focus.Focus
        The article's country votes.
    key : str
        The name's normalised key.
    winners : dict of str to Place
        The reading chosen for each name.

    Returns
    -------
    bool
    """
    skip = {k for k, w in winners.items() if _world_city(w) and w.country_code == place.country_code
            and w.admin1 == place.admin1} | {key}
    votes = Counter(c for k, c in focus.votes if k not in skip)
    total = sum(votes.values())
    return total == 0 or votes.get(place.country_code, 0) > HOME_SHARE * total


def world_namesakes(out: list[Resolution], keys: list[str], cands: list[list[tuple[Place, int]]],
                    guarded: list[tuple[int, list[float], set[tuple[str, str]]]], focus) -> None:
    """Give a name read as a small place the world-prominent namesake abroad unless the article's
    other readings are specific evidence for the small one (:func:`specific_evidence`).

    Only a small place whose namesake's country the article names, or that shares its first-level
    division with another name's reading in a story not about its own country (:func:`home_story`).
    The readings of the other names that are themselves small namesakes (a populated place with a
    more populous namesake abroad, without a qualifier) are no evidence: "Geneva" and "Dunkirk"
    (Dunkerque) in a story about Europe do not hold each other in New York State.

    Parameters
    ----------
    out : list of Resolution
        The article's readings so far; entries are replaced.
    keys : list of str
        The names' normalised keys (a name is no evidence for itself).
    cands : list of list of (Place, int)
        Every name's candidates.
    guarded : list of (int, list of float, set)
        The names without a qualifier: index, first-pass scores, context divisions.
    focus : dashboard.geo_focus.Focus
        The article's country votes.
    """
    winners = first_readings(keys, out)
    rivals = {i: world_rivals(cands[i], out[i].place, focus.without(keys[i]))
              for i, _, _ in guarded if out[i].place is not None}
    doubtful = {keys[i] for i, _, _ in guarded if _has_bigger_namesake_abroad(cands[i], out[i].place)}
    for i, scores, _ in guarded:
        if not rivals.get(i):
            continue
        p, votes = out[i].place, focus.without(keys[i])
        j = max(rivals[i], key=lambda j: cands[i][j][0].population)
        rival = cands[i][j][0]
        # a small namesake is no evidence for another ("Geneva" and "Dunkirk", both in New York State)
        others = [w for k, w in winners.items() if k != keys[i] and k not in doubtful]
        home = home_story(p, focus, keys[i], winners)
        if not (votes.get(rival.country_code, 0) or (_same_division(p, others) and not home)) \
                or specific_evidence(p, rival, others, votes, home):
            continue  # a story about the town's own country is left to the other steps (another namesake at home)
        place, kind = cands[i][j]
        out[i] = Resolution(place, round(min(0.99, max(0.05, softmax_top(scores, j) * MATCH_QUALITY[kind])), 3))


def _world_city(p: Place) -> bool:
    """A national capital or a city of :data:`~dashboard.geo_score.BIG_CITY` people or more."""
    return p.feature_class == "P" and (p.feature_code == "PPLC" or p.population >= BIG_CITY)


def _same_division(place: Place, others: list[Place]) -> bool:
    """Whether one of ``others`` lies in the first-level division of ``place`` (or is it)."""
    return bool(place.admin1) and any(o.country_code == place.country_code and o.admin1 == place.admin1
                                      and not is_area(o) for o in others)


def _has_bigger_namesake_abroad(cands: list[tuple[Place, int]], place: Place | None) -> bool:
    """Whether ``place``, a populated place that is no national capital, has a more populous
    namesake in another country among ``cands`` (any kind of match)."""
    if place is None or place.feature_class != "P" or place.feature_code == "PPLC":
        return False
    return any(c.feature_class == "P" and c.country_code and c.country_code != place.country_code
               and c.population > place.population for c, _ in cands)
