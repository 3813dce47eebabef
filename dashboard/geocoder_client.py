"""Online geocoding, the service side: one geopy geocoder behind a persistent cache, a rate limit with
backoff, and a rest after repeated failures (see :mod:`dashboard.geocoder` for how the resolver uses it)."""

from __future__ import annotations

import functools
import inspect
import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from geopy.exc import (
    ConfigurationError,
    GeocoderAuthenticationFailure,
    GeocoderInsufficientPrivileges,
    GeocoderNotFound,
    GeocoderQueryError,
    GeocoderQuotaExceeded,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeopyError,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service

from dashboard.geocoder_results import normalise_query, query_for, to_resolution
from dashboard.records import Resolution, Toponym

log = logging.getLogger("dashboard.geocoder")

#: Shortest request time-out used (seconds); geopy's own default of 1 s fails on a busy server.
MIN_TIMEOUT = 10
#: Minimum delay between two requests (seconds): Nominatim's usage policy allows one per second.
MIN_DELAY_SECONDS = 1.0
#: Longest wait honoured from a 429's Retry-After header (seconds).
MAX_RETRY_AFTER = 60.0
#: Failed queries in a row (retries exhausted) after which the online geocoder rests.
MAX_FAILURES = 3
#: How long the online geocoder rests after repeated failures or a refusal (seconds).
COOL_DOWN_SECONDS = 300.0
CACHE_FILE = "geocoder-cache.sqlite"
LANGUAGE = "en"


class GeocodingFailed(Exception):
    """An online query failed (retries exhausted, refused, or the geocoder is resting)."""


class BackoffRateLimiter(RateLimiter):
    """geopy's :class:`~geopy.extra.rate_limiter.RateLimiter` with exponential backoff.

    Every attempt, retries included, takes a request slot (at most one call per
    ``min_delay_seconds``). Rate limits (429, honouring Retry-After up to :data:`MAX_RETRY_AFTER`
    seconds), time-outs (also 503/504) and other server errors are retried ``max_retries`` times,
    waiting ``error_wait_seconds * 2**attempt``; refusals that a retry cannot fix (bad query,
    authentication, privileges, exhausted quota) are raised at once, and so is the last error
    (``swallow_exceptions`` is off: the caller tells a failure from "no result").
    """

    _permanent = (GeocoderQueryError, GeocoderAuthenticationFailure, GeocoderInsufficientPrivileges)

    def __init__(self, func, *, min_delay_seconds: float, max_retries: int, error_wait_seconds: float):
        super().__init__(func, min_delay_seconds=min_delay_seconds, max_retries=max_retries,
                         error_wait_seconds=max(error_wait_seconds, min_delay_seconds), swallow_exceptions=False)

    def __call__(self, *args, **kwargs):
        attempt = 0
        while True:
            self._acquire_request_slot()
            try:
                return self.func(*args, **kwargs)
            except self._permanent:
                raise
            except GeocoderServiceError as exc:
                if isinstance(exc, GeocoderQuotaExceeded) and not isinstance(exc, GeocoderRateLimited):
                    raise  # 402: the quota is gone for now, retrying only adds load
                if attempt >= self.max_retries:
                    raise
                wait = self.error_wait_seconds * 2 ** attempt
                retry_after = getattr(exc, "retry_after", None)
                if retry_after:
                    wait = max(wait, min(float(retry_after), MAX_RETRY_AFTER))
                attempt += 1
                log.warning("geocoder: %s; retry %d/%d in %.1f s", type(exc).__name__, attempt, self.max_retries,
                            wait)
                self._sleep(wait)



class QueryCache:
    """A persistent ``key -> JSON`` store (SQLite; in memory when ``path`` is None or unwritable).

    Safe to share between threads; several processes may use the same file.
    """

    def __init__(self, path: Path | str | None):
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        con = None
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                con = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
                con.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, answer TEXT, created REAL)")
                con.commit()
            except (OSError, sqlite3.Error) as exc:
                log.warning("geocoder cache %s unusable (%s); caching in memory only", self.path, exc)
                con = None
        if con is None:
            con = sqlite3.connect(":memory:", check_same_thread=False)
            con.execute("CREATE TABLE answers (key TEXT PRIMARY KEY, answer TEXT, created REAL)")
        self._con = con

    _MISSING = object()

    def get(self, key: str):
        """The stored answer (None for a cached "no result"), or :attr:`QueryCache._MISSING`."""
        with self._lock:
            row = self._con.execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else self._MISSING

    def put(self, key: str, answer) -> None:
        with self._lock:
            try:
                self._con.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                                  (key, json.dumps(answer, ensure_ascii=False), time.time()))
                self._con.commit()
            except sqlite3.Error as exc:
                log.warning("geocoder cache write failed: %s", exc)

    def __len__(self) -> int:
        with self._lock:
            return self._con.execute("SELECT COUNT(*) FROM answers").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._con.close()


def _adapter_without_retries():
    """geopy's HTTP adapter with its own retries off: geopy's ``RequestsAdapter`` retries a timed-out or
    broken request twice at once inside urllib3, behind the rate limiter's back; every retry must go
    through :class:`BackoffRateLimiter` instead."""
    from geopy.adapters import RequestsAdapter, URLLibAdapter

    if RequestsAdapter.is_available:
        return functools.partial(RequestsAdapter, max_retries=0)
    return URLLibAdapter


def _accepted(func, **kwargs) -> dict:
    """The keyword arguments ``func`` takes (geopy geocoders differ in what they accept)."""
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return kwargs
    return {k: v for k, v in kwargs.items() if k in params}


