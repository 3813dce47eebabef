"""CAMEO event codes, QuadClass and Goldstein weights, and the verb/noun lexicon that maps to them.

Codes, names and Goldstein weights follow the CAMEO codebook 1.1b3 (Schrodt, 2012) with the Goldstein
(1992) conflict-cooperation scale as distributed with GDELT (``CAMEO.goldsteinscale.txt``); the
values are written here by hand for the codes the lexicon uses (a test compares them with GDELT's
``cameoCodeTable.tsv`` when the corpus is present). QuadClass follows GDELT: roots 01–05 verbal
cooperation (1), 06–08 material cooperation (2), 09–13 verbal conflict (3), 14–20 material conflict (4).

The lexicon is our own, written from the codebook's category descriptions.
"""

from __future__ import annotations

from dataclasses import dataclass

#: code -> (name, Goldstein weight)
CODES: dict[str, tuple[str, float]] = {
    "010": ("Make statement", 0.0),
    "012": ("Make pessimistic comment", -0.4),
    "013": ("Make optimistic comment", 0.4),
    "018": ("Express accord", 3.4),
    "020": ("Appeal", 3.0),
    "030": ("Express intent to cooperate", 4.0),
    "031": ("Express intent to engage in material cooperation", 5.2),
    "032": ("Express intent to provide policy support", 4.5),
    "033": ("Express intent to provide aid", 5.2),
    "035": ("Express intent to yield", 7.0),
    "036": ("Express intent to meet or negotiate", 4.0),
    "040": ("Consult", 1.0),
    "041": ("Discuss by telephone", 1.0),
    "042": ("Make a visit", 1.9),
    "043": ("Host a visit", 2.8),
    "045": ("Mediate", 5.0),
    "046": ("Engage in negotiation", 7.0),
    "050": ("Engage in diplomatic cooperation", 3.5),
    "051": ("Praise or endorse", 3.4),
    "052": ("Defend verbally", 3.5),
    "054": ("Grant diplomatic recognition", 6.0),
    "055": ("Apologize", 7.0),
    "056": ("Forgive", 7.0),
    "057": ("Sign formal agreement", 8.0),
    "060": ("Engage in material cooperation", 6.0),
    "064": ("Share intelligence or information", 7.0),
    "070": ("Provide aid", 7.0),
    "072": ("Provide military aid", 8.3),
    "075": ("Grant asylum", 7.0),
    "080": ("Yield", 5.0),
    "081": ("Ease administrative sanctions", 5.0),
    "083": ("Accede to demands for political reform", 5.0),
    "084": ("Return, release", 7.0),
    "085": ("Ease economic sanctions, boycott, embargo", 7.0),
    "087": ("De-escalate military engagement", 9.0),
    "0871": ("Declare truce, ceasefire", 9.0),
    "0872": ("Ease military blockade", 9.0),
    "0873": ("Demobilize armed forces", 9.0),
    "0874": ("Retreat or surrender militarily", 10.0),
    "090": ("Investigate", -2.0),
    "100": ("Demand", -5.0),
    "110": ("Disapprove", -2.0),
    "111": ("Criticize or denounce", -2.0),
    "112": ("Accuse", -2.0),
    "115": ("Bring lawsuit against", -2.0),
    "114": ("Complain officially", -2.0),
    "120": ("Reject", -4.0),
    "126": ("Defy norms, law", -5.0),
    "127": ("Reject accusation, deny responsibility", -5.0),
    "128": ("Veto", -5.0),
    "130": ("Threaten", -4.4),
    "131": ("Threaten non-force", -5.8),
    "133": ("Threaten collective dissent", -5.8),
    "137": ("Threaten with violent repression", -7.0),
    "138": ("Threaten to use military force", -7.0),
    "139": ("Give ultimatum", -7.0),
    "140": ("Engage in political dissent", -6.5),
    "141": ("Demonstrate or rally", -6.5),
    "143": ("Conduct strike or boycott", -6.5),
    "144": ("Obstruct passage, block", -7.5),
    "145": ("Protest violently, riot", -7.5),
    "150": ("Demonstrate military or police power", -7.2),
    "154": ("Mobilize or increase armed forces", -7.2),
    "160": ("Reduce relations", -4.0),
    "161": ("Reduce or break diplomatic relations", -4.0),
    "162": ("Reduce or stop aid", -5.6),
    "164": ("Expel or withdraw", -7.0),
    "165": ("Halt mediation", -7.0),
    "166": ("Impose embargo, boycott, or sanctions", -8.0),
    "170": ("Coerce", -7.0),
    "171": ("Seize or damage property", -9.2),
    "1711": ("Confiscate property", -9.2),
    "172": ("Impose administrative sanctions", -5.0),
    "1721": ("Impose restrictions on freedoms of speech and expression", -5.0),
    "1722": ("Ban political parties or politicians", -5.0),
    "1723": ("Impose curfew", -5.0),
    "1724": ("Impose state of emergency or martial law", -5.0),
    "173": ("Arrest, detain, or charge with legal action", -5.0),
    "174": ("Expel or deport individuals", -5.0),
    "180": ("Use unconventional violence", -9.0),
    "181": ("Abduct, hijack, or take hostage", -9.0),
    "182": ("Physically assault", -9.5),
    "1821": ("Sexually assault", -9.0),
    "1822": ("Torture", -9.0),
    "183": ("Conduct suicide, car, or other non-military bombing", -10.0),
    "185": ("Attempt to assassinate", -8.0),
    "186": ("Assassinate", -10.0),
    "190": ("Use conventional military force", -10.0),
    "191": ("Impose blockade, restrict movement", -9.5),
    "192": ("Occupy territory", -9.5),
    "193": ("Fight with small arms and light weapons", -10.0),
    "194": ("Fight with artillery and tanks", -10.0),
    "195": ("Employ aerial weapons", -10.0),
    "196": ("Violate ceasefire", -9.5),
    "200": ("Engage in unconventional mass violence", -10.0),
    "202": ("Engage in mass killings", -10.0),
}

