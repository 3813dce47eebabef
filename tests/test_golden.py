"""Behaviour unchanged: a build of fixed inputs gives exactly the golden tables (see tests/golden/golden.py).

When a change is meant to move the output, regenerate with
``python tests/golden/golden.py --regenerate`` and say why in the commit.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))
import golden  # noqa: E402


@pytest.mark.parametrize("name", golden.SETS)
def test_build_matches_golden_tables(name):
    if name != "seed" and not golden.CORPUS.is_dir():
        pytest.skip(f"press-release corpus absent ({golden.CORPUS}); it comes with ../shared")
    expected = golden.load(name)
    assert expected, f"no golden files for {name}: run python tests/golden/golden.py --regenerate {name}"
    got = golden.build(name)
    assert sorted(got) == sorted(expected)
    for table in expected:
        assert_frame_equal(got[table], expected[table], check_row_order=True)
