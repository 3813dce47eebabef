"""News event dashboard: who did what to whom, where and when.

Stages (one module or package each): :mod:`dashboard.ingest` (files -> :class:`~dashboard.records.Article`),
:mod:`dashboard.nlp` (a package, one module per extraction step: actors, toponyms, quotes, events,
dates), :mod:`dashboard.geo` and
:mod:`dashboard.gazetteer` (toponym resolution, offline), :mod:`dashboard.store` (Parquet),
:mod:`dashboard.pipeline` (the batch function ``articles -> tables``), :mod:`dashboard.views`
(Streamlit panels, data already built), :mod:`dashboard.cli` (``python -m dashboard``).
"""

__version__ = "0.1.0"
#: Bumped whenever extraction output changes; recorded with every build.
EXTRACTION_VERSION = "34"
