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
    hub = load_hub(root, docs_dir, settings, parallel=True)   # one-off: no preview reuses its caches
    problems += hub.problems
    problems += _entity_problems(hub, os.path.join(root, settings["entities_dir"]))
    code = report(problems)
    if not code:
        print(f"ok: {len(hub.articles)} articles, {len(hub.authors)} authors")
    return code


def _entity_problems(hub, entities_dir):
    """Registry problems, and front-matter entity ids the registry does not know."""
    import os

    from ..entities.refs import unknown_refs
    from ..entities.registry import load_registry
    registry, problems = load_registry(entities_dir)
    for a in hub.articles:
        problems += unknown_refs(os.path.join(hub.docs_dir, a.path), a, registry, a.line_of)
    return problems
