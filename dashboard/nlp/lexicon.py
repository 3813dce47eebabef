"""Word lists of the extraction steps: international organisations, titles and roles, group nouns,
pronouns and prepositions. Lower case unless noted; no code."""

from __future__ import annotations

from dashboard.name_forms import ROLE_WORDS  # noqa: F401 (there for dashboard.canonical, which imports no spaCy)


#: International organisations: surface form (lower case) -> canonical name
IGOS = {
    "nato": "NATO", "north atlantic treaty organization": "NATO", "north atlantic alliance": "NATO",
    "eu": "European Union", "european union": "European Union", "un": "United Nations",
    "united nations": "United Nations", "un security council": "UN Security Council",
    "security council": "UN Security Council", "osce": "OSCE",
    "organization for security and co-operation in europe": "OSCE",
    "organization for security and cooperation in europe": "OSCE", "imf": "IMF",
    "international monetary fund": "IMF", "world bank": "World Bank", "who": "WHO",
    "world health organization": "WHO", "g7": "G7", "g20": "G20", "brics": "BRICS", "csto": "CSTO",
    "collective security treaty organization": "CSTO", "african union": "African Union",
    "council of europe": "Council of Europe", "wto": "WTO", "world trade organization": "WTO",
    "iaea": "IAEA", "international atomic energy agency": "IAEA", "icrc": "ICRC",
    "international committee of the red cross": "ICRC", "red cross": "ICRC", "asean": "ASEAN",
    "opec": "OPEC", "sco": "SCO", "shanghai cooperation organisation": "SCO",
    "eurasian economic union": "Eurasian Economic Union", "european commission": "European Commission",
    "european parliament": "European Parliament", "european council": "European Council",
    "commonwealth of independent states": "CIS", "cis": "CIS", "unesco": "UNESCO", "unicef": "UNICEF",
    "unhcr": "UNHCR", "international criminal court": "International Criminal Court", "icc": "International Criminal Court",
    "mercosur": "Mercosur", "arab league": "Arab League", "gcc": "Gulf Cooperation Council",
    "gulf cooperation council": "Gulf Cooperation Council", "apec": "APEC", "oas": "OAS",
    "organization of american states": "OAS", "ecowas": "ECOWAS",
}
#: Short forms that stand for an IGO already named in the same article
IGO_SHORT_FORMS = {"alliance": "NATO", "the alliance": "NATO", "bloc": "European Union", "the bloc": "European Union"}
NEWS_AGENCIES = {"reuters", "ap", "associated press", "afp", "agence france-presse", "agence france presse",
                 "bloomberg", "upi", "dpa"}
#: party names and words that name a party in a title ("Labour MP", "Republican Senator")
PARTY_WORDS = {"labour", "conservative", "tory", "democrat", "democratic", "republican", "liberal", "green",
               "snp", "likud", "socialist", "communist", "christian-democrat", "libdem", "ukip", "reform"}
#: capitalised words that belong to a title ("Foreign Secretary", "Defence Minister")
ROLE_MODIFIERS = {
    "foreign", "defence", "defense", "interior", "finance", "economy", "economic", "justice", "health",
    "security", "national", "state", "trade", "energy", "education", "environment", "home", "first",
    "general", "supreme", "chief", "senior", "deputy", "vice", "prime", "acting", "former", "executive",
    "presidential", "military", "press", "public", "international", "european",
}
GROUP_NOUNS = {
    "representative", "official", "diplomat", "leader", "government", "authority", "troop", "force",
    "soldier", "military", "army", "navy", "ministry", "delegation", "negotiator", "politician",
    "lawmaker", "militant", "fighter", "rebel", "separatist", "police", "side", "counterpart",
    "president", "administration", "parliament", "people", "citizen", "servicemen", "serviceman",
    "unit", "partner", "colleague", "envoy", "minister", "agency", "service", "company",
    "guerrilla", "prisoner", "youth", "demonstrator", "protester", "worker", "student", "settler",
    "doctor", "farmer", "activist", "bomber", "insurgent", "militiaman", "refugee", "supporter",
    "cabinet", "court", "warplane", "jet", "ship", "police", "policeman", "peacekeeper", "national",
    "resident", "villager", "commando", "paratrooper", "sailor", "marine", "team", "mission", "embassy",
}
COMPASS_WORDS = {"west", "east", "north", "south", "north-west", "north-east", "south-west", "south-east",
                 "northwest", "northeast", "southwest", "southeast", "centre", "center"}
