"""Corrections: the append-only file, undo, import, and applying every kind to the tables."""

from __future__ import annotations

import json

import polars as pl
import pytest

from synthetic import synthetic_tables
from dashboard import corrections as corr
from dashboard import query, store
from dashboard.actor_dictionary import ActorDictionary
from dashboard.corrections import Correction, CorrectionError
from dashboard.corrections_apply import apply, manual_place_id, sync_dictionary
from dashboard.query.corrected import apply_corrections
from dashboard.query.tables import load_tables


def C(kind, target, value=None, **kw) -> Correction:
    return Correction(kind, target, value or {}, who="tester", **kw)


def merge(src, into, name=None):
    return C("merge_actors", {"actor_id": src, "name": name}, {"into": into})


# ------------------------------------------------------------------------------------ the file
def test_append_read_undo_and_torn_last_line(tmp_path):
    a, b = merge("country:USA", "igo:nato", "United States"), C("reject_event", {"event_id": "e1"})
    corr.append(tmp_path, [a])
    corr.append(tmp_path, [b])
    lines = corr.corrections_path(tmp_path).read_text().splitlines()
    assert [json.loads(x)["id"] for x in lines] == [a.id, b.id]  # one JSON object per line
    assert json.loads(lines[0])["who"] == "tester" and json.loads(lines[0])["when"].endswith("Z")
    undone = corr.undo(tmp_path, a.id, "tester", "wrong merge")
    loaded = corr.read(tmp_path)
    assert [c.id for c in loaded.rows] == [a.id, b.id, undone.id]  # nothing deleted
    assert [c.id for c in loaded.active()] == [b.id]
    with pytest.raises(CorrectionError):
        corr.undo(tmp_path, a.id, "tester")  # already undone
    with pytest.raises(CorrectionError):
        corr.undo(tmp_path, undone.id, "tester")
    # a crash mid-append leaves a torn last line: reported, not raised; the next append still reads
    with open(corr.corrections_path(tmp_path), "a") as f:
        f.write('{"id": "c-torn", "kind": "reject_ev')
    loaded = corr.read(tmp_path)
    assert [p.line for p in loaded.problems] == [4] and "JSONDecodeError" in loaded.problems[0].reason
    c = C("hide_article", {"article_id": "a2"})
    corr.append(tmp_path, [c])
    loaded = corr.read(tmp_path)
    assert loaded.rows[-1].id == c.id and len(loaded.problems) == 1


def test_malformed_corrections_are_refused():
    with pytest.raises(CorrectionError):
        C("teleport", {"x": 1})
    with pytest.raises(CorrectionError):
        C("set_actor", {"actor_id": "igo:nato"}, {"field": "birthday", "new": "x"})
    with pytest.raises(CorrectionError):
        C("change_event", {"event_id": "e1"}, {"field": "cameo_code", "new": "999"})
    with pytest.raises(CorrectionError):
        C("change_event", {"event_id": "e1"}, {"field": "modality", "new": "maybe"})
    with pytest.raises(CorrectionError):
        C("move_place", {"article_id": "a1", "start": 0, "end": 1, "text": "x"}, {"scope": "mention"})
    with pytest.raises(CorrectionError):
        C("move_place", {"article_id": "a1", "start": 0, "end": 1, "text": "x"},
          {"scope": "mention", "latitude": 91, "longitude": 0})
    with pytest.raises(CorrectionError):
        merge("igo:nato", "igo:nato")


def test_modalities_match_the_extraction():
    from dashboard.nlp.modality import MODALITIES

    assert corr.MODALITIES == MODALITIES


