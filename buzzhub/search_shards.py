"""Pagefind indexing in shards, from slim copies of the indexed part of each page.

Pagefind 1.5 holds about 200 KB per page while it indexes, however small the page (measured: 2.4 GB for
10,000 articles), and parsing whole Material pages doubles its time. So:

- each built page carrying `data-pagefind-body` is staged as a tiny document holding only that element
  (the hook hands over the HTML it just rendered; nothing is read back from disk);
- staged pages are dealt into shards of at most `search_shard_size` pages by a stable hash of their
  path (the first and last half as big: see EDGE_SHARE), each indexed by its own Pagefind run, one
  after another (peak memory is one shard's), into pagefind/, pagefind-1/, ...;
- a clean build renders each shard's pages together (the hook orders them) and indexes a shard as soon
  as its last page is staged, while MkDocs renders the rest: Pagefind works on the other core;
- pagefind/shards.json lists the other bundles; the search box merges them in the browser
  (Pagefind's `mergeIndex`), so a first query fetches one index chunk per shard;
- each shard also gets a vocabulary page holding the site's words that its own pages lack, filed under
  a section the search box never shows. Pagefind answers a word it does not know with its longest
  known prefix ("OpenAI" -> "open"): without that page, a shard lacking a rare name would add such
  near-misses to the merged results, which one index over the whole site would not. A shard indexed
  before the last page is rendered takes every word of the sources instead (`hint`).
"""
from __future__ import annotations

import json
import math
import os
import queue
import re
import shutil
import tempfile
import threading
import zlib
from html import escape

BUNDLE_RE = r"pagefind(-[0-9]+)?"   # the bundles' folders under site_dir
MANIFEST = "shards.json"      # in the first bundle: the other bundles' folders, relative to the site
_LANG = re.compile(r"<html\b[^>]*?\blang=\"([^\"]*)\"")
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_TEXT = re.compile(r">([^<]+)")
VOCABULARY = "buzzhub-vocabulary/index.html"   # in shard folders only; never in the site
BODY, IGNORE = "data-pagefind-body", "data-pagefind-ignore"
# A start tag carrying the attribute itself: not the same words in text or inside another attribute's
# value (a story's description may well mention data-pagefind-body).
_MARKED = {attr: re.compile(r"""<([a-zA-Z][\w-]*)(?:\s+[^\s=>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*?"""
                            rf"\s+{attr}(?=[\s=>/])") for attr in (BODY, IGNORE)}


def region(html: str, attr: str = BODY) -> str | None:
    """The element that carries data-pagefind-body (or `attr`), whole; None when there is none."""
    span = _span(html, attr)
    return None if span is None else html[span[0]:span[1]]


def _span(html: str, attr: str, pos: int = 0) -> tuple[int, int, str] | None:
    """Where the first element carrying attr at or after pos starts and ends, and its tag name."""
    tag = _start_tag(html, attr, pos)
    if tag is None:
        return None
    start, depth, name = tag.start(), 0, tag.group(1)
    for m in re.compile(rf"<(/?){name}\b").finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return start, html.index(">", m.end()) + 1, name
    return start, len(html), name    # unbalanced raw HTML: the rest of the page, as Pagefind itself would read


def _start_tag(html: str, attr: str, pos: int = 0) -> re.Match | None:
    """The first start tag carrying attr: each occurrence of the word is checked where it stands."""
    at = html.find(attr, pos)
    while at >= 0:
        tag = _MARKED[attr].match(html, max(pos, html.rfind("<", pos, at)))
        if tag is not None and tag.end() == at + len(attr):
            return tag
        at = html.find(attr, at + 1)
    return None


_OTHER_ATTR = re.compile(r"data-pagefind-(?!ignore)")


def searchable(body: str) -> str:
    """The region without the ignored elements Pagefind takes nothing from (no filter, meta or sort
    inside): a story's share, subscribe and related boxes are half its region. Pagefind writes the same
    index from it (bundles diffed on 2,900 stories) and parses half as much. An empty element stays in
    its place, so words on either side are not joined."""
    parts, at = [], 0
    while (span := _span(body, IGNORE, at)) is not None and span[1] < len(body):
        start, end, name = span
        keep = _OTHER_ATTR.search(body, start + 1, end) is not None
        parts.append(body[at:end] if keep else f"{body[at:start]}<{name}></{name}>")
        at = end
    parts.append(body[at:])
    return "".join(parts)


