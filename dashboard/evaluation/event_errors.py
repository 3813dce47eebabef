"""The PLOVER gold-standard misses by kind (``python -m dashboard eval events --corpus PATH
--errors``), from the diagnostic rows of :func:`dashboard.evaluation.events.score_plover`.

Kinds of event-type miss: no event at all; a plain statement or appeal (CAMEO 01, 02, which have
no PLOVER type) where the gold codes an action; another type. Kinds of actor miss: no event; no
actor in that role; a thing (an ``object:`` actor, "the road") where the gold names an actor;
another actor."""

from __future__ import annotations

from collections import Counter
from pathlib import Path


def type_kind(row: dict) -> str | None:
    """The kind of event-type miss of one row, None when the type is right."""
    if row["type_ok"]:
        return None
    if not row["n_events"]:
        return "no event"
    if (row["cameo_code"] or "")[:2] in ("01", "02"):
        return f"statement or appeal ({row['cameo_code']}) for {row['gold']}"
    return f"{row['ours']} for {row['gold']}"


def actor_kind(row: dict, role: str) -> str | None:
    """The kind of ``role`` (source or target) miss of one row, None when right or not scored."""
    if not row[f"has_{role}"] or row[f"{role}_ok"]:
        return None
    if not row["n_events"]:
        return "no event"
    ours = row.get(f"our_{role}_id") or ""
    if row[f"our_{role}"] is None:
        return f"no {role}"
    return f"a thing as {role}" if ours.startswith("object:") else f"another {role}"


def error_kinds(rows: list[dict]) -> dict[str, Counter]:
    """``{"type" | "source" | "target": Counter(kind -> count)}`` over the diagnostic rows."""
    out = {"type": Counter(), "source": Counter(), "target": Counter()}
    for row in rows:
        for part, kind in (("type", type_kind(row)), ("source", actor_kind(row, "source")),
                           ("target", actor_kind(row, "target"))):
            if kind:
                out[part][kind] += 1
    return out


def listing(corpus: Path, settings, limit: int | None = None) -> list[str]:
    """Lines to print: each part's kinds, largest first, then every miss with its sentence."""
    from dashboard.evaluation.events import score_plover

    scores, rows = score_plover(corpus, settings, limit)
    lines = []
    for part, kinds in error_kinds(rows).items():
        key = "event_type_accuracy" if part == "type" else f"{part}_actor_accuracy"
        lines.append(f"{part} (accuracy {scores[key]}):")
        lines += [f"  {n:4d}  {kind}" for kind, n in kinds.most_common()]
    for row in rows:
        kinds = [k for k in (type_kind(row), actor_kind(row, "source"), actor_kind(row, "target")) if k]
        if kinds:
            lines.append(f"{row['id']}: {'; '.join(kinds)} | {row['cameo_code']} {row['verb']} "
                         f"{row['our_source']} -> {row['our_target']} | gold {row['gold']} "
                         f"{row['gold_source']} -> {row['gold_target']} | {row['text'][:160]}")
    return lines
