"""Ingestion: front matter, news furniture, CSV columns, bad input (the corpus in tests/bad_inputs)."""

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pytest

from dashboard.ingest.text import find_inline_dateline
from dashboard.ingest import (credited_names, discover, iter_articles, iter_inputs, parse_dateline,
                              parse_published, parse_text_article, read_csv_articles)
from dashboard.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "biden-putin-call.txt"


def test_seed_front_matter_and_furniture():
    article = parse_text_article(SEED.read_text(encoding="utf-8"), str(SEED))
    assert article.title == "Ukraine: Biden and Putin favor diplomatic channels to get out of crisis"
    assert article.source == "Reuters"
    assert article.published == datetime(2021, 12, 30, tzinfo=timezone.utc)
    assert article.published_precision == "day"
    assert article.datelines == ["Wilmington, Delaware", "Moscow"]
    assert article.authors == ["Jarrett Renshaw", "Vladimir Soldatkin", "Andrea Shalal", "Trevor Hunnicutt",
                               "Camille Raynaud"]
    assert article.text.startswith("US President Joe Biden and his Russian counterpart")
    assert article.text.endswith("in the region.")
    for furniture in ("Source link", "(Reuters)", "written by", "by Jarrett", "WILMINGTON"):
        assert furniture not in article.text


def test_same_article_without_front_matter():
    raw = SEED.read_text(encoding="utf-8").split("---\n", 2)[2]
    article = parse_text_article(raw)
    assert article.title.startswith("Ukraine: Biden and Putin")
    assert article.source == "Reuters"  # from the dateline's agency
    assert article.published is None
    assert article.datelines == ["Wilmington, Delaware", "Moscow"]


def test_dateline_needs_capitals_so_sentences_are_not_cut():
    assert parse_dateline("KYIV, Ukraine — Shelling resumed.") == (["Kyiv, Ukraine"], None, "Shelling resumed.")
    assert parse_dateline("Ukraine - a country in Europe.")[0] == []


def test_dateline_with_a_date_after_the_place():
    assert parse_dateline("WASHINGTON, April 5 (Thomson Reuters Foundation) - A landmark award.") == (
        ["Washington"], "Thomson Reuters Foundation", "A landmark award.")
    assert parse_dateline("LOS ANGELES, April 05, 2018 (GLOBE NEWSWIRE) -- Investment fraud.")[:2] == (
        ["Los Angeles"], "GLOBE NEWSWIRE")


@pytest.mark.parametrize("text, place, qualifier", [
    ("Man sentenced for mortgage fraud. CORSICANA — A Henderson County man", "CORSICANA", None),
    ("Courts? By Carey L. Biron. WASHINGTON, April 5 (Thomson Reuters Foundation) - A landmark", "WASHINGTON", None),
    ("91-89. (AP Photo/Ron Schwane)\n\nCOLUMBUS, Ohio (AP) — So how", "COLUMBUS", "Ohio"),
    ("CAMP MURRAY, Wash. - Lt. Col. Ricky Thomas said", "CAMP MURRAY", "Wash."),
    ("He said it was OK - really. Nothing else.", None, None),
    ("The talks went on. Russia - not Ukraine - walked out.", None, None),  # no capitals: a sentence
])
def test_inline_dateline_after_a_headline_or_byline(text, place, qualifier):
    found = find_inline_dateline(text)
    if place is None:
        assert found is None
    else:
        start, end, qual = found
        assert (text[start:end], qual) == (place, qualifier)


@pytest.mark.parametrize("raw", [
    "Troops shell city. KHARKIV — Russian troops shelled Kharkiv overnight.\n\nTwo people were killed.",
    "Troops shell city. KHARKIV — Russian troops shelled Kharkiv overnight. Two people were killed.",
])
def test_headline_run_into_the_dateline_is_split_off(raw):
    article = parse_text_article(raw)
    assert (article.title, article.datelines) == ("Troops shell city.", ["Kharkiv"])
    assert article.text.startswith("Russian troops shelled Kharkiv overnight.")


def test_byline_run_into_the_dateline_gives_the_author():
    article = parse_text_article("By Jane Roe. MOSCOW (Reuters) - Talks resumed on Monday.\n\nMore text.")
    assert (article.authors, article.datelines, article.source) == (["Jane Roe"], ["Moscow"], "Reuters")
    assert article.title is None and article.text.startswith("Talks resumed on Monday.")


@pytest.mark.parametrize("paragraph", [
    "NATO - the alliance - met in Brussels.",               # an organisation, and a lower-case sentence
    "WHO - the World Health Organization said so.",
    "BREAKING — Explosion rocks Beirut port",              # wire labels
    "EXCLUSIVE - Iran secretly armed Houthis",
    "PUTIN WARNS WEST OVER SANCTIONS - Russian President Vladimir Putin said",  # an all-caps headline
])
def test_lines_that_only_look_like_datelines(paragraph):
    assert parse_dateline(paragraph) == ([], None, paragraph)
    assert find_inline_dateline("Headline here. " + paragraph) is None


