"""Extraction on small inputs, including cases from public bug reports of peer tools (../shared/cases)."""

from datetime import date, datetime, timezone

import polars as pl
import pytest

from dashboard.dates import is_date_expression, normalise
from dashboard.pipeline import run
from dashboard.records import Article
from dashboard.settings import Settings

PUBLISHED = datetime(2025, 3, 7, tzinfo=timezone.utc)  # a Friday


def extract(*texts, published=PUBLISHED):
    return run([Article(text=t, published=published) for t in texts], Settings.from_env({}))


def rows(df, *cols):
    return df.select(cols).sort(cols[0]).rows()


def test_ner1_curly_and_straight_quotes_give_identical_rows():
    a = extract("“We will not withdraw,” Maria Ortiz, the governor’s spokeswoman, told reporters in Kharkiv.")
    b = extract('"We will not withdraw," Maria Ortiz, the governor\'s spokeswoman, told reporters in Kharkiv.')
    for table, cols in (("actors", ("actor_id", "name", "role")), ("quotes", ("speaker_actor_id", "cue", "text")),
                        ("place_mentions", ("text", "place_id", "role")), ("events", ("verb", "source_actor_id"))):
        assert rows(a[table], *cols) == rows(b[table], *cols)
    assert rows(a["actors"], "name", "role") == [("Maria Ortiz", "spokeswoman")]
    assert rows(a["quotes"], "speaker_actor_id", "text") == [("person:maria-ortiz", "We will not withdraw")]
    kharkiv = a["place_mentions"].join(a["places"], on="place_id")
    assert kharkiv["country_code"].to_list() == ["UA"]
    for t in a["entities"]["text"]:
        assert not t.endswith(("’s", "'s")) and t not in ("“", '"')


def test_ner2_titles_are_not_names_and_surnames_merge():
    t = extract("US President Joe Biden spoke with Labour MP Tom Ashby and Dr Lina Haddad. "
                "Biden later said the talks were useful.")
    actors = {r["name"]: r for r in t["actors"].iter_rows(named=True)}
    assert actors["Joe Biden"]["role"] == "President" and actors["Joe Biden"]["country"] == "USA"
    assert (actors["Tom Ashby"]["role"], actors["Tom Ashby"]["party"]) == ("MP", "Labour")
    assert "Lina Haddad" in actors
    assert not any("President" in n or n == "Biden" for n in actors)
    biden = t["entities"].filter(pl.col("text").is_in(["Biden", "Joe Biden"]))
    assert set(biden["actor_id"]) == {"person:joe-biden"}


def test_ner5_nationality_words_are_not_places():
    t = extract("European diplomats and Ukrainian officials met in Brussels, the broadcaster reported.")
    shown = t["place_mentions"].filter(pl.col("role") != "demonym").join(t["places"], on="place_id")
    assert shown["name"].to_list() == ["Brussels"] and shown["country_code"].to_list() == ["BE"]
    assert not t["place_mentions"].filter(pl.col("text") == "European")["place_id"].drop_nulls().len()
    person_or_org = t["entities"].filter(pl.col("label").is_in(["PERSON", "ORG"]))["text"].to_list()
    assert not set(person_or_org) & set(t["places"]["name"].to_list())
    meet = t["events"].filter(pl.col("verb") == "meet")
    assert meet["source_actor_id"].to_list() == ["group:ukr-official"]  # "Ukrainian officials"
    group = t["actors"].filter(pl.col("actor_id") == "group:ukr-official").row(0, named=True)
    assert (group["name"], group["kind"], group["country"]) == ("Ukrainian officials", "group", "UKR")


def test_model_errors_repaired_places_tagged_as_people_and_people_as_orgs():
    t = extract("President of Ukraine Volodymyr Zelenskyy condemned the shelling of Mariupol.",
                "Volodymyr Zelenskyy spoke to Joe Biden in Kyiv.")
    kinds = dict(zip(t["actors"]["name"], t["actors"]["kind"]))
    assert kinds["Volodymyr Zelenskyy"] == "person"
    assert "Ukraine Volodymyr Zelenskyy" not in kinds and "Mariupol" not in kinds and "Kyiv" not in kinds
    z = t["actors"].filter(pl.col("name") == "Volodymyr Zelenskyy").row(0, named=True)
    assert (z["role"], z["country"]) == ("President", "UKR")
    places = set(t["place_mentions"].join(t["places"], on="place_id")["name"])
    assert {"Mariupol", "Kyiv"} <= places


