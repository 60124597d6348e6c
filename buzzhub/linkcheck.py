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

_SKIP = re.compile(r"<!--.*?-->|<(script|style|textarea)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<([a-zA-Z][\w:-]*)(\s[^>]*)?>")
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
# tag -> attributes holding a URL we follow
LINK_ATTRS = {"a": ("href",), "area": ("href",), "link": ("href",), "img": ("src",), "script": ("src",),
              "source": ("src",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
              "iframe": ("src",), "embed": ("src",)}
META_URLS = {"og:image", "og:url", "twitter:image"}   # absolute URLs to our own files in link previews
_WANTED_ATTR = re.compile(r"""\s(id|name|href|src|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_META = re.compile(r"<meta(\s[^>]*)>", re.I)
_WHOLE = {"meta", "link", "script"}   # tags whose other attributes decide what their URL means
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|quot|apos|lt|gt);")


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


def _attrs(raw: str) -> dict:
    attrs = {}
    for a in _ATTR.finditer(raw):
        value = a.group(2) if a.group(2) is not None else a.group(3) if a.group(3) is not None else a.group(4)
        attrs.setdefault(a.group(1).lower(), _unescape(value or ""))
    return attrs


def _read_tag(name: str, raw: str, at: int, page: _Page) -> None:
    """One start tag, all its attributes read."""
    attrs = _attrs(raw)
    if "id" in attrs:
        page.ids.add(attrs["id"])
    if name == "a" and "name" in attrs:
        page.ids.add(attrs["name"])
    for attr in LINK_ATTRS.get(name, ()):
        if attr in attrs:
            if name == "link" and attrs.get("rel", "").lower() in ("preconnect", "dns-prefetch"):
                continue
            page.links.append((at, attrs[attr]))
    if name == "meta" and attrs.get("property", attrs.get("name", "")) in META_URLS:
        page.links.append((at, attrs.get("content", "")))


def _read(text: str) -> _Page:
    """Ids and links of one page. Only the attributes that matter are looked at (a full parse of
    every tag took most of a 10,000-article build's check time); a tag is read whole only when its
    other attributes decide (meta, link, and the script tags whose contents are skipped)."""
    page = _Page(set(), [])
    pos = 0
    for skip in _SKIP.finditer(text):
        _scan(text, pos, skip.start(), page)
        opening = _TAG.match(text, skip.start()) if skip.group(1) else None
        if opening:                                   # a <script src> tag itself counts
            _read_tag(opening.group(1).lower(), opening.group(2) or "", opening.start(), page)
        pos = skip.end()
    _scan(text, pos, len(text), page)
    page.links.sort(key=lambda x: x[0])
    return page


def _scan(text: str, start: int, end: int, page: _Page) -> None:
    for tag in _META.finditer(text, start, end):
        _read_tag("meta", tag.group(1), tag.start(), page)
    for m in _WANTED_ATTR.finditer(text, start, end):
        lt = text.rfind("<", start, m.start())
        if lt < 0 or text.find(">", lt, m.start()) >= 0:
            continue                                    # in text, not in a tag
        tag = _TAG.match(text, lt)
        if tag is None:
            continue
        name = tag.group(1).lower()
        if name == "meta":
            continue                                    # read whole above
        if name in _WHOLE:
            if m.start() == _first_wanted(text, lt, tag.end()):   # once per tag
                _read_tag(name, tag.group(2) or "", lt, page)
            continue
        attr = m.group(1).lower()
        value = _unescape(next(g for g in m.group(2, 3, 4) if g is not None))
        if attr == "id" or (attr == "name" and name == "a"):
            page.ids.add(value)
        elif attr in LINK_ATTRS.get(name, ()):
            page.links.append((lt, value))


def _first_wanted(text: str, start: int, end: int) -> int:
    m = _WANTED_ATTR.search(text, start, end)
    return m.start() if m else -1


def _target(url: str, page_rel: str, site_url: str, base_path: str) -> tuple[str, str] | None:
    """(site-relative path, fragment) for a link to our own site; None for anything else."""
    if site_url and url.startswith(site_url):
        url = base_path + url[len(site_url):]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:                                  # "#frag" or "?q": this page
        return page_rel, unquote(parts.fragment)
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
    return norm, unquote(parts.fragment)


def check_site(site_dir: str | os.PathLike, site_url: str = "") -> list[BrokenLink]:
    """Broken internal links and anchors in every .html file under site_dir, in path order."""
    site = Path(site_dir)
    site_url = site_url.rstrip("/") + "/" if site_url else ""
    base_path = urlsplit(site_url).path or "/"
    pages: dict[str, _Page] = {}
    for path in sorted(site.rglob("*.html")):
        if not path.is_file():  # a folder may be named like a page ("old.html/") by a redirect
            continue
        rel = path.relative_to(site).as_posix()
        pages[rel] = _read(path.read_text(encoding="utf-8", errors="replace"))
    broken: list[BrokenLink] = []
    exists: dict[str, bool] = {}

    def is_file(rel: str) -> bool:
        if rel not in exists:
            exists[rel] = rel in pages or (site / rel).is_file()
        return exists[rel]

    for rel, page in pages.items():
        for offset, url in page.links:
            target = _target(url, rel, site_url, base_path)
            if target is None:
                continue
            path, frag = target
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
