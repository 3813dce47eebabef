"""The per-article context the extraction steps read and add to, and the records they produce.

:class:`ArticleContext` plays the part of spaCy's ``Doc`` in a pipeline of components: it holds
the article, its parsed doc and everything found so far (mentions, actors of tokens, toponyms,
quotations), and each step of :mod:`dashboard.nlp.extractor` reads some of its fields and fills
others. :class:`Extraction` is what leaves the stage: the rows of each table for one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dashboard.nlp.lexicon import IGOS
from dashboard.nlp.tokens import token_at
from dashboard.records import ActorObservation, Article, Place, Toponym  # noqa: F401 (ActorObservation re-exported)

if TYPE_CHECKING:  # only for the annotations: the context holds these, it does not import them
    from spacy.tokens import Doc, Span

    from dashboard.actor_dictionary import ActorDictionary
    from dashboard.gazetteer import Gazetteer


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
class Mention:
    """A named-entity mention kept for the ``entities`` table (token offsets into the doc)."""

    start: int  # token index
    end: int
    text: str
    label: str
    actor_id: str | None = None
    place_index: int | None = None  # index into ArticleContext.toponyms
    antecedent_sent: int | None = None  # a linked role phrase: sentence of its antecedent (the evidence)


@dataclass
class ArticleContext:
    """Everything the extraction steps know about one article, filled in step by step.

    Build it with :meth:`start`; the fields below the first block start empty and are added to by
    the steps named in their comments.
    """

    article: Article
    doc: Doc  # the parse of article.text (character offsets index the text)
    gazetteer: Gazetteer
    sents: list[Span] = field(default_factory=list)  # the doc's sentences, in order
    sent_of: dict[int, int] = field(default_factory=dict)  # token index -> sentence index
    token_starts: list[int] = field(default_factory=list)  # character offset of each token (doc order)
    _tokens_at: dict[int, object] = field(default_factory=dict)  # memo of token_at (character -> token)
    group_names: tuple[set[str], list[int]] | None = None  # toponyms.group_name_parts, once per article
    author_words: set[str] = field(default_factory=set)  # lower-cased authors and their surnames
    igo_present: set[str] = field(default_factory=set)  # canonical IGOs the text names (for "the alliance")
    out: Extraction = field(default_factory=Extraction)  # the rows of every step
    # memos of what spaCy recomputes on every access (Doc.text joins all tokens, Doc.ents walks them)
    _parsed_text: str | None = None
    _ents: tuple | None = None
    _speaking_persons: list[tuple[int, str]] | None = None  # actors.surname_speaks
    _person_tagged_orgs: dict[tuple[int, int], bool] = field(default_factory=dict)  # actors.person_tagged_org
    _org_names: list[str] | None = None  # actors.state_body_of_article: ORG entities without "the", "'s"
    _person_texts: set[str] | None = None  # name_glue.leading_glue: PERSON entities of two or more words
    _lower_words: set[str] | None = None  # name_glue.leading_glue: the words the article writes in lower case

    # toponyms.find_datelines
    dateline_span: tuple[int, int] | None = None  # characters of an inline dateline's place
    dictionary: ActorDictionary | None = None  # the user's actor dictionary (role holders), if any
    dateline_names: set[str] = field(default_factory=set)  # lower-cased dateline places
    place_texts: set[str] = field(default_factory=set)  # lower-cased GPE/LOC entities and dateline places
    # actors.find_persons, entities.find_named_entities: the registry of mentions and actors
    mentions: list[Mention] = field(default_factory=list)
    tok_actor: dict[int, str] = field(default_factory=dict)  # token index -> actor id
    person_at: list[tuple[int, str]] = field(default_factory=list)  # (token index, actor id) of persons
    place_like_persons: set[int] = field(default_factory=set)  # entity starts: PERSON that is a place
    person_like_places: set[int] = field(default_factory=set)  # entity starts: place/ORG that is a person
    org_like_persons: set[int] = field(default_factory=set)  # entity starts: PERSON that is a platform
    # toponyms (all steps that find one): Toponym records for geo and their place_mentions rows
    toponyms: list[Toponym] = field(default_factory=list)
    toponym_rows: list[dict] = field(default_factory=list)
    context_country_codes: set[str] | None = None  # cache of toponyms.context_countries
    person_name_words: set[str] | None = None  # cache of not_places.person_names
    framed_name_words: set[str] | None = None  # cache of name_frames.framed_names
    space_story: bool | None = None  # cache of name_frames.space_story
    name_lead_words: set[str] | None = None  # cache of name_modifiers.name_lead_words
    # toponyms.resolve_toponyms
    toponym_tokens: set[int] = field(default_factory=set)  # tokens of toponyms and their head nouns
    # quotes.find_quotations: (start char, end char, quote id / speaker actor id)
    quote_spans: list[tuple[int, int, str]] = field(default_factory=list)
    quote_speakers: list[tuple[int, int, str]] = field(default_factory=list)

    @classmethod
    def start(cls, article: Article, doc: Doc, gazetteer: Gazetteer) -> ArticleContext:
        """A context for ``article`` and its parsed ``doc``: sentences, authors' words and the
        international organisations the text names are read; nothing is extracted yet."""
        ctx = cls(article, doc, gazetteer)
        ctx.sents = list(doc.sents)
        for i, sent in enumerate(ctx.sents):
            for t in range(sent.start, sent.end):
                ctx.sent_of[t] = i
        ctx.token_starts = doc.to_array("IDX").tolist() if len(doc) else []
        for a in article.authors:
            ctx.author_words.add(a.lower())
            ctx.author_words.add(a.split()[-1].lower())
        lowered = article.text.lower()
        ctx.igo_present = {v for k, v in IGOS.items() if k in lowered and re.search(rf"\b{re.escape(k)}\b", lowered)}
        return ctx

    @property
    def parsed_text(self) -> str:
        """``doc.text``, the text spaCy parsed (:func:`dashboard.nlp.model.parse_text` of the
        article's: same offsets, headlines re-cased), read once per article."""
        if self._parsed_text is None:
            self._parsed_text = self.doc.text
        return self._parsed_text

    @property
    def ents(self) -> tuple:
        """``doc.ents`` as the extraction steps see them (repaired before the context starts and
        never changed after), read once per article."""
        if self._ents is None:
            self._ents = tuple(self.doc.ents)
        return self._ents

    # ------------------------------------------------------------------ the registries
    def observe(self, obs: ActorObservation) -> str:
        """Record a sighting of an actor; returns its id."""
        self.out.actors.append(obs)
        return obs.actor_id

    def add_toponym(self, text: str, role: str, qualifier: str | None, row: dict) -> int:
        """Record a toponym for resolution and its ``place_mentions`` row (completed by
        :func:`dashboard.nlp.toponyms.resolve_toponyms`); returns its index."""
        self.toponyms.append(Toponym(text=text, qualifier=qualifier, role=role))
        self.toponym_rows.append(row)
        return len(self.toponyms) - 1

    def on_dateline(self, ent: Span) -> bool:
        """True when entity ``ent`` overlaps the inline dateline's place."""
        return self.dateline_span is not None and (
            ent.start_char < self.dateline_span[1] and self.dateline_span[0] < ent.end_char)

    def written(self, start: int, end: int) -> str:
        """The article's own text of tokens ``start:end`` (the parsed text may be re-cased:
        :func:`dashboard.nlp.model.parse_text` keeps offsets, not case)."""
        if start >= end:
            return ""
        span = self.doc[start:end]
        return self.article.text[span.start_char:span.end_char] or span.text

    def token_at(self, char: int):
        """:func:`dashboard.nlp.tokens.token_at` of the doc, memoised (the events step asks for the
        same places' tokens once per trigger)."""
        tok = self._tokens_at.get(char)
        if tok is None:
            tok = self._tokens_at[char] = token_at(self.doc, char)
        return tok

    def in_quote(self, char: int) -> bool:
        """True when character ``char`` lies inside a quotation found so far."""
        return any(s <= char < e for s, e, _ in self.quote_spans)

    def speaker_at(self, char: int) -> str | None:
        """Actor id of the speaker of the direct quotation holding character ``char``, else None."""
        return next((sp for s, e, sp in self.quote_speakers if s <= char < e), None)

    def quote_of(self, char: int) -> str | None:
        """Id of the innermost quotation holding character ``char``, else None."""
        best = None
        for s, e, qid in self.quote_spans:
            if s <= char < e and (best is None or e - s < best[0]):
                best = (e - s, qid)
        return best[1] if best else None
