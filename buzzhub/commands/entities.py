"""`buzzhub entities`: check the registry, or suggest names it is missing."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("entities", help="check the entity registry or suggest additions")
    cmds = p.add_subparsers(dest="entities_command", required=True)
    check = cmds.add_parser("check", help="validate the registry files")
    check.add_argument("--registry", metavar="FILE", help="registry file or directory (default: data/entities)")
    check.set_defaults(func=run_check)
    sug = cmds.add_parser("suggest", help="recurring proper-noun phrases that no registry alias covers")
    sug.add_argument("--registry", metavar="FILE", help="registry file or directory (default: data/entities)")
    sug.add_argument("--min-count", type=int, default=2, metavar="N", help="in at least N articles (default 2)")
    sug.add_argument("--format", choices=["json", "text"], default="text")
    sug.add_argument("paths", nargs="+", metavar="PATH", help="articles, or directories of them")
    sug.set_defaults(func=run_suggest)


def run_check(args) -> int:
    from ..cli import report
    from ..entities.registry import DEFAULT_PATH, load_registry

    registry, problems = load_registry(args.registry or DEFAULT_PATH)
    code = report(problems)
    if not code:
        print(f"ok: {len(registry)} entities")
    return code


def run_suggest(args) -> int:
    import json
    import sys

    from ..cli import report
    from . import registry_or_report
    from ..entities.suggest import suggest
    from ..loose import load_loose

    registry = registry_or_report(args.registry)
    if registry is None:
        return 2
    docs, problems = load_loose(args.paths)
    found = suggest(docs, registry, args.min_count)
    if args.format == "json":
        json.dump({"suggestions": [{"phrase": s.phrase, "count": s.count, "example": s.example}
                                   for s in found]}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for s in found:
            print(f"{s.count:4}  {s.phrase}\n      e.g. {s.example}")
    return report(problems)
