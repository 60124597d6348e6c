"""Files that must not be published because they are not really in the repository."""
from __future__ import annotations

import os
import re
from pathlib import Path

from .problems import Problem


def outside_root(path: str, root: str) -> bool:
    """True when `path` (a symlink, or inside a symlinked folder) resolves outside `root`."""
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    try:
        return os.path.commonpath([real, real_root]) != real_root
    except ValueError:   # different drives on Windows
        return True


def refuse_outside(paths: list[str], root: str) -> tuple[set[str], list[Problem]]:
    """A symlink in docs/ pointing at ~/.ssh or /etc would be copied into site/ and published."""
    bad = {p for p in paths if outside_root(p, root)}
    return bad, [Problem(p, 1, "file", "is a symlink to a file outside the repository; refused (copy the file "
                                       "in instead)") for p in sorted(bad)]


def files_under(root: str | os.PathLike, pattern: str = "*", skip_re: str = "") -> list[Path]:
    """Files under root matching pattern, in path order, never entering the top-level folders whose
    name matches skip_re (search bundles the indexer may still be writing)."""
    root = Path(root)
    tops = [p for p in root.iterdir() if not (skip_re and p.is_dir() and re.fullmatch(skip_re, p.name))]
    found = [q for p in tops for q in ([p] if not p.is_dir() else p.rglob(pattern)) if q.match(pattern)]
    return sorted(q for q in found if q.is_file())
