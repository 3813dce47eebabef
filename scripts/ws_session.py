"""A Streamlit session driven over its websocket, as the browser's frontend drives it, for load tests.

Speaks the protocol of ``/_stcore/stream`` (Streamlit's protobuf ``BackMsg``/``ForwardMsg``): opens a
session with a query string, reruns the script with changed widget values (tabs, multiselects, a
chart selection) and times each rerun from the message sent to ``script_finished``. No browser runs,
so the figures measure the server, not the rendering of 20 pages on the same cores.

Like the browser, it keeps Streamlit's message cache: an element of at least
``global.minCachedMessageSize`` (10 kB) arrives with ``metadata.cacheable`` and a hash and is kept;
every rerun sends the hashes it keeps (``rerun_script.cached_message_hashes``), and the server then
sends an unchanged element as a ``ref_hash`` reference instead of its bytes; an entry not used for
more than ``max_cached_message_age`` finished runs (from the ``new_session`` message, 2 by default)
is dropped. (Without it, every rerun of a tab got its whole table and map again, which no browser
gets.)

Like the browser, a change to a widget drawn inside a fragment (``st.fragment``: the dashboard's tabs)
asks for a rerun of that fragment alone (``rerun_script.fragment_id``, from the ``fragment_id`` of the
delta that drew the widget); such a run ends with ``FINISHED_FRAGMENT_RUN_SUCCESSFULLY``.

Used by ``scripts/load_test.py``; loopback only (the URL is the one ``streamlit_server`` started).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus
#: Element types that are widgets with an ``id`` (what this client sets).
#: Widgets bound to the query string (``bind="query-params"``): the frontend writes their value into
#: the URL, which it sends with every rerun, so this client does the same.
BOUND_KEYS = ("tab", "unasserted", "allplaces", "groups")
WIDGET_TYPES = {"multiselect", "plotly_chart", "checkbox", "date_input", "text_input", "selectbox",
                "button_group", "button", "file_uploader", "toggle"}


@dataclass
class Run:
    """What one rerun sent back: the seconds it took, widgets seen (key -> id, options), exceptions."""

    seconds: float = 0.0
    exceptions: list[str] = field(default_factory=list)
    fragment: bool = False  # a rerun of one fragment (``st.fragment``), not of the whole script


class WsSession:
    """One Streamlit session over a websocket (``async with WsSession(url, query) as s``)."""

    def __init__(self, base_url: str, query_string: str = "", timeout: float = 120.0):
        self.uri = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.query_string = query_string.lstrip("?")
        self.timeout = timeout
        self.ws = None
        self.page_hash = ""
        self.states: dict[str, WidgetState] = {}  # widget id -> the value this client sends
        self.widgets: dict[str, str] = {}  # widget id -> element type
        self.options: dict[str, list[str]] = {}  # multiselect id -> its option labels
        self.fragments: dict[str, str] = {}  # widget id -> the fragment it is drawn in (as the browser keeps)
        self.fragment_run = ""  # the fragment the last rerun asked for ("" for the whole script)
        self.cache: dict[str, list] = {}  # message hash -> [its bytes, the run count it was last used at, its fragment]
        self.run_count = 0  # finished runs (the age of a cached message is counted in these)
        self.max_cached_message_age = 2

    async def __aenter__(self) -> "WsSession":
        import websockets

        self.ws = await websockets.connect(self.uri, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=self.timeout, ping_interval=None)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    def widget_id(self, key: str) -> str | None:
        """The id of the widget with user ``key`` drawn in the last run (ids end with ``-<key>``)."""
        return next((wid for wid in self.widgets if wid.endswith("-" + key)), None)

    async def rerun(self, **changes: tuple[str, object]) -> Run:
        """Rerun the script with widget ``changes`` (``key=(value_type, value)``) applied on top of the
        current values, as a click does; returns the timed :class:`Run`."""
        for key, (kind, value) in changes.items():
            wid = self.widget_id(key)
            if wid is None:
                raise KeyError(f"no widget {key!r} in the last run")
            state = WidgetState(id=wid)
            if kind == "string_array_value":
                state.string_array_value.data.extend(value)
            else:
                setattr(state, kind, value)
            self.states[wid] = state
            if key in BOUND_KEYS:
                params = [(k, v) for k, v in parse_qsl(self.query_string) if k != key] + [(key, str(value).lower() if isinstance(value, bool) else str(value))]
                self.query_string = urlencode(params)
        msg = BackMsg()
        # as the browser does: a change to a widget drawn inside a fragment reruns that fragment alone
        fragment = {self.fragments.get(self.widget_id(key), "") for key in changes}
        self.fragment_run = fragment.pop() if len(fragment) == 1 and "" not in fragment else ""
        if self.fragment_run:
            msg.rerun_script.fragment_id = self.fragment_run
        msg.rerun_script.query_string = self.query_string
        msg.rerun_script.page_script_hash = self.page_hash
        msg.rerun_script.widget_states.widgets.extend(
            s for wid, s in self.states.items() if wid in self.widgets or not self.widgets)
        msg.rerun_script.cached_message_hashes.extend(self.cache)
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = await self._until_finished()
        run.seconds = time.perf_counter() - t0
        return run

    async def _until_finished(self) -> Run:
        run, seen = Run(), {}
        deadline = time.monotonic() + self.timeout
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), max(0.1, deadline - time.monotonic()))
            fwd = self._from_cache(raw)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fwd.new_session.main_script_hash or self.page_hash
                self.max_cached_message_age = fwd.new_session.config.max_cached_message_age or 2
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "add_block":
                block = fwd.delta.add_block
                if block.WhichOneof("type") == "tab_container" and block.tab_container.id:
                    seen[block.tab_container.id] = "tab_container"
                    self.fragments[block.tab_container.id] = fwd.delta.fragment_id
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                etype = el.WhichOneof("type")
                if etype == "exception":
                    run.exceptions.append(f"{el.exception.type}: {el.exception.message[:200]}")
                elif etype in WIDGET_TYPES and getattr(getattr(el, etype), "id", ""):
                    proto = getattr(el, etype)
                    seen[proto.id] = etype
                    self.fragments[proto.id] = fwd.delta.fragment_id
                    if etype == "multiselect":
                        self.options[proto.id] = list(proto.options)
            elif kind == "script_finished":
                if fwd.script_finished != FINISHED.FINISHED_EARLY_FOR_RERUN:
                    fragment_run = fwd.script_finished == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
                    self._age_cache(set(fwd.metadata.run.fragment_ids) or {self.fragment_run} if fragment_run else None)
                if fwd.script_finished in (FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_WITH_COMPILE_ERROR):
                    self.widgets = seen
                    return run
                if fwd.script_finished == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                    # the widgets outside the fragment stay as they were; those inside are the ones it drew
                    self.widgets = {w: t for w, t in self.widgets.items()
                                    if self.fragments.get(w) != self.fragment_run} | seen
                    run.fragment = True
                    return run

    def _from_cache(self, raw: bytes) -> ForwardMsg:
        """The message in ``raw``; a ``ref_hash`` reference is replaced by the cached message it names,
        and a cacheable message is kept (as the browser's ``ForwardMsgCache`` does).

        Raises
        ------
        KeyError
            A reference to a message this session does not hold (the server should never send one).
        """
        fwd = ForwardMsg()
        fwd.ParseFromString(raw)
        if fwd.WhichOneof("type") == "ref_hash":
            entry = self.cache.get(fwd.ref_hash)
            if entry is None:
                raise KeyError(f"cached message {fwd.ref_hash} referenced but not held")
            entry[1] = self.run_count
            fwd = ForwardMsg()
            fwd.ParseFromString(entry[0])
        elif fwd.metadata.cacheable and fwd.hash:
            if fwd.hash in self.cache:
                self.cache[fwd.hash][1] = self.run_count
            else:
                fragment = fwd.delta.fragment_id if fwd.WhichOneof("type") == "delta" else ""
                self.cache[fwd.hash] = [raw, self.run_count, fragment]
        return fwd

    def _age_cache(self, fragment_ids: set[str] | None = None) -> None:
        """Count a finished run and drop the cached messages unused for more than the maximum age;
        after a fragment's run (``fragment_ids``: the fragments it ran) only the messages drawn by
        those fragments can be dropped, as the browser's ``ForwardMsgCache.incrementRunCount`` does."""
        self.run_count += 1
        for key in [k for k, (_, used, fragment) in self.cache.items()
                    if self.run_count - used > self.max_cached_message_age
                    and (fragment_ids is None or fragment in fragment_ids)]:
            del self.cache[key]


def place_selection(place_id: str) -> str:
    """The ``json_value`` of a map selection of one marker carrying ``place_id`` (as Plotly sends it)."""
    point = {"curve_number": 1, "point_number": 0, "point_index": 0, "customdata": [place_id]}
    return json.dumps({"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}})
