"""A clean build's Markdown converted on both cores: a forked child converts a share of the stories,
spread evenly among them, while MkDocs converts the rest on the main thread; those pages then take the
child's HTML.

Converting Markdown is ~40 % of a bare build and runs on one core while the other idles. The child
runs, for each of its pages, exactly what MkDocs would: read the source, the `on_page_markdown` chain,
Page.render (and the sanitiser, when on). The parent still reads each page and runs every hook itself
(plugins keep their side effects), and takes the child's result only when its own Markdown after the
chain is the same string; otherwise it converts as usual. Warnings logged while the child converted a
page (broken links) are logged again when MkDocs reaches that page: `--strict` counts them once, in
page order. Results travel through a temporary file, so the child never waits for the parent, and the
parent takes each one as soon as it is complete, so neither core idles while the other finishes.
"""
from __future__ import annotations

import functools
import gc
import logging
import os
import pickle
import signal
import tempfile
import time

import markdown

# The child's share of the stories. The parent also reads and runs the hooks for all of them (~0.4 ms a
# page against ~1 ms to convert one, with buzzhub/markdown_gate.py; at 0.58 the parent waited for the
# child). Spread among the parent's, the child's pages are ready when the parent reaches them and both end
# together: the last half in the child left one core idle ~2 s at 10k, while the parent read and ran the
# hooks of the child's pages.
SHARE = 0.52
_HEADER = 8          # each result: its pickle's length, then the pickle
_POLL = 0.001        # seconds between looks at a result the child is still writing
MODE = os.environ.get("BUZZHUB_SPLIT_MARKDOWN", "auto")   # "0": never; "1": even for small sites (tests)


class Split:
    def __init__(self):
        self._pid = None
        self._path = None
        self._inp = None
        self._ahead: dict = {}
        self._buf, self._at = bytearray(), 0    # bytes read from the results file, and how far they are taken
        self._clean: dict = {}     # src_uri -> (the child's HTML, that HTML sanitised)
        self.waited = 0.0          # seconds the parent waited for the child (BUZZHUB_TIMINGS)

    def wanted(self, n_stories: int, min_stories: int, can_fork: bool) -> bool:
        if MODE == "0" or not can_fork:
            return False
        return MODE == "1" or n_stories >= min_stories

    def start(self, pages: list, config, files, clean=None) -> None:
        """pages: the stories in the order MkDocs converts them; the child takes every page where
        SHARE's running total passes a whole number."""
        self.close()
        n, k = len(pages), int(len(pages) * SHARE)
        theirs = [p for i, p in enumerate(pages) if (i + 1) * k // n != i * k // n]
        if not theirs:
            return
        # Extensions are imported on first use: do it before fork, never in the child.
        markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
        try:
            fd, self._path = tempfile.mkstemp(prefix="buzzhub-markdown-", suffix=".pickle")
        except OSError:      # no room for the results: MkDocs converts every page itself
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(fd)
            self.close()
            return
        if pid == 0:
            _child(fd, theirs, config, files, clean)
        os.close(fd)
        self._pid = pid
        for page in theirs:
            page.render = functools.partial(self.take, page)   # shadows Page.render for this one page

    def take(self, page, config, files) -> None:
        """Page.render for a page the child converted (or converts it here, if the child could not)."""
        page.__dict__.pop("render", None)
        rec = self._get(page.file.src_uri)
        if rec is None or rec[1] != page.markdown:
            type(page).render(page, config, files)
            return
        _, _, page.content, cleaned, page.toc, page._title_from_render, page.present_anchor_ids, links, logs = rec
        if links is not None:
            page.links_to_anchors = {files.get_file_from_path(src): v for src, v in links.items()}
        if cleaned is not None:
            self._clean[page.file.src_uri] = (page.content, cleaned)
        for name, level, message in logs:
            logging.getLogger(name).log(level, message)

    def cleaned(self, page, html: str) -> str | None:
        """The child's sanitised HTML, if `html` is still the HTML it converted for this page."""
        content, cleaned = self._clean.pop(page.file.src_uri, (None, None))
        return cleaned if content is html else None

    def _get(self, src: str):
        if self._inp is None:
            if self._pid is None:
                return None
            self._inp = os.open(self._path, os.O_RDONLY)
        while src not in self._ahead:
            rec = self._next()
            if rec is None:
                return None
            self._ahead[rec[0]] = rec
        return self._ahead.pop(src)

    def _next(self):
        """The child's next result once it is completely written; None when no more will come (a child
        that failed half-way leaves the rest of its pages to the parent)."""
        head = self._read(_HEADER)
        body = None if head is None else self._read(int.from_bytes(head, "little"))
        return None if body is None else pickle.loads(body)

    def _read(self, n: int) -> bytes | None:
        while len(self._buf) - self._at < n:
            chunk = os.read(self._inp, max(n, 1 << 16))
            if chunk:
                del self._buf[:self._at]
                self._at = 0
                self._buf += chunk
            elif not self._more():
                return None
        self._at += n
        return bytes(self._buf[self._at - n:self._at])

    def _more(self) -> bool:
        """Whether more results may come: the child is still running, or has just ended (what it
        wrote before ending is read once more)."""
        if self._pid is None:
            return False
        t0 = time.perf_counter()
        if os.waitpid(self._pid, os.WNOHANG)[0] != 0:
            self._pid = None
        else:
            time.sleep(_POLL)
        self.waited += time.perf_counter() - t0
        return True

    def close(self) -> None:
        """Ends the split. A child still converting is not needed any more (every page is done, or the
        build failed): it is stopped, so a failed build reports at once."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
        if self._inp is not None:
            os.close(self._inp)
        if self._path is not None and os.path.exists(self._path):
            os.unlink(self._path)
        self.__init__()


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


def _child(fd: int, pages: list, config, files, clean) -> None:
    code = 1
    try:
        gc.freeze()     # the inherited heap is never collected here: gc would touch (and copy) every page
        capture = _Capture()
        root = logging.getLogger("mkdocs")
        root.handlers, root.propagate = [capture], False
        with os.fdopen(fd, "wb") as out:
            for page in pages:
                capture.records = []
                # A page it could not convert is still answered (no Markdown: the parent converts it),
                # so the parent never waits for the child's end to learn that.
                rec = _convert(page, config, files, clean, capture) or (page.file.src_uri, None)
                data = pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL)
                out.write(len(data).to_bytes(_HEADER, "little"))
                out.write(data)
                out.flush()          # the parent may be waiting for this page already
        code = 0
    finally:
        os._exit(code)   # never back into MkDocs' build: no cleanup, no atexit, no flushed buffers


def _convert(page, config, files, clean, capture):
    try:
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        type(page).render(page, config, files)
        cleaned = clean(page.content) if clean is not None else None
    except Exception:   # the parent converts this page itself and reports the problem there
        return None
    links = page.__dict__.get("links_to_anchors")
    links = None if links is None else {f.src_uri: v for f, v in links.items()}
    return (page.file.src_uri, page.markdown, page.content, cleaned, page.toc, page._title_from_render,
            page.present_anchor_ids, links, capture.records)


SPLIT = Split()
