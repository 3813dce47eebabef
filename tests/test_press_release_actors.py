"""Issue 13 on real data: the 30 most-mentioned people of the press releases are one actor each.

The press releases (``../shared/corpora/ru-ua-press-releases/*.csv``: the Kremlin's and the Ukrainian
president's English news pages) are built once per session into a temporary folder, or taken from
``NEWSDASH_TEST_PRESS_STORE`` when that names a store built from them by this extraction version
(a cache for repeated runs). Marked ``corpus``: ``python -m pytest -m corpus -k actor``.

**Who is who is decided here, independently of our merging.** :data:`PEOPLE` is a hand-checked list
written from the corpus text (``grep`` counts of every spelling of each surname with the words before
it, read by hand): for each person, the forms of the first name the two sources use and a pattern of
the surname's spellings (Zelenskyy / Zelensky; Podolyak / Podoliak; Zaluzhny / Zaluzhnyi). A mention
(an ``entities`` row that is no role phrase) is that person's when its text, without a courtesy title,
is

* one of the first names, up to two middle words (a patronymic), and the surname; or
* the surname alone, in an article that names the person in full and names no one else with that
  surname (so "Johnson" beside "Simon Johnson" counts for nobody).

The list holds more than 30 people; the 30 with most such mentions are checked: all their mentions
must have one actor id (no person split in two), and no two of them may share one (no two people
merged). The failure message lists each person with the actor's name and aliases.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl
import pytest

import dashboard

ROOT = Path(__file__).resolve().parents[1]
PRESS = ROOT.parent / "shared" / "corpora" / "ru-ua-press-releases"
TOP = 30

pytestmark = pytest.mark.corpus

#: (name, first-name forms, surname pattern), hand-checked against the corpus text (see the module doc).
PEOPLE: list[tuple[str, str, str]] = [
    ("Vladimir Putin", "Vladimir", r"Putin"),
    ("Volodymyr Zelenskyy", "Volodymyr|Vladimir", r"Zelensk(?:yy|yi|iy|y|i|yiyy)"),
    ("Olena Zelenska", "Olena|Elena|Yelena", r"Zelensk(?:a|aya)"),
    ("Andriy Yermak", "Andriy|Andrii|Andrey|Andrei", r"Yermak"),
    ("Ihor Zhovkva", "Ihor|Igor", r"Zhovkva"),
    ("Alexander Lukashenko", "Alexander|Aleksandr|Oleksandr", r"Lukashenko"),
    ("Emmanuel Macron", "Emmanuel", r"Macron"),
    ("Joe Biden", r"Joe|Joseph|Joseph R\.", r"Biden"),
    ("Kassym-Jomart Tokayev", "Kassym-Jomart|Kassym|Jomart|Zhomart", r"Tokayev"),
    ("Olaf Scholz", "Olaf", r"Scholz"),
    ("Nikol Pashinyan", "Nikol", r"Pashinyan"),
    ("Boris Johnson", "Boris", r"Johnson"),
    ("Charles Michel", "Charles", r"Michel"),
    ("Iryna Vereshchuk", "Iryna|Irina", r"Vereshchuk"),
    ("Andrzej Duda", "Andrzej", r"Duda"),
    ("Mikhail Mishustin", "Mikhail|Mykhailo", r"Mishustin"),
    ("Sergei Shoigu", "Sergei|Sergey|Serhiy", r"Shoigu"),
    ("Ursula von der Leyen", "Ursula", r"(?:[Vv]on [Dd]er )?Leyen"),
    ("Ilham Aliyev", "Ilham", r"Aliyev"),
    ("Denys Shmyhal", "Denys|Denis", r"Shmyhal"),
    ("Dmitry Peskov", "Dmitry|Dmitri|Dmytro", r"Peskov"),
    ("Mykhailo Podolyak", "Mykhailo|Mikhail", r"Podol(?:yak|iak)"),
    ("Tatyana Golikova", "Tatyana|Tatiana", r"Golikova"),
    ("Margarita Simonyan", "Margarita", r"Simonyan"),
    ("Nikolai Patrushev", "Nikolai|Nikolay|Mykola", r"Patrushev"),
    ("Sergei Lavrov", "Sergei|Sergey|Serhiy", r"Lavrov"),
    ("Naftali Bennett", "Naftali", r"Bennett"),
    ("Kyrylo Tymoshenko", "Kyrylo|Kirill", r"Tymoshenko"),
    ("Mario Draghi", "Mario", r"Draghi"),
    ("Serdar Berdimuhamedov", "Serdar", r"Berdimuhamedov"),
    ("Sergei Sobyanin", "Sergei|Sergey", r"Sobyanin"),
    ("Justin Trudeau", "Justin", r"Trudeau"),
    ("Anton Siluanov", "Anton", r"Siluanov"),
    ("Maxim Oreshkin", "Maxim|Maksim", r"Oreshkin"),
    ("Mark Rutte", "Mark", r"Rutte"),
    ("Recep Tayyip Erdoğan", "Recep Tayyip|Recep|Tayyip", r"Erdo[gğ]an"),
    ("António Guterres", "António|Antonio", r"Guterres"),
    ("Oleksii Reznikov", "Oleksii|Oleksiy|Alexei|Alexey", r"Reznikov"),
    ("Marat Khusnullin", "Marat", r"Khusnullin"),
    ("Shavkat Mirziyoyev", "Shavkat", r"Mirziyoyev"),
    ("Narendra Modi", "Narendra", r"Modi"),
    ("Valentina Matviyenko", "Valentina", r"Matviyenko"),
    ("Vyacheslav Volodin", "Vyacheslav", r"Volodin"),
    ("Andrei Belousov", "Andrei|Andrey", r"Belousov"),
    ("Denis Manturov", "Denis|Denys", r"Manturov"),
    ("Valerii Zaluzhnyi", "Valerii|Valeriy|Valery", r"Zaluzhn(?:yi|y|iy)"),
    ("Dmytro Kuleba", "Dmytro|Dmitry", r"Kuleba"),
    ("Sanna Marin", "Sanna", r"Marin"),
    ("Cyril Ramaphosa", "Cyril|Matamela Cyril", r"Ramaphosa"),
    ("Xavier Bettel", "Xavier", r"Bettel"),
]
COURTESY = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sir)\.?\s+")


def _full(first: str, surname: str) -> re.Pattern:
    return re.compile(rf"(?:{first})\s+(?:[A-Z][\w'’.-]*\s+){{0,2}}?{surname}")


def _surname_of_someone_else(text: str, person: tuple[str, str, str]) -> bool:
    """Whether ``text`` is a full name with ``person``'s surname but another first name."""
    _, first, surname = person
    other = re.fullmatch(rf"([A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){{0,2}}?\s+{surname}", text)
    return other is not None and not _full(first, surname).fullmatch(text)


