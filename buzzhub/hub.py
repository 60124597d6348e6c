"""The hub's article index, built from source files (not from pages MkDocs rendered).

Both the build hooks and `buzzhub check` use it, so they report the same problems.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import background
from .article import Article, build_article
from .authors import Author, load_authors
from .paths import outside_root
from .problems import Problem
from .source import decode, parse

ARTICLES_DIR = "articles"
_PARSE_CACHE: dict[tuple[str, str], tuple] = {}  # (path, sha) -> (article, problems); serve reuses it
_STAT_CACHE: dict[str, tuple] = {}               # path -> ((mtime, size, inode, rel, fingerprint), key)


@dataclass
class Hub:
    root: str
    docs_dir: str
    settings: dict
    authors: dict[str, Author]
    articles: list[Article]                       # every valid article, drafts included
    problems: list[Problem] = field(default_factory=list)

    def published(self, now: dt.datetime) -> list[Article]:
        """Newest first; ties by slug so listings are deterministic."""
        live = [a for a in self.articles if a.is_published(now)]
        return sorted(live, key=lambda a: (-a.date.timestamp(), a.slug))

    def by_slug(self) -> dict[str, Article]:
        return {a.slug: a for a in self.articles}


def fold(s: str) -> str:
    """Two URLs that differ only by case or Unicode form collide on many file systems."""
    return unicodedata.normalize("NFKC", s).casefold()


def article_paths(docs_dir: str, root: str) -> tuple[list[str], list[Problem]]:
    base = Path(docs_dir) / ARTICLES_DIR
    out, problems = [], []
    if not base.is_dir():
        return out, problems
    linked = os.path.realpath(base) != os.path.abspath(base)   # docs/ or articles/ itself a symlink
    for p, via_link in sorted(_markdown_files(str(base), linked, set()), key=lambda x: x[0].split(os.sep)):
        # realpath costs a syscall per path component: only where a symlink is on the way
        if via_link and outside_root(p, root):
            problems.append(Problem(p, 1, "file", "is a symlink pointing outside the repository; refused"))
            continue
        out.append(p)
    return out, problems


def _markdown_files(folder: str, linked: bool, seen: set):
    """(path, whether a symlink is on its way) for every .md file below folder. Symlinked folders
    are followed (their files are then checked), each real folder once: a link loop ends."""
    st = os.stat(folder)
    if (st.st_dev, st.st_ino) in seen:
        return
    seen.add((st.st_dev, st.st_ino))
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)     # which link reaches a folder first: stable
    for e in entries:
        if e.is_dir():
            yield from _markdown_files(e.path, linked or e.is_symlink(), seen)
        elif e.name.endswith(".md") and e.is_file():
            yield e.path, linked or e.is_symlink()


def _fetch(path: str, rel: str, fingerprint: str):
    """(stat signature, bytes), bytes None when the parse cache holds this version; or the OSError."""
    try:
        st = os.stat(path)
        # A preview rebuild re-reads 10,000 files otherwise: an unchanged stat skips reading and hashing.
        sig = (st.st_mtime_ns, st.st_size, st.st_ino, rel, fingerprint)
        seen = _STAT_CACHE.get(path)
        if seen is not None and seen[0] == sig and seen[1] in _PARSE_CACHE:
            return sig, None
        return sig, Path(path).read_bytes()
    except OSError as err:
        return err


def _fetch_all(items: list[tuple[str, str]], fingerprint: str) -> list:
    """_fetch for every (path, rel), on 16 threads: a cold disk answers many reads at once (10,000 stories
    were 15 s read one by one in a benchmark build). The threads only read: the caches are not written."""
    from concurrent.futures import ThreadPoolExecutor
    chunks = [items[i::16] for i in range(16)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        done = list(pool.map(lambda chunk: [_fetch(p, r, fingerprint) for p, r in chunk], chunks))
    out = [None] * len(items)
    for i in range(16):
        out[i::16] = done[i]
    return out


def load_article(path: str, rel: str, ctx: dict, fetched=None) -> tuple[Article | None, list[Problem]]:
    fetched = fetched if fetched is not None else _fetch(path, rel, ctx["fingerprint"])
    if isinstance(fetched, OSError):
        return None, [Problem(path, 1, "file", f"cannot be read: {fetched.strerror}")]
    sig, raw = fetched
    if raw is None:
        return _PARSE_CACHE[_STAT_CACHE[path][1]]
    key = (path, hashlib.sha256(raw).hexdigest() + ctx["fingerprint"])
    if key not in _PARSE_CACHE:
        text, problems = decode(path, raw)
        _PARSE_CACHE[key] = (None, problems) if text is None else build_article(parse(path, text), rel, ctx)
    _STAT_CACHE[path] = (sig, key)
    return _PARSE_CACHE[key]


def _rel(path: str, docs_dir: str) -> str:
    """path relative to docs_dir, posix; paths found by walking docs_dir start with it (pathlib took
    ~0.2 s of every preview reload at 10,000 stories)."""
    head = os.path.join(docs_dir, "")
    if path.startswith(head):
        return path[len(head):].replace(os.sep, "/")
    return Path(path).relative_to(docs_dir).as_posix()


def _load_all(items: list[tuple[str, str]], ctx: dict, parallel: bool) -> list[tuple]:
    """load_article for every (path, rel), in order. parallel (a one-off run, not the preview): the second
    half is parsed in a forked child meanwhile (~1 s of a 10,000-story build's start, when the other core
    has nothing else to do). Its results never reach this process's parse cache: only preview rebuilds
    read that."""
    def load(chunk):
        return [load_article(p, r, ctx, f) for (p, r), f in zip(chunk, _fetch_all(chunk, ctx["fingerprint"]))]
    if parallel and background.available(len(items)):
        first, second = background.split_run(load, items)
        return first + second
    return load(items)


def load_hub(root: str, docs_dir: str, settings: dict, parallel: bool = False) -> Hub:
    authors, problems = load_authors(os.path.join(root, settings["authors_file"]))
    ctx = {"authors": authors, "categories": settings["categories"],
           "description_max": settings["description_max"]}
    ctx["fingerprint"] = hashlib.sha256(repr((sorted(authors), ctx["categories"],
                                              ctx["description_max"])).encode()).hexdigest()[:16]
    paths, path_problems = article_paths(docs_dir, root)
    problems += path_problems
    articles = []
    items = [(path, _rel(path, docs_dir)) for path in paths]
    for art, probs in _load_all(items, ctx, parallel):
        problems += probs
        if art is not None:
            articles.append(art)
    hub = Hub(root, docs_dir, settings, authors, articles, problems)
    problems += check_cross_refs(hub)
    clashing = {p.path for p in problems if p.field in ("slug", "redirect_from") and "would be written" in p.message}
    hub.articles = [a for a in articles if os.path.join(docs_dir, a.path) not in clashing]
    return hub


def check_cross_refs(hub: Hub) -> list[Problem]:
    """Hub-wide rules: unique slugs and URLs, existing related slugs, images inside docs/."""
    problems, seen = [], {}
    docs = hub.docs_dir
    for a in sorted(hub.articles, key=lambda a: a.path):
        for url, fld in [(a.url, "slug")] + [(r.rstrip("/") + "/", "redirect_from") for r in a.redirect_from]:
            key = fold(url)
            if key in seen:
                other, ofld = seen[key]
                problems.append(Problem(os.path.join(docs, a.path), a.line_of(fld), fld,
                                        f"would be written to /{url}, which {os.path.join(docs, other.path)} "
                                        f"already uses ({ofld}); slugs and URLs must be unique"))
            else:
                seen[key] = (a, fld)
    slugs = {a.slug for a in hub.articles}
    for a in hub.articles:
        path = os.path.join(docs, a.path)
        for fld in ("related", "related_exclude"):
            for s in getattr(a, fld):
                if s not in slugs:
                    problems.append(Problem(path, a.line_of(fld), fld, f"no article has the slug '{s}'"))
                elif s == a.slug:
                    problems.append(Problem(path, a.line_of(fld), fld, "an article cannot relate to itself"))
        if a.image and "://" not in a.image:
            problems += _check_image(path, a, docs)
    return problems


def _check_image(path: str, a: Article, docs: str) -> list[Problem]:
    target = os.path.join(docs, a.image)
    real_docs = os.path.realpath(docs)
    real = os.path.realpath(target)
    if os.path.commonpath([real, real_docs]) != real_docs:
        return [Problem(path, a.line_of("image"), "image", "resolves outside docs/ (symlink?); refused")]
    if not os.path.isfile(target):
        return [Problem(path, a.line_of("image"), "image", f"file docs/{a.image} does not exist")]
    return []
