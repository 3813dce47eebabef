"""The rule lemmatizer's word index as sets gives spaCy's own lemmas (dashboard.nlp.model.index_lemma_words)."""

import pytest
import spacy

from dashboard.nlp.model import FALLBACK_MODELS, IndexedWords, MemoisedLemmas, index_lemma_words
from dashboard.pipeline import resources
from dashboard.settings import Settings

TEXTS = [
    "The ministers were meeting the delegations; talks had been agreed and the leaders' wives smiled.",
    "Geese, mice, analyses and criteria: the best-known ones were better studied than the worst.",
    "He's running faster, they'd gone, we're told the oxen fled the burning villages in 2024.",
    "Sanctioned banks' assets were frozen by the U.S. Treasury's decisions, Zelenskyy said.",
    "  \t\n x  ",
]


def stock_pipeline():
    for name in dict.fromkeys([Settings.from_env().spacy_model, *FALLBACK_MODELS]):
        try:
            return spacy.load(name)
        except OSError:
            continue
    pytest.skip("no spaCy English model installed")


def lemmas(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    lemmatizer.cache.clear()
    return [[t.lemma_ for t in doc] for doc in nlp.pipe(TEXTS)]


def test_indexed_words_are_the_list_and_answer_in_like_it():
    words = ["meet", "talk", "goose", "meet"]
    indexed = IndexedWords(words)
    assert indexed == words and list(indexed) == words and len(indexed) == 4
    for word in ("meet", "goose", "geese", "", "Meet"):
        assert (word in indexed) == (word in words)


def test_lemmas_and_serialised_lookups_unchanged():
    nlp = stock_pipeline()
    lemmatizer = nlp.get_pipe("lemmatizer")
    stock_bytes = lemmatizer.lookups.to_bytes()
    stock = lemmas(nlp)
    assert index_lemma_words(lemmatizer.lookups) > 0
    assert index_lemma_words(lemmatizer.lookups) == 0  # a second call replaces nothing
    table = lemmatizer.lookups.get_table("lemma_index")
    assert all(isinstance(words, IndexedWords) for words in table.values())
    assert lemmas(nlp) == stock
    # forms whose lemma the suffix rules find only through the index ("ministers" -> "minister")
    assert {"minister", "delegation", "village"} <= {lemma for doc in stock for lemma in doc}
    assert lemmatizer.lookups.to_bytes() == stock_bytes


def test_the_build_pipeline_uses_the_set_index():
    nlp, _ = resources(Settings.from_env())
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer.lemmatize, MemoisedLemmas)
    table = lemmatizer.lookups.get_table("lemma_index")
    assert table and all(isinstance(words, IndexedWords) for words in table.values())
