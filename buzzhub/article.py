"""The article model and its front-matter validation (shared by the build and `buzzhub check`)."""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from .problems import Problem
from .source import Source, as_datetime

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
REDIRECT_RE = re.compile(r"^[A-Za-z0-9._~/-]+$")


@dataclass
class Article:
    path: str            # path relative to docs/, posix
    slug: str
    title: str
    date: dt.datetime
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    description: str
    body: str
    text: str            # whole decoded file
    body_offset: int
    tags: tuple[str, ...] = ()
    image: str = ""
    image_alt: str = ""
    draft: bool = False
    updated: dt.datetime | None = None
    canonical_url: str = ""
    source: str = ""
    top: bool = False
    entities: tuple[str, ...] = ()
    entities_exclude: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    related_exclude: tuple[str, ...] = ()
    redirect_from: tuple[str, ...] = ()
    key_lines: dict = field(default_factory=dict, repr=False)
    # Counted here, where stories are parsed (in parallel halves in a build, once per content in a
    # preview), not while the page renders: ~0.8 s of a 10,000-story build's main thread.
    words: int = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        self.words = len(self.body.split())

    @property
    def url(self) -> str:
        return f"articles/{self.slug}/"

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    def is_published(self, now: dt.datetime) -> bool:
        return not self.draft and self.date <= now


def slugify(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


# ---- field checks: each returns (value, message|None)

def _text(v, ctx):
    if not isinstance(v, str) or not v.strip():
        return None, "must be non-empty text"
    return " ".join(v.split()), None


def _date(v, ctx):
    if isinstance(v, str):
        try:  # a quoted "2024-11-04" is the same day as an unquoted one, not a naive midnight datetime
            s = v.strip()
            v = dt.date.fromisoformat(s) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) else dt.datetime.fromisoformat(s)
        except ValueError:
            return None, f"'{v}' is not a date (write 2024-11-04 or 2024-11-04T09:30:00+00:00)"
    if isinstance(v, dt.datetime) and v.tzinfo is None:
        return None, "a datetime needs a timezone offset, e.g. 2024-11-04T09:30:00+00:00"
    d = as_datetime(v)
    if d is None:
        return None, f"must be a date or a datetime with timezone, got {type(v).__name__}"
    return d, None


def _str_list(v, ctx, *, pattern=None, what="text"):
    if isinstance(v, str):
        return None, f"must be a list, e.g. [{v}]"
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        return None, f"must be a list of {what}"
    if pattern is not None:
        bad = [x for x in v if not pattern.match(x)]
        if bad:
            return None, f"'{bad[0]}' is not a valid {what}"
    if len(set(v)) != len(v):
        return None, "lists the same value twice"
    return tuple(v), None


def _authors(v, ctx):
    vals, msg = _str_list(v, ctx, what="author ids")
    if msg:
        return None, msg
    if not vals:
        return None, "needs at least one author"
    unknown = [a for a in vals if a not in ctx["authors"]]
    if unknown:
        hint = difflib.get_close_matches(unknown[0], ctx["authors"], n=1)
        return None, (f"unknown author '{unknown[0]}' (add it to data/authors.yml"
                      + (f", or did you mean '{hint[0]}'?)" if hint else ")"))
    return vals, None


def _categories(v, ctx):
    vals, msg = _str_list(v, ctx, what="category names")
    if msg:
        return None, msg
    if not 1 <= len(vals) <= 3:
        return None, f"give 1 to 3 categories, not {len(vals)}"
    allowed = ctx["categories"]
    for c in vals:
        if c not in allowed:
            hint = difflib.get_close_matches(c, allowed, n=1)
            return None, f"unknown category '{c}'" + (f"; did you mean '{hint[0]}'?" if hint else
                                                        f"; choose from {', '.join(allowed)}")
    return vals, None


def _description(v, ctx):
    text, msg = _text(v, ctx)
    if msg:
        return None, msg
    limit = ctx["description_max"]
    if len(text) > limit:
        return None, f"is {len(text)} characters; keep it to one or two sentences (at most {limit})"
    return text, None


def _bool(v, ctx):
    return (v, None) if isinstance(v, bool) else (None, "must be true or false")


