"""Pure Polars logic behind the dashboard views (no Streamlit here), one module per concern.

==============  ===================================================================================
``tables``      loading the built tables: the memory plan, lazy scans, :class:`Tables` and its
                per-article reads from the store
``filters``     the :class:`Filters` of a view and applying them (the :class:`View`), time zones
``url``         the query-string codec of a view, so a copied link reopens the same view
``selection``   reading the chart selections (map places, stance pair, timeline span)
``actors``      actor names and labels, the actors of a view
``summary``     the header counts of a view
``map``         map markers, the viewport that fits them, country outlines
``stances``     per-pair stances, heatmap cells, network layout, a pair's evidence
``timeline``    events per period and QuadClass, Goldstein line, article volume
``events``      the events table, dates written to their precision
``articles``    the article reader: one article's detail and its highlighted text
``export``      the downloads of a view (CSV, Parquet)
==============  ===================================================================================

The modules mirror :mod:`dashboard.views`, and a view imports only the modules it shows
(``views/map.py`` from ``query.map`` and ``query.filters``). The arrows keep one direction:
``app.py`` → views → query → :mod:`dashboard.store` and :mod:`dashboard.schema`; nothing here
imports Streamlit or a view. Every function is a plain function of frames and values, testable
without a browser.

The package re-exports the public names of its modules (``from dashboard import query;
query.apply_filters(...)``) for scripts and tests.
"""

from dashboard.query.actors import actor_ids_in_view, actor_labels, actor_names, with_actor_names
from dashboard.query.articles import (
    HIGHLIGHT_KINDS, ArticleDetail, article_detail, article_spans, highlight_html,
)
from dashboard.query.events import date_label, events_table
from dashboard.query.export import EXPORT_NAMES, export_frame, frame_bytes
from dashboard.query.filters import (
    CAMEO_ROOT_NAMES, DEFAULT_RANGE_TRIM, Filters, View, apply_filters, date_bounds, default_date_range,
    filter_articles, filter_events, local_date, to_timezone,
)
from dashboard.query.map import (
    MAP_CLUSTER_FROM, MAP_LABELS, MAP_POINT_SCHEMA, MAP_TOP_ACTORS, MARKER_MAX_PX, MARKER_MIN_PX, country_outlines,
    map_markers, map_points, map_viewport, place_points, with_top_actors,
)
from dashboard.query.selection import selected_pair, selected_place_ids, selected_span
from dashboard.query.stances import (
    pair_evidence, stance_matrix, stance_network, stance_table, top_stance_actors, unattributed_groups,
)
from dashboard.query.summary import counts
from dashboard.query.tables import (
    ARTICLE_CACHE_SIZE, EVENT_ROW, EVENT_TEXT_COLUMNS, HIDDEN_MENTION_ROLES, MEMORY_PLAN, LazyTable, MemoryPlan, Tables, _plain,
    load_tables, scan_tables,
)
from dashboard.query.timeline import (
    article_volume, period_end, timeline, timeline_bin, timeline_focus, timeline_goldstein,
)
from dashboard.query.url import (
    FOREIGN_QUERY_KEYS, GROUPS_QUERY_KEY, PAIR_SEPARATOR, QUERY_KEYS, SPAN_SEPARATOR, TAB_QUERY_KEY, decode_query,
    encode_query, link_filters, pair_key,
)
from dashboard.schema import QUAD_CLASS_NAMES, TABLES

__all__ = [
    "ARTICLE_CACHE_SIZE", "CAMEO_ROOT_NAMES", "DEFAULT_RANGE_TRIM", "EXPORT_NAMES", "FOREIGN_QUERY_KEYS", "GROUPS_QUERY_KEY",
    "HIDDEN_MENTION_ROLES", "HIGHLIGHT_KINDS", "MAP_CLUSTER_FROM", "MAP_LABELS", "MAP_POINT_SCHEMA",
    "MAP_TOP_ACTORS", "MARKER_MAX_PX", "MARKER_MIN_PX", "MEMORY_PLAN", "PAIR_SEPARATOR",
    "QUAD_CLASS_NAMES", "QUERY_KEYS", "SPAN_SEPARATOR", "TABLES", "TAB_QUERY_KEY",
    "EVENT_ROW", "EVENT_TEXT_COLUMNS", "ArticleDetail", "Filters", "LazyTable", "MemoryPlan", "Tables", "View",
    "actor_ids_in_view", "actor_labels", "actor_names", "apply_filters", "article_detail", "article_spans",
    "article_volume", "counts", "country_outlines", "date_bounds", "date_label", "decode_query",
    "default_date_range", "encode_query",
    "events_table", "export_frame", "filter_articles", "filter_events", "frame_bytes", "highlight_html",
    "link_filters", "load_tables", "local_date", "map_markers", "map_points", "map_viewport", "place_points", "with_top_actors", "pair_evidence", "pair_key", "period_end",
    "scan_tables", "selected_pair", "selected_place_ids", "selected_span", "stance_matrix", "stance_network",
    "stance_table", "timeline", "timeline_bin", "timeline_focus", "timeline_goldstein", "to_timezone",
    "top_stance_actors", "unattributed_groups", "with_actor_names",
]