def test_import_deduplicates_by_id_and_export_round_trips(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    a, b = merge("country:USA", "igo:nato"), C("reject_event", {"event_id": "e1"})
    corr.append(one, [a, b])
    corr.append(two, [b])
    text = corr.export_text(one)
    assert corr.import_text(two, text) == (1, [])
    assert corr.import_text(two, text) == (0, [])  # twice adds nothing
    assert sorted(c.id for c in corr.read(two).rows) == sorted([a.id, b.id])
    added, problems = corr.import_text(two, text + "not json\n")
    assert added == 0 and len(problems) == 1


# ------------------------------------------------------------------------------------ applying
def test_merge_actors_rewrites_ids_and_aliases_and_undo_restores():
    t = synthetic_tables()
    out = apply(t, [merge("person:vladimir-putin", "country:RUS", "Vladimir Putin")])
    assert out.orphans == []
    actors = out.tables["actors"]
    assert "person:vladimir-putin" not in actors["actor_id"].to_list()
    rus = actors.filter(pl.col("actor_id") == "country:RUS").row(0, named=True)
    assert {"Vladimir Putin", "Putin"} <= set(rus["aliases"])
    ev = out.tables["events"]
    assert "person:vladimir-putin" not in ev["source_actor_id"].to_list() + ev["target_actor_id"].to_list()
    assert ev.filter(pl.col("event_id") == "e1")["target_actor_id"].item() == "country:RUS"
    assert "person:vladimir-putin" not in out.tables["entities"]["actor_id"].to_list()
    # chains: A into B, then B into C -> A ends in C
    out = apply(t, [merge("igo:nato", "country:USA"), merge("country:USA", "country:RUS")])
    ev = out.tables["events"]
    assert ev.filter(pl.col("event_id") == "e5")["target_actor_id"].item() == "country:RUS"
    assert ev.filter(pl.col("event_id") == "e7")["source_actor_id"].item() == "country:RUS"


def test_set_actor_fields_latest_wins_and_old_name_kept():
    t = synthetic_tables()
    out = apply(t, [C("set_actor", {"actor_id": "igo:nato", "name": "NATO"}, {"field": "name", "new": "Alliance X"}),
                    C("set_actor", {"actor_id": "igo:nato"}, {"field": "name", "new": "North Atlantic Alliance"}),
                    C("set_actor", {"actor_id": "igo:nato"}, {"field": "country", "new": "BEL"}),
                    C("set_actor", {"actor_id": "person:joe-biden"}, {"field": "role", "new": "former President"}),
                    C("set_actor", {"actor_id": "person:joe-biden"}, {"field": "kind", "new": "government"})])
    a = {r["actor_id"]: r for r in out.tables["actors"].iter_rows(named=True)}
    assert a["igo:nato"]["name"] == "North Atlantic Alliance" and a["igo:nato"]["country"] == "BEL"
    assert "NATO" in a["igo:nato"]["aliases"]
    assert a["person:joe-biden"]["role"] == "former President" and a["person:joe-biden"]["kind"] == "government"
    assert len(out.applied) == 5


def _mention(article, start, end, text):
    return {"article_id": article, "start": start, "end": end, "text": text}


def test_move_place_scopes_coordinates_and_events_follow():
    t = synthetic_tables()
    # e9 (a3, at Donbas) in the sentence of a3's Donbas mention; e4 (a1, at Donbas) elsewhere
    t["events"] = t["events"].with_columns(
        pl.when(pl.col("event_id") == "e9").then(1).otherwise(pl.col("sentence_id")).cast(pl.Int32).alias("sentence_id"))
    # one mention: the metonymic Moscow of a1 to Kyiv (a known place)
    out = apply(t, [C("move_place", _mention("a1", 70, 76, "Moscow"), {"scope": "mention", "place_id": "703448"})])
    pm = out.tables["place_mentions"]
    assert pm.filter((pl.col("article_id") == "a1") & (pl.col("start") == 70))["place_id"].item() == "703448"
    assert pm.filter((pl.col("article_id") == "a1") & pl.col("start").is_null() & (pl.col("text") == "Moscow"))[
        "place_id"].item() == "524901"  # the dateline Moscow is another mention
    # typed coordinates, for every mention of the name in the corpus (case ignored)
    out = apply(t, [C("move_place", _mention("a3", 60, 66, "Donbas"),
                      {"scope": "corpus", "latitude": 48.5, "longitude": 38.5, "place_name": "Donbas (typed)"})])
    pid = manual_place_id(48.5, 38.5)
    assert out.tables["places"].filter(pl.col("place_id") == pid)["name"].item() == "Donbas (typed)"
    assert out.tables["place_mentions"].filter(pl.col("text") == "Donbas")["place_id"].to_list() == [pid]
    # the event in the moved mention's sentence at the old place moves with it; others stay
    ev = out.tables["events"]
    assert ev.filter(pl.col("event_id") == "e9")["place_id"].item() == pid
    assert ev.filter(pl.col("event_id") == "e4")["place_id"].item() == "curated:donbas"  # a1: no Donbas mention


def test_move_place_most_specific_scope_wins():
    t = synthetic_tables()
    m = _mention("a1", 70, 76, "Moscow")
    out = apply(t, [C("move_place", m, {"scope": "mention", "place_id": "703448"}),
                    C("move_place", m, {"scope": "article", "place_id": "2660646"})])
    pm = out.tables["place_mentions"].filter(pl.col("article_id") == "a1")
    assert dict(pm.select("start", "place_id").drop_nulls("start").iter_rows())[70] == "703448"
    assert pm.filter(pl.col("start").is_null() & (pl.col("text") == "Moscow"))["place_id"].item() == "2660646"


def test_reject_and_change_events():
    t = synthetic_tables()
    out = apply(t, [C("reject_event", {"event_id": "e2"}),
                    C("change_event", {"event_id": "e1"}, {"field": "cameo_code", "new": "036"}),
                    C("change_event", {"event_id": "e3"}, {"field": "modality", "new": "denied"}),
                    C("change_event", {"event_id": "e5"}, {"field": "source_actor_id", "new": "country:USA"}),
                    C("change_event", {"event_id": "e6"}, {"field": "target_actor_id", "new": ""})])
    ev = {r["event_id"]: r for r in out.tables["events"].iter_rows(named=True)}
    assert "e2" not in ev and len(ev) == 9
    assert (ev["e1"]["cameo_code"], ev["e1"]["cameo_root"], ev["e1"]["quad_class"]) == ("036", 3, 1)
    assert ev["e1"]["goldstein"] == 4.0
    assert ev["e3"]["modality"] == "denied" and ev["e3"]["negated"] is True
    assert ev["e5"]["source_actor_id"] == "country:USA" and ev["e6"]["target_actor_id"] is None


def test_hide_article_removes_its_rows():
    t = synthetic_tables()
    out = apply(t, [C("hide_article", {"article_id": "a2", "title": "Talks in Geneva"})])
    for name in ("articles", "entities", "place_mentions", "events", "quotes"):
        assert "a2" not in out.tables[name]["article_id"].to_list(), name
    assert out.tables["events"].height == 7  # e5, e6, e7 were a2's


def test_targets_that_no_longer_exist_are_reported():
    t = synthetic_tables()
    rows = [merge("person:nobody", "igo:unknown"),
            C("set_actor", {"actor_id": "person:nobody"}, {"field": "role", "new": "x"}),
            C("move_place", _mention("a1", 1, 5, "Paris"), {"scope": "mention", "place_id": "2988507",
                                                             "latitude": 48.85, "longitude": 2.35}),
            C("reject_event", {"event_id": "e99"}),
            C("change_event", {"event_id": "e98"}, {"field": "modality", "new": "future"}),
            C("hide_article", {"article_id": "gone"})]
    out = apply(t, rows)
    assert sorted(c.id for c, _ in out.orphans) == sorted(c.id for c in rows)
    assert all(reason for _, reason in out.orphans) and out.applied == []
    for name, df in t.items():
        assert out.tables[name].equals(df), name  # nothing changed


def test_merge_already_done_by_the_dictionary_is_not_an_orphan():
    t = synthetic_tables()
    t["actors"] = t["actors"].filter(pl.col("actor_id") != "person:vladimir-putin")
    out = apply(t, [merge("person:vladimir-putin", "country:RUS")])
    assert out.orphans == [] and len(out.applied) == 1


def test_corrections_apply_to_the_loaded_memory_plan(tmp_path):
    """The dashboard's tables have Categorical ids and few columns; dtypes survive the corrections."""
    store.write_tables(synthetic_tables(), tmp_path / "d")
    tables = load_tables(tmp_path / "d")
    corr.append(tmp_path / "d", [merge("person:vladimir-putin", "country:RUS"),
                                 C("move_place", _mention("a2", 40, 46, "Geneva"),
                                   {"scope": "article", "place_id": "703448"}),
                                 C("reject_event", {"event_id": "e1"}), C("hide_article", {"article_id": "a3"})])
    fixed, applied, loaded = apply_corrections(tables)
    assert applied.orphans == [] and len(applied.applied) == 4 and loaded.problems == []
    for name in ("entities", "place_mentions", "events", "actors"):
        before, after = dict(getattr(tables, name).schema), dict(getattr(fixed, name).schema)
        before.pop(query.EVENT_ROW, None)  # the events' row key: their ids, read from the store, in its place
        assert {c: after.get(c) for c in before} == before, name  # every held column keeps its dtype
        # events also carry their ids and the store-only columns the corrections use (CAMEO code,
        # negation, sentence)
        assert set(after) - set(before) <= {"event_id", "cameo_code", "negated", "sentence_id"}, name
        assert query.EVENT_ROW not in after, name
    assert "person:vladimir-putin" not in fixed.article_actors["actor_id"].cast(pl.String).to_list()
    assert fixed.article_places.filter(pl.col("article_id").cast(pl.String) == "a2")["place_id"].to_list() == ["703448"]
    # a rebuild (same tables written again) keeps the corrections file
    store.write_tables(synthetic_tables(), tmp_path / "d")
    assert len(corr.read(tmp_path / "d").rows) == 4


def test_merges_and_renames_go_to_the_actor_dictionary(tmp_path):
    t = synthetic_tables()
    rows = [merge("country:UKR", "country:RUS", "Ukraine"),
            C("set_actor", {"actor_id": "igo:nato", "name": "NATO"}, {"field": "name", "new": "North Atlantic Alliance"})]
    out = apply(t, rows)
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n  - name: Jen Psaki\n    kind: person\n    country: USA\n")
    assert sync_dictionary(path, rows, out.tables["actors"])
    assert not sync_dictionary(path, rows, out.tables["actors"])  # unchanged
    d = ActorDictionary.load(path)
    assert d.lookup("Jen Psaki") is not None  # the user's own entry is kept
    assert d.lookup("Ukraine").actor_id == "country:RUS" and d.lookup("Kyiv").actor_id == "country:RUS"
    assert d.lookup("NATO").name == "North Atlantic Alliance"
    # what a build does with it: the stored actors follow the corrections, ids stay stable
    built, remap = d.apply(t)
    assert remap == {"country:UKR": "country:RUS"}
    assert "country:UKR" not in built["events"]["target_actor_id"].to_list()
    assert built["actors"].filter(pl.col("actor_id") == "igo:nato")["name"].item() == "North Atlantic Alliance"
    # the corrections on the rebuilt tables: applied, nothing orphaned, same result
    again = apply(built, rows)
    assert again.orphans == [] and again.tables["actors"]["actor_id"].sort().equals(out.tables["actors"]["actor_id"].sort())
    # an undone merge leaves the file
    assert sync_dictionary(path, rows[1:], out.tables["actors"])
    assert ActorDictionary.load(path).lookup("Ukraine") is None


def test_read_only_setting_auto_follows_community_cloud():
    from dashboard.settings import Settings, on_community_cloud

    assert on_community_cloud({"HOSTNAME": "streamlit"}, root="/home/me/app")
    assert on_community_cloud({}, root="/mount/src/news-dashboard")
    assert not on_community_cloud({"HOSTNAME": "laptop"}, root="/home/me/app")
    assert Settings.from_env({"NEWSDASH_READ_ONLY": "true"}).is_read_only
    assert not Settings.from_env({"NEWSDASH_READ_ONLY": "false"}).is_read_only
    assert Settings.from_env({}).read_only == "auto"


def test_rows_read_later_from_the_store_follow_the_merges(tmp_path):
    """The reader reads an article's quotations from the store: their speakers follow the merges."""
    store.write_tables(synthetic_tables(), tmp_path / "d")
    corr.append(tmp_path / "d", [merge("person:joe-biden", "country:USA")])
    fixed, _, _ = apply_corrections(load_tables(tmp_path / "d"))
    quotes = fixed.article_rows("quotes", "a1", ("speaker_actor_id", "cue"))
    assert quotes["speaker_actor_id"].to_list() == ["country:USA"]


@pytest.mark.parametrize("own", [
    "# analysts' desk dictionary\nactors:\n  # the White House\n  - name: Jen Psaki  # press secretary\n    kind: person\n",
    "actors:\n- name: Jen Psaki\n  kind: person\n# kept at the end\n",
    "",
])
def test_dictionary_write_back_keeps_the_users_text_and_comments(tmp_path, own):
    t = synthetic_tables()
    rows = [merge("country:UKR", "country:RUS", "Ukraine")]
    out = apply(t, rows)
    path = tmp_path / "actors.yaml"
    path.write_text(own)
    assert sync_dictionary(path, rows, out.tables["actors"])
    text = path.read_text()
    assert text.startswith(own.rstrip("\n")), text  # the user's text, comments included, byte for byte
    d = ActorDictionary.load(path)
    assert d.lookup("Ukraine").actor_id == "country:RUS"
    assert (d.lookup("Jen Psaki") is not None) == bool(own)
    # undone: the file is the user's text again
    assert sync_dictionary(path, [], out.tables["actors"])
    assert path.read_text().rstrip("\n") == own.rstrip("\n")


def test_dictionary_that_cannot_take_appended_entries_is_rewritten_whole(tmp_path):
    t = synthetic_tables()
    rows = [merge("country:UKR", "country:RUS", "Ukraine")]
    out = apply(t, rows)
    path = tmp_path / "actors.yaml"
    path.write_text("actors: [{name: Jen Psaki, kind: person}]\nversion: 2\n")
    assert sync_dictionary(path, rows, out.tables["actors"])
    d = ActorDictionary.load(path)
    assert d.lookup("Ukraine").actor_id == "country:RUS" and d.lookup("Jen Psaki") is not None
