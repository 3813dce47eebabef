"""Evaluations on public corpora (``python -m dashboard eval geo|events --corpus PATH --json``).

Each module exposes ``evaluate(corpus: Path, settings) -> dict`` returning a flat JSON-able dict of
scores; floors are pinned in ``tests/quality_floors.json``.
"""
