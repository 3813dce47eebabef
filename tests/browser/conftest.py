"""Shared fixtures of the browser tests: one Chromium (Playwright's sync API) for the whole session.

Playwright's sync API cannot be started twice at once in one process, so every browser test module
uses this session fixture instead of launching its own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts import streamlit_server as srv  # noqa: E402


@pytest.fixture(scope="session")
def browser_context():
    """A Playwright browser context of Debian's Chromium (headless), shared by every browser test."""
    with srv.chromium() as context:
        yield context