def test_reciprocal_and_passive_arguments():
    t = extract("Russia and Ukraine accused each other on Tuesday. Poland was attacked by Russia.")
    pairs = set(zip(t["events"]["source_actor_id"], t["events"]["target_actor_id"], t["events"]["cameo_code"]))
    assert {("country:RUS", "country:UKR", "112"), ("country:UKR", "country:RUS", "112")} <= pairs
    assert ("country:RUS", "country:POL", "190") in pairs


def test_negation_with_curly_apostrophe():
    for text in ("Russia wasn’t threatening Ukraine.", "Russia wasn't threatening Ukraine."):
        ev = extract(text)["events"].row(0, named=True)
        assert (ev["cameo_code"], ev["negated"]) == ("130", True)


@pytest.mark.parametrize("text,tense,expected", [
    ("Friday", "past", date(2025, 3, 7)),      # DATE-1: the publication day itself
    ("Tuesday", "future", date(2025, 3, 11)),
    ("Monday", "past", date(2025, 3, 3)),
    ("last Sunday", "past", date(2025, 3, 2)),
    ("January 10", "future", date(2026, 1, 10)),
    ("December 30", "past", date(2024, 12, 30)),
    ("2014", "past", date(2014, 1, 1)),
    ("next year", "future", date(2026, 1, 1)),  # a year's date is its 1 January, like "2014"
    ("last month", "past", date(2025, 2, 1)),
])
def test_dates_relative_to_publication(text, tense, expected):
    assert normalise(text, PUBLISHED, tense).date == expected


@pytest.mark.parametrize("text", ["may", "march", "Do", "a", "6005", "two months", "50 minutes"])
def test_date3_words_that_are_not_dates(text):
    assert not is_date_expression(text)
    assert normalise(text, PUBLISHED, "past") is None


def test_event_date_falls_back_to_publication():
    ev = extract("Russia may threaten Ukraine again, citing 6005 signatures.")["events"].row(0, named=True)
    assert (ev["event_date"], ev["date_precision"], ev["date_text"]) == (date(2025, 3, 7), "publication", None)


@pytest.mark.parametrize("text, verb, expected, date_text", [
    # the date hangs on the event's verb, directly or through a preposition
    ("Russian forces attacked Kharkiv on Monday.", "attack", date(2025, 3, 3), "Monday"),
    ("In 1922, Stalin occupied the post of General Secretary.", "occupy", date(1922, 1, 1), "1922"),
    # the date belongs to another clause or to a noun: the event is dated by the publication
    ("Mr Chukalin reported that in 2017 the Foundation was the first to invest.", "report", date(2025, 3, 7), None),
    ("Boris Johnson welcomed Russia's plans to achieve carbon neutrality by 2060.", "welcome", date(2025, 3, 7), None),
    ("Andrei Nikitin, who was appointed governor in 2017, added that the number had grown.", "add",
     date(2025, 3, 7), None),
])
def test_a_date_dates_the_event_it_modifies_not_a_neighbouring_clause(text, verb, expected, date_text):
    ev = extract(text)["events"].filter(pl.col("verb") == verb).row(0, named=True)
    assert (ev["event_date"], ev["date_text"]) == (expected, date_text)


def test_governing_verb_codes_the_event_and_the_complement_lends_its_target():
    ev = extract("Azerbaijan threatened on Monday to break relations with Russia.")["events"]
    assert rows(ev, "cameo_code", "source_actor_id", "target_actor_id") == [("130", "country:AZE", "country:RUS")]


def test_reported_clause_pronoun_is_the_speaker_and_the_event_replaces_the_statement():
    ev = extract("Japan said on Tuesday it had expelled two Serbian diplomats.")["events"]
    assert rows(ev, "cameo_code", "source_actor_id", "target_actor_id") == [("164", "country:JPN", "group:srb-diplomat")]


def test_willing_to_is_intent_to_cooperate():
    ev = extract("Syria says it is willing to withdraw its troops from Lebanon.")["events"]
    assert ("030", "country:SYR") in rows(ev, "cameo_code", "source_actor_id")