def test_headline_byline_and_dateline_on_one_line():
    article = parse_text_article("Kremlin rejects claims. By Jane Roe. MOSCOW (Reuters) - The Kremlin rejected "
                                 "the claims.\n\nMore text.")
    assert (article.title, article.authors, article.datelines, article.source) == (
        "Kremlin rejects claims.", ["Jane Roe"], ["Moscow"], "Reuters")
    assert article.text.startswith("The Kremlin rejected the claims.")


def test_headline_byline_and_dateline_on_lines_of_their_own_without_blank_lines():
    article = parse_text_article("Kremlin rejects claims\nBy Jane Roe\nMOSCOW (Reuters) - The Kremlin rejected "
                                 "the claims.\nIt said more.\n\nNext paragraph.")
    assert (article.title, article.authors, article.datelines, article.source) == (
        "Kremlin rejects claims", ["Jane Roe"], ["Moscow"], "Reuters")
    assert article.text == "The Kremlin rejected the claims.\nIt said more.\n\nNext paragraph."


def test_a_first_sentence_is_not_taken_for_a_headline():
    article = parse_text_article("---\npublished: 2024-03-15\n---\nPeskov said that Russia annexed Crimea.\n\n"
                                 "He added more.")
    assert article.title is None and article.text.startswith("Peskov said that Russia annexed Crimea.")


def test_credits_names_skip_places():
    assert credited_names("(Reporting by Tom Balmforth in Kyiv; Editing by Jane Doe)") == ["Tom Balmforth", "Jane Doe"]


@pytest.mark.parametrize("value,expected,precision", [
    ("2021-12-30", datetime(2021, 12, 30, tzinfo=timezone.utc), "day"),
    ("2022-06-24T17:30:00Z", datetime(2022, 6, 24, 17, 30, tzinfo=timezone.utc), "datetime"),
    ("2025-03-04T09:00:00+01:00", datetime(2025, 3, 4, 8, 0, tzinfo=timezone.utc), "datetime"),
    ("NA", None, None),
    ("", None, None),
])
def test_parse_published(value, expected, precision):
    assert parse_published(value) == (expected, precision)


def test_csv_common_column_names_bom_and_multiline():
    raw = '\ufeffid,headline,body,date,link\n1,"A, title","Line one,\nline ""two""",2022-01-05,http://x/1\n2,B,,2022-01-06,http://x/2\n'
    articles, problems = read_csv_articles(raw, "f.csv", Settings())
    assert len(articles) == 1
    a = articles[0]
    assert a.title == "A, title" and a.text == 'Line one,\nline "two"' and a.url == "http://x/1"
    assert a.source == "x"
    assert a.published == datetime(2022, 1, 5, tzinfo=timezone.utc)
    assert [str(p) for p in problems] == ["f.csv#3: empty text column 'body'; skipped"]


