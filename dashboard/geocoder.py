"""Optional online geocoding (off by default): Nominatim or any geopy geocoder behind the offline gazetteer.

With the setting ``geocoder = "offline"`` (the default) nothing here runs and a build makes no network
call at all. Otherwise :func:`resolver_for` gives the resolver the pipeline hands to
:class:`~dashboard.nlp.Extractor`:

1. the offline resolver (:func:`dashboard.geo.resolve_toponyms`) runs first, with all its context;
2. only toponyms it leaves unresolved, or resolves with a confidence below
   ``geocoder_min_confidence``, are sent online (demonyms never are), as ``"name, qualifier"``;
3. each query goes through :class:`OnlineGeocoder`: a persistent on-disk cache (SQLite in
   ``cache_dir``, keyed by service, URL, language and the normalised query; "no result" answers are
   cached too, failures are not), then geopy's :class:`~geopy.extra.rate_limiter.RateLimiter` (at
   most one request per second) with retries and exponential backoff on rate limits (429), time-outs
   and server errors, a custom User-Agent, a time-out of at least 10 s and English names
   (``language="en"``, sent by Nominatim as ``accept-language=en``);
4. when the retries run out the offline resolution stands and the build goes on; after
   :data:`MAX_FAILURES` failed queries in a row the online geocoder rests for :data:`COOL_DOWN_SECONDS`
   (a dead server costs a few seconds, not seconds per toponym), and a refusal (401/403: a blocked
   user agent or a bad key) stops it for the same time at once.

Online results become :class:`~dashboard.records.Place` records: ``place_id`` ``osm:<N|W|R><osm id>``
for OpenStreetMap-based services (Nominatim, Photon), else ``<service>:<hash>``; GeoNames-like feature
class and code from the result's class/type (best effort); ``country_code`` and ``admin1`` from the
address details; ``source`` the service name. Confidence is the result's ``importance`` clipped to
[0.3, 0.9] (0.5 without one).

The rate limit holds per process: run online builds in one process (spaCy's ``n_process`` is fine,
the resolver runs in the main process; several Dask workers would each keep their own limit).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from dashboard import geo
from dashboard.geocoder_client import (  # noqa: F401  (public names of this module)
    CACHE_FILE, COOL_DOWN_SECONDS, LANGUAGE, MAX_FAILURES, MAX_RETRY_AFTER, MIN_DELAY_SECONDS, MIN_TIMEOUT,
    BackoffRateLimiter, GeocodingFailed, OnlineGeocoder, QueryCache,
)
from dashboard.geocoder_results import feature_of, normalise_query, query_for, to_resolution  # noqa: F401
from dashboard.records import Resolution, Toponym

log = logging.getLogger(__name__)

OFFLINE = ("", "offline", "off", "none")


class OnlineResolver:
    """``resolver(toponyms, gazetteer) -> list[Resolution]`` for :class:`~dashboard.nlp.Extractor`: the
    offline resolver first, then :class:`OnlineGeocoder` for what it leaves unresolved or resolves with
    a confidence below ``min_confidence``; any failure keeps the offline resolution."""

    def __init__(self, geocoder: OnlineGeocoder, min_confidence: float = 0.3,
                 offline: Callable[..., list[Resolution]] = geo.resolve_toponyms):
        self.geocoder = geocoder
        self.min_confidence = min_confidence
        self.offline = offline

    def __call__(self, toponyms: Sequence[Toponym], gazetteer) -> list[Resolution]:
        out = list(self.offline(toponyms, gazetteer))
        for i, (t, r) in enumerate(zip(toponyms, out)):
            if t.role == "demonym" or not t.text.strip():
                continue
            if r.place is not None and r.confidence >= self.min_confidence:
                continue
            try:
                online = self.geocoder.resolve(t)
            except GeocodingFailed:
                continue  # the offline resolution stands; keep going
            except Exception:  # noqa: BLE001 - an optional online step must never sink a build
                log.warning("geocoder: unexpected error on %r; using the offline gazetteer", t.text, exc_info=True)
                continue
            if online is not None:
                out[i] = online
        return out


_RESOLVERS: dict[tuple, OnlineResolver] = {}


def resolver_for(settings) -> OnlineResolver | None:
    """The resolver the settings ask for: None for ``geocoder = "offline"`` (the default; the
    extractor then uses the offline gazetteer alone), else an :class:`OnlineResolver`, one per
    configuration and process (so its rate limit holds across builds).

    Raises
    ------
    ValueError
        Unknown geocoder name or a configuration geopy refuses.
    """
    service = (settings.geocoder or "").strip().lower()
    if service in OFFLINE:
        return None
    timeout = max(MIN_TIMEOUT, int(settings.geocoder_timeout))
    if int(settings.geocoder_timeout) < MIN_TIMEOUT:
        log.warning("geocoder_timeout %s s raised to %d s", settings.geocoder_timeout, MIN_TIMEOUT)
    key = (service, settings.geocoder_url, settings.geocoder_user_agent, settings.geocoder_api_key, timeout,
           settings.geocoder_max_retries, settings.geocoder_backoff, float(settings.geocoder_min_confidence),
           str(settings.cache_dir))
    if key not in _RESOLVERS:
        geocoder = OnlineGeocoder(
            service, url=settings.geocoder_url, user_agent=settings.geocoder_user_agent,
            api_key=settings.geocoder_api_key, timeout=timeout, max_retries=int(settings.geocoder_max_retries),
            backoff_seconds=float(settings.geocoder_backoff), cache_path=Path(settings.cache_dir) / CACHE_FILE,
        )
        _RESOLVERS[key] = OnlineResolver(geocoder, float(settings.geocoder_min_confidence))
    return _RESOLVERS[key]
