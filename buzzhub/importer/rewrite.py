"""Links in a body: cross-references to other articles, and plain links or images to local files.

Anything that would not resolve in the hub is fixed, pointed at the old site (--site-url), or removed
with its text kept, so the hub's strict build stays free of link warnings.
"""
from __future__ import annotations

import re

from . import embeds, media
from .links import article_link, is_local, old_site_url

TEXT = r"((?:[^\[\]\n]|\n(?![ \t]*\n)|\[[^\[\]\n]*\])*)"
MD_LINK = re.compile(r"(!?)\[" + TEXT + r"\]\(\s*(<[^>\n]*>|[^()\s\x00]+(?:\([^()\s]*\)[^()\s\x00]*)*)"
                     r"(\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)")
HTML_IMG = re.compile(r"<img\b[^>]*?\ssrc=([\"'])([^\"'\x00]*)\1[^>]*>", re.I)
HTML_A = re.compile(r"(<a\b[^>]*?\shref=)([\"'])([^\"'\x00]*)\2", re.I)


def _flavor(ctx):
    from . import hugo, liquid
    return hugo if ctx.job.flavor == "hugo" else liquid


def resolve(ctx, ref: str, pos: int, html: bool = False) -> str | None:
    """The hub link for a cross-reference; None (with a located note) when it cannot be made."""
    path, _, anchor = ref.strip().partition("#")
    hit, why = ctx.job.index.find(_flavor(ctx).ref_path(path), ctx.item, ctx.job.flavor)
    if hit is not None and not hit.open:
        hit, why = None, f"refers to {hit.rel}, which is not imported ({hit.status})"
    if hit is None:
        fallback = old_site_url(ctx.job, ref)
        ctx.warn(pos, "ref", f"'{ref}' {why}; " + ("linked to the old site" if fallback else "link removed, text kept"))
        return fallback or None
    link, note = article_link(ctx.item, hit, anchor, html)
    if note:
        ctx.warn(pos, "ref", f"'{ref}': {note}")
    ctx.done["reference"] += 1
    return link


def ref_links(ctx, text: str) -> str:
    """[text]({{< ref "x" >}}) and <a href="{{< ref "x" >}}">: the forms a ref is written in."""
    tag = _flavor(ctx).REF_TAG
    md = re.compile(r"\[" + TEXT + r"\]\(\s*<?\s*(" + tag + r")(#[^\s)\"'>]*)?\s*>?\s*(\"[^\"\n]*\"|'[^'\n]*')?\s*\)")
    html = re.compile(r"(<a\b[^>]*?\shref=)([\"'])\s*(" + tag + r")(#[^\"'\s]*)?\s*\2([^>]*>)(.*?)</a>", re.I | re.S)

    def md_sub(m):
        ref = _flavor(ctx).ref_of(m.group(2)) + (m.group(3) or "")
        link = resolve(ctx, ref, m.start(2))
        title = f" {m.group(4)}" if m.group(4) and link else ""
        new = f"[{m.group(1)}]({embeds.target(link)}{title})" if link else m.group(1)
        return ctx.keep(new, m.group(0))

    def html_sub(m):
        ref = _flavor(ctx).ref_of(m.group(3)) + (m.group(4) or "")
        link = resolve(ctx, ref, m.start(3), html=True)
        new = f'{m.group(1)}"{link}"{m.group(5)}{m.group(6)}</a>' if link else m.group(6)
        return ctx.keep(new, m.group(0))

    return html.sub(html_sub, md.sub(md_sub, text))


def plain_links(ctx, text: str) -> str:
    text = MD_LINK.sub(lambda m: _md_link(ctx, m), text)
    text = HTML_IMG.sub(lambda m: _html_img(ctx, m), text)
    return HTML_A.sub(lambda m: _html_a(ctx, m), text)


