"""Ingestion: files and folders -> :class:`~dashboard.records.Article` records (and GDELT tables).

Formats, recognised by extension and, when the extension is missing or lies, by content:

* plain text and Markdown (``.txt``, ``.md``; optional front matter; news furniture split off) —
  :mod:`dashboard.ingest.text`;
* saved web pages (``.html``, ``.htm``) with trafilatura — :mod:`dashboard.ingest.html`;
* RSS/Atom feeds (``.rss``, ``.atom``, ``.xml``) with feedparser — :mod:`dashboard.ingest.feeds`;
* CSV/TSV and JSON/JSON Lines, columns and fields found by common names — :mod:`dashboard.ingest.tabular`;
* GDELT 2.0 event exports (``*.export.CSV``, 61 tab-separated columns) — :mod:`dashboard.gdelt`;
* ``.gz`` and ``.zip`` archives of any of these (members are ``archive.zip!member``).

Every file that cannot be used gives one :class:`Problem` (file and reason) and the batch goes on.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Iterator

from dashboard.ingest.base import (NULL_STRINGS, FileResult, IngestedArticle, IngestError, Problem, as_ingested,
                                   date_problem, dates_month_first, future_date_warning, parse_date, parse_published)
from dashboard.ingest.decode import decode_bytes
from dashboard.ingest.clean import clean_authors, detect_language, tidy_unicode, unescape_stable
from dashboard.ingest.feeds import read_feed_articles
from dashboard.ingest.html import file_time, read_html_article, read_html_page
from dashboard.ingest.json_input import read_json_articles
from dashboard.ingest.tabular import _pick, read_csv_articles
from dashboard.ingest.furniture import strip_furniture
from dashboard.ingest.text import (credited_names, markdown_to_text, parse_dateline, parse_text_article,
                                   split_front_matter)
from dashboard.records import Article, article_id_for
from dashboard.settings import Settings

__all__ = [
    "NULL_STRINGS", "FileResult", "IngestedArticle", "IngestError", "Problem", "SUPPORTED", "credited_names",
    "decode_bytes", "discover", "iter_articles", "iter_inputs", "parse_date", "parse_dateline", "parse_published",
    "parse_text_article", "read_articles", "read_csv_articles", "read_feed_articles", "read_html_article",
    "read_json_articles", "read_file", "sniff", "split_front_matter",
]

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
CSV_SUFFIXES = {".csv", ".tsv", ".tab"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
ARCHIVE_SUFFIXES = {".gz", ".zip"}
SUPPORTED = TEXT_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSON_SUFFIXES | ARCHIVE_SUFFIXES


# ---------------------------------------------------------------------------------------------
# File discovery


def discover(inputs: list[Path | str]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders into the sorted list of input files.

    Folders are searched recursively for supported extensions; hidden files and folders are
    skipped, and any other file gets a report line (``unsupported file type``). A file named
    explicitly is always taken (its content decides the format). Returns the files and a list of
    problems (missing paths, unsupported files).
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            visible = sorted(p for p in path.rglob("*") if p.is_file()
                             and not any(s.startswith(".") for s in p.parts[len(path.parts):]))
            files.extend(p for p in visible if p.suffix.lower() in SUPPORTED)
            for p in visible:
                if p.suffix.lower() not in SUPPORTED:
                    problems.append(Problem(str(p), unsupported_reason(p.suffix)))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), "no such file or folder"))
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def unsupported_reason(suffix: str) -> str:
    """The report line of a file of an unsupported type (``suffix`` with its dot, or empty)."""
    kind = f"'{suffix}'" if suffix else "without an extension"
    return f"unsupported file type {kind}; not read (supported: {', '.join(sorted(SUPPORTED))})"


def _member_refused(name: str) -> str | None:
    """Why an archive member (or the file inside a ``.gz``) is not read, or None: an extension of an
    unsupported type (a member without one is read by its content, as a file named explicitly)."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix
    return unsupported_reason(suffix) if suffix and suffix.lower() not in SUPPORTED else None


# ---------------------------------------------------------------------------------------------
# Sniffing


def _is_gdelt_name(name: str) -> bool:
    return bool(re.search(r"\.export\.csv(?:\.zip|\.gz)?$", name, re.IGNORECASE))


