"""NLP extraction: spaCy doc of one article -> entities, actors, toponyms, quotations and CAMEO events.
"""

from __future__ import annotations

from dashboard.nlp.context import ActorObservation, ArticleContext, Extraction, Mention
from dashboard.nlp.extractor import Extractor
from dashboard.nlp.model import FALLBACK_MODELS, PARAGRAPH_COMPONENT, load_spacy, parse_text
from dashboard.nlp.repair import add_missed_places, repair_entities
from dashboard.nlp.tokens import bare_country_code as _bare_country_code
from dashboard.nlp.tokens import slug

__all__ = ["ActorObservation", "ArticleContext", "Extraction", "Extractor", "FALLBACK_MODELS", "Mention",
           "PARAGRAPH_COMPONENT", "add_missed_places", "load_spacy", "parse_text", "repair_entities", "slug",
           "_bare_country_code"]
