"""Input formats: HTML (ING-3), RSS/Atom (ING-2), CSV (ING-4), JSON, archives, sniffing, GDELT."""

import gzip
import io
import json
import os
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pytest

from dashboard import gdelt
from dashboard.ingest import (iter_inputs, parse_date, read_csv_articles, read_feed_articles, read_file,
                              read_html_article, read_json_articles, sniff)
from dashboard.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
GDELT_EXPORT = ROOT.parent / "shared" / "corpora" / "gdelt-events" / "20180101000000.export.CSV"
UTC = timezone.utc

# --------------------------------------------------------------------------------------- ING-2 feeds
ING2_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Wire</title><link>https://wire.example</link>
<item><title>a</title><link>https://wire.example/a</link><description>Item a text.</description>
  <pubDate>Tue, 04 Mar 2025 23:30:00 -0500</pubDate></item>
<item><title>b</title><link>https://wire.example/b</link><description>Item b text.</description>
  <pubDate>Tue, 04 Mar 2025 23:30:00 EST</pubDate></item>
<item><title>c</title><link>https://wire.example/c</link><description>Item c text.</description>
  <pubDate>Mon, 03 Mar 2025 08:00:00 AEST</pubDate></item>
<item><title>d</title><link>https://wire.example/d</link><description>Item d text.</description>
  <pubDate>2025/3/4 15:07:41</pubDate></item>
<item><title>e</title><link>https://wire.example/e</link><description>Item e text.</description>
  <pubDate>Di, 04 Mär 2025 11:41:36</pubDate></item>
</channel></rss>
"""


def test_ing2_feed_dates_to_utc_with_assumed_zone_flag():
    articles, problems = read_feed_articles(ING2_RSS, "wire.rss")
    got = {a.title: (a.published, a.published_tz_assumed) for a in articles}
    assert len(articles) == 5
    assert got["a"] == (datetime(2025, 3, 5, 4, 30, tzinfo=UTC), False)
    assert got["b"] == (datetime(2025, 3, 5, 4, 30, tzinfo=UTC), False)
    assert got["c"] == (datetime(2025, 3, 2, 22, 0, tzinfo=UTC), False)  # AEST is not EST
    assert got["d"] == (datetime(2025, 3, 4, 15, 7, 41, tzinfo=UTC), True)  # not 2025-03-01
    assert got["e"] in ((datetime(2025, 3, 4, 11, 41, 36, tzinfo=UTC), True), (None, False))
    flagged = {p.path for p in problems if p.level == "warning"}
    assert flagged == {"wire.rss#4", "wire.rss#5"}
    assert all(a.source == "Wire" and a.url.startswith("https://wire.example/") for a in articles)


@pytest.mark.parametrize("value,expected,assumed", [
    ("Tue, 04 Mar 2025 23:30:00 +0000", datetime(2025, 3, 4, 23, 30, tzinfo=UTC), False),
    ("Tue, 04 Mar 2025 23:30:00 GMT", datetime(2025, 3, 4, 23, 30, tzinfo=UTC), False),
    ("Tue, 04 Mar 2025 23:30:00 PDT", datetime(2025, 3, 5, 6, 30, tzinfo=UTC), False),
    ("Wed, 05 Mar 2025 10:00:00 CET", datetime(2025, 3, 5, 9, 0, tzinfo=UTC), False),
    ("2025-03-04T23:30:00-05:00", datetime(2025, 3, 5, 4, 30, tzinfo=UTC), False),
    ("2025-03-04T23:30:00", datetime(2025, 3, 4, 23, 30, tzinfo=UTC), True),
    ("4 March 2025 10:15", datetime(2025, 3, 4, 10, 15, tzinfo=UTC), True),
])
def test_dates_whatever_the_zone_notation(value, expected, assumed):
    dt, _, flag = parse_date(value)
    assert (dt, flag) == (expected, assumed)


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
<entry><title>Talks resume</title><link href="https://desk.example/1"/><id>1</id>
<updated>2025-03-04T09:00:00+01:00</updated><author><name>Ann Lee</name></author>
<content type="html">&lt;p&gt;Delegations met in Geneva.&lt;/p&gt;&lt;p&gt;They will meet again.&lt;/p&gt;</content></entry>
</feed>"""


