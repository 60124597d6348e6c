"""Markdown the hub renders for what themes did with templates: links, images, admonitions, quotes, code.

Block output is wrapped in \\x02 markers; `tidy` turns them into exactly one blank line.
"""
from __future__ import annotations

import html
import re

BLOCK = "\x02"
ADMONITIONS = {"note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug",
               "example", "quote"}
ADMONITION_ALIASES = {"summary": "abstract", "tldr": "abstract", "todo": "info", "hint": "tip",
                      "important": "tip", "check": "success", "done": "success", "help": "question",
                      "faq": "question", "caution": "warning", "attention": "warning", "alert": "warning",
                      "fail": "failure", "missing": "failure", "error": "danger", "cite": "quote",
                      "action": "tip", "activity": "example", "secondary": "note", "primary": "info"}


def block(md: str) -> str:
    return BLOCK + md.strip("\n") + BLOCK


def tidy(text: str) -> str:
    return re.sub(r"\s*\x02(?:\s*\x02)*(?:[ \t]*\n)*", "\n\n", text)  # runs of blocks share one gap


def esc_text(text: str) -> str:
    """Link text or alt text that cannot break out of its brackets."""
    return " ".join(str(text).split()).replace("[", "\\[").replace("]", "\\]")


def target(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def link(text: str, url: str) -> str:
    return f"[{esc_text(text) or url}]({target(url)})"


def image(src: str, alt: str = "", title: str = "", caption: str = "", href: str = "") -> str:
    t = f' "{title.replace(chr(34), chr(39))}"' if title else ""
    md = f"![{esc_text(alt)}]({target(src)}{t})"
    if href:
        md = f"[{md}]({target(href)})"
    if caption:
        return block(md + "\n\n" + emphasis(caption))
    return md


def emphasis(text: str) -> str:
    text = " ".join(html.unescape(str(text)).split())
    return f"*{text}*" if text and "*" not in text else text


def fence(code: str, lang: str = "") -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", code)), default=2)
    mark = "`" * (longest + 1)
    return block(f"{mark}{lang}\n{code.strip(chr(10))}\n{mark}")


def indent(text: str) -> str:
    return "\n".join(("    " + ln) if ln.strip() else "" for ln in text.strip().split("\n"))


def admonition(kind: str, title: str | None, inner: str) -> str:
    kind = (kind or "note").lower()
    kind = kind if kind in ADMONITIONS else ADMONITION_ALIASES.get(kind, "note")
    head = f"!!! {kind}" + (f' "{title}"' if title is not None else "")
    return block(head + ("\n" + indent(inner) if inner.strip() else ""))


def quote(inner: str, cite: str = "") -> str:
    lines = inner.strip("\n").split("\n") + ([""] + [f"— {cite}"] if cite else [])
    return block("\n".join(("> " + ln).rstrip() for ln in lines))


def details(summary: str, inner: str) -> str:
    return block(f'<details markdown="1">\n<summary>{html.escape(summary)}</summary>\n\n{inner.strip()}\n\n</details>')


def video_link(service: str, vid: str, title: str = "") -> str:
    if not re.fullmatch(r"[\w-]+", vid or ""):
        return ""
    url = {"youtube": f"https://www.youtube.com/watch?v={vid}", "vimeo": f"https://vimeo.com/{vid}"}[service]
    name = "YouTube" if service == "youtube" else "Vimeo"
    return block(link(f"▶ {title} (video on {name})" if title else f"▶ Watch the video on {name}", url))


def post_link(user: str, pid: str) -> str:
    if not re.fullmatch(r"\d+", pid or ""):
        return ""
    if user:
        return block(link(f"Post by @{user.lstrip('@')} on X", f"https://x.com/{user.lstrip('@')}/status/{pid}"))
    return block(link("Post on X", f"https://x.com/i/web/status/{pid}"))
