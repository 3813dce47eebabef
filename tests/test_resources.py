"""What the build loads once per process is kept out of the garbage collector's walks, and the
extraction's token helpers give what walking the doc gives (dashboard.pipeline.resources,
dashboard.nlp.tokens)."""

import gc

import pytest

from dashboard.nlp.tokens import ent_text, tokens_of_pos
from dashboard.pipeline import resources

TEXT = ("Russian President Vladimir Putin met German Chancellor Olaf Scholz in Moscow on Tuesday. "
        "They discussed the gas supplies of Gazprom and the war in Ukraine, the Kremlin said. "
        "\"We will not give up,\" he told reporters of the BBC and Reuters.")


def tracked(obj) -> bool:
    """Whether ``obj`` is in one of the collector's generations (frozen objects are in none)."""
    return any(o is obj for o in gc.get_objects())


def test_loaded_model_and_gazetteer_are_frozen(settings):
    nlp, gaz = resources(settings)
    assert gc.get_freeze_count() > 0
    assert not tracked(nlp) and not tracked(gaz)
    assert not tracked(nlp.vocab) and not tracked(gaz.__dict__)
    # a later call loads nothing and returns the same objects
    assert resources(settings) == (nlp, gaz)


def test_objects_made_after_loading_are_collected_as_before(settings):
    resources(settings)

    class Cycle:
        pass

    a, b = Cycle(), Cycle()
    a.other, b.other = b, a
    assert tracked(a)
    del a, b
    assert gc.collect() >= 2  # the cycle is still found and freed


@pytest.fixture(scope="module")
def doc(settings):
    nlp, _ = resources(settings)
    return nlp(TEXT)


@pytest.mark.parametrize("pos", [("VERB",), ("NOUN", "PROPN"), ("PRON", "DET"), ("PROPN", "NOUN", "ADP"), ("X",)])
def test_tokens_of_pos_are_the_tokens_with_that_part_of_speech(doc, pos):
    assert [t.i for t in tokens_of_pos(doc, *pos)] == [t.i for t in doc if t.pos_ in pos]


def test_tokens_of_pos_of_nothing(doc):
    assert list(tokens_of_pos(doc)) == []
    assert list(tokens_of_pos(doc[:0].as_doc(), "NOUN")) == []


def test_ent_text_with_the_entities_given_is_the_same(doc):
    ents = tuple(doc.ents)
    assert any(len(e) > 1 for e in ents)
    for t in doc:
        assert ent_text(t, ents) == ent_text(t)
    putin = next(t for t in doc if t.text == "Putin")
    assert ent_text(putin, ents) == "Vladimir Putin"
    assert ent_text(doc[-1], ents) == doc[-1].text
