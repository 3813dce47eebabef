"""Keys under which the names of one actor meet: folded, cleaned, spelling variants made one.

:mod:`dashboard.canonical` merges the actors of a store by these keys (a person's
:func:`variant_key`, an organisation's :func:`organisation_key`, an acronym's :func:`initials`);
the extraction and the query side fold names with :func:`fold` and :func:`clean_name`. No spaCy,
no tables: plain strings in, plain strings out.
"""

from __future__ import annotations

import re
import unicodedata

from dashboard.name_forms import first_name_key, romanisation_key as _translit

#: Honorifics and courtesy titles dropped from the front of a person's name.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "prof", "professor", "madam",
                        "madame", "monsieur", "herr", "frau", "lord", "lady"})
#: Honorifics that say a person is a woman / a man: a bare surname with one never joins a person
#: known by the other (``Ms Tkachenko`` is not ``Mr Tkachenko``).
FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "dame", "madam", "madame", "frau", "lady"})
MALE_HONORIFICS = frozenset({"mr", "sir", "monsieur", "herr", "lord"})
#: A patronymic (East Slavic -ovych / -ovich / -ovna / -ivna …, Turkic oglu / kyzy) inside a full name.
PATRONYMIC = re.compile(r"^(?:\w+(?:ovych|ovich|evych|evich|ovna|evna|ivna|yivna|ichna)|ogl[uy]|kyzy|qizi)$")
#: Generic words that do not tell two organisations apart (Wagner / Wagner Group).
ORG_GENERIC = frozenset({"the", "group", "company", "co", "corp", "corporation", "inc", "incorporated", "ltd",
                         "limited", "llc", "plc", "pmc", "ag", "gmbh", "sa", "nv", "holding", "holdings",
                         # legal forms of other countries and trade designators a short form leaves out
                         "spa", "se", "ab", "asa", "oyj", "bv", "kg", "srl", "sas", "pty", "lp", "llp",
                         "motor", "motors", "airlines", "airways"})
#: Legal forms an acronym may leave out ("General Motors Corporation" is GM).
LEGAL_FORMS = frozenset({"company", "co", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "plc",
                         "ag", "gmbh", "sa", "nv", "spa", "se", "ab", "asa", "oyj", "bv", "kg", "srl", "sas", "pty",
                         "lp", "llp"})
#: Words left out of an organisation's initials ("Bank of America" -> BOA, BA).
INITIALS_SKIP = frozenset({"of", "the", "and", "for", "de", "du", "des", "la", "le"})


