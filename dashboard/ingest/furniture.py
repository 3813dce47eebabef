"""Page furniture inside article text: photo credits, captions' credits and live-blog markers.

Removed at ingestion (every input kind) so they never become sentences, actors or events.
"""

from __future__ import annotations

import re

#: Picture agencies and wire services that sign photo credits ("Name/AFP", "AP Photo/Name").
PHOTO_AGENCIES = r"(?:AFP|AP|Reuters|EPA(?:-EFE)?|Getty Images|Bloomberg|TASS|Sputnik|Anadolu(?: Agency)?|Shutterstock|PA|Alamy|Xinhua|SOPA Images|ZUMA(?: Press)?|NurPhoto)"
_CAP = r"(?:[A-Z]\.|[A-Z][\w'’\-]*)"
_NAME = rf"{_CAP}(?:\s+{_CAP}){{0,3}}"
#: "AP Photo/Efrem Lukatsky", "(AP Photo/File)", "Photograph: Jane Roe/Reuters", "Name/AFP via Getty
#: Images", "Getty Images", "Photo: Name", with the brackets around them.
_CREDIT = re.compile(
    r"\(?\s*(?:"
    rf"(?:AP|AFP|EPA|Reuters|PA|Pool)\s+Photo\s*/\s*{_NAME}(?:\s*,\s*(?:File|Pool))?"
    rf"|(?:Photo(?:graph)?|Image|Picture|Credit)s?\s*:\s*{_NAME}(?:\s*/\s*{PHOTO_AGENCIES})?(?:\s+via\s+Getty\s+Images)?"
    rf"|{_NAME}\s*/\s*{PHOTO_AGENCIES}(?:\s*/\s*{_NAME})?(?:\s+via\s+Getty\s+Images)?"
    r"|Getty\s+Images"
    r")\s*\)?")
_CLOCK = r"\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|GMT|BST|UTC|CET|CEST|EET|EEST|MSK|EST|EDT|ET|PT))?"
#: A line that is only live-blog furniture.
_FURNITURE_LINE = re.compile(
    rf"^(?:(?:key\s+events|show\s+key\s+events\s+only|live(?:\s+updates?)?|(?:last\s+)?updated(?:\s+at)?\s+{_CLOCK}"
    rf"(?:\s+\w+\s+\d{{1,2}}\s+\w+(?:\s+\d{{4}})?)?|{_CLOCK}|(?:first\s+)?published(?:\s+at)?\s+{_CLOCK}.*)"
    r"\s*[.:]?)$",
    re.IGNORECASE)
#: A timestamp opening a line or glued to the next word ("01:32Zelenskiy says…").
_LEADING_CLOCK = re.compile(rf"^{_CLOCK}\s*(?=[A-Z“\"])")
_GLUED_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}:\d{2})(?=[A-Z])")


def strip_furniture(text: str) -> str:
    """``text`` without photo credits and live-blog furniture.

    Removes credit lines and inline credits ("AP Photo/Name", "Name/AFP", "Photograph: Name/Reuters",
    "Getty Images"), lines that are only a live-blog marker ("Key events", "Show key events only",
    "Updated at 14:05 GMT", a bare time) and timestamps that open a paragraph or are glued to
    the next word ("01:32Zelenskiy says…" becomes "Zelenskiy says…" as a paragraph of its own).
    Ordinary times inside sentences ("at 14:05 Moscow time") are kept.

    Parameters
    ----------
    text : str
        Article text, paragraphs separated by newlines.

    Returns
    -------
    str
        The text with furniture removed; line and paragraph breaks are kept.
    """
    text = _GLUED_CLOCK.sub(lambda m: "\n\n" if m.start() > 0 else "", text)
    lines = []
    for line in text.split("\n"):
        cleaned, credits = _CREDIT.subn("\0", line)
        if credits:  # only the credits' own spaces go: the rest of the line stays as it was
            cleaned = re.sub(r" ([.,;:])", r"\1", re.sub(r"[ \t]*\0[ \t]*", " ", cleaned)).strip()
        bare = cleaned.strip()
        if bare and (_FURNITURE_LINE.match(bare) or (credits and re.fullmatch(r"[\W_]+", bare))):
            cleaned = ""
        lines.append(_LEADING_CLOCK.sub("", cleaned))
    out = "\n".join(lines)
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", out).strip() if out != text else text
