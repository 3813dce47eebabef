"""Sidebar upload: add article files (any supported format, several at once) to the current data.

Uploaded files are saved under :func:`upload_dir` with sanitised names (:func:`safe_name`: never a
path outside that folder) and merged into the data folder by the incremental build
(:func:`dashboard.pipeline.build`), so articles already stored are not extracted again.

Limits (:func:`check_uploads`, applied on the server whatever the browser let through): files of a
type the build reads (:data:`dashboard.ingest.SUPPORTED`) of at most the ``max_upload_mb`` setting
each; the others are refused with one error line each. ``server.maxUploadSize`` in
``.streamlit/config.toml`` is the server's own cap on a request and is kept equal to the setting's
default (a test checks it). Report lines show file names and reasons escaped (:mod:`dashboard.views.safe`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Callable, Iterable

from dashboard.settings import Settings

MAX_NAME = 120
_UNSAFE = re.compile(r"[^\w.\-+ ()\[\]]+", re.UNICODE)


def safe_name(name: str) -> str:
    """A file name that is safe to create inside a folder.

    Only the last path component is kept (``/`` and ``\\`` both separate), control characters,
    separators and reserved characters become ``_``, leading dots and spaces are removed (no hidden
    files, no ``..``), Windows device names are prefixed (also ``CON .csv``, ``COM¹``, ``CONIN$``), and the result is at most
    :data:`MAX_NAME` characters with its extension kept. Never empty.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\x00", "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch if unicodedata.category(ch)[0] != "C" else "_" for ch in name)
    name = _UNSAFE.sub("_", name).strip(" .")
    name = re.sub(r"_+", "_", name)
    if re.fullmatch(r"(?i)(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin_|conout_|clock_)\s*(\..*)?", name):
        name = "_" + name
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:15] if dot and stem else ""
        name = name[: MAX_NAME - len(ext) - 1].rstrip(" .") + ("." + ext if ext else "")
    return name or "upload"


def upload_dir(settings: Settings) -> Path:
    """Where uploads are kept: ``<raw_dir>/uploads`` when the raw folder feeds this data folder (the
    embedded default, or a chosen raw folder), else a folder ``<data_dir>-uploads`` beside the data."""
    defaults = Settings()
    data, raw = Path(settings.data_dir), Path(settings.raw_dir)
    feeds = data.resolve() == Path(defaults.data_dir).resolve() or raw.resolve() != Path(defaults.raw_dir).resolve()
    return raw / "uploads" if feeds else data.with_name(data.name + "-uploads")


