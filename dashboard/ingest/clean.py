"""Cleaning of odd but honest input: entities escaped twice, junk author strings and the language of a
text (boxes around the article in saved pages: :mod:`dashboard.ingest.boxes`).

Each function fixes one kind of fault whatever the format the text came from (feeds, JSON, CSV, HTML).
"""

from __future__ import annotations

import html
import re

#: How many rounds of HTML-entity unescaping are tried (``&amp;amp;amp;`` needs three).
MAX_UNESCAPE_ROUNDS = 5
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_stable(text: str | None) -> str | None:
    """Unescape HTML character references until the text no longer changes.

    Feeds and news APIs often escape text twice (``Rosneft &amp;amp; Gazprom``): one round leaves
    ``&amp;``. Text without an entity is returned as it is (a bare ``&`` or ``AT&T`` stays).

    Examples
    --------
    >>> unescape_stable("Rosneft &amp;amp; Gazprom &#8211; talks")
    'Rosneft & Gazprom – talks'
    """
    if not text or "&" not in text:
        return text
    for _ in range(MAX_UNESCAPE_ROUNDS):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


# ---------------------------------------------------------------------------------------------
# Markup

#: Classes and ids of widgets inside article HTML: share buttons, related links, ads, newsletters.
_WIDGET = re.compile(r"(?:^|\s)(?:share|sharing|sharedaddy|sd-sharing|social|jp-relatedposts|related|newsletter|"
                     r"advert|ad|ads|promo|sponsored)(?:[-_][\w-]*)?(?=\s|$)", re.IGNORECASE)
#: A paragraph pointing to other stories ("Related: …", "Read more: …", "See also: …").
_SEE_ALSO = re.compile(r"^(?:related|read (?:more|also)|see also|also read|more)\s*(?:stories|articles|coverage)?\s*[:–—-]",
                       re.IGNORECASE)


#: Characters that show as nothing inside words (soft hyphen, zero-width space, word joiner, a BOM
#: in mid-text) and spaces that do not break (no-break, figure, narrow no-break).
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_NO_BREAK_SPACES = re.compile("[\u00a0\u2007\u202f]")


def tidy_unicode(text: str | None) -> str | None:
    """``text`` in Unicode's composed form (NFC: ``e`` + combining accent is ``é``, as macOS and PDFs
    give it decomposed), without soft hyphens and zero-width spaces inside words (``War\u00adsaw``),
    no-break spaces as spaces: the same article is the same text, and names match."""
    if not text:
        return text
    import unicodedata

    return _NO_BREAK_SPACES.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", text)))


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element; scripts, navigation,
    forms, widgets (share buttons, related links, ads: by their class or id) and paragraphs that are
    only links to other stories ("Related: …") left out."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # not parseable as HTML: strip tags crudely
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for bad in root.xpath(".//script|.//style|.//nav|.//aside|.//form|.//button|.//iframe|.//noscript|.//svg|"
                          ".//template"):
        bad.drop_tree()
    for el in list(root.iter()):  # share buttons, related links, ads inside a feed's or CMS's HTML
        if el is not root and el.getparent() is not None and _WIDGET.search(f"{el.get('class', '')} {el.get('id', '')}"):
            el.drop_tree()
    for el in root.iter("p", "div", "li"):  # "Related: <a>Other story</a>", all of it links
        words = (el.text_content() or "").strip()
        if _SEE_ALSO.match(words) and len(" ".join(a.text_content() for a in el.iter("a")).split()) >= len(
                words.split()) - 3:
            el.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


#: Block-level markup: a text field holding it was given as HTML (a WordPress or CMS export).
_BLOCK_MARKUP = re.compile(r"<(?:p|div|br|li|ul|ol|h[1-6]|blockquote|table|section|article|figure)\b[^<>]*>",
                           re.IGNORECASE)
#: Any start or end tag.
_ANY_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


def markup_to_text(text: str | None, any_tag: bool = False) -> str | None:
    """Plain text of a field that may hold HTML, escaped any number of times.

    Entities are unescaped until stable (:func:`unescape_stable`); when the field then holds
    block-level markup (``<p>``, ``<br>``, ``<div>``, lists, headings; with ``any_tag`` any tag, for
    fields declared HTML such as a feed's description), it is converted with :func:`html_to_text`
    (scripts and styles dropped, one paragraph per block) and unescaped again. Text without markup is
    returned unescaped, a literal ``<`` or ``AT&T`` kept.

    Examples
    --------
    >>> markup_to_text("<p>Kyiv &amp;amp; Lviv</p><p>Second</p>").split("\\n\\n")
    ['Kyiv & Lviv', 'Second']
    """
    text = unescape_stable(text)
    for _ in range(3):  # markup escaped once more than the entities around it
        if not text or "<" not in text or not (_ANY_MARKUP if any_tag else _BLOCK_MARKUP).search(text):
            break
        text = unescape_stable(html_to_text(text))
    return text


