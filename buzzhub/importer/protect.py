"""Hide code from conversion: fenced and indented blocks and inline code become placeholders.

A placeholder keeps the newline count of what it hides, so line numbers in messages stay right.
Shortcode-looking text inside code is never touched.
"""
from __future__ import annotations

import re

FENCE = re.compile(r"^[ \t]*(`{3,}(?=[^`]*$)|~{3,})")  # a backtick fence's info string has no backticks
LIST_ITEM = re.compile(r"^\s{0,3}([*+-]|\d+[.)])\s")
HTML_OPEN = re.compile(r"^\s{0,3}<(div|table|section|aside|figure|ul|ol|dl|blockquote|details|form|center|p|pre|"
                       r"iframe|video|audio|script|style|article|header|footer|nav|tbody|thead|tr)\b", re.I)
BACKTICKS = re.compile(r"`+")
TOKEN = re.compile(r"\x00(\d+)\n*\x00")


class Vault:
    def __init__(self):
        self.items: list[str] = []

    def stash(self, text: str, like: str | None = None) -> str:
        """A placeholder for text, spanning as many lines as `like` (default: text itself)."""
        self.items.append(text)
        return f"\x00{len(self.items) - 1}" + "\n" * (like if like is not None else text).count("\n") + "\x00"

    def restore(self, text: str) -> str:
        while "\x00" in text:
            text = TOKEN.sub(lambda m: self.items[int(m.group(1))], text)
        return text


def stash_fences(text: str, vault: Vault) -> str:
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        mark, j = m.group(1), i + 1
        close = re.compile(rf"^[ \t]*{re.escape(mark[0])}{{{len(mark)},}}\s*$")
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        out.append(vault.stash("\n".join(lines[i: j + 1])))  # unclosed: code to the end, as CommonMark
        i = j + 1
    return "\n".join(out)


def stash_indented(text: str, vault: Vault) -> str:
    """Indented code needs a blank line before it and must not continue a list item or an HTML block."""
    lines, out = text.split("\n"), []
    in_list, html_tag, depth, prev_blank, i = False, "", 0, True, 0
    while i < len(lines):
        line = lines[i]
        if html_tag:  # inside a raw HTML block: indentation is HTML's, not code's
            out.append(line)
            depth += _balance(html_tag, line)
            html_tag = html_tag if depth > 0 else ""
            prev_blank, i = not line.strip(), i + 1
            continue
        if _is_code(line) and prev_blank and not in_list:
            j = i
            while j < len(lines) and (_is_code(lines[j]) or not lines[j].strip()):
                j += 1
            while j > i and not lines[j - 1].strip():
                j -= 1
            out.append(vault.stash("\n".join(lines[i:j])))
            prev_blank, i = False, j
            continue
        if line.strip():
            if LIST_ITEM.match(line):
                in_list = True
            elif not line.startswith((" ", "\t")) and prev_blank:
                in_list = False
            m = HTML_OPEN.match(line)
            if m and _balance(m.group(1), line) > 0:
                html_tag, depth = m.group(1), _balance(m.group(1), line)
        out.append(line)
        prev_blank, i = not line.strip(), i + 1
    return "\n".join(out)


def _balance(tag: str, line: str) -> int:
    """Opened minus closed `tag` elements on a line (nested blocks of one kind are common in HTML)."""
    return len(re.findall(rf"<{tag}\b", line, re.I)) - len(re.findall(rf"</{tag}\s*>", line, re.I))


def _is_code(line: str) -> bool:
    return (line.startswith("    ") or line.startswith("\t")) and bool(line.strip())


def stash_inline(text: str, vault: Vault) -> str:
    """`code` spans: a backtick run closed by a run of the same length, within one paragraph."""
    out, pos = [], 0
    while True:
        m = BACKTICKS.search(text, pos)
        if not m:
            break
        run = m.group(0)
        close = re.compile(rf"(?<!`){run}(?!`)")
        c = close.search(text, m.end())
        if not c or re.search(r"\n[ \t]*\n", text[m.end(): c.start()]) or "\x00" in text[m.end(): c.start()]:
            out.append(text[pos: m.end()])
            pos = m.end()
            continue
        out.append(text[pos: m.start()] + vault.stash(text[m.start(): c.end()]))
        pos = c.end()
    out.append(text[pos:])
    return "".join(out)


def protect(text: str, vault: Vault, verbatim=None) -> str:
    """All three kinds; `verbatim(text, vault)` may stash block tags holding code (highlight, raw) first."""
    text = stash_fences(text, vault)
    if verbatim:
        text = verbatim(text, vault)
    return stash_inline(stash_indented(text, vault), vault)
