"""Ingestion: files and folders -> :class:`~dashboard.records.Article` records.

Inputs for now: plain-text and Markdown articles (``.txt``, ``.md``; optional front matter) and CSV
files whose title/text/date/url columns are found by common names (see
:class:`~dashboard.settings.Settings`). News furniture is split off plain-text articles: headline,
byline, dateline (places and agency), credits line and scraper footers.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

from dashboard.records import Article
from dashboard.settings import Settings

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
CSV_SUFFIXES = {".csv", ".tsv"}
SUPPORTED = TEXT_SUFFIXES | CSV_SUFFIXES
NULL_STRINGS = {"", "na", "n/a", "nan", "null", "none"}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class IngestError(Exception):
    """A file (or CSV row) that could not be read; the message names the file and the problem."""


@dataclass
class Problem:
    """One input that could not be read: ``path`` and a human-readable ``reason``."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# ---------------------------------------------------------------------------------------------
# File discovery


def discover(inputs: list[Path | str]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders into the sorted list of supported input files.

    Folders are searched recursively; hidden files are skipped. Returns the files and a list of
    problems (missing paths, unsupported file types given explicitly).
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED and not any(s.startswith(".") for s in p.parts[len(path.parts):])
            )
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED:
                files.append(path)
            else:
                problems.append(Problem(str(path), f"unsupported file type {path.suffix or '(none)'}; "
                                        f"supported: {', '.join(sorted(SUPPORTED))}"))
        else:
            problems.append(Problem(str(path), "no such file or folder"))
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def read_articles(path: Path, settings: Settings) -> tuple[list[Article], list[Problem]]:
    """Read all articles of one file.

    Returns the articles and per-row problems (CSV rows without text). A file that cannot be read
    at all raises :class:`IngestError` naming the file and the reason.
    """
    path = Path(path)
    raw = _read_text(path)
    if path.suffix.lower() in CSV_SUFFIXES:
        return read_csv_articles(raw, str(path), settings, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
    article = parse_text_article(raw, source_path=str(path))
    if not article.text.strip():
        raise IngestError(f"{path}: no article text after removing headline, byline and footers")
    return [article], []


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise IngestError(f"{path}: file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(f"{path}: looks like a binary file, not text")
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
            if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise UnicodeDecodeError(encoding, data, 0, 1, "no BOM")
            return text.replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace").replace("\r\n", "\n")


# ---------------------------------------------------------------------------------------------
# Dates


def parse_published(value: str | None) -> tuple[datetime | None, str | None]:
    """Parse a publication date/time into a UTC datetime and its precision.

    ISO dates (``2021-12-30``) give midnight UTC with precision ``"day"``; ISO datetimes with or
    without zone (naive ones are taken as UTC) give precision ``"datetime"``; other notations are
    read with dateparser (English). Returns ``(None, None)`` when the value is empty or unreadable.
    """
    if value is None or str(value).strip().lower() in NULL_STRINGS:
        return None, None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datetime.combine(date.fromisoformat(text), time(0), tzinfo=timezone.utc), "day"
        except ValueError:
            return None, None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        import dateparser

        dt = dateparser.parse(text, languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False})
        if dt is None:
            return None, None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc), "datetime"


# ---------------------------------------------------------------------------------------------
# Plain-text articles

FRONT_MATTER_KEYS = {"title", "published", "date", "source", "url", "authors", "author", "dateline"}

_BYLINE = re.compile(r"^\s*by\s+(?P<names>[^|\n]{3,150}?)\s*(?:\|.*)?$", re.IGNORECASE)
_DATELINE_PLACE = r"[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+)*(?:,\s*[A-Z][A-Za-z'’.\-]+(?:\s+[A-Z][A-Za-z'’.\-]+)*)?"
_DATELINE = re.compile(
    rf"^(?P<places>{_DATELINE_PLACE}(?:\s*/\s*{_DATELINE_PLACE})*)\s*"
    r"(?:\((?P<agency>[A-Za-z][\w .&'-]{1,40})\))?\s*[–—-]{1,2}\s+"
)
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
    """Split a ``---`` front-matter block (``key: value`` lines) off the top of ``raw``.

    Returns the metadata (lower-cased keys) and the rest of the text. Text without a block is
    returned unchanged with empty metadata.
    """
    lines = raw.lstrip("\ufeff").split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, raw
    for i in range(1, min(len(lines), 60)):
        if lines[i].strip() == "---":
            meta = {}
            for line in lines[1:i]:
                if ":" in line:
                    key, _, value = line.partition(":")
                    meta[key.strip().lower()] = value.strip().strip('"').strip("'")
            return meta, "\n".join(lines[i + 1:])
    return {}, raw


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


