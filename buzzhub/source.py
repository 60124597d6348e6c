"""Read a front-matter Markdown file exactly as an editor wrote it.

python-frontmatter silently drops metadata when a file starts with a BOM, so we
decode and split ourselves: BOM, CRLF and CR-only endings are handled as if absent.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem

MAX_BYTES = 5 * 1024 * 1024  # an article larger than this is a mistake, not a story
# Front matter is a handful of short fields; these caps keep a hostile or broken file from making the
# pure-Python YAML parser spend minutes (a huge block), recurse past Python's stack (deep nesting) or
# hand back an alias graph that explodes when walked (billion laughs). Authors and real corpora stay far below.
MAX_FRONT_MATTER = 64 * 1024   # characters
MAX_NODES = 2000               # scalars, lists and mappings in one front-matter block
MAX_DEPTH = 16                 # nesting of lists/mappings
_OPEN = re.compile(r"---[ \t]*\n")            # delimiter lines may carry trailing blanks, as in MkDocs
_CLOSE = re.compile(r"^---[ \t]*$", re.M)


@dataclass
class Source:
    path: str
    text: str            # decoded, BOM removed, newlines normalised to \n
    meta: dict
    body: str
    body_offset: int     # character offset of body in text
    key_lines: dict = field(default_factory=dict)  # front-matter key -> file line
    fm_line: int = 1     # line of the opening ---
    problems: list = field(default_factory=list)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.fm_line)


class Refused(yaml.YAMLError):
    """YAML we will not construct (see MAX_NODES); carries a mark like PyYAML's own errors."""

    def __init__(self, mark, problem):
        super().__init__(problem)
        self.problem_mark, self.problem = mark, problem


def yaml_error_line(err: yaml.YAMLError, text: str) -> int:
    """0-based line of a PyYAML error inside `text` (reader errors carry a position, not a mark)."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        return mark.line
    pos = getattr(err, "position", None)
    return text[:pos].count("\n") if isinstance(pos, int) else 0


class _Loader(yaml.SafeLoader):
    """SafeLoader that reports duplicate keys and YAML 1.1 yes/no/on/off booleans."""

    def __init__(self, stream, report, first_line=1, max_nodes=MAX_NODES):
        super().__init__(stream)
        self.report = report  # callable(line0, field, message)
        self.first_line = first_line
        self.max_nodes = max_nodes
        self._nodes = 0
        self._depth = 0

    def fetch_flow_collection_start(self, TokenClass):
        # The scanner is quadratic in flow nesting (`[[[[…`): stop it before it gets there.
        if self.flow_level >= MAX_DEPTH:
            raise Refused(self.get_mark(), f"nested deeper than {MAX_DEPTH} levels")
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent, index):
        """Refuse aliases and oversized graphs while composing, before anything walks them."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused(event.start_mark, "anchors and aliases (&name, *name) are not allowed here; "
                                            "write the value out")
        self._nodes += 1
        if self.max_nodes and self._nodes > self.max_nodes:
            raise Refused(event.start_mark, f"more than {self.max_nodes} values; front matter holds a few fields")
        if self._depth >= MAX_DEPTH:
            raise Refused(event.start_mark, f"nested deeper than {MAX_DEPTH} levels")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                continue
            if key in seen:
                self.report(key_node.start_mark.line, str(key),
                            f"duplicate key (first given on line {seen[key] + self.first_line}); only one value can win")
            seen.setdefault(key, key_node.start_mark.line)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_bool(self, node):
        value = super().construct_yaml_bool(node)
        if node.value.lower() not in ("true", "false"):
            self.report(node.start_mark.line, "",
                        f"'{node.value}' is read by YAML as {str(value).lower()}; "
                        f"write true/false, or quote it if you meant the text \"{node.value}\"")
        return value


_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool)


if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(_Loader, yaml.cyaml.CParser):
        """libyaml's scanner and parser (C) under _Loader's composer and checks (Python): the pure
        scanner was most of a 10,000-article load. Anything it rejects is parsed again by _Loader, so
        editors read exactly the same messages either way."""

        def __init__(self, stream, report, first_line=1, max_nodes=MAX_NODES):
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self.report, self.first_line, self.max_nodes = report, first_line, max_nodes
            self._nodes = self._depth = 0
            self.anchors = {}

        # events from C; composing (with _Loader's checks) and constructing stay in Python
        check_event = yaml.cyaml.CParser.check_event
        peek_event = yaml.cyaml.CParser.peek_event
        get_event = yaml.cyaml.CParser.get_event
        dispose = yaml.cyaml.CParser.dispose
