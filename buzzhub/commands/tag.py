"""`buzzhub tag`: list the registry entities each article mentions, with offsets and salience."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("tag", help="tag articles with canonical entities from the registry")
    p.add_argument("--registry", metavar="FILE", help="registry file or directory (default: data/entities)")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("--cache-dir", metavar="DIR", help="keep tagging results as JSON files here")
    p.add_argument("paths", nargs="+", metavar="PATH", help="articles, or directories of them")
    p.set_defaults(func=run)


def run(args) -> int:
    import sys

    from ..cli import report
    from ..entities.cache import TagCache
    from ..entities.matcher import Tagger, apply_overrides
    from . import registry_or_report
    from ..loose import load_loose

    registry = registry_or_report(args.registry)
    if registry is None:
        return 2
    docs, problems = load_loose(args.paths)
    tagger, cache = Tagger(registry), TagCache(registry, args.cache_dir)
    articles = []
    for doc in docs:
        problems += _override_problems(doc, registry)
        tagged = cache.tag(tagger, doc.text, doc.body_offset, doc.title, doc.title_offset)
        tagged = apply_overrides(tagged, doc.entities, doc.entities_exclude, registry)
        articles.append({"path": doc.path, "slug": doc.slug, "title": doc.title,
                         "entities": [t.to_json() for t in tagged]})
    _print(articles, args.format, sys.stdout)
    return report(problems)


def _override_problems(doc, registry) -> list:
    from ..entities.refs import unknown_refs
    from ..source import read_source

    return unknown_refs(doc.path, doc, registry, lambda fld: read_source(doc.path).line_of(fld))


def _print(articles: list, fmt: str, out) -> None:
    import json

    if fmt == "json":
        json.dump({"articles": articles}, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    for a in articles:
        print(f"{a['path']}: {a['title']}", file=out)
        for e in a["entities"]:
            forms = sorted({m["text"] for m in e["mentions"]})
            print(f"  {e['salience']:.2f}  {e['id']:<28} {e['type']:<12} {', '.join(forms)}", file=out)