ROOT_NAMES: dict[int, str] = {
    1: "Make public statement", 2: "Appeal", 3: "Express intent to cooperate", 4: "Consult",
    5: "Engage in diplomatic cooperation", 6: "Engage in material cooperation", 7: "Provide aid",
    8: "Yield", 9: "Investigate", 10: "Demand", 11: "Disapprove", 12: "Reject", 13: "Threaten",
    14: "Protest", 15: "Exhibit force posture", 16: "Reduce relations", 17: "Coerce", 18: "Assault",
    19: "Fight", 20: "Use unconventional mass violence",
}

#: verb lemma -> CAMEO code
VERBS: dict[str, str] = {}
for _code, _lemmas in {
    "010": "say tell state announce add note stress emphasize emphasise declare mention comment describe "
           "explain report reaffirm confirm indicate remark claim underline insist_on reiterate inform brief",
    "012": "fear doubt regret",
    "013": "hope",
    "018": "concur",
    "020": "ask urge appeal request plead invite",
    "030": "agree pledge promise offer vow swear intend accept",
    "036": "propose",
    "040": "consult discuss talk speak confer meet",
    "041": "telephone phone",
    "042": "visit travel",
    "043": "host receive",
    "045": "mediate",
    "046": "negotiate",
    "050": "cooperate",
    "051": "praise commend thank congratulate endorse support welcome back hail",
    "052": "defend",
    "054": "recognize recognise",
    "055": "apologize apologise",
    "056": "forgive",
    "057": "sign",
    "070": "aid help assist provide supply donate send deliver grant",
    "072": "arm",
    "084": "release free",
    "080": "concede yield allow permit",
    "081": "ease lift relax",
    "083": "accede resign",
    "087": "withdraw de-escalate evacuate",
    "0873": "demobilize demobilise disarm",
    "0874": "surrender retreat",
    "090": "investigate probe inspect",
    "100": "demand order",
    "110": "disapprove",
    "111": "criticize criticise condemn denounce blame slam deplore decry censure rebuke chide",
    "112": "accuse allege",
    "115": "sue",
    "114": "complain",
    "120": "reject refuse oppose dismiss rebuff decline spurn renege",
    "126": "defy",
    "127": "disclaim",
    "128": "veto",
    "130": "warn threaten caution",
    "140": "protest demonstrate rally",
    "141": "march picket",
    "143": "boycott",
    "144": "block",
    "145": "riot",
    "150": "deploy station patrol",
    "154": "mobilize mobilise reinforce",
    "160": "suspend downgrade halt",
    "164": "expel",
    "161": "sever",
    "166": "sanction",
    "170": "coerce pressure force",
    "171": "demolish destroy raze bulldoze",
    "1711": "confiscate",
    "1721": "censor",
    "1722": "ban outlaw",
    "173": "arrest detain imprison jail indict prosecute",
    "174": "deport extradite",
    "180": "kill",
    "181": "kidnap abduct hijack",
    "182": "beat assault",
    "1821": "rape",
    "1822": "torture",
    "183": "explode detonate",
    "186": "assassinate",
    "193": "shoot",
    "190": "attack invade strike fight bomb clash raid storm ambush",
    "191": "blockade",
    "192": "annex occupy capture seize overrun retake recapture",
    "194": "shell bombard",
    "196": "violate",
    "202": "massacre slaughter",
}.items():
    for _lemma in _lemmas.split():
        VERBS[_lemma] = _code

