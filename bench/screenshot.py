"""Refresh the README screenshot: build the sample hub, serve it on 127.0.0.1, photograph the home page.

    .venv/bin/python bench/screenshot.py [--site DIR] [--out docs/assets/screenshot.png]

Uses Debian's Chromium (like the browser tests) and keeps the PNG small (palette, < 300 KB).
"""
from __future__ import annotations

import argparse
import functools
import io
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 300_000


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build(site: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([str(mkdocs), "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                   check=True, cwd=ROOT, env=env)


def shoot(site: Path, width: int, height: int) -> bytes:
    from playwright.sync_api import sync_playwright
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                         args=["--headless", "--no-sandbox", "--disable-gpu",
                                               "--disable-background-networking"])
            page = browser.new_page(viewport={"width": width, "height": height}, color_scheme="light")
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="networkidle")
            png = page.screenshot()
            browser.close()
            return png
    finally:
        server.shutdown()
        server.server_close()


def shrink(png: bytes) -> bytes:
    """256-colour palette: text and flat colours survive, the file drops well under the limit."""
    from PIL import Image
    img = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="an already built site (default: build one)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "assets" / "screenshot.png")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=860)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            build(site)
        data = shrink(shoot(site, args.width, args.height))
    if len(data) > LIMIT:
        print(f"screenshot is {len(data)} bytes (limit {LIMIT})", file=sys.stderr)
        return 1
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
