"""Cleaning of odd but honest input: entities escaped twice, junk author strings, cookie banners and
paywall boxes in saved pages, and the language of a text.

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
# Authors

#: Words of a site's widget in front of a name ("Social Links For Lee Brown", "View all posts by …").
_AUTHOR_PREFIX = re.compile(
    r"^(?:social\s+links\s+for|(?:view\s+)?(?:all\s+)?(?:posts|articles|stories)\s+by|more\s+(?:from|by)|"
    r"contact|follow|email|author(?:\s+profile)?(?:\s+of)?|written\s+by|by)\s*:?\s+", re.IGNORECASE)
#: Strings that name nobody: template placeholders, ids, addresses, generic roles.
_AUTHOR_JUNK = re.compile(
    r"^(?:[\w-]+(?:\.[\w-]+)+|.*[{}<>$%@/\\=_|#].*|\W*|\d[\d\W]*|(?:the\s+)?(?:staff|admin|administrator|"
    r"editor|editors|editorial(?:\s+(?:staff|team|board))?|unknown|anonymous|null|none|undefined|guest|"
    r"newsroom|desk|reporter|correspondent|author|contributor|team|web\s*desk|news\s*desk)(?:\s+(?:writer|"
    r"reporter|team|staff))?)$", re.IGNORECASE)


def clean_authors(authors: list[str]) -> list[str]:
    """Author strings that name someone: widget words dropped ("Social Links For Lee Brown" → "Lee
    Brown"), placeholders and generic roles ("Searchresult.Author.Name", "{{author}}", "Staff",
    "admin", e-mail addresses, URLs) removed, entities unescaped, duplicates removed (order kept).

    Examples
    --------
    >>> clean_authors(["Social Links For Lee Brown", "Searchresult.Author.Name", "Staff", "Ann Lee"])
    ['Lee Brown', 'Ann Lee']
    """
    out: list[str] = []
    for raw in authors:
        if not isinstance(raw, str):
            continue
        name = " ".join((unescape_stable(raw) or "").split()).strip(" ,;:-–—")
        previous = None
        while name != previous:
            previous, name = name, _AUTHOR_PREFIX.sub("", name).strip(" ,;:-–—")
        if not name or _AUTHOR_JUNK.match(name) or not re.search(r"[^\W\d_]{2}", name):
            continue
        if name.lower() not in {n.lower() for n in out}:
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


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text`` (``"en"``, ``"de"``, …), with langdetect (seeded, so
    the answer is the same on every run); None when the text is too short to judge.

    English is the answer when English function words are frequent (:data:`ENGLISH_WORDS`), and
    otherwise unless another language is detected with a probability of at least
    :data:`MIN_LANGUAGE_PROBABILITY`.
    """
    sample = text[:_LANGUAGE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LANGUAGE_LETTERS:
        return None
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if words and sum(w in ENGLISH_WORDS for w in words) >= ENGLISH_SHARE * len(words):
        return "en"
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0
    try:
        guesses = detect_langs(sample)
    except LangDetectException:
        return None
    best = guesses[0] if guesses else None
    if best is None or best.lang == "en" or best.prob < MIN_LANGUAGE_PROBABILITY:
        return "en"
    return best.lang.split("-")[0]


# ---------------------------------------------------------------------------------------------
# Cookie banners and paywall boxes in saved pages

_MARK_COOKIE = re.compile(r"cookie|consent|gdpr|\bcmp\b|cmp[-_]|privacy[-_]?(?:banner|notice|manager)|"
                          r"sp_message|onetrust|didomi|usercentrics|truste", re.IGNORECASE)
_MARK_PAYWALL = re.compile(r"paywall|regwall|piano|tp-modal|subscri(?:be|ption)[-_]?(?:box|wall|offer|prompt|cta)|"
                           r"premium[-_]?(?:box|wall|teaser|offer)|metered|plus[-_]?wall", re.IGNORECASE)
_CUES_COOKIE = [re.compile(p, re.IGNORECASE) for p in (
    r"\bcookies?\b", r"\bconsent\b", r"\bprivacy (?:settings|policy|preferences|center)\b",
    r"\baccept all\b|\ballow all\b|\bagree\b", r"\breject all\b|\bdecline\b",
    r"\bmanage (?:preferences|options|settings|cookies)\b", r"\bpartners\b", r"\bpersonali[sz]ed? (?:ads|content)\b",
    r"\b(?:store|access) information on (?:your|a) device\b", r"\btracking\b|\bvendors?\b")]
_CUES_PAYWALL = [re.compile(p, re.IGNORECASE) for p in (
    r"\bsubscri(?:be|ption|ber)s?\b", r"\bper (?:week|month|year)\b|/\s?(?:week|month)\b|\ba (?:week|month)\b",
    r"\bunlimited (?:access|reading)\b", r"\b(?:log|sign) ?in\b.{0,30}\b(?:continue|read)", r"\balready a (?:subscriber|member)\b",
    r"\bfree trial\b|\bfirst month\b|\bspecial offer\b", r"\bcancel (?:at )?any ?time\b", r"\bcontinue reading\b|"
    r"\bread the full (?:article|story)\b|\bto read (?:more|on)\b", r"\be-?paper\b|\bpremium\b|\bdigital access\b",
    r"(?:€|\$|£|\beuros?\b|\bdollars?\b|\bpounds?\b)\s?\d|\d(?:[.,]\d\d)?\s?(?:€|\$|£|euros?\b|dollars?\b)")]
#: A block with at least this many distinct cues, one per this many words, is a banner or box.
MIN_CUES = 3
WORDS_PER_CUE = 25
MAX_BOX_WORDS = 250


def _cue_count(text: str, cues: list[re.Pattern]) -> int:
    return sum(1 for c in cues if c.search(text))


def _box_kind(element) -> str | None:
    """``"cookie"`` or ``"paywall"`` when ``element`` is a consent banner or a subscription box."""
    marks = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("aria-label"),
                                   element.get("data-testid"), element.get("role"))))
    text = " ".join(element.text_content().split())
    words = len(text.split())
    if words > MAX_BOX_WORDS * 2:
        return None
    if marks and _MARK_COOKIE.search(marks) and words <= MAX_BOX_WORDS:
        return "cookie"
    if marks and _MARK_PAYWALL.search(marks):
        return "paywall"
    if words > MAX_BOX_WORDS:
        return None
    for kind, cues in (("cookie", _CUES_COOKIE), ("paywall", _CUES_PAYWALL)):
        n = _cue_count(text, cues)
        if n >= MIN_CUES and n * WORDS_PER_CUE >= words:
            return kind
    return None


