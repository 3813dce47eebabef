"""Event factuality and dates scored on MEANTIME (NewsReader; Minard et al., LREC 2016).

``python -m dashboard eval factuality --corpus ../shared/corpora/meantime --json``

MEANTIME's CAT XML gives tokens with sentence numbers and stand-off markables. Each document's text is
rebuilt from its tokens (title, then the body; sentence 1, the date line, is left out) and run through
:func:`dashboard.pipeline.run` with the document creation time (DCT) as the publication date. Only the
annotated sentences count (up to each document's last sentence holding a markable).

* **Factuality** (``intra-doc_annotation``; events added in the cross-document layer carry no
  attributes): our events whose trigger overlaps a gold EVENT_MENTION. Gold *asserted* = certainty
  CERTAIN, polarity POS and time NON_FUTURE; ours = modality ``asserted`` and not negated. We report
  the accuracy of asserted vs not asserted with the majority-class baseline beside it, precision /
  recall / F1 of *negated* (gold polarity NEG), and the share of gold event mentions we found.
* **Dates**: every gold TIMEX3 other than the DCT, matched to our expressions
  (:func:`dashboard.dates.find_timexes`) by overlapping extent; value accuracy on the matched ones,
  and recall of the extents. Documents without a valid DCT are left out (listed in
  ``dates_documents_left_out``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from dashboard.evaluation.dates import Span, match, prf, system_spans

_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}]|'s|'|n't|'re|'ve|'ll|'d|'m)$", re.I)
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


@dataclass
class GoldDoc:
    """One MEANTIME document: rebuilt ``text``, DCT (None when missing or malformed), the character
    offset where the annotated sentences end, gold event mentions ``(start, end, attributes)`` and
    gold TIMEX3 spans (DCT excluded)."""

    name: str
    text: str
    dct: date | None
    annotated_end: int
    events: list[tuple[int, int, dict]] = field(default_factory=list)
    timexes: list[Span] = field(default_factory=list)


def _spans(markable, offsets: dict[str, tuple[int, int]]) -> tuple[int, int] | None:
    ids = [a.get("t_id") for a in markable.findall("token_anchor") if a.get("t_id") in offsets]
    if not ids:
        return None
    return min(offsets[i][0] for i in ids), max(offsets[i][1] for i in ids)


def load_cat(path: Path) -> GoldDoc:
    """Read one MEANTIME CAT XML file into a :class:`GoldDoc`."""
    root = ET.parse(path).getroot()
    pieces, offsets, n, prev, last_sentence = [], {}, 0, None, None
    tokens = [t for t in root.iter("token") if t.get("sentence") != "1"]
    for tok in tokens:
        word, sent = tok.text or "", tok.get("sentence")
        sep = "" if not pieces else "\n\n" if sent != last_sentence and last_sentence == "0" else (
            "" if _NO_SPACE_BEFORE.match(word) or prev in _NO_SPACE_AFTER else " ")
        pieces.append(sep + word)
        n += len(sep)
        offsets[tok.get("t_id")] = (n, n + len(word))
        n += len(word)
        prev, last_sentence = word, sent
    text = "".join(pieces)
    sentence_of = {t.get("t_id"): int(t.get("sentence")) for t in root.iter("token")}
    markables = root.find("Markables")
    anchored = [int(sentence_of[a.get("t_id")]) for m in (markables if markables is not None else [])
                for a in m.findall("token_anchor") if a.get("t_id") in sentence_of]
    last = max(anchored, default=0)
    annotated_end = max((e for t, (s, e) in offsets.items() if sentence_of[t] <= last), default=0)
    dct = None
    doc = GoldDoc(Path(path).stem, text, None, annotated_end)
    for m in (markables if markables is not None else []):
        span = _spans(m, offsets)
        if m.tag == "TIMEX3" and m.get("functionInDocument") == "CREATION_TIME":
            if re.fullmatch(r"\d{4}-\d\d-\d\d", m.get("value", "")):
                dct = date.fromisoformat(m.get("value"))
        elif span is None:
            continue
        elif m.tag == "EVENT_MENTION":
            doc.events.append((span[0], span[1], dict(m.attrib)))
        elif m.tag == "TIMEX3":
            doc.timexes.append(Span(span[0], span[1], m.get("type", ""), m.get("value", "")))
    doc.dct = dct
    return doc


def gold_asserted(attrs: dict) -> bool:
    """MEANTIME's asserted event: certainty CERTAIN, polarity POS, time NON_FUTURE."""
    return (attrs.get("certainty"), attrs.get("polarity"), attrs.get("time")) == ("CERTAIN", "POS", "NON_FUTURE")


