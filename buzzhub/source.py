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


class _Loader(yaml.SafeLoader):
    """SafeLoader that reports duplicate keys and YAML 1.1 yes/no/on/off booleans."""

    def __init__(self, stream, report, first_line=1):
        super().__init__(stream)
        self.report = report  # callable(line0, field, message)
        self.first_line = first_line

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


def parse(path: str, text: str) -> Source:
    """Split front matter from body; YAML problems are collected with file lines."""
    problems: list[Problem] = []
    stripped = text.lstrip("\n")
    lead = text[: len(text) - len(stripped)].count("\n")
    if not stripped.startswith("---\n"):
        late = _late_front_matter(text)
        if late:
            problems.append(Problem(path, 1, "front matter", f"must start with a line '---' at the top of the "
                                                             f"file (found one on line {late})"))
        return Source(path, text, {}, text, 0, problems=problems)
    start = len(text) - len(stripped) + 4
    end = text.find("\n---", start - 1)
    while end != -1 and text[end + 4: end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 1)
    if end == -1:
        problems.append(Problem(path, lead + 1, "front matter", "opening '---' has no closing '---' line"))
        return Source(path, text, {}, "", len(text), fm_line=lead + 1, problems=problems)
    fm_text = text[start: end + 1]
    body_offset = min(end + 5, len(text))
    first_line = lead + 2  # file line of the first front-matter line

    def report(line0, fld, msg):
        problems.append(Problem(path, first_line + line0, fld, msg))

    meta, key_lines = {}, {}
    loader = _Loader(fm_text, report, first_line)
    try:
        node = loader.get_single_node()
        if node is not None:
            data = loader.construct_document(node)
            if isinstance(data, dict):
                meta = data
                for key_node, _ in node.value:
                    key_lines.setdefault(str(key_node.value), first_line + key_node.start_mark.line)
            elif data is not None:
                report(0, "front matter", "must be a mapping of 'key: value' lines")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line0 = mark.line if mark else 0
        what = getattr(err, "problem", None) or str(err).splitlines()[0]
        report(line0, "front matter", f"invalid YAML: {what}")
    finally:
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