def strip_boxes(tree) -> dict[str, int]:
    """Remove cookie-consent banners and paywall (subscription) boxes from a parsed HTML ``tree`` in
    place, so that the text around them, a paywalled article's teaser included, is what remains.

    A box is an element marked as one (class or id such as ``cookie-banner``, ``consent``,
    ``paywall``) or a short block (at most :data:`MAX_BOX_WORDS` words) dense with their wording
    (cookies, consent, accept all, partners; subscribe, per week, unlimited access, log in to
    continue, prices). Returns how many boxes of each kind were removed.
    """
    removed = {"cookie": 0, "paywall": 0}
    candidates = list(tree.iter("div", "section", "aside", "dialog", "form", "p", "footer", "header", "ul"))
    for el in candidates:
        if el.getparent() is None and el is not tree:
            continue  # already removed with an ancestor
        if any(anc.tag == "__removed__" for anc in el.iterancestors()):
            continue
        kind = _box_kind(el)
        if kind is None:
            continue
        if el.tag in ("div", "section") and el.find(".//article") is not None:
            continue  # a wrapper that holds the article itself
        removed[kind] += 1
        el.tag = "__removed__"
    for el in list(tree.iter("__removed__")):
        if el.getparent() is not None:
            el.drop_tree()
    return removed
