"""Corrections by the analyst: typed records and the append-only corrections file.

A correction fixes what the extraction got wrong — two actors that are one, a wrong namesake on the
map, an event that did not happen, an article that is not news. Each is one JSON object per line of
``corrections.jsonl`` in the data folder (human-readable, append-only: an undo is a new row that
revokes an earlier row's id, never a deletion)::

    {"id": "c-3f2a…", "who": "Ana", "when": "2026-12-02T08:01:12Z", "kind": "merge_actors",
     "target": {"actor_id": "group:usa-representative", "name": "American representatives"},
     "value": {"into": "country:USA", "into_name": "United States"}, "why": "same actor"}

Targets are keyed by stable ids and text spans (actor ids, article id plus character offsets and
mention text, event ids with the verb's offset), so a rebuild or an incremental build keeps them.
:func:`dashboard.corrections_apply.apply` applies them to the tables; actor merges and renames are
also written to the actor dictionary (:func:`sync_dictionary`) so that later builds use them.
The pipeline side: no Streamlit here.
"""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

#: File name of the corrections file inside a data folder.
CORRECTIONS_FILE = "corrections.jsonl"
#: Actor dictionary written inside the data folder when the setting ``actor_dictionary`` is empty.
DATA_DICTIONARY_FILE = "actor_dictionary.yaml"

#: The kinds of correction, with the target keys and value keys each one needs.
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "merge_actors": (("actor_id",), ("into",)),
    "set_actor": (("actor_id",), ("field", "new")),
    "move_place": (("article_id", "start", "end", "text"), ("scope",)),
    "reject_event": (("event_id",), ()),
    "change_event": (("event_id",), ("field", "new")),
    "hide_article": (("article_id",), ()),
    "undo": ((), ("revokes",)),
}
#: Actor fields a ``set_actor`` correction may change.
ACTOR_FIELDS = ("name", "kind", "country", "role")
#: Event fields a ``change_event`` correction may change.
EVENT_FIELDS = ("cameo_code", "source_actor_id", "target_actor_id", "modality")
#: Scopes of a ``move_place`` correction: this mention, every mention of the name in the article,
#: every mention of the name in the corpus (names compared case-insensitively).
PLACE_SCOPES = ("mention", "article", "corpus")
#: Event modalities (as :data:`dashboard.nlp.modality.MODALITIES`; no spaCy import here).
MODALITIES = ("asserted", "negated", "denied", "hypothetical", "question", "future")


class CorrectionError(ValueError):
    """A correction is malformed (unknown kind, missing target key or value)."""


def now_utc() -> str:
    """The current time in UTC as ISO 8601 with seconds (``2026-12-02T08:01:12Z``)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Correction:
    """One correction: who made it, when (UTC, ISO 8601), what kind, its target keys, the new value
    and why. ``id`` is unique per correction (kept when imported elsewhere)."""

    kind: str
    target: dict = field(default_factory=dict)
    value: dict = field(default_factory=dict)
    who: str = ""
    why: str = ""
    when: str = field(default_factory=now_utc)
    id: str = field(default_factory=lambda: "c-" + uuid.uuid4().hex[:16])

    def __post_init__(self):
        check(self)

    def to_json(self) -> str:
        """The correction as one line of JSON (no newline)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, raw: dict) -> "Correction":
        """A correction from a parsed JSON object.

        Raises
        ------
        CorrectionError
            If keys are missing or the correction is malformed.
        """
        if not isinstance(raw, dict):
            raise CorrectionError("a correction must be a JSON object")
        missing = [k for k in ("id", "kind", "when") if not raw.get(k)]
        if missing:
            raise CorrectionError(f"missing {', '.join(missing)}")
        return cls(kind=str(raw["kind"]), target=dict(raw.get("target") or {}), value=dict(raw.get("value") or {}),
                   who=str(raw.get("who") or ""), why=str(raw.get("why") or ""), when=str(raw["when"]),
                   id=str(raw["id"]))

    def describe(self) -> str:
        """A one-line human description (``merge actor group:x into country:USA``)."""
        t, v = self.target, self.value
        if self.kind == "merge_actors":
            return f"merge {t.get('name') or t['actor_id']} into {v.get('into_name') or v['into']}"
        if self.kind == "set_actor":
            return f"set {v['field']} of {t.get('name') or t['actor_id']} to {v['new']!r}"
        if self.kind == "move_place":
            where = v.get("place_name") or v.get("place_id") or f"({v.get('latitude')}, {v.get('longitude')})"
            return f"move '{t['text']}' ({v['scope']}) to {where}"
        if self.kind == "reject_event":
            return f"reject event {t['event_id']}"
        if self.kind == "change_event":
            return f"set {v['field']} of event {t['event_id']} to {v['new']!r}"
        if self.kind == "hide_article":
            return f"hide article {t.get('title') or t['article_id']}"
        return f"undo {v['revokes']}"


