"""Event-coding evaluation: CAMEO->PLOVER parsing and actor matching (fast, inline examples), the
CAMEO code table against the codebook, and corpus-wide scores against pinned floors (``-m corpus``).

Floors live in ``tests/quality_floors.json`` under ``"events"`` (measured values rounded down to
three decimals); raise them when the extraction improves.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dashboard import cameo
from dashboard.evaluation import events as ev

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
PLOVER = CORPORA / "plover-gsr"
PETRARCH = CORPORA / "petrarch2"
CODE_TABLE = CORPORA / "gdelt-events" / "schema" / "cameoCodeTable.tsv"
FLOORS = ROOT / "tests" / "quality_floors.json"

TABLE_TEXT = """\
# CAMEO to PLOVER conversion table
03: AGREE
030: AGREE,  , diplomatic # Express intent to cooperate
08: CONCEDE
080: CONCEDE,   ,  # Yield
08: RETREAT
084: RETREAT,   ,  # Return, release
0841: RETREAT, release,   legal # Return, release person(s)
09: ACCUSE
090: ACCUSE, investigate,  # Investigate
10: REQUEST
100: REQUEST,  ,  # REQUEST
11: ACCUSE
112: ACCUSE, disapprove,    # Accuse
19: ASSAULT
190: ASSAULT, , military # Use conventional military force
18: ASSAULT
186: ASSAULT, assassinate,    # Assassinate
~~~~~
"""


# ------------------------------------------------------------------ fast unit tests
def test_parse_cameo2plover():
    table = ev.parse_cameo2plover(TABLE_TEXT)
    assert table["0841"] == ev.PloverEntry("RETREAT", "release", "legal")
    assert table["030"].event == "AGREE" and table["030"].context == "diplomatic"
    assert table["08"].event == "CONCEDE"  # a code listed twice keeps its first entry
    assert "~~~~~" not in table and all(re.fullmatch(r"\d{2,4}", k) for k in table)


def test_plover_most_specific_prefix():
    table = ev.parse_cameo2plover(TABLE_TEXT)
    assert ev.plover_entry("0841", table).mode == "release"
    assert ev.plover_entry("0842", table).event == "RETREAT"  # via 084
    assert ev.plover_entry("087", table).event == "CONCEDE"  # via 08
    assert ev.plover_entry("031", table).event == "AGREE"  # via 03
    assert ev.plover_entry("010", table) is None and ev.plover_entry(None, table) is None


def test_gsr_vocabulary():
    table = ev.parse_cameo2plover(TABLE_TEXT)
    assert ev.gsr_event("100", table) == "DEMAND"
    assert ev.gsr_event("090", table) == "INVESTIGATE"
    assert ev.gsr_event("112", table) == "DISAPPROVE"
    assert ev.gsr_event("190", table) == "FIGHT"
    assert ev.gsr_event("186", table) == "ASSAULT"
    assert ev.gsr_event("030", table) == "AGREE"


def test_actor_matching():
    hungary = {"name": "Hungary", "country": "HUN", "aliases": ["Hungarian"]}
    apec = {"name": "Asia-Pacific Economic Cooperation", "country": None, "aliases": ["APEC"]}
    assert ev.actor_matches(hungary, {"actorText": "Hungarian", "code": "HUNGOV"})
    assert ev.actor_matches(hungary, {"actorText": "Budapest officials", "code": "HUN"})
    assert ev.actor_matches(apec, {"actorText": "Asia-Pacific Economic Cooperation (APEC)", "code": "IGO"})
    assert not ev.actor_matches(apec, {"actorText": "Tokyo", "code": "JAP"})
    assert not ev.actor_matches(hungary, {"actorText": "the Romanian side", "code": "ROU"})
    assert not ev.actor_matches(None, {"actorText": "Hungary", "code": "HUN"})
    # stop words alone do not make a match
    assert not ev.actor_matches({"name": "The Hague", "country": None}, {"actorText": "the court", "code": ""})


def test_best_event_prefers_matching_actors():
    rus, ukr = {"name": "Russia", "country": "RUS"}, {"name": "Ukraine", "country": "UKR"}
    first = {"source": None, "target": ukr, "cameo_code": "010"}
    second = {"source": rus, "target": ukr, "cameo_code": "190"}
    golds = [{"actorText": "Russia", "code": "RUS"}], [{"actorText": "Ukraine", "code": "UKR"}]
    assert ev.best_event([first, second], *golds) is second
    assert ev.best_event([first], [{"actorText": "Chad", "code": "TCD"}], []) is first
    assert ev.best_event([], *golds) is None


def test_lexicon_codes_are_declared():
    used = set(cameo.VERBS.values()) | set(cameo.NOUNS.values()) | set(cameo.PHRASAL.values())
    assert used <= set(cameo.CODES), sorted(used - set(cameo.CODES))
    for code in cameo.CODES:
        info = cameo.lookup(code)
        assert 1 <= info.root <= 20 and -10 <= info.goldstein <= 10


def _codebook() -> dict[str, tuple[str, float]]:
    rows = {}
    for line in CODE_TABLE.read_text(encoding="utf-8").splitlines():
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) >= 4 and re.fullmatch(r"\d{2,4}", parts[3]):
            rows[parts[3]] = (parts[1], float(parts[2]))
    return rows


def _norm(name: str) -> str:
    name = re.sub(r",?\s*not spec(ified)?\s+below|\[.*$", "", name.lower())
    return re.sub(r"[^a-z]+", " ", name).strip()


#: Names that follow the CAMEO 1.1b3 codebook where GDELT's table words them differently.
NAME_EXCEPTIONS = {"140": "engage in popular protest"}  # CAMEO 1.1b3: "Engage in political dissent"


@pytest.mark.skipif(not CODE_TABLE.is_file(), reason=f"CAMEO code table not found at {CODE_TABLE} "
                    "(../shared/corpora is not part of a fresh clone)")
def test_codes_match_codebook():
    book = _codebook()
    for code, (name, goldstein) in cameo.CODES.items():
        assert code in book, f"{code} is not a CAMEO code"
        book_name, book_weight = book[code]
        assert goldstein == book_weight, f"{code} {name}: Goldstein {goldstein} != codebook {book_weight}"
        if code in NAME_EXCEPTIONS:
            assert _norm(book_name) == NAME_EXCEPTIONS[code], f"{code}: codebook now says {book_name!r}"
        else:
            ours, theirs = _norm(name), _norm(book_name)
            # prefix either way: GDELT's table has a truncated row ("Ease military blocka[-2.0")
            assert ours.startswith(theirs) or theirs.startswith(ours), f"{code}: {name!r} != codebook {book_name!r}"


# ------------------------------------------------------------------ corpus scores (slow)
def _floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf-8"))["events"]


@pytest.fixture(scope="module")
def settings():
    from dashboard.settings import Settings

    return Settings.from_env()


@pytest.mark.corpus
@pytest.mark.skipif(not PLOVER.is_dir(), reason=f"PLOVER gold standard not found at {PLOVER} "
                    "(../shared/corpora is not part of a fresh clone)")
def test_plover_scores_at_or_above_floor(settings):
    scores = ev.evaluate(PLOVER, settings)
    assert scores["n"] == 322
    floors = _floors()["plover-gsr"]
    for key, floor in floors.items():
        assert scores[key] >= floor, f"{key} {scores[key]} fell below its floor {floor}"


@pytest.mark.corpus
@pytest.mark.skipif(not PETRARCH.is_dir(), reason=f"PETRARCH2 unit tests not found at {PETRARCH} "
                    "(../shared/corpora is not part of a fresh clone)")
def test_petrarch_scores_at_or_above_floor(settings):
    scores = ev.evaluate(PETRARCH, settings)
    assert scores["n"] >= 5 and scores["no_event_n"] >= 10
    floors = _floors()["petrarch2"]
    for key, floor in floors.items():
        assert scores[key] >= floor, f"{key} {scores[key]} fell below its floor {floor}"


@pytest.mark.corpus
@pytest.mark.skipif(not PLOVER.is_dir(), reason=f"PLOVER gold standard not found at {PLOVER}")
def test_cli_eval_events_json():
    from typer.testing import CliRunner

    from dashboard.cli import app

    result = CliRunner().invoke(app, ["eval", "events", "--corpus", str(PLOVER), "--json", "--limit", "20"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["n"] == 20 and 0.0 <= scores["event_type_accuracy"] <= 1.0


def test_plover_misses_listed_by_kind():
    from dashboard.evaluation.event_errors import error_kinds

    base = dict(type_ok=False, n_events=1, cameo_code="010", ours=None, gold="AGREE", has_source=True,
                source_ok=True, has_target=True, target_ok=False, our_source="Chile", our_target="road",
                our_target_id="object:road")
    rows = [base, dict(base, n_events=0, cameo_code=None), dict(base, cameo_code="190", ours="FIGHT",
            our_target=None, our_target_id=None), dict(base, type_ok=True, target_ok=True)]
    kinds = error_kinds(rows)
    assert kinds["type"] == {"statement or appeal (010) for AGREE": 1, "no event": 1, "FIGHT for AGREE": 1}
    assert kinds["target"] == {"a thing as target": 1, "no event": 1, "no target": 1}
    assert not kinds["source"]
