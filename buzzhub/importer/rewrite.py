"""Links in a body: cross-references to other articles, and plain links or images to local files.

Anything that would not resolve in the hub is fixed, pointed at the old site (--site-url), or removed
with its text kept, so the hub's strict build stays free of link warnings.
"""
from __future__ import annotations

import re

from . import embeds, media
from .links import article_link, is_local, old_site_url  # noqa: F401 (is_local: rawhtml)

TEXT = r"((?:[^\[\]\n]|\n(?![ \t]*\n)|\[[^\[\]\n]*\])*)"
MD_LINK = re.compile(r"(!?)\[" + TEXT + r"\]\(\s*(<[^>\n]*>|[^()\s\x00]+(?:\([^()\s]*\)[^()\s\x00]*)*)"
                     r"(\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)")
TITLE = r"\"[^\n]*?\"(?=\s*\))|'[^'\n]*'"  # titles with unescaped inner quotes end at the quote before ')'
LOOSE = re.compile(r"(!?)\[" + TEXT + r"\]\(([^()\n\x00]*|\(https?://[^()\s]+\)[^()\n\x00]*"
                   r"|\[[^\]\n]*\]\(https?://[^()\s]+\))\)")
VALID = re.compile(r"^\s*(<[^<>\n]*>|[^\s<>]+)(\s+(\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*$")


def _flavor(ctx):
    from . import hugo, liquid
    return hugo if ctx.job.flavor == "hugo" else liquid


def resolve(ctx, ref: str, pos: int, html: bool = False) -> str | None:
    """The hub link for a cross-reference; None (with a located note) when it cannot be made."""
    if re.match(r"https?://", ref.strip()):  # a link shortcode given a full URL
        return ref.strip()
    path, _, anchor = ref.strip().partition("#")
    hit, why = ctx.job.index.find(path, ctx.item, ctx.job.flavor)
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
    md = re.compile(r"\[" + TEXT + r"\]\(\s*<?\s*(" + tag + r")(#[^\s)\"'>]*)?\s*>?\s*(" + TITLE + r")?\s*\)")
    html = re.compile(r"(<a\b[^>]*?\shref=)([\"'])\s*(" + tag + r")(#[^\"'\s]*)?\s*\2([^>]*>)(.*?)</a>", re.I | re.S)

    def md_sub(m):  # the link text stays visible to later passes (it may hold shortcodes)
        ref = _flavor(ctx).ref_of(m.group(2)) + (m.group(3) or "")
        link = resolve(ctx, ref, m.start(2))
        tail = m.group(0)[m.end(1) - m.start(0):]
        if not link:
            return m.group(1) + ctx.keep("", tail)
        title = f' "{m.group(4)[1:-1].replace(chr(34), chr(39))}"' if m.group(4) else ""
        return "[" + m.group(1) + ctx.keep(f"]({embeds.target(link)}{title})", tail)

    def html_sub(m):
        ref = _flavor(ctx).ref_of(m.group(3)) + (m.group(4) or "")
        link = resolve(ctx, ref, m.start(3), html=True)
        opening = m.group(0)[: m.start(6) - m.start(0)]
        new = f'{m.group(1)}"{link}"{m.group(5)}' if link else ""
        return ctx.keep(new, opening) + m.group(6) + ctx.keep("</a>" if link else "", "</a>")

    text = html.sub(html_sub, md.sub(md_sub, text))
    return definitions(ctx, text, tag, lambda ref, anchor, pos: resolve(ctx, _flavor(ctx).ref_of(ref) + anchor, pos))


