"""PETRARCH2 unit tests as an event-coding corpus (``python -m dashboard eval events --corpus
../shared/corpora/petrarch2``): CAMEO root accuracy on the sentences whose gold actors are real
countries named in the text, and how often we (rightly) code nothing on the ``noevents`` records.
Split from :mod:`dashboard.evaluation.events`, whose pipeline runner it shares."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from dashboard.evaluation.events import _share, run_sentences

PETRARCH_FILE = "PETR.UnitTest.records.xml"
#: PETRARCH2 categories that test the toy verb dictionary (codes such as 1717 or 904 that are not
#: CAMEO) rather than real-world coding; left out of the scored subset.
PETRARCH_TOY_CATEGORIES = {"VERB", "SYNSET", "PATTERN", "PASSIVE", "ERROR"}


def petrarch_file(corpus: Path) -> Path | None:
    """The unit-test records file in a PETRARCH2 folder (top level or ``text/``), or None."""
    for p in (Path(corpus) / PETRARCH_FILE, Path(corpus) / "text" / PETRARCH_FILE):
        if p.is_file():
            return p
    return None


def load_petrarch(path: Path) -> list[dict]:
    """Sentences of the unit-test XML: ``id``, ``category``, ``text``, ``codings`` (list of
    ``(source, target, event)``), ``noevents`` (bool), ``error`` (bool)."""
    root = ET.parse(path).getroot()
    out = []
    for s in root.iter("Sentence"):
        text_el = s.find("Text")
        if text_el is None or not (text_el.text or "").strip():
            continue
        codings, noevents, error = [], False, False
        for e in s.findall("EventCoding"):
            if (e.get("noevents") or "").lower() == "true":
                noevents = True
            elif e.get("error"):
                error = True
            elif e.get("eventcode"):
                codings.append((e.get("sourcecode") or "", e.get("targetcode") or "", e.get("eventcode")))
        out.append({"id": s.get("id"), "category": s.get("category") or "", "text": " ".join(text_el.text.split()),
                    "codings": codings, "noevents": noevents and not codings, "error": error})
    return out


def _named_countries(text: str, gazetteer) -> set[str]:
    """ISO3 codes of countries named in ``text`` (names, demonyms, capitals, seats of government),
    from capitalised 1–3 word sequences looked up in the gazetteer (no parse involved). Bare
    upper-case codes ("US", "AU") are not taken as names."""
    words = re.findall(r"[A-Za-z][\w.'-]*", text)
    found = set()
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            gram = words[i:i + n]
            if not gram[0][0].isupper() or (n == 1 and len(gram[0]) <= 3 and gram[0].isupper()):
                continue
            phrase = " ".join(gram)
            ref = gazetteer.country(phrase) or gazetteer.seat_of_government(phrase)
            if ref is not None:
                found.add(ref.alpha3)
    return found


def _root(code: str) -> int | None:
    m = re.fullmatch(r"(\d{2})\d{1,2}", code or "")
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 20 else None


def petrarch_subset(sentences: list[dict], gazetteer) -> list[dict]:
    """The unit tests that test real-world coding: not a toy-dictionary category
    (:data:`PETRARCH_TOY_CATEGORIES`), every gold code a CAMEO code (root 01–20), and every gold
    actor either an IGO or a real country named in the sentence (at least one country)."""
    keep = []
    for s in sentences:
        if s["category"].upper() in PETRARCH_TOY_CATEGORIES or s["error"] or not s["codings"]:
            continue
        if any(_root(ev) is None for _, _, ev in s["codings"]):
            continue
        named = _named_countries(s["text"], gazetteer)
        prefixes = {c[:3] for src, tgt, _ in s["codings"] for c in (src, tgt)}
        if any(not re.fullmatch(r"[A-Z]{3}", p) for p in prefixes):
            continue
        countries = prefixes - {"IGO"}
        if countries and countries <= named:
            keep.append(s)
    return keep


def evaluate_petrarch(corpus: Path, settings=None, limit: int | None = None) -> dict:
    """CAMEO root accuracy on the real-country PETRARCH2 unit tests (:func:`petrarch_subset`).

    Our event for a sentence is the one whose source/target countries best match a gold coding
    (else the first); it is right when its CAMEO root equals that coding's root. A sentence with no
    event of ours counts as wrong.

    Returns
    -------
    dict
        ``n``, ``cameo_root_accuracy``, ``event_recall``, ``no_event_n`` and ``no_event_accuracy``
        (share of the ``noevents`` unit tests for which we code no event at all), ``seconds``.
    """
    from dashboard.pipeline import resources
    from dashboard.settings import Settings

    settings = settings or Settings.from_env()
    path = petrarch_file(corpus)
    if path is None:
        raise FileNotFoundError(f"no {PETRARCH_FILE} in {corpus} or {Path(corpus) / 'text'}")
    _, gaz = resources(settings)
    sentences = load_petrarch(path)
    subset = petrarch_subset(sentences, gaz)
    negatives = [s for s in sentences if s["noevents"]]
    if limit:
        subset, negatives = subset[:limit], negatives[:limit]
    items = [(s["id"], s["text"]) for s in subset + negatives]
    results, seconds = run_sentences(list(dict(items).items()), settings)
    correct = recall = 0
    for s in subset:
        events = results[s["id"]].events
        recall += bool(events)
        best, best_score, gold_root = None, -1, _root(s["codings"][0][2])
        for ev in events:
            for src, tgt, code in s["codings"]:
                score = int((ev.get("source") or {}).get("country") == src[:3]) + \
                    int((ev.get("target") or {}).get("country") == tgt[:3])
                if score > best_score:
                    best, best_score, gold_root = ev, score, _root(code)
        correct += best is not None and best["cameo_root"] == gold_root
    quiet = sum(not results[s["id"]].events for s in negatives)
    return {
        "corpus": "petrarch2",
        "n": len(subset),
        "cameo_root_accuracy": _share(correct, len(subset)),
        "event_recall": _share(recall, len(subset)),
        "no_event_n": len(negatives),
        "no_event_accuracy": _share(quiet, len(negatives)),
        "seconds": round(seconds, 2),
    }
