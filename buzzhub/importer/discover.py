"""Find the source files and sort them into articles, bundle resources and files to skip."""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..article import slugify
from .model import MD_EXTS, Item, Job, UsageError

HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml",
                "config.json")
NOT_SCANNED = {"node_modules", "vendor", "_site", "public", "resources"}  # generated output, at the top only
JEKYLL_MACHINERY = {"_layouts", "_includes", "_sass", "_data", "_plugins", "_config.yml", "_config.yaml",
                    "_config.toml", "Gemfile", "Gemfile.lock"}
OTHER_CONTENT = (".html", ".htm", ".adoc", ".asciidoc", ".org", ".rst", ".pandoc", ".ipynb", ".txt")
DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


def detect_flavor(root: Path) -> str:
    """Jekyll sites have _config.yml or _posts/; anything else is read as Hugo content."""
    if any((root / n).is_file() for n in ("_config.yml", "_config.yaml", "_config.toml")):
        return "jekyll"
    for dirpath, dirnames, _ in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in NOT_SCANNED]
        if os.path.basename(dirpath) == "_posts":
            return "jekyll"
    return "hugo"


def discover(job: Job) -> list[Item]:
    root = Path(job.options.source)
    if not root.exists():
        raise UsageError(f"{job.options.source}: no such directory")
    if not root.is_dir():
        raise UsageError(f"{job.options.source}: not a directory")
    job.source_root = str(root.resolve())
    flavor = job.options.flavor
    job.flavor = detect_flavor(root) if flavor == "auto" else flavor
    job.content_root = job.source_root
    if job.flavor == "hugo" and (root / "content").is_dir() and _is_hugo_site(root):
        job.content_root = str((root / "content").resolve())  # a whole Hugo site: content/ holds the pages
        job.static_roots = [str((root / d).resolve()) for d in ("static", "assets") if (root / d).is_dir()]
    elif job.flavor == "jekyll":
        job.static_roots = [job.source_root]  # Jekyll serves every non-underscore file from the site root
    items = [_item(job, p) for p in _walk(job)]
    (_classify_hugo if job.flavor == "hugo" else _classify_jekyll)(job, items)
    return sorted(items, key=lambda i: i.rel)


def _is_hugo_site(root: Path) -> bool:
    return any((root / n).is_file() for n in HUGO_CONFIGS) or (root / "config").is_dir() \
        or (root / "archetypes").is_dir()


def _walk(job: Job) -> list[str]:
    out, skipped = [], set()
    for dirpath, dirnames, filenames in os.walk(job.content_root):
        keep = []
        top = os.path.abspath(dirpath) == job.source_root
        for d in sorted(dirnames):
            if d.startswith(".") or (top and d in NOT_SCANNED):
                skipped.add(os.path.relpath(os.path.join(dirpath, d), job.source_root))
            else:
                keep.append(d)
        dirnames[:] = keep
        out += [os.path.join(dirpath, f) for f in sorted(filenames)]
    job.not_scanned = sorted(Path(s).as_posix() for s in skipped)
    return out


def _item(job: Job, path: str) -> Item:
    rel = Path(os.path.relpath(path, job.source_root)).as_posix()
    crel = Path(os.path.relpath(path, job.content_root)).as_posix()
    return Item(rel=rel, path=os.path.abspath(path), content_rel=crel)


def _is_md(name: str) -> bool:
    return name.lower().endswith(MD_EXTS)


def _name_parts(stem: str) -> tuple[str, str]:
    """('2013-04-30', 'apis-in-government') from a dated file name, else ('', slug)."""
    m = DATED_NAME.match(stem)
    return (m.group(1), slugify(m.group(2))) if m else ("", slugify(stem))


def _classify_hugo(job: Job, items: list[Item]) -> None:
    bundles = {os.path.dirname(i.path) for i in items
               if _is_md(i.path) and Path(i.path).stem == "index" and os.path.dirname(i.path) != job.content_root}
    by_bundle = {}
    for it in items:
        name = os.path.basename(it.path)
        bundle = _bundle_of(it.path, bundles)
        if name.startswith("."):
            it.skip("hidden file; not content")
        elif "archetypes" in Path(it.rel).parts[:-1]:
            it.skip("template (archetypes/); not an article")
        elif _is_md(name) and Path(name).stem == "_index":
            it.skip("section page (_index); the hub generates its own listings")
        elif bundle and not (_is_md(name) and os.path.dirname(it.path) == bundle and Path(name).stem == "index"):
            it.kind, it.bundle = "resource", bundle
        elif _is_md(name):
            it.kind = "article"
            if bundle:
                it.bundle = bundle
                by_bundle[bundle] = it
                it.date_from_name, it.name_slug = _name_parts(os.path.basename(bundle))
            else:
                it.date_from_name, it.name_slug = _name_parts(Path(name).stem)
        else:
            _skip_other(it, name)
    for it in items:
        if it.kind == "resource":
            it.owner = by_bundle.get(it.bundle)


def _bundle_of(path: str, bundles: set) -> str:
    """The nearest enclosing leaf bundle: everything below an index.md belongs to it."""
    d = os.path.dirname(path)
    while len(d) > 1:
        if d in bundles:
            return d
        d = os.path.dirname(d)
    return ""


def _classify_jekyll(job: Job, items: list[Item]) -> None:
    for it in items:
        parts = Path(it.rel).parts
        name = parts[-1]
        in_posts = "_posts" in parts[:-1]
        in_drafts = "_drafts" in parts[:-1]
        if name.startswith("."):
            it.skip("hidden file; not content")
        elif (set(parts) & JEKYLL_MACHINERY) or name in JEKYLL_MACHINERY:
            it.skip("site machinery (layouts, includes, data, configuration); not an article")
        elif (in_posts or in_drafts) and _is_md(name):
            it.kind, it.is_draft_dir = "article", in_drafts
            it.date_from_name, it.name_slug = _name_parts(Path(name).stem)
            cut = parts.index("_posts" if in_posts else "_drafts")
            it.category_dirs = tuple(p for p in parts[:cut] if not p.startswith("_"))
        elif any(p.startswith("_") for p in parts[:-1]):
            it.skip("in an underscore directory Jekyll does not publish as posts")
        elif _is_md(name):
            it.skip("a Jekyll page, not a post (posts live in _posts/)")
        else:
            _skip_other(it, name)


def _skip_other(it: Item, name: str) -> None:
    if name.lower().endswith(OTHER_CONTENT):
        it.skip(f"not Markdown ({Path(name).suffix}); only Markdown articles are imported")
    else:
        it.skip("not an article (no Markdown)")
