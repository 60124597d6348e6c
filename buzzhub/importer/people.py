"""Author ids or display names onto data/authors.yml ids; missing authors are created (appended)."""
from __future__ import annotations

import os

import yaml

from ..article import slugify
from ..authors import load_authors
from .model import Item, Job, UsageError

AUTHOR_KEYS = ("authors", "author")


def load_people(job: Job) -> None:
    path = os.path.join(job.root, job.settings["authors_file"])
    if not os.path.exists(path):
        return
    authors, problems = load_authors(path)
    if problems and not authors:
        raise UsageError("; ".join(str(p) for p in problems[:3]))
    job.authors = {aid: a.name for aid, a in authors.items()}
    job.names = {_fold(a.name): aid for aid, a in authors.items()}


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _values(item: Item) -> list:
    out = []
    for key in AUTHOR_KEYS:
        if key not in item.doc.meta:
            continue
        item.used.add(key)
        value = item.doc.meta[key]
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, dict):  # Jekyll: author: {name: ..., url: ...}
                v = v.get("name") or v.get("id")
            if isinstance(v, (str, int)) and str(v).strip():
                out.append(str(v).strip())
    return out


def map_authors(job: Job, item: Item) -> None:
    ids = []
    for value in _values(item):
        aid = resolve(job, item, value)
        if aid and aid not in ids:
            ids.append(aid)
    if not ids:
        ids = [resolve(job, item, job.options.default_author, quiet=True)]
        item.note(f"authors: none given; used the default author '{ids[0]}'")
    item.meta["authors"] = ids


def resolve(job: Job, item: Item, value: str, quiet: bool = False) -> str:
    """An existing id, an existing display name, or a new id made from the name."""
    if value in job.authors or value in job.new_authors:
        return value
    if _fold(value) in job.names:
        aid = job.names[_fold(value)]
        if not quiet:  # same words whether the entry existed or this import made it: reruns report alike
            item.note(f"authors: '{value}' written as the id '{aid}'")
        return aid
    aid = slugify(value)
    if not aid:
        item.note(f"authors: '{value}' gives no usable id; ignored")
        return ""
    if aid != value and not quiet:
        item.note(f"authors: '{value}' written as the id '{aid}'")
    if aid not in job.authors and aid not in job.new_authors:
        looks_like_id = aid == value
        job.new_authors[aid] = " ".join(p.capitalize() for p in value.split("-")) if looks_like_id else value
        job.names[_fold(job.new_authors[aid])] = aid
    return aid


def append_authors(job: Job) -> str:
    """Append new entries to the authors file, keeping every existing byte; returns its path."""
    path = os.path.join(job.root, job.settings["authors_file"])
    if not job.new_authors:
        return path
    entries = {aid: {"name": name} for aid, name in sorted(job.new_authors.items())}
    text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000)
    old = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    sep = "" if not old or old.endswith("\n") else "\n"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(sep + text)
    return path
