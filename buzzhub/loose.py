"""Lenient reading for `buzzhub tag` / `buzzhub related`: any front-matter Markdown with a title.

Site rules (known authors, categories) are not applied; broken files are still reported.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .article import slugify
from .problems import Problem
from .source import as_datetime, read_source


@dataclass
class LooseDoc:
    path: str
    slug: str
    title: str
    date: dt.datetime | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    text: str            # whole decoded file (offsets refer to it)
    body: str
    body_offset: int
    title_offset: int | None   # where the title's text sits in the front matter, if verbatim
    entities: tuple[str, ...] = ()
    entities_exclude: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    related_exclude: tuple[str, ...] = ()
    draft: bool = False


_LOOSE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")


def parse_loose_date(text: str) -> dt.datetime | None:
    """Dates as other generators write them: '2013-05-01 8:32:24 -0400', '2020-03-05T12:00Z'."""
    m = _LOOSE_DATE.match(text.strip())
    if not m:
        return None
    day, hh, mm, ss, tz = m.groups()
    stamp = f"{day}T{int(hh or 0):02d}:{mm or '00'}:{ss or '00'}"
    if tz:
        stamp += "+00:00" if tz == "Z" else f"{tz[:3]}:{tz[-2:]}"
    try:
        return dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None


def _strs(v) -> tuple[str, ...]:
    if isinstance(v, str):
        return (v,)
    return tuple(str(x) for x in v) if isinstance(v, list) else ()


def expand_paths(paths: list[str]) -> list[str]:
    out = []
    for p in paths:
        if os.path.isdir(p):
            out += sorted(str(x) for x in Path(p).rglob("*.md"))
        else:
            out.append(p)
    return out


def load_loose(paths: list[str], need_date: bool = False) -> tuple[list[LooseDoc], list[Problem]]:
    docs, problems = [], []
    for path in expand_paths(paths):
        src = read_source(path)
        problems += src.problems
        if src.problems and not src.meta:
            continue
        title = src.meta.get("title")
        if not isinstance(title, str) or not title.strip():
            problems.append(Problem(path, src.line_of("title"), "title", "required field is missing or not text"))
            continue
        date = src.meta.get("date")
        if isinstance(date, str):
            date = parse_loose_date(date)
        if isinstance(date, dt.datetime) and date.tzinfo is None:
            date = date.replace(tzinfo=dt.timezone.utc)
        date = as_datetime(date) if date is not None else None
        if need_date and date is None:
            problems.append(Problem(path, src.line_of("date"), "date", "required: a date or datetime"))
            continue
        toff = src.text.find(title, 0, src.body_offset)
        slug = src.meta.get("slug") if isinstance(src.meta.get("slug"), str) else slugify(Path(path).stem)
        m = src.meta
        docs.append(LooseDoc(path, slug, " ".join(title.split()), date, _strs(m.get("categories")),
                             _strs(m.get("tags")), src.text, src.body, src.body_offset,
                             toff if toff >= 0 else None, _strs(m.get("entities")),
                             _strs(m.get("entities_exclude")), _strs(m.get("related")),
                             _strs(m.get("related_exclude")), m.get("draft") is True))
    return docs, problems