def check(c: Correction) -> None:
    """Validate ``c``: known kind, target and value keys present, values in their vocabularies.

    Raises
    ------
    CorrectionError
        With a message naming what is wrong.
    """
    if c.kind not in KINDS:
        raise CorrectionError(f"unknown kind {c.kind!r} (one of {', '.join(KINDS)})")
    keys, values = KINDS[c.kind]
    missing = [k for k in keys if k not in c.target] + [k for k in values if k not in c.value]
    if missing:
        raise CorrectionError(f"{c.kind}: missing {', '.join(missing)}")
    v = c.value
    if c.kind == "set_actor" and v["field"] not in ACTOR_FIELDS:
        raise CorrectionError(f"set_actor: field must be one of {', '.join(ACTOR_FIELDS)}")
    if c.kind == "change_event" and v["field"] not in EVENT_FIELDS:
        raise CorrectionError(f"change_event: field must be one of {', '.join(EVENT_FIELDS)}")
    if c.kind == "change_event" and v["field"] == "modality" and v["new"] not in MODALITIES:
        raise CorrectionError(f"change_event: modality must be one of {', '.join(MODALITIES)}")
    if c.kind == "change_event" and v["field"] == "cameo_code":
        from dashboard.cameo import CODES

        if v["new"] not in CODES:
            raise CorrectionError(f"change_event: {v['new']!r} is not a CAMEO code")
    if c.kind == "move_place":
        if v["scope"] not in PLACE_SCOPES:
            raise CorrectionError(f"move_place: scope must be one of {', '.join(PLACE_SCOPES)}")
        if not v.get("place_id") and (v.get("latitude") is None or v.get("longitude") is None):
            raise CorrectionError("move_place: a place_id or typed latitude and longitude")
        if v.get("latitude") is not None and not (-90 <= float(v["latitude"]) <= 90
                                                   and -180 <= float(v["longitude"]) <= 180):
            raise CorrectionError("move_place: latitude must be in [-90, 90] and longitude in [-180, 180]")
    if c.kind == "merge_actors" and v["into"] == c.target["actor_id"]:
        raise CorrectionError("merge_actors: an actor cannot be merged into itself")


@dataclass
class Problem:
    """A line of the corrections file that could not be read (``line`` is 1-based)."""

    line: int
    reason: str


@dataclass
class Loaded:
    """The rows of a corrections file, in file order, and the lines that could not be read."""

    rows: list[Correction]
    problems: list[Problem]

    def active(self) -> list[Correction]:
        """The corrections in force: not undo rows and not revoked by an undo, ordered by time
        (then file order), so an import gives the same order wherever it is merged."""
        revoked = {c.value["revokes"] for c in self.rows if c.kind == "undo"}
        order = {c.id: i for i, c in enumerate(self.rows)}
        live = [c for c in self.rows if c.kind != "undo" and c.id not in revoked]
        return sorted(live, key=lambda c: (c.when, order[c.id]))

    def revoked(self) -> set[str]:
        """Ids of the corrections an undo revoked."""
        return {c.value["revokes"] for c in self.rows if c.kind == "undo"}


