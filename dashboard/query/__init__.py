"""Pure Polars logic behind the dashboard views (no Streamlit here).

Loading the built tables, the typed :class:`Filters` of a view, applying them, the aggregations of the
map, stance and timeline panels, and the URL query-string encoding of a view, so that a copied link
reopens the same view. Every function is a plain function of frames and values, testable without a
browser.
"""

from dashboard.query.actors import _actor_names, _with_actor_names, actor_ids_in_view, actor_labels
from dashboard.query.articles import (
    _HIGHLIGHT_STYLE, HIGHLIGHT_KINDS, ArticleDetail, _non_overlapping, article_detail, article_spans, highlight_html,
)
from dashboard.query.events import _date_label, events_table
from dashboard.query.export import EXPORT_NAMES, _full_articles, export_frame, frame_bytes
from dashboard.query.filters import (
    CAMEO_ROOT_NAMES, Filters, View, _in_range, apply_filters, date_bounds, filter_articles, filter_events, local_date,
    to_timezone,
)
from dashboard.query.map import (
    MAP_POINT_SCHEMA, MAP_TOP_ACTORS, _top_actors_by_place, country_outlines, map_points, map_viewport,
)
from dashboard.query.selection import (
    _as_date, _custom, _selection_points, selected_pair, selected_place_ids, selected_span,
)
from dashboard.query.stances import (
    pair_evidence, stance_matrix, stance_network, stance_table, top_stance_actors, unattributed_groups,
)
from dashboard.query.summary import counts
from dashboard.query.tables import (
    ARTICLE_CACHE_SIZE, HIDDEN_MENTION_ROLES, MEMORY_PLAN, MemoryPlan, Tables, _plain, load_tables, scan_tables,
)
from dashboard.query.timeline import (
    _period_end, article_volume, timeline, timeline_bin, timeline_focus, timeline_goldstein,
)
from dashboard.query.url import (
    FOREIGN_QUERY_KEYS, GROUPS_QUERY_KEY, PAIR_SEPARATOR, QUERY_KEYS, SPAN_SEPARATOR, TAB_QUERY_KEY, _dedupe, _values,
    decode_query, encode_query, pair_key,
)
from dashboard.schema import QUAD_CLASS_NAMES, TABLES
