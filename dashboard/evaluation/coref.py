"""Coreference scores over clusterings of the same mentions: MUC and B³.

Both take ``key`` (gold) and ``response`` as dicts ``mention -> cluster id`` over the SAME mentions
(callers restrict both sides to the mentions that both found). Formulas:

* MUC (Vilain et al., 1995): recall = Σ_k (|k| − |p(k)|) / Σ_k (|k| − 1), where ``p(k)`` is the
  partition of gold cluster ``k`` by the response clusters; precision is the same with the roles swapped.
* B³ (Bagga and Baldwin, 1998): for every mention ``m``, precision ``|K(m) ∩ R(m)| / |R(m)|`` and
  recall ``|K(m) ∩ R(m)| / |K(m)|`` (``K``/``R`` the key/response cluster of ``m``), averaged over
  mentions.

F1 is the harmonic mean of the two; an empty or all-singleton side gives 0 for MUC (no links).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Hashable


def _clusters(assign: dict[Hashable, Hashable]) -> dict[Hashable, set]:
    out: dict[Hashable, set] = defaultdict(set)
    for m, c in assign.items():
        out[c].add(m)
    return out


def f1(p: float, r: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def _muc_recall(key: dict, response: dict) -> float:
    num = den = 0
    for members in _clusters(key).values():
        parts = {response.get(m, ("singleton", m)) for m in members}
        num += len(members) - len(parts)
        den += len(members) - 1
    return num / den if den else 0.0


def muc(key: dict, response: dict) -> dict[str, float]:
    """MUC precision, recall and F1 of ``response`` against ``key`` (dicts mention -> cluster)."""
    r = _muc_recall(key, response)
    p = _muc_recall(response, key)
    return {"precision": p, "recall": r, "f1": f1(p, r)}


def b_cubed(key: dict, response: dict) -> dict[str, float]:
    """B³ precision, recall and F1 of ``response`` against ``key`` over the mentions of ``key``."""
    if not key:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    k_cl, r_cl = _clusters(key), _clusters(response)
    p = r = 0.0
    for m, c in key.items():
        k_set = k_cl[c]
        r_set = r_cl[response[m]] if m in response else {m}
        common = len(k_set & r_set)
        p += common / len(r_set)
        r += common / len(k_set)
    p, r = p / len(key), r / len(key)
    return {"precision": p, "recall": r, "f1": f1(p, r)}
