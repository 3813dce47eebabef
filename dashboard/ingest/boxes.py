"""Boxes around the article in saved pages: cookie-consent banners, paywall (subscription and
registration) boxes, newsletter sign-up boxes and appeals (donations, ad blockers), in English and in
the languages a site's interface is often in (German, French, Spanish, Italian, Dutch).

A box is found by its marks (class, id, role, aria-label) or, unmarked, as a short block dense with
its kind's wording; :func:`strip_boxes` removes them from the parsed page before trafilatura reads it.
"""

from __future__ import annotations

import re

#: Kinds of box, in the order ties are decided.
BOX_KINDS = ("cookie", "paywall", "newsletter", "appeal")

_MARKS = {
    "cookie": re.compile(r"cookie|consent|gdpr|\bcmp\b|cmp[-_]|privacy[-_]?(?:banner|notice|manager)|sp_message|"
                         r"onetrust|didomi|usercentrics|truste|quantcast|cookiebot", re.IGNORECASE),
    "paywall": re.compile(r"paywall|regwall|piano|tp-modal|subscri(?:be|ption)[-_]?(?:box|wall|offer|prompt|cta)|"
                          r"premium[-_]?(?:box|wall|teaser|offer)|metered|plus[-_]?wall|registration[-_]?wall",
                          re.IGNORECASE),
    "newsletter": re.compile(r"newsletter|sign[-_]?up[-_]?(?:box|form|promo)|e?mail[-_]?(?:capture|signup|optin)|"
                             r"mailing[-_]?list|opt[-_]?in", re.IGNORECASE),
    "appeal": re.compile(r"donat(?:e|ion)|contribution[-_]?(?:box|ask|epic)|adblock|ad[-_]blocker|support[-_]?us[-_]?box",
                         re.IGNORECASE),
}

_NUMBER = r"\d+(?:[.,]\d\d)?"
_MONEY = (r"(?:[€$£₹¥₽₴]|\b(?:CHF|kr|zł|USD|EUR|GBP|R\$|A\$)\s?)\s?" + _NUMBER + "|" + _NUMBER +
          r"\s?(?:[€$£₹¥₽₴]|\b(?:euros?|dollars?|pounds?|rupees?|yen|roubles?|rubles?|francs?|kr|CHF|zł|EUR|USD|GBP)\b)|"
          r"\b(?:euros?|dollars?|pounds?)\s" + _NUMBER)

#: Wording that asks the reader to act on a consent banner (a button's label).
_COOKIE_ACTION = re.compile(
    r"\b(?:accept(?: all| cookies)?|allow all|i agree|agree(?: and (?:close|continue))?|got it|ok,? i understand|"
    r"reject(?: all)?|decline|manage (?:preferences|options|settings|cookies|choices)|customi[sz]e|"
    r"(?:alle )?akzeptieren|zustimmen|ablehnen|einstellungen|tout accepter|accepter|j'accepte|tout refuser|"
    r"refuser|param[ée]trer|g[ée]rer (?:mes|les) (?:pr[ée]f[ée]rences|choix|cookies)|continuer sans accepter|"
    r"aceptar(?: todo)?|rechazar(?: todo)?|configurar|accetta(?: tutto)?|rifiuta|personalizza|"
    r"(?:alles )?accepteren|weigeren)\b", re.IGNORECASE)
