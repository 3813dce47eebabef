"""Temporal expressions scored as in TempEval-3 Task A (UzZaman et al., SemEval 2013) on TimeML.

``python -m dashboard eval dates --corpus ../shared/corpora/tempeval3-train --json``

Each document's TEXT is parsed with the project's spaCy pipeline (:func:`dashboard.pipeline.resources`);
its temporal expressions are found and normalised by :func:`dashboard.dates.find_timexes` with the
document creation time (DCT) as the reference. A system TIMEX3 matches a gold one when their extents
overlap (relaxed) or are identical (strict), one to one in text order. Value accuracy = relaxed
matches whose ``value`` string equals the gold value / relaxed matches; Value F1 = relaxed F1 × value
accuracy (the task's definition). Scores are given for all TIMEX3 types and for DATE alone (gold DATE
against our DATE), over the whole corpus and per sub-corpus (TimeBank, AQUAINT).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Span:
    """A TIMEX3 extent ``[start, end)`` in the plain text, with its ``type`` and ``value``."""

    start: int
    end: int
    type: str
    value: str


def strip_tags(markup: str, element: str) -> tuple[str, list[tuple[int, int, dict]]]:
    """Plain text of TimeML ``markup`` without tags, and the ``(start, end, attributes)`` of every
    ``element`` (e.g. ``TIMEX3``) in that text; character entities are unescaped."""
    out, pos, n, stack, spans = [], 0, 0, [], []
    for m in _TAG.finditer(markup):
        chunk = html.unescape(markup[pos:m.start()])
        out.append(chunk)
        n += len(chunk)
        pos = m.end()
        if m[2] != element:
            continue
        if m[1]:
            start, attrs = stack.pop()
            spans.append((start, n, attrs))
        else:
            stack.append((n, dict(_ATTR.findall(m[3]))))
    out.append(html.unescape(markup[pos:]))
    return "".join(out), spans


def load_tml(path: Path) -> tuple[str, str | None, list[Span]]:
    """``(text, DCT value, gold TIMEX3 spans)`` of one TimeML file (TempEval-3 layout)."""
    raw = Path(path).read_text(encoding="utf-8")
    dct = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"([^\"]+)\"", raw)
    body = raw.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    text, spans = strip_tags(body, "TIMEX3")
    gold = [Span(s, e, a.get("type", ""), a.get("value", "")) for s, e, a in spans]
    return text, dct[1] if dct else None, gold


def match(gold: list[Span], system: list[Span], strict: bool = False) -> list[tuple[Span, Span]]:
    """One-to-one pairs of gold and system spans whose extents overlap (or are identical when
    ``strict``), greedily in text order."""
    pairs, used = [], set()
    for g in gold:
        for i, s in enumerate(system):
            if i in used:
                continue
            ok = (s.start, s.end) == (g.start, g.end) if strict else s.start < g.end and g.start < s.end
            if ok:
                pairs.append((g, s))
                used.add(i)
                break
    return pairs


def prf(n_match: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = n_match / n_sys if n_sys else 0.0
    r = n_match / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(docs: list[tuple[list[Span], list[Span]]], prefix: str) -> dict:
    """TempEval-3 Task A figures over ``(gold, system)`` span lists, keys prefixed with ``prefix``."""
    counts = dict(gold=0, sys=0, relaxed=0, strict=0, value=0)
    for gold, system in docs:
        relaxed = match(gold, system)
        counts["gold"] += len(gold)
        counts["sys"] += len(system)
        counts["relaxed"] += len(relaxed)
        counts["strict"] += len(match(gold, system, strict=True))
        counts["value"] += sum(g.value == s.value for g, s in relaxed)
    p, r, f = prf(counts["relaxed"], counts["sys"], counts["gold"])
    sp, sr, sf = prf(counts["strict"], counts["sys"], counts["gold"])
    acc = counts["value"] / counts["relaxed"] if counts["relaxed"] else 0.0
    out = {"n_gold": counts["gold"], "n_system": counts["sys"], "relaxed_precision": p, "relaxed_recall": r,
           "relaxed_f1": f, "strict_precision": sp, "strict_recall": sr, "strict_f1": sf,
           "value_accuracy": acc, "value_f1": f * acc}
    return {f"{prefix}{k}": (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()}


def tml_files(corpus: Path) -> list[Path]:
    """The ``.tml`` files of a TempEval-3 folder (any depth), sorted."""
    return sorted(Path(corpus).rglob("*.tml"))


def system_spans(doc, dct: str | date | None) -> list[Span]:
    """Our TIMEX3 spans for a parsed document: every found expression that a rule normalises (one
    that none reads is no TIMEX3 of ours). ``dct`` is a date or a TIMEX3 day value."""
    from dashboard.dates.recognise import find_timexes

    ref = dct if isinstance(dct, date) else (
        date.fromisoformat(dct[:10]) if dct and re.match(r"\d{4}-\d\d-\d\d", dct) else None)
    return [Span(f.start, f.end, f.timex.type, f.timex.value) for f in find_timexes(doc, ref) if f.timex]


def run(corpus: Path, settings, limit: int | None = None) -> dict[str, list[tuple[list[Span], list[Span]]]]:
    """``{sub-corpus: [(gold spans, system spans) per document]}`` (sub-corpus = the parent folder)."""
    from dashboard.pipeline import resources

    nlp, _ = resources(settings)
    files = tml_files(corpus)[:limit] if limit else tml_files(corpus)
    loaded = [(f.parent.name, *load_tml(f)) for f in files]
    out: dict[str, list] = {}
    for (part, _, dct, gold), doc in zip(loaded, nlp.pipe(t for _, t, _, _ in loaded)):
        out.setdefault(part, []).append((gold, system_spans(doc, dct)))
    return out


def evaluate(corpus: Path, settings=None, limit: int | None = None) -> dict:
    """TempEval-3 Task A scores: ``all_*`` and ``date_*`` over the corpus, then the same per
    sub-corpus (``timebank_all_value_f1``, ``aquaint_date_relaxed_f1``, …)."""
    from dashboard.settings import Settings

    settings = settings or Settings.from_env()
    parts = run(corpus, settings, limit)
    out = {"corpus": Path(corpus).name, "n_documents": sum(len(v) for v in parts.values())}

    def both(docs, prefix):
        out.update(score(docs, f"{prefix}all_"))
        only_date = [([g for g in gold if g.type == "DATE"], [s for s in sys if s.type == "DATE"]) for gold, sys in docs]
        out.update(score(only_date, f"{prefix}date_"))

    both([d for docs in parts.values() for d in docs], "")
    for part, docs in sorted(parts.items()):
        both(docs, f"{part.lower()}_")
    return out


def errors(corpus: Path, settings=None, limit: int | None = None) -> list[tuple[str, str, str, str]]:
    """Value errors on relaxed matches: ``(gold text, gold value, our text, our value)``."""
    from dashboard.settings import Settings

    settings = settings or Settings.from_env()
    files = tml_files(corpus)[:limit] if limit else tml_files(corpus)
    out = []
    texts = {f: load_tml(f)[0] for f in files}
    for f, (gold, system) in zip(files, [d for docs in run(corpus, settings, limit).values() for d in docs]):
        text = texts[f]
        out += [(text[g.start:g.end], g.value, text[s.start:s.end], s.value)
                for g, s in match(gold, system) if g.value != s.value]
    return out
