"""The house rules on size, checked on the whole package (issue 11: one room per extraction step).

No module under ``dashboard/`` is over 500 lines (the hard limit) and none is over about 400; no
function is over about 80 lines unless its docstring says why it must be longer (a line starting
"Longer than 80 lines because"). The arrows point one way: nothing below the views imports Streamlit
or a view, and the extraction side imports no query module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"
MODULES = sorted(PACKAGE.rglob("*.py"))
SOFT_MODULE, HARD_MODULE, FUNCTION = 420, 500, 85  # "about" 400 and 80: a few lines of slack, no more


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_is_small_enough_to_read_in_one_sitting(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= HARD_MODULE, f"{path.relative_to(PACKAGE)}: {lines} lines (hard limit {HARD_MODULE})"
    assert lines <= SOFT_MODULE, f"{path.relative_to(PACKAGE)}: {lines} lines (about 400 at most)"


def long_functions(source: str) -> list[str]:
    """Names (with lengths) of the functions in ``source`` over the limit whose docstring says nothing."""
    long = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > FUNCTION and "Longer than 80 lines because" not in (ast.get_docstring(node) or ""):
                long.append(f"{node.name} ({length} lines)")
    return long


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_functions_are_short_or_say_why(path: Path):
    long = long_functions(path.read_text(encoding="utf-8"))
    assert not long, f"{path.relative_to(PACKAGE)}: functions over about 80 lines: {', '.join(long)}"


def test_the_function_check_reports_a_long_function_unless_its_docstring_says_why():
    body = "\n".join(f"        x{i} = {i}" for i in range(FUNCTION + 1))
    source = f"class C:\n    def long(self):\n{body}\n\n    def short(self):\n        return 1\n"
    assert long_functions(source) == [f"long ({FUNCTION + 2} lines)"]
    reason = '        """Longer than 80 lines because it is a generated table."""\n'
    assert long_functions(source.replace("(self):\n        x0", "(self):\n" + reason + "        x0", 1)) == []


#: Modules below the views (issue 11's arrows: app.py -> views -> query -> store and schema; cli ->
#: pipeline -> nlp -> geo -> gazetteer). None of them imports Streamlit or a view; the extraction side
#: (pipeline, nlp, geo, gazetteer, ingest, dates, store) imports no query module either.
EXTRACTION_SIDE = ("nlp", "ingest", "dates", "gazetteer", "geo", "geo_", "store", "pipeline", "canonical")


def _imported_modules(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
    return out


@pytest.mark.parametrize("path", [p for p in MODULES if p.parts[len(PACKAGE.parts)] != "views"],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_arrows_point_one_way(path: Path):
    rel = path.relative_to(PACKAGE)
    imported = _imported_modules(path)
    up = {m for m in imported if m.split(".")[0] == "streamlit" or m.startswith("dashboard.views")}
    assert not up, f"{rel} imports {sorted(up)}: only app.py and dashboard/views/ may"
    if str(rel).startswith(EXTRACTION_SIDE):
        query = {m for m in imported if m.startswith("dashboard.query")}
        assert not query, f"{rel} (extraction side) imports {sorted(query)}"
