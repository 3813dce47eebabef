"""Saved web pages: main text and metadata with trafilatura.

* text: trafilatura's main-content extraction (precision mode: no navigation, newsletter boxes,
  related-headline lists or comments), with scraper footers (``Source link``) dropped;
* published: the page's own publication time (``article:published_time``, ``datePublished`` in
  JSON-LD or microdata, ``<time pubdate>``), never its modified time and never after the crawl date
  (the file's modification time); else trafilatura's date (day precision);
* authors: the byline (``By Jane Roe | March 4, 2025``) or author metadata, without the publisher
  (site name, host or JSON-LD publisher) and without dates;
* a page with no article body — an index or section page whose "text" is a list of teasers and
  links — yields no article and a report line.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from urllib.parse import urlparse

from dashboard.ingest.base import IngestedArticle, IngestError, Problem, parse_date
from dashboard.ingest.boxes import strip_boxes
from dashboard.ingest.clean import unescape_stable
from dashboard.ingest.text import _BYLINE, _FOOTER, _split_names

MIN_ARTICLE_WORDS = 40
#: Fewest words of a paywalled page's teaser (the rest of the article is behind the paywall).
MIN_TEASER_WORDS = 12
_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "publishdate", "pubdate",
                   "publish-date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
                   "date")
_AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "byl", "parsely-author",
                "sailthru.author")
_NEWSLETTER = re.compile(r"^(?:sign up|subscribe|get (?:our|the) .{0,40}newsletter|join our|follow us|"
                         r"share this|read more|related|advertisement|©)", re.IGNORECASE)


def _meta(tree) -> dict[str, str]:
    out = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        if key and m.get("content") and key not in out:
            out[key] = m.get("content").strip()
    return out


def _json_ld(tree) -> list[dict]:
    out = []
    for s in tree.iter("script"):
        if (s.get("type") or "").lower() != "application/ld+json" or not s.text:
            continue
        try:
            data = json.loads(s.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                out.append(item)
                stack.extend(v for v in item.get("@graph", []) if isinstance(v, dict))
            elif isinstance(item, list):
                stack.extend(item)
    return out


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _published(tree, meta: dict, ld: list[dict], crawled: datetime | None):
    candidates = [meta[k] for k in _PUBLISHED_META if k in meta]
    candidates += [str(d["datePublished"]) for d in ld if d.get("datePublished")]
    candidates += [t.get("datetime") for t in tree.iter("time")
                   if t.get("datetime") and (t.get("pubdate") is not None or "publish" in (t.get("itemprop") or "").lower()
                                             or "publish" in (t.get("class") or "").lower())]
    for value in candidates:
        dt, precision, assumed = parse_date(value)
        if dt is None or (crawled is not None and dt > crawled):
            continue
        return dt, precision, assumed
    return None, None, False


#: A line that is only a time stamp ("Updated 2 hours ago", "Published 5 March 2024, 10:00 CET").
_STAMP_LINE = re.compile(r"^(?:last\s+)?(?:updated|published|posted|modified)\b\s*:?\s*(?=.{0,60}$)(?=.*(?:\d|ago\b|"
                         r"yesterday|today))[^.!?]*$", re.IGNORECASE)


def _time_of_day(tree, day: datetime):
    """The publication time on ``day`` that the page shows: a ``<time datetime>`` or a short
    ``Published …``/``Updated …`` stamp (a piece of a byline line) that reads as a time on that day;
    ``(datetime, "datetime", tz_assumed)`` or None."""
    values = [t.get("datetime") for t in tree.iter("time") if t.get("datetime")]
    for el in tree.iter("p", "span", "div", "time", "li"):
        for piece in (el.text_content() or "").split("|"):
            piece = " ".join(piece.split())
            if len(piece) < 80 and re.match(r"(?:published|posted|updated|last updated)\b", piece, re.IGNORECASE):
                values.append(piece)
    for value in values:
        dt, precision, assumed = parse_date(value)
        if precision == "datetime" and dt.date() == day.date():
            return dt, precision, assumed
        if precision == "datetime" and abs(dt - day).total_seconds() < 86400 and not assumed:
            return dt, precision, assumed  # the day in another zone: the time says which
    return None


def _byline(tree) -> list[str]:
    """Names in a byline element (class/itemprop/rel mentioning byline or author) or a ``By …`` line."""
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("meta", "script", "style", "link"):
            continue
        marks = " ".join(filter(None, (el.get("class"), el.get("itemprop"), el.get("rel"), el.get("id")))).lower()
        text = " ".join(el.text_content().split()) if len(marks) else ""
        if marks and re.search(r"byline|author", marks) and 2 < len(text) < 200:
            m = _BYLINE.match(text)
            names = _split_names(m.group("names") if m else text.split("|")[0])
            names = [n for n in names if not re.search(r"\d", n)]
            if names:
                return names
    for el in tree.iter("p", "div", "span"):
        text = " ".join((el.text_content() or "").split())
        m = _BYLINE.match(text) if len(text) < 200 else None
        if m:
            names = [n for n in _split_names(m.group("names")) if not re.search(r"\d", n)]
            if names:
                return names
    return []


#: Report lines of the boxes removed from a page (the paywall's is written with the teaser's length).
_BOX_WARNINGS = {"cookie": "cookie-consent banner", "newsletter": "newsletter sign-up box",
                 "appeal": "appeal for donations or to turn off an ad blocker"}


def _meta_authors(meta: dict, ld: list[dict], extracted: str | None) -> list[str]:
    """Authors from JSON-LD and the page's author metas, unescaped before they are split (trafilatura
    splits its author string at ";", which cut an entity: "Ana P&amp;eacute;rez" became "Ana P",
    "Eacute", "Rez"); trafilatura's ``extracted`` author only when there is no author meta."""
    candidates = [n for d in ld for n in _names(d.get("author"))]
    metas = [unescape_stable(meta[k]) for k in _AUTHOR_META if meta.get(k) and "://" not in meta[k]]
    candidates += [n for m in metas for n in _split_names(m)]
    if not metas and extracted:
        candidates += [a.strip() for a in extracted.split(";")]
    return [a for a in candidates if a and not re.search(r"\d", a)]


