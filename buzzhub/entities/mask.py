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
# One alternation, scanned once: whichever construct starts first wins, so code hides the
# URLs inside it. Possessive quantifiers and bounded lazy scans keep it linear.
INLINE_RE = re.compile("|".join([
    r"(?s:<!--.*?(?:-->|\Z))",
    r"(?is:<(?P<raw>script|style|pre|code)\b[^>]*+>.*?(?:</(?P=raw)\s*>|\Z))",
    r"</?[A-Za-z][\w:-]*+(?:\s++[^\s\"'<>/=]++(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s\"'=<>`]++))?)*+\s*+/?>",
    r"(?<!`)(?P<tick>`++)(?!`)(?:(?!(?P=tick))(?:[^\n]|\n(?![ \t]*\n))){1,4000}?(?<!`)(?P=tick)(?!`)",
    r"\]\((?:[^()\s]++|\([^()\s]*+\))*+(?:\s++\"[^\"]*+\")?\s*+\)",
    r"<[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*+>",
    r"\b(?:https?://|ftp://|www\.)[^\s<>()\[\]]*+(?:\([^\s<>()]*+\)[^\s<>()\[\]]*+)*+",
    r"\b[\w.+-]++@[\w-]++(?:\.[\w-]++)++",
    r"(?s:\{\{.{0,2000}?\}\}|\{%.{0,2000}?%\})",
]))
_NOT_NEWLINE = re.compile(r"[^\n]")


def blank(text: str) -> str:
    """Spaces for every character but newlines."""
    return " " * len(text) if "\n" not in text else _NOT_NEWLINE.sub(" ", text)


def _blank_matches(text: str, rx: re.Pattern) -> str:
    out, last = [], 0
    for m in rx.finditer(text):
        out += [text[last:m.start()], blank(m.group(0))]
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def mask_markdown(body: str) -> str:
    """`body` with every non-prose character replaced by a space (same length)."""
    return _blank_matches(_blank_matches(_mask_blocks(body), INLINE_RE), REFDEF_RE)


def _mask_blocks(body: str) -> str:
    """Fenced and indented code blocks, line by line."""
    out, fence, prev_blank, in_list = [], None, True, False
    for line in body.splitlines(keepends=True):
        content = line.rstrip("\n")
        if fence:
            out.append(blank(line))
            if content.strip().startswith(fence) and set(content.strip()) == {fence[0]}:
                fence = None
        elif FENCE_RE.match(content):
            fence = FENCE_RE.match(content).group(1)
            out.append(blank(line))
        elif content.strip() and _indent(content) >= 4 and prev_blank and not in_list:
            out.append(blank(line))
            continue  # prev_blank stays True: the next indented line continues the block
        else:
            out.append(line)
        if content.strip():
            if LIST_RE.match(content):
                in_list = True
            elif prev_blank and _indent(content) < 2:
                in_list = False
        prev_blank = not content.strip()
    return "".join(out)


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