_CUES = {
    "cookie": [re.compile(p, re.IGNORECASE) for p in (
        r"\bcookies?\b|\btraceurs\b",
        r"\bconsent\b|\beinwilligung|\bzustimmung|\bconsentement|\bconsentimiento|\bconsenso\b|\btoestemming",
        r"\bprivacy (?:settings|policy|preferences|center|choices)\b|\bdatenschutz|\bconfidentialit[ée]|"
        r"\bvie priv[ée]e|\bprivacidad|\bpersonal data\b|\bdonn[ée]es personnelles|\bdatos personales|"
        r"\bpersonenbezogene",
        _COOKIE_ACTION.pattern,
        r"\bpartners\b|\bpartenaires\b|\bsocios\b|\bpartnern?\b|\bdrittanbieter",
        r"\bpersonali[sz](?:e|ed|ing)\b|\bpersonnalis|\bpersonalisier|\bpersonaliza|\bpersonalizza",
        r"\b(?:store|access) information on (?:your|a) device\b|\bunique (?:ids|identifiers)\b|\bon your device\b",
        r"\btracking\b|\bvendors?\b|\btrackers?\b|\baudience (?:measurement|research)\b|\bmesure d'audience\b|"
        r"\banaly[sz]e (?:our )?traffic\b|\bzugriffe\b",
        r"\bgdpr\b|\brgpd\b|\bdsgvo\b|\b(?:withdraw|change) your (?:consent|choices|preferences)\b|\bat any time\b|"
        r"\bjederzeit\b|\b[àa] tout moment\b|\ben cualquier momento\b",
        r"\b(?:this|our) (?:web)?site uses\b|\b(?:best|better) (?:browsing )?experience\b|\bimprove your experience\b|"
        r"\bdiese (?:web)?seite verwendet\b|\bwir verwenden\b|\bnous utilisons\b|\butilizamos\b")],
    "paywall": [re.compile(p, re.IGNORECASE) for p in (
        r"\bsubscri(?:be|ption|ber)s?\b|\babonn(?:ieren|ement|ez|[ée]s?)\b|\bsuscri(?:b|pci[óo]n|ptor)|\babbona|"
        r"\bbecome a member\b|\bmembership\b|\bmembers only\b|\bcreate a (?:free )?account\b|"
        r"\bregister (?:now|for free|to)\b|\bregistrieren\b",
        r"\bper (?:week|month|year)\b|/\s?(?:week|month|wk|mo|year|yr)\b|\ba (?:week|month|year)\b|"
        r"\b(?:monthly|weekly|annually)\b|\bpar (?:mois|semaine|an)\b|\bpro (?:monat|woche|jahr)\b|"
        r"\bim monat\b|\bal mes\b|\bal mese\b|/\s?(?:mois|monat|mes)\b",
        r"\bunlimited (?:access|reading|digital access)\b|\bfull access\b|\bunbegrenzt",
        r"\b(?:log|sign) ?in\b.{0,30}\b(?:continue|read)|\b(?:register|sign up|log ?in|sign ?in) to (?:read|continue)\b",
        r"\balready (?:a (?:subscriber|member)|registered|have an account)\b|\bhave an account\b|"
        r"\bbereits abonnent|\bd[ée]j[àa] abonn|\bya (?:eres|soy) suscriptor",
        r"\bfree trial\b|\bfirst month\b|\bspecial offer\b|\bintroductory offer\b|\b\d+ (?:weeks?|months?) for\b",
        r"\bcancel (?:at )?any ?time\b|\bcancel whenever\b|\bjederzeit k[üu]ndbar|\bsans engagement\b|"
        r"\br[ée]siliable\b",
        r"\bcontinue reading\b|\bkeep reading\b|\bread the full (?:article|story)\b|\bto read (?:more|on)\b|"
        r"\bfor (?:subscribers|members) only\b|\bexclusive to (?:subscribers|members)\b|\bweiterlesen\b|"
        r"\blire la suite\b|\br[ée]serv[ée] aux abonn[ée]s\b|\bseguir leyendo\b|\bcontenido exclusivo\b",
        r"\be-?paper\b|\bpremium\b|\bdigital access\b|\bplus-?artikel\b",
        _MONEY)],
    "newsletter": [re.compile(p, re.IGNORECASE) for p in (
        r"\bnewsletters?\b|\bbriefing\b|\bdigest\b|\bbulletin\b",
        r"\binbox\b|\bemail address\b|\be-mail address\b|\byour e-?mail\b|\be-?mail-adresse\b|\badresse e-?mail\b",
        r"\bsign (?:me )?up\b|\bsubscribe\b|\bjoin\b|\bregister\b|\banmelden\b|\bs'inscrire\b|\binscr[ií]b",
        r"\bunsubscribe\b|\bopt out\b|\babmelden\b|\bd[ée]sinscri",
        r"\bdelivered\b|\bevery (?:morning|day|week|evening)\b|\bdaily\b|\bweekly\b|\bfree\b",
        r"\bterms (?:of (?:use|service)|and conditions)\b|\bprivacy (?:policy|notice)\b")],
    "appeal": [re.compile(p, re.IGNORECASE) for p in (
        r"\bdonat(?:e|ion|ions)\b|\bcontribut(?:e|ion|ions)\b|\bspende[nr]?\b|\bfaire un don\b|\bdona(?:r|ci[óo]n)\b",
        r"\b(?:support|fund) (?:our|independent|quality|us|the) (?:journalism|reporting|work|newsroom)\b|"
        r"\breader[- ](?:funded|supported)\b|\bsmall favou?r to ask\b|\bunterst[üu]tzen sie\b|\bsoutenez\b",
        r"\bad ?blockers?\b|\bad-?block(?:er|ing)?\b|\bdisabl(?:e|ing) (?:your|the)\b|\bwhitelist(?:ing)?\b|\ballowlist\b",
        r"\bdonate now\b|\bsupport us\b|\bgive now\b|\bmake a (?:one-off|monthly|single|small) (?:donation|"
        r"contribution|payment)\b|\bi'?ve disabled\b|\bturn (?:it )?off\b|\bcontinue without\b",
        r"\bfree (?:for everyone|to read)\b|\bkeep (?:our|this) (?:reporting|journalism) (?:free|open)\b|"
        r"\bevery (?:contribution|donation)\b|\bhowever (?:big|small)\b|\bas little as\b",
        r"\bplease\b|\bbitte\b|\bs'il vous pla[îi]t\b|\bpor favor\b",
        _MONEY)],
}
#: Cues a block must show before it is a box of the kind (one of them): a consent banner asks the
#: reader to act, a newsletter box asks for an e-mail address, an appeal for money or for the ad
#: blocker to be turned off.
_NEEDED = {"cookie": (3,), "paywall": (), "newsletter": (1,), "appeal": (0, 2)}
#: Attribution, which news prose has and a box never has: a paragraph reporting on cookies, paywalls
#: or newsletters ("…fined Meta for tracking users without consent, the regulator said") is kept.
_REPORTED = re.compile(r"\b(?:said|says|told|according to|announced|reported|stated|sagte|sagt|erkl[äa]rte|"
                       r"teilte mit|a d[ée]clar[ée]|a indiqu[ée]|a annonc[ée]|selon|dijo|afirm[óo]|seg[úu]n|"
                       r"ha detto|secondo)\b", re.IGNORECASE)
