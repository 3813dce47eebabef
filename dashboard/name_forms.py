"""Forms of one first name: East Slavic transliterations and English short forms.

The Kremlin writes "Vladimir Zelensky" where Kyiv writes "Volodymyr Zelenskyy"; Russian and
Ukrainian spellings of one person's first name differ by more than the ``y``/``i`` and doubled
letters :func:`romanisation_key` already folds (Oleksandr / Alexander, Serhiy /
Sergei, Ihor / Igor), and English news write "Joe Biden" beside "Joseph Biden". Each group below is
one name; :func:`first_name_key` maps every form to the group's first form, so the first word of
a full name is compared by group. Only full first names are listed (a surname is never mapped),
and a form is in at most one group.
"""

from __future__ import annotations

import re

#: Groups of forms of one first name (the first form is the group's key).
FIRST_NAME_GROUPS: tuple[tuple[str, ...], ...] = (
    # Russian / Ukrainian / other transliterations
    ("vladimir", "volodymyr", "wladimir"),
    ("alexander", "oleksandr", "aleksandr", "olexander"),
    ("alexei", "alexey", "aleksei", "aleksey", "oleksiy", "oleksii", "olexiy"),
    ("andrei", "andrey", "andriy", "andrii"),
    ("sergei", "sergey", "serhiy", "serhii"),
    ("mikhail", "mykhailo", "mykhaylo", "michail"),
    ("dmitry", "dmitri", "dmytro", "dmitrii"),
    ("yuri", "yuriy", "yurii", "iurii"),
    ("igor", "ihor"),
    ("oleg", "oleh"),
    ("nikolai", "nikolay", "mykola"),
    ("pyotr", "petr", "petro"),
    ("grigory", "grigori", "hryhoriy", "hryhorii"),
    ("yevgeny", "evgeny", "evgeni", "yevgeni", "yevhen", "yevheniy"),
    ("vitaly", "vitali", "vitaliy", "vitalii"),
    ("kirill", "kyrylo"),
    ("denis", "denys"),
    ("gennady", "gennadi", "hennadiy", "hennadii"),
    ("anatoly", "anatoli", "anatoliy", "anatolii"),
    ("valery", "valeri", "valeriy", "valerii"),
    ("vasily", "vasili", "vasyl"),
    ("georgy", "georgi", "heorhiy", "heorhii"),
    ("olga", "olha"),
    ("yelena", "elena", "olena"),
    ("tatyana", "tatiana", "tetiana", "tetyana"),
    ("natalia", "nataliya", "natalya"),
    ("irina", "iryna"),
    ("yulia", "yuliya", "iuliia", "julia"),
    ("yekaterina", "ekaterina", "kateryna"),
    ("lyudmila", "ludmila", "liudmyla", "lyudmyla"),
    # English short forms
    ("joseph", "joe"),
    ("william", "bill"),
    ("robert", "bob"),
    ("james", "jim"),
    ("michael", "mike"),
    ("anthony", "tony"),
    ("richard", "dick"),
    ("elizabeth", "liz"),
)


#: Titles and roles that stand before a person's name ("President", "Foreign Minister", "Dr");
#: :mod:`dashboard.nlp.lexicon` has them from here, so the store-wide merging
#: (:mod:`dashboard.partial_names`) compares roles without importing the extraction package.
ROLE_WORDS = {
    "president", "vice", "prime", "minister", "premier", "chancellor", "secretary", "spokeswoman",
    "spokesman", "spokesperson", "adviser", "advisor", "aide", "ambassador", "envoy", "governor",
    "mayor", "senator", "representative", "congressman", "congresswoman", "general", "commander",
    "chief", "head", "leader", "official", "officer", "mp", "lawmaker", "king", "queen", "prince",
    "pope", "chairman", "chairwoman", "chair", "director", "counterpart", "diplomat", "deputy",
    "speaker", "dr", "judge", "prosecutor", "colonel", "major", "lieutenant", "admiral", "marshal",
    "patriarch", "emir", "sheikh", "ceo", "founder", "analyst", "negotiator", "delegate", "member",
}


#: Romanisations of one sound, made one before names are compared (Cyrillic Ж as zh / j, Х as kh /
#: h, Дж as dzh / j: Kassym-Zhomart / Kassym-Jomart, Khusnullin / Husnullin; ``y`` / ``i``), in
#: this order.
TRANSLIT_PAIRS = (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("y", "i"))


def romanisation_key(word: str) -> str:
    """A lower-case word with the spellings of :data:`TRANSLIT_PAIRS` made one and doubled letters
    written once ("zelenskyy" and "zelenskiy" -> "zelenski"; "zhomart" -> "jomart"), the form
    :func:`dashboard.canonical.variant_key` compares names by."""
    for spelled, key in TRANSLIT_PAIRS:
        word = word.replace(spelled, key)
    return re.sub(r"(.)\1+", r"\1", word)


_fold = romanisation_key

_KEY = {_fold(form): _fold(group[0]) for group in FIRST_NAME_GROUPS for form in group}


def first_name_key(word: str) -> str:
    """The key of a first name already folded by :func:`dashboard.canonical.variant_key` ("volodimir"
    -> "vladimir", "joe" -> "joseph"); the word itself when no group has it.

    >>> first_name_key("volodimir") == first_name_key("vladimir")
    True
    """
    return _KEY.get(word, word)
