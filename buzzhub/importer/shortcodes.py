"""Scan Hugo shortcodes ({{< name params >}}, {{% name %}}, closers, self-closers, {{</* escaped */>}})
and pair each opener with its closer, so converters see a tree."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN = re.compile(r"\{\{([<%])")
NAME = re.compile(r"\s*(/?)\s*([A-Za-z0-9_][\w./-]*)")


@dataclass
class Tag:
    start: int
    end: int
    name: str
    args: list = field(default_factory=list)     # positional parameters
    kwargs: dict = field(default_factory=dict)   # named parameters
    closing: bool = False
    self_closing: bool = False
    escaped: bool = False                        # {{</* x */>}}: Hugo prints it literally
    raw: str = ""

    def param(self, *names: str, pos: int | None = None, default: str = "") -> str:
        for n in names:
            if n in self.kwargs:
                return self.kwargs[n]
        if pos is not None and pos < len(self.args):
            return self.args[pos]
        return default


@dataclass
class Node:
    tag: Tag
    close: Tag | None = None
    children: list = field(default_factory=list)

    @property
    def end(self) -> int:
        return (self.close or self.tag).end


def scan(text: str) -> list[Tag]:
    tags, pos = [], 0
    while True:
        m = OPEN.search(text, pos)
        if not m:
            return tags
        tag = _read_tag(text, m.start(), m.group(1))
        if tag is None:
            pos = m.end()
            continue
        tags.append(tag)
        pos = tag.end


def _read_tag(text: str, start: int, delim: str) -> Tag | None:
    pos, escaped = start + 3, False
    if text.startswith("/*", pos):
        escaped, pos = True, pos + 2
    n = NAME.match(text, pos)
    if not n:
        return None
    tag = Tag(start, 0, n.group(2), closing=bool(n.group(1)), escaped=escaped)
    pos = _read_params(text, n.end(), tag)
    if pos < 0:
        return None
    end_mark = ("*/" if escaped else "") + (">" if delim == "<" else "%") + "}}"
    rest = text[pos:]
    stripped = rest.lstrip()
    if stripped.startswith("/" + end_mark) or stripped.startswith("/ " + end_mark):
        tag.self_closing = True
        stripped = stripped[1:].lstrip()
    if not stripped.startswith(end_mark):
        return None
    tag.end = len(text) - len(stripped) + len(end_mark)
    tag.raw = text[start: tag.end]
    return tag


def _read_params(text: str, pos: int, tag: Tag) -> int:
    """Parse `key=value` and positional params up to the closing delimiter; -1 if malformed."""
    while True:
        while pos < len(text) and text[pos] in " \t\n":
            pos += 1
        if pos >= len(text) or "\x00" == text[pos]:
            return -1
        if text[pos] in "/*>%" and re.match(r"(/\s*)?(\*/)?[>%]\}\}", text[pos:pos + 8]):
            return pos
        key = re.match(r"([A-Za-z_][\w-]*)=", text[pos:pos + 80])
        if key:
            pos += key.end()
        value, pos = _read_value(text, pos)
        if value is None:
            return -1
        if key:
            tag.kwargs[key.group(1)] = value
        else:
            tag.args.append(value)


def _read_value(text: str, pos: int) -> tuple[str | None, int]:
    if pos < len(text) and text[pos] == '"':
        m = re.compile(r'"((?:\\.|[^"\\])*)"', re.S).match(text, pos)
        return (re.sub(r'\\(.)', r"\1", m.group(1)), m.end()) if m else (None, pos)
    if pos < len(text) and text[pos] == "`":
        end = text.find("`", pos + 1)
        return (text[pos + 1:end], end + 1) if end > 0 else (None, pos)
    m = re.compile(r"[^\s\x00\"`]+?(?=\s|/?\s*[>%]\}\}|$)").match(text, pos)
    return (m.group(0), m.end()) if m else (None, pos)


def tree(tags: list[Tag]) -> list[Node]:
    """Pair openers and closers (nesting by name); unmatched openers stand alone."""
    nodes = [Node(t) for t in tags]
    stack: list[int] = []
    closers: dict[int, int] = {}
    for i, t in enumerate(tags):
        if t.escaped:
            continue
        if t.closing:
            for k in range(len(stack) - 1, -1, -1):
                if tags[stack[k]].name == t.name:
                    closers[stack[k]] = i
                    del stack[k:]
                    break
        elif not t.self_closing:
            stack.append(i)
    return _nest(nodes, closers, 0, len(tags))[0]


def _nest(nodes: list[Node], closers: dict, i: int, stop: int) -> tuple[list[Node], int]:
    out = []
    while i < stop:
        node = nodes[i]
        if node.tag.closing and not node.tag.escaped:
            out.append(node)  # a stray closer: reported by the converter
            i += 1
            continue
        if i in closers:
            j = closers[i]
            node.close = nodes[j].tag
            node.children, _ = _nest(nodes, closers, i + 1, j)
            i = j + 1
        else:
            i += 1
        out.append(node)
    return out, i
