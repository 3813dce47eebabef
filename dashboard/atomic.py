"""Crash safety of the store's writes: the atomic folder swap, the repair of a build killed
mid-swap, and the test hook that kills a build at a named point (used by :mod:`dashboard.store`,
which re-exports these names)."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
from pathlib import Path

MANIFEST = "manifest.json"
#: Test hook: a build process kills itself (SIGKILL) when it reaches the named point, e.g.
#: ``write:events`` (after writing events into the temporary folder), ``swap`` (between the two
#: renames of the fallback swap), ``article:3`` (after extracting 3 articles). Used by the tests that
#: prove a killed build leaves the store readable.
CRASH_ENV = "NEWSDASH_TEST_CRASH_AT"


def crash_point(name: str) -> None:
    """Kill this process with SIGKILL when ``$NEWSDASH_TEST_CRASH_AT`` equals ``name`` (tests only)."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False when unsupported."""
    if os.environ.get(CRASH_ENV) == "swap":
        return False  # exercise the two-rename fallback
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    rc = fn(AT_FDCWD, os.fsencode(str(a)), AT_FDCWD, os.fsencode(str(b)), RENAME_EXCHANGE)
    return rc == 0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out_dir: Path) -> None:
    """Repair ``out_dir`` after a build killed mid-swap, and remove leftovers of dead builds.

    When ``out_dir`` is missing but a complete new folder (with its manifest) or the previous folder
    is beside it, that folder is renamed back into place. Temporary folders of builds whose process
    is gone are removed.
    """
    out_dir = Path(out_dir)
    parent = out_dir.parent
    if not parent.is_dir():
        return
    pattern = re.compile(rf"^\.{re.escape(out_dir.name)}\.(tmp|old)-(\d+)-")
    leftovers = []
    for p in parent.iterdir():
        m = pattern.match(p.name)
        if m and p.is_dir() and not _pid_alive(int(m.group(2))):
            leftovers.append((m.group(1), p))
    if not out_dir.exists():
        complete = sorted((p for kind, p in leftovers if kind == "tmp" and (p / MANIFEST).is_file()),
                          key=lambda p: p.stat().st_mtime, reverse=True)
        previous = [p for kind, p in leftovers if kind == "old"]
        for candidate in complete + previous:
            try:
                os.replace(candidate, out_dir)
                break
            except OSError:
                continue
    for _, p in leftovers:
        if p.exists():
            shutil.rmtree(p, ignore_errors=True)
