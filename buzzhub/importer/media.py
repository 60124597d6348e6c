"""Images and other files an article uses: found in the source, copied next to the article.

A copy lives at docs/articles/<year>/<slug>/<name>; the article links to it as <slug>/<name>.
"""
from __future__ import annotations

import html
import os
import posixpath
from urllib.parse import unquote, urlsplit

from .fields import get, line
from .model import Item, Job

IMAGE_KEYS = ("image", "featured_image", "images", "cover", "thumbnail", "featured_image_url")
ALT_KEYS = ("image_alt", "alt_image", "featured_image_alt", "image_caption", "featured_image_caption", "caption")


def locate(job: Job, item: Item, ref: str) -> str:
    """Absolute path of a local file a link or image points at ('' if none), never outside SOURCE_DIR."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return ""
    path = unquote(parts.path)
    here = item.bundle or os.path.dirname(item.path)
    bases = [job.source_root] if path.startswith("/") else [here]
    bases += job.static_roots + [job.content_root, job.source_root]
    for base in bases:
        cand = os.path.normpath(os.path.join(base, path.lstrip("/")))
        if os.path.isfile(cand) and _inside(cand, job.source_root):
            return cand
    return ""


def _inside(path: str, root: str) -> bool:
    real = os.path.realpath(path)
    return os.path.commonpath([real, os.path.realpath(root)]) == os.path.realpath(root)


def place(item: Item, src: str) -> str:
    """Plan a copy of src beside the article; returns the docs-relative destination."""
    if src in item.copies:
        return item.copies[src]
    inner = os.path.relpath(src, item.bundle) if item.bundle and src.startswith(item.bundle + os.sep) \
        else os.path.basename(src)
    folder = posixpath.join(posixpath.dirname(item.docs_rel), item.slug)
    dest, n = posixpath.join(folder, inner.replace(os.sep, "/")), 2
    taken = set(item.copies.values())
    while dest in taken:  # two different files with one name
        stem, ext = posixpath.splitext(posixpath.join(folder, inner.replace(os.sep, "/")))
        dest, n = f"{stem}-{n}{ext}", n + 1
    item.copies[src] = dest
    return dest


def link_from_article(item: Item, docs_rel: str) -> str:
    """A docs-relative path as a Markdown link from the article's file (MkDocs validates these)."""
    return posixpath.relpath(docs_rel, posixpath.dirname(item.docs_rel))


def link_from_page(item: Item, docs_rel: str) -> str:
    """A docs-relative file as a URL relative to the article's page (/articles/<slug>/), for raw HTML."""
    return "../../" + docs_rel


def keep_bundle(item: Item, resources: list[Item]) -> None:
    """Page-bundle resources travel with their article (Hugo serves them beside the page)."""
    for res in resources:
        place(item, res.path)


def front_image(job: Job, item: Item) -> None:
    key, value = get(item, *IMAGE_KEYS)
    if key is None or value in (None, "", []):
        return
    ref, alt = _image_ref(value)
    akey, alt_value = get(item, *ALT_KEYS)
    if not alt and isinstance(alt_value, str) and alt_value.strip():
        alt = alt_value
    if not isinstance(ref, str) or not ref.strip():
        return item.note(f"{line(job, item, key)}: image: {key} has no usable path; dropped")
    url = _image_url(job, item, ref.strip())
    if not url:
        return item.note(f"{line(job, item, key)}: image: '{ref}' not found in the source; dropped")
    alt = " ".join(html.unescape(alt or "").split())
    if not alt:
        alt = item.meta["title"]
        item.note("image_alt: none given; used the title")
    item.meta["image"], item.meta["image_alt"] = url, alt
    item.origin.update(image=key, image_alt=akey or key)
    if key != "image":
        item.note(f"image: taken from {key}")


def _image_ref(value) -> tuple:
    """The path and any alt text from the shapes themes use: a string, a list, or a mapping."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        ref = value.get("image") or value.get("src") or value.get("path") or value.get("url") or value.get("uid")
        alt = value.get("alt") or value.get("caption") or value.get("title") or ""
        return (ref[0] if isinstance(ref, list) and ref else ref), str(alt)
    return value, ""


def _image_url(job: Job, item: Item, ref: str) -> str:
    parts = urlsplit(ref)
    if parts.scheme == "https" and parts.netloc:
        return ref
    if parts.scheme:
        return ""  # http or data: URLs are refused by the hub
    src = locate(job, item, ref)
    if src:
        return place(item, src)
    base = job.options.asset_base_url
    if base and posixpath.splitext(parts.path)[1]:
        return base.rstrip("/") + "/" + parts.path.lstrip("/")
    return ""
