"""Query-string validation (issue 17): every parameter a link may carry is checked, and a value that
is unknown or malformed is dropped with the usual notice ("Ignored …"). One case per parameter; the
last test fails when the codec learns a parameter that has no case here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.query import Filters
from dashboard.query.url import (FOREIGN_QUERY_KEYS, QUERY_KEYS, TAB_QUERY_KEY, TOGGLE_QUERY_KEYS, decode_query,
                                 quote_values)
from dashboard.views.safe import md

APP = str(Path(__file__).resolve().parent.parent / "app.py")

KNOWN = dict(actor_ids=["country:RUS", "igo:nato"], place_ids=["524901"], article_ids=["a1"],
             tabs=["Map", "Events"])

#: parameter -> (a bad value, a good value, what the good value gives)
CASES = {
    "actor": (["country:RUS", "nobody"], None, {"actors": ("country:RUS",)}),
    "from": ("2022-13-01", "2022-01-05", {"date_from": date(2022, 1, 5)}),
    "to": ("31/01/2022", "2022-01-31", {"date_to": date(2022, 1, 31)}),
    "root": (["19", "21", "x"], None, {"roots": (19,)}),
    "quad": (["2", "0", "four"], None, {"quads": (2,)}),
    "place": (["524901", "000000"], None, {"places": ("524901",)}),
    "pair": ("country:RUS|nobody", "country:RUS|igo:nato", {"pair": ("country:RUS", "igo:nato")}),
    "span": ("2022-02-01..2022-01-01", "2022-01-01..2022-02-01", {"span": (date(2022, 1, 1), date(2022, 2, 1))}),
    "article": ("zzz", "a1", {"article": "a1"}),
    "tab": ("Nope", "Events", {}),
    "groups": ("yes", "true", {}),
    "unasserted": ("1", "false", {}),
    "allplaces": ("on", "true", {}),
}


def _bad(value) -> list[str]:
    return [v for v in ([value] if isinstance(value, str) else value) if v not in ("country:RUS", "19", "2", "524901")]


@pytest.mark.parametrize("key", sorted(CASES))
def test_each_parameter_drops_bad_values_with_a_notice(key):
    bad, good, gives = CASES[key]
    f, warnings = decode_query({key: bad}, **KNOWN)
    assert len(warnings) == 1 and all(v in warnings[0] for v in _bad(bad)), warnings
    assert warnings[0].startswith("Ignored")
    assert f == Filters(**{k: v for k, v in gives.items() if isinstance(bad, list)}), f  # only good values kept
    if good is not None:
        f, warnings = decode_query({key: good}, **KNOWN)
        assert warnings == [] and f == Filters(**gives)


@pytest.mark.parametrize("key", ["from", "to", "pair", "span", "article", "tab", "unasserted"])
def test_repeated_single_valued_parameters_keep_the_last_with_a_notice(key):
    _, good, gives = CASES[key]
    f, warnings = decode_query({key: ["2022-01-02" if key != "tab" else "Map", good]}, **KNOWN)
    assert f == Filters(**gives)
    assert any(w.startswith(f"Ignored repeated {key}") for w in warnings), warnings


def test_notices_quote_hostile_values_short_and_few():
    f, warnings = decode_query({"actor": ["x" * 10_000] + [f"n{i}" for i in range(1000)]}, **KNOWN)
    assert f == Filters() and len(warnings) == 1
    assert len(warnings[0]) < 400 and "and 996 more" in warnings[0]
    assert quote_values(["a", "b"]) == "a, b"


@pytest.mark.parametrize("name, shown", [("", "(empty name)"), (" ", '" "'), ("\u200b", '"\\u200b"'),
                                         (" actor", '" actor"'), ("a\x1b[2J", '"a\\x1b[2J"'), ("zz", "zz")])
def test_the_notice_names_an_empty_blank_or_invisible_parameter_name_readably(name, shown):
    f, warnings = decode_query({name: "x", "actor": "country:RUS"}, **KNOWN)  # ?=x&actor=… : was "link: " alone
    assert f == Filters(actors=("country:RUS",)) and warnings == [f"Ignored unknown parameter(s) in the link: {shown}"]
    _, warnings = decode_query({"actor": ["\u200bcountry:RUS", "country:RUS"]}, **KNOWN)
    assert warnings == ['Ignored unknown actor in the link: "\\u200bcountry:RUS"']  # not a valid-looking id


def test_every_parameter_the_codec_accepts_has_a_case():
    validated = set(QUERY_KEYS) | {TAB_QUERY_KEY, *TOGGLE_QUERY_KEYS}
    assert validated == set(CASES)
    assert FOREIGN_QUERY_KEYS - validated == {"embed", "embed_options"}  # Streamlit's own: passed through


def test_the_app_drops_bad_toggles_and_escapes_hostile_values(synthetic_store, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(synthetic_store))
    monkeypatch.setenv("NEWSDASH_RAW_DIR", str(tmp_path / "no-raw"))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in {"unasserted": "maybe", "allplaces": "1", "actor": "[x](javascript:alert(1))",
                       "span": "2099-01-01..2099-01-02", "": "x"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(md("maybe") in w for w in warnings) and any("allplaces" in w for w in warnings)
    assert any(md("[x](javascript:alert(1))") in w for w in warnings)  # escaped: shown, not a link
    assert any("span" in w and "no data" in w for w in warnings)
    assert md("Ignored unknown parameter(s) in the link: (empty name)") in warnings  # ?=x: was "link:" alone
    assert at.toggle(key="unasserted").value is False and at.toggle(key="allplaces").value is False
    assert "actor" not in at.query_params and "span" not in at.query_params and "unasserted" not in at.query_params
