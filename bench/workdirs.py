"""The two sites a benchmark compares, laid out under one work directory per N.

hub/:  this repository's mkdocs.yml, hooks, overrides and data, docs/ without its articles, and the
       synthetic corpus as docs/articles (everything on: entities, listings, feeds, related, search).
bare/: the same articles with plain Material: same theme, features, palette and Markdown extensions,
       no hooks, no custom_dir, articles out of the nav (`not_in_nav`), the default search plugin.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
HUB_PARTS = ("mkdocs.yml", "hooks", "overrides", "data")


def _bare_config(root: Path) -> str:
    import sys
    sys.path.insert(0, str(ROOT))
    from buzzhub.config import read_mkdocs_yml
    cfg = read_mkdocs_yml(str(root / "mkdocs.yml"))
    theme = {k: v for k, v in cfg["theme"].items() if k not in ("custom_dir", "logo", "favicon")}
    out = {"site_name": "Bare Material", "site_url": cfg.get("site_url", ""), "docs_dir": "docs",
           "use_directory_urls": True, "theme": theme, "nav": [{"Home": "index.md"}],
           "not_in_nav": "/articles/", "plugins": ["search"],
           "markdown_extensions": cfg.get("markdown_extensions", [])}
    return json.dumps(out, indent=1)  # JSON is YAML: no PyYAML dumper quirks


def _hub_parts(hub: Path) -> None:
    """This repository's config, hooks, templates, data and non-article docs, copied afresh."""
    for part in HUB_PARTS:
        src, dest = ROOT / part, hub / part
        if src.is_dir():
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(src, dest)
        else:
            shutil.copy2(src, dest)
    for src in (ROOT / "docs").iterdir():
        if src.name != "articles":
            dest = hub / "docs" / src.name
            shutil.rmtree(dest, ignore_errors=True) if dest.is_dir() else None
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest)


def prepare(workdir: Path, n: int) -> tuple[Path, Path]:
    """(hub root, bare root) for n articles; reused when already complete for this n."""
    hub, bare = workdir / f"n{n}" / "hub", workdir / f"n{n}" / "bare"
    stamp = workdir / f"n{n}" / "ready"
    if stamp.exists():
        _hub_parts(hub)   # the corpus is kept; the hub's own files are always the current ones
        return hub, bare
    shutil.rmtree(workdir / f"n{n}", ignore_errors=True)
    hub.mkdir(parents=True)
    _hub_parts(hub)
    write_corpus(ROOT, hub / "docs" / "articles", n)
    (bare / "docs").mkdir(parents=True)
    shutil.copytree(hub / "docs" / "articles", bare / "docs" / "articles")
    (bare / "docs" / "index.md").write_text("# Bare Material\n\nThe same articles, no hub.\n", encoding="utf-8")
    (bare / "mkdocs.yml").write_text(_bare_config(ROOT), encoding="utf-8")
    stamp.write_text("ok\n")
    return hub, bare


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


FEEDS = {"feed.xml", "atom.xml", "feed.json"}


def breakdown(path: Path) -> dict[str, int]:
    """Output bytes by kind: pages (.html), feeds, search (Pagefind bundle or search_index.json), images."""
    out = dict.fromkeys(("pages", "feeds", "search", "images", "other"), 0)
    for p in path.rglob("*"):
        if not p.is_file():
            continue
        rel = p.relative_to(path).parts
        kind = ("search" if rel[0] == "search" or re.fullmatch(r"pagefind(-[0-9]+)?", rel[0]) else "feeds" if p.name in FEEDS
                else "pages" if p.suffix == ".html" else "images" if p.suffix in (".png", ".jpg", ".svg", ".webp")
                else "other")
        out[kind] += p.stat().st_size
    return out