def sniff(name: str, head: str) -> str:
    """The format of a decoded file: ``gdelt``, ``feed``, ``html``, ``json``, ``csv``, ``tsv`` or ``text``.

    Content wins over the extension where it is unambiguous (markup, JSON, GDELT's 61 tab-separated
    columns); otherwise the extension decides, and unknown extensions are read as text.
    """
    suffix = PurePosixPath(name).suffix.lower()
    start = head.lstrip("\ufeff \t\n")[:4096]
    low = start.lower()
    first_line = start.split("\n", 1)[0]
    if _is_gdelt_name(name) or (first_line.count("\t") == 60 and re.match(r"\d+\t\d{8}\t", first_line)):
        return "gdelt"
    if low.startswith("<?xml") or low.startswith("<rss") or low.startswith("<feed") or low.startswith("<rdf"):
        if re.search(r"<(?:rss|feed|rdf:rdf)\b", low):
            return "feed"
        if "<html" in low:
            return "html"
    if low.startswith(("<!doctype html", "<html", "<head", "<body", "<!--")) or (
            suffix in HTML_SUFFIXES and low.startswith("<")):
        return "feed" if re.search(r"<(?:rss|feed)\b", low[:500]) else "html"
    if start.startswith(("{", "[")) and (suffix not in CSV_SUFFIXES or re.match(r'(?:\{\s*"|\[\s*[\[{"\]])', start)):
        return "json"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix == ".tsv" or suffix == ".tab":
        return "tsv"
    if suffix == ".csv":
        return "csv"
    if suffix in FEED_SUFFIXES:
        return "feed"
    return "text"


