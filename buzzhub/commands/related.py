"""`buzzhub related`: each article's related stories, ranked as the site's "Related stories" box does."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("related", help="list the related stories of each article")
    p.add_argument("--registry", metavar="FILE", help="registry file or directory (default: data/entities)")
    p.add_argument("--top", type=int, metavar="K", help="links per article (default 5)")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("paths", nargs="+", metavar="DIR_OR_FILES", help="articles, or directories of them")
    p.set_defaults(func=run)


def run(args) -> int:
    import sys

    from ..cli import report
    from ..clock import now
    from ..related import Ranker

    if args.top is not None and args.top < 1:
        print("buzzhub related: --top must be 1 or more", file=sys.stderr)
        return 2
    tagger, reg_problems = load_tagger(args.registry)
    if reg_problems:
        report(reg_problems)
        return 2
    docs, problems = documents(args.paths, tagger)
    ranked = Ranker({"top": args.top} if args.top else None).rank(docs, now())
    _print(ranked, {d.slug: d.title for d in docs}, args.format, sys.stdout)
    return report(problems)


def load_tagger(registry_path: str | None):
    """(tagger, registry problems); the registry is read once per run."""
    from ..entities.matcher import Tagger
    from ..entities.registry import DEFAULT_PATH, load_registry

    registry, problems = load_registry(registry_path or DEFAULT_PATH)
    return Tagger(registry), problems


def documents(paths: list[str], tagger) -> tuple[list, list]:
    """Articles as ranker Documents (tagged, front-matter overrides applied) and content problems."""
    from ..loose import load_loose

    loose, problems = load_loose(paths, need_date=True)
    loose, dupes = _unique(loose)
    problems += dupes
    known = {d.slug for d in loose}
    docs = []
    for ld in loose:
        problems += _link_problems(ld, known) + _entity_problems(ld, tagger.registry)
        docs.append(to_document(ld, tagger))
    return docs, problems


def to_document(ld, tagger):
    from ..entities.matcher import apply_overrides
    from ..related import Document

    tagged = tagger.tag(ld.text, ld.body_offset, ld.title, ld.title_offset)
    tagged = apply_overrides(tagged, ld.entities, ld.entities_exclude, tagger.registry)
    return Document(ld.slug, ld.title, ld.body, ld.date, ld.categories, ld.tags,
                    {t.id: t.salience for t in tagged}, {t.id: t.name for t in tagged},
                    ld.draft, ld.related, ld.related_exclude)


def _unique(loose: list) -> tuple[list, list]:
    """First article per slug wins; later ones are reported, since a link could not tell them apart."""
    from ..problems import Problem

    seen, out, problems = {}, [], []
    for ld in loose:
        if ld.slug in seen:
            problems.append(Problem(ld.path, _line(ld, "slug"), "slug",
                                    f"'{ld.slug}' is also the slug of {seen[ld.slug]}; this article is left out"))
            continue
        seen[ld.slug] = ld.path
        out.append(ld)
    return out, problems


def _link_problems(ld, known: set) -> list:
    from ..problems import Problem

    out = []
    for fld in ("related", "related_exclude"):
        for slug in getattr(ld, fld):
            if slug == ld.slug:
                out.append(Problem(ld.path, _line(ld, fld), fld, f"'{slug}' is this article itself"))
            elif slug not in known:
                out.append(Problem(ld.path, _line(ld, fld), fld, f"no article has the slug '{slug}'"))
    return out


def _entity_problems(ld, registry) -> list:
    from ..entities.refs import unknown_refs

    return unknown_refs(ld.path, ld, registry, lambda fld: _line(ld, fld))


def _line(ld, key: str) -> int:
    from ..source import read_source

    return read_source(ld.path).line_of(key)  # re-read only when reporting: problems are rare


def _print(ranked: dict, titles: dict, fmt: str, out) -> None:
    import json

    if fmt == "json":
        data = {slug: [{"slug": link.slug, "score": link.score, "reasons": list(link.reasons),
                        "follow_up": link.follow_up} for link in links] for slug, links in ranked.items()}
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    for slug, links in ranked.items():
        print(f"{slug}: {titles.get(slug, '')}", file=out)
        for n, link in enumerate(links, 1):
            mark = "  (follow-up)" if link.follow_up else ""
            print(f"  {n}. {link.slug}  {link.score:.4f}  {' · '.join(link.reasons)}{mark}", file=out)
        if not links:
            print("  (none)", file=out)