#: people nouns that, with a nationality, are a group of that country ("Ukrainian officials"); other
#: GROUP_NOUNS ("the Russian government", "the Russian side") stand for the country itself
PEOPLE_GROUPS = {
    "representative", "official", "diplomat", "troop", "force", "soldier", "negotiator", "politician",
    "lawmaker", "militant", "fighter", "rebel", "separatist", "serviceman", "servicemen", "delegation", "police",
    "policeman", "citizen", "people", "resident", "villager", "worker", "student", "doctor", "farmer", "activist",
    "protester", "demonstrator", "settler", "refugee", "prisoner", "guerrilla", "insurgent", "bomber", "commando",
    "paratrooper", "sailor", "marine", "peacekeeper", "national", "youth", "supporter", "businessman", "journalist",
    "militiaman", "hacker", "envoy",
}
#: generic groups kept as actors when no country or organisation is named: lemma -> plural name
GENERIC_GROUPS = {w: p for w, p in (
    ("militant", "militants"), ("rebel", "rebels"), ("insurgent", "insurgents"), ("guerrilla", "guerrillas"),
    ("separatist", "separatists"), ("fighter", "fighters"), ("militiaman", "militiamen"), ("gunman", "gunmen"),
    ("demonstrator", "demonstrators"), ("protester", "protesters"), ("protestor", "protesters"),
    ("rioter", "rioters"), ("striker", "strikers"), ("terrorist", "terrorists"), ("extremist", "extremists"),
    ("soldier", "soldiers"), ("troop", "troops"), ("police", "police"), ("policeman", "police"),
    ("settler", "settlers"), ("refugee", "refugees"), ("hacker", "hackers"), ("bomber", "bombers"),
    ("attacker", "attackers"), ("kidnapper", "kidnappers"), ("pirate", "pirates"), ("opposition", "opposition"),
    ("council", "council"), ("fundamentalist", "fundamentalists"), ("islamist", "islamists"),
    ("prisoner", "prisoners"), ("elder", "elders"), ("activist", "activists"),
)}
QUANTITY_NOUNS = {"thousand", "hundred", "million", "billion", "dozen", "ten", "score", "number", "lot", "part"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
REPORTING_PRONOUNS = {"it", "they", "we", "its", "their", "our", "them", "us"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
TARGET_PREPS = ("against", "with", "to", "at", "toward", "towards", "on", "from", "for", "into")
SUBJECT_DEPS = {"nsubj", "nsubjpass", "agent", "dobj", "dative", "appos", "poss", "conj", "pobj"}
ACTOR_POSITION_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "poss"}


#: People who speak or act for the body they belong to ("leaders of the coalition"); not
#: "supporters of", "victims of".
MEMBER_NOUNS = frozenset({"leader", "official", "representative", "member", "head", "spokesman", "spokeswoman",
                          "spokesperson", "delegation", "envoy", "minister", "chief", "commander", "government"})

#: Plural nouns that, with "two" or "both", refer back to the two people just named ("the two
#: leaders agreed…").
PAIR_NOUNS = frozenset({"leader", "president", "minister", "man", "woman", "counterpart", "head", "chancellor",
                        "premier", "official", "diplomat"})


#: Particles inside a surname ("Ursula von der Leyen", "Abdel Fattah el-Sisi"): a name never ends with one.
NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "bin",
                            "ibn", "al", "el", "ter", "zu"})
#: Words of a state body named after its country ("US Air Force", "United States Senate").
STATE_BODY_WORDS = frozenset({"government", "administration", "senate", "congress", "parliament", "army", "navy",
                              "force", "forces", "military", "marines", "guard", "department", "ministry", "reserve",
                              "treasury", "police", "embassy", "intelligence", "court"})
ORG_WORDS = {"ministry", "council", "office", "forces", "force", "bank", "party", "union", "company", "agency",
             "service", "committee", "army", "navy", "guard", "court", "parliament", "assembly", "group",
             "corporation", "institute", "university", "fund", "foundation", "airlines", "railways", "front"}


NON_STATE_GROUPS = {"militants", "rebels", "insurgents", "guerrillas", "separatists", "fighters", "militiamen",
                    "gunmen", "terrorists", "extremists", "attackers", "bombers", "kidnappers", "pirates", "rioters"}


#: The same, as the singular lemmas that country groups are named with (``group:bdi-militiaman``).
NON_STATE_LEMMAS = NON_STATE_GROUPS | {w for w, plural in GENERIC_GROUPS.items() if plural in NON_STATE_GROUPS}


#: Lemmas of a country's armed forces in group ids (``group:rus-aircraft``).
STATE_FORCE_LEMMAS = {"troop", "force", "soldier", "army", "military", "aircraft", "warplane", "jet", "navy",
                      "serviceman", "servicemen", "gunship", "helicopter", "artillery", "warship"}


MISTAGGED_LABELS = {"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
LOCATIVE_PREPOSITIONS = {"in", "near", "at", "from", "to", "into", "outside", "around", "towards", "toward"}
#: Verbs whose object is a place ("shelled Avdiivka", "captured Soledar"): with a gazetteer place in
#: a country the article names, a name the small model tagged PERSON or ORG there is a place.
PLACE_VERBS = frozenset({"shell", "capture", "seize", "liberate", "retake", "recapture", "bomb", "besiege",
                         "encircle", "storm", "occupy", "evacuate", "enter", "reach", "strike", "hit", "take",
                         "surround", "abandon", "defend", "bombard"})
#: Last words of the name of an armed group or company ("the Wagner Group", "Azov Battalion",
#: "Redut PMC"): the word before them names the body, not a place.
#: Legal forms that end a company's name ("Chrysler LLC", "EADS N.V.", "Fiat SpA"): never an organisation alone.
LEGAL_FORMS = frozenset({"llc", "inc", "corp", "co", "ltd", "plc", "ag", "sa", "nv", "spa", "gmbh", "bv", "lp",
                         "llp", "se", "oyj", "asa", "ab", "kk"})
#: Last words of a company's or a body's name that no person's name ends with ("Douglas Aircraft",
#: "Qatar Airways", "General Motors"): with :data:`ORG_WORDS` and :data:`LEGAL_FORMS`.
COMPANY_NAME_WORDS = frozenset({"aircraft", "airways", "airlines", "motors", "motor", "holdings", "industries",
                                "systems", "technologies", "electric", "automotive", "enterprises", "partners",
                                "capital", "management", "bancorp", "financial", "securities", "insurance",
                                "communications", "pharmaceuticals", "energy", "petroleum", "aerospace", "workers",
                                "shipping", "logistics", "foods", "steel", "mining", "telecom", "media"})
GROUP_NAME_WORDS = frozenset({"group", "pmc", "company", "battalion", "brigade", "regiment", "militia",
                              "corporation", "corp", "inc", "ltd", "llc"})

