"""Browser tests: Debian's Chromium driven by Playwright, against the sample hub served on 127.0.0.1.

The site is built once per session as a variant of mkdocs.yml whose newsletter form posts to a local
stand-in provider (a second HTTP server), so nothing ever leaves the machine.
"""
from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = ROOT / "tests" / "artifacts"

# A variant of the sample config built through MkDocs' API, so relative paths still resolve from the repo.
BUILD_SCRIPT = r"""
import io, sys
from mkdocs.commands import build
from mkdocs.config import load_config
text, cfg_path, site_dir = sys.stdin.read(), sys.argv[1], sys.argv[2]
cfg = load_config(io.StringIO(text), config_file_path=cfg_path, site_dir=site_dir, strict=True)
cfg.plugins.on_startup(command="build", dirty=False)
try:
    build.build(cfg)
finally:
    cfg.plugins.on_shutdown()
"""


class Endpoint:
    """The stand-in newsletter provider: records every POST; an address containing 'fail' gets a 500."""

    def __init__(self):
        self.posts: list[dict] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                fields = dict(parse_qsl(body, keep_blank_values=True))
                endpoint.posts.append({"path": self.path, "fields": fields,
                                       "content_type": self.headers.get("Content-Type", ""),
                                       "origin": self.headers.get("Origin")})
                failed = "fail" in json.dumps(fields)
                page = b"<!doctype html><title>Subscribed</title><h1>Thanks for subscribing</h1>"
                self.send_response(500 if failed else 200)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/subscribe"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def serve_dir(directory: Path) -> ThreadingHTTPServer:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def build_variant(site_dir: Path, subscribe: dict) -> None:
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["extra"]["buzzhub"]["subscribe"] = subscribe
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-c", BUILD_SCRIPT, str(ROOT / "mkdocs.yml"), str(site_dir)],
                          input=yaml.safe_dump(cfg, sort_keys=False), capture_output=True, text=True,
                          env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="session")
def endpoint():
    ep = Endpoint()
    yield ep
    ep.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory, endpoint):
    """(base URL, site dir) of the sample hub whose form posts to the local endpoint."""
    site_dir = tmp_path_factory.mktemp("browser") / "site"
    build_variant(site_dir, {"provider": "generic", "action": endpoint.url, "email_field": "email",
                             "extra_fields": {"list": "ai-news"}, "fetch_mode": "cors"})
    server = serve_dir(site_dir)
    yield f"http://127.0.0.1:{server.server_address[1]}/", site_dir
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


class Guard:
    """Aborts and records every request that is not for 127.0.0.1."""

    def __init__(self):
        self.outside: list[str] = []
        self.seen: list[str] = []

    def __call__(self, route):
        url = route.request.url
        self.seen.append(url)
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture
def new_context(browser):
    """Factory: a fresh browser context whose requests are confined to 127.0.0.1."""
    made = []

    def make(**kwargs):
        ctx = browser.new_context(**kwargs)
        guard = Guard()
        ctx.route("**/*", guard)
        ctx.guard = guard
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def entity_page(site_dir: Path) -> str:
    """A site path of an entity page (the sample's registry changes, so pick one that exists)."""
    for preferred in ("meta", "llama", "openai"):
        if (site_dir / "entities" / preferred / "index.html").exists():
            return f"entities/{preferred}/"
    first = sorted(p for p in (site_dir / "entities").iterdir() if (p / "index.html").exists())[0]
    return f"entities/{first.name}/"
