"""Actor extraction on gold news (``python -m dashboard eval actors --corpus PATH``).

Two corpora are understood; :func:`evaluate` dispatches on the folder's contents:

* **MEANTIME** (``meantime/``, read with :mod:`dashboard.evaluation.meantime`): every article runs
  through :func:`dashboard.pipeline.run` (published at its creation time) and the store-wide merging of
  actors a build applies (:func:`dashboard.canonical.canonicalise`), and is scored on its annotated
  sentences only (output beyond the last annotated sentence is left out):

  - *recognition*: precision / recall / F1 of our entity mentions (``entities`` table) against the gold
    **named** mentions (``syntactic_type`` NAM) of types PER, ORG and LOC, by type and overlapping
    span (and, as ``ner_strict_*``, by exact span; see :func:`recognition`) (our PERSON -> PER; ORG -> ORG; GPE, LOC, FAC -> LOC; NORP is left out);
  - *in-document coreference* (intra-doc layer): our clusters are the mentions sharing an
    ``actor_id`` (else a ``place_id``) in one article, the gold ones the mentions referring to one
    ``ENTITY``; MUC and B³ F1 over the mentions both sides found (a gold mention is found when one of
    ours has the same end and overlaps it: "the Airbus" and "Airbus");
  - *cross-document* B³ (intra_cross-doc layer): our ``actor_id`` against the gold ``instance_id``
    over all found mentions of the corpus.

  Beside each coreference figure, the **same-string baseline** measured in the same run: the same
  mentions clustered by their lower-cased text (within the article for in-document scores, across the
  corpus for the cross-document one).
* **CoNLL-2003** (``conll2003/``, ``test.txt``): person and organisation F1 by exact span, each
  document one article of its tokens joined by spaces (a sanity figure: that is not news layout).

Scores are flat JSON-able dicts; floors are pinned in ``tests/quality_floors.json`` under ``"actors"``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

from dashboard.evaluation import coref, meantime
from dashboard.records import Article

LABEL_TYPE = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
TYPES = ("PER", "ORG", "LOC")
CONLL_TYPES = {"PER": "PER", "ORG": "ORG"}
FALLBACK_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)


def _article(doc: meantime.Document) -> Article:
    return Article(text=doc.text, title=doc.title, published=doc.dct or FALLBACK_DATE,
                   published_precision="day", source_path=f"{doc.topic}/{doc.name}", article_id=doc.doc_id)


def _run(articles: list[Article], settings) -> dict[str, pl.DataFrame]:
    """The tables a build stores for ``articles``: extraction, then the store-wide merging of actors
    (:func:`dashboard.canonical.canonicalise`), as :func:`dashboard.pipeline.build` does."""
    from dashboard.canonical import canonicalise
    from dashboard.pipeline import run

    tables, _ = canonicalise(run(articles, settings))
    return tables


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(coref.f1(p, r), 4)}


def _our_mentions(docs: dict[str, meantime.Document], entities: pl.DataFrame) -> dict[str, list[dict]]:
    """Our entity mentions per article, on annotated sentences only, with a cluster id."""
    out: dict[str, list[dict]] = defaultdict(list)
    for row in entities.iter_rows(named=True):
        doc = docs.get(row["article_id"])
        if doc is None or not doc.annotated(row["start"]):
            continue
        cluster = row["actor_id"] or (f"place:{row['place_id']}" if row["place_id"] else None)
        out[row["article_id"]].append({**row, "type": LABEL_TYPE.get(row["label"]), "cluster": cluster})
    return out


def _matches(gold: list[tuple[int, int]], pred: list[tuple[int, int]], strict: bool) -> int:
    """Gold spans matched one-to-one by predicted spans: same offsets (strict) or overlapping (relaxed)."""
    if strict:
        return len(set(gold) & set(pred))
    used, tp = set(), 0
    for gs, ge in sorted(gold):
        for j, (ps, pe) in enumerate(sorted(pred)):
            if j not in used and ps < ge and gs < pe:
                used.add(j)
                tp += 1
                break
    return tp


def recognition(docs: dict[str, meantime.Document], ours: dict[str, list[dict]]) -> dict[str, float]:
    """Precision / recall / F1 per type and overall against the gold NAM mentions.

    ``ner_*``: relaxed match (same type, overlapping spans, one-to-one): MEANTIME's name extents
    include titles and appositions ("Senator John McCain (R-AZ"), ours do not. ``ner_strict_*``: the
    same spans exactly.
    """
    scores: dict[str, float] = {}
    for strict in (False, True):
        prefix = "ner_strict" if strict else "ner"
        totals = [0, 0, 0]
        for typ in TYPES:
            tp = n_pred = n_gold = 0
            for d, doc in docs.items():
                gold = sorted({(m.start, m.end) for m in doc.mentions if m.syntactic_type == "NAM" and m.ent_type == typ})
                pred = sorted({(m["start"], m["end"]) for m in ours.get(d, []) if m["type"] == typ})
                tp += _matches(gold, pred, strict)
                n_pred += len(pred)
                n_gold += len(gold)
            for k, v in _prf(tp, n_pred, n_gold).items():
                scores[f"{prefix}_{typ.lower()}_{k}"] = v
            totals = [totals[0] + tp, totals[1] + n_pred, totals[2] + n_gold]
        for k, v in _prf(*totals).items():
            scores[f"{prefix}_{k}"] = v
    return scores


def align(doc: meantime.Document, ours: list[dict]) -> list[tuple[meantime.Mention, dict]]:
    """Pairs (gold mention, our mention) of one article: same end offset and overlapping spans; each
    gold mention takes at most one of ours (the longest) and vice versa."""
    by_end = defaultdict(list)
    for m in ours:
        by_end[m["end"]].append(m)
    pairs, used = [], set()
    for g in sorted(doc.mentions, key=lambda g: (g.start, g.end)):
        if not g.chain:
            continue
        cands = [m for m in by_end.get(g.end, []) if m["start"] < g.end and g.start < m["end"]
                 and id(m) not in used and m["cluster"]]
        if cands:
            best = min(cands, key=lambda m: m["start"])
            used.add(id(best))
            pairs.append((g, best))
    return pairs


def _coref_scores(prefix: str, key: dict, ours: dict, baseline: dict) -> dict[str, float]:
    out = {f"{prefix}_n_mentions": len(key)}
    for name, response in (("", ours), ("baseline_", baseline)):
        for metric, fn in (("muc", coref.muc), ("b3", coref.b_cubed)):
            if prefix == "xdoc" and metric == "muc":
                continue
            out[f"{prefix}_{name}{metric}_f1"] = round(fn(key, response)["f1"], 4)
    return out


def coreference(docs: dict[str, meantime.Document], ours: dict[str, list[dict]], cross: bool) -> dict[str, float]:
    """In-document (``cross=False``; micro-averaged over the pooled mentions of all articles, clusters
    never spanning articles) or cross-document (``cross=True``) coreference scores, ours and baseline."""
    key, response, baseline = {}, {}, {}
    for d, doc in docs.items():
        for g, m in align(doc, ours.get(d, [])):
            mid = (d, g.m_id)
            key[mid] = g.instance if cross else g.chain
            response[mid] = m["cluster"] if cross else (d, m["cluster"])
            text = m["text"].lower()
            baseline[mid] = text if cross else (d, text)
    return _coref_scores("xdoc" if cross else "coref", key, response, baseline)


def evaluate_meantime(corpus: Path, settings, limit: int | None = None) -> dict:
    """Recognition, in-document coreference and cross-document B³ on MEANTIME (see the module doc)."""
    t0 = time.perf_counter()
    scores: dict = {"corpus": "meantime"}
    for layer in (meantime.INTRA, meantime.CROSS):
        docs = {d.doc_id: d for d in meantime.read_corpus(corpus, layer, limit=limit)}
        tables = _run([_article(d) for d in docs.values()], settings)
        ours = _our_mentions(docs, tables["entities"])
        if layer == meantime.INTRA:
            scores["n_articles"] = len(docs)
            scores.update(recognition(docs, ours))
            scores.update(coreference(docs, ours, cross=False))
        else:
            scores.update(coreference(docs, ours, cross=True))
    scores["seconds"] = round(time.perf_counter() - t0, 1)
    return scores


def read_conll(path: Path, limit: int | None = None) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """CoNLL-2003 documents as ``(text, {(start, end, type)})``: tokens joined by spaces, sentences by
    newlines, IOB2 entity spans as character offsets (types PER, ORG, LOC, MISC)."""
    docs: list[tuple[list[str], set]] = []
    text_parts: list[str] = []
    spans: set = set()
    pos, current = 0, None

    def close():
        nonlocal current
        if current:
            spans.add(tuple(current))
        current = None

    for line in Path(path).read_text(encoding="utf-8").splitlines() + ["-DOCSTART- -X- -X- O"]:
        if line.startswith("-DOCSTART-"):
            close()
            if text_parts:
                docs.append(("".join(text_parts).strip(), spans))
            text_parts, spans, pos = [], set(), 0
            continue
        if not line.strip():
            close()
            if text_parts and not text_parts[-1].endswith("\n"):
                text_parts.append("\n")
                pos += 1
            continue
        token, *_, tag = line.split()
        sep = "" if not text_parts or text_parts[-1].endswith("\n") else " "
        text_parts.append(sep + token)
        start = pos + len(sep)
        pos = start + len(token)
        if tag.startswith("B-") or tag == "O":
            close()
        if tag.startswith("B-"):
            current = [start, pos, tag[2:]]
        elif tag.startswith("I-") and current:
            current[1] = pos
    return docs[:limit]


def evaluate_conll(corpus: Path, settings, limit: int | None = None) -> dict:
    """Person and organisation F1 (exact span and type) on CoNLL-2003 ``test.txt``."""
    t0 = time.perf_counter()
    docs = read_conll(Path(corpus) / "test.txt", limit=limit)
    articles = [Article(text=text, published=FALLBACK_DATE, published_precision="day", article_id=f"conll-{i}")
                for i, (text, _) in enumerate(docs)]
    entities = _run(articles, settings)["entities"]
    scores: dict = {"corpus": "conll2003", "n_articles": len(docs)}
    for typ in CONLL_TYPES:
        gold = {(f"conll-{i}", s, e) for i, (_, spans) in enumerate(docs) for s, e, t in spans if t == typ}
        pred = {(r["article_id"], r["start"], r["end"]) for r in entities.iter_rows(named=True)
                if LABEL_TYPE.get(r["label"]) == typ}
        for k, v in _prf(len(gold & pred), len(pred), len(gold)).items():
            scores[f"ner_{typ.lower()}_{k}"] = v
    scores["seconds"] = round(time.perf_counter() - t0, 1)
    return scores


def evaluate(corpus: Path, settings, limit: int | None = None) -> dict:
    """Score actor extraction on MEANTIME or CoNLL-2003, chosen by the folder's contents.

    Raises
    ------
    ValueError
        If ``corpus`` is neither (no ``intra-doc_annotation/`` nor ``test.txt``).
    """
    corpus = Path(corpus)
    if (corpus / meantime.INTRA).is_dir():
        return evaluate_meantime(corpus, settings, limit)
    if (corpus / "test.txt").is_file():
        return evaluate_conll(corpus, settings, limit)
    raise ValueError(f"{corpus}: neither MEANTIME (intra-doc_annotation/) nor CoNLL-2003 (test.txt)")