def test_evt2_passive_with_generic_group_agent():
    t = extract("An aid convoy was attacked by militants near Kramatorsk on Sunday. A bridge was destroyed.")
    ev = t["events"].row(0, named=True)
    assert (ev["source_actor_id"], ev["cameo_root"], ev["event_date"]) == ("group:militants", 18, date(2025, 3, 2))
    place = t["places"].filter(pl.col("place_id") == ev["place_id"]).row(0, named=True)
    assert (place["name"], round(place["latitude"], 1), round(place["longitude"], 1)) == ("Kramatorsk", 48.7, 37.6)
    assert ev["target_actor_id"] == "object:aid-convoy"
    bridge = t["events"].filter(pl.col("sentence_id") == 1)
    assert bridge["source_actor_id"].to_list() == [None]  # agentless: no source
    assert bridge["target_actor_id"].to_list() == ["object:bridge"]  # the bridge is the target, never the source
    kinds = dict(zip(t["actors"]["actor_id"], t["actors"]["kind"]))
    assert (kinds["group:militants"], kinds["object:bridge"]) == ("group", "object")


def test_must_in_a_reported_clause_is_a_demand_by_the_speaker():
    ev = extract("France said on Saturday that Iraq must cooperate fully with the inspectors.")["events"]
    assert rows(ev, "cameo_code", "source_actor_id", "target_actor_id") == [("100", "country:FRA", "country:IRQ")]


def test_event_ids_are_unique():
    t = extract("Russia warned that Ukraine must withdraw and said NATO should not expand. Russia and Ukraine "
                "accused each other.")
    assert t["events"]["event_id"].n_unique() == t["events"].height > 0


def test_ner4_all_caps_headline_reads_like_title_case():
    caps = extract("KREMLIN DENIES TROOP BUILDUP NEAR KHARKIV")
    title = extract("Kremlin Denies Troop Buildup Near Kharkiv")
    sentence = extract("Kremlin denies troop buildup near Kharkiv")
    for t in (caps, title, sentence):
        ev = t["events"].row(0, named=True)
        assert (ev["source_actor_id"], ev["cameo_code"], ev["negated"]) == ("country:RUS", "010", True)
        kharkiv = t["place_mentions"].join(t["places"], on="place_id").filter(
            pl.col("text").str.to_lowercase() == "kharkiv").row(0, named=True)
        assert kharkiv["country_code"] == "UA"
        assert abs(kharkiv["latitude"] - 49.98) < 0.1 and abs(kharkiv["longitude"] - 36.25) < 0.1
    assert rows(caps["events"], "cameo_code", "source_actor_id", "negated") == \
        rows(title["events"], "cameo_code", "source_actor_id", "negated")
    assert caps["articles"]["text"][0] == "KREMLIN DENIES TROOP BUILDUP NEAR KHARKIV"  # stored as written


def test_deny_as_refusal_is_a_rejection_not_a_negated_statement():
    ev = extract("Turkey denied entry to Syrian refugees.")["events"].row(0, named=True)
    assert (ev["cameo_code"], ev["negated"]) == ("120", False)


def test_people_named_like_small_capitals_or_country_codes_stay_people():
    t = extract("Lewis and Li met Douglas on Monday.")
    assert t["places"].height == 0  # not Grenada (St George's alias), Liechtenstein (LI) or Isle of Man
    assert {"Li", "Douglas"} <= set(t["actors"].filter(pl.col("kind") == "person")["name"])


def test_date1_weekdays_of_events_relative_to_publication():
    ev = extract("The council voted on Friday to suspend the deal and will meet again on Tuesday. "
                 "It had met on Monday.")["events"]
    got = {(r["verb"], r["event_date"], r["date_precision"]) for r in ev.iter_rows(named=True)}
    assert got == {("suspend", date(2025, 3, 7), "day"), ("meet", date(2025, 3, 11), "day"),
                   ("meet", date(2025, 3, 3), "day")}
    assert set(ev["source_actor_id"]) == {"group:council"}  # "It" is the council


def test_date3_no_dates_from_words_that_are_not_dates():
    t = extract("Protesters may march again if talks fail. Do not expect a quick deal, said an aide, "
                "citing 6005 signatures.")
    march = t["events"].filter(pl.col("verb") == "march").row(0, named=True)
    assert (march["event_date"], march["date_precision"], march["date_text"]) == (date(2025, 3, 7), "publication", None)
    assert t["events"]["date_text"].drop_nulls().len() == 0


def test_a_denied_action_is_not_an_event():
    t = extract("Russia denies any plans for an offensive against Ukraine.")
    assert rows(t["events"], "cameo_code", "source_actor_id", "negated") == [("010", "country:RUS", True)]


def test_a_scheduled_meeting_stays_a_meeting():
    ev = extract("Russian and American diplomats will meet in Geneva on January 10.")["events"].row(0, named=True)
    assert (ev["cameo_code"], ev["modality"], ev["event_date"]) == ("040", "future", date(2026, 1, 10))


