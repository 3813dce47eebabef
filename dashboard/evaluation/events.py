"""Event-coding accuracy on public gold standards (``python -m dashboard eval events --corpus PATH``).

Two corpora are understood; :func:`evaluate` dispatches on the folder's contents:

* **PLOVER gold-standard records** (``plover-gsr/``: ``gold_standard_records/PLOVER_GSR_CAMEO.txt``,
  322 sentences from the CAMEO manual coded with a PLOVER event type and source/target actors, plus
  ``CAMEO2PLOVER-2021.txt``). Every sentence runs through :func:`dashboard.pipeline.run` as its own
  article (published 2000-01-01, the records' placeholder date). Our CAMEO code is mapped to PLOVER
  with the corpus's own table, parsed at run time (:func:`parse_cameo2plover`, :func:`plover_event`).
* **PETRARCH2 unit tests** (``petrarch2/``: ``PETR.UnitTest.records.xml``). Most of them use
  fictional actors (Arnor, Gondor, ...) and a toy verb dictionary, so only the sentences whose gold
  actors are real countries named in the text are scored (:func:`dashboard.evaluation.petrarch.petrarch_subset`), on CAMEO root
  accuracy; the ``noevents`` records measure how often we (rightly) code nothing
  (:mod:`dashboard.evaluation.petrarch`).

The misses of the PLOVER records are listed by kind by :mod:`dashboard.evaluation.event_errors`
(``python -m dashboard eval events --corpus PATH --errors``).

Scores are flat JSON-able dicts; floors are pinned in ``tests/quality_floors.json``.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from dashboard.records import Article

GSR_FILE = Path("gold_standard_records") / "PLOVER_GSR_CAMEO.txt"
MAPPING_FILE = "CAMEO2PLOVER-2021.txt"
PUBLISHED = datetime(2000, 1, 1, tzinfo=timezone.utc)

#: Words ignored when comparing actor names token by token.
STOPWORDS = {"the", "of", "and", "a", "an", "for", "in", "on", "to", "s"}



# ---------------------------------------------------------------------------------------------
# CAMEO -> PLOVER
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PloverEntry:
    """One line of the CAMEO->PLOVER table: ``code: EVENT, mode, context # description``."""

    event: str
    mode: str = ""
    context: str = ""


