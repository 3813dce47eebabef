"""The orchestrator: one article's parsed doc through the extraction steps, in order."""

from __future__ import annotations

from dashboard.nlp import entities, events, quotes, toponyms
from dashboard.nlp.actors import find_persons
from dashboard.nlp.context import ArticleContext, Extraction
from dashboard.nlp.repair import add_missed_places, repair_entities
from dashboard.records import Article


class Extractor:
    """Extracts actors, toponyms, quotations and events from parsed articles.

    Parameters
    ----------
    gazetteer : dashboard.gazetteer.Gazetteer
        Offline gazetteer (countries, demonyms, seats of government, places).
    resolver : callable, optional
        ``resolver(toponyms, gazetteer) -> list[Resolution]``; defaults to
        :func:`dashboard.geo.resolve_toponyms`.
    """

    def __init__(self, gazetteer, resolver=None):
        from dashboard import geo

        self.gazetteer = gazetteer
        self.resolver = resolver or geo.resolve_toponyms

    def extract(self, article: Article, doc) -> Extraction:
        """Extract all tables' rows for ``article`` from its parsed ``doc`` (``doc.text`` must be
        ``article.text``, so character offsets index into it)."""
        repair_entities(doc, self.gazetteer)
        add_missed_places(doc, self.gazetteer)
        ctx = ArticleContext.start(article, doc, self.gazetteer)
        toponyms.find_datelines(ctx)
        find_persons(ctx)
        entities.find_named_entities(ctx)
        toponyms.resolve_toponyms(ctx, self.resolver)
        entities.write_entity_rows(ctx)
        quotes.find_quotations(ctx)
        events.find_events(ctx)
        return ctx.out