def test_titles_with_office_words_and_adjectival_demonyms():
    t = extract("Philippine Foreign Secretary Enrique Manalo met Argentine President Javier Milei.")
    actors = {r["name"]: r for r in t["actors"].iter_rows(named=True)}
    assert (actors["Enrique Manalo"]["role"], actors["Enrique Manalo"]["country"]) == ("Foreign Secretary", "PHL")
    assert (actors["Javier Milei"]["role"], actors["Javier Milei"]["country"]) == ("President", "ARG")


def test_event_noun_as_object_of_a_coded_verb_is_not_a_second_event():
    t = extract("NATO welcomed the agreement. North Korea condemned the meeting. Poland and Lithuania signed an agreement.")
    codes = sorted(t["events"]["cameo_code"])
    assert "040" not in codes  # no "meeting" event by North Korea
    assert codes.count("057") == 1  # one signing (Poland -> Lithuania), not sign + agreement


def test_igo_tagged_as_place_is_an_organisation():
    t = extract("Brazil urged Mercosur to lower tariffs.")
    assert "igo:mercosur" in set(t["actors"]["actor_id"])
    assert "Mercosur" not in set(t["place_mentions"]["text"])


def test_first_person_in_a_quotation_is_the_speaker_and_negation_is_kept():
    t = extract("“We will not withdraw,” Maria Ortiz, the governor’s spokeswoman, told reporters in Kharkiv.")
    ev = t["events"].row(0, named=True)
    assert (ev["verb"], ev["source_actor_id"], ev["negated"], ev["modality"]) == \
        ("withdraw", "person:maria-ortiz", True, "negated")  # a negated event is negated whatever its tense


def test_speaker_in_the_next_sentence():
    t = extract("“We will never accept this annexation of our land by Russia.” Zelenskyy said the talks had failed.")
    assert rows(t["quotes"].filter(pl.col("kind") == "direct"), "speaker_actor_id", "cue") == \
        [("person:zelenskyy", "said")]


def test_unbalanced_quotation_mark_does_not_swallow_the_paragraph():
    t = extract("Ortiz said “we will stay. Then the talks ended. Russia warned Ukraine on Monday.\n\n"
                "“The talks are over,” Ortiz said.")
    assert rows(t["quotes"].filter(pl.col("kind") == "direct"), "text") == [("The talks are over",)]
    assert ("country:RUS", "country:UKR") in set(zip(t["events"]["source_actor_id"], t["events"]["target_actor_id"]))


def test_surname_mistagged_as_a_place_is_the_person_and_speaks():
    """The small model tags a sentence-initial surname as GPE ("Scholz said…"); the article named
    Olaf Scholz before, and no place is called Scholz: it is him, and the reported clause is his."""
    t = extract("French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Tuesday to "
                "discuss military aid to Ukraine. Scholz said Germany and France would also push the European "
                "Union to approve a new sanctions package against Russia.")
    assert "Scholz" not in set(t["place_mentions"]["text"])
    q = t["quotes"].row(0, named=True)
    assert q["speaker_actor_id"] == "person:olaf-scholz" and q["kind"] == "reported"
    assert q["text"].startswith("Germany and France would also push")


def test_the_two_leaders_are_the_last_two_people_named():
    t = extract("French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Tuesday. "
                "The two leaders agreed to coordinate their support for Kyiv.")
    agree = t["events"].filter(pl.col("verb") == "agree").row(0, named=True)
    assert {agree["source_actor_id"], agree["target_actor_id"]} == {"person:emmanuel-macron", "person:olaf-scholz"}


def test_verb_and_its_prepositional_event_noun_are_one_event():
    """"spoke on a call": one consultation (the verb's), not a second one for the noun."""
    ev = extract("Joe Biden spoke with Vladimir Putin on a call on Thursday.")["events"]
    assert ev.height == 1 and ev["verb"][0] == "speak" and ev["cameo_code"][0][:2] == "04"


def test_demand_targets_the_subject_of_what_is_demanded():
    ev = extract("The United States on Thursday demanded that North Korea abandon its nuclear program.")["events"]
    demand = ev.filter(pl.col("cameo_code").str.starts_with("10")).row(0, named=True)
    assert (demand["source_actor_id"], demand["target_actor_id"]) == ("country:USA", "country:PRK")


