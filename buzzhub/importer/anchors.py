"""Heading anchors: which #fragment of the old site lands on which id in the hub's rendering.

Hugo ids keep Unicode and repeated hyphens; MkDocs' toc folds to ASCII and collapses them.
"""
from __future__ import annotations

import re
import unicodedata

from .describe import plain
from .protect import Vault, protect

ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
ATTR_ID = re.compile(r"\{\s*[^}]*#([\w-]+)[^}]*\}\s*$")
HTML_ID = re.compile(r"<[a-zA-Z][^>]*?\s(?:id|name)=[\"']([^\"']+)[\"']")
SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}|\{%.*?%\}", re.S)


def toc_slug(text: str) -> str:
    """What Python-Markdown's toc extension makes of heading text (its default slugify)."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def hugo_slug(text: str) -> str:
    """Hugo's default (GitHub-style) heading id."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" if ch.isspace() else ""
                   for ch in text.strip().lower())


def anchor_map(body: str) -> dict[str, str]:
    """Old fragment -> hub id, for headings, {#id} attributes and HTML ids in a raw body."""
    text = protect(body, Vault())
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    lines = text.split("\n")
    for i, ln in enumerate(lines):
        heading = _heading(ln, lines[i + 1] if i + 1 < len(lines) else "", lines[i - 1] if i else "")
        if heading is None:
            continue
        explicit = ATTR_ID.search(heading)
        if explicit:
            out[explicit.group(1)] = explicit.group(1)
            continue
        words = plain(SHORTCODE.sub("", heading).replace("\x00", ""))
        slug = _unique(toc_slug(words), seen)
        if slug:
            out.setdefault(hugo_slug(words), slug)
            out[slug] = slug
    for m in HTML_ID.finditer(text):
        out[m.group(1)] = m.group(1)
    return out


def _heading(ln: str, nxt: str, prev: str) -> str | None:
    m = ATX.match(ln)
    if m:
        return m.group(2)
    if ln.strip() and not prev.strip() and SETEXT.match(nxt) and not ln.lstrip().startswith(("-", "*", ">", "|")):
        return ln.strip()
    return None


def _unique(slug: str, seen: dict) -> str:
    """toc's rule for repeated headings: slug, slug_1, slug_2 ..."""
    if not slug:
        return slug
    n = seen.get(slug, 0)
    seen[slug] = n + 1
    return slug if n == 0 else f"{slug}_{n}"