def _is_index_page(tree, text: str, meta: dict, min_words: int = MIN_ARTICLE_WORDS) -> str | None:
    """Why the page is not an article (None when it is one)."""
    words = len(text.split())
    if words < min_words:
        return f"no article body ({words} words of main text; an index, section or error page?)"
    anchors = {" ".join(a.text_content().split()).lower() for a in tree.iter("a")}
    anchors.discard("")
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    linked = sum(1 for ln in lines if ln.lower() in anchors)
    if lines and linked / len(lines) >= 0.4:
        return f"no article body: {linked} of {len(lines)} text blocks are links (an index or section page)"
    og_type = meta.get("og:type", "").lower()
    articles = sum(1 for _ in tree.iter("article"))
    if articles >= 3 and og_type != "article":
        return f"no article body: {articles} teaser <article> blocks (an index or section page)"
    return None


def read_html_article(raw: str, source_path: str, crawled: datetime | None = None) -> IngestedArticle:
    """Extract the article of a saved web page (see :func:`read_html_page`, which also returns the
    report lines)."""
    return read_html_page(raw, source_path, crawled)[0]


def read_html_page(raw: str, source_path: str, crawled: datetime | None = None) -> tuple[IngestedArticle, list[Problem]]:
    """Extract the article of a saved web page, with its report lines.

    ``crawled`` (UTC) bounds the publication date: a date after it is never taken. Cookie-consent
    banners, paywall boxes, newsletter sign-up boxes and appeals are removed first
    (:func:`~dashboard.ingest.boxes.strip_boxes`), each with a warning; a paywalled page keeps its
    teaser, however short (from :data:`MIN_TEASER_WORDS` words).

    Raises
    ------
    IngestError
        If the page has no article body (index or section page, empty page).
    """
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.fromstring(raw)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise IngestError(f"cannot parse HTML ({exc})") from exc
    meta, ld = _meta(tree), _json_ld(tree)
    removed = strip_boxes(tree)
    problems = [Problem(source_path, f"{what} removed ({removed[kind]} block(s))", "warning")
                for kind, what in _BOX_WARNINGS.items() if removed[kind]]
    if any(removed.values()):
        raw = lxml.html.tostring(tree, encoding="unicode")
    params = {"original_date": True}
    if crawled is not None:
        params["max_date"] = crawled.strftime("%Y-%m-%d")
    doc = trafilatura.bare_extraction(raw, with_metadata=True, favor_precision=True, include_comments=False,
                                      include_tables=False, date_extraction_params=params)
    text = (doc.text or "") if doc is not None else ""
    title = (doc.title if doc is not None else None) or meta.get("og:title")
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if lines and title and lines[0] == title.strip():
        lines = lines[1:]
    lines = [ln for ln in lines if not (_FOOTER.match(ln) or _NEWSLETTER.match(ln) or _STAMP_LINE.match(ln))
             and not _BYLINE.match(ln)]
    text = unescape_stable("\n\n".join(lines))
    why = _is_index_page(tree, "\n".join(lines), meta, MIN_TEASER_WORDS if removed["paywall"] else MIN_ARTICLE_WORDS)
    if why:
        raise IngestError(why + ("; a paywall box was removed" if removed["paywall"] else ""))
    if removed["paywall"]:
        problems.append(Problem(source_path, f"paywall box removed; only the {len(text.split())}-word teaser is "
                                             "stored (the rest is behind the paywall)", "warning"))
    site = (doc.sitename if doc is not None else None) or meta.get("og:site_name")
    url = (doc.url if doc is not None else None) or meta.get("og:url")
    publishers = {p.lower() for p in [site, urlparse(url).hostname if url else None,
                                       *[n for d in ld for n in _names(d.get("publisher"))],
                                       meta.get("publisher"), meta.get("article:publisher")] if p}
    authors = _byline(tree) or _meta_authors(meta, ld, doc.author if doc is not None else None)
    authors = [a for a in dict.fromkeys(authors) if a.lower() not in publishers
               and a.lower().removeprefix("the ") not in publishers]
    published, precision, assumed = _published(tree, meta, ld, crawled)
    if published is None and doc is not None and doc.date:
        published, precision, assumed = parse_date(doc.date)
        if published is not None and crawled is not None and published > crawled:
            published, precision, assumed = None, None, False
        if precision == "day":  # htmldate gives the day: the page may show its time
            published, precision, assumed = _time_of_day(tree, published) or (published, precision, assumed)
    return IngestedArticle(
        text=text,
        title=unescape_stable(title),
        source=site,
        authors=authors,
        published=published,
        published_precision=precision,
        url=url,
        source_path=source_path,
        published_tz_assumed=assumed,
    ), problems


def file_time(path) -> datetime | None:
    """Modification time of ``path`` (UTC), used as the crawl date of a saved page."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    except (OSError, AttributeError):
        return None
