"""Plain-text standfirsts: cleaned from a summary field, or derived from the body's first paragraph."""
from __future__ import annotations

import html
import re

IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
TAG = re.compile(r"<[^>]+>")
EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
CODE = re.compile(r"`+([^`]*)`+")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s")
SKIP_BLOCK = re.compile(r"^\s*(#|!!!|>|[-*+]\s|\d+[.)]\s|\||<|\{\{|\{%|```|~~~|\[\^|!\[|\*\s*\*\s*\*|-{3,}|={3,}|_{3,})")


def plain(text: str) -> str:
    """Markdown and HTML reduced to the words a reader sees."""
    text = IMAGE.sub("", text)
    text = LINK.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = CODE.sub(r"\1", TAG.sub("", text))
    for _ in range(2):  # nested emphasis such as ***bold italic***
        text = EMPHASIS.sub(r"\2", text)
    return " ".join(html.unescape(text).replace("\\", "").split())


def shorten(text: str, limit: int) -> str:
    """Cut at the last sentence end within the limit; failing that at a word, with an ellipsis."""
    if len(text) <= limit:
        return text
    ends = [m.start() for m in SENTENCE_END.finditer(text + " ") if m.start() <= limit]
    if ends and ends[-1] >= 40:
        return text[: ends[-1]].strip()
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-– ")
    return cut + "…"


def first_paragraph(body: str) -> str:
    """The first block of running text: headings, lists, quotes, code, tables and HTML are passed over."""
    for block in re.split(r"\n\s*\n", body):
        lines = [ln for ln in block.strip().split("\n") if ln.strip()]
        if not lines or SKIP_BLOCK.match(lines[0]) or lines[0].startswith("    ") or "\x00" in block:
            continue
        text = plain(" ".join(lines))
        if len(text) >= 20 and re.search(r"[A-Za-z]", text):
            return text
    return ""


def from_body(body: str, limit: int) -> str:
    return shorten(first_paragraph(body), limit)
