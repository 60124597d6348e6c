"""Blank out the parts of a Markdown body that are not prose, keeping every offset.

Code (fenced, indented, inline), URLs, link targets, reference definitions, HTML
tags with their attributes, HTML comments and template tags are replaced by spaces;
newlines stay, so line and paragraph structure survives for the sentence rules.
"""
from __future__ import annotations

import re

FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIST_RE = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
REFDEF_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M)
# Possessive and atomic forms keep these linear on hostile input.
INLINE_RES = [
    re.compile(r"<!--.*?(?:-->|\Z)", re.S),
    re.compile(r"<(script|style|pre|code)\b[^>]*+>.*?(?:</\1\s*>|\Z)", re.S | re.I),
    re.compile(r"</?[A-Za-z][\w:-]*+(?:\s++(?:\"[^\"]*+\"|'[^']*+'|[^\s>\"']++))*+\s*+/?>"),
    re.compile(r"(?<!`)(`++)(?!`)(?:(?!\1).)+?(?<!`)\1(?!`)", re.S),
    re.compile(r"\]\((?:[^()\s]++|\([^()\s]*+\))*+(?:\s++\"[^\"]*+\")?\s*+\)"),
    re.compile(r"<[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*+>"),
    re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>()\[\]]*+(?:\([^\s<>()]*+\)[^\s<>()\[\]]*+)*+"),
    re.compile(r"\b[\w.+-]++@[\w-]++(?:\.[\w-]++)++"),
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S),
]


def blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def mask_markdown(body: str) -> str:
    """`body` with every non-prose character replaced by a space (same length)."""
    chars = list(body)
    _mask_blocks(body, chars)
    for rx in INLINE_RES:
        # Each pass sees the result of the previous one so code hides URLs inside it.
        current = "".join(chars)
        for m in rx.finditer(current):
            if m.group(0).strip():
                blank(chars, m.start(), m.end())
    for m in REFDEF_RE.finditer("".join(chars)):
        blank(chars, m.start(), m.end())
    return "".join(chars)


def _mask_blocks(body: str, chars: list[str]) -> None:
    """Fenced and indented code blocks, line by line."""
    pos, fence, prev_blank, in_list = 0, None, True, False
    for line in body.splitlines(keepends=True):
        end = pos + len(line)
        content = line.rstrip("\n")
        if fence:
            blank(chars, pos, end)
            if content.strip().startswith(fence) and set(content.strip()) == {fence[0]}:
                fence = None
        elif FENCE_RE.match(content):
            fence = FENCE_RE.match(content).group(1)
            blank(chars, pos, end)
        elif content.strip() and _indent(content) >= 4 and prev_blank and not in_list:
            blank(chars, pos, end)
            prev_blank = True  # the next indented line continues the block
            pos = end
            continue
        if content.strip():
            if LIST_RE.match(content):
                in_list = True
            elif prev_blank and _indent(content) < 2:
                in_list = False
        prev_blank = not content.strip()
        pos = end


def _indent(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width
