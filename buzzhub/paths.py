"""Files that must not be published because they are not really in the repository."""
from __future__ import annotations

import fnmatch
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
    """Files under root whose name matches pattern, in path order, never entering the top-level folders
    whose name matches skip_re (search bundles the indexer may still be writing). os.walk, not
    Path.rglob: a 10,000-story site is walked twice after every build (~1.3 s with pathlib)."""
    root = os.fspath(root)
    found = []
    with os.scandir(root) as entries:
        tops = list(entries)
    for top in tops:
        if top.is_dir():
            if skip_re and re.fullmatch(skip_re, top.name):
                continue
            for folder, _, names in os.walk(top.path):
                found += [os.path.join(folder, n) for n in fnmatch.filter(names, pattern)]
        elif fnmatch.fnmatchcase(top.name, pattern):
            found.append(top.path)
    # Path order (part by part: "a/b" before "a-b/x"); files only: a link to a file counts, linked
    # folders are not entered (as with rglob).
    return [Path(f) for f in sorted(found, key=lambda f: f.split(os.sep)) if os.path.isfile(f)]
