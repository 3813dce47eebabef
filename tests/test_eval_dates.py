"""Temporal and factuality evaluations: TimeML / MEANTIME readers and TempEval-3 scoring on inline
examples written for these tests (fast), the recogniser on a parsed text, and corpus-wide scores
against floors pinned in ``tests/quality_floors.json`` under ``"dates"`` and ``"factuality"``
(``-m corpus``; measured values rounded down to three decimals)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dashboard.evaluation import dates as ed
from dashboard.evaluation import factuality as ef

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
TEMPEVAL = CORPORA / "tempeval3-train"
MEANTIME = CORPORA / "meantime"
FLOORS = ROOT / "tests" / "quality_floors.json"

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2004-05-12" temporalFunction="false" functionInDocument="CREATION_TIME">20040512</TIMEX3></DCT>
<TEXT>
Shares &amp; bonds <EVENT eid="e1" class="OCCURRENCE">fell</EVENT> <TIMEX3 tid="t1" type="DATE" value="2004-05-11">Tuesday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P3W">three weeks</TIMEX3> of gains.
</TEXT>
</TimeML>
"""

CAT = """<?xml version="1.0" ?><Document doc_id="7" doc_name="7_x" lang="en">
<token number="0" sentence="0" t_id="1">Mill</token>
<token number="1" sentence="0" t_id="2">closes</token>
<token number="2" sentence="1" t_id="3">May</token>
<token number="3" sentence="1" t_id="4">2</token>
<token number="4" sentence="2" t_id="5">The</token>
<token number="5" sentence="2" t_id="6">mill</token>
<token number="6" sentence="2" t_id="7">did</token>
<token number="7" sentence="2" t_id="8">n't</token>
<token number="8" sentence="2" t_id="9">reopen</token>
<token number="9" sentence="2" t_id="10">on</token>
<token number="10" sentence="2" t_id="11">Monday</token>
<token number="11" sentence="2" t_id="12">.</token>
<token number="12" sentence="3" t_id="13">Unannotated</token>
<token number="13" sentence="3" t_id="14">text</token>
<Markables>
<EVENT_MENTION certainty="CERTAIN" m_id="20" polarity="POS" time="NON_FUTURE"><token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION certainty="CERTAIN" m_id="21" polarity="NEG" time="NON_FUTURE"><token_anchor t_id="9"/></EVENT_MENTION>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="30" type="DATE" value="2011-05-02"><token_anchor t_id="3"/><token_anchor t_id="4"/></TIMEX3>
<TIMEX3 functionInDocument="NONE" m_id="31" type="DATE" value="2011-05-02"><token_anchor t_id="11"/></TIMEX3>
</Markables>
</Document>
"""


def test_load_tml_offsets_and_dct(tmp_path):
    path = tmp_path / "x.tml"
    path.write_text(TML, encoding="utf-8")
    text, dct, gold = ed.load_tml(path)
    assert dct == "2004-05-12"
    assert [text[g.start:g.end] for g in gold] == ["Tuesday", "three weeks"]
    assert [(g.type, g.value) for g in gold] == [("DATE", "2004-05-11"), ("DURATION", "P3W")]
    assert "Shares & bonds fell Tuesday" in text


def test_score_relaxed_strict_and_value():
    gold = [ed.Span(0, 7, "DATE", "2004-05-11"), ed.Span(20, 31, "DURATION", "P3W"), ed.Span(40, 45, "DATE", "2004")]
    system = [ed.Span(0, 7, "DATE", "2004-05-11"), ed.Span(14, 31, "DURATION", "P2W"), ed.Span(50, 55, "DATE", "2005")]
    s = ed.score([(gold, system)], "")
    assert (s["relaxed_precision"], s["relaxed_recall"]) == (round(2 / 3, 4), round(2 / 3, 4))
    assert s["strict_f1"] == round(1 / 3, 4)
    assert s["value_accuracy"] == 0.5 and s["value_f1"] == round(2 / 3 * 0.5, 4)