def _md_link(ctx, m) -> str:
    bang, label, url, title = m.group(1), m.group(2), m.group(3).strip("<>"), m.group(4) or ""
    if "{{" in url or "{%" in url or not is_local(url) and not url.startswith("#"):
        return m.group(0)
    new = _image(ctx, url, m.start()) if bang else _link(ctx, url, m.start())
    if new == url:
        return m.group(0)
    if new is None:
        return ctx.keep("" if bang else label, m.group(0))
    return ctx.keep(f"{bang}[{label}]({embeds.target(new)}{title})", m.group(0))


def _image(ctx, url: str, pos: int, html: bool = False) -> str | None:
    path = url.split("#", 1)[0].split("?", 1)[0]
    src = media.locate(ctx.job, ctx.item, path)
    if src:
        dest = media.place(ctx.item, src)
        ctx.done["image"] += 1
        return media.link_from_page(ctx.item, dest) if html else media.link_from_article(ctx.item, dest)
    base = ctx.job.options.asset_base_url
    if base and "." in path.rsplit("/", 1)[-1]:
        return base.rstrip("/") + "/" + path.lstrip("/")
    ctx.warn(pos, "image", f"'{url}' not found in the source; removed")
    return None


def _link(ctx, url: str, pos: int, html: bool = False) -> str | None:
    path, _, anchor = url.partition("#")
    if not path:
        return _own_anchor(ctx, anchor, pos, url)
    hit = ctx.job.index.by_old_url(path) if path.startswith("/") else None
    if hit is None and path.lower().endswith((".md", ".markdown")) or path.endswith("/") and not path.startswith("/"):
        hit, _ = ctx.job.index.find(path, ctx.item, ctx.job.flavor)
    if hit is not None and hit.open:
        link, note = article_link(ctx.item, hit, anchor, html)
        if note:
            ctx.warn(pos, "link", f"'{url}': {note}")
        ctx.done["link"] += 1
        return link
    src = media.locate(ctx.job, ctx.item, path)
    if src and not src.lower().endswith((".md", ".markdown")):
        dest = media.place(ctx.item, src)
        ctx.done["file link"] += 1
        return media.link_from_page(ctx.item, dest) if html else media.link_from_article(ctx.item, dest)
    fallback = old_site_url(ctx.job, path) if path.startswith("/") else ""
    if fallback:
        return fallback + (f"#{anchor}" if anchor else "")
    if path.startswith("/"):  # MkDocs leaves absolute links alone; they keep the old site's paths
        ctx.item.note("body: root-relative links kept as they were (pass --site-url to point them at the old site)")
        return url
    if html:
        ctx.warn(pos, "link", f"'{url}' does not resolve in the hub; left as is in raw HTML")
        return url
    ctx.warn(pos, "link", f"'{url}' does not resolve in the hub; link removed, text kept")
    return None


def _own_anchor(ctx, anchor: str, pos: int, url: str) -> str | None:
    mapped = ctx.item.anchors.get(anchor)
    if mapped is None:
        ctx.warn(pos, "link", f"'{url}': no such anchor on this page; link removed, text kept")
        return None
    return f"#{mapped}"


def _html_img(ctx, m) -> str:
    url = m.group(2)
    if not is_local(url) or "{{" in url or "{%" in url:
        return m.group(0)
    new = _image(ctx, url, m.start(), html=True)
    if new is None:
        return ctx.keep("", m.group(0))
    return ctx.keep(m.group(0).replace(m.group(1) + url + m.group(1), m.group(1) + new + m.group(1), 1), m.group(0))


def _html_a(ctx, m) -> str:
    url = m.group(3)
    if not is_local(url) or url.startswith("#") or "{{" in url or "{%" in url:
        return m.group(0)
    new = _link(ctx, url, m.start(), html=True)
    if new is None or new == url:
        return m.group(0)
    return ctx.keep(f"{m.group(1)}{m.group(2)}{new}{m.group(2)}", m.group(0))
