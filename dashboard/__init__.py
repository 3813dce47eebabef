"""News event dashboard: who did what to whom, where and when.

Stages (one module each): :mod:`dashboard.ingest` (files -> :class:`~dashboard.records.Article`),
:mod:`dashboard.nlp` (actors, entities, events, quotes, dates), :mod:`dashboard.geo` and
:mod:`dashboard.gazetteer` (toponym resolution, offline), :mod:`dashboard.store` (Parquet),
:mod:`dashboard.pipeline` (the batch function ``articles -> tables``), :mod:`dashboard.views`
(Streamlit panels, data already built), :mod:`dashboard.cli` (``python -m dashboard``).
"""

__version__ = "0.1.0"
#: Bumped whenever extraction output changes; recorded with every build.
EXTRACTION_VERSION = "16"
