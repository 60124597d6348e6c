"""Files that must not be published because they are not really in the repository."""
from __future__ import annotations

import os

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
