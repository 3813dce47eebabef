"""The "Corrections" panel: every correction of the data folder's file with its status, undo, the
user's name, download (export) and import of a corrections file.

Widgets are addressed by keys with the prefix ``corr.panel.``. Under read-only mode the list and
the download stay; undo and import are not drawn.
"""

from __future__ import annotations

import streamlit as st

from dashboard import corrections
from dashboard.corrections import CORRECTIONS_FILE, Correction, Loaded
from dashboard.corrections_apply import Applied
from dashboard.query.corrections import corrections_frame
from dashboard.views.correct import MESSAGE_KEY, READ_ONLY_TEXT, Editor, message, save, who_field
from dashboard.views.safe import md

KEY = "corr.panel"
UNDO_KEY = f"{KEY}.undo"
IMPORT_ROUND_KEY = f"{KEY}.import_round"


def render(editor: Editor, loaded: Loaded, applied: Applied) -> None:
    """Draw the panel for the corrections file ``loaded`` as applied (``applied``) to the data."""
    st.subheader("Corrections")
    st.caption(f"Every correction is a line of `{CORRECTIONS_FILE}` in the data folder (who, when, what, why); "
               "they are applied whenever the tables are loaded, again after every rebuild. An undo is a new "
               "line, never a deletion. Make corrections next to what they fix: the actor form in the sidebar, "
               "the place form under the map, the event form under the timeline, the article form in the reader.")
    if editor.read_only:
        st.info(READ_ONLY_TEXT)
    for p in loaded.problems:
        st.warning(f"Line {p.line} of `{CORRECTIONS_FILE}` could not be read and is left out "
                   f"({md(p.reason)}).")  # the reason quotes a line of the file (a colleague's import)
    if applied.orphans:
        st.warning(f"{len(applied.orphans)} correction(s) could not be applied: their target is no longer in the "
                   "data (status 'not applied' below). They stay in the file.")
    table = corrections_frame(loaded, applied)
    if table.height == 0:
        st.info("No corrections yet.")
    else:
        st.dataframe(table.drop("id"), key=f"{KEY}.table", hide_index=True)
    st.download_button("Download the corrections", data=corrections.export_text(editor.data_dir) or "",
                       file_name=CORRECTIONS_FILE, mime="application/x-ndjson", key=f"{KEY}.download",
                       on_click="ignore", disabled=table.height == 0)
    if editor.read_only:
        return
    _undo(editor, loaded)
    _import(editor)


def _undo(editor: Editor, loaded: Loaded) -> None:
    live = {c.id: c for c in loaded.active()}
    if not live:
        return
    st.markdown("**Undo a correction**")
    ids = list(reversed(live))
    st.selectbox("Correction", ids, index=None, key=UNDO_KEY, placeholder="Choose a correction to undo",
                 format_func=lambda i: f"{live[i].when} · {live[i].who} · {live[i].describe()}")
    who_field("undo")

    def make(who: str) -> Correction:
        cid = st.session_state.get(UNDO_KEY)
        if cid not in live:
            raise ValueError("choose a correction to undo")
        return Correction("undo", {}, {"revokes": cid}, who=who)

    def after(c: Correction) -> None:
        st.session_state[UNDO_KEY] = None

    st.button("Undo", key=f"{KEY}.undo_go", on_click=save, args=(editor, "undo", make, after))
    message("undo")


def _import(editor: Editor) -> None:
    st.markdown("**Import a colleague's corrections**")
    round_ = st.session_state.setdefault(IMPORT_ROUND_KEY, 0)
    key = f"{KEY}.import_{round_}"
    upload = st.file_uploader(f"A `{CORRECTIONS_FILE}` file (rows already here are skipped)", type=["jsonl", "json"],
                              key=key)
    if upload is not None:  # a callback, as every button in the panels: the click is never lost to a rerun
        st.button("Import", key=f"{KEY}.import_go", on_click=_import_file, args=(editor, key, round_))
    message("import")


def _import_file(editor: Editor, key: str, round_: int) -> None:
    """Button callback: add the uploaded file's corrections, leave a message, clear the file picker."""
    upload = st.session_state.get(key)
    if upload is None:
        return
    try:
        added, problems = corrections.import_text(editor.data_dir, upload.getvalue().decode("utf-8", "replace"))
        editor.sync_dictionary()
    except OSError as exc:
        st.session_state[MESSAGE_KEY] = ("import", "error", f"Could not write the corrections file: {md(exc)}")
        return
    note = f" {len(problems)} unreadable line(s) left out." if problems else ""
    st.session_state[MESSAGE_KEY] = ("import", "success" if not problems else "error",
                                        f"Imported {added} correction(s).{note}")
    st.session_state[IMPORT_ROUND_KEY] = round_ + 1  # a new picker: the imported file is not offered again
