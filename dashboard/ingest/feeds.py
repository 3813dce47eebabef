"""RSS and Atom feeds with feedparser: one article per item.

Publication dates are read from the item's raw date string with :func:`~dashboard.ingest.base.parse_date`
(RFC 822 zone names such as ``AEST`` that feedparser misreads, ISO 8601, other notations and
languages) and normalised to UTC; ``published_tz_assumed`` flags items whose time had no zone.
"""

from __future__ import annotations

import re
from collections import Counter

from dashboard.ingest.base import IngestedArticle, IngestError, Problem, parse_date
from dashboard.ingest.clean import unescape_stable
from dashboard.records import article_id_for

#: A document type declaration that declares entities: refused, since expanding them is how an XML
#: "billion laughs" bomb or an external-entity read works, and no honest feed needs one.
_ENTITY_DECLARATION = re.compile(r"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.IGNORECASE | re.DOTALL)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # not parseable as HTML: strip tags crudely
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def read_feed_articles(raw: str, source_path: str) -> tuple[list[IngestedArticle], list[Problem]]:
    """Read every item of an RSS or Atom feed.

    Text is the item's full content (``content:encoded``/Atom content) else its summary; items without
    either are reported and skipped. An unreadable date leaves ``published`` empty with a warning;
    the item is kept.

    Raises
    ------
    IngestError
        If the document is not a feed or has no items.
    """
    import feedparser

    if _ENTITY_DECLARATION.search(raw[:65536]):
        raise IngestError("feed declares XML entities (<!ENTITY> in its DOCTYPE); refused, since expanding "
                          "them can exhaust memory or read local files")
    parsed = feedparser.parse(raw.encode("utf-8"), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("feed"):
            raise IngestError(f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})")
        raise IngestError("feed has no items")
    feed = parsed.get("feed", {})
    feed_title = feed.get("title") or None
    language = (feed.get("language") or "").split("-")[0].lower() or None
    articles, problems = [], []
    # Live blogs give several items the same <link>: distinct guids keep them distinct articles.
    links = Counter(e.get("link") for e in parsed.entries if e.get("link"))
    for i, entry in enumerate(parsed.entries, start=1):
        where = f"{source_path}#{i}"
        body = ""
        for content in entry.get("content", []) or []:
            if content.get("value") and len(content["value"]) > len(body):
                body = content["value"]
        body = body or entry.get("summary", "") or entry.get("description", "")
        text = unescape_stable(html_to_text(body))
        title = unescape_stable(html_to_text(entry.get("title", ""))) or None
        if not text:
            problems.append(Problem(where, "feed item without content or summary; skipped"))
            continue
        raw_date = None
        for key in ("published", "pubdate", "updated", "created", "dc_date", "date"):
            if entry.get(key):
                raw_date = entry[key]
                break
        published, precision, assumed = parse_date(raw_date, [language, "en"] if language else None)
        if raw_date and published is None:
            problems.append(Problem(where, f"unreadable date {raw_date!r}; published left empty", "warning"))
        elif assumed:
            problems.append(Problem(where, f"date {raw_date!r} has no readable time zone; UTC assumed", "warning"))
        authors = [a.get("name") for a in entry.get("authors", []) if a.get("name")] or \
            ([entry["author"]] if entry.get("author") else [])
        authors = [a for a in authors if not feed_title or a.strip().lower() != feed_title.strip().lower()]
        link = entry.get("link") or None
        guid = entry.get("id") or None
        key = f"{link}#{guid}" if link and links[link] > 1 and guid and guid != link else link
        articles.append(IngestedArticle(
            article_id=article_id_for(key, text),
            text=text,
            title=title,
            source=feed_title,
            authors=authors,
            published=published,
            published_precision=precision,
            url=link,
            source_path=where,
            published_tz_assumed=assumed,
        ))
    if not articles:
        raise IngestError("no feed item has content or a summary")
    return articles, problems