else:   # a PyYAML built without libyaml: the pure loader does it all
    _FastLoader = None


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_BYTES:
        return None, [Problem(path, 1, "file", f"{len(raw) // 1024 // 1024} MB is too large for an article "
                                               f"(limit {MAX_BYTES // 1024 // 1024} MB)")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(path, line, "file", f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset "
                                                   f"{err.start}); save the file as UTF-8")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(path, line, "file", "contains a NUL byte; is this a binary file?")]
    return text, []


def _compose(fm_text: str, report, first_line: int):
    """(node, loader): libyaml when it accepts the text, else the pure loader (its own messages)."""
    if _FastLoader is not None:
        fast = _FastLoader(fm_text, report, first_line)   # report is only called while constructing
        try:
            return fast.get_single_node(), fast
        except yaml.YAMLError:
            fast.dispose()
    loader = _Loader(fm_text, report, first_line)   # the reader already rejects control characters
    return loader.get_single_node(), loader


def parse(path: str, text: str) -> Source:
    """Split front matter from body; YAML problems are collected with file lines."""
    problems: list[Problem] = []
    stripped = text.lstrip("\n")
    lead = text[: len(text) - len(stripped)].count("\n")
    opening = _OPEN.match(stripped)
    if not opening:
        late = _late_front_matter(text)
        if late:
            problems.append(Problem(path, 1, "front matter", f"must start with a line '---' at the top of the "
                                                             f"file (found one on line {late})"))
        return Source(path, text, {}, text, 0, problems=problems)
    start = len(text) - len(stripped) + opening.end()
    closing = _CLOSE.search(text, start)
    if closing is None:
        problems.append(Problem(path, lead + 1, "front matter", "opening '---' has no closing '---' line"))
        return Source(path, text, {}, "", len(text), fm_line=lead + 1, problems=problems)
    fm_text = text[start: closing.start()]
    body_offset = min(closing.end() + 1, len(text))
    first_line = lead + 2  # file line of the first front-matter line

    def report(line0, fld, msg):
        problems.append(Problem(path, first_line + line0, fld, msg))

    meta, key_lines = {}, {}
    if len(fm_text) > MAX_FRONT_MATTER:
        report(0, "front matter", f"is {len(fm_text) // 1024} KB; the limit is {MAX_FRONT_MATTER // 1024} KB "
                                  f"(is the closing '---' missing?)")
        return Source(path, text, {}, text[body_offset:], body_offset, {}, lead + 1, problems)
    loader = None
    try:
        node, loader = _compose(fm_text, report, first_line)
        if node is not None:
            data = loader.construct_document(node)
            if isinstance(data, dict):
                meta = data
                for key_node, _ in node.value:
                    key_lines.setdefault(str(key_node.value), first_line + key_node.start_mark.line)
            elif data is not None:
                report(0, "front matter", "must be a mapping of 'key: value' lines")
    except yaml.YAMLError as err:
        if isinstance(err, yaml.reader.ReaderError) and isinstance(err.character, int):
            what = f"the control character U+{err.character:04X} cannot appear in YAML; remove it"
        else:
            what = getattr(err, "problem", None) or str(err).splitlines()[0]
        report(yaml_error_line(err, fm_text), "front matter", f"invalid YAML: {what}")
    finally:
        if loader is not None:
            loader.dispose()
    # Problems from the bool constructor lack the key name: fill it in from key lines.
    by_line = {v: k for k, v in key_lines.items()}
    problems = [p if p.field else Problem(p.path, p.line, by_line.get(p.line, "front matter"), p.message)
                for p in problems]
    return Source(path, text, meta, text[body_offset:], body_offset, key_lines, lead + 1, problems)


def _late_front_matter(text: str) -> int:
    """Line of a '---' block of key: value lines that is not at the top (0 if none)."""
    lines = text.split("\n")
    for i, line in enumerate(lines[:50]):
        if line == "---" and i + 1 < len(lines) and re.match(r"^[A-Za-z_][\w-]*:", lines[i + 1]):
            return i + 1
    return 0


def read_source(path: str | Path) -> Source:
    path = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        src = Source(path, "", {}, "", 0)
        src.problems.append(Problem(path, 1, "file", f"cannot be read: {err.strerror}"))
        return src
    text, problems = decode(path, raw)
    if text is None:
        return Source(path, "", {}, "", 0, problems=problems)
    return parse(path, text)


def as_datetime(value, tz: dt.tzinfo = dt.timezone.utc) -> dt.datetime | None:
    """A front-matter date or datetime as an aware datetime; None if it is neither."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    return None