def parse_cameo2plover(text: str) -> dict[str, PloverEntry]:
    """Parse the CAMEO->PLOVER conversion table (``CAMEO2PLOVER-2021.txt``).

    Lines look like ``0841: RETREAT, release,   legal # Return, release person(s)``; comments
    (``#`` lines), blank lines and the closing ``~~~~~`` rule are skipped. A code listed twice (the
    2021 file lists ``08`` as CONCEDE and again as RETREAT) keeps its first entry.

    Returns
    -------
    dict
        CAMEO code (2–4 digits, as written) -> :class:`PloverEntry`.
    """
    table: dict[str, PloverEntry] = {}
    for line in text.splitlines():
        m = re.match(r"\s*(\d{2,4})\s*:\s*([^#]*)", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        event = parts[0].upper()
        if not event:
            continue
        mode = parts[1] if len(parts) > 1 else ""
        context = ", ".join(p for p in parts[2:] if p)
        table.setdefault(m.group(1), PloverEntry(event, mode, context))
    return table


def load_cameo2plover(path: Path) -> dict[str, PloverEntry]:
    """Read and parse a CAMEO->PLOVER table file (see :func:`parse_cameo2plover`)."""
    return parse_cameo2plover(Path(path).read_text(encoding="utf-8"))


def plover_entry(code: str | None, table: dict[str, PloverEntry]) -> PloverEntry | None:
    """The table entry of the most specific prefix of ``code`` present in ``table`` (``"0841"`` ->
    ``"0841"``, else ``"084"``, else ``"08"``), or None (e.g. roots 01 and 02, which the 2021 table
    does not list)."""
    if not code:
        return None
    for n in range(len(code), 1, -1):
        entry = table.get(code[:n])
        if entry is not None:
            return entry
    return None


def gsr_event(code: str | None, table: dict[str, PloverEntry]) -> str | None:
    """PLOVER event type of a CAMEO code, in the vocabulary of the gold-standard records.

    The GSR (PLOVER 0.5b1, 2016) predates the 2021 table and names some types differently; the
    table's own *mode* column carries the older distinction, so the translation is mechanical:

    * ``REQUEST`` -> ``DEMAND``;
    * ``ACCUSE`` with mode ``investigate`` -> ``INVESTIGATE``, any other ``ACCUSE`` -> ``DISAPPROVE``;
    * ``ASSAULT`` for CAMEO root 19 (conventional military force) -> ``FIGHT``.
    """
    entry = plover_entry(code, table)
    if entry is None:
        return None
    event = entry.event
    if event == "REQUEST":
        return "DEMAND"
    if event == "ACCUSE":
        return "INVESTIGATE" if entry.mode.lower() == "investigate" else "DISAPPROVE"
    if event == "ASSAULT" and code.startswith("19"):
        return "FIGHT"
    return event


# ---------------------------------------------------------------------------------------------
# actor matching
# ---------------------------------------------------------------------------------------------
def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", (text or "").lower()) if t not in STOPWORDS}


def actor_matches(actor: dict | None, gold: dict) -> bool:
    """True when our ``actor`` (a row of the ``actors`` table: ``name``, ``country``, ``aliases``)
    is the gold actor ``{"actorText": ..., "code": ...}``: our country ISO3 equals the first three
    letters of the gold code, or our name (or a surface form of it) shares a word with the gold
    actor text (case-insensitive, stop words ignored)."""
    if not actor or not gold:
        return False
    code = (gold.get("code") or "").upper()
    country = (actor.get("country") or "").upper()
    if country and len(code) >= 3 and country == code[:3]:
        return True
    gold_tokens = _tokens(gold.get("actorText") or "")
    ours = _tokens(actor.get("name") or "")
    for alias in actor.get("aliases") or []:
        ours |= _tokens(alias)
    return bool(gold_tokens & ours)


def any_actor_matches(actor: dict | None, golds: list[dict]) -> bool:
    """:func:`actor_matches` against any of several gold actors (compound actors)."""
    return any(actor_matches(actor, g) for g in golds)


def _gold_actors(value) -> list[dict]:
    if not value or not isinstance(value, list):
        return []
    return [g for g in value if isinstance(g, dict) and (g.get("actorText") or g.get("code"))]


# ---------------------------------------------------------------------------------------------
# running the pipeline
# ---------------------------------------------------------------------------------------------
@dataclass
class SentenceResult:
    """Our events for one gold sentence (event dicts carry ``source``/``target`` actor rows)."""

    id: str
    text: str
    events: list[dict] = field(default_factory=list)


def run_sentences(items: list[tuple[str, str]], settings) -> tuple[dict[str, SentenceResult], float]:
    """Run ``(id, text)`` pairs through :func:`dashboard.pipeline.run`, one article each.

    Returns ``({id: SentenceResult}, seconds)``; events keep the pipeline's order and get their
    actor rows attached as ``source``/``target``.
    """
    from dashboard.pipeline import run

    articles = [Article(text=text, url=f"gold:{rid}", published=PUBLISHED, published_precision="day",
                        source_path=rid) for rid, text in items]
    t0 = time.perf_counter()
    tables = run(articles, settings)
    seconds = time.perf_counter() - t0
    actors = {r["actor_id"]: r for r in tables["actors"].to_dicts()}
    by_article = {a.article_id: rid for a, (rid, _) in zip(articles, items)}
    results = {rid: SentenceResult(rid, text) for rid, text in items}
    for ev in tables["events"].to_dicts():
        rid = by_article.get(ev["article_id"])
        if rid is None:
            continue
        ev["source"] = actors.get(ev["source_actor_id"])
        ev["target"] = actors.get(ev["target_actor_id"])
        results[rid].events.append(ev)
    return results, seconds


def best_event(events: list[dict], sources: list[dict], targets: list[dict]) -> dict | None:
    """Our event whose source and target best match the gold actors (ties: the earliest); the first
    event when none matches; None when there is no event."""
    best, best_score = None, 0
    for ev in events:
        score = int(any_actor_matches(ev.get("source"), sources)) + int(any_actor_matches(ev.get("target"), targets))
        if score > best_score:
            best, best_score = ev, score
    if best is None and events:
        best = events[0]
    return best


# ---------------------------------------------------------------------------------------------
# PLOVER gold-standard records
# ---------------------------------------------------------------------------------------------
def load_gsr(corpus: Path) -> list[dict]:
    """The coded sentences of the PLOVER GSR (the DOCUMENT header record dropped)."""
    records = json.loads((Path(corpus) / GSR_FILE).read_text(encoding="utf-8"))
    return [r for r in records if r.get("event") != "DOCUMENT" and r.get("text")]


def score_plover(corpus: Path, settings, limit: int | None = None) -> tuple[dict, list[dict]]:
    """Scores (see :func:`evaluate`) and one diagnostic row per gold sentence."""
    corpus = Path(corpus)
    table = load_cameo2plover(corpus / MAPPING_FILE)
    records = load_gsr(corpus)[:limit] if limit else load_gsr(corpus)
    results, seconds = run_sentences([(r["id"], r["text"]) for r in records], settings)
    rows = []
    for r in records:
        res = results[r["id"]]
        sources, targets = _gold_actors(r.get("source")), _gold_actors(r.get("target"))
        ev = best_event(res.events, sources, targets)
        ours = gsr_event(ev["cameo_code"], table) if ev else None
        rows.append({
            "id": r["id"], "text": r["text"], "gold": r["event"], "ours": ours,
            "cameo_code": ev["cameo_code"] if ev else None, "verb": ev["verb"] if ev else None,
            "n_events": len(res.events),
            "any_type": any(gsr_event(e["cameo_code"], table) == r["event"] for e in res.events),
            "type_ok": ours == r["event"],
            "has_source": bool(sources), "has_target": bool(targets),
            "source_ok": bool(ev) and any_actor_matches(ev.get("source"), sources),
            "target_ok": bool(ev) and any_actor_matches(ev.get("target"), targets),
            "our_source": (ev.get("source") or {}).get("name") if ev else None,
            "our_target": (ev.get("target") or {}).get("name") if ev else None,
            "our_source_id": ev.get("source_actor_id") if ev else None,
            "our_target_id": ev.get("target_actor_id") if ev else None,
            "gold_source": [g.get("actorText") for g in sources],
            "gold_target": [g.get("actorText") for g in targets],
        })
    n = len(rows)
    with_src = [x for x in rows if x["has_source"]]
    with_tgt = [x for x in rows if x["has_target"]]
    scores = {
        "corpus": "plover-gsr",
        "n": n,
        "event_type_accuracy": _share(sum(x["type_ok"] for x in rows), n),
        "event_type_any_accuracy": _share(sum(x["any_type"] for x in rows), n),
        "source_actor_accuracy": _share(sum(x["source_ok"] for x in with_src), len(with_src)),
        "target_actor_accuracy": _share(sum(x["target_ok"] for x in with_tgt), len(with_tgt)),
        "event_recall": _share(sum(x["n_events"] > 0 for x in rows), n),
        "n_with_source": len(with_src),
        "n_with_target": len(with_tgt),
        "seconds": round(seconds, 2),
    }
    return scores, rows


# ---------------------------------------------------------------------------------------------
def evaluate(corpus: Path, settings=None, limit: int | None = None) -> dict:
    """Score event coding on ``corpus``: a PLOVER GSR folder or a PETRARCH2 folder (dispatch on the
    files present).

    For the PLOVER GSR the scores are ``n``; ``event_type_accuracy`` (the PLOVER type of our best
    event equals the gold event; no event counts as wrong); ``event_type_any_accuracy`` (any of our
    events has the gold type); ``source_actor_accuracy`` / ``target_actor_accuracy`` (over records
    with a gold source / target; see :func:`actor_matches`); ``event_recall`` (share of sentences
    with at least one event); ``seconds`` (pipeline wall time). The GSR has no negative examples,
    so the no-event score comes from PETRARCH2 (:func:`dashboard.evaluation.petrarch.evaluate_petrarch`).

    Raises
    ------
    FileNotFoundError
        If ``corpus`` holds neither corpus.
    """
    from dashboard.settings import Settings

    settings = settings or Settings.from_env()
    corpus = Path(corpus)
    if (corpus / GSR_FILE).is_file() and (corpus / MAPPING_FILE).is_file():
        return score_plover(corpus, settings, limit)[0]
    from dashboard.evaluation.petrarch import PETRARCH_FILE, evaluate_petrarch, petrarch_file

    if petrarch_file(corpus) is not None:
        return evaluate_petrarch(corpus, settings, limit)
    raise FileNotFoundError(
        f"{corpus} holds neither the PLOVER gold standard ({GSR_FILE}, {MAPPING_FILE}) "
        f"nor the PETRARCH2 unit tests ({PETRARCH_FILE})")


def _share(k: int, n: int) -> float:
    return round(k / n, 4) if n else 0.0