def fold(text: str) -> str:
    """Lower-case ASCII letters, digits and single spaces: accents folded (NFKD), everything else a space."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def clean_name(name: str) -> str:
    """A display name without honorifics, possessive ``'s`` and stray punctuation.

    ``"Mr. Zelensky's"`` -> ``"Zelensky"``; ``"Boris] Yeltsin"`` -> ``"Boris Yeltsin"``; a word
    repeated next to itself once (``"Jomart Tokayev Tokayev"`` -> ``"Jomart Tokayev"``); a bracket
    glued to a word and followed by a lower-case word ends the name (``"Ana Diaz(via"`` -> ``"Ana Diaz"``).
    Hyphens, apostrophes inside names (O'Leary) and accents are kept.
    """
    name = drop_remark(re.sub(r"[’']s$", "", (name or "").strip()))
    name = re.sub(r"[\[\]{}()<>\"“”«»|*_#@]+", " ", name)
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    # a word repeated by page layout: "Kassym-Jomart Tokayev Tokayev"
    words = [w for i, w in enumerate(words) if i == 0 or w.lower() != words[i - 1].lower()]
    return " ".join(words).strip(" .,;:-")


def drop_remark(name: str) -> str:
    """``name`` without a remark glued to it by a bracket and opening with a lower-case word (a
    bracket glued to a word opens a remark, not a name: ``"Vladimir Putin(on"`` -> ``"Vladimir
    Putin"``, ``"Putin:(in"`` -> ``"Putin:"``); kept on aliases too, where honorifics stay."""
    return re.sub(r"(?<=[\w.:;,])[(\[]\s*[a-z].*$", "", name or "").rstrip(" .,;:-")


def variant_key(name: str) -> str:
    """Key under which spellings of one person's name meet (see the module docstring).

    >>> variant_key("Volodymyr Zelenskyy") == variant_key("Volodymyr Zelensky") == variant_key("volodymyr zelenskiy")
    True
    >>> variant_key("Recep Tayyip Erdoğan") == variant_key("Recep Tayyip Erdogan")
    True
    """
    words = fold(clean_name(name)).split()
    if len(words) > 2:  # a patronymic between first name and surname: "Valerii Fedorovych Zaluzhnyi"
        words = [words[0], *(w for w in words[1:-1] if not PATRONYMIC.search(w)), words[-1]]
    words = [_translit(w) for w in words]
    if len(words) > 1:  # a first name in another transliteration or short form (name_forms)
        words[0] = first_name_key(words[0])
    return " ".join(words)


def written_words(name: str) -> list[str]:
    """The written words of a name (:func:`clean_name`), each folded as :func:`variant_key` folds a word
    but kept one word ("Anna-Lena" -> "annalena"), first names not mapped: ``"Recep Tayyip Erdoğan"``
    -> ``["recep", "taiip", "erdogan"]``."""
    return [w for w in (_translit("".join(fold(part).split())) for part in clean_name(name).split()) if w]


def organisation_key(name: str) -> str:
    """:func:`variant_key` with dotted initials joined (U.S. -> us) and without the generic words of
    :data:`ORG_GENERIC` (empty when nothing else)."""
    words = _initials_joined(fold(clean_name(name)).split())
    return " ".join(_translit(w) for w in words if w not in ORG_GENERIC)


def _initials_joined(words: list[str]) -> list[str]:
    """Runs of one-letter words joined into one word ("u s air force" -> "us air force")."""
    out: list[str] = []
    run = False
    for w in words:
        if len(w) == 1 and run:
            out[-1] += w
        else:
            out.append(w)
            run = len(w) == 1
    return out


def acronym(name: str) -> str | None:
    """The folded acronym ``name`` is (a one-word name of 2 to 6 capitals, dots allowed: "GM",
    "U.S.A.F."), else None."""
    compact = (name or "").replace(".", "").strip()
    return compact.lower() if re.fullmatch(r"[A-Z]{2,6}", compact) else None


def initials(name: str) -> set[str]:
    """The folded initials of a multi-word name, with and without its legal form ("General Motors
    Corporation" -> {"gmc", "gm"}; "Penske Automotive Group" -> {"pag"}); a word in capitals gives
    all its letters ("US Air Force", "U.S. Air Force" -> "usaf"); empty for one word."""
    words = [w for w in re.split(r"[\s\-]+", unicodedata.normalize("NFKD", clean_name(name)).encode("ascii", "ignore")
                                 .decode()) if w and w.lower() not in INITIALS_SKIP]
    if len(words) < 2:
        return set()

    def letters(ws: list[str]) -> str:
        return "".join(w.replace(".", "").lower() if w.replace(".", "").isupper() and len(w.replace(".", "")) <= 4
                       else w[0].lower() for w in ws if w.replace(".", ""))

    out = {letters(words)}
    core = [w for w in words if w.lower().strip(".") not in LEGAL_FORMS]
    if len(core) >= 2:
        out.add(letters(core))
    return out


def honorific_gender(name: str) -> str | None:
    """``"f"`` or ``"m"`` when ``name`` starts with a gendered honorific (Ms, Mr …), else None."""
    first = (name or "").split()[0].lower().rstrip(".") if (name or "").split() else ""
    return "f" if first in FEMALE_HONORIFICS else "m" if first in MALE_HONORIFICS else None
