"""Site search: which engine runs, and the Pagefind indexer for built sites.

`extra.buzzhub.search` picks the engine. `material` keeps MkDocs Material's built-in plugin, which
ships one JSON file holding every page's text: fine for a small site, 4-5 KB per article that every
reader's first search downloads in full. `pagefind` (the default) indexes the built HTML with the
Pagefind binary (PyPI `pagefind[bin]`) into small hashed chunks, so a first query fetches only the
loader, the WebAssembly module and the chunks its words live in, whatever the archive's size.

What gets indexed is decided by the templates, not here: article bodies and page 1 of each entity
page carry `data-pagefind-body`; listing pages, drafts and scheduled stories never do.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time

from . import pagefind_order

ENGINES = ("pagefind", "material")
BUNDLE_DIR = "pagefind"          # under site_dir; the search box loads pagefind/pagefind.js from here


class SearchIndexError(RuntimeError):
    pass


def engine(settings: dict) -> str:
    return settings.get("search", "pagefind")


def pagefind_executable() -> str:
    """The binary shipped by the `pagefind_bin` wheel (no download at run time)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as err:
        raise SearchIndexError("search: pagefind is not installed; run `make venv`, or set "
                               "extra.buzzhub.search: material") from err
    return str(get_executable())


def command(site_dir: str) -> list[str]:
    return [pagefind_executable(), "--site", site_dir, "--output-subdir", BUNDLE_DIR, "--silent"]


def _fresh(site_dir: str) -> None:
    # Chunk names are content hashes: without this, every preview rebuild would leave the old ones.
    shutil.rmtree(os.path.join(site_dir, BUNDLE_DIR), ignore_errors=True)


def start(site_dir: str) -> subprocess.Popen:
    """Start indexing the built site; the caller may do other work (the output checks) meanwhile."""
    _fresh(site_dir)
    return subprocess.Popen(command(site_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, site_dir: str) -> None:
    """Wait for start()'s run; raises SearchIndexError if Pagefind failed."""
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SearchIndexError(f"search: pagefind failed ({proc.returncode}): {(err or out).strip()[-2000:]}")
    pagefind_order.canonicalize(os.path.join(site_dir, BUNDLE_DIR))   # same commit, same bytes


def index(site_dir: str) -> float:
    """Index the built site in place; returns the seconds it took. Raises SearchIndexError."""
    t0 = time.perf_counter()
    finish(start(site_dir), site_dir)
    return time.perf_counter() - t0


class Background:
    """Preview only: index after the page reload instead of before it. The page a writer is
    looking at is never blocked on the search index; search catches up a moment later."""

    def __init__(self):
        self.proc: subprocess.Popen | None = None

    def start(self, site_dir: str) -> None:
        self.stop()
        _fresh(site_dir)
        self.proc = subprocess.Popen(command(site_dir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(self) -> None:
        """A newer build supersedes an indexing run still going (only ever our own child)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()
        self.proc = None

    def wait(self) -> float:
        t0 = time.perf_counter()
        if self.proc is not None:
            self.proc.wait()
        return time.perf_counter() - t0


BACKGROUND = Background()   # module state survives MkDocs' config reloads in `mkdocs serve`
