"""NLP extraction: spaCy doc of one article -> entities, actors, toponyms, quotations and CAMEO events.

Modelled on spaCy's pipeline components: :class:`~dashboard.nlp.extractor.Extractor` runs one
step after another over an :class:`~dashboard.nlp.context.ArticleContext` (the article, its
parsed doc and the registry of mentions, actors, toponyms and quotations found so far); each step
is a function whose docstring says what it reads from the context and what it adds to it. The
output of an article is an :class:`Extraction` (the rows of its tables and its actor sightings).

Modules, in the order the steps run:

* ``model`` -- loading the spaCy pipeline (paragraph sentence breaks, an entity ruler for
  curated regions) and :func:`parse_text` (truecased headlines, same offsets);
* ``repair`` -- fixes of the small model's entities (a country run into a name, untagged
  places after "in");
* ``context`` -- :class:`ArticleContext`, :class:`Extraction`, :class:`ActorObservation`;
* ``toponyms`` -- datelines, places inside organisation names, qualifiers, the role of a place
  (literal, metonymic, demonym) and the hand-off to :mod:`dashboard.geo` (names and qualifiers,
  no spaCy objects);
* ``actors`` -- people (titles, roles, countries, parties, canonical names), organisations,
  IGOs, countries, groups and objects;
* ``entities`` -- the other named entities sorted into actors and toponyms; the ``entities`` rows;
* ``quotes`` -- direct quotations and reported speech, cues and speakers;
* ``events`` -- CAMEO-coded events, built from ``triggers`` (the lexicon's codes),
  ``arguments`` (source and target), ``referents`` (which actors a pronoun, group or "the two
  leaders" refers to), ``modality`` (negation, modality, tense) and ``dates`` (the event's
  temporal expression, normalised by :mod:`dashboard.dates`), and the event's place;
* ``lexicon`` (word lists) and ``tokens`` (small helpers over tokens and spans).

The arrows keep one direction: :mod:`dashboard.pipeline` -> ``nlp`` -> :mod:`dashboard.geo` ->
:mod:`dashboard.gazetteer`; nothing here imports Streamlit. The names below are what other
modules import from ``dashboard.nlp``.
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
