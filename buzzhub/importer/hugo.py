"""Hugo shortcodes to Markdown. Built-ins and common theme shortcodes have an equivalent; anything else
is reported with its location and removed (its inner text or link kept), never left as template text."""
from __future__ import annotations

import re

from . import embeds, media
from .body import render
from .shortcodes import Tag, _read_tag, scan, tree

REF_TAG = r"\{\{[<%]\s*(?:relref|ref|link)\s+(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'>%}\x00]+|[ \t]+)+?\s*[>%]\}\}"
HIGHLIGHT = re.compile(r"\{\{([<%])\s*highlight\s+(\"?)([\w+#.-]+)\2[^}\x00]*?[>%]\}\}\n?(.*?)"
                       r"\{\{[<%]\s*/\s*highlight\s*[>%]\}\}", re.S)
ADMONITION_NAMES = {"note", "notice", "alert", "hint", "callout", "admonition", "warning", "tip", "info",
                    "caution", "important", "danger", "attention", "error", "success", "question", "example",
                    "box", "aside", "sidenote", "panel", "message"}
QUOTE_NAMES = {"quote", "quote-block", "blockquote", "pullquote", "pull-quote"}
DETAILS_NAMES = {"details", "accordion", "collapse", "expand", "spoiler", "toggle"}
IMAGE_NAME = re.compile(r"(^|[-_])(img|image|picture|photo|figure)([-_]|$)")
FILE_NAME = re.compile(r"(^|[-_])(file|asset|download|pdf)([-_]|$)")
BOXES = {"box", "aside", "panel"}                       # plain boxes: no title
GENERIC = {"notice", "alert", "hint", "callout", "admonition", "message", "sidenote"} | BOXES
PASSES = ()


class Failed(str):
    """A known shortcode that could not be converted (already reported): not counted as converted."""


def ref_of(tag_text: str) -> str:
    tag = _read_tag(tag_text, 0, tag_text[2])
    return tag.param("path", pos=0) if tag else ""



def verbatim(ctx, text: str) -> str:
    """{{< highlight lang >}} holds code: it becomes a fenced block before anything else looks inside."""
    def sub(m):
        ctx.done["highlight"] += 1
        return ctx.keep(embeds.fence(m.group(4), m.group(3)), m.group(0))
    return HIGHLIGHT.sub(sub, text)


def convert(ctx, text: str) -> str:
    return render(ctx, text, tree(scan(text)), 0, len(text), convert_node)


def convert_node(ctx, node, inner: str | None) -> str:
    tag: Tag = node.tag
    if tag.escaped:  # Hugo prints {{</* x */>}} as {{< x >}}: documentation about shortcodes
        literal = re.sub(r"\*/\s*([>%])\}\}$", r"\1}}", re.sub(r"^\{\{([<%])/\*", r"{{\1", tag.raw))
        ctx.done["escaped shortcode (kept as code)"] += 1
        return f"`` {literal} ``"
    if tag.closing:
        ctx.warn(tag.start, "shortcode", f"closing '/{tag.name}' without an opening tag; removed")
        return ""
    name = tag.name.lower()
    fn = CONVERTERS.get(name) or _by_family(name)
    out = fn(ctx, tag, inner) if fn else None
    if out is None:
        return unknown(ctx, tag, inner)
    if not isinstance(out, Failed) and fn is not _ref:  # references are counted where they resolve
        ctx.done[name] += 1
    return out


def _by_family(name: str):
    if name in ADMONITION_NAMES:
        return _admonition
    if name in QUOTE_NAMES:
        return _quote
    if name in DETAILS_NAMES:
        return _details
    if IMAGE_NAME.search(name):
        return _figure
    if FILE_NAME.search(name):
        return _file
    return None


def unknown(ctx, tag: Tag, inner: str | None) -> str:
    """No equivalent: keep the inner text or a link it carried, say so with the location."""
    url = next((v for v in list(tag.kwargs.values()) + tag.args if re.match(r"https?://\S+$", v)), "")
    if inner is not None and inner.strip():
        ctx.warn(tag.start, "shortcode", f"'{tag.name}' has no equivalent; tags removed, content kept")
        return inner.strip("\n")
    if url:
        label = tag.param("text", "label", "title", "button-text", "name") or url
        ctx.warn(tag.start, "shortcode", f"'{tag.name}' has no equivalent; replaced by its link")
        return embeds.link(embeds.emphasis(label).strip("*"), url)
    ctx.warn(tag.start, "shortcode", f"'{tag.name}' has no equivalent; removed")
    return ""


