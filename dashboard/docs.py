"""Generated parts of the README: the data dictionary and the settings table.

Sections sit between ``<!-- BEGIN name -->`` and ``<!-- END name -->`` markers;
``python -m dashboard docs`` rewrites them and ``--check`` fails when they are out of date.
"""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.schema import data_dictionary_markdown
from dashboard.settings import describe


def settings_markdown() -> str:
    """The settings table as Markdown: setting, environment variable, default, meaning."""
    lines = ["| setting | environment variable | default | meaning |", "|---|---|---|---|"]
    for row in describe():
        default = f"`{row['default']}`" if row["default"] else "(empty)"
        lines.append(f"| `{row['name']}` | `{row['env']}` | {default} | {row['help']} |")
    return "\n".join(lines) + "\n"


def corrections_markdown() -> str:
    """The data dictionary of the corrections file: its fields, then its kinds."""
    from dashboard.corrections import FIELDS, KIND_DOCS

    lines = ["| field | meaning |", "|---|---|"] + [f"| `{k}` | {v} |" for k, v in FIELDS.items()]
    lines += ["", "| kind | target and value |", "|---|---|"] + [f"| `{k}` | {v} |" for k, v in KIND_DOCS.items()]
    return "\n".join(lines) + "\n"


SECTIONS = {"schema": data_dictionary_markdown, "settings": settings_markdown, "corrections": corrections_markdown}


def render(text: str) -> str:
    """``text`` with every generated section replaced by its current content.

    Raises
    ------
    ValueError
        If a section's markers are missing.
    """
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)", re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"README has no <!-- BEGIN {name} --> … <!-- END {name} --> section")
        text = pattern.sub(lambda m: m.group(1) + make().rstrip("\n") + "\n" + m.group(2), text)
    return text


def update(readme: Path, check: bool = False) -> bool:
    """Rewrite the generated sections of ``readme``; with ``check`` only report. Returns True when
    the file was already up to date."""
    old = readme.read_text(encoding="utf-8")
    new = render(old)
    if new != old and not check:
        readme.write_text(new, encoding="utf-8")
    return new == old
