"""Read a source file's front matter in any form Hugo or Jekyll accepts: YAML, TOML (+++) or JSON.

Defects whose intent is clear (BOM, CRLF, blank lines before the opening fence) are repaired and
reported as changes; anything else becomes a located problem.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field

from ..problems import Problem
from ..source import decode, parse

TOML_KEY = re.compile(r'^\s*("[^"]+"|[A-Za-z0-9_-]+)\s*=|^\s*\[\s*([A-Za-z0-9_-]+)')
JSON_KEY = re.compile(r'^\s*"([^"]+)"\s*:')


@dataclass
class RawDoc:
    meta: dict
    body: str
    body_line: int = 1                 # file line the body starts on
    key_lines: dict = field(default_factory=dict)
    fm_line: int = 1
    fm_format: str = ""                # yaml | toml | json | "" (none)
    changes: list = field(default_factory=list)
    problems: list = field(default_factory=list)    # fatal: the file cannot be imported
    warnings: list = field(default_factory=list)    # YAML doubts on keys we may drop

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.fm_line)


def read_doc(path: str, raw: bytes) -> RawDoc:
    text, problems = decode(path, raw)
    if text is None:
        return RawDoc({}, "", problems=problems)
    changes = _encoding_changes(raw)
    text, lead = _strip_lead(text)
    if lead:
        changes.append(f"front matter: removed {lead} blank line(s) before the opening fence")
    first = text[lead:lead + 4] if lead else text[:4]
    if first.startswith("+++"):
        doc = _split_other(path, text, "+++", _toml)
    elif first.startswith("{"):
        doc = _json(path, text)
    elif first.startswith("---"):
        doc = _yaml(path, text)
    elif _missing_opener(text):
        doc = _shift(_yaml(path, "---\n" + text), -1)
        doc.changes.append("front matter: added the missing opening '---' line")
    else:
        doc = RawDoc({}, text, 1)
    doc.changes = changes + doc.changes
    return doc


def _encoding_changes(raw: bytes) -> list[str]:
    out = []
    if raw.startswith(b"\xef\xbb\xbf"):
        out.append("file: removed the byte-order mark (BOM)")
    if b"\r\n" in raw:
        out.append("file: converted CRLF line endings to LF")
    elif b"\r" in raw:
        out.append("file: converted CR line endings to LF")
    return out


def _strip_lead(text: str) -> tuple[str, int]:
    """Blanks-only lines before a fence become empty lines (the line count is kept for locations)."""
    lines = text.split("\n")
    n = 0
    while n < len(lines) - 1 and not lines[n].strip():
        n += 1
    if n and lines[n].rstrip() in ("---", "+++") or n and lines[n].startswith("{"):
        return "\n" * n + "\n".join(lines[n:]), n
    return text, 0


def _missing_opener(text: str) -> bool:
    """key: value lines from the very first line down to a closing '---': front matter without its opener."""
    lines = text.split("\n")
    if not re.match(r"^[A-Za-z_][\w-]*:(\s|$)", lines[0]):
        return False
    for ln in lines[1:60]:
        if ln.rstrip() == "---":
            return True
        if ln.strip() and not re.match(r"^([A-Za-z_][\w-]*:(\s|$)|\s+\S|#)", ln):
            return False
    return False


def _shift(doc: RawDoc, by: int) -> RawDoc:
    doc.key_lines = {k: v + by for k, v in doc.key_lines.items()}
    doc.fm_line, doc.body_line = max(1, doc.fm_line + by), doc.body_line + by
    doc.problems = [Problem(p.path, max(1, p.line + by), p.field, p.message) for p in doc.problems]
    doc.warnings = [Problem(p.path, max(1, p.line + by), p.field, p.message) for p in doc.warnings]
    return doc


def _yaml(path: str, text: str) -> RawDoc:
    src = parse(path, text)
    doc = RawDoc(src.meta, src.body, 1 + text[: src.body_offset].count("\n"), src.key_lines, src.fm_line, "yaml")
    for p in src.problems:
        if "duplicate key" in p.message:  # Hugo and Jekyll both let the last value win
            p = Problem(p.path, p.line, p.field, p.message.split(";")[0] + "; the last value is used, "
                                                                            "as Hugo and Jekyll do")
        (doc.problems if p.field == "front matter" else doc.warnings).append(p)
    return doc


def _split_other(path: str, text: str, fence: str, loader) -> RawDoc:
    lead = len(text) - len(text.lstrip("\n"))
    start = text.index(fence) + len(fence)
    m = re.compile(rf"^{re.escape(fence)}[ \t]*$", re.M).search(text, start)
    if not m:
        return RawDoc({}, "", problems=[Problem(path, lead + 1, "front matter",
                                                f"opening '{fence}' has no closing '{fence}' line")])
    fm_text, body = text[start:m.start()], text[m.end():].removeprefix("\n")
    doc = RawDoc({}, body, 1 + text[: len(text) - len(body)].count("\n"), fm_line=lead + 1)
    loader(path, fm_text, lead + 1, doc)
    return doc


def _toml(path: str, fm_text: str, fm_line: int, doc: RawDoc) -> None:
    doc.fm_format = "toml"
    try:
        doc.meta = tomllib.loads(fm_text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"line (\d+)", str(err))
        line = fm_line + int(m.group(1)) - 1 if m else fm_line
        doc.problems.append(Problem(path, line, "front matter", f"invalid TOML: {str(err).split(' (at')[0]}"))
        return
    doc.key_lines = _key_lines(fm_text, fm_line, TOML_KEY)
    doc.changes.append("front matter: TOML (+++) converted to YAML")


def _json(path: str, text: str) -> RawDoc:
    lead = len(text) - len(text.lstrip("\n"))
    try:
        meta, end = json.JSONDecoder().raw_decode(text, lead)
    except json.JSONDecodeError as err:
        return RawDoc({}, "", problems=[Problem(path, err.lineno, "front matter", f"invalid JSON: {err.msg}")])
    if not isinstance(meta, dict):
        return RawDoc({}, "", problems=[Problem(path, lead + 1, "front matter", "JSON front matter must be an object")])
    body = text[end:].removeprefix("\n")
    doc = RawDoc(meta, body, 1 + text[: len(text) - len(body)].count("\n"), fm_line=lead + 1, fm_format="json")
    doc.key_lines = _key_lines(text[lead:end], lead + 1, JSON_KEY)
    doc.changes.append("front matter: JSON converted to YAML")
    return doc


def _key_lines(fm_text: str, first_line: int, pattern: re.Pattern) -> dict:
    out = {}
    for n, line in enumerate(fm_text.split("\n")):
        m = pattern.match(line)
        if m:
            key = (m.group(1) or m.group(2) or "").strip('"')
            out.setdefault(key, first_line + n)
    return out
