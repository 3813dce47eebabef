"""Role coreference: role phrases take the named person they stand for."""

import dataclasses
from datetime import datetime, timezone

from dashboard.pipeline import run
from dashboard.records import Article
from dashboard.settings import Settings

PUBLISHED = datetime(2024, 9, 3, tzinfo=timezone.utc)


def extract(text, published=PUBLISHED, settings=None):
    return run([Article(text=text, published=published)], settings or Settings.from_env({}))


def role_links(tables) -> list[tuple[str, str]]:
    ents = tables["entities"]
    return ents.filter(ents["label"] == "ROLE").select("text", "actor_id").rows()


def sources(tables) -> dict[str, str]:
    return dict(tables["events"].select("verb", "source_actor_id").rows())


def test_the_minister_takes_the_last_named_minister():
    t = extract("Hungarian Foreign Minister Peter Szijjarto arrived in Beijing on Monday. "
                "The minister criticised the European Commission over sanctions.")
    assert role_links(t) == [("The minister", "person:peter-szijjarto")]
    assert sources(t)["criticise"] == "person:peter-szijjarto"


def test_a_role_phrase_skips_people_of_another_role_and_country():
    t = extract("Kremlin spokesman Dmitry Peskov spoke to reporters. Later Ursula von der Leyen flew to Kyiv. "
                "The Kremlin spokesman warned Brussels against new sanctions.")
    assert ("The Kremlin spokesman", "person:dmitry-peskov") in role_links(t)
    assert sources(t)["warn"] == "person:dmitry-peskov"


def test_a_vice_president_is_not_the_president():
    t = extract("Ghanaian President Nana Akufo-Addo hosted Kenyan Vice President Rigathi Gachagua. "
                "The president thanked Kenya for its support.")
    assert role_links(t) == [("The president", "person:nana-akufo-addo")]


def test_a_quotation_by_the_governor_gets_the_governor():
    t = extract("Florida Governor Ron DeSantis toured the flooded towns. \"We will rebuild,\" the governor said.")
    quotes = t["quotes"].select("speaker_actor_id", "text").rows()
    assert ("person:ron-desantis", "We will rebuild") in quotes


def test_no_compatible_antecedent_leaves_the_phrase_unlinked():
    t = extract("Maria Keller, a teacher, marched on Sunday. The minister refused to comment.")
    assert role_links(t) == [("a teacher", "person:maria-keller")]  # her apposition, not "The minister"


def test_a_dictionary_role_holder_depends_on_the_date(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n"
                    "  - name: Anna Lindqvist\n    kind: person\n    country: SWE\n    role: Prime Minister\n"
                    "    roles:\n      - {alias: the Swedish prime minister, from: 2022-10-18}\n"
                    "  - name: Erik Berg\n    kind: person\n    country: SWE\n    role: Prime Minister\n"
                    "    roles:\n      - {alias: the Swedish prime minister, to: 2022-10-17}\n", encoding="utf-8")
    settings = dataclasses.replace(Settings.from_env({}), actor_dictionary=str(path))
    text = "The Swedish prime minister condemned the attack on the embassy."
    after = extract(text, datetime(2023, 2, 1, tzinfo=timezone.utc), settings)
    before = extract(text, datetime(2021, 6, 1, tzinfo=timezone.utc), settings)
    assert sources(after)["condemn"] == "person:anna-lindqvist"
    assert sources(before)["condemn"] == "person:erik-berg"


def test_the_president_is_the_dictionary_holder_on_either_side_of_the_handover(tmp_path):
    """Issue 13: a role phrase with a date range ("the president" is one person to the day before the
    handover, another from the handover day) gives each article the holder on its publication date."""
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n"
                    "  - name: Lars Okafor\n    kind: person\n    country: NGA\n    role: President\n"
                    "    roles:\n      - {alias: the president, to: 2023-05-28}\n"
                    "  - name: Bola Adeyemi\n    kind: person\n    country: NGA\n    role: President\n"
                    "    roles:\n      - {alias: the president, from: 2023-05-29}\n", encoding="utf-8")
    settings = dataclasses.replace(Settings.from_env({}), actor_dictionary=str(path))
    text = "The president condemned the attack on the pipeline."
    holders = {}
    for day in (27, 28, 29, 30):
        t = extract(text, datetime(2023, 5, day, 12, tzinfo=timezone.utc), settings)
        holders[day] = sources(t)["condemn"]
        assert role_links(t) == [("The president", holders[day])]
    assert holders == {27: "person:lars-okafor", 28: "person:lars-okafor",
                       29: "person:bola-adeyemi", 30: "person:bola-adeyemi"}
