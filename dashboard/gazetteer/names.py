"""Name keys of the gazetteer index: normalisation, script tests and the kinds of name match."""

from __future__ import annotations

import unicodedata

#: Name-match kinds, best first: the entry's own name, a curated/ISO alias, a GeoNames alternate name.
MATCH_NAME, MATCH_ALIAS, MATCH_ALTERNATE = 0, 1, 2

ADM1_GENERIC = (
    "oblast", "region", "province", "governorate", "state", "krai", "kray", "territory",
    "prefecture", "county", "district", "voivodeship", "canton", "department", "autonomous okrug",
)
ADM1_PREFIXES = ("autonomous republic of ", "republic of ", "state of ", "province of ")
#: Formal prefixes whose remainder is the division's usual name (never "state of": "State of Mexico").
ADM1_FORMAL_PREFIXES = ("autonomous republic of ", "republic of ")

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u2013": " ", "\u2014": " ", "-": " ", ",": " "})


def normalize_name(name: str) -> str:
    """Key under which a name is indexed.

    Lower-cases, folds accents ("Élysée" -> "elysee"), removes dots ("U.S." -> "us"), turns hyphens,
    dashes and commas into spaces, collapses white space and removes a leading "the ".

    Parameters
    ----------
    name : str
        A surface name.

    Returns
    -------
    str
        The normalised key ("" for a blank name).
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.translate(_QUOTES).lower().replace(".", "")
    s = " ".join(s.split())
    if s.startswith("the "):
        s = s[4:]
    return s.strip(" ,;:'\"")


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is in the Latin script (digits, spaces, punctuation
    allowed)."""
    for ch in name:
        if ch.isalpha():
            try:
                if "LATIN" not in unicodedata.name(ch):
                    return False
            except ValueError:
                return False
    return True


def usable_alternate(name: str) -> bool:
    """Filter GeoNames alternate names: Latin script, not a code (IATA "MOW"), not a URL, and
    capitalised (all-lower-case alternates are mostly machine transliterations)."""
    if not name or name.startswith("http") or not is_latin(name):
        return False
    if len(name) <= 3 and name.isupper():
        return False
    if not any(ch.isupper() for ch in name):
        return False
    return True

