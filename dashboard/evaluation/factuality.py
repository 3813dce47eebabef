"""Event factuality and dates scored on MEANTIME (NewsReader; Minard et al., LREC 2016).

``python -m dashboard eval factuality --corpus ../shared/corpora/meantime --json``

MEANTIME's CAT XML is read with :mod:`dashboard.evaluation.meantime` (text rebuilt from the tokens:
title, then the body; sentence 1, the date line, is left out); each document is run through
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

from pathlib import Path

from dashboard.evaluation import meantime
from dashboard.evaluation.dates import Span, match, prf, system_spans

def _gold_events(doc: meantime.Document) -> list[tuple[int, int, dict]]:
    return [(e.start, e.end, {"certainty": e.certainty, "polarity": e.polarity, "time": e.time}) for e in doc.events]


def _gold_timexes(doc: meantime.Document) -> list[Span]:
    return [Span(t.start, t.end, t.type, t.value) for t in doc.timexes]


def gold_asserted(attrs: dict) -> bool:
    """MEANTIME's asserted event: certainty CERTAIN, polarity POS, time NON_FUTURE."""
    return (attrs.get("certainty"), attrs.get("polarity"), attrs.get("time")) == ("CERTAIN", "POS", "NON_FUTURE")


def our_asserted(event: dict) -> bool:
    """Our asserted event: modality ``asserted`` (or none recorded) and not negated."""
    return (event.get("modality") or "asserted") == "asserted" and not event.get("negated")


def evaluate(corpus: Path, settings=None, limit: int | None = None) -> dict:
    """Factuality and date scores on MEANTIME (see the module docstring for every key)."""
    from dashboard.pipeline import resources, run
    from dashboard.records import Article
    from dashboard.settings import Settings

    settings = settings or Settings.from_env()
    docs = meantime.read_corpus(corpus, meantime.INTRA, limit=limit)
    arts = [Article(text=d.text, url=f"meantime:{d.name}", source_path=d.name, published=d.dct,
                    published_precision="day" if d.dct else None) for d in docs]
    events = run(arts, settings)["events"].to_dicts()
    by_article: dict[str, list[dict]] = {}
    for ev in events:
        by_article.setdefault(ev["article_id"], []).append(ev)
    pairs, gold_total, gold_found = [], 0, 0
    for d, a in zip(docs, arts):
        ours = [e for e in by_article.get(a.article_id, []) if d.annotated(e["verb_start"])]
        gold = _gold_events(d)
        gold_total += len(gold)
        found = set()
        for ev in ours:
            hit = next((i for i, (s, e, _) in enumerate(gold) if ev["verb_start"] < e and s < ev["verb_end"]), None)
            if hit is not None:
                pairs.append((gold[hit][2], ev))
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


def _date_scores(docs: list[meantime.Document], nlp) -> dict:
    """Value accuracy and extent recall of our TIMEX3 on the gold ones (documents with a DCT)."""
    kept = [d for d in docs if d.dct is not None]
    pairs, n_gold = [], 0
    for d, doc in zip(kept, nlp.pipe(d.text for d in kept)):
        ours = [s for s in system_spans(doc, d.dct.date()) if d.annotated(s.start)]
        gold = _gold_timexes(d)
        n_gold += len(gold)
        pairs += match(gold, ours)
    right = sum(g.value == s.value for g, s in pairs)
    return {
        "dates_n_documents": len(kept), "dates_documents_left_out": [d.name for d in docs if d.dct is None],
        "dates_n_gold": n_gold, "dates_matched": len(pairs),
        "dates_extent_recall": round(len(pairs) / n_gold, 4) if n_gold else 0.0,
        "dates_value_accuracy": round(right / len(pairs), 4) if pairs else 0.0,
    }
