"""The load test's websocket client keeps Streamlit's message cache as the browser does (issue 17):
an unchanged large element comes back as a ``ref_hash`` reference, the client resolves it, and an
entry unused for more than the maximum age is dropped, so later runs get the element whole again.

Marker ``browser``: it runs a real ``streamlit run app.py`` (no Chromium needed)."""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import streamlit_server as srv  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from ws_session import WsSession, place_selection  # noqa: E402

pytestmark = pytest.mark.browser


def _recorder(session: WsSession) -> list[ForwardMsg]:
    """Wrap the session's socket so every raw message received is also parsed into the list returned."""
    seen: list[ForwardMsg] = []
    recv = session.ws.recv

    async def recording():
        raw = await recv()
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        seen.append(msg)
        return raw

    session.ws.recv = recording
    return seen


async def _drive(url: str) -> None:
    async with WsSession(url, "tab=Events") as s:
        seen = _recorder(s)
        await s.rerun()
        full = {m.hash for m in seen if m.metadata.cacheable}
        assert full and full <= set(s.cache), "cacheable elements are kept"
        widgets, options = dict(s.widgets), dict(s.options)
        seen.clear()
        await s.rerun()
        refs = {m.ref_hash for m in seen if m.WhichOneof("type") == "ref_hash"}
        assert refs and refs <= full, "an unchanged element comes back as a reference to the kept one"
        assert (s.widgets, s.options) == (widgets, options), "references are resolved to the same widgets"
        for _ in range(s.max_cached_message_age + 1):
            await s.rerun(tab=("string_value", "Stances"))
        stale = {h for h in full if h not in s.cache}
        assert stale, "entries unused for more than max_cached_message_age runs are dropped"
        seen.clear()
        await s.rerun(tab=("string_value", "Events"))
        again = {m.hash for m in seen if m.metadata.cacheable}
        assert stale & again, "a dropped element is sent whole again"


def test_the_load_clients_message_cache_behaves_as_the_browsers():
    data = ROOT / "data" / "processed"
    if not (data / "manifest.json").exists():
        pytest.skip("the embedded data (data/processed) is not built")
    # every element of a few hundred bytes is cached, so the seed's small page exercises the cache
    with srv.streamlit_server(data, env={"STREAMLIT_GLOBAL_MIN_CACHED_MESSAGE_SIZE": "300"}) as url:
        _in_own_thread(_drive, url)


def _in_own_thread(coroutine_function, *args) -> None:
    """Run the coroutine on a new event loop in a thread of its own (the browser tests' Playwright
    keeps an event loop running in this one), re-raising what it raised."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(coroutine_function(*args))
        except BaseException as exc:  # handed to the test's thread
            raised.append(exc)

    thread = threading.Thread(target=run, name="load-client")
    thread.start()
    thread.join()
    if raised:
        raise raised[0]


async def _tabs_and_filters(url: str) -> None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg as Fwd

    def metrics(seen: list) -> list[str]:
        return [m.delta.new_element.metric.body for m in seen if m.WhichOneof("type") == "delta"
                and m.delta.WhichOneof("type") == "new_element" and m.delta.new_element.WhichOneof("type") == "metric"]

    async with WsSession(url, "tab=Map") as s:
        seen = _recorder(s)
        first = await s.rerun()
        assert not first.fragment and len(metrics(seen)) == 4
        whole = len(seen)
        for tab in ("Stances", "Events", "Articles", "Map"):
            seen.clear()
            run = await s.rerun(tab=("string_value", tab))
            assert run.fragment and not run.exceptions, tab  # the panels alone
            assert metrics(seen) == [] and len(seen) < whole, tab  # no header, fewer messages
            finished = [m.script_finished for m in seen if m.WhichOneof("type") == "script_finished"]
            assert finished == [Fwd.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY], tab
        assert s.widget_id("flt.actor") and any(w.endswith("-map.0") for w in s.widgets)
        # a filter outside the panels reruns the whole app
        seen.clear()
        options = s.options[s.widget_id("flt.quad")]
        run = await s.rerun(**{"flt.quad": ("string_array_value", options[:1])})
        assert not run.fragment and len(metrics(seen)) == 4
        # a selection inside the panels (a place on the map) reruns the whole app, from the fragment
        seen.clear()
        chart = next(w.rsplit("-", 1)[-1] for w in s.widgets if w.endswith("-map.0"))
        place = _a_place(url)
        run = await s.rerun(**{chart: ("string_value", place_selection(place))})
        assert not run.fragment and not run.exceptions and len(metrics(seen)) == 4


def _a_place(url: str) -> str:
    import polars as pl

    places = pl.read_parquet(ROOT / "data" / "processed" / "places.parquet").drop_nulls("latitude")
    return places["place_id"][0]


def test_a_tab_switch_reruns_the_panels_alone_and_a_selection_reruns_the_whole_app():
    """The tabs are a fragment (dashboard.views.panels): a tab switch reruns them alone (no header, no
    sidebar), as the browser asks for it (the client sends the fragment's id, as the browser does);
    a filter or a selection made inside the panels reruns the whole app (the header's counts)."""
    data = ROOT / "data" / "processed"
    if not (data / "manifest.json").exists():
        pytest.skip("the embedded data (data/processed) is not built")
    with srv.streamlit_server(data) as url:
        _in_own_thread(_tabs_and_filters, url)
