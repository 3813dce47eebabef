"""The panels' fragment (dashboard.views.panels): which reruns it may serve alone."""

from __future__ import annotations

import numpy as np

from dashboard.views import panels

DISPLAY = frozenset({"tab", "stances.view"})


def _state(**values) -> dict:
    state = dict(values)
    state[panels.SNAPSHOT_KEY] = panels.snapshot(state, DISPLAY)
    return state


def test_a_display_key_change_is_no_change():
    state = _state(tab="Map", **{"stances.view": "Heatmap", "flt.actor": ["a"]})
    state["tab"] = "Events"
    state["stances.view"] = "Network"
    assert not panels.state_changed(state, DISPLAY)


def test_any_other_change_is_a_change():
    for key, value in [("flt.actor", ["b"]), ("map.0", {"selection": {"points": [1]}}), ("articles.article", "x")]:
        state = _state(tab="Map", **{"flt.actor": ["a"], "map.0": {"selection": {"points": []}},
                                     "articles.article": None})
        state[key] = value
        assert panels.state_changed(state, DISPLAY), key


def test_a_new_key_is_a_change_and_a_dropped_one_is_not():
    state = _state(tab="Map", a=1)
    state["b"] = 2  # a callback set new state
    assert panels.state_changed(state, DISPLAY)
    state = _state(tab="Map", a=1, b=2)
    del state["b"]  # Streamlit dropped a widget the last run did not draw
    assert not panels.state_changed(state, DISPLAY)


def test_no_snapshot_or_incomparable_values_mean_a_whole_rerun():
    assert panels.state_changed({"tab": "Map"}, DISPLAY)
    state = _state(tab="Map", arr=np.array([1, 2]))
    state["arr"] = np.array([1, 3])
    assert panels.state_changed(state, DISPLAY)


def test_the_snapshot_leaves_out_display_keys_and_itself():
    state = _state(tab="Map", a=1)
    assert panels.snapshot(state, DISPLAY) == {"a": 1}


def test_only_a_whole_run_marks_the_thread():
    assert not panels.in_whole_run()
    with panels.whole_run(DISPLAY):
        assert panels.in_whole_run()
    assert not panels.in_whole_run()


def test_every_button_in_the_panels_acts_in_a_callback():
    """A fragment run that finds a change reruns the whole app, and a button's return value is True
    only in the run its click started: a button read as ``if st.button(…)`` in the panels would lose
    its click. So every button drawn in the panels acts in an ``on_click`` callback (or ignores it)."""
    import ast
    from pathlib import Path

    views = Path(panels.__file__).parent
    modules = ["map", "stances", "events", "articles", "corrections", "correct", "grid", "figures"]
    found = []
    for name in modules:
        path = views / f"{name}.py"
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                    "button", "download_button", "form_submit_button"):
                found.append((name, node.lineno, {k.arg for k in node.keywords}))
    assert found, "no button found: the check looks in the wrong place"
    assert [(n, line) for n, line, kw in found if "on_click" not in kw] == []
