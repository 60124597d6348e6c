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
import queue
import shutil
import subprocess
import threading
import time

from . import pagefind_order, search_shards

ENGINES = ("pagefind", "material")


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


def command(site: str, output: str) -> list[str]:
    return [pagefind_executable(), "--site", site, "--output-path", output, "--silent"]


def indexed_pages(articles, listings, now) -> list[str]:
    """Site files the templates mark with data-pagefind-body: published stories (a preview's drafts and
    scheduled stories are not indexed) and page 1 of each entity page."""
    return ([a.url + "index.html" for a in articles if a.is_published(now)]
            + [L.url + "index.html" for L in listings if L.kind == "entity" and L.page == 1])


class Job:
    """Pagefind over the staged pages, shard after shard, on a thread (the build goes on meanwhile:
    output checks in a clean build, the reload in the preview). cancel() stops a superseded run."""

    def __init__(self, stage: search_shards.Stage, site_dir: str, only_touched: bool, early: bool = False):
        """early: shards are indexed as the stage reports them ready, until finish() is called."""
        self.site_dir, self.error, self.shards = site_dir, None, stage.shards
        self._proc: subprocess.Popen | None = None
        self._cancelled = False
        self._stage = stage
        self._ready: queue.Queue | None = queue.Queue() if early else None
        # Staging the shards walks every staged page: on the thread too, so a preview reload never waits.
        self._thread = threading.Thread(target=self._run, args=(only_touched,), daemon=True)
        self._thread.start()

    @property
    def streaming(self) -> bool:
        """An early job still taking shards (not finished, not cancelled)."""
        return self._ready is not None and not self._cancelled

    def ready(self, k: int) -> None:
        if self._ready is not None:
            self._ready.put(k)

    def finish(self) -> None:
        """Every page is staged: index the shards not done yet, then write the manifest."""
        if self._ready is not None:
            self._ready.put(None)

    def _run(self, only_touched: bool) -> None:
        if self._ready is not None:
            while (k := self._ready.get()) is not None:
                if self.error or not self._index(k, self._stage.early_tree(k)):
                    return
            if self._cancelled:
                return
            only_touched = True          # the early shards are current: only the rest is left
        try:
            trees = self._stage.shard_trees(only_touched, stop=lambda: self._cancelled)
        except OSError as err:
            self.error = f"search: cannot stage pages for the index: {err}"
            return
        if trees is None:
            return
        if not self._stage.where:
            trees = [(0, self.site_dir)]   # nothing is marked for search: Pagefind indexes every page body
        for k, tree in trees:
            if not self._index(k, tree):
                return
        search_shards.drop_extra_bundles(self.site_dir, self.shards)
        search_shards.write_manifest(self.site_dir, self.shards)
        if not self._stage.keep:
            self._stage.close()          # here, not at exit: the build is still waiting for its checks

    def _index(self, k: int, tree: str) -> bool:
        out = os.path.join(self.site_dir, search_shards.bundle(k))
        shutil.rmtree(out, ignore_errors=True)   # chunk names are content hashes: no leftovers
        if self._cancelled:
            return False
        try:
            self._proc = subprocess.Popen(command(tree, out), stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True)
        except (OSError, SearchIndexError) as err:
            self.error = f"search: cannot run pagefind: {err}"
            return False
        res, err = self._proc.communicate()
        if self._cancelled:
            return False
        if self._proc.returncode != 0:
            self.error = f"search: pagefind failed ({self._proc.returncode}): {(err or res).strip()[-2000:]}"
            return False
        pagefind_order.canonicalize(out)   # same commit, same bytes
        self._stage.indexed.add(k)
        return True

    def cancel(self) -> None:
        self._cancelled = True
        self.finish()                    # an early job waiting for shards wakes up and ends
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
        self._thread.join()

    def wait(self) -> float:
        """Seconds spent waiting; raises SearchIndexError if a Pagefind run failed."""
        t0 = time.perf_counter()
        self._thread.join()
        if self.error:
            raise SearchIndexError(self.error)
        return time.perf_counter() - t0


class Indexer:
    """One per process: the staged pages survive MkDocs' config reloads in `mkdocs serve`, so a
    preview rebuild re-indexes only the shards whose pages changed."""

    def __init__(self):
        self.stage = search_shards.Stage()
        self.job: Job | None = None

    def begin(self, site_dir: str, clean: bool, keep: bool = True) -> None:
        self.stop()
        self.stage.open(site_dir, clean, keep)

    def page(self, rel: str, html: str) -> None:
        self.stage.add(rel, html)

    def plan(self, expected: int, shard_size: int) -> None:
        self.stage.plan(expected, shard_size)

    def start_early(self, site_dir: str, hint) -> None:
        """A clean build: index each shard once its pages are staged, while the rest render.
        hint: () -> the site's words from its sources, for the vocabularies of those early shards."""
        self.stop()
        pagefind_executable()
        self.job = Job(self.stage, site_dir, only_touched=False, early=True)
        self.stage.on_ready, self.stage.hint = self.job.ready, hint

    def start(self, site_dir: str, clean: bool) -> Job:
        """Index what is left (everything, or with a dirty build the shards that changed)."""
        self.stage.hand_over()   # the last pages, so the last shard is reported ready as the others were
        if self.job is not None and self.job.streaming:
            self.stage.on_ready = None
            self.job.finish()
            return self.job
        self.stop()
        pagefind_executable()    # fail now, with the hint, if the wheel is missing
        self.job = Job(self.stage, site_dir, only_touched=not clean)
        return self.job

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()
        self.job = None

    def wait(self) -> float:
        return self.job.wait() if self.job is not None else 0.0

    def close(self) -> None:
        self.stop()
        self.stage.close()


INDEXER = Indexer()   # module state survives MkDocs' config reloads in `mkdocs serve`
