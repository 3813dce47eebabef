"""Short correction forms next to the thing they fix: an actor (sidebar, under the actor filter), a
place mention (map, once a place is selected), an event (events panel), an article (reader).

Every form saves one :class:`dashboard.corrections.Correction` with a button callback (so it can
reset filter widgets before they are drawn), appended to the data folder's corrections file; the
app then reloads the corrected tables (their cache is keyed by the file's stamp). Under read-only
mode no form is drawn. Widgets are addressed by keys with the prefix ``corr.``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import polars as pl
import streamlit as st

from dashboard import corrections
from dashboard.corrections import MODALITIES, PLACE_SCOPES, Correction, CorrectionError
from dashboard.corrections_apply import manual_place_id
from dashboard.query.corrections import event_choices, place_candidates, place_label, place_mentions_of
from dashboard.query.filters import View
from dashboard.query.tables import Tables
from dashboard.views import cache, lazy
from dashboard.schema import TABLES
from dashboard.views.safe import md

KEY = "corr"
USER_KEY = f"{KEY}.user"  # not a widget: kept for the whole session once given
WHO_KEY = f"{KEY}.who"
MESSAGE_KEY = f"{KEY}.message"
ACTOR_ACTIONS = {"merge": "Merge it into another actor", "name": "Name", "kind": "Kind", "country": "Country",
                 "role": "Role"}
EVENT_ACTIONS = {"reject": "Reject it", "cameo_code": "CAMEO code", "source_actor_id": "Source",
                 "target_actor_id": "Target", "modality": "Modality"}
READ_ONLY_TEXT = ("Read-only: corrections, uploads and rebuilds are switched off here (setting `read_only`; "
                  "see the README, 'Corrections').")


@dataclass(frozen=True)
class Editor:
    """Where corrections go and whether they may be made: the data folder, read-only mode, the
    actor dictionary merges and renames are written to, the uncorrected tables (to rewrite that
    dictionary) and the cache folder of the gazetteer."""

    data_dir: Path
    read_only: bool
    dictionary: Path
    raw: Tables
    cache_dir: Path

    def touches_dictionary(self, c: Correction) -> bool:
        """Whether ``c`` (or the correction an undo revokes) is an actor merge or rename."""
        if c.kind == "undo":
            target = next((x for x in corrections.read(self.data_dir).rows if x.id == c.value["revokes"]), None)
            return target is not None and self.touches_dictionary(target)
        return c.kind == "merge_actors" or (c.kind == "set_actor" and c.value["field"] == "name")

    def sync_dictionary(self) -> None:
        """Rewrite the corrections' entries of the actor dictionary from the active corrections."""
        from dashboard.corrections_apply import apply, sync_dictionary

        active = corrections.read(self.data_dir).active()
        fixed = apply({n: getattr(self.raw, n) for n in TABLES}, active)
        sync_dictionary(self.dictionary, active, fixed.tables["actors"])


def user_name() -> str:
    """The name the user gave (once per session), or ``""``."""
    return st.session_state.get(USER_KEY, "")


def who_field(form: str) -> None:
    """Ask for the user's name once; afterwards say who corrections are recorded for."""
    if user_name():
        st.caption(f"Recorded as **{md(user_name())}**.")
    else:
        st.text_input("Your name (asked once; recorded with each correction)", key=f"{WHO_KEY}.{form}",
                      on_change=lambda: st.session_state.update({USER_KEY: str(
                          st.session_state.get(f"{WHO_KEY}.{form}") or "").strip()}))


def save(editor: Editor, form: str, make: Callable[[str], Correction],
         after: Callable[[Correction], None] | None = None) -> None:
    """Button callback: build the correction with ``make(who)``, append it, keep the actor
    dictionary in step, and leave a message for ``form``; refused under read-only mode."""
    state = st.session_state
    if editor.read_only:
        state[MESSAGE_KEY] = (form, "error", READ_ONLY_TEXT)
        return
    who = user_name() or str(state.get(f"{WHO_KEY}.{form}") or "").strip()
    if not who:
        state[MESSAGE_KEY] = (form, "error", "Give your name first: it is recorded with the correction.")
        return
    state[USER_KEY] = who
    try:
        c = make(who)
        corrections.append(editor.data_dir, [c])
        if editor.touches_dictionary(c):
            editor.sync_dictionary()
    except (CorrectionError, ValueError, KeyError, TypeError) as exc:
        state[MESSAGE_KEY] = (form, "error", f"Not saved: {md(exc)}")
        return
    except OSError as exc:
        state[MESSAGE_KEY] = (form, "error", f"Could not write the corrections file: {md(exc)}")
        return
    if after is not None:
        after(c)
    state[MESSAGE_KEY] = (form, "success", f"Saved: {md(c.describe())}.")  # names from the data