# ---------------------------------------------------------------------------------------------
# Authors

#: Words of a site's widget in front of a name ("Social Links For Lee Brown", "View all posts by …"),
#: and "by" in the languages of the sites we read ("Par …", "Автор: …", "记者 …").
_AUTHOR_PREFIX = re.compile(
    r"^(?:social\s+links\s+for|(?:view\s+)?(?:all\s+)?(?:posts|articles|stories)\s+by|more\s+(?:from|by)|"
    r"contact|follow|email|author(?:\s+profile)?(?:\s+of)?|(?:written|posted|reported|words|story|text|"
    r"compiled|edited)\s+by|by|par|por|автор|текст|记者|إعداد|بقلم)\s*:?\s+", re.IGNORECASE)
#: Contact details beside a name: e-mail addresses, URLs, social handles, and the brackets left empty.
_AUTHOR_CONTACT = re.compile(
    r"(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|\bwww\.\S+|\b[\w-]+\.(?:com|org|net|co\.uk|io)/\S*|"
    r"\b(?:follow|share|like|connect with)(?:\s+(?:us|me|him|her|them|@\w+))?\s+on\s+(?:twitter|x|"
    r"facebook|instagram|linkedin|threads|bluesky|mastodon|telegram|whatsapp|youtube|tiktok)\b|(?<!\w)@\w+", re.IGNORECASE)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
#: A time stamp after a name ("Updated 3 hours ago", "Published 5 March 2024", ", Mar 5, 2024").
_AUTHOR_STAMP = re.compile(
    rf"(?:^|[\s,;]+)(?:(?:(?:last|first)\s+)?(?:updated|published|posted|modified)\b.*|\d+\s+(?:seconds?|minutes?|"
    rf"mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\b.*|(?:on\s+)?{_MONTH}\s+\d{{1,2}}\b.*|\d{{1,2}}\s+{_MONTH}\s+"
    rf"\d{{4}}\b.*|\d{{4}}-\d{{2}}-\d{{2}}.*)$", re.IGNORECASE)
_ROLE_WORDS = (r"(?:senior|chief|staff|special|foreign|political|economics|diplomatic|defen[cs]e|security|our|"
               r"guest|contributing|deputy|associate|managing|news|digital|online|web|local|sponsored|unknown|"
               r"editorial)")
_ROLE_NOUNS = (r"(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|producer|author|"
               r"корреспондент|редактор|журналист|korrespondent(?:in)?|redakteur(?:in)?|r[ée]dact(?:eur|rice)|"
               r"journaliste|envoy[ée]e? sp[ée]ciale?|corresponsal|redactora?|periodista)")
#: A role after a name ("Jane Doe, Senior Correspondent", "John Smith - Staff Writer").
_AUTHOR_ROLE = re.compile(rf"\s*[,\-–—]\s*(?:{_ROLE_WORDS}\s+)*{_ROLE_NOUNS}s?(?:\s+(?:at|for|of)\s+.*)?$",
                          re.IGNORECASE)
#: A place after a name, as Guardian bylines give it ("Shaun Walker in Kyiv", "Jane Doe reporting
#: from Warsaw"): lower-case "in"/"from", then capitalised words only.
_AUTHOR_PLACE = re.compile(r"\s+(?:(?:reporting\s+)?from|in)\s+(?:[A-Z][\w'’.-]*\s*)+$")
#: Strings that name nobody: template placeholders, ids, generic roles, a widget's words.
_AUTHOR_JUNK = re.compile(
    r"^(?:[\w-]+(?:\.[\w-]+)+|.*[{}<>$%@/\\=_|#].*|\W*|\d[\d\W]*|(?:(?:the|our|a|an)\s+)?(?:" + _ROLE_WORDS +
    r"\s+)*(?:staff|admin|administrator|editor|editors|editorial|unknown|anonymous|null|none|undefined|guest|"
    r"newsroom|desk|reporter|correspondent|author|contributor|team|writer|content|user|webmaster|moderator|"
    r"web\s*desk|news\s*desk)(?:\s+(?:writer|reporter|team|staff|desk|board|author|content))?|by|read\s+more|"
    r"click\s+here|subscribe|sign\s+(?:in|up)|log\s*in|comments?|print|e-?mail(?:\s+this)?|share|follow|more|"
    r"advertisement|sponsored)$", re.IGNORECASE)
_AUTHOR_STRIP = " ,;:-–—()"


