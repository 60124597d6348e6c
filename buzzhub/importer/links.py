"""Cross-references between imported articles: which source file a ref names, and the hub link to it.

Links are written relative to the target's .md file, so MkDocs checks them in every build.
"""
from __future__ import annotations

import posixpath
from collections import defaultdict
from pathlib import PurePosixPath

from .model import MD_EXTS, Item, Job


class RefIndex:
    def __init__(self, job: Job):
        self.by_path: dict[str, Item] = {}
        self.by_name: dict[str, list[Item]] = defaultdict(list)
        self.by_url: dict[str, Item] = {}
        for it in job.items:
            if it.kind == "article":
                self._add(it, job.flavor)

    def _add(self, it: Item, flavor: str) -> None:
        rel = it.content_rel if flavor == "hugo" else it.rel
        stem = _strip_ext(rel)
        for key in {rel, stem}:
            self.by_path.setdefault(key, it)
        names = {PurePosixPath(rel).name, PurePosixPath(stem).name}
        if it.bundle:
            folder = posixpath.dirname(rel)
            self.by_path.setdefault(folder, it)
            names = {posixpath.basename(folder)}
        for name in names:
            self.by_name[name].append(it)

    def add_urls(self, items: list[Item]) -> None:
        """Old addresses (aliases, url, permalink) of the articles that will exist."""
        for it in items:
            for url in it.old_urls:
                self.by_url.setdefault(url.strip("/"), it)

    def find(self, ref: str, item: Item, flavor: str) -> tuple[Item | None, str]:
        """(item, '') or (None, why)."""
        path = ref.split("#", 1)[0].split("?", 1)[0].strip()
        if not path:
            return item, ""
        hit = self._by_path(path, item, flavor) or self._by_name(path)
        if isinstance(hit, str):
            return None, hit
        if hit is None:
            return None, "no imported source file matches it"
        return hit, ""

    def _by_path(self, path: str, item: Item, flavor: str) -> Item | None:
        here = posixpath.dirname(item.content_rel if flavor == "hugo" else item.rel)
        tries = [path.lstrip("/")] if path.startswith("/") else [posixpath.normpath(posixpath.join(here, path)),
                                                                  path]
        for t in list(tries):
            parts = t.split("/")
            if len(parts) > 1:
                tries.append("/".join(parts[1:]))  # "/news/2013/x.md" when SOURCE_DIR is the news section
        for t in tries:
            t = t.rstrip("/")
            for key in (t, _strip_ext(t), t.removesuffix("/index.md"), t.removesuffix("/_index.md")):
                if key in self.by_path:
                    return self.by_path[key]
        return None

    def _by_name(self, path: str) -> Item | str | None:
        if "/" in path.strip("/"):
            return None  # a path into another section must match exactly
        name = path.strip("/")
        hits = self.by_name.get(name) or self.by_name.get(_strip_ext(name)) or []
        if len(hits) > 1:
            return f"ambiguous: {len(hits)} source files are named '{name}'"
        return hits[0] if hits else None

    def by_old_url(self, path: str) -> Item | None:
        return self.by_url.get(path.split("#", 1)[0].split("?", 1)[0].strip("/"))


def _strip_ext(path: str) -> str:
    root, ext = posixpath.splitext(path)
    return root if ext.lower() in MD_EXTS else path


def article_link(item: Item, target: Item, anchor: str, html: bool) -> tuple[str, str]:
    """(link, note): the hub link from item to target, with the anchor mapped or dropped."""
    note = ""
    if anchor:
        mapped = target.anchors.get(anchor)
        if mapped is None:
            note = f"anchor '#{anchor}' does not exist in {target.docs_rel}; dropped"
            anchor = ""
        else:
            anchor = mapped
    frag = f"#{anchor}" if anchor else ""
    if target is item:
        return (frag or ("../" + item.slug + "/" if html else posixpath.basename(item.docs_rel))), note
    if html:
        return f"../{target.slug}/{frag}", note
    return posixpath.relpath(target.docs_rel, posixpath.dirname(item.docs_rel)) + frag, note


def old_site_url(job: Job, ref: str) -> str:
    """A path-like ref on the old site (pass --site-url), as Hugo would have published it; '' if unknown."""
    base = job.options.site_url
    path, _, anchor = ref.partition("#")
    if not base or "/" not in path.strip("/") and not path.startswith("/"):
        return ""
    path = _strip_ext(path.strip().lstrip("/"))
    for tail in ("/_index", "/index", "_index", "index"):
        path = path.removesuffix(tail)
    url = base.rstrip("/") + "/" + (path.strip("/") + "/" if path.strip("/") else "")
    return url + (f"#{anchor}" if anchor else "")


def is_local(url: str) -> bool:
    return not (url.startswith(("#", "mailto:", "tel:", "data:", "javascript:")) or "://" in url
                or url.startswith("//") or not url.strip())