def test_atom_entry():
    (a,), problems = read_feed_articles(ATOM, "desk.atom")
    assert a.published == datetime(2025, 3, 4, 8, tzinfo=UTC) and not a.published_tz_assumed
    assert a.authors == ["Ann Lee"] and a.text == "Delegations met in Geneva.\n\nThey will meet again."
    assert problems == []


# --------------------------------------------------------------------------------------- ING-3 HTML
ING3_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ports reopen after storm | Daily Courier</title>
<meta property="og:site_name" content="Daily Courier"><meta property="og:type" content="article">
<meta property="og:title" content="Ports reopen after storm">
<meta property="article:published_time" content="2025-03-04T09:00:00+01:00">
<meta property="article:modified_time" content="2025-06-20T10:00:00+00:00">
<meta name="author" content="Daily Courier">
<link rel="canonical" href="https://dailycourier.example/news/ports-reopen">
<script>window.__config = {"expires": "2026-01-31"};</script></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header><main><article>
<h1>Ports reopen after storm</h1>
<p class="byline">By Jane Roe | March 4, 2025 | Print</p>
<p>Harbour authorities in Rotterdam reopened the main shipping lanes on Tuesday after a storm forced a two-day closure, the port operator said.</p>
<p>Dozens of container ships that had waited at anchor off the coast began entering the port in the morning, and officials expected the backlog to clear by the end of the week.</p>
<div class="newsletter-signup"><h3>Morning briefing</h3><p>Sign up for our morning briefing and get the news in your inbox every day.</p></div>
<p>The storm brought gusts of more than 120 kilometres per hour to the Dutch coast and disrupted rail and air traffic across the region.</p>
<p><a href="https://example.org/orig">Source link</a></p>
</article>
<aside class="related"><h3>Related headlines</h3><ul><li><a href="/a">Rail strike ends after pay deal</a></li>
<li><a href="/b">Airline cuts winter routes</a></li><li><a href="/c">Fishermen protest new quotas</a></li></ul></aside>
</main><footer><p>© 2025 Daily Courier</p></footer></body></html>"""

SECTION_HTML = """<!DOCTYPE html><html><head><title>World news | Daily Courier</title>
<meta property="og:type" content="website"></head><body><main><h1>World</h1>
""" + "\n".join(
    f'<article class="teaser"><h2><a href="/world/{i}">Story number {i} about events somewhere in the world today</a></h2>'
    f'<p><a href="/world/{i}">Officials said on Monday that story {i} was developing and more details would follow soon.</a></p></article>'
    for i in range(12)) + "</main></body></html>"

CRAWLED = datetime(2025, 3, 5, 12, tzinfo=UTC)


def test_ing3_html_article_metadata_and_clean_body():
    a = read_html_article(ING3_HTML, "page.html", crawled=CRAWLED)
    assert a.authors == ["Jane Roe"]  # the publisher is not an author; the date is not part of a name
    assert a.published == datetime(2025, 3, 4, 8, 0, tzinfo=UTC)  # not the modified date, not the script's
    assert a.published <= CRAWLED
    assert a.title == "Ports reopen after storm" and a.source == "Daily Courier"
    assert a.url == "https://dailycourier.example/news/ports-reopen"
    assert a.text.startswith("Harbour authorities in Rotterdam")
    for junk in ("Sign up", "newsletter", "Source link", "Rail strike", "Airline cuts", "Fishermen", "By Jane Roe"):
        assert junk not in a.text


def test_ing3_publication_date_never_after_the_crawl():
    html = ING3_HTML.replace("2025-03-04T09:00:00+01:00", "2025-07-01T09:00:00+01:00")
    a = read_html_article(html, "page.html", crawled=CRAWLED)
    assert a.published is None or a.published <= CRAWLED


def test_ing3_section_page_gives_no_article_and_a_report_line(tmp_path):
    (tmp_path / "world.html").write_text(SECTION_HTML, encoding="utf-8")
    (result,) = read_file(tmp_path / "world.html", Settings())
    assert result.articles == []
    assert len(result.problems) == 1 and result.problems[0].reason.startswith("no article body")


# --------------------------------------------------------------------------------------- ING-4 CSV
ING4_CSV = '\ufeffid,title,body\n1,Talks,"Delegates met, and said:\nwe ""agree"" now."\n2,O"Brien visit,Plain text here.\n'


def test_ing4_csv_bom_quotes_and_stray_quote(tmp_path):
    path = tmp_path / "ing4.csv"
    path.write_bytes(ING4_CSV.encode("utf-8"))
    (result,) = read_file(path, Settings())
    arts = result.articles
    assert len(arts) == 2
    assert arts[0].text == 'Delegates met, and said:\nwe "agree" now.'
    assert arts[1].title == 'O"Brien visit' and arts[1].text == "Plain text here."  # literal, no shift
    assert [p for p in result.problems if p.level == "error"] == []
    import csv
    assert next(csv.reader(io.StringIO(ING4_CSV.encode().decode("utf-8-sig")))) == ["id", "title", "body"]


# --------------------------------------------------------------------------------------- JSON
NEWSAPI = {"status": "ok", "totalResults": 2, "articles": [
    {"source": {"id": None, "name": "Reuters"}, "author": "Tom Balmforth", "title": "Kyiv talks",
     "description": "Short.", "url": "https://r.example/1", "publishedAt": "2025-03-04T08:00:00Z",
     "content": "Ukrainian and Russian officials met in Istanbul on Tuesday. [+1200 chars]"},
    {"source": {"name": "AP"}, "title": "No body", "description": "Only a description here.",
     "url": "https://ap.example/2", "publishedAt": "2025-03-05T10:00:00+02:00"},
]}


def test_json_news_api_response():
    arts, problems = read_json_articles(json.dumps(NEWSAPI), "news.json", Settings())
    assert [a.source for a in arts] == ["Reuters", "AP"]
    assert arts[0].text == "Ukrainian and Russian officials met in Istanbul on Tuesday."
    assert arts[0].authors == ["Tom Balmforth"] and arts[0].published == datetime(2025, 3, 4, 8, tzinfo=UTC)
    assert arts[1].text == "Only a description here." and arts[1].published == datetime(2025, 3, 5, 8, tzinfo=UTC)
    assert problems == []


def test_json_lines_and_arrays_and_configurable_fields():
    lines = "\n".join(json.dumps({"kop": f"T{i}", "inhoud": f"Tekst {i}"}) for i in range(3))
    settings = Settings.from_env({}, csv_title_columns="kop", csv_text_columns="inhoud")
    arts, _ = read_json_articles(lines, "x.jsonl", settings)
    assert [(a.title, a.text) for a in arts] == [("T0", "Tekst 0"), ("T1", "Tekst 1"), ("T2", "Tekst 2")]
    arr = json.dumps([{"headline": "H", "body": "B text", "published_at": "2025-01-02"}])
    (a,), _ = read_json_articles(arr, "x.json", Settings())
    assert (a.title, a.text, a.published_precision) == ("H", "B text", "day")


# --------------------------------------------------------------------------------------- archives, sniffing
def test_archives_and_lying_extensions(tmp_path):
    text = "Headline\n\nRussia and Ukraine met in Istanbul on Tuesday."
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(text.encode()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("inner/news.json", json.dumps(NEWSAPI))
        z.writestr("inner/page.html", ING3_HTML)
        z.writestr("__MACOSX/._junk", b"\x00\x01")
    (tmp_path / "bundle.zip").write_bytes(buf.getvalue())
    (tmp_path / "page-saved-as.txt").write_text(ING3_HTML, encoding="utf-8")  # HTML with a .txt name
    (tmp_path / "feed.txt").write_text(ATOM, encoding="utf-8")
    (tmp_path / "data.csv").write_text(json.dumps(NEWSAPI), encoding="utf-8")  # JSON with a .csv name
    results = list(iter_inputs([tmp_path], Settings()))
    by_path = {r.path.replace(str(tmp_path) + os.sep, ""): r for r in results}
    assert by_path["a.txt.gz"].articles[0].title == "Headline"
    assert len(by_path["bundle.zip!inner/news.json"].articles) == 2
    assert by_path["bundle.zip!inner/page.html"].articles[0].authors == ["Jane Roe"]
    assert by_path["page-saved-as.txt"].kind == "html" and by_path["page-saved-as.txt"].articles[0].authors == ["Jane Roe"]
    assert by_path["feed.txt"].kind == "feed"
    assert by_path["data.csv"].kind == "json" and len(by_path["data.csv"].articles) == 2
    assert not [p for r in results for p in r.problems if p.level == "error"]


def test_sniff():
    assert sniff("x.txt", "<?xml version='1.0'?><rss>") == "feed"
    assert sniff("x.dat", "<!DOCTYPE html><html>") == "html"
    assert sniff("x.txt", '[{"a": 1}]') == "json"
    assert sniff("x.tsv", "a\tb") == "tsv"
    assert sniff("x.txt", "\t".join(["1", "20250101"] + [""] * 59)) == "gdelt"


# --------------------------------------------------------------------------------------- GDELT
def _gdelt_line(**values) -> str:
    row = dict.fromkeys(gdelt.COLUMNS, "")
    row.update(GLOBALEVENTID="1001", SQLDATE="20250304", MonthYear="202503", Year="2025", FractionDate="2025.1",
               Actor1Code="RUS", Actor1Name="RUSSIA", Actor1CountryCode="RUS",
               Actor2Code="UKRGOV", Actor2Name="UKRAINE", Actor2CountryCode="UKR", Actor2Type1Code="GOV",
               IsRootEvent="1", EventCode="190", EventBaseCode="190", EventRootCode="19", QuadClass="4",
               GoldsteinScale="-10.0", NumMentions="4", NumSources="1", NumArticles="4", AvgTone="-5",
               ActionGeo_Type="4", ActionGeo_FullName="Kharkiv, Kharkivs'ka Oblast', Ukraine",
               ActionGeo_CountryCode="UP", ActionGeo_ADM1Code="UP07", ActionGeo_Lat="49.9808",
               ActionGeo_Long="36.2527", ActionGeo_FeatureID="-1036509", DATEADDED="20250304120000",
               SOURCEURL="https://news.example/kharkiv")
    row.update(values)
    return "\t".join(row[c] for c in gdelt.COLUMNS)


def test_gdelt_line_to_tables(tmp_path):
    text = _gdelt_line() + "\n" + _gdelt_line(GLOBALEVENTID="1002", ActionGeo_Type="1", ActionGeo_FullName="Ukraine",
                                              ActionGeo_FeatureID="UP", ActionGeo_Lat="49", ActionGeo_Long="32",
                                              Actor2Code="", Actor2Name="", Actor2CountryCode="") + "\nbroken\tline\n"
    path = tmp_path / "20250304120000.export.CSV"
    path.write_text(text, encoding="utf-8")
    (result,) = read_file(path, Settings())
    t = result.tables
    ev = t["events"].sort("event_id")
    assert ev["event_id"].to_list() == ["gdelt:1001", "gdelt:1002"]
    first = ev.row(0, named=True)
    assert (first["cameo_code"], first["cameo_root"], first["quad_class"], first["goldstein"]) == ("190", 19, 4, -10.0)
    assert first["source_actor_id"] == "country:RUS" and first["target_actor_id"] == "gdelt:UKRGOV"
    assert str(first["event_date"]) == "2025-03-04" and first["place_id"] == "gdelt:-1036509"
    actors = {r["actor_id"]: r for r in t["actors"].iter_rows(named=True)}
    assert actors["country:RUS"]["name"] == "Russia" and actors["gdelt:UKRGOV"]["country"] == "UKR"
    assert actors["gdelt:UKRGOV"]["kind"] == "government"
    places = {r["place_id"]: r for r in t["places"].iter_rows(named=True)}
    assert places["gdelt:-1036509"]["country_code"] == "UA" and places["gdelt:-1036509"]["name"] == "Kharkiv"
    assert places["690791"]["feature_code"] == "PCLI"  # a country uses the GeoNames country id
    (art,) = t["articles"].to_dicts()
    assert art["url"] == "https://news.example/kharkiv" and art["text"] is None
    assert art["published"] == datetime(2025, 3, 4, 12, tzinfo=UTC)
    assert [p.reason for p in result.problems] == ["GDELT row has 2 fields, expected 61; skipped"]
    # Zipped, and detected by content under another name.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("events.tsv", text)
    (tmp_path / "g.zip").write_bytes(buf.getvalue())
    (zipped,) = read_file(tmp_path / "g.zip", Settings())
    assert zipped.kind == "gdelt" and zipped.tables["events"].height == 2


@pytest.mark.corpus
def test_gdelt_corpus_build(tmp_path):
    if not GDELT_EXPORT.is_file():
        pytest.skip(f"GDELT corpus not present at {GDELT_EXPORT}")
    from typer.testing import CliRunner

    from dashboard import query
    from dashboard.cli import app

    out = tmp_path / "gd"
    result = CliRunner().invoke(app, ["build", str(GDELT_EXPORT), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    events = pl.read_parquet(out / "events.parquet")
    assert events.height == 2414
    assert events["place_id"].is_not_null().sum() == 2356
    tables = query.load_tables(out)
    view = query.apply_filters(tables, query.Filters())
    assert query.map_points(tables, view)["events"].sum() == 2356
    # Filters by actor and date work on GDELT events as on articles.
    f = query.Filters(actors=("country:RUS",))
    by_actor = query.apply_filters(tables, f)
    assert 0 < by_actor.events.height < 2414 and by_actor.articles.height > 0
    from datetime import date
    day = query.apply_filters(tables, query.Filters(date_from=date(2018, 1, 1), date_to=date(2018, 1, 1)))
    assert 0 < day.events.height < 2414


# --------------------------------------------------------------------------------------- upload
@pytest.mark.parametrize("raw,expected", [
    ("news.html", "news.html"),
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\system32\\evil.csv", "evil.csv"),
    ("/abs/path/feed.xml", "feed.xml"),
    ("..", "upload"),
    ("", "upload"),
    (".hidden.json", "hidden.json"),
    ("a\x00b\nc.txt", "ab_c.txt"),
    ("CON.txt", "_CON.txt"),
    ("Genève news (1).md", "Genève news (1).md"),
])
def test_upload_names_are_sanitised(raw, expected):
    from dashboard.views.upload import safe_name

    assert safe_name(raw) == expected


def test_upload_long_names_keep_their_extension():
    from dashboard.views.upload import MAX_NAME, safe_name

    name = safe_name("x" * 500 + ".jsonl")
    assert len(name) <= MAX_NAME and name.endswith(".jsonl")


def test_upload_saves_inside_the_folder_and_adds_to_the_store(tmp_path):
    from dashboard import store
    from dashboard.views.upload import add_to_store, save_uploads, upload_dir

    folder = tmp_path / "uploads"
    paths = save_uploads([("../../escape.txt", b"a"), ("../escape.txt", b"b"), ("escape.txt", b"a")], folder)
    assert [p.name for p in paths] == ["escape.txt", "escape-1.txt", "escape.txt"]
    assert all(p.resolve().parent == folder.resolve() for p in paths)
    assert not (tmp_path / "escape.txt").exists()

    data = tmp_path / "data"
    settings = Settings.from_env({}, data_dir=str(data), raw_dir=str(tmp_path / "raw"))
    assert upload_dir(settings) == tmp_path / "raw" / "uploads"
    csv_bytes = b"headline,body\nTalks,Russia and Ukraine met in Istanbul on Tuesday.\n"
    calls = []
    report = add_to_store([("new.csv", csv_bytes), ("bad.json", b"{")], settings, lambda d, t, l: calls.append(d))
    assert report.added["articles"] == 1 and calls == [1]
    assert [p.level for p in report.problems] == ["error"]
    again = add_to_store([("new.csv", csv_bytes)], settings)  # same upload again: nothing new
    assert again.added["articles"] == 0
    assert store.read_tables(data)["articles"]["title"].to_list() == ["Talks"]
