"""Property-based tests of ingestion (hypothesis): on random text and random CSV/JSON shapes, reading
never raises an unhandled exception and never loses a well-formed article."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.ingest import NULL_STRINGS, read_bytes
from dashboard.settings import Settings

SETTINGS = Settings()
FAST = settings(max_examples=60, deadline=None, database=None,  # no .hypothesis folder in the repository
                suppress_health_check=[HealthCheck.too_slow])

_word = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=2, max_size=10).filter(
    lambda w: w.lower() not in NULL_STRINGS)  # "NA", "none": empty cells by design
#: A well-formed article: a title and a text of whole sentences, each a line of its own.
_sentence = st.lists(_word, min_size=4, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ".")
_article = st.fixed_dictionaries({
    "title": st.lists(_word, min_size=1, max_size=6).map(" ".join),
    "text": st.lists(_sentence, min_size=1, max_size=4).map(" ".join),
    "date": st.one_of(st.none(), st.dates().map(str), st.just("not a date"), st.just("2024-02-30")),
})
_names = ["report.txt", "a.csv", "b.json", "c.jsonl", "d.rss", "e.html", "f.md", "g", "h.tsv", "i.xml", "j.gz",
          "k.zip"]


def _read(data: bytes, name: str):
    results = read_bytes(data, name, SETTINGS)
    for r in results:  # every report line names its file and says what was wrong
        for p in r.problems:
            assert p.path and p.reason and p.level in ("error", "warning", "duplicate")
    return [a for r in results for a in r.articles]


@FAST
@given(st.binary(max_size=3000), st.sampled_from(_names))
def test_random_bytes_never_raise(data, name):
    _read(data, name)


@FAST
@given(st.text(max_size=3000), st.sampled_from(_names))
def test_random_text_never_raises(text, name):
    _read(text.encode("utf-8"), name)


@FAST
@given(st.lists(_article, min_size=1, max_size=6), st.sampled_from([",", ";", "\t", "|"]),
       st.lists(st.sampled_from(["url", "author", "extra", "source"]), unique=True, max_size=3), st.booleans())
def test_random_csv_keeps_every_well_formed_row(articles, sep, extra, bom):
    buf = io.StringIO()
    header = ["title", "text", "date", *extra]
    writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    for i, a in enumerate(articles):
        writer.writerow([a["title"], a["text"], a["date"] or "", *[f"v{i}" for _ in extra]])
    got = _read((("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8"), "in.csv")
    assert [a.title for a in got] == [_nfc(a["title"]) for a in articles]  # stored composed (NFC)
    assert [a.text for a in got] == [_nfc(a["text"]) for a in articles]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_shapes = st.sampled_from(["array", "articles", "nested-pages", "deep", "jsonl", "single"])


@FAST
@given(st.lists(_article, min_size=1, max_size=6), _shapes, st.sampled_from(["text", "body", "content"]),
       st.sampled_from(["date", "published_date", "publishedAt", "pub_date"]))
def test_random_json_shapes_keep_every_well_formed_object(articles, shape, text_key, date_key):
    objs = [{"title": a["title"], text_key: a["text"], **({date_key: a["date"]} if a["date"] else {})}
            for a in articles]
    if shape == "single":
        objs = objs[:1]
    data = {
        "array": lambda: json.dumps(objs),
        "articles": lambda: json.dumps({"status": "ok", "articles": objs}),
        "nested-pages": lambda: json.dumps({"articles": [objs[: len(objs) // 2], objs[len(objs) // 2:]]}),
        "deep": lambda: json.dumps({"response": {"docs": objs}}),
        "jsonl": lambda: "\n".join(json.dumps(o) for o in objs) + "\n",
        "single": lambda: json.dumps(objs[0]),
    }[shape]()
    got = _read(data.encode("utf-8"), "in.jsonl" if shape == "jsonl" else "in.json")
    assert [a.text for a in got] == [_nfc(o[text_key]) for o in objs]
    assert [a.title for a in got] == [_nfc(o["title"]) for o in objs]