def test_action_in_a_country_targets_that_country():
    ev = extract("Serbia lifted a night curfew in Montenegro on Sunday.")["events"].row(0, named=True)
    assert (ev["verb"], ev["source_actor_id"], ev["target_actor_id"]) == ("lift", "country:SRB", "country:MNE")


def test_participle_takes_the_subject_of_the_clause_it_hangs_on():
    """"issued a declaration demanding…": the declaration's issuer demands."""
    ev = extract("Poland issued a declaration demanding that Russia withdraw its troops.")["events"]
    demand = ev.filter(pl.col("verb") == "demand").row(0, named=True)
    assert (demand["source_actor_id"], demand["target_actor_id"]) == ("country:POL", "country:RUS")


def test_event_nouns_withdrawal_and_suspension_are_coded_like_their_verbs():
    ev = extract("The United States speeded up the withdrawal of its forces from Panama.")["events"]
    assert any(c.startswith("087") for c in ev["cameo_code"])
    ev = extract("Italy announced a suspension of air links with Serbia.")["events"]
    assert any(c == "160" for c in ev["cameo_code"])


@pytest.mark.parametrize("text", ["Syria says it will not accept any more refugees from Iraq.",
                                  "Israel and the Palestinians failed to reach agreement on Sunday."])
def test_negated_cooperation_is_a_rejection(text):
    ev = extract(text)["events"]
    assert ev.height >= 1
    row = ev.row(0, named=True)
    assert row["cameo_code"] == "120" and row["quad_class"] == 3 and not row["negated"]


def test_who_uses_violence_decides_assault_or_fight():
    """CAMEO 18 (assault) is unconventional violence by non-state groups, 19 (fight) a state's
    military force: militiamen attacking is 180, a country's aircraft killing is 19x."""
    ev = extract("A temporary camp for refugees was attacked by Burundian militiamen armed with machetes.")["events"]
    assert ev.row(0, named=True)["cameo_code"] == "180"
    ev = extract("Russian aircraft killed 46 Afghan civilians in an attack on a village.")["events"]
    kill = ev.filter(pl.col("verb") == "kill").row(0, named=True)
    assert kill["cameo_code"].startswith("19") and kill["source_actor_id"].startswith(("country:RUS", "group:rus-"))


def test_leaders_of_a_body_act_for_it_and_a_demanded_action_has_not_happened():
    ev = extract("Leaders of the European Union demanded that Russia withdraw its troops from Ukraine.")["events"]
    assert rows(ev, "verb", "source_actor_id", "target_actor_id") == [("demand", "igo:european-union", "country:RUS")]


def test_target_of_an_offer_comes_from_the_offered_action():
    ev = extract("Libya has offered to hand over to Great Britain two of its nationals.")["events"]
    offer = ev.filter(pl.col("verb") == "offer").row(0, named=True)
    assert (offer["source_actor_id"], offer["target_actor_id"]) == ("country:LBY", "country:GBR")


def test_country_name_mistagged_as_organisation_is_a_place():
    """The small model tags "Armenia" in "Holy See and Armenia signed…" and "The Holy See said" as ORG;
    a country's full name is a place all the same (and the country actor), while an all-caps code
    tagged ORG ("BA") stays an organisation."""
    t = extract("Holy See and Armenia signed a new agreement on Monday. The Holy See said the talks would "
                "continue. BA cancelled flights.")
    places = t["place_mentions"].join(t["places"], on="place_id")
    assert sorted(zip(places["text"], places["country_code"])) == [("Armenia", "AM"), ("Holy See", "VA")]
    assert set(t["entities"].filter(pl.col("text") == "Armenia")["actor_id"]) == {"country:ARM"}
    assert "BA" not in set(t["place_mentions"]["text"])
    assert set(t["entities"].filter(pl.col("text") == "BA")["actor_id"]) == {"org:ba"}  # not Bosnia's code


def test_inline_dateline_is_a_dateline_toponym_with_its_span():
    """A dateline run into the text after a headline is the article's dateline place, with its
    characters (the reader can highlight it); an organisation in capitals is no dateline."""
    t = extract("Man sentenced for mortgage fraud. CORSICANA — A Henderson County man was sentenced in Dallas.",
                "Allies meet. NATO - the alliance - met in Brussels.")
    pm = t["place_mentions"].join(t["places"], on="place_id", how="left")
    dl = pm.filter(pl.col("role") == "dateline")
    assert dl.select("text", "start", "end", "name", "admin1").rows() == [("CORSICANA", 34, 43, "Corsicana", "TX")]
    assert "NATO" not in set(pm["text"]) and "CORSICANA" not in set(t["actors"]["name"])


