"""Fixtures shared by the browser tests: one Chromium (one sync Playwright) for the whole session, since
Playwright's sync API cannot run twice at once in one process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts import streamlit_server as srv  # noqa: E402


@pytest.fixture(scope="session")
def browser_context():
    """A Chromium browser context for every browser test (``srv.chromium``)."""
    with srv.chromium() as context:
        yield context
