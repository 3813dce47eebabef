"""Showing untrusted text safely: article text, titles, authors, actor and place names, quotations,
URLs, file names and link parameters come from files nobody checked (issue 17).

Three renderers read markup, and each gets its own escaping here:

* Streamlit Markdown (``st.markdown``, ``st.caption``, ``st.warning``/``st.error``, widget labels and
  the option labels of ``st.pills``): :func:`md` escapes every Markdown and HTML character.
* Plotly text (hover templates, tick labels, annotations, text layers), which renders a subset of
  HTML (``<b>``, ``<a href>``, ``<br>``…): :func:`plotly_text` escapes ``&``, ``<`` and ``>``, which
  Plotly shows literally.
* Links (``st.link_button``, link columns): :func:`link` lets only ``http(s)`` URLs through, so a
  ``javascript:`` or ``data:`` URL is never offered.

Plain-text renderers (``st.text``, ``st.dataframe`` cells, ``st.selectbox`` and ``st.multiselect``
options) need nothing; the article reader's highlighted text is escaped by
:func:`dashboard.query.articles.highlight_html`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import polars as pl

#: Characters with a meaning in (GitHub-flavoured, Streamlit) Markdown or HTML, escaped by :func:`md`.
MD_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:&=\"'")
#: URL schemes a link may have.
LINK_SCHEMES = ("http", "https")


def md(text: object) -> str:
    """``text`` escaped for Streamlit Markdown: shown literally, on one line.

    Every Markdown/HTML character gets a backslash (so ``**x**``, ``[x](javascript:…)``,
    ``<script>``, ``:red[x]`` and ``# x`` are shown as typed), and line breaks become spaces (no
    heading or list can start on a new line).
    """
    s = re.sub(r"[\r\n\u2028\u2029]+", " ", "" if text is None else str(text))
    return "".join("\\" + ch if ch in MD_SPECIAL else ch for ch in s)


def plotly_text(text: object) -> str:
    """``text`` escaped for Plotly's pseudo-HTML (hover, ticks, annotations): ``&``, ``<``, ``>``
    become entities, which Plotly draws as the characters."""
    s = "" if text is None else str(text)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plotly_column(name: str) -> pl.Expr:
    """:func:`plotly_text` of a String column (nulls stay null)."""
    return (pl.col(name).cast(pl.String).str.replace_all("&", "&amp;", literal=True)
            .str.replace_all("<", "&lt;", literal=True).str.replace_all(">", "&gt;", literal=True))


def link(url: object) -> str | None:
    """``url`` when it is an absolute ``http(s)`` URL with a host, else None (``javascript:``,
    ``data:``, ``vbscript:``, relative and malformed URLs are never offered as links)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if any(ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


def link_column(name: str) -> pl.Expr:
    """``name`` with every value that :func:`link` refuses set to null."""
    return pl.col(name).map_elements(link, return_dtype=pl.String)
