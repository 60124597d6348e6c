"""`buzzhub new "Title" --author ID --category NAME`: start an article with valid front matter."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("new", help="write a new article and print its path")
    p.add_argument("title")
    p.add_argument("--author", action="append", required=True, help="author id (repeatable)")
    p.add_argument("--category", action="append", required=True, help="category (repeatable, 1-3)")
    p.add_argument("--description", default="")
    p.add_argument("--config", default="mkdocs.yml")
    p.set_defaults(func=run)


def run(args) -> int:
    import datetime as dt
    import os

    import yaml

    from ..article import FIELDS, slugify
    from ..authors import load_authors
    from ..cli import report
    from ..hub import ARTICLES_DIR, load_hub
    from ..problems import Problem
    from ..project import load_project

    root, docs_dir, settings, problems = load_project(args.config)
    if problems or not root:
        return report(problems)
    authors, problems = load_authors(os.path.join(root, settings["authors_file"]))
    ctx = {"authors": authors, "categories": settings["categories"], "description_max": 10**6}
    for fld, value in (("authors", args.author), ("categories", args.category)):
        _, msg = FIELDS[fld][1](value, ctx)
        if msg:
            problems.append(Problem("command line", 0, fld, msg))
    base = slugify(args.title)[:80].strip("-")
    if not base:
        problems.append(Problem("command line", 0, "title", "gives no usable slug; use letters or digits"))
    if problems:
        return report(problems)
    taken = {a.slug for a in load_hub(root, docs_dir, settings).articles}
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    folder = os.path.join(docs_dir, ARTICLES_DIR, str(now.year))
    path = os.path.join(folder, f"{slug}.md")
    while os.path.exists(path):  # a file whose front matter sets another slug may hold the name
        slug, n = f"{base}-{n}", n + 1
        path = os.path.join(folder, f"{slug}.md")
    meta = {"title": args.title, "date": now.isoformat(), "authors": args.author,
            "categories": args.category, "description": args.description or "TODO: one-sentence standfirst.",
            "draft": True}
    os.makedirs(folder, exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:
        fh.write("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\nWrite the story here.\n")
    print(os.path.relpath(path))
    return 0
