"""The in-document coreference errors on MEANTIME, by kind (``eval actors --errors``).

Over the mentions both sides found (paired by :func:`dashboard.evaluation.actors.align`), a **split**
is a gold chain whose mentions went to more than one of our actors (each actor beyond the one holding
most of the chain counts once), a **merge** one of our actors holding mentions of more than one gold
chain (likewise). Each error is put down to the mention that made it (the first of the smaller part):

* ``gold span longer``: the gold mention is a longer phrase than ours and is paired with ours only
  because both end at the same token ("Jim Press, the vice chairman of *Chrysler*", "its stake in
  *Chrysler*"): ours names another entity than the gold phrase's head;
* ``pronoun`` (a ``PRON`` row), ``role or apposition`` (a ``ROLE`` row), ``name`` (any other).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterator

from dashboard.evaluation import actors, meantime


def error_kind(doc: meantime.Document, gold: meantime.Mention, ours: dict) -> str:
    """The kind of mention a split or merge is put down to (see the module docstring)."""
    if len(doc.text[gold.start:gold.end].split()) > len(ours["text"].split()) + 1:
        return "gold span longer"
    return {"PRON": "pronoun", "ROLE": "role or apposition"}.get(ours["label"], "name")


def _describe(doc: meantime.Document, gold: meantime.Mention, ours: dict) -> str:
    return f"{doc.text[gold.start:gold.end]!r} -> {ours['text']!r} ({ours['cluster']})"


def article_errors(doc: meantime.Document, ours: list[dict]) -> list[tuple[str, str, str]]:
    """``(split|merge, kind, description)`` of one article's in-document coreference errors."""
    out = []
    pairs = actors.align(doc, ours)
    for what, key in (("split", lambda g, m: g.chain), ("merge", lambda g, m: m["cluster"])):
        groups: dict = defaultdict(list)
        for g, m in pairs:
            groups[key(g, m)].append((g, m))
        other = (lambda g, m: m["cluster"]) if what == "split" else (lambda g, m: g.chain)
        for members in groups.values():
            parts: dict = defaultdict(list)
            for g, m in members:
                parts[other(g, m)].append((g, m))
            for part in sorted(parts.values(), key=len, reverse=True)[1:]:
                g, m = part[0]
                out.append((what, error_kind(doc, g, m), " | ".join(_describe(doc, *gm) for gm in members)))
    return out


def errors(corpus: Path, settings, limit: int | None = None) -> Iterator[str]:
    """Lines listing every in-document split and merge on MEANTIME (article, error, kind, the chain
    or actor's mentions), then the counts by kind."""
    docs = {d.doc_id: d for d in meantime.read_corpus(corpus, meantime.INTRA, limit=limit)}
    tables = actors._run([actors._article(d) for d in docs.values()], settings)
    ours = actors._our_mentions(docs, tables["entities"])
    counts: Counter = Counter()
    for d, doc in sorted(docs.items()):
        for what, kind, text in article_errors(doc, ours.get(d, [])):
            counts[(what, kind)] += 1
            yield f"{doc.name[:60]}\t{what}\t{kind}\t{text}"
    for (what, kind), n in sorted(counts.items()):
        yield f"TOTAL\t{what}\t{kind}\t{n}"