def message(form: str) -> None:
    """Show (once) the message the last save left for ``form``."""
    msg = st.session_state.get(MESSAGE_KEY)
    if msg and msg[0] == form:
        (st.success if msg[1] == "success" else st.error)(msg[2])
        st.session_state[MESSAGE_KEY] = None


def _why(form: str) -> str:
    return str(st.session_state.get(f"{KEY}.{form}.why") or "")


# --------------------------------------------------------------------------------------- actors
def actor_form(editor: Editor, tables: Tables, labels: dict[str, str], chosen: tuple[str, ...]) -> None:
    """Sidebar: merge an actor into another (undo in the Corrections panel), or set its name, kind,
    country or role. Opens on the first actor of the actor filter."""
    if editor.read_only:
        return
    from dashboard.actor_dictionary import KINDS
    from dashboard.views.filters import ACTOR_KEY

    ids = list(labels)
    box = lazy.expander("Correct an actor (merge, rename…)", f"{KEY}.actor.open", parent=st.sidebar)
    if box is None:  # closed: its select boxes of every actor cost nothing
        return
    with box:
        first = ids.index(chosen[0]) if chosen and chosen[0] in labels else None
        actor = st.selectbox("Actor", ids, index=first, format_func=lambda a: labels.get(a, a),
                             key=f"{KEY}.actor.id", placeholder="Choose an actor")
        action = st.radio("Change", list(ACTOR_ACTIONS), format_func=ACTOR_ACTIONS.get, key=f"{KEY}.actor.action")
        if action == "merge":
            st.selectbox("Merge it into", [a for a in ids if a != actor], index=None,
                         format_func=lambda a: labels.get(a, a), key=f"{KEY}.actor.into", placeholder="Choose an actor")
        elif action == "kind":
            st.selectbox("New kind", KINDS, key=f"{KEY}.actor.kind")
        else:
            st.text_input(f"New {action}" + (" (ISO 3166-1 alpha-3, e.g. UKR)" if action == "country" else ""),
                          key=f"{KEY}.actor.new")
        st.text_input("Why (optional)", key=f"{KEY}.actor.why")
        who_field("actor")

        def make(who: str) -> Correction:
            state = st.session_state
            aid, act = state.get(f"{KEY}.actor.id"), state.get(f"{KEY}.actor.action")
            wanted = [aid, state.get(f"{KEY}.actor.into")]  # read on save, not on every rerun
            chosen_rows = tables.actors.filter(pl.col("actor_id").is_in([w for w in wanted if w]))
            rows = {r["actor_id"]: r for r in chosen_rows.iter_rows(named=True)}
            if aid not in rows:
                raise ValueError("choose an actor")
            target = {"actor_id": aid, "name": rows[aid]["name"], "aliases": list(rows[aid]["aliases"] or [])}
            if act == "merge":
                into = state.get(f"{KEY}.actor.into")
                if into not in rows:
                    raise ValueError("choose the actor to merge it into")
                return Correction("merge_actors", target, {"into": into, "into_name": rows[into]["name"]},
                                  who=who, why=_why("actor"))
            new = state.get(f"{KEY}.actor.kind") if act == "kind" else str(state.get(f"{KEY}.actor.new") or "").strip()
            if act == "country" and new and not (len(new) == 3 and new.isalpha()):
                raise ValueError("a country is an ISO 3166-1 alpha-3 code such as UKR")
            if act == "name" and not new:
                raise ValueError("give the new name")
            return Correction("set_actor", target, {"field": act, "new": new.upper() if act == "country" else new},
                              who=who, why=_why("actor"))

        def after(c: Correction) -> None:  # a merged actor leaves the actor filter
            gone = st.session_state.get(f"{KEY}.actor.id")
            if st.session_state.get(f"{KEY}.actor.action") == "merge":
                st.session_state[ACTOR_KEY] = [a for a in st.session_state.get(ACTOR_KEY, []) if a != gone]
                st.session_state[f"{KEY}.actor.id"] = None

        st.button("Save the correction", key=f"{KEY}.actor.save", on_click=save, args=(editor, "actor", make, after))
        message("actor")


