"""A capitalised common word that opens a longer name that is no place's ("the Union State", "the
Temple Council") is that name's word, not a town of the same name abroad, also where the text uses it
on its own as the name's short form ("Union sectoral programmes"): dashboard.nlp.name_modifiers.
A town the article reads as a place (after a locative, with its state after a comma), a town of a
country the story names, and a word that is no common word keep their places."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def places(canonical_tables):
    def read(text: str) -> list[tuple[str, str | None, str | None]]:
        tables = canonical_tables(text)
        pm = tables["place_mentions"].join(tables["places"], on="place_id", how="left")
        return [(r["text"], r["name"], r["country_code"]) for r in pm.iter_rows(named=True)]
    return read


@pytest.mark.parametrize("text, word", [
    # a Kremlin greeting: the Union State is Russia's and Belarus's, not Union, New Jersey
    ("Russia and Belarus adopted important documents, including Union sectoral programmes and the "
     "Migration Policy Concept of the Union State.", "Union"),
    ("Russia and Belarus praised the Temple Council in Moscow. Temple officials met in Minsk, and the "
     "Kremlin said Temple sectoral programmes will grow.", "Temple"),
    ("Russia and Belarus praised the Homestead Council in Moscow. Homestead officials met in Minsk.", "Homestead"),
    ("Russia and Belarus praised the Paramount Council in Moscow. Paramount officials met in Minsk.", "Paramount"),
    ("Russia and Belarus praised the Woodland Council in Moscow. Woodland officials met in Minsk.", "Woodland"),
])
def test_a_common_word_opening_a_name_is_no_town_abroad(places, text, word):
    found = places(text)
    assert word not in {t for t, _, _ in found}, found
    assert {"Belarus"} <= {t for t, _, _ in found}, found  # the story's own places stay


@pytest.mark.parametrize("text, word", [
    # read as a place: after a locative, or with its state after a comma
    ("Russia and Belarus praised the Temple Council. Its delegates later met in Temple.", "Temple"),
    ("The Union Council praised Russia. He lives in Union, New Jersey, and works for a bank.", "Union"),
])
def test_a_word_the_article_reads_as_a_place_stays_one(places, text, word):
    assert word in {t for t, _, _ in places(text)}


@pytest.mark.parametrize("text, word", [
    ("Texas officials praised the Temple Council. Temple officials met in Austin on Monday, and Temple sectoral "
     "programmes will grow.", "Temple"),
    ("Florida officials praised the Homestead Council. Homestead officials met in Miami.", "Homestead"),
    ("California officials praised the Paramount Council. Paramount officials met in Sacramento.", "Paramount"),
])
def test_a_town_of_the_storys_own_country_keeps_its_name(places, text, word):
    # the same frames as above, in a story about the town's own country: no town abroad
    assert (word, word, "US") in places(text)


def test_the_common_place_words_are_common_words_only():
    from dashboard.nlp.name_modifiers import common_place_word

    assert all(common_place_word(w) for w in ("union", "temple", "liberty", "concord"))
    assert not any(common_place_word(w) for w in ("huntsville", "paris", "laguna", "moscow", "minsk"))