class OnlineGeocoder:
    """One geopy geocoder with a cache, a rate limit, retries with backoff and a rest after failures.

    Parameters
    ----------
    service : str
        A geopy geocoder name (``"nominatim"``, ``"photon"``, …; see
        :func:`geopy.geocoders.get_geocoder_for_service`).
    url : str, optional
        Base URL (``scheme://host[:port][/path]``); empty for the service's default.
    user_agent : str
        Sent with every request. Required: geopy's default is refused by Nominatim.
    timeout : float
        Request time-out in seconds (the settings factory never uses less than :data:`MIN_TIMEOUT`).
    cache_path : path, optional
        SQLite file of the persistent cache (None: in memory).

    Raises
    ------
    ValueError
        Unknown service name, no user agent, or a geocoder that cannot be configured.
    """

    def __init__(self, service: str = "nominatim", *, user_agent: str, url: str = "", api_key: str = "",
                 timeout: float = MIN_TIMEOUT, max_retries: int = 2, backoff_seconds: float = 2.0,
                 min_delay_seconds: float = MIN_DELAY_SECONDS, cache_path: Path | str | None = None,
                 language: str = LANGUAGE, max_failures: int = MAX_FAILURES,
                 cool_down_seconds: float = COOL_DOWN_SECONDS):
        if not user_agent or not user_agent.strip():
            raise ValueError("the online geocoder needs a user agent that identifies the application")
        self.service = service.strip().lower()
        try:
            cls = get_geocoder_for_service(self.service)
        except (ConfigurationError, GeocoderNotFound) as exc:
            raise ValueError(f"unknown geocoder {service!r}: {exc}") from exc
        options = {"user_agent": user_agent.strip(), "timeout": timeout}
        self.url = url.strip().rstrip("/")
        if self.url:
            parts = urlsplit(self.url if "://" in self.url else "https://" + self.url)
            options["scheme"] = parts.scheme
            options["domain"] = parts.netloc + parts.path
        if api_key:
            options["api_key"] = api_key
        options["adapter_factory"] = _adapter_without_retries()
        accepted = _accepted(cls.__init__, **options)
        if self.url and "domain" not in accepted:
            raise ValueError(f"geocoder {service!r} does not take a URL (domain)")
        try:
            self.geocoder = cls(**accepted)
        except (ConfigurationError, TypeError) as exc:
            raise ValueError(f"cannot configure geocoder {service!r}: {exc}") from exc
        self.user_agent = options["user_agent"]
        self.timeout = timeout
        self.language = language
        self.query_options = _accepted(self.geocoder.geocode, exactly_one=True, language=language,
                                       addressdetails=True)
        self._limited = BackoffRateLimiter(self.geocoder.geocode, min_delay_seconds=min_delay_seconds,
                                           max_retries=max_retries, error_wait_seconds=backoff_seconds)
        self.cache = QueryCache(cache_path)
        self.max_failures = max_failures
        self.cool_down_seconds = cool_down_seconds
        self._failures = 0
        self._resting_until = 0.0
        self._lock = threading.Lock()
        #: Counters: requests (queries sent, retries not counted), cache hits, failures, skipped (resting).
        self.stats = {"requests": 0, "cache_hits": 0, "failures": 0, "skipped": 0}

    def _key(self, query: str) -> str:
        return "|".join((self.service, self.url, self.language, normalise_query(query)))

    @property
    def resting(self) -> bool:
        """True while the geocoder rests after repeated failures or a refusal."""
        return time.monotonic() < self._resting_until

    def lookup(self, query: str) -> dict | None:
        """The answer to ``query``: ``{"latitude", "longitude", "address", "raw"}`` or None (no result).

        Served from the cache when asked before (no request).

        Raises
        ------
        GeocodingFailed
            When the service failed after its retries, refused, or is resting.
        """
        key = self._key(query)
        hit = self.cache.get(key)
        if hit is not QueryCache._MISSING:
            self.stats["cache_hits"] += 1
            return hit
        with self._lock:
            if self.resting:
                self.stats["skipped"] += 1
                raise GeocodingFailed(f"{self.service} is resting after failures")
            self.stats["requests"] += 1
            try:
                loc = self._limited(query, **self.query_options)
            except (GeocoderAuthenticationFailure, GeocoderInsufficientPrivileges) as exc:
                self._fail(exc, rest=True)
            except (GeopyError, OSError, ValueError) as exc:
                self._fail(exc, rest=False)
            self._failures = 0
        if loc is None:
            answer = None
        else:
            raw = loc.raw if isinstance(loc.raw, dict) else {}
            answer = {"latitude": loc.latitude, "longitude": loc.longitude, "address": loc.address, "raw": raw}
        self.cache.put(key, answer)
        return answer

    def _fail(self, exc: Exception, rest: bool):
        self.stats["failures"] += 1
        self._failures += 1
        if rest or self._failures >= self.max_failures:
            self._resting_until = time.monotonic() + self.cool_down_seconds
            log.warning("geocoder %s: %s; online lookups paused for %.0f s (offline gazetteer only)",
                        self.service, exc, self.cool_down_seconds)
        else:
            log.warning("geocoder %s failed: %s; using the offline gazetteer", self.service, exc)
        raise GeocodingFailed(str(exc)) from exc

    def resolve(self, toponym: Toponym) -> Resolution | None:
        """The online resolution of ``toponym`` (None when there is no usable result).

        Raises
        ------
        GeocodingFailed
            See :meth:`lookup`.
        """
        answer = self.lookup(query_for(toponym))
        if not answer:
            return None
        return to_resolution(answer, self.service)

    def close(self) -> None:
        self.cache.close()

