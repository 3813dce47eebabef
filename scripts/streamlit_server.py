"""Start the dashboard with ``streamlit run`` and drive it with Chromium: shared by the browser
tests (``tests/browser``) and the README screenshots (``scripts/screenshot.py``).

Only the standard library is imported at module level; Playwright is imported when a browser is
launched, so callers can check :func:`chromium_path` and :func:`have_playwright` first and skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"

#: Flags for Debian's Chromium in a container/CI: no sandbox, no GPU, no network chatter of its own.
#: SwiftShader (software WebGL) is enabled explicitly: the Plotly map is drawn with MapLibre GL.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]


def chromium_path() -> str | None:
    """Path of a Chromium executable: ``$CHROMIUM``, ``/usr/bin/chromium`` or ``chromium`` on PATH."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def have_playwright() -> bool:
    """True when the ``playwright`` Python package can be imported."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def free_port() -> int:
    """A TCP port that is free on localhost right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_data(raw: Path, out: Path, timeout: float = 600) -> Path:
    """Build the tables of ``raw`` into ``out`` with ``python -m dashboard build`` (a subprocess)."""
    subprocess.run(
        [sys.executable, "-m", "dashboard", "build", str(raw), "--out", str(out)],
        cwd=ROOT,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return out


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def streamlit_server(
    data_dir: Path | str,
    *,
    port: int | None = None,
    timeout: float = 120,
    env: dict[str, str] | None = None,
    log_path: Path | str | None = None,
) -> Iterator[str]:
    """Run ``streamlit run app.py`` on ``data_dir``; yield its base URL once healthy, stop it after.

    ``NEWSDASH_RAW_DIR`` points to a missing folder so the app never rebuilds; ``env`` adds or
    overrides variables. The server's output goes to ``log_path`` (a temporary file by default)
    and is quoted in the error when the server dies or does not become healthy within ``timeout``.
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    full_env = {
        **os.environ,
        "NEWSDASH_DATA_DIR": str(Path(data_dir).resolve()),
        "NEWSDASH_RAW_DIR": str(Path(tempfile.gettempdir()) / "newsdash-no-raw-dir"),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        **(env or {}),
    }
    if log_path is None:
        log_file = tempfile.NamedTemporaryFile("w+", prefix="streamlit-", suffix=".log", delete=False)
    else:
        log_file = open(log_path, "w+")
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=full_env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
    )

    def log_text() -> str:
        log_file.flush()
        return Path(log_file.name).read_text(errors="replace")[-4000:]

    try:
        deadline = time.monotonic() + timeout
        while not _healthy(url):
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log_text()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit not healthy at {url} after {timeout:.0f} s:\n{log_text()}")
            time.sleep(0.3)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # our own process group (start_new_session)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log_file.close()


@contextmanager
def chromium(width: int = 1400, height: int = 1000) -> Iterator[object]:
    """A Playwright browser context (Debian's Chromium, headless) with a ``width`` x ``height`` viewport."""
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    if exe is None:
        raise RuntimeError("Chromium not found (set $CHROMIUM or install Debian's chromium package)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            yield context
            context.close()
        finally:
            browser.close()


def wait_until_idle(page, timeout_ms: int = 60_000) -> None:
    """Wait until the app has finished its run: metrics drawn and no "Running…" status widget."""
    page.wait_for_selector('[data-testid="stMetric"]', timeout=timeout_ms)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
                 && !document.querySelector('[data-testid="stSkeleton"]')""",
        timeout=timeout_ms,
    )


#: JavaScript expression: the graph div of the Plotly map (the plot with a ``map`` subplot).
MAP_DIV_JS = "[...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout && g._fullLayout.map)"


def wait_for_map(page, timeout_ms: int = 60_000) -> None:
    """Wait until the Plotly map has drawn its markers (the figure's MapLibre map is loaded)."""
    page.wait_for_selector(".js-plotly-plot", timeout=timeout_ms)
    page.wait_for_function(
        f"""() => {{
            const gd = {MAP_DIV_JS};
            const sub = gd && gd._fullLayout.map._subplot;
            return !!(sub && sub.map && sub.map.loaded() && gd.calcdata && gd.calcdata.length);
        }}""",
        timeout=timeout_ms,
    )


def map_markers(page) -> list[dict]:
    """The map's markers in drawing order (a later one is drawn above): ``id`` (place_id), ``name``,
    page coordinates ``x``/``y``, ``radius`` in pixels and ``inside`` (within the visible map),
    projected with the figure's own MapLibre map."""
    return page.evaluate(
        f"""() => {{
            const gd = {MAP_DIV_JS};
            const m = gd._fullLayout.map._subplot.map;
            const r = m.getContainer().getBoundingClientRect();
            const out = [];
            gd._fullData.forEach(t => {{
                if (!t.customdata) return;
                const size = t.marker && t.marker.size;
                t.customdata.forEach((cd, j) => {{
                    const p = m.project([t.lon[j], t.lat[j]]);
                    const d = Array.isArray(size) ? size[j] : (size || 0);
                    out.push({{id: cd[0], name: cd[1], x: r.left + p.x, y: r.top + p.y, radius: d / 2,
                               inside: p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height}});
                }});
            }});
            return out;
        }}"""
    )


def open_tab(page, name: str) -> None:
    """Click the dashboard tab called ``name`` (Map, Stances, Events, Articles)."""
    page.get_by_role("tab", name=name).click()
    page.wait_for_timeout(500)


def metric_values(page) -> dict[str, str]:
    """The header metrics as ``{label: value}`` (e.g. ``{"Events": "21", ...}``)."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-testid="stMetric"]')].map(m => [
            m.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
            m.querySelector('[data-testid="stMetricValue"]').innerText.trim()]))"""
    )