#: noun lemma -> CAMEO code (nominal events: "a January 12 meeting between Russia and NATO")
NOUNS: dict[str, str] = {
    "talk": "040", "discussion": "040", "meeting": "040", "summit": "040", "conference": "040",
    "consultation": "040", "call": "041", "negotiation": "046", "visit": "042", "sanction": "166",
    "attack": "190", "invasion": "190", "offensive": "190", "strike": "190", "annexation": "192",
    "agreement": "057", "treaty": "057", "aid": "070", "protest": "140", "demand": "100",
    "mediation": "045", "investigation": "090", "inquiry": "090", "ultimatum": "139",
    "withdrawal": "087", "probe": "090", "suspension": "160", "mobilization": "154", "mobilisation": "154",
    "demonstration": "141", "rally": "141", "boycott": "143", "riot": "145", "blockade": "191",
}

#: verbs that state that something is not so: a negated statement ("Kremlin denies troop buildup"),
#: never the opposite event
NEGATING_VERBS = {"deny"}
#: objects with which "deny" means refuse ("denied entry", "denied land allocation"): reject (120)
REFUSAL_OBJECTS = {"entry", "access", "permission", "request", "allocation", "visa", "application", "asylum",
                   "approval", "license", "licence", "passage", "permit", "accreditation", "bail", "landing"}
VERBS.update(dict.fromkeys(NEGATING_VERBS, "010"))

#: adjective lemma -> code, when it governs a complement ("is willing to withdraw")
ADJECTIVES: dict[str, str] = {"willing": "030", "ready": "030", "prepared": "030", "eager": "030"}

#: verb lemma + particle/preposition -> code, overriding :data:`VERBS`
PHRASAL: dict[tuple[str, str], str] = {
    ("call", "on"): "020", ("call", "for"): "020", ("bring", "together"): "040",
    ("cut", "off"): "160", ("want", "from"): "100", ("make", "clear"): "010",
    ("step", "up"): "150", ("pull", "out"): "087", ("ship", "out"): "087", ("hand", "over"): "070",
    ("beat", "up"): "182", ("blow", "up"): "183", ("open", "fire"): "190", ("fire", "at"): "190",
    ("fire", "on"): "190", ("press", "for"): "100",
    # "agree to/on X" commits to a course of action (CAMEO 03); bare "agree (that)" stays 018
    ("agree", "to"): "030", ("agree", "on"): "030", ("agree", "upon"): "030",
}


def _light_verbs(code: str, verbs: str, nouns: str) -> None:
    """Light-verb constructions ("impose sanctions", "stage a rally"): the verb with its direct
    object (matched as written, so singular and plural forms are listed) carries the code."""
    for verb in verbs.split():
        for noun in nouns.split():
            PHRASAL[(verb, noun)] = code