def test_match_is_one_to_one():
    gold = [ed.Span(0, 10, "DATE", "a")]
    system = [ed.Span(0, 4, "DATE", "a"), ed.Span(5, 10, "DATE", "a")]
    assert len(ed.match(gold, system)) == 1


def test_meantime_text_annotated_sentences_and_dct(tmp_path):
    from dashboard.evaluation import meantime

    path = tmp_path / "7_x.xml"
    path.write_text(CAT, encoding="utf-8")
    doc = meantime.read_document(path)
    assert doc.dct.date() == date(2011, 5, 2)
    assert doc.text.startswith("Mill closes\n\nThe mill didn't reopen on Monday.")
    assert "May 2" not in doc.text  # the date line is left out
    end = doc.text.index("Monday.") + len("Monday.")
    assert doc.annotated(end - 1) and not doc.annotated(end + 1)
    assert [doc.text[s:e] for s, e, _ in ef._gold_events(doc)] == ["closes", "reopen"]
    assert [(doc.text[t.start:t.end], t.value) for t in ef._gold_timexes(doc)] == [("Monday", "2011-05-02")]


def test_factuality_classes():
    assert ef.gold_asserted({"certainty": "CERTAIN", "polarity": "POS", "time": "NON_FUTURE"})
    assert not ef.gold_asserted({"certainty": "PROBABLE", "polarity": "POS", "time": "NON_FUTURE"})
    assert not ef.gold_asserted({"certainty": "CERTAIN", "polarity": "POS", "time": "FUTURE"})
    assert ef.our_asserted({"modality": "asserted", "negated": False})
    assert not ef.our_asserted({"modality": "asserted", "negated": True})
    assert not ef.our_asserted({"modality": "future", "negated": False})


def test_find_timexes_tense_anchor_and_patterns(settings):
    from dashboard.dates.recognise import find_timexes
    from dashboard.pipeline import resources

    nlp, _ = resources(settings)
    doc = nlp("The board met on Monday and will vote on Friday. Profit rose in the second quarter, "
              "and the company is now bigger than in the year-earlier quarter. A bus was hit Sunday evening.")
    got = {f.text: (f.tense, f.timex.value if f.timex else None) for f in find_timexes(doc, date(2019, 7, 24))}
    assert got["Monday"] == ("past", "2019-07-22")
    assert got["Friday"] == ("future", "2019-07-26")
    assert got["now"][1] == "PRESENT_REF"
    assert got["the second quarter"][1] == "2019-Q2"
    assert got["the year-earlier quarter"][1] == "2018-Q2"
    assert got["Sunday evening"][1] == "2019-07-21"  # adjacent entities or a part of day: one expression, the day's value


# ------------------------------------------------------------------ corpus scores (slow)
def _floors(kind: str) -> dict:
    return json.loads(FLOORS.read_text())[kind]


@pytest.mark.corpus
@pytest.mark.skipif(not TEMPEVAL.exists(), reason="TempEval-3 training data not in ../shared/corpora/tempeval3-train")
def test_tempeval3_scores_at_or_above_floor(settings):
    scores = ed.evaluate(TEMPEVAL, settings)
    for key, floor in _floors("dates")["tempeval3-train"].items():
        assert scores[key] >= floor, f"{key} {scores[key]} fell below its floor {floor}"


@pytest.mark.corpus
@pytest.mark.skipif(not MEANTIME.exists(), reason="MEANTIME not in ../shared/corpora/meantime")
def test_meantime_scores_at_or_above_floor(settings):
    scores = ef.evaluate(MEANTIME, settings)
    assert scores["dates_documents_left_out"], "documents without a valid creation time are listed"
    for key, floor in _floors("factuality")["meantime"].items():
        assert scores[key] >= floor, f"{key} {scores[key]} fell below its floor {floor}"
