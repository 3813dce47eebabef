"""The attribute ruler's remembered matching gives spaCy's own matches (dashboard.nlp.attribute_rules)."""

import spacy

from dashboard.nlp.attribute_rules import MemoisedRuleMatches
from dashboard.pipeline import resources
from dashboard.settings import Settings

TEXTS = [
    "There are ten checkpoints. There's no way through, and there were none before.",
    "Ain't nothin' gonna stop y'all, c'mon, let's go! We gotta win; I can't, he's got it, you'd've known.",
    "The President of Russia, Vladimir Putin, met the delegation in Kazan on 3 March 2024.\n\n  It has been "
    "agreed that the talks would continue.",
    "WHAT WAS SAID: the ministers signed 12 agreements worth $4.5bn (see www.kremlin.ru), 'in principle'.",
    "  \t\n x  ",
]


def stock_matches(ruler, doc):
    return type(ruler).match(ruler, doc)


def test_english_ruler_matches_are_spacys_and_annotations_unchanged():
    nlp, _ = resources(Settings.from_env())
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, MemoisedRuleMatches)
    before = [d for d in nlp.pipe(TEXTS, disable=["attribute_ruler", "lemmatizer", "entity_ruler", "ner"])]
    for _ in range(2):  # the second time from the memo
        for doc in before:
            assert ruler.match(doc) == stock_matches(ruler, doc)
    assert any(int(nlp.vocab.strings[m]) for doc in before for _, m, s, e in ruler.match(doc) if e - s == 2)
    memoised = [d.to_bytes(exclude=["user_data"]) for d in nlp.pipe(TEXTS)]
    del ruler.match  # spaCy's own matching for this comparison
    try:
        stock = [d.to_bytes(exclude=["user_data"]) for d in nlp.pipe(TEXTS)]
    finally:
        ruler.match = MemoisedRuleMatches(ruler)
    assert memoised == stock


def test_every_kind_of_rule_matches_as_spacy_matches():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    rules = [
        [[{"IS_SPACE": False, "LOWER": {"NOT_IN": ["a", ""]}}]],  # named False: other values must not join it
        [[{"LOWER": {"REGEX": "^th"}}], [{"ORTH": "The"}]],  # two alternatives, both can match
        [[{"LOWER": {"REGEX": "^th"}}, {"LOWER": {"REGEX": "s$"}, "IS_SPACE": False}]],
        [[{"LOWER": "gon"}, {"LOWER": "na"}]],
        [[{"LOWER": {"IN": ["is", "are"]}}, {"IS_SPACE": True}, {}]],  # an empty test matches any token
        [[{"LOWER": "very", "OP": "+"}, {"LOWER": "good"}]],  # an operator: spaCy's matcher over the doc
        [[{"LENGTH": 1}]],  # another attribute: likewise
    ]
    for i, patterns in enumerate(rules):
        ruler.add(patterns, {"NORM": f"rule{i}"})
    memo = MemoisedRuleMatches(ruler)
    assert len(memo.rest) == 2
    texts = ["The thesis is  this: gonna be very very good, a A.", "These are \n theses; the This gon na is ",
             "This is a test", "a", ""]
    for _ in range(2):
        for doc in nlp.tokenizer.pipe(texts):
            assert memo(doc) == stock_matches(ruler, doc)
