"""One import, phase by phase: read every file, place every article, convert bodies, then write."""
from __future__ import annotations

import os
import posixpath
import re

from ..project import load_project
from ..problems import Problem
from . import body, fields, media, output, people, plan, terms
from .anchors import anchor_map
from .discover import discover
from .frontmatter import read_doc
from .links import RefIndex
from .model import Item, Job, Options, UsageError

NOT_ARTICLES = re.compile(r"^(readme|license|licence|copying|changelog|contributing|code_of_conduct|security)\b", re.I)
TEMPLATE = re.compile(r"\{\{-?\s*(\.[A-Z]|now\b|replace\b|title\s|dateFormat\b|site\.|page\.)|\{%-?\s*(if|for|assign)\b")


def setup(options: Options) -> Job:
    root, docs_dir, settings, problems = load_project(options.config)
    if problems or not root:
        raise UsageError("; ".join(str(p) for p in problems) or f"{options.config}: cannot be read")
    dest = os.path.abspath(options.dest or os.path.join(docs_dir, "articles"))
    articles = os.path.join(os.path.abspath(docs_dir), "articles")
    if os.path.commonpath([dest, articles]) != articles:
        raise UsageError(f"--dest {options.dest}: must be inside {os.path.relpath(articles)} (the hub reads only there)")
    for name in ("site_url", "asset_base_url"):
        url = getattr(options, name)
        if url and not url.startswith("https://" if name == "asset_base_url" else ("http://", "https://")):
            raise UsageError(f"--{name.replace('_', '-')} {url}: must be an absolute "
                             f"{'https' if name == 'asset_base_url' else 'http(s)'} URL")
    job = Job(options, root, os.path.abspath(docs_dir), dest, settings)
    job.default_category = options.default_category or settings["categories"][0]
    if job.default_category not in settings["categories"]:
        raise UsageError(f"--default-category {job.default_category}: not a category in {options.config} "
                         f"(choose from {', '.join(settings['categories'])})")
    job.category_map = terms.load_category_map(options.category_map, settings["categories"])
    people.load_people(job)
    return job


def run_import(options: Options) -> Job:
    job = setup(options)
    job.items = discover(job)
    articles = [i for i in job.items if i.kind == "article"]
    for item in articles:
        guarded(job, item, read_front)
    ex = plan.scan_hub(job)
    plan.assign_slugs(job, ex)
    plan.assign_redirects(job, ex)
    job.index = RefIndex(job)
    job.index.add_urls([i for i in articles if i.open])
    for item in articles:
        if item.open:
            item.anchors = anchor_map(item.body)
    resources = {}
    for it in job.items:
        if it.kind == "resource" and it.owner is not None:
            resources.setdefault(it.owner.rel, []).append(it)
    for item in articles:
        if item.open:
            guarded(job, item, lambda j, i: finish(j, i, resources.get(i.rel, [])))
    settle_files(job)
    used = {a for i in articles if i.status in ("imported", "changed", "unchanged") for a in i.meta["authors"]}
    job.new_authors = {k: v for k, v in job.new_authors.items() if k in used}  # only authors of written articles
    if not options.dry_run:
        for item in articles:
            output.write(job, item)
        people.append_authors(job)
    return job


def guarded(job: Job, item: Item, step) -> None:
    """One file's surprise must not end the run: it becomes that file's rejection, with the cause."""
    try:
        step(job, item)
    except (RecursionError, ValueError, TypeError, KeyError, IndexError, AttributeError, OSError) as err:
        item.status, item.target = "rejected", ""
        item.reasons.append(f"{job.shown(item)}:1: importer: could not convert this file "
                            f"({type(err).__name__}: {err}); please report it")


def read_front(job: Job, item: Item) -> None:
    try:
        with open(item.path, "rb") as fh:
            raw = fh.read()
    except OSError as err:
        return item.reject(str(Problem(job.shown(item), 1, "file", f"cannot be read: {err.strerror}")))
    doc = read_doc(job.shown(item), raw)
    item.doc, item.body = doc, doc.body
    item.changes += doc.changes
    if doc.problems:
        item.status = "rejected"
        item.reasons += [str(p) for p in doc.problems]
        return
    if not doc.fm_format:
        if job.flavor == "jekyll":
            return item.skip("no front matter: Jekyll treats it as a static file, not a post")
        if NOT_ARTICLES.match(os.path.basename(item.path)):
            return item.skip("no front matter; a repository file (README, LICENSE ...), not an article")
        return item.reject(f"{job.shown(item)}:1: front matter: missing (an article starts with '---', "
                           f"its fields, then '---')")
    if _is_template(doc.meta):
        return item.skip("template: front matter holds Go/Liquid template code")
    fields.map_core(job, item)
    if not item.open:
        return
    fields.map_extras(job, item)
    people.map_authors(job, item)
    terms.map_terms(item, terms.source_terms(item, job.flavor), job.category_map, job.settings["categories"],
                    job.default_category)


def _is_template(meta: dict) -> bool:
    """Archetypes and theme examples: front-matter values that are themselves template code."""
    return any(isinstance(v, str) and TEMPLATE.search(v) for v in meta.values())


def finish(job: Job, item: Item, resources: list[Item]) -> None:
    """Body, image, description; then render, validate and compare with what is on disk."""
    media.keep_bundle(item, resources)
    body.convert_body(job, item)
    media.front_image(job, item)
    body.fill_description(job, item)
    fields.drop_unused(job, item)
    item.meta["slug"] = item.slug
    output.decide(job, item)


def settle_files(job: Job) -> None:
    """Files copied for an article (bundle resources, referenced images) are reported as imported."""
    by_path = {i.path: i for i in job.items if i.kind != "article"}
    for art in (i for i in job.items if i.kind == "article"):
        for src, dest in art.copies.items() if art.status in ("imported", "changed", "unchanged") else ():
            res = by_path.get(src)
            if res is None or res.status in ("imported", "changed", "unchanged"):
                continue
            res.reasons, res.kind = [], "resource"
            res.target = os.path.relpath(os.path.join(job.docs_dir, dest), job.root)
            res.status = "unchanged" if art.status == "unchanged" else "imported"
            res.changes = [f"copied with {art.rel} to {posixpath.basename(dest)}"]
    for res in (i for i in job.items if i.kind == "resource" and not i.status):
        owner = res.owner.rel if res.owner else "no article"
        res.skip(f"resource of {owner}, which was not imported")
