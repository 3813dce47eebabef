"""The article reader: one article with its actors, places and quotations, and its text highlighted
as safe HTML.

Shown by :mod:`dashboard.views.articles`.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from dashboard.query.actors import actor_names
from dashboard.query.tables import HIDDEN_MENTION_ROLES, Tables, _plain


@dataclass(frozen=True)
class ArticleDetail:
    """One article with what was found in it."""

    article: dict
    actors: pl.DataFrame
    places: pl.DataFrame
    quotes: pl.DataFrame


def article_detail(tables: Tables, article_id: str) -> ArticleDetail | None:
    """The article ``article_id`` with its actors, place mentions and quotes; None if unknown."""
    article = tables.article_record(article_id)
    if article is None:
        return None
    actors = (
        tables.article_rows("entities", article_id, ("actor_id",))
        .filter(pl.col("actor_id").is_not_null())
        .group_by("actor_id")
        .agg(pl.len().alias("mentions"))
        .join(tables.actors.unique("actor_id", keep="first"), on="actor_id", how="left")
        .select("name", "kind", "country", "role", "mentions", "actor_id")
        .sort(["mentions", "name"], descending=[True, False], nulls_last=True)
    )
    places = (
        tables.article_rows("place_mentions", article_id, ("text", "role", "place_id", "confidence"))
        .join(
            tables.places.unique("place_id", keep="first").select(
                "place_id", pl.col("name").alias("place"), "country_code", "latitude", "longitude"
            ),
            on="place_id",
            how="left",
        )
        .select("text", "role", "place", "country_code", "latitude", "longitude", "confidence", "place_id")
        .sort("text")
    )
    quotes = (
        tables.article_rows("quotes", article_id, ("speaker_actor_id", "cue", "text", "start", "kind"))
        .join(
            actor_names(tables).rename({"actor_id": "speaker_actor_id", "name": "speaker"}),
            on="speaker_actor_id",
            how="left",
        )
        .sort("start", nulls_last=True)
        .select("speaker", "cue", "text", "kind")
    )
    return ArticleDetail(article=article, actors=actors, places=places, quotes=quotes)


#: Highlight kinds of the article reader, in priority order (an overlapping later span is dropped).
HIGHLIGHT_KINDS: tuple[str, ...] = ("actor", "place", "verb", "quote")
_HIGHLIGHT_STYLE = {
    "actor": "background:#cfe3ff;border-radius:3px;padding:0 1px",
    "place": "background:#d2f2cf;border-radius:3px;padding:0 1px",
    "verb": "background:#ffd9a8;border-radius:3px;padding:0 1px;font-weight:600",
    "quote": "background:#f1e6ff;font-style:italic",
}


def article_spans(tables: Tables, article_id: str) -> pl.DataFrame:
    """Character spans to highlight in an article: ``start``, ``end``, ``kind`` (actor, place, verb,
    quote), ``label`` (hover text) and ``ref`` (actor id, place id, CAMEO code or quote id).

    Event verbs come from ``events.verb_start``/``verb_end``. Spans with missing or out-of-range
    offsets are left out.
    """
    schema = {"start": pl.Int64, "end": pl.Int64, "kind": pl.String, "label": pl.String, "ref": pl.String}
    article = tables.article_record(article_id)
    if article is None:
        return pl.DataFrame(schema=schema)
    text = article["text"] or ""
    names = actor_names(tables)
    actors = (
        tables.article_rows("entities", article_id, ("start", "end", "actor_id"))
        .filter(pl.col("actor_id").is_not_null())
        .join(names, on="actor_id", how="left")
        .select(
            "start", "end", pl.lit("actor").alias("kind"),
            pl.format("actor: {}", pl.coalesce("name", "actor_id")).alias("label"), pl.col("actor_id").alias("ref"),
        )
    )
    place_names = tables.places.unique("place_id", keep="first").select("place_id", pl.col("name").alias("pname"))
    places = (
        tables.article_rows("place_mentions", article_id, ("start", "end", "place_id", "role"))
        .filter(~pl.col("role").fill_null("").is_in(HIDDEN_MENTION_ROLES))
        .join(place_names, on="place_id", how="left")
        .select(
            "start", "end", pl.lit("place").alias("kind"),
            pl.format("place: {} ({})", pl.coalesce("pname", pl.lit("unresolved")), pl.col("role").fill_null("?"))
            .alias("label"),
            pl.col("place_id").alias("ref"),
        )
    )
    quotes = tables.article_rows("quotes", article_id, ("quote_id", "speaker_actor_id", "start", "end", "kind")).join(
        names.rename({"actor_id": "speaker_actor_id"}), on="speaker_actor_id", how="left"
    ).select(
        "start", "end", pl.lit("quote").alias("kind"),
        pl.format("quote ({}): {}", pl.col("kind").fill_null("?"), pl.coalesce("name", pl.lit("unknown speaker")))
        .alias("label"),
        pl.col("quote_id").alias("ref"),
    )
    verbs = tables.with_event_columns(_plain(tables.events.filter(pl.col("article_id") == article_id))).select(
        pl.col("verb_start").alias("start"), pl.col("verb_end").alias("end"), pl.lit("verb").alias("kind"),
        pl.format("event: {} (CAMEO {})", "verb", "cameo_code").alias("label"), pl.col("cameo_code").alias("ref"),
    )
    out = pl.concat([f.cast(schema) for f in (actors, places, quotes, verbs)])
    return (
        out.filter(pl.col("start").is_not_null() & pl.col("end").is_not_null()
                   & (pl.col("start") >= 0) & (pl.col("end") > pl.col("start")) & (pl.col("end") <= len(text)))
        .unique(["start", "end", "kind"], keep="first", maintain_order=True)
        .sort("start", "end")
    )


def _non_overlapping(spans: list[tuple]) -> list[tuple]:
    """Greedy: spans sorted by kind priority then start; a span overlapping a kept one is dropped.
    Returns the kept spans sorted by position. The kept spans are disjoint, so a span is checked
    against its two neighbours among them only (n log n, not n²: an article has hundreds of spans)."""
    kept: list[tuple] = []  # sorted by start (and so by end)
    order = {k: i for i, k in enumerate(HIGHLIGHT_KINDS)}
    for span in sorted(spans, key=lambda s: (order.get(s[2], 99), s[0], -s[1])):
        i = bisect.bisect_left(kept, span[0], key=lambda k: k[0])
        if (i == 0 or kept[i - 1][1] <= span[0]) and (i == len(kept) or span[1] <= kept[i][0]):
            kept.insert(i, span)
    return kept


def _covering(layer: list[tuple], cuts: list[int]) -> list[tuple | None]:
    """For each piece ``cuts[j]``-``cuts[j + 1]``, the span of ``layer`` (disjoint, sorted) covering
    it, or None: one walk over both."""
    out, p = [], 0
    for a, b in zip(cuts, cuts[1:]):
        while p < len(layer) and layer[p][1] <= a:
            p += 1
        out.append(layer[p] if p < len(layer) and layer[p][0] <= a and b <= layer[p][1] else None)
    return out


def highlight_html(text: str, spans: pl.DataFrame | Iterable[tuple]) -> str:
    """The article ``text`` as HTML with ``<mark>`` tags around the ``spans`` (see :func:`article_spans`).

    Every piece of article text goes through :func:`html.escape`, so markup in an article
    (``<script>``, tags, entities) is shown literally and never interpreted. Quotations are an outer
    layer; actors, places and verbs an inner one (overlaps within a layer keep the first by kind
    priority). Line breaks are kept with ``white-space: pre-wrap``.
    """
    text = text or ""
    rows = spans.select("start", "end", "kind", "label").rows() if isinstance(spans, pl.DataFrame) else list(spans)
    rows = [(int(s), int(e), k, lab) for s, e, k, lab, *_ in rows if 0 <= s < e <= len(text)]
    outer = _non_overlapping([r for r in rows if r[2] == "quote"])
    inner = _non_overlapping([r for r in rows if r[2] != "quote"])
    cuts = sorted({0, len(text), *(p for s, e, *_ in outer + inner for p in (s, e))})

    def mark(span: tuple, body: str) -> str:
        _, _, kind, label = span
        return (f'<mark class="hl-{kind}" style="{_HIGHLIGHT_STYLE[kind]}" '
                f'title="{html.escape(label or kind, quote=True)}">{body}</mark>')

    pieces: list[tuple[tuple | None, str]] = []  # (outer span, html), runs of one outer span merged
    for a, b, inn, out_span in zip(cuts, cuts[1:], _covering(inner, cuts), _covering(outer, cuts)):
        body = html.escape(text[a:b], quote=True)
        if inn:
            body = mark(inn, body)
        if pieces and pieces[-1][0] == out_span:
            pieces[-1] = (out_span, pieces[-1][1] + body)
        else:
            pieces.append((out_span, body))
    body = "".join(mark(o, h) if o else h for o, h in pieces)
    return '<div class="article-text" style="white-space:pre-wrap;line-height:1.6">' + body + "</div>"
