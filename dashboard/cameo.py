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
    "036": ("Express intent to meet or negotiate", 4.0),
    "040": ("Consult", 1.0),
    "041": ("Discuss by telephone", 1.0),
    "042": ("Make a visit", 1.9),
    "043": ("Host a visit", 2.8),
    "046": ("Engage in negotiation", 7.0),
    "050": ("Engage in diplomatic cooperation", 3.5),
    "051": ("Praise or endorse", 3.4),
    "052": ("Defend verbally", 3.5),
    "057": ("Sign formal agreement", 8.0),
    "060": ("Engage in material cooperation", 6.0),
    "070": ("Provide aid", 7.0),
    "072": ("Provide military aid", 8.3),
    "080": ("Yield", 5.0),
    "084": ("Return, release", 7.0),
    "087": ("De-escalate military engagement", 9.0),
    "090": ("Investigate", -2.0),
    "100": ("Demand", -5.0),
    "110": ("Disapprove", -2.0),
    "111": ("Criticize or denounce", -2.0),
    "112": ("Accuse", -2.0),
    "114": ("Complain officially", -2.0),
    "120": ("Reject", -4.0),
    "127": ("Reject accusation, deny responsibility", -5.0),
    "128": ("Veto", -5.0),
    "130": ("Threaten", -4.4),
    "138": ("Threaten to use military force", -7.0),
    "140": ("Engage in political dissent", -6.5),
    "150": ("Demonstrate military or police power", -7.2),
    "154": ("Mobilize or increase armed forces", -7.2),
    "160": ("Reduce relations", -4.0),
    "161": ("Reduce or break diplomatic relations", -4.0),
    "164": ("Expel or withdraw", -7.0),
    "166": ("Impose embargo, boycott, or sanctions", -8.0),
    "170": ("Coerce", -7.0),
    "173": ("Arrest, detain, or charge with legal action", -5.0),
    "180": ("Use unconventional violence", -9.0),
    "190": ("Use conventional military force", -10.0),
    "191": ("Impose blockade, restrict movement", -9.5),
    "192": ("Occupy territory", -9.5),
    "194": ("Fight with artillery and tanks", -10.0),
    "195": ("Employ aerial weapons", -10.0),
    "196": ("Violate ceasefire", -9.5),
    "200": ("Engage in unconventional mass violence", -10.0),
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
    "018": "agree",
    "020": "ask urge appeal request plead invite",
    "030": "pledge promise offer vow intend",
    "036": "propose",
    "040": "consult discuss talk speak confer meet",
    "042": "visit travel",
    "043": "host receive",
    "046": "negotiate",
    "050": "cooperate",
    "051": "praise commend thank congratulate endorse support welcome back hail",
    "052": "defend",
    "057": "sign",
    "070": "aid help assist provide supply donate send",
    "072": "arm",
    "084": "release free",
    "087": "withdraw de-escalate",
    "090": "investigate probe",
    "100": "demand",
    "111": "criticize criticise condemn denounce blame slam",
    "112": "accuse",
    "114": "complain",
    "120": "reject refuse oppose dismiss rebuff",
    "127": "deny",
    "128": "veto",
    "130": "warn threaten caution",
    "140": "protest demonstrate rally",
    "150": "deploy station",
    "154": "mobilize mobilise",
    "160": "cut suspend downgrade",
    "164": "expel",
    "166": "sanction",
    "170": "coerce pressure force",
    "173": "arrest detain",
    "180": "kill",
    "190": "attack invade strike fight bomb",
    "191": "blockade block",
    "192": "annex occupy capture seize",
    "194": "shell",
    "196": "violate",
}.items():
    for _lemma in _lemmas.split():
        VERBS[_lemma] = _code

#: noun lemma -> CAMEO code (nominal events: "a January 12 meeting between Russia and NATO")
NOUNS: dict[str, str] = {
    "talk": "040", "discussion": "040", "meeting": "040", "summit": "040", "conference": "040",
    "consultation": "040", "call": "041", "negotiation": "046", "visit": "042", "sanction": "166",
    "attack": "190", "invasion": "190", "offensive": "190", "strike": "190", "annexation": "192",
    "agreement": "057", "treaty": "057", "aid": "070", "protest": "140", "demand": "100",
}

#: verb lemma + particle/preposition -> code, overriding :data:`VERBS`
PHRASAL: dict[tuple[str, str], str] = {
    ("call", "on"): "020", ("call", "for"): "020", ("bring", "together"): "040",
    ("cut", "off"): "160", ("want", "from"): "100", ("make", "clear"): "010",
    ("step", "up"): "150", ("pull", "out"): "087",
}

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