def _url(v, ctx):
    if not isinstance(v, str) or urlsplit(v).scheme not in ("http", "https") or not urlsplit(v).netloc:
        return None, "must be an absolute http(s) URL"
    return v, None


def _image(v, ctx):
    if not isinstance(v, str) or not v.strip():
        return None, "must be a path inside docs/ or an https URL"
    parts = urlsplit(v)
    if parts.scheme:
        return (v, None) if parts.scheme == "https" else (None, "an image URL must use https")
    p = PurePosixPath(v)
    if p.is_absolute() or ".." in p.parts or "\\" in v:
        return None, "must be a relative path that stays inside docs/"
    return v, None


def _slug(v, ctx):
    if not isinstance(v, str) or not SLUG_RE.match(v):
        return None, "must be lowercase letters, digits and single hyphens, e.g. meta-opens-llama"
    return v, None


def _redirects(v, ctx):
    vals, msg = _str_list(v, ctx, pattern=REDIRECT_RE, what="old site path")
    if msg:
        return None, msg
    bad = [x for x in vals if {".", ".."} & set(x.split("/")) or x.startswith("/") or not x.strip("/")]
    if bad:
        return None, f"'{bad[0]}' must be a relative path like 2023/old-name/ (no leading /, . or ..)"
    return vals, None


FIELDS = {
    "title": (True, _text),
    "date": (True, _date),
    "authors": (True, _authors),
    "categories": (True, _categories),
    "description": (True, _description),
    "tags": (False, lambda v, c: _str_list(v, c, what="tags")),
    "image": (False, _image),
    "image_alt": (False, _text),
    "slug": (False, _slug),
    "draft": (False, _bool),
    "top": (False, _bool),
    "updated": (False, _date),
    "canonical_url": (False, _url),
    "source": (False, _text),
    "entities": (False, lambda v, c: _str_list(v, c, pattern=ID_RE, what="entity id")),
    "entities_exclude": (False, lambda v, c: _str_list(v, c, pattern=ID_RE, what="entity id")),
    "related": (False, lambda v, c: _str_list(v, c, pattern=SLUG_RE, what="article slug")),
    "related_exclude": (False, lambda v, c: _str_list(v, c, pattern=SLUG_RE, what="article slug")),
    "redirect_from": (False, _redirects),
}


def build_article(src: Source, rel_path: str, ctx: dict) -> tuple[Article | None, list[Problem]]:
    """Validate front matter; ctx has authors, categories, description_max."""
    problems = list(src.problems)
    if src.problems and not src.meta:
        return None, problems
    meta, values = src.meta, {}
    if not meta:
        return None, problems + [Problem(src.path, 1, "front matter",
                                         "missing: an article starts with '---', its fields, then '---'")]
    for key in meta:
        if key not in FIELDS:
            hint = difflib.get_close_matches(str(key), FIELDS, n=1)
            name = str(key) if str(key).strip() else repr(key)   # `"": x` must still name something
            problems.append(Problem(src.path, src.line_of(str(key)), name, "unknown field"
                                    + (f"; did you mean '{hint[0]}'?" if hint else "")))
    for key, (required, check) in FIELDS.items():
        if key not in meta:
            if required:
                problems.append(Problem(src.path, src.fm_line, key, "required field is missing"))
            continue
        value, msg = check(meta[key], ctx)
        if msg:
            problems.append(Problem(src.path, src.line_of(key), key, msg))
        else:
            values[key] = value
    if "image" in values and "image_alt" not in values:
        problems.append(Problem(src.path, src.line_of("image"), "image_alt",
                                "an image needs alt text describing it for readers who cannot see it"))
    if "updated" in values and "date" in values and values["updated"] < values["date"]:
        problems.append(Problem(src.path, src.line_of("updated"), "updated", "is earlier than date"))
    stem = PurePosixPath(rel_path).stem
    slug = values.get("slug") or slugify(stem)
    if not slug:
        problems.append(Problem(src.path, src.fm_line, "slug", f"file name '{stem}' gives no usable slug; set slug:"))
    if problems:
        return None, problems
    values.setdefault("slug", slug)
    return Article(path=rel_path, body=src.body, text=src.text, body_offset=src.body_offset,
                   key_lines=dict(src.key_lines), **values), problems
