"""The `mkdocs serve --dirty` rebuild loop without the HTTP server: what saving an article costs.

    python bench/serve_loop.py -f mkdocs.yml -d SITE --edit docs/articles/x.md --find OLD --replace NEW

does what `mkdocs serve --dirty` does (same calls, same order: a fresh config per build, on_startup
once, dirty builds into one site directory), builds once, applies the edit, rebuilds, and prints JSON:
{"first_s", "rebuild_s", "related_settled_s", "search_s", "rendered": [site files the rebuild wrote]}.
rebuild_s: save to reloaded pages. related_settled_s: save to the end of the rebuild that follows a new
related ranking (buzzhub/live.py). search_s: the Pagefind run the preview starts after each reload.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

SERVE_URL = "http://127.0.0.1:8000/"


class ServeLoop:
    def __init__(self, config_file: str, site_dir: str):
        self.config_file, self.site_dir = config_file, site_dir
        self.started = False
        self.config = None

    def build(self) -> float:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        t0 = time.perf_counter()
        config = load_config(config_file=self.config_file, site_dir=self.site_dir)
        if not self.started:   # serve calls on_startup once, on the first config only
            config.plugins.on_startup(command="serve", dirty=True)
            self.started = True
        config.site_url = SERVE_URL
        self.config = config
        build(config, serve_url=SERVE_URL, dirty=True)
        return time.perf_counter() - t0

    def shutdown(self) -> None:
        """As serve does on exit: the hooks drop the preview's staged search pages (~240 MB at 10k)."""
        if self.config is not None:
            self.config.plugins.on_shutdown()

    def search_wait(self) -> float:
        from buzzhub import search
        return search.INDEXER.wait()


def _snapshot(site: Path) -> dict[str, int]:
    """Pages and their mtimes. Search bundles are skipped: the preview re-indexes them meanwhile."""
    out = {}
    for dirpath, dirs, files in os.walk(site):
        if Path(dirpath) == site:
            dirs[:] = [d for d in dirs if not re.fullmatch(r"pagefind(-[0-9]+)?", d)]
        for name in files:
            if name.endswith(".html"):
                p = Path(dirpath) / name
                out[p.relative_to(site).as_posix()] = p.stat().st_mtime_ns
    return out


def edit_and_rebuild(config_file: str, site_dir: str, path: str, find: str, replace: str,
                     snapshot: str | None = None, pause: float = 3.0) -> dict:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    loop = ServeLoop(config_file, site_dir)
    first = loop.build()
    first_search = loop.search_wait()
    if snapshot:   # the site as the writer saw it before saving, for byte comparisons
        import shutil
        shutil.copytree(site_dir, snapshot)
    before = _snapshot(Path(site_dir))
    # The writer saves seconds after the preview came up, not at once: the preview's idle-time collection
    # (buzzhub/idlegc.py, 2 s after a build) runs in that pause, as it does in `mkdocs serve`.
    time.sleep(pause)
    text = Path(path).read_text(encoding="utf-8")
    if find not in text:
        raise SystemExit(f"{path}: {find!r} not found")
    time.sleep(0.01)  # a distinct mtime for the saved file, as an editor's save would have
    Path(path).write_text(text.replace(find, replace, 1), encoding="utf-8")
    saved = time.perf_counter()
    rebuild = loop.build()
    shown = _snapshot(Path(site_dir))
    # The preview then ranks related stories again in the background (buzzhub/live.py) and, when that
    # is done, rebuilds once more: the related boxes settle. Same as the watched-file rebuild in serve.
    from buzzhub.live import LIVE
    LIVE.wait()
    settle = loop.build()
    settled = time.perf_counter() - saved
    search_s = loop.search_wait()
    after = _snapshot(Path(site_dir))
    loop.shutdown()
    rendered = sorted(k for k, v in after.items() if before.get(k) != v)
    return {"first_s": round(first, 3), "first_search_s": round(first_search, 3), "rebuild_s": round(rebuild, 3),
            "settle_build_s": round(settle, 3), "related_settled_s": round(settled, 3),
            "search_s": round(search_s, 3), "rendered": rendered,
            "rendered_at_reload": sorted(k for k, v in shown.items() if before.get(k) != v)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-f", "--config-file", required=True)
    ap.add_argument("-d", "--site-dir", required=True)
    ap.add_argument("--edit", required=True, help="the Markdown file to change")
    ap.add_argument("--find", required=True)
    ap.add_argument("--replace", required=True)
    ap.add_argument("--snapshot", help="copy the site here after the first build")
    ap.add_argument("--pause", type=float, default=3.0, help="seconds between the first build and the save")
    args = ap.parse_args(argv)
    out = edit_and_rebuild(args.config_file, args.site_dir, args.edit, args.find, args.replace, args.snapshot,
                           args.pause)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
