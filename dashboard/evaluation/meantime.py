"""Reader for MEANTIME (NewsReader Multilingual Event and Time Corpus, English), CAT XML.

MEANTIME (Minard et al., LREC 2016; CC BY 4.0) annotates English Wikinews articles with entity
mentions (PER, ORG, LOC, PRO, FIN, MIX), in-document coreference (``REFERS_TO`` from mentions to an
``ENTITY``), cross-document entity instances (the ``instance_id`` of an ``ENTITY`` in the
``intra_cross-doc_annotation`` layer), event mentions with factuality attributes and TIMEX3.

The text is rebuilt from the tokens: sentence 0 (the title) is the first paragraph, sentence 1 (the
date line) is left out, and the body sentences (2 …) follow as the second paragraph, joined with a
space. Tokens are joined with a space except before closing punctuation and after opening brackets
(:func:`detokenise`); every token keeps its character span, so gold markables map to character offsets
of the rebuilt text. Only the first sentences of each article are annotated: :attr:`Document.last_annotated`
is the last sentence with any markable, and scores must leave out output beyond it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

#: Tokens written without a space before them.
NO_SPACE_BEFORE = {".", ",", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "’s", "'", "n't", "'re", "'ve", "'ll", "'d", "'m"}
#: Tokens written without a space after them.
NO_SPACE_AFTER = {"(", "[", "{", "$", "US$", "#"}
TITLE_SENTENCE, DATELINE_SENTENCE = 0, 1


@dataclass
class Mention:
    """A gold entity mention: character span in :attr:`Document.text`, sentence, type and clusters.

    ``chain`` is the in-document ``ENTITY`` it refers to (``doc_id:m_id``), ``instance`` the
    cross-document instance id (falls back to ``chain`` when the entity has none), ``ent_type`` one of
    PER, ORG, LOC, PRO, FIN, MIX (None when the mention refers to no entity), ``syntactic_type`` NAM
    (a name), NOM, PRO, … or empty.
    """

    m_id: str
    start: int
    end: int
    sentence: int
    syntactic_type: str
    ent_type: str | None = None
    chain: str | None = None
    instance: str | None = None


@dataclass
class EventMention:
    """A gold event mention with its factuality attributes (certainty, polarity, time) and span."""

    m_id: str
    start: int
    end: int
    sentence: int
    pred: str
    certainty: str
    polarity: str
    time: str


@dataclass
class Timex:
    """A gold TIMEX3: span (None for the creation time, which has no tokens), type and value."""

    start: int | None
    end: int | None
    sentence: int | None
    type: str
    value: str
    function: str


@dataclass
class Document:
    """One MEANTIME article: rebuilt text and its gold markables."""

    doc_id: str
    name: str
    topic: str
    title: str
    text: str
    dct: datetime | None
    sentence_spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    last_annotated: int = 0

    def annotated(self, start: int) -> bool:
        """Whether character offset ``start`` lies in a sentence up to :attr:`last_annotated`."""
        end = self.sentence_spans.get(self.last_annotated, (0, 0))[1]
        return start < end


def detokenise(tokens: list[tuple[str, int, str]]) -> tuple[str, str, dict[str, tuple[int, int]], dict[int, tuple[int, int]]]:
    """Rebuild title and text from ``(t_id, sentence, token)`` triples.

    Returns
    -------
    (title, text, spans, sentence_spans)
        ``spans`` maps a token id to its ``(start, end)`` character offsets in ``text`` (title tokens
        included: the title is the text's first paragraph); ``sentence_spans`` maps a sentence number
        to its character span. Date-line tokens (sentence 1) get no span.
    """
    parts: list[str] = []
    pos = 0
    spans: dict[str, tuple[int, int]] = {}
    sentence_spans: dict[int, tuple[int, int]] = {}
    prev_tok, prev_sent = None, None
    for t_id, sent, tok in tokens:
        if sent == DATELINE_SENTENCE:
            continue
        if prev_tok is None:
            sep = ""
        elif sent != prev_sent and prev_sent == TITLE_SENTENCE:
            sep = "\n\n"
        elif tok in NO_SPACE_BEFORE or prev_tok in NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        parts.append(sep)
        pos += len(sep)
        spans[t_id] = (pos, pos + len(tok))
        start = sentence_spans.get(sent, (pos, pos))[0]
        sentence_spans[sent] = (start, pos + len(tok))
        parts.append(tok)
        pos += len(tok)
        prev_tok, prev_sent = tok, sent
    text = "".join(parts)
    title_end = sentence_spans.get(TITLE_SENTENCE, (0, 0))[1]
    return text[:title_end], text, spans, sentence_spans


def _span(elem, spans, sentence_of) -> tuple[int, int, int] | None:
    ids = [a.get("t_id") for a in elem.findall("token_anchor") if a.get("t_id") in spans]
    if not ids:
        return None
    return spans[ids[0]][0], spans[ids[-1]][1], sentence_of[ids[0]]


def _dct(value: str | None) -> datetime | None:
    try:
        return datetime.strptime(value or "", "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def read_document(path: Path) -> Document:
    """Read one CAT XML file of either layer (a mention's ``instance`` is its entity's
    ``instance_id``, which the ``intra_cross-doc_annotation`` layer gives to every entity).

    Raises
    ------
    xml.etree.ElementTree.ParseError
        If the file is not well-formed XML.
    """
    root = ET.parse(path).getroot()
    doc_id = root.get("doc_id") or path.stem
    tokens = [(t.get("t_id"), int(t.get("sentence")), t.text or "") for t in root.findall("token")]
    sentence_of = {t_id: sent for t_id, sent, _ in tokens}
    title, text, spans, sentence_spans = detokenise(tokens)
    markables = root.find("Markables")
    markables = markables if markables is not None else ET.Element("Markables")
    doc = Document(doc_id=doc_id, name=root.get("doc_name") or path.stem, topic=path.parent.name, title=title,
                   text=text, dct=None, sentence_spans=sentence_spans)
    entity_type = {e.get("m_id"): e.get("ent_type") for e in markables.findall("ENTITY")}
    instance = {e.get("m_id"): e.get("instance_id") for e in markables.findall("ENTITY") if e.get("instance_id")}
    refers = {}
    for rel in root.iter("REFERS_TO"):
        target = rel.find("target")
        for src in rel.findall("source"):
            refers[src.get("m_id")] = target.get("m_id") if target is not None else None
    sentences = []
    for m in markables.findall("ENTITY_MENTION"):
        span = _span(m, spans, sentence_of)
        if span is None:
            continue
        ent = refers.get(m.get("m_id"))
        chain = f"{doc_id}:{ent}" if ent else None
        doc.mentions.append(Mention(m.get("m_id"), *span, syntactic_type=m.get("syntactic_type") or "",
                                    ent_type=entity_type.get(ent), chain=chain,
                                    instance=instance.get(ent) or chain))
        sentences.append(span[2])
    for m in markables.findall("EVENT_MENTION"):
        span = _span(m, spans, sentence_of)
        if span is None:
            continue
        doc.events.append(EventMention(m.get("m_id"), *span, pred=m.get("pred") or "",
                                       certainty=m.get("certainty") or "", polarity=m.get("polarity") or "",
                                       time=m.get("time") or ""))
        sentences.append(span[2])
    for t in markables.findall("TIMEX3"):
        span = _span(t, spans, sentence_of)
        if t.get("functionInDocument") == "CREATION_TIME":
            doc.dct = _dct(t.get("value"))
        if span is None:
            continue
        doc.timexes.append(Timex(*span, type=t.get("type") or "", value=t.get("value") or "",
                                 function=t.get("functionInDocument") or ""))
        sentences.append(span[2])
    doc.last_annotated = max(sentences, default=0)
    return doc


INTRA, CROSS = "intra-doc_annotation", "intra_cross-doc_annotation"


def read_corpus(corpus: Path, layer: str = INTRA, limit: int | None = None) -> list[Document]:
    """Read every article (``<layer>/<topic>/*.xml``, sorted by path) of a MEANTIME folder.

    ``layer`` is :data:`INTRA` (in-document coreference and factuality) or :data:`CROSS` (adds
    mentions and the cross-document instance of every entity).

    Raises
    ------
    FileNotFoundError
        If ``corpus`` has no such layer folder.
    """
    folder = Path(corpus) / layer
    if not folder.is_dir():
        raise FileNotFoundError(f"{corpus}: no {layer}/ folder (is this MEANTIME?)")
    return [read_document(path) for path in sorted(folder.glob("*/*.xml"))[:limit]]
