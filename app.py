"""News event dashboard (Streamlit entry point): ``streamlit run app.py``.

Thin on purpose: page config, settings, building the embedded default data when stale, sidebar
filters, then the panels of :mod:`dashboard.views`. All data logic is in :mod:`dashboard.query`.
"""

from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st

from dashboard import query, store
from dashboard.settings import Settings
from dashboard.views import articles, events, filters, stances
from dashboard.views import map as map_view

st.set_page_config(page_title="News events", page_icon="🗺️", layout="wide")


@st.cache_resource
def _build_lock() -> threading.Lock:
    return threading.Lock()


def ensure_built(settings: Settings) -> None:
    """Build the embedded default data folder from ``raw_dir`` when it is stale.

    The default data folder is (re)built from the default raw folder; another data folder is
    built only when a raw folder was chosen too (``NEWSDASH_RAW_DIR``), otherwise it is shown as it is.
    """
    defaults = Settings()
    default_data = Path(settings.data_dir).resolve() == Path(defaults.data_dir).resolve()
    chosen_raw = Path(settings.raw_dir).resolve() != Path(defaults.raw_dir).resolve()
    if not (default_data or chosen_raw):
        return
    raw = Path(settings.raw_dir)
    if not raw.is_dir() or not any(p.is_file() for p in raw.rglob("*")):
        return
    with _build_lock():
        if not store.is_stale(raw, settings.data_dir):
            return
        with st.status("Building the data from the raw articles…", expanded=True) as status:
            bar = st.progress(0.0, text="Starting")

            def progress(done: int, total: int, label: str) -> None:
                bar.progress(min(done / total, 1.0) if total else 0.0, text=f"{label} ({done}/{total})")

            try:
                from dashboard import pipeline  # imported lazily: heavy (spaCy)

                pipeline.build(inputs=[raw], out_dir=settings.data_dir, settings=settings, progress=progress)
            except Exception as exc:  # show the previous build (if any) rather than a traceback page
                status.update(label="Build failed", state="error")
                st.error(f"Building the data failed: {exc}")
                return
            status.update(label="Data built", state="complete", expanded=False)


@st.cache_data(show_spinner="Loading tables…")
def load_tables(data_dir: str, built_at: str) -> query.Tables:
    """The tables of ``data_dir``; ``built_at`` (from the manifest) invalidates the cache on rebuild."""
    return query.load_tables(data_dir)


def header(settings: Settings, manifest: dict, numbers: dict[str, int]) -> None:
    """Title, data folder with build time, and the counts of the filtered view."""
    st.title("News events")
    st.caption(f"Data: `{settings.data_dir}` · built {manifest.get('built_at', 'unknown')}")
    for col, (name, value) in zip(st.columns(4), numbers.items()):
        col.metric(name.capitalize(), f"{value:,}")


def main() -> None:
    """Run one pass of the app."""
    settings = Settings.from_env()
    ensure_built(settings)
    manifest = store.read_manifest(settings.data_dir)
    tables = load_tables(str(settings.data_dir), str(manifest.get("built_at", "")))
    if tables.is_empty:
        st.title("News events")
        st.info(
            f"No data in `{settings.data_dir}` yet. Build a corpus with `python -m dashboard build …` "
            "or point `NEWSDASH_DATA_DIR` to a built data folder."
        )
        return

    tz = settings.display_timezone
    bounds = query.date_bounds(tables, tz)
    filters.init_from_url(tables, bounds)
    map_view.sync_selection()
    f = filters.sidebar(tables, bounds, query.actor_labels(tables))
    view = query.apply_filters(tables, f, tz)
    map_data = query.apply_filters(tables, f.replace(places=()), tz)

    header(settings, manifest, query.counts(tables, view))
    filters.show_url_warnings()
    if view.events.height == 0 and view.articles.height == 0:
        st.info("Nothing matches these filters. Widen the date range or remove a filter.")

    tab_map, tab_stances, tab_events, tab_articles = st.tabs(["Map", "Stances", "Events", "Articles"])
    with tab_map:
        map_view.render(tables, map_data, settings.map_style)
    with tab_stances:
        pair = stances.render(tables, view)
    with tab_events:
        events.render(tables, view)
    with tab_articles:
        article = articles.render(tables, view, tz)
    filters.write_url(f.replace(pair=pair, article=article))


main()