for _code, _verbs, _nouns in (
    ("040", "hold", "talks talk meeting meetings consultations"),
    ("045", "launch undertake", "mediation"),
    ("046", "hold renew resume open", "negotiations"),
    ("050", "establish restore upgrade", "ties relations"),
    ("075", "grant give", "asylum"),
    ("081", "lift ease", "curfew restrictions ban"),
    ("083", "accept meet", "demands demand"),
    ("085", "lift ease", "sanctions sanction embargo embargoes boycott"),
    ("0871", "declare", "ceasefire cease-fire truce"),
    ("0872", "lift ease", "blockade blockades siege"),
    ("090", "open launch", "investigation investigations inquiry probe"),
    ("139", "issue", "ultimatum"),
    ("114", "lodge file submit", "protest protests complaint complaints"),
    ("030", "reach strike", "agreement agreements consensus deal accord compromise understanding"),
    ("090", "open hold", "hearing hearings"),
    ("190", "launch mount stage", "attack attacks offensive offensives raid raids invasion strikes fire assault"),
    ("1723", "extend", "curfew"),
    ("162", "reduce cut halt stop suspend", "supplies deliveries shipments"),
    ("064", "share exchange", "intelligence information expertise evidence data"),
    ("070", "give hand", "grant grants aid assistance loan loans money medicine food"),
    ("141", "stage hold organize organise", "demonstration demonstrations rally rallies protest protests march "
                                            "marches sit-in"),
    ("143", "stage hold organize organise call begin start continue", "strike strikes boycott"),
    ("161", "break cut sever", "ties relations"),
    ("162", "halt cut reduce stop suspend", "aid assistance"),
    ("165", "halt end", "mediation"),
    ("166", "impose", "sanctions sanction embargo embargoes boycott"),
    ("172", "impose", "restrictions"),
    ("1723", "impose reimpose", "curfew"),
    ("191", "impose reimpose", "blockade blockades"),
):
    _light_verbs(_code, _verbs, _nouns)

#: joint actions: "A and B met / signed / agreed" is one event between A and B
JOINT_ACTION_PREFIXES = ("03", "04", "057", "06")

#: cue verbs of reported speech and quotations
CUES = {
    "say", "tell", "state", "announce", "add", "note", "stress", "emphasize", "emphasise", "declare",
    "warn", "claim", "insist", "explain", "reiterate", "write", "argue", "reply", "respond", "confirm",
    "deny", "tweet", "report", "comment", "remark", "underline", "believe", "assert", "acknowledge",
}


@dataclass(frozen=True)
class EventCode:
    """A CAMEO code with its name, root (1–20), QuadClass (1–4) and Goldstein weight (−10…+10)."""

    code: str
    name: str
    root: int
    quad_class: int
    goldstein: float


def quad_class(root: int) -> int:
    """GDELT QuadClass of a CAMEO root code (1–20)."""
    if not 1 <= root <= 20:
        raise ValueError(f"CAMEO root must be 1..20, got {root}")
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def threat_for(code: str) -> str:
    """The CAMEO threat that announces a material-conflict action (roots 14–20) as future:
    protest → 133 (threaten collective dissent), force posture/fight/assault/mass violence → 138
    (threaten to use military force), reduce relations → 131 (threaten non-force), coerce → 137
    (threaten with violent repression). Other codes are returned unchanged."""
    root = int(code[:2])
    if root == 14:
        return "133"
    if root in (15, 18, 19, 20):
        return "138"
    if root == 16:
        return "131"
    if root == 17:
        return "137"
    return code


def intent_for(code: str) -> str:
    """The CAMEO intent code for a cooperative action announced as future (roots 04–08):
    consult → 036, diplomatic cooperation → 032, material cooperation → 031, aid → 033,
    yield → 035. Other codes are returned unchanged."""
    return {4: "036", 5: "032", 6: "031", 7: "033", 8: "035"}.get(int(code[:2]), code)


def lookup(code: str) -> EventCode:
    """Full description of a CAMEO code in :data:`CODES`.

    Raises
    ------
    KeyError
        If the code is not in :data:`CODES`.
    """
    name, goldstein = CODES[code]
    root = int(code[:2])
    return EventCode(code, name, root, quad_class(root), goldstein)


#: A cooperative action under negation is a rejection (CAMEO 12): root of the negated code -> code.
#: "will not accept", "would not meet": intents (03), consultations (04), diplomatic and material
#: cooperation (05, 06) and aid (07) under negation are rejections (120). A negated yielding
#: action ("we will not withdraw") stays a negated 08 event.
REJECTED_BY_NEGATION: dict[str, str] = {"03": "120", "04": "120", "05": "120", "06": "120", "07": "120"}