#: A block with at least this many distinct cues, one per this many words, is a banner or box.
MIN_CUES = 3
WORDS_PER_CUE = 25
MAX_BOX_WORDS = 250


def _cue_count(kind: str, text: str) -> int:
    found = [bool(c.search(text)) for c in _CUES[kind]]
    if _NEEDED[kind] and not any(found[i] for i in _NEEDED[kind]):
        return 0
    return sum(found)


def box_kind(element) -> str | None:
    """``"cookie"``, ``"paywall"``, ``"newsletter"`` or ``"appeal"`` when ``element`` (lxml) is a
    consent banner, a subscription or registration box, a newsletter sign-up box, or an appeal for
    donations or to turn an ad blocker off; else None."""
    marks = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("aria-label"),
                                   element.get("data-testid"), element.get("role"))))
    text = " ".join(" ".join(element.itertext()).split())  # buttons' labels stay words of their own
    words = len(text.split())
    if words > MAX_BOX_WORDS * 2:
        return None
    if marks and _MARKS["cookie"].search(marks) and words <= MAX_BOX_WORDS:
        return "cookie"
    if marks and _MARKS["paywall"].search(marks):
        return "paywall"
    for kind in ("newsletter", "appeal"):
        if marks and _MARKS[kind].search(marks) and words <= MAX_BOX_WORDS:
            return kind
    if words > MAX_BOX_WORDS or _REPORTED.search(text):
        return None
    counts = {kind: _cue_count(kind, text) for kind in BOX_KINDS}
    best = max(BOX_KINDS, key=lambda k: counts[k])  # ties: the first of BOX_KINDS
    n = counts[best]
    return best if n >= MIN_CUES and n * WORDS_PER_CUE >= words else None


def strip_boxes(tree) -> dict[str, int]:
    """Remove cookie-consent banners, paywall boxes, newsletter sign-up boxes and readers' appeals
    (donations, ad blockers) from a parsed HTML ``tree`` in place, so that the text around them, a
    paywalled article's teaser included, is what remains.

    A box is an element marked as one (class or id such as ``cookie-banner``, ``consent``,
    ``paywall``, ``newsletter-signup``) or a short block (at most :data:`MAX_BOX_WORDS` words) dense
    with their wording (cookies, consent, accept all, partners; subscribe, per week, unlimited access,
    log in to continue, prices in any common currency; newsletter, inbox, e-mail address, sign up), in
    English, German, French, Spanish, Italian or Dutch. Returns how many boxes of each kind
    (:data:`BOX_KINDS`) were removed.
    """
    removed = dict.fromkeys(BOX_KINDS, 0)
    candidates = list(tree.iter("div", "section", "aside", "dialog", "form", "p", "footer", "header", "ul"))
    for el in candidates:
        if el.getparent() is None and el is not tree:
            continue  # already removed with an ancestor
        if any(anc.tag == "__removed__" for anc in el.iterancestors()):
            continue
        kind = box_kind(el)
        if kind is None:
            continue
        if el.tag in ("div", "section") and el.find(".//article") is not None:
            continue  # a wrapper that holds the article itself
        removed[kind] += 1
        el.tag = "__removed__"
    for el in list(tree.iter("__removed__")):
        if el.getparent() is not None:
            el.drop_tree()
    return removed
