"""Checks of the finished site/ that run at the end of every build (the hook logs each problem as a
warning, so `--strict` fails): internal links and anchors resolve, and nothing credential-shaped is
published. Problems point at the article that caused them when the page came from one.

With a second core (Linux), a forked worker checks each page while MkDocs renders the next ones: the
hook names every page it hands to MkDocs (`Checker.page`), and the worker reads a page once the next one
is named (MkDocs has written it by then). `finish` checks what no page covered (feeds, redirects, 404,
assets) and resolves the links; the build waits only for that.
"""
from __future__ import annotations

import gc
import os
from pathlib import Path

from . import background, linkcheck, search_shards, secretscan
from .paths import files_under
from .problems import Problem

_BATCH = 64          # page names per write to the worker


def _line_in_source(source: str, needle: str) -> int:
    """Line of `needle` in the source file, or 1 (links written by a template are not in any source)."""
    try:
        text = Path(source).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 1
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _where(site_dir: str, rel: str, line: int, sources: dict[str, str], needle: str) -> tuple[str, int, str]:
    """(path, line, suffix): the source file when known, with the site file as context."""
    in_site = f"{os.path.join(site_dir, rel)}:{line}"
    source = sources.get(rel)
    if source:
        return source, _line_in_source(source, needle), f" (in {in_site})"
    return os.path.join(site_dir, rel), line, ""


def _problems(site_dir: str, broken, leaks, sources: dict[str, str]) -> list[Problem]:
    problems = []
    for b in broken:
        path, line, ctx = _where(site_dir, b.page, b.line, sources, b.url)
        problems.append(Problem(path, line, "link", f"{b.url} {b.reason}{ctx}"))
    for leak in leaks:
        path, line, ctx = _where(site_dir, leak.path, leak.line, sources, leak.value)
        problems.append(Problem(path, line, "secret", f"looks like a credential ({leak.kind}: {leak.preview})"
                                                      f"{ctx}; remove it and revoke it"))
    return problems


def check_site(site_dir: str, site_url: str = "", sources: dict[str, str] | None = None) -> list[Problem]:
    """All checks over a finished site. sources: site-relative output file -> its Markdown file."""
    # Two independent passes over every page: the secret scan runs on the other core meanwhile.
    # Search bundles are left out: Pagefind's own files and chunks of pages already checked as HTML,
    # which the indexer may still be writing (the hooks overlap it with these checks).
    scan = background.run(secretscan.scan_dir, site_dir, search_shards.BUNDLE_RE, parallel=background.can_fork())
    broken = linkcheck.check_site(site_dir, site_url, search_shards.BUNDLE_RE)
    return _problems(site_dir, broken, scan.result()[0], sources or {})


class Checker:
    """The checks of one clean build, page by page while it renders when a worker can be forked."""

    def __init__(self, site_dir: str, site_url: str, parallel: bool):
        self.site_dir, self.site_url = site_dir, site_url
        self._names: list[str] = []
        self._fd = self._job = None
        if parallel:
            r, w = os.pipe()
            _grow(w)
            self._job = background.run(_worker, r, w, site_dir, site_url, parallel=True)
            os.close(r)
            self._fd = w

    def page(self, rel: str) -> None:
        """rel: the site-relative file MkDocs writes next, or a feed just written."""
        if self._fd is not None:
            self._names.append(rel)
            if len(self._names) >= _BATCH:
                self._send()

    def _send(self) -> None:
        data = "".join(n + "\0" for n in self._names).encode("utf-8")
        self._names = []
        while data:
            data = data[os.write(self._fd, data):]

    def finish(self, sources: dict[str, str]) -> list[Problem]:
        if self._fd is None:
            return check_site(self.site_dir, self.site_url, sources)
        self._names.append("")           # the end: every page is written
        self._send()
        os.close(self._fd)
        self._fd = None
        (broken, leaks), _ = self._job.result()
        return _problems(self.site_dir, broken, leaks, sources)

    def abandon(self) -> None:
        """The build failed: the worker sees the pipe close and stops."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            try:
                self._job.result()
            except RuntimeError:
                pass


def _grow(fd: int) -> None:
    """A bigger pipe (1 MB: ~15,000 names), so rendering never waits for a worker that lags behind."""
    try:
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


def _names(fd: int):
    rest = b""
    while chunk := os.read(fd, 1 << 16):
        *done, rest = (rest + chunk).split(b"\0")
        for name in done:
            yield name.decode("utf-8")


def _worker(r: int, w: int, site_dir: str, site_url: str):
    os.close(w)          # the parent's end, inherited: the pipe must close when the parent closes it
    gc.disable()         # only acyclic results here; scanning the inherited heap would copy it all
    site, pages, scanned, leaks, prev = Path(site_dir), {}, set(), [], None
    targets, seen, tags = linkcheck.Targets(site_url), secretscan.Seen(), {}
    for rel in _names(r):
        if prev is not None:             # written: MkDocs has moved on to the next page
            _check_file(site, prev, pages, scanned, leaks, targets, seen, tags)
        if rel == "":
            break
        prev = rel
    else:
        return None                      # the build stopped half-way
    os.close(r)
    _check_the_rest(site, pages, scanned, leaks, seen)
    return linkcheck.resolve(site, site_url, pages), sorted(leaks)


def _check_file(site: Path, rel: str, pages: dict, scanned: set, leaks: list, targets: linkcheck.Targets,
                seen: secretscan.Seen, tags: dict) -> None:
    """A page's links and credentials, or a feed's credentials (feeds are named as they are written)."""
    suffix = os.path.splitext(rel)[1]
    try:
        text = (site / rel).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return                           # not written after all: the final pass finds what exists
    if suffix == ".html":
        pages[rel] = page = linkcheck.parse_page(text, tags)
        targets.add(rel, page)           # now, while MkDocs renders: resolve() is left with lookups
    scanned.add(rel)
    leaks += seen.scan(text, rel, suffix)


def _check_the_rest(site: Path, pages: dict, scanned: set, leaks: list, seen: secretscan.Seen) -> None:
    """What no name covered (assets, 404, redirects), found in one walk of the site; each file read once
    for both checks (the same files read_pages and scan_dir would take)."""
    for path in files_under(site, skip_re=search_shards.BUNDLE_RE):
        rel = path.relative_to(site).as_posix()
        html = path.name.endswith(".html") and rel not in pages
        scan = path.suffix.lower() in secretscan.TEXT_SUFFIXES and rel not in scanned
        if html or scan:
            text = path.read_text(encoding="utf-8", errors="replace")
            if html:
                pages[rel] = linkcheck.parse_page(text)
            if scan:
                leaks += seen.scan(text, rel, path.suffix)