def words(body: str) -> set[str]:
    """The words Pagefind indexes in a region, near enough: its text outside ignored elements."""
    while (cut := region(body, IGNORE)) is not None:
        body = body.replace(cut, " ", 1)
    return set(" ".join(_TEXT.findall(body)).lower().split())   # one lower() and split() in C, not per word


def text_words(texts) -> set[str]:
    """Words of source texts (Markdown, names) for an early shard's vocabulary; escaped for HTML text.
    Punctuation may cling to them: Pagefind splits the vocabulary page as it splits any page."""
    found: set[str] = set()
    for text in texts:                   # text by text: one split of everything was ~300 MB of strings
        found.update(text.lower().split())
    return {escape(w, quote=False) for w in found}


def vocabulary_page(missing: set[str]) -> str:
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>vocabulary</title></head><body>'
            '<div data-pagefind-body data-pagefind-filter="section:Vocabulary">'
            + " ".join(sorted(missing)) + "</div></body></html>")


def slim(html: str, body: str) -> str:
    """A document Pagefind indexes exactly as the full page: same language, same indexed element."""
    lang = _LANG.search(html)
    title = _TITLE.search(html)
    return (f'<!doctype html><html lang="{lang.group(1) if lang else "en"}"><head><meta charset="utf-8">'
            f"<title>{title.group(1) if title else ''}</title></head><body>{body}</body></html>")


SCRATCH = "/dev/shm"            # a RAM disk on Linux
SCRATCH_MIN_FREE = 1 << 30      # ~8x what 10,000 staged stories take


def scratch_dir() -> str | None:
    """Where the staged copies go: TMPDIR when the user set one, else /dev/shm when it is writable and
    roomy (a staged page costs ~25 µs to write and ~25 µs to delete there, against ~150 and ~70 µs on
    this VM's disk), else None: the default temporary folder. A small /dev/shm (Docker's is 64 MB) is
    passed over rather than filled."""
    if os.environ.get("TMPDIR"):
        return None
    try:
        st = os.statvfs(SCRATCH)
    except OSError:
        return None
    if st.f_bavail * st.f_frsize < SCRATCH_MIN_FREE or not os.access(SCRATCH, os.W_OK | os.X_OK):
        return None
    return SCRATCH


BATCH = 32                         # staged pages per hand-over to the writer thread
STAGE_PREFIX = "buzzhub-search-"   # then the staging process's id: see drop_orphans


