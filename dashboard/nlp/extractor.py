"""The orchestrator: one article's parsed doc through the extraction steps, in order."""

from __future__ import annotations

from dashboard.nlp import (actors, coref, entities, events, mention_links, name_glue, office_holders, org_coref, quotes,
                           repair, toponyms)
from dashboard.nlp.context import ArticleContext, Extraction
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
    dictionary : dashboard.actor_dictionary.ActorDictionary, optional
        The user's actor dictionary: the holder of a role phrase on the publication date
        ("the US president") takes that phrase (see :func:`dashboard.nlp.coref.link_roles`).
    """

    def __init__(self, gazetteer, resolver=None, dictionary=None):
        from dashboard import geo

        self.gazetteer = gazetteer
        self.dictionary = dictionary
        self.resolver = resolver or geo.resolve_toponyms

    def extract(self, article: Article, doc) -> Extraction:
        """Extract all tables' rows for one article.

        The steps run in this order because each reads what the ones before it added: people
        before the other entities (a surname tagged as a place is a person), toponyms resolved
        before the entity rows carry their place ids, quotations before events (an event said in
        a quotation links to it; "we" in a quotation is its speaker).

        Parameters
        ----------
        article : dashboard.records.Article
            The article; ``article.text`` is what ``doc`` was parsed from (through
            :func:`dashboard.nlp.model.parse_text`, which keeps offsets).
        doc : spacy.tokens.Doc
            Its parse; its entities are repaired in place.

        Returns
        -------
        Extraction
            Rows of ``entities``, ``place_mentions``, ``quotes`` and ``events``, actor sightings
            and the gazetteer places used.
        """
        repair.split_coordinated_names(doc)
        repair.join_legal_forms(doc)
        repair.split_products(doc)
        repair.join_airline_names(doc)
        repair.repair_entities(doc, self.gazetteer)
        name_glue.split_titled_names(doc, self.gazetteer)
        repair.add_missed_places(doc, self.gazetteer)
        ctx = ArticleContext.start(article, doc, self.gazetteer)
        ctx.dictionary = self.dictionary
        toponyms.find_datelines(ctx)
        actors.find_persons(ctx)
        entities.find_named_entities(ctx)
        coref.link_roles(ctx)
        org_coref.link_organisations(ctx)
        mention_links.link_appositions(ctx)
        office_holders.link_office_holders(ctx)
        mention_links.link_pronouns(ctx)
        toponyms.resolve_toponyms(ctx, self.resolver)
        entities.write_entity_rows(ctx)
        quotes.find_quotations(ctx)
        events.find_events(ctx)
        return ctx.out