# --------------------------------------------------------------------------------------- places
@st.cache_resource(show_spinner="Loading the gazetteer…", max_entries=1)
def _gazetteer(cache_dir: str):
    from dashboard.gazetteer import Gazetteer

    return Gazetteer.load(cache_dir)


def place_form(editor: Editor, tables: Tables, view: View, place_ids: tuple[str, ...]) -> None:
    """Map: move a mention of the selected place(s) to another gazetteer candidate or to typed
    coordinates, for this mention, every mention of the name in the article or in the whole data."""
    if editor.read_only:
        return
    box = lazy.expander("Move a place mention to another place", f"{KEY}.place.open")
    if box is None:
        return
    with box:
        message("place")
        if not place_ids:
            st.caption("Select a place on the map (click its marker) to move its mentions.")
            return
        mentions = cache.per_view(place_mentions_of, tables, view, place_ids)
        if mentions.height == 0:
            st.caption("No mention of the selected place in this view.")
            return
        keys = [f"{r['article_id']}|{r['start']}|{r['end']}|{r['text']}" for r in mentions.iter_rows(named=True)]
        rows = dict(zip(keys, mentions.iter_rows(named=True)))
        key = st.selectbox("Mention", keys, format_func=lambda k: rows[k]["label"], key=f"{KEY}.place.mention")
        m = rows.get(key) or rows[keys[0]]
        st.radio("For", PLACE_SCOPES, key=f"{KEY}.place.scope", horizontal=True, format_func={
            "mention": "this mention", "article": f"every '{md(m['text'])}' in this article",  # radio labels are Markdown
            "corpus": f"every '{md(m['text'])}' in the data"}.get)
        cands = [c for c in place_candidates(tables, m["text"], _gazetteer(str(editor.cache_dir)))
                 if c["place_id"] != m["place_id"]]
        by_id = {c["place_id"]: c for c in cands}
        to = st.selectbox("Move to", [*by_id, "typed"], key=f"{KEY}.place.to",
                          format_func=lambda p: "typed coordinates…" if p == "typed" else place_label(by_id[p]))
        if to == "typed":
            cols = st.columns(2)
            cols[0].number_input("Latitude", -90.0, 90.0, value=None, format="%.4f", key=f"{KEY}.place.lat")
            cols[1].number_input("Longitude", -180.0, 180.0, value=None, format="%.4f", key=f"{KEY}.place.lon")
            st.text_input("Name of the place", value=m["text"], key=f"{KEY}.place.name")
        st.text_input("Why (optional)", key=f"{KEY}.place.why")
        who_field("place")

        def make(who: str) -> Correction:
            state = st.session_state
            r = rows.get(state.get(f"{KEY}.place.mention")) or m
            target = {"article_id": r["article_id"], "start": r["start"], "end": r["end"], "text": r["text"],
                      "from": r["place_id"]}
            value = {"scope": state.get(f"{KEY}.place.scope") or "mention"}
            dest = state.get(f"{KEY}.place.to")
            if dest == "typed" or dest is None:
                value.update(latitude=state.get(f"{KEY}.place.lat"), longitude=state.get(f"{KEY}.place.lon"),
                             place_name=str(state.get(f"{KEY}.place.name") or r["text"]))
                if value["latitude"] is None or value["longitude"] is None:
                    raise ValueError("type a latitude and a longitude")
            else:
                c = by_id[dest]
                value.update(place_id=c["place_id"], place_name=c["name"], **{k: c[k] for k in (
                    "feature_class", "feature_code", "country_code", "admin1", "latitude", "longitude", "population")})
            return Correction("move_place", target, value, who=who, why=_why("place"))

        def after(c: Correction) -> None:  # the selection follows the moved mention to its new place
            from dashboard.views import selection

            new = c.value.get("place_id") or manual_place_id(c.value["latitude"], c.value["longitude"])
            selection.set_places(tuple(dict.fromkeys(new if p == c.target["from"] else p for p in selection.places())))

        st.button("Move the mention", key=f"{KEY}.place.save", on_click=save, args=(editor, "place", make, after))


