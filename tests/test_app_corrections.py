"""The correction forms and the Corrections panel in ``app.py`` (Streamlit's AppTest, synthetic store)."""

from __future__ import annotations

import shutil

import pytest

from dashboard import corrections as corr
from test_app import FULL, metrics, ok, open_tab
from test_app import new_app as new_closed_app

FORMS = ("actor", "place", "event", "article")


def new_app(tab: str | None = None, **params):
    """The app with every correction form opened (closed, a form draws nothing: see below)."""
    at = new_closed_app(tab, **params)
    for form in FORMS:
        at.session_state[f"corr.{form}.open"] = True
    return at


def test_closed_forms_draw_nothing(data):
    """A closed form's select boxes (every actor, every event of the view) are neither built nor sent."""
    for tab, params in (("Map", {"place": "2660646"}), ("Events", {}), ("Articles", {"article": "a2"})):
        at = ok(new_closed_app(tab, **params).run())
        assert not [w.key for w in [*at.selectbox, *at.button, *at.text_input] if (w.key or "").startswith("corr.")]
        assert {e.label for e in at.expander} >= {"Correct an actor (merge, rename…)"}


@pytest.fixture
def data(synthetic_store, tmp_path, monkeypatch):
    """A private copy of the synthetic store (corrections are written into the data folder)."""
    folder = tmp_path / "processed"
    shutil.copytree(synthetic_store, folder)
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(folder))
    monkeypatch.setenv("NEWSDASH_RAW_DIR", str(tmp_path / "no-raw"))
    monkeypatch.setenv("NEWSDASH_DISPLAY_TIMEZONE", "UTC")
    monkeypatch.setenv("NEWSDASH_READ_ONLY", "false")
    return folder


def give_name(at, form: str, name: str = "Ana"):
    at.text_input(key=f"corr.who.{form}").input(name)
    return at


def test_merge_in_the_sidebar_then_undo_in_the_panel(data):
    at = ok(new_app(tab="Corrections").run())
    assert metrics(at)["Actors"] == FULL["Actors"]
    assert any("No corrections yet" in i.value for i in at.info)
    at.selectbox(key="corr.actor.id").set_value("person:vladimir-putin")
    at.radio(key="corr.actor.action").set_value("merge")
    at = ok(at.run())
    at.selectbox(key="corr.actor.into").set_value("country:RUS")
    give_name(at, "actor")
    at.text_input(key="corr.actor.why").input("the president stands for the state here")
    at = ok(at.button(key="corr.actor.save").click().run())
    assert metrics(at)["Actors"] == str(int(FULL["Actors"]) - 1)
    assert any("Saved: merge Vladimir Putin into Russia" in s.value for s in at.success)
    rows = corr.read(data).rows
    assert [(c.kind, c.who, c.target["actor_id"], c.value["into"]) for c in rows] == [
        ("merge_actors", "Ana", "person:vladimir-putin", "country:RUS")]
    table = at.dataframe[-1].value
    assert table["status"].to_list() == ["applied"] and "Vladimir Putin" in table["what"][0]
    # the name is asked once: the undo form only says who
    assert not [t for t in at.text_input if t.key == "corr.who.undo"]
    at.selectbox(key="corr.panel.undo").set_value(rows[0].id)
    at = ok(at.button(key="corr.panel.undo_go").click().run())
    assert metrics(at)["Actors"] == FULL["Actors"]
    assert [c.kind for c in corr.read(data).rows] == ["merge_actors", "undo"]  # nothing deleted
    assert at.dataframe[-1].value["status"].to_list() == ["undo", "undone"]


def test_reject_and_change_an_event_in_the_events_panel(data):
    at = ok(new_app(tab="Events").run())
    at.selectbox(key="corr.event.id").set_value("e1")
    give_name(at, "event")
    at = ok(at.button(key="corr.event.save").click().run())
    assert metrics(at)["Events"] == str(int(FULL["Events"]) - 1)
    at.selectbox(key="corr.event.id").set_value("e5")
    at.radio(key="corr.event.action").set_value("modality")
    at = ok(at.run())
    at.selectbox(key="corr.event.modality").set_value("hypothetical")
    at = ok(at.button(key="corr.event.save").click().run())
    assert [c.kind for c in corr.read(data).rows] == ["reject_event", "change_event"]
    assert corr.read(data).rows[1].value == {"field": "modality", "new": "hypothetical"}