def drop_orphans(folder: str) -> None:
    """Staged copies left by a build that was killed (no chance to clean up): on a RAM disk they would
    hold memory until the next reboot. Only folders whose process is gone; a reused process id just
    keeps a folder a while longer."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = re.fullmatch(rf"{STAGE_PREFIX}([0-9]+)-[^/]*", name)
        if m is None or int(m.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(m.group(1)), 0)
        except ProcessLookupError:
            shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
        except (PermissionError, OverflowError):
            pass                           # alive under another user, or not a process id at all


# The first and last shards hold this share of an other shard's pages. A clean build renders the shards
# in order and indexes each once its last page is rendered: a small first shard starts Pagefind sooner
# (10k: ~2 s), and the last one is on the critical path, since it waits for the last story.
EDGE_SHARE = 0.5


def shard_count(pages: int, size: int) -> int:
    """Enough shards that none holds more than `size` pages, the first and last counting EDGE_SHARE."""
    if pages <= size:
        return 1
    return math.ceil(pages / size + 2 * (1 - EDGE_SHARE))


def shard_of(rel: str, shards: int) -> int:
    """A stable hash of the path (same across runs and Python hash seeds) cut into `shards` ranges,
    the first and last EDGE_SHARE as wide as the others."""
    if shards == 1:
        return 0
    at = zlib.crc32(rel.encode("utf-8")) * (shards - 2 + 2 * EDGE_SHARE) / 2 ** 32
    return 0 if at < EDGE_SHARE else min(int(at - EDGE_SHARE) + 1, shards - 1)


def bundle(k: int) -> str:
    return "pagefind" if k == 0 else f"pagefind-{k}"


class Stage:
    """Slim copies of a site's indexed pages, written straight into their shard's folder (no copying
    or linking at index time), kept in a temporary folder between preview rebuilds."""

    def __init__(self):
        self.root: str | None = None
        self.site_dir: str | None = None
        self.touched: set[str] = set()     # pages staged or unstaged since the last index run
        self.shards = 1
        self.keep = True                   # staged copies outlive an index run (the preview's next one)
        self.where: dict[str, int] = {}    # staged page -> its shard
        self.indexed: set[int] = set()     # shards whose bundle is complete and current
        self.vocab: dict[str, str] = {}    # page -> its words, once read (space-joined: a set costs 10x)
        self.pending: dict[int, set] = {}  # shard -> planned pages not staged yet (a clean build's order)
        self.on_ready = None               # called with a shard number once its last planned page is staged
        self.hint = None                   # words of the sources (or a function giving them), for early shards
        self.lock = threading.Lock()       # pages are staged on the writer thread, shards read on the indexer's
        self._writes: queue.Queue | None = None   # lists of (page, slim copy or None) for the writer thread
        self._batch: list[tuple[str, str | None]] = []
        self.error: OSError | None = None

    def open(self, site_dir: str, clean: bool, keep: bool = True) -> None:
        """A clean build restages everything; a dirty one keeps what unchanged pages staged before.
        keep=False (`mkdocs build`: no later rebuild reuses them): the index job throws the staged
        copies away as soon as it is done, while the build still runs its checks."""
        self.flush()
        self.keep = keep
        if clean or self.site_dir != site_dir or self.root is None or not os.path.isdir(self.root):
            self.close()
            self.where, self.indexed, self.vocab, self.shards = {}, set(), {}, 1
            where = scratch_dir()
            drop_orphans(where or tempfile.gettempdir())
            self.root = tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-", dir=where)
            self.site_dir = site_dir
        self.touched = set()
        self.pending, self.on_ready, self.hint = {}, None, None

    def close(self) -> None:
        try:
            self.flush()
        except OSError:
            pass                           # the staged copies are thrown away anyway
        with self.lock:
            root, self.root, self.site_dir = self.root, None, None
        if root:
            shutil.rmtree(root, ignore_errors=True)

    def plan(self, expected: int | list[str], size: int) -> None:
        """The shard count, from the number of pages the build will index (or the list of them: then
        each shard is ready once all of its listed pages are staged); pages staged under another count
        move to their new shard."""
        self.flush()
        n = shard_count(expected if isinstance(expected, int) else len(expected), size)
        self.pending = {}
        if not isinstance(expected, int):
            for rel in expected:
                self.pending.setdefault(shard_of(rel, n), set()).add(rel)
        if n == self.shards or self.root is None:
            return
        for rel, k in list(self.where.items()):
            dest = self._path(rel, shard_of(rel, n))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            os.replace(self._path(rel, k), dest)
            self.where[rel] = shard_of(rel, n)
        self.shards, self.indexed = n, set()

    def tree(self, k: int) -> str:
        return os.path.join(self.root, f"shard-{k}")

    def _path(self, rel: str, k: int) -> str:
        return os.path.join(self.tree(k), rel)

    def add(self, rel: str, html: str) -> None:
        """rel: the page's site-relative output file. A page that is no longer indexed is unstaged.
        The slim copy is written on a thread (file system calls leave the interpreter to the render)."""
        if self.root is None:
            return
        body = region(html)
        self._batch.append((rel, None if body is None else slim(html, searchable(body))))
        if len(self._batch) >= BATCH:
            self.hand_over()

    def hand_over(self) -> None:
        """Pass the pages added since the last batch to the writer thread (one wake-up per batch: a
        hand-over per page cost the render ~2 s of GIL switches at 10,000 stories)."""
        if not self._batch:
            return
        if self._writes is None:
            self._writes = queue.Queue()
            threading.Thread(target=self._write_loop, args=(self._writes,), daemon=True).start()
        batch, self._batch = self._batch, []
        self._writes.put(batch)

    def flush(self) -> None:
        """Wait until every page handed to add() is on disk; raise what writing one raised."""
        self.hand_over()
        if self._writes is not None:
            self._writes.join()
        if self.error is not None:
            err, self.error = self.error, None
            raise err

    def _write_loop(self, writes: queue.Queue) -> None:
        while True:
            batch = writes.get()
            try:
                for rel, doc in batch:
                    if self.root is not None and self.error is None:
                        self._store(rel, doc)
            except OSError as err:
                self.error = err
            finally:
                writes.task_done()

    def _store(self, rel: str, doc: str | None) -> None:
        if doc is None:
            if rel in self.where:
                self._drop(rel)
            return
        k = shard_of(rel, self.shards)
        path = self._path(rel, k)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(doc)
        with self.lock:
            self.vocab.pop(rel, None)      # its words are read back when a vocabulary needs them
            self.where[rel] = k
            self.touched.add(rel)
            waiting = self.pending.get(k)
            ready = waiting is not None and rel in waiting and len(waiting) == 1
            if waiting is not None:
                waiting.discard(rel)
        if ready and self.on_ready is not None:
            self.on_ready(k)

    def _drop(self, rel: str) -> None:
        with self.lock:
            os.remove(self._path(rel, self.where.pop(rel)))
            self.vocab.pop(rel, None)
            self.touched.add(rel)

    def early_tree(self, k: int) -> str:
        """Shard k, complete before the rest of the site is rendered: its vocabulary is every word of
        the sources (reading the staged pages back would compete with rendering for the interpreter);
        its pages no longer count as touched."""
        with self.lock:
            self.touched -= {r for r, j in self.where.items() if j == k}
        if self.shards > 1:
            if callable(self.hint):
                self.hint = self.hint()    # once, on the indexing thread
            self._write_vocabulary(k, set(self.hint or ()))
        return self.tree(k)

    def _words(self, rel: str) -> str:
        if rel not in self.vocab:          # here, on the indexing thread: not on every page's render
            with open(self._path(rel, self.where[rel]), encoding="utf-8") as fh:
                self.vocab[rel] = " ".join(words(region(fh.read())))
        return self.vocab[rel]

    def _write_vocabulary(self, k: int, missing: set[str]) -> None:
        dest = os.path.join(self.tree(k), VOCABULARY)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "w", encoding="utf-8") as fh:
            fh.write(vocabulary_page(missing))

    def pages(self) -> list[str]:
        """Staged pages whose output still exists (a deleted article leaves the preview's index)."""
        self.flush()
        for rel in [r for r in self.where if not os.path.exists(os.path.join(self.site_dir, r))]:
            self._drop(rel)
        return sorted(self.where)

    def shard_trees(self, only_touched: bool, stop=lambda: False) -> list[tuple[int, str]] | None:
        """(shard, its folder) for each shard to index: all of them, or with only_touched those
        whose pages changed and any whose last run did not finish. None when stop() said so midway
        (a preview save supersedes the run: the next one must not wait for these vocabularies)."""
        pages, n = self.pages(), self.shards
        dirty = {shard_of(rel, n) for rel in self.touched}
        if not only_touched:
            self.indexed = set()
        stale = [k for k in range(n) if not (k in self.indexed and k not in dirty
                                             and os.path.isdir(os.path.join(self.site_dir, bundle(k))))]
        if n == 1 and os.path.exists(os.path.join(self.tree(0), VOCABULARY)):
            os.remove(os.path.join(self.tree(0), VOCABULARY))   # one shard again: it knows every word
        elif n > 1 and stale and not self._vocabularies(pages, n, stop):
            return None
        for k in stale:
            self.indexed.discard(k)        # until its new run completes (a cancelled run leaves half a bundle)
            os.makedirs(self.tree(k), exist_ok=True)
        self.touched = set()
        return [(k, self.tree(k)) for k in stale]

    def _vocabularies(self, pages: list[str], n: int, stop) -> bool:
        known = [set() for _ in range(n)]
        for i, rel in enumerate(pages):
            if i % 500 == 0 and stop():
                return False
            known[self.where[rel]].update(self._words(rel).split())
        everything = set(self.hint if isinstance(self.hint, set) else ()).union(*known)
        for k in range(n):
            self._write_vocabulary(k, everything - known[k])
        return True


def write_manifest(site_dir: str, shards: int) -> None:
    others = [bundle(k) + "/" for k in range(1, shards)]
    with open(os.path.join(site_dir, bundle(0), MANIFEST), "w", encoding="utf-8") as fh:
        json.dump({"bundles": others}, fh)


def drop_extra_bundles(site_dir: str, shards: int) -> None:
    """Bundles left from a larger index (fewer pages now, or a bigger shard size)."""
    for name in os.listdir(site_dir):
        m = re.fullmatch(BUNDLE_RE, name)
        if m and m.group(1) and int(m.group(1)[1:]) >= shards:
            shutil.rmtree(os.path.join(site_dir, name), ignore_errors=True)