# --------------------------------------------------------------------------------------- events
def event_form(editor: Editor, tables: Tables, view: View, labels: dict[str, str]) -> None:
    """Events panel: reject an event, or change its CAMEO code, source, target or modality."""
    if editor.read_only:
        return
    if view.n_events == 0:
        return
    box = lazy.expander("Reject or change an event", f"{KEY}.event.open")
    if box is None:  # closed: the select box of every event of the view costs nothing
        return
    from dashboard.cameo import CODES

    with box:
        choices = cache.per_view(event_choices, tables, view)  # once per filter state
        if choices.height == 0:
            st.caption("No event to correct in this view.")
            return
        names = dict(zip(choices["event_id"], choices["label"]))
        st.selectbox("Event", list(names), index=None, format_func=names.get, key=f"{KEY}.event.id",
                     placeholder="Choose an event (type to search)")
        action = st.radio("Action", list(EVENT_ACTIONS), format_func=EVENT_ACTIONS.get, key=f"{KEY}.event.action",
                          horizontal=True)
        if action == "cameo_code":
            st.selectbox("New CAMEO code", sorted(CODES), format_func=lambda c: f"{c} {CODES[c][0]}",
                         key=f"{KEY}.event.code")
        elif action in ("source_actor_id", "target_actor_id"):
            st.selectbox(f"New {EVENT_ACTIONS[action].lower()}", ["", *labels],
                         format_func=lambda a: labels.get(a, a) if a else "(none)", key=f"{KEY}.event.actor")
        elif action == "modality":
            st.selectbox("New modality", MODALITIES, key=f"{KEY}.event.modality")
        st.text_input("Why (optional)", key=f"{KEY}.event.why")
        who_field("event")

        def make(who: str) -> Correction:
            state = st.session_state
            eid, act = state.get(f"{KEY}.event.id"), state.get(f"{KEY}.event.action")
            if eid not in names:
                raise ValueError("choose an event")
            target = {"event_id": eid, "label": names[eid][:160]}
            if act == "reject":
                return Correction("reject_event", target, {}, who=who, why=_why("event"))
            new = state.get({"cameo_code": f"{KEY}.event.code", "modality": f"{KEY}.event.modality"}.get(
                act, f"{KEY}.event.actor")) or ""
            return Correction("change_event", target, {"field": act, "new": new}, who=who, why=_why("event"))

        def after(c: Correction) -> None:
            st.session_state[f"{KEY}.event.id"] = None

        st.button("Save the correction", key=f"{KEY}.event.save", on_click=save, args=(editor, "event", make, after))
        message("event")


# --------------------------------------------------------------------------------------- articles
def article_form(editor: Editor, tables: Tables, article_id: str | None) -> None:
    """Reader: hide the article shown (its events, mentions and quotations leave every panel).

    ``article_id`` is what the reader returned (None for its default, first article): the article
    shown is the reader's select box value."""
    from dashboard.views.articles import ARTICLE_KEY

    article_id = st.session_state.get(ARTICLE_KEY) or article_id
    if editor.read_only or not article_id:
        return
    box = lazy.expander("Hide this article", f"{KEY}.article.open")
    if box is None:
        return
    with box:
        st.text_input("Why (optional)", key=f"{KEY}.article.why")
        who_field("article")
        title = tables.articles.filter(pl.col("article_id").cast(pl.String) == article_id)["title"]
        target = {"article_id": article_id, "title": title.item() if title.len() == 1 else None}

        def make(who: str) -> Correction:
            return Correction("hide_article", target, {}, who=who, why=_why("article"))

        st.button("Hide the article", key=f"{KEY}.article.save", on_click=save, args=(editor, "article", make))
        message("article")
