"""Checks of the finished site/ that run at the end of every build (the hook logs each problem as a
warning, so `--strict` fails): internal links and anchors resolve, and nothing credential-shaped is
published. Problems point at the article that caused them when the page came from one.
"""
from __future__ import annotations

import os
from pathlib import Path

from . import background, linkcheck, search_shards, secretscan
from .problems import Problem


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


def check_site(site_dir: str, site_url: str = "", sources: dict[str, str] | None = None) -> list[Problem]:
    """sources: site-relative output file -> the Markdown file it was rendered from."""
    sources = sources or {}
    problems = []
    # Two independent passes over every page: the secret scan runs on the other core meanwhile.
    # Search bundles are left out: Pagefind's own files and chunks of pages already checked as HTML,
    # which the indexer may still be writing (the hooks overlap it with these checks).
    scan = background.run(secretscan.scan_dir, site_dir, search_shards.BUNDLE_RE, parallel=background.can_fork())
    for b in linkcheck.check_site(site_dir, site_url, search_shards.BUNDLE_RE):
        path, line, ctx = _where(site_dir, b.page, b.line, sources, b.url)
        problems.append(Problem(path, line, "link", f"{b.url} {b.reason}{ctx}"))
    for leak in scan.result()[0]:
        path, line, ctx = _where(site_dir, leak.path, leak.line, sources, leak.value)
        problems.append(Problem(path, line, "secret", f"looks like a credential ({leak.kind}: {leak.preview})"
                                                      f"{ctx}; remove it and revoke it"))
    return problems
