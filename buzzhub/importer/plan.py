"""Where each article lands: unique slugs and redirect paths hub-wide, stable from one run to the next.

An existing file at the very path an import would write, with the same title and date, is that
import's earlier result: it is reused (compared, maybe rewritten), never treated as a clash.
"""
from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from ..article import slugify
from ..hub import fold
from ..source import read_source
from .dates import aware, parse_when
from .model import Item, Job


@dataclass
class Existing:
    slugs: dict = field(default_factory=dict)       # slug -> docs-relative path
    paths: dict = field(default_factory=dict)       # docs-relative path -> (title, date, slug)
    redirects: dict = field(default_factory=dict)   # folded path -> docs-relative path of its owner


def scan_hub(job: Job) -> Existing:
    """Every article already in docs/articles, valid or not: their slugs, files and redirects are taken."""
    ex = Existing()
    base = Path(job.docs_dir) / "articles"
    for p in sorted(base.rglob("*.md")) if base.is_dir() else []:
        rel = p.relative_to(job.docs_dir).as_posix()
        src = read_source(p)
        m = src.meta
        slug = m.get("slug") if isinstance(m.get("slug"), str) else slugify(p.stem)
        title = " ".join(m["title"].split()) if isinstance(m.get("title"), str) else ""
        when, _ = parse_when(m.get("date"))
        ex.slugs.setdefault(slug, rel)
        ex.paths[rel] = (title, aware(when) if when else None, slug)
        redirects = m.get("redirect_from") if isinstance(m.get("redirect_from"), list) else []
        for r in redirects:
            if isinstance(r, str):
                ex.redirects.setdefault(fold(r.strip("/") + "/"), rel)
    return ex


def _docs_rel(job: Job, year: int, slug: str) -> str:
    folder = Path(os.path.relpath(job.dest, job.docs_dir)).as_posix()
    return posixpath.join(folder, str(year), f"{slug}.md")


def _same(ex: Existing, rel: str, item: Item) -> bool:
    title, when, _ = ex.paths.get(rel, ("", None, ""))
    mine = parse_when(item.meta["date"])[0]
    return title == item.meta["title"] and when is not None and mine is not None and when == aware(mine)


def assign_slugs(job: Job, ex: Existing) -> None:
    claimed: set[str] = set()
    for item in (i for i in job.items if i.open):
        base, n = item.slug, 1
        while True:
            cand = base if n == 1 else f"{base}-{n}"
            rel = _docs_rel(job, item.year, cand)
            owner = ex.slugs.get(cand)
            mine = _same(ex, rel, item)
            free = cand not in claimed and (owner is None and rel not in ex.paths or mine and owner in (None, rel))
            if free:
                break
            n += 1
        if n > 1:
            why = "another imported file" if f"{base}" in claimed else ex.slugs.get(base) or "an existing file"
            item.note(f"slug: '{base}' is already used by {why}; this article is '{cand}'")
        claimed.add(cand)
        item.slug, item.docs_rel = cand, rel
        item.target = os.path.relpath(os.path.join(job.docs_dir, rel), job.root)
        item.reused = mine and rel in ex.paths


def assign_redirects(job: Job, ex: Existing) -> None:
    """Old paths must be unique and must not be some article's own address."""
    mine = {i.docs_rel for i in job.items if i.open and i.reused}
    taken = {k: v for k, v in ex.redirects.items() if v not in mine}
    urls = {fold(f"articles/{s}/") for s in ex.slugs} | {fold(f"articles/{i.slug}/") for i in job.items if i.open}
    for item in (i for i in job.items if i.open):
        kept = []
        for path in item.old_urls:
            key = fold(path)
            if key in taken or key in urls:
                item.note(f"redirect_from: '{path}' is already used by {taken.get(key, 'an article address')}; dropped")
                continue
            taken[key] = item.docs_rel
            kept.append(path)
        item.old_urls = kept
        if kept:
            item.meta["redirect_from"] = kept
