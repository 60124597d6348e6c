"""Authors from data/authors.yml: id -> name, role, bio."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .problems import Problem
from .source import _Loader, decode, yaml_error_line

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_RE = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.I)


@dataclass(frozen=True)
class Author:
    id: str
    name: str
    role: str = ""
    bio: str = ""
    url: str = ""


def load_authors(path: str) -> tuple[dict[str, Author], list[Problem]]:
    import yaml
    problems: list[Problem] = []
    try:
        raw = open(path, "rb").read()
    except OSError as err:
        return {}, [Problem(path, 1, "file", f"cannot be read: {err.strerror}")]
    text, bad = decode(path, raw)  # same rules as articles: BOM/CRLF tolerated, bad UTF-8 and NUL reported
    if text is None:
        return {}, bad
    loader = None
    try:  # one author per entry, so no cap on the number of values; aliases and deep nesting are refused
        loader = _Loader(text, lambda l0, f, m: problems.append(Problem(path, l0 + 1, f or "authors", m)),
                         max_nodes=None)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node else {}
    except yaml.YAMLError as err:
        what = getattr(err, "problem", None) or str(err).splitlines()[0]
        return {}, [Problem(path, yaml_error_line(err, text) + 1, "authors", f"invalid YAML: {what}")]
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        return {}, problems + [Problem(path, 1, "authors", "must be a mapping of author id to details")]
    lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value} if node else {}
    authors = {}
    for aid, info in data.items():
        line = lines.get(str(aid), 1)
        if not isinstance(aid, str) or not ID_RE.match(aid):
            problems.append(Problem(path, line, str(aid), "author id must be lowercase letters, digits and hyphens"))
            continue
        if not isinstance(info, dict) or not isinstance(info.get("name"), str) or not info["name"].strip():
            problems.append(Problem(path, line, aid, "needs at least a 'name'"))
            continue
        extra = set(info) - {"name", "role", "bio", "url"}
        if extra:
            problems.append(Problem(path, line, aid, f"unknown keys: {', '.join(sorted(map(str, extra)))}"))
        url = str(info.get("url") or "")
        if url and not URL_RE.match(url):  # printed as a link and in JSON-LD: never javascript: or data:
            problems.append(Problem(path, line, f"{aid}.url", "must be an absolute http(s) URL"))
            url = ""
        authors[aid] = Author(aid, info["name"].strip(), str(info.get("role") or ""), str(info.get("bio") or ""),
                              url)
    return authors, problems
