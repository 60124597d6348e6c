"""Jekyll's Liquid in post bodies: {% tags %} and {{ output }} to Markdown, or reported and removed."""
from __future__ import annotations

import re

from . import embeds, hugo
from .body import render
from .shortcodes import Tag, tree

REF_TAG = r"\{%-?\s*(?:post_url|link)\s+[^%\x00\n]+?-?%\}"
TAG = re.compile(r"\{%-?\s*(\w+)\s*((?:\"[^\"\n]*\"|'[^'\n]*'|[^%\x00])*?)\s*-?%\}", re.S)
OUTPUT = re.compile(r"\{\{-?\s*([^{}\x00]*?)\s*-?\}\}")
VERBATIM = re.compile(r"\{%-?\s*(highlight|raw)\b\s*([^%\x00]*?)\s*-?%\}\n?(.*?)\{%-?\s*end\1\s*-?%\}", re.S)
PARAM = re.compile(r"([\w-]+)\s*[=:]\s*(\"[^\"]*\"|'[^']*'|[^\s,]+)|(\"[^\"]*\"|'[^']*'|[^\s,]+)")
BLOCKS = {"if", "unless", "case", "for", "capture", "tablerow", "comment", "highlight", "raw"}
DROP_WITH_CONTENT = {"for", "capture", "tablerow", "case", "comment"}


def ref_of(tag_text: str) -> str:
    m = re.match(r"\{%-?\s*(post_url|link)\s+(\S+)", tag_text)
    return m.group(2).strip("'\"") if m else ""



RAW_MARK = re.compile(r"\{%-?\s*(end)?raw\s*-?%\}")


def verbatim(ctx, text: str) -> str:
    def sub(m):
        inner = m.group(3).rstrip("\n")
        if m.group(1) == "highlight":
            ctx.done["highlight"] += 1
            return ctx.keep(embeds.fence(RAW_MARK.sub("", inner), (m.group(2).split() or [""])[0]), m.group(0))
        ctx.done["raw"] += 1  # shown literally by Jekyll; template text on one line reads best as code
        if "\n" not in inner and re.search(r"\{\{|\{%", inner):
            ticks = "``" if "`" in inner else "`"
            return ctx.keep(f"{ticks}{inner}{ticks}", m.group(0))
        return ctx.keep(inner, m.group(0))
    return VERBATIM.sub(sub, text)


def code_fix(ctx) -> None:
    """Jekyll runs Liquid before Markdown, so {% raw %} marks inside code blocks never showed: drop them."""
    for i, code in enumerate(ctx.vault.items):
        if RAW_MARK.search(code):
            ctx.vault.items[i] = RAW_MARK.sub("", code)
            ctx.done["raw"] += 1


def site_vars(ctx, text: str) -> str:
    """{{ site.baseurl }} and friends only prefix paths: dropping them leaves a path we can resolve."""
    def sub(m):
        expr = m.group(1)
        if re.fullmatch(r"site\.(baseurl|url)", expr):
            ctx.done["site variable"] += 1
            return ""
        quoted = re.fullmatch(r"([\"'])(.*?)\1\s*\|\s*(relative_url|absolute_url|prepend:\s*site\.baseurl)", expr)
        if quoted:
            ctx.done["url filter"] += 1
            return quoted.group(2)
        return m.group(0)
    return OUTPUT.sub(sub, text)


PASSES = (site_vars,)


def scan(text: str) -> list[Tag]:
    tags = []
    for m in TAG.finditer(text):
        name, rest = m.group(1), m.group(2)
        closing = name.startswith("end") and name[3:] in BLOCKS
        tag = Tag(m.start(), m.end(), name[3:] if closing else name, closing=closing, raw=m.group(0))
        tag.self_closing = not closing and name not in BLOCKS
        for p in PARAM.finditer(rest):
            if p.group(1):
                tag.kwargs[p.group(1)] = p.group(2).strip("'\"")
            else:
                tag.args.append(p.group(3).strip("'\""))
        tags.append(tag)
    return tags


def convert(ctx, text: str) -> str:
    text = render(ctx, text, tree(scan(text)), 0, len(text), convert_node)
    ctx.text = text
    return OUTPUT.sub(lambda m: ctx.keep(_output(ctx, m), m.group(0)), text)


def convert_node(ctx, node, inner: str | None) -> str:
    tag: Tag = node.tag
    if tag.closing:
        ctx.warn(tag.start, "liquid", f"'end{tag.name}' without an opening tag; removed")
        return ""
    name = tag.name
    if name in ("post_url", "link"):
        return hugo._ref(ctx, Tag(tag.start, tag.end, "ref", args=tag.args[:1]), None)
    if name == "include":
        return _include(ctx, tag)
    if name in ("youtube", "vimeo", "gist", "tweet", "twitter", "img", "image"):
        return _plugin(ctx, tag)
    if name == "comment":
        ctx.done["comment"] += 1
        return ""
    if name in ("else", "elsif", "when"):  # part of the enclosing block, reported with it
        return ""
    if name in DROP_WITH_CONTENT:
        ctx.warn(tag.start, "liquid", f"'{name}' block has no equivalent; removed with its content")
        return ""
    if inner is not None:
        ctx.warn(tag.start, "liquid", f"'{name}' has no equivalent; tags removed, content kept")
        return inner
    ctx.warn(tag.start, "liquid", f"'{name}' has no equivalent; removed")
    return ""


def _plugin(ctx, tag: Tag) -> str:
    """Popular plugin tags ({% youtube id %}, {% gist user/id %}, {% tweet url %}) as links or images."""
    arg = tag.args[0] if tag.args else ""
    if tag.name == "gist" and "/" in arg:
        user, gid = arg.split("/", 1)
        tag = Tag(tag.start, tag.end, "gist", args=[user, gid])
    elif tag.name in ("tweet", "twitter"):
        m = re.search(r"(?:twitter|x)\.com/(\w+)/status(?:es)?/(\d+)", arg)
        tag = Tag(tag.start, tag.end, "tweet", kwargs={"user": m.group(1), "id": m.group(2)} if m else {})
    elif tag.name in ("img", "image"):
        src = next((a for a in tag.args if "/" in a or "." in a), "")
        tag = Tag(tag.start, tag.end, "figure", kwargs={"src": src, "alt": " ".join(tag.args[tag.args.index(src) + 1:])
                                                        if src else ""})
    return hugo.convert_node(ctx, _node(tag), None)


def _include(ctx, tag: Tag) -> str:
    """{% include youtube.html id="x" %}: includes named like a known embed are converted, others reported."""
    name = re.sub(r"\.(html|md|liquid)$", "", tag.args[0] if tag.args else "").lower()
    base = name.rsplit("/", 1)[-1]
    if base in hugo.CONVERTERS or hugo._by_family(base):
        return hugo.convert_node(ctx, _node(Tag(tag.start, tag.end, base, args=tag.args[1:], kwargs=tag.kwargs)), None)
    ctx.warn(tag.start, "liquid", f"include '{name}' has no equivalent; removed")
    return ""


def _node(tag: Tag):
    from .shortcodes import Node
    return Node(tag)


def _output(ctx, m) -> str:
    expr = m.group(1).strip()
    key = re.fullmatch(r"page\.(\w+)", expr)
    if key:
        value = ctx.item.doc.meta.get(key.group(1))
        if key.group(1) == "title":
            value = ctx.item.meta.get("title")
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            ctx.done["page variable"] += 1
            return str(value)
    ctx.warn(m.start(), "liquid", f"output '{{{{ {expr} }}}}' has no equivalent; removed")
    return ""