def _ref(ctx, tag: Tag, inner):
    from .rewrite import resolve
    ref = tag.param("path", pos=0)
    if tag.name == "link" and (not ref or re.match(r"https?://", ref)):
        return None
    before = ctx.text[max(0, tag.start - 3): tag.start]
    in_attr = bool(re.search(r"=\s*[\"']?$", before))
    link = resolve(ctx, ref, tag.start, html=in_attr)
    if link is None:
        return Failed("")
    if in_attr or re.search(r"[(<]\s*$", before):  # already inside a link someone wrote by hand: the URL only
        return link
    hit, _ = ctx.job.index.find(ref.split("#")[0], ctx.item, "hugo")
    title = hit.meta.get("title") if hit is not None and hit.open else link
    return embeds.link(title or link, link)


def _figure(ctx, tag: Tag, inner):
    from .rewrite import _image
    src = tag.param("src", "image", "path", "url", pos=0)
    caption = tag.param("caption", "title")
    alt = tag.param("alt", "caption", "title")
    if not src:
        return None
    url = src if re.match(r"https?://", src) else _image(ctx, src, tag.start)
    if url is None:
        return Failed(embeds.block(embeds.emphasis(caption)) if caption else "")
    href = tag.param("link")
    if href and not re.match(r"https?://|/", href):
        href = ""
    return embeds.image(url, alt, tag.param("title") if caption != tag.param("title") else "", caption, href)


def _file(ctx, tag: Tag, inner):
    from .rewrite import _link
    ref = tag.param("file", "src", "href", "path", "url", pos=0)
    label = tag.param("label", "text", "title") or (ref.rsplit("/", 1)[-1] if ref else "")
    if not ref:
        return None
    if re.match(r"https?://", ref):
        return embeds.link(label, ref)
    if not media.locate(ctx.job, ctx.item, ref):
        ctx.warn(tag.start, "shortcode", f"'{tag.name}': file '{ref}' not found in the source; removed")
        return Failed(label if label != ref.rsplit("/", 1)[-1] else "")
    return embeds.link(label, _link(ctx, ref, tag.start))


def _youtube(ctx, tag: Tag, inner):
    return embeds.video_link("youtube", tag.param("id", pos=0), tag.param("title")) or None


def _vimeo(ctx, tag: Tag, inner):
    return embeds.video_link("vimeo", tag.param("id", pos=0), tag.param("title")) or None


def _tweet(ctx, tag: Tag, inner):
    pid = tag.param("id", pos=1 if len(tag.args) > 1 else 0)
    user = tag.param("user", "username", pos=0 if len(tag.args) > 1 else None)
    return embeds.post_link(user, pid) or None


def _instagram(ctx, tag: Tag, inner):
    pid = tag.param("id", pos=0)
    return embeds.block(embeds.link("Post on Instagram", f"https://www.instagram.com/p/{pid}/")) if pid else None


def _gist(ctx, tag: Tag, inner):
    user, gid = tag.param("user", pos=0), tag.param("id", pos=1)
    return embeds.block(embeds.link(f"Gist by {user}", f"https://gist.github.com/{user}/{gid}")) \
        if user and gid else None


def _highlight(ctx, tag: Tag, inner):
    """Without a language this is a theme's text highlighter (the code form was handled earlier)."""
    return f"<mark>{ctx.restore(inner).strip()}</mark>" if inner is not None else ""


def _param(ctx, tag: Tag, inner):
    name = tag.param("name", pos=0)
    low = {str(k).lower(): v for k, v in ctx.item.doc.meta.items()}
    value = low.get(name.lower())
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    ctx.warn(tag.start, "shortcode", f"param '{name}' is not a front-matter value of this page; removed")
    return Failed("")


def _comment(ctx, tag: Tag, inner):
    return ""


def _admonition(ctx, tag: Tag, inner):
    name = tag.name.lower()
    kind = tag.param("type", "variant", "style", "kind", pos=0 if name in GENERIC else None)
    kind = kind or ("note" if name in GENERIC - {"alert", "hint"} else name)
    title = tag.param("title", "header", "heading") or ("" if name in BOXES else None)
    body = ctx.restore(inner) if inner is not None else tag.param("text", "content")
    return embeds.admonition(kind, title, body)


def _quote(ctx, tag: Tag, inner):
    text = ctx.restore(inner) if inner is not None else tag.param("text", "quote", pos=0)
    return embeds.quote(text, tag.param("cite", "author", "source", "by", "attribution"))


def _details(ctx, tag: Tag, inner):
    summary = tag.param("summary", "title", pos=0) or "Details"
    return embeds.details(summary, ctx.restore(inner or ""))


CONVERTERS = {"ref": _ref, "relref": _ref, "link": _ref, "figure": _figure, "youtube": _youtube,
              "vimeo": _vimeo, "tweet": _tweet, "x": _tweet, "twitter": _tweet, "instagram": _instagram,
              "gist": _gist, "highlight": _highlight, "param": _param, "comment": _comment}