def people_mentions(entities: pl.DataFrame) -> dict[str, list[tuple[str, str | None]]]:
    """Person name -> its mentions as (article, actor id), by the rules of the module docstring."""
    rows = [(a, COURTESY.sub("", t or "").strip(), actor) for a, t, actor in
            entities.filter(pl.col("label") != "ROLE").select("article_id", "text", "actor_id").iter_rows()]
    by_article: dict[str, list[str]] = defaultdict(list)
    for article, text, _ in rows:
        by_article[article].append(text)
    out: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for person in PEOPLE:
        name, first, surname = person
        full, bare = _full(first, surname), re.compile(surname)
        named = {a for a, texts in by_article.items() if any(full.fullmatch(t) for t in texts)}
        clash = {a for a in named if any(_surname_of_someone_else(t, person) for t in by_article[a])}
        for article, text, actor in rows:
            if full.fullmatch(text) or (bare.fullmatch(text) and article in named and article not in clash):
                out[name].append((article, actor))
    return out


@pytest.fixture(scope="session")
def press_store(tmp_path_factory) -> Path:
    """A store built from the press releases (once per session; see the module docstring)."""
    if not PRESS.is_dir() or not sorted(PRESS.glob("*.csv")):
        pytest.skip(f"the press releases are not here ({PRESS}): nothing to check")
    cached = os.environ.get("NEWSDASH_TEST_PRESS_STORE")
    if cached and (Path(cached) / "manifest.json").is_file():
        manifest = json.loads((Path(cached) / "manifest.json").read_text())
        if manifest.get("extraction_version") == dashboard.EXTRACTION_VERSION:
            return Path(cached)
    from dashboard.pipeline import build
    from dashboard.settings import Settings

    out = tmp_path_factory.mktemp("press") / "processed"
    build(sorted(PRESS.glob("*.csv")), out, Settings.from_env({}))
    return out


def test_the_30_most_mentioned_people_are_one_actor_each(press_store):
    from dashboard.store import read_tables

    tables = read_tables(press_store)
    actors = {r["actor_id"]: r for r in tables["actors"].iter_rows(named=True)}
    mentions = people_mentions(tables["entities"])
    counts = Counter({name: len(m) for name, m in mentions.items()})
    top = [name for name, _ in counts.most_common(TOP)]
    assert len(top) == TOP, f"only {len(top)} of the listed people are mentioned: {counts}"
    lines, split, owner = [], [], defaultdict(list)
    for name in top:
        ids = Counter(actor for _, actor in mentions[name] if actor)
        for aid in ids:
            owner[aid].append(name)
        shown = "; ".join(f"{aid} = {actors.get(aid, {}).get('name')} (aliases: "
                          f"{', '.join(actors.get(aid, {}).get('aliases') or []) or '-'}) × {n}"
                          for aid, n in ids.most_common())
        lines.append(f"{name}: {counts[name]} mentions -> {shown}")
        if len(ids) != 1:
            split.append(name)
    report = "\n".join(lines)
    print(report)
    merged = {aid: names for aid, names in owner.items() if len(names) > 1}
    assert not split, f"people with more than one actor: {split}\n{report}"
    assert not merged, f"actors that are more than one person: {merged}\n{report}"
