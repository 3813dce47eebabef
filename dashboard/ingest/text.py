"""Plain-text and Markdown articles: front matter and news furniture (headline, byline, dateline,
credits, scraper footers)."""

from __future__ import annotations

import re

from dashboard.ingest.base import parse_published
from dashboard.records import Article

# ---------------------------------------------------------------------------------------------
# Plain-text articles

FRONT_MATTER_KEYS = {"title", "published", "date", "source", "url", "authors", "author", "dateline"}

_BYLINE = re.compile(r"^\s*by\s+(?P<names>[^|\n]{3,150}?)\s*(?:\|.*)?$", re.IGNORECASE)
_DATELINE_PLACE = r"[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+)*(?:,\s*[A-Z][A-Za-z'’.\-]+(?:\s+[A-Z][A-Za-z'’.\-]+)*)?"
#: A date written after the dateline's place ("WASHINGTON, April 5 (Reuters) -").
_DATELINE_DATE = (r"(?:,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
                  r"(?:,\s*\d{4})?)?")
_DATELINE_BODY = (rf"(?P<places>{_DATELINE_PLACE}(?:\s*/\s*{_DATELINE_PLACE})*){_DATELINE_DATE}\s*"
                  r"(?:\((?P<agency>[A-Za-z][\w .&'-]{1,40})\))?\s*[–—-]{1,2}(?:\s+|$)")
_DATELINE = re.compile("^" + _DATELINE_BODY)
#: A dateline run into the text after a headline or byline ("… mortgage fraud. CORSICANA — A …").
_INLINE_DATELINE = re.compile(r"(?:^|(?<=[.!?\"”’)])\s+|\n\s*)" + _DATELINE_BODY)
#: How far into a text an inline dateline is looked for (characters).
INLINE_DATELINE_CHARS = 600
_CREDITS = re.compile(
    r"^\(\s*(?:with|reporting|additional reporting|writing|written|editing|edited|compiled|"
    r"french version|translated|by)\b.*\)\s*$",
    re.IGNORECASE | re.DOTALL,
)
_FOOTER = re.compile(
    r"^(?:source\s+link|source|read more|read the original|click here|subscribe|sign up|"
    r"follow us|related:?|advertisement)\b.{0,40}$",
    re.IGNORECASE,
)
_CREDIT_WORDS = {"with", "reporting", "additional", "writing", "written", "editing", "edited", "by",
                 "compiled", "french", "version", "translated", "translation", "and"}
_NAME = re.compile(r"\b[A-Z][a-zà-ÿ'’\-]+(?:\s+(?:[A-Z]\.\s*)?[A-Z][a-zà-ÿ'’\-]+)+\b")


def split_front_matter(raw: str) -> tuple[dict[str, str], str]:
    """Split a front-matter block off the top of ``raw``: YAML between ``---`` lines (Jekyll, Hugo,
    Pandoc) or TOML between ``+++`` lines (Hugo).

    Returns the metadata (lower-cased keys; lists such as ``authors: [A, B]`` or ``- A`` lines
    joined with ``; ``, dates as ISO text) and the rest of the text. A block that does not parse
    is read as ``key: value`` lines. Text without a block is returned unchanged with empty metadata.
    """
    lines = raw.lstrip("\ufeff").split("\n")
    fence = lines[0].strip() if lines else ""
    if fence not in ("---", "+++"):
        return {}, raw
    for i in range(1, min(len(lines), 60)):
        if lines[i].strip() in (fence, "...") and (fence == "---" or lines[i].strip() == fence):
            block = "\n".join(lines[1:i])
            meta = _parsed_front_matter(block, toml=fence == "+++")
            if meta is None:
                meta = {}
                for line in lines[1:i]:
                    if ":" in line:
                        key, _, value = line.partition(":")
                        meta[key.strip().lower()] = value.strip().strip('"').strip("'")
            return meta, "\n".join(lines[i + 1:])
    return {}, raw


#: Markdown or HTML markup in a Markdown file's body: emphasis, links, images, headings, lists, quotes, tags.
_MARKDOWN = re.compile(r"\*\*|__|!?\[[^\]\n]+\]\([^)\n]+\)|^#{1,6}\s|^\s*[-*+]\s|^>|</?[a-zA-Z][^<>]*>|`", re.MULTILINE)


def markdown_to_text(raw: str) -> str:
    """A Markdown file as plain text, its front matter kept: the body rendered with markdown-it
    (CommonMark, HTML allowed, line breaks kept) and converted to text, one paragraph per block,
    so that ``**bold**``, ``[a link](url)``, ``![image](src)`` and ``<p>`` tags are not stored as
    text. A body without markup is returned as it is."""
    from dashboard.ingest.clean import html_to_text

    meta, body = split_front_matter(raw)
    head = raw[: len(raw) - len(body)] if body != raw or meta else ""
    if not _MARKDOWN.search(body):
        return raw
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": True, "breaks": True}).render(body)
    return head + "\n" + html_to_text(html)


