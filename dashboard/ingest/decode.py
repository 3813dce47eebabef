"""Bytes to text: UTF-8, UTF-16, the encoding a file declares, Windows-1252 and other code pages."""

from __future__ import annotations

import re

from dashboard.ingest.base import IngestError, Problem


def decode_bytes(data: bytes, where: str) -> tuple[str, list[Problem]]:
    """Decode file bytes to text with normalised newlines.

    UTF-8 (with or without BOM) and UTF-16 (with a BOM, or without one when its zero bytes show it)
    are read as such. Bytes that are not UTF-8 are read in the encoding the file declares (an XML
    declaration's ``encoding``, an HTML ``<meta charset>``), else as Windows-1252 (a superset of
    Latin-1's printable characters), unless that gives mostly accented capitals and symbols where
    another script's letters were (Cyrillic or Greek in a Windows or KOI8 code page: then the
    code page charset-normaliser finds), each with a warning naming the encoding; a UTF-8 file with
    some corrupt bytes (valid multi-byte sequences *and* invalid bytes) has them replaced by U+FFFD,
    again with a warning. A few NUL bytes in a text are removed with a warning; files with more, or
    with mostly control characters, are binary and rejected. Byte-order marks inside the text (files
    joined together) are removed.

    Raises
    ------
    IngestError
        For empty, whitespace-only and binary input.
    """
    if not data.strip():
        raise IngestError("file is empty" if not data else "file is empty (whitespace only)")
    warnings: list[Problem] = []
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(data[:8192])
    if utf16 and utf16 != "utf-16":
        warnings.append(Problem(where, f"no byte-order mark; read as {utf16.upper()} (by its zero bytes)", "warning"))
    head = data[:8192]
    if not utf16:
        controls = sum(1 for b in head if b < 32 and b not in (0, 9, 10, 12, 13))
        nuls = data.count(b"\x00")
        if nuls > max(2, len(data) // 1000) or controls > len(head) * 0.05:
            raise IngestError("looks like a binary file, not text")
        if nuls:
            data = data.replace(b"\x00", b"")
            warnings.append(Problem(where, f"{nuls} NUL byte(s) removed", "warning"))
    if utf16:
        text = data.decode(utf16, errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = _not_utf8(data, exc, where, warnings)
    # a byte-order mark further in is a file joined on: no character of the text
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError("file is empty (whitespace only)")
    return text, warnings


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``head`` (no BOM) is UTF-16 text: most of its odd (or
    even) bytes zero, as for text in Latin script, and almost none of the others."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.4 and zeros_even < 0.02:
        return "utf-16-le"
    if zeros_even > 0.4 and zeros_odd < 0.02:
        return "utf-16-be"
    return None


_DECLARED = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([\w.:-]+)|<meta[^>]{0,300}?charset\s*=\s*["']?([\w.:-]+)""",
                       re.IGNORECASE)


def _not_utf8(data: bytes, exc: UnicodeDecodeError, where: str, warnings: list[Problem]) -> str:
    """Text of bytes that are not UTF-8 (see :func:`decode_bytes`), the warning added to ``warnings``."""
    import codecs

    m = _DECLARED.search(data[:8192])
    if m:
        declared = (m.group(1) or m.group(2)).decode("ascii")
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = None
        if name in ("latin-1", "iso8859-1", "ascii"):  # as browsers read them: Windows-1252 (its quotes, €)
            name = "cp1252"
        if name and name not in ("utf-8", "utf-8-sig"):
            warnings.append(Problem(where, f"not UTF-8; read as {declared} (declared in the file)", "warning"))
            return data.decode(name, errors="replace")
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data  # a BOM alone is no sign of UTF-8 inside
    if re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}", body):
        text = data.decode("utf-8-sig", errors="replace")
        bad = text.count("\ufffd")
        warnings.append(Problem(where, f"invalid UTF-8 ({bad} undecodable byte sequence(s), first at byte "
                                       f"{exc.start}); replaced by U+FFFD", "warning"))
        return text
    text = body.decode("cp1252", errors="replace")
    letters = [c for c in text[:20000] if c.isalpha()]
    accented = sum(1 for c in letters if "\u00c0" <= c <= "\u00ff")
    if letters and accented > 0.3 * len(letters):  # Cyrillic or Greek read as Latin-1: "Îôèöèàëüíûå"
        import charset_normalizer

        best = charset_normalizer.from_bytes(body).best()
        guess = str(best) if best is not None else ""
        other = [c for c in guess[:20000] if c.isalpha()]
        if other and sum(1 for c in other if c > "\u024f") > 0.5 * len(other):
            warnings.append(Problem(where, f"not UTF-8; read as {best.encoding} (guessed from its letters)", "warning"))
            return guess
    warnings.append(Problem(where, "not UTF-8; read as Latin-1/Windows-1252", "warning"))
    return text
