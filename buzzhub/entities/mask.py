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
# The inline constructs in priority order, each with the literals one of which every match holds
# and how far before that literal a match may start (None: anywhere after the last space).
# Possessive quantifiers and bounded lazy scans keep each linear.
_INLINE = (
    (r"(?s:<!--.*?(?:-->|\Z))", ("<!--",), 0),
    (r"(?is:<(?P<raw>script|style|pre|code)\b[^>]*+>.*?(?:</(?P=raw)\s*>|\Z))", ("<",), 0),
    (r"</?[A-Za-z][\w:-]*+(?:\s++[^\s\"'<>/=]++(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s\"'=<>`]++))?)*+\s*+/?>",
     ("<",), 0),
    (r"(?<!`)(?P<tick>`++)(?!`)(?:(?!(?P=tick))(?:[^\n]|\n(?![ \t]*\n))){1,4000}?(?<!`)(?P=tick)(?!`)", ("`",), 0),
    (r"\]\((?:[^()\s]++|\([^()\s]*+\))*+(?:\s++\"[^\"]*+\")?\s*+\)", ("](",), 0),
    (r"<[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*+>", ("<",), 0),
    (r"\b(?:https?://|ftp://|www\.)[^\s<>()\[\]]*+(?:\([^\s<>()]*+\)[^\s<>()\[\]]*+)*+", ("://", "www."), 5),
    (r"\b[\w.+-]++@[\w-]++(?:\.[\w-]++)++", ("@",), None),
    (r"(?s:\{\{.{0,2000}?\}\}|\{%.{0,2000}?%\})", ("{{", "{%"), 0),
)
# The same constructs as one alternation (whichever starts first wins, so code hides the URLs in it).
INLINE_RE = re.compile("|".join(p for p, _, _ in _INLINE))
_INLINE_RES = tuple((re.compile(p), lits, back) for p, lits, back in _INLINE)
_NOT_NEWLINE = re.compile(r"[^\n]")
# A line (as str.splitlines cuts them) that starts indented.
_INDENTED_RE = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029][ \t]")
_NEWLINE_INDENT_RE = re.compile("\n[ \t]")
_RARE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # line ends other than \n
# A rare character of each longer literal: finding one character is a memchr, many times faster than
# finding a string, and its absence answers for the literal.
_KEY_CHAR = {"<!--": "<", "](": "]", "://": "/", "{{": "{", "{%": "{"}
# What every inline construct holds one of: each literal, or its rare character.
_INLINE_KEYS = tuple(sorted({_KEY_CHAR.get(lit, lit) for _, lits, _ in _INLINE for lit in lits}))


def blank(text: str) -> str:
    """Spaces for every character but newlines."""
    return " " * len(text) if "\n" not in text else _NOT_NEWLINE.sub(" ", text)


def _blank_spans(text: str, spans) -> str:
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], blank(text[start:end])]
        last = end
    out.append(text[last:])
    return "".join(out)


def _blank_matches(text: str, rx: re.Pattern) -> str:
    return _blank_spans(text, (m.span() for m in rx.finditer(text)))


def mask_markdown(body: str) -> str:
    """`body` with every non-prose character replaced by a space (same length)."""
    masked = _mask_blocks(body)
    masked = _blank_spans(masked, inline_spans(masked))
    return _blank_matches(masked, REFDEF_RE) if "]" in masked and "]:" in masked else masked


def inline_spans(text: str) -> list[tuple[int, int]]:
    """What INLINE_RE.finditer would find, but each construct searched on its own from where its
    literal first appears: plain prose costs a few `str.find` calls instead of a regex scan."""
    if not any(map(text.__contains__, _INLINE_KEYS)):
        return []  # plain prose (most stories): none of the literals, so no construct
    scan = _Scan(text)
    nxt = [scan.search(alt, 0) for alt in _INLINE_RES]
    spans = []
    while True:
        found = [(m.start(), i) for i, m in enumerate(nxt) if m is not None]
        if not found:
            return spans
        m = nxt[min(found)[1]]
        spans.append(m.span())
        for i, other in enumerate(nxt):  # matches overlapping the winner are searched again past it
            if other is not None and other.start() < m.end():
                nxt[i] = scan.search(_INLINE_RES[i], m.end())


class _Scan:
    """Searches of one text from ever later positions; each literal's next place is remembered, so
    no stretch of the text is looked through twice for it (linear, however many matches)."""

    def __init__(self, text: str):
        self.text = text
        self._at: dict[str, int] = {}   # literal -> its first place at or after the last search; -1: none

    def find(self, literal: str, pos: int) -> int:
        at = self._at.get(literal)
        if at is None or 0 <= at < pos:  # never looked for, or last seen behind `pos`
            key = _KEY_CHAR.get(literal)
            at = -1 if key and self.text.find(key, pos) < 0 else self.text.find(literal, pos)
            self._at[literal] = at
        return at

    def search(self, alt, pos: int):
        rx, literals, back = alt
        hits = [i for i in (self.find(lit, pos) for lit in literals) if i >= 0]
        if not hits:
            return None  # every match holds one of the literals
        at = min(hits)
        if back is None:  # an e-mail address holds no space or newline before its "@"
            at = max(self.text.rfind(" ", pos, at), self.text.rfind("\n", pos, at)) + 1
        return rx.search(self.text, max(pos, at - (back or 0)))


def _mask_blocks(body: str) -> str:
    """Fenced and indented code blocks, line by line."""
    if not ("`" in body and "```" in body) and not ("~" in body and "~~~" in body) \
            and not body.startswith((" ", "\t")) and not _indented_line(body):
        return body  # no fence and no indented line: nothing to blank
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


def _indented_line(body: str) -> bool:
    """_INDENTED_RE.search, by a cheaper regex when newlines are the only line ends (nearly always)."""
    if _NEWLINE_INDENT_RE.search(body):
        return True
    return any(map(body.__contains__, _RARE_BREAKS)) and _INDENTED_RE.search(body) is not None


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