def our_asserted(event: dict) -> bool:
    """Our asserted event: modality ``asserted`` (or none recorded) and not negated."""
    return (event.get("modality") or "asserted") == "asserted" and not event.get("negated")


def cat_files(corpus: Path, layer: str = "intra-doc_annotation") -> list[Path]:
    """The CAT XML files of one annotation layer, sorted."""
    return sorted((Path(corpus) / layer).rglob("*.xml"))


def evaluate(corpus: Path, settings=None, limit: int | None = None) -> dict:
    """Factuality and date scores on MEANTIME (see the module docstring for every key)."""
    from dashboard.pipeline import resources, run
    from dashboard.records import Article
    from dashboard.settings import Settings

    settings = settings or Settings.from_env()
    files = cat_files(corpus)[:limit] if limit else cat_files(corpus)
    docs = [load_cat(f) for f in files]
    arts = [Article(text=d.text, url=f"meantime:{d.name}", source_path=d.name,
                    published=datetime(d.dct.year, d.dct.month, d.dct.day, tzinfo=timezone.utc) if d.dct else None,
                    published_precision="day" if d.dct else None) for d in docs]
    events = run(arts, settings)["events"].to_dicts()
    by_article: dict[str, list[dict]] = {}
    for ev in events:
        by_article.setdefault(ev["article_id"], []).append(ev)
    pairs, gold_total, gold_found = [], 0, 0
    for d, a in zip(docs, arts):
        ours = [e for e in by_article.get(a.article_id, []) if e["verb_start"] < d.annotated_end]
        gold_total += len(d.events)
        found = set()
        for ev in ours:
            hit = next((i for i, (s, e, _) in enumerate(d.events) if ev["verb_start"] < e and s < ev["verb_end"]), None)
            if hit is not None:
                pairs.append((d.events[hit][2], ev))
                found.add(hit)
        gold_found += len(found)
    n = len(pairs)
    correct = sum(gold_asserted(g) == our_asserted(o) for g, o in pairs)
    n_gold_asserted = sum(gold_asserted(g) for g, _ in pairs)
    tp = sum(g.get("polarity") == "NEG" and bool(o.get("negated")) for g, o in pairs)
    p, r, f = prf(tp, sum(bool(o.get("negated")) for _, o in pairs), sum(g.get("polarity") == "NEG" for g, _ in pairs))
    out = {
        "corpus": Path(corpus).name, "n_documents": len(docs), "n_gold_events": gold_total,
        "n_aligned_events": n, "gold_events_found": gold_found,
        "gold_event_recall": round(gold_found / gold_total, 4) if gold_total else 0.0,
        "asserted_accuracy": round(correct / n, 4) if n else 0.0,
        "asserted_majority_baseline": round(max(n_gold_asserted, n - n_gold_asserted) / n, 4) if n else 0.0,
        "n_gold_asserted": n_gold_asserted,
        "n_gold_negated": sum(g.get("polarity") == "NEG" for g, _ in pairs),
        "negated_precision": round(p, 4), "negated_recall": round(r, 4), "negated_f1": round(f, 4),
        "negated_majority_f1": 0.0,
    }
    out.update(_date_scores(docs, resources(settings)[0]))
    return out


def _date_scores(docs: list[GoldDoc], nlp) -> dict:
    """Value accuracy and extent recall of our TIMEX3 on the gold ones (documents with a DCT)."""
    kept = [d for d in docs if d.dct is not None]
    pairs, n_gold = [], 0
    for d, doc in zip(kept, nlp.pipe(d.text for d in kept)):
        ours = [s for s in system_spans(doc, d.dct) if s.start < d.annotated_end]
        n_gold += len(d.timexes)
        pairs += match(d.timexes, ours)
    right = sum(g.value == s.value for g, s in pairs)
    return {
        "dates_n_documents": len(kept), "dates_documents_left_out": [d.name for d in docs if d.dct is None],
        "dates_n_gold": n_gold, "dates_matched": len(pairs),
        "dates_extent_recall": round(len(pairs) / n_gold, 4) if n_gold else 0.0,
        "dates_value_accuracy": round(right / len(pairs), 4) if pairs else 0.0,
    }