def save_uploads(files: Iterable[tuple[str, bytes]], folder: Path) -> list[Path]:
    """Save ``(name, bytes)`` pairs into ``folder`` under safe names; returns the paths.

    A name already used by a different file gets ``-1``, ``-2``… before its extension; the same
    bytes under the same name are saved once.

    Raises
    ------
    ValueError
        If a name would resolve outside ``folder`` (cannot happen with :func:`safe_name`; checked anyway).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    saved = []
    for name, data in files:
        clean = safe_name(name)
        stem, dot, ext = clean.partition(".")
        target, n = folder / clean, 0
        while target.exists() and hashlib.sha1(target.read_bytes()).digest() != hashlib.sha1(data).digest():
            n += 1
            target = folder / f"{stem}-{n}{dot}{ext}"
        if not target.resolve().is_relative_to(root) or target.resolve().parent != root:
            raise ValueError(f"refusing to write {name!r} outside {folder}")
        if not target.exists():
            tmp = target.with_name(f".{target.name}.part")
            tmp.write_bytes(data)
            tmp.replace(target)
        saved.append(target)
    return saved


def upload_limit_mb(settings: Settings, server_mb: int | None = None) -> int:
    """The largest file (MB) the upload takes: the ``max_upload_mb`` setting, capped by the server's
    ``server.maxUploadSize`` (``server_mb``) when given."""
    limit = max(1, int(settings.max_upload_mb))
    return min(limit, int(server_mb)) if server_mb else limit


#: The files of one "Add" may total at most this many times the per-file limit (``max_upload_mb``):
#: the server's own cap (``server.maxUploadSize``) is per file, so forty files of 49 MB each would
#: otherwise all be built at once.
UPLOAD_TOTAL_FILES = 4


def check_uploads(files: Iterable[tuple[str, bytes]], settings: Settings,
                  limit_mb: int | None = None) -> tuple[list[tuple[str, bytes]], list[str]]:
    """Split uploaded ``(name, bytes)`` pairs into those the build may read and one error per other.

    Refused: a name whose (sanitised) extension is not a supported input type
    (:data:`dashboard.ingest.SUPPORTED`), an empty file, a file larger than ``limit_mb``
    (default: :func:`upload_limit_mb`), and the files after the accepted ones reach
    :data:`UPLOAD_TOTAL_FILES` times ``limit_mb`` together (they can be added next time).

    Returns
    -------
    tuple of (list of (str, bytes), list of str)
        The accepted files, and the error lines (``name — reason``) of the refused ones.
    """
    from dashboard.ingest import SUPPORTED

    limit = upload_limit_mb(settings) if limit_mb is None else limit_mb
    accepted, errors, total = [], [], 0
    for name, data in files:
        suffix = Path(safe_name(name)).suffix.lower()
        if suffix not in SUPPORTED:
            kind = f"'{suffix}'" if suffix else "without an extension"
            errors.append(f"{name} — file type {kind} is not accepted (accepted: {', '.join(sorted(SUPPORTED))})")
        elif len(data) > limit * 1024 * 1024:
            errors.append(f"{name} — {len(data) / 1024 / 1024:,.1f} MB is over the {limit} MB limit per file "
                          "(setting max_upload_mb)")
        elif not data:
            errors.append(f"{name} — the file is empty")
        elif total + len(data) > UPLOAD_TOTAL_FILES * limit * 1024 * 1024:
            errors.append(f"{name} — not added: the files of one upload may total {UPLOAD_TOTAL_FILES * limit} MB "
                          f"({UPLOAD_TOTAL_FILES} times max_upload_mb); add it next time")
        else:
            total += len(data)
            accepted.append((name, data))
    return accepted, errors


def add_to_store(files: Iterable[tuple[str, bytes]], settings: Settings,
                 progress: Callable[[int, int, str], None] | None = None):
    """Save uploaded files and merge them into ``settings.data_dir`` with the incremental build.

    Returns the :class:`~dashboard.pipeline.BuildReport` (report lines for unusable files).

    Raises
    ------
    dashboard.pipeline.NothingToBuild
        If none of the files could be used (the data folder is left as it was).
    """
    from dashboard import pipeline  # heavy (spaCy): imported when used

    paths = save_uploads(files, upload_dir(settings))
    return pipeline.build(paths, settings.data_dir, settings, progress)


def show_report(last: dict) -> None:
    """The report of the last upload: the summary as a success, then every file that could not be
    used as an error and every warning as a warning (as visible as the success, not grey captions).

    Parameters
    ----------
    last
        ``{"summary": str, "lines": [(level, text), …], "ok": bool}`` as :func:`render` keeps it
        (``ok`` False: nothing was added, the summary is an error).
    """
    import streamlit as st

    from dashboard.views.safe import md

    (st.success if last.get("ok", True) else st.error)(last["summary"])
    for level, line in last["lines"]:
        (st.error if level == "error" else st.warning)(f"{level}: {md(line)}")  # names and reasons from files


def render(settings: Settings) -> None:
    """The sidebar section: file picker (limited in type and size), "Add" button, progress bar and
    the report (nothing under read-only mode, setting ``read_only``, nor for a store URL)."""
    import streamlit as st

    from dashboard.storage import is_remote

    if settings.is_read_only or is_remote(settings.data_dir):
        return  # read-only mode, or a store read through fsspec (s3://, gs://): build locally, then upload
    state = st.session_state
    round_ = state.setdefault("upload_round", 0)
    last = state.get("upload_last")
    limit = upload_limit_mb(settings, st.get_option("server.maxUploadSize"))
    from dashboard.views import lazy

    box = lazy.expander("Add articles", "upload_open", parent=st.sidebar, expanded=bool(last))
    if box is None:  # closed: the file picker is neither drawn nor sent
        return
    from dashboard.ingest import SUPPORTED  # the readers' modules: imported once the section is opened

    with box:
        if last:
            show_report(last)
        files = st.file_uploader(
            "Articles: text, Markdown, HTML, RSS/Atom, JSON, CSV/TSV, GDELT exports, .gz/.zip",
            accept_multiple_files=True, type=sorted(s.lstrip(".") for s in SUPPORTED), key=f"upload_files_{round_}",
            max_upload_size=limit, help=f"At most {limit} MB per file.",
        )
        if not files or not st.button("Add to the data", key="upload_go"):
            return
        accepted, refused = check_uploads([(f.name, f.getvalue()) for f in files], settings, limit)
        lines = [("error", line) for line in refused]
        if not accepted:
            state["upload_last"] = {"summary": f"Nothing added: none of the {len(files)} file(s) can be used.",
                                    "lines": lines, "ok": False}
            state["upload_round"] = round_ + 1
            st.rerun()
        _add(accepted, settings, lines, len(files))
        state["upload_round"] = round_ + 1  # a fresh, empty file picker
        st.rerun()


def _add(files: list[tuple[str, bytes]], settings: Settings, lines: list[tuple[str, str]], n_files: int) -> None:
    """Merge the accepted ``files`` into the data with a progress bar; keep the report (``lines``:
    the refused files' error lines so far) for :func:`show_report`."""
    import streamlit as st

    from dashboard.pipeline import NothingToBuild
    from dashboard.views.safe import md

    bar = st.progress(0.0, text="Reading files…")

    def progress(done: int, total: int, label: str) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{md(label[:60])} ({done}/{total})")  # a title

    try:
        report = add_to_store(files, settings, progress)
    except (NothingToBuild, ValueError) as exc:  # ValueError: a name resolving outside the upload folder
        st.session_state["upload_last"] = {"summary": "Nothing could be added.",
                                           "lines": lines + [("error", str(exc))], "ok": False}
        return
    bar.progress(1.0, text="Done")
    st.session_state["upload_last"] = {
        "summary": f"Added {report.added.get('articles', 0):,} article(s) and "
                   f"{report.added.get('events', 0):,} event(s) from {n_files} file(s).",
        "lines": lines + [(p.level, f"{Path(p.path).name} — {p.reason}") for p in report.problems],
    }