def _clean_author(piece: str) -> str | None:
    """One author string without contacts, stamps, role and widget words, or None when it names nobody."""
    name = " ".join(_AUTHOR_CONTACT.sub(" ", piece).split())
    name = re.sub(r"\(\s*(?:(?:twitter|x|e-?mail)\s*:?\s*)?\)", "", name, flags=re.IGNORECASE).strip(_AUTHOR_STRIP)
    previous = None
    while name != previous:
        previous = name
        name = _AUTHOR_PREFIX.sub("", name).strip(_AUTHOR_STRIP)
        name = _AUTHOR_ROLE.sub("", _AUTHOR_STAMP.sub("", name)).strip(_AUTHOR_STRIP)
        name = _AUTHOR_PLACE.sub("", name).strip(_AUTHOR_STRIP)
    if not name or _AUTHOR_JUNK.match(name) or not re.search(r"[^\W\d_]{2}", name):
        return None
    return name


def clean_authors(authors: list[str]) -> list[str]:
    """Author strings that name someone: widget words dropped ("Social Links For Lee Brown" → "Lee
    Brown", "Follow on Twitter"), contacts removed from beside a name ("Jane Doe jane@example.org",
    "@handle", URLs), time stamps, roles and places after it ("| Updated 3 hours ago", ", Senior
    Correspondent", " in Kyiv"), placeholders and generic roles ("Searchresult.Author.Name", "{{author}}", "Staff
    Writer", "admin", "Posted by admin") removed, entities unescaped, duplicates removed (order kept).
    A string is read in pieces split at line breaks, ``|``, ``•`` and ``·``.

    Examples
    --------
    >>> clean_authors(["Social Links For Lee Brown", "Searchresult.Author.Name", "Staff", "Ann Lee"])
    ['Lee Brown', 'Ann Lee']
    >>> clean_authors(["By Staff Writer | Updated 3 hours ago", "Jane Doe, Senior Correspondent"])
    ['Jane Doe']
    """
    out: list[str] = []
    for raw in authors:
        if not isinstance(raw, str):
            continue
        for piece in re.split(r"[\n|•·]", unescape_stable(raw) or ""):
            name = _clean_author(piece)
            if name and name.lower() not in {n.lower() for n in out}:
                out.append(name)
    return out


# ---------------------------------------------------------------------------------------------
# Language

#: Fewest letters a text needs before its language is judged (shorter ones count as English).
MIN_LANGUAGE_LETTERS = 60
#: Probability the detector must give a language other than English before the text is flagged.
MIN_LANGUAGE_PROBABILITY = 0.9
_LANGUAGE_CHARS = 2000
#: English function words that no other language in Latin script uses as words of its own; a text
#: in which they make :data:`ENGLISH_SHARE` of the words is English without asking the detector
#: (langdetect takes ~35 ms per press release; this check ~0.1 ms).
ENGLISH_WORDS = frozenset("the of and to that for with were from has have said this are will which would been "
                          "their they its there who".split())
ENGLISH_SHARE = 0.12
#: Fewest letters of a non-Latin script that make a text judged however short it is.
MIN_SCRIPT_LETTERS = 12


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text`` (``"en"``, ``"de"``, …), with langdetect (seeded, so
    the answer is the same on every run); None when the text is too short to judge.

    English is the answer when English function words are frequent (:data:`ENGLISH_WORDS`), and
    otherwise unless another language is detected with a probability of at least
    :data:`MIN_LANGUAGE_PROBABILITY`. A text whose letters are mostly of another script than Latin
    (Cyrillic, Arabic, Chinese, …) is no English whatever its length (from
    :data:`MIN_SCRIPT_LETTERS` letters; a Chinese lede has fewer than 60 characters): the detector's
    best guess is the answer.
    """
    sample = text[:_LANGUAGE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    other_script = sum(1 for ch in letters if ch > "\u024f")  # beyond Latin Extended-B
    foreign_script = other_script >= MIN_SCRIPT_LETTERS and other_script * 2 > len(letters)
    if len(letters) < MIN_LANGUAGE_LETTERS and not foreign_script:
        return None
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if not foreign_script and words and sum(w in ENGLISH_WORDS for w in words) >= ENGLISH_SHARE * len(words):
        return "en"
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0
    try:
        guesses = detect_langs(sample)
    except LangDetectException:
        return None
    best = guesses[0] if guesses else None
    if foreign_script and best is not None and best.lang != "en":
        return best.lang.split("-")[0]
    if best is None or best.lang == "en" or best.prob < MIN_LANGUAGE_PROBABILITY:
        return "en"
    return best.lang.split("-")[0]
