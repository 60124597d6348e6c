"""Convert an article body: protect code, fix links, turn shortcodes or Liquid tags into Markdown."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import describe, embeds
from .model import Item, Job
from .protect import TOKEN, Vault, protect

H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$")
PLACEHOLDERS = r"(?:\s*\x00\d+\n*\x00)*\s*"
EMPTY_MD = re.compile(r"(?<!!)\[(" + PLACEHOLDERS + r"|[^\[\]\n]+)\]\((" + PLACEHOLDERS + r"|[^()\s\x00]+)\)")
EMPTY_HTML = re.compile(r"<a\b[^>\x00]*>(" + PLACEHOLDERS + r")</a\s*>", re.I)
TEMPLATE = re.compile(r"\{\{[<%]|\{%")
GONE = "\x03"  # marks removed content; a line left with only this goes, with its extra blank lines
GONE_LINE = re.compile(r"(\n(?:[ \t]*\n)*)[ \t]*\x03[\x03 \t]*((?:\n[ \t]*)*\n)")


@dataclass
class Ctx:
    """One body's conversion state; `text` is what positions refer to (lines are kept across passes)."""
    job: Job
    item: Item
    vault: Vault
    text: str = ""
    base_line: int = 1
    done: Counter = field(default_factory=Counter)

    def line(self, pos: int) -> int:
        return self.base_line + self.text.count("\n", 0, pos)

    def warn(self, pos: int, fld: str, message: str) -> None:
        self.item.note(f"{self.job.shown(self.item)}:{self.line(pos)}: {fld}: {message}")

    def keep(self, new: str, old: str) -> str:
        """Final text for a span: hidden from later passes, same number of lines as the original."""
        return self.vault.stash(new if new.strip() else GONE, like=old)

    def restore(self, text: str) -> str:
        return embeds.tidy(self.vault.restore(text))


def render(ctx: Ctx, text: str, nodes: list, lo: int, hi: int, convert) -> str:
    """Text with every node replaced by convert(ctx, node, inner); inner is converted first."""
    out, pos = [], lo
    for node in nodes:
        out.append(text[pos: node.tag.start])
        inner = None
        if node.close is not None:
            inner = render(ctx, text, node.children, node.tag.end, node.close.start, convert)
        out.append(ctx.keep(convert(ctx, node, inner), text[node.tag.start: node.end]))
        pos = node.end
    out.append(text[pos:hi])
    return "".join(out)


def convert_body(job: Job, item: Item) -> None:
    from . import hugo, liquid, rewrite
    flavor = hugo if job.flavor == "hugo" else liquid
    ctx = Ctx(job, item, Vault(), base_line=item.doc.body_line)
    ctx.text = item.body

    def verbatim(text, vault):
        ctx.text = text
        return flavor.verbatim(ctx, text)

    text = protect(item.body, ctx.vault, verbatim)
    if hasattr(flavor, "code_fix"):
        flavor.code_fix(ctx)
    ctx.text = text
    _indented_templates(ctx, text)
    for step in flavor.PASSES + (rewrite.ref_links, rewrite.plain_links, flavor.convert, _empty_links):
        ctx.text = text
        text = step(ctx, text)
    text = "\n" + ctx.restore(text) + "\n"
    text = GONE_LINE.sub(lambda m: "\n" * max(m.group(1).count("\n"), m.group(2).count("\n")), text)
    text = text.replace(GONE, "").strip("\n")
    item.body = _drop_title(item, text) + "\n"
    if ctx.done:
        kinds = ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in sorted(ctx.done.items()))
        item.note(f"body: converted {kinds}")


def _empty_links(ctx: Ctx, text: str) -> str:
    """Links left without a target or without any text once templates inside them were removed."""
    def blank(part: str | None) -> bool:
        return not part or not ctx.vault.restore(part).replace(GONE, "").strip()

    def md(m):
        if blank(m.group(2)):
            ctx.warn(m.start(), "link", "empty link target (its template was removed); text kept")
            return m.group(1)
        if blank(m.group(1)):
            ctx.warn(m.start(), "link", "link with no text left (its image was removed); removed")
            return ctx.keep("", m.group(0))
        return m.group(0)

    def html(m):
        if not blank(m.group(1)):
            return m.group(0)
        ctx.warn(m.start(), "link", "raw HTML link with nothing left inside (its image was removed); removed")
        return ctx.keep("", m.group(0))

    text = EMPTY_MD.sub(md, text)
    return EMPTY_HTML.sub(html, text)


def _indented_templates(ctx: Ctx, text: str) -> None:
    """HTML indented by four spaces after a blank line is a code block in Markdown: say so, once."""
    for m in TOKEN.finditer(text):
        code = ctx.vault.items[int(m.group(1))]
        if code.startswith(("    ", "\t")) and TEMPLATE.search(code):
            ctx.warn(m.start(), "body", "an indented code block holds template text; left as is "
                                        "(lines indented by 4 spaces after a blank line are code in Markdown)")
            return


def _drop_title(item: Item, text: str) -> str:
    """A first heading that repeats the title would show it twice: the hub prints the title itself."""
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return text
    m = H1.match(lines[first])
    if m and describe.plain(m.group(1)).casefold() == item.meta["title"].casefold():
        item.note("body: removed the first heading, which repeated the title")
        return "\n".join(lines[first + 1:]).strip("\n")
    return text


def fill_description(job: Job, item: Item) -> None:
    if not item.derive_description:
        return
    text = describe.from_body(item.body, job.settings["description_max"])
    if text:
        item.note("description: none given; derived from the first paragraph")
    else:
        text = item.meta["title"]
        item.note("description: none given and no paragraph to derive it from; used the title")
    item.meta["description"] = text
