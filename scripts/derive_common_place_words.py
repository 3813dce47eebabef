"""Derive the packaged list of place names that are common English words.

    python scripts/derive_common_place_words.py [/usr/share/dict/words]

Writes ``dashboard/gazetteer/data/common_place_words.txt``: one lower-case word a line, each
(1) the whole name of an entry of the packaged gazetteer ("union", "liberty", "concord"), (2) an
entry of the word list in lower case (Debian's ``wamerican``, SCOWL: "union" is, "huntsville"
and "laguna" are not) and (3) a noun or adjective of the spaCy model's lemmatizer index. Read by
:func:`dashboard.nlp.name_modifiers.common_place_word`. Run again after the gazetteer's sources change.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.pipeline import resources  # noqa: E402
from dashboard.settings import Settings  # noqa: E402

OUT = ROOT / "dashboard" / "gazetteer" / "data" / "common_place_words.txt"


def main() -> None:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dict/words")
    lower = {w for w in src.read_text(encoding="utf-8").split() if w.isascii() and w.isalpha() and w.islower()}
    nlp, gaz = resources(Settings.from_env({}))
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    english = {w for pos in ("noun", "adj") for w in index.get(pos)}
    words = sorted(k for k in gaz.index.keys() if k in lower and k in english)
    OUT.write_text("".join(w + "\n" for w in words), encoding="utf-8")
    print(f"{len(words)} words -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