def definitions(ctx, text: str, target: str, resolver) -> str:
    """`[id]: target "title"` lines: the target resolved, or the definition dropped and its uses unlinked."""
    pattern = re.compile(r"^([ ]{0,3}\[([^\]\n]+)\]:[ \t]*)<?(" + target + r")(#[^\s>]*)?>?"
                         r"([ \t]+(?:\"[^\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$", re.M)
    dropped = set()

    def sub(m):
        link = resolver(m.group(3), m.group(4) or "", m.start(3))
        if link == m.group(3) + (m.group(4) or ""):
            return m.group(0)
        if not link:
            dropped.add(m.group(2).lower())
            return ctx.keep("", m.group(0))
        return ctx.keep(f"{m.group(1)}{embeds.target(link)}{m.group(5) or ''}", m.group(0))

    text = pattern.sub(sub, text)
    if dropped:  # [text][id] and [id][] whose definition went: the text stays
        text = re.sub(r"\[([^\]\n]+)\]\[([^\]\n]*)\]",
                      lambda u: u.group(1) if (u.group(2) or u.group(1)).lower() in dropped else u.group(0), text)
    return text


def plain_links(ctx, text: str) -> str:
    from . import rawhtml
    text = MD_LINK.sub(lambda m: _md_link(ctx, m), text)
    text = LOOSE.sub(lambda m: _loose(ctx, m), text)
    text = definitions(ctx, text, r"[^\s#>]+", lambda url, anchor, pos: _definition_target(ctx, url + anchor, pos))
    return rawhtml.rewrite(ctx, text)


def _md_link(ctx, m) -> str:
    bang, label, url, title = m.group(1), m.group(2), m.group(3).strip("<>"), m.group(4) or ""
    if "](" in label:  # an image inside a link: [![alt](img.png)](big.png)
        label = MD_LINK.sub(lambda inner: _md_link(ctx, inner), label)
    if "{{" in url or "{%" in url or not is_local(url) and not url.startswith("#"):
        return m.group(0) if label == m.group(2) else ctx.keep(f"{bang}[{label}]({m.group(3)}{title})", m.group(0))
    new = _image(ctx, url, m.start()) if bang else _link(ctx, url, m.start())
    if new == url:
        return m.group(0)
    if new is None:
        return ctx.keep("" if bang else label, m.group(0))
    return ctx.keep(f"{bang}[{label}]({embeds.target(new)}{title})", m.group(0))


def _definition_target(ctx, url: str, pos: int) -> str | None:
    if "{{" in url or "{%" in url or not is_local(url) and not url.startswith("#"):
        return url
    return _link(ctx, url, pos)


def _loose(ctx, m) -> str:
    """A target Markdown would read as a broken relative link: a URL with stray words or parentheses."""
    target = m.group(3)
    if VALID.match(target) and not target.startswith(("(", "[")) or "{{" in target or "{%" in target:
        return m.group(0)
    url = re.search(r"https?://[^\s()<>\"'\[\]]+", target)
    if url:
        fixed = url.group(0)
        if re.fullmatch(r"https?://[^\"'()<>\[\]]+", target.strip()):  # a URL broken by stray spaces
            fixed = re.sub(r"\s+", "", target)
        ctx.warn(m.start(), "link", f"target '{target}' repaired to '{fixed}'")
        return ctx.keep(f"{m.group(1)}[{m.group(2)}]({fixed})", m.group(0))
    ctx.warn(m.start(), "link", f"target '{target}' is not a link; link removed, text kept")
    return ctx.keep("" if m.group(1) else m.group(2), m.group(0))


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
    if path.startswith("/") and ctx.job.options.site_url:  # still served by the old site
        return ctx.job.options.site_url.rstrip("/") + path
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
    if path.startswith("/") and ctx.job.options.site_url:  # a page of the old site we did not import
        ctx.done["link to the old site"] += 1
        return ctx.job.options.site_url.rstrip("/") + url
    what = "raw HTML link unwrapped" if html else "link removed"
    ctx.warn(pos, "link", f"'{url}' does not resolve in the hub; {what}, text kept"
             + ("" if ctx.job.options.site_url or not path.startswith("/") else " (pass --site-url to link the old site)"))
    return None


def _own_anchor(ctx, anchor: str, pos: int, url: str) -> str | None:
    if not anchor:
        return url  # a bare "#": nothing to check
    mapped = ctx.item.anchors.get(anchor)
    if mapped is None:
        ctx.warn(pos, "link", f"'{url}': no such anchor on this page; link removed, text kept")
        return None
    return f"#{mapped}"
