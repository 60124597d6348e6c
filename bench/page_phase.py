"""Where a build's page phase goes: MkDocs' _build_page, each template's render (thread CPU) and the
file writes (mkdir / open / write), summed over one `mkdocs build`.

    .venv/bin/python bench/page_phase.py HUB/mkdocs.yml SITE_DIR

A measuring tool, not part of `make bench`: it wraps MkDocs 1.x internals (mkdocs.commands.build).
"""
from __future__ import annotations

import collections
import os
import sys
import time

import jinja2
from mkdocs.commands import build as B
from mkdocs.config import load_config

T: collections.Counter = collections.Counter()
N: collections.Counter = collections.Counter()


def _wrap_render():
    render = jinja2.Template.render

    def timed(self, *args, **kwargs):
        t = time.thread_time()   # CPU of the render thread: other processes and threads do not count
        out = render(self, *args, **kwargs)
        T["render " + (self.name or "?")] += time.thread_time() - t
        N["render " + (self.name or "?")] += 1
        return out
    jinja2.Template.render = timed


def _wrap_build_page():
    build_page = B._build_page

    def timed(*args, **kwargs):
        t = time.perf_counter()
        out = build_page(*args, **kwargs)
        T["_build_page (wall)"] += time.perf_counter() - t
        return out
    B._build_page = timed


def _write_file(content: bytes, path: str) -> None:
    t0 = time.perf_counter()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    t1 = time.perf_counter()
    with open(path, "wb") as fh:
        fh.write(content)
    t2 = time.perf_counter()
    T["write: mkdir (wall)"] += t1 - t0
    T["write: open+write+close (wall)"] += t2 - t1


def main(config_file: str, site_dir: str) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _wrap_render()
    _wrap_build_page()
    B.utils.write_file = _write_file
    config = load_config(config_file, site_dir=site_dir)
    config.plugins.on_startup(command="build", dirty=False)
    t = time.perf_counter()
    try:
        B.build(config)
    finally:
        config.plugins.on_shutdown()      # as `mkdocs build` does: the staged search pages go
    T["build (wall)"] = time.perf_counter() - t
    for key, secs in sorted(T.items(), key=lambda kv: -kv[1]):
        print(f"{secs:8.2f} s  {N[key] or '':>6}  {key}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
