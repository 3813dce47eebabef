"""Quotations: direct and reported speech, their cues (reporting verbs) and speakers."""

from __future__ import annotations

import re
from bisect import bisect_left

from dashboard import cameo
from dashboard.nlp.context import ArticleContext
from dashboard.nlp.lexicon import REPORTING_PRONOUNS
from dashboard.nlp.referents import actors_of
from dashboard.nlp.tokens import token_at, tokens_of_pos


#: Direct quotations: curly, straight or guillemet quotation marks within one paragraph.
QUOTATION = re.compile(r"“([^“”]+)”|\"([^\"\n]+)\"|«([^«»]+)»")
#: A paragraph of the text (lines up to a blank line).
PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")


def find_quotations(ctx: ArticleContext) -> None:
    """The ``quotes`` table: direct quotations first, then reported speech outside them.

    Reads the text, the doc and the actors of its tokens; adds the quotation rows and
    ``quote_spans`` / ``quote_speakers``, which the events step uses to resolve "we" and to link
    an event to the quotation it was said in.
    """
    direct_cues = find_direct_quotations(ctx)
    find_reported_speech(ctx, direct_cues)


def find_direct_quotations(ctx: ArticleContext) -> set[int]:
    """Direct quotations with their cue (reporting verb: "…,” X said", "X said: “…”", or a cue
    in the next sentence) and speaker (the cue's subject; a continuation in the same paragraph
    keeps the previous speaker). Short quotations without a cue are scare quotes and skipped.
    Returns the token indices of the cues used."""
    doc, art = ctx.doc, ctx.article
    direct_cues: set[int] = set()
    for para in PARAGRAPH.finditer(art.text):
        previous_speaker = None  # "…,” he said. “…”: a continuation keeps the speaker
        for m in QUOTATION.finditer(para.group(0)):
            qs, qe = para.start() + m.start(), para.start() + m.end()
            inner = next(g for g in m.groups() if g is not None)
            cue = cue_near(ctx, qs, qe)
            if cue is None and len(inner.split()) < 6:
                continue  # scare quotes
            speaker = None
            cue_text = None
            if cue is None and previous_speaker is None:
                cue = cue_in_next_sentence(ctx, qe)  # "“…” Ortiz said the troops would stay."
            if cue is not None:
                direct_cues.add(cue.i)
                cue_text = cue.lower_
                subj = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    ids = actors_of(ctx, subj[0])
                    speaker = ids[0] if ids else None
            elif previous_speaker is not None:
                speaker = previous_speaker
            previous_speaker = speaker
            if speaker is not None:
                ctx.quote_speakers.append((qs, qe, speaker))
            quote_id = f"{art.article_id}:q{qs}"
            ctx.out.quotes.append({
                "quote_id": quote_id, "article_id": art.article_id,
                "sentence_id": ctx.sent_of.get(token_at(doc, qs + 1).i), "speaker_actor_id": speaker,
                "cue": cue_text, "text": inner.strip().rstrip(",").strip(), "start": qs + 1, "end": qe - 1,
                "kind": "direct",
            })
            ctx.quote_spans.append((qs, qe, quote_id))
    return direct_cues


def find_reported_speech(ctx: ArticleContext, direct_cues: set[int]) -> None:
    """Reported speech ("X said that …"): the clausal complement of a cue outside any quotation,
    whose subject names an actor (the speaker); cues of direct quotations are skipped."""
    art, text = ctx.article, ctx.article.text
    for tok in tokens_of_pos(ctx.doc, "VERB"):
        if tok.lemma_.lower() not in cameo.CUES or tok.i in direct_cues:
            continue
        if ctx.in_quote(tok.idx):
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        if not comps:
            continue
        sub = list(comps[0].subtree)
        s_char, e_char = sub[0].idx, sub[-1].idx + len(sub[-1].text)
        if sub[0].lower_ == "that":
            s_char = sub[1].idx if len(sub) > 1 else s_char
        if ctx.in_quote(s_char):
            continue
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        ids = actors_of(ctx, subj[0]) if subj else []
        if not ids:
            continue
        quote_id = f"{art.article_id}:q{s_char}"
        ctx.out.quotes.append({
            "quote_id": quote_id, "article_id": art.article_id, "sentence_id": ctx.sent_of.get(tok.i),
            "speaker_actor_id": ids[0], "cue": tok.lower_, "text": text[s_char:e_char].strip(),
            "start": s_char, "end": e_char, "kind": "reported",
        })
        ctx.quote_spans.append((s_char, e_char, quote_id))


def cue_near(ctx: ArticleContext, qs: int, qe: int):
    """The reporting verb of a direct quotation: right after the closing mark ("…,” X said") or
    right before the opening one ("X said: “…”").

    Only the tokens starting within 60 characters of the marks are looked at, found by bisecting the
    tokens' offsets (:attr:`ArticleContext.token_starts`) rather than by walking the document."""
    doc, starts = ctx.doc, ctx.token_starts
    for i in range(bisect_left(starts, qe), bisect_left(starts, qe + 60)):
        t = doc[i]
        if t.text in (".", "\n\n", "“", "\""):
            break
        if t.pos_ == "VERB" and t.lemma_.lower() in cameo.CUES:
            return t
    for i in reversed(range(bisect_left(starts, qs - 60), bisect_left(starts, qs))):
        t = doc[i]
        if t.text in (".", "\n\n", "”"):
            break
        if t.pos_ == "VERB" and t.lemma_.lower() in cameo.CUES:
            between = ctx.parsed_text[t.idx + len(t.text):qs]
            return t if re.fullmatch(r"\s*[,:]?\s*", between) else None
    return None


def cue_in_next_sentence(ctx: ArticleContext, qe: int):
    """A reporting verb with a subject at the start of the sentence after a quotation that has
    none of its own (the speaker in the next sentence, in the same paragraph)."""
    nxt = next((sent for sent in ctx.sents if sent.start_char >= qe and sent.text.strip()), None)
    if nxt is None or nxt.start_char - qe > 3 or "\n" in ctx.parsed_text[qe:nxt.start_char]:
        return None  # not right after it, or in the next paragraph
    for t in list(nxt)[:8]:
        if t.pos_ == "VERB" and t.lemma_.lower() in cameo.CUES and any(
                c.dep_ == "nsubj" and c.lower_ not in REPORTING_PRONOUNS for c in t.children):
            return t
    return None
