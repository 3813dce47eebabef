"""Actor evaluation: MUC/B³ on textbook clusterings, the MEANTIME and CoNLL readers on small files written
here, and the corpus-wide scores against pinned floors (``-m corpus``; ``tests/quality_floors.json``,
``"actors"``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.evaluation import actors, coref, meantime

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
FLOORS = ROOT / "tests" / "quality_floors.json"


def test_muc_and_b_cubed_on_a_split_cluster():
    key = {"a": 1, "b": 1, "c": 1, "d": 1}
    response = {"a": "x", "b": "x", "c": "y", "d": "y"}
    m = coref.muc(key, response)
    assert m["recall"] == pytest.approx(2 / 3) and m["precision"] == 1.0
    b = coref.b_cubed(key, response)
    assert b["recall"] == pytest.approx(0.5) and b["precision"] == 1.0
    assert b["f1"] == pytest.approx(2 / 3)


def test_perfect_and_merged_everything():
    key = {"a": 1, "b": 1, "c": 2}
    assert coref.b_cubed(key, dict(key))["f1"] == 1.0
    merged = coref.b_cubed(key, {"a": 0, "b": 0, "c": 0})
    assert merged["recall"] == 1.0 and merged["precision"] == pytest.approx((2 / 3 * 2 + 1 / 3) / 3)
    assert coref.muc({"a": 1, "b": 2}, {"a": 1, "b": 2})["f1"] == 0.0  # singletons: no links to score


CAT = """<?xml version="1.0" ?><Document doc_id="7" doc_name="7_Acme_buys_Widget" lang="en">
<token t_id="1" sentence="0" number="0">Acme</token><token t_id="2" sentence="0" number="1">buys</token>
<token t_id="3" sentence="0" number="2">Widget</token>
<token t_id="4" sentence="1" number="3">May</token><token t_id="5" sentence="1" number="4">2</token>
<token t_id="6" sentence="2" number="5">Acme</token><token t_id="7" sentence="2" number="6">(</token>
<token t_id="8" sentence="2" number="7">ACM</token><token t_id="9" sentence="2" number="8">)</token>
<token t_id="10" sentence="2" number="9">said</token><token t_id="11" sentence="2" number="10">it</token>
<token t_id="12" sentence="2" number="11">bought</token><token t_id="13" sentence="2" number="12">Widget</token>
<token t_id="14" sentence="2" number="13">.</token>
<token t_id="15" sentence="3" number="14">Later</token><token t_id="16" sentence="3" number="15">news</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="6"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="PRO"><token_anchor t_id="11"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4" syntactic_type="NAM"><token_anchor t_id="13"/></ENTITY_MENTION>
<EVENT_MENTION m_id="5" pred="buy" certainty="CERTAIN" polarity="POS" time="NON_FUTURE"><token_anchor t_id="12"/></EVENT_MENTION>
<TIMEX3 m_id="6" type="DATE" value="2010-05-02" functionInDocument="CREATION_TIME"/>
<ENTITY m_id="20" ent_type="ORG" instance_id="ORG1"/>
<ENTITY m_id="21" ent_type="ORG"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><source m_id="3"/><target m_id="20"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="4"/><target m_id="21"/></REFERS_TO>
</Relations></Document>
"""


def test_meantime_reader_rebuilds_text_and_maps_markables(tmp_path):
    path = tmp_path / "intra-doc_annotation" / "corpus_x" / "7_Acme_buys_Widget.xml"
    path.parent.mkdir(parents=True)
    path.write_text(CAT, encoding="utf-8")
    (doc,) = meantime.read_corpus(tmp_path)
    assert doc.title == "Acme buys Widget"
    assert doc.text == "Acme buys Widget\n\nAcme (ACM) said it bought Widget. Later news"  # no date line
    assert doc.dct.isoformat().startswith("2010-05-02")
    spans = {m.m_id: doc.text[m.start:m.end] for m in doc.mentions}
    assert spans == {"1": "Acme", "2": "Acme", "3": "it", "4": "Widget"}
    by_id = {m.m_id: m for m in doc.mentions}
    assert by_id["1"].chain == by_id["3"].chain != by_id["4"].chain
    assert by_id["1"].instance == "ORG1" and by_id["4"].instance == by_id["4"].chain  # no instance id: its chain
    assert by_id["2"].ent_type == "ORG" and doc.events[0].pred == "buy"
    # sentence 3 has no markable: output there is not scored
    assert doc.last_annotated == 2 and doc.annotated(doc.text.index("bought"))
    assert not doc.annotated(doc.text.index("Later"))


def test_conll_reader_gives_character_spans(tmp_path):
    (tmp_path / "test.txt").write_text(
        "-DOCSTART- -X- -X- O\n\nAnna NNP B-NP B-PER\nKarlsson NNP I-NP I-PER\njoined VBD B-VP O\n"
        "Volvo NNP B-NP B-ORG\n. . O O\n\nIt PRP B-NP O\nwon VBD B-VP O\n\n-DOCSTART- -X- -X- O\n\n"
        "Oslo NNP B-NP B-LOC\n", encoding="utf-8")
    docs = actors.read_conll(tmp_path / "test.txt")
    assert len(docs) == 2
    text, spans = docs[0]
    assert text == "Anna Karlsson joined Volvo .\nIt won"
    assert {text[s:e]: t for s, e, t in spans} == {"Anna Karlsson": "PER", "Volvo": "ORG"}
    assert {docs[1][0][s:e] for s, e, _ in docs[1][1]} == {"Oslo"}


def test_coreference_errors_are_counted_by_kind(tmp_path):
    from dashboard.evaluation.actor_errors import article_errors

    path = tmp_path / "intra-doc_annotation" / "corpus_x" / "7_Acme_buys_Widget.xml"
    path.parent.mkdir(parents=True)
    path.write_text(CAT, encoding="utf-8")
    (doc,) = meantime.read_corpus(tmp_path)
    at = {m.m_id: (m.start, m.end) for m in doc.mentions}

    def ours(m_id, cluster, label="ORG"):
        start, end = at[m_id]
        return {"start": start, "end": end, "text": doc.text[start:end], "label": label, "cluster": cluster}

    # Acme's chain split three ways (the body's "Acme", the pronoun "it"); "Widget" merged with "it"
    found = article_errors(doc, [ours("1", "a"), ours("2", "b"), ours("3", "w", "PRON"), ours("4", "w")])
    assert sorted((what, kind) for what, kind, _ in found) == [("merge", "name"), ("split", "name"),
                                                               ("split", "pronoun")]
    perfect = article_errors(doc, [ours("1", "a"), ours("2", "a"), ours("3", "a", "PRON"), ours("4", "w")])
    assert perfect == []


def test_relaxed_matching_is_one_to_one():
    assert actors._matches([(0, 10)], [(0, 4), (5, 10)], strict=False) == 1
    assert actors._matches([(0, 10), (20, 25)], [(5, 22)], strict=False) == 1
    assert actors._matches([(0, 10)], [(0, 4)], strict=True) == 0


# ------------------------------------------------------------------ corpus-wide scores against floors
def _floors(corpus: str) -> dict:
    return json.loads(FLOORS.read_text())["actors"][corpus]


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", ["meantime", "conll2003"])
def test_actor_scores_hold_their_floors(corpus):
    path = CORPORA / corpus
    if not path.is_dir():
        pytest.skip(f"{path} absent (it comes with ../shared)")
    from dashboard.settings import Settings

    scores = actors.evaluate(path, Settings.from_env())
    floors = _floors(corpus)
    low = {k: (scores[k], v) for k, v in floors["min"].items() if scores[k] < v}
    assert not low, f"scores below their floors (score, floor): {low}"
    for ours, baseline, margin in floors.get("above_baseline", []):
        assert scores[ours] - scores[baseline] >= margin, (ours, scores[ours], baseline, scores[baseline])
