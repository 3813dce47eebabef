"""Screenshot the dashboard for the README: start ``streamlit run app.py`` on a built data folder,
open it in headless Chromium, wait for the map or plot to render, save a full-page PNG.

    python scripts/screenshot.py --data-dir /tmp/seed-build --out docs/img/seed-dashboard.png \
        [--query "actor=person:joe-biden&quad=3"] [--tab Map|Stances|Events|Articles] \
        [--width 1400 --height 1000] [--map-style white-bg]

Needs Chromium (``/usr/bin/chromium`` or ``$CHROMIUM``) and the ``playwright`` package
(requirements-dev.txt). Offline, the map tiles fail to load; the country outlines still show.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import streamlit_server as srv  # noqa: E402

TABS = ("Map", "Stances", "Events", "Articles")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", required=True, type=Path, help="built data folder (python -m dashboard build … --out DIR)")
    p.add_argument("--out", required=True, type=Path, help="PNG file to write")
    p.add_argument("--query", default="", help="URL query string of the view, e.g. 'actor=person:joe-biden&quad=3'")
    p.add_argument("--tab", default="Map", choices=TABS, help="tab to show (default: Map)")
    p.add_argument("--width", type=int, default=1400, help="viewport width in pixels (default: 1400)")
    p.add_argument("--height", type=int, default=1000, help="minimum page height in pixels (default: 1000)")
    p.add_argument("--map-style", default=None, help="NEWSDASH_MAP_STYLE for the server (default: the setting's)")
    p.add_argument("--timeout", type=float, default=120, help="seconds to wait for the server and the page")
    return p.parse_args(argv)


def take(args: argparse.Namespace) -> Path:
    """Start the server, open the view, save the screenshot; returns the PNG path."""
    if srv.chromium_path() is None:
        raise SystemExit("Chromium not found: install Debian's chromium package or set $CHROMIUM")
    if not srv.have_playwright():
        raise SystemExit("the playwright package is missing: pip install -r requirements-dev.txt")
    if not (args.data_dir / "manifest.json").exists() and not any(args.data_dir.glob("*.parquet")):
        print(f"warning: {args.data_dir} does not look like a built data folder", file=sys.stderr)
    env = {"NEWSDASH_MAP_STYLE": args.map_style} if args.map_style else {}
    timeout_ms = int(args.timeout * 1000)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with srv.streamlit_server(args.data_dir, env=env, timeout=args.timeout) as url, \
            srv.chromium(args.width, args.height) as context:
        page = context.new_page()
        page.goto(url + "/" + (f"?{args.query.lstrip('?')}" if args.query else ""))
        srv.wait_until_idle(page, timeout_ms)
        if args.tab != "Map":
            srv.open_tab(page, args.tab)
            srv.wait_until_idle(page, timeout_ms)
        if args.tab in ("Map", "Stances", "Events") and page.locator(".js-plotly-plot").count():
            if args.tab == "Map":
                srv.wait_for_map(page, timeout_ms)
            else:
                page.locator('[role="tabpanel"]:visible .js-plotly-plot').first.wait_for(timeout=timeout_ms)
        # Streamlit scrolls inside its main container, so a "full page" is the viewport: grow it
        # to the content's height, then let the layout (and Plotly's resize) settle.
        content = page.evaluate(
            """() => Math.max(...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]',
                                  '[data-testid="stSidebar"]']
                .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight))"""
        )
        page.set_viewport_size({"width": args.width, "height": max(args.height, int(content) + 40)})
        page.wait_for_timeout(1500)
        if args.tab == "Map":
            srv.wait_for_map(page, timeout_ms)
        page.screenshot(path=str(args.out), full_page=True)
    return args.out


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    print(f"wrote {take(args)}")


if __name__ == "__main__":
    main()
