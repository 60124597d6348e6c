"""Links inside raw HTML in a body. MkDocs does not check these, the hub's built-site link check does:
each one is resolved, pointed at the old site, or removed (a link's text and an element's content kept)."""
from __future__ import annotations

import re

from .links import is_local

NAMED = re.compile(r"<a\s+name=([\"'])([^\"'\x00]+)\1(\s*/?)>", re.I)
IMG = re.compile(r"<img\b[^>]*?\ssrc=([\"'])([^\"'\x00]*)\1[^>]*>", re.I)
ANCHOR = re.compile(r"(<a\b[^>]*?\shref=)([\"'])([^\"'\x00]*)\2([^>]*>)((?:(?!<a\b).)*?)</a\s*>", re.I | re.S)
MEDIA = re.compile(r"<(video|audio)\b.*?</\1\s*>", re.I | re.S)
MEDIA_SRC = re.compile(r"\s(src|poster)=([\"'])([^\"'\x00]*)\2", re.I)


def rewrite(ctx, text: str) -> str:
    text = NAMED.sub(lambda m: _named(ctx, m), text)
    text = MEDIA.sub(lambda m: _media(ctx, m), text)
    text = IMG.sub(lambda m: _img(ctx, m), text)
    return ANCHOR.sub(lambda m: _anchor(ctx, m), text)


def _skip(url: str) -> bool:
    return not is_local(url) and not url.startswith("#") or "{{" in url or "{%" in url


def _named(ctx, m) -> str:
    """<a name="x"> is obsolete HTML (and sanitised away by the hub): the same anchor as an id."""
    ctx.done["named anchor"] += 1
    return ctx.keep(f'<a id="{m.group(2)}"{m.group(3)}>', m.group(0))


def _img(ctx, m) -> str:
    from .rewrite import _image
    url = m.group(2)
    if _skip(url) or url.startswith("#"):
        return m.group(0)
    new = _image(ctx, url, m.start(), html=True)
    if new is None:
        return ctx.keep("", m.group(0))
    quote = m.group(1)
    return ctx.keep(m.group(0).replace(f"{quote}{url}{quote}", f"{quote}{new}{quote}", 1), m.group(0))


def _stray(url: str) -> str:
    """An absolute URL wrapped in stray characters, e.g. "(https://x)": the URL inside ('' if none)."""
    inner = re.search(r"https?://[^\s()<>\[\]\"']+", url)
    return inner.group(0) if inner and not re.match(r"https?://", url) else ""


def _anchor(ctx, m) -> str:
    """Resolved: the href rewritten. Unresolvable: the <a> and </a> go, the text inside stays."""
    from .rewrite import _link
    url = m.group(3)
    if _stray(url):
        ctx.warn(m.start(), "link", f"target '{url}' repaired to '{_stray(url)}'")
        fixed = f"{m.group(1)}{m.group(2)}{_stray(url)}{m.group(2)}{m.group(4)}"
        return ctx.keep(fixed, m.group(0)[: m.start(5) - m.start(0)]) + m.group(0)[m.start(5) - m.start(0):]
    if _skip(url):
        return m.group(0)
    new = _link(ctx, url, m.start(), html=True)
    opening = m.group(0)[: m.start(5) - m.start(0)]
    closing = m.group(0)[m.end(5) - m.start(0):]
    if new is None:
        return ctx.keep("", opening) + m.group(5) + ctx.keep("", closing)
    if new == url:
        return m.group(0)
    return ctx.keep(f"{m.group(1)}{m.group(2)}{new}{m.group(2)}{m.group(4)}", opening) + m.group(5) + closing


def _media(ctx, m) -> str:
    """<video>/<audio>: sources are copied when found; an element whose source is missing is removed."""
    from .rewrite import _image
    element, missing = m.group(0), False
    for src in MEDIA_SRC.finditer(m.group(0)):
        url = src.group(3)
        if _skip(url) or url.startswith("#"):
            continue
        new = _image(ctx, url, m.start(), html=True)
        if new is None:
            missing = True
            break
        element = element.replace(src.group(0), f" {src.group(1)}={src.group(2)}{new}{src.group(2)}", 1)
    return ctx.keep("" if missing else element, m.group(0))