def parse(text: str) -> Loaded:
    """Read the lines of a corrections file; unreadable lines (a torn last line after a crash,
    hand edits gone wrong) are reported as :class:`Problem`, never raised. A repeated id is kept once."""
    rows, problems, seen = [], [], set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            c = Correction.from_dict(json.loads(line))
        except (json.JSONDecodeError, CorrectionError, TypeError, ValueError) as exc:
            problems.append(Problem(n, f"{type(exc).__name__}: {exc}"))
            continue
        if c.id not in seen:
            seen.add(c.id)
            rows.append(c)
    return Loaded(rows, problems)


def corrections_path(data_dir: Path | str) -> Path:
    """The corrections file of a data folder."""
    return Path(data_dir) / CORRECTIONS_FILE


def read(data_dir: Path | str) -> Loaded:
    """The corrections of ``data_dir`` (none when the file is missing)."""
    path = corrections_path(data_dir)
    try:
        return parse(path.read_text(encoding="utf-8", errors="replace"))
    except FileNotFoundError:
        return Loaded([], [])


def stamp(data_dir: Path | str) -> str:
    """A cheap fingerprint of the corrections file (size and modification time, ns): a cache key
    that changes with every append."""
    try:
        st = corrections_path(data_dir).stat()
    except FileNotFoundError:
        return "none"
    return f"{st.st_size}-{st.st_mtime_ns}"


def append(data_dir: Path | str, corrections: list[Correction]) -> None:
    """Append ``corrections`` to the file of ``data_dir``, each as one whole line.

    The lines are written with one ``write`` on a file opened for appending, under an exclusive
    lock, then ``fsync``-ed; a torn last line left by a crash is first ended with a newline so the
    new rows stay readable.

    Raises
    ------
    OSError
        If the file cannot be written.
    """
    if not corrections:
        return
    path = corrections_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = "".join(c.to_json() + "\n" for c in corrections).encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        if size:
            with open(path, "rb") as f:
                f.seek(size - 1)
                if f.read(1) != b"\n":
                    payload = b"\n" + payload
        os.write(fd, payload)
        os.fsync(fd)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def undo(data_dir: Path | str, correction_id: str, who: str, why: str = "") -> Correction:
    """Revoke the correction ``correction_id`` with a new ``undo`` row (returned).

    Raises
    ------
    CorrectionError
        If no such correction exists, it is an undo itself, or it is already revoked.
    """
    loaded = read(data_dir)
    by_id = {c.id: c for c in loaded.rows}
    if correction_id not in by_id:
        raise CorrectionError(f"no correction {correction_id}")
    if by_id[correction_id].kind == "undo":
        raise CorrectionError("an undo cannot be undone; make the correction again")
    if correction_id in loaded.revoked():
        raise CorrectionError(f"{correction_id} is already undone")
    row = Correction("undo", {}, {"revokes": correction_id}, who=who, why=why)
    append(data_dir, [row])
    return row


def import_text(data_dir: Path | str, text: str) -> tuple[int, list[Problem]]:
    """Merge the corrections of another file (its text) into ``data_dir``'s file.

    Rows whose id is already there are skipped (an import twice adds nothing); unreadable lines
    are reported. Returns the number of rows added and the problems.
    """
    incoming = parse(text)
    have = {c.id for c in read(data_dir).rows}
    new = [c for c in incoming.rows if c.id not in have]
    append(data_dir, new)
    return len(new), incoming.problems


def export_text(data_dir: Path | str) -> str:
    """The corrections file of ``data_dir`` as text (empty when there is none): the download."""
    try:
        return corrections_path(data_dir).read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def dictionary_path(data_dir: Path | str, setting: str) -> Path:
    """The actor dictionary corrections write to: the setting ``actor_dictionary`` when set, else
    ``actor_dictionary.yaml`` in the data folder (which a build of that folder then reads)."""
    return Path(setting) if setting else Path(data_dir) / DATA_DICTIONARY_FILE
