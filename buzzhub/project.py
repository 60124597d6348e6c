"""Locate the project (mkdocs.yml) and read its settings without MkDocs."""
from __future__ import annotations

import os

from .config import load_settings, read_mkdocs_yml
from .problems import Problem


def load_project(config_file: str = "mkdocs.yml") -> tuple[str, str, dict, list[Problem]]:
    """(root, docs_dir, settings, problems)."""
    if not os.path.isfile(config_file):
        return "", "", {}, [Problem(config_file, 1, "config", "not found; run from the hub's root or pass --config")]
    root = os.path.dirname(os.path.abspath(config_file))
    try:
        cfg = read_mkdocs_yml(config_file)
    except Exception as err:  # any YAML error is an editor mistake, reported not raised
        mark = getattr(err, "problem_mark", None)
        return root, "", {}, [Problem(config_file, (mark.line + 1) if mark else 1, "config", f"invalid YAML: {err}")]
    docs_dir = os.path.join(root, cfg.get("docs_dir") or "docs")
    settings, problems = load_settings((cfg.get("extra") or {}).get("buzzhub"), config_file)
    return root, docs_dir, settings, problems