def _parsed_front_matter(block: str, toml: bool) -> dict[str, str] | None:
    """A YAML (or TOML) front-matter block as flat text values, or None when it is not a mapping."""
    try:
        if toml:
            import tomllib

            data = tomllib.loads(block)
        else:
            import yaml

            data = yaml.load(block, Loader=yaml.BaseLoader)  # every value text: "title: No" is "No", not False
    except Exception:  # not YAML/TOML after all: read as key: value lines
        return None
    if not isinstance(data, dict):
        return None

    def flat(value) -> str:
        if isinstance(value, (list, tuple)):
            return "; ".join(flat(v) for v in value if v is not None)
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if isinstance(value, dict):
            return str(value.get("name") or "")
        return "" if value is None else str(value).strip()

    return {str(k).strip().lower(): flat(v) for k, v in data.items()}


def _split_names(names: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", names)
    return [p.strip() for p in parts if p.strip() and len(p.split()) <= 5]


def credited_names(credits: str) -> list[str]:
    """Journalists' names in a credits line such as
    ``(With Andrea Shalal in Washington; written by Trevor Hunnicutt; French version Camille Raynaud)``."""
    inner = credits.strip().strip("()")
    names = []
    for m in _NAME.finditer(inner):
        words = m.group(0).split()
        while words and words[0].lower() in _CREDIT_WORDS:
            words.pop(0)
        if len(words) < 2:
            continue
        name = " ".join(words)
        before = inner[: m.start()].rstrip().split()
        if before and before[-1].lower() in {"in", "from", "at"}:
            continue  # a place: "in Washington"
        names.append(name)
    return names


def _title_place(place: str) -> str:
    head, sep, qual = place.partition(",")
    head = " ".join(w.capitalize() if w.isupper() else w for w in head.split())
    return head + (sep + " " + qual.strip() if sep else "")


#: Capitalised words that open wire copy but are no place ("BREAKING — …", "EXCLUSIVE - …") and
#: organisations whose initials read like a dateline ("NATO - the alliance - met").
NOT_DATELINE_WORDS = frozenset({
    "breaking", "exclusive", "update", "updated", "analysis", "factbox", "explainer", "opinion", "live",
    "watch", "video", "photos", "corrected", "refile", "urgent", "flash", "editorial", "comment", "review",
    "nato", "who", "un", "eu", "imf", "opec", "fbi", "cia", "wto", "osce", "asean",
})
#: At most this many words in a dateline's place ("RIO DE JANEIRO", "SALT LAKE CITY"); more is an
#: all-caps headline ("PUTIN WARNS WEST OVER SANCTIONS - …").
DATELINE_MAX_WORDS = 4


def _is_dateline(m: re.Match) -> bool:
    """A dateline match names places, not a wire-service label or a headline, and a sentence
    starting with a capital (or a quote or digit) follows it ("WHO - the World Health
    Organization said" is no dateline)."""
    places = m.group("places")
    if not re.match(r"[A-Z]{3,}", places):
        return False
    for place in places.split("/"):
        head = place.partition(",")[0].split()
        if not head or len(head) > DATELINE_MAX_WORDS or head[0].lower().strip(".") in NOT_DATELINE_WORDS:
            return False
    rest = m.string[m.end():m.end() + 1]
    return not rest or not rest.islower()


def _match_dateline(text: str) -> re.Match | None:
    """The dateline at the start of ``text`` (see :func:`_is_dateline`), else None."""
    m = _DATELINE.match(text)
    return m if m and _is_dateline(m) else None


def parse_dateline(paragraph: str) -> tuple[list[str], str | None, str]:
    """Split a dateline off the start of the first body paragraph.

    ``"WILMINGTON, Delaware / MOSCOW (Reuters) – US President..."`` gives
    ``(["Wilmington, Delaware", "Moscow"], "Reuters", "US President...")``. The first dateline
    word must be in capitals (at least three letters) so ordinary sentences are never cut; wire
    labels and organisations (:data:`NOT_DATELINE_WORDS`), all-caps headlines of more than
    :data:`DATELINE_MAX_WORDS` words and a lower-case continuation are no dateline.
    """
    m = _match_dateline(paragraph)
    if m is None:
        return [], None, paragraph
    places = [_title_place(p.strip()) for p in m.group("places").split("/") if p.strip()]
    return places, (m.group("agency") or None), paragraph[m.end():]


def find_inline_dateline(text: str) -> tuple[int, int, str | None] | None:
    """The first dateline within the first :data:`INLINE_DATELINE_CHARS` characters of ``text``
    that starts the text or a sentence ("Title of the story. HUDSON -- Officials…", "By A. Writer.
    WASHINGTON, April 5 (Reuters) - …"), for texts whose headline, byline and body arrive as one
    paragraph.

    Returns
    -------
    tuple or None
        ``(start, end, qualifier)``: the character span of the first place's name in ``text``
        ("CAMP MURRAY") and its qualifier ("Wash.") or None. None when there is no dateline (the
        place must begin with three capitals, as in :func:`parse_dateline`).
    """
    for m in _INLINE_DATELINE.finditer(text[:INLINE_DATELINE_CHARS]):
        places = m.group("places")
        if not _is_dateline(m):
            continue
        head, _, qual = places.split("/")[0].partition(",")
        start = m.start("places")
        return start, start + len(head.rstrip()), qual.strip() or None
    return None


def _split_leading_lines(paragraphs: list[str]) -> list[str]:
    """Headline, byline and dateline on lines of their own but with no blank line between them
    ("Kremlin rejects claims\nBy Jane Roe\nMOSCOW (Reuters) - …"): the lines before the byline or
    dateline (within the first three) become paragraphs of their own, so the furniture rules apply."""
    if not paragraphs or "\n" not in paragraphs[0]:
        return paragraphs
    lines = paragraphs[0].split("\n")
    for k, line in enumerate(lines[:3]):
        if _match_dateline(line):
            return [ln.strip() for ln in lines[:k] if ln.strip()] + ["\n".join(lines[k:])] + paragraphs[1:]
        if _BYLINE.match(line) and k + 1 < len(lines):
            return [ln.strip() for ln in lines[:k + 1] if ln.strip()] + ["\n".join(lines[k + 1:])] + paragraphs[1:]
    return paragraphs


def parse_text_article(raw: str, source_path: str | None = None) -> Article:
    """Parse a plain-text/Markdown article, splitting off news furniture.

    Recognised, in order: front matter (``---`` block with title, published, source, url,
    authors), a headline or byline run into the dateline on one line ("Troops shell city. KHARKIV —
    …", see :func:`find_inline_dateline`), headline (first line when followed by a blank line and
    shorter than 200 characters), byline (``by A and B``), dateline with agency, trailing credits line
    (``(With …; written by …)``) and scraper footers (``Source link -87``). Credited journalists are
    added to ``authors``; the agency becomes ``source`` when front matter gives none.
    """
    meta, body = split_front_matter(raw)
    paragraphs = _split_leading_lines([p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()])
    title = meta.get("title") or None
    authors = [a.strip() for a in re.split(r"[;,]| and ", meta.get("authors", meta.get("author", ""))) if a.strip()]
    # Headline or byline run into the dateline on one line ("Troops shell city. KHARKIV — Russian …")
    if paragraphs:
        found = find_inline_dateline(paragraphs[0])
        head = paragraphs[0][:found[0]].strip() if found else ""
        headline, _, byline = head.partition(". By ") if title is None else ("", "", "")
        if byline:  # "Kremlin rejects claims. By Jane Roe. MOSCOW (Reuters) - …"
            head, title = "By " + byline, headline + "."
        if head and len(head) < 200 and "\n" not in head and (title is None or head == title or _BYLINE.match(head)):
            paragraphs[0] = paragraphs[0][found[0]:]
            m = _BYLINE.match(head)
            if m:
                authors += _split_names(m.group("names").rstrip("."))
            elif title is None:
                title = head
    # Headline: first paragraph if it is one short line without final punctuation of a sentence.
    if paragraphs and title is None:
        first = paragraphs[0]
        if "\n" not in first and len(first) < 200 and not _BYLINE.match(first) \
                and not _match_dateline(first) and not first.rstrip().endswith(".") \
                and len(paragraphs) > 1:  # a sentence ending in a full stop is body text
            title = first.lstrip("# ").strip()
            paragraphs = paragraphs[1:]
    elif paragraphs and title is not None and paragraphs[0].lstrip("# ").strip() == title:
        paragraphs = paragraphs[1:]
    # Byline
    if paragraphs:
        m = _BYLINE.match(paragraphs[0])
        if m and "\n" not in paragraphs[0]:
            authors += _split_names(m.group("names"))
            paragraphs = paragraphs[1:]
    # Footers and credits at the end
    while paragraphs and _FOOTER.match(paragraphs[-1]):
        paragraphs.pop()
    if paragraphs and _CREDITS.match(paragraphs[-1]):
        authors += credited_names(paragraphs.pop())
    while paragraphs and _FOOTER.match(paragraphs[-1]):
        paragraphs.pop()
    datelines: list[str] = []
    agency = None
    if paragraphs:
        datelines, agency, rest = parse_dateline(paragraphs[0])
        paragraphs[0] = rest
    if meta.get("dateline"):
        datelines = [d.strip() for d in meta["dateline"].split("/") if d.strip()]
    published, precision = parse_published(meta.get("published") or meta.get("date"))
    text = "\n\n".join(p for p in paragraphs if p)
    return Article(
        text=text,
        title=title,
        source=meta.get("source") or agency,
        authors=list(dict.fromkeys(authors)),
        published=published,
        published_precision=precision,
        datelines=datelines,
        url=meta.get("url") or None,
        source_path=source_path,
    )