def _table_in_text(text: str, settings: Settings) -> bool:
    """True when a file sniffed as text is a table: its first line is a header of three columns or
    more with tabs between, names of at most three words without sentence punctuation, one of them
    a text column (a first line of prose has no tabs)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    names = [c.strip().strip('"') for c in first.split("\t")]
    return len(names) >= 3 and all(len(c.split()) <= 3 and not re.search(r"[.:;!?]", c) for c in names) and \
        _pick(names, settings.columns("text")) is not None


# ---------------------------------------------------------------------------------------------
# Reading


def _limit(settings: Settings) -> int:
    return int(settings.max_input_mb * 1024 * 1024)


#: An archive member that unpacks to more than this many times its packed size (and over
#: :data:`BOMB_MIN_BYTES`) is refused as a decompression bomb; real text compresses 3-10 times.
BOMB_RATIO = 200
BOMB_MIN_BYTES = 16 * 1024 * 1024


def _unpack(stream, packed: int, settings: Settings, budget: int | None = None) -> bytes:
    """Read an archive member in chunks, refusing it once it grows past ``max_input_mb``, past
    :data:`BOMB_RATIO` times its packed size or past ``budget`` bytes (what is left of its
    archive's, see :func:`_read_zip`), before the whole of it is ever in memory.

    Raises
    ------
    IngestError
        For a member that is too large or a decompression bomb.
    """
    limit, chunks, size = _limit(settings), [], 0
    while True:
        chunk = stream.read(1024 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > BOMB_MIN_BYTES and size > BOMB_RATIO * max(packed, 1):
            raise IngestError(f"decompression bomb refused: more than {size // (1024 * 1024)} MB unpacked from "
                              f"{packed:,} bytes (over {BOMB_RATIO} times)")
        if size > limit:
            raise IngestError(f"larger than {settings.max_input_mb} MB when unpacked (setting max_input_mb); skipped")
        if budget is not None and size > budget:
            raise IngestError(f"decompression bomb refused: the archive unpacks to more than {BOMB_RATIO} times its "
                              "size in total")
        chunks.append(chunk)


def read_bytes(data: bytes, name: str, settings: Settings, mtime=None, depth: int = 0) -> list[FileResult]:
    """Read one input given as bytes (``name`` is its path or ``archive!member`` label).

    Archives give one :class:`FileResult` per member; any other file gives one.
    """
    if data[:4] == b"PK\x03\x04" or (name.lower().endswith(".zip") and data[:2] == b"PK"):
        return _read_zip(data, name, settings, depth)
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                inner = _unpack(gz, len(data), settings)
        except (OSError, EOFError, zlib.error) as exc:
            return [FileResult(name, problems=[Problem(name, f"broken gzip archive ({exc})")])]
        except IngestError as exc:
            return [FileResult(name, problems=[Problem(name, str(exc))])]
        inner_name = name[:-3] if name.lower().endswith(".gz") else name
        if depth >= 2:
            return [FileResult(name, problems=[Problem(name, "archive nested too deeply")])]
        refused = _member_refused(inner_name.rsplit("!", 1)[-1]) if inner_name != name else None
        if refused:
            return [FileResult(name, problems=[Problem(name, f"inside .gz: {refused}")])]
        results = read_bytes(inner, inner_name, settings, mtime, depth + 1)
        for r in results:  # report under the real file name
            r.path = name if r.path == inner_name else r.path
            for p in r.problems:
                if p.path == inner_name:
                    p.path = name
        return results
    return [_read_decoded(data, name, settings, mtime)]


def _read_zip(data: bytes, name: str, settings: Settings, depth: int) -> list[FileResult]:
    """One result per member of a zip archive. Members are unpacked in memory, never written; the
    archive as a whole unpacks to at most :data:`BOMB_RATIO` times its size (at least
    :data:`BOMB_MIN_BYTES`), and once a member is refused as a decompression bomb the rest are not
    read (one line says how many): many small bombs would otherwise each be unpacked to the limit."""
    budget = max(BOMB_MIN_BYTES, BOMB_RATIO * len(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        return [FileResult(name, problems=[Problem(name, f"broken zip archive ({exc})")])]
    results: list[FileResult] = []
    members = sorted(members, key=lambda m: m.filename)
    for k, m in enumerate(members):
        parts = PurePosixPath(m.filename.replace("\\", "/")).parts
        label = f"{name}!{m.filename}"
        if ".." in parts or m.filename.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", m.filename):
            results.append(FileResult(label, problems=[Problem(label, "member path leaves the archive ('..' or "
                                                                      "absolute); skipped")]))
            continue
        if any(p.startswith((".", "__MACOSX")) for p in parts):
            continue
        if _member_refused(m.filename):
            results.append(FileResult(label, problems=[Problem(label, _member_refused(m.filename))]))
            continue
        if m.file_size > _limit(settings):
            results.append(FileResult(label, problems=[Problem(label, f"larger than {settings.max_input_mb} MB "
                                                                      "(setting max_input_mb); skipped")]))
            continue
        try:
            with archive.open(m) as member:
                inner = _unpack(member, m.compress_size, settings, budget)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError, zlib.error) as exc:
            results.append(FileResult(label, problems=[Problem(label, f"cannot unpack ({exc})")]))
            continue
        except IngestError as exc:
            results.append(FileResult(label, problems=[Problem(label, str(exc))]))
            if str(exc).startswith("decompression bomb") and k + 1 < len(members):
                results.append(FileResult(name, problems=[Problem(name, f"{len(members) - k - 1} further member(s) "
                                                                        "not read after a decompression bomb")]))
                break
            continue
        budget -= len(inner)
        if depth >= 2:
            results.append(FileResult(label, problems=[Problem(label, "archive nested too deeply")]))
            continue
        results.extend(read_bytes(inner, label, settings, None, depth + 1))
    if not results:
        results.append(FileResult(name, problems=[Problem(name, "zip archive holds no files")]))
    return results


def _read_decoded(data: bytes, name: str, settings: Settings, mtime) -> FileResult:
    result = FileResult(name)
    try:
        if _is_gdelt_name(name) or (data[:40].count(b"\t") >= 4 and re.match(rb"\d+\t\d{8}\t", data[:40])):
            from dashboard import gdelt

            text, warnings = decode_bytes(data, name)
            if sniff(name, text[:65536]) == "gdelt":
                result.kind = "gdelt"
                result.tables, problems = gdelt.read_export(text, name)
                result.problems = warnings + problems
                if not result.usable:
                    raise IngestError("no GDELT event rows")
                return result
        text, warnings = decode_bytes(data, name)
        result.problems.extend(warnings)
        kind = sniff(name, text)
        if kind == "text" and _table_in_text(text, settings):  # Excel's "Unicode text" is a .txt table
            kind = "tsv" if "\t" in text.split("\n", 1)[0] else "csv"
        result.kind = kind
        if kind == "html":
            article, problems = read_html_page(text, name, mtime)
            articles = [article]
        elif kind == "feed":
            articles, problems = read_feed_articles(text, name)
        elif kind == "json":
            articles, problems = read_json_articles(text, name, settings)
        elif kind in ("csv", "tsv"):
            articles, problems = read_csv_articles(text, name, settings, delimiter="\t" if kind == "tsv" else ",")
        else:
            text = unescape_stable(text)  # "&amp;" in Markdown is "&"
            if PurePosixPath(name).suffix.lower() in (".md", ".markdown"):
                text = markdown_to_text(text)
            article = parse_text_article(text, source_path=name)
            if not article.text.strip():
                raise IngestError("no article text after removing headline, byline, dateline and footers")
            meta = split_front_matter(text)[0]
            key = "published" if meta.get("published") else "date"
            crawled = next((meta[k] for k in settings.columns("crawl_date") if meta.get(k)), None)
            if article.published is None and crawled:  # "published: 2 hours ago" beside "crawled_at: …"
                article.published, article.published_precision, _ = parse_date(
                    meta.get(key), relative_to=parse_date(crawled)[0])
            order = dates_month_first([article], [meta.get(key)], settings.csv_date_order, name,
                                      f"front matter {key!r}")
            problems = [p for p in (order, date_problem(name, meta.get(key), article.published)) if p]
            articles = [article]
    except IngestError as exc:
        result.problems.append(Problem(name, str(exc).removeprefix(f"{name}: ")))
        result.articles = []
        return result
    except RecursionError:  # a nesting bomb: 100,000 brackets deep (JSON), or markup as deep
        result.problems.append(Problem(name, "nested too deeply to read (a nesting bomb?); refused"))
        result.articles = []
        return result
    result.problems.extend(problems)
    for a in articles:
        a = as_ingested(a)
        tidy = tidy_unicode(a.text)
        if tidy != a.text and a.article_id == article_id_for(None, a.text):  # an id made from the text
            a.article_id = article_id_for(None, tidy)
        a.text, a.title, a.source = tidy, tidy_unicode(a.title), tidy_unicode(a.source)
        a.authors = [tidy_unicode(n) for n in a.authors]
        a.text = strip_furniture(a.text) if a.text else a.text
        where = a.source_path or name
        if len(a.text) > settings.max_chars:
            result.problems.append(Problem(where, f"text truncated from {len(a.text):,} to {settings.max_chars:,} "
                                                  "characters (setting max_chars)", "warning"))
            a.text = a.text[: settings.max_chars]
        warning = future_date_warning(a, where)
        if warning:
            result.problems.append(warning)
        a.authors = clean_authors(a.authors)
        a.language = detect_language(a.text)
        if not a.extractable:
            result.problems.append(Problem(where, f"text is not in English (detected language: {a.language}); "
                                                  "stored but not extracted", "warning"))
        result.articles.append(a)
    return result


def read_file(path: Path, settings: Settings) -> list[FileResult]:
    """Read one input file (archives give one result per member)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > _limit(settings):
            return [FileResult(str(path), problems=[Problem(str(path), f"file is larger than {settings.max_input_mb} MB "
                                                                       "(setting max_input_mb); skipped")])]
        data = path.read_bytes()
    except OSError as exc:
        return [FileResult(str(path), problems=[Problem(str(path), f"cannot read file ({exc.strerror or exc})")])]
    return read_bytes(data, str(path), settings, file_time(path))


def iter_inputs(inputs: list[Path | str], settings: Settings) -> Iterator[FileResult]:
    """Yield a :class:`FileResult` per input file (or archive member); missing paths give a result
    with one problem. Nothing raises: unreadable files are reported and the batch goes on."""
    files, problems = discover(inputs)
    for p in problems:
        yield FileResult(p.path, problems=[p])
    for path in files:
        yield from read_file(path, settings)


def read_articles(path: Path, settings: Settings) -> tuple[list[Article], list[Problem]]:
    """Read all articles of one file: ``(articles, problems)``.

    Raises
    ------
    IngestError
        If the file gives no article at all (the message is the first problem's reason).
    """
    results = read_file(Path(path), settings)
    articles = [a for r in results for a in r.articles]
    problems = [p for r in results for p in r.problems]
    if not articles and not any(r.usable for r in results):
        errors = [p for p in problems if p.level == "error"] or problems
        raise IngestError(f"{path}: {errors[0].reason if errors else 'no articles'}")
    return articles, problems


def iter_articles(inputs: list[Path | str], settings: Settings) -> Iterator[tuple[Path, list[Article], list[Problem]]]:
    """Yield ``(file, articles, problems)`` for each input file; unreadable files yield no articles
    and their problems, and the rest of the batch goes on. (GDELT files yield no articles here; see
    :func:`iter_inputs`.)"""
    for r in iter_inputs(inputs, settings):
        yield Path(r.path), r.articles, r.problems
