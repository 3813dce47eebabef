"""RSS and Atom feeds with feedparser: one article per item.

Publication dates are read from the item's raw date string with :func:`~dashboard.ingest.base.parse_date`
(RFC 822 zone names such as ``AEST`` that feedparser misreads, ISO 8601, other notations and
languages) and normalised to UTC; ``published_tz_assumed`` flags items whose time had no zone.
"""

from __future__ import annotations

import re
from collections import Counter

from dashboard.ingest.base import IngestedArticle, IngestError, Problem, parse_date
from dashboard.ingest.clean import html_to_text, markup_to_text, unescape_stable
from dashboard.ingest.text import _split_names
from dashboard.records import article_id_for

#: An entity declaration: refused, since expanding entities is how an XML "billion laughs" bomb or an
#: external-entity read works, and no honest feed needs one. Looked for in the whole document, not
#: only in a DOCTYPE found by a pattern: a DOCTYPE after a long comment, or with a "]" in a comment
#: of its internal subset, hid its declarations from the first check. (Literal "<!ENTITY" is legal
#: nowhere else but inside CDATA; a feed quoting one there is refused too.)
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)


#: "news@example.org (Jane Roe)" or "Jane Roe (news@example.org)": RSS's e-mail-and-name form.
_EMAIL_NAME = re.compile(r"^\s*(?:\S+@\S+\s*\((?P<a>[^()]+)\)|(?P<b>[^()@]+?)\s*\(\s*\S+@\S+\s*\))\s*$")


def _feed_authors(entry) -> list[str]:
    """The authors of a feed item, one name each: entities unescaped, RSS's ``e-mail (Name)`` form
    read by its name, a ``dc:creator`` of several names (``A, B & C``) split. (feedparser's own split
    of ``e-mail (Name)`` cuts names with entities wrongly, so the raw string is read when it is one.)"""
    details = entry.get("authors") or []
    raw = [entry["author"]] if entry.get("author") and len(details) <= 1 else \
        [a.get("name") for a in details if a.get("name")]
    names = []
    for value in raw:
        value = markup_to_text(value, any_tag=True) or ""
        m = _EMAIL_NAME.match(value)
        if m:
            value = m.group("a") or m.group("b")
        names.extend(_split_names(value))
    return names


#: What a feed puts after an item's summary: WordPress's "The post … appeared first on …", "Continue
#: reading →", "Read more", "[…]". An item that is nothing else has no content.
_FEED_FOOTER = re.compile(r"^(?:the post .{1,300}? appeared first on .{1,150}|(?:(?:continue|keep) reading|read "
                          r"(?:more|the (?:full|rest of the) (?:article|story)))\W{0,6})$", re.IGNORECASE | re.DOTALL)
_FEED_TAIL = re.compile(r"(?:\s*(?:\[(?:…|\.\.\.)\]|…|(?:continue|keep) reading|read more)\W{0,6})+$", re.IGNORECASE)


def _without_feed_footer(text: str) -> str:
    """``text`` without the feed's footer paragraphs and the markers ending its last paragraph."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    while paragraphs and _FEED_FOOTER.match(paragraphs[-1].strip()):
        paragraphs.pop()
    if paragraphs:
        paragraphs[-1] = _FEED_TAIL.sub("", paragraphs[-1]).rstrip()
    return "\n\n".join(p for p in paragraphs if p.strip())


def _item_key(link: str | None, guid: str | None, title: str | None, links: Counter, guid_links: dict) -> str | None:
    """What identifies a feed item (the article id is made from it; None: from the text).

    The link, unless several items share it (a live blog): then the link and the guid, else the
    link and the title, else the text. A guid listed under several links (the same item with
    other tracking parameters) is the key itself.
    """
    if guid and len(guid_links.get(guid, ())) > 1:
        return guid
    if link and links[link] > 1 and guid != link:
        if guid:
            return f"{link}#{guid}"
        return f"{link}#{title}" if title else None
    return link


def read_feed_articles(raw: str, source_path: str) -> tuple[list[IngestedArticle], list[Problem]]:
    """Read every item of an RSS or Atom feed.

    Text is the item's full content (``content:encoded``/Atom content) else its summary; items without
    either are reported and skipped. An unreadable date leaves ``published`` empty with a warning;
    the item is kept. Items without any date are kept undated, counted in one warning for the feed.

    Raises
    ------
    IngestError
        If the document is not a feed or has no items.
    """
    import feedparser

    if _ENTITY_DECLARATION.search(raw):
        raise IngestError("feed declares XML entities (<!ENTITY> in its DOCTYPE); refused, since expanding "
                          "them can exhaust memory or read local files")
    # the text is decoded already (in the encoding the file declared): the declaration must say UTF-8 now
    raw = re.sub(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[\w.:-]+\2""", r"\1\2utf-8\2", raw, count=1)
    parsed = feedparser.parse(raw.encode("utf-8"), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("feed"):
            raise IngestError(f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})")
        raise IngestError("feed has no items")
    feed = parsed.get("feed", {})
    feed_title = markup_to_text(feed.get("title")) or None
    language = (feed.get("language") or "").split("-")[0].lower() or None
    articles, problems = [], []
    # Live blogs give several items the same <link>: distinct guids keep them distinct articles.
    links = Counter(e.get("link") for e in parsed.entries if e.get("link"))
    guid_links: dict[str, set] = {}  # an item listed again under another link (tracking parameters)
    for e in parsed.entries:
        if e.get("id"):
            guid_links.setdefault(e["id"], set()).add(e.get("link"))
    for i, entry in enumerate(parsed.entries, start=1):
        where = f"{source_path}#{i}"
        body = ""
        for content in entry.get("content", []) or []:
            if content.get("value") and len(content["value"]) > len(body):
                body = content["value"]
        body = body or entry.get("summary", "") or entry.get("description", "")
        text = _without_feed_footer(markup_to_text(html_to_text(body), any_tag=True) or "")
        title = markup_to_text(html_to_text(entry.get("title", "")), any_tag=True) or None
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
        authors = [a for a in _feed_authors(entry) if not feed_title or a.lower() != feed_title.strip().lower()]
        link = entry.get("link") or None
        guid = entry.get("id") or None
        key = _item_key(link, guid, title, links, guid_links)
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
    undated = sum(1 for a in articles if a.published is None) - sum(1 for p in problems if "unreadable date" in p.reason)
    if undated:
        problems.append(Problem(source_path, f"{undated:,} of {len(articles):,} feed item(s) have no date (no pubDate, "
                                             "published, updated or dc:date); stored undated", "warning"))
    return articles, problems
