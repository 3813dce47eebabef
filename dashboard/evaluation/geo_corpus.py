"""GeoWebNews and LGL gold data: readers, format detection and Mordecai3's evaluation split.

:func:`load_corpus` takes a corpus folder (``lgl.xml`` or ``data/GWN.xml`` at it or one level
below) or the XML file itself, in either format whatever its name: a file whose toponyms carry
``<extractedName>`` / ``<geonamesID>`` is GeoWebNews, one whose toponyms carry ``<phrase>`` /
``<gaztag>`` is LGL.

**Mordecai3's evaluation split** (:func:`mordecai3_split`). Mordecai3's ``tools/train.py``
(github.com/ahalterman/mordecai3) flattens each corpus's toponyms that have a gold GeoNames id into
one list in file order (articles in file order, toponyms in the order of the XML), then
``split_list(data, frac=0.7)`` takes ``split = round(0.7 * len(data))`` and trains on
``data[:split]`` and evaluates on ``data[split:]``. We apply the same rule to the gold toponyms that
have a GeoNames id and gold coordinates (those without coordinates cannot be scored). Mordecai3
also drops, before splitting, toponyms that its transformer spaCy model did not tag GPE/LOC and
toponyms its Elasticsearch GeoNames lacks; those depend on its model and server and are not
reproduced, so our split holds the same file positions but may start a few toponyms earlier.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

#: GeoWebNews annotation types that are not toponyms for recognition scoring.
GWN_NOT_TOPONYM = frozenset({"Non_Toponym", "Homonym", "Language", "Literal_Expression", "Non_Lit_Expression"})
#: Within this distance (km) of the gold point a resolution counts as correct (100 miles).
THRESHOLD_KM = 161.0
#: Mordecai3's training share (``train_frac`` in its ``tools/train.py``).
MORDECAI3_TRAIN_FRAC = 0.7


@dataclass
class GoldToponym:
    """One annotated toponym: character span, surface text and (optional) gold location."""

    start: int
    end: int
    text: str
    latitude: float | None = None
    longitude: float | None = None
    geonameid: str | None = None
    country_geonameid: str | None = None
    kind: str = ""
    #: Position of the toponym among its article's toponyms in the XML file.
    order: int = 0

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass
class GoldArticle:
    doc_id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    recognition: list[tuple[int, int]] = field(default_factory=list)


# --------------------------------------------------------------------------- corpus readers


def _float(s: str | None) -> float | None:
    try:
        return float(s) if s not in (None, "") else None
    except ValueError:
        return None


def read_lgl(path: Path) -> list[GoldArticle]:
    """Articles of ``lgl.xml``: every ``<toponym>`` is a recognition span; those with a
    ``<gaztag>`` carry the gold GeoNames id, coordinates and country id."""
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        ga = GoldArticle(art.get("docid", str(len(out))), text)
        for t in art.iter("toponym"):
            start, end = int(t.findtext("start")), int(t.findtext("end"))
            g = GoldToponym(start, end, t.findtext("phrase") or text[start:end], kind="toponym",
                            order=len(ga.toponyms))
            tag = t.find("gaztag")
            if tag is not None:
                g.geonameid = tag.get("geonameid") or None
                g.latitude, g.longitude = _float(tag.findtext("lat")), _float(tag.findtext("lon"))
                c = tag.find("country")
                if c is not None:
                    g.country_geonameid = c.get("geonameid") or None
            ga.toponyms.append(g)
            ga.recognition.append((start, end))
        out.append(ga)
    return out


def read_gwn(path: Path) -> list[GoldArticle]:
    """Articles of GeoWebNews ``GWN.xml`` (offsets index the ``<text>`` element)."""
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        ga = GoldArticle(art.get("file", str(len(out))), text)
        for t in art.iter("toponym"):
            d = {c.tag: c.text for c in t}
            start, end = int(d["start"]), int(d["end"])
            g = GoldToponym(start, end, d.get("extractedName") or text[start:end],
                            _float(d.get("latitude")), _float(d.get("longitude")),
                            (d.get("geonamesID") or "").strip() or None, None, d.get("type") or "",
                            order=len(ga.toponyms))
            ga.toponyms.append(g)
            if g.kind not in GWN_NOT_TOPONYM:
                ga.recognition.append((start, end))
        ga.toponyms.sort(key=lambda g: (g.start, g.end))
        out.append(ga)
    return out


def _xml_format(path: Path) -> str:
    """``"geowebnews"`` or ``"lgl"`` from the tags of the first toponyms of an XML file."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 20).decode("utf-8", errors="replace")
    if "<extractedName>" in head or "<geonamesID>" in head:
        return "geowebnews"
    if "<gaztag" in head or "<phrase>" in head:
        return "lgl"
    raise ValueError(f"{path}: neither GeoWebNews (<toponym> with <extractedName>) nor LGL "
                     "(<toponym> with <phrase>/<gaztag>) XML")


def load_corpus(corpus: Path) -> tuple[str, list[GoldArticle]]:
    """Read a corpus folder or file, detecting its format.

    Parameters
    ----------
    corpus : Path
        A folder with ``lgl.xml`` / ``data/lgl.xml`` (LGL) or ``data/GWN.xml`` / ``GWN.xml``
        (GeoWebNews), or an XML file in either format (detected from its content, whatever its name).

    Returns
    -------
    (name, articles)
        ``name`` is ``"lgl"`` or ``"geowebnews"``; articles in file order.

    Raises
    ------
    FileNotFoundError
        When the folder holds neither file, or the path does not exist.
    ValueError
        When a file is in neither format.
    """
    corpus = Path(corpus)
    if corpus.is_file():
        name = _xml_format(corpus)
        return name, (read_lgl if name == "lgl" else read_gwn)(corpus)
    for rel in ("lgl.xml", "data/lgl.xml"):
        if (corpus / rel).is_file():
            return "lgl", read_lgl(corpus / rel)
    for rel in ("data/GWN.xml", "GWN.xml"):
        if (corpus / rel).is_file():
            return "geowebnews", read_gwn(corpus / rel)
    raise FileNotFoundError(f"{corpus}: no lgl.xml or data/GWN.xml (GeoWebNews) found")


def mordecai3_split(articles: list[GoldArticle], train_frac: float = MORDECAI3_TRAIN_FRAC) -> list[GoldToponym]:
    """Mordecai3's evaluation toponyms (see the module docstring for the rule and its source).

    Parameters
    ----------
    articles : list of GoldArticle
        In file order.
    train_frac : float
        Share of the toponyms Mordecai3 trains on (0.7).

    Returns
    -------
    list of GoldToponym
        The gold toponyms with a GeoNames id and coordinates, in file order, from position
        ``round(train_frac * n)`` on (Python's ``round``, as Mordecai3's ``split_list``).
    """
    ordered = [g for a in articles for g in sorted(a.toponyms, key=lambda g: g.order)
               if g.geonameid and g.has_coordinates]
    return ordered[round(train_frac * len(ordered)):]


def resolve_gold(articles: list[GoldArticle], gazetteer) -> list[tuple[GoldToponym, object]]:
    """Resolve the gold toponyms with coordinates of each article; pairs (gold, Resolution)."""
    from dashboard.geo import resolve_toponyms
    from dashboard.records import Toponym

    pairs = []
    for art in articles:
        golds = [g for g in art.toponyms if g.has_coordinates]
        if not golds:
            continue
        res = resolve_toponyms([Toponym(g.text, None, "literal") for g in golds], gazetteer)
        pairs.extend(zip(golds, res))
    return pairs
