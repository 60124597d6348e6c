"""Internal link check over the built site: every link to a page of ours reaches a file, and every
`#fragment` reaches an element id.

MkDocs' own `validation` only sees Markdown links between source files; this sees what readers get:
links written by templates, raw HTML in articles, generated listings, feeds' HTML pages, redirects.

Speed matters (thousands of pages), so tags are found with a regular expression instead of a full HTML
parser: the site is generated, every attribute our templates and Markdown write is quoted, and `<`/`>` in
text and attribute values are escaped. Script, style and comment contents are skipped.
"""
from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .paths import files_under

# Comments and script/style/textarea elements: found by their start, then their end (one lazy regex with a
# backreference over the page cost twice as much).
_SKIP_START = re.compile(r"<(?:!--|(script|style|textarea)\b)", re.I)
_SKIP_END = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "textarea")}
# Start tags with an attribute we read: most tags carry only class/d/aria attributes, and skipping them
# inside the regex engine halves the parse (~1M tags per 10,000 stories).
_WANTED_TAG = re.compile(r"<([a-zA-Z][\w:-]*)(\s[^>]*?(?:id|name|href|src|poster|content)\s*=[^>]*)>")
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
# tag -> attributes holding a URL we follow
LINK_ATTRS = {"a": ("href",), "area": ("href",), "link": ("href",), "img": ("src",), "script": ("src",),
              "source": ("src",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
              "iframe": ("src",), "embed": ("src",)}
META_URLS = {"og:image", "og:url", "twitter:image"}   # absolute URLs to our own files in link previews
_MEMO_MAX = 50_000   # tags remembered by parse_page's memo
_ELSEWHERE = ("http://", "https://", "mailto:")   # with another scheme or host: not a link into the site


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str       # site-relative file the link is in
    line: int
    url: str        # as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: link: {self.url} {self.reason}"


def _unescape(value: str) -> str:
    if "&" not in value:
        return value
    import html
    return html.unescape(value)


@dataclass
class _Page:
    ids: set
    links: list     # (offset, url)
    targets: list | None = None   # (offset, url, path, fragment) of links to our site: see Targets


def _tags(text: str):
    """Start tags with an attribute we read, outside comments and script/style/textarea contents (a
    <script src> tag itself counts)."""
    pos = 0
    for start, end, element in _skipped(text):
        yield from _WANTED_TAG.finditer(text, pos, start)
        if element:
            opening = _WANTED_TAG.match(text, start)
            if opening:
                yield opening
        pos = end
    yield from _WANTED_TAG.finditer(text, pos)


def _skipped(text: str):
    """(start, end, element or None for a comment) of each comment and script/style/textarea element, as
    `<!--.*?-->|<(script|style|textarea)\\b[^>]*>.*?</\\1\\s*>` would find them: one never closed is not one."""
    at = 0
    while (m := _SKIP_START.search(text, at)) is not None:
        name = m.group(1)
        if name is None:
            close = text.find("-->", m.end())
            end = close + 3 if close >= 0 else -1
        else:
            gt = text.find(">", m.end())
            found = _SKIP_END[name.lower()].search(text, gt + 1) if gt >= 0 else None
            end = found.end() if found else -1
        if end < 0:
            at = m.start() + 1
            continue
        yield m.start(), end, name
        at = end


def parse_page(text: str, memo: dict | None = None) -> _Page:
    """ids and links of a page. memo (tag text -> what it holds) spares reading the attributes of tags seen
    before: the theme writes the same tags on every page."""
    ids, links = set(), []
    for tag in _tags(text):
        if memo is None:
            found = _read_tag(tag)
        else:
            found = memo.get(tag.group(0))
            if found is None:
                if len(memo) >= _MEMO_MAX:       # stories' own tags: keep the worker's memory flat
                    memo.clear()
                found = memo[tag.group(0)] = _read_tag(tag)
        ids.update(found[0])
        links += ((tag.start(), url) for url in found[1])
    return _Page(ids, links)


def _read_tag(tag: re.Match) -> tuple[tuple, tuple]:
    """(ids, urls) a start tag holds."""
    name, attrs, ids, urls = tag.group(1).lower(), {}, [], []
    for a in _ATTR.finditer(tag.group(2)):
        value = a.group(2) if a.group(2) is not None else a.group(3) if a.group(3) is not None else a.group(4)
        attrs.setdefault(a.group(1).lower(), _unescape(value or ""))
    if "id" in attrs:
        ids.append(attrs["id"])
    if name == "a" and "name" in attrs:
        ids.append(attrs["name"])
    for attr in LINK_ATTRS.get(name, ()):
        if attr in attrs:
            if name == "link" and attrs.get("rel", "").lower() in ("preconnect", "dns-prefetch"):
                continue
            urls.append(attrs[attr])
    if name == "meta" and attrs.get("property", attrs.get("name", "")) in META_URLS:
        urls.append(attrs.get("content", ""))
    return tuple(ids), tuple(urls)


def _target(url: str, page_rel: str, site_url: str, base_path: str) -> tuple[str, str] | None:
    """(site-relative path, fragment) for a link to our own site; None for anything else."""
    if site_url and url.startswith(site_url):
        url = base_path + url[len(site_url):]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    return _place(unquote(parts.path), page_rel, base_path, unquote(parts.fragment))


def _place(path: str, page_rel: str, base_path: str, fragment: str) -> tuple[str, str]:
    if not path:                                  # "#frag" or "?q": this page
        return page_rel, fragment
    if path.startswith("/"):
        if not path.startswith(base_path):
            return "\0outside", ""
        path = path[len(base_path):]
    else:
        path = posixpath.join(posixpath.dirname(page_rel), path)
    norm = posixpath.normpath(path) if path else "."
    if norm == ".." or norm.startswith("../"):
        return "\0outside", ""
    if path.endswith("/") or norm == ".":
        norm = posixpath.join(norm, "index.html")
    return norm, fragment


class Targets:
    """Where pages' links lead, worked out page by page: the checks worker does it while the site renders,
    so only the lookups are left once every file exists."""

    def __init__(self, site_url: str):
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.base_path = urlsplit(self.site_url).path or "/"
        self._paths: dict[str, str] = {}   # one string per target file: thousands of pages share them
        self._memo: dict[tuple[str, str], tuple[str, str]] = {}   # _key -> target

    def add(self, rel: str, page: _Page) -> None:
        """Fills page.targets and drops page.links (they are in the targets)."""
        out, paths, memo = [], self._paths, self._memo
        folder = rel.rpartition("/")[0]
        for offset, url in page.links:
            if url.startswith(_ELSEWHERE) and not (self.site_url and url.startswith(self.site_url)):
                continue                                  # share links, sources: not ours to check
            key = self._key(url, folder)
            target = memo.get(key) if key is not None else None
            if target is None:
                target = _target(url, rel, self.site_url, self.base_path)
                if target is None:
                    continue
                if key is not None:
                    memo[key] = target
            path = paths.setdefault(target[0], target[0])
            out.append((offset, url, path, target[1]))
        page.targets, page.links = out, []

    def _key(self, url: str, folder: str) -> tuple[str, str] | None:
        """What a link's target depends on: the theme's "../../x" links from 10,000 story folders share one.
        None for links to the page itself, and for plain relative links (one folder's own)."""
        if not url or url[0] in "#?":
            return None
        if url[0] == "/" or (self.site_url and url.startswith(self.site_url)):
            return url, ""
        up = 0
        while url.startswith("../", 3 * up):
            up += 1
        depth = folder.count("/") + 1 if folder else 0
        if up > depth or (up == 0 and depth > 0):
            return None
        return url[3 * up:], folder.rsplit("/", up)[0] if up < depth else ""


def check_site(site_dir: str | os.PathLike, site_url: str = "", skip_re: str = "") -> list[BrokenLink]:
    """Broken internal links and anchors in every .html file under site_dir, in path order."""
    return resolve(site_dir, site_url, read_pages(site_dir, skip_re, {}))


def read_page(site: Path, rel: str) -> _Page:
    return parse_page((site / rel).read_text(encoding="utf-8", errors="replace"))


def read_pages(site_dir: str | os.PathLike, skip_re: str, pages: dict) -> dict:
    """pages, completed with every .html file under site_dir it does not hold yet."""
    site = Path(site_dir)
    for path in files_under(site, "*.html", skip_re):   # files only: a redirect may make an "old.html/" folder
        rel = path.relative_to(site).as_posix()
        if rel not in pages:
            pages[rel] = read_page(site, rel)
    return pages


def resolve(site_dir: str | os.PathLike, site_url: str, pages: dict) -> list[BrokenLink]:
    """Broken links among pages read with read_page(s), in path order."""
    site = Path(site_dir)
    where = Targets(site_url)
    pages = dict(sorted(pages.items()))
    broken: list[BrokenLink] = []
    exists: dict[str, bool] = {}

    def is_file(rel: str) -> bool:
        if rel not in exists:
            exists[rel] = rel in pages or (site / rel).is_file()
        return exists[rel]

    for rel, page in pages.items():
        if page.targets is None:
            where.add(rel, page)
        for offset, url, path, frag in page.targets:
            reason = ""
            if path == "\0outside":
                reason = "points outside the site"
            elif not is_file(path):
                if is_file(path + "/index.html"):   # "articles/x" without the slash still serves a page
                    path += "/index.html"
                else:
                    reason = f"does not resolve: no file {path}"
            if not reason and frag and path.endswith(".html") and frag not in pages.get(path, _Page(set(), [])).ids:
                reason = f"has no target: {path} has no element with id \"{frag}\""
            if reason:
                broken.append(BrokenLink(rel, _line(site / rel, offset), url, reason))
    return broken


def _line(path: Path, offset: int) -> int:
    # Read again only for a broken link: holding every page's text would take ~1 GB at 10,000 articles.
    return path.read_text(encoding="utf-8", errors="replace").count("\n", 0, offset) + 1
