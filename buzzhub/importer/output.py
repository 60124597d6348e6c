"""Render an article in the hub's format, validate it with the hub's own rules, and write it."""
from __future__ import annotations

import os
import shutil

import yaml

from ..article import FIELDS, build_article
from ..problems import Problem
from ..source import parse
from .model import Item, Job


def render(item: Item) -> str:
    meta = {k: item.meta[k] for k in FIELDS if k in item.meta}
    if meta.get("slug") is None:
        meta["slug"] = item.slug
        meta = {k: meta[k] for k in FIELDS if k in meta}
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{head}---\n\n{item.body.strip(chr(10))}\n"


def context(job: Job) -> dict:
    authors = dict.fromkeys(list(job.authors) + list(job.new_authors))
    return {"authors": authors, "categories": job.settings["categories"],
            "description_max": job.settings["description_max"]}


def validate(job: Job, item: Item, text: str) -> list[str]:
    """The hub's validation of the file we would write; problems point at the source's lines."""
    src = parse(item.target, text)
    _, problems = build_article(src, item.docs_rel, context(job))
    return [_located(job, item, p) for p in problems]


def _located(job: Job, item: Item, p: Problem) -> str:
    key = item.origin.get(p.field)
    line = item.doc.line_of(str(key)) if key else item.doc.fm_line
    return f"{job.shown(item)}:{line}: {p.field}: {p.message}"


def decide(job: Job, item: Item) -> None:
    """imported / changed, or unchanged when the target already holds exactly this import."""
    item.text = render(item)
    problems = validate(job, item, item.text)
    if problems:
        item.status = "rejected"
        item.reasons += problems
        return
    old = _read(os.path.join(job.root, item.target))
    same = old == item.text.encode("utf-8")
    if old is not None and not same:
        if not job.options.overwrite:
            item.skip(f"{item.target} already exists with other content (edited since an earlier import?); "
                      f"pass --overwrite to replace it")
            return
        item.note(f"file: replaced the existing {item.target} (--overwrite)")
    copies_same = all(_read(os.path.join(job.docs_dir, d)) == _read(s) for s, d in item.copies.items())
    if same and copies_same:
        item.status = "unchanged"
    else:
        item.status = "changed" if item.changes else "imported"


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def write(job: Job, item: Item) -> None:
    if item.status not in ("imported", "changed"):
        return
    path = os.path.join(job.root, item.target)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(item.text)
    for src, dest in item.copies.items():
        out = os.path.join(job.docs_dir, dest)
        if _read(out) != _read(src):
            os.makedirs(os.path.dirname(out), exist_ok=True)
            shutil.copyfile(src, out)
