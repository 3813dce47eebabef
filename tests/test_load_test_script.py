"""The load test's comparison with one session (``scripts/load_test.py``): behaviour, never timings."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import load_test  # noqa: E402


def _result(label: str, sessions: int, p95: float, n: int = 60) -> dict:
    return {"label": label, "sessions": sessions, "all": {"n": n, "p50": p95 / 2, "p95": p95, "p99": p95}}


def test_concurrent_runs_are_compared_with_the_smaller_single_session_p95():
    results = [_result("1 session", 1, 0.29), _result("20 sessions, run 1", 20, 0.25),
               _result("20 sessions, run 2", 20, 0.10), _result("1 session, after", 1, 0.10)]
    line = load_test.verdict(results)
    assert "0.10 s, the smaller of 0.29 s and 0.10 s" in line
    assert "20 sessions, run 1 2.50×" in line and "20 sessions, run 2 1.00×" in line
    assert "1 session" not in line.split(":", 1)[1].replace("20 sessions", "")


def test_an_empty_baseline_is_not_a_baseline():
    results = [_result("1 session", 1, float("nan"), n=0), _result("20 sessions, run 1", 20, 0.2)]
    assert load_test.verdict(results) == "p95 ratio: no single-session baseline"