def parse_dateline(paragraph: str) -> tuple[list[str], str | None, str]:
    """Split a dateline off the start of the first body paragraph.

    ``"WILMINGTON, Delaware / MOSCOW (Reuters) – US President..."`` gives
    ``(["Wilmington, Delaware", "Moscow"], "Reuters", "US President...")``. The first dateline
    word must be in capitals (at least three letters) so ordinary sentences are never cut.
    """
    m = _DATELINE.match(paragraph)
    if not m or not re.match(r"[A-Z]{3,}", m.group("places")):
        return [], None, paragraph
    places = [_title_place(p.strip()) for p in m.group("places").split("/") if p.strip()]
    return places, (m.group("agency") or None), paragraph[m.end():]


def parse_text_article(raw: str, source_path: str | None = None) -> Article:
    """Parse a plain-text/Markdown article, splitting off news furniture.

    Recognised, in order: front matter (``---`` block with title, published, source, url,
    authors), headline (first line when followed by a blank line and shorter than 200
    characters), byline (``by A and B``), dateline with agency, trailing credits line
    (``(With …; written by …)``) and scraper footers (``Source link -87``). Credited journalists are
    added to ``authors``; the agency becomes ``source`` when front matter gives none.
    """
    meta, body = split_front_matter(raw)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    title = meta.get("title") or None
    authors = [a.strip() for a in re.split(r"[;,]| and ", meta.get("authors", meta.get("author", ""))) if a.strip()]
    # Headline: first paragraph if it is one short line without final punctuation of a sentence.
    if paragraphs and title is None:
        first = paragraphs[0]
        if "\n" not in first and len(first) < 200 and not _BYLINE.match(first) and not _DATELINE.match(first) \
                and len(paragraphs) > 1:
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


# ---------------------------------------------------------------------------------------------
# CSV


def _pick(header: list[str], candidates: list[str]) -> str | None:
    lower = {h.strip().lower(): h for h in header}
    for c in candidates:
        if c in lower:
            return lower[c]
    return None


def _cell(row: dict, column: str | None) -> str | None:
    if column is None:
        return None
    value = row.get(column)
    if value is None or value.strip().lower() in NULL_STRINGS:
        return None
    return value.strip()


def read_csv_articles(raw: str, source_path: str, settings: Settings, delimiter: str = ",") -> tuple[list[Article], list[Problem]]:
    """Read one article per CSV row.

    The text column is required (names tried: ``settings.csv_text_columns``); title, date, url,
    source, authors and dateline columns are optional. Rows without text are reported as problems
    (``file#row``) and skipped; the other rows go on. The source defaults to the URL's host.

    Raises
    ------
    IngestError
        If the file has no header or no text column.
    """
    reader = csv.DictReader(io.StringIO(raw.lstrip("\ufeff")), delimiter=delimiter)
    header = [h for h in (reader.fieldnames or []) if h is not None]
    if not header:
        raise IngestError(f"{source_path}: CSV file has no header row")
    cols = {kind: _pick(header, settings.columns(kind)) for kind in ("title", "text", "date", "url", "source", "author")}
    dateline_col = _pick(header, ["dateline", "location"])
    if cols["text"] is None:
        raise IngestError(
            f"{source_path}: no text column; looked for {', '.join(settings.columns('text'))} "
            f"(set NEWSDASH_CSV_TEXT_COLUMNS); header is {', '.join(header)}"
        )
    articles, problems = [], []
    for i, row in enumerate(reader, start=2):
        where = f"{source_path}#{i}"
        if None in row:
            problems.append(Problem(where, f"row has {len(header) + len(row[None])} fields, header has {len(header)}; skipped"))
            continue
        text = _cell(row, cols["text"])
        if not text:
            problems.append(Problem(where, f"empty text column {cols['text']!r}; skipped"))
            continue
        text = text.replace("\r\n", "\n")
        url = _cell(row, cols["url"])
        published, precision = parse_published(_cell(row, cols["date"]))
        authors_cell = _cell(row, cols["author"])
        dateline = _cell(row, dateline_col)
        articles.append(
            Article(
                text=text,
                title=_cell(row, cols["title"]),
                source=_cell(row, cols["source"]) or (urlparse(url).hostname if url else None),
                authors=_split_names(authors_cell) if authors_cell else [],
                published=published,
                published_precision=precision,
                datelines=[dateline] if dateline else [],
                url=url,
                source_path=where,
            )
        )
    return articles, problems


def iter_articles(inputs: list[Path | str], settings: Settings) -> Iterator[tuple[Path, list[Article], list[Problem]]]:
    """Yield ``(file, articles, problems)`` for each discovered input file; unreadable files yield
    no articles and one problem, and the rest of the batch goes on."""
    files, problems = discover(inputs)
    for p in problems:
        yield Path(p.path), [], [p]
    for path in files:
        try:
            articles, row_problems = read_articles(path, settings)
        except IngestError as exc:
            yield path, [], [Problem(str(path), str(exc).removeprefix(f"{path}: "))]
            continue
        yield path, articles, row_problems