@pytest.mark.parametrize("text, bare", [("BA", True), ("GM", True), ("PAN", True), ("US", False), ("U.S.", False),
                                        ("UK", False), ("UAE", False), ("DRC", False), ("Iran", False)])
def test_bare_country_codes_are_not_countries_when_tagged_as_organisations(text, bare):
    from dashboard.nlp import _bare_country_code

    assert _bare_country_code(text) is bare


def test_participle_after_a_reporting_verb_goes_with_the_reported_clause():
    t = extract("Russian troops shelled residential districts of Kharkiv overnight, regional governor Oleh "
                "Synehubov said on Wednesday, killing two people.")
    kill = t["events"].filter(pl.col("verb") == "kill").row(0, named=True)
    assert kill["source_actor_id"] == "group:rus-troop"


def test_event_place_is_not_one_of_its_actors():
    t = extract("Russia annexed Crimea in 2014 and supports fighters in Donbas. Peskov accused Ukraine of lying. "
                "Russian troops shelled Kharkiv. Tusk met Zelenskiy in Warsaw on Monday. Russia invaded Georgia.")
    ev = t["events"].join(t["places"].select("place_id", "name"), on="place_id", how="left")
    assert dict(zip(ev["verb"], ev["name"])) == {"annex": "Crimea", "support": "Donbas", "accuse": None,
                                                 "shell": "Kharkiv", "meet": "Warsaw", "invade": "Georgia"}


def test_sentences_and_quotations_stop_at_a_paragraph_break():
    """A blank line ends a sentence (the evidence of an event never starts with the previous
    paragraph's closing quote), and a quotation closing a paragraph continues its speaker there,
    not the speaker of the next paragraph."""
    t = extract('"Russia wants to leave our people in the dark," Volodymyr Zelenskiy said in his address. '
                '"We need more air defence systems now."\n\n'
                "Kremlin spokesman Dmitry Peskov accused Ukraine of provocations.")
    accuse = t["events"].filter(pl.col("verb") == "accuse").row(0, named=True)
    assert accuse["sentence"] == "Kremlin spokesman Dmitry Peskov accused Ukraine of provocations."
    quotes = dict(zip(t["quotes"]["text"], t["quotes"]["speaker_actor_id"]))
    assert quotes["We need more air defence systems now."] == "person:volodymyr-zelenskiy"


def test_person_tagged_as_organisation_after_a_title_or_saying_something():
    t = extract("French President Emmanuel Macron and German Chancellor Olaf Scholz met in Paris. "
                '"Germany will contribute," Olaf Scholz said.')
    actors = {r["actor_id"]: r for r in t["actors"].iter_rows(named=True)}
    assert "org:olaf-scholz" not in actors
    assert (actors["person:olaf-scholz"]["role"], actors["person:olaf-scholz"]["country"]) == ("Chancellor", "DEU")


def test_untagged_place_after_a_locative_preposition():
    """The small model leaves "Kyiv" and "Kharkiv" untagged here; after "in" / "near" a country or a
    city of 100,000+ people is a place all the same. A code after a preposition ("to DM me") is not."""
    t = extract("Polish Prime Minister Donald Tusk met Zelenskiy in Kyiv on Monday. Russian drones struck a "
                "station near Kharkiv. She asked them to DM me.")
    places = t["place_mentions"].filter(pl.col("role") == "literal").join(t["places"], on="place_id")
    assert sorted(zip(places["text"], places["country_code"])) == [("Kharkiv", "UA"), ("Kyiv", "UA")]


def test_place_inside_an_organisation_name_is_an_associative_toponym():
    """GeoWebNews and LGL annotate the place in "Paris Police Department"; it is a toponym with
    role associative (not an event location), while a common word that is also a small town
    ("Commerce Bank": Commerce, California) and a nationality ("American Airlines") are not."""
    t = extract("The Beverly Hills Police Department said the University of Cincinnati would help. "
                "Commerce Bank and American Airlines declined to comment. The Nord Stream AG company said gas "
                "flows stopped.")  # Nord, a French department, in a text naming only US places
    pm = t["place_mentions"].join(t["places"], on="place_id", how="left")
    assert sorted(zip(pm["text"], pm["role"], pm["country_code"])) == [
        ("Beverly Hills", "associative", "US"), ("Cincinnati", "associative", "US")]
    assert t["events"]["place_id"].is_null().all()