def test_csv_column_names_are_configurable():
    raw = "kop,inhoud\nT,Some text here\n"
    settings = Settings.from_env({}, csv_title_columns="kop", csv_text_columns="inhoud")
    articles, _ = read_csv_articles(raw, "nl.csv", settings)
    assert (articles[0].title, articles[0].text) == ("T", "Some text here")


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("Headline\n\nRussia warned Ukraine on Monday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "notext.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    results = list(iter_articles([tmp_path, tmp_path / "missing.txt"], Settings()))
    articles = [a for _, arts, _ in results for a in arts]
    problems = {Path(p.path).name: p.reason for _, _, ps in results for p in ps}
    assert [a.title for a in articles] == ["Headline"]
    assert problems["empty.txt"] == "file is empty"
    assert "binary" in problems["binary.txt"]
    assert problems["notext.csv"].startswith("no text column")
    assert problems["missing.txt"] == "no such file or folder"


def test_discover_reports_unsupported_files_in_folders(tmp_path):
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    (tmp_path / "NOTES").write_text("y", encoding="utf-8")
    (tmp_path / ".hidden.docx").write_text("z", encoding="utf-8")
    files, problems = discover([tmp_path])
    assert [f.name for f in files] == ["a.md"]
    got = {Path(p.path).name: (p.level, p.reason) for p in problems}
    assert set(got) == {"b.pdf", "NOTES"}
    assert got["b.pdf"][0] == "error" and got["b.pdf"][1].startswith("unsupported file type '.pdf'")
    assert got["NOTES"][1].startswith("unsupported file type without an extension")


# ------------------------------------------------------------------------------------ bad-input corpus
BAD = Path(__file__).resolve().parent / "bad_inputs"
EXPECTED = json.loads((BAD / "expected_report.jsonc").read_text(encoding="utf-8"))
BIG_BYTES = 20 * 1024 * 1024
#: Files of the corpus whose articles are stored, with how many articles each gives.
STORED = {"good.txt": 1, "latin1.txt": 1, "invalid-utf8.txt": 1, "future-date.md": 1, "big-20mb.txt": 1,
          "broken-dates.rss": 2, "assumed-zone.rss": 1, "bad-line.jsonl": 2, "cookie-banner.html": 1,
          "date-hint.csv": 1, "double-escaped.rss": 1, "empty-text-row.csv": 1, "german.txt": 1, "html-as.txt": 1,
          "item-without-content.rss": 1, "junk-authors.json": 1, "liveblog.rss": 2, "mixed-array.json": 1,
          "nested-pages.json": 2, "paywall.html": 1, "ragged-row.csv": 1, "semicolon.csv": 1,
          "tab-separated.csv": 1, "utf16.txt": 1, "bom.csv": 1, "good-inside.txt": 1, "mixed-members.zip!ok.txt": 1,
          "no-text.jsonl": 1, "duplicate-rows.csv": 1, "newsletter.html": 1,
          "concatenated.json": 2, "ambiguous-dates.csv": 2,
          "undated-items.rss": 3, "declared-encoding.html": 1,
          "utf16-no-bom.csv": 1, "nul-byte.csv": 1,
          "relative-dates.csv": 2, "repeated-header.csv": 2}


@pytest.fixture
def bad_corpus(tmp_path):
    """A copy of tests/bad_inputs plus the generated 20 MB text."""
    folder = tmp_path / "bad"
    shutil.copytree(BAD, folder)
    para = ("Officials in Kyiv said on Monday that talks with Moscow would resume next week in Istanbul. " * 10 + "\n\n")
    data = ("Very long file\n\n" + para * (BIG_BYTES // len(para) + 1)).encode("utf-8")[:BIG_BYTES]
    (folder / "big-20mb.txt").write_bytes(data)
    return folder


def _report_map(problems, folder):
    out = {}
    for p in problems:
        key = str(p.path).replace(str(folder) + "/", "")
        assert key not in out, f"more than one report line for {key}"
        out[key] = (p.level, p.reason)
    return out


def test_bad_input_corpus_report_lines(bad_corpus):
    results = list(iter_inputs([bad_corpus], Settings()))
    got = _report_map([p for r in results for p in r.problems], bad_corpus)
    for key, (level, prefix) in EXPECTED.items():
        if level == "duplicate":
            continue  # found when merging, see test_bad_input_corpus_build
        assert key in got, f"no report line for {key}"
        assert got[key][0] == level and got[key][1].startswith(prefix), (key, got[key])
    assert set(got) == {k for k, (lvl, _) in EXPECTED.items() if lvl != "duplicate"}
    arts = {Path(a.source_path.split("#")[0]).name: a for r in results for a in r.articles}
    assert "é" in arts["latin1.txt"].text and "Genève" in arts["latin1.txt"].title
    assert "\ufffd" in arts["invalid-utf8.txt"].text and "Lviv" in arts["invalid-utf8.txt"].text
    assert len(arts["big-20mb.txt"].text) == Settings().max_chars
    assert arts["future-date.md"].published.year == 2099
    assert arts["broken-dates.rss"].published is None
    assert set(STORED) | {"renamed-copy-of-good.txt"} == set(arts)
    by_path = {a.source_path.replace(str(bad_corpus) + "/", ""): a for r in results for a in r.articles}
    # odd but honest input (issue 17): each kind read, cleaned and kept
    assert by_path["double-escaped.rss#1"].title == "Rosneft & Gazprom sign supply deal with China"
    assert by_path["double-escaped.rss#1"].text.startswith("Rosneft & Gazprom signed")
    live = [by_path["liveblog.rss#1"], by_path["liveblog.rss#2"]]
    assert live[0].url == live[1].url and live[0].article_id != live[1].article_id
    assert [a.published.day for a in (by_path["nested-pages.json#1"], by_path["nested-pages.json#2"])] == [18, 18]
    assert by_path["semicolon.csv#2"].title == "Poland expels diplomat" and "Minsk" in by_path["semicolon.csv#2"].text
    assert by_path["tab-separated.csv#2"].title == "Latvia closes border crossing"
    assert by_path["junk-authors.json#1"].authors == ["Lee Brown", "Maria Gonzalez"]
    assert by_path["german.txt"].language == "de" and not by_path["german.txt"].extractable
    assert by_path["good.txt"].language == "en"
    assert by_path["paywall.html"].text.startswith("Dock workers in Hamburg") and "euros" not in by_path["paywall.html"].text
    assert by_path["cookie-banner.html"].text.startswith("The mayor of Dresden") and "cookie" not in by_path["cookie-banner.html"].text
    assert by_path["utf16.txt"].title == "Slovakia election" and by_path["html-as.txt"].title == "Greece buys frigates"
    # issue 17: a byte-order mark before a CSV header; the good members around refused archive members
    assert by_path["bom.csv#2"].title == "B" and by_path["good-inside.txt"].text.startswith("Norway and Denmark")
    assert by_path["mixed-members.zip!ok.txt"].title == "Title" and by_path["no-text.jsonl#1"].title == "A"
    assert not [p for p in by_path if "evil" in p or "notes.docx" in p or "slides" in p or "bombs" in p]
    # second round (issue 17): a newsletter box inside the article, the rest kept
    assert "inbox" not in by_path["newsletter.html"].text and by_path["newsletter.html"].text.endswith("weekend.")
    # third round: the encoding a page declares, UTF-16 without a byte-order mark, a stray NUL byte
    assert by_path["declared-encoding.html"].title == "Łódź plans tram line" and "Bałuty" in by_path["declared-encoding.html"].text
    assert by_path["utf16-no-bom.csv#2"].title == "Estonia buys ships" and "\x00" not in by_path["nul-byte.csv#2"].text
    assert [a.title for a in (by_path["concatenated.json#1"], by_path["concatenated.json#2"])] == [
        "Serbia recalls envoy", "Croatia adopts euro"]  # the well-formed objects before the broken one
    assert [str(by_path[f"ambiguous-dates.csv#{i}"].published)[:10] for i in (2, 3)] == ["2024-08-03", "2024-06-05"]
    assert by_path["relative-dates.csv#2"].published is None  # not the time of the build
    assert [a.title for p, a in by_path.items() if p.startswith("repeated-header")] == ["Norway funds port",
                                                                                       "Denmark sends frigate"]


def test_bad_input_corpus_build(bad_corpus, tmp_path):
    from typer.testing import CliRunner

    from dashboard.cli import app

    out = tmp_path / "out"
    env = {"NEWSDASH_MAX_CHARS": "3000"}  # keep the 20 MB article cheap to extract
    result = CliRunner().invoke(app, ["build", str(bad_corpus), "--out", str(out), "-q"], env=env)
    assert result.exit_code == 0, result.output
    report = pl.read_parquet(out / "ingest_report.parquet")
    got = {r["file"].replace(str(bad_corpus) + "/", ""): (r["level"], r["reason"]) for r in report.iter_rows(named=True)}
    assert report.height == len(got) == len(EXPECTED)
    for key, (level, prefix) in EXPECTED.items():
        assert got[key][0] == level and got[key][1].startswith(prefix), (key, got[key])
    assert "duplicate of" in got["renamed-copy-of-good.txt"][1] and "good.txt" in got["renamed-copy-of-good.txt"][1]
    for key in EXPECTED:
        assert f"{bad_corpus}/{key}" in result.output  # the printed summary names every line
    articles = pl.read_parquet(out / "articles.parquet")
    names = sorted(Path(p.split("#")[0]).name for p in articles["source_path"])
    assert names == sorted(n for n, k in STORED.items() for _ in range(k))  # the renamed copy is stored once
    german = articles.filter(pl.col("source_path").str.ends_with("german.txt"))
    assert german["language"].to_list() == ["de"]  # stored and flagged, but kept out of extraction:
    assert pl.read_parquet(out / "entities.parquet").filter(pl.col("article_id") == german["article_id"][0]).height == 0
    strict = CliRunner().invoke(app, ["build", str(bad_corpus), "--out", str(out), "-q", "--strict"], env=env)
    assert strict.exit_code == 2
    assert pl.read_parquet(out / "articles.parquet").height == articles.height  # rerun adds nothing
    none = CliRunner().invoke(app, ["build", str(bad_corpus / "empty.txt"), str(bad_corpus / "binary.txt"),
                                    "--out", str(tmp_path / "none"), "-q"])
    assert none.exit_code == 1 and not (tmp_path / "none").exists()


def test_datelines_are_split_off_csv_and_json_bodies():
    from dashboard.ingest.json_input import read_json_articles

    raw = 'title,text,date\nT,"WARSAW - Poland expelled a Belarusian diplomat on Friday.",2025-03-14\n'
    (a,), _ = read_csv_articles(raw, "f.csv", Settings())
    assert (a.datelines, a.text) == (["Warsaw"], "Poland expelled a Belarusian diplomat on Friday.")
    arts, _ = read_json_articles('[{"title": "T", "content": "MANILA (AP) — The Philippines protested."}]',
                                 "f.json", Settings())
    assert (arts[0].datelines, arts[0].source, arts[0].text) == (["Manila"], "AP", "The Philippines protested.")
