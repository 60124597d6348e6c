"""`buzzhub check`: validate all content and configuration without building."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("check", help="validate articles, authors, entities and settings")
    p.add_argument("--config", default="mkdocs.yml")
    p.set_defaults(func=run)


def run(args) -> int:
    import os

    from ..cli import report
    from ..hub import load_hub
    from ..project import load_project

    root, docs_dir, settings, problems = load_project(args.config)
    if problems or not root:
        return report(problems)
    hub = load_hub(root, docs_dir, settings)
    problems += hub.problems
    problems += _entity_problems(hub, os.path.join(root, settings["entities_dir"]))
    code = report(problems)
    if not code:
        print(f"ok: {len(hub.articles)} articles, {len(hub.authors)} authors")
    return code


def _entity_problems(hub, entities_dir):
    """Registry problems, and front-matter entity ids the registry does not know."""
    import os
    try:
        from ..entities.registry import load_registry
    except ImportError:  # tagging not installed in this build of the package
        return []
    from ..problems import Problem
    if not os.path.exists(entities_dir):
        return []
    registry, problems = load_registry(entities_dir)
    known = set(registry.by_id) if hasattr(registry, "by_id") else set()
    for a in hub.articles:
        for fld in ("entities", "entities_exclude"):
            for eid in getattr(a, fld):
                if eid not in known:
                    problems.append(Problem(os.path.join(hub.docs_dir, a.path), a.line_of(fld), fld,
                                            f"no entity has the id '{eid}' in the registry"))
    return problems