def test_move_a_place_mention_to_typed_coordinates(data):
    at = ok(new_app(tab="Map", place="2660646").run())  # Geneva selected
    at.selectbox(key="corr.place.to").set_value("typed")
    at = ok(at.run())
    at.number_input(key="corr.place.lat").set_value(46.5)
    at.number_input(key="corr.place.lon").set_value(6.6)
    at.text_input(key="corr.place.name").input("Lausanne")
    give_name(at, "place")
    at = ok(at.button(key="corr.place.save").click().run())
    assert not [e.value for e in at.error]
    assert any("Saved: move 'Geneva'" in x.value.replace("\\", "") for x in at.success)  # escaped Markdown
    assert metrics(at)["Places"] == "1"  # the selection followed the mention to its new place
    (c,) = corr.read(data).rows
    assert c.kind == "move_place" and c.target["text"] == "Geneva" and c.value["latitude"] == 46.5
    at = ok(new_app(tab="Map", place="manual:46.5000,6.6000").run())
    assert metrics(at)["Places"] == "1"  # the typed place is on the map and selectable


def test_hide_an_article_in_the_reader(data):
    at = ok(new_app(tab="Articles", article="a2").run())
    give_name(at, "article")
    at = ok(at.button(key="corr.article.save").click().run())
    assert metrics(at)["Articles"] == str(int(FULL["Articles"]) - 1)


def test_the_default_article_of_the_reader_can_be_hidden(data):
    at = ok(new_app(tab="Articles").run())  # the reader opens on the newest article, a3
    give_name(at, "article")
    at = ok(at.button(key="corr.article.save").click().run())
    assert [c.target["article_id"] for c in corr.read(data).rows] == ["a3"]


def test_a_name_is_required(data):
    at = ok(new_app(tab="Articles", article="a2").run())
    at = ok(at.button(key="corr.article.save").click().run())
    assert any("Give your name first" in e.value for e in at.error)
    assert corr.read(data).rows == []


def test_panel_reports_unreadable_lines_and_orphans(data):
    corr.append(data, [corr.Correction("reject_event", {"event_id": "e404"}, who="Bo")])
    with open(corr.corrections_path(data), "a") as f:
        f.write('{"id": "c-torn", "ki')
    at = ok(new_app(tab="Corrections").run())
    warnings = " ".join(w.value for w in at.warning)
    assert "Line 2" in warnings and "could not be applied" in warnings
    assert at.dataframe[-1].value["status"][0].startswith("not applied: the event e404")


def _edit_controls(tab: str, params: dict) -> list[str]:
    at = ok(new_app(tab=tab, **params).run())
    keys = [w.key for w in at.button] + [w.key for w in at.selectbox] + [w.key for w in at.text_input]
    return [k for k in keys if k and (k.startswith("corr.") or k.startswith("upload")) and k != "corr.panel.download"]


PANELS = (("Map", {"place": "2660646"}), ("Events", {}), ("Articles", {"article": "a2"}), ("Corrections", {}))


def test_read_only_mode_refuses_every_edit(data, monkeypatch):
    corr.append(data, [corr.Correction("reject_event", {"event_id": "e2"}, who="Bo")])  # something to undo
    editable = {tab: _edit_controls(tab, params) for tab, params in PANELS}
    assert all(editable.values()), editable  # without read-only mode every panel has its form
    monkeypatch.setenv("NEWSDASH_READ_ONLY", "true")
    for tab, params in PANELS:
        assert _edit_controls(tab, params) == [], tab
    at = ok(new_app(tab="Corrections").run())
    assert any("Read-only" in i.value for i in at.info)
    corr.append(data, [corr.Correction("hide_article", {"article_id": "a1"}, who="Bo")])
    at = ok(new_app(tab="Corrections").run())  # corrections made elsewhere are still shown and applied
    assert metrics(at)["Articles"] == "2"
